//! `sourceline suggest`: proposes events from the dates in a document's text.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::model::{DatePoint, HistDate, load_path, read_text_file};
use crate::suggest::{
    SuggestOptions, Suggestion, is_quoted, quoted_ranges, suggest as find_suggestions,
};

/// Options of `sourceline suggest`.
#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// The document: a plain UTF-8 text file. Leave out with --timeline and --source.
    #[arg(value_name = "SOURCE.txt", required_unless_present = "source")]
    pub file: Option<PathBuf>,

    /// The document's own date, which relative expressions ("last month", "today") are worked
    /// out from: 1993-04-23, 1993-04 or 1993. Without it, Sourceline looks for a dateline near
    /// the top of the text (with --source, it takes the source's date).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub date: Option<String>,

    /// Output: one line per proposal, or JSON for scripts.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
    pub format: SuggestFormat,

    /// A timeline file whose source to read (with --source); dates its events already quote are
    /// left out.
    #[arg(long, value_name = "FILE", requires = "source")]
    pub timeline: Option<PathBuf>,

    /// The id of a source of --timeline (events.json when --timeline is left out).
    #[arg(long, value_name = "ID", conflicts_with = "file")]
    pub source: Option<String>,
}

/// Output formats of `suggest`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    /// One line per proposal, for a person to read.
    Text,

    /// A JSON array of objects.
    Json,
}

/// One proposal as `suggest --format json` prints it.
#[derive(Debug, serde::Serialize)]
struct SuggestionRow<'a> {
    /// In the timeline format; `null` when it could not be worked out.
    date: Option<String>,
    /// Verbatim from the text.
    expression: &'a str,
    /// Character offset of the expression in the file.
    offset: usize,
    line: usize,
    column: usize,
    /// The sentence around it, verbatim (it verifies against the text).
    excerpt: &'a str,
    title: &'a str,
    status: &'static str,
    date_note: Option<&'a str>,
    /// Why the date could not be worked out.
    unresolved: Option<&'a str>,
}

/// `sourceline suggest`: prints the proposals. Returns the exit status; problems go to `err`.
pub fn suggest(
    args: &SuggestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let document = match read_document(args) {
        Ok(document) => document,
        Err(message) => {
            writeln!(err, "sourceline suggest: {message}")?;
            return Ok(1);
        }
    };
    let options = SuggestOptions {
        document_date: document.date,
    };
    let proposals: Vec<Suggestion> = find_suggestions(&document.text, &options)
        .into_iter()
        .filter(|s| !is_quoted(&document.quoted, &s.range))
        .collect();
    let lines = LineIndex::new(&document.text);
    match args.format {
        SuggestFormat::Json => {
            let rows: Vec<SuggestionRow<'_>> = proposals
                .iter()
                .map(|s| {
                    let (line, column) = lines.line_column(&document.text, s.range.start);
                    SuggestionRow {
                        date: s.date.map(|d| d.to_edtf()),
                        expression: &s.expression,
                        offset: s.offset,
                        line,
                        column,
                        excerpt: &s.excerpt,
                        title: &s.title,
                        status: s.status.as_str(),
                        date_note: s.date_note.as_deref(),
                        unresolved: s.unresolved.as_deref(),
                    }
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        SuggestFormat::Text => {
            for s in &proposals {
                let (line, column) = lines.line_column(&document.text, s.range.start);
                writeln!(out, "{}:{line}:{column}: {}", document.name, text_line(s))?;
            }
        }
    }
    let unresolved = proposals.iter().filter(|s| s.date.is_none()).count();
    let left_out = if document.quoted.is_empty() {
        String::new()
    } else {
        " (dates already quoted by events left out)".to_owned()
    };
    writeln!(
        err,
        "{}: {} proposed, {unresolved} could not be dated{left_out}",
        document.name,
        crate::model::count_noun(proposals.len(), "event"),
    )?;
    Ok(0)
}

/// One proposal as a line: `1993-03 (March 1993) happened: Title ["last month"; note]`.
fn text_line(s: &Suggestion) -> String {
    let Some(date) = &s.date else {
        return format!(
            "undated: \"{}\": {}",
            s.expression,
            s.unresolved.as_deref().unwrap_or("could not be worked out")
        );
    };
    let mut line = format!(
        "{} ({date}) {}: {} [\"{}\"",
        date.to_edtf(),
        s.status.as_str(),
        s.title,
        s.expression
    );
    if let Some(note) = &s.date_note {
        line.push_str("; ");
        line.push_str(note);
    }
    line.push(']');
    line
}

/// The text to read and what is known about it.
struct Document {
    /// The name used in messages.
    name: String,
    text: String,
    date: Option<DatePoint>,
    /// Byte ranges of the text that events already quote.
    quoted: Vec<Range<usize>>,
}

/// Reads the document: a text file, or a source of a timeline.
fn read_document(args: &SuggestArgs) -> Result<Document, String> {
    let date = args
        .date
        .as_deref()
        .map(|text| parse_document_date(text).map_err(|e| format!("--date: {e}")))
        .transpose()?;
    if let Some(id) = &args.source {
        let timeline_path = args
            .timeline
            .clone()
            .unwrap_or_else(|| PathBuf::from("events.json"));
        return read_timeline_source(&timeline_path, id, date);
    }
    let Some(path) = &args.file else {
        return Err("give a text file, or --timeline FILE --source ID".to_owned());
    };
    let text = read_text_file(path).map_err(|e| e.to_string())?;
    Ok(Document {
        name: path.display().to_string(),
        text,
        date,
        quoted: Vec::new(),
    })
}

/// A source of a timeline: its text, its date, and what the timeline's events quote of it.
fn read_timeline_source(
    timeline_path: &Path,
    id: &str,
    date: Option<DatePoint>,
) -> Result<Document, String> {
    let outcome = load_path(timeline_path);
    let Some(timeline) = outcome.timeline else {
        let lines: Vec<String> = outcome.problems.iter().map(ToString::to_string).collect();
        return Err(format!(
            "{} could not be opened:\n{}",
            timeline_path.display(),
            lines.join("\n")
        ));
    };
    let Some((index, source)) = timeline
        .sources
        .iter()
        .enumerate()
        .find(|(_, s)| s.id == id)
    else {
        let hint = crate::model::closest_name(id, timeline.sources.iter().map(|s| s.id.as_str()))
            .map(|k| format!("; did you mean \"{k}\"?"))
            .unwrap_or_default();
        return Err(format!(
            "--source: {} has no source \"{id}\"{hint}",
            timeline_path.display()
        ));
    };
    let Some(text) = &source.text else {
        return Err(format!(
            "--source: the text of \"{id}\" could not be read (`sourceline check {}` says why)",
            timeline_path.display()
        ));
    };
    let source_date = match source.date {
        Some(HistDate::Point(point)) => Some(point),
        _ => None,
    };
    Ok(Document {
        name: source
            .file
            .clone()
            .unwrap_or_else(|| format!("source {id}")),
        text: text.to_string(),
        date: date.or(source_date),
        quoted: quoted_ranges(&timeline, index),
    })
}

/// A document date given on the command line: a single date in the timeline's forms.
fn parse_document_date(text: &str) -> Result<DatePoint, String> {
    match HistDate::parse(text).map_err(|e| e.to_string())? {
        HistDate::Point(point) => Ok(point),
        HistDate::Interval { .. } => Err(format!(
            "\"{text}\" is a period; give the document's date, e.g. 1993-04-23"
        )),
    }
}

/// Line starts of a text, for line and column numbers (columns count characters, from 1).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self { starts }
    }

    /// Line and column (both from 1) of a byte offset.
    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> (u8, String, String) {
        use clap::Parser as _;
        let cli = super::super::Cli::try_parse_from(
            std::iter::once("sourceline")
                .chain(std::iter::once("suggest"))
                .chain(args.iter().copied()),
        )
        .expect("parses");
        let Some(super::super::CliCommand::Suggest(args)) = cli.command else {
            panic!("suggest")
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = suggest(&args, &mut out, &mut err).unwrap();
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_release_gives_located_proposals_with_verbatim_excerpts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("release.txt");
        let text = "For Immediate Release April 23, 1993\n\nThe submarines collided last month.\n\
                    Talks will start in late May.\n";
        std::fs::write(&path, text).unwrap();
        let (status, out, err) = run(&[path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(status, 0, "{err}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        let last_month = rows
            .iter()
            .find(|r| r["expression"] == "last month")
            .expect("found");
        assert_eq!(last_month["date"], "1993-03");
        assert_eq!(last_month["line"], 3);
        assert_eq!(last_month["status"], "happened");
        assert!(
            last_month["date_note"]
                .as_str()
                .is_some_and(|n| n.contains("23 April 1993")),
            "{last_month}"
        );
        let offset = last_month["offset"].as_u64().unwrap() as usize;
        let at: String = text.chars().skip(offset).take(10).collect();
        assert_eq!(at, "last month", "the offset counts characters");
        let late_may = rows
            .iter()
            .find(|r| r["expression"] == "late May")
            .expect("found");
        assert_eq!(late_may["status"], "planned");
        for row in &rows {
            let excerpt = row["excerpt"].as_str().unwrap();
            assert!(text.contains(excerpt), "verbatim: {excerpt}");
        }

        let (_, text_out, _) = run(&[path.to_str().unwrap()]);
        assert!(
            text_out
                .lines()
                .any(|l| l.contains(":3:") && l.contains("1993-03 (March 1993) happened")),
            "{text_out}"
        );
    }

    #[test]
    fn the_date_option_resolves_relative_dates_and_bad_input_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.txt");
        std::fs::write(&path, "The collision happened last month.\n").unwrap();
        let (_, out, err) = run(&[path.to_str().unwrap(), "--format", "json"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert!(rows[0]["date"].is_null(), "no date to work from: {rows:?}");
        assert!(rows[0]["unresolved"].is_string());
        assert!(err.contains("1 could not be dated"), "{err}");
        let (_, out, _) = run(&[
            path.to_str().unwrap(),
            "--date",
            "1993-04-23",
            "--format",
            "json",
        ]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(rows[0]["date"], "1993-03");

        let (status, _, err) = run(&[path.to_str().unwrap(), "--date", "April"]);
        assert_eq!(status, 1);
        assert!(err.contains("--date: invalid date \"April\""), "{err}");
        std::fs::write(&path, b"Caf\xE9 in 1945").unwrap();
        let (status, _, err) = run(&[path.to_str().unwrap()]);
        assert_eq!(status, 1);
        assert!(err.contains("not UTF-8"), "{err}");
    }

    #[test]
    fn a_timeline_source_leaves_out_dates_already_quoted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("memo.txt"),
            "The treaty was signed in 1987. The summit met in 1990.\n",
        )
        .unwrap();
        let timeline = dir.path().join("t.json");
        std::fs::write(
            &timeline,
            r#"{"format": 1, "title": "T",
              "sources": [{"id": "memo", "title": "Memo", "file": "memo.txt", "date": "1991"}],
              "categories": [{"id": "c", "label": "C"}],
              "events": [{"id": "treaty", "title": "Treaty", "date": "1987", "category": "c",
                "excerpts": [{"source": "memo", "text": "The treaty was signed in 1987."}]}]}"#,
        )
        .unwrap();
        let (status, out, err) = run(&[
            "--timeline",
            timeline.to_str().unwrap(),
            "--source",
            "memo",
            "--format",
            "json",
        ]);
        assert_eq!(status, 0, "{err}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
        assert_eq!(dates, ["1990"], "1987 is quoted already: {out}");
        let (status, _, err) = run(&["--timeline", timeline.to_str().unwrap(), "--source", "mem"]);
        assert_eq!(status, 1);
        assert!(err.contains("did you mean \"memo\""), "{err}");
    }
}
