//! Runtime handles: what only exists while the window runs and is rebuilt at start (the egui
//! context, the clipboard, the theme and title last applied to the window, the layout painted
//! last frame, the timeline's size on screen).

use std::sync::Arc;

use crate::timeline::TimelineLayout;
use crate::ui::theme::{self, ThemeChoice};

/// The window's handles and what was last applied to it.
pub struct Runtime {
    /// The window's context (none until the first frame when the app runs without a window).
    pub ctx: Option<egui::Context>,

    /// Kept alive: on Linux the clipboard's contents live as long as this does.
    pub clipboard: Option<arboard::Clipboard>,

    /// The theme applied to the context (applied again when the chosen one changes).
    pub applied_theme: Option<ThemeChoice>,

    /// The light style as it was before the projector look replaced it (to put it back).
    light_style_before_projector: Option<Arc<egui::Style>>,

    /// The window title last sent, to send it only when it changes.
    pub window_title: String,

    /// The layout painted last frame (hit-testing, tests).
    pub last_layout: TimelineLayout,

    /// Size of the timeline area in the window, in points (for "as in the window" exports).
    pub timeline_size_pt: [u32; 2],

    /// Where unsaved edits are kept safe (none: they are not; tests and windowless use).
    pub recovery_dir: Option<std::path::PathBuf>,

    /// Whether the recovery folder was looked at for a crashed session's edits.
    pub recovery_checked: bool,

    /// The user agreed to close the window (with unsaved changes dropped or saved).
    pub allow_close: bool,

    /// The window's width, in points (as of the last frame).
    pub window_width_pt: f32,
}

impl Default for Runtime {
    fn default() -> Self {
        Self {
            ctx: None,
            clipboard: None,
            applied_theme: None,
            light_style_before_projector: None,
            window_title: String::new(),
            last_layout: TimelineLayout::default(),
            timeline_size_pt: [1280, 720],
            recovery_dir: None,
            recovery_checked: false,
            allow_close: false,
            window_width_pt: f32::INFINITY,
        }
    }
}

impl Runtime {
    /// Makes the context look as `choice` says. "Follow the system" is egui's default, so on the
    /// first frame (unless `force`) it leaves the context as it is.
    pub fn apply_theme(&mut self, ctx: &egui::Context, choice: ThemeChoice, force: bool) {
        let first = self.applied_theme.is_none() && !force;
        self.set_projector_look(ctx, choice == ThemeChoice::Projector);
        match choice {
            ThemeChoice::System if first => {}
            ThemeChoice::System => ctx.set_theme(egui::ThemePreference::System),
            ThemeChoice::Light | ThemeChoice::Projector => {
                ctx.set_theme(egui::ThemePreference::Light);
            }
            ThemeChoice::Dark => ctx.set_theme(egui::ThemePreference::Dark),
        }
        self.applied_theme = Some(choice);
    }

    /// Turns the projector look (on the light theme) on or off, keeping the light style it
    /// replaces so that turning it off restores that style exactly.
    pub fn set_projector_look(&mut self, ctx: &egui::Context, on: bool) {
        match (on, self.light_style_before_projector.is_some()) {
            (true, false) => {
                self.light_style_before_projector = Some(ctx.style_of(egui::Theme::Light));
                ctx.set_theme(egui::Theme::Light);
                theme::apply_projector(ctx);
            }
            (false, true) => {
                if let Some(style) = self.light_style_before_projector.take() {
                    ctx.set_style_of(egui::Theme::Light, (*style).clone());
                }
            }
            _ => {}
        }
    }

    /// Sets the window title, when it changed.
    pub fn set_window_title(&mut self, ctx: &egui::Context, title: String) {
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }
}
