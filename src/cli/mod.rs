//! The command line: `sourceline [FILE]` and its commands (`check`, `list`, `export`,
//! `suggest`, `fmt`), one file each, and the hidden `generate-assets` that writes the man pages
//! and shell completions for packaging (`packaging`).
//!
//! Commands write to the given output streams and return the exit status, so tests can run them
//! exactly as a user does.

mod check;
mod export;
mod fmt;
mod list;
mod packaging;
mod suggest;

pub use check::check;
pub use export::export;
pub use fmt::fmt;
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
                  sourceline suggest sources/speech.txt --date 1962-09-12"
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

    /// Propose events from the dates in a document: each with its sentence as a verified excerpt.
    ///
    /// Finds every date expression in a plain-text document (full dates, months, years, decades,
    /// centuries, seasons, ranges, BCE, and relative ones such as "last month", worked out from
    /// the document's date), and proposes an event for each. Prints one line per proposal, or
    /// JSON with --format json.
    Suggest(SuggestArgs),

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
