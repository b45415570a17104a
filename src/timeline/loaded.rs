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
        match from_tour.or_else(from_key_events) {
            Some((start, end)) if end > start => {
                TimeView::fit(f64::from(start), f64::from(end), 0.04)
            }
            _ => self.full_view(),
        }
    }

    /// The id of an event.
    pub fn event_id(&self, event: EventIndex) -> Option<&str> {
        self.timeline.events.get(event).map(|e| e.id.as_str())
    }
}
