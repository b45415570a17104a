//! What is open in the window: a loaded timeline (shared, so an export can read it on another
//! thread), or the problems that stopped a file from opening.

use std::path::Path;
use std::sync::Arc;

use crate::builtin;
use crate::model::{LoadOutcome, Problem, load_path};
use crate::timeline::LoadedTimeline;

/// What is open: a timeline, or the problems that stopped one from opening.
pub enum Document {
    /// A timeline that loaded. Shared, so an export can render it on another thread while the
    /// window goes on (a change made meanwhile copies it).
    Loaded(Arc<LoadedTimeline>),

    /// A file that did not load, with every problem found.
    Failed {
        /// The file's name.
        file_name: String,
        /// Its problems.
        problems: Vec<Problem>,
    },
}

impl Document {
    /// The result of loading a file called `file_name`.
    pub fn from_outcome(file_name: String, outcome: LoadOutcome) -> Self {
        match outcome.timeline {
            Some(timeline) => Self::Loaded(Arc::new(LoadedTimeline::new(
                timeline,
                outcome.problems,
                file_name,
            ))),
            None => Self::Failed {
                file_name,
                problems: outcome.problems,
            },
        }
    }

    /// The built-in timeline.
    pub fn builtin() -> Self {
        Self::from_outcome(builtin::FILE_NAME.to_owned(), builtin::load())
    }

    /// A timeline file from disk.
    pub fn open(path: &Path) -> Self {
        Self::from_outcome(path.display().to_string(), load_path(path))
    }

    /// The timeline, when it loaded.
    pub fn loaded(&self) -> Option<&LoadedTimeline> {
        match self {
            Self::Loaded(doc) => Some(doc),
            Self::Failed { .. } => None,
        }
    }
}
