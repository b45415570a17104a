//! A small CPU renderer for egui's tessellated output, so export and pixel snapshots need no GPU,
//! no display and no system libraries.
//!
//! egui hands a renderer textured, vertex-coloured triangles with premultiplied alpha, each batch
//! with a clip rectangle. For every triangle we scan the pixels of its bounding box (within the
//! clip rectangle), keep those whose centre lies inside, interpolate colour and texture
//! coordinates barycentrically, multiply the vertex colour by the (bilinearly sampled) texel,
//! and blend premultiplied "over" the image. egui's tessellator already feathers edges, so this
//! gives antialiased output without multisampling, like egui's own OpenGL renderer, which also
//! blends in gamma space.

use std::collections::HashMap;

use egui::epaint::textures::TexturesDelta;
use egui::epaint::{ClippedPrimitive, ImageData, ImageDelta, Primitive, TextureId, Vertex};
use egui::{Color32, ColorImage, Rect, TextureFilter, TextureOptions};

/// One texture: premultiplied texels and how to sample them.
struct Texture {
    size: [usize; 2],
    pixels: Vec<Color32>,
    options: TextureOptions,
}

impl Texture {
    fn texel(&self, column: isize, row: isize) -> [f32; 4] {
        let [width, height] = self.size;
        let column = column.clamp(0, width as isize - 1) as usize;
        let row = row.clamp(0, height as isize - 1) as usize;
        let texel = self
            .pixels
            .get(row * width + column)
            .copied()
            .unwrap_or(Color32::TRANSPARENT);
        [
            f32::from(texel.r()),
            f32::from(texel.g()),
            f32::from(texel.b()),
            f32::from(texel.a()),
        ]
    }

    /// The texel colour at normalised coordinates `(u, v)`, 0–255 per channel.
    #[expect(
        clippy::many_single_char_names,
        reason = "u, v, x, y and the four corners are the usual names"
    )]
    fn sample(&self, u: f32, v: f32) -> [f32; 4] {
        let [w, h] = self.size;
        if w == 0 || h == 0 {
            return [255.0; 4];
        }
        let x = u * w as f32 - 0.5;
        let y = v * h as f32 - 0.5;
        if self.options.magnification == TextureFilter::Nearest {
            return self.texel((x + 0.5).floor() as isize, (y + 0.5).floor() as isize);
        }
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as isize, y0 as isize);
        let a = self.texel(x0, y0);
        let b = self.texel(x0 + 1, y0);
        let c = self.texel(x0, y0 + 1);
        let d = self.texel(x0 + 1, y0 + 1);
        std::array::from_fn(|i| {
            let top = a[i] + (b[i] - a[i]) * fx;
            let bottom = c[i] + (d[i] - c[i]) * fx;
            top + (bottom - top) * fy
        })
    }
}

/// Renders egui output into an image on the CPU.
#[derive(Default)]
pub struct CpuRenderer {
    textures: HashMap<TextureId, Texture>,
}

impl CpuRenderer {
    /// A renderer with no textures yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies texture uploads, whole or partial. Call before rendering the frame they came with.
    pub fn apply_textures(&mut self, delta: &TexturesDelta) {
        #[expect(
            clippy::iter_over_hash_type,
            reason = "each texture is independent; order across textures does not matter"
        )]
        for (id, image_deltas) in &delta.set {
            for image_delta in image_deltas {
                self.apply_one(*id, image_delta);
            }
        }
    }

    /// Frees the textures egui no longer needs. Call after rendering the frame they came with.
    pub fn free_textures(&mut self, delta: &TexturesDelta) {
        #[expect(clippy::iter_over_hash_type, reason = "removal order does not matter")]
        for id in &delta.free {
            self.textures.remove(id);
        }
    }

    fn apply_one(&mut self, id: TextureId, image_delta: &ImageDelta) {
        let ImageData::Color(image) = &image_delta.image;
        match image_delta.pos {
            None => {
                self.textures.insert(
                    id,
                    Texture {
                        size: image.size,
                        pixels: image.pixels.clone(),
                        options: image_delta.options,
                    },
                );
            }
            Some([x0, y0]) => {
                let Some(texture) = self.textures.get_mut(&id) else {
                    return;
                };
                texture.options = image_delta.options;
                let [tw, th] = texture.size;
                let [pw, ph] = image.size;
                for y in 0..ph.min(th.saturating_sub(y0)) {
                    for x in 0..pw.min(tw.saturating_sub(x0)) {
                        if let (Some(dst), Some(&src)) = (
                            texture.pixels.get_mut((y0 + y) * tw + x0 + x),
                            image.pixels.get(y * pw + x),
                        ) {
                            *dst = src;
                        }
                    }
                }
            }
        }
    }

    /// Rasterizes `primitives` into an image of `size_px`, starting from `background`.
    pub fn render(
        &self,
        primitives: &[ClippedPrimitive],
        size_px: [usize; 2],
        pixels_per_point: f32,
        background: Color32,
    ) -> ColorImage {
        self.render_with_progress(primitives, size_px, pixels_per_point, background, &|_| {})
    }

    /// [`Self::render`], telling `on_progress` the fraction of primitives drawn so far (0 to 1)
    /// every so often.
    pub fn render_with_progress(
        &self,
        primitives: &[ClippedPrimitive],
        size_px: [usize; 2],
        pixels_per_point: f32,
        background: Color32,
        on_progress: &dyn Fn(f32),
    ) -> ColorImage {
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, 8);
        let image = ColorImage::filled(size_px, background);
        self.render_in_bands(image, primitives, pixels_per_point, (threads, on_progress))
    }

    /// Draws `primitives` over `image` in `bands` bands of rows at once, one per thread. Each
    /// band draws every triangle's part in its rows, in order, so each pixel blends the same
    /// triangles in the same order as in one pass: the image does not depend on the bands.
    fn render_in_bands(
        &self,
        mut image: ColorImage,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        (bands, on_progress): (usize, &dyn Fn(f32)),
    ) -> ColorImage {
        let [width, height] = image.size;
        let band_rows = height.div_ceil(bands.max(1)).max(1);
        let mut bands = image
            .pixels
            .chunks_mut((band_rows * width).max(1))
            .enumerate()
            .map(|(k, pixels)| Band {
                pixels,
                width,
                first_row: k * band_rows,
            });
        let Some(first) = bands.next() else {
            return image;
        };
        let draw = |mut band: Band<'_>, on_progress: &dyn Fn(f32)| {
            let report_every = (primitives.len() / 50).max(1);
            for (number, primitive) in primitives.iter().enumerate() {
                if number % report_every == 0 {
                    on_progress(number as f32 / primitives.len() as f32);
                }
                self.draw_primitive(&mut band, primitive, pixels_per_point);
            }
        };
        std::thread::scope(|scope| {
            for band in bands {
                scope.spawn(move || draw(band, &|_| {}));
            }
            // The first band here, telling the progress.
            draw(first, on_progress);
        });
        image
    }

    /// Draws one clipped primitive's triangles into `band`.
    fn draw_primitive(
        &self,
        band: &mut Band<'_>,
        primitive: &ClippedPrimitive,
        pixels_per_point: f32,
    ) {
        let Primitive::Mesh(mesh) = &primitive.primitive else {
            // Paint callbacks need a GPU; nothing we draw uses them.
            return;
        };
        let clip = scale_rect(primitive.clip_rect, pixels_per_point);
        let texture = self.textures.get(&mesh.texture_id);
        for triangle in mesh.indices.chunks_exact(3) {
            let vertex = |i: u32| mesh.vertices.get(i as usize).copied();
            let (Some(a), Some(b), Some(c)) = (
                vertex(triangle[0]),
                vertex(triangle[1]),
                vertex(triangle[2]),
            ) else {
                continue;
            };
            fill_triangle(band, [a, b, c], pixels_per_point, clip, texture);
        }
    }
}

/// Some whole rows of the image being drawn.
struct Band<'a> {
    /// The rows' pixels, row after row.
    pixels: &'a mut [Color32],
    /// Pixels in a row.
    width: usize,
    /// The image row the band starts at.
    first_row: usize,
}

impl Band<'_> {
    /// The image rows in the band.
    fn rows(&self) -> std::ops::Range<usize> {
        let rows = self.pixels.len() / self.width.max(1);
        self.first_row..self.first_row + rows
    }
}

fn scale_rect(rect: Rect, scale: f32) -> Rect {
    Rect::from_min_max(
        (rect.min.to_vec2() * scale).to_pos2(),
        (rect.max.to_vec2() * scale).to_pos2(),
    )
}

fn edge(a: [f32; 2], b: [f32; 2], p: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
}

/// Draws the part of one triangle (points in egui points) that lies in `band` (pixels).
fn fill_triangle(
    band: &mut Band<'_>,
    vertices: [Vertex; 3],
    pixels_per_point: f32,
    clip: Rect,
    texture: Option<&Texture>,
) {
    let p = vertices.map(|v| [v.pos.x * pixels_per_point, v.pos.y * pixels_per_point]);
    let area = edge(p[0], p[1], p[2]);
    if area.abs() < f32::EPSILON || !area.is_finite() {
        return;
    }
    let (width, rows) = (band.width, band.rows());
    let min_x = p
        .iter()
        .map(|q| q[0])
        .fold(f32::INFINITY, f32::min)
        .max(clip.min.x)
        .max(0.0);
    let max_x = p
        .iter()
        .map(|q| q[0])
        .fold(f32::NEG_INFINITY, f32::max)
        .min(clip.max.x)
        .min(width as f32);
    let min_y = p
        .iter()
        .map(|q| q[1])
        .fold(f32::INFINITY, f32::min)
        .max(clip.min.y)
        .max(rows.start as f32);
    let max_y = p
        .iter()
        .map(|q| q[1])
        .fold(f32::NEG_INFINITY, f32::max)
        .min(clip.max.y)
        .min(rows.end as f32);
    if !(min_x < max_x && min_y < max_y) {
        return;
    }
    let colors = vertices.map(|v| {
        let c = v.color;
        [
            f32::from(c.r()),
            f32::from(c.g()),
            f32::from(c.b()),
            f32::from(c.a()),
        ]
    });
    let uvs = vertices.map(|v| [v.uv.x, v.uv.y]);
    // Most of egui's geometry samples one texel (the atlas's white pixel) at a constant UV:
    // look it up once instead of per pixel.
    let constant_texel = (uvs[0] == uvs[1] && uvs[1] == uvs[2])
        .then(|| texture.map_or([255.0; 4], |t| t.sample(uvs[0][0], uvs[0][1])));
    let inv_area = 1.0 / area;
    let (x_start, x_end) = (min_x.floor() as usize, (max_x.ceil() as usize).min(width));
    let y_start = (min_y.floor() as usize).max(rows.start);
    let y_end = (max_y.ceil() as usize).min(rows.end);
    for y in y_start..y_end {
        let py = y as f32 + 0.5;
        if py < clip.min.y || py > clip.max.y {
            continue;
        }
        for x in x_start..x_end {
            let px = x as f32 + 0.5;
            if px < clip.min.x || px > clip.max.x {
                continue;
            }
            let q = [px, py];
            let w0 = edge(p[1], p[2], q) * inv_area;
            let w1 = edge(p[2], p[0], q) * inv_area;
            let w2 = edge(p[0], p[1], q) * inv_area;
            if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                continue;
            }
            let mut src: [f32; 4] =
                std::array::from_fn(|i| w0 * colors[0][i] + w1 * colors[1][i] + w2 * colors[2][i]);
            let texel = match (constant_texel, texture) {
                (Some(texel), _) => Some(texel),
                (None, Some(texture)) => {
                    let u = w0 * uvs[0][0] + w1 * uvs[1][0] + w2 * uvs[2][0];
                    let v = w0 * uvs[0][1] + w1 * uvs[1][1] + w2 * uvs[2][1];
                    Some(texture.sample(u, v))
                }
                (None, None) => None,
            };
            if let Some(texel) = texel {
                for (s, t) in src.iter_mut().zip(texel) {
                    *s = *s * t / 255.0;
                }
            }
            if src[3] <= 0.0 && src[0] <= 0.0 && src[1] <= 0.0 && src[2] <= 0.0 {
                continue;
            }
            let Some(dst) = band.pixels.get_mut((y - rows.start) * width + x) else {
                continue;
            };
            *dst = blend_over(src, *dst);
        }
    }
}

/// Premultiplied "over": `src + dst × (1 − src alpha)`.
fn blend_over(src: [f32; 4], dst: Color32) -> Color32 {
    let keep = 1.0 - src[3] / 255.0;
    let channel = |s: f32, d: u8| round_to_byte(s + f32::from(d) * keep);
    Color32::from_rgba_premultiplied(
        channel(src[0], dst.r()),
        channel(src[1], dst.g()),
        channel(src[2], dst.b()),
        channel(src[3], dst.a()),
    )
}

/// `value` rounded to the nearest whole number (halves away from zero) and clamped to 0–255:
/// as `value.round().clamp(0.0, 255.0) as u8`, without the call to the C library's `roundf`
/// that takes a fifth of the time of drawing an image. The cast truncates towards zero, which
/// is rounding down for the values that matter (below zero the answer is 0 either way).
fn round_to_byte(value: f32) -> u8 {
    let whole = value as i32 as f32;
    let rounded = if value - whole >= 0.5 {
        whole + 1.0
    } else {
        whole
    };
    rounded.clamp(0.0, 255.0) as u8
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::Mesh;
    use egui::{Pos2, pos2};

    fn square_mesh(min: Pos2, max: Pos2, color: Color32) -> Mesh {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(Rect::from_min_max(min, max), color);
        mesh
    }

    fn render(
        meshes: Vec<(Mesh, Rect)>,
        size: [usize; 2],
        ppp: f32,
        renderer: &CpuRenderer,
    ) -> ColorImage {
        let primitives: Vec<ClippedPrimitive> = meshes
            .into_iter()
            .map(|(mesh, clip)| ClippedPrimitive {
                clip_rect: clip,
                primitive: Primitive::Mesh(mesh),
            })
            .collect();
        renderer.render(&primitives, size, ppp, Color32::WHITE)
    }

    fn px(image: &ColorImage, x: usize, y: usize) -> Color32 {
        image.pixels[y * image.size[0] + x]
    }

    const EVERYTHING: Rect = Rect::EVERYTHING;

    #[test]
    fn drawing_in_bands_of_rows_draws_the_same_image() {
        // Overlapping translucent shapes with feathered edges, across every band boundary.
        let mut shapes = egui::epaint::Tessellator::new(
            1.0,
            egui::epaint::TessellationOptions::default(),
            [1, 1],
            Vec::new(),
        );
        let mut mesh = Mesh::default();
        for (k, color) in [
            Color32::from_rgba_unmultiplied(200, 30, 30, 160),
            Color32::from_rgba_unmultiplied(30, 30, 200, 100),
            Color32::from_rgba_unmultiplied(20, 160, 20, 220),
        ]
        .into_iter()
        .enumerate()
        {
            let centre = pos2(10.0 + 7.0 * k as f32, 12.0 + 5.0 * k as f32);
            shapes.tessellate_circle(
                egui::epaint::CircleShape::filled(centre, 9.5, color),
                &mut mesh,
            );
        }
        let primitives = [ClippedPrimitive {
            clip_rect: Rect::from_min_max(pos2(1.0, 2.0), pos2(37.0, 31.0)),
            primitive: Primitive::Mesh(mesh),
        }];
        let renderer = CpuRenderer::new();
        let draw = |bands: usize| {
            let image = ColorImage::filled([40, 33], Color32::WHITE);
            renderer.render_in_bands(image, &primitives, 1.0, (bands, &|_| {}))
        };
        let one = draw(1);
        assert!(
            one.pixels.iter().any(|&c| c != Color32::WHITE),
            "the shapes are drawn"
        );
        for bands in [2, 3, 7, 33, 50] {
            assert!(draw(bands).pixels == one.pixels, "{bands} bands");
        }
    }

    #[test]
    fn rounding_to_a_byte_is_rounding_then_clamping() {
        for step in -2000..=600_000 {
            let value = step as f32 * 0.001;
            assert_eq!(
                round_to_byte(value),
                value.round().clamp(0.0, 255.0) as u8,
                "{value}"
            );
        }
        for value in [0.499_999_97_f32, 254.5, 255.49, 1e9, -1e9, f32::NAN] {
            assert_eq!(
                round_to_byte(value),
                value.round().clamp(0.0, 255.0) as u8,
                "{value}"
            );
        }
    }

    #[test]
    fn covers_exactly_the_pixels_whose_centres_are_inside() {
        let image = render(
            vec![(
                square_mesh(pos2(2.0, 2.0), pos2(6.0, 5.0), Color32::RED),
                EVERYTHING,
            )],
            [8, 8],
            1.0,
            &CpuRenderer::new(),
        );
        let covered: usize = image.pixels.iter().filter(|&&c| c == Color32::RED).count();
        assert_eq!(covered, 4 * 3, "a 4×3 point square covers 12 pixels");
        assert_eq!(px(&image, 2, 2), Color32::RED);
        assert_eq!(px(&image, 5, 4), Color32::RED);
        assert_eq!(px(&image, 6, 4), Color32::WHITE);
        assert_eq!(px(&image, 1, 2), Color32::WHITE);
    }

    #[test]
    fn pixels_per_point_scales_geometry_not_the_image() {
        let image = render(
            vec![(
                square_mesh(pos2(1.0, 1.0), pos2(3.0, 3.0), Color32::BLUE),
                EVERYTHING,
            )],
            [8, 8],
            2.0,
            &CpuRenderer::new(),
        );
        let covered = image.pixels.iter().filter(|&&c| c == Color32::BLUE).count();
        assert_eq!(
            covered, 16,
            "2×2 points at 2 pixels per point are 4×4 pixels"
        );
        assert_eq!(px(&image, 2, 2), Color32::BLUE);
        assert_eq!(px(&image, 6, 6), Color32::WHITE);
    }

    #[test]
    fn clip_rectangles_cut_triangles() {
        let clip = Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 8.0));
        let image = render(
            vec![(
                square_mesh(pos2(0.0, 0.0), pos2(8.0, 8.0), Color32::GREEN),
                clip,
            )],
            [8, 8],
            1.0,
            &CpuRenderer::new(),
        );
        assert_eq!(px(&image, 3, 3), Color32::GREEN);
        assert_eq!(
            px(&image, 4, 3),
            Color32::WHITE,
            "right of the clip rectangle"
        );
    }

    #[test]
    fn premultiplied_blending_over_the_background() {
        let half_black = Color32::from_rgba_premultiplied(0, 0, 0, 128);
        let image = render(
            vec![(
                square_mesh(pos2(0.0, 0.0), pos2(4.0, 4.0), half_black),
                EVERYTHING,
            )],
            [4, 4],
            1.0,
            &CpuRenderer::new(),
        );
        let c = px(&image, 1, 1);
        assert_eq!(
            (c.r(), c.a()),
            (127, 255),
            "half black over white is mid grey"
        );
        let transparent = render(
            vec![(
                square_mesh(pos2(0.0, 0.0), pos2(4.0, 4.0), Color32::TRANSPARENT),
                EVERYTHING,
            )],
            [4, 4],
            1.0,
            &CpuRenderer::new(),
        );
        assert_eq!(
            px(&transparent, 1, 1),
            Color32::WHITE,
            "transparent leaves the background"
        );
        let additive = Color32::from_rgba_premultiplied(0, 100, 0, 0);
        let glow = render(
            vec![(
                square_mesh(pos2(0.0, 0.0), pos2(4.0, 4.0), additive),
                EVERYTHING,
            )],
            [4, 4],
            1.0,
            &CpuRenderer::new(),
        );
        assert_eq!(px(&glow, 1, 1), Color32::WHITE, "additive light saturates");
    }

    #[test]
    fn vertex_colours_are_interpolated() {
        let mut mesh = Mesh::default();
        mesh.colored_vertex(pos2(0.0, 0.0), Color32::BLACK);
        mesh.colored_vertex(pos2(100.0, 0.0), Color32::WHITE);
        mesh.colored_vertex(pos2(100.0, 10.0), Color32::WHITE);
        mesh.colored_vertex(pos2(0.0, 10.0), Color32::BLACK);
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(0, 2, 3);
        let image = render(
            vec![(mesh, EVERYTHING)],
            [100, 10],
            1.0,
            &CpuRenderer::new(),
        );
        let middle = px(&image, 50, 5).r();
        assert!(
            (125..=130).contains(&middle),
            "halfway is mid grey: {middle}"
        );
        assert!(px(&image, 5, 5).r() < 20 && px(&image, 95, 5).r() > 235);
    }

    #[test]
    fn textures_are_sampled_and_updated_in_part() {
        let id = TextureId::Managed(7);
        let mut checker = ColorImage::filled([2, 2], Color32::WHITE);
        checker.pixels[1] = Color32::BLACK;
        checker.pixels[2] = Color32::BLACK;
        let mut delta = TexturesDelta::default();
        delta.push(id, ImageDelta::full(checker, TextureOptions::NEAREST));
        let mut renderer = CpuRenderer::new();
        renderer.apply_textures(&delta);
        delta.clear();
        let mut mesh = Mesh::with_texture(id);
        mesh.add_rect_with_uv(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0)),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        let image = render(vec![(mesh.clone(), EVERYTHING)], [4, 4], 1.0, &renderer);
        assert_eq!(px(&image, 0, 0), Color32::WHITE);
        assert_eq!(px(&image, 3, 0), Color32::BLACK, "top right texel");
        assert_eq!(px(&image, 0, 3), Color32::BLACK, "bottom left texel");
        // A partial update turns the top-right texel red.
        let mut patch = TexturesDelta::default();
        patch.push(
            id,
            ImageDelta::partial(
                [1, 0],
                ColorImage::filled([1, 1], Color32::RED),
                TextureOptions::NEAREST,
            ),
        );
        renderer.apply_textures(&patch);
        patch.clear();
        let image = render(vec![(mesh.clone(), EVERYTHING)], [4, 4], 1.0, &renderer);
        assert_eq!(px(&image, 3, 0), Color32::RED);
        assert_eq!(px(&image, 0, 0), Color32::WHITE, "the rest is unchanged");
        // Linear filtering blends neighbouring texels.
        let mut smooth = TexturesDelta::default();
        let mut grey = ColorImage::filled([2, 1], Color32::BLACK);
        grey.pixels[1] = Color32::WHITE;
        smooth.push(id, ImageDelta::full(grey, TextureOptions::LINEAR));
        renderer.apply_textures(&smooth);
        smooth.clear();
        let mut wide = Mesh::with_texture(id);
        wide.add_rect_with_uv(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 1.0)),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        let image = render(vec![(wide, EVERYTHING)], [100, 1], 1.0, &renderer);
        let mid = px(&image, 50, 0).r();
        assert!(
            (120..=135).contains(&mid),
            "bilinear midpoint is grey: {mid}"
        );
        // Freed textures are gone: meshes that use them draw untextured.
        let mut free = TexturesDelta::default();
        free.free(id);
        renderer.free_textures(&free);
        free.clear();
        assert!(renderer.textures.is_empty());
    }
}
