//! What the app remembers between runs (through eframe's storage): the last file and recent
//! files, the theme, the text size, which panels are open, and presentation options. The window
//! size is remembered by eframe itself.
//!
//! Settings written by an older or newer version, or a damaged settings file, never stop the
//! app: every field has a default, and settings that cannot be read are replaced by the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::timeline::Grouping;

/// The key under which the settings are stored.
pub const STORAGE_KEY: &str = "sourceline.settings";

/// How many recent files the "Open recent" menu lists.
pub const MAX_RECENT_FILES: usize = 10;

/// Smallest and largest text size (a zoom factor, as in a browser).
pub const TEXT_SIZE_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system's light or dark setting.
    #[default]
    System,

    /// Light.
    Light,

    /// Dark.
    Dark,

    /// White background, black text and larger type, for a projector.
    Projector,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [Self::System, Self::Light, Self::Dark, Self::Projector];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::Projector => "Projector (high contrast, large type)",
        }
    }
}

/// Everything remembered between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The timeline file open when the app was closed (`None`: the built-in timeline).
    pub last_file: Option<PathBuf>,

    /// Recently opened files, newest first.
    pub recent_files: Vec<PathBuf>,

    /// The colour theme.
    pub theme: ThemeChoice,

    /// Text size, as a zoom factor (1 is normal).
    pub text_size: f32,

    /// The event list (left) is open.
    pub event_list_open: bool,

    /// The detail panel (right) is open.
    pub detail_open: bool,

    /// Lanes by category or by source.
    pub grouping: Grouping,

    /// Presentation: only key events are stops.
    pub present_key_events_only: bool,

    /// Presentation: jump between stops instead of moving smoothly.
    pub reduce_motion: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            last_file: None,
            recent_files: Vec::new(),
            theme: ThemeChoice::default(),
            text_size: 1.0,
            event_list_open: true,
            detail_open: true,
            grouping: Grouping::default(),
            present_key_events_only: false,
            reduce_motion: false,
        }
    }
}

impl Settings {
    /// The saved settings, or the defaults when there are none or they cannot be read.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|storage| eframe::get_value::<Self>(storage, STORAGE_KEY))
            .map(Self::sanitized)
            .unwrap_or_default()
    }

    /// Saves the settings.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }

    /// Values that parsed but make no sense (a text size of 0, a thousand recent files) are
    /// brought back within bounds.
    fn sanitized(mut self) -> Self {
        self.text_size = if self.text_size.is_finite() {
            self.text_size
                .clamp(*TEXT_SIZE_RANGE.start(), *TEXT_SIZE_RANGE.end())
        } else {
            1.0
        };
        let mut seen = Vec::new();
        self.recent_files.retain(|path| {
            let new = !seen.contains(path);
            seen.push(path.clone());
            new
        });
        self.recent_files.truncate(MAX_RECENT_FILES);
        self
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
        let mut settings = Settings {
            theme: ThemeChoice::Projector,
            text_size: 1.4,
            event_list_open: false,
            grouping: Grouping::Source,
            ..Settings::default()
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
        assert_eq!(Settings::load(Some(&storage)), settings);
    }

    #[test]
    fn missing_damaged_or_old_settings_give_defaults() {
        assert_eq!(Settings::load(None), Settings::default());
        for saved in [
            "",
            "\u{0}\u{1}garbage{{{",
            "(theme: Neon, text_size: \"big\")",
            "[1, 2, 3]",
        ] {
            let mut storage = MemoryStorage::default();
            storage.0.insert(STORAGE_KEY.to_owned(), saved.to_owned());
            assert_eq!(
                Settings::load(Some(&storage)),
                Settings::default(),
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
        let loaded = Settings::load(Some(&storage));
        assert_eq!(loaded.theme, ThemeChoice::Dark);
        assert_eq!(loaded.text_size, 0.5);
        assert!(loaded.event_list_open);
    }
}
