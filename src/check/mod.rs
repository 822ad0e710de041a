//! Whole-site checks that need every page rendered: links to missing pages,
//! files and anchors; hand-written structured data that drifted.

mod articles;
mod faq;
mod see_also;

pub use articles::{
    DESCRIPTION_LENGTH, DUPLICATE_QUESTION, NO_ANSWER, PLACEHOLDER, SKELETON_ANSWER,
    SKELETON_EXPLANATION, SKELETON_GOTCHA, SKELETON_LINK, check_articles,
};
pub use faq::{FAQ_DRIFT, check_author_faq_pages};
pub use see_also::{ONE_WAY, ORPHAN, SEE_ALSO_TEXT, check_see_also};

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::LinkTarget;
use crate::markdown::slug::SlugStyle;
use crate::render::RenderedSite;

/// Diagnostic code of a link to a page or file that does not exist.
pub const BROKEN_LINK: &str = "broken-link";
/// Diagnostic code of a link to an anchor no heading or id produces.
pub const BROKEN_ANCHOR: &str = "broken-anchor";

/// Diagnostic code of a code block shown without highlighting because of its size.
pub const PLAIN_CODE: &str = "plain-code";

/// Hints at every code block too large to highlight, which is shown plain.
pub fn check_code_blocks(rendered: &RenderedSite<'_>) -> Diagnostics {
    use crate::markdown::highlight::{MAX_HIGHLIGHTED_BLOCK, MAX_HIGHLIGHTED_LINE};
    let mut diagnostics = Diagnostics::new();
    for (page, markdown) in rendered.site.pages.iter().zip(&rendered.pages) {
        for &at in &markdown.plain_code_blocks {
            let line_end = page.source.text.get(at..).and_then(|t| t.find('\n'));
            diagnostics.push(
                Diagnostic::warning(
                    PLAIN_CODE,
                    "this code block is shown without highlighting: it is too large",
                )
                .with_severity(crate::diagnostics::Severity::Hint)
                .at(&page.source, at..at + line_end.unwrap_or(0))
                .with_help(format!(
                    "blocks of over {} KB or with lines of over {MAX_HIGHLIGHTED_LINE} bytes are not highlighted",
                    MAX_HIGHLIGHTED_BLOCK / 1024
                )),
            );
        }
    }
    diagnostics
}

/// Whether a page has the id a link's `#fragment` names: browsers try the
/// fragment as written and percent-decoded (`#%E5%9B%BE` finds `id="图"`).
fn has_anchor(anchors: &std::collections::BTreeSet<String>, fragment: &str) -> bool {
    anchors.contains(fragment)
        || (fragment.contains('%')
            && percent_encoding::percent_decode_str(fragment)
                .decode_utf8()
                .is_ok_and(|decoded| anchors.contains(decoded.as_ref())))
}

/// Diagnostic code of a formula shown as TeX because it cannot be drawn.
pub const MATH: &str = "math";

/// Warns of every formula that could not be drawn as MathML: the page
/// shows its TeX instead.
pub fn check_math(rendered: &RenderedSite<'_>) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for (page, markdown) in rendered.site.pages.iter().zip(&rendered.pages) {
        for (span, reason) in &markdown.math_problems {
            diagnostics.push(
                Diagnostic::warning(MATH, format!("this formula is shown as TeX: {reason}"))
                    .at(&page.source, span.clone())
                    .with_help(
                        "write it with the commands MathML can show, or set `output = \"generic\"` under [markdown.arithmatex] and load MathJax or KaTeX",
                    ),
            );
        }
    }
    diagnostics
}

/// Diagnostic code of a shortcode that names no emoji or icon.
pub const EMOJI: &str = "emoji";

/// The most shortcode names warned about one by one.
const MAX_EMOJI_WARNINGS: usize = 50;

/// Warns once of each shortcode left as text, where it first is: an
/// emoji name that does not exist, or an icon the site has no file for.
pub fn check_emoji(rendered: &RenderedSite<'_>) -> Diagnostics {
    let mut first: BTreeMap<&str, (usize, &Range<usize>, usize)> = BTreeMap::new();
    for (nth, markdown) in rendered.pages.iter().enumerate() {
        for (span, name) in &markdown.emoji.unknown {
            first
                .entry(name)
                .and_modify(|(_, _, count)| *count += 1)
                .or_insert((nth, span, 1));
        }
    }
    let mut found: Vec<_> = first.into_iter().collect();
    found.sort_by_key(|(_, (page, span, _))| (*page, span.start));
    let mut diagnostics = Diagnostics::new();
    // Past a few dozen names, more warnings say nothing new (and a page
    // of generated text could hold thousands).
    let shown = found.len().min(MAX_EMOJI_WARNINGS);
    if let Some((name, (page, span, _))) = found.get(shown).filter(|_| found.len() > shown) {
        if let Some(page) = rendered.site.pages.get(*page) {
            diagnostics.push(
                Diagnostic::warning(
                    EMOJI,
                    format!(
                        "{} more shortcodes name no emoji or icon, the first `:{name}:`",
                        found.len() - shown
                    ),
                )
                .at(&page.source, (*span).clone()),
            );
        }
    }
    found.truncate(shown);
    for (name, (page, span, count)) in found {
        let Some(page) = rendered.site.pages.get(page) else {
            continue;
        };
        let more = match count {
            1 => String::new(),
            2 => " (and once more in the site)".to_owned(),
            n => format!(" (and {} more times in the site)", n - 1),
        };
        let help = if name.contains('-') {
            format!(
                "put the icon's SVG in the site's icon folder (`.icons/`, or `[markdown.emoji] icons`) as `{}`, or put the text in backticks to show it as written",
                name.replacen('-', "/", 1) + ".svg"
            )
        } else {
            "no emoji has this name (they are GitHub's: `:smile:`, `:+1:`, `:warning:`); put the text in backticks to show it as written".to_owned()
        };
        diagnostics.push(
            Diagnostic::warning(EMOJI, format!("`:{name}:` names no emoji or icon{more}"))
                .at(&page.source, span.clone())
                .with_help(help),
        );
    }
    diagnostics
}

/// Reports every link and image in the site that points at nothing.
pub fn check_links(rendered: &RenderedSite<'_>, slug_style: &SlugStyle) -> Diagnostics {
    let id_rule = match slug_style {
        SlugStyle::GitHub => "Heading ids are GitHub-style: lower-case, punctuation removed",
        SlugStyle::PythonMarkdown { .. } => {
            "Heading ids are MkDocs' (Python-Markdown's slugify): accents folded, punctuation removed, repeats end in _1"
        }
        SlugStyle::Pymdownx { .. } => {
            "Heading ids are pymdownx.slugs': punctuation removed, repeats end in _1"
        }
    };
    let mut diagnostics = Diagnostics::new();
    for (page, markdown) in rendered.site.pages.iter().zip(&rendered.pages) {
        for link in &markdown.links {
            let what = if link.is_image { "image" } else { "link" };
            match &link.target {
                LinkTarget::Missing { reason } => diagnostics.push(
                    Diagnostic::error(
                        BROKEN_LINK,
                        format!("broken {what} `{}`: {reason}", link.dest),
                    )
                    .at(&page.source, link.span.clone()),
                ),
                LinkTarget::Page {
                    page: target,
                    anchor: Some(anchor),
                } => {
                    let anchors = rendered.pages.get(*target).map(|m| &m.anchors);
                    if anchors.is_some_and(|a| !has_anchor(a, anchor)) {
                        let target_path = rendered
                            .site
                            .pages
                            .get(*target)
                            .map(|p| p.source.path.display().to_string())
                            .unwrap_or_default();
                        let mut diagnostic = Diagnostic::error(
                            BROKEN_ANCHOR,
                            format!(
                                "broken link `{}`: no heading or id `{anchor}` in `{target_path}`",
                                link.dest
                            ),
                        )
                        .at(&page.source, link.span.clone());
                        if let Some(suggestion) = anchors.and_then(|a| closest(anchor, a.iter())) {
                            diagnostic =
                                diagnostic.with_help(format!("did you mean `#{suggestion}`?"));
                        }
                        diagnostics.push(diagnostic);
                    }
                }
                LinkTarget::SamePage { anchor } if !has_anchor(&markdown.anchors, anchor) => {
                    let mut diagnostic = Diagnostic::error(
                        BROKEN_ANCHOR,
                        format!(
                            "broken link `{}`: no heading or id `{anchor}` on this page",
                            link.dest
                        ),
                    )
                    .at(&page.source, link.span.clone());
                    if let Some(suggestion) = closest(anchor, markdown.anchors.iter()) {
                        diagnostic = diagnostic
                            .with_help(format!("did you mean `#{suggestion}`? {id_rule}"));
                    }
                    diagnostics.push(diagnostic);
                }
                _ => {}
            }
        }
    }
    diagnostics
}

/// The anchor most like `wanted`, when one is close enough to suggest.
fn closest<'a>(wanted: &str, anchors: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    let wanted_letters: String = wanted.chars().filter(|c| c.is_alphanumeric()).collect();
    anchors
        .filter_map(|anchor| {
            let letters: String = anchor.chars().filter(|c| c.is_alphanumeric()).collect();
            let score =
                common_prefix(&letters, &wanted_letters) + common_suffix(&letters, &wanted_letters);
            let needed = wanted_letters.chars().count().max(1) * 2 / 3;
            (score >= needed).then_some((score, std::cmp::Reverse(anchor.len()), anchor))
        })
        .max()
        .map(|(_, _, anchor)| anchor.as_str())
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_github_slug() {
        let anchors = [
            "liststartstop".to_owned(),
            "liststartstopstep".to_owned(),
            "error-handling".to_owned(),
        ];
        assert_eq!(closest("startstop", anchors.iter()), Some("liststartstop"));
        assert_eq!(
            closest("startstopstep", anchors.iter()),
            Some("liststartstopstep")
        );
        assert_eq!(closest("zzz", anchors.iter()), None);
    }
}
