//! The most a timeline file may hold, and the checks that enforce it.
//!
//! A shared file can be hostile or simply broken (a title pasted from a whole book). These
//! limits are far above what any real timeline needs, and low enough that no file can make the
//! window or an export stall: every text that is laid out has a bounded length. Each is checked
//! at load with a located error naming the limit; the format description lists them.

use super::Checker;
use super::raw::{RawFile, Subject};
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

/// Checks every limit but the file's size (see `load_bytes`).
pub(super) fn check_limits(checker: &mut Checker, raw: &RawFile<'_>, limits: &Limits) {
    let top = &"the timeline file";
    text(
        checker,
        raw.title.as_deref(),
        limits.short_text_chars,
        || vec![key("title")],
        top,
        "title",
    );
    text(
        checker,
        raw.description.as_deref(),
        limits.long_text_chars,
        || vec![key("description")],
        top,
        "description",
    );
    for source in raw.sources.iter().flatten() {
        let i = source.index;
        let subject = Subject::item("source", i, source.id.as_deref());
        let path = |field: &str| vec![key("sources"), PathSegment::Index(i), key(field)];
        for (field, value, max) in [
            ("id", &source.id, limits.id_chars),
            ("title", &source.title, limits.short_text_chars),
            ("author", &source.author, limits.short_text_chars),
            ("date", &source.date, limits.short_text_chars),
            ("file", &source.file, limits.short_text_chars),
            ("url", &source.url, limits.short_text_chars),
            ("note", &source.note, limits.long_text_chars),
        ] {
            text(
                checker,
                value.as_deref(),
                max,
                || path(field),
                &subject,
                field,
            );
        }
    }
    for category in raw.categories.iter().flatten() {
        let i = category.index;
        let subject = Subject::item("category", i, category.id.as_deref());
        let path = |field: &str| vec![key("categories"), PathSegment::Index(i), key(field)];
        for (field, value, max) in [
            ("id", &category.id, limits.id_chars),
            ("label", &category.label, limits.short_text_chars),
            ("color", &category.color, limits.short_text_chars),
        ] {
            text(
                checker,
                value.as_deref(),
                max,
                || path(field),
                &subject,
                field,
            );
        }
    }
    let events = raw.events.as_deref().unwrap_or_default();
    if events.len() > limits.events {
        checker.error(
            vec![key("events")],
            format!(
                "the timeline has {}; the most Sourceline opens is {}",
                count_noun(events.len(), "event"),
                thousands(limits.events)
            ),
        );
    }
    for event in events {
        let i = event.index;
        let subject = Subject::item("event", i, event.id.as_deref());
        let path = |field: &str| vec![key("events"), PathSegment::Index(i), key(field)];
        for (field, value, max) in [
            ("id", &event.id, limits.id_chars),
            ("title", &event.title, limits.short_text_chars),
            ("date", &event.date, limits.short_text_chars),
            ("category", &event.category, limits.id_chars),
            ("summary", &event.summary, limits.long_text_chars),
            ("date_note", &event.date_note, limits.long_text_chars),
        ] {
            text(
                checker,
                value.as_deref(),
                max,
                || path(field),
                &subject,
                field,
            );
        }
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
        for excerpt in excerpts {
            let j = excerpt.index;
            let excerpt_subject = Subject::item("event", i, event.id.as_deref()).excerpt(j);
            let excerpt_path = |field: &str| {
                vec![
                    key("events"),
                    PathSegment::Index(i),
                    key("excerpts"),
                    PathSegment::Index(j),
                    key(field),
                ]
            };
            text(
                checker,
                excerpt.source.as_deref(),
                limits.id_chars,
                || excerpt_path("source"),
                &excerpt_subject,
                "source",
            );
            text(
                checker,
                excerpt.text.as_deref(),
                limits.long_text_chars,
                || excerpt_path("text"),
                &excerpt_subject,
                "text",
            );
        }
        for (n, tag) in tags.iter().enumerate() {
            text(
                checker,
                Some(&**tag),
                limits.short_text_chars,
                || {
                    vec![
                        key("events"),
                        PathSegment::Index(i),
                        key("tags"),
                        PathSegment::Index(n),
                    ]
                },
                &subject,
                "tags",
            );
        }
    }
}
