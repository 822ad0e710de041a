//! Checks of each article as a knowledge-base entry: it answers its question,
//! its description fits search results, and no other article asks the same.

use std::collections::BTreeMap;

use crate::content::{Page, PageKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::render::RenderedSite;
use crate::seo::{PageSeo, SiteSeo};

/// An article with neither an `answer` nor an In-short box.
pub const NO_ANSWER: &str = "no-answer";
/// A description search engines will cut or find too thin.
pub const DESCRIPTION_LENGTH: &str = "description-length";
/// Two articles asking the same question.
pub const DUPLICATE_QUESTION: &str = "duplicate-question";

/// An article that still holds `kbgen new`'s placeholder text.
pub const PLACEHOLDER: &str = "placeholder";

/// The sentences `kbgen new` writes for the author to replace: an article
/// that still holds one is not finished.
pub const SKELETON_ANSWER: &str = "The answer in two or three sentences.";
pub const SKELETON_EXPLANATION: &str = "The explanation, with an example.";
pub const SKELETON_GOTCHA: &str = "The mistake readers make, and how to avoid it.";
pub const SKELETON_LINK: &str =
    "A related question, linked to its file: `[Question?](its-file.md)`";
const SKELETON_TEXT: [&str; 4] = [
    SKELETON_ANSWER,
    SKELETON_EXPLANATION,
    SKELETON_GOTCHA,
    SKELETON_LINK,
];

/// Shortest and longest description that reads well in search results.
const DESCRIPTION_RANGE: std::ops::RangeInclusive<usize> = 50..=160;

pub fn check_articles(rendered: &RenderedSite<'_>, seo: &SiteSeo) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let articles = rendered
        .site
        .pages
        .iter()
        .zip(&seo.pages)
        .filter(|(page, _)| page.kind == PageKind::Article);
    // On a knowledge base every article owes a short answer; on a docs
    // site (most titles are not questions) only the pages that ask one.
    let articles: Vec<(&Page, &PageSeo)> = articles.collect();
    let questions = articles
        .iter()
        .filter(|(_, page_seo)| asks_a_question(&page_seo.question))
        .count();
    let knowledge_base = questions * 2 >= articles.len();
    let mut by_question: BTreeMap<String, Vec<(&Page, &str)>> = BTreeMap::new();
    for (page, page_seo) in articles {
        let body = page.body();
        if let Some((at, placeholder)) = SKELETON_TEXT
            .iter()
            .filter_map(|text| body.find(text).map(|at| (at, *text)))
            .min()
        {
            let at = page.file_offset(page.body_start + at);
            diagnostics.push(
                Diagnostic::warning(
                    PLACEHOLDER,
                    "this article still holds the placeholder text `kbgen new` wrote",
                )
                .at(&page.source, at..at + placeholder.len())
                .with_help("replace it with your own words"),
            );
        }
        if page_seo.answer.is_none() && (knowledge_base || asks_a_question(&page_seo.question)) {
            diagnostics.push(
                Diagnostic::warning(NO_ANSWER, "this article has no short answer, so it gets no FAQPage")
                    .with_severity(Severity::Hint)
                    .at(&page.source, heading_span(page))
                    .with_help("add an `!!! info \"In short\"` box under the question, or an `answer` in the front matter"),
            );
        }
        if let Some(description) = &page.front_matter.description {
            let length = description.chars().count();
            if !DESCRIPTION_RANGE.contains(&length) {
                let at = page.source.text.find("description:").unwrap_or(0);
                diagnostics.push(
                    Diagnostic::warning(
                        DESCRIPTION_LENGTH,
                        format!(
                            "the description is {length} characters; search results show {} to {}",
                            DESCRIPTION_RANGE.start(),
                            DESCRIPTION_RANGE.end()
                        ),
                    )
                    .with_severity(Severity::Hint)
                    .at(&page.source, at..at + "description".len()),
                );
            }
        }
        // Docs pages may share a heading ("Deprecation notice") without
        // asking anything twice: only questions are compared.
        let key = question_words(&page_seo.question);
        if !key.is_empty() && (knowledge_base || asks_a_question(&page_seo.question)) {
            by_question
                .entry(key.join(" "))
                .or_default()
                .push((page, page_seo.question.as_str()));
        }
    }
    for pages in by_question.values().filter(|pages| pages.len() > 1) {
        let Some(((first, question), others)) = pages.split_first() else {
            continue;
        };
        for (page, _) in others {
            diagnostics.push(
                Diagnostic::warning(
                    DUPLICATE_QUESTION,
                    format!(
                        "`{}` asks the same question as `{}` (`{}`)",
                        page.source.path.display(),
                        first.source.path.display(),
                        question
                    ),
                )
                .at(&page.source, heading_span(page))
                .with_help("merge them, or make the questions distinct"),
            );
        }
    }
    diagnostics
}

/// Words that do not change what a question asks (`How do you X` = `How to X`);
/// question words (what, how, why) do.
const FILLER: &[&str] = &[
    "a", "an", "the", "do", "does", "did", "you", "i", "we", "to", "in", "of", "on", "for", "with",
    "can", "should", "is", "are", "be", "and", "or", "my", "your",
];

fn question_words(question: &str) -> Vec<String> {
    question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

/// The page's `# Question` line, else the start of its body.
fn heading_span(page: &Page) -> std::ops::Range<usize> {
    let body = page.body();
    let mut offset = page.body_start;
    for line in body.split_inclusive('\n') {
        if line.starts_with("# ") {
            let start = page.file_offset(offset);
            return start..start + line.trim_end().len();
        }
        offset += line.len();
    }
    page.body_start..page.body_start
}

/// Whether a title is a question: it ends with a question mark (Latin,
/// full-width or Arabic).
fn asks_a_question(title: &str) -> bool {
    title.trim_end().ends_with(['?', '？', '؟'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(question: &str) -> Vec<String> {
        question_words(question)
    }

    #[test]
    fn rephrasings_of_one_question_match() {
        assert_eq!(
            key("How do you slice a list in Python?"),
            key("How to Slice a List in Python?")
        );
        assert_ne!(
            key("What is asyncio in Python?"),
            key("How to use asyncio in Python?")
        );
        assert_ne!(
            key("Why use async await in Python?"),
            key("How to use async await in Python?")
        );
        assert_ne!(
            key("What is list() in Python?"),
            key("What is a Python list?")
        );
    }
}
