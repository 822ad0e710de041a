//! Term postings with BM25F scores worked out at build time.
//!
//! The browser adds up numbers: each posting carries the page's *impact*
//! for the term — BM25F over the page's fields, with the term's inverse
//! document frequency — so no page lengths or field counts travel.
//! Impacts are whole numbers (tenths), which keeps the JSON short.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::fields::{FIELD_COUNT, FIELDS, Field, PageText, QUESTION_BOOST};
use super::language::Language;
use super::tokenize::{compounds, for_each_word};

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// Impacts are stored in tenths.
const IMPACT_SCALE: f32 = 10.0;
/// A term's postings keep the pages where it scores highest, up to this
/// many: the rest would rank below the results a reader sees.
pub const MAX_POSTINGS: usize = 3000;
/// A stop word's postings are cut harder: it decides little.
pub const MAX_STOP_WORD_POSTINGS: usize = 500;
/// Pages scored at once; each batch's terms are merged before the next,
/// so a large site's per-page tables are never all in memory.
const BATCH: usize = 256;

/// A term's postings: (page, impact), by page.
pub type Postings = BTreeMap<String, Vec<(u32, u32)>>;

/// Scores every term of every page.
pub fn postings(pages: &[PageText<'_>], language: &Language) -> Postings {
    let averages = average_lengths(pages);
    let mut merged: HashMap<String, Vec<(u32, f32)>> = HashMap::default();
    for (batch_number, batch) in pages.chunks(BATCH).enumerate() {
        let scored: Vec<Vec<(String, f32)>> = batch
            .par_iter()
            .map_init(
                || StemCache::new(language),
                |stems, page| weighted_frequencies(page, stems, &averages),
            )
            .collect();
        for (offset, terms) in scored.into_iter().enumerate() {
            let Ok(doc) = u32::try_from(batch_number * BATCH + offset) else {
                continue;
            };
            for (term, score) in terms {
                merged.entry(term).or_default().push((doc, score));
            }
        }
    }
    let documents = pages.len() as f32;
    merged
        .into_iter()
        .map(|(term, found)| {
            let idf = inverse_document_frequency(documents, found.len() as f32);
            let mut impacts: Vec<(u32, u32)> = found
                .into_iter()
                .map(|(doc, score)| (doc, impact(idf, score)))
                .collect();
            let limit = if language.is_stop_word(&term) {
                MAX_STOP_WORD_POSTINGS
            } else {
                MAX_POSTINGS
            };
            if impacts.len() > limit {
                impacts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                impacts.truncate(limit);
                impacts.sort_unstable();
            }
            (term, impacts)
        })
        .collect()
}

/// BM25's idf: rare terms decide, common ones barely count (never below zero).
fn inverse_document_frequency(documents: f32, with_term: f32) -> f32 {
    (1.0 + (documents - with_term + 0.5) / (with_term + 0.5)).ln()
}

/// A term's weighted, length-normalised frequency on a page: in its
/// question, and over the rest of its fields (BM25F).
#[derive(Debug, Clone, Copy, Default)]
struct Frequency {
    question: f32,
    rest: f32,
}

/// What a term scores on a page before its idf: the question's saturated
/// frequency, boosted, plus the rest of the page's (BM25F).
fn page_score(frequency: Frequency) -> f32 {
    let saturated = |f: f32| f * (K1 + 1.0) / (f + K1);
    QUESTION_BOOST * saturated(frequency.question) + saturated(frequency.rest)
}

fn impact(idf: f32, page_score: f32) -> u32 {
    // At least 1: a match, however common, is still a match.
    ((idf * page_score * IMPACT_SCALE).round() as u32).max(1)
}

/// A field's length, for BM25's normalisation. Bytes stand in for words:
/// only the ratio to the average counts, and bytes need no second pass
/// over every word of the site.
fn field_length(page: &PageText<'_>, field: Field) -> usize {
    page.parts(field).iter().map(|part| part.len()).sum()
}

/// The average length of each field, over the pages that have it.
fn average_lengths(pages: &[PageText<'_>]) -> [f32; FIELD_COUNT] {
    let mut totals = [0.0f32; FIELD_COUNT];
    let mut counts = [0.0f32; FIELD_COUNT];
    for page in pages {
        for (slot, field) in FIELDS.iter().enumerate() {
            let length = field_length(page, *field);
            if length > 0 {
                if let (Some(total), Some(count)) = (totals.get_mut(slot), counts.get_mut(slot)) {
                    *total += length as f32;
                    *count += 1.0;
                }
            }
        }
    }
    let mut averages = [1.0f32; FIELD_COUNT];
    for ((average, total), count) in averages.iter_mut().zip(totals).zip(counts) {
        if count > 0.0 {
            *average = (total / count).max(1.0);
        }
    }
    averages
}

/// Counts one more of `term` in field `slot`, allocating only for a new term.
fn bump(counts: &mut HashMap<String, [u16; FIELD_COUNT]>, term: &str, slot: usize, by: u16) {
    let per_field = match counts.get_mut(term) {
        Some(per_field) => per_field,
        None => counts.entry(term.to_owned()).or_default(),
    };
    if let Some(count) = per_field.get_mut(slot) {
        *count = count.saturating_add(by);
    }
}

/// One page's terms with BM25F's weighted, length-normalised frequency.
fn weighted_frequencies(
    page: &PageText<'_>,
    stems: &mut StemCache<'_>,
    averages: &[f32; FIELD_COUNT],
) -> Vec<(String, f32)> {
    let mut counts: HashMap<String, [u16; FIELD_COUNT]> = HashMap::default();
    // Long fields are counted by word first and stemmed once per distinct
    // word: most of a page's words are repeats.
    let mut unstemmed: HashMap<String, [u16; FIELD_COUNT]> = HashMap::default();
    let mut lengths = [0usize; FIELD_COUNT];
    for (slot, field) in FIELDS.iter().enumerate() {
        if let Some(length) = lengths.get_mut(slot) {
            *length = field_length(page, *field);
        }
        for part in page.parts(*field) {
            if field.makes_pairs() {
                let mut previous: Option<String> = None;
                for_each_word(part, |word| {
                    let language = stems.language;
                    let stem = stems.stem(word);
                    if pairs_with_neighbours(word, language) {
                        if let Some(before) = previous.replace(stem.to_owned()) {
                            bump(&mut counts, &format!("{before} {stem}"), slot, 1);
                        }
                    }
                    bump(&mut counts, stem, slot, 1);
                });
            } else {
                for_each_word(part, |word| bump(&mut unstemmed, word, slot, 1));
            }
            for compound in compounds(part) {
                bump(&mut counts, &compound, slot, 1);
            }
        }
    }
    for (word, per_field) in &unstemmed {
        let stem = stems.stem(word);
        for (slot, &count) in per_field.iter().enumerate() {
            if count > 0 {
                bump(&mut counts, stem, slot, count);
            }
        }
    }
    let scored: Vec<(String, f32)> = counts
        .into_iter()
        .map(|(term, per_field)| {
            let mut frequency = Frequency::default();
            for (slot, field) in FIELDS.iter().enumerate() {
                let count = f32::from(per_field.get(slot).copied().unwrap_or(0));
                if count == 0.0 {
                    continue;
                }
                let length = lengths.get(slot).copied().unwrap_or(0) as f32;
                let average = averages.get(slot).copied().unwrap_or(1.0);
                let b = field.length_normalisation();
                let normalised = count / (1.0 - b + b * length / average);
                if *field == Field::Question {
                    frequency.question += normalised;
                } else {
                    frequency.rest += field.weight() * normalised;
                }
            }
            (term, page_score(frequency))
        })
        .collect();
    scored
}

/// Whether a word takes part in phrase pairs: stop words and single
/// letters are skipped over (so "list to tuple" pairs `list` with `tupl`),
/// and CJK pairs are phrases already.
pub fn pairs_with_neighbours(word: &str, language: &Language) -> bool {
    word.chars().nth(1).is_some()
        && !word.chars().any(super::tokenize::is_cjk)
        && !language.is_stop_word(word)
}

/// Stems once per word per worker: a site repeats its vocabulary on every page.
struct StemCache<'l> {
    language: &'l Language,
    stems: HashMap<String, String>,
}

impl<'l> StemCache<'l> {
    fn new(language: &'l Language) -> Self {
        StemCache {
            language,
            stems: HashMap::default(),
        }
    }

    fn stem<'w>(&'w mut self, word: &'w str) -> &'w str {
        if !self.stems.contains_key(word) {
            let stem = self.language.stem(word);
            self.stems.insert(word.to_owned(), stem);
        }
        self.stems.get(word).map_or(word, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impacts_of(postings: &Postings, term: &str) -> Vec<(u32, u32)> {
        postings.get(term).cloned().unwrap_or_default()
    }

    #[test]
    fn idf_favours_rare_terms_and_never_goes_negative() {
        assert!(inverse_document_frequency(100.0, 1.0) > inverse_document_frequency(100.0, 50.0));
        assert!(inverse_document_frequency(100.0, 100.0) > 0.0);
        assert!(Field::Headings.weight() > Field::Body.weight());
    }

    #[test]
    fn frequent_and_title_terms_score_higher() {
        let english = Language::for_tag("en");
        let mut pages = vec![
            PageText::default(),
            PageText::default(),
            PageText::default(),
        ];
        let texts = [
            ("How do I sort a list?", "Sorting is easy."),
            (
                "What is a tuple?",
                "A tuple can be sorted; sort it with sorted(). Sort, sort.",
            ),
            ("What is a set?", "Sets are not ordered."),
        ];
        for (page, (question, body)) in pages.iter_mut().zip(texts) {
            page.push(Field::Question, question);
            page.push(Field::Body, body);
        }
        let postings = postings(&pages, &english);
        let sort = impacts_of(&postings, "sort");
        assert_eq!(sort.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
        assert!(
            sort[0].1 > sort[1].1,
            "the question outweighs four body matches: {sort:?}"
        );
        // "is" is on every page: it scores least, but still at least 1.
        assert!(
            impacts_of(&postings, "is")
                .iter()
                .all(|p| p.1 >= 1 && p.1 < sort[1].1)
        );
        assert_eq!(
            impacts_of(&postings, "sort list").len(),
            1,
            "a phrase pair in the question"
        );
        assert_eq!(
            impacts_of(&postings, "sorted()").len(),
            1,
            "a compound in the body"
        );
        assert!(!postings.contains_key("sorted"), "words are stemmed");
    }
}
