//! Moving around the open timeline: selecting and stepping through events (the view follows),
//! fitting and zooming, a chip's list of events, and opening a source text at a passage.

use super::{ClusterList, FOLLOW_MARGIN, Session, ZOOM_MARGIN};
use crate::model::EventIndex;
use crate::timeline::TimeView;
use crate::ui::source_view::SourceViewState;

impl Session {
    /// Selects an event or clears the selection. Returns whether an event is now selected (the
    /// detail panel then opens).
    pub fn select(&mut self, event: Option<EventIndex>) -> bool {
        let count = self.doc().map_or(0, |doc| doc.timeline.events.len());
        self.cluster_list = None;
        self.selected = event.filter(|&i| i < count);
        if self.selected.is_some() {
            self.list_follows_selection = true;
        }
        self.selected.is_some()
    }

    /// Selects an event and moves the view as little as possible to show it, so the class
    /// keeps its bearings while stepping through. Returns whether it was selected.
    pub fn select_and_follow(&mut self, event: EventIndex) -> bool {
        let Some(doc) = self.doc() else {
            return false;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return false;
        };
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let next = view.panned_to_show(
            f64::from(span.start_day),
            f64::from(span.end_day_exclusive),
            FOLLOW_MARGIN,
        );
        self.selected = Some(event);
        self.list_follows_selection = true;
        if next != view {
            self.set_view(next);
        }
        true
    }

    /// Selects the event `delta` places from the selection among those shown (the first or last
    /// when nothing is selected). Returns whether one was selected.
    pub fn step(&mut self, delta: i32) -> bool {
        let next = self
            .doc()
            .and_then(|doc| doc.lanes.step_from(self.selected, delta as isize));
        next.is_some_and(|event| self.select_and_follow(event))
    }

    /// Selects the first (or last) event shown. Returns whether one was selected.
    pub fn select_end(&mut self, last: bool) -> bool {
        let shown = self.doc().map(|doc| doc.lanes.shown_events.as_slice());
        let end = shown.and_then(|s| if last { s.last() } else { s.first() });
        end.copied()
            .is_some_and(|event| self.select_and_follow(event))
    }

    /// Selects the next search match after the selection (or the previous one before it),
    /// wrapping around. Returns whether one was selected.
    pub fn step_match(&mut self, forward: bool) -> bool {
        let matches = &self.search.matches;
        let next = match self.selected {
            Some(selected) if forward => matches
                .iter()
                .find(|&&m| m > selected)
                .or_else(|| matches.first()),
            Some(selected) => matches
                .iter()
                .rev()
                .find(|&&m| m < selected)
                .or_else(|| matches.last()),
            None if forward => matches.first(),
            None => matches.last(),
        };
        next.copied()
            .is_some_and(|event| self.select_and_follow(event))
    }

    /// `F`: shows the timeline's story period (its `view`, tour or key events); when that is
    /// already shown, the whole timeline.
    pub fn fit_all(&mut self) {
        let Some(doc) = self.doc() else {
            return;
        };
        let (story, full) = (doc.story_view(), doc.full_view());
        let showing_story = self.view.is_some_and(|v| v.approx_eq(&story));
        self.set_view(if showing_story { full } else { story });
    }

    /// Zooms by `factor` (> 1 zooms in): onto the selected event when it is in view (it moves
    /// to the middle), else around the middle of the view.
    pub fn zoom(&mut self, factor: f64) {
        let Some(doc) = self.doc() else {
            return;
        };
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let selected_day = self
            .selected
            .and_then(|i| doc.timeline.events.get(i))
            .map(|e| 0.5 * f64::from(e.span.start_day + e.span.end_day_exclusive))
            .filter(|&day| day > view.min_day && day < view.max_day);
        let zoomed = match selected_day {
            Some(day) => view.zoomed_at(factor, day).centered_on(day),
            None => view.zoomed_at(factor, view.center_day()),
        };
        self.set_view(zoomed);
    }

    /// Shows the days `[start_day, end_day)` with a margin.
    pub fn zoom_to(&mut self, start_day: f64, end_day: f64) {
        if self.doc().is_some() {
            self.set_view(TimeView::fit(start_day, end_day, ZOOM_MARGIN));
        }
    }

    /// A "+N" chip was clicked: zooms in on its days, or, when that would not separate its
    /// events (they share a day), lists them at `at` to choose from.
    pub fn open_cluster(&mut self, list: ClusterList, start_day: f64, end_day: f64) {
        let Some(full) = self.full_view() else {
            return;
        };
        let view = self.view.unwrap_or(full);
        let zoomed = TimeView::fit(start_day, end_day, ZOOM_MARGIN);
        if zoomed.span_days() < 0.5 * view.span_days() {
            self.cluster_list = None;
            self.set_view(zoomed);
        } else {
            self.cluster_list = Some(list);
        }
    }

    /// Opens the source text of an event's excerpt.
    pub fn show_in_source(&mut self, event: EventIndex, excerpt: usize) {
        let source = self.doc().and_then(|doc| {
            let e = doc.timeline.events.get(event)?;
            doc.timeline
                .excerpts(e)
                .get(excerpt)
                .map(crate::model::Excerpt::source)
        });
        if let Some(source) = source {
            self.source_view = Some(SourceViewState::new(source, Some((event, excerpt))));
        }
    }

    /// Opens the full text of a source.
    pub fn show_source(&mut self, source: usize) {
        let exists = self
            .doc()
            .is_some_and(|doc| source < doc.timeline.sources.len());
        if exists {
            self.source_view = Some(SourceViewState::new(source, None));
        }
    }
}
