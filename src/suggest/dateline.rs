//! The document's own date, found in the text: a dateline or a date near the top.
//!
//! Only the first 15 non-blank lines (within the first 40 lines) are read, and only a date with
//! at least a month and a full year counts. A line qualifies when
//! - the date stands (nearly) alone on it: the line is at most 80 characters and has at most
//!   four other words (`For Immediate Release April 23, 1993`, an indented `April 23, 1993`,
//!   `Washington, D.C., Monday, 23 April 1993`);
//! - or it is a news dateline: the line opens with a word in capitals and the date starts in its
//!   first 150 bytes (`WASHINGTON (Pakistan Point News / Sputnik - 31st January, 2023) The …`);
//! - or the line opens with `Date`, `Dated`, `Released`, `Issued`, `Published`, `Posted`,
//!   `Updated`, `Sent`, `Written` or `Filed`.
//!
//! The first qualifying date wins. A year alone (a headline's "1992") never does.

use std::ops::Range;

use super::expressions::{Base, Expr, Mode, Period, YearSpec, find};
use super::lexer::{Kind, tokenize};
use super::resolve::{Context, resolve};
use super::sentences::lines;
use crate::model::{DatePoint, HistDate};

/// A document date found in the text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DocumentDate {
    /// The date (day or month precision).
    #[serde(serialize_with = "edtf_point")]
    pub date: DatePoint,

    /// Byte range of the date expression in the text.
    pub range: Range<usize>,

    /// The date as written.
    pub expression: String,

    /// Zero-based line number.
    pub line: usize,
}

/// Serializes a date point in our format (`1993-04-23`).
#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes a reference"
)]
fn edtf_point<S: serde::Serializer>(point: &DatePoint, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&point.to_edtf())
}

const OPENERS: &[&str] = &[
    "date",
    "dated",
    "released",
    "issued",
    "published",
    "posted",
    "updated",
    "sent",
    "written",
    "filed",
];

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Finds the document's own date near the top of `text` (see the module comment for the rules).
pub fn document_date(text: &str) -> Option<DocumentDate> {
    let mut non_blank = 0;
    for (number, line) in lines(text).into_iter().enumerate().take(40) {
        let raw = text.get(line.start..line.end).unwrap_or("");
        let lead = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }
        non_blank += 1;
        if non_blank > 15 {
            break;
        }
        let start = line.start + lead;
        let end = floor_boundary(text, (start + 240).min(start + content.len()));
        let Some(slice) = text.get(start..end) else {
            continue;
        };
        let tokens = tokenize(slice);
        for f in find(slice, &tokens, Mode::Text) {
            let Expr::At(Period {
                base: Base::Cal(cal),
                part: None,
                approximate: false,
            }) = f.expr
            else {
                continue;
            };
            if !matches!(cal.year, Some(YearSpec::Full(_))) || cal.month.is_none() {
                continue;
            }
            let Some(HistDate::Point(date)) = resolve(&f.expr, "", &Context::default()).date else {
                continue;
            };
            let (Some(first), Some(last)) = (tokens.get(f.first), tokens.get(f.end - 1)) else {
                continue;
            };
            let other_words = tokens
                .iter()
                .enumerate()
                .filter(|&(i, t)| t.kind == Kind::Word && (i < f.first || i >= f.end))
                .count();
            let alone = content.chars().count() <= 80 && other_words <= 4;
            let opening = tokens.first().and_then(|t| slice.get(t.start..t.end));
            let capital_dateline = opening
                .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase))
                && first.start <= 150;
            let labelled =
                opening.is_some_and(|w| OPENERS.iter().any(|o| o.eq_ignore_ascii_case(w)));
            if alone || capital_dateline || labelled {
                let range = start + first.start..start + last.end;
                return Some(DocumentDate {
                    date,
                    expression: text.get(range.clone()).unwrap_or("").to_owned(),
                    range,
                    line: number,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<String> {
        document_date(text).map(|d| d.date.to_edtf())
    }

    #[test]
    fn datelines() {
        assert_eq!(
            found("View Header\n\nThe White House\n\nFor Immediate Release April 23, 1993\n"),
            Some("1993-04-23".to_owned())
        );
        assert_eq!(
            found(
                "Headline about Yeltsin's 1992 Offer\n\nWASHINGTON (Pakistan Point News / Sputnik - 31st January, 2023) The Bush administration in early 1992 rejected it."
            ),
            Some("2023-01-31".to_owned())
        );
        assert_eq!(
            found("\n\nTHE WHITE HOUSE\nWASHINGTON\n\nSeptember 22, 1989\n"),
            Some("1989-09-22".to_owned())
        );
        assert_eq!(
            found("Dated: 5 March 1946. Dear Sir, I write"),
            Some("1946-03-05".to_owned())
        );
    }

    #[test]
    fn a_date_inside_a_sentence_is_not_a_dateline() {
        assert_eq!(
            found(
                "On 15 March 44 BC, Julius Caesar was assassinated in Rome by a group of senators led by Brutus."
            ),
            None
        );
        assert_eq!(found("The war ended in 1945.\n"), None);
        let late = format!("{}April 23, 1993\n", "line of text here\n".repeat(20));
        assert_eq!(found(&late), None);
    }
}
