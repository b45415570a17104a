//! Resolution: turns what an expression says ([`Expr`]) into a [`HistDate`], using the
//! document's date and the last date mentioned before it, and explains in a note how the date was
//! worked out whenever context or a convention was needed.
//!
//! Conventions (each one is named in the note when it is used):
//! - Deictic words (`today`, `last month`, `two years ago`, `recently`, `within the next two
//!   months`) count from the document's date; anaphoric ones (`the following year`, `two years
//!   later`, `on the 5th`, `that year`) count from the last date mentioned. A bare `within a
//!   year` counts from the document date when there is one, else from the last date mentioned
//!   (a narrative's "within a year he had settled").
//! - `on the 5th` is in the month of the last date mentioned; a plan looks forward from it, and a
//!   report is never later than the document (then it is the month before).
//! - A bare weekday (`on Monday`) is the nearest one on or before the document date (after it,
//!   for plans); after a narrative's own day it is the first one on or after that day.
//! - A month or season without a year takes the year of the last date mentioned, else of the
//!   document; in a clause that announces a plan, a month earlier in the year than the document's
//!   is taken as next year's.
//! - Two-digit years: with a document date, the year within 89 years before and 10 years after
//!   it (`11/1/95` in a 1989 document is 1995); without one, the spreadsheet rule (00–29 →
//!   2000s, 30–99 → 1900s).
//! - Seasons are northern-hemisphere: spring = March–May, summer = June–August, autumn =
//!   September–November, winter = December to February of the next year; all approximate.
//! - `early`/`mid`/`late` split a year into January–April, May–August, September–December, and
//!   a decade or century into thirds, all approximate; `late May` is simply `c. May`.
//! - The nth century is the formal one (the 19th century = 1801–1900; the 7th century BC =
//!   700–601 BC); `the 1800s` is 1800–1899, but `the 2000s` is the decade 2000–2009; a
//!   two-digit decade (`the '60s`) is the latest one not after the document (or last) date.
//! - `before X`, `by X` and `until X` end at the end of X (`../X`); `after X` starts at X;
//!   `since X` runs from X to the document date.

use chrono::{Datelike as _, NaiveDate, TimeDelta, Weekday};

use super::expressions::{
    Anchor, Base, Cal, Dir, Expr, Named, NumericOrder, Part, Period, YearSpec,
};
use super::words::{self, Season, Unit};
use crate::model::{Bound, DatePoint, HistDate, Precision, month_name};

/// What an expression is resolved against.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context {
    /// The document's own date.
    pub document: Option<DatePoint>,

    /// The last date mentioned before the expression.
    pub mention: Option<DatePoint>,

    /// The clause announces a plan: a month without a year looks forward from the document.
    pub planned: bool,
}

/// The outcome for one expression.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resolution {
    /// The date, when it could be worked out.
    pub date: Option<HistDate>,

    /// How it was worked out, when context or a convention was needed.
    pub note: Option<String>,

    /// Why it could not be worked out.
    pub unresolved: Option<String>,
}

type Span = (DatePoint, DatePoint);

/// Resolves `expr`, written as `text`, in `ctx`.
pub(crate) fn resolve(expr: &Expr, text: &str, ctx: &Context) -> Resolution {
    let mut notes = Vec::new();
    let result = resolve_expr(expr, ctx, &mut notes);
    // Both ends of a range may explain the same thing.
    let mut seen = Vec::new();
    notes.retain(|n| {
        let fresh = !seen.contains(n);
        seen.push(n.clone());
        fresh
    });
    match result {
        Ok(date) => {
            // One reading narrowed by the next: "… is taken as 1801–1900 (the formal 19th
            // century), then as 1834–1867 (the middle third)".
            for i in 1..notes.len() {
                if let Some(rest) = notes[i].strip_prefix("is taken as ")
                    && (notes[i - 1].starts_with("is taken as ")
                        || notes[i - 1].starts_with("then as "))
                {
                    notes[i] = format!("then as {rest}");
                }
            }
            let note = (!notes.is_empty()).then(|| {
                let mut joined = String::new();
                for (i, n) in notes.iter().enumerate() {
                    if i > 0 {
                        joined.push_str(if n.starts_with("then as ") {
                            ", "
                        } else {
                            "; "
                        });
                    }
                    joined.push_str(n);
                }
                format!("'{text}' {joined} \u{2192} {date}")
            });
            Resolution {
                date: Some(date),
                note,
                unresolved: None,
            }
        }
        Err(reason) => Resolution {
            date: None,
            note: None,
            unresolved: Some(format!("'{text}' {reason}")),
        },
    }
}

fn resolve_expr(expr: &Expr, ctx: &Context, notes: &mut Vec<String>) -> Result<HistDate, String> {
    match expr {
        Expr::At(p) => {
            let span = period_span(p, ctx, notes)?;
            span_date(span)
        }
        Expr::Range(a, b) => {
            let (start, _) = period_span(a, ctx, notes)?;
            let (_, end) = period_span(b, ctx, notes)?;
            span_date((start, end))
        }
        Expr::Before(p) => {
            let (_, end) = period_span(p, ctx, notes)?;
            Ok(HistDate::Interval {
                start: Bound::Open,
                end: Bound::Date(end),
            })
        }
        Expr::After(p) => {
            let (start, _) = period_span(p, ctx, notes)?;
            Ok(HistDate::Interval {
                start: Bound::Date(start),
                end: Bound::Open,
            })
        }
        Expr::Since(p) => {
            let (start, _) = period_span(p, ctx, notes)?;
            match ctx.document {
                Some(doc) if doc.last_day() >= start.first_day() => {
                    notes.push(format!("runs up to the document date ({})", show(doc)));
                    span_date((start, doc))
                }
                _ => Ok(HistDate::Interval {
                    start: Bound::Date(start),
                    end: Bound::Open,
                }),
            }
        }
        Expr::Offset { n, unit, anchor } => {
            let reference = anchor_point(*anchor, ctx, notes)?;
            let point = offset(reference, *unit, i64::from(*n))?;
            Ok(HistDate::Point(point))
        }
        Expr::Window {
            n,
            unit,
            forward,
            loose,
        } => {
            let anchor = if *loose && ctx.document.is_none() {
                Anchor::Mention
            } else {
                Anchor::Document
            };
            let doc = anchor_point(anchor, ctx, notes)?;
            let n = i64::from(*n);
            if *forward {
                let end = shift(doc, *unit, n)?;
                span_date((doc, end))
            } else {
                let start = offset(doc, *unit, -n)?;
                let mut start = start;
                if matches!(unit, Unit::Year | Unit::Decade | Unit::Century) {
                    start.approximate = true;
                }
                span_date((start, doc))
            }
        }
        Expr::RestOf { unit, earlier } => {
            let doc = anchor_point(Anchor::Document, ctx, notes)?;
            let (mut first, mut last) = calendar_unit(doc, *unit)?;
            // "earlier this year" starts in January, at the document's own precision.
            match (unit, doc.month(), doc.day()) {
                (Unit::Year, Some(_), _) => {
                    first = make(doc.year(), Some(1), None)?;
                    last = make(doc.year(), Some(12), None)?;
                }
                (Unit::Month, Some(m), Some(_)) => {
                    first = make(doc.year(), Some(m), Some(1))?;
                    last = make(doc.year(), Some(m), Some(days_in_month(doc.year(), m)))?;
                }
                _ => {}
            }
            if *earlier {
                span_date((first, doc))
            } else {
                span_date((doc, last))
            }
        }
        Expr::Recently => {
            let doc = ctx.document.ok_or_else(needs_document)?;
            notes.push(format!(
                "means some time before the document date ({})",
                show(doc)
            ));
            Ok(HistDate::Interval {
                start: Bound::Open,
                end: Bound::Date(doc),
            })
        }
    }
}

fn needs_document() -> String {
    "cannot be dated: it counts from the document's date, which was neither given nor found in \
     the text"
        .to_owned()
}

fn needs_mention() -> String {
    "cannot be dated: it counts from an earlier date in the text, and none comes before it"
        .to_owned()
}

/// Display text of one date point: `23 April 1993`.
pub(crate) fn show(point: DatePoint) -> String {
    HistDate::Point(point).to_string()
}

/// A point or an interval from a span, checking that it does not run backwards.
fn span_date((start, end): Span) -> Result<HistDate, String> {
    if start == end {
        return Ok(HistDate::Point(start));
    }
    if end.last_day() < start.first_day() {
        return Err(format!(
            "cannot be dated: it would end ({}) before it starts ({})",
            show(end),
            show(start)
        ));
    }
    Ok(HistDate::Interval {
        start: Bound::Date(start),
        end: Bound::Date(end),
    })
}

/// A date point, or why it does not exist.
fn make(year: i32, month: Option<u32>, day: Option<u32>) -> Result<DatePoint, String> {
    if !(-9999..=9999).contains(&year) {
        return Err("cannot be dated: the year is out of range".to_owned());
    }
    DatePoint::new(year, month, day).ok_or_else(|| match (month, day) {
        (Some(m), Some(d)) => format!(
            "is not a real date: {} {} has no day {d}",
            month_name(m),
            crate::model::year_text(year, false)
        ),
        _ => "is not a real date".to_owned(),
    })
}

fn flagged(mut point: DatePoint, (approximate, uncertain): (bool, bool)) -> DatePoint {
    point.approximate |= approximate;
    point.uncertain |= uncertain;
    point
}

/// The year a written year stands for.
fn full_year(spec: YearSpec, ctx: &Context, notes: &mut Vec<String>) -> i32 {
    match spec {
        YearSpec::Full(y) => y,
        YearSpec::TwoDigit(yy) => {
            let yy = yy as i32;
            if let Some(doc) = ctx.document {
                let high = doc.year() + 10;
                let year = yy + 100 * (high - yy).div_euclid(100);
                notes.push(format!(
                    "has a two-digit year, taken as {year}, the nearest fit to the document date \
                     ({})",
                    show(doc)
                ));
                year
            } else {
                let year = if yy < 30 { 2000 + yy } else { 1900 + yy };
                notes.push(format!(
                    "has a two-digit year: the century was assumed, {yy:02} read as {year} \
                     (00\u{2013}29 \u{2192} 2000s, 30\u{2013}99 \u{2192} 1900s, as spreadsheets do)"
                ));
                year
            }
        }
    }
}

/// The date a year-less month or season takes its year from, with words for the note.
///
/// Plans are dated from the time of writing, so in a clause that announces one the document date
/// comes first; otherwise the narrative's last date does. A last date in the document's own year
/// is reported as the document date.
fn year_reference(ctx: &Context) -> Option<(DatePoint, &'static str)> {
    match (ctx.mention, ctx.document) {
        (_, Some(d)) if ctx.planned => Some((d, "the document date")),
        (Some(m), Some(d)) if m.year() == d.year() => Some((d, "the document date")),
        (Some(m), _) => Some((m, "the last date mentioned")),
        (None, Some(d)) => Some((d, "the document date")),
        (None, None) => None,
    }
}

/// The year for a month (or season starting in `month`) written without one.
fn year_for_month(month: u32, ctx: &Context, notes: &mut Vec<String>) -> Result<i32, String> {
    let (reference, what) = year_reference(ctx).ok_or_else(|| {
        "cannot be dated: it has no year, and there is no document date or earlier date to take \
         one from"
            .to_owned()
    })?;
    let from_document = what == "the document date";
    let mut year = reference.year();
    if from_document && ctx.planned && reference.month().is_some_and(|m| month < m) {
        year += 1;
        notes.push(format!(
            "has no year; as a plan it is taken as the next {} after the document date ({})",
            month_name(month),
            show(reference)
        ));
    } else if !from_document && reference.month().is_some_and(|m| month + 6 <= m) {
        // A narrative moves on: "on December 25, 1776 … on January 3" is the next January.
        year += 1;
        notes.push(format!(
            "has no year; it is taken as the next {} after the last date mentioned ({})",
            month_name(month),
            show(reference)
        ));
    } else {
        notes.push(format!(
            "has no year; the year is taken from {what} ({})",
            show(reference)
        ));
    }
    Ok(year)
}

fn cal_span(cal: &Cal, ctx: &Context, notes: &mut Vec<String>) -> Result<Span, String> {
    match cal.numeric {
        Some(NumericOrder::MonthFirstAssumed) => {
            notes.push("is read as U.S. month/day/year".to_owned());
        }
        Some(NumericOrder::MonthFirst) => {
            notes.push("is read as month/day/year".to_owned());
        }
        Some(NumericOrder::DayFirst) => {
            notes.push("is read as day/month/year".to_owned());
        }
        Some(NumericOrder::DayFirstAssumed) => {
            notes.push("is read as day.month.year (the European order)".to_owned());
        }
        Some(NumericOrder::DayFirstLikeColumn) => {
            notes.push(
                "is read as day/month/year, the order of the other dates in its column".to_owned(),
            );
        }
        Some(NumericOrder::MonthFirstLikeColumn) => {
            notes.push(
                "is read as month/day/year, the order of the other dates in its column".to_owned(),
            );
        }
        Some(NumericOrder::YearFirst) | None => {}
    }
    let year = match (cal.year, cal.month) {
        (Some(spec), _) => full_year(spec, ctx, notes),
        (None, Some(m)) => year_for_month(m, ctx, notes)?,
        (None, None) => return Err("cannot be dated: it has no year".to_owned()),
    };
    let point = make(year, cal.month, cal.day)?;
    Ok((point, point))
}

fn period_span(p: &Period, ctx: &Context, notes: &mut Vec<String>) -> Result<Span, String> {
    let (start, end) = base_span(&p.base, ctx, notes)?;
    let (start, end) = apply_part((start, end), p.part, notes)?;
    Ok((
        flagged(start, (p.approximate, false)),
        flagged(end, (p.approximate, false)),
    ))
}

fn season_span(
    season: Season,
    year: i32,
    end_year: Option<i32>,
    approximate: bool,
) -> Result<Span, String> {
    let (m1, m2) = season.months();
    let (start, end) = if season == Season::Winter {
        (
            make(year, Some(m1), None)?,
            make(end_year.unwrap_or(year + 1), Some(m2), None)?,
        )
    } else {
        (make(year, Some(m1), None)?, make(year, Some(m2), None)?)
    };
    Ok((
        flagged(start, (approximate, false)),
        flagged(end, (approximate, false)),
    ))
}

fn season_note(season: Season) -> String {
    let (m1, m2) = season.months();
    format!(
        "is taken as {}\u{2013}{} ({}, northern hemisphere)",
        month_name(m1),
        month_name(m2),
        season.name()
    )
}

fn base_span(base: &Base, ctx: &Context, notes: &mut Vec<String>) -> Result<Span, String> {
    match *base {
        Base::Cal(ref cal) => cal_span(cal, ctx, notes),
        Base::Season {
            season,
            year,
            end_year,
        } => {
            let year = match year {
                Some(spec) => full_year(spec, ctx, notes),
                None => year_for_month(season.months().0, ctx, notes)?,
            };
            let end_year = end_year.map(|spec| full_year(spec, ctx, notes));
            notes.push(season_note(season));
            season_span(season, year, end_year, true)
        }
        Base::Decade { first, hundred } => {
            let first = match first {
                YearSpec::Full(y) => y,
                YearSpec::TwoDigit(yy) => {
                    let yy = yy as i32;
                    let reference = ctx.document.or(ctx.mention).map(|p| p.year());
                    let year = match reference {
                        Some(r) => yy + 100 * (r - yy).div_euclid(100),
                        None => 1900 + yy,
                    };
                    notes.push(format!("is taken as the {year}s"));
                    year
                }
            };
            let last = if hundred {
                notes.push(format!(
                    "is taken as the hundred years {first}\u{2013}{}",
                    first + 99
                ));
                first + 99
            } else {
                first + 9
            };
            Ok((make(first, None, None)?, make(last, None, None)?))
        }
        Base::Century { n, bc } => {
            let n = n as i32;
            let (first, last) = if bc {
                (1 - 100 * n, -100 * (n - 1))
            } else {
                (100 * (n - 1) + 1, 100 * n)
            };
            let span = (make(first, None, None)?, make(last, None, None)?);
            notes.push(format!(
                "is taken as {} (the formal {} century)",
                HistDate::Interval {
                    start: Bound::Date(span.0),
                    end: Bound::Date(span.1)
                },
                ordinal(n)
            ));
            Ok(span)
        }
        Base::Rel { unit, by, anchor } => {
            let reference = anchor_point(anchor, ctx, notes)?;
            let shifted = shift(reference, unit, i64::from(by))?;
            let (first, last) = calendar_unit(shifted, unit)?;
            Ok((
                flagged(first, (reference.approximate, reference.uncertain)),
                flagged(last, (reference.approximate, reference.uncertain)),
            ))
        }
        Base::Named { named, dir } => named_span(named, dir, ctx, notes),
        Base::DayOfMonth(day) => {
            let (reference, what) = match (ctx.mention, ctx.document) {
                (Some(m), _) => (m, "the last date mentioned"),
                (None, Some(d)) => (d, "the document date"),
                (None, None) => return Err(needs_mention()),
            };
            let Some(month) = reference.month() else {
                return Err(format!(
                    "cannot be dated: {what} ({}) has no month",
                    show(reference)
                ));
            };
            // The month of the reference; a plan looks forward from it, and a report cannot be
            // later than the document.
            let (mut year, mut month) = (reference.year(), month);
            let same = make(year, Some(month), Some(day)).ok();
            let shift = match (same, ctx.document) {
                (Some(_), _) if ctx.planned && reference.day().is_some_and(|d| day < d) => 1,
                (Some(p), Some(doc)) if !ctx.planned && p.first_day() > doc.last_day() => -1,
                _ => 0,
            };
            if shift != 0 {
                (year, month) = add_months(year, month, shift);
            }
            notes.push(format!(
                "is taken as the {} of {} {}, from {what} ({})",
                ordinal(day as i32),
                month_name(month),
                crate::model::year_text(year, false),
                show(reference)
            ));
            let point = make(year, Some(month), Some(day))?;
            Ok((point, point))
        }
    }
}

fn named_span(
    named: Named,
    dir: Dir,
    ctx: &Context,
    notes: &mut Vec<String>,
) -> Result<Span, String> {
    match named {
        Named::Month(month) => {
            let doc = anchor_point(Anchor::Document, ctx, notes)?;
            let Some(doc_month) = doc.month() else {
                return Err(format!(
                    "cannot be dated: the document date ({}) has no month",
                    show(doc)
                ));
            };
            let year = match dir {
                Dir::Last if month < doc_month => doc.year(),
                Dir::Last => doc.year() - 1,
                Dir::Next if month > doc_month => doc.year(),
                Dir::Next => doc.year() + 1,
                Dir::This | Dir::Bare => doc.year(),
            };
            let point = make(year, Some(month), None)?;
            Ok((point, point))
        }
        Named::Season(season) => {
            let doc = anchor_point(Anchor::Document, ctx, notes)?;
            let doc_first = doc.first_day();
            let doc_last = doc.last_day();
            let candidates: Vec<Span> = (doc.year() - 2..=doc.year() + 1)
                .filter_map(|y| season_span(season, y, None, true).ok())
                .collect();
            let chosen = match dir {
                Dir::Last => candidates
                    .iter()
                    .rev()
                    .find(|(_, e)| e.last_day() < doc_first),
                Dir::Next => candidates.iter().find(|(s, _)| s.first_day() > doc_last),
                Dir::This | Dir::Bare => candidates
                    .iter()
                    .find(|(s, e)| s.first_day() <= doc_last && e.last_day() >= doc_first)
                    .or_else(|| candidates.iter().find(|(s, _)| s.year() == doc.year())),
            };
            notes.push(season_note(season));
            chosen.copied().ok_or_else(|| "cannot be dated".to_owned())
        }
        Named::Weekday(weekday) => {
            // A narrative's own day moves forward from it; the document's day looks back
            // (or forward, for plans).
            let narrative = ctx
                .mention
                .filter(|m| m.precision() == Precision::Day && Some(*m) != ctx.document);
            let (reference, forward, inclusive) = if let (Dir::Bare, Some(m)) = (dir, narrative) {
                notes.push(format!(
                    "is taken as the first {} on or after the last date mentioned ({})",
                    words::weekday_name(weekday),
                    show(m)
                ));
                (m, true, true)
            } else {
                let doc = ctx.document.ok_or_else(needs_document)?;
                if doc.precision() != Precision::Day {
                    return Err(format!(
                        "cannot be dated: the document date ({}) has no day",
                        show(doc)
                    ));
                }
                notes.push(format!(
                    "in a document dated {} {}",
                    words::weekday_name(doc.first_day().weekday()),
                    show(doc)
                ));
                match dir {
                    Dir::Last => (doc, false, false),
                    Dir::Next => (doc, true, false),
                    Dir::This => {
                        let monday = week_start(doc.first_day());
                        let day =
                            monday + TimeDelta::days(i64::from(weekday.num_days_from_monday()));
                        let point = day_point(day)?;
                        return Ok((point, point));
                    }
                    Dir::Bare => (doc, ctx.planned, true),
                }
            };
            let day = nearest_weekday(reference.first_day(), weekday, (forward, inclusive));
            let point = day_point(day)?;
            Ok((point, point))
        }
    }
}

/// The weekday nearest `from` in one direction; `inclusive` allows `from` itself.
fn nearest_weekday(
    from: NaiveDate,
    weekday: Weekday,
    (forward, inclusive): (bool, bool),
) -> NaiveDate {
    let current = i64::from(from.weekday().num_days_from_monday());
    let target = i64::from(weekday.num_days_from_monday());
    let mut delta = if forward {
        (target - current).rem_euclid(7)
    } else {
        -((current - target).rem_euclid(7))
    };
    if delta == 0 && !inclusive {
        delta = if forward { 7 } else { -7 };
    }
    from.checked_add_signed(TimeDelta::days(delta))
        .unwrap_or(from)
}

fn week_start(day: NaiveDate) -> NaiveDate {
    let back = i64::from(day.weekday().num_days_from_monday());
    day.checked_sub_signed(TimeDelta::days(back)).unwrap_or(day)
}

fn day_point(day: NaiveDate) -> Result<DatePoint, String> {
    make(day.year(), Some(day.month()), Some(day.day()))
}

fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The document date or the last mention, with words for the note.
fn anchor_point(
    anchor: Anchor,
    ctx: &Context,
    notes: &mut Vec<String>,
) -> Result<DatePoint, String> {
    match anchor {
        Anchor::Document => {
            let doc = ctx.document.ok_or_else(needs_document)?;
            notes.push(format!("in a document dated {}", show(doc)));
            Ok(doc)
        }
        Anchor::Mention => {
            let mention = ctx.mention.ok_or_else(needs_mention)?;
            notes.push(format!(
                "is counted from the last date mentioned ({})",
                show(mention)
            ));
            Ok(mention)
        }
    }
}

fn unit_precision(unit: Unit) -> Precision {
    match unit {
        Unit::Day | Unit::Week => Precision::Day,
        Unit::Month => Precision::Month,
        Unit::Year | Unit::Decade | Unit::Century => Precision::Year,
    }
}

fn check_precision(reference: DatePoint, unit: Unit) -> Result<(), String> {
    if reference.precision() < unit_precision(unit) {
        return Err(format!(
            "cannot be dated: {} is not precise enough to count in {}",
            show(reference),
            unit.name(2)
        ));
    }
    Ok(())
}

fn add_months(year: i32, month: u32, n: i64) -> (i32, u32) {
    let total = i64::from(year) * 12 + i64::from(month) - 1 + n;
    let year = total
        .div_euclid(12)
        .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    (year, total.rem_euclid(12) as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    DatePoint::new(year, Some(month), None).map_or(28, |p| p.last_day().day())
}

/// Moves `point` by `n` units keeping its precision (a day stays a day; day 31 clamps to the
/// month's end). Weeks and smaller need a day.
fn shift(point: DatePoint, unit: Unit, n: i64) -> Result<DatePoint, String> {
    check_precision(point, unit)?;
    let years = |k: i64| -> Result<DatePoint, String> {
        let year = i64::from(point.year()) + k;
        let year =
            i32::try_from(year).map_err(|_err| "cannot be dated: out of range".to_owned())?;
        let day = match (point.month(), point.day()) {
            (Some(m), Some(d)) => Some(d.min(days_in_month(year, m))),
            _ => None,
        };
        make(year, point.month(), day)
    };
    let shifted = match unit {
        Unit::Day | Unit::Week => {
            let days = if unit == Unit::Week { n * 7 } else { n };
            let day = point
                .first_day()
                .checked_add_signed(TimeDelta::days(days))
                .ok_or_else(|| "cannot be dated: out of range".to_owned())?;
            day_point(day)?
        }
        Unit::Month => {
            let month = point.month().unwrap_or(1);
            let (year, month) = add_months(point.year(), month, n);
            let day = point.day().map(|d| d.min(days_in_month(year, month)));
            make(year, Some(month), day)?
        }
        Unit::Year => years(n)?,
        Unit::Decade => years(n * 10)?,
        Unit::Century => years(n * 100)?,
    };
    Ok(flagged(shifted, (point.approximate, point.uncertain)))
}

/// A point `n` units from `reference`, at the unit's precision (decades and centuries give an
/// approximate year).
fn offset(reference: DatePoint, unit: Unit, n: i64) -> Result<DatePoint, String> {
    let shifted = shift(reference, unit, n)?;
    let point = match unit {
        Unit::Day | Unit::Week => shifted,
        Unit::Month => make(shifted.year(), shifted.month(), None)?,
        Unit::Year => make(shifted.year(), None, None)?,
        Unit::Decade | Unit::Century => {
            let mut p = make(shifted.year(), None, None)?;
            p.approximate = true;
            p
        }
    };
    Ok(flagged(point, (reference.approximate, reference.uncertain)))
}

/// The calendar unit containing `point`: its day, week (Monday–Sunday), month, year, decade or
/// century.
fn calendar_unit(point: DatePoint, unit: Unit) -> Result<Span, String> {
    check_precision(point, unit)?;
    let year = point.year();
    match unit {
        Unit::Day => Ok((point, point)),
        Unit::Week => {
            let monday = week_start(point.first_day());
            let sunday = monday
                .checked_add_signed(TimeDelta::days(6))
                .ok_or_else(|| "cannot be dated: out of range".to_owned())?;
            Ok((day_point(monday)?, day_point(sunday)?))
        }
        Unit::Month => {
            let p = make(year, point.month(), None)?;
            Ok((p, p))
        }
        Unit::Year => {
            let p = make(year, None, None)?;
            Ok((p, p))
        }
        Unit::Decade => {
            let first = year.div_euclid(10) * 10;
            Ok((make(first, None, None)?, make(first + 9, None, None)?))
        }
        Unit::Century => {
            let c = (year - 1).div_euclid(100);
            Ok((
                make(100 * c + 1, None, None)?,
                make(100 * c + 100, None, None)?,
            ))
        }
    }
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Early => "the early part",
        Part::Mid => "the middle part",
        Part::Late => "the late part",
        Part::FirstHalf => "the first half",
        Part::SecondHalf => "the second half",
    }
}

fn part_name_of_span(part: Part) -> &'static str {
    match part {
        Part::Early => "the first third",
        Part::Mid => "the middle third",
        Part::Late => "the last third",
        Part::FirstHalf => "the first half",
        Part::SecondHalf => "the second half",
    }
}

/// Narrows a span to its early, middle or late third, or a half.
fn apply_part(span: Span, part: Option<Part>, notes: &mut Vec<String>) -> Result<Span, String> {
    let Some(part) = part else {
        return Ok(span);
    };
    let (start, end) = span;
    let approximate = matches!(part, Part::Early | Part::Mid | Part::Late);
    let keep = (start.approximate, start.uncertain);
    if start == end {
        match start.precision() {
            Precision::Year => {
                let (m1, m2) = match part {
                    Part::Early => (1, 4),
                    Part::Mid => (5, 8),
                    Part::Late => (9, 12),
                    Part::FirstHalf => (1, 6),
                    Part::SecondHalf => (7, 12),
                };
                notes.push(format!(
                    "is taken as {}\u{2013}{} ({} of the year)",
                    month_name(m1),
                    month_name(m2),
                    part_name(part)
                ));
                let s = make(start.year(), Some(m1), None)?;
                let e = make(start.year(), Some(m2), None)?;
                return Ok((
                    flagged(s, (approximate || keep.0, keep.1)),
                    flagged(e, (approximate || keep.0, keep.1)),
                ));
            }
            Precision::Month => {
                let year = start.year();
                let month = start.month().unwrap_or(1);
                return match part {
                    Part::FirstHalf => Ok((
                        flagged(make(year, Some(month), Some(1))?, keep),
                        flagged(make(year, Some(month), Some(15))?, keep),
                    )),
                    Part::SecondHalf => Ok((
                        flagged(make(year, Some(month), Some(16))?, keep),
                        flagged(
                            make(year, Some(month), Some(days_in_month(year, month)))?,
                            keep,
                        ),
                    )),
                    _ => Ok((flagged(start, (true, false)), flagged(end, (true, false)))),
                };
            }
            Precision::Day => {
                return Ok((flagged(start, (true, false)), flagged(end, (true, false))));
            }
        }
    }
    if start.precision() == Precision::Year
        && end.precision() == Precision::Year
        && end.year() > start.year()
    {
        let (a, b) = (start.year(), end.year());
        let len = b - a + 1;
        let third = (len / 3).max(1);
        let half = (len / 2).max(1);
        let (s, e) = match part {
            Part::Early => (a, a + third - 1),
            Part::Mid => (a + third, b - third),
            Part::Late => (b - third + 1, b),
            Part::FirstHalf => (a, a + half - 1),
            Part::SecondHalf => (a + half, b),
        };
        notes.push(format!(
            "is taken as {} ({})",
            if s == e {
                crate::model::year_text(s, false)
            } else {
                format!(
                    "{}\u{2013}{}",
                    crate::model::year_text(s, false),
                    crate::model::year_text(e, false)
                )
            },
            part_name_of_span(part)
        ));
        return Ok((
            flagged(make(s, None, None)?, (approximate || keep.0, keep.1)),
            flagged(make(e, None, None)?, (approximate || keep.0, keep.1)),
        ));
    }
    Ok((
        flagged(start, (approximate, false)),
        flagged(end, (approximate, false)),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::expressions::{Mode, find};
    use super::super::lexer::tokenize;
    use super::*;

    fn point(s: &str) -> DatePoint {
        match HistDate::parse(s).unwrap() {
            HistDate::Point(p) => p,
            HistDate::Interval { .. } => panic!("not a point: {s}"),
        }
    }

    /// Resolves the only expression in `text`; returns (date, note, unresolved).
    fn one(text: &str, document: Option<&str>, mention: Option<&str>) -> Resolution {
        let tokens = tokenize(text);
        let found = find(text, &tokens, Mode::Text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let f = found[0];
        let written = &text[tokens[f.first].start..tokens[f.end - 1].end];
        let ctx = Context {
            document: document.map(point),
            mention: mention.map(point),
            planned: false,
        };
        resolve(&f.expr, written, &ctx)
    }

    fn date(text: &str, document: Option<&str>) -> String {
        let r = one(text, document, None);
        r.date
            .map(|d| d.to_edtf())
            .unwrap_or_else(|| format!("unresolved: {}", r.unresolved.unwrap_or_default()))
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(date("on September 22, 1989,", None), "1989-09-22");
        assert_eq!(date("the 22nd of September, 1989", None), "1989-09-22");
        assert_eq!(date("in January 1992", None), "1992-01");
        assert_eq!(date("in 44 BC", None), "-0043");
        assert_eq!(date("AD 14", None), "0014");
        assert_eq!(date("c. 3300 BC", None), "-3299~");
        assert_eq!(date("in 500 BCE", None), "-0499");
        assert_eq!(date("the 1850s", None), "1850/1859");
        assert_eq!(date("the 7th century BC", None), "-0699/-0600");
        assert_eq!(date("the nineteenth century", None), "1801/1900");
        assert_eq!(date("spring of 1862", None), "1862-03~/1862-05~");
        assert_eq!(date("early 1992", None), "1992-01~/1992-04~");
        assert_eq!(date("mid-1993", None), "1993-05~/1993-08~");
        assert_eq!(date("the early 1990s", None), "1990~/1992~");
        assert_eq!(date("1939–1945", None), "1939/1945");
        assert_eq!(date("(1939-45)", None), "1939/1945");
        assert_eq!(date("from 1826 to 1831", None), "1826/1831");
        assert_eq!(date("between May and June 1993", None), "1993-05/1993-06");
        assert_eq!(date("April 3-4, 1993", None), "1993-04-03/1993-04-04");
        assert_eq!(date("before 1900", None), "../1900");
        assert_eq!(date("after 1938", None), "1938/..");
        assert_eq!(date("the 1950s-60s", None), "1950/1969");
        assert_eq!(date("winter 1834-35", None), "1834-12~/1835-02~");
    }

    #[test]
    fn relative_to_the_document() {
        let doc = Some("1993-04-23");
        let r = one("collision last month, Secretary", doc, None);
        assert_eq!(r.date.unwrap().to_edtf(), "1993-03");
        assert_eq!(
            r.note.unwrap(),
            "'last month' in a document dated 23 April 1993 \u{2192} March 1993"
        );
        assert_eq!(date("in late May.", doc), "1993-05~");
        assert_eq!(date("steps today in", doc), "1993-04-23");
        assert_eq!(date("yesterday", doc), "1993-04-22");
        assert_eq!(date("this year", doc), "1993");
        assert_eq!(date("next week", doc), "1993-04-26/1993-05-02");
        assert_eq!(
            date("within the next two months.", doc),
            "1993-04-23/1993-06-23"
        );
        assert_eq!(date("two years ago", doc), "1991");
        assert_eq!(date("recently negotiated", doc), "../1993-04-23");
        assert_eq!(date("since 1975", doc), "1975/1993-04-23");
        assert_eq!(
            date("Rather, in the last two decades, the", Some("1989-09-22")),
            "1969~/1989-09-22"
        );
        assert_eq!(date("on Monday", Some("2023-01-31")), "2023-01-30");
        assert_eq!(date("last Monday", Some("2023-01-31")), "2023-01-30");
        assert_eq!(date("next Monday", Some("2023-01-31")), "2023-02-06");
        assert_eq!(date("last May", doc), "1992-05");
        assert_eq!(date("earlier this year", doc), "1993-01/1993-04-23");
    }

    #[test]
    fn relative_without_context_is_unresolved() {
        let r = one("last month", None, None);
        assert!(r.date.is_none());
        assert!(r.unresolved.unwrap().contains("document's date"));
        let r = one("the following year", None, None);
        assert!(r.unresolved.unwrap().contains("earlier date"));
        let r = one("six months later", None, Some("1945"));
        assert!(r.unresolved.unwrap().contains("not precise enough"));
    }

    #[test]
    fn relative_to_the_last_mention() {
        assert_eq!(
            one("the following year", None, Some("1945"))
                .date
                .unwrap()
                .to_edtf(),
            "1946"
        );
        assert_eq!(
            one("two years later", None, Some("1862-05"))
                .date
                .unwrap()
                .to_edtf(),
            "1864"
        );
        assert_eq!(
            one("on the 5th, the", None, Some("1862-05-02"))
                .date
                .unwrap()
                .to_edtf(),
            "1862-05-05"
        );
        assert_eq!(
            one("in May", None, Some("1862")).date.unwrap().to_edtf(),
            "1862-05"
        );
    }

    #[test]
    fn two_digit_years() {
        let r = one("Released on 11/1/95 ", Some("1989-09-22"), None);
        assert_eq!(r.date.unwrap().to_edtf(), "1995-11-01");
        let note = r.note.unwrap();
        assert!(note.contains("U.S. month/day/year"), "{note}");
        assert!(note.contains("1995"), "{note}");
        assert_eq!(date("on 11/1/95.", None), "1995-11-01");
        assert_eq!(date("on 22/9/89.", None), "1989-09-22");
        assert_eq!(date("on 9/22/1989.", None), "1989-09-22");
    }

    #[test]
    fn a_narrowed_reading_reads_as_one_sentence() {
        let r = one("by the mid-19th century railways", None, None);
        assert_eq!(r.date.unwrap().to_edtf(), "../1867~");
        let note = r.note.unwrap();
        assert!(
            note.contains("(the formal 19th century), then as 1834\u{2013}1867 (the middle third)"),
            "{note}"
        );
    }

    #[test]
    fn impossible_dates_are_unresolved() {
        let r = one("on February 30, 1993", None, None);
        assert!(r.date.is_none());
        assert!(r.unresolved.unwrap().contains("no day 30"));
    }
}
