//! The pieces of a session: a search, presentation mode, a chip's list of events, and the
//! events proposed from a source's dates.

use crate::model::EventIndex;
use crate::timeline::TimeView;
use crate::timeline::tour::{Presenter, ViewAnimation};
use crate::ui::suggestions::SuggestionDraft;

/// A search in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// What was typed.
    pub query: String,

    /// Matching events that the filters show, in date order.
    pub matches: Vec<EventIndex>,

    /// Matching events that the filters hide.
    pub hidden: usize,

    /// The search index is still being built; the results come when it is ready.
    pub pending: bool,

    /// The query last searched and all its matches (filters aside), so that typing on only
    /// checks those.
    pub last: Option<(String, Vec<EventIndex>)>,
}

impl Search {
    /// Whether anything was typed.
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }
}

/// Presentation mode in progress, with what to restore when it ends.
pub struct Presentation {
    /// Where the tour is.
    pub presenter: Presenter,

    /// The view is moving to the current stop.
    pub animation: Option<ViewAnimation>,

    /// The view before presentation mode.
    pub restore_view: Option<TimeView>,

    /// The selection before presentation mode.
    pub restore_selected: Option<EventIndex>,

    /// The detail panel was open.
    pub restore_detail_open: bool,

    /// The event list was open.
    pub restore_event_list_open: bool,

    /// The window was full screen.
    pub restore_fullscreen: bool,
}

/// The events of a "+N" chip that zooming could not separate, listed at a screen position.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::derive_partial_eq_without_eq,
    reason = "a screen position is made of floats"
)]
pub struct ClusterList {
    /// The events, in date order.
    pub events: Vec<EventIndex>,

    /// Where the list is shown, in screen points.
    pub at: egui::Pos2,
}

/// Events proposed from the dates in a source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestions {
    /// The source (index in the timeline).
    pub source: usize,

    /// The proposals, in text order.
    pub drafts: Vec<SuggestionDraft>,

    /// Dates left out because events quote them already.
    pub already_quoted: usize,
}
