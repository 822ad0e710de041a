//! The search index, built with the site and split so that a reader's query
//! downloads only what it needs: one small file per two-letter term prefix
//! (`search/terms/<hex>.json`) and the few chunks of page titles and answers
//! its results name (`search/docs/<n>.json`). Works on any static host and
//! offline; the browser side is `static/assets/search.js`.

mod tokenize;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

pub use tokenize::{is_cjk, shard_file, shard_of, terms};

use crate::config::Config;
use crate::content::PageKind;
use crate::render::RenderedSite;
use crate::seo::{SiteFile, SiteSeo, shorten};

/// Pages per `search/docs/<n>.json` chunk.
pub const DOCS_PER_CHUNK: usize = 25;
/// A term's body postings keep the pages where it is most frequent, up to
/// this many; question and heading postings are kept whole.
pub const MAX_BODY_POSTINGS: usize = 300;
/// How much of an answer a result shows.
const ANSWER_LENGTH: usize = 160;

/// `search/index.json`: what the browser needs to read the rest.
#[derive(Debug, Serialize)]
struct Manifest {
    version: u32,
    docs: usize,
    chunk: usize,
}

/// Where a term appears, as delta-encoded page numbers per field.
#[derive(Debug, Default)]
struct Postings {
    question: Vec<u32>,
    heading: Vec<u32>,
    /// (page, count) in the body.
    body: Vec<(u32, u32)>,
}

/// The search files for the site.
pub fn index_files(rendered: &RenderedSite<'_>, seo: &SiteSeo, config: &Config) -> Vec<SiteFile> {
    let site = rendered.site;
    let mut docs: Vec<(String, String, String)> = Vec::new();
    let mut postings: BTreeMap<String, Postings> = BTreeMap::new();
    let searchable = site
        .pages
        .iter()
        .zip(&rendered.pages)
        .zip(&seo.pages)
        .filter(|((page, _), _)| matches!(page.kind, PageKind::Article | PageKind::SectionIndex));
    for ((page, markdown), page_seo) in searchable {
        let Ok(doc) = u32::try_from(docs.len()) else {
            break;
        };
        let answer = page_seo
            .answer
            .as_deref()
            .or(page_seo.description.as_deref())
            .map(|a| shorten(a, ANSWER_LENGTH))
            .unwrap_or_default();
        docs.push((
            page_seo.question.clone(),
            config.base_url.url_for(&page.url.encoded()),
            answer,
        ));
        let mut seen_question = Vec::new();
        for term in terms(&page_seo.question) {
            if !seen_question.contains(&term) {
                postings.entry(term.clone()).or_default().question.push(doc);
                seen_question.push(term);
            }
        }
        let mut seen_heading = Vec::new();
        for section in markdown.sections.iter().filter(|s| s.level >= 2) {
            for term in terms(&section.title) {
                if !seen_heading.contains(&term) {
                    postings.entry(term.clone()).or_default().heading.push(doc);
                    seen_heading.push(term);
                }
            }
        }
        let mut counts: HashMap<String, u32> = HashMap::new();
        let body = std::iter::once(markdown.intro_text.as_str())
            .chain(markdown.sections.iter().map(|s| s.text.as_str()));
        for text in body {
            for term in terms(text) {
                *counts.entry(term).or_insert(0) += 1;
            }
        }
        for (term, count) in counts {
            postings.entry(term).or_default().body.push((doc, count));
        }
    }
    let mut files = Vec::new();
    let manifest = Manifest {
        version: 1,
        docs: docs.len(),
        chunk: DOCS_PER_CHUNK,
    };
    files.push(json_file("search/index.json", &manifest));
    for (number, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        files.push(json_file(&format!("search/docs/{number}.json"), &chunk));
    }
    let mut shards: BTreeMap<String, BTreeMap<String, [Vec<u32>; 3]>> = BTreeMap::new();
    for (term, mut found) in postings {
        if found.body.len() > MAX_BODY_POSTINGS {
            found.body.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            found.body.truncate(MAX_BODY_POSTINGS);
        }
        let mut body: Vec<u32> = found.body.iter().map(|(doc, _)| *doc).collect();
        body.sort_unstable();
        let encoded = [delta(&found.question), delta(&found.heading), delta(&body)];
        shards
            .entry(shard_of(&term))
            .or_default()
            .insert(term, encoded);
    }
    for (prefix, terms) in shards {
        files.push(json_file(
            &format!("search/terms/{}.json", shard_file(&prefix)),
            &terms,
        ));
    }
    files
}

/// Sorted page numbers as differences from the previous one: shorter JSON.
fn delta(sorted: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    sorted
        .iter()
        .map(|&doc| {
            let step = doc - previous;
            previous = doc;
            step
        })
        .collect()
}

fn json_file(path: &str, value: &impl Serialize) -> SiteFile {
    SiteFile {
        path: path.to_owned(),
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_are_differences() {
        assert_eq!(delta(&[2, 3, 10]), [2, 1, 7]);
        assert!(delta(&[]).is_empty());
    }
}
