//! Finding the events in a window of time without looking at the others.
//!
//! Events are sorted by start once, at load. They are split into buckets by length (powers of two
//! in days); within a bucket every event is at most `max_span_days` long, so the events touching
//! `[min, max)` are exactly those starting in `(min - max_span_days, max)` whose end is after
//! `min`: two binary searches per bucket and a scan over little more than the visible events.
//! Long intervals (rare) land in their own buckets and do not slow down the short ones.

use crate::model::{DaySpan, EventIndex};

/// One length class of events.
#[derive(Clone, Debug, Default)]
struct Bucket {
    /// The longest span in this bucket, in days.
    max_span_days: i64,

    /// Start days, ascending.
    starts: Vec<i32>,

    /// End days (exclusive), in the same order.
    ends: Vec<i32>,

    /// Event indexes, in the same order (32 bits suffice: see [`LaneEntry::new`]).
    ///
    /// [`LaneEntry::new`]: super::LaneEntry::new
    events: Vec<u32>,
}

/// An index of event spans for visibility queries.
#[derive(Clone, Debug, Default)]
pub struct TimelineIndex {
    buckets: Vec<Bucket>,
    /// First start and last end over all events, when there are any.
    extent: Option<(i32, i32)>,
}

impl TimelineIndex {
    /// Builds the index from spans sorted by start day (as `Timeline::events` are); the `i`th
    /// span is item `i`.
    pub fn new(spans: impl IntoIterator<Item = DaySpan>) -> Self {
        Self::with_ids(spans.into_iter().enumerate())
    }

    /// Builds the index from `(item, span)` pairs sorted by start day.
    pub fn with_ids(items: impl IntoIterator<Item = (EventIndex, DaySpan)>) -> Self {
        let mut buckets: Vec<Bucket> = Vec::new();
        let mut extent: Option<(i32, i32)> = None;
        for (event, span) in items {
            let span_days = i64::from(span.end_day_exclusive) - i64::from(span.start_day);
            let class = (64 - span_days.max(1).leading_zeros()) as usize;
            if buckets.len() <= class {
                buckets.resize_with(class + 1, Bucket::default);
            }
            if let Some(bucket) = buckets.get_mut(class) {
                bucket.max_span_days = bucket.max_span_days.max(span_days);
                bucket.starts.push(span.start_day);
                bucket.ends.push(span.end_day_exclusive);
                bucket.events.push(u32::try_from(event).unwrap_or(u32::MAX));
            }
            extent = Some(match extent {
                None => (span.start_day, span.end_day_exclusive),
                Some((a, b)) => (a.min(span.start_day), b.max(span.end_day_exclusive)),
            });
        }
        buckets.retain(|b| !b.events.is_empty());
        // Grown by doubling: up to half of each list would be room never used.
        for bucket in &mut buckets {
            bucket.starts.shrink_to_fit();
            bucket.ends.shrink_to_fit();
            bucket.events.shrink_to_fit();
        }
        Self { buckets, extent }
    }

    /// The first start day and the last end day (exclusive), if there are events.
    pub fn extent(&self) -> Option<(i32, i32)> {
        self.extent
    }

    /// Appends to `out` the events whose span meets `[min_day, max_day)`, in no particular order.
    pub fn visible_unsorted(&self, min_day: f64, max_day: f64, out: &mut Vec<EventIndex>) {
        for bucket in &self.buckets {
            let lowest_start = min_day - bucket.max_span_days as f64;
            let first = bucket
                .starts
                .partition_point(|&s| f64::from(s) <= lowest_start);
            let last = bucket.starts.partition_point(|&s| f64::from(s) < max_day);
            for i in first..last {
                let (Some(&end), Some(&event)) = (bucket.ends.get(i), bucket.events.get(i)) else {
                    continue;
                };
                if f64::from(end) > min_day {
                    out.push(event as EventIndex);
                }
            }
        }
    }

    /// How many items start in `[min_day, max_day)`: two binary searches per length class, however
    /// many there are. (Items that started before `min_day` and still run are not counted.)
    pub fn count_starting_in(&self, min_day: f64, max_day: f64) -> usize {
        self.buckets
            .iter()
            .map(|bucket| {
                let first = bucket.starts.partition_point(|&s| f64::from(s) < min_day);
                let last = bucket.starts.partition_point(|&s| f64::from(s) < max_day);
                last.saturating_sub(first)
            })
            .sum()
    }

    /// How many items start before `x`.
    pub fn count_starting_before(&self, x: f64) -> usize {
        self.buckets
            .iter()
            .map(|bucket| bucket.starts.partition_point(|&s| f64::from(s) < x))
            .sum()
    }

    /// Whether the index holds nothing.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// The events meeting `[min_day, max_day)`, in date order.
    pub fn visible(&self, min_day: f64, max_day: f64) -> Vec<EventIndex> {
        let mut out = Vec::new();
        self.visible_unsorted(min_day, max_day, &mut out);
        out.sort_unstable();
        out
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start_day: i32, end_day_exclusive: i32) -> DaySpan {
        DaySpan {
            start_day,
            end_day_exclusive,
            open_start: false,
            open_end: false,
        }
    }

    #[test]
    fn finds_exactly_the_events_touching_the_window() {
        let spans = vec![
            span(0, 1),
            span(5, 6),
            span(8, 400),
            span(10, 11),
            span(20, 25),
            span(399, 400),
        ];
        let index = TimelineIndex::new(spans.clone());
        for (min, max) in [
            (0.0, 1.0),
            (6.0, 9.0),
            (100.0, 200.0),
            (9.5, 10.5),
            (-10.0, 0.0),
            (0.0, 1000.0),
            (25.0, 30.0),
        ] {
            let expected: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    f64::from(s.end_day_exclusive) > min && f64::from(s.start_day) < max
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(index.visible(min, max), expected, "window {min}..{max}");
        }
        assert_eq!(index.extent(), Some((0, 400)));
        assert_eq!(index.count_starting_in(0.0, 10.0), 3, "starts 0, 5 and 8");
        assert_eq!(index.count_starting_in(10.0, 400.0), 3);
        assert_eq!(index.count_starting_in(1000.0, 2000.0), 0);
        assert_eq!(
            TimelineIndex::new(Vec::new()).visible(0.0, 10.0),
            Vec::<usize>::new()
        );
    }

    proptest::proptest! {
        #[test]
        fn matches_a_linear_scan(
            mut raw in proptest::collection::vec((-5000i32..5000, 1i32..3000), 0..200),
            min in -6000.0f64..6000.0,
            len in 0.0f64..4000.0,
        ) {
            raw.sort_unstable();
            let spans: Vec<DaySpan> = raw.iter().map(|&(s, l)| span(s, s + l)).collect();
            let index = TimelineIndex::new(spans.clone());
            let max = min + len;
            let expected: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, s)| f64::from(s.end_day_exclusive) > min && f64::from(s.start_day) < max)
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(index.visible(min, max), expected);
        }
    }
}
