//! Loading and checking a timeline file.
//!
//! One pass collects every problem it can find. The JSON is parsed by `serde_json` (which limits
//! nesting, so hostile input cannot overflow the stack); each later problem records the JSON
//! path of the value it concerns, and [`locate_all`] turns those paths into lines and columns
//! at the end, only when there is something to report.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::locate::{Anchor, JsonPath, PathSegment, locate_all};
use super::paths::{check_relative_path, check_url};
use super::problem::{Problem, Severity, TextLocation};
use super::verify::{SourceIndex, normalize_whitespace};
use super::{
    CATEGORY_PALETTE, Category, Event, Excerpt, HistDate, Importance, Rgb, SUPPORTED_FORMAT,
    Source, Status, Timeline, Verification,
};

/// Source texts larger than this are not read (the verification index uses 32-bit offsets).
const MAX_SOURCE_BYTES: u64 = 1 << 30;

/// Where source texts come from: a folder on disk, the texts built into the program, or nowhere.
pub trait SourceFiles {
    /// Reads the text at `relative_path` (already checked by [`check_relative_path`]).
    /// The error is a plain sentence saying why it could not be read.
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, String>;
}

/// Source texts in a folder on disk (the timeline file's folder).
#[derive(Clone, Debug)]
pub struct SourceFolder {
    /// The folder that source paths are relative to.
    pub folder: PathBuf,
}

impl SourceFiles for SourceFolder {
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, String> {
        let path = self.folder.join(relative_path);
        let real_path = path.canonicalize().map_err(|err| err.to_string())?;
        let real_folder = self.folder.canonicalize().map_err(|err| err.to_string())?;
        if !real_path.starts_with(&real_folder) {
            return Err(
                "it is a link to a file outside the timeline file's folder, which is not allowed"
                    .to_owned(),
            );
        }
        let size = std::fs::metadata(&real_path)
            .map_err(|err| err.to_string())?
            .len();
        if size > MAX_SOURCE_BYTES {
            return Err(format!(
                "it is too large ({size} bytes; the limit is 1 GiB)"
            ));
        }
        let bytes = std::fs::read(&real_path).map_err(|err| err.to_string())?;
        String::from_utf8(bytes).map(Arc::from).map_err(|err| {
            format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            )
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
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, String> {
        let file = relative_path
            .strip_prefix("assets/")
            .and_then(|inside| self.assets.get_file(inside))
            .ok_or_else(|| "no such file is built into the program".to_owned())?;
        file.contents_utf8()
            .map(Arc::from)
            .ok_or_else(|| "it is not UTF-8 text".to_owned())
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
    fn read_text(&self, relative_path: &str) -> Result<Arc<str>, String> {
        self.texts
            .get(relative_path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// No source texts at all: every excerpt stays unverified.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSources;

impl SourceFiles for NoSources {
    fn read_text(&self, _relative_path: &str) -> Result<Arc<str>, String> {
        Err("no source folder is available".to_owned())
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

/// Loads a timeline file from disk; sources resolve relative to its folder.
pub fn load_path(path: &Path) -> LoadOutcome {
    let display_name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return LoadOutcome {
                timeline: None,
                problems: vec![Problem {
                    severity: Severity::Error,
                    file: display_name,
                    location: None,
                    message: format!("cannot read the file: {err}"),
                }],
            };
        }
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    load_bytes(&bytes, &display_name, &SourceFolder { folder })
}

/// Loads a timeline from the bytes of a file called `file_name` (used in problem reports).
/// Never panics, whatever the bytes.
pub fn load_bytes(bytes: &[u8], file_name: &str, sources: &dyn SourceFiles) -> LoadOutcome {
    let fail = |location: Option<TextLocation>, message: String| LoadOutcome {
        timeline: None,
        problems: vec![Problem {
            severity: Severity::Error,
            file: file_name.to_owned(),
            location,
            message,
        }],
    };
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
    // Editors on Windows may start UTF-8 files with a byte order mark; it is not JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return fail(
            Some(TextLocation { line: 1, column: 1 }),
            "the file is empty; a timeline file is a JSON object starting with {".to_owned(),
        );
    }
    let root: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let location = TextLocation {
                line: err.line().max(1) as u32,
                column: err.column().max(1) as u32,
            };
            return fail(Some(location), json_error_message(&err));
        }
    };
    let mut checker = Checker::default();
    let timeline = checker.timeline(&root, sources);
    let problems = checker.into_problems(text, file_name);
    let has_errors = problems.iter().any(Problem::is_error);
    LoadOutcome {
        timeline: timeline.filter(|_| !has_errors),
        problems,
    }
}

/// `serde_json`'s message without its " at line L column C" suffix, with a hint for common slips.
fn json_error_message(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let bare = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let hint = if bare.starts_with("EOF while parsing") {
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

// ---------------------------------------------------------------------------------------------

/// A problem waiting for its location.
struct Pending {
    severity: Severity,
    path: JsonPath,
    anchor: Anchor,
    message: String,
}

/// Collects problems while walking the JSON.
#[derive(Default)]
struct Checker {
    pending: Vec<Pending>,
}

/// An object being read, with its path and how to name it in messages.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: JsonPath,
    /// `event "nsd-23"`, `source #2`, `the timeline`.
    subject: String,
}

impl<'v> Obj<'v> {
    fn path_to(&self, key: &str) -> JsonPath {
        let mut path = self.path.clone();
        path.push(PathSegment::Key(key.to_owned()));
        path
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key)
    }
}

fn push_index(path: &JsonPath, index: usize) -> JsonPath {
    let mut path = path.clone();
    path.push(PathSegment::Index(index));
    path
}

/// "a number", "an array", … for type errors.
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

/// Ids are lowercase letters, digits and `-`.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An id suggestion for a badly formed one: `Camp David!` → `camp-david`.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for ch in id.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

const TOP_FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "sources",
    "categories",
    "events",
    "tour",
];
const SOURCE_FIELDS: &[&str] = &["id", "title", "author", "date", "file", "url", "note"];
const CATEGORY_FIELDS: &[&str] = &["id", "label", "color"];
const EVENT_FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "category",
    "status",
    "importance",
    "summary",
    "date_note",
    "excerpts",
    "tags",
];
const EXCERPT_FIELDS: &[&str] = &["source", "text"];

/// An event's excerpt before verification.
struct RawExcerpt {
    source: usize,
    text: String,
    path: JsonPath,
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

    /// Resolves locations and returns the problems in file order.
    fn into_problems(self, text: &str, file_name: &str) -> Vec<Problem> {
        let wanted: Vec<(JsonPath, Anchor)> = self
            .pending
            .iter()
            .map(|p| (p.path.clone(), p.anchor))
            .collect();
        let locations = locate_all(text, &wanted);
        let mut problems: Vec<Problem> = self
            .pending
            .into_iter()
            .zip(locations)
            .map(|(pending, location)| Problem {
                severity: pending.severity,
                file: file_name.to_owned(),
                location,
                message: pending.message,
            })
            .collect();
        // Stable: problems at the same place keep the order they were found in.
        problems.sort_by_key(|p| {
            p.location
                .map_or((u32::MAX, u32::MAX), |l| (l.line, l.column))
        });
        problems
    }

    /// Reads an object or reports what was found instead.
    fn object<'v>(&mut self, value: &'v Value, path: JsonPath, subject: String) -> Option<Obj<'v>> {
        if let Value::Object(map) = value {
            Some(Obj { map, path, subject })
        } else {
            self.error(
                path,
                format!(
                    "{subject} must be an object {{...}}, not {}",
                    kind_of(value)
                ),
            );
            None
        }
    }

    /// Warns about fields the format does not define (usually typos).
    fn unknown_fields(&mut self, obj: &Obj<'_>, known: &[&str]) {
        for key in obj.map.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let suggestion = known
                .iter()
                .map(|k| (strsim::levenshtein(k, key), k))
                .filter(|(distance, _)| *distance <= 2)
                .min()
                .map(|(_, k)| format!("; did you mean \"{k}\"?"))
                .unwrap_or_default();
            self.report(
                Severity::Warning,
                obj.path_to(key),
                Anchor::Key,
                format!(
                    "{}: unknown field \"{key}\" is ignored{suggestion}",
                    obj.subject
                ),
            );
        }
    }

    /// A required text field.
    fn required_text<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v str> {
        let Some(value) = obj.get(key) else {
            self.error(
                obj.path.clone(),
                format!("{}: the required field \"{key}\" is missing", obj.subject),
            );
            return None;
        };
        let text = self.text_value(value, obj.path_to(key), &obj.subject, key)?;
        if text.trim().is_empty() {
            self.error(
                obj.path_to(key),
                format!("{}: \"{key}\" must not be empty", obj.subject),
            );
            return None;
        }
        Some(text)
    }

    /// An optional text field; `null` counts as absent.
    fn optional_text<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v str> {
        match obj.get(key)? {
            Value::Null => None,
            value => self.text_value(value, obj.path_to(key), &obj.subject, key),
        }
    }

    fn text_value<'v>(
        &mut self,
        value: &'v Value,
        path: JsonPath,
        subject: &str,
        key: &str,
    ) -> Option<&'v str> {
        if let Value::String(text) = value {
            Some(text)
        } else {
            self.error(
                path,
                format!(
                    "{subject}: \"{key}\" must be text in double quotes, not {}",
                    kind_of(value)
                ),
            );
            None
        }
    }

    /// An optional list; `null` counts as absent.
    fn optional_list<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v [Value]> {
        match obj.get(key)? {
            Value::Null => None,
            Value::Array(items) => Some(items),
            value => {
                self.error(
                    obj.path_to(key),
                    format!(
                        "{}: \"{key}\" must be a list [...], not {}",
                        obj.subject,
                        kind_of(value)
                    ),
                );
                None
            }
        }
    }

    /// A required list.
    fn required_list<'v>(&mut self, obj: &Obj<'v>, key: &str) -> Option<&'v [Value]> {
        if obj.get(key).is_none() {
            self.error(
                obj.path.clone(),
                format!(
                    "{}: the required field \"{key}\" is missing (write \"{key}\": [] if there are none)",
                    obj.subject
                ),
            );
            return None;
        }
        self.optional_list(obj, key)
    }

    /// A date field.
    fn date(&mut self, obj: &Obj<'_>, key: &str, required: bool) -> Option<HistDate> {
        let text = if required {
            self.required_text(obj, key)?
        } else {
            self.optional_text(obj, key)?
        };
        match HistDate::parse(text) {
            Ok(date) => Some(date),
            Err(err) => {
                self.error(obj.path_to(key), format!("{}: {err}", obj.subject));
                None
            }
        }
    }

    /// An id field, checked for form and uniqueness among `seen`.
    fn id(&mut self, obj: &Obj<'_>, kind: &str, seen: &mut HashSet<String>) -> Option<String> {
        let id = self.required_text(obj, "id")?;
        if !is_valid_id(id) {
            self.error(
                obj.path_to("id"),
                format!(
                    "{kind} id \"{id}\" may contain only lowercase letters, digits and \"-\" (for example \"{}\")",
                    suggest_id(id)
                ),
            );
            return None;
        }
        if !seen.insert(id.to_owned()) {
            self.error(
                obj.path_to("id"),
                format!("{kind} id \"{id}\" is used twice; ids must be unique"),
            );
            return None;
        }
        Some(id.to_owned())
    }

    /// The name of the `index`-th item in messages: `event "x"` when it has a usable id.
    fn subject(kind: &str, index: usize, value: &Value) -> String {
        match value.get("id").and_then(Value::as_str) {
            Some(id) if !id.is_empty() && id.len() <= 80 => format!("{kind} \"{id}\""),
            _ => format!("{kind} #{}", index + 1),
        }
    }

    /// Walks the whole document. Returns a timeline whenever the structure allowed building one;
    /// the caller discards it if any error was reported.
    fn timeline(&mut self, root: &Value, files: &dyn SourceFiles) -> Option<Timeline> {
        let top = self.object(root, Vec::new(), "the timeline file".to_owned())?;
        self.unknown_fields(&top, TOP_FIELDS);
        match top.get("format") {
            None => self.error(
                Vec::new(),
                format!("the required field \"format\" is missing; add \"format\": {SUPPORTED_FORMAT}"),
            ),
            Some(value) if value.as_u64() == Some(SUPPORTED_FORMAT) => {}
            Some(value) => self.error(
                top.path_to("format"),
                format!(
                    "\"format\" is {value}, but this version of Sourceline reads only format {SUPPORTED_FORMAT}"
                ),
            ),
        }
        let title = self.required_text(&top, "title");
        let description = self.optional_text(&top, "description");

        let sources = self.sources(&top, files);
        let source_ids: HashMap<&str, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let categories = self.categories(&top);
        let category_ids: HashMap<&str, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let (mut events, all_event_ids) = self.events(&top, &source_ids, &category_ids);
        self.verify_excerpts(&mut events, &sources);

        let mut events: Vec<Event> = events.into_iter().map(|(event, _)| event).collect();
        events.sort_by(|a, b| {
            (
                a.span.start_day,
                a.span.end_day_exclusive,
                a.importance,
                &a.id,
            )
                .cmp(&(
                    b.span.start_day,
                    b.span.end_day_exclusive,
                    b.importance,
                    &b.id,
                ))
        });
        let tour = self.tour(&top, &events, &all_event_ids);
        Some(Timeline {
            title: title?.to_owned(),
            description: description.map(str::to_owned),
            sources,
            categories,
            events,
            tour,
        })
    }

    fn sources(&mut self, top: &Obj<'_>, files: &dyn SourceFiles) -> Vec<Source> {
        let mut sources = Vec::new();
        let Some(items) = self.required_list(top, "sources") else {
            return sources;
        };
        let list_path = top.path_to("sources");
        let mut seen = HashSet::new();
        for (i, value) in items.iter().enumerate() {
            let Some(obj) = self.object(
                value,
                push_index(&list_path, i),
                Self::subject("source", i, value),
            ) else {
                continue;
            };
            self.unknown_fields(&obj, SOURCE_FIELDS);
            let id = self.id(&obj, "source", &mut seen);
            let title = self.required_text(&obj, "title");
            let author = self.optional_text(&obj, "author");
            let date = self.date(&obj, "date", false);
            let url = self.optional_text(&obj, "url");
            if let Some(url) = url
                && let Err(message) = check_url(url)
            {
                self.error(obj.path_to("url"), format!("{}: {message}", obj.subject));
            }
            let note = self.optional_text(&obj, "note");
            let file = self.optional_text(&obj, "file");
            let text = file.and_then(|file| match check_relative_path(file) {
                Err(message) => {
                    self.error(obj.path_to("file"), format!("{}: {message}", obj.subject));
                    None
                }
                Ok(normalized) => match files.read_text(&normalized) {
                    Ok(text) => Some(text),
                    Err(reason) => {
                        self.warning(
                            obj.path_to("file"),
                            format!(
                                "{}: cannot read \"{file}\": {reason}; its excerpts cannot be verified",
                                obj.subject
                            ),
                        );
                        None
                    }
                },
            });
            // A source with a usable id is kept even when another field is wrong, so events
            // citing it are not reported too; any error discards the timeline anyway.
            let Some(id) = id else {
                continue;
            };
            sources.push(Source {
                title: title.unwrap_or(&id).to_owned(),
                id,
                author: author.map(str::to_owned),
                date,
                file: file.map(str::to_owned),
                url: url.map(str::to_owned),
                note: note.map(str::to_owned),
                text,
            });
        }
        sources
    }

    fn categories(&mut self, top: &Obj<'_>) -> Vec<Category> {
        let mut categories = Vec::new();
        let Some(items) = self.required_list(top, "categories") else {
            return categories;
        };
        let list_path = top.path_to("categories");
        if items.is_empty() {
            self.error(
                list_path.clone(),
                "\"categories\" must list at least one category".to_owned(),
            );
        }
        let mut seen = HashSet::new();
        for (i, value) in items.iter().enumerate() {
            let Some(obj) = self.object(
                value,
                push_index(&list_path, i),
                Self::subject("category", i, value),
            ) else {
                continue;
            };
            self.unknown_fields(&obj, CATEGORY_FIELDS);
            let id = self.id(&obj, "category", &mut seen);
            let label = self.required_text(&obj, "label");
            let color = self.optional_text(&obj, "color").and_then(|text| {
                let parsed = Rgb::parse_hex(text);
                if parsed.is_none() {
                    self.error(
                        obj.path_to("color"),
                        format!(
                            "{}: colour \"{text}\" is not of the form \"#rrggbb\" (for example \"#0072b2\")",
                            obj.subject
                        ),
                    );
                }
                parsed
            });
            // Kept with a usable id even when another field is wrong (see `sources`).
            let Some(id) = id else {
                continue;
            };
            let palette_color = CATEGORY_PALETTE
                .get(categories.len() % CATEGORY_PALETTE.len())
                .copied()
                .unwrap_or(Rgb([0x55, 0x55, 0x55]));
            categories.push(Category {
                label: label.unwrap_or(&id).to_owned(),
                id,
                color: color.unwrap_or(palette_color),
            });
        }
        categories
    }

    /// Reads the events; each comes with the paths of its excerpts for later reports.
    fn events(
        &mut self,
        top: &Obj<'_>,
        source_ids: &HashMap<&str, usize>,
        category_ids: &HashMap<&str, usize>,
    ) -> (Vec<(Event, Vec<JsonPath>)>, HashSet<String>) {
        let mut events = Vec::new();
        let mut seen = HashSet::new();
        let Some(items) = self.required_list(top, "events") else {
            return (events, seen);
        };
        let list_path = top.path_to("events");
        for (i, value) in items.iter().enumerate() {
            let Some(obj) = self.object(
                value,
                push_index(&list_path, i),
                Self::subject("event", i, value),
            ) else {
                continue;
            };
            if let Some(event) = self.event(&obj, &mut seen, source_ids, category_ids) {
                events.push(event);
            }
        }
        (events, seen)
    }

    fn event(
        &mut self,
        obj: &Obj<'_>,
        seen: &mut HashSet<String>,
        source_ids: &HashMap<&str, usize>,
        category_ids: &HashMap<&str, usize>,
    ) -> Option<(Event, Vec<JsonPath>)> {
        self.unknown_fields(obj, EVENT_FIELDS);
        let id = self.id(obj, "event", seen);
        let title = self.required_text(obj, "title");
        let date = self.date(obj, "date", true);
        let category = self.required_text(obj, "category").and_then(|category| {
            let index = category_ids.get(category).copied();
            if index.is_none() {
                let known: Vec<&str> = category_ids.keys().copied().collect();
                self.error(
                    obj.path_to("category"),
                    format!(
                        "{}: there is no category \"{category}\"{}",
                        obj.subject,
                        closest_hint(category, &known)
                    ),
                );
            }
            index
        });
        let status = match self.optional_text(obj, "status") {
            None | Some("happened") => Some(Status::Happened),
            Some("planned") => Some(Status::Planned),
            Some(other) => {
                self.error(
                    obj.path_to("status"),
                    format!(
                        "{}: status \"{other}\" is not \"happened\" or \"planned\"",
                        obj.subject
                    ),
                );
                None
            }
        };
        let importance = match obj.get("importance") {
            None | Some(Value::Null) => Some(Importance::Normal),
            Some(value) => {
                let parsed = value.as_u64().and_then(Importance::from_number);
                if parsed.is_none() {
                    self.error(
                        obj.path_to("importance"),
                        format!(
                            "{}: importance must be 1 (key event), 2 (normal) or 3 (minor), not {value}",
                            obj.subject
                        ),
                    );
                }
                parsed
            }
        };
        let summary = self.optional_text(obj, "summary");
        let date_note = self.optional_text(obj, "date_note");
        let tags = self.tags(obj);
        let (excerpts, excerpt_paths) = self.excerpts(obj, source_ids);
        let event = Event {
            id: id?,
            title: title?.to_owned(),
            span: date?.day_span(),
            date: date?,
            category: category?,
            status: status?,
            importance: importance?,
            summary: summary.map(str::to_owned),
            date_note: date_note.map(str::to_owned),
            excerpts: excerpts
                .into_iter()
                .map(|raw| Excerpt {
                    source: raw.source,
                    text: raw.text,
                    verification: Verification::NoSourceText,
                })
                .collect(),
            tags,
        };
        Some((event, excerpt_paths))
    }

    fn tags(&mut self, obj: &Obj<'_>) -> Vec<String> {
        let Some(items) = self.optional_list(obj, "tags") else {
            return Vec::new();
        };
        let list_path = obj.path_to("tags");
        let mut tags = Vec::new();
        for (i, value) in items.iter().enumerate() {
            match value {
                Value::String(tag) => tags.push(tag.clone()),
                other => self.error(
                    push_index(&list_path, i),
                    format!(
                        "{}: each tag must be text, not {}",
                        obj.subject,
                        kind_of(other)
                    ),
                ),
            }
        }
        tags
    }

    fn excerpts(
        &mut self,
        obj: &Obj<'_>,
        source_ids: &HashMap<&str, usize>,
    ) -> (Vec<RawExcerpt>, Vec<JsonPath>) {
        let mut excerpts = Vec::new();
        let Some(items) = self.optional_list(obj, "excerpts") else {
            return (excerpts, Vec::new());
        };
        let list_path = obj.path_to("excerpts");
        for (i, value) in items.iter().enumerate() {
            let subject = format!("{}, excerpt {}", obj.subject, i + 1);
            let Some(excerpt) = self.object(value, push_index(&list_path, i), subject) else {
                continue;
            };
            self.unknown_fields(&excerpt, EXCERPT_FIELDS);
            let source = self.required_text(&excerpt, "source").and_then(|source| {
                let index = source_ids.get(source).copied();
                if index.is_none() {
                    let known: Vec<&str> = source_ids.keys().copied().collect();
                    self.error(
                        excerpt.path_to("source"),
                        format!(
                            "{}: there is no source \"{source}\"{}",
                            excerpt.subject,
                            closest_hint(source, &known)
                        ),
                    );
                }
                index
            });
            let text = self.required_text(&excerpt, "text");
            if let (Some(source), Some(text)) = (source, text) {
                excerpts.push(RawExcerpt {
                    source,
                    text: text.to_owned(),
                    path: excerpt.path_to("text"),
                });
            }
        }
        let paths = excerpts.iter().map(|e| e.path.clone()).collect();
        (excerpts, paths)
    }

    /// Checks every excerpt against its source text and warns about those not found.
    fn verify_excerpts(&mut self, events: &mut [(Event, Vec<JsonPath>)], sources: &[Source]) {
        let mut indexes: Vec<Option<SourceIndex>> = (0..sources.len()).map(|_| None).collect();
        for (event, paths) in events.iter_mut() {
            for (number, (excerpt, path)) in event.excerpts.iter_mut().zip(paths.iter()).enumerate()
            {
                let Some(source) = sources.get(excerpt.source) else {
                    continue;
                };
                let subject = format!("event \"{}\", excerpt {}", event.id, number + 1);
                let Some(text) = source.text.as_deref() else {
                    let why = if source.file.is_some() {
                        "its text could not be read"
                    } else {
                        "it has no \"file\" to check against"
                    };
                    self.warning(
                        path.clone(),
                        format!(
                            "{subject}: cannot be verified: source \"{}\": {why}",
                            source.id
                        ),
                    );
                    continue;
                };
                let Some(slot) = indexes.get_mut(excerpt.source) else {
                    continue;
                };
                let index = slot.get_or_insert_with(|| SourceIndex::new(text));
                if let Some(range) = index.find(&excerpt.text) {
                    excerpt.verification = Verification::Verified { range };
                } else {
                    excerpt.verification = Verification::NotFound;
                    let message = mismatch_message(index, &excerpt.text);
                    self.warning(
                        path.clone(),
                        format!(
                            "{subject}: not found in source \"{}\": {message}",
                            source.id
                        ),
                    );
                }
            }
        }
    }

    /// The tour's stops. `all_event_ids` also holds ids of events that had errors of their
    /// own, which are not reported a second time here.
    fn tour(
        &mut self,
        top: &Obj<'_>,
        events: &[Event],
        all_event_ids: &HashSet<String>,
    ) -> Option<Vec<usize>> {
        let items = self.optional_list(top, "tour")?;
        let list_path = top.path_to("tour");
        let by_id: HashMap<&str, usize> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut stops = Vec::new();
        let mut seen = HashSet::new();
        for (i, value) in items.iter().enumerate() {
            let path = push_index(&list_path, i);
            let Some(id) = value.as_str() else {
                self.error(
                    path,
                    format!("tour stop {}: must be an event id in double quotes", i + 1),
                );
                continue;
            };
            match by_id.get(id) {
                Some(&index) => {
                    if !seen.insert(index) {
                        self.warning(
                            path,
                            format!("tour stop {}: event \"{id}\" is already a stop", i + 1),
                        );
                    }
                    stops.push(index);
                }
                None if all_event_ids.contains(id) => {}
                None => {
                    let known: Vec<&str> = by_id.keys().copied().collect();
                    self.error(
                        path,
                        format!(
                            "tour stop {}: there is no event \"{id}\"{}",
                            i + 1,
                            closest_hint(id, &known)
                        ),
                    );
                }
            }
        }
        Some(stops)
    }
}

/// `; did you mean "x"?` when a known name is close to `name`.
fn closest_hint(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::levenshtein(k, name), *k))
        .filter(|(distance, k)| *distance <= 3.max(k.len() / 4))
        .min()
        .map(|(_, k)| format!("; did you mean \"{k}\"?"))
        .unwrap_or_default()
}

/// Explains where an excerpt stops matching its source: the longest opening of the excerpt that
/// the source contains, found by binary search over its length.
fn mismatch_message(index: &SourceIndex, excerpt: &str) -> String {
    let normalized = normalize_whitespace(excerpt);
    if normalized.is_empty() {
        return "the excerpt text is empty".to_owned();
    }
    let boundaries: Vec<usize> = normalized
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(normalized.len()))
        .collect();
    // Largest k such that the first `boundaries[k]` bytes occur; none when even one char fails.
    let (mut low, mut high) = (0usize, boundaries.len());
    while low < high {
        let mid = low + (high - low) / 2;
        let prefix = normalized
            .get(..boundaries.get(mid).copied().unwrap_or(0))
            .unwrap_or_default();
        if index.find(prefix).is_some() {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    let matched_len = low
        .checked_sub(1)
        .and_then(|k| boundaries.get(k).copied())
        .unwrap_or(0);
    let matched = normalized.get(..matched_len).unwrap_or_default();
    if matched.chars().count() < 12 {
        return "the text does not occur in the source (check that it is copied exactly, with straight quotes and --)".to_owned();
    }
    let tail: String = {
        let chars: Vec<char> = matched.chars().collect();
        let start = chars.len().saturating_sub(40);
        chars.get(start..).unwrap_or_default().iter().collect()
    };
    let next: String = normalized
        .get(matched_len..)
        .unwrap_or_default()
        .chars()
        .take(20)
        .collect();
    format!("the text matches the source up to \"…{tail}\", then differs at \"{next}\"")
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests;
