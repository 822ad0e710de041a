//! Which folder a build may replace. Publishing replaces the output folder
//! whole, so before anything is written kbgen makes sure that folder is
//! its own: missing, empty, or marked by an earlier kbgen build — and
//! never the site's sources, whatever the spelling of the path.

use std::path::{Component, Path, PathBuf};

use super::OutputError;

/// The file every kbgen output holds, so a later build knows the folder is
/// one it may replace.
pub const MARKER: &str = ".kbgen-output";

/// What the marker says to a person who finds it.
pub const MARKER_TEXT: &str = "This folder is the output of kbgen (a static-site generator).\n`kbgen build` replaces it whole: do not keep other files here.\n";

/// The folders of a site that a build reads or keeps, which the output
/// may never be, contain or lie inside.
#[derive(Debug, Clone)]
pub struct SiteFolders<'a> {
    pub root: &'a Path,
    pub content: &'a Path,
    pub cache: &'a Path,
}

impl SiteFolders<'_> {
    fn protected(&self) -> Vec<(PathBuf, &'static str)> {
        vec![
            (self.content.to_path_buf(), "the content folder"),
            (self.root.join("templates"), "the site's templates"),
            (self.root.join("static"), "the site's static files"),
            (self.cache.to_path_buf(), "the cache folder"),
            (self.root.join(crate::config::CONFIG_FILE), "site.toml"),
        ]
    }
}

/// May a build replace `output`? `force` allows replacing a folder kbgen
/// did not make, never one of the site's own folders; `made_by_kbgen`
/// says that the last build's record names this folder (outputs of kbgen
/// versions from before the marker).
pub fn check_target(
    output: &Path,
    site: &SiteFolders<'_>,
    force: bool,
    made_by_kbgen: bool,
) -> Result<(), OutputError> {
    let refuse = |reason: String| OutputError::UnsafeTarget {
        path: output.to_path_buf(),
        reason,
    };
    let target = resolved(output);
    if target
        .components()
        .any(|c| matches!(c, Component::Normal(name) if name == ".git"))
    {
        return Err(refuse("it lies inside a `.git` folder".into()));
    }
    if target.parent().is_none() {
        return Err(refuse("it is the root of the file system".into()));
    }
    if same_place(&target, &resolved(site.root)) {
        return Err(refuse("it is the site's own folder".into()));
    }
    for (folder, what) in site.protected() {
        let folder = resolved(&folder);
        if is_within(&target, &folder) {
            return Err(refuse(format!(
                "it lies inside {what} ({}): every build would be read back into the next",
                folder.display()
            )));
        }
        if is_within(&folder, &target) {
            return Err(refuse(format!(
                "it holds {what} ({}), which publishing would delete",
                folder.display()
            )));
        }
    }
    if std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
        // Publishing swaps the folder at this path: a link would be replaced
        // by the site, or its target changed behind the user's back.
        return Err(refuse(
            "it is a symbolic link; give the folder it points to instead".into(),
        ));
    }
    let entries = match std::fs::read_dir(&target) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(refuse("it exists and is not a folder".into()));
        }
        Err(e) => {
            return Err(OutputError::Io {
                path: output.to_path_buf(),
                source: e,
            });
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.iter().any(|n| n == ".git") {
        return Err(refuse(
            "it holds a `.git` folder, which publishing would delete".into(),
        ));
    }
    if names.is_empty() || names.iter().any(|n| n == MARKER) || made_by_kbgen || force {
        return Ok(());
    }
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(refuse(format!(
        "it holds files kbgen did not make ({}{more}), which publishing would delete; \
         choose a new or empty folder, or pass --force to replace it",
        shown.join(", ")
    )))
}

/// `path` made absolute with every existing part's links resolved and the
/// rest normalised, so two spellings of one folder compare equal.
pub(crate) fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match Path::new(part).components().next() {
                    Some(Component::ParentDir) => {
                        out.pop();
                    }
                    Some(Component::CurDir) | None => {}
                    Some(_) => out.push(part),
                }
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            // `..` as the last part: step over it.
            (None, Some(parent)) => {
                rest.push("..".into());
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
}

/// Whether `inner` is `outer` or lies below it: by path, and by file
/// identity for the parts that exist (a bind mount or a case-insensitive
/// file system spells one folder two ways).
fn is_within(inner: &Path, outer: &Path) -> bool {
    if inner.starts_with(outer) {
        return true;
    }
    inner
        .ancestors()
        .any(|ancestor| same_place(ancestor, outer))
}

fn same_place(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    same_file(a, b)
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(root: &Path) -> (PathBuf, PathBuf) {
        (root.join("content"), root.join(".kbgen-cache"))
    }

    fn check(root: &Path, output: &Path, force: bool) -> Result<(), String> {
        let (content, cache) = site(root);
        let folders = SiteFolders {
            root,
            content: &content,
            cache: &cache,
        };
        check_target(output, &folders, force, false).map_err(|e| e.to_string())
    }

    #[test]
    fn the_sources_are_never_a_target() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        for folder in ["content/sub", "templates", "static", ".git", ".kbgen-cache"] {
            std::fs::create_dir_all(root.join(folder))?;
        }
        for (output, why) in [
            (root.to_path_buf(), "the site's own folder"),
            (root.join("content"), "inside the content folder"),
            (root.join("content/sub/out"), "inside the content folder"),
            (root.join("static/site"), "inside the site's static files"),
            (root.join("templates"), "inside the site's templates"),
            (root.join(".kbgen-cache/out"), "inside the cache folder"),
            (root.join(".git"), "`.git`"),
            (root.join("public/../content"), "inside the content folder"),
            (
                root.join("./static/./x/.."),
                "inside the site's static files",
            ),
        ] {
            let error = check(root, &output, true).err().unwrap_or_default();
            assert!(error.contains(why), "{}: {error}", output.display());
        }
        assert!(check(root, &root.join("public"), false).is_ok());
        assert!(check(root, &root.join("new/deeper/public"), false).is_ok());
        Ok(())
    }

    #[test]
    fn a_folder_holding_the_sources_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content"))?;
        let error = check(&root, dir.path(), true).err().unwrap_or_default();
        assert!(error.contains("which publishing would delete"), "{error}");
        Ok(())
    }

    #[test]
    fn only_empty_or_marked_folders_are_replaced_without_force() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("content"))?;
        let userdocs = root.join("userdocs");
        std::fs::create_dir_all(&userdocs)?;
        assert!(check(root, &userdocs, false).is_ok(), "empty");
        std::fs::write(userdocs.join("notes.txt"), "mine")?;
        let error = check(root, &userdocs, false).err().unwrap_or_default();
        assert!(
            error.contains("files kbgen did not make (notes.txt)") && error.contains("--force"),
            "{error}"
        );
        assert!(check(root, &userdocs, true).is_ok(), "--force");
        std::fs::write(userdocs.join(MARKER), MARKER_TEXT)?;
        assert!(check(root, &userdocs, false).is_ok(), "marked");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("content"))?;
        std::fs::create_dir_all(root.join("elsewhere"))?;
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("public"))?;
        let error = check(root, &root.join("public"), true)
            .err()
            .unwrap_or_default();
        assert!(error.contains("symbolic link"), "{error}");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_content_folder_is_the_content_folder() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("content"))?;
        std::os::unix::fs::symlink(root.join("content"), root.join("alias"))?;
        let error = check(root, &root.join("alias"), true)
            .err()
            .unwrap_or_default();
        assert!(error.contains("inside the content folder"), "{error}");
        Ok(())
    }
}
