//! What a finished build knows about the site, kept by `serve` so that an
//! edit of one article's body shows at once, before the full rebuild.

use crate::config::Config;
use crate::content::{self, Site};
use crate::crosslinks::CrossLinks;
use crate::markdown::{self, HighlightCache, LinkResolver, LinkTarget, RenderedMarkdown};
use crate::render::{self, RenderedSite};
use crate::seo::{self, SiteSeo};
use crate::theme::{self, SiteFacts, Theme};

/// What a finished build knows about the site: kept by `serve` to show an
/// edit of one article at once, before the full rebuild that follows it.
#[derive(Debug)]
pub struct SiteState {
    pub(super) config: Config,
    pub(super) theme: Theme,
    pub(super) site: Site,
    pub(super) rendered: Vec<RenderedMarkdown>,
    pub(super) seo: SiteSeo,
    pub(super) links: CrossLinks,
    pub(super) feed_url: Option<String>,
    /// For the edited page's code blocks.
    pub(super) highlight: HighlightCache,
}

impl SiteState {
    /// The settings the state was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Renders the page at `rel_path` (relative to the content folder) again
    /// after its body was edited, and takes the edit into this state. `None`
    /// when the edit may change other pages or needs reporting — new front
    /// matter, question, headings, links or see-also list, or a broken link —
    /// and only a full build will do.
    pub fn preview_edit(&mut self, rel_path: &str) -> Option<(String, Vec<u8>)> {
        let index = self.site.page_by_path(rel_path)?;
        let page = content::reload_page(&self.config, rel_path).ok()?;
        let before = self.site.pages.get(index)?;
        if page.source.text.get(..page.body_start) != before.source.text.get(..before.body_start) {
            return None;
        }
        let resolver = LinkResolver {
            site: &self.site,
            base: &self.config.base_url,
            from_dir: &page.section,
        };
        let markdown = markdown::render(
            page.body(),
            page.body_start,
            &resolver,
            markdown::RenderOptions {
                source_map: page.source_map(),
                ..render::options(&self.config, &self.highlight)
            },
        );
        let previous = self.rendered.get(index)?;
        let same_links = markdown.links.len() == previous.links.len()
            && markdown.links.iter().zip(&previous.links).all(|(a, b)| {
                (&a.dest, &a.target, a.is_image, &a.text, a.in_see_also)
                    == (&b.dest, &b.target, b.is_image, &b.text, b.in_see_also)
            });
        if markdown.heading_text != previous.heading_text
            || markdown.anchors != previous.anchors
            || !same_links
            || markdown
                .links
                .iter()
                .any(|l| matches!(l.target, LinkTarget::Missing { .. }))
        {
            return None;
        }
        let page_seo = seo::page_seo(&page, &markdown, &self.config);
        *self.site.pages.get_mut(index)? = page;
        *self.rendered.get_mut(index)? = markdown;
        *self.seo.pages.get_mut(index)? = page_seo;
        let rendered = RenderedSite::with_bodies(&self.site, std::mem::take(&mut self.rendered));
        let html = theme::render_page(
            SiteFacts {
                rendered: &rendered,
                seo: &self.seo,
                links: &self.links,
                config: &self.config,
                feed_url: self.feed_url.clone(),
            },
            &self.theme,
            index,
        );
        self.rendered = rendered.pages;
        html.ok()
    }
}
