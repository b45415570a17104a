//! Edit mode: starting to edit the open file, edits with undo and redo, and the dialogs and
//! questions editing can raise. (`saving` keeps the work safe; `authoring` makes timelines,
//! source texts and events.)
//!
//! After every change the document is checked as `sourceline check` would check the file: its
//! problems are shown at their fields, and when it loads, the timeline shows the new version.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::SourcelineApp;
use crate::edit::{Edit, EditDocument, Recovery};
use crate::model::{Problem, Severity, SourceFolder, load_bytes};

/// How often unsaved edits are written to the recovery file.
pub(super) const RECOVERY_INTERVAL: Duration = Duration::from_secs(3);

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
    pub(super) recovery: Option<(u64, Instant)>,
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
        /// The file is Windows-1252 or UTF-16 text: offer to convert it.
        offer_conversion: bool,
    },

    /// "Save changes before…?"
    Unsaved(PendingAction),

    /// Unsaved edits from a session that ended without saving them.
    Recovery(Recovery),

    /// What importing a file brings over, before it is saved as a new timeline.
    Import(Box<super::importing::ImportDialog>),
}

/// A quick hash of some bytes.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
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
        let events = self
            .session
            .doc()
            .map_or(0, |doc| doc.timeline.events.len());
        if events > self.session.large_timeline_events
            && self.session.editing.is_none()
            && !std::mem::replace(&mut self.session.large_edit_warned, true)
        {
            self.session.edit_status = Some(format!(
                "This timeline has {} events. While it is edited, every change checks the whole \
                 file again (about 0.6 s per 100,000 events on a two-core computer), and the file \
                 is held a second time, in a form about ten times its size. Choose Edit (E) again to \
                 edit it all the same; for many changes, edit the file in a text editor and run \
                 sourceline check.",
                crate::model::thousands(events)
            ));
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
    pub(super) fn start_editing(&mut self) -> bool {
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
    pub(super) fn revalidate(&mut self) {
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
