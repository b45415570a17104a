//! The default timeline, compiled into the program so that it works from any folder.
//!
//! It is the repository's own `events.json` with the source texts under `assets/`; nothing in the
//! code depends on what it says.

use include_dir::{Dir, include_dir};

use crate::model::{EmbeddedSources, LoadOutcome, load_bytes};

/// The default timeline file, as in the repository.
pub const EVENTS_JSON: &str = include_str!("../events.json");

/// The name the default timeline goes by in problem reports.
pub const FILE_NAME: &str = "events.json";

/// The repository's `assets/` folder (the source texts).
static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// The built-in source texts.
pub fn sources() -> EmbeddedSources {
    EmbeddedSources { assets: &ASSETS }
}

/// Loads the built-in timeline.
pub fn load() -> LoadOutcome {
    load_bytes(EVENTS_JSON.as_bytes(), FILE_NAME, &sources())
}
