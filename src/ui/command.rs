//! Commands: what the user asks for, returned by UI pieces and run by the app shell.

use crate::model::EventIndex;

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Command {
    /// Select an event, or clear the selection.
    Select(Option<EventIndex>),

    /// Select the event `n` places later (or earlier, when negative) in date order.
    Step(i32),

    /// Select the first event.
    SelectFirst,

    /// Select the last event.
    SelectLast,

    /// Show the whole timeline.
    FitAll,

    /// Zoom by a factor around the middle of the view (> 1 zooms in).
    Zoom(f64),

    /// Show the days `[start_x, end_x)`.
    ZoomTo {
        /// First day.
        start_x: f64,
        /// End (exclusive).
        end_x: f64,
    },

    /// A "+N" chip was clicked: zoom in on its days, or, when zooming would not separate its
    /// events (they share a day), list them to choose from.
    OpenCluster {
        /// The events, in date order.
        events: Vec<EventIndex>,
        /// First day they cover.
        start_x: f64,
        /// End (exclusive) of the last day.
        end_x: f64,
        /// Where to show the list, in screen points.
        at: egui::Pos2,
    },

    /// Close the list of a cluster's events.
    CloseClusterList,

    /// Open the full source text of an excerpt.
    ShowInSource {
        /// The event.
        event: EventIndex,
        /// The excerpt's number in the event.
        excerpt: usize,
    },

    /// Close the source text.
    CloseSource,

    /// Replace the document by the built-in timeline.
    OpenBuiltin,

    /// Open the "Export image" dialog.
    OpenExportDialog,

    /// Close it.
    CloseExportDialog,

    /// Ask where to save the image (native dialog), then save it.
    SaveImageAs,

    /// Save the image to this file.
    SaveImageTo(std::path::PathBuf),

    /// Put the image on the clipboard.
    CopyImage,

    /// Enter presentation mode (full screen, one stop at a time).
    StartPresentation,

    /// Leave it, restoring the layout as it was.
    StopPresentation,

    /// A key pressed in presentation mode.
    Present(crate::timeline::presentation::PresentKey),

    /// Search for events containing these words (empty: end the search).
    Search(String),

    /// Select the next search match after the selection (wrapping around).
    NextMatch,

    /// Select the previous search match (wrapping around).
    PreviousMatch,

    /// Show only the events this filter lets through.
    SetFilter(crate::timeline::EventFilter),

    /// Group the lanes by category or by source.
    SetGrouping(crate::timeline::Grouping),

    /// Ask which timeline file to open (native dialog), then open it.
    OpenFileDialog,

    /// Open a timeline file.
    OpenFile(std::path::PathBuf),

    /// Load the open file again from disk.
    Reload,

    /// Forget the recent files.
    ClearRecentFiles,

    /// Change the colour theme.
    SetTheme(super::settings::ThemeChoice),

    /// Open or close the event list.
    ToggleEventList,

    /// Open or close the detail panel.
    ToggleDetails,
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
