//! Temporary files and folders a build makes (the staging folder beside
//! the output, the cache file being written) are removed however the build
//! ends: on success or failure by their owners, on Ctrl-C or SIGTERM by the
//! handler here, and after a kill (which nothing can catch) by the next
//! build, which recognises them by name: each carries the process id of
//! the build that made it, and one whose process is gone is stale.
//!
//! The handler needs a list of what is in progress that any thread can
//! reach, so this is the one place kbgen keeps process-wide state.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether the process is being interrupted: writers stop, so that what
/// the handler removes is not made again behind it.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

fn in_progress() -> &'static Mutex<BTreeSet<PathBuf>> {
    static PATHS: OnceLock<Mutex<BTreeSet<PathBuf>>> = OnceLock::new();
    PATHS.get_or_init(|| Mutex::new(BTreeSet::new()))
}

/// A temporary path removed if the process is interrupted while the guard
/// lives; dropping the guard forgets it (its owner cleans up).
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
}

impl Temporary {
    pub fn register(path: &Path) -> Self {
        if let Ok(mut paths) = in_progress().lock() {
            paths.insert(path.to_path_buf());
        }
        Self {
            path: path.to_path_buf(),
        }
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Ok(mut paths) = in_progress().lock() {
            paths.remove(&self.path);
        }
    }
}

/// Removes every temporary path in progress (called on SIGINT/SIGTERM).
pub fn remove_in_progress() {
    let paths = match in_progress().lock() {
        Ok(paths) => paths.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for path in paths {
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Removes stale temporary paths: the entries of `dir` whose names start
/// with `prefix` followed by a process id and `-`, where that process is
/// no longer running. Returns how many went.
pub fn remove_stale(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || process_is_running(pid) {
            continue;
        }
        let path = entry.path();
        let gone = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Removes the temporaries in progress when the process gets SIGINT or
/// SIGTERM, then exits with 130 (the shell's code for an interrupt).
/// Installing twice is harmless.
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        remove_in_progress();
        // A write that began before the flag was set may have made a
        // folder again; by now it has finished.
        std::thread::sleep(std::time::Duration::from_millis(50));
        remove_in_progress();
        std::process::exit(130);
    });
}

/// The name part that ties a temporary path to this process: `PID-`.
pub fn owner_tag() -> String {
    format!("{}-", std::process::id())
}

#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists, but belongs to someone else.
        Err(rustix::io::Errno::PERM) => true,
        Err(_) => false,
    }
}

/// Without a way to ask, every owner counts as running: nothing is removed.
#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_ended_processes_are_stale() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        // A process id that cannot be running: beyond the kernel's limit.
        let ended = dir.path().join(".public.kbgen-new-4194999-abc");
        let running = dir
            .path()
            .join(format!(".public.kbgen-new-{}", owner_tag()));
        let unrelated = dir.path().join(".public.kbgen-new-notapid");
        for folder in [&ended, &running, &unrelated] {
            std::fs::create_dir_all(folder.join("sub"))?;
        }
        let removed = remove_stale(dir.path(), ".public.kbgen-new-");
        assert_eq!(removed, 1);
        assert!(!ended.exists());
        assert!(running.exists() && unrelated.exists());
        Ok(())
    }

    #[test]
    fn registered_paths_are_removed_on_interrupt() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let folder = dir.path().join("staging");
        std::fs::create_dir_all(folder.join("x"))?;
        let file = dir.path().join("cache.tmp");
        std::fs::write(&file, "x")?;
        let _folder = Temporary::register(&folder);
        let kept = Temporary::register(&file);
        drop(kept);
        remove_in_progress();
        assert!(!folder.exists());
        assert!(file.exists(), "a dropped guard is forgotten");
        Ok(())
    }
}
