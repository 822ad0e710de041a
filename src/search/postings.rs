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
use super::tokenize::for_each_word_with_compounds;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// Impacts are stored in tenths.
const IMPACT_SCALE: f32 = 10.0;
/// A term's postings keep the pages where it scores highest, up to this
/// many: the rest would rank below the results a reader sees.
pub const MAX_POSTINGS: usize = 3000;
/// A stop word's postings are cut harder: it decides little.
pub const MAX_STOP_WORD_POSTINGS: usize = 500;
/// Pages indexed together share one term table: a site repeats its
/// vocabulary on every page, so each distinct word is stemmed, and each
/// term allocated, once per run of pages rather than once per page.
const MIN_RUN: usize = 32;

/// A term's pages with their scores before idf, by page.
type Scored = Vec<(u32, f32)>;

/// A term's postings: (page, impact), by page.
pub type Postings = BTreeMap<String, Vec<(u32, u32)>>;

/// Scores every term of every page.
pub fn postings(pages: &[PageText<'_>], language: &Language) -> Postings {
    let averages = average_lengths(pages);
    // A few runs per thread keeps the threads busy to the end; the result
    // does not depend on how pages are grouped.
    let run = pages
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(MIN_RUN);
    let runs: Vec<Vec<(String, Scored)>> = pages
        .par_chunks(run)
        .enumerate()
        .map(|(number, chunk)| {
            let mut table = TermTable::new(language);
            for (offset, page) in chunk.iter().enumerate() {
                if let Ok(doc) = u32::try_from(number * run + offset) {
                    table.add_page(doc, page, &averages);
                }
            }
            table.into_postings()
        })
        .collect();
    // Runs are in page order, so appending keeps every list sorted by page.
    let mut merged: HashMap<String, Scored> = HashMap::default();
    for terms in runs {
        for (term, found) in terms {
            match merged.get_mut(&term) {
                Some(existing) => existing.extend(found),
                None => {
                    merged.insert(term, found);
                }
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

/// The terms of a run of pages, each with a number, and their postings
/// so far.
struct TermTable<'l> {
    language: &'l Language,
    /// Term → its number.
    numbers: HashMap<String, u32>,
    /// Number → term.
    terms: Vec<String>,
    /// Lower-cased word → the number of its stem, and whether it pairs
    /// with its neighbours.
    words: HashMap<String, (u32, bool)>,
    /// Number → the pages that have it, with their scores before idf.
    postings: Vec<Scored>,
    /// Number → its count in each field of the page being read.
    counts: Vec<[u16; FIELD_COUNT]>,
    /// The numbers the page being read has counted.
    on_page: Vec<u32>,
    /// Room to spell a phrase pair in.
    pair: String,
}

impl<'l> TermTable<'l> {
    fn new(language: &'l Language) -> Self {
        TermTable {
            language,
            numbers: HashMap::default(),
            terms: Vec::new(),
            words: HashMap::default(),
            postings: Vec::new(),
            counts: Vec::new(),
            on_page: Vec::new(),
            pair: String::new(),
        }
    }

    fn number_of_term(&mut self, term: &str) -> u32 {
        if let Some(&number) = self.numbers.get(term) {
            return number;
        }
        let number = self.terms.len() as u32;
        self.numbers.insert(term.to_owned(), number);
        self.terms.push(term.to_owned());
        self.postings.push(Vec::new());
        self.counts.push([0; FIELD_COUNT]);
        number
    }

    /// The number of a word's stem (stemmed the first time it is seen),
    /// and whether it makes phrase pairs.
    fn number_of_word(&mut self, word: &str) -> (u32, bool) {
        if let Some(&known) = self.words.get(word) {
            return known;
        }
        let stem = self.language.stem(word);
        let known = (
            self.number_of_term(&stem),
            pairs_with_neighbours(word, self.language),
        );
        self.words.insert(word.to_owned(), known);
        known
    }

    fn count(&mut self, number: u32, slot: usize) {
        let Some(counts) = self.counts.get_mut(number as usize) else {
            return;
        };
        if counts.iter().all(|&count| count == 0) {
            self.on_page.push(number);
        }
        if let Some(count) = counts.get_mut(slot) {
            *count = count.saturating_add(1);
        }
    }

    /// Counts "first second", the phrase pair of two stems.
    fn count_pair(&mut self, first: u32, second: u32, slot: usize) {
        let mut pair = std::mem::take(&mut self.pair);
        pair.clear();
        let stem = |number: u32| self.terms.get(number as usize).map_or("", String::as_str);
        pair.push_str(stem(first));
        pair.push(' ');
        pair.push_str(stem(second));
        let number = self.number_of_term(&pair);
        self.pair = pair;
        self.count(number, slot);
    }

    /// Reads a page, and adds its terms' BM25F frequencies to their postings.
    fn add_page(&mut self, doc: u32, page: &PageText<'_>, averages: &[f32; FIELD_COUNT]) {
        let mut lengths = [0usize; FIELD_COUNT];
        for (slot, field) in FIELDS.iter().enumerate() {
            if let Some(length) = lengths.get_mut(slot) {
                *length = field_length(page, *field);
            }
            for part in page.parts(*field) {
                let compounds = if field.makes_pairs() {
                    let mut previous = None;
                    for_each_word_with_compounds(part, |word| {
                        let (number, pairs) = self.number_of_word(word);
                        if pairs {
                            if let Some(before) = previous.replace(number) {
                                self.count_pair(before, number, slot);
                            }
                        }
                        self.count(number, slot);
                    })
                } else {
                    for_each_word_with_compounds(part, |word| {
                        let (number, _) = self.number_of_word(word);
                        self.count(number, slot);
                    })
                };
                for compound in compounds {
                    let number = self.number_of_term(&compound);
                    self.count(number, slot);
                }
            }
        }
        let mut on_page = std::mem::take(&mut self.on_page);
        for number in on_page.drain(..) {
            let Some(counts) = self.counts.get_mut(number as usize) else {
                continue;
            };
            let per_field = std::mem::take(counts);
            let score = page_score(weighted_frequency(&per_field, &lengths, averages));
            if let Some(postings) = self.postings.get_mut(number as usize) {
                postings.push((doc, score));
            }
        }
        self.on_page = on_page;
    }

    /// Every term the run's pages have, with its postings.
    fn into_postings(self) -> Vec<(String, Scored)> {
        self.terms.into_iter().zip(self.postings).collect()
    }
}

/// BM25F's weighted, length-normalised frequency of a term on a page, from
/// its count in each field.
fn weighted_frequency(
    per_field: &[u16; FIELD_COUNT],
    lengths: &[usize; FIELD_COUNT],
    averages: &[f32; FIELD_COUNT],
) -> Frequency {
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
    frequency
}

/// Whether a word takes part in phrase pairs: stop words and single
/// letters are skipped over (so "list to tuple" pairs `list` with `tupl`),
/// and CJK pairs are phrases already.
pub fn pairs_with_neighbours(word: &str, language: &Language) -> bool {
    word.chars().nth(1).is_some()
        && !word.chars().any(super::tokenize::is_cjk)
        && !language.is_stop_word(word)
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
