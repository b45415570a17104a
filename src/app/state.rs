//! What the app remembers between runs (through eframe's storage): the last file and recent
//! files, the theme, the text size, which panels are open, the lane grouping, and the
//! presentation and export options. The window size is remembered by eframe itself.
//!
//! This is the only copy of these values: the app reads and changes them here (through
//! commands), and eframe saves this struct as it is.
//!
//! State written by an older or newer version, or a damaged settings file, never stops the app:
//! every field has a default, and state that cannot be read is replaced by the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::timeline::Grouping;
use crate::ui::export_dialog::ExportSettings;
use crate::ui::theme::ThemeChoice;
use crate::ui::top_bar::TEXT_ZOOM_RANGE;

/// The key under which the state is stored.
pub const STORAGE_KEY: &str = "sourceline.settings";

/// How many recent files the "Open recent" menu lists.
pub const MAX_RECENT_FILES: usize = 10;

/// Everything remembered between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// The timeline file open when the app was closed (`None`: the built-in timeline).
    pub last_file: Option<PathBuf>,

    /// Recently opened files, newest first.
    pub recent_files: Vec<PathBuf>,

    /// The colour theme.
    pub theme: ThemeChoice,

    /// Text size, as a zoom factor (1 is normal).
    #[serde(alias = "text_size")]
    pub text_zoom: f32,

    /// The event list (left) is open.
    pub event_list_open: bool,

    /// The detail panel (right) is open.
    pub detail_open: bool,

    /// The user has opened or closed a side panel: from then on the two flags above are
    /// followed on any window size. Until then a narrow window starts with them closed.
    pub panels_chosen: bool,

    /// Lanes by category or by source.
    pub grouping: Grouping,

    /// Presentation: only key events are stops.
    pub present_key_events_only: bool,

    /// Presentation: jump between stops instead of moving smoothly.
    pub reduce_motion: bool,

    /// The export dialog's choices.
    pub export: ExportSettings,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            last_file: None,
            recent_files: Vec::new(),
            theme: ThemeChoice::default(),
            text_zoom: 1.0,
            event_list_open: true,
            detail_open: true,
            panels_chosen: false,
            grouping: Grouping::default(),
            present_key_events_only: false,
            reduce_motion: false,
            export: ExportSettings::default(),
        }
    }
}

impl AppState {
    /// The saved state, or the defaults when there is none or it cannot be read.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|storage| storage.get_string(STORAGE_KEY))
            .and_then(|text| Self::from_stored_text(&text))
            .unwrap_or_default()
    }

    /// Saves the state.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        storage.set_string(STORAGE_KEY, self.to_stored_text());
    }

    /// Reads the state from the text it is stored as (RON, as eframe stores values), brought
    /// within bounds; `None` when the text cannot be read as settings.
    pub fn from_stored_text(text: &str) -> Option<Self> {
        ron::from_str::<Self>(text).ok().map(Self::sanitized)
    }

    /// The text the state is stored as.
    pub fn to_stored_text(&self) -> String {
        ron::ser::to_string(self).unwrap_or_default()
    }

    /// Whether every value is within the bounds that [`Self::from_stored_text`] guarantees.
    pub fn is_within_bounds(&self) -> bool {
        let unique = self.recent_files.iter().enumerate().all(|(i, path)| {
            !self
                .recent_files
                .get(..i)
                .unwrap_or_default()
                .contains(path)
        });
        TEXT_ZOOM_RANGE.contains(&self.text_zoom)
            && unique
            && self.recent_files.len() <= MAX_RECENT_FILES
            && self.export == self.export.sanitized()
    }

    /// Values that parsed but make no sense (a text size of 0, a thousand recent files) are
    /// brought back within bounds.
    fn sanitized(mut self) -> Self {
        self.text_zoom = if self.text_zoom.is_finite() {
            self.text_zoom
                .clamp(*TEXT_ZOOM_RANGE.start(), *TEXT_ZOOM_RANGE.end())
        } else {
            1.0
        };
        self.export = self.export.sanitized();
        let mut seen = Vec::new();
        self.recent_files.retain(|path| {
            let new = !seen.contains(path);
            seen.push(path.clone());
            new
        });
        self.recent_files.truncate(MAX_RECENT_FILES);
        self
    }

    /// Opens the detail panel when an event was selected.
    pub fn open_details_if(&mut self, selected: bool) {
        if selected {
            self.detail_open = true;
        }
    }

    /// Records that `path` was opened: it becomes the last file and the first recent one.
    pub fn remember_file(&mut self, path: &Path) {
        self.recent_files.retain(|p| p != path);
        self.recent_files.insert(0, path.to_path_buf());
        self.recent_files.truncate(MAX_RECENT_FILES);
        self.last_file = Some(path.to_path_buf());
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Storage in memory, standing in for eframe's settings file.
    #[derive(Default)]
    struct MemoryStorage(HashMap<String, String>);

    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }

        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }

        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }

        fn flush(&mut self) {}
    }

    #[test]
    fn settings_survive_a_save_and_load() {
        let mut settings = AppState {
            theme: ThemeChoice::Projector,
            text_zoom: 1.4,
            event_list_open: false,
            grouping: Grouping::Source,
            ..AppState::default()
        };
        settings.remember_file(Path::new("/tmp/a.json"));
        settings.remember_file(Path::new("/tmp/b.json"));
        settings.remember_file(Path::new("/tmp/a.json"));
        assert_eq!(
            settings.recent_files,
            [PathBuf::from("/tmp/a.json"), PathBuf::from("/tmp/b.json")],
            "newest first, no repeats"
        );
        let mut storage = MemoryStorage::default();
        settings.save(&mut storage);
        assert_eq!(AppState::load(Some(&storage)), settings);
    }

    #[test]
    fn missing_damaged_or_old_settings_give_defaults() {
        assert_eq!(AppState::load(None), AppState::default());
        for saved in [
            "",
            "\u{0}\u{1}garbage{{{",
            "(theme: Neon, text_size: \"big\")",
            "[1, 2, 3]",
        ] {
            let mut storage = MemoryStorage::default();
            storage.0.insert(STORAGE_KEY.to_owned(), saved.to_owned());
            assert_eq!(
                AppState::load(Some(&storage)),
                AppState::default(),
                "{saved:?}"
            );
        }
        // An older version's settings: fields it did not have take their defaults, fields it
        // had that we no longer know are ignored, silly values are brought within bounds.
        let mut storage = MemoryStorage::default();
        storage.0.insert(
            STORAGE_KEY.to_owned(),
            "(theme: Dark, text_size: 0.0, removed_option: true)".to_owned(),
        );
        let loaded = AppState::load(Some(&storage));
        assert_eq!(loaded.theme, ThemeChoice::Dark);
        assert_eq!(loaded.text_zoom, 0.5);
        assert!(loaded.event_list_open);
    }
}
