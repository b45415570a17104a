//! Keys → commands: the shortcuts of the window and the clicker keys of presentation mode.
//! Plain keys do nothing while the user types in a text field; shortcuts with Ctrl work there
//! too.

use egui::{Key, Modifiers, Ui};

use crate::timeline::tour::PresentKey;
use crate::ui::Command;

/// Which keys apply.
pub enum KeyMode {
    /// The window, where Esc runs this command (closing the topmost thing open).
    Window {
        /// What Esc does.
        escape: Command,
    },

    /// Presentation mode.
    Presenting,
}

/// The commands of the keys pressed this frame (consumed, so no widget also reacts to them).
pub fn keyboard_commands(ui: &Ui, mode: KeyMode) -> Vec<Command> {
    let mut commands = Vec::new();
    match mode {
        KeyMode::Presenting => {
            if !ui.ctx().text_edit_focused() {
                presentation_keys(ui, &mut commands);
            }
        }
        KeyMode::Window { escape } => {
            window_shortcuts(ui, &mut commands);
            if !ui.ctx().text_edit_focused() {
                window_keys(ui, escape, &mut commands);
            }
        }
    }
    commands
}

/// Shortcuts with Ctrl (⌘ on a Mac).
fn window_shortcuts(ui: &Ui, commands: &mut Vec<Command>) {
    ui.input_mut(|input| {
        for (modifiers, key, command) in [
            (Modifiers::COMMAND, Key::O, Command::OpenFileDialog),
            (Modifiers::COMMAND, Key::F, Command::FocusSearch),
            (Modifiers::COMMAND, Key::R, Command::Reload),
            (Modifiers::COMMAND, Key::S, Command::Save),
            (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, Command::Redo),
            (Modifiers::COMMAND, Key::Z, Command::Undo),
            (Modifiers::COMMAND, Key::Y, Command::Redo),
        ] {
            if input.consume_key(modifiers, key) {
                commands.push(command);
            }
        }
    });
}

/// Plain keys of the window (and the export shortcuts, which would clash with text editing).
fn window_keys(ui: &Ui, escape: Command, commands: &mut Vec<Command>) {
    ui.input_mut(|input| {
        if input.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::C) {
            commands.push(Command::CopyImage);
        }
        if input.consume_key(Modifiers::COMMAND, Key::E) {
            commands.push(Command::OpenExportDialog);
        }
        let mut pressed = |key| input.consume_key(Modifiers::NONE, key);
        if pressed(Key::F5) {
            commands.push(Command::StartPresentation);
        }
        if pressed(Key::ArrowRight) || pressed(Key::ArrowDown) {
            commands.push(Command::Step(1));
        }
        if pressed(Key::ArrowLeft) || pressed(Key::ArrowUp) {
            commands.push(Command::Step(-1));
        }
        for (key, command) in [
            (Key::E, Command::ToggleEditMode),
            (Key::Home, Command::SelectFirst),
            (Key::End, Command::SelectLast),
            (Key::Minus, Command::Zoom(1.0 / 1.5)),
            (Key::F, Command::FitAll),
        ] {
            if pressed(key) {
                commands.push(command);
            }
        }
        if pressed(Key::Plus) || pressed(Key::Equals) {
            commands.push(Command::Zoom(1.5));
        }
        if pressed(Key::Escape) {
            commands.push(escape);
        }
    });
}

/// The clicker and keyboard keys of presentation mode.
fn presentation_keys(ui: &Ui, commands: &mut Vec<Command>) {
    const DIGITS: [Key; 10] = [
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
        for (digit, key) in (0u8..).zip(DIGITS) {
            if pressed(key) {
                commands.push(Command::Present(PresentKey::Digit(digit)));
            }
        }
        if pressed(Key::Escape) || pressed(Key::F5) {
            commands.push(Command::StopPresentation);
        }
    });
}
