//! The default timeline built into the program: it checks clean and tells the story it should.

use sourceline::builtin;
use sourceline::model::{Importance, Status, Timeline};

fn timeline() -> Timeline {
    let outcome = builtin::load();
    let report: Vec<String> = outcome.problems.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "the built-in timeline must check clean:\n{}",
        report.join("\n")
    );
    outcome.timeline.expect("loads")
}

#[test]
fn the_five_anchor_events_have_their_dates() {
    let timeline = timeline();
    for (id, edtf, display) in [
        ("nsd-23", "1989-09-22", "22 September 1989"),
        ("yeltsin-letter-to-bush", "1992-01", "January 1992"),
        ("camp-david-meeting", "1992-02-01", "1 February 1992"),
        (
            "vancouver-summit",
            "1993-04-03/1993-04-04",
            "3–4 April 1993",
        ),
        ("white-house-release", "1993-04-23", "23 April 1993"),
    ] {
        let (_, event) = timeline
            .event_by_id(id)
            .unwrap_or_else(|| panic!("{id} is missing"));
        assert_eq!(event.date.to_edtf(), edtf, "{id}");
        assert_eq!(event.date.to_string(), display, "{id}");
        assert_eq!(event.importance, Importance::Key, "{id} is a key event");
    }
}

#[test]
fn every_event_is_backed_by_a_verified_excerpt_and_explained() {
    let timeline = timeline();
    assert!(
        timeline.events.len() >= 25,
        "at least 25 events, got {}",
        timeline.events.len()
    );
    for event in &timeline.events {
        let excerpts = timeline.excerpts(event);
        assert!(!excerpts.is_empty(), "{} has an excerpt", event.id);
        assert!(
            excerpts.iter().all(sourceline::model::Excerpt::is_verified),
            "{} excerpts verify",
            event.id
        );
        assert!(
            timeline.summary(event).is_some_and(|s| s.len() > 20),
            "{} has a summary",
            event.id
        );
        assert!(
            event.title.chars().count() < 60,
            "{} title is short",
            event.id
        );
    }
    let planned: Vec<&str> = timeline
        .events
        .iter()
        .filter(|e| e.status == Status::Planned)
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        planned.len() >= 3,
        "the 1993 release's announcements are planned: {planned:?}"
    );
    let dates_sorted = timeline
        .events
        .windows(2)
        .all(|w| w[0].span.start_day <= w[1].span.start_day);
    assert!(dates_sorted, "events are in date order");
}

#[test]
fn sources_are_cited_and_the_tour_tells_the_story_in_order() {
    let timeline = timeline();
    assert_eq!(timeline.sources.len(), 3);
    for source in &timeline.sources {
        assert!(
            source.author.is_some() && source.date.is_some() && source.note.is_some(),
            "{}",
            source.id
        );
        assert!(
            source.text.as_deref().is_some_and(|t| t.len() > 1000),
            "{} text is built in",
            source.id
        );
    }
    let tour = timeline
        .tour
        .clone()
        .expect("the default timeline has a tour");
    assert!(tour.len() >= 10, "a tour of at least ten stops");
    let position = |id: &str| tour.iter().position(|&i| timeline.events[i].id == id);
    let nsd = position("nsd-23").expect("NSD-23 is a stop");
    let camp = position("camp-david-meeting").expect("Camp David is a stop");
    let vancouver = position("vancouver-summit").expect("Vancouver is a stop");
    assert!(nsd < camp && camp < vancouver, "the tour follows the story");
    let categories_used: std::collections::HashSet<u32> =
        timeline.events.iter().map(|e| e.category).collect();
    assert_eq!(
        categories_used.len(),
        timeline.categories.len(),
        "every category has events"
    );
}
