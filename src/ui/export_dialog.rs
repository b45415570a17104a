//! The "Export" dialog: what to make (a PNG for slides, an SVG drawing, a PDF handout or a web
//! page for students) and its options, then save, or copy a PNG. The choices are remembered
//! between runs.

use egui::{RichText, Ui};

use super::Command;
use super::export_options::{Paper, TextSize};
use super::theme::ExportTheme;

/// What an export makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ExportKind {
    /// A PNG image, for slides.
    #[default]
    Png,

    /// An SVG drawing with real text, sharp at any size.
    Svg,

    /// A PDF handout for printing.
    Pdf,

    /// One self-contained web page for students.
    WebPage,
}

impl ExportKind {
    /// Every format, in the order the dialog offers them.
    pub const ALL: [Self; 4] = [Self::Png, Self::Svg, Self::Pdf, Self::WebPage];

    /// The file name extension written by default (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
            Self::WebPage => "html",
        }
    }

    /// The format a file name's extension asks for, if it is one of ours (`.htm` too).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            "pdf" => Some(Self::Pdf),
            "html" | "htm" => Some(Self::WebPage),
            _ => None,
        }
    }

    /// Whether the dialog shows a preview: the PNG and the SVG are the scene the preview
    /// shows; a PDF is laid out on its paper and a web page in the browser.
    pub fn has_preview(self) -> bool {
        matches!(self, Self::Png | Self::Svg)
    }

    /// Its name in the dialog.
    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Svg => "SVG drawing",
            Self::Pdf => "PDF handout",
            Self::WebPage => "Web page",
        }
    }

    /// What it is for, in a sentence.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Png => "A picture for slides: the timeline with its title, period and legend.",
            Self::Svg => {
                "A drawing with real text, sharp at any size, for editing or large prints."
            }
            Self::Pdf => {
                "A handout to print, its text selectable, with the list of events and their \
                 passages if you like."
            }
            Self::WebPage => {
                "One file for students that works offline in any browser: they click an \
                 event to read its passages, step with the arrow keys and search."
            }
        }
    }
}

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

    /// What to make.
    pub format: ExportKind,

    /// The paper of a PDF.
    pub paper: Paper,

    /// Whether a PDF lists every shown event with its passages and citations after the
    /// timeline.
    pub with_list: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            size: SizeChoice::Hd1080,
            custom_size: [1600, 900],
            scale: 2,
            theme: ExportTheme::Light,
            text: TextSize::Slide,
            format: ExportKind::Png,
            paper: Paper::A4,
            with_list: true,
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
    let format = settings.format;
    ui.heading("Export");
    egui::Grid::new("export_format")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            ui.label("Make");
            ui.horizontal_wrapped(|ui| {
                for choice in ExportKind::ALL {
                    ui.radio_value(&mut settings.format, choice, choice.label());
                }
            });
            ui.end_row();
        });
    ui.label(format.purpose());
    if input.has_selection && format != ExportKind::WebPage {
        ui.label("The selected event's source passage and citation appear beneath it.");
    }
    ui.add_space(8.0);
    if format != ExportKind::WebPage {
        options_ui(ui, &mut settings, input.current_view);
    }
    let [w, h] = settings.size_pt(input.current_view);
    let outcome = match format {
        ExportKind::Png => format!(
            "The image will be {} × {} pixels.",
            w * settings.scale,
            h * settings.scale
        ),
        ExportKind::Svg => format!("The drawing will be {w} × {h} points."),
        ExportKind::Pdf => format!(
            "{} landscape, vector, fonts embedded{}.",
            settings.paper.label(),
            if settings.with_list {
                ", then the list of events"
            } else {
                ""
            }
        ),
        ExportKind::WebPage => "Every event, with its passages, their verification and \
                                  citations, and the sources' links."
            .to_owned(),
    };
    ui.label(RichText::new(outcome).weak());
    if settings != input.settings {
        commands.push(Command::SetExportSettings(settings));
    }
    if let Some(preview) = input.preview.filter(|_| format.has_preview()) {
        ui.add_space(6.0);
        let size = preview.size_vec2();
        let width = ui.available_width().min(480.0);
        ui.add(
            egui::Image::new(preview)
                .fit_to_exact_size(egui::vec2(width, width * size.y / size.x.max(1.0)))
                .alt_text("Preview of the export"),
        )
        .on_hover_text("The export as it will be, reduced");
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.add_enabled_ui(!input.busy, |ui| {
            super::command_button(
                ui,
                "Save…",
                &format!("Choose where to save the {}", format.label()),
                Command::SaveExportAs,
                commands,
            );
            if format == ExportKind::Png {
                super::command_button(
                    ui,
                    "Copy image",
                    "Copy to the clipboard, to paste into slides (Ctrl+Shift+C)",
                    Command::CopyImage,
                    commands,
                );
            }
        });
        if ui.button("Close").clicked() {
            commands.push(Command::CloseExportDialog);
        }
    });
    if let Some(status) = input.status {
        ui.add_space(4.0);
        ui.label(status);
    }
}

/// The options of the chosen format, in a grid (a web page has none).
fn options_ui(ui: &mut Ui, settings: &mut ExportSettings, current_view: [u32; 2]) {
    egui::Grid::new("export_options")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| match settings.format {
            ExportKind::Png | ExportKind::Svg => {
                size_rows(ui, settings, current_view);
                text_and_colour_rows(ui, settings);
            }
            ExportKind::Pdf => {
                ui.label("Paper");
                ui.horizontal(|ui| {
                    for paper in [Paper::A4, Paper::Letter] {
                        ui.radio_value(&mut settings.paper, paper, paper.label());
                    }
                    ui.label(RichText::new("landscape").weak());
                });
                ui.end_row();
                ui.label("Pages");
                ui.checkbox(
                    &mut settings.with_list,
                    "After the timeline, list every event shown with its passages and citations",
                );
                ui.end_row();
                colour_row(ui, settings);
            }
            ExportKind::WebPage => {}
        });
}

/// The size and sharpness rows (sharpness for a PNG only).
fn size_rows(ui: &mut Ui, settings: &mut ExportSettings, current_view: [u32; 2]) {
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
    if settings.format == ExportKind::Png {
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
    }
}

/// The text size and colour rows.
fn text_and_colour_rows(ui: &mut Ui, settings: &mut ExportSettings) {
    ui.label("Text");
    ui.vertical(|ui| {
        for preset in TextSize::PRESETS {
            ui.radio_value(&mut settings.text, preset, preset.label());
        }
    });
    ui.end_row();
    colour_row(ui, settings);
}

/// The colours row.
fn colour_row(ui: &mut Ui, settings: &mut ExportSettings) {
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
}
