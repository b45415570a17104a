//! The export dialog's preview: a small rendering of what the export will make, redone on a
//! worker thread whenever what it shows changes.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::PROGRESS_REPAINT;
use crate::export::ExportRequest;
use crate::timeline::LoadedTimeline;

/// How wide the export dialog's preview is rendered, in pixels.
const PREVIEW_WIDTH_PX: f32 = 480.0;

/// What a preview was rendered for: the document (by address) and the request.
type PreviewKey = (usize, ExportRequest);

/// A small rendering of the image the export dialog will make, redone on a worker thread
/// whenever what it shows (the timeline, the view, the selection, the settings) changes.
#[derive(Default)]
pub struct ExportPreview {
    shown_for: Option<PreviewKey>,
    pending: Option<(PreviewKey, Receiver<Result<egui::ColorImage, String>>)>,

    /// The latest preview, once one is ready.
    pub texture: Option<egui::TextureHandle>,
}

impl ExportPreview {
    /// Takes a finished preview, and starts a new one when `request` of `doc` is not what the
    /// shown one is of (one at a time).
    pub fn update(
        &mut self,
        doc: &Arc<LoadedTimeline>,
        request: ExportRequest,
        ctx: &egui::Context,
    ) {
        if let Some((key, receiver)) = &self.pending {
            match receiver.try_recv() {
                Ok(result) => {
                    if let Ok(image) = result {
                        self.texture = Some(ctx.load_texture(
                            "export_preview",
                            image,
                            egui::TextureOptions::LINEAR,
                        ));
                    }
                    self.shown_for = Some(*key);
                    self.pending = None;
                }
                Err(TryRecvError::Empty) => {
                    ctx.request_repaint_after(PROGRESS_REPAINT);
                    return;
                }
                Err(TryRecvError::Disconnected) => self.pending = None,
            }
        }
        let key = (Arc::as_ptr(doc) as usize, request);
        if self.shown_for == Some(key) {
            return;
        }
        let mut small = request;
        small.scale = (PREVIEW_WIDTH_PX / request.width_pt.max(1) as f32).clamp(0.25, 1.0);
        let (sender, receiver) = std::sync::mpsc::channel();
        let doc = Arc::clone(doc);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("export-preview".to_owned())
            .spawn(move || {
                let image = crate::export::render_export(&doc, &small)
                    .map(|exported| exported.image)
                    .map_err(|e| e.to_string());
                sender.send(image).ok();
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some((key, receiver));
        }
    }
}
