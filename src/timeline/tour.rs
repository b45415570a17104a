//! Presentation mode without the UI: the stops, what each clicker key does, and the eased move
//! of the view from one stop to the next.
//!
//! Time is passed in (seconds, as egui's `input.time`), never read from a clock, so tests control
//! every animation frame exactly.

use super::scale::TimeView;
use crate::model::{EventIndex, Importance, Timeline};

/// The stops of a presentation: the timeline's tour if it has one, else every event in date
/// order; with `key_events_only`, only importance-1 events among those.
pub fn presentation_stops(timeline: &Timeline, key_events_only: bool) -> Vec<EventIndex> {
    timeline
        .stops()
        .into_iter()
        .filter(|&i| {
            !key_events_only
                || timeline
                    .events
                    .get(i)
                    .is_some_and(|e| e.importance == Importance::Key)
        })
        .collect()
}

/// A key press, as presentation mode understands it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentKey {
    /// →, Space, Page Down, ↓ (what clickers send).
    Next,

    /// ←, Page Up, Backspace, ↑.
    Previous,

    /// Home.
    First,

    /// End.
    Last,

    /// A digit, typed to jump to a stop number.
    Digit(u8),

    /// Enter: jump to the typed number, or the next stop when none was typed.
    Enter,

    /// B or `.`: black the screen out, or back.
    Blackout,
}

/// Where a presentation is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presenter {
    /// The stops, as event indexes.
    stops: Vec<EventIndex>,

    /// The current stop (index into `stops`).
    current: usize,

    /// Digits typed so far for a jump.
    typed: String,

    /// The screen is blacked out.
    pub blacked_out: bool,
}

impl Presenter {
    /// A presentation at its first stop.
    pub fn new(stops: Vec<EventIndex>) -> Self {
        Self {
            stops,
            current: 0,
            typed: String::new(),
            blacked_out: false,
        }
    }

    /// The stops.
    pub fn stops(&self) -> &[EventIndex] {
        &self.stops
    }

    /// The event of the current stop.
    pub fn current_event(&self) -> Option<EventIndex> {
        self.stops.get(self.current).copied()
    }

    /// Progress as shown to the class: `(stop number from 1, number of stops)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.current + 1, self.stops.len())
    }

    /// The digits typed so far (shown while typing a stop number).
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// Goes to the stop showing `event`, if it is one (a click on the timeline).
    pub fn go_to_event(&mut self, event: EventIndex) -> bool {
        match self.stops.iter().position(|&e| e == event) {
            Some(stop) => {
                self.current = stop;
                true
            }
            None => false,
        }
    }

    /// Handles a key. Returns `true` when the current stop changed.
    pub fn handle(&mut self, key: PresentKey) -> bool {
        let last = self.stops.len().saturating_sub(1);
        let before = self.current;
        match key {
            PresentKey::Digit(digit) => {
                if self.typed.len() < 6 {
                    self.typed.push(char::from(b'0' + digit.min(9)));
                }
                return false;
            }
            PresentKey::Blackout => {
                self.blacked_out = !self.blacked_out;
                return false;
            }
            PresentKey::Enter if !self.typed.is_empty() => {
                if let Ok(number) = self.typed.parse::<usize>()
                    && (1..=self.stops.len()).contains(&number)
                {
                    self.current = number - 1;
                }
            }
            PresentKey::Next | PresentKey::Enter => self.current = (self.current + 1).min(last),
            PresentKey::Previous => self.current = self.current.saturating_sub(1),
            PresentKey::First => self.current = 0,
            PresentKey::Last => self.current = last,
        }
        self.typed.clear();
        self.current != before
    }
}

/// The view for a stop: the event in the middle with some context around it: three times its
/// own length, and at least a twelfth of the whole timeline (so a single day still shows its
/// neighbours).
pub fn stop_view(span_start: f64, span_end: f64, timeline_extent_days: f64) -> TimeView {
    let length = (span_end - span_start).max(1.0);
    let context = (3.0 * length).max(timeline_extent_days / 12.0).max(20.0);
    TimeView::new(
        0.5 * (span_start + span_end) - 0.5 * context,
        0.5 * (span_start + span_end) + 0.5 * context,
    )
}

/// A smooth move of the view between two stops: the centre glides and the zoom changes evenly in
/// log scale, eased in and out, over `duration_secs`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewAnimation {
    from: TimeView,
    to: TimeView,
    start_secs: f64,
    duration_secs: f64,
}

impl ViewAnimation {
    /// A move from `from` to `to` starting at `start_secs`. A zero duration jumps (reduce motion).
    pub fn new(from: TimeView, to: TimeView, start_secs: f64, duration_secs: f64) -> Self {
        Self {
            from,
            to,
            start_secs,
            duration_secs: duration_secs.max(0.0),
        }
    }

    /// Where the view is at `now_secs`.
    pub fn view_at(&self, now_secs: f64) -> TimeView {
        let t = if self.duration_secs <= 0.0 {
            1.0
        } else {
            ((now_secs - self.start_secs) / self.duration_secs).clamp(0.0, 1.0)
        };
        // Ease in and out (cubic).
        let eased = if t < 0.5 {
            4.0 * t * t * t
        } else {
            1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
        };
        if eased <= 0.0 {
            return self.from;
        }
        if eased >= 1.0 {
            return self.to;
        }
        let span = (self.from.span_days().ln()
            + (self.to.span_days().ln() - self.from.span_days().ln()) * eased)
            .exp();
        let center =
            self.from.center_day() + (self.to.center_day() - self.from.center_day()) * eased;
        TimeView::new(center - 0.5 * span, center + 0.5 * span)
    }

    /// True once the move has arrived.
    pub fn is_done(&self, now_secs: f64) -> bool {
        now_secs >= self.start_secs + self.duration_secs
    }

    /// Where the move ends.
    pub fn target(&self) -> TimeView {
        self.to
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn presenter(n: usize) -> Presenter {
        Presenter::new((10..10 + n).collect())
    }

    #[test]
    fn clicker_keys_step_through_the_stops_and_stop_at_the_ends() {
        let mut p = presenter(5);
        assert_eq!((p.current_event(), p.progress()), (Some(10), (1, 5)));
        assert!(
            !p.handle(PresentKey::Previous),
            "nothing before the first stop"
        );
        assert!(p.handle(PresentKey::Next));
        assert!(
            p.handle(PresentKey::Enter),
            "Enter with nothing typed is Next"
        );
        assert_eq!(p.progress(), (3, 5));
        assert!(p.handle(PresentKey::Last));
        assert!(!p.handle(PresentKey::Next), "nothing after the last stop");
        assert!(p.handle(PresentKey::First));
        assert_eq!(p.current_event(), Some(10));
    }

    #[test]
    fn typing_a_number_and_enter_jumps_to_that_stop() {
        let mut p = presenter(12);
        p.handle(PresentKey::Digit(1));
        p.handle(PresentKey::Digit(1));
        assert_eq!(p.typed(), "11");
        assert!(p.handle(PresentKey::Enter));
        assert_eq!(p.progress(), (11, 12));
        assert_eq!(p.typed(), "", "the number is used up");
        p.handle(PresentKey::Digit(9));
        p.handle(PresentKey::Digit(9));
        assert!(!p.handle(PresentKey::Enter), "no stop 99: stay");
        assert_eq!(p.progress(), (11, 12));
        p.handle(PresentKey::Digit(0));
        assert!(!p.handle(PresentKey::Enter), "no stop 0");
    }

    #[test]
    fn blackout_toggles_without_moving() {
        let mut p = presenter(3);
        assert!(!p.handle(PresentKey::Blackout));
        assert!(p.blacked_out);
        p.handle(PresentKey::Blackout);
        assert!(!p.blacked_out);
        assert_eq!(p.progress(), (1, 3));
    }

    #[test]
    fn clicking_an_event_goes_to_its_stop() {
        let mut p = presenter(4);
        assert!(p.go_to_event(12));
        assert_eq!(p.progress(), (3, 4));
        assert!(!p.go_to_event(99), "not a stop");
        assert_eq!(Presenter::new(Vec::new()).current_event(), None);
    }

    #[test]
    fn the_builtin_tour_and_key_events_only() {
        let timeline = crate::builtin::load().timeline.expect("loads");
        let tour = presentation_stops(&timeline, false);
        assert_eq!(tour, timeline.tour.clone().expect("a tour"));
        let key = presentation_stops(&timeline, true);
        assert!(!key.is_empty() && key.len() < tour.len());
        assert!(
            key.iter()
                .all(|&i| timeline.events[i].importance == Importance::Key)
        );
    }

    #[test]
    fn the_view_eases_from_stop_to_stop_and_arrives_exactly() {
        let from = TimeView::new(0.0, 100.0);
        let to = TimeView::new(1000.0, 1010.0);
        let animation = ViewAnimation::new(from, to, 10.0, 0.5);
        assert_eq!(animation.view_at(10.0), from, "starts where it was");
        assert_eq!(animation.view_at(10.5), to, "arrives exactly");
        assert_eq!(animation.view_at(99.0), to);
        let middle = animation.view_at(10.25);
        assert!(
            (middle.center_day() - 0.5 * (from.center_day() + to.center_day())).abs() < 1e-6,
            "halfway at half time"
        );
        assert!(
            (middle.span_days() - (100.0f64 * 10.0).sqrt()).abs() < 1e-6,
            "zoom is even in log scale"
        );
        let early = animation.view_at(10.05);
        assert!(
            early.center_day() - from.center_day() < 0.05 * (to.center_day() - from.center_day()),
            "eases in"
        );
        assert!(!animation.is_done(10.4) && animation.is_done(10.5));
        let jump = ViewAnimation::new(from, to, 10.0, 0.0);
        assert_eq!(jump.view_at(10.0), to, "reduce motion jumps");
    }

    #[test]
    fn stop_views_show_the_event_in_context() {
        let view = stop_view(1000.0, 1001.0, 28_000.0);
        assert!((view.center_day() - 1000.5).abs() < 1e-9);
        assert!(
            (view.span_days() - 28_000.0 / 12.0).abs() < 1e-6,
            "a day gets a twelfth of the timeline"
        );
        let long = stop_view(0.0, 15_000.0, 28_000.0);
        assert_eq!(
            long.span_days(),
            45_000.0,
            "a long period gets three times its length"
        );
    }
}
