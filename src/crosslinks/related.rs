//! Related articles from an inverted index of tags, keywords and question
//! words. Each page's candidates come from the posting lists of its own
//! terms, and terms shared by more than [`MAX_POSTINGS`] pages are left out
//! (they say little and would make the work grow with the site), so the
//! work per page is bounded and the whole computation grows linearly.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::{PageKind, Site};

/// A term in more pages than this does not take part in ranking.
pub const MAX_POSTINGS: usize = 400;

/// How much a shared term of each kind counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub tag: f64,
    pub keyword: f64,
    pub question_word: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            tag: 3.0,
            keyword: 2.0,
            question_word: 1.0,
        }
    }
}

/// A term of one kind: the same word as a tag and in a question are different terms.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Term {
    Tag(String),
    Keyword(String),
    Word(String),
}

/// The inverted index: for each term, the articles that have it.
#[derive(Debug)]
pub struct RelatedIndex<'s> {
    site: &'s Site,
    /// Each article's terms with their weight (inverse document frequency included).
    terms: Vec<Vec<(usize, f64)>>,
    /// Articles per term id, sorted.
    postings: Vec<Vec<usize>>,
}

/// Words too common in questions to relate two of them.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "do",
    "does",
    "for",
    "from",
    "how",
    "i",
    "in",
    "is",
    "it",
    "of",
    "on",
    "or",
    "should",
    "the",
    "to",
    "use",
    "what",
    "when",
    "which",
    "why",
    "with",
    "you",
    "your",
    "vs",
    "between",
    "difference",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

fn page_terms(site: &Site, index: usize) -> BTreeSet<Term> {
    let mut terms = BTreeSet::new();
    let Some(page) = site.pages.get(index) else {
        return terms;
    };
    for tag in &page.front_matter.tags {
        terms.insert(Term::Tag(tag.trim().to_lowercase()));
    }
    for tag in page.front_matter.meta.iter().filter(|m| {
        m.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("keywords"))
    }) {
        for keyword in tag.content.split(',') {
            let keyword = keyword.trim().to_lowercase();
            if !keyword.is_empty() {
                terms.insert(Term::Keyword(keyword));
            }
        }
    }
    for word in words(&page.title) {
        terms.insert(Term::Word(word));
    }
    terms
}

impl<'s> RelatedIndex<'s> {
    /// Indexes every article of the site.
    pub fn build(site: &'s Site, weights: &Weights) -> Self {
        let mut ids: BTreeMap<Term, usize> = BTreeMap::new();
        let mut postings: Vec<Vec<usize>> = Vec::new();
        let mut page_term_ids: Vec<Vec<(usize, f64)>> = Vec::with_capacity(site.pages.len());
        let mut articles = 0usize;
        for (index, page) in site.pages.iter().enumerate() {
            if page.kind != PageKind::Article {
                page_term_ids.push(Vec::new());
                continue;
            }
            articles += 1;
            let mut own = Vec::new();
            for term in page_terms(site, index) {
                let weight = match term {
                    Term::Tag(_) => weights.tag,
                    Term::Keyword(_) => weights.keyword,
                    Term::Word(_) => weights.question_word,
                };
                let next_id = ids.len();
                let id = *ids.entry(term).or_insert(next_id);
                if id == postings.len() {
                    postings.push(Vec::new());
                }
                if let Some(list) = postings.get_mut(id) {
                    list.push(index);
                }
                own.push((id, weight));
            }
            page_term_ids.push(own);
        }
        let total = articles.max(1) as f64;
        let terms = page_term_ids
            .into_iter()
            .map(|own| {
                own.into_iter()
                    .map(|(id, weight)| {
                        let df = postings.get(id).map_or(1, Vec::len).max(1) as f64;
                        (id, weight * (1.0 + total / df).ln())
                    })
                    .collect()
            })
            .collect();
        Self {
            site,
            terms,
            postings,
        }
    }

    /// A scratch buffer for [`RelatedIndex::related`], reused across pages.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            scores: vec![0.0; self.site.pages.len()],
            touched: Vec::new(),
        }
    }

    /// Up to `count` articles most like `page`, excluding it and `exclude`.
    /// Ties go to the lower title, then the lower path, so the result is stable.
    pub fn related(
        &self,
        page: usize,
        count: usize,
        exclude: &BTreeSet<usize>,
        scratch: &mut Scratch,
    ) -> Vec<usize> {
        for &(id, weight) in self.terms.get(page).map_or(&[][..], Vec::as_slice) {
            let Some(list) = self.postings.get(id) else {
                continue;
            };
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &other in list {
                if other == page || exclude.contains(&other) {
                    continue;
                }
                if let Some(score) = scratch.scores.get_mut(other) {
                    if *score == 0.0 {
                        scratch.touched.push(other);
                    }
                    *score += weight;
                }
            }
        }
        let mut ranked: Vec<(f64, usize)> = scratch
            .touched
            .drain(..)
            .map(|other| {
                let score = scratch.scores.get_mut(other).map_or(0.0, std::mem::take);
                (score, other)
            })
            .collect();
        let order = |a: &(f64, usize), b: &(f64, usize)| {
            b.0.total_cmp(&a.0).then_with(|| {
                let key = |i: usize| {
                    self.site
                        .pages
                        .get(i)
                        .map(|p| (p.title.to_lowercase(), p.rel_path.as_str()))
                };
                key(a.1).cmp(&key(b.1))
            })
        };
        if ranked.len() > count && count > 0 {
            ranked.select_nth_unstable_by(count - 1, order);
            ranked.truncate(count);
        }
        ranked.sort_by(order);
        ranked
            .into_iter()
            .take(count)
            .map(|(_, index)| index)
            .collect()
    }
}

/// Per-thread working memory for ranking: one score slot per page.
#[derive(Debug)]
pub struct Scratch {
    scores: Vec<f64>,
    touched: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_skip_stop_words() {
        let found: Vec<String> = words("How do I sort a list in Python?").collect();
        assert_eq!(found, ["sort", "list", "python"]);
    }
}
