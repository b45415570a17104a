//! What the fuzz targets check, on any bytes: each function here is one target's body. They
//! live in the library so that `cargo test` replays the kept corpora through the very same
//! checks (`tests/fuzz_corpus.rs`), and so that `fuzz/` holds nothing but the entry points.
//!
//! Each function must not panic for any input; where an input is accepted, it asserts what a
//! user relies on (a loaded timeline is consistent, a formatted file loads to the same timeline,
//! an import that produced a timeline produced one that loads). A failed assertion is a bug, the
//! same as a panic.

use crate::edit::canonical_text;
use crate::import::{ImportKind, ImportOptions, import_bytes};
use crate::model::{HistDate, LoadOutcome, MemorySources, Problem, Timeline, load_bytes};
use crate::suggest::{SuggestOptions, suggest};

/// The one source text the fuzzed timelines can quote (`"file": "sources/a.txt"`).
pub const FUZZ_SOURCE_PATH: &str = "sources/a.txt";

/// Its text: a few sentences with dates, line breaks and non-ASCII letters.
pub const FUZZ_SOURCE_TEXT: &str = "On 22 September 1989 the Presidents met at Camp David.\n\
     The Café agreement was signed in  early 1992; the next year, talks failed.\n\
     Ёлкин wrote “don’t” — and left.";

fn load(bytes: &[u8]) -> LoadOutcome {
    let sources = MemorySources::new([(FUZZ_SOURCE_PATH, FUZZ_SOURCE_TEXT)]);
    load_bytes(bytes, "fuzz.json", &sources)
}

/// What a loaded timeline promises the views: sorted events, valid indexes, verified ranges
/// inside their source text, and problems that name a place in the file.
fn assert_consistent(outcome: &LoadOutcome, bytes: &[u8]) {
    let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
    for problem in &outcome.problems {
        if let Some(location) = problem.location {
            assert!(
                location.line >= 1 && location.line as usize <= lines && location.column >= 1,
                "problem outside the file: {problem}"
            );
        }
    }
    let Some(timeline) = &outcome.timeline else {
        assert!(
            outcome.problems.iter().any(Problem::is_error),
            "no timeline, yet no error says why"
        );
        return;
    };
    assert!(
        !outcome.problems.iter().any(Problem::is_error),
        "a timeline despite errors"
    );
    assert_timeline_consistent(timeline);
}

fn assert_timeline_consistent(timeline: &Timeline) {
    for pair in timeline.events.windows(2) {
        let [a, b] = pair else { continue };
        assert!(
            (a.span.start_day, a.span.end_day_exclusive)
                <= (b.span.start_day, b.span.end_day_exclusive),
            "events out of order: {} before {}",
            a.id,
            b.id
        );
    }
    for event in &timeline.events {
        assert!(
            event.span.end_day_exclusive > event.span.start_day,
            "event {} spans no day",
            event.id
        );
        assert!(
            (event.category as usize) < timeline.categories.len(),
            "event {} in no category",
            event.id
        );
        for excerpt in timeline.excerpts(event) {
            let source = timeline.sources.get(excerpt.source());
            assert!(source.is_some(), "excerpt of a source that is not there");
            if let Some(range) = excerpt.found_range() {
                let text = source.and_then(|s| s.text.as_deref()).unwrap_or_default();
                assert!(text.get(range).is_some(), "verified range outside its text");
            }
        }
    }
    for &stop in timeline.tour.iter().flatten() {
        assert!(stop < timeline.events.len(), "tour stop past the events");
    }
}

/// The timeline loader: any bytes give a timeline or located problems, never a panic.
pub fn timeline_file(bytes: &[u8]) {
    let outcome = load(bytes);
    assert_consistent(&outcome, bytes);
}

/// `fmt` (the canonical writer) of a timeline that loads gives a file that loads to the same
/// timeline, and formatting it again changes nothing.
pub fn canonical_roundtrip(bytes: &[u8]) {
    let outcome = load(bytes);
    let Some(timeline) = outcome.timeline else {
        return;
    };
    // The timeline loaded, so the bytes are JSON.
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        // serde_json's own limits (nesting) can refuse what the loader's fast path took.
        Err(_) => return,
    };
    let formatted = canonical_text(&value);
    let again: serde_json::Value =
        serde_json::from_str(&formatted).expect("the canonical text is JSON");
    assert_eq!(canonical_text(&again), formatted, "fmt is not idempotent");
    let reloaded = load(formatted.as_bytes())
        .timeline
        .expect("the formatted file loads");
    assert_eq!(
        format!("{reloaded:?}"),
        format!("{timeline:?}"),
        "the formatted file loads to a different timeline"
    );
}

/// The date parser: a date that parses shows, spans at least a day, and its canonical form
/// parses back to it.
pub fn date(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(date) = HistDate::parse(text) else {
        return;
    };
    let _shown = date.to_string();
    let span = date.day_span();
    assert!(
        span.end_day_exclusive > span.start_day,
        "{text:?} spans no day"
    );
    let canonical = date.to_edtf();
    assert_eq!(
        HistDate::parse(&canonical).as_ref(),
        Ok(&date),
        "{text:?} → {canonical:?} does not parse back"
    );
}

/// The date finder on running text: every suggestion quotes the text exactly where it says.
pub fn date_finder(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for suggestion in suggest(&text, &SuggestOptions::default()) {
        assert_eq!(
            text.get(suggestion.range.clone()),
            Some(suggestion.expression.as_str()),
            "expression not at its range"
        );
        assert_eq!(
            text.get(suggestion.excerpt_range.clone()),
            Some(suggestion.excerpt.as_str()),
            "excerpt not at its range"
        );
        assert!(
            suggestion.excerpt_range.start <= suggestion.range.start
                && suggestion.range.end <= suggestion.excerpt_range.end,
            "the excerpt does not contain the expression"
        );
        assert!(suggestion.title.chars().count() <= 60, "title too long");
        if let Some(date) = suggestion.date {
            let span = date.day_span();
            assert!(
                span.end_day_exclusive > span.start_day,
                "a suggested date spans no day"
            );
        }
    }
}

fn import_as(bytes: &[u8], file_name: &str, kind: ImportKind) {
    let imported = import_bytes(
        bytes,
        file_name,
        &ImportOptions {
            kind: Some(kind),
            ..ImportOptions::default()
        },
    );
    let Some(text) = imported.text() else {
        assert!(
            imported.notes.iter().any(Problem::is_error),
            "nothing imported, yet no error says why"
        );
        return;
    };
    // What an import writes is a timeline file that loads (its excerpts, without source
    // texts, stay unverified: warnings only).
    let outcome = load_bytes(text.as_bytes(), "imported.json", &crate::model::NoSources);
    let errors = outcome.error_lines();
    assert!(
        errors.is_empty(),
        "the imported timeline does not load: {errors:?}"
    );
    if let Some(timeline) = &outcome.timeline {
        assert_timeline_consistent(timeline);
    }
}

/// TimelineJS JSON import.
pub fn timelinejs_import(bytes: &[u8]) {
    import_as(bytes, "fuzz.json", ImportKind::TimelineJs);
}

/// CSV import: the bytes as a TimelineJS sheet and as a generic spreadsheet.
pub fn csv_import(bytes: &[u8]) {
    import_as(bytes, "fuzz.csv", ImportKind::TimelineJsSheet);
    import_as(bytes, "fuzz.csv", ImportKind::Spreadsheet);
}

/// The settings file: whatever it holds, the app starts with settings within bounds, and they
/// save and read back the same.
pub fn settings(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let Some(state) = crate::app::AppState::from_stored_text(&text) else {
        return;
    };
    assert!(
        state.is_within_bounds(),
        "settings out of bounds: {state:?}"
    );
    let saved = state.to_stored_text();
    let reread = crate::app::AppState::from_stored_text(&saved).expect("saved settings read back");
    assert_eq!(
        format!("{reread:?}"),
        format!("{state:?}"),
        "settings changed on a save and read"
    );
}

/// A fuzz target's check.
pub type Check = fn(&[u8]);

/// Every target by name (the directory names under `fuzz/corpus/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("timeline_file", timeline_file),
    ("canonical_roundtrip", canonical_roundtrip),
    ("date", date),
    ("date_finder", date_finder),
    ("timelinejs_import", timelinejs_import),
    ("csv_import", csv_import),
    ("settings", settings),
];
