//! `site.toml`: its schema (unknown keys are errors), defaults, validation,
//! and the one place where file settings and command-line overrides meet.

mod link_levels;
pub mod mkdocs;
mod scripts;
mod syntax;

pub use link_levels::{Level, LinkLevels};
pub use scripts::ExtraScript;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::colour::Rgb;
use crate::content::MetaTag;
use crate::content::doc_patterns::DocPatterns;
use crate::content::nav::NavEntry;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::markdown::slug::{Normalization, SlugCase, SlugStyle};

/// The name of the settings file at a site's root.
pub const CONFIG_FILE: &str = "site.toml";

/// `site.toml` exactly as the user wrote it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    title: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    content_dir: Option<PathBuf>,
    #[serde(default)]
    output_dir: Option<PathBuf>,
    #[serde(default)]
    meta: Vec<MetaTag>,
    #[serde(default)]
    highlight: HighlightToml,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    image_alt: Option<String>,
    #[serde(default)]
    faq: FaqToml,
    #[serde(default)]
    feed: FeedToml,
    #[serde(default)]
    see_also: SeeAlsoToml,
    #[serde(default)]
    cache_dir: Option<PathBuf>,
    #[serde(default)]
    extra_css: Vec<String>,
    #[serde(default)]
    extra_js: Vec<scripts::ScriptToml>,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    links: link_levels::LinksToml,
    #[serde(default)]
    copyright: Option<String>,
    #[serde(default)]
    repo_url: Option<String>,
    #[serde(default)]
    theme: ThemeToml,
    #[serde(default)]
    toc: TocToml,
    #[serde(default)]
    nav: Option<toml::Value>,
    #[serde(default)]
    markdown: MarkdownToml,
    #[serde(default)]
    use_directory_urls: Option<bool>,
    #[serde(default)]
    redirects: BTreeMap<String, String>,
    #[serde(default)]
    nav_style: Option<NavStyleName>,
    #[serde(default)]
    edit_uri: Option<String>,
    #[serde(default)]
    exclude_docs: Vec<String>,
    #[serde(default)]
    draft_docs: Vec<String>,
    #[serde(default)]
    not_in_nav: Vec<String>,
}

/// `nav_style`: the sidebar of a site without `nav`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum NavStyleName {
    Folders,
    Mkdocs,
    AwesomePages,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownToml {
    meta: Option<bool>,
    tabbed: Option<syntax::TabbedToml>,
    snippets: Option<syntax::SnippetsToml>,
    arithmatex: Option<syntax::ArithmatexToml>,
    abbr: Option<bool>,
    def_list: Option<bool>,
    attr_list: Option<bool>,
    emoji: Option<syntax::EmojiToml>,
    mark: Option<bool>,
    caret: Option<bool>,
    tilde: Option<bool>,
    keys: Option<bool>,
    inlinehilite: Option<bool>,
    smartsymbols: Option<bool>,
    headings_without_space: Option<bool>,
    md_in_html: Option<bool>,
    python_raw_html: Option<bool>,
    python_lists: Option<bool>,
    tasklist: Option<syntax::TasklistToml>,
    critic: Option<syntax::CriticToml>,
    footnotes: Option<syntax::FootnotesToml>,
    custom_fences: Option<Vec<syntax::CustomFenceToml>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TocToml {
    slugify: Option<SlugifyName>,
    separator: Option<String>,
    case: Option<SlugCaseName>,
    percent_encode: Option<bool>,
    normalize: Option<String>,
    /// `true`, `false` or the permalink's text.
    permalink: Option<toml::Value>,
    permalink_class: Option<String>,
    permalink_title: Option<String>,
    permalink_leading: Option<bool>,
    anchorlink: Option<bool>,
    anchorlink_class: Option<String>,
    baselevel: Option<u8>,
    /// `3` or `"2-4"`.
    toc_depth: Option<toml::Value>,
    marker: Option<String>,
    title: Option<String>,
    toc_class: Option<String>,
    title_class: Option<String>,
}

/// `[toc] slugify`: whose heading ids the site keeps.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum SlugifyName {
    Github,
    PythonMarkdown,
    PythonMarkdownUnicode,
    Pymdownx,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum SlugCaseName {
    None,
    Lower,
    LowerAscii,
    Fold,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeToml {
    logo: Option<String>,
    favicon: Option<String>,
    mermaid: Option<String>,
    accent: Option<String>,
    accent_dark: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeeAlsoToml {
    heading: Option<String>,
    related: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaqToml {
    answer_title: Option<String>,
    section_titles: Option<Vec<String>>,
    keep_author_faq_page: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedToml {
    entries: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HighlightToml {
    light_theme: Option<String>,
    dark_theme: Option<String>,
}

/// Settings that come from the command line and win over `site.toml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// The resolved settings of one site, used by every later stage.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding `site.toml`.
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub language: String,
    pub base_url: BaseUrl,
    /// Absolute path of the content folder.
    pub content_dir: PathBuf,
    /// Absolute path of the output folder.
    pub output_dir: PathBuf,
    /// Meta tags applied to every page (like MkDocs `extra.meta`).
    pub meta: Vec<MetaTag>,
    pub highlight: HighlightThemes,
    /// The default `og:image`: an absolute URL or a path inside the site.
    pub image: Option<String>,
    /// What the image shows, for `og:image:alt` (default: the site title).
    pub image_alt: Option<String>,
    pub faq: FaqSettings,
    /// How many articles the Atom feed lists.
    pub feed_entries: usize,
    /// The heading of the author's "See also" list.
    pub see_also_heading: String,
    /// How many related articles each article suggests.
    pub related_count: usize,
    /// Where highlighted code is kept between builds (absolute).
    pub cache_dir: PathBuf,
    /// Build pages marked `draft: true`.
    pub drafts: bool,
    /// Stylesheets every page links after the theme's (paths in the site,
    /// or absolute URLs), like MkDocs' `extra_css`.
    pub extra_css: Vec<String>,
    /// Scripts every page loads, like MkDocs' `extra_javascript`.
    pub extra_js: Vec<ExtraScript>,
    /// The author's own settings for templates (`site.extra`), like
    /// MkDocs' `extra`.
    pub extra: toml::Table,
    /// How loudly broken links and anchors are reported (`[links]`).
    pub link_levels: LinkLevels,
    /// The footer's copyright line, as HTML (like MkDocs' `copyright`).
    pub copyright: Option<String>,
    /// Where the site's sources live, linked from the footer (like MkDocs' `repo_url`).
    pub repo_url: Option<String>,
    pub theme: ThemeSettings,
    /// How heading ids are made (`[toc]`).
    pub slug_style: SlugStyle,
    /// Permalinks, heading levels and contents (`[toc]`).
    pub toc: crate::markdown::toc::TocSettings,
    /// Tab ids from their labels (`[markdown.tabbed] slugify`); `None`: `__tabbed_N_M`.
    pub tab_slugs: Option<crate::markdown::tab_slugs::TabSlugs>,
    /// Footnotes' ids, numbers and back-links (`[markdown.footnotes]`).
    pub footnotes: crate::markdown::footnotes::FootnoteSettings,
    /// What loading the settings has to tell every command (read from
    /// mkdocs.yml, and what of it is not used).
    pub notes: Diagnostics,
    /// Where the settings came from: site.toml, or mkdocs.yml without one.
    pub settings_file: &'static str,
    /// The sidebar as the author wrote it (MkDocs' `nav`); `None`: from the folders.
    pub nav: Option<Vec<NavEntry>>,
    /// `Title: …` lines at the top of a page without front matter are
    /// settings, as MkDocs reads them (`[markdown] meta`).
    pub meta_lines: bool,
    /// The extensions beyond CommonMark pages are written with (`[markdown]`).
    pub syntax: crate::markdown::Syntax,
    /// `--8<--` snippets (`[markdown] snippets`); `None`: the lines stay text.
    pub snippets: Option<crate::content::snippets::SnippetSettings>,
    /// Where `:icon-name:` shortcodes find their SVG (`[markdown.emoji] icons`).
    pub icon_folders: Vec<PathBuf>,
    /// Fences written for a script to draw (`[markdown] custom_fences`).
    pub custom_fences: Vec<crate::markdown::syntax::CustomFence>,
    /// `page/` or `page.html` (`use_directory_urls`, as in MkDocs).
    pub url_style: crate::content::UrlStyle,
    /// Old page → new page (`redirects` plugin's `redirect_maps`): paths
    /// in the content folder, a new page may have `#anchor`, or be a web address.
    pub redirects: BTreeMap<String, String>,
    /// The sidebar of a site without `nav`: kbgen's folders, MkDocs's own
    /// order, or that changed by awesome-pages `.pages` files.
    pub nav_style: crate::content::auto_nav::NavStyle,
    /// Where pages are edited, relative to `repo_url` (MkDocs's `edit_uri`).
    pub edit_uri: Option<String>,
    /// Files of the content folder left out of the site (MkDocs's `exclude_docs`).
    pub exclude_docs: DocPatterns,
    /// Pages built only with `--drafts` (MkDocs's `draft_docs`).
    pub draft_docs: DocPatterns,
    /// Pages not in `nav` on purpose: never reported as unreachable.
    pub not_in_nav: DocPatterns,
}

/// The default theme's look: `[theme]` in site.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSettings {
    /// The header's logo: a file of the site or an absolute URL.
    pub logo: Option<String>,
    /// The browser-tab icon: a file of the site or an absolute URL
    /// (default: the theme's `favicon.svg`).
    pub favicon: Option<String>,
    /// The site's own copy of mermaid.js, loaded on pages with diagrams.
    pub mermaid: Option<String>,
    /// The link and header colour, when the site sets one.
    pub accent: Option<Accent>,
}

/// The accent colour for light and for dark pages, each legible there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accent {
    pub light: Rgb,
    pub dark: Rgb,
}

/// Where the short answer and FAQ entries come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqSettings {
    /// The title of the admonition holding a page's short answer.
    pub answer_title: String,
    /// Titles of the h2 sections whose `###` questions become FAQ entries.
    pub section_titles: Vec<String>,
    /// Keep hand-written FAQPage scripts instead of generating one.
    pub keep_author_faq_page: bool,
}

impl Default for FaqSettings {
    fn default() -> Self {
        Self {
            answer_title: "In short".to_owned(),
            section_titles: vec!["FAQ".to_owned(), "Frequently asked questions".to_owned()],
            keep_author_faq_page: false,
        }
    }
}

/// The syntax-highlighting themes, by their two-face/syntect names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightThemes {
    pub light: String,
    pub dark: String,
}

impl Default for HighlightThemes {
    fn default() -> Self {
        Self {
            light: "GitHub".to_owned(),
            dark: "OneHalfDark".to_owned(),
        }
    }
}

/// Where the site is published: an absolute URL whose path may hold a prefix
/// (`https://example.org/kb/`), or just a root path when none is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org` — empty when the site has no absolute address.
    origin: String,
    /// `/kb/` — always starts and ends with `/`.
    path: String,
}

impl BaseUrl {
    /// Parses a user-supplied base URL; `None` explains what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "/" {
            return Ok(Self::root());
        }
        let url = url::Url::parse(trimmed).map_err(|e| format!("`{trimmed}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("`{trimmed}` must start with http:// or https://"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{trimmed}` must not have a query or fragment"));
        }
        let origin = url.origin().ascii_serialization();
        let mut path = url.path().to_owned();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Self { origin, path })
    }

    /// A site served from `/` with no known origin.
    pub fn root() -> Self {
        Self {
            origin: String::new(),
            path: "/".to_owned(),
        }
    }

    /// The path prefix every site URL starts with (`/` or `/kb/`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether canonical URLs can be absolute.
    pub fn has_origin(&self) -> bool {
        !self.origin.is_empty()
    }

    /// Turns a site-relative path (`sec/page/`) into a root-relative URL (`/kb/sec/page/`).
    pub fn url_for(&self, relative: &str) -> String {
        format!("{}{}", self.path, relative.trim_start_matches('/'))
    }

    /// Turns a site-relative path into an absolute URL when the origin is known.
    pub fn permalink_for(&self, relative: &str) -> String {
        format!("{}{}", self.origin, self.url_for(relative))
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

/// Why a site's settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The root has no `site.toml` (and no `mkdocs.yml` to read instead).
    #[error("no {CONFIG_FILE} in {}", root.display())]
    Missing { root: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is there but wrong; the diagnostics say where.
    #[error("{CONFIG_FILE} has errors")]
    Invalid(Diagnostics),
}

fn printable_setting(text: &str) -> String {
    crate::content::without_controls(text).into_owned()
}

/// For serde's "unknown field `titel`, expected one of `title`, …", the
/// expected name nearest to the one written.
fn meant_name(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (written, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::diagnostics::closest_name(written, names).map(str::to_owned)
}

/// The largest site.toml kbgen reads.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

fn read_config_text(path: &Path) -> std::io::Result<String> {
    use crate::bounded_read::{Bounded, read_bounded};
    match read_bounded(path, MAX_CONFIG_BYTES)? {
        Bounded::Read(bytes) => String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        Bounded::TooLarge(size) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is {size} bytes; site.toml may be at most 1 MB"),
        )),
    }
}

/// Reads and validates `root/site.toml`, applying command-line overrides.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, ConfigError> {
    let path = root.join(CONFIG_FILE);
    let text = match read_config_text(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mkdocs_yml = root.join(MKDOCS_FILE);
            if mkdocs_yml.is_file() {
                return load_mkdocs(root, &mkdocs_yml, overrides);
            }
            return Err(ConfigError::Missing {
                root: root.to_path_buf(),
            });
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    parse(root, &text, overrides).map_err(ConfigError::Invalid)
}

/// MkDocs' settings file, read when a folder has no site.toml.
pub const MKDOCS_FILE: &str = "mkdocs.yml";

/// An MkDocs project without a site.toml: its mkdocs.yml, said as one,
/// with a note that this happened and one warning naming what kbgen does
/// not use of it.
fn load_mkdocs(
    root: &Path,
    mkdocs_yml: &Path,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let translated = mkdocs::site_toml(mkdocs_yml).map_err(|message| {
        ConfigError::Invalid(Diagnostics::from_iter([Diagnostic::error(
            "config", message,
        )
        .in_file(MKDOCS_FILE)]))
    })?;
    let mut config = parse(root, &translated.toml, overrides).map_err(ConfigError::Invalid)?;
    config.settings_file = MKDOCS_FILE;
    config.notes.push(
        Diagnostic::warning("mkdocs", "no site.toml here: reading mkdocs.yml")
            .with_severity(crate::diagnostics::Severity::Hint)
            .in_file(MKDOCS_FILE)
            .with_help("`kbgen init --from-mkdocs` writes these settings out as a site.toml"),
    );
    if !translated.unsupported.is_empty() {
        config.notes.push(
            Diagnostic::warning(
                "mkdocs-unsupported",
                format!(
                    "kbgen does not use these mkdocs.yml settings yet: {}",
                    translated.unsupported.join("; ")
                ),
            )
            .in_file(MKDOCS_FILE),
        );
    }
    Ok(config)
}

/// Parses the text of a `site.toml` found at `root`.
pub fn parse(root: &Path, text: &str, overrides: &Overrides) -> Result<Config, Diagnostics> {
    let source = SourceText::new(CONFIG_FILE, text);
    let raw: SiteToml = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        let mut diagnostic = Diagnostic::error("config", message.clone());
        if let Some(meant) = meant_name(&message) {
            diagnostic = diagnostic.with_help(format!("did you mean `{meant}`?"));
        }
        diagnostic = match e.span() {
            Some(span) => diagnostic.at(&source, span),
            None => diagnostic.in_file(CONFIG_FILE),
        };
        Diagnostics::from_iter([diagnostic])
    })?;
    let mut problems = Diagnostics::new();
    let key_span = |key: &str| find_key_span(text, key);
    let base_url_text = overrides.base_url.as_deref().or(raw.base_url.as_deref());
    let base_url = match base_url_text.map(BaseUrl::parse) {
        None => BaseUrl::root(),
        Some(Ok(url)) => url,
        Some(Err(message)) => {
            let diagnostic = Diagnostic::error("config", format!("invalid base_url: {message}"));
            problems.push(match (overrides.base_url.is_some(), key_span("base_url")) {
                (false, Some(span)) => diagnostic.at(&source, span),
                _ => diagnostic.with_help("given with --base-url"),
            });
            BaseUrl::root()
        }
    };
    if raw.title.trim().is_empty() {
        let diagnostic = Diagnostic::error("config", "title must not be empty");
        problems.push(match key_span("title") {
            Some(span) => diagnostic.at(&source, span),
            None => diagnostic.in_file(CONFIG_FILE),
        });
    }
    for (index, tag) in raw.meta.iter().enumerate() {
        if let Err(message) = tag.validate() {
            let diagnostic =
                Diagnostic::error("config", format!("meta entry {}: {message}", index + 1));
            problems.push(match key_span("meta") {
                Some(span) => diagnostic.at(&source, span),
                None => diagnostic.in_file(CONFIG_FILE),
            });
        }
    }
    let defaults = HighlightThemes::default();
    let highlight = HighlightThemes {
        light: raw.highlight.light_theme.unwrap_or(defaults.light),
        dark: raw.highlight.dark_theme.unwrap_or(defaults.dark),
    };
    for (key, name) in [
        ("light_theme", &highlight.light),
        ("dark_theme", &highlight.dark),
    ] {
        if !crate::markdown::highlight::theme_exists(name) {
            let diagnostic =
                Diagnostic::error("config", format!("unknown highlight theme `{name}`")).with_help(
                    format!(
                        "available: {}",
                        crate::markdown::highlight::theme_names().join(", ")
                    ),
                );
            problems.push(match key_span(key) {
                Some(span) => diagnostic.at(&source, span),
                None => diagnostic.in_file(CONFIG_FILE),
            });
        }
    }
    let accent = accent(&raw.theme, text, &source, &mut problems);
    let slug_style = slug_style(&raw.toc, text, &source, &mut problems);
    let toc = toc_settings(&raw.toc, text, &source, &mut problems);
    let tab_slugs = match &raw.markdown.tabbed {
        Some(syntax::Switch::Options(tabbed)) if tabbed.slugify.is_some() => {
            let ids = TocToml {
                slugify: tabbed.slugify,
                separator: tabbed.separator.clone(),
                case: tabbed.case,
                percent_encode: tabbed.percent_encode,
                normalize: tabbed.normalize.clone(),
                ..TocToml::default()
            };
            Some(crate::markdown::tab_slugs::TabSlugs {
                style: self::slug_style(&ids, text, &source, &mut problems),
                combine_header_slug: tabbed.combine_header_slug.unwrap_or(false),
            })
        }
        _ => None,
    };
    let nav = match raw.nav.as_ref().map(crate::content::nav::parse) {
        None => None,
        Some(Ok(nav)) => Some(nav),
        Some(Err(message)) => {
            let diagnostic = Diagnostic::error("config", message);
            problems.push(match key_span("nav") {
                Some(span) => diagnostic.at(&source, span),
                None => diagnostic.in_file(CONFIG_FILE),
            });
            None
        }
    };
    if let Some(url) = &raw.repo_url {
        if !matches!(url::Url::parse(url), Ok(u) if matches!(u.scheme(), "http" | "https")) {
            let diagnostic = Diagnostic::error(
                "config",
                format!("`repo_url` must be an http:// or https:// address, not `{url}`"),
            );
            problems.push(match key_span("repo_url") {
                Some(span) => diagnostic.at(&source, span),
                None => diagnostic.in_file(CONFIG_FILE),
            });
        }
    }
    let content_dir = root.join(
        raw.content_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("content")),
    );
    let mut patterns = |key: &str, lines: &[String]| {
        DocPatterns::new(&content_dir, lines).unwrap_or_else(|message| {
            let diagnostic =
                Diagnostic::error("config", format!("invalid `{key}` pattern {message}"));
            problems.push(match key_span(key) {
                Some(span) => diagnostic.at(&source, span),
                None => diagnostic.in_file(CONFIG_FILE),
            });
            DocPatterns::default()
        })
    };
    let exclude_docs = patterns("exclude_docs", &raw.exclude_docs);
    let draft_docs = patterns("draft_docs", &raw.draft_docs);
    let not_in_nav = patterns("not_in_nav", &raw.not_in_nav);
    if problems.has_errors() {
        return Err(problems);
    }
    let output_dir = match &overrides.output_dir {
        Some(dir) => dir.clone(),
        None => root.join(raw.output_dir.unwrap_or_else(|| PathBuf::from("public"))),
    };
    Ok(Config {
        root: root.to_path_buf(),
        // TOML escapes can hold control characters; no page may.
        title: printable_setting(&raw.title),
        description: raw.description.as_deref().map(printable_setting),
        author: raw.author.as_deref().map(printable_setting),
        language: raw.language.unwrap_or_else(|| "en".to_owned()),
        base_url,
        content_dir,
        output_dir,
        meta: raw.meta,
        highlight,
        image: raw.image,
        image_alt: raw.image_alt,
        faq: FaqSettings {
            answer_title: raw
                .faq
                .answer_title
                .unwrap_or_else(|| FaqSettings::default().answer_title),
            section_titles: raw
                .faq
                .section_titles
                .unwrap_or_else(|| FaqSettings::default().section_titles),
            keep_author_faq_page: raw.faq.keep_author_faq_page.unwrap_or(false),
        },
        feed_entries: raw.feed.entries.unwrap_or(20),
        see_also_heading: raw
            .see_also
            .heading
            .unwrap_or_else(|| "See also".to_owned()),
        related_count: raw.see_also.related.unwrap_or(5),
        cache_dir: root.join(
            raw.cache_dir
                .unwrap_or_else(|| PathBuf::from(".kbgen-cache")),
        ),
        drafts: overrides.drafts,
        extra_css: raw.extra_css,
        extra_js: raw
            .extra_js
            .into_iter()
            .map(scripts::ScriptToml::resolve)
            .collect(),
        extra: raw.extra,
        link_levels: raw.links.resolve(),
        copyright: raw.copyright.as_deref().map(printable_setting),
        repo_url: raw.repo_url,
        theme: ThemeSettings {
            logo: raw.theme.logo,
            favicon: raw.theme.favicon,
            mermaid: raw.theme.mermaid,
            accent,
        },
        slug_style,
        toc,
        tab_slugs,
        footnotes: syntax::resolve_footnotes(&raw.markdown),
        notes: Diagnostics::new(),
        settings_file: CONFIG_FILE,
        nav,
        meta_lines: raw.markdown.meta.unwrap_or(false),
        syntax: syntax::resolve(&raw.markdown),
        snippets: syntax::resolve_snippets(&raw.markdown, root),
        icon_folders: syntax::resolve_icon_folders(&raw.markdown, root),
        custom_fences: syntax::resolve_custom_fences(&raw.markdown),
        url_style: match raw.use_directory_urls {
            Some(false) => crate::content::UrlStyle::HtmlFiles,
            _ => crate::content::UrlStyle::Directories,
        },
        redirects: raw.redirects,
        nav_style: match raw.nav_style {
            None | Some(NavStyleName::Folders) => crate::content::auto_nav::NavStyle::Folders,
            Some(NavStyleName::Mkdocs) => crate::content::auto_nav::NavStyle::Mkdocs,
            Some(NavStyleName::AwesomePages) => crate::content::auto_nav::NavStyle::AwesomePages,
        },
        edit_uri: raw.edit_uri,
        exclude_docs,
        draft_docs,
        not_in_nav,
    })
}

/// The syntax a `[markdown]` table selects, given as the table's TOML
/// text (for tests that render pages without a whole site).
pub fn markdown_syntax(table: &str) -> Result<crate::markdown::Syntax, String> {
    let markdown: MarkdownToml = toml::from_str(table).map_err(|e| e.to_string())?;
    Ok(syntax::resolve(&markdown))
}

/// The footnotes' settings a `[markdown]` table gives (for tests and tools).
pub fn markdown_footnotes(
    table: &str,
) -> Result<crate::markdown::footnotes::FootnoteSettings, String> {
    let markdown: MarkdownToml = toml::from_str(table).map_err(|e| e.to_string())?;
    Ok(syntax::resolve_footnotes(&markdown))
}

/// The custom fences a `[markdown]` table gives (for tests and tools).
pub fn markdown_custom_fences(
    table: &str,
) -> Result<Vec<crate::markdown::syntax::CustomFence>, String> {
    let markdown: MarkdownToml = toml::from_str(table).map_err(|e| e.to_string())?;
    Ok(syntax::resolve_custom_fences(&markdown))
}

/// `[toc]`'s options for permalinks, levels and contents, as
/// Python-Markdown's `toc` names them; a value it cannot read is an error.
fn toc_settings(
    toc: &TocToml,
    text: &str,
    source: &SourceText,
    problems: &mut Diagnostics,
) -> crate::markdown::toc::TocSettings {
    use crate::markdown::toc::{TocSettings, parse_depth};
    let mut report = |key: &str, message: &str| {
        let diagnostic = Diagnostic::error("config", format!("`[toc] {key}` {message}"));
        problems.push(match find_key_span(text, key) {
            Some(span) => diagnostic.at(source, span),
            None => diagnostic.in_file(CONFIG_FILE),
        });
    };
    let defaults = TocSettings::default();
    let permalink = match &toc.permalink {
        None | Some(toml::Value::Boolean(true)) => defaults.permalink.clone(),
        Some(toml::Value::Boolean(false)) => None,
        Some(toml::Value::String(symbol)) if symbol.is_empty() => None,
        Some(toml::Value::String(symbol)) => Some(symbol.clone()),
        Some(_) => {
            report("permalink", "must be true, false or the link's text");
            defaults.permalink.clone()
        }
    };
    let depth = match &toc.toc_depth {
        None => None,
        Some(value) => {
            let text = match value {
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::String(s) => s.clone(),
                _ => String::new(),
            };
            let depth = parse_depth(&text);
            if depth.is_none() {
                report(
                    "toc_depth",
                    "must be a level from 1 to 6 or a range such as \"2-4\"",
                );
            }
            depth
        }
    };
    let baselevel = toc.baselevel.unwrap_or(1);
    if !(1..=6).contains(&baselevel) {
        report("baselevel", "must be a level from 1 to 6");
    }
    let or = |value: &Option<String>, default: String| value.clone().unwrap_or(default);
    TocSettings {
        permalink,
        permalink_class: or(&toc.permalink_class, defaults.permalink_class),
        permalink_title: toc.permalink_title.clone().filter(|t| !t.is_empty()),
        permalink_leading: toc.permalink_leading.unwrap_or(false),
        anchorlink: toc
            .anchorlink
            .unwrap_or(false)
            .then(|| or(&toc.anchorlink_class, "toclink".to_owned())),
        baselevel: baselevel.clamp(1, 6),
        depth,
        marker: or(&toc.marker, defaults.marker),
        title: toc.title.clone().filter(|t| !t.is_empty()),
        toc_class: or(&toc.toc_class, defaults.toc_class),
        title_class: or(&toc.title_class, defaults.title_class),
    }
}

/// `[toc]`: GitHub's ids by default, else Python-Markdown's or pymdownx's
/// with their options; pymdownx's options on another style are an error.
fn slug_style(
    toc: &TocToml,
    text: &str,
    source: &SourceText,
    problems: &mut Diagnostics,
) -> SlugStyle {
    let separator = toc.separator.clone().unwrap_or_else(|| "-".to_owned());
    let mut report = |key: &str, message: String| {
        let diagnostic = Diagnostic::error("config", message);
        problems.push(match find_key_span(text, key) {
            Some(span) => diagnostic.at(source, span),
            None => diagnostic.in_file(CONFIG_FILE),
        });
    };
    let normalize = match toc.normalize.as_deref() {
        None => Some(Normalization::Nfc),
        Some("") => None,
        Some(name) => match Normalization::parse(name) {
            Some(form) => Some(form),
            None => {
                report(
                    "normalize",
                    format!("`normalize` must be NFC, NFKC, NFD, NFKD or \"\", not `{name}`"),
                );
                None
            }
        },
    };
    let slugify = toc.slugify.unwrap_or(SlugifyName::Github);
    if !matches!(slugify, SlugifyName::Pymdownx) {
        for (key, set) in [
            ("case", toc.case.is_some()),
            ("percent_encode", toc.percent_encode.is_some()),
            ("normalize", toc.normalize.is_some()),
        ] {
            if set {
                report(
                    key,
                    format!("`[toc] {key}` is an option of slugify = \"pymdownx\" only"),
                );
            }
        }
    }
    if matches!(slugify, SlugifyName::Github) && toc.separator.is_some() {
        report(
            "separator",
            "GitHub's ids always use `-`; `separator` needs slugify = \"python-markdown\" or \"pymdownx\"".to_owned(),
        );
    }
    match slugify {
        SlugifyName::Github => SlugStyle::GitHub,
        SlugifyName::PythonMarkdown => SlugStyle::PythonMarkdown {
            separator,
            unicode: false,
        },
        SlugifyName::PythonMarkdownUnicode => SlugStyle::PythonMarkdown {
            separator,
            unicode: true,
        },
        SlugifyName::Pymdownx => SlugStyle::Pymdownx {
            separator,
            case: match toc.case {
                None | Some(SlugCaseName::None) => SlugCase::None,
                Some(SlugCaseName::Lower) => SlugCase::Lower,
                Some(SlugCaseName::LowerAscii) => SlugCase::LowerAscii,
                Some(SlugCaseName::Fold) => SlugCase::Fold,
            },
            percent_encode: toc.percent_encode.unwrap_or(false),
            normalize,
        },
    }
}

/// The page backgrounds links and the header's text are drawn on, light
/// and dark (`--bg` and `--accent-bg` in kbgen.css).
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf6, 0xf8, 0xfa)];
pub const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x0d, 0x11, 0x17), Rgb(0x15, 0x1b, 0x23)];
/// The theme's own accent (`--brand` and `--brand-dark` in kbgen.css).
pub const DEFAULT_ACCENT: Accent = Accent {
    light: Rgb(0x05, 0x50, 0xae),
    dark: Rgb(0x44, 0x93, 0xf8),
};

/// `[theme] accent` and `accent_dark`, each checked for contrast where it
/// is drawn; an unset dark accent is the light one made legible on dark pages.
fn accent(
    theme: &ThemeToml,
    text: &str,
    source: &SourceText,
    problems: &mut Diagnostics,
) -> Option<Accent> {
    if theme.accent.is_none() && theme.accent_dark.is_none() {
        return None;
    }
    let mut checked = |key: &str, value: &str, backgrounds: &[Rgb], shade: &str| {
        let span = find_key_span(text, key);
        let locate = |diagnostic: Diagnostic| match span.clone() {
            Some(span) => diagnostic.at(source, span),
            None => diagnostic.in_file(CONFIG_FILE),
        };
        let Some(colour) = Rgb::parse(value) else {
            problems.push(locate(
                Diagnostic::error(
                    "config",
                    format!("`{key}` must be a colour written #rgb or #rrggbb, not `{value}`"),
                )
                .with_help("for example accent = \"#0550ae\""),
            ));
            return None;
        };
        let worst = backgrounds
            .iter()
            .map(|&background| colour.contrast(background))
            .fold(f64::INFINITY, f64::min);
        if worst < crate::colour::MIN_CONTRAST {
            let nearest = colour.legible_on_all(backgrounds);
            problems.push(locate(
                Diagnostic::error(
                    "config",
                    format!(
                        "`{key}` {colour} has a contrast of {worst:.2}:1 on {shade} pages; \
                         links and the header's text need 4.5:1"
                    ),
                )
                .with_help(format!("the nearest shade that passes is {nearest}")),
            ));
            return None;
        }
        Some(colour)
    };
    // Both are checked before either is given up on, so both are reported.
    let light = match &theme.accent {
        Some(value) => checked("accent", value, &LIGHT_BACKGROUNDS, "light"),
        None => Some(DEFAULT_ACCENT.light),
    };
    let dark = theme
        .accent_dark
        .as_ref()
        .map(|value| checked("accent_dark", value, &DARK_BACKGROUNDS, "dark"));
    let light = light?;
    let dark = match dark {
        Some(checked) => checked?,
        None => light.legible_on_all(&DARK_BACKGROUNDS),
    };
    Some(Accent { light, dark })
}

/// The byte span of a `key =` line, for pointing at values we validate ourselves.
fn find_key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                return Some(start..start + key.len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        match parse(Path::new("/site"), text, &Overrides::default()) {
            Ok(config) => config,
            Err(problems) => panic!("{problems:?}"),
        }
    }

    fn parse_err(text: &str) -> Diagnostic {
        match parse(Path::new("/site"), text, &Overrides::default()) {
            Ok(_) => panic!("expected an error"),
            Err(problems) => problems
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("no diagnostic")),
        }
    }

    #[test]
    fn defaults_apply() {
        let config = parse_ok("title = \"KB\"\n");
        assert_eq!(config.language, "en");
        assert_eq!(config.content_dir, Path::new("/site/content"));
        assert_eq!(config.output_dir, Path::new("/site/public"));
        assert_eq!(config.base_url.path(), "/");
    }

    #[test]
    fn base_url_path_prefix_is_kept() {
        let config = parse_ok("title = \"KB\"\nbase_url = \"https://example.org/kb\"\n");
        assert_eq!(config.base_url.path(), "/kb/");
        assert_eq!(
            config.base_url.permalink_for("a/b/"),
            "https://example.org/kb/a/b/"
        );
        assert_eq!(config.base_url.url_for("/a/"), "/kb/a/");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let error = parse_err("title = \"KB\"\ncolour = \"red\"\n");
        assert!(error.message.contains("colour"), "{}", error.message);
        assert_eq!(error.line_col(), Some((2, 1)));
    }

    #[test]
    fn wrong_type_names_line() {
        let error = parse_err("title = \"KB\"\nlanguage = 3\n");
        assert_eq!(error.line_col().map(|(line, _)| line), Some(2));
    }

    #[test]
    fn bad_highlight_theme_is_reported() {
        let error = parse_err("title = \"KB\"\n[highlight]\nlight_theme = \"Nope\"\n");
        assert!(error.message.contains("Nope"));
        assert_eq!(error.line_col(), Some((3, 1)));
    }

    #[test]
    fn an_accent_gets_a_legible_dark_shade() {
        let config = parse_ok("title = \"KB\"\n[theme]\naccent = \"#6b21a8\"\n");
        let Some(accent) = config.theme.accent else {
            panic!("no accent")
        };
        assert_eq!(accent.light, Rgb(0x6b, 0x21, 0xa8));
        for background in DARK_BACKGROUNDS {
            assert!(accent.dark.contrast(background) >= crate::colour::MIN_CONTRAST);
        }
        assert_eq!(parse_ok("title = \"KB\"\n").theme.accent, None);
    }

    #[test]
    fn the_default_accent_passes_its_own_check() {
        for background in LIGHT_BACKGROUNDS {
            assert!(DEFAULT_ACCENT.light.contrast(background) >= crate::colour::MIN_CONTRAST);
        }
        for background in DARK_BACKGROUNDS {
            assert!(DEFAULT_ACCENT.dark.contrast(background) >= crate::colour::MIN_CONTRAST);
        }
    }

    #[test]
    fn an_illegible_accent_is_refused_with_a_shade_that_passes() {
        let error = parse_err("title = \"KB\"\n[theme]\naccent = \"#ffcc00\"\n");
        assert!(error.message.contains("contrast"), "{}", error.message);
        assert_eq!(error.line_col(), Some((3, 1)));
        let help = error.help.clone().unwrap_or_default();
        let shade = help.rsplit(' ').next().and_then(Rgb::parse);
        let Some(shade) = shade else {
            panic!("no shade in {help}")
        };
        assert!(LIGHT_BACKGROUNDS.iter().all(|&b| shade.contrast(b) >= 4.5));
    }

    #[test]
    fn both_bad_accents_are_reported() {
        let text = "title = \"KB\"\n[theme]\naccent = \"red\"\naccent_dark = \"#000\"\n";
        let Err(problems) = parse(Path::new("/site"), text, &Overrides::default()) else {
            panic!("expected errors")
        };
        let lines: Vec<_> = problems
            .into_iter()
            .map(|d| d.line_col().map(|(line, _)| line))
            .collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn repo_url_must_be_a_web_address() {
        let error = parse_err("title = \"KB\"\nrepo_url = \"git@github.com:a/b\"\n");
        assert_eq!(error.line_col(), Some((2, 1)));
    }

    /// Every value kbgen.css gives a custom property, in order.
    fn declared<'a>(css: &'a str, property: &str) -> Vec<&'a str> {
        css.split(&format!("{property}:"))
            .skip(1)
            .filter_map(|rest| rest.split(';').next())
            .map(str::trim)
            .collect()
    }

    #[test]
    fn kbgen_css_uses_the_colours_the_accent_is_checked_against() {
        let css = include_str!("../../static/assets/kbgen.css");
        let [light_bg, light_panel] = LIGHT_BACKGROUNDS.map(|c| c.to_string());
        let [dark_bg, dark_panel] = DARK_BACKGROUNDS.map(|c| c.to_string());
        assert_eq!(declared(css, "--bg"), [&light_bg, &dark_bg, &dark_bg]);
        assert_eq!(
            declared(css, "--accent-bg"),
            [&light_panel, &dark_panel, &dark_panel]
        );
        assert_eq!(declared(css, "--brand"), [DEFAULT_ACCENT.light.to_string()]);
        assert_eq!(
            declared(css, "--brand-dark"),
            [DEFAULT_ACCENT.dark.to_string()]
        );
    }

    #[test]
    fn every_theme_colour_meets_aa_on_the_theme_backgrounds() {
        let css = include_str!("../../static/assets/kbgen.css");
        let colour = |name: &str, scheme: usize| {
            let values = declared(css, name);
            let value = values
                .get(scheme)
                .or(values.first())
                .copied()
                .unwrap_or_default();
            Rgb::parse(value).unwrap_or_else(|| panic!("{name} is {value:?}"))
        };
        for scheme in [0, 1] {
            for background in ["--bg", "--accent-bg", "--code-bg"] {
                let background_colour = colour(background, scheme);
                // Text: body, secondary text, the answer box's title.
                for text in ["--fg", "--muted", "--info"] {
                    let contrast = colour(text, scheme).contrast(background_colour);
                    assert!(
                        contrast >= 4.5,
                        "{text} on {background} (scheme {scheme}): {contrast:.2}"
                    );
                }
                // Admonition edges are graphics: 3:1 (WCAG 1.4.11).
                for edge in [
                    "--note",
                    "--tip",
                    "--warning",
                    "--danger",
                    "--example",
                    "--question",
                    "--quote",
                ] {
                    let contrast = colour(edge, scheme).contrast(background_colour);
                    assert!(
                        contrast >= 3.0,
                        "{edge} on {background} (scheme {scheme}): {contrast:.2}"
                    );
                }
            }
        }
    }

    #[test]
    fn toc_styles_parse_and_misplaced_options_are_errors() {
        let config = parse_ok(
            "title = \"KB\"\n[toc]\nslugify = \"pymdownx\"\ncase = \"lower\"\nnormalize = \"\"\n",
        );
        assert_eq!(
            config.slug_style,
            SlugStyle::Pymdownx {
                separator: "-".to_owned(),
                case: SlugCase::Lower,
                percent_encode: false,
                normalize: None,
            }
        );
        assert_eq!(parse_ok("title = \"KB\"\n").slug_style, SlugStyle::GitHub);
        let error =
            parse_err("title = \"KB\"\n[toc]\nslugify = \"python-markdown\"\ncase = \"lower\"\n");
        assert!(error.message.contains("pymdownx"), "{}", error.message);
        assert_eq!(error.line_col(), Some((4, 1)));
        let error =
            parse_err("title = \"KB\"\n[toc]\nslugify = \"pymdownx\"\nnormalize = \"NFX\"\n");
        assert_eq!(error.line_col(), Some((4, 1)));
        let error = parse_err("title = \"KB\"\n[toc]\nseparator = \"_\"\n");
        assert_eq!(error.line_col(), Some((3, 1)));
    }
}
