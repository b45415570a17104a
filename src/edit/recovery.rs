//! Unsaved edits kept safe: while a timeline has unsaved changes, its text is written every few
//! seconds to a recovery file in the app's data folder. A save or a discard removes it; after a
//! crash, the next start finds it and offers to restore the edits.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{WriteError, write_atomically};

/// What a recovery file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    /// The timeline file the edits belong to (absolute).
    pub file: PathBuf,

    /// The edited text, in the canonical layout.
    pub text: String,

    /// When it was written, in seconds since 1970.
    pub written_at_secs: u64,
}

/// The recovery file of a timeline file, in `dir`.
pub fn recovery_path(dir: &Path, file: &Path) -> PathBuf {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = rustc_hash::FxHasher::default();
    file.hash(&mut hasher);
    dir.join(format!("recovery-{:016x}.json", hasher.finish()))
}

/// Writes the recovery file of `file` (atomically, so a crash while writing leaves the last one).
pub fn write_recovery(dir: &Path, file: &Path, text: &str) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|e| WriteError {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let recovery = Recovery {
        file: file.to_path_buf(),
        text: text.to_owned(),
        written_at_secs: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let json = serde_json::to_string(&recovery).unwrap_or_default();
    write_atomically(&recovery_path(dir, file), json.as_bytes())
}

/// Removes the recovery file of `file`, if there is one.
pub fn remove_recovery(dir: &Path, file: &Path) {
    // Nothing to remove is fine.
    std::fs::remove_file(recovery_path(dir, file)).ok();
}

/// The recovery files in `dir`, newest first. Damaged ones are skipped.
pub fn find_recoveries(dir: &Path) -> Vec<Recovery> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Recovery> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let path = e.path();
            let named = path
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s.starts_with("recovery-"));
            named
                && path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        })
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|bytes| serde_json::from_slice::<Recovery>(&bytes).ok())
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.written_at_secs));
    found
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_files_are_written_found_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = Path::new("/classes/rome.json");
        assert!(find_recoveries(dir.path()).is_empty());
        write_recovery(dir.path(), file, "{\"title\": \"edited\"}\n").unwrap();
        write_recovery(dir.path(), file, "{\"title\": \"edited again\"}\n").unwrap();
        std::fs::write(dir.path().join("recovery-bad.json"), "{ damaged").unwrap();
        let found = find_recoveries(dir.path());
        assert_eq!(found.len(), 1, "one per timeline, damaged ones skipped");
        assert_eq!(found[0].file, file);
        assert_eq!(found[0].text, "{\"title\": \"edited again\"}\n");
        remove_recovery(dir.path(), file);
        assert!(find_recoveries(dir.path()).is_empty());
    }
}
