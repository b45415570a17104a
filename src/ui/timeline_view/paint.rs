//! Painting a timeline layout: lane bands, bars and dots, labels with their leader lines, "+N"
//! chips, density strips and the lane headers. Nothing here decides where things go (the layout
//! did) or reacts to input; colours, fades and stroke widths come from the theme.

use egui::{Align2, Color32, Painter, Pos2, Rect, Shape, Stroke, Ui, Vec2, Visuals, pos2, vec2};

use crate::model::{EventIndex, Importance, Status};
use crate::timeline::{Hit, LoadedTimeline, Mark, MarkShape, PlacedLabel, TimelineLayout};
use crate::ui::theme::{self, fade, stroke_pt};

/// What to paint and how it is emphasised.
pub(super) struct PaintInput<'a> {
    pub doc: &'a LoadedTimeline,
    pub layout: &'a TimelineLayout,
    pub selected: Option<EventIndex>,
    pub hover: Option<Hit>,
    /// A search's matches (sorted): the rest is dimmed, matches highlighted.
    pub matches: Option<&'a [EventIndex]>,
}

impl PaintInput<'_> {
    /// Whether a search leaves this event out (the selection never fades).
    fn dimmed(&self, event: EventIndex) -> bool {
        self.matches
            .is_some_and(|m| m.binary_search(&event).is_err())
            && Some(event) != self.selected
    }

    /// Whether the event matches the search.
    fn matches_search(&self, event: EventIndex) -> bool {
        self.matches
            .is_some_and(|m| m.binary_search(&event).is_ok())
    }

    /// The colour of a mark in `lane`: the lane's colour, faded when a search leaves it out.
    fn mark_color(&self, lane: usize, dimmed: bool) -> Color32 {
        let color = theme::lane_color(self.doc, lane);
        if dimmed {
            color.gamma_multiply(fade::SEARCH_MISS)
        } else {
            color
        }
    }
}

/// Paints the whole layout, back to front.
pub(super) fn paint_timeline(ui: &Ui, painter: &Painter, input: &PaintInput<'_>) {
    let visuals = ui.visuals();
    paint_lane_bands(ui, painter, input, visuals);
    paint_density(ui, painter, input);
    paint_links(painter, input.layout, visuals);
    for mark in &input.layout.marks {
        paint_span(painter, input, mark, visuals);
    }
    for label in &input.layout.labels {
        paint_label(ui, painter, input, label);
    }
    paint_dots(painter, input, visuals);
    paint_clusters(ui, painter, input);
    paint_selected_bar(painter, input, visuals);
}

/// The faint band and baseline of each lane.
fn paint_lane_bands(ui: &Ui, painter: &Painter, input: &PaintInput<'_>, visuals: &Visuals) {
    for band in &input.layout.lanes {
        let color = theme::lane_color(input.doc, band.lane);
        painter.rect_filled(
            band.rect.shrink2(vec2(0.0, 1.0)),
            0.0,
            theme::lane_tint(color, visuals),
        );
        if band.collapsed {
            painter.text(
                band.rect.left_center() + vec2(8.0, 0.0),
                egui::Align2::LEFT_CENTER,
                "nothing in this period",
                theme::collapsed_lane_font(ui.style()),
                visuals.weak_text_color(),
            );
            continue;
        }
        painter.hline(
            band.rect.x_range(),
            band.baseline_y,
            Stroke::new(
                stroke_pt::HAIRLINE,
                color.gamma_multiply(fade::LANE_BASELINE),
            ),
        );
    }
}

/// One label: its leader line to the mark, its background and its text.
fn paint_label(ui: &Ui, painter: &Painter, input: &PaintInput<'_>, label: &PlacedLabel) {
    let visuals = ui.visuals();
    let Some(event) = input.doc.timeline.events.get(label.event) else {
        return;
    };
    let dimmed = input.dimmed(label.event);
    let color = input.mark_color(label.lane, dimmed);
    let is_selected = Some(label.event) == input.selected;
    let is_hovered = input.hover == Some(Hit::Event(label.event));
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
            Stroke::new(stroke_pt::HAIRLINE, color.gamma_multiply(fade::LEADER)),
        );
    }
    // A search match is highlighted like found text; the rest is dimmed.
    let background = if input.matches_search(label.event) {
        theme::highlight_background(visuals)
    } else {
        theme::label_background(visuals)
    };
    painter.rect_filled(label.rect, theme::LABEL_CORNER_PT, background);
    if is_selected || is_hovered {
        let width = if is_selected {
            stroke_pt::SELECTED
        } else {
            stroke_pt::HAIRLINE
        };
        painter.rect_stroke(
            label.rect,
            theme::LABEL_CORNER_PT,
            Stroke::new(width, color),
            egui::StrokeKind::Inside,
        );
    }
    let text_color = if dimmed {
        visuals.weak_text_color().gamma_multiply(fade::DIMMED_TEXT)
    } else if is_selected || event.importance == Importance::Key {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let metrics = theme::layout_metrics(ui.style());
    // Laid out as the layout measured it (colour left to the painter), so that a label measured
    // this frame is shaped once, not again for its colour.
    let galley = painter.layout_no_wrap(
        label.text.clone(),
        theme::label_font(ui.style()),
        Color32::PLACEHOLDER,
    );
    let pos = pos2(
        label.rect.min.x + metrics.label_padding_pt,
        label.rect.center().y - 0.5 * galley.size().y,
    );
    painter.galley(pos, galley, text_color);
}

/// Point events' dots: small ones for those inside a "+N" chip, full ones for the rest.
fn paint_dots(painter: &Painter, input: &PaintInput<'_>, visuals: &Visuals) {
    let points = || {
        input
            .layout
            .marks
            .iter()
            .filter(|m| m.shape == MarkShape::Point)
    };
    for mark in points().filter(|m| m.clustered) {
        painter.circle_filled(
            mark.center,
            theme::CLUSTERED_DOT_RADIUS_PT,
            input
                .mark_color(mark.lane, input.dimmed(mark.event))
                .gamma_multiply(fade::CLUSTERED_DOT),
        );
    }
    for mark in points().filter(|m| !m.clustered) {
        let emphasis = if Some(mark.event) == input.selected {
            Emphasis::Selected
        } else if input.hover == Some(Hit::Event(mark.event)) {
            Emphasis::Hovered
        } else {
            Emphasis::Normal
        };
        paint_dot(painter, input, mark, visuals, emphasis);
    }
}

/// The "+N" chips, each with a bracket over the marks it stands for.
fn paint_clusters(ui: &Ui, painter: &Painter, input: &PaintInput<'_>) {
    let visuals = ui.visuals();
    let projector = theme::is_projector(visuals);
    for (i, cluster) in input.layout.clusters.iter().enumerate() {
        // A chip none of whose events matches the search fades with them.
        let faded = cluster.events.iter().all(|&e| input.dimmed(e));
        let color = input.mark_color(cluster.lane, faded);
        let hovered = input.hover == Some(Hit::Cluster(i));
        let (x0, x1) = cluster.extent_pt;
        let y = cluster.anchor.y;
        let rounding = cluster.rect.height() * 0.5;
        painter.line_segment(
            [pos2(x0 - 4.0, y), pos2(x1 + 4.0, y)],
            Stroke::new(
                stroke_pt::CLUSTER_BRACKET,
                color.gamma_multiply(fade::CLUSTER_BRACKET),
            ),
        );
        if cluster.rect.y_range().contains(cluster.anchor.y) {
            // A chip on the baseline (no leader needed: the bracket marks its events): set it off
            // from the dots around it.
            painter.rect_stroke(
                cluster.rect,
                rounding,
                Stroke::new(stroke_pt::SELECTED, visuals.panel_fill),
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
                Stroke::new(stroke_pt::HAIRLINE, color.gamma_multiply(fade::LEADER)),
            );
        }
        let chip = theme::chip_fill(color, visuals);
        let fill = if hovered || projector {
            chip
        } else {
            chip.gamma_multiply(fade::CHIP_AT_REST)
        };
        painter.rect_filled(cluster.rect, rounding, fill);
        if projector {
            painter.rect_stroke(
                cluster.rect,
                rounding,
                Stroke::new(stroke_pt::SELECTED, color),
                egui::StrokeKind::Inside,
            );
        }
        if hovered {
            painter.rect_stroke(
                cluster.rect,
                rounding,
                Stroke::new(stroke_pt::HOVERED_CHIP, visuals.strong_text_color()),
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
}

/// A frame around the selected event's bar, when it is a period.
fn paint_selected_bar(painter: &Painter, input: &PaintInput<'_>, visuals: &Visuals) {
    if let Some(mark) = input
        .selected
        .and_then(|s| input.layout.mark_of(s))
        .filter(|m| m.shape == MarkShape::Interval)
        && let Some(bar) = mark.span_rect
    {
        painter.rect_stroke(
            bar.expand(3.0),
            4.0,
            Stroke::new(stroke_pt::SELECTED, visuals.strong_text_color()),
            egui::StrokeKind::Outside,
        );
    }
}

/// Density strips of crowded lanes, and how many events each holds in view.
fn paint_density(ui: &Ui, painter: &Painter, input: &PaintInput<'_>) {
    let visuals = ui.visuals();
    let layout = input.layout;
    for (i, column) in layout.density.iter().enumerate() {
        let color = if input.hover == Some(Hit::Density(i)) {
            visuals.strong_text_color()
        } else {
            theme::lane_color(input.doc, column.lane).gamma_multiply(fade::DENSITY)
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
        painter.rect_filled(
            rect,
            theme::LABEL_CORNER_PT,
            theme::label_background(visuals),
        );
        painter.galley(pos, galley, visuals.text_color());
    }
}

/// Dashed lines joining the marks of an event that is in several lanes (grouped by source, an
/// event quoting two documents), so the class sees they are one event.
fn paint_links(painter: &Painter, layout: &TimelineLayout, visuals: &Visuals) {
    // Marks are in date order, so the marks of one event are next to each other.
    for pair in layout.marks.windows(2) {
        let [a, b] = pair else { continue };
        if a.event != b.event {
            continue;
        }
        let stroke = Stroke::new(
            stroke_pt::LINK,
            visuals.weak_text_color().gamma_multiply(fade::LEADER),
        );
        painter.extend(Shape::dashed_line(&[a.center, b.center], stroke, 4.0, 3.0));
    }
}

/// An interval's bar, or a point's precision span.
fn paint_span(painter: &Painter, input: &PaintInput<'_>, mark: &Mark, visuals: &Visuals) {
    let Some(rect) = mark.span_rect else { return };
    let Some(event) = input.doc.timeline.events.get(mark.event) else {
        return;
    };
    let color = input.mark_color(mark.lane, input.dimmed(mark.event));
    let planned = event.status == Status::Planned;
    if mark.shape == MarkShape::Point {
        // Square ends: they mark where the month or year begins and ends, and a square band is
        // a quarter of the triangles of a rounded one (a crowded view has a thousand of them).
        painter.rect_filled(rect, 0.0, color.gamma_multiply(fade::PRECISION_SPAN));
        return;
    }
    let fill = if planned {
        visuals.panel_fill
    } else {
        color.gamma_multiply(fade::BAR)
    };
    if event.date.is_approximate() {
        // Soft ends: the bar fades in and out over its first and last fifth.
        let fade_pt = (rect.width() * 0.2).min(60.0);
        let solid = Rect::from_min_max(
            pos2(rect.min.x + fade_pt, rect.min.y),
            pos2(rect.max.x - fade_pt, rect.max.y),
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
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(stroke_pt::PLANNED_BAR, color),
            egui::StrokeKind::Inside,
        );
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
    painter: &Painter,
    input: &PaintInput<'_>,
    mark: &Mark,
    visuals: &Visuals,
    emphasis: Emphasis,
) {
    let Some(event) = input.doc.timeline.events.get(mark.event) else {
        return;
    };
    let color = input.mark_color(mark.lane, input.dimmed(mark.event));
    let r = if emphasis == Emphasis::Hovered {
        mark.radius + 1.5
    } else {
        mark.radius
    };
    if emphasis == Emphasis::Selected {
        painter.circle_filled(
            mark.center,
            r + 6.0,
            color.gamma_multiply(fade::SELECTION_HALO),
        );
        painter.circle_stroke(
            mark.center,
            r + 6.0,
            Stroke::new(stroke_pt::SELECTED, visuals.strong_text_color()),
        );
    }
    if event.status == Status::Planned {
        painter.circle_filled(mark.center, r, visuals.panel_fill);
        painter.circle_stroke(
            mark.center,
            r - 1.0,
            Stroke::new(stroke_pt::PLANNED_RING, color),
        );
    } else {
        // The outline is a disc of the background a stroke's width larger, under the dot: it
        // looks as a stroke around the dot would, and two discs are two prepared textured
        // squares where a stroke is a path to tessellate (a million-event view has thousands
        // of dots).
        painter.circle_filled(mark.center, r + stroke_pt::DOT_OUTLINE, visuals.panel_fill);
        painter.circle_filled(mark.center, r, color);
    }
    if event.date.is_approximate() {
        let ring: Vec<Pos2> = (0..=32)
            .map(|i| {
                let angle = i as f32 / 32.0 * std::f32::consts::TAU;
                mark.center + (r + 3.5) * Vec2::angled(angle)
            })
            .collect();
        painter.extend(Shape::dashed_line(
            &ring,
            Stroke::new(stroke_pt::APPROXIMATE_RING, color),
            3.0,
            3.0,
        ));
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
pub(super) fn paint_lane_headers(
    ui: &Ui,
    gutter: Rect,
    doc: &LoadedTimeline,
    layout: &TimelineLayout,
) {
    let painter = ui.painter_at(gutter);
    let visuals = ui.visuals();
    for band in &layout.lanes {
        let color = theme::lane_color(doc, band.lane);
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
            Rect::from_min_size(
                rect.min + vec2(0.0, 1.0),
                vec2(theme::LANE_COLOR_BAR_PT, rect.height() - 2.0),
            ),
            0.0,
            color,
        );
        let Some(label) = doc.lane_label(band.lane) else {
            continue;
        };
        let text_color = theme::readable_on_background(color, visuals);
        let galley = if band.collapsed {
            // A thin strip: the name on one line, shortened to fit.
            let mut job = egui::text::LayoutJob::simple_singleline(
                label.to_owned(),
                theme::collapsed_lane_font(ui.style()),
                text_color,
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(gutter.width() - 18.0);
            painter.layout_job(job)
        } else {
            painter.layout(
                label.to_owned(),
                theme::lane_header_font(ui.style()),
                text_color,
                gutter.width() - 18.0,
            )
        };
        let pos = pos2(rect.min.x + 12.0, band.baseline_y - galley.size().y * 0.5);
        painter.galley(pos, galley, visuals.text_color());
    }
}
