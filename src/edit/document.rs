//! The timeline file being edited: its JSON as written (unknown members included, so a save
//! loses nothing the editor does not know), the edits a user can make to it, and whether it
//! differs from what is on disk.
//!
//! Each [`Edit`] becomes a [`Change`] of path operations, recorded for undo. Events, categories
//! and sources are addressed by id (their place in the file does not matter to the user).

use serde_json::{Map, Value};

use super::canonical::canonical_text;
use super::history::{Change, History, Op, OpError};
use crate::model::{JsonPath, PathSegment};

/// Something the editor asks to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Set (with `None`: remove) a top-level member: `title`, `description`, `view`.
    SetTimeline {
        /// The member.
        key: String,
        /// Its value.
        value: Option<Value>,
    },

    /// Set (or remove) a member of an event. Changing `id` also changes its tour stops.
    SetEvent {
        /// The event's id.
        event: String,
        /// The member.
        key: String,
        /// Its value.
        value: Option<Value>,
    },

    /// Add an event (an object in the file's form) at the end of the list.
    AddEvent(Value),

    /// Add several events at once (one undo step).
    AddEvents(Vec<Value>),

    /// Delete an event, and its tour stops.
    DeleteEvent(String),

    /// Add an excerpt (`{"source": …, "text": …}`) after an event's others.
    AddExcerpt {
        /// The event's id.
        event: String,
        /// The excerpt.
        excerpt: Value,
    },

    /// Remove an event's excerpt.
    RemoveExcerpt {
        /// The event's id.
        event: String,
        /// Which.
        index: usize,
    },

    /// Move an event's excerpt (the first is the one shown first).
    MoveExcerpt {
        /// The event's id.
        event: String,
        /// From.
        from: usize,
        /// To.
        to: usize,
    },

    /// Add a category (an object in the file's form) at the end.
    AddCategory(Value),

    /// Set (or remove) a member of a category (`label`, `color`).
    SetCategory {
        /// The category's id.
        category: String,
        /// The member.
        key: String,
        /// Its value.
        value: Option<Value>,
    },

    /// Remove a category no event uses.
    RemoveCategory(String),

    /// Move a category (the lanes follow the file's order).
    MoveCategory {
        /// From.
        from: usize,
        /// To.
        to: usize,
    },

    /// Add a tour stop at the end (the tour is created when the file has none).
    AddTourStop(String),

    /// Remove a tour stop.
    RemoveTourStop(usize),

    /// Move a tour stop.
    MoveTourStop {
        /// From.
        from: usize,
        /// To.
        to: usize,
    },

    /// Add a source (an object in the file's form) at the end.
    AddSource(Value),

    /// Set (or remove) a member of a source.
    SetSource {
        /// The source's id.
        source: String,
        /// The member.
        key: String,
        /// Its value.
        value: Option<Value>,
    },
}

/// Why an edit could not be made; the document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The event, category or source is not in the document.
    #[error("there is no {kind} \"{id}\"")]
    Missing {
        /// `event`, `category`, `source`.
        kind: &'static str,
        /// Its id.
        id: String,
    },

    /// The new id is used already.
    #[error("the id \"{0}\" is already used")]
    IdTaken(String),

    /// A category still has events.
    #[error("the category \"{0}\" still has events; move them to another category first")]
    CategoryInUse(String),

    /// The document is not a timeline object, or a position is out of range.
    #[error("{0}")]
    Document(#[from] OpError),
}

/// A timeline file being edited.
#[derive(Clone, Debug)]
pub struct EditDocument {
    root: Value,
    history: History,
    /// The canonical text of `root`.
    text: String,
    /// The canonical text as last loaded or saved.
    saved_text: String,
}

impl EditDocument {
    /// Starts editing a file with this text (which must be a JSON object).
    pub fn from_text(text: &str) -> Result<Self, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if !root.is_object() {
            return Err("the file is not a JSON object".to_owned());
        }
        let text = canonical_text(&root);
        Ok(Self {
            root,
            history: History::default(),
            saved_text: text.clone(),
            text,
        })
    }

    /// The document.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// Its text in the canonical layout (what a save writes).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it differs from what was last loaded or saved.
    pub fn is_dirty(&self) -> bool {
        self.text != self.saved_text
    }

    /// Records that the current text was saved.
    pub fn mark_saved(&mut self) {
        self.saved_text.clone_from(&self.text);
        self.history.close_run();
    }

    /// Treats the document as unsaved (restored from a recovery file).
    pub fn mark_unsaved(&mut self, saved_text: String) {
        self.saved_text = saved_text;
    }

    /// Makes an edit (undoable).
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let change = self.change_for(edit)?;
        self.history.apply(&mut self.root, change)?;
        self.text = canonical_text(&self.root);
        Ok(())
    }

    /// Ends a run of typing, so the next edit is its own undo step.
    pub fn close_run(&mut self) {
        self.history.close_run();
    }

    /// Undoes the last edit; returns what it was.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.root)?;
        self.text = canonical_text(&self.root);
        Some(label)
    }

    /// Redoes the last undone edit; returns what it was.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.root)?;
        self.text = canonical_text(&self.root);
        Some(label)
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// The items of a top-level list (`events`, `categories`, `sources`, `tour`).
    pub fn list(&self, key: &str) -> &[Value] {
        self.root
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Map<String, Value>> {
        self.item("events", id)
    }

    /// The item of a top-level list with this id.
    pub fn item(&self, list: &str, id: &str) -> Option<&Map<String, Value>> {
        self.list(list)
            .iter()
            .filter_map(Value::as_object)
            .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
    }

    /// Whether an item of a top-level list has this id.
    pub fn has_id(&self, list: &str, id: &str) -> bool {
        self.item(list, id).is_some()
    }

    /// The position of the item with this id in a top-level list.
    fn position(&self, list: &str, kind: &'static str, id: &str) -> Result<usize, EditError> {
        self.list(list)
            .iter()
            .position(|v| v.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(|| EditError::Missing {
                kind,
                id: id.to_owned(),
            })
    }

    /// The operations of an edit.
    fn change_for(&self, edit: Edit) -> Result<Change, EditError> {
        let change = |label: &str, coalesce_key: Option<String>, ops: Vec<Op>| Change {
            label: label.to_owned(),
            coalesce_key,
            ops,
        };
        Ok(match edit {
            Edit::SetTimeline { key, value } => change(
                &format!("Edit the timeline's {}", field_name(&key)),
                Some(format!("timeline/{key}")),
                vec![Op::Set {
                    object: vec![],
                    key,
                    value,
                }],
            ),
            Edit::SetEvent { event, key, value } => {
                let index = self.position("events", "event", &event)?;
                let mut ops = Vec::new();
                if key == "id" {
                    ops.extend(self.renamed_tour_stops(&event, value.as_ref())?);
                }
                ops.insert(
                    0,
                    Op::Set {
                        object: item_path("events", index),
                        key: key.clone(),
                        value,
                    },
                );
                change(
                    &format!("Edit the event's {}", field_name(&key)),
                    Some(format!("event/{event}/{key}")),
                    ops,
                )
            }
            Edit::AddEvent(value) => {
                self.check_new_id("events", &value)?;
                change("Add an event", None, self.append("events", value))
            }
            Edit::AddEvents(values) => {
                for value in &values {
                    self.check_new_id("events", value)?;
                }
                let mut ops = Vec::new();
                if self.root.get("events").and_then(Value::as_array).is_none() {
                    ops.push(Op::Set {
                        object: vec![],
                        key: "events".to_owned(),
                        value: Some(Value::Array(Vec::new())),
                    });
                }
                let start = self.list("events").len();
                ops.extend(values.into_iter().enumerate().map(|(i, value)| Op::Insert {
                    list: top("events"),
                    index: start + i,
                    value,
                }));
                change("Add events", None, ops)
            }
            Edit::DeleteEvent(event) => {
                let index = self.position("events", "event", &event)?;
                let mut ops = self.removed_tour_stops(&event);
                ops.push(Op::Remove {
                    list: top("events"),
                    index,
                });
                change("Delete an event", None, ops)
            }
            Edit::AddExcerpt { event, excerpt } => {
                let index = self.position("events", "event", &event)?;
                let excerpts = self
                    .list("events")
                    .get(index)
                    .and_then(|e| e.get("excerpts"))
                    .and_then(Value::as_array);
                let mut ops = Vec::new();
                if excerpts.is_none() {
                    ops.push(Op::Set {
                        object: item_path("events", index),
                        key: "excerpts".to_owned(),
                        value: Some(Value::Array(Vec::new())),
                    });
                }
                ops.push(Op::Insert {
                    list: excerpts_path(index),
                    index: excerpts.map_or(0, Vec::len),
                    value: excerpt,
                });
                change("Add an excerpt", None, ops)
            }
            Edit::RemoveExcerpt { event, index } => {
                let event = self.position("events", "event", &event)?;
                change(
                    "Remove an excerpt",
                    None,
                    vec![Op::Remove {
                        list: excerpts_path(event),
                        index,
                    }],
                )
            }
            Edit::MoveExcerpt { event, from, to } => {
                let event = self.position("events", "event", &event)?;
                change(
                    "Move an excerpt",
                    None,
                    vec![Op::Move {
                        list: excerpts_path(event),
                        from,
                        to,
                    }],
                )
            }
            Edit::AddCategory(value) => {
                self.check_new_id("categories", &value)?;
                change("Add a category", None, self.append("categories", value))
            }
            Edit::SetCategory {
                category,
                key,
                value,
            } => {
                let index = self.position("categories", "category", &category)?;
                change(
                    &format!("Edit the category's {}", field_name(&key)),
                    Some(format!("category/{category}/{key}")),
                    vec![Op::Set {
                        object: item_path("categories", index),
                        key,
                        value,
                    }],
                )
            }
            Edit::RemoveCategory(category) => {
                let index = self.position("categories", "category", &category)?;
                let used = self
                    .list("events")
                    .iter()
                    .any(|e| e.get("category").and_then(Value::as_str) == Some(&category));
                if used {
                    return Err(EditError::CategoryInUse(category));
                }
                change(
                    "Remove a category",
                    None,
                    vec![Op::Remove {
                        list: top("categories"),
                        index,
                    }],
                )
            }
            Edit::MoveCategory { from, to } => change(
                "Move a category",
                None,
                vec![Op::Move {
                    list: top("categories"),
                    from,
                    to,
                }],
            ),
            Edit::AddTourStop(event) => {
                self.position("events", "event", &event)?;
                change(
                    "Add a tour stop",
                    None,
                    self.append("tour", Value::String(event)),
                )
            }
            Edit::RemoveTourStop(index) => change(
                "Remove a tour stop",
                None,
                vec![Op::Remove {
                    list: top("tour"),
                    index,
                }],
            ),
            Edit::MoveTourStop { from, to } => change(
                "Move a tour stop",
                None,
                vec![Op::Move {
                    list: top("tour"),
                    from,
                    to,
                }],
            ),
            Edit::AddSource(value) => {
                self.check_new_id("sources", &value)?;
                change("Add a source", None, self.append("sources", value))
            }
            Edit::SetSource { source, key, value } => {
                let index = self.position("sources", "source", &source)?;
                change(
                    &format!("Edit the source's {}", field_name(&key)),
                    Some(format!("source/{source}/{key}")),
                    vec![Op::Set {
                        object: item_path("sources", index),
                        key,
                        value,
                    }],
                )
            }
        })
    }

    /// Appending to a top-level list, created when missing.
    fn append(&self, list: &str, value: Value) -> Vec<Op> {
        let mut ops = Vec::new();
        if self.root.get(list).and_then(Value::as_array).is_none() {
            ops.push(Op::Set {
                object: vec![],
                key: list.to_owned(),
                value: Some(Value::Array(Vec::new())),
            });
        }
        ops.push(Op::Insert {
            list: top(list),
            index: self.list(list).len(),
            value,
        });
        ops
    }

    /// Refuses an item whose id is used already in `list`.
    fn check_new_id(&self, list: &str, value: &Value) -> Result<(), EditError> {
        match value.get("id").and_then(Value::as_str) {
            Some(id) if self.has_id(list, id) => Err(EditError::IdTaken(id.to_owned())),
            _ => Ok(()),
        }
    }

    /// Tour stops of `old_id` pointed at the event's new id.
    fn renamed_tour_stops(
        &self,
        old_id: &str,
        new_id: Option<&Value>,
    ) -> Result<Vec<Op>, EditError> {
        let Some(new_id) = new_id.and_then(Value::as_str) else {
            return Ok(Vec::new());
        };
        if new_id != old_id && self.has_id("events", new_id) {
            return Err(EditError::IdTaken(new_id.to_owned()));
        }
        let tour = self.list("tour");
        Ok((0..tour.len())
            .filter(|&i| tour.get(i).and_then(Value::as_str) == Some(old_id))
            .flat_map(|i| {
                [
                    Op::Remove {
                        list: top("tour"),
                        index: i,
                    },
                    Op::Insert {
                        list: top("tour"),
                        index: i,
                        value: Value::String(new_id.to_owned()),
                    },
                ]
            })
            .collect())
    }

    /// Removing the tour stops of an event (from the last, so positions stay right).
    fn removed_tour_stops(&self, id: &str) -> Vec<Op> {
        let tour = self.list("tour");
        (0..tour.len())
            .rev()
            .filter(|&i| tour.get(i).and_then(Value::as_str) == Some(id))
            .map(|index| Op::Remove {
                list: top("tour"),
                index,
            })
            .collect()
    }
}

/// A member's name for the Undo menu.
fn field_name(key: &str) -> String {
    key.replace('_', " ")
}

/// The path of a top-level member.
fn top(key: &str) -> JsonPath {
    vec![PathSegment::Key(key.to_owned())]
}

/// The path of an item of a top-level list.
fn item_path(list: &str, index: usize) -> JsonPath {
    vec![PathSegment::Key(list.to_owned()), PathSegment::Index(index)]
}

/// The path of an event's excerpts.
fn excerpts_path(event: usize) -> JsonPath {
    vec![
        PathSegment::Key("events".to_owned()),
        PathSegment::Index(event),
        PathSegment::Key("excerpts".to_owned()),
    ]
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> EditDocument {
        EditDocument::from_text(
            r#"{"format": 1, "title": "T", "sources": [{"id": "s", "title": "S", "x-kept": 1}],
               "categories": [{"id": "c", "label": "C"}, {"id": "d", "label": "D"}],
               "events": [{"id": "a", "title": "A", "date": "1900", "category": "c", "mine": [1]},
                          {"id": "b", "title": "B", "date": "1901", "category": "c"}],
               "tour": ["b", "a"], "extra": {"keep": true}}"#,
        )
        .unwrap()
    }

    #[test]
    fn edits_change_the_document_by_id_and_keep_unknown_members() {
        let mut doc = doc();
        assert!(!doc.is_dirty(), "as loaded");
        doc.apply(Edit::SetEvent {
            event: "a".to_owned(),
            key: "title".to_owned(),
            value: Some(json!("Alpha")),
        })
        .unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.event("a").unwrap()["title"], "Alpha");
        assert_eq!(
            doc.event("a").unwrap()["mine"],
            json!([1]),
            "unknown member kept"
        );
        assert!(doc.text().contains("\"extra\": {"));

        // Renaming an event renames its tour stop; deleting it removes the stop.
        doc.apply(Edit::SetEvent {
            event: "a".to_owned(),
            key: "id".to_owned(),
            value: Some(json!("alpha")),
        })
        .unwrap();
        assert_eq!(doc.root()["tour"], json!(["b", "alpha"]));
        assert_eq!(
            doc.apply(Edit::SetEvent {
                event: "alpha".to_owned(),
                key: "id".to_owned(),
                value: Some(json!("b")),
            }),
            Err(EditError::IdTaken("b".to_owned()))
        );
        doc.apply(Edit::DeleteEvent("alpha".to_owned())).unwrap();
        assert_eq!(doc.root()["tour"], json!(["b"]));
        assert_eq!(doc.list("events").len(), 1);

        // Excerpts: the list is created for the first one.
        doc.apply(Edit::AddExcerpt {
            event: "b".to_owned(),
            excerpt: json!({"source": "s", "text": "one"}),
        })
        .unwrap();
        doc.apply(Edit::AddExcerpt {
            event: "b".to_owned(),
            excerpt: json!({"source": "s", "text": "two"}),
        })
        .unwrap();
        doc.apply(Edit::MoveExcerpt {
            event: "b".to_owned(),
            from: 1,
            to: 0,
        })
        .unwrap();
        assert_eq!(doc.event("b").unwrap()["excerpts"][0]["text"], "two");

        assert_eq!(
            doc.apply(Edit::RemoveCategory("c".to_owned())),
            Err(EditError::CategoryInUse("c".to_owned()))
        );
        doc.apply(Edit::RemoveCategory("d".to_owned())).unwrap();
        assert_eq!(doc.list("categories").len(), 1);
    }

    #[test]
    fn undoing_everything_gives_back_the_exact_file() {
        let mut doc = doc();
        let original = doc.text().to_owned();
        let edits = [
            Edit::SetTimeline {
                key: "title".to_owned(),
                value: Some(json!("New")),
            },
            Edit::AddEvent(json!({"id": "c1", "title": "C", "date": "1902", "category": "c"})),
            Edit::AddTourStop("c1".to_owned()),
            Edit::MoveTourStop { from: 2, to: 0 },
            Edit::AddCategory(json!({"id": "e", "label": "E", "color": "#112233"})),
            Edit::MoveCategory { from: 2, to: 0 },
            Edit::SetCategory {
                category: "e".to_owned(),
                key: "color".to_owned(),
                value: None,
            },
            Edit::AddSource(json!({"id": "s2", "title": "S2", "file": "sources/s2.txt"})),
            Edit::DeleteEvent("a".to_owned()),
            Edit::RemoveTourStop(0),
        ];
        let mut texts = vec![original.clone()];
        for edit in edits {
            doc.apply(edit).unwrap();
            texts.push(doc.text().to_owned());
        }
        for expected in texts.iter().rev().skip(1) {
            doc.undo().expect("something to undo");
            assert_eq!(doc.text(), expected);
        }
        assert!(!doc.is_dirty(), "back to the file as loaded");
        assert!(doc.undo().is_none());
        for expected in texts.iter().skip(1) {
            doc.redo().expect("something to redo");
            assert_eq!(doc.text(), expected);
        }
    }
}
