//! The text of an excerpt, held without a copy when it is the exact passage of its source.
//!
//! A timeline quotes its sources: with a million events, most of the memory of their excerpts
//! would be copies of passages of a few source texts. An excerpt whose text is byte for byte the
//! verified passage shares the source's text (a reference count and a byte range); any other
//! excerpt keeps its own text.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// An excerpt's text: its own, or a range of its source's text.
#[derive(Clone)]
pub struct QuoteText {
    /// The text holding the quotation: the excerpt's own, or its whole source.
    text: Arc<str>,

    /// Byte range of the quotation in `text` (both ends on character boundaries).
    start: u32,
    end: u32,
}

impl QuoteText {
    /// A quotation with its own text.
    pub fn owned(text: &str) -> Self {
        let text: Arc<str> = Arc::from(text);
        Self::whole(text)
    }

    fn whole(text: Arc<str>) -> Self {
        match u32::try_from(text.len()) {
            Ok(end) => Self {
                text,
                start: 0,
                end,
            },
            // Over 4 GiB: no file that large is read; keep the text but show none of it.
            Err(_) => Self {
                text: Arc::from(""),
                start: 0,
                end: 0,
            },
        }
    }

    /// The text `text`, sharing `source` when `text` is exactly `source[range]`; `None` when it
    /// is not.
    pub fn shared(text: &str, source: &Arc<str>, range: Range<usize>) -> Option<Self> {
        let (Ok(start), Ok(end)) = (u32::try_from(range.start), u32::try_from(range.end)) else {
            return None;
        };
        (source.get(range) == Some(text)).then(|| Self {
            text: Arc::clone(source),
            start,
            end,
        })
    }

    /// Whether the text is shared with a source rather than held on its own.
    pub fn is_shared(&self) -> bool {
        self.start != 0 || self.end as usize != self.text.len()
    }

    /// The quotation.
    pub fn as_str(&self) -> &str {
        self.text
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

impl From<String> for QuoteText {
    fn from(text: String) -> Self {
        Self::whole(Arc::from(text))
    }
}

impl From<&str> for QuoteText {
    fn from(text: &str) -> Self {
        Self::owned(text)
    }
}

impl Deref for QuoteText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for QuoteText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for QuoteText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for QuoteText {}

impl PartialEq<str> for QuoteText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for QuoteText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for QuoteText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for QuoteText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for QuoteText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_only_the_exact_passage() {
        let source: Arc<str> = Arc::from("The Presidents met at Camp David.");
        let exact = QuoteText::shared("Presidents met", &source, 4..18).expect("the passage");
        assert!(exact.is_shared());
        assert_eq!(exact, "Presidents met");
        assert_eq!(Arc::strong_count(&source), 2, "no copy of the passage");
        assert!(
            QuoteText::shared("Presidents  met", &source, 4..18).is_none(),
            "whitespace differs"
        );
        assert!(
            QuoteText::shared("x", &source, 30..99).is_none(),
            "range past the end"
        );
        let own = QuoteText::owned("Presidents  met");
        assert!(!own.is_shared());
        assert_eq!(own, "Presidents  met");
    }
}
