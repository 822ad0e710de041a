//! Skipping a build whose output is already in place. A build is a pure
//! function of its inputs (the kbgen binary, its options, site.toml, the
//! content folder, the site's templates and static files), so after a
//! successful build kbgen records a hash of those inputs together with a
//! listing of the output folder it published (path, size, modification
//! time of every file). The next build with the same inputs, finding the
//! output folder exactly as listed, has nothing to write; it replays the
//! last build's warnings instead, the way cargo replays compiler warnings.
//!
//! Inputs are hashed by content, not by modification time, so a fresh CI
//! checkout with a kept cache folder is recognised. Anything unexpected
//! (an unreadable file, a changed or extra output file, a damaged record)
//! means a full build: the record can only skip work, never change output.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::pipeline::BuildOptions;
use crate::theme;

const RECORD_FILE: &str = "last-build.json";
/// Bumped when the record's meaning changes.
const RECORD_FORMAT: u32 = 3;

/// What a build read: the hash of its inputs, and the snippet files among them.
#[derive(Debug)]
pub struct Inputs {
    pub hash: String,
    pub snippet_files: Vec<PathBuf>,
}

/// What a successful build read and wrote.
#[derive(Debug, Serialize, Deserialize)]
pub struct LastBuild {
    format: u32,
    /// Hex of the inputs' hash.
    inputs: String,
    /// Snippet files the build read besides the folders it walks.
    #[serde(default)]
    snippet_files: Vec<PathBuf>,
    output_dir: PathBuf,
    /// Every file of the published folder, sorted by path.
    files: Vec<OutputFile>,
    pub pages: usize,
    /// The warnings the build reported.
    diagnostics: Vec<StoredDiagnostic>,
    /// How many hints it had (a build only says how many; `check` shows them).
    pub hints: usize,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct OutputFile {
    path: String,
    size: u64,
    modified_ns: u64,
}

/// A diagnostic as stored: the source is kept only up to the end of the
/// line the problem is on (enough to show it, and the line numbers stay
/// right), and not at all for hints, which `build` only counts.
#[derive(Debug, Serialize, Deserialize)]
struct StoredDiagnostic {
    severity: u8,
    code: String,
    message: String,
    help: Option<String>,
    path: Option<PathBuf>,
    source: Option<String>,
    span: Option<Range<usize>>,
}

/// The hash of everything a build of `config` with `options` reads; `None`
/// when some input cannot be read (the build will report it).
pub fn inputs_hash(
    config: &Config,
    options: &BuildOptions,
    snippet_files: &[PathBuf],
) -> Option<String> {
    let mut problems = Diagnostics::new();
    let tree = content::walk::walk(config, &mut problems);
    // A markdown file over the limit fails the build: nothing to hash.
    let oversized = tree.markdown.iter().any(|f| {
        std::fs::metadata(&f.abs_path).is_ok_and(|m| m.len() > content::MAX_MARKDOWN_BYTES)
    });
    if oversized {
        return None;
    }
    let mut files: Vec<(String, PathBuf)> = tree
        .markdown
        .iter()
        .map(|f| (format!("content/{}", f.rel_path), f.abs_path.clone()))
        .chain(
            tree.assets
                .iter()
                .map(|a| (format!("content/{}", a.rel_path), a.abs_path.clone())),
        )
        .collect();
    for folder in ["templates", "static"] {
        for (name, path) in theme::site_files(&config.root, folder, &mut problems) {
            files.push((format!("{folder}/{name}"), path));
        }
    }
    // site.toml, or the mkdocs.yml read in its place.
    files.push((
        config.settings_file.to_owned(),
        config.root.join(config.settings_file),
    ));
    // Warnings (a link left out) are the build's to report; only a walk
    // that failed leaves the inputs unknown.
    if problems.has_errors() {
        return None;
    }
    files.sort();
    // A snippet that is gone is an input that changed, not an unknown one.
    for path in snippet_files {
        files.push((format!("snippet:{}", path.display()), path.clone()));
    }
    let hashes: Vec<Option<blake3::Hash>> = files
        .par_iter()
        .map(|(name, path)| match hash_file(path) {
            None if name.starts_with("snippet:") => Some(blake3::hash(b"missing")),
            hash => hash,
        })
        .collect();
    let mut hasher = blake3::Hasher::new();
    hasher.update(kbgen_identity().as_bytes());
    hasher.update(
        format!(
            "{:?}\0{}\0{}\0{}\0",
            options.overrides,
            options.allow_broken_links,
            config.output_dir.display(),
            config.root.join("mkdocs.yml").is_file()
        )
        .as_bytes(),
    );
    for ((name, _), hash) in files.iter().zip(hashes) {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(hash?.as_bytes());
    }
    Some(hasher.finalize().to_hex().to_string())
}

/// A file's hash, read in pieces: a large asset is never held whole.
fn hash_file(path: &Path) -> Option<blake3::Hash> {
    let file = std::fs::File::open(path).ok()?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file).ok()?;
    Some(hasher.finalize())
}

/// The version and the executable itself: a rebuilt kbgen of the same
/// version may render differently.
fn kbgen_identity() -> String {
    let executable = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    format!("kbgen {} {executable}", env!("CARGO_PKG_VERSION"))
}

impl LastBuild {
    /// The record in `cache_dir`, if there is a readable one.
    pub fn load(cache_dir: &Path) -> Option<LastBuild> {
        let text = std::fs::read(cache_dir.join(RECORD_FILE)).ok()?;
        let record: LastBuild = serde_json::from_slice(&text).ok()?;
        (record.format == RECORD_FORMAT).then_some(record)
    }

    /// Whether a build with inputs hashing to `inputs` would write exactly
    /// what `output_dir` holds now.
    pub fn is_current(&self, inputs: &str, output_dir: &Path) -> bool {
        self.inputs == inputs
            && self.output_dir == output_dir
            && list_output(output_dir).is_some_and(|files| files == self.files)
    }

    /// How many files the output folder holds.
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// The warnings and hints of the build that made the output.
    /// The warnings to report again (hints are only counted: [`LastBuild::hints`]).
    pub fn diagnostics(&self) -> Diagnostics {
        self.diagnostics
            .iter()
            .map(StoredDiagnostic::restore)
            .collect()
    }

    /// Whether this record's build published `output_dir` (an output of a
    /// kbgen from before the output marker is recognised by this).
    pub fn published(&self, output_dir: &Path) -> bool {
        self.output_dir == output_dir
    }

    /// The snippet files the recorded build read.
    pub fn snippet_files(&self) -> &[PathBuf] {
        &self.snippet_files
    }

    /// Records a build that just published `output_dir`.
    pub fn save(
        cache_dir: &Path,
        inputs: Inputs,
        output_dir: &Path,
        pages: usize,
        diagnostics: &Diagnostics,
    ) -> std::io::Result<()> {
        let files = list_output(output_dir)
            .ok_or_else(|| std::io::Error::other("cannot list the output folder"))?;
        let record = LastBuild {
            format: RECORD_FORMAT,
            inputs: inputs.hash,
            snippet_files: inputs.snippet_files,
            output_dir: output_dir.to_path_buf(),
            files,
            pages,
            diagnostics: diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Hint)
                .map(StoredDiagnostic::store)
                .collect(),
            hints: diagnostics.count(Severity::Hint),
        };
        std::fs::create_dir_all(cache_dir)?;
        let file = cache_dir.join(RECORD_FILE);
        let temporary = file.with_extension("json.tmp");
        std::fs::write(&temporary, serde_json::to_vec(&record)?)?;
        std::fs::rename(&temporary, &file)
    }

    /// Forgets the record (before a build replaces the output it describes).
    pub fn forget(cache_dir: &Path) {
        let _ = std::fs::remove_file(cache_dir.join(RECORD_FILE));
    }
}

/// Every file below `dir`, sorted; `None` if any entry cannot be read or is
/// not a plain file or folder.
fn list_output(dir: &Path) -> Option<Vec<OutputFile>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return None;
        }
        let metadata = entry.metadata().ok()?;
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        let path = entry.path().strip_prefix(dir).ok()?;
        files.push(OutputFile {
            path: path.to_string_lossy().replace('\\', "/"),
            size: metadata.len(),
            modified_ns: u64::try_from(modified.as_nanos()).ok()?,
        });
    }
    Some(files)
}

impl StoredDiagnostic {
    fn store(diagnostic: &Diagnostic) -> Self {
        let location = diagnostic.location.as_deref();
        let shown = diagnostic.severity != Severity::Hint;
        let span = location.and_then(|l| l.span.clone()).filter(|_| shown);
        let source = location
            .and_then(|l| l.source.as_deref())
            .filter(|_| shown)
            .map(|text| {
                let end = span.as_ref().map_or(0, |s| s.end).min(text.len());
                let line_end = text
                    .get(end..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(text.len(), |i| end + i);
                text.get(..line_end).unwrap_or(text).to_owned()
            });
        Self {
            severity: match diagnostic.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Hint => 2,
            },
            code: diagnostic.code.to_string(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            path: location.map(|l| l.path.clone()),
            source,
            span,
        }
    }

    fn restore(&self) -> Diagnostic {
        let severity = match self.severity {
            0 => Severity::Error,
            1 => Severity::Warning,
            _ => Severity::Hint,
        };
        Diagnostic {
            severity,
            code: Cow::Owned(self.code.clone()),
            message: self.message.clone(),
            location: self.path.as_ref().map(|path| {
                Box::new(Location {
                    path: path.clone(),
                    source: self.source.as_deref().map(Arc::from),
                    span: self.span.clone(),
                })
            }),
            help: self.help.clone(),
        }
    }
}
