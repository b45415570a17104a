//! Free-text date cells from spreadsheets and CSV files, for the importers.
//!
//! A cell is read, in order, as
//! 1. our own format (`1946`, `1992-01`, `1992-01-05`, `-0043`, `44 BCE`, `3300 BC`,
//!    `1993-04-03/1993-04-04`, `1993-05~`, `1903?`, `../1900`);
//! 2. a negative number of up to four digits without zero padding (`-500`), which timeline tools
//!    use for BCE years: read as 500 BCE, with a note (zero-padded `-0500` is our astronomical
//!    form, 501 BCE);
//! 3. anything the text finder reads, with bare numbers of up to four digits taken as years:
//!    `1850s`, `winter 1834-35`, `after 1938`, `before 1900`, `c. 1200`, `circa 1200`, `~1200`,
//!    `March 5, 1946`, `5 March 1946`, `November 10th 2016`, `November-December 2021`,
//!    `1920-1930`, `7th century BC`, `early 1990s`, `late 1940's`, and the spreadsheet forms
//!    `Mar-46`, `Jan-12` (month and two-digit year), `4-Jul-1776` and `11/10/16` (U.S.
//!    month/day/year). A trailing `?`, `~` or `%` marks the result uncertain, approximate or
//!    both, and a trailing time of day (`1776-07-04 00:00:00`, `…T14:30:00Z`, `… 5:58 PM`) is
//!    left out, with a note unless it is midnight.
//!
//! A numeric date whose day and month could be swapped (`03/04/1805`) is read month first (the
//! U.S. order) unless the other cells of its column settle the order: [`column_order`] finds it
//! from cells such as `14/07/1789`, and [`parse_date_cell_in`] reads a cell with it.
//!
//! Two-digit years follow the spreadsheet rule (00–29 → 2000s, 30–99 → 1900s) and the note says
//! that the century was assumed. A cell that holds more than one date, something besides a date,
//! or a relative date (`last year`) is an error that says why.

use super::expressions::{Base, Cal, Expr, Mode, NumericOrder, Period, find};
use super::lexer::{Kind, tokenize};
use super::resolve::{Context, resolve};
use crate::model::{Bound, DatePoint, HistDate};

/// A date read from a cell, with a note when a convention was needed to read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CellDate {
    /// The date.
    pub date: HistDate,

    /// How it was read, when that was not obvious (`the century was assumed …`).
    pub note: Option<String>,
}

/// Why a cell could not be read as a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot read \"{input}\" as a date: {reason}")]
pub struct CellError {
    /// The cell as given.
    pub input: String,

    /// What is wrong, in plain words.
    pub reason: String,
}

/// Words that may stand around the date in a cell without changing it.
const FILLER: &[&str] = &["the", "in", "on", "at", "during", "of", "year", "ad"];

/// How a spreadsheet column writes numeric dates whose day and month could be swapped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColumnOrder {
    /// Nothing in the column tells (or it says both): such dates are read month first.
    #[default]
    Unknown,
    /// Some cell can only be day first (`14/07/1789`) and none only month first.
    DayFirst,
    /// Some cell can only be month first (`07/14/1789`) and none only day first.
    MonthFirst,
}

/// The order in which a column's cells write day and month, from the cells where only one
/// order makes a date.
pub fn column_order<'a>(cells: impl IntoIterator<Item = &'a str>) -> ColumnOrder {
    let (mut day_first, mut month_first) = (false, false);
    for cell in cells {
        let tokens = tokenize(cell);
        for found in find(cell, &tokens, Mode::Cell) {
            for cal in cals(&found.expr) {
                match cal.numeric {
                    Some(NumericOrder::DayFirst) => day_first = true,
                    Some(NumericOrder::MonthFirst) => month_first = true,
                    _ => {}
                }
            }
        }
    }
    match (day_first, month_first) {
        (true, false) => ColumnOrder::DayFirst,
        (false, true) => ColumnOrder::MonthFirst,
        _ => ColumnOrder::Unknown,
    }
}

/// The calendar dates an expression names.
fn cals(expr: &Expr) -> Vec<Cal> {
    let mut out = Vec::new();
    let mut from = |period: &Period| {
        if let Base::Cal(cal) = period.base {
            out.push(cal);
        }
    };
    match expr {
        Expr::At(p) | Expr::Before(p) | Expr::After(p) | Expr::Since(p) => from(p),
        Expr::Range(a, b) => {
            from(a);
            from(b);
        }
        _ => {}
    }
    out
}

/// `expr` with each numeric date whose order was assumed read in the column's order.
fn in_column_order(expr: Expr, order: ColumnOrder) -> Expr {
    let fix = |mut period: Period| {
        if let Base::Cal(cal) = &mut period.base
            && cal.numeric == Some(NumericOrder::MonthFirstAssumed)
        {
            match order {
                ColumnOrder::DayFirst => {
                    (cal.month, cal.day) = (cal.day, cal.month);
                    cal.numeric = Some(NumericOrder::DayFirstLikeColumn);
                }
                ColumnOrder::MonthFirst => cal.numeric = Some(NumericOrder::MonthFirstLikeColumn),
                ColumnOrder::Unknown => {}
            }
        }
        period
    };
    match expr {
        Expr::At(p) => Expr::At(fix(p)),
        Expr::Before(p) => Expr::Before(fix(p)),
        Expr::After(p) => Expr::After(fix(p)),
        Expr::Since(p) => Expr::Since(fix(p)),
        Expr::Range(a, b) => Expr::Range(fix(a), fix(b)),
        other => other,
    }
}

/// Reads a free-text date cell (see the module comment for the forms).
pub fn parse_date_cell(cell: &str) -> Result<CellDate, CellError> {
    parse_date_cell_in(cell, ColumnOrder::Unknown)
}

/// [`parse_date_cell`] for a cell of a column whose [`column_order`] is `order`.
pub fn parse_date_cell_in(cell: &str, order: ColumnOrder) -> Result<CellDate, CellError> {
    // A time of day, then Excel's hyphens: at most two rewrites of a cell.
    parse_cell(cell, order, 2)
}

/// [`parse_date_cell_in`], rewriting the cell (dropping a time, spacing out hyphens) at most
/// `rewrites` more times, so that no cell leads to deep recursion.
fn parse_cell(cell: &str, order: ColumnOrder, rewrites: u8) -> Result<CellDate, CellError> {
    let error = |reason: String| CellError {
        input: cell.to_owned(),
        reason,
    };
    let text = cell.trim();
    if text.is_empty() {
        return Err(error("the cell is empty".to_owned()));
    }
    let own = HistDate::parse(text);
    if let Ok(date) = own {
        return Ok(CellDate { date, note: None });
    }

    // Spreadsheet and database exports: "1776-07-04 00:00:00", "1787-09-17T00:00:00Z",
    // "7/4/1776 0:00"; the time of day is left out.
    if let Some((date_part, time)) = split_time_of_day(text).filter(|_| rewrites > 0) {
        let mut read = parse_cell(date_part, order, rewrites - 1).map_err(|e| error(e.reason))?;
        if !time.trim_start_matches(['0', ':', '.']).is_empty() {
            let dropped = format!("the time of day ({time}) is left out: dates stop at days");
            read.note = Some(match read.note {
                Some(note) => format!("{note}; {dropped}"),
                None => dropped,
            });
        }
        return Ok(read);
    }
    // Excel's "4-Jul-1776" and "04-Jul-76": day, month name and year joined by hyphens.
    if let Some((spaced, century_note)) = hyphenated_day_month_year(text).filter(|_| rewrites > 0) {
        let mut read = parse_cell(&spaced, order, rewrites - 1).map_err(|e| error(e.reason))?;
        if let Some(note) = century_note {
            read.note = Some(format!("'{text}' {note}"));
        }
        return Ok(read);
    }

    // Qualifiers around the date: "~1200", "1903?", "1850s?".
    let mut body = text;
    let (mut approximate, mut uncertain) = (false, false);
    if let Some(rest) = body.strip_prefix('~') {
        approximate = true;
        body = rest.trim_start();
    }
    match body.chars().last() {
        Some('?') => uncertain = true,
        Some('~') => approximate = true,
        Some('%') => (approximate, uncertain) = (true, true),
        _ => {}
    }
    if approximate || uncertain {
        body = body
            .get(..body.len().saturating_sub(1))
            .filter(|_| body.ends_with(['?', '~', '%']))
            .unwrap_or(body)
            .trim_end();
    }

    // "-500": a BCE year as timeline tools write it.
    let negative = body
        .strip_prefix('-')
        .or_else(|| body.strip_prefix('\u{2212}'));
    if let Some(digits) = negative
        && (1..=4).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
        && let Ok(years_bce) = digits.parse::<i32>()
        && let Some(point) = DatePoint::new(1 - years_bce, None, None)
    {
        let date = qualify(HistDate::Point(point), (approximate, uncertain));
        return Ok(CellDate {
            note: Some(format!(
                "'{text}' is read as {years_bce} BCE (a negative year without zero padding, as \
                 timeline tools write BCE years)"
            )),
            date,
        });
    }

    let tokens = tokenize(body);
    let found = find(body, &tokens, Mode::Cell);
    let expression = match found.as_slice() {
        [] => {
            return Err(error(match own {
                Err(e) if looks_like_our_format(body) => e.reason,
                _ => "no date found in it".to_owned(),
            }));
        }
        [one] => *one,
        [_, _, ..] => {
            return Err(error(
                "it holds more than one date; give one date or a range such as 1939-1945"
                    .to_owned(),
            ));
        }
    };
    let (Some(first), Some(last)) = (
        tokens.get(expression.first),
        tokens.get(expression.end.saturating_sub(1)),
    ) else {
        return Err(error("no date found in it".to_owned()));
    };
    // Nothing but punctuation and filler words may stand around the date.
    let leftover = tokens
        .iter()
        .enumerate()
        .filter(|&(i, _)| i < expression.first || i >= expression.end)
        .find(|&(_, t)| {
            let s = body.get(t.start..t.end).unwrap_or("");
            match t.kind {
                Kind::Punct => !matches!(s, "." | "," | ";" | ":" | "(" | ")" | "[" | "]" | "\""),
                Kind::Word => !FILLER.iter().any(|f| f.eq_ignore_ascii_case(s)),
                _ => true,
            }
        });
    if let Some((_, t)) = leftover {
        return Err(error(format!(
            "only part of it is a date: \"{}\" is not",
            body.get(t.start..t.end).unwrap_or("")
        )));
    }
    let written = body.get(first.start..last.end).unwrap_or(body);
    let expr = in_column_order(expression.expr, order);
    let resolution = resolve(&expr, written, &Context::default());
    let Some(date) = resolution.date else {
        let reason = resolution
            .unresolved
            .unwrap_or_else(|| "it cannot be dated".to_owned());
        return Err(error(format!(
            "{reason}; a cell needs a date that stands on its own"
        )));
    };
    let note = match date {
        HistDate::Point(p)
            if (1..100).contains(&p.year()) && written.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(format!(
                "'{written}' is read as the year AD {}, not as a two-digit year",
                p.year()
            ))
        }
        _ => resolution.note,
    };
    Ok(CellDate {
        date: qualify(date, (approximate, uncertain)),
        note,
    })
}

/// A cell that ends in a time of day after a space or `T` (`05:58`, `5:58:44.123 PM`,
/// `00:00:00Z`, `12:00+01:00`): the date before it and the time, without its zone.
fn split_time_of_day(text: &str) -> Option<(&str, &str)> {
    let at = text.rfind([' ', 'T'])?;
    let (date, rest) = (text.get(..at)?.trim_end(), text.get(at + 1..)?.trim());
    // "5:58 PM": the time is the word before the meridiem.
    let (date, rest) = match rest.to_ascii_uppercase().as_str() {
        "AM" | "PM" | "A.M." | "P.M." => {
            let at = date.rfind([' ', 'T'])?;
            (date.get(..at)?.trim_end(), text.get(at + 1..)?.trim())
        }
        _ => (date, rest),
    };
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_end);
    let fields: Vec<&str> = time.split(':').collect();
    let clock = (2..=3).contains(&fields.len())
        && fields.first().is_some_and(|h| (1..=2).contains(&h.len()))
        && fields
            .iter()
            .skip(1)
            .all(|f| f.len() >= 2 && f.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let zone = zone.trim();
    let zone_ok = zone.is_empty()
        || zone == "Z"
        || ["AM", "PM", "A.M.", "P.M."].contains(&zone.to_ascii_uppercase().as_str())
        || (zone.starts_with(['+', '-'])
            && zone
                .get(1..)
                .is_some_and(|z| z.bytes().all(|b| b.is_ascii_digit() || b == b':')));
    (clock && zone_ok && !date.is_empty()).then_some((date, time))
}

/// `4-Jul-1776` or `04-Jul-76` (Excel's date format) as `4 Jul 1776`, with a note when the
/// century of a two-digit year was assumed (the spreadsheet rule).
fn hyphenated_day_month_year(text: &str) -> Option<(String, Option<String>)> {
    let mut parts = text.split('-');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = parts.next().is_none()
        && digits(day)
        && day.len() <= 2
        && super::words::month(month).is_some()
        && digits(year)
        && matches!(year.len(), 2 | 4);
    if !ok {
        return None;
    }
    if year.len() == 4 {
        return Some((format!("{day} {month} {year}"), None));
    }
    let yy: u32 = year.parse().ok()?;
    let full = if yy < 30 { 2000 + yy } else { 1900 + yy };
    Some((
        format!("{day} {month} {full}"),
        Some(format!(
            "has a two-digit year: the century was assumed, {yy:02} read as {full} \
             (00\u{2013}29 \u{2192} 2000s, 30\u{2013}99 \u{2192} 1900s, as spreadsheets do)"
        )),
    ))
}

/// Text made only of digits, `-`, `/`, `.` and qualifiers: our own format gone wrong, whose
/// parser error says best what is wrong.
fn looks_like_our_format(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '~' | '?' | '%' | ' '))
}

/// Marks every known end of `date` approximate and/or uncertain.
fn qualify(date: HistDate, (approximate, uncertain): (bool, bool)) -> HistDate {
    let mark = |mut p: DatePoint| {
        p.approximate |= approximate;
        p.uncertain |= uncertain;
        p
    };
    let bound = |b: Bound| match b {
        Bound::Open => Bound::Open,
        Bound::Date(p) => Bound::Date(mark(p)),
    };
    match date {
        HistDate::Point(p) => HistDate::Point(mark(p)),
        HistDate::Interval { start, end } => HistDate::Interval {
            start: bound(start),
            end: bound(end),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edtf(cell: &str) -> String {
        parse_date_cell(cell)
            .map(|c| c.date.to_edtf())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn a_column_settles_the_order_of_day_and_month() {
        assert_eq!(
            column_order(["1789", "14/07/1789", "03/04/1805"]),
            ColumnOrder::DayFirst
        );
        assert_eq!(
            column_order(["7/14/1789", "3/4/1805"]),
            ColumnOrder::MonthFirst
        );
        assert_eq!(column_order(["3/4/1805", "1806"]), ColumnOrder::Unknown);
        assert_eq!(
            column_order(["14/07/1789", "07/14/1789"]),
            ColumnOrder::Unknown
        );

        let read = parse_date_cell_in("03/04/1805", ColumnOrder::DayFirst).unwrap();
        assert_eq!(read.date.to_edtf(), "1805-04-03");
        assert!(
            read.note
                .unwrap()
                .contains("day/month/year, the order of the other dates"),
            "the note says why"
        );
        let range = parse_date_cell_in("03/04/1805-05/06/1805", ColumnOrder::DayFirst);
        assert_eq!(range.unwrap().date.to_edtf(), "1805-04-03/1805-06-05");
        // Only an assumed order changes: 13/04 and 04/13 read as they must.
        assert_eq!(
            parse_date_cell_in("4/13/1805", ColumnOrder::DayFirst)
                .unwrap()
                .date
                .to_edtf(),
            "1805-04-13"
        );
        let us = parse_date_cell_in("03/04/1805", ColumnOrder::MonthFirst).unwrap();
        assert_eq!(us.date.to_edtf(), "1805-03-04");
        assert_eq!(edtf("03/04/1805"), "1805-03-04");
    }

    #[test]
    fn exported_dates_with_times_and_excel_formats() {
        for (cell, expected) in [
            ("1776-07-04 00:00:00", "1776-07-04"),
            ("1787-09-17T00:00:00Z", "1787-09-17"),
            ("1787-09-17T14:30:00+01:00", "1787-09-17"),
            ("7/4/1776 0:00", "1776-07-04"),
            ("7/4/1776 5:58 PM", "1776-07-04"),
            ("4-Jul-1776", "1776-07-04"),
            ("04-Jul-1776", "1776-07-04"),
            ("4-July-1776", "1776-07-04"),
        ] {
            assert_eq!(edtf(cell), expected, "{cell}");
        }
        assert_eq!(
            parse_date_cell("1776-07-04 00:00:00").unwrap().note,
            None,
            "midnight is no time of day worth a note"
        );
        let read = parse_date_cell("1787-09-17T14:30:00Z").unwrap();
        assert_eq!(
            read.note.as_deref(),
            Some("the time of day (14:30:00) is left out: dates stop at days")
        );
        assert!(
            edtf("14-Jul-46").starts_with("1946-07-14"),
            "a two-digit year follows the spreadsheet rule"
        );
        for not_a_date in [
            "1776-07-04 lunch",
            "4-Jul-x",
            "12:30",
            "1776 25:00:00:00",
            "1776-07-04 1:00 2:00 3:00",
        ] {
            assert!(edtf(not_a_date).starts_with("error"), "{not_a_date}");
        }
    }

    #[test]
    fn our_own_format() {
        for (cell, expected) in [
            ("1946", "1946"),
            ("1992-01", "1992-01"),
            ("1992-01-05", "1992-01-05"),
            ("-0043", "-0043"),
            ("44 BCE", "-0043"),
            ("3300 BC", "-3299"),
            ("1993-04-03/1993-04-04", "1993-04-03/1993-04-04"),
            ("1993-05~", "1993-05~"),
            ("1903?", "1903?"),
            (" 1945 ", "1945"),
        ] {
            assert_eq!(edtf(cell), expected, "{cell}");
        }
    }

    #[test]
    fn free_text_forms() {
        for (cell, expected) in [
            ("1850s", "1850/1859"),
            ("winter 1834-35", "1834-12~/1835-02~"),
            ("after 1938", "1938/.."),
            ("before 1900", "../1900"),
            ("c. 1200", "1200~"),
            ("circa 1200", "1200~"),
            ("ca. 1200", "1200~"),
            ("~1200", "1200~"),
            ("March 5, 1946", "1946-03-05"),
            ("5 March 1946", "1946-03-05"),
            ("November 10th 2016", "2016-11-10"),
            ("October 11 2023", "2023-10-11"),
            ("November-December 2021", "2021-11/2021-12"),
            ("1920-1930", "1920/1930"),
            ("1939 - 1945", "1939/1945"),
            ("7th century BC", "-0699/-0600"),
            ("late 1940's", "1947~/1949~"),
            ("1850s?", "1850?/1859?"),
            ("800", "0800"),
            ("AD 800", "0800"),
            ("500 BCE", "-0499"),
            ("44 BC – AD 14", "-0043/0014"),
            ("22.09.1989", "1989-09-22"),
        ] {
            assert_eq!(edtf(cell), expected, "{cell}");
        }
    }

    #[test]
    fn spreadsheet_forms_say_what_was_assumed() {
        let c = parse_date_cell("Mar-46").unwrap();
        assert_eq!(c.date.to_edtf(), "1946-03");
        assert!(c.note.unwrap().contains("century was assumed"));
        assert_eq!(edtf("Jan-12"), "2012-01");
        let c = parse_date_cell("11/10/16").unwrap();
        assert_eq!(c.date.to_edtf(), "2016-11-10");
        let note = c.note.unwrap();
        assert!(note.contains("month/day/year"), "{note}");
        assert!(note.contains("2016"), "{note}");
        let c = parse_date_cell("-500").unwrap();
        assert_eq!(c.date.to_edtf(), "-0499");
        assert!(c.note.unwrap().contains("500 BCE"));
    }

    #[test]
    fn errors_say_why() {
        let e = parse_date_cell("").unwrap_err();
        assert!(e.reason.contains("empty"));
        let e = parse_date_cell("1992-02-30").unwrap_err();
        assert!(e.reason.contains("no day 30"), "{e}");
        let e = parse_date_cell("Pool opening").unwrap_err();
        assert!(e.reason.contains("no date"), "{e}");
        let e = parse_date_cell("1945, 1946").unwrap_err();
        assert!(e.reason.contains("more than one"), "{e}");
        let e = parse_date_cell("last year").unwrap_err();
        assert!(e.reason.contains("document"), "{e}");
        let e = parse_date_cell("1945 maybe").unwrap_err();
        assert!(e.reason.contains("maybe"), "{e}");
        assert!(e.to_string().contains("\"1945 maybe\""), "{e}");
    }
}
