//! The text of HTML kbgen wrote itself (box titles, tab labels): where the
//! inline extensions that work on text reach into it.

use pulldown_cmark::Event;

/// The elements kbgen writes whose text is the author's markdown: box
/// titles, summaries and tab labels (the rest of an HTML block is the
/// author's HTML, which Python-Markdown leaves alone).
const OWN_ELEMENTS: [(&str, &str); 3] = [
    ("<p class=\"admonition-title\"", "p"),
    ("<summary", "summary"),
    ("<label for=\"__tabbed_", "label"),
];

/// `html` with each run of text in kbgen's own titles and labels passed
/// through `replace` (not inside `code`, `pre`, `abbr`, `script` or
/// `style`); `None` when `replace` changed nothing. The text is given out
/// escaped, as it is in `html`, and its text events are taken back as such.
pub fn map_text<'a>(
    html: &str,
    mut replace: impl FnMut(&str) -> Option<Vec<Event<'a>>>,
) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut changed = false;
    let mut rest = html;
    let mut inside_code = 0usize;
    let mut inside_own: Option<&str> = None;
    while !rest.is_empty() {
        let tag_at = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(tag_at);
        match (inside_own.is_some() && inside_code == 0, text.is_empty()) {
            (true, false) => match replace(text) {
                Some(events) => {
                    changed = true;
                    // The text given out was already escaped: it goes back as it is.
                    let events = events.into_iter().map(|event| match event {
                        Event::Text(text) => Event::InlineHtml(text),
                        other => other,
                    });
                    pulldown_cmark::html::push_html(&mut out, events);
                }
                None => out.push_str(text),
            },
            _ => out.push_str(text),
        }
        let tag_end = after.find('>').map_or(after.len(), |end| end + 1);
        let tag = &after[..tag_end];
        let name = tag
            .trim_start_matches(['<', '/'])
            .split([' ', '>', '/'])
            .next()
            .unwrap_or("");
        if let Some((_, own)) = OWN_ELEMENTS.iter().find(|(open, _)| tag.starts_with(open)) {
            inside_own = Some(own);
        } else if inside_own == Some(name) && tag.starts_with("</") {
            inside_own = None;
        }
        if matches!(name, "code" | "abbr" | "pre" | "script" | "style") {
            if tag.starts_with("</") {
                inside_code = inside_code.saturating_sub(1);
            } else {
                inside_code += 1;
            }
        }
        out.push_str(tag);
        rest = &after[tag_end..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_titles_and_labels_outside_code_are_replaced() {
        let upper = |text: &str| Some(vec![Event::Text(text.to_uppercase().into())]);
        assert_eq!(
            map_text(
                "<div>x<p class=\"admonition-title\">a <code>b</code> c</p>y<summary>s</summary></div>",
                upper
            )
            .as_deref(),
            Some("<div>x<p class=\"admonition-title\">A <code>b</code> C</p>y<summary>S</summary></div>")
        );
        assert_eq!(map_text("<summary>a</summary>", |_| None), None);
        assert_eq!(map_text("<p>author's</p>", upper), None);
        let same = |text: &str| Some(vec![Event::Text(text.to_owned().into())]);
        assert_eq!(
            map_text("<summary>a &amp; b</summary>", same).as_deref(),
            Some("<summary>a &amp; b</summary>")
        );
    }
}
