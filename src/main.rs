//! The `sourceline` program: parses the command line and runs the command.

use std::io::Write;
use std::process::ExitCode;

use sourceline::app::{self, SourcelineApp};
use sourceline::cli::{self, CliCommand, Invocation};

/// mimalloc: loading a large timeline makes millions of small allocations, and the system
/// allocator spent about a third of the load time on them. How it returns memory while loading is
/// set in `sourceline::allocator`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sourceline::allocator::without_huge_pages();
    let args = match cli::parse_invocation() {
        Invocation::User(args) => args,
        Invocation::GenerateAssets(assets_args) => {
            let result = cli::generate_assets(&assets_args.dir, &mut std::io::stdout().lock());
            return exit_code(result, &mut std::io::stderr().lock());
        }
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let result = match &args.command {
        Some(CliCommand::Check { file }) => cli::check(file.as_deref(), &mut out),
        Some(CliCommand::List { file, format }) => {
            cli::list(file.as_deref(), *format, &mut out, &mut err)
        }
        Some(CliCommand::Export(export_args)) => cli::export(export_args, &mut out, &mut err),
        Some(CliCommand::Fmt { file, check }) => cli::fmt(file, *check, &mut out, &mut err),
        Some(CliCommand::Suggest(suggest_args)) => cli::suggest(suggest_args, &mut out, &mut err),
        Some(CliCommand::Import(import_args)) => cli::import(import_args, &mut out, &mut err),
        None => {
            drop(out);
            return match run_window(args.file.clone()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    writeln!(
                        err,
                        "sourceline: could not open a window: {error}\n\
                         On Linux the window needs a desktop session (X11 or Wayland) and OpenGL; \
                         `sourceline check` and `sourceline list` work without one."
                    )
                    .ok();
                    ExitCode::from(1)
                }
            };
        }
    };
    exit_code(result, &mut err)
}

/// The exit code for a command's result; an error is reported on `err`.
fn exit_code(result: std::io::Result<u8>, err: &mut dyn Write) -> ExitCode {
    match result {
        Ok(status) => ExitCode::from(status),
        // A closed pipe (`sourceline list | head`) is not an error worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            writeln!(err, "sourceline: {error}").ok();
            ExitCode::from(1)
        }
    }
}

/// Opens the timeline window on `file` (else the file open last time, else the built-in
/// timeline) and runs until it is closed.
fn run_window(file: Option<std::path::PathBuf>) -> eframe::Result {
    // X11 shows the icon set here. Wayland desktops take the icon from the desktop entry whose
    // name matches the app id (`sourceline.desktop`, installed by the package).
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Sourceline")
        .with_app_id("sourceline")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 420.0]);
    viewport.icon = app::window_icon().map(std::sync::Arc::new);
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "Sourceline",
        options,
        Box::new(|cc| Ok(Box::new(SourcelineApp::restore(cc, file)))),
    )
}
