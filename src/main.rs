//! The `sourceline` program: parses the command line and runs the command.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use sourceline::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let args = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let result = match &args.command {
        Some(Command::Check { file }) => cli::check(file.as_deref(), &mut out),
        Some(Command::List { file, format }) => cli::list(file.as_deref(), *format, &mut out, &mut err),
        None => writeln!(
            err,
            "The timeline window is not built yet. For now, try `sourceline list` or `sourceline check`."
        )
        .map(|()| 2),
    };
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
