//! Loading a site's content: walking the content folder, reading each
//! markdown file's front matter, giving every page its address, and grouping
//! pages into sections by folder.

pub mod auto_nav;
pub mod doc_patterns;
pub mod front_matter;
mod meta_lines;
mod meta_tag;
pub mod nav;
pub mod snippets;
mod url_path;
pub(crate) mod walk;
pub(crate) mod yaml_depth;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use front_matter::{FrontMatter, PageDate};
pub use meta_tag::{MetaTag, merge_meta};
pub use url_path::{UrlPath, UrlStyle, encode_file_path, is_index_stem, page_url};

use crate::bounded_read::{Bounded, read_bounded};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// What a markdown file is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A question and its answer.
    Article,
    /// `index.md` / `_index.md`: the page of its folder's section.
    SectionIndex,
}

/// One markdown file, read and addressed but not yet rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file's text; its path is shown relative to the site root.
    pub source: SourceText,
    /// Forward-slash path relative to the content folder (`sec/how-x.md`).
    pub rel_path: String,
    pub front_matter: FrontMatter,
    /// Byte offset of the markdown body in `source.text`.
    pub body_start: usize,
    /// The title `nav` gives it, else the front matter's (or a `Title:`
    /// line's), else the H1 it starts with, else the file name: MkDocs's order.
    pub title: String,
    /// Whether the title is only the file name made readable.
    pub title_from_file_name: bool,
    pub url: UrlPath,
    pub kind: PageKind,
    /// The folder (section key) the page lives in; `""` is the root.
    pub section: String,
    /// The file with its snippets put in, when it has any.
    pub expansion: Option<Arc<snippets::Expansion>>,
}

impl Page {
    /// The text every stage reads: the file, with its snippets put in.
    /// Offsets in it lead back to the file through [`Page::file_offset`].
    pub fn text(&self) -> &str {
        match &self.expansion {
            Some(expansion) => &expansion.text,
            None => &self.source.text,
        }
    }

    /// The markdown after the front matter (snippets put in).
    pub fn body(&self) -> &str {
        self.text().get(self.body_start..).unwrap_or("")
    }

    /// The file offset an offset of [`Page::text`] stands for.
    pub fn file_offset(&self, at: usize) -> usize {
        match &self.expansion {
            Some(expansion) => expansion.map.to_original(at),
            None => at,
        }
    }

    /// How offsets of [`Page::text`] lead back to the file, when they differ.
    pub fn source_map(&self) -> Option<&crate::markdown::rewrite::LineMap> {
        self.expansion.as_deref().map(|e| &e.map)
    }

    /// Sort key inside a section: weight, then title, then path.
    fn order_key(&self) -> (i64, String, String) {
        (
            self.front_matter.weight.unwrap_or(0),
            self.title.to_lowercase(),
            self.rel_path.clone(),
        )
    }
}

/// A folder of the content tree, with its pages in reading order.
#[derive(Debug, Clone)]
pub struct Section {
    /// Forward-slash folder path relative to the content folder; `""` is the root.
    pub dir: String,
    pub title: String,
    pub url: UrlPath,
    /// Index into `Site::pages` of the folder's `index.md`, if it has one.
    pub index_page: Option<usize>,
    /// Indices into `Site::pages` of its articles, sorted by weight then title.
    pub pages: Vec<usize>,
    /// Keys of its child sections, sorted by weight then title.
    pub subsections: Vec<String>,
    /// The parent section's key; `None` for the root.
    pub parent: Option<String>,
    pub weight: i64,
}

/// A tag and the articles that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag as first written.
    pub name: String,
    /// Its address: `tags/<slug>/`.
    pub url: UrlPath,
    /// Articles with the tag, by title.
    pub pages: Vec<usize>,
}

/// A non-markdown file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Forward-slash path relative to the content folder.
    pub rel_path: String,
    pub abs_path: PathBuf,
}

/// Everything loaded from the content folder.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Published pages, sorted by `rel_path`.
    pub pages: Vec<Page>,
    /// Sections by folder key; every folder holding a page has one, and so do its ancestors.
    pub sections: BTreeMap<String, Section>,
    pub assets: Vec<Asset>,
    /// Every tag, by address.
    pub tags: Vec<Tag>,
    /// Paths (relative to the content folder) of drafts left out of this build.
    pub drafts: BTreeSet<String>,
    /// Markdown files that could not be loaded (their errors are reported);
    /// links to them are not reported a second time.
    pub unreadable: BTreeSet<String>,
    /// Page index by `rel_path`, for resolving links.
    by_path: BTreeMap<String, usize>,
    /// Page index by address (`sec/how-x`, `""` for the home page).
    by_url: BTreeMap<String, usize>,
    /// Where kbgen's own pages go, clear of the author's content.
    pub generated: GeneratedNames,
    /// The author's own navigation (`nav`), resolved; `None`: the folders'.
    pub nav: Option<Vec<nav::NavNode>>,
    /// How addresses are written (`use_directory_urls`).
    pub url_style: UrlStyle,
    /// Pages the settings' `not_in_nav` names: left out of the navigation
    /// on purpose, so not reported as unreachable.
    pub not_in_nav: BTreeSet<String>,
}

/// The top-level folders of the pages kbgen makes itself. Each is its
/// usual name unless the author's content already uses that name (an
/// MkDocs site with a `search/` section), then `kbgen-search` and so on,
/// so a generated page never takes an address the author's content has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedNames {
    /// The search page and its index (`search`).
    pub search: String,
    /// The tags page and one page per tag (`tags`).
    pub tags: String,
}

impl Default for GeneratedNames {
    fn default() -> Self {
        Self {
            search: "search".to_owned(),
            tags: "tags".to_owned(),
        }
    }
}

impl GeneratedNames {
    /// The usual names, moved aside where `taken` (top-level names the
    /// content uses) has them.
    fn clear_of(taken: &BTreeSet<String>) -> Self {
        let free = |wanted: &str| {
            std::iter::once(wanted.to_owned())
                .chain(std::iter::once(format!("kbgen-{wanted}")))
                .chain((2..).map(|n| format!("kbgen-{wanted}-{n}")))
                .find(|name| !taken.contains(name))
                .unwrap_or_else(|| wanted.to_owned())
        };
        Self {
            search: free("search"),
            tags: free("tags"),
        }
    }
}

impl Site {
    /// Every snippet file a page read, sorted, once each.
    pub fn snippet_files(&self) -> Vec<PathBuf> {
        let files: BTreeSet<&PathBuf> = self
            .pages
            .iter()
            .filter_map(|p| p.expansion.as_deref())
            .flat_map(|e| &e.files)
            .collect();
        files.into_iter().cloned().collect()
    }

    /// The page whose source is at `rel_path`.
    pub fn page_by_path(&self, rel_path: &str) -> Option<usize> {
        self.by_path.get(rel_path).copied()
    }

    /// The page served at `address` (`sec/how-x`, no slashes around it).
    pub fn page_by_url(&self, address: &str) -> Option<usize> {
        self.by_url.get(address).copied()
    }

    /// Whether `rel_path` names a content file that is copied as an asset.
    pub fn has_asset(&self, rel_path: &str) -> bool {
        self.asset(rel_path).is_some()
    }

    /// The file of the content folder at `rel_path`.
    pub fn asset(&self, rel_path: &str) -> Option<&Asset> {
        let index = self
            .assets
            .binary_search_by(|a| a.rel_path.as_str().cmp(rel_path))
            .ok()?;
        self.assets.get(index)
    }

    /// The tag a page's `tags` entry belongs to.
    pub fn tag(&self, name: &str) -> Option<&Tag> {
        let slug = tag_slug(name);
        // `tags` is sorted by slug (it comes from a map keyed by it).
        self.tags
            .binary_search_by(|tag| {
                tag.url
                    .segments()
                    .last()
                    .map(String::as_str)
                    .unwrap_or("")
                    .cmp(slug.as_str())
            })
            .ok()
            .and_then(|i| self.tags.get(i))
    }

    /// Sections that get a generated listing page: folders with content but no `index.md`.
    pub fn listing_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.values().filter(|s| {
            s.index_page.is_none()
                && !(s.pages.is_empty() && s.subsections.is_empty())
                // `graph/flow.md` already is the page at `graph/flow/`
                // (not so when it is `graph/flow.html`).
                && self
                    .page_by_url(&s.url.segments().join("/"))
                    .and_then(|i| self.pages.get(i))
                    .is_none_or(|page| page.url.output_file() != s.url.output_file())
        })
    }

    /// The section page or, for a folder without `index.md`, the folder's key.
    pub fn section_for_dir(&self, dir: &str) -> Option<&Section> {
        self.sections.get(dir)
    }
}

/// Reads the content folder. Problems are collected; pages that could not be
/// read are left out, so later stages can still report their own problems.
pub fn load(config: &Config) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let tree = walk::walk(config, &mut diagnostics);
    let snippet_files = snippets::SnippetFiles::default();
    let loaded: Vec<Result<Page, Diagnostic>> = tree
        .markdown
        .par_iter()
        .map(|file| load_page(config, file, &snippet_files))
        .collect();
    // A missing auto_append file is missing for every page: said once.
    let mut auto_append_reported = BTreeSet::new();
    let mut pages = Vec::new();
    let mut drafts = BTreeSet::new();
    let mut unreadable = BTreeSet::new();
    for (result, file) in loaded.into_iter().zip(&tree.markdown) {
        if let Ok(page) = &result {
            diagnostics.extend(near_miss_warnings(page));
            for problem in page.expansion.iter().flat_map(|e| &e.problems) {
                if problem.code != "snippet-auto-append"
                    || auto_append_reported.insert(problem.message.clone())
                {
                    diagnostics.push(problem.clone());
                }
            }
        }
        match result {
            Ok(page)
                if (page.front_matter.draft || config.draft_docs.matches(&page.rel_path))
                    && !config.drafts =>
            {
                drafts.insert(page.rel_path);
            }
            Ok(page) => pages.push(page),
            Err(diagnostic) => {
                unreadable.insert(file.rel_path.clone());
                diagnostics.push(diagnostic);
            }
        }
    }
    pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let mut pages = drop_duplicate_urls(pages, &mut diagnostics);
    let automatic_nav = match (&config.nav, config.nav_style) {
        (None, auto_nav::NavStyle::Mkdocs | auto_nav::NavStyle::AwesomePages) => {
            let paths: Vec<&str> = pages.iter().map(|p| p.rel_path.as_str()).collect();
            let titles = pages
                .iter()
                .map(|p| (p.rel_path.as_str(), p.title.as_str()))
                .collect();
            Some(auto_nav::build(
                config.nav_style,
                &paths,
                &titles,
                config,
                &mut diagnostics,
            ))
        }
        _ => None,
    };
    let nav_entries = config.nav.as_ref().or(automatic_nav.as_ref());
    if let Some(entries) = nav_entries {
        // MkDocs: the title `nav` gives a page is its title everywhere.
        let mut titles = BTreeMap::new();
        nav::page_titles(entries, &mut titles);
        for page in &mut pages {
            if let Some(Some(title)) = titles.remove(&page.rel_path) {
                page.title = title;
                page.title_from_file_name = false;
            }
        }
    }
    let by_path = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel_path.clone(), i))
        .collect();
    let by_url = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.segments().join("/"), i))
        .collect();
    let sections = build_sections(&pages, config.url_style);
    let taken: BTreeSet<String> = pages
        .iter()
        .filter_map(|p| p.url.segments().first().cloned())
        .chain(
            tree.assets
                .iter()
                .filter_map(|a| a.rel_path.split('/').next().map(str::to_owned)),
        )
        .chain(
            sections
                .keys()
                .filter_map(|dir| dir.split('/').next())
                .filter(|top| !top.is_empty())
                .map(str::to_owned),
        )
        .collect();
    let generated = GeneratedNames::clear_of(&taken);
    let nav = nav_entries.map(|entries| {
        nav::resolve(
            entries,
            &by_path,
            &sections,
            config.settings_file,
            &mut diagnostics,
        )
    });
    let tags = collect_tags(&pages, &generated.tags, config.url_style);
    let not_in_nav = pages
        .iter()
        .filter(|page| config.not_in_nav.matches(&page.rel_path))
        .map(|page| page.rel_path.clone())
        .collect();
    let site = Site {
        pages,
        sections,
        tags,
        assets: tree.assets,
        drafts,
        unreadable,
        by_path,
        by_url,
        generated,
        nav,
        url_style: config.url_style,
        not_in_nav,
    };
    (site, diagnostics)
}

/// A warning for each front matter key that looks like a misspelt field.
fn near_miss_warnings(page: &Page) -> Vec<Diagnostic> {
    page.front_matter
        .near_misses
        .iter()
        .map(|miss| {
            Diagnostic::warning(
                "front-matter-key",
                format!("`{}` is not a front matter field kbgen reads", miss.written),
            )
            .at(&page.source, miss.span.clone())
            .with_help(format!(
                "did you mean `{}`? (keys kbgen does not read reach templates as `page.extra`)",
                miss.meant
            ))
        })
        .collect()
}

/// Reads one markdown file of the content folder again (for `serve`'s
/// preview of an edit); the caller decides whether the edit kept the site's shape.
pub fn reload_page(config: &Config, rel_path: &str) -> Result<Page, Diagnostic> {
    load_page(
        config,
        &walk::MarkdownFile {
            rel_path: rel_path.to_owned(),
            abs_path: config.content_dir.join(rel_path),
        },
        &snippets::SnippetFiles::default(),
    )
}

/// The path shown to users: relative to the site root when possible.
pub fn display_path(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The largest markdown file kbgen reads: far beyond any article, and it
/// keeps a stray dump or generated file from exhausting memory.
pub const MAX_MARKDOWN_BYTES: u64 = 16 * 1024 * 1024;

fn load_page(
    config: &Config,
    file: &walk::MarkdownFile,
    snippet_files: &snippets::SnippetFiles,
) -> Result<Page, Diagnostic> {
    let shown = display_path(config, &file.abs_path);
    let read = read_bounded(&file.abs_path, MAX_MARKDOWN_BYTES)
        .map_err(|e| Diagnostic::error("read", format!("cannot read file: {e}")).in_file(&shown))?;
    let bytes = match read {
        Bounded::Read(bytes) => bytes,
        Bounded::TooLarge(size) => {
            return Err(Diagnostic::error(
                "too-large",
                format!(
                    "file is {} MB; markdown files may be at most {} MB",
                    size / (1024 * 1024),
                    MAX_MARKDOWN_BYTES / (1024 * 1024)
                ),
            )
            .in_file(&shown)
            .with_help(
                "split it into several articles, or give it another extension to copy it as a file",
            ));
        }
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(
            Diagnostic::error("encoding", "this .md file holds binary data, not text")
                .in_file(&shown)
                .with_help("give it another extension to copy it as a file"),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = SourceText::new(&shown, lossy);
            return Err(Diagnostic::error("encoding", "file is not valid UTF-8")
                .at(&source, valid..valid + 1)
                .with_help("save the file as UTF-8"));
        }
    };
    // Control characters are invalid in HTML and XML and can drive a
    // terminal: none reaches a page, a feed or a diagnostic.
    let source = SourceText::new(&shown, without_controls(&text).into_owned());
    let split = front_matter::split(&source.text).map_err(|message| {
        Diagnostic::error("front-matter", message)
            .at(&source, 0..3)
            .with_help("close the front matter with a line holding only `---`")
    })?;
    let has_front_matter = split.is_some();
    let (mut front_matter, mut body_start) = match split {
        Some(split) => (front_matter::parse(&source, split.yaml)?, split.body_start),
        None => (FrontMatter::default(), 0),
    };
    if config.meta_lines
        && !has_front_matter
        && let Some(meta) = meta_lines::split(&source.text)
    {
        body_start = meta.body_start;
        front_matter.title = meta.fields.get("title").cloned();
        front_matter.description = meta.fields.get("description").cloned();
    }
    if let Some(slug) = &front_matter.slug {
        if let Err(message) = UrlPath::check_segment(slug) {
            let at = find_line(&source.text, "slug:").unwrap_or(0);
            return Err(
                Diagnostic::error("slug", format!("invalid slug: {message}"))
                    .at(&source, at..at + 4),
            );
        }
    }
    let file_stem = file
        .rel_path
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".md"))
        .unwrap_or(&file.rel_path);
    let kind = if is_index_stem(file_stem) {
        PageKind::SectionIndex
    } else {
        PageKind::Article
    };
    let expansion = config.snippets.as_ref().and_then(|settings| {
        snippets::expand(&source, body_start, settings, &config.root, snippet_files)
    });
    let body = match &expansion {
        Some(expansion) => expansion.text.get(body_start..).unwrap_or(""),
        None => source.text.get(body_start..).unwrap_or(""),
    };
    // YAML escapes (`"\u0001"`) can make control characters the file did not hold.
    let clean = |text: &mut String| {
        if let std::borrow::Cow::Owned(cleaned) = without_controls(text) {
            *text = cleaned;
        }
    };
    for field in [
        front_matter.title.as_mut(),
        front_matter.description.as_mut(),
        front_matter.answer.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        clean(field);
    }
    for meta in &mut front_matter.meta {
        clean(&mut meta.content);
    }
    let own_title = front_matter
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| crate::markdown::leading_h1_text(body));
    let title_from_file_name = own_title.is_none();
    let title = own_title.unwrap_or_else(|| {
        if file.rel_path.contains('/') || kind == PageKind::Article {
            humanize(file_stem)
        } else {
            "Home".to_owned()
        }
    });
    let url = page_url(
        &file.rel_path,
        front_matter.slug.as_deref(),
        config.url_style,
    );
    let section = parent_dir(&file.rel_path).to_owned();
    Ok(Page {
        source,
        rel_path: file.rel_path.clone(),
        front_matter,
        body_start,
        title,
        title_from_file_name,
        url,
        kind,
        section,
        expansion: expansion.map(Arc::new),
    })
}

fn find_line(text: &str, prefix: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(prefix) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Control characters other than tabs and line breaks become U+FFFD, as
/// CommonMark does with NUL: HTML and XML forbid them.
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unwanted = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(unwanted) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if unwanted(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// `how-to-x` → `How to x`: a readable name for files and folders without
/// a title, made as MkDocs makes it (a name with capitals keeps them: `myAPI`).
pub fn humanize(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let trimmed = spaced.trim();
    if trimmed.is_empty() {
        return stem.to_owned();
    }
    if trimmed.to_lowercase() != trimmed {
        return trimmed.to_owned();
    }
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_owned(),
    }
}

fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Keeps the first page of each URL (by path order) and reports the others,
/// naming both files; the dropped pages are not rendered.
fn drop_duplicate_urls(pages: Vec<Page>, diagnostics: &mut Diagnostics) -> Vec<Page> {
    let mut first_by_url: BTreeMap<UrlPath, PathBuf> = BTreeMap::new();
    let mut kept = Vec::with_capacity(pages.len());
    for page in pages {
        if let Some(first) = first_by_url.get(&page.url) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "`{}` and `{}` both map to the URL /{}",
                        first.display(),
                        page.source.path.display(),
                        page.url.encoded()
                    ),
                )
                .in_file(&page.source.path)
                .with_help("rename one of them or give it a different `slug`"),
            );
            continue;
        }
        first_by_url.insert(page.url.clone(), page.source.path.clone());
        kept.push(page);
    }
    kept
}

/// A tag's address segment: `Async IO` → `async-io`. It is always a safe
/// folder name: a tag with no letters or digits to keep (`++`, `../..`)
/// gets `tag-` and a short hash of its name, and a very long one is cut
/// and keeps a hash, so different tags keep different addresses.
fn tag_slug(name: &str) -> String {
    const MAX_SLUG_BYTES: usize = 80;
    let hash = || {
        let digest = blake3::hash(name.as_bytes());
        digest.to_hex().get(..8).unwrap_or_default().to_owned()
    };
    let slug = slug::slugify(name.trim());
    if slug.is_empty() {
        return format!("tag-{}", hash());
    }
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    let mut cut = MAX_SLUG_BYTES;
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{}", slug.get(..cut).unwrap_or_default(), hash())
}

/// A tag as readers see it: trimmed, without control characters.
fn tag_name(written: &str) -> String {
    written
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Tags are grouped by their slug, so `Async` and `async` are one tag.
fn collect_tags(pages: &[Page], tags_folder: &str, style: UrlStyle) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Article {
            continue;
        }
        for written in &page.front_matter.tags {
            let name = tag_name(written);
            if name.is_empty() {
                continue;
            }
            let slug = tag_slug(&name);
            by_slug
                .entry(slug.clone())
                .or_insert_with(|| Tag {
                    name,
                    url: UrlPath::folder(vec![tags_folder.to_owned(), slug], style),
                    pages: Vec::new(),
                })
                .pages
                .push(index);
        }
    }
    let mut tags: Vec<Tag> = by_slug.into_values().collect();
    for tag in &mut tags {
        tag.pages
            .sort_by_key(|&i| pages.get(i).map(Page::order_key));
        tag.pages.dedup();
    }
    tags
}

fn build_sections(pages: &[Page], style: UrlStyle) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let ensure = |dir: &str, sections: &mut BTreeMap<String, Section>| {
        let mut current = dir.to_owned();
        loop {
            if sections.contains_key(&current) {
                break;
            }
            let parent = (!current.is_empty()).then(|| parent_dir(&current).to_owned());
            let name = current.rsplit('/').next().unwrap_or("");
            let segments = if current.is_empty() {
                Vec::new()
            } else {
                current.split('/').map(str::to_owned).collect()
            };
            sections.insert(
                current.clone(),
                Section {
                    dir: current.clone(),
                    title: if current.is_empty() {
                        String::new()
                    } else {
                        humanize(name)
                    },
                    url: UrlPath::folder(segments, style),
                    index_page: None,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                    parent: parent.clone(),
                    weight: 0,
                },
            );
            match parent {
                Some(parent) => current = parent,
                None => break,
            }
        }
    };
    for (index, page) in pages.iter().enumerate() {
        ensure(&page.section, &mut sections);
        if let Some(section) = sections.get_mut(&page.section) {
            match page.kind {
                PageKind::SectionIndex if section.index_page.is_none() => {
                    section.index_page = Some(index);
                    // An index page without a title of its own is not
                    // "Index": the folder keeps its name.
                    if !page.title_from_file_name || page.section.is_empty() {
                        section.title = page.title.clone();
                    }
                    section.url = page.url.clone();
                    section.weight = page.front_matter.weight.unwrap_or(0);
                }
                _ => section.pages.push(index),
            }
        }
    }
    for section in sections.values_mut() {
        section
            .pages
            .sort_by_key(|&i| pages.get(i).map(Page::order_key));
    }
    let mut children: BTreeMap<String, Vec<(i64, String, String)>> = BTreeMap::new();
    for section in sections.values() {
        if let Some(parent) = &section.parent {
            children.entry(parent.clone()).or_default().push((
                section.weight,
                section.title.to_lowercase(),
                section.dir.clone(),
            ));
        }
    }
    for (parent, mut kids) in children {
        kids.sort();
        if let Some(section) = sections.get_mut(&parent) {
            section.subsections = kids.into_iter().map(|(_, _, dir)| dir).collect();
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_gets_a_safe_distinct_slug() {
        let tags = [
            "../../..",
            "..",
            ".",
            "++",
            "--",
            "C#",
            "a\0b",
            "/",
            &"long ".repeat(100),
        ];
        let slugs: Vec<String> = tags.iter().map(|t| tag_slug(&tag_name(t))).collect();
        for (tag, slug) in tags.iter().zip(&slugs) {
            assert!(
                crate::output::path::check_segment(slug).is_ok(),
                "{tag:?} → {slug:?}"
            );
            assert!(slug.len() <= 90, "{slug}");
        }
        let distinct: BTreeSet<&String> = slugs.iter().collect();
        assert_eq!(distinct.len(), slugs.len(), "{slugs:?}");
        assert_eq!(tag_slug("Async IO"), "async-io");
        assert_eq!(tag_name(" a\u{1b}[31mb "), "a[31mb");
    }

    #[test]
    fn humanize_file_names() {
        assert_eq!(humanize("how-to-x"), "How to x");
        assert_eq!(humanize("python_lists"), "Python lists");
        assert_eq!(humanize("myAPI-notes"), "myAPI notes");
        assert_eq!(humanize("FAQ"), "FAQ");
    }

    #[test]
    fn parent_dirs() {
        assert_eq!(parent_dir("a/b/c.md"), "a/b");
        assert_eq!(parent_dir("c.md"), "");
    }
}
