//! Importing timelines made with other tools: every real file in `tests/data/external` comes
//! over with the events TimelineJS would show (and what it silently drops, reported), BCE years
//! as their authors meant them, and a result that checks clean; exporting back to TimelineJS and
//! importing again keeps titles, dates and groups.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;
use sourceline::cli::{ImportArgs, import};
use sourceline::import::{ImportKind, ImportOptions, Imported, import_bytes, import_path};
use sourceline::model::{NoSources, Problem, Timeline, load_bytes};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn import_file(name: &str) -> Imported {
    import_path(&data(name), &ImportOptions::default())
}

/// The imported timeline, loaded as `check` loads it: it must have no errors at all.
fn checked(imported: &Imported) -> Timeline {
    let text = imported.text().expect("a document");
    let outcome = load_bytes(text.as_bytes(), "imported.json", &NoSources);
    let errors = outcome.error_lines();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        outcome.problems.is_empty(),
        "the result checks clean: {:#?}",
        outcome.problems
    );
    outcome.timeline.expect("loads")
}

fn messages(imported: &Imported) -> Vec<String> {
    imported.notes.iter().map(ToString::to_string).collect()
}

fn event<'a>(timeline: &'a Timeline, title: &str) -> &'a sourceline::model::Event {
    timeline
        .events
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| panic!("no event titled {title:?}"))
}

#[test]
fn every_external_file_imports_with_the_events_timelinejs_shows() {
    // (file, kind, events in the result, events in the original): TimelineJS shows every
    // dated slide; the germantown sheet has one row without a date, which TimelineJS drops
    // silently and we report.
    let cases = [
        (
            "external/women_in_computing.json",
            ImportKind::TimelineJs,
            10,
            10,
        ),
        ("external/eras.json", ImportKind::TimelineJs, 23, 23),
        ("external/marktwain.json", ImportKind::TimelineJs, 17, 17),
        (
            "external/all-media-types.json",
            ImportKind::TimelineJs,
            41,
            41,
        ),
        ("external/years.json", ImportKind::TimelineJs, 5, 5),
        (
            "external/women_in_computing.csv",
            ImportKind::TimelineJsSheet,
            10,
            10,
        ),
        (
            "external/timelinejs3-template.csv",
            ImportKind::TimelineJsSheet,
            2,
            2,
        ),
        (
            "external/historyoftheworld-timeline.csv",
            ImportKind::Spreadsheet,
            48,
            48,
        ),
        (
            "external/germantown-y-timeline.2025-04.csv",
            ImportKind::Spreadsheet,
            19,
            20,
        ),
    ];
    for (file, kind, imported_count, read_count) in cases {
        let imported = import_file(file);
        assert_eq!(imported.kind, Some(kind), "{file}");
        assert_eq!(imported.events_imported, imported_count, "{file}");
        assert_eq!(imported.events_read, read_count, "{file}");
        let timeline = checked(&imported);
        assert_eq!(timeline.events.len(), imported_count, "{file}");
        assert_eq!(
            imported.is_complete(),
            imported_count == read_count,
            "{file}: {:#?}",
            messages(&imported)
        );
        for note in &imported.notes {
            assert!(
                note.to_string()
                    .starts_with(&data(file).display().to_string()),
                "every note names the file: {note}"
            );
        }
    }
}

#[test]
fn the_row_timelinejs_drops_is_reported_with_its_place() {
    let imported = import_file("external/germantown-y-timeline.2025-04.csv");
    let errors: Vec<&Problem> = imported.notes.iter().filter(|p| p.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:#?}", messages(&imported));
    let line = errors[0].to_string();
    assert!(
        line.ends_with(
            "germantown-y-timeline.2025-04.csv:20:2: error: row 19 (\"Germantown YWCA Building \
             Timeline\") has no date: not imported"
        ),
        "{line}"
    );
}

#[test]
fn spreadsheet_dates_read_as_their_authors_meant() {
    let timeline = checked(&import_file("external/germantown-y-timeline.2025-04.csv"));
    let charter = event(&timeline, "Interracial Charter Passed");
    assert_eq!(charter.date.to_edtf(), "1946-03");
    assert!(
        timeline
            .date_note(charter)
            .unwrap_or_default()
            .contains("century"),
        "{:?}",
        timeline.date_note(charter)
    );
    assert_eq!(
        event(&timeline, "Redevelopment").date.to_edtf(),
        "2016-11-10"
    );
    assert_eq!(event(&timeline, "Act 135").date.to_edtf(), "2023-10-11");
    // The display date says more than the year column: it becomes the date.
    assert_eq!(event(&timeline, "Fire").date.to_edtf(), "2012-01");
    let pool = event(&timeline, "The Pool");
    assert_eq!(timeline.category_of(pool).unwrap().label, "Pool");

    let world = checked(&import_file("external/historyoftheworld-timeline.csv"));
    let indus = event(&world, "Indus Valley Civilization");
    assert_eq!(indus.date.to_edtf(), "-3299/-1299");
    assert_eq!(indus.date.to_string(), "3300–1300 BCE");
    assert_eq!(
        event(&world, "Pizzaro imprisons Atahualpa").date.to_edtf(),
        "1532-07-01"
    );
    let categories: Vec<&str> = world.categories.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        categories,
        [
            "Inca Empire",
            "Delhi Sultanate",
            "Mughal Empire",
            "East India Company",
            "East India Company Rule",
            "Other"
        ]
    );
}

#[test]
fn a_timelinejs_2_file_is_read() {
    let json = r#"{
  "timeline": {
    "headline": "The <b>Revolution</b>",
    "type": "default",
    "text": "<p>From the Estates-General to Brumaire</p>",
    "date": [
      {"startDate": "1789,7,14", "headline": "Bastille", "text": "<p>Paris rises.</p>",
       "tag": "Paris", "asset": {"media": "https://x.org/b.jpg", "credit": "BnF", "caption": "The fortress"}},
      {"startDate": "1792,9,21", "endDate": "1792,9,22", "headline": "Republic"},
      {"startDate": "-44,3,15", "headline": "Ides of March"},
      {"startDate": "1799,13,1", "headline": "Bad month"}
    ],
    "era": [{"startDate": "1789", "endDate": "1799", "headline": "Revolution"}]
  }
}"#;
    let imported = import_bytes(json.as_bytes(), "old.json", &ImportOptions::default());
    let timeline = checked(&imported);
    assert_eq!(timeline.title, "The Revolution");
    assert_eq!(
        timeline.description.as_deref(),
        Some("From the Estates-General to Brumaire")
    );
    let bastille = event(&timeline, "Bastille");
    assert_eq!(bastille.date.to_edtf(), "1789-07-14");
    assert_eq!(timeline.category_of(bastille).unwrap().label, "Paris");
    assert!(
        timeline
            .summary(bastille)
            .unwrap()
            .contains("Media: https://x.org/b.jpg — The fortress (BnF)")
    );
    assert_eq!(
        event(&timeline, "Republic").date.to_edtf(),
        "1792-09-21/1792-09-22"
    );
    assert_eq!(
        event(&timeline, "Ides of March").date.to_edtf(),
        "-0043-03-15"
    );
    assert_eq!(
        event(&timeline, "Revolution").date.to_edtf(),
        "1789/1799",
        "the era comes over as an event of the Eras lane"
    );
    let said = messages(&imported);
    assert!(said.iter().any(|m| m.contains("TimelineJS 2")), "{said:?}");
    assert!(
        said.iter()
            .any(|m| m.starts_with("old.json:11:21: error: the start month 13 is out of range")),
        "{said:?}"
    );
}

#[test]
fn a_timelinejs_2_jsonp_script_is_read_and_its_notes_keep_their_places() {
    let script = r#"storyjs_jsonp_data = {
  "timeline": {
    "headline": "Revolutions",
    "type": "default",
    "date": [
      {"startDate": "1789,7,14", "headline": "Bastille"},
      {"startDate": "1917,13,7", "headline": "Bad month"}
    ]
  }
};
"#;
    assert!(sourceline::import::is_foreign_timeline(
        "data.js",
        script.as_bytes()
    ));
    assert_eq!(
        sourceline::import::detect_kind("data.js", script),
        sourceline::import::ImportKind::TimelineJs
    );
    let imported = import_bytes(script.as_bytes(), "data.js", &ImportOptions::default());
    let timeline = checked(&imported);
    assert_eq!(timeline.title, "Revolutions");
    assert_eq!(event(&timeline, "Bastille").date.to_edtf(), "1789-07-14");
    let said = messages(&imported);
    assert!(
        said.iter().any(|m| m.contains("sets storyjs_jsonp_data")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.starts_with("data.js:7:21: error: the start month 13 is out of range")),
        "the place is the script's own line and column: {said:?}"
    );
    // A TimelineJS 2 file dropped on the window is offered for import too.
    let plain = script
        .trim_start_matches("storyjs_jsonp_data = ")
        .trim_end()
        .trim_end_matches(';');
    assert!(sourceline::import::is_foreign_timeline(
        "data.json",
        plain.as_bytes()
    ));
    // Other scripts are not timelines.
    let other = "var x = 1;\nalert(x);\n";
    assert_eq!(
        sourceline::import::detect_kind("other.js", other),
        sourceline::import::ImportKind::TimelineJs,
        "a .js name is tried as TimelineJS"
    );
    let imported = import_bytes(other.as_bytes(), "other.js", &ImportOptions::default());
    assert!(imported.document.is_none(), "{:?}", messages(&imported));
}

#[test]
fn years_beyond_the_calendar_are_refused_with_the_range() {
    let json = r#"{"scale": "cosmological", "events": [
        {"start_date": {"year": -13800000000}, "text": {"headline": "Big Bang"}},
        {"start_date": {"year": -500}, "text": {"headline": "Athens"}}]}"#;
    let imported = import_bytes(json.as_bytes(), "cosmos.json", &ImportOptions::default());
    let said = messages(&imported);
    assert!(
        said.iter().any(|m| m.contains(
            "the start year -13800000000 is outside the years Sourceline can show (10000 BCE"
        )),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("-500 is 500 BCE (stored as -0499)")),
        "the BCE note names a year that is stored: {said:?}"
    );
    assert_eq!(checked(&imported).events.len(), 1);
}

#[test]
fn a_european_sheet_is_read_day_first_throughout() {
    let csv = "Date,Event\n14/07/1789,Bastille\n03/04/1805,Ambiguous\n1792,Republic\n";
    let imported = import_bytes(csv.as_bytes(), "europe.csv", &ImportOptions::default());
    let timeline = checked(&imported);
    let ambiguous = event(&timeline, "Ambiguous");
    assert_eq!(ambiguous.date.to_edtf(), "1805-04-03");
    assert!(
        timeline
            .date_note(ambiguous)
            .unwrap_or_default()
            .contains("day/month/year"),
        "{:?}",
        timeline.date_note(ambiguous)
    );
    // Without a cell that settles it, the U.S. order is assumed, and the note says so.
    let csv = "Date,Event\n03/04/1805,Ambiguous\n";
    let imported = import_bytes(csv.as_bytes(), "us.csv", &ImportOptions::default());
    let timeline = checked(&imported);
    let ambiguous = &timeline.events[0];
    assert_eq!(ambiguous.date.to_edtf(), "1805-03-04");
    assert!(
        timeline
            .date_note(ambiguous)
            .unwrap()
            .contains("U.S. month/day/year")
    );
}

#[test]
fn timelinejs_years_below_zero_are_bce_by_their_label() {
    let imported = import_file("external/years.json");
    let timeline = checked(&imported);
    let first = &timeline.events[0];
    assert_eq!(first.date.to_edtf(), "-5409");
    assert_eq!(first.date.to_string(), "5410 BCE");
    assert!(
        messages(&imported)
            .iter()
            .any(|m| m.contains("-5410 is 5410 BCE")),
        "the reading is said: {:#?}",
        messages(&imported)
    );
}

#[test]
fn timelinejs_json_fields_come_over() {
    let imported = import_file("external/women_in_computing.json");
    let timeline = checked(&imported);
    assert_eq!(timeline.title, "Women in Computing");
    assert!(
        timeline
            .description
            .as_deref()
            .unwrap_or_default()
            .starts_with("In this sample timeline")
    );
    let ada = event(&timeline, "Ada Lovelace");
    assert_eq!(ada.date.to_edtf(), "1815-12-10/1852-11-27");
    let summary = timeline.summary(ada).unwrap_or_default();
    assert!(
        summary.starts_with(
            "Women have been programming since before it was a thing. Take Ada Lovelace:"
        ),
        "HTML made plain text: {summary}"
    );
    assert!(!summary.contains('<'), "{summary}");
    assert!(
        summary.contains("\n\nLink: https://en.wikipedia.org/wiki/Ada_Lovelace — Ada Lovelace\n"),
        "a link's address is kept: {summary}"
    );
    assert!(
        summary.contains("Media: https://upload.wikimedia.org/")
            && summary.contains("(Wikimedia Commons)"),
        "media kept in the summary: {summary}"
    );
    let eniac = event(&timeline, "...And the women who made it work");
    assert_eq!(eniac.date.to_edtf(), "1943-07/1946");

    let eras = checked(&import_file("external/eras.json"));
    let era_lane = eras
        .categories
        .iter()
        .position(|c| c.label == "Eras")
        .expect("an Eras lane");
    let era_events: Vec<_> = eras
        .events
        .iter()
        .filter(|e| e.category as usize == era_lane)
        .collect();
    assert_eq!(era_events.len(), 3);
    assert!(
        era_events
            .iter()
            .all(|e| matches!(e.date, sourceline::model::HistDate::Interval { .. }))
    );

    let media = checked(&import_file("external/all-media-types.json"));
    let groups: Vec<&str> = media.categories.iter().map(|c| c.label.as_str()).collect();
    for group in ["Audio", "HTML", "Image", "Social Media", "Video", "Other"] {
        assert!(groups.contains(&group), "{groups:?}");
    }
}

#[test]
fn handmade_timelinejs_file_reports_what_the_shared_files_lack() {
    let imported = import_file("import/handmade-timelinejs.json");
    let lines = messages(&imported);
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(
        has("handmade-timelinejs.json:11:46: error: the start month 13 is out of range"),
        "{lines:#?}"
    );
    assert!(has("day 31 does not exist in April 1993"), "{lines:#?}");
    assert!(has("\"No date at all\" has no start year"), "{lines:#?}");
    assert!(has("the time of day (23:01)"), "{lines:#?}");
    assert!(
        has("the id \"VE_Day\" is used twice") || has("\"VE_Day\" became"),
        "{lines:#?}"
    );
    assert!(!imported.is_complete());
    assert_eq!(imported.events_read, 7);
    assert_eq!(imported.events_imported, 4);
    let timeline = checked(&imported);
    assert_eq!(timeline.title, "Handmade TimelineJS");
    let ve = event(&timeline, "Surrender takes effect");
    assert_eq!(ve.id, "ve-day");
    assert_eq!(
        timeline.summary(ve),
        Some("Fighting stops & celebrations begin.")
    );
    let note = timeline.date_note(ve).unwrap_or_default();
    assert!(
        note.contains("23:01") && note.contains("VE Day, late evening"),
        "{note}"
    );
    assert_eq!(
        event(&timeline, "Caesar killed").date.to_string(),
        "15 March 44 BCE"
    );
    // A display date that says the same days with more (circa) replaces the parts.
    let wall = event(&timeline, "The Berlin Wall stands");
    assert_eq!(wall.date.to_edtf(), "1961-08~/1989-11-09");
    assert_eq!(timeline.date_note(wall), None);
    assert!(event(&timeline, "Second World War").date.to_edtf() == "1939/1945");
}

#[test]
fn handmade_sheet_has_eras_groups_title_rows_and_bad_rows() {
    let imported = import_file("import/handmade-sheet.csv");
    let lines = messages(&imported);
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(
        has("handmade-sheet.csv:7:2: error: the start month 13 is out of range"),
        "{lines:#?}"
    );
    assert!(
        has("handmade-sheet.csv:8:1: error: slide \"A row without a year\" has no start year"),
        "{lines:#?}"
    );
    assert!(
        has("a second title slide without a date: not imported"),
        "{lines:#?}"
    );
    assert_eq!(imported.kind, Some(ImportKind::TimelineJsSheet));
    let timeline = checked(&imported);
    assert_eq!(timeline.title, "The Cold War's End");
    let labels: Vec<&str> = timeline
        .categories
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(labels, ["Europe", "Soviet Union", "Eras", "Other"]);
    let wall = event(&timeline, "Berlin Wall opens");
    assert_eq!(wall.date.to_edtf(), "1989-11-09");
    assert_eq!(
        timeline.summary(wall),
        Some("Crowds cross at Bornholmer Straße.")
    );
    assert!(
        timeline
            .date_note(wall)
            .unwrap_or_default()
            .contains("the night of 9 November"),
        "display date kept as the date note"
    );
    assert_eq!(event(&timeline, "The Cold War").date.to_edtf(), "1947/1991");
    // Thousands separators in years, negative as BCE.
    assert_eq!(
        event(&timeline, "The end of the last ice age")
            .date
            .to_string(),
        "10000 BCE"
    );
    // Tag is another name for Group.
    let tagged = "Year,Headline,Tag\n1990,One,Politics\n";
    let imported = import_bytes(tagged.as_bytes(), "tags.csv", &ImportOptions::default());
    assert_eq!(imported.kind, Some(ImportKind::TimelineJsSheet));
    let timeline = checked(&imported);
    assert_eq!(timeline.categories[0].label, "Politics");
}

#[test]
fn exporting_to_timelinejs_and_back_keeps_titles_dates_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    let originals: Vec<(String, Timeline)> = vec![
        (
            "built-in".into(),
            sourceline::builtin::load().timeline.unwrap(),
        ),
        ("eras".into(), checked(&import_file("external/eras.json"))),
        (
            "history".into(),
            checked(&import_file("external/historyoftheworld-timeline.csv")),
        ),
        ("years".into(), checked(&import_file("external/years.json"))),
    ];
    for (name, original) in originals {
        let exported = sourceline::export::to_timelinejs(&original);
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec(&exported).unwrap()).unwrap();
        let again = import_path(&path, &ImportOptions::default());
        assert!(again.is_complete(), "{name}: {:#?}", messages(&again));
        let back = checked(&again);
        assert_eq!(back.title, original.title, "{name}");
        let summary = |t: &Timeline| {
            let mut rows: Vec<(String, String, String, String)> = t
                .events
                .iter()
                .map(|e| {
                    (
                        e.id.to_string(),
                        e.title.to_string(),
                        e.date.to_edtf(),
                        t.category_of(e).unwrap().label.clone(),
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(summary(&back), summary(&original), "{name}");
    }
}

#[test]
fn generic_csv_columns_can_be_named() {
    let csv = "When it began;What;Lane;Notes\n1989-11-09;Wall opens;Europe;x\n";
    let options = ImportOptions {
        kind: Some(ImportKind::Spreadsheet),
        columns: sourceline::import::parse_column_map("date=When it began,title=What").unwrap(),
    };
    let imported = import_bytes(csv.as_bytes(), "mine.csv", &options);
    let timeline = checked(&imported);
    assert_eq!(timeline.events[0].title, "Wall opens");
    assert_eq!(timeline.summary(&timeline.events[0]), Some("x"));
    assert_eq!(timeline.categories[0].label, "Europe");

    let without = import_bytes(csv.as_bytes(), "mine.csv", &ImportOptions::default());
    assert!(without.document.is_none());
    assert!(messages(&without)[0].contains("no date column: name one with --columns"));
}

#[test]
fn broken_files_give_located_errors() {
    let text = std::fs::read_to_string(data("external/women_in_computing.json")).unwrap();
    let cut = &text[..text.len() / 2];
    let imported = import_bytes(cut.as_bytes(), "cut.json", &ImportOptions::default());
    assert!(imported.document.is_none());
    let line = messages(&imported)[0].clone();
    assert!(line.starts_with("cut.json:"), "{line}");
    assert!(line.contains("ends too early"), "{line}");

    let ours = sourceline::builtin::EVENTS_JSON;
    let imported = import_bytes(ours.as_bytes(), "events.json", &ImportOptions::default());
    assert!(messages(&imported)[0].contains("already a Sourceline timeline"));

    let latin1 = b"Date,Title\n1990,Caf\xe9\n";
    let imported = import_bytes(latin1, "latin.csv", &ImportOptions::default());
    assert_eq!(checked(&imported).events[0].title, "Café");
    assert!(messages(&imported)[0].contains("Windows-1252"));

    // Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated.
    let sheet = "Date\tEvent\tNotes\r\n1066\tBattle of Hastings\tNormans win\r\n1215\tMagna Carta \u{2014} Runnymede\t\r\n";
    for (bom, unit) in [
        ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ([0xFE, 0xFF], u16::to_be_bytes),
    ] {
        let mut utf16 = bom.to_vec();
        utf16.extend(sheet.encode_utf16().flat_map(unit));
        let imported = import_bytes(&utf16, "sheet.txt", &ImportOptions::default());
        let timeline = checked(&imported);
        assert_eq!(timeline.events.len(), 2, "{:?}", messages(&imported));
        assert_eq!(timeline.events[1].title, "Magna Carta \u{2014} Runnymede");
        assert!(messages(&imported)[0].contains("UTF-16"));
        // Cut in the middle of a character: a located error, not a panic.
        utf16.push(0x41);
        let imported = import_bytes(&utf16, "sheet.txt", &ImportOptions::default());
        assert!(
            messages(&imported)[0].contains("not UTF-16"),
            "{:?}",
            messages(&imported)
        );
    }
}

#[test]
fn the_import_command_writes_the_file_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("germantown.sourceline.json");
    let args = ImportArgs {
        file: data("external/germantown-y-timeline.2025-04.csv"),
        from: None,
        out: Some(out_path.clone()),
        columns: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = import(&args, &mut out, &mut err).unwrap();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(status, 1, "a row was not imported: {err}");
    assert!(
        err.contains("Imported 19 of 20 events in 5 categories"),
        "{err}"
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(written["events"].as_array().unwrap().len(), 19);
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(
        text,
        sourceline::edit::canonical_text(&written),
        "the canonical layout"
    );

    let args = ImportArgs {
        file: data("external/women_in_computing.json"),
        from: None,
        out: None,
        columns: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(import(&args, &mut out, &mut err).unwrap(), 0);
    let printed: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(printed["title"], "Women in Computing");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn importing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), kind in 0..4_u8) {
        let kind = match kind {
            0 => None,
            1 => Some(ImportKind::TimelineJs),
            2 => Some(ImportKind::TimelineJsSheet),
            _ => Some(ImportKind::Spreadsheet),
        };
        let options = ImportOptions { kind, columns: Vec::new() };
        let imported = import_bytes(&bytes, "x.csv", &options);
        if let Some(text) = imported.text() {
            let outcome = load_bytes(text.as_bytes(), "x.json", &NoSources);
            prop_assert!(outcome.timeline.is_some(), "{:?}", outcome.problems);
        }
    }

    #[test]
    fn mutated_real_files_never_panic(cut in 0..6000_usize, flip in 0..6000_usize, byte in any::<u8>()) {
        for file in ["external/women_in_computing.json", "external/women_in_computing.csv"] {
            let mut bytes = std::fs::read(data(file)).unwrap();
            if let Some(b) = bytes.get_mut(flip) {
                *b = byte;
            }
            bytes.truncate(cut);
            let imported = import_bytes(&bytes, file, &ImportOptions::default());
            if let Some(text) = imported.text() {
                let outcome = load_bytes(text.as_bytes(), "x.json", &NoSources);
                prop_assert!(outcome.timeline.is_some(), "{:?}", outcome.problems);
            }
        }
    }
}
