//! Sourceline: a desktop timeline for history teaching.
//!
//! Dated events from historical documents, each backed by a source excerpt that is checked word
//! for word against the stored source text.
//!
//! Layers, each depending only on those below it: `cli` (command line) → `model` (the timeline
//! file: dates, loading, validation, excerpt verification). The model knows nothing of egui.

pub mod builtin;
pub mod cli;
pub mod generate;
pub mod model;
pub mod timeline;
