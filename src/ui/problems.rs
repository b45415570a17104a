//! Problems found in a timeline file, shown two ways: as the whole window when the file could
//! not be opened, and as a banner over the last good timeline when a reload failed. Both list the
//! problems with one function.

use egui::{RichText, Ui};

use super::{Command, theme};
use crate::model::{Problem, ProblemCounts, count_noun};

/// How many problems the error view lists (a broken file can have a million problems;
/// `sourceline check` lists them all).
const ERROR_VIEW_SHOWN: usize = 500;

/// How many problems the reload banner lists.
const BANNER_SHOWN: usize = 6;

/// The first `shown` problems, one per line in the colour of its severity, then how many more.
pub fn problem_list_ui(ui: &mut Ui, problems: &[Problem], shown: usize, file_name: &str) {
    let warning = theme::warning_color(ui.visuals());
    for problem in problems.iter().take(shown) {
        let color = if problem.is_error() {
            ui.visuals().error_fg_color
        } else {
            warning
        };
        ui.label(RichText::new(problem.to_string()).monospace().color(color));
    }
    if problems.len() > shown {
        ui.label(format!(
            "… and {} more; `sourceline check {file_name}` lists them all.",
            problems.len() - shown
        ));
    }
}

/// The window's contents when a file could not be opened: every problem, and a way back.
pub fn error_view_ui(
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
            problem_list_ui(ui, problems, ERROR_VIEW_SHOWN, file_name);
        });
    ui.add_space(8.0);
    if ui.button("Show the built-in timeline").clicked() {
        commands.push(Command::OpenBuiltin);
    }
}

/// The banner over a timeline whose file was changed into a version that does not load.
pub fn reload_banner_ui(ui: &mut Ui, file_name: &str, problems: &[Problem]) {
    ui.label(
        RichText::new(format!(
            "⚠ {file_name} no longer loads ({}). Still showing the last version that did; \
             fix the file and save it, and it reloads by itself.",
            ProblemCounts::of(problems)
        ))
        .strong()
        .color(theme::warning_color(ui.visuals())),
    );
    problem_list_ui(ui, problems, BANNER_SHOWN, file_name);
}

/// The toolbar's warning count, with the first warnings in its tooltip.
pub fn warning_count_ui(ui: &mut Ui, warnings: &[Problem]) {
    if warnings.is_empty() {
        return;
    }
    let counts = ProblemCounts::of(warnings);
    let text = RichText::new(format!("⚠ {}", count_noun(counts.warnings, "warning")))
        .color(theme::warning_color(ui.visuals()));
    // Truncated rather than drawn over the search box when the window is narrow.
    ui.add(egui::Label::new(text).truncate()).on_hover_ui(|ui| {
        for problem in warnings.iter().take(20) {
            ui.label(problem.to_string());
        }
    });
}
