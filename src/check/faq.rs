//! Hand-written FAQPage scripts against what the page says: when the
//! author's structured data and the page disagree, search engines are told
//! one thing and readers another.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::RenderedSite;
use crate::seo::SiteSeo;

/// Diagnostic code of a hand-written FAQPage that disagrees with its page.
pub const FAQ_DRIFT: &str = "faq-drift";

/// Warns where a hand-written FAQPage names another question or answer than the page.
pub fn check_author_faq_pages(rendered: &RenderedSite<'_>, seo: &SiteSeo) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let pages = rendered
        .site
        .pages
        .iter()
        .zip(&rendered.pages)
        .zip(&seo.pages);
    for ((page, markdown), page_seo) in pages {
        for script in markdown.author_json_ld.iter().filter(|s| s.is_faq_page) {
            let fate = if script.dropped {
                "kbgen's FAQPage replaces it in the output"
            } else {
                "it is kept, as `faq.keep_author_faq_page` asks"
            };
            let Some(json) = &script.json else {
                diagnostics.push(
                    Diagnostic::warning(FAQ_DRIFT, "hand-written FAQPage is not valid JSON")
                        .at(&page.source, script.span.clone())
                        .with_help(fate),
                );
                continue;
            };
            let Some((question, answer)) = first_question(json) else {
                continue;
            };
            let mut differences = Vec::new();
            if normalise(&question) != normalise(&page_seo.question) {
                differences.push(format!(
                    "its question is `{question}`, the page's is `{}`",
                    page_seo.question
                ));
            }
            match &page_seo.answer {
                Some(derived) if normalise(&answer) != normalise(derived) => {
                    differences
                        .push("its answer differs from the page's In-short answer".to_owned());
                }
                None => differences.push("the page has no visible short answer".to_owned()),
                _ => {}
            }
            if !differences.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        FAQ_DRIFT,
                        format!(
                            "hand-written FAQPage disagrees with the page: {}",
                            differences.join("; ")
                        ),
                    )
                    .at(&page.source, script.span.clone())
                    .with_help(format!(
                        "{fate}; kbgen derives it from the page, so the script can be deleted"
                    )),
                );
            }
        }
    }
    diagnostics
}

/// The first Question's name and answer text of a FAQPage.
fn first_question(json: &Value) -> Option<(String, String)> {
    let entity = match json.get("mainEntity")? {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let name = entity.get("name")?.as_str()?.to_owned();
    let answer = entity
        .get("acceptedAnswer")
        .and_then(|a| a.get("text"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    Some((name, answer))
}

/// Whitespace collapsed, so line wrapping does not count as drift.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
