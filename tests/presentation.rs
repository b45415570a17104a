//! Presentation mode in the real app: clicker keys, the caption, blackout, and a clean exit.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Document, SourcelineApp};
use sourceline::model::normalize_whitespace;

fn harness() -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        // A laptop screen, wide enough for both side panels to start open.
        .with_size(egui::vec2(1440.0, 900.0))
        .with_max_steps(40)
        .build_eframe(|cc| SourcelineApp::new(cc, Document::builtin()));
    harness.run();
    harness
}

fn press(harness: &mut Harness<'_, SourcelineApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn stop(harness: &Harness<'_, SourcelineApp>) -> usize {
    harness
        .state()
        .session
        .presentation_progress()
        .expect("presenting")
        .0
}

/// The first excerpt of the selected event, as the caption shows it.
fn caption_excerpt(harness: &Harness<'_, SourcelineApp>) -> String {
    let Document::Loaded(doc) = &harness.state().session.document else {
        panic!("loaded")
    };
    let id = harness
        .state()
        .session
        .selected_event_id()
        .expect("a stop is selected");
    let (_, event) = doc
        .timeline
        .event_by_id(id)
        .expect("the selected event exists");
    format!(
        "“{}”",
        normalize_whitespace(doc.timeline.excerpts(event)[0].text())
    )
}

#[test]
fn f5_enters_and_hides_the_panels_and_esc_restores_the_layout() {
    let mut harness = harness();
    let view_before = harness.state().session.view;
    harness.get_by_label("Export…");
    assert!(harness.state().state.detail_open);
    assert!(harness.state().state.event_list_open);
    harness.get_by_label("37 events");
    press(&mut harness, Key::F5);
    assert!(harness.state().session.presentation.is_some());
    assert!(
        harness.query_by_label("Export…").is_none(),
        "the toolbar is hidden"
    );
    assert!(
        harness
            .query_by_label_contains("Click an event on the timeline")
            .is_none(),
        "the detail panel is hidden"
    );
    assert!(
        harness.query_by_label("37 events").is_none(),
        "the event list is hidden"
    );
    assert_eq!(
        harness.state().session.presentation_progress(),
        Some((1, 18))
    );
    harness.get_by_label("1 / 18");
    harness.get_by_label(caption_excerpt(&harness).as_str());
    press(&mut harness, Key::Escape);
    assert!(harness.state().session.presentation.is_none());
    assert_eq!(
        harness.state().session.view,
        view_before,
        "the view is as it was"
    );
    assert_eq!(
        harness.state().session.selected_event_id(),
        None,
        "so is the selection"
    );
    assert!(harness.state().state.detail_open);
    assert!(harness.state().state.event_list_open);
    harness.get_by_label("37 events");
    harness.get_by_label("Export…");
}

#[test]
fn every_clicker_key_moves_to_the_right_stop() {
    let mut harness = harness();
    press(&mut harness, Key::F5);
    for (key, expected) in [
        (Key::ArrowRight, 2),
        (Key::Space, 3),
        (Key::PageDown, 4),
        (Key::ArrowDown, 5),
        (Key::Enter, 6),
        (Key::ArrowLeft, 5),
        (Key::PageUp, 4),
        (Key::Backspace, 3),
        (Key::ArrowUp, 2),
        (Key::End, 18),
        (Key::Home, 1),
    ] {
        press(&mut harness, key);
        assert_eq!(stop(&harness), expected, "{key:?}");
        // The caption shows the stop's own excerpt.
        harness.get_by_label(caption_excerpt(&harness).as_str());
    }
}

#[test]
fn typing_a_number_and_enter_jumps_and_b_blacks_out() {
    let mut harness = harness();
    press(&mut harness, Key::F5);
    press(&mut harness, Key::Num5);
    harness.get_by_label("Go to stop 5_");
    press(&mut harness, Key::Enter);
    assert_eq!(stop(&harness), 5);
    harness.get_by_label("5 / 18");
    press(&mut harness, Key::B);
    assert!(harness.state().session.is_blacked_out());
    assert!(
        harness.query_by_label("5 / 18").is_none(),
        "nothing shows while blacked out"
    );
    press(&mut harness, Key::B);
    assert!(!harness.state().session.is_blacked_out());
    press(&mut harness, Key::Period);
    assert!(harness.state().session.is_blacked_out(), ". blacks out too");
}

#[test]
fn the_view_moves_smoothly_to_each_stop() {
    let mut harness = harness();
    press(&mut harness, Key::F5);
    let first = harness.state().session.view.unwrap();
    harness.key_press(Key::End);
    harness.step();
    let moving = harness.state().session.view.unwrap();
    harness.run();
    let arrived = harness.state().session.view.unwrap();
    assert!(
        moving != first && moving != arrived,
        "in between after a quarter second: {moving:?}"
    );
    let Document::Loaded(doc) = &harness.state().session.document else {
        panic!("loaded")
    };
    let (_, last) = doc.timeline.event_by_id("sputnik-article").unwrap();
    let middle = 0.5 * f64::from(last.span.start_day + last.span.end_day_exclusive);
    assert!(
        (arrived.center_day() - middle).abs() < 1.0,
        "arrives centred on the stop"
    );
}

#[test]
fn lanes_with_nothing_at_a_stop_collapse_to_named_strips() {
    let mut harness = harness();
    press(&mut harness, Key::F5);
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::ArrowRight);
    assert_eq!(stop(&harness), 3);
    // Let the move to the stop finish.
    for _ in 0..10 {
        harness.run();
    }
    let layout = &harness.state().runtime.last_layout;
    let selected = harness
        .state()
        .session
        .selected
        .expect("a stop is selected");
    let own_lane = layout
        .mark_of(selected)
        .expect("the stop's mark is drawn")
        .lane;
    let with_marks = |lane: usize| layout.marks.iter().any(|m| m.lane == lane);
    let collapsed: Vec<usize> = layout
        .lanes
        .iter()
        .filter(|b| b.collapsed)
        .map(|b| b.lane)
        .collect();
    assert!(
        !collapsed.is_empty(),
        "some lanes have nothing at this stop"
    );
    assert!(
        !collapsed.contains(&own_lane),
        "the stop's own lane is open"
    );
    for band in &layout.lanes {
        assert_eq!(
            band.collapsed,
            !with_marks(band.lane),
            "lane {} collapses exactly when it shows nothing",
            band.lane
        );
    }
    let open_height: f32 = layout
        .lanes
        .iter()
        .filter(|b| !b.collapsed)
        .map(|b| b.rect.height())
        .sum();
    let total: f32 = layout.lanes.iter().map(|b| b.rect.height()).sum();
    assert!(
        open_height > 0.75 * total,
        "the lanes with events get the room ({open_height} of {total})"
    );
}
