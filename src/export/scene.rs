//! The exported scene: a slide made of the window's own timeline view with a title, the period
//! shown, a legend and, when an event is selected, its excerpt and citation beneath.

use egui::{Frame, Margin, Pos2, Rect, RichText, Stroke, Ui, ViewportId, vec2};

use super::{CpuRenderer, ExportError, ExportProgress, TextSize, check_size};
use crate::model::EventIndex;
use crate::timeline::LoadedTimeline;
use crate::timeline::{LaneSizing, TimeView, TimelineLayout};
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

    /// How large the text is.
    pub text: TextSize,
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
            text: TextSize::Slide,
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

    /// Image pixels per layout point (the scale times the text zoom): a label `h` points high
    /// in `layout` is `h * pixels_per_point` pixels high in `image`.
    pub pixels_per_point: f32,

    /// The size of label text in the image, in pixels.
    pub label_text_px: f32,

    /// The size of the caption's quotation in the image, in pixels (when an event is selected).
    pub caption_text_px: f32,
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
    let mut renderer = CpuRenderer::new();
    let mut scene = run_scene(
        request,
        size_px,
        progress,
        Some(&mut renderer),
        &mut |ui: &mut Ui| {
            let view = request.view.unwrap_or_else(|| doc.story_view());
            scene_ui(ui, doc, view, request.selected)
        },
    );
    let primitives = scene.ctx.tessellate(
        std::mem::take(&mut scene.output.shapes),
        scene.output.pixels_per_point,
    );
    let background = scene.ctx.global_style().visuals.panel_fill;
    progress.set(0.2);
    let image = renderer.render_with_progress(
        &primitives,
        [size_px[0] as usize, size_px[1] as usize],
        scene.output.pixels_per_point,
        background,
        &|fraction| progress.set(0.2 + 0.7 * fraction),
    );
    progress.set(0.9);
    renderer.free_textures(&scene.output.textures_delta);
    scene.output.textures_delta.clear();
    let style = scene.ctx.global_style();
    let pixels_per_point = scene.pixels_per_point;
    Ok(ExportedImage {
        image,
        layout: scene.layout,
        view: scene.view,
        pixels_per_point,
        label_text_px: theme::label_font(&style).size * pixels_per_point,
        caption_text_px: caption_size_pt(&style) * pixels_per_point,
    })
}

/// The scene as SVG: the same shapes the PNG is rasterized from, with real text. Its nominal
/// size is the request's width and height in points (`scale` does not apply to vector output).
pub fn render_svg(doc: &LoadedTimeline, request: &ExportRequest) -> Result<String, ExportError> {
    let vector = ExportRequest {
        scale: 1.0,
        ..*request
    };
    let size_px = check_size(vector.width_pt, vector.height_pt, 1.0)?;
    let scene = run_scene(
        &vector,
        size_px,
        &ExportProgress::default(),
        None,
        &mut |ui: &mut Ui| {
            let view = vector.view.unwrap_or_else(|| doc.story_view());
            scene_ui(ui, doc, view, vector.selected)
        },
    );
    Ok(scene.to_svg(
        [vector.width_pt as f32, vector.height_pt as f32],
        &doc.timeline.title,
        super::svg::TextFit::Width,
    ))
}

/// A scene run through egui without a window: its shapes, and what the timeline laid out.
pub(super) struct Scene {
    pub ctx: egui::Context,
    pub output: egui::FullOutput,
    pub layout: TimelineLayout,
    pub view: TimeView,
    pub size_pt: egui::Vec2,
    pub pixels_per_point: f32,
}

impl Scene {
    /// The scene's shapes as SVG at `output_size` (points), titled `title`.
    pub fn to_svg(&self, output_size: [f32; 2], title: &str, fit: super::svg::TextFit) -> String {
        super::svg::shapes_to_svg(
            &self.output.shapes,
            self.size_pt,
            output_size,
            self.ctx.global_style().visuals.panel_fill,
            title,
            fit,
        )
    }
}

/// Runs `contents` as a whole screen of `size_px` pixels in the request's theme and text size,
/// a few passes so egui settles its layout; textures go to `renderer` when there is one.
pub(super) fn run_scene(
    request: &ExportRequest,
    size_px: [u32; 2],
    progress: &ExportProgress,
    mut renderer: Option<&mut CpuRenderer>,
    contents: &mut dyn FnMut(&mut Ui) -> (TimelineLayout, TimeView),
) -> Scene {
    let ctx = egui::Context::default();
    theme::apply(&ctx);
    ctx.set_theme(match request.theme {
        ExportTheme::Light | ExportTheme::Projector => egui::Theme::Light,
        ExportTheme::Dark => egui::Theme::Dark,
    });
    if request.theme == ExportTheme::Projector {
        theme::apply_projector(&ctx);
    }
    let zoom = request
        .text
        .zoom(request.width_pt as f32, request.height_pt as f32);
    let pixels_per_point = request.scale * zoom;
    let size_pt = vec2(size_px[0] as f32, size_px[1] as f32) / pixels_per_point;
    let mut input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size_pt)),
        ..Default::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(pixels_per_point);
    let mut layout = TimelineLayout::default();
    let mut view = request.view.unwrap_or_else(|| TimeView::new(0.0, 1.0));
    // A few passes let egui settle its layout (text sizes, panel sizes); the last is drawn.
    const PASSES: usize = 3;
    let mut output = egui::FullOutput::default();
    for pass in 0..PASSES {
        progress.set(0.05 * pass as f32);
        let mut frame_output = ctx.run_ui(input.clone(), |ui| {
            (layout, view) = contents(ui);
        });
        if let Some(renderer) = renderer.as_deref_mut() {
            renderer.apply_textures(&frame_output.textures_delta);
            if pass + 1 < PASSES {
                renderer.free_textures(&frame_output.textures_delta);
            }
        }
        // Without a renderer, texture updates (the font atlas) have nowhere to go.
        if pass + 1 < PASSES || renderer.is_none() {
            frame_output.textures_delta.clear();
        }
        if pass + 1 == PASSES {
            output = frame_output;
        }
    }
    Scene {
        ctx,
        output,
        layout,
        view,
        size_pt,
        pixels_per_point,
    }
}

/// The caption's body text size: the body size of the export's style, a little larger.
fn caption_size_pt(style: &egui::Style) -> f32 {
    let body = style
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(theme::BODY_SIZE_PT, |f| f.size);
    body + 3.0
}

/// The slide: title and period and legend at the top, the caption (when an event is selected)
/// at the bottom, sized to its text, and the timeline in all the height between.
pub(super) fn scene_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    view: TimeView,
    selected: Option<EventIndex>,
) -> (TimelineLayout, TimeView) {
    const MARGIN: i8 = 24;
    let fill = ui.visuals().panel_fill;
    let frame = |top: i8, bottom: i8| {
        Frame::new().fill(fill).inner_margin(Margin {
            left: MARGIN,
            right: MARGIN,
            top,
            bottom,
        })
    };
    egui::Panel::top("export_heading")
        .frame(frame(MARGIN - 4, 4))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&doc.timeline.title).heading().strong());
                ui.label(
                    RichText::new(view.period_text())
                        .size(theme::BODY_SIZE_PT + 2.0)
                        .weak(),
                );
            });
            legend_ui(ui, doc);
        });
    if let Some(event) = selected {
        egui::Panel::bottom("export_caption")
            .frame(frame(10, MARGIN - 6))
            .show_separator_line(false)
            .resizable(false)
            .show(ui, |ui| {
                let line_y = ui.cursor().min.y;
                ui.painter().hline(
                    ui.max_rect().x_range(),
                    line_y,
                    Stroke::new(1.0, ui.visuals().weak_text_color()),
                );
                ui.add_space(8.0);
                let size = caption_size_pt(ui.style());
                caption_ui(ui, doc, event, size);
            });
    }
    let mut result = (TimelineLayout::default(), view);
    egui::CentralPanel::default()
        .frame(frame(4, if selected.is_some() { 0 } else { MARGIN - 8 }))
        .show(ui, |ui| {
            let input = TimelineViewInput {
                doc,
                selected,
                view,
                force_view: true,
                matches: None,
                lane_sizing: LaneSizing::ByContent,
                measure_all_labels: true,
            };
            // Nothing is clicked in an export: the commands are dropped.
            let output = timeline_view_ui(ui, &input, &mut Vec::new());
            result = (output.layout, output.view);
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
