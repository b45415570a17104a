//! The editor (the right panel in Edit mode): the event open in it, field by field with each
//! problem shown at its field as it is typed, or else the timeline's own settings: title,
//! description, categories (label, colour, order), the tour and the sources. Every change is a
//! [`Command::Edit`]; the widgets only show the document as it stands.

use egui::{RichText, Ui};
use serde_json::{Map, Value, json};

use super::{Command, theme};
use crate::edit::{Edit, EditDocument, unique_id};
use crate::model::{HistDate, PathSegment, Problem, Rgb, Verification};
use crate::timeline::LoadedTimeline;

/// What the editor shows.
pub struct EditorInput<'a> {
    /// The document being edited.
    pub doc: &'a EditDocument,

    /// Its problems, with their JSON paths.
    pub problems: &'a [Problem],

    /// The event open in the editor, by id.
    pub event: Option<&'a str>,

    /// The last version that loaded (verification of excerpts, source titles, colours).
    pub loaded: Option<&'a LoadedTimeline>,

    /// The event selected on the timeline, by id.
    pub selected: Option<&'a str>,

    /// What the last save, undo or failed edit did.
    pub status: Option<&'a str>,

    /// Whether there are unsaved changes.
    pub dirty: bool,
}

/// The editor panel.
pub fn editor_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    header_ui(ui, input, commands);
    ui.separator();
    let event = input
        .event
        .and_then(|id| Some((id, event_index(input.doc, id)?)));
    match event {
        Some((id, index)) => event_form_ui(ui, input, id, index, commands),
        None => timeline_form_ui(ui, input, commands),
    }
    other_problems_ui(ui, input);
}

/// Save, undo and redo, and what the last of them did.
fn header_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Editing");
        let save = if input.dirty { "Save •" } else { "Save" };
        if ui
            .add_enabled(input.dirty, egui::Button::new(save))
            .on_hover_text("Save the timeline file (Ctrl+S)")
            .clicked()
        {
            commands.push(Command::Save);
        }
        let undo = input
            .doc
            .undo_label()
            .map(|l| format!("Undo: {}", l.to_lowercase()));
        if ui
            .add_enabled(undo.is_some(), egui::Button::new("Undo"))
            .on_hover_text(format!(
                "{} (Ctrl+Z)",
                undo.as_deref().unwrap_or("Nothing to undo")
            ))
            .clicked()
        {
            commands.push(Command::Undo);
        }
        let redo = input
            .doc
            .redo_label()
            .map(|l| format!("Redo: {}", l.to_lowercase()));
        if ui
            .add_enabled(redo.is_some(), egui::Button::new("Redo"))
            .on_hover_text(format!(
                "{} (Ctrl+Shift+Z)",
                redo.as_deref().unwrap_or("Nothing to redo")
            ))
            .clicked()
        {
            commands.push(Command::Redo);
        }
    });
    if let Some(status) = input.status {
        ui.label(RichText::new(status).italics());
    }
}

/// The event's position in the file's list.
fn event_index(doc: &EditDocument, id: &str) -> Option<usize> {
    doc.list("events")
        .iter()
        .position(|e| e.get("id").and_then(Value::as_str) == Some(id))
}

/// The problems at a path (or inside it).
fn problems_at<'a>(problems: &'a [Problem], path: &[PathSegment]) -> Vec<&'a Problem> {
    problems
        .iter()
        .filter(|p| p.path.as_ref().is_some_and(|at| at.starts_with(path)))
        .collect()
}

/// Each problem, in its severity's colour, under a field.
fn field_problems_ui(ui: &mut Ui, problems: &[&Problem]) {
    for problem in problems {
        let color = if problem.is_error() {
            ui.visuals().error_fg_color
        } else {
            theme::warning_color(ui.visuals())
        };
        ui.label(RichText::new(format!("⚠ {}", problem.message)).color(color));
    }
}

/// A labelled text field whose changes become edits (an empty optional field is removed).
struct Field<'a> {
    label: &'a str,
    value: &'a str,
    multiline: bool,
    optional: bool,
    hint: &'a str,
}

/// A field's new value (`None`: the member is removed).
struct Changed(Option<Value>);

/// Shows a field; returns its new value when it was changed.
fn field_ui(ui: &mut Ui, field: &Field<'_>, problems: &[&Problem]) -> Option<Changed> {
    let label = ui.label(RichText::new(field.label).strong());
    let mut text = field.value.to_owned();
    let edit = if field.multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(
            edit.hint_text(field.hint)
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id)
        .accessible_name(field.label);
    field_problems_ui(ui, problems);
    ui.add_space(4.0);
    response.changed().then(|| {
        Changed(if field.optional && text.trim().is_empty() {
            None
        } else {
            Some(Value::String(text))
        })
    })
}

/// The event open in the editor.
fn event_form_ui(
    ui: &mut Ui,
    input: &EditorInput<'_>,
    id: &str,
    index: usize,
    commands: &mut Vec<Command>,
) {
    let Some(event) = input
        .doc
        .list("events")
        .get(index)
        .and_then(Value::as_object)
    else {
        return;
    };
    let path = |key: &str| {
        vec![
            PathSegment::Key("events".to_owned()),
            PathSegment::Index(index),
            PathSegment::Key(key.to_owned()),
        ]
    };
    let text = |key: &str| event.get(key).and_then(Value::as_str).unwrap_or_default();
    let set = |key: &str, value: Option<Value>| {
        Command::Edit(Edit::SetEvent {
            event: id.to_owned(),
            key: key.to_owned(),
            value,
        })
    };
    if ui
        .button("◀ Timeline settings")
        .on_hover_text("Title, categories, tour and sources of the whole timeline")
        .clicked()
    {
        commands.push(Command::EditEvent(None));
    }
    ui.add_space(4.0);
    let title = Field {
        label: "Title",
        value: text("title"),
        multiline: false,
        optional: false,
        hint: "A short label, under 60 characters",
    };
    if let Some(Changed(value)) = field_ui(ui, &title, &problems_at(input.problems, &path("title")))
    {
        commands.push(set("title", value));
    }
    date_field_ui(
        ui,
        text("date"),
        &problems_at(input.problems, &path("date")),
        |value| {
            commands.push(set("date", value));
        },
    );
    category_ui(
        ui,
        input,
        event,
        &problems_at(input.problems, &path("category")),
        &set,
        commands,
    );
    status_and_importance_ui(ui, event, &set, commands);
    for (key, label, hint) in [
        (
            "summary",
            "Summary",
            "One or two sentences in your own words",
        ),
        (
            "date_note",
            "Date note",
            "How the date was established, when the source is vague",
        ),
    ] {
        let field = Field {
            label,
            value: text(key),
            multiline: true,
            optional: true,
            hint,
        };
        if let Some(Changed(value)) = field_ui(ui, &field, &problems_at(input.problems, &path(key)))
        {
            commands.push(set(key, value));
        }
    }
    tags_ui(
        ui,
        event,
        &problems_at(input.problems, &path("tags")),
        &set,
        commands,
    );
    excerpts_ui(ui, input, id, index, event, commands);
    tour_stop_ui(ui, input, id, commands);
    let id_field = Field {
        label: "Id",
        value: text("id"),
        multiline: false,
        optional: false,
        hint: "lowercase-letters-digits-and-dashes",
    };
    if let Some(Changed(value)) = field_ui(ui, &id_field, &problems_at(input.problems, &path("id")))
    {
        commands.push(set("id", value));
    }
    ui.add_space(8.0);
    if ui
        .button("Delete event")
        .on_hover_text("Delete this event (Undo brings it back)")
        .clicked()
    {
        commands.push(Command::Edit(Edit::DeleteEvent(id.to_owned())));
        commands.push(Command::EditEvent(None));
    }
}

/// The date, with how it will be shown, or what is wrong with it, as it is typed.
fn date_field_ui(
    ui: &mut Ui,
    date: &str,
    problems: &[&Problem],
    mut set: impl FnMut(Option<Value>),
) {
    let label = ui.label(RichText::new("Date").strong());
    let mut text = date.to_owned();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("1945, 1992-01, 1989-09-22, 44 BCE, 1993-04-03/1993-04-04, 1993-05~")
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id)
        .accessible_name("Date");
    match HistDate::parse(date) {
        Ok(parsed) => {
            ui.label(
                RichText::new(format!("Shown as: {parsed}"))
                    .color(theme::verified_color(ui.visuals())),
            );
        }
        Err(error) => {
            let message = if date.trim().is_empty() {
                "Give a date.".to_owned()
            } else {
                error.to_string()
            };
            ui.label(RichText::new(format!("⚠ {message}")).color(ui.visuals().error_fg_color));
        }
    }
    // The parse error above says it already; other problems (none expected) follow.
    let others: Vec<&Problem> = problems
        .iter()
        .copied()
        .filter(|p| !p.message.contains("invalid date"))
        .collect();
    field_problems_ui(ui, &others);
    ui.add_space(4.0);
    if response.changed() {
        set(Some(Value::String(text)));
    }
}

/// The category: pick one, or make a new one.
fn category_ui(
    ui: &mut Ui,
    input: &EditorInput<'_>,
    event: &Map<String, Value>,
    problems: &[&Problem],
    set: &dyn Fn(&str, Option<Value>) -> Command,
    commands: &mut Vec<Command>,
) {
    let current = event
        .get("category")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let categories: Vec<(&str, &str)> = input
        .doc
        .list("categories")
        .iter()
        .filter_map(|c| {
            Some((
                c.get("id")?.as_str()?,
                c.get("label").and_then(Value::as_str).unwrap_or_default(),
            ))
        })
        .collect();
    let label = ui.label(RichText::new("Category").strong());
    let shown = categories
        .iter()
        .find(|(id, _)| *id == current)
        .map_or(current, |(_, label)| *label);
    ui.horizontal(|ui| {
        let combo = egui::ComboBox::from_id_salt("event_category")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (id, label) in &categories {
                    if ui.selectable_label(*id == current, *label).clicked() && *id != current {
                        commands.push(set("category", Some(json!(id))));
                    }
                }
            });
        combo
            .response
            .labelled_by(label.id)
            .accessible_name("Category");
        if ui
            .button("New category…")
            .on_hover_text("Make a new category (lane) and put this event in it")
            .clicked()
        {
            let id = unique_id("new-category", |id| input.doc.has_id("categories", id));
            commands.push(Command::Edit(Edit::AddCategory(
                json!({"id": id, "label": "New category"}),
            )));
            commands.push(set("category", Some(json!(id))));
        }
    });
    field_problems_ui(ui, problems);
    ui.add_space(4.0);
}

/// Happened or planned; key, normal or minor.
fn status_and_importance_ui(
    ui: &mut Ui,
    event: &Map<String, Value>,
    set: &dyn Fn(&str, Option<Value>) -> Command,
    commands: &mut Vec<Command>,
) {
    let planned = event.get("status").and_then(Value::as_str) == Some("planned");
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Status").strong());
        if ui.radio(!planned, "Happened").clicked() && planned {
            commands.push(set("status", None));
        }
        if ui
            .radio(planned, "Planned")
            .on_hover_text("Announced in a source, not known to have happened")
            .clicked()
            && !planned
        {
            commands.push(set("status", Some(json!("planned"))));
        }
    });
    let importance = event.get("importance").and_then(Value::as_u64).unwrap_or(2);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Importance").strong());
        for (number, label) in [(1, "Key"), (2, "Normal"), (3, "Minor")] {
            if ui.radio(importance == number, label).clicked() && importance != number {
                let value = (number != 2).then(|| json!(number));
                commands.push(set("importance", value));
            }
        }
    });
    ui.add_space(4.0);
}

/// Tags, typed as a comma-separated list.
fn tags_ui(
    ui: &mut Ui,
    event: &Map<String, Value>,
    problems: &[&Problem],
    set: &dyn Fn(&str, Option<Value>) -> Command,
    commands: &mut Vec<Command>,
) {
    let tags: Vec<&str> = event
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let joined = tags.join(", ");
    let field = Field {
        label: "Tags",
        value: &joined,
        multiline: false,
        optional: true,
        hint: "Separated by commas",
    };
    if let Some(Changed(value)) = field_ui(ui, &field, problems) {
        let tags: Vec<Value> = value
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| json!(t))
            .collect();
        commands.push(set(
            "tags",
            (!tags.is_empty()).then_some(Value::Array(tags)),
        ));
    }
}

/// The event's excerpts: each verified or not, with move, remove and show-in-source.
fn excerpts_ui(
    ui: &mut Ui,
    input: &EditorInput<'_>,
    id: &str,
    index: usize,
    event: &Map<String, Value>,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new("Excerpts").strong());
    let excerpts = event
        .get("excerpts")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if excerpts.is_empty() {
        ui.label(
            RichText::new(
                "None yet. Open a source text (Timeline settings → Sources), select a passage \
                 and choose \"Add as excerpt to the event\".",
            )
            .weak(),
        );
    }
    // The loaded version of this event, to say whether each excerpt was found in its source.
    let loaded = input
        .loaded
        .and_then(|doc| doc.timeline.event_by_id(id).map(|(i, e)| (doc, i, e)));
    let count = excerpts.len();
    for (n, excerpt) in excerpts.iter().enumerate() {
        let quote = excerpt
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let source_id = excerpt
            .get("source")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let source_title = input
            .doc
            .item("sources", source_id)
            .and_then(|s| s.get("title"))
            .and_then(Value::as_str)
            .unwrap_or(source_id);
        ui.label(
            RichText::new(format!("“{}”", crate::model::normalize_whitespace(quote))).italics(),
        );
        let checked = loaded.and_then(|(doc, _, e)| doc.timeline.excerpts(e).get(n));
        let (badge, color) = match checked.map(crate::model::Excerpt::verification) {
            Some(Verification::Verified { .. }) => {
                ("✔ Verified in source", theme::verified_color(ui.visuals()))
            }
            Some(Verification::NotFound) => {
                ("⚠ Not found in source", theme::warning_color(ui.visuals()))
            }
            Some(Verification::NoSourceText) => (
                "⚠ The source has no text",
                theme::warning_color(ui.visuals()),
            ),
            None => (
                "Checked when the timeline loads",
                ui.visuals().weak_text_color(),
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(source_title).weak());
            ui.label(RichText::new(badge).color(color));
        });
        let path = vec![
            PathSegment::Key("events".to_owned()),
            PathSegment::Index(index),
            PathSegment::Key("excerpts".to_owned()),
            PathSegment::Index(n),
        ];
        field_problems_ui(ui, &problems_at(input.problems, &path));
        ui.horizontal_wrapped(|ui| {
            let moved = |from: usize, to: usize| {
                Command::Edit(Edit::MoveExcerpt {
                    event: id.to_owned(),
                    from,
                    to,
                })
            };
            if ui
                .add_enabled(n > 0, egui::Button::new("Up"))
                .on_hover_text("Show this excerpt earlier")
                .clicked()
            {
                commands.push(moved(n, n - 1));
            }
            if ui
                .add_enabled(n + 1 < count, egui::Button::new("Down"))
                .on_hover_text("Show this excerpt later")
                .clicked()
            {
                commands.push(moved(n, n + 1));
            }
            if let Some((_, event_index, _)) = loaded
                && checked.is_some()
                && ui.button("Show in source").clicked()
            {
                commands.push(Command::ShowInSource {
                    event: event_index,
                    excerpt: n,
                });
            }
            if ui
                .button("Remove")
                .on_hover_text("Remove this excerpt from the event")
                .clicked()
            {
                commands.push(Command::Edit(Edit::RemoveExcerpt {
                    event: id.to_owned(),
                    index: n,
                }));
            }
        });
        ui.add_space(6.0);
    }
}

/// Whether the event is a tour stop, and a button to add or remove it.
fn tour_stop_ui(ui: &mut Ui, input: &EditorInput<'_>, id: &str, commands: &mut Vec<Command>) {
    let tour = input.doc.list("tour");
    let stop = tour.iter().position(|s| s.as_str() == Some(id));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Tour").strong());
        match stop {
            Some(n) => {
                ui.label(format!("Stop {} of {}", n + 1, tour.len()));
                if ui.button("Remove from the tour").clicked() {
                    commands.push(Command::Edit(Edit::RemoveTourStop(n)));
                }
            }
            None => {
                if ui
                    .button("Add to the tour")
                    .on_hover_text("Make this event the tour's last stop in presentation mode")
                    .clicked()
                {
                    commands.push(Command::Edit(Edit::AddTourStop(id.to_owned())));
                }
            }
        }
    });
    ui.add_space(4.0);
}

/// The timeline's own settings: title, description, categories, tour, sources.
fn timeline_form_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    let root = input.doc.root();
    let text = |key: &str| root.get(key).and_then(Value::as_str).unwrap_or_default();
    let top = |key: &str| vec![PathSegment::Key(key.to_owned())];
    for (key, label, multiline, optional, hint) in [
        (
            "title",
            "Timeline title",
            false,
            false,
            "Shown in the window title and on exports",
        ),
        (
            "description",
            "Description",
            true,
            true,
            "One paragraph about the timeline",
        ),
    ] {
        let field = Field {
            label,
            value: text(key),
            multiline,
            optional,
            hint,
        };
        if let Some(Changed(value)) = field_ui(ui, &field, &problems_at(input.problems, &top(key)))
        {
            commands.push(Command::Edit(Edit::SetTimeline {
                key: key.to_owned(),
                value,
            }));
        }
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("New event")
            .on_hover_text("Add an event and open it here")
            .clicked()
        {
            commands.push(Command::NewEvent);
        }
        if let Some(selected) = input.selected
            && ui.button("Edit the selected event").clicked()
        {
            commands.push(Command::EditEvent(Some(selected.to_owned())));
        }
    });
    ui.add_space(8.0);
    categories_ui(ui, input, commands);
    ui.add_space(8.0);
    tour_ui(ui, input, commands);
    ui.add_space(8.0);
    sources_ui(ui, input, commands);
}

/// The categories: label, colour and order of each, and adding one.
fn categories_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Categories (lanes)").strong());
    let categories = input.doc.list("categories");
    let count = categories.len();
    for (n, category) in categories.iter().enumerate() {
        let Some(id) = category.get("id").and_then(Value::as_str) else {
            continue;
        };
        let label = category
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let color = category
            .get("color")
            .and_then(Value::as_str)
            .and_then(Rgb::parse_hex)
            .or_else(|| {
                input
                    .loaded
                    .and_then(|d| d.timeline.categories.iter().find(|c| c.id == id))
                    .map(|c| c.color)
            })
            .unwrap_or(Rgb([128, 128, 128]));
        let set = |key: &str, value: Option<Value>| {
            Command::Edit(Edit::SetCategory {
                category: id.to_owned(),
                key: key.to_owned(),
                value,
            })
        };
        ui.horizontal(|ui| {
            let mut rgb = color.0;
            if egui::color_picker::color_edit_button_srgb(ui, &mut rgb)
                .on_hover_text(format!("Colour of \"{label}\""))
                .changed()
            {
                commands.push(set("color", Some(json!(Rgb(rgb).to_hex()))));
            }
            let mut text = label.to_owned();
            let response = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(ui.available_width())
                    .hint_text("Category name"),
            );
            let response = response.accessible_name(format!("Category {}", n + 1));
            if response.changed() {
                commands.push(set("label", Some(json!(text))));
            }
        });
        ui.horizontal(|ui| {
            ui.add_space(28.0);
            let moved = |from: usize, to: usize| Command::Edit(Edit::MoveCategory { from, to });
            if ui
                .add_enabled(n > 0, egui::Button::new("Up"))
                .on_hover_text("Move this lane up")
                .clicked()
            {
                commands.push(moved(n, n - 1));
            }
            if ui
                .add_enabled(n + 1 < count, egui::Button::new("Down"))
                .on_hover_text("Move this lane down")
                .clicked()
            {
                commands.push(moved(n, n + 1));
            }
            if ui
                .add_enabled(count > 1, egui::Button::new("Remove"))
                .on_hover_text("Remove this category (only when no event is in it)")
                .clicked()
            {
                commands.push(Command::Edit(Edit::RemoveCategory(id.to_owned())));
            }
        });
        let path = vec![
            PathSegment::Key("categories".to_owned()),
            PathSegment::Index(n),
        ];
        field_problems_ui(ui, &problems_at(input.problems, &path));
    }
    if ui.button("Add a category").clicked() {
        let id = unique_id("new-category", |id| input.doc.has_id("categories", id));
        commands.push(Command::Edit(Edit::AddCategory(
            json!({"id": id, "label": "New category"}),
        )));
    }
}

/// The tour: its stops in order, to move and remove, and adding the selected event.
fn tour_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Tour (the stops of presentation mode)").strong());
    let tour = input.doc.list("tour");
    if tour.is_empty() {
        ui.label(
            RichText::new("No tour: presentation mode visits every event in date order.").weak(),
        );
    }
    let count = tour.len();
    for (n, stop) in tour.iter().enumerate() {
        let id = stop.as_str().unwrap_or_default();
        let title = input
            .doc
            .event(id)
            .and_then(|e| e.get("title"))
            .and_then(Value::as_str)
            .unwrap_or(id);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}.", n + 1));
            if ui
                .link(title)
                .on_hover_text("Open this event in the editor")
                .clicked()
            {
                commands.push(Command::EditEvent(Some(id.to_owned())));
            }
            let moved = |from: usize, to: usize| Command::Edit(Edit::MoveTourStop { from, to });
            if ui
                .add_enabled(n > 0, egui::Button::new("Up"))
                .on_hover_text("Earlier in the tour")
                .clicked()
            {
                commands.push(moved(n, n - 1));
            }
            if ui
                .add_enabled(n + 1 < count, egui::Button::new("Down"))
                .on_hover_text("Later in the tour")
                .clicked()
            {
                commands.push(moved(n, n + 1));
            }
            if ui
                .button("Remove")
                .on_hover_text("Remove this stop")
                .clicked()
            {
                commands.push(Command::Edit(Edit::RemoveTourStop(n)));
            }
        });
    }
    let selected = input
        .selected
        .filter(|id| !tour.iter().any(|s| s.as_str() == Some(id)));
    if ui
        .add_enabled(
            selected.is_some(),
            egui::Button::new("Add the selected event to the tour"),
        )
        .on_disabled_hover_text("Select an event on the timeline that is not a stop yet")
        .clicked()
        && let Some(id) = selected
    {
        commands.push(Command::Edit(Edit::AddTourStop(id.to_owned())));
    }
}

/// The sources: each with its text to open (and quote from), and adding a new one.
fn sources_ui(ui: &mut Ui, input: &EditorInput<'_>, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Sources").strong());
    let sources = input.doc.list("sources");
    if sources.is_empty() {
        ui.label(
            RichText::new("No sources yet: add the text of a document to quote from it.").weak(),
        );
    }
    for (n, source) in sources.iter().enumerate() {
        let title = source
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let id = source.get("id").and_then(Value::as_str).unwrap_or_default();
        let loaded = input.loaded.and_then(|d| {
            d.timeline
                .sources
                .iter()
                .position(|s| s.id == id)
                .map(|i| (d, i))
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(title);
            let has_text = loaded
                .is_some_and(|(d, i)| d.timeline.sources.get(i).is_some_and(|s| s.text.is_some()));
            if let Some((_, i)) = loaded
                && has_text
                && ui
                    .button("Open text")
                    .on_hover_text("Read the text; select a passage to quote it")
                    .clicked()
            {
                commands.push(Command::ShowSource(i));
            }
        });
        let path = vec![
            PathSegment::Key("sources".to_owned()),
            PathSegment::Index(n),
        ];
        field_problems_ui(ui, &problems_at(input.problems, &path));
    }
    if ui
        .button("Add source text…")
        .on_hover_text("Copy a document's text into the timeline's folder to quote from it")
        .clicked()
    {
        commands.push(Command::OpenAddSourceDialog);
    }
}

/// Problems not shown at a field of the form on screen.
fn other_problems_ui(ui: &mut Ui, input: &EditorInput<'_>) {
    let shown_prefix: Option<Vec<PathSegment>> = input
        .event
        .and_then(|id| event_index(input.doc, id))
        .map(|i| vec![PathSegment::Key("events".to_owned()), PathSegment::Index(i)]);
    let others: Vec<&Problem> = input
        .problems
        .iter()
        .filter(|p| match (&p.path, &shown_prefix) {
            (Some(path), Some(prefix)) => !path.starts_with(prefix),
            (Some(path), None) => !matches!(
                path.first(),
                Some(PathSegment::Key(k)) if ["title", "description", "categories", "tour", "sources"].contains(&k.as_str())
            ),
            (None, _) => true,
        })
        .collect();
    if others.is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.separator();
    ui.label(RichText::new(format!("Elsewhere in the timeline ({})", others.len())).strong());
    for problem in others.iter().take(50) {
        let color = if problem.is_error() {
            ui.visuals().error_fg_color
        } else {
            theme::warning_color(ui.visuals())
        };
        ui.label(RichText::new(&problem.message).color(color));
    }
}
