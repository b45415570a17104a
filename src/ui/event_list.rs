//! The left panel: the filters (a legend with one toggle per category, key events only, hide
//! planned, lanes by category or source) and the list of the events shown, in date order. The
//! list is also the accessible way to read the timeline without the plot.

use egui::{Align2, Color32, RichText, Sense, Stroke, Ui, pos2, vec2};

use super::Command;
use super::theme;
use crate::model::{EventIndex, Status};
use crate::timeline::{EventFilter, Grouping, LoadedTimeline};

/// What the list shows.
pub struct EventListInput<'a> {
    /// The events to list, in date order (the shown events, or a search's matches among them).
    pub events: &'a [EventIndex],

    /// The selected event.
    pub selected: Option<EventIndex>,

    /// Scroll the selected event into view (the selection moved by a key or on the timeline).
    pub scroll_to_selected: bool,

    /// The search query, when a search is active.
    pub search: Option<&'a str>,

    /// Matches the filters hide.
    pub hidden_matches: usize,
}

/// The filters: one toggle per category (in its colour, so it is also the legend), key events
/// only, hide planned, and the lane grouping.
pub fn filters_ui(ui: &mut Ui, doc: &LoadedTimeline, commands: &mut Vec<Command>) {
    let filter = &doc.filter;
    // Wrapped, never truncated: with large type the choices move to the next line.
    ui.horizontal_wrapped(|ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        ui.label(RichText::new("Lanes by").strong());
        for (grouping, label) in [
            (Grouping::Category, "category"),
            (Grouping::Source, "source"),
        ] {
            if ui
                .selectable_label(doc.grouping == grouping, label)
                .on_hover_text(match grouping {
                    Grouping::Category => "One lane per category",
                    Grouping::Source => {
                        "One lane per source document: which document speaks of what, and when"
                    }
                })
                .clicked()
            {
                commands.push(Command::SetGrouping(grouping));
            }
        }
    });
    ui.add_space(2.0);
    for category in &doc.timeline.categories {
        let mut shown = !filter.hidden_categories.contains(&category.id);
        let color = theme::category_color(category.color);
        let changed = ui
            .horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                ui.painter().rect_filled(rect, 3.0, color);
                ui.checkbox(&mut shown, &category.label).changed()
            })
            .inner;
        if changed {
            let mut next = filter.clone();
            if shown {
                next.hidden_categories.remove(&category.id);
            } else {
                next.hidden_categories.insert(category.id.clone());
            }
            commands.push(Command::SetFilter(next));
        }
    }
    let mut key_only = filter.key_events_only;
    if ui
        .checkbox(&mut key_only, "Key events only")
        .on_hover_text("Show only the events marked as key (importance 1)")
        .changed()
    {
        commands.push(Command::SetFilter(EventFilter {
            key_events_only: key_only,
            ..filter.clone()
        }));
    }
    let mut hide_planned = filter.hide_planned;
    if ui
        .checkbox(&mut hide_planned, "Hide planned events")
        .on_hover_text("Hide what a source only announces")
        .changed()
    {
        commands.push(Command::SetFilter(EventFilter {
            hide_planned,
            ..filter.clone()
        }));
    }
    if filter.is_active() && ui.button("Show everything").clicked() {
        commands.push(Command::SetFilter(EventFilter::default()));
    }
}

/// The list of events; clicking one selects it.
pub fn event_list_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    input: &EventListInput<'_>,
    commands: &mut Vec<Command>,
) {
    let total = doc.timeline.events.len();
    let count = input.events.len();
    let heading = match input.search {
        Some(_) if count == 0 => "No matching events".to_owned(),
        Some(_) => crate::model::count_noun(count, "matching event"),
        None if count == total => crate::model::count_noun(count, "event"),
        None => format!(
            "{} of {} events (filtered)",
            crate::model::thousands(count),
            crate::model::thousands(total)
        ),
    };
    ui.label(RichText::new(heading).strong());
    if input.hidden_matches > 0 {
        ui.label(
            RichText::new(match input.hidden_matches {
                1 => "1 more match is hidden by the filters".to_owned(),
                n => format!("{n} more matches are hidden by the filters"),
            })
            .weak(),
        );
    }
    // Two lines: the title, and the date under it.
    let row_height = ui.text_style_height(&egui::TextStyle::Body)
        + ui.text_style_height(&egui::TextStyle::Small)
        + 8.0;
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("event_list")
        .auto_shrink([false, false]);
    // The list's scroll offset and largest offset last frame.
    let memory_id = ui.scope_id().with("event_list_scroll");
    let (current, max_offset) = ui
        .ctx()
        .data(|d| d.get_temp::<(f32, f32)>(memory_id))
        .unwrap_or((0.0, 0.0));
    if input.scroll_to_selected
        && let Some(position) = input
            .selected
            .and_then(|s| input.events.binary_search(&s).ok())
    {
        // Put the selected row in the middle of the list, unless it is already in sight.
        let visible_height = ui.available_height();
        let row_top = position as f32 * (row_height + ui.spacing().item_spacing.y);
        if row_top < current || row_top + row_height > current + visible_height {
            // Within the content: an offset past the end would spring back (and keep repainting).
            let offset = (row_top - 0.5 * visible_height).clamp(0.0, max_offset);
            scroll = scroll.vertical_scroll_offset(offset);
        }
    }
    let output = scroll.show_rows(ui, row_height, count, |ui, rows| {
        for &event in input.events.get(rows).unwrap_or_default() {
            if event_row_ui(ui, doc, event, Some(event) == input.selected, row_height) {
                commands.push(Command::Select(Some(event)));
            }
        }
    });
    let offset = output.state.clamped_offset().y;
    let max_offset = (output.content_size.y - output.inner_rect.height()).max(0.0);
    ui.ctx()
        .data_mut(|d| d.insert_temp(memory_id, (offset, max_offset)));
}
/// One row: a verified mark, the date and the title. Returns whether it was clicked.
fn event_row_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    event_index: EventIndex,
    selected: bool,
    row_height: f32,
) -> bool {
    let Some(event) = doc.timeline.events.get(event_index) else {
        return false;
    };
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), row_height), Sense::click());
    let verified = doc
        .timeline
        .excerpts(event)
        .iter()
        .all(crate::model::Excerpt::is_verified);
    let date = event.date.to_string();
    let status = if verified {
        "every excerpt verified"
    } else {
        "an excerpt is not found in its source"
    };
    let planned = if event.status == Status::Planned {
        ", planned"
    } else {
        ""
    };
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::Button,
            true,
            selected,
            format!("{date}: {} ({status}{planned})", event.title),
        )
    });
    if !ui.is_rect_visible(rect) {
        return response.clicked();
    }
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if response.hovered() {
        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    if response.has_focus() {
        painter.rect_stroke(
            rect,
            4.0,
            visuals.selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
    let text_color = if selected {
        visuals.selection.stroke.color
    } else {
        visuals.text_color()
    };
    let lane_color = doc
        .lanes
        .lanes_of(event_index)
        .next()
        .map_or(Color32::GRAY, |lane| theme::lane_color(doc, lane));
    let centre_y = rect.center().y;
    // Lane colour (hollow when planned) and the verified mark on the left; title over date.
    painter.circle_filled(pos2(rect.min.x + 9.0, centre_y), 4.5, lane_color);
    if event.status == Status::Planned {
        painter.circle_filled(pos2(rect.min.x + 9.0, centre_y), 2.5, visuals.panel_fill);
    }
    let (mark, mark_color) = if verified {
        ("✔", theme::verified_color(visuals))
    } else {
        ("⚠", theme::warning_color(visuals))
    };
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    painter.text(
        pos2(rect.min.x + 20.0, centre_y),
        Align2::LEFT_CENTER,
        mark,
        body.clone(),
        mark_color,
    );
    let text_left = rect.min.x + 38.0;
    let text_width = rect.max.x - text_left - 4.0;
    let one_line = |text: &str, font: egui::FontId, color: Color32| {
        let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
        job.wrap = egui::text::TextWrapping::truncate_at_width(text_width.max(1.0));
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let title_galley = one_line(&event.title, body, text_color);
    let date_color = if selected {
        text_color
    } else {
        visuals.weak_text_color()
    };
    let date_galley = one_line(&date, small, date_color);
    let top = centre_y - 0.5 * (title_galley.size().y + date_galley.size().y);
    let title_height = title_galley.size().y;
    painter.galley(pos2(text_left, top), title_galley, text_color);
    painter.galley(pos2(text_left, top + title_height), date_galley, date_color);
    if selected {
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, lane_color),
            egui::StrokeKind::Inside,
        );
    }
    response
        .on_hover_text(format!("{date}: {}", event.title))
        .clicked()
}
