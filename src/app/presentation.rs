//! Presentation mode in the window: entering it (full screen, projector colours, the first
//! stop), moving between stops with an eased view, its frame, and leaving it with everything
//! put back as it was.

use egui::Ui;

use super::Document;
use super::SourcelineApp;
use super::session::Presentation;
use crate::model::EventIndex;
use crate::timeline::tour::{PresentKey, Presenter, ViewAnimation, presentation_stops, stop_view};
use crate::ui::Command;
use crate::ui::presentation_screen::{PresentationInput, presentation_ui};

/// Seconds the view takes to move to the next stop (unless motion is reduced).
const STOP_MOVE_SECS: f64 = 0.5;

impl SourcelineApp {
    /// Enters presentation mode: full screen, projector colours, the first stop.
    pub(super) fn start_presentation(&mut self) {
        let Some(doc) = self.session.doc() else {
            return;
        };
        let stops = presentation_stops(&doc.timeline, self.state.present_key_events_only);
        if stops.is_empty() || self.session.presentation.is_some() {
            return;
        }
        let ctx = self.runtime.ctx.clone();
        let fullscreen = ctx
            .as_ref()
            .is_some_and(|ctx| ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)));
        self.session.presentation = Some(Presentation {
            presenter: Presenter::new(stops),
            animation: None,
            restore_view: self.session.view,
            restore_selected: self.session.selected,
            restore_detail_open: self.state.detail_open,
            restore_event_list_open: self.state.event_list_open,
            restore_fullscreen: fullscreen,
        });
        self.session.export_dialog_open = false;
        self.session.source_view = None;
        self.session.cluster_list = None;
        if let Some(ctx) = &ctx {
            self.runtime.set_projector_look(ctx, true);
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
        self.show_current_stop();
    }

    /// Leaves presentation mode and puts everything back as it was.
    pub(super) fn stop_presentation(&mut self) {
        let Some(presentation) = self.session.presentation.take() else {
            return;
        };
        if let Some(ctx) = self.runtime.ctx.clone() {
            self.runtime.set_projector_look(&ctx, false);
            // Put the chosen theme back, whatever it is.
            self.runtime.apply_theme(&ctx, self.state.theme, true);
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(
                presentation.restore_fullscreen,
            ));
            ctx.set_cursor_icon(egui::CursorIcon::Default);
        }
        self.session.selected = presentation.restore_selected;
        self.state.detail_open = presentation.restore_detail_open;
        self.state.event_list_open = presentation.restore_event_list_open;
        if let Some(view) = presentation.restore_view {
            self.session.set_view(view);
        }
    }

    /// A clicker key: moves to the stop it asks for.
    pub(super) fn present_key(&mut self, key: PresentKey) {
        let moved = self
            .session
            .presentation
            .as_mut()
            .is_some_and(|p| p.presenter.handle(key));
        if moved {
            self.show_current_stop();
        }
    }

    /// A click on an event in presentation mode: goes to that stop, or just shows the event.
    pub(super) fn present_event(&mut self, event: EventIndex) {
        let is_stop = self
            .session
            .presentation
            .as_mut()
            .is_some_and(|p| p.presenter.go_to_event(event));
        if is_stop {
            self.show_current_stop();
        } else {
            self.session.selected = Some(event);
        }
    }

    /// Selects the current stop's event and starts moving the view to it.
    fn show_current_stop(&mut self) {
        let now = self
            .runtime
            .ctx
            .as_ref()
            .map_or(0.0, |ctx| ctx.input(|i| i.time));
        let duration = if self.state.reduce_motion {
            0.0
        } else {
            STOP_MOVE_SECS
        };
        let Some(doc) = self.session.doc() else {
            return;
        };
        let extent = doc.full_view().span_days();
        let Some(presentation) = &self.session.presentation else {
            return;
        };
        let Some(event) = presentation.presenter.current_event() else {
            return;
        };
        let Some(span) = doc.timeline.events.get(event).map(|e| e.span) else {
            return;
        };
        let target = stop_view(
            f64::from(span.start_day),
            f64::from(span.end_day_exclusive),
            extent,
        );
        let from = self.session.view.unwrap_or(target);
        if let Some(presentation) = &mut self.session.presentation {
            presentation.animation = Some(ViewAnimation::new(from, target, now, duration));
        }
        self.session.selected = Some(event);
        if let Some(ctx) = &self.runtime.ctx {
            ctx.request_repaint();
        }
    }

    /// One frame of presentation mode: the animated view, the timeline and the caption.
    pub(super) fn presentation_frame(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let now = ui.input(|i| i.time);
        let session = &mut self.session;
        let (Document::Loaded(doc), Some(presentation)) =
            (&session.document, &mut session.presentation)
        else {
            return;
        };
        if let Some(animation) = presentation.animation {
            session.view = Some(animation.view_at(now));
            session.force_view = true;
            if animation.is_done(now) {
                presentation.animation = None;
            } else {
                ui.ctx().request_repaint();
            }
        }
        let input = PresentationInput {
            doc,
            presenter: &presentation.presenter,
            selected: session.selected,
            view: session.view.unwrap_or_else(|| doc.full_view()),
            force_view: std::mem::take(&mut session.force_view),
        };
        let panel_fill = ui.visuals().panel_fill;
        let output = egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(panel_fill)
                    .inner_margin(egui::Margin::same(16)),
            )
            .show(ui, |ui| presentation_ui(ui, &input, commands))
            .inner;
        if let Some(output) = output {
            if presentation.animation.is_none() {
                session.view = Some(output.view);
            }
            self.runtime.last_layout = output.layout;
        }
    }
}
