//! The timeline every importer ends with: events drafted from the original's slides or rows,
//! given ids, categories and date order, as a document in our format.

use serde_json::{Map, Value, json};

use super::notes::{Notes, Place};
use crate::edit::{slug, unique_id};
use crate::model::{HistDate, Limits};

/// One event read from the original, before ids and categories are settled.
#[derive(Clone, Debug)]
pub struct EventDraft {
    /// The id the original gave it, with its place.
    pub id: Option<(String, Place)>,

    /// Plain-text title.
    pub title: String,

    /// The date.
    pub date: HistDate,

    /// How the date was read, and what of the original's date did not fit ours.
    pub date_notes: Vec<String>,

    /// Plain-text summary (may be empty).
    pub summary: String,

    /// The label of its group, category or era, when it has one.
    pub category: Option<String>,

    /// Free tags.
    pub tags: Vec<String>,
}

/// The parts of the timeline besides its events.
#[derive(Clone, Debug, Default)]
pub struct Heading {
    /// The title, when the original has one.
    pub title: Option<String>,

    /// A description, when the original has one.
    pub description: Option<String>,
}

/// What was assembled.
#[derive(Clone, Debug)]
pub struct Assembled {
    /// The timeline document in our format.
    pub document: Value,

    /// How many categories it has.
    pub categories: usize,
}

/// The label of the category for events the original left without one.
const OTHER_LABEL: &str = "Other";

/// Builds the document: ids from the original's (made valid and unique) or from titles,
/// categories in order of first use, events in date order (file order among equal dates).
pub fn assemble(
    heading: Heading,
    mut drafts: Vec<EventDraft>,
    file_stem: &str,
    notes: &mut Notes,
) -> Assembled {
    // Categories by label, in the order they first appear.
    let mut labels: Vec<String> = Vec::new();
    for label in drafts.iter().filter_map(|d| d.category.as_deref()) {
        if !labels.iter().any(|l| l == label) {
            labels.push(label.to_owned());
        }
    }
    let ungrouped = drafts.iter().any(|d| d.category.is_none()) || drafts.is_empty();
    let mut category_ids: Vec<String> = Vec::new();
    let mut categories = Vec::new();
    let fallback_label = if labels.is_empty() {
        "Events"
    } else {
        OTHER_LABEL
    };
    let all_labels: Vec<&str> = labels
        .iter()
        .map(String::as_str)
        .chain(ungrouped.then_some(fallback_label))
        .collect();
    for label in &all_labels {
        let id = unique_id(&slug(label, "category"), |id| {
            category_ids.iter().any(|c| c == id)
        });
        let label = within_limit(label, LIMITS.short_text_chars);
        categories.push(json!({ "id": id, "label": label }));
        category_ids.push(id);
    }
    let category_of = |label: Option<&str>| -> String {
        let label = label.unwrap_or(fallback_label);
        all_labels
            .iter()
            .position(|l| *l == label)
            .and_then(|i| category_ids.get(i).cloned())
            .unwrap_or_default()
    };

    drafts.sort_by_key(|d| d.date.day_span().start_day);
    let mut event_ids: Vec<String> = Vec::with_capacity(drafts.len());
    let mut taken = rustc_hash::FxHashSet::default();
    let mut events = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let id = match &draft.id {
            Some((given, place)) if !given.trim().is_empty() => {
                let made = slug(given, "event");
                let id = unique_id(&made, |id| taken.contains(id));
                if made != *given {
                    notes.warn_once(
                        "id-made-valid",
                        place.clone(),
                        format!(
                            "ids are made of lowercase letters, digits and \"-\": \"{given}\" \
                             became \"{id}\", and others like it"
                        ),
                    );
                } else if id != *given {
                    notes.warn(
                        place.clone(),
                        format!("the id \"{given}\" is used twice: this one became \"{id}\""),
                    );
                }
                id
            }
            _ => unique_id(&slug(&draft.title, "event"), |id| taken.contains(id)),
        };
        taken.insert(id.clone());
        let mut event = Map::new();
        event.insert("id".into(), id.clone().into());
        let mut summary = draft.summary;
        let title = within_limit(&draft.title, LIMITS.short_text_chars);
        if title != draft.title {
            notes.warn(
                Place::File,
                format!(
                    "event \"{id}\": the title is {} characters long, more than a timeline allows; \
                     it was shortened, and the whole of it starts the summary",
                    draft.title.chars().count()
                ),
            );
            summary = if summary.is_empty() {
                draft.title.clone()
            } else {
                format!("{}\n\n{summary}", draft.title)
            };
        }
        event.insert("title".into(), title.into());
        event.insert("date".into(), draft.date.to_edtf().into());
        event.insert(
            "category".into(),
            category_of(draft.category.as_deref()).into(),
        );
        let mut cut = |field: &str, text: &str, max: usize| {
            let kept = within_limit(text, max);
            if kept.len() != text.len() {
                notes.error(
                    Place::File,
                    format!(
                        "event \"{id}\": the {field} is {} characters long; only the first {} \
                         were kept, the most a timeline allows",
                        text.chars().count(),
                        max
                    ),
                );
            }
            kept
        };
        if !summary.is_empty() {
            let summary = cut("summary", &summary, LIMITS.long_text_chars);
            event.insert("summary".into(), summary.into());
        }
        if !draft.date_notes.is_empty() {
            let note = cut(
                "date note",
                &draft.date_notes.join(" "),
                LIMITS.long_text_chars,
            );
            event.insert("date_note".into(), note.into());
        }
        if !draft.tags.is_empty() {
            let tags: Vec<String> = draft
                .tags
                .iter()
                .take(LIMITS.items_per_event)
                .map(|tag| cut("tag", tag, LIMITS.short_text_chars))
                .collect();
            event.insert("tags".into(), tags.into());
        }
        events.push(Value::Object(event));
        event_ids.push(id);
    }

    let title = heading
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            let title = title_from_file_stem(file_stem);
            notes.warn(
                Place::File,
                format!("the file has no title; the timeline is called \"{title}\""),
            );
            title
        });
    let mut document = Map::new();
    document.insert("format".into(), 1.into());
    document.insert(
        "title".into(),
        within_limit(&title, LIMITS.short_text_chars).into(),
    );
    if let Some(description) = heading.description.filter(|d| !d.trim().is_empty()) {
        let kept = within_limit(&description, LIMITS.long_text_chars);
        if kept.len() != description.len() {
            notes.error(
                Place::File,
                format!(
                    "the description is {} characters long; only the first {} were kept",
                    description.chars().count(),
                    LIMITS.long_text_chars
                ),
            );
        }
        document.insert("description".into(), kept.into());
    }
    document.insert("sources".into(), Value::Array(Vec::new()));
    let category_count = categories.len();
    document.insert("categories".into(), Value::Array(categories));
    document.insert("events".into(), Value::Array(events));
    Assembled {
        document: Value::Object(document),
        categories: category_count,
    }
}

/// The limits the result must keep to, so that it loads.
const LIMITS: Limits = Limits::STANDARD;

/// `text`, or its start and "…" when it has more than `max` characters.
fn within_limit(text: &str, max: usize) -> String {
    if text.char_indices().nth(max).is_none() {
        return text.to_owned();
    }
    let end = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    format!("{}…", text.get(..end).unwrap_or_default())
}

/// `women_in_computing` → `Women in computing`.
fn title_from_file_stem(stem: &str) -> String {
    let words = stem.replace(['_', '-', '.'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Imported timeline".to_owned(),
    }
}

/// A title for an event the original left without one: the start of its summary, else its date.
pub fn fallback_title(summary: &str, date: &HistDate) -> String {
    const MAX_CHARS: usize = 60;
    let first_line = summary.lines().next().unwrap_or_default();
    let sentence = first_line
        .split_inclusive(". ")
        .next()
        .unwrap_or(first_line)
        .trim()
        .trim_end_matches('.');
    if sentence.is_empty() {
        return date.to_string();
    }
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_owned();
    }
    let mut cut: String = sentence.chars().take(MAX_CHARS).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, date: &str, category: Option<&str>, id: Option<&str>) -> EventDraft {
        EventDraft {
            id: id.map(|id| (id.to_owned(), Place::File)),
            title: title.to_owned(),
            date: HistDate::parse(date).unwrap(),
            date_notes: Vec::new(),
            summary: String::new(),
            category: category.map(str::to_owned),
            tags: Vec::new(),
        }
    }

    #[test]
    fn ids_categories_and_order() {
        let mut notes = Notes::default();
        let drafts = vec![
            draft("Later", "1990", Some("Politics"), Some("Later One")),
            draft("Earlier", "1980", None, None),
            draft("Same id", "1985", Some("Politics"), Some("later-one")),
        ];
        let assembled = assemble(Heading::default(), drafts, "my_sheet", &mut notes);
        let doc = &assembled.document;
        assert_eq!(doc["title"], "My sheet");
        assert_eq!(assembled.categories, 2);
        assert_eq!(doc["categories"][0]["label"], "Politics");
        assert_eq!(doc["categories"][1]["id"], "other");
        let ids: Vec<&str> = doc["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["earlier", "later-one", "later-one-2"]);
        assert_eq!(doc["events"][0]["category"], "other");
        let problems: Vec<String> = notes
            .into_problems("f", "")
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert!(
            problems
                .iter()
                .any(|m| m.contains("\"Later One\" became \"later-one-2\"")),
            "{problems:?}"
        );
    }

    #[test]
    fn texts_past_the_limits_are_shortened_and_a_long_title_kept_in_the_summary() {
        assert_eq!(within_limit("abc", 3), "abc");
        assert_eq!(within_limit("abcd", 3), "ab…");
        assert_eq!(within_limit("ééééé", 4).chars().count(), 4);
        let long = "Headline ".repeat(200);
        let mut notes = Notes::default();
        let date = HistDate::parse("1990").unwrap();
        let assembled = assemble(
            Heading::default(),
            vec![EventDraft {
                id: None,
                title: long.clone(),
                date,
                date_notes: Vec::new(),
                summary: "Text.".to_owned(),
                category: None,
                tags: Vec::new(),
            }],
            "t",
            &mut notes,
        );
        let event = &assembled.document["events"][0];
        let title = event["title"].as_str().unwrap();
        assert_eq!(title.chars().count(), 1000, "at the limit");
        assert!(title.ends_with('…'));
        assert_eq!(
            event["summary"].as_str().unwrap(),
            format!("{long}\n\nText."),
            "nothing lost"
        );
        let text = crate::edit::canonical_text(&assembled.document);
        let loaded = crate::model::load_bytes(text.as_bytes(), "t.json", &crate::model::NoSources);
        assert!(loaded.timeline.is_some(), "{:?}", loaded.problems);
    }

    #[test]
    fn fallback_titles_come_from_the_summary() {
        let date = HistDate::parse("1946").unwrap();
        assert_eq!(
            fallback_title("The building was a place for meetings. More.", &date),
            "The building was a place for meetings"
        );
        assert_eq!(fallback_title("", &date), "1946");
        let long = "word ".repeat(30);
        assert!(fallback_title(&long, &date).ends_with('…'));
    }
}
