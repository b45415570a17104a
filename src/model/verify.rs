//! The excerpt verification rule.
//!
//! An excerpt is verified when its text, with every run of whitespace collapsed to one space and
//! both ends trimmed, occurs in the source text treated the same way. Nothing else is normalised:
//! case, punctuation, quote characters and `--` must match exactly.
//!
//! A source is normalised once and indexed twice: a table of where each 16-byte window first
//! occurs finds most excerpts in one probe, and a suffix array finds the rest (short ones, and
//! those that occur only after their first window's first place). Each excerpt is thus looked
//! up in time proportional to its own length, not the source's: a million excerpts against a
//! source of a few hundred KB verify in about half a second on one core.

use std::ops::Range;
use std::sync::Arc;

use suffix::SuffixTable;

/// Collapses every whitespace run to one space and trims both ends.
pub fn normalize_whitespace(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    normalize_into(text, &mut normalized);
    normalized
}

/// [`normalize_whitespace`] appended to `out`.
///
/// Copies runs of text at a time: a single ASCII space between two words stays inside the
/// run, so a line of prose is one copy. The loop that finds a run's end steps over printable
/// ASCII bytes, and a space followed by one, with one comparison each; only other bytes are
/// looked at closer (non-ASCII characters are decoded, to find Unicode whitespace such as the
/// no-break space). A million excerpts go through it.
fn normalize_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let printable = |byte: u8| (b'!'..=b'~').contains(&byte);
    let mut first_run = true;
    let mut i = 0;
    loop {
        // Whitespace before the run.
        let start = loop {
            let Some(&byte) = bytes.get(i) else {
                return;
            };
            if !starts_whitespace(text, i, byte) {
                break i;
            }
            i += utf8_len(byte);
        };
        // The run: up to whitespace other than a single space before more text.
        while let Some(&byte) = bytes.get(i) {
            if printable(byte) {
                i += 1;
            } else if byte == b' ' {
                match bytes.get(i + 1) {
                    Some(&next) if printable(next) => i += 2,
                    Some(&next) if !starts_whitespace(text, i + 1, next) => i += 1,
                    _ => break,
                }
            } else if starts_whitespace(text, i, byte) {
                break;
            } else {
                i += utf8_len(byte);
            }
        }
        push_run(out, text.get(start..i).unwrap_or_default(), &mut first_run);
    }
}

/// Appends a run of text, with one space before it unless it is the first.
fn push_run(out: &mut String, run: &str, first: &mut bool) {
    if !std::mem::take(first) {
        out.push(' ');
    }
    out.push_str(run);
}

/// Whether an ASCII byte is whitespace as [`char::is_whitespace`] says (which, unlike
/// [`u8::is_ascii_whitespace`], counts the vertical tab).
fn is_ascii_whitespace(byte: u8) -> bool {
    byte == b' ' || (b'\t'..=b'\r').contains(&byte)
}

/// Whether the character starting at byte `i` of `text` (whose first byte is `byte`) is
/// whitespace.
fn starts_whitespace(text: &str, i: usize, byte: u8) -> bool {
    if byte < 0x80 {
        return is_ascii_whitespace(byte);
    }
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_whitespace)
}

/// The length in bytes of the UTF-8 character that starts with `first` (1 for a stray
/// continuation byte, which a `str` never starts a character with).
fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

thread_local! {
    /// Room for normalising excerpts, kept between lookups (a million excerpts need no
    /// allocation each).
    static NEEDLE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The normalised text and, for each of its bytes, the byte offset it came from in `text`.
fn normalize_with_offsets(text: &str) -> (String, Vec<u32>) {
    let mut normalized = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (offset, ch) in text.char_indices() {
        if ch.is_whitespace() {
            pending_space.get_or_insert(offset);
            continue;
        }
        if let Some(space_offset) = pending_space.take()
            && !normalized.is_empty()
        {
            normalized.push(' ');
            offsets.push(space_offset as u32);
        }
        normalized.push(ch);
        for i in 0..ch.len_utf8() {
            offsets.push((offset + i) as u32);
        }
    }
    (normalized, offsets)
}

/// The most text, in bytes, whose indexes are kept for the next load (an index takes fourteen
/// to nineteen times its text: the normalised text, four bytes of offset and four of suffix
/// array for each of its bytes, and five to ten of window table).
const KEPT_INDEX_TEXT_BYTES: usize = 8 << 20;

/// The indexes of the source texts verified last, newest first, with their texts.
static KEPT_INDEXES: std::sync::Mutex<Vec<(Arc<str>, Arc<SourceIndex>)>> =
    std::sync::Mutex::new(Vec::new());

/// The index of `text`: the one kept from an earlier load when the text is the same (the
/// editor checks the whole file after every change, and a 300 KB source takes about 20 ms to
/// index), else a new one, kept for next time when the kept texts stay under
/// [`KEPT_INDEX_TEXT_BYTES`].
pub fn shared_index(text: &Arc<str>) -> Arc<SourceIndex> {
    let same = |kept: &Arc<str>| Arc::ptr_eq(kept, text) || **kept == **text;
    if let Ok(mut kept) = KEPT_INDEXES.lock()
        && let Some(position) = kept.iter().position(|(kept_text, _)| same(kept_text))
    {
        let entry = kept.remove(position);
        let index = Arc::clone(&entry.1);
        kept.insert(0, entry);
        return index;
    }
    let index = Arc::new(SourceIndex::new(text));
    if text.len() <= KEPT_INDEX_TEXT_BYTES
        && let Ok(mut kept) = KEPT_INDEXES.lock()
    {
        kept.insert(0, (Arc::clone(text), Arc::clone(&index)));
        let mut total = 0;
        kept.retain(|(kept_text, _)| {
            total += kept_text.len();
            total <= KEPT_INDEX_TEXT_BYTES
        });
    }
    index
}

/// A source text prepared for looking up many excerpts.
pub struct SourceIndex {
    table: SuffixTable<'static, 'static>,
    /// Byte offset in the original text of each byte of the normalised text.
    offsets: Vec<u32>,
    /// Where each distinct window of the normalised text first occurs.
    heads: FirstWindows,
}

impl SourceIndex {
    /// Normalises and indexes a source text.
    pub fn new(text: &str) -> Self {
        let (normalized, offsets) = normalize_with_offsets(text);
        let heads = FirstWindows::new(normalized.as_bytes());
        Self {
            table: SuffixTable::new(normalized),
            offsets,
            heads,
        }
    }

    /// Where the excerpt occurs in the original source text (its first occurrence), as a byte
    /// range, or `None` when it does not occur. An excerpt that is empty after normalisation
    /// never matches.
    pub fn find(&self, excerpt: &str) -> Option<Range<usize>> {
        // Normalising every excerpt costs less than first checking whether it needs it.
        NEEDLE.with_borrow_mut(|needle| {
            needle.clear();
            normalize_into(excerpt, needle);
            self.find_normalized(needle)
        })
    }

    /// [`find`](Self::find) for an excerpt already normalised.
    fn find_normalized(&self, needle: &str) -> Option<Range<usize>> {
        if needle.is_empty() {
            return None;
        }
        let text = self.table.text().as_bytes();
        let start = match self.heads.first(text, needle.as_bytes()) {
            Head::At(start) => start,
            Head::Absent => return None,
            // Short, or not at its first window's first place: the suffix array finds it.
            Head::Unknown => *self.table.positions(needle).iter().min()? as usize,
        };
        let end = start + needle.len();
        let original_start = *self.offsets.get(start)? as usize;
        // The needle never ends in whitespace, so its last byte maps to one original byte.
        let original_end = *self.offsets.get(end - 1)? as usize + 1;
        Some(original_start..original_end)
    }
}

/// The length in bytes of the windows [`FirstWindows`] holds.
const WINDOW_BYTES: usize = 16;

/// Where each distinct [`WINDOW_BYTES`]-byte window of a text first occurs, in an open-addressed
/// hash table of positions. Most excerpts are found at the first place their first window
/// occurs: one probe and one comparison, where the suffix array's binary search takes about
/// forty comparisons, each a step to another part of the text. An excerpt whose first window
/// does not occur at all is not in the text.
struct FirstWindows {
    /// A position in the text, or `EMPTY`; the table's length is a power of two.
    slots: Box<[u32]>,
    /// The hash's top bits index the table: it is shifted right by this.
    shift: u32,
}

/// What [`FirstWindows`] knows of where a needle occurs first.
#[derive(Debug)]
enum Head {
    /// It occurs first at this position.
    At(usize),
    /// It does not occur.
    Absent,
    /// It is too short to have a window, or it does not occur where its first window first
    /// does (it may occur later).
    Unknown,
}

impl FirstWindows {
    const EMPTY: u32 = u32::MAX;

    fn new(text: &[u8]) -> Self {
        let windows = (text.len() + 1).saturating_sub(WINDOW_BYTES);
        // Positions must fit beside the empty mark.
        if windows == 0 || text.len() >= Self::EMPTY as usize {
            return Self {
                slots: Box::new([]),
                shift: 0,
            };
        }
        // At most four slots in five are used, so probes stay short.
        let len = (windows + windows / 4 + 1).next_power_of_two();
        let mut slots = vec![Self::EMPTY; len].into_boxed_slice();
        let (mask, shift) = (len - 1, u64::BITS - len.trailing_zeros());
        for (position, window) in text.windows(WINDOW_BYTES).enumerate() {
            let mut slot = (window_hash(window) >> shift) as usize;
            // Positions come in order, so the first one stored for a window is its first.
            while let Some(kept) = slots.get_mut(slot) {
                if *kept == Self::EMPTY {
                    *kept = position as u32;
                    break;
                }
                if text.get(*kept as usize..*kept as usize + WINDOW_BYTES) == Some(window) {
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        Self { slots, shift }
    }

    /// Where `needle` occurs first in `text` (the text the table was built from), if this
    /// table can tell.
    fn first(&self, text: &[u8], needle: &[u8]) -> Head {
        let Some(window) = needle.get(..WINDOW_BYTES) else {
            return Head::Unknown;
        };
        if self.slots.is_empty() {
            return Head::Unknown;
        }
        let mask = self.slots.len() - 1;
        let mut slot = (window_hash(window) >> self.shift) as usize;
        loop {
            match self.slots.get(slot) {
                Some(&Self::EMPTY) | None => return Head::Absent,
                Some(&kept) => {
                    let kept = kept as usize;
                    let here = text.get(kept..).unwrap_or_default();
                    if here.starts_with(window) {
                        return if here.starts_with(needle) {
                            Head::At(kept)
                        } else {
                            Head::Unknown
                        };
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A hash of a [`WINDOW_BYTES`]-byte window: its two halves mixed by multiplication, which
/// mixes the high bits best (the table is indexed by those).
fn window_hash(window: &[u8]) -> u64 {
    let half = |range: Range<usize>| {
        window
            .get(range)
            .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
            .map_or(0, u64::from_le_bytes)
    };
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    (half(0..8).wrapping_mul(K).rotate_left(31) ^ half(8..16)).wrapping_mul(K)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_collapse_on_both_sides() {
        let source = "Advancing U.S. Relations \n        with Russia and the other\tStates \n";
        let index = SourceIndex::new(source);
        let range = index
            .find("Advancing U.S. Relations with Russia")
            .expect("line break and indentation count as one space");
        assert_eq!(
            &source[range],
            "Advancing U.S. Relations \n        with Russia"
        );
        assert!(
            index.find("  Relations\n\nwith   Russia ").is_some(),
            "excerpt side too"
        );
        assert!(index.find("other States").is_some(), "a tab is whitespace");
    }

    #[test]
    fn nothing_but_whitespace_is_normalised() {
        let index =
            SourceIndex::new("the goal of containment has been met -- the development \"allies,\"");
        assert!(index.find("met -- the development").is_some());
        assert!(
            index.find("met — the development").is_none(),
            "dash is not --"
        );
        assert!(
            index.find("met--the development").is_none(),
            "spaces around -- matter"
        );
        assert!(index.find("The goal").is_none(), "case matters");
        assert!(
            index.find("\u{201c}allies,\u{201d}").is_none(),
            "curly quotes are not straight"
        );
        assert!(index.find("\"allies,\"").is_some());
        assert!(
            index.find("goal of containment.").is_none(),
            "punctuation matters"
        );
    }

    #[test]
    fn empty_excerpts_never_match_and_ranges_map_back_to_the_source() {
        let source = "  café  au\u{a0}lait  ";
        let index = SourceIndex::new(source);
        assert_eq!(index.find("   "), None);
        assert_eq!(index.find(""), None);
        let range = index
            .find("café au lait")
            .expect("non-breaking space is whitespace");
        assert_eq!(&source[range], "café  au\u{a0}lait");
        assert_eq!(normalize_whitespace(source), "café au lait");
    }

    /// The normalisation as first written: split into words, join with one space.
    fn normalize_by_words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn normalising_copies_runs_as_splitting_into_words_would() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            "  a  b  ",
            "a\u{b}b",
            "a \u{a0}b",
            "a\u{a0}\u{a0}b ",
            "é ü\n\tö",
            "the Cold War\u{2029}is over.",
            "x \u{3000}",
            " \u{85}y",
            "a  b c\r\nd",
        ] {
            assert_eq!(
                normalize_whitespace(text),
                normalize_by_words(text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn normalising_matches_splitting_into_words(
            text in "([a-zé€ .,!~]|\\s|\u{a0}|\u{2028}|\u{85}|\u{b}|\u{1}|\u{1c}|\u{7f}){0,40}"
        ) {
            proptest::prop_assert_eq!(normalize_whitespace(&text), normalize_by_words(&text));
        }
    }

    #[test]
    fn an_index_is_kept_for_the_same_text_and_never_given_for_another() {
        let text: Arc<str> = Arc::from("The Berlin Wall opened on 9 November 1989.");
        let first = shared_index(&text);
        // The same words, read again from the file: a new allocation, the same index.
        let again: Arc<str> = Arc::from(text.to_string());
        assert!(Arc::ptr_eq(&first, &shared_index(&again)));
        let other: Arc<str> = Arc::from("The Berlin Wall opened on 9 November 1990.");
        let index = shared_index(&other);
        assert!(!Arc::ptr_eq(&first, &index));
        assert!(index.find("November 1990").is_some());
        assert!(index.find("November 1989").is_none());
    }

    proptest::proptest! {
        /// The window table answers as a plain search of the normalised text does, on texts of
        /// a few letters (so that windows repeat, and excerpts occur at a window's later
        /// places) with needles taken from the text or made up.
        #[test]
        fn the_first_place_found_is_the_first_place_in_the_text(
            text in "[ab \n]{0,300}",
            needles in proptest::collection::vec(
                (0usize..300, 0usize..60, "[ab ]{0,40}", proptest::bool::ANY),
                1..20,
            ),
        ) {
            let index = SourceIndex::new(&text);
            let normalized = normalize_whitespace(&text);
            for (start, len, made_up, from_text) in needles {
                let needle = if from_text {
                    let start = start.min(text.len());
                    text.get(start..(start + len).min(text.len())).unwrap_or_default().to_owned()
                } else {
                    made_up
                };
                let plain = normalize_whitespace(&needle);
                let expected = (!plain.is_empty())
                    .then(|| normalized.find(&plain))
                    .flatten();
                let found = index.find(&needle);
                proptest::prop_assert_eq!(
                    found.as_ref().map(|range| normalize_whitespace(&text[range.clone()])),
                    expected.map(|_| plain.clone()),
                    "{:?} in {:?}", needle, text
                );
                if let (Some(range), Some(at)) = (found, expected) {
                    // The first place: no earlier match in the source either.
                    proptest::prop_assert_eq!(
                        normalize_whitespace(&text[..range.start]).len()
                            + usize::from(text[..range.start].ends_with(char::is_whitespace)
                                && !normalize_whitespace(&text[..range.start]).is_empty()),
                        at
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_excerpt_is_found_past_the_first_place_of_its_first_window() {
        let source = "the treaty was signed in May; the treaty was signed in June";
        let index = SourceIndex::new(source);
        let range = index.find("the treaty was signed in June").unwrap();
        assert_eq!(&source[range], "the treaty was signed in June");
        let range = index.find("the treaty was signed in May").unwrap();
        assert_eq!(range.start, 0);
        assert_eq!(index.find("the treaty was signed in April"), None);
        assert_eq!(index.find("a treaty nobody signed at all"), None);
    }

    #[test]
    fn first_occurrence_is_reported() {
        let source = "April 23, 1993 and again April 23, 1993";
        let range = SourceIndex::new(source).find("April 23, 1993").unwrap();
        assert_eq!(range, 0..14);
    }
}
