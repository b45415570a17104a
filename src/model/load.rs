//! Loading and checking a timeline file.
//!
//! One pass collects every problem it can find, in two stages: `raw` reads the structure (a
//! typed serde fast path, or a walk of the parsed JSON that reports every value of the wrong
//! type), and `check` checks what the values mean. `serde_json` limits nesting, so hostile input
//! cannot overflow the stack. Each problem records the JSON path of the value it concerns, and
//! [`locate_all`] turns those paths into lines and columns at the end, only when there is
//! something to report.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::Timeline;
use super::locate::{Anchor, JsonPath, PathSegment, locate_all};
use super::problem::{Problem, Severity, TextLocation};
use crate::allocator::LoadingMemory;
use reread::{EventsFile, Moves, Place, TextAround};

/// Editors on Windows may start UTF-8 files with a byte order mark; it is not JSON, and is
/// skipped.
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// Sizes that decide how a file is read. Tests make them small, so that small files take the
/// paths of large ones.
#[derive(Clone, Copy, Debug)]
struct Tuning {
    /// Timeline files smaller than this are read whole: holding their text costs little, and
    /// reading their events again from the file would not pay.
    reread_file_bytes: u64,

    /// Files with fewer events than this are read in one pass (threads would not pay).
    parallel_events: usize,

    /// A file is read this many bytes at a time (or one line or event, if longer).
    block_bytes: usize,

    /// Texts at least this long are scanned for their events in two halves at once (see
    /// `split::scan`).
    split_scan_bytes: u64,
}

impl Tuning {
    const STANDARD: Self = Self {
        reread_file_bytes: 4 << 20,
        parallel_events: 20_000,
        block_bytes: 1 << 20,
        split_scan_bytes: 8 << 20,
    };
}

#[cfg(test)]
thread_local! {
    /// Sizes set by a test for the loads on its thread.
    static TUNING_IN_TESTS: std::cell::Cell<Option<Tuning>> = const { std::cell::Cell::new(None) };
}

/// What a scoped thread of the loader returned; a panic in it goes on in the caller.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

/// The sizes for loading on this thread.
fn tuning() -> Tuning {
    #[cfg(test)]
    if let Some(tuning) = TUNING_IN_TESTS.with(std::cell::Cell::get) {
        return tuning;
    }
    Tuning::STANDARD
}

/// Source texts larger than this are not read (the verification index uses 32-bit offsets).
const MAX_SOURCE_BYTES: u64 = 1 << 30;

/// Why a source text was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceError {
    /// Reading it would break the safety rules (a link out of the timeline's folder): an error.
    Unsafe(String),

    /// It is missing, unreadable or not text: a warning, and its excerpts stay unverified.
    Unreadable(String),
}

/// Where source texts come from: a folder on disk, the texts built into the program, or nowhere.
pub trait SourceFiles {
    /// Reads the text at `relative_path` (already checked by [`check_relative_path`]).
    /// The error's text is a plain sentence saying why it could not be read.
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, SourceError>;
}

/// Source texts in a folder on disk (the timeline file's folder).
#[derive(Clone, Debug)]
pub struct SourceFolder {
    /// The folder that source paths are relative to.
    pub folder: PathBuf,
}

impl SourceFiles for SourceFolder {
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, SourceError> {
        use std::io::Read as _;
        let unreadable = |err: std::io::Error| SourceError::Unreadable(err.to_string());
        let path = self.folder.join(relative_path);
        let real_path = path.canonicalize().map_err(unreadable)?;
        let real_folder = self.folder.canonicalize().map_err(unreadable)?;
        if !real_path.starts_with(&real_folder) {
            return Err(SourceError::Unsafe(
                "it is a link to a file outside the timeline file's folder, which is not allowed"
                    .to_owned(),
            ));
        }
        // Only regular files: opening or reading a pipe or a device could wait for ever, so look
        // before opening.
        let metadata = std::fs::metadata(&real_path).map_err(unreadable)?;
        if !metadata.is_file() {
            return Err(SourceError::Unreadable(
                "it is not a regular file".to_owned(),
            ));
        }
        let too_large = || SourceError::Unreadable("it is larger than 1 GiB".to_owned());
        // Refused from its size, without reading it (it may still grow while being read).
        if metadata.len() > MAX_SOURCE_BYTES {
            return Err(too_large());
        }
        let file = std::fs::File::open(&real_path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        file.take(MAX_SOURCE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_SOURCE_BYTES {
            return Err(too_large());
        }
        String::from_utf8(bytes).map(Arc::from).map_err(|err| {
            SourceError::Unreadable(format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            ))
        })
    }
}

/// Source texts compiled into the program, laid out as in the repository.
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedSources {
    /// The embedded `assets/` folder.
    pub assets: &'static include_dir::Dir<'static>,
}

impl SourceFiles for EmbeddedSources {
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, SourceError> {
        let file = relative_path
            .strip_prefix("assets/")
            .and_then(|inside| self.assets.get_file(inside))
            .ok_or_else(|| {
                SourceError::Unreadable("no such file is built into the program".to_owned())
            })?;
        file.contents_utf8()
            .map(Arc::from)
            .ok_or_else(|| SourceError::Unreadable("it is not UTF-8 text".to_owned()))
    }
}

/// Source texts held in memory, by path (generated timelines, tests).
#[derive(Clone, Debug, Default)]
pub struct MemorySources {
    texts: HashMap<String, Arc<str>>,
}

impl MemorySources {
    /// Texts by their path relative to the timeline file.
    pub fn new<P: Into<String>, T: Into<Arc<str>>>(
        texts: impl IntoIterator<Item = (P, T)>,
    ) -> Self {
        Self {
            texts: texts
                .into_iter()
                .map(|(p, t)| (p.into(), t.into()))
                .collect(),
        }
    }
}

impl SourceFiles for MemorySources {
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, SourceError> {
        self.texts
            .get(relative_path)
            .cloned()
            .ok_or_else(|| SourceError::Unreadable("no such file".to_owned()))
    }
}

/// No source texts at all: every excerpt stays unverified.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSources;

impl SourceFiles for NoSources {
    fn read_text(&self, _relative_path: &str) -> Result<Arc<str>, SourceError> {
        Err(SourceError::Unreadable(
            "no source folder is available".to_owned(),
        ))
    }
}

/// What loading produced: the timeline when there were no errors, and every problem found.
#[derive(Clone, Debug)]
pub struct LoadOutcome {
    /// The timeline; `None` when any problem is an error.
    pub timeline: Option<Timeline>,

    /// Errors and warnings, in file order.
    pub problems: Vec<Problem>,
}

impl LoadOutcome {
    /// The errors, each as one line with its place (`file:line:col: error: …`).
    pub fn error_lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .filter(|p| p.is_error())
            .map(ToString::to_string)
            .collect()
    }
}

/// Loads a timeline file from disk; sources resolve relative to its folder.
///
/// A large file's events are read again from it instead of holding its whole text (see
/// `reread`); any other file is read whole.
pub fn load_path(path: &Path) -> LoadOutcome {
    let _memory = LoadingMemory::hold();
    let limits = &Limits::STANDARD;
    let display_name = path.display().to_string();
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let sources = SourceFolder { folder };
    let cannot_read =
        |err: std::io::Error| failed(&display_name, None, format!("cannot read the file: {err}"));
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => return cannot_read(err),
    };
    if let Ok(copy) = file.try_clone()
        && let Some(outcome) = load_file(copy, &display_name, &sources, limits)
    {
        return outcome;
    }
    match read_whole(file, limits) {
        Ok(bytes) => load_bytes_with(&bytes, &display_name, &sources, limits),
        Err(err) => cannot_read(err),
    }
}

/// The bytes of `file` from its start, up to one more than the limit (so that a larger file is
/// refused without reading it all).
fn read_whole(mut file: std::fs::File, limits: &Limits) -> std::io::Result<Vec<u8>> {
    use std::io::{Read as _, Seek as _};
    let limit = limits.file_bytes as u64 + 1;
    // Sized from the start: growing by doubling would copy a large file several times.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Reading it a block at a time (see `load_file`) may have moved on.
    file.rewind()?;
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Loads a timeline from the bytes of a file called `file_name` (used in problem reports).
/// Never panics, whatever the bytes.
pub fn load_bytes(bytes: &[u8], file_name: &str, sources: &dyn SourceFiles) -> LoadOutcome {
    load_bytes_with(bytes, file_name, sources, &Limits::STANDARD)
}

/// [`load_bytes`] with other limits than the standard ones (for tests of the limits).
pub fn load_bytes_with(
    bytes: &[u8],
    file_name: &str,
    sources: &dyn SourceFiles,
    limits: &Limits,
) -> LoadOutcome {
    let _memory = LoadingMemory::hold();
    match prepare(bytes, file_name, limits) {
        Ok((text, events_list)) => {
            load_text(text, events_list.as_ref(), file_name, sources, limits)
        }
        Err(failed) => *failed,
    }
}

/// An outcome with one error.
fn failed(file_name: &str, location: Option<TextLocation>, message: String) -> LoadOutcome {
    LoadOutcome {
        timeline: None,
        problems: vec![Problem {
            severity: Severity::Error,
            file: file_name.to_owned(),
            location,
            message,
            path: None,
        }],
    }
}

/// The file's text (UTF-8, without a byte order mark, not empty, not nested too deeply) and
/// where its events are, or the error that stops reading it.
fn prepare<'b>(
    bytes: &'b [u8],
    file_name: &str,
    limits: &Limits,
) -> Result<(&'b str, Option<split::EventsList>), Box<LoadOutcome>> {
    let fail = |location: Option<TextLocation>, message: String| {
        Err(Box::new(failed(file_name, location, message)))
    };
    if bytes.len() > limits.file_bytes {
        return fail(
            None,
            format!(
                "the file is larger than {} MB, the most Sourceline opens",
                limits.file_bytes >> 20
            ),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let location = location_after(valid);
            let byte = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
            return fail(
                Some(location),
                format!("the file is not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8"),
            );
        }
    };
    let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
    if text.trim().is_empty() {
        return fail(
            Some(TextLocation { line: 1, column: 1 }),
            "the file is empty; a timeline file is a JSON object starting with {".to_owned(),
        );
    }
    match split::scan(text) {
        Ok(found) => Ok((text, found)),
        Err(split::TooDeep(offset)) => fail(
            Some(location_after(
                text.as_bytes().get(..offset).unwrap_or_default(),
            )),
            format!(
                "the file is nested too deeply: lists and objects go more than {} levels deep",
                split::MAX_NESTING
            ),
        ),
    }
}

/// Loads a timeline from its text (see [`prepare`]).
fn load_text(
    text: &str,
    events_list: Option<&split::EventsList>,
    file_name: &str,
    sources: &dyn SourceFiles,
    limits: &Limits,
) -> LoadOutcome {
    let mut checker = Checker::default();
    // The parsed document of the slow path, which the raw structs then borrow from.
    let root: Value;
    // A large file: everything but the events now, then the events read and checked together.
    let mut timeline = None;
    let mut done = false;
    if let Some(list) = events_list
        && let Some((head, unknown, _)) = split::parse_head(text, list)
    {
        limits::check_limits(&mut checker, &head, limits);
        limits::check_event_count(&mut checker, list.items.len(), limits);
        let unread = check::UnreadEvents {
            texts: check::EventTexts::Text(text),
            items: &list.items,
            limits,
        };
        match check::check(&mut checker, head, unknown, sources, Some(unread)) {
            Ok(checked) => (timeline, done) = (checked, true),
            // An event the fast reading cannot take: start again the ordinary way.
            Err(check::ReadAgain) => checker = Checker::default(),
        }
    }
    if !done {
        let parsed = if let Some(parsed) = raw::parse_fast(text) {
            Some(parsed)
        } else {
            root = match serde_json::from_str(text) {
                Ok(value) => value,
                Err(err) => {
                    return failed(
                        file_name,
                        Some(char_location(text, &err)),
                        json_error_message(text, &err),
                    );
                }
            };
            raw::parse_slow(&root, &mut checker)
        };
        timeline = parsed.and_then(|(raw, unknown)| {
            limits::check_limits(&mut checker, &raw, limits);
            check::check(&mut checker, raw, unknown, sources, None)
                .ok()
                .flatten()
        });
    }
    let event_items = events_list.map(|list| list.items.as_slice());
    let problems = checker.into_problems(text, file_name, event_items);
    let has_errors = problems.iter().any(Problem::is_error);
    LoadOutcome {
        timeline: timeline.filter(|_| !has_errors),
        problems,
    }
}

/// Loads a large timeline from `file` without holding its whole text: it is read a block at a
/// time to find its events and read everything else, then each thread reads its part of the
/// events again from the file (see `reread`). `None` when the file has to be read whole: it is
/// small, anything but a well-formed timeline with many events (reading it whole reports what),
/// it changed while it was read, or an event needs the slow reading.
fn load_file(
    file: std::fs::File,
    file_name: &str,
    sources: &dyn SourceFiles,
    limits: &Limits,
) -> Option<LoadOutcome> {
    let stamp = reread::stamp(&file);
    let tuning = tuning();
    // A file over the limit is refused by reading it whole, which stops past the limit.
    let too_large = |size: u64| size > limits.file_bytes as u64;
    if stamp.is_none_or(|(size, _)| size < tuning.reread_file_bytes || too_large(size)) {
        return None;
    }
    let (list, around, text_offset) = reread::scan_file(&file, limits.file_bytes, &tuning)?;
    let (head, unknown, around) = split::parse_around(around, list.items.len())?;
    let file = EventsFile::new(file, (text_offset, tuning.block_bytes), stamp);
    let (first, last) = (list.items.first()?, list.items.last()?);
    let mut buffer = Vec::new();
    let first_place = Place::START.after(Moves::over(
        file.read(0..first.start, &mut buffer)?.as_bytes(),
    ));
    let tail = Moves::over(file.read(last.end..list.list.end, &mut buffer)?.as_bytes());
    let brackets_at = list.list.start;
    let items = list.items;
    let mut checker = Checker::default();
    limits::check_limits(&mut checker, &head, limits);
    limits::check_event_count(&mut checker, items.len(), limits);
    let unread = check::UnreadEvents {
        texts: check::EventTexts::File(&file),
        items: &items,
        limits,
    };
    let timeline = check::check(&mut checker, head, unknown, sources, Some(unread)).ok()?;
    let (places, after_last) = file.event_places(first_place, items.len())?;
    if !file.unchanged() {
        return None;
    }
    let around = TextAround::new(around, brackets_at, after_last.after(tail));
    let problems = checker.into_problems_reread(&around, &file, (&items, &places), file_name);
    let has_errors = problems.iter().any(Problem::is_error);
    Some(LoadOutcome {
        timeline: timeline.filter(|_| !has_errors),
        problems,
    })
}

/// `serde_json`'s message without its " at line L column C" suffix, with a hint for common slips.
fn json_error_message(text: &str, err: &serde_json::Error) -> String {
    let full = err.to_string();
    let bare = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    // What the file has where reading stopped (serde_json's column counts bytes from 1).
    let line = text
        .lines()
        .nth(err.line().saturating_sub(1))
        .unwrap_or_default();
    let at = line
        .get(err.column().saturating_sub(1)..)
        .unwrap_or_default();
    let first_on_its_line = line
        .get(..err.column().saturating_sub(1))
        .is_some_and(|before| before.trim().is_empty());
    let hint = if at.starts_with("//") || at.starts_with("/*") {
        " (JSON has no comments: remove the comment)"
    } else if at.starts_with('\'') {
        " (text needs double quotes in JSON: \"like this\")"
    } else if first_on_its_line && bare.starts_with("expected `,`") {
        " (is a comma missing at the end of the line before?)"
    } else if bare.starts_with("EOF while parsing") {
        " (the file ends too early: is a closing } or ] missing?)"
    } else if bare.starts_with("trailing comma") {
        " (remove the comma after the last item)"
    } else if bare.starts_with("key must be a string") {
        " (names of fields need double quotes: \"title\")"
    } else if bare.starts_with("recursion limit exceeded") {
        " (the file is nested too deeply to be a timeline)"
    } else {
        ""
    };
    format!("this is not valid JSON: {bare}{hint}")
}

/// The 1-based location just after `text`.
fn location_after(text: &[u8]) -> TextLocation {
    let line = memchr::memchr_iter(b'\n', text).count() + 1;
    let line_start = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = text
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    TextLocation {
        line: line as u32,
        column: column as u32,
    }
}

/// `serde_json`'s line and column, with the column counted in characters (it counts bytes).
fn char_location(text: &str, err: &serde_json::Error) -> TextLocation {
    let line = err.line().max(1);
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let mut byte_column = err.column().min(line_text.len());
    while !line_text.is_char_boundary(byte_column) {
        byte_column -= 1;
    }
    let column = line_text
        .get(..byte_column)
        .unwrap_or_default()
        .chars()
        .count();
    TextLocation {
        line: line as u32,
        column: column.max(1) as u32,
    }
}

/// "a number", "a list [...]", … for type errors.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list [...]",
        Value::Object(_) => "an object {...}",
    }
}

// ---------------------------------------------------------------------------------------------

/// A problem waiting for its location.
struct Pending {
    severity: Severity,
    path: JsonPath,
    anchor: Anchor,
    message: String,
}

/// Collects problems, each with the JSON path of what it concerns.
#[derive(Default)]
struct Checker {
    pending: Vec<Pending>,
    /// Fields whose value had the wrong type (stage 1), so stage 2 does not call them missing.
    type_errors: HashSet<JsonPath>,
}

impl Checker {
    fn report(&mut self, severity: Severity, path: JsonPath, anchor: Anchor, message: String) {
        self.pending.push(Pending {
            severity,
            path,
            anchor,
            message,
        });
    }

    fn error(&mut self, path: JsonPath, message: String) {
        self.report(Severity::Error, path, Anchor::Value, message);
    }

    fn warning(&mut self, path: JsonPath, message: String) {
        self.report(Severity::Warning, path, Anchor::Value, message);
    }

    /// A value of the wrong type (stage 1).
    fn type_error(&mut self, path: JsonPath, message: String) {
        self.type_errors.insert(path.clone());
        self.error(path, message);
    }

    /// Resolves locations and returns the problems in file order. With `event_items` (where
    /// each item of the top-level events list is in `text`), problems inside an event are
    /// located within that event's text alone, not by a pass over the whole file.
    fn into_problems(
        self,
        text: &str,
        file_name: &str,
        event_items: Option<&[Range<usize>]>,
    ) -> Vec<Problem> {
        let event_items = event_items.unwrap_or_default();
        // Lines are counted from one item to the next, so the whole pass reads the text once.
        let mut counted = Place::START;
        let mut counted_to = 0;
        let item_text = |item: usize| {
            let range = event_items.get(item)?;
            let before = text.as_bytes().get(counted_to..range.start)?;
            counted = counted.after(Moves::over(before));
            counted_to = range.start;
            Some((Cow::Borrowed(text.get(range.clone())?), counted))
        };
        let locations = locate_problems(
            &self.pending,
            event_items.len(),
            (text, |location| location),
            item_text,
        );
        in_file_order(self.pending, locations, file_name)
    }

    /// [`Self::into_problems`] for a file whose events were read again from it: problems
    /// outside the events are located in the text around them, those in an event in its text,
    /// read again.
    fn into_problems_reread(
        self,
        around: &TextAround,
        file: &EventsFile,
        (event_items, places): (&[Range<usize>], &[Place]),
        file_name: &str,
    ) -> Vec<Problem> {
        let mut buffer = Vec::new();
        let item_text = |item: usize| {
            let range = event_items.get(item)?;
            let text = file.read(range.clone(), &mut buffer)?.to_owned();
            Some((Cow::Owned(text), *places.get(item)?))
        };
        let locations = locate_problems(
            &self.pending,
            event_items.len(),
            (&around.text, |location| around.in_file(location)),
            item_text,
        );
        in_file_order(self.pending, locations, file_name)
    }
}

/// The problems with their locations, sorted by them.
fn in_file_order(
    pending: Vec<Pending>,
    locations: Vec<Option<TextLocation>>,
    file_name: &str,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = pending
        .into_iter()
        .zip(locations)
        .map(|(pending, location)| Problem {
            severity: pending.severity,
            file: file_name.to_owned(),
            location,
            message: pending.message,
            path: Some(pending.path),
        })
        .collect();
    // Stable: problems at the same place keep the order they were found in.
    problems.sort_by_key(|p| {
        p.location
            .map_or((u32::MAX, u32::MAX), |l| (l.line, l.column))
    });
    problems
}

/// The location of each pending problem: those inside one of the `item_count` items of the
/// events list within that item's text (`item_text` gives it with where it starts, asked in
/// increasing order), the others in one pass over `around.0`, moved by `around.1`.
fn locate_problems<'a>(
    pending: &[Pending],
    item_count: usize,
    (text, in_file): (&str, impl Fn(TextLocation) -> TextLocation),
    mut item_text: impl FnMut(usize) -> Option<(Cow<'a, str>, Place)>,
) -> Vec<Option<TextLocation>> {
    let mut locations = vec![None; pending.len()];
    // Problems by the event item they are in (sorted by item), and the rest.
    let mut in_items: Vec<(usize, usize)> = Vec::new();
    let mut elsewhere: Vec<usize> = Vec::new();
    for (i, p) in pending.iter().enumerate() {
        match p.path.as_slice() {
            [PathSegment::Key(list), PathSegment::Index(item), ..]
                if list == "events" && *item < item_count =>
            {
                in_items.push((*item, i));
            }
            _ => elsewhere.push(i),
        }
    }
    if !elsewhere.is_empty() {
        let wanted: Vec<(JsonPath, Anchor)> = elsewhere
            .iter()
            .filter_map(|&i| pending.get(i))
            .map(|p| (p.path.clone(), p.anchor))
            .collect();
        for (&i, location) in elsewhere.iter().zip(locate_all(text, &wanted)) {
            if let Some(slot) = locations.get_mut(i) {
                *slot = location.map(&in_file);
            }
        }
    }
    in_items.sort_unstable();
    for group in in_items.chunk_by(|a, b| a.0 == b.0) {
        let Some((item_text, start)) = group.first().and_then(|&(item, _)| item_text(item)) else {
            continue;
        };
        let wanted: Vec<(JsonPath, Anchor)> = group
            .iter()
            .filter_map(|&(_, i)| pending.get(i))
            .map(|p| (p.path.get(2..).unwrap_or_default().to_vec(), p.anchor))
            .collect();
        for (&(_, i), found) in group.iter().zip(locate_all(&item_text, &wanted)) {
            if let Some(slot) = locations.get_mut(i) {
                *slot = found.map(|within| start.locate(within));
            }
        }
    }
    locations
}

// ---------------------------------------------------------------------------------------------

mod check;
mod limits;
mod raw;
mod reread;
mod split;

pub use limits::Limits;

pub use raw::{CATEGORY_FIELDS, EVENT_FIELDS, EXCERPT_FIELDS, SOURCE_FIELDS, TOP_FIELDS};

#[cfg(test)]
mod tests;
