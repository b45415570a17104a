//! The one canonical layout of a timeline file, shared by the editor's save, `sourceline fmt`
//! and the importers: members in the order of the format description (then any unknown ones, as
//! they were), two-space indentation, each event its own block, and a final line break. Values
//! (dates, text, numbers) are never changed, only where they stand.

use serde::ser::{Serialize, SerializeMap as _, SerializeSeq as _, Serializer};
use serde_json::Value;

use crate::model::{
    CATEGORY_FIELDS as CATEGORY, EVENT_FIELDS as EVENT, EXCERPT_FIELDS as EXCERPT,
    SOURCE_FIELDS as SOURCE, TOP_FIELDS as TOP,
};

/// The text of a timeline document in the canonical layout.
///
/// Written straight from the document, each object's members taken in their canonical order
/// as they are written: nothing is copied (the editor writes this text after every change, and
/// a copy of a large document in the canonical order cost three times the writing).
pub fn canonical_text(document: &Value) -> String {
    // Serializing a `Value` cannot fail (its keys are strings).
    let mut text = serde_json::to_string_pretty(&Shaped(document, Shape::Top)).unwrap_or_default();
    text.push('\n');
    text
}

/// The document with every member in its canonical place.
pub fn canonical_order(document: &Value) -> Value {
    // Reading back the canonical text gives the same members in the same order.
    serde_json::from_str(&canonical_text(document)).unwrap_or_else(|_| document.clone())
}

/// What an object is in a timeline document, which decides the order of its members.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The document itself.
    Top,
    /// An item of `sources`.
    Source,
    /// An item of `categories`.
    Category,
    /// An item of `events`.
    Event,
    /// An item of an event's `excerpts`.
    Excerpt,
    /// Anything else: written as it is.
    Plain,
}

impl Shape {
    /// The members named by the format, in its order.
    fn order(self) -> &'static [&'static str] {
        match self {
            Self::Top => TOP,
            Self::Source => SOURCE,
            Self::Category => CATEGORY,
            Self::Event => EVENT,
            Self::Excerpt => EXCERPT,
            Self::Plain => &[],
        }
    }

    /// The shape of the items of the list under `key` of an object of this shape.
    fn items_of(self, key: &str) -> Self {
        match (self, key) {
            (Self::Top, "sources") => Self::Source,
            (Self::Top, "categories") => Self::Category,
            (Self::Top, "events") => Self::Event,
            (Self::Event, "excerpts") => Self::Excerpt,
            _ => Self::Plain,
        }
    }
}

/// A value written with the members of its objects in the order of its shape.
struct Shaped<'a>(&'a Value, Shape);

impl Serialize for Shaped<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Self(value, shape) = *self;
        let Value::Object(object) = value else {
            return value.serialize(serializer);
        };
        if shape == Shape::Plain {
            return value.serialize(serializer);
        }
        let order = shape.order();
        let mut map = serializer.serialize_map(Some(object.len()))?;
        let named = order.iter().filter_map(|key| object.get_key_value(*key));
        let others = object
            .iter()
            .filter(|(key, _)| !order.contains(&key.as_str()));
        for (key, member) in named.chain(others) {
            map.serialize_entry(key, &Member(member, shape.items_of(key)))?;
        }
        map.end()
    }
}

/// A member's value: a list whose items have a shape, or a value written as it is.
struct Member<'a>(&'a Value, Shape);

impl Serialize for Member<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self(Value::Array(items), shape) if *shape != Shape::Plain => {
                let mut list = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    list.serialize_element(&Shaped(item, *shape))?;
                }
                list.end()
            }
            Self(value, _) => value.serialize(serializer),
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_take_the_format_order_and_unknown_ones_follow_as_they_were() {
        let messy = r#"{"events": [{"tags": ["b", "a"], "zeta": 1, "date": "1945~",
            "id": "e", "excerpts": [{"text": "Quote  with  spaces", "source": "s"}],
            "title": "É", "alpha": {"y": 1, "x": 2}, "category": "c"}],
            "title": "T", "x-custom": true, "format": 1, "categories": [{"label": "C", "id": "c"}],
            "sources": []}"#;
        let value: Value = serde_json::from_str(messy).unwrap();
        let text = canonical_text(&value);
        assert_eq!(
            text,
            r#"{
  "format": 1,
  "title": "T",
  "sources": [],
  "categories": [
    {
      "id": "c",
      "label": "C"
    }
  ],
  "events": [
    {
      "id": "e",
      "title": "É",
      "date": "1945~",
      "category": "c",
      "excerpts": [
        {
          "source": "s",
          "text": "Quote  with  spaces"
        }
      ],
      "tags": [
        "b",
        "a"
      ],
      "zeta": 1,
      "alpha": {
        "y": 1,
        "x": 2
      }
    }
  ],
  "x-custom": true
}
"#
        );
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(canonical_text(&again), text, "idempotent");
    }

    /// The layout as first written: the document copied into the canonical order, then written.
    fn by_copying(document: &Value) -> String {
        fn ordered(
            object: &serde_json::Map<String, Value>,
            order: &[&str],
        ) -> serde_json::Map<String, Value> {
            let mut out = serde_json::Map::with_capacity(object.len());
            for key in order {
                if let Some(value) = object.get(*key) {
                    out.insert((*key).to_owned(), value.clone());
                }
            }
            for (key, value) in object {
                if !order.contains(&key.as_str()) {
                    out.insert(key.clone(), value.clone());
                }
            }
            out
        }
        let Value::Object(top) = document else {
            return format!("{}\n", serde_json::to_string_pretty(document).unwrap());
        };
        let mut top = ordered(top, TOP);
        for (key, order) in [
            ("sources", SOURCE),
            ("categories", CATEGORY),
            ("events", EVENT),
        ] {
            if let Some(Value::Array(items)) = top.get_mut(key) {
                for item in items.iter_mut() {
                    if let Value::Object(members) = item {
                        *members = ordered(members, order);
                    }
                    if key == "events"
                        && let Some(Value::Array(excerpts)) = item.get_mut("excerpts")
                    {
                        for excerpt in excerpts {
                            if let Value::Object(members) = excerpt {
                                *members = ordered(members, EXCERPT);
                            }
                        }
                    }
                }
            }
        }
        format!(
            "{}\n",
            serde_json::to_string_pretty(&Value::Object(top)).unwrap()
        )
    }

    #[test]
    fn writing_in_order_gives_the_layout_of_copying_into_order() {
        for text in [
            include_str!("../../events.json"),
            r#"{"events": [1, "x", {"excerpts": "no list", "id": "e"}, {"excerpts": [2, {"text": "t", "x": 1, "source": "s"}]}],
                "sources": [{"note": "n", "id": "s"}, []], "categories": {"not": "a list"}, "format": 1}"#,
            r#"[{"title": "not an object at the top"}]"#,
            r#""a string""#,
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(canonical_text(&value), by_copying(&value), "{text:.80}");
            assert_eq!(
                canonical_text(&canonical_order(&value)),
                canonical_text(&value)
            );
        }
    }
}
