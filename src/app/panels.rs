//! The panels and windows of the frame: the event list, the detail panel or the editor, the
//! timeline, the source text and the events suggested from it, and what floats over them
//! (a chip's list, the export dialog, the other dialogs, the drop hint).

use egui::{RichText, Ui};

use super::SourcelineApp;
use super::editing::{Dialog, PendingAction};
use crate::timeline::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeView};
use crate::ui::Command;
use crate::ui::UnsavedChoice;
use crate::ui::detail_panel::detail_panel_ui;
use crate::ui::dialogs::{
    DialogContext, add_source_dialog_ui, import_dialog_ui, new_timeline_dialog_ui,
    recovery_dialog_ui, unsaved_dialog_ui,
};
use crate::ui::editor::{EditorInput, editor_ui};
use crate::ui::event_list::{EventListInput, event_list_ui, filters_ui};
use crate::ui::export_dialog::{ExportDialogInput, export_dialog_ui};
use crate::ui::overlays::{cluster_list_ui, drop_hint_ui};
use crate::ui::source_view::{SourceViewInput, source_view_ui};
use crate::ui::suggestions::{SuggestionsInput, suggestions_ui};
use crate::ui::timeline_view::{TimelineViewInput, timeline_view_ui};

/// How far below the window's top edge the export dialog opens, in points.
const EXPORT_DIALOG_TOP_PT: f32 = 24.0;

/// Below this window width (in points) the side panels start closed, so that the timeline keeps
/// most of the width; the detail panel then opens only while an event is selected.
pub const NARROW_WINDOW_PT: f32 = 1400.0;

impl SourcelineApp {
    /// Whether the event list and the detail panel are shown: as the user last chose, or, until
    /// they choose, closed in a narrow window (the details open while an event is selected).
    pub fn panels_open(&self) -> (bool, bool) {
        let narrow = self.runtime.window_width_pt < NARROW_WINDOW_PT;
        if self.state.panels_chosen || !narrow {
            (self.state.event_list_open, self.state.detail_open)
        } else {
            (false, self.session.selected.is_some())
        }
    }

    /// The user opened or closed a panel: both panels keep what they show now, except the one
    /// changed, and the choice holds from now on.
    pub(super) fn choose_panels(&mut self, event_list: Option<bool>, details: Option<bool>) {
        let (list_now, details_now) = self.panels_open();
        self.state.event_list_open = event_list.unwrap_or(list_now);
        self.state.detail_open = details.unwrap_or(details_now);
        self.state.panels_chosen = true;
    }

    /// The left panel: filters and the event list.
    pub(super) fn event_list_panel(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let shown = self.panels_open().0;
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
        let mut open = shown;
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
        if open != shown {
            commands.push(Command::SetEventListOpen(open));
        }
    }

    /// The right panel: the selected event and its sources.
    pub(super) fn detail_panel(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Some(doc) = self.session.doc() else {
            return;
        };
        let shown = self.panels_open().1;
        let mut open = shown;
        let narrow = self.runtime.window_width_pt < NARROW_WINDOW_PT;
        egui::Panel::right("details")
            .resizable(true)
            .default_size(if narrow { 280.0 } else { 340.0 })
            .size_range(260.0..=720.0)
            .show_collapsible(ui, &mut open, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        detail_panel_ui(ui, doc, self.session.selected, commands);
                    });
            });
        if open != shown {
            commands.push(Command::SetDetailOpen(open));
        }
    }

    /// The right panel in Edit mode: the editor.
    pub(super) fn editor_panel(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
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

    /// The timeline, in the middle.
    pub(super) fn timeline_panel(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let session = &mut self.session;
        let Some(doc) = session.document.loaded() else {
            return;
        };
        let input = TimelineViewInput {
            doc,
            selected: session.selected,
            view: session.view.unwrap_or_else(|| doc.story_view()),
            force_view: std::mem::take(&mut session.force_view),
            matches: session
                .search
                .is_active()
                .then_some(session.search.matches.as_slice()),
            lane_sizing: crate::timeline::LaneSizing::Equal,
            measure_all_labels: false,
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
    pub(super) fn source_window(&mut self, ui: &Ui, commands: &mut Vec<Command>) {
        let can_quote = self.session.file_path.is_some();
        let edit_mode = self.session.edit_mode;
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
        let mut marks: Vec<std::ops::Range<usize>> = session
            .suggestions
            .as_ref()
            .filter(|s| s.source == state.source)
            .map(|s| s.drafts.iter().map(|d| d.range.clone()).collect())
            .unwrap_or_default();
        marks.sort_by_key(|r| r.start);
        let Some(source) = doc.timeline.sources.get(state.source) else {
            commands.push(Command::CloseSource);
            return;
        };
        let highlight = state
            .excerpt
            .and_then(|(event, n)| {
                let event = doc.timeline.events.get(event)?;
                doc.timeline.excerpts(event).get(n)
            })
            .filter(|x| x.source() == state.source)
            .and_then(crate::model::Excerpt::found_range);
        let input = SourceViewInput {
            source,
            source_index: state.source,
            highlight,
            for_excerpt: state.excerpt.is_some(),
            can_quote,
            has_event,
            marks: &marks,
        };
        let mut open = true;
        let content = ui.ctx().content_rect();
        // Centred to read; on the left, clear of the editor, to quote.
        let default_pos = if edit_mode {
            content.left_top() + egui::vec2(24.0, 56.0)
        } else {
            content.center() - egui::vec2(content.width() * 0.3, content.height() * 0.375)
        };
        egui::Window::new("Source text")
            .open(&mut open)
            .collapsible(false)
            .default_size([content.width() * 0.6, content.height() * 0.75])
            .default_pos(default_pos)
            .show(ui.ctx(), |ui| source_view_ui(ui, &input, state, commands));
        if !open {
            commands.push(Command::CloseSource);
        }
    }

    /// What floats over the window: a chip's event list, the export dialog, the drop hint.
    pub(super) fn overlays(&self, ui: &Ui, commands: &mut Vec<Command>) {
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
                preview: self.exporter.preview.texture.as_ref(),
            };
            let id = egui::Id::unique("export_dialog");
            // Anchored by its top, so that its controls stay put when the chosen format's
            // options make it shorter or taller.
            let area = egui::Modal::default_area(id.with("area")).anchor(
                egui::Align2::CENTER_TOP,
                egui::vec2(0.0, EXPORT_DIALOG_TOP_PT),
            );
            let modal = egui::Modal::new(id).area(area).show(ui.ctx(), |ui| {
                ui.set_max_width(540.0);
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

    /// The dialog open over the window, if any.
    pub(super) fn dialog(&self, ui: &Ui, commands: &mut Vec<Command>) {
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
                Dialog::Import(import) => import_dialog_ui(ui, &import.view(), commands),
            }
        });
        if modal.should_close() {
            commands.push(match dialog {
                Dialog::Unsaved(_) => Command::ResolveUnsaved(UnsavedChoice::Cancel),
                _ => Command::CloseDialog,
            });
        }
    }

    /// The events proposed from a source's dates, beside its text.
    pub(super) fn suggestions_window(&self, ui: &Ui, commands: &mut Vec<Command>) {
        let (Some(doc), Some(suggestions)) = (self.session.doc(), &self.session.suggestions) else {
            return;
        };
        let Some(source) = doc.timeline.sources.get(suggestions.source) else {
            return;
        };
        let categories: Vec<(String, String)> = doc
            .timeline
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.label.clone()))
            .collect();
        let input = SuggestionsInput {
            source_title: &source.title,
            drafts: &suggestions.drafts,
            categories: &categories,
            already_quoted: suggestions.already_quoted,
        };
        let content = ui.ctx().content_rect();
        let mut open = true;
        egui::Window::new("Suggested events")
            .open(&mut open)
            .collapsible(false)
            .default_size([content.width() * 0.32, content.height() * 0.75])
            .default_pos(
                content.right_top() + egui::vec2(-content.width() * 0.34, content.height() * 0.1),
            )
            .show(ui.ctx(), |ui| suggestions_ui(ui, &input, commands));
        if !open {
            commands.push(Command::CloseSuggestions);
        }
    }
}
