//! Pixel snapshots, rendered on the CPU by the same rasterizer `sourceline export` uses, so they
//! need no GPU and come out the same on every machine. `UPDATE_SNAPSHOTS=1 cargo test` rewrites
//! them after an intended change; look at the PNGs in `tests/snapshots/` before committing.

use egui::epaint::textures::TexturesDelta;
use egui_kittest::{Harness, TestRenderer};
use sourceline::app::{Command, Document, SourcelineApp};
use sourceline::export::{CpuRenderer, ExportRequest, render_export};
use sourceline::ui::theme::ThemeChoice;

/// `egui_kittest`'s renderer interface over our CPU rasterizer.
#[derive(Default)]
struct CpuTestRenderer {
    renderer: CpuRenderer,
    /// Frees from the last frame: egui frees a texture only after the frame that still used it.
    pending_free: TexturesDelta,
}

impl TestRenderer for CpuTestRenderer {
    fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        self.renderer.free_textures(&self.pending_free);
        self.pending_free.clear();
        self.renderer.apply_textures(delta);
        self.pending_free.free.extend(delta.free.drain());
        delta.clear();
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        let ppp = output.pixels_per_point;
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        let rect = ctx.content_rect();
        let size = [
            (rect.width() * ppp).round() as usize,
            (rect.height() * ppp).round() as usize,
        ];
        let background = ctx.global_style().visuals.panel_fill;
        Ok(to_rgba(&self.renderer.render(
            &primitives,
            size,
            ppp,
            background,
        )))
    }
}

fn to_rgba(image: &egui::ColorImage) -> image::RgbaImage {
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_srgba_unmultiplied)
        .collect();
    image::RgbaImage::from_raw(image.size[0] as u32, image.size[1] as u32, bytes)
        .expect("size matches")
}

fn window(theme: egui::Theme) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_theme(theme)
        .renderer(CpuTestRenderer::default())
        .build_eframe(|cc| SourcelineApp::new(cc, Document::builtin()));
    // The app follows its own theme setting ("follow the system" by default): choose it.
    let choice = match theme {
        egui::Theme::Light => ThemeChoice::Light,
        egui::Theme::Dark => ThemeChoice::Dark,
    };
    harness.state_mut().run(Command::SetTheme(choice));
    harness.run();
    harness
}

fn builtin() -> sourceline::timeline::LoadedTimeline {
    let Document::Loaded(doc) = Document::builtin() else {
        panic!("the built-in timeline loads")
    };
    std::sync::Arc::unwrap_or_clone(doc)
}

#[test]
fn window_on_the_default_timeline() {
    let mut harness = window(egui::Theme::Light);
    harness.snapshot("window_default_light");
}

#[test]
fn window_with_camp_david_selected_dark() {
    let mut harness = window(egui::Theme::Dark);
    harness.key_press(egui::Key::Home);
    for _ in 0..15 {
        harness.key_press(egui::Key::ArrowRight);
    }
    harness.run();
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some("camp-david-meeting")
    );
    harness.snapshot("window_camp_david_dark");
}

#[test]
fn export_of_the_default_timeline() {
    let exported = render_export(
        &builtin(),
        &ExportRequest {
            width_pt: 1280,
            height_pt: 720,
            ..Default::default()
        },
    )
    .unwrap();
    egui_kittest::image_snapshot(&to_rgba(&exported.image), "export_default");
}

#[test]
fn export_with_an_event_selected() {
    let doc = builtin();
    let (index, _) = doc.timeline.event_by_id("camp-david-meeting").unwrap();
    let request = ExportRequest {
        width_pt: 1280,
        height_pt: 720,
        selected: Some(index),
        ..Default::default()
    };
    let exported = render_export(&doc, &request).unwrap();
    egui_kittest::image_snapshot(&to_rgba(&exported.image), "export_camp_david");
}
