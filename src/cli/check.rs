//! `sourceline check`: every problem of a timeline file, one per line with its place.

use std::io::Write;
use std::path::Path;

use super::load_file_or_builtin;
use crate::model::{ProblemCounts, count_noun};

/// `sourceline check`: prints every problem and a summary. Returns the exit status.
pub fn check(file: Option<&Path>, out: &mut dyn Write) -> std::io::Result<u8> {
    let (name, outcome) = load_file_or_builtin(file);
    let mut out = super::in_blocks(out);
    for problem in &outcome.problems {
        writeln!(out, "{problem}")?;
    }
    let counts = ProblemCounts::of(&outcome.problems);
    match &outcome.timeline {
        Some(timeline) if counts.is_clean() => {
            let excerpts: usize = timeline
                .events
                .iter()
                .map(|e| timeline.excerpts(e).len())
                .sum();
            writeln!(
                out,
                "{name}: no problems found ({}, {}, {}, all verified)",
                count_noun(timeline.events.len(), "event"),
                count_noun(timeline.sources.len(), "source"),
                count_noun(excerpts, "excerpt"),
            )?;
        }
        Some(_) => writeln!(out, "{name}: {counts}; the timeline loads")?,
        None => writeln!(
            out,
            "{name}: {counts}; the timeline cannot be opened until the errors are fixed"
        )?,
    }
    out.flush()?;
    let events = outcome.timeline.as_ref().map_or(0, |t| t.events.len());
    super::free_at_exit(outcome, events);
    Ok(u8::from(!counts.is_clean()))
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_of_the_builtin_timeline_prints_only_the_summary() {
        let mut out = Vec::new();
        let status = check(None, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(status, 0, "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with("events.json: no problems found ("),
            "{text}"
        );
    }

    #[test]
    fn check_reports_problems_and_fails() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.json");
        std::fs::write(&file, "{\"format\": 1,\n \"title\": \"t\", \"sources\": [], \"categories\": [{\"id\": \"a\", \"label\": \"A\"}],\n \"events\": [{\"id\": \"x\", \"title\": \"X\", \"date\": \"1992-02-30\", \"category\": \"a\"}]}").unwrap();
        let mut out = Vec::new();
        let status = check(Some(&file), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(status, 1);
        let name = file.display().to_string();
        assert!(
            text.starts_with(&format!(
                "{name}:3:47: error: event \"x\": invalid date \"1992-02-30\""
            )),
            "{text}"
        );
        assert!(text.ends_with(&format!("{name}: 1 error, 0 warnings; the timeline cannot be opened until the errors are fixed\n")), "{text}");
    }
}
