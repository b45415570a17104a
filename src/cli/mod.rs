//! The command line: `sourceline [FILE]` and its commands (`check`, `list`, `export`,
//! `suggest`, `fmt`), one file each, and the hidden `generate-assets` that writes the man pages
//! and shell completions for packaging (`packaging`).
//!
//! Commands write to the given output streams and return the exit status, so tests can run them
//! exactly as a user does.

mod check;
mod export;
mod fmt;
mod import;
mod list;
mod packaging;
mod suggest;

pub use check::check;
pub use export::export;
pub use fmt::fmt;
pub use import::{FromArg, ImportArgs, import};
pub use list::{list, spreadsheet_safe};
pub use packaging::{
    COMPLETIONS_DIR, GENERATE_ASSETS, GenerateAssetsArgs, Invocation, MAN_DIR, full_command,
    generate_assets, parse_invocation, try_parse_invocation_from,
};
pub use suggest::{SuggestArgs, SuggestFormat, suggest};

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::builtin;
use crate::model::{LoadOutcome, load_path};

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
                  sourceline export my-class.json --out slide.png --from 1989 --to 1993 --scale 2\n  \
                  sourceline suggest sources/speech.txt --date 1962-09-12\n  \
                  sourceline import my-timelinejs.json --out my-class.json\n  \
                  sourceline export my-class.json --out for-timelinejs.json\n  \
                  sourceline export my-class.json --out my-class.html"
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

    /// Save the timeline as a PNG image for slides, an SVG drawing, a PDF handout, a TimelineJS
    /// file, or a web page for students, with no window or display.
    ///
    /// The image shows the timeline's title, the period, a legend and the timeline itself; with
    /// --select, the event is highlighted and its source passage and citation appear beneath.
    /// The web page is one file that works offline, with nothing to install: students click an
    /// event to read its summary and its source passages (each marked verified or not, with its
    /// citation), step with ← and →, search, and zoom to a period. The size, period, selection
    /// and theme options apply to the image only.
    Export(ExportArgs),

    /// Print the events in date order, with whether their excerpts were found in the sources.
    List {
        /// The timeline file to list; the built-in timeline when left out.
        file: Option<PathBuf>,

        /// Output format: a readable table, CSV for a spreadsheet, or JSON for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },

    /// Propose events from the dates in a document: each with its sentence as a verified excerpt.
    ///
    /// Finds every date expression in a plain-text document (full dates, months, years, decades,
    /// centuries, seasons, ranges, BCE, and relative ones such as "last month", worked out from
    /// the document's date), and proposes an event for each. Prints one line per proposal, or
    /// JSON with --format json.
    Suggest(SuggestArgs),

    /// Make a timeline from a TimelineJS file or a spreadsheet (CSV).
    ///
    /// Reads TimelineJS JSON, the TimelineJS Google-Sheets template saved as CSV, or any CSV with
    /// one event per row, and writes a Sourceline timeline. Everything that changed on the way or
    /// could not be carried over is printed as `FILE:LINE:COL: warning|error: message` (for CSV:
    /// the line where the row starts and the column number), then a summary. The exit status is
    /// 0 when everything came over, 1 when something was not imported.
    Import(ImportArgs),

    /// Rewrite a timeline file in the canonical layout: the order of the format description,
    /// two-space indentation, one event per block.
    ///
    /// Dates, text and unknown fields are kept exactly; only their places change. This is the
    /// layout the editor saves in. With --check, nothing is written: the exit status is 1 and
    /// the file is named when it would change. Only a file that loads is rewritten.
    Fmt {
        /// The timeline file.
        file: PathBuf,

        /// Only check: exit 1 if the file is not in the canonical layout.
        #[arg(long)]
        check: bool,
    },
}

/// Options of `sourceline export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The timeline file to export; the built-in timeline when left out.
    pub file: Option<PathBuf>,

    /// The file to write.
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,

    /// What to write; told from the extension of --out when left out (`.svg`, `.pdf`, `.html`
    /// or `.htm` for the web page, `.json` for TimelineJS, anything else PNG).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,

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

    /// What the image is for (PNG and SVG; PDFs use handout sizes), which sets its text size: a slide (labels 24 px and captions
    /// 32 px on a 1080-pixel-high image, in proportion at other heights), a printed handout
    /// (labels 16 px at 1080), or a screen (the window's sizes, the most labels).
    #[arg(long = "for", value_enum, default_value_t = UseArg::Slide, value_name = "USE")]
    pub for_use: UseArg,

    /// Label text size in points of the image (pixels at --scale 1), instead of --for's;
    /// everything else grows or shrinks with it.
    #[arg(long, value_name = "POINTS", conflicts_with = "for_use",
          value_parser = clap::value_parser!(u16).range(6..=200))]
    pub text_size: Option<u16>,

    /// PDF: the paper, printed landscape.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,

    /// PDF: add pages listing every shown event with its date, excerpts and citations.
    #[arg(long)]
    pub with_list: bool,
}

/// `--paper` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4 (297 × 210 mm).
    A4,
    /// US Letter (11 × 8.5 in).
    Letter,
}

/// `--for` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UseArg {
    /// A projected slide, read from the back of the room.
    Slide,

    /// A printed handout.
    Handout,

    /// A screen, read up close.
    Screen,
}

/// Formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A PNG image for slides.
    Png,

    /// A TimelineJS JSON file, to publish the timeline with TimelineJS (events, groups from
    /// categories, excerpts and citations in the slide text).
    Timelinejs,

    /// An SVG drawing of the same scene as the PNG, with real, selectable text.
    Svg,

    /// A PDF for printing: A4 or US Letter landscape, vector, fonts embedded (see --paper and
    /// --with-list).
    Pdf,

    /// One self-contained web page for students, which works offline: the timeline to click,
    /// step through, search and zoom, each event with its excerpts and citations.
    Html,
}

impl ExportFormat {
    /// The format asked for, else the one the file name suggests.
    pub fn for_output(asked: Option<Self>, out: &Path) -> Self {
        asked.unwrap_or_else(|| {
            let extension = out
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            match extension.as_str() {
                "json" => Self::Timelinejs,
                "svg" => Self::Svg,
                "pdf" => Self::Pdf,
                "html" | "htm" => Self::Html,
                _ => Self::Png,
            }
        })
    }
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
/// Leaves a large loaded timeline for the operating system to take back when the command ends,
/// instead of freeing its millions of allocations one by one (about half a second for a million
/// events). Small ones are freed as usual.
pub(crate) fn free_at_exit<T>(value: T, events: usize) {
    if events >= 100_000 {
        #[expect(
            clippy::mem_forget,
            reason = "the process ends next; freeing would only cost time"
        )]
        std::mem::forget(value);
    }
}

/// `out` buffered in 64 KB blocks, for commands that print a line per problem or per event:
/// standard output flushes at every line, which for a million events is a million writes.
/// The caller flushes it at the end, so that a write error is reported.
pub(crate) fn in_blocks(
    out: &mut dyn std::io::Write,
) -> std::io::BufWriter<&mut dyn std::io::Write> {
    std::io::BufWriter::with_capacity(1 << 16, out)
}

pub fn load_file_or_builtin(file: Option<&Path>) -> (String, LoadOutcome) {
    match file {
        Some(path) => (path.display().to_string(), load_path(path)),
        None => (builtin::FILE_NAME.to_owned(), builtin::load()),
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

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
