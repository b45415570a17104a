//! The exported scene: a slide made of the window's own timeline view with a title, the period
//! shown, a legend and, when an event is selected, its excerpt and citation beneath.

use egui::{Frame, Margin, Pos2, Rect, RichText, Stroke, Ui, ViewportId, vec2};

use super::{CpuRenderer, ExportError, ExportProgress, check_size};
use crate::model::EventIndex;
use crate::timeline::LoadedTimeline;
use crate::timeline::{TimeView, TimelineLayout};
use crate::ui::caption::caption_ui;
use crate::ui::theme::{self, ExportTheme};
use crate::ui::timeline_view::{TimelineViewInput, timeline_view_ui};

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportRequest {
    /// Width in points.
    pub width_pt: u32,

    /// Height in points.
    pub height_pt: u32,

    /// Pixels per point: 2 renders at twice the resolution (not an upscale).
    pub scale: f32,

    /// The period to show; the whole timeline when `None`.
    pub view: Option<TimeView>,

    /// The event to highlight and caption.
    pub selected: Option<EventIndex>,

    /// Colours.
    pub theme: ExportTheme,
}

impl Default for ExportRequest {
    fn default() -> Self {
        Self {
            width_pt: 1920,
            height_pt: 1080,
            scale: 1.0,
            view: None,
            selected: None,
            theme: ExportTheme::Light,
        }
    }
}

/// A rendered export and what was drawn on it.
pub struct ExportedImage {
    /// The pixels.
    pub image: egui::ColorImage,

    /// The timeline layout in the image (in points).
    pub layout: TimelineLayout,

    /// The period shown.
    pub view: TimeView,
}

/// Renders the scene on the CPU. Needs no window, display or GPU.
pub fn render_export(
    doc: &LoadedTimeline,
    request: &ExportRequest,
) -> Result<ExportedImage, ExportError> {
    render_export_with_progress(doc, request, &ExportProgress::default())
}

/// [`render_export`], keeping `progress` up to date (for a progress bar while a large image
/// renders on another thread). Rendering takes it to 90%; encoding and writing do the rest.
pub fn render_export_with_progress(
    doc: &LoadedTimeline,
    request: &ExportRequest,
    progress: &ExportProgress,
) -> Result<ExportedImage, ExportError> {
    let size_px = check_size(request.width_pt, request.height_pt, request.scale)?;
    let ctx = egui::Context::default();
    theme::apply(&ctx);
    ctx.set_theme(match request.theme {
        ExportTheme::Light | ExportTheme::Projector => egui::Theme::Light,
        ExportTheme::Dark => egui::Theme::Dark,
    });
    if request.theme == ExportTheme::Projector {
        theme::apply_projector(&ctx);
    }
    let size_pt = vec2(size_px[0] as f32, size_px[1] as f32) / request.scale;
    let mut input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size_pt)),
        ..Default::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(request.scale);
    let view = request.view.unwrap_or_else(|| doc.full_view());
    let mut renderer = CpuRenderer::new();
    let mut layout = TimelineLayout::default();
    let mut shown = view;
    // A few passes let egui settle its layout (text sizes, panel sizes); the last is drawn.
    const PASSES: usize = 3;
    let mut last_output = None;
    for pass in 0..PASSES {
        progress.set(0.05 * pass as f32);
        let mut frame_output = ctx.run_ui(input.clone(), |ui| {
            let (frame_layout, frame_view) = scene_ui(ui, doc, view, request.selected);
            layout = frame_layout;
            shown = frame_view;
        });
        renderer.apply_textures(&frame_output.textures_delta);
        if pass + 1 < PASSES {
            renderer.free_textures(&frame_output.textures_delta);
            frame_output.textures_delta.clear();
        } else {
            last_output = Some(frame_output);
        }
    }
    let Some(mut output) = last_output else {
        return Err(ExportError::Encode("nothing was drawn".to_owned()));
    };
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
    let background = ctx.global_style().visuals.panel_fill;
    progress.set(0.2);
    let image = renderer.render_with_progress(
        &primitives,
        [size_px[0] as usize, size_px[1] as usize],
        output.pixels_per_point,
        background,
        &|fraction| progress.set(0.2 + 0.7 * fraction),
    );
    progress.set(0.9);
    renderer.free_textures(&output.textures_delta);
    output.textures_delta.clear();
    Ok(ExportedImage {
        image,
        layout,
        view: shown,
    })
}

/// The slide: title and period, legend, timeline, caption.
fn scene_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    view: TimeView,
    selected: Option<EventIndex>,
) -> (TimelineLayout, TimeView) {
    let margin = 24;
    let mut result = (TimelineLayout::default(), view);
    egui::CentralPanel::default()
        .frame(
            Frame::new()
                .fill(ui.visuals().panel_fill)
                .inner_margin(Margin::same(margin)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&doc.timeline.title).heading().strong());
                ui.label(
                    RichText::new(view.period_text())
                        .size(theme::BODY_SIZE_PT + 2.0)
                        .weak(),
                );
            });
            legend_ui(ui, doc);
            ui.add_space(6.0);
            let caption_height = if selected.is_some() {
                (ui.available_height() * 0.24).clamp(90.0, 260.0)
            } else {
                0.0
            };
            let timeline_height = (ui.available_height() - caption_height).max(60.0);
            let timeline_rect =
                Rect::from_min_size(ui.cursor().min, vec2(ui.available_width(), timeline_height));
            ui.scope_builder(egui::UiBuilder::new().max_rect(timeline_rect), |ui| {
                let input = TimelineViewInput {
                    doc,
                    selected,
                    view,
                    force_view: true,
                    matches: None,
                };
                // Nothing is clicked in an export: the commands are dropped.
                let output = timeline_view_ui(ui, &input, &mut Vec::new());
                result = (output.layout, output.view);
            });
            ui.advance_cursor_after_rect(timeline_rect);
            if let Some(event) = selected {
                ui.add_space(10.0);
                let line_y = ui.cursor().min.y;
                ui.painter().hline(
                    ui.max_rect().x_range(),
                    line_y,
                    Stroke::new(1.0, ui.visuals().weak_text_color()),
                );
                ui.add_space(8.0);
                caption_ui(ui, doc, event, theme::BODY_SIZE_PT + 3.0);
            }
        });
    result
}

/// Marker styles and what they mean; the lanes name the categories.
fn legend_ui(ui: &mut Ui, doc: &LoadedTimeline) {
    let color = theme::lane_color(doc, 0);
    let text = ui.visuals().text_color();
    let panel = ui.visuals().panel_fill;
    ui.horizontal(|ui| {
        let item = |ui: &mut Ui, label: &str, draw: &dyn Fn(&egui::Painter, Pos2)| {
            let (rect, _) = ui.allocate_exact_size(vec2(18.0, 18.0), egui::Sense::hover());
            draw(ui.painter(), rect.center());
            ui.label(RichText::new(label).color(text));
            ui.add_space(10.0);
        };
        item(ui, "happened", &|p, c| {
            p.circle_filled(c, 5.5, color);
        });
        item(ui, "planned (announced only)", &|p, c| {
            p.circle_filled(c, 5.5, panel);
            p.circle_stroke(c, 4.5, Stroke::new(2.5, color));
        });
        item(ui, "period", &|p, c| {
            p.rect_filled(Rect::from_center_size(c, vec2(16.0, 7.0)), 3.0, color);
        });
        item(ui, "approximate date", &|p, c| {
            p.circle_filled(c, 4.5, color);
            p.circle_stroke(c, 7.5, Stroke::new(1.0, color));
        });
        item(ui, "+N: events without room for a label", &|p, c| {
            p.rect_filled(Rect::from_center_size(c, vec2(16.0, 12.0)), 6.0, color);
        });
    });
}
