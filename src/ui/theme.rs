//! The one place for colours, sizes, fades and stroke widths, and the theme choices (of the
//! window and of exports).

use egui::{Color32, FontId, Visuals};

use crate::model::Rgb;
use crate::timeline::{LayoutMetrics, LoadedTimeline};

/// Body text size in points (egui's default is 12.5; a class reads from further away).
pub const BODY_SIZE_PT: f32 = 15.0;

/// Heading size in points.
pub const HEADING_SIZE_PT: f32 = 22.0;

/// Timeline label size in points.
pub const LABEL_SIZE_PT: f32 = 13.5;

/// Size of the name of a lane collapsed to a strip, in points.
pub const COLLAPSED_LANE_SIZE_PT: f32 = LABEL_SIZE_PT;

/// Lane header size in points.
pub const LANE_HEADER_SIZE_PT: f32 = 14.0;

/// Width of the lane header column, in points.
pub const LANE_HEADER_WIDTH_PT: f32 = 170.0;

/// Width of the coloured bar at the left of a lane header, in points.
pub const LANE_COLOR_BAR_PT: f32 = 5.0;

/// Corner radius of timeline labels, in points.
pub const LABEL_CORNER_PT: f32 = 4.0;

/// Radius of the small dots of events inside a "+N" chip, in points.
pub const CLUSTERED_DOT_RADIUS_PT: f32 = 3.0;

/// When less than this width is left beside the menus, the toolbar's buttons show symbols instead
/// of words ("◀" for "◀ Previous") and the search box narrows, so that the whole toolbar stays in
/// a window 1024 points wide (a classroom projector), with the search's count, Clear and the
/// warnings. A window of 1280 points (the default) keeps the words.
pub const TOOLBAR_COMPACT_BELOW_PT: f32 = 1000.0;

/// Windows narrower than this put the search on a second toolbar row: the compact toolbar with
/// the search needs about 860 points, and the smallest window is 640.
pub const TOOLBAR_TWO_ROWS_BELOW_PT: f32 = 900.0;

/// The search box's width, and in the compact toolbar.
pub const SEARCH_BOX_WIDTH_PT: f32 = 170.0;
/// See [`SEARCH_BOX_WIDTH_PT`].
pub const COMPACT_SEARCH_BOX_WIDTH_PT: f32 = 120.0;

/// How much things fade: factors for egui's `gamma_multiply` (1 keeps a colour, 0 hides it).
pub mod fade {
    /// Marks and labels a search leaves out.
    pub const SEARCH_MISS: f32 = 0.22;

    /// Text of labels a search leaves out (on top of the weak text colour).
    pub const DIMMED_TEXT: f32 = 0.7;

    /// A lane's baseline.
    pub const LANE_BASELINE: f32 = 0.35;

    /// Leader lines from labels and chips to their marks, and links between an event's marks.
    pub const LEADER: f32 = 0.8;

    /// The faint span of a point event's precision (a month, a year) behind its dot.
    pub const PRECISION_SPAN: f32 = 0.30;

    /// The fill of a period's bar.
    pub const BAR: f32 = 0.85;

    /// The small dots of events inside a "+N" chip.
    pub const CLUSTERED_DOT: f32 = 0.75;

    /// The bracket over the marks a "+N" chip stands for.
    pub const CLUSTER_BRACKET: f32 = 0.35;

    /// A "+N" chip when the pointer is not on it.
    pub const CHIP_AT_REST: f32 = 0.85;

    /// A column of a density strip.
    pub const DENSITY: f32 = 0.8;

    /// The halo around the selected dot.
    pub const SELECTION_HALO: f32 = 0.25;
}

/// Stroke widths, in points.
pub mod stroke_pt {
    /// Thin lines: baselines, leader lines, a hovered label's frame.
    pub const HAIRLINE: f32 = 1.0;

    /// The frame of the selected label, dot or bar.
    pub const SELECTED: f32 = 2.0;

    /// The frame of a hovered "+N" chip.
    pub const HOVERED_CHIP: f32 = 1.5;

    /// The bracket over a chip's marks.
    pub const CLUSTER_BRACKET: f32 = 5.0;

    /// Dashed links between the marks of one event.
    pub const LINK: f32 = 1.5;

    /// The outline of a planned period's bar.
    pub const PLANNED_BAR: f32 = 1.5;

    /// The ring of a planned event's dot.
    pub const PLANNED_RING: f32 = 2.5;

    /// The outline that sets a dot off from what is behind it.
    pub const DOT_OUTLINE: f32 = 1.5;

    /// The dashed ring of an approximate date.
    pub const APPROXIMATE_RING: f32 = 1.5;
}

/// The colour theme of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the system's light or dark setting.
    #[default]
    System,

    /// Light.
    Light,

    /// Dark.
    Dark,

    /// White background, black text and larger type, for a projector.
    Projector,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [Self::System, Self::Light, Self::Dark, Self::Projector];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::Projector => "Projector (high contrast, large type)",
        }
    }
}

/// The colours of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ExportTheme {
    /// Dark text on white: slides and handouts.
    #[default]
    Light,

    /// Light text on dark.
    Dark,

    /// For a washed-out classroom projector: white background, black text, larger type.
    Projector,
}

/// The colour of a lane (its category's, or its source's).
pub fn lane_color(doc: &LoadedTimeline, lane: usize) -> Color32 {
    doc.lanes
        .lanes
        .get(lane)
        .map_or(Color32::GRAY, |l| category_color(l.color))
}

/// How much larger than the defaults the current style's body text is (1.25 for the projector).
fn text_scale(style: &egui::Style) -> f32 {
    style
        .text_styles
        .get(&egui::TextStyle::Body)
        .map_or(1.0, |font| font.size / BODY_SIZE_PT)
}

/// Sizes used by the timeline layout, grown with the style's text.
pub fn layout_metrics(style: &egui::Style) -> LayoutMetrics {
    let scale = text_scale(style);
    let defaults = LayoutMetrics::default();
    LayoutMetrics {
        label_height_pt: (LABEL_SIZE_PT + 8.0) * scale,
        max_label_width_pt: defaults.max_label_width_pt * scale,
        marker_radius_pt: defaults.marker_radius_pt.map(|r| r * scale.sqrt()),
        collapsed_lane_pt: (COLLAPSED_LANE_SIZE_PT + 6.0) * scale,
        ..defaults
    }
}

/// Font of timeline labels, grown with the style's text.
pub fn label_font(style: &egui::Style) -> FontId {
    FontId::proportional(LABEL_SIZE_PT * text_scale(style))
}

/// Font of the names of lanes collapsed to a strip (and of their "nothing in this period").
pub fn collapsed_lane_font(style: &egui::Style) -> FontId {
    FontId::proportional(COLLAPSED_LANE_SIZE_PT * text_scale(style))
}

/// Font of lane names.
pub fn lane_header_font(style: &egui::Style) -> FontId {
    FontId::proportional(LANE_HEADER_SIZE_PT * text_scale(style))
}

/// Fonts: egui's defaults plus its bundled monospace font as a fallback for proportional text, so
/// arrows, bullets and box-drawing characters in a timeline render instead of showing boxes.
fn fonts() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        let after_primary = proportional.len().min(1);
        proportional.insert(after_primary, "Hack".to_owned());
    }
    fonts
}

/// Installs the fonts and makes the text a little larger than egui's defaults, in light and dark.
pub fn apply(ctx: &egui::Context) {
    ctx.set_fonts(fonts());
    ctx.all_styles_mut(|style| {
        use egui::TextStyle;
        for (text_style, size) in [
            (TextStyle::Body, BODY_SIZE_PT),
            (TextStyle::Button, BODY_SIZE_PT),
            (TextStyle::Heading, HEADING_SIZE_PT),
            (TextStyle::Small, 12.0),
            (TextStyle::Monospace, 13.5),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

/// The projector look (on top of [`apply`] with the light theme): pure white background, black
/// text, stronger weak text and lines, and type a quarter larger, for the back row of a
/// washed-out classroom.
pub fn apply_projector(ctx: &egui::Context) {
    ctx.style_mut_of(egui::Theme::Light, |style| {
        for font in style.text_styles.values_mut() {
            font.size *= 1.25;
        }
        let visuals = &mut style.visuals;
        visuals.panel_fill = Color32::WHITE;
        visuals.window_fill = Color32::WHITE;
        visuals.extreme_bg_color = Color32::WHITE;
        visuals.override_text_color = Some(Color32::BLACK);
        visuals.weak_text_color = Some(Color32::from_gray(40));
        visuals.widgets.noninteractive.bg_stroke.color = Color32::from_gray(60);
        visuals.widgets.noninteractive.fg_stroke.color = Color32::BLACK;
    });
}

/// Whether these visuals are the projector style (recognised by its pure white panel and black
/// text override, which no other style uses).
pub fn is_projector(visuals: &Visuals) -> bool {
    visuals.panel_fill == Color32::WHITE && visuals.override_text_color == Some(Color32::BLACK)
}

/// A colour mixed with white (`amount` 0–1).
fn lighten(color: Color32, amount: f32) -> Color32 {
    let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
    Color32::from_rgb(mix(color.r()), mix(color.g()), mix(color.b()))
}

/// The fill of a "+N" chip: the lane colour, or a light tint of it under black text on a
/// projector.
pub fn chip_fill(color: Color32, visuals: &Visuals) -> Color32 {
    if is_projector(visuals) {
        lighten(color, 0.6)
    } else {
        color
    }
}

/// The text on a "+N" chip.
pub fn chip_text(color: Color32, visuals: &Visuals) -> Color32 {
    if is_projector(visuals) {
        Color32::BLACK
    } else {
        text_on(color)
    }
}

/// WCAG contrast ratio of two opaque colours (1 to 21).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let luminance = |c: Color32| {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A category's colour.
pub fn category_color(rgb: Rgb) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgb(r, g, b)
}

/// The faint tint of a lane band.
pub fn lane_tint(color: Color32, visuals: &Visuals) -> Color32 {
    color.gamma_multiply(if visuals.dark_mode { 0.10 } else { 0.07 })
}

/// A category colour adjusted for text on the panel background (darker in light mode, lighter
/// in dark mode), so lane headers stay readable.
pub fn readable_on_background(color: Color32, visuals: &Visuals) -> Color32 {
    if is_projector(visuals) {
        // The lane's colour bar says which it is; the name itself must be legible from the back.
        return Color32::BLACK;
    }
    let mix = |c: u8, toward: u8, t: f32| {
        (f32::from(c) + (f32::from(toward) - f32::from(c)) * t).round() as u8
    };
    let (toward, t) = if visuals.dark_mode {
        (255, 0.35)
    } else {
        (0, 0.30)
    };
    Color32::from_rgb(
        mix(color.r(), toward, t),
        mix(color.g(), toward, t),
        mix(color.b(), toward, t),
    )
}

/// Green for "verified".
pub fn verified_color(visuals: &Visuals) -> Color32 {
    if is_projector(visuals) {
        Color32::from_rgb(0x0B, 0x5A, 0x26)
    } else if visuals.dark_mode {
        Color32::from_rgb(0x6F, 0xCF, 0x8A)
    } else {
        Color32::from_rgb(0x1B, 0x7A, 0x3A)
    }
}

/// Amber for "not found in source".
pub fn warning_color(visuals: &Visuals) -> Color32 {
    if is_projector(visuals) {
        Color32::from_rgb(0x7A, 0x33, 0x00)
    } else if visuals.dark_mode {
        Color32::from_rgb(0xF2, 0xB1, 0x3C)
    } else {
        Color32::from_rgb(0xA4, 0x4A, 0x00)
    }
}

/// Background of the excerpt highlighted in a source text.
pub fn highlight_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x6B, 0x55, 0x10)
    } else {
        Color32::from_rgb(0xFF, 0xE7, 0x8A)
    }
}

/// Background of the dates found in a source text ("Suggest events").
pub fn found_date_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x1E, 0x4A, 0x6B)
    } else {
        Color32::from_rgb(0xD4, 0xE8, 0xFA)
    }
}

/// The background of the banner shown when a reload failed: a soft amber.
pub fn banner_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x4a, 0x38, 0x10)
    } else {
        Color32::from_rgb(0xff, 0xf1, 0xc9)
    }
}

/// Background of timeline labels, so grid lines do not run through text.
pub fn label_background(visuals: &Visuals) -> Color32 {
    visuals.panel_fill.gamma_multiply(0.88)
}

/// The colour of text on a filled category badge.
pub fn text_on(color: Color32) -> Color32 {
    let luminance = 0.2126 * f32::from(color.r())
        + 0.7152 * f32::from(color.g())
        + 0.0722 * f32::from(color.b());
    if luminance > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CATEGORY_PALETTE;

    fn projector_visuals() -> Visuals {
        let ctx = egui::Context::default();
        apply(&ctx);
        ctx.set_theme(egui::Theme::Light);
        apply_projector(&ctx);
        ctx.style_of(egui::Theme::Light).visuals.clone()
    }

    /// `top` drawn over `bottom` (premultiplied alpha).
    fn over(top: Color32, bottom: Color32) -> Color32 {
        let keep = 1.0 - f32::from(top.a()) / 255.0;
        let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * keep).round() as u8;
        Color32::from_rgb(
            mix(top.r(), bottom.r()),
            mix(top.g(), bottom.g()),
            mix(top.b(), bottom.b()),
        )
    }

    #[test]
    fn projector_text_has_at_least_7_to_1_contrast() {
        let visuals = projector_visuals();
        assert!(is_projector(&visuals));
        let page = visuals.panel_fill;
        let text = visuals.text_color();
        let pairs = [
            ("body text", text, page),
            ("strong text", visuals.strong_text_color(), page),
            ("weak text (citations)", visuals.weak_text_color(), page),
            ("verified badge", verified_color(&visuals), page),
            ("warning badge", warning_color(&visuals), page),
            (
                "label text on its background",
                text,
                over(label_background(&visuals), page),
            ),
        ];
        for (what, fg, bg) in pairs {
            let ratio = contrast_ratio(fg, bg);
            assert!(ratio >= 7.0, "{what}: {ratio:.2}:1");
        }
        for color in CATEGORY_PALETTE.map(category_color) {
            let lane = over(lane_tint(color, &visuals), page);
            let ratio = contrast_ratio(readable_on_background(color, &visuals), lane);
            assert!(ratio >= 7.0, "lane name on {color:?}: {ratio:.2}:1");
            let chip = contrast_ratio(chip_text(color, &visuals), chip_fill(color, &visuals));
            assert!(chip >= 7.0, "chip text on {color:?}: {chip:.2}:1");
        }
    }

    #[test]
    fn contrast_ratio_matches_wcag() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // #777777 on white is the classic 4.48:1.
        assert!((contrast_ratio(Color32::from_gray(0x77), Color32::WHITE) - 4.48).abs() < 0.02);
    }
}
