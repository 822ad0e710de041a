//! Where the inline extensions that work on text (emoji, keys, symbols,
//! abbreviations) reach into it: text cut around replacements, and the
//! text of HTML kbgen wrote itself (box titles, tab labels).

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

/// HTML's text: tags left out, the common character references read
/// (what a `data-toc-label` or a tab label says, as plain text).
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A text cut around the replacements found in it: the text between them
/// stays text events, each replacement is the event it was given.
pub struct Pieces<'t, 'a> {
    text: &'t str,
    events: Vec<Event<'a>>,
    plain_from: usize,
}

impl<'t, 'a> Pieces<'t, 'a> {
    pub fn new(text: &'t str) -> Self {
        Pieces {
            text,
            events: Vec::new(),
            plain_from: 0,
        }
    }

    /// Puts `event` in place of `text[start..end]`. Replacements come in
    /// order; one that starts inside the last is ignored.
    pub fn replace(&mut self, start: usize, end: usize, event: Event<'a>) {
        if start < self.plain_from {
            return;
        }
        if let Some(plain) = self
            .text
            .get(self.plain_from..start)
            .filter(|p| !p.is_empty())
        {
            self.events.push(Event::Text(plain.to_owned().into()));
        }
        self.events.push(event);
        self.plain_from = end.max(start);
    }

    /// The events, or `None` when nothing was replaced.
    pub fn finish(mut self) -> Option<Vec<Event<'a>>> {
        if self.events.is_empty() {
            return None;
        }
        if let Some(rest) = self.text.get(self.plain_from..).filter(|r| !r.is_empty()) {
            self.events.push(Event::Text(rest.to_owned().into()));
        }
        Some(self.events)
    }
}

/// The HTML of what a text replacement gave, or of the text itself when
/// it gave nothing: how the text passes' tests look at their output.
#[cfg(test)]
pub fn rendered(text: &str, replaced: Option<Vec<Event<'_>>>) -> String {
    let events = replaced.unwrap_or_else(|| vec![Event::Text(text.to_owned().into())]);
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
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
