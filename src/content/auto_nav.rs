//! The navigation MkDocs makes when `mkdocs.yml` has no `nav`, and the one
//! the awesome-pages plugin makes from `.pages` files, said as a `nav`, so
//! such sites keep their sidebar's order, titles and groups.
//!
//! MkDocs's own order: in each folder its pages by file name (`index.md` or
//! `README.md` first), then its subfolders by name, each a group titled
//! from the folder's name. A `.pages` file (YAML) in a folder then changes
//! that folder's part: `title`, `hide`, `order` / `sort_type` / `order_by` /
//! `ignore_case`, `collapse` / `collapse_single_pages`, and `nav` (or the
//! older `arrange`): entries by file or folder name, `Title: name` to
//! rename, `Title: address` for a link, `Title: [ … ]` for a group, and
//! `...` for the rest (`... | regex=…` or `... | glob=…` for some of it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::nav::NavEntry;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Which automatic navigation a site without `nav` has (`nav_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NavStyle {
    /// kbgen's: folders as sections with listings, pages by weight then title.
    #[default]
    Folders,
    /// MkDocs's: pages by file name, then subfolders.
    Mkdocs,
    /// MkDocs's, changed by each folder's `.pages` file.
    AwesomePages,
}

/// An entry while the navigation is made.
#[derive(Debug, Clone)]
enum Item {
    Page {
        path: String,
        title: Option<String>,
    },
    Section {
        /// The folder it stands for; `None` for a group a `.pages` `nav` made.
        dir: Option<String>,
        title: String,
        children: Vec<Item>,
    },
    Link {
        title: String,
        url: String,
    },
    /// Where the rest of a folder's entries go (`...`), before they do.
    Rest(usize),
}

impl Item {
    /// The name a `.pages` file calls it by: the file's or the folder's.
    fn basename(&self) -> Option<&str> {
        match self {
            Item::Page { path, .. } => Some(path.rsplit('/').next().unwrap_or(path)),
            Item::Section { dir: Some(dir), .. } => Some(dir.rsplit('/').next().unwrap_or(dir)),
            _ => None,
        }
    }
}

/// A folder of pages: its files by name and its subfolders.
#[derive(Debug, Default)]
struct Folder {
    files: Vec<String>,
    folders: BTreeMap<String, Folder>,
}

/// The navigation of a site without `nav`, in `style`, for the pages at
/// `page_paths` (relative to the content folder). `titles` are the pages'
/// own titles, for `.pages` files that order by title.
pub fn build(
    style: NavStyle,
    page_paths: &[&str],
    titles: &BTreeMap<&str, &str>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<NavEntry> {
    let mut tree = Folder::default();
    for path in page_paths {
        let mut folder = &mut tree;
        let mut parts: Vec<&str> = path.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        for part in parts {
            folder = folder.folders.entry(part.to_owned()).or_default();
        }
        folder.files.push(file.to_owned());
    }
    let mut maker = Maker {
        style,
        titles,
        config,
        site_root: super::walk::site_root(&config.root),
        diagnostics,
    };
    let items = maker.default_items("", &tree);
    let meta = maker.meta("");
    let items = maker.children(items, &meta, false);
    items.into_iter().filter_map(into_entry).collect()
}

struct Maker<'a> {
    style: NavStyle,
    titles: &'a BTreeMap<&'a str, &'a str>,
    config: &'a Config,
    site_root: std::path::PathBuf,
    diagnostics: &'a mut Diagnostics,
}

impl Maker<'_> {
    /// MkDocs's entries for a folder: its pages (its index first), then its subfolders.
    fn default_items(&self, dir: &str, folder: &Folder) -> Vec<Item> {
        let mut files: Vec<&String> = folder.files.iter().collect();
        files.sort_by_key(|name| {
            let stem = name.strip_suffix(".md").unwrap_or(name);
            (!super::is_index_stem(stem), name.as_str())
        });
        let join = |name: &str| {
            if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            }
        };
        let mut items: Vec<Item> = files
            .into_iter()
            .map(|name| Item::Page {
                path: join(name),
                title: None,
            })
            .collect();
        for (name, sub) in &folder.folders {
            let path = join(name);
            items.push(Item::Section {
                title: super::humanize(name),
                children: self.default_items(&path, sub),
                dir: Some(path),
            });
        }
        items
    }

    /// A folder's `.pages` settings; none in MkDocs style or without the file.
    fn meta(&mut self, dir: &str) -> PagesFile {
        if self.style != NavStyle::AwesomePages {
            return PagesFile::default();
        }
        let content_dir = &self.config.content_dir;
        let path = if dir.is_empty() {
            content_dir.join(PAGES_FILE)
        } else {
            content_dir.join(dir).join(PAGES_FILE)
        };
        if !path.is_file() {
            return PagesFile::default();
        }
        let shown = super::display_path(self.config, &path);
        // A `.pages` that links out of the site is not read, like any file.
        if !path
            .canonicalize()
            .is_ok_and(|target| target.starts_with(&self.site_root))
        {
            self.diagnostics.push(super::walk::link_left_out(&shown));
            return PagesFile::default();
        }
        match read_pages_file(&path) {
            Ok(meta) => PagesFile { shown, ..meta },
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::warning("pages-file", format!("`.pages` not used: {message}"))
                        .in_file(shown),
                );
                PagesFile::default()
            }
        }
    }

    /// A folder's entries after its `.pages`: ordered, arranged by its
    /// `nav`, and each subfolder's own `.pages` applied.
    fn children(&mut self, mut items: Vec<Item>, meta: &PagesFile, collapse: bool) -> Vec<Item> {
        self.order(&mut items, meta);
        let items = match &meta.nav {
            Some(nav) => self.arrange(items, nav, meta),
            None => items,
        };
        self.sections(items, collapse)
    }

    fn sections(&mut self, items: Vec<Item>, collapse: bool) -> Vec<Item> {
        items
            .into_iter()
            .filter_map(|item| match item {
                Item::Section {
                    dir: None,
                    title,
                    children,
                } => Some(Item::Section {
                    dir: None,
                    title,
                    children: self.sections(children, collapse),
                }),
                Item::Section {
                    dir: Some(dir),
                    title,
                    children,
                } => self.section(dir, title, children, collapse),
                other => Some(other),
            })
            .collect()
    }

    fn section(
        &mut self,
        dir: String,
        title: String,
        children: Vec<Item>,
        collapse: bool,
    ) -> Option<Item> {
        let meta = self.meta(&dir);
        if meta.hide == Some(true) {
            return None;
        }
        let collapse_below = meta.collapse_single_pages.unwrap_or(collapse);
        let title = meta.title.clone().unwrap_or(title);
        let children = self.children(children, &meta, collapse_below);
        if children.is_empty() {
            return None;
        }
        if meta.collapse.unwrap_or(collapse_below) && children.len() == 1 {
            return children.into_iter().next();
        }
        Some(Item::Section {
            dir: Some(dir),
            title,
            children,
        })
    }

    fn order(&self, items: &mut [Item], meta: &PagesFile) {
        if meta.order.is_none() && meta.sort_type.is_none() && meta.order_by.is_none() {
            return;
        }
        let by_title = meta.order_by.as_deref() == Some("title");
        let natural = meta.sort_type.as_deref() == Some("natural");
        let ignore_case = meta.ignore_case.unwrap_or(false);
        let key = |item: &Item| -> String {
            let text = if by_title {
                match item {
                    Item::Section { title, .. } | Item::Link { title, .. } => title.clone(),
                    Item::Page { path, title } => title.clone().unwrap_or_else(|| {
                        self.titles
                            .get(path.as_str())
                            .map_or_else(String::new, |t| (*t).to_owned())
                    }),
                    Item::Rest(_) => String::new(),
                }
            } else {
                item.basename().unwrap_or_default().to_owned()
            };
            if ignore_case {
                text.to_lowercase()
            } else {
                text
            }
        };
        items.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            if natural {
                natural_cmp(&a, &b)
            } else {
                a.cmp(&b)
            }
        });
        if meta.order.as_deref() == Some("desc") {
            items.reverse();
        }
    }

    /// A `.pages` `nav`: its entries in its order, the folder's other
    /// entries where its `...` entries stand (or nowhere, without one).
    fn arrange(&mut self, items: Vec<Item>, nav: &[PagesNavEntry], meta: &PagesFile) -> Vec<Item> {
        let mut by_name: BTreeMap<String, Item> = items
            .iter()
            .filter_map(|item| Some((item.basename()?.to_owned(), item.clone())))
            .collect();
        let mut used = BTreeSet::new();
        let mut rests: Vec<RestEntry> = Vec::new();
        let arranged = self.arrange_list(nav, &mut by_name, &mut used, &mut rests, meta);
        // Patterns take their entries before a plain `...` does.
        let mut order: Vec<usize> = (0..rests.len()).collect();
        order.sort_by_key(|&i| rests.get(i).is_some_and(|r| r.pattern.is_none()));
        let mut filled: Vec<Vec<Item>> = vec![Vec::new(); rests.len()];
        for item in items {
            let Some(name) = item.basename() else {
                continue;
            };
            if used.contains(name) {
                continue;
            }
            if let Some(&slot) = order
                .iter()
                .find(|&&i| rests.get(i).is_some_and(|rest| rest.matches(name)))
            {
                if let Some(list) = filled.get_mut(slot) {
                    list.push(item);
                }
            }
        }
        expand_rests(arranged, &mut filled)
    }

    fn arrange_list(
        &mut self,
        nav: &[PagesNavEntry],
        by_name: &mut BTreeMap<String, Item>,
        used: &mut BTreeSet<String>,
        rests: &mut Vec<RestEntry>,
        meta: &PagesFile,
    ) -> Vec<Item> {
        let mut out = Vec::new();
        for entry in nav {
            match entry {
                PagesNavEntry::Rest(rest) => {
                    rests.push(rest.clone());
                    out.push(Item::Rest(rests.len() - 1));
                }
                PagesNavEntry::Group { title, entries } => out.push(Item::Section {
                    dir: None,
                    title: title.clone(),
                    children: self.arrange_list(entries, by_name, used, rests, meta),
                }),
                PagesNavEntry::Name { title, name } => match by_name.get(name) {
                    Some(item) => {
                        let mut item = item.clone();
                        if let Some(new) = title {
                            match &mut item {
                                Item::Page { title, .. } => *title = Some(new.clone()),
                                Item::Section { title, .. } => title.clone_from(new),
                                _ => {}
                            }
                        }
                        used.insert(name.clone());
                        out.push(item);
                    }
                    None => match title {
                        Some(title) => out.push(Item::Link {
                            title: title.clone(),
                            url: name.clone(),
                        }),
                        None => self.diagnostics.push(
                            Diagnostic::warning(
                                "pages-file",
                                format!("`.pages` names `{name}`, which is not in its folder"),
                            )
                            .in_file(meta.shown.clone()),
                        ),
                    },
                },
            }
        }
        out
    }
}

/// Puts each `...`'s entries in its place, in groups too.
fn expand_rests(items: Vec<Item>, filled: &mut [Vec<Item>]) -> Vec<Item> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Rest(slot) => {
                if let Some(list) = filled.get_mut(slot) {
                    out.append(list);
                }
            }
            Item::Section {
                dir: None,
                title,
                children,
            } => out.push(Item::Section {
                dir: None,
                title,
                children: expand_rests(children, filled),
            }),
            other => out.push(other),
        }
    }
    out
}

fn into_entry(item: Item) -> Option<NavEntry> {
    match item {
        Item::Page { path, title } => Some(NavEntry::Path { title, path }),
        Item::Link { title, url } => Some(NavEntry::Link { title, url }),
        Item::Section {
            title, children, ..
        } => Some(NavEntry::Section {
            title,
            children: children.into_iter().filter_map(into_entry).collect(),
        }),
        Item::Rest(_) => None,
    }
}

/// Compares with runs of digits as numbers (`page2` before `page10`).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(text: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in text.char_indices() {
            let is_digit = c.is_ascii_digit();
            if digits.is_some_and(|d| d != is_digit) {
                out.push((digits.unwrap_or(false), text.get(start..i).unwrap_or("")));
                start = i;
            }
            digits = Some(is_digit);
        }
        if let Some(d) = digits {
            out.push((d, text.get(start..).unwrap_or("")));
        }
        out
    }
    let (left, right) = (chunks(a), chunks(b));
    for ((a_digits, a), (b_digits, b)) in left.iter().zip(&right) {
        let order = if *a_digits && *b_digits {
            let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        } else {
            a.cmp(b)
        };
        if order.is_ne() {
            return order;
        }
    }
    left.len().cmp(&right.len())
}

/// The name of the awesome-pages plugin's files.
const PAGES_FILE: &str = ".pages";

/// The largest `.pages` file read.
const MAX_PAGES_FILE_BYTES: u64 = 1024 * 1024;

/// One folder's `.pages`.
#[derive(Debug, Clone, Default)]
struct PagesFile {
    shown: std::path::PathBuf,
    title: Option<String>,
    nav: Option<Vec<PagesNavEntry>>,
    hide: Option<bool>,
    collapse: Option<bool>,
    collapse_single_pages: Option<bool>,
    order: Option<String>,
    sort_type: Option<String>,
    order_by: Option<String>,
    ignore_case: Option<bool>,
}

#[derive(Debug, Clone)]
enum PagesNavEntry {
    Name {
        title: Option<String>,
        name: String,
    },
    Group {
        title: String,
        entries: Vec<PagesNavEntry>,
    },
    Rest(RestEntry),
}

/// `...`, `... | regex=…`, `... | glob=…` (or `... | pattern`, a glob).
#[derive(Debug, Clone)]
struct RestEntry {
    pattern: Option<RestPattern>,
}

#[derive(Debug, Clone)]
enum RestPattern {
    Regex(fancy_regex::Regex),
    Glob(globset::GlobMatcher),
}

impl RestEntry {
    fn parse(text: &str) -> Result<Option<Self>, String> {
        let Some(rest) = text.trim_start().strip_prefix("...") else {
            return Ok(None);
        };
        let mut rest = rest.trim_start();
        // `| flat` lifts subfolders' pages up; kbgen keeps them in their groups.
        if let Some(after) = rest.strip_prefix('|') {
            let after = after.trim_start();
            if let Some(tail) = after.strip_prefix("flat") {
                rest = tail.trim_start();
            }
        }
        let Some(pattern) = rest.strip_prefix('|') else {
            return Ok(Some(Self { pattern: None }));
        };
        let pattern = pattern.trim_start();
        let pattern = if let Some(regex) = pattern.strip_prefix("regex=") {
            RestPattern::Regex(
                fancy_regex::Regex::new(regex).map_err(|e| format!("regex `{regex}`: {e}"))?,
            )
        } else {
            let glob = pattern.strip_prefix("glob=").unwrap_or(pattern);
            RestPattern::Glob(
                globset::GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| format!("glob `{glob}`: {e}"))?
                    .compile_matcher(),
            )
        };
        Ok(Some(Self {
            pattern: Some(pattern),
        }))
    }

    fn matches(&self, name: &str) -> bool {
        match &self.pattern {
            None => true,
            // A pattern too costly to decide matches nothing.
            Some(RestPattern::Regex(regex)) => regex.is_match(name).unwrap_or(false),
            Some(RestPattern::Glob(glob)) => glob.is_match(name),
        }
    }
}

fn read_pages_file(path: &Path) -> Result<PagesFile, String> {
    use crate::bounded_read::{Bounded, read_bounded};
    let bytes = match read_bounded(path, MAX_PAGES_FILE_BYTES).map_err(|e| e.to_string())? {
        Bounded::Read(bytes) => bytes,
        Bounded::TooLarge(size) => return Err(format!("it is {size} bytes; at most 1 MB is read")),
    };
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_owned())?;
    if super::yaml_depth::too_deep_at(&text).is_some() {
        return Err(format!(
            "it nests deeper than {} levels",
            super::yaml_depth::MAX_NESTING
        ));
    }
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| format!("invalid YAML: {e}"))?;
    let get = |key: &str| value.get(key);
    let text_of = |key: &str| get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let flag = |key: &str| get(key).and_then(serde_yaml_ng::Value::as_bool);
    let nav = match get("nav").or_else(|| get("arrange")) {
        None => None,
        Some(list) => {
            let mut entries = nav_entries(list)?;
            // `arrange` (the plugin's first form) always keeps the rest.
            if get("nav").is_none() && !entries.iter().any(|e| matches!(e, PagesNavEntry::Rest(_)))
            {
                entries.push(PagesNavEntry::Rest(RestEntry { pattern: None }));
            }
            Some(entries)
        }
    };
    Ok(PagesFile {
        shown: path.to_path_buf(),
        title: text_of("title"),
        nav,
        hide: flag("hide"),
        collapse: flag("collapse"),
        collapse_single_pages: flag("collapse_single_pages"),
        order: text_of("order"),
        sort_type: text_of("sort_type"),
        order_by: text_of("order_by"),
        ignore_case: flag("ignore_case"),
    })
}

fn nav_entries(list: &serde_yaml_ng::Value) -> Result<Vec<PagesNavEntry>, String> {
    let items = list
        .as_sequence()
        .ok_or_else(|| "`nav` must be a list".to_owned())?;
    items
        .iter()
        .map(|item| {
            if let Some(text) = item.as_str() {
                if let Some(rest) = RestEntry::parse(text)? {
                    return Ok(PagesNavEntry::Rest(rest));
                }
                return Ok(PagesNavEntry::Name {
                    title: None,
                    name: text.to_owned(),
                });
            }
            let map = item
                .as_mapping()
                .filter(|m| m.len() == 1)
                .ok_or_else(|| "each `nav` entry is a name or one `Title: name`".to_owned())?;
            let (title, value) = map
                .iter()
                .next()
                .ok_or_else(|| "an empty `nav` entry".to_owned())?;
            let title = title
                .as_str()
                .ok_or_else(|| "a `nav` title must be text".to_owned())?
                .to_owned();
            match value {
                serde_yaml_ng::Value::String(name) => Ok(PagesNavEntry::Name {
                    title: Some(title),
                    name: name.clone(),
                }),
                serde_yaml_ng::Value::Sequence(_) => Ok(PagesNavEntry::Group {
                    title,
                    entries: nav_entries(value)?,
                }),
                _ => Err(format!(
                    "the `nav` entry `{title}` must name a page, a link or a list"
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut names = vec!["page10.md", "page2.md", "page1.md", "a.md"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["a.md", "page1.md", "page2.md", "page10.md"]);
    }

    #[test]
    fn rest_entries_parse_as_the_plugin_reads_them() {
        let matches = |entry: &str, name: &str| {
            RestEntry::parse(entry)
                .ok()
                .flatten()
                .is_some_and(|rest| rest.matches(name))
        };
        assert!(matches("...", "x.md"));
        assert!(matches("... | glob=docker-*.md", "docker-a.md"));
        assert!(!matches("... | glob=docker-*.md", "a.md"));
        assert!(matches("... | *.md", "a.md"));
        assert!(matches("... | flat | regex=^a", "abc.md"));
        // Python's look-ahead, as the linuxserver.io docs use it.
        let lookahead = r"... | regex=^docker-(?!(baseimage-.*|ci)\.).*\.md$";
        assert!(matches(lookahead, "docker-plex.md"));
        assert!(!matches(lookahead, "docker-ci.md"));
        assert!(!matches(lookahead, "docker-baseimage-alpine.md"));
        assert!(RestEntry::parse("index.md").ok().flatten().is_none());
        assert!(RestEntry::parse("... | regex=(").is_err());
    }
}
