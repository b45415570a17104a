//! Where everything on the timeline goes, in screen points, for one frame.
//!
//! Pure: it takes the events, the view and the plot's frame rectangle and returns a
//! [`TimelineLayout`] value that the UI paints, hit-tests and that tests can assert on.
//!
//! - One lane per category (or any other grouping the caller passes), stacked top to bottom.
//! - Each event is a mark on its lane's baseline: a dot for a point in time (its whole precision
//!   span drawn under it once that is wide enough to matter), a bar for an interval.
//! - Labels go in rows above and below the baseline. They are placed greedily: the selected
//!   event first, then key events, then normal, then minor, each in the first row where it
//!   overlaps nothing. Labels never overlap.
//! - Events left without a label are gathered into "+N" clusters: runs of unlabelled marks that
//!   lie close together. A cluster knows the days it covers, so clicking it can zoom in.
//!
//! Only visible events are looked at (through [`TimelineIndex`]).

use emath::{Pos2, Rect, pos2};

use super::index::TimelineIndex;
use super::scale::{ScreenScale, TimeView};
use crate::model::{Event, EventIndex, HistDate, Importance};

/// Sizes used by the layout, in points (from the UI theme).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutMetrics {
    /// Marker radius for key, normal and minor events.
    pub marker_radius_px: [f32; 3],

    /// Height of one label row.
    pub label_height_px: f32,

    /// Padding left and right of a label's text.
    pub label_padding_px: f32,

    /// Smallest free space between two labels in a row.
    pub label_gap_px: f32,

    /// Longest label; longer titles are shortened with "…".
    pub max_label_width_px: f32,

    /// Thickness of interval bars and precision spans.
    pub bar_height_px: f32,

    /// Unlabelled marks closer than this join one cluster.
    pub cluster_gap_px: f32,

    /// A point's precision span (a whole month for `1992-01`) is drawn once it is this wide.
    pub min_precision_span_px: f32,
}

impl Default for LayoutMetrics {
    fn default() -> Self {
        Self {
            marker_radius_px: [7.0, 5.5, 4.5],
            label_height_px: 20.0,
            label_padding_px: 4.0,
            label_gap_px: 6.0,
            max_label_width_px: 260.0,
            bar_height_px: 8.0,
            cluster_gap_px: 28.0,
            min_precision_span_px: 6.0,
        }
    }
}

impl LayoutMetrics {
    /// Marker radius for an importance.
    pub fn radius_for(&self, importance: Importance) -> f32 {
        let i = usize::from(importance.number().saturating_sub(1));
        self.marker_radius_px.get(i).copied().unwrap_or(5.0)
    }

    fn max_radius(&self) -> f32 {
        self.marker_radius_px.iter().copied().fold(0.0, f32::max)
    }
}

/// What the layout needs to know.
#[derive(Clone, Copy)]
pub struct LayoutInput<'a> {
    /// All events, sorted by date.
    pub events: &'a [Event],

    /// The visibility index over `events`.
    pub index: &'a TimelineIndex,

    /// The lane of each event (same length as `events`).
    pub lane_of_event: &'a [usize],

    /// Number of lanes.
    pub lane_count: usize,

    /// The plot area on screen.
    pub frame: Rect,

    /// The time shown.
    pub view: TimeView,

    /// The selected event: always labelled when visible.
    pub selected: Option<EventIndex>,

    /// Sizes.
    pub metrics: LayoutMetrics,
}

/// One lane's band on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBand {
    /// Lane number (0 at the top).
    pub lane: usize,

    /// The band.
    pub rect: Rect,

    /// Where marks sit.
    pub baseline_y: f32,
}

/// How an event is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkShape {
    /// A dot.
    Point,

    /// A bar from start to end.
    Interval,
}

/// An event's mark on its lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    /// The event.
    pub event: EventIndex,

    /// Its lane.
    pub lane: usize,

    /// Dot centre, or for an interval the visible start of the bar (where its label hangs).
    pub center: Pos2,

    /// Dot radius (by importance).
    pub radius: f32,

    /// Dot or bar.
    pub shape: MarkShape,

    /// The bar of an interval, or a point's precision span when it is wide enough to show.
    pub span_rect: Option<Rect>,

    /// Part of a cluster: the dot is represented by the cluster badge.
    pub clustered: bool,
}

/// A placed label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedLabel {
    /// The event.
    pub event: EventIndex,

    /// The label's box (text plus padding).
    pub rect: Rect,

    /// The point of the mark the label belongs to (for the leader line).
    pub anchor: Pos2,

    /// The text shown (the title, shortened with "…" when too long).
    pub text: String,
}

/// A "+N" badge standing for events whose labels did not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Its lane.
    pub lane: usize,

    /// The badge.
    pub rect: Rect,

    /// Number of events in it.
    pub count: usize,

    /// First day covered by its events.
    pub start_x: f64,

    /// End (exclusive) of the last day covered by its events.
    pub end_x: f64,

    /// The events, in date order.
    pub events: Vec<EventIndex>,
}

impl Cluster {
    /// The badge text, `+N`.
    pub fn text(&self) -> String {
        format!("+{}", self.count)
    }
}

/// Everything to paint for one frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineLayout {
    /// Lane bands, top to bottom.
    pub lanes: Vec<LaneBand>,

    /// Marks of visible events, in date order.
    pub marks: Vec<Mark>,

    /// Labels; they never overlap.
    pub labels: Vec<PlacedLabel>,

    /// Clusters of unlabelled events.
    pub clusters: Vec<Cluster>,
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An event (its mark, bar or label).
    Event(EventIndex),

    /// A cluster badge (index into [`TimelineLayout::clusters`]).
    Cluster(usize),
}

impl TimelineLayout {
    /// The mark of an event, if it is visible.
    pub fn mark_of(&self, event: EventIndex) -> Option<&Mark> {
        self.marks
            .binary_search_by_key(&event, |m| m.event)
            .ok()
            .and_then(|i| self.marks.get(i))
    }

    /// The label of an event, if it has one.
    pub fn label_of(&self, event: EventIndex) -> Option<&PlacedLabel> {
        self.labels.iter().find(|l| l.event == event)
    }

    /// What is at `pos`: a cluster badge, else a label, else the nearest dot within `slop_px` of
    /// its edge, else a bar.
    pub fn hit_test(&self, pos: Pos2, slop_px: f32) -> Option<Hit> {
        if let Some(i) = self
            .clusters
            .iter()
            .position(|c| c.rect.expand(slop_px * 0.5).contains(pos))
        {
            return Some(Hit::Cluster(i));
        }
        if let Some(label) = self.labels.iter().find(|l| l.rect.contains(pos)) {
            return Some(Hit::Event(label.event));
        }
        let nearest_dot = self
            .marks
            .iter()
            .filter(|m| !m.clustered)
            .map(|m| (m.center.distance(pos) - m.radius, m))
            .filter(|(gap, _)| *gap <= slop_px)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, mark)) = nearest_dot {
            return Some(Hit::Event(mark.event));
        }
        self.marks
            .iter()
            .rev()
            .find(|m| {
                m.shape == MarkShape::Interval
                    && m.span_rect
                        .is_some_and(|r| r.expand(slop_px * 0.5).contains(pos))
            })
            .map(|m| Hit::Event(m.event))
    }
}

/// Shortens `text` with "…" so that it measures at most `max_width`.
pub fn fit_text(text: &str, max_width: f32, measure: &mut dyn FnMut(&str) -> f32) -> String {
    if measure(text) <= max_width {
        return text.to_owned();
    }
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut low, mut high) = (0usize, boundaries.len());
    // Largest prefix length (in chars) that fits with the ellipsis.
    while low < high {
        let mid = (low + high).div_ceil(2);
        let end = boundaries.get(mid).copied().unwrap_or(text.len());
        let candidate = format!("{}…", text.get(..end).unwrap_or_default().trim_end());
        if measure(&candidate) <= max_width {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let end = boundaries.get(low).copied().unwrap_or(0);
    format!("{}…", text.get(..end).unwrap_or_default().trim_end())
}

/// Lays out one frame. `measure` gives the width in points of a label's text.
pub fn layout_timeline(
    input: &LayoutInput<'_>,
    measure: &mut dyn FnMut(&str) -> f32,
) -> TimelineLayout {
    let metrics = input.metrics;
    let frame = input.frame;
    let lane_count = input.lane_count.max(1);
    let lane_height = frame.height() / lane_count as f32;
    let lanes: Vec<LaneBand> = (0..lane_count)
        .map(|lane| {
            let top = frame.min.y + lane as f32 * lane_height;
            let rect =
                Rect::from_min_max(pos2(frame.min.x, top), pos2(frame.max.x, top + lane_height));
            LaneBand {
                lane,
                rect,
                baseline_y: rect.center().y,
            }
        })
        .collect();
    let scale = ScreenScale {
        view: input.view,
        left_px: frame.min.x,
        width_px: frame.width(),
    };
    // A little beyond the edges, so dots cut by the edge are still drawn.
    let margin_days = f64::from(metrics.max_radius()) / scale.px_per_day();
    let visible = input.index.visible(
        input.view.min_x - margin_days,
        input.view.max_x + margin_days,
    );

    let mut marks: Vec<Mark> = Vec::with_capacity(visible.len());
    for &event_index in &visible {
        let (Some(event), Some(&lane)) = (
            input.events.get(event_index),
            input.lane_of_event.get(event_index),
        ) else {
            continue;
        };
        let Some(band) = lanes.get(lane) else {
            continue;
        };
        marks.push(mark_for(event, event_index, band, &scale, &metrics));
    }

    let labels = place_labels(input, &lanes, &marks, measure);
    let clusters = cluster_unlabelled(input, &mut marks, &labels);
    TimelineLayout {
        lanes,
        marks,
        labels,
        clusters,
    }
}

fn mark_for(
    event: &Event,
    event_index: EventIndex,
    band: &LaneBand,
    scale: &ScreenScale,
    metrics: &LayoutMetrics,
) -> Mark {
    let radius = metrics.radius_for(event.importance);
    let x0 = scale.px_from_x(f64::from(event.span.start_day));
    let x1 = scale.px_from_x(f64::from(event.span.end_day_exclusive));
    let y = band.baseline_y;
    let half_bar = 0.5 * metrics.bar_height_px;
    let span_rect = Rect::from_min_max(pos2(x0, y - half_bar), pos2(x1, y + half_bar));
    let is_interval = matches!(event.date, HistDate::Interval { .. });
    if is_interval && x1 - x0 >= 2.0 * radius {
        // Hang the label from the visible start of the bar.
        let start = x0.max(scale.left_px).min(x1);
        Mark {
            event: event_index,
            lane: band.lane,
            center: pos2(start, y),
            radius,
            shape: MarkShape::Interval,
            span_rect: Some(span_rect),
            clustered: false,
        }
    } else {
        Mark {
            event: event_index,
            lane: band.lane,
            center: pos2(0.5 * (x0 + x1), y),
            radius,
            shape: MarkShape::Point,
            span_rect: (x1 - x0 >= metrics.min_precision_span_px).then_some(span_rect),
            clustered: false,
        }
    }
}

/// Occupied x ranges of one label row.
#[derive(Default)]
struct Row {
    occupied: Vec<(f32, f32)>,
}

impl Row {
    fn is_free(&self, x0: f32, x1: f32, gap: f32) -> bool {
        self.occupied
            .iter()
            .all(|&(a, b)| x1 + gap <= a || x0 >= b + gap)
    }
}

/// Greedy label placement; see the module docs.
fn place_labels(
    input: &LayoutInput<'_>,
    lanes: &[LaneBand],
    marks: &[Mark],
    measure: &mut dyn FnMut(&str) -> f32,
) -> Vec<PlacedLabel> {
    let metrics = input.metrics;
    let frame = input.frame;
    let label_h = metrics.label_height_px;
    let clearance = metrics.max_radius() + 3.0;
    // Rows per side of the baseline that fit in a lane.
    let rows_per_side = lanes.first().map_or(0, |band| {
        ((0.5 * band.rect.height() - clearance) / label_h)
            .floor()
            .max(0.0) as usize
    });
    let mut rows: Vec<Vec<Row>> = lanes
        .iter()
        .map(|_| (0..2 * rows_per_side).map(|_| Row::default()).collect())
        .collect();

    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by_key(|m| {
        let event = input.events.get(m.event);
        (
            Some(m.event) != input.selected,
            event.map(|e| e.importance),
            m.event,
        )
    });

    let mut labels = Vec::new();
    for mark in order {
        let (Some(event), Some(band), Some(lane_rows)) = (
            input.events.get(mark.event),
            lanes.get(mark.lane),
            rows.get_mut(mark.lane),
        ) else {
            continue;
        };
        if mark.center.x < frame.min.x - 1.0 || mark.center.x > frame.max.x {
            continue;
        }
        let max_text = metrics.max_label_width_px - 2.0 * metrics.label_padding_px;
        let text = fit_text(&event.title, max_text, measure);
        let width = measure(&text) + 2.0 * metrics.label_padding_px;
        // The label starts at its mark; near the right edge it slides left to stay on screen.
        let mut x0 = mark.center.x - metrics.label_padding_px;
        if x0 + width > frame.max.x {
            x0 = frame.max.x - width;
        }
        x0 = x0.max(frame.min.x);
        let x1 = x0 + width;
        for (slot, row) in lane_rows.iter_mut().enumerate() {
            if !row.is_free(x0, x1, metrics.label_gap_px) {
                continue;
            }
            let level = (slot / 2) as f32;
            let (y0, y1) = if slot % 2 == 0 {
                let bottom = band.baseline_y - clearance - level * label_h;
                (bottom - label_h, bottom)
            } else {
                let top = band.baseline_y + clearance + level * label_h;
                (top, top + label_h)
            };
            row.occupied.push((x0, x1));
            labels.push(PlacedLabel {
                event: mark.event,
                rect: Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)),
                anchor: mark.center,
                text,
            });
            break;
        }
    }
    labels
}

/// Groups unlabelled marks into clusters; marks that joined one are flagged `clustered`.
fn cluster_unlabelled(
    input: &LayoutInput<'_>,
    marks: &mut [Mark],
    labels: &[PlacedLabel],
) -> Vec<Cluster> {
    let metrics = input.metrics;
    let mut labelled: Vec<EventIndex> = labels.iter().map(|l| l.event).collect();
    labelled.sort_unstable();
    let is_labelled = |e: EventIndex| labelled.binary_search(&e).is_ok();

    // Per lane, marks in x order (marks are in date order, which is x order of their starts).
    let mut by_lane: Vec<Vec<usize>> = vec![Vec::new(); input.lane_count.max(1)];
    for (i, mark) in marks.iter().enumerate() {
        if let Some(list) = by_lane.get_mut(mark.lane) {
            list.push(i);
        }
    }
    let mut clusters = Vec::new();
    for (lane, mark_ids) in by_lane.iter().enumerate() {
        let mut group: Vec<usize> = Vec::new();
        let mut last_x = f32::NEG_INFINITY;
        let flush = |group: &mut Vec<usize>, marks: &mut [Mark], clusters: &mut Vec<Cluster>| {
            if group.is_empty() {
                return;
            }
            clusters.push(make_cluster(input, lane, group, marks));
            group.clear();
        };
        for &i in mark_ids {
            let Some(mark) = marks.get(i) else { continue };
            let x = mark.center.x;
            let on_screen = x >= input.frame.min.x && x <= input.frame.max.x;
            if is_labelled(mark.event) || !on_screen {
                flush(&mut group, marks, &mut clusters);
                continue;
            }
            if x - last_x > metrics.cluster_gap_px {
                flush(&mut group, marks, &mut clusters);
            }
            group.push(i);
            last_x = x;
        }
        flush(&mut group, marks, &mut clusters);
    }
    merge_overlapping(clusters, input.metrics.label_gap_px)
}

/// Merges badges of the same lane that would touch, so badges never overlap either.
fn merge_overlapping(mut clusters: Vec<Cluster>, gap: f32) -> Vec<Cluster> {
    clusters.sort_by(|a, b| {
        (a.lane, a.rect.min.x)
            .partial_cmp(&(b.lane, b.rect.min.x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut merged: Vec<Cluster> = Vec::with_capacity(clusters.len());
    for cluster in clusters {
        match merged.last_mut() {
            Some(last)
                if last.lane == cluster.lane && cluster.rect.min.x < last.rect.max.x + gap =>
            {
                last.rect = last.rect.union(cluster.rect);
                last.count += cluster.count;
                last.start_x = last.start_x.min(cluster.start_x);
                last.end_x = last.end_x.max(cluster.end_x);
                last.events.extend(cluster.events);
                last.events.sort_unstable();
            }
            _ => merged.push(cluster),
        }
    }
    merged
}

fn make_cluster(
    input: &LayoutInput<'_>,
    lane: usize,
    group: &[usize],
    marks: &mut [Mark],
) -> Cluster {
    let metrics = input.metrics;
    let mut min_x = f32::INFINITY;
    let mut max_x = f32::NEG_INFINITY;
    let mut start_x = f64::INFINITY;
    let mut end_x = f64::NEG_INFINITY;
    let mut events = Vec::with_capacity(group.len());
    let mut baseline = 0.0;
    for &i in group {
        let Some(mark) = marks.get_mut(i) else {
            continue;
        };
        mark.clustered = true;
        min_x = min_x.min(mark.center.x);
        max_x = max_x.max(mark.center.x);
        baseline = mark.center.y;
        events.push(mark.event);
        if let Some(event) = input.events.get(mark.event) {
            start_x = start_x.min(f64::from(event.span.start_day));
            end_x = end_x.max(f64::from(event.span.end_day_exclusive));
        }
    }
    let count = events.len();
    // Wide enough for "+NN" and for the marks it stands for.
    let text_width = 9.0 * (count.to_string().len() as f32 + 1.0);
    let badge_width = (max_x - min_x + 2.0 * metrics.max_radius())
        .max(text_width + 2.0 * metrics.label_padding_px);
    let center_x = 0.5 * (min_x + max_x);
    let half_h = 0.5
        * metrics
            .label_height_px
            .min(2.0 * metrics.max_radius() + 6.0);
    Cluster {
        lane,
        rect: Rect::from_min_max(
            pos2(center_x - 0.5 * badge_width, baseline - half_h),
            pos2(center_x + 0.5 * badge_width, baseline + half_h),
        ),
        count,
        start_x,
        end_x,
        events,
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests;
