//! Historical dates: a small subset of ISO 8601-2 / EDTF level 1 plus `44 BCE` aliases.
//!
//! Years are *astronomical*: year `0` is 1 BCE, `-43` is 44 BCE. Calendar arithmetic uses
//! chrono's proleptic Gregorian [`NaiveDate`], whose year numbering is the same. Display never
//! shows year 0 or a minus sign: `44 BCE`, `AD 14` (only for years below 1000, or for the end of a
//! range that starts BCE), otherwise `1992`.
//!
//! We parse the format ourselves instead of using the `edtf` crate: that crate accepts forms
//! outside our subset (seasons, `X` digits, `Y` years) that would have to be rejected again,
//! has no `BCE` aliases, and its errors do not say what is wrong with a date.

use std::fmt::{self, Write as _};
use std::num::NonZeroU8;

use chrono::{Datelike as _, NaiveDate};

/// A day on the timeline's axis: chrono's `num_days_from_ce` (0001-01-01 is day 1; days before
/// it are zero or negative).
pub type DayNumber = i32;

/// How finely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is given (`1945`).
    Year,

    /// Year and month (`1992-01`).
    Month,

    /// A single day (`1989-09-22`).
    Day,
}

/// One calendar date with its precision and EDTF qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DatePoint {
    /// Astronomical year: 0 is 1 BCE.
    year: i32,

    /// 1–12, when known (one byte, with none as 0: a million events hold two million of
    /// these, and a date in 8 bytes makes an interval 16).
    month: Option<NonZeroU8>,

    /// 1–31, when known (only with a month).
    day: Option<NonZeroU8>,

    /// `~`: circa.
    pub approximate: bool,

    /// `?`: the date itself is doubtful.
    pub uncertain: bool,
}

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// `..`: no known limit on this side.
    Open,

    /// A known date.
    Date(DatePoint),
}

/// A date as written in a timeline file: one date, or an interval between two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistDate {
    /// A single date, covering its whole precision span.
    Point(DatePoint),

    /// From the start of `start` to the end of `end`; at most one side is open.
    Interval {
        /// The first end.
        start: Bound,

        /// The second end.
        end: Bound,
    },
}

/// The days a date covers: `[start_day, end_day_exclusive)`, with flags for open sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DaySpan {
    /// First day covered.
    pub start_day: DayNumber,

    /// First day after the span.
    pub end_day_exclusive: DayNumber,

    /// The date is "before …": it extends without limit to the left.
    pub open_start: bool,

    /// The date is "after …": it extends without limit to the right.
    pub open_end: bool,
}

impl DaySpan {
    /// Length of the span in days (at least 1).
    pub fn span_days(&self) -> i32 {
        self.end_day_exclusive - self.start_day
    }
}

/// Why a date string was rejected. Its message quotes the string and lists the accepted forms.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date \"{input}\": {reason}. {ACCEPTED_FORMS}")]
pub struct DateError {
    /// The offending string, as written.
    pub input: String,

    /// What is wrong with it, in plain words.
    pub reason: String,
}

/// The hint appended to every date error.
pub const ACCEPTED_FORMS: &str = "Accepted forms: \"1945\", \"1992-01\", \"1989-09-22\", \
     \"-0043\" or \"44 BCE\", intervals like \"1993-04-03/1993-04-04\", open intervals \
     \"../1993-04-23\" and \"1994-12-05/..\", optionally followed by ~ (approximate), \
     ? (uncertain) or % (both)";

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English name of a month, 1–12.
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Short English name of a month, 1–12 (`Jan`).
pub fn month_abbrev(month: u32) -> &'static str {
    month_name(month).get(..3).unwrap_or("?")
}

/// Text for an astronomical year: `44 BCE`, `AD 14`, `1992`.
///
/// `force_era` adds `AD` to a common-era year even when it is 1000 or later.
pub fn year_text(year: i32, force_era: bool) -> String {
    if year <= 0 {
        format!("{} BCE", 1 - i64::from(year))
    } else if force_era || year < 1000 {
        format!("AD {year}")
    } else {
        year.to_string()
    }
}

/// The first day of `year` (astronomical), if chrono can represent it.
fn first_day_of_year(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
}

/// The earliest astronomical year a date can have (`-9999`, that is 10000 BCE).
pub const MIN_YEAR: i32 = -9999;

/// The latest year a date can have.
pub const MAX_YEAR: i32 = 9999;

impl DatePoint {
    /// A date with the given precision. Returns `None` when the date does not exist or its year
    /// is outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Self> {
        // The format writes years in four digits: 9999 BCE+1 (`-9999`) to AD 9999.
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        // `None` when given and not 1–255 (and then not a month or a day either).
        let byte = |n: Option<u32>| match n {
            None => Some(None),
            Some(n) => NonZeroU8::new(u8::try_from(n).ok()?).map(Some),
        };
        let point = Self {
            year,
            month: byte(month)?,
            day: byte(day)?,
            approximate: false,
            uncertain: false,
        };
        match (month, day) {
            (None, None) => first_day_of_year(year)?,
            (Some(m), None) => NaiveDate::from_ymd_opt(year, m, 1)?,
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(year, m, d)?,
            (None, Some(_)) => return None,
        };
        Some(point)
    }

    /// Astronomical year (0 = 1 BCE).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Month 1–12 when known.
    pub fn month(&self) -> Option<u32> {
        self.month.map(|m| u32::from(m.get()))
    }

    /// Day of month when known.
    pub fn day(&self) -> Option<u32> {
        self.day.map(|d| u32::from(d.get()))
    }

    /// How finely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day this date covers.
    pub fn first_day(&self) -> NaiveDate {
        let date = NaiveDate::from_ymd_opt(
            self.year,
            self.month().unwrap_or(1),
            self.day().unwrap_or(1),
        );
        // Construction validated the date; fall back to the minimum rather than panic.
        date.unwrap_or(NaiveDate::MIN)
    }

    /// The last day this date covers (inclusive).
    pub fn last_day(&self) -> NaiveDate {
        let first = self.first_day();
        let next = match self.precision() {
            Precision::Day => first.succ_opt(),
            Precision::Month => first.checked_add_months(chrono::Months::new(1)),
            Precision::Year => first_day_of_year(self.year.saturating_add(1)),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(first)
    }

    /// First day covered, as a day number.
    pub fn start_day(&self) -> DayNumber {
        self.first_day().num_days_from_ce()
    }

    /// First day after the covered period, as a day number.
    pub fn end_day_exclusive(&self) -> DayNumber {
        self.last_day().num_days_from_ce() + 1
    }

    /// The date without qualifiers, in display form (`22 September 1989`).
    fn body_text(self, force_era: bool) -> String {
        let year = year_text(self.year, force_era);
        match (self.month(), self.day()) {
            (Some(m), Some(d)) => format!("{d} {} {year}", month_name(m)),
            (Some(m), None) => format!("{} {year}", month_name(m)),
            _ => year,
        }
    }

    /// Display form with qualifiers: `c. May 1993`, `January 1992?`.
    fn display_text(self, force_era: bool) -> String {
        let body = self.body_text(force_era);
        let circa = if self.approximate { "c. " } else { "" };
        let doubt = if self.uncertain { "?" } else { "" };
        format!("{circa}{body}{doubt}")
    }

    /// Canonical EDTF form (`-0043-03-15~`).
    pub fn to_edtf(&self) -> String {
        let mut text = if self.year < 0 {
            format!("-{:04}", -i64::from(self.year))
        } else {
            format!("{:04}", self.year)
        };
        if let Some(m) = self.month() {
            write!(text, "-{m:02}").ok();
        }
        if let Some(d) = self.day() {
            write!(text, "-{d:02}").ok();
        }
        text.push_str(match (self.approximate, self.uncertain) {
            (true, true) => "%",
            (true, false) => "~",
            (false, true) => "?",
            (false, false) => "",
        });
        text
    }

    fn is_qualified(self) -> bool {
        self.approximate || self.uncertain
    }
}

impl HistDate {
    /// Parses a date string in any of the accepted forms (see [`ACCEPTED_FORMS`]).
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let error = |reason: String| DateError {
            input: input.to_owned(),
            reason,
        };
        let text = input.trim();
        if text.is_empty() {
            return Err(error("the date is empty".to_owned()));
        }
        let Some((left, right)) = text.split_once('/') else {
            return parse_point(text).map(HistDate::Point).map_err(error);
        };
        if right.contains('/') {
            return Err(error("an interval has exactly one \"/\"".to_owned()));
        }
        let start = parse_bound(left).map_err(|r| error(format!("start of interval: {r}")))?;
        let end = parse_bound(right).map_err(|r| error(format!("end of interval: {r}")))?;
        match (start, end) {
            (Bound::Open, Bound::Open) => Err(error(
                "at least one end of an interval must be a date".to_owned(),
            )),
            (Bound::Date(s), Bound::Date(e)) if e.last_day() < s.first_day() => {
                Err(error(format!(
                    "the interval ends ({}) before it starts ({})",
                    e.display_text(false),
                    s.display_text(false)
                )))
            }
            _ => Ok(Self::Interval { start, end }),
        }
    }

    /// The days this date covers on the timeline. An open side takes the known end's span.
    pub fn day_span(&self) -> DaySpan {
        match *self {
            Self::Point(p) => DaySpan {
                start_day: p.start_day(),
                end_day_exclusive: p.end_day_exclusive(),
                open_start: false,
                open_end: false,
            },
            Self::Interval { start, end } => {
                let (start_point, end_point) = match (start, end) {
                    (Bound::Date(s), Bound::Date(e)) => (s, e),
                    (Bound::Open, Bound::Date(e)) => (e, e),
                    (Bound::Date(s), Bound::Open) => (s, s),
                    // Rejected by the parser; treat as the minimal day to stay total.
                    (Bound::Open, Bound::Open) => {
                        return DaySpan {
                            start_day: 0,
                            end_day_exclusive: 1,
                            open_start: true,
                            open_end: true,
                        };
                    }
                };
                DaySpan {
                    start_day: start_point.start_day(),
                    end_day_exclusive: end_point.end_day_exclusive(),
                    open_start: start == Bound::Open,
                    open_end: end == Bound::Open,
                }
            }
        }
    }

    /// True when the date is marked approximate (`~` or `%`) on any end.
    pub fn is_approximate(&self) -> bool {
        self.points().any(|p| p.approximate)
    }

    /// True when the date is marked uncertain (`?` or `%`) on any end.
    pub fn is_uncertain(&self) -> bool {
        self.points().any(|p| p.uncertain)
    }

    /// The known dates in this date (one or two).
    pub fn points(&self) -> impl Iterator<Item = DatePoint> {
        let (a, b) = match *self {
            Self::Point(p) => (Some(p), None),
            Self::Interval { start, end } => (bound_date(start), bound_date(end)),
        };
        a.into_iter().chain(b)
    }

    /// The finest precision among the known dates.
    pub fn precision(&self) -> Precision {
        self.points()
            .map(|p| p.precision())
            .max()
            .unwrap_or(Precision::Year)
    }

    /// Canonical EDTF form (`1993-04-03/1993-04-04`, `../1993-04-23`).
    pub fn to_edtf(&self) -> String {
        match *self {
            Self::Point(p) => p.to_edtf(),
            Self::Interval { start, end } => format!("{}/{}", bound_edtf(start), bound_edtf(end)),
        }
    }
}

fn bound_date(bound: Bound) -> Option<DatePoint> {
    match bound {
        Bound::Open => None,
        Bound::Date(p) => Some(p),
    }
}

fn bound_edtf(bound: Bound) -> String {
    match bound {
        Bound::Open => "..".to_owned(),
        Bound::Date(p) => p.to_edtf(),
    }
}

impl fmt::Display for HistDate {
    /// Display form: `22 September 1989`, `3–4 April 1993`, `c. May 1993`, `44 BCE`,
    /// `before 23 April 1993`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Point(p) => f.write_str(&p.display_text(false)),
            Self::Interval {
                start: Bound::Open,
                end: Bound::Date(e),
            } => write!(f, "before {}", e.display_text(false)),
            Self::Interval {
                start: Bound::Date(s),
                end: Bound::Open,
            } => write!(f, "after {}", s.display_text(false)),
            Self::Interval {
                start: Bound::Date(s),
                end: Bound::Date(e),
            } => f.write_str(&interval_text(s, e)),
            Self::Interval { .. } => f.write_str("undated"),
        }
    }
}

impl serde::Serialize for HistDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_edtf())
    }
}

/// Display text of a closed interval, sharing the common month and year where it reads well.
fn interval_text(s: DatePoint, e: DatePoint) -> String {
    if s == e {
        return s.display_text(false);
    }
    // Across eras, the common-era end says AD so that "44 BCE – 14" is not misread.
    let force_era = s.year <= 0 && e.year > 0;
    let plain = !s.is_qualified() && !e.is_qualified();
    let same_year = s.year == e.year;
    if plain && same_year {
        let year = year_text(s.year, false);
        match (
            s.precision(),
            e.precision(),
            s.month(),
            e.month(),
            s.day(),
            e.day(),
        ) {
            (Precision::Day, Precision::Day, Some(sm), Some(em), Some(sd), Some(ed)) => {
                return if sm == em {
                    format!("{sd}–{ed} {} {year}", month_name(sm))
                } else {
                    format!("{sd} {} – {ed} {} {year}", month_name(sm), month_name(em))
                };
            }
            (Precision::Month, Precision::Month, Some(sm), Some(em), _, _) => {
                return format!("{}–{} {year}", month_name(sm), month_name(em));
            }
            _ => {}
        }
    }
    let both_years = s.precision() == Precision::Year && e.precision() == Precision::Year;
    if plain && both_years && (s.year <= 0) == (e.year <= 0) {
        // "1994–2001", "100–44 BCE", "AD 14–68".
        return if e.year <= 0 {
            format!("{}–{} BCE", 1 - i64::from(s.year), 1 - i64::from(e.year))
        } else if s.year < 1000 {
            format!("AD {}–{}", s.year, e.year)
        } else {
            format!("{}–{}", s.year, e.year)
        };
    }
    format!("{} – {}", s.display_text(false), e.display_text(force_era))
}

/// Parses one side of an interval: `..` or a date.
fn parse_bound(text: &str) -> Result<Bound, String> {
    let text = text.trim();
    if text == ".." {
        return Ok(Bound::Open);
    }
    if text.is_empty() {
        return Err("this side is empty; write \"..\" for an open end".to_owned());
    }
    parse_point(text).map(Bound::Date)
}

/// Parses one date with optional qualifier: `1993-05~`, `-0043`, `44 BCE`, `44 BC?`.
fn parse_point(text: &str) -> Result<DatePoint, String> {
    let (body, approximate, uncertain) = match text.chars().last() {
        Some('~') => (&text[..text.len() - 1], true, false),
        Some('?') => (&text[..text.len() - 1], false, true),
        Some('%') => (&text[..text.len() - 1], true, true),
        _ => (text, false, false),
    };
    let body = body.trim_end();
    if body.ends_with(['~', '?', '%']) {
        return Err("use a single qualifier: ~, ? or %".to_owned());
    }
    if body.starts_with("c.") || body.starts_with("ca.") || body.starts_with("circa") {
        return Err("write an approximate date with ~ after it, e.g. \"1200~\"".to_owned());
    }
    let mut point = match parse_bce_alias(body) {
        Some(result) => result?,
        None => parse_iso(body)?,
    };
    point.approximate = approximate;
    point.uncertain = uncertain;
    Ok(point)
}

/// `44 BCE` / `44 BC` (any case, optional space). `None` when the text is not of that form.
fn parse_bce_alias(body: &str) -> Option<Result<DatePoint, String>> {
    let upper = body.to_ascii_uppercase();
    let digits = upper
        .strip_suffix("BCE")
        .or_else(|| upper.strip_suffix("BC"))?
        .trim_end();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Err(
            "a BCE year is written as a whole number, e.g. \"44 BCE\"".to_owned(),
        ));
    }
    let Ok(years_bce) = digits.parse::<i32>() else {
        return Some(Err("the year is too large".to_owned()));
    };
    if years_bce == 0 {
        return Some(Err(
            "there is no year 0 BCE; 1 BCE is followed by AD 1".to_owned()
        ));
    }
    if years_bce > 10_000 {
        return Some(Err("years before 10000 BCE are not supported".to_owned()));
    }
    Some(
        DatePoint::new(1 - years_bce, None, None)
            .ok_or_else(|| "the year is out of range".to_owned()),
    )
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each with an optional leading `-`.
fn parse_iso(body: &str) -> Result<DatePoint, String> {
    let (negative, rest) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut parts = rest.split('-');
    let year_digits = parts.next().unwrap_or_default();
    let month_text = parts.next();
    let day_text = parts.next();
    if parts.next().is_some() {
        return Err("too many \"-\" separators".to_owned());
    }
    if year_digits.len() != 4 || !year_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(
            if year_digits.bytes().all(|b| b.is_ascii_digit()) && !year_digits.is_empty() {
                "the year must have exactly four digits (write 0800 for AD 800, or \"44 BCE\")"
                    .to_owned()
            } else {
                "not a date in a recognised form".to_owned()
            },
        );
    }
    let magnitude: i32 = year_digits
        .parse()
        .map_err(|_err| "the year is not a number".to_owned())?;
    if negative && magnitude == 0 {
        return Err("\"-0000\" is not a year; year 0000 is 1 BCE".to_owned());
    }
    let year = if negative { -magnitude } else { magnitude };
    let month = month_text
        .map(|m| parse_two_digits(m, "month"))
        .transpose()?;
    let day = day_text.map(|d| parse_two_digits(d, "day")).transpose()?;
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(format!("there is no month {m}"));
    }
    DatePoint::new(year, month, day).ok_or_else(|| match (month, day) {
        (Some(m), Some(d)) => format!(
            "{} {} has no day {d}",
            month_name(m),
            year_text(year, false)
        ),
        _ => "the date does not exist".to_owned(),
    })
}

fn parse_two_digits(text: &str, what: &str) -> Result<u32, String> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} must have two digits"));
    }
    text.parse()
        .map_err(|_err| format!("the {what} is not a number"))
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        HistDate::parse(s).unwrap().to_string()
    }

    fn ymd(y: i32, m: u32, d: u32) -> DayNumber {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce()
    }

    #[test]
    fn every_form_displays_as_the_format_page_says() {
        assert_eq!(show("1945"), "1945");
        assert_eq!(show("1992-01"), "January 1992");
        assert_eq!(show("1989-09-22"), "22 September 1989");
        assert_eq!(show("1993-04-03/1993-04-04"), "3–4 April 1993");
        assert_eq!(show("1993-05~"), "c. May 1993");
        assert_eq!(show("1992-01?"), "January 1992?");
        assert_eq!(show("1992-01%"), "c. January 1992?");
        assert_eq!(show("-0043"), "44 BCE");
        assert_eq!(show("44 BCE"), "44 BCE");
        assert_eq!(show("44 BC"), "44 BCE");
        assert_eq!(show("44 bce"), "44 BCE");
        assert_eq!(show("../1993-04-23"), "before 23 April 1993");
        assert_eq!(show("1994-12-05/.."), "after 5 December 1994");
    }

    #[test]
    fn interval_display_shares_month_and_year_where_it_reads_well() {
        assert_eq!(show("1993-04-03/1993-05-04"), "3 April – 4 May 1993");
        assert_eq!(show("1993-04/1993-06"), "April–June 1993");
        assert_eq!(show("1994/2001"), "1994–2001");
        assert_eq!(show("1991-12/1992-02"), "December 1991 – February 1992");
        assert_eq!(
            show("1994-12-05/2001-12-05"),
            "5 December 1994 – 5 December 2001"
        );
        assert_eq!(show("1947~/1989-09-22"), "c. 1947 – 22 September 1989");
        assert_eq!(show("1993-04-04/1993-04-04"), "4 April 1993");
        assert_eq!(show("100 BCE/44 BCE"), "100–44 BCE");
        assert_eq!(show("44 BCE/0014"), "44 BCE – AD 14");
        assert_eq!(show("0014/0068"), "AD 14–68");
        assert_eq!(
            show("0800/1200"),
            "AD 800–1200",
            "AD when the range starts before 1000"
        );
    }

    #[test]
    fn bce_and_the_1_bce_ad_1_boundary() {
        // Year 0000 is 1 BCE; there is no year 0 on display, and no minus sign.
        assert_eq!(show("0000"), "1 BCE");
        assert_eq!(show("1 BCE"), "1 BCE");
        assert_eq!(show("0001"), "AD 1");
        assert_eq!(show("-0001"), "2 BCE");
        assert_eq!(show("-0043-03-15"), "15 March 44 BCE");
        assert_eq!(show("-0043-03"), "March 44 BCE");
        assert_eq!(show("0800"), "AD 800");
        assert_eq!(HistDate::parse("1 BCE"), HistDate::parse("0000"));
        assert_eq!(HistDate::parse("44 BCE"), HistDate::parse("-0043"));
        // 1 BCE is immediately followed by AD 1 on the axis.
        let bce = HistDate::parse("1 BCE").unwrap().day_span();
        let ad = HistDate::parse("0001").unwrap().day_span();
        assert_eq!(
            bce.end_day_exclusive, ad.start_day,
            "no gap between 1 BCE and AD 1"
        );
        assert_eq!(ad.start_day, 1, "0001-01-01 is day 1");
        assert_eq!(
            bce.span_days(),
            366,
            "1 BCE is a leap year in the proleptic calendar"
        );
        assert!(
            show("44 BCE/0014").contains("AD 14"),
            "AD marks the CE end of a BCE range"
        );
    }

    #[test]
    fn precision_spans_cover_the_whole_period() {
        let jan = HistDate::parse("1992-01").unwrap().day_span();
        assert_eq!(jan.start_day, ymd(1992, 1, 1));
        assert_eq!(jan.end_day_exclusive, ymd(1992, 2, 1));
        assert_eq!(jan.span_days(), 31);
        let feb_leap = HistDate::parse("1992-02").unwrap().day_span();
        assert_eq!(feb_leap.span_days(), 29);
        let year = HistDate::parse("1945").unwrap().day_span();
        assert_eq!(year.span_days(), 365);
        let day = HistDate::parse("1992-02-01").unwrap().day_span();
        assert_eq!(day.span_days(), 1);
        let summit = HistDate::parse("1993-04-03/1993-04-04").unwrap().day_span();
        assert_eq!(summit.start_day, ymd(1993, 4, 3));
        assert_eq!(summit.span_days(), 2);
        let dec = HistDate::parse("1991-12").unwrap().day_span();
        assert_eq!(
            dec.end_day_exclusive,
            ymd(1992, 1, 1),
            "December rolls into the next year"
        );
    }

    #[test]
    fn open_intervals_are_flagged_and_take_the_known_span() {
        let before = HistDate::parse("../1993-04-23").unwrap().day_span();
        assert!(before.open_start && !before.open_end);
        assert_eq!(before.start_day, ymd(1993, 4, 23));
        let after = HistDate::parse("1994-12-05/..").unwrap().day_span();
        assert!(after.open_end && !after.open_start);
    }

    #[test]
    fn qualifiers_are_kept_per_end() {
        let d = HistDate::parse("1993-05~/1993-06?").unwrap();
        assert!(d.is_approximate());
        assert!(d.is_uncertain());
        assert_eq!(d.to_edtf(), "1993-05~/1993-06?");
        assert_eq!(d.to_string(), "c. May 1993 – June 1993?");
        assert!(!HistDate::parse("1993").unwrap().is_approximate());
        assert_eq!(HistDate::parse("44 BC~").unwrap().to_edtf(), "-0043~");
    }

    #[test]
    fn canonical_edtf_round_trips() {
        for s in [
            "1945",
            "1992-01",
            "1989-09-22",
            "-0043",
            "0000",
            "1993-04-03/1993-04-04",
            "../1993-04-23",
            "1994-12-05/..",
            "1993-05~",
            "1992-01?",
            "1992-01%",
        ] {
            let d = HistDate::parse(s).unwrap();
            assert_eq!(d.to_edtf(), s, "round trip of {s}");
            assert_eq!(HistDate::parse(&d.to_edtf()).unwrap(), d, "re-parse of {s}");
        }
    }

    #[test]
    fn invalid_dates_say_what_is_wrong_and_which_forms_work() {
        let cases = [
            ("1992-02-30", "February 1992 has no day 30"),
            ("1993-02-29", "February 1993 has no day 29"),
            ("1992-13", "there is no month 13"),
            ("1992-00", "there is no month 0"),
            ("1992-1", "the month must have two digits"),
            ("92", "four digits"),
            ("800", "four digits"),
            ("c. 1200", "~ after it"),
            ("circa 1200", "~ after it"),
            (
                "1993-04-04/1993-04-03",
                "ends (3 April 1993) before it starts (4 April 1993)",
            ),
            ("../..", "at least one end"),
            ("1993/", "write \"..\" for an open end"),
            ("1993/1994/1995", "exactly one"),
            ("0 BCE", "no year 0 BCE"),
            ("-0000", "year 0000 is 1 BCE"),
            ("", "empty"),
            ("1992-01~~", "single qualifier"),
            ("22 September 1989", "recognised form"),
            ("1992-01-01-01", "too many"),
            ("abc BCE", "whole number"),
        ];
        for (input, expected) in cases {
            let err = HistDate::parse(input).unwrap_err();
            let message = err.to_string();
            assert!(message.contains(expected), "{input:?}: {message}");
            assert!(
                message.contains(&format!("\"{input}\"")),
                "quotes the input: {message}"
            );
            assert!(
                message.contains("Accepted forms"),
                "lists the forms: {message}"
            );
        }
    }

    #[test]
    fn surrounding_whitespace_is_tolerated() {
        assert_eq!(show(" 1945 "), "1945");
        assert_eq!(show("1993-04-03 / 1993-04-04"), "3–4 April 1993");
    }

    #[test]
    fn precision_reports_the_finest_end() {
        assert_eq!(
            HistDate::parse("1945").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            HistDate::parse("1945/1946-05").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            HistDate::parse("../1993-04-23").unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn years_stay_within_four_digits() {
        for (year, ok) in [
            (9999, true),
            (10_000, false),
            (-9999, true),
            (-10_000, false),
        ] {
            let point = DatePoint::new(year, None, None);
            assert_eq!(point.is_some(), ok, "{year}");
            if let Some(point) = point {
                let edtf = HistDate::Point(point).to_edtf();
                assert!(HistDate::parse(&edtf).is_ok(), "{edtf} parses back");
            }
        }
    }
}
