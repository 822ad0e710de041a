//! A site's own navigation (MkDocs' `nav:`): the sidebar's titles, order
//! and nesting as the author wrote them, instead of the folders'.

use std::collections::BTreeMap;

use super::Section;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// One entry as written: `"page.md"`, `{ "Title" = "page.md" }`,
/// `{ "Title" = "https://…" }`, `"folder/"` or `{ "Title" = [ … ] }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavEntry {
    /// A page or a folder of the content, by its path there.
    Path { title: Option<String>, path: String },
    /// Another site.
    Link { title: String, url: String },
    /// A group of entries under a title.
    Section {
        title: String,
        children: Vec<NavEntry>,
    },
}

/// How deep a `nav` may nest before it is refused (MkDocs' own sites use
/// three or four levels).
const MAX_NAV_DEPTH: usize = 16;

/// Reads `nav` from its TOML value (MkDocs' YAML `nav`, said in TOML).
pub fn parse(value: &toml::Value) -> Result<Vec<NavEntry>, String> {
    parse_list(value, 0)
}

fn parse_list(value: &toml::Value, depth: usize) -> Result<Vec<NavEntry>, String> {
    if depth > MAX_NAV_DEPTH {
        return Err(format!("`nav` nests more than {MAX_NAV_DEPTH} levels deep"));
    }
    let Some(items) = value.as_array() else {
        return Err("`nav` must be a list of entries".to_owned());
    };
    items.iter().map(|item| parse_entry(item, depth)).collect()
}

fn parse_entry(value: &toml::Value, depth: usize) -> Result<NavEntry, String> {
    match value {
        toml::Value::String(target) => Ok(target_entry(None, target)),
        toml::Value::Table(table) if table.len() == 1 => {
            let Some((title, inner)) = table.iter().next() else {
                return Err("an empty `nav` entry".to_owned());
            };
            match inner {
                toml::Value::String(target) => Ok(target_entry(Some(title.clone()), target)),
                toml::Value::Array(_) => Ok(NavEntry::Section {
                    title: title.clone(),
                    children: parse_list(inner, depth + 1)?,
                }),
                _ => Err(format!(
                    "the `nav` entry `{title}` must name a page, a URL or a list"
                )),
            }
        }
        _ => {
            Err("each `nav` entry is a path, or one title with a path, a URL or a list".to_owned())
        }
    }
}

fn target_entry(title: Option<String>, target: &str) -> NavEntry {
    let is_url =
        target.contains("://") || target.starts_with("//") || target.starts_with("mailto:");
    match (is_url, title) {
        (true, title) => NavEntry::Link {
            title: title.unwrap_or_else(|| target.to_owned()),
            url: target.to_owned(),
        },
        (false, title) => NavEntry::Path {
            title,
            path: target
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_owned(),
        },
    }
}

/// An entry resolved against the site's pages and folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavNode {
    /// A page; its title is the page's, which the first entry naming it sets.
    Page {
        page: usize,
    },
    /// A folder (`user-guide/`): its section, with the folder's own tree.
    Folder {
        title: Option<String>,
        dir: String,
    },
    Link {
        title: String,
        url: String,
    },
    Section {
        title: String,
        children: Vec<NavNode>,
    },
}

/// Resolves `entries`; an entry naming no page or folder is a warning
/// (MkDocs warns too) and is left out.
pub fn resolve(
    entries: &[NavEntry],
    by_path: &BTreeMap<String, usize>,
    sections: &BTreeMap<String, Section>,
    settings_file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<NavNode> {
    entries
        .iter()
        .filter_map(|entry| match entry {
            NavEntry::Path { title, path } => {
                if let Some(&page) = by_path.get(path) {
                    return Some(NavNode::Page { page });
                }
                let dir = path.trim_end_matches('/');
                if sections.contains_key(dir) {
                    return Some(NavNode::Folder {
                        title: title.clone(),
                        dir: dir.to_owned(),
                    });
                }
                diagnostics.push(
                    Diagnostic::warning(
                        "nav",
                        format!("`nav` names `{path}`, which is no page or folder of the content"),
                    )
                    .in_file(settings_file),
                );
                None
            }
            NavEntry::Link { title, url } => Some(NavNode::Link {
                title: title.clone(),
                url: url.clone(),
            }),
            NavEntry::Section { title, children } => Some(NavNode::Section {
                title: title.clone(),
                children: resolve(children, by_path, sections, settings_file, diagnostics),
            }),
        })
        .collect()
}

/// The titles `nav` gives pages, by path. The first entry naming a page
/// decides, even one without a title (then the page keeps its own), as
/// in MkDocs, where later entries share the first one's page.
pub fn page_titles(entries: &[NavEntry], into: &mut BTreeMap<String, Option<String>>) {
    for entry in entries {
        match entry {
            NavEntry::Path { title, path } if path.ends_with(".md") => {
                into.entry(path.clone()).or_insert_with(|| title.clone());
            }
            NavEntry::Section { children, .. } => page_titles(children, into),
            NavEntry::Path { .. } | NavEntry::Link { .. } => {}
        }
    }
}

/// Every page the navigation lists, however deep.
pub fn listed_pages(nodes: &[NavNode], into: &mut std::collections::BTreeSet<usize>) {
    for node in nodes {
        match node {
            NavNode::Page { page, .. } => {
                into.insert(*page);
            }
            NavNode::Section { children, .. } => listed_pages(children, into),
            NavNode::Folder { .. } | NavNode::Link { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_every_shape_parse() {
        let value: toml::Value = toml::from_str(
            "nav = [\"index.md\", { \"Start\" = \"start.md\" }, { \"Guide\" = [\"guide/a.md\", { \"B\" = \"./guide/b.md\" }] }, { \"Repo\" = \"https://example.org/\" }, \"user-guide/\"]",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let nav = parse(value.get("nav").unwrap_or(&value)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            nav,
            [
                NavEntry::Path {
                    title: None,
                    path: "index.md".to_owned()
                },
                NavEntry::Path {
                    title: Some("Start".to_owned()),
                    path: "start.md".to_owned()
                },
                NavEntry::Section {
                    title: "Guide".to_owned(),
                    children: vec![
                        NavEntry::Path {
                            title: None,
                            path: "guide/a.md".to_owned()
                        },
                        NavEntry::Path {
                            title: Some("B".to_owned()),
                            path: "guide/b.md".to_owned()
                        },
                    ],
                },
                NavEntry::Link {
                    title: "Repo".to_owned(),
                    url: "https://example.org/".to_owned()
                },
                NavEntry::Path {
                    title: None,
                    path: "user-guide/".to_owned()
                },
            ]
        );
    }

    #[test]
    fn wrong_shapes_are_errors() {
        for text in [
            "nav = 3",
            "nav = [3]",
            "nav = [{ a = 1 }]",
            "nav = [{ a = \"x\", b = \"y\" }]",
        ] {
            let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
            assert!(parse(value.get("nav").unwrap_or(&value)).is_err(), "{text}");
        }
    }
}
