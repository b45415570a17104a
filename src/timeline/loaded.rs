//! A loaded timeline prepared for display: the model plus its lanes (after the filters and the
//! grouping), the extent of its events and its search index (built on the first search, or on a
//! background thread for large timelines so that no frame waits for it).
//!
//! Shared by the window, the exports and the command line; nothing here knows about egui.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::{EventFilter, Grouping, Lanes, TimeView};
use crate::model::{EventIndex, Problem, SearchIndex, Timeline};

/// A timeline ready to show: the model plus what the views need, computed at load and whenever
/// the filters or the grouping change.
#[derive(Clone, Debug)]
pub struct LoadedTimeline {
    /// The timeline (shared with the thread that builds the search index).
    pub timeline: Arc<Timeline>,

    /// The lanes shown and the events in them (after the filters).
    pub lanes: Lanes,

    /// How the lanes are grouped.
    pub grouping: Grouping,

    /// Which events are shown.
    pub filter: EventFilter,

    /// Warnings from loading (unverified excerpts, unknown fields).
    pub warnings: Vec<Problem>,

    /// The file's name as the user gave it.
    pub file_name: String,

    /// The first start and last end over all events (whatever the filters).
    all_extent: Option<(i32, i32)>,

    /// Folded text for search.
    search: Arc<OnceLock<SearchIndex>>,

    /// Whether a thread building `search` was started.
    search_started: Arc<AtomicBool>,
}

/// Timelines with at least this many events build their search index on a background thread
/// (it takes about a second per million events); smaller ones build it on the first search.
pub const BACKGROUND_SEARCH_EVENTS: usize = 20_000;

impl LoadedTimeline {
    /// Prepares a loaded timeline for display, grouped by category with nothing filtered out.
    pub fn new(timeline: Timeline, warnings: Vec<Problem>, file_name: String) -> Self {
        let all_extent = timeline
            .events
            .iter()
            .map(|e| (e.span.start_day, e.span.end_day_exclusive))
            .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
        let lanes = Lanes::build(&timeline, Grouping::default(), &EventFilter::default());
        Self {
            timeline: Arc::new(timeline),
            lanes,
            grouping: Grouping::default(),
            filter: EventFilter::default(),
            warnings,
            file_name,
            all_extent,
            search: Arc::default(),
            search_started: Arc::default(),
        }
    }

    /// Changes the grouping and the filter (rebuilding the lanes when they change).
    pub fn set_display(&mut self, grouping: Grouping, filter: EventFilter) {
        if grouping != self.grouping || filter != self.filter {
            self.grouping = grouping;
            self.filter = filter;
            self.lanes = Lanes::build(&self.timeline, self.grouping, &self.filter);
        }
    }

    /// A lane's name.
    pub fn lane_label(&self, lane: usize) -> Option<&str> {
        self.lanes.lanes.get(lane).map(|l| l.label.as_str())
    }

    /// The search index: built now for small timelines; for large ones `None` until the
    /// background thread (started here if need be) has built it.
    pub fn search_index(&self) -> Option<&SearchIndex> {
        if self.timeline.events.len() < BACKGROUND_SEARCH_EVENTS {
            return Some(self.search.get_or_init(|| SearchIndex::new(&self.timeline)));
        }
        self.prepare_search();
        self.search.get()
    }

    /// Starts building the search index on a background thread (once; large timelines only).
    /// The window calls this after loading, so that the index is ready when the user types.
    pub fn prepare_search(&self) {
        if self.timeline.events.len() < BACKGROUND_SEARCH_EVENTS
            || self.search_started.swap(true, Ordering::AcqRel)
        {
            return;
        }
        let timeline = Arc::clone(&self.timeline);
        let cell = Arc::clone(&self.search);
        let spawned = std::thread::Builder::new()
            .name("search-index".to_owned())
            .spawn(move || {
                cell.get_or_init(|| SearchIndex::new(&timeline));
            });
        if spawned.is_err() {
            // No thread to be had: build it here rather than never.
            self.search.get_or_init(|| SearchIndex::new(&self.timeline));
        }
    }

    /// The events matching a search query (see [`SearchIndex::find`]), in date order; `None`
    /// while the index is still being built.
    pub fn search(&self, query: &str) -> Option<Vec<EventIndex>> {
        self.search_index().map(|index| index.find(query))
    }

    /// A view of the whole timeline: of the events shown, or of all of them when the filters
    /// hide everything.
    pub fn full_view(&self) -> TimeView {
        match self.lanes.extent().or(self.all_extent) {
            Some((start, end)) => TimeView::fit(f64::from(start), f64::from(end), 0.04),
            None => TimeView::new(726_000.0, 730_000.0),
        }
    }

    /// The period that tells the timeline's story: the file's `view` when it has one, else the
    /// period of the tour's stops, else of the key events, else the whole timeline. The window
    /// opens on it and `F` fits it; exports show it unless told otherwise.
    pub fn story_view(&self) -> TimeView {
        let timeline = &self.timeline;
        if let Some(view) = &timeline.view {
            let span = view.day_span();
            return TimeView::new(f64::from(span.start_day), f64::from(span.end_day_exclusive));
        }
        let extent = |events: &mut dyn Iterator<Item = &crate::model::Event>| {
            events
                .map(|e| (e.span.start_day, e.span.end_day_exclusive))
                .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)))
        };
        let from_tour = timeline
            .tour
            .as_ref()
            .and_then(|stops| extent(&mut stops.iter().filter_map(|&i| timeline.events.get(i))));
        let from_key_events = || {
            let mut keys = timeline
                .events
                .iter()
                .filter(|e| e.importance == crate::model::Importance::Key);
            let (first, second) = (keys.next()?, keys.next()?);
            extent(&mut [first, second].into_iter().chain(keys))
        };
        // The key events mark what matters most, not where the story ends: the events close to
        // their period (within its own length of it) are shown with them; only those further
        // away, the outliers, are left for `F` twice.
        let story = from_tour.or_else(|| from_key_events().map(|keys| self.with_neighbours(keys)));
        match story {
            Some((start, end)) if end > start => {
                TimeView::fit(f64::from(start), f64::from(end), 0.04)
            }
            _ => self.full_view(),
        }
    }

    /// The period `(start, end)` (days) widened to take in every event that lies within the
    /// period's own length of it, before or after.
    fn with_neighbours(&self, (start, end): (i32, i32)) -> (i32, i32) {
        let length = end.saturating_sub(start);
        let (near_start, near_end) = (start.saturating_sub(length), end.saturating_add(length));
        let events = &self.timeline.events;
        // Events are sorted by start day: only those starting in the widened period can be in it.
        let from = events.partition_point(|e| e.span.start_day < near_start);
        let to = events.partition_point(|e| e.span.start_day < near_end);
        events
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .filter(|e| e.span.end_day_exclusive <= near_end)
            .fold((start, end), |(s, t), e| {
                (s.min(e.span.start_day), t.max(e.span.end_day_exclusive))
            })
    }

    /// The id of an event.
    pub fn event_id(&self, event: EventIndex) -> Option<&str> {
        self.timeline.events.get(event).map(|e| e.id.as_str())
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoSources, load_bytes};

    fn loaded(events: &str) -> LoadedTimeline {
        let text = format!(
            r#"{{"format": 1, "title": "T", "sources": [],
                "categories": [{{"id": "c", "label": "C"}}], "events": [{events}]}}"#
        );
        let outcome = load_bytes(text.as_bytes(), "t.json", &NoSources);
        let timeline = outcome.timeline.expect("the test timeline loads");
        LoadedTimeline::new(timeline, Vec::new(), "t.json".to_owned())
    }

    fn event(id: &str, date: &str, importance: u8) -> String {
        format!(
            r#"{{"id": "{id}", "title": "{id}", "date": "{date}", "category": "c", "importance": {importance}}}"#
        )
    }

    fn shows(view: TimeView, date: &str) -> bool {
        let span = crate::model::HistDate::parse(date)
            .expect("a date")
            .day_span();
        f64::from(span.start_day) >= view.min_day
            && f64::from(span.end_day_exclusive) <= view.max_day
    }

    #[test]
    fn the_first_view_shows_the_key_events_with_their_neighbours_but_not_the_outliers() {
        let doc = loaded(
            &[
                event("yalta", "1945-02", 2),
                event("leipzig", "1989-10-09", 1),
                event("wall", "1989-11-09", 1),
                event("malta", "1989-12-02/1989-12-03", 2),
            ]
            .join(","),
        );
        let view = doc.story_view();
        for near in ["1989-10-09", "1989-11-09", "1989-12-02/1989-12-03"] {
            assert!(shows(view, near), "{near} is in the first view {view:?}");
        }
        assert!(
            !shows(view, "1945-02"),
            "an outlier waits for F twice: {view:?}"
        );
    }

    #[test]
    fn a_tour_is_the_story_as_given() {
        let doc = loaded(
            &[
                event("leipzig", "1989-10-09", 2),
                event("wall", "1989-11-09", 2),
                event("malta", "1989-12-02/1989-12-03", 1),
            ]
            .join(","),
        );
        let mut timeline = (*doc.timeline).clone();
        timeline.tour = Some(vec![0, 1]);
        let doc = LoadedTimeline::new(timeline, Vec::new(), "t.json".to_owned());
        let view = doc.story_view();
        assert!(shows(view, "1989-11-09"));
        assert!(!shows(view, "1989-12-02/1989-12-03"), "{view:?}");
    }
}
