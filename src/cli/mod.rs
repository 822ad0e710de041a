//! The command line: clap definitions, and turning each command's outcome
//! into output and an exit code. This is the only layer that prints.

mod build;
mod check;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status: the site has problems.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: wrong usage or a failure of the environment.
pub const EXIT_USAGE: u8 = 2;

/// kbgen builds question-and-answer knowledge bases into fast static sites.
#[derive(Debug, Parser)]
#[command(name = "kbgen", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder.
    Build(build::BuildArgs),
    /// Report every problem and hint in the site without writing anything.
    Check(check::CheckArgs),
    /// Create a new site (or a site.toml for an MkDocs project).
    Init(init::InitArgs),
    /// Create a new article from a question.
    New(new::NewArgs),
    /// Preview the site: build, serve and reload the browser on every change.
    Serve(serve::ServeArgs),
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum MessageFormat {
    /// rustc-style, with the source line and a caret.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args),
        Command::New(args) => new::run(&args),
        Command::Serve(args) => serve::run(&args),
    };
    ExitCode::from(code)
}

/// Prints an environment or usage error and returns its exit status.
fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    EXIT_USAGE
}

/// The one way every command explains settings it cannot read: a missing
/// site.toml says how to start (from the mkdocs.yml beside it, if there
/// is one); invalid settings are printed as diagnostics.
fn config_failure(error: &crate::config::ConfigError, format: MessageFormat) -> u8 {
    use crate::config::ConfigError;
    match error {
        ConfigError::Invalid(problems) => {
            build::print_diagnostics(problems, format);
            EXIT_PROBLEMS
        }
        ConfigError::Missing { root } => fail(format_args!(
            "no site.toml in {}\n  help: run `kbgen init` to start a new site here, or pass --root",
            root.display()
        )),
        other => fail(other),
    }
}

fn root_or_current(root: &Option<PathBuf>) -> PathBuf {
    root.clone().unwrap_or_else(|| PathBuf::from("."))
}
