//! Which events are shown, and in which lanes: the filters (hidden categories, key events only,
//! hide planned) and the grouping (one lane per category, or one per source document).
//!
//! Built once whenever the filters or the grouping change, never per frame. The result,
//! [`Lanes`], lists lane *entries* (an event in a lane) in date order with a visibility index
//! over them, so the per-frame layout only looks at what is on screen. Grouped by source, an
//! event quoting two documents has an entry in each of their lanes.

use std::collections::BTreeSet;

use super::index::TimelineIndex;
use crate::model::{CATEGORY_PALETTE, EventIndex, Importance, Rgb, Status, Timeline};

/// How events are gathered into lanes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Grouping {
    /// One lane per category, in the file's order.
    #[default]
    Category,

    /// One lane per source document, in the file's order; an event appears in the lane of every
    /// source it quotes.
    Source,
}

/// Which events to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// Ids of the categories whose events are hidden (ids, so the filter survives a reload that
    /// reorders the categories).
    pub hidden_categories: BTreeSet<String>,

    /// Only key events (importance 1).
    pub key_events_only: bool,

    /// Hide planned events (announced, not known to have happened).
    pub hide_planned: bool,
}

impl EventFilter {
    /// Whether the event passes the filter.
    pub fn shows(&self, timeline: &Timeline, event: EventIndex) -> bool {
        let Some(event) = timeline.events.get(event) else {
            return false;
        };
        if self.key_events_only && event.importance != Importance::Key {
            return false;
        }
        if self.hide_planned && event.status == Status::Planned {
            return false;
        }
        timeline
            .categories
            .get(event.category as usize)
            .is_none_or(|c| !self.hidden_categories.contains(&c.id))
    }

    /// Whether anything is filtered out.
    pub fn is_active(&self) -> bool {
        self.key_events_only || self.hide_planned || !self.hidden_categories.is_empty()
    }
}

/// What a lane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneKind {
    /// A category (index into [`Timeline::categories`]).
    Category(usize),

    /// A source document (index into [`Timeline::sources`]).
    Source(usize),

    /// Events that quote no source (grouped by source).
    NoSource,
}

/// One lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// What it stands for.
    pub kind: LaneKind,

    /// Its name in the lane header.
    pub label: String,

    /// Its colour.
    pub color: Rgb,
}

/// An event in a lane: 8 bytes, one per shown event (more when grouped by source).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LaneEntry {
    event: u32,
    lane: u32,
}

impl LaneEntry {
    /// Event `event` in lane `lane`. Both fit in 32 bits: a timeline file is at most 1 GB,
    /// and each event in it takes more than 4 bytes of it.
    pub fn new(event: EventIndex, lane: usize) -> Self {
        Self {
            event: u32::try_from(event).unwrap_or(u32::MAX),
            lane: u32::try_from(lane).unwrap_or(u32::MAX),
        }
    }

    /// The event.
    pub fn event(self) -> EventIndex {
        self.event as EventIndex
    }

    /// The lane (index into [`Lanes::lanes`]).
    pub fn lane(self) -> usize {
        self.lane as usize
    }
}

/// The lanes shown and the events in them.
#[derive(Clone, Debug, Default)]
pub struct Lanes {
    /// Lanes, top to bottom.
    pub lanes: Vec<Lane>,

    /// Entries in date order (by event, then lane).
    pub entries: Vec<LaneEntry>,

    /// One visibility index per lane over its entries (they return entry numbers), so a
    /// crowded lane can be counted without touching its events.
    pub lane_indexes: Vec<TimelineIndex>,

    /// First start and last end (exclusive) over all entries.
    extent: Option<(i32, i32)>,

    /// The events that pass the filter, in date order, each once.
    pub shown_events: Vec<EventIndex>,
}

impl Lanes {
    /// Lays the timeline's events into lanes.
    ///
    /// Grouped by category, hidden categories lose their lane. Grouped by source, every source
    /// has a lane in the file's order (a "No source" lane is added only when needed), and the
    /// category filter hides events, not lanes.
    pub fn build(timeline: &Timeline, grouping: Grouping, filter: &EventFilter) -> Self {
        let shown_events: Vec<EventIndex> = (0..timeline.events.len())
            .filter(|&i| filter.shows(timeline, i))
            .collect();
        let mut lanes = Vec::new();
        let mut entries = Vec::with_capacity(shown_events.len());
        match grouping {
            Grouping::Category => {
                let mut lane_of_category = vec![None; timeline.categories.len()];
                for (i, category) in timeline.categories.iter().enumerate() {
                    if filter.hidden_categories.contains(&category.id) {
                        continue;
                    }
                    if let Some(slot) = lane_of_category.get_mut(i) {
                        *slot = Some(lanes.len());
                    }
                    lanes.push(Lane {
                        kind: LaneKind::Category(i),
                        label: category.label.clone(),
                        color: category.color,
                    });
                }
                for &event in &shown_events {
                    let lane = timeline
                        .events
                        .get(event)
                        .and_then(|e| lane_of_category.get(e.category as usize).copied().flatten());
                    if let Some(lane) = lane {
                        entries.push(LaneEntry::new(event, lane));
                    }
                }
            }
            Grouping::Source => {
                for (i, source) in timeline.sources.iter().enumerate() {
                    lanes.push(Lane {
                        kind: LaneKind::Source(i),
                        label: source_lane_label(&source.title, source.date.as_ref()),
                        color: palette_color(i),
                    });
                }
                let mut no_source_lane = None;
                let mut event_lanes: Vec<usize> = Vec::new();
                for &event in &shown_events {
                    let Some(e) = timeline.events.get(event) else {
                        continue;
                    };
                    event_lanes.clear();
                    event_lanes.extend(
                        timeline
                            .excerpts(e)
                            .iter()
                            .map(crate::model::Excerpt::source)
                            .filter(|&s| s < timeline.sources.len()),
                    );
                    event_lanes.sort_unstable();
                    event_lanes.dedup();
                    if event_lanes.is_empty() {
                        let lane = *no_source_lane.get_or_insert_with(|| {
                            lanes.push(Lane {
                                kind: LaneKind::NoSource,
                                label: "No source".to_owned(),
                                color: Rgb([0x77, 0x77, 0x77]),
                            });
                            lanes.len() - 1
                        });
                        event_lanes.push(lane);
                    }
                    entries.extend(event_lanes.iter().map(|&lane| LaneEntry::new(event, lane)));
                }
            }
        }
        let span_of = |entry: &LaneEntry| timeline.events.get(entry.event()).map(|e| e.span);
        let lane_indexes = (0..lanes.len())
            .map(|lane| {
                TimelineIndex::with_ids(entries.iter().enumerate().filter_map(|(i, entry)| {
                    (entry.lane() == lane).then(|| span_of(entry).map(|span| (i, span)))?
                }))
            })
            .collect();
        let extent = entries
            .iter()
            .filter_map(span_of)
            .map(|span| (span.start_day, span.end_day_exclusive))
            .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
        Self {
            lanes,
            entries,
            lane_indexes,
            extent,
            shown_events,
        }
    }

    /// The lanes an event has entries in (several when grouped by source).
    pub fn lanes_of(&self, event: EventIndex) -> impl Iterator<Item = usize> + '_ {
        let first = self.entries.partition_point(|e| e.event() < event);
        self.entries
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(move |e| e.event() == event)
            .map(|e| e.lane())
    }

    /// Of `events` (in date order), those that pass the filter: one merge of two sorted lists,
    /// for the hundreds of thousands of matches of a short search.
    pub fn shown_among(&self, events: &[EventIndex]) -> Vec<EventIndex> {
        // Sorted and distinct: the last is one less than the count exactly when every event
        // from 0 on is shown (no filter), and then no merge is needed.
        if self.shown_events.last().map(|&last| last + 1) == Some(self.shown_events.len()) {
            let end = events.partition_point(|&e| e < self.shown_events.len());
            return events.get(..end).unwrap_or_default().to_vec();
        }
        let mut shown = self.shown_events.iter().copied().peekable();
        events
            .iter()
            .copied()
            .filter(|&event| {
                while shown.next_if(|&s| s < event).is_some() {}
                shown.peek() == Some(&event)
            })
            .collect()
    }

    /// Whether the event passes the filter.
    pub fn is_shown(&self, event: EventIndex) -> bool {
        self.shown_events.binary_search(&event).is_ok()
    }

    /// The shown event `steps` places after (or before, when negative) `from` in date order.
    /// From an event that is not shown, the count starts at where it would be. `None` when no
    /// event is shown.
    pub fn step_from(&self, from: Option<EventIndex>, steps: isize) -> Option<EventIndex> {
        let last = self.shown_events.len().checked_sub(1)?;
        let position = match from {
            None if steps >= 0 => return self.shown_events.first().copied(),
            None => return self.shown_events.last().copied(),
            Some(event) => match self.shown_events.binary_search(&event) {
                // Not shown: one step forward lands on the next shown event (at `at`), one
                // back on the one before.
                Err(at) if steps > 0 => at.saturating_add_signed(steps - 1),
                Ok(at) | Err(at) => at.saturating_add_signed(steps),
            },
        };
        self.shown_events.get(position.min(last)).copied()
    }

    /// The days from the first shown event's start to the last one's end (exclusive).
    pub fn extent(&self) -> Option<(i32, i32)> {
        self.extent
    }
}

/// A source lane's name: its title, with the document's year when it has a date.
fn source_lane_label(title: &str, date: Option<&crate::model::HistDate>) -> String {
    match date {
        Some(date) => match date.points().next() {
            Some(point) => format!("{title} ({})", crate::model::year_text(point.year(), false)),
            None => title.to_owned(),
        },
        None => title.to_owned(),
    }
}

/// The `i`th colour of the colour-blind-safe palette.
fn palette_color(i: usize) -> Rgb {
    CATEGORY_PALETTE
        .get(i % CATEGORY_PALETTE.len())
        .copied()
        .unwrap_or(Rgb([0x55, 0x55, 0x55]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoSources, load_bytes};

    /// Three categories, two sources; `both` quotes both sources, `none` quotes none.
    fn timeline() -> Timeline {
        let json = r#"{
          "format": 1,
          "title": "Test",
          "sources": [
            {"id": "a", "title": "Source A", "date": "1990"},
            {"id": "b", "title": "Source B"}
          ],
          "categories": [
            {"id": "p", "label": "Policy"},
            {"id": "m", "label": "Meetings"},
            {"id": "t", "label": "Trade"}
          ],
          "events": [
            {"id": "first", "title": "First", "date": "1990-01-01", "category": "p",
             "importance": 1, "excerpts": [{"source": "a", "text": "x"}]},
            {"id": "both", "title": "Both", "date": "1990-02-01", "category": "m",
             "excerpts": [{"source": "a", "text": "x"}, {"source": "b", "text": "y"}]},
            {"id": "plan", "title": "Plan", "date": "1990-03-01", "category": "t",
             "status": "planned", "excerpts": [{"source": "b", "text": "y"}]},
            {"id": "none", "title": "None", "date": "1990-04-01", "category": "p",
             "importance": 3, "excerpts": []}
          ]
        }"#;
        let outcome = load_bytes(json.as_bytes(), "t.json", &NoSources);
        outcome.timeline.expect("the test timeline loads")
    }

    fn ids(timeline: &Timeline, events: &[EventIndex]) -> Vec<String> {
        events
            .iter()
            .filter_map(|&i| timeline.events.get(i).map(|e| e.id.to_string()))
            .collect()
    }

    #[test]
    fn search_results_keep_only_shown_events_with_or_without_a_filter() {
        let t = timeline();
        let all = Lanes::build(&t, Grouping::Category, &EventFilter::default());
        assert_eq!(all.shown_among(&[0, 2, 3]), [0, 2, 3]);
        assert_eq!(all.shown_among(&[]), Vec::<EventIndex>::new());
        let filter = EventFilter {
            hidden_categories: BTreeSet::from(["p".to_owned()]),
            ..EventFilter::default()
        };
        let hidden = Lanes::build(&t, Grouping::Category, &filter);
        assert_eq!(
            ids(&t, &hidden.shown_among(&[0, 1, 2, 3])),
            ["both", "plan"]
        );
        let last_hidden = EventFilter {
            hidden_categories: BTreeSet::from(["t".to_owned()]),
            ..EventFilter::default()
        };
        let lanes = Lanes::build(&t, Grouping::Category, &last_hidden);
        assert_eq!(ids(&t, &lanes.shown_among(&[1, 2, 3])), ["both", "none"]);
    }

    #[test]
    fn by_category_one_lane_each_and_hidden_categories_lose_their_lane() {
        let t = timeline();
        let all = Lanes::build(&t, Grouping::Category, &EventFilter::default());
        let labels: Vec<&str> = all.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Policy", "Meetings", "Trade"]);
        assert_eq!(all.entries.len(), 4, "one entry per event");
        assert_eq!(
            ids(&t, &all.shown_events),
            ["first", "both", "plan", "none"]
        );

        let filter = EventFilter {
            hidden_categories: BTreeSet::from(["m".to_owned()]),
            ..EventFilter::default()
        };
        let hidden = Lanes::build(&t, Grouping::Category, &filter);
        let labels: Vec<&str> = hidden.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Policy", "Trade"]);
        assert_eq!(ids(&t, &hidden.shown_events), ["first", "plan", "none"]);
        let plan = hidden.shown_events.get(1).copied().expect("plan is shown");
        assert_eq!(hidden.lanes_of(plan).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn key_only_and_hide_planned_combine() {
        let t = timeline();
        let key = EventFilter {
            key_events_only: true,
            ..EventFilter::default()
        };
        assert_eq!(
            ids(&t, &Lanes::build(&t, Grouping::Category, &key).shown_events),
            ["first"]
        );
        let no_plans = EventFilter {
            hide_planned: true,
            ..EventFilter::default()
        };
        assert_eq!(
            ids(
                &t,
                &Lanes::build(&t, Grouping::Category, &no_plans).shown_events
            ),
            ["first", "both", "none"]
        );
        assert!(no_plans.is_active());
        assert!(!EventFilter::default().is_active());
    }

    #[test]
    fn by_source_an_event_quoting_two_sources_is_in_both_lanes() {
        let t = timeline();
        let lanes = Lanes::build(&t, Grouping::Source, &EventFilter::default());
        let labels: Vec<&str> = lanes.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Source A (1990)", "Source B", "No source"]);
        let (both, _) = t.event_by_id("both").expect("exists");
        assert_eq!(lanes.lanes_of(both).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(lanes.entries.len(), 5, "four events, one of them twice");
        assert_eq!(lanes.shown_events.len(), 4, "each event once in the list");
        // Each lane's index returns its entries in date order.
        let visible: Vec<Vec<usize>> = lanes
            .lane_indexes
            .iter()
            .map(|index| index.visible(f64::MIN, f64::MAX))
            .collect();
        assert_eq!(visible, [vec![0, 1], vec![2, 3], vec![4]]);
        // A category filter hides events, not source lanes.
        let filter = EventFilter {
            hidden_categories: BTreeSet::from(["p".to_owned()]),
            ..EventFilter::default()
        };
        let lanes = Lanes::build(&t, Grouping::Source, &filter);
        assert_eq!(lanes.lanes.len(), 2, "no event without a source is left");
        assert_eq!(ids(&t, &lanes.shown_events), ["both", "plan"]);
    }

    #[test]
    fn stepping_walks_the_shown_events_only() {
        let t = timeline();
        let no_plans = EventFilter {
            hide_planned: true,
            ..EventFilter::default()
        };
        let lanes = Lanes::build(&t, Grouping::Category, &no_plans);
        let id = |e: Option<EventIndex>| e.and_then(|i| t.events.get(i)).map(|e| e.id.as_str());
        let (both, _) = t.event_by_id("both").expect("exists");
        let (plan, _) = t.event_by_id("plan").expect("exists");
        assert_eq!(
            id(lanes.step_from(Some(both), 1)),
            Some("none"),
            "skips plan"
        );
        assert_eq!(id(lanes.step_from(Some(plan), 1)), Some("none"));
        assert_eq!(id(lanes.step_from(Some(plan), -1)), Some("both"));
        assert_eq!(id(lanes.step_from(None, 1)), Some("first"));
        assert_eq!(id(lanes.step_from(None, -1)), Some("none"));
        assert_eq!(
            id(lanes.step_from(Some(both), 10)),
            Some("none"),
            "stops at the end"
        );
        assert_eq!(id(lanes.step_from(Some(both), -10)), Some("first"));
        let empty = Lanes::build(
            &t,
            Grouping::Category,
            &EventFilter {
                hidden_categories: ["p", "m", "t"].map(str::to_owned).into(),
                ..EventFilter::default()
            },
        );
        assert_eq!(empty.step_from(None, 1), None);
        assert!(empty.lanes.is_empty());
    }
}
