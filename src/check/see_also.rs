//! "See also" lists and the link graph: link text that drifted from the
//! target's question, see-also links the target does not return, and
//! articles nothing links to.

use crate::content::PageKind;
use crate::crosslinks::CrossLinks;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::markdown::LinkTarget;
use crate::render::RenderedSite;
use crate::seo::SiteSeo;

/// A see-also link whose text is not the target's question.
pub const SEE_ALSO_TEXT: &str = "see-also-text";
/// A see-also link the target does not return.
pub const ONE_WAY: &str = "one-way-see-also";
/// An article no other page links to.
pub const ORPHAN: &str = "orphan";

/// Hints on drifted and one-way see-also links; warnings on orphans.
pub fn check_see_also(
    rendered: &RenderedSite<'_>,
    seo: &SiteSeo,
    links: &CrossLinks,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let site = rendered.site;
    for (source, (page, markdown)) in site.pages.iter().zip(&rendered.pages).enumerate() {
        for link in markdown.links.iter().filter(|l| l.in_see_also) {
            let LinkTarget::Page { page: target, .. } = link.target else {
                continue;
            };
            let (Some(target_page), Some(target_seo)) =
                (site.pages.get(target), seo.pages.get(target))
            else {
                continue;
            };
            let text = normalise(&link.text);
            if text != normalise(&target_seo.question) && text != normalise(&target_page.title) {
                diagnostics.push(
                    Diagnostic::warning(
                        SEE_ALSO_TEXT,
                        format!(
                            "see-also link text `{}` differs from the target's question `{}`",
                            link.text.trim(),
                            target_seo.question
                        ),
                    )
                    .with_severity(Severity::Hint)
                    .at(&page.source, link.span.clone())
                    .with_help("authors copy titles and they drift: use the target's question"),
                );
            }
            let returns = links
                .pages
                .get(target)
                .is_some_and(|t| t.see_also.iter().any(|item| item.page == Some(source)));
            if target_page.kind == PageKind::Article && page.kind == PageKind::Article && !returns {
                diagnostics.push(
                    Diagnostic::warning(
                        ONE_WAY,
                        format!(
                            "`{}` does not list this page in its See also",
                            target_page.source.path.display()
                        ),
                    )
                    .with_severity(Severity::Hint)
                    .at(&page.source, link.span.clone()),
                );
            }
        }
    }
    // The site's own navigation links to what it lists.
    let mut in_nav = std::collections::BTreeSet::new();
    if let Some(nav) = &site.nav {
        crate::content::nav::listed_pages(nav, &mut in_nav);
    }
    for (index, (page, page_links)) in site.pages.iter().zip(&links.pages).enumerate() {
        // A topic's page lists every article in it; only articles at the top
        // level can be reached by no link at all.
        let listed = !page.section.is_empty()
            || in_nav.contains(&index)
            || site.not_in_nav.contains(&page.rel_path);
        if page.kind == PageKind::Article && page_links.backlinks.is_empty() && !listed {
            let home = site.sections.get("").and_then(|s| s.index_page).is_some();
            let help = if home {
                "link to it from the home page (index.md) or from another article's See also, or move it into a topic folder"
            } else {
                "link to it from another article's See also, or move it into a topic folder"
            };
            diagnostics.push(
                Diagnostic::warning(ORPHAN, "no page links to this article")
                    .in_file(&page.source.path)
                    .with_help(help),
            );
        }
    }
    diagnostics
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
