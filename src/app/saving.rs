//! Keeping work safe: saving (atomic, refused while the document has errors), the question
//! before unsaved changes would be dropped, our own saves told from outside changes, and
//! recovery files for unsaved edits after a crash.

use std::time::Instant;

use super::SourcelineApp;
use super::editing::{Dialog, PendingAction, RECOVERY_INTERVAL, hash_bytes};
use crate::edit::EditDocument;
use crate::model::{ProblemCounts, write_atomically};
use crate::ui::UnsavedChoice;

impl SourcelineApp {
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
    pub(super) fn discard_edits(&mut self) {
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
    pub(super) fn remove_recovery_file(&mut self) {
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
}
