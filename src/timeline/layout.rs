//! Where everything on the timeline goes, in screen points, for one frame.
//!
//! Pure: it takes the events, the view and the plot's frame rectangle and returns a
//! [`TimelineLayout`] value that the UI paints, hit-tests and that tests can assert on.
//!
//! - The lanes and their entries come from [`super::Lanes`] (by category or by source), stacked
//!   top to bottom; an event can have a mark in several lanes.
//! - Each event is a mark on its lane's baseline: a dot for a point in time (its whole precision
//!   span drawn under it once that is wide enough to matter), a bar for an interval.
//! - Labels go in rows above and below the baseline. They are placed greedily: the selected
//!   event first, then key events, then normal, then minor, each in the first row where it
//!   overlaps nothing. Labels never overlap.
//! - Events left without a label are gathered into "+N" clusters: runs of unlabelled marks that
//!   lie close together. Each cluster is a chip placed in a free label row, like a label, so it
//!   never covers a label or another chip. A cluster knows the days it covers, so clicking it
//!   can zoom in.
//!
//! Only visible events are looked at (through [`TimelineIndex`]).

use emath::{Pos2, Rect, pos2};

use super::index::TimelineIndex;
use super::lanes::LaneEntry;
use super::scale::{ScreenScale, TimeView};
use crate::model::{Event, EventIndex, HistDate, Importance};

/// Sizes used by the layout, in points (from the UI theme).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutMetrics {
    /// Marker radius for key, normal and minor events.
    pub marker_radius_pt: [f32; 3],

    /// Height of one label row.
    pub label_height_pt: f32,

    /// Padding left and right of a label's text.
    pub label_padding_pt: f32,

    /// Smallest free space between two labels in a row.
    pub label_gap_pt: f32,

    /// Longest label; longer titles are shortened with "…".
    pub max_label_width_pt: f32,

    /// Thickness of interval bars and precision spans.
    pub bar_height_pt: f32,

    /// Unlabelled marks closer than this join one cluster.
    pub cluster_gap_pt: f32,

    /// A point's precision span (a whole month for `1992-01`) is drawn once it is this wide.
    pub min_precision_span_pt: f32,

    /// A lane where more events start in view than one per this many points of width is drawn
    /// as a density strip (how many events fall in each column) instead of one mark each.
    pub dense_px_per_event: f32,

    /// Width of one column of a density strip.
    pub density_column_pt: f32,

    /// Height of a lane collapsed to a strip because nothing of it is in the period.
    pub collapsed_lane_pt: f32,
}

impl Default for LayoutMetrics {
    fn default() -> Self {
        Self {
            marker_radius_pt: [7.0, 5.5, 4.5],
            label_height_pt: 20.0,
            label_padding_pt: 4.0,
            label_gap_pt: 6.0,
            max_label_width_pt: 260.0,
            bar_height_pt: 8.0,
            cluster_gap_pt: 28.0,
            min_precision_span_pt: 6.0,
            dense_px_per_event: 8.0,
            density_column_pt: 3.0,
            collapsed_lane_pt: 22.0,
        }
    }
}

impl LayoutMetrics {
    /// Marker radius for an importance.
    pub fn radius_for(&self, importance: Importance) -> f32 {
        let i = usize::from(importance.number().saturating_sub(1));
        self.marker_radius_pt.get(i).copied().unwrap_or(5.0)
    }

    fn max_radius(&self) -> f32 {
        self.marker_radius_pt.iter().copied().fold(0.0, f32::max)
    }
}

/// What the layout needs to know.
#[derive(Clone, Copy)]
pub struct LayoutInput<'a> {
    /// All events, sorted by date.
    pub events: &'a [Event],

    /// The events to show and their lanes, in date order (several entries for an event that is
    /// in several lanes).
    pub entries: &'a [LaneEntry],

    /// One visibility index per lane over `entries`.
    pub lane_indexes: &'a [TimelineIndex],

    /// Number of lanes.
    pub lane_count: usize,

    /// The plot area on screen.
    pub frame: Rect,

    /// The time shown.
    pub view: TimeView,

    /// The selected event: always labelled when visible.
    pub selected: Option<EventIndex>,

    /// Events to label before the others (search matches), sorted; empty for none.
    pub emphasized: &'a [EventIndex],

    /// Sizes.
    pub metrics: LayoutMetrics,

    /// How the lanes share the height.
    pub lane_sizing: LaneSizing,
}

/// How the lanes share the plot's height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LaneSizing {
    /// Equal bands, whatever they hold: lanes stay put while the user pans and zooms.
    #[default]
    Equal,

    /// Each lane by what it holds in the view: a lane with nothing in the period shrinks to a
    /// thin named strip, the others share the rest by how many events they show (slides,
    /// presentation stops).
    ByContent,
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

    /// Nothing of the lane is in the period: a thin strip with its name.
    pub collapsed: bool,
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

    /// The lane of the mark it belongs to.
    pub lane: usize,

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

    /// The badge: a chip in a label row, or on the baseline when no row had room.
    pub rect: Rect,

    /// The middle of its events on the baseline (the chip's leader line points here).
    pub anchor: Pos2,

    /// Screen x range of its events on the baseline.
    pub extent_pt: (f32, f32),

    /// Number of events in it.
    pub count: usize,

    /// First day covered by its events.
    pub start_day: f64,

    /// End (exclusive) of the last day covered by its events.
    pub end_day: f64,

    /// The events, in date order.
    pub events: Vec<EventIndex>,
}

impl Cluster {
    /// The badge text, `+N`.
    pub fn text(&self) -> String {
        format!("+{}", self.count)
    }
}

/// One column of a density strip: how many events of a crowded lane start in a few points'
/// width of time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DensityColumn {
    /// Its lane.
    pub lane: usize,

    /// The bar (taller for more events), centred on the baseline.
    pub rect: Rect,

    /// Events starting in the column.
    pub count: usize,

    /// First day of the column.
    pub start_day: f64,

    /// End (exclusive) of the column.
    pub end_day: f64,
}

/// A lane drawn as a density strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DenseLane {
    /// The lane.
    pub lane: usize,

    /// Events starting in view in it.
    pub count: usize,
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

    /// Lanes too crowded for one mark per event, with their counts.
    pub dense_lanes: Vec<DenseLane>,

    /// The columns of their density strips.
    pub density: Vec<DensityColumn>,
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An event (its mark, bar or label).
    Event(EventIndex),

    /// A cluster badge (index into [`TimelineLayout::clusters`]).
    Cluster(usize),

    /// A column of a density strip (index into [`TimelineLayout::density`]).
    Density(usize),
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

    /// What is at `pos`: a dot under the pointer, else a cluster badge, else a label, else the
    /// nearest dot within `slop_pt` of its edge, else a bar.
    pub fn hit_test(&self, pos: Pos2, slop_pt: f32) -> Option<Hit> {
        let nearest_dot = self
            .marks
            .iter()
            .filter(|m| !m.clustered && m.shape == MarkShape::Point)
            .map(|m| (m.center.distance(pos) - m.radius, m))
            .filter(|(gap, _)| *gap <= slop_pt)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        // A dot right under the pointer wins: dots are drawn above cluster badges.
        if let Some((gap, mark)) = nearest_dot
            && gap <= 1.0
        {
            return Some(Hit::Event(mark.event));
        }
        if let Some(i) = self
            .clusters
            .iter()
            .position(|c| c.rect.expand(slop_pt * 0.5).contains(pos))
        {
            return Some(Hit::Cluster(i));
        }
        if let Some(label) = self.labels.iter().find(|l| l.rect.contains(pos)) {
            return Some(Hit::Event(label.event));
        }
        if let Some((_, mark)) = nearest_dot {
            return Some(Hit::Event(mark.event));
        }
        if let Some(mark) = self.marks.iter().rev().find(|m| {
            m.shape == MarkShape::Interval
                && m.span_rect
                    .is_some_and(|r| r.expand(slop_pt * 0.5).contains(pos))
        }) {
            return Some(Hit::Event(mark.event));
        }
        // A density column: anywhere in its lane's middle, at its x.
        self.density
            .iter()
            .position(|c| {
                let band = self.lanes.iter().find(|b| b.lane == c.lane);
                let reach = band.map_or_else(|| c.rect.height(), |b| 0.35 * b.rect.height());
                c.rect.x_range().contains(pos.x)
                    && (pos.y - c.rect.center().y).abs() <= reach.max(c.rect.height() * 0.5)
            })
            .map(Hit::Density)
    }
}

/// The most characters of a title a label measures.
const MAX_LABEL_CHARS: usize = 200;

/// Shortens `text` with "…" so that it measures at most `max_width`.
///
/// The cut is first estimated from the widths of single characters (few distinct ones, so the
/// caller's cache answers them), then checked with one measurement of the shortened text; only
/// when the estimate was too wide does it fall back to a binary search of measurements. A label
/// thus costs two text layouts, not one per step of a search, when many come into view at once.
pub fn fit_text(text: &str, max_width: f32, measure: &mut dyn FnMut(&str) -> f32) -> String {
    // A label never shows more than a line's worth of characters: a hostile title (a megabyte
    // of combining marks) is cut before it is measured, so a frame's work stays bounded.
    let text = match text.char_indices().nth(MAX_LABEL_CHARS) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    };
    if measure(text) <= max_width {
        return text.to_owned();
    }
    let shortened = |end: usize| format!("{}…", text.get(..end).unwrap_or_default().trim_end());
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    // The most characters whose estimated width leaves room for the ellipsis.
    let room = max_width - measure("…");
    let mut estimated = 0.0;
    let mut fitting_chars = 0;
    let mut buffer = [0u8; 4];
    for ch in text.chars() {
        estimated += measure(ch.encode_utf8(&mut buffer));
        if estimated > room {
            break;
        }
        fitting_chars += 1;
    }
    let end_of = |chars: usize| boundaries.get(chars).copied().unwrap_or(text.len());
    let estimate = shortened(end_of(fitting_chars));
    if fitting_chars == 0 || measure(&estimate) <= max_width {
        return estimate;
    }
    // The estimate was too generous (kerning, joined characters): search below it.
    let (mut low, mut high) = (0usize, fitting_chars - 1);
    // Largest prefix length (in chars) that fits with the ellipsis.
    while low < high {
        let mid = (low + high).div_ceil(2);
        if measure(&shortened(end_of(mid))) <= max_width {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    shortened(end_of(low))
}

/// Lays out one frame. `measure` gives the width in points of a label's text.
pub fn layout_timeline(
    input: &LayoutInput<'_>,
    measure: &mut dyn FnMut(&str) -> f32,
) -> TimelineLayout {
    let metrics = input.metrics;
    let frame = input.frame;
    let lane_count = input.lane_count.max(1);
    let scale = ScreenScale {
        view: input.view,
        left_pt: frame.min.x,
        width_pt: frame.width(),
    };
    // A little beyond the edges, so dots cut by the edge are still drawn.
    let margin_days = f64::from(metrics.max_radius()) / scale.pt_per_day();
    let (min_day, max_day) = (
        input.view.min_day - margin_days,
        input.view.max_day + margin_days,
    );
    // Crowded lanes become density strips; only the others are looked at event by event, so
    // the work per frame follows what can be drawn, not the number of events.
    let budget = (frame.width() / metrics.dense_px_per_event).max(8.0) as usize;
    let shares = match input.lane_sizing {
        LaneSizing::Equal => vec![Some(1.0); lane_count],
        LaneSizing::ByContent => content_shares(input, lane_count, min_day, max_day, budget),
    };
    let lanes = lane_bands(frame, &shares, metrics.collapsed_lane_pt);
    let mut visible: Vec<usize> = Vec::new();
    let mut dense_lanes = Vec::new();
    let mut density = Vec::new();
    for (lane, index) in input.lane_indexes.iter().enumerate() {
        let Some(band) = lanes.get(lane) else {
            continue;
        };
        let count = index.count_starting_in(min_day, max_day);
        if count > budget {
            dense_lanes.push(DenseLane { lane, count });
            density_strip(index, band, &scale, &metrics, &mut density);
        } else {
            index.visible_unsorted(min_day, max_day, &mut visible);
        }
    }
    // The selected event is drawn and labelled even in a crowded lane.
    if let Some(selected) = input.selected {
        let first = input.entries.partition_point(|e| e.event() < selected);
        for (i, entry) in input.entries.iter().enumerate().skip(first) {
            if entry.event() != selected {
                break;
            }
            let in_view = input.events.get(selected).is_some_and(|e| {
                f64::from(e.span.end_day_exclusive) > min_day
                    && f64::from(e.span.start_day) < max_day
            });
            if in_view && dense_lanes.iter().any(|d| d.lane == entry.lane()) {
                visible.push(i);
            }
        }
    }
    visible.sort_unstable();
    visible.dedup();

    let mut marks: Vec<Mark> = Vec::with_capacity(visible.len());
    for &entry in &visible {
        let Some((event_index, lane)) = input.entries.get(entry).map(|e| (e.event(), e.lane()))
        else {
            continue;
        };
        let (Some(event), Some(band)) = (input.events.get(event_index), lanes.get(lane)) else {
            continue;
        };
        marks.push(mark_for(event, event_index, band, &scale, &metrics));
    }

    let mut slots = LabelSlots::new(&lanes, &metrics);
    let labels = place_labels(input, &lanes, &marks, &mut slots, measure);
    let clusters = cluster_unlabelled(input, &lanes, &mut marks, &labels, &mut slots, measure);
    TimelineLayout {
        lanes,
        marks,
        labels,
        clusters,
        dense_lanes,
        density,
    }
}

/// Each lane's share of the height by what it shows in `[min_day, max_day)`: `None` for a lane
/// with nothing there, else a weight that grows with its events (up to the eight that a lane's
/// label rows can hold).
fn content_shares(
    input: &LayoutInput<'_>,
    lane_count: usize,
    min_day: f64,
    max_day: f64,
    budget: usize,
) -> Vec<Option<f32>> {
    const MOST_COUNTED: usize = 8;
    let mut visible = Vec::new();
    (0..lane_count)
        .map(|lane| {
            let index = input.lane_indexes.get(lane)?;
            let starting = index.count_starting_in(min_day, max_day);
            let count = if starting > budget {
                starting
            } else {
                // Periods that began before the view count too.
                visible.clear();
                index.visible_unsorted(min_day, max_day, &mut visible);
                visible.len()
            };
            (count > 0).then(|| 2.0 + count.min(MOST_COUNTED) as f32)
        })
        .collect()
}

/// The lanes' bands, top to bottom: collapsed lanes (share `None`) get a thin strip, the others
/// share the rest of the height by their weights. When every lane is empty, they share it
/// equally.
fn lane_bands(frame: Rect, shares: &[Option<f32>], collapsed_pt: f32) -> Vec<LaneBand> {
    let total_weight: f32 = shares.iter().flatten().sum();
    let collapsed_count = shares.iter().filter(|s| s.is_none()).count();
    let everything_empty = total_weight <= 0.0;
    // Strips never take more than a fifth of the height.
    let strip = if collapsed_count == 0 || everything_empty {
        0.0
    } else {
        collapsed_pt.min(frame.height() / 5.0 / collapsed_count as f32)
    };
    let rest = frame.height() - strip * collapsed_count as f32;
    let mut top = frame.min.y;
    shares
        .iter()
        .enumerate()
        .map(|(lane, share)| {
            let height = match share {
                _ if everything_empty => frame.height() / shares.len().max(1) as f32,
                Some(weight) => rest * weight / total_weight,
                None => strip,
            };
            let rect = Rect::from_min_max(pos2(frame.min.x, top), pos2(frame.max.x, top + height));
            top += height;
            LaneBand {
                lane,
                rect,
                baseline_y: rect.center().y,
                collapsed: share.is_none() && !everything_empty,
            }
        })
        .collect()
}

/// The density strip of a crowded lane: per column of `density_column_pt`, the events starting
/// in it, drawn as a bar whose height grows with the logarithm of the count.
fn density_strip(
    index: &TimelineIndex,
    band: &LaneBand,
    scale: &ScreenScale,
    metrics: &LayoutMetrics,
    out: &mut Vec<DensityColumn>,
) {
    let column_pt = metrics.density_column_pt.max(1.0);
    let columns = (scale.width_pt / column_pt).ceil().max(1.0) as usize;
    let first = out.len();
    let mut left_day = scale.day_from_pt(scale.left_pt);
    let mut before = index.count_starting_before(left_day);
    let mut max_count = 0;
    for column in 0..columns {
        let left_pt = scale.left_pt + column as f32 * column_pt;
        let right_day = scale.day_from_pt(left_pt + column_pt);
        let through = index.count_starting_before(right_day);
        let count = through - before;
        if count > 0 {
            max_count = max_count.max(count);
            out.push(DensityColumn {
                lane: band.lane,
                rect: Rect::from_min_max(
                    pos2(left_pt, band.baseline_y),
                    pos2(left_pt + column_pt, band.baseline_y),
                ),
                count,
                start_day: left_day,
                end_day: right_day,
            });
        }
        left_day = right_day;
        before = through;
    }
    // Heights: the fullest column fills most of the lane; one event is still visible.
    let full_half = 0.4 * band.rect.height();
    let log_max = (1.0 + max_count as f32).ln().max(f32::MIN_POSITIVE);
    for column in out.iter_mut().skip(first) {
        let share = (1.0 + column.count as f32).ln() / log_max;
        let half = (full_half * share).max(1.5);
        column.rect.min.y = band.baseline_y - half;
        column.rect.max.y = band.baseline_y + half;
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
    let x0 = scale.pt_from_day(f64::from(event.span.start_day));
    let x1 = scale.pt_from_day(f64::from(event.span.end_day_exclusive));
    let y = band.baseline_y;
    let half_bar = 0.5 * metrics.bar_height_pt;
    let span_rect = Rect::from_min_max(pos2(x0, y - half_bar), pos2(x1, y + half_bar));
    let is_interval = matches!(event.date, HistDate::Interval { .. });
    if is_interval && x1 - x0 >= 2.0 * radius {
        // Hang the label from the visible start of the bar.
        let start = x0.max(scale.left_pt).min(x1);
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
            span_rect: (x1 - x0 >= metrics.min_precision_span_pt).then_some(span_rect),
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

/// The label rows of every lane: above and below the baseline, alternating outward; or, when
/// lanes are too short for that, one row on the baseline itself (labels beside their dots).
struct LabelSlots {
    /// Per lane, rows in the order they are tried: above 1, below 1, above 2, below 2, …
    rows: Vec<Vec<Row>>,
    /// Per lane: too short for rows off the baseline, so the single row is the baseline.
    inline: Vec<bool>,
    /// Per lane: the height of a label row (an inline label is never taller than its lane).
    label_h: Vec<f32>,
    /// Free space between the baseline and the first row.
    clearance: f32,
    gap: f32,
}

impl LabelSlots {
    fn new(lanes: &[LaneBand], metrics: &LayoutMetrics) -> Self {
        let clearance = metrics.max_radius() + 3.0;
        let mut slots = Self {
            rows: Vec::with_capacity(lanes.len()),
            inline: Vec::with_capacity(lanes.len()),
            label_h: Vec::with_capacity(lanes.len()),
            clearance,
            gap: metrics.label_gap_pt,
        };
        for band in lanes {
            let label_h = metrics.label_height_pt;
            let rows_per_side = ((0.5 * band.rect.height() - clearance) / label_h)
                .floor()
                .max(0.0) as usize;
            let inline = rows_per_side == 0;
            let row_count = if inline { 1 } else { 2 * rows_per_side };
            slots
                .rows
                .push((0..row_count).map(|_| Row::default()).collect());
            slots.inline.push(inline);
            slots.label_h.push(if inline {
                label_h.min(band.rect.height())
            } else {
                label_h
            });
        }
        slots
    }

    /// Whether a lane's labels sit on its baseline.
    fn is_inline(&self, lane: usize) -> bool {
        self.inline.get(lane).copied().unwrap_or(true)
    }

    /// The height of a lane's label rows.
    fn row_height(&self, lane: usize) -> f32 {
        self.label_h.get(lane).copied().unwrap_or(0.0)
    }

    /// Marks `[x0, x1]` of an inline lane's baseline row as taken (by a dot).
    fn reserve(&mut self, lane: usize, x0: f32, x1: f32) {
        if let Some(row) = self.rows.get_mut(lane).and_then(|rows| rows.first_mut()) {
            row.occupied.push((x0, x1));
        }
    }

    /// Takes the first row of `band` where one of the candidate left edges is free for a box of
    /// `width`, trying every candidate in a row before moving outward; returns the box.
    fn place(&mut self, band: &LaneBand, candidates: &[f32], width: f32) -> Option<Rect> {
        let gap = self.gap;
        let lane_rows = self.rows.get_mut(band.lane)?;
        let (slot, row, x0) = lane_rows.iter_mut().enumerate().find_map(|(slot, row)| {
            let x0 = candidates
                .iter()
                .copied()
                .find(|&x0| row.is_free(x0, x0 + width, gap))?;
            Some((slot, row, x0))
        })?;
        let x1 = x0 + width;
        row.occupied.push((x0, x1));
        let level = (slot / 2) as f32;
        let label_h = self.row_height(band.lane);
        let (y0, y1) = if self.is_inline(band.lane) {
            let half = 0.5 * label_h;
            (band.baseline_y - half, band.baseline_y + half)
        } else if slot % 2 == 0 {
            let bottom = band.baseline_y - self.clearance - level * label_h;
            (bottom - label_h, bottom)
        } else {
            let top = band.baseline_y + self.clearance + level * label_h;
            (top, top + label_h)
        };
        Some(Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)))
    }
}

/// Greedy label placement; see the module docs.
fn place_labels(
    input: &LayoutInput<'_>,
    lanes: &[LaneBand],
    marks: &[Mark],
    slots: &mut LabelSlots,
    measure: &mut dyn FnMut(&str) -> f32,
) -> Vec<PlacedLabel> {
    let metrics = input.metrics;
    let frame = input.frame;
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by_key(|m| {
        let event = input.events.get(m.event);
        (
            Some(m.event) != input.selected,
            input.emphasized.binary_search(&m.event).is_err(),
            event.map(|e| e.importance),
            m.event,
        )
    });
    let mut labels = Vec::new();
    for mark in order {
        let (Some(event), Some(band)) = (input.events.get(mark.event), lanes.get(mark.lane)) else {
            continue;
        };
        if mark.center.x < frame.min.x - 1.0 || mark.center.x > frame.max.x {
            continue;
        }
        let max_text = metrics.max_label_width_pt - 2.0 * metrics.label_padding_pt;
        let text = fit_text(&event.title, max_text, measure);
        let width = measure(&text) + 2.0 * metrics.label_padding_pt;
        // The label starts at its mark, or ends there when the right side is taken; near the
        // edges it slides to stay on screen, always keeping the mark within its width.
        let keep_on_screen = |x0: f32| x0.min(frame.max.x - width).max(frame.min.x);
        let inline = slots.is_inline(mark.lane);
        let candidates = if inline {
            // Beside the dot, right or left, on the baseline.
            let beside = mark.radius + metrics.label_gap_pt;
            [
                keep_on_screen(mark.center.x + beside),
                keep_on_screen(mark.center.x - beside - width),
            ]
        } else {
            [
                keep_on_screen(mark.center.x - metrics.label_padding_pt),
                keep_on_screen(mark.center.x - width + metrics.label_padding_pt),
            ]
        };
        if inline {
            // Inline labels must not cover a dot that is drawn (their own, or the selection's).
            slots.reserve(
                mark.lane,
                mark.center.x - mark.radius,
                mark.center.x + mark.radius,
            );
        }
        if let Some(rect) = slots.place(band, &candidates, width) {
            labels.push(PlacedLabel {
                event: mark.event,
                lane: mark.lane,
                rect,
                anchor: mark.center,
                text,
            });
        }
    }
    labels
}

/// Groups unlabelled marks into clusters shown as "+N" chips; their marks are flagged
/// `clustered`.
fn cluster_unlabelled(
    input: &LayoutInput<'_>,
    lanes: &[LaneBand],
    marks: &mut [Mark],
    labels: &[PlacedLabel],
    slots: &mut LabelSlots,
    measure: &mut dyn FnMut(&str) -> f32,
) -> Vec<Cluster> {
    let metrics = input.metrics;
    let mut labelled: Vec<(EventIndex, usize)> = labels.iter().map(|l| (l.event, l.lane)).collect();
    labelled.sort_unstable();
    let is_labelled = |m: &Mark| labelled.binary_search(&(m.event, m.lane)).is_ok();

    // Per lane, runs of unlabelled on-screen marks no further apart than `cluster_gap_pt`, taken
    // in screen order (a dot sits in the middle of its span, so date order is not x order).
    let mut candidates: Vec<usize> = (0..marks.len())
        .filter(|&i| {
            marks.get(i).is_some_and(|mark| {
                let x = mark.center.x;
                !is_labelled(mark) && x >= input.frame.min.x && x <= input.frame.max.x
            })
        })
        .collect();
    candidates.sort_by(|&a, &b| {
        let key = |i: usize| marks.get(i).map_or((0, 0.0), |m| (m.lane, m.center.x));
        let (lane_a, x_a) = key(a);
        let (lane_b, x_b) = key(b);
        lane_a.cmp(&lane_b).then(x_a.total_cmp(&x_b))
    });
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut last: Option<(usize, f32)> = None;
    for i in candidates {
        let Some(mark) = marks.get(i) else { continue };
        let joins = last.is_some_and(|(lane, x)| {
            lane == mark.lane && mark.center.x - x <= metrics.cluster_gap_pt
        });
        match groups.last_mut() {
            Some((_, members)) if joins => members.push(i),
            _ => groups.push((mark.lane, vec![i])),
        }
        last = Some((mark.lane, mark.center.x));
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.first().cmp(&b.1.first())));

    // The baseline, where chips may sit when the label rows are full: taken by the dots that
    // stay visible (labelled ones).
    let mut baseline: Vec<Row> = (0..input.lane_count.max(1))
        .map(|_| Row::default())
        .collect();
    for mark in marks
        .iter()
        .filter(|m| m.shape == MarkShape::Point && is_labelled(m))
    {
        if let Some(row) = baseline.get_mut(mark.lane) {
            row.occupied.push((
                mark.center.x - mark.radius - 6.0,
                mark.center.x + mark.radius + 6.0,
            ));
        }
    }

    let mut clusters: Vec<Cluster> = Vec::new();
    for (lane, members) in groups {
        let Some(band) = lanes.get(lane) else {
            continue;
        };
        let mut cluster = Cluster {
            lane,
            rect: Rect::NOTHING,
            anchor: pos2(0.0, band.baseline_y),
            extent_pt: (f32::INFINITY, f32::NEG_INFINITY),
            count: 0,
            start_day: f64::INFINITY,
            end_day: f64::NEG_INFINITY,
            events: Vec::with_capacity(members.len()),
        };
        for &i in &members {
            let Some(mark) = marks.get_mut(i) else {
                continue;
            };
            mark.clustered = true;
            cluster.extent_pt = (
                cluster.extent_pt.0.min(mark.center.x),
                cluster.extent_pt.1.max(mark.center.x),
            );
            cluster.events.push(mark.event);
            if let Some(event) = input.events.get(mark.event) {
                cluster.start_day = cluster.start_day.min(f64::from(event.span.start_day));
                cluster.end_day = cluster.end_day.max(f64::from(event.span.end_day_exclusive));
            }
        }
        cluster.count = cluster.events.len();
        cluster.anchor.x = 0.5 * (cluster.extent_pt.0 + cluster.extent_pt.1);
        let width = measure(&cluster.text()) + 2.0 * metrics.label_padding_pt + 6.0;
        let keep_on_screen = |x0: f32| x0.min(input.frame.max.x - width).max(input.frame.min.x);
        let centred = cluster.anchor.x - 0.5 * width;
        let candidates: Vec<f32> = [0.0, -0.75, 0.75, -1.5, 1.5, -2.5, 2.5]
            .iter()
            .map(|shift| keep_on_screen(centred + shift * width))
            .collect();
        if let Some(rect) = slots.place(band, &candidates, width) {
            cluster.rect = rect;
            clusters.push(cluster);
            continue;
        }
        // No free label row: sit on the baseline beside the dots that are still drawn.
        // No taller than a label row (which never exceeds the lane).
        let half_h = 0.5 * slots.row_height(lane);
        let baseline_candidates: Vec<f32> = [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.5, 4.5]
            .iter()
            .map(|shift| keep_on_screen(centred + shift * width))
            .collect();
        // (In an inline lane the label row already is the baseline.)
        let inline = slots.is_inline(lane);
        if let Some(row) = baseline.get_mut(lane).filter(|_| !inline)
            && let Some(x0) = baseline_candidates
                .into_iter()
                .find(|&x0| row.is_free(x0, x0 + width, 2.0))
        {
            row.occupied.push((x0, x0 + width));
            cluster.rect = Rect::from_min_max(
                pos2(x0, band.baseline_y - half_h),
                pos2(x0 + width, band.baseline_y + half_h),
            );
            clusters.push(cluster);
            continue;
        }
        // Anywhere in the lane, nearest first.
        let steps = (input.frame.width() / width.max(1.0)).ceil() as i32;
        let mut anywhere: Vec<f32> = (-steps..=steps)
            .map(|k| keep_on_screen(centred + k as f32 * width))
            .collect();
        anywhere.sort_by(|a, b| (a - centred).abs().total_cmp(&(b - centred).abs()));
        if let Some(rect) = slots.place(band, &anywhere, width) {
            cluster.rect = rect;
            clusters.push(cluster);
            continue;
        }
        // Nowhere at all: fold it into the previous chip of the lane; with none, its events stay
        // plain dots (nothing may be covered).
        match clusters.last_mut() {
            Some(previous) if previous.lane == lane => {
                previous.count += cluster.count;
                previous.events.extend(cluster.events);
                previous.start_day = previous.start_day.min(cluster.start_day);
                previous.end_day = previous.end_day.max(cluster.end_day);
                previous.extent_pt = (
                    previous.extent_pt.0.min(cluster.extent_pt.0),
                    previous.extent_pt.1.max(cluster.extent_pt.1),
                );
            }
            _ => {
                for &i in &members {
                    if let Some(mark) = marks.get_mut(i) {
                        mark.clustered = false;
                    }
                }
            }
        }
    }
    clusters
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests;
