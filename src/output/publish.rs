//! Putting a staged site in place of the output folder. The usual way is
//! one atomic exchange of the two folders (Linux `renameat2`), so there is
//! no moment without a whole site. Where the folder itself cannot be
//! renamed — it is a mount point (a Docker volume: `EBUSY`), or a lower
//! layer of an overlay file system (`EXDEV`) — its contents are replaced
//! instead: every new file is put beside its old one and renamed over it,
//! one by one, and the files the new site no longer has are removed last.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{OutputError, io_error};

/// How the new site went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// The staging folder took the output folder's place.
    Swapped,
    /// The output folder could not be replaced, so its contents were; the
    /// reason says why, for a note to the user.
    InPlace { reason: String },
}

/// Puts `staging` at `target`, deleting the previous output. On failure
/// the staging folder is removed and the previous output is as it was
/// (or, in place, as whole as the file system allowed).
pub(super) fn publish(staging: &Path, target: &Path) -> Result<Published, OutputError> {
    match swap_in(staging, target) {
        Ok(Some(old)) => {
            // The new site is in place; failing to clean up the old one is not fatal.
            remove_in_parallel(&old);
            Ok(Published::Swapped)
        }
        Ok(None) => Ok(Published::Swapped),
        Err(Refused::Folder(source)) => {
            let reason = match source.raw_os_error() {
                Some(code) if code == rustix::io::Errno::BUSY.raw_os_error() => {
                    "it is a mount point".to_owned()
                }
                _ => "it cannot be renamed on its file system".to_owned(),
            };
            let replaced = replace_contents(staging, target);
            let _ = std::fs::remove_dir_all(staging);
            replaced.map(|()| Published::InPlace { reason })
        }
        Err(Refused::Other(error)) => {
            let _ = std::fs::remove_dir_all(staging);
            Err(error)
        }
    }
}

/// Why the folders could not be swapped.
enum Refused {
    /// The output folder cannot be moved (mount point, overlay layer).
    Folder(std::io::Error),
    Other(OutputError),
}

/// Whether a rename failed because the folder cannot move, not because of
/// something that would fail the in-place route too.
fn folder_cannot_move(error: &std::io::Error) -> bool {
    let code = error.raw_os_error();
    code == Some(rustix::io::Errno::BUSY.raw_os_error())
        || code == Some(rustix::io::Errno::XDEV.raw_os_error())
}

/// Puts `staging` at `target`. Returns where the previous output now is, if
/// there was one, for the caller to delete.
fn swap_in(staging: &Path, target: &Path) -> Result<Option<PathBuf>, Refused> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::rename(staging, target).map_err(|e| refused(e, target))?;
            Ok(None)
        }
        Err(e) => Err(Refused::Other(io_error(target)(e))),
        Ok(meta) if !meta.is_dir() => Err(Refused::Other(OutputError::UnsafeTarget {
            path: target.to_path_buf(),
            reason: "it exists and is not a folder".into(),
        })),
        Ok(_) => {
            exchange(staging, target)?;
            Ok(Some(staging.to_path_buf()))
        }
    }
}

fn refused(error: std::io::Error, target: &Path) -> Refused {
    if folder_cannot_move(&error) {
        Refused::Folder(error)
    } else {
        Refused::Other(io_error(target)(error))
    }
}

/// Swaps two folders in one step where the system can (Linux `renameat2`),
/// so there is no moment without a complete site at `target`.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<(), Refused> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Some file systems lack RENAME_EXCHANGE; fall back to two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => exchange_by_renames(a, b),
        Err(e) => Err(refused(e.into(), b)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<(), Refused> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(staging: &Path, target: &Path) -> Result<(), Refused> {
    // Named after the staging folder, so a stale one is recognised too.
    let mut parked_name = staging.file_name().unwrap_or_default().to_os_string();
    parked_name.push("-old");
    let parking = staging.with_file_name(parked_name);
    std::fs::rename(target, &parking).map_err(|e| refused(e, target))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&parking, target);
        return Err(refused(e, target));
    }
    std::fs::rename(&parking, staging).map_err(|e| Refused::Other(io_error(staging)(e)))
}

/// Replaces what `target` holds with what `staging` holds, file by file:
/// each new file is renamed over its old one (copied beside it first when
/// the two folders are on different file systems), then the old files the
/// new site does not have are removed.
pub(super) fn replace_contents(staging: &Path, target: &Path) -> Result<(), OutputError> {
    let mut kept: BTreeSet<PathBuf> = BTreeSet::new();
    for entry in WalkDir::new(staging).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| io_error(staging)(e.into()))?;
        let Ok(relative) = entry.path().strip_prefix(staging) else {
            continue;
        };
        let destination = target.join(relative);
        kept.insert(relative.to_path_buf());
        if entry.file_type().is_dir() {
            make_folder(&destination)?;
        } else {
            put_file(entry.path(), &destination)?;
        }
    }
    remove_all_but(target, &kept);
    Ok(())
}

/// A folder at `path`, replacing an old file of that name.
fn make_folder(path: &Path) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => std::fs::remove_file(path).map_err(io_error(path))?,
        Err(_) => {}
    }
    std::fs::create_dir(path).map_err(io_error(path))
}

/// Moves `from` to `to` in one rename, over whatever file is there.
fn put_file(from: &Path, to: &Path) -> Result<(), OutputError> {
    if std::fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(to).map_err(io_error(to))?;
    }
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if folder_cannot_move(&e) => {
            // Another file system: copy beside the old file, then rename.
            let name = to.file_name().map(|n| n.to_string_lossy().into_owned());
            let beside = to.with_file_name(format!(".{}.kbgen-new", name.unwrap_or_default()));
            std::fs::copy(from, &beside).map_err(io_error(&beside))?;
            std::fs::rename(&beside, to).map_err(|e| {
                let _ = std::fs::remove_file(&beside);
                io_error(to)(e)
            })
        }
        Err(e) => Err(io_error(to)(e)),
    }
}

/// Removes everything below `target` that is not in `kept` (relative paths).
fn remove_all_but(target: &Path, kept: &BTreeSet<PathBuf>) {
    let mut stale = Vec::new();
    for entry in WalkDir::new(target).min_depth(1).contents_first(true) {
        let Ok(entry) = entry else { continue };
        let Ok(relative) = entry.path().strip_prefix(target) else {
            continue;
        };
        if !kept.contains(relative) {
            stale.push((entry.path().to_path_buf(), entry.file_type().is_dir()));
        }
    }
    for (path, is_dir) in stale {
        let _ = if is_dir {
            std::fs::remove_dir(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Deletes a folder, its top-level entries in parallel (an old site has
/// thousands of files, and deleting them is most of a publish).
fn remove_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|path| {
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, files: &[(&str, &str)]) -> std::io::Result<()> {
        for (path, text) in files {
            let path = root.join(path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(())
    }

    #[test]
    fn two_renames_swap_the_folders_and_leave_no_parking() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let staging = dir.path().join(".public.kbgen-new-1-x");
        let target = dir.path().join("public");
        write(&staging, &[("index.html", "new")])?;
        write(&target, &[("index.html", "old")])?;
        if exchange_by_renames(&staging, &target).is_err() {
            return Err("the renames failed".into());
        }
        assert_eq!(std::fs::read_to_string(target.join("index.html"))?, "new");
        assert_eq!(std::fs::read_to_string(staging.join("index.html"))?, "old");
        assert_eq!(
            std::fs::read_dir(dir.path())?.count(),
            2,
            "no parking folder left"
        );
        Ok(())
    }

    #[test]
    fn contents_are_replaced_file_by_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let (staging, target) = (dir.path().join("new"), dir.path().join("out"));
        write(
            &target,
            &[
                ("index.html", "old"),
                ("gone.html", "x"),
                ("a/index.html", "old a"),
                ("b", "file"),
                ("c/d.txt", "dir"),
            ],
        )?;
        write(
            &staging,
            &[
                ("index.html", "new"),
                ("a/index.html", "new a"),
                ("b/index.html", "folder now"),
                ("c", "file now"),
            ],
        )?;
        replace_contents(&staging, &target)?;
        let mut files: Vec<String> = WalkDir::new(&target)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                e.path()
                    .strip_prefix(&target)
                    .ok()
                    .map(|p| p.display().to_string())
            })
            .collect();
        files.sort();
        assert_eq!(files, ["a/index.html", "b/index.html", "c", "index.html"]);
        assert_eq!(std::fs::read_to_string(target.join("index.html"))?, "new");
        assert_eq!(
            std::fs::read_to_string(target.join("b/index.html"))?,
            "folder now"
        );
        Ok(())
    }
}
