//! A loaded timeline prepared for display.

use egui::Color32;

use super::theme;
use crate::model::{EventIndex, Problem, Timeline};
use crate::timeline::{TimeView, TimelineIndex};

/// A timeline ready to show: the model plus what the views need, computed once at load.
pub struct LoadedTimeline {
    /// The timeline.
    pub timeline: Timeline,

    /// Visibility index over its events.
    pub index: TimelineIndex,

    /// The lane of each event (its category).
    pub lane_of_event: Vec<usize>,

    /// Lane names, top to bottom.
    pub lane_labels: Vec<String>,

    /// Lane colours.
    pub lane_colors: Vec<Color32>,

    /// Warnings from loading (unverified excerpts, unknown fields).
    pub warnings: Vec<Problem>,

    /// The file's name as the user gave it.
    pub file_name: String,
}

impl LoadedTimeline {
    /// Prepares a loaded timeline for display.
    pub fn new(timeline: Timeline, warnings: Vec<Problem>, file_name: String) -> Self {
        let index = TimelineIndex::new(timeline.events.iter().map(|e| e.span));
        let lane_of_event = timeline.events.iter().map(|e| e.category).collect();
        let lane_labels = timeline
            .categories
            .iter()
            .map(|c| c.label.clone())
            .collect();
        let lane_colors = timeline
            .categories
            .iter()
            .map(|c| theme::category_color(c.color))
            .collect();
        Self {
            timeline,
            index,
            lane_of_event,
            lane_labels,
            lane_colors,
            warnings,
            file_name,
        }
    }

    /// A lane's colour.
    pub fn lane_color(&self, lane: usize) -> Color32 {
        self.lane_colors.get(lane).copied().unwrap_or(Color32::GRAY)
    }

    /// The colour of an event's lane.
    pub fn event_color(&self, event: EventIndex) -> Color32 {
        self.lane_of_event
            .get(event)
            .map_or(Color32::GRAY, |&lane| self.lane_color(lane))
    }

    /// A view of the whole timeline.
    pub fn full_view(&self) -> TimeView {
        match self.index.extent() {
            Some((start, end)) => TimeView::fit(f64::from(start), f64::from(end), 0.04),
            None => TimeView::new(726_000.0, 730_000.0),
        }
    }
}
