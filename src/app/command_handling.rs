//! The one command handler: every [`Command`] is handled in exactly one arm, which calls the
//! session, the remembered state or a helper.

use std::path::{Path, PathBuf};

use super::Document;
use super::SourcelineApp;
use super::editing::{Dialog, PendingAction};
use super::export::{ExportTarget, FileFormat};
use super::loading::LoadPurpose;
use super::session::ClusterList;
use crate::export::ExportRequest;
use crate::ui::Command;
use crate::ui::export_dialog::ExportKind;

impl SourcelineApp {
    /// Runs one command.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::Select(event) => self.select(event),
            Command::Step(delta) => self.state.open_details_if(self.session.step(delta)),
            Command::SelectFirst => self.state.open_details_if(self.session.select_end(false)),
            Command::SelectLast => self.state.open_details_if(self.session.select_end(true)),
            Command::FitAll => self.session.fit_all(),
            Command::Zoom(factor) => self.session.zoom(factor),
            Command::ZoomTo { start_day, end_day } => self.session.zoom_to(start_day, end_day),
            Command::OpenCluster {
                events,
                start_day,
                end_day,
                at,
            } => (self.session).open_cluster(ClusterList { events, at }, start_day, end_day),
            Command::CloseClusterList => self.session.cluster_list = None,
            Command::ShowInSource { event, excerpt } => self.session.show_in_source(event, excerpt),
            Command::CloseSource => self.session.source_view = None,
            Command::Search(query) => self.session.search(query),
            Command::FocusSearch => self.session.focus_search = true,
            Command::NextMatch => self.state.open_details_if(self.session.step_match(true)),
            Command::PreviousMatch => self.state.open_details_if(self.session.step_match(false)),
            Command::SetFilter(filter) => self.session.set_filter(filter),
            Command::SetGrouping(grouping) => {
                self.state.grouping = grouping;
                self.session.set_grouping(grouping);
            }
            Command::OpenFileDialog => self.open_file_dialog(),
            Command::OpenFile(path) => self.open_file_asking(path),
            Command::OpenBuiltin => self.open_builtin_asking(),
            Command::Reload => self.reload_asking(),
            Command::FilesChanged => self.reload(),
            Command::ClearRecentFiles => self.state.recent_files.clear(),
            Command::SetTheme(theme) => self.state.theme = theme,
            Command::SetTextZoom(zoom) => self.set_text_zoom(zoom),
            Command::SetEventListOpen(open) => self.choose_panels(Some(open), None),
            Command::SetDetailOpen(open) => self.choose_panels(None, Some(open)),
            Command::OpenExportDialog => self.open_export_dialog(),
            Command::CloseExportDialog => self.session.export_dialog_open = false,
            Command::SetExportSettings(settings) => self.state.export = settings.sanitized(),
            Command::SaveExportAs => self.save_export_dialog(),
            Command::SaveExportTo(path) => self.save_export_to(path),
            Command::CopyImage => self.start_export(ExportTarget::Clipboard),
            Command::StartPresentation => self.start_presentation(),
            Command::StopPresentation => self.stop_presentation(),
            Command::Present(key) => self.present_key(key),
            Command::SetPresentKeyEventsOnly(on) => self.state.present_key_events_only = on,
            Command::SetReduceMotion(on) => self.state.reduce_motion = on,
            Command::ShowSource(source) => self.session.show_source(source),
            Command::ToggleEditMode => self.toggle_edit_mode(),
            Command::Edit(edit) => self.apply_edit(edit),
            Command::EditEvent(event) => self.edit_event(event),
            Command::NewEvent => self.new_event(),
            Command::Undo => self.undo_redo(false),
            Command::Redo => self.undo_redo(true),
            Command::Save => drop(self.save()),
            Command::ResolveUnsaved(choice) => self.resolve_unsaved(choice),
            Command::ResolveChangedOnDisk { reload } => self.resolve_changed_on_disk(reload),
            Command::ResolveRecovery { restore } => self.resolve_recovery(restore),
            Command::OpenNewTimelineDialog => self.open_dialog(Dialog::NewTimeline { error: None }),
            Command::CreateTimeline(request) => self.create_timeline(&request),
            Command::OpenAddSourceDialog => self.open_dialog(Dialog::AddSource {
                error: None,
                offer_conversion: false,
            }),
            Command::AddSource(request) => self.add_source(&request),
            Command::ImportFileDialog => self.import_file_dialog(),
            Command::ImportFile(path) => self.preview_import(path),
            Command::ChooseImportTarget => self.choose_import_target(),
            Command::ConfirmImport => self.confirm_import(),
            Command::CloseDialog => self.close_dialog(),
            Command::SuggestEvents(source) => self.suggest_events(source),
            Command::UpdateSuggestion(n, draft) => self.update_suggestion(n, *draft),
            Command::ShowSuggestion(n) => self.show_suggestion(n),
            Command::AddSuggestions => self.add_suggestions(),
            Command::CloseSuggestions => self.session.suggestions = None,
            Command::Quote {
                source,
                range,
                new_event,
            } => self.quote(source, range, new_event),
        }
    }

    /// Selects an event (in presentation mode, goes to its stop).
    fn select(&mut self, event: Option<crate::model::EventIndex>) {
        match event {
            Some(event) if self.session.presentation.is_some() => self.present_event(event),
            _ => self.state.open_details_if(self.session.select(event)),
        }
    }

    /// Opens a timeline file (through the dialog, a drop, the recent files or the command line).
    /// A file that does not load shows its problems, and is watched so that fixing it opens it.
    pub fn open_file(&mut self, path: PathBuf) {
        // Remembered absolute, so that the recent files open from any folder.
        self.state.remember_file(&absolute_path(&path));
        let finished = self
            .loader
            .load(path, LoadPurpose::Open, self.runtime.ctx.as_ref());
        if let Some(finished) = finished {
            self.apply_load(finished);
        }
    }

    /// Opens a file, first asking about unsaved changes.
    fn open_file_asking(&mut self, path: PathBuf) {
        if !self.ask_before(PendingAction::Open(path.clone())) {
            self.open_file(path);
        }
    }

    /// Shows the built-in timeline, first asking about unsaved changes.
    fn open_builtin_asking(&mut self) {
        if !self.ask_before(PendingAction::OpenBuiltin) {
            self.open_builtin();
        }
    }

    /// Reloads the file, first asking about unsaved changes.
    fn reload_asking(&mut self) {
        if !self.ask_before(PendingAction::Reload) {
            self.reload();
        }
    }

    /// Shows an event (by id) in the editor, selecting it on the timeline too.
    fn edit_event(&mut self, event: Option<String>) {
        let index = event.as_deref().and_then(|id| {
            self.session
                .doc()
                .and_then(|d| d.timeline.event_by_id(id))
                .map(|(i, _)| i)
        });
        if let Some(editing) = &mut self.session.editing {
            editing.event = event;
            editing.doc.close_run();
        }
        if index.is_some() {
            self.session.select(index);
        }
    }

    /// Opens a dialog (closing any other).
    pub(super) fn open_dialog(&mut self, dialog: Dialog) {
        self.session.dialog = Some(dialog);
    }

    /// Closes the dialog; an unanswered question about unsaved changes counts as "Cancel", one
    /// about recovered edits keeps them for the next start.
    fn close_dialog(&mut self) {
        self.session.dialog = None;
    }

    /// Shows the built-in timeline.
    pub(super) fn open_builtin(&mut self) {
        (self.session).replace_document(Document::builtin(), None, self.state.grouping);
        self.state.last_file = None;
        self.watch_open_file();
    }

    /// Loads the open file again, keeping the view, the filters and (where its id still exists)
    /// the selection. When the new version does not load, the last good timeline stays and its
    /// problems are listed in a banner.
    pub fn reload(&mut self) {
        let Some(path) = self.session.file_path.clone() else {
            return;
        };
        if !self.reload_allowed() {
            return;
        }
        let finished = self
            .loader
            .load(path, LoadPurpose::Reload, self.runtime.ctx.as_ref());
        if let Some(finished) = finished {
            self.apply_load(finished);
        }
    }

    /// Asks which timeline file to open (a native dialog, which waits for the user), then
    /// opens it.
    fn open_file_dialog(&mut self) {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open a timeline")
            .add_filter("Timeline (JSON)", &["json"])
            .add_filter(
                "Timeline from another tool (TimelineJS, CSV)",
                &["json", "js", "csv", "tsv"],
            );
        if let Some(folder) = self.session.file_path.as_deref().and_then(Path::parent) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(path) = dialog.pick_file() {
            if super::importing::should_import(&path) {
                self.preview_import(path);
            } else {
                self.open_file(path);
            }
        }
    }

    /// Changes the text size.
    fn set_text_zoom(&mut self, zoom: f32) {
        let range = crate::ui::top_bar::TEXT_ZOOM_RANGE;
        self.state.text_zoom = zoom.clamp(*range.start(), *range.end());
        if let Some(ctx) = &self.runtime.ctx {
            ctx.set_zoom_factor(self.state.text_zoom);
        }
    }

    /// Opens the export dialog (when a timeline is open).
    fn open_export_dialog(&mut self) {
        self.session.export_dialog_open = self.session.doc().is_some();
        self.exporter.status = None;
    }

    /// Asks where to save the export (a native dialog, offering the dialog's format), then
    /// saves it.
    fn save_export_dialog(&mut self) {
        let format = self.state.export.format;
        // The title as a file name: "The End of the Cold War" gives the-end-of-the-cold-war.
        let stem = self.session.doc().map_or_else(
            || "timeline".to_owned(),
            |doc| crate::edit::slug(&doc.timeline.title, "timeline"),
        );
        let extensions: &[&str] = match format {
            ExportKind::WebPage => &["html", "htm"],
            other => &[other.extension()],
        };
        let chosen = rfd::FileDialog::new()
            .set_title(format!("Save the {}", format.label()))
            .add_filter(format.label(), extensions)
            .set_file_name(format!("{stem}.{}", format.extension()))
            .save_file();
        if let Some(path) = chosen {
            self.save_export_to(path);
        }
    }

    /// Saves the export to `path` (see [`Command::SaveExportTo`]).
    fn save_export_to(&mut self, path: PathBuf) {
        let (path, format) = FileFormat::for_path(path, &self.state.export);
        self.start_export(ExportTarget::File(path, format));
    }

    /// What the export dialog's settings ask for: the current view and selection.
    pub(super) fn export_request(&self) -> ExportRequest {
        let settings = self.state.export;
        let [width_pt, height_pt] = settings.size_pt(self.runtime.timeline_size_pt);
        ExportRequest {
            width_pt,
            height_pt,
            scale: settings.scale as f32,
            view: self.session.view,
            selected: self.session.selected,
            theme: settings.theme(),
            text: settings.text,
        }
    }

    /// Starts rendering the export of the current view and selection on a worker thread.
    fn start_export(&mut self, target: ExportTarget) {
        let request = self.export_request();
        let Document::Loaded(doc) = &self.session.document else {
            self.exporter.status = Some("Nothing to export: no timeline is open.".to_owned());
            return;
        };
        let ctx = self.runtime.ctx.as_ref();
        (self.exporter).start(std::sync::Arc::clone(doc), request, target, ctx);
    }
}

/// `path` made absolute (through the file system when it exists), for remembering it.
fn absolute_path(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
