//! Any spreadsheet saved as CSV: one event per row, its columns recognised by common header
//! names or named with `--columns`, date cells read in our format, ISO, or free text.

use std::fmt;
use std::str::FromStr;

use super::assemble::{EventDraft, fallback_title};
use super::html::html_to_text;
use super::notes::{Notes, Place};
use super::slides::short;
use super::table::{Row, Table, normalize_header};
use crate::model::{Bound, HistDate};
use crate::suggest::{ColumnOrder, column_order, parse_date_cell, parse_date_cell_in};

/// What a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The date, or the start of a period.
    Date,
    /// The end of a period.
    End,
    /// The event's title.
    Title,
    /// A description.
    Summary,
    /// A category, group, era or type: becomes the lane.
    Category,
    /// An id.
    Id,
    /// The date as the author wanted it shown: kept as the date note.
    DisplayDate,
    /// Tags, separated by commas or semicolons.
    Tags,
}

impl Field {
    /// Every field, in the order of `--columns` help.
    pub const ALL: [Self; 8] = [
        Self::Date,
        Self::End,
        Self::Title,
        Self::Summary,
        Self::Category,
        Self::Id,
        Self::DisplayDate,
        Self::Tags,
    ];

    /// The name used in `--columns`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::End => "end",
            Self::Title => "title",
            Self::Summary => "summary",
            Self::Category => "category",
            Self::Id => "id",
            Self::DisplayDate => "display_date",
            Self::Tags => "tags",
        }
    }

    /// Header names recognised for this field, most telling first (normalised: lowercase,
    /// spaces for `_` and `-`).
    fn header_names(self) -> &'static [&'static str] {
        match self {
            Self::Date => &[
                "date",
                "start date",
                "start",
                "startdate",
                "begin",
                "from",
                "year",
                "when",
                "start year",
            ],
            Self::End => &[
                "end date", "end", "enddate", "end year", "to", "until", "finish",
            ],
            Self::Title => &[
                "title", "headline", "label", "event", "name", "what", "heading",
            ],
            Self::Summary => &[
                "summary",
                "description",
                "text",
                "notes",
                "note",
                "details",
                "body",
                "content",
            ],
            Self::Category => &[
                "category", "group", "lane", "era", "theme", "topic", "period", "tag", "type",
            ],
            Self::Id => &[
                "id",
                "unique id",
                "objectid",
                "object id",
                "identifier",
                "key",
            ],
            Self::DisplayDate => &["display date", "date text", "shown date"],
            Self::Tags => &["tags", "keywords"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim().to_lowercase().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name || (name == "description" && *f == Self::Summary))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown field \"{text}\": the fields are {}",
                    names.join(", ")
                )
            })
    }
}

/// Parses `--columns date=Start,title=Label` into (field, header) pairs.
pub fn parse_column_map(text: &str) -> Result<Vec<(Field, String)>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (field, header) = part
                .split_once('=')
                .ok_or_else(|| format!("\"{part}\" is not FIELD=HEADER (e.g. date=Start)"))?;
            Ok((field.parse()?, header.trim().to_owned()))
        })
        .collect()
}

/// Which column holds which field.
#[derive(Clone, Debug, Default)]
struct Mapping {
    columns: Vec<(Field, usize)>,
    /// How the date columns write day and month.
    order: ColumnOrder,
}

impl Mapping {
    fn get(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

/// Maps the columns: those named in `given` first, then the others by their headers. An error
/// when a given header does not exist, or no date column is found.
fn map_columns(
    table: &Table,
    given: &[(Field, String)],
    notes: &mut Notes,
) -> Result<Mapping, String> {
    let mut mapping = Mapping::default();
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    for (field, header) in given {
        let wanted = normalize_header(header);
        let Some(i) = normalized.iter().position(|h| *h == wanted) else {
            return Err(format!(
                "--columns: there is no column \"{header}\" (the columns are: {})",
                table.headers.join(", ")
            ));
        };
        mapping.columns.retain(|(f, _)| f != field);
        mapping.columns.push((*field, i));
    }
    for field in Field::ALL {
        if mapping.get(field).is_some() {
            continue;
        }
        let free = |i: &usize| !mapping.columns.iter().any(|(_, c)| c == i);
        let found = field.header_names().iter().find_map(|name| {
            (0..normalized.len())
                .filter(free)
                .find(|&i| normalized[i] == *name)
        });
        if let Some(i) = found {
            mapping.columns.push((field, i));
        }
    }
    if mapping.get(Field::Date).is_none() {
        return Err(format!(
            "no date column: name one with --columns date=HEADER (the columns are: {})",
            table.headers.join(", ")
        ));
    }
    let unused: Vec<(usize, &String)> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !mapping.columns.iter().any(|(_, c)| c == i))
        .collect();
    if let Some((first, _)) = unused.first() {
        let names: Vec<String> = unused.iter().map(|(_, h)| format!("\"{h}\"")).collect();
        let (columns, are) = if names.len() == 1 {
            ("column", "is")
        } else {
            ("columns", "are")
        };
        notes.warn(
            Place::Cell {
                line: table.header_line,
                column: first + 1,
            },
            format!(
                "the {columns} {} {are} not imported: Sourceline does not know what {} hold \
                 (`sourceline import --columns` can say)",
                names.join(", "),
                if names.len() == 1 {
                    "it may"
                } else {
                    "they may"
                }
            ),
        );
    }
    Ok(mapping)
}

/// The rows as event drafts, with how many rows there were.
pub fn read_rows(
    table: &Table,
    given: &[(Field, String)],
    notes: &mut Notes,
) -> Result<Vec<EventDraft>, String> {
    let mut mapping = map_columns(table, given, notes)?;
    // Start and end dates are written alike: "03/04/1805" is read in the order "14/07/1789"
    // shows in either column.
    mapping.order = column_order(table.rows.iter().flat_map(|row| {
        [Field::Date, Field::End]
            .into_iter()
            .filter_map(|field| row.cell(mapping.get(field)))
    }));
    Ok(table
        .rows
        .iter()
        .filter_map(|row| draft_of(row, &mapping, notes))
        .collect())
}

fn draft_of(row: &Row, mapping: &Mapping, notes: &mut Notes) -> Option<EventDraft> {
    let cell = |field: Field| row.cell(mapping.get(field));
    let place = |field: Field| row.place(mapping.get(field).unwrap_or(0));
    let title_cell = cell(Field::Title).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let what = match &title_cell {
        Some(title) => format!("row {} (\"{}\")", row.number, short(title)),
        None => format!("row {}", row.number),
    };
    let Some(date_text) = cell(Field::Date) else {
        notes.error(
            place(Field::Date),
            format!("{what} has no date: not imported"),
        );
        return None;
    };
    let mut date_notes = Vec::new();
    let start = match parse_date_cell_in(date_text, mapping.order) {
        Ok(read) => {
            date_notes.extend(read.note.map(|n| sentence(&n)));
            read.date
        }
        Err(error) => {
            notes.error(place(Field::Date), format!("{what}: {error}: not imported"));
            return None;
        }
    };
    let mut date = start;
    if let Some(end_text) = cell(Field::End) {
        match parse_date_cell_in(end_text, mapping.order) {
            Ok(read) => match join(start, read.date) {
                Some(joined) => {
                    date_notes.extend(read.note.map(|n| sentence(&n)));
                    date = joined;
                }
                None => notes.error(
                    place(Field::End),
                    format!(
                        "{what}: the end \"{end_text}\" is before the start \"{date_text}\": \
                         imported with the start date only"
                    ),
                ),
            },
            Err(error) => notes.error(
                place(Field::End),
                format!("{what}: end date: {error}; imported with the start date only"),
            ),
        }
    }
    if let Some(shown) = cell(Field::DisplayDate) {
        let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        match more_precise(&shown, date) {
            Some((better, note)) => {
                notes.warn(
                    place(Field::DisplayDate),
                    format!(
                        "{what}: the display date \"{shown}\" says more than the date \
                         \"{date_text}\": it is used as the date ({better})"
                    ),
                );
                date_notes.push(format!("Date from the display date \"{shown}\"."));
                date_notes.extend(note.map(|n| sentence(&n)));
                date = better;
            }
            None if shown != date.to_string() && shown != date_text => {
                date_notes.push(format!("Shown in the original as \"{shown}\"."));
            }
            None => {}
        }
    }
    let summary = cell(Field::Summary)
        .map(|s| {
            if s.contains("</") || s.contains("<br") || s.contains("<p") {
                html_to_text(s)
            } else {
                s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
            }
        })
        .unwrap_or_default();
    let title = title_cell.unwrap_or_else(|| {
        let title = fallback_title(&summary, &date);
        notes.warn(
            row.place(0),
            format!("row {} has no title: titled \"{title}\"", row.number),
        );
        title
    });
    let tags = cell(Field::Tags)
        .map(|t| {
            t.split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(EventDraft {
        id: cell(Field::Id).map(|id| (id.to_owned(), place(Field::Id))),
        title,
        date,
        date_notes,
        summary,
        category: cell(Field::Category).map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")),
        tags,
    })
}

/// A note as a sentence: capitalised, with a full stop.
fn sentence(note: &str) -> String {
    let mut chars = note.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The display date as a date, when it is a more precise date within the date's span
/// (`Jan-12` for `2012`), with how it was read.
fn more_precise(shown: &str, date: HistDate) -> Option<(HistDate, Option<String>)> {
    let read = parse_date_cell(shown).ok()?;
    let (inner, outer) = (read.date.day_span(), date.day_span());
    let within = inner.start_day >= outer.start_day
        && inner.end_day_exclusive <= outer.end_day_exclusive
        && !inner.open_start
        && !inner.open_end;
    (within && inner != outer).then_some((read.date, read.note))
}

/// The interval from the start of `start` to the end of `end`; `None` when `end` is before.
fn join(start: HistDate, end: HistDate) -> Option<HistDate> {
    if end.day_span().end_day_exclusive <= start.day_span().start_day {
        return None;
    }
    let first = match start {
        HistDate::Point(p) => Bound::Date(p),
        HistDate::Interval { start, .. } => start,
    };
    let last = match end {
        HistDate::Point(p) => Bound::Date(p),
        HistDate::Interval { end, .. } => end,
    };
    match (first, last) {
        (Bound::Date(a), Bound::Date(b)) if a == b => Some(HistDate::Point(a)),
        (Bound::Open, Bound::Open) => None,
        (start, end) => Some(HistDate::Interval { start, end }),
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_maps_parse_and_reject_unknown_fields() {
        let map = parse_column_map("date=Start, title=Label,description=Notes").unwrap();
        assert_eq!(
            map,
            [
                (Field::Date, "Start".to_owned()),
                (Field::Title, "Label".to_owned()),
                (Field::Summary, "Notes".to_owned())
            ]
        );
        assert!(
            parse_column_map("when=Start")
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(
            parse_column_map("date")
                .unwrap_err()
                .contains("FIELD=HEADER")
        );
    }

    #[test]
    fn start_and_end_cells_join_into_periods() {
        let d = |t: &str| parse_date_cell(t).unwrap().date;
        assert_eq!(
            join(d("3300 BC"), d("1300 BC")).unwrap().to_edtf(),
            "-3299/-1299"
        );
        assert_eq!(join(d("1990"), d("1980")), None);
        assert_eq!(join(d("1990"), d("1990")).unwrap().to_edtf(), "1990");
    }
}
