//! The "Export image" dialog: size, sharpness and colours of the PNG, then save or copy. The
//! choices are remembered between runs.

use egui::{RichText, Ui};

use super::Command;
use super::theme::ExportTheme;
use crate::export::TextSize;

/// Which size to export at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SizeChoice {
    /// The size the timeline has in the window now.
    CurrentView,

    /// 1280 × 720 points.
    Hd720,

    /// 1920 × 1080 points.
    Hd1080,

    /// Any size.
    Custom,
}

/// The dialog's settings, kept between exports and between runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The size choice.
    pub size: SizeChoice,

    /// Width and height for [`SizeChoice::Custom`], in points.
    pub custom_size: [u32; 2],

    /// Pixels per point: 1, 2 or 3.
    pub scale: u32,

    /// Colours.
    pub theme: ExportTheme,

    /// How large the text is: for a slide, a handout, or as on screen.
    pub text: TextSize,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            size: SizeChoice::Hd1080,
            custom_size: [1600, 900],
            scale: 2,
            theme: ExportTheme::Light,
            text: TextSize::Slide,
        }
    }
}

impl ExportSettings {
    /// The size in points, given the timeline's current size in the window.
    pub fn size_pt(&self, current_view: [u32; 2]) -> [u32; 2] {
        match self.size {
            SizeChoice::CurrentView => current_view,
            SizeChoice::Hd720 => [1280, 720],
            SizeChoice::Hd1080 => [1920, 1080],
            SizeChoice::Custom => self.custom_size,
        }
    }

    /// The export theme.
    pub fn theme(&self) -> ExportTheme {
        self.theme
    }

    /// Values that parsed but make no sense (a scale of 40, an empty custom size) brought back
    /// within what the dialog offers.
    pub fn sanitized(mut self) -> Self {
        self.scale = self.scale.clamp(1, 3);
        if let TextSize::LabelPoints(points) = self.text {
            self.text = TextSize::LabelPoints(points.clamp(6, 200));
        }
        self.custom_size = self.custom_size.map(|side| side.clamp(1, MAX_SIDE_PT));
        self
    }
}

/// The largest side the dialog accepts, in points.
const MAX_SIDE_PT: u32 = 8192;

/// What the dialog shows.
pub struct ExportDialogInput<'a> {
    /// The choices so far.
    pub settings: ExportSettings,

    /// The size of the timeline in the window, in points (for "as in the window").
    pub current_view: [u32; 2],

    /// An event is selected (its caption goes under the image).
    pub has_selection: bool,

    /// An export is being rendered (the buttons wait for it).
    pub busy: bool,

    /// What the last save or copy did.
    pub status: Option<&'a str>,

    /// A small rendering of the image as it will be, once ready.
    pub preview: Option<&'a egui::TextureHandle>,
}

/// The dialog's contents.
pub fn export_dialog_ui(ui: &mut Ui, input: &ExportDialogInput<'_>, commands: &mut Vec<Command>) {
    let mut settings = input.settings;
    let current_view = input.current_view;
    let has_selection = input.has_selection;
    let status = input.status;
    ui.heading("Export image");
    ui.label(
        "The timeline with its title, the period shown and a legend: a PNG ready for a slide, \
         an SVG drawing, or a PDF handout.",
    );
    if has_selection {
        ui.label("The selected event's source passage and citation appear beneath it.");
    }
    ui.add_space(8.0);
    egui::Grid::new("export_options")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label("Size");
            ui.vertical(|ui| {
                let [w, h] = current_view;
                ui.radio_value(
                    &mut settings.size,
                    SizeChoice::CurrentView,
                    format!("As in the window ({w} × {h})"),
                );
                ui.radio_value(&mut settings.size, SizeChoice::Hd720, "1280 × 720");
                ui.radio_value(&mut settings.size, SizeChoice::Hd1080, "1920 × 1080");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut settings.size, SizeChoice::Custom, "Custom");
                    let [mut cw, mut ch] = settings.custom_size;
                    let width = ui.add(
                        egui::DragValue::new(&mut cw)
                            .range(1..=MAX_SIDE_PT)
                            .suffix(" wide"),
                    );
                    let height = ui.add(
                        egui::DragValue::new(&mut ch)
                            .range(1..=MAX_SIDE_PT)
                            .suffix(" high"),
                    );
                    if width.changed() || height.changed() {
                        settings.size = SizeChoice::Custom;
                        settings.custom_size = [cw, ch];
                    }
                });
            });
            ui.end_row();
            ui.label("Sharpness");
            ui.horizontal(|ui| {
                for scale in 1..=3 {
                    ui.radio_value(&mut settings.scale, scale, format!("{scale}×"))
                        .on_hover_text(
                            "Pixels per point: 2× and 3× stay sharp on large screens and in print",
                        );
                }
            });
            ui.end_row();
            ui.label("Text");
            ui.vertical(|ui| {
                for preset in TextSize::PRESETS {
                    ui.radio_value(&mut settings.text, preset, preset.label());
                }
            });
            ui.end_row();
            ui.label("Colours");
            ui.horizontal(|ui| {
                ui.radio_value(&mut settings.theme, ExportTheme::Light, "Light");
                ui.radio_value(&mut settings.theme, ExportTheme::Dark, "Dark");
                ui.radio_value(&mut settings.theme, ExportTheme::Projector, "Projector")
                    .on_hover_text(
                        "White background, black text and larger type for a classroom projector",
                    );
            });
            ui.end_row();
        });
    let [w, h] = settings.size_pt(current_view);
    ui.label(
        RichText::new(format!(
            "The image will be {} × {} pixels.",
            w * settings.scale,
            h * settings.scale
        ))
        .weak(),
    );
    if settings != input.settings {
        commands.push(Command::SetExportSettings(settings));
    }
    if let Some(preview) = input.preview {
        ui.add_space(6.0);
        let size = preview.size_vec2();
        let width = ui.available_width().min(480.0);
        ui.add(
            egui::Image::new(preview)
                .fit_to_exact_size(egui::vec2(width, width * size.y / size.x.max(1.0)))
                .alt_text("Preview of the exported image"),
        )
        .on_hover_text("The image as it will be exported, reduced");
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.add_enabled_ui(!input.busy, |ui| {
            super::command_button(
                ui,
                "Save…",
                "Save a PNG for slides, an SVG drawing, or a PDF handout (A4, with the list of events)",
                Command::SaveImageAs,
                commands,
            );
            super::command_button(
                ui,
                "Copy image",
                "Copy to the clipboard, to paste into slides (Ctrl+Shift+C)",
                Command::CopyImage,
                commands,
            );
        });
        if ui.button("Close").clicked() {
            commands.push(Command::CloseExportDialog);
        }
    });
    if let Some(status) = status {
        ui.add_space(4.0);
        ui.label(status);
    }
}
