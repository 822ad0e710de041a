//! `kbgen serve`: live preview.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use super::{fail, root_or_current};
use crate::diagnostics::{self, Format};
use crate::serve::{self, ServeEvent, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (holding site.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The port to listen on (0: any free port). Without it, 1111 or the
    /// next free port after it.
    #[arg(long, short)]
    port: Option<u16>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Poll for changes instead of using the system's file notifications.
    #[arg(long)]
    poll: bool,
    /// Also answer requests for this host name (besides localhost and IP
    /// addresses); others get 403, which stops DNS-rebinding pages.
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
}

/// What makes two warnings the same warning, across rebuilds.
fn warning_key(warning: &diagnostics::Diagnostic) -> String {
    // Not the line: an edit above a warning moves it without making it new.
    let file = warning
        .location
        .as_ref()
        .map(|l| l.path.display().to_string());
    format!("{}\0{}\0{file:?}", warning.code, warning.message)
}

pub fn run(args: &ServeArgs) -> u8 {
    let options = ServeOptions {
        root: root_or_current(&args.root),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        poll: args.poll,
        allow_hosts: args.allow_host.clone(),
    };
    let color = std::io::stderr().is_terminal();
    let open = args.open;
    // Each warning is printed in full the first time a build has it; later
    // builds print only new ones and a count, so a rebuild's lines stay readable.
    let shown_warnings = std::sync::Mutex::new(std::collections::BTreeSet::<String>::new());
    let report = move |event: ServeEvent| match event {
        ServeEvent::Listening { url } => {
            eprintln!("serving on {url} (Ctrl-C to stop)");
            if open {
                if let Err(e) = opener::open(&url) {
                    eprintln!("cannot open a browser: {e}");
                }
            }
        }
        ServeEvent::Built {
            pages,
            took,
            warnings,
        } => {
            let mut shown = shown_warnings
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let new: diagnostics::Diagnostics = warnings
                .iter()
                .filter(|w| shown.insert(warning_key(w)))
                .cloned()
                .collect();
            if !new.is_empty() {
                eprint!("{}", diagnostics::render(&new, Format::Human { color }));
            }
            let count = warnings.len();
            let noted = match count {
                0 => String::new(),
                1 => " (1 warning)".to_owned(),
                n => format!(" ({n} warnings)"),
            };
            eprintln!("built {pages} pages in {took:.1?}{noted}");
        }
        ServeEvent::Previewed { page, took } => {
            eprintln!("updated {page} in {took:.1?}; rebuilding the rest");
        }
        ServeEvent::Failed {
            problems,
            serving_previous,
        } => {
            eprint!(
                "{}",
                diagnostics::render(&problems.without_hints(), Format::Human { color })
            );
            if serving_previous {
                eprintln!("build failed: still serving the last good version");
            } else {
                eprintln!("build failed: fix the problem above and the page will load");
            }
        }
        ServeEvent::Polling { reason } => eprintln!("watching by polling: {reason}"),
        ServeEvent::PortBusy { port } => {
            eprintln!("port {port} is in use; trying the next one (--port chooses one)");
        }
    };
    match serve::run(&options, &report) {
        Ok(()) => 0,
        Err(serve::ServeError::Config(error)) => {
            super::config_failure(&error, super::MessageFormat::Human)
        }
        Err(error) => fail(error),
    }
}
