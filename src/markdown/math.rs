//! TeX math as pymdownx.arithmatex finds it: `$…$` and `\(…\)` inline,
//! `$$…$$`, `\[…\]` and `\begin{env}…\end{env}` as blocks of their own.
//!
//! Math has to be found before markdown is: `[y_0,y_1](x-x_0)` is a link
//! and `a*b*c` emphasis to a markdown parser. A first parse tells where the
//! paragraphs, headings and table cells are and where their code spans
//! are; each formula found in them is then overwritten, byte for byte, with
//! letters, which markdown leaves alone, so the real parse keeps every
//! offset of the text (and diagnostics their lines and columns).
//! [`MathEvents`] then puts the formulas back into the event stream as
//! [`Event::InlineMath`] and [`Event::DisplayMath`], holding the TeX.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::syntax::{Arithmatex, MathOutput};
use crate::escape::html_text;

/// A formula: where it is in the text, and its TeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathSpan {
    /// Delimiters included.
    pub range: Range<usize>,
    /// The TeX between the delimiters (for `\begin{env}`, with them).
    pub tex: String,
    /// A block of its own (`$$` alone in its paragraph), not inline.
    pub block: bool,
}

/// The text with every formula overwritten, and the formulas; `None` when
/// there is none.
pub fn protect(
    text: &str,
    settings: &Arithmatex,
    options: pulldown_cmark::Options,
) -> Option<(String, Vec<MathSpan>)> {
    if !text.contains('$')
        && !text.contains("\\(")
        && !text.contains("\\[")
        && !text.contains("\\begin{")
    {
        return None;
    }
    let leaves = leaves(text, options);
    let mut spans: Vec<MathSpan> = Vec::new();
    let mut covered_until = 0;
    for leaf in &leaves {
        if leaf.extent.start < covered_until {
            continue;
        }
        let Some(raw) = text.get(leaf.extent.clone()) else {
            continue;
        };
        if !raw.contains('$') && !raw.contains('\\') {
            continue;
        }
        let source = InlineSource::new(text, leaf);
        if leaf.can_be_block {
            if let Some(span) = block_math(text, leaf, &source, settings) {
                covered_until = span.range.end;
                spans.push(span);
                continue;
            }
        }
        spans.extend(inline_math(text, &source, settings));
    }
    if spans.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in &spans {
        for byte in bytes.get_mut(span.range.clone()).into_iter().flatten() {
            if *byte != b'\n' {
                *byte = b'M';
            }
        }
    }
    // Every byte of a span was replaced whole: the text is still UTF-8.
    let protected = String::from_utf8(bytes).ok()?;
    Some((protected, spans))
}

/// A run of inline content: a paragraph, a heading, a table cell or the
/// text of a tight list item.
#[derive(Debug)]
struct Leaf {
    extent: Range<usize>,
    /// Code spans and inline HTML: math neither starts nor ends inside.
    opaque: Vec<Range<usize>>,
    /// Block quotes around it: their `>` start its continuation lines.
    quote_depth: usize,
    /// A paragraph or a list item's text may be a display block.
    can_be_block: bool,
}

fn leaves(text: &str, options: pulldown_cmark::Options) -> Vec<Leaf> {
    let mut leaves = Vec::new();
    let mut current: Option<Leaf> = None;
    let mut quote_depth = 0usize;
    // Code blocks' text is theirs: no math there.
    let mut in_code = false;
    let flush = |current: &mut Option<Leaf>, leaves: &mut Vec<Leaf>| {
        if let Some(mut leaf) = current.take() {
            // An escape's text event starts after its backslash.
            if leaf.extent.start > 0 && text.as_bytes().get(leaf.extent.start - 1) == Some(&b'\\') {
                leaf.extent.start -= 1;
            }
            if !leaf.extent.is_empty() {
                leaves.push(leaf);
            }
        }
    };
    // The extent grows from nothing with each piece: start high, end low.
    let open = |can_be_block: bool, quote_depth: usize| Leaf {
        extent: Range {
            start: usize::MAX,
            end: 0,
        },
        opaque: Vec::new(),
        quote_depth,
        can_be_block,
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::Paragraph) => {
                flush(&mut current, &mut leaves);
                current = Some(open(true, quote_depth));
                continue;
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut leaves);
                // A setext heading's text starts its line: to arithmatex,
                // whose block test comes first, `$$` there opens a block
                // and the `===` under it is part of the formula.
                let line_start = text
                    .get(..range.start)
                    .and_then(|t| t.rfind('\n'))
                    .map_or(0, |n| n + 1);
                let setext = text
                    .get(line_start..range.start)
                    .is_some_and(|before| before.chars().all(|c| matches!(c, ' ' | '\t' | '>')))
                    && !text.get(range.start..).is_some_and(|t| t.starts_with('#'));
                current = Some(open(setext, quote_depth));
                continue;
            }
            Event::Start(Tag::TableCell | Tag::DefinitionListTitle) => {
                flush(&mut current, &mut leaves);
                current = Some(open(false, quote_depth));
                continue;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut current, &mut leaves);
                quote_depth += 1;
                continue;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut current, &mut leaves);
                quote_depth = quote_depth.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                flush(&mut current, &mut leaves);
                in_code = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                in_code = false;
                continue;
            }
            _ if in_code => continue,
            _ => {}
        }
        let inline = match &event {
            Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::FootnoteReference(_) => {
                Some(false)
            }
            Event::Start(tag) if super::render::is_inline_tag(tag) => Some(false),
            Event::End(end) if !super::render::ends_block(end) => Some(false),
            Event::Code(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => Some(true),
            Event::Html(_) if current.is_some() => Some(true),
            _ => None,
        };
        match inline {
            Some(opaque) => {
                let leaf = current.get_or_insert_with(|| open(true, quote_depth));
                leaf.extent.start = leaf.extent.start.min(range.start);
                leaf.extent.end = leaf.extent.end.max(range.end);
                if opaque {
                    leaf.opaque.push(range);
                }
            }
            None => flush(&mut current, &mut leaves),
        }
    }
    flush(&mut current, &mut leaves);
    leaves
}

/// A leaf's characters as Python-Markdown's inline patterns see them:
/// continuation lines without their block-quote markers and indentation,
/// each code span or HTML tag one placeholder.
struct InlineSource {
    chars: Vec<char>,
    /// The byte offset of each character in the text.
    at: Vec<usize>,
    /// The byte offset just past each character.
    end: Vec<usize>,
}

/// What stands for a code span or an HTML tag: math cannot hold one.
const OPAQUE: char = '\u{2}';

impl InlineSource {
    fn new(text: &str, leaf: &Leaf) -> Self {
        let mut source = InlineSource {
            chars: Vec::new(),
            at: Vec::new(),
            end: Vec::new(),
        };
        let mut offset = leaf.extent.start;
        let mut line_start = false;
        let mut opaque = leaf.opaque.iter().peekable();
        while offset < leaf.extent.end {
            if let Some(range) = opaque.peek() {
                if range.start <= offset {
                    let range = (*range).clone();
                    opaque.next();
                    if range.end > offset {
                        source.push(OPAQUE, range.start, range.end);
                        offset = range.end;
                        line_start = false;
                        continue;
                    }
                    continue;
                }
            }
            let Some(c) = text.get(offset..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let next = offset + c.len_utf8();
            if line_start {
                let mut quotes = 0;
                let mut at = offset;
                let bytes = text.as_bytes();
                while at < leaf.extent.end {
                    match bytes.get(at) {
                        Some(b' ' | b'\t') => at += 1,
                        Some(b'>') if quotes < leaf.quote_depth => {
                            quotes += 1;
                            at += 1;
                        }
                        _ => break,
                    }
                }
                line_start = false;
                if at != offset {
                    offset = at;
                    continue;
                }
            }
            source.push(c, offset, next);
            line_start = c == '\n';
            offset = next;
        }
        // A paragraph's range ends with its newline; Python's block has none.
        while source.chars.last().is_some_and(|c| c.is_whitespace()) {
            source.chars.pop();
            source.at.pop();
            source.end.pop();
        }
        source
    }

    fn push(&mut self, c: char, at: usize, end: usize) {
        self.chars.push(c);
        self.at.push(at);
        self.end.push(end);
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn text(&self, range: Range<usize>) -> String {
        self.chars.get(range).unwrap_or_default().iter().collect()
    }

    /// The text's byte range of characters `range`.
    fn bytes(&self, range: Range<usize>) -> Range<usize> {
        let start = self.at.get(range.start).copied().unwrap_or_default();
        let end = range
            .end
            .checked_sub(1)
            .and_then(|last| self.end.get(last))
            .copied()
            .unwrap_or(start);
        start..end
    }
}

/// Every inline formula of a leaf, left to right, as arithmatex's inline
/// pattern finds them.
fn inline_math(text: &str, source: &InlineSource, settings: &Arithmatex) -> Vec<MathSpan> {
    let mut spans = Vec::new();
    let mut i = 0;
    let len = source.chars.len();
    let mut dead_round = Vec::new();
    while i < len {
        // Looked up in the text: the backslash may be before the leaf.
        let escaped = source
            .at
            .get(i)
            .and_then(|at| at.checked_sub(1))
            .is_some_and(|before| text.as_bytes().get(before) == Some(&b'\\'));
        let found = match source.char(i) {
            Some('$') if settings.inline_dollar && !escaped => {
                dollar_inline(source, i, settings.smart_dollar)
            }
            Some('\\') if settings.inline_round && !escaped && source.char(i + 1) == Some('(') => {
                round_inline(source, i, &mut dead_round)
            }
            _ => None,
        };
        match found {
            Some((end, tex)) => {
                spans.push(MathSpan {
                    range: source.bytes(i..end),
                    tex,
                    block: false,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    spans
}

/// `$…$` from character `open`: the end (past the closing `$`) and the TeX.
fn dollar_inline(source: &InlineSource, open: usize, smart: bool) -> Option<(usize, String)> {
    let first = source.char(open + 1)?;
    if smart && first.is_whitespace() {
        return None;
    }
    let mut i = open + 1;
    loop {
        match source.char(i)? {
            '\\' => match source.char(i + 1)? {
                '\n' => return None,
                _ => i += 2,
            },
            '$' => {
                let empty = i == open + 1;
                let before_space = source.char(i - 1).is_some_and(char::is_whitespace);
                if empty || (smart && before_space) {
                    return None;
                }
                return Some((i + 1, source.text(open + 1..i)));
            }
            OPAQUE => return None,
            _ => i += 1,
        }
    }
}

/// `\(…\)` from character `open` (the backslash). `dead` marks the
/// characters a failed scan went through: a later scan that lands on one
/// fails the same way, so many unclosed `\(` cost linear time.
fn round_inline(
    source: &InlineSource,
    open: usize,
    dead: &mut Vec<bool>,
) -> Option<(usize, String)> {
    let mut i = open + 2;
    let mut visited = Vec::new();
    let found = loop {
        if dead.get(i).copied().unwrap_or(false) {
            break None;
        }
        visited.push(i);
        match source.char(i) {
            None | Some(OPAQUE) => break None,
            Some('\\') if source.char(i + 1) == Some(')') => {
                if i == open + 2 {
                    break None;
                }
                break Some((i + 2, source.text(open + 2..i)));
            }
            Some('\\') => {
                if source.char(i + 1).is_none() {
                    break None;
                }
                i += 2;
            }
            Some(_) => i += 1,
        }
    };
    if found.is_none() {
        if dead.len() < source.chars.len() + 2 {
            dead.resize(source.chars.len() + 2, false);
        }
        for at in visited {
            if let Some(slot) = dead.get_mut(at) {
                *slot = true;
            }
        }
    }
    found
}

/// A paragraph that is one display formula (arithmatex's block pattern:
/// the whole block, up to spaces at its end). A formula whose lines a
/// markdown parser reads as other blocks (`- x` in `$$ … $$`) runs on past
/// the paragraph to the next blank line, as Python-Markdown's block does.
fn block_math(
    text: &str,
    leaf: &Leaf,
    source: &InlineSource,
    settings: &Arithmatex,
) -> Option<MathSpan> {
    let whole = source.text(0..source.chars.len());
    if whole.contains(OPAQUE) {
        return None;
    }
    if let Some(tex) = block_tex(&whole, settings) {
        return Some(MathSpan {
            range: leaf.extent.start..source.bytes(0..source.chars.len()).end,
            tex,
            block: true,
        });
    }
    let opens = (settings.block_dollar && whole.starts_with("$$"))
        || (settings.block_square && whole.starts_with("\\["))
        || (settings.block_begin && whole.starts_with("\\begin{"));
    if !opens {
        return None;
    }
    // The lines after the paragraph, up to a blank one.
    let mut joined = whole;
    let mut end = source.bytes(0..source.chars.len()).end;
    let mut at = text.get(end..)?.find('\n').map(|n| end + n + 1)?;
    // A formula longer than this is no formula: the cap keeps many
    // unclosed `$$` from each scanning the rest of the page.
    let mut lines = 0;
    while at < text.len() && lines < MAX_BLOCK_LINES {
        lines += 1;
        let line_end = text.get(at..)?.find('\n').map_or(text.len(), |n| at + n);
        let line = text.get(at..line_end)?;
        let content = strip_prefix(line, leaf.quote_depth);
        if content.trim().is_empty() {
            break;
        }
        joined.push('\n');
        joined.push_str(content.trim_end_matches('\r'));
        end = line_end;
        at = line_end + 1;
    }
    let joined = joined.trim_end();
    block_tex(joined, settings).map(|tex| MathSpan {
        range: leaf.extent.start..end,
        tex,
        block: true,
    })
}

/// The most lines a display formula runs on past its paragraph.
const MAX_BLOCK_LINES: usize = 1000;

/// A line without the indentation and `>` markers that put it in its container.
fn strip_prefix(line: &str, quote_depth: usize) -> &str {
    let mut quotes = 0;
    let mut rest = line;
    loop {
        if let Some(r) = rest.strip_prefix([' ', '\t']) {
            rest = r;
        } else if quotes < quote_depth && rest.starts_with('>') {
            rest = &rest[1..];
            quotes += 1;
        } else {
            return rest;
        }
    }
}

/// The TeX of a block that is exactly one display formula, spaces after it allowed.
fn block_tex(block: &str, settings: &Arithmatex) -> Option<String> {
    let ends_here = |rest: &str| rest.chars().all(|c| c == ' ');
    if settings.block_dollar {
        if let Some(body) = block.strip_prefix("$$") {
            let mut chars = body.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '$' if at > 0
                        && body.get(at + 1..).is_some_and(|r| r.starts_with('$'))
                        && ends_here(body.get(at + 2..).unwrap_or_default()) =>
                    {
                        return Some(body.get(..at)?.to_owned());
                    }
                    _ => {}
                }
            }
        }
    }
    if settings.block_square {
        if let Some(body) = block.strip_prefix("\\[") {
            let mut chars = body.char_indices();
            while let Some((at, c)) = chars.next() {
                if c != '\\' {
                    continue;
                }
                match chars.next() {
                    Some((_, ']')) if at > 0 => {
                        if ends_here(body.get(at + 2..).unwrap_or_default()) {
                            return Some(body.get(..at)?.to_owned());
                        }
                    }
                    Some((_, ']')) | None => return None,
                    Some(_) => {}
                }
            }
        }
    }
    if settings.block_begin {
        if let Some(after) = block.strip_prefix("\\begin{") {
            let name_len = after.find('}')?;
            let name = after.get(..name_len)?;
            let plain = name.strip_suffix('*').unwrap_or(name);
            if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_lowercase()) {
                return None;
            }
            let closing = format!("\\end{{{name}}}");
            let body_start = "\\begin{".len() + name_len + 1;
            let mut search = body_start;
            let bytes = block.as_bytes();
            while search < block.len() {
                if bytes.get(search) == Some(&b'\\') {
                    if block.get(search..).is_some_and(|r| r.starts_with(&closing))
                        && search > body_start
                        && ends_here(block.get(search + closing.len()..).unwrap_or_default())
                    {
                        return Some(block.get(..search + closing.len())?.to_owned());
                    }
                    search += 2;
                    continue;
                }
                search += 1;
            }
        }
    }
    None
}

/// The formulas put back into pulldown-cmark's event stream.
pub struct MathEvents<'a> {
    inner: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    /// The protected text the events come from.
    source: &'a str,
    spans: Vec<MathSpan>,
    /// The first span not yet behind the stream.
    next: usize,
    /// The spans already given out.
    given: Vec<bool>,
    queue: VecDeque<(Event<'a>, Range<usize>)>,
}

impl std::fmt::Debug for MathEvents<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MathEvents")
            .field("spans", &self.spans)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<'a> MathEvents<'a> {
    pub fn new(source: &'a str, spans: Vec<MathSpan>, options: pulldown_cmark::Options) -> Self {
        let given = vec![false; spans.len()];
        Self {
            inner: Parser::new_ext(source, options).into_offset_iter(),
            source,
            spans,
            next: 0,
            given,
            queue: VecDeque::new(),
        }
    }

    fn event_for(&self, index: usize) -> Option<(Event<'a>, Range<usize>)> {
        let span = self.spans.get(index)?;
        let tex = span.tex.clone().into();
        let event = if span.block {
            Event::DisplayMath(tex)
        } else {
            Event::InlineMath(tex)
        };
        Some((event, span.range.clone()))
    }

    /// Text with formulas in it: the text around them and the formulas,
    /// each given out once even when it spans several events.
    fn split_text(&mut self, text: &str, range: Range<usize>) {
        let mut at = range.start;
        let mut index = self.next;
        while at < range.end {
            let Some(span) = self.spans.get(index) else {
                break;
            };
            if span.range.start >= range.end {
                break;
            }
            if span.range.end <= at {
                index += 1;
                continue;
            }
            if span.range.start > at {
                self.queue.push_back((
                    Event::Text(piece(text, range.start, at..span.range.start).into()),
                    at..span.range.start,
                ));
            }
            if !self.given.get(index).copied().unwrap_or(true) {
                if let Some(given) = self.given.get_mut(index) {
                    *given = true;
                }
                if let Some(event) = self.event_for(index) {
                    self.queue.push_back(event);
                }
            }
            at = span.range.end.min(range.end).max(at);
            if span.range.end <= range.end {
                index += 1;
            }
        }
        if at < range.end {
            self.queue.push_back((
                Event::Text(piece(text, range.start, at..range.end).into()),
                at..range.end,
            ));
        }
    }

    /// The span `offset` is inside, if any.
    fn span_at(&mut self, offset: usize) -> Option<usize> {
        while self
            .spans
            .get(self.next)
            .is_some_and(|span| span.range.end <= offset)
        {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .filter(|span| span.range.start <= offset)
            .map(|_| self.next)
    }
}

/// The part `part` (offsets in the text) of an event's text starting at `start`.
fn piece(text: &str, start: usize, part: Range<usize>) -> String {
    text.get(part.start - start..part.end - start)
        .unwrap_or_default()
        .to_owned()
}

impl<'a> Iterator for MathEvents<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.next_event()?;
        Some((super::def_list::restore_colons(event), range))
    }
}

impl<'a> MathEvents<'a> {
    fn next_event(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        loop {
            if let Some(queued) = self.queue.pop_front() {
                return Some(queued);
            }
            let (event, range) = self.inner.next()?;
            if self.spans.is_empty() {
                return Some((event, range));
            }
            let Some(index) = self.span_at(range.start) else {
                if let Event::Text(text) = &event {
                    // A formula may start inside this text.
                    let overlaps = self
                        .spans
                        .get(self.next)
                        .is_some_and(|span| span.range.start < range.end);
                    if overlaps && self.source.get(range.clone()) == Some(text.as_ref()) {
                        let text = text.to_string();
                        self.split_text(&text, range);
                        continue;
                    }
                }
                return Some((event, range));
            };
            let block = self.spans.get(index).is_some_and(|s| s.block);
            match event {
                // A paragraph that is one formula becomes the formula.
                Event::Start(Tag::Paragraph) if block => {
                    let mut depth = 0usize;
                    for (inner, _) in self.inner.by_ref() {
                        match inner {
                            Event::Start(Tag::Paragraph) => depth += 1,
                            Event::End(TagEnd::Paragraph) if depth == 0 => break,
                            Event::End(TagEnd::Paragraph) => depth -= 1,
                            _ => {}
                        }
                    }
                    if let Some(given) = self.given.get_mut(index) {
                        *given = true;
                    }
                    return self.event_for(index);
                }
                Event::Text(text) if self.source.get(range.clone()) == Some(text.as_ref()) => {
                    let text = text.to_string();
                    self.split_text(&text, range);
                }
                // Line breaks inside a formula are the formula's.
                Event::Text(_) | Event::SoftBreak | Event::HardBreak => {}
                other => return Some((other, range)),
            }
        }
    }
}

/// The converter, made once: its command tables are large.
static MATHML: LazyLock<Option<math_core::LatexToMathML>> =
    LazyLock::new(|| math_core::LatexToMathML::new(math_core::MathCoreConfig::default()).ok());

/// A formula as HTML: MathML the browser draws itself, or arithmatex's
/// generic markup (`\(…\)` in a span, `\[…\]` in a div) for MathJax or
/// KaTeX. When the TeX cannot be drawn, the generic markup and why, with
/// the byte range of the TeX at fault.
pub fn to_html(
    tex: &str,
    display: bool,
    output: MathOutput,
) -> (String, Option<(Range<usize>, String)>) {
    let (tag, open, close) = if display {
        ("div", "\\[", "\\]")
    } else {
        ("span", "\\(", "\\)")
    };
    let generic = format!(
        "<{tag} class=\"arithmatex\">{open}{}{close}</{tag}>",
        html_text(tex)
    );
    if output == MathOutput::Generic {
        return (generic, None);
    }
    let Some(converter) = MATHML.as_ref() else {
        return (generic, None);
    };
    let mode = if display {
        math_core::MathDisplay::Block
    } else {
        math_core::MathDisplay::Inline
    };
    match converter.convert_with_local_state(tex, mode) {
        Ok(result) => (
            format!("<{tag} class=\"arithmatex\">{}</{tag}>", result.mathml),
            None,
        ),
        Err(error) => {
            let range = error.0.clone();
            (generic, Some((range, error.to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Arithmatex {
        Arithmatex::default()
    }

    /// The formulas found, as `inline:tex` / `block:tex`.
    fn found(text: &str) -> Vec<String> {
        protect(text, &all(), crate::markdown::options())
            .map(|(_, spans)| {
                spans
                    .iter()
                    .map(|s| format!("{}:{}", if s.block { "block" } else { "inline" }, s.tex))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn inline_dollars_are_smart() {
        assert_eq!(found("a $x^2$ b"), ["inline:x^2"]);
        assert_eq!(found("costs $5 and $10"), Vec::<String>::new());
        assert_eq!(found("$ x$ and $x $"), Vec::<String>::new());
        assert_eq!(found("\\$x$ no"), Vec::<String>::new());
        assert_eq!(found("$a\\$b$"), ["inline:a\\$b"]);
        assert_eq!(found("$$x$$ in text"), ["inline:x"]);
    }

    #[test]
    fn round_brackets_and_code_spans() {
        assert_eq!(found("see \\(a_1 * b_2\\) here"), ["inline:a_1 * b_2"]);
        assert_eq!(found("`$x$` and $y$"), ["inline:y"]);
        assert_eq!(found("$a `b` c$"), Vec::<String>::new());
        assert_eq!(
            found("[y_0,y_1](x-x_0) $[y_0,y_1](x-x_0)$"),
            ["inline:[y_0,y_1](x-x_0)"]
        );
    }

    #[test]
    fn formulas_span_lines_without_their_quote_markers() {
        assert_eq!(found("> a $x +\n> y$ b\n"), ["inline:x +\ny"]);
    }

    #[test]
    fn blocks_are_whole_paragraphs() {
        assert_eq!(found("$$\nx = 1\n$$\n"), ["block:\nx = 1\n"]);
        assert_eq!(found("\\[ a \\]  \n"), ["block: a "]);
        assert_eq!(
            found("\\begin{align}\na &= b\n\\end{align}\n"),
            ["block:\\begin{align}\na &= b\n\\end{align}"]
        );
        assert_eq!(found("- $$x$$\n"), ["block:x"]);
        // Lines a markdown parser reads as a list stay in the formula.
        assert_eq!(
            found("$$\na\n- b\n$$\n\nafter $c$\n"),
            ["block:\na\n- b\n", "inline:c"]
        );
    }

    #[test]
    fn protected_text_keeps_every_offset_and_line() {
        let text = "A $[x](y)$ b\n\n$$\n*z*\n$$\n";
        let (protected, spans) = protect(text, &all(), crate::markdown::options()).expect("math");
        assert_eq!(protected.len(), text.len());
        assert_eq!(protected.matches('\n').count(), text.matches('\n').count());
        assert_eq!(spans.len(), 2);
        assert!(!protected.contains('['));
    }

    #[test]
    fn events_carry_the_formulas() {
        let text = "a $x*y$ b \\(z\n w\\) c\n\n$$\nq\n$$\n";
        let (protected, spans) = protect(text, &all(), crate::markdown::options()).expect("math");
        let events: Vec<Event<'_>> = MathEvents::new(&protected, spans, crate::markdown::options())
            .map(|(e, _)| e)
            .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert_eq!(
            html,
            "<p>a <span class=\"math math-inline\">x*y</span> b <span class=\"math math-inline\">z\nw</span> c</p>\n<span class=\"math math-display\">\nq\n</span>"
        );
    }

    #[test]
    fn generic_and_mathml_output() {
        assert_eq!(
            to_html("a<b", false, MathOutput::Generic).0,
            "<span class=\"arithmatex\">\\(a&lt;b\\)</span>"
        );
        let (html, problem) = to_html("\\frac{1}{2}", true, MathOutput::MathMl);
        assert!(
            html.starts_with("<div class=\"arithmatex\"><math"),
            "{html}"
        );
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(problem.is_none());
        let (html, problem) = to_html("\\nosuchcommand x", false, MathOutput::MathMl);
        assert!(html.contains("\\(\\nosuchcommand x\\)"), "{html}");
        assert!(problem.is_some_and(|(range, _)| range.start == 0));
    }
}
