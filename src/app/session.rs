//! The session: the open document and what the user is doing with it (the selection, the period
//! shown, the search, the source text open, a chip's event list, the problems of a failed
//! reload, presentation mode). Plain data and methods, with no egui context, so every rule here
//! is unit-tested without a window.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Document;
use super::editing::{Dialog, Editing};
use crate::model::{EventIndex, LoadOutcome, Problem};
use crate::timeline::{EventFilter, Grouping, LoadedTimeline, TimeView};
use crate::ui::source_view::SourceViewState;

/// Margin, as a fraction of the span, left around the days a zoom or a chip asks to show.
const ZOOM_MARGIN: f64 = 0.15;

/// Timelines with more events than this are large for editing: every change checks the whole
/// file again, about 0.3 s at this size on a two-core computer (`cargo bench --bench edit`).
pub const LARGE_TIMELINE_EVENTS: usize = 50_000;

/// Margin kept free at the edges when the view follows the selection.
const FOLLOW_MARGIN: f64 = 0.08;

/// The open document and what the user is doing with it.
pub struct Session {
    /// The timeline shown, or the problems of a file that did not open.
    pub document: Document,

    /// The timeline file open (`None`: the built-in timeline).
    pub file_path: Option<PathBuf>,

    /// The selected event.
    pub selected: Option<EventIndex>,

    /// The period shown (`None` when no timeline is open).
    pub view: Option<TimeView>,

    /// Push `view` into the plot on the next frame (a command moved it). Taken by the frame.
    pub force_view: bool,

    /// The search box's query and results.
    pub search: Search,

    /// Put the keyboard focus in the search box on the next frame. Taken by the frame.
    pub focus_search: bool,

    /// Scroll the event list to the selection on the next frame. Taken by the frame.
    pub list_follows_selection: bool,

    /// The source text open, with the excerpt highlighted.
    pub source_view: Option<SourceViewState>,

    /// A chip's list of events, when open.
    pub cluster_list: Option<ClusterList>,

    /// The export dialog is open.
    pub export_dialog_open: bool,

    /// Problems of the last reload that failed; the timeline shown is the last good one.
    pub reload_problems: Vec<Problem>,

    /// Presentation mode, when on.
    pub presentation: Option<Presentation>,

    /// Edit mode is on: the editor replaces the detail panel.
    pub edit_mode: bool,

    /// The timeline file being edited (from the first edit until it is closed).
    pub editing: Option<Editing>,

    /// What the last save, undo or failed edit did, in words.
    pub edit_status: Option<String>,

    /// Timelines with more events than this are large: entering Edit mode first says what
    /// editing them costs, and starts only when asked again.
    pub large_timeline_events: usize,

    /// The user was told what editing this large timeline costs (Edit again starts it).
    pub large_edit_warned: bool,

    /// The dialog open over the window.
    pub dialog: Option<Dialog>,

    /// Events proposed from the dates in a source ("Suggest events"), while reviewed.
    pub suggestions: Option<Suggestions>,
}

impl Session {
    /// A session on `document`, its lanes grouped by `grouping`, showing all of it.
    pub fn new(document: Document, grouping: Grouping) -> Self {
        let mut session = Self {
            document: Document::Failed {
                file_name: String::new(),
                problems: Vec::new(),
            },
            file_path: None,
            selected: None,
            view: None,
            force_view: true,
            search: Search::default(),
            focus_search: false,
            list_follows_selection: false,
            source_view: None,
            cluster_list: None,
            export_dialog_open: false,
            reload_problems: Vec::new(),
            presentation: None,
            edit_mode: false,
            editing: None,
            edit_status: None,
            large_timeline_events: LARGE_TIMELINE_EVENTS,
            large_edit_warned: false,
            dialog: None,
            suggestions: None,
        };
        session.replace_document(document, None, grouping);
        session
    }

    /// The timeline, when one is open.
    pub fn doc(&self) -> Option<&LoadedTimeline> {
        self.document.loaded()
    }

    /// The timeline, to change (copied first if an export is still reading it).
    fn doc_mut(&mut self) -> Option<&mut LoadedTimeline> {
        match &mut self.document {
            Document::Loaded(doc) => Some(Arc::make_mut(doc)),
            Document::Failed { .. } => None,
        }
    }

    /// The id of the selected event.
    pub fn selected_event_id(&self) -> Option<&str> {
        self.doc()?.event_id(self.selected?)
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

    /// The view of the whole timeline shown.
    fn full_view(&self) -> Option<TimeView> {
        self.doc().map(LoadedTimeline::full_view)
    }

    /// Shows this period (the view moves there on the next frame).
    pub fn set_view(&mut self, view: TimeView) {
        self.view = Some(view);
        self.force_view = true;
    }

    /// Replaces the open document; the view fits the new timeline and everything about the old
    /// one (selection, source text, lists, reload problems) is forgotten. The search stays and
    /// runs on the new timeline.
    pub fn replace_document(
        &mut self,
        mut document: Document,
        path: Option<PathBuf>,
        grouping: Grouping,
    ) {
        if let Document::Loaded(doc) = &mut document {
            let doc = Arc::make_mut(doc);
            doc.set_display(grouping, doc.filter.clone());
        }
        self.document = document;
        self.view = self.doc().map(LoadedTimeline::story_view);
        self.force_view = true;
        self.selected = None;
        self.source_view = None;
        self.cluster_list = None;
        self.export_dialog_open = false;
        self.reload_problems.clear();
        self.file_path = path;
        self.editing = None;
        self.edit_mode = false;
        self.edit_status = None;
        self.large_edit_warned = false;
        self.suggestions = None;
        self.search_new_timeline();
    }

    /// Shows a new version of the open file, keeping the view, the filters and (where its id
    /// still exists) the selection and the source text open. When the new version does not
    /// load, the last good timeline stays and its problems are kept for the banner.
    pub fn apply_reload(&mut self, path: &Path, outcome: LoadOutcome, grouping: Grouping) {
        if let Err(problems) = self.show_version(path, outcome, grouping) {
            match &mut self.document {
                Document::Loaded(_) => self.reload_problems = problems,
                Document::Failed { problems: old, .. } => *old = problems,
            }
        }
    }

    /// Shows a new version of the timeline as [`Self::apply_reload`] does; when it does not
    /// load, nothing changes and its problems are returned.
    pub fn show_version(
        &mut self,
        path: &Path,
        outcome: LoadOutcome,
        grouping: Grouping,
    ) -> Result<(), Vec<Problem>> {
        let Some(timeline) = outcome.timeline else {
            return Err(outcome.problems);
        };
        let mut doc = LoadedTimeline::new(timeline, outcome.problems, path.display().to_string());
        let selected_id = self.selected_event_id().map(str::to_owned);
        let source = self.source_view.as_ref().and_then(|state| {
            let old = self.doc()?;
            let source_id = old.timeline.sources.get(state.source)?.id.clone();
            let excerpt = state
                .excerpt
                .and_then(|(event, n)| Some((old.event_id(event)?.to_owned(), n)));
            Some((source_id, excerpt))
        });
        match &self.document {
            Document::Loaded(old) => doc.set_display(old.grouping, old.filter.clone()),
            Document::Failed { .. } => {
                doc.set_display(grouping, doc.filter.clone());
                self.set_view(doc.story_view());
            }
        }
        let index_of = |id: &str| doc.timeline.event_by_id(id).map(|(i, _)| i);
        self.selected = selected_id.as_deref().and_then(index_of);
        self.source_view = source.and_then(|(source_id, excerpt)| {
            let source = doc
                .timeline
                .sources
                .iter()
                .position(|s| s.id == source_id)?;
            let excerpt = excerpt.and_then(|(id, n)| {
                let event = index_of(&id)?;
                let exists = doc
                    .timeline
                    .events
                    .get(event)
                    .and_then(|e| doc.timeline.excerpts(e).get(n))
                    .is_some_and(|x| x.source() == source);
                exists.then_some((event, n))
            });
            let mut state = SourceViewState::new(source, excerpt);
            state.scroll_pending = false;
            Some(state)
        });
        self.document = Document::Loaded(Arc::new(doc));
        self.reload_problems.clear();
        self.cluster_list = None;
        self.search_new_timeline();
        Ok(())
    }

    /// Searches for `query` (empty: ends the search).
    pub fn search(&mut self, query: String) {
        self.search.query = query;
        self.refresh_search();
    }

    /// Shows only the events `filter` lets through.
    pub fn set_filter(&mut self, filter: EventFilter) {
        if let Some(doc) = self.doc_mut() {
            doc.set_display(doc.grouping, filter);
        }
        self.cluster_list = None;
        self.refresh_search();
    }

    /// Groups the lanes by category or by source.
    pub fn set_grouping(&mut self, grouping: Grouping) {
        if let Some(doc) = self.doc_mut() {
            doc.set_display(grouping, doc.filter.clone());
        }
        self.cluster_list = None;
    }

    /// What Esc does outside presentation mode: closes the topmost thing open, else clears the
    /// selection.
    pub fn escape_command(&self) -> crate::ui::Command {
        use crate::ui::Command;
        if self.dialog.is_some() {
            Command::CloseDialog
        } else if self.cluster_list.is_some() {
            Command::CloseClusterList
        } else if self.export_dialog_open {
            Command::CloseExportDialog
        } else if self.source_view.is_some() {
            Command::CloseSource
        } else {
            Command::Select(None)
        }
    }

    /// Starts indexing a new timeline for search and runs the search on it.
    fn search_new_timeline(&mut self) {
        self.search.last = None;
        if let Some(doc) = self.doc() {
            doc.prepare_search();
        }
        self.refresh_search();
    }

    /// Runs the search again (after the query, the filters or the timeline changed).
    fn refresh_search(&mut self) {
        self.search.pending = false;
        let Some(doc) = self.doc().filter(|_| self.search.is_active()) else {
            (self.search.hidden, self.search.matches) = Default::default();
            self.search.last = None;
            return;
        };
        let Some(index) = doc.search_index() else {
            // Still being built: `poll_search` runs the search when it is ready.
            self.search.pending = true;
            return;
        };
        let query = &self.search.query;
        let found = match &self.search.last {
            Some((earlier, found)) if crate::model::extends_query(query, earlier) => {
                index.find_among(query, earlier, found)
            }
            _ => index.find(query),
        };
        let total = found.len();
        let shown = doc.lanes.shown_among(&found);
        self.search.hidden = total - shown.len();
        self.search.matches = shown;
        self.search.last = Some((query.clone(), found));
    }

    /// Runs a search that waited for the index once the index is ready. Returns whether one is
    /// still waiting.
    pub fn poll_search(&mut self) -> bool {
        if self.search.pending && self.doc().is_some_and(|doc| doc.search_index().is_some()) {
            self.refresh_search();
        }
        self.search.pending
    }
}

mod navigation;
mod parts;
#[cfg(test)]
mod tests;

pub use parts::{ClusterList, Presentation, Search, Suggestions};
