//! The search index, built with the site and split so that a reader's query
//! downloads only what it needs: one small file per two-character term
//! prefix (`search/terms/<hex>.json`, with each page's BM25F score for the
//! term; a large one is split a character deeper) and one file per result (`search/docs/<n>.json`: question, address,
//! short answer and the sentences a snippet can quote). Works on any static
//! host and offline; the browser side is `static/assets/search.js`.

mod fields;
mod language;
mod postings;
mod snippets;
mod tokenize;

use std::collections::BTreeMap;

use serde::Serialize;

pub use language::Language;
pub use tokenize::{compounds, is_cjk, shard_file, shard_of, words};

use crate::config::Config;
use crate::content::PageKind;
use crate::render::RenderedSite;
use crate::seo::{SiteFile, SiteSeo, shorten};
use fields::PageText;

/// The index format the browser reads; it refuses any other.
const FORMAT_VERSION: u32 = 2;
/// How much of an answer a result shows.
const ANSWER_LENGTH: usize = 160;

/// `search/index.json`: what the browser needs to read the rest.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// The stemmer the terms were made with (`"en"`), or none.
    stemmer: Option<&'static str>,
    /// Words that never decide a match on their own.
    stop_words: &'a [String],
    /// Prefixes whose shard is split one character deeper (sorted).
    split: &'a [String],
}

/// One result as the browser shows it.
#[derive(Debug, Serialize)]
struct Doc {
    /// The question.
    t: String,
    /// The page's address.
    u: String,
    /// The short answer, shortened.
    a: String,
    /// Sentences a snippet can quote.
    s: Vec<String>,
}

/// The search files for the site.
pub fn index_files(rendered: &RenderedSite<'_>, seo: &SiteSeo, config: &Config) -> Vec<SiteFile> {
    let site = rendered.site;
    let language = Language::for_tag(&config.language);
    let searchable: Vec<_> = site
        .pages
        .iter()
        .zip(&rendered.pages)
        .zip(&seo.pages)
        .filter(|((page, _), _)| matches!(page.kind, PageKind::Article | PageKind::SectionIndex))
        .take(u32::MAX as usize)
        .collect();
    let texts: Vec<PageText<'_>> = searchable
        .iter()
        .map(|((page, markdown), page_seo)| {
            PageText::of(page, markdown, page_seo, &config.see_also_heading)
        })
        .collect();
    let mut files = Vec::new();
    for (number, (((page, _), page_seo), text)) in searchable.iter().zip(&texts).enumerate() {
        let answer = page_seo
            .answer
            .as_deref()
            .or(page_seo.description.as_deref());
        let doc = Doc {
            t: page_seo.question.clone(),
            u: config.base_url.url_for(&page.url.encoded()),
            a: answer
                .map(|a| shorten(a, ANSWER_LENGTH))
                .unwrap_or_default(),
            s: snippets::sentences(text.body(), page_seo.answer.as_deref()),
        };
        files.push(json_file(&format!("search/docs/{number}.json"), &doc));
    }
    let mut shards: BTreeMap<String, Vec<ShardEntry>> = BTreeMap::new();
    for (term, found) in postings::postings(&texts, &language) {
        let entry = ShardEntry::new(term, &interleaved(&found));
        shards.entry(shard_of(&entry.term)).or_default().push(entry);
    }
    let mut split = Vec::new();
    for (prefix, terms) in shards {
        write_shard(prefix, terms, &mut files, &mut split);
    }
    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: searchable.len(),
        stemmer: language.stemmer_name,
        stop_words: language.stop_words(),
        split: &split,
    };
    files.push(json_file("search/index.json", &manifest));
    // The index lives beside the search page, wherever that had to move.
    let folder = &rendered.site.generated.search;
    if folder != "search" {
        for file in &mut files {
            if let Some(rest) = file.path.strip_prefix("search/") {
                file.path = format!("{folder}/{rest}");
            }
        }
    }
    files
}

/// A shard larger than this is split by its terms' next character, so no
/// file a query reads grows with the site (a large site's code has
/// thousands of names sharing a prefix: `job_1`, `job_2`, …).
const SHARD_SPLIT_BYTES: usize = 128 * 1024;
/// Prefixes stop growing here: a shard of terms this alike is kept whole.
const MAX_PREFIX_CHARS: usize = 16;

/// A term with its postings, already written as JSON (`"term":[…]`), so
/// a shard that is split is not written twice.
struct ShardEntry {
    term: String,
    json: Vec<u8>,
}

impl ShardEntry {
    fn new(term: String, postings: &[u32]) -> ShardEntry {
        let mut json = serde_json::to_vec(&term).unwrap_or_default();
        json.push(b':');
        json.extend(serde_json::to_vec(postings).unwrap_or_default());
        ShardEntry { term, json }
    }
}

/// The size of a shard's file with these entries (one or more): each
/// entry, a comma between them, and the braces.
fn shard_size(entries: &[ShardEntry]) -> usize {
    entries.iter().map(|e| e.json.len() + 1).sum::<usize>() + 1
}

/// A shard's file: its entries as one JSON object, in term order.
fn shard_json(entries: &[ShardEntry]) -> Vec<u8> {
    let mut json = Vec::with_capacity(shard_size(entries));
    json.push(b'{');
    for (number, entry) in entries.iter().enumerate() {
        if number > 0 {
            json.push(b',');
        }
        json.extend_from_slice(&entry.json);
    }
    json.push(b'}');
    json
}

/// Writes a shard, or splits it: terms no longer than the prefix stay in
/// the prefix's own file, the rest go one character deeper, and the
/// prefix is listed in `split` for the browser.
fn write_shard(
    prefix: String,
    entries: Vec<ShardEntry>,
    files: &mut Vec<SiteFile>,
    split: &mut Vec<String>,
) {
    let depth = prefix.chars().count();
    if shard_size(&entries) <= SHARD_SPLIT_BYTES || depth >= MAX_PREFIX_CHARS || entries.len() < 2 {
        files.push(SiteFile {
            path: format!("search/terms/{}.json", shard_file(&prefix)),
            bytes: shard_json(&entries),
        });
        return;
    }
    split.push(prefix.clone());
    // Entries are in term order, so the terms under each longer prefix
    // come together; a term no longer than the prefix is the prefix itself.
    let mut own = Vec::new();
    let mut deeper: Vec<(String, Vec<ShardEntry>)> = Vec::new();
    for entry in entries {
        let Some((end, c)) = entry.term.char_indices().nth(depth) else {
            own.push(entry);
            continue;
        };
        let longer = entry.term.get(..end + c.len_utf8()).unwrap_or_default();
        match deeper.last_mut() {
            Some((last, group)) if last == longer => group.push(entry),
            _ => deeper.push((longer.to_owned(), vec![entry])),
        }
    }
    // Written even when empty: the browser asks for it, and must not get a 404.
    files.push(SiteFile {
        path: format!("search/terms/{}.json", shard_file(&prefix)),
        bytes: shard_json(&own),
    });
    for (longer, entries) in deeper {
        write_shard(longer, entries, files, split);
    }
}

/// Postings as one flat list: page number (as the difference from the
/// previous one, which keeps the numbers short), then impact, and so on.
fn interleaved(postings: &[(u32, u32)]) -> Vec<u32> {
    let mut previous = 0;
    let mut flat = Vec::with_capacity(postings.len() * 2);
    for &(doc, impact) in postings {
        flat.push(doc.saturating_sub(previous));
        flat.push(impact);
        previous = doc;
    }
    flat
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
    fn a_large_shard_splits_one_character_deeper() {
        let mut terms = BTreeMap::new();
        terms.insert("jo".to_owned(), vec![1, 1]);
        for n in 0..20_000u32 {
            terms.insert(format!("job_{n}"), vec![n, 5]);
        }
        terms.insert("join".to_owned(), vec![3, 9]);
        let entries = terms
            .into_iter()
            .map(|(term, postings)| ShardEntry::new(term, &postings))
            .collect();
        let (mut files, mut split) = (Vec::new(), Vec::new());
        write_shard("jo".to_owned(), entries, &mut files, &mut split);
        assert_eq!(split[..3], ["jo", "job", "job_"]);
        assert!(files.iter().all(|f| f.bytes.len() <= SHARD_SPLIT_BYTES));
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(
            names.contains(&"search/terms/6a6f.json"),
            "the prefix keeps its own file"
        );
        let own = files.iter().find(|f| f.path == "search/terms/6a6f.json");
        assert_eq!(
            own.map(|f| f.bytes.as_slice()),
            Some(&b"{\"jo\":[1,1]}"[..])
        );
        assert!(
            names.contains(&"search/terms/6a6f69.json"),
            "join goes under joi"
        );
        assert!(
            names.contains(&"search/terms/6a6f625f31.json"),
            "job_1… under job_1"
        );
    }

    #[test]
    fn a_shard_is_the_json_object_of_its_terms() {
        let mut terms = BTreeMap::new();
        terms.insert("a\"b".to_owned(), vec![1, 2]);
        terms.insert("c++".to_owned(), vec![]);
        terms.insert("列表".to_owned(), vec![7, 70]);
        let entries: Vec<ShardEntry> = terms
            .iter()
            .map(|(term, postings)| ShardEntry::new(term.clone(), postings))
            .collect();
        assert_eq!(
            shard_json(&entries),
            serde_json::to_vec(&terms).unwrap_or_default()
        );
        assert_eq!(shard_json(&[]), b"{}");
    }

    #[test]
    fn postings_interleave_page_steps_and_impacts() {
        assert_eq!(
            interleaved(&[(2, 30), (3, 5), (10, 1)]),
            [2, 30, 1, 5, 7, 1]
        );
        assert!(interleaved(&[]).is_empty());
    }
}
