//! Importing timelines made with other tools: TimelineJS JSON, the TimelineJS Google-Sheets
//! template as CSV, and any spreadsheet CSV. Each importer reads the original into event drafts,
//! noting with its place everything it changed or could not carry over; one assembler turns the
//! drafts into a timeline document in our format.
//!
//! Severity follows what the author loses: a *warning* when something was kept elsewhere
//! (a display date as the date note, media as a line of the summary) or is presentational only
//! (slide backgrounds); an *error* when something the author wrote is not in the result (a row
//! without a date, month 13).

mod assemble;
mod html;
mod notes;
mod sheet;
mod slides;
mod spreadsheet;
mod table;
mod timelinejs;

pub use html::{html_to_line, html_to_text};
pub use notes::Place;
pub use spreadsheet::{Field, parse_column_map};

use std::path::Path;

use crate::edit::canonical_text;
use crate::model::{Problem, ProblemCounts, Severity, count_noun};
use notes::Notes;

/// The kinds of file that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// A TimelineJS JSON file.
    TimelineJs,
    /// The TimelineJS Google-Sheets template, saved as CSV.
    TimelineJsSheet,
    /// Any spreadsheet saved as CSV, one event per row.
    Spreadsheet,
}

impl ImportKind {
    /// How the kind is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::TimelineJs => "TimelineJS JSON",
            Self::TimelineJsSheet => "TimelineJS spreadsheet (CSV)",
            Self::Spreadsheet => "spreadsheet (CSV)",
        }
    }
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The kind of file; detected from the content and name when `None`.
    pub kind: Option<ImportKind>,

    /// For spreadsheets: which header holds which field (the rest are recognised by name).
    pub columns: Vec<(Field, String)>,
}

/// What an import produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The kind of file it was read as (`None` when even that could not be told).
    pub kind: Option<ImportKind>,

    /// The timeline in our format; `None` when the file could not be read at all.
    pub document: Option<serde_json::Value>,

    /// Everything changed or not carried over, located in the original.
    pub notes: Vec<Problem>,

    /// Events (and eras) the original has.
    pub events_read: usize,

    /// Events in the result.
    pub events_imported: usize,

    /// Categories in the result.
    pub categories: usize,
}

impl Imported {
    /// True when everything came over (warnings at most).
    pub fn is_complete(&self) -> bool {
        self.document.is_some() && !self.notes.iter().any(Problem::is_error)
    }

    /// The result as the text of a timeline file, in the canonical layout.
    pub fn text(&self) -> Option<String> {
        self.document.as_ref().map(canonical_text)
    }

    /// One line: `Imported 10 of 11 events in 3 categories from a TimelineJS JSON file; 2
    /// warnings, 1 error`.
    pub fn summary(&self) -> String {
        let counts = ProblemCounts::of(&self.notes);
        let counts = if counts.is_clean() {
            "nothing lost".to_owned()
        } else {
            counts.to_string()
        };
        let Some(kind) = self.kind else {
            return format!("Nothing imported; {counts}");
        };
        if self.document.is_none() {
            return format!("Nothing imported from the {}; {counts}", kind.label());
        }
        let events = if self.events_imported == self.events_read {
            count_noun(self.events_imported, "event")
        } else {
            format!(
                "{} of {}",
                self.events_imported,
                count_noun(self.events_read, "event")
            )
        };
        format!(
            "Imported {events} in {} from the {}; {counts}",
            if self.categories == 1 {
                "1 category".to_owned()
            } else {
                format!("{} categories", self.categories)
            },
            kind.label()
        )
    }
}

/// The text of a file that starts with a UTF-16 byte order mark (as Excel's "Unicode Text" and
/// some Windows tools save): `None` for other files, the offset of the first bad byte when it
/// is not UTF-16 after all.
fn utf16_text(bytes: &[u8]) -> Option<Result<String, usize>> {
    let (encoding, bom_length) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
        return None;
    }
    let body = bytes.get(bom_length..).unwrap_or_default();
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(body.len())?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    Some(match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        _ => Err(bom_length + read),
    })
}

/// Imports a file from disk (see [`import_bytes`]).
pub fn import_path(path: &Path, options: &ImportOptions) -> Imported {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => import_bytes(&bytes, &name, options),
        Err(error) => failed(None, &name, None, format!("cannot read the file: {error}")),
    }
}

/// Imports the bytes of a file called `file_name`. Never panics; a file that cannot be read at
/// all gives no document and a located error.
pub fn import_bytes(bytes: &[u8], file_name: &str, options: &ImportOptions) -> Imported {
    let mut notes = Notes::default();
    let text = match utf16_text(bytes) {
        Some(Ok(text)) => {
            notes.warn(
                notes::Place::File,
                "the file is UTF-16 text (what Excel's \"Unicode Text\" saves): read as such",
            );
            Ok(text)
        }
        Some(Err(offset)) => {
            return failed(
                None,
                file_name,
                None,
                format!(
                    "{file_name} starts as UTF-16 text, but the bytes at offset {offset} are not \
                     UTF-16; save it as UTF-8 text and try again"
                ),
            );
        }
        None => crate::model::decode_text(bytes.to_vec(), file_name),
    };
    let text = match text {
        Ok(text) => text,
        Err(crate::model::TextFileError::NotUtf8 {
            converted: Some(text),
            encoding,
            ..
        }) => {
            notes.warn(
                notes::Place::File,
                format!("the file is not UTF-8: read as {encoding}; check accented letters"),
            );
            text
        }
        Err(error) => return failed(None, file_name, None, error.to_string()),
    };
    let kind = options
        .kind
        .unwrap_or_else(|| detect_kind(file_name, &text));
    let stem = Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("imported")
        .trim_end_matches(".sourceline");
    // A script holding the timeline is read as the timeline, in place (see `script_assignment`).
    let script = (kind == ImportKind::TimelineJs)
        .then(|| script_assignment(&text).map(|(json, name)| (json, name.to_owned())))
        .flatten();
    let text = match script {
        Some((json, name)) => {
            notes.warn(
                notes::Place::File,
                format!(
                    "the file is a script that sets {name} (as TimelineJS 2's JSONP files do): \
                     the timeline in it was read"
                ),
            );
            json
        }
        None => text,
    };
    let (heading, drafts, events_read) = match kind {
        ImportKind::TimelineJs => {
            let root: serde_json::Value = match serde_json::from_str(&text) {
                Ok(root) => root,
                Err(error) => {
                    let location = crate::model::TextLocation {
                        line: u32::try_from(error.line()).unwrap_or(u32::MAX),
                        column: u32::try_from(error.column()).unwrap_or(u32::MAX),
                    };
                    return failed(Some(kind), file_name, Some(location), json_message(&error));
                }
            };
            if root.get("format").is_some() && root.get("categories").is_some() {
                return failed(
                    Some(kind),
                    file_name,
                    None,
                    "this is already a Sourceline timeline: open it instead of importing it"
                        .to_owned(),
                );
            }
            let slides = match timelinejs::read_slides(&root, &mut notes) {
                Ok(slides) => slides,
                Err(message) => return failed(Some(kind), file_name, None, message),
            };
            let read = slides::from_slides(slides, &mut notes);
            (read.heading, read.drafts, read.event_slides)
        }
        ImportKind::TimelineJsSheet | ImportKind::Spreadsheet => {
            let table = match table::read_table(&text, &mut notes) {
                Ok(table) => table,
                Err((place, message)) => {
                    let location = match place {
                        notes::Place::Cell { line, column } => Some(crate::model::TextLocation {
                            line: u32::try_from(line).unwrap_or(u32::MAX),
                            column: u32::try_from(column).unwrap_or(u32::MAX),
                        }),
                        _ => None,
                    };
                    return failed(Some(kind), file_name, location, message);
                }
            };
            if kind == ImportKind::TimelineJsSheet {
                let slides = sheet::read_sheet(&table, &mut notes);
                let read = slides::from_slides(slides, &mut notes);
                (read.heading, read.drafts, read.event_slides)
            } else {
                match spreadsheet::read_rows(&table, &options.columns, &mut notes) {
                    Ok(drafts) => (Default::default(), drafts, table.rows.len()),
                    Err(message) => return failed(Some(kind), file_name, None, message),
                }
            }
        }
    };
    let events_imported = drafts.len();
    let assembled = assemble::assemble(heading, drafts, stem, &mut notes);
    Imported {
        kind: Some(kind),
        document: Some(assembled.document),
        notes: notes.into_problems(file_name, &text),
        events_read,
        events_imported,
        categories: assembled.categories,
    }
}

/// TimelineJS 2's JSONP files hold the timeline in a script: `storyjs_jsonp_data = { … };`.
/// Returns the text with everything but the object blanked out (lines and columns stay those of
/// the file, for notes), and the name assigned to; `None` for any other text.
fn script_assignment(text: &str) -> Option<(String, &str)> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let declared = ["var ", "let ", "const "]
        .iter()
        .find_map(|keyword| start.strip_prefix(keyword))
        .unwrap_or(start)
        .trim_start();
    let name_len = declared
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.')))
        .unwrap_or(declared.len());
    let name = declared.get(..name_len).filter(|name| !name.is_empty())?;
    let value = declared
        .get(name_len..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    if !value.starts_with('{') {
        return None;
    }
    let object_start = text.len() - value.len();
    let object_end = text.trim_end().trim_end_matches(';').trim_end().len();
    if object_end <= object_start || !text.get(..object_end)?.ends_with('}') {
        return None;
    }
    let json = text
        .char_indices()
        .map(|(i, ch)| {
            if (object_start..object_end).contains(&i) || matches!(ch, '\n' | '\r') {
                ch
            } else {
                ' '
            }
        })
        .collect();
    Some((json, name))
}

/// The kind a file is, from its content first and its name second: JSON with an `events` list
/// is TimelineJS; a CSV whose header has TimelineJS's Year and Headline columns is its sheet;
/// any other CSV is a spreadsheet.
pub fn detect_kind(file_name: &str, text: &str) -> ImportKind {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let json_name = extension_is(file_name, &["json", "js", "jsonp"]);
    if trimmed.starts_with('{')
        || (json_name && !trimmed.contains(','))
        || script_assignment(text).is_some()
    {
        return ImportKind::TimelineJs;
    }
    let mut notes = Notes::default();
    match table::read_table(text, &mut notes) {
        Ok(table) if sheet::is_timelinejs_sheet(&table.headers) => ImportKind::TimelineJsSheet,
        _ if json_name => ImportKind::TimelineJs,
        _ => ImportKind::Spreadsheet,
    }
}

/// Whether a file looks importable rather than a Sourceline timeline: a CSV, or TimelineJS JSON
/// (an `events` list, or TimelineJS 2's `timeline` with its `date` list, also in a JSONP script)
/// with no `format` member. Used when a file is dropped on the window.
pub fn is_foreign_timeline(file_name: &str, bytes: &[u8]) -> bool {
    if extension_is(file_name, &["csv", "tsv"]) {
        return true;
    }
    if !extension_is(file_name, &["json", "js", "jsonp"]) {
        return false;
    }
    let text = String::from_utf8_lossy(bytes);
    let json = script_assignment(&text).map_or_else(|| text.clone(), |(json, _)| json.into());
    match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Object(top)) => {
            // TimelineJS 3 has an events list; TimelineJS 2 a timeline with a date list.
            let events = top.get("events").is_some_and(serde_json::Value::is_array);
            let dates = top
                .get("timeline")
                .and_then(|timeline| timeline.get("date"))
                .is_some_and(serde_json::Value::is_array);
            (events || dates) && !top.contains_key("format")
        }
        _ => false,
    }
}

/// Whether the file name ends in one of `extensions` (in any case).
fn extension_is(file_name: &str, extensions: &[&str]) -> bool {
    Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Whether two paths name the same file (through the file system when both exist), so that an
/// import never writes over the file it reads.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The message of a JSON syntax error, without serde's own "at line … column …".
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    if error.is_eof() {
        format!("the file ends too early (is it cut off?): {message}")
    } else {
        format!("this is not valid JSON: {message}")
    }
}

fn failed(
    kind: Option<ImportKind>,
    file: &str,
    location: Option<crate::model::TextLocation>,
    message: String,
) -> Imported {
    Imported {
        kind,
        document: None,
        notes: vec![Problem {
            severity: Severity::Error,
            file: file.to_owned(),
            location,
            message,
            path: None,
        }],
        events_read: 0,
        events_imported: 0,
        categories: 0,
    }
}
