//! pymdownx.tabbed's `slugify`: each tab's radio input named by its
//! label's slug instead of `__tabbed_N_M`, so a tab can be linked to;
//! with `combine_header_slug`, after the slug of the heading before it.
//! Ids are made unique against the page's others, as Python-Markdown's
//! `toc.unique` does (`_1`, `_2`…).

use std::collections::BTreeSet;

use pulldown_cmark::Event;

use super::slug::{SlugStyle, Slugger};

/// How tab ids are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabSlugs {
    pub style: SlugStyle,
    pub combine_header_slug: bool,
}

/// Names the page's tabs (its finished events) and adds their ids to the
/// page's (`page_ids`, which they are made unique against).
pub fn apply(out: &mut [Event<'_>], settings: &TabSlugs, page_ids: &mut BTreeSet<String>) {
    let used = page_ids;
    let mut last_heading = String::new();
    let separator = match &settings.style {
        SlugStyle::GitHub => "-".to_owned(),
        SlugStyle::PythonMarkdown { separator, .. } | SlugStyle::Pymdownx { separator, .. } => {
            separator.clone()
        }
    };
    for event in out.iter_mut() {
        let Event::Html(html) = event else { continue };
        if let Some(id) = heading_id(html) {
            last_heading = id.to_owned();
            continue;
        }
        if !html.contains("<label for=\"__tabbed_") {
            continue;
        }
        let mut slugs = std::collections::HashMap::new();
        for (placeholder, label) in labels(html) {
            let mut slug = Slugger::new(settings.style.clone()).slug(&label);
            if settings.combine_header_slug && !last_heading.is_empty() {
                slug = format!("{last_heading}{separator}{slug}");
            }
            slugs.insert(placeholder, unique(slug, used));
        }
        *html = renamed(html, &slugs).into();
    }
}

/// `html` with each `__tabbed_N_M` in an `id` or `for` value replaced by
/// its slug, in one pass (a set of thousands of tabs is one event).
fn renamed(html: &str, slugs: &std::collections::HashMap<String, String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("=\"__tabbed_") {
        let value_start = at + 2;
        out.push_str(rest.get(..value_start).unwrap_or(""));
        let value = rest.get(value_start..).unwrap_or("");
        let value_len = value.find('"').unwrap_or(value.len());
        let placeholder = value.get(..value_len).unwrap_or("");
        match slugs.get(placeholder) {
            Some(slug) => out.push_str(&crate::escape::html_attribute(slug)),
            None => out.push_str(placeholder),
        }
        rest = value.get(value_len..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The id of the heading `html` is, when it is one kbgen wrote.
fn heading_id(html: &str) -> Option<&str> {
    let rest = html.strip_prefix("<h")?;
    let rest = rest.strip_prefix(|c: char| ('1'..='6').contains(&c))?;
    let rest = rest.strip_prefix(" id=\"")?;
    rest.split('"').next()
}

/// Each tab label in `html`: its `__tabbed_N_M` id and its text.
fn labels(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<label for=\"__tabbed_") {
        let after = rest.get(at + "<label for=\"".len()..).unwrap_or("");
        let Some((placeholder, after)) = after.split_once('"') else {
            break;
        };
        let inner = after.split_once('>').map_or("", |(_, inner)| inner);
        let inner = inner.split("</label>").next().unwrap_or("");
        found.push((placeholder.to_owned(), super::html_text::plain_text(inner)));
        rest = after;
    }
    found
}

/// `id`, or `id_1`, `id_2`… when taken (`""` becomes `_1`), as
/// Python-Markdown's `toc.unique` makes it; the result is taken.
fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id;
    while candidate.is_empty() || used.contains(&candidate) {
        candidate = match candidate.rsplit_once('_') {
            Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                let next = n.parse::<u64>().map_or(1, |n| n.saturating_add(1));
                format!("{stem}_{next}")
            }
            _ => format!("{candidate}_1"),
        };
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_as_python_markdown_makes_them() {
        let mut used: BTreeSet<String> = ["a".to_owned()].into();
        assert_eq!(unique("a".into(), &mut used), "a_1");
        assert_eq!(unique("a".into(), &mut used), "a_2");
        assert_eq!(unique(String::new(), &mut used), "_1");
        assert_eq!(unique("b".into(), &mut used), "b");
    }

    #[test]
    fn labels_are_found_with_their_text() {
        let html = "<input id=\"__tabbed_1_1\"><label for=\"__tabbed_1_1\">A <code>b</code> &amp; c</label>";
        assert_eq!(
            labels(html),
            vec![("__tabbed_1_1".to_owned(), "A b & c".to_owned())]
        );
        assert_eq!(heading_id("<h2 id=\"x\">X</h2>"), Some("x"));
    }
}
