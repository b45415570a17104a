//! The app shell: the window's state and how it changes.
//!
//! [`SourcelineApp`] holds four kinds of things, each in its own file:
//! - `state`: what is remembered between runs ([`AppState`]), stored once as it is;
//! - `session`: the open document and what the user is doing with it ([`Session`]), plain data
//!   with no egui context;
//! - `runtime`: handles that live only while the window runs ([`Runtime`]);
//! - background jobs: loading and watching files (`loading`) and exports (`export`).
//!
//! UI pieces never change any of it: they push [`Command`]s, which `command_handling` runs at the
//! end of each frame. `keyboard` turns keys into commands, `presentation` runs presentation
//! mode, and `frame` lays out the panels. `icon` is the window icon.

mod authoring;
mod command_handling;
mod document;
mod editing;
mod export;
mod frame;
mod icon;
mod importing;
mod keyboard;
mod loading;
mod panels;
mod presentation;
mod runtime;
mod saving;
mod session;
mod state;
mod suggesting;

use std::path::{Path, PathBuf};

pub use document::Document;
pub use editing::{Dialog, Editing, PendingAction};
pub use export::{ExportTarget, Exporter};
pub use icon::window_icon;
pub use loading::{FinishedLoad, LoadPurpose, Loader};
pub use runtime::Runtime;
pub use session::{ClusterList, Presentation, Search, Session, Suggestions};
pub use state::{AppState, MAX_RECENT_FILES, STORAGE_KEY};

pub use crate::ui::Command;

/// The Sourceline window.
pub struct SourcelineApp {
    /// What is remembered between runs.
    pub state: AppState,

    /// The open document and what the user is doing with it.
    pub session: Session,

    /// The window's handles.
    pub runtime: Runtime,

    /// Background loads and the file watcher.
    pub loader: Loader,

    /// Exports rendering on a worker thread.
    pub exporter: Exporter,
}

impl SourcelineApp {
    /// Creates the app on a document, with the remembered state (theme, text size, panels).
    pub fn new(cc: &eframe::CreationContext<'_>, document: Document) -> Self {
        let state = AppState::load(cc.storage);
        crate::ui::theme::apply(&cc.egui_ctx);
        cc.egui_ctx.set_zoom_factor(state.text_zoom);
        let mut app = Self::with_state(document, state);
        app.runtime.ctx = Some(cc.egui_ctx.clone());
        app
    }

    /// Creates the app as the `sourceline [FILE]` command does: on FILE, else on the file open
    /// last time (when it still exists), else on the built-in timeline.
    pub fn restore(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let mut app = Self::new(cc, Document::builtin());
        // Unsaved edits are kept safe in the app's data folder.
        app.runtime.recovery_dir = eframe::storage_dir("sourceline");
        let last = app.state.last_file.clone().filter(|p| p.is_file());
        match file {
            // `sourceline my-sheet.csv` (or a double-click on one): show what importing it
            // brings over, on top of the built-in timeline.
            Some(path) if importing::should_import(&path) => app.preview_import(path),
            Some(path) => app.open_file(path),
            None => {
                if let Some(path) = last {
                    app.open_file(path);
                }
            }
        }
        app
    }

    /// The app on a document, without a window (tests, benchmarks), with default state.
    pub fn with_document(document: Document) -> Self {
        Self::with_state(document, AppState::default())
    }

    /// The app on a document with the given remembered state.
    fn with_state(document: Document, state: AppState) -> Self {
        Self {
            session: Session::new(document, state.grouping),
            state,
            runtime: Runtime::default(),
            loader: Loader::default(),
            exporter: Exporter::default(),
        }
    }

    /// Shows what loading a file produced.
    fn apply_load(&mut self, finished: FinishedLoad) {
        let FinishedLoad {
            path,
            purpose,
            outcome,
        } = finished;
        let grouping = self.state.grouping;
        match purpose {
            LoadPurpose::Open => {
                let document = Document::from_outcome(path.display().to_string(), outcome);
                self.session
                    .replace_document(document, Some(path), grouping);
            }
            LoadPurpose::Reload => self.session.apply_reload(&path, outcome, grouping),
        }
        // The sources may have changed too.
        self.watch_open_file();
    }

    /// Watches the open file and its source texts (none for the built-in timeline).
    fn watch_open_file(&mut self) {
        let mut files = Vec::new();
        if let Some(path) = &self.session.file_path {
            files.push(path.clone());
            if let Some(doc) = self.session.doc() {
                let folder = path.parent().unwrap_or_else(|| Path::new(""));
                files.extend(
                    doc.timeline
                        .sources
                        .iter()
                        .filter_map(|s| s.file.as_deref())
                        .map(|file| folder.join(file)),
                );
            }
        }
        self.loader.watch(&files, self.runtime.ctx.as_ref());
    }

    /// Where an event's mark was drawn last frame, in screen points.
    pub fn mark_position(&self, event_id: &str) -> Option<egui::Pos2> {
        let (index, _) = self.session.doc()?.timeline.event_by_id(event_id)?;
        self.runtime.last_layout.mark_of(index).map(|m| m.center)
    }

    /// Waits for an export under way to finish (the window does not: it polls).
    pub fn wait_for_export(&mut self) {
        self.exporter.wait(&mut self.runtime.clipboard);
    }
}

impl eframe::App for SourcelineApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.state.save(storage);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
