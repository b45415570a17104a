//! "Suggest events": the events proposed from the dates found in a source text, each with a
//! checkbox, an editable date, title and category, the sentence it would quote, and how its date
//! was worked out; "Add selected" makes them events.

use egui::{RichText, Ui};

use super::{Command, theme};
use crate::model::{HistDate, Status};

/// One proposal as the user reviews it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestionDraft {
    /// Take it.
    pub checked: bool,

    /// The date, in the timeline's form (editable; empty when it could not be worked out).
    pub date: String,

    /// The title (editable).
    pub title: String,

    /// The category's id.
    pub category: String,

    /// The expression found, verbatim.
    pub expression: String,

    /// Where it is in the source text (bytes).
    pub range: std::ops::Range<usize>,

    /// The sentence it would quote, verbatim.
    pub excerpt: String,

    /// Happened or planned.
    pub status: Status,

    /// How the date was worked out.
    pub date_note: Option<String>,

    /// Why the date could not be worked out.
    pub unresolved: Option<String>,
}

/// What the list shows.
pub struct SuggestionsInput<'a> {
    /// The source's title.
    pub source_title: &'a str,

    /// The proposals.
    pub drafts: &'a [SuggestionDraft],

    /// The categories to choose from: `(id, label)`.
    pub categories: &'a [(String, String)],

    /// How many proposals were left out because events quote them already.
    pub already_quoted: usize,
}

/// The list of proposals.
pub fn suggestions_ui(ui: &mut Ui, input: &SuggestionsInput<'_>, commands: &mut Vec<Command>) {
    let checked = input.drafts.iter().filter(|d| d.checked).count();
    ui.label(format!(
        "{} found in “{}”. Tick those to make into events, and check their dates.",
        crate::model::count_noun(input.drafts.len(), "date"),
        input.source_title
    ));
    if input.already_quoted > 0 {
        ui.label(
            RichText::new(format!(
                "{} left out: events already quote them.",
                crate::model::count_noun(input.already_quoted, "date")
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                checked > 0,
                egui::Button::new(format!("Add selected ({checked})")),
            )
            .on_hover_text("Make each ticked proposal an event (Undo takes them all back)")
            .clicked()
        {
            commands.push(Command::AddSuggestions);
        }
        if ui.button("Close").clicked() {
            commands.push(Command::CloseSuggestions);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, draft) in input.drafts.iter().enumerate() {
                draft_ui(ui, n, draft, input.categories, commands);
                ui.separator();
            }
        });
}

/// One proposal.
fn draft_ui(
    ui: &mut Ui,
    n: usize,
    draft: &SuggestionDraft,
    categories: &[(String, String)],
    commands: &mut Vec<Command>,
) {
    let mut next = draft.clone();
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut next.checked, "")
            .on_hover_text("Make this an event")
            .accessible_name(format!("Take proposal {}", n + 1));
        if ui
            .link(format!("“{}”", draft.expression))
            .on_hover_text("Show it in the text")
            .clicked()
        {
            commands.push(Command::ShowSuggestion(n));
        }
        if draft.status == Status::Planned {
            ui.label(RichText::new("planned").color(theme::warning_color(ui.visuals())));
        }
    });
    ui.horizontal(|ui| {
        ui.label("Date");
        ui.add(egui::TextEdit::singleline(&mut next.date).desired_width(170.0))
            .accessible_name(format!("Date of proposal {}", n + 1));
        match HistDate::parse(&next.date) {
            Ok(date) => ui.label(RichText::new(date.to_string()).weak()),
            Err(_) if next.date.trim().is_empty() => {
                ui.label(RichText::new("no date: give one").color(ui.visuals().error_fg_color))
            }
            Err(_) => ui.label(RichText::new("not a date").color(ui.visuals().error_fg_color)),
        };
    });
    ui.horizontal(|ui| {
        ui.label("Title");
        ui.add(egui::TextEdit::singleline(&mut next.title).desired_width(ui.available_width()))
            .accessible_name(format!("Title of proposal {}", n + 1));
    });
    if categories.len() > 1 {
        ui.horizontal(|ui| {
            ui.label("Category");
            let shown = categories
                .iter()
                .find(|(id, _)| *id == next.category)
                .map_or(next.category.as_str(), |(_, label)| label.as_str());
            egui::ComboBox::from_id_salt(("suggestion_category", n))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (id, label) in categories {
                        ui.selectable_value(&mut next.category, id.clone(), label);
                    }
                })
                .response
                .accessible_name(format!("Category of proposal {}", n + 1));
        });
    }
    if let Some(note) = draft.date_note.as_deref().or(draft.unresolved.as_deref()) {
        ui.label(RichText::new(note).italics().weak());
    }
    ui.label(
        RichText::new(format!(
            "“{}”",
            crate::model::normalize_whitespace(&draft.excerpt)
        ))
        .small(),
    );
    if next != *draft {
        commands.push(Command::UpdateSuggestion(n, Box::new(next)));
    }
}
