//! An excerpt: a quotation supporting an event, and whether and where it was found in its
//! source, in 32 bytes and without a copy of its text when it is the exact passage.
//!
//! A timeline quotes its sources: with a million events, most of the memory of their excerpts
//! would be copies of passages of a few source texts. An excerpt whose text is byte for byte the
//! verified passage shares the source's text (a reference count, and the passage's range, which
//! it keeps anyway as where it was found); any other excerpt keeps its own text.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::Verification;

/// A quotation supporting an event.
#[derive(Clone)]
pub struct Excerpt {
    /// The source's whole text when the quotation is exactly the passage found there
    /// ([`State::Shared`]); else the quotation's own text.
    holder: Arc<str>,

    /// Where it was found in the source's text (bytes), when it was; 32 bits suffice, as a
    /// source text is at most 1 GiB.
    start: u32,
    end: u32,

    /// Index into `Timeline::sources`.
    source: u32,

    state: State,
}

/// Whether an excerpt was found in its source, and whether its text is the source's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Found, and the text is exactly the passage `holder[start..end]`.
    Shared,
    /// Found at `start..end` (with other whitespace); the text is `holder`.
    Own,
    /// See [`Verification::NotFound`].
    NotFound,
    /// See [`Verification::NoSourceText`].
    NoSourceText,
}

impl Excerpt {
    /// An excerpt of source number `source` reading `text`, checked to `verification`. When it
    /// was found, `source_text` is the source's text: it is shared when `text` is exactly the
    /// passage found.
    pub fn new(
        source: usize,
        text: &str,
        verification: Verification,
        source_text: Option<&Arc<str>>,
    ) -> Self {
        let source = u32::try_from(source).unwrap_or(u32::MAX);
        let own = |state| Self {
            holder: Arc::from(text),
            start: 0,
            end: 0,
            source,
            state,
        };
        let range = match verification {
            Verification::Verified { range } => range,
            Verification::NotFound => return own(State::NotFound),
            Verification::NoSourceText => return own(State::NoSourceText),
        };
        let (Ok(start), Ok(end)) = (u32::try_from(range.start), u32::try_from(range.end)) else {
            // Past 4 GiB: no source text is that long (they are at most 1 GiB).
            return own(State::NotFound);
        };
        match source_text {
            Some(source_text) if source_text.get(range) == Some(text) => Self {
                holder: Arc::clone(source_text),
                start,
                end,
                source,
                state: State::Shared,
            },
            _ => Self {
                start,
                end,
                ..own(State::Own)
            },
        }
    }

    /// Index into `Timeline::sources`.
    pub fn source(&self) -> usize {
        self.source as usize
    }

    /// The quotation as written in the timeline file.
    pub fn text(&self) -> &str {
        match self.state {
            State::Shared => self
                .holder
                .get(self.start as usize..self.end as usize)
                .unwrap_or_default(),
            State::Own | State::NotFound | State::NoSourceText => &self.holder,
        }
    }

    /// Whether, and where, it was found in the source text.
    pub fn verification(&self) -> Verification {
        match self.state {
            State::Shared | State::Own => Verification::Verified {
                range: self.start as usize..self.end as usize,
            },
            State::NotFound => Verification::NotFound,
            State::NoSourceText => Verification::NoSourceText,
        }
    }

    /// Where it was found in the source's text (bytes), when it was.
    pub fn found_range(&self) -> Option<Range<usize>> {
        matches!(self.state, State::Shared | State::Own)
            .then(|| self.start as usize..self.end as usize)
    }

    /// True when the text was found in the source.
    pub fn is_verified(&self) -> bool {
        self.found_range().is_some()
    }

    /// Whether the text is the source's own (the exact passage found), held without a copy.
    pub fn is_shared(&self) -> bool {
        self.state == State::Shared
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Excerpt")
            .field("source", &self.source)
            .field("text", &self.text())
            .field("verification", &self.verification())
            .field("shared", &self.is_shared())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_only_the_exact_passage() {
        let source: Arc<str> = Arc::from("The Presidents met at Camp David.");
        let found = || Verification::Verified { range: 4..18 };
        let exact = Excerpt::new(2, "Presidents met", found(), Some(&source));
        assert!(exact.is_shared());
        assert_eq!(exact.text(), "Presidents met");
        assert_eq!(exact.verification(), found());
        assert_eq!(exact.source(), 2);
        assert_eq!(Arc::strong_count(&source), 2, "no copy of the passage");

        let spaced = Excerpt::new(2, "Presidents  met", found(), Some(&source));
        assert!(!spaced.is_shared(), "whitespace differs");
        assert_eq!(spaced.text(), "Presidents  met");
        assert_eq!(spaced.verification(), found(), "still found there");
        assert_eq!(spaced.found_range(), Some(4..18));

        let past_the_end = Excerpt::new(0, "x", Verification::Verified { range: 30..99 }, None);
        assert!(!past_the_end.is_shared());
        assert_eq!(past_the_end.text(), "x");

        for verification in [Verification::NotFound, Verification::NoSourceText] {
            let unverified = Excerpt::new(1, "met", verification.clone(), Some(&source));
            assert!(!unverified.is_verified() && !unverified.is_shared());
            assert_eq!(unverified.text(), "met");
            assert_eq!(unverified.verification(), verification);
        }
        assert_eq!(
            Arc::strong_count(&source),
            2,
            "only the exact passage shares"
        );
    }
}
