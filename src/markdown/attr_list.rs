//! Attribute lists, as Python-Markdown's `attr_list` reads them: `{: #id
//! .class key=value }` right after an inline element (`[a](b){ .button }`,
//! `![i](x.png){ width="300" }`, `*em*{ .x }`, `` `code`{ .x } ``) gives it
//! those attributes; on the last line of a paragraph or list item by
//! itself, it gives them to the block. Run on the page's finished events.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::escape::{html_attribute, html_text};

/// One attribute as written: `.` for a class, a name and maybe a value.
type Attribute = (String, Option<String>);

/// The attribute list in `text` (what is between the braces), and what
/// follows the first `}` that was not part of it (Python's remainder).
fn scan(text: &str) -> (Vec<Attribute>, &str) {
    let mut attributes = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(' ');
        if rest.is_empty() {
            return (attributes, "");
        }
        let name_len = rest.find([' ', '=', '}']).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let after = &rest[name_len..];
        if name.is_empty() {
            // Unparsable: what is left from its first `}` goes back to the text.
            let remainder = rest.find('}').map_or("", |at| &rest[at..]);
            return (attributes, remainder);
        }
        if let Some(value) = after.strip_prefix('=') {
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
            let unquoted = || {
                let end = value.find([' ', '=', '}']).unwrap_or(value.len());
                (end > 0).then(|| (&value[..end], end))
            };
            // An unclosed quote is part of an unquoted value, as
            // Python-Markdown's scanner reads `foo="bar`.
            let parsed = match quote {
                Some(q) => value[1..]
                    .find(q)
                    .map(|end| (&value[1..1 + end], 2 + end))
                    .or_else(unquoted),
                None => unquoted(),
            };
            match parsed {
                Some((value, used)) => {
                    attributes.push((name.to_owned(), Some(value.to_owned())));
                    rest = &after[1 + used..];
                }
                None => {
                    let remainder = rest.find('}').map_or("", |at| &rest[at..]);
                    return (attributes, remainder);
                }
            }
        } else if let Some(class) = name.strip_prefix('.') {
            attributes.push((".".to_owned(), Some(class.to_owned())));
            rest = after;
        } else if let Some(id) = name.strip_prefix('#') {
            attributes.push(("id".to_owned(), Some(id.to_owned())));
            rest = after;
        } else {
            attributes.push((name.to_owned(), None));
            rest = after;
        }
    }
}

/// An attribute list at the start of `text` (`{:? … }`, to the line's last
/// `}`): its attributes and the text that stays.
fn at_start(text: &str) -> Option<(Vec<Attribute>, String)> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let inner = line.strip_prefix('{')?;
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let inner = inner.trim_start_matches(' ');
    if inner.starts_with(['}', ' ']) || inner.is_empty() {
        return None;
    }
    let close = inner.rfind('}')?;
    let (attributes, remainder) = scan(&inner[..close]);
    let consumed = line.len() - (inner.len() - close - 1);
    let mut kept = text[consumed..].to_owned();
    kept.push_str(remainder);
    Some((attributes, kept))
}

/// A line that is only an attribute list (spaces around allowed), for a
/// block; `None` also when part of it could not be read (Python's `strict`).
fn whole_line(line: &str) -> Option<Vec<Attribute>> {
    let line = line.trim_matches(' ');
    let inner = line.strip_prefix('{')?.strip_suffix('}')?;
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let inner = inner.trim_start_matches(' ');
    if inner.is_empty() || inner.starts_with('}') || inner.contains('\n') {
        return None;
    }
    let (attributes, remainder) = scan(inner);
    (remainder.is_empty() && !attributes.is_empty()).then_some(attributes)
}

/// An attribute list ending a cell's text (` { .x }`, with a space before
/// it), as Python-Markdown reads one on headings and table cells: the text
/// before it and the attributes as HTML, merged into `existing`.
pub(super) fn trailing(text: &str, existing: Vec<(String, String)>) -> Option<(&str, String)> {
    let trimmed = text.trim_end_matches(' ').strip_suffix('}')?;
    let open = trimmed.rfind('{')?;
    let before = trimmed.get(..open)?;
    if !before.ends_with(' ') {
        return None;
    }
    let inner = trimmed.get(open + 1..)?;
    let inner = inner
        .strip_prefix(':')
        .unwrap_or(inner)
        .trim_start_matches(' ');
    if inner.is_empty() || inner.contains(['\n', '}']) {
        return None;
    }
    let attributes = parse_strict(inner)?;
    (!attributes.is_empty()).then(|| (before.trim_end_matches(' '), render(existing, &attributes)))
}

/// The attributes written in an attribute list's braces, in order: a
/// class as `(".", class)`, an id as `("id", id)`; `None` when part of it
/// cannot be read (a stray `}`), which on a heading or a table cell makes
/// it text (Python-Markdown's `strict`).
pub(super) fn parse_strict(inner: &str) -> Option<Vec<Attribute>> {
    let (attributes, remainder) = scan(inner);
    remainder.is_empty().then_some(attributes)
}

/// Where `text` holds inline attribute lists (`{: .x }`, `{title="a b"}`),
/// as Python-Markdown's pattern finds them: no shortcode, key or
/// abbreviation is marked inside one.
pub(super) fn inline_list_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut search = 0;
    while let Some(open) = text.get(search..).and_then(|rest| rest.find('{')) {
        let open = search + open;
        search = open + 1;
        let Some(close) = text.get(open..).and_then(|rest| rest.find(['}', '\n'])) else {
            break;
        };
        let close = open + close;
        let inner = text.get(open + 1..close).unwrap_or("");
        let inner = inner
            .strip_prefix(':')
            .unwrap_or(inner)
            .trim_start_matches(' ');
        if text.get(close..).is_some_and(|c| c.starts_with('}')) && !inner.is_empty() {
            spans.push(open..close + 1);
            search = close + 1;
        }
    }
    spans
}

/// Names as an XML name allows them (others' characters become `_`).
pub(super) fn sanitise(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{b7}') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The attributes as HTML (` id="x" class="a b" key="v"`), merged into
/// `existing` (name, value) pairs the element already has.
fn render(existing: Vec<(String, String)>, attributes: &[Attribute]) -> String {
    let mut merged: Vec<(String, Option<String>)> =
        existing.into_iter().map(|(k, v)| (k, Some(v))).collect();
    fn set(merged: &mut Vec<(String, Option<String>)>, name: String, value: Option<String>) {
        match merged.iter_mut().find(|(known, _)| *known == name) {
            Some(slot) => slot.1 = value,
            None => merged.push((name, value)),
        }
    }
    for (name, value) in attributes {
        if name == "." {
            let class = value.clone().unwrap_or_default();
            let joined = match merged.iter().find(|(k, _)| k == "class") {
                Some((_, Some(existing))) if !existing.is_empty() => format!("{existing} {class}"),
                _ => class,
            };
            set(&mut merged, "class".to_owned(), Some(joined));
        } else {
            set(&mut merged, sanitise(name), value.clone());
        }
    }
    let mut html = String::new();
    for (name, value) in merged {
        match value {
            Some(value) => html.push_str(&format!(" {name}=\"{}\"", html_attribute(&value))),
            None => html.push_str(&format!(" {name}")),
        }
    }
    html
}

/// Gives the page's attribute lists to their elements.
pub fn apply(out: &mut Vec<Event<'_>>) {
    merge_texts(out);
    apply_inline(out);
    apply_blocks(out);
}

/// Runs of text events as one (the parser splits text where a delimiter
/// could have been, as in `{:target="_blank"}`), so a list is seen whole.
fn merge_texts(out: &mut Vec<Event<'_>>) {
    let mut merged: Vec<Event<'_>> = Vec::with_capacity(out.len());
    for event in out.drain(..) {
        match (merged.last_mut(), event) {
            (Some(Event::Text(previous)), Event::Text(text)) => {
                let mut joined = previous.to_string();
                joined.push_str(&text);
                *previous = joined.into();
            }
            (_, event) => merged.push(event),
        }
    }
    *out = merged;
}

/// Where the element that ends at `end` starts (same nesting).
fn matching_start(out: &[Event<'_>], end: usize) -> Option<usize> {
    let mut depth = 0usize;
    for index in (0..end).rev() {
        match out.get(index)? {
            Event::End(_) => depth += 1,
            Event::Start(_) if depth == 0 => return Some(index),
            Event::Start(_) => depth -= 1,
            _ => {}
        }
    }
    None
}

fn apply_inline(out: &mut Vec<Event<'_>>) {
    let mut index = out.len();
    while index > 0 {
        index -= 1;
        let Some(Event::Text(next)) = out.get(index + 1) else {
            continue;
        };
        let applicable = match out.get(index) {
            Some(Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            )) => true,
            Some(Event::Code(_)) => true,
            Some(Event::InlineHtml(html)) => {
                html.starts_with("<img ") || html.starts_with(super::emoji::ICON_OPEN)
            }
            _ => false,
        };
        if !applicable || !next.starts_with('{') {
            continue;
        }
        // A value may hold inline HTML (`title="<b>"`): the list then runs
        // over the events that follow, to its closing brace.
        let mut candidate = next.to_string();
        let mut taken = 1;
        while !candidate.contains('}') && taken < 8 {
            match out.get(index + 1 + taken) {
                Some(Event::Text(more) | Event::InlineHtml(more)) => candidate.push_str(more),
                _ => break,
            }
            taken += 1;
        }
        let Some((attributes, kept)) = at_start(&candidate) else {
            continue;
        };
        // Events taken into the list become empty text: removing them
        // would shift every later event, once per list.
        for slot in out
            .get_mut(index + 2..index + 1 + taken)
            .into_iter()
            .flatten()
        {
            *slot = Event::Text("".into());
        }
        // Where the element ends once it carries the attributes.
        let element_end = match out.get(index) {
            Some(Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            )) => wrap_inline(out, index, &attributes).then_some(index),
            Some(Event::End(TagEnd::Image)) => image(out, index, &attributes),
            Some(Event::Code(code)) => {
                let html = format!(
                    "<code{}>{}</code>",
                    render(Vec::new(), &attributes),
                    html_text(code)
                );
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(html.into());
                }
                Some(index)
            }
            Some(Event::InlineHtml(html)) if html.starts_with("<img ") => {
                let html = sized_image_with(html, &attributes);
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(html.into());
                }
                Some(index)
            }
            Some(Event::InlineHtml(html)) if html.starts_with(super::emoji::ICON_OPEN) => {
                let existing = vec![("class".to_owned(), "twemoji".to_owned())];
                let svg = &html[super::emoji::ICON_OPEN.len()..];
                let html = format!("<span{}>{svg}", render(existing, &attributes));
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(html.into());
                }
                Some(index)
            }
            _ => None,
        };
        if let Some(end) = element_end {
            if let Some(slot) = out.get_mut(end + 1) {
                *slot = Event::Text(kept.into());
            }
            index = end;
        }
    }
}

/// Emphasis, strong, strikethrough or a link ending at `end`, as raw tags
/// that carry the attributes.
fn wrap_inline(out: &mut [Event<'_>], end: usize, attributes: &[Attribute]) -> bool {
    let Some(start) = matching_start(out, end) else {
        return false;
    };
    let (open, close) = match out.get(start) {
        Some(Event::Start(Tag::Emphasis)) => (
            format!("<em{}>", render(Vec::new(), attributes)),
            "</em>".to_owned(),
        ),
        Some(Event::Start(Tag::Strong)) => (
            format!("<strong{}>", render(Vec::new(), attributes)),
            "</strong>".to_owned(),
        ),
        Some(Event::Start(Tag::Strikethrough)) => (
            format!("<del{}>", render(Vec::new(), attributes)),
            "</del>".to_owned(),
        ),
        Some(Event::Start(Tag::Link {
            dest_url, title, ..
        })) => {
            let mut href = String::new();
            let _ = pulldown_cmark_escape::escape_href(&mut href, dest_url);
            let mut existing = vec![("href".to_owned(), href_unescaped(&href))];
            if !title.is_empty() {
                existing.push(("title".to_owned(), title.to_string()));
            }
            (
                format!("<a{}>", render(existing, attributes)),
                "</a>".to_owned(),
            )
        }
        _ => return false,
    };
    if let Some(slot) = out.get_mut(start) {
        *slot = Event::InlineHtml(open.into());
    }
    if let Some(slot) = out.get_mut(end) {
        *slot = Event::InlineHtml(close.into());
    }
    true
}

/// `escape_href` escapes `&` for HTML; [`render`] escapes attributes itself.
fn href_unescaped(href: &str) -> String {
    href.replace("&amp;", "&")
}

/// An image ending at `end` (its alt text the events inside) as one tag
/// with the attributes; where the image's events end.
fn image(out: &mut Vec<Event<'_>>, end: usize, attributes: &[Attribute]) -> Option<usize> {
    let start = matching_start(out, end)?;
    let Some(Event::Start(Tag::Image {
        dest_url, title, ..
    })) = out.get(start)
    else {
        return None;
    };
    let mut alt = String::new();
    for event in out.get(start + 1..end).unwrap_or_default() {
        match event {
            Event::Text(text) | Event::Code(text) => alt.push_str(text),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    let mut existing = vec![
        ("src".to_owned(), dest_url.to_string()),
        ("alt".to_owned(), alt),
    ];
    if !title.is_empty() {
        existing.push(("title".to_owned(), title.to_string()));
    }
    let html = format!("<img{} />", render(existing, attributes));
    if let Some(slot) = out.get_mut(start) {
        *slot = Event::InlineHtml(html.into());
    }
    // The alt text's events are in the tag now.
    for slot in out.get_mut(start + 1..=end).into_iter().flatten() {
        *slot = Event::Text("".into());
    }
    Some(end)
}

/// An image kbgen wrote with its file's width and height, given the
/// author's attributes: a width or height of the author's replaces both
/// of kbgen's, so the picture keeps its proportions.
fn sized_image_with(html: &str, attributes: &[Attribute]) -> String {
    let sizes_given = attributes
        .iter()
        .any(|(name, _)| name == "width" || name == "height");
    let body = html
        .trim_start_matches("<img")
        .trim_end_matches("/>")
        .trim_end_matches('>');
    let mut existing = Vec::new();
    let mut rest = body.trim();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_owned();
        let value_start = eq + 2;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value = rest[value_start..value_start + value_len]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        if !(sizes_given && (name == "width" || name == "height")) {
            existing.push((name, value));
        }
        rest = rest[value_start + value_len + 1..].trim_start();
    }
    format!("<img{} />", render(existing, attributes))
}

fn apply_blocks(out: &mut Vec<Event<'_>>) {
    let mut index = out.len();
    while index > 0 {
        index -= 1;
        let closes_text = matches!(
            out.get(index),
            Some(Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)))
        );
        if !closes_text {
            continue;
        }
        // The block's last line: its text after the last soft break.
        let Some(Event::Text(line)) = out.get(index.wrapping_sub(1)) else {
            continue;
        };
        if !matches!(out.get(index.wrapping_sub(2)), Some(Event::SoftBreak)) {
            continue;
        }
        let Some(attributes) = whole_line(line) else {
            continue;
        };
        let (start, end) = match out.get(index) {
            Some(Event::Start(Tag::List(_))) => {
                // The item the list is nested in.
                let Some(item) = matching_start(out, index) else {
                    continue;
                };
                (item, None)
            }
            _ => match matching_start(out, index) {
                Some(start) => (start, Some(index)),
                None => continue,
            },
        };
        let (open, close) = match out.get(start) {
            Some(Event::Start(Tag::Paragraph)) => ("p", "</p>\n"),
            Some(Event::Start(Tag::Item)) => ("li", "</li>\n"),
            _ => continue,
        };
        let html = format!("<{open}{}>", render(Vec::new(), &attributes));
        // The attribute line and the break before it go (as empty text,
        // so no later event moves).
        for slot in out.get_mut(index - 2..index).into_iter().flatten() {
            *slot = Event::Text("".into());
        }
        if let Some(end) = end
            && let Some(slot) = out.get_mut(end)
        {
            *slot = Event::Html(close.into());
        }
        if open == "li" && end.is_none() {
            // Closed further on: find this item's end.
            if let Some(item_end) = item_end(out, start)
                && let Some(slot) = out.get_mut(item_end)
            {
                *slot = Event::Html(close.into());
            }
        }
        if let Some(slot) = out.get_mut(start) {
            *slot = Event::Html(html.into());
        }
        index = start;
    }
}

/// The `End(Item)` matching the item opened at `start`.
fn item_end(out: &[Event<'_>], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (index, event) in out.iter().enumerate().skip(start + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Item) if depth == 0 => return Some(index),
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_like_python_markdown() {
        let (attrs, rest) = scan("#id .a .b key=v data-x=\"a b\" t='q' hidden");
        assert_eq!(rest, "");
        assert_eq!(
            render(Vec::new(), &attrs),
            " id=\"id\" class=\"a b\" key=\"v\" data-x=\"a b\" t=\"q\" hidden"
        );
        assert_eq!(scan(".a = b").1, "");
        assert!(whole_line("{: .x }").is_some());
        assert!(whole_line("{ .x }  ").is_some());
        assert!(whole_line("{}").is_none());
        assert!(whole_line("{ }").is_none());
    }

    #[test]
    fn an_inline_list_leaves_the_rest_of_the_text() {
        let (attrs, kept) = at_start("{: .b } more").expect("list");
        assert_eq!(attrs, vec![(".".to_owned(), Some("b".to_owned()))]);
        assert_eq!(kept, " more");
        assert!(at_start("{ not closed").is_none());
    }
}
