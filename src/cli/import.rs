//! `sourceline import`: a TimelineJS file or a spreadsheet as a timeline in our format, with
//! one located line for everything that changed or did not come over.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::import::{ImportKind, ImportOptions, import_path, parse_column_map};
use crate::model::write_atomically;

/// Options of `sourceline import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import: TimelineJS JSON, a TimelineJS sheet saved as CSV, or any CSV.
    pub file: PathBuf,

    /// What kind of file it is; told from its content when left out.
    #[arg(long, value_enum, value_name = "KIND")]
    pub from: Option<FromArg>,

    /// Where to write the timeline; standard output when left out. Never the imported file.
    #[arg(long, short, value_name = "OUT.json")]
    pub out: Option<PathBuf>,

    /// For CSV: which column holds what, e.g. `date=Start,title=Label,summary=Notes`. Fields:
    /// date, end, title, summary, category, id, `display_date`, tags. Columns not named are
    /// recognised by their headers.
    #[arg(long, value_name = "FIELD=HEADER,...")]
    pub columns: Option<String>,
}

/// `--from` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// TimelineJS JSON.
    Timelinejs,
    /// The TimelineJS Google-Sheets template saved as CSV.
    TimelinejsCsv,
    /// Any spreadsheet saved as CSV, one event per row.
    Csv,
}

/// `sourceline import`. Returns 0 when everything came over, 1 when something was not imported
/// or the file could not be read.
pub fn import(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let columns = match args.columns.as_deref().map(parse_column_map) {
        None => Vec::new(),
        Some(Ok(columns)) => columns,
        Some(Err(message)) => {
            writeln!(err, "sourceline import: --columns: {message}")?;
            return Ok(2);
        }
    };
    if let Some(target) = &args.out
        && crate::import::same_file(target, &args.file)
    {
        writeln!(
            err,
            "sourceline import: --out is the file being imported; choose another name"
        )?;
        return Ok(2);
    }
    let options = ImportOptions {
        kind: args.from.map(|from| match from {
            FromArg::Timelinejs => ImportKind::TimelineJs,
            FromArg::TimelinejsCsv => ImportKind::TimelineJsSheet,
            FromArg::Csv => ImportKind::Spreadsheet,
        }),
        columns,
    };
    let imported = import_path(&args.file, &options);
    for note in &imported.notes {
        writeln!(err, "{note}")?;
    }
    writeln!(err, "{}: {}", args.file.display(), imported.summary())?;
    let Some(text) = imported.text() else {
        return Ok(1);
    };
    match &args.out {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            if let Err(error) = write_atomically(path, text.as_bytes()) {
                writeln!(err, "sourceline import: {error}")?;
                return Ok(1);
            }
            writeln!(err, "Wrote {}", path.display())?;
        }
    }
    Ok(u8::from(!imported.is_complete()))
}
