//! `sourceline export`: the real binary writes a PNG that a user can put on a slide.

use std::path::Path;
use std::process::Command;

use image::RgbaImage;
use sourceline::app::Document;
use sourceline::export::{ExportRequest, render_export};
use sourceline::timeline::TimeView;

fn sourceline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn export_png(dir: &Path, name: &str, extra: &[&str]) -> RgbaImage {
    let out = dir.join(name);
    let out_text = out.to_str().expect("temporary paths are UTF-8");
    let mut args = vec!["export", "--out", out_text];
    args.extend_from_slice(extra);
    let output = sourceline(&args);
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("Wrote "),
        "says what it wrote"
    );
    image::open(&out).expect("a PNG").to_rgba8()
}

/// Pixels within `tolerance` of `rgb` on every channel.
fn count_near(image: &RgbaImage, rgb: [u8; 3], tolerance: u8) -> usize {
    image
        .pixels()
        .filter(|p| (0..3).all(|i| p.0[i].abs_diff(rgb[i]) <= tolerance))
        .count()
}

fn builtin() -> sourceline::timeline::LoadedTimeline {
    let Document::Loaded(doc) = Document::builtin() else {
        panic!("the built-in timeline loads")
    };
    std::sync::Arc::unwrap_or_clone(doc)
}

#[test]
fn the_png_has_the_requested_size_and_shows_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let image = export_png(
        dir.path(),
        "t.png",
        &[
            "--width", "800", "--height", "450", "--scale", "2", "--from", "1945", "--to", "2023",
        ],
    );
    assert_eq!(image.dimensions(), (1600, 900), "W·S × H·S pixels");
    let doc = builtin();
    for category in &doc.timeline.categories {
        let found = count_near(&image, category.color.0, 6);
        assert!(
            found > 200,
            "lane colour of {} appears ({found} pixels)",
            category.label
        );
    }
    let dark_text = count_near(&image, [0, 0, 0], 90);
    assert!(dark_text > 5_000, "text is drawn ({dark_text} dark pixels)");
    let white = count_near(&image, [255, 255, 255], 10);
    assert!(
        white < 1600 * 900 / 2,
        "not a blank page ({white} white pixels)"
    );
}

#[test]
fn selecting_an_event_adds_its_excerpt_beneath() {
    let dir = tempfile::tempdir().unwrap();
    let plain = export_png(
        dir.path(),
        "plain.png",
        &["--width", "960", "--height", "540"],
    );
    let selected = export_png(
        dir.path(),
        "selected.png",
        &[
            "--width",
            "960",
            "--height",
            "540",
            "--select",
            "camp-david-meeting",
        ],
    );
    assert_eq!(plain.dimensions(), selected.dimensions());
    // The caption goes in the bottom fifth of the image.
    let bottom = |image: &RgbaImage| -> Vec<u8> {
        image
            .rows()
            .skip(540 * 4 / 5)
            .flat_map(|row| row.flat_map(|p| p.0))
            .collect()
    };
    let differing = bottom(&plain)
        .chunks(4)
        .zip(bottom(&selected).chunks(4))
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        differing > 3_000,
        "the caption changes the bottom of the image ({differing} pixels)"
    );
    let doc = builtin();
    let (index, _) = doc.timeline.event_by_id("camp-david-meeting").unwrap();
    let exported = render_export(
        &doc,
        &ExportRequest {
            width_pt: 960,
            height_pt: 540,
            selected: Some(index),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        exported.layout.label_of(index).is_some(),
        "the selected event is labelled"
    );
}

#[test]
fn from_and_to_show_only_that_period() {
    let dir = tempfile::tempdir().unwrap();
    let image = export_png(
        dir.path(),
        "1993.png",
        &[
            "--from", "1993-01", "--to", "1993-12", "--width", "1200", "--height", "700",
        ],
    );
    assert_eq!(image.dimensions(), (1200, 700));
    // The same request through the library: the layout the export used holds only 1993 events.
    let doc = builtin();
    let view = TimeView::new(727_564.0, 727_929.0); // 1 January 1993 .. 1 January 1994
    let exported = render_export(
        &doc,
        &ExportRequest {
            width_pt: 1200,
            height_pt: 700,
            view: Some(view),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!exported.layout.marks.is_empty(), "1993 has events");
    for mark in &exported.layout.marks {
        let span = doc.timeline.events[mark.event].span;
        assert!(
            f64::from(span.end_day_exclusive) > view.min_day
                && f64::from(span.start_day) < view.max_day,
            "{} is not in 1993",
            doc.timeline.events[mark.event].id
        );
    }
    assert_eq!(exported.view.period_text(), "January 1993 – December 1993");
}

#[test]
fn bad_requests_fail_clearly_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let out_text = out.to_str().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let under_file = blocker.join("x.png");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--width", "0"], "empty"),
        (vec!["--width", "9000", "--scale", "2"], "at most 16384"),
        (vec!["--scale", "0"], "scale"),
        (
            vec!["--select", "camp-david"],
            "there is no event \"camp-david\"; did you mean \"camp-david-meeting\"?",
        ),
        (
            vec!["--from", "1993-02-30"],
            "--from: invalid date \"1993-02-30\"",
        ),
        (
            vec!["--from", "1994", "--to", "1993"],
            "--to must be later than --from",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["export", "--out", out_text];
        args.extend_from_slice(&extra);
        let output = sourceline(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{extra:?} exits with 1");
        assert!(stderr.contains(expected), "{extra:?}: {stderr}");
        assert!(!out.exists(), "{extra:?} leaves no file");
    }
    for (target, expected) in [
        (dir.path().join("missing/x.png"), "does not exist"),
        (under_file, "does not exist"),
        (
            Path::new("/proc/sourceline-export-test.png").to_path_buf(),
            "could not write",
        ),
    ] {
        let output = sourceline(&[
            "export",
            "--out",
            target.to_str().unwrap(),
            "--width",
            "64",
            "--height",
            "64",
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{target:?}: {stderr}");
        assert!(stderr.contains(expected), "{target:?}: {stderr}");
        assert!(!target.exists());
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("a-file")],
        "no partial or temporary files"
    );
}

#[test]
fn the_projector_theme_is_white_with_black_text() {
    let dir = tempfile::tempdir().unwrap();
    let light = export_png(
        dir.path(),
        "light.png",
        &["--width", "960", "--height", "540"],
    );
    let projector = export_png(
        dir.path(),
        "projector.png",
        &["--width", "960", "--height", "540", "--theme", "projector"],
    );
    let white = count_near(&projector, [255, 255, 255], 0);
    assert!(
        white > 960 * 540 / 10,
        "a pure white background ({white} pixels)"
    );
    let black = count_near(&projector, [0, 0, 0], 20);
    let light_black = count_near(&light, [0, 0, 0], 20);
    assert!(
        black > light_black,
        "more solid black text than the light theme ({black} vs {light_black})"
    );
    let dark = export_png(
        dir.path(),
        "dark.png",
        &["--width", "960", "--height", "540", "--theme", "dark"],
    );
    let dark_pixels = count_near(&dark, [27, 27, 27], 12);
    assert!(
        dark_pixels > 960 * 540 / 10,
        "the dark theme is dark ({dark_pixels} pixels)"
    );
}

// --- Slides a class can read: text sizes, lanes that follow their content, no dead space ---

/// A timeline of three events in two of three categories.
fn three_events() -> sourceline::timeline::LoadedTimeline {
    let json = r#"{
      "format": 1, "title": "Three events", "sources": [],
      "categories": [
        {"id": "a", "label": "Politics"}, {"id": "b", "label": "Science"},
        {"id": "c", "label": "Art"}
      ],
      "events": [
        {"id": "one", "title": "The first event", "date": "1961-04-12", "category": "a"},
        {"id": "two", "title": "The second event", "date": "1962-09-12", "category": "a"},
        {"id": "three", "title": "The third event", "date": "1969-07-20", "category": "b"}
      ]
    }"#;
    let outcome =
        sourceline::model::load_bytes(json.as_bytes(), "three.json", &sourceline::model::NoSources);
    sourceline::timeline::LoadedTimeline::new(
        outcome.timeline.expect("loads"),
        outcome.problems,
        "three.json".into(),
    )
}

/// A generated timeline of 300 events.
fn three_hundred_events() -> sourceline::timeline::LoadedTimeline {
    let generated = sourceline::generate::generate(&sourceline::generate::GenerateOptions {
        events: 300,
        source_bytes: 20_000,
        ..Default::default()
    });
    let outcome = sourceline::model::load_bytes(
        generated.events_json.as_bytes(),
        "generated.json",
        &generated.sources(),
    );
    sourceline::timeline::LoadedTimeline::new(
        outcome.timeline.expect("loads"),
        outcome.problems,
        "generated.json".into(),
    )
}

#[test]
fn slide_text_is_legible_at_every_size_and_keeps_its_proportions() {
    let timelines = [
        ("built-in", builtin()),
        ("three events", three_events()),
        ("300 events", three_hundred_events()),
    ];
    for (name, doc) in &timelines {
        let selected = Some(doc.timeline.events.len() / 2);
        for (width, height, scale) in [(1280, 720, 1.0), (1920, 1080, 1.0), (3840, 2160, 0.5)] {
            let exported = render_export(
                doc,
                &ExportRequest {
                    width_pt: width,
                    height_pt: height,
                    scale,
                    selected,
                    ..Default::default()
                },
            )
            .unwrap();
            let image_height_px = exported.image.size[1] as f32;
            let per_1080 = image_height_px / 1080.0;
            // Slides: labels at least 24 px and captions 32 px on a 1080-pixel-high image, in
            // proportion at other heights.
            assert!(
                exported.label_text_px >= 24.0 * per_1080 - 0.01,
                "{name} {width}×{height}: labels are {} px",
                exported.label_text_px
            );
            assert!(
                exported.caption_text_px >= 32.0 * per_1080 - 0.01,
                "{name} {width}×{height}: the caption is {} px",
                exported.caption_text_px
            );
            // Every placed label has room for its text.
            assert!(
                !exported.layout.labels.is_empty(),
                "{name}: labels are drawn"
            );
            for label in &exported.layout.labels {
                let label_px = label.rect.height() * exported.pixels_per_point;
                assert!(
                    label_px >= exported.label_text_px,
                    "{name} {width}×{height}: the label {:?} is {label_px} px high",
                    label.text
                );
            }
        }
    }
}

#[test]
fn scale_only_adds_sharpness() {
    let doc = builtin();
    let request = |scale: f32| ExportRequest {
        width_pt: 1280,
        height_pt: 720,
        scale,
        ..Default::default()
    };
    let sharp = render_export(&doc, &request(2.0)).unwrap();
    let plain = render_export(&doc, &request(1.0)).unwrap();
    // The same layout (to a fraction of a point: text is measured at each resolution).
    assert_eq!(sharp.layout.labels.len(), plain.layout.labels.len());
    for (a, b) in sharp.layout.labels.iter().zip(&plain.layout.labels) {
        assert_eq!(a.event, b.event, "the same labels");
        assert!(
            (a.rect.min - b.rect.min).length() < 1.5,
            "{:?} is in the same place: {:?} and {:?}",
            a.text,
            a.rect,
            b.rect
        );
    }
    assert_eq!(sharp.layout.clusters.len(), plain.layout.clusters.len());
    assert_eq!(sharp.image.size, [2560, 1440]);
    assert!((sharp.label_text_px - 2.0 * plain.label_text_px).abs() < 0.01);
}

/// The height of the band at the bottom of the image where nothing is drawn, in pixels.
fn empty_band_below_content(image: &egui::ColorImage) -> usize {
    let [width, height] = image.size;
    let background = image.pixels[(height - 1) * width + width / 2];
    let differs =
        |p: egui::Color32| (0..3).any(|i| p.to_array()[i].abs_diff(background.to_array()[i]) > 24);
    (0..height)
        .rev()
        .take_while(|&y| {
            !image.pixels[y * width..(y + 1) * width]
                .iter()
                .any(|&p| differs(p))
        })
        .count()
}

#[test]
fn no_empty_band_below_the_content() {
    for doc in [builtin(), three_events(), three_hundred_events()] {
        for selected in [None, Some(0)] {
            let exported = render_export(
                &doc,
                &ExportRequest {
                    selected,
                    ..Default::default()
                },
            )
            .unwrap();
            let band = empty_band_below_content(&exported.image);
            assert!(
                band as f32 <= 0.05 * exported.image.size[1] as f32,
                "{} (selected {selected:?}): {band} empty pixel rows at the bottom",
                doc.file_name
            );
        }
    }
}

#[test]
fn lanes_with_nothing_in_the_period_collapse_and_the_others_share_the_height() {
    let doc = builtin();
    let exported = export_png_of_period(&doc, "1988", "1994");
    let archives = doc
        .lanes
        .lanes
        .iter()
        .position(|l| l.label == "Archives and publications")
        .unwrap();
    let band = |lane: usize| {
        exported
            .layout
            .lanes
            .iter()
            .find(|b| b.lane == lane)
            .unwrap()
    };
    assert!(band(archives).collapsed, "the empty lane is a strip");
    let strip = band(archives).rect.height();
    for other in exported.layout.lanes.iter().filter(|b| b.lane != archives) {
        assert!(!other.collapsed);
        assert!(
            other.rect.height() > 2.0 * strip,
            "lane {} ({}) is taller than the strip ({strip})",
            other.lane,
            other.rect.height()
        );
    }
    // A lane holding more events is at least as tall as one holding fewer.
    let count = |lane: usize| {
        exported
            .layout
            .marks
            .iter()
            .filter(|m| m.lane == lane)
            .count()
    };
    let mut lanes: Vec<usize> = (0..doc.lanes.lanes.len())
        .filter(|&l| l != archives)
        .collect();
    lanes.sort_by_key(|&l| count(l));
    let heights: Vec<f32> = lanes.iter().map(|&l| band(l).rect.height()).collect();
    assert!(
        heights.windows(2).all(|w| w[0] <= w[1] + 0.5),
        "heights follow content: {heights:?}"
    );
}

fn export_png_of_period(
    doc: &sourceline::timeline::LoadedTimeline,
    from: &str,
    to: &str,
) -> sourceline::export::ExportedImage {
    let day = |text: &str| {
        sourceline::model::HistDate::parse(text)
            .expect("a date")
            .day_span()
    };
    let view = TimeView::new(
        f64::from(day(from).start_day),
        f64::from(day(to).end_day_exclusive),
    );
    render_export(
        doc,
        &ExportRequest {
            view: Some(view),
            ..Default::default()
        },
    )
    .expect("the export renders")
}

#[test]
fn text_size_presets_and_points_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [
        &["--for", "handout"][..],
        &["--for", "screen"][..],
        &["--text-size", "30"][..],
    ] {
        let image = export_png(dir.path(), "sized.png", extra);
        assert_eq!(image.dimensions(), (1920, 1080), "{extra:?}");
    }
    let output = sourceline(&[
        "export",
        "--out",
        "x.png",
        "--for",
        "handout",
        "--text-size",
        "20",
    ]);
    assert!(!output.status.success(), "--for and --text-size conflict");
}

// --- Vector exports: SVG with real text, PDF for printing ---

/// The text of every `<text>` element of an SVG, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// Renders an SVG with egui's own fonts, as `usvg`/`resvg` read it.
fn rasterize_svg(svg: &str, size: [u32; 2]) -> image::RgbaImage {
    let tree = resvg::usvg::Tree::from_str(svg, &sourceline::export::font_options())
        .expect("usvg reads the SVG");
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size[0], size[1]).expect("a pixmap");
    let scale = size[0] as f32 / tree.size().width();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let data = pixmap.take_demultiplied();
    image::RgbaImage::from_raw(size[0], size[1], data).expect("size matches")
}

#[test]
fn the_svg_has_the_scene_with_real_text_and_matches_the_png() {
    let doc = builtin();
    let (camp_david, _) = doc.timeline.event_by_id("camp-david-meeting").unwrap();
    let request = ExportRequest {
        width_pt: 1280,
        height_pt: 720,
        selected: Some(camp_david),
        ..Default::default()
    };
    let svg = sourceline::export::render_svg(&doc, &request).unwrap();
    let texts = svg_texts(&svg);
    let all_text = texts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(all_text.contains(&doc.timeline.title), "the title is text");
    for lane in &doc.lanes.lanes {
        assert!(
            all_text.contains(&lane.label),
            "the lane {:?} is named",
            lane.label
        );
    }
    // Every label the timeline placed is a text element of its own.
    let png = render_export(&doc, &request).unwrap();
    assert!(png.layout.labels.len() > 10);
    for label in &png.layout.labels {
        assert!(
            texts.iter().any(|t| t.trim() == label.text),
            "the label {:?} is text in the SVG",
            label.text
        );
    }
    assert!(
        all_text.contains("During a bilateral meeting at Camp David"),
        "the caption"
    );

    // Drawn by resvg with the same font, it looks like the PNG of the same scene. Measured: the
    // mean absolute difference per RGB channel over all pixels (4.6 of 255 when written; the
    // two rasterizers anti-alias text differently), and the share of pixels whose channels
    // differ by more than 64 in sum over 192 (2.2%: text edges). Thresholds: 6 and 3%.
    let drawn = rasterize_svg(&svg, [1280, 720]);
    let reference = &png.image;
    let (mut total, mut clearly) = (0_u64, 0_usize);
    for (a, b) in drawn.pixels().zip(reference.pixels.iter()) {
        let b = b.to_srgba_unmultiplied();
        let diff: u32 = (0..3).map(|i| u32::from(a.0[i].abs_diff(b[i]))).sum();
        total += u64::from(diff);
        if diff > 3 * 64 {
            clearly += 1;
        }
    }
    let pixels = (1280 * 720) as f64;
    let mean = total as f64 / pixels / 3.0;
    let clear_share = clearly as f64 / pixels;
    assert!(mean < 6.0, "mean difference per channel {mean:.2} (of 255)");
    assert!(
        clear_share < 0.03,
        "{:.2}% of pixels differ clearly",
        100.0 * clear_share
    );
}

/// The text of a PDF as a reader extracts it (poppler's `pdftotext`, from Debian's
/// `poppler-utils`, which the README lists for the tests).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, pdf).expect("the PDF is written");
    let output = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils to run this test)");
    assert!(output.status.success(), "pdftotext reads the PDF");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

#[test]
fn the_pdf_is_on_the_paper_asked_with_selectable_text_and_the_list() {
    let doc = builtin();
    for (paper, size) in [
        (sourceline::export::Paper::A4, [841.89, 595.28]),
        (sourceline::export::Paper::Letter, [792.0, 612.0]),
    ] {
        let pdf = sourceline::export::render_pdf(
            &doc,
            &sourceline::export::PdfRequest {
                paper,
                with_list: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "a PDF");
        let text = pdf_text(&pdf);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&doc.timeline.title), "the title: {text:.400}");
        // The list pages hold every excerpt of every event shown (the timeline's own period).
        let view = doc.story_view();
        let shown = doc.timeline.events.iter().filter(|e| {
            f64::from(e.span.end_day_exclusive) > view.min_day
                && f64::from(e.span.start_day) < view.max_day
        });
        let mut excerpts = 0;
        for event in shown {
            assert!(
                text.contains(event.title.as_str()),
                "the list has {:?}",
                event.title
            );
            for excerpt in doc.timeline.excerpts(event) {
                let words = sourceline::model::normalize_whitespace(excerpt.text());
                assert!(text.contains(&words), "the list quotes {words:?}");
                excerpts += 1;
            }
        }
        assert!(excerpts > 20, "{excerpts} excerpts listed");
        // The page size, from the page's MediaBox.
        let source = String::from_utf8_lossy(&pdf);
        let media_box = source
            .split("/MediaBox")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("a MediaBox")
            .trim_start_matches([' ', '['])
            .split_whitespace()
            .filter_map(|n| n.parse::<f32>().ok())
            .collect::<Vec<_>>();
        assert_eq!(media_box.len(), 4, "{media_box:?}");
        assert!((media_box[2] - size[0]).abs() < 0.5, "{media_box:?}");
        assert!((media_box[3] - size[1]).abs() < 0.5, "{media_box:?}");
    }
}

#[test]
fn svg_and_pdf_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("t.svg", &[][..]),
        ("t.pdf", &["--paper", "letter", "--with-list"][..]),
        ("u.out", &["--format", "svg"][..]),
    ] {
        let out = dir.path().join(name);
        let mut args = vec!["export", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let output = sourceline(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bytes = std::fs::read(&out).unwrap();
        if bytes.starts_with(b"%PDF") {
            assert!(name.contains("pdf"));
            assert!(bytes.starts_with(b"%PDF-"));
        } else {
            assert!(svg_texts(&String::from_utf8(bytes).unwrap()).len() > 20);
        }
    }
}
