//! Laying rendered pages into templates: builds each page's context (the
//! documented contract in `context.rs`) and renders it, in parallel.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{
    AccentContext, Breadcrumb, NavItem, PageContext, PageLink, PageMemo, ScriptContext,
    SectionContext, SeeAlsoLink, SiteContext, TagLink, TemplateContext, Theme,
};

use crate::config::Config;
use crate::content::nav::NavNode;
use crate::content::{MetaTag, Page, PageKind, Section, Site, Tag, UrlPath, merge_meta};
use crate::crosslinks::CrossLinks;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::html_text;
use crate::markdown::RenderedMarkdown;
use crate::output::{Origin, Sink};
use crate::render::RenderedSite;
use crate::seo::meta::{self, MetaInput};
use crate::seo::{PageSeo, SiteSeo, json_ld};

/// How many articles the home page lists as newest.
const NEWEST_ON_HOME: usize = 10;
/// How many of a section's pages, and of its subsections, the sidebar lists.
const NAV_WINDOW: usize = 40;
/// How many folder levels the sidebar shows above a page at most.
const NAV_DEPTH: usize = 6;
/// The most breadcrumbs a page shows: Home and the nearest sections.
const TRAIL_LENGTH: usize = 6;

/// The `start..end` of at most [`NAV_WINDOW`] of `len` items, centred on `at`
/// when there is room.
fn nav_window(len: usize, at: Option<usize>) -> (usize, usize) {
    let start = at.map_or(0, |at| at.saturating_sub(NAV_WINDOW / 2));
    let end = (start + NAV_WINDOW).min(len);
    (end.saturating_sub(NAV_WINDOW), end)
}

/// One HTML file of the site, rendered through its template.
#[derive(Debug, Clone)]
struct HtmlPage {
    /// Forward-slash output path (`sec/page/index.html`).
    path: String,
    html: Vec<u8>,
    /// What it was made from, for error messages.
    origin: Origin,
}

/// What the earlier stages know about the site, for its pages.
#[derive(Debug)]
pub struct SiteFacts<'a> {
    pub rendered: &'a RenderedSite<'a>,
    pub seo: &'a SiteSeo,
    pub links: &'a CrossLinks,
    pub config: &'a Config,
    /// The Atom feed's address, when the site has one.
    pub feed_url: Option<String>,
}

/// Renders every page, every section without an `index.md`, the tag and
/// search pages and the 404 page into `sink`; `memo` lets unchanged pages be
/// reused.
pub fn render_html(
    facts: SiteFacts<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    memo: Option<&PageMemo>,
) -> (usize, Diagnostics) {
    let rendered = facts.rendered;
    let seo = facts.seo;
    let (builder, site_context) = ContextBuilder::new(facts);
    let mut jobs: Vec<Job<'_>> = rendered
        .site
        .pages
        .iter()
        .zip(&rendered.pages)
        .zip(&seo.pages)
        .map(|((page, markdown), page_seo)| Job::Page(page, markdown, page_seo))
        .collect();
    jobs.extend(rendered.site.listing_sections().map(Job::Listing));
    if !rendered.site.tags.is_empty() {
        jobs.push(Job::TagIndex);
        jobs.extend(rendered.site.tags.iter().map(Job::Tag));
    }
    jobs.push(Job::Search);
    jobs.push(Job::NotFound);
    // Each page goes to the sink as soon as it is rendered, so the site's
    // HTML never sits in memory all at once.
    let problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let page = match builder.render(job, &site_context, theme, memo) {
                Ok(page) => page,
                Err(problem) => return Some(problem),
            };
            sink.put(page.path, page.html, page.origin).err()
        })
        .collect();
    (jobs.len(), once_each(problems))
}

/// One diagnostic per problem: a mistake in a template fails every page
/// that uses it the same way, and is reported once with how many pages.
fn once_each(problems: Vec<Diagnostic>) -> Diagnostics {
    type Key = (
        String,
        String,
        Option<(std::path::PathBuf, Option<(usize, usize)>)>,
    );
    let mut index: BTreeMap<Key, usize> = BTreeMap::new();
    let mut seen: Vec<(Diagnostic, usize)> = Vec::new();
    for problem in problems {
        let key: Key = (
            problem.code.to_string(),
            problem.message.clone(),
            problem
                .location
                .as_ref()
                .map(|l| (l.path.clone(), l.span.as_ref().map(|s| (s.start, s.end)))),
        );
        match index.get(&key).and_then(|&at| seen.get_mut(at)) {
            Some((_, count)) => *count += 1,
            None => {
                index.insert(key, seen.len());
                seen.push((problem, 1));
            }
        }
    }
    seen.into_iter()
        .map(|(mut problem, count)| {
            if count > 1 {
                problem.message = format!("{} (on {count} pages)", problem.message);
            }
            problem
        })
        .collect()
}

/// A page's origin: problems with its output path are reported at its
/// `slug` line when it has one (that is what names the path), else at its
/// first line.
fn page_origin(page: &Page) -> Origin {
    let text = &page.source.text;
    let slug_line = page.front_matter.slug.as_ref().and_then(|_| {
        let at = text.find("\nslug:").map(|at| at + 1)?;
        Some(at..at + text.get(at..)?.find('\n').unwrap_or(0))
    });
    let span = slug_line.unwrap_or_else(|| 0..text.find('\n').unwrap_or(text.len()));
    Origin::page(&page.source, span)
}

/// Renders the page at `index` of the site alone: its output path and HTML
/// (for `serve`'s preview of an edit).
pub fn render_page(
    facts: SiteFacts<'_>,
    theme: &Theme,
    index: usize,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let rendered = facts.rendered;
    let seo = facts.seo;
    let job = match (
        rendered.site.pages.get(index),
        rendered.pages.get(index),
        seo.pages.get(index),
    ) {
        (Some(page), Some(markdown), Some(page_seo)) => Job::Page(page, markdown, page_seo),
        _ => return Err(Diagnostic::error("serve", "no such page")),
    };
    let (builder, site_context) = ContextBuilder::new(facts);
    let page = builder.render(&job, &site_context, theme, None)?;
    Ok((page.path, page.html))
}

fn site_context(config: &Config) -> SiteContext {
    SiteContext {
        title: config.title.clone(),
        description: config.description.clone(),
        author: config.author.clone(),
        language: config.language.clone(),
        base_url: config.base_url.to_string(),
        base_path: config.base_url.path().to_owned(),
        meta: config.meta.clone(),
        generator: format!("kbgen {}", env!("CARGO_PKG_VERSION")),
        feed_url: None,
        tags_url: None,
        search_url: config.base_url.url_for("search/"),
        search_dir: "search".to_owned(),
        extra_css: config
            .extra_css
            .iter()
            .map(|p| asset_url(config, p))
            .collect(),
        extra_js: config
            .extra_js
            .iter()
            .map(|script| ScriptContext {
                src: asset_url(config, &script.path),
                kind: script.kind.clone(),
                defer: script.defer,
                load_async: script.load_async,
            })
            .collect(),
        extra: super::extra::as_template_value(&config.extra),
        social: super::extra::social_links(&config.extra),
        logo: config.theme.logo.as_deref().map(|p| asset_url(config, p)),
        favicon: asset_url(
            config,
            config.theme.favicon.as_deref().unwrap_or("favicon.svg"),
        ),
        mermaid: config
            .theme
            .mermaid
            .as_deref()
            .map(|p| asset_url(config, p)),
        favicon_type: icon_type(config.theme.favicon.as_deref().unwrap_or("favicon.svg")),
        accent: config.theme.accent.map(|accent| AccentContext {
            light: accent.light.to_string(),
            dark: accent.dark.to_string(),
        }),
        copyright: config.copyright.clone(),
        repo_url: config.repo_url.clone(),
        repo_name: config.repo_url.as_deref().and_then(repo_name),
    }
}

/// An icon's media type from its file name, for `<link rel="icon" type>`.
fn icon_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, extension) = name.rsplit_once('.')?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// The name readers know a source host by: the forge for the big ones,
/// else the host itself.
fn repo_name(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    Some(
        match host {
            "github.com" => "GitHub",
            "gitlab.com" => "GitLab",
            "codeberg.org" => "Codeberg",
            "bitbucket.org" => "Bitbucket",
            "sr.ht" | "git.sr.ht" => "SourceHut",
            other => other,
        }
        .to_owned(),
    )
}

/// An `extra_css` / `extra_js` entry as a URL: absolute URLs stay, a path
/// is a file of the site (`css/x.css` → `/kb/css/x.css`).
fn asset_url(config: &Config, path: &str) -> String {
    if path.contains("://") || path.starts_with("//") {
        return path.to_owned();
    }
    config.base_url.url_for(&crate::content::encode_file_path(
        path.trim_start_matches('/'),
    ))
}

/// The address a nav group links to: its first entry's, however deep.
fn first_url(items: &[NavItem]) -> Option<String> {
    items.first().map(|item| item.url.clone())
}

/// How many pages a nav group lists, however deep.
fn count_pages(nodes: &[NavNode]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            NavNode::Page { .. } => 1,
            NavNode::Section { children, .. } => count_pages(children),
            NavNode::Folder { .. } | NavNode::Link { .. } => 0,
        })
        .sum()
}

/// How many of the articles linking to a page its foot lists.
const MAX_LINKED_FROM: usize = 5;

/// What an article's foot can list about other pages.
#[derive(Default)]
struct FootLinks {
    see_also: Vec<SeeAlsoLink>,
    related: Vec<PageLink>,
    backlinks: Vec<PageLink>,
    linked_from: Vec<PageLink>,
}

enum Job<'a> {
    Page(&'a Page, &'a RenderedMarkdown, &'a PageSeo),
    /// A folder with pages but no `index.md`.
    Listing(&'a Section),
    /// `/tags/`: every tag.
    TagIndex,
    /// `/tags/<tag>/`: the articles with one tag.
    Tag(&'a Tag),
    /// `/search/`: results for `?q=`, and a list of topics without JavaScript.
    Search,
    NotFound,
}

struct ContextBuilder<'a> {
    site: &'a Site,
    /// Where page bodies come from.
    rendered: &'a RenderedSite<'a>,
    seo: &'a SiteSeo,
    links: &'a CrossLinks,
    config: &'a Config,
    /// Articles per section, subsections included.
    counts: BTreeMap<String, usize>,
    /// Each page's place in its section's list (by page index).
    positions: Vec<Option<usize>>,
}

impl<'a> ContextBuilder<'a> {
    /// The builder and the site-wide part of every context.
    fn new(facts: SiteFacts<'a>) -> (Self, SiteContext) {
        let SiteFacts {
            rendered,
            seo,
            links,
            config,
            feed_url,
        } = facts;
        let mut site_context = site_context(config);
        site_context.feed_url = feed_url;
        let generated = &rendered.site.generated;
        let folder_url = |name: &str| {
            let folder = UrlPath::folder(vec![name.to_owned()], rendered.site.url_style);
            config.base_url.url_for(&folder.encoded())
        };
        if !rendered.site.tags.is_empty() {
            site_context.tags_url = Some(folder_url(&generated.tags));
        }
        site_context.search_url = folder_url(&generated.search);
        site_context.search_dir = generated.search.clone();
        let builder = ContextBuilder {
            site: rendered.site,
            rendered,
            seo,
            links,
            config,
            counts: article_counts(rendered.site),
            positions: section_positions(rendered.site),
        };
        (builder, site_context)
    }

    fn render(
        &self,
        job: &Job<'_>,
        site: &SiteContext,
        theme: &Theme,
        memo: Option<&PageMemo>,
    ) -> Result<HtmlPage, Diagnostic> {
        let (template, page, section_dir, path, origin, current) = match job {
            Job::Page(page, markdown, page_seo) => {
                let template = self.template_for(page, theme)?;
                let (kind, section_dir) = match page.kind {
                    PageKind::Article => ("article", page.section.as_str()),
                    PageKind::SectionIndex if page.section.is_empty() => ("home", ""),
                    PageKind::SectionIndex => ("section", page.section.as_str()),
                };
                let context = self.page_context(page, markdown, page_seo, kind);
                (
                    template,
                    context,
                    Some(section_dir),
                    page.url.output_file(),
                    page_origin(page),
                    Current::Page(page),
                )
            }
            Job::Listing(section) => (
                "section.html".to_owned(),
                self.listing_context(section),
                Some(section.dir.as_str()),
                section.url.output_file(),
                format!("section `{}`", section.dir).into(),
                Current::Section(section),
            ),
            Job::TagIndex => (
                "tags.html".to_owned(),
                self.generated_context(
                    "tags",
                    "Tags",
                    &UrlPath::folder(vec![self.site.generated.tags.clone()], self.site.url_style),
                ),
                None,
                format!("{}/index.html", self.site.generated.tags),
                "the tags page".into(),
                Current::Nothing,
            ),
            Job::Tag(tag) => (
                "tag.html".to_owned(),
                self.generated_context("tag", &tag.name, &tag.url),
                None,
                tag.url.output_file(),
                format!("the page of tag `{}`", tag.name).into(),
                Current::Nothing,
            ),
            Job::Search => (
                "search.html".to_owned(),
                self.generated_context(
                    "search",
                    "Search",
                    &UrlPath::folder(
                        vec![self.site.generated.search.clone()],
                        self.site.url_style,
                    ),
                ),
                Some(""),
                format!("{}/index.html", self.site.generated.search),
                "the search page".into(),
                Current::Nothing,
            ),
            Job::NotFound => (
                "404.html".to_owned(),
                self.not_found_context(),
                None,
                "404.html".to_owned(),
                "the 404 page".into(),
                Current::Nothing,
            ),
        };
        let section = match job {
            Job::Tag(tag) => Some(self.tag_context(tag)),
            // An article names its section; listing every sibling with its
            // answer in every article would make the site's work grow with
            // pages × section size (the sidebar already lists the siblings).
            Job::Page(page, ..) if page.kind == PageKind::Article => {
                section_dir.and_then(|dir| self.section_header(dir))
            }
            _ => section_dir.and_then(|dir| self.section_context(dir)),
        };
        let mut breadcrumbs = self.breadcrumbs(&current);
        if matches!(job, Job::TagIndex | Job::Tag(_) | Job::Search) {
            breadcrumbs = self.generated_breadcrumbs(job);
        }
        let is_home = page.kind == "home";
        let tags = if matches!(job, Job::TagIndex) {
            self.all_tags()
        } else {
            Vec::new()
        };
        let mut page = page;
        if is_home {
            page.links_every_topic = links_every_topic(&page.content, section.as_ref());
        }
        self.finish_head(&mut page, job, &breadcrumbs);
        let context = TemplateContext {
            site,
            page,
            section,
            nav: self.nav(&current),
            breadcrumbs,
            newest: if is_home { self.newest() } else { Vec::new() },
            tags,
        };
        let html = theme.render_or_reuse(&template, &context, &path, memo)?;
        Ok(HtmlPage { path, html, origin })
    }

    /// Meta tags and structured data, once the page and its breadcrumbs are known.
    fn finish_head(&self, context: &mut PageContext, job: &Job<'_>, breadcrumbs: &[Breadcrumb]) {
        let config = self.config;
        let (own_meta, dates): (&[MetaTag], _) = match job {
            Job::Page(page, ..) => (
                &page.front_matter.meta,
                (page.front_matter.date, page.front_matter.updated),
            ),
            Job::Listing(_) | Job::TagIndex | Job::Tag(_) | Job::Search | Job::NotFound => {
                (&[], (None, None))
            }
        };
        let is_article = context.kind == "article";
        let description = context
            .description
            .clone()
            .or_else(|| config.description.clone());
        let image = config.image.as_deref().map(|image| self.absolute(image));
        let input = MetaInput {
            is_article,
            title: &context.title,
            description: description.as_deref(),
            permalink: config
                .base_url
                .has_origin()
                .then_some(context.permalink.as_str()),
            site_name: &config.title,
            language: &config.language,
            image: image.as_deref(),
            image_alt: config.image_alt.as_deref().unwrap_or(&config.title),
            published: dates.0.map(|d| d.rfc3339()),
            modified: dates.1.map(|d| d.rfc3339()),
        };
        let mut tags = meta::page_meta(&input, &config.meta, own_meta);
        if context.kind == "404" || context.kind == "search" {
            tags = merge_meta(
                &tags,
                &[MetaTag {
                    name: Some("robots".into()),
                    property: None,
                    content: "noindex".into(),
                }],
            );
        }
        context.meta = tags;
        let mut structured = Vec::new();
        if let Job::Page(page, markdown, page_seo) = job {
            let entries = page_seo.faq_page_entries(page);
            let author_keeps_theirs = config.faq.keep_author_faq_page
                && markdown.author_json_ld.iter().any(|j| j.is_faq_page);
            if !entries.is_empty() && !author_keeps_theirs {
                structured.push(json_ld::faq_page(&entries));
            }
        }
        if !breadcrumbs.is_empty() {
            let mut crumbs: Vec<json_ld::Crumb<'_>> = breadcrumbs
                .iter()
                .map(|b| json_ld::Crumb {
                    name: &b.title,
                    url: &b.permalink,
                })
                .collect();
            crumbs.push(json_ld::Crumb {
                name: &context.title,
                url: &context.permalink,
            });
            structured.push(json_ld::breadcrumb_list(&crumbs));
        }
        if context.kind == "home" {
            structured.push(json_ld::web_site(
                &config.title,
                &context.permalink,
                config.description.as_deref(),
                &config.language,
            ));
        }
        context.json_ld = structured.iter().map(json_ld::to_script_json).collect();
    }

    /// An absolute URL for a configured address (`https://…` stays, `/img.png` gets the site's origin).
    fn absolute(&self, address: &str) -> String {
        if address.contains("://") {
            address.to_owned()
        } else {
            self.config.base_url.permalink_for(address)
        }
    }

    fn template_for(&self, page: &Page, theme: &Theme) -> Result<String, Diagnostic> {
        if let Some(template) = &page.front_matter.template {
            if theme.has_template(template) {
                return Ok(template.clone());
            }
            let at = page.source.text.find("template:").unwrap_or(0);
            return Err(Diagnostic::error(
                "template",
                format!("template `{template}` does not exist"),
            )
            .at(&page.source, at..at + "template".len())
            .with_help("add it to the site's templates/ folder, or remove the `template` key"));
        }
        Ok(match page.kind {
            PageKind::Article => "page.html",
            PageKind::SectionIndex if page.section.is_empty() => "index.html",
            PageKind::SectionIndex => "section.html",
        }
        .to_owned())
    }

    fn url(&self, encoded: &str) -> String {
        self.config.base_url.url_for(encoded)
    }

    fn page_context(
        &self,
        page: &Page,
        markdown: &RenderedMarkdown,
        page_seo: &PageSeo,
        kind: &'static str,
    ) -> PageContext {
        let front = &page.front_matter;
        let encoded = page.url.encoded();
        let (previous, next) = self.neighbours(page);
        let FootLinks {
            see_also,
            related,
            backlinks,
            linked_from,
        } = self.cross_links(page);
        let tag_links = front
            .tags
            .iter()
            .filter_map(|name| self.site.tag(name))
            .map(|tag| self.tag_link(tag))
            .collect();
        PageContext {
            kind,
            title: page.title.clone(),
            question: page_seo.question.clone(),
            heading: markdown
                .heading_html
                .clone()
                .unwrap_or_else(|| html_text(&page.title)),
            heading_id: markdown.heading_id.clone(),
            description: page_seo.description.clone(),
            answer: page_seo.answer.clone(),
            answer_from_front_matter: page_seo.answer_from_front_matter,
            json_ld: Vec::new(),
            content: self.rendered.body_html(page, markdown),
            summary: markdown
                .summary_html
                .clone()
                .or_else(|| front.description.as_deref().map(html_text)),
            toc: markdown.toc.clone(),
            toc_size: toc_size(&markdown.toc),
            links_every_topic: false,
            date: front.date.map(|d| d.date_string()),
            updated: front.updated.map(|d| d.date_string()),
            tags: front.tags.clone(),
            url: self.url(&encoded),
            permalink: self.config.base_url.permalink_for(&encoded),
            meta: merge_meta(&self.config.meta, &front.meta),
            extra: front.extra.clone(),
            source_path: page.rel_path.clone(),
            previous,
            next,
            see_also,
            related,
            backlinks,
            linked_from,
            tag_links,
            edit_url: edit_url(self.config, &page.rel_path),
        }
    }

    fn listing_context(&self, section: &Section) -> PageContext {
        let encoded = section.url.encoded();
        PageContext {
            kind: "section",
            title: section.title.clone(),
            question: section.title.clone(),
            heading: html_text(&section.title),
            heading_id: None,
            description: None,
            answer: None,
            answer_from_front_matter: false,
            json_ld: Vec::new(),
            content: String::new(),
            summary: None,
            toc: Vec::new(),
            toc_size: 0,
            links_every_topic: false,
            date: None,
            updated: None,
            tags: Vec::new(),
            url: self.url(&encoded),
            permalink: self.config.base_url.permalink_for(&encoded),
            meta: self.config.meta.clone(),
            extra: BTreeMap::new(),
            source_path: String::new(),
            previous: None,
            next: None,
            see_also: Vec::new(),
            related: Vec::new(),
            backlinks: Vec::new(),
            linked_from: Vec::new(),
            tag_links: Vec::new(),
            // A listing is kbgen's, with no source to edit.
            edit_url: None,
        }
    }

    /// A page kbgen makes itself (tags), with the site's meta tags.
    fn generated_context(&self, kind: &'static str, title: &str, url: &UrlPath) -> PageContext {
        let mut context = self.not_found_context();
        context.kind = kind;
        context.title = title.to_owned();
        context.question = title.to_owned();
        context.heading = html_text(title);
        context.url = self.url(&url.encoded());
        context.permalink = self.config.base_url.permalink_for(&url.encoded());
        context
    }

    fn generated_breadcrumbs(&self, job: &Job<'_>) -> Vec<Breadcrumb> {
        let mut trail = vec![Breadcrumb {
            title: "Home".to_owned(),
            url: self.url(""),
            permalink: self.config.base_url.permalink_for(""),
        }];
        if matches!(job, Job::Tag(_)) {
            let tags = format!("{}/", self.site.generated.tags);
            trail.push(Breadcrumb {
                title: "Tags".to_owned(),
                url: self.url(&tags),
                permalink: self.config.base_url.permalink_for(&tags),
            });
        }
        trail
    }

    fn tag_context(&self, tag: &Tag) -> SectionContext {
        SectionContext {
            title: tag.name.clone(),
            url: self.url(&tag.url.encoded()),
            pages: tag.pages.iter().filter_map(|&i| self.link_to(i)).collect(),
            subsections: Vec::new(),
        }
    }

    fn all_tags(&self) -> Vec<TagLink> {
        self.site
            .tags
            .iter()
            .map(|tag| self.tag_link(tag))
            .collect()
    }

    fn tag_link(&self, tag: &Tag) -> TagLink {
        TagLink {
            name: tag.name.clone(),
            url: self.url(&tag.url.encoded()),
            count: tag.pages.len(),
        }
    }

    /// The newest articles by `updated`, else `date`.
    fn newest(&self) -> Vec<PageLink> {
        let mut dated: Vec<(crate::content::PageDate, &Page)> = self
            .site
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Article)
            .filter_map(|p| Some((p.front_matter.updated.or(p.front_matter.date)?, p)))
            .collect();
        dated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
        dated
            .into_iter()
            .take(NEWEST_ON_HOME)
            .map(|(_, p)| self.link(p))
            .collect()
    }

    fn not_found_context(&self) -> PageContext {
        let mut context =
            self.listing_context(self.site.sections.get("").unwrap_or(&EMPTY_SECTION));
        context.kind = "404";
        context.title = "Page not found".to_owned();
        context.question = context.title.clone();
        context.heading = context.title.clone();
        context.url = self.url("404.html");
        context.permalink = self.config.base_url.permalink_for("404.html");
        context
    }

    fn link(&self, page: &Page) -> PageLink {
        let answer = self
            .site
            .page_by_path(&page.rel_path)
            .and_then(|i| self.seo.pages.get(i))
            .and_then(|s| s.answer.clone());
        PageLink {
            title: page.title.clone(),
            url: self.url(&page.url.encoded()),
            description: page.front_matter.description.clone(),
            excerpt: answer
                .as_deref()
                .map(|a| crate::seo::excerpt(a, EXCERPT_LENGTH)),
            answer,
            date: page.front_matter.date.map(|d| d.date_string()),
            page_count: None,
        }
    }

    fn link_to(&self, index: usize) -> Option<PageLink> {
        self.site.pages.get(index).map(|p| self.link(p))
    }

    /// The see-also list, related articles and backlinks of a page.
    fn cross_links(&self, page: &Page) -> FootLinks {
        let Some(links) = self
            .site
            .page_by_path(&page.rel_path)
            .and_then(|i| self.links.pages.get(i))
        else {
            return FootLinks::default();
        };
        let see_also = links
            .see_also
            .iter()
            .map(|item| {
                match item
                    .page
                    .and_then(|i| Some((self.site.pages.get(i)?, self.seo.pages.get(i)?)))
                {
                    Some((target, target_seo)) => SeeAlsoLink {
                        title: target_seo.question.clone(),
                        text: item.text.clone(),
                        url: self.url(&target.url.encoded()),
                        answer: target_seo.answer.clone(),
                        external: false,
                    },
                    None => SeeAlsoLink {
                        title: item.text.clone(),
                        text: item.text.clone(),
                        url: item.href.clone(),
                        answer: None,
                        external: true,
                    },
                }
            })
            .collect();
        let related = links
            .related
            .iter()
            .filter_map(|&i| self.link_to(i))
            .collect();
        let backlinks = links
            .backlinks
            .iter()
            .filter_map(|&i| self.link_to(i))
            .collect();
        // A backlink adds something only when it is an article the reader
        // has not been shown already: sections and the home page are in
        // the breadcrumbs and the sidebar.
        let shown: BTreeSet<usize> = links
            .see_also
            .iter()
            .filter_map(|item| item.page)
            .chain(links.related.iter().copied())
            .collect();
        let linked_from = links
            .backlinks
            .iter()
            .filter(|i| !shown.contains(i))
            .filter(|&&i| {
                self.site
                    .pages
                    .get(i)
                    .is_some_and(|p| p.kind == PageKind::Article)
            })
            .take(MAX_LINKED_FROM)
            .filter_map(|&i| self.link_to(i))
            .collect();
        FootLinks {
            see_also,
            related,
            backlinks,
            linked_from,
        }
    }

    fn section_link(&self, section: &Section) -> PageLink {
        let count = self.counts.get(&section.dir).copied().unwrap_or(0);
        let description = section
            .index_page
            .and_then(|i| self.site.pages.get(i))
            .and_then(|p| p.front_matter.description.clone());
        PageLink {
            title: section.title.clone(),
            url: self.url(&section.url.encoded()),
            description,
            answer: None,
            excerpt: None,
            date: None,
            page_count: Some(count),
        }
    }

    fn neighbours(&self, page: &Page) -> (Option<PageLink>, Option<PageLink>) {
        if page.kind != PageKind::Article {
            return (None, None);
        }
        let Some(section) = self.site.sections.get(&page.section) else {
            return (None, None);
        };
        let position = self.position_of(page);
        let at = |i: Option<usize>| {
            i.and_then(|i| section.pages.get(i))
                .and_then(|&i| self.site.pages.get(i))
        };
        match position {
            Some(position) => (
                at(position.checked_sub(1)).map(|p| self.link(p)),
                at(Some(position + 1)).map(|p| self.link(p)),
            ),
            None => (None, None),
        }
    }

    /// A section's title and address without its listings (what an article shows).
    fn section_header(&self, dir: &str) -> Option<SectionContext> {
        let section = self.site.sections.get(dir)?;
        Some(SectionContext {
            title: section.title.clone(),
            url: self.url(&section.url.encoded()),
            pages: Vec::new(),
            subsections: Vec::new(),
        })
    }

    fn section_context(&self, dir: &str) -> Option<SectionContext> {
        let section = self.site.sections.get(dir)?;
        Some(SectionContext {
            title: section.title.clone(),
            url: self.url(&section.url.encoded()),
            pages: section
                .pages
                .iter()
                .filter_map(|&i| self.site.pages.get(i))
                .map(|p| self.link(p))
                .collect(),
            subsections: section
                .subsections
                .iter()
                .filter_map(|d| self.site.sections.get(d))
                .map(|s| self.section_link(s))
                .collect(),
        })
    }

    /// The tree from the root section, expanded along the current page's
    /// branch. On a page more than [`NAV_DEPTH`] folders deep the tree
    /// starts that many levels up, so a page's size does not grow with
    /// its depth (the breadcrumbs lead further up).
    fn nav(&self, current: &Current<'_>) -> Vec<NavItem> {
        if let Some(nodes) = &self.site.nav {
            return self.authored_nav(nodes, current);
        }
        let mut top = current.dir().map(str::to_owned);
        let depth = top
            .as_deref()
            .map_or(0, |dir| dir.split('/').filter(|s| !s.is_empty()).count());
        if depth <= NAV_DEPTH {
            top = None;
        }
        for _ in 0..NAV_DEPTH {
            top = top
                .and_then(|dir| self.site.sections.get(&dir))
                .and_then(|s| s.parent.clone());
        }
        let Some(root) = self.site.sections.get(top.as_deref().unwrap_or("")) else {
            return Vec::new();
        };
        self.nav_children(root, current)
    }

    /// The author's `nav`, in its order and with its titles; a group opens
    /// only on the branch that holds the current page, as the folders' tree
    /// does, and links to its first page.
    fn authored_nav(&self, nodes: &[NavNode], current: &Current<'_>) -> Vec<NavItem> {
        nodes
            .iter()
            .filter_map(|node| match node {
                // The page's title already is the one its first `nav`
                // entry gives it; MkDocs shows that at every entry.
                NavNode::Page { page } => {
                    Some(self.page_item(self.site.pages.get(*page)?, current))
                }
                NavNode::Link { title, url } => Some(NavItem {
                    title: title.clone(),
                    url: url.clone(),
                    is_section: false,
                    is_current: false,
                    is_active: false,
                    page_count: 0,
                    children: Vec::new(),
                }),
                NavNode::Folder { title, dir } => {
                    let section = self.site.sections.get(dir)?;
                    let mut item = self.section_item(section, current);
                    if let Some(title) = title {
                        item.title = title.clone();
                    }
                    Some(item)
                }
                NavNode::Section { title, children } => {
                    let is_active = self.nav_holds(children, current);
                    let items = self.authored_nav(children, current);
                    let url = first_url(&items)?;
                    Some(NavItem {
                        title: title.clone(),
                        url,
                        is_section: true,
                        is_current: false,
                        is_active,
                        page_count: count_pages(children),
                        children: if is_active { items } else { Vec::new() },
                    })
                }
            })
            .collect()
    }

    /// Whether the current page is one of these entries, however deep.
    fn nav_holds(&self, nodes: &[NavNode], current: &Current<'_>) -> bool {
        nodes.iter().any(|node| match node {
            NavNode::Page { page, .. } => self
                .site
                .pages
                .get(*page)
                .is_some_and(|page| current.is_page(page)),
            NavNode::Folder { dir, .. } => current.is_inside(dir),
            NavNode::Section { children, .. } => self.nav_holds(children, current),
            NavNode::Link { .. } => false,
        })
    }

    fn nav_children(&self, section: &Section, current: &Current<'_>) -> Vec<NavItem> {
        let mut items = Vec::new();
        // Only a window of the subsections and of the pages around the
        // current one, so a page's size does not grow with its section's.
        let active = section
            .subsections
            .iter()
            .position(|dir| current.is_inside(dir));
        let (start, end) = nav_window(section.subsections.len(), active);
        if start > 0 {
            items.push(self.more_item(section, start, "topic"));
        }
        for dir in section.subsections.get(start..end).unwrap_or(&[]) {
            let Some(child) = self.site.sections.get(dir) else {
                continue;
            };
            items.push(self.section_item(child, current));
        }
        if end < section.subsections.len() {
            items.push(self.more_item(section, section.subsections.len() - end, "topic"));
        }
        let at = match current {
            Current::Page(page) => self.position_of(page),
            _ => None,
        };
        let (start, end) = nav_window(section.pages.len(), at);
        if start > 0 {
            items.push(self.more_item(section, start, "question"));
        }
        for &index in section.pages.get(start..end).unwrap_or(&[]) {
            let Some(page) = self.site.pages.get(index) else {
                continue;
            };
            items.push(self.page_item(page, current));
        }
        if end < section.pages.len() {
            items.push(self.more_item(section, section.pages.len() - end, "question"));
        }
        items
    }

    /// A page in the sidebar.
    fn page_item(&self, page: &Page, current: &Current<'_>) -> NavItem {
        NavItem {
            title: page.title.clone(),
            url: self.url(&page.url.encoded()),
            is_section: false,
            is_current: current.is_page(page),
            is_active: false,
            page_count: 0,
            children: Vec::new(),
        }
    }

    /// A folder in the sidebar, opened when it holds the current page.
    fn section_item(&self, section: &Section, current: &Current<'_>) -> NavItem {
        let dir = section.dir.as_str();
        let is_active = current.is_inside(dir);
        NavItem {
            title: section.title.clone(),
            url: self.url(&section.url.encoded()),
            is_section: true,
            is_current: current.is_section(dir),
            is_active,
            page_count: self.counts.get(dir).copied().unwrap_or(0),
            children: if is_active {
                self.nav_children(section, current)
            } else {
                Vec::new()
            },
        }
    }

    /// "N more questions" (or topics): a link to the section that lists them.
    fn more_item(&self, section: &Section, hidden: usize, noun: &str) -> NavItem {
        NavItem {
            title: format!("{hidden} more {noun}{}", if hidden == 1 { "" } else { "s" }),
            url: self.url(&section.url.encoded()),
            is_section: false,
            is_current: false,
            is_active: false,
            page_count: hidden,
            children: Vec::new(),
        }
    }

    /// Where an article stands in its section's reading order.
    fn position_of(&self, page: &Page) -> Option<usize> {
        let index = self.site.page_by_path(&page.rel_path)?;
        self.positions.get(index).copied().flatten()
    }

    fn breadcrumbs(&self, current: &Current<'_>) -> Vec<Breadcrumb> {
        let start = match current {
            Current::Page(page) if page.kind == PageKind::SectionIndex => self
                .site
                .sections
                .get(&page.section)
                .and_then(|s| s.parent.clone()),
            Current::Page(page) => Some(page.section.clone()),
            Current::Section(section) => section.parent.clone(),
            Current::Nothing => None,
        };
        let mut trail = Vec::new();
        let mut next = start;
        while let Some(dir) = next {
            // Deep pages keep the nearest sections and Home.
            if trail.len() == TRAIL_LENGTH - 1 && !dir.is_empty() {
                next = Some(String::new());
                continue;
            }
            let Some(section) = self.site.sections.get(&dir) else {
                break;
            };
            let title = if dir.is_empty() {
                "Home".to_owned()
            } else {
                section.title.clone()
            };
            trail.push(Breadcrumb {
                title,
                url: self.url(&section.url.encoded()),
                permalink: self.config.base_url.permalink_for(&section.url.encoded()),
            });
            next = section.parent.clone();
        }
        trail.reverse();
        trail
    }
}

static EMPTY_SECTION: Section = Section {
    dir: String::new(),
    title: String::new(),
    url: crate::content::UrlPath::ROOT,
    index_page: None,
    pages: Vec::new(),
    subsections: Vec::new(),
    parent: None,
    weight: 0,
};

/// What the page being rendered is, for marking it in navigation.
enum Current<'a> {
    Page(&'a Page),
    Section(&'a Section),
    Nothing,
}

impl Current<'_> {
    fn dir(&self) -> Option<&str> {
        match self {
            Current::Page(page) => Some(&page.section),
            Current::Section(section) => Some(&section.dir),
            Current::Nothing => None,
        }
    }

    /// Whether the current page lies in (or is) the section at `dir`.
    fn is_inside(&self, dir: &str) -> bool {
        self.dir()
            .is_some_and(|own| own == dir || own.starts_with(&format!("{dir}/")))
    }

    fn is_section(&self, dir: &str) -> bool {
        match self {
            Current::Page(page) => page.kind == PageKind::SectionIndex && page.section == dir,
            Current::Section(section) => section.dir == dir,
            Current::Nothing => false,
        }
    }

    fn is_page(&self, other: &Page) -> bool {
        matches!(self, Current::Page(page) if page.rel_path == other.rel_path)
    }
}

fn section_positions(site: &Site) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.pages.len()];
    for section in site.sections.values() {
        for (position, &index) in section.pages.iter().enumerate() {
            if let Some(slot) = positions.get_mut(index) {
                *slot = Some(position);
            }
        }
    }
    positions
}

fn article_counts(site: &Site) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| p.kind == PageKind::Article) {
        let mut dir = page.section.as_str();
        loop {
            *counts.entry(dir.to_owned()).or_default() += 1;
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent,
                None if !dir.is_empty() => dir = "",
                None => break,
            }
        }
    }
    counts
}

/// Whether a page's body links to every subsection of `section` (and it
/// has some): an author's own "browse by topic" list.
fn links_every_topic(content: &str, section: Option<&SectionContext>) -> bool {
    section.is_some_and(|section| {
        !section.subsections.is_empty()
            && section
                .subsections
                .iter()
                .all(|sub| content.contains(&format!("href=\"{}\"", sub.url)))
    })
}

/// How long an answer may be on a card before it is cut.
const EXCERPT_LENGTH: usize = 180;

/// How many headings a table of contents holds, at every level.
fn toc_size(toc: &[crate::markdown::TocEntry]) -> usize {
    toc.iter().map(|entry| 1 + toc_size(&entry.children)).sum()
}

/// `repo_url` + `edit_uri` + the page's path, joined as URLs are (so
/// `../docs/blob/main/docs/` climbs from the repository's address), as
/// MkDocs makes a page's edit link; none without both settings.
fn edit_url(config: &Config, rel_path: &str) -> Option<String> {
    let edit_uri = config.edit_uri.as_deref().filter(|uri| !uri.is_empty())?;
    let mut repo = config.repo_url.clone()?;
    if !repo.ends_with('/') {
        repo.push('/');
    }
    let mut folder = edit_uri.to_owned();
    if !folder.ends_with('/') {
        folder.push('/');
    }
    let base = url::Url::parse(&repo).ok()?;
    let file = base
        .join(&folder)
        .ok()?
        .join(&crate::content::encode_file_path(rel_path))
        .ok()?;
    matches!(file.scheme(), "http" | "https").then(|| file.to_string())
}
