//! Writing a file so that it is either the old or the new version, never a mix: through a
//! temporary file in the same folder, flushed to disk, then renamed over the old one. Saves of
//! timelines and every export use it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file could not be written. The file as it was is left untouched.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("could not write {path}: {reason}")]
pub struct WriteError {
    /// The file asked for.
    pub path: PathBuf,

    /// Why, in plain words.
    pub reason: String,
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place, so
/// a failed write never leaves a partial file (and never destroys an existing one).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let error = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(error(format!(
            "the folder {} does not exist",
            folder.display()
        )));
    }
    if path.is_dir() {
        return Err(error(
            "it is a folder; give a file name such as timeline.png".to_owned(),
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sourceline-").suffix(".tmp");
    // The temporary file is private (0600) by default; the finished image is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder.tempfile_in(&folder).map_err(|err| {
        error(format!(
            "cannot create a file in {}: {err}",
            folder.display()
        ))
    })?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| error(err.to_string()))?;
    temp.persist(path)
        .map_err(|err| error(err.error.to_string()))?;
    // The rename itself is durable once the folder is synced (ignored where folders cannot be
    // opened, as on Windows).
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(&folder) {
        dir.sync_all().ok();
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("t.png");
        write_atomically(&out, b"first").unwrap();
        write_atomically(&out, b"second").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "readable by others, like any saved file");
        }
        let missing = dir.path().join("no-such-folder/t.png");
        assert!(
            write_atomically(&missing, b"x")
                .unwrap_err()
                .to_string()
                .contains("does not exist")
        );
        assert!(
            write_atomically(dir.path(), b"x")
                .unwrap_err()
                .to_string()
                .contains("is a folder")
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("t.png")],
            "no temporary files left"
        );
    }
}
