//! The finder: recognises date expressions in the token stream and records what each one says
//! (an [`Expr`]), before any context is applied; `resolve` turns them into dates.
//!
//! Strong forms are accepted anywhere: full dates (`September 22, 1989`, `the 22nd of September,
//! 1989`), month and year, numeric dates (`11/1/95`, `1992-01-05`), era years (`44 BC`, `AD 14`),
//! decades (`1850s`, `'60s`), centuries, seasons with a year, and the relative words (`today`,
//! `last month`, `two years later`, `within the next two months`). Weak forms — a bare
//! four-digit year, a month name alone, a season alone, `the 5th` — are accepted only in a date
//! context: after a word such as `in`, `by`, `since`, `early`, `of`, an article used
//! adjectivally (`the 1991 Moscow conference`, `a May meeting`), a possessive (`Yeltsin's 1992
//! offer`), an opening parenthesis, or as the next item of a list of dates.
//!
//! Numbers are never years when they are glued to other letters or digits (`Tu-160`,
//! `F89-191`), grouped or decimal (`1,000`, `$21.4`), labelled (`page 1990`, `No. 1945`,
//! `E.O. 12958` has five digits anyway), or followed by a quantity noun (`1500 soldiers`).
//! Matches never cross a blank line; at each token the longest match wins.

use chrono::{Datelike as _, NaiveDate, Weekday};

use super::lexer::{Kind, Token};
use super::words::{self, Season, Unit};

/// Whether bare numbers count as years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Running text: a bare number is a year only in a date context ("in 1945").
    Text,

    /// A spreadsheet cell known to hold a date: any number of up to four digits is a year, and
    /// spreadsheet forms such as `Mar-46` and `1992-01` are read.
    Cell,
}

/// A year as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearSpec {
    /// A full astronomical year (BC years already converted: 44 BC = -43).
    Full(i32),

    /// Two digits whose century must be supplied (`'95`, `11/1/95`, `Mar-46`).
    TwoDigit(u32),
}

/// How the day and month of a numeric date were told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumericOrder {
    /// Year first (`1992-01-05`): unambiguous.
    YearFirst,

    /// Month first, because the second number is above 12 (`9/22/89`).
    MonthFirst,

    /// Day first, because the first number is above 12 (`22/9/89`).
    DayFirst,

    /// Both numbers could be the month: the U.S. order (month/day/year) is assumed.
    MonthFirstAssumed,

    /// Both numbers could be the month in a dotted date (`5.3.1946`): day first is assumed.
    DayFirstAssumed,

    /// Both numbers could be the month: day first, as other dates of the same spreadsheet
    /// column are written (`14/07/1789` above `03/04/1805`).
    DayFirstLikeColumn,

    /// Both numbers could be the month: month first, as other dates of the same spreadsheet
    /// column are written (`07/14/1789` above `03/04/1805`).
    MonthFirstLikeColumn,
}

/// A calendar date, perhaps without its year (or month) when the text leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cal {
    /// The year, if written.
    pub year: Option<YearSpec>,

    /// Month 1–12, if written.
    pub month: Option<u32>,

    /// Day 1–31, if written (only with a month).
    pub day: Option<u32>,

    /// For numeric dates, how day and month were told apart.
    pub numeric: Option<NumericOrder>,
}

impl Cal {
    fn year(year: YearSpec) -> Self {
        Self {
            year: Some(year),
            month: None,
            day: None,
            numeric: None,
        }
    }

    fn ymd(year: Option<YearSpec>, month: u32, day: Option<u32>) -> Self {
        Self {
            year,
            month: Some(month),
            day,
            numeric: None,
        }
    }
}

/// Part of a period: `early 1992`, `mid-1993`, `the second half of the 19th century`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The first third (of a year: January–April).
    Early,

    /// The middle third.
    Mid,

    /// The last third.
    Late,

    /// The first half.
    FirstHalf,

    /// The second half.
    SecondHalf,
}

/// What a relative expression counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The document's own date ("today", "last month", "two years ago").
    Document,

    /// The last date mentioned before it ("the following year", "two years later").
    Mention,
}

/// Direction of a named month, season or weekday: `last May`, `this spring`, `next Monday`, or
/// bare `Monday`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// `last …`: the latest one before the document date.
    Last,

    /// `this …`: the one in the document's year (or week).
    This,

    /// `next …`: the first one after the document date.
    Next,

    /// No qualifier (only weekdays use this: `on Monday`).
    Bare,
}

/// A named month, season or weekday used relatively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    /// A month, 1–12.
    Month(u32),

    /// A season.
    Season(Season),

    /// A day of the week.
    Weekday(Weekday),
}

/// The period an expression names, before its part (`early`) and qualifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    /// A calendar date (`1945`, `January 1992`, `May`, `September 22, 1989`).
    Cal(Cal),

    /// A season, with its year and (for `winter 1834-35`) the year it ends in.
    Season {
        /// Which season.
        season: Season,
        /// The year, if written.
        year: Option<YearSpec>,
        /// The second year of a split winter.
        end_year: Option<YearSpec>,
    },

    /// A decade (`1850s`, `'60s`), or with `hundred` a century written as `1800s`.
    Decade {
        /// The first year (`1850`), or two digits (`60`) to be completed.
        first: YearSpec,
        /// True for `1800s`: the hundred years 1800–1899.
        hundred: bool,
    },

    /// The `n`th century, before Christ when `bc`.
    Century {
        /// 1 = the first century.
        n: u32,
        /// BC / BCE.
        bc: bool,
    },

    /// A calendar unit counted from an anchor: `today` (day, 0), `last month` (month, -1),
    /// `the following year` (year, +1, from the last mention).
    Rel {
        /// The unit.
        unit: Unit,
        /// How many units to move.
        by: i32,
        /// What to count from.
        anchor: Anchor,
    },

    /// `last May`, `this spring`, `next Monday`, `on Monday`.
    Named {
        /// The month, season or weekday.
        named: Named,
        /// Which one.
        dir: Dir,
    },

    /// `on the 5th`: a day of the month of the last date mentioned.
    DayOfMonth(u32),
}

/// A period with its part and approximation marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    /// What it names.
    pub base: Base,

    /// `early`, `mid`, `late`, halves.
    pub part: Option<Part>,

    /// `c.`, `circa`, `around`.
    pub approximate: bool,
}

/// What a date expression says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expr {
    /// A period: `in 1945`, `late May`, `last month`.
    At(Period),

    /// From the start of one period to the end of another: `1939–1945`, `from 1826 to 1831`.
    Range(Period, Period),

    /// `before 1900`, `by 1990`, `until May`.
    Before(Period),

    /// `after 1938`, `from 1990 onwards`.
    After(Period),

    /// `since 1975`: from then to the document date.
    Since(Period),

    /// `two years ago` (document), `three days later` (last mention): a point `n` units away.
    Offset {
        /// Signed number of units.
        n: i32,
        /// The unit.
        unit: Unit,
        /// What to count from.
        anchor: Anchor,
    },

    /// `in the last two decades` (backward) or `within the next two months` (forward) from the
    /// document date.
    Window {
        /// Number of units.
        n: u32,
        /// The unit.
        unit: Unit,
        /// True for the future.
        forward: bool,
        /// `within a year` without `next`: in a text without a date, a narrative's "within a
        /// year" counts from the last date mentioned.
        loose: bool,
    },

    /// `earlier this year` / `later this month`: from the start of the unit to the document date,
    /// or from it to the end of the unit.
    RestOf {
        /// Year, month or week.
        unit: Unit,
        /// True for `earlier`.
        earlier: bool,
    },

    /// `recently`, `in recent years`: some time before the document date.
    Recently,
}

impl Expr {
    /// Whether the date is counted from another one (the document's, or the last mentioned):
    /// `a year later`, `within a week`, `the following year`, `in May` without a year.
    pub(crate) fn is_relative(&self) -> bool {
        let relative_period = |p: &Period| match p.base {
            Base::Rel { .. } | Base::Named { .. } | Base::DayOfMonth(_) => true,
            Base::Cal(cal) => cal.year.is_none(),
            Base::Season { year, .. } => year.is_none(),
            Base::Decade { .. } | Base::Century { .. } => false,
        };
        match self {
            Self::At(p) | Self::Before(p) | Self::After(p) | Self::Since(p) => relative_period(p),
            Self::Range(a, b) => relative_period(a) || relative_period(b),
            Self::Offset { .. } | Self::Window { .. } | Self::RestOf { .. } | Self::Recently => {
                true
            }
        }
    }
}

/// A feast day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Feast {
    /// The same month and day every year.
    Fixed(u32, u32),
    /// Days after (or before) Easter Sunday.
    Easter(i64),
}

impl Feast {
    /// Its date in `year` (Easter only in the Gregorian calendar, from 1583).
    fn date(self, year: i32) -> Option<NaiveDate> {
        match self {
            Self::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day),
            Self::Easter(offset) if year >= 1583 => {
                easter_sunday(year)?.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
            }
            Self::Easter(_) => None,
        }
    }
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
#[expect(
    clippy::many_single_char_names,
    reason = "the letters of the published algorithm"
)]
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Whether the wording itself puts the date in the past or future of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    /// `yesterday`, `last month`, `two years ago`, `recently`.
    Past,
    /// Anything else.
    Neutral,
    /// `tomorrow`, `next week`, `within the next two months`.
    Future,
}

/// One expression found: tokens `first..end` and what they say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// Index of the first token.
    pub first: usize,

    /// Index just past the last token.
    pub end: usize,

    /// What it says.
    pub expr: Expr,
}

impl Found {
    /// Whether the wording is past or future relative to the document.
    pub(crate) fn tense(&self) -> Tense {
        expr_tense(&self.expr)
    }
}

fn base_tense(base: &Base) -> Tense {
    match *base {
        Base::Rel {
            by,
            anchor: Anchor::Document,
            ..
        } => match by.signum() {
            -1 => Tense::Past,
            1 => Tense::Future,
            _ => Tense::Neutral,
        },
        Base::Named { dir: Dir::Last, .. } => Tense::Past,
        Base::Named { dir: Dir::Next, .. } => Tense::Future,
        _ => Tense::Neutral,
    }
}

fn expr_tense(expr: &Expr) -> Tense {
    match expr {
        Expr::At(p) => base_tense(&p.base),
        Expr::Range(a, b) => match (base_tense(&a.base), base_tense(&b.base)) {
            (Tense::Past, Tense::Past) => Tense::Past,
            (Tense::Future, Tense::Future) => Tense::Future,
            _ => Tense::Neutral,
        },
        Expr::Before(p) => match base_tense(&p.base) {
            Tense::Past => Tense::Past,
            _ => Tense::Neutral,
        },
        Expr::After(p) | Expr::Since(p) => match base_tense(&p.base) {
            Tense::Future => Tense::Future,
            _ => Tense::Neutral,
        },
        Expr::Offset {
            n,
            anchor: Anchor::Document,
            ..
        } => {
            if *n < 0 {
                Tense::Past
            } else {
                Tense::Future
            }
        }
        Expr::Offset { .. } | Expr::Window { loose: true, .. } => Tense::Neutral,
        Expr::Window { forward, .. }
        | Expr::RestOf {
            earlier: forward, ..
        } => {
            // For RestOf the flag is "earlier", so the meaning is inverted.
            let future = match expr {
                Expr::RestOf { .. } => !*forward,
                _ => *forward,
            };
            if future { Tense::Future } else { Tense::Past }
        }
        Expr::Recently => Tense::Past,
    }
}

/// Whether an expression places the text in the first millennium (or names an era).
fn is_ancient(expr: &Expr) -> bool {
    let base_ancient = |base: &Base| match *base {
        Base::Cal(Cal {
            year: Some(YearSpec::Full(y)),
            ..
        })
        | Base::Season {
            year: Some(YearSpec::Full(y)),
            ..
        }
        | Base::Decade {
            first: YearSpec::Full(y),
            ..
        } => y < 1000,
        Base::Century { n, bc } => bc || n <= 10,
        _ => false,
    };
    match expr {
        Expr::At(p) | Expr::Before(p) | Expr::After(p) | Expr::Since(p) => base_ancient(&p.base),
        Expr::Range(a, b) => base_ancient(&a.base) || base_ancient(&b.base),
        _ => false,
    }
}

/// Finds every date expression in `tokens` (of `text`), in order, without overlaps.
pub(crate) fn find(text: &str, tokens: &[Token], mode: Mode) -> Vec<Found> {
    let mut found = Vec::new();
    let mut block_start = 0;
    let mut ancient = false;
    for index in 1..=tokens.len() {
        let at_break = tokens.get(index).is_none_or(|t| t.breaks_before >= 2);
        if at_break {
            let block = tokens.get(block_start..index).unwrap_or_default();
            let finder = Finder {
                text,
                toks: block,
                mode,
                last_end: None,
                ancient,
            };
            let (in_block, still_ancient) = finder.run();
            ancient = still_ancient;
            for mut f in in_block {
                f.first += block_start;
                f.end += block_start;
                found.push(f);
            }
            block_start = index;
        }
    }
    found
}

/// Why a match needs a date context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weak {
    /// A bare four-digit year.
    Year,
    /// A bare year of one to three digits: only with an era elsewhere in a range, or in a cell.
    ShortYear,
    /// A month name alone.
    Month,
    /// A season alone.
    Season,
    /// `the 5th`.
    DayOfMonth,
}

/// A prefix that gives the expression its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    None,
    From,
    Between,
    Before,
    After,
    Since,
}

/// The core of a dated expression: a period, maybe an internal range.
#[derive(Clone, Copy, Debug)]
struct Core {
    base: Base,
    base2: Option<Base>,
    end: usize,
    weak: Option<Weak>,
    /// A year written as a plain number without an era.
    plain_year: bool,
    /// An era (BC/AD) was written; `Some(true)` for BC.
    era_bc: Option<bool>,
}

impl Core {
    fn new(base: Base, end: usize) -> Self {
        Self {
            base,
            base2: None,
            end,
            weak: None,
            plain_year: false,
            era_bc: None,
        }
    }
}

/// How strong a year number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum YearStrength {
    /// With BC/AD.
    Era,
    /// Four plain digits.
    Four,
    /// One to three plain digits.
    Short,
    /// `'95`, or two digits after a dash in a range.
    TwoDigit,
}

#[derive(Clone, Copy, Debug)]
struct YearMatch {
    year: YearSpec,
    end: usize,
    strength: YearStrength,
    bc: bool,
    /// The number as written (before BC conversion).
    value: u32,
}

const ADJECTIVAL: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "my", "your",
];

const YEAR_CONTEXT: &[&str] = &[
    "in",
    "for",
    "on",
    "during",
    "since",
    "by",
    "until",
    "till",
    "til",
    "before",
    "after",
    "from",
    "through",
    "throughout",
    "circa",
    "around",
    "about",
    "approximately",
    "roughly",
    "early",
    "late",
    "mid",
    "between",
    "than",
    "year",
    "born",
    "died",
    "as",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "c",
    "ca",
];

const MONTH_CONTEXT: &[&str] = &[
    "in",
    "on",
    "during",
    "since",
    "by",
    "until",
    "till",
    "til",
    "before",
    "after",
    "from",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
    "between",
    "than",
    "to",
    "into",
    "a",
    "an",
    "the",
    "that",
    "each",
    "every",
    "this",
    "next",
    "last",
    "as",
    "around",
];

const SEASON_CONTEXT: &[&str] = &[
    "in",
    "during",
    "since",
    "by",
    "until",
    "till",
    "before",
    "after",
    "from",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
    "the",
    "that",
    "this",
    "last",
    "next",
    "each",
    "every",
];

const DAY_OF_MONTH_CONTEXT: &[&str] = &[
    "on", "by", "until", "till", "since", "before", "after", "from",
];

struct Finder<'a> {
    text: &'a str,
    toks: &'a [Token],
    mode: Mode,
    last_end: Option<usize>,
    /// An earlier expression was in the first millennium or had an era: from then on a
    /// three-digit number in a date context ("in 476", "between 132 and 135") is a year.
    ancient: bool,
}

impl<'a> Finder<'a> {
    fn run(mut self) -> (Vec<Found>, bool) {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.match_at(i) {
                Some(found) if found.end > i => {
                    i = found.end;
                    self.last_end = Some(found.end);
                    self.ancient |= is_ancient(&found.expr);
                    out.push(found);
                }
                _ => i += 1,
            }
        }
        (out, self.ancient)
    }

    /// A three-digit year (100–999) is accepted once the text is about antiquity.
    fn short_year_ok(&self, core: &Core) -> bool {
        self.ancient
            && matches!(
                core.base,
                Base::Cal(Cal {
                    year: Some(YearSpec::Full(100..=999)),
                    month: None,
                    ..
                })
            )
    }

    // ---- token helpers ------------------------------------------------------------------------

    fn s(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        (self.kind(i) == Some(Kind::Word)).then(|| self.s(i))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn is_in(&self, i: usize, list: &[&str]) -> bool {
        self.word(i).is_some_and(|x| words::is_one_of(x, list))
    }

    fn punct(&self, i: usize) -> Option<char> {
        if self.kind(i) == Some(Kind::Punct) {
            self.s(i).chars().next()
        } else {
            None
        }
    }

    fn is_p(&self, i: usize, c: char) -> bool {
        self.punct(i) == Some(c)
    }

    fn is_apostrophe(&self, i: usize) -> bool {
        matches!(self.punct(i), Some('\'' | '\u{2019}' | '\u{2018}'))
    }

    /// Token `i` exists and touches token `i - 1`.
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(Kind::Digits) {
            return None;
        }
        let s = self.s(i);
        if s.len() > 9 {
            return None;
        }
        s.parse().ok().map(|v| (v, s.len()))
    }

    fn is_number_kind(&self, i: usize) -> bool {
        matches!(
            self.kind(i),
            Some(Kind::Digits | Kind::Numeral | Kind::Mixed)
        )
    }

    /// True when the token after `end - 1` ends a clause or the block (for "the day before.").
    fn ends_phrase(&self, end: usize) -> bool {
        match self.kind(end) {
            None => true,
            Some(Kind::Punct) => !matches!(self.punct(end), Some('-' | '/' | '\'')),
            _ => self.toks.get(end).is_some_and(|t| t.breaks_before > 0),
        }
    }

    // ---- matching -----------------------------------------------------------------------------

    fn match_at(&self, i: usize) -> Option<Found> {
        let candidates = [
            self.m_window(i),
            self.m_offset(i),
            self.m_recent(i),
            self.m_dated(i),
        ];
        let mut best: Option<Found> = None;
        for candidate in candidates.into_iter().flatten() {
            if best.is_none_or(|b| candidate.end > b.end)
                && self.clean(candidate.first, candidate.end)
            {
                best = Some(candidate);
            }
        }
        best
    }

    /// The match `first..end` does not cut through a glued identifier such as `Tu-160`,
    /// `F89-191`, `$1990` or `1945-A`.
    fn clean(&self, first: usize, end: usize) -> bool {
        if self.mode == Mode::Cell {
            return true;
        }
        if self.is_number_kind(first) && self.glued(first) {
            // Only an opening bracket or quote may touch a number on its left: "mid-1993" and
            // "pre-1914" are matched from the word, and anything else glued with a hyphen,
            // slash or letter is an identifier ("Tu-160", "F89-191").
            let ok = matches!(
                self.punct(first - 1),
                Some('(' | '[' | '{' | '"' | '\u{201c}' | '\u{2018}' | '\'' | '<' | '\u{ab}')
            );
            if !ok {
                return false;
            }
        }
        let last = end.saturating_sub(1);
        if self.is_number_kind(last) && self.glued(end) {
            let after_glued = self.glued(end + 1);
            let ok = match self.punct(end) {
                Some('-' | '\u{2013}' | '/' | '.' | ':' | '+') => {
                    let next = end + 1;
                    // "1990s-era", "1945-style" are compounds; "1945-A", "12958-2" identifiers.
                    let compound = self.is_p(end, '-')
                        && self
                            .word(next)
                            .is_some_and(|w| w.len() >= 3 && w.chars().all(char::is_lowercase));
                    compound
                        || !(after_glued
                            && self.toks.get(next).is_some_and(|t| t.kind != Kind::Punct))
                }
                Some('\'' | '\u{2019}') => {
                    // Possessive "1945's" is fine.
                    !after_glued || self.is(end + 1, "s")
                }
                Some('%' | '\u{b0}' | '$') | None => false,
                Some(_) => true,
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// `within the next two months`, `in the last two decades`, `over the past ten years`,
    /// `for forty years` (with a present perfect verb nearby).
    fn m_window(&self, i: usize) -> Option<Found> {
        const PREPS: &[&str] = &[
            "in",
            "over",
            "during",
            "for",
            "within",
            "throughout",
            "across",
        ];
        let prep = self.word(i).filter(|w| words::is_one_of(w, PREPS));
        let mut k = if prep.is_some() { i + 1 } else { i };
        let the = self.is(k, "the");
        if the {
            k += 1;
        }
        let dir = if self.is_in(k, &["last", "past", "previous"]) {
            Some(false)
        } else if self.is_in(k, &["next", "coming"]) {
            Some(true)
        } else {
            None
        };
        if dir.is_some() {
            k += 1;
        }
        let count = self.count_at(k, dir.is_none());
        let (n, k) = match count {
            Some((n, next)) => (Some(n), next),
            None => (None, k),
        };
        let (unit, factor, plural) = words::unit(self.word(k)?)?;
        let end = k + 1;
        if self.is(end, "of") || (self.is_p(end, '-') && self.glued(end)) {
            // "the last year of the war", "a two-year-old"
            return None;
        }
        let n = match n {
            Some(n) => n,
            None if !plural && dir.is_some() => 1,
            None => return None,
        };
        let prep_lower = prep.map(str::to_ascii_lowercase);
        let forward = match (dir, prep_lower.as_deref()) {
            (Some(forward), Some(_)) => forward,
            // "the last two decades", "the next two months" need a count without a preposition.
            (Some(forward), None) if the && count.is_some() => forward,
            (None, Some("within")) if !the && count.is_some() => true,
            (None, Some("for")) if !the && count.is_some() && self.present_perfect_near(i, end) => {
                false
            }
            _ => return None,
        };
        Some(Found {
            first: i,
            end,
            expr: Expr::Window {
                n: n.saturating_mul(factor),
                unit,
                forward,
                loose: dir.is_none() && prep_lower.as_deref() == Some("within"),
            },
        })
    }

    /// A present perfect verb ("has", "have") near a `for N years` phrase, in the same sentence.
    fn present_perfect_near(&self, first: usize, end: usize) -> bool {
        let stops = |t: usize| matches!(self.punct(t), Some('.' | '!' | '?' | ';'));
        let mut t = end;
        while t < self.toks.len() && t < end + 15 && !stops(t) {
            if self.is_in(t, &["has", "have", "ve"]) {
                return true;
            }
            t += 1;
        }
        let mut t = first;
        while t > 0 && t + 10 > first {
            t -= 1;
            if stops(t) {
                break;
            }
            if self.is_in(t, &["has", "have", "ve"]) {
                return true;
            }
        }
        false
    }

    /// `two years ago`, `a decade later`, `three days earlier`, `five years from now`.
    fn m_offset(&self, i: usize) -> Option<Found> {
        let (n, k) = self.count_at(i, true)?;
        let (unit, factor, _) = words::unit(self.word(k)?)?;
        let k = k + 1;
        let n = (n.saturating_mul(factor)) as i32;
        let w = self.word(k)?.to_ascii_lowercase();
        let (signed, anchor, end) = match w.as_str() {
            "ago" => (-n, Anchor::Document, k + 1),
            "hence" => (n, Anchor::Document, k + 1),
            "from" if self.is(k + 1, "now") => (n, Anchor::Document, k + 2),
            "later" | "afterwards" | "afterward" => (n, Anchor::Mention, k + 1),
            "earlier" | "previously" => (-n, Anchor::Mention, k + 1),
            "after" if self.ends_phrase(k + 1) => (n, Anchor::Mention, k + 1),
            "before" if self.ends_phrase(k + 1) => (-n, Anchor::Mention, k + 1),
            _ => return None,
        };
        Some(Found {
            first: i,
            end,
            expr: Expr::Offset {
                n: signed,
                unit,
                anchor,
            },
        })
    }

    /// `recently`, `lately`, `until recently`, `in recent years`, `earlier this year`,
    /// `later this month`.
    fn m_recent(&self, i: usize) -> Option<Found> {
        let recently = |end| {
            Some(Found {
                first: i,
                end,
                expr: Expr::Recently,
            })
        };
        if self.is_in(i, &["recently", "lately"]) {
            return recently(i + 1);
        }
        if self.is(i, "until") && self.is(i + 1, "recently") {
            return recently(i + 2);
        }
        if self.is(i, "in")
            && self.is(i + 1, "recent")
            && self.is_in(
                i + 2,
                &["years", "months", "weeks", "days", "decades", "times"],
            )
        {
            return recently(i + 3);
        }
        if self.is_in(i, &["earlier", "later"])
            && self.is(i + 1, "this")
            && let Some((unit @ (Unit::Year | Unit::Month | Unit::Week), 1, false)) =
                self.word(i + 2).and_then(words::unit)
        {
            return Some(Found {
                first: i,
                end: i + 3,
                expr: Expr::RestOf {
                    unit,
                    earlier: self.is(i, "earlier"),
                },
            });
        }
        None
    }

    /// Everything built on a period: prefixes, parts, ranges.
    fn m_dated(&self, i: usize) -> Option<Found> {
        let (prefix, k0) = self.prefix_at(i);
        let (approx, k1) = self.approx_at(k0);
        let (part, k2) = match self.part_at(k1) {
            Some((p, k)) => (Some(p), k),
            None => (None, k1),
        };
        let context_given = prefix != Prefix::None || approx || part.is_some();
        let core = match self.core_at(
            k2,
            CoreFlags {
                relaxed: false,
                allow_and: prefix == Prefix::Between,
            },
        ) {
            Some(core) => core,
            // "since the 1950s", "until the late 1990s"
            None if prefix != Prefix::None && self.is(k0, "the") => {
                return self.m_dated_after_the(i, prefix, k0 + 1);
            }
            None => return None,
        };
        let first_ok = match core.weak {
            None => true,
            Some(Weak::ShortYear) => {
                self.mode == Mode::Cell
                    || (self.short_year_ok(&core)
                        && (context_given || self.has_context(k2, core.end, Weak::Year)))
            }
            Some(weak) => context_given || self.has_context(k2, core.end, weak),
        };
        self.finish_dated(i, prefix, (approx, part), k2, core, first_ok)
    }

    /// [`Self::m_dated`] after a prefix and "the": `since the 1950s`.
    fn m_dated_after_the(&self, i: usize, prefix: Prefix, k: usize) -> Option<Found> {
        let (approx, k1) = self.approx_at(k);
        let (part, k2) = match self.part_at(k1) {
            Some((p, next)) => (Some(p), next),
            None => (None, k1),
        };
        let core = self.core_at(
            k2,
            CoreFlags {
                relaxed: false,
                allow_and: prefix == Prefix::Between,
            },
        )?;
        let first_ok = match core.weak {
            Some(Weak::ShortYear) => self.mode == Mode::Cell || self.short_year_ok(&core),
            // "after the October Revolution" names an event, not a month.
            Some(Weak::Month) => self.mode == Mode::Cell || !self.capitalised(core.end),
            _ => true,
        };
        self.finish_dated(i, prefix, (approx, part), k2, core, first_ok)
    }

    /// Whether token `i` is a word starting with a capital letter.
    fn capitalised(&self, i: usize) -> bool {
        self.word(i)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
    }

    /// The rest of a dated match once its first core is known: range tail, checks, shape.
    fn finish_dated(
        &self,
        i: usize,
        prefix: Prefix,
        (approx, part): (bool, Option<Part>),
        k2: usize,
        core: Core,
        first_ok: bool,
    ) -> Option<Found> {
        // A range tail: "to 1831", "–45", "and June 1993".
        let mut range: Option<(Period, Period, usize)> = None;
        if core.base2.is_none()
            && let Some((k3, dash, is_and)) = self.connector(core.end)
        {
            let (approx2, k4) = self.approx_at(k3);
            let (part2, k5) = match self.part_at(k4) {
                Some((p, k)) => (Some(p), k),
                None => (None, k4),
            };
            if let Some(second) = self.core_at(
                k5,
                CoreFlags {
                    relaxed: true,
                    allow_and: false,
                },
            ) && second.base2.is_none()
            {
                range = self.make_range(
                    (&core, part, approx),
                    // "c. 1200–1250": the circa covers a bare second year too, not a full date.
                    (&second, part2, approx2 || (approx && second.plain_year)),
                    RangeHow {
                        prefix,
                        dash,
                        is_and,
                        first_ok,
                    },
                );
            }
        }
        let (expr_end, single) = if let Some((_, _, end)) = range {
            (end, None)
        } else {
            if !first_ok {
                return None;
            }
            let period = Period {
                base: core.base,
                part,
                approximate: approx,
            };
            let second = core.base2.map(|base| Period {
                base,
                part: None,
                approximate: approx,
            });
            (core.end, Some((period, second)))
        };
        // Plain numbers: not after a label, not before a quantity noun.
        if self.mode == Mode::Text && core.plain_year && prefix == Prefix::None && !approx {
            if self.labelled(k2) || self.quantity_after(expr_end) {
                return None;
            }
        } else if self.mode == Mode::Text && core.plain_year && self.quantity_after(expr_end) {
            return None;
        }
        let mut end = expr_end;
        let expr = match (range, single) {
            (Some((a, b, _)), _) | (None, Some((a, Some(b)))) => match prefix {
                Prefix::Before => Expr::Before(a),
                Prefix::After => Expr::After(b),
                Prefix::Since => Expr::Since(a),
                _ => Expr::Range(a, b),
            },
            (None, Some((p, None))) => match prefix {
                Prefix::Before => Expr::Before(p),
                Prefix::After => Expr::After(p),
                Prefix::Since => Expr::Since(p),
                Prefix::From if self.is_in(end, &["on", "onward", "onwards", "forward"]) => {
                    end += 1;
                    Expr::After(p)
                }
                _ => Expr::At(p),
            },
            (None, None) => return None,
        };
        Some(Found {
            first: i,
            end,
            expr,
        })
    }

    /// Builds a range from two cores, completing what the first leaves to the second ("May and
    /// June 1993", "264–146 BC", "1939-45", "1950s-60s"); `None` when they do not make one.
    fn make_range(
        &self,
        (first, part1, approx1): (&Core, Option<Part>, bool),
        (second, part2, approx2): (&Core, Option<Part>, bool),
        how: RangeHow,
    ) -> Option<(Period, Period, usize)> {
        let mut a = first.base;
        let mut b = second.base;
        let first_plain_value = match a {
            Base::Cal(Cal {
                year: Some(YearSpec::Full(y)),
                month: None,
                ..
            }) if first.plain_year => Some(y),
            _ => None,
        };
        // "and" joins a range only after "between" or when a month list gets its year at the end.
        if how.is_and {
            let month_list = matches!(
                (a, b),
                (
                    Base::Cal(Cal {
                        year: None,
                        month: Some(_),
                        ..
                    }),
                    Base::Cal(Cal {
                        year: Some(_),
                        month: Some(_),
                        ..
                    })
                )
            );
            if how.prefix != Prefix::Between && !month_list {
                return None;
            }
        }
        // Two digits after a dash only complete a plain year: "1939-45".
        if let Base::Cal(Cal {
            year: Some(YearSpec::TwoDigit(yy)),
            month: None,
            ..
        }) = b
        {
            let y = first_plain_value?;
            if !how.dash {
                return None;
            }
            b = Base::Cal(Cal::year(YearSpec::Full(complete_two_digits(y, yy)?)));
        }
        if second.weak == Some(Weak::ShortYear)
            && first.era_bc.is_none()
            && self.mode == Mode::Text
            && !(self.short_year_ok(second)
                && (first_plain_value.is_some() || first.era_bc.is_some()))
        {
            return None;
        }
        // BC written once at the end applies to both: "264–146 BC".
        if second.era_bc == Some(true)
            && first.era_bc.is_none()
            && let Base::Cal(Cal {
                year: Some(YearSpec::Full(y)),
                month: None,
                ..
            }) = a
            && first.plain_year
        {
            a = Base::Cal(Cal::year(YearSpec::Full(1 - y)));
        }
        // A month without a year takes the year of the end: "between May and June 1993".
        if let (
            Base::Cal(Cal {
                year: None,
                month: Some(ma),
                day,
                ..
            }),
            Base::Cal(Cal {
                year: Some(yb),
                month: Some(mb),
                ..
            }),
        ) = (a, b)
        {
            let year = match yb {
                YearSpec::Full(y) if ma > mb => YearSpec::Full(y - 1),
                other => other,
            };
            a = Base::Cal(Cal::ymd(Some(year), ma, day));
        }
        // "1950s-60s".
        if let (
            Base::Decade {
                first: YearSpec::Full(x),
                ..
            },
            Base::Decade {
                first: YearSpec::TwoDigit(yy),
                hundred,
            },
        ) = (a, b)
        {
            b = Base::Decade {
                first: YearSpec::Full(complete_two_digits(x, yy)?),
                hundred,
            };
        }
        let era_range = second.era_bc.is_some() && first.weak == Some(Weak::ShortYear);
        let plain_years = first.plain_year && second.plain_year;
        let accepted = how.first_ok
            || era_range
            || (how.dash
                && plain_years
                && first_plain_value.is_some_and(|y| (1000..=2199).contains(&y)));
        if !accepted {
            return None;
        }
        // Years must go forward, within a sane span, for bare numbers.
        if plain_years
            && let (
                Base::Cal(Cal {
                    year: Some(YearSpec::Full(ya)),
                    ..
                }),
                Base::Cal(Cal {
                    year: Some(YearSpec::Full(yb)),
                    ..
                }),
            ) = (a, b)
            && (yb <= ya || (yb - ya > 300 && !how.first_ok))
        {
            return None;
        }
        Some((
            Period {
                base: a,
                part: part1,
                approximate: approx1,
            },
            Period {
                base: b,
                part: part2,
                approximate: approx2,
            },
            second.end,
        ))
    }

    /// `before`, `after`, `since`, `by`, `until`, `from`, `between`, `prior to`, `pre-`, `post-`.
    fn prefix_at(&self, i: usize) -> (Prefix, usize) {
        let Some(w) = self.word(i) else {
            return (Prefix::None, i);
        };
        let lower = w.to_ascii_lowercase();
        match lower.as_str() {
            "from" => (Prefix::From, i + 1),
            "between" => (Prefix::Between, i + 1),
            "before" | "by" | "until" | "till" | "til" => (Prefix::Before, i + 1),
            "after" => (Prefix::After, i + 1),
            "since" => (Prefix::Since, i + 1),
            "prior" | "up" if self.is(i + 1, "to") => (Prefix::Before, i + 2),
            "pre" if self.is_p(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2) => {
                (Prefix::Before, i + 2)
            }
            "post" if self.is_p(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2) => {
                (Prefix::After, i + 2)
            }
            _ => (Prefix::None, i),
        }
    }

    /// `c.`, `ca.`, `circa`, `around`, `about`, `approximately`, `roughly`.
    fn approx_at(&self, i: usize) -> (bool, usize) {
        if self.is_in(i, &["c", "ca"]) && self.is_p(i + 1, '.') && self.glued(i + 1) {
            return (true, i + 2);
        }
        if self.is_in(i, &["circa", "around", "about", "approximately", "roughly"]) {
            return (true, i + 1);
        }
        if self.mode == Mode::Cell && self.is_in(i, &["c", "ca"]) {
            return (true, i + 1);
        }
        (false, i)
    }

    /// `early`, `mid`, `mid-`, `late`, `the end of`, `the beginning of`, `the first half of`, ….
    fn part_at(&self, i: usize) -> Option<(Part, usize)> {
        if self.is(i, "early") {
            return Some((Part::Early, i + 1));
        }
        if self.is(i, "late") {
            return Some((Part::Late, i + 1));
        }
        if self.is(i, "mid") {
            if self.is_p(i + 1, '-') && self.glued(i + 1) {
                return Some((Part::Mid, i + 2));
            }
            return Some((Part::Mid, i + 1));
        }
        let k = if self.is(i, "the") { i + 1 } else { i };
        let w = self.word(k)?.to_ascii_lowercase();
        let (part, of_at) = match w.as_str() {
            "end" | "close" => (Part::Late, k + 1),
            "beginning" | "start" => (Part::Early, k + 1),
            "middle" => (Part::Mid, k + 1),
            "first" if self.is(k + 1, "half") => (Part::FirstHalf, k + 2),
            "second" | "latter" if self.is(k + 1, "half") => (Part::SecondHalf, k + 2),
            _ => return None,
        };
        self.is(of_at, "of").then_some((part, of_at + 1))
    }

    /// A range connector after `i`: a dash (spaced or not), `--`, `to`, `until`, `through`,
    /// `and`. Returns the index after it, whether it was a dash, and whether it was `and`.
    fn connector(&self, i: usize) -> Option<(usize, bool, bool)> {
        if let Some(c) = self.punct(i) {
            return match c {
                '-' if self.is_p(i + 1, '-') && self.glued(i + 1) => Some((i + 2, true, false)),
                '-' | '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2015}' => {
                    Some((i + 1, true, false))
                }
                '/' if self.glued(i) && self.glued(i + 1) => Some((i + 1, true, false)),
                _ => None,
            };
        }
        let w = self.word(i)?.to_ascii_lowercase();
        match w.as_str() {
            "to" | "until" | "till" | "through" | "thru" => Some((i + 1, false, false)),
            "and" => Some((i + 1, false, true)),
            _ => None,
        }
    }

    /// The longest period core at `k`.
    fn core_at(&self, k: usize, flags: CoreFlags) -> Option<Core> {
        let CoreFlags { relaxed, allow_and } = flags;
        let candidates = [
            self.c_month_first(k, allow_and),
            self.c_day_first(k),
            self.c_numeric(k),
            self.c_month_year(k),
            self.c_month(k),
            self.c_decade(k, relaxed),
            self.c_century(k),
            self.c_season(k),
            self.c_year(k, relaxed),
            self.c_day_of_month(k),
            self.c_rel(k),
            self.c_deictic(k),
            self.c_anaphoric(k),
            self.c_weekday(k),
            self.c_feast(k),
        ];
        let mut best: Option<Core> = None;
        for c in candidates.into_iter().flatten() {
            if best.is_none_or(|b| c.end > b.end) {
                best = Some(c);
            }
        }
        best
    }

    // ---- numbers ------------------------------------------------------------------------------

    /// A count: digits (1–9999), `a`/`an` (when `allow_article`), or number words up to 99.
    fn count_at(&self, i: usize, allow_article: bool) -> Option<(u32, usize)> {
        let (n, next) = self.plain_count_at(i, allow_article)?;
        // Scores: "four score and seven" is 87, "three score" 60.
        if self.is(next, "score") && n <= 20 {
            let score = n * 20;
            if self.is(next + 1, "and")
                && let Some((more, after)) = self.plain_count_at(next + 2, false)
                && more < 20
            {
                return Some((score + more, after));
            }
            return Some((score, next + 1));
        }
        Some((n, next))
    }

    /// [`Self::count_at`] without scores.
    fn plain_count_at(&self, i: usize, allow_article: bool) -> Option<(u32, usize)> {
        if let Some((v, len)) = self.digits(i) {
            return (len <= 4 && v > 0).then_some((v, i + 1));
        }
        let w = self.word(i)?;
        if allow_article && (w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an")) {
            return Some((1, i + 1));
        }
        if let Some(t) = words::tens_cardinal(w) {
            if self.is_p(i + 1, '-')
                && self.glued(i + 1)
                && self.glued(i + 2)
                && let Some(u) = self.word(i + 2).and_then(words::small_cardinal)
                && (1..=9).contains(&u)
            {
                return Some((t + u, i + 3));
            }
            if let Some(u) = self.word(i + 1).and_then(words::small_cardinal)
                && (1..=9).contains(&u)
            {
                return Some((t + u, i + 2));
            }
            return Some((t, i + 1));
        }
        let n = words::small_cardinal(w)?;
        (n > 0).then_some((n, i + 1))
    }

    /// An ordinal: `22nd`, `7th`, `first`, `nineteenth`, `twenty-first`.
    fn ordinal_at(&self, i: usize) -> Option<(u32, usize)> {
        match self.kind(i)? {
            Kind::Mixed => {
                let s = self.s(i);
                let split = s.find(|c: char| !c.is_ascii_digit())?;
                if split == 0 || split > 3 {
                    return None;
                }
                let (digits, suffix) = s.split_at(split);
                let n: u32 = digits.parse().ok()?;
                (n > 0 && words::ordinal_suffix_fits(n, suffix)).then_some((n, i + 1))
            }
            Kind::Word => {
                let w = self.s(i);
                if let Some(n) = words::small_ordinal(w) {
                    return (n > 0).then_some((n, i + 1));
                }
                if let Some(n) = words::tens_ordinal(w) {
                    return Some((n, i + 1));
                }
                let t = words::tens_cardinal(w)?;
                if self.is_p(i + 1, '-')
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && let Some(u) = self.word(i + 2).and_then(words::small_ordinal)
                    && (1..=9).contains(&u)
                {
                    return Some((t + u, i + 3));
                }
                let u = self.word(i + 1).and_then(words::small_ordinal)?;
                (1..=9).contains(&u).then_some((t + u, i + 2))
            }
            _ => None,
        }
    }

    /// A day of the month: `22`, `22nd`, `twenty-second`.
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((v, len)) = self.digits(i) {
            return (len <= 2 && (1..=31).contains(&v)).then_some((v, i + 1));
        }
        let (n, next) = self.ordinal_at(i)?;
        (1..=31).contains(&n).then_some((n, next))
    }

    /// A month name or abbreviation, with the abbreviation's period.
    fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (m, abbrev) = words::month(self.word(i)?)?;
        if abbrev && self.is_p(i + 1, '.') && self.glued(i + 1) {
            Some((m, i + 2, true))
        } else {
            Some((m, i + 1, abbrev))
        }
    }

    fn weekday_at(&self, i: usize) -> Option<(Weekday, usize)> {
        let day = words::weekday(self.word(i)?)?;
        Some((day, i + 1))
    }

    /// An era marker: `BC`, `BCE`, `B.C.`, `AD`, `A.D.`, `CE`, `C.E.`. `Some(true)` for BC.
    fn era_at(&self, i: usize) -> Option<(bool, usize)> {
        let w = self.word(i)?;
        if w.eq_ignore_ascii_case("bc") || w.eq_ignore_ascii_case("bce") {
            return Some((true, i + 1));
        }
        if w == "AD" || w == "CE" {
            return Some((false, i + 1));
        }
        let dotted = |letter: &str, j: usize| {
            self.word(j).is_some_and(|x| x.eq_ignore_ascii_case(letter))
                && self.glued(j)
                && self.is_p(j + 1, '.')
                && self.glued(j + 1)
        };
        let starts = self.is_p(i + 1, '.') && self.glued(i + 1);
        if !starts {
            return None;
        }
        if w.eq_ignore_ascii_case("b") && dotted("c", i + 2) {
            if dotted("e", i + 4) {
                return Some((true, i + 6));
            }
            return Some((true, i + 4));
        }
        if w == "A" && dotted("D", i + 2) {
            return Some((false, i + 4));
        }
        if w == "C" && dotted("E", i + 2) {
            return Some((false, i + 4));
        }
        None
    }

    /// A number that can carry an era: 1–5 digits, or a grouped `10,000`.
    fn era_number(&self, i: usize) -> Option<u32> {
        match self.kind(i)? {
            Kind::Digits => {
                let (v, len) = self.digits(i)?;
                (len <= 5 && v >= 1).then_some(v)
            }
            Kind::Numeral => {
                let s = self.s(i);
                if s.contains('.') {
                    return None;
                }
                let v: u32 = s.replace(',', "").parse().ok()?;
                (1000..=99_999).contains(&v).then_some(v)
            }
            _ => None,
        }
    }

    /// A year: `AD 14`, `44 BC`, `3300 BC`, `1945`, `'95`, `800`.
    fn year_at(&self, i: usize) -> Option<YearMatch> {
        // AD 14
        if let Some((false, k)) = self.era_at(i)
            && let Some(v) = self.era_number(k)
            && v <= 9999
            && self.kind(k) == Some(Kind::Digits)
        {
            return Some(YearMatch {
                year: YearSpec::Full(v as i32),
                end: k + 1,
                strength: YearStrength::Era,
                bc: false,
                value: v,
            });
        }
        // 44 BC, 14 AD
        if let Some(v) = self.era_number(i)
            && let Some((bc, k)) = self.era_at(i + 1)
        {
            if bc && v > 10_000 {
                return None;
            }
            if !bc && v > 9999 {
                return None;
            }
            let year = if bc { 1 - v as i32 } else { v as i32 };
            return Some(YearMatch {
                year: YearSpec::Full(year),
                end: k,
                strength: YearStrength::Era,
                bc,
                value: v,
            });
        }
        // '95
        if self.is_apostrophe(i)
            && self.glued(i + 1)
            && let Some((v, 2)) = self.digits(i + 1)
        {
            return Some(YearMatch {
                year: YearSpec::TwoDigit(v),
                end: i + 2,
                strength: YearStrength::TwoDigit,
                bc: false,
                value: v,
            });
        }
        let (v, len) = self.digits(i)?;
        let strength = match len {
            4 => YearStrength::Four,
            1..=3 if v >= 1 => YearStrength::Short,
            _ => return None,
        };
        Some(YearMatch {
            year: YearSpec::Full(v as i32),
            end: i + 1,
            strength,
            bc: false,
            value: v,
        })
    }

    /// The year that ends a full date: an era year, four digits, three digits, or `'95`.
    fn date_year_at(&self, i: usize) -> Option<YearMatch> {
        let y = self.year_at(i)?;
        let ok = match y.strength {
            YearStrength::Era | YearStrength::Four | YearStrength::TwoDigit => true,
            YearStrength::Short => y.value >= 100 || self.mode == Mode::Cell,
        };
        ok.then_some(y)
    }

    // ---- cores --------------------------------------------------------------------------------

    /// A feast day named with its year: `Christmas 1914`, `Christmas Eve of 1914`, `New Year's
    /// Day 1863`, `Easter 1916`, `Easter Monday 1916`, `Good Friday 1916`, `Bastille Day 1880`,
    /// `Armistice Day 1918`. Easter is found by the Gregorian computus, so only from 1583.
    fn c_feast(&self, j: usize) -> Option<Core> {
        let (feast, k) = self.feast_at(j)?;
        let mut ky = k;
        if self.is_p(ky, ',') || self.is(ky, "of") {
            ky += 1;
        }
        let y = self.date_year_at(ky)?;
        let YearSpec::Full(year) = y.year else {
            return None;
        };
        let date = feast.date(year)?;
        let cal = Cal::ymd(Some(y.year), date.month(), Some(date.day()));
        Some(Core::new(Base::Cal(cal), y.end))
    }

    /// The feast named at token `i`, and the token after its name.
    fn feast_at(&self, i: usize) -> Option<(Feast, usize)> {
        if self.is(i, "christmas") {
            return Some(if self.is(i + 1, "eve") {
                (Feast::Fixed(12, 24), i + 2)
            } else if self.is(i + 1, "day") {
                (Feast::Fixed(12, 25), i + 2)
            } else {
                (Feast::Fixed(12, 25), i + 1)
            });
        }
        if self.is(i, "new") && self.is(i + 1, "year") {
            let after = if self.is_apostrophe(i + 2) && self.is(i + 3, "s") {
                i + 4
            } else {
                i + 2
            };
            return Some(if self.is(after, "eve") {
                (Feast::Fixed(12, 31), after + 1)
            } else if self.is(after, "day") {
                (Feast::Fixed(1, 1), after + 1)
            } else {
                (Feast::Fixed(1, 1), after)
            });
        }
        if self.is(i, "easter") {
            return Some(if self.is(i + 1, "sunday") {
                (Feast::Easter(0), i + 2)
            } else if self.is(i + 1, "monday") {
                (Feast::Easter(1), i + 2)
            } else {
                (Feast::Easter(0), i + 1)
            });
        }
        if self.is(i, "good") && self.is(i + 1, "friday") {
            return Some((Feast::Easter(-2), i + 2));
        }
        if self.is(i + 1, "day") {
            if self.is(i, "bastille") {
                return Some((Feast::Fixed(7, 14), i + 2));
            }
            if self.is(i, "armistice") {
                return Some((Feast::Fixed(11, 11), i + 2));
            }
        }
        None
    }

    /// Skips a leading weekday: `Monday, September 22, 1989`.
    fn skip_weekday(&self, k: usize) -> usize {
        match self.weekday_at(k) {
            Some((_, next)) if self.is_p(next, ',') => next + 1,
            Some((_, next)) => next,
            None => k,
        }
    }

    /// `September 22, 1989`, `Sept. 22 1989`, `April 3-4, 1993`, `April 3 to May 4, 1993`,
    /// `May 5` (no year).
    fn c_month_first(&self, j: usize, allow_and: bool) -> Option<Core> {
        let k = self.skip_weekday(j);
        let (month, k1, _) = self.month_at(k)?;
        let (day, k2) = self.day_at(k1)?;
        let mut end_md = None;
        let mut k = k2;
        if let Some((after, _, is_and)) = self.connector(k2)
            && (!is_and || allow_and || self.day_at(after).is_some())
        {
            if let Some((m2, k3, _)) = self.month_at(after) {
                if let Some((d2, k4)) = self.day_at(k3) {
                    end_md = Some((m2, d2));
                    k = k4;
                }
            } else if let Some((d2, k3)) = self.day_at(after)
                && d2 > day
            {
                end_md = Some((month, d2));
                k = k3;
            }
        }
        let mut ky = k;
        if self.is_p(ky, ',') {
            ky += 1;
        }
        let year = self.date_year_at(ky);
        let end = year.map_or(k, |y| y.end);
        let year_spec = year.map(|y| y.year);
        let (first_year, second_year) = split_years(year_spec, month, end_md.map(|(m, _)| m));
        let mut core = Core::new(Base::Cal(Cal::ymd(first_year, month, Some(day))), end);
        core.base2 = end_md.map(|(m, d)| Base::Cal(Cal::ymd(second_year, m, Some(d))));
        core.era_bc = year.and_then(|y| (y.strength == YearStrength::Era).then_some(y.bc));
        Some(core)
    }

    /// `22 September 1989`, `31st January, 2023`, `the 22nd of September, 1989`, `3–4 April
    /// 1993`, `3 April – 4 May 1993`, `5 March` (no year).
    fn c_day_first(&self, j: usize) -> Option<Core> {
        let k = self.skip_weekday(j);
        let the = self.is(k, "the");
        let k = if the { k + 1 } else { k };
        let (day, k1) = self.day_at(k)?;
        if the && self.kind(k) == Some(Kind::Digits) {
            return None;
        }
        let mut end_day = None;
        let mut k = k1;
        if let Some((after, _, _)) = self.connector(k1)
            && let Some((d2, k2)) = self.day_at(after)
            && d2 > day
        {
            let month_follows = self.month_at(k2).is_some()
                || (self.is(k2, "of") && self.month_at(k2 + 1).is_some());
            if month_follows {
                end_day = Some(d2);
                k = k2;
            }
        }
        if self.is(k, "of") {
            k += 1;
        }
        let (month, k3, _) = self.month_at(k)?;
        let mut end_md = end_day.map(|d| (month, d));
        k = k3;
        if end_md.is_none()
            && let Some((after, _, is_and)) = self.connector(k3)
            && !is_and
            && let Some((d2, k4)) = self.day_at(after)
            && let Some((m2, k5, _)) = self.month_at(k4)
        {
            end_md = Some((m2, d2));
            k = k5;
        }
        let mut ky = k;
        if self.is_p(ky, ',') {
            ky += 1;
        }
        let year = self.date_year_at(ky);
        let end = year.map_or(k, |y| y.end);
        let (first_year, second_year) =
            split_years(year.map(|y| y.year), month, end_md.map(|(m, _)| m));
        let mut core = Core::new(Base::Cal(Cal::ymd(first_year, month, Some(day))), end);
        core.base2 = end_md.map(|(m, d)| Base::Cal(Cal::ymd(second_year, m, Some(d))));
        core.era_bc = year.and_then(|y| (y.strength == YearStrength::Era).then_some(y.bc));
        Some(core)
    }

    /// `11/1/95`, `1992-01-05`, `22.09.1989`; in cells also `1992-01`.
    fn c_numeric(&self, j: usize) -> Option<Core> {
        if self.kind(j) == Some(Kind::Numeral) {
            let parts: Vec<&str> = self.s(j).split('.').collect();
            let [a, b, c] = parts.as_slice() else {
                return None;
            };
            if [a, b, c]
                .iter()
                .any(|p| !p.bytes().all(|x| x.is_ascii_digit()))
            {
                return None;
            }
            let cal = numeric_date(
                (a.parse().ok()?, a.len()),
                (b.parse().ok()?, b.len()),
                (c.parse().ok()?, c.len()),
                '.',
                self.mode,
            )?;
            return Some(Core::new(Base::Cal(cal), j + 1));
        }
        let a = self.digits(j)?;
        let sep = self.punct(j + 1)?;
        if !matches!(sep, '/' | '-') || !self.glued(j + 1) || !self.glued(j + 2) {
            return None;
        }
        let b = self.digits(j + 2)?;
        if self.is_p(j + 3, sep) && self.glued(j + 3) && self.glued(j + 4) {
            let c = self.digits(j + 4)?;
            let cal = numeric_date(a, b, c, sep, self.mode)?;
            return Some(Core::new(Base::Cal(cal), j + 5));
        }
        if self.mode == Mode::Cell && a.1 == 4 && b.1 == 2 && sep == '-' && (1..=12).contains(&b.0)
        {
            let cal = Cal::ymd(Some(YearSpec::Full(a.0 as i32)), b.0, None);
            return Some(Core::new(Base::Cal(cal), j + 3));
        }
        None
    }

    /// `January 1992`, `January, 1992`, `January of 1992`, `May–June 1993`, `March '46`; in
    /// cells `Mar-46`.
    fn c_month_year(&self, j: usize) -> Option<Core> {
        let (m1, k1, _) = self.month_at(j)?;
        let (m2, k) = match self
            .connector(k1)
            .and_then(|(after, _, _)| self.month_at(after))
        {
            Some((m, k2, _)) => (Some(m), k2),
            None => (None, k1),
        };
        let spreadsheet = self.mode == Mode::Cell
            && m2.is_none()
            && self.is_p(k1, '-')
            && self.glued(k1)
            && self.glued(k1 + 1);
        let mut year = match self.digits(k1 + 1) {
            Some((v, 2)) if spreadsheet => Some((YearSpec::TwoDigit(v), k1 + 2, None)),
            _ => None,
        };
        if year.is_none() {
            let mut ky = k;
            if self.is_p(ky, ',') || self.is(ky, "of") {
                ky += 1;
            }
            let y = self.date_year_at(ky)?;
            let bc = (y.strength == YearStrength::Era).then_some(y.bc);
            year = Some((y.year, y.end, bc));
        }
        let (spec, end, era_bc) = year?;
        let (first_year, second_year) = split_years(Some(spec), m1, m2);
        let mut core = Core::new(Base::Cal(Cal::ymd(first_year, m1, None)), end);
        core.base2 = m2.map(|m| Base::Cal(Cal::ymd(second_year, m, None)));
        core.era_bc = era_bc;
        Some(core)
    }

    /// A month name alone (`in May`, `a May meeting`): weak.
    fn c_month(&self, j: usize) -> Option<Core> {
        let (month, abbrev) = words::month(self.word(j)?)?;
        if abbrev && self.mode == Mode::Text {
            return None;
        }
        let mut core = Core::new(Base::Cal(Cal::ymd(None, month, None)), j + 1);
        if self.mode == Mode::Cell && abbrev && self.is_p(j + 1, '.') && self.glued(j + 1) {
            core.end = j + 2;
        }
        core.weak = Some(Weak::Month);
        Some(core)
    }

    /// `1850s`, `1850's`, `'60s`, `the 60s`.
    fn c_decade(&self, j: usize, relaxed: bool) -> Option<Core> {
        let decade = |first: YearSpec, end: usize| {
            // "the 1800s" is a century; "the 2000s" is usually the decade.
            let hundred = matches!(first, YearSpec::Full(y) if y % 100 == 0 && y != 2000);
            Some(Core::new(Base::Decade { first, hundred }, end))
        };
        match self.kind(j)? {
            Kind::Mixed => {
                let s = self.s(j);
                let digits = s.strip_suffix('s').or_else(|| s.strip_suffix('S'))?;
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: u32 = digits.parse().ok()?;
                if !v.is_multiple_of(10) {
                    return None;
                }
                match digits.len() {
                    4 => decade(YearSpec::Full(v as i32), j + 1),
                    2 => {
                        let apostrophe = j > 0 && self.is_apostrophe(j - 1) && self.glued(j);
                        let after_the = j > 0
                            && self.is_in(j - 1, &["the", "early", "mid", "late"])
                            && !self.is_in(
                                j.wrapping_sub(2),
                                &["his", "her", "their", "my", "your", "our", "its"],
                            );
                        (relaxed || apostrophe || after_the || self.mode == Mode::Cell)
                            .then(|| decade(YearSpec::TwoDigit(v), j + 1))
                            .flatten()
                    }
                    _ => None,
                }
            }
            Kind::Digits => {
                let (v, len) = self.digits(j)?;
                if len == 4
                    && v % 10 == 0
                    && self.is_apostrophe(j + 1)
                    && self.glued(j + 1)
                    && self.is(j + 2, "s")
                    && self.glued(j + 2)
                {
                    return decade(YearSpec::Full(v as i32), j + 3);
                }
                None
            }
            Kind::Punct => {
                if !self.is_apostrophe(j) || !self.glued(j + 1) {
                    return None;
                }
                let s = self.s(j + 1);
                let digits = s.strip_suffix('s')?;
                if digits.len() != 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let v: u32 = digits.parse().ok()?;
                v.is_multiple_of(10)
                    .then(|| decade(YearSpec::TwoDigit(v), j + 2))
                    .flatten()
            }
            _ => None,
        }
    }

    /// `the 7th century BC`, `the nineteenth century`, `19th-century`, `5th–4th centuries BC`.
    fn c_century(&self, j: usize) -> Option<Core> {
        let the = self.is(j, "the");
        let k = if the { j + 1 } else { j };
        let (n, k1) = self.ordinal_at(k)?;
        let (n2, mut k) = match self
            .connector(k1)
            .and_then(|(after, _, _)| self.ordinal_at(after))
        {
            Some((m, k2)) => (Some(m), k2),
            None => (None, k1),
        };
        if self.is_p(k, '-') && self.glued(k) && self.glued(k + 1) {
            k += 1;
        }
        if !self.is_in(k, &["century", "centuries"]) {
            return None;
        }
        if n2.is_none() && self.is(k, "centuries") {
            return None;
        }
        k += 1;
        let (bc, end) = match self.era_at(k) {
            Some((bc, next)) => (bc, next),
            None => (false, k),
        };
        if n > 40 || n2.is_some_and(|m| m > 40) {
            return None;
        }
        let mut core = Core::new(Base::Century { n, bc }, end);
        core.base2 = n2.map(|m| Base::Century { n: m, bc });
        Some(core)
    }

    /// `spring of 1862`, `winter 1834-35`, `the summer` (weak), `fall 1862` (fall needs a year).
    fn c_season(&self, j: usize) -> Option<Core> {
        let (season, is_fall) = words::season(self.word(j)?)?;
        let mut k = j + 1;
        let of = self.is(k, "of");
        if of {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            let ok = match y.strength {
                YearStrength::Era | YearStrength::Four => true,
                YearStrength::Short => self.mode == Mode::Cell,
                YearStrength::TwoDigit => false,
            };
            if ok {
                let mut end = y.end;
                let mut end_year = None;
                if season == Season::Winter
                    && let Some((after, true, _)) = self.connector(y.end)
                    && let Some((v, len)) = self.digits(after)
                    && let YearSpec::Full(first) = y.year
                {
                    let full = match len {
                        2 => complete_two_digits(first, v),
                        4 => Some(v as i32),
                        _ => None,
                    };
                    if let Some(full) = full
                        && full == first + 1
                    {
                        end_year = Some(YearSpec::Full(full));
                        end = after + 1;
                    }
                }
                let mut core = Core::new(
                    Base::Season {
                        season,
                        year: Some(y.year),
                        end_year,
                    },
                    end,
                );
                core.era_bc = (y.strength == YearStrength::Era).then_some(y.bc);
                return Some(core);
            }
        }
        if is_fall || of {
            return None;
        }
        let mut core = Core::new(
            Base::Season {
                season,
                year: None,
                end_year: None,
            },
            j + 1,
        );
        core.weak = Some(Weak::Season);
        Some(core)
    }

    /// `1945` (weak), `44 BC`, `AD 14`, `the year 1066`, `800` (weak, short); after a range
    /// connector also two digits (`-45`).
    fn c_year(&self, j: usize, relaxed: bool) -> Option<Core> {
        let (k, the_year) = if self.is(j, "the") && self.is(j + 1, "year") {
            (j + 2, true)
        } else if self.is(j, "year") && j > 0 && self.is(j - 1, "in") {
            (j + 1, true)
        } else {
            (j, false)
        };
        if relaxed
            && !the_year
            && let Some((v, 2)) = self.digits(k)
            && self.era_at(k + 1).is_none()
        {
            let mut core = Core::new(Base::Cal(Cal::year(YearSpec::TwoDigit(v))), k + 1);
            core.plain_year = true;
            return Some(core);
        }
        let y = self.year_at(k)?;
        if y.strength == YearStrength::TwoDigit {
            return None;
        }
        let mut core = Core::new(Base::Cal(Cal::year(y.year)), y.end);
        match y.strength {
            YearStrength::Era => core.era_bc = Some(y.bc),
            _ if the_year => core.plain_year = false,
            YearStrength::Four => {
                core.plain_year = true;
                let in_range = (1000..=2199).contains(&y.value);
                if self.mode == Mode::Text {
                    core.weak = Some(if in_range {
                        Weak::Year
                    } else {
                        Weak::ShortYear
                    });
                }
            }
            _ => {
                core.plain_year = true;
                if self.mode == Mode::Text {
                    core.weak = Some(Weak::ShortYear);
                }
            }
        }
        if y.value == 0 {
            return None;
        }
        Some(core)
    }

    /// `on the 5th`: weak, only after `on`, `by`, `until`, `since`, `before`, `after`, `from`.
    fn c_day_of_month(&self, j: usize) -> Option<Core> {
        if !self.is(j, "the") {
            return None;
        }
        let (day, k) = self.ordinal_at(j + 1)?;
        if !(1..=31).contains(&day) {
            return None;
        }
        if self.is_in(k, &["century", "centuries", "of"]) || self.month_at(k).is_some() {
            return None;
        }
        let followed_ok = match self.kind(k) {
            None | Some(Kind::Punct) => !self.is_p(k, '-'),
            Some(Kind::Word) => self.is_in(
                k,
                &[
                    "and", "or", "at", "in", "when", "the", "he", "she", "they", "it", "we", "i",
                    "a", "to", "but", "there", "his", "her",
                ],
            ),
            _ => false,
        };
        if !followed_ok {
            return None;
        }
        let mut core = Core::new(Base::DayOfMonth(day), k);
        core.weak = Some(Weak::DayOfMonth);
        Some(core)
    }

    /// `this year`, `last month`, `next week`, `last May`, `this spring`, `next Monday`.
    fn c_rel(&self, j: usize) -> Option<Core> {
        let dir = if self.is(j, "this") {
            Dir::This
        } else if self.is(j, "last") {
            Dir::Last
        } else if self.is(j, "next") {
            Dir::Next
        } else {
            return None;
        };
        // "the last month of the war", "his next year": "last"/"next" after a determiner is an
        // ordinal, not a date.
        if j > 0
            && self.is_in(
                j - 1,
                &[
                    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this",
                    "that", "these", "those", "every", "each",
                ],
            )
        {
            return None;
        }
        let k = j + 1;
        if self.is(k + 1, "of") || (self.is_p(k + 1, '-') && self.glued(k + 1)) {
            return None;
        }
        if let Some((unit, 1, false)) = self.word(k).and_then(words::unit) {
            let by = match dir {
                Dir::Last => -1,
                Dir::Next => 1,
                _ => 0,
            };
            // "next day" in a narrative counts from the story, not the document.
            let anchor = if unit == Unit::Day {
                if dir == Dir::This {
                    return None;
                }
                Anchor::Mention
            } else {
                Anchor::Document
            };
            return Some(Core::new(Base::Rel { unit, by, anchor }, k + 1));
        }
        if dir == Dir::This && self.is_in(k, &["morning", "afternoon", "evening"]) {
            return Some(Core::new(
                Base::Rel {
                    unit: Unit::Day,
                    by: 0,
                    anchor: Anchor::Document,
                },
                k + 1,
            ));
        }
        let named = if let Some((m, _, _)) = self.month_at(k).filter(|(_, _, abbrev)| !abbrev) {
            Named::Month(m)
        } else if let Some((s, _)) = self.word(k).and_then(words::season) {
            Named::Season(s)
        } else if let Some((d, _)) = self.weekday_at(k) {
            Named::Weekday(d)
        } else {
            return None;
        };
        Some(Core::new(Base::Named { named, dir }, k + 1))
    }

    /// `today`, `yesterday`, `tomorrow`, `tonight`, `the day before yesterday`, `the day after
    /// tomorrow`.
    fn c_deictic(&self, j: usize) -> Option<Core> {
        let rel = |by: i32, end: usize| {
            Some(Core::new(
                Base::Rel {
                    unit: Unit::Day,
                    by,
                    anchor: Anchor::Document,
                },
                end,
            ))
        };
        if self.is(j, "the") && self.is(j + 1, "day") {
            if self.is(j + 2, "before") && self.is(j + 3, "yesterday") {
                return rel(-2, j + 4);
            }
            if self.is(j + 2, "after") && self.is(j + 3, "tomorrow") {
                return rel(2, j + 4);
            }
            return None;
        }
        // "to-day" and "to-morrow" in older texts.
        if self.is(j, "to") && self.is_p(j + 1, '-') && self.glued(j + 1) && self.glued(j + 2) {
            if self.is(j + 2, "day") {
                return rel(0, j + 3);
            }
            if self.is(j + 2, "morrow") {
                return rel(1, j + 3);
            }
        }
        let w = self.word(j)?.to_ascii_lowercase();
        match w.as_str() {
            "today" | "tonight" => rel(0, j + 1),
            "yesterday" => rel(-1, j + 1),
            "tomorrow" => rel(1, j + 1),
            _ => None,
        }
    }

    /// `the following year`, `the next day`, `the previous month`, `the same day`, `that year`,
    /// `later that year`, `the day before.`
    fn c_anaphoric(&self, j: usize) -> Option<Core> {
        let mention = |unit: Unit, by: i32, end: usize| {
            Some(Core::new(
                Base::Rel {
                    unit,
                    by,
                    anchor: Anchor::Mention,
                },
                end,
            ))
        };
        let singular_unit = |k: usize| match self.word(k).and_then(words::unit) {
            Some((unit, 1, false)) => Some(unit),
            _ => None,
        };
        if self.is(j, "the") {
            let w = self.word(j + 1)?.to_ascii_lowercase();
            let by = match w.as_str() {
                "following" | "next" | "subsequent" => Some(1),
                "previous" | "preceding" | "prior" => Some(-1),
                "same" => Some(0),
                _ => None,
            };
            if let Some(by) = by {
                let unit = singular_unit(j + 2)?;
                if self.is(j + 3, "of") {
                    return None;
                }
                return mention(unit, by, j + 3);
            }
            // "the day before.", "the year after,"
            let unit = singular_unit(j + 1)?;
            let by = if self.is_in(j + 2, &["before", "earlier"]) {
                -1
            } else if self.is_in(j + 2, &["after", "later"]) {
                1
            } else {
                return None;
            };
            return self
                .ends_phrase(j + 3)
                .then(|| mention(unit, by, j + 3))
                .flatten();
        }
        // "later that year", "that same day"; "that year's harvest" is still that year.
        let k = if self.is_in(j, &["later", "earlier"]) {
            j + 1
        } else {
            j
        };
        if !self.is(k, "that") {
            return None;
        }
        let k2 = if self.is(k + 1, "same") { k + 2 } else { k + 1 };
        let unit = singular_unit(k2)?;
        if self.is(k2 + 1, "of") || (self.is_p(k2 + 1, '-') && self.glued(k2 + 1)) {
            return None;
        }
        mention(unit, 0, k2 + 1)
    }

    /// A weekday name: `on Monday`, `Monday's vote`.
    fn c_weekday(&self, j: usize) -> Option<Core> {
        // "was a Sunday", "every Monday": no particular day.
        if j > 0 && self.is_in(j - 1, &["a", "an", "every", "each", "any", "one"]) {
            return None;
        }
        let (day, k) = self.weekday_at(j)?;
        Some(Core::new(
            Base::Named {
                named: Named::Weekday(day),
                dir: Dir::Bare,
            },
            k,
        ))
    }

    // ---- context ------------------------------------------------------------------------------

    /// Whether the weak core at `start..end` stands in a date context.
    fn has_context(&self, start: usize, end: usize, weak: Weak) -> bool {
        if self.mode == Mode::Cell {
            return true;
        }
        // The next item of a list: "in 1945 and 1946", "in May, June and July".
        if let Some(last) = self.last_end
            && last < start
            && start - last <= 2
            && (last..start).all(|t| self.is_p(t, ',') || self.is_in(t, &["and", "or", "&"]))
        {
            return true;
        }
        let Some(prev) = start.checked_sub(1) else {
            return false;
        };
        match weak {
            Weak::Year => {
                if self.is_p(prev, '(') && self.glued(start) {
                    return true;
                }
                // "b. 1920", "d. 1895", "r. 1558–1603", "fl. 1380"
                if self.is_p(prev, '.') && prev > 0 && self.is_in(prev - 1, &["b", "d", "r", "fl"])
                {
                    return true;
                }
                let Some(w) = self.word(prev) else {
                    return false;
                };
                if w.eq_ignore_ascii_case("of") {
                    return !(prev > 0
                        && (self.is_in(prev - 1, words::QUANTITY_BEFORE_OF)
                            || self.is_number_kind(prev - 1)));
                }
                if words::is_one_of(w, YEAR_CONTEXT) {
                    return true;
                }
                if words::is_one_of(w, ADJECTIVAL) || self.possessive(prev) {
                    return self.adjectival_ok(end);
                }
                false
            }
            Weak::Month => {
                if self.is_in(prev, &["a", "an", "the", "that", "each", "every"]) {
                    // Used like an adjective: "a May meeting", not "the March on Washington",
                    // nor a name after "the": "the July Monarchy", "the October Revolution".
                    let name = self.is(prev, "the") && self.capitalised(end);
                    return !name
                        && self.word(end).is_some_and(|w| {
                            !words::is_one_of(
                                w,
                                &[
                                    "on", "of", "to", "in", "at", "for", "from", "by", "with",
                                    "and", "or", "was", "is", "were", "are",
                                ],
                            )
                        });
                }
                self.is_in(prev, MONTH_CONTEXT)
                    || (self.is(prev, "of") && prev > 0 && self.is(prev - 1, "month"))
            }
            Weak::Season => self.is_in(prev, SEASON_CONTEXT),
            Weak::DayOfMonth => self.is_in(prev, DAY_OF_MONTH_CONTEXT),
            Weak::ShortYear => false,
        }
    }

    /// `Yeltsin's` before a year: token `prev` is the `s` of a possessive.
    fn possessive(&self, prev: usize) -> bool {
        self.is(prev, "s") && self.glued(prev) && prev > 0 && self.is_apostrophe(prev - 1)
    }

    /// A year used like an adjective ("the 1991 Moscow conference") must be followed by a word
    /// that is not a quantity noun.
    fn adjectival_ok(&self, end: usize) -> bool {
        match self.word(end) {
            Some(w) => {
                w.chars().count() >= 2
                    && !words::is_one_of(w, words::QUANTITY_NOUNS)
                    && !self.glued(end)
            }
            None => false,
        }
    }

    /// A label such as `page`, `No.`, `Section` or a currency sign just before `start`.
    fn labelled(&self, start: usize) -> bool {
        let Some(prev) = start.checked_sub(1) else {
            return false;
        };
        if self.is_in(prev, words::NUMBER_LABELS) {
            return true;
        }
        if self.is_p(prev, '.') && prev > 0 && self.is_in(prev - 1, words::NUMBER_LABELS) {
            return true;
        }
        matches!(
            self.punct(prev),
            Some('#' | '$' | '\u{a3}' | '\u{20ac}' | '\u{a5}' | '\u{a7}' | '\u{2116}')
        )
    }

    /// A quantity noun or `%` right after `end`.
    fn quantity_after(&self, end: usize) -> bool {
        self.is_in(end, words::QUANTITY_NOUNS) || (self.is_p(end, '%') && self.glued(end))
    }
}

/// Options for [`Finder::core_at`].
#[derive(Clone, Copy, Debug)]
struct CoreFlags {
    /// After a range connector: two-digit years and decades are allowed.
    relaxed: bool,
    /// `and` may join two days ("April 3 and 4").
    allow_and: bool,
}

/// How a range was written.
#[derive(Clone, Copy, Debug)]
struct RangeHow {
    prefix: Prefix,
    dash: bool,
    is_and: bool,
    first_ok: bool,
}

/// The two years of a date range sharing one written year: "December 30 – January 2, 1993"
/// puts the first end in the year before.
fn split_years(
    year: Option<YearSpec>,
    first_month: u32,
    second_month: Option<u32>,
) -> (Option<YearSpec>, Option<YearSpec>) {
    match (year, second_month) {
        (Some(YearSpec::Full(y)), Some(m2)) if m2 < first_month => {
            (Some(YearSpec::Full(y - 1)), Some(YearSpec::Full(y)))
        }
        _ => (year, year),
    }
}

/// Completes two digits after a full year in a range: 1939 and 45 → 1945; 1999 and 00 → 2000.
fn complete_two_digits(first: i32, yy: u32) -> Option<i32> {
    let mut full = first - first.rem_euclid(100) + yy as i32;
    if full <= first {
        full += 100;
    }
    (full - first <= 100).then_some(full)
}

/// Reads a three-part numeric date. `a`, `b`, `c` are (value, digit count).
fn numeric_date(
    a: (u32, usize),
    b: (u32, usize),
    c: (u32, usize),
    sep: char,
    mode: Mode,
) -> Option<Cal> {
    let valid_day = |d: u32| (1..=31).contains(&d);
    let valid_month = |m: u32| (1..=12).contains(&m);
    if a.1 == 4 {
        // 1992-01-05, 1993/04/23
        if sep == '.' || b.1 > 2 || c.1 > 2 || !valid_month(b.0) || !valid_day(c.0) {
            return None;
        }
        return Some(Cal {
            year: Some(YearSpec::Full(a.0 as i32)),
            month: Some(b.0),
            day: Some(c.0),
            numeric: Some(NumericOrder::YearFirst),
        });
    }
    if a.1 > 2 || b.1 > 2 {
        return None;
    }
    let year = match c.1 {
        4 => YearSpec::Full(c.0 as i32),
        2 if sep == '/' || mode == Mode::Cell => YearSpec::TwoDigit(c.0),
        _ => return None,
    };
    let (month, day, order) = if sep == '.' {
        if valid_month(b.0) && valid_day(a.0) {
            let order = if a.0 > 12 || a.0 == b.0 {
                NumericOrder::DayFirst
            } else {
                NumericOrder::DayFirstAssumed
            };
            (b.0, a.0, order)
        } else if valid_month(a.0) && valid_day(b.0) {
            (a.0, b.0, NumericOrder::MonthFirst)
        } else {
            return None;
        }
    } else if valid_month(a.0) && valid_day(b.0) {
        let order = if b.0 > 12 || a.0 == b.0 {
            NumericOrder::MonthFirst
        } else {
            NumericOrder::MonthFirstAssumed
        };
        (a.0, b.0, order)
    } else if valid_month(b.0) && valid_day(a.0) {
        (b.0, a.0, NumericOrder::DayFirst)
    } else {
        return None;
    };
    Some(Cal {
        year: Some(year),
        month: Some(month),
        day: Some(day),
        numeric: Some(order),
    })
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    /// The expressions found in `text`, as written.
    fn found(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        find(text, &tokens, Mode::Text)
            .iter()
            .map(|f| {
                let start = tokens[f.first].start;
                let end = tokens[f.end - 1].end;
                text[start..end].to_owned()
            })
            .collect()
    }

    fn exprs(text: &str) -> Vec<Expr> {
        let tokens = tokenize(text);
        find(text, &tokens, Mode::Text)
            .iter()
            .map(|f| f.expr)
            .collect()
    }

    #[test]
    fn full_dates() {
        assert_eq!(found("on September 22, 1989 the"), ["September 22, 1989"]);
        assert_eq!(found("22 September 1989."), ["22 September 1989"]);
        assert_eq!(found("Sept. 22, 1989"), ["Sept. 22, 1989"]);
        assert_eq!(
            found("on the 22nd of September, 1989,"),
            ["the 22nd of September, 1989"]
        );
        assert_eq!(
            found("(Sputnik - 31st January, 2023)"),
            ["31st January, 2023"]
        );
        assert_eq!(
            found("On Monday, September 22, 1989, it"),
            ["Monday, September 22, 1989"]
        );
        assert_eq!(found("April 3-4, 1993"), ["April 3-4, 1993"]);
        assert_eq!(found("3–4 April 1993"), ["3–4 April 1993"]);
    }

    #[test]
    fn years_need_context() {
        assert_eq!(found("in 1945 but"), ["1945"]);
        assert_eq!(found("by 1990,"), ["by 1990"]);
        assert_eq!(found("since 1975"), ["since 1975"]);
        assert_eq!(found("early 1992"), ["early 1992"]);
        assert_eq!(found("the 1991 Moscow conference"), ["1991"]);
        assert_eq!(found("Yeltsin's 1992 Offer"), ["1992"]);
        assert!(found("1,000 missiles").is_empty());
        assert!(found("Tu-160 and Tu-95").is_empty());
        assert!(found("F89-191").is_empty());
        assert!(found("E.O. 12958").is_empty());
        assert!(found("START I").is_empty());
        assert!(found("\n\n3\n\n").is_empty());
        assert!(found("Section 2 and page 1990").is_empty());
        assert!(found("$21.4 billion in 1500 soldiers").is_empty());
        assert!(found("call 555-1234 or 1-800-555-1212").is_empty());
        assert!(found("the 1990 s").is_empty());
    }

    #[test]
    fn ranges_and_eras() {
        assert_eq!(found("in 1939–1945"), ["1939–1945"]);
        assert_eq!(found("war (1939-45) was"), ["1939-45"]);
        assert_eq!(found("from 1826 to 1831"), ["from 1826 to 1831"]);
        assert_eq!(
            found("between May and June 1993"),
            ["between May and June 1993"]
        );
        assert_eq!(found("in 44 BC"), ["44 BC"]);
        assert_eq!(found("AD 14"), ["AD 14"]);
        assert_eq!(found("264–146 BC"), ["264–146 BC"]);
        let e = exprs("264–146 BC");
        assert!(
            matches!(
                e[0],
                Expr::Range(
                    Period {
                        base: Base::Cal(Cal {
                            year: Some(YearSpec::Full(-263)),
                            ..
                        }),
                        ..
                    },
                    _
                )
            ),
            "{e:?}"
        );
    }

    #[test]
    fn relative() {
        assert_eq!(found("submarines last month, Secretary"), ["last month"]);
        assert_eq!(found("in late May."), ["late May"]);
        assert_eq!(found("a May Ministerial Meeting"), ["May"]);
        assert_eq!(found("May we go?"), Vec::<String>::new());
        assert!(
            found("In 1848 the July Monarchy fell")
                .iter()
                .all(|f| f != "July")
        );
        assert!(found("after the October Revolution, Lenin").is_empty());
        assert_eq!(found("the June meeting"), ["June"]);
        assert_eq!(
            found("within the next two months."),
            ["within the next two months"]
        );
        assert_eq!(
            found("Rather, in the last two decades, the"),
            ["in the last two decades"]
        );
        assert_eq!(
            found("For forty years the United States has committed"),
            ["For forty years"]
        );
        assert!(found("for forty years he lived there").is_empty());
        assert_eq!(found("two years later"), ["two years later"]);
        assert_eq!(
            found("The truce came at Christmas 1914, and the Rising at Easter Monday 1916."),
            ["Christmas 1914", "Easter Monday 1916"]
        );
        assert_eq!(found("on New Year's Day 1863"), ["New Year's Day 1863"]);
        assert!(found("at Christmas the family met").is_empty());
        assert!(found("It was a Sunday, and every Monday they met.").is_empty());
        assert_eq!(
            found("Four score and seven years ago our fathers"),
            ["Four score and seven years ago"]
        );
        assert_eq!(found("the following year"), ["the following year"]);
        assert_eq!(found("on the 5th, the"), ["the 5th"]);
        assert_eq!(found("steps today in"), ["today"]);
        assert_eq!(found("the last month of the war").len(), 0);
    }
}
