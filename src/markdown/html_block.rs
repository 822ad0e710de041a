//! CommonMark's HTML blocks, as far as a pass over lines needs them: which
//! line starts one and which ends it. Inside one, the lines are the
//! author's HTML, where no markdown marker counts (as in Python-Markdown,
//! which leaves raw HTML alone).

/// How an open HTML block ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlBlockEnd {
    /// On the first line holding this text (comments, `<pre>`, `<script>`…).
    Containing(&'static str),
    /// Before the next blank line.
    BlankLine,
    /// On the line that starts it (`<!-- a note -->`).
    ThisLine,
}

impl HtmlBlockEnd {
    /// Whether `line`, inside the block, is its last.
    pub fn ends_at(self, line: &str) -> bool {
        match self {
            HtmlBlockEnd::Containing(end) => contains_ignoring_case(line, end),
            HtmlBlockEnd::BlankLine => false,
            HtmlBlockEnd::ThisLine => true,
        }
    }
}

/// The elements whose start or end tag opens a block that ends at a blank
/// line (CommonMark's condition 6).
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The elements whose content is raw up to their end tag (condition 1).
const RAW_ELEMENTS: [(&str, &str); 4] = [
    ("pre", "</pre>"),
    ("script", "</script>"),
    ("style", "</style>"),
    ("textarea", "</textarea>"),
];

/// How the HTML block that `rest` (a line without its indentation of up
/// to three columns) starts ends, when it starts one. `interrupts`: the
/// line follows a paragraph's, which only conditions 1–6 may interrupt.
pub fn html_block_start(rest: &str, interrupts: bool) -> Option<HtmlBlockEnd> {
    let after = rest.strip_prefix('<')?;
    if let Some(comment) = after.strip_prefix("!--") {
        return Some(ends_on_its_line(comment, "-->"));
    }
    if after.starts_with('?') {
        return Some(ends_on_its_line(after, "?>"));
    }
    if let Some(cdata) = after.strip_prefix("![CDATA[") {
        return Some(ends_on_its_line(cdata, "]]>"));
    }
    if after
        .strip_prefix('!')
        .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return Some(ends_on_its_line(after, ">"));
    }
    let closing = after.starts_with('/');
    let name_text = after.trim_start_matches('/');
    let name_len = name_text
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(name_text.len());
    let name = name_text.get(..name_len)?.to_ascii_lowercase();
    let following = name_text.get(name_len..).unwrap_or("");
    let ends_name = following.is_empty() || following.starts_with([' ', '\t', '>']);
    if !closing
        && ends_name
        && let Some((_, end)) = RAW_ELEMENTS.iter().find(|(raw, _)| *raw == name)
    {
        return Some(ends_on_its_line(following, end));
    }
    if BLOCK_ELEMENTS.contains(&name.as_str()) && (ends_name || following.starts_with("/>")) {
        return Some(HtmlBlockEnd::BlankLine);
    }
    // Condition 7: any other complete tag alone on its line.
    let alone = !interrupts
        && !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.trim_end().ends_with('>')
        && !rest.get(1..).unwrap_or("").contains('<');
    alone.then_some(HtmlBlockEnd::BlankLine)
}

/// A block ending at `end`, or on its first line when `end` is already
/// there (`rest`: that line after the block's opening).
fn ends_on_its_line(rest: &str, end: &'static str) -> HtmlBlockEnd {
    match contains_ignoring_case(rest, end) {
        true => HtmlBlockEnd::ThisLine,
        false => HtmlBlockEnd::Containing(end),
    }
}

fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.to_ascii_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_follow_commonmark() {
        assert_eq!(
            html_block_start("<div>", true),
            Some(HtmlBlockEnd::BlankLine)
        );
        assert_eq!(
            html_block_start("</DIV>", true),
            Some(HtmlBlockEnd::BlankLine)
        );
        assert_eq!(
            html_block_start("<hr/>", true),
            Some(HtmlBlockEnd::BlankLine)
        );
        assert_eq!(
            html_block_start("<pre class=\"x\">", true),
            Some(HtmlBlockEnd::Containing("</pre>"))
        );
        assert_eq!(
            html_block_start("<!-- note -->", true),
            Some(HtmlBlockEnd::ThisLine)
        );
        assert_eq!(
            html_block_start("<!-- open", true),
            Some(HtmlBlockEnd::Containing("-->"))
        );
        assert_eq!(
            html_block_start("<span>", false),
            Some(HtmlBlockEnd::BlankLine)
        );
        assert_eq!(html_block_start("<span>", true), None);
        assert_eq!(html_block_start("<span>text</span> more", false), None);
        assert_eq!(html_block_start("<divider>", true), None);
        assert_eq!(html_block_start("a <div>", false), None);
        assert_eq!(html_block_start("<", false), None);
    }

    #[test]
    fn a_containing_block_ends_at_its_text() {
        let end = HtmlBlockEnd::Containing("</pre>");
        assert!(!end.ends_at("code"));
        assert!(end.ends_at("x</PRE>"));
        assert!(HtmlBlockEnd::ThisLine.ends_at("anything"));
        assert!(!HtmlBlockEnd::BlankLine.ends_at("</div>"));
    }
}
