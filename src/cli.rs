//! The command line: `sourceline [FILE]`, `sourceline check [FILE]`, `sourceline list [FILE]`.
//!
//! Commands write to the given output streams and return the exit status, so tests can run them
//! exactly as a user does.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::builtin;
use crate::export::{self, ExportRequest};
use crate::model::{
    Event, HistDate, LoadOutcome, ProblemCounts, Timeline, closest_name, count_noun, load_path,
};
use crate::timeline::{LoadedTimeline, TimeView};
use crate::ui::theme::ExportTheme;

/// Sourceline: a timeline of dated events from historical documents, where every event shows
/// the passage of its source that supports it, checked word for word.
#[derive(Debug, Parser)]
#[command(
    name = "sourceline",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Without a command, Sourceline opens the timeline window on FILE, or on the built-in \
                  timeline when no FILE is given.\n\nExamples:\n  sourceline check my-class.json\n  \
                  sourceline list my-class.json --format csv > events.csv\n  \
                  sourceline export my-class.json --out slide.png --from 1989 --to 1993 --scale 2"
)]
pub struct Cli {
    /// What to do; leave out to open the window.
    #[command(subcommand)]
    pub command: Option<CliCommand>,

    /// A timeline file (events.json) to open; the built-in timeline when left out.
    pub file: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Check a timeline file and list every problem with its line and column.
    ///
    /// Prints each problem as `FILE:LINE:COL: error|warning: message`, then a one-line summary.
    /// Errors stop the timeline from opening; warnings (an excerpt not found in its source, an
    /// unknown field) do not, but are worth fixing. The exit status is 0 only when nothing is
    /// reported.
    Check {
        /// The timeline file to check; the built-in timeline when left out.
        file: Option<PathBuf>,
    },

    /// Save the timeline as a PNG image for slides and handouts, with no window or display.
    ///
    /// The image shows the timeline's title, the period, a legend and the timeline itself; with
    /// --select, the event is highlighted and its source passage and citation appear beneath.
    Export(ExportArgs),

    /// Print the events in date order, with whether their excerpts were found in the sources.
    List {
        /// The timeline file to list; the built-in timeline when left out.
        file: Option<PathBuf>,

        /// Output format: a readable table, CSV for a spreadsheet, or JSON for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

/// Options of `sourceline export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The timeline file to export; the built-in timeline when left out.
    pub file: Option<PathBuf>,

    /// The PNG file to write.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,

    /// Width of the image in points (before --scale).
    #[arg(long, default_value_t = 1920)]
    pub width: u32,

    /// Height of the image in points (before --scale).
    #[arg(long, default_value_t = 1080)]
    pub height: u32,

    /// Pixels per point: 2 gives a sharp image twice the width and height, for big screens.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,

    /// Start of the period to show, as in the timeline file: 1989, 1992-01, 1993-04-03, 44 BCE.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// End of the period to show (the whole of that day, month or year is included).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<String>,

    /// The id of an event to highlight; its excerpt and citation appear beneath the timeline.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Colours: light (for slides and printing), dark, or projector (high contrast, larger type).
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
}

/// Themes on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on white.
    Light,

    /// Light text on dark.
    Dark,

    /// For a classroom projector: white background, black text, larger type.
    Projector,
}

/// `sourceline export`: renders and writes a PNG. Returns the exit status; problems go to `err`.
pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match export_to_file(args) {
        Ok((path, [w, h])) => {
            writeln!(out, "Wrote {} ({w}×{h} pixels)", path.display())?;
            Ok(0)
        }
        Err(message) => {
            writeln!(err, "sourceline export: {message}")?;
            Ok(1)
        }
    }
}

/// Does the export; the error is the message to print.
fn export_to_file(args: &ExportArgs) -> Result<(PathBuf, [u32; 2]), String> {
    let size_px =
        export::check_size(args.width, args.height, args.scale).map_err(|e| e.to_string())?;
    let (name, outcome) = load_file_or_builtin(args.file.as_deref());
    let Some(timeline) = outcome.timeline else {
        let lines: Vec<String> = outcome.problems.iter().map(ToString::to_string).collect();
        return Err(format!(
            "{name} could not be opened ({}):\n{}",
            ProblemCounts::of(&outcome.problems),
            lines.join("\n")
        ));
    };
    let doc = LoadedTimeline::new(timeline, outcome.problems, name);
    let selected = if let Some(id) = &args.select {
        let Some((index, _)) = doc.timeline.event_by_id(id) else {
            let hint = closest_name(id, doc.timeline.events.iter().map(|e| e.id.as_str()))
                .map(|k| format!("; did you mean \"{k}\"?"))
                .unwrap_or_default();
            return Err(format!(
                "--select: there is no event \"{id}\"{hint} (`sourceline list` shows the ids)"
            ));
        };
        Some(index)
    } else {
        None
    };
    let view = export_view(&doc, args.from.as_deref(), args.to.as_deref())?;
    let request = ExportRequest {
        width_pt: args.width,
        height_pt: args.height,
        scale: args.scale,
        view,
        selected,
        theme: match args.theme {
            ThemeArg::Light => ExportTheme::Light,
            ThemeArg::Dark => ExportTheme::Dark,
            ThemeArg::Projector => ExportTheme::Projector,
        },
    };
    let exported = export::render_export(&doc, &request).map_err(|e| e.to_string())?;
    let bytes = export::encode_png(&exported.image).map_err(|e| e.to_string())?;
    export::write_atomically(&args.out, &bytes).map_err(|e| e.to_string())?;
    Ok((args.out.clone(), size_px))
}

/// The period from `--from`/`--to`; the timeline's own extent fills in a missing end.
fn export_view(
    doc: &LoadedTimeline,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<TimeView>, String> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let parse = |flag: &str, text: &str| {
        HistDate::parse(text)
            .map(|d| d.day_span())
            .map_err(|e| format!("{flag}: {e}"))
    };
    let full = doc.full_view();
    let start = match from {
        Some(text) => f64::from(parse("--from", text)?.start_day),
        None => full.min_day,
    };
    let end = match to {
        Some(text) => f64::from(parse("--to", text)?.end_day_exclusive),
        None => full.max_day,
    };
    if end <= start {
        return Err("--to must be later than --from".to_owned());
    }
    Ok(Some(TimeView::new(start, end)))
}

/// Output formats of `list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for reading in a terminal.
    Text,

    /// Comma-separated values (UTF-8 with a byte order mark, so spreadsheets detect the encoding).
    Csv,

    /// A JSON array of objects.
    Json,
}

/// Loads FILE, or the built-in timeline; returns the name used in messages too.
pub fn load_file_or_builtin(file: Option<&Path>) -> (String, LoadOutcome) {
    match file {
        Some(path) => (path.display().to_string(), load_path(path)),
        None => (builtin::FILE_NAME.to_owned(), builtin::load()),
    }
}

/// `sourceline check`: prints every problem and a summary. Returns the exit status.
pub fn check(file: Option<&Path>, out: &mut dyn Write) -> std::io::Result<u8> {
    let (name, outcome) = load_file_or_builtin(file);
    for problem in &outcome.problems {
        writeln!(out, "{problem}")?;
    }
    let counts = ProblemCounts::of(&outcome.problems);
    match &outcome.timeline {
        Some(timeline) if counts.is_clean() => {
            let excerpts: usize = timeline.events.iter().map(|e| e.excerpts.len()).sum();
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
    Ok(u8::from(!counts.is_clean()))
}

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
    match format {
        ListFormat::Text => write_text(&rows, out)?,
        ListFormat::Csv => write_csv(&rows, out)?,
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
    }
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
            excerpts_verified: event
                .excerpts
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

fn write_csv(rows: &[ListRow<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    // A byte order mark makes spreadsheet programs read the file as UTF-8 (en dashes, accents).
    out.write_all("\u{feff}".as_bytes())?;
    // Every field quoted; a field a spreadsheet would run as a formula is defused with '.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    let cell = |text: &str| -> String {
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_owned()
        }
    };
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

    #[test]
    fn command_line_parses_as_documented() {
        let cli = Cli::try_parse_from(["sourceline", "list", "f.json", "--format", "csv"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(CliCommand::List {
                format: ListFormat::Csv,
                ..
            })
        ));
        let cli = Cli::try_parse_from(["sourceline", "my.json"]).unwrap();
        assert_eq!(cli.file.as_deref(), Some(Path::new("my.json")));
        assert!(Cli::try_parse_from(["sourceline", "check"]).is_ok());
        assert!(Cli::try_parse_from(["sourceline", "list", "--format", "xml"]).is_err());
    }
}
