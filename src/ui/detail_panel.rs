//! The detail panel: the selected event with its verified source excerpts and citations.

use egui::{Frame, Margin, RichText, Stroke, Ui};

use super::Command;
use super::theme;
use crate::model::{
    EventIndex, Excerpt, Source, Status, TextPiece, Verification, normalize_whitespace, web_links,
};
use crate::timeline::LoadedTimeline;

/// Shows the selected event, or what to do when nothing is selected.
pub fn detail_panel_ui(
    ui: &mut Ui,
    doc: &LoadedTimeline,
    selected: Option<EventIndex>,
    commands: &mut Vec<Command>,
) {
    let Some((index, event)) = selected.and_then(|i| doc.timeline.events.get(i).map(|e| (i, e)))
    else {
        ui.heading(&doc.timeline.title);
        if let Some(description) = &doc.timeline.description {
            ui.label(description);
        }
        ui.add_space(8.0);
        ui.label(
            RichText::new("Click an event on the timeline to read the source passage behind it.")
                .italics(),
        );
        ui.add_space(4.0);
        ui.label(
            "Keys: ← → previous/next event, Home/End first/last, + − zoom, F fit (twice: everything), Esc clear.",
        );
        return;
    };
    let visuals = ui.visuals().clone();
    ui.heading(event.title.as_str());
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(event.date.to_string()).strong());
        if let Some(category) = doc.timeline.category_of(event) {
            let color = theme::category_color(category.color);
            ui.label(RichText::new("●").color(color));
            ui.label(&category.label);
        }
    });
    if event.status == Status::Planned {
        ui.label(
            RichText::new("Planned: announced in the source, not known to have happened")
                .color(theme::warning_color(&visuals)),
        );
    }
    if let Some(note) = doc.timeline.date_note(event) {
        ui.label(RichText::new(format!("Dating: {note}")).italics().weak());
    }
    if let Some(summary) = doc.timeline.summary(event) {
        ui.add_space(6.0);
        text_with_links(ui, summary);
    }
    ui.add_space(10.0);
    let excerpts = doc.timeline.excerpts(event);
    let sources_heading = if excerpts.len() == 1 {
        "Source"
    } else {
        "Sources"
    };
    ui.label(
        RichText::new(sources_heading)
            .strong()
            .size(theme::BODY_SIZE_PT + 2.0),
    );
    if excerpts.is_empty() {
        ui.label(RichText::new("This event quotes no source.").italics());
    }
    for (number, excerpt) in excerpts.iter().enumerate() {
        let source = doc.timeline.source_of(excerpt);
        excerpt_ui(ui, excerpt, source, &visuals);
        let can_show = source.is_some_and(|s| s.text.is_some());
        if can_show
            && ui
                .button("Show in source")
                .on_hover_text("Open the full source text with this passage highlighted")
                .clicked()
        {
            commands.push(Command::ShowInSource {
                event: index,
                excerpt: number,
            });
        }
        ui.add_space(10.0);
    }
    let tags: Vec<&str> = doc.timeline.tags(event).collect();
    if !tags.is_empty() {
        ui.label(RichText::new(format!("Tags: {}", tags.join(", "))).weak());
    }
}

/// One excerpt as a quotation, with its verification badge and citation.
fn excerpt_ui(ui: &mut Ui, excerpt: &Excerpt, source: Option<&Source>, visuals: &egui::Visuals) {
    let (badge, color) = match excerpt.verification() {
        Verification::Verified { .. } => ("✔ Verified in source", theme::verified_color(visuals)),
        Verification::NotFound => (
            "⚠ Not found in source: check this quotation",
            theme::warning_color(visuals),
        ),
        Verification::NoSourceText => (
            "⚠ Not verified: the source text is not available",
            theme::warning_color(visuals),
        ),
    };
    let quote = Frame::new()
        .inner_margin(Margin {
            left: 14,
            right: 6,
            top: 4,
            bottom: 4,
        })
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!("“{}”", normalize_whitespace(excerpt.text()))).italics(),
            );
        });
    // A bar beside the quotation, in the colour of its verification.
    let rect = quote.response.rect;
    ui.painter()
        .vline(rect.min.x + 4.0, rect.y_range(), Stroke::new(3.0, color));
    ui.label(RichText::new(badge).color(color).strong());
    if let Some(source) = source {
        ui.label(RichText::new(source.citation()).weak());
        if let Some(note) = &source.note {
            ui.label(RichText::new(note).weak().small());
        }
        if let Some(url) = &source.url {
            ui.hyperlink_to("Open the source online", url)
                .on_hover_text(url);
        }
    }
}

/// Text whose web addresses (`http`, `https` only) are links that open in the browser: lines
/// without one are labels as they are, a line with one flows around its links.
fn text_with_links(ui: &mut Ui, text: &str) {
    let mut plain_lines: Vec<&str> = Vec::new();
    let flush = |ui: &mut Ui, lines: &mut Vec<&str>| {
        if !lines.is_empty() {
            ui.label(lines.join("\n"));
            lines.clear();
        }
    };
    for line in text.lines() {
        let pieces = web_links(line);
        if !pieces.iter().any(|p| matches!(p, TextPiece::Web(_))) {
            plain_lines.push(line);
            continue;
        }
        flush(ui, &mut plain_lines);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            for piece in pieces {
                match piece {
                    TextPiece::Plain(plain) => {
                        ui.label(plain);
                    }
                    TextPiece::Web(address) => {
                        ui.hyperlink(address).on_hover_text(address);
                    }
                }
            }
        });
    }
    flush(ui, &mut plain_lines);
}
