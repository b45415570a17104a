//! Undo and redo as a history of operations on the document (not snapshots of it): every
//! change is a list of small operations on JSON paths, each of which knows its inverse.
//! Typing in one field makes one change, not one per keystroke.

use serde_json::Value;

use crate::model::{JsonPath, PathSegment};

/// One operation on a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Set the member `key` of the object at `object` (remove it, with `None`).
    Set {
        /// The object.
        object: JsonPath,
        /// The member.
        key: String,
        /// Its new value.
        value: Option<Value>,
    },

    /// Insert `value` at `index` of the list at `list`.
    Insert {
        /// The list.
        list: JsonPath,
        /// Where.
        index: usize,
        /// What.
        value: Value,
    },

    /// Remove the item at `index` of the list at `list`.
    Remove {
        /// The list.
        list: JsonPath,
        /// Which.
        index: usize,
    },

    /// Move the item at `from` of the list at `list` to `to`.
    Move {
        /// The list.
        list: JsonPath,
        /// From.
        from: usize,
        /// To.
        to: usize,
    },
}

/// Why an operation could not be applied (a path that does not exist); the document is left
/// unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the document has no {0}")]
pub struct OpError(String);

impl Op {
    /// Applies the operation; returns the operation that undoes it.
    pub fn apply(&self, root: &mut Value) -> Result<Self, OpError> {
        match self {
            Self::Set { object, key, value } => {
                let Value::Object(members) = at_path(root, object)? else {
                    return Err(OpError(format!("object at {object:?}")));
                };
                let before = match value {
                    Some(value) => members.insert(key.clone(), value.clone()),
                    None => members.shift_remove(key),
                };
                Ok(Self::Set {
                    object: object.clone(),
                    key: key.clone(),
                    value: before,
                })
            }
            Self::Insert { list, index, value } => {
                let items = list_at(root, list)?;
                if *index > items.len() {
                    return Err(OpError(format!("place {index} in {list:?}")));
                }
                items.insert(*index, value.clone());
                Ok(Self::Remove {
                    list: list.clone(),
                    index: *index,
                })
            }
            Self::Remove { list, index } => {
                let items = list_at(root, list)?;
                if *index >= items.len() {
                    return Err(OpError(format!("item {index} in {list:?}")));
                }
                let value = items.remove(*index);
                Ok(Self::Insert {
                    list: list.clone(),
                    index: *index,
                    value,
                })
            }
            Self::Move { list, from, to } => {
                let items = list_at(root, list)?;
                if *from >= items.len() || *to >= items.len() {
                    return Err(OpError(format!("items {from} and {to} in {list:?}")));
                }
                let item = items.remove(*from);
                items.insert(*to, item);
                Ok(Self::Move {
                    list: list.clone(),
                    from: *to,
                    to: *from,
                })
            }
        }
    }
}

/// The value at `path`.
fn at_path<'a>(root: &'a mut Value, path: &JsonPath) -> Result<&'a mut Value, OpError> {
    let mut value = root;
    for segment in path {
        value = match (value, segment) {
            (Value::Object(members), PathSegment::Key(key)) => members.get_mut(key),
            (Value::Array(items), PathSegment::Index(i)) => items.get_mut(*i),
            _ => None,
        }
        .ok_or_else(|| OpError(format!("value at {path:?}")))?;
    }
    Ok(value)
}

/// The list at `path`.
fn list_at<'a>(root: &'a mut Value, path: &JsonPath) -> Result<&'a mut Vec<Value>, OpError> {
    match at_path(root, path)? {
        Value::Array(items) => Ok(items),
        _ => Err(OpError(format!("list at {path:?}"))),
    }
}

/// A change: what the user did, as the operations that did it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What it was, for the Undo menu ("Edit the title").
    pub label: String,

    /// Changes with the same key in a row become one (typing in one field).
    pub coalesce_key: Option<String>,

    /// The operations, in order.
    pub ops: Vec<Op>,
}

/// A change applied, with what undoes it.
#[derive(Clone, Debug)]
struct Applied {
    label: String,
    coalesce_key: Option<String>,
    /// Operations that undo the change, to run in order.
    undo: Vec<Op>,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Applied>,
    redo: Vec<Applied>,
    /// The last change may take in the next one with the same key.
    open_for_coalescing: bool,
}

impl History {
    /// Applies `change` to `root` and records it. When an operation fails, the ones before it
    /// are undone and nothing is recorded.
    pub fn apply(&mut self, root: &mut Value, change: Change) -> Result<(), OpError> {
        let undo = apply_all(root, &change.ops)?;
        self.redo.clear();
        let coalesce = self.open_for_coalescing
            && change.coalesce_key.is_some()
            && self
                .undo
                .last()
                .is_some_and(|last| last.coalesce_key == change.coalesce_key);
        match self.undo.last_mut() {
            Some(last) if coalesce => {
                // Undoing the run undoes the new change first, then the earlier ones.
                let mut combined = undo;
                combined.append(&mut last.undo);
                last.undo = combined;
            }
            _ => self.undo.push(Applied {
                label: change.label,
                coalesce_key: change.coalesce_key,
                undo,
            }),
        }
        self.open_for_coalescing = true;
        Ok(())
    }

    /// Ends the current run of typing: the next change starts a new undo step.
    pub fn close_run(&mut self) {
        self.open_for_coalescing = false;
    }

    /// Undoes the last change. Returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, root: &mut Value) -> Option<String> {
        let applied = self.undo.pop()?;
        self.open_for_coalescing = false;
        match apply_all(root, &applied.undo) {
            Ok(redo) => {
                let label = applied.label.clone();
                self.redo.push(Applied {
                    undo: redo,
                    ..applied
                });
                Some(label)
            }
            Err(_) => None,
        }
    }

    /// Redoes the last undone change. Returns its label.
    pub fn redo(&mut self, root: &mut Value) -> Option<String> {
        let applied = self.redo.pop()?;
        self.open_for_coalescing = false;
        match apply_all(root, &applied.undo) {
            Ok(undo) => {
                let label = applied.label.clone();
                self.undo.push(Applied { undo, ..applied });
                Some(label)
            }
            Err(_) => None,
        }
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|a| a.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|a| a.label.as_str())
    }
}

/// Applies operations in order; returns the operations that undo them all (in the order to
/// run them). On failure, undoes what was applied.
fn apply_all(root: &mut Value, ops: &[Op]) -> Result<Vec<Op>, OpError> {
    let mut inverses = Vec::with_capacity(ops.len());
    for op in ops {
        match op.apply(root) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.iter().rev() {
                    inverse.apply(root).ok();
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(inverses)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.to_owned())
    }

    fn set(k: &str, value: &str) -> Change {
        Change {
            label: format!("set {k}"),
            coalesce_key: Some(k.to_owned()),
            ops: vec![Op::Set {
                object: vec![],
                key: k.to_owned(),
                value: Some(Value::String(value.to_owned())),
            }],
        }
    }

    #[test]
    fn undo_and_redo_restore_the_exact_documents() {
        let mut doc: Value =
            serde_json::from_str(r#"{"title": "A", "events": [1, 2, 3], "x": {"y": true}}"#)
                .unwrap();
        let original = doc.clone();
        let mut history = History::default();
        history
            .apply(
                &mut doc,
                Change {
                    label: "shuffle".to_owned(),
                    coalesce_key: None,
                    ops: vec![
                        Op::Move {
                            list: vec![key("events")],
                            from: 0,
                            to: 2,
                        },
                        Op::Remove {
                            list: vec![key("events")],
                            index: 0,
                        },
                        Op::Insert {
                            list: vec![key("events")],
                            index: 1,
                            value: Value::from(9),
                        },
                        Op::Set {
                            object: vec![key("x")],
                            key: "y".to_owned(),
                            value: None,
                        },
                    ],
                },
            )
            .unwrap();
        let changed = doc.clone();
        assert_eq!(changed["events"], serde_json::json!([3, 9, 1]));
        assert_eq!(history.undo(&mut doc).as_deref(), Some("shuffle"));
        assert_eq!(doc, original);
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            serde_json::to_string(&original).unwrap(),
            "member order too"
        );
        assert_eq!(history.redo(&mut doc).as_deref(), Some("shuffle"));
        assert_eq!(doc, changed);
        assert!(history.redo(&mut doc).is_none());
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut doc: Value = serde_json::from_str(r#"{"title": "A", "note": "n"}"#).unwrap();
        let mut history = History::default();
        for text in ["AB", "ABC", "ABCD"] {
            history.apply(&mut doc, set("title", text)).unwrap();
        }
        history.apply(&mut doc, set("note", "m")).unwrap();
        history.apply(&mut doc, set("title", "X")).unwrap();
        history.undo(&mut doc);
        assert_eq!(doc["title"], "ABCD");
        history.undo(&mut doc);
        assert_eq!(doc["note"], "n");
        history.undo(&mut doc);
        assert_eq!(doc["title"], "A", "the whole run of typing");
        assert!(history.undo(&mut doc).is_none());

        // Closing the run splits it.
        history.apply(&mut doc, set("title", "B")).unwrap();
        history.close_run();
        history.apply(&mut doc, set("title", "C")).unwrap();
        history.undo(&mut doc);
        assert_eq!(doc["title"], "B");
    }

    #[test]
    fn a_failing_change_leaves_the_document_and_history_as_they_were() {
        let mut doc: Value = serde_json::from_str(r#"{"events": [1]}"#).unwrap();
        let before = doc.clone();
        let mut history = History::default();
        let result = history.apply(
            &mut doc,
            Change {
                label: "bad".to_owned(),
                coalesce_key: None,
                ops: vec![
                    Op::Insert {
                        list: vec![key("events")],
                        index: 0,
                        value: Value::from(0),
                    },
                    Op::Remove {
                        list: vec![key("nothing")],
                        index: 0,
                    },
                ],
            },
        );
        assert!(result.is_err());
        assert_eq!(doc, before);
        assert!(history.undo_label().is_none());
    }
}
