//! What an export is asked to look like, in the words of the export dialog and the command
//! line: the text size preset and the paper of a PDF. They live with the UI (as the export
//! colours do in [`super::theme`]) so that the dialog offers them without reaching into the
//! exporters, which take them as given.

use super::theme;

/// How large an export's text is. The presets scale with the image's height, so a 720p, a
/// 1080p and a 4K slide look the same; `--scale` then only adds sharpness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextSize {
    /// For a projected slide read from the back of a room: labels 24 px and captions 32 px on a
    /// 1080-pixel-high image.
    #[default]
    Slide,

    /// For print: labels 16 px on a 1080-pixel-high image.
    Handout,

    /// As in the window, whatever the size: the most events labelled.
    Screen,

    /// Labels of this many points (pixels at scale 1).
    LabelPoints(u16),
}

impl TextSize {
    /// Every preset, in menu order.
    pub const PRESETS: [Self; 3] = [Self::Slide, Self::Handout, Self::Screen];

    /// Label text on a 1080-pixel-high slide.
    const SLIDE_LABEL_PX_AT_1080: f32 = 24.0;

    /// Label text on a 1080-pixel-high handout.
    const HANDOUT_LABEL_PX_AT_1080: f32 = 16.0;

    /// The menu label.
    pub fn label(self) -> String {
        match self {
            Self::Slide => "Slide (read from the back row)".to_owned(),
            Self::Handout => "Handout (printed)".to_owned(),
            Self::Screen => "Screen (as in the window)".to_owned(),
            Self::LabelPoints(points) => format!("Labels of {points} points"),
        }
    }

    /// Label text size, in points of an image `height_pt` high.
    pub fn label_points(self, height_pt: f32) -> f32 {
        match self {
            Self::Slide => Self::SLIDE_LABEL_PX_AT_1080 * height_pt / 1080.0,
            Self::Handout => Self::HANDOUT_LABEL_PX_AT_1080 * height_pt / 1080.0,
            Self::Screen => theme::LABEL_SIZE_PT,
            Self::LabelPoints(points) => f32::from(points),
        }
    }

    /// How much larger than in the window everything is drawn on an image of this size: the
    /// scene is laid out at the image's size divided by this, then drawn enlarged. Kept so the
    /// scene is at least 480 points wide and 270 high (room for a timeline).
    pub fn zoom(self, width_pt: f32, height_pt: f32) -> f32 {
        let wanted = self.label_points(height_pt) / theme::LABEL_SIZE_PT;
        let most = (width_pt / 480.0).min(height_pt / 270.0).max(0.25);
        wanted.clamp(0.25, most.max(0.25))
    }
}

/// Paper sizes, printed landscape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    /// ISO A4, 297 × 210 mm.
    #[default]
    A4,
    /// US Letter, 11 × 8.5 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in), landscape.
    pub fn size_pt(self) -> [f32; 2] {
        match self {
            Self::A4 => [841.89, 595.28],
            Self::Letter => [792.0, 612.0],
        }
    }

    /// The name people know.
    pub fn label(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::Letter => "US Letter",
        }
    }
}
