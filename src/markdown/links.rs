//! Resolving the links authors write (`x.md`, `../sec/x.md#anchor`,
//! `img.png`) to the addresses pages get, and classifying what they point at
//! so the checks can report the broken ones.

use percent_encoding::percent_decode_str;

use crate::config::BaseUrl;
use crate::content::Site;

/// What a link in a page points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another site, `mailto:`, or an absolute path: not checked.
    External,
    /// A page of this site, optionally an anchor in it.
    Page { page: usize, anchor: Option<String> },
    /// An anchor in the page itself.
    SamePage { anchor: String },
    /// A section folder without an `index.md` (kbgen lists it anyway).
    Section { dir: String },
    /// A file copied from the content folder (`file`: its path there).
    Asset { file: String },
    /// A page that exists but could not be loaded; its own error is reported.
    Unverified,
    /// Nothing: the reason says what was looked for.
    Missing { reason: String },
}

/// The result of resolving one link: the href to write and what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The new href, or `None` to keep the author's.
    pub href: Option<String>,
    pub target: LinkTarget,
}

/// Resolves links for one page.
#[derive(Debug, Clone, Copy)]
pub struct LinkResolver<'a> {
    pub site: &'a Site,
    pub base: &'a BaseUrl,
    /// The folder of the page the links are in, relative to the content folder.
    pub from_dir: &'a str,
}

impl LinkResolver<'_> {
    pub fn resolve(&self, dest: &str) -> Resolved {
        let keep = |target| Resolved { href: None, target };
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") || dest.starts_with('/') {
            return keep(LinkTarget::External);
        }
        let (before_fragment, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        if path.is_empty() {
            return match fragment {
                Some(anchor) if !anchor.is_empty() => keep(LinkTarget::SamePage {
                    anchor: anchor.to_owned(),
                }),
                _ => keep(LinkTarget::External),
            };
        }
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let Some(joined) = join(self.from_dir, &decoded) else {
            return keep(LinkTarget::Missing {
                reason: format!("`{path}` points outside the content folder"),
            });
        };
        let suffix = |href: String| {
            let mut href = href;
            if let Some(query) = query {
                href.push('?');
                href.push_str(query);
            }
            if let Some(fragment) = fragment {
                href.push('#');
                href.push_str(fragment);
            }
            href
        };
        let anchor = fragment.filter(|f| !f.is_empty()).map(str::to_owned);
        if joined.ends_with(".md") {
            if let Some(index) = self.site.page_by_path(&joined) {
                let url = self
                    .site
                    .pages
                    .get(index)
                    .map(|p| p.url.encoded())
                    .unwrap_or_default();
                return Resolved {
                    href: Some(suffix(self.base.url_for(&url))),
                    target: LinkTarget::Page {
                        page: index,
                        anchor,
                    },
                };
            }
            if self.site.unreadable.contains(&joined) {
                let url = crate::content::page_url(&joined, None, self.site.url_style).encoded();
                return Resolved {
                    href: Some(suffix(self.base.url_for(&url))),
                    target: LinkTarget::Unverified,
                };
            }
            let reason = if self.site.drafts.contains(&joined) {
                format!("`{joined}` is a draft, left out of this build")
            } else {
                format!("no page `{joined}`")
            };
            return keep(LinkTarget::Missing { reason });
        }
        if self.site.has_asset(&joined) {
            return Resolved {
                href: Some(suffix(self.base.url_for(&encode_path(&joined)))),
                target: LinkTarget::Asset { file: joined },
            };
        }
        let dir = joined.trim_end_matches('/');
        if let Some(index) = self.site.page_by_url(dir) {
            let url = self
                .site
                .pages
                .get(index)
                .map(|p| p.url.encoded())
                .unwrap_or_default();
            return Resolved {
                href: Some(suffix(self.base.url_for(&url))),
                target: LinkTarget::Page {
                    page: index,
                    anchor,
                },
            };
        }
        if let Some(section) = self.site.section_for_dir(dir) {
            return Resolved {
                href: Some(suffix(self.base.url_for(&section.url.encoded()))),
                target: LinkTarget::Section {
                    dir: section.dir.clone(),
                },
            };
        }
        keep(LinkTarget::Missing {
            reason: format!("no page or file `{joined}`"),
        })
    }
}

/// `scheme:` as RFC 3986 defines it (`https:`, `mailto:`, `tel:`).
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs out.
pub fn join(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if relative.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Percent-encodes each segment of a forward-slash path.
pub fn encode_path(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|s| crate::content::UrlPath::from_segments(vec![s.to_owned()]).encoded())
        .map(|s| s.trim_end_matches('/').to_owned())
        .collect();
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dots() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a", "./x/y.md").as_deref(), Some("a/x/y.md"));
        assert_eq!(join("", "x.md").as_deref(), Some("x.md"));
        assert_eq!(join("a", "../../x.md"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("x.md"));
        assert!(!has_scheme("a/b:c.md"));
    }

    #[test]
    fn encode_path_keeps_slashes() {
        assert_eq!(encode_path("img/my pic.png"), "img/my%20pic.png");
    }
}
