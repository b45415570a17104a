//! Reading the events of a large file on several threads.
//!
//! One quick pass over the text finds where each item of the top-level `"events"` list starts
//! and ends (it follows strings, escapes and nesting, nothing more). The rest of the file, with
//! an empty list in place of the events, is parsed as usual; the items are then read and checked
//! one by one on every core (see `check`), so they are never all held in their raw form. Anything unexpected
//! (text that is not JSON, a second `"events"`, an item of the wrong type, deep nesting) gives
//! up and leaves the file to the ordinary one-pass reading, which reports it properly.

use std::ops::Range;

use super::raw::{MapOnly, RawEvent, RawFile, json_path_from_ignored, parse_fast};
use crate::model::locate::{JsonPath, PathSegment};

/// Files with fewer events than this are read in one pass (threads would not pay).
const PARALLEL_PARSE_EVENTS: usize = 20_000;

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
pub(super) fn scan(text: &str) -> Result<Option<EventsList>, TooDeep> {
    let mut too_deep = None;
    let found = find_events(text, &mut too_deep);
    match too_deep {
        Some(offset) => Err(TooDeep(offset)),
        None => Ok(found),
    }
}

fn find_events(text: &str, too_deep: &mut Option<usize>) -> Option<EventsList> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // The last string read directly in the top-level object (a key, or a value).
    let mut last_string = 0..0;
    // The value starting now is the top-level "events".
    let mut value_is_events = false;
    // Inside the events list: where it started, and where the current item started.
    let mut list_start: Option<usize> = None;
    let mut item_start: Option<usize> = None;
    let mut found: Option<EventsList> = None;
    let mut items = Vec::new();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_whitespace() {
            // Indentation comes in runs: skip each run in one tight loop.
            let rest = bytes.get(i + 1..).unwrap_or_default();
            i += 1 + rest.iter().take_while(|c| c.is_ascii_whitespace()).count();
            continue;
        }
        let in_list = list_start.is_some() && depth == 2;
        if in_list && item_start.is_none() && b != b',' && b != b']' {
            item_start = Some(i);
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
                if depth == 1 {
                    last_string = start..end;
                }
                i = end + 1;
                continue;
            }
            b':' if depth == 1 => value_is_events = text.get(last_string.clone()) == Some("events"),
            b',' if depth == 1 => value_is_events = false,
            b',' if in_list => {
                items.push(trimmed(text, item_start.take()?, i));
            }
            b'{' | b'[' => {
                if depth == 1 && b == b'[' && value_is_events {
                    if found.is_some() || list_start.is_some() {
                        return None;
                    }
                    list_start = Some(i);
                }
                depth += 1;
                if depth > MAX_NESTING {
                    *too_deep = Some(i);
                    return None;
                }
            }
            b'}' | b']' => {
                if in_list && b == b']' {
                    if let Some(start) = item_start.take() {
                        items.push(trimmed(text, start, i));
                    }
                    found = Some(EventsList {
                        list: list_start.take()?..i + 1,
                        items: std::mem::take(&mut items),
                    });
                    value_is_events = false;
                }
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    found
}

fn trimmed(text: &str, start: usize, end: usize) -> Range<usize> {
    let item = text.get(start..end).unwrap_or_default();
    start..start + item.trim_end().len()
}

/// One item of the events list, read as the one-pass reading would read it there.
pub(super) fn parse_item<'t>(
    text: &'t str,
    index: usize,
    unknown: &mut Vec<JsonPath>,
) -> Option<RawEvent<'t>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let MapOnly(mut event): MapOnly<RawEvent<'t>> =
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
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < PARALLEL_PARSE_EVENTS {
        return None;
    }
    let mut rest = String::with_capacity(text.len() - list.len() + 2);
    rest.push_str(text.get(..list.start)?);
    rest.push_str("[]");
    rest.push_str(text.get(list.end..)?);
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
