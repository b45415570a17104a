//! Loading timeline files and watching them: small files load at once, large ones on a
//! background thread while the window stays usable; the open file and its sources are watched,
//! and a change that has settled asks for a reload. Polled once per frame, before the UI.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use crate::model::{LoadOutcome, Problem, Severity, load_path};
use crate::watch::{FileChange, FileWatcher};

/// How long a changed file must stay unchanged before it is reloaded (an editor's save can be
/// several writes).
const RELOAD_QUIET: Duration = Duration::from_millis(120);

/// How often to look for a background load's result.
const LOAD_POLL: Duration = Duration::from_millis(100);

/// Timeline files larger than this load on a background thread while the window stays
/// responsive (a million events take seconds); smaller ones load at once.
const BACKGROUND_LOAD_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file is being loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadPurpose {
    /// It was opened: it replaces what is shown.
    Open,

    /// It changed on disk: it replaces what is shown if it loads, keeping the view.
    Reload,
}

/// A file that finished loading.
pub struct FinishedLoad {
    /// The file.
    pub path: PathBuf,

    /// Why it was loaded.
    pub purpose: LoadPurpose,

    /// What loading produced.
    pub outcome: LoadOutcome,
}

/// A file loading on a background thread.
struct PendingLoad {
    path: PathBuf,
    purpose: LoadPurpose,
    result: Receiver<LoadOutcome>,
}

/// Background loads and the file watcher.
#[derive(Default)]
pub struct Loader {
    /// A large file loading in the background.
    pending: Option<PendingLoad>,

    /// Watches the open file and its sources.
    watcher: Option<FileWatcher>,
}

impl Loader {
    /// Loads `path`: at once when it is small (the result is returned), else on a background
    /// thread (its result comes from [`Self::poll`] later). A newer load replaces a pending one.
    pub fn load(
        &mut self,
        path: PathBuf,
        purpose: LoadPurpose,
        ctx: Option<&egui::Context>,
    ) -> Option<FinishedLoad> {
        let large = std::fs::metadata(&path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES);
        if !large {
            self.pending = None;
            let outcome = load_path(&path);
            return Some(FinishedLoad {
                path,
                purpose,
                outcome,
            });
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = ctx.cloned();
        let thread_path = path.clone();
        let spawned = std::thread::Builder::new()
            .name("load-timeline".to_owned())
            .spawn(move || {
                // The receiver may be gone (another file was opened meanwhile): nothing to do.
                sender.send(load_path(&thread_path)).ok();
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            // No thread to spare: load here.
            let outcome = load_path(&path);
            return Some(FinishedLoad {
                path,
                purpose,
                outcome,
            });
        }
        self.pending = Some(PendingLoad {
            path,
            purpose,
            result: receiver,
        });
        None
    }

    /// The file loading in the background, if any.
    pub fn loading_file(&self) -> Option<&Path> {
        self.pending.as_ref().map(|p| p.path.as_path())
    }

    /// A background load's result, when it is ready; asks for another look soon otherwise.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<FinishedLoad> {
        let pending = self.pending.as_ref()?;
        let outcome = match pending.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(LOAD_POLL);
                return None;
            }
            Err(TryRecvError::Disconnected) => LoadOutcome {
                timeline: None,
                problems: vec![Problem {
                    severity: Severity::Error,
                    file: pending.path.display().to_string(),
                    location: None,
                    message: "loading stopped unexpectedly".to_owned(),
                    path: None,
                }],
            },
        };
        let pending = self.pending.take()?;
        Some(FinishedLoad {
            path: pending.path,
            purpose: pending.purpose,
            outcome,
        })
    }

    /// Watches exactly `files` (none: stops watching); keeps the current watcher when it
    /// already does.
    pub fn watch(&mut self, files: &[PathBuf], ctx: Option<&egui::Context>) {
        if files.is_empty() {
            self.watcher = None;
            return;
        }
        if self
            .watcher
            .as_ref()
            .is_some_and(|w| w.watches_exactly(files))
        {
            return;
        }
        let ctx = ctx.cloned();
        self.watcher = FileWatcher::new(files, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint_after(RELOAD_QUIET + Duration::from_millis(30));
            }
        })
        .ok();
    }

    /// Whether a watched file changed and has been quiet since (then it should be reloaded).
    pub fn take_settled_change(&self, ctx: &egui::Context) -> bool {
        let Some(watcher) = &self.watcher else {
            return false;
        };
        match watcher.take_settled_change(RELOAD_QUIET) {
            FileChange::Settled => true,
            FileChange::None => false,
            FileChange::Settling(wait) => {
                ctx.request_repaint_after(wait);
                false
            }
        }
    }
}
