//! Page addresses. kbgen gives pages the same pretty URLs MkDocs does, so a
//! migrated site keeps its addresses: `sec/how-x.md` → `sec/how-x/`,
//! `sec/index.md` → `sec/`, `index.md` → the root.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a URL path segment (RFC 3986 `pchar` complement).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// A site-relative directory-style address: zero or more segments, each
/// served as `segment/.../index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UrlPath {
    segments: Vec<String>,
}

impl UrlPath {
    /// The site's root address.
    pub const ROOT: UrlPath = UrlPath {
        segments: Vec::new(),
    };

    pub fn root() -> Self {
        Self::default()
    }

    pub fn from_segments(segments: Vec<String>) -> Self {
        Self { segments }
    }

    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// `sec/how-x/` (empty for the root), percent-encoded for use in an href.
    pub fn encoded(&self) -> String {
        self.segments
            .iter()
            .map(|s| format!("{}/", utf8_percent_encode(s, SEGMENT)))
            .collect()
    }

    /// The output file serving this address: `sec/how-x/index.html`.
    pub fn output_file(&self) -> String {
        let mut path: String = self.segments.iter().map(|s| format!("{s}/")).collect();
        path.push_str("index.html");
        path
    }

    /// Checks a front matter `slug` or alias segment: it must stay inside
    /// its folder and be a name every file system holds.
    pub fn check_segment(segment: &str) -> Result<(), String> {
        crate::output::path::check_segment(segment)
    }
}

/// A forward-slash file path (`css/my styles.css`), percent-encoded for use
/// in an href segment by segment.
pub fn encode_file_path(path: &str) -> String {
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The address of a markdown file at `rel_path` (forward slashes, relative to
/// the content folder), with an optional slug replacing its last segment.
pub fn page_url(rel_path: &str, slug: Option<&str>) -> UrlPath {
    let mut segments: Vec<String> = rel_path.split('/').map(str::to_owned).collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    if !is_index_stem(stem) {
        segments.push(slug.map_or_else(|| stem.to_owned(), str::to_owned));
    }
    UrlPath::from_segments(segments)
}

/// `index.md` and `_index.md` are their folder's section page.
pub fn is_index_stem(stem: &str) -> bool {
    stem == "index" || stem == "_index"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_compatible_urls() {
        assert_eq!(page_url("sec/how-x.md", None).encoded(), "sec/how-x/");
        assert_eq!(page_url("sec/index.md", None).encoded(), "sec/");
        assert_eq!(page_url("sec/_index.md", None).encoded(), "sec/");
        assert_eq!(page_url("index.md", None).encoded(), "");
        assert_eq!(page_url("a.md", None).output_file(), "a/index.html");
        assert_eq!(page_url("index.md", None).output_file(), "index.html");
    }

    #[test]
    fn slug_replaces_the_last_segment() {
        assert_eq!(
            page_url("sec/how-x.md", Some("short")).encoded(),
            "sec/short/"
        );
    }

    #[test]
    fn spaces_and_non_ascii_are_encoded_in_hrefs_only() {
        let url = page_url("my sec/café.md", None);
        assert_eq!(url.encoded(), "my%20sec/caf%C3%A9/");
        assert_eq!(url.output_file(), "my sec/café/index.html");
    }

    #[test]
    fn escaping_segments_are_refused() {
        assert!(UrlPath::check_segment("..").is_err());
        assert!(UrlPath::check_segment("../x").is_err());
        assert!(UrlPath::check_segment("ok-slug").is_ok());
    }
}
