//! The app shell: what is open, what is selected, the panels, and the commands that change them.
//!
//! UI pieces never change the state directly: they return [`Command`]s, which [`SourcelineApp`]
//! runs at the end of the frame.

use std::path::Path;

use egui::{Key, Modifiers, RichText, Ui};

use crate::builtin;
use crate::export::{self, ExportRequest, ExportedImage};
use crate::model::{EventIndex, LoadOutcome, Problem, ProblemCounts, load_path};
use crate::timeline::{MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeView, TimelineLayout};
use crate::ui::detail_panel::detail_panel_ui;
use crate::ui::export_dialog::{ExportSettings, export_dialog_ui};
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
            | Command::CopyImage => {}
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
        ui.input_mut(|input| {
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

    fn toolbar_ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
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
            self.run(command);
        }
    }
}
