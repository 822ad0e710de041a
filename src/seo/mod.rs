//! Search-engine and machine-reader output, all derived from the pages
//! themselves: short answers and FAQ entries, JSON-LD, meta tags, sitemap,
//! robots.txt, the Atom feed, llms.txt / llms-full.txt and alias redirects.

mod answer;
mod feed;
pub mod json_ld;
mod llms;
pub mod meta;
mod redirects;
mod sitemap;
mod xml;

use rayon::prelude::*;

pub use answer::{FaqEntry, derive_answer, derive_faq_entries, excerpt, sentence_end, shorten};

use crate::config::Config;
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::markdown::RenderedMarkdown;
use crate::render::RenderedSite;

/// How long a description derived from the answer may be.
pub const DESCRIPTION_LENGTH: usize = 160;

/// What kbgen derived about one page.
#[derive(Debug, Clone, Default)]
pub struct PageSeo {
    /// The question as readers see it: the leading H1's text, else the title.
    pub question: String,
    /// The short answer, as plain text.
    pub answer: Option<String>,
    /// Whether the answer came from front matter (and so is not yet visible on the page).
    pub answer_from_front_matter: bool,
    /// Questions from the page's FAQ section.
    pub faq: Vec<FaqEntry>,
    /// The front matter description, else the answer cut to about 160 characters.
    pub description: Option<String>,
}

impl PageSeo {
    /// The Questions of the page's FAQPage: its own question first (when it
    /// has an answer), then its FAQ section. Empty means no FAQPage.
    pub fn faq_page_entries(&self, page: &Page) -> Vec<FaqEntry> {
        let mut entries = Vec::new();
        if page.kind == PageKind::Article {
            if let Some(answer) = &self.answer {
                entries.push(FaqEntry {
                    question: self.question.clone(),
                    answer: answer.clone(),
                });
            }
        }
        entries.extend(self.faq.iter().cloned());
        entries
    }
}

/// [`PageSeo`] for every page; lines up with `rendered.site.pages`.
#[derive(Debug, Clone, Default)]
pub struct SiteSeo {
    pub pages: Vec<PageSeo>,
}

/// Derives answers, FAQ entries and descriptions for every page.
pub fn analyse(rendered: &RenderedSite<'_>, config: &Config) -> SiteSeo {
    let pages = rendered
        .site
        .pages
        .par_iter()
        .zip(&rendered.pages)
        .map(|(page, markdown)| page_seo(page, markdown, config))
        .collect();
    SiteSeo { pages }
}

/// One page's question, answer, FAQ entries and description.
pub fn page_seo(page: &Page, markdown: &RenderedMarkdown, config: &Config) -> PageSeo {
    let answer = derive_answer(page, markdown, &config.faq);
    let answer_from_front_matter = answer.is_some()
        && page
            .front_matter
            .answer
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty());
    let description = page
        .front_matter
        .description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| answer.as_deref().map(|a| shorten(a, DESCRIPTION_LENGTH)));
    PageSeo {
        question: markdown
            .heading_text
            .clone()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| page.title.clone()),
        answer,
        answer_from_front_matter,
        faq: derive_faq_entries(markdown, &config.faq),
        description,
    }
}

/// A file kbgen generates for the whole site.
#[derive(Debug, Clone)]
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The Atom feed's address, when the site has one: it needs absolute URLs
/// and dated articles, and the author's own `feed.xml` takes its place.
pub fn feed_url(site: &Site, config: &Config) -> Option<String> {
    let dated = |page: &Page| {
        page.kind == PageKind::Article
            && (page.front_matter.date.is_some() || page.front_matter.updated.is_some())
    };
    let has_feed = config.base_url.has_origin()
        && config.feed_entries > 0
        && !site.has_asset(FEED_FILE)
        && site.pages.iter().any(dated);
    has_feed.then(|| config.base_url.url_for(FEED_FILE))
}

const FEED_FILE: &str = "feed.xml";

/// sitemap.xml, robots.txt, feed.xml, llms.txt, llms-full.txt, alias
/// redirects and `_redirects`. Files the content folder already holds are
/// not generated: the author's win.
pub fn site_files(
    rendered: &RenderedSite<'_>,
    seo: &SiteSeo,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<SiteFile> {
    let site = rendered.site;
    let base = &config.base_url;
    let absolute_base = base.has_origin().then(|| base.permalink_for(""));
    let mut files = Vec::new();
    let mut add = |path: &str, text: String| {
        if !site.has_asset(path) {
            files.push(SiteFile {
                path: path.to_owned(),
                bytes: text.into_bytes(),
            });
        }
    };
    match &absolute_base {
        Some(absolute) => {
            for (name, xml) in sitemap::sitemaps(&sitemap_entries(site, config), absolute) {
                add(&name, xml);
            }
            if feed_url(site, config).is_some()
                && let Some(feed) = feed::atom(
                    &feed::FeedSite {
                        title: &config.title,
                        description: config.description.as_deref(),
                        author: config.author.as_deref().unwrap_or(&config.title),
                        language: &config.language,
                        base: absolute,
                    },
                    feed_entries(rendered, seo, config),
                    config.feed_entries,
                )
            {
                add(FEED_FILE, feed);
            }
        }
        None => diagnostics.push(
            Diagnostic::warning(
                "base-url",
                "no sitemap.xml or feed.xml: they need absolute URLs",
            )
            .with_severity(Severity::Hint)
            .in_file(crate::config::CONFIG_FILE)
            .with_help("set `base_url = \"https://…/\"` in site.toml, or pass --base-url"),
        ),
    }
    let sitemap_url = absolute_base.as_ref().map(|b| format!("{b}sitemap.xml"));
    add("robots.txt", sitemap::robots_txt(sitemap_url.as_deref()));
    add(
        "llms.txt",
        llms::llms_txt(
            &config.title,
            config.description.as_deref(),
            &llms_sections(site, seo, config),
        ),
    );
    add("llms-full.txt", llms_full(site, config));
    // GitHub Pages would otherwise hide files and folders starting with `_`.
    add(".nojekyll", String::new());
    let (redirect_files, rules) = redirects(site, config, diagnostics);
    for (path, html) in redirect_files {
        add(&path, html);
    }
    if !rules.is_empty() {
        add("_redirects", redirects::redirects_file(&rules));
    }
    files
}

fn sitemap_entries(site: &Site, config: &Config) -> Vec<sitemap::SitemapEntry> {
    let mut entries: Vec<sitemap::SitemapEntry> = site
        .pages
        .iter()
        .map(|page| sitemap::SitemapEntry {
            url: config.base_url.permalink_for(&page.url.encoded()),
            lastmod: page
                .front_matter
                .updated
                .or(page.front_matter.date)
                .map(|d| d.date_string()),
        })
        .collect();
    entries.extend(
        site.listing_sections()
            .map(|section| sitemap::SitemapEntry {
                url: config.base_url.permalink_for(&section.url.encoded()),
                lastmod: None,
            }),
    );
    if !site.tags.is_empty() {
        let tag_pages = std::iter::once("tags/".to_owned())
            .chain(site.tags.iter().map(|tag| tag.url.encoded()));
        entries.extend(tag_pages.map(|path| sitemap::SitemapEntry {
            url: config.base_url.permalink_for(&path),
            lastmod: None,
        }));
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    entries
}

fn feed_entries(
    rendered: &RenderedSite<'_>,
    seo: &SiteSeo,
    config: &Config,
) -> Vec<feed::FeedEntry> {
    rendered
        .site
        .pages
        .iter()
        .zip(&rendered.pages)
        .zip(&seo.pages)
        .filter(|((page, _), _)| page.kind == PageKind::Article)
        .filter_map(|((page, markdown), page_seo)| {
            let published = page.front_matter.date.or(page.front_matter.updated)?;
            let updated = page.front_matter.updated.unwrap_or(published);
            let (summary, summary_is_html) = match &markdown.summary_html {
                Some(html) => (Some(html.clone()), true),
                None => (
                    page_seo
                        .answer
                        .clone()
                        .or_else(|| page_seo.description.clone()),
                    false,
                ),
            };
            Some(feed::FeedEntry {
                title: page.title.clone(),
                url: config.base_url.permalink_for(&page.url.encoded()),
                published: published.rfc3339(),
                updated: updated.rfc3339(),
                summary,
                summary_is_html,
            })
        })
        .collect()
}

/// The address used in text files: absolute when the site has an origin.
fn public_url(config: &Config, encoded: &str) -> String {
    if config.base_url.has_origin() {
        config.base_url.permalink_for(encoded)
    } else {
        config.base_url.url_for(encoded)
    }
}

fn llms_sections(site: &Site, seo: &SiteSeo, config: &Config) -> Vec<llms::LlmsSection> {
    let mut sections = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let Some(section) = site.sections.get(&dir) else {
            continue;
        };
        let title = if dir.is_empty() {
            "Pages".to_owned()
        } else {
            section.title.clone()
        };
        let links = section
            .pages
            .iter()
            .filter_map(|&i| Some((site.pages.get(i)?, seo.pages.get(i)?)))
            .map(|(page, page_seo)| llms::LlmsLink {
                title: page.title.clone(),
                url: public_url(config, &page.url.encoded()),
                answer: page_seo
                    .answer
                    .clone()
                    .or_else(|| page_seo.description.clone()),
            })
            .collect();
        sections.push(llms::LlmsSection { title, links });
        stack.extend(section.subsections.iter().rev().cloned());
    }
    // The root's loose pages read best after the topics.
    if !sections.is_empty() {
        let root = sections.remove(0);
        sections.push(root);
    }
    sections
}

fn llms_full(site: &Site, config: &Config) -> String {
    let mut text = format!("# {}\n\n", config.title);
    if let Some(description) = &config.description {
        text.push_str(&format!("> {description}\n\n"));
    }
    let articles = site.pages.iter().filter(|p| p.kind == PageKind::Article);
    for page in articles {
        text.push_str("---\n\n");
        text.push_str(&llms::full_article(
            &page.title,
            &public_url(config, &page.url.encoded()),
            page.body(),
            config.syntax,
        ));
        text.push('\n');
    }
    text
}

type RedirectRules = Vec<(String, String)>;

/// Redirect pages for front matter `aliases` and for the settings'
/// `redirects` (MkDocs's `redirect_maps`), with their `_redirects` rules.
fn redirects(
    site: &Site,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> (Vec<(String, String)>, RedirectRules) {
    let mut files = Vec::new();
    let mut rules = Vec::new();
    let mut add = |path: String, target: &str, canonical: &str| {
        rules.push((
            redirects::alias_url(config.base_url.path(), &path),
            target.to_owned(),
        ));
        files.push((
            path,
            redirects::redirect_page(&config.language, target, canonical),
        ));
    };
    for page in &site.pages {
        let target = config.base_url.url_for(&page.url.encoded());
        let canonical = public_url(config, &page.url.encoded());
        for alias in &page.front_matter.aliases {
            match redirects::alias_output_path(alias) {
                Ok(path) => add(path, &target, &canonical),
                Err(message) => {
                    let at = page.source.text.find("aliases:").unwrap_or(0);
                    diagnostics.push(
                        Diagnostic::error("alias", format!("invalid alias: {message}"))
                            .at(&page.source, at..at + "aliases".len()),
                    );
                }
            }
        }
    }
    let page_files: std::collections::BTreeSet<String> = site
        .pages
        .iter()
        .map(|page| page.url.output_file())
        .collect();
    for (old, new) in &config.redirects {
        let redirect = redirect_target(site, config, new).and_then(|(target, canonical)| {
            let path = redirect_source(site, old)?;
            // MkDocs's plugin writes over the page; kbgen keeps what the
            // author still publishes.
            if page_files.contains(&path) || site.has_asset(&path) {
                return Err(format!("`{path}` is a page of the site"));
            }
            Ok((path, target, canonical))
        });
        match redirect {
            Ok((path, target, canonical)) => add(path, &target, &canonical),
            Err(message) => diagnostics.push(redirect_problem(config, old, message)),
        }
    }
    rules.sort();
    (files, rules)
}

/// The file an old address of `redirects` occupies: where MkDocs would have
/// built that markdown file (`old.md` → `old/index.html` or `old.html`), or
/// the address as written when it is not a markdown path.
fn redirect_source(site: &Site, old: &str) -> Result<String, String> {
    let old = old.trim().trim_start_matches('/');
    if !old.ends_with(".md") {
        return redirects::alias_output_path(old);
    }
    for segment in old.split('/') {
        crate::content::UrlPath::check_segment(segment)?;
    }
    Ok(crate::content::page_url(old, None, site.url_style).output_file())
}

/// Where a redirect sends readers, and its canonical address: a page of
/// the site (with its `#anchor`) or a web address.
fn redirect_target(site: &Site, config: &Config, new: &str) -> Result<(String, String), String> {
    let new = new.trim();
    if new.starts_with("https://") || new.starts_with("http://") {
        return Ok((new.to_owned(), new.to_owned()));
    }
    let (path, fragment) = match new.split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (new, String::new()),
    };
    let path = path.trim_start_matches('/');
    let page = site
        .page_by_path(path)
        .and_then(|index| site.pages.get(index))
        .ok_or_else(|| format!("the redirect's target `{path}` is no page of the content"))?;
    let encoded = page.url.encoded();
    Ok((
        format!("{}{fragment}", config.base_url.url_for(&encoded)),
        public_url(config, &encoded),
    ))
}

fn redirect_problem(config: &Config, old: &str, message: String) -> Diagnostic {
    Diagnostic::warning(
        "redirect",
        format!("redirect from `{old}` left out: {message}"),
    )
    .in_file(config.settings_file)
    .with_help("a redirect names a markdown file of the content, or an http(s):// address")
}
