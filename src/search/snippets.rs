//! The sentences a result can quote: the browser shows the one that
//! matched the query, with the query's words marked. A page keeps a bounded
//! share of its sentences, the first of every section before the second of
//! any, so that each part of a long page can answer.

/// At most this many characters of sentences per page.
pub const SNIPPET_BUDGET: usize = 1200;
/// A sentence longer than this is cut (at a word) before it is kept.
const MAX_SENTENCE: usize = 200;
/// Shorter pieces are headings run in or list labels, not sentences.
const MIN_SENTENCE: usize = 24;
/// Sentences are compared with those of answers up to this long.
const MAX_ANSWER_COMPARED: usize = 4096;

/// The sentences of a page's body parts, within [`SNIPPET_BUDGET`], in
/// page order; none repeats a sentence of the short answer.
pub fn sentences(parts: &[&str], answer: Option<&str>) -> Vec<String> {
    // No more parts, nor sentences of a part, than the budget can hold:
    // a page of ten thousand sections costs what a page of fifty does.
    let most = SNIPPET_BUDGET / MIN_SENTENCE;
    // The answer's own sentences are left out (the result shows the
    // answer already); a very long answer's are not looked for, which
    // keeps the check bounded.
    let answer: Vec<&str> = answer
        .filter(|answer| answer.len() <= MAX_ANSWER_COMPARED)
        .map(|answer| split_sentences(answer).collect())
        .unwrap_or_default();
    let answer = answer.as_slice();
    // Read lazily: a sentence is looked at only when its round comes, so a
    // long page costs about what the budget holds.
    let mut per_part: Vec<_> = parts
        .iter()
        .take(most)
        .map(|part| {
            split_sentences(part)
                .filter(|s| s.chars().count() >= MIN_SENTENCE)
                .filter(move |s| !answer.contains(s))
                .take(most)
                .fuse()
        })
        .collect();
    // Take sentences round by round: every part's first, then every second…
    let mut chosen: Vec<(usize, usize, String)> = Vec::new();
    let mut used = 0;
    'rounds: for round in 0..most {
        let mut any = false;
        for (part, sentences) in per_part.iter_mut().enumerate() {
            let Some(sentence) = sentences.next() else {
                continue;
            };
            any = true;
            let sentence = cut(sentence);
            let length = sentence.chars().count();
            if used + length > SNIPPET_BUDGET {
                break 'rounds;
            }
            used += length;
            chosen.push((part, round, sentence));
        }
        if !any {
            break;
        }
    }
    chosen.sort_unstable_by_key(|&(part, round, _)| (part, round));
    chosen
        .into_iter()
        .map(|(_, _, sentence)| sentence)
        .collect()
}

/// Splits collapsed text after `.`, `?`, `!` and a space, or after CJK
/// full stops.
fn split_sentences(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (sentence, remainder) = rest.split_at(crate::seo::sentence_end(rest));
        rest = remainder.trim_start();
        Some(sentence.trim())
    })
}

/// A sentence cut to [`MAX_SENTENCE`] characters at a word, with "…".
fn cut(sentence: &str) -> String {
    if sentence.chars().count() <= MAX_SENTENCE {
        return sentence.to_owned();
    }
    crate::seo::shorten(sentence, MAX_SENTENCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_followed_by_space() {
        let text = "Call list.sort() to sort in place. Or use sorted(items)! Does it copy? Yes, it does copy the list.";
        assert_eq!(
            split_sentences(text).collect::<Vec<_>>(),
            [
                "Call list.sort() to sort in place.",
                "Or use sorted(items)!",
                "Does it copy?",
                "Yes, it does copy the list."
            ]
        );
        assert_eq!(split_sentences("列表很快。元组不可变。").count(), 2);
        assert_eq!(
            split_sentences("Use ã. Not 3.14! Ok？ Done").collect::<Vec<_>>(),
            ["Use ã.", "Not 3.14!", "Ok？", "Done"]
        );
        assert_eq!(split_sentences("…and ｘ then.\u{a0}Next.").count(), 2);
    }

    #[test]
    fn every_part_gets_a_sentence_before_any_gets_two() {
        let long = "This sentence is long enough to count as one. ".repeat(40);
        let parts = [
            long.as_str(),
            "The gotcha section says something useful here.",
        ];
        let kept = sentences(&parts, None);
        assert!(kept.iter().map(|s| s.chars().count()).sum::<usize>() <= SNIPPET_BUDGET);
        assert!(kept.contains(&"The gotcha section says something useful here.".to_owned()));
        assert_eq!(
            kept.last().map(String::as_str),
            Some("The gotcha section says something useful here."),
            "page order"
        );
    }

    #[test]
    fn the_answer_and_fragments_are_left_out() {
        let parts = [
            "Tuples are immutable sequences of values. Short bit. Lists can change after they are made.",
        ];
        assert_eq!(
            sentences(&parts, Some("Tuples are immutable sequences of values.")),
            ["Lists can change after they are made."]
        );
    }

    #[test]
    fn a_huge_page_costs_what_the_budget_holds() {
        let sentence = "A sentence that is long enough to be kept here. ";
        let parts: Vec<String> = (0..2000).map(|_| sentence.repeat(100)).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let answer = sentence.repeat(10_000);
        let started = std::time::Instant::now();
        let kept = sentences(&parts, Some(&answer));
        assert!(kept.iter().map(|s| s.chars().count()).sum::<usize>() <= SNIPPET_BUDGET);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn long_sentences_are_cut_at_a_word() {
        let sentence = format!("{}.", "word ".repeat(100));
        let kept = sentences(&[sentence.as_str()], None);
        assert!(kept[0].chars().count() <= MAX_SENTENCE && kept[0].ends_with('…'));
    }
}
