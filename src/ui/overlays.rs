//! Things drawn over the window: the list of a "+N" chip's events, the strip shown while a large
//! file loads, the hint shown while a file is dragged over the window, and the progress of an
//! export.

use egui::{RichText, Ui};

use super::Command;
use crate::model::EventIndex;
use crate::timeline::LoadedTimeline;

/// The events of a "+N" chip that zooming could not separate, to choose from; closes when the
/// user clicks elsewhere.
pub fn cluster_list_ui(
    ui: &Ui,
    doc: &LoadedTimeline,
    events: &[EventIndex],
    at: egui::Pos2,
    commands: &mut Vec<Command>,
) {
    let area = egui::Area::new(egui::Id::unique("cluster_list"))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
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

/// The strip under the toolbar while a large file loads.
pub fn loading_strip_ui(ui: &mut Ui, path: &std::path::Path) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(format!(
            "Loading {}… (a large file takes a few seconds)",
            path.display()
        ));
    });
}

/// The strip under the toolbar while an export renders: what, and how far along.
pub fn export_progress_ui(ui: &mut Ui, what: &str, fraction: f32) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(what);
        ui.add(
            egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                .desired_width(220.0)
                .show_percentage(),
        );
    });
}

/// Shown while a file is dragged over the window.
pub fn drop_hint_ui(ui: &Ui) {
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
