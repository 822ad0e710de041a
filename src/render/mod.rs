//! The render stage: every page's markdown to HTML, in parallel. Each page
//! is a pure function of its own text and the site index.

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Page, Site};
use crate::markdown::{self, HighlightCache, LinkResolver, RenderOptions, RenderedMarkdown};

/// The site with every page's markdown rendered; `pages` lines up with `site.pages`.
#[derive(Debug)]
pub struct RenderedSite<'s> {
    pub site: &'s Site,
    pub pages: Vec<RenderedMarkdown>,
    /// Set when the bodies were left out: how to render one when its page is written.
    deferred: Option<(&'s Config, &'s HighlightCache)>,
}

/// When the pages' body HTML is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// With the rest of each page's facts (`serve` keys pages by their whole context).
    Now,
    /// Each when its page is written ([`RenderedSite::body_html`]): a build's
    /// peak memory then holds a few pages' HTML rather than the whole site's.
    WhenWritten,
}

impl<'s> RenderedSite<'s> {
    /// Pages rendered with their bodies.
    pub fn with_bodies(site: &'s Site, pages: Vec<RenderedMarkdown>) -> Self {
        Self {
            site,
            pages,
            deferred: None,
        }
    }

    /// The body HTML of `page` (whose rendered facts are `markdown`),
    /// rendered now when it was deferred.
    pub fn body_html(&self, page: &Page, markdown: &RenderedMarkdown) -> String {
        match self.deferred {
            None => markdown.html.clone(),
            Some((config, cache)) => render_page(self.site, page, config, cache, false).html,
        }
    }
}

/// Renders every page of the site.
pub fn render_site<'s>(
    site: &'s Site,
    config: &'s Config,
    cache: &'s HighlightCache,
    bodies: Bodies,
) -> RenderedSite<'s> {
    let defer_body = bodies == Bodies::WhenWritten;
    let pages = site
        .pages
        .par_iter()
        .map(|page| render_page(site, page, config, cache, defer_body))
        .collect();
    RenderedSite {
        site,
        pages,
        deferred: defer_body.then_some((config, cache)),
    }
}

fn render_page(
    site: &Site,
    page: &Page,
    config: &Config,
    cache: &HighlightCache,
    defer_body: bool,
) -> RenderedMarkdown {
    let resolver = LinkResolver {
        site,
        base: &config.base_url,
        from_dir: &page.section,
    };
    markdown::render(
        page.body(),
        page.body_start,
        &resolver,
        RenderOptions {
            defer_body,
            source_map: page.source_map(),
            ..options(config, cache)
        },
    )
}

/// How the site's pages are rendered.
pub fn options<'a>(config: &'a Config, cache: &'a HighlightCache) -> RenderOptions<'a> {
    RenderOptions {
        highlight_cache: Some(cache),
        answer_title: &config.faq.answer_title,
        see_also_title: &config.see_also_heading,
        take_title: true,
        drop_author_faq_page: !config.faq.keep_author_faq_page,
        defer_body: false,
        slug_style: Some(&config.slug_style),
        toc: Some(&config.toc),
        tab_slugs: config.tab_slugs.as_ref(),
        footnotes: Some(&config.footnotes),
        syntax: config.syntax,
        source_map: None,
        icon_folders: &config.icon_folders,
        custom_fences: &config.custom_fences,
    }
}
