//! What an import changed or could not carry over, each with its place in the original file,
//! turned into located problems (`FILE:LINE:COL: warning|error: message`) at the end.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{Anchor, JsonPath, Problem, Severity, TextLocation, locate_all};

/// Where something is in the imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A value in a JSON file, by its path.
    Json(JsonPath),

    /// A cell of a CSV file: the line its row starts on, and the column number (A = 1).
    Cell {
        /// Line in the file, from 1 (a row with line breaks inside quotes spans several).
        line: u64,
        /// Column number, from 1.
        column: usize,
    },

    /// The file as a whole.
    File,
}

/// One note, before its place is resolved to a line and column.
#[derive(Clone, Debug)]
struct Note {
    severity: Severity,
    place: Place,
    message: String,
}

/// A note said once for many places: how many, and where the first was.
#[derive(Clone, Debug)]
struct Tally {
    severity: Severity,
    first: Place,
    count: usize,
    message: String,
}

/// The notes of one import, in the order they were found.
#[derive(Debug, Default)]
pub struct Notes {
    said: Vec<Note>,
    tallies: Vec<Tally>,
    tally_index: HashMap<String, usize>,
}

impl Notes {
    /// Something changed on the way in (kept in another place, or presentational and dropped).
    pub fn warn(&mut self, place: Place, message: impl Into<String>) {
        self.push(Severity::Warning, place, message.into());
    }

    /// Something the author wrote that was not imported.
    pub fn error(&mut self, place: Place, message: impl Into<String>) {
        self.push(Severity::Error, place, message.into());
    }

    fn push(&mut self, severity: Severity, place: Place, message: String) {
        self.said.push(Note {
            severity,
            place,
            message,
        });
    }

    /// A warning said once for all its occurrences: `message` gets ` (N times)` when there was
    /// more than one, and the place of the first.
    pub fn warn_once(&mut self, key: &str, place: Place, message: impl Into<String>) {
        if let Some(&i) = self.tally_index.get(key) {
            if let Some(tally) = self.tallies.get_mut(i) {
                tally.count += 1;
            }
            return;
        }
        self.tally_index.insert(key.to_owned(), self.tallies.len());
        self.tallies.push(Tally {
            severity: Severity::Warning,
            first: place,
            count: 1,
            message: message.into(),
        });
    }

    /// The notes as problems of `file`, places resolved against the file's `text` (JSON paths to
    /// line and column), ordered by place.
    pub fn into_problems(self, file: &str, text: &str) -> Vec<Problem> {
        let tallied = self.tallies.into_iter().map(|t| Note {
            severity: t.severity,
            place: t.first,
            message: if t.count > 1 {
                format!("{} ({} times; the first is here)", t.message, t.count)
            } else {
                t.message
            },
        });
        let notes: Vec<Note> = self.said.into_iter().chain(tallied).collect();
        let wanted: Vec<(JsonPath, Anchor)> = notes
            .iter()
            .filter_map(|n| match &n.place {
                Place::Json(path) => Some((path.clone(), Anchor::Value)),
                _ => None,
            })
            .collect();
        let mut json_locations = locate_all(text, &wanted).into_iter();
        let mut problems: Vec<Problem> = notes
            .into_iter()
            .map(|note| {
                let (location, path) = match note.place {
                    Place::Json(path) => (json_locations.next().flatten(), Some(path)),
                    Place::Cell { line, column } => (
                        Some(TextLocation {
                            line: u32::try_from(line).unwrap_or(u32::MAX),
                            column: u32::try_from(column).unwrap_or(u32::MAX),
                        }),
                        None,
                    ),
                    Place::File => (None, None),
                };
                Problem {
                    severity: note.severity,
                    file: file.to_owned(),
                    location,
                    message: note.message,
                    path,
                }
            })
            .collect();
        // File-wide notes first, then by place; the sort is stable, so notes about one place
        // keep the order they were found in.
        problems.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
        problems
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PathSegment;

    #[test]
    fn json_places_become_lines_and_columns_and_tallies_count() {
        let text = "{\n  \"events\": [\n    {\"a\": 1},\n    {\"a\": 2}\n  ]\n}\n";
        let path = |i: usize| {
            Place::Json(vec![
                PathSegment::Key("events".into()),
                PathSegment::Index(i),
                PathSegment::Key("a".into()),
            ])
        };
        let mut notes = Notes::default();
        notes.error(path(1), "second");
        notes.warn_once("a", path(0), "field \"a\" is not imported");
        notes.warn_once("a", path(1), "field \"a\" is not imported");
        notes.warn(Place::File, "whole file");
        let lines: Vec<String> = notes
            .into_problems("t.json", text)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "t.json: warning: whole file",
                "t.json:3:11: warning: field \"a\" is not imported (2 times; the first is here)",
                "t.json:4:11: error: second",
            ]
        );
    }
}
