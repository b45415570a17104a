//! Stage 1 of loading: the file's structure, before any meaning is checked.
//!
//! The fast path deserializes straight into these raw structs with serde (every field optional,
//! so missing fields are found in stage 2), noting unknown keys through `serde_ignored` (the
//! events of a large file, read one by one, are first read without it: see
//! [`KnownFieldsEvent`]). If the
//! file has a value of the wrong type anywhere, serde stops at the first one; then the slow path
//! parses a `serde_json::Value`, walks it, reports *every* wrong type, and builds the same raw
//! structs from what is usable. Both paths give stage 2 the same input, so valid files (the
//! common case) never pay for the walk.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::{Checker, kind_of};
use crate::model::locate::{JsonPath, PathSegment};

/// Text of an event as read: borrowed from the file's text when it has no escapes (most do), so
/// that a large file's events are not copied string by string before they are checked.
pub(super) type RawText<'a> = Cow<'a, str>;

/// Reads optional text, borrowing it from the input when it can. (`Option<Cow<str>>` with
/// serde's own `borrow` would always copy.)
fn borrowed_text<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<RawText<'a>>, D::Error> {
    struct TextVisitor;

    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Cow<'de, str>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text")
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(text))
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(text.to_owned()))
        }

        fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(text))
        }
    }

    struct Text<'a>(Cow<'a, str>);

    impl<'de> Deserialize<'de> for Text<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(TextVisitor).map(Text)
        }
    }

    Ok(Option::<Text<'de>>::deserialize(deserializer)?.map(|text| text.0))
}

/// A list of texts, each borrowed when it can be.
fn borrowed_texts<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<RawText<'a>>>, D::Error> {
    struct Item<'a>(Cow<'a, str>);

    impl<'de> Deserialize<'de> for Item<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            borrowed_text(deserializer)?
                .map(Item)
                .ok_or_else(|| serde::de::Error::custom("a tag must be text"))
        }
    }

    let list = Option::<Vec<Item<'de>>>::deserialize(deserializer)?;
    Ok(list.map(|items| items.into_iter().map(|item| item.0).collect()))
}

/// The top level of a timeline file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawFile<'a> {
    pub format: Option<Value>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "objects")]
    pub sources: Option<Vec<RawSource>>,
    #[serde(deserialize_with = "objects")]
    pub categories: Option<Vec<RawCategory>>,
    #[serde(deserialize_with = "objects", borrow)]
    pub events: Option<Vec<RawEvent<'a>>>,
    /// Tour stops; `None` entries were not text (already reported).
    pub tour: Option<Vec<Option<String>>>,
    /// The period to open on.
    pub view: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawSource {
    /// Position in the file's `sources` list.
    #[serde(skip)]
    pub index: usize,
    pub id: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub file: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawCategory {
    /// Position in the file's `categories` list.
    #[serde(skip)]
    pub index: usize,
    pub id: Option<String>,
    pub label: Option<String>,
    pub color: Option<String>,
}

/// Declares the raw structs of an event and of its excerpts, with the fields given, twice: as
/// `RawEvent` and `RawExcerpt`, and as `KnownFieldsEvent` and `KnownFieldsExcerpt`, which refuse
/// unknown fields, with the conversion from the latter to the former.
macro_rules! raw_events {
    (
        event { $($(#[$event_attribute:meta])* $event_field:ident: $event_type:ty,)* }
        excerpt { $($(#[$excerpt_attribute:meta])* $excerpt_field:ident: $excerpt_type:ty,)* }
    ) => {
        raw_events!(@declare [] RawEvent, RawExcerpt;
            $($(#[$event_attribute])* $event_field: $event_type,)*;
            $($(#[$excerpt_attribute])* $excerpt_field: $excerpt_type,)*);

        // An event read without `serde_ignored`, which refuses any field it does not know:
        // reading an event this way first, and the way that notes unknown fields only when it
        // fails, reads the same events. `serde_ignored` copies every key it meets (to name the
        // field if its value is ignored): ten allocations for an event with one excerpt, a
        // sixth of the time of reading it.
        raw_events!(@declare [serde(deny_unknown_fields)] KnownFieldsEvent, KnownFieldsExcerpt;
            $($(#[$event_attribute])* $event_field: $event_type,)*;
            $($(#[$excerpt_attribute])* $excerpt_field: $excerpt_type,)*);

        impl<'a> From<KnownFieldsEvent<'a>> for RawEvent<'a> {
            fn from(event: KnownFieldsEvent<'a>) -> Self {
                let excerpts = event.excerpts.map(|excerpts| {
                    excerpts
                        .into_iter()
                        .map(|excerpt| RawExcerpt {
                            index: excerpt.index,
                            $($excerpt_field: excerpt.$excerpt_field,)*
                        })
                        .collect()
                });
                Self {
                    index: event.index,
                    $($event_field: event.$event_field,)*
                    excerpts,
                }
            }
        }
    };
    (@declare [$($attribute:meta)*] $event:ident, $excerpt:ident;
        $($(#[$event_attribute:meta])* $event_field:ident: $event_type:ty,)*;
        $($(#[$excerpt_attribute:meta])* $excerpt_field:ident: $excerpt_type:ty,)*
    ) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        $(#[$attribute])*
        pub(super) struct $event<'a> {
            /// Position in the file's `events` list.
            #[serde(skip)]
            pub index: usize,
            $($(#[$event_attribute])* pub $event_field: $event_type,)*
            #[serde(deserialize_with = "objects", borrow)]
            pub excerpts: Option<Vec<$excerpt<'a>>>,
        }

        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        $(#[$attribute])*
        pub(super) struct $excerpt<'a> {
            /// Position in its event's `excerpts` list.
            #[serde(skip)]
            pub index: usize,
            $($(#[$excerpt_attribute])* pub $excerpt_field: $excerpt_type,)*
        }
    };
}

raw_events! {
    event {
        #[serde(deserialize_with = "borrowed_text", borrow)]
        id: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        title: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        date: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        category: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        status: Option<RawText<'a>>,
        importance: Option<Value>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        summary: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        date_note: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_texts", borrow)]
        tags: Option<Vec<RawText<'a>>>,
    }
    excerpt {
        #[serde(deserialize_with = "borrowed_text", borrow)]
        source: Option<RawText<'a>>,
        #[serde(deserialize_with = "borrowed_text", borrow)]
        text: Option<RawText<'a>>,
    }
}

/// Deserializes `T` from a JSON object only. Derived structs would also accept a list of their
/// fields' values (`[]` would make an empty category); a list must instead take the slow path,
/// which reports it.
pub(super) struct MapOnly<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(MapOnly)
    }
}

/// An optional list of objects (see [`MapOnly`]).
fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Vec<T>>, D::Error> {
    let list = Option::<Vec<MapOnly<T>>>::deserialize(deserializer)?;
    Ok(list.map(|items| items.into_iter().map(|item| item.0).collect()))
}

/// The fields each kind of object may have, in the order of the format description (which is
/// also the order the canonical layout writes them in).
pub const TOP_FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "sources",
    "categories",
    "events",
    "tour",
    "view",
];
pub const SOURCE_FIELDS: &[&str] = &["id", "title", "author", "date", "file", "url", "note"];
pub const CATEGORY_FIELDS: &[&str] = &["id", "label", "color"];
pub const EVENT_FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "category",
    "status",
    "importance",
    "summary",
    "date_note",
    "excerpts",
    "tags",
];
pub const EXCERPT_FIELDS: &[&str] = &["source", "text"];

/// The fast path: typed deserialization. `None` when any value has the wrong type (or the text
/// is not JSON); the caller then takes the slow path.
pub(super) fn parse_fast(text: &str) -> Option<(RawFile<'_>, Vec<JsonPath>)> {
    let mut unknown: Vec<JsonPath> = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let MapOnly(mut raw): MapOnly<RawFile<'_>> =
        serde_ignored::deserialize(&mut deserializer, |path| {
            unknown.push(json_path_from_ignored(&path));
        })
        .ok()?;
    deserializer.end().ok()?;
    number_items(&mut raw);
    Some((raw, unknown))
}

/// Sets each item's position in its list (the fast path reads them in file order).
fn number_items(raw: &mut RawFile<'_>) {
    for (i, source) in raw.sources.iter_mut().flatten().enumerate() {
        source.index = i;
    }
    for (i, category) in raw.categories.iter_mut().flatten().enumerate() {
        category.index = i;
    }
    for (i, event) in raw.events.iter_mut().flatten().enumerate() {
        event.index = i;
        for (j, excerpt) in event.excerpts.iter_mut().flatten().enumerate() {
            excerpt.index = j;
        }
    }
}

pub(super) fn json_path_from_ignored(path: &serde_ignored::Path<'_>) -> JsonPath {
    let mut segments = Vec::new();
    let mut current = path;
    loop {
        match current {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                segments.push(PathSegment::Index(*index));
                current = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                segments.push(PathSegment::Key(key.clone()));
                current = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => current = parent,
        }
    }
    segments.reverse();
    segments
}

// ---------------------------------------------------------------------------------------------
// The slow path.

/// An object being read, with its path and how to name it in messages.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: JsonPath,
    /// `event "nsd-23"`, `source #2`, `the timeline file`.
    subject: String,
}

impl Obj<'_> {
    fn path_to(&self, key: &str) -> JsonPath {
        let mut path = self.path.clone();
        path.push(PathSegment::Key(key.to_owned()));
        path
    }
}

fn push_index(path: &JsonPath, index: usize) -> JsonPath {
    let mut path = path.clone();
    path.push(PathSegment::Index(index));
    path
}

/// The name of the `index`-th item of a list in messages: `event "x"` when it has a usable id.
pub(super) fn item_subject(kind: &str, index: usize, id: Option<&str>) -> String {
    Subject::item(kind, index, id).to_string()
}

/// How a message names an item (`event "camp-david"`, `event #12` when it has no usable id,
/// `event "x", excerpt 2`). It is written out only when a message needs it: a million events
/// without problems cost no text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Subject<'a> {
    kind: &'a str,
    index: usize,
    id: Option<&'a str>,
    excerpt: Option<usize>,
}

impl<'a> Subject<'a> {
    /// The `index`-th item of a list, of this kind, with this id.
    pub(super) fn item(kind: &'a str, index: usize, id: Option<&'a str>) -> Self {
        Self {
            kind,
            index,
            id,
            excerpt: None,
        }
    }

    /// The `number`-th excerpt (from 0) of this item.
    pub(super) fn excerpt(self, number: usize) -> Self {
        Self {
            excerpt: Some(number),
            ..self
        }
    }
}

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.id {
            Some(id) if !id.is_empty() && id.len() <= 80 => write!(f, "{} \"{id}\"", self.kind)?,
            _ => write!(f, "{} #{}", self.kind, self.index + 1)?,
        }
        if let Some(number) = self.excerpt {
            write!(f, ", excerpt {}", number + 1)?;
        }
        Ok(())
    }
}

/// The slow path: walks a parsed document, reporting every value of the wrong type and every
/// unknown field, and keeps what is usable.
pub(super) fn parse_slow<'v>(
    root: &'v Value,
    checker: &mut Checker,
) -> Option<(RawFile<'v>, Vec<JsonPath>)> {
    let mut unknown = Vec::new();
    let top = object(checker, root, Vec::new(), "the timeline file".to_owned())?;
    unknown_keys(&top, TOP_FIELDS, &mut unknown);
    let mut raw = RawFile {
        format: top.map.get("format").cloned(),
        title: text(checker, &top, "title"),
        description: text(checker, &top, "description"),
        view: text(checker, &top, "view"),
        ..RawFile::default()
    };
    raw.sources = list(checker, &top, "sources").map(|items| {
        items
            .iter()
            .enumerate()
            .filter_map(|(index, value)| {
                let obj = object(
                    checker,
                    value,
                    push_index(&top.path_to("sources"), index),
                    item_subject("source", index, value.get("id").and_then(Value::as_str)),
                )?;
                unknown_keys(&obj, SOURCE_FIELDS, &mut unknown);
                Some(RawSource {
                    index,
                    id: text(checker, &obj, "id"),
                    title: text(checker, &obj, "title"),
                    author: text(checker, &obj, "author"),
                    date: text(checker, &obj, "date"),
                    file: text(checker, &obj, "file"),
                    url: text(checker, &obj, "url"),
                    note: text(checker, &obj, "note"),
                })
            })
            .collect()
    });
    raw.categories = list(checker, &top, "categories").map(|items| {
        items
            .iter()
            .enumerate()
            .filter_map(|(index, value)| {
                let obj = object(
                    checker,
                    value,
                    push_index(&top.path_to("categories"), index),
                    item_subject("category", index, value.get("id").and_then(Value::as_str)),
                )?;
                unknown_keys(&obj, CATEGORY_FIELDS, &mut unknown);
                Some(RawCategory {
                    index,
                    id: text(checker, &obj, "id"),
                    label: text(checker, &obj, "label"),
                    color: text(checker, &obj, "color"),
                })
            })
            .collect()
    });
    raw.events = list(checker, &top, "events").map(|items| {
        items
            .iter()
            .enumerate()
            .filter_map(|(index, value)| {
                let obj = object(
                    checker,
                    value,
                    push_index(&top.path_to("events"), index),
                    item_subject("event", index, value.get("id").and_then(Value::as_str)),
                )?;
                unknown_keys(&obj, EVENT_FIELDS, &mut unknown);
                Some(event(checker, &obj, index, &mut unknown))
            })
            .collect()
    });
    raw.tour = list(checker, &top, "tour").map(|items| {
        items
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let id = value.as_str().map(str::to_owned);
                if id.is_none() {
                    checker.type_error(
                        push_index(&top.path_to("tour"), i),
                        format!(
                            "tour stop {}: must be an event id in double quotes, not {}",
                            i + 1,
                            kind_of(value)
                        ),
                    );
                }
                id
            })
            .collect()
    });
    Some((raw, unknown))
}

fn event<'v>(
    checker: &mut Checker,
    obj: &Obj<'v>,
    index: usize,
    unknown: &mut Vec<JsonPath>,
) -> RawEvent<'v> {
    let excerpts = list(checker, obj, "excerpts").map(|items| {
        items
            .iter()
            .enumerate()
            .filter_map(|(j, value)| {
                let subject = format!("{}, excerpt {}", obj.subject, j + 1);
                let excerpt = object(
                    checker,
                    value,
                    push_index(&obj.path_to("excerpts"), j),
                    subject,
                )?;
                unknown_keys(&excerpt, EXCERPT_FIELDS, unknown);
                Some(RawExcerpt {
                    index: j,
                    source: text(checker, &excerpt, "source").map(Cow::Owned),
                    text: text(checker, &excerpt, "text").map(Cow::Owned),
                })
            })
            .collect()
    });
    let tags = list(checker, obj, "tags").map(|items| {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, value)| {
                if let Value::String(tag) = value {
                    Some(Cow::Borrowed(tag.as_str()))
                } else {
                    checker.type_error(
                        push_index(&obj.path_to("tags"), i),
                        format!(
                            "{}: each tag must be text, not {}",
                            obj.subject,
                            kind_of(value)
                        ),
                    );
                    None
                }
            })
            .collect()
    });
    let text = |checker: &mut Checker, key: &str| text(checker, obj, key).map(Cow::Owned);
    RawEvent {
        index,
        id: text(checker, "id"),
        title: text(checker, "title"),
        date: text(checker, "date"),
        category: text(checker, "category"),
        status: text(checker, "status"),
        importance: obj.map.get("importance").filter(|v| !v.is_null()).cloned(),
        summary: text(checker, "summary"),
        date_note: text(checker, "date_note"),
        excerpts,
        tags,
    }
}

/// Reads an object or reports what was found instead.
fn object<'v>(
    checker: &mut Checker,
    value: &'v Value,
    path: JsonPath,
    subject: String,
) -> Option<Obj<'v>> {
    if let Value::Object(map) = value {
        Some(Obj { map, path, subject })
    } else {
        checker.type_error(
            path,
            format!(
                "{subject} must be an object {{...}}, not {}",
                kind_of(value)
            ),
        );
        None
    }
}

/// Notes keys the format does not define.
fn unknown_keys(obj: &Obj<'_>, known: &[&str], unknown: &mut Vec<JsonPath>) {
    for key in obj.map.keys() {
        if !known.contains(&key.as_str()) {
            unknown.push(obj.path_to(key));
        }
    }
}

/// A text field; `null` counts as absent; anything else is reported.
fn text(checker: &mut Checker, obj: &Obj<'_>, key: &str) -> Option<String> {
    match obj.map.get(key)? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => {
            checker.type_error(
                obj.path_to(key),
                format!(
                    "{}: \"{key}\" must be text in double quotes, not {}",
                    obj.subject,
                    kind_of(other)
                ),
            );
            None
        }
    }
}

/// A list field; `null` counts as absent; anything else is reported.
fn list<'v>(checker: &mut Checker, obj: &Obj<'v>, key: &str) -> Option<&'v [Value]> {
    match obj.map.get(key)? {
        Value::Null => None,
        Value::Array(items) => Some(items),
        other => {
            checker.type_error(
                obj.path_to(key),
                format!(
                    "{}: \"{key}\" must be a list [...], not {}",
                    obj.subject,
                    kind_of(other)
                ),
            );
            None
        }
    }
}
