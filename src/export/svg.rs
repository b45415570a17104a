//! egui's shapes (before tessellation) as an SVG document: the same scene the PNG export
//! rasterizes, with real `<text>` (selectable, searchable, sharp at any size).
//!
//! Text names its font by family with generic fallbacks (`Ubuntu`, then any sans-serif), the
//! font egui draws with, rather than embedding it: the file stays small and the text stays plain
//! text a browser or an editor can use. Each run of text carries its laid-out width
//! (`textLength`), so a viewer without the font still fits every label in its box. PDF exports
//! embed the font (see [`super::pdf`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use egui::epaint::{
    self, ClippedShape, Color32, CornerRadius, Mesh, Pos2, Rect, Shape, Stroke, StrokeKind,
    TextShape,
};
use quick_xml::escape::escape;

/// The font families text names, in order of preference.
pub const PROPORTIONAL_FAMILIES: &str = "Ubuntu, 'Ubuntu Light', 'DejaVu Sans', sans-serif";

/// The slant egui gives italic text, in degrees (a quarter of the height: atan 0.25).
const ITALIC_SKEW_DEG: f32 = 14.04;

/// The monospace families.
const MONOSPACE_FAMILIES: &str = "Hack, 'DejaVu Sans Mono', monospace";

/// How text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFit {
    /// Each run carries its laid-out width, for viewers that may lack the font.
    Width,
    /// Plain runs, for a reader given the very font (the PDF's): text extracts as words.
    Font,
}

/// The SVG of `shapes` laid out on a `scene_size` canvas (in points), shown at `output_size`
/// (the nominal image size, in points) on a `background`, with `title` for screen readers.
pub fn shapes_to_svg(
    shapes: &[ClippedShape],
    scene_size: egui::Vec2,
    output_size: [f32; 2],
    background: Color32,
    title: &str,
    fit: TextFit,
) -> String {
    let mut writer = XmlWriter::default();
    writer.start_element("svg");
    writer.write_attribute("xmlns", "http://www.w3.org/2000/svg");
    writer.write_attribute("version", "1.1");
    writer.write_attribute("width", &number(output_size[0]));
    writer.write_attribute("height", &number(output_size[1]));
    writer.write_attribute(
        "viewBox",
        &format!("0 0 {} {}", number(scene_size.x), number(scene_size.y)),
    );
    writer.write_attribute("xml:space", "preserve");
    writer.write_attribute("font-family", PROPORTIONAL_FAMILIES);
    writer.write_attribute("role", "img");
    writer.start_element("title");
    writer.write_text(title);
    writer.end_element();

    let canvas = Rect::from_min_size(Pos2::ZERO, scene_size);
    // One clip path per distinct clip rectangle that cuts into the canvas.
    let mut clips: Vec<Rect> = Vec::new();
    let mut clip_of: HashMap<[u32; 4], usize> = HashMap::new();
    let key = |r: &Rect| [r.min.x, r.min.y, r.max.x, r.max.y].map(f32::to_bits);
    for shape in shapes {
        if !shape.clip_rect.contains_rect(canvas) && !clip_of.contains_key(&key(&shape.clip_rect)) {
            clip_of.insert(key(&shape.clip_rect), clips.len());
            clips.push(shape.clip_rect);
        }
    }
    if !clips.is_empty() {
        writer.start_element("defs");
        for (i, clip) in clips.iter().enumerate() {
            writer.start_element("clipPath");
            writer.write_attribute("id", &format!("c{i}"));
            writer.start_element("rect");
            rect_attributes(&mut writer, *clip);
            writer.end_element();
            writer.end_element();
        }
        writer.end_element();
    }
    writer.start_element("rect");
    rect_attributes(&mut writer, canvas);
    paint_attributes(&mut writer, "fill", background);
    writer.end_element();

    let mut open_clip: Option<usize> = None;
    for shape in shapes {
        let clip = clip_of.get(&key(&shape.clip_rect)).copied();
        if clip != open_clip {
            if open_clip.is_some() {
                writer.end_element();
            }
            if let Some(i) = clip {
                writer.start_element("g");
                writer.write_attribute("clip-path", &format!("url(#c{i})"));
            }
            open_clip = clip;
        }
        write_shape(&mut writer, &shape.shape, fit);
    }
    writer.end_document()
}

/// Writes XML elements one after another, escaping every attribute value and text (through
/// `quick_xml`), with no indentation: under `xml:space="preserve"` it would become text.
#[derive(Default)]
struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
    /// The last start tag is not closed yet (attributes may follow).
    in_start_tag: bool,
}

impl XmlWriter {
    fn close_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }

    fn start_element(&mut self, name: &'static str) {
        self.close_start_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.open.push(name);
        self.in_start_tag = true;
    }

    fn write_attribute(&mut self, name: &str, value: &str) {
        if self.in_start_tag {
            write!(self.out, " {name}=\"{}\"", escape(xml_chars(value))).ok();
        }
    }

    fn write_text(&mut self, text: &str) {
        self.close_start_tag();
        self.out.push_str(&escape(xml_chars(text)));
    }

    fn end_element(&mut self) {
        let Some(name) = self.open.pop() else {
            return;
        };
        if self.in_start_tag {
            self.out.push_str("/>");
            self.in_start_tag = false;
        } else {
            write!(self.out, "</{name}>").ok();
        }
    }

    fn end_document(mut self) -> String {
        while !self.open.is_empty() {
            self.end_element();
        }
        self.out
    }
}

/// The text with the characters XML 1.0 does not allow (control characters other than tab and
/// line breaks, unpaired surrogates cannot occur in Rust strings) replaced by U+FFFD.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        text.chars()
            .map(|c| if allowed(c) { c } else { '\u{fffd}' })
            .collect()
    }
}

/// A number with at most two decimals and no trailing zeros.
fn number(value: f32) -> String {
    let mut text = format!("{value:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" {
        "0".clone_into(&mut text);
    }
    text
}

fn rect_attributes(writer: &mut XmlWriter, rect: Rect) {
    writer.write_attribute("x", &number(rect.min.x));
    writer.write_attribute("y", &number(rect.min.y));
    writer.write_attribute("width", &number(rect.width().max(0.0)));
    writer.write_attribute("height", &number(rect.height().max(0.0)));
}

/// `fill="#rrggbb"` (and `fill-opacity` when not opaque), or `stroke…` likewise.
fn paint_attributes(writer: &mut XmlWriter, what: &str, color: Color32) {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    writer.write_attribute(what, &format!("#{r:02x}{g:02x}{b:02x}"));
    if a < 255 {
        writer.write_attribute(&format!("{what}-opacity"), &number(f32::from(a) / 255.0));
    }
}

fn fill(writer: &mut XmlWriter, color: Color32) {
    if color.a() == 0 {
        writer.write_attribute("fill", "none");
    } else {
        paint_attributes(writer, "fill", color);
    }
}

fn stroke(writer: &mut XmlWriter, stroke: Stroke) {
    if stroke.width > 0.0 && stroke.color.a() > 0 {
        paint_attributes(writer, "stroke", stroke.color);
        writer.write_attribute("stroke-width", &number(stroke.width));
    }
}

fn rotation(writer: &mut XmlWriter, angle: f32, around: Pos2) {
    if angle != 0.0 {
        writer.write_attribute(
            "transform",
            &format!(
                "rotate({} {} {})",
                number(angle.to_degrees()),
                number(around.x),
                number(around.y)
            ),
        );
    }
}

fn write_shape(writer: &mut XmlWriter, shape: &Shape, fit: TextFit) {
    match shape {
        Shape::Noop | Shape::Callback(_) => {}
        Shape::Vec(shapes) => {
            for shape in shapes {
                write_shape(writer, shape, fit);
            }
        }
        Shape::Circle(circle) => {
            writer.start_element("circle");
            writer.write_attribute("cx", &number(circle.center.x));
            writer.write_attribute("cy", &number(circle.center.y));
            writer.write_attribute("r", &number(circle.radius));
            fill(writer, circle.fill);
            stroke(writer, circle.stroke);
            writer.end_element();
        }
        Shape::Ellipse(ellipse) => {
            writer.start_element("ellipse");
            writer.write_attribute("cx", &number(ellipse.center.x));
            writer.write_attribute("cy", &number(ellipse.center.y));
            writer.write_attribute("rx", &number(ellipse.radius.x));
            writer.write_attribute("ry", &number(ellipse.radius.y));
            fill(writer, ellipse.fill);
            stroke(writer, ellipse.stroke);
            rotation(writer, ellipse.angle, ellipse.center);
            writer.end_element();
        }
        Shape::LineSegment { points, stroke: s } => {
            writer.start_element("line");
            writer.write_attribute("x1", &number(points[0].x));
            writer.write_attribute("y1", &number(points[0].y));
            writer.write_attribute("x2", &number(points[1].x));
            writer.write_attribute("y2", &number(points[1].y));
            stroke(writer, *s);
            writer.end_element();
        }
        Shape::Path(path) => {
            if path.points.len() < 2 {
                return;
            }
            writer.start_element("path");
            writer.write_attribute("d", &polyline(&path.points, path.closed));
            fill(
                writer,
                if path.closed {
                    path.fill
                } else {
                    Color32::TRANSPARENT
                },
            );
            if let epaint::ColorMode::Solid(color) = path.stroke.color {
                stroke(writer, Stroke::new(path.stroke.width, color));
            }
            writer.write_attribute("stroke-linejoin", "round");
            writer.end_element();
        }
        Shape::Rect(rect) => write_rect(writer, rect),
        Shape::Band(band) => {
            if band.points.is_empty() {
                return;
            }
            let mut outline: Vec<Pos2> = band
                .points
                .iter()
                .map(|p| Pos2::new(p.x, p.y.min))
                .collect();
            outline.extend(band.points.iter().rev().map(|p| Pos2::new(p.x, p.y.max)));
            writer.start_element("path");
            writer.write_attribute("d", &polyline(&outline, true));
            fill(writer, band.fill);
            stroke(writer, band.stroke);
            rotation(writer, band.angle, Pos2::ZERO);
            writer.end_element();
        }
        Shape::Text(text) => write_text(writer, text, fit),
        Shape::Mesh(mesh) => write_mesh(writer, mesh),
        Shape::QuadraticBezier(curve) => {
            let d = curve_path('Q', &curve.points, curve.closed);
            write_curve(writer, &d, curve.fill, &curve.stroke);
        }
        Shape::CubicBezier(curve) => {
            let d = curve_path('C', &curve.points, curve.closed);
            write_curve(writer, &d, curve.fill, &curve.stroke);
        }
    }
}

/// A Bézier curve's path: `M` to the first point, then `command` (`Q` or `C`) through the rest.
fn curve_path(command: char, points: &[Pos2], closed: bool) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let prefix = match i {
            0 => "M".to_owned(),
            1 => command.to_string(),
            _ => " ".to_owned(),
        };
        write!(d, "{prefix}{} {}", number(p.x), number(p.y)).ok();
    }
    if closed {
        d.push('Z');
    }
    d
}

/// A curve with its fill and (solid) stroke.
fn write_curve(
    writer: &mut XmlWriter,
    d: &str,
    fill_color: Color32,
    path_stroke: &epaint::PathStroke,
) {
    writer.start_element("path");
    writer.write_attribute("d", d);
    fill(writer, fill_color);
    if let epaint::ColorMode::Solid(color) = path_stroke.color {
        stroke(writer, Stroke::new(path_stroke.width, color));
    }
    writer.end_element();
}

fn polyline(points: &[Pos2], closed: bool) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, p) in points.iter().enumerate() {
        let command = if i == 0 { 'M' } else { 'L' };
        write!(d, "{command}{} {}", number(p.x), number(p.y)).ok();
    }
    if closed {
        d.push('Z');
    }
    d
}

fn write_rect(writer: &mut XmlWriter, shape: &epaint::RectShape) {
    if shape.fill.a() == 0 && (shape.stroke.width <= 0.0 || shape.stroke.color.a() == 0) {
        return;
    }
    // The fill covers the rectangle; the stroke sits inside, on, or outside its edge.
    let CornerRadius { nw, ne, sw, se } = shape.corner_radius;
    let radius = f32::from(nw.max(ne).max(sw).max(se));
    if shape.fill.a() > 0 {
        writer.start_element("rect");
        rect_attributes(writer, shape.rect);
        if radius > 0.0 {
            writer.write_attribute("rx", &number(radius));
        }
        fill(writer, shape.fill);
        rotation(writer, shape.angle, shape.rect.center());
        writer.end_element();
    }
    if shape.stroke.width > 0.0 && shape.stroke.color.a() > 0 {
        let half = 0.5 * shape.stroke.width;
        let edge = match shape.stroke_kind {
            StrokeKind::Inside => shape.rect.shrink(half),
            StrokeKind::Middle => shape.rect,
            StrokeKind::Outside => shape.rect.expand(half),
        };
        writer.start_element("rect");
        rect_attributes(writer, edge);
        if radius > 0.0 {
            writer.write_attribute("rx", &number(radius));
        }
        writer.write_attribute("fill", "none");
        stroke(writer, shape.stroke);
        rotation(writer, shape.angle, shape.rect.center());
        writer.end_element();
    }
}

/// A mesh (gradients such as a fading bar) as triangles, each in the average colour of its
/// corners. Textured meshes other than plain colour are left out.
fn write_mesh(writer: &mut XmlWriter, mesh: &Mesh) {
    if mesh.texture_id != egui::TextureId::default() {
        return;
    }
    for triangle in mesh.indices.chunks_exact(3) {
        let corners: Vec<&epaint::Vertex> = triangle
            .iter()
            .filter_map(|&i| mesh.vertices.get(i as usize))
            .collect();
        let [a, b, c] = corners.as_slice() else {
            continue;
        };
        let average = |f: fn(&Color32) -> u8| {
            ((u16::from(f(&a.color)) + u16::from(f(&b.color)) + u16::from(f(&c.color))) / 3) as u8
        };
        let color = Color32::from_rgba_premultiplied(
            average(Color32::r),
            average(Color32::g),
            average(Color32::b),
            average(Color32::a),
        );
        if color.a() == 0 {
            continue;
        }
        writer.start_element("path");
        writer.write_attribute("d", &polyline(&[a.pos, b.pos, c.pos], true));
        fill(writer, color);
        writer.end_element();
    }
}

/// One run of glyphs drawn alike.
struct Run {
    text: String,
    x: f32,
    baseline: f32,
    width: f32,
    size: f32,
    color: Color32,
    italic: bool,
    monospace: bool,
}

/// Text as `<text>` elements, one per run of glyphs of the same size, colour and slant.
fn write_text(writer: &mut XmlWriter, shape: &TextShape, fit: TextFit) {
    let galley = &shape.galley;
    let size_of = font_size_ratio(galley);
    let mut runs: Vec<Run> = Vec::new();
    for placed in &galley.rows {
        let row = &placed.row;
        let mut current: Option<Run> = None;
        for glyph in &row.glyphs {
            // A space has no quad of its own, and a glyph whose quad is not found cannot say
            // how it looks: either takes the look of the run it is in.
            let look = glyph_look(shape, row, glyph);
            let (color, italic) = match (&current, look) {
                (Some(run), _) if glyph.chr.is_whitespace() => (run.color, run.italic),
                (Some(run), None) => (run.color, run.italic),
                (_, Some(look)) => look,
                (None, None) => (text_color(shape, Color32::PLACEHOLDER), false),
            };
            let size = glyph.font_height / size_of.0;
            let monospace = size_of.1;
            let x = shape.pos.x + placed.pos.x + glyph.pos.x;
            let baseline = shape.pos.y + placed.pos.y + glyph.pos.y;
            let same = current.as_ref().is_some_and(|run| {
                (run.size - size).abs() < 0.01
                    && run.color == color
                    && run.italic == italic
                    && (run.baseline - baseline).abs() < 0.01
            });
            if !same {
                runs.extend(current.take());
                current = Some(Run {
                    text: String::new(),
                    x,
                    baseline,
                    width: 0.0,
                    size,
                    color,
                    italic,
                    monospace,
                });
            }
            if let Some(run) = current.as_mut() {
                run.text.push(glyph.chr);
                if !glyph.chr.is_whitespace() {
                    run.width = x + glyph.advance_width - run.x;
                }
            }
        }
        runs.extend(current);
    }
    let opacity = shape.opacity_factor.clamp(0.0, 1.0);
    for run in runs {
        let text = run.text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        writer.start_element("text");
        writer.write_attribute("x", &number(run.x));
        writer.write_attribute("y", &number(run.baseline));
        writer.write_attribute("font-size", &number(run.size));
        if run.monospace {
            writer.write_attribute("font-family", MONOSPACE_FAMILIES);
        } else {
            writer.write_attribute("font-weight", "300");
        }
        if run.italic {
            // egui slants the upright face (Ubuntu Light has no italic): so does the SVG, about
            // the baseline, whatever faces the viewer has.
            writer.write_attribute(
                "transform",
                &format!(
                    "translate(0 {y}) skewX(-{ITALIC_SKEW_DEG}) translate(0 -{y})",
                    y = number(run.baseline)
                ),
            );
        }
        let color = if opacity < 1.0 {
            run.color.gamma_multiply(opacity)
        } else {
            run.color
        };
        fill(writer, color);
        // The width the layout gave the run (without trailing spaces), so that a viewer with
        // another font still fits the text in its place.
        if fit == TextFit::Width && run.width > 0.0 {
            writer.write_attribute("textLength", &number(run.width));
            writer.write_attribute("lengthAdjust", "spacingAndGlyphs");
        }
        if !run.italic {
            rotation(writer, shape.angle, shape.pos);
        }
        writer.write_text(text);
        writer.end_element();
    }
}

/// The ratio of a glyph's `font_height` to the font size for the galley's first font, and
/// whether that font is monospace (egui reports row heights, not sizes, per glyph).
fn font_size_ratio(galley: &epaint::Galley) -> (f32, bool) {
    let format = galley.job.sections.first().map(|s| &s.format);
    let size = format.map_or(14.0, |f| f.font_id.size);
    let monospace = format.is_some_and(|f| f.font_id.family == egui::FontFamily::Monospace);
    let height = galley
        .rows
        .iter()
        .filter_map(|r| r.row.glyphs.first())
        .map(|g| g.font_height)
        .next()
        .unwrap_or(size);
    ((height / size.max(0.01)).max(0.01), monospace)
}

/// A glyph's colour and slant, read from the vertices egui made for it (its section's format is
/// private to the galley): the colour of its first vertex, italic when the top of its quad is
/// shifted right of the bottom. `None` when the glyph has no quad.
fn glyph_look(
    shape: &TextShape,
    row: &epaint::text::Row,
    glyph: &epaint::text::Glyph,
) -> Option<(Color32, bool)> {
    if glyph.uv_rect.is_nothing() {
        return None;
    }
    let first = glyph.first_vertex as usize;
    let [top_left, _, bottom_left, _] = row.visuals.mesh.vertices.get(first..first + 4)? else {
        return None;
    };
    let height = (bottom_left.pos.y - top_left.pos.y).max(0.01);
    let slant = (top_left.pos.x - bottom_left.pos.x) / height;
    Some((text_color(shape, top_left.color), slant > 0.05))
}

/// The colour text is drawn in, as the tessellator resolves it.
fn text_color(shape: &TextShape, color: Color32) -> Color32 {
    match shape.override_text_color {
        Some(over) => over,
        None if color == Color32::PLACEHOLDER => shape.fallback_color,
        None => color,
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_in_text_stay_inert() {
        let mut writer = XmlWriter::default();
        writer.start_element("text");
        writer.write_attribute("title", "a\"b<c>&");
        writer.write_text("</svg><script>x</script>&amp;\u{1}");
        let svg = writer.end_document();
        assert_eq!(
            svg,
            "<text title=\"a&quot;b&lt;c&gt;&amp;\">&lt;/svg&gt;&lt;script&gt;x&lt;/script&gt;\
             &amp;amp;\u{fffd}</text>"
        );
        assert_eq!(svg.matches('<').count(), 2, "only the writer's own tags");
    }

    #[test]
    fn curves_become_paths() {
        let points = [
            Pos2::new(0.0, 0.0),
            Pos2::new(1.0, 2.0),
            Pos2::new(3.0, 4.5),
        ];
        assert_eq!(curve_path('Q', &points, false), "M0 0Q1 2 3 4.5");
        assert_eq!(
            curve_path('C', &[points[0], points[1], points[2], points[0]], true),
            "M0 0C1 2 3 4.5 0 0Z"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(1.256), "1.26");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(12.5), "12.5");
    }

    #[test]
    fn shapes_become_elements_and_text_stays_text() {
        let ctx = egui::Context::default();
        let mut shapes = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let galley = ui.painter().layout_no_wrap(
                "Camp David <&> \"1992\"".to_owned(),
                egui::FontId::proportional(20.0),
                Color32::from_rgb(10, 20, 30),
            );
            shapes.push(ClippedShape {
                clip_rect: Rect::EVERYTHING,
                shape: Shape::galley(Pos2::new(5.0, 5.0), galley, Color32::BLACK),
                transform_after_tessellation: Default::default(),
            });
            shapes.push(ClippedShape {
                clip_rect: Rect::from_min_max(Pos2::ZERO, Pos2::new(50.0, 50.0)),
                shape: Shape::circle_filled(Pos2::new(10.0, 10.0), 4.0, Color32::RED),
                transform_after_tessellation: Default::default(),
            });
        });
        output.textures_delta.clear();
        let svg = shapes_to_svg(
            &shapes,
            egui::vec2(200.0, 100.0),
            [400.0, 200.0],
            Color32::WHITE,
            "A test",
            TextFit::Width,
        );
        assert!(
            svg.contains("Camp David &lt;&amp;&gt; &quot;1992&quot;"),
            "{svg}"
        );
        assert!(svg.contains(r#"font-size="20""#), "{svg}");
        assert!(svg.contains(r##"fill="#0a141e""##), "{svg}");
        assert!(svg.contains("<circle"), "{svg}");
        assert!(svg.contains(r#"clip-path="url(#c0)""#), "{svg}");
        assert!(svg.contains(r#"viewBox="0 0 200 100""#), "{svg}");
    }
}
