//! `sourceline export`: the timeline as an image, with no window or display; or as a TimelineJS
//! file, or as a web page for students.

use std::io::Write;

use super::{ExportArgs, ExportFormat, PaperArg, ThemeArg, UseArg, load_file_or_builtin};
use crate::export::{self, ExportRequest, Paper, PdfRequest, TextSize};
use crate::model::{HistDate, ProblemCounts, closest_name};
use crate::timeline::{LoadedTimeline, TimeView};
use crate::ui::theme::ExportTheme;

/// `sourceline export`: renders and writes a PNG, SVG, PDF, TimelineJS file or web page. Returns
/// the exit status; problems go to `err`.
pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let text_export = match ExportFormat::for_output(args.format, &args.out) {
        ExportFormat::Png | ExportFormat::Svg | ExportFormat::Pdf => None,
        ExportFormat::Timelinejs => Some(("TimelineJS", export_timelinejs(args))),
        ExportFormat::Html => Some(("web page", export_html(args))),
    };
    if let Some((kind, result)) = text_export {
        return match result {
            Ok(events) => {
                writeln!(
                    out,
                    "Wrote {} ({kind}, {})",
                    args.out.display(),
                    crate::model::count_noun(events, "event")
                )?;
                Ok(0)
            }
            Err(message) => {
                writeln!(err, "sourceline export: {message}")?;
                Ok(1)
            }
        };
    }
    match export_to_file(args) {
        Ok(what) => {
            writeln!(out, "Wrote {} ({what})", args.out.display())?;
            Ok(0)
        }
        Err(message) => {
            writeln!(err, "sourceline export: {message}")?;
            Ok(1)
        }
    }
}

/// Writes the TimelineJS file; returns how many events it has.
fn export_timelinejs(args: &ExportArgs) -> Result<usize, String> {
    let (name, outcome) = load_file_or_builtin(args.file.as_deref());
    let Some(timeline) = outcome.timeline else {
        return Err(format!(
            "{name} could not be opened ({}); `sourceline check {name}` lists the problems",
            ProblemCounts::of(&outcome.problems)
        ));
    };
    let document = export::to_timelinejs(&timeline);
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::model::write_atomically(&args.out, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(timeline.events.len())
}

/// Writes the web page; returns how many events it has.
fn export_html(args: &ExportArgs) -> Result<usize, String> {
    let (name, outcome) = load_file_or_builtin(args.file.as_deref());
    let Some(timeline) = outcome.timeline else {
        return Err(format!(
            "{name} could not be opened ({}); `sourceline check {name}` lists the problems",
            ProblemCounts::of(&outcome.problems)
        ));
    };
    let doc = LoadedTimeline::new(timeline, outcome.problems, name);
    let page = export::to_html(&doc);
    crate::model::write_atomically(&args.out, page.as_bytes()).map_err(|e| e.to_string())?;
    Ok(doc.timeline.events.len())
}

/// Does a PNG, SVG or PDF export; returns what was written (`1920×1080 pixels`), or the
/// message to print.
fn export_to_file(args: &ExportArgs) -> Result<String, String> {
    let format = ExportFormat::for_output(args.format, &args.out);
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
    let theme = match args.theme {
        ThemeArg::Light => ExportTheme::Light,
        ThemeArg::Dark => ExportTheme::Dark,
        ThemeArg::Projector => ExportTheme::Projector,
    };
    let text = match (args.text_size, args.for_use) {
        (Some(points), _) => TextSize::LabelPoints(points),
        (None, UseArg::Slide) => TextSize::Slide,
        (None, UseArg::Handout) => TextSize::Handout,
        (None, UseArg::Screen) => TextSize::Screen,
    };
    let request = ExportRequest {
        width_pt: args.width,
        height_pt: args.height,
        scale: args.scale,
        view,
        selected,
        theme,
        text,
    };
    let write =
        |bytes: &[u8]| crate::model::write_atomically(&args.out, bytes).map_err(|e| e.to_string());
    match format {
        ExportFormat::Svg => {
            let svg = export::render_svg(&doc, &request).map_err(|e| e.to_string())?;
            write(svg.as_bytes())?;
            Ok(format!("SVG, {}×{} points", args.width, args.height))
        }
        ExportFormat::Pdf => {
            let paper = match args.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            };
            let pdf = export::render_pdf(
                &doc,
                &PdfRequest {
                    paper,
                    with_list: args.with_list,
                    view,
                    selected,
                    theme,
                    // A handout's sizes, unless the text size was given.
                    text: args
                        .text_size
                        .map_or(TextSize::Handout, TextSize::LabelPoints),
                },
            )
            .map_err(|e| e.to_string())?;
            write(&pdf)?;
            Ok(format!("PDF, {} landscape", paper.label()))
        }
        ExportFormat::Png | ExportFormat::Timelinejs | ExportFormat::Html => {
            let exported = export::render_export(&doc, &request).map_err(|e| e.to_string())?;
            let bytes = export::encode_png(&exported.image).map_err(|e| e.to_string())?;
            write(&bytes)?;
            let events = doc.timeline.events.len();
            super::free_at_exit(doc, events);
            Ok(format!("{}×{} pixels", size_px[0], size_px[1]))
        }
    }
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
