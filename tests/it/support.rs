//! A small builder for integration tests: writes a site into a temporary
//! folder, runs the real `kbgen` binary on it, and captures what it printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What one run of `kbgen` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stderr without the timing line, which differs between runs.
    pub fn problems(&self) -> String {
        self.stderr
            .lines()
            .filter(|line| !line.starts_with("built "))
            .map(|line| format!("{line}\n"))
            .collect()
    }

    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\nstderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit status\nstderr:\n{}", self.stderr);
        self
    }
}

pub const SITE_TOML: &str = "title = \"Test KB\"\nbase_url = \"https://example.org/\"\n";

impl TestSite {
    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        }
    }

    /// A folder with a minimal site.toml.
    pub fn new() -> Self {
        Self::empty().file("site.toml", SITE_TOML)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders), returning the site for chaining.
    pub fn file(self, path: &str, contents: &str) -> Self {
        self.bytes(path, contents.as_bytes())
    }

    pub fn bytes(self, path: &str, contents: &[u8]) -> Self {
        let full = self.dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        std::fs::write(&full, contents).unwrap_or_else(|e| panic!("write {}: {e}", full.display()));
        self
    }

    /// Runs `kbgen ARGS` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }

    /// Runs `kbgen build` (plus ARGS) in the site's folder.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Reads an output or source file as text.
    #[track_caller]
    pub fn read(&self, path: &str) -> String {
        let full = self.dir.path().join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("read {}: {e}", full.display()))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.dir.path().join(path).exists()
    }

    /// The `<main>` element of an output page: what a page's content snapshot shows.
    #[track_caller]
    pub fn main_of(&self, path: &str) -> String {
        let html = self.read(path);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("no <main> in {path}"));
        let end = html
            .find("</main>")
            .map_or(html.len(), |e| e + "</main>".len());
        html.get(start..end).unwrap_or_default().to_owned()
    }
}

/// Runs `kbgen` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run kbgen: {e}"));
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Starts `kbgen build` in `dir` without waiting for it, its output
/// discarded (for tests that stop a build midway).
pub fn spawn_build(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .arg("build")
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run kbgen: {e}"))
}

/// The repository root (the bundled guide's site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// All files below `dir`, as sorted relative paths.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    files
}

/// Data from `../shared/` (our first user's corpus, the admonition cases),
/// which CI has beside the checkout and a fresh clone does not. `env_var`
/// points elsewhere. When the folder is absent the calling test is skipped
/// with one line on the terminal, unless `KBGEN_REQUIRE_SHARED` is set (CI's
/// main run sets it, so a missing folder there fails instead of passing).
pub fn shared_data(relative: &str, env_var: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(env_var) {
        return Some(PathBuf::from(dir));
    }
    let dir = repo_root().join("../shared").join(relative);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("KBGEN_REQUIRE_SHARED").is_none(),
        "KBGEN_REQUIRE_SHARED is set but {} is missing",
        dir.display()
    );
    let test = std::thread::current()
        .name()
        .unwrap_or("a shared-data test")
        .to_owned();
    // Straight to the terminal: the test harness captures `eprintln!`. The
    // harness may be mid-line (its progress dots), so start a line.
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "\nskipped {test}: it needs ../shared/{relative}, which is not beside this checkout (set {env_var} to use another copy)"
    );
    None
}
