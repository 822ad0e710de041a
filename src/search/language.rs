//! What search knows of the site's language: its stemmer and its stop words.
//!
//! The browser has to reduce a typed word to the same stem as the index
//! did, so a language is stemmed only where `static/assets/search.js` has
//! the same algorithm: English (Snowball's Porter2, checked word for word
//! against `rust-stemmers` by `tests/browser/search.test.mjs`). Other
//! languages match by whole words and prefixes; their stop words still
//! count little.

use rust_stemmers::{Algorithm, Stemmer};

/// Stemming and stop words for one site language.
pub struct Language {
    /// The stemmer's name as the browser knows it, when words are stemmed.
    pub stemmer_name: Option<&'static str>,
    stemmer: Option<Stemmer>,
    stop_words: Vec<String>,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("stemmer_name", &self.stemmer_name)
            .field("stop_words", &self.stop_words.len())
            .finish()
    }
}

impl Language {
    /// The language of a site's `language` setting (`en`, `en-GB`, `fr`, …).
    pub fn for_tag(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let english = primary == "en";
        let mut stop_words: Vec<String> = stop_words::lookup(&primary)
            .unwrap_or_default()
            .iter()
            .map(|word| word.to_lowercase())
            // Only stop words that are one search word (NLTK lists "don't").
            .filter(|word| super::tokenize::words(word).len() == 1 && !word.is_empty())
            .collect();
        stop_words.sort();
        stop_words.dedup();
        Language {
            stemmer_name: english.then_some("en"),
            stemmer: english.then(|| Stemmer::create(Algorithm::English)),
            stop_words,
        }
    }

    /// The stem a word is indexed and searched under.
    ///
    /// Only words of ASCII letters are stemmed: the browser's stemmer works
    /// on those, and a word with digits or accents is a name to match whole.
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) if word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase()) => {
                stemmer.stem(word).into_owned()
            }
            _ => word.to_owned(),
        }
    }

    /// Whether a (lower-cased, unstemmed) word is a stop word.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words
            .binary_search_by(|stop| stop.as_str().cmp(word))
            .is_ok()
    }

    /// The stop words, sorted, for the browser.
    pub fn stop_words(&self) -> &[String] {
        &self.stop_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_and_knows_its_stop_words() {
        let english = Language::for_tag("en-GB");
        assert_eq!(english.stem("dictionaries"), "dictionari");
        assert_eq!(english.stem("sorting"), "sort");
        assert_eq!(english.stem("promises"), "promis");
        assert_eq!(english.stem("py3"), "py3", "names with digits stay whole");
        assert_eq!(english.stem("naïve"), "naïve");
        assert!(english.is_stop_word("the") && english.is_stop_word("to"));
        assert!(!english.is_stop_word("tuple"));
        assert!(english.stop_words().iter().all(|w| !w.contains('\'')));
    }

    #[test]
    fn other_languages_keep_their_words_and_stop_words() {
        let french = Language::for_tag("fr");
        assert_eq!(french.stemmer_name, None);
        assert_eq!(french.stem("listes"), "listes");
        assert!(french.is_stop_word("le"));
        let unknown = Language::for_tag("tlh-x");
        assert!(unknown.stop_words().is_empty());
        assert_eq!(Language::for_tag("").stem("lists"), "lists");
    }
}
