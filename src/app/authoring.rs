//! Making timelines and events: new timelines, source texts copied in, new events, quoting a
//! selected passage, and events proposed from the dates in a source ("Suggest events").

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::SourcelineApp;
use super::editing::Dialog;
use crate::edit::{Edit, slug, unique_id};
use crate::model::{
    DatePoint, HistDate, TextFileError, check_relative_path, check_url, read_text_file,
    write_atomically,
};
use crate::suggest::{SuggestOptions, suggest};
use crate::ui::{NewSource, NewTimeline};

impl SourcelineApp {
    /// Adds a new event (dated in the middle of the view) and opens it in the editor.
    pub(super) fn new_event(&mut self) {
        let year = self
            .session
            .view
            .and_then(|v| crate::timeline::date_from_x(v.center_day()))
            .map_or(2000, |d| chrono::Datelike::year(&d));
        let date = DatePoint::new(year, None, None).map_or_else(String::new, |p| p.to_edtf());
        let mut event = Map::new();
        event.insert("title".to_owned(), json!("New event"));
        event.insert("date".to_owned(), json!(date));
        self.add_event(event);
    }

    /// Adds an event (id and category filled in when missing) and opens it in the editor.
    pub(super) fn add_event(&mut self, mut event: Map<String, Value>) {
        if !self.start_editing() {
            return;
        }
        let Some(editing) = &self.session.editing else {
            return;
        };
        let title = event
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("event");
        let id = unique_id(&slug(title, "event"), |id| editing.doc.has_id("events", id));
        let category = editing
            .doc
            .list("categories")
            .first()
            .and_then(|c| c.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let category = if let Some(category) = category {
            category
        } else {
            self.apply_edit(Edit::AddCategory(
                json!({"id": "events", "label": "Events"}),
            ));
            "events".to_owned()
        };
        let mut ordered = Map::new();
        ordered.insert("id".to_owned(), json!(id));
        ordered.insert("category".to_owned(), json!(category));
        ordered.append(&mut event);
        self.apply_edit(Edit::AddEvent(Value::Object(ordered)));
        self.session.edit_mode = true;
        if let Some(editing) = &mut self.session.editing {
            editing.event = Some(id);
            editing.doc.close_run();
        }
    }

    /// Quotes a passage of a source: as a new event (dated from the passage when it names a
    /// date), or as an excerpt of the event in the editor.
    pub(super) fn quote(&mut self, source: usize, range: std::ops::Range<usize>, new_event: bool) {
        let Some(doc) = self.session.doc() else {
            return;
        };
        let Some(source) = doc.timeline.sources.get(source) else {
            return;
        };
        let Some(text) = source.text.as_deref() else {
            return;
        };
        let Some(passage) = text
            .get(range.clone())
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            return;
        };
        let excerpt = json!({"source": source.id, "text": passage});
        if !new_event {
            let event = self
                .session
                .editing
                .as_ref()
                .and_then(|e| e.event.clone())
                .or_else(|| self.session.selected_event_id().map(str::to_owned));
            if let Some(event) = event {
                self.apply_edit(Edit::AddExcerpt {
                    event: event.clone(),
                    excerpt,
                });
                self.session.edit_mode = true;
                let added = self
                    .session
                    .editing
                    .as_ref()
                    .and_then(|e| e.doc.event(&event))
                    .and_then(|e| e.get("excerpts"))
                    .and_then(Value::as_array)
                    .map_or(0, |x| x.len().saturating_sub(1));
                self.highlight_quote(added);
            }
            return;
        }
        let mut event = Map::new();
        event.insert("title".to_owned(), json!(title_from(passage)));
        let document_date = match source.date {
            Some(HistDate::Point(point)) => Some(point),
            _ => None,
        };
        let found = suggest(text, &SuggestOptions { document_date });
        let dated = found
            .iter()
            .filter(|s| s.date.is_some())
            .find(|s| s.range.start < range.end && range.start < s.range.end)
            .or_else(|| {
                found.iter().filter(|s| s.date.is_some()).find(|s| {
                    s.excerpt_range.start <= range.start && range.start < s.excerpt_range.end
                })
            });
        event.insert(
            "date".to_owned(),
            json!(
                dated
                    .and_then(|s| s.date)
                    .map_or_else(String::new, |d| d.to_edtf())
            ),
        );
        if let Some(suggestion) = dated {
            if suggestion.status == crate::model::Status::Planned {
                event.insert("status".to_owned(), json!("planned"));
            }
            if let Some(note) = &suggestion.date_note {
                event.insert("date_note".to_owned(), json!(note));
            }
        }
        event.insert("excerpts".to_owned(), json!([excerpt]));
        self.add_event(event);
        self.highlight_quote(0);
    }

    /// Highlights, in the open source text, excerpt `n` of the event in the editor (just
    /// quoted), when the timeline shows it.
    fn highlight_quote(&mut self, n: usize) {
        let id = self.session.editing.as_ref().and_then(|e| e.event.clone());
        let index = id.as_deref().and_then(|id| {
            self.session
                .doc()
                .and_then(|d| d.timeline.event_by_id(id))
                .map(|(i, _)| i)
        });
        if let (Some(index), Some(view)) = (index, &mut self.session.source_view) {
            view.excerpt = Some((index, n));
        }
    }

    /// Creates a new timeline file in a folder and opens it for editing.
    pub(super) fn create_timeline(&mut self, request: &NewTimeline) {
        let fail = |app: &mut Self, error: String| {
            app.session.dialog = Some(Dialog::NewTimeline { error: Some(error) });
        };
        let title = request.title.trim();
        if title.is_empty() {
            return fail(self, "Give the timeline a title.".to_owned());
        }
        let folder = PathBuf::from(request.folder.trim());
        if request.folder.trim().is_empty() || !folder.is_dir() {
            return fail(
                self,
                format!(
                    "Choose a folder that exists (\"{}\" does not).",
                    request.folder.trim()
                ),
            );
        }
        let name = slug(title, "timeline");
        let path = (1..=u32::MAX)
            .map(|n| {
                let file = if n == 1 {
                    format!("{name}.json")
                } else {
                    format!("{name}-{n}.json")
                };
                folder.join(file)
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| folder.join(format!("{name}.json")));
        let document = json!({
            "format": 1,
            "title": title,
            "sources": [],
            "categories": [{"id": "events", "label": "Events"}],
            "events": []
        });
        if let Err(error) =
            write_atomically(&path, crate::edit::canonical_text(&document).as_bytes())
        {
            return fail(self, error.to_string());
        }
        self.session.dialog = None;
        self.clear_dialog_drafts();
        self.open_file(path);
        self.toggle_edit_mode();
    }

    /// Adds a source text: copies the file (or the pasted text) under `sources/` beside the
    /// timeline file and adds the source's entry.
    pub(super) fn add_source(&mut self, request: &NewSource) {
        let fail = |app: &mut Self, error: String, offer_conversion: bool| {
            app.session.dialog = Some(Dialog::AddSource {
                error: Some(error),
                offer_conversion,
            });
        };
        let Some(timeline_path) = self.session.file_path.clone() else {
            return fail(
                self,
                "Open or create a timeline file first.".to_owned(),
                false,
            );
        };
        if !self.start_editing() {
            return fail(self, "This timeline cannot be edited.".to_owned(), false);
        }
        let text = match new_source_text(request) {
            Ok(text) => text,
            Err((error, offer_conversion)) => return fail(self, error, offer_conversion),
        };
        let title = request.title.trim();
        if title.is_empty() {
            return fail(
                self,
                "Give the source a title (as a citation would).".to_owned(),
                false,
            );
        }
        let mut entry = Map::new();
        let Some(editing) = &self.session.editing else {
            return;
        };
        let id = unique_id(&slug(title, "source"), |id| {
            editing.doc.has_id("sources", id)
        });
        entry.insert("id".to_owned(), json!(id));
        entry.insert("title".to_owned(), json!(title));
        for (key, value) in [
            ("author", &request.author),
            ("date", &request.date),
            ("url", &request.url),
        ] {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let problem = match key {
                "date" => HistDate::parse(value).err().map(|e| e.to_string()),
                "url" => check_url(value).err(),
                _ => None,
            };
            if let Some(problem) = problem {
                return fail(self, problem, false);
            }
            entry.insert(key.to_owned(), json!(value));
        }
        let relative = match write_new_source_text(&timeline_path, &id, &text) {
            Ok(relative) => relative,
            Err(error) => return fail(self, error, false),
        };
        entry.insert("file".to_owned(), json!(relative));
        self.session.dialog = None;
        self.clear_dialog_drafts();
        self.apply_edit(Edit::AddSource(Value::Object(entry)));
        let index = self
            .session
            .doc()
            .and_then(|d| d.timeline.sources.iter().position(|s| s.id == id));
        if let Some(index) = index {
            self.session.show_source(index);
        }
    }

    /// Forgets what was typed into the dialogs (after one was confirmed).
    pub(super) fn clear_dialog_drafts(&self) {
        if let Some(ctx) = &self.runtime.ctx {
            crate::ui::dialogs::clear_drafts(ctx);
        }
    }
}

/// A short title from a quoted passage: its first words, up to about 60 characters.
fn title_from(passage: &str) -> String {
    let words = crate::model::normalize_whitespace(passage);
    let first_sentence = words
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(&words)
        .trim_end_matches(['.', '!', '?']);
    if first_sentence.chars().count() <= 60 {
        return first_sentence.to_owned();
    }
    let mut title = String::new();
    for word in first_sentence.split(' ') {
        if title.chars().count() + word.chars().count() > 57 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    title.push('…');
    title
}

/// The text a new source is to hold: the chosen file's (converted to UTF-8 when the user agreed)
/// or the pasted text. An error says what is wrong and whether converting the file would help.
fn new_source_text(request: &NewSource) -> Result<String, (String, bool)> {
    if request.path.trim().is_empty() {
        if request.pasted.trim().is_empty() {
            return Err(("Choose a text file, or paste the text.".to_owned(), false));
        }
        return Ok(request.pasted.clone());
    }
    match read_text_file(Path::new(request.path.trim())) {
        Ok(text) => Ok(text),
        Err(TextFileError::NotUtf8 {
            converted: Some(text),
            ..
        }) if request.convert => Ok(text),
        Err(error @ TextFileError::NotUtf8 { .. }) => {
            let offer = matches!(
                &error,
                TextFileError::NotUtf8 {
                    converted: Some(_),
                    ..
                }
            );
            Err((error.to_string(), offer))
        }
        Err(error) => Err((error.to_string(), false)),
    }
}

/// Writes a new source's text beside the timeline, under `sources/` and never over another
/// file; returns its path relative to the timeline's folder.
fn write_new_source_text(timeline_path: &Path, id: &str, text: &str) -> Result<String, String> {
    let folder = timeline_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let relative = (1..=u32::MAX)
        .map(|n| {
            if n == 1 {
                format!("sources/{id}.txt")
            } else {
                format!("sources/{id}-{n}.txt")
            }
        })
        .find(|r| !folder.join(r).exists())
        .unwrap_or_else(|| format!("sources/{id}.txt"));
    check_relative_path(&relative)?;
    let file = folder.join(&relative);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("Cannot create {}: {error}", parent.display()))?;
    }
    write_atomically(&file, text.as_bytes()).map_err(|error| error.to_string())?;
    Ok(relative)
}
