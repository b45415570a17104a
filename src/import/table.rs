//! CSV files as a header and rows: the delimiter guessed from the header line (comma,
//! semicolon or tab, as spreadsheets in different countries save them), quoted cells with line
//! breaks, and rows of the wrong width reported by row.

use super::notes::{Notes, Place};

/// A CSV file read into cells.
#[derive(Clone, Debug)]
pub struct Table {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The line the header is on.
    pub header_line: u64,
    /// The rows below the header that have anything in them.
    pub rows: Vec<Row>,
}

/// One row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The line the row starts on.
    pub line: u64,
    /// Its number as a spreadsheet shows it (the header is row 1).
    pub number: usize,
    /// The cells, exactly as many as there are headers (missing ones empty).
    pub cells: Vec<String>,
}

impl Row {
    /// The place of cell `column` (from 0).
    pub fn place(&self, column: usize) -> Place {
        Place::Cell {
            line: self.line,
            column: column + 1,
        }
    }

    /// The trimmed text of cell `column`, when it has any.
    pub fn cell(&self, column: Option<usize>) -> Option<&str> {
        let text = self.cells.get(column?)?.trim();
        (!text.is_empty()).then_some(text)
    }
}

/// Reads `text` as CSV. An error (a place and a message) when there is no header or the CSV
/// cannot be read.
pub fn read_table(text: &str, notes: &mut Notes) -> Result<Table, (Place, String)> {
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = LineCounter::default();
    let (headers, header_line) = loop {
        match records.next() {
            None => return Err((Place::File, "the file has no header row".to_owned())),
            Some(Err(error)) => return Err(csv_error(&error)),
            Some(Ok(record)) if record.iter().all(|c| c.trim().is_empty()) => {}
            Some(Ok(record)) => {
                let line = record
                    .position()
                    .map_or(1, |p| lines.line_at(text.as_bytes(), p.byte()));
                break (
                    record
                        .iter()
                        .map(|c| c.trim().to_owned())
                        .collect::<Vec<_>>(),
                    line,
                );
            }
        }
    };
    // Trailing empty header cells ("a,b,c,") are not columns.
    let width = headers
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let headers: Vec<String> = headers.into_iter().take(width).collect();
    let mut rows = Vec::new();
    for (index, record) in records.enumerate() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(text.as_bytes(), p.byte()));
        let number = index + 2;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.len() > width {
            let extra: Vec<&String> = cells[width..]
                .iter()
                .filter(|c| !c.trim().is_empty())
                .collect();
            if extra.is_empty() {
                notes.warn_once(
                    "trailing-cells",
                    Place::Cell {
                        line,
                        column: width + 1,
                    },
                    format!(
                        "row {number} has empty cells beyond the {width} columns of the header \
                         (a trailing comma): ignored"
                    ),
                );
            } else {
                let first = cells[width..]
                    .iter()
                    .position(|c| !c.trim().is_empty())
                    .unwrap_or(0);
                notes.error(
                    Place::Cell {
                        line,
                        column: width + first + 1,
                    },
                    format!(
                        "row {number} has {} cells but the header has {width} columns: \"{}\" \
                         has no column and is not imported",
                        cells.len(),
                        extra
                            .iter()
                            .map(|c| c.trim())
                            .collect::<Vec<_>>()
                            .join("\", \"")
                    ),
                );
            }
            cells.truncate(width);
        } else if cells.len() < width {
            // Said once, at the first short row: a sheet often has many.
            notes.warn_once(
                "short-rows",
                Place::Cell {
                    line,
                    column: cells.len() + 1,
                },
                format!(
                    "rows shorter than the header's {width} columns (the first is row {number}, \
                     without {}): the missing cells are read as empty",
                    headers[cells.len()..].join(", ")
                ),
            );
            cells.resize(width, String::new());
        }
        rows.push(Row {
            line,
            number,
            cells,
        });
    }
    Ok(Table {
        headers,
        header_line,
        rows,
    })
}

/// Lines of record starts, counted from byte offsets. (The reader's own line count lags by one
/// after a CRLF line end: it counts the `\n` as part of the next record.)
#[derive(Default)]
struct LineCounter {
    byte: usize,
    newlines: u64,
}

impl LineCounter {
    /// The line of the first character of the record starting at `byte` (offsets only grow).
    fn line_at(&mut self, text: &[u8], byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // Skip the rest of the previous line end, where the reader puts the record start.
        while text.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            start += 1;
        }
        let start = start.min(text.len());
        if start >= self.byte {
            self.newlines += memchr::memchr_iter(b'\n', &text[self.byte..start]).count() as u64;
            self.byte = start;
        }
        self.newlines + 1
    }
}

fn csv_error(error: &csv::Error) -> (Place, String) {
    let place = error.position().map_or(Place::File, |p| Place::Cell {
        line: p.line(),
        column: 1,
    });
    (place, format!("cannot read the CSV: {error}"))
}

/// The delimiter the header line uses most, outside quotes: `,`, `;` or tab.
fn guess_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0_usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in &mut counts {
                    if byte == *delimiter {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// A header as compared with the names we know: lowercase, `_` and `-` as spaces, spaces
/// collapsed (`Start_Date` → `start date`).
pub fn normalize_header(header: &str) -> String {
    header
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_rows_are_padded_or_reported() {
        let text = "start,end,label,era\r\n1200,,Cusco,Inca,\r\n3300 BC,1300 BC,Indus\r\n\
                    1,2,3,4,5\r\n,,,\r\n";
        let mut notes = Notes::default();
        let table = read_table(text, &mut notes).unwrap();
        assert_eq!(table.headers, ["start", "end", "label", "era"]);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[1].cells, ["3300 BC", "1300 BC", "Indus", ""]);
        assert_eq!(table.rows[1].number, 3);
        let problems: Vec<String> = notes
            .into_problems("h.csv", text)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("h.csv:2:5: warning: row 2 has empty cells"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with(
                "h.csv:3:4: warning: rows shorter than the header's 4 columns (the first is row 3, \
                 without era)"
            ),
            "{problems:?}"
        );
        assert!(problems[2].starts_with("h.csv:4:5: error: row 4 has 5 cells"));
    }

    #[test]
    fn semicolons_tabs_and_quoted_line_breaks() {
        let mut notes = Notes::default();
        let table = read_table("Date;Title\n1946;\"a;b\nc\"\n1947;d\n", &mut notes).unwrap();
        assert_eq!(table.rows[0].cells, ["1946", "a;b\nc"]);
        assert_eq!(table.rows[1].line, 4);
        let table = read_table("Date\tTitle\n1946\tx\n", &mut notes).unwrap();
        assert_eq!(table.rows[0].cells, ["1946", "x"]);
        assert_eq!(normalize_header(" Start_Date "), "start date");
    }
}
