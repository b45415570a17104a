//! Sourceline: a desktop timeline for history teaching.
//!
//! Dated events from historical documents, each backed by a source excerpt that is checked word
//! for word against the stored source text.
//!
//! Layers, each using only those after it:
//! `cli` (the command line) → `app` (the window shell: remembered state, the session, commands,
//! background jobs) → `export` (images rendered on the CPU) → `ui` (drawing; turns input into
//! commands) → `timeline` (scale, ticks, lanes, layout, the tour; no egui) → `model` (the
//! timeline file: dates, loading, validation, excerpt verification; no egui).
//!
//! `suggest` (finding and resolving dates in a document's text, to propose events), `edit`
//! (the file being edited: edits, undo, the canonical layout, recovery files) and `import`
//! (TimelineJS files and spreadsheets read into drafts of our format) use `model` (`import`
//! also the date reading of `suggest` and the ids and layout of `edit`) and know nothing of
//! egui.
//!
//! Beside them: `allocator` (how the memory allocator gives memory back while a timeline loads;
//! used by `model`'s loading), `builtin` (the built-in timeline, compiled in; used by `app` and `cli`),
//! `watch` (noticing file changes on disk; used by `app`) and `generate` (large generated
//! timelines for benchmarks and tests; uses `model`) and `fuzzing` (the checks the fuzz targets run
//! on any input, replayed on the kept corpora by the tests).

pub mod allocator;
pub mod app;
pub mod builtin;
pub mod cli;
pub mod edit;
pub mod export;
pub mod fuzzing;
pub mod generate;
pub mod import;
pub mod model;
pub mod suggest;
pub mod timeline;
pub mod ui;
pub mod watch;
