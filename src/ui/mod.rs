//! Drawing: the UI pieces that show the core's results and turn input into [`Command`]s.
//! Nothing here changes the app's state directly.

pub mod caption;
mod command;
pub mod detail_panel;
mod document;
pub mod event_list;
pub mod export_dialog;
pub mod presentation;
pub mod settings;
pub mod source_view;
pub mod theme;
pub mod timeline_view;

pub use command::{Command, command_button};
pub use document::LoadedTimeline;
