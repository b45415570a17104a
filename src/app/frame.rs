//! One frame of the window: background work is polled first, then each panel is laid out (one
//! call each), then the commands the panels and keys asked for are run.

use egui::{RichText, Ui};

use super::Document;
use super::SourcelineApp;
use super::editing::PendingAction;
use super::keyboard::{KeyMode, keyboard_commands};
use crate::ui::Command;
use crate::ui::dialogs::changed_on_disk_ui;
use crate::ui::overlays::{export_progress_ui, loading_strip_ui};
use crate::ui::problems::{error_view_ui, reload_banner_ui};
use crate::ui::theme;
use crate::ui::top_bar::{TopBarInput, top_bar_ui};

impl SourcelineApp {
    /// One frame of the whole window (what `eframe` calls each frame; benchmarks call it
    /// directly).
    pub fn show(&mut self, ui: &mut Ui) {
        let mut commands = self.before_frame(ui);
        if self.session.presentation.is_some() {
            self.presentation_frame(ui, &mut commands);
        } else {
            self.top_bar(ui, &mut commands);
            self.status_strips(ui, &mut commands);
            match self.session.document {
                Document::Failed { .. } => self.error_view(ui, &mut commands),
                Document::Loaded(_) => {
                    self.event_list_panel(ui, &mut commands);
                    if self.session.edit_mode && self.session.editing.is_some() {
                        self.editor_panel(ui, &mut commands);
                    } else {
                        self.detail_panel(ui, &mut commands);
                    }
                    self.timeline_panel(ui, &mut commands);
                    self.source_window(ui, &mut commands);
                    self.suggestions_window(ui, &mut commands);
                }
            }
            self.overlays(ui, &mut commands);
            self.dialog(ui, &mut commands);
        }
        for command in commands {
            self.run(command);
        }
    }

    /// Work before drawing: takes the context on the first frame, applies the theme and the
    /// title, polls loads, the file watcher and exports; returns the commands of the keys
    /// pressed and of a file dropped on the window.
    fn before_frame(&mut self, ui: &Ui) -> Vec<Command> {
        let ctx = ui.ctx().clone();
        if self.runtime.ctx.is_none() {
            self.runtime.ctx = Some(ctx.clone());
            self.watch_open_file();
        }
        self.runtime.window_width_pt = ctx.content_rect().width();
        let presenting = self.session.presentation.is_some();
        if !presenting && self.runtime.applied_theme != Some(self.state.theme) {
            self.runtime.apply_theme(&ctx, self.state.theme, false);
        }
        if let Some(finished) = self.loader.poll(&ctx) {
            self.apply_load(finished);
        }
        self.exporter.poll(&ctx, &mut self.runtime.clipboard);
        if self.session.poll_search() {
            // The index is being built: look again soon.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.session.export_dialog_open
            && self.state.export.format.has_preview()
            && let super::Document::Loaded(doc) = &self.session.document
        {
            let request = self.export_request();
            self.exporter.preview.update(doc, request, &ctx);
        }
        let title = match &self.session.document {
            Document::Loaded(doc) => doc.timeline.title.clone(),
            Document::Failed { file_name, .. } => {
                format!("{file_name} could not be opened: Sourceline")
            }
        };
        let dirty = if self.has_unsaved_changes() {
            "• "
        } else {
            ""
        };
        self.runtime
            .set_window_title(&ctx, format!("{dirty}{title}"));
        self.guard_close(&ctx);
        if !self.runtime.recovery_checked {
            self.runtime.recovery_checked = true;
            self.offer_recovery();
        }
        self.keep_recovery_file(&ctx);

        let mode = if presenting {
            KeyMode::Presenting
        } else {
            KeyMode::Window {
                escape: self.session.escape_command(),
            }
        };
        let mut commands = keyboard_commands(ui, mode);
        if !presenting {
            // egui's own Ctrl+/Ctrl− changed the text size: remember it.
            let zoom = ctx.zoom_factor();
            if zoom != self.state.text_zoom {
                commands.push(Command::SetTextZoom(zoom));
            }
            if self.loader.take_settled_change(&ctx) {
                commands.push(Command::FilesChanged);
            }
        }
        let dropped = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        commands.extend(dropped.map(|path| {
            if super::importing::should_import(&path) {
                Command::ImportFile(path)
            } else {
                Command::OpenFile(path)
            }
        }));
        commands
    }

    /// The toolbar.
    fn top_bar(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let session = &self.session;
        let doc = session.doc();
        let input = TopBarInput {
            has_timeline: doc.is_some(),
            has_file: session.file_path.is_some(),
            recent_files: &self.state.recent_files,
            event_list_open: self.panels_open().0,
            detail_open: self.panels_open().1,
            theme: self.state.theme,
            text_zoom: self.state.text_zoom,
            present_key_events_only: self.state.present_key_events_only,
            reduce_motion: self.state.reduce_motion,
            search_query: &session.search.query,
            search_matches: session
                .search
                .is_active()
                .then_some(session.search.matches.len()),
            search_pending: session.search.pending,
            focus_search: session.focus_search,
            warnings: doc.map_or(&[], |d| d.warnings.as_slice()),
            view: session.view,
            edit_mode: session.edit_mode,
            dirty: self.has_unsaved_changes(),
            undo_redo: session
                .editing
                .as_ref()
                .map_or([None, None], |e| [e.doc.undo_label(), e.doc.redo_label()]),
        };
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(2.0);
            top_bar_ui(ui, &input, commands);
            ui.add_space(2.0);
        });
        self.session.focus_search = false;
    }

    /// Strips under the toolbar: a file loading, an export rendering, the file changed on disk
    /// under unsaved edits, what an edit did, a reload that failed.
    fn status_strips(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        if let Some(path) = self.loader.loading_file() {
            egui::Panel::top("loading").show(ui, |ui| loading_strip_ui(ui, path));
        }
        if let Some((what, fraction)) = self.exporter.progress() {
            egui::Panel::top("export_progress")
                .show(ui, |ui| export_progress_ui(ui, &what, fraction));
        }
        let file_name = self
            .session
            .file_path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let fill = theme::banner_background(ui.visuals());
        let banner = |id: &'static str| {
            egui::Panel::top(id).frame(
                egui::Frame::new()
                    .fill(fill)
                    .inner_margin(egui::Margin::symmetric(12, 8)),
            )
        };
        if self
            .session
            .editing
            .as_ref()
            .is_some_and(|e| e.changed_on_disk)
        {
            banner("changed_on_disk").show(ui, |ui| changed_on_disk_ui(ui, &file_name, commands));
        }
        if !self.session.edit_mode
            && let Some(status) = &self.session.edit_status
        {
            egui::Panel::top("edit_status").show(ui, |ui| {
                ui.label(RichText::new(status).italics());
            });
        }
        if !self.session.reload_problems.is_empty() {
            banner("reload_problems").show(ui, |ui| {
                reload_banner_ui(ui, &file_name, &self.session.reload_problems);
            });
        }
    }

    /// The whole window, when the file could not be opened.
    fn error_view(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Document::Failed {
            file_name,
            problems,
        } = &self.session.document
        else {
            return;
        };
        egui::CentralPanel::default().show(ui, |ui| {
            error_view_ui(ui, file_name, problems, commands);
        });
    }

    /// Stops the window from closing while there are unsaved changes, and asks instead.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.runtime.allow_close
            && self.ask_before(PendingAction::Close)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }
}
