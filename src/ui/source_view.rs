//! The full text of a source with one excerpt highlighted and scrolled into view. The text can
//! be selected, and a selected passage quoted: it becomes an excerpt word for word.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, RichText, ScrollArea, Ui};

use super::{Command, theme};
use crate::model::Source;

/// Which source is open, the excerpt it was opened for, and whether it still has to be
/// scrolled into view.
#[derive(Clone, Debug)]
pub struct SourceViewState {
    /// The source (index in the timeline's sources).
    pub source: usize,

    /// The excerpt it was opened for: the event and the excerpt's number in it.
    pub excerpt: Option<(usize, usize)>,

    /// Scroll to the highlight on the next frame.
    pub scroll_pending: bool,

    /// The laid-out text and what it was laid out for (wrap width, dark mode, highlight), so a
    /// long source is not laid out again every frame.
    pub layout_cache: Option<(LayoutKey, std::sync::Arc<egui::Galley>)>,
}

/// What a source's layout depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutKey {
    width: u32,
    dark: bool,
    highlight: Option<std::ops::Range<usize>>,
}

impl SourceViewState {
    /// A source, opened for one of an event's excerpts or on its own.
    pub fn new(source: usize, excerpt: Option<(usize, usize)>) -> Self {
        Self {
            source,
            excerpt,
            scroll_pending: true,
            layout_cache: None,
        }
    }
}

/// What the source view shows.
pub struct SourceViewInput<'a> {
    /// The source.
    pub source: &'a Source,

    /// The source's index in the timeline.
    pub source_index: usize,

    /// The passage to highlight (a byte range of the text).
    pub highlight: Option<std::ops::Range<usize>>,

    /// Whether it was opened for an excerpt (so "not found" can be said).
    pub for_excerpt: bool,

    /// Passages can be quoted (the timeline is a file that can be edited).
    pub can_quote: bool,

    /// An event is open in the editor (its excerpts can be added to).
    pub has_event: bool,
}

/// The id of the source text's widget (tests select text through it).
pub fn source_text_id() -> egui::Id {
    egui::Id::unique("source_text")
}

/// Shows the source text with the highlighted passage marked, and lets the user select a passage
/// to quote. Pushes `CloseSource` or `Quote` commands.
pub fn source_view_ui(
    ui: &mut Ui,
    input: &SourceViewInput<'_>,
    state: &mut SourceViewState,
    commands: &mut Vec<Command>,
) {
    let source = input.source;
    ui.heading(&source.title);
    if let Some(author) = &source.author {
        ui.label(RichText::new(author).weak());
    }
    let Some(text) = source.text.as_deref() else {
        ui.horizontal(|ui| close_button(ui, commands));
        ui.label("This source has no text.");
        return;
    };
    let range = input
        .highlight
        .clone()
        .filter(|r| text.get(r.clone()).is_some());
    let selection_id = ui.make_persistent_id("source_selection");
    let selection: Option<std::ops::Range<usize>> = ui.data(|d| d.get_temp(selection_id)).flatten();
    ui.horizontal_wrapped(|ui| {
        close_button(ui, commands);
        if input.can_quote {
            let selected = selection.clone().filter(|r| !r.is_empty());
            let quote = |ui: &mut Ui, label: &str, hover: &str, enabled: bool, new_event: bool| {
                let button = ui
                    .add_enabled(enabled, egui::Button::new(label))
                    .on_hover_text(hover)
                    .on_disabled_hover_text("Select a passage of the text first");
                if button.clicked()
                    && let Some(range) = selected.clone()
                {
                    Some(Command::Quote {
                        source: input.source_index,
                        range,
                        new_event,
                    })
                } else {
                    None
                }
            };
            let as_event = quote(
                ui,
                "New event from selection",
                "Make an event quoting the selected passage, word for word",
                selected.is_some(),
                true,
            );
            let as_excerpt = quote(
                ui,
                "Add as excerpt to the event",
                "Add the selected passage to the event open in the editor",
                selected.is_some() && input.has_event,
                false,
            );
            commands.extend(as_event.or(as_excerpt));
        }
        if range.is_some() {
            ui.label(RichText::new("The quoted passage is highlighted.").italics());
        } else if input.for_excerpt {
            ui.label(RichText::new("The passage was not found in this text.").italics());
        } else if input.can_quote {
            ui.label(RichText::new("Select a passage to quote it.").italics());
        }
    });
    ui.separator();
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let key = LayoutKey {
                width: ui.available_width().round() as u32,
                dark: ui.visuals().dark_mode,
                highlight: range.clone(),
            };
            let galley = match &state.layout_cache {
                Some((cached, galley)) if *cached == key => std::sync::Arc::clone(galley),
                _ => {
                    let width = ui.available_width();
                    let galley = ui.fonts_mut(|fonts| {
                        fonts.layout_job(source_layout_job(ui, text, range.clone(), width))
                    });
                    state.layout_cache = Some((key, std::sync::Arc::clone(&galley)));
                    galley
                }
            };
            let mut layouter = |_ui: &Ui, _text: &dyn egui::TextBuffer, _width: f32| {
                std::sync::Arc::clone(&galley)
            };
            let mut shown = text;
            let output = egui::TextEdit::multiline(&mut shown)
                .id(source_text_id())
                .frame(egui::Frame::NONE)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter)
                .show(ui);
            output.response.widget_info(|| egui::WidgetInfo {
                label: Some("Source text".to_owned()),
                ..egui::WidgetInfo::text_edit(true, text, text, "")
            });
            // The selection is remembered while the text has the focus, and kept when a Quote
            // button takes it (egui collapses an unfocused text's selection).
            if output.response.has_focus() {
                let selected = output.cursor_range.map(|c| {
                    let (a, b) = (c.primary.index.0, c.secondary.index.0);
                    byte_range(text, a.min(b)..a.max(b))
                });
                ui.data_mut(|d| d.insert_temp(selection_id, selected));
            }
            if state.scroll_pending
                && let Some(r) = &range
            {
                let start_char = text.get(..r.start).unwrap_or_default().chars().count();
                let end_char = start_char + text.get(r.clone()).unwrap_or_default().chars().count();
                let top = galley.pos_from_cursor(CCursor::new(start_char));
                let bottom = galley.pos_from_cursor(CCursor::new(end_char));
                let marked_rect = top.union(bottom).translate(output.galley_pos.to_vec2());
                ui.scroll_to_rect(marked_rect, Some(Align::Center));
                state.scroll_pending = false;
            }
        });
}

/// The Close button.
fn close_button(ui: &mut Ui, commands: &mut Vec<Command>) {
    if ui
        .button("Close")
        .on_hover_text("Back to the timeline (Esc)")
        .clicked()
    {
        commands.push(Command::CloseSource);
    }
}

/// The byte range of a range of characters of `text`.
pub fn byte_range(text: &str, chars: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let byte_at = |char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map_or(text.len(), |(byte, _)| byte)
    };
    let start = byte_at(chars.start);
    let end = start
        + text
            .get(start..)
            .unwrap_or_default()
            .char_indices()
            .nth(chars.end - chars.start)
            .map_or(text.len() - start, |(byte, _)| byte);
    start..end
}

/// The source text as one layout job, with the passage in `range` highlighted.
fn source_layout_job(
    ui: &Ui,
    text: &str,
    range: Option<std::ops::Range<usize>>,
    width: f32,
) -> LayoutJob {
    let visuals = ui.visuals();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: font.clone(),
        color: visuals.text_color(),
        ..TextFormat::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: visuals.strong_text_color(),
        background: theme::highlight_background(visuals),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    match range {
        Some(r) => {
            job.append(text.get(..r.start).unwrap_or_default(), 0.0, plain.clone());
            job.append(text.get(r.clone()).unwrap_or_default(), 0.0, marked);
            job.append(text.get(r.end..).unwrap_or_default(), 0.0, plain);
        }
        None => job.append(text, 0.0, plain),
    }
    job.wrap.max_width = width;
    job
}
