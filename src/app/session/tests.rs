//! The session's rules, without a window: selecting, stepping, searching, zooming and reloads.

use super::*;
use crate::app::Document;
use crate::model::{MemorySources, load_bytes};

/// A small timeline: four events in two categories, one planned.
fn timeline_json(extra_event: &str) -> String {
    format!(
        r#"{{
  "format": 1, "title": "Rome",
  "sources": [{{ "id": "s", "title": "Annals", "file": "s.txt" }}],
  "categories": [{{ "id": "war", "label": "Wars" }}, {{ "id": "law", "label": "Laws" }}],
  "events": [
{{ "id": "a", "title": "Crossing the Rubicon", "date": "49 BCE", "category": "war",
   "excerpts": [{{ "source": "s", "text": "the die is cast" }}] }},
{{ "id": "b", "title": "Ides of March", "date": "-0043-03-15", "category": "law" }},
{{ "id": "c", "title": "Actium", "date": "-0030-09-02", "category": "war" }},
{{ "id": "d", "title": "A triumph planned", "date": "-0028", "category": "law",
   "status": "planned" }}{extra_event}
  ]
}}"#
    )
}

fn outcome(json: &str) -> LoadOutcome {
    load_bytes(
        json.as_bytes(),
        "rome.json",
        &MemorySources::new([("s.txt", "Caesar said: the die is cast.")]),
    )
}

fn session() -> Session {
    Session::new(
        Document::from_outcome("rome.json".to_owned(), outcome(&timeline_json(""))),
        Grouping::Category,
    )
}

fn index(session: &Session, id: &str) -> EventIndex {
    session
        .doc()
        .and_then(|doc| doc.timeline.event_by_id(id))
        .map(|(i, _)| i)
        .expect("event")
}

#[test]
fn selecting_and_stepping_follow_date_order_and_keep_the_selection_in_view() {
    let mut session = session();
    assert!(session.selected.is_none());
    assert!(
        session.step(1),
        "stepping with nothing selected starts at the first"
    );
    assert_eq!(session.selected_event_id(), Some("a"));
    assert!(session.step(1));
    assert_eq!(session.selected_event_id(), Some("b"));
    assert!(session.select_end(true));
    assert_eq!(session.selected_event_id(), Some("d"));
    session.step(1);
    assert_eq!(
        session.selected_event_id(),
        Some("d"),
        "stepping past the last event stays on it"
    );

    // Zoomed in far from the selection, stepping pans to show the next event.
    session.set_view(TimeView::new(-100_000.0, -99_000.0));
    session.force_view = false;
    assert!(session.step(-1));
    let c = session.doc().unwrap().timeline.events[index(&session, "c")].span;
    let view = session.view.unwrap();
    assert!(view.shows_fully(f64::from(c.start_day), f64::from(c.end_day_exclusive), 0.0));
    assert!(session.force_view, "the plot is told to move");
    assert!(session.list_follows_selection);

    assert!(
        !session.select(Some(999)),
        "an index past the end selects nothing"
    );
    assert!(session.selected.is_none());
}

#[test]
fn search_finds_matches_among_shown_events_and_steps_through_them() {
    let mut session = session();
    session.search("actium".to_owned());
    assert_eq!(session.search.matches, vec![index(&session, "c")]);
    session.search("i".to_owned());
    let all = session.search.matches.clone();
    assert!(all.len() >= 2, "{all:?}");
    assert!(session.step_match(true));
    assert_eq!(session.selected, all.first().copied());
    assert!(session.step_match(false), "wraps to the last");
    assert_eq!(session.selected, all.last().copied());

    // A filter that hides the wars moves their matches to "hidden".
    session.search("a".to_owned());
    let before = session.search.matches.len();
    let mut filter = EventFilter::default();
    filter.hidden_categories.insert("war".to_owned());
    session.set_filter(filter);
    assert!(session.search.hidden > 0);
    assert_eq!(
        session.search.matches.len() + session.search.hidden,
        before,
        "every match is shown or hidden"
    );
    session.search(String::new());
    assert!(session.search.matches.is_empty() && session.search.hidden == 0);
}

#[test]
fn a_reload_keeps_view_and_selection_and_a_failed_one_keeps_the_last_good_timeline() {
    let mut session = session();
    let c = index(&session, "c");
    assert!(session.select(Some(c)));
    session.show_in_source(index(&session, "a"), 0);
    let view = TimeView::new(-20_000.0, -10_000.0);
    session.set_view(view);

    // A new version with an earlier event: "c" moves in the list but stays selected.
    let extra = r#",
{ "id": "e", "title": "Marius", "date": "-0106", "category": "war" }"#;
    session.apply_reload(
        Path::new("rome.json"),
        outcome(&timeline_json(extra)),
        Grouping::Category,
    );
    assert_eq!(session.selected_event_id(), Some("c"));
    assert_ne!(session.selected, Some(c), "its index changed");
    assert_eq!(session.view, Some(view), "the view stays");
    let source = session.source_view.as_ref().expect("source still open");
    let (event, _) = source.excerpt.expect("the excerpt it was opened for");
    assert_eq!(
        session.doc().unwrap().event_id(event),
        Some("a"),
        "on the same event"
    );
    assert_eq!(session.doc().unwrap().timeline.events.len(), 5);

    // A broken version: the last good timeline stays, with the problems for the banner.
    session.apply_reload(
        Path::new("rome.json"),
        outcome("{ \"format\": 1, "),
        Grouping::Category,
    );
    assert_eq!(session.doc().unwrap().timeline.events.len(), 5);
    assert!(!session.reload_problems.is_empty());
    assert_eq!(session.selected_event_id(), Some("c"));

    // Fixed again: the banner goes.
    session.apply_reload(
        Path::new("rome.json"),
        outcome(&timeline_json("")),
        Grouping::Category,
    );
    assert!(session.reload_problems.is_empty());
}

#[test]
fn zooming_centres_the_selected_event_and_chips_zoom_or_list() {
    let mut session = session();
    let full = session.view.unwrap();
    let b = index(&session, "b");
    session.select(Some(b));
    session.zoom(2.0);
    let view = session.view.unwrap();
    assert!((view.span_days() - full.span_days() / 2.0).abs() < 1e-6);
    let span = session.doc().unwrap().timeline.events[b].span;
    let middle = 0.5 * f64::from(span.start_day + span.end_day_exclusive);
    assert!((view.center_day() - middle).abs() < 1e-6, "centred on it");

    let list = ClusterList {
        events: vec![b],
        at: egui::pos2(10.0, 10.0),
    };
    // Days far shorter than the view: zoom in.
    session.open_cluster(list.clone(), 1000.0, 1001.0);
    assert!(session.cluster_list.is_none());
    assert!(session.view.unwrap().span_days() < 100.0);
    // Days as long as the view: list them instead.
    let view = session.view.unwrap();
    session.open_cluster(list.clone(), view.min_day, view.max_day);
    assert_eq!(session.cluster_list, Some(list));
    assert!(matches!(
        session.escape_command(),
        crate::ui::Command::CloseClusterList
    ));
}
