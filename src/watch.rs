//! Noticing when the open timeline file or one of its source texts changes on disk.
//!
//! The folders holding the files are watched (not the files themselves): editors often save by
//! writing a new file and renaming it over the old one, which a watch on the old file would
//! miss. Events for other files in those folders, and mere reads, are ignored. Where the
//! system's file notifications are unavailable (or exhausted), the folders are polled instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};

/// How often folders are polled when notifications are unavailable.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Watches a set of files; remembers when one of them last changed.
pub struct FileWatcher {
    /// Kept alive: dropping it stops the watch.
    _watcher: Box<dyn notify::Watcher + Send>,

    /// When a watched file last changed, until [`FileWatcher::take_settled_change`] takes it.
    last_change: Arc<Mutex<Option<Instant>>>,

    /// The files watched.
    files: Vec<PathBuf>,
}

impl FileWatcher {
    /// Starts watching `files`; `on_change` is called (on another thread) after each change,
    /// for example to wake the window up.
    pub fn new(
        files: &[PathBuf],
        on_change: impl Fn() + Send + Sync + 'static,
    ) -> notify::Result<Self> {
        let watched: BTreeSet<PathBuf> = files.iter().map(|f| absolute(f)).collect();
        let folders: BTreeSet<PathBuf> = watched
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        let last_change = Arc::new(Mutex::new(None));
        let handler = {
            let watched = watched.clone();
            let last_change = Arc::clone(&last_change);
            move |result: notify::Result<notify::Event>| {
                let Ok(event) = result else { return };
                if !is_change(event.kind) {
                    return;
                }
                if event.paths.iter().any(|p| watched.contains(&absolute(p))) {
                    *last_change.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(Instant::now());
                    on_change();
                }
            }
        };
        let watch_all = |watcher: &mut dyn notify::Watcher| -> notify::Result<()> {
            for folder in &folders {
                watcher.watch(folder, RecursiveMode::NonRecursive)?;
            }
            Ok(())
        };
        let handler = Arc::new(handler);
        let recommended = {
            let handler = Arc::clone(&handler);
            notify::recommended_watcher(move |r| (*handler)(r))
        };
        let native = recommended.ok().and_then(|mut watcher| {
            watch_all(&mut watcher).ok()?;
            Some(watcher)
        });
        let watcher: Box<dyn notify::Watcher + Send> = if let Some(watcher) = native {
            Box::new(watcher)
        } else {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(false);
            let mut poller = notify::PollWatcher::new(move |r| (*handler)(r), config)?;
            watch_all(&mut poller)?;
            Box::new(poller)
        };
        Ok(Self {
            _watcher: watcher,
            last_change,
            files: watched.into_iter().collect(),
        })
    }

    /// Whether this watcher watches exactly `files`.
    pub fn watches_exactly(&self, files: &[PathBuf]) -> bool {
        let wanted: BTreeSet<PathBuf> = files.iter().map(|f| absolute(f)).collect();
        wanted.iter().eq(self.files.iter())
    }

    /// Whether a change happened at least `quiet` ago with nothing since (an editor's save can
    /// be several writes; waiting for quiet reads the finished file). A settled change is taken:
    /// the next call reports [`FileChange::None`] until the files change again.
    pub fn take_settled_change(&self, quiet: Duration) -> FileChange {
        let mut last = self
            .last_change
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match *last {
            None => FileChange::None,
            Some(at) => {
                let waited = at.elapsed();
                if waited >= quiet {
                    *last = None;
                    FileChange::Settled
                } else {
                    FileChange::Settling(quiet.saturating_sub(waited))
                }
            }
        }
    }
}

/// What happened to the watched files since the last look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileChange {
    /// Nothing changed.
    None,

    /// They changed and have been quiet since: time to read them.
    Settled,

    /// They changed very recently; look again after this long.
    Settling(Duration),
}

/// Whether an event can change what a file contains (reads and opens cannot).
fn is_change(kind: EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(metadata)) => !matches!(
            metadata,
            MetadataKind::AccessTime | MetadataKind::Ownership | MetadataKind::Permissions
        ),
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// `path` made absolute (through its folder's canonical form, so that `./a.json`, `a.json` and
/// a path through a symlinked folder all compare equal; the file itself may not exist).
fn absolute(path: &Path) -> PathBuf {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = folder.canonicalize().unwrap_or(folder);
    match path.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for_change(watcher: &FileWatcher) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if watcher.take_settled_change(Duration::from_millis(50)) == FileChange::Settled {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn notices_writes_and_replacements_of_watched_files_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let watched = dir.path().join("events.json");
        let other = dir.path().join("other.json");
        std::fs::write(&watched, "1").expect("write");
        let watcher = FileWatcher::new(std::slice::from_ref(&watched), || {}).expect("watch");

        std::fs::write(&other, "x").expect("write");
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            watcher.take_settled_change(Duration::ZERO),
            FileChange::None,
            "another file in the folder is not a change"
        );
        std::fs::read(&watched).expect("read");
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            watcher.take_settled_change(Duration::ZERO),
            FileChange::None,
            "reading is not a change"
        );

        std::fs::write(&watched, "2").expect("write");
        assert!(wait_for_change(&watcher), "a write is noticed");

        // Saved the way editors do: a new file renamed over the old one.
        let temp = dir.path().join(".events.json.swp");
        std::fs::write(&temp, "3").expect("write");
        std::fs::rename(&temp, &watched).expect("rename");
        assert!(wait_for_change(&watcher), "a replacement is noticed");
    }
}
