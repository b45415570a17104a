//! Timeline images: the same UI code the window uses, run headlessly and rasterized on the CPU.
//!
//! [`render_export`] lays out a slide-like scene (title, period, legend, the timeline, and the
//! selected event's excerpt with its citation) at a chosen size and pixels-per-point, runs egui
//! on it without a window, and rasterizes the result with [`CpuRenderer`]. [`encode_png`] and
//! [`crate::model::write_atomically`] turn the image into a file without ever leaving a partial one behind.
//!
//! The timeline also goes out as text: [`to_timelinejs`] for publishing with TimelineJS, and
//! [`to_html`], one self-contained web page that students can explore offline.

mod html;
mod pdf;
mod raster;
mod scene;
mod svg;
mod timelinejs;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub use crate::ui::export_options::{Paper, TextSize};
pub use html::to_html;
pub use pdf::{PdfRequest, font_options, render_pdf};
pub use raster::CpuRenderer;
pub use scene::{
    ExportRequest, ExportedImage, render_export, render_export_with_progress, render_svg,
};
pub use svg::PROPORTIONAL_FAMILIES;
pub use timelinejs::to_timelinejs;

/// The largest image side, in pixels, an export may have.
pub const MAX_SIDE_PX: u32 = 16_384;

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Width, height or scale out of range.
    #[error("{0}")]
    Size(String),

    /// The PNG encoder failed.
    #[error("could not encode the PNG: {0}")]
    Encode(String),

    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::model::WriteError),
}

/// How far an export has got, shared between the thread rendering it and the window showing a
/// progress bar: a fraction from 0 to 1, kept in thousandths.
#[derive(Clone, Debug, Default)]
pub struct ExportProgress(Arc<AtomicU32>);

impl ExportProgress {
    /// The fraction done, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.0.load(Ordering::Relaxed) as f32 / 1000.0
    }

    /// Records the fraction done (clamped to 0–1).
    pub fn set(&self, fraction: f32) {
        self.0.store(
            (fraction.clamp(0.0, 1.0) * 1000.0) as u32,
            Ordering::Relaxed,
        );
    }
}

/// Checks an export size: each side at least 1 point, and at most [`MAX_SIDE_PX`] pixels at
/// `scale`. Returns the size in pixels.
pub fn check_size(width_pt: u32, height_pt: u32, scale: f32) -> Result<[u32; 2], ExportError> {
    if !(scale.is_finite() && (0.25..=8.0).contains(&scale)) {
        return Err(ExportError::Size(format!(
            "scale {scale} is out of range; use a value from 0.25 to 8 (1, 2 or 3 for slides)"
        )));
    }
    if width_pt == 0 || height_pt == 0 {
        return Err(ExportError::Size(format!(
            "the image size {width_pt}×{height_pt} is empty; give a width and height of at least 1"
        )));
    }
    let px = |points: u32| (points as f32 * scale).round() as u64;
    let (w, h) = (px(width_pt), px(height_pt));
    if w > u64::from(MAX_SIDE_PX) || h > u64::from(MAX_SIDE_PX) {
        return Err(ExportError::Size(format!(
            "the image would be {w}×{h} pixels; each side may be at most {MAX_SIDE_PX} pixels"
        )));
    }
    Ok([w.max(1) as u32, h.max(1) as u32])
}

/// Encodes an image as PNG (RGBA, 8 bits per channel).
pub fn encode_png(image: &egui::ColorImage) -> Result<Vec<u8>, ExportError> {
    use image::ImageEncoder as _;
    let [width, height] = image.size;
    let rgba: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(egui::Color32::to_srgba_unmultiplied)
        .collect();
    let mut bytes = Vec::new();
    // Fast compression: a few percent larger files, several times quicker at 4K.
    image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        &rgba,
        width as u32,
        height as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|err| ExportError::Encode(err.to_string()))?;
    Ok(bytes)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked_in_pixels() {
        assert_eq!(check_size(1920, 1080, 2.0).unwrap(), [3840, 2160]);
        assert_eq!(check_size(1, 1, 1.0).unwrap(), [1, 1]);
        assert!(
            check_size(0, 1080, 1.0)
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            check_size(9000, 100, 2.0)
                .unwrap_err()
                .to_string()
                .contains("at most 16384")
        );
        assert!(
            check_size(100, 100, 0.0)
                .unwrap_err()
                .to_string()
                .contains("scale")
        );
        assert!(check_size(100, 100, f32::NAN).is_err());
    }

    #[test]
    fn png_round_trips_size_and_colour() {
        let image = egui::ColorImage::filled([3, 2], egui::Color32::from_rgb(10, 20, 30));
        let bytes = encode_png(&image).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert_eq!(decoded.dimensions(), (3, 2));
        assert_eq!(decoded.get_pixel(2, 1).0, [10, 20, 30, 255]);
    }
}
