//! `kbgen serve`: builds the site into memory, serves it over HTTP, watches
//! the sources and rebuilds on every change, and tells open pages to reload.
//!
//! The site is served from an in-memory [`OutputTree`] that is swapped in
//! whole after a successful build, so a browser never sees a half-built
//! site, the output folder is never touched, and no request can reach a file
//! outside the site: there is no file system behind the server.

mod http;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::config::{self, Config, ConfigError, Overrides};
use crate::diagnostics::{self, Diagnostics, Format};
use crate::markdown::HighlightCache;
use crate::output::{MemorySink, OutputTree};
use crate::pipeline::{self, SiteState};
use crate::theme::PageMemo;

/// What `kbgen serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: std::net::IpAddr,
    /// 0 picks a free port; `None` takes 1111 or the next free one after it.
    pub port: Option<u16>,
    pub drafts: bool,
    /// Poll the file system instead of using the system's notifications.
    pub poll: bool,
    /// Host names answered besides localhost and IP addresses.
    pub allow_hosts: Vec<String>,
}

/// What the server tells the command line, which prints it.
#[derive(Debug)]
pub enum ServeEvent {
    /// Listening; `url` is where the site is.
    Listening { url: String },
    /// A build finished: pages, how long it took, and its warnings.
    Built {
        pages: usize,
        took: Duration,
        warnings: Diagnostics,
    },
    /// An edited article was shown at once (a full rebuild follows).
    Previewed { page: String, took: Duration },
    /// A build failed; the last good site is still served, if there is one.
    Failed {
        problems: Diagnostics,
        /// Whether an earlier build's site is being served meanwhile.
        serving_previous: bool,
    },
    /// Watching by polling, and why.
    Polling { reason: String },
    /// The default port was taken; the next one is tried.
    PortBusy { port: u16 },
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {}: {message}", path.display())]
    Watch { path: PathBuf, message: String },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// The site being served and the error of the last build, if it failed.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub tree: Arc<OutputTree>,
    /// The last build's problems as text, shown over the page; `None` after a good build.
    pub error: Option<String>,
    /// Counts successful builds; pages reload when it changes.
    pub generation: u64,
    /// The addresses whose content differs from the previous generation's;
    /// `None` when every page should reload (first build, changed styles).
    pub changed: Option<Vec<String>>,
    /// The path prefix every page lives under (`/` or `/kb/`): it changes
    /// with `base_url`, together with the pages that use it.
    pub base_path: String,
    /// The last good build's warnings as text (broken links among them:
    /// the preview shows pages while some links wait for their articles).
    pub warnings: Option<String>,
}

/// State shared by the server and the watcher.
#[derive(Debug)]
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// Wakes the pages' event streams after each build.
    changed: broadcast::Sender<()>,
    /// The last build's knowledge of the site, for previewing an edit; its
    /// lock also orders previews and the publishing of full rebuilds.
    site: Mutex<Option<SiteState>>,
    /// Counts previews, so a full rebuild that started before one does not
    /// replace it with older text.
    previews: AtomicU64,
    /// The snippet files the last build read: the watcher watches them.
    snippet_files: Mutex<Vec<PathBuf>>,
}

impl Shared {
    fn new(base_path: String) -> Self {
        let (changed, _) = broadcast::channel(16);
        Self {
            snapshot: RwLock::new(Arc::new(Snapshot {
                base_path,
                ..Snapshot::default()
            })),
            changed,
            site: Mutex::new(None),
            previews: AtomicU64::new(0),
            snippet_files: Mutex::new(Vec::new()),
        }
    }

    /// The kept site state; holding it orders previews and publishing.
    fn lock_site(&self) -> std::sync::MutexGuard<'_, Option<SiteState>> {
        self.site
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current site; readers get a complete one or the previous one.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn publish(&self, next: Snapshot) {
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        let _ = self.changed.send(());
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn run(options: &ServeOptions, report: &(dyn Fn(ServeEvent) + Sync)) -> Result<(), ServeError> {
    let overrides = Overrides {
        drafts: options.drafts,
        ..Overrides::default()
    };
    let config = config::load(&options.root, &overrides)?;
    let shared = Arc::new(Shared::new(config.base_url.path().to_owned()));
    // Highlighted code stays in memory between rebuilds: an edit re-highlights
    // only the blocks it changed.
    let cache = Mutex::new(HighlightCache::open_read_only(
        &config.cache_dir,
        &config.highlight,
    ));
    // Pages whose template context did not change are taken from the last build.
    let memo = Mutex::new(PageMemo::default());
    let caches = Caches {
        highlight: &cache,
        pages: &memo,
    };
    rebuild(&shared, &options.root, &overrides, &caches, report);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let listener = runtime.block_on(listen(options, report))?;
    let local = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: SocketAddr::new(options.bind, options.port.unwrap_or(DEFAULT_PORT)),
        source,
    })?;
    let listening = || {
        report(ServeEvent::Listening {
            url: format!("http://{local}{}", config.base_url.path()),
        })
    };
    let stop = AtomicBool::new(false);
    // Full rebuilds run on their own thread, so previews of later edits
    // need not wait for them; requests made during a rebuild become one.
    let (requests, pending) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let (shared_ref, root, overrides_ref, caches_ref) =
            (&shared, &options.root, &overrides, &caches);
        let builder = scope.spawn(move || {
            while pending.recv().is_ok() {
                while pending.try_recv().is_ok() {}
                rebuild(shared_ref, root, overrides_ref, caches_ref, report);
            }
        });
        let (config_ref, stop_ref, listening_ref) = (&config, &stop, &listening);
        let watcher = scope.spawn(move || {
            let requests = requests;
            watch::run(
                config_ref,
                &|| config::load(root, overrides_ref).ok(),
                &|| {
                    shared_ref
                        .snippet_files
                        .lock()
                        .map(|files| files.clone())
                        .unwrap_or_default()
                },
                options.poll,
                stop_ref,
                listening_ref,
                &|signal| match signal {
                    watch::Signal::Changed(paths) => {
                        preview(shared_ref, &paths, report);
                        let _ = requests.send(());
                    }
                    watch::Signal::Polling(reason) => report(ServeEvent::Polling { reason }),
                },
            )
        });
        let served = runtime.block_on(async {
            tokio::select! {
                served = http::serve(listener, Arc::clone(&shared), &options.allow_hosts) => served,
                _ = watcher_finished(&watcher) => Ok(()),
            }
        });
        stop.store(true, Ordering::Relaxed);
        let watched = watcher
            .join()
            .unwrap_or_else(|_| Err("the watcher stopped unexpectedly".into()));
        let _ = builder.join();
        served.map_err(ServeError::Runtime)?;
        watched.map_err(|message| ServeError::Watch {
            path: config.root.clone(),
            message,
        })
    })
}

/// Shows an edit of one article at once when it leaves every other page as
/// it was (see [`SiteState::preview_edit`]): the page is rendered again and
/// swapped into the served site, and open copies of it reload. The full
/// rebuild that follows brings the rest (search index, listings, related
/// articles) up to date.
fn preview(shared: &Shared, paths: &[PathBuf], report: &(dyn Fn(ServeEvent) + Sync)) {
    let started = Instant::now();
    let [path] = paths else { return };
    let mut site = shared.lock_site();
    // The content folder of the last build (site.toml may have moved it).
    let Some(content_dir) = site
        .as_ref()
        .map(|s| std::path::absolute(&s.config().content_dir).unwrap_or_default())
    else {
        return;
    };
    let Some(rel_path) = path
        .strip_prefix(&content_dir)
        .ok()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
    else {
        return;
    };
    let previous = shared.snapshot();
    if previous.error.is_some() {
        return;
    }
    let Some((output_path, html)) = site.as_mut().and_then(|s| s.preview_edit(&rel_path)) else {
        return;
    };
    let mut tree = (*previous.tree).clone();
    if tree.get(&output_path) == Some(html.as_slice()) || !tree.replace(&output_path, html) {
        return;
    }
    shared.previews.fetch_add(1, Ordering::SeqCst);
    shared.publish(Snapshot {
        tree: Arc::new(tree),
        error: None,
        generation: previous.generation + 1,
        changed: Some(vec![address(&previous.base_path, &output_path)]),
        base_path: previous.base_path.clone(),
        warnings: previous.warnings.clone(),
    });
    report(ServeEvent::Previewed {
        page: rel_path,
        took: started.elapsed(),
    });
}

/// The address a file is served at: `a/index.html` → `/base/a/`.
fn address(base_path: &str, output_path: &str) -> String {
    let path = output_path
        .strip_suffix("index.html")
        .filter(|p| p.is_empty() || p.ends_with('/'))
        .unwrap_or(output_path);
    format!("{base_path}{path}")
}

/// What to tell open pages about a new build: the addresses of the changed
/// pages, or `None` (reload everything) when shared files like styles changed.
fn changed_addresses(
    base_path: &str,
    tree: &OutputTree,
    previous: &Snapshot,
) -> Option<Vec<String>> {
    if previous.tree.is_empty() || previous.error.is_some() || previous.base_path != base_path {
        return None;
    }
    let mut addresses = Vec::new();
    for path in tree.changed_since(&previous.tree) {
        if path.ends_with(".html") {
            addresses.push(address(base_path, path));
        } else if !is_site_data(path) {
            // Styles, scripts, images, fonts: any page may show them.
            return None;
        }
    }
    Some(addresses)
}

/// Files no page shows (the search index, sitemap, feed, llms.txt…), whose
/// changes need no page to reload.
fn is_site_data(path: &str) -> bool {
    let top_level_data =
        !path.contains('/') && [".xml", ".txt", ".json"].iter().any(|e| path.ends_with(e));
    // The search index, in `search/` or where it moved aside (`kbgen-search/`).
    let search_index = path.ends_with(".json")
        && (path.starts_with("search/") || path.starts_with("kbgen-search"));
    search_index || top_level_data || path == "_redirects" || path.starts_with('.')
}

/// The first port after the default that is free, or the one asked for.
const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried.
const PORTS_TRIED: u16 = 20;

async fn listen(
    options: &ServeOptions,
    report: &(dyn Fn(ServeEvent) + Sync),
) -> Result<tokio::net::TcpListener, ServeError> {
    let (first, tries) = match options.port {
        Some(port) => (port, 1),
        None => (DEFAULT_PORT, PORTS_TRIED),
    };
    let mut port = first;
    loop {
        let addr = SocketAddr::new(options.bind, port);
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(source)
                if source.kind() == std::io::ErrorKind::AddrInUse
                    && port < first.saturating_add(tries - 1) =>
            {
                report(ServeEvent::PortBusy { port });
                port += 1;
            }
            Err(source) => return Err(ServeError::Bind { addr, source }),
        }
    }
}

/// Resolves when the watcher thread ends (it only ends on an error).
async fn watcher_finished<T>(handle: &std::thread::ScopedJoinHandle<'_, T>) {
    while !handle.is_finished() {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One build into memory; on failure the last good site stays.
/// What one rebuild hands to the next.
struct Caches<'a> {
    highlight: &'a Mutex<HighlightCache>,
    pages: &'a Mutex<PageMemo>,
}

fn rebuild(
    shared: &Shared,
    root: &std::path::Path,
    overrides: &Overrides,
    caches: &Caches<'_>,
    report: &(dyn Fn(ServeEvent) + Sync),
) {
    let started = Instant::now();
    let previews_at_start = shared.previews.load(Ordering::SeqCst);
    let mut cache = caches
        .highlight
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.roll_over();
    let mut memo = caches
        .pages
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A preview made while this build ran shows newer text than it read;
    // the rebuild that preview asked for comes next and publishes instead.
    let superseded = || shared.previews.load(Ordering::SeqCst) != previews_at_start;
    let failed = |problems: Diagnostics| {
        let _site = shared.lock_site();
        if superseded() {
            return;
        }
        let previous = shared.snapshot();
        // Errors and warnings apart: the overlay sets the errors first.
        let (errors, warnings): (Vec<_>, Vec<_>) = problems
            .without_hints()
            .into_iter()
            .partition(|d| d.severity == crate::diagnostics::Severity::Error);
        let text = diagnostics::render(
            &errors.into_iter().collect(),
            Format::Human { color: false },
        );
        let warnings: Diagnostics = warnings.into_iter().collect();
        let warnings = (!warnings.is_empty())
            .then(|| diagnostics::render(&warnings, Format::Human { color: false }));
        report(ServeEvent::Failed {
            problems,
            serving_previous: !previous.tree.is_empty(),
        });
        shared.publish(Snapshot {
            tree: Arc::clone(&previous.tree),
            error: Some(text),
            generation: previous.generation,
            changed: Some(Vec::new()),
            base_path: previous.base_path.clone(),
            warnings,
        });
    };
    let config: Config = match config::load(root, overrides) {
        Ok(config) => config,
        Err(ConfigError::Invalid(problems)) => return failed(problems),
        Err(other) => {
            let problem = crate::diagnostics::Diagnostic::error("config", other.to_string());
            return failed(Diagnostics::from_iter([problem]));
        }
    };
    if cache.themes() != &config.highlight {
        // Markup made for other themes has other spans: start over.
        *cache = HighlightCache::in_memory(&config.highlight);
    }
    let sink = MemorySink::default();
    // Links to articles not written yet are normal while writing: they are
    // warnings here, listed in the terminal and over the page.
    let built = pipeline::build_tree(&config, true, &sink, &cache, Some(&memo));
    if let Ok(mut files) = shared.snippet_files.lock() {
        files.clone_from(&built.snippet_files);
    }
    match built.complete {
        true if !built.diagnostics.has_errors() => {
            let tree = Arc::new(sink.into_tree());
            *memo = std::mem::take(&mut *memo).next(Arc::clone(&tree));
            let mut site = shared.lock_site();
            if superseded() {
                return;
            }
            *site = built.state;
            let previous = shared.snapshot();
            let base_path = config.base_url.path().to_owned();
            let changed = changed_addresses(&base_path, &tree, &previous);
            let warnings = built.diagnostics.without_hints();
            shared.publish(Snapshot {
                tree,
                error: None,
                generation: previous.generation + 1,
                changed,
                base_path,
                warnings: (!warnings.is_empty())
                    .then(|| diagnostics::render(&warnings, Format::Human { color: false })),
            });
            report(ServeEvent::Built {
                pages: built.pages,
                took: started.elapsed(),
                warnings: built.diagnostics.without_hints(),
            });
        }
        _ => failed(built.diagnostics),
    }
}
