//! The app shell: what is open, what is selected, the panels, and the commands that change them.
//!
//! UI pieces never change the state directly: they return [`Command`]s, which [`SourcelineApp`]
//! runs at the end of the frame.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{Key, Modifiers, RichText, Ui};

use crate::builtin;
use crate::export::{self, ExportRequest, ExportedImage};
use crate::model::{EventIndex, LoadOutcome, Problem, ProblemCounts, load_path};
use crate::timeline::presentation::{
    PresentKey, Presenter, ViewAnimation, presentation_stops, stop_view,
};
use crate::timeline::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeView, TimelineLayout};
use crate::ui::command_button;
use crate::ui::detail_panel::detail_panel_ui;
use crate::ui::event_list::{EventListInput, event_list_ui, filters_ui};
use crate::ui::export_dialog::{ExportSettings, export_dialog_ui};
use crate::ui::presentation::{presentation_menu_ui, presentation_ui};
use crate::ui::settings::{Settings, ThemeChoice};
use crate::ui::source_view::{SourceViewState, source_view_ui};
use crate::ui::theme;
use crate::ui::timeline_view::timeline_view_ui;
pub use crate::ui::{Command, LoadedTimeline};
use crate::watch::FileWatcher;

/// How long a changed file must stay unchanged before it is reloaded (an editor's save can be
/// several writes).
const RELOAD_QUIET: Duration = Duration::from_millis(120);

/// Timeline files larger than this load on a background thread while the window stays
/// responsive (a million events take seconds); smaller ones load at once.
const BACKGROUND_LOAD_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file is being loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoadPurpose {
    /// It was opened: it replaces what is shown.
    Open,
    /// It changed on disk: it replaces what is shown if it loads, keeping the view.
    Reload,
}

/// A file loading on a background thread.
struct PendingLoad {
    path: PathBuf,
    purpose: LoadPurpose,
    result: std::sync::mpsc::Receiver<LoadOutcome>,
}

/// What is open: a timeline, or the problems that stopped one from opening.
pub enum Document {
    /// A timeline that loaded.
    Loaded(Box<LoadedTimeline>),

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
            Some(timeline) => Self::Loaded(Box::new(LoadedTimeline::new(
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
}

/// Presentation mode in progress, with what to restore when it ends.
struct Presentation {
    presenter: Presenter,
    /// The view is moving to the current stop.
    animation: Option<ViewAnimation>,
    restore_view: Option<TimeView>,
    restore_selected: Option<EventIndex>,
    restore_detail_open: bool,
    restore_event_list_open: bool,
    restore_fullscreen: bool,
}

/// A search in progress.
#[derive(Default)]
struct Search {
    /// What was typed.
    query: String,
    /// Matching events that the filters show, in date order.
    matches: Vec<EventIndex>,
    /// Matching events that the filters hide.
    hidden: usize,
}

impl Search {
    fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }
}

/// The Sourceline window.
pub struct SourcelineApp {
    document: Document,
    selected: Option<EventIndex>,
    view: Option<TimeView>,
    /// Push `view` into the plot on the next frame (after a command moved it).
    force_view: bool,
    detail_open: bool,
    source_view: Option<SourceViewState>,
    /// The layout painted last frame (hit-testing, tests).
    last_layout: TimelineLayout,
    /// The window title last sent, to send it only when it changes.
    window_title: String,
    /// The events of a "+N" chip that zooming could not separate, listed at a screen position.
    cluster_list: Option<(Vec<EventIndex>, egui::Pos2)>,
    /// The export dialog is open.
    export_open: bool,
    /// The export dialog's choices.
    export_settings: ExportSettings,
    /// Size of the timeline area in the window, in points (for "as in the window").
    timeline_size_pt: [u32; 2],
    /// What the last save or copy did, in words.
    export_status: Option<String>,
    /// Kept alive: on Linux the clipboard's contents live as long as this does.
    clipboard: Option<arboard::Clipboard>,
    /// Presentation mode, when on.
    presentation: Option<Presentation>,
    /// Presentation option: only key events are stops.
    present_key_events_only: bool,
    /// Presentation option: jump between stops instead of moving smoothly.
    reduce_motion: bool,
    /// The event list (left panel) is open.
    event_list_open: bool,
    /// Scroll the event list to the selection on the next frame.
    list_follows_selection: bool,
    /// The search box's query and results.
    search: Search,
    /// Put the keyboard focus in the search box on the next frame.
    focus_search: bool,
    /// The timeline file open (`None`: the built-in timeline).
    file_path: Option<PathBuf>,
    /// Watches the open file and its sources for changes.
    watcher: Option<FileWatcher>,
    /// Problems of the last reload that failed; the timeline shown is the last good one.
    reload_problems: Vec<Problem>,
    /// The colour theme chosen.
    theme: ThemeChoice,
    /// The theme applied to the context (applied again when `theme` changes).
    applied_theme: Option<ThemeChoice>,
    /// The light style as it was before the projector look replaced it (to put it back).
    light_style_before_projector: Option<std::sync::Arc<egui::Style>>,
    /// Settings remembered between runs (recent files, text size).
    settings: Settings,
    /// Used to wake the window when a watched file changes.
    egui_ctx: Option<egui::Context>,
    /// A large file loading in the background.
    pending_load: Option<PendingLoad>,
}

impl SourcelineApp {
    /// Creates the app on a document, with the remembered settings (theme, text size, panels).
    pub fn new(cc: &eframe::CreationContext<'_>, document: Document) -> Self {
        let settings = Settings::load(cc.storage);
        theme::apply(&cc.egui_ctx);
        cc.egui_ctx.set_zoom_factor(settings.text_size);
        let mut app = Self::with_document(document);
        app.apply_settings(settings);
        app.egui_ctx = Some(cc.egui_ctx.clone());
        app
    }

    /// Creates the app as the `sourceline [FILE]` command does: on FILE, else on the file open
    /// last time (when it still exists), else on the built-in timeline.
    pub fn restore(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let settings = Settings::load(cc.storage);
        let file = file.or_else(|| settings.last_file.clone().filter(|p| p.is_file()));
        let mut app = Self::new(cc, Document::builtin());
        if let Some(path) = file {
            app.open_file(path);
        }
        app
    }

    /// Takes over remembered settings.
    fn apply_settings(&mut self, settings: Settings) {
        self.detail_open = settings.detail_open;
        self.event_list_open = settings.event_list_open;
        self.theme = settings.theme;
        self.present_key_events_only = settings.present_key_events_only;
        self.reduce_motion = settings.reduce_motion;
        if let Document::Loaded(doc) = &mut self.document {
            doc.set_display(settings.grouping, doc.filter.clone());
        }
        self.settings = settings;
    }

    /// The settings to remember now.
    pub fn settings(&self) -> Settings {
        let mut settings = self.settings.clone();
        settings.detail_open = self.detail_open;
        settings.event_list_open = self.event_list_open;
        settings.theme = self.theme;
        settings.present_key_events_only = self.present_key_events_only;
        settings.reduce_motion = self.reduce_motion;
        settings.last_file = self.file_path.as_deref().map(absolute_path);
        if let Document::Loaded(doc) = &self.document {
            settings.grouping = doc.grouping;
        }
        settings
    }

    /// The app state for a document, without a window (tests, export).
    pub fn with_document(document: Document) -> Self {
        let view = match &document {
            Document::Loaded(doc) => Some(doc.full_view()),
            Document::Failed { .. } => None,
        };
        Self {
            document,
            selected: None,
            view,
            force_view: true,
            detail_open: true,
            source_view: None,
            last_layout: TimelineLayout::default(),
            window_title: String::new(),
            cluster_list: None,
            export_open: false,
            export_settings: ExportSettings::default(),
            timeline_size_pt: [1280, 720],
            export_status: None,
            clipboard: None,
            presentation: None,
            present_key_events_only: false,
            reduce_motion: false,
            event_list_open: true,
            list_follows_selection: false,
            search: Search::default(),
            focus_search: false,
            file_path: None,
            watcher: None,
            reload_problems: Vec::new(),
            theme: ThemeChoice::default(),
            applied_theme: None,
            light_style_before_projector: None,
            settings: Settings::default(),
            egui_ctx: None,
            pending_load: None,
        }
    }

    /// Replaces the open document, keeping the settings; the view fits the new timeline.
    fn replace_document(&mut self, document: Document, path: Option<PathBuf>) {
        let grouping = match &self.document {
            Document::Loaded(doc) => doc.grouping,
            Document::Failed { .. } => self.settings.grouping,
        };
        self.document = document;
        if let Document::Loaded(doc) = &mut self.document {
            doc.set_display(grouping, doc.filter.clone());
            self.view = Some(doc.full_view());
        } else {
            self.view = None;
        }
        self.force_view = true;
        self.selected = None;
        self.source_view = None;
        self.cluster_list = None;
        self.export_open = false;
        self.reload_problems.clear();
        self.last_layout = TimelineLayout::default();
        self.file_path = path;
        self.refresh_search();
        self.watch_open_file();
    }

    /// Opens a timeline file (through the dialog, a drop, the recent files or the command line).
    /// A file that does not load shows its problems, and is watched so that fixing it opens it.
    pub fn open_file(&mut self, path: PathBuf) {
        // Remembered absolute, so that the recent files open from any folder.
        self.settings.remember_file(&absolute_path(&path));
        if is_large_file(&path) {
            self.load_in_background(path, LoadPurpose::Open);
            return;
        }
        let document = Document::open(&path);
        self.replace_document(document, Some(path));
    }

    /// Loads a large file on another thread; what is shown stays until it is ready.
    fn load_in_background(&mut self, path: PathBuf, purpose: LoadPurpose) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let ctx = self.egui_ctx.clone();
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
        match spawned {
            Ok(_) => {
                self.pending_load = Some(PendingLoad {
                    path,
                    purpose,
                    result: receiver,
                });
            }
            // No thread to spare: load here.
            Err(_) => self.finish_load(path, purpose, load_path),
        }
    }

    /// Takes a background load's result when it is ready.
    fn poll_background_load(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending_load else {
            return;
        };
        match pending.result.try_recv() {
            Ok(outcome) => {
                if let Some(pending) = self.pending_load.take() {
                    self.finish_load(pending.path, pending.purpose, |_| outcome);
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                if let Some(pending) = self.pending_load.take() {
                    let file = pending.path.display().to_string();
                    self.finish_load(pending.path, pending.purpose, |_| LoadOutcome {
                        timeline: None,
                        problems: vec![Problem {
                            severity: crate::model::Severity::Error,
                            file,
                            location: None,
                            message: "loading stopped unexpectedly".to_owned(),
                        }],
                    });
                }
            }
        }
    }

    /// Shows what loading `path` produced.
    fn finish_load(
        &mut self,
        path: PathBuf,
        purpose: LoadPurpose,
        outcome: impl FnOnce(&Path) -> LoadOutcome,
    ) {
        let outcome = outcome(&path);
        match purpose {
            LoadPurpose::Open => {
                let document = Document::from_outcome(path.display().to_string(), outcome);
                self.replace_document(document, Some(path));
            }
            LoadPurpose::Reload => self.apply_reload(&path, outcome),
        }
    }

    /// The file loading in the background, if any.
    pub fn loading_file(&self) -> Option<&Path> {
        self.pending_load.as_ref().map(|p| p.path.as_path())
    }

    /// Loads the open file again, keeping the view, the filters and (where its id still exists)
    /// the selection. When the new version does not load, the last good timeline stays and its
    /// problems are listed in a banner.
    pub fn reload(&mut self) {
        let Some(path) = self.file_path.clone() else {
            return;
        };
        if is_large_file(&path) {
            self.load_in_background(path, LoadPurpose::Reload);
            return;
        }
        let outcome = load_path(&path);
        self.apply_reload(&path, outcome);
    }

    /// Shows a reloaded version of the open file (see [`Self::reload`]).
    fn apply_reload(&mut self, path: &Path, outcome: LoadOutcome) {
        let file_name = path.display().to_string();
        match outcome.timeline {
            Some(timeline) => {
                let mut doc = LoadedTimeline::new(timeline, outcome.problems, file_name);
                let selected_id = self.selected_event_id().map(str::to_owned);
                let source_id = self.source_view.as_ref().and_then(|state| {
                    self.event_id(state.event)
                        .map(|id| (id.to_owned(), state.excerpt))
                });
                match &self.document {
                    Document::Loaded(old) => {
                        doc.set_display(old.grouping, old.filter.clone());
                    }
                    Document::Failed { .. } => {
                        doc.set_display(self.settings.grouping, doc.filter.clone());
                        self.view = Some(doc.full_view());
                        self.force_view = true;
                    }
                }
                let index_of = |id: &str| doc.timeline.event_by_id(id).map(|(i, _)| i);
                self.selected = selected_id.as_deref().and_then(index_of);
                self.source_view = source_id.and_then(|(id, excerpt)| {
                    let event = index_of(&id)?;
                    let exists = doc
                        .timeline
                        .events
                        .get(event)
                        .is_some_and(|e| excerpt < e.excerpts.len());
                    exists.then_some(SourceViewState {
                        event,
                        excerpt,
                        scroll_pending: true,
                        layout_cache: None,
                    })
                });
                self.document = Document::Loaded(Box::new(doc));
                self.reload_problems.clear();
                self.cluster_list = None;
                self.last_layout = TimelineLayout::default();
                self.refresh_search();
            }
            None => match &mut self.document {
                Document::Loaded(_) => self.reload_problems = outcome.problems,
                Document::Failed { problems, .. } => *problems = outcome.problems,
            },
        }
        // The sources may have changed too.
        self.watch_open_file();
    }

    /// Watches the open file and its source texts (none for the built-in timeline).
    fn watch_open_file(&mut self) {
        let Some(path) = &self.file_path else {
            self.watcher = None;
            return;
        };
        let mut files = vec![path.clone()];
        if let Document::Loaded(doc) = &self.document {
            let folder = path.parent().unwrap_or_else(|| Path::new(""));
            files.extend(
                doc.timeline
                    .sources
                    .iter()
                    .filter_map(|s| s.file.as_deref())
                    .map(|file| folder.join(file)),
            );
        }
        if self
            .watcher
            .as_ref()
            .is_some_and(|w| w.watches_exactly(&files))
        {
            return;
        }
        let ctx = self.egui_ctx.clone();
        self.watcher = FileWatcher::new(&files, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint_after(RELOAD_QUIET + Duration::from_millis(30));
            }
        })
        .ok();
    }

    /// The id of an event of the open timeline.
    fn event_id(&self, event: EventIndex) -> Option<&str> {
        let Document::Loaded(doc) = &self.document else {
            return None;
        };
        doc.timeline.events.get(event).map(|e| e.id.as_str())
    }

    /// Runs the search again (after the query, the filters or the timeline changed).
    fn refresh_search(&mut self) {
        let Document::Loaded(doc) = &self.document else {
            self.search.matches.clear();
            self.search.hidden = 0;
            return;
        };
        if !self.search.is_active() {
            self.search.matches.clear();
            self.search.hidden = 0;
            return;
        }
        let found = doc.search(&self.search.query);
        let total = found.len();
        self.search.matches = found
            .into_iter()
            .filter(|&e| doc.lanes.is_shown(e))
            .collect();
        self.search.hidden = total - self.search.matches.len();
    }

    /// The file open, when it is not the built-in timeline.
    pub fn file_path(&self) -> Option<&Path> {
        self.file_path.as_deref()
    }

    /// Problems of the last reload that failed (shown in a banner over the last good timeline).
    pub fn reload_problems(&self) -> &[Problem] {
        &self.reload_problems
    }

    /// The search's matches among the events shown, in date order.
    pub fn search_matches(&self) -> &[EventIndex] {
        &self.search.matches
    }

    /// Whether the event list is open.
    pub fn is_event_list_open(&self) -> bool {
        self.event_list_open
    }

    /// Checks the watched files; reloads once a change has settled.
    fn reload_if_changed(&mut self, ctx: &egui::Context) {
        let Some(watcher) = &self.watcher else {
            return;
        };
        match watcher.take_settled_change(RELOAD_QUIET) {
            Ok(true) => self.reload(),
            Ok(false) => {}
            Err(wait) => ctx.request_repaint_after(wait),
        }
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The id of the selected event.
    pub fn selected_event_id(&self) -> Option<&str> {
        let Document::Loaded(doc) = &self.document else {
            return None;
        };
        self.selected
            .and_then(|i| doc.timeline.events.get(i))
            .map(|e| e.id.as_str())
    }

    /// Where an event's mark was drawn last frame, in screen points.
    pub fn mark_position(&self, event_id: &str) -> Option<egui::Pos2> {
        let Document::Loaded(doc) = &self.document else {
            return None;
        };
        let (index, _) = doc.timeline.event_by_id(event_id)?;
        self.last_layout.mark_of(index).map(|m| m.center)
    }

    /// The layout painted last frame.
    pub fn last_layout(&self) -> &TimelineLayout {
        &self.last_layout
    }

    /// The time shown.
    pub fn view(&self) -> Option<TimeView> {
        self.view
    }

    /// The window title the app has set.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    /// Whether the source text view is open.
    pub fn is_source_open(&self) -> bool {
        self.source_view.is_some()
    }

    /// Runs one command, including those that change the window (presentation mode).
    pub fn run_in(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::StartPresentation => self.start_presentation(ctx),
            Command::StopPresentation => self.stop_presentation(ctx),
            Command::Present(key) => {
                let Some(presentation) = &mut self.presentation else {
                    return;
                };
                if presentation.presenter.handle(key) {
                    self.show_current_stop(ctx);
                }
            }
            Command::Select(Some(event)) if self.presentation.is_some() => {
                // A click in presentation mode: go to that stop, or just show the event.
                let is_stop = self
                    .presentation
                    .as_mut()
                    .is_some_and(|p| p.presenter.go_to_event(event));
                if is_stop {
                    self.show_current_stop(ctx);
                } else {
                    self.selected = Some(event);
                }
            }
            other => self.run(other),
        }
    }

    /// Runs one command.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::OpenBuiltin => {
                self.replace_document(Document::builtin(), None);
                self.settings.last_file = None;
                return;
            }
            Command::OpenFileDialog => {
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Open a timeline")
                    .add_filter("Timeline (JSON)", &["json"]);
                if let Some(folder) = self.file_path.as_deref().and_then(Path::parent) {
                    dialog = dialog.set_directory(folder);
                }
                if let Some(path) = dialog.pick_file() {
                    self.open_file(path);
                }
                return;
            }
            Command::OpenFile(path) => {
                self.open_file(path);
                return;
            }
            Command::Reload => {
                self.reload();
                return;
            }
            Command::ClearRecentFiles => {
                self.settings.recent_files.clear();
                return;
            }
            Command::SetTheme(theme) => {
                self.theme = theme;
                return;
            }
            Command::ToggleEventList => {
                self.event_list_open = !self.event_list_open;
                return;
            }
            Command::ToggleDetails => {
                self.detail_open = !self.detail_open;
                return;
            }
            Command::Search(query) => {
                self.search.query = query;
                self.refresh_search();
                return;
            }
            Command::SetFilter(filter) => {
                if let Document::Loaded(doc) = &mut self.document {
                    doc.set_display(doc.grouping, filter);
                }
                self.refresh_search();
                self.cluster_list = None;
                return;
            }
            Command::SetGrouping(grouping) => {
                if let Document::Loaded(doc) = &mut self.document {
                    doc.set_display(grouping, doc.filter.clone());
                }
                self.settings.grouping = grouping;
                self.cluster_list = None;
                return;
            }
            Command::OpenExportDialog => {
                self.export_open = matches!(self.document, Document::Loaded(_));
                self.export_status = None;
                return;
            }
            Command::CloseExportDialog => {
                self.export_open = false;
                return;
            }
            Command::SaveImageAs => {
                let chosen = rfd::FileDialog::new()
                    .set_title("Save timeline image")
                    .add_filter("PNG image", &["png"])
                    .set_file_name("timeline.png")
                    .save_file();
                if let Some(path) = chosen {
                    self.run(Command::SaveImageTo(path));
                }
                return;
            }
            Command::SaveImageTo(path) => {
                self.export_status = Some(match self.render_png() {
                    Ok((bytes, [w, h])) => match export::write_atomically(&path, &bytes) {
                        Ok(()) => format!("Saved {} ({w} × {h} pixels).", path.display()),
                        Err(error) => format!("Not saved: {error}"),
                    },
                    Err(error) => format!("Not saved: {error}"),
                });
                return;
            }
            Command::CopyImage => {
                self.export_status = Some(match self.copy_image() {
                    Ok([w, h]) => format!("Copied a {w} × {h} image; paste it into your slides."),
                    Err(error) => format!("Could not copy the image: {error}"),
                });
                return;
            }
            _ => {}
        }
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let count = doc.timeline.events.len();
        let full = doc.full_view();
        let shown = &doc.lanes;
        match command {
            Command::Select(selected) => {
                self.cluster_list = None;
                self.selected = selected.filter(|&i| i < count);
                if self.selected.is_some() {
                    self.detail_open = true;
                    self.list_follows_selection = true;
                }
            }
            Command::Step(delta) => {
                if let Some(next) = shown.step_from(self.selected, delta as isize) {
                    self.select_and_follow(next);
                }
            }
            Command::SelectFirst => {
                if let Some(&first) = shown.shown_events.first() {
                    self.select_and_follow(first);
                }
            }
            Command::SelectLast => {
                if let Some(&last) = shown.shown_events.last() {
                    self.select_and_follow(last);
                }
            }
            Command::NextMatch | Command::PreviousMatch => {
                let matches = &self.search.matches;
                let forward = command == Command::NextMatch;
                let next = match self.selected {
                    Some(selected) if forward => matches
                        .iter()
                        .find(|&&m| m > selected)
                        .or_else(|| matches.first()),
                    Some(selected) => matches
                        .iter()
                        .rev()
                        .find(|&&m| m < selected)
                        .or_else(|| matches.last()),
                    None if forward => matches.first(),
                    None => matches.last(),
                };
                if let Some(&next) = next {
                    self.select_and_follow(next);
                }
            }
            Command::FitAll => self.set_view(full),
            Command::Zoom(factor) => {
                // Onto the selected event when it is in view (it moves to the middle), else
                // around the middle of the view.
                let view = self.view.unwrap_or(full);
                let selected_x = self
                    .selected
                    .and_then(|i| doc.timeline.events.get(i))
                    .map(|e| 0.5 * f64::from(e.span.start_day + e.span.end_day_exclusive))
                    .filter(|&x| x > view.min_x && x < view.max_x);
                let zoomed = match selected_x {
                    Some(x) => view.zoomed_at(factor, x).centered_on(x),
                    None => view.zoomed_at(factor, view.center_x()),
                };
                self.set_view(zoomed);
            }
            Command::ZoomTo { start_x, end_x } => {
                self.set_view(TimeView::fit(start_x, end_x, 0.15));
            }
            Command::OpenCluster {
                events,
                start_x,
                end_x,
                at,
            } => {
                let view = self.view.unwrap_or(full);
                let zoomed = TimeView::fit(start_x, end_x, 0.15);
                if zoomed.span_days() < 0.5 * view.span_days() {
                    self.cluster_list = None;
                    self.set_view(zoomed);
                } else {
                    // Zooming would not separate them (they share a day): list them instead.
                    self.cluster_list = Some((events, at));
                }
            }
            Command::CloseClusterList => self.cluster_list = None,
            Command::ShowInSource { event, excerpt } => {
                self.source_view = Some(SourceViewState {
                    event,
                    excerpt,
                    scroll_pending: true,
                    layout_cache: None,
                });
            }
            Command::CloseSource => self.source_view = None,
            // Handled above.
            Command::OpenBuiltin
            | Command::OpenFileDialog
            | Command::OpenFile(_)
            | Command::Reload
            | Command::ClearRecentFiles
            | Command::SetTheme(_)
            | Command::ToggleEventList
            | Command::ToggleDetails
            | Command::Search(_)
            | Command::SetFilter(_)
            | Command::SetGrouping(_)
            | Command::OpenExportDialog
            | Command::CloseExportDialog
            | Command::SaveImageAs
            | Command::SaveImageTo(_)
            | Command::CopyImage
            | Command::StartPresentation
            | Command::StopPresentation
            | Command::Present(_) => {}
        }
    }

    /// The export request for the current view, selection and dialog settings.
    fn export_request(&self) -> ExportRequest {
        let [width_pt, height_pt] = self.export_settings.size_pt(self.timeline_size_pt);
        ExportRequest {
            width_pt,
            height_pt,
            scale: self.export_settings.scale as f32,
            view: self.view,
            selected: self.selected,
            theme: self.export_settings.theme(),
        }
    }

    /// Renders the export image.
    fn render_image(&self) -> Result<ExportedImage, String> {
        let Document::Loaded(doc) = &self.document else {
            return Err("no timeline is open".to_owned());
        };
        export::render_export(doc, &self.export_request()).map_err(|e| e.to_string())
    }

    /// Renders and encodes the export image; returns the PNG and its size in pixels.
    fn render_png(&self) -> Result<(Vec<u8>, [usize; 2]), String> {
        let exported = self.render_image()?;
        let bytes = export::encode_png(&exported.image).map_err(|e| e.to_string())?;
        Ok((bytes, exported.image.size))
    }

    /// Renders the export image onto the clipboard.
    fn copy_image(&mut self) -> Result<[usize; 2], String> {
        let exported = self.render_image()?;
        let [width, height] = exported.image.size;
        let bytes: Vec<u8> = exported
            .image
            .pixels
            .iter()
            .flat_map(egui::Color32::to_srgba_unmultiplied)
            .collect();
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        let clipboard = self
            .clipboard
            .as_mut()
            .ok_or_else(|| "no clipboard".to_owned())?;
        clipboard
            .set_image(arboard::ImageData {
                width,
                height,
                bytes: bytes.into(),
            })
            .map_err(|e| e.to_string())?;
        Ok([width, height])
    }

    /// Whether presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presentation.is_some()
    }

    /// Presentation progress: `(stop number from 1, number of stops)`.
    pub fn presentation_progress(&self) -> Option<(usize, usize)> {
        self.presentation.as_ref().map(|p| p.presenter.progress())
    }

    /// Whether presentation mode has blacked the screen out.
    pub fn is_blacked_out(&self) -> bool {
        self.presentation
            .as_ref()
            .is_some_and(|p| p.presenter.blacked_out)
    }

    /// Whether the detail panel is open.
    pub fn is_detail_open(&self) -> bool {
        self.detail_open
    }

    /// Presentation option: jump between stops instead of moving smoothly.
    pub fn set_reduce_motion(&mut self, reduce: bool) {
        self.reduce_motion = reduce;
    }

    /// Enters presentation mode: full screen, projector colours, the first stop.
    fn start_presentation(&mut self, ctx: &egui::Context) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let stops = presentation_stops(&doc.timeline, self.present_key_events_only);
        if stops.is_empty() || self.presentation.is_some() {
            return;
        }
        self.presentation = Some(Presentation {
            presenter: Presenter::new(stops),
            animation: None,
            restore_view: self.view,
            restore_selected: self.selected,
            restore_detail_open: self.detail_open,
            restore_event_list_open: self.event_list_open,
            restore_fullscreen: ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
        });
        self.export_open = false;
        self.source_view = None;
        self.cluster_list = None;
        self.set_projector_look(ctx, true);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        self.show_current_stop(ctx);
    }

    /// Makes the context look as the chosen theme says. "Follow the system" is egui's default,
    /// so on the first frame it leaves the context as it is.
    fn apply_theme(&mut self, ctx: &egui::Context) {
        let first = self.applied_theme.is_none();
        self.set_projector_look(ctx, self.theme == ThemeChoice::Projector);
        match self.theme {
            ThemeChoice::System if first => {}
            ThemeChoice::System => ctx.set_theme(egui::ThemePreference::System),
            ThemeChoice::Light | ThemeChoice::Projector => {
                ctx.set_theme(egui::ThemePreference::Light);
            }
            ThemeChoice::Dark => ctx.set_theme(egui::ThemePreference::Dark),
        }
        self.applied_theme = Some(self.theme);
    }

    /// Turns the projector look (on the light theme) on or off, keeping the light style it
    /// replaces so that turning it off restores that style exactly.
    fn set_projector_look(&mut self, ctx: &egui::Context, on: bool) {
        match (on, self.light_style_before_projector.is_some()) {
            (true, false) => {
                self.light_style_before_projector = Some(ctx.style_of(egui::Theme::Light));
                ctx.set_theme(egui::Theme::Light);
                theme::apply_projector(ctx);
            }
            (false, true) => {
                if let Some(style) = self.light_style_before_projector.take() {
                    ctx.set_style_of(egui::Theme::Light, (*style).clone());
                }
            }
            _ => {}
        }
    }

    /// Leaves presentation mode and puts everything back as it was.
    fn stop_presentation(&mut self, ctx: &egui::Context) {
        let Some(presentation) = self.presentation.take() else {
            return;
        };
        self.set_projector_look(ctx, false);
        // Put the chosen theme back, whatever it is.
        self.applied_theme = Some(ThemeChoice::Light);
        self.apply_theme(ctx);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(
            presentation.restore_fullscreen,
        ));
        ctx.set_cursor_icon(egui::CursorIcon::Default);
        self.selected = presentation.restore_selected;
        self.detail_open = presentation.restore_detail_open;
        self.event_list_open = presentation.restore_event_list_open;
        if let Some(view) = presentation.restore_view {
            self.set_view(view);
        }
    }

    /// Selects the current stop's event and moves the view to it.
    fn show_current_stop(&mut self, ctx: &egui::Context) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(presentation) = &mut self.presentation else {
            return;
        };
        let Some(event) = presentation.presenter.current_event() else {
            return;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return;
        };
        let extent = doc.full_view().span_days();
        let target = stop_view(
            f64::from(span.start_day),
            f64::from(span.end_day_exclusive),
            extent,
        );
        let from = self.view.unwrap_or(target);
        let duration = if self.reduce_motion { 0.0 } else { 0.5 };
        presentation.animation = Some(ViewAnimation::new(
            from,
            target,
            ctx.input(|i| i.time),
            duration,
        ));
        self.selected = Some(event);
        ctx.request_repaint();
    }

    /// What the last save or copy did.
    pub fn export_status(&self) -> Option<&str> {
        self.export_status.as_deref()
    }

    /// The export dialog's settings (tests set them to keep images small).
    pub fn export_settings_mut(&mut self) -> &mut ExportSettings {
        &mut self.export_settings
    }

    /// Whether the export dialog is open.
    pub fn is_export_open(&self) -> bool {
        self.export_open
    }

    /// Shows this period (the view moves there on the next frame).
    pub fn set_view(&mut self, view: TimeView) {
        self.view = Some(view);
        self.force_view = true;
    }

    /// Selects an event and moves the view so that it is in sight.
    fn select_and_follow(&mut self, event: EventIndex) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return;
        };
        self.selected = Some(event);
        self.detail_open = true;
        self.list_follows_selection = true;
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let (start, end) = (f64::from(span.start_day), f64::from(span.end_day_exclusive));
        // Pan as little as possible, so the class keeps its bearings while stepping through.
        let next = view.panned_to_show(start, end, 0.08);
        if next != view {
            self.set_view(next);
        }
    }

    /// Keys that work anywhere except while typing (shortcuts with Ctrl work while typing too).
    fn keyboard_commands(&mut self, ui: &Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.presentation.is_none() {
            ui.input_mut(|input| {
                if input.consume_key(Modifiers::COMMAND, Key::O) {
                    commands.push(Command::OpenFileDialog);
                }
                if input.consume_key(Modifiers::COMMAND, Key::F) {
                    self.focus_search = true;
                }
                if input.consume_key(Modifiers::COMMAND, Key::R) {
                    commands.push(Command::Reload);
                }
            });
        }
        if ui.ctx().text_edit_focused() {
            return commands;
        }
        if self.presentation.is_some() {
            ui.input_mut(|input| {
                let mut pressed = |key| input.consume_key(Modifiers::NONE, key);
                for (key, action) in [
                    (Key::ArrowRight, PresentKey::Next),
                    (Key::Space, PresentKey::Next),
                    (Key::PageDown, PresentKey::Next),
                    (Key::ArrowDown, PresentKey::Next),
                    (Key::Enter, PresentKey::Enter),
                    (Key::ArrowLeft, PresentKey::Previous),
                    (Key::PageUp, PresentKey::Previous),
                    (Key::Backspace, PresentKey::Previous),
                    (Key::ArrowUp, PresentKey::Previous),
                    (Key::Home, PresentKey::First),
                    (Key::End, PresentKey::Last),
                    (Key::B, PresentKey::Blackout),
                    (Key::Period, PresentKey::Blackout),
                ] {
                    if pressed(key) {
                        commands.push(Command::Present(action));
                    }
                }
                let digits = [
                    Key::Num0,
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::Num4,
                    Key::Num5,
                    Key::Num6,
                    Key::Num7,
                    Key::Num8,
                    Key::Num9,
                ];
                for (digit, key) in (0u8..).zip(digits) {
                    if pressed(key) {
                        commands.push(Command::Present(PresentKey::Digit(digit)));
                    }
                }
                if pressed(Key::Escape) || pressed(Key::F5) {
                    commands.push(Command::StopPresentation);
                }
            });
            return commands;
        }
        ui.input_mut(|input| {
            if input.consume_key(Modifiers::NONE, Key::F5) {
                commands.push(Command::StartPresentation);
            }
            if input.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::C) {
                commands.push(Command::CopyImage);
            }
            if input.consume_key(Modifiers::COMMAND, Key::E) {
                commands.push(Command::OpenExportDialog);
            }
            let mut pressed = |key| input.consume_key(Modifiers::NONE, key);
            if pressed(Key::ArrowRight) || pressed(Key::ArrowDown) {
                commands.push(Command::Step(1));
            }
            if pressed(Key::ArrowLeft) || pressed(Key::ArrowUp) {
                commands.push(Command::Step(-1));
            }
            if pressed(Key::Home) {
                commands.push(Command::SelectFirst);
            }
            if pressed(Key::End) {
                commands.push(Command::SelectLast);
            }
            if pressed(Key::Plus) || pressed(Key::Equals) {
                commands.push(Command::Zoom(1.5));
            }
            if pressed(Key::Minus) {
                commands.push(Command::Zoom(1.0 / 1.5));
            }
            if pressed(Key::F) {
                commands.push(Command::FitAll);
            }
            if pressed(Key::Escape) {
                commands.push(if self.cluster_list.is_some() {
                    Command::CloseClusterList
                } else if self.export_open {
                    Command::CloseExportDialog
                } else if self.source_view.is_some() {
                    Command::CloseSource
                } else {
                    Command::Select(None)
                });
            }
        });
        commands
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Document::Loaded(doc) => doc.timeline.title.clone(),
            Document::Failed { file_name, .. } => {
                format!("{file_name} could not be opened: Sourceline")
            }
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// One frame of presentation mode: the animated view, the timeline and the caption.
    fn presentation_frame(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(presentation) = &mut self.presentation else {
            return;
        };
        let now = ui.input(|i| i.time);
        if let Some(animation) = presentation.animation {
            self.view = Some(animation.view_at(now));
            self.force_view = true;
            if animation.is_done(now) {
                presentation.animation = None;
            } else {
                ui.ctx().request_repaint();
            }
        }
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let force_view = self.force_view;
        let selected = self.selected;
        let panel_fill = ui.visuals().panel_fill;
        let mut output = None;
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(panel_fill)
                    .inner_margin(egui::Margin::same(16)),
            )
            .show(ui, |ui| {
                output =
                    presentation_ui(ui, doc, &presentation.presenter, selected, view, force_view);
            });
        self.force_view = false;
        if let Some(output) = output {
            if presentation.animation.is_none() {
                self.view = Some(output.view);
            }
            self.last_layout = output.layout;
            commands.extend(output.commands);
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            self.file_menu_ui(ui, commands);
            self.view_menu_ui(ui, commands);
            let Document::Loaded(doc) = &self.document else {
                return;
            };
            ui.separator();
            command_button(
                ui,
                "◀ Previous",
                "Previous event (← or ↑)",
                Command::Step(-1),
                commands,
            );
            command_button(
                ui,
                "Next ▶",
                "Next event (→ or ↓)",
                Command::Step(1),
                commands,
            );
            ui.separator();
            command_button(
                ui,
                "Fit all",
                "Show the whole timeline (F, or double-click)",
                Command::FitAll,
                commands,
            );
            command_button(
                ui,
                "Zoom in",
                "Zoom in (+, or the mouse wheel)",
                Command::Zoom(1.5),
                commands,
            );
            command_button(
                ui,
                "Zoom out",
                "Zoom out (−)",
                Command::Zoom(1.0 / 1.5),
                commands,
            );
            ui.separator();
            if presentation_menu_ui(
                ui,
                &mut self.present_key_events_only,
                &mut self.reduce_motion,
            ) {
                commands.push(Command::StartPresentation);
            }
            command_button(
                ui,
                "Export image…",
                "Save or copy a PNG for slides (Ctrl+E)",
                Command::OpenExportDialog,
                commands,
            );
            ui.separator();
            Self::search_box_ui(ui, &self.search, &mut self.focus_search, commands);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if !doc.warnings.is_empty() {
                    let counts = ProblemCounts::of(&doc.warnings);
                    let text = RichText::new(format!(
                        "⚠ {}",
                        crate::model::count_noun(counts.warnings, "warning")
                    ))
                    .color(theme::warning_color(ui.visuals()));
                    ui.label(text).on_hover_ui(|ui| {
                        for problem in doc.warnings.iter().take(20) {
                            ui.label(problem.to_string());
                        }
                    });
                }
                if let Some(view) = self.view {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Showing {}", view.period_text())).weak(),
                        )
                        .truncate(),
                    );
                }
            });
        });
    }

    /// The search box, its match count, and Enter / Shift+Enter to step through the matches.
    fn search_box_ui(
        ui: &mut Ui,
        search: &Search,
        focus_search: &mut bool,
        commands: &mut Vec<Command>,
    ) {
        let mut query = search.query.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut query)
                .hint_text("Search (Ctrl+F)")
                .desired_width(170.0),
        );
        let response = response.on_hover_text(
            "Titles, summaries, excerpts and tags; case and accents do not matter. \
             Enter: next match, Shift+Enter: previous.",
        );
        if std::mem::take(focus_search) {
            response.request_focus();
        }
        if response.changed() {
            commands.push(Command::Search(query.clone()));
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let backwards = ui.input(|i| i.modifiers.shift);
            commands.push(if backwards {
                Command::PreviousMatch
            } else {
                Command::NextMatch
            });
            // Keep typing or pressing Enter.
            response.request_focus();
        }
        if search.is_active() {
            let count = search.matches.len();
            let text = match count {
                0 => "No matches".to_owned(),
                1 => "1 match".to_owned(),
                n => format!("{n} matches"),
            };
            ui.label(RichText::new(text).strong());
            if ui
                .small_button("Clear")
                .on_hover_text("Clear the search")
                .clicked()
            {
                commands.push(Command::Search(String::new()));
            }
        }
    }

    /// File: open, recent files, reload, the built-in timeline.
    fn file_menu_ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
                .clicked()
            {
                commands.push(Command::OpenFileDialog);
                ui.close();
            }
            ui.menu_button("Open recent", |ui| {
                if self.settings.recent_files.is_empty() {
                    ui.label(RichText::new("No recent files").weak());
                }
                for path in &self.settings.recent_files {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let exists = path.is_file();
                    let button = ui
                        .add_enabled(exists, egui::Button::new(name))
                        .on_hover_text(path.display().to_string())
                        .on_disabled_hover_text(format!("{} no longer exists", path.display()));
                    if button.clicked() {
                        commands.push(Command::OpenFile(path.clone()));
                        ui.close();
                    }
                }
                if !self.settings.recent_files.is_empty() {
                    ui.separator();
                    if ui.button("Clear the list").clicked() {
                        commands.push(Command::ClearRecentFiles);
                        ui.close();
                    }
                }
            });
            if ui
                .add_enabled(
                    self.file_path.is_some(),
                    egui::Button::new("Reload").shortcut_text("Ctrl+R"),
                )
                .on_hover_text("Files reload by themselves when they change on disk")
                .clicked()
            {
                commands.push(Command::Reload);
                ui.close();
            }
            if ui.button("Built-in timeline").clicked() {
                commands.push(Command::OpenBuiltin);
                ui.close();
            }
        });
    }

    /// View: panels, theme, text size.
    fn view_menu_ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.menu_button("View", |ui| {
            let mut list_open = self.event_list_open;
            if ui
                .checkbox(&mut list_open, "Event list and filters")
                .clicked()
            {
                commands.push(Command::ToggleEventList);
            }
            let mut details_open = self.detail_open;
            if ui.checkbox(&mut details_open, "Event details").clicked() {
                commands.push(Command::ToggleDetails);
            }
            ui.separator();
            ui.label(RichText::new("Theme").strong());
            for choice in ThemeChoice::ALL {
                if ui.radio(self.theme == choice, choice.label()).clicked() {
                    commands.push(Command::SetTheme(choice));
                }
            }
            ui.separator();
            ui.label(RichText::new("Text size").strong());
            let ctx = ui.ctx().clone();
            if ui
                .add(egui::Button::new("Larger").shortcut_text("Ctrl +"))
                .clicked()
            {
                egui::gui_zoom::zoom_in(&ctx);
            }
            if ui
                .add(egui::Button::new("Smaller").shortcut_text("Ctrl −"))
                .clicked()
            {
                egui::gui_zoom::zoom_out(&ctx);
            }
            if ui
                .add(egui::Button::new("Normal").shortcut_text("Ctrl 0"))
                .clicked()
            {
                ctx.set_zoom_factor(1.0);
            }
        });
    }

    fn error_view_ui(
        ui: &mut Ui,
        file_name: &str,
        problems: &[Problem],
        commands: &mut Vec<Command>,
    ) {
        ui.heading(format!("{file_name} could not be opened"));
        ui.label(format!(
            "Sourceline found {} in this file. Fix them in a text editor and open the file again; \
             `sourceline check {file_name}` prints the same list.",
            ProblemCounts::of(problems)
        ));
        ui.add_space(8.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, true])
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                // Capped: a broken file can have a million problems; `sourceline check` lists them all.
                const SHOWN: usize = 500;
                for problem in problems.iter().take(SHOWN) {
                    let color = if problem.is_error() {
                        ui.visuals().error_fg_color
                    } else {
                        theme::warning_color(ui.visuals())
                    };
                    ui.label(RichText::new(problem.to_string()).monospace().color(color));
                }
                if problems.len() > SHOWN {
                    ui.label(format!("… and {} more.", problems.len() - SHOWN));
                }
            });
        ui.add_space(8.0);
        if ui.button("Show the built-in timeline").clicked() {
            commands.push(Command::OpenBuiltin);
        }
    }
}

impl eframe::App for SourcelineApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings().save(storage);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

impl SourcelineApp {
    /// One frame of the whole window (what `eframe` calls each frame; benchmarks call it
    /// directly).
    pub fn show(&mut self, ui: &mut Ui) {
        if self.egui_ctx.is_none() {
            self.egui_ctx = Some(ui.ctx().clone());
            self.watch_open_file();
        }
        if self.presentation.is_none() {
            if self.applied_theme != Some(self.theme) {
                self.apply_theme(ui.ctx());
            }
            self.settings.text_size = ui.ctx().zoom_factor();
            self.reload_if_changed(ui.ctx());
        }
        self.poll_background_load(ui.ctx());
        self.update_window_title(ui.ctx());
        let mut commands = self.keyboard_commands(ui);
        if let Some(path) = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        }) {
            commands.push(Command::OpenFile(path));
        }
        if self.presentation.is_some() {
            self.presentation_frame(ui, &mut commands);
            for command in commands {
                self.run_in(ui.ctx(), command);
            }
            return;
        }
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(2.0);
            self.toolbar_ui(ui, &mut commands);
            ui.add_space(2.0);
        });
        if let Some(loading) = &self.pending_load {
            egui::Panel::top("loading").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!(
                        "Loading {}… (a large file takes a few seconds)",
                        loading.path.display()
                    ));
                });
            });
        }
        if !self.reload_problems.is_empty() {
            let file_name = self
                .file_path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            egui::Panel::top("reload_problems")
                .frame(
                    egui::Frame::new()
                        .fill(theme::banner_background(ui.visuals()))
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| {
                    reload_banner_ui(ui, &file_name, &self.reload_problems);
                });
        }
        match &self.document {
            Document::Failed {
                file_name,
                problems,
            } => {
                egui::CentralPanel::default().show(ui, |ui| {
                    Self::error_view_ui(ui, file_name, problems, &mut commands);
                });
            }
            Document::Loaded(doc) => {
                let mut list_open = self.event_list_open;
                let list_input = EventListInput {
                    events: if self.search.is_active() {
                        &self.search.matches
                    } else {
                        &doc.lanes.shown_events
                    },
                    selected: self.selected,
                    scroll_to_selected: std::mem::take(&mut self.list_follows_selection),
                    search: self
                        .search
                        .is_active()
                        .then_some(self.search.query.as_str()),
                    hidden_matches: self.search.hidden,
                };
                egui::Panel::left("events")
                    .resizable(true)
                    .default_size(260.0)
                    .size_range(220.0..=520.0)
                    .show_collapsible(ui, &mut list_open, |ui| {
                        // Long category names give way to the panel's width.
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        egui::CollapsingHeader::new(RichText::new("Show").strong())
                            .id_salt("filters")
                            .default_open(true)
                            .show(ui, |ui| filters_ui(ui, doc, &mut commands));
                        ui.separator();
                        event_list_ui(ui, doc, &list_input, &mut commands);
                    });
                self.event_list_open = list_open;
                let mut detail_open = self.detail_open;
                egui::Panel::right("details")
                    .resizable(true)
                    .default_size(340.0)
                    .size_range(260.0..=720.0)
                    .show_collapsible(ui, &mut detail_open, |ui| {
                        egui::ScrollArea::vertical()
                            .auto_shrink([false, false])
                            .show(ui, |ui| {
                                detail_panel_ui(ui, doc, self.selected, &mut commands);
                            });
                    });
                self.detail_open = detail_open;
                egui::CentralPanel::default().show(ui, |ui| {
                    let view = self.view.unwrap_or_else(|| doc.full_view());
                    let matches = self
                        .search
                        .is_active()
                        .then_some(self.search.matches.as_slice());
                    let output =
                        timeline_view_ui(ui, doc, self.selected, view, self.force_view, matches);
                    self.force_view = false;
                    // Pull the view back within the zoom limits after a pinch or drag beyond them.
                    let span = output.view.span_days();
                    let within_limits =
                        span.is_finite() && (MIN_SPAN_DAYS..=MAX_SPAN_DAYS).contains(&span);
                    if within_limits {
                        self.view = Some(output.view);
                    } else {
                        self.view = Some(TimeView::new(output.view.min_x, output.view.max_x));
                        self.force_view = true;
                        ui.ctx().request_repaint();
                    }
                    self.last_layout = output.layout;
                    let area = ui.max_rect();
                    self.timeline_size_pt = [
                        area.width().round().max(1.0) as u32,
                        area.height().round().max(1.0) as u32,
                    ];
                    commands.extend(output.commands);
                });
                if let Some(state) = &mut self.source_view {
                    let excerpt = doc
                        .timeline
                        .events
                        .get(state.event)
                        .and_then(|e| e.excerpts.get(state.excerpt));
                    let source = excerpt.and_then(|x| doc.timeline.source_of(x));
                    let highlight = excerpt.and_then(|x| match &x.verification {
                        crate::model::Verification::Verified { range } => Some(range.clone()),
                        _ => None,
                    });
                    let mut open = true;
                    if let Some(source) = source {
                        let content = ui.ctx().content_rect();
                        egui::Window::new("Source text")
                            .open(&mut open)
                            .collapsible(false)
                            .default_size([content.width() * 0.6, content.height() * 0.75])
                            .default_pos(
                                content.center()
                                    - egui::vec2(content.width() * 0.3, content.height() * 0.375),
                            )
                            .show(ui.ctx(), |ui| {
                                if source_view_ui(ui, source, highlight, state) {
                                    commands.push(Command::CloseSource);
                                }
                            });
                    }
                    if !open || source.is_none() {
                        commands.push(Command::CloseSource);
                    }
                }
            }
        }
        if let (Some((events, at)), Document::Loaded(doc)) = (&self.cluster_list, &self.document) {
            let area = egui::Area::new(egui::Id::unique("cluster_list"))
                .order(egui::Order::Foreground)
                .fixed_pos(*at)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(RichText::new("Events here").strong());
                        for &event in events {
                            let Some(e) = doc.timeline.events.get(event) else {
                                continue;
                            };
                            if ui.button(format!("{} ({})", e.title, e.date)).clicked() {
                                commands.push(Command::Select(Some(event)));
                            }
                        }
                    });
                });
            if area.response.clicked_elsewhere() {
                commands.push(Command::CloseClusterList);
            }
        }
        if self.export_open {
            let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                export_dialog_ui(
                    ui,
                    &mut self.export_settings,
                    self.timeline_size_pt,
                    self.selected.is_some(),
                    self.export_status.as_deref(),
                    &mut commands,
                );
            });
            if modal.should_close() {
                commands.push(Command::CloseExportDialog);
            }
        }
        if ui.input(|i| !i.raw.hovered_files.is_empty()) {
            drop_hint_ui(ui);
        }
        for command in commands {
            self.run_in(ui.ctx(), command);
        }
    }
}

/// `path` made absolute (through the file system when it exists), for remembering it.
fn absolute_path(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a file is large enough to load in the background.
fn is_large_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES)
}

/// The banner over a timeline whose file was changed into a version that does not load.
fn reload_banner_ui(ui: &mut Ui, file_name: &str, problems: &[Problem]) {
    let warning = theme::warning_color(ui.visuals());
    ui.label(
        RichText::new(format!(
            "⚠ {file_name} no longer loads ({}). Still showing the last version that did; \
             fix the file and save it, and it reloads by itself.",
            ProblemCounts::of(problems)
        ))
        .strong()
        .color(warning),
    );
    const SHOWN: usize = 6;
    for problem in problems.iter().take(SHOWN) {
        let color = if problem.is_error() {
            ui.visuals().error_fg_color
        } else {
            warning
        };
        ui.label(RichText::new(problem.to_string()).monospace().color(color));
    }
    if problems.len() > SHOWN {
        ui.label(format!(
            "… and {} more; `sourceline check {file_name}` lists them all.",
            problems.len() - SHOWN
        ));
    }
}

/// Shown while a file is dragged over the window.
fn drop_hint_ui(ui: &Ui) {
    let rect = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_hint"),
    ));
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop a timeline file (.json) to open it",
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}
