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

    /// Scroll to this passage (a byte range) on the next frame instead.
    pub scroll_to: Option<std::ops::Range<usize>>,

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
    marks: Vec<std::ops::Range<usize>>,
}

impl SourceViewState {
    /// A source, opened for one of an event's excerpts or on its own.
    pub fn new(source: usize, excerpt: Option<(usize, usize)>) -> Self {
        Self {
            source,
            excerpt,
            scroll_pending: true,
            scroll_to: None,
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

    /// Passages to mark besides the highlight (the dates found by "Suggest events"), sorted.
    pub marks: &'a [std::ops::Range<usize>],
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
        source_toolbar_ui(ui, input, selection.as_ref(), range.is_some(), commands);
    });
    ui.separator();
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            source_text_ui(
                ui,
                input,
                state,
                (text, range.as_ref()),
                (selection_id, selection),
            );
        });
}

/// The buttons and the hint above the text: Close, the Quote buttons and Suggest events (when
/// the text can be quoted), and what the highlight means.
fn source_toolbar_ui(
    ui: &mut Ui,
    input: &SourceViewInput<'_>,
    selection: Option<&std::ops::Range<usize>>,
    highlighted: bool,
    commands: &mut Vec<Command>,
) {
    close_button(ui, commands);
    if input.can_quote {
        let selected = selection.filter(|r| !r.is_empty()).cloned();
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
        if ui
            .button("Suggest events…")
            .on_hover_text("Find the dates in this text and propose an event for each")
            .clicked()
        {
            commands.push(Command::SuggestEvents(input.source_index));
        }
    }
    if highlighted {
        ui.label(RichText::new("The quoted passage is highlighted.").italics());
    } else if input.for_excerpt {
        ui.label(RichText::new("The passage was not found in this text.").italics());
    } else if input.can_quote {
        ui.label(RichText::new("Select a passage to quote it.").italics());
    }
}

/// The text itself, laid out once per width, theme, highlight and marks, with the selection
/// remembered for the Quote buttons and the highlighted passage scrolled into view.
fn source_text_ui(
    ui: &mut Ui,
    input: &SourceViewInput<'_>,
    state: &mut SourceViewState,
    (text, range): (&str, Option<&std::ops::Range<usize>>),
    (selection_id, selection): (egui::Id, Option<std::ops::Range<usize>>),
) {
    let range = range.cloned();
    let key = LayoutKey {
        width: ui.available_width().round() as u32,
        dark: ui.visuals().dark_mode,
        highlight: range.clone(),
        marks: input.marks.to_vec(),
    };
    let galley = match &state.layout_cache {
        Some((cached, galley)) if *cached == key => std::sync::Arc::clone(galley),
        _ => {
            let width = ui.available_width();
            let galley = ui.fonts_mut(|fonts| {
                fonts.layout_job(source_layout_job(
                    ui,
                    text,
                    range.clone(),
                    input.marks,
                    width,
                ))
            });
            state.layout_cache = Some((key, std::sync::Arc::clone(&galley)));
            galley
        }
    };
    let mut layouter =
        |_ui: &Ui, _text: &dyn egui::TextBuffer, _width: f32| std::sync::Arc::clone(&galley);
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
    // The selection is remembered, and kept when the text loses the focus to a Quote
    // button (egui then collapses the text's own selection). Clicking the text, or
    // moving the cursor without selecting, forgets it.
    let selected_now = output
        .state
        .cursor
        .char_range()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (a, b) = (c.primary.index.0, c.secondary.index.0);
            byte_range(text, a.min(b)..a.max(b))
        });
    let collapsed = output.response.clicked()
        || (output.response.has_focus() && output.cursor_range.is_some_and(|c| c.is_empty()));
    let remembered = match selected_now {
        Some(range) => Some(range),
        None if collapsed => None,
        None => selection.clone(),
    };
    if remembered != selection {
        // The Quote buttons above were drawn with the old selection.
        ui.ctx().request_repaint();
        ui.data_mut(|d| d.insert_temp(selection_id, remembered));
    }
    let target = state.scroll_to.clone().or_else(|| range.clone());
    if state.scroll_pending
        && let Some(r) = &target
    {
        let start_char = text.get(..r.start).unwrap_or_default().chars().count();
        let end_char = start_char + text.get(r.clone()).unwrap_or_default().chars().count();
        let top = galley.pos_from_cursor(CCursor::new(start_char));
        let bottom = galley.pos_from_cursor(CCursor::new(end_char));
        let marked_rect = top.union(bottom).translate(output.galley_pos.to_vec2());
        ui.scroll_to_rect(marked_rect, Some(Align::Center));
        state.scroll_pending = false;
        state.scroll_to = None;
    }
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

/// The source text as one layout job, with the passage in `range` highlighted and the
/// `marks` (sorted) underlined.
fn source_layout_job(
    ui: &Ui,
    text: &str,
    range: Option<std::ops::Range<usize>>,
    marks: &[std::ops::Range<usize>],
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
        color: visuals.strong_text_color(),
        background: theme::highlight_background(visuals),
        ..plain.clone()
    };
    let found = TextFormat {
        color: visuals.strong_text_color(),
        background: theme::found_date_background(visuals),
        underline: egui::Stroke::new(1.5, visuals.strong_text_color()),
        ..plain.clone()
    };
    // Boundaries where the format changes, in order.
    let mut cuts: Vec<(usize, usize, u8)> = marks
        .iter()
        .filter(|m| text.get((*m).clone()).is_some())
        .map(|m| (m.start, m.end, 1))
        .collect();
    if let Some(r) = range.filter(|r| text.get(r.clone()).is_some()) {
        cuts.push((r.start, r.end, 2));
    }
    cuts.sort_unstable();
    let mut job = LayoutJob::default();
    let mut at = 0;
    for (start, end, kind) in cuts {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        job.append(text.get(at..start).unwrap_or_default(), 0.0, plain.clone());
        let format = if kind == 2 {
            marked.clone()
        } else {
            found.clone()
        };
        job.append(text.get(start..end).unwrap_or_default(), 0.0, format);
        at = end;
    }
    job.append(text.get(at..).unwrap_or_default(), 0.0, plain);
    job.wrap.max_width = width;
    job
}
