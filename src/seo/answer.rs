//! A page's short answer and FAQ entries, derived from the page itself —
//! never made up.

use crate::config::FaqSettings;
use crate::content::Page;
use crate::markdown::{RenderedMarkdown, plain_text};

/// One question and its answer, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FaqEntry {
    pub question: String,
    pub answer: String,
}

/// The `answer` front matter if set, else the text of the first admonition
/// titled like `settings.answer_title` (any type), as plain text.
pub fn derive_answer(
    page: &Page,
    markdown: &RenderedMarkdown,
    settings: &FaqSettings,
) -> Option<String> {
    if let Some(answer) = page.front_matter.answer.as_deref() {
        let text = plain_text(answer);
        if !text.is_empty() {
            return Some(text);
        }
    }
    markdown
        .admonitions
        .iter()
        .find(|a| plain_text(&a.title).eq_ignore_ascii_case(settings.answer_title.trim()))
        .map(|a| plain_text(&a.body(page.text())))
        .filter(|text| !text.is_empty())
}

/// The `### question?` headings under a "FAQ" section (`## FAQ`), each
/// answered by the text under it.
pub fn derive_faq_entries(markdown: &RenderedMarkdown, settings: &FaqSettings) -> Vec<FaqEntry> {
    let mut entries = Vec::new();
    let mut in_faq = false;
    let mut faq_level = 0;
    for section in &markdown.sections {
        if settings
            .section_titles
            .iter()
            .any(|t| t.trim().eq_ignore_ascii_case(&section.title))
        {
            in_faq = true;
            faq_level = section.level;
            continue;
        }
        if section.level <= faq_level {
            in_faq = false;
        }
        if in_faq
            && section.level == faq_level + 1
            && section.title.ends_with('?')
            && !section.text.is_empty()
        {
            entries.push(FaqEntry {
                question: section.title.clone(),
                answer: section.text.clone(),
            });
        }
    }
    entries
}

/// Cuts text to about `limit` characters at a word boundary, adding `…`.
pub fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut = String::new();
    for word in text.split_whitespace() {
        let next = cut.chars().count() + word.chars().count() + usize::from(!cut.is_empty());
        if next > limit.saturating_sub(1) {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = text.chars().take(limit.saturating_sub(1)).collect();
    }
    let trimmed = cut.trim_end_matches([',', ';', ':', '.', '-', '—']);
    format!("{trimmed}…")
}

/// A text cut for a card or a list: whole when it fits, else at the last
/// sentence end that keeps at least a third of `limit`, else at a word
/// (with "…"). Never mid-word, so code and names stay whole.
pub fn excerpt(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let (mut end, mut length, mut best) = (0, 0, None);
    while let Some(rest) = text.get(end..).filter(|rest| !rest.is_empty()) {
        let next = end + sentence_end(rest);
        length += text.get(end..next).map_or(0, |s| s.chars().count());
        if length > limit {
            break;
        }
        (end, best) = (next, Some(next));
    }
    match best.and_then(|end| text.get(..end)).map(str::trim_end) {
        Some(head) if head.chars().count() >= limit / 3 => head.to_owned(),
        _ => shorten(text, limit),
    }
}

/// Where a text's first sentence ends: after `.`, `?` or `!` before a
/// space (or the end), or after a CJK full stop; the whole text when it
/// has one sentence.
pub fn sentence_end(text: &str) -> usize {
    // Looks at bytes: stops are rare, and the CJK ones (。！？) all begin
    // with one of two lead bytes, which are never inside another character.
    let is_candidate = |byte: &u8| matches!(byte, b'.' | b'?' | b'!' | 0xE3 | 0xEF);
    let mut from = 0;
    while let Some(found) = text
        .as_bytes()
        .get(from..)
        .and_then(|bytes| bytes.iter().position(is_candidate))
    {
        let at = from + found;
        let mut chars = text.get(at..).unwrap_or_default().chars();
        let Some(c) = chars.next() else {
            break;
        };
        let after = at + c.len_utf8();
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '?' | '!' => chars.next().is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            return after;
        }
        from = after;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render_standalone;

    /// A page whose file is `text` (no front matter).
    fn page(front_answer: Option<&str>, text: &str) -> Page {
        let mut page = Page {
            source: crate::diagnostics::SourceText::new("a.md", text.to_owned()),
            rel_path: "a.md".into(),
            front_matter: Default::default(),
            body_start: 0,
            title: "Q?".into(),
            title_from_file_name: false,
            url: crate::content::UrlPath::root(),
            kind: crate::content::PageKind::Article,
            section: String::new(),
            expansion: None,
        };
        page.front_matter.answer = front_answer.map(str::to_owned);
        page
    }

    #[test]
    fn answer_comes_from_the_in_short_box_of_any_type() {
        let text = "!!! note \"Other\"\n    No.\n\n!!! tip \"In short\"\n    Use `x[1:]`,\n    **not** a loop.\n";
        let md = render_standalone(text);
        assert_eq!(
            derive_answer(&page(None, text), &md, &FaqSettings::default()).as_deref(),
            Some("Use x[1:], not a loop.")
        );
    }

    #[test]
    fn front_matter_answer_wins() {
        let text = "!!! info \"In short\"\n    Box.\n";
        let md = render_standalone(text);
        assert_eq!(
            derive_answer(
                &page(Some("From *front* matter"), text),
                &md,
                &FaqSettings::default()
            )
            .as_deref(),
            Some("From front matter")
        );
    }

    #[test]
    fn no_answer_is_none() {
        let md = render_standalone("Just text.\n");
        assert_eq!(
            derive_answer(&page(None, "Just text.\n"), &md, &FaqSettings::default()),
            None
        );
    }

    #[test]
    fn faq_sections_become_entries() {
        let md = render_standalone(
            "## Intro\n\nx\n\n## FAQ\n\n### Is it fast?\n\nVery.\n\n### A statement\n\nSkipped.\n\n### Is it free?\n\nYes, **free**.\n\n## See also\n\n### Not this?\n\nNo.\n",
        );
        let entries = derive_faq_entries(&md, &FaqSettings::default());
        assert_eq!(
            entries,
            vec![
                FaqEntry {
                    question: "Is it fast?".into(),
                    answer: "Very.".into()
                },
                FaqEntry {
                    question: "Is it free?".into(),
                    answer: "Yes, free.".into()
                },
            ]
        );
    }

    #[test]
    fn excerpts_end_at_a_sentence_or_a_word() {
        let text = "Use obj = MyClass() to make one. Then call obj.run() as often as you like, with any arguments.";
        assert_eq!(excerpt(text, 60), "Use obj = MyClass() to make one.");
        assert_eq!(excerpt(text, 500), text);
        let one = "A single long sentence about obj = MyClass() that goes on and on";
        assert_eq!(excerpt(one, 30), "A single long sentence about…");
        assert_eq!(
            excerpt("Hi. Then a very long second sentence here", 20),
            "Hi. Then a very…"
        );
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 160), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
        assert!(shorten(&"word ".repeat(100), 160).chars().count() <= 160);
    }
}
