//! Where a build's files go, and publishing them so a reader of the output
//! folder only ever sees a complete site: everything is written to a fresh
//! folder beside the target as it is rendered (so the whole site never sits
//! in memory), and that folder is swapped in with one atomic rename once the
//! build has no errors. `serve` keeps the files in memory instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diagnostics::{Diagnostic, SourceText};

pub mod path;
mod publish;
mod target;

pub use publish::Published;
pub use target::{MARKER, SiteFolders, check_target};

/// Where a build puts its files. Two files at one path are an error naming both.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic>;

    /// Copies the file at `from` to `path`. Sinks that write to disk
    /// stream it (a large asset is never held whole); the default reads it.
    fn copy(&self, path: String, from: &Path, origin: Origin) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| cannot_read(from, &e))?;
        self.put(path, bytes, origin)
    }
}

fn cannot_read(from: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("read", format!("cannot read file: {error}")).in_file(from)
}

/// What an output file is made from: a name for messages and, for a page,
/// the place in its source that decides its path (the `slug` line, or the
/// file's first line), where a clash is reported.
#[derive(Debug, Clone)]
pub struct Origin {
    pub label: String,
    source: Option<(SourceText, std::ops::Range<usize>)>,
}

impl Origin {
    /// A page's output, reported at `span` of its source.
    pub fn page(source: &SourceText, span: std::ops::Range<usize>) -> Self {
        Self {
            label: source.path.display().to_string(),
            source: Some((source.clone(), span)),
        }
    }

    /// Places `diagnostic` at this origin's source, if it has one.
    fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        match &self.source {
            Some((source, span)) => diagnostic.at(source, span.clone()),
            None => diagnostic,
        }
    }
}

impl From<String> for Origin {
    fn from(label: String) -> Self {
        Self {
            label,
            source: None,
        }
    }
}

impl From<&str> for Origin {
    fn from(label: &str) -> Self {
        label.to_owned().into()
    }
}

/// The paths handed out so far and what made each, to report clashes: two
/// files at one path, or a file where another file needs a folder
/// (`sitemap.xml` and `sitemap.xml/index.html`). Every path is checked by
/// [`path::check_path`] first.
#[derive(Debug, Default)]
struct Registry {
    claims: Mutex<Claims>,
}

#[derive(Debug, Default)]
struct Claims {
    files: BTreeMap<String, Origin>,
    /// Each folder some file lies in, with the first file's origin.
    folders: BTreeMap<String, Origin>,
}

impl Registry {
    fn claim(&self, path: &str, origin: &Origin) -> Result<(), Diagnostic> {
        path::check_path(path).map_err(|reason| {
            origin.locate(Diagnostic::error(
                "output-path",
                format!("`{}` cannot be written: {reason}", origin.label),
            ))
        })?;
        let mut claims = self
            .claims
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(existing) = claims.files.get(path) {
            return Err(clash(existing, origin, path));
        }
        if let Some(existing) = claims.folders.get(path) {
            return Err(file_over_folder(origin, path, existing));
        }
        let folders: Vec<&str> = path
            .match_indices('/')
            .filter_map(|(at, _)| path.get(..at))
            .collect();
        for folder in &folders {
            if let Some(existing) = claims.files.get(*folder) {
                return Err(file_over_folder(existing, folder, origin));
            }
        }
        for folder in folders {
            if !claims.folders.contains_key(folder) {
                claims.folders.insert(folder.to_owned(), origin.clone());
            }
        }
        claims.files.insert(path.to_owned(), origin.clone());
        Ok(())
    }

    fn len(&self) -> usize {
        self.claims.lock().map_or(0, |c| c.files.len())
    }
}

/// The same message whichever file came first: files are written from
/// several threads at once.
fn clash(one: &Origin, other: &Origin, path: &str) -> Diagnostic {
    let (first, second) = if one.label <= other.label {
        (one, other)
    } else {
        (other, one)
    };
    let diagnostic = Diagnostic::error(
        "output-clash",
        format!(
            "`{}` and `{}` would both be written to `{path}`",
            first.label, second.label
        ),
    )
    .with_help("rename one of them");
    located_at_either(diagnostic, first, second)
}

/// `file` writes the file `path`, where `folder` needs a folder.
fn file_over_folder(file: &Origin, path: &str, folder: &Origin) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "output-clash",
        format!(
            "`{}` would be written to the file `{path}`, where `{}` needs a folder of that name",
            file.label, folder.label
        ),
    )
    .with_help("rename one of them (or give the page another `slug`)");
    // Ordered by label, so the place does not depend on which came first.
    let (first, second) = if file.label <= folder.label {
        (file, folder)
    } else {
        (folder, file)
    };
    located_at_either(diagnostic, first, second)
}

fn located_at_either(diagnostic: Diagnostic, first: &Origin, second: &Origin) -> Diagnostic {
    if first.source.is_some() {
        first.locate(diagnostic)
    } else {
        second.locate(diagnostic)
    }
}

/// Keeps the files in memory (for `serve`).
#[derive(Debug, Default)]
pub struct MemorySink {
    registry: Registry,
    tree: Mutex<OutputTree>,
}

impl MemorySink {
    pub fn into_tree(self) -> OutputTree {
        self.tree
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        self.registry.claim(&path, &origin)?;
        self.tree
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, bytes, origin.label)
    }
}

/// Keeps only the paths (for `check`, which writes nothing).
#[derive(Debug, Default)]
pub struct PathsOnly {
    registry: Registry,
}

impl Sink for PathsOnly {
    fn put(&self, path: String, _bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        self.registry.claim(&path, &origin)
    }

    fn copy(&self, path: String, from: &Path, origin: Origin) -> Result<(), Diagnostic> {
        // Nothing is written, but an unreadable file is still a problem.
        std::fs::File::open(from).map_err(|e| cannot_read(from, &e))?;
        self.registry.claim(&path, &origin)
    }
}

/// Writes files into a hidden folder beside the output folder as they come;
/// [`StagingSink::publish`] swaps it in. Dropped unpublished, it is deleted
/// and the previous output is untouched.
#[derive(Debug)]
pub struct StagingSink {
    staging: tempfile::TempDir,
    /// The folders made to hold the output, removed again (after the
    /// staging folder) unless the site is published.
    made: MadeFolders,
    /// Removes the staging folder if the build is interrupted.
    _interrupt: crate::leftovers::Temporary,
    target: PathBuf,
    registry: Registry,
    /// The first failure to write, reported when publishing.
    failure: Mutex<Option<OutputError>>,
}

impl StagingSink {
    /// A fresh staging folder beside `output_dir`.
    pub fn new(output_dir: &Path) -> Result<Self, OutputError> {
        let target = std::path::absolute(output_dir).map_err(io_error(output_dir))?;
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let made = MadeFolders::create(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        // Staging folders of builds that were killed are removed first;
        // the name carries the process id that tells which are stale.
        let prefix = format!(".{name}.kbgen-new-");
        crate::leftovers::remove_stale(&parent, &prefix);
        let staging = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}", crate::leftovers::owner_tag()))
            .tempdir_in(&parent)
            .map_err(io_error(&parent))?;
        let interrupt = crate::leftovers::Temporary::register(staging.path());
        let marker = staging.path().join(MARKER);
        std::fs::write(&marker, target::MARKER_TEXT).map_err(io_error(&marker))?;
        Ok(Self {
            staging,
            made,
            _interrupt: interrupt,
            target,
            registry: Registry::default(),
            failure: Mutex::new(None),
        })
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.registry.len()
    }

    /// Puts the staged site in place of the output folder.
    pub fn publish(mut self) -> Result<Published, OutputError> {
        if let Some(failure) = self
            .failure
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            return Err(failure);
        }
        // tempdir creates the folder 0700; a published site must be readable.
        set_public_permissions(self.staging.path())?;
        let staging = self.staging.keep();
        let published = publish::publish(&staging, &self.target)?;
        self.made.keep();
        Ok(published)
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let target = self.staging.path().join(path);
        stop_if_interrupted(&target)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        std::fs::write(&target, bytes).map_err(io_error(&target))
    }
}

impl Sink for StagingSink {
    fn put(&self, path: String, bytes: Vec<u8>, origin: Origin) -> Result<(), Diagnostic> {
        self.registry.claim(&path, &origin)?;
        let written = self.write(&path, &bytes);
        self.note_failure(written);
        Ok(())
    }

    fn copy(&self, path: String, from: &Path, origin: Origin) -> Result<(), Diagnostic> {
        self.registry.claim(&path, &origin)?;
        let copied = self.copy_file(&path, from);
        self.note_failure(copied);
        Ok(())
    }
}

impl StagingSink {
    fn copy_file(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        let target = self.staging.path().join(path);
        stop_if_interrupted(&target)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        match std::fs::copy(from, &target) {
            Ok(_) => Ok(()),
            // The source is the user's: say which file could not be read.
            Err(e) if !from.is_file() => Err(io_error(from)(e)),
            Err(e) => Err(io_error(&target)(e)),
        }
    }

    /// Keeps the first failure to write, reported when publishing.
    fn note_failure(&self, result: Result<(), OutputError>) {
        if let Err(error) = result {
            let mut failure = self
                .failure
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            failure.get_or_insert(error);
        }
    }
}

/// Every file of the built site, by forward-slash path relative to the output folder.
/// Cloning shares the files (serve copies the tree to swap one page).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputTree {
    files: BTreeMap<String, Arc<OutputFile>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct OutputFile {
    bytes: Vec<u8>,
    /// What produced it, for naming both sides of a clash.
    origin: String,
}

impl OutputTree {
    /// Adds a file; a second file at the same path is an error naming both origins.
    pub fn insert(
        &mut self,
        path: String,
        bytes: Vec<u8>,
        origin: impl Into<String>,
    ) -> Result<(), Diagnostic> {
        let origin = origin.into();
        if let Some(existing) = self.files.get(&path) {
            return Err(Diagnostic::error(
                "output-clash",
                format!(
                    "`{}` and `{origin}` would both be written to `{path}`",
                    existing.origin
                ),
            )
            .with_help("rename one of them"));
        }
        self.files
            .insert(path, Arc::new(OutputFile { bytes, origin }));
        Ok(())
    }

    /// Puts new bytes at a path the tree already has; `false` if it has not.
    pub fn replace(&mut self, path: &str, bytes: Vec<u8>) -> bool {
        match self.files.get_mut(path) {
            Some(file) => {
                let origin = file.origin.clone();
                *file = Arc::new(OutputFile { bytes, origin });
                true
            }
            None => false,
        }
    }

    /// The paths whose bytes differ from `previous`'s, or that only one of
    /// the two has, in order.
    pub fn changed_since<'a>(&'a self, previous: &'a OutputTree) -> Vec<&'a str> {
        let mut changed: Vec<&'a str> = self
            .files
            .iter()
            .filter(|(path, file)| {
                previous
                    .files
                    .get(*path)
                    .is_none_or(|old| !Arc::ptr_eq(old, file) && old.bytes != file.bytes)
            })
            .map(|(path, _)| path.as_str())
            .collect();
        changed.extend(
            previous
                .files
                .keys()
                .filter(|path| !self.files.contains_key(*path))
                .map(String::as_str),
        );
        changed.sort_unstable();
        changed
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|f| f.bytes.as_slice())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A failure of the environment while writing the site.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write the site to {}: {reason}", path.display())]
    UnsafeTarget { path: PathBuf, reason: String },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folders a build made on the way to its output folder: a build that
/// publishes nothing leaves none of them behind.
#[derive(Debug, Default)]
struct MadeFolders {
    /// Deepest first.
    folders: Vec<PathBuf>,
}

impl MadeFolders {
    /// Makes `dir` and whichever of its parents are missing.
    fn create(dir: &Path) -> Result<Self, OutputError> {
        let mut folders: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|folder| !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        folders.retain(|folder| folder.is_dir());
        Ok(Self { folders })
    }

    /// The site went in: the folders stay.
    fn keep(&mut self) {
        self.folders.clear();
    }
}

impl Drop for MadeFolders {
    fn drop(&mut self) {
        for folder in &self.folders {
            // Only if empty: anything else put there since is not ours.
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// Writes nothing more once the build is being interrupted.
fn stop_if_interrupted(target: &Path) -> Result<(), OutputError> {
    if crate::leftovers::interrupted() {
        return Err(io_error(target)(std::io::Error::from(
            std::io::ErrorKind::Interrupted,
        )));
    }
    Ok(())
}

#[cfg(unix)]
fn set_public_permissions(dir: &Path) -> Result<(), OutputError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).map_err(io_error(dir))
}

#[cfg(not(unix))]
fn set_public_permissions(_dir: &Path) -> Result<(), OutputError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publish(files: &[(&str, &str)], out: &Path) -> Result<(), Box<dyn std::error::Error>> {
        let sink = StagingSink::new(out)?;
        for (path, text) in files {
            sink.put((*path).to_owned(), text.as_bytes().to_vec(), (*path).into())
                .map_err(|d| d.message)?;
        }
        sink.publish()?;
        Ok(())
    }

    #[test]
    fn clash_names_both_origins() {
        let mut tree = OutputTree::default();
        assert!(tree.insert("a/index.html".into(), vec![], "a.md").is_ok());
        let error = tree
            .insert("a/index.html".into(), vec![], "a/index.md")
            .err();
        assert!(
            error.is_some_and(|e| e.message.contains("a.md") && e.message.contains("a/index.md"))
        );
    }

    #[test]
    fn replaces_previous_output_completely() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("public");
        publish(&[("old.html", "old"), ("keep/x.html", "1")], &out)?;
        publish(&[("new.html", "new")], &out)?;
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())?.collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
        Ok(())
    }

    #[test]
    fn an_unpublished_staging_folder_leaves_the_old_output()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("public");
        publish(&[("a.html", "old")], &out)?;
        let sink = StagingSink::new(&out)?;
        sink.put("a.html".into(), b"new".to_vec(), "a".into())
            .map_err(|d| d.message)?;
        drop(sink);
        assert_eq!(std::fs::read_to_string(out.join("a.html"))?, "old");
        assert_eq!(
            std::fs::read_dir(dir.path())?.count(),
            1,
            "the staging folder is gone"
        );
        Ok(())
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_a_clash() {
        for order in [
            ["sitemap.xml", "sitemap.xml/index.html"],
            ["sitemap.xml/index.html", "sitemap.xml"],
        ] {
            let registry = Registry::default();
            assert!(registry.claim(order[0], &order[0].into()).is_ok());
            let error = registry.claim(order[1], &order[1].into()).err();
            assert!(
                error.is_some_and(|e| e.message.contains("needs a folder")),
                "{order:?}"
            );
        }
    }

    #[test]
    fn escaping_paths_are_refused_by_every_sink() {
        let memory = MemorySink::default();
        let paths = PathsOnly::default();
        for bad in [
            "../../../index.html",
            "tags/../../x",
            "tags/./index.html",
            "a/\0/b",
        ] {
            assert!(memory.put(bad.into(), vec![], "t".into()).is_err(), "{bad}");
            assert!(paths.put(bad.into(), vec![], "t".into()).is_err(), "{bad}");
        }
        assert!(memory.into_tree().is_empty());
    }

    #[test]
    fn every_output_is_marked() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("public");
        publish(&[("a.html", "a")], &out)?;
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER))?,
            target::MARKER_TEXT
        );
        Ok(())
    }
}
