//! Exploring in the real app, driven headlessly: search, filters, lanes by source, the event
//! list, opening and live-reloading files, and the text size keys.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, Document, SourcelineApp};
use sourceline::model::Status;

/// The app in a laptop-sized window, wide enough for the event list and details to start open.
fn harness(document: Document) -> Harness<'static, SourcelineApp> {
    harness_of_size(document, 1440.0, 900.0)
}

/// The app in a window of `width` × `height` points.
fn harness_of_size(document: Document, width: f32, height: f32) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_max_steps(12)
        .build_eframe(move |cc| SourcelineApp::new(cc, document));
    harness.run();
    harness
}

/// Asserts that each named widget ends inside a window `width` points wide.
fn assert_inside(width: f32, widgets: &[(&str, egui::Rect)]) {
    for (what, rect) in widgets {
        assert!(
            rect.right() <= width,
            "{what} {rect:?} is outside a window {width} wide"
        );
    }
}

fn loaded<'a>(harness: &'a Harness<'_, SourcelineApp>) -> &'a sourceline::timeline::LoadedTimeline {
    match &harness.state().session.document {
        Document::Loaded(doc) => doc,
        Document::Failed { problems, .. } => panic!("did not load: {problems:?}"),
    }
}

/// Ids of the events whose marks were drawn last frame, in date order (each once).
fn drawn_ids(harness: &Harness<'_, SourcelineApp>) -> Vec<String> {
    let doc = loaded(harness);
    let mut ids: Vec<String> = harness
        .state()
        .runtime
        .last_layout
        .marks
        .iter()
        .map(|m| doc.timeline.events[m.event].id.to_string())
        .collect();
    ids.dedup();
    ids
}

/// Types into the search box as a user does: Ctrl+F, then the text.
fn search(harness: &mut Harness<'_, SourcelineApp>, text: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    let search_box = harness.get_by_role(Role::TextInput);
    assert!(
        search_box.is_focused(),
        "Ctrl+F puts the cursor in the search box"
    );
    search_box.type_text(text);
    harness.run();
}

/// A small timeline of a teacher's own, in a folder with its two source texts: a BCE date, a
/// planned event, an unverified excerpt, accents, and an event quoting both sources.
struct OwnTimeline {
    dir: tempfile::TempDir,
}

const ROME_TEXT: &str = "Caesar crossed the Rubicon with one legion. \
    Later, in the Forum, the café owners talked of nothing else. \
    On the Ides of March he was killed in the Senate.";
const LETTERS_TEXT: &str = "Cicero wrote that Caesar was killed in the Senate. \
    A new calendar was planned.";

fn own_timeline_json(title: &str) -> String {
    format!(
        r#"{{
  "format": 1,
  "title": "{title}",
  "sources": [
    {{"id": "rome", "title": "Rome notes", "file": "rome.txt"}},
    {{"id": "letters", "title": "Letters", "file": "letters.txt"}}
  ],
  "categories": [
    {{"id": "war", "label": "War"}},
    {{"id": "politics", "label": "Politics"}}
  ],
  "events": [
    {{"id": "rubicon", "title": "Caesar crosses the Rubicon", "date": "49 BCE",
      "category": "war", "importance": 1,
      "excerpts": [{{"source": "rome", "text": "Caesar crossed the Rubicon with one legion."}}]}},
    {{"id": "forum", "title": "Talk in the Forum", "date": "46 BCE", "category": "politics",
      "importance": 3, "tags": ["gossip"],
      "excerpts": [{{"source": "rome", "text": "the café owners talked of nothing else"}}]}},
    {{"id": "ides", "title": "Ides of March", "date": "-0043-03-15", "category": "politics",
      "importance": 1,
      "excerpts": [
        {{"source": "rome", "text": "he was killed in the Senate"}},
        {{"source": "letters", "text": "Caesar was killed in the Senate"}}
      ]}},
    {{"id": "calendar", "title": "A new calendar", "date": "44 BCE", "category": "politics",
      "status": "planned",
      "excerpts": [{{"source": "letters", "text": "A new calendar was announced."}}]}}
  ]
}}"#
    )
}

impl OwnTimeline {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("rome.txt"), ROME_TEXT).expect("write");
        std::fs::write(dir.path().join("letters.txt"), LETTERS_TEXT).expect("write");
        let own = Self { dir };
        own.write(&own_timeline_json("Rome, 49–44 BCE"));
        own
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("rome.json")
    }

    /// Saves the timeline as an editor does: a new file renamed over the old one.
    fn write(&self, json: &str) {
        let temp = self.dir.path().join(".rome.json.tmp");
        std::fs::write(&temp, json).expect("write");
        std::fs::rename(&temp, self.path()).expect("rename");
    }
}

/// Opens `path` through the command the "Open…" dialog runs with the chosen file.
fn open(harness: &mut Harness<'_, SourcelineApp>, path: &Path) {
    harness
        .state_mut()
        .run(Command::OpenFile(path.to_path_buf()));
    harness.run();
}

/// Steps the app (as its event loop does) until `done`, for at most five seconds.
fn wait_until(
    harness: &mut Harness<'_, SourcelineApp>,
    what: &str,
    done: impl Fn(&SourcelineApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(40));
        harness.step();
    }
    harness.run();
}

#[test]
fn search_finds_words_in_any_case_and_counts_the_matches() {
    let mut harness = harness(Document::builtin());
    search(&mut harness, "yeltsin");
    let doc = loaded(&harness);
    let expected: Vec<usize> = (0..doc.timeline.events.len())
        .filter(|&i| {
            let e = &doc.timeline.events[i];
            let text = format!(
                "{} {} {} {}",
                e.title,
                doc.timeline.summary(e).unwrap_or_default(),
                doc.timeline
                    .excerpts(e)
                    .iter()
                    .map(sourceline::model::Excerpt::text)
                    .collect::<Vec<_>>()
                    .join(" "),
                doc.timeline.tags(e).collect::<Vec<_>>().join(" ")
            );
            text.to_lowercase().contains("yeltsin")
        })
        .collect();
    assert!(expected.len() >= 3, "the seeds speak of Yeltsin often");
    assert_eq!(harness.state().session.search.matches, expected.as_slice());
    harness.get_by_label(format!("{} matches", expected.len()).as_str());

    // Enter selects the first match and Shift+Enter goes back round to the last.
    harness.key_press(Key::Enter);
    harness.run();
    let first_id = &doc_id(&harness, expected[0]);
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some(first_id.as_str())
    );
    harness.key_press(Key::Enter);
    harness.run();
    let second_id = &doc_id(&harness, expected[1]);
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some(second_id.as_str())
    );
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    let last_id = &doc_id(&harness, *expected.last().unwrap());
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some(last_id.as_str()),
        "Shift+Enter steps back and wraps around"
    );
    // The event list shows only the matches.
    let rows = harness
        .query_all_by_label_contains("every excerpt verified")
        .count()
        + harness
            .query_all_by_label_contains("not found in its source")
            .count();
    assert_eq!(rows, expected.len(), "the list shows the matches");

    // Clearing the search shows everything again; nothing matching says so.
    harness.get_by_role_and_label(Role::Button, "Clear").click();
    harness.run();
    assert!(harness.state().session.search.matches.is_empty());
    assert!(harness.query_by_label_contains("matches").is_none());
    search(&mut harness, "zzzz-nothing");
    harness.get_by_label("No matches");
}

fn doc_id(harness: &Harness<'_, SourcelineApp>, event: usize) -> String {
    loaded(harness).timeline.events[event].id.to_string()
}

#[test]
fn search_ignores_accents_both_ways() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::open(&own.path()));
    search(&mut harness, "cafe");
    harness.get_by_label("1 match");
    assert_eq!(
        harness.state().session.search.matches,
        [loaded(&harness).timeline.event_by_id("forum").unwrap().0],
        "cafe finds café"
    );
    search(&mut harness, " OWNERS");
    harness.get_by_label("1 match");
    // And an accent in the query finds the plain word: "Sénate" finds "Senate".
    harness
        .state_mut()
        .run(Command::Search("sénate".to_owned()));
    harness.run();
    harness.get_by_label("1 match");
    // A tag.
    harness
        .state_mut()
        .run(Command::Search("GOSSIP".to_owned()));
    harness.run();
    harness.get_by_label("1 match");
}

#[test]
fn on_a_projector_of_1024_points_the_whole_toolbar_stays_in_the_window() {
    let own = OwnTimeline::new();
    let document = Document::open(&own.path());
    let width = 1024.0;
    let mut harness = harness_of_size(document, width, 768.0);
    search(&mut harness, "caesar");
    let count = harness.get_by_label("2 matches").rect();
    let clear = harness.get_by_role_and_label(Role::Button, "Clear").rect();
    let warnings = harness.get_by_label_contains("1 warning").rect();
    assert_inside(
        width,
        &[
            ("match count", count),
            ("Clear", clear),
            ("warnings", warnings),
        ],
    );
    assert!(
        !warnings.intersects(clear),
        "the warning count {warnings:?} is drawn over the Clear button {clear:?}"
    );
    // The buttons show symbols, and keep their names.
    for name in ["◀ Previous", "Next ▶", "Zoom in", "Zoom out", "✏ Edit"] {
        let button = harness.get_by_role_and_label(Role::Button, name).rect();
        assert!(button.width() < 40.0, "{name} is a symbol: {button:?}");
    }
    harness
        .get_by_role_and_label(Role::Button, "Next ▶")
        .click();
    harness.run();
    assert!(
        harness.state().session.selected.is_some(),
        "the symbol button works"
    );
}

#[test]
fn in_half_a_laptop_screen_the_search_moves_to_a_second_toolbar_row() {
    let own = OwnTimeline::new();
    for (window_width, rows) in [(683.0, 2), (1024.0, 1)] {
        let mut harness = harness_of_size(Document::open(&own.path()), window_width, 700.0);
        search(&mut harness, "caesar");
        let export = harness
            .get_by_role_and_label(Role::Button, "Export…")
            .rect();
        let search_box = harness.get_by_role(Role::TextInput).rect();
        let clear = harness.get_by_role_and_label(Role::Button, "Clear").rect();
        assert_inside(
            window_width,
            &[
                ("Export…", export),
                ("search", search_box),
                ("Clear", clear),
            ],
        );
        let second_row = search_box.top() >= export.bottom();
        assert_eq!(
            second_row,
            rows == 2,
            "in a window {window_width} wide, the search {search_box:?} and Export {export:?}"
        );
        harness.get_by_label("2 matches");
    }
}

#[test]
fn category_toggles_hide_their_lane_and_events() {
    let mut harness = harness(Document::builtin());
    let doc = loaded(&harness);
    let lanes_before = harness.state().runtime.last_layout.lanes.len();
    let category = doc.timeline.categories[0].clone();
    let in_category = |h: &Harness<'_, SourcelineApp>| {
        let doc = loaded(h);
        h.state()
            .runtime
            .last_layout
            .marks
            .iter()
            .filter(|m| doc.timeline.events[m.event].category == 0)
            .count()
    };
    assert!(in_category(&harness) > 0);
    harness
        .get_by_role_and_label(Role::CheckBox, category.label.as_str())
        .click();
    harness.run();
    assert_eq!(
        harness.state().runtime.last_layout.lanes.len(),
        lanes_before - 1,
        "its lane is gone"
    );
    assert_eq!(in_category(&harness), 0, "and its events");
    harness
        .get_by_role_and_label(Role::CheckBox, category.label.as_str())
        .click();
    harness.run();
    assert_eq!(
        harness.state().runtime.last_layout.lanes.len(),
        lanes_before
    );
}

#[test]
fn key_events_only_and_hide_planned_filter_the_timeline_and_the_list() {
    let mut harness = harness(Document::builtin());
    // The whole timeline, not only the period it opens on.
    harness.state_mut().run(Command::FitAll);
    harness.run();
    let all = drawn_ids(&harness).len();
    harness
        .get_by_role_and_label(Role::CheckBox, "Key events only")
        .click();
    harness.run();
    let doc = loaded(&harness);
    let key: Vec<String> = doc
        .timeline
        .events
        .iter()
        .filter(|e| e.importance.number() == 1)
        .map(|e| e.id.to_string())
        .collect();
    assert_eq!(drawn_ids(&harness), key, "only key events are drawn");
    harness.get_by_label(format!("{} of {all} events (filtered)", key.len()).as_str());
    harness
        .get_by_role_and_label(Role::CheckBox, "Key events only")
        .click();
    harness
        .get_by_role_and_label(Role::CheckBox, "Hide planned events")
        .click();
    harness.run();
    let doc = loaded(&harness);
    let happened: Vec<String> = doc
        .timeline
        .events
        .iter()
        .filter(|e| e.status != Status::Planned)
        .map(|e| e.id.to_string())
        .collect();
    assert!(happened.len() < all, "the seeds announce planned events");
    assert_eq!(drawn_ids(&harness), happened, "planned events are hidden");

    // Filters and search combine: a match hidden by a filter is counted apart.
    search(&mut harness, "will");
    let doc = loaded(&harness);
    for &m in &harness.state().session.search.matches {
        assert_ne!(doc.timeline.events[m].status, Status::Planned);
    }
    harness.get_by_label_contains("hidden by the filters");
}

#[test]
fn lanes_by_source_put_an_event_in_the_lane_of_each_source_it_quotes() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::open(&own.path()));
    assert_eq!(
        harness.state().runtime.last_layout.lanes.len(),
        2,
        "two categories"
    );
    harness.get_by_label("source").click();
    harness.run();
    let layout = &harness.state().runtime.last_layout;
    assert_eq!(layout.lanes.len(), 2, "two sources");
    let lane_names: Vec<&str> = loaded(&harness)
        .lanes
        .lanes
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(lane_names, ["Rome notes", "Letters"]);
    let doc = loaded(&harness);
    let (ides, _) = doc.timeline.event_by_id("ides").unwrap();
    let ides_lanes: Vec<usize> = layout
        .marks
        .iter()
        .filter(|m| m.event == ides)
        .map(|m| m.lane)
        .collect();
    assert_eq!(ides_lanes, [0, 1], "the Ides quote both sources");
    let (rubicon, _) = doc.timeline.event_by_id("rubicon").unwrap();
    assert_eq!(
        layout
            .marks
            .iter()
            .filter(|m| m.event == rubicon)
            .map(|m| m.lane)
            .collect::<Vec<_>>(),
        [0]
    );
    // Clicking either mark selects the one event.
    let letters_mark = layout
        .marks
        .iter()
        .find(|m| m.event == ides && m.lane == 1)
        .unwrap()
        .center;
    harness.hover_at(letters_mark);
    harness.run();
    harness.drag_at(letters_mark);
    harness.drop_at(letters_mark);
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("ides"));
    harness.get_by_label("category").click();
    harness.run();
    assert_eq!(loaded(&harness).lanes.lanes[0].label, "War");
}

#[test]
fn the_event_list_selects_and_arrow_keys_move_through_it() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::open(&own.path()));
    // Every event is listed with its date, title and verification.
    harness.get_by_label("49 BCE: Caesar crosses the Rubicon (every excerpt verified)");
    harness.get_by_label("44 BCE: A new calendar (an excerpt is not found in its source, planned)");
    harness
        .get_by_label_contains("15 March 44 BCE: Ides of March")
        .click();
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("ides"));
    harness.get_by_label_contains("he was killed in the Senate");
    // Date order: the calendar is dated to the whole year 44 BCE, so it starts before the Ides.
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(
        harness.state().session.selected_event_id(),
        Some("calendar")
    );
    harness.key_press(Key::ArrowUp);
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("rubicon"));
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().session.selected_event_id(), Some("forum"));
}

#[test]
fn opening_a_file_shows_it_with_sources_read_beside_it() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::builtin());
    open(&mut harness, &own.path());
    assert_eq!(harness.state().runtime.window_title, "Rome, 49–44 BCE");
    assert_eq!(
        harness.state().session.file_path.as_deref(),
        Some(own.path().as_path())
    );
    let doc = loaded(&harness);
    let (_, rubicon) = doc.timeline.event_by_id("rubicon").unwrap();
    assert!(
        doc.timeline.excerpts(rubicon)[0].is_verified(),
        "rome.txt is read from the timeline's folder"
    );
    let (_, calendar) = doc.timeline.event_by_id("calendar").unwrap();
    assert!(
        !doc.timeline.excerpts(calendar)[0].is_verified(),
        "a misquote is caught"
    );
    assert_eq!(
        drawn_ids(&harness).len(),
        4,
        "the whole timeline is in view"
    );
}

#[test]
fn a_changed_file_reloads_keeping_the_selection() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::builtin());
    open(&mut harness, &own.path());
    let ides = loaded(&harness).timeline.event_by_id("ides").unwrap().0;
    harness.state_mut().run(Command::Select(Some(ides)));
    harness.run();
    let view = harness.state().session.view;
    // Add an event before the selected one: its index changes, its id does not.
    let json = own_timeline_json("Rome: the last years of the Republic").replace(
        r#""events": ["#,
        r#""events": [
    {"id": "pharsalus", "title": "Battle of Pharsalus", "date": "48 BCE", "category": "war",
     "excerpts": []},"#,
    );
    own.write(&json);
    wait_until(&mut harness, "the new title", |app| {
        app.runtime.window_title == "Rome: the last years of the Republic"
    });
    assert_eq!(harness.state().session.selected_event_id(), Some("ides"));
    assert_eq!(harness.state().session.view, view, "the view stays");
    assert!(drawn_ids(&harness).contains(&"pharsalus".to_owned()));

    // A source text changes: the excerpts are checked again.
    std::fs::write(own.dir.path().join("letters.txt"), "Nothing to see here.").unwrap();
    wait_until(&mut harness, "the excerpt to fail", |app| {
        match &app.session.document {
            Document::Loaded(doc) => !doc.timeline.events.iter().all(|e| {
                e.id != "ides"
                    || doc
                        .timeline
                        .excerpts(e)
                        .iter()
                        .all(sourceline::model::Excerpt::is_verified)
            }),
            Document::Failed { .. } => false,
        }
    });
}

#[test]
fn a_broken_edit_keeps_the_last_good_timeline_and_fixing_it_clears_the_banner() {
    let own = OwnTimeline::new();
    let mut harness = harness(Document::builtin());
    open(&mut harness, &own.path());
    // A missing comma on line 9.
    let good = own_timeline_json("Rome, 49–44 BCE");
    let broken = good.replacen(r#""label": "War"},"#, r#""label": "War"}"#, 1);
    own.write(&broken);
    wait_until(&mut harness, "the reload to fail", |app| {
        !app.session.reload_problems.is_empty()
    });
    assert_eq!(
        harness.state().runtime.window_title,
        "Rome, 49–44 BCE",
        "the last good timeline stays"
    );
    assert_eq!(drawn_ids(&harness).len(), 4);
    harness.get_by_label_contains("no longer loads");
    let problem = harness.state().session.reload_problems[0].to_string();
    assert!(
        problem.contains("rome.json:10:"),
        "the banner says where: {problem}"
    );
    harness.get_by_label(problem.as_str());

    own.write(&own_timeline_json("Rome, fixed"));
    wait_until(&mut harness, "the fixed file", |app| {
        app.runtime.window_title == "Rome, fixed"
    });
    assert!(harness.state().session.reload_problems.is_empty());
    assert!(harness.query_by_label_contains("no longer loads").is_none());
}

#[test]
fn a_file_that_fails_to_open_opens_once_it_is_fixed() {
    let own = OwnTimeline::new();
    own.write("{ \"format\": 1, ");
    let mut harness = harness(Document::builtin());
    open(&mut harness, &own.path());
    assert!(matches!(
        &harness.state().session.document,
        Document::Failed { .. }
    ));
    harness.get_by_label_contains("could not be opened");
    own.write(&own_timeline_json("Rome, at last"));
    wait_until(&mut harness, "the fixed file", |app| {
        app.runtime.window_title == "Rome, at last"
    });
}

#[test]
fn text_size_keys_work_as_in_a_browser() {
    let mut harness = harness(Document::builtin());
    let size = |h: &Harness<'_, SourcelineApp>| h.ctx.zoom_factor();
    assert_eq!(size(&harness), 1.0);
    // On screen, in pixels.
    let button_height = |h: &Harness<'_, SourcelineApp>| {
        h.get_by_role_and_label(Role::Button, "Next ▶")
            .rect()
            .height()
            * h.ctx.pixels_per_point()
    };
    let before = button_height(&harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert!((size(&harness) - 1.2).abs() < 1e-6, "Ctrl + twice: 120%");
    let after = button_height(&harness);
    assert!(
        after > before * 1.15,
        "and everything is larger: {before} → {after} px"
    );
    assert!(
        (harness.state().state.text_zoom - 1.2).abs() < 1e-6,
        "remembered"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    assert!((size(&harness) - 1.1).abs() < 1e-6, "Ctrl −");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(size(&harness), 1.0, "Ctrl 0 resets");
}

#[test]
fn a_large_file_loads_in_the_background_while_the_window_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let generated = sourceline::generate::generate(&sourceline::generate::GenerateOptions {
        events: 12_000,
        ..Default::default()
    });
    assert!(
        generated.events_json.len() > 4 * 1024 * 1024,
        "large enough to load in the background"
    );
    let path = dir.path().join("big.json");
    let source = dir.path().join(&generated.source_path);
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, &generated.source_text).unwrap();
    std::fs::write(&path, &generated.events_json).unwrap();

    let mut harness = harness(Document::builtin());
    let builtin_title = harness.state().runtime.window_title.clone();
    harness.state_mut().run(Command::OpenFile(path.clone()));
    assert_eq!(harness.state().loader.loading_file(), Some(path.as_path()));
    harness.step();
    // Meanwhile the built-in timeline stays, with a notice.
    assert_eq!(harness.state().runtime.window_title, builtin_title);
    harness.get_by_label_contains("Loading");
    wait_until(&mut harness, "the large file", |app| {
        app.loader.loading_file().is_none()
    });
    assert_eq!(
        loaded(&harness).timeline.events.len(),
        12_000,
        "every event arrived"
    );
    assert!(
        harness
            .state()
            .runtime
            .window_title
            .starts_with("Generated timeline")
    );
    assert!(harness.query_by_label_contains("Loading").is_none());
}
