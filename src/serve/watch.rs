//! Watching the site's sources: the content folder, `templates/`, `static/`,
//! `site.toml` and the snippet files pages include. Editors save in many ways (in place, a temporary file
//! renamed over the original, delete and recreate, swap files); any change
//! to a source path counts, editor scratch files do not, and a burst of
//! changes becomes one rebuild. When the system's watch limit is reached,
//! the watcher falls back to polling.
//!
//! A watched folder that is deleted and made again (a `git checkout`
//! does this) is watched again, and a site.toml that moves the content
//! folder moves the watch with it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::Config;

/// What the watcher tells the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Sources changed (these paths, deduplicated): rebuild.
    Changed(Vec<PathBuf>),
    /// Polling from now on, and why.
    Polling(String),
}

/// How long the sources must be quiet before a rebuild starts: long enough
/// for an editor's save (write, rename) to land as one change, short enough
/// not to be felt.
const QUIET: Duration = Duration::from_millis(25);
/// The longest a burst can delay a rebuild.
const MAX_DELAY: Duration = Duration::from_millis(800);
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The paths whose changes matter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sources {
    root: PathBuf,
    content: PathBuf,
    templates: PathBuf,
    statics: PathBuf,
    config: PathBuf,
    output: PathBuf,
    /// Snippet files the last build read (they may live anywhere in the site).
    snippets: Vec<PathBuf>,
}

impl Sources {
    fn new(config: &Config) -> Self {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let root = absolute(&config.root);
        Self {
            content: absolute(&config.content_dir),
            templates: root.join("templates"),
            statics: root.join("static"),
            // site.toml, or mkdocs.yml in a folder without one.
            config: root.join(config.settings_file),
            output: absolute(&config.output_dir),
            root,
            snippets: Vec::new(),
        }
    }

    /// The folders holding snippet files that no other watch covers.
    fn snippet_folders(&self) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = self
            .snippets
            .iter()
            .filter_map(|file| file.parent())
            .filter(|dir| {
                *dir != self.root
                    && ![&self.content, &self.templates, &self.statics]
                        .iter()
                        .any(|watched| dir.starts_with(watched))
            })
            .map(Path::to_path_buf)
            .collect();
        folders.sort();
        folders.dedup();
        folders
    }

    /// Whether a change to `path` should rebuild the site.
    fn is_relevant(&self, path: &Path) -> bool {
        if self.snippets.iter().any(|file| file == path) {
            return true;
        }
        if path.starts_with(&self.output) && self.output != self.root {
            return false;
        }
        let inside = [&self.content, &self.templates, &self.statics]
            .into_iter()
            .find(|dir| path.starts_with(dir));
        let relative = match inside {
            Some(dir) => path.strip_prefix(dir).unwrap_or(path),
            None if path == self.config => return true,
            // Creating or removing the templates/ or static/ folder itself.
            None => return path == self.templates || path == self.statics || path == self.content,
        };
        // awesome-pages `.pages` files order the sidebar.
        if relative.file_name().is_some_and(|name| name == ".pages") {
            return relative.parent().is_none_or(|dir| {
                !dir.components()
                    .any(|part| is_scratch(&part.as_os_str().to_string_lossy()))
            });
        }
        !relative
            .components()
            .any(|part| is_scratch(&part.as_os_str().to_string_lossy()))
    }
}

/// Editor scratch files and hidden files: swap files, backups, lock files.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Watches until `stop` is set, calling `on_signal` after each burst of changes.
///
/// `ready` is called once the watches are in place, so nothing saved after
/// it can be missed.
/// `reload` reads site.toml again after it changed (`None` when it is
/// invalid: the watch stays as it was).
pub fn run(
    config: &Config,
    reload: &dyn Fn() -> Option<Config>,
    snippet_files: &dyn Fn() -> Vec<PathBuf>,
    force_poll: bool,
    stop: &AtomicBool,
    ready: &dyn Fn(),
    on_signal: &dyn Fn(Signal),
) -> Result<(), String> {
    let mut sources = Sources::new(config);
    sources.snippets = snippet_files();
    let (sender, events) = channel::<notify::Result<notify::Event>>();
    let mut watcher: Box<dyn Watcher> = if force_poll {
        on_signal(Signal::Polling("--poll was given".into()));
        Box::new(poller(sender.clone())?)
    } else {
        match RecommendedWatcher::new(sender.clone(), notify::Config::default()) {
            Ok(watcher) => Box::new(watcher),
            Err(e) => {
                on_signal(Signal::Polling(format!(
                    "file notifications are unavailable ({e})"
                )));
                Box::new(poller(sender.clone())?)
            }
        }
    };
    let mut watched = Vec::new();
    if let Err(reason) = watch_all(watcher.as_mut(), &sources, &mut watched) {
        on_signal(Signal::Polling(reason));
        watcher = Box::new(poller(sender.clone())?);
        watched.clear();
        watch_all(watcher.as_mut(), &sources, &mut watched)?;
    }
    ready();
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        match wait_for_burst(&events, &sources, stop) {
            Some(paths) => {
                if paths.contains(&sources.config)
                    && let Some(config) = reload()
                {
                    let mut moved = Sources::new(&config);
                    moved.snippets = sources.snippets.clone();
                    if moved != sources {
                        for (path, _) in watched.drain(..) {
                            let _ = watcher.unwatch(&path);
                        }
                        sources = moved;
                    }
                }
                // Folders deleted and made again, or made after the start
                // (templates/, static/), are watched from now on.
                forget_replaced(watcher.as_mut(), &mut watched);
                on_signal(Signal::Changed(paths));
                // The rebuild just asked for may read other snippets; the
                // ones known now are watched (the list catches up by the
                // next change).
                sources.snippets = snippet_files();
                let _ = watch_all(watcher.as_mut(), &sources, &mut watched);
            }
            None => return Ok(()),
        }
    }
}

fn poller(
    sender: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<PollWatcher, String> {
    PollWatcher::new(
        sender,
        notify::Config::default().with_poll_interval(POLL_INTERVAL),
    )
    .map_err(|e| format!("cannot poll: {e}"))
}

/// Which folder a path is: a folder deleted and made again at the same
/// path is another folder, and its watch is gone with the old one.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

/// Drops the watches of folders that are gone or were made again, so
/// [`watch_all`] watches what is there now.
fn forget_replaced(watcher: &mut dyn Watcher, watched: &mut Vec<(PathBuf, Option<(u64, u64)>)>) {
    watched.retain(|(path, id)| {
        let same = identity(path) == *id;
        if !same {
            let _ = watcher.unwatch(path);
        }
        same
    });
}

/// Watches each source that exists and is not watched yet; an error says why
/// watching failed (for example the system's watch limit).
fn watch_all(
    watcher: &mut dyn Watcher,
    sources: &Sources,
    watched: &mut Vec<(PathBuf, Option<(u64, u64)>)>,
) -> Result<(), String> {
    let snippet_folders = sources.snippet_folders();
    let targets = [
        (&sources.root, RecursiveMode::NonRecursive),
        (&sources.content, RecursiveMode::Recursive),
        (&sources.templates, RecursiveMode::Recursive),
        (&sources.statics, RecursiveMode::Recursive),
    ]
    .into_iter()
    .chain(
        snippet_folders
            .iter()
            .map(|dir| (dir, RecursiveMode::NonRecursive)),
    );
    for (path, mode) in targets {
        if !path.is_dir() || watched.iter().any(|(p, _)| p == path) {
            continue;
        }
        let id = identity(path);
        match watcher.watch(path, mode) {
            Ok(()) => watched.push((path.clone(), id)),
            Err(error) => {
                let limit = matches!(error.kind, notify::ErrorKind::MaxFilesWatch)
                    || matches!(&error.kind, notify::ErrorKind::Io(io) if io.raw_os_error() == Some(28));
                return Err(if limit {
                    "the system's file watch limit is reached (fs.inotify.max_user_watches); polling instead".into()
                } else {
                    format!("cannot watch {}: {error}; polling instead", path.display())
                });
            }
        }
    }
    Ok(())
}

/// Waits for a relevant change, then for the burst around it to end; the
/// relevant paths that changed. `None` when told to stop.
fn wait_for_burst(
    events: &Receiver<notify::Result<notify::Event>>,
    sources: &Sources,
    stop: &AtomicBool,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        match events.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) if is_relevant(&event, sources) => {
                add_paths(&mut paths, &event, sources);
                break;
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) if !stop.load(Ordering::Relaxed) => {}
            Err(_) => return None,
        }
    }
    let started = Instant::now();
    let mut last = Instant::now();
    while last.elapsed() < QUIET && started.elapsed() < MAX_DELAY {
        match events.recv_timeout(QUIET.saturating_sub(last.elapsed())) {
            Ok(Ok(event)) if is_relevant(&event, sources) => {
                add_paths(&mut paths, &event, sources);
                last = Instant::now();
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(paths)
}

fn add_paths(paths: &mut Vec<PathBuf>, event: &notify::Event, sources: &Sources) {
    for path in &event.paths {
        if sources.is_relevant(path) && !paths.contains(path) {
            paths.push(path.clone());
        }
    }
}

fn is_relevant(event: &notify::Event, sources: &Sources) -> bool {
    !matches!(event.kind, EventKind::Access(_))
        && event.paths.iter().any(|p| sources.is_relevant(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> Sources {
        let root = PathBuf::from("/site");
        Sources {
            content: root.join("content"),
            templates: root.join("templates"),
            statics: root.join("static"),
            config: root.join("site.toml"),
            output: root.join("public"),
            root,
            snippets: vec![PathBuf::from("/site/includes/abbr.md")],
        }
    }

    #[test]
    fn sources_count_and_scratch_files_do_not() {
        let s = sources();
        assert!(s.is_relevant(Path::new("/site/content/a.md")));
        assert!(s.is_relevant(Path::new("/site/content/img/x.png")));
        assert!(s.is_relevant(Path::new("/site/templates/page.html")));
        assert!(s.is_relevant(Path::new("/site/site.toml")));
        assert!(!s.is_relevant(Path::new("/site/content/.a.md.swp")));
        assert!(!s.is_relevant(Path::new("/site/content/4913")));
        assert!(!s.is_relevant(Path::new("/site/content/a.md~")));
        assert!(!s.is_relevant(Path::new("/site/public/index.html")));
        assert!(!s.is_relevant(Path::new("/site/target/debug/x")));
        assert!(!s.is_relevant(Path::new("/site/README.md")));
        assert!(s.is_relevant(Path::new("/site/content/guide/.pages")));
        assert!(!s.is_relevant(Path::new("/site/content/.git/.pages")));
    }
}
