//! Drawing: the UI pieces that show the core's results and turn input into [`Command`]s.
//! Nothing here changes the app's state: each piece takes what it shows and pushes what the user
//! asks for onto a list of commands, which the app shell runs.

pub mod caption;
mod command;
pub mod detail_panel;
pub mod dialogs;
pub mod editor;
pub mod event_list;
pub mod export_dialog;
pub mod export_options;
pub mod overlays;
pub mod presentation_screen;
pub mod problems;
pub mod source_view;
pub mod suggestions;
pub mod theme;
pub mod timeline_view;
pub mod top_bar;

pub use command::{Command, NewSource, NewTimeline, UnsavedChoice, command_button};
