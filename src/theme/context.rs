//! The template context: everything a template can see, and nothing else.
//! This is a documented contract (see the README's "Template context").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::MetaTag;
use crate::markdown::TocEntry;

/// What every template receives.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateContext<'a> {
    pub site: &'a SiteContext,
    /// The page being rendered (also set for section pages and the home page).
    pub page: PageContext,
    /// The section a section page lists, or the section an article belongs to.
    pub section: Option<SectionContext>,
    /// The navigation tree: top-level sections and pages; only the branch
    /// holding the current page is expanded, so output grows with pages × depth,
    /// not pages × pages.
    pub nav: Vec<NavItem>,
    /// From the home page down to the current page's parent section.
    pub breadcrumbs: Vec<Breadcrumb>,
    /// On the home page: the newest articles (by `updated`, else `date`).
    pub newest: Vec<PageLink>,
    /// On the tags page (`/tags/`): every tag with its article count.
    pub tags: Vec<TagLink>,
}

/// A tag, its page and how many articles carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// Site-wide settings from `site.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub language: String,
    /// The configured base URL (`https://example.org/kb/`, or `/`).
    pub base_url: String,
    /// The path every site URL starts with (`/` or `/kb/`); prefix asset links with it.
    pub base_path: String,
    /// Meta tags from `site.toml` (already merged into each `page.meta`).
    pub meta: Vec<MetaTag>,
    /// The generator's name and version, for `<meta name="generator">`.
    pub generator: String,
    /// The Atom feed's URL, when the site has one.
    pub feed_url: Option<String>,
    /// The tags page's URL, when any article has tags.
    pub tags_url: Option<String>,
    /// The search page's URL (`/search/`, or `/kbgen-search/` when the
    /// author's content has a `search` folder).
    pub search_url: String,
    /// The folder of the search page and its index, relative to the site
    /// (`search`): base.html gives it to search.js as `data-search`.
    pub search_dir: String,
    /// Stylesheets from `extra_css`, as URLs: link them after the theme's.
    pub extra_css: Vec<String>,
    /// Scripts from `extra_js`: load them after the theme's.
    pub extra_js: Vec<ScriptContext>,
    /// The author's `[extra]` settings, for their own templates.
    pub extra: serde_json::Value,
    /// Links to the site's other homes (`[extra] social`, as Material
    /// for MkDocs reads it): web and mail addresses only.
    pub social: Vec<SocialLink>,
    /// The header's logo (`[theme] logo`), as a URL.
    pub logo: Option<String>,
    /// The browser-tab icon's URL (`[theme] favicon`, else the theme's).
    pub favicon: String,
    /// The site's mermaid.js (`[theme] mermaid`), as a URL: base.html
    /// loads it on pages that draw diagrams.
    pub mermaid: Option<String>,
    /// Its media type (`image/svg+xml`), when its extension tells.
    pub favicon_type: Option<&'static str>,
    /// `[theme] accent` for light and dark pages (`#0550ae`), when set.
    pub accent: Option<AccentContext>,
    /// The footer's copyright line as HTML (print it with `| safe`).
    pub copyright: Option<String>,
    /// Where the site's sources live (`repo_url`).
    pub repo_url: Option<String>,
    /// What to call that place: `GitHub`, `GitLab`, `Codeberg` or its host.
    pub repo_name: Option<String>,
}

/// The site's accent colour as CSS colours.
#[derive(Debug, Clone, Serialize)]
pub struct AccentContext {
    pub light: String,
    pub dark: String,
}

/// One page, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    /// `article`, `section`, `home`, `tags`, `tag` or `404`.
    pub kind: &'static str,
    pub title: String,
    /// The question as readers see it: the H1's text, else the title.
    pub question: String,
    /// The page heading as HTML (the leading H1, or the escaped title).
    pub heading: String,
    /// The id of the page heading (`how-do-i-x`), so `#how-do-i-x` links keep working.
    pub heading_id: Option<String>,
    /// The front matter description, else the short answer cut to about 160 characters.
    pub description: Option<String>,
    /// The short answer as plain text: `answer` front matter, else the first In-short box.
    pub answer: Option<String>,
    /// Whether the answer came from front matter; the page must then show it
    /// itself, as it is not in the body.
    pub answer_from_front_matter: bool,
    /// Structured data (FAQPage, BreadcrumbList, WebSite), each ready to print
    /// inside `<script type="application/ld+json">` with `| safe`.
    pub json_ld: Vec<String>,
    /// The body as HTML (trusted: render with `| safe`).
    pub content: String,
    /// The HTML before `<!-- more -->`; without the marker, the description as text.
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    /// On the home page: whether the author's own text already links to
    /// every topic (the default theme then leaves out its topic grid).
    pub links_every_topic: bool,
    /// How many headings `toc` holds, nested ones counted (the default
    /// theme shows "On this page" from three).
    pub toc_size: usize,
    /// `2025-10-07`.
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    /// Root-relative URL (`/kb/sec/page/`).
    pub url: String,
    /// Absolute URL when the site has a base URL with a host, else the same as `url`.
    pub permalink: String,
    /// Every `<meta>` tag of the page: the site's, then description, Open
    /// Graph, Twitter and article tags, then the page's own; no name twice.
    pub meta: Vec<MetaTag>,
    /// Front matter keys kbgen does not know.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Source file, relative to the content folder (empty for generated pages).
    pub source_path: String,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
    /// The author's "See also" list (it also stays in `content`).
    pub see_also: Vec<SeeAlsoLink>,
    /// Articles the author did not list that share tags, keywords or question words.
    pub related: Vec<PageLink>,
    /// Pages that link to this one.
    pub backlinks: Vec<PageLink>,
    /// The articles among `backlinks` not already in `see_also` or
    /// `related` (at most five): the ones worth showing the reader.
    pub linked_from: Vec<PageLink>,
    /// The page's tags with their pages' addresses.
    pub tag_links: Vec<TagLink>,
    /// Where to edit the page's source: `repo_url` joined with `edit_uri`
    /// and the file's path, as MkDocs makes `page.edit_url`.
    pub edit_url: Option<String>,
}

/// One item of a "See also" list.
#[derive(Debug, Clone, Serialize)]
pub struct SeeAlsoLink {
    /// The target's question for pages of this site, else the link text.
    pub title: String,
    /// The link text as the author wrote it.
    pub text: String,
    pub url: String,
    /// The target's short answer.
    pub answer: Option<String>,
    /// Whether it points outside the site.
    pub external: bool,
}

/// A link to a page, with what a listing shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    /// The page's short answer, when it has one.
    pub answer: Option<String>,
    /// The answer cut for a card: at a sentence end, else at a word.
    pub excerpt: Option<String>,
    pub date: Option<String>,
    /// For a section: how many articles it holds, subsections included.
    pub page_count: Option<usize>,
}

/// A section: its own page and the pages it lists.
#[derive(Debug, Clone, Serialize)]
pub struct SectionContext {
    pub title: String,
    pub url: String,
    /// Articles, by weight then title.
    pub pages: Vec<PageLink>,
    /// Child sections, by weight then title.
    pub subsections: Vec<PageLink>,
}

/// One entry of the navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub is_section: bool,
    /// This is the page being rendered.
    pub is_current: bool,
    /// The page being rendered is inside this section.
    pub is_active: bool,
    /// Number of articles in a section (including its subsections).
    pub page_count: usize,
    /// Filled only for the active branch.
    pub children: Vec<NavItem>,
}

/// One step of the breadcrumb trail.
#[derive(Debug, Clone, Serialize)]
pub struct Breadcrumb {
    pub title: String,
    pub url: String,
    /// Absolute URL when the site has an origin.
    pub permalink: String,
}

/// A script tag's attributes.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptContext {
    pub src: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub defer: bool,
    #[serde(rename = "async")]
    pub load_async: bool,
}

/// A footer link to one of the site's other homes.
#[derive(Debug, Clone, Serialize)]
pub struct SocialLink {
    pub url: String,
    /// What the link says: the entry's `name`, else the address's host.
    pub name: String,
}
