//! `sourceline list`: the events in date order, as text, CSV or JSON.

use std::io::Write;
use std::path::Path;

use super::{ListFormat, load_file_or_builtin};
use crate::model::{Event, ProblemCounts, Timeline};

/// `sourceline list`: prints the events in date order. Problems go to `err`.
/// Returns the exit status: 1 when the timeline does not load.
pub fn list(
    file: Option<&Path>,
    format: ListFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let (name, outcome) = load_file_or_builtin(file);
    let Some(timeline) = outcome.timeline else {
        for problem in &outcome.problems {
            writeln!(err, "{problem}")?;
        }
        writeln!(
            err,
            "{name}: {}; nothing to list",
            ProblemCounts::of(&outcome.problems)
        )?;
        return Ok(1);
    };
    if !outcome.problems.is_empty() {
        writeln!(
            err,
            "{name}: {}; run `sourceline check` for details",
            ProblemCounts::of(&outcome.problems)
        )?;
    }
    let rows: Vec<ListRow<'_>> = timeline
        .events
        .iter()
        .map(|e| ListRow::new(&timeline, e))
        .collect();
    let mut out = super::in_blocks(out);
    match format {
        ListFormat::Text => write_text(&rows, &mut out)?,
        ListFormat::Csv => write_csv(&rows, &mut out)?,
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    let events = rows.len();
    drop(rows);
    super::free_at_exit(timeline, events);
    Ok(0)
}

/// One event as `list` prints it.
#[derive(Debug, serde::Serialize)]
struct ListRow<'a> {
    id: &'a str,
    /// Display form, e.g. `3–4 April 1993`.
    date: String,
    /// The date as written in EDTF form, e.g. `1993-04-03/1993-04-04`.
    edtf: String,
    category: &'a str,
    status: &'static str,
    importance: u8,
    title: &'a str,
    /// One entry per excerpt: was it found in its source?
    excerpts_verified: Vec<bool>,
}

impl<'a> ListRow<'a> {
    fn new(timeline: &'a Timeline, event: &'a Event) -> Self {
        Self {
            id: &event.id,
            date: event.date.to_string(),
            edtf: event.date.to_edtf(),
            category: timeline.category_of(event).map_or("", |c| c.label.as_str()),
            status: event.status.as_str(),
            importance: event.importance.number(),
            title: &event.title,
            excerpts_verified: timeline
                .excerpts(event)
                .iter()
                .map(crate::model::Excerpt::is_verified)
                .collect(),
        }
    }

    /// `yes`, `no`, `1 of 2`, or `none` when the event has no excerpt.
    fn verified_text(&self) -> String {
        let total = self.excerpts_verified.len();
        let verified = self.excerpts_verified.iter().filter(|v| **v).count();
        match (verified, total) {
            (_, 0) => "none".to_owned(),
            (v, t) if v == t => "yes".to_owned(),
            (0, _) => "no".to_owned(),
            (v, t) => format!("{v} of {t}"),
        }
    }
}

fn write_text(rows: &[ListRow<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    let width = |header: &str, cell: &dyn Fn(&ListRow<'_>) -> usize| {
        rows.iter()
            .map(cell)
            .max()
            .unwrap_or(0)
            .max(header.chars().count())
    };
    let date_w = width("DATE", &|r| r.date.chars().count());
    let id_w = width("ID", &|r| r.id.chars().count());
    let cat_w = width("CATEGORY", &|r| r.category.chars().count());
    writeln!(
        out,
        "{:<date_w$}  {:<id_w$}  {:<cat_w$}  {:<8}  {:<8}  TITLE",
        "DATE", "ID", "CATEGORY", "STATUS", "VERIFIED"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<date_w$}  {:<id_w$}  {:<cat_w$}  {:<8}  {:<8}  {}",
            row.date,
            row.id,
            row.category,
            row.status,
            row.verified_text(),
            row.title
        )?;
    }
    Ok(())
}

/// A CSV field a spreadsheet will show as text: one that it would otherwise run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a `'` in front.
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn write_csv(rows: &[ListRow<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    // A byte order mark makes spreadsheet programs read the file as UTF-8 (en dashes, accents).
    out.write_all("\u{feff}".as_bytes())?;
    // Every field quoted; a field a spreadsheet would run as a formula is defused with '.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    let cell = spreadsheet_safe;
    writer.write_record([
        "id",
        "date",
        "edtf",
        "category",
        "status",
        "importance",
        "title",
        "verified",
    ])?;
    for row in rows {
        writer.write_record([
            cell(row.id),
            cell(&row.date),
            cell(&row.edtf),
            cell(row.category),
            cell(row.status),
            row.importance.to_string(),
            cell(row.title),
            row.verified_text(),
        ])?;
    }
    writer.flush()
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn run_list(format: ListFormat) -> String {
        let mut out = Vec::new();
        let status = list(None, format, &mut out, &mut Vec::new()).unwrap();
        assert_eq!(status, 0, "the built-in timeline lists");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn list_prints_events_in_date_order_as_text() {
        let text = run_list(ListFormat::Text);
        let header = text.lines().next().unwrap();
        assert!(
            header.starts_with("DATE") && header.ends_with("TITLE"),
            "{header}"
        );
        let nsd = text
            .lines()
            .position(|l| l.contains(" nsd-23 "))
            .expect("NSD-23 listed");
        let camp = text
            .lines()
            .position(|l| l.contains(" camp-david-meeting "))
            .expect("Camp David listed");
        assert!(nsd < camp, "date order");
        assert!(text.lines().any(|l| l.starts_with("3–4 April 1993")
            && l.contains("vancouver-summit")
            && l.contains(" yes ")));
    }

    #[test]
    fn list_csv_is_quoted_utf8_with_a_byte_order_mark() {
        let text = run_list(ListFormat::Csv);
        let body = text.strip_prefix('\u{feff}').expect("BOM for spreadsheets");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let summit = records
            .iter()
            .find(|r| &r[0] == "vancouver-summit")
            .expect("row");
        assert_eq!(&summit[1], "3–4 April 1993", "en dash survives as UTF-8");
        assert_eq!(&summit[2], "1993-04-03/1993-04-04");
        assert_eq!(&summit[7], "yes");
        assert!(
            records.iter().all(|r| r.len() == headers.len()),
            "quoting keeps columns aligned"
        );
    }

    #[test]
    fn list_json_has_one_object_per_event() {
        let text = run_list(ListFormat::Json);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        let camp = rows
            .iter()
            .find(|r| r["id"] == "camp-david-meeting")
            .expect("row");
        assert_eq!(camp["date"], "1 February 1992");
        assert_eq!(camp["excerpts_verified"][0], true);
    }
}
