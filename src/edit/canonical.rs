//! The one canonical layout of a timeline file, shared by the editor's save, `sourceline fmt`
//! and the importers: members in the order of the format description (then any unknown ones, as
//! they were), two-space indentation, each event its own block, and a final line break. Values
//! (dates, text, numbers) are never changed, only where they stand.

use serde_json::{Map, Value};

use crate::model::{
    CATEGORY_FIELDS as CATEGORY, EVENT_FIELDS as EVENT, EXCERPT_FIELDS as EXCERPT,
    SOURCE_FIELDS as SOURCE, TOP_FIELDS as TOP,
};

/// The text of a timeline document in the canonical layout.
pub fn canonical_text(document: &Value) -> String {
    let ordered = canonical_order(document);
    // Serializing a `Value` cannot fail (its keys are strings).
    let mut text = serde_json::to_string_pretty(&ordered).unwrap_or_default();
    text.push('\n');
    text
}

/// The document with every member in its canonical place.
pub fn canonical_order(document: &Value) -> Value {
    let Value::Object(top) = document else {
        return document.clone();
    };
    let mut top = ordered(top, TOP);
    for (key, order) in [("sources", SOURCE), ("categories", CATEGORY)] {
        if let Some(Value::Array(items)) = top.get_mut(key) {
            order_items(items, order);
        }
    }
    if let Some(Value::Array(events)) = top.get_mut("events") {
        order_items(events, EVENT);
        for event in events {
            if let Some(Value::Array(excerpts)) = event.get_mut("excerpts") {
                order_items(excerpts, EXCERPT);
            }
        }
    }
    Value::Object(top)
}

/// Reorders each object of a list.
fn order_items(items: &mut [Value], order: &[&str]) {
    for item in items {
        if let Value::Object(members) = item {
            *members = ordered(members, order);
        }
    }
}

/// The members of `object`: first those named in `order`, in that order, then the others as
/// they were.
fn ordered(object: &Map<String, Value>, order: &[&str]) -> Map<String, Value> {
    let mut out = Map::with_capacity(object.len());
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
}
