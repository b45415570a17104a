//! `sourceline fmt`: rewrites a timeline file in the canonical layout (the one the editor
//! saves), or with `--check` only says whether it would.

use std::io::Write;
use std::path::Path;

use crate::edit::canonical_text;
use crate::model::{ProblemCounts, load_path, write_atomically};

/// `sourceline fmt FILE [--check]`. Returns the exit status: with `--check`, 1 when the file
/// would change; without, 1 when it could not be formatted. Only a file that loads is
/// rewritten, so a broken file is never made worse.
pub fn fmt(
    file: &Path,
    check_only: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let name = file.display().to_string();
    let outcome = load_path(file);
    if outcome.timeline.is_none() {
        for problem in &outcome.problems {
            writeln!(err, "{problem}")?;
        }
        writeln!(
            err,
            "{name}: {}; fix the errors before formatting",
            ProblemCounts::of(&outcome.problems)
        )?;
        return Ok(1);
    }
    // The file loaded, so it is UTF-8 JSON.
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            writeln!(err, "{name}: cannot read the file: {error}")?;
            return Ok(1);
        }
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            writeln!(err, "{name}: {error}")?;
            return Ok(1);
        }
    };
    let formatted = canonical_text(&value);
    if formatted == text {
        if !check_only {
            writeln!(out, "{name} is already formatted")?;
        }
        return Ok(0);
    }
    if check_only {
        writeln!(
            out,
            "{name} is not formatted; `sourceline fmt {name}` rewrites it"
        )?;
        return Ok(1);
    }
    match write_atomically(file, formatted.as_bytes()) {
        Ok(()) => {
            writeln!(out, "Formatted {name}")?;
            Ok(0)
        }
        Err(error) => {
            writeln!(err, "{error}")?;
            Ok(1)
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn run(file: &Path, check_only: bool) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = fmt(file, check_only, &mut out, &mut err).unwrap();
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn fmt_rewrites_once_and_check_says_whether_it_would() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        std::fs::write(
            &file,
            r#"{"title": "T", "format": 1, "sources": [], "events": [],
                "categories": [{"label": "C", "id": "c", "x-mine": "kept"}]}"#,
        )
        .unwrap();
        let (status, out, _) = run(&file, true);
        assert_eq!(status, 1);
        assert!(out.contains("is not formatted"), "{out}");
        let (status, out, _) = run(&file, false);
        assert_eq!(status, 0);
        assert!(out.starts_with("Formatted "), "{out}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("{\n  \"format\": 1,\n  \"title\": \"T\","),
            "{text}"
        );
        assert!(text.contains("\"x-mine\": \"kept\""));
        let (status, out, _) = run(&file, true);
        assert_eq!(status, 0, "{out}");
        let (status, out, _) = run(&file, false);
        assert_eq!((status, out.contains("already formatted")), (0, true));
    }

    #[test]
    fn a_file_that_does_not_load_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.json");
        let broken = "{\"format\": 1, \"title\": ";
        std::fs::write(&file, broken).unwrap();
        let (status, _, err) = run(&file, false);
        assert_eq!(status, 1);
        assert!(err.contains("fix the errors before formatting"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    }
}
