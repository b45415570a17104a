//! Finding events by words: case- and accent-insensitive search over titles, summaries, excerpts
//! and tags.
//!
//! Text is *folded* once: decomposed (NFD), combining marks dropped, lower-cased, and curly
//! quotes and dashes made plain, so `yeltsin` finds `Yeltsin`, `cafe` finds `café` and `don't`
//! finds `don’t`. The folded text of every event is kept in one string, built on the first
//! search, and each query is a scan with a fast substring finder.

use memchr::memmem::Finder;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::{EventIndex, Timeline};

/// `text` folded for searching: without accents, lower case, with plain quotes and dashes.
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

fn fold_into(text: &str, out: &mut String) {
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            '\u{2010}'..='\u{2015}' => out.push('-'),
            c if c.is_whitespace() => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The folded searchable text of every event.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// All events' folded text, one after another.
    text: String,

    /// Where each event's text ends in `text` (event `i` spans `ends[i-1]..ends[i]`).
    ends: Vec<usize>,
}

impl SearchIndex {
    /// Folds the title, summary, excerpts and tags of every event.
    pub fn new(timeline: &Timeline) -> Self {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(timeline.events.len());
        for event in &timeline.events {
            let fields = std::iter::once(event.title.as_str())
                .chain(event.summary.as_deref())
                .chain(event.excerpts.iter().map(|x| x.text.as_str()))
                .chain(event.tags.iter().map(String::as_str));
            for field in fields {
                fold_into(field, &mut text);
                // A separator no query contains, so a match never spans two fields.
                text.push('\n');
            }
            ends.push(text.len());
        }
        Self { text, ends }
    }

    /// The events containing every word of `query` (in any field, in any order), in date
    /// order. An empty query finds nothing.
    pub fn find(&self, query: &str) -> Vec<EventIndex> {
        let folded = fold_for_search(query);
        let finders: Vec<Finder<'_>> = folded.split_whitespace().map(Finder::new).collect();
        if finders.is_empty() {
            return Vec::new();
        }
        let mut start = 0;
        let mut found = Vec::new();
        for (event, &end) in self.ends.iter().enumerate() {
            let haystack = self.text.as_bytes().get(start..end).unwrap_or_default();
            if finders.iter().all(|f| f.find(haystack).is_some()) {
                found.push(event);
            }
            start = end;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoSources, load_bytes};

    #[test]
    fn folding_drops_case_accents_and_curly_punctuation() {
        assert_eq!(fold_for_search("Café Zürich"), "cafe zurich");
        assert_eq!(fold_for_search("YELTSIN"), "yeltsin");
        assert_eq!(
            fold_for_search("don’t “quote” – dash"),
            "don't \"quote\" - dash"
        );
        assert_eq!(fold_for_search("Ångström\tŁódź"), "angstrom łodz");
    }

    fn timeline() -> Timeline {
        let json = r#"{
          "format": 1,
          "title": "Search",
          "sources": [{"id": "s", "title": "S"}],
          "categories": [{"id": "c", "label": "C"}],
          "events": [
            {"id": "a", "title": "Yeltsin writes to Bush", "date": "1992-01",
             "category": "c", "excerpts": [{"source": "s", "text": "a letter"}]},
            {"id": "b", "title": "Meeting", "date": "1992-02-01", "category": "c",
             "summary": "Talks at the café in Camp David.",
             "excerpts": [{"source": "s", "text": "the Presidents met"}]},
            {"id": "c", "title": "Aid package", "date": "1993-04-04", "category": "c",
             "tags": ["économie"], "excerpts": [{"source": "s", "text": "$1.6 billion"}]}
          ]
        }"#;
        load_bytes(json.as_bytes(), "s.json", &NoSources)
            .timeline
            .expect("loads")
    }

    fn found(index: &SearchIndex, timeline: &Timeline, query: &str) -> Vec<String> {
        index
            .find(query)
            .into_iter()
            .filter_map(|i| timeline.events.get(i).map(|e| e.id.clone()))
            .collect()
    }

    #[test]
    fn finds_in_every_field_without_case_or_accents() {
        let t = timeline();
        let index = SearchIndex::new(&t);
        assert_eq!(found(&index, &t, "yeltsin"), ["a"], "title, any case");
        assert_eq!(
            found(&index, &t, "cafe"),
            ["b"],
            "summary, without the accent"
        );
        assert_eq!(found(&index, &t, "CAFÉ"), ["b"], "with it");
        assert_eq!(found(&index, &t, "presidents MET"), ["b"], "excerpt");
        assert_eq!(found(&index, &t, "economie"), ["c"], "tag");
        assert_eq!(found(&index, &t, "camp met"), ["b"], "all words, any order");
        assert_eq!(found(&index, &t, "camp yeltsin"), Vec::<String>::new());
        assert_eq!(
            found(&index, &t, "   "),
            Vec::<String>::new(),
            "blank finds nothing"
        );
        assert_eq!(found(&index, &t, "a"), ["a", "b", "c"]);
    }
}
