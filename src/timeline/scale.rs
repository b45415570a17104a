//! The time scale: days on the x axis, and the visible window of time.
//!
//! x is a day number in `f64`: chrono's `num_days_from_ce` (0001-01-01 is day 1, so 1 BCE ends at
//! day 0 and earlier days are negative). `f64` keeps whole days exact over ±10,000 years, where
//! `f32` would lose them. BCE years are astronomical internally and displayed as `44 BCE`
//! (see `model::year_text`): there is no year 0 on screen.

use chrono::{Datelike as _, NaiveDate};

use crate::model::{DatePoint, HistDate};

/// The x coordinate of the start of a day.
pub fn x_from_date(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// The day containing x, if chrono can represent it.
pub fn date_from_x(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 1.0e8 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(x.floor() as i32)
}

/// The shortest view allowed: a few hours, so a single day is comfortably wide.
pub const MIN_SPAN_DAYS: f64 = 0.25;

/// The longest view allowed: 30,000 years.
pub const MAX_SPAN_DAYS: f64 = 30_000.0 * 365.25;

/// A window of time, `[min_day, max_day]` in days.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeView {
    /// Left edge, in days.
    pub min_day: f64,

    /// Right edge, in days.
    pub max_day: f64,
}

impl TimeView {
    /// A view of `[min_day, max_day]`, widened to at least [`MIN_SPAN_DAYS`].
    pub fn new(min_day: f64, max_day: f64) -> Self {
        Self { min_day, max_day }.clamped()
    }

    /// Length of the view in days.
    pub fn span_days(&self) -> f64 {
        self.max_day - self.min_day
    }

    /// Middle of the view.
    pub fn center_day(&self) -> f64 {
        0.5 * (self.min_day + self.max_day)
    }

    /// A view showing `[first_day, end_day_exclusive)` with a margin of `margin_fraction` of the
    /// span on each side (and at least a few days, so one-day timelines are readable).
    pub fn fit(first_day: f64, end_day_exclusive: f64, margin_fraction: f64) -> Self {
        let span = (end_day_exclusive - first_day).max(1.0);
        let margin = (span * margin_fraction).max(3.0);
        Self::new(first_day - margin, end_day_exclusive + margin)
    }

    /// Whether two views show nearly the same period (ends within 0.5% of the span).
    pub fn approx_eq(&self, other: &Self) -> bool {
        let tolerance = 0.005 * self.span_days().max(other.span_days());
        (self.min_day - other.min_day).abs() <= tolerance
            && (self.max_day - other.max_day).abs() <= tolerance
    }

    /// Zoomed by `factor` (> 1 zooms in) keeping `anchor_day` at the same place on screen.
    pub fn zoomed_at(&self, factor: f64, anchor_day: f64) -> Self {
        if !(factor.is_finite() && factor > 0.0) {
            return *self;
        }
        let new_span = (self.span_days() / factor).clamp(MIN_SPAN_DAYS, MAX_SPAN_DAYS);
        let ratio = if self.span_days() > 0.0 {
            (anchor_day - self.min_day) / self.span_days()
        } else {
            0.5
        };
        let min_day = anchor_day - ratio * new_span;
        Self {
            min_day,
            max_day: min_day + new_span,
        }
    }

    /// Moved so that `x` is in the middle, keeping the span.
    pub fn centered_on(&self, x: f64) -> Self {
        let half = 0.5 * self.span_days();
        Self {
            min_day: x - half,
            max_day: x + half,
        }
    }

    /// The view moved by the least amount that shows `[start, end)` with `margin_fraction` of the
    /// span free at each edge; zoomed out to fit when the range is too long for the view.
    pub fn panned_to_show(&self, start: f64, end: f64, margin_fraction: f64) -> Self {
        let span = self.span_days();
        let margin = span * margin_fraction;
        if end - start > span - 2.0 * margin {
            return Self::fit(start, end, margin_fraction);
        }
        let shift = if start < self.min_day + margin {
            start - (self.min_day + margin)
        } else if end > self.max_day - margin {
            end - (self.max_day - margin)
        } else {
            0.0
        };
        Self {
            min_day: self.min_day + shift,
            max_day: self.max_day + shift,
        }
    }

    /// The period shown, at a precision that suits its length: `1945 – 2023`,
    /// `March 1993 – June 1993`, `3 April 1993 – 9 April 1993`.
    pub fn period_text(&self) -> String {
        // The right edge is exclusive: the last day shown is the one just before it.
        let last_shown = self.max_day - 1e-6 * self.span_days().max(1.0);
        let (Some(start), Some(end)) = (date_from_x(self.min_day), date_from_x(last_shown)) else {
            return String::new();
        };
        let precision = if self.span_days() > 3.0 * 365.0 {
            0
        } else if self.span_days() > 60.0 {
            1
        } else {
            2
        };
        let text = |date: NaiveDate| {
            let (month, day) = match precision {
                0 => (None, None),
                1 => (Some(date.month()), None),
                _ => (Some(date.month()), Some(date.day())),
            };
            DatePoint::new(date.year(), month, day)
                .map(|p| HistDate::Point(p).to_string())
                .unwrap_or_default()
        };
        format!("{} – {}", text(start), text(end))
    }

    /// True when `[start, end)` lies entirely inside the view, with `margin_fraction` of the span
    /// kept free at both edges.
    pub fn shows_fully(&self, start: f64, end: f64, margin_fraction: f64) -> bool {
        let margin = self.span_days() * margin_fraction;
        start >= self.min_day + margin && end <= self.max_day - margin
    }

    /// The same view with its span kept within the allowed limits (around its centre).
    fn clamped(self) -> Self {
        let span = self.span_days();
        if span.is_finite() && (MIN_SPAN_DAYS..=MAX_SPAN_DAYS).contains(&span) {
            return self;
        }
        let center = if self.center_day().is_finite() {
            self.center_day()
        } else {
            0.0
        };
        let span = if span.is_finite() {
            span.clamp(MIN_SPAN_DAYS, MAX_SPAN_DAYS)
        } else {
            365.0
        };
        Self {
            min_day: center - 0.5 * span,
            max_day: center + 0.5 * span,
        }
    }
}

/// Maps days to screen x (points) for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenScale {
    /// The time shown.
    pub view: TimeView,

    /// Screen x of `view.min_day`.
    pub left_pt: f32,

    /// Screen width of the view.
    pub width_pt: f32,
}

impl ScreenScale {
    /// Points per day.
    pub fn pt_per_day(&self) -> f64 {
        f64::from(self.width_pt) / self.view.span_days().max(f64::MIN_POSITIVE)
    }

    /// Screen x of a day coordinate.
    pub fn pt_from_day(&self, x: f64) -> f32 {
        (f64::from(self.left_pt) + (x - self.view.min_day) * self.pt_per_day()) as f32
    }

    /// Day coordinate of a screen x.
    pub fn day_from_pt(&self, px: f32) -> f64 {
        self.view.min_day + f64::from(px - self.left_pt) / self.pt_per_day()
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_x_round_trip_including_bce() {
        for (y, m, d) in [
            (1989, 9, 22),
            (1, 1, 1),
            (0, 12, 31),
            (-43, 3, 15),
            (2023, 1, 30),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_from_x(x_from_date(date)), Some(date));
            assert_eq!(
                date_from_x(x_from_date(date) + 0.99),
                Some(date),
                "x inside the day"
            );
        }
        assert_eq!(x_from_date(NaiveDate::from_ymd_opt(1, 1, 1).unwrap()), 1.0);
        assert_eq!(date_from_x(f64::NAN), None);
        assert_eq!(date_from_x(1.0e12), None);
    }

    #[test]
    fn zoom_keeps_the_anchor_in_place_and_respects_limits() {
        let view = TimeView::new(0.0, 1000.0);
        let zoomed = view.zoomed_at(2.0, 250.0);
        assert_eq!(zoomed.span_days(), 500.0);
        assert!(
            (zoomed.min_day - 125.0).abs() < 1e-9,
            "anchor stays at a quarter of the width"
        );
        let deep = view.zoomed_at(1.0e9, 500.0);
        assert_eq!(deep.span_days(), MIN_SPAN_DAYS);
        let far = view.zoomed_at(1.0e-12, 500.0);
        assert_eq!(far.span_days(), MAX_SPAN_DAYS);
        assert_eq!(view.zoomed_at(f64::NAN, 0.0), view);
    }

    #[test]
    fn fit_adds_margins_and_screen_mapping_is_linear() {
        let view = TimeView::fit(100.0, 200.0, 0.05);
        assert_eq!((view.min_day, view.max_day), (95.0, 205.0));
        let one_day = TimeView::fit(100.0, 101.0, 0.05);
        assert_eq!(one_day.span_days(), 7.0, "at least three days each side");
        let scale = ScreenScale {
            view: TimeView::new(0.0, 100.0),
            left_pt: 50.0,
            width_pt: 1000.0,
        };
        assert_eq!(scale.pt_from_day(0.0), 50.0);
        assert_eq!(scale.pt_from_day(50.0), 550.0);
        assert!((scale.day_from_pt(550.0) - 50.0).abs() < 1e-9);
        assert!(view.shows_fully(100.0, 200.0, 0.0));
        let year = |y: i32| x_from_date(NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        assert_eq!(
            TimeView::new(year(1945), year(2024)).period_text(),
            "1945 – 2023"
        );
        assert_eq!(
            TimeView::new(year(1993), year(1993) + 100.0).period_text(),
            "January 1993 – April 1993"
        );
        assert_eq!(
            TimeView::new(year(1993), year(1993) + 5.0).period_text(),
            "1 January 1993 – 5 January 1993"
        );
        assert_eq!(
            TimeView::new(year(-100), year(-43)).period_text(),
            "101 BCE – 45 BCE"
        );
        let ten = TimeView::new(0.0, 100.0);
        assert_eq!(
            ten.panned_to_show(50.0, 51.0, 0.1),
            ten,
            "already in view: no move"
        );
        assert_eq!(
            ten.panned_to_show(120.0, 121.0, 0.1),
            TimeView::new(31.0, 131.0),
            "least move right"
        );
        assert_eq!(
            ten.panned_to_show(-5.0, -4.0, 0.1),
            TimeView::new(-15.0, 85.0),
            "least move left"
        );
        assert!(
            ten.panned_to_show(0.0, 500.0, 0.1).span_days() > 500.0,
            "too long: zoom out"
        );
        assert!(!view.shows_fully(90.0, 200.0, 0.0));
    }
}
