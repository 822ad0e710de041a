//! Who links to whom: each article's "See also" list as the author wrote it,
//! the pages that link to it (backlinks), and related articles it does not
//! list yet. Computed once for the whole site.

mod related;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::PageKind;
use crate::markdown::LinkTarget;
use crate::render::RenderedSite;

pub use related::{RelatedIndex, Scratch, Weights};

/// An item of an author's "See also" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeeAlsoItem {
    /// The link text as written.
    pub text: String,
    /// The href written to the page.
    pub href: String,
    /// The page it points at, when it is one of this site's.
    pub page: Option<usize>,
}

/// The cross-links of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    pub see_also: Vec<SeeAlsoItem>,
    /// Pages that link to this one, anywhere in their body, by page index.
    pub backlinks: Vec<usize>,
    /// Suggested articles the author did not list, best first.
    pub related: Vec<usize>,
}

/// [`PageLinks`] for every page; lines up with `rendered.site.pages`.
#[derive(Debug, Clone, Default)]
pub struct CrossLinks {
    pub pages: Vec<PageLinks>,
}

/// Collects see-also lists and backlinks, and ranks related articles.
pub fn compute(rendered: &RenderedSite<'_>, config: &Config) -> CrossLinks {
    let site = rendered.site;
    let mut pages: Vec<PageLinks> = vec![PageLinks::default(); site.pages.len()];
    let mut incoming: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); site.pages.len()];
    for (source, markdown) in rendered.pages.iter().enumerate() {
        let mut see_also = Vec::new();
        for link in markdown.links.iter().filter(|l| !l.is_image) {
            let target = match &link.target {
                LinkTarget::Page { page, .. } => Some(*page),
                _ => None,
            };
            if let Some(target) = target.filter(|&t| t != source) {
                if let Some(set) = incoming.get_mut(target) {
                    set.insert(source);
                }
            }
            if link.in_see_also {
                see_also.push(SeeAlsoItem {
                    text: link.text.trim().to_owned(),
                    href: link.href.clone(),
                    page: target,
                });
            }
        }
        if let Some(links) = pages.get_mut(source) {
            links.see_also = see_also;
        }
    }
    let title_of = |i: &usize| {
        site.pages
            .get(*i)
            .map(|p| (p.title.to_lowercase(), p.rel_path.clone()))
    };
    for (links, sources) in pages.iter_mut().zip(incoming) {
        let mut backlinks: Vec<usize> = sources.into_iter().collect();
        backlinks.sort_by_key(title_of);
        links.backlinks = backlinks;
    }
    if config.related_count > 0 {
        let index = RelatedIndex::build(site, &Weights::default());
        pages.par_iter_mut().enumerate().for_each_init(
            || index.scratch(),
            |scratch, (page_index, links)| {
                let is_article = site
                    .pages
                    .get(page_index)
                    .is_some_and(|p| p.kind == PageKind::Article);
                if is_article {
                    let listed: BTreeSet<usize> =
                        links.see_also.iter().filter_map(|item| item.page).collect();
                    links.related =
                        index.related(page_index, config.related_count, &listed, scratch);
                }
            },
        );
    }
    CrossLinks { pages }
}
