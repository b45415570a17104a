//! The toolbar: the File, View and Present menus, stepping and zoom buttons, the export button,
//! the search box, and on the right the warning count and the period shown.

use std::path::PathBuf;

use egui::{Key, RichText, Ui};

use super::theme::{self, ThemeChoice};
use super::{Command, command_button, problems};
use crate::model::{Problem, thousands};
use crate::timeline::TimeView;

/// Smallest and largest text size (a zoom factor, as in a browser).
pub const TEXT_ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// What the toolbar shows.
pub struct TopBarInput<'a> {
    /// Whether a timeline is open (not a file that failed to load).
    pub has_timeline: bool,

    /// Whether the document came from a file (which can be reloaded).
    pub has_file: bool,

    /// The recent files, newest first.
    pub recent_files: &'a [PathBuf],

    /// The event list is open.
    pub event_list_open: bool,

    /// The detail panel is open.
    pub detail_open: bool,

    /// The theme chosen.
    pub theme: ThemeChoice,

    /// The text size (a zoom factor).
    pub text_zoom: f32,

    /// Presentation option: only key events are stops.
    pub present_key_events_only: bool,

    /// Presentation option: jump between stops.
    pub reduce_motion: bool,

    /// The search query.
    pub search_query: &'a str,

    /// The number of matches, when a search is active.
    pub search_matches: Option<usize>,

    /// The search waits for its index (a large timeline just opened).
    pub search_pending: bool,

    /// Put the keyboard focus in the search box this frame.
    pub focus_search: bool,

    /// The loading warnings of the open timeline.
    pub warnings: &'a [Problem],

    /// The period shown.
    pub view: Option<TimeView>,

    /// Edit mode is on.
    pub edit_mode: bool,

    /// There are unsaved changes.
    pub dirty: bool,

    /// What Undo and Redo would do.
    pub undo_redo: [Option<&'a str>; 2],
}

/// The toolbar.
pub fn top_bar_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    // A narrow window (half a laptop's screen) puts the search on a row of its own.
    let two_rows = ui.available_width() < theme::TOOLBAR_TWO_ROWS_BELOW_PT;
    ui.horizontal(|ui| {
        file_menu_ui(ui, input, commands);
        edit_menu_ui(ui, input, commands);
        view_menu_ui(ui, input, commands);
        if !input.has_timeline {
            return;
        }
        ui.separator();
        // Measured here, before the buttons: what is left of the row once the menus are in.
        let compact = ui.available_width() < theme::TOOLBAR_COMPACT_BELOW_PT;
        let edit = ui.selectable_label(input.edit_mode, if compact { "✏" } else { "✏ Edit" });
        if compact {
            named(&edit, "✏ Edit", Some(input.edit_mode));
        }
        let edit = edit.on_hover_text(if input.has_file {
            "Edit mode: change events, quote sources, save (E)"
        } else {
            "The built-in timeline cannot be changed: File → New timeline… makes your own (E)"
        });
        if edit.clicked() {
            commands.push(Command::ToggleEditMode);
        }
        toolbar_button(
            ui,
            compact,
            ["◀ Previous", "◀"],
            "Previous event (← or ↑)",
            Command::Step(-1),
            commands,
        );
        toolbar_button(
            ui,
            compact,
            ["Next ▶", "▶"],
            "Next event (→ or ↓)",
            Command::Step(1),
            commands,
        );
        ui.separator();
        command_button(
            ui,
            "Fit",
            "Show the timeline's own period (F, or double-click); again: all of it",
            Command::FitAll,
            commands,
        );
        toolbar_button(
            ui,
            compact,
            ["Zoom in", "+"],
            "Zoom in (+, or the mouse wheel)",
            Command::Zoom(1.5),
            commands,
        );
        toolbar_button(
            ui,
            compact,
            ["Zoom out", "−"],
            "Zoom out (−)",
            Command::Zoom(1.0 / 1.5),
            commands,
        );
        ui.separator();
        present_menu_ui(ui, input, commands);
        command_button(
            ui,
            "Export…",
            "A PNG for slides, an SVG drawing, a PDF handout or a web page for students (Ctrl+E)",
            Command::OpenExportDialog,
            commands,
        );
        if !two_rows {
            ui.separator();
            search_row_ui(ui, input, compact, commands);
        }
    });
    if two_rows && input.has_timeline {
        ui.horizontal(|ui| search_row_ui(ui, input, false, commands));
    }
}

/// The search, then on the right the period shown and the warnings (truncated when short of
/// room).
fn search_row_ui(ui: &mut Ui, input: &TopBarInput<'_>, compact: bool, commands: &mut Vec<Command>) {
    search_box_ui(ui, input, compact, commands);
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        problems::warning_count_ui(ui, input.warnings);
        if let Some(view) = input.view {
            ui.add(
                egui::Label::new(RichText::new(format!("Showing {}", view.period_text())).weak())
                    .truncate(),
            );
        }
    });
}

/// A toolbar button showing `labels[0]`, or the symbol `labels[1]` in the compact toolbar (named
/// by the full label either way, for screen readers and tests).
fn toolbar_button(
    ui: &mut Ui,
    compact: bool,
    labels: [&str; 2],
    hover: &str,
    command: Command,
    commands: &mut Vec<Command>,
) {
    let [full, symbol] = labels;
    let response = ui.button(if compact { symbol } else { full });
    if compact {
        named(&response, full, None);
    }
    if response.on_hover_text(hover).clicked() {
        commands.push(command);
    }
}

/// Gives a button drawn with a symbol its full name (and whether it is on, for one that toggles).
fn named(response: &egui::Response, name: &str, selected: Option<bool>) {
    let enabled = response.enabled();
    response.widget_info(|| match selected {
        Some(on) => egui::WidgetInfo::selected(egui::Role::Button, enabled, on, name),
        None => egui::WidgetInfo::labeled(egui::Role::Button, enabled, name),
    });
}

/// File: open, recent files, reload, the built-in timeline.
fn file_menu_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    ui.menu_button("File", |ui| {
        if ui
            .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
            .clicked()
        {
            commands.push(Command::OpenFileDialog);
            ui.close();
        }
        ui.menu_button("Open recent", |ui| recent_files_ui(ui, input, commands));
        if ui
            .add_enabled(
                input.has_file,
                egui::Button::new("Reload").shortcut_text("Ctrl+R"),
            )
            .on_hover_text("Files reload by themselves when they change on disk")
            .clicked()
        {
            commands.push(Command::Reload);
            ui.close();
        }
        if ui.button("Built-in timeline").clicked() {
            commands.push(Command::OpenBuiltin);
            ui.close();
        }
        ui.separator();
        if ui.button("New timeline…").clicked() {
            commands.push(Command::OpenNewTimelineDialog);
            ui.close();
        }
        if ui
            .button("Import…")
            .on_hover_text("Make a timeline from a TimelineJS file or a spreadsheet (CSV)")
            .clicked()
        {
            commands.push(Command::ImportFileDialog);
            ui.close();
        }
        if ui
            .add_enabled(input.has_file, egui::Button::new("Add source text…"))
            .on_disabled_hover_text("Open or create a timeline file first")
            .clicked()
        {
            commands.push(Command::OpenAddSourceDialog);
            ui.close();
        }
        if ui
            .add_enabled(
                input.dirty,
                egui::Button::new("Save").shortcut_text("Ctrl+S"),
            )
            .clicked()
        {
            commands.push(Command::Save);
            ui.close();
        }
    });
}

/// Edit: undo, redo, a new event, Edit mode.
fn edit_menu_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    ui.menu_button("Edit", |ui| {
        let [undo, redo] = input.undo_redo;
        let undo_label = undo.map_or_else(
            || "Undo".to_owned(),
            |l| format!("Undo: {}", l.to_lowercase()),
        );
        if ui
            .add_enabled(
                undo.is_some(),
                egui::Button::new(undo_label).shortcut_text("Ctrl+Z"),
            )
            .clicked()
        {
            commands.push(Command::Undo);
            ui.close();
        }
        let redo_label = redo.map_or_else(
            || "Redo".to_owned(),
            |l| format!("Redo: {}", l.to_lowercase()),
        );
        if ui
            .add_enabled(
                redo.is_some(),
                egui::Button::new(redo_label).shortcut_text("Ctrl+Shift+Z"),
            )
            .clicked()
        {
            commands.push(Command::Redo);
            ui.close();
        }
        ui.separator();
        if ui
            .add_enabled(input.has_file, egui::Button::new("New event"))
            .clicked()
        {
            commands.push(Command::NewEvent);
            ui.close();
        }
        let mode = if input.edit_mode {
            "Leave Edit mode"
        } else {
            "Edit mode"
        };
        if ui
            .add_enabled(input.has_file, egui::Button::new(mode).shortcut_text("E"))
            .clicked()
        {
            commands.push(Command::ToggleEditMode);
            ui.close();
        }
    });
}

/// The recent files, each greyed out when it no longer exists.
fn recent_files_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    if input.recent_files.is_empty() {
        ui.label(RichText::new("No recent files").weak());
        return;
    }
    for path in input.recent_files {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let button = ui
            .add_enabled(path.is_file(), egui::Button::new(name))
            .on_hover_text(path.display().to_string())
            .on_disabled_hover_text(format!("{} no longer exists", path.display()));
        if button.clicked() {
            commands.push(Command::OpenFile(path.clone()));
            ui.close();
        }
    }
    ui.separator();
    if ui.button("Clear the list").clicked() {
        commands.push(Command::ClearRecentFiles);
        ui.close();
    }
}

/// View: panels, theme, text size.
fn view_menu_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    ui.menu_button("View", |ui| {
        let mut list_open = input.event_list_open;
        if ui
            .checkbox(&mut list_open, "Event list and filters")
            .clicked()
        {
            commands.push(Command::SetEventListOpen(list_open));
        }
        let mut details_open = input.detail_open;
        if ui.checkbox(&mut details_open, "Event details").clicked() {
            commands.push(Command::SetDetailOpen(details_open));
        }
        ui.separator();
        ui.label(RichText::new("Theme").strong());
        for choice in ThemeChoice::ALL {
            if ui.radio(input.theme == choice, choice.label()).clicked() {
                commands.push(Command::SetTheme(choice));
            }
        }
        ui.separator();
        ui.label(RichText::new("Text size").strong());
        for (label, shortcut, zoom) in [
            ("Larger", "Ctrl +", next_text_zoom(input.text_zoom, 1)),
            ("Smaller", "Ctrl −", next_text_zoom(input.text_zoom, -1)),
            ("Normal", "Ctrl 0", 1.0),
        ] {
            if ui
                .add(egui::Button::new(label).shortcut_text(shortcut))
                .clicked()
            {
                commands.push(Command::SetTextZoom(zoom));
            }
        }
    });
}

/// The text size one step larger (`steps` > 0) or smaller, in tenths as egui's own keyboard
/// zoom does, within [`TEXT_ZOOM_RANGE`].
pub fn next_text_zoom(zoom: f32, steps: i32) -> f32 {
    let next = ((zoom * 10.0).round() + steps as f32) / 10.0;
    next.clamp(*TEXT_ZOOM_RANGE.start(), *TEXT_ZOOM_RANGE.end())
}

/// Present: start, and the two options.
fn present_menu_ui(ui: &mut Ui, input: &TopBarInput<'_>, commands: &mut Vec<Command>) {
    ui.menu_button("Present", |ui| {
        if ui.button("Start presentation (F5)").clicked() {
            commands.push(Command::StartPresentation);
            ui.close();
        }
        let mut key_only = input.present_key_events_only;
        if ui.checkbox(&mut key_only, "Key events only").changed() {
            commands.push(Command::SetPresentKeyEventsOnly(key_only));
        }
        let mut reduce = input.reduce_motion;
        if ui
            .checkbox(&mut reduce, "Reduce motion (jump between stops)")
            .changed()
        {
            commands.push(Command::SetReduceMotion(reduce));
        }
    });
}

/// The search box, its match count, and Enter / Shift+Enter to step through the matches.
fn search_box_ui(ui: &mut Ui, input: &TopBarInput<'_>, compact: bool, commands: &mut Vec<Command>) {
    let mut query = input.search_query.to_owned();
    let response = ui.add(
        egui::TextEdit::singleline(&mut query)
            .hint_text("Search (Ctrl+F)")
            .desired_width(if compact {
                theme::COMPACT_SEARCH_BOX_WIDTH_PT
            } else {
                theme::SEARCH_BOX_WIDTH_PT
            }),
    );
    let response = response.on_hover_text(
        "Titles, summaries, excerpts and tags; case and accents do not matter. \
         Enter: next match, Shift+Enter: previous.",
    );
    if input.focus_search {
        response.request_focus();
    }
    if response.changed() {
        commands.push(Command::Search(query));
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        let backwards = ui.input(|i| i.modifiers.shift);
        commands.push(if backwards {
            Command::PreviousMatch
        } else {
            Command::NextMatch
        });
        // Keep typing or pressing Enter.
        response.request_focus();
    }
    if let Some(count) = input.search_matches {
        let text = match count {
            _ if input.search_pending => "Searching…".to_owned(),
            0 => "No matches".to_owned(),
            1 => "1 match".to_owned(),
            n => format!("{} matches", thousands(n)),
        };
        ui.label(RichText::new(text).strong());
        if ui
            .small_button("Clear")
            .on_hover_text("Clear the search")
            .clicked()
        {
            commands.push(Command::Search(String::new()));
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_zoom_steps_by_tenths_within_limits() {
        assert_eq!(next_text_zoom(1.0, 1), 1.1);
        assert_eq!(next_text_zoom(1.0, -1), 0.9);
        assert_eq!(next_text_zoom(1.04, 1), 1.1, "rounded to a tenth first");
        assert_eq!(next_text_zoom(3.0, 1), 3.0);
        assert_eq!(next_text_zoom(0.5, -1), 0.5);
    }
}
