//! The timeline: lanes, marks, labels and clusters on an `egui_plot` canvas.
//!
//! `egui_plot` provides the calendar axis and grid (through our tick spacer and formatter) and the
//! drag and pinch interaction. `egui_plot` runs its build closure *before* it applies this frame's
//! pan and zoom, so the timeline content is laid out after `show`, from the final transform,
//! and painted with a painter clipped to the plot: what is drawn always matches the axis.

use egui::{Align2, Color32, CursorIcon, Pos2, Rect, Shape, Stroke, Ui, Vec2, pos2, vec2};
use egui_plot::{GridInput, GridMark, Plot};

use super::theme;
use super::{Command, LoadedTimeline};
use crate::model::{EventIndex, Status};
use crate::timeline::{
    Hit, LayoutInput, Mark, MarkShape, TickUnit, TimeView, TimelineLayout, layout_timeline,
    tick_label, ticks,
};

/// Grid lines closer than this (in points) are not drawn.
const MIN_GRID_SPACING: f32 = 12.0;

/// Extra reach (in points) around marks for hovering and clicking.
const HIT_SLOP: f32 = 6.0;

/// What the timeline produced this frame.
pub struct TimelineViewOutput {
    /// The layout that was painted (for hit-testing, tests and export).
    pub layout: TimelineLayout,

    /// The view after this frame's interaction.
    pub view: TimeView,

    /// The plot area on screen.
    pub frame: Rect,

    /// What the user asked for.
    pub commands: Vec<Command>,
}

/// Shows the timeline of `doc` over `view`. With `force_view`, the plot is set to `view`;
/// otherwise it keeps its own (user-driven) bounds. With `matches` (a search's results, sorted),
/// the matching events are labelled first and the others dimmed.
pub fn timeline_view_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    selected: Option<EventIndex>,
    view: TimeView,
    force_view: bool,
    matches: Option<&[EventIndex]>,
) -> TimelineViewOutput {
    let mut commands = Vec::new();
    let full = ui.available_rect_before_wrap();
    let gutter = Rect::from_min_max(
        full.min,
        pos2(full.min.x + theme::LANE_HEADER_WIDTH, full.max.y),
    );
    let plot_area = Rect::from_min_max(pos2(gutter.max.x, full.min.y), full.max);

    // Plain mouse wheel zooms at the pointer; horizontal scrolling pans.
    let mut view = view;
    let mut force_view = force_view;
    // `rect_contains_pointer` respects layers: scrolling a window above the timeline (the
    // source text) scrolls that window, not the timeline.
    if let Some(pointer) = ui.input(|i| i.pointer.hover_pos())
        && ui.rect_contains_pointer(plot_area)
    {
        let scroll = ui.input(|i| i.smooth_scroll_delta);
        if scroll != Vec2::ZERO {
            let fraction = f64::from((pointer.x - plot_area.min.x) / plot_area.width().max(1.0));
            let anchor_x = view.min_x + fraction * view.span_days();
            view = view.zoomed_at(f64::from(scroll.y * 0.0025).exp(), anchor_x);
            let pan_days = -f64::from(scroll.x / plot_area.width().max(1.0)) * view.span_days();
            view = TimeView::new(view.min_x + pan_days, view.max_x + pan_days);
            force_view = true;
            ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
        }
    }

    let plot = Plot::new("timeline")
        .show_axes([true, false])
        .show_grid([true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .set_margin_fraction(Vec2::ZERO)
        .grid_spacing(MIN_GRID_SPACING..=300.0)
        .x_grid_spacer(|input| calendar_grid(&input))
        .x_axis_formatter(|mark, _range| {
            tick_label(mark.value, TickUnit::from_step_days(mark.step_size))
        });
    let response = ui
        .scope_builder(egui::UiBuilder::new().max_rect(plot_area), |ui| {
            plot.show(ui, |plot_ui| {
                if force_view {
                    plot_ui.set_plot_bounds_x(view.min_x..=view.max_x);
                }
                plot_ui.set_plot_bounds_y(0.0..=1.0);
            })
        })
        .inner;
    let transform = response.transform;
    let frame = *transform.frame();
    let bounds = transform.bounds();
    // Exactly what the axis shows (not clamped): the marks must agree with the axis. The app
    // pulls the view back within the zoom limits on the next frame.
    let view = TimeView {
        min_x: bounds.min()[0],
        max_x: bounds.max()[0],
    };

    let painter = ui.painter_at(frame);
    let font = theme::label_font(ui.style());
    let mut measure = |text: &str| {
        painter
            .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    let input = LayoutInput {
        events: &doc.timeline.events,
        entries: &doc.lanes.entries,
        lane_indexes: &doc.lanes.lane_indexes,
        lane_count: doc.lanes.lanes.len(),
        frame,
        view,
        selected,
        emphasized: matches.unwrap_or_default(),
        metrics: theme::layout_metrics(ui.style()),
    };
    let layout = layout_timeline(&input, &mut measure);

    let plot_response = response.response;
    plot_response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline"));
    let hover = plot_response
        .hover_pos()
        .and_then(|p| layout.hit_test(p, HIT_SLOP));
    let dimmed = |event: EventIndex| {
        matches.is_some_and(|m| m.binary_search(&event).is_err()) && Some(event) != selected
    };
    let matches_search =
        |event: EventIndex| matches.is_some_and(|m| m.binary_search(&event).is_ok());
    paint_timeline(
        ui,
        &painter,
        doc,
        &layout,
        selected,
        hover,
        &Search {
            dimmed: &dimmed,
            matches: &matches_search,
        },
    );
    paint_lane_headers(ui, gutter, doc, &layout);
    ui.advance_cursor_after_rect(full);

    if let Some(hit) = hover {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        plot_response
            .clone()
            .on_hover_ui_at_pointer(|ui| match hit {
                Hit::Event(event) => {
                    if let Some(event) = doc.timeline.events.get(event) {
                        ui.strong(&event.title);
                        ui.label(event.date.to_string());
                        if event.status == Status::Planned {
                            ui.label("Planned (announced, not known to have happened)");
                        }
                    }
                }
                Hit::Cluster(i) => {
                    if let Some(cluster) = layout.clusters.get(i) {
                        ui.label(format!("{} events here: click to zoom in", cluster.count));
                    }
                }
                Hit::Density(i) => {
                    if let Some(column) = layout.density.get(i) {
                        ui.label(match column.count {
                            1 => "1 event: click to zoom in".to_owned(),
                            n => format!("{} events: click to zoom in", crate::model::thousands(n)),
                        });
                    }
                }
            });
    }
    // Clicks are hit-tested where the button went down (on touch screens the pointer is gone
    // by the time the click is reported).
    let clicked_on = plot_response
        .interact_pointer_pos()
        .and_then(|p| layout.hit_test(p, HIT_SLOP));
    if plot_response.double_clicked() && clicked_on.is_none() {
        commands.push(Command::FitAll);
    } else if plot_response.clicked() {
        commands.push(match clicked_on {
            Some(Hit::Event(event)) => Command::Select(Some(event)),
            Some(Hit::Cluster(i)) => {
                layout
                    .clusters
                    .get(i)
                    .map_or(Command::Select(None), |c| Command::OpenCluster {
                        events: c.events.clone(),
                        start_x: c.start_x,
                        end_x: c.end_x,
                        at: c.rect.left_bottom(),
                    })
            }
            Some(Hit::Density(i)) => layout.density.get(i).map_or(Command::Select(None), |c| {
                // Zoom in twentyfold on the column.
                let middle = 0.5 * (c.start_x + c.end_x);
                let half = 10.0 * (c.end_x - c.start_x);
                Command::ZoomTo {
                    start_x: middle - half,
                    end_x: middle + half,
                }
            }),
            None => Command::Select(None),
        });
    }
    TimelineViewOutput {
        layout,
        view,
        frame,
        commands,
    }
}

/// `egui_plot`'s grid spacer: ticks on calendar boundaries.
fn calendar_grid(input: &GridInput) -> Vec<GridMark> {
    let (min_x, max_x) = input.bounds;
    if !(min_x.is_finite() && max_x.is_finite()) || input.base_step_size <= 0.0 {
        return Vec::new();
    }
    // egui_plot passes the data size of `grid_spacing.min` points.
    let px_per_day = f64::from(MIN_GRID_SPACING) / input.base_step_size;
    ticks(
        &TimeView::new(min_x, max_x),
        px_per_day,
        f64::from(MIN_GRID_SPACING),
    )
    .into_iter()
    .map(|tick| GridMark {
        value: tick.x,
        step_size: tick.unit.approx_days(),
    })
    .collect()
}

/// What a search does to the painting: events it leaves out are dimmed, matches highlighted.
struct Search<'a> {
    dimmed: &'a dyn Fn(EventIndex) -> bool,
    matches: &'a dyn Fn(EventIndex) -> bool,
}

fn paint_timeline(
    ui: &Ui,
    painter: &egui::Painter,
    doc: &LoadedTimeline,
    layout: &TimelineLayout,
    selected: Option<EventIndex>,
    hover: Option<Hit>,
    search: &Search<'_>,
) {
    let dimmed = search.dimmed;
    let matches_search = search.matches;
    let visuals = ui.visuals();
    for band in &layout.lanes {
        let color = doc.lane_color(band.lane);
        painter.rect_filled(
            band.rect.shrink2(vec2(0.0, 1.0)),
            0.0,
            theme::lane_tint(color, visuals),
        );
        painter.hline(
            band.rect.x_range(),
            band.baseline_y,
            Stroke::new(1.0, color.gamma_multiply(0.35)),
        );
    }
    paint_density(ui, painter, doc, layout, hover);
    paint_links(painter, layout, visuals);
    for mark in &layout.marks {
        paint_span(painter, doc, mark, visuals, dimmed(mark.event));
    }
    for label in &layout.labels {
        let Some(event) = doc.timeline.events.get(label.event) else {
            continue;
        };
        let color = mark_color(doc, label.lane, dimmed(label.event));
        let is_selected = Some(label.event) == selected;
        let is_hovered = hover == Some(Hit::Event(label.event));
        // Leader line from the label down (or up) to its mark; inline labels sit beside it.
        if !label.rect.y_range().contains(label.anchor.y) {
            let x = label
                .anchor
                .x
                .clamp(label.rect.min.x + 2.0, label.rect.max.x - 2.0);
            let (edge_y, mark_y) = if label.rect.center().y < label.anchor.y {
                (label.rect.max.y, label.anchor.y - 4.0)
            } else {
                (label.rect.min.y, label.anchor.y + 4.0)
            };
            painter.line_segment(
                [pos2(x, edge_y), pos2(x, mark_y)],
                Stroke::new(1.0, color.gamma_multiply(0.8)),
            );
        }
        // A search match is highlighted like found text; the rest is dimmed.
        let is_match = matches_search(label.event);
        let background = if is_match {
            theme::highlight_background(visuals)
        } else {
            theme::label_background(visuals)
        };
        painter.rect_filled(label.rect, 4.0, background);
        if is_selected || is_hovered {
            painter.rect_stroke(
                label.rect,
                4.0,
                Stroke::new(if is_selected { 2.0 } else { 1.0 }, color),
                egui::StrokeKind::Inside,
            );
        }
        let text_color = if dimmed(label.event) {
            visuals.weak_text_color().gamma_multiply(0.7)
        } else if is_selected || event.importance == crate::model::Importance::Key {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let metrics = theme::layout_metrics(ui.style());
        painter.text(
            pos2(
                label.rect.min.x + metrics.label_padding_px,
                label.rect.center().y,
            ),
            Align2::LEFT_CENTER,
            &label.text,
            theme::label_font(ui.style()),
            text_color,
        );
    }
    for mark in layout
        .marks
        .iter()
        .filter(|m| m.clustered && m.shape == MarkShape::Point)
    {
        painter.circle_filled(
            mark.center,
            3.0,
            mark_color(doc, mark.lane, dimmed(mark.event)).gamma_multiply(0.75),
        );
    }
    for mark in layout
        .marks
        .iter()
        .filter(|m| m.shape == MarkShape::Point && !m.clustered)
    {
        let emphasis = if Some(mark.event) == selected {
            Emphasis::Selected
        } else if hover == Some(Hit::Event(mark.event)) {
            Emphasis::Hovered
        } else {
            Emphasis::Normal
        };
        paint_dot(painter, doc, mark, visuals, emphasis, dimmed(mark.event));
    }
    for (i, cluster) in layout.clusters.iter().enumerate() {
        // A chip none of whose events matches the search fades with them.
        let faded = cluster.events.iter().all(|&e| dimmed(e));
        let color = mark_color(doc, cluster.lane, faded);
        let hovered = hover == Some(Hit::Cluster(i));
        let (x0, x1) = cluster.extent_px;
        let y = cluster.anchor.y;
        painter.line_segment(
            [pos2(x0 - 4.0, y), pos2(x1 + 4.0, y)],
            Stroke::new(5.0, color.gamma_multiply(0.35)),
        );
        if cluster.rect.y_range().contains(cluster.anchor.y) {
            // A chip on the baseline (no leader needed: the bracket marks its events): set it off
            // from the dots around it.
            painter.rect_stroke(
                cluster.rect,
                cluster.rect.height() * 0.5,
                Stroke::new(2.0, visuals.panel_fill),
                egui::StrokeKind::Outside,
            );
        } else {
            let x = cluster
                .anchor
                .x
                .clamp(cluster.rect.min.x + 4.0, cluster.rect.max.x - 4.0);
            let edge_y = if cluster.rect.center().y < y {
                cluster.rect.max.y
            } else {
                cluster.rect.min.y
            };
            painter.line_segment(
                [pos2(x, edge_y), cluster.anchor],
                Stroke::new(1.0, color.gamma_multiply(0.8)),
            );
        }
        let chip = theme::chip_fill(color, visuals);
        let fill = if hovered || theme::is_projector(visuals) {
            chip
        } else {
            chip.gamma_multiply(0.85)
        };
        painter.rect_filled(cluster.rect, cluster.rect.height() * 0.5, fill);
        if theme::is_projector(visuals) {
            painter.rect_stroke(
                cluster.rect,
                cluster.rect.height() * 0.5,
                Stroke::new(2.0, color),
                egui::StrokeKind::Inside,
            );
        }
        if hovered {
            painter.rect_stroke(
                cluster.rect,
                cluster.rect.height() * 0.5,
                Stroke::new(1.5, visuals.strong_text_color()),
                egui::StrokeKind::Outside,
            );
        }
        painter.text(
            cluster.rect.center(),
            Align2::CENTER_CENTER,
            cluster.text(),
            theme::label_font(ui.style()),
            theme::chip_text(color, visuals),
        );
    }
    if let Some(mark) = selected
        .and_then(|s| layout.mark_of(s))
        .filter(|m| m.shape == MarkShape::Interval)
        && let Some(bar) = mark.span_rect
    {
        painter.rect_stroke(
            bar.expand(3.0),
            4.0,
            Stroke::new(2.0, visuals.strong_text_color()),
            egui::StrokeKind::Outside,
        );
    }
}

/// Density strips of crowded lanes, and how many events each holds in view.
fn paint_density(
    ui: &Ui,
    painter: &egui::Painter,
    doc: &LoadedTimeline,
    layout: &TimelineLayout,
    hover: Option<Hit>,
) {
    let visuals = ui.visuals();
    for (i, column) in layout.density.iter().enumerate() {
        let color = doc.lane_color(column.lane);
        let color = if hover == Some(Hit::Density(i)) {
            visuals.strong_text_color()
        } else {
            color.gamma_multiply(0.8)
        };
        painter.rect_filled(column.rect, 0.0, color);
    }
    for dense in &layout.dense_lanes {
        let Some(band) = layout.lanes.iter().find(|b| b.lane == dense.lane) else {
            continue;
        };
        let text = format!(
            "{} events in view: zoom in to see them one by one",
            crate::model::thousands(dense.count)
        );
        let font = theme::label_font(ui.style());
        let galley = painter.layout_no_wrap(text, font, visuals.text_color());
        let pos = band.rect.left_top() + vec2(8.0, 4.0);
        let rect = Rect::from_min_size(pos, galley.size()).expand(3.0);
        painter.rect_filled(rect, 4.0, theme::label_background(visuals));
        painter.galley(pos, galley, visuals.text_color());
    }
}

/// The colour of a mark in `lane`: the lane's colour, faded when a search leaves it out.
fn mark_color(doc: &LoadedTimeline, lane: usize, dimmed: bool) -> Color32 {
    let color = doc.lane_color(lane);
    if dimmed {
        color.gamma_multiply(0.22)
    } else {
        color
    }
}

/// Dashed lines joining the marks of an event that is in several lanes (grouped by source, an
/// event quoting two documents), so the class sees they are one event.
fn paint_links(painter: &egui::Painter, layout: &TimelineLayout, visuals: &egui::Visuals) {
    // Marks are in date order, so the marks of one event are next to each other.
    for pair in layout.marks.windows(2) {
        let [a, b] = pair else { continue };
        if a.event != b.event {
            continue;
        }
        let stroke = Stroke::new(1.5, visuals.weak_text_color().gamma_multiply(0.8));
        painter.extend(Shape::dashed_line(&[a.center, b.center], stroke, 4.0, 3.0));
    }
}

/// An interval's bar, or a point's precision span.
fn paint_span(
    painter: &egui::Painter,
    doc: &LoadedTimeline,
    mark: &Mark,
    visuals: &egui::Visuals,
    dimmed: bool,
) {
    let Some(rect) = mark.span_rect else { return };
    let Some(event) = doc.timeline.events.get(mark.event) else {
        return;
    };
    let color = mark_color(doc, mark.lane, dimmed);
    let planned = event.status == Status::Planned;
    if mark.shape == MarkShape::Point {
        painter.rect_filled(rect, 2.0, color.gamma_multiply(0.30));
        return;
    }
    let fill = if planned {
        visuals.panel_fill
    } else {
        color.gamma_multiply(0.85)
    };
    if event.date.is_approximate() {
        // Soft ends: the bar fades in and out over its first and last fifth.
        let fade = (rect.width() * 0.2).min(60.0);
        let solid = Rect::from_min_max(
            pos2(rect.min.x + fade, rect.min.y),
            pos2(rect.max.x - fade, rect.max.y),
        );
        painter.rect_filled(solid, 0.0, fill);
        painter.add(gradient_rect(
            Rect::from_min_max(rect.min, pos2(solid.min.x, rect.max.y)),
            Color32::TRANSPARENT,
            fill,
        ));
        painter.add(gradient_rect(
            Rect::from_min_max(pos2(solid.max.x, rect.min.y), rect.max),
            fill,
            Color32::TRANSPARENT,
        ));
    } else {
        painter.rect_filled(rect, 3.0, fill);
    }
    if planned {
        painter.rect_stroke(rect, 3.0, Stroke::new(1.5, color), egui::StrokeKind::Inside);
    }
    let arrow = |tip: Pos2, dir: f32| {
        let h = rect.height() * 0.9;
        Shape::convex_polygon(
            vec![
                tip,
                pos2(tip.x - dir * h, tip.y - h),
                pos2(tip.x - dir * h, tip.y + h),
            ],
            color,
            Stroke::NONE,
        )
    };
    if event.span.open_start {
        painter.add(gradient_rect(
            Rect::from_min_max(
                pos2(rect.min.x - 40.0, rect.min.y),
                pos2(rect.min.x, rect.max.y),
            ),
            Color32::TRANSPARENT,
            fill,
        ));
        painter.add(arrow(pos2(rect.min.x - 46.0, rect.center().y), -1.0));
    }
    if event.span.open_end {
        painter.add(gradient_rect(
            Rect::from_min_max(
                pos2(rect.max.x, rect.min.y),
                pos2(rect.max.x + 40.0, rect.max.y),
            ),
            fill,
            Color32::TRANSPARENT,
        ));
        painter.add(arrow(pos2(rect.max.x + 46.0, rect.center().y), 1.0));
    }
}

/// How much a dot stands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Emphasis {
    Normal,
    Hovered,
    Selected,
}

/// A point event's dot: filled when it happened, hollow when planned, a dashed ring when its
/// date is approximate and a "?" when uncertain.
fn paint_dot(
    painter: &egui::Painter,
    doc: &LoadedTimeline,
    mark: &Mark,
    visuals: &egui::Visuals,
    emphasis: Emphasis,
    dimmed: bool,
) {
    let Some(event) = doc.timeline.events.get(mark.event) else {
        return;
    };
    let color = mark_color(doc, mark.lane, dimmed);
    let selected = emphasis == Emphasis::Selected;
    let r = if emphasis == Emphasis::Hovered {
        mark.radius + 1.5
    } else {
        mark.radius
    };
    if selected {
        painter.circle_filled(mark.center, r + 6.0, color.gamma_multiply(0.25));
        painter.circle_stroke(
            mark.center,
            r + 6.0,
            Stroke::new(2.0, visuals.strong_text_color()),
        );
    }
    if event.status == Status::Planned {
        painter.circle_filled(mark.center, r, visuals.panel_fill);
        painter.circle_stroke(mark.center, r - 1.0, Stroke::new(2.5, color));
    } else {
        painter.circle_filled(mark.center, r, color);
        painter.circle_stroke(mark.center, r, Stroke::new(1.5, visuals.panel_fill));
    }
    if event.date.is_approximate() {
        let ring: Vec<Pos2> = (0..=32)
            .map(|i| {
                let angle = i as f32 / 32.0 * std::f32::consts::TAU;
                mark.center + (r + 3.5) * Vec2::angled(angle)
            })
            .collect();
        painter.extend(Shape::dashed_line(&ring, Stroke::new(1.5, color), 3.0, 3.0));
    }
    if event.date.is_uncertain() {
        painter.text(
            mark.center + vec2(r + 2.0, -r - 2.0),
            Align2::LEFT_BOTTOM,
            "?",
            egui::FontId::proportional(12.0),
            visuals.strong_text_color(),
        );
    }
}

/// A rectangle whose colour runs from `left` to `right`.
fn gradient_rect(rect: Rect, left: Color32, right: Color32) -> Shape {
    let mut mesh = egui::Mesh::default();
    mesh.colored_vertex(rect.left_top(), left);
    mesh.colored_vertex(rect.right_top(), right);
    mesh.colored_vertex(rect.right_bottom(), right);
    mesh.colored_vertex(rect.left_bottom(), left);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    Shape::mesh(mesh)
}

/// Lane names in the column left of the plot, in their colours.
fn paint_lane_headers(ui: &Ui, gutter: Rect, doc: &LoadedTimeline, layout: &TimelineLayout) {
    let painter = ui.painter_at(gutter);
    let visuals = ui.visuals();
    for band in &layout.lanes {
        let color = doc.lane_color(band.lane);
        let rect = Rect::from_min_max(
            pos2(gutter.min.x, band.rect.min.y),
            pos2(gutter.max.x, band.rect.max.y),
        );
        painter.rect_filled(
            rect.shrink2(vec2(0.0, 1.0)),
            0.0,
            theme::lane_tint(color, visuals),
        );
        painter.rect_filled(
            Rect::from_min_size(rect.min + vec2(0.0, 1.0), vec2(5.0, rect.height() - 2.0)),
            0.0,
            color,
        );
        let Some(label) = doc.lane_label(band.lane) else {
            continue;
        };
        let galley = painter.layout(
            label.to_owned(),
            theme::lane_header_font(ui.style()),
            theme::readable_on_background(color, visuals),
            gutter.width() - 18.0,
        );
        let pos = pos2(rect.min.x + 12.0, band.baseline_y - galley.size().y * 0.5);
        painter.galley(pos, galley, visuals.text_color());
    }
}
