//! The full text of a source with one excerpt highlighted and scrolled into view.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, RichText, ScrollArea, Ui};

use super::theme;
use crate::model::Source;

/// Which excerpt to show, and whether it still has to be scrolled into view.
#[derive(Clone, Debug)]
pub struct SourceViewState {
    /// The event whose excerpt is shown.
    pub event: usize,

    /// The excerpt's number in the event.
    pub excerpt: usize,

    /// Scroll to the highlight on the next frame.
    pub scroll_pending: bool,

    /// The laid-out text and what it was laid out for (wrap width, dark mode), so a long source
    /// is not laid out again every frame.
    pub layout_cache: Option<(u32, bool, std::sync::Arc<egui::Galley>)>,
}

impl SourceViewState {
    /// The source of an event's excerpt, to be scrolled to on the next frame.
    pub fn new(event: usize, excerpt: usize) -> Self {
        Self {
            event,
            excerpt,
            scroll_pending: true,
            layout_cache: None,
        }
    }
}

/// Shows the source text with `highlight` (a byte range) marked. Returns `true` when the user
/// asks to close the view.
pub fn source_view_ui(
    ui: &mut Ui,
    source: &Source,
    highlight: Option<std::ops::Range<usize>>,
    state: &mut SourceViewState,
) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        ui.heading(&source.title);
    });
    if let Some(author) = &source.author {
        ui.label(RichText::new(author).weak());
    }
    ui.horizontal(|ui| {
        if ui
            .button("Close")
            .on_hover_text("Back to the timeline (Esc)")
            .clicked()
        {
            close = true;
        }
        if highlight.is_some() {
            ui.label(RichText::new("The quoted passage is highlighted.").italics());
        } else {
            ui.label(RichText::new("The passage was not found in this text.").italics());
        }
    });
    ui.separator();
    let Some(text) = source.text.as_deref() else {
        ui.label("This source has no text.");
        return close;
    };
    let range = highlight.filter(|r| text.get(r.clone()).is_some());
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width();
            let dark = ui.visuals().dark_mode;
            let key = width.round() as u32;
            let galley = match &state.layout_cache {
                Some((cached_width, cached_dark, galley))
                    if *cached_width == key && *cached_dark == dark =>
                {
                    std::sync::Arc::clone(galley)
                }
                _ => {
                    let galley = ui.fonts_mut(|fonts| {
                        fonts.layout_job(source_layout_job(ui, text, range.clone(), width))
                    });
                    state.layout_cache = Some((key, dark, std::sync::Arc::clone(&galley)));
                    galley
                }
            };
            let response = ui.add(egui::Label::new(std::sync::Arc::clone(&galley)));
            if state.scroll_pending
                && let Some(r) = &range
            {
                let start_char = text.get(..r.start).unwrap_or_default().chars().count();
                let end_char = start_char + text.get(r.clone()).unwrap_or_default().chars().count();
                let top = galley.pos_from_cursor(CCursor::new(start_char));
                let bottom = galley.pos_from_cursor(CCursor::new(end_char));
                let marked_rect = top.union(bottom).translate(response.rect.min.to_vec2());
                ui.scroll_to_rect(marked_rect, Some(Align::Center));
                state.scroll_pending = false;
            }
        });
    close
}

/// The source text as one layout job, with the passage in `range` highlighted.
fn source_layout_job(
    ui: &Ui,
    text: &str,
    range: Option<std::ops::Range<usize>>,
    width: f32,
) -> LayoutJob {
    let visuals = ui.visuals();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: font.clone(),
        color: visuals.text_color(),
        ..TextFormat::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: visuals.strong_text_color(),
        background: theme::highlight_background(visuals),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    match range {
        Some(r) => {
            job.append(text.get(..r.start).unwrap_or_default(), 0.0, plain.clone());
            job.append(text.get(r.clone()).unwrap_or_default(), 0.0, marked);
            job.append(text.get(r.end..).unwrap_or_default(), 0.0, plain);
        }
        None => job.append(text, 0.0, plain),
    }
    job.wrap.max_width = width;
    job
}
