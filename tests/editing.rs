//! Making a timeline in the real app, as a teacher would: a new timeline, a source text, a
//! passage selected and quoted, a date and a category, saved; undo and redo; unsaved changes
//! never lost (the question on closing, refused saves, recovery after a crash).

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::text::{CCursor, CCursorRange};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use sourceline::app::{Command, Dialog, Document, SourcelineApp};
use sourceline::cli::{ListFormat, check, list};
use sourceline::edit::Edit;

const SPEECH: &str = "Address at Rice University, September 12, 1962.\n\n\
    We choose to go to the Moon in this decade and do the other things, not because they are \
    easy, but because they are hard. That goal will serve to organize and measure the best of \
    our energies and skills.\n";

fn harness_with(recovery_dir: Option<PathBuf>) -> Harness<'static, SourcelineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = SourcelineApp::new(cc, Document::builtin());
            app.runtime.recovery_dir = recovery_dir;
            app
        });
    harness.run();
    harness
}

fn harness() -> Harness<'static, SourcelineApp> {
    harness_with(None)
}

/// Types into the field labelled `label`, replacing what it holds.
fn type_into(harness: &mut Harness<'_, SourcelineApp>, label: &str, text: &str) {
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, label);
    // (Focusing a field that has the focus already would take it away.)
    if !field.is_focused() {
        field.focus();
        harness.run();
    }
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run();
}

/// Selects characters `chars` of the open source text, as dragging over them does.
fn select_in_source(harness: &mut Harness<'_, SourcelineApp>, chars: std::ops::Range<usize>) {
    harness
        .get_by_role_and_label(Role::TextInput, "Source text")
        .focus();
    harness.run();
    let id = sourceline::ui::source_view::source_text_id();
    let mut state = egui::text_edit::TextEditState::load(&harness.ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(chars.start),
        CCursor::new(chars.end),
    )));
    state.store(&harness.ctx, id);
    harness.run();
}

/// What `sourceline check FILE` prints, and its exit status.
fn check_file(file: &Path) -> (u8, String) {
    let mut out = Vec::new();
    let status = check(Some(file), &mut out).expect("check runs");
    (status, String::from_utf8(out).expect("UTF-8"))
}

/// Makes a new timeline through the dialog; returns its file.
fn new_timeline(harness: &mut Harness<'_, SourcelineApp>, folder: &Path, title: &str) -> PathBuf {
    harness.state_mut().run(Command::OpenNewTimelineDialog);
    harness.run();
    type_into(harness, "Title", title);
    type_into(harness, "Folder", &folder.display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Create")
        .click();
    harness.run();
    harness
        .state()
        .session
        .file_path
        .clone()
        .expect("the new timeline is open")
}

#[test]
fn a_teacher_makes_a_timeline_by_quoting_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("rice-speech.txt");
    std::fs::write(&speech, SPEECH).unwrap();
    let mut harness = harness();

    let file = new_timeline(&mut harness, dir.path(), "The Space Race");
    assert_eq!(file, dir.path().join("the-space-race.json"));
    assert!(
        harness.state().session.edit_mode,
        "a new timeline opens for editing"
    );
    assert_eq!(check_file(&file).0, 0, "the new file checks clean");

    // Add the speech as a source: the text is copied beside the timeline.
    harness.state_mut().run(Command::OpenAddSourceDialog);
    harness.run();
    type_into(&mut harness, "Text file", &speech.display().to_string());
    type_into(&mut harness, "Title", "Address at Rice University");
    type_into(&mut harness, "Author", "John F. Kennedy");
    type_into(&mut harness, "Date", "1962-09-12");
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    assert!(
        harness.state().session.dialog.is_none(),
        "{:?}",
        harness.state().session.dialog
    );
    let copied = dir.path().join("sources/address-at-rice-university.txt");
    assert_eq!(std::fs::read_to_string(&copied).unwrap(), SPEECH);
    assert!(
        harness.state().session.source_view.is_some(),
        "its text opens"
    );

    // Select the famous sentence and make an event of it.
    let sentence = "We choose to go to the Moon in this decade and do the other things, \
                    not because they are easy, but because they are hard.";
    let start = SPEECH.find("We choose").unwrap();
    let start_char = SPEECH[..start].chars().count();
    select_in_source(
        &mut harness,
        start_char..start_char + sentence.chars().count(),
    );
    harness
        .get_by_role_and_label(Role::Button, "New event from selection")
        .click();
    harness.run();
    let event_id = harness
        .state()
        .session
        .editing
        .as_ref()
        .and_then(|e| e.event.clone())
        .expect("the new event is open in the editor");

    // Its date: the passage names none, so it is given by hand.
    type_into(&mut harness, "Date", "1962-09-12");
    harness.get_by_label_contains("Shown as: 12 September 1962");
    type_into(
        &mut harness,
        "Title",
        "Kennedy: \"We choose to go to the Moon\"",
    );
    // A category of its own.
    harness
        .get_by_role_and_label(Role::Button, "New category…")
        .click();
    harness.run();
    assert!(harness.state().has_unsaved_changes());
    assert!(
        harness.state().runtime.window_title.starts_with("• "),
        "the title shows unsaved changes"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(
        !harness.state().has_unsaved_changes(),
        "{:?}",
        harness.state().session.edit_status
    );
    assert!(!harness.state().runtime.window_title.starts_with("• "));

    let (status, report) = check_file(&file);
    assert_eq!(status, 0, "{report}");
    assert!(
        report.contains("1 event, 1 source, 1 excerpt, all verified"),
        "{report}"
    );
    let mut out = Vec::new();
    list(Some(&file), ListFormat::Json, &mut out, &mut Vec::new()).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], event_id.as_str());
    assert_eq!(rows[0]["date"], "12 September 1962");
    assert_eq!(rows[0]["title"], "Kennedy: \"We choose to go to the Moon\"");
    assert_eq!(rows[0]["excerpts_verified"], serde_json::json!([true]));
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains(sentence), "the excerpt is the selected text");
}

#[test]
fn a_dated_passage_gets_its_date_and_can_be_added_to_an_event() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(
        dir.path().join("sources/memo.txt"),
        "WASHINGTON, April 23, 1993\n\nThe submarines collided last month. Talks will \
         start in late May.\n",
    )
    .unwrap();
    let file = dir.path().join("memo.json");
    std::fs::write(
        &file,
        r#"{"format": 1, "title": "Memo", "sources": [{"id": "memo", "title": "Memo",
            "date": "1993-04-23", "file": "sources/memo.txt"}],
            "categories": [{"id": "c", "label": "C"}], "events": []}"#,
    )
    .unwrap();
    let mut harness = harness();
    harness.state_mut().run(Command::OpenFile(file.clone()));
    harness.state_mut().run(Command::ShowSource(0));
    harness.run();
    let text = std::fs::read_to_string(dir.path().join("sources/memo.txt")).unwrap();
    let start = text.find("The submarines").unwrap();
    let end = text.find(" Talks").unwrap();
    select_in_source(&mut harness, start..end);
    harness
        .get_by_role_and_label(Role::Button, "New event from selection")
        .click();
    harness.run();
    let app = harness.state();
    let editing = app.session.editing.as_ref().unwrap();
    let id = editing.event.clone().unwrap();
    let event = editing.doc.event(&id).unwrap();
    assert_eq!(
        event["date"], "1993-03",
        "\"last month\" in a memo of 23 April 1993"
    );
    assert!(event["date_note"].as_str().unwrap().contains("last month"));

    // The next sentence, added to the same event.
    let start = text.find("Talks").unwrap();
    let end = text.find("May.").unwrap() + 4;
    select_in_source(&mut harness, start..end);
    harness
        .get_by_role_and_label(Role::Button, "Add as excerpt to the event")
        .click();
    harness.run();
    let editing = harness.state().session.editing.as_ref().unwrap();
    let excerpts = editing.doc.event(&id).unwrap()["excerpts"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(excerpts.len(), 2);
    assert_eq!(excerpts[1]["text"], "Talks will start in late May.");
    assert!(editing.problems.is_empty(), "{:?}", editing.problems);
}

/// A timeline file of one event in a temp folder, open in Edit mode.
fn editing_a_file(
    recovery_dir: Option<PathBuf>,
) -> (tempfile::TempDir, PathBuf, Harness<'static, SourcelineApp>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("t.json");
    std::fs::write(
        &file,
        "{\n  \"format\": 1,\n  \"title\": \"Tiny\",\n  \"sources\": [],\n  \"categories\": [{\"id\": \"c\", \"label\": \"C\"}],\n  \"events\": [{\"id\": \"e\", \"title\": \"E\", \"date\": \"1900\", \"category\": \"c\", \"x-mine\": {\"kept\": true}}]\n}\n",
    )
    .expect("written");
    let mut harness = harness_with(recovery_dir);
    harness.state_mut().run(Command::OpenFile(file.clone()));
    harness.state_mut().run(Command::ToggleEditMode);
    harness
        .state_mut()
        .run(Command::EditEvent(Some("e".to_owned())));
    harness.run();
    (dir, file, harness)
}

#[test]
fn undo_and_redo_restore_the_exact_documents() {
    let (_dir, _file, mut harness) = editing_a_file(None);
    let text = |h: &Harness<'_, SourcelineApp>| {
        h.state()
            .session
            .editing
            .as_ref()
            .unwrap()
            .doc
            .text()
            .to_owned()
    };
    let original = text(&harness);
    type_into(&mut harness, "Title", "Eagle has landed");
    let after_title = text(&harness);
    harness.get_by_label("Planned").click();
    harness.run();
    let after_status = text(&harness);
    assert_ne!(after_title, after_status);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(text(&harness), after_title);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(text(&harness), original, "typing the title is one step");
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(text(&harness), after_title);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    assert_eq!(text(&harness), after_status);
    assert!(
        text(&harness).contains("\"x-mine\""),
        "unknown fields survive editing"
    );
}

#[test]
fn an_impossible_date_is_shown_at_its_field_and_is_not_saved() {
    let (_dir, file, mut harness) = editing_a_file(None);
    let before = std::fs::read_to_string(&file).unwrap();
    type_into(&mut harness, "Date", "1992-02-30");
    harness.get_by_label_contains("invalid date \"1992-02-30\"");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    harness.get_by_label_contains("Not saved: the timeline has 1 error");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "the file still opens"
    );
    assert!(sourceline::model::load_path(&file).timeline.is_some());
    // The last good version stays on the timeline meanwhile.
    let doc = harness.state().session.doc().unwrap();
    assert_eq!(doc.timeline.events[0].date.to_string(), "1900");

    type_into(&mut harness, "Date", "1992-02-29");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("1992-02-29")
    );
}

#[test]
fn closing_or_opening_with_unsaved_changes_asks_first() {
    let (_dir, file, mut harness) = editing_a_file(None);
    type_into(&mut harness, "Title", "Changed");
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let cancelled = harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose));
    assert!(cancelled, "the window does not close");
    harness.run();
    harness.get_by_label_contains("Save changes to");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().session.dialog.is_none());
    assert!(
        harness.state().has_unsaved_changes(),
        "Cancel keeps the edits"
    );

    // Opening the built-in timeline asks too; Save saves, then opens it.
    harness.state_mut().run(Command::OpenBuiltin);
    harness.run();
    harness.get_by_label_contains("Showing the built-in timeline drops them");
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    assert!(
        harness.state().session.file_path.is_none(),
        "the built-in timeline is open"
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"title\": \"Changed\"")
    );
}

#[test]
fn a_save_never_reloads_its_own_write_and_an_outside_change_is_reported() {
    let (_dir, file, mut harness) = editing_a_file(None);
    type_into(&mut harness, "Title", "Mine");
    harness.state_mut().run(Command::Save);
    // The watcher's reload of our own save changes nothing.
    harness.state_mut().run(Command::FilesChanged);
    assert!(!harness.state().has_unsaved_changes());
    assert!(harness.state().session.editing.is_some(), "still editing");

    type_into(&mut harness, "Title", "Mine again");
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("Tiny", "Theirs"),
    )
    .unwrap();
    harness.state_mut().run(Command::FilesChanged);
    harness.run();
    assert!(
        harness
            .state()
            .session
            .editing
            .as_ref()
            .unwrap()
            .changed_on_disk
    );
    harness.get_by_label_contains("changed on disk while you were editing");
    harness.state_mut().run(Command::Save);
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Mine again"),
        "not overwritten unasked"
    );
    harness
        .get_by_role_and_label(Role::Button, "Keep my edits")
        .click();
    harness.run();
    harness.state_mut().run(Command::Save);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains("Mine again") && !saved.contains("Theirs"),
        "{saved}"
    );
}

#[test]
fn unsaved_edits_are_restored_after_a_crash() {
    let recovery = tempfile::tempdir().unwrap();
    let (_dir, file, mut harness) = editing_a_file(Some(recovery.path().to_path_buf()));
    type_into(&mut harness, "Title", "Not yet saved");
    harness.run();
    assert!(
        !sourceline::edit::find_recoveries(recovery.path()).is_empty(),
        "the edits are kept safe while unsaved"
    );
    // The app ends without saving (the process is gone; its window never asked).
    drop(harness);
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Not yet saved")
    );

    let mut harness = harness_with(Some(recovery.path().to_path_buf()));
    harness.run();
    assert!(matches!(
        harness.state().session.dialog,
        Some(Dialog::Recovery(_))
    ));
    harness.get_by_label_contains("Restore unsaved edits?");
    harness
        .get_by_role_and_label(Role::Button, "Restore")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.session.file_path.as_deref(), Some(file.as_path()));
    assert!(app.has_unsaved_changes());
    assert_eq!(
        app.session
            .editing
            .as_ref()
            .unwrap()
            .doc
            .event("e")
            .unwrap()["title"],
        "Not yet saved"
    );
    assert_eq!(
        app.session.doc().unwrap().timeline.events[0].title,
        "Not yet saved"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(
        sourceline::edit::find_recoveries(recovery.path()).is_empty(),
        "saved: nothing to recover"
    );
}

#[test]
fn categories_and_the_tour_are_edited_and_the_editor_fields_are_named() {
    let (_dir, _file, mut harness) = editing_a_file(None);
    harness.state_mut().run(Command::EditEvent(None));
    harness.run();
    for label in ["Timeline title", "Category 1"] {
        harness.get_by_role_and_label(Role::TextInput, label);
    }
    harness.get_by_role_and_label(Role::MultilineTextInput, "Description");
    harness
        .get_by_role_and_label(Role::Button, "Add a category")
        .click();
    harness.run();
    type_into(&mut harness, "Category 2", "Missions");
    harness
        .state_mut()
        .run(Command::Edit(Edit::AddTourStop("e".to_owned())));
    harness.run();
    let doc = &harness.state().session.editing.as_ref().unwrap().doc;
    assert_eq!(doc.list("categories")[1]["label"], "Missions");
    assert_eq!(doc.root()["tour"], serde_json::json!(["e"]));
    let loaded = harness.state().session.doc().unwrap();
    assert_eq!(
        loaded.timeline.categories.len(),
        2,
        "the lanes follow at once"
    );
}

#[test]
fn suggested_events_are_reviewed_and_added_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(
        dir.path().join("sources/release.txt"),
        "For Immediate Release April 23, 1993\n\nThe submarines collided last month. \
         Secretary Aspin will meet Grachev in late May. The treaty was signed in 1991.\n",
    )
    .unwrap();
    let file = dir.path().join("release.json");
    std::fs::write(
        &file,
        r#"{"format": 1, "title": "Release", "sources": [{"id": "release", "title": "Release",
            "file": "sources/release.txt"}],
            "categories": [{"id": "c", "label": "C"}, {"id": "d", "label": "D"}],
            "events": [{"id": "treaty", "title": "Treaty", "date": "1991", "category": "c",
              "excerpts": [{"source": "release", "text": "The treaty was signed in 1991."}]}]}"#,
    )
    .unwrap();
    let mut harness = harness();
    harness.state_mut().run(Command::OpenFile(file));
    harness.state_mut().run(Command::ShowSource(0));
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Suggest events…")
        .click();
    harness.run();
    let drafts = harness
        .state()
        .session
        .suggestions
        .as_ref()
        .unwrap()
        .drafts
        .clone();
    let expressions: Vec<&str> = drafts.iter().map(|d| d.expression.as_str()).collect();
    assert_eq!(
        expressions,
        ["April 23, 1993", "last month", "late May"],
        "1991 is quoted by an event already"
    );
    harness.get_by_label_contains("1 date left out: events already quote them.");
    // Keep "last month" and "late May" only; rename one.
    harness.get_by_label("Take proposal 1").click();
    harness.run();
    type_into(&mut harness, "Title of proposal 2", "Submarine collision");
    harness
        .get_by_role_and_label(Role::Button, "Add selected (2)")
        .click();
    harness.run();
    let doc = harness.state().session.doc().unwrap();
    let titles: Vec<&str> = doc
        .timeline
        .events
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert!(titles.contains(&"Submarine collision"), "{titles:?}");
    let collision = doc
        .timeline
        .events
        .iter()
        .find(|e| e.title == "Submarine collision")
        .unwrap();
    assert_eq!(collision.date.to_edtf(), "1993-03");
    assert!(doc.timeline.excerpts(collision)[0].is_verified());
    assert_eq!(doc.timeline.events.len(), 3);
    let planned = doc
        .timeline
        .events
        .iter()
        .find(|e| e.date.to_edtf() == "1993-05~")
        .unwrap();
    assert_eq!(planned.status, sourceline::model::Status::Planned);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.doc().unwrap().timeline.events.len(),
        1,
        "one undo takes both back"
    );
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_spreadsheet_is_previewed_then_saved_beside_it_and_opened() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("my class.csv");
    std::fs::write(
        &sheet,
        "Date,Title,Group\n1989-11-09,Berlin Wall opens,Europe\n,No date here,Europe\n\
         Dec-91,Soviet Union dissolved,USSR\n",
    )
    .unwrap();
    let mut harness = harness();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(sheet.clone())));
    harness.run();
    // The preview says what will come over and what will not, before anything is written.
    harness.get_by_label("Import my class.csv");
    harness.get_by_label_contains("Imported 2 of 3 events in 2 categories");
    harness.get_by_label_contains("row 3 (\"No date here\") has no date: not imported");
    let target = dir.path().join("my class.sourceline.json");
    assert!(
        !target.exists(),
        "nothing is written before the teacher confirms"
    );
    harness
        .get_by_role_and_label(Role::Button, "Import and open")
        .click();
    harness.run();
    assert!(harness.state().session.dialog.is_none());
    assert_eq!(
        harness.state().session.file_path.as_deref(),
        Some(target.as_path())
    );
    let doc = harness
        .state()
        .session
        .doc()
        .expect("the imported timeline is open");
    let titles: Vec<&str> = doc
        .timeline
        .events
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Berlin Wall opens", "Soviet Union dissolved"]);
    assert_eq!(check_file(&target).0, 0, "the saved file checks clean");
    assert!(
        std::fs::read_to_string(&sheet)
            .unwrap()
            .starts_with("Date,Title,Group"),
        "the original is untouched"
    );
}
