//! Walking the site's folders in a stable order. Unreadable entries and
//! symlink loops are reported, never silently skipped, and no symbolic
//! link is followed out of the site's folder: following one would publish
//! files from elsewhere on the machine (`static/p.txt -> /etc/passwd`).
//! Links that stay inside the site are followed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Asset, display_path};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A markdown file found by the walk.
#[derive(Debug, Clone)]
pub struct MarkdownFile {
    /// Forward-slash path relative to the content folder.
    pub rel_path: String,
    pub abs_path: PathBuf,
}

/// The files of a content folder, sorted by path.
#[derive(Debug, Default)]
pub struct ContentTree {
    pub markdown: Vec<MarkdownFile>,
    pub assets: Vec<Asset>,
}

fn points_inside(link: &Path, root: &Path) -> bool {
    link.canonicalize()
        .is_ok_and(|target| target.starts_with(root))
}

/// The site's folder as the walks compare link targets with it.
pub(crate) fn site_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Whether a walk may follow `entry`: not a link that leaves `site_root`.
/// Links that do are pushed to `left_out`, for one warning each.
pub(crate) fn may_follow(
    entry: &walkdir::DirEntry,
    site_root: &Path,
    left_out: &std::cell::RefCell<Vec<PathBuf>>,
) -> bool {
    if entry.path_is_symlink() && !points_inside(entry.path(), site_root) {
        left_out.borrow_mut().push(entry.path().to_path_buf());
        return false;
    }
    true
}

/// The warning for a link [`may_follow`] left out.
pub(crate) fn link_left_out(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        "symlink",
        "symbolic link points outside the site's folder; left out",
    )
    .in_file(shown)
    .with_help("copy the file into the site, or link to a place inside it")
}

/// Walks `config.content_dir`, skipping hidden files and folders and the output folder.
pub fn walk(config: &Config, diagnostics: &mut Diagnostics) -> ContentTree {
    let mut tree = ContentTree::default();
    if !config.content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "content",
                format!(
                    "content folder `{}` does not exist",
                    display_path(config, &config.content_dir).display()
                ),
            )
            .in_file(crate::config::CONFIG_FILE)
            .with_help("set `content_dir` in site.toml"),
        );
        return tree;
    }
    let site_root = site_root(&config.root);
    let outside_links = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(&config.content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if entry.file_name().to_string_lossy().starts_with('.')
                || entry.path() == config.output_dir
            {
                return false;
            }
            may_follow(entry, &site_root, &outside_links)
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| display_path(config, p))
                    .unwrap_or_else(|| display_path(config, &config.content_dir));
                let message = if error.loop_ancestor().is_some() {
                    "symbolic link loop".to_owned()
                } else {
                    error
                        .io_error()
                        .map_or_else(|| error.to_string(), ToString::to_string)
                };
                diagnostics.push(
                    Diagnostic::error("walk", format!("cannot read: {message}")).in_file(path),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&config.content_dir) else {
            continue;
        };
        let Some(rel_path) = relative.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(
                Diagnostic::error("walk", "file name is not valid UTF-8")
                    .in_file(display_path(config, entry.path())),
            );
            continue;
        };
        if config.exclude_docs.matches(&rel_path) {
            continue;
        }
        let abs_path = entry.path().to_path_buf();
        if rel_path.ends_with(".md") {
            tree.markdown.push(MarkdownFile { rel_path, abs_path });
        } else {
            tree.assets.push(Asset { rel_path, abs_path });
        }
    }
    for link in outside_links.into_inner() {
        diagnostics.push(link_left_out(&display_path(config, &link)));
    }
    tree.markdown.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    drop_readmes_beside_an_index(&mut tree.markdown, config, diagnostics);
    tree.assets.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    tree
}

/// `README.md` is its folder's page (GitHub's and MkDocs's rule) unless
/// the folder has an `index.md`: then MkDocs leaves the README out, and so
/// does kbgen, saying so.
fn drop_readmes_beside_an_index(
    markdown: &mut Vec<MarkdownFile>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) {
    let folder_and_name = |rel_path: &str| match rel_path.rsplit_once('/') {
        Some((dir, name)) => (dir.to_owned(), name.to_owned()),
        None => (String::new(), rel_path.to_owned()),
    };
    let indexed: std::collections::BTreeSet<String> = markdown
        .iter()
        .map(|file| folder_and_name(&file.rel_path))
        .filter(|(_, name)| name == "index.md" || name == "_index.md")
        .map(|(dir, _)| dir)
        .collect();
    markdown.retain(|file| {
        let (dir, name) = folder_and_name(&file.rel_path);
        let left_out = name == "README.md" && indexed.contains(&dir);
        if left_out {
            diagnostics.push(
                Diagnostic::warning(
                    "readme",
                    "README.md is left out: its folder's page is its index.md",
                )
                .in_file(display_path(config, &file.abs_path))
                .with_help("MkDocs leaves it out too; rename it to publish it as a page"),
            );
        }
        !left_out
    });
}
