//! Status: whether a dated expression reports something that happened or announces a plan.
//!
//! The wording decides first: `tomorrow`, `next week`, `within the next two months` are plans;
//! `yesterday`, `last month`, `two years ago`, `recently` are past. Otherwise, with a document
//! date, a date wholly after it is a plan (a 1989 directive's "1991 Moscow conference") unless a
//! past participle just before it says it was done ("Declassified/Released on 11/1/95", an
//! annotation added later); a date wholly before it happened; a date overlapping it is a plan
//! only when its clause has a planning cue: `will`, `shall`, `'ll`, `scheduled`, `upcoming`,
//! `expects to`, `plans to`, `intends to`, `is to`, `going to`, `looks forward to`. Without a
//! document date the cue alone decides.

use std::ops::Range;

use super::expressions::Tense;
use super::lexer::{Kind, Token};
use super::words;
use crate::model::{DatePoint, HistDate, Status};

/// What the clause around an expression says about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cues {
    /// A planning cue is in the clause.
    pub planned: bool,

    /// A past participle just before the expression ("Released on …").
    pub done: bool,
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "some", "any", "all",
];

const PREPOSITIONS: &[&str] = &["on", "in", "at", "of", "by", "during", "for"];

struct View<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl<'a> View<'a> {
    fn s(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        (self.tokens.get(i)?.kind == Kind::Word).then(|| self.s(i))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn is_in(&self, i: usize, list: &[&str]) -> bool {
        self.word(i).is_some_and(|x| words::is_one_of(x, list))
    }

    fn punct(&self, i: usize) -> Option<char> {
        let t = self.tokens.get(i)?;
        (t.kind == Kind::Punct)
            .then(|| self.s(i).chars().next())
            .flatten()
    }

    fn glued(&self, i: usize) -> bool {
        i > 0 && self.tokens.get(i).is_some_and(|t| !t.space_before)
    }

    /// A clause boundary: `;`, `:`, a spaced dash or `--`.
    fn breaks_clause(&self, i: usize) -> bool {
        match self.punct(i) {
            Some(';') => true,
            Some(':') => !(self.glued(i) && self.glued(i + 1)),
            Some('\u{2014}' | '\u{2013}') => !self.glued(i),
            Some('-') => !self.glued(i) && self.punct(i + 1) == Some('-'),
            _ => false,
        }
    }

    /// Token `i` begins a planning cue.
    fn plan_cue(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        let verb_follows = |j: usize| {
            self.word(j)
                .is_some_and(|x| !words::is_one_of(x, DETERMINERS))
        };
        if words::is_one_of(w, words::PLAN_VERBS) {
            // "the will of the people" is a noun.
            return !(i > 0 && self.is_in(i - 1, DETERMINERS));
        }
        // "we'll", "won't"
        if w.eq_ignore_ascii_case("ll")
            && self.glued(i)
            && matches!(self.punct(i.wrapping_sub(1)), Some('\'' | '\u{2019}'))
        {
            return true;
        }
        if w.eq_ignore_ascii_case("won")
            && matches!(self.punct(i + 1), Some('\'' | '\u{2019}'))
            && self.is(i + 2, "t")
        {
            return true;
        }
        if words::is_one_of(w, words::PLAN_VERBS_TO) && self.is(i + 1, "to") && verb_follows(i + 2)
        {
            // "a plan to replace", "$21.4 billion plan to": nouns. The bare form is a verb only
            // after a pronoun or an auxiliary ("we plan to", "will aim to").
            let noun_like =
                words::is_one_of(w, &["plan", "plans", "aim", "aims", "hope", "hopes", "set"]);
            if !noun_like {
                return true;
            }
            let prev = i.checked_sub(1);
            let after_determiner = prev.is_some_and(|p| self.is_in(p, DETERMINERS));
            let bare = words::is_one_of(w, &["plan", "aim", "hope", "set"]);
            let subject_or_aux = prev.is_some_and(|p| {
                self.is_in(
                    p,
                    &[
                        "i", "we", "you", "they", "will", "would", "to", "do", "does", "did",
                        "also", "still", "now", "is", "are", "was", "were", "be", "been", "being",
                    ],
                )
            });
            if after_determiner {
                return false;
            }
            if !bare {
                return prev.is_some_and(|p| {
                    self.word(p).is_some_and(|x| {
                        x.chars().next().is_some_and(char::is_alphabetic)
                            && !words::is_one_of(
                                x,
                                &["billion", "million", "thousand", "new", "five-year"],
                            )
                    })
                });
            }
            return subject_or_aux;
        }
        if words::is_one_of(w, &["is", "are", "am", "was", "were"])
            && self.is(i + 1, "to")
            && verb_follows(i + 2)
        {
            return true;
        }
        w.eq_ignore_ascii_case("due") && self.is_in(i + 1, &["in", "on", "by"])
    }

    /// A past participle at `i`: "released", "held", "signed".
    fn participle(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        if words::is_one_of(w, words::PLAN_PARTICIPLES) {
            return false;
        }
        words::is_one_of(w, words::IRREGULAR_PARTICIPLES)
            || (w.len() >= 5 && w.to_ascii_lowercase().ends_with("ed"))
    }
}

/// The cues for the expression at tokens `first..end`, looking no further than `within` (the
/// excerpt's byte range) and the clause boundaries inside it.
pub(crate) fn cues(
    text: &str,
    tokens: &[Token],
    first: usize,
    end: usize,
    within: &Range<usize>,
) -> Cues {
    let view = View { text, tokens };
    let mut planned = false;
    // Backwards to the clause start.
    let mut i = first;
    let mut steps = 0;
    while i > 0 && steps < 40 {
        i -= 1;
        steps += 1;
        let Some(t) = tokens.get(i) else { break };
        if t.start < within.start || view.breaks_clause(i) {
            break;
        }
        planned |= view.plan_cue(i);
    }
    // Forwards to the clause end.
    let mut i = end;
    let mut steps = 0;
    while steps < 40 {
        let Some(t) = tokens.get(i) else { break };
        if t.end > within.end || view.breaks_clause(i) {
            break;
        }
        planned |= view.plan_cue(i);
        i += 1;
        steps += 1;
    }
    // "Released on 11/1/95", "Declassified 1995".
    let mut before = first.checked_sub(1);
    if let Some(b) = before
        && view.is_in(b, PREPOSITIONS)
    {
        before = b.checked_sub(1);
    }
    let done = before.is_some_and(|b| {
        tokens.get(b).is_some_and(|t| t.start >= within.start) && view.participle(b)
    });
    Cues { planned, done }
}

/// The status of a dated expression.
pub(crate) fn decide(
    tense: Tense,
    cues: Cues,
    date: Option<&HistDate>,
    document: Option<DatePoint>,
) -> Status {
    match tense {
        Tense::Future => return Status::Planned,
        Tense::Past => return Status::Happened,
        Tense::Neutral => {}
    }
    if let (Some(date), Some(document)) = (date, document) {
        let span = date.day_span();
        let doc_start = document.start_day();
        let doc_end = document.end_day_exclusive();
        // "by the end of 2021" in a 2019 text: a deadline still to come.
        let after = if span.open_start {
            span.end_day_exclusive > doc_end
        } else {
            span.start_day >= doc_end
        };
        let before = !span.open_end && span.end_day_exclusive <= doc_start;
        if after {
            return if cues.done {
                Status::Happened
            } else {
                Status::Planned
            };
        }
        if before {
            return Status::Happened;
        }
    }
    if cues.planned {
        Status::Planned
    } else {
        Status::Happened
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn cues_for(text: &str, expression: &str) -> Cues {
        let tokens = tokenize(text);
        let at = text.find(expression).unwrap();
        let first = tokens.iter().position(|t| t.start == at).unwrap();
        let end = tokens
            .iter()
            .position(|t| t.end == at + expression.len())
            .unwrap()
            + 1;
        cues(text, &tokens, first, end, &(0..text.len()))
    }

    #[test]
    fn planning_cues() {
        assert!(cues_for("The summit will be held in May.", "May").planned);
        assert!(cues_for("The US expects to start this in May.", "May").planned);
        assert!(cues_for("The vote is to take place in May.", "May").planned);
        assert!(cues_for("We'll meet in May.", "May").planned);
        assert!(!cues_for("The summit was held in May.", "May").planned);
        assert!(
            !cues_for("They met in May; the treaty will follow.", "May").planned,
            "the cue is in another clause"
        );
        assert!(!cues_for("It reflects the will of the people in 1990.", "1990").planned);
        assert!(!cues_for("It was due to the war in 1990.", "1990").planned);
    }

    #[test]
    fn done_cues() {
        assert!(cues_for("Declassified/Released on 11/1/95", "11/1/95").done);
        assert!(cues_for("It was signed in 1991.", "1991").done);
        assert!(!cues_for("It is scheduled for 1991.", "1991").done);
        assert!(!cues_for("to attend the 1991 conference", "1991").done);
    }

    #[test]
    fn decisions() {
        let doc = HistDate::parse("1989-09-22").unwrap();
        let HistDate::Point(doc) = doc else { panic!() };
        let later = HistDate::parse("1991").unwrap();
        let earlier = HistDate::parse("1945").unwrap();
        let same = HistDate::parse("1989").unwrap();
        let none = Cues::default();
        let plan = Cues {
            planned: true,
            done: false,
        };
        let done = Cues {
            planned: false,
            done: true,
        };
        assert_eq!(
            decide(Tense::Neutral, none, Some(&later), Some(doc)),
            Status::Planned
        );
        assert_eq!(
            decide(Tense::Neutral, done, Some(&later), Some(doc)),
            Status::Happened
        );
        assert_eq!(
            decide(Tense::Neutral, plan, Some(&earlier), Some(doc)),
            Status::Happened
        );
        assert_eq!(
            decide(Tense::Neutral, plan, Some(&same), Some(doc)),
            Status::Planned
        );
        assert_eq!(
            decide(Tense::Neutral, none, Some(&same), Some(doc)),
            Status::Happened
        );
        assert_eq!(decide(Tense::Past, plan, None, None), Status::Happened);
        assert_eq!(decide(Tense::Future, none, None, None), Status::Planned);
        assert_eq!(decide(Tense::Neutral, plan, None, None), Status::Planned);
    }
}
