//! The most a timeline file may hold, and the checks that enforce it.
//!
//! A shared file can be hostile or simply broken (a title pasted from a whole book). These
//! limits are far above what any real timeline needs, and low enough that no file can make the
//! window or an export stall: every text that is laid out has a bounded length. Each is checked
//! at load with a located error naming the limit; the format description lists them.

use super::Checker;
use super::raw::{RawEvent, RawFile, Subject};
use crate::model::locate::{JsonPath, PathSegment};
use crate::model::problem::{count_noun, thousands};

/// What a timeline file may hold at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file in bytes.
    pub file_bytes: usize,

    /// Number of events.
    pub events: usize,

    /// Characters in an id.
    pub id_chars: usize,

    /// Characters in a title, a category's label, a tag, a date or a source's author.
    pub short_text_chars: usize,

    /// Characters in a summary, a description, a note or an excerpt.
    pub long_text_chars: usize,

    /// Excerpts of one event, tags of one event.
    pub items_per_event: usize,
}

impl Limits {
    /// The limits every file is loaded with.
    pub const STANDARD: Self = Self {
        file_bytes: 1 << 30,
        events: 5_000_000,
        id_chars: 200,
        short_text_chars: 1_000,
        long_text_chars: 100_000,
        items_per_event: 1_000,
    };
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.to_owned())
}

/// Reports a text longer than `max` characters.
fn text(
    checker: &mut Checker,
    value: Option<&str>,
    max: usize,
    path: impl FnOnce() -> JsonPath,
    subject: &dyn std::fmt::Display,
    field: &str,
) {
    let Some(value) = value else { return };
    // Never more characters than bytes: most texts need no counting.
    if value.len() <= max {
        return;
    }
    let chars = value.chars().count();
    if chars > max {
        checker.error(
            path(),
            format!(
                "{subject}: \"{field}\" is {} characters long; the most a timeline allows is {}",
                thousands(chars),
                thousands(max)
            ),
        );
    }
}

/// Checks the length of each of an object's text fields: `(field, value, most characters)`.
fn texts(
    checker: &mut Checker,
    subject: &dyn std::fmt::Display,
    path: impl Fn(&str) -> JsonPath,
    fields: &[(&str, Option<&str>, usize)],
) {
    for &(field, value, max) in fields {
        text(checker, value, max, || path(field), subject, field);
    }
}

/// Checks every limit but the file's size (see `load_bytes`).
pub(super) fn check_limits(checker: &mut Checker, raw: &RawFile<'_>, limits: &Limits) {
    let (id, short, long) = (
        limits.id_chars,
        limits.short_text_chars,
        limits.long_text_chars,
    );
    texts(
        checker,
        &"the timeline file",
        |field| vec![key(field)],
        &[
            ("title", raw.title.as_deref(), short),
            ("description", raw.description.as_deref(), long),
        ],
    );
    for source in raw.sources.iter().flatten() {
        let i = source.index;
        texts(
            checker,
            &Subject::item("source", i, source.id.as_deref()),
            |field| vec![key("sources"), PathSegment::Index(i), key(field)],
            &[
                ("id", source.id.as_deref(), id),
                ("title", source.title.as_deref(), short),
                ("author", source.author.as_deref(), short),
                ("date", source.date.as_deref(), short),
                ("file", source.file.as_deref(), short),
                ("url", source.url.as_deref(), short),
                ("note", source.note.as_deref(), long),
            ],
        );
    }
    for category in raw.categories.iter().flatten() {
        let i = category.index;
        texts(
            checker,
            &Subject::item("category", i, category.id.as_deref()),
            |field| vec![key("categories"), PathSegment::Index(i), key(field)],
            &[
                ("id", category.id.as_deref(), id),
                ("label", category.label.as_deref(), short),
                ("color", category.color.as_deref(), short),
            ],
        );
    }
    let events = raw.events.as_deref().unwrap_or_default();
    check_event_count(checker, events.len(), limits);
    for event in events {
        check_event_limits(checker, event, limits);
    }
}

/// The number of events within the limit.
pub(super) fn check_event_count(checker: &mut Checker, events: usize, limits: &Limits) {
    if events > limits.events {
        checker.error(
            vec![key("events")],
            format!(
                "the timeline has {}; the most Sourceline opens is {}",
                count_noun(events, "event"),
                thousands(limits.events)
            ),
        );
    }
}

/// One event's texts and lists within the limits.
pub(super) fn check_event_limits(checker: &mut Checker, event: &RawEvent<'_>, limits: &Limits) {
    let (id, short, long) = (
        limits.id_chars,
        limits.short_text_chars,
        limits.long_text_chars,
    );
    let i = event.index;
    let subject = Subject::item("event", i, event.id.as_deref());
    let path = |field: &str| vec![key("events"), PathSegment::Index(i), key(field)];
    texts(
        checker,
        &subject,
        path,
        &[
            ("id", event.id.as_deref(), id),
            ("title", event.title.as_deref(), short),
            ("date", event.date.as_deref(), short),
            ("category", event.category.as_deref(), id),
            ("summary", event.summary.as_deref(), long),
            ("date_note", event.date_note.as_deref(), long),
        ],
    );
    let excerpts = event.excerpts.as_deref().unwrap_or_default();
    let tags = event.tags.as_deref().unwrap_or_default();
    for (field, count) in [("excerpts", excerpts.len()), ("tags", tags.len())] {
        if count > limits.items_per_event {
            checker.error(
                path(field),
                format!(
                    "{subject}: it has {} {field}; the most an event may have is {}",
                    thousands(count),
                    thousands(limits.items_per_event)
                ),
            );
        }
    }
    let in_list = |list: &str, n: usize, field: Option<&str>| {
        let mut at = vec![
            key("events"),
            PathSegment::Index(i),
            key(list),
            PathSegment::Index(n),
        ];
        at.extend(field.map(key));
        at
    };
    for excerpt in excerpts {
        let j = excerpt.index;
        texts(
            checker,
            &Subject::item("event", i, event.id.as_deref()).excerpt(j),
            |field| in_list("excerpts", j, Some(field)),
            &[
                ("source", excerpt.source.as_deref(), id),
                ("text", excerpt.text.as_deref(), long),
            ],
        );
    }
    for (n, tag) in tags.iter().enumerate() {
        text(
            checker,
            Some(tag),
            short,
            || in_list("tags", n, None),
            &subject,
            "tags",
        );
    }
}
