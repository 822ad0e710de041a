//! `kbgen build`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{EXIT_PROBLEMS, MessageFormat, fail, root_or_current};
use crate::config::Overrides;
use crate::diagnostics::{self, Diagnostics, Format};
use crate::pipeline::{self, BuildError, BuildOptions};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (holding site.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write the site here instead of site.toml's output_dir.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Publish under this URL (overrides site.toml's base_url).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Report broken links and anchors as warnings, not errors.
    #[arg(long)]
    allow_broken_links: bool,
    /// Fail on warnings too: a gate for CI.
    #[arg(long)]
    strict: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t)]
    format: MessageFormat,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Replace the output folder even if kbgen did not make it (it is never
    /// the site's own sources).
    #[arg(long)]
    force: bool,
}

pub fn run(args: &BuildArgs) -> u8 {
    let started = Instant::now();
    crate::leftovers::remove_on_interrupt();
    let options = BuildOptions {
        root: root_or_current(&args.root),
        overrides: Overrides {
            output_dir: args.output.clone(),
            base_url: args.base_url.clone(),
            drafts: args.drafts,
        },
        allow_broken_links: args.allow_broken_links,
        strict: args.strict,
        force: args.force,
    };
    let progress = Progress::start(args.format);
    let built = pipeline::build(&options);
    progress.finish();
    match built {
        Ok(report) => {
            print_build_diagnostics(&report.diagnostics, report.hints, args.format);
            if args.timings {
                for (stage, took) in &report.timings.stages {
                    eprintln!("{:>10.1?}  {stage}", took);
                }
                if let Some(kilobytes) = peak_memory_kilobytes() {
                    eprintln!("{:>8} MB  peak memory", kilobytes / 1024);
                }
            }
            if let Some(reason) = &report.replaced_in_place {
                eprintln!(
                    "note: {} was updated file by file, not swapped whole: {reason}",
                    report.output_dir.display()
                );
            }
            if report.up_to_date {
                eprintln!(
                    "up to date: {} already holds the {} pages ({} files) these sources build (checked in {:.2?})",
                    report.output_dir.display(),
                    report.pages,
                    report.files,
                    started.elapsed()
                );
            } else {
                eprintln!(
                    "built {} pages ({} files) into {} in {:.2?}{}",
                    report.pages,
                    report.files,
                    report.output_dir.display(),
                    started.elapsed(),
                    if report.from_mkdocs {
                        " (settings from mkdocs.yml)"
                    } else {
                        ""
                    }
                );
            }
            0
        }
        Err(BuildError::Site { problems, hints }) => {
            print_build_diagnostics(&problems, hints, args.format);
            eprintln!("build failed: the previous output was left as it was");
            EXIT_PROBLEMS
        }
        Err(BuildError::Config(error)) => super::config_failure(&error, args.format),
        Err(error) => fail(error),
    }
}

/// A spinner with the elapsed time, shown once a build has taken a second,
/// when people watch (stderr is a terminal, not CI, human format), and
/// cleared before the report is printed.
struct Progress {
    bar: indicatif::ProgressBar,
    /// Set when the build is over; held while the spinner is shown, so it
    /// never appears after the build's report.
    done: std::sync::Arc<std::sync::Mutex<bool>>,
}

impl Progress {
    fn start(format: MessageFormat) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        let done = std::sync::Arc::new(std::sync::Mutex::new(false));
        let watched = std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && matches!(format, MessageFormat::Human);
        if watched {
            let (bar, done) = (bar.clone(), std::sync::Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_secs(1));
                let done = done
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if *done {
                    return;
                }
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                if let Ok(style) =
                    indicatif::ProgressStyle::with_template("{spinner} building… {elapsed}")
                {
                    bar.set_style(style);
                }
                bar.enable_steady_tick(std::time::Duration::from_millis(120));
            });
        }
        Self { bar, done }
    }

    fn finish(self) {
        let mut done = self
            .done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *done = true;
        self.bar.finish_and_clear();
    }
}

/// Errors and warnings; hints are counted, and `kbgen check` shows them.
/// Prints the warnings (or errors), and how many hints `check` would show.
fn print_build_diagnostics(problems: &Diagnostics, hints: usize, format: MessageFormat) {
    if !problems.is_empty() {
        print_diagnostics(problems, format);
    }
    if hints > 0 && matches!(format, MessageFormat::Human) {
        let noun = if hints == 1 { "hint" } else { "hints" };
        eprintln!("{hints} {noun}: run `kbgen check` to see them");
    }
}

/// How many diagnostics of one kind a person is shown by default.
pub(super) const SHOWN_PER_KIND: usize = 10;

/// Prints diagnostics in the chosen format, followed by their count; for
/// people, at most [`SHOWN_PER_KIND`] of each kind.
pub(super) fn print_diagnostics(problems: &Diagnostics, format: MessageFormat) {
    print_some_diagnostics(problems, format, SHOWN_PER_KIND);
}

/// [`print_diagnostics`] with another limit per kind.
pub(super) fn print_some_diagnostics(
    problems: &Diagnostics,
    format: MessageFormat,
    per_kind: usize,
) {
    let format = match format {
        MessageFormat::Human => Format::Human {
            color: std::io::stderr().is_terminal(),
        },
        MessageFormat::Json => Format::Json,
        MessageFormat::Github => Format::Github,
    };
    let text = diagnostics::render_limited(problems, format, per_kind);
    match format {
        Format::Human { .. } => eprint!("{text}"),
        // Machine formats go to stdout, where tools read them.
        Format::Json | Format::Github => print!("{text}"),
    }
}

/// The process's peak resident memory, where the system tells (Linux).
fn peak_memory_kilobytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
