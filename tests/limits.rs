//! The limits of the format description ("Limits" in the README): each accepted at the limit and
//! refused one past it, with an error saying where and which limit.

use sourceline::model::{Limits, LoadOutcome, NoSources, load_bytes, load_bytes_with};

/// A timeline with one event whose fields can be replaced.
fn timeline(event_fields: &str, extra_top: &str) -> String {
    format!(
        r#"{{
  "format": 1,
  "title": "Limits",{extra_top}
  "sources": [],
  "categories": [{{"id": "c", "label": "C"}}],
  "events": [
    {{"id": "e", "title": "T", "date": "1990", "category": "c"{event_fields}}}
  ]
}}"#
    )
}

/// A timeline with one event whose fields are `event_fields`, and a source "s" (without a
/// text) for its excerpts to cite.
fn timeline_with_source(event_fields: &str) -> String {
    timeline(event_fields, "").replace(
        "\"sources\": []",
        r#""sources": [{"id": "s", "title": "S"}]"#,
    )
}

fn load(text: &str) -> LoadOutcome {
    load_bytes(text.as_bytes(), "limits.json", &NoSources)
}

fn assert_loads(text: &str, what: &str) {
    let outcome = load(text);
    assert!(
        outcome.timeline.is_some(),
        "{what} at the limit should load: {:?}",
        outcome.error_lines()
    );
}

fn assert_refused(text: &str, what: &str, expected: &str) -> String {
    let outcome = load(text);
    assert!(outcome.timeline.is_none(), "{what} past the limit loaded");
    let errors = outcome.error_lines();
    let error = errors
        .iter()
        .find(|e| e.contains(expected))
        .unwrap_or_else(|| panic!("{what}: no error says {expected:?}: {errors:?}"));
    error.clone()
}

/// `n` characters: a letter, then combining accents (each two bytes in UTF-8).
fn combining(n: usize) -> String {
    std::iter::once('a')
        .chain(std::iter::repeat_n('\u{0301}', n - 1))
        .collect()
}

#[test]
fn titles_are_at_most_1000_characters_counted_as_characters_not_bytes() {
    let at = timeline("", "").replace("\"T\"", &format!("\"{}\"", combining(1000)));
    assert_loads(&at, "a 1,000-character title");
    let past = timeline("", "").replace("\"T\"", &format!("\"{}\"", combining(1001)));
    let error = assert_refused(
        &past,
        "a 1,001-character title",
        "\"title\" is 1,001 characters long; the most a timeline allows is 1,000",
    );
    assert!(
        error.starts_with("limits.json:7:"),
        "located on the event's line: {error}"
    );
    assert!(error.contains("event \"e\""), "names the event: {error}");
}

#[test]
fn summaries_and_excerpts_are_at_most_100000_characters() {
    let summary = |n: usize| timeline(&format!(r#", "summary": "{}""#, combining(n)), "");
    assert_loads(&summary(100_000), "a 100,000-character summary");
    assert_refused(
        &summary(100_001),
        "a 100,001-character summary",
        "\"summary\" is 100,001 characters long; the most a timeline allows is 100,000",
    );
    let excerpt = |n: usize| {
        timeline_with_source(&format!(
            r#", "excerpts": [{{"source": "s", "text": "{}"}}]"#,
            "x".repeat(n)
        ))
    };
    assert_loads(&excerpt(100_000), "a 100,000-character excerpt");
    assert_refused(
        &excerpt(100_001),
        "a 100,001-character excerpt",
        "event \"e\", excerpt 1: \"text\" is 100,001 characters long",
    );
}

#[test]
fn ids_are_at_most_200_characters() {
    let id = |n: usize| {
        timeline("", "").replace("\"id\": \"e\"", &format!("\"id\": \"{}\"", "e".repeat(n)))
    };
    assert_loads(&id(200), "a 200-character id");
    assert_refused(
        &id(201),
        "a 201-character id",
        "\"id\" is 201 characters long",
    );
}

#[test]
fn an_event_has_at_most_1000_tags() {
    let tags = |n: usize| {
        let list = vec!["\"t\""; n].join(",");
        timeline(&format!(r#", "tags": [{list}]"#), "")
    };
    assert_loads(&tags(1000), "1,000 tags");
    assert_refused(
        &tags(1001),
        "1,001 tags",
        "it has 1,001 tags; the most an event may have is 1,000",
    );
}

#[test]
fn nesting_is_at_most_128_levels() {
    // The top-level object is level 1; an unknown field holds the nested lists.
    let nested = |levels: usize| {
        let lists = levels - 1;
        timeline(
            "",
            &format!(r#" "deep": {}{},"#, "[".repeat(lists), "]".repeat(lists)),
        )
    };
    let at = load(&nested(128));
    assert!(
        at.timeline.is_some(),
        "128 levels load (with a warning for the unknown field): {:?}",
        at.error_lines()
    );
    assert_refused(&nested(129), "129 levels", "nested too deeply");
}

#[test]
fn file_size_and_number_of_events_are_limited() {
    let text = timeline("", "");
    let limits = |file_bytes, events| Limits {
        file_bytes,
        events,
        ..Limits::STANDARD
    };
    let with =
        |limits: Limits| load_bytes_with(text.as_bytes(), "limits.json", &NoSources, &limits);
    assert!(
        with(limits(text.len(), 1)).timeline.is_some(),
        "at both limits"
    );
    let too_big = with(limits(text.len() - 1, 1));
    assert!(too_big.timeline.is_none(), "one byte over the size");
    assert!(
        too_big
            .error_lines()
            .iter()
            .any(|e| e.contains("the file is larger than")),
        "{:?}",
        too_big.error_lines()
    );
    let too_many = with(limits(text.len(), 0));
    assert!(too_many.timeline.is_none(), "one event over");
    assert!(
        too_many
            .error_lines()
            .iter()
            .any(|e| e.contains("the timeline has 1 event; the most Sourceline opens is 0")),
        "{:?}",
        too_many.error_lines()
    );
    assert_eq!(Limits::STANDARD.file_bytes, 1 << 30, "as the README says");
    assert_eq!(Limits::STANDARD.events, 5_000_000, "as the README says");
}

#[test]
fn an_event_has_at_most_1000_excerpts() {
    let excerpts = |n: usize| {
        let list = vec![r#"{"source": "s", "text": "x"}"#; n].join(",");
        timeline_with_source(&format!(r#", "excerpts": [{list}]"#))
    };
    assert_loads(&excerpts(1000), "1,000 excerpts");
    assert_refused(
        &excerpts(1001),
        "1,001 excerpts",
        "event \"e\": it has 1,001 excerpts; the most an event may have is 1,000",
    );
}

/// A timeline with one source, one category and one event, with `field` of `object` set to
/// `value` (a JSON string's contents).
fn with_field(object: &str, field: &str, value: &str) -> String {
    let member = format!(r#""{field}": "{value}""#);
    let source = if object == "source" {
        format!(r#"{{"id": "s", "title": "S", {member}}}"#)
    } else {
        r#"{"id": "s", "title": "S"}"#.to_owned()
    };
    let category = if object == "category" {
        format!(r#"{{"id": "c", {member}}}"#)
    } else {
        r#"{"id": "c", "label": "C"}"#.to_owned()
    };
    let event_extra = if object == "event" {
        format!(", {member}")
    } else {
        String::new()
    };
    let top_extra = if object == "timeline" {
        format!("\n  {member},")
    } else {
        String::new()
    };
    format!(
        r#"{{
  "format": 1,
  "title": "Limits",{top_extra}
  "sources": [{source}],
  "categories": [{category}],
  "events": [{{"id": "e", "title": "T", "date": "1990", "category": "c"{event_extra}}}]
}}"#
    )
}

/// Makes a valid value of a field with the given number of characters.
type ValueOfLength = dyn Fn(usize) -> String;

#[test]
fn every_other_text_is_limited_at_its_length_too() {
    // (object, field, the longest it may be, a value of n characters that is otherwise valid).
    let short = 1_000;
    let long = 100_000;
    let url = |n: usize| format!("https://example.org/{}", "a".repeat(n - 20));
    let path = |n: usize| format!("{}.txt", "a".repeat(n - 4));
    let plain = |n: usize| combining(n);
    let cases: [(&str, &str, usize, &ValueOfLength); 9] = [
        ("category", "label", short, &plain),
        ("source", "title", short, &plain),
        ("source", "author", short, &plain),
        ("source", "url", short, &url),
        ("source", "file", short, &path),
        ("source", "note", long, &plain),
        ("timeline", "description", long, &plain),
        ("event", "date_note", long, &plain),
        ("event", "summary", long, &plain),
    ];
    for (object, field, most, value) in cases {
        let what = format!("{object} {field} of {most} characters");
        let at = load(&with_field(object, field, &value(most)));
        assert!(
            at.timeline.is_some(),
            "{what} loads: {:?}",
            at.error_lines()
        );
        let past = load(&with_field(object, field, &value(most + 1)));
        assert!(past.timeline.is_none(), "{what}, plus one, is refused");
        let expected = format!(
            "\"{field}\" is {} characters long; the most a timeline allows is {}",
            sourceline::model::thousands(most + 1),
            sourceline::model::thousands(most)
        );
        assert!(
            past.error_lines().iter().any(|e| e.contains(&expected)),
            "{what}, plus one: {:?}",
            past.error_lines()
        );
    }
    // Dates are limited too; one that long is never a date, but the message says the length.
    let long_date = "1".repeat(1001);
    let event_date = timeline("", "").replace("\"1990\"", &format!("\"{long_date}\""));
    let source_date = with_field("source", "date", &long_date);
    for (text, whose) in [(event_date, "an event's"), (source_date, "a source's")] {
        assert_refused(
            &text,
            &format!("{whose} date of 1,001 characters"),
            "\"date\" is 1,001 characters long",
        );
    }
}

#[test]
fn source_texts_are_limited_in_size_before_they_are_read() {
    use sourceline::model::{MAX_TEXT_BYTES, SourceFolder, read_text_file};
    let dir = tempfile::tempdir().unwrap();
    // A sparse file one byte over 1 GiB: refused from its size, without reading a gigabyte.
    let huge = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len((1 << 30) + 1).unwrap();
    let text = timeline(r#", "excerpts": [{"source": "s", "text": "x"}]"#, "").replace(
        "\"sources\": []",
        r#""sources": [{"id": "s", "title": "S", "file": "huge.txt"}]"#,
    );
    let outcome = load_bytes(
        text.as_bytes(),
        "limits.json",
        &SourceFolder {
            folder: dir.path().to_path_buf(),
        },
    );
    let problems: Vec<String> = outcome.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.iter().any(|p| p.contains("larger than 1 GiB")),
        "{problems:?}"
    );
    assert!(
        outcome.timeline.is_some(),
        "the timeline still opens, its excerpt unverified"
    );

    // Texts the editor adds: 64 MiB at most.
    let at = dir.path().join("at.txt");
    std::fs::File::create(&at)
        .unwrap()
        .set_len(MAX_TEXT_BYTES)
        .unwrap();
    assert_eq!(
        read_text_file(&at).expect("64 MiB is read").len() as u64,
        MAX_TEXT_BYTES
    );
    let past = dir.path().join("past.txt");
    std::fs::File::create(&past)
        .unwrap()
        .set_len(MAX_TEXT_BYTES + 1)
        .unwrap();
    let error = read_text_file(&past).expect_err("one byte more is refused");
    assert!(error.to_string().contains("larger than 64 MiB"), "{error}");
}
