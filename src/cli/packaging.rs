//! The hidden `sourceline generate-assets DIR`: writes the man pages and the shell completions
//! that the Debian package installs, from the clap definitions of [`Cli`], so the manual and the
//! completions always match the command line.
//!
//! The command is added to [`Cli`]'s own only for parsing ([`full_command`]). The man pages
//! and completions are generated from [`Cli`] alone, so they never mention it, and neither does
//! `--help`.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args as _, CommandFactory as _, FromArgMatches as _};
use clap_complete::Shell;

use super::Cli;

/// The name of the hidden command.
pub const GENERATE_ASSETS: &str = "generate-assets";

/// The folder under DIR that receives the man pages (`sourceline.1`, `sourceline-check.1`, …).
pub const MAN_DIR: &str = "man";

/// The folder under DIR that receives the completions: `sourceline.bash`, `_sourceline` (zsh)
/// and `sourceline.fish`.
pub const COMPLETIONS_DIR: &str = "completions";

/// Arguments of `sourceline generate-assets`.
#[derive(Debug, clap::Args)]
pub struct GenerateAssetsArgs {
    /// The folder to write into; created when missing.
    pub dir: PathBuf,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// The window or one of the documented commands.
    User(Cli),

    /// `sourceline generate-assets DIR`, for packaging.
    GenerateAssets(GenerateAssetsArgs),
}

/// The command `sourceline` parses: [`Cli`] plus the hidden `generate-assets`.
pub fn full_command() -> clap::Command {
    let generate = clap::Command::new(GENERATE_ASSETS)
        .hide(true)
        .about("Write the man pages and shell completions into DIR, for packaging");
    Cli::command().subcommand(GenerateAssetsArgs::augment_args(generate))
}

/// Parses `args` (the program name first) as `sourceline` does.
pub fn try_parse_invocation_from<I, T>(args: I) -> Result<Invocation, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = full_command().try_get_matches_from(args)?;
    let invocation = match matches.subcommand() {
        Some((GENERATE_ASSETS, sub)) => {
            Invocation::GenerateAssets(GenerateAssetsArgs::from_arg_matches(sub)?)
        }
        _ => Invocation::User(Cli::from_arg_matches(&matches)?),
    };
    Ok(invocation)
}

/// Parses the program's own command line; on a mistake (or `--help`, `--version`) prints clap's
/// message and exits with its status, as `Cli::parse` does.
pub fn parse_invocation() -> Invocation {
    try_parse_invocation_from(std::env::args_os())
        .unwrap_or_else(|error| error.format(&mut full_command()).exit())
}

/// `sourceline generate-assets DIR`: writes the man pages into `DIR/man` and the bash, zsh and
/// fish completions into `DIR/completions`, and names each file written. Returns the exit status.
pub fn generate_assets(dir: &Path, out: &mut dyn Write) -> std::io::Result<u8> {
    let man_dir = dir.join(MAN_DIR);
    let completions_dir = dir.join(COMPLETIONS_DIR);
    fs::create_dir_all(&man_dir)?;
    fs::create_dir_all(&completions_dir)?;

    clap_mangen::generate_to(Cli::command(), &man_dir)?;
    let mut pages: Vec<PathBuf> = fs::read_dir(&man_dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    pages.sort();
    for page in pages {
        writeln!(out, "{}", page.display())?;
    }

    let mut cli = Cli::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let path = clap_complete::generate_to(shell, &mut cli, "sourceline", &completions_dir)?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(0)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::CliCommand;

    #[test]
    fn the_hidden_command_parses_and_the_others_are_unchanged() {
        let invocation = try_parse_invocation_from(["sourceline", GENERATE_ASSETS, "out"]).unwrap();
        assert!(
            matches!(&invocation, Invocation::GenerateAssets(args) if args.dir == Path::new("out")),
            "{invocation:?}"
        );
        assert!(try_parse_invocation_from(["sourceline", GENERATE_ASSETS]).is_err());

        let invocation = try_parse_invocation_from(["sourceline", "check", "my.json"]).unwrap();
        assert!(
            matches!(
                &invocation,
                Invocation::User(Cli { command: Some(CliCommand::Check { file: Some(file) }), .. })
                    if file == Path::new("my.json")
            ),
            "{invocation:?}"
        );
        let invocation = try_parse_invocation_from(["sourceline", "my.json"]).unwrap();
        assert!(
            matches!(&invocation, Invocation::User(Cli { command: None, file: Some(file) })
                if file == Path::new("my.json")),
            "{invocation:?}"
        );
        assert!(try_parse_invocation_from(["sourceline", "list", "--format", "xml"]).is_err());
    }

    #[test]
    fn help_does_not_show_the_hidden_command() {
        let help = full_command().render_long_help().to_string();
        assert!(help.contains("export"), "{help}");
        assert!(!help.contains(GENERATE_ASSETS), "{help}");
    }

    #[test]
    fn generates_man_pages_and_completions_for_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        assert_eq!(generate_assets(dir.path(), &mut out).unwrap(), 0);
        let listed = String::from_utf8(out).unwrap();

        let man = dir.path().join(MAN_DIR);
        let completions = dir.path().join(COMPLETIONS_DIR);
        let mut files = vec![man.join("sourceline.1")];
        for command in ["check", "export", "list", "suggest", "import", "fmt"] {
            files.push(man.join(format!("sourceline-{command}.1")));
        }
        for name in ["sourceline.bash", "_sourceline", "sourceline.fish"] {
            files.push(completions.join(name));
        }
        for file in &files {
            let text = fs::read_to_string(file).unwrap();
            assert!(listed.contains(&file.display().to_string()), "{listed}");
            assert!(!text.contains(GENERATE_ASSETS), "{}", file.display());
        }
        assert_eq!(listed.lines().count(), files.len(), "{listed}");

        let page = fs::read_to_string(man.join("sourceline.1")).unwrap();
        assert!(page.contains(".TH sourceline 1"), "{page}");
        for command in ["check", "export", "list", "suggest", "import", "fmt"] {
            assert!(
                page.contains(&format!("sourceline\\-{command}(1)")),
                "{page}"
            );
        }
        let export_page = fs::read_to_string(man.join("sourceline-export.1")).unwrap();
        assert!(export_page.contains("\\-\\-theme"), "{export_page}");

        let bash = fs::read_to_string(completions.join("sourceline.bash")).unwrap();
        assert!(bash.contains("complete -F _sourceline"), "{bash}");
        assert!(bash.contains("--theme"), "{bash}");
        let fish = fs::read_to_string(completions.join("sourceline.fish")).unwrap();
        assert!(fish.contains("projector"), "{fish}");
    }
}
