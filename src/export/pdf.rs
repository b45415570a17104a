//! Printable PDF: the timeline scene on an A4 or US Letter landscape page, vector, with the font
//! embedded and the text selectable; optionally followed by pages listing every shown event with
//! its date, excerpts and citations, which is what a handout wants.
//!
//! Each page is an egui scene turned into SVG (see [`super::svg`]), read by `usvg` with egui's
//! own fonts, and drawn into the PDF by `krilla` (the library `svg2pdf` is built on).

use egui::{RichText, Ui};
use krilla::Document;
use krilla::geom::Size;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt as _, SvgSettings};

use super::scene::{run_scene, scene_ui};
use super::svg::TextFit;
use super::{ExportError, ExportProgress, ExportRequest, Paper, TextSize};
use crate::model::{EventIndex, Verification, normalize_whitespace};
use crate::timeline::{LoadedTimeline, TimeView, TimelineLayout};
use crate::ui::theme::{self, ExportTheme};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PdfRequest {
    /// The paper.
    pub paper: Paper,
    /// Add pages listing every shown event with its excerpts and citations.
    pub with_list: bool,
    /// The period; the timeline's own when `None`.
    pub view: Option<TimeView>,
    /// The event to highlight and caption.
    pub selected: Option<EventIndex>,
    /// Colours.
    pub theme: ExportTheme,
    /// Text size (a handout's by default).
    pub text: TextSize,
}

impl Default for PdfRequest {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            with_list: false,
            view: None,
            selected: None,
            theme: ExportTheme::Light,
            text: TextSize::Handout,
        }
    }
}

/// Screen points per PDF point: a page is laid out as a screen of 96 points per inch.
const SCREEN_PER_PAPER: f32 = 96.0 / 72.0;

/// The fonts egui draws with, for reading the pages' SVG (so text is measured and embedded
/// with the very font it was laid out in).
pub fn font_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        font_family: "Ubuntu".to_owned(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    for data in [
        epaint_default_fonts::UBUNTU_LIGHT,
        epaint_default_fonts::HACK_REGULAR,
        epaint_default_fonts::NOTO_EMOJI_REGULAR,
        epaint_default_fonts::EMOJI_ICON,
    ] {
        fonts.load_font_data(without_substitutions(data));
    }
    options
}

/// The font with its glyph substitution table (`GSUB`) renamed out of the way: egui lays text
/// out glyph by glyph, without ligatures, and the page must show the same glyphs (the bundled
/// font's `fi`/`ff` ligature glyphs are also empty). Only the table's tag in the font's table
/// directory changes; a font reader then does not find the table.
fn without_substitutions(font: &[u8]) -> Vec<u8> {
    let mut data = font.to_vec();
    let tables = data
        .get(4..6)
        .map_or(0, |n| usize::from(u16::from_be_bytes([n[0], n[1]])));
    for i in 0..tables {
        let record = 12 + 16 * i;
        if let Some(tag) = data.get_mut(record..record + 4)
            && tag == b"GSUB"
        {
            tag.copy_from_slice(b"xSUB");
        }
    }
    data
}

/// The PDF: the timeline page, then the event list when asked.
pub fn render_pdf(doc: &LoadedTimeline, request: &PdfRequest) -> Result<Vec<u8>, ExportError> {
    let paper = request.paper.size_pt();
    let screen = ExportRequest {
        width_pt: (paper[0] * SCREEN_PER_PAPER).round() as u32,
        height_pt: (paper[1] * SCREEN_PER_PAPER).round() as u32,
        scale: 1.0,
        view: request.view,
        selected: request.selected,
        theme: request.theme,
        text: request.text,
    };
    let size_px = [screen.width_pt, screen.height_pt];
    let view = request.view.unwrap_or_else(|| doc.story_view());
    let timeline_scene = run_scene(
        &screen,
        size_px,
        &ExportProgress::default(),
        None,
        &mut |ui: &mut Ui| scene_ui(ui, doc, view, request.selected),
    );
    let mut pages = vec![timeline_scene.to_svg(paper, &doc.timeline.title, TextFit::Font)];
    if request.with_list {
        let events = shown_events(doc, view);
        pages.extend(list_pages(doc, &events, &screen, paper, view));
    }
    let options = font_options();
    let mut document = Document::new();
    for svg in &pages {
        let tree = usvg::Tree::from_str(svg, &options)
            .map_err(|e| ExportError::Encode(format!("the page could not be drawn: {e}")))?;
        let settings = PageSettings::from_wh(paper[0], paper[1])
            .ok_or_else(|| ExportError::Size("the paper size is empty".to_owned()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let size = Size::from_wh(paper[0], paper[1])
            .ok_or_else(|| ExportError::Size("the paper size is empty".to_owned()))?;
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| ExportError::Encode("the page could not be drawn".to_owned()))?;
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ExportError::Encode(format!("the PDF could not be written: {e:?}")))
}

/// The events the timeline page shows, in date order: those of the shown lanes in the period.
fn shown_events(doc: &LoadedTimeline, view: TimeView) -> Vec<EventIndex> {
    doc.lanes
        .shown_events
        .iter()
        .copied()
        .filter(|&i| {
            doc.timeline.events.get(i).is_some_and(|e| {
                f64::from(e.span.end_day_exclusive) > view.min_day
                    && f64::from(e.span.start_day) < view.max_day
            })
        })
        .collect()
}

/// Margin of list pages, in screen points.
const LIST_MARGIN_PT: f32 = 36.0;

/// The list of events as pages of SVG: items are measured on one tall scene, then packed onto
/// pages, each drawn as its own scene.
fn list_pages(
    doc: &LoadedTimeline,
    events: &[EventIndex],
    screen: &ExportRequest,
    paper: [f32; 2],
    view: TimeView,
) -> Vec<String> {
    if events.is_empty() {
        return Vec::new();
    }
    // Measure every item (egui lays out what falls below the screen too), and the room a page
    // has below its heading.
    let mut heights: Vec<f32> = Vec::with_capacity(events.len());
    let mut page_content_pt = 0.0;
    let _ = run_scene(
        screen,
        [screen.width_pt, screen.height_pt],
        &ExportProgress::default(),
        None,
        &mut |ui: &mut Ui| {
            heights.clear();
            list_frame(ui, |ui| {
                list_heading_ui(ui, doc, 1);
                page_content_pt = ui.available_height();
                for &event in events {
                    let top = ui.cursor().min.y;
                    list_item_ui(ui, doc, event);
                    heights.push(ui.cursor().min.y - top);
                }
            });
            (TimelineLayout::default(), view)
        },
    );
    let mut pages: Vec<Vec<EventIndex>> = vec![Vec::new()];
    let mut used = 0.0;
    for (&event, &height) in events.iter().zip(&heights) {
        let current = pages.last().map_or(0, Vec::len);
        if current > 0 && used + height > page_content_pt {
            pages.push(Vec::new());
            used = 0.0;
        }
        if let Some(page) = pages.last_mut() {
            page.push(event);
        }
        used += height;
    }
    pages
        .iter()
        .enumerate()
        .map(|(n, page_events)| {
            let scene = run_scene(
                screen,
                [screen.width_pt, screen.height_pt],
                &ExportProgress::default(),
                None,
                &mut |ui: &mut Ui| {
                    list_frame(ui, |ui| {
                        list_heading_ui(ui, doc, n + 1);
                        for &event in page_events {
                            list_item_ui(ui, doc, event);
                        }
                    });
                    (TimelineLayout::default(), view)
                },
            );
            scene.to_svg(
                paper,
                &format!("{}: events, page {}", doc.timeline.title, n + 1),
                TextFit::Font,
            )
        })
        .collect()
}

/// A list page's frame: the page colour and its margins.
fn list_frame(ui: &mut Ui, contents: impl FnOnce(&mut Ui)) {
    let fill = ui.visuals().panel_fill;
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(fill)
                .inner_margin(egui::Margin::same(LIST_MARGIN_PT as i8)),
        )
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 4.0;
            contents(ui);
        });
}

fn list_heading_ui(ui: &mut Ui, doc: &LoadedTimeline, page: usize) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&doc.timeline.title).heading().strong());
        ui.label(RichText::new(format!("The events and their sources ({page})")).weak());
    });
    ui.add_space(8.0);
}

/// One event: date and title, then each excerpt with its citation and whether it was found in
/// the source text, then the date note.
fn list_item_ui(ui: &mut Ui, doc: &LoadedTimeline, event: EventIndex) {
    let Some(e) = doc.timeline.events.get(event) else {
        return;
    };
    let body = theme::BODY_SIZE_PT;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(e.date.to_string()).strong().size(body));
        ui.label(RichText::new(e.title.as_str()).strong().size(body + 1.0));
    });
    let excerpts = doc.timeline.excerpts(e);
    if excerpts.is_empty()
        && let Some(summary) = doc.timeline.summary(e)
    {
        ui.label(RichText::new(summary).size(body - 1.0));
    }
    for excerpt in excerpts {
        ui.label(
            RichText::new(format!("“{}”", normalize_whitespace(excerpt.text())))
                .italics()
                .size(body - 1.0),
        );
        if let Some(source) = doc.timeline.source_of(excerpt) {
            let check = match excerpt.verification() {
                Verification::Verified { .. } => "verified in source",
                Verification::NotFound => "not found in source",
                Verification::NoSourceText => "not verified: no source text",
            };
            ui.label(
                RichText::new(format!("— {} ({check})", source.citation()))
                    .size(body - 3.0)
                    .weak(),
            );
        }
    }
    if let Some(note) = doc.timeline.date_note(e) {
        ui.label(
            RichText::new(format!("Date: {note}"))
                .size(body - 3.0)
                .weak(),
        );
    }
    ui.add_space(8.0);
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_lose_only_their_substitutions() {
        let patched = without_substitutions(epaint_default_fonts::UBUNTU_LIGHT);
        assert_eq!(patched.len(), epaint_default_fonts::UBUNTU_LIGHT.len());
        let count = |data: &[u8], tag: &[u8; 4]| data.windows(4).filter(|w| w == tag).count();
        assert_eq!(
            count(&patched, b"GSUB"),
            count(epaint_default_fonts::UBUNTU_LIGHT, b"GSUB") - 1
        );
        let options = font_options();
        assert!(
            options
                .fontdb
                .faces()
                .any(|f| f.families.iter().any(|(n, _)| n == "Ubuntu"))
        );
    }
}
