//! Finding events by words: case- and accent-insensitive search over titles, summaries, excerpts
//! and tags.
//!
//! Text is *folded* once: decomposed (NFD), combining marks dropped, lower-cased, and curly
//! quotes and dashes made plain, so `yeltsin` finds `Yeltsin`, `cafe` finds `café` and `don't`
//! finds `don’t`. An event's own text is folded into one string; excerpts that are the exact
//! passage of their source are found through the folded source instead of a copy (see
//! [`SearchIndex`]). A query finds its first word in one pass over the index and checks the
//! other words only on the events that passed; a query typed on from the last one checks only
//! the last one's matches.

use std::ops::Range;

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

/// A query folded and split into words, ready to match.
struct Query<'q> {
    /// The folded words.
    words: Vec<Finder<'q>>,
}

impl<'q> Query<'q> {
    fn new(folded: &'q str) -> Self {
        Self {
            words: folded.split_whitespace().map(Finder::new).collect(),
        }
    }
}

/// A source text folded for searching, with the way back to the original's byte offsets.
#[derive(Clone, Debug, Default)]
struct FoldedSource {
    /// The folded text.
    text: String,

    /// For each byte of `text`, the offset in the original of the character it came from; one
    /// more entry at the end holds the original's length.
    original_at: Vec<u32>,
}

impl FoldedSource {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut original_at = Vec::with_capacity(original.len() + 1);
        for (offset, c) in original.char_indices() {
            let mut buffer = [0u8; 4];
            fold_into(c.encode_utf8(&mut buffer), &mut text);
            original_at.resize(text.len(), offset as u32);
        }
        original_at.push(original.len() as u32);
        Self { text, original_at }
    }

    /// Where `word` occurs, as sorted original byte ranges `(start, end)`.
    fn occurrences(&self, word: &Finder<'_>) -> Vec<(u32, u32)> {
        let len = word.needle().len();
        word.find_iter(self.text.as_bytes())
            .map(|at| {
                let start = self.original_at.get(at).copied().unwrap_or(u32::MAX);
                // The end is the start of the character after the match.
                let end = self.original_at.get(at + len).copied().unwrap_or(u32::MAX);
                (start, end)
            })
            .collect()
    }
}

/// An excerpt that is the exact passage of its source: where it is there, and whose it is.
#[derive(Clone, Copy, Debug)]
struct Quoted {
    /// Original byte range in the source.
    start: u32,
    end: u32,
    /// The event that quotes it.
    event: u32,
}

/// Everything needed to find events by words, built once per timeline.
///
/// Text an event holds on its own (title, summary, tags, excerpts that differ from their source)
/// is folded into one string. Excerpts that share their source's text (see
/// [`QuoteText`](super::QuoteText)) are not copied: each source is folded once, a word is found
/// in it once per query, and an excerpt contains the word when one of those places lies inside
/// its byte range. With a million events quoting a few sources this keeps the index to about a
/// tenth of the text it searches.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// The events' own folded text, one after another.
    own: String,

    /// Where each event's own text ends in `own` (event `i` spans `own_ends[i-1]..own_ends[i]`).
    own_ends: Vec<u32>,

    /// For each source, the shared excerpts that quote it, sorted by where they start: a query
    /// word is matched against all of them in one merge with its sorted occurrences.
    quoted: Vec<Vec<Quoted>>,

    /// Folded source texts, for sources that shared excerpts quote.
    sources: Vec<Option<FoldedSource>>,

    /// Searches of at least this many events run in two halves on two threads.
    parallel_from: usize,
}

/// One source's part in finding a word in shared excerpts: the excerpts quoting it (by start),
/// the word's places in it (by start), and from each place on, the earliest end of a place.
struct SourceSweep<'a> {
    quotes: &'a [Quoted],
    places: Vec<(u32, u32)>,
    earliest_end: Vec<u32>,
}

/// The events with a shared excerpt that contains a query word, as one bit per event (empty when
/// no source contains the word).
struct QuoteHits(Vec<u64>);

impl QuoteHits {
    fn contains(&self, event: usize) -> bool {
        self.0
            .get(event / 64)
            .is_some_and(|bits| bits & (1 << (event % 64)) != 0)
    }

    /// Appends the events of `events` that are in the set, in order.
    fn extend_with(&self, events: Range<usize>, out: &mut Vec<EventIndex>) {
        if self.0.is_empty() {
            return;
        }
        let mut event = events.start;
        while event < events.end {
            let bits = self.0.get(event / 64).copied().unwrap_or(0) >> (event % 64);
            if bits == 0 {
                // Nothing more in this word of bits.
                event = (event / 64 + 1) * 64;
                continue;
            }
            event += bits.trailing_zeros() as usize;
            if event < events.end {
                out.push(event);
            }
            event += 1;
        }
    }
}

/// Candidates above this share of all events are refined with a pass over the whole index (a
/// vectorised search) rather than one event at a time.
const REFINE_BY_PASS_SHARE: usize = 2;

/// Indexes of at least this many events are searched in two halves on two threads.
const PARALLEL_SEARCH_EVENTS: usize = 100_000;

impl SearchIndex {
    /// Folds the title, summary, excerpts and tags of every event.
    pub fn new(timeline: &Timeline) -> Self {
        // Sized from the start: growing by doubling would copy tens of megabytes several times
        // while the window draws on another thread (folded text is about as long as the
        // original; a separator follows each field).
        let (mut own_bytes, mut quotes_per_source) = (0, vec![0usize; timeline.sources.len()]);
        for event in &timeline.events {
            own_bytes += event.title.len() + timeline.summary(event).map_or(0, str::len) + 2;
            own_bytes += timeline.tags(event).map(|t| t.len() + 1).sum::<usize>();
            for excerpt in timeline.excerpts(event) {
                match quotes_per_source.get_mut(excerpt.source()) {
                    Some(count) if excerpt.is_shared() => *count += 1,
                    _ => own_bytes += excerpt.text().len() + 1,
                }
            }
        }
        let mut own = String::with_capacity(own_bytes);
        let mut own_ends = Vec::with_capacity(timeline.events.len());
        let mut quoted: Vec<Vec<Quoted>> = quotes_per_source
            .into_iter()
            .map(Vec::with_capacity)
            .collect();
        let mut sources: Vec<Option<FoldedSource>> = vec![None; timeline.sources.len()];
        for (event_index, event) in timeline.events.iter().enumerate() {
            let mut own_fields: Vec<&str> = Vec::with_capacity(4);
            own_fields.push(&event.title);
            own_fields.extend(timeline.summary(event));
            own_fields.extend(timeline.tags(event));
            for excerpt in timeline.excerpts(event) {
                let shared_range = excerpt.found_range().filter(|_| excerpt.is_shared());
                let in_source = shared_range.and_then(|range| {
                    let source = timeline.sources.get(excerpt.source())?;
                    let slot = sources.get_mut(excerpt.source())?;
                    if slot.is_none() {
                        *slot = Some(FoldedSource::new(source.text.as_deref()?));
                    }
                    let quote = Quoted {
                        start: u32::try_from(range.start).ok()?,
                        end: u32::try_from(range.end).ok()?,
                        event: u32::try_from(event_index).ok()?,
                    };
                    quoted.get_mut(excerpt.source())?.push(quote);
                    Some(())
                });
                if in_source.is_none() {
                    own_fields.push(excerpt.text());
                }
            }
            for field in own_fields {
                fold_into(field, &mut own);
                // A separator no query contains, so a match never spans two fields.
                own.push('\n');
            }
            own_ends.push(u32::try_from(own.len()).unwrap_or(u32::MAX));
        }
        own.shrink_to_fit();
        for quotes in &mut quoted {
            quotes.sort_unstable_by_key(|q| (q.start, q.end));
            quotes.shrink_to_fit();
        }
        Self {
            own,
            own_ends,
            quoted,
            sources,
            parallel_from: PARALLEL_SEARCH_EVENTS,
        }
    }

    /// Bytes held by the index (for the performance figures).
    pub fn heap_bytes(&self) -> usize {
        self.own.capacity()
            + self.own_ends.capacity() * 4
            + self
                .quoted
                .iter()
                .map(|q| q.capacity() * size_of::<Quoted>())
                .sum::<usize>()
            + self
                .sources
                .iter()
                .flatten()
                .map(|s| s.text.capacity() + s.original_at.capacity() * 4)
                .sum::<usize>()
    }

    fn own_range(&self, event: usize) -> Range<usize> {
        let start = event
            .checked_sub(1)
            .and_then(|i| self.own_ends.get(i))
            .map_or(0, |&e| e as usize);
        let end = self.own_ends.get(event).map_or(start, |&e| e as usize);
        start..end
    }

    /// The events whose shared excerpts contain `word`: for each source, the word's
    /// occurrences and the excerpts, both sorted by start, are merged in one sequential pass
    /// (in two parts on two threads for many excerpts).
    fn quote_hits(&self, word: &Finder<'_>) -> QuoteHits {
        // Per source quoting the word: its excerpts, the word's places, and the earliest end of
        // a place from each one on. An excerpt contains the word exactly when that earliest end,
        // from the first place starting within the excerpt, is within it.
        let mut sweeps: Vec<SourceSweep<'_>> = Vec::new();
        for (source, quotes) in self.sources.iter().zip(&self.quoted) {
            let Some(source) = source.as_ref().filter(|_| !quotes.is_empty()) else {
                continue;
            };
            let places = source.occurrences(word);
            if places.is_empty() {
                continue;
            }
            let mut earliest_end: Vec<u32> = places.iter().map(|&(_, end)| end).collect();
            for k in (0..earliest_end.len().saturating_sub(1)).rev() {
                let next = earliest_end.get(k + 1).copied().unwrap_or(u32::MAX);
                if let Some(end) = earliest_end.get_mut(k) {
                    *end = (*end).min(next);
                }
            }
            sweeps.push(SourceSweep {
                quotes,
                places,
                earliest_end,
            });
        }
        if sweeps.is_empty() {
            return QuoteHits(Vec::new());
        }
        let words = self.own_ends.len().div_ceil(64);
        // Part `part` of `parts` of every source's excerpts.
        let sweep = |part: usize, parts: usize| {
            let mut bits = vec![0u64; words];
            for SourceSweep {
                quotes,
                places,
                earliest_end,
            } in &sweeps
            {
                let chunk = quotes.len().div_ceil(parts).max(1);
                let Some(mine) = quotes.chunks(chunk).nth(part) else {
                    continue;
                };
                let start = mine.first().map_or(0, |q| q.start);
                let mut k = places.partition_point(|&(s, _)| s < start);
                for quote in mine {
                    while places.get(k).is_some_and(|&(s, _)| s < quote.start) {
                        k += 1;
                    }
                    if earliest_end.get(k).is_some_and(|&end| end <= quote.end)
                        && let Some(word_bits) = bits.get_mut(quote.event as usize / 64)
                    {
                        *word_bits |= 1 << (quote.event % 64);
                    }
                }
            }
            bits
        };
        let quotes: usize = sweeps.iter().map(|sweep| sweep.quotes.len()).sum();
        if quotes < self.parallel_from.max(2) {
            return QuoteHits(sweep(0, 1));
        }
        std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .name("search".to_owned())
                .spawn_scoped(scope, || sweep(1, 2));
            let mut bits = sweep(0, 2);
            let second_bits = match second.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok(bits)) => bits,
                _ => sweep(1, 2),
            };
            for (bits, more) in bits.iter_mut().zip(second_bits) {
                *bits |= more;
            }
            QuoteHits(bits)
        })
    }

    /// The events of `events` containing a word, in one pass: a vectorised search through
    /// their own text, and between two events found there, those whose shared excerpts contain
    /// it.
    fn all_matching(
        &self,
        word: &Finder<'_>,
        hits: &QuoteHits,
        events: Range<usize>,
    ) -> Vec<EventIndex> {
        let mut found = Vec::new();
        let text = self.own.as_bytes();
        let (Some(first), Some(last)) = (events.clone().next(), events.clone().next_back()) else {
            return found;
        };
        let mut from = self.own_range(first).start;
        let until = self.own_range(last).end;
        // The first event not yet decided; a cursor finds the event of each match, and the
        // search goes on after that event's text.
        let mut next = first;
        while let Some(at) = text
            .get(from..until)
            .and_then(|rest| word.find(rest))
            .map(|offset| from + offset)
        {
            let mut event = next;
            while self
                .own_ends
                .get(event)
                .is_some_and(|&end| end as usize <= at)
            {
                event += 1;
            }
            if event > last {
                break;
            }
            hits.extend_with(next..event, &mut found);
            found.push(event);
            next = event + 1;
            from = self.own_ends.get(event).map_or(until, |&end| end as usize);
        }
        hits.extend_with(next..last + 1, &mut found);
        found
    }

    /// Of `candidates` (in date order, all in `events`), those containing `word`.
    fn refine(
        &self,
        candidates: &[EventIndex],
        word: &Finder<'_>,
        hits: &QuoteHits,
        events: Range<usize>,
    ) -> Vec<EventIndex> {
        if candidates.len() * REFINE_BY_PASS_SHARE > events.len() {
            // Many candidates: one vectorised pass, then keep those among the candidates.
            let all = self.all_matching(word, hits, events);
            let mut all = all.into_iter().peekable();
            return candidates
                .iter()
                .copied()
                .filter(|&event| {
                    while all.next_if(|&e| e < event).is_some() {}
                    all.peek() == Some(&event)
                })
                .collect();
        }
        candidates
            .iter()
            .copied()
            .filter(|&e| {
                let own = self
                    .own
                    .as_bytes()
                    .get(self.own_range(e))
                    .unwrap_or_default();
                hits.contains(e) || word.find(own).is_some()
            })
            .collect()
    }

    /// Runs `search` on the events in two halves on two threads when there are many, and
    /// joins the results in order.
    fn in_halves(
        &self,
        search: impl Fn(Range<usize>) -> Vec<EventIndex> + Sync,
    ) -> Vec<EventIndex> {
        let n = self.own_ends.len();
        if n < self.parallel_from.max(2) {
            return search(0..n);
        }
        let mid = n / 2;
        std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .name("search".to_owned())
                .spawn_scoped(scope, || search(mid..n));
            let mut found = search(0..mid);
            match second.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok(rest)) => found.extend(rest),
                // No thread to be had (or it failed): the second half here.
                _ => found.extend(search(mid..n)),
            }
            found
        })
    }

    /// The events containing every word of `query` (in any field, in any order), in date
    /// order. An empty query finds nothing.
    pub fn find(&self, query: &str) -> Vec<EventIndex> {
        let folded = fold_for_search(query);
        let query = Query::new(&folded);
        let hits: Vec<QuoteHits> = query.words.iter().map(|w| self.quote_hits(w)).collect();
        let Some(((first, rest), (first_hits, rest_hits))) =
            query.words.split_first().zip(hits.split_first())
        else {
            return Vec::new();
        };
        self.in_halves(|events| {
            let mut found = self.all_matching(first, first_hits, events.clone());
            for (word, hits) in rest.iter().zip(rest_hits) {
                found = self.refine(&found, word, hits, events.clone());
            }
            found
        })
    }

    /// The events matching `query`, given that `candidates` are the matches of `earlier` and
    /// hold every match of `query` (as when `query` extends `earlier`: typed on from it). Only
    /// the words of `query` that `earlier` does not have are looked for: typing "treaty o" on
    /// to "treaty of" looks for "of" among the matches, not "treaty" again. `earlier` may be
    /// empty, and `candidates` any events that hold every match.
    pub fn find_among(
        &self,
        query: &str,
        earlier: &str,
        candidates: &[EventIndex],
    ) -> Vec<EventIndex> {
        let folded = fold_for_search(query);
        if folded.split_whitespace().next().is_none() {
            return Vec::new();
        }
        let folded_earlier = fold_for_search(earlier);
        let known: Vec<&str> = folded_earlier.split_whitespace().collect();
        let words: Vec<Finder<'_>> = folded
            .split_whitespace()
            .filter(|word| !known.contains(word))
            .map(Finder::new)
            .collect();
        if words.is_empty() {
            return candidates.to_vec();
        }
        let hits: Vec<QuoteHits> = words.iter().map(|w| self.quote_hits(w)).collect();
        self.in_halves(|events| {
            let from = candidates.partition_point(|&e| e < events.start);
            let to = candidates.partition_point(|&e| e < events.end);
            let mut found = candidates.get(from..to).unwrap_or_default().to_vec();
            for (word, hits) in words.iter().zip(&hits) {
                found = self.refine(&found, word, hits, events.clone());
            }
            found
        })
    }
}

/// Whether every match of `query` is also a match of `earlier`: each earlier word begins the
/// word in the same place of `query` (typing on, as in `camp` → `camp da`).
pub fn extends_query(query: &str, earlier: &str) -> bool {
    let (query, earlier) = (fold_for_search(query), fold_for_search(earlier));
    let earlier_words: Vec<&str> = earlier.split_whitespace().collect();
    let words: Vec<&str> = query.split_whitespace().collect();
    !earlier_words.is_empty()
        && earlier_words.len() <= words.len()
        && earlier_words
            .iter()
            .zip(&words)
            .all(|(old, new)| new.starts_with(old))
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
            .filter_map(|i| timeline.events.get(i).map(|e| e.id.to_string()))
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

    fn quoting_timeline() -> Timeline {
        let json = r#"{
          "format": 1,
          "title": "Search",
          "sources": [{"id": "s", "title": "S", "file": "s.txt"}],
          "categories": [{"id": "c", "label": "C"}],
          "events": [
            {"id": "a", "title": "First", "date": "1992-01", "category": "c",
             "excerpts": [{"source": "s", "text": "Presidents met at Camp David"}]},
            {"id": "b", "title": "Second", "date": "1992-02", "category": "c",
             "excerpts": [{"source": "s", "text": "signed the Café treaty"}]},
            {"id": "c", "title": "Third", "date": "1992-03", "category": "c",
             "excerpts": [{"source": "s", "text": "Presidents  met"}]}
          ]
        }"#;
        let sources = crate::model::MemorySources::new([(
            "s.txt",
            "The Presidents met at Camp David. Later they signed the Café treaty in Paris.",
        )]);
        load_bytes(json.as_bytes(), "s.json", &sources)
            .timeline
            .expect("loads")
    }

    #[test]
    fn excerpts_shared_with_their_source_are_found_through_it() {
        let t = quoting_timeline();
        let shared: Vec<bool> = t
            .events
            .iter()
            .map(|e| t.excerpts(e).iter().all(crate::model::Excerpt::is_shared))
            .collect();
        assert_eq!(shared, [true, true, false], "exact passages are shared");
        let index = SearchIndex::new(&t);
        assert_eq!(found(&index, &t, "camp david"), ["a"]);
        assert_eq!(
            found(&index, &t, "cafe"),
            ["b"],
            "accents folded in the source"
        );
        assert_eq!(found(&index, &t, "presidents met"), ["a", "c"]);
        assert_eq!(
            found(&index, &t, "paris"),
            Vec::<String>::new(),
            "outside every excerpt"
        );
        assert_eq!(
            found(&index, &t, "later"),
            Vec::<String>::new(),
            "between excerpts"
        );
        assert_eq!(found(&index, &t, "treaty sig"), ["b"], "words in any order");
        assert_eq!(
            found(&index, &t, "treaty in"),
            Vec::<String>::new(),
            "'in' follows the excerpt in the source"
        );
        assert_eq!(
            found(&index, &t, "david. later"),
            Vec::<String>::new(),
            "a match running past the excerpt's end does not count"
        );
    }

    #[test]
    fn searching_in_two_halves_finds_the_same() {
        let t = quoting_timeline();
        let one = SearchIndex::new(&t);
        let two = SearchIndex {
            parallel_from: 2,
            ..one.clone()
        };
        for query in [
            "presidents",
            "camp",
            "e",
            "cafe treaty",
            "first",
            "zzz",
            "t r",
        ] {
            assert_eq!(two.find(query), one.find(query), "{query:?}");
            assert_eq!(
                two.find_among(query, "", &[0, 1, 2]),
                one.find(query),
                "{query:?} among all"
            );
        }
    }

    #[test]
    fn typing_on_narrows_the_last_results_to_the_same_answer() {
        let t = quoting_timeline();
        let index = SearchIndex::new(&t);
        let typed = [
            "p",
            "pr",
            "pre",
            "presidents",
            "presidents m",
            "presidents met",
            "presidents met c",
        ];
        let mut last: Option<(&str, Vec<EventIndex>)> = None;
        for query in typed {
            let narrowed = match &last {
                Some((earlier, found)) => {
                    assert!(
                        extends_query(query, earlier),
                        "{query:?} extends {earlier:?}"
                    );
                    index.find_among(query, earlier, found)
                }
                None => index.find(query),
            };
            assert_eq!(narrowed, index.find(query), "{query:?}");
            last = Some((query, narrowed));
        }
        assert!(extends_query("camp da", "camp"));
        assert!(extends_query("Camp ", "camp"));
        assert!(!extends_query("cam", "camp"), "deleting widens");
        assert!(!extends_query("david camp", "camp"), "another word first");
        assert!(!extends_query("anything", "   "), "nothing before");
    }

    proptest::proptest! {
        /// The index finds exactly the events whose fields, folded, contain every word: own
        /// text and excerpts shared with their source alike, in one pass or two halves, from
        /// scratch or narrowing earlier results.
        #[test]
        fn finds_exactly_what_a_plain_scan_finds(
            excerpts in proptest::collection::vec((0usize..60, 1usize..25, proptest::bool::ANY), 1..40),
            query in "[a-e ]{1,6}",
        ) {
            let source = "abc de cab bad ace dab eca bed cade abed dace bead cab";
            let events: Vec<String> = excerpts
                .iter()
                .enumerate()
                .map(|(i, &(start, len, own))| {
                    let start = start.min(source.len() - 1);
                    let end = (start + len).min(source.len());
                    // Some excerpts are not in the source (their own text), some are.
                    let passage = &source[start..end];
                    let text = if own || passage.trim().is_empty() {
                        format!("x{passage}")
                    } else {
                        passage.to_owned()
                    };
                    format!(
                        r#"{{"id": "e{i}", "title": "T", "date": "1990", "category": "c",
                           "excerpts": [{{"source": "s", "text": {}}}]}}"#,
                        serde_json::to_string(&text).unwrap()
                    )
                })
                .collect();
            let json = format!(
                r#"{{"format": 1, "title": "P", "sources": [{{"id": "s", "title": "S", "file": "s.txt"}}],
                   "categories": [{{"id": "c", "label": "C"}}], "events": [{}]}}"#,
                events.join(",")
            );
            let sources = crate::model::MemorySources::new([("s.txt", source)]);
            let t = load_bytes(json.as_bytes(), "p.json", &sources).timeline.expect("loads");
            let folded = fold_for_search(&query);
            let words: Vec<&str> = folded.split_whitespace().collect();
            let expected: Vec<EventIndex> = if words.is_empty() {
                Vec::new()
            } else {
                (0..t.events.len())
                    .filter(|&i| {
                        let e = &t.events[i];
                        let texts: Vec<String> = std::iter::once(fold_for_search(&e.title))
                            .chain(t.excerpts(e).iter().map(|x| fold_for_search(x.text())))
                            .collect();
                        words.iter().all(|w| texts.iter().any(|t| t.contains(w)))
                    })
                    .collect()
            };
            let index = SearchIndex::new(&t);
            let halves = SearchIndex { parallel_from: 2, ..index.clone() };
            proptest::prop_assert_eq!(index.find(&query), expected.clone());
            proptest::prop_assert_eq!(halves.find(&query), expected.clone());
            let all: Vec<EventIndex> = (0..t.events.len()).collect();
            proptest::prop_assert_eq!(index.find_among(&query, "", &all), expected.clone());
            proptest::prop_assert_eq!(halves.find_among(&query, "", &all[..1]), expected.iter().copied().filter(|&e| e == 0).collect::<Vec<_>>());
            // Typed one character at a time: each query narrows the results of the one before,
            // looking only for the words that one did not have.
            for end in 1..query.len() {
                let earlier = &query[..end];
                if extends_query(&query, earlier) {
                    let narrowed = halves.find_among(&query, earlier, &halves.find(earlier));
                    proptest::prop_assert_eq!(&narrowed, &expected, "{:?} after {:?}", query, earlier);
                }
            }
        }
    }
}
