//! The window icon: the application icon's 256-pixel rendering, compiled in. It is the same file
//! the Debian package installs under `/usr/share/icons/hicolor/256x256/apps/`.

/// The application icon as a 256 × 256 PNG.
const ICON_PNG: &[u8] = include_bytes!("../../packaging/icons/hicolor/256x256/apps/sourceline.png");

/// The window icon, decoded from the compiled-in PNG; `None` (leaving the default icon) if it
/// cannot be decoded, which a test rules out.
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_decodes_to_a_square_rgba_image_of_256_pixels() {
        let icon = window_icon().expect("the compiled-in icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // Transparent corners, opaque middle: a real icon, not an empty image.
        assert_eq!(icon.rgba[3], 0, "top-left pixel is transparent");
        let middle = (128 * 256 + 128) * 4;
        assert_eq!(icon.rgba[middle + 3], 255, "middle pixel is opaque");
    }
}
