//! Block-level HTML elements as Python-Markdown reads them: an element
//! whose start tag begins a line runs to its matching end tag, across
//! blank lines, and what follows its end tag starts a new block. With
//! `md_in_html`, a `markdown` attribute opens its content to markdown:
//! as blocks (`div`, `section`…) or as a line of text (`p`, `li`, `td`…).

/// Python-Markdown's block-level elements (`markdown.util.BLOCK_LEVEL_ELEMENTS`).
const BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "canvas",
    "colgroup",
    "dd",
    "body",
    "dt",
    "group",
    "html",
    "iframe",
    "li",
    "legend",
    "math",
    "map",
    "noscript",
    "output",
    "object",
    "option",
    "progress",
    "script",
    "style",
    "summary",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "tr",
    "video",
    "center",
];

/// Block-level elements whose content `markdown="1"` reads as a line of text.
const SPAN_CONTENT: &[&str] = &[
    "address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary",
    "td", "th",
];

/// Elements whose content is never markdown.
const RAW_CONTENT: &[&str] = &[
    "canvas", "math", "option", "pre", "script", "style", "textarea",
];

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How an element's content is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// As blocks of markdown.
    Blocks,
    /// As one run of inline markdown.
    Span,
    /// As the author's HTML.
    Raw,
}

/// A block-level start tag at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    pub name: String,
    /// Bytes of the line the tag takes.
    pub len: usize,
    /// The tag as written, without its `markdown` attribute.
    pub without_markdown: String,
    /// What the `markdown` attribute asks for; `None`: it has none.
    pub markdown: Option<Content>,
    pub is_void: bool,
}

/// The block-level start tag `rest` begins with, if any.
pub fn start_tag(rest: &str) -> Option<StartTag> {
    let after = rest.strip_prefix('<')?;
    let name_len = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let name = after.get(..name_len)?.to_ascii_lowercase();
    if !BLOCK_LEVEL.contains(&name.as_str()) {
        return None;
    }
    let len = 1 + tag_end(after)?;
    let tag = rest.get(..len)?;
    if !tag
        .get(1 + name_len..)
        .is_some_and(|t| t.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
    {
        return None;
    }
    let (without_markdown, value) = take_markdown_attribute(tag);
    // `markdown="0"` keeps the element as written, attribute and all.
    let without_markdown = match value.as_deref() {
        Some("0") => tag.to_owned(),
        _ => without_markdown,
    };
    let markdown = value.map(|value| match value.as_str() {
        _ if RAW_CONTENT.contains(&name.as_str()) => Content::Raw,
        "block" => Content::Blocks,
        "span" => Content::Span,
        "0" => Content::Raw,
        _ if SPAN_CONTENT.contains(&name.as_str()) => Content::Span,
        _ => Content::Blocks,
    });
    Some(StartTag {
        is_void: VOID.contains(&name.as_str()) || tag.ends_with("/>"),
        name,
        len,
        without_markdown,
        markdown,
    })
}

/// Comments, processing instructions, CDATA and the doctype, which
/// Python-Markdown keeps as they are when one starts a line: how many bytes
/// open it and the text that ends it.
pub fn markup_start(rest: &str) -> Option<(usize, &'static str)> {
    if rest.starts_with("<!--") {
        Some((4, "-->"))
    } else if rest.starts_with("<?") {
        Some((2, "?>"))
    } else if rest.starts_with("<![CDATA[") {
        Some((9, "]]>"))
    } else if rest
        .get(..9)
        .is_some_and(|open| open.eq_ignore_ascii_case("<!doctype"))
    {
        Some((9, ">"))
    } else {
        None
    }
}

/// Where the markup opened at `lines[0][..from]` ends with `end_text`.
pub fn markup_end<'s>(
    lines: impl IntoIterator<Item = &'s str>,
    from: usize,
    end_text: &str,
    budget: &mut usize,
) -> Option<ElementEnd> {
    for (line_index, line) in lines.into_iter().enumerate() {
        let start = if line_index == 0 { from } else { 0 };
        if let Some(found) = line.get(start..).and_then(|rest| rest.find(end_text)) {
            let end = start + found + end_text.len();
            spend(budget, end - start)?;
            return Some(ElementEnd {
                content_end: (line_index, end),
                end: (line_index, end),
            });
        }
        spend(budget, line.len() + 1 - start.min(line.len()))?;
    }
    None
}

/// Takes `cost` from `budget`; `None`, with the budget emptied, when it
/// does not cover it.
fn spend(budget: &mut usize, cost: usize) -> Option<()> {
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            Some(())
        }
        None => {
            *budget = 0;
            None
        }
    }
}

/// Whether `rest` starts with a tag of an element Python-Markdown does not
/// count as block-level (`<img …>`, `<span>`), or with an end tag (and
/// whether it is a block-level element's).
pub fn inline_tag_start(rest: &str) -> Option<bool> {
    let after = rest.strip_prefix('<')?;
    let closing = after.starts_with('/');
    let name: String = after
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let block = BLOCK_LEVEL.contains(&name.as_str());
    match (closing, block) {
        (true, block) => Some(block),
        (false, false) => Some(false),
        (false, true) => None,
    }
}

/// `html` with the `markdown` attribute taken out of every tag, as
/// Python-Markdown leaves raw elements inside markdown content.
pub fn strip_markdown_attributes(html: &str) -> Option<String> {
    if !html.contains("markdown") {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut changed = false;
    while let Some(open) = rest.find('<') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let from = rest.get(open..).unwrap_or("");
        let Some(len) = from.get(1..).and_then(tag_end).map(|end| end + 1) else {
            out.push_str(from);
            rest = "";
            break;
        };
        let tag = from.get(..len).unwrap_or("");
        let (kept, value) = take_markdown_attribute(tag);
        changed |= value.is_some();
        out.push_str(&kept);
        rest = from.get(len..).unwrap_or("");
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Where a tag that starts at `text[0]` (`<` taken off) ends: the byte
/// after its `>`, quoted values skipped.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(at + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// The tag without its `markdown` attribute, and the attribute's value
/// (`markdown` alone is `"1"`).
fn take_markdown_attribute(tag: &str) -> (String, Option<String>) {
    let lower = tag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower.get(search..).and_then(|rest| rest.find("markdown")) {
        let at = search + found;
        search = at + "markdown".len();
        let before = lower.get(..at).and_then(|b| b.chars().next_back());
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = tag.get(search..).unwrap_or("");
        let (value, used) = match after.strip_prefix('=') {
            Some(value) => match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value.get(1..).and_then(|v| v.find(q)) {
                    Some(end) => (value.get(1..1 + end).unwrap_or("").to_owned(), 2 + end + 1),
                    None => continue,
                },
                _ => {
                    let end = value
                        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                        .unwrap_or(value.len());
                    (value.get(..end).unwrap_or("").to_owned(), end + 1)
                }
            },
            None if after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') => {
                ("1".to_owned(), 0)
            }
            None => continue,
        };
        // The attribute goes with the space before it.
        let start = tag.get(..at).map_or(at, |b| b.trim_end().len());
        let mut kept = tag.get(..start).unwrap_or("").to_owned();
        kept.push_str(tag.get(search + used..).unwrap_or(""));
        return (kept, Some(value));
    }
    (tag.to_owned(), None)
}

/// Where an element ends, as (line, byte) positions in the lines given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElementEnd {
    /// Where its end tag starts: the end of its content.
    pub content_end: (usize, usize),
    /// The byte after its end tag.
    pub end: (usize, usize),
}

/// The end of the element `name` whose start tag ends at `lines[0][from]`:
/// tags are counted as Python-Markdown's parser counts them (an end tag
/// closes the innermost open element of its name and all inside it);
/// comments and script or style content hold no tags; in `markdown`
/// content, neither do code spans and fenced code. `None`: unclosed
/// within `budget` bytes (which the caller's whole page shares).
pub fn element_end<'s>(
    lines: impl IntoIterator<Item = &'s str>,
    from: usize,
    name: &str,
    markdown: bool,
    budget: &mut usize,
) -> Option<ElementEnd> {
    let mut open: Vec<String> = vec![name.to_owned()];
    // Inside a comment, or raw text up to an end tag (`</script>`).
    let mut skipping: Option<String> = None;
    // The fence of a code block the markdown content has open.
    let mut fence: Option<(u8, usize)> = None;
    let mut previous_cost = 0;
    for (line_index, line) in lines.into_iter().enumerate() {
        let start = if line_index == 0 { from } else { 0 };
        // A line read through costs its length; the line the element
        // ends on, what was read of it.
        if line_index > 0 {
            spend(budget, previous_cost)?;
        }
        previous_cost = line.len().saturating_sub(start) + 1;
        if markdown && line_index > 0 && skipping.is_none() {
            let trimmed = line.trim_start();
            let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            let run = marker.map_or(0, |m| trimmed.bytes().take_while(|b| *b == m).count());
            match (fence, marker) {
                (Some((open_marker, open_run)), Some(m))
                    if m == open_marker
                        && run >= open_run
                        && trimmed.get(run..).is_some_and(|r| r.trim().is_empty()) =>
                {
                    fence = None;
                    continue;
                }
                (Some(_), _) => continue,
                (None, Some(m)) if run >= 3 => {
                    fence = Some((m, run));
                    continue;
                }
                _ => {}
            }
        }
        let mut at = start;
        while let Some(found) = line.get(at..).and_then(|rest| rest.find('<')) {
            let tag_at = at + found;
            let rest = line.get(tag_at..).unwrap_or("");
            if let Some(until) = &skipping {
                match rest.to_ascii_lowercase().find(until.as_str()) {
                    Some(end) => {
                        at = tag_at + end + until.len();
                        skipping = None;
                    }
                    None => break,
                }
                continue;
            }
            // A code span of markdown content holds no tags.
            if markdown {
                let before = line.get(start..tag_at).unwrap_or("");
                if before.bytes().filter(|b| *b == b'`').count() % 2 == 1
                    && line.get(tag_at..).is_some_and(|r| r.contains('`'))
                {
                    at = tag_at + 1;
                    continue;
                }
            }
            if rest.starts_with("<!--") {
                match rest.get(4..).and_then(|r| r.find("-->")) {
                    Some(end) => at = tag_at + 4 + end + 3,
                    None => {
                        skipping = Some("-->".to_owned());
                        break;
                    }
                }
                continue;
            }
            let Some(len) = rest.get(1..).and_then(tag_end).map(|end| end + 1) else {
                at = tag_at + 1;
                continue;
            };
            let closing = rest.starts_with("</");
            let tag_name: String = rest
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            at = tag_at + len;
            if tag_name.is_empty() {
                continue;
            }
            if closing {
                if let Some(position) = open.iter().rposition(|n| *n == tag_name) {
                    open.truncate(position);
                }
                if open.is_empty() {
                    spend(budget, at.saturating_sub(start))?;
                    return Some(ElementEnd {
                        content_end: (line_index, tag_at),
                        end: (line_index, at),
                    });
                }
            } else if !VOID.contains(&tag_name.as_str())
                && !rest.get(..len).is_some_and(|tag| tag.ends_with("/>"))
            {
                if matches!(tag_name.as_str(), "script" | "style") {
                    let end_tag = format!("</{tag_name}");
                    match line
                        .get(at..)
                        .map(str::to_ascii_lowercase)
                        .and_then(|r| r.find(&end_tag))
                    {
                        Some(end) => at += end,
                        None => {
                            skipping = Some(end_tag);
                            break;
                        }
                    }
                }
                open.push(tag_name);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_tags_and_their_markdown_attribute() {
        let tag = start_tag("<div class=\"a\" markdown=\"1\">rest").expect("div");
        assert_eq!(tag.without_markdown, "<div class=\"a\">");
        assert_eq!((tag.len, tag.markdown), (28, Some(Content::Blocks)));
        let p = start_tag("<p markdown>*x*</p>").expect("p");
        assert_eq!(
            (p.without_markdown.as_str(), p.markdown),
            ("<p>", Some(Content::Span))
        );
        assert_eq!(
            start_tag("<div markdown='span'>").and_then(|t| t.markdown),
            Some(Content::Span)
        );
        assert_eq!(
            start_tag("<p markdown=\"block\">").and_then(|t| t.markdown),
            Some(Content::Blocks)
        );
        assert_eq!(
            start_tag("<pre markdown>").and_then(|t| t.markdown),
            Some(Content::Raw)
        );
        assert_eq!(
            start_tag("<div data-markdown=\"1\">").and_then(|t| t.markdown),
            None
        );
        assert!(start_tag("<hr>").is_some_and(|t| t.is_void));
        assert_eq!(start_tag("<span>"), None);
        assert_eq!(start_tag("<divx>"), None);
        assert_eq!(start_tag("<div title=\"a>b\">").map(|t| t.len), Some(17));
    }

    #[test]
    fn markdown_attributes_are_stripped_from_raw_html() {
        assert_eq!(
            strip_markdown_attributes(
                "<tr><td markdown=\"1\">*x*</td><td class=\"a\" markdown>y</td></tr>"
            )
            .as_deref(),
            Some("<tr><td>*x*</td><td class=\"a\">y</td></tr>")
        );
        assert_eq!(strip_markdown_attributes("<p>no attribute</p>"), None);
    }

    #[test]
    fn ends_are_matched_as_python_markdown_matches_them() {
        let mut budget = 1 << 20;
        let lines = ["<div><div>a</div>", "", "<!-- </div> -->", "b</div> tail"];
        let end = element_end(lines, 5, "div", false, &mut budget).expect("closed");
        assert_eq!(end.content_end, (3, 1));
        assert_eq!(end.end, (3, 7));
        // An end tag closes what is open inside it too.
        let end = element_end(["<div><p>x</div>"], 5, "div", false, &mut budget).expect("closed");
        assert_eq!(end.end, (0, 15));
        assert_eq!(
            element_end(["<div>", "x"], 5, "div", false, &mut budget),
            None
        );
        let script = ["<div><script>'</div>'</script></div>"];
        let end = element_end(script, 5, "div", false, &mut budget);
        assert_eq!(end.map(|e| e.end), Some((0, 36)));
        let mut small = 4;
        assert_eq!(
            element_end(["<div>", "a</div>"], 5, "div", false, &mut small),
            None
        );
        // Markdown content: tags in code spans and fences do not count.
        let content = [
            "<div markdown>",
            "`</div>` and",
            "```html",
            "</div>",
            "```",
            "</div>",
        ];
        let end = element_end(content, 14, "div", true, &mut budget);
        assert_eq!(end.map(|e| e.end), Some((5, 6)));
    }
}
