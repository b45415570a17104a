//! Importing in the app: File → Import… (and a CSV or TimelineJS file dropped on the window or
//! picked with Open…) shows what will come over and what will not, then saves the result as a
//! new timeline file beside the original (never over it) and opens it.

use std::path::{Path, PathBuf};

use super::SourcelineApp;
use super::editing::Dialog;
use crate::import::{ImportOptions, Imported, import_path, is_foreign_timeline};
use crate::model::write_atomically;
use crate::ui::dialogs::ImportView;

/// JSON files larger than this are opened as timelines without looking inside for TimelineJS.
const MAX_SNIFFED_JSON_BYTES: u64 = 20 * 1024 * 1024;

/// The import being previewed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportDialog {
    /// The file imported.
    pub source: PathBuf,

    /// Where the timeline will be saved.
    pub target: PathBuf,

    /// What the import produced.
    pub imported: Imported,

    /// Why the last try to save it failed.
    pub error: Option<String>,
}

impl ImportDialog {
    /// What the dialog shows.
    pub fn view(&self) -> ImportView<'_> {
        ImportView {
            file_name: file_name(&self.source),
            kind: self.imported.kind.map_or("file", |k| k.label()),
            summary: self.imported.summary(),
            notes: &self.imported.notes,
            target: self.target.display().to_string(),
            can_import: self.imported.document.is_some(),
            error: self.error.as_deref(),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a file opened or dropped should be imported rather than opened: a CSV, or a JSON
/// file that is TimelineJS rather than Sourceline.
pub fn should_import(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "tsv" => return true,
        "json" => {}
        _ => return false,
    }
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_SNIFFED_JSON_BYTES);
    small
        && std::fs::read(path)
            .is_ok_and(|bytes| is_foreign_timeline(&path.to_string_lossy(), &bytes))
}

/// Where an imported file's timeline goes: beside it, `<name>.sourceline.json`, or with `-2`,
/// `-3`… when that is taken. Never the original.
pub fn import_target(original: &Path) -> PathBuf {
    let folder = original.parent().unwrap_or_else(|| Path::new("."));
    let stem = original.file_stem().map_or_else(
        || "imported".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let stem = stem.trim_end_matches(".sourceline");
    (1..10_000)
        .map(|n| {
            let name = if n == 1 {
                format!("{stem}.sourceline.json")
            } else {
                format!("{stem}-{n}.sourceline.json")
            };
            folder.join(name)
        })
        .find(|candidate| !candidate.exists() && candidate != original)
        .unwrap_or_else(|| folder.join(format!("{stem}.imported.sourceline.json")))
}

impl SourcelineApp {
    /// File → Import…: picks a file, then previews it.
    pub(super) fn import_file_dialog(&mut self) {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Import a timeline from TimelineJS or a spreadsheet")
            .add_filter(
                "TimelineJS or spreadsheet (CSV, or Unicode text)",
                &["json", "js", "csv", "tsv", "txt"],
            )
            .add_filter("Any file", &["*"]);
        if let Some(folder) = self.session.file_path.as_deref().and_then(Path::parent) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(path) = dialog.pick_file() {
            self.preview_import(path);
        }
    }

    /// Imports a file in memory and shows what came over.
    pub(super) fn preview_import(&mut self, path: PathBuf) {
        let imported = import_path(&path, &ImportOptions::default());
        let target = import_target(&path);
        self.open_dialog(Dialog::Import(Box::new(ImportDialog {
            source: path,
            target,
            imported,
            error: None,
        })));
    }

    /// Picks another place for the imported timeline.
    pub(super) fn choose_import_target(&mut self) {
        let Some(Dialog::Import(import)) = &mut self.session.dialog else {
            return;
        };
        let mut dialog = rfd::FileDialog::new()
            .set_title("Save the imported timeline as")
            .add_filter("Timeline (JSON)", &["json"])
            .set_file_name(file_name(&import.target));
        if let Some(folder) = import.target.parent() {
            dialog = dialog.set_directory(folder);
        }
        if let Some(path) = dialog.save_file() {
            import.target = path;
            import.error = None;
        }
    }

    /// Saves the previewed import and opens it; on failure the dialog stays with the reason.
    pub(super) fn confirm_import(&mut self) {
        let Some(Dialog::Import(import)) = &mut self.session.dialog else {
            return;
        };
        let Some(text) = import.imported.text() else {
            return;
        };
        if crate::import::same_file(&import.target, &import.source) {
            import.error = Some("That is the file being imported; choose another name.".into());
            return;
        }
        if let Err(error) = write_atomically(&import.target, text.as_bytes()) {
            import.error = Some(error.to_string());
            return;
        }
        let target = import.target.clone();
        self.session.dialog = None;
        self.run(crate::ui::Command::OpenFile(target));
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_sit_beside_the_original_and_never_replace_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("sheet.csv");
        std::fs::write(&original, "Date,Title\n1990,x\n").unwrap();
        assert_eq!(
            import_target(&original),
            dir.path().join("sheet.sourceline.json")
        );
        std::fs::write(dir.path().join("sheet.sourceline.json"), "{}").unwrap();
        assert_eq!(
            import_target(&original),
            dir.path().join("sheet-2.sourceline.json")
        );
        assert!(should_import(&original));
        let ours = dir.path().join("ours.json");
        std::fs::write(&ours, crate::builtin::EVENTS_JSON).unwrap();
        assert!(!should_import(&ours));
        let theirs = dir.path().join("theirs.json");
        std::fs::write(&theirs, r#"{"events": [{"start_date": {"year": 1990}}]}"#).unwrap();
        assert!(should_import(&theirs));
    }
}
