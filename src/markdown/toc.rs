//! What Python-Markdown's `toc` options say about headings and contents:
//! the permalink after (or before) each heading, a link around its text,
//! a shift of every heading level, which levels contents list, and the
//! `[TOC]` marker's box.

use crate::escape::{html_attribute, html_text};

/// The `[toc]` options beyond heading ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocSettings {
    /// The permalink's text; `None`: no permalinks.
    pub permalink: Option<String>,
    pub permalink_class: String,
    /// The permalink's `title`; `None`: an `aria-label` names it instead.
    pub permalink_title: Option<String>,
    /// The permalink before the heading's text rather than after it.
    pub permalink_leading: bool,
    /// The heading's text is a link to itself, with this class.
    pub anchorlink: Option<String>,
    /// The level a `#` heading is written at (1: as written).
    pub baselevel: u8,
    /// The levels the sidebar's contents list; `None`: h2–h4.
    pub depth: Option<(u8, u8)>,
    /// The paragraph replaced by the contents box; `""`: none is.
    pub marker: String,
    pub title: Option<String>,
    pub toc_class: String,
    pub title_class: String,
}

impl Default for TocSettings {
    fn default() -> Self {
        TocSettings {
            permalink: Some("¶".to_owned()),
            permalink_class: "headerlink".to_owned(),
            permalink_title: None,
            permalink_leading: false,
            anchorlink: None,
            baselevel: 1,
            depth: None,
            marker: "[TOC]".to_owned(),
            title: None,
            toc_class: "toc".to_owned(),
            title_class: "toctitle".to_owned(),
        }
    }
}

impl TocSettings {
    /// The level a heading written at `level` is shown at.
    pub fn level(&self, level: u8) -> u8 {
        (level + self.baselevel.saturating_sub(1)).min(6)
    }

    /// Whether the sidebar's contents list a heading at `level`.
    pub fn in_sidebar(&self, level: u8) -> bool {
        let (top, bottom) = self.depth.unwrap_or((2, 4));
        (top..=bottom).contains(&level)
    }

    /// Whether the `[TOC]` box lists a heading at `level` (all levels
    /// unless `toc_depth` says otherwise, as Python-Markdown's).
    pub fn in_marker(&self, level: u8) -> bool {
        let (top, bottom) = self.depth.unwrap_or((1, 6));
        (top..=bottom).contains(&level)
    }

    /// The heading's inner HTML with its permalink and self-link.
    pub fn decorate(&self, id: &str, inner_html: &str) -> String {
        let mut html = match &self.anchorlink {
            Some(class) => format!(
                "<a class=\"{}\" href=\"#{}\">{inner_html}</a>",
                html_attribute(class),
                html_attribute(id)
            ),
            None => inner_html.to_owned(),
        };
        if let Some(text) = &self.permalink {
            let name = match &self.permalink_title {
                Some(title) => format!(" title=\"{}\"", html_attribute(title)),
                None => " aria-label=\"Link to this section\"".to_owned(),
            };
            let link = format!(
                "<a class=\"{}\" href=\"#{}\"{name}>{}</a>",
                html_attribute(&self.permalink_class),
                html_attribute(id),
                html_text(text)
            );
            match self.permalink_leading {
                true => html.insert_str(0, &link),
                false => html.push_str(&link),
            }
        }
        html
    }

    /// The opening of the `[TOC]` box, with its title.
    pub fn box_open(&self) -> String {
        let mut html = format!("<div class=\"{}\">", html_attribute(&self.toc_class));
        if let Some(title) = &self.title {
            html.push_str("<span");
            if !self.title_class.is_empty() {
                html.push_str(&format!(" class=\"{}\"", html_attribute(&self.title_class)));
            }
            html.push_str(&format!(">{}</span>", html_text(title)));
        }
        html.push('\n');
        html
    }
}

/// `toc_depth` as Python-Markdown reads it: `3` (levels 1–3) or `"2-4"`.
pub fn parse_depth(text: &str) -> Option<(u8, u8)> {
    let (top, bottom) = match text.split_once('-') {
        Some((top, bottom)) => (top.trim().parse().ok()?, bottom.trim().parse().ok()?),
        None => (1, text.trim().parse().ok()?),
    };
    ((1..=6).contains(&top) && (top..=6).contains(&bottom)).then_some((top, bottom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_depths() {
        let shifted = TocSettings {
            baselevel: 3,
            ..TocSettings::default()
        };
        assert_eq!((shifted.level(1), shifted.level(5)), (3, 6));
        assert_eq!(parse_depth("3"), Some((1, 3)));
        assert_eq!(parse_depth("2-4"), Some((2, 4)));
        assert_eq!(parse_depth("4-2"), None);
        assert_eq!(parse_depth("7"), None);
        let default = TocSettings::default();
        assert!(default.in_sidebar(2) && !default.in_sidebar(5) && default.in_marker(6));
    }

    #[test]
    fn permalinks_and_self_links() {
        let default = TocSettings::default();
        assert_eq!(
            default.decorate("a", "A"),
            "A<a class=\"headerlink\" href=\"#a\" aria-label=\"Link to this section\">¶</a>"
        );
        let python = TocSettings {
            permalink: Some("#".to_owned()),
            permalink_title: Some("Permanent link".to_owned()),
            permalink_leading: true,
            anchorlink: Some("toclink".to_owned()),
            ..TocSettings::default()
        };
        assert_eq!(
            python.decorate("a", "A"),
            "<a class=\"headerlink\" href=\"#a\" title=\"Permanent link\">#</a><a class=\"toclink\" href=\"#a\">A</a>"
        );
    }
}
