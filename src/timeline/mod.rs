//! The timeline's geometry, independent of any UI library: the time scale, calendar ticks, the
//! visibility index, the lanes of a loaded timeline, the per-frame layout of lanes, marks, labels
//! and clusters, and the tour (presentation mode's stops and animation).

pub mod index;
pub mod lanes;
pub mod layout;
pub mod loaded;
pub mod scale;
pub mod ticks;
pub mod tour;

pub use index::TimelineIndex;
pub use lanes::{EventFilter, Grouping, Lane, LaneEntry, LaneKind, Lanes};
pub use layout::{
    Cluster, DenseLane, DensityColumn, Hit, LaneBand, LaneSizing, LayoutInput, LayoutMetrics, Mark,
    MarkShape, PlacedLabel, TimelineLayout, fit_text, layout_timeline,
};
pub use loaded::LoadedTimeline;
pub use scale::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, ScreenScale, TimeView, date_from_x, x_from_date};
pub use ticks::{Tick, TickUnit, finest_unit, tick_label, ticks};
