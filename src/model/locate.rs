//! Finds the line and column of JSON values and keys by their path.
//!
//! `serde_json` reports positions only for syntax errors. Problems found later (a bad date in the
//! 40th event) carry the JSON path of the offending value; once validation is done, one pass over
//! the text resolves every such path to a line and column. The pass runs only when there is
//! something to report, skips subtrees that hold no wanted path, and uses an explicit stack, so it
//! cannot overflow on deep nesting.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::problem::TextLocation;

/// One step in a JSON path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// A member of an object.
    Key(String),

    /// An element of an array.
    Index(usize),
}

/// The path from the document root to a value.
pub type JsonPath = Vec<PathSegment>;

/// Which position of a member to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The first character of the value.
    Value,

    /// The opening quote of the member's key (the path must end in a key).
    Key,
}

/// Resolves each wanted `(path, anchor)` to its location in `text`, in the same order.
///
/// `text` should be JSON that `serde_json` accepted; on anything else the pass stops early and the
/// unresolved entries stay `None`.
pub fn locate_all(text: &str, wanted: &[(JsonPath, Anchor)]) -> Vec<Option<TextLocation>> {
    let mut found = vec![None; wanted.len()];
    if wanted.is_empty() {
        return found;
    }
    let mut targets: HashMap<(&[PathSegment], Anchor), Vec<usize>> = HashMap::default();
    let mut prefixes: HashSet<&[PathSegment]> = HashSet::default();
    for (i, (path, anchor)) in wanted.iter().enumerate() {
        targets
            .entry((path.as_slice(), *anchor))
            .or_default()
            .push(i);
        for len in 0..=path.len() {
            prefixes.insert(&path[..len]);
        }
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut record = |path: &[PathSegment], anchor: Anchor, scanner: &Scanner<'_>| {
        if let Some(indexes) = targets.get(&(path, anchor)) {
            let location = scanner.location();
            for &i in indexes {
                if let Some(slot) = found.get_mut(i) {
                    *slot = Some(location);
                }
            }
        }
    };
    // `None` when the document is not what serde_json accepted; the results so far stand.
    let _complete: Option<()> = scan(&mut scanner, &prefixes, &mut record);
    found
}

/// An open object or array.
struct Frame {
    is_object: bool,
    /// Whether some wanted path lies inside this container.
    interesting: bool,
    /// Whether a child segment has been pushed onto the path.
    has_child: bool,
    next_index: usize,
}

fn scan(
    s: &mut Scanner<'_>,
    prefixes: &HashSet<&[PathSegment]>,
    record: &mut impl FnMut(&[PathSegment], Anchor, &Scanner<'_>),
) -> Option<()> {
    let mut path: JsonPath = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    'value: loop {
        // A value starts here, at `path`.
        s.skip_whitespace();
        let interesting = frames.last().is_none_or(|f| f.interesting);
        if interesting {
            record(&path, Anchor::Value, s);
        }
        match s.peek()? {
            b'{' | b'[' if !(interesting && prefixes.contains(path.as_slice())) => {
                // Nothing wanted inside: skip it whole, without tracking paths.
                s.skip_container()?;
            }
            open @ (b'{' | b'[') => {
                s.advance();
                frames.push(Frame {
                    is_object: open == b'{',
                    interesting: interesting && prefixes.contains(path.as_slice()),
                    has_child: false,
                    next_index: 0,
                });
                s.skip_whitespace();
                let close = if open == b'{' { b'}' } else { b']' };
                if s.peek()? != close {
                    if open == b'{' {
                        read_key(s, &mut path, &mut frames, record)?;
                    } else {
                        start_element(&mut path, &mut frames)?;
                    }
                    continue 'value;
                }
            }
            b'"' => {
                s.skip_string()?;
            }
            _ => s.skip_scalar(),
        }
        // After a value: close containers or move to the next member.
        loop {
            s.skip_whitespace();
            let Some(frame) = frames.last() else {
                return Some(());
            };
            match s.peek()? {
                b',' => {
                    s.advance();
                    if frame.is_object {
                        path.pop();
                        if let Some(f) = frames.last_mut() {
                            f.has_child = false;
                        }
                        read_key(s, &mut path, &mut frames, record)?;
                    } else {
                        start_element(&mut path, &mut frames)?;
                    }
                    continue 'value;
                }
                b'}' | b']' => {
                    s.advance();
                    let closed = frames.pop()?;
                    if closed.has_child {
                        path.pop();
                    }
                }
                _ => return None,
            }
        }
    }
}

/// Pushes the next array index onto the path.
fn start_element(path: &mut JsonPath, frames: &mut [Frame]) -> Option<()> {
    let frame = frames.last_mut()?;
    if frame.has_child {
        path.pop();
    }
    path.push(PathSegment::Index(frame.next_index));
    frame.next_index += 1;
    frame.has_child = true;
    Some(())
}

/// Reads `"key":`, pushes the key onto the path and records the key's position.
fn read_key(
    s: &mut Scanner<'_>,
    path: &mut JsonPath,
    frames: &mut [Frame],
    record: &mut impl FnMut(&[PathSegment], Anchor, &Scanner<'_>),
) -> Option<()> {
    s.skip_whitespace();
    let key_scanner = *s;
    let start = s.pos;
    s.skip_string()?;
    let frame = frames.last_mut()?;
    let key = if frame.interesting {
        let raw = std::str::from_utf8(s.bytes.get(start..s.pos)?).ok()?;
        serde_json::from_str::<String>(raw).ok()?
    } else {
        String::new()
    };
    path.push(PathSegment::Key(key));
    frame.has_child = true;
    if frame.interesting {
        record(path, Anchor::Key, &key_scanner);
    }
    s.skip_whitespace();
    if s.peek()? != b':' {
        return None;
    }
    s.advance();
    Some(())
}

/// A byte cursor that keeps the line of its position; the column (in characters) is counted
/// only when a location is asked for.
#[derive(Clone, Copy)]
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    /// Where the current line starts.
    line_start: usize,
}

impl Scanner<'_> {
    /// The line and column (in characters, not bytes) of the position.
    fn location(&self) -> TextLocation {
        let line_text = self
            .bytes
            .get(self.line_start..self.pos)
            .unwrap_or_default();
        // Count characters, not UTF-8 continuation bytes.
        let column = line_text.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        TextLocation {
            line: self.line,
            column: u32::try_from(column).unwrap_or(u32::MAX).saturating_add(1),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn advance(&mut self) {
        let Some(&b) = self.bytes.get(self.pos) else {
            return;
        };
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.line_start = self.pos;
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.advance();
        }
    }

    /// Skips a string literal, starting at its opening quote. (JSON strings hold no raw line
    /// breaks, so the line does not change.)
    fn skip_string(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        loop {
            let rest = self.bytes.get(self.pos..)?;
            let at = memchr::memchr2(b'"', b'\\', rest)?;
            self.pos += at;
            if self.peek()? == b'"' {
                self.pos += 1;
                return Some(());
            }
            // A backslash and the character it escapes.
            self.pos += 2;
        }
    }

    /// Skips a whole object or array, starting at its opening bracket.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        self.pos += 1;
                        return Some(());
                    }
                }
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.pos + 1;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// Skips a number, `true`, `false` or `null`.
    fn skip_scalar(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.advance();
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.to_owned())
    }

    #[expect(clippy::unnecessary_wraps, reason = "compared with Option results")]
    fn at(line: u32, column: u32) -> Option<TextLocation> {
        Some(TextLocation { line, column })
    }

    #[test]
    fn finds_values_and_keys_in_nested_documents() {
        let text = "{\n  \"a\": 1,\n  \"events\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\", \"date\": \"1992-02-30\"}\n  ]\n}";
        let wanted = vec![
            (vec![key("a")], Anchor::Value),
            (vec![key("a")], Anchor::Key),
            (
                vec![key("events"), PathSegment::Index(1), key("date")],
                Anchor::Value,
            ),
            (vec![key("events"), PathSegment::Index(0)], Anchor::Value),
            (vec![], Anchor::Value),
            (vec![key("missing")], Anchor::Value),
        ];
        let found = locate_all(text, &wanted);
        assert_eq!(
            found,
            vec![at(2, 8), at(2, 3), at(5, 25), at(4, 5), at(1, 1), None]
        );
    }

    #[test]
    fn columns_count_characters_and_keys_are_unescaped() {
        let text = "{\"tïtle\": \"é\", \"b\\u0041\": true}";
        let found = locate_all(
            text,
            &[
                (vec![key("bA")], Anchor::Key),
                (vec![key("tïtle")], Anchor::Value),
            ],
        );
        assert_eq!(found, vec![at(1, 16), at(1, 11)]);
    }

    #[test]
    fn empty_containers_and_strings_with_brackets_do_not_confuse_it() {
        let text = r#"{"x": [], "y": {}, "z": "] } [ {", "w": [1, [2, 3], {"v": 4}]}"#;
        let found = locate_all(
            text,
            &[
                (
                    vec![key("w"), PathSegment::Index(2), key("v")],
                    Anchor::Value,
                ),
                (
                    vec![key("w"), PathSegment::Index(1), PathSegment::Index(1)],
                    Anchor::Value,
                ),
            ],
        );
        assert_eq!(found, vec![at(1, 59), at(1, 49)]);
    }

    #[test]
    fn malformed_or_deep_input_stops_without_panicking() {
        let deep = "[".repeat(100_000);
        let found = locate_all(&deep, &[(vec![PathSegment::Index(0)], Anchor::Value)]);
        assert_eq!(found, vec![at(1, 2)]);
        for text in ["", "{", "{\"a\"", "{\"a\":", "[1,", "\"", "{\"a\" 1}", "}"] {
            let _ = locate_all(text, &[(vec![key("a")], Anchor::Value)]);
        }
    }
}
