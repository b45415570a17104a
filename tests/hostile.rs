//! A hostile timeline is harmless in every output: markup, script, bidi overrides, formulas and
//! long runs of combining marks in every text stay text, break no file format, and do not stall
//! the window. Links open only for http(s) (the loader refuses other addresses).

use std::path::Path;
use std::process::Command;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use sourceline::app::{Document, SourcelineApp};
use sourceline::export::{ExportRequest, PdfRequest, render_export, render_pdf, render_svg};
use sourceline::model::{LoadOutcome, SourceFolder, load_bytes};
use sourceline::timeline::LoadedTimeline;

/// Markup that would end an SVG, a script or an HTML element and run script.
const ATTACK: &str =
    r#"</svg></script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">"#;

/// Right-to-left override and isolate characters (the "Trojan Source" kind).
const BIDI: &str = "\u{202E}txet desrever\u{202C} and \u{2066}isolated\u{2069}";

/// `n` characters: a letter and then combining accents.
fn combining(n: usize) -> String {
    std::iter::once('a')
        .chain(std::iter::repeat_n('\u{0301}', n - 1))
        .collect()
}

/// Writes the hostile timeline (every text at its limit or full of markup) and its source, whose
/// text holds a megabyte of combining marks. Returns the timeline's path.
fn write_hostile(dir: &Path) -> std::path::PathBuf {
    let source = format!(
        "Plain start. The source says {ATTACK} and {BIDI}. {} End.",
        combining(500_000)
    );
    std::fs::write(dir.join("source.txt"), &source).expect("source written");
    let timeline = json!({
        "format": 1,
        "title": format!("Hostile {ATTACK}"),
        "description": BIDI,
        "sources": [{
            "id": "s", "title": format!("Source {ATTACK}"), "file": "source.txt",
            "url": "https://example.org/?q=</svg><script>", "author": "=HYPERLINK(\"http://x\")",
        }],
        "categories": [
            { "id": "c", "label": format!("Lane {ATTACK}") },
            { "id": "d", "label": "=1+1" },
        ],
        "events": [
            {
                "id": "e0", "title": format!("Title {ATTACK} {BIDI}"), "date": "1990-05-01",
                "category": "c",
                "summary": format!("Summary {ATTACK} {}", combining(99_000)),
                "date_note": BIDI,
                "excerpts": [{ "source": "s", "text": format!("says {ATTACK} and") }],
                "tags": ["=cmd|' /C calc'!A0", "<b>bold</b>"],
            },
            {
                "id": "e1", "title": combining(1000), "date": "1991", "category": "d",
                "summary": "+SUM(A1:A9)",
            },
            {
                "id": "e2", "title": "-2+3", "date": "1992", "category": "c", "importance": 1,
            },
        ],
    });
    let path = dir.join("hostile.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&timeline).expect("JSON"),
    )
    .expect("timeline written");
    path
}

fn load_hostile(dir: &Path) -> (LoadOutcome, LoadedTimeline) {
    let path = write_hostile(dir);
    let bytes = std::fs::read(&path).expect("reads");
    let outcome = load_bytes(
        &bytes,
        "hostile.json",
        &SourceFolder {
            folder: dir.to_path_buf(),
        },
    );
    let errors = outcome.error_lines();
    assert!(errors.is_empty(), "the hostile timeline loads: {errors:?}");
    let timeline = outcome.timeline.clone().expect("loads");
    let doc = LoadedTimeline::new(timeline, outcome.problems.clone(), "hostile.json".into());
    (outcome, doc)
}

/// A 1280 × 720 export with the first event (the one full of markup) selected, so that its
/// excerpt and citation are drawn too.
fn request_with_event_0() -> ExportRequest {
    ExportRequest {
        width_pt: 1280,
        height_pt: 720,
        selected: Some(0),
        ..Default::default()
    }
}

#[test]
fn links_other_than_http_are_refused_at_load() {
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        " javascript:alert(1)",
    ] {
        let json = json!({
            "format": 1, "title": "Links",
            "sources": [{ "id": "s", "title": "S", "url": url }],
            "categories": [{ "id": "c", "label": "C" }],
            "events": [],
        });
        let outcome = load_bytes(
            json.to_string().as_bytes(),
            "links.json",
            &sourceline::model::NoSources,
        );
        assert!(outcome.timeline.is_none(), "{url:?} is refused");
        assert!(
            outcome
                .problems
                .iter()
                .any(|p| p.is_error() && p.message.contains("http")),
            "{url:?}: the error says what is allowed: {:?}",
            outcome.problems
        );
    }
}

#[test]
fn the_svg_stays_well_formed_with_the_markup_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = load_hostile(dir.path());
    let request = request_with_event_0();
    let svg = render_svg(&doc, &request).expect("renders");
    let tree = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    for node in tree.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        assert!(
            !["script", "foreignObject", "img", "a"].contains(&name),
            "no <{name}> element"
        );
        for attribute in node.attributes() {
            assert!(
                !attribute.name().to_ascii_lowercase().starts_with("on"),
                "no event handler attribute ({})",
                attribute.name()
            );
        }
    }
    let text: String = tree
        .descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("</svg></script><script>window.pwned=1</script>"),
        "the markup is shown as text"
    );
}

#[test]
fn the_png_and_pdf_render_the_hostile_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = load_hostile(dir.path());
    let request = request_with_event_0();
    let exported = render_export(&doc, &request).expect("renders");
    assert_eq!(exported.image.size, [1280, 720], "the size asked");
    let distinct: std::collections::HashSet<_> = exported.image.pixels.iter().collect();
    assert!(
        distinct.len() > 20,
        "the image shows a timeline, not a blank"
    );

    let pdf = render_pdf(
        &doc,
        &PdfRequest {
            with_list: true,
            ..Default::default()
        },
    )
    .expect("renders");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let pdf_path = dir.path().join("hostile.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    let output = Command::new("pdftotext")
        .args([pdf_path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (install poppler-utils to run this test)");
    assert!(output.status.success(), "pdftotext reads the PDF");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("window.pwned=1"),
        "the markup is text in the PDF: {text:.300}"
    );
}

#[test]
fn the_web_page_keeps_every_text_out_of_its_markup() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = load_hostile(dir.path());
    let page = sourceline::export::to_html(&doc);
    let lower = page.to_ascii_lowercase();
    assert_eq!(lower.matches("<script").count(), 2, "only the page's own");
    assert_eq!(lower.matches("</script").count(), 2, "only the page's own");
    assert!(!lower.contains("<img"), "no element from the timeline");
    assert!(!page.contains("window.pwned=1</script>"));
    // As a browser parses it: the timeline's markup made no element and no handler.
    let html = scraper::Html::parse_document(&page);
    for element in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = element.value().name();
        assert!(
            !["img", "iframe", "object", "embed"].contains(&name),
            "no <{name}>"
        );
        for (attribute, _) in element.value().attrs() {
            assert!(
                !attribute.to_ascii_lowercase().starts_with("on"),
                "no handler attribute {attribute} on <{name}>"
            );
        }
    }
    let scripts = scraper::Selector::parse("script").expect("selector");
    assert_eq!(
        html.select(&scripts).count(),
        2,
        "the page's own scripts only"
    );
    // The page's script makes links only for http(s) and shows text with textContent.
    let script = include_str!("../assets/web/page.js");
    assert!(
        !script.contains("innerHTML"),
        "no HTML is ever parsed from data"
    );
    assert!(script.contains("https?:"), "links only for http(s)");
}

#[test]
fn csv_lists_defuse_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_hostile(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(["list", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .expect("runs");
    let body = String::from_utf8_lossy(&output.stdout);
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let mut fields = 0;
    for record in reader.records() {
        for field in &record.expect("a CSV record") {
            fields += 1;
            assert!(
                !field.starts_with(['=', '+', '-', '@']),
                "{field:?} would run as a formula"
            );
        }
    }
    assert!(fields > 10, "the list has the events");
    assert!(
        body.contains("\"'-2+3\""),
        "a formula title kept, defused: {body}"
    );
    assert!(
        body.contains("\"'=1+1\""),
        "a formula category kept, defused: {body}"
    );
}

#[test]
fn the_window_shows_the_hostile_timeline_as_text_without_stalling() {
    let dir = tempfile::tempdir().unwrap();
    let (outcome, _) = load_hostile(dir.path());
    let document = Document::from_outcome("hostile.json".to_owned(), outcome);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .build_eframe(move |cc| SourcelineApp::new(cc, document));
    harness.run();
    harness
        .state_mut()
        .run(sourceline::ui::Command::Select(Some(0)));
    harness.run();
    harness
        .state_mut()
        .run(sourceline::ui::Command::ShowInSource {
            event: 0,
            excerpt: 0,
        });
    for _ in 0..3 {
        harness.run();
    }
    // The title is text in the detail panel, markup and all.
    assert!(
        harness
            .query_all_by_label_contains("window.pwned=1")
            .next()
            .is_some(),
        "the markup is shown as text"
    );
}
