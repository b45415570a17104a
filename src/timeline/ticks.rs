//! Calendar-aware axis ticks: on real day, month, year, decade … boundaries, with labels that
//! adapt to the zoom (`1990`, `Jan 1992`, `3 Apr`, `44 BCE`).
//!
//! Each tick sits on a boundary of the finest unit that is still at least `min_spacing_pt`
//! apart, and carries the *coarsest* unit it is a boundary of (1 January 1990 is a day, a month
//! and a decade boundary: its step is the decade). The plot fades grid lines and hides labels by
//! that step, so coarse boundaries stay labelled while finer ones come and go with the zoom.
//!
//! BCE years are aligned by their displayed number: decade ticks fall on 40 BCE, 30 BCE, …, not
//! on astronomical multiples of ten.

use chrono::{Datelike as _, NaiveDate};

use super::scale::{TimeView, date_from_x, x_from_date};
use crate::model::{month_abbrev, year_text};

/// A calendar unit that ticks can step by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickUnit {
    /// Every day.
    Day,

    /// Days `1, 1 + n, 1 + 2n, …` of each month (n = 5 or 10), stopping short of the month's end
    /// so that the last step is not a day or two long.
    Days(u32),

    /// Every `n` months, starting in January.
    Months(u32),

    /// Every `n` years.
    Years(u32),
}

/// Units from finest to coarsest.
pub const UNITS: [TickUnit; 15] = [
    TickUnit::Day,
    TickUnit::Days(5),
    TickUnit::Days(10),
    TickUnit::Months(1),
    TickUnit::Months(3),
    TickUnit::Years(1),
    TickUnit::Years(5),
    TickUnit::Years(10),
    TickUnit::Years(50),
    TickUnit::Years(100),
    TickUnit::Years(500),
    TickUnit::Years(1000),
    TickUnit::Years(5000),
    TickUnit::Years(10_000),
    TickUnit::Years(50_000),
];

impl TickUnit {
    /// Average length in days (months and years vary; the plot only needs a consistent size).
    pub fn approx_days(self) -> f64 {
        match self {
            Self::Day => 1.0,
            Self::Days(n) => f64::from(n),
            Self::Months(n) => 30.436_875 * f64::from(n),
            Self::Years(n) => 365.2425 * f64::from(n),
        }
    }

    /// The unit whose `approx_days` is closest to `step_days` (used to read a tick's step back).
    pub fn from_step_days(step_days: f64) -> Self {
        UNITS
            .iter()
            .copied()
            .min_by(|a, b| {
                let da = (a.approx_days().ln() - step_days.max(1e-9).ln()).abs();
                let db = (b.approx_days().ln() - step_days.max(1e-9).ln()).abs();
                da.total_cmp(&db)
            })
            .unwrap_or(Self::Day)
    }
}

/// One tick on the axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// Position, in days (the start of the boundary day).
    pub day: f64,

    /// The coarsest unit this boundary belongs to.
    pub unit: TickUnit,
}

impl Tick {
    /// The label shown under this tick.
    pub fn label(&self) -> String {
        tick_label(self.day, self.unit)
    }
}

/// Label text for a boundary at `day` of the given unit: `1990`, `44 BCE`, `Jan 1992`, `3 Apr`.
pub fn tick_label(day: f64, unit: TickUnit) -> String {
    let Some(date) = date_from_x(day + 0.5) else {
        return String::new();
    };
    match unit {
        TickUnit::Years(_) => year_text(date.year(), false),
        TickUnit::Months(_) => format!(
            "{} {}",
            month_abbrev(date.month()),
            year_text(date.year(), false)
        ),
        TickUnit::Day | TickUnit::Days(_) => {
            format!("{} {}", date.day(), month_abbrev(date.month()))
        }
    }
}

/// The finest unit whose boundaries are at least `min_spacing_pt` apart at this zoom.
pub fn finest_unit(pt_per_day: f64, min_spacing_pt: f64) -> TickUnit {
    UNITS
        .iter()
        .copied()
        .find(|u| u.approx_days() * pt_per_day >= min_spacing_pt)
        .unwrap_or(TickUnit::Years(50_000))
}

/// Whether a year (astronomical) is a multiple of `n` as displayed (`40 BCE`, `1990`).
fn year_aligned(year: i32, n: u32) -> bool {
    let displayed = if year <= 0 {
        1 - i64::from(year)
    } else {
        i64::from(year)
    };
    displayed % i64::from(n) == 0
}

/// Whether a day of the month starts a step of `n` days (1, 6, 11, … up to day 26 for n = 5).
fn day_aligned(day: u32, n: u32) -> bool {
    (day - 1).is_multiple_of(n) && day + n <= 31
}

/// The coarsest unit that `date` is a boundary of.
fn coarsest_unit(date: NaiveDate) -> TickUnit {
    if date.day() != 1 {
        return [10, 5]
            .into_iter()
            .find(|&n| day_aligned(date.day(), n))
            .map_or(TickUnit::Day, TickUnit::Days);
    }
    if date.month() != 1 {
        return if (date.month() - 1).is_multiple_of(3) {
            TickUnit::Months(3)
        } else {
            TickUnit::Months(1)
        };
    }
    UNITS
        .iter()
        .rev()
        .copied()
        .find(|u| match u {
            TickUnit::Years(n) => year_aligned(date.year(), *n),
            _ => false,
        })
        .unwrap_or(TickUnit::Years(1))
}

/// Ticks in `view` on boundaries of the finest unit at least `min_spacing_pt` apart. Work is
/// proportional to the number of ticks (at most about width / spacing), not to the span.
pub fn ticks(view: &TimeView, pt_per_day: f64, min_spacing_pt: f64) -> Vec<Tick> {
    let unit = finest_unit(pt_per_day, min_spacing_pt);
    let (Some(first), Some(last)) = (date_from_x(view.min_day), date_from_x(view.max_day)) else {
        return Vec::new();
    };
    let mut dates: Vec<NaiveDate> = Vec::new();
    match unit {
        TickUnit::Day | TickUnit::Days(_) => {
            let step = match unit {
                TickUnit::Days(n) => n,
                _ => 1,
            };
            let mut day = first;
            while day <= last {
                if step == 1 || day.day() == 1 || day_aligned(day.day(), step) {
                    dates.push(day);
                }
                let Some(next) = day.succ_opt() else { break };
                day = next;
            }
        }
        TickUnit::Months(n) => {
            let mut year = first.year();
            let mut month0 = first.month0() / n * n;
            while let Some(date) = NaiveDate::from_ymd_opt(year, month0 + 1, 1) {
                if date > last {
                    break;
                }
                dates.push(date);
                month0 += n;
                if month0 >= 12 {
                    month0 -= 12;
                    year += 1;
                }
            }
        }
        TickUnit::Years(n) => {
            let mut year = first.year();
            while !year_aligned(year, n) {
                year += 1;
            }
            let step = n as i32;
            while year <= last.year() {
                let Some(date) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                    break;
                };
                dates.push(date);
                // Across the era boundary, displayed multiples are not `n` astronomical years
                // apart (10 BCE is year -9; AD 10 is year 10).
                let next = year + step;
                year = if year <= 0 && next > 0 {
                    // The first displayed multiple of `n` in the common era is `n` itself.
                    n as i32
                } else {
                    next
                };
            }
        }
    }
    dates
        .into_iter()
        .map(|date| Tick {
            day: x_from_date(date),
            unit: coarsest_unit(date),
        })
        .filter(|t| t.day >= view.min_day && t.day <= view.max_day)
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(from: (i32, u32, u32), to: (i32, u32, u32)) -> TimeView {
        let a = NaiveDate::from_ymd_opt(from.0, from.1, from.2).unwrap();
        let b = NaiveDate::from_ymd_opt(to.0, to.1, to.2).unwrap();
        TimeView::new(x_from_date(a), x_from_date(b))
    }

    /// Labels of the ticks whose own unit is at least `min_unit_days` (what the plot labels).
    fn labels(view: TimeView, width_pt: f64, min_unit_days: f64) -> Vec<String> {
        let pt_per_day = width_pt / view.span_days();
        ticks(&view, pt_per_day, 12.0)
            .iter()
            .filter(|t| t.unit.approx_days() >= min_unit_days)
            .map(Tick::label)
            .collect()
    }

    #[test]
    fn millennia_view_ticks_on_round_years() {
        let view = view_of((-3000, 1, 1), (2500, 1, 1));
        let pt_per_day = 1000.0 / view.span_days();
        let unit = finest_unit(pt_per_day, 12.0);
        assert_eq!(
            unit,
            TickUnit::Years(100),
            "100 years is ~18 px at this zoom"
        );
        let all = ticks(&view, pt_per_day, 12.0);
        let big: Vec<String> = all
            .iter()
            .filter(|t| t.unit == TickUnit::Years(1000))
            .map(Tick::label)
            .collect();
        assert_eq!(big, ["3000 BCE", "2000 BCE", "1000 BCE", "1000", "2000"]);
        assert!(
            all.len() <= 60,
            "ticks are bounded by the width: {}",
            all.len()
        );
    }

    #[test]
    fn bce_decades_fall_on_displayed_round_numbers() {
        let view = view_of((-60, 1, 1), (30, 1, 1));
        let all = ticks(&view, 800.0 / view.span_days(), 60.0);
        let labels: Vec<String> = all.iter().map(Tick::label).collect();
        assert_eq!(
            labels,
            [
                "60 BCE", "50 BCE", "40 BCE", "30 BCE", "20 BCE", "10 BCE", "AD 10", "AD 20",
                "AD 30"
            ]
        );
        assert!(
            labels.iter().all(|l| !l.contains('-') && l != "0"),
            "no minus sign, no year 0"
        );
    }

    #[test]
    fn decade_and_year_views() {
        let view = view_of((1945, 1, 1), (2024, 1, 1));
        let decades = labels(view, 1000.0, 3000.0);
        assert_eq!(
            decades,
            [
                "1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"
            ]
        );
        let years = view_of((1988, 6, 1), (1994, 6, 1));
        let pt_per_day = 1000.0 / years.span_days();
        assert_eq!(finest_unit(pt_per_day, 12.0), TickUnit::Months(1));
        let year_labels = labels(years, 1000.0, 365.0);
        assert_eq!(
            year_labels,
            ["1989", "1990", "1991", "1992", "1993", "1994"]
        );
        let decade_tick = ticks(&years, pt_per_day, 12.0)
            .into_iter()
            .find(|t| t.label() == "1990")
            .unwrap();
        assert_eq!(
            decade_tick.unit,
            TickUnit::Years(10),
            "1 Jan 1990 carries its coarsest unit"
        );
    }

    #[test]
    fn month_and_day_views_use_month_names() {
        let months = view_of((1991, 11, 15), (1992, 4, 15));
        let all = ticks(&months, 1200.0 / months.span_days(), 12.0);
        assert_eq!(
            finest_unit(1200.0 / months.span_days(), 12.0),
            TickUnit::Days(5)
        );
        let month_labels: Vec<String> = all
            .iter()
            .filter(|t| t.unit.approx_days() >= 28.0)
            .map(Tick::label)
            .collect();
        assert_eq!(
            month_labels,
            ["Dec 1991", "1992", "Feb 1992", "Mar 1992", "Apr 1992"]
        );
        let days = view_of((1993, 4, 1), (1993, 4, 6));
        let day_labels: Vec<String> = ticks(&days, 1200.0 / days.span_days(), 12.0)
            .iter()
            .map(Tick::label)
            .collect();
        assert_eq!(
            day_labels,
            ["Apr 1993", "2 Apr", "3 Apr", "4 Apr", "5 Apr", "6 Apr"]
        );
    }

    #[test]
    fn weeks_views_label_every_fifth_day() {
        let view = view_of((1993, 3, 11), (1993, 4, 27));
        let pt_per_day = 714.0 / view.span_days();
        assert_eq!(finest_unit(pt_per_day, 12.0), TickUnit::Day);
        let labelled: Vec<String> = ticks(&view, pt_per_day, 12.0)
            .iter()
            .filter(|t| t.unit.approx_days() * pt_per_day >= 60.0)
            .map(Tick::label)
            .collect();
        assert_eq!(
            labelled,
            [
                "11 Mar", "16 Mar", "21 Mar", "26 Mar", "Apr 1993", "6 Apr", "11 Apr", "16 Apr",
                "21 Apr", "26 Apr"
            ]
        );
        let coarse = ticks(&view, 300.0 / view.span_days(), 12.0);
        assert!(
            coarse.iter().all(|t| t.unit != TickUnit::Day),
            "5-day steps when days are too close"
        );
    }

    #[test]
    fn quarters_and_step_lookup() {
        assert_eq!(TickUnit::from_step_days(30.0), TickUnit::Months(1));
        assert_eq!(TickUnit::from_step_days(3652.0), TickUnit::Years(10));
        assert_eq!(TickUnit::from_step_days(1.0), TickUnit::Day);
        let year = view_of((1992, 1, 1), (1993, 1, 1));
        let pt_per_day = 120.0 / year.span_days();
        assert_eq!(finest_unit(pt_per_day, 12.0), TickUnit::Months(3));
        let quarter: Vec<String> = ticks(&year, pt_per_day, 12.0)
            .iter()
            .map(Tick::label)
            .collect();
        assert_eq!(
            quarter,
            ["1992", "Apr 1992", "Jul 1992", "Oct 1992", "1993"]
        );
    }

    #[test]
    fn tick_count_stays_bounded_at_every_zoom() {
        for span_days in [
            0.5,
            3.0,
            40.0,
            400.0,
            4000.0,
            40_000.0,
            400_000.0,
            4_000_000.0,
        ] {
            let view = TimeView::new(700_000.0, 700_000.0 + span_days);
            let all = ticks(&view, 1920.0 / span_days, 12.0);
            assert!(all.len() <= 161, "{span_days} days: {} ticks", all.len());
            assert!(all.windows(2).all(|w| w[0].day < w[1].day), "ticks ascend");
        }
    }
}
