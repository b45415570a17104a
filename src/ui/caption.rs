//! A caption for one event: title, date, its first excerpt as a quotation, and the citation.
//! Used beneath exported images (and sized up for presentations).

use egui::{RichText, Ui};

use super::theme;
use crate::model::{EventIndex, Verification, normalize_whitespace};
use crate::timeline::LoadedTimeline;

/// Shows the caption of `event` with body text of `size_pt` points.
pub fn caption_ui(ui: &mut Ui, doc: &LoadedTimeline, event: EventIndex, size_pt: f32) {
    let Some(event) = doc.timeline.events.get(event) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(event.title.as_str())
                .strong()
                .size(size_pt * 1.15),
        );
        ui.label(RichText::new(event.date.to_string()).size(size_pt));
    });
    let Some(excerpt) = doc.timeline.excerpts(event).first() else {
        if let Some(summary) = doc.timeline.summary(event) {
            ui.label(RichText::new(summary).size(size_pt));
        }
        return;
    };
    ui.label(
        RichText::new(format!("“{}”", normalize_whitespace(excerpt.text())))
            .italics()
            .size(size_pt),
    );
    let Some(source) = doc.timeline.source_of(excerpt) else {
        return;
    };
    let citation = source.citation();
    let verified = match excerpt.verification() {
        Verification::Verified { .. } => {
            RichText::new("  ✔ verified in source").color(theme::verified_color(ui.visuals()))
        }
        Verification::NotFound => {
            RichText::new("  ⚠ not found in source").color(theme::warning_color(ui.visuals()))
        }
        Verification::NoSourceText => RichText::new("  ⚠ not verified: no source text")
            .color(theme::warning_color(ui.visuals())),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("Source: {citation}"))
                .size(size_pt * 0.8)
                .weak(),
        );
        ui.label(verified.size(size_pt * 0.8));
    });
}
