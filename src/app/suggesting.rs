//! "Suggest events" in the window: the dates found in a source's text become proposals to
//! review (tick, date, title, category), and the ticked ones become events in one undoable step.

use serde_json::{Map, Value, json};

use super::SourcelineApp;
use super::session::Suggestions;
use crate::edit::{Edit, slug, unique_id};
use crate::model::HistDate;
use crate::suggest::{SuggestOptions, is_quoted, quoted_ranges, suggest};
use crate::ui::suggestions::SuggestionDraft;

impl SourcelineApp {
    /// Finds the dates in a source's text and lists an event proposed for each (those an event
    /// quotes already left out), for the user to review.
    pub(super) fn suggest_events(&mut self, source: usize) {
        let Some(doc) = self.session.doc() else {
            return;
        };
        let Some(entry) = doc.timeline.sources.get(source) else {
            return;
        };
        let Some(text) = entry.text.as_deref() else {
            return;
        };
        let document_date = match entry.date {
            Some(HistDate::Point(point)) => Some(point),
            _ => None,
        };
        let category = doc
            .timeline
            .categories
            .first()
            .map(|c| c.id.clone())
            .unwrap_or_default();
        let quoted = quoted_ranges(&doc.timeline, source);
        let found = suggest(text, &SuggestOptions { document_date });
        let total = found.len();
        let drafts: Vec<SuggestionDraft> = found
            .into_iter()
            .filter(|s| !is_quoted(&quoted, &s.range))
            .map(|s| SuggestionDraft {
                checked: s.date.is_some(),
                date: s.date.map_or_else(String::new, |d| d.to_edtf()),
                title: s.title,
                category: category.clone(),
                expression: s.expression,
                range: s.range,
                excerpt: s.excerpt,
                status: s.status,
                date_note: s.date_note,
                unresolved: s.unresolved,
            })
            .collect();
        self.session.suggestions = Some(Suggestions {
            source,
            already_quoted: total - drafts.len(),
            drafts,
        });
    }

    /// Changes a proposal.
    pub(super) fn update_suggestion(&mut self, n: usize, draft: SuggestionDraft) {
        if let Some(slot) = self
            .session
            .suggestions
            .as_mut()
            .and_then(|s| s.drafts.get_mut(n))
        {
            *slot = draft;
        }
    }

    /// Scrolls the source text to a proposal's expression.
    pub(super) fn show_suggestion(&mut self, n: usize) {
        let Some(suggestions) = &self.session.suggestions else {
            return;
        };
        let Some(range) = suggestions.drafts.get(n).map(|d| d.range.clone()) else {
            return;
        };
        let source = suggestions.source;
        if self.session.source_view.as_ref().map(|s| s.source) != Some(source) {
            self.session.show_source(source);
        }
        if let Some(view) = &mut self.session.source_view {
            view.scroll_to = Some(range);
            view.scroll_pending = true;
        }
    }

    /// Makes the ticked proposals events, in one undoable step.
    pub(super) fn add_suggestions(&mut self) {
        let Some(suggestions) = self.session.suggestions.clone() else {
            return;
        };
        let Some(source_id) = self
            .session
            .doc()
            .and_then(|d| d.timeline.sources.get(suggestions.source))
            .map(|s| s.id.clone())
        else {
            return;
        };
        if !self.start_editing() {
            return;
        }
        let Some(editing) = &self.session.editing else {
            return;
        };
        let mut taken: Vec<String> = Vec::new();
        let mut events = Vec::new();
        for draft in suggestions.drafts.iter().filter(|d| d.checked) {
            let id = unique_id(&slug(&draft.title, "event"), |id| {
                editing.doc.has_id("events", id) || taken.iter().any(|t| t == id)
            });
            taken.push(id.clone());
            let mut event = Map::new();
            event.insert("id".to_owned(), json!(id));
            event.insert("title".to_owned(), json!(draft.title.trim()));
            event.insert("date".to_owned(), json!(draft.date.trim()));
            event.insert("category".to_owned(), json!(draft.category));
            if draft.status == crate::model::Status::Planned {
                event.insert("status".to_owned(), json!("planned"));
            }
            if let Some(note) = &draft.date_note {
                event.insert("date_note".to_owned(), json!(note));
            }
            event.insert(
                "excerpts".to_owned(),
                json!([{"source": source_id, "text": draft.excerpt}]),
            );
            events.push(Value::Object(event));
        }
        let count = events.len();
        if count == 0 {
            return;
        }
        self.apply_edit(Edit::AddEvents(events));
        self.session.suggestions = None;
        self.session.edit_mode = true;
        self.session.edit_status = Some(format!(
            "Added {}; Undo takes them back.",
            crate::model::count_noun(count, "event")
        ));
    }
}
