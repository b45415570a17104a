//! The TimelineJS Google-Sheets template saved as CSV: its standard columns matched by header
//! text, each row a slide (`Type` makes it the title or an era).

use super::notes::{Notes, Place};
use super::slides::{Cell, DateParts, Slide, SlideKind};
use super::table::{Row, Table, normalize_header};

/// The template's columns, by normalised header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Year,
    Month,
    Day,
    Time,
    EndYear,
    EndMonth,
    EndDay,
    EndTime,
    DisplayDate,
    Headline,
    Text,
    Media,
    MediaCredit,
    MediaCaption,
    MediaThumbnail,
    Type,
    Group,
    Background,
    AltText,
    UniqueId,
}

const COLUMNS: &[(&str, Column)] = &[
    ("year", Column::Year),
    ("month", Column::Month),
    ("day", Column::Day),
    ("time", Column::Time),
    ("end year", Column::EndYear),
    ("end month", Column::EndMonth),
    ("end day", Column::EndDay),
    ("end time", Column::EndTime),
    ("display date", Column::DisplayDate),
    ("headline", Column::Headline),
    ("text", Column::Text),
    ("media", Column::Media),
    ("media credit", Column::MediaCredit),
    ("media caption", Column::MediaCaption),
    ("media thumbnail", Column::MediaThumbnail),
    ("type", Column::Type),
    ("group", Column::Group),
    ("tag", Column::Group),
    ("background", Column::Background),
    ("alt text", Column::AltText),
    ("unique id", Column::UniqueId),
];

/// Whether the header looks like the TimelineJS template: a Year and a Headline column, and
/// either at least four of its columns or none but its own.
pub fn is_timelinejs_sheet(headers: &[String]) -> bool {
    let known: Vec<Column> = headers.iter().filter_map(|h| column_of(h)).collect();
    let named = headers.iter().filter(|h| !h.is_empty()).count();
    known.contains(&Column::Year)
        && known.contains(&Column::Headline)
        && (known.len() >= 4 || known.len() == named)
}

fn column_of(header: &str) -> Option<Column> {
    let name = normalize_header(header);
    COLUMNS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The slides of the sheet's rows.
pub fn read_sheet(table: &Table, notes: &mut Notes) -> Vec<Slide> {
    let mut index: Vec<(Column, usize)> = Vec::new();
    for (i, header) in table.headers.iter().enumerate() {
        let place = Place::Cell {
            line: table.header_line,
            column: i + 1,
        };
        match column_of(header) {
            Some(column) if index.iter().any(|(c, _)| *c == column) => notes.warn(
                place,
                format!("a second \"{header}\" column: only the first is imported"),
            ),
            Some(column) => index.push((column, i)),
            None if header.is_empty() => {}
            None => notes.warn(
                place,
                format!(
                    "the column \"{header}\" is not part of the TimelineJS template: not imported"
                ),
            ),
        }
    }
    let at = |column: Column| index.iter().find(|(c, _)| *c == column).map(|(_, i)| *i);
    table
        .rows
        .iter()
        .map(|row| slide_of(row, &at, notes))
        .collect()
}

fn slide_of(row: &Row, at: &dyn Fn(Column) -> Option<usize>, notes: &mut Notes) -> Slide {
    let cell = |column: Column| -> Option<Cell> {
        let i = at(column)?;
        row.cell(Some(i)).map(|text| Cell {
            text: text.to_owned(),
            place: row.place(i),
        })
    };
    let kind = match cell(Column::Type) {
        None => SlideKind::Event,
        Some(c) => match c.text.to_lowercase().as_str() {
            "title" => SlideKind::Title,
            "era" => SlideKind::Era,
            _ => {
                notes.warn(
                    c.place,
                    format!(
                        "row {}: Type \"{}\" is neither \"title\" nor \"era\": read as an event",
                        row.number, c.text
                    ),
                );
                SlideKind::Event
            }
        },
    };
    let date = |year, month, day, time| {
        let year: Option<Cell> = cell(year);
        let month = cell(month);
        let day = cell(day);
        let time: Option<Cell> = cell(time);
        (year.is_some() || month.is_some() || day.is_some()).then(|| DateParts {
            place: row.place(at(Column::Year).unwrap_or(0)),
            year,
            month,
            day,
            time: time.into_iter().collect(),
            display_date: None,
        })
    };
    let mut slide = Slide::new(row.place(0), kind);
    slide.start = date(Column::Year, Column::Month, Column::Day, Column::Time);
    slide.end = date(
        Column::EndYear,
        Column::EndMonth,
        Column::EndDay,
        Column::EndTime,
    );
    slide.display_date = cell(Column::DisplayDate);
    slide.headline = cell(Column::Headline);
    slide.text = cell(Column::Text);
    slide.media_url = cell(Column::Media);
    slide.media_credit = cell(Column::MediaCredit);
    slide.media_caption = cell(Column::MediaCaption);
    slide.group = cell(Column::Group);
    slide.background = cell(Column::Background);
    slide.unique_id = cell(Column::UniqueId);
    slide
}
