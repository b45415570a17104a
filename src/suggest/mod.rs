//! Date suggestions: finds every date expression in a source text, resolves it to a timeline
//! date, and proposes an event for it whose excerpt is the verbatim sentence around it.
//!
//! [`suggest`] is the entry point for source texts, [`document_date`] finds a text's own date
//! (its dateline), and [`parse_date_cell`] reads one free-text date cell for the spreadsheet
//! importers. Nothing here knows about egui.
//!
//! The pipeline, one file per step:
//! - `lexer`: tokens with byte ranges and the whitespace between them;
//! - `words`: the English vocabulary (months, numbers, units, cue words);
//! - `expressions`: the finder, which records what each expression says;
//! - `resolve`: the dates, against the document date and the last date mentioned, with notes;
//! - `status`: happened or planned;
//! - `sentences`: sentences, excerpts and titles;
//! - `dateline`: the document's own date; `cell`: spreadsheet cells.
//!
//! Decisions on the hard cases (details in each file):
//! - U.S. numeric dates such as `11/1/95` (declassification stamps) are read month/day/year
//!   (day/month/year only when the first number cannot be a month); a two-digit year is put in
//!   the century that places it within 89 years before and 10 after the document date, else by
//!   the spreadsheet rule (00–29 → 2000s, 30–99 → 1900s). The note says so. Numbers joined by
//!   hyphens to letters (`F89-191`, `Tu-160`), grouped (`1,000`), decimal (`$21.4`), of five
//!   digits (`E.O. 12958`), after a label (`page`, `Section`, `No.`) or before a quantity noun are
//!   never years; a bare four-digit year needs a date context (`in 1945`, `by 1990`, `the 1991
//!   conference`, `Yeltsin's 1992 offer`).
//! - `recently` and `in recent years` resolve to "before the document date" (`../1993-04-23`);
//!   without a document date they, like every relative expression, stay unresolved with a reason.
//! - Three-digit years without an era (`in 476`) are read only once the text has named an era or
//!   a first-millennium date; `in 14` is never a year.
//! - Plans: the wording (`next week`, `within the next two months`), a date after the document
//!   date, or a cue in the clause (`will`, `shall`, `expects to`, `is to`, `scheduled`) makes a
//!   proposal [`Status::Planned`]; see `status`.
//! - Anaphora such as `since then` or `at the end of World War II` name no date and are not
//!   proposed; durations (`for nearly five centuries`, `the seven year reduction period`) are not
//!   dates, except `for forty years` with a present perfect verb, which runs up to the document
//!   date.

mod cell;
mod dateline;
mod expressions;
mod lexer;
mod resolve;
mod sentences;
mod status;
mod words;

use std::ops::Range;

pub use cell::{
    CellDate, CellError, ColumnOrder, column_order, parse_date_cell, parse_date_cell_in,
};
pub use dateline::{DocumentDate, document_date};

use crate::model::{Bound, DatePoint, HistDate, Status};

/// A proposed event for one date expression in a source text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// The resolved date (serialized in our format, e.g. `"1993-05~"`); `None` when it could not
    /// be resolved (see [`Suggestion::unresolved`]).
    pub date: Option<HistDate>,

    /// The expression, verbatim from the text (`last month`, `September 22, 1989`).
    pub expression: String,

    /// Byte range of the expression in the text.
    pub range: Range<usize>,

    /// Character (not byte) offset of the expression in the text.
    pub offset: usize,

    /// The sentence (or clause, when the sentence is very long) containing the expression:
    /// an exact substring of the text, trimmed, that verifies against it.
    pub excerpt: String,

    /// Byte range of the excerpt in the text; it contains [`Suggestion::range`].
    pub excerpt_range: Range<usize>,

    /// A short suggested title (at most 60 characters) from the excerpt.
    pub title: String,

    /// [`Status::Planned`] for plans and expectations, else [`Status::Happened`].
    pub status: Status,

    /// How the date was worked out, when context or a convention was needed
    /// ("'last month' in a document dated 23 April 1993 → March 1993").
    pub date_note: Option<String>,

    /// Why the date could not be worked out, when [`Suggestion::date`] is `None`.
    pub unresolved: Option<String>,
}

/// Options for [`suggest`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuggestOptions {
    /// The document's own date (any precision). When `None`, it is looked for in the text with
    /// [`document_date`]; when that finds nothing, relative expressions stay unresolved.
    pub document_date: Option<DatePoint>,
}

/// Byte ranges of source `source` (an index into the timeline's sources) that the timeline's
/// excerpts quote (where they were found).
pub fn quoted_ranges(timeline: &crate::model::Timeline, source: usize) -> Vec<Range<usize>> {
    timeline
        .events
        .iter()
        .flat_map(|e| timeline.excerpts(e))
        .filter(|x| x.source() == source)
        .filter_map(crate::model::Excerpt::found_range)
        .collect()
}

/// Whether the expression at `range` lies inside one of the `quoted` passages.
pub fn is_quoted(quoted: &[Range<usize>], range: &Range<usize>) -> bool {
    quoted
        .iter()
        .any(|q| q.start <= range.start && range.end <= q.end)
}

/// Finds every date expression in `text` and proposes an event for each, in text order.
///
/// Relative expressions are resolved against the document date (`today`, `last month`) or the
/// last date mentioned before them (`the following year`). Never panics; linear in the length
/// of the text.
pub fn suggest(text: &str, options: &SuggestOptions) -> Vec<Suggestion> {
    let tokens = lexer::tokenize(text);
    let found = expressions::find(text, &tokens, expressions::Mode::Text);
    if found.is_empty() {
        return Vec::new();
    }
    let sentences = sentences::sentences(text);
    let document = options
        .document_date
        .or_else(|| document_date(text).map(|d| d.date));
    let mut mention: Option<DatePoint> = None;
    let mut out = Vec::with_capacity(found.len());
    // Whether each proposal's date is counted from another (see `merge_restated_dates`).
    let mut relative = Vec::with_capacity(found.len());
    let mut chars_before = 0;
    let mut counted_to = 0;
    for f in found {
        let (Some(first), Some(last)) = (tokens.get(f.first), tokens.get(f.end.saturating_sub(1)))
        else {
            continue;
        };
        let range = first.start..last.end;
        let Some(expression) = text.get(range.clone()) else {
            continue;
        };
        let excerpt_range = sentences::excerpt_range(text, &sentences, range.clone());
        let excerpt = text.get(excerpt_range.clone()).unwrap_or(expression);
        let cues = status::cues(text, &tokens, f.first, f.end, &excerpt_range);
        let ctx = resolve::Context {
            document,
            mention,
            planned: cues.planned,
        };
        let resolution = resolve::resolve(&f.expr, expression, &ctx);
        // "within two weeks" in a dated text looks forward from the document.
        let tense = match f.expr {
            expressions::Expr::Window { loose: true, .. } if document.is_some() => {
                expressions::Tense::Future
            }
            _ => f.tense(),
        };
        let status = status::decide(tense, cues, resolution.date.as_ref(), document);
        if let Some(date) = resolution.date
            && f.expr != expressions::Expr::Recently
            && let Some(point) = last_point(&date)
        {
            mention = Some(point);
        }
        chars_before += text
            .get(counted_to..range.start)
            .map_or(0, |s| s.chars().count());
        counted_to = range.start;
        relative.push(f.expr.is_relative());
        out.push(Suggestion {
            date: resolution.date,
            expression: expression.to_owned(),
            offset: chars_before,
            range,
            title: sentences::title(excerpt),
            excerpt: excerpt.to_owned(),
            excerpt_range,
            status,
            date_note: resolution.note,
            unresolved: resolution.unresolved,
        });
    }
    merge_restated_dates(text, &relative, &mut out);
    out
}

/// A date counted from another followed at once by the date written out ("a year later, in 1852",
/// "Within a week, on April 19, 1861") is one proposal: the written one. Two expressions
/// further apart, or in the other order ("in 146 BC, the same year that Corinth fell"), may be
/// two events and stay two proposals.
fn merge_restated_dates(text: &str, relative: &[bool], out: &mut Vec<Suggestion>) {
    let mut kept: Vec<(Suggestion, bool)> = Vec::with_capacity(out.len());
    for (s, &is_relative) in out.drain(..).zip(relative) {
        match kept.last_mut() {
            Some(last) if last.1 && !is_relative && restates(text, &last.0, &s) => {
                *last = (s, is_relative);
            }
            _ => kept.push((s, is_relative)),
        }
    }
    *out = kept.into_iter().map(|(s, _)| s).collect();
}

/// Whether `written` comes right after `worked_out` (a date counted from another) in the same
/// sentence, separated by at most a comma and one word, and names a date within it.
fn restates(text: &str, worked_out: &Suggestion, written: &Suggestion) -> bool {
    let (Some(outer), Some(inner)) = (&worked_out.date, &written.date) else {
        return false;
    };
    if worked_out.excerpt_range != written.excerpt_range {
        return false;
    }
    let Some(gap) = text.get(worked_out.range.end..written.range.start) else {
        return false;
    };
    let words = gap
        .split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .filter(|w| !w.is_empty())
        .count();
    let (o, i) = (outer.day_span(), inner.day_span());
    gap.chars().count() <= 8
        && words <= 1
        && o.start_day <= i.start_day
        && i.end_day_exclusive <= o.end_day_exclusive
}

/// The latest known point of a date: what later relative expressions count from.
fn last_point(date: &HistDate) -> Option<DatePoint> {
    match *date {
        HistDate::Point(p)
        | HistDate::Interval {
            end: Bound::Date(p),
            ..
        }
        | HistDate::Interval {
            start: Bound::Date(p),
            end: Bound::Open,
        } => Some(p),
        HistDate::Interval { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(date: &str) -> SuggestOptions {
        let HistDate::Point(p) = HistDate::parse(date).unwrap() else {
            panic!("not a point")
        };
        SuggestOptions {
            document_date: Some(p),
        }
    }

    #[test]
    fn a_small_release() {
        let text = "For Immediate Release April 23, 1993\n\nIn response to the collision last month, \
                    Secretary Aspin will meet Grachev in late May.";
        let s = suggest(text, &SuggestOptions::default());
        let summary: Vec<(String, String, Status)> = s
            .iter()
            .map(|s| {
                (
                    s.expression.clone(),
                    s.date.map(|d| d.to_edtf()).unwrap_or_default(),
                    s.status,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "April 23, 1993".to_owned(),
                    "1993-04-23".to_owned(),
                    Status::Happened
                ),
                (
                    "last month".to_owned(),
                    "1993-03".to_owned(),
                    Status::Happened
                ),
                (
                    "late May".to_owned(),
                    "1993-05~".to_owned(),
                    Status::Planned
                ),
            ]
        );
        assert_eq!(
            s[1].date_note.as_deref(),
            Some("'last month' in a document dated 23 April 1993 \u{2192} March 1993")
        );
        assert_eq!(
            s[1].excerpt,
            "In response to the collision last month, Secretary Aspin will meet Grachev in late May."
        );
    }

    #[test]
    fn the_following_year_counts_from_the_last_mention() {
        let text = "The war ended in 1945. The following year, the Republic was proclaimed. \
                    Two years later a constitution followed.";
        let s = suggest(text, &SuggestOptions::default());
        let dates: Vec<String> = s
            .iter()
            .map(|s| s.date.map(|d| d.to_edtf()).unwrap_or_default())
            .collect();
        assert_eq!(dates, ["1945", "1946", "1948"]);
        assert!(
            s[1].date_note
                .as_deref()
                .unwrap()
                .contains("last date mentioned (1945)")
        );
    }

    #[test]
    fn a_date_restated_at_once_is_proposed_once() {
        let text =
            "He ruled from 2 December 1851, and was proclaimed Emperor a year later, in 1852.";
        let found = suggest(text, &SuggestOptions::default());
        let dates: Vec<String> = found
            .iter()
            .map(|s| s.date.as_ref().unwrap().to_edtf())
            .collect();
        assert_eq!(dates, ["1851-12-02", "1852"]);
        assert_eq!(found[1].expression, "1852");
        assert_eq!(found[1].date_note, None);

        let text = "It began on 12 April 1861. Within a week, on April 19, 1861, troops came.";
        let found = suggest(text, &SuggestOptions::default());
        let expressions: Vec<&str> = found.iter().map(|s| s.expression.as_str()).collect();
        assert_eq!(expressions, ["12 April 1861", "April 19, 1861"]);
    }

    #[test]
    fn dates_apart_or_in_the_other_order_stay_two_proposals() {
        for text in [
            "Carthage was destroyed in 146 BC, the same year that Corinth fell.",
            "In September 1838 he escaped, and within a year he had settled in New Bedford.",
            "The first century AD is called the Pax Romana, although revolts broke out in AD 66.",
            "Historians date the crisis of the third century from 235 to 284.",
        ] {
            assert_eq!(suggest(text, &SuggestOptions::default()).len(), 2, "{text}");
        }
    }

    #[test]
    fn unresolved_says_why() {
        let s = suggest("It happened last month.", &SuggestOptions::default());
        assert_eq!(s.len(), 1);
        assert!(s[0].date.is_none());
        assert!(
            s[0].unresolved
                .as_deref()
                .unwrap()
                .contains("document's date")
        );
        let s = suggest("It happened last month.", &doc("2001-02-10"));
        assert_eq!(s[0].date.unwrap().to_edtf(), "2001-01");
    }

    #[test]
    fn offsets_count_characters() {
        let text = "Ça s’est passé — naïvement — en 1945 ou in 1946.";
        let s = suggest(text, &SuggestOptions::default());
        for sug in &s {
            assert_eq!(&text[sug.range.clone()], sug.expression);
            assert_eq!(sug.offset, text[..sug.range.start].chars().count());
        }
    }

    #[test]
    fn serializes_dates_in_our_format() {
        let s = suggest("in 1945", &SuggestOptions::default());
        let json = serde_json::to_value(&s[0]).unwrap();
        assert_eq!(json["date"], "1945");
        assert_eq!(json["status"], "happened");
        assert_eq!(json["range"]["start"], 3);
    }
}
