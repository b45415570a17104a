//! Presentation mode's screen: the timeline above, the current stop's caption in large type
//! below, and the progress; or nothing but black.

use egui::{Color32, CursorIcon, Rect, Ui, pos2};

use super::Command;
use super::caption::caption_ui;
use super::timeline_view::{TimelineViewInput, TimelineViewOutput, timeline_view_ui};
use crate::model::EventIndex;
use crate::timeline::tour::Presenter;
use crate::timeline::{LaneSizing, LoadedTimeline, TimeView};

/// Seconds without mouse movement before the pointer hides.
const HIDE_CURSOR_AFTER_SECS: f64 = 3.0;

/// The caption's text size for a screen of this height: about 30 points at 1080 lines.
pub fn caption_size_pt(screen_height_pt: f32) -> f32 {
    (screen_height_pt / 1080.0 * 30.0).clamp(22.0, 48.0)
}

/// What presentation mode shows this frame.
pub struct PresentationInput<'a> {
    /// The timeline.
    pub doc: &'a LoadedTimeline,

    /// Where the tour is.
    pub presenter: &'a Presenter,

    /// The selected event (the current stop's, or one clicked on the way).
    pub selected: Option<EventIndex>,

    /// The period to show.
    pub view: TimeView,

    /// Set the plot to `view` (it is moving to a stop).
    pub force_view: bool,
}

/// Draws presentation mode and pushes clicks onto `commands`. Returns the timeline's output
/// (layout, view) unless the screen is blacked out.
pub fn presentation_ui(
    ui: &mut Ui,
    input: &PresentationInput<'_>,
    commands: &mut Vec<Command>,
) -> Option<TimelineViewOutput> {
    let PresentationInput {
        doc,
        presenter,
        selected,
        view,
        force_view,
    } = *input;
    let screen = ui.max_rect();
    let idle = ui.input(|i| i.pointer.time_since_last_movement());
    if f64::from(idle) > HIDE_CURSOR_AFTER_SECS {
        ui.ctx().set_cursor_icon(CursorIcon::None);
    } else {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(HIDE_CURSOR_AFTER_SECS));
    }
    if presenter.blacked_out {
        ui.painter()
            .rect_filled(ui.ctx().content_rect(), 0.0, Color32::BLACK);
        ui.advance_cursor_after_rect(screen);
        return None;
    }
    let size = caption_size_pt(screen.height());
    // The caption may take up to about a third of the screen; it gets what its text needs at
    // the largest size that fits there, and the timeline all the rest (no empty band below).
    let most = (screen.height() * 0.36).max(6.0 * size);
    let caption_area = Rect::from_min_max(
        pos2(screen.min.x + 8.0, screen.max.y - most + 12.0),
        screen.max,
    );
    let caption = presenter.current_event().map(|event| {
        (
            event,
            fit_caption_size_pt(ui, doc, event, caption_area, size * 1.4),
        )
    });
    let caption_height = caption.map_or(size * 2.0, |(_, (_, needed))| {
        (needed + 12.0 + CAPTION_BOTTOM_MARGIN_PT).min(most)
    });
    let timeline_rect = Rect::from_min_max(
        screen.min,
        pos2(screen.max.x, screen.max.y - caption_height),
    );
    let caption_rect = Rect::from_min_max(
        pos2(screen.min.x + 8.0, timeline_rect.max.y + 12.0),
        screen.max,
    );
    let output = ui
        .scope_builder(egui::UiBuilder::new().max_rect(timeline_rect), |ui| {
            let input = TimelineViewInput {
                doc,
                selected,
                view,
                force_view,
                matches: None,
                lane_sizing: LaneSizing::ByContent,
                measure_all_labels: false,
            };
            timeline_view_ui(ui, &input, commands)
        })
        .inner;
    ui.scope_builder(egui::UiBuilder::new().max_rect(caption_rect), |ui| {
        if let Some((event, (fitted, _))) = caption {
            // As large as the area allows (up to 1.4 × the base size), never smaller than needed.
            caption_ui(ui, doc, event, fitted);
        }
    });
    let (stop, stops) = presenter.progress();
    let progress = if presenter.typed().is_empty() {
        format!("{stop} / {stops}")
    } else {
        format!("Go to stop {}_", presenter.typed())
    };
    let progress_rect = Rect::from_min_max(
        pos2(screen.max.x - 12.0 * size, caption_rect.min.y),
        pos2(screen.max.x - 8.0, caption_rect.min.y + size * 1.2),
    );
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(progress_rect)
            .layout(egui::Layout::right_to_left(egui::Align::Min)),
        |ui| ui.label(egui::RichText::new(progress).size(size * 0.75)),
    );
    ui.advance_cursor_after_rect(screen);
    Some(output)
}

/// Space below the caption, in points.
const CAPTION_BOTTOM_MARGIN_PT: f32 = 16.0;

/// The largest text size (up to `size`) at which the caption fits its area, and the height it
/// then needs: short excerpts are shown large for the back row, long ones wrap and stay whole
/// instead of being cut off.
fn fit_caption_size_pt(
    ui: &Ui,
    doc: &LoadedTimeline,
    event: EventIndex,
    area: Rect,
    size: f32,
) -> (f32, f32) {
    let Some(e) = doc.timeline.events.get(event) else {
        return (size, 0.0);
    };
    let first_excerpt = doc.timeline.excerpts(e).first();
    let excerpt = first_excerpt.map_or_else(
        || doc.timeline.summary(e).unwrap_or_default().to_owned(),
        |x| format!("“{}”", crate::model::normalize_whitespace(x.text())),
    );
    let width = area.width() - 16.0;
    let needed = |points: f32| {
        let height = |text: &str, points: f32| {
            ui.fonts_mut(|f| {
                f.layout(
                    text.to_owned(),
                    egui::FontId::proportional(points),
                    Color32::WHITE,
                    width,
                )
                .size()
                .y
            })
        };
        // Title line, the excerpt and the citation line, with the spacing between them.
        let title = format!("{} {}", e.title, e.date);
        let citation = first_excerpt
            .and_then(|x| doc.timeline.source_of(x))
            .map(|s| format!("Source: {}  ✔ verified in source", s.citation()));
        height(&title, points * 1.15)
            + height(&excerpt, points)
            + citation.map_or(0.0, |c| height(&c, points * 0.8))
            + 3.0 * ui.spacing().item_spacing.y
            + 8.0
    };
    let mut candidate = size;
    while candidate > 14.0 {
        let total = needed(candidate);
        if total <= area.height() {
            return (candidate, total);
        }
        candidate *= 0.92;
    }
    (candidate, needed(candidate))
}
