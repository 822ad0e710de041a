//! Definition lists as Python-Markdown's `def_list` writes them, from
//! pulldown-cmark's own: a definition needs a space or tab after its `:`
//! (`:smile:` starting a line stays text), each line of a term is a term,
//! and a definition with no blank line before it is tight even when
//! another in the list is loose.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Stands in for a `:` that starts a line but opens no definition; one
/// byte, like the colon, and never in a page (control characters are
/// taken out when files are read).
pub(super) const GUARDED_COLON: char = '\u{1a}';

/// The text with every line-starting `:` that Python-Markdown would not
/// read as a definition replaced by [`GUARDED_COLON`]; `None` when there is none.
pub fn guard_colons(text: &str) -> Option<String> {
    let mut guarded: Option<Vec<u8>> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t', '>']);
        let at = line_start + (line.len() - content.len());
        let mut rest = content.chars();
        if rest.next() == Some(':') && !matches!(rest.next(), Some(' ' | '\t')) {
            let bytes = guarded.get_or_insert_with(|| text.as_bytes().to_vec());
            if let Some(byte) = bytes.get_mut(at) {
                *byte = GUARDED_COLON as u8;
            }
        }
        line_start += line.len();
    }
    guarded.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// An event with its guarded colons (and tildes, see
/// [`super::delimiters::guard_tilde_fences`], and pipes, see
/// [`super::tables::guard_code_pipes`]) made what they were again.
pub fn restore_colons(event: Event<'_>) -> Event<'_> {
    fn restore(text: CowStr<'_>) -> CowStr<'_> {
        let guarded = super::delimiters::GUARDED_TILDE;
        let pipe = super::tables::GUARDED_PIPE;
        let span = super::rewrite::SPAN_SENTINEL;
        let inline = super::rewrite::INLINE_SENTINEL;
        match text.contains([GUARDED_COLON, guarded, pipe, span, inline]) {
            true => text
                .replace(GUARDED_COLON, ":")
                .replace(guarded, "~")
                .replace(pipe, "|")
                .replace([span, inline], "")
                .into(),
            false => text,
        }
    }
    match event {
        Event::Text(text) => Event::Text(restore(text)),
        Event::Code(text) => Event::Code(restore(text)),
        Event::Html(text) => Event::Html(restore(text)),
        Event::InlineHtml(text) => Event::InlineHtml(restore(text)),
        Event::InlineMath(text) => Event::InlineMath(restore(text)),
        Event::DisplayMath(text) => Event::DisplayMath(restore(text)),
        other => other,
    }
}

/// A tight definition (opened at `out[start]`) whose only block is a
/// paragraph shows that paragraph's text bare, as Python-Markdown does;
/// with more blocks, every one stays a block. So does the one paragraph
/// of a box that starts a tight definition (`:   !!! note`): Python-Markdown
/// reads the box's body as the definition's first block.
pub fn unwrap_single_paragraph(out: &mut [Event<'_>], start: usize) {
    let is_html = |event: &Event<'_>| {
        matches!(
            event,
            Event::Html(_) | Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)
        )
    };
    let after_start = out.get(start + 1..).unwrap_or_default();
    let box_html = after_start.iter().take_while(|e| is_html(e)).count();
    let opens_box = after_start.iter().take(box_html).any(|event| {
        matches!(event, Event::Html(html)
            if html.starts_with("<div class=\"admonition") || html.starts_with("<details"))
    });
    if box_html > 0 && !opens_box {
        return;
    }
    let first = start + 1 + box_html;
    if !matches!(
        out.get(first),
        Some(Event::Start(pulldown_cmark::Tag::Paragraph))
    ) {
        return;
    }
    let mut depth = 0usize;
    let mut end = None;
    for (index, event) in out.iter().enumerate().skip(first) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = Some(index);
                    break;
                }
            }
            _ => {}
        }
    }
    // After the paragraph, only the box's closing tags.
    let closes = |after: usize| {
        out.get(after..)
            .unwrap_or_default()
            .iter()
            .all(|event| match event {
                Event::Html(html) => html.trim_start().starts_with("</"),
                other => is_html(other),
            })
            && (box_html == 0) == (after == out.len())
    };
    // Emptied, not removed: removing would move every later event.
    if let Some(end) = end.filter(|&end| closes(end + 1)) {
        for index in [first, end] {
            if let Some(slot) = out.get_mut(index) {
                *slot = Event::Text("".into());
            }
        }
    }
}

/// Whether the definition starting at `start` has a blank line before it
/// (a loose definition, whose text is a paragraph).
pub fn is_loose(source: &str, start: usize) -> bool {
    let before = source.get(..start).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let previous = before
        .get(..line_start.saturating_sub(1))
        .unwrap_or_default();
    let previous_line = previous.rsplit('\n').next().unwrap_or_default();
    let blank = |line: &str| line.trim_matches([' ', '\t', '>', '\r']).is_empty();
    line_start > 0 && blank(previous_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colons_without_a_space_are_guarded() {
        assert!(guard_colons("Term\n:   Definition\n").is_none());
        let guarded = guard_colons("Term\n:smile: yes\n> :x\n").expect("guarded");
        assert_eq!(guarded.len(), "Term\n:smile: yes\n> :x\n".len());
        assert_eq!(guarded.matches(GUARDED_COLON).count(), 2);
        assert_eq!(
            restore_colons(Event::Text(guarded.into())),
            Event::Text("Term\n:smile: yes\n> :x\n".into())
        );
    }

    #[test]
    fn a_definition_after_a_blank_line_is_loose() {
        let source = "Apple\n:   Fruit.\n\nOrange\n\n:   Citrus.\n";
        assert!(!is_loose(source, source.find(":   Fruit").unwrap_or(0)));
        assert!(is_loose(source, source.find(":   Citrus").unwrap_or(0)));
    }
}
