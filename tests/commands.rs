//! The command handler, without a window: what each command does to the app's state.
//!
//! `OpenFileDialog` and `SaveExportAs` open the system's file dialogs, which wait for a person;
//! what they do with the answer is `OpenFile` and `SaveExportTo`, tested here.

use std::path::PathBuf;

use sourceline::app::{Command, Document, SourcelineApp};
use sourceline::export::Paper;
use sourceline::model::EventIndex;
use sourceline::timeline::tour::PresentKey;
use sourceline::timeline::{EventFilter, Grouping};
use sourceline::ui::export_dialog::{ExportKind, ExportSettings, SizeChoice};
use sourceline::ui::theme::{ExportTheme, ThemeChoice};

fn app() -> SourcelineApp {
    SourcelineApp::with_document(Document::builtin())
}

fn index(app: &SourcelineApp, id: &str) -> EventIndex {
    app.session
        .doc()
        .and_then(|doc| doc.timeline.event_by_id(id))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn selected(app: &SourcelineApp) -> Option<&str> {
    app.session.selected_event_id()
}

#[test]
fn selection_commands_select_in_date_order_and_open_the_details() {
    let mut app = app();
    app.state.detail_open = false;
    let camp_david = index(&app, "camp-david-meeting");
    app.run(Command::Select(Some(camp_david)));
    assert_eq!(selected(&app), Some("camp-david-meeting"));
    assert!(app.state.detail_open, "selecting opens the detail panel");
    app.run(Command::Step(1));
    assert_eq!(app.session.selected, Some(camp_david + 1));
    app.run(Command::Step(-2));
    assert_eq!(app.session.selected, Some(camp_david - 1));
    app.run(Command::SelectFirst);
    assert_eq!(app.session.selected, Some(0));
    let last = app.session.doc().unwrap().timeline.events.len() - 1;
    app.run(Command::SelectLast);
    assert_eq!(app.session.selected, Some(last));
    app.run(Command::Select(None));
    assert_eq!(app.session.selected, None);
}

#[test]
fn view_commands_fit_zoom_and_open_chips() {
    let mut app = app();
    let full = app.session.view.unwrap();
    app.run(Command::Zoom(2.0));
    let zoomed = app.session.view.unwrap();
    assert!((zoomed.span_days() - full.span_days() / 2.0).abs() < 1e-6);
    assert!(app.session.force_view, "the plot is told to move");
    app.run(Command::FitAll);
    assert_eq!(app.session.view, Some(full));
    app.run(Command::ZoomTo {
        start_day: 726_000.0,
        end_day: 726_100.0,
    });
    let view = app.session.view.unwrap();
    assert!(view.min_day < 726_000.0 && view.max_day > 726_100.0 && view.span_days() < 200.0);

    // A chip whose days are as long as the view lists its events instead of zooming.
    let events = vec![index(&app, "vancouver-summit")];
    app.run(Command::OpenCluster {
        events: events.clone(),
        start_day: view.min_day,
        end_day: view.max_day,
        at: egui::pos2(100.0, 200.0),
    });
    let list = app.session.cluster_list.as_ref().expect("listed");
    assert_eq!(list.events, events);
    app.run(Command::CloseClusterList);
    assert!(app.session.cluster_list.is_none());
}

#[test]
fn source_commands_open_and_close_the_source_text() {
    let mut app = app();
    let camp_david = index(&app, "camp-david-meeting");
    app.run(Command::ShowInSource {
        event: camp_david,
        excerpt: 0,
    });
    let source = app.session.source_view.as_ref().expect("open");
    assert_eq!(source.excerpt, Some((camp_david, 0)));
    app.run(Command::CloseSource);
    assert!(app.session.source_view.is_none());
    app.run(Command::ShowInSource {
        event: camp_david,
        excerpt: 99,
    });
    assert!(
        app.session.source_view.is_none(),
        "no such excerpt: nothing opens"
    );
}

#[test]
fn search_commands_find_focus_and_step_through_matches() {
    let mut app = app();
    app.run(Command::FocusSearch);
    assert!(app.session.focus_search);
    app.run(Command::Search("Vancouver".to_owned()));
    let matches = app.session.search.matches.clone();
    assert!(matches.len() >= 2, "{matches:?}");
    app.run(Command::NextMatch);
    assert_eq!(app.session.selected, matches.first().copied());
    app.run(Command::NextMatch);
    assert_eq!(app.session.selected, matches.get(1).copied());
    app.run(Command::PreviousMatch);
    assert_eq!(app.session.selected, matches.first().copied());
    app.run(Command::Search(String::new()));
    assert!(app.session.search.matches.is_empty());
}

#[test]
fn filter_and_grouping_commands_rebuild_the_lanes_and_remember_the_grouping() {
    let mut app = app();
    let all = app.session.doc().unwrap().lanes.shown_events.len();
    app.run(Command::SetFilter(EventFilter {
        key_events_only: true,
        ..EventFilter::default()
    }));
    let doc = app.session.doc().unwrap();
    assert!(doc.lanes.shown_events.len() < all);
    assert!(doc.filter.key_events_only);
    app.run(Command::SetGrouping(Grouping::Source));
    assert_eq!(app.session.doc().unwrap().grouping, Grouping::Source);
    assert_eq!(app.state.grouping, Grouping::Source, "remembered");
}

#[test]
fn file_commands_open_reload_and_go_back_to_the_builtin_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.json");
    let write = |title: &str| {
        std::fs::write(
            &path,
            format!(
                r#"{{"format": 1, "title": "{title}", "sources": [],
                  "categories": [{{"id": "c", "label": "C"}}],
                  "events": [{{"id": "e", "title": "E", "date": "1900", "category": "c"}}]}}"#
            ),
        )
        .unwrap();
    };
    write("First");
    let mut app = app();
    app.run(Command::OpenFile(path.clone()));
    assert_eq!(app.session.doc().unwrap().timeline.title, "First");
    assert_eq!(app.session.file_path.as_deref(), Some(path.as_path()));
    assert_eq!(app.state.recent_files.len(), 1);
    assert!(app.state.last_file.is_some());

    write("Second");
    app.run(Command::Reload);
    assert_eq!(app.session.doc().unwrap().timeline.title, "Second");

    app.run(Command::OpenBuiltin);
    assert!(app.session.file_path.is_none());
    assert!(
        app.state.last_file.is_none(),
        "next start opens the built-in timeline"
    );
    assert_eq!(app.state.recent_files.len(), 1);
    app.run(Command::ClearRecentFiles);
    assert!(app.state.recent_files.is_empty());

    app.run(Command::OpenFile(PathBuf::from("no-such-file.json")));
    assert!(matches!(app.session.document, Document::Failed { .. }));
}

#[test]
fn window_commands_change_the_remembered_state() {
    let mut app = app();
    app.run(Command::SetTheme(ThemeChoice::Dark));
    assert_eq!(app.state.theme, ThemeChoice::Dark);
    app.run(Command::SetTextZoom(1.4));
    assert_eq!(app.state.text_zoom, 1.4);
    app.run(Command::SetTextZoom(40.0));
    assert_eq!(app.state.text_zoom, 3.0, "kept within the limits");
    app.run(Command::SetEventListOpen(false));
    assert!(!app.state.event_list_open);
    app.run(Command::SetDetailOpen(false));
    assert!(!app.state.detail_open);
    app.run(Command::SetPresentKeyEventsOnly(true));
    assert!(app.state.present_key_events_only);
    app.run(Command::SetReduceMotion(true));
    assert!(app.state.reduce_motion);
}

#[test]
fn export_commands_open_the_dialog_remember_choices_and_write_files() {
    let mut app = app();
    app.run(Command::OpenExportDialog);
    assert!(app.session.export_dialog_open);
    let settings = ExportSettings {
        size: SizeChoice::Custom,
        custom_size: [640, 360],
        scale: 1,
        theme: ExportTheme::Dark,
        text: sourceline::export::TextSize::Handout,
        ..ExportSettings::default()
    };
    app.run(Command::SetExportSettings(settings));
    assert_eq!(app.state.export, settings);
    app.run(Command::SetExportSettings(ExportSettings {
        scale: 9,
        ..settings
    }));
    assert_eq!(
        app.state.export.scale, 3,
        "kept within what the dialog offers"
    );
    app.run(Command::SetExportSettings(settings));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("slide.png");
    app.run(Command::SaveExportTo(out.clone()));
    app.wait_for_export();
    let image = image::open(&out).expect("written").to_rgba8();
    assert_eq!(image.dimensions(), (640, 360));
    assert!(
        app.exporter
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Saved ")),
        "{:?}",
        app.exporter.status
    );

    app.run(Command::CopyImage);
    app.wait_for_export();
    let status = app.exporter.status.as_deref().unwrap_or_default();
    assert!(
        status.starts_with("Copied a 640 × 360 image") || status.starts_with("Could not copy"),
        "{status}"
    );
    app.run(Command::CloseExportDialog);
    assert!(!app.session.export_dialog_open);
}

#[test]
fn the_export_dialog_makes_each_format_and_names_the_file_after_it() {
    let mut app = app();
    app.run(Command::OpenExportDialog);
    let dir = tempfile::tempdir().unwrap();
    let save = |app: &mut sourceline::app::SourcelineApp, settings: ExportSettings, name: &str| {
        app.run(Command::SetExportSettings(settings));
        app.run(Command::SaveExportTo(dir.path().join(name)));
        app.wait_for_export();
        app.exporter.status.clone().unwrap_or_default()
    };
    let base = ExportSettings {
        size: SizeChoice::Hd720,
        scale: 1,
        ..ExportSettings::default()
    };

    // A name without an extension gets the chosen format's.
    let status = save(
        &mut app,
        ExportSettings {
            format: ExportKind::WebPage,
            ..base
        },
        "for-students",
    );
    let page = std::fs::read_to_string(dir.path().join("for-students.html"))
        .unwrap_or_else(|e| panic!("{e}; {status}"));
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert!(page.contains("Camp David"));
    assert!(status.contains("a web page for students"), "{status}");

    let status = save(
        &mut app,
        ExportSettings {
            format: ExportKind::Pdf,
            paper: Paper::Letter,
            with_list: true,
            ..base
        },
        "handout",
    );
    let pdf = std::fs::read(dir.path().join("handout.pdf")).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        status.contains("US Letter, with the list of events"),
        "{status}"
    );
    // Letter landscape is 792 × 612 points, on every page; the list adds pages.
    let source = String::from_utf8_lossy(&pdf);
    let pages: Vec<Vec<f32>> = source
        .split("/MediaBox")
        .skip(1)
        .map(|rest| {
            rest.split(']')
                .next()
                .unwrap_or_default()
                .trim_start_matches([' ', '['])
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .collect();
    assert!(pages.len() > 1, "the timeline, then the list: {pages:?}");
    assert!(
        pages
            .iter()
            .all(|b| b.len() == 4 && b[2] == 792.0 && b[3] == 612.0),
        "US Letter, landscape: {pages:?}"
    );

    let status = save(
        &mut app,
        ExportSettings {
            format: ExportKind::Svg,
            ..base
        },
        "drawing",
    );
    let svg = std::fs::read_to_string(dir.path().join("drawing.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("Camp David"),
        "{status}"
    );

    // An extension of ours decides the format, whatever the dialog says.
    save(
        &mut app,
        ExportSettings {
            format: ExportKind::Svg,
            ..base
        },
        "page.htm",
    );
    let page = std::fs::read_to_string(dir.path().join("page.htm")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    save(&mut app, base, "slide.png");
    let image = image::open(dir.path().join("slide.png")).unwrap();
    assert_eq!((image.width(), image.height()), (1280, 720));
    assert!(!dir.path().join("slide.png.png").exists());

    // An image size too large for a PNG does not stop a page or a handout.
    let too_large_image = ExportSettings {
        size: SizeChoice::Custom,
        custom_size: [8000, 8000],
        scale: 3,
        ..base
    };
    let status = save(&mut app, too_large_image, "too-large.png");
    assert!(status.starts_with("Not exported"), "{status}");
    let status = save(
        &mut app,
        ExportSettings {
            format: ExportKind::WebPage,
            ..too_large_image
        },
        "still-a-page",
    );
    assert!(status.starts_with("Saved "), "{status}");
    assert!(dir.path().join("still-a-page.html").exists());
}

#[test]
fn presentation_commands_step_through_the_tour_and_restore_the_layout() {
    let mut app = app();
    app.state.reduce_motion = true;
    let view_before = app.session.view;
    let camp_david = index(&app, "camp-david-meeting");
    app.run(Command::Select(Some(camp_david)));
    app.run(Command::StartPresentation);
    assert_eq!(app.session.presentation_progress(), Some((1, 18)));
    let first_stop = app.session.selected;
    app.run(Command::Present(PresentKey::Next));
    assert_eq!(app.session.presentation_progress(), Some((2, 18)));
    assert_ne!(app.session.selected, first_stop);
    app.run(Command::Present(PresentKey::Blackout));
    assert!(app.session.is_blacked_out());
    app.run(Command::Present(PresentKey::Blackout));
    app.run(Command::Present(PresentKey::Last));
    assert_eq!(app.session.presentation_progress(), Some((18, 18)));
    app.run(Command::StopPresentation);
    assert!(app.session.presentation.is_none());
    assert_eq!(app.session.view, view_before, "the view is as it was");
    assert_eq!(selected(&app), Some("camp-david-meeting"));

    app.run(Command::SetPresentKeyEventsOnly(true));
    app.run(Command::StartPresentation);
    let (_, key_stops) = app.session.presentation_progress().unwrap();
    assert!(key_stops < 18, "only key events are stops");
    app.run(Command::StopPresentation);
    assert_eq!(app.session.view, view_before);
}

#[test]
fn editing_a_large_timeline_says_what_it_costs_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.json");
    std::fs::write(
        &file,
        r#"{"format": 1, "title": "Large", "sources": [],
            "categories": [{"id": "c", "label": "C"}],
            "events": [
              {"id": "a", "title": "A", "date": "1989", "category": "c"},
              {"id": "b", "title": "B", "date": "1990", "category": "c"},
              {"id": "d", "title": "D", "date": "1991", "category": "c"}
            ]}"#,
    )
    .unwrap();
    let mut app = app();
    app.run(Command::OpenFile(file));
    // Three events stand for a large timeline here.
    app.session.large_timeline_events = 2;
    app.run(Command::ToggleEditMode);
    assert!(
        !app.session.edit_mode,
        "not yet: first it says what it costs"
    );
    let status = app.session.edit_status.clone().unwrap_or_default();
    assert!(
        status.starts_with("This timeline has 3 events.")
            && status.contains("Choose Edit (E) again"),
        "{status}"
    );
    app.run(Command::ToggleEditMode);
    assert!(app.session.edit_mode, "asked again, it edits");
    app.run(Command::ToggleEditMode);
    app.run(Command::ToggleEditMode);
    assert!(app.session.edit_mode, "once told, not told again");
}
