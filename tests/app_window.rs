//! The real app, driven headlessly through `egui_kittest`: what a user sees and gets.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Document, SourcelineApp};

/// The app in a laptop-sized window (wide enough for both side panels to start open).
fn harness(document: Document) -> Harness<'static, SourcelineApp> {
    harness_sized(document, egui::vec2(1440.0, 900.0))
}

fn harness_sized(document: Document, size: egui::Vec2) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| SourcelineApp::new(cc, document));
    harness.run();
    harness
}

/// Clicks at a screen position the way a mouse does: move, press, release.
fn click_at(harness: &mut Harness<'_, SourcelineApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
}

/// Clicks "+N" clusters, as a user would, until the event's own mark is drawn; returns where.
fn visible_mark(harness: &mut Harness<'_, SourcelineApp>, id: &str) -> egui::Pos2 {
    for _ in 0..8 {
        let Document::Loaded(doc) = &harness.state().session.document else {
            panic!("loaded")
        };
        let (index, _) = doc
            .timeline
            .event_by_id(id)
            .unwrap_or_else(|| panic!("no event {id}"));
        let layout = &harness.state().runtime.last_layout;
        let mark = layout
            .mark_of(index)
            .unwrap_or_else(|| panic!("{id} is on screen"));
        if !mark.clustered {
            return mark.center;
        }
        let cluster = layout
            .clusters
            .iter()
            .find(|c| c.events.contains(&index))
            .expect("in a cluster");
        let centre = cluster.rect.center();
        click_at(harness, centre);
    }
    panic!("{id} never came out of its cluster");
}

#[test]
fn starts_on_the_builtin_timeline_with_every_lane() {
    let harness = harness(Document::builtin());
    let Document::Loaded(doc) = &harness.state().session.document else {
        panic!("the built-in timeline loads")
    };
    assert_eq!(
        harness.state().runtime.last_layout.lanes.len(),
        doc.timeline.categories.len(),
        "one lane per category"
    );
    // It opens on the period its story covers: every event of that period has its mark.
    let view = harness.state().session.view.expect("a view");
    let in_view = doc
        .timeline
        .events
        .iter()
        .filter(|e| {
            f64::from(e.span.end_day_exclusive) > view.min_day
                && f64::from(e.span.start_day) < view.max_day
        })
        .count();
    let marks = harness.state().runtime.last_layout.marks.len();
    assert_eq!(marks, in_view, "every event of the first view has its mark");
    assert!(in_view >= 20, "the story's events ({in_view})");
    harness.get_by_label(doc.timeline.title.as_str());
    harness.get_by_label_contains("Click an event on the timeline");
    harness.get_by_role_and_label(Role::Button, "Next ▶");
    assert!(harness.state().session.selected_event_id().is_none());
}

#[test]
fn clicking_the_camp_david_marker_shows_its_verified_excerpt() {
    let mut harness = harness(Document::builtin());
    // Select Camp David with the keyboard path's neighbour, so the view centres on it.
    let pos = visible_mark(&mut harness, "camp-david-meeting");
    click_at(&mut harness, pos);
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some("camp-david-meeting")
    );
    harness.get_by_label_contains("During a bilateral meeting at Camp David in February 1992");
    assert!(
        !harness
            .get_all_by_label_contains("Verified in source")
            .collect::<Vec<_>>()
            .is_empty()
    );
    harness.get_by_label("1 February 1992");
}

#[test]
fn arrow_right_from_nsd_23_selects_the_next_event_in_date_order() {
    let mut harness = harness(Document::builtin());
    let pos = visible_mark(&mut harness, "nsd-23");
    click_at(&mut harness, pos);
    assert_eq!(harness.state().session.selected_event_id(), Some("nsd-23"));
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    let Document::Loaded(doc) = &harness.state().session.document else {
        panic!("loaded")
    };
    let (nsd, _) = doc.timeline.event_by_id("nsd-23").unwrap();
    let expected = &doc.timeline.events[nsd + 1].id;
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some(expected.as_str())
    );
    harness.key_press(egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("nsd-23"));
}

#[test]
fn show_in_source_opens_the_text_with_the_excerpt() {
    let mut harness = harness(Document::builtin());
    let pos = visible_mark(&mut harness, "camp-david-meeting");
    click_at(&mut harness, pos);
    harness
        .get_all_by_role_and_label(Role::Button, "Show in source")
        .next()
        .expect("button")
        .click();
    harness.run();
    assert!(harness.state().session.source_view.is_some());
    harness.get_by_label_contains("The quoted passage is highlighted.");
    // The whole article is shown, including text around the excerpt.
    let text = harness
        .get_by_role_and_label(Role::TextInput, "Source text")
        .value()
        .unwrap_or_default();
    assert!(
        text.contains("WASHINGTON (Pakistan Point News / Sputnik"),
        "{text}"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.state().session.source_view.is_none(),
        "Esc closes the source"
    );
}

#[test]
fn a_broken_file_shows_its_problems_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{\n  \"format\": 1,\n  \"title\": \"Broken\",\n  \"events\": [\n    {\"id\": \"x\", \"date\": \"1992-02-30\"}\n  ]\n}\n").unwrap();
    let mut harness = harness(Document::open(&file));
    harness.get_by_label_contains("could not be opened");
    harness.get_by_label_contains("invalid date \"1992-02-30\"");
    harness.get_by_label_contains(":5:25: error:");
    harness
        .get_by_role_and_label(Role::Button, "Show the built-in timeline")
        .click();
    harness.run();
    assert!(matches!(
        &harness.state().session.document,
        Document::Loaded(_)
    ));
}

#[test]
fn keys_zoom_fit_and_clear() {
    let mut harness = harness(Document::builtin());
    let full = harness.state().session.view.unwrap();
    harness.key_press(egui::Key::Plus);
    harness.run();
    let zoomed = harness.state().session.view.unwrap();
    assert!(zoomed.span_days() < 0.8 * full.span_days(), "+ zooms in");
    harness.key_press(egui::Key::F);
    harness.run();
    let fitted = harness.state().session.view.unwrap();
    assert!(
        (fitted.span_days() - full.span_days()).abs() < 1.0,
        "F fits all"
    );
    harness.key_press(egui::Key::End);
    harness.run();
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some("sputnik-article")
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), None);
}

#[test]
fn clicking_a_cluster_zooms_in_on_its_events() {
    let mut harness = harness(Document::builtin());
    let full = harness.state().session.view.unwrap();
    let cluster = harness
        .state()
        .runtime
        .last_layout
        .clusters
        .first()
        .cloned()
        .expect("the full view has a +N chip");
    click_at(&mut harness, cluster.rect.center());
    let zoomed = harness.state().session.view.unwrap();
    assert!(
        zoomed.span_days() < 0.5 * full.span_days(),
        "the view zooms in"
    );
    assert!(
        zoomed.min_day <= cluster.start_day && zoomed.max_day >= cluster.end_day,
        "and shows every event of the cluster"
    );
    assert_eq!(
        harness.state().session.selected_event_id(),
        None,
        "a chip is not an event"
    );
    // F brings the whole timeline back (double-click does the same; egui's double-click timing
    // is checked in the real window, the harness's 0.25 s frame step does not reproduce it).
    harness.key_press(egui::Key::F);
    harness.run();
    let fitted = harness.state().session.view.unwrap();
    assert!(
        (fitted.span_days() - full.span_days()).abs() < 1.0,
        "back to the whole timeline"
    );
}

#[test]
fn the_window_title_is_the_timeline_title() {
    let harness = harness(Document::builtin());
    let Document::Loaded(doc) = &harness.state().session.document else {
        panic!("loaded")
    };
    assert_eq!(harness.state().runtime.window_title, doc.timeline.title);
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    let harness = self::harness(Document::open(&broken));
    assert!(
        harness
            .state()
            .runtime
            .window_title
            .starts_with(&format!("{} could not be opened", broken.display()))
    );
}

#[test]
fn ctrl_e_opens_the_export_dialog_and_saving_writes_the_chosen_size() {
    let mut harness = harness(Document::builtin());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    assert!(harness.state().session.export_dialog_open);
    harness.get_by_role_and_label(Role::Button, "Save…");
    harness.get_by_label("1280 × 720").click();
    harness.get_by_label("1×").click();
    harness.run();
    harness.get_by_label("The image will be 1280 × 720 pixels.");
    // "Save…" asks the system where to save; this is what it does with the answer.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("slide.png");
    harness
        .state_mut()
        .run(sourceline::app::Command::SaveExportTo(out.clone()));
    // The image renders on a worker thread; the window shows the outcome when it is done.
    harness.state_mut().wait_for_export();
    harness.run();
    let saved = image::open(&out).expect("a PNG was written").to_rgba8();
    assert_eq!(saved.dimensions(), (1280, 720));
    assert!(
        harness
            .state()
            .exporter
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Saved "))
    );
    harness.get_by_label_contains("Saved ");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        !harness.state().session.export_dialog_open,
        "Esc closes the dialog"
    );
}

#[test]
fn the_export_dialog_offers_png_svg_pdf_and_a_web_page() {
    use sourceline::ui::export_dialog::ExportKind;
    let mut harness = harness(Document::builtin());
    harness.get_by_label("Export…").click();
    harness.run();
    assert!(harness.state().session.export_dialog_open);
    harness.get_by_role_and_label(Role::Button, "Copy image");

    harness.get_by_label("Web page").click();
    harness.run();
    assert_eq!(harness.state().state.export.format, ExportKind::WebPage);
    harness.get_by_label_contains("works offline in any browser");
    assert!(
        harness.query_by_label("Copy image").is_none(),
        "only a PNG can be copied"
    );
    assert!(
        harness.query_by_label("Sharpness").is_none(),
        "a page has no pixel size"
    );

    harness.get_by_label("PDF handout").click();
    harness.run();
    harness.get_by_label("US Letter").click();
    harness.run();
    let export = harness.state().state.export;
    assert_eq!(export.format, ExportKind::Pdf);
    assert_eq!(export.paper, sourceline::export::Paper::Letter);
    harness.get_by_label_contains("US Letter landscape, vector, fonts embedded");

    harness.get_by_label("SVG drawing").click();
    harness.run();
    harness.get_by_label_contains("The drawing will be");
    harness.get_by_role_and_label(Role::Button, "Save…");
}

#[test]
fn copy_image_reports_what_happened_and_never_crashes() {
    let mut harness = harness(Document::builtin());
    harness.state_mut().state.export.scale = 1;
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::C,
    );
    // One frame: the export starts rendering on a worker thread (the progress strip keeps the
    // window repainting until it is done).
    harness.step();
    harness.state_mut().wait_for_export();
    harness.run();
    // With a desktop session the image is on the clipboard; without one (CI) the reason is shown.
    let status = harness
        .state()
        .exporter
        .status
        .as_deref()
        .expect("a status")
        .to_owned();
    assert!(
        status.starts_with("Copied a ") || status.starts_with("Could not copy the image: "),
        "{status}"
    );
}

#[test]
fn a_chip_of_same_day_events_lists_them_to_choose_from() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("same-day.json");
    let mut events: Vec<String> = (1..=40)
        .map(|i| format!(r#"{{"id": "talk-{i}", "title": "Talk number {i} of the conference", "date": "1975-08-01", "category": "c"}}"#))
        .collect();
    events.push(r#"{"id": "start", "title": "Start", "date": "1900", "category": "c"}"#.to_owned());
    events.push(r#"{"id": "end", "title": "End", "date": "2000", "category": "c"}"#.to_owned());
    let json = format!(
        r#"{{"format": 1, "title": "Same day", "sources": [], "categories": [{{"id": "c", "label": "C"}}], "events": [{}]}}"#,
        events.join(",")
    );
    std::fs::write(&file, json).unwrap();
    let mut harness = harness_sized(Document::open(&file), egui::vec2(1280.0, 720.0));
    // Click the chip until zooming stops helping: then the list appears.
    for _ in 0..4 {
        let Some(chip) = harness
            .state()
            .runtime
            .last_layout
            .clusters
            .first()
            .cloned()
        else {
            break;
        };
        click_at(&mut harness, chip.rect.center());
        if harness.query_by_label("Events here").is_some() {
            break;
        }
    }
    harness.get_by_label("Events here");
    harness
        .get_by_label_contains("Talk number 4 of the conference (1 August 1975)")
        .click();
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("talk-4"));
    assert!(
        harness.query_by_label("Events here").is_none(),
        "choosing closes the list"
    );
}

#[test]
fn the_window_stays_responsive_while_a_large_export_renders() {
    let mut harness = harness(Document::builtin());
    // 1920 × 1080 points at 3×: a 5760 × 3240 image, seconds of work.
    harness.state_mut().state.export.scale = 3;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("large.png");
    harness
        .state_mut()
        .run(sourceline::app::Command::SaveExportTo(out.clone()));
    harness.step();
    assert!(
        harness.state().exporter.is_busy(),
        "the export renders in the background"
    );
    harness.get_by_label_contains("Saving ");
    // The window still takes keys and draws while the image renders.
    harness.key_press(egui::Key::ArrowRight);
    harness.step();
    harness.key_press(egui::Key::ArrowRight);
    harness.step();
    assert!(
        harness.state().session.selected_event_id().is_some(),
        "the keys were handled"
    );
    assert!(
        harness.state().exporter.is_busy(),
        "…while the export was still rendering"
    );
    harness.state_mut().wait_for_export();
    harness.step();
    let saved = image::open(&out).expect("a PNG was written").to_rgba8();
    assert_eq!(saved.dimensions(), (5760, 3240));
    assert!(harness.query_by_label_contains("Saving ").is_none());
}

#[test]
fn the_built_in_timeline_opens_on_its_view_and_f_twice_shows_everything() {
    let mut harness = harness(Document::builtin());
    let (story, full) = {
        let doc = harness.state().session.doc().expect("loaded");
        (doc.story_view(), doc.full_view())
    };
    let opened = harness.state().session.view.unwrap();
    assert!(opened.approx_eq(&story), "opens on the file's view");
    assert_eq!(
        opened.period_text(),
        "1988 – 1994",
        "the period the story covers"
    );
    // Zoomed in, F fits the timeline's view; F again shows everything; F again the view.
    harness.key_press(egui::Key::Plus);
    harness.run();
    for expected in [story, full, story] {
        harness.key_press(egui::Key::F);
        harness.run();
        let view = harness.state().session.view.unwrap();
        assert!(view.approx_eq(&expected), "{view:?} is {expected:?}");
    }
}

#[test]
fn a_small_window_keeps_most_of_its_width_for_the_timeline() {
    let mut harness = harness_sized(Document::builtin(), egui::vec2(1280.0, 720.0));
    let width = |harness: &Harness<'_, SourcelineApp>| harness.state().runtime.timeline_size_pt[0];
    assert!(
        width(&harness) as f32 >= 0.6 * 1280.0,
        "the timeline has {} of 1280 points",
        width(&harness)
    );
    // Selecting an event opens its details beside the timeline, which keeps most of the width.
    harness.key_press(egui::Key::Home);
    harness.run();
    harness.run();
    let title = {
        let session = &harness.state().session;
        let doc = session.doc().expect("loaded");
        doc.timeline.events[session.selected.expect("selected")]
            .title
            .clone()
    };
    harness.get_by_label(title.as_str());
    assert!(
        width(&harness) as f32 >= 0.6 * 1280.0,
        "with details open the timeline has {} points",
        width(&harness)
    );
    // Once the user opens a panel, that choice holds.
    harness
        .state_mut()
        .run(sourceline::app::Command::SetEventListOpen(true));
    harness.run();
    assert!(harness.state().state.panels_chosen);
    assert_eq!(harness.state().panels_open(), (true, true));
}
