//! Editing a timeline file: the document as written (unknown members kept), the edits a user
//! can make with undo and redo as a history of operations, the one canonical file layout (also
//! used by `sourceline fmt` and the importers), ids made from titles, and recovery files for
//! unsaved edits. Nothing here knows about egui.

mod canonical;
mod document;
mod history;
mod ids;
mod recovery;

pub use canonical::{canonical_order, canonical_text};
pub use document::{Edit, EditDocument, EditError};
pub use history::{Change, History, Op, OpError};
pub use ids::{slug, unique_id};
pub use recovery::{Recovery, find_recoveries, recovery_path, remove_recovery, write_recovery};
