//! Reading the events of a large file on several threads.
//!
//! One quick pass over the text finds where each item of the top-level `"events"` list starts
//! and ends (it follows strings, escapes and nesting, nothing more); a long text is passed over
//! in two halves at once, the second from a line that likely starts an event, and the halves
//! are joined when the first ends where the second assumed. The rest of the file, with
//! an empty list in place of the events, is parsed as usual; the items are then read and checked
//! one by one on every core (see `check`), so they are never all held in their raw form. Anything unexpected
//! (text that is not JSON, a second `"events"`, an item of the wrong type, deep nesting) gives
//! up and leaves the file to the ordinary one-pass reading, which reports it properly.

use std::ops::Range;

use serde::Deserialize as _;

use super::raw::{
    KnownFieldsEvent, MapOnly, RawEvent, RawFile, json_path_from_ignored, parse_fast,
};
use crate::model::locate::{JsonPath, PathSegment};

/// The deepest nesting of lists and objects a file may have (the top-level object is level 1).
pub(super) const MAX_NESTING: usize = 128;

/// Where the events list and each of its items are in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct EventsList {
    /// From `[` to `]` inclusive.
    pub list: Range<usize>,

    /// Each item, without the whitespace around it.
    pub items: Vec<Range<usize>>,
}

/// Nesting deeper than [`MAX_NESTING`], at this byte offset.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TooDeep(pub usize);

/// One pass over the text: refuses nesting deeper than [`MAX_NESTING`] anywhere (ignored
/// fields included), and finds the top-level `"events"` list and its items (`None` when the
/// text is not a well-nested JSON object with exactly one such list).
///
/// A long text is scanned in two halves at once (see [`BlockScan::then`]).
pub(super) fn scan(text: &str) -> Result<Option<EventsList>, TooDeep> {
    let halfway = (text.len() as u64 >= super::tuning().split_scan_bytes)
        .then(|| {
            let from = text.len() / 2;
            let window = text.as_bytes().get(from..).unwrap_or_default();
            item_line_start(window).map(|at| from + at)
        })
        .flatten();
    scan_in_two(text, halfway)
        .finish()
        .map(|found| found.map(|(list, _)| list))
}

/// The scan of `text`, in two halves at once when `halfway` is the start of a line: the second
/// half on another thread, assuming that it starts between two events (see
/// [`BlockScan::then`]); when it does not, the first half's scan goes on over the second.
fn scan_in_two(text: &str, halfway: Option<usize>) -> BlockScan {
    let Some((first, second)) = halfway.and_then(|at| Some((text.get(..at)?, text.get(at..)?)))
    else {
        let mut scan = BlockScan::default();
        scan.feed(text);
        return scan;
    };
    let (earlier, later) = std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            let mut scan = BlockScan::between_items(first.len());
            scan.feed(second);
            scan
        });
        let mut earlier = BlockScan::default();
        earlier.feed(first);
        let later = super::joined(later);
        (earlier, later)
    });
    let mut scan = earlier;
    if !scan.then(later) {
        if scan.gave_up {
            // A string running on past the first half (which valid JSON never has: it ends at
            // a line break) made the first half give up; the whole text decides.
            scan = BlockScan::default();
            scan.feed(text);
        } else {
            scan.feed(second);
        }
    }
    scan
}

/// Where a line that likely starts an item of the events list starts in `window` (a part of a
/// text, from anywhere): a line whose first character is `{` after a line ending in `,`. Of the
/// first few such lines, the least indented (in an indented file, an event's nested objects are
/// indented more than the event). `None` when there is none; a wrong guess costs time, never a
/// wrong scan (see [`BlockScan::then`]).
pub(super) fn item_line_start(window: &[u8]) -> Option<usize> {
    const LOOKED_AT: usize = 64;
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut best: Option<(usize, usize)> = None;
    let mut seen = 0;
    for line_break in memchr::memchr_iter(b'\n', window) {
        let start = line_break + 1;
        let before = window.get(..start).unwrap_or_default();
        let after = window.get(start..).unwrap_or_default();
        let indent = after
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let first = after.iter().find(|b| !is_space(b));
        let last_before = before.iter().rev().find(|b| !is_space(b));
        if first != Some(&b'{') || last_before != Some(&b',') {
            continue;
        }
        if best.is_none_or(|(_, least)| indent < least) {
            best = Some((start, indent));
        }
        seen += 1;
        if seen == LOOKED_AT || indent == 0 {
            break;
        }
    }
    best.map(|(start, _)| start)
}

/// The pass of [`scan`] over a text given a block at a time. Each block but the last ends with
/// a line break, which JSON text never has inside a string: a string that runs on past the end
/// of its block makes the scan give up, as an unclosed string does in the whole text.
#[derive(Debug, Default)]
pub(super) struct BlockScan {
    /// Where the scan started in the text, and where its next block starts.
    start: usize,
    offset: usize,
    depth: usize,
    /// The last string read directly in the top-level object (a key, or a value) was "events".
    last_string_is_events: bool,
    /// The value starting now is the top-level "events".
    value_is_events: bool,
    /// Inside the events list: where it started, and where the current item started.
    list_start: Option<usize>,
    item_start: Option<usize>,
    /// Just after the last byte that was not whitespace.
    token_end: usize,
    items: Vec<Range<usize>>,
    found: Option<EventsList>,
    gave_up: bool,
    too_deep: Option<usize>,
    /// The text outside the events list, with `[]` in its place, when it is kept.
    outside: Option<String>,
}

impl BlockScan {
    /// A scan that keeps the text outside the events list.
    pub fn keeping_outside() -> Self {
        Self {
            outside: Some(String::new()),
            ..Self::default()
        }
    }

    /// A scan that starts at `offset`, assuming that it is between two items of the top-level
    /// events list (after a comma) and that the text outside the list is kept: the second half
    /// of a text scanned in two (see [`then`](Self::then)).
    pub fn between_items(offset: usize) -> Self {
        Self {
            start: offset,
            offset,
            depth: 2,
            last_string_is_events: true,
            value_is_events: true,
            // Where the list started is not known here; `then` puts it in. (At 0 it makes
            // `keep_outside` keep nothing before the list's end.)
            list_start: Some(0),
            token_end: offset,
            outside: Some(String::new()),
            ..Self::default()
        }
    }

    /// Whether the scan is in the state [`between_items`](Self::between_items) assumes.
    pub fn is_between_items(&self) -> bool {
        self.depth == 2
            && self.last_string_is_events
            && self.value_is_events
            && self.list_start.is_some()
            && self.item_start.is_none()
            && self.found.is_none()
            && !self.gave_up
            && self.too_deep.is_none()
    }

    /// Makes this scan this one followed by `later`, a scan
    /// [`between_items`](Self::between_items) from where this one stopped: exactly the scan of
    /// both texts in one, when this one ended between two items of the events list (as `later`
    /// assumed). Otherwise leaves this scan as it is, to be fed the rest, and returns `false`.
    #[must_use = "when the scans cannot be joined, this one is to be fed the rest"]
    pub fn then(&mut self, later: Self) -> bool {
        if !self.is_between_items() || later.start != self.offset {
            return false;
        }
        let list_start = self.list_start.unwrap_or_default();
        let mut items = std::mem::take(&mut self.items);
        let found = later.found.map(|found| {
            items.extend(found.items);
            EventsList {
                list: list_start..found.list.end,
                items: std::mem::take(&mut items),
            }
        });
        items.extend(later.items);
        let outside = self.outside.take().map(|mut outside| {
            outside.push_str(later.outside.as_deref().unwrap_or_default());
            outside
        });
        *self = Self {
            start: self.start,
            offset: later.offset,
            depth: later.depth,
            last_string_is_events: later.last_string_is_events,
            value_is_events: later.value_is_events,
            list_start: later.list_start.map(|_| list_start),
            item_start: later.item_start,
            token_end: later.token_end,
            items,
            found,
            gave_up: later.gave_up,
            too_deep: later.too_deep,
            outside,
        };
        true
    }

    /// Scans the next block; `false` once the scan has given up or found nesting too deep.
    pub fn feed(&mut self, block: &str) -> bool {
        if !self.gave_up && self.too_deep.is_none() {
            self.gave_up = self.scan_block(block).is_none();
            self.keep_outside(block);
        }
        self.offset += block.len();
        !self.gave_up && self.too_deep.is_none()
    }

    /// The events list, and the text outside it if it was kept (see [`scan`]).
    pub fn finish(self) -> Result<Option<(EventsList, Option<String>)>, TooDeep> {
        if let Some(offset) = self.too_deep {
            return Err(TooDeep(offset));
        }
        if self.gave_up || self.depth != 0 {
            return Ok(None);
        }
        Ok(self.found.map(|list| (list, self.outside)))
    }

    fn scan_block(&mut self, block: &str) -> Option<()> {
        let bytes = block.as_bytes();
        let base = self.offset;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_whitespace() {
                // Indentation comes in runs: skip each run in one tight loop.
                let rest = bytes.get(i + 1..).unwrap_or_default();
                i += 1 + rest.iter().take_while(|c| c.is_ascii_whitespace()).count();
                continue;
            }
            let at = base + i;
            let in_list = self.list_start.is_some() && self.depth == 2;
            if in_list && self.item_start.is_none() && b != b',' && b != b']' {
                self.item_start = Some(at);
            }
            match b {
                b'"' => {
                    let start = i + 1;
                    let mut j = start;
                    let end = loop {
                        let k = memchr::memchr2(b'"', b'\\', bytes.get(j..)?)?;
                        if bytes.get(j + k) == Some(&b'\\') {
                            j += k + 2;
                        } else {
                            break j + k;
                        }
                    };
                    if self.depth == 1 {
                        self.last_string_is_events = block.get(start..end) == Some("events");
                    }
                    i = end + 1;
                    self.token_end = base + i;
                    continue;
                }
                b':' if self.depth == 1 => self.value_is_events = self.last_string_is_events,
                b',' if self.depth == 1 => self.value_is_events = false,
                b',' if in_list => self.items.push(self.item_start.take()?..self.token_end),
                b'{' | b'[' => {
                    if self.depth == 1 && b == b'[' && self.value_is_events {
                        if self.found.is_some() || self.list_start.is_some() {
                            return None;
                        }
                        self.list_start = Some(at);
                    }
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        self.too_deep = Some(at);
                        return Some(());
                    }
                }
                b'}' | b']' => {
                    if in_list && b == b']' {
                        if let Some(start) = self.item_start.take() {
                            self.items.push(start..self.token_end);
                        }
                        self.found = Some(EventsList {
                            list: self.list_start.take()?..at + 1,
                            items: std::mem::take(&mut self.items),
                        });
                        self.value_is_events = false;
                    }
                    self.depth = self.depth.checked_sub(1)?;
                }
                _ => {}
            }
            i += 1;
            self.token_end = base + i;
        }
        Some(())
    }

    /// Adds the block's text outside the events list to the text kept, `[]` for the list.
    fn keep_outside(&mut self, block: &str) {
        let Some(outside) = self.outside.as_mut() else {
            return;
        };
        let (base, end) = (self.offset, self.offset + block.len());
        let list_start = self
            .found
            .as_ref()
            .map(|f| f.list.start)
            .or(self.list_start);
        let list_end = self.found.as_ref().map(|f| f.list.end);
        let start = list_start.unwrap_or(usize::MAX);
        if base < start {
            outside.push_str(block.get(..start.min(end) - base).unwrap_or_default());
        }
        if (base..end).contains(&start) {
            outside.push_str("[]");
        }
        if let Some(list_end) = list_end.filter(|&e| e < end) {
            outside.push_str(block.get(list_end.max(base) - base..).unwrap_or_default());
        }
    }
}

/// One item of the events list, read as the one-pass reading would read it there.
pub(super) fn parse_item<'t>(
    text: &'t str,
    index: usize,
    unknown: &mut Vec<JsonPath>,
) -> Option<RawEvent<'t>> {
    // Most events have only fields the format knows: read them without noting unknown ones
    // (see `KnownFieldsEvent`).
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let known = MapOnly::<KnownFieldsEvent<'t>>::deserialize(&mut deserializer)
        .ok()
        .filter(|_| deserializer.end().is_ok());
    let mut event = if let Some(MapOnly(event)) = known {
        RawEvent::from(event)
    } else {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let MapOnly(event): MapOnly<RawEvent<'t>> =
            serde_ignored::deserialize(&mut deserializer, |path| {
                let mut full = vec![
                    PathSegment::Key("events".to_owned()),
                    PathSegment::Index(index),
                ];
                full.extend(json_path_from_ignored(&path));
                unknown.push(full);
            })
            .ok()?;
        deserializer.end().ok()?;
        event
    };
    event.index = index;
    for (j, excerpt) in event.excerpts.iter_mut().flatten().enumerate() {
        excerpt.index = j;
    }
    Some(event)
}

/// For files with many events (`events` from [`scan`]): everything but the events, read the
/// fast way with an empty list in place of the events, which are then read and checked together
/// on every core (see `check`); with the text that was read (the file's, with `[]` in place of
/// the events list). `None` when the file is small, there is one core, or the rest is not what
/// the fast path reads (the caller then reads the file in one pass).
pub(super) fn parse_head(
    text: &str,
    events: &EventsList,
) -> Option<(RawFile<'static>, Vec<JsonPath>, String)> {
    let EventsList { list, items } = events;
    if !worth_parts(items.len()) {
        return None;
    }
    let mut rest = String::with_capacity(text.len() - list.len() + 2);
    rest.push_str(text.get(..list.start)?);
    rest.push_str("[]");
    rest.push_str(text.get(list.end..)?);
    parse_around(rest, items.len())
}

/// Whether `events` events are worth reading in parts (there are many, and several cores).
fn worth_parts(events: usize) -> bool {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    threads >= 2 && events >= super::tuning().parallel_events
}

/// [`parse_head`] from the file's text with `[]` in place of its `events` events.
pub(super) fn parse_around(
    rest: String,
    events: usize,
) -> Option<(RawFile<'static>, Vec<JsonPath>, String)> {
    if !worth_parts(events) {
        return None;
    }
    // Everything but the events is owned text, so it outlives `rest`.
    let (head, unknown) = parse_fast(&rest)?;
    let RawFile {
        format,
        title,
        description,
        sources,
        categories,
        events,
        tour,
        view,
    } = head;
    let head = RawFile {
        format,
        title,
        description,
        sources,
        categories,
        events: events.map(|_| Vec::new()),
        tour,
        view,
    };
    Some((head, unknown, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<'t>(text: &'t str, found: &EventsList) -> Vec<&'t str> {
        found
            .items
            .iter()
            .map(|r| text.get(r.clone()).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn finds_each_item_of_the_top_level_events_list() {
        let text = r#"{ "title": "events", "x": {"events": [9]},
            "events" : [ {"id": "a", "t": "}, {\"]"} ,
              {"id": "b", "n": [1, [2]]}
            ], "tour": ["a"] }"#;
        let found = scan(text).expect("not deep").expect("found");
        assert_eq!(
            items(text, &found),
            [
                r#"{"id": "a", "t": "}, {\"]"}"#,
                r#"{"id": "b", "n": [1, [2]]}"#
            ]
        );
        assert!(
            text.get(found.list.clone())
                .is_some_and(|l| l.starts_with('[') && l.ends_with(']'))
        );
    }

    #[test]
    fn blocks_ending_at_line_breaks_scan_as_the_whole_text() {
        let text = "{ \"title\": \"events\",\n \"events\" : [\n {\"id\": \"a\", \"t\": \"}, {\\\"]\"} ,\n  {\"id\": \"b\",\n \"n\": [1, [2]]}\n  ], \"tour\": [\"a\"]\n}";
        let whole = scan(text).expect("not deep").expect("found");
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for lines_per_block in 1..=lines.len() {
            let mut scan = BlockScan::keeping_outside();
            for block in lines.chunks(lines_per_block) {
                assert!(
                    scan.feed(&block.concat()),
                    "{lines_per_block} lines a block"
                );
            }
            let (found, outside) = scan.finish().expect("not deep").expect("found");
            assert_eq!(found, whole, "{lines_per_block} lines a block");
            let list = whole.list.clone();
            assert_eq!(
                outside,
                Some(format!("{}[]{}", &text[..list.start], &text[list.end..])),
                "{lines_per_block} lines a block"
            );
        }
        // A string that runs past its block has a line break in it: the scan gives up.
        let mut scan = BlockScan::default();
        scan.feed("{\"events\": [{\"t\": \"a\n");
        scan.feed("b\"}]}");
        assert_eq!(scan.finish(), Ok(None));
    }

    /// The scan of each text in one pass, and in two halves from every line start (most of
    /// which are not between two events: the first half's scan then goes on alone).
    fn assert_halves_scan_as_one(text: &str) {
        let whole = |scan: BlockScan| scan.finish();
        let mut one = BlockScan::default();
        one.feed(text);
        let one = whole(one);
        for (at, _) in text.match_indices('\n') {
            let halves = whole(scan_in_two(text, Some(at + 1)));
            assert_eq!(halves, one, "halves from byte {} of {text}", at + 1);
        }
        let mut kept = BlockScan::keeping_outside();
        kept.feed(text);
        let kept = kept.finish();
        for (at, _) in text.match_indices('\n') {
            let (first, second) = text.split_at(at + 1);
            let mut earlier = BlockScan::keeping_outside();
            earlier.feed(first);
            let mut later = BlockScan::between_items(first.len());
            later.feed(second);
            if !earlier.then(later) {
                earlier.feed(second);
            }
            assert_eq!(earlier.finish(), kept, "outside kept, from byte {}", at + 1);
        }
    }

    #[test]
    fn a_text_scanned_in_two_halves_scans_as_in_one() {
        let events = |count: usize| -> String {
            (0..count)
                .map(|i| {
                    format!(
                        "    {{\n      \"id\": \"e{i}\",\n      \"t\": \"}},\\n{{ [\\\"\",\n      \"excerpts\": [\n        {{\"text\": \"a\"}},\n        {{\"text\": \"b\"}}\n      ]\n    }}"
                    )
                })
                .collect::<Vec<_>>()
                .join(",\n")
        };
        for count in [0, 1, 2, 5] {
            let pretty = format!(
                "{{\n  \"title\": \"events\",\n  \"events\": [\n{}\n  ],\n  \"tour\": [\"e0\",\n \"e1\"]\n}}\n",
                events(count)
            );
            assert_halves_scan_as_one(&pretty);
            // One event a line, as compact files have them.
            assert_halves_scan_as_one(&pretty.replace("\n      ", " ").replace("\n        ", " "));
        }
        // Problems in the second half: a second events list, nesting too deep, a list that
        // does not end, an item missing, a trailing comma.
        let deep = format!("{}1{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        for text in [
            "{\"events\": [\n{\"id\": 1},\n{\"id\": 2}\n], \"events\": [\n{},\n{}\n]}".to_owned(),
            format!("{{\"events\": [\n{{\"id\": 1}},\n{{\"x\": {deep}}}\n]}}"),
            "{\"events\": [\n{\"id\": 1},\n{\"id\": 2}\n".to_owned(),
            "{\"events\": [\n{\"id\": 1},\n,\n{\"id\": 2}\n]}".to_owned(),
            "{\"events\": [\n{\"id\": 1},\n{\"id\": 2},\n]}".to_owned(),
            "{\"events\": 5, \"x\": [\n{\"id\": 1},\n{\"id\": 2}\n]}".to_owned(),
        ] {
            assert_halves_scan_as_one(&text);
        }
    }

    #[test]
    fn the_halfway_line_is_the_least_indented_item_start_near_by() {
        let text = "  \"a\": 1\n    },\n      {\"x\": 1},\n    {\n      \"b\": 2\n";
        let at = item_line_start(text.as_bytes()).expect("a line starting with {");
        assert!(text[at..].starts_with("    {\n"), "{}", &text[at..]);
        assert_eq!(item_line_start(b"{\"a\": [1,\n2]}"), None);
        assert_eq!(item_line_start(b"[{},{},{}]"), None, "one line");
    }

    #[test]
    fn gives_up_on_anything_unexpected() {
        for text in [
            r#"{"events": [{"id": "a"}], "events": []}"#,
            r#"{"events": [{"id": "a"}"#,
            r#"{"events": [{"id": "a}]}"#,
            r#"{"title": "no events"}"#,
        ] {
            assert_eq!(scan(text), Ok(None), "{text}");
        }
        assert_eq!(
            scan(r#"{"events": []}"#).map(|f| f.map(|f| f.items.len())),
            Ok(Some(0))
        );
    }

    #[test]
    fn nesting_is_limited_everywhere() {
        // Level 1 is the top-level object, 2 the events list, 3 an event, 4 "x", then lists.
        let nested = |lists: usize| {
            format!(
                r#"{{"events": [{{"x": [{}1{}]}}]}}"#,
                "[".repeat(lists),
                "]".repeat(lists)
            )
        };
        assert!(scan(&nested(MAX_NESTING - 4)).is_ok(), "at the limit");
        assert_eq!(
            scan(&nested(MAX_NESTING - 3)),
            Err(TooDeep(r#"{"events": [{"x": ["#.len() + MAX_NESTING - 4)),
            "one past, at the bracket that goes too deep"
        );
        let in_a_string = format!(r#"{{"t": "{}"}}"#, "[".repeat(1000));
        assert_eq!(
            scan(&in_a_string),
            Ok(None),
            "brackets in text do not count"
        );
    }
}
