//! Heading ids the way GitHub makes them, so anchors written for GitHub or
//! MkDocs' `toc` with GitHub-style slugs keep working.

use std::collections::HashMap;

/// GitHub's heading slug: lower-cased, punctuation dropped (except `-` and
/// `_`), each space turned into `-`. `list[start:stop]` → `liststartstop`.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            // Combining marks belong to the letter before them.
            c if is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Hands out unique ids within one page: the second `Usage` becomes `usage-1`.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// Reserves an id the author chose (`{#id}`), so generated ones avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_owned()).or_insert(0);
    }

    /// A unique id for a heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        let base = github_slug(text);
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let mut candidate = base.clone();
        while let Some(count) = self.seen.get_mut(&candidate) {
            *count += 1;
            candidate = format!("{base}-{count}");
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_examples() {
        assert_eq!(github_slug("list[start:stop]"), "liststartstop");
        assert_eq!(github_slug("list[start:stop:step]"), "liststartstopstep");
        assert_eq!(github_slug("What is `[-1]`?"), "what-is--1");
        assert_eq!(
            github_slug("Omitting the start  or stop index"),
            "omitting-the-start--or-stop-index"
        );
        assert_eq!(github_slug("Café & Crème"), "café--crème");
        assert_eq!(github_slug("snake_case-name"), "snake_case-name");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.slug("Usage"), "usage");
        assert_eq!(slugger.slug("Usage"), "usage-1");
        assert_eq!(slugger.slug("Usage"), "usage-2");
        assert_eq!(slugger.slug("Usage 1"), "usage-1-1");
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let mut slugger = Slugger::default();
        slugger.reserve("intro");
        assert_eq!(slugger.slug("Intro"), "intro-1");
    }
}
