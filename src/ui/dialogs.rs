//! Dialogs for making and keeping timelines: "New timeline", "Add source text", the question
//! before unsaved changes would be lost, the offer to restore edits after a crash, and the banner
//! shown when the file changed on disk under unsaved edits.
//!
//! A dialog's fields are drafts kept in egui's memory until the user confirms; then one command
//! carries them.

use egui::{RichText, Ui};

use super::{Command, NewSource, NewTimeline, UnsavedChoice, theme};

/// What the dialogs need to know.
pub struct DialogContext<'a> {
    /// The title of the open timeline.
    pub timeline_title: &'a str,

    /// The folder of the open timeline file, to start file choosers in.
    pub folder: Option<&'a std::path::Path>,
}

/// Forgets the drafts of the dialogs (after one was confirmed).
pub fn clear_drafts(ctx: &egui::Context) {
    ctx.data_mut(|d| {
        d.remove::<NewTimeline>(egui::Id::unique("new_timeline_draft"));
        d.remove::<NewSource>(egui::Id::unique("add_source_draft"));
    });
}

/// A labelled single-line field; returns the response.
fn labelled_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let name = label;
    let label = ui.label(RichText::new(name).strong());
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .accessible_name(name)
}

/// The error of the last try, if any.
fn error_ui(ui: &mut Ui, error: Option<&str>) {
    if let Some(error) = error {
        ui.label(RichText::new(format!("⚠ {error}")).color(ui.visuals().error_fg_color));
    }
}

/// "New timeline": a title and a folder; creates `<folder>/<title>.json` and opens it.
pub fn new_timeline_dialog_ui(
    ui: &mut Ui,
    context: &DialogContext<'_>,
    error: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let draft_id = egui::Id::unique("new_timeline_draft");
    let mut draft: NewTimeline = ui
        .data(|d| d.get_temp(draft_id))
        .unwrap_or_else(|| NewTimeline {
            folder: context
                .folder
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
            ..NewTimeline::default()
        });
    ui.heading("New timeline");
    ui.label("An empty timeline file in a folder of your choice; source texts go beside it.");
    ui.add_space(6.0);
    labelled_field(
        ui,
        "Title",
        &mut draft.title,
        "e.g. The Space Race, 1957–1969",
    );
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Folder").strong());
        ui.add(
            egui::TextEdit::singleline(&mut draft.folder)
                .hint_text("Where to keep the timeline")
                .desired_width(ui.available_width() - 90.0),
        )
        .labelled_by(label.id)
        .accessible_name("Folder");
        if ui.button("Choose…").clicked()
            && let Some(folder) = rfd::FileDialog::new()
                .set_title("Folder for the new timeline")
                .pick_folder()
        {
            draft.folder = folder.display().to_string();
        }
    });
    error_ui(ui, error);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Create").clicked() {
            commands.push(Command::CreateTimeline(draft.clone()));
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
    ui.data_mut(|d| d.insert_temp(draft_id, draft));
}

/// "Add source text": a text file (or pasted text), and how to cite it.
pub fn add_source_dialog_ui(
    ui: &mut Ui,
    context: &DialogContext<'_>,
    error: Option<&str>,
    offer_conversion: bool,
    commands: &mut Vec<Command>,
) {
    let draft_id = egui::Id::unique("add_source_draft");
    let mut draft: NewSource = ui.data(|d| d.get_temp(draft_id)).unwrap_or_default();
    ui.heading("Add source text");
    ui.label(
        "The document's text is copied into the timeline's folder (under sources/), so that \
         excerpts can be checked against it word for word.",
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Text file").strong());
        ui.add(
            egui::TextEdit::singleline(&mut draft.path)
                .hint_text("A plain-text (.txt) file")
                .desired_width(ui.available_width() - 90.0),
        )
        .labelled_by(label.id)
        .accessible_name("Text file");
        if ui.button("Choose…").clicked() {
            let mut chooser = rfd::FileDialog::new()
                .set_title("Source text")
                .add_filter("Plain text", &["txt", "text", "md"]);
            if let Some(folder) = context.folder {
                chooser = chooser.set_directory(folder);
            }
            if let Some(path) = chooser.pick_file() {
                draft.path = path.display().to_string();
                if draft.title.is_empty()
                    && let Some(stem) = path.file_stem()
                {
                    draft.title = stem.to_string_lossy().replace(['_', '-'], " ");
                }
            }
        }
    });
    egui::CollapsingHeader::new("…or paste the text")
        .default_open(!draft.pasted.is_empty())
        .show(ui, |ui| {
            let label = ui.label("Text");
            ui.add(
                egui::TextEdit::multiline(&mut draft.pasted)
                    .desired_rows(5)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .accessible_name("Pasted text");
        });
    labelled_field(ui, "Title", &mut draft.title, "As a citation gives it");
    labelled_field(
        ui,
        "Author",
        &mut draft.author,
        "Author or issuing body (optional)",
    );
    labelled_field(
        ui,
        "Date",
        &mut draft.date,
        "The document's date: 1993-04-23 (optional)",
    );
    labelled_field(ui, "Web address", &mut draft.url, "https://… (optional)");
    error_ui(ui, error);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if offer_conversion {
            if ui
                .button("Convert to UTF-8 and add")
                .on_hover_text("Read the file in the encoding named above and keep a UTF-8 copy")
                .clicked()
            {
                commands.push(Command::AddSource(NewSource {
                    convert: true,
                    ..draft.clone()
                }));
            }
        } else if ui.button("Add").clicked() {
            commands.push(Command::AddSource(draft.clone()));
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
    ui.data_mut(|d| d.insert_temp(draft_id, draft));
}

/// "Save changes?" before something that would drop them.
pub fn unsaved_dialog_ui(
    ui: &mut Ui,
    context: &DialogContext<'_>,
    what: &str,
    commands: &mut Vec<Command>,
) {
    ui.heading(format!("Save changes to “{}”?", context.timeline_title));
    ui.label(format!(
        "The timeline has changes that are not saved. {what} drops them unless you save first."
    ));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        for (label, choice) in [
            ("Save", UnsavedChoice::Save),
            ("Discard", UnsavedChoice::Discard),
            ("Cancel", UnsavedChoice::Cancel),
        ] {
            if ui.button(label).clicked() {
                commands.push(Command::ResolveUnsaved(choice));
            }
        }
    });
}

/// The offer to restore edits that were not saved before Sourceline closed.
pub fn recovery_dialog_ui(ui: &mut Ui, file: &std::path::Path, commands: &mut Vec<Command>) {
    ui.heading("Restore unsaved edits?");
    ui.label(format!(
        "Sourceline closed before your changes to {} were saved. They were kept safe.",
        file.display()
    ));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Restore").clicked() {
            commands.push(Command::ResolveRecovery { restore: true });
        }
        if ui.button("Discard").clicked() {
            commands.push(Command::ResolveRecovery { restore: false });
        }
    });
}

/// The banner when the file changed on disk while there were unsaved edits.
pub fn changed_on_disk_ui(ui: &mut Ui, file_name: &str, commands: &mut Vec<Command>) {
    ui.label(
        RichText::new(format!(
            "⚠ {file_name} changed on disk while you were editing it (another program saved it)."
        ))
        .strong()
        .color(theme::warning_color(ui.visuals())),
    );
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Load the file from disk")
            .on_hover_text("Show the file as it is now; your unsaved edits are dropped")
            .clicked()
        {
            commands.push(Command::ResolveChangedOnDisk { reload: true });
        }
        if ui
            .button("Keep my edits")
            .on_hover_text("Your next save replaces the file on disk")
            .clicked()
        {
            commands.push(Command::ResolveChangedOnDisk { reload: false });
        }
    });
}

/// What the import dialog shows.
pub struct ImportView<'a> {
    /// The imported file's name.
    pub file_name: String,
    /// The kind it was read as.
    pub kind: &'a str,
    /// One line: how many events came over, and the count of notes.
    pub summary: String,
    /// Everything changed or not carried over.
    pub notes: &'a [crate::model::Problem],
    /// Where the timeline will be saved.
    pub target: String,
    /// Whether there is anything to save.
    pub can_import: bool,
    /// Why the last try to save failed.
    pub error: Option<&'a str>,
}

/// "Import": what came over from the file and what did not, where the new timeline will be
/// saved, and the buttons to save and open it.
pub fn import_dialog_ui(ui: &mut Ui, view: &ImportView<'_>, commands: &mut Vec<Command>) {
    ui.heading(format!("Import {}", view.file_name));
    ui.label(format!("Read as a {}.", view.kind));
    ui.label(RichText::new(&view.summary).strong());
    if !view.notes.is_empty() {
        ui.add_space(4.0);
        ui.label("What changed on the way, or did not come over:");
        egui::ScrollArea::vertical()
            .max_height(260.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                let errors_first = view.notes.iter().filter(|n| n.is_error());
                let warnings = view.notes.iter().filter(|n| !n.is_error());
                for note in errors_first.chain(warnings) {
                    let place = note
                        .location
                        .map(|l| format!("line {}, column {}: ", l.line, l.column))
                        .unwrap_or_default();
                    let (mark, color) = if note.is_error() {
                        ("✖", ui.visuals().error_fg_color)
                    } else {
                        ("⚠", ui.visuals().warn_fg_color)
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(mark).color(color));
                        ui.label(format!("{place}{}", note.message));
                    });
                }
            });
    }
    if view.can_import {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.label("Saved as a new timeline:");
            ui.label(RichText::new(&view.target).monospace());
        });
        ui.label(
            RichText::new("The original file is not changed.")
                .color(ui.visuals().weak_text_color()),
        );
    }
    error_ui(ui, view.error);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if view.can_import {
            if ui.button("Import and open").clicked() {
                commands.push(Command::ConfirmImport);
            }
            if ui.button("Save as…").clicked() {
                commands.push(Command::ChooseImportTarget);
            }
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}
