//! The app shell: what is open, what is selected, the panels, and the commands that change them.
//!
//! UI pieces never change the state directly: they return [`Command`]s, which [`SourcelineApp`]
//! runs at the end of the frame.

use std::path::Path;

use egui::{Key, Modifiers, RichText, Ui};

use crate::builtin;
use crate::export::{self, ExportRequest, ExportedImage};
use crate::model::{EventIndex, LoadOutcome, Problem, ProblemCounts, load_path};
use crate::timeline::presentation::{
    PresentKey, Presenter, ViewAnimation, presentation_stops, stop_view,
};
use crate::timeline::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeView, TimelineLayout};
use crate::ui::detail_panel::detail_panel_ui;
use crate::ui::export_dialog::{ExportSettings, export_dialog_ui};
use crate::ui::presentation::{presentation_menu_ui, presentation_ui};
use crate::ui::source_view::{SourceViewState, source_view_ui};
use crate::ui::theme;
use crate::ui::timeline_view::timeline_view_ui;
pub use crate::ui::{Command, LoadedTimeline};

/// What is open: a timeline, or the problems that stopped one from opening.
pub enum Document {
    /// A timeline that loaded.
    Loaded(Box<LoadedTimeline>),

    /// A file that did not load, with every problem found.
    Failed {
        /// The file's name.
        file_name: String,
        /// Its problems.
        problems: Vec<Problem>,
    },
}

impl Document {
    /// The result of loading a file called `file_name`.
    pub fn from_outcome(file_name: String, outcome: LoadOutcome) -> Self {
        match outcome.timeline {
            Some(timeline) => Self::Loaded(Box::new(LoadedTimeline::new(
                timeline,
                outcome.problems,
                file_name,
            ))),
            None => Self::Failed {
                file_name,
                problems: outcome.problems,
            },
        }
    }

    /// The built-in timeline.
    pub fn builtin() -> Self {
        Self::from_outcome(builtin::FILE_NAME.to_owned(), builtin::load())
    }

    /// A timeline file from disk.
    pub fn open(path: &Path) -> Self {
        Self::from_outcome(path.display().to_string(), load_path(path))
    }
}

/// Presentation mode in progress, with what to restore when it ends.
struct Presentation {
    presenter: Presenter,
    /// The view is moving to the current stop.
    animation: Option<ViewAnimation>,
    restore_view: Option<TimeView>,
    restore_selected: Option<EventIndex>,
    restore_detail_open: bool,
    restore_theme: egui::ThemePreference,
    restore_fullscreen: bool,
}

/// The Sourceline window.
pub struct SourcelineApp {
    document: Document,
    selected: Option<EventIndex>,
    view: Option<TimeView>,
    /// Push `view` into the plot on the next frame (after a command moved it).
    force_view: bool,
    detail_open: bool,
    source_view: Option<SourceViewState>,
    /// The layout painted last frame (hit-testing, tests).
    last_layout: TimelineLayout,
    /// The window title last sent, to send it only when it changes.
    window_title: String,
    /// The events of a "+N" chip that zooming could not separate, listed at a screen position.
    cluster_list: Option<(Vec<EventIndex>, egui::Pos2)>,
    /// The export dialog is open.
    export_open: bool,
    /// The export dialog's choices.
    export_settings: ExportSettings,
    /// Size of the timeline area in the window, in points (for "as in the window").
    timeline_size_pt: [u32; 2],
    /// What the last save or copy did, in words.
    export_status: Option<String>,
    /// Kept alive: on Linux the clipboard's contents live as long as this does.
    clipboard: Option<arboard::Clipboard>,
    /// Presentation mode, when on.
    presentation: Option<Presentation>,
    /// Presentation option: only key events are stops.
    present_key_events_only: bool,
    /// Presentation option: jump between stops instead of moving smoothly.
    reduce_motion: bool,
}

impl SourcelineApp {
    /// Creates the app on a document.
    pub fn new(cc: &eframe::CreationContext<'_>, document: Document) -> Self {
        theme::apply(&cc.egui_ctx);
        Self::with_document(document)
    }

    /// The app state for a document, without a window (tests, export).
    pub fn with_document(document: Document) -> Self {
        let view = match &document {
            Document::Loaded(doc) => Some(doc.full_view()),
            Document::Failed { .. } => None,
        };
        Self {
            document,
            selected: None,
            view,
            force_view: true,
            detail_open: true,
            source_view: None,
            last_layout: TimelineLayout::default(),
            window_title: String::new(),
            cluster_list: None,
            export_open: false,
            export_settings: ExportSettings::default(),
            timeline_size_pt: [1280, 720],
            export_status: None,
            clipboard: None,
            presentation: None,
            present_key_events_only: false,
            reduce_motion: false,
        }
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The id of the selected event.
    pub fn selected_event_id(&self) -> Option<&str> {
        let Document::Loaded(doc) = &self.document else {
            return None;
        };
        self.selected
            .and_then(|i| doc.timeline.events.get(i))
            .map(|e| e.id.as_str())
    }

    /// Where an event's mark was drawn last frame, in screen points.
    pub fn mark_position(&self, event_id: &str) -> Option<egui::Pos2> {
        let Document::Loaded(doc) = &self.document else {
            return None;
        };
        let (index, _) = doc.timeline.event_by_id(event_id)?;
        self.last_layout.mark_of(index).map(|m| m.center)
    }

    /// The layout painted last frame.
    pub fn last_layout(&self) -> &TimelineLayout {
        &self.last_layout
    }

    /// The time shown.
    pub fn view(&self) -> Option<TimeView> {
        self.view
    }

    /// The window title the app has set.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    /// Whether the source text view is open.
    pub fn is_source_open(&self) -> bool {
        self.source_view.is_some()
    }

    /// Runs one command, including those that change the window (presentation mode).
    pub fn run_in(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::StartPresentation => self.start_presentation(ctx),
            Command::StopPresentation => self.stop_presentation(ctx),
            Command::Present(key) => {
                let Some(presentation) = &mut self.presentation else {
                    return;
                };
                if presentation.presenter.handle(key) {
                    self.show_current_stop(ctx);
                }
            }
            Command::Select(Some(event)) if self.presentation.is_some() => {
                // A click in presentation mode: go to that stop, or just show the event.
                let is_stop = self
                    .presentation
                    .as_mut()
                    .is_some_and(|p| p.presenter.go_to_event(event));
                if is_stop {
                    self.show_current_stop(ctx);
                } else {
                    self.selected = Some(event);
                }
            }
            other => self.run(other),
        }
    }

    /// Runs one command.
    pub fn run(&mut self, command: Command) {
        match command {
            Command::OpenBuiltin => {
                *self = Self::with_document(Document::builtin());
                return;
            }
            Command::OpenExportDialog => {
                self.export_open = matches!(self.document, Document::Loaded(_));
                self.export_status = None;
                return;
            }
            Command::CloseExportDialog => {
                self.export_open = false;
                return;
            }
            Command::SaveImageAs => {
                let chosen = rfd::FileDialog::new()
                    .set_title("Save timeline image")
                    .add_filter("PNG image", &["png"])
                    .set_file_name("timeline.png")
                    .save_file();
                if let Some(path) = chosen {
                    self.run(Command::SaveImageTo(path));
                }
                return;
            }
            Command::SaveImageTo(path) => {
                self.export_status = Some(match self.render_png() {
                    Ok((bytes, [w, h])) => match export::write_atomically(&path, &bytes) {
                        Ok(()) => format!("Saved {} ({w} × {h} pixels).", path.display()),
                        Err(error) => format!("Not saved: {error}"),
                    },
                    Err(error) => format!("Not saved: {error}"),
                });
                return;
            }
            Command::CopyImage => {
                self.export_status = Some(match self.copy_image() {
                    Ok([w, h]) => format!("Copied a {w} × {h} image; paste it into your slides."),
                    Err(error) => format!("Could not copy the image: {error}"),
                });
                return;
            }
            _ => {}
        }
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let count = doc.timeline.events.len();
        let full = doc.full_view();
        match command {
            Command::Select(selected) => {
                self.cluster_list = None;
                self.selected = selected.filter(|&i| i < count);
                if self.selected.is_some() {
                    self.detail_open = true;
                }
            }
            Command::Step(delta) => {
                let next = match self.selected {
                    Some(i) => i
                        .saturating_add_signed(delta as isize)
                        .min(count.saturating_sub(1)),
                    None if delta >= 0 => 0,
                    None => count.saturating_sub(1),
                };
                self.select_and_follow(next);
            }
            Command::SelectFirst => self.select_and_follow(0),
            Command::SelectLast => self.select_and_follow(count.saturating_sub(1)),
            Command::FitAll => self.set_view(full),
            Command::Zoom(factor) => {
                // Onto the selected event when it is in view (it moves to the middle), else
                // around the middle of the view.
                let view = self.view.unwrap_or(full);
                let selected_x = self
                    .selected
                    .and_then(|i| doc.timeline.events.get(i))
                    .map(|e| 0.5 * f64::from(e.span.start_day + e.span.end_day_exclusive))
                    .filter(|&x| x > view.min_x && x < view.max_x);
                let zoomed = match selected_x {
                    Some(x) => view.zoomed_at(factor, x).centered_on(x),
                    None => view.zoomed_at(factor, view.center_x()),
                };
                self.set_view(zoomed);
            }
            Command::ZoomTo { start_x, end_x } => {
                self.set_view(TimeView::fit(start_x, end_x, 0.15));
            }
            Command::OpenCluster {
                events,
                start_x,
                end_x,
                at,
            } => {
                let view = self.view.unwrap_or(full);
                let zoomed = TimeView::fit(start_x, end_x, 0.15);
                if zoomed.span_days() < 0.5 * view.span_days() {
                    self.cluster_list = None;
                    self.set_view(zoomed);
                } else {
                    // Zooming would not separate them (they share a day): list them instead.
                    self.cluster_list = Some((events, at));
                }
            }
            Command::CloseClusterList => self.cluster_list = None,
            Command::ShowInSource { event, excerpt } => {
                self.source_view = Some(SourceViewState {
                    event,
                    excerpt,
                    scroll_pending: true,
                    layout_cache: None,
                });
            }
            Command::CloseSource => self.source_view = None,
            // Handled above.
            Command::OpenBuiltin
            | Command::OpenExportDialog
            | Command::CloseExportDialog
            | Command::SaveImageAs
            | Command::SaveImageTo(_)
            | Command::CopyImage
            | Command::StartPresentation
            | Command::StopPresentation
            | Command::Present(_) => {}
        }
    }

    /// The export request for the current view, selection and dialog settings.
    fn export_request(&self) -> ExportRequest {
        let [width_pt, height_pt] = self.export_settings.size_pt(self.timeline_size_pt);
        ExportRequest {
            width_pt,
            height_pt,
            scale: self.export_settings.scale as f32,
            view: self.view,
            selected: self.selected,
            theme: self.export_settings.theme(),
        }
    }

    /// Renders the export image.
    fn render_image(&self) -> Result<ExportedImage, String> {
        let Document::Loaded(doc) = &self.document else {
            return Err("no timeline is open".to_owned());
        };
        export::render_export(doc, &self.export_request()).map_err(|e| e.to_string())
    }

    /// Renders and encodes the export image; returns the PNG and its size in pixels.
    fn render_png(&self) -> Result<(Vec<u8>, [usize; 2]), String> {
        let exported = self.render_image()?;
        let bytes = export::encode_png(&exported.image).map_err(|e| e.to_string())?;
        Ok((bytes, exported.image.size))
    }

    /// Renders the export image onto the clipboard.
    fn copy_image(&mut self) -> Result<[usize; 2], String> {
        let exported = self.render_image()?;
        let [width, height] = exported.image.size;
        let bytes: Vec<u8> = exported
            .image
            .pixels
            .iter()
            .flat_map(egui::Color32::to_srgba_unmultiplied)
            .collect();
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        let clipboard = self
            .clipboard
            .as_mut()
            .ok_or_else(|| "no clipboard".to_owned())?;
        clipboard
            .set_image(arboard::ImageData {
                width,
                height,
                bytes: bytes.into(),
            })
            .map_err(|e| e.to_string())?;
        Ok([width, height])
    }

    /// Whether presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presentation.is_some()
    }

    /// Presentation progress: `(stop number from 1, number of stops)`.
    pub fn presentation_progress(&self) -> Option<(usize, usize)> {
        self.presentation.as_ref().map(|p| p.presenter.progress())
    }

    /// Whether presentation mode has blacked the screen out.
    pub fn is_blacked_out(&self) -> bool {
        self.presentation
            .as_ref()
            .is_some_and(|p| p.presenter.blacked_out)
    }

    /// Whether the detail panel is open.
    pub fn is_detail_open(&self) -> bool {
        self.detail_open
    }

    /// Presentation option: jump between stops instead of moving smoothly.
    pub fn set_reduce_motion(&mut self, reduce: bool) {
        self.reduce_motion = reduce;
    }

    /// Enters presentation mode: full screen, projector colours, the first stop.
    fn start_presentation(&mut self, ctx: &egui::Context) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let stops = presentation_stops(&doc.timeline, self.present_key_events_only);
        if stops.is_empty() || self.presentation.is_some() {
            return;
        }
        self.presentation = Some(Presentation {
            presenter: Presenter::new(stops),
            animation: None,
            restore_view: self.view,
            restore_selected: self.selected,
            restore_detail_open: self.detail_open,
            restore_theme: ctx.options(|o| o.theme_preference),
            restore_fullscreen: ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
        });
        self.export_open = false;
        self.source_view = None;
        self.cluster_list = None;
        ctx.set_theme(egui::Theme::Light);
        theme::apply_projector(ctx);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        self.show_current_stop(ctx);
    }

    /// Leaves presentation mode and puts everything back as it was.
    fn stop_presentation(&mut self, ctx: &egui::Context) {
        let Some(presentation) = self.presentation.take() else {
            return;
        };
        ctx.set_style_of(egui::Theme::Light, egui::Style::default());
        theme::apply(ctx);
        ctx.options_mut(|o| o.theme_preference = presentation.restore_theme);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(
            presentation.restore_fullscreen,
        ));
        ctx.set_cursor_icon(egui::CursorIcon::Default);
        self.selected = presentation.restore_selected;
        self.detail_open = presentation.restore_detail_open;
        if let Some(view) = presentation.restore_view {
            self.set_view(view);
        }
    }

    /// Selects the current stop's event and moves the view to it.
    fn show_current_stop(&mut self, ctx: &egui::Context) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(presentation) = &mut self.presentation else {
            return;
        };
        let Some(event) = presentation.presenter.current_event() else {
            return;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return;
        };
        let extent = doc.full_view().span_days();
        let target = stop_view(
            f64::from(span.start_day),
            f64::from(span.end_day_exclusive),
            extent,
        );
        let from = self.view.unwrap_or(target);
        let duration = if self.reduce_motion { 0.0 } else { 0.5 };
        presentation.animation = Some(ViewAnimation::new(
            from,
            target,
            ctx.input(|i| i.time),
            duration,
        ));
        self.selected = Some(event);
        ctx.request_repaint();
    }

    /// What the last save or copy did.
    pub fn export_status(&self) -> Option<&str> {
        self.export_status.as_deref()
    }

    /// The export dialog's settings (tests set them to keep images small).
    pub fn export_settings_mut(&mut self) -> &mut ExportSettings {
        &mut self.export_settings
    }

    /// Whether the export dialog is open.
    pub fn is_export_open(&self) -> bool {
        self.export_open
    }

    fn set_view(&mut self, view: TimeView) {
        self.view = Some(view);
        self.force_view = true;
    }

    /// Selects an event and moves the view so that it is in sight.
    fn select_and_follow(&mut self, event: EventIndex) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return;
        };
        self.selected = Some(event);
        self.detail_open = true;
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let (start, end) = (f64::from(span.start_day), f64::from(span.end_day_exclusive));
        // Pan as little as possible, so the class keeps its bearings while stepping through.
        let next = view.panned_to_show(start, end, 0.08);
        if next != view {
            self.set_view(next);
        }
    }

    /// Keys that work anywhere except while typing.
    fn keyboard_commands(&self, ui: &Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if ui.ctx().text_edit_focused() {
            return commands;
        }
        if self.presentation.is_some() {
            ui.input_mut(|input| {
                let mut pressed = |key| input.consume_key(Modifiers::NONE, key);
                for (key, action) in [
                    (Key::ArrowRight, PresentKey::Next),
                    (Key::Space, PresentKey::Next),
                    (Key::PageDown, PresentKey::Next),
                    (Key::ArrowDown, PresentKey::Next),
                    (Key::Enter, PresentKey::Enter),
                    (Key::ArrowLeft, PresentKey::Previous),
                    (Key::PageUp, PresentKey::Previous),
                    (Key::Backspace, PresentKey::Previous),
                    (Key::ArrowUp, PresentKey::Previous),
                    (Key::Home, PresentKey::First),
                    (Key::End, PresentKey::Last),
                    (Key::B, PresentKey::Blackout),
                    (Key::Period, PresentKey::Blackout),
                ] {
                    if pressed(key) {
                        commands.push(Command::Present(action));
                    }
                }
                let digits = [
                    Key::Num0,
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::Num4,
                    Key::Num5,
                    Key::Num6,
                    Key::Num7,
                    Key::Num8,
                    Key::Num9,
                ];
                for (digit, key) in (0u8..).zip(digits) {
                    if pressed(key) {
                        commands.push(Command::Present(PresentKey::Digit(digit)));
                    }
                }
                if pressed(Key::Escape) || pressed(Key::F5) {
                    commands.push(Command::StopPresentation);
                }
            });
            return commands;
        }
        ui.input_mut(|input| {
            if input.consume_key(Modifiers::NONE, Key::F5) {
                commands.push(Command::StartPresentation);
            }
            if input.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::C) {
                commands.push(Command::CopyImage);
            }
            if input.consume_key(Modifiers::COMMAND, Key::E) {
                commands.push(Command::OpenExportDialog);
            }
            let mut pressed = |key| input.consume_key(Modifiers::NONE, key);
            if pressed(Key::ArrowRight) {
                commands.push(Command::Step(1));
            }
            if pressed(Key::ArrowLeft) {
                commands.push(Command::Step(-1));
            }
            if pressed(Key::Home) {
                commands.push(Command::SelectFirst);
            }
            if pressed(Key::End) {
                commands.push(Command::SelectLast);
            }
            if pressed(Key::Plus) || pressed(Key::Equals) {
                commands.push(Command::Zoom(1.5));
            }
            if pressed(Key::Minus) {
                commands.push(Command::Zoom(1.0 / 1.5));
            }
            if pressed(Key::F) {
                commands.push(Command::FitAll);
            }
            if pressed(Key::Escape) {
                commands.push(if self.cluster_list.is_some() {
                    Command::CloseClusterList
                } else if self.export_open {
                    Command::CloseExportDialog
                } else if self.source_view.is_some() {
                    Command::CloseSource
                } else {
                    Command::Select(None)
                });
            }
        });
        commands
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Document::Loaded(doc) => doc.timeline.title.clone(),
            Document::Failed { file_name, .. } => {
                format!("{file_name} could not be opened: Sourceline")
            }
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// One frame of presentation mode: the animated view, the timeline and the caption.
    fn presentation_frame(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let Document::Loaded(doc) = &self.document else {
            return;
        };
        let Some(presentation) = &mut self.presentation else {
            return;
        };
        let now = ui.input(|i| i.time);
        if let Some(animation) = presentation.animation {
            self.view = Some(animation.view_at(now));
            self.force_view = true;
            if animation.is_done(now) {
                presentation.animation = None;
            } else {
                ui.ctx().request_repaint();
            }
        }
        let view = self.view.unwrap_or_else(|| doc.full_view());
        let force_view = self.force_view;
        let selected = self.selected;
        let panel_fill = ui.visuals().panel_fill;
        let mut output = None;
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(panel_fill)
                    .inner_margin(egui::Margin::same(16)),
            )
            .show(ui, |ui| {
                output =
                    presentation_ui(ui, doc, &presentation.presenter, selected, view, force_view);
            });
        self.force_view = false;
        if let Some(output) = output {
            if presentation.animation.is_none() {
                self.view = Some(output.view);
            }
            self.last_layout = output.layout;
            commands.extend(output.commands);
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let Document::Loaded(doc) = &self.document else {
                ui.label(RichText::new("Sourceline").strong());
                return;
            };
            if ui
                .button("◀ Previous")
                .on_hover_text("Previous event (←)")
                .clicked()
            {
                commands.push(Command::Step(-1));
            }
            if ui
                .button("Next ▶")
                .on_hover_text("Next event (→)")
                .clicked()
            {
                commands.push(Command::Step(1));
            }
            ui.separator();
            if ui
                .button("Fit all")
                .on_hover_text("Show the whole timeline (F, or double-click)")
                .clicked()
            {
                commands.push(Command::FitAll);
            }
            if ui
                .button("Zoom in")
                .on_hover_text("Zoom in (+, or the mouse wheel)")
                .clicked()
            {
                commands.push(Command::Zoom(1.5));
            }
            if ui
                .button("Zoom out")
                .on_hover_text("Zoom out (−)")
                .clicked()
            {
                commands.push(Command::Zoom(1.0 / 1.5));
            }
            ui.separator();
            if presentation_menu_ui(
                ui,
                &mut self.present_key_events_only,
                &mut self.reduce_motion,
            ) {
                commands.push(Command::StartPresentation);
            }
            if ui
                .button("Export image…")
                .on_hover_text("Save or copy a PNG for slides (Ctrl+E)")
                .clicked()
            {
                commands.push(Command::OpenExportDialog);
            }
            ui.separator();
            if let Some(view) = self.view {
                ui.label(RichText::new(format!("Showing {}", view.period_text())).weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::widgets::global_theme_preference_buttons(ui);
                if !doc.warnings.is_empty() {
                    let counts = ProblemCounts::of(&doc.warnings);
                    let text = RichText::new(format!(
                        "⚠ {}",
                        crate::model::count_noun(counts.warnings, "warning")
                    ))
                    .color(theme::warning_color(ui.visuals()));
                    ui.label(text).on_hover_ui(|ui| {
                        for problem in doc.warnings.iter().take(20) {
                            ui.label(problem.to_string());
                        }
                    });
                }
            });
        });
    }

    fn error_view_ui(
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
                // Capped: a broken file can have a million problems; `sourceline check` lists them all.
                const SHOWN: usize = 500;
                for problem in problems.iter().take(SHOWN) {
                    let color = if problem.is_error() {
                        ui.visuals().error_fg_color
                    } else {
                        theme::warning_color(ui.visuals())
                    };
                    ui.label(RichText::new(problem.to_string()).monospace().color(color));
                }
                if problems.len() > SHOWN {
                    ui.label(format!("… and {} more.", problems.len() - SHOWN));
                }
            });
        ui.add_space(8.0);
        if ui.button("Show the built-in timeline").clicked() {
            commands.push(Command::OpenBuiltin);
        }
    }
}

impl eframe::App for SourcelineApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.update_window_title(ui.ctx());
        let mut commands = self.keyboard_commands(ui);
        if self.presentation.is_some() {
            self.presentation_frame(ui, &mut commands);
            for command in commands {
                self.run_in(ui.ctx(), command);
            }
            return;
        }
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(2.0);
            self.toolbar_ui(ui, &mut commands);
            ui.add_space(2.0);
        });
        match &self.document {
            Document::Failed {
                file_name,
                problems,
            } => {
                egui::CentralPanel::default().show(ui, |ui| {
                    Self::error_view_ui(ui, file_name, problems, &mut commands);
                });
            }
            Document::Loaded(doc) => {
                let mut detail_open = self.detail_open;
                egui::Panel::right("details")
                    .resizable(true)
                    .default_size(380.0)
                    .size_range(260.0..=720.0)
                    .show_collapsible(ui, &mut detail_open, |ui| {
                        egui::ScrollArea::vertical()
                            .auto_shrink([false, false])
                            .show(ui, |ui| {
                                detail_panel_ui(ui, doc, self.selected, &mut commands);
                            });
                    });
                self.detail_open = detail_open;
                egui::CentralPanel::default().show(ui, |ui| {
                    let view = self.view.unwrap_or_else(|| doc.full_view());
                    let output = timeline_view_ui(ui, doc, self.selected, view, self.force_view);
                    self.force_view = false;
                    // Pull the view back within the zoom limits after a pinch or drag beyond them.
                    let span = output.view.span_days();
                    let within_limits =
                        span.is_finite() && (MIN_SPAN_DAYS..=MAX_SPAN_DAYS).contains(&span);
                    if within_limits {
                        self.view = Some(output.view);
                    } else {
                        self.view = Some(TimeView::new(output.view.min_x, output.view.max_x));
                        self.force_view = true;
                        ui.ctx().request_repaint();
                    }
                    self.last_layout = output.layout;
                    let area = ui.max_rect();
                    self.timeline_size_pt = [
                        area.width().round().max(1.0) as u32,
                        area.height().round().max(1.0) as u32,
                    ];
                    commands.extend(output.commands);
                });
                if let Some(state) = &mut self.source_view {
                    let excerpt = doc
                        .timeline
                        .events
                        .get(state.event)
                        .and_then(|e| e.excerpts.get(state.excerpt));
                    let source = excerpt.and_then(|x| doc.timeline.source_of(x));
                    let highlight = excerpt.and_then(|x| match &x.verification {
                        crate::model::Verification::Verified { range } => Some(range.clone()),
                        _ => None,
                    });
                    let mut open = true;
                    if let Some(source) = source {
                        let content = ui.ctx().content_rect();
                        egui::Window::new("Source text")
                            .open(&mut open)
                            .collapsible(false)
                            .default_size([content.width() * 0.6, content.height() * 0.75])
                            .default_pos(
                                content.center()
                                    - egui::vec2(content.width() * 0.3, content.height() * 0.375),
                            )
                            .show(ui.ctx(), |ui| {
                                if source_view_ui(ui, source, highlight, state) {
                                    commands.push(Command::CloseSource);
                                }
                            });
                    }
                    if !open || source.is_none() {
                        commands.push(Command::CloseSource);
                    }
                }
            }
        }
        if let (Some((events, at)), Document::Loaded(doc)) = (&self.cluster_list, &self.document) {
            let area = egui::Area::new(egui::Id::unique("cluster_list"))
                .order(egui::Order::Foreground)
                .fixed_pos(*at)
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
        if self.export_open {
            let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                export_dialog_ui(
                    ui,
                    &mut self.export_settings,
                    self.timeline_size_pt,
                    self.selected.is_some(),
                    self.export_status.as_deref(),
                    &mut commands,
                );
            });
            if modal.should_close() {
                commands.push(Command::CloseExportDialog);
            }
        }
        for command in commands {
            self.run_in(ui.ctx(), command);
        }
    }
}
