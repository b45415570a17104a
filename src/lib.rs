//! Sourceline: a desktop timeline for history teaching.
//!
//! Dated events from historical documents, each backed by a source excerpt that is checked word
//! for word against the stored source text.
//!
//! Layers, each depending only on those below it: `cli` (command line) → `app` (the window
//! shell: state and commands) → `export` (images on the CPU) → `ui` (drawing) → `timeline` (scale, ticks, layout) → `model`
//! (the timeline file: dates, loading, validation, excerpt verification). `timeline` and `model`
//! know nothing of egui.

pub mod app;
pub mod builtin;
pub mod cli;
pub mod export;
pub mod generate;
pub mod model;
pub mod timeline;
pub mod ui;
pub mod watch;
