//! Abbreviations, as Python-Markdown's `abbr` extension reads them: a line
//! `*[HTML]: Hyper Text Markup Language` anywhere in the page (a glossary
//! appended by snippets, often) defines one, and every whole-word `HTML`
//! in the page's text becomes `<abbr title="…">HTML</abbr>`.
//!
//! The definition lines are blanked in place before the page is parsed, so
//! offsets stay as they are; a blank line where a definition was splits
//! its paragraph, as Python-Markdown puts the text around a definition
//! back as blocks of their own.

use std::collections::HashMap;
use std::ops::Range;

use super::html_text::Pieces;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::escape::html_attribute;

/// A page's abbreviations: the text with their definitions blanked, and
/// how to find them.
#[derive(Debug, Default)]
pub struct Abbreviations {
    /// Abbreviation → its title, for those with one.
    titles: HashMap<String, String>,
    /// Abbreviations by their first character, longest first: Python tries
    /// the longest at each place.
    by_first: HashMap<char, Vec<String>>,
}

impl Abbreviations {
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    fn index(mut self) -> Self {
        let mut by_first: HashMap<char, Vec<String>> = HashMap::new();
        for key in self.titles.keys() {
            if let Some(first) = key.chars().next() {
                by_first.entry(first).or_default().push(key.clone());
            }
        }
        for keys in by_first.values_mut() {
            keys.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
        self.by_first = by_first;
        self
    }

    /// `text` as events, each abbreviation in it wrapped in `<abbr>`;
    /// `None` when there is none.
    pub fn wrap<'a>(&self, text: &str) -> Option<Vec<Event<'a>>> {
        if self.is_empty() {
            return None;
        }
        let mut pieces = Pieces::new(text);
        let mut previous: Option<char> = None;
        let mut indices = text.char_indices().peekable();
        while let Some((at, c)) = indices.next() {
            let found = self.by_first.get(&c).and_then(|keys| {
                keys.iter().find(|key| {
                    let Some(rest) = text.get(at..) else {
                        return false;
                    };
                    if !rest.starts_with(key.as_str()) {
                        return false;
                    }
                    let last = key.chars().last();
                    let after = rest.get(key.len()..).and_then(|r| r.chars().next());
                    boundary(previous, Some(c)) && boundary(last, after)
                })
            });
            match found {
                Some(key) => {
                    let title = self.titles.get(key).map(String::as_str).unwrap_or_default();
                    let end = at + key.len();
                    pieces.replace(
                        at,
                        end,
                        Event::InlineHtml(
                            format!(
                                "<abbr title=\"{}\">{}</abbr>",
                                html_attribute(title),
                                crate::escape::html_text(key)
                            )
                            .into(),
                        ),
                    );
                    previous = key.chars().last();
                    while indices.peek().is_some_and(|&(next, _)| next < end) {
                        indices.next();
                    }
                }
                None => previous = Some(c),
            }
        }
        pieces.finish()
    }
}

/// A regex `\b` between two characters (`None`: the edge of the text).
fn boundary(before: Option<char>, after: Option<char>) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    word(before) != word(after)
}

/// Finds the definitions in `text`: the text with each definition's lines
/// blanked, and the abbreviations. `None` when there is no definition.
pub fn take_definitions(
    text: &str,
    options: pulldown_cmark::Options,
) -> Option<(String, Abbreviations)> {
    if !text.contains("*[") {
        return None;
    }
    let mut titles: HashMap<String, String> = HashMap::new();
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut in_code = false;
    // Definitions are paragraph text: not in code, HTML, headings or tables.
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => in_code = true,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => in_code = false,
            Event::Start(Tag::Paragraph) if !in_code => {
                definitions_in(text, range, &mut titles, &mut blank);
            }
            _ => {}
        }
    }
    if blank.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in blank {
        for byte in bytes.get_mut(range).into_iter().flatten() {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    titles.retain(|_, title| !title.is_empty());
    Some((
        text,
        Abbreviations {
            titles,
            by_first: HashMap::new(),
        }
        .index(),
    ))
}

/// The definition lines of the paragraph at `range`, in order; a later
/// definition of the same abbreviation wins, and `""` takes one away.
fn definitions_in(
    text: &str,
    range: Range<usize>,
    titles: &mut HashMap<String, String>,
    blank: &mut Vec<Range<usize>>,
) {
    let Some(paragraph) = text.get(range.clone()) else {
        return;
    };
    let mut lines = Vec::new();
    let mut at = range.start;
    for raw in paragraph.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        // Container prefixes (`> `, indentation) are not the line's.
        let content = line.trim_start_matches([' ', '\t', '>']);
        let start = at + (line.len() - content.len());
        lines.push((content, start..at + line.len()));
        at += raw.len();
    }
    let mut index = 0;
    while let Some(&(line, ref span)) = lines.get(index) {
        let Some((abbr, after)) = definition_start(line) else {
            index += 1;
            continue;
        };
        let mut title = after.trim().to_owned();
        let mut end = span.end;
        let mut used = 1;
        // The title may be on the next line.
        if title.is_empty() {
            if let Some((next, next_span)) = lines.get(index + 1) {
                title = next.trim().to_owned();
                end = next_span.end;
                used = 2;
            }
        }
        let abbr = abbr.trim();
        if !title.is_empty() && !abbr.is_empty() {
            if title == "''" || title == "\"\"" {
                titles.insert(abbr.to_owned(), String::new());
            } else {
                titles.insert(abbr.to_owned(), title);
            }
            blank.push(span.start..end);
            index += used;
        } else {
            index += 1;
        }
    }
}

/// `*[abbr]:` at the start of a line: the abbreviation and what follows the colon.
fn definition_start(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("*[")?;
    let close = rest.find(']')?;
    let abbr = rest.get(..close)?;
    if abbr.contains('\\') {
        return None;
    }
    let after = rest.get(close + 1..)?;
    let after = after.strip_prefix(' ').unwrap_or(after);
    let after = after.strip_prefix(':')?;
    Some((abbr, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(events: Vec<Event<'_>>) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn definitions_are_blanked_and_words_wrapped() {
        let text = "HTML and CSS.\n*[HTML]: Hyper Text\n*[CSS]:\n    Style sheets\n";
        let (blanked, abbreviations) =
            take_definitions(text, crate::markdown::options()).expect("definitions");
        assert_eq!(blanked.len(), text.len());
        assert!(!blanked.contains("*["), "{blanked}");
        let wrapped = abbreviations
            .wrap("Use HTML, not XHTML or HTML5; CSS!")
            .expect("wrapped");
        assert_eq!(
            html(wrapped),
            "Use <abbr title=\"Hyper Text\">HTML</abbr>, not XHTML or HTML5; <abbr title=\"Style sheets\">CSS</abbr>!"
        );
    }

    #[test]
    fn the_longest_abbreviation_wins_and_empty_titles_take_one_away() {
        let text = "x\n\n*[W3C]: Consortium\n*[W3]: Web\n*[W3]: \"\"\n";
        let (_, abbreviations) =
            take_definitions(text, crate::markdown::options()).expect("definitions");
        assert_eq!(
            html(abbreviations.wrap("W3C W3").expect("wrapped")),
            "<abbr title=\"Consortium\">W3C</abbr> W3"
        );
    }

    #[test]
    fn kbgen_markup_gets_abbreviations_outside_code() {
        let (_, abbreviations) =
            take_definitions("*[DNS]: Domain Name System\n", crate::markdown::options())
                .expect("definitions");
        let wrap_html =
            |html: &str| crate::markdown::html_text::map_text(html, |t| abbreviations.wrap(t));
        assert_eq!(
            wrap_html("<p class=\"admonition-title\">DNS and <code>DNS</code></p>").as_deref(),
            Some(
                "<p class=\"admonition-title\"><abbr title=\"Domain Name System\">DNS</abbr> and <code>DNS</code></p>"
            )
        );
        assert!(wrap_html("<p>no</p>").is_none());
    }

    #[test]
    fn code_and_lines_that_are_not_definitions_stay() {
        assert!(take_definitions("```\n*[A]: b\n```\n", crate::markdown::options()).is_none());
        assert!(take_definitions("*[A]\n", crate::markdown::options()).is_none());
        assert!(take_definitions("*[A\\B]: x\n", crate::markdown::options()).is_none());
        // Non-word abbreviations need boundaries as a regex sees them.
        let (_, abbreviations) =
            take_definitions("*[C++]: A language\n", crate::markdown::options())
                .expect("definitions");
        assert!(abbreviations.wrap("C++ code").is_none());
        assert!(abbreviations.wrap("C++").is_none());
        assert!(abbreviations.wrap("C++y").is_some());
    }
}
