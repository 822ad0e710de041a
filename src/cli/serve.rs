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
    /// The port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
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
    // Warnings are printed in full once, then counted, so a rebuild's line stays readable.
    let shown_warnings = std::sync::atomic::AtomicBool::new(false);
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
            let first = !shown_warnings.swap(true, std::sync::atomic::Ordering::Relaxed);
            if first && !warnings.is_empty() {
                eprint!(
                    "{}",
                    diagnostics::render(&warnings, Format::Human { color })
                );
            }
            let count = warnings.len();
            let noted = if count > 0 && !first {
                format!(" ({count} warnings)")
            } else {
                String::new()
            };
            eprintln!("built {pages} pages in {took:.1?}{noted}");
        }
        ServeEvent::Previewed { page, took } => {
            eprintln!("updated {page} in {took:.1?}; rebuilding the rest");
        }
        ServeEvent::Failed { problems } => {
            eprint!(
                "{}",
                diagnostics::render(&problems.without_hints(), Format::Human { color })
            );
            eprintln!("build failed: still serving the last good version");
        }
        ServeEvent::Polling { reason } => eprintln!("watching by polling: {reason}"),
    };
    match serve::run(&options, &report) {
        Ok(()) => 0,
        Err(error) => fail(error),
    }
}
