//! The Atom feed of the newest articles.

use super::xml::escape;

/// One article in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// RFC 3339.
    pub published: String,
    /// RFC 3339; `updated` or else `published`.
    pub updated: String,
    /// The summary: HTML when `summary_is_html`, else plain text.
    pub summary: Option<String>,
    pub summary_is_html: bool,
}

/// What the feed says about the site.
#[derive(Debug, Clone)]
pub struct FeedSite<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub author: &'a str,
    pub language: &'a str,
    /// Absolute site URL ending in `/`.
    pub base: &'a str,
}

/// An Atom 1.0 document, newest entries first; `None` without entries (Atom
/// needs an `updated` time, and kbgen takes it from the content, not the clock).
pub fn atom(site: &FeedSite<'_>, mut entries: Vec<FeedEntry>, limit: usize) -> Option<String> {
    entries.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then_with(|| a.title.cmp(&b.title))
    });
    entries.truncate(limit);
    let newest = entries.first()?.updated.clone();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(site.language)
    ));
    xml.push_str(&format!("<title>{}</title>\n", escape(site.title)));
    if let Some(description) = site.description {
        xml.push_str(&format!("<subtitle>{}</subtitle>\n", escape(description)));
    }
    xml.push_str(&format!(
        "<link href=\"{}feed.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        escape(site.base)
    ));
    xml.push_str(&format!(
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
        escape(site.base)
    ));
    xml.push_str(&format!("<id>{}</id>\n", escape(site.base)));
    xml.push_str(&format!("<updated>{}</updated>\n", escape(&newest)));
    xml.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape(site.author)
    ));
    xml.push_str(&format!(
        "<generator>kbgen {}</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for entry in &entries {
        xml.push_str("<entry>\n");
        xml.push_str(&format!("<title>{}</title>\n", escape(&entry.title)));
        xml.push_str(&format!(
            "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
            escape(&entry.url)
        ));
        xml.push_str(&format!("<id>{}</id>\n", escape(&entry.url)));
        xml.push_str(&format!(
            "<published>{}</published>\n",
            escape(&entry.published)
        ));
        xml.push_str(&format!("<updated>{}</updated>\n", escape(&entry.updated)));
        if let Some(summary) = &entry.summary {
            let kind = if entry.summary_is_html {
                "html"
            } else {
                "text"
            };
            xml.push_str(&format!(
                "<summary type=\"{kind}\">{}</summary>\n",
                escape(summary)
            ));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, updated: &str) -> FeedEntry {
        FeedEntry {
            title: title.into(),
            url: format!("https://x/{title}/"),
            published: updated.into(),
            updated: updated.into(),
            summary: Some("<b>&</b>".into()),
            summary_is_html: true,
        }
    }

    fn site() -> FeedSite<'static> {
        FeedSite {
            title: "KB",
            description: None,
            author: "Me",
            language: "en",
            base: "https://x/",
        }
    }

    #[test]
    fn newest_first_limited_and_escaped() {
        let xml = atom(
            &site(),
            vec![
                entry("old", "2024-01-01T00:00:00Z"),
                entry("new", "2025-01-01T00:00:00Z"),
            ],
            1,
        )
        .unwrap_or_default();
        assert!(xml.contains("<updated>2025-01-01T00:00:00Z</updated>"));
        assert!(xml.contains("<title>new</title>"));
        assert!(!xml.contains("<title>old</title>"));
        assert!(xml.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
    }

    #[test]
    fn no_entries_no_feed() {
        assert_eq!(atom(&site(), Vec::new(), 20), None);
    }
}
