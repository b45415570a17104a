//! One frame of the window: background work is polled first, then each panel is laid out (one
//! call each), then the commands the panels and keys asked for are run.

use egui::{RichText, Ui};

use super::Document;
use super::SourcelineApp;
use super::editing::{Dialog, PendingAction};
use super::keyboard::{KeyMode, keyboard_commands};
use crate::timeline::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeView};
use crate::ui::Command;
use crate::ui::UnsavedChoice;
use crate::ui::detail_panel::detail_panel_ui;
use crate::ui::dialogs::{
    DialogContext, add_source_dialog_ui, changed_on_disk_ui, new_timeline_dialog_ui,
    recovery_dialog_ui, unsaved_dialog_ui,
};
use crate::ui::editor::{EditorInput, editor_ui};
use crate::ui::event_list::{EventListInput, event_list_ui, filters_ui};
use crate::ui::export_dialog::{ExportDialogInput, export_dialog_ui};
use crate::ui::overlays::{cluster_list_ui, drop_hint_ui, export_progress_ui, loading_strip_ui};
use crate::ui::problems::{error_view_ui, reload_banner_ui};
use crate::ui::source_view::{SourceViewInput, source_view_ui};
use crate::ui::theme;
use crate::ui::timeline_view::{TimelineViewInput, timeline_view_ui};
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
        let presenting = self.session.presentation.is_some();
        if !presenting && self.runtime.applied_theme != Some(self.state.theme) {
            self.runtime.apply_theme(&ctx, self.state.theme, false);
        }
        if let Some(finished) = self.loader.poll(&ctx) {
            self.apply_load(finished);
        }
        self.exporter.poll(&ctx, &mut self.runtime.clipboard);
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
        commands.extend(dropped.map(Command::OpenFile));
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
            event_list_open: self.state.event_list_open,
            detail_open: self.state.detail_open,
            theme: self.state.theme,
            text_zoom: self.state.text_zoom,
            present_key_events_only: self.state.present_key_events_only,
            reduce_motion: self.state.reduce_motion,
            search_query: &session.search.query,
            search_matches: session
                .search
                .is_active()
                .then_some(session.search.matches.len()),
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
        if self
            .session
            .editing
            .as_ref()
            .is_some_and(|e| e.changed_on_disk)
        {
            let file_name = self
                .session
                .file_path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            egui::Panel::top("changed_on_disk")
                .frame(
                    egui::Frame::new()
                        .fill(theme::banner_background(ui.visuals()))
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| changed_on_disk_ui(ui, &file_name, commands));
        }
        if !self.session.edit_mode
            && let Some(status) = &self.session.edit_status
        {
            egui::Panel::top("edit_status").show(ui, |ui| {
                ui.label(RichText::new(status).italics());
            });
        }
        if !self.session.reload_problems.is_empty() {
            let file_name = self
                .session
                .file_path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            egui::Panel::top("reload_problems")
                .frame(
                    egui::Frame::new()
                        .fill(theme::banner_background(ui.visuals()))
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| {
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

    /// The left panel: filters and the event list.
    fn event_list_panel(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let session = &mut self.session;
        let Some(doc) = session.document.loaded() else {
            return;
        };
        let search = &session.search;
        let input = EventListInput {
            events: if search.is_active() {
                &search.matches
            } else {
                &doc.lanes.shown_events
            },
            selected: session.selected,
            scroll_to_selected: std::mem::take(&mut session.list_follows_selection),
            search: search.is_active().then_some(search.query.as_str()),
            hidden_matches: search.hidden,
        };
        let mut open = self.state.event_list_open;
        egui::Panel::left("events")
            .resizable(true)
            .default_size(260.0)
            .size_range(220.0..=520.0)
            .show_collapsible(ui, &mut open, |ui| {
                // Long category names give way to the panel's width.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                egui::CollapsingHeader::new(RichText::new("Show").strong())
                    .id_salt("filters")
                    .default_open(true)
                    .show(ui, |ui| filters_ui(ui, doc, commands));
                ui.separator();
                event_list_ui(ui, doc, &input, commands);
            });
        if open != self.state.event_list_open {
            commands.push(Command::SetEventListOpen(open));
        }
    }

    /// The right panel: the selected event and its sources.
    fn detail_panel(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Some(doc) = self.session.doc() else {
            return;
        };
        let mut open = self.state.detail_open;
        egui::Panel::right("details")
            .resizable(true)
            .default_size(340.0)
            .size_range(260.0..=720.0)
            .show_collapsible(ui, &mut open, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        detail_panel_ui(ui, doc, self.session.selected, commands);
                    });
            });
        if open != self.state.detail_open {
            commands.push(Command::SetDetailOpen(open));
        }
    }

    /// The right panel in Edit mode: the editor.
    fn editor_panel(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Some(editing) = &self.session.editing else {
            return;
        };
        let input = EditorInput {
            doc: &editing.doc,
            problems: &editing.problems,
            event: editing.event.as_deref(),
            loaded: self.session.doc(),
            selected: self.session.selected_event_id(),
            status: self.session.edit_status.as_deref(),
            dirty: editing.doc.is_dirty(),
        };
        egui::Panel::right("editor")
            .resizable(true)
            .default_size(380.0)
            .size_range(300.0..=760.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| editor_ui(ui, &input, commands));
            });
    }

    /// The dialog open over the window, if any.
    fn dialog(&self, ui: &Ui, commands: &mut Vec<Command>) {
        let Some(dialog) = &self.session.dialog else {
            return;
        };
        let title = self
            .session
            .doc()
            .map_or("the timeline", |d| d.timeline.title.as_str());
        let context = DialogContext {
            timeline_title: title,
            folder: self
                .session
                .file_path
                .as_deref()
                .and_then(std::path::Path::parent),
        };
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ui.ctx(), |ui| {
            ui.set_max_width(560.0);
            match dialog {
                Dialog::NewTimeline { error } => {
                    new_timeline_dialog_ui(ui, &context, error.as_deref(), commands);
                }
                Dialog::AddSource {
                    error,
                    offer_conversion,
                } => add_source_dialog_ui(
                    ui,
                    &context,
                    error.as_deref(),
                    *offer_conversion,
                    commands,
                ),
                Dialog::Unsaved(action) => {
                    let what = match action {
                        PendingAction::Close => "Closing the window",
                        PendingAction::Open(_) => "Opening another file",
                        PendingAction::OpenBuiltin => "Showing the built-in timeline",
                        PendingAction::Reload => "Loading the file again",
                    };
                    unsaved_dialog_ui(ui, &context, what, commands);
                }
                Dialog::Recovery(recovery) => recovery_dialog_ui(ui, &recovery.file, commands),
            }
        });
        if modal.should_close() {
            commands.push(match dialog {
                Dialog::Unsaved(_) => Command::ResolveUnsaved(UnsavedChoice::Cancel),
                _ => Command::CloseDialog,
            });
        }
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

    /// The timeline, in the middle.
    fn timeline_panel(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let session = &mut self.session;
        let Some(doc) = session.document.loaded() else {
            return;
        };
        let input = TimelineViewInput {
            doc,
            selected: session.selected,
            view: session.view.unwrap_or_else(|| doc.full_view()),
            force_view: std::mem::take(&mut session.force_view),
            matches: session
                .search
                .is_active()
                .then_some(session.search.matches.as_slice()),
        };
        let runtime = &mut self.runtime;
        egui::CentralPanel::default().show(ui, |ui| {
            let output = timeline_view_ui(ui, &input, commands);
            // Pull the view back within the zoom limits after a pinch or drag beyond them.
            let span = output.view.span_days();
            if span.is_finite() && (MIN_SPAN_DAYS..=MAX_SPAN_DAYS).contains(&span) {
                session.view = Some(output.view);
            } else {
                session.view = Some(TimeView::new(output.view.min_day, output.view.max_day));
                session.force_view = true;
                ui.ctx().request_repaint();
            }
            runtime.last_layout = output.layout;
            let area = ui.max_rect();
            runtime.timeline_size_pt = [
                area.width().round().max(1.0) as u32,
                area.height().round().max(1.0) as u32,
            ];
        });
    }

    /// The source text of an excerpt, in a window over the timeline.
    fn source_window(&mut self, ui: &Ui, commands: &mut Vec<Command>) {
        let can_quote = self.session.file_path.is_some();
        let has_event = self
            .session
            .editing
            .as_ref()
            .and_then(|e| e.event.as_ref())
            .is_some()
            || self.session.selected.is_some();
        let session = &mut self.session;
        let (Some(doc), Some(state)) = (session.document.loaded(), &mut session.source_view) else {
            return;
        };
        let Some(source) = doc.timeline.sources.get(state.source) else {
            commands.push(Command::CloseSource);
            return;
        };
        let highlight = state
            .excerpt
            .and_then(|(event, n)| doc.timeline.events.get(event)?.excerpts.get(n))
            .filter(|x| x.source == state.source)
            .and_then(|x| match &x.verification {
                crate::model::Verification::Verified { range } => Some(range.clone()),
                _ => None,
            });
        let input = SourceViewInput {
            source,
            source_index: state.source,
            highlight,
            for_excerpt: state.excerpt.is_some(),
            can_quote,
            has_event,
        };
        let mut open = true;
        let content = ui.ctx().content_rect();
        egui::Window::new("Source text")
            .open(&mut open)
            .collapsible(false)
            .default_size([content.width() * 0.6, content.height() * 0.75])
            .default_pos(
                content.center() - egui::vec2(content.width() * 0.3, content.height() * 0.375),
            )
            .show(ui.ctx(), |ui| source_view_ui(ui, &input, state, commands));
        if !open {
            commands.push(Command::CloseSource);
        }
    }

    /// What floats over the window: a chip's event list, the export dialog, the drop hint.
    fn overlays(&self, ui: &Ui, commands: &mut Vec<Command>) {
        let doc = self.session.doc();
        if let (Some(list), Some(doc)) = (&self.session.cluster_list, doc) {
            cluster_list_ui(ui, doc, &list.events, list.at, commands);
        }
        if self.session.export_dialog_open {
            let input = ExportDialogInput {
                settings: self.state.export,
                current_view: self.runtime.timeline_size_pt,
                has_selection: self.session.selected.is_some(),
                busy: self.exporter.is_busy(),
                status: self.exporter.status.as_deref(),
            };
            let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                export_dialog_ui(ui, &input, commands);
            });
            if modal.should_close() {
                commands.push(Command::CloseExportDialog);
            }
        }
        if ui.input(|i| !i.raw.hovered_files.is_empty()) {
            drop_hint_ui(ui);
        }
    }
}
