//! Exports from the window: the image is rendered, encoded and written on a worker thread, so
//! the window stays responsive during a large export and shows its progress; a copy goes to the
//! clipboard when it is ready. One export at a time.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use crate::export::{
    ExportProgress, ExportRequest, Paper, encode_png, render_export_with_progress,
};
use crate::timeline::LoadedTimeline;
use crate::ui::export_dialog::{ExportKind, ExportSettings};

mod preview;

pub use preview::ExportPreview;

/// How often the window redraws the progress bar while an export renders.
const PROGRESS_REPAINT: Duration = Duration::from_millis(100);

/// Where an export goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    /// A file.
    File(PathBuf, FileFormat),

    /// The clipboard, to paste into slides (a PNG's pixels).
    Clipboard,
}

/// What an export file is, with the options only it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// A PNG image of the request's size and sharpness.
    Png,

    /// An SVG drawing of the request's size.
    Svg,

    /// A PDF on this paper, with or without the list of events.
    Pdf {
        /// The paper, landscape.
        paper: Paper,

        /// Pages listing every shown event after the timeline.
        with_list: bool,
    },

    /// The one-file web page for students.
    WebPage,
}

impl FileFormat {
    /// The file `path` asked for with `settings`: the format its extension names when it is one
    /// of ours, else the dialog's format with its extension added (so a name typed without
    /// one still opens in the right program). Returns the path to write, too.
    pub fn for_path(path: PathBuf, settings: &ExportSettings) -> (PathBuf, Self) {
        let named = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ExportKind::from_extension);
        let (path, format) = if let Some(format) = named {
            (path, format)
        } else {
            let mut name = path.into_os_string();
            name.push(".");
            name.push(settings.format.extension());
            (PathBuf::from(name), settings.format)
        };
        let format = match format {
            ExportKind::Png => Self::Png,
            ExportKind::Svg => Self::Svg,
            ExportKind::Pdf => Self::Pdf {
                paper: settings.paper,
                with_list: settings.with_list,
            },
            ExportKind::WebPage => Self::WebPage,
        };
        (path, format)
    }
}

/// What a finished export produced.
enum Rendered {
    /// The file was written; what it is (`1920 × 1080 pixels`, `an SVG drawing`, `a web page`).
    Written(String),

    /// The pixels for the clipboard (RGBA, unpremultiplied).
    Pixels { size: [usize; 2], rgba: Vec<u8> },
}

/// An export under way.
struct ExportJob {
    target: ExportTarget,
    size_px: [u32; 2],
    progress: ExportProgress,
    result: Receiver<Result<Rendered, String>>,
}

/// The export in progress, if any, and what the last one did.
#[derive(Default)]
pub struct Exporter {
    job: Option<ExportJob>,

    /// What the last save or copy did, in words (shown in the export dialog).
    pub status: Option<String>,

    /// The export dialog's preview.
    pub preview: ExportPreview,
}

impl Exporter {
    /// Starts rendering `request` of `doc` on a worker thread. Does nothing while another
    /// export is running.
    pub fn start(
        &mut self,
        doc: Arc<LoadedTimeline>,
        request: ExportRequest,
        target: ExportTarget,
        ctx: Option<&egui::Context>,
    ) {
        if self.job.is_some() {
            return;
        }
        // Only an image has pixels to check; a drawing, a handout or a page has none.
        let is_image = matches!(
            target,
            ExportTarget::File(_, FileFormat::Png) | ExportTarget::Clipboard
        );
        let size_px = if is_image {
            match crate::export::check_size(request.width_pt, request.height_pt, request.scale) {
                Ok(size) => size,
                Err(error) => {
                    self.status = Some(format!("Not exported: {error}"));
                    return;
                }
            }
        } else {
            [0, 0]
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        let progress = ExportProgress::default();
        let thread_progress = progress.clone();
        let thread_target = target.clone();
        let ctx = ctx.cloned();
        let spawned = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let result = render(&doc, &request, &thread_target, &thread_progress);
                // The window may have closed meanwhile: nothing to report to.
                sender.send(result).ok();
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.status = None;
                self.job = Some(ExportJob {
                    target,
                    size_px,
                    progress,
                    result: receiver,
                });
            }
            Err(error) => self.status = Some(format!("Could not start the export: {error}")),
        }
    }

    /// Whether an export is under way.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// What is being exported and how far along (0 to 1), while an export is under way.
    pub fn progress(&self) -> Option<(String, f32)> {
        let job = self.job.as_ref()?;
        let [w, h] = job.size_px;
        let what = match &job.target {
            ExportTarget::File(path, FileFormat::Png) => {
                format!("Saving {} ({w} × {h})…", path.display())
            }
            ExportTarget::File(path, _) => format!("Saving {}…", path.display()),
            ExportTarget::Clipboard => format!("Copying a {w} × {h} image…"),
        };
        Some((what, job.progress.fraction()))
    }

    /// Takes the finished export's result, if any: sets the status, and puts a copied image on
    /// the clipboard (kept alive in `clipboard`, as Linux clipboards need). Asks for a redraw
    /// soon while the export runs.
    pub fn poll(&mut self, ctx: &egui::Context, clipboard: &mut Option<arboard::Clipboard>) {
        let Some(job) = &self.job else {
            return;
        };
        let result = match job.result.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(PROGRESS_REPAINT);
                return;
            }
            Err(TryRecvError::Disconnected) => Err("the export stopped unexpectedly".to_owned()),
        };
        let target = job.target.clone();
        self.job = None;
        self.status = Some(finish(result, &target, clipboard));
    }

    /// Waits for the export under way to finish and takes its result (as [`Self::poll`] does).
    pub fn wait(&mut self, clipboard: &mut Option<arboard::Clipboard>) {
        let Some(job) = self.job.take() else {
            return;
        };
        let result = job
            .result
            .recv()
            .unwrap_or_else(|_| Err("the export stopped unexpectedly".to_owned()));
        self.status = Some(finish(result, &job.target, clipboard));
    }
}

/// Renders (and for a file, encodes and writes) an export. Runs on the worker thread.
fn render(
    doc: &LoadedTimeline,
    request: &ExportRequest,
    target: &ExportTarget,
    progress: &ExportProgress,
) -> Result<Rendered, String> {
    if let ExportTarget::File(path, format) = target {
        // Every format but the PNG is made whole here: what it is, and its bytes.
        let made = match *format {
            FileFormat::Png => None,
            FileFormat::Svg => Some((
                "an SVG drawing".to_owned(),
                crate::export::render_svg(doc, request)
                    .map_err(|e| e.to_string())?
                    .into_bytes(),
            )),
            FileFormat::Pdf { paper, with_list } => Some((
                format!(
                    "a PDF handout, {}{}",
                    paper.label(),
                    if with_list {
                        ", with the list of events"
                    } else {
                        ""
                    }
                ),
                crate::export::render_pdf(
                    doc,
                    &crate::export::PdfRequest {
                        paper,
                        with_list,
                        view: request.view,
                        selected: request.selected,
                        theme: request.theme,
                        ..Default::default()
                    },
                )
                .map_err(|e| e.to_string())?,
            )),
            FileFormat::WebPage => Some((
                "a web page for students".to_owned(),
                crate::export::to_html(doc).into_bytes(),
            )),
        };
        if let Some((what, bytes)) = made {
            progress.set(0.9);
            crate::model::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
            progress.set(1.0);
            return Ok(Rendered::Written(what));
        }
    }
    let exported =
        render_export_with_progress(doc, request, progress).map_err(|e| e.to_string())?;
    let size = exported.image.size;
    let result = match target {
        ExportTarget::File(path, _) => {
            let bytes = encode_png(&exported.image).map_err(|e| e.to_string())?;
            progress.set(0.97);
            crate::model::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
            Rendered::Written(format!("{} × {} pixels", size[0], size[1]))
        }
        ExportTarget::Clipboard => Rendered::Pixels {
            size,
            rgba: exported
                .image
                .pixels
                .iter()
                .flat_map(egui::Color32::to_srgba_unmultiplied)
                .collect(),
        },
    };
    progress.set(1.0);
    Ok(result)
}

/// The status line for a finished export; a copy goes onto the clipboard here.
fn finish(
    result: Result<Rendered, String>,
    target: &ExportTarget,
    clipboard: &mut Option<arboard::Clipboard>,
) -> String {
    match (result, target) {
        (Ok(Rendered::Written(what)), ExportTarget::File(path, _)) => {
            format!("Saved {} ({what}).", path.display())
        }
        (Ok(Rendered::Pixels { size, rgba }), _) => {
            match copy_to_clipboard(clipboard, size, rgba) {
                Ok(()) => format!(
                    "Copied a {} × {} image; paste it into your slides.",
                    size[0], size[1]
                ),
                Err(error) => format!("Could not copy the image: {error}"),
            }
        }
        (Ok(Rendered::Written(_)), ExportTarget::Clipboard) => {
            "Could not copy the image: nothing was rendered".to_owned()
        }
        (Err(error), ExportTarget::File(..)) => format!("Not saved: {error}"),
        (Err(error), ExportTarget::Clipboard) => format!("Could not copy the image: {error}"),
    }
}

/// Puts an image on the clipboard.
fn copy_to_clipboard(
    clipboard: &mut Option<arboard::Clipboard>,
    [width, height]: [usize; 2],
    rgba: Vec<u8>,
) -> Result<(), String> {
    if clipboard.is_none() {
        *clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
    }
    let clipboard = clipboard
        .as_mut()
        .ok_or_else(|| "no clipboard".to_owned())?;
    clipboard
        .set_image(arboard::ImageData {
            width,
            height,
            bytes: rgba.into(),
        })
        .map_err(|e| e.to_string())
}
