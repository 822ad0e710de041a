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

/// How pages are addressed: MkDocs's `use_directory_urls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UrlStyle {
    /// `sec/how-x.md` → `sec/how-x/` (served as `sec/how-x/index.html`).
    #[default]
    Directories,
    /// `sec/how-x.md` → `sec/how-x.html`, and every link names a file, so
    /// the site also works opened from disk or on a host that does not
    /// look for `index.html`.
    HtmlFiles,
}

/// How an address is written in links and which file serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
enum Form {
    /// `a/b/`, served by `a/b/index.html`.
    #[default]
    Directory,
    /// `a/b.html`.
    HtmlFile,
    /// `a/b/index.html`, written out in links too.
    FolderIndexFile,
}

/// A site-relative address: zero or more segments, in the form the site's
/// [`UrlStyle`] gives it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UrlPath {
    segments: Vec<String>,
    form: Form,
}

impl UrlPath {
    /// The site's root address.
    pub const ROOT: UrlPath = UrlPath {
        segments: Vec::new(),
        form: Form::Directory,
    };

    pub fn root() -> Self {
        Self::default()
    }

    /// A directory-style address (`a/b/`).
    pub fn from_segments(segments: Vec<String>) -> Self {
        Self {
            segments,
            form: Form::Directory,
        }
    }

    /// The address of a folder's page (a section, the tags page): `a/b/`,
    /// or `a/b/index.html` on a site of HTML files.
    pub fn folder(segments: Vec<String>, style: UrlStyle) -> Self {
        let form = match style {
            UrlStyle::Directories => Form::Directory,
            UrlStyle::HtmlFiles => Form::FolderIndexFile,
        };
        Self { segments, form }
    }

    /// The address of a page of its own: `a/b/`, or `a/b.html`.
    fn leaf(segments: Vec<String>, style: UrlStyle) -> Self {
        let form = match style {
            UrlStyle::Directories => Form::Directory,
            UrlStyle::HtmlFiles if segments.is_empty() => Form::FolderIndexFile,
            UrlStyle::HtmlFiles => Form::HtmlFile,
        };
        Self { segments, form }
    }

    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// The address as an href relative to the site's root, percent-encoded:
    /// `sec/how-x/` (empty for the root), `sec/how-x.html` or `sec/index.html`.
    pub fn encoded(&self) -> String {
        let folders = |segments: &[String]| -> String {
            segments
                .iter()
                .map(|s| format!("{}/", utf8_percent_encode(s, SEGMENT)))
                .collect()
        };
        match (self.form, self.segments.split_last()) {
            (Form::Directory, _) => folders(&self.segments),
            (Form::HtmlFile, Some((last, parents))) => {
                format!(
                    "{}{}.html",
                    folders(parents),
                    utf8_percent_encode(last, SEGMENT)
                )
            }
            (Form::HtmlFile | Form::FolderIndexFile, _) => {
                format!("{}index.html", folders(&self.segments))
            }
        }
    }

    /// The output file serving this address: `sec/how-x/index.html` or `sec/how-x.html`.
    pub fn output_file(&self) -> String {
        match (self.form, self.segments.split_last()) {
            (Form::HtmlFile, Some((last, parents))) => {
                let mut path: String = parents.iter().map(|s| format!("{s}/")).collect();
                path.push_str(last);
                path.push_str(".html");
                path
            }
            _ => {
                let mut path: String = self.segments.iter().map(|s| format!("{s}/")).collect();
                path.push_str("index.html");
                path
            }
        }
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
pub fn page_url(rel_path: &str, slug: Option<&str>, style: UrlStyle) -> UrlPath {
    let mut segments: Vec<String> = rel_path.split('/').map(str::to_owned).collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    if is_index_stem(stem) {
        return UrlPath::folder(segments, style);
    }
    segments.push(slug.map_or_else(|| stem.to_owned(), str::to_owned));
    UrlPath::leaf(segments, style)
}

/// `index.md`, `_index.md` and `README.md` are their folder's section page
/// (a README beside an index is left out when the folder is read).
pub fn is_index_stem(stem: &str) -> bool {
    matches!(stem, "index" | "_index" | "README")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_url_d(rel_path: &str, slug: Option<&str>) -> UrlPath {
        page_url(rel_path, slug, UrlStyle::Directories)
    }

    #[test]
    fn html_file_urls_as_mkdocs_without_directory_urls() {
        let files = |rel_path: &str| {
            let url = page_url(rel_path, None, UrlStyle::HtmlFiles);
            (url.encoded(), url.output_file())
        };
        assert_eq!(
            files("sec/how-x.md"),
            ("sec/how-x.html".into(), "sec/how-x.html".into())
        );
        assert_eq!(
            files("sec/index.md"),
            ("sec/index.html".into(), "sec/index.html".into())
        );
        assert_eq!(
            files("sec/README.md"),
            ("sec/index.html".into(), "sec/index.html".into())
        );
        assert_eq!(
            files("index.md"),
            ("index.html".into(), "index.html".into())
        );
        assert_eq!(
            files("a b/c d.md"),
            ("a%20b/c%20d.html".into(), "a b/c d.html".into())
        );
        let tags = UrlPath::folder(vec!["tags".into()], UrlStyle::HtmlFiles);
        assert_eq!(tags.encoded(), "tags/index.html");
        assert_eq!(
            UrlPath::folder(Vec::new(), UrlStyle::HtmlFiles).encoded(),
            "index.html"
        );
    }

    #[test]
    fn mkdocs_compatible_urls() {
        assert_eq!(page_url_d("sec/how-x.md", None).encoded(), "sec/how-x/");
        assert_eq!(page_url_d("sec/index.md", None).encoded(), "sec/");
        assert_eq!(page_url_d("sec/_index.md", None).encoded(), "sec/");
        assert_eq!(page_url_d("index.md", None).encoded(), "");
        assert_eq!(page_url_d("sec/README.md", None).encoded(), "sec/");
        assert_eq!(page_url_d("a.md", None).output_file(), "a/index.html");
        assert_eq!(page_url_d("index.md", None).output_file(), "index.html");
    }

    #[test]
    fn slug_replaces_the_last_segment() {
        assert_eq!(
            page_url_d("sec/how-x.md", Some("short")).encoded(),
            "sec/short/"
        );
    }

    #[test]
    fn spaces_and_non_ascii_are_encoded_in_hrefs_only() {
        let url = page_url_d("my sec/café.md", None);
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
