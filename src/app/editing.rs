//! Making and changing timelines in the window: Edit mode, edits with undo and redo, saving
//! without ever losing work (atomic saves, a question before unsaved changes are dropped, a
//! warning when the file changed on disk meanwhile, recovery files after a crash), new
//! timelines, adding source texts, and quoting a selected passage.
//!
//! After every change the document is checked as `sourceline check` would check the file: its
//! problems are shown at their fields, and when it loads, the timeline shows the new version.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::SourcelineApp;
use crate::edit::{Edit, EditDocument, Recovery, slug, unique_id};
use crate::model::{
    DatePoint, HistDate, Problem, ProblemCounts, Severity, SourceFolder, TextFileError,
    check_relative_path, check_url, load_bytes, read_text_file, write_atomically,
};
use crate::suggest::{SuggestOptions, suggest};
use crate::ui::{NewSource, NewTimeline, UnsavedChoice};

/// How often unsaved edits are written to the recovery file.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(3);

/// A timeline file being edited.
pub struct Editing {
    /// The document.
    pub doc: EditDocument,

    /// Its problems as it stands (as `sourceline check` would report them).
    pub problems: Vec<Problem>,

    /// The event shown in the editor, by id.
    pub event: Option<String>,

    /// A hash of the file's bytes on disk when last read or written: tells our own saves from
    /// changes made by other programs.
    pub disk_hash: u64,

    /// The file changed on disk while there were unsaved edits (the user is asked what to do).
    pub changed_on_disk: bool,

    /// The text last written to the recovery file, and when.
    recovery: Option<(u64, Instant)>,
}

/// Something waiting for an answer about unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingAction {
    /// Close the window.
    Close,

    /// Open another file.
    Open(PathBuf),

    /// Show the built-in timeline.
    OpenBuiltin,

    /// Load the file again from disk.
    Reload,
}

/// A dialog over the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// "New timeline": what went wrong with the last try, if anything.
    NewTimeline {
        /// Why the timeline could not be created.
        error: Option<String>,
    },

    /// "Add source text".
    AddSource {
        /// Why the text could not be added.
        error: Option<String>,
        /// The file is Windows-1252 text: offer to convert it.
        offer_conversion: bool,
    },

    /// "Save changes before…?"
    Unsaved(PendingAction),

    /// Unsaved edits from a session that ended without saving them.
    Recovery(Recovery),
}

/// A quick hash of some bytes.
fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

impl SourcelineApp {
    /// Turns Edit mode on (starting to edit the open file) or off.
    pub(super) fn toggle_edit_mode(&mut self) {
        if self.session.edit_mode {
            self.session.edit_mode = false;
            return;
        }
        if self.session.file_path.is_none() || self.session.doc().is_none() {
            self.session.edit_status = Some(
                "The built-in timeline cannot be changed. Make your own with File → New \
                 timeline…, or open a timeline file."
                    .to_owned(),
            );
            return;
        }
        if self.start_editing() {
            self.session.edit_mode = true;
            let selected = self.session.selected_event_id().map(str::to_owned);
            if let Some(editing) = &mut self.session.editing {
                editing.event = selected;
            }
        }
    }

    /// Reads the open file into an editable document (unless one is open already). Returns
    /// whether there is one.
    fn start_editing(&mut self) -> bool {
        if self.session.editing.is_some() {
            return true;
        }
        let Some(path) = self.session.file_path.clone() else {
            return false;
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.session.edit_status = Some(format!("Cannot edit {}: {error}", path.display()));
                return false;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        match EditDocument::from_text(&text) {
            Ok(doc) => {
                self.session.editing = Some(Editing {
                    doc,
                    problems: Vec::new(),
                    event: None,
                    disk_hash: hash_bytes(&bytes),
                    changed_on_disk: false,
                    recovery: None,
                });
                self.revalidate();
                true
            }
            Err(error) => {
                self.session.edit_status = Some(format!("Cannot edit {}: {error}", path.display()));
                false
            }
        }
    }

    /// Makes an edit (starting to edit the file if needed) and shows its result.
    pub(super) fn apply_edit(&mut self, edit: Edit) {
        if !self.start_editing() {
            return;
        }
        let Some(editing) = &mut self.session.editing else {
            return;
        };
        let renamed = match &edit {
            Edit::SetEvent {
                event, key, value, ..
            } if key == "id" && editing.event.as_deref() == Some(event) => {
                value.as_ref().and_then(Value::as_str).map(str::to_owned)
            }
            _ => None,
        };
        match editing.doc.apply(edit) {
            Ok(()) => {
                if renamed.is_some() {
                    editing.event = renamed;
                }
                self.session.edit_status = None;
                self.revalidate();
            }
            Err(error) => self.session.edit_status = Some(format!("Not changed: {error}")),
        }
    }

    /// Undoes (or redoes) the last edit.
    pub(super) fn undo_redo(&mut self, redo: bool) {
        let Some(editing) = &mut self.session.editing else {
            return;
        };
        let done = if redo {
            editing.doc.redo()
        } else {
            editing.doc.undo()
        };
        self.session.edit_status = done.map(|label| {
            let verb = if redo { "Redone" } else { "Undone" };
            format!("{verb}: {}", label.to_lowercase())
        });
        self.revalidate();
    }

    /// Checks the document as it stands; when it loads, the timeline shows it.
    fn revalidate(&mut self) {
        let Some(path) = self.session.file_path.clone() else {
            return;
        };
        let Some(editing) = &mut self.session.editing else {
            return;
        };
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let outcome = load_bytes(
            editing.doc.text().as_bytes(),
            &path.display().to_string(),
            &SourceFolder { folder },
        );
        editing.problems.clone_from(&outcome.problems);
        let grouping = self.state.grouping;
        // A version with errors is not shown: the last good one stays while the problems are
        // fixed at their fields.
        if self.session.show_version(&path, outcome, grouping).is_ok() {
            self.watch_open_file();
        }
    }

    /// Whether there are unsaved edits.
    pub fn has_unsaved_changes(&self) -> bool {
        self.session
            .editing
            .as_ref()
            .is_some_and(|e| e.doc.is_dirty())
    }

    /// Saves the document. Returns whether it was saved. A document with errors is not saved
    /// (the file on disk stays one that opens); the edits stay, in the window and in the
    /// recovery file.
    pub(super) fn save(&mut self) -> bool {
        let Some(path) = self.session.file_path.clone() else {
            return false;
        };
        let Some(editing) = &mut self.session.editing else {
            self.session.edit_status = Some("Nothing to save.".to_owned());
            return true;
        };
        let counts = ProblemCounts::of(&editing.problems);
        if counts.errors > 0 {
            self.session.edit_status = Some(format!(
                "Not saved: the timeline has {counts}. Fix the errors shown at their fields \
                 and save again; your edits are kept."
            ));
            return false;
        }
        if editing.changed_on_disk {
            self.session.edit_status = Some(format!(
                "Not saved: {} changed on disk. Choose to keep your edits (then save again) or \
                 to load the file from disk.",
                path.display()
            ));
            return false;
        }
        let text = editing.doc.text().to_owned();
        match write_atomically(&path, text.as_bytes()) {
            Ok(()) => {
                editing.doc.mark_saved();
                editing.disk_hash = hash_bytes(text.as_bytes());
                self.session.edit_status = Some(format!("Saved {}.", path.display()));
                self.remove_recovery_file();
                true
            }
            Err(error) => {
                self.session.edit_status = Some(format!("Not saved: {error}"));
                false
            }
        }
    }

    /// Whether `action` must wait for an answer about unsaved changes; if so, asks.
    pub(super) fn ask_before(&mut self, action: PendingAction) -> bool {
        if !self.has_unsaved_changes() {
            return false;
        }
        self.session.dialog = Some(Dialog::Unsaved(action));
        true
    }

    /// Answers "Save changes before…?".
    pub(super) fn resolve_unsaved(&mut self, choice: UnsavedChoice) {
        let Some(Dialog::Unsaved(action)) = self.session.dialog.take() else {
            return;
        };
        match choice {
            UnsavedChoice::Cancel => return,
            UnsavedChoice::Save if !self.save() => return,
            UnsavedChoice::Save => {}
            UnsavedChoice::Discard => self.discard_edits(),
        }
        match action {
            PendingAction::Close => {
                self.runtime.allow_close = true;
                if let Some(ctx) = &self.runtime.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            PendingAction::Open(path) => self.open_file(path),
            PendingAction::OpenBuiltin => self.open_builtin(),
            PendingAction::Reload => self.reload(),
        }
    }

    /// Drops the unsaved edits (and their recovery file).
    fn discard_edits(&mut self) {
        self.remove_recovery_file();
        self.session.editing = None;
        self.session.edit_mode = false;
    }

    /// A watched file changed: returns whether the reload should go ahead. Our own saves are
    /// ignored; with unsaved edits, the user is asked instead.
    pub(super) fn reload_allowed(&mut self) -> bool {
        let (Some(path), Some(editing)) = (&self.session.file_path, &mut self.session.editing)
        else {
            return true;
        };
        let Ok(bytes) = std::fs::read(path) else {
            return true;
        };
        if hash_bytes(&bytes) == editing.disk_hash {
            // The file is as we last read or wrote it (a source text may have changed).
            self.revalidate();
            return false;
        }
        if editing.doc.is_dirty() {
            editing.changed_on_disk = true;
            return false;
        }
        // No unsaved edits: read the new version, and edit that.
        self.session.editing = None;
        true
    }

    /// After the file changed on disk under unsaved edits: load it (dropping the edits), or
    /// keep the edits and let the next save overwrite the file.
    pub(super) fn resolve_changed_on_disk(&mut self, reload: bool) {
        let keep_editing = self.session.edit_mode;
        if reload {
            self.discard_edits();
            self.reload();
            if keep_editing {
                self.toggle_edit_mode();
            }
        } else if let Some(editing) = &mut self.session.editing {
            editing.changed_on_disk = false;
            editing.disk_hash = self
                .session
                .file_path
                .as_deref()
                .and_then(|p| std::fs::read(p).ok())
                .map_or(0, |b| hash_bytes(&b));
        }
    }

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
    fn add_event(&mut self, mut event: Map<String, Value>) {
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
                self.apply_edit(Edit::AddExcerpt { event, excerpt });
                self.session.edit_mode = true;
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
        let text = if request.path.trim().is_empty() {
            if request.pasted.trim().is_empty() {
                return fail(
                    self,
                    "Choose a text file, or paste the text.".to_owned(),
                    false,
                );
            }
            request.pasted.clone()
        } else {
            match read_text_file(Path::new(request.path.trim())) {
                Ok(text) => text,
                Err(TextFileError::NotUtf8 {
                    converted: Some(text),
                    ..
                }) if request.convert => text,
                Err(error @ TextFileError::NotUtf8 { .. }) => {
                    let offer = matches!(
                        &error,
                        TextFileError::NotUtf8 {
                            converted: Some(_),
                            ..
                        }
                    );
                    return fail(self, error.to_string(), offer);
                }
                Err(error) => return fail(self, error.to_string(), false),
            }
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
        // The text goes beside the timeline, under sources/, never over another file.
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
        if let Err(error) = check_relative_path(&relative) {
            return fail(self, error, false);
        }
        let file = folder.join(&relative);
        if let Some(parent) = file.parent()
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            return fail(
                self,
                format!("Cannot create {}: {error}", parent.display()),
                false,
            );
        }
        if let Err(error) = write_atomically(&file, text.as_bytes()) {
            return fail(self, error.to_string(), false);
        }
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
    fn clear_dialog_drafts(&self) {
        if let Some(ctx) = &self.runtime.ctx {
            crate::ui::dialogs::clear_drafts(ctx);
        }
    }

    /// Writes unsaved edits to the recovery file every few seconds; removes it when there are
    /// none. Called once per frame.
    pub(super) fn keep_recovery_file(&mut self, ctx: &egui::Context) {
        let (Some(dir), Some(path)) = (&self.runtime.recovery_dir, &self.session.file_path) else {
            return;
        };
        let Some(editing) = &mut self.session.editing else {
            return;
        };
        if !editing.doc.is_dirty() {
            return;
        }
        let hash = hash_bytes(editing.doc.text().as_bytes());
        match editing.recovery {
            Some((written, _)) if written == hash => {}
            Some((_, at)) if at.elapsed() < RECOVERY_INTERVAL => {
                ctx.request_repaint_after(RECOVERY_INTERVAL.saturating_sub(at.elapsed()));
            }
            _ => {
                let file = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                // A failure to write the safety copy must not stop the editing.
                if crate::edit::write_recovery(dir, &file, editing.doc.text()).is_ok() {
                    editing.recovery = Some((hash, Instant::now()));
                }
            }
        }
    }

    /// Removes the recovery file of the open timeline.
    fn remove_recovery_file(&mut self) {
        if let (Some(dir), Some(path)) = (&self.runtime.recovery_dir, &self.session.file_path) {
            let file = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            crate::edit::remove_recovery(dir, &file);
        }
        if let Some(editing) = &mut self.session.editing {
            editing.recovery = None;
        }
    }

    /// Looks for unsaved edits left by a session that ended without saving them (once, at
    /// start), and asks whether to restore them.
    pub(super) fn offer_recovery(&mut self) {
        let Some(dir) = &self.runtime.recovery_dir else {
            return;
        };
        if let Some(recovery) = crate::edit::find_recoveries(dir).into_iter().next() {
            self.session.dialog = Some(Dialog::Recovery(recovery));
        }
    }

    /// Restores unsaved edits from the recovery file, or discards them.
    pub(super) fn resolve_recovery(&mut self, restore: bool) {
        let Some(Dialog::Recovery(recovery)) = self.session.dialog.take() else {
            return;
        };
        if let Some(dir) = &self.runtime.recovery_dir {
            crate::edit::remove_recovery(dir, &recovery.file);
        }
        if !restore {
            return;
        }
        if !recovery.file.is_file() {
            self.session.edit_status = Some(format!(
                "Could not restore: {} no longer exists.",
                recovery.file.display()
            ));
            return;
        }
        self.open_file(recovery.file.clone());
        if !self.start_editing() {
            return;
        }
        let Ok(mut restored) = EditDocument::from_text(&recovery.text) else {
            return;
        };
        if let Some(editing) = &mut self.session.editing {
            restored.mark_unsaved(editing.doc.text().to_owned());
            editing.doc = restored;
        }
        self.session.edit_mode = true;
        self.session.edit_status =
            Some("Your unsaved edits were restored; save to keep them.".to_owned());
        self.revalidate();
    }

    /// The problems of the document being edited that are errors.
    pub fn edit_errors(&self) -> usize {
        self.session.editing.as_ref().map_or(0, |e| {
            e.problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count()
        })
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
