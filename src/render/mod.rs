//! The render stage: every page's markdown to HTML, in parallel. Each page
//! is a pure function of its own text and the site index.

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Site;
use crate::markdown::{self, HighlightCache, LinkResolver, RenderOptions, RenderedMarkdown};

/// The site with every page's markdown rendered; `pages` lines up with `site.pages`.
#[derive(Debug)]
pub struct RenderedSite<'s> {
    pub site: &'s Site,
    pub pages: Vec<RenderedMarkdown>,
}

/// Renders every page of the site.
pub fn render_site<'s>(
    site: &'s Site,
    config: &Config,
    cache: &HighlightCache,
) -> RenderedSite<'s> {
    let pages = site
        .pages
        .par_iter()
        .map(|page| {
            let resolver = LinkResolver {
                site,
                base: &config.base_url,
                from_dir: &page.section,
            };
            markdown::render(
                page.body(),
                page.body_start,
                &resolver,
                options(config, cache),
            )
        })
        .collect();
    RenderedSite { site, pages }
}

/// How the site's pages are rendered.
pub fn options<'a>(config: &'a Config, cache: &'a HighlightCache) -> RenderOptions<'a> {
    RenderOptions {
        highlight_cache: Some(cache),
        answer_title: &config.faq.answer_title,
        see_also_title: &config.see_also_heading,
        take_title: true,
        drop_author_faq_page: !config.faq.keep_author_faq_page,
    }
}
