//! Block rewrites for Python-Markdown compatibility, done on lines before
//! pulldown-cmark parses the text:
//!
//! - MkDocs admonitions (`!!! type "title"`, `???`/`???+` details), as
//!   Python-Markdown's `admonition` and `pymdownx.details` render them;
//! - markdown inside HTML blocks marked `markdown="1"` (`md_in_html`);
//! - titles on GitHub alerts (`> [!NOTE] Title`), which pulldown-cmark only
//!   recognises without one: the title is taken off the line and kept by
//!   position, for the renderer to put in the alert's title bar.
//!
//! CommonMark has neither, so each admonition becomes an HTML wrapper around
//! its dedented body: the body stays markdown (code fences, lists, tables and
//! nested boxes all work) and the wrapper carries Python-Markdown's exact
//! classes. A `markdown="1"` element gets blank lines inside its tags so its
//! content is parsed as markdown. Because the rewrite moves text, it returns
//! a [`LineMap`] that takes any offset in the rewritten text back to the
//! original file, so diagnostics keep their lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html_block::{HtmlBlockEnd, html_block_start};
use super::syntax::Syntax;
use super::tabs::{self, TabHead, TabMarker};
use crate::escape::{html_attribute, html_text};

/// The rewritten markdown and the way back to the original offsets.
#[derive(Debug, Clone)]
pub struct Rewritten {
    pub text: String,
    pub map: LineMap,
    /// Rendered titles of GitHub alerts, by the original offset of their `>`.
    pub alert_titles: BTreeMap<usize, String>,
    /// Every admonition, outer before inner, in document order.
    pub admonitions: Vec<AdmonitionSource>,
    /// HTML elements the text holds a placeholder for ([`stashed`]).
    pub stash: Vec<String>,
}

/// An admonition as the author wrote it: what the short answer is taken from.
/// The body is kept as a place in the file, not a copy: nested boxes would
/// otherwise copy the same lines once per level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmonitionSource {
    /// The title as written (markdown), or the default title.
    pub title: String,
    /// The body's lines, as offsets in the original file.
    body_span: std::ops::Range<usize>,
    /// Columns of indentation the body loses (4 per nesting level).
    dedent: usize,
}

impl AdmonitionSource {
    /// The body, dedented: markdown. `original` is the text the offsets
    /// refer to (the whole file a page was rendered from).
    pub fn body(&self, original: &str) -> String {
        let text = original.get(self.body_span.clone()).unwrap_or("");
        let mut body = String::with_capacity(text.len());
        for raw in text.split_inclusive('\n') {
            let content = raw.strip_suffix('\n').unwrap_or(raw);
            let content = content.strip_suffix('\r').unwrap_or(content);
            let (indent, rest_start) = measure_indent(content);
            let rest = content.get(rest_start..).unwrap_or("");
            if !rest.trim().is_empty() {
                push_spaces(&mut body, indent.saturating_sub(self.dedent));
            }
            body.push_str(rest);
            body.push('\n');
        }
        body
    }
}

/// What the rewrite produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// HTML wrappers around markdown bodies, for rendering.
    Html,
    /// Plain markdown: each box becomes a block quote with a bold title.
    Markdown,
}

/// Maps byte offsets in rewritten text to byte offsets in the original.
#[derive(Debug, Clone, Default)]
pub struct LineMap {
    /// One entry per rewritten line: (start of its mapped part in the
    /// rewritten text, matching offset in the original), sorted.
    /// A synthetic line (one kbgen wrote) does not advance: all of it maps
    /// to the marker it stands for.
    entries: Vec<(usize, usize, bool)>,
}

impl LineMap {
    /// A map from its lines: (start in the rewritten text, offset in the
    /// original, whether the line is the original's byte for byte), sorted.
    pub(crate) fn from_entries(entries: Vec<(usize, usize, bool)>) -> Self {
        Self { entries }
    }

    /// The original offset of `offset` in the rewritten text.
    pub fn to_original(&self, offset: usize) -> usize {
        match self.entry_at(offset) {
            Some((out, original, true)) => original + (offset - out),
            Some((_, original, false)) => original,
            None => offset,
        }
    }

    fn entry_at(&self, offset: usize) -> Option<(usize, usize, bool)> {
        let index = self.entries.partition_point(|&(out, _, _)| out <= offset);
        index
            .checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .copied()
    }

    /// This map followed by `then`, which takes this map's originals further
    /// back (a rewrite of text that was itself made from a file). Both map
    /// whole lines, so composing line by line is exact.
    pub fn then(&self, then: &LineMap) -> LineMap {
        let entries = self
            .entries
            .iter()
            .map(|&(out, middle, exact)| {
                let exact_below = then.entry_at(middle).is_none_or(|(_, _, e)| e);
                (out, then.to_original(middle), exact && exact_below)
            })
            .collect();
        LineMap { entries }
    }
}

/// How a title is turned into HTML: the caller renders inline markdown.
pub type TitleRenderer<'a> = &'a dyn Fn(&str) -> String;

/// One input line, split into its leading indentation (in columns, tabs
/// expanded to 4) and the rest, which keeps its original position.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Where the line starts in the original.
    start: usize,
    indent: usize,
    rest: &'a str,
    /// Offset of `rest` in the original text.
    rest_at: usize,
    /// The untouched original line, when no indentation was removed.
    raw: Option<(&'a str, usize)>,
}

impl<'a> Line<'a> {
    fn is_blank(&self) -> bool {
        self.rest.trim().is_empty()
    }

    /// The line as a box `depth` levels deep sees it: 4 columns less
    /// indentation per level (blank lines have none).
    fn inside(&self, depth: usize) -> Line<'a> {
        if depth == 0 {
            return *self;
        }
        Line {
            indent: if self.is_blank() {
                0
            } else {
                self.indent.saturating_sub(4 * depth)
            },
            raw: None,
            ..*self
        }
    }
}

/// Rewrites every admonition in `text` (whose first byte is at `base` in the original file).
///
/// Boxes titled `answer_title` (the page's short answer) get the extra class
/// `kb-answer`, so themes can set the answer apart; `""` marks none.
pub fn rewrite(
    text: &str,
    base: usize,
    render_title: TitleRenderer<'_>,
    answer_title: &str,
    syntax: Syntax,
) -> Rewritten {
    run(text, base, render_title, Style::Html, answer_title, syntax)
}

/// The markdown with every admonition turned into a block quote headed by
/// its bold title: the same content in markdown any reader understands
/// (for `llms-full.txt`).
pub fn normalise_admonitions(text: &str, syntax: Syntax) -> String {
    run(
        text,
        0,
        &|title| title.to_owned(),
        Style::Markdown,
        "",
        syntax,
    )
    .text
}

fn run(
    text: &str,
    base: usize,
    render_title: TitleRenderer<'_>,
    style: Style,
    answer_title: &str,
    syntax: Syntax,
) -> Rewritten {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let (indent, rest_start) = measure_indent(content);
        lines.push(Line {
            start: base + offset,
            indent,
            rest: content.get(rest_start..).unwrap_or(""),
            rest_at: base + offset + rest_start,
            raw: Some((content, base + offset)),
        });
        offset += raw.len();
    }
    let mut out = Output {
        style,
        answer_title: answer_title.trim().to_owned(),
        syntax,
        ..Output::default()
    };
    process(&lines, &mut out, render_title, 0, 0);
    Rewritten {
        text: out.text,
        map: LineMap { entries: out.map },
        alert_titles: out.alert_titles,
        admonitions: out.admonitions,
        stash: out.stash,
    }
}

struct Output {
    style: Style,
    /// Title of the boxes to mark as the short answer (empty: none).
    answer_title: String,
    /// Block-quote nesting in [`Style::Markdown`].
    quote_depth: usize,
    text: String,
    map: Vec<(usize, usize, bool)>,
    alert_titles: BTreeMap<usize, String>,
    admonitions: Vec<AdmonitionSource>,
    syntax: Syntax,
    /// Tab sets opened so far: their inputs are named by number.
    tab_sets: usize,
    /// The column of a definition's `:` the next line kbgen writes opens
    /// (the line of a box that starts a definition).
    colon_at: Option<usize>,
    /// HTML elements being read inside one another.
    element_depth: usize,
    /// What is left of the page's budget for scanning elements.
    element_budget: usize,
    /// Elements written as one placeholder line each (a blank line inside
    /// them would end CommonMark's HTML block).
    stash: Vec<String>,
}

impl Default for Output {
    fn default() -> Self {
        Self {
            style: Style::Html,
            answer_title: String::new(),
            quote_depth: 0,
            text: String::new(),
            map: Vec::new(),
            alert_titles: BTreeMap::new(),
            admonitions: Vec::new(),
            syntax: Syntax::default(),
            tab_sets: 0,
            colon_at: None,
            element_depth: 0,
            element_budget: ELEMENT_SCAN_BUDGET,
            stash: Vec::new(),
        }
    }
}

impl Output {
    fn quote_prefix(&mut self) {
        for _ in 0..self.quote_depth {
            self.text.push_str("> ");
        }
    }

    fn line(&mut self, line: &Line<'_>) {
        self.quote_prefix();
        match line.raw {
            Some((raw, at)) => {
                self.map.push((self.text.len(), at, true));
                self.text.push_str(raw);
            }
            None => {
                push_spaces(&mut self.text, line.indent);
                self.map.push((self.text.len(), line.rest_at, true));
                self.text.push_str(line.rest);
            }
        }
        self.text.push('\n');
    }

    /// `line` with a space put in `at` bytes into its text (`#Title` →
    /// `# Title`); each side maps to where it was.
    fn line_with_space_at(&mut self, line: &Line<'_>, at: usize) {
        self.quote_prefix();
        push_spaces(&mut self.text, line.indent);
        let (head, tail) = line.rest.split_at(at.min(line.rest.len()));
        self.map.push((self.text.len(), line.rest_at, true));
        self.text.push_str(head);
        self.text.push(' ');
        self.map
            .push((self.text.len(), line.rest_at + head.len(), true));
        self.text.push_str(tail);
        self.text.push('\n');
    }

    /// A line that starts with HTML Python-Markdown reads as text, after
    /// [`INLINE_SENTINEL`].
    fn inline_line(&mut self, line: &Line<'_>) {
        self.quote_prefix();
        push_spaces(&mut self.text, line.indent);
        self.map.push((self.text.len(), line.rest_at, false));
        self.text.push(INLINE_SENTINEL);
        self.map.push((self.text.len(), line.rest_at, true));
        self.text.push_str(line.rest);
        self.text.push('\n');
    }

    /// A line of a span element's content, after [`SPAN_SENTINEL`].
    fn span_line(&mut self, line: &Line<'_>) {
        self.quote_prefix();
        self.map.push((self.text.len(), line.rest_at, false));
        self.text.push(SPAN_SENTINEL);
        push_spaces(&mut self.text, line.indent);
        self.map.push((self.text.len(), line.rest_at, true));
        self.text.push_str(line.rest);
        self.text.push('\n');
    }

    /// A line kbgen wrote; it maps to the start of the marker it stands for.
    fn synthetic(&mut self, indent: usize, text: &str, original: usize) {
        self.quote_prefix();
        self.map.push((self.text.len(), original, false));
        match self.colon_at.take().filter(|&colon| colon < indent) {
            Some(colon) => {
                push_spaces(&mut self.text, colon);
                self.text.push(':');
                push_spaces(&mut self.text, indent - colon - 1);
            }
            None => push_spaces(&mut self.text, indent),
        }
        self.text.push_str(text);
        self.text.push('\n');
    }
}

fn push_spaces(text: &mut String, count: usize) {
    text.extend(std::iter::repeat_n(' ', count));
}

/// Columns of leading whitespace and the byte where the rest starts.
fn measure_indent(line: &str) -> (usize, usize) {
    let mut columns = 0;
    for (at, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, at),
        }
    }
    (columns, line.len())
}

/// An open fenced code block: its character, length and indentation.
#[derive(Clone, Copy)]
struct Fence {
    marker: char,
    len: usize,
    indent: usize,
}

fn fence_open(rest: &str, indent: usize) -> Option<Fence> {
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.chars().take_while(|c| *c == marker).count();
    if len < 3 {
        return None;
    }
    // A backtick fence's info string may not hold backticks.
    if marker == '`' && rest.get(len..).is_some_and(|info| info.contains('`')) {
        return None;
    }
    Some(Fence {
        marker,
        len,
        indent,
    })
}

/// Whether `rest`, indented by `indent`, closes `fence`: a run of its
/// character at least as long, nothing after it, and indented less than
/// four columns past the opening (deeper, it is a line of the code, such as
/// a fence in a markdown example).
fn fence_closes(fence: Fence, rest: &str, indent: usize) -> bool {
    let len = rest.chars().take_while(|c| *c == fence.marker).count();
    indent < fence.indent + 4
        && len >= fence.len
        && rest
            .get(len * fence.marker.len_utf8()..)
            .is_some_and(|t| t.trim().is_empty())
}

/// The list items open at a line of a body, by the column their content
/// starts at (innermost last): a box or tab marker may start one of their
/// blocks as it may start one of the body's.
#[derive(Default)]
struct OpenLists {
    contents: Vec<usize>,
    after_blank: bool,
}

impl OpenLists {
    /// Takes in the next line of the body (`in_code`: inside a fence).
    fn see(&mut self, line: &Line<'_>, in_code: bool) {
        if line.is_blank() {
            self.after_blank = true;
            return;
        }
        if in_code {
            return;
        }
        let item = list_item_content(line.rest, line.indent);
        // A line less indented than an item's content ends the item after
        // a blank line or when it starts an item itself; else it is a lazy
        // continuation of the item's paragraph.
        if self.after_blank || item.is_some() {
            while self.contents.last().is_some_and(|&c| c > line.indent) {
                self.contents.pop();
            }
        }
        if let Some(content) = item {
            self.contents.push(content);
        }
        self.after_blank = false;
    }

    /// Whether a line `indent` columns in may start a block that allows
    /// up to three columns of indentation (an HTML block, a fence).
    fn may_start_block(&self, indent: usize, base: usize) -> bool {
        (base..base + 4).contains(&indent)
            || self
                .contents
                .iter()
                .any(|&content| (content..content + 4).contains(&indent))
    }

    /// Whether a line `indent` columns in starts a block: at the body's
    /// column or within the first three columns of an open item's content.
    fn starts_block(&self, indent: usize, base: usize) -> bool {
        indent == base
            || self
                .contents
                .iter()
                .any(|&content| (content..content + 4).contains(&indent))
    }
}

/// The column a list item's content starts at, when `rest` (at `indent`)
/// opens one: `-`, `*`, `+`, `:`, or up to nine digits and `.` or `)`, then a
/// space, a tab or the end of the line. Thematic breaks open none.
fn list_item_content(rest: &str, indent: usize) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = match rest.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        // A definition's content is indented like an item's.
        Some(b':') if digits == 0 => 1,
        Some(&c @ (b'-' | b'*' | b'+')) if digits == 0 => {
            let is_break = rest.bytes().filter(|&b| b == c).count() >= 3
                && rest.bytes().all(|b| b == c || b == b' ' || b == b'\t');
            if is_break {
                return None;
            }
            1
        }
        _ => return None,
    };
    let after = rest.get(marker_len..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let (spaces, _) = measure_indent(after);
    let gap = if after.trim().is_empty() || spaces > 4 {
        1
    } else {
        spaces
    };
    Some(indent + marker_len + gap)
}

/// How many `#`s start a heading written without a space after them
/// (`#Title`), which Python-Markdown reads as a heading and CommonMark not.
fn tight_heading(rest: &str) -> Option<usize> {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let next = rest.get(hashes..)?.chars().next()?;
    ((1..=6).contains(&hashes) && !matches!(next, ' ' | '\t' | '#')).then_some(hashes)
}

/// The content of a definition line (`:   text`) as a line of its own,
/// at the column it starts.
fn definition_content<'a>(line: &Line<'a>) -> Option<Line<'a>> {
    let after = line.rest.strip_prefix(':')?;
    let content_column = list_item_content(line.rest, line.indent)?;
    let (_, content_start) = measure_indent(after);
    let content = after.get(content_start..)?;
    (!content.is_empty()).then(|| Line {
        indent: content_column,
        rest: content,
        rest_at: line.rest_at + 1 + content_start,
        raw: None,
        ..*line
    })
}

/// `rest` (which starts `column` columns into its line) with its tabs
/// turned into spaces to the next multiple of four, as Python-Markdown
/// reads every line.
fn expand_tabs(rest: &str, column: usize) -> std::borrow::Cow<'_, str> {
    if !rest.contains('\t') {
        return rest.into();
    }
    let mut expanded = String::with_capacity(rest.len() + 8);
    let mut at = column;
    for c in rest.chars() {
        if c == '\t' {
            let width = 4 - at % 4;
            push_spaces(&mut expanded, width);
            at += width;
        } else {
            expanded.push(c);
            at += 1;
        }
    }
    expanded.into()
}

/// How deeply admonitions nest before further markers are left as text:
/// far beyond real use, and it bounds the work and the stack on hostile input.
pub const MAX_NESTING: usize = 32;

/// Rewrites `lines`, the body of a box `depth` levels deep (0: the page),
/// whose blocks start `base` columns in (as the body sees its lines).
/// Nested bodies are slices of the same lines, seen through
/// [`Line::inside`], so nesting costs no copies.
fn process(
    lines: &[Line<'_>],
    out: &mut Output,
    render_title: TitleRenderer<'_>,
    depth: usize,
    base: usize,
) {
    let mut fence: Option<Fence> = None;
    let mut lists = OpenLists::default();
    let mut html_block: Option<HtmlBlockEnd> = None;
    let mut after_text = false;
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let line = &line.inside(depth);
        let follows_text = std::mem::replace(&mut after_text, !line.is_blank());
        lists.see(line, fence.is_some() || html_block.is_some());
        if let Some(open) = fence {
            if fence_closes(open, line.rest, line.indent) {
                fence = None;
            }
            out.line(line);
            index += 1;
            continue;
        }
        if let Some(end) = html_block {
            if line.is_blank() && end == HtmlBlockEnd::BlankLine {
                html_block = None;
            } else {
                if end.ends_at(line.rest) {
                    html_block = None;
                }
                out.line(line);
                index += 1;
                continue;
            }
        }
        if let Some(opened) = fence_open(line.rest, line.indent) {
            fence = Some(opened);
            out.line(line);
            index += 1;
            continue;
        }
        if let Some((kept, title)) = split_alert_title(line.rest) {
            out.alert_titles.insert(line.rest_at, render_title(title));
            let shortened = Line {
                rest: kept,
                raw: None,
                ..*line
            };
            out.line(&shortened);
            index += 1;
            continue;
        }
        if depth < MAX_NESTING
            && let Some(quoted) = quoted_lines(lines, index, depth, out.syntax)
        {
            out.quote_depth += 1;
            process(&quoted, out, render_title, depth + 1, 0);
            out.quote_depth -= 1;
            index += quoted.len();
            continue;
        }
        if lists.may_start_block(line.indent, base)
            && let Some(mut next) = html_element(line, lines, index + 1, out, render_title, depth)
        {
            // What follows an element's end tag on its line starts a block
            // of its own, which may be another element.
            while let Some(tail) = next.tail.take() {
                out.synthetic(0, "", tail.rest_at);
                match html_element(&tail, lines, next.index, out, render_title, depth) {
                    Some(after) => next = after,
                    None if out.syntax.python_raw_html && is_python_text(tail.rest, true) => {
                        out.inline_line(&tail);
                    }
                    None => out.line(&tail),
                }
            }
            index = next.index;
            continue;
        }
        // Python-Markdown reads any other tag starting a line as text
        // with inline HTML in it, where CommonMark would start an HTML block.
        if out.syntax.python_raw_html
            && lists.may_start_block(line.indent, base)
            && is_python_text(line.rest, follows_text)
        {
            out.inline_line(line);
            index += 1;
            continue;
        }
        if lists.may_start_block(line.indent, base)
            && let Some(end) = html_block_start(line.rest, follows_text)
        {
            html_block = (end != HtmlBlockEnd::ThisLine).then_some(end);
            out.line(line);
            index += 1;
            continue;
        }
        // Python-Markdown sees a marker only where a block starts: at the
        // body's own column or a list item's (deeper, it is code; a little
        // deeper, text), and with its tabs expanded.
        let starts_block = lists.starts_block(line.indent, base);
        if out.syntax.headings_without_space
            && starts_block
            && let Some(hashes) = tight_heading(line.rest)
        {
            out.line_with_space_at(line, hashes);
            index += 1;
            continue;
        }
        if depth < MAX_NESTING
            && starts_block
            && let Some(style) = out.syntax.tabbed
            && let Some(first) = tabs::parse_tab_marker(line.rest)
        {
            index = tab_set(lines, index, first, depth, out, render_title, style);
            continue;
        }
        // A box may also start a definition (`:   !!! note`): it then
        // stands at the definition's content column.
        let in_definition = (starts_block && out.syntax.def_list && out.style == Style::Html)
            .then(|| definition_content(line))
            .flatten();
        let colon_at = in_definition.map(|_| line.indent);
        let line = &in_definition.unwrap_or(*line);
        let marker_text = expand_tabs(line.rest, line.indent);
        let Some(marker) =
            parse_marker(&marker_text).filter(|_| depth < MAX_NESTING && starts_block)
        else {
            let original = lines.get(index).map(|l| l.inside(depth));
            out.line(original.as_ref().unwrap_or(line));
            index += 1;
            continue;
        };
        let last_content = body_end(lines, index, line.indent + 4, depth);
        let body: &[Line<'_>] = lines.get(index + 1..=last_content).unwrap_or(&[]);
        let body_span = match (body.first(), body.last()) {
            (Some(first), Some(last)) => first.start..last.rest_at + last.rest.len(),
            _ => 0..0,
        };
        out.admonitions.push(AdmonitionSource {
            title: marker
                .title
                .map_or_else(|| marker.default_title(), str::to_owned),
            body_span,
            dedent: 4 * (depth + 1) + line.indent,
        });
        if out.style == Style::Markdown {
            // In this style the quote depth is the nesting depth.
            let title = marker
                .title
                .map_or_else(|| marker.default_title(), str::to_owned);
            write_titled_quote(&title, body, line, out, render_title, depth + 1);
            index = last_content + 1;
            continue;
        }
        out.colon_at = colon_at;
        write_open(&marker, line, out, render_title);
        if !body.is_empty() {
            out.synthetic(0, "", line.rest_at);
            process(body, out, render_title, depth + 1, line.indent);
            out.synthetic(0, "", line.rest_at);
        }
        out.synthetic(line.indent, marker.close_tag(), line.rest_at);
        out.synthetic(0, "", line.rest_at);
        index = last_content + 1;
    }
}

/// Where reading goes on after an HTML element: the next line, and what
/// followed the element's end tag on its last line.
struct AfterElement<'a> {
    index: usize,
    tail: Option<Line<'a>>,
}

/// Stands first on each line of a `markdown="span"` element's content,
/// so that no line starts a block and the content is one paragraph, which
/// loses its `<p>` ([`is_span_paragraph`]). A space to CommonMark (Ogham
/// space mark, never typed in a page), taken out of the text afterwards.
pub(crate) const SPAN_SENTINEL: char = '\u{1680}';

/// Stands first on a line Python-Markdown reads as text although it starts
/// with a tag (`</div>` alone, `<img …>`), so that CommonMark does not start
/// an HTML block there. A space to CommonMark (medium mathematical space),
/// taken out of the text afterwards.
pub(crate) const INLINE_SENTINEL: char = '\u{205f}';

/// Whether the paragraph starting at `source[at..]` is a span element's content.
pub fn is_span_paragraph(source: &str, at: usize) -> bool {
    source
        .get(at..)
        .is_some_and(|rest| rest.starts_with(SPAN_SENTINEL))
}

/// How many bytes of its elements' text a page may have scanned for end
/// tags: unclosed elements each scan to the end of the page.
const ELEMENT_SCAN_BUDGET: usize = 64 * 1024 * 1024;

/// The block-level HTML element that `line` starts, written out as
/// Python-Markdown reads it (`following`: the lines after `line`, from
/// `from`): with `md_in_html`, an element with a `markdown` attribute
/// has its content read as markdown (blocks or one span) and loses the
/// attribute; with Python-Markdown's raw HTML, any other element is the
/// author's HTML up to its end tag, blank lines and all. `None`: not such
/// an element, which CommonMark then reads.
fn html_element<'a>(
    line: &Line<'a>,
    following: &[Line<'a>],
    from: usize,
    out: &mut Output,
    render_title: TitleRenderer<'_>,
    depth: usize,
) -> Option<AfterElement<'a>> {
    use super::html_elements::{Content, element_end, markup_end, markup_start, start_tag};
    if !(out.syntax.md_in_html || out.syntax.python_raw_html) || out.element_depth >= MAX_NESTING {
        return None;
    }
    let markup = markup_start(line.rest).filter(|_| out.syntax.python_raw_html);
    let tag = match markup {
        Some((len, _)) => super::html_elements::StartTag {
            name: String::new(),
            len,
            without_markdown: line.rest.get(..len).unwrap_or("").to_owned(),
            markdown: None,
            is_void: false,
        },
        None => start_tag(line.rest)?,
    };
    // Without md_in_html, a `markdown` attribute is the author's HTML too.
    let tag = match tag.markdown.is_some() && !out.syntax.md_in_html {
        true => super::html_elements::StartTag {
            without_markdown: line.rest.get(..tag.len).unwrap_or("").to_owned(),
            markdown: None,
            ..tag
        },
        false => tag,
    };
    let content = match tag.markdown.filter(|_| out.syntax.md_in_html) {
        Some(content) => content,
        None if out.syntax.python_raw_html => Content::Raw,
        None => return None,
    };
    let view = |k: usize| following.get(k).map(|l| l.inside(depth));
    // Where the element ends: (line, byte), line 0 being `line` itself.
    let ends = if tag.is_void {
        Some(super::html_elements::ElementEnd {
            content_end: (0, tag.len),
            end: (0, tag.len),
        })
    } else {
        // Read lazily: an element usually ends within a few lines.
        let rests = || {
            std::iter::once(line.rest).chain(
                (from..following.len())
                    .filter_map(|k| following.get(k).map(|l| l.inside(depth).rest)),
            )
        };
        let found = match markup {
            Some((_, end_text)) => markup_end(rests(), tag.len, end_text, &mut out.element_budget),
            None => element_end(
                rests(),
                tag.len,
                &tag.name,
                content != Content::Raw,
                &mut out.element_budget,
            ),
        };
        // An unclosed element runs to the end of the page (an unclosed
        // comment is text), unless the page's scanning budget ran out.
        match found {
            None if out.element_budget == 0 || markup.is_some() => return None,
            None => {
                let last_line = following.len().saturating_sub(from);
                let last_len = rests().last().map_or(0, str::len);
                Some(super::html_elements::ElementEnd {
                    content_end: (last_line, usize::MAX),
                    end: (last_line, last_len),
                })
            }
            found => found,
        }
    };
    let line_at = |n: usize| -> Option<Line<'a>> {
        match n {
            0 => Some(*line),
            n => view(from + n - 1),
        }
    };
    let last_line = ends.map_or(0, |end| end.end.0);
    let content_end = ends.map_or((0, tag.len), |e| e.content_end);
    // The element's content as lines (the first and last maybe partial),
    // each at the indentation `process` expects of lines `depth` deep.
    let mut inner: Vec<Line<'a>> = Vec::new();
    for n in 0..=last_line.min(content_end.0) {
        let Some(whole) = line_at(n) else { break };
        let from_byte = if n == 0 { tag.len } else { 0 };
        let to_byte = if n == content_end.0 {
            content_end.1.min(whole.rest.len())
        } else {
            whole.rest.len()
        };
        let piece = whole.rest.get(from_byte..to_byte).unwrap_or("");
        if (n == 0 || n == content_end.0) && piece.trim().is_empty() {
            continue;
        }
        let (spaces, text_start) = measure_indent(piece);
        inner.push(Line {
            start: whole.start,
            // The first piece stands where the element does.
            indent: 4 * depth + if n == 0 { line.indent } else { whole.indent } + spaces,
            rest: piece.get(text_start..).unwrap_or(""),
            rest_at: whole.rest_at + from_byte + text_start,
            raw: None,
        });
    }
    let closing_at = line_at(content_end.0).map_or(line.rest_at, |l| {
        l.rest_at + content_end.1.min(l.rest.len())
    });
    match (content, out.style) {
        (Content::Raw, _) => write_raw_element(line, &tag, ends, out, &line_at),
        (_, Style::Markdown) => {
            out.element_depth += 1;
            process(&inner, out, render_title, depth, line.indent);
            out.element_depth -= 1;
        }
        (Content::Blocks, Style::Html) => {
            out.synthetic(line.indent, &tag.without_markdown, line.rest_at);
            out.synthetic(0, "", line.rest_at);
            out.element_depth += 1;
            process(&inner, out, render_title, depth, line.indent);
            out.element_depth -= 1;
            out.synthetic(0, "", closing_at);
            out.synthetic(line.indent, &format!("</{}>", tag.name), closing_at);
            out.synthetic(0, "", closing_at);
        }
        (Content::Span, Style::Html) => {
            out.synthetic(line.indent, &tag.without_markdown, line.rest_at);
            out.synthetic(0, "", line.rest_at);
            for piece in &inner {
                out.span_line(&piece.inside(depth));
            }
            if !inner.is_empty() {
                out.synthetic(0, "", closing_at);
            }
            out.synthetic(line.indent, &format!("</{}>", tag.name), closing_at);
            out.synthetic(0, "", closing_at);
        }
    }
    let tail = ends.and_then(|end| {
        let last = line_at(end.end.0)?;
        let rest = last.rest.get(end.end.1..)?;
        let (_, text_start) = measure_indent(rest);
        let rest = rest.get(text_start..).filter(|r| !r.trim().is_empty())?;
        Some(Line {
            start: last.start,
            indent: 4 * depth,
            rest,
            rest_at: last.rest_at + end.end.1 + text_start,
            raw: None,
        })
    });
    Some(AfterElement {
        index: from + last_line,
        tail,
    })
}

/// An element Python-Markdown keeps as the author's HTML: its lines as
/// written (the start tag without a `markdown` attribute), kept one HTML
/// block (a blank line inside would end CommonMark's), then a blank line,
/// as Python-Markdown ends the element's block there.
fn write_raw_element<'a>(
    line: &Line<'a>,
    tag: &super::html_elements::StartTag,
    ends: Option<super::html_elements::ElementEnd>,
    out: &mut Output,
    line_at: &dyn Fn(usize) -> Option<Line<'a>>,
) {
    let Some(end) = ends else { return };
    // Each line of the element, and where on it the element stops.
    let pieces = || {
        (0..=end.end.0).map_while(|n| {
            let whole = line_at(n)?;
            let to = if n == end.end.0 {
                end.end.1
            } else {
                whole.rest.len()
            };
            Some((n, whole, to))
        })
    };
    let mut html = String::new();
    for (n, whole, to) in pieces() {
        if n == 0 {
            html.push_str(&tag.without_markdown);
            html.push_str(whole.rest.get(tag.len..to).unwrap_or(""));
        } else {
            push_spaces(&mut html, whole.indent);
            html.push_str(whole.rest.get(..to).unwrap_or(""));
        }
        html.push('\n');
    }
    // Inside markdown content, a raw element's tags lose their `markdown`
    // attributes too (Python-Markdown ignores them there).
    let stripped = (out.element_depth > 0)
        .then(|| super::html_elements::strip_markdown_attributes(&html))
        .flatten();
    let changed = tag.markdown.is_some() || stripped.is_some();
    if let Some(stripped) = stripped {
        html = stripped;
    }
    let blank_inside = html.lines().any(|l| l.trim().is_empty());
    // The markdown style (llms-full.txt) keeps the lines as written: its
    // text is read by people and models, not by CommonMark's HTML blocks.
    if out.style == Style::Markdown || (!blank_inside && !changed) {
        for (_, whole, to) in pieces() {
            out.line(&Line {
                rest: whole.rest.get(..to).unwrap_or(""),
                raw: None,
                ..whole
            });
        }
    } else {
        let number = out.stash.len();
        out.stash.push(html);
        out.synthetic(line.indent, &stash_placeholder(number), line.rest_at);
    }
    out.synthetic(0, "", line.rest_at);
}

/// Whether a line starting with `rest` (not an element Python-Markdown
/// keeps as HTML) would start an HTML block for CommonMark where
/// Python-Markdown reads text: another element's tag, an unclosed
/// comment, or a block-level element's end tag inside a paragraph.
fn is_python_text(rest: &str, in_paragraph: bool) -> bool {
    html_block_start(rest, false).is_some()
        && match super::html_elements::inline_tag_start(rest) {
            Some(block_end) => !block_end || in_paragraph,
            None => rest.starts_with("<!") || rest.starts_with("<?"),
        }
}

/// The line that stands for the `number`th stashed element.
pub fn stash_placeholder(number: usize) -> String {
    format!("<!--kbgen-stash-{number}-->")
}

/// The stashed element an HTML block of only a placeholder stands for.
pub fn stashed(html: &str, stash: &[String]) -> Option<String> {
    let number = html
        .trim()
        .strip_prefix("<!--kbgen-stash-")?
        .strip_suffix("-->")?
        .parse::<usize>()
        .ok()?;
    stash.get(number).cloned()
}

/// The block quote starting at `lines[index]`, its lines without their
/// `>`, when it holds a box or tab marker: its content is rewritten like
/// the page's, and written back quoted. Quotes without one are left as
/// they are (GitHub alerts among them). The lines are made to be seen
/// `depth + 1` deep, as a box's body is.
fn quoted_lines<'a>(
    lines: &[Line<'a>],
    index: usize,
    depth: usize,
    syntax: Syntax,
) -> Option<Vec<Line<'a>>> {
    let mut quoted = Vec::new();
    for line in lines.get(index..).unwrap_or(&[]) {
        let seen = line.inside(depth);
        let Some(after) = seen.rest.strip_prefix('>').filter(|_| seen.indent < 4) else {
            break;
        };
        let after_marker = after.strip_prefix(' ').unwrap_or(after);
        let (indent, start) = measure_indent(after_marker);
        let skipped = seen.rest.len() - after_marker.len() + start;
        quoted.push(Line {
            start: line.start,
            indent: indent + 4 * (depth + 1),
            rest: after_marker.get(start..).unwrap_or(""),
            rest_at: seen.rest_at + skipped,
            raw: None,
        });
    }
    let is_marker = |rest: &str| {
        let rest = rest.trim_start_matches(['>', ' ']);
        parse_marker(rest).is_some()
            || (syntax.tabbed.is_some() && tabs::parse_tab_marker(rest).is_some())
    };
    let alert = quoted
        .first()
        .is_some_and(|first| first.rest.starts_with("[!"));
    (!alert && quoted.iter().any(|line| is_marker(line.rest))).then_some(quoted)
}

/// The last line of the body of the block whose marker is `lines[index]`:
/// what follows it indented by `body_indent` or more, blank lines between
/// included (`index` itself when nothing is).
fn body_end(lines: &[Line<'_>], index: usize, body_indent: usize, depth: usize) -> usize {
    let mut end = index + 1;
    let mut last_content = index;
    while let Some(next) = lines.get(end) {
        if next.is_blank() {
            end += 1;
            continue;
        }
        if next.inside(depth).indent < body_indent {
            break;
        }
        last_content = end;
        end += 1;
    }
    last_content
}

/// One tab of a set being written: where its marker and body are.
struct TabSource<'a> {
    marker: TabMarker<'a>,
    line: Line<'a>,
    /// `lines[body]` is the tab's body.
    body: std::ops::Range<usize>,
}

/// Writes the set of tabs starting at `lines[index]` and returns the index
/// after it. A set is the tabs that follow one another with only blank
/// lines between, at one indentation, until a marker with `!` starts a new one.
fn tab_set<'a>(
    lines: &[Line<'a>],
    index: usize,
    first: TabMarker<'a>,
    depth: usize,
    out: &mut Output,
    render_title: TitleRenderer<'_>,
    style: super::syntax::Tabbed,
) -> usize {
    let Some(first_line) = lines.get(index).map(|l| l.inside(depth)) else {
        return index + 1;
    };
    let mut tabs = Vec::new();
    let mut at = index;
    let mut marker = first;
    let after = loop {
        let Some(line) = lines.get(at).map(|l| l.inside(depth)) else {
            break at;
        };
        let last = body_end(lines, at, line.indent + 4, depth);
        tabs.push(TabSource {
            marker,
            line,
            body: at + 1..last + 1,
        });
        let mut next = last + 1;
        while lines.get(next).is_some_and(Line::is_blank) {
            next += 1;
        }
        let following = lines.get(next).map(|l| l.inside(depth)).and_then(|l| {
            let marker = tabs::parse_tab_marker(l.rest)?;
            (l.indent == first_line.indent && !marker.new_set).then_some(marker)
        });
        match following {
            Some(found) => {
                marker = found;
                at = next;
            }
            None => break last + 1,
        }
    };
    if out.style == Style::Markdown {
        for tab in &tabs {
            let body = lines.get(tab.body.clone()).unwrap_or(&[]);
            write_titled_quote(
                tab.marker.label,
                body,
                &tab.line,
                out,
                render_title,
                depth + 1,
            );
        }
        return after;
    }
    out.tab_sets += 1;
    let set = out.tab_sets;
    // The last tab marked `+` is the one shown; else the first.
    let checked = tabs.iter().rposition(|t| t.marker.selected).unwrap_or(0);
    let heads: Vec<TabHead> = tabs
        .iter()
        .enumerate()
        .map(|(number, tab)| TabHead {
            label_html: render_title(&python_escapes(tab.marker.label)),
            id: format!("__tabbed_{set}_{}", number + 1),
        })
        .collect();
    let (indent, at) = (first_line.indent, first_line.rest_at);
    if style.alternate_style {
        for html in tabs::alternate_open(set, &heads, checked) {
            out.synthetic(indent, &html, at);
        }
    } else {
        out.synthetic(indent, &tabs::classic_set_open(set, heads.len()), at);
    }
    for (number, (tab, head)) in tabs.iter().zip(&heads).enumerate() {
        let at = tab.line.rest_at;
        if style.alternate_style {
            out.synthetic(indent, "<div class=\"tabbed-block\">", at);
        } else {
            out.synthetic(
                indent,
                &tabs::classic_tab_open(set, head, number == checked),
                at,
            );
        }
        let body = lines.get(tab.body.clone()).unwrap_or(&[]);
        if !body.is_empty() {
            out.synthetic(0, "", at);
            process(body, out, render_title, depth + 1, indent);
            out.synthetic(0, "", at);
        }
        out.synthetic(indent, "</div>", at);
    }
    if style.alternate_style {
        out.synthetic(indent, "</div>", at);
    }
    out.synthetic(indent, "</div>", at);
    out.synthetic(0, "", at);
    after
}

/// `> [!NOTE] Title` → (`> [!NOTE]`, `Title`), for the five GitHub alert kinds.
fn split_alert_title(rest: &str) -> Option<(&str, &str)> {
    let after_quote = rest.strip_prefix('>')?;
    let marker_start = rest.len() - after_quote.trim_start_matches(' ').len();
    let marker = rest.get(marker_start..)?;
    let close = marker.find(']')?;
    let kind = marker.get(..close)?.strip_prefix("[!")?;
    if !["note", "tip", "important", "warning", "caution"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(kind))
    {
        return None;
    }
    let title = marker.get(close + 1..)?.trim();
    if title.is_empty() {
        return None;
    }
    Some((rest.get(..marker_start + close + 1)?, title))
}

/// [`Style::Markdown`]: a block quote headed by its bold title, holding
/// the body (`depth`: the body's).
fn write_titled_quote(
    title: &str,
    body: &[Line<'_>],
    line: &Line<'_>,
    out: &mut Output,
    render_title: TitleRenderer<'_>,
    depth: usize,
) {
    out.quote_depth += 1;
    if !title.is_empty() {
        out.synthetic(
            line.indent,
            &format!("**{}**", render_title(title)),
            line.rest_at,
        );
        if !body.is_empty() {
            out.synthetic(0, "", line.rest_at);
        }
    }
    process(body, out, render_title, depth, line.indent);
    out.quote_depth -= 1;
    out.synthetic(0, "", line.rest_at);
}

fn write_open(
    marker: &Marker<'_>,
    line: &Line<'_>,
    out: &mut Output,
    render_title: TitleRenderer<'_>,
) {
    // Python-Markdown lower-cases the type and classes (`!!! Note` → `note`).
    let mut classes = marker.classes.join(" ").to_lowercase();
    if !out.answer_title.is_empty()
        && marker
            .title
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(&out.answer_title))
    {
        classes.push_str(" kb-answer");
    }
    let title_html = match marker.title {
        Some(title) => render_title(&python_escapes(title)),
        None => html_text(&marker.default_title()),
    };
    let mut open = String::new();
    match marker.kind {
        MarkerKind::Admonition => {
            let _ = write!(
                open,
                "<div class=\"admonition {}\">",
                html_attribute(&classes)
            );
            out.synthetic(line.indent, &open, line.rest_at);
            if marker.title != Some("") {
                out.synthetic(
                    line.indent,
                    &format!("<p class=\"admonition-title\">{title_html}</p>"),
                    line.rest_at,
                );
            }
        }
        MarkerKind::Details { open: is_open } => {
            open.push_str("<details");
            if !classes.is_empty() {
                let _ = write!(open, " class=\"{}\"", html_attribute(&classes));
            }
            if is_open {
                open.push_str(" open=\"open\"");
            }
            open.push('>');
            out.synthetic(line.indent, &open, line.rest_at);
            // A summary is what a reader clicks and what a screen reader
            // names: an empty title (`??? note ""`) gets the default one.
            let summary = if marker.title.is_some_and(|t| t.trim().is_empty()) {
                html_text(&marker.default_title())
            } else {
                title_html
            };
            out.synthetic(
                line.indent,
                &format!("<summary>{summary}</summary>"),
                line.rest_at,
            );
        }
    }
}

/// The characters a backslash escapes in Python-Markdown; before any
/// other (`\"` in a quoted title), the backslash is shown.
const PYTHON_MARKDOWN_ESCAPES: &str = "\\`*_{}[]()>#+-.!";

/// A quoted title (`!!! note "…"`, `=== "…"`) made ready for CommonMark:
/// its backslashes read as Python-Markdown reads them, since the title is
/// written for it.
fn python_escapes(title: &str) -> std::borrow::Cow<'_, str> {
    if !title.contains('\\') {
        return title.into();
    }
    let mut out = String::with_capacity(title.len() + 4);
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '\\' {
            continue;
        }
        match chars.peek() {
            Some(&next) if PYTHON_MARKDOWN_ESCAPES.contains(next) => {
                out.push(next);
                chars.next();
            }
            Some(next) if next.is_ascii_punctuation() => out.push('\\'),
            _ => {}
        }
    }
    out.into()
}

/// Python's `str.capitalize`: first character upper-cased, the rest lower-cased.
fn python_capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Admonition,
    Details { open: bool },
}

/// A parsed `!!! type extra "title"` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker<'a> {
    kind: MarkerKind,
    classes: Vec<&'a str>,
    /// `None` when no title was written; `Some("")` for `""`, which hides it.
    title: Option<&'a str>,
}

impl Marker<'_> {
    /// Python-Markdown's title when none is written: the type, capitalised.
    fn default_title(&self) -> String {
        python_capitalize(self.classes.first().copied().unwrap_or(""))
    }

    fn close_tag(&self) -> &'static str {
        match self.kind {
            MarkerKind::Admonition => "</div>",
            MarkerKind::Details { .. } => "</details>",
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Recognises a marker line the way Python-Markdown's regular expressions do:
/// `!!!` or `???`/`???+`, at most one space, classes separated by spaces,
/// then an optional quoted title, then nothing but spaces.
fn parse_marker(rest: &str) -> Option<Marker<'_>> {
    let (kind, after) = if let Some(after) = rest.strip_prefix("!!!") {
        (MarkerKind::Admonition, after)
    } else if let Some(after) = rest.strip_prefix("???+") {
        (MarkerKind::Details { open: true }, after)
    } else if let Some(after) = rest.strip_prefix("???") {
        (MarkerKind::Details { open: false }, after)
    } else {
        return None;
    };
    let after = after.trim_end_matches([' ', '\r']);
    let after = after.strip_prefix(' ').unwrap_or(after);
    // Split off a trailing quoted title: the first `"` after the classes to the final `"`.
    let (class_text, title) = match after.find('"') {
        Some(quote) => {
            let title_part = after.get(quote..)?;
            if title_part.len() < 2 || !title_part.ends_with('"') {
                return None;
            }
            let class_text = after.get(..quote)?;
            if !class_text.is_empty() && !class_text.ends_with(' ') {
                return None;
            }
            (
                class_text.trim_end(),
                Some(title_part.get(1..title_part.len() - 1)?),
            )
        }
        None => (after, None),
    };
    let classes: Vec<&str> = class_text.split(' ').filter(|c| !c.is_empty()).collect();
    if classes.iter().any(|c| !c.chars().all(is_word_char)) {
        return None;
    }
    if classes.is_empty() && (kind == MarkerKind::Admonition || title.is_none()) {
        return None;
    }
    if class_text.starts_with(' ') {
        return None;
    }
    Some(Marker {
        kind,
        classes,
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_title(title: &str) -> String {
        title.to_owned()
    }

    fn run(text: &str) -> Rewritten {
        rewrite(text, 0, &plain_title, "", Syntax::default())
    }

    #[test]
    fn the_answer_box_is_marked() {
        let out = rewrite(
            "!!! info \"In short\"\n    Yes.\n",
            0,
            &plain_title,
            "In short",
            Syntax::default(),
        );
        assert!(
            out.text
                .starts_with("<div class=\"admonition info kb-answer\">"),
            "{}",
            out.text
        );
    }

    #[test]
    fn markers_follow_python_markdown() {
        let marker = parse_marker("!!! danger highlight \"Custom *title*\"");
        assert_eq!(
            marker,
            Some(Marker {
                kind: MarkerKind::Admonition,
                classes: vec!["danger", "highlight"],
                title: Some("Custom *title*")
            })
        );
        assert!(parse_marker("!!!note").is_some());
        assert!(parse_marker("!!! note \"\"").is_some_and(|m| m.title == Some("")));
        assert!(parse_marker("??? \"Only title\"").is_some());
        assert!(parse_marker("!!! \"no type\"").is_none());
        assert!(parse_marker("!!!").is_none());
        assert!(parse_marker("!!! note trailing text with \"quote").is_none());
        assert!(parse_marker("!!!  note").is_none());
    }

    #[test]
    fn body_is_dedented_and_wrapped() {
        let out = run("!!! note\n    Body.\n\nAfter.\n");
        assert_eq!(
            out.text,
            "<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n\nBody.\n\n</div>\n\n\nAfter.\n"
        );
    }

    #[test]
    fn offsets_map_back_through_dedent() {
        let text = "Intro\n\n!!! note\n    See [x](x.md).\n";
        let out = run(text);
        let at = out.text.find("[x]").unwrap_or(0);
        assert_eq!(out.map.to_original(at), text.find("[x]").unwrap_or(1));
    }

    #[test]
    fn nested_offsets_map_back() {
        let text = "!!! note\n    !!! tip\n        Deep [y](y.md)\n";
        let out = run(text);
        let at = out.text.find("[y]").unwrap_or(0);
        assert_eq!(out.map.to_original(at), text.find("[y]").unwrap_or(1));
    }

    #[test]
    fn markers_inside_code_fences_are_left_alone() {
        let text = "```\n!!! note\n    not a box\n```\n";
        assert_eq!(run(text).text, text);
        // A fence shown inside a markdown example does not close the example.
        let example =
            "```markdown\n=== \"A\"\n\n    ```sh\n    ls\n    ```\n\n=== \"B\"\n    b\n```\n";
        assert_eq!(run(example).text, example);
    }

    #[test]
    fn markdown_in_html_is_opened_up() {
        let out = run("<div class=\"toc\" markdown=\"1\">\n## Contents\n- [a](#a)\n</div>\n");
        assert_eq!(
            out.text,
            "<div class=\"toc\">\n\n## Contents\n- [a](#a)\n\n</div>\n\n"
        );
        // One line, nested, with a tail after the end tag.
        let out = run("<div markdown><p markdown>*a*</p></div>tail\n");
        assert_eq!(
            out.text,
            "<div>\n\n<p>\n\n\u{1680}*a*\n\n</p>\n\n\n</div>\n\n\ntail\n"
        );
    }

    #[test]
    fn alert_titles_are_kept_by_position() {
        let out = run("Text\n\n> [!TIP] Use *this*\n> Body.\n");
        assert_eq!(out.text, "Text\n\n> [!TIP]\n> Body.\n");
        assert_eq!(
            out.alert_titles.get(&6).map(String::as_str),
            Some("Use *this*")
        );
        assert_eq!(split_alert_title("> [!NOTE]"), None);
        assert_eq!(split_alert_title("> [!OTHER] x"), None);
    }

    #[test]
    fn admonitions_are_recorded_in_order() {
        let text = "!!! info \"In short\"\n    The `answer`.\n\n    !!! tip\n        Inner.\n";
        let out = run(text);
        let titles: Vec<&str> = out.admonitions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["In short", "Tip"]);
        assert!(
            out.admonitions
                .first()
                .is_some_and(|a| a.body(text).starts_with("The `answer`.\n"))
        );
    }

    #[test]
    fn normalised_admonitions_are_quotes() {
        assert_eq!(
            normalise_admonitions(
                "!!! info \"In short\"\n    The answer.\n\n    More.\nAfter.\n",
                Syntax::default()
            ),
            "> **In short**\n> \n> The answer.\n> \n> More.\n\nAfter.\n"
        );
        // Raw HTML with blank lines stays as written there, not a placeholder.
        let raw = Syntax {
            python_raw_html: true,
            ..Syntax::default()
        };
        let text = "<div>\na\n\nb\n</div>\n";
        assert_eq!(
            normalise_admonitions(text, raw),
            "<div>\na\n\nb\n</div>\n\n"
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let text: String = (0..100)
            .map(|i| format!("{}!!! note\n", "    ".repeat(i)))
            .collect();
        let out = run(&text);
        assert_eq!(out.admonitions.len(), MAX_NESTING);
        assert_eq!(
            out.text.matches("<div class=\"admonition note\">").count(),
            MAX_NESTING
        );
    }

    #[test]
    fn an_empty_collapsible_title_gets_the_default_one() {
        let out = run("??? example \"\"\n    Hidden body.\n");
        assert!(
            out.text.contains("<summary>Example</summary>"),
            "{}",
            out.text
        );
        let out = run("!!! note \"\"\n    Body.\n");
        assert!(!out.text.contains("admonition-title"), "{}", out.text);
    }

    #[test]
    fn title_backslashes_read_as_python_markdown_reads_them() {
        assert_eq!(python_escapes("plain"), "plain");
        assert_eq!(python_escapes("Say \\\"hi\\\""), "Say \\\\\"hi\\\\\"");
        assert_eq!(python_escapes("\\*not em\\*"), "\\*not em\\*");
        assert_eq!(python_escapes("a \\ b \\\\"), "a \\ b \\\\");
    }

    #[test]
    fn python_capitalize_lowers_the_rest() {
        assert_eq!(python_capitalize("customThing"), "Customthing");
    }
}
