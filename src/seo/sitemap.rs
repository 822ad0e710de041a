//! `sitemap.xml` (split into a sitemap index past 50,000 URLs) and `robots.txt`.

use super::xml::escape;

/// The most URLs one sitemap file may list (sitemaps.org).
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

/// One published page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub url: String,
    /// `2025-10-07`, from `updated`, else `date`.
    pub lastmod: Option<String>,
}

/// The sitemap files: `sitemap.xml` alone, or an index plus `sitemap-N.xml` parts.
/// `base` is the absolute site URL ending in `/`.
pub fn sitemaps(entries: &[SitemapEntry], base: &str) -> Vec<(String, String)> {
    if entries.len() <= MAX_URLS_PER_SITEMAP {
        return vec![("sitemap.xml".to_owned(), url_set(entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (number, chunk) in entries.chunks(MAX_URLS_PER_SITEMAP).enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{base}{name}"))
        ));
        files.push((name, url_set(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index));
    files
}

fn url_set(entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(&entry.url));
        xml.push_str("</loc>");
        if let Some(lastmod) = &entry.lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&escape(lastmod));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A permissive `robots.txt` that points crawlers at the sitemap.
pub fn robots_txt(sitemap_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = sitemap_url {
        text.push_str(&format!("\nSitemap: {url}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(count: usize) -> Vec<SitemapEntry> {
        (0..count)
            .map(|i| SitemapEntry {
                url: format!("https://x/p{i}/"),
                lastmod: None,
            })
            .collect()
    }

    #[test]
    fn small_sites_have_one_sitemap() {
        let files = sitemaps(&entries(2), "https://x/");
        assert_eq!(files.len(), 1);
        assert!(files[0].1.contains("<url><loc>https://x/p1/</loc></url>"));
    }

    #[test]
    fn large_sites_get_an_index() {
        let files = sitemaps(&entries(MAX_URLS_PER_SITEMAP + 1), "https://x/");
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(files[0].1.contains("<loc>https://x/sitemap-2.xml</loc>"));
        assert_eq!(files[2].1.matches("<url>").count(), 1);
    }
}
