//! Commands: what the user asks for, pushed by UI pieces (and the keyboard handling) and run by
//! the app shell's one command handler. Apart from background jobs delivering their results
//! (a large file loaded, an export written), nothing changes the app's state except a command.

use std::path::PathBuf;

use super::export_dialog::ExportSettings;
use super::suggestions::SuggestionDraft;
use super::theme::ThemeChoice;
use crate::edit::Edit;
use crate::model::EventIndex;
use crate::timeline::tour::PresentKey;
use crate::timeline::{EventFilter, Grouping};

/// Something the user asked for.
#[derive(Clone, Debug)]
#[must_use]
pub enum Command {
    // --- Selection and stepping -------------------------------------------------------------
    /// Select an event, or clear the selection.
    Select(Option<EventIndex>),

    /// Select the event `n` places later (or earlier, when negative) in date order.
    Step(i32),

    /// Select the first event.
    SelectFirst,

    /// Select the last event.
    SelectLast,

    // --- The period shown -------------------------------------------------------------------
    /// Show the whole timeline.
    FitAll,

    /// Zoom by a factor around the middle of the view (> 1 zooms in).
    Zoom(f64),

    /// Show the days `[start_day, end_day)`.
    ZoomTo {
        /// First day.
        start_day: f64,
        /// End (exclusive).
        end_day: f64,
    },

    /// A "+N" chip was clicked: zoom in on its days, or, when zooming would not separate its
    /// events (they share a day), list them to choose from.
    OpenCluster {
        /// The events, in date order.
        events: Vec<EventIndex>,
        /// First day they cover.
        start_day: f64,
        /// End (exclusive) of the last day.
        end_day: f64,
        /// Where to show the list, in screen points.
        at: egui::Pos2,
    },

    /// Close the list of a cluster's events.
    CloseClusterList,

    // --- Source text ------------------------------------------------------------------------
    /// Open the full source text of an excerpt.
    ShowInSource {
        /// The event.
        event: EventIndex,
        /// The excerpt's number in the event.
        excerpt: usize,
    },

    /// Open the full text of a source (by its index in the timeline).
    ShowSource(usize),

    /// Close the source text.
    CloseSource,

    // --- Finding and filtering --------------------------------------------------------------
    /// Search for events containing these words (empty: end the search).
    Search(String),

    /// Put the keyboard focus in the search box.
    FocusSearch,

    /// Select the next search match after the selection (wrapping around).
    NextMatch,

    /// Select the previous search match (wrapping around).
    PreviousMatch,

    /// Show only the events this filter lets through.
    SetFilter(EventFilter),

    /// Group the lanes by category or by source.
    SetGrouping(Grouping),

    // --- Files ------------------------------------------------------------------------------
    /// Ask which timeline file to open (native dialog), then open it.
    OpenFileDialog,

    /// Open a timeline file.
    OpenFile(PathBuf),

    /// Replace the document by the built-in timeline.
    OpenBuiltin,

    /// Load the open file again from disk (asking first about unsaved changes).
    Reload,

    /// The open file or one of its sources changed on disk (the watcher noticed): reload,
    /// unless that would drop unsaved edits (then the user is told).
    FilesChanged,

    /// Forget the recent files.
    ClearRecentFiles,

    // --- Window -----------------------------------------------------------------------------
    /// Change the colour theme.
    SetTheme(ThemeChoice),

    /// Change the text size (a zoom factor: 1 is normal).
    SetTextZoom(f32),

    /// Open or close the event list.
    SetEventListOpen(bool),

    /// Open or close the detail panel.
    SetDetailOpen(bool),

    // --- Export -----------------------------------------------------------------------------
    /// Open the "Export" dialog.
    OpenExportDialog,

    /// Close it.
    CloseExportDialog,

    /// Change what the export makes and its options (size, sharpness, colours, paper).
    SetExportSettings(ExportSettings),

    /// Ask where to save the export (native dialog), then save it.
    SaveExportAs,

    /// Save the export to this file (rendered on a worker thread): in the format its
    /// extension names (`.png`, `.svg`, `.pdf`, `.html`), else in the dialog's format with
    /// its extension added.
    SaveExportTo(PathBuf),

    /// Put the image on the clipboard (rendered on a worker thread).
    CopyImage,

    // --- Presentation -----------------------------------------------------------------------
    /// Enter presentation mode (full screen, one stop at a time).
    StartPresentation,

    /// Leave it, restoring the layout as it was.
    StopPresentation,

    /// A key pressed in presentation mode.
    Present(PresentKey),

    /// Presentation option: only key events are stops.
    SetPresentKeyEventsOnly(bool),

    /// Presentation option: jump between stops instead of moving smoothly.
    SetReduceMotion(bool),

    // --- Making and editing timelines ---------------------------------------------------------
    /// Turn Edit mode on or off.
    ToggleEditMode,

    /// Change the document (undoable).
    Edit(Edit),

    /// Show this event (by id) in the editor; `None` shows the timeline's own settings.
    EditEvent(Option<String>),

    /// Add a new event and open it in the editor.
    NewEvent,

    /// Undo the last edit.
    Undo,

    /// Redo the last undone edit.
    Redo,

    /// Save the timeline file.
    Save,

    /// Answer the question about unsaved changes.
    ResolveUnsaved(UnsavedChoice),

    /// After the file changed on disk while there were unsaved edits: load the file from disk,
    /// dropping the edits (`true`), or keep the edits and overwrite the file on the next save.
    ResolveChangedOnDisk {
        /// Load the file from disk.
        reload: bool,
    },

    /// Restore the unsaved edits found after a crash (`true`), or discard them.
    ResolveRecovery {
        /// Restore them.
        restore: bool,
    },

    /// Open the "New timeline" dialog.
    OpenNewTimelineDialog,

    /// Create a timeline file and open it for editing.
    CreateTimeline(NewTimeline),

    /// Choose a TimelineJS file or a spreadsheet to import.
    ImportFileDialog,

    /// Show what importing a file would bring over, before saving it as a new timeline.
    ImportFile(PathBuf),

    /// Choose where the imported timeline is saved.
    ChooseImportTarget,

    /// Save the previewed import as a new timeline file and open it.
    ConfirmImport,

    /// Open the "Add source text" dialog.
    OpenAddSourceDialog,

    /// Add a source text to the timeline (its text copied under `sources/`).
    AddSource(NewSource),

    /// Close whichever dialog is open.
    CloseDialog,

    /// Find the dates in a source's text and propose an event for each.
    SuggestEvents(usize),

    /// Change a proposal (ticked, date, title, category).
    UpdateSuggestion(usize, Box<SuggestionDraft>),

    /// Scroll the source text to a proposal's expression.
    ShowSuggestion(usize),

    /// Make the ticked proposals events (one undoable step).
    AddSuggestions,

    /// Close the list of proposals.
    CloseSuggestions,

    /// Quote a passage of a source (a byte range of its text): as a new event, or as an excerpt
    /// of the event in the editor.
    Quote {
        /// The source's index in the timeline.
        source: usize,
        /// The passage.
        range: std::ops::Range<usize>,
        /// Make a new event (else add to the event in the editor).
        new_event: bool,
    },
}

/// The answer to "Save changes before…?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// Save, then go on.
    Save,

    /// Drop the changes and go on.
    Discard,

    /// Do nothing.
    Cancel,
}

/// What the "New timeline" dialog asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewTimeline {
    /// The timeline's title.
    pub title: String,

    /// The folder to create it in.
    pub folder: String,
}

/// What the "Add source text" dialog asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewSource {
    /// A text file to copy in (empty: use `pasted`).
    pub path: String,

    /// Text pasted into the dialog.
    pub pasted: String,

    /// Convert the file from Windows-1252 or UTF-16 to UTF-8 (after the user agreed).
    pub convert: bool,

    /// The source's title.
    pub title: String,

    /// Author or issuing body.
    pub author: String,

    /// The document's date, in the timeline's form.
    pub date: String,

    /// A web address.
    pub url: String,
}

/// A button with a tooltip that asks for `command` when clicked.
pub fn command_button(
    ui: &mut egui::Ui,
    label: &str,
    hover: &str,
    command: Command,
    commands: &mut Vec<Command>,
) {
    if ui.button(label).on_hover_text(hover).clicked() {
        commands.push(command);
    }
}
