//! `kbgen check`: every problem and hint the build finds, without writing
//! anything. A gate for CI.

use std::path::PathBuf;

use clap::Args;

use super::build::{print_diagnostics, print_some_diagnostics};
use super::{EXIT_PROBLEMS, MessageFormat, root_or_current};
use crate::config::{self, Overrides};
use crate::markdown::HighlightCache;
use crate::output::PathsOnly;
use crate::pipeline;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder (holding site.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t)]
    format: MessageFormat,
    /// Report only problems of this kind (the name in brackets, e.g.
    /// `orphan`), all of them; can be given several times.
    #[arg(long, value_name = "KIND")]
    only: Vec<String>,
    /// Leave out problems of this kind; can be given several times.
    #[arg(long, value_name = "KIND")]
    skip: Vec<String>,
}

pub fn run(args: &CheckArgs) -> u8 {
    let overrides = Overrides {
        drafts: args.drafts,
        ..Overrides::default()
    };
    let config = match config::load(&root_or_current(&args.root), &overrides) {
        Ok(config) => config,
        Err(error) => return super::config_failure(&error, args.format),
    };
    let cache = HighlightCache::open_read_only(&config.cache_dir, &config.highlight);
    let mut problems =
        pipeline::build_tree(&config, false, &PathsOnly::default(), &cache, None).diagnostics;
    if !args.only.is_empty() || !args.skip.is_empty() {
        problems = problems
            .into_iter()
            .filter(|p| args.only.is_empty() || args.only.iter().any(|k| k == p.code.as_ref()))
            .filter(|p| !args.skip.iter().any(|k| k == p.code.as_ref()))
            .collect();
    }
    if args.strict {
        problems.promote_warnings();
    }
    if args.only.is_empty() {
        print_diagnostics(&problems, args.format);
    } else {
        print_some_diagnostics(&problems, args.format, usize::MAX);
    }
    if problems.has_errors() {
        EXIT_PROBLEMS
    } else {
        0
    }
}
