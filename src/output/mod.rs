//! The output tree, and writing it so a reader of the output folder only ever
//! sees a complete site: everything is written to a fresh folder beside the
//! target, which is then swapped in with one atomic rename.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// Every file of the built site, by forward-slash path relative to the output folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputTree {
    files: BTreeMap<String, OutputFile>,
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
        self.files.insert(path, OutputFile { bytes, origin });
        Ok(())
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

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
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

/// Refuses output folders whose replacement would destroy the user's sources.
pub fn check_target(output_dir: &Path, protected: &[&Path]) -> Result<(), OutputError> {
    let target = absolute(output_dir);
    for protected in protected {
        let protected = absolute(protected);
        if protected.starts_with(&target) {
            return Err(OutputError::UnsafeTarget {
                path: output_dir.to_path_buf(),
                reason: format!(
                    "it holds {}, which the build would replace",
                    protected.display()
                ),
            });
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.canonicalize().unwrap_or(path)
}

/// Writes the tree to a new folder beside `output_dir`, then swaps it in.
/// On any failure the previous output is left as it was.
pub fn write_atomically(tree: &OutputTree, output_dir: &Path) -> Result<(), OutputError> {
    let output_dir = std::path::absolute(output_dir).map_err(io_error(output_dir))?;
    let parent = output_dir.parent().unwrap_or(Path::new("/")).to_path_buf();
    std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = output_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.kbgen-new-"))
        .tempdir_in(&parent)
        .map_err(io_error(&parent))?;
    tree.files.par_iter().try_for_each(|(path, file)| {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        std::fs::write(&target, &file.bytes).map_err(io_error(&target))
    })?;
    // tempdir creates the folder 0700; a published site must be readable.
    set_public_permissions(staging.path())?;
    let staging = staging.keep();
    match swap_in(&staging, &output_dir) {
        Ok(Some(old)) => {
            // The new site is in place; failing to clean up the old one is not fatal.
            let _ = std::fs::remove_dir_all(old);
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(error)
        }
    }
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

/// Puts `staging` at `target`. Returns where the previous output now is, if
/// there was one, for the caller to delete.
fn swap_in(staging: &Path, target: &Path) -> Result<Option<PathBuf>, OutputError> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::rename(staging, target).map_err(io_error(target))?;
            Ok(None)
        }
        Err(e) => Err(io_error(target)(e)),
        Ok(meta) if !meta.is_dir() => Err(OutputError::UnsafeTarget {
            path: target.to_path_buf(),
            reason: "it exists and is not a folder".into(),
        }),
        Ok(_) => {
            exchange(staging, target)?;
            Ok(Some(staging.to_path_buf()))
        }
    }
}

/// Swaps two folders in one step where the system can (Linux `renameat2`),
/// so there is no moment without a complete site at `target`.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), OutputError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Some file systems lack RENAME_EXCHANGE; fall back to two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => exchange_by_renames(a, b),
        Err(e) => Err(io_error(b)(e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<(), OutputError> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(staging: &Path, target: &Path) -> Result<(), OutputError> {
    let parking = staging.with_extension("old");
    std::fs::rename(target, &parking).map_err(io_error(target))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&parking, target);
        return Err(io_error(target)(e));
    }
    std::fs::rename(&parking, staging).map_err(io_error(staging))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        let mut tree = OutputTree::default();
        for (path, text) in files {
            let _ = tree.insert((*path).to_owned(), text.as_bytes().to_vec(), *path);
        }
        tree
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
        write_atomically(&tree(&[("old.html", "old"), ("keep/x.html", "1")]), &out)?;
        write_atomically(&tree(&[("new.html", "new")]), &out)?;
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())?.collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
        Ok(())
    }

    #[test]
    fn refuses_to_replace_the_sources() {
        let dir = Path::new("/tmp/site");
        assert!(check_target(dir, &[&dir.join("content")]).is_err());
        assert!(check_target(&dir.join("public"), &[&dir.join("content")]).is_ok());
    }
}
