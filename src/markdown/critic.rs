//! pymdownx.critic: CriticMarkup's insertions `{++ ++}`, deletions
//! `{-- --}`, substitutions `{~~ old ~> new ~~}`, highlights `{== ==}` and
//! comments `{>> <<}`, shown as `<ins class="critic">`, `<del>`, `<mark>`
//! and `<span class="critic comment">` (view mode), or with the changes
//! accepted or rejected.
//!
//! pymdownx reads the marks before anything else, in code too, and puts
//! placeholders in their stead; a paragraph of nothing but marks loses its
//! `<p>` and its tags get the class `block`. kbgen does the same in two
//! steps that keep every offset of the text (diagnostics keep their lines
//! and columns): [`mark`] overwrites each mark's delimiters with control
//! bytes of the same length (a comment, or text a mode drops, becomes a
//! region that vanishes), and [`CriticEvents`] turns those bytes in the
//! parser's events into tags.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// pymdownx.critic's `mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CriticMode {
    /// Every mark shown as the change it proposes.
    #[default]
    View,
    /// The text as it reads with every change made.
    Accept,
    /// The text as it read before the changes.
    Reject,
}

/// Starts every placeholder; the byte after it says which.
const LEAD: u8 = 0x0e;
/// Stands for a byte that is gone (a delimiter, text a region drops).
const PAD: u8 = 0x0f;

/// The placeholders' kinds (the byte after [`LEAD`]).
const INS_OPEN: u8 = 0x10;
const INS_CLOSE: u8 = 0x11;
const DEL_OPEN: u8 = 0x12;
const DEL_CLOSE: u8 = 0x13;
const MARK_OPEN: u8 = 0x14;
const MARK_CLOSE: u8 = 0x15;
/// A substitution's `~>`: the deletion ends, the insertion starts.
const SUB_MID: u8 = 0x16;
/// Regions: everything up to [`REGION_END`] vanishes.
const COMMENT: u8 = 0x17;
/// An insertion of blank lines: a paragraph break, shown.
const INS_BREAK: u8 = 0x18;
/// A deletion of blank lines: the paragraphs joined, the break shown.
const DEL_BREAK: u8 = 0x19;
/// A substitution's deletion ends and its insertion of blank lines starts.
const SUB_INS_BREAK: u8 = 0x07;
/// A substitution of blank lines by blank lines: both breaks shown.
const SUB_BREAKS: u8 = 0x08;
/// Text the mode drops.
const REMOVED: u8 = 0x05;
const REGION_END: u8 = 0x06;
/// A region ends and an insertion starts (after a deleted break).
const REGION_END_INS_OPEN: u8 = 0x04;

const INS_OPEN_HTML: &str = "<ins class=\"critic\">";
const INS_BREAK_HTML: &str = "<ins class=\"critic break\">&nbsp;</ins>";
const DEL_BREAK_HTML: &str = "<del class=\"critic break\">&nbsp;</del>";

/// The text with its marks overwritten, and the comments' text by the
/// offset where each starts.
#[derive(Debug, Default)]
pub struct Marked {
    pub text: String,
    comments: BTreeMap<usize, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Insertion,
    Deletion,
    Highlight,
    Comment,
    Substitution,
}

impl Kind {
    fn from_opener(opener: &[u8]) -> Option<Kind> {
        Some(match opener {
            b"++" => Kind::Insertion,
            b"--" => Kind::Deletion,
            b"==" => Kind::Highlight,
            b">>" => Kind::Comment,
            b"~~" => Kind::Substitution,
            _ => return None,
        })
    }

    fn closer(self) -> &'static str {
        match self {
            Kind::Insertion => "++}",
            Kind::Deletion => "--}",
            Kind::Highlight => "==}",
            Kind::Comment => "<<}",
            Kind::Substitution => "~~}",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One mark: `start..end` is all of it; a substitution's `~>` is at `middle`.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
    middle: usize,
}

/// The marks in `text`, as pymdownx finds them: each closes at the first
/// closer of its kind, marks do not nest, and once a kind's closer is
/// missing no later opener of that kind is tried (so unclosed input costs
/// one scan per kind, not one per opener).
fn find(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut dead = [false; 5];
    let mut pos = 0;
    while let Some(offset) = text.get(pos..).and_then(|rest| rest.find('{')) {
        let start = pos + offset;
        let Some(kind) = bytes.get(start + 1..start + 3).and_then(Kind::from_opener) else {
            pos = start + 1;
            continue;
        };
        pos = start + 3;
        if dead.get(kind.index()).copied().unwrap_or(true) {
            continue;
        }
        let after = |from: usize, what: &str| text.get(from..)?.find(what).map(|at| from + at);
        let closed = match kind {
            Kind::Substitution => after(pos, "~>")
                .and_then(|middle| after(middle + 2, kind.closer()).map(|close| (middle, close))),
            _ => after(pos, kind.closer()).map(|close| (close, close)),
        };
        match closed {
            Some((middle, close)) => {
                found.push(Found {
                    start,
                    end: close + 3,
                    kind,
                    middle,
                });
                pos = close + 3;
            }
            None => {
                if let Some(flag) = dead.get_mut(kind.index()) {
                    *flag = true;
                }
                if dead.iter().all(|d| *d) {
                    break;
                }
            }
        }
    }
    found
}

/// Two or more line breaks and nothing else: pymdownx's paragraph break.
fn is_blank_lines(text: &str) -> bool {
    let newlines = text.matches('\n').count();
    newlines >= 2 && text.replace("\r\n", "\n").bytes().all(|b| b == b'\n')
}

/// Overwrites `text`'s marks; `None` when it has none.
pub fn mark(text: &str, mode: CriticMode) -> Option<Marked> {
    if !text.contains('{') {
        return None;
    }
    let found = find(text);
    if found.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut comments = BTreeMap::new();
    let inner = |from: usize, to: usize| text.get(from..to).unwrap_or("");
    for mark in &found {
        let Found {
            start,
            end,
            kind,
            middle,
        } = *mark;
        let body = inner(start + 3, end - 3);
        match (mode, kind) {
            (CriticMode::View, Kind::Insertion) if is_blank_lines(body) => {
                region(&mut bytes, start..end, INS_BREAK, false);
            }
            (CriticMode::View, Kind::Deletion) if is_blank_lines(body) => {
                region(&mut bytes, start..end, DEL_BREAK, true);
            }
            (CriticMode::View, Kind::Insertion) => {
                put_marker(&mut bytes, start, INS_OPEN);
                put_marker(&mut bytes, end - 3, INS_CLOSE);
            }
            (CriticMode::View, Kind::Deletion) => {
                put_marker(&mut bytes, start, DEL_OPEN);
                put_marker(&mut bytes, end - 3, DEL_CLOSE);
            }
            (CriticMode::View, Kind::Highlight) => {
                put_marker(&mut bytes, start, MARK_OPEN);
                put_marker(&mut bytes, end - 3, MARK_CLOSE);
            }
            (CriticMode::View, Kind::Substitution) => {
                // Either side may be blank lines, a break shown as such.
                let deleted_break = is_blank_lines(inner(start + 3, middle));
                let inserted_break = is_blank_lines(inner(middle + 2, end - 3));
                match (deleted_break, inserted_break) {
                    (true, true) => region(&mut bytes, start..end, SUB_BREAKS, false),
                    (false, true) => {
                        put_marker(&mut bytes, start, DEL_OPEN);
                        region(&mut bytes, middle..end, SUB_INS_BREAK, false);
                    }
                    (true, false) => {
                        region(&mut bytes, start..middle + 2, DEL_BREAK, true);
                        if let Some(end_marker) = bytes.get_mut(middle + 1) {
                            *end_marker = REGION_END_INS_OPEN;
                        }
                        put_marker(&mut bytes, end - 3, INS_CLOSE);
                    }
                    (false, false) => {
                        put_marker(&mut bytes, start, DEL_OPEN);
                        put_short_marker(&mut bytes, middle, SUB_MID);
                        put_marker(&mut bytes, end - 3, INS_CLOSE);
                    }
                }
            }
            (CriticMode::View, Kind::Comment) => {
                comments.insert(start, body.replace('\n', " "));
                region(&mut bytes, start..end, COMMENT, true);
            }
            (_, Kind::Comment) => region(&mut bytes, start..end, REMOVED, true),
            (_, Kind::Highlight) => pad_delimiters(&mut bytes, start, end),
            (CriticMode::Accept, Kind::Insertion) | (CriticMode::Reject, Kind::Deletion) => {
                pad_delimiters(&mut bytes, start, end);
            }
            (CriticMode::Accept, Kind::Deletion) | (CriticMode::Reject, Kind::Insertion) => {
                region(&mut bytes, start..end, REMOVED, true);
            }
            (CriticMode::Accept, Kind::Substitution) => {
                region(&mut bytes, start..middle + 2, REMOVED, true);
                pad(&mut bytes, end - 3..end);
            }
            (CriticMode::Reject, Kind::Substitution) => {
                pad(&mut bytes, start..start + 3);
                region(&mut bytes, middle..end, REMOVED, true);
            }
        }
    }
    // Only whole marks were overwritten, each by ASCII: still UTF-8.
    let text = String::from_utf8(bytes).ok()?;
    Some(Marked { text, comments })
}

fn put_marker(bytes: &mut [u8], at: usize, kind: u8) {
    if let Some(marker) = bytes.get_mut(at..at + 3) {
        marker.copy_from_slice(&[LEAD, kind, PAD]);
    }
}

/// A placeholder in two bytes (a substitution's `~>`).
fn put_short_marker(bytes: &mut [u8], at: usize, kind: u8) {
    if let Some(marker) = bytes.get_mut(at..at + 2) {
        marker.copy_from_slice(&[LEAD, kind]);
    }
}

fn pad(bytes: &mut [u8], range: Range<usize>) {
    for byte in bytes.get_mut(range).into_iter().flatten() {
        *byte = PAD;
    }
}

/// A mark whose text stays and whose delimiters go.
fn pad_delimiters(bytes: &mut [u8], start: usize, end: usize) {
    pad(bytes, start..start + 3);
    pad(bytes, end - 3..end);
}

/// Overwrites `range` (at least 4 bytes) with a region that vanishes,
/// keeping its line breaks so every later line keeps its number. With
/// `joined`, each break is followed by a byte where there is one to spare,
/// so the region makes no blank line and the paragraph around it goes on
/// (pymdownx takes the text out before the paragraphs are found).
fn region(bytes: &mut [u8], range: Range<usize>, kind: u8, joined: bool) {
    let Some(slice) = bytes.get_mut(range) else {
        return;
    };
    let len = slice.len();
    if len < 4 {
        return;
    }
    let newlines = slice.iter().filter(|b| **b == b'\n').count();
    if joined {
        let spare = len.saturating_sub(4 + newlines);
        let followed = newlines.min(spare);
        let mut body = Vec::with_capacity(len);
        for _ in 0..followed {
            body.extend_from_slice(&[b'\n', PAD]);
        }
        body.extend(std::iter::repeat_n(b'\n', newlines - followed));
        body.extend(std::iter::repeat_n(PAD, spare - followed));
        // Too few bytes to spare for the markers: a break gives way.
        body.truncate(len - 4);
        if let Some(middle) = slice.get_mut(2..len - 2) {
            middle.copy_from_slice(&body);
        }
    } else {
        for byte in slice.iter_mut() {
            if *byte != b'\n' {
                *byte = PAD;
            }
        }
    }
    if let Some(start) = slice.get_mut(..2) {
        start.copy_from_slice(&[LEAD, kind]);
    }
    if let Some(end) = slice.get_mut(len - 2..) {
        end.copy_from_slice(&[LEAD, REGION_END]);
    }
}

/// What the tag placeholder `kind` stands for.
fn tag_html(kind: u8) -> Option<&'static str> {
    Some(match kind {
        INS_OPEN => INS_OPEN_HTML,
        INS_CLOSE => "</ins>",
        DEL_OPEN => "<del class=\"critic\">",
        DEL_CLOSE => "</del>",
        MARK_OPEN => "<mark class=\"critic\">",
        MARK_CLOSE => "</mark>",
        SUB_MID => "</del><ins class=\"critic\">",
        _ => return None,
    })
}

fn comment_html(text: &str) -> String {
    format!(
        "<span class=\"critic comment\">{}</span>",
        crate::escape::html_attribute(text)
    )
}

fn has_placeholders(text: &str) -> bool {
    text.bytes().any(|b| b == LEAD || b == PAD)
}

/// A piece of text read through its placeholders.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str, Range<usize>),
    /// A tag (or a comment, or a shown break) in its HTML.
    Tag(String),
    /// A comment's text, for where no markup goes.
    CommentText(String),
}

/// An open region: what it is, and for a shown paragraph break, whether
/// the break was put in yet.
#[derive(Debug, Clone, Copy)]
struct Region {
    kind: u8,
    shown: bool,
}

/// The parser's events with the placeholders of [`mark`] made into tags.
#[derive(Debug)]
pub struct CriticEvents<'a, I> {
    inner: I,
    /// `None`: the page has no marks and events pass as they are.
    marks: Option<Marks<'a>>,
}

#[derive(Debug)]
struct Marks<'a> {
    source: &'a str,
    comments: BTreeMap<usize, String>,
    region: Option<Region>,
    /// A paragraph's end met inside a region: gone if another paragraph
    /// starts straight after (the region joined them).
    held_end: Option<(Event<'a>, Range<usize>)>,
    /// A paragraph held back while it holds nothing but marks.
    paragraph: Option<HeldParagraph<'a>>,
    in_code_block: bool,
    out: VecDeque<(Event<'a>, Range<usize>)>,
}

#[derive(Debug)]
struct HeldParagraph<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    /// The tags it holds, in order.
    tags: Vec<String>,
}

/// What one event of the parser becomes.
enum Lowered<'a> {
    Event(Event<'a>, Range<usize>),
    /// A tag in running text (a paragraph of only these loses its `<p>`).
    Tag(String, Range<usize>),
    /// Markup between blocks.
    Block(String, Range<usize>),
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> CriticEvents<'a, I> {
    /// `marked`: what [`mark`] made of `source`, when the page has marks.
    pub fn new(inner: I, source: &'a str, marked: Option<Marked>) -> Self {
        let marks = marked.map(|marked| Marks {
            source,
            comments: marked.comments,
            region: None,
            held_end: None,
            paragraph: None,
            in_code_block: false,
            out: VecDeque::new(),
        });
        Self { inner, marks }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for CriticEvents<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let Some(marks) = self.marks.as_mut() else {
            return self.inner.next();
        };
        loop {
            if let Some(ready) = marks.out.pop_front() {
                return Some(ready);
            }
            match self.inner.next() {
                Some((event, range)) => {
                    let lowered = marks.lower(event, range);
                    for item in lowered {
                        marks.arrange(item);
                    }
                }
                None => {
                    marks.flush_held_end();
                    marks.flush_paragraph();
                    return marks.out.pop_front();
                }
            }
        }
    }
}

impl<'a> Marks<'a> {
    /// One event read through the placeholders.
    fn lower(&mut self, event: Event<'a>, range: Range<usize>) -> Vec<Lowered<'a>> {
        let mut lowered = Vec::new();
        if self.region.is_some() {
            match &event {
                Event::SoftBreak | Event::HardBreak => return lowered,
                Event::End(TagEnd::Paragraph) => {
                    if let Some(region) = self.region.as_mut()
                        && region.kind == INS_BREAK
                        && !region.shown
                    {
                        region.shown = true;
                        lowered.push(Lowered::Event(event, range.clone()));
                        lowered.push(Lowered::Block(INS_BREAK_HTML.to_owned(), range));
                        return lowered;
                    }
                    self.flush_held_end();
                    self.held_end = Some((event, range));
                    return lowered;
                }
                Event::Start(Tag::Paragraph) if self.held_end.is_some() => {
                    self.held_end = None;
                    return lowered;
                }
                Event::Text(_) => {}
                _ => self.flush_held_end(),
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                lowered.push(Lowered::Event(Event::Start(Tag::CodeBlock(kind)), range));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                lowered.push(Lowered::Event(event, range));
            }
            Event::Text(text) if self.in_code_block && has_placeholders(&text) => {
                let plain: String = self
                    .pieces(&text, &range)
                    .into_iter()
                    .filter_map(|piece| match piece {
                        Piece::Text(text, _) => Some(text.to_owned()),
                        Piece::CommentText(text) => Some(text),
                        Piece::Tag(_) => None,
                    })
                    .collect();
                lowered.push(Lowered::Event(Event::Text(plain.into()), range));
            }
            Event::Text(text) if has_placeholders(&text) || self.region.is_some() => {
                for piece in self.pieces(&text, &range) {
                    match piece {
                        Piece::Text(text, at) if !text.is_empty() => {
                            lowered.push(Lowered::Event(Event::Text(text.to_owned().into()), at));
                        }
                        Piece::Tag(html) => lowered.push(Lowered::Tag(html, range.clone())),
                        Piece::Text(..) | Piece::CommentText(_) => {}
                    }
                }
            }
            Event::Code(code) if has_placeholders(&code) => {
                let mut html = String::from("<code>");
                for piece in self.pieces(&code, &range) {
                    match piece {
                        Piece::Text(text, _) => html.push_str(&crate::escape::html_text(text)),
                        Piece::Tag(tag) => html.push_str(&tag),
                        Piece::CommentText(_) => {}
                    }
                }
                html.push_str("</code>");
                lowered.push(Lowered::Event(Event::InlineHtml(html.into()), range));
            }
            Event::Html(html) if has_placeholders(&html) => {
                let html = self.restored(&html, &range);
                lowered.push(Lowered::Event(Event::Html(html.into()), range));
            }
            Event::InlineHtml(html) if has_placeholders(&html) => {
                let html = self.restored(&html, &range);
                lowered.push(Lowered::Event(Event::InlineHtml(html.into()), range));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => lowered.push(Lowered::Event(
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: stripped(dest_url),
                    title: stripped(title),
                    id,
                }),
                range,
            )),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => lowered.push(Lowered::Event(
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: stripped(dest_url),
                    title: stripped(title),
                    id,
                }),
                range,
            )),
            event => lowered.push(Lowered::Event(event, range)),
        }
        lowered
    }

    /// Raw HTML with its placeholders made into tags.
    fn restored(&mut self, html: &str, range: &Range<usize>) -> String {
        self.pieces(html, range)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text, _) => text.to_owned(),
                Piece::Tag(tag) => tag,
                Piece::CommentText(_) => String::new(),
            })
            .collect()
    }

    /// `text` (of the event at `range`) cut at its placeholders, regions
    /// opened and closed on the way.
    fn pieces<'t>(&mut self, text: &'t str, range: &Range<usize>) -> Vec<Piece<'t>> {
        let source_slice = self.source.get(range.clone());
        let exact = source_slice == Some(text);
        // Comments are found by their place in the source: the n-th
        // placeholder of the text is the n-th of its source.
        let mut source_leads = source_slice
            .unwrap_or("")
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == LEAD)
            .map(|(at, _)| range.start + at);
        let bytes = text.as_bytes();
        let mut pieces = Vec::new();
        let mut run_start = 0;
        let mut at = 0;
        let close_run = |pieces: &mut Vec<Piece<'t>>, from: usize, to: usize, inside: bool| {
            if to > from
                && !inside
                && let Some(run) = text.get(from..to)
            {
                let span = match exact {
                    true => range.start + from..range.start + to,
                    false => range.clone(),
                };
                pieces.push(Piece::Text(run, span));
            }
        };
        while let Some(&byte) = bytes.get(at) {
            match byte {
                PAD => {
                    close_run(&mut pieces, run_start, at, self.region.is_some());
                    at += 1;
                    run_start = at;
                }
                LEAD => {
                    close_run(&mut pieces, run_start, at, self.region.is_some());
                    let kind = bytes.get(at + 1).copied().unwrap_or(0);
                    let source_at = source_leads.next();
                    self.placeholder(kind, source_at, &mut pieces);
                    at += 2;
                    run_start = at;
                }
                _ => at += 1,
            }
        }
        close_run(&mut pieces, run_start, at, self.region.is_some());
        pieces
    }

    fn placeholder(&mut self, kind: u8, source_at: Option<usize>, pieces: &mut Vec<Piece<'_>>) {
        if kind == REGION_END_INS_OPEN {
            self.placeholder(REGION_END, source_at, pieces);
            pieces.push(Piece::Tag(INS_OPEN_HTML.to_owned()));
            return;
        }
        if kind == REGION_END {
            if let Some(region) = self.region.take()
                && region.kind == INS_BREAK
                && !region.shown
            {
                pieces.push(Piece::Tag(INS_BREAK_HTML.to_owned()));
            }
            self.flush_held_end();
            return;
        }
        if self.region.is_some() {
            return;
        }
        if let Some(html) = tag_html(kind) {
            pieces.push(Piece::Tag(html.to_owned()));
            return;
        }
        match kind {
            COMMENT => {
                let text = source_at
                    .and_then(|at| self.comments.get(&at))
                    .cloned()
                    .unwrap_or_default();
                pieces.push(Piece::Tag(comment_html(&text)));
                pieces.push(Piece::CommentText(text));
            }
            DEL_BREAK => pieces.push(Piece::Tag(DEL_BREAK_HTML.to_owned())),
            SUB_INS_BREAK => pieces.push(Piece::Tag("</del>".to_owned())),
            SUB_BREAKS => pieces.push(Piece::Tag(DEL_BREAK_HTML.to_owned())),
            _ => {}
        }
        match kind {
            COMMENT | DEL_BREAK | INS_BREAK | REMOVED => {
                self.region = Some(Region { kind, shown: false });
            }
            SUB_INS_BREAK | SUB_BREAKS => {
                self.region = Some(Region {
                    kind: INS_BREAK,
                    shown: false,
                });
            }
            _ => {}
        }
    }

    fn flush_held_end(&mut self) {
        if let Some((event, range)) = self.held_end.take() {
            self.arrange(Lowered::Event(event, range));
        }
    }

    /// Puts a lowered event out, holding a paragraph back while it is
    /// nothing but marks.
    fn arrange(&mut self, item: Lowered<'a>) {
        if let Some(held) = self.paragraph.as_mut() {
            match item {
                Lowered::Tag(html, range) => {
                    held.tags.push(html.clone());
                    held.events.push((Event::InlineHtml(html.into()), range));
                }
                Lowered::Event(Event::End(TagEnd::Paragraph), range) => {
                    let held = self.paragraph.take();
                    if let Some(held) = held {
                        self.close_paragraph(held, range);
                    }
                }
                Lowered::Event(Event::Text(text), range) if text.is_empty() => {
                    held.events.push((Event::Text(text), range));
                }
                other => {
                    self.flush_paragraph();
                    self.arrange(other);
                }
            }
            return;
        }
        match item {
            Lowered::Event(Event::Start(Tag::Paragraph), range) => {
                self.paragraph = Some(HeldParagraph {
                    events: vec![(Event::Start(Tag::Paragraph), range)],
                    tags: Vec::new(),
                });
            }
            Lowered::Event(event, range) => self.out.push_back((event, range)),
            Lowered::Tag(html, range) => {
                self.out.push_back((Event::InlineHtml(html.into()), range))
            }
            Lowered::Block(html, range) => self.push_block(html, range),
        }
    }

    /// A paragraph that held only marks: its tags stand between the blocks
    /// (`block` added to their class); one that held nothing is gone.
    fn close_paragraph(&mut self, held: HeldParagraph<'a>, range: Range<usize>) {
        if held.tags.is_empty() {
            return;
        }
        let html: String = held.tags.concat();
        self.push_block(
            html.replace("class=\"critic\"", "class=\"critic block\""),
            range,
        );
    }

    fn push_block(&mut self, html: String, range: Range<usize>) {
        self.out
            .push_back((Event::Start(Tag::HtmlBlock), range.clone()));
        self.out
            .push_back((Event::Html(format!("{html}\n").into()), range.clone()));
        self.out.push_back((Event::End(TagEnd::HtmlBlock), range));
    }

    fn flush_paragraph(&mut self) {
        if let Some(held) = self.paragraph.take() {
            self.out.extend(held.events);
        }
    }
}

/// A link's address or title without placeholders.
fn stripped(text: CowStr<'_>) -> CowStr<'_> {
    if !has_placeholders(&text) {
        return text;
    }
    let mut kept = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c as u32 {
            0x0e => {
                chars.next();
            }
            0x0f => {}
            _ => kept.push(c),
        }
    }
    kept.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str, mode: CriticMode) -> String {
        let marked = mark(markdown, mode);
        let text = marked
            .as_ref()
            .map_or(markdown.to_owned(), |m| m.text.clone());
        assert_eq!(text.len(), markdown.len(), "offsets kept");
        assert_eq!(text.matches('\n').count(), markdown.matches('\n').count());
        let parser = pulldown_cmark::Parser::new(&text).into_offset_iter();
        let events = CriticEvents::new(parser, &text, marked).map(|(event, _)| event);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events);
        html
    }

    fn view(markdown: &str) -> String {
        html(markdown, CriticMode::View)
    }

    #[test]
    fn marks_become_tags() {
        assert_eq!(
            view("a {++b++} {--c--} {==d==} {~~e~>f~~}"),
            "<p>a <ins class=\"critic\">b</ins> <del class=\"critic\">c</del> \
             <mark class=\"critic\">d</mark> <del class=\"critic\">e</del><ins class=\"critic\">f</ins></p>\n"
        );
    }

    #[test]
    fn comments_are_escaped_text_on_one_line() {
        assert_eq!(
            view("a {>>x <b>\n*y*<<} c"),
            "<p>a <span class=\"critic comment\">x &lt;b&gt; *y*</span> c</p>\n"
        );
    }

    #[test]
    fn a_paragraph_of_marks_loses_its_p() {
        assert_eq!(
            view("{++\n\nnew\n\n++}"),
            "<ins class=\"critic block\">\n<p>new</p>\n</ins>\n"
        );
    }

    #[test]
    fn blank_lines_inserted_and_deleted_are_shown() {
        assert_eq!(
            view("one{++\n\n++}two"),
            "<p>one</p>\n<ins class=\"critic break\">&nbsp;</ins>\n<p>two</p>\n"
        );
        assert_eq!(
            view("one{--\n\n--}two"),
            "<p>one<del class=\"critic break\">&nbsp;</del>two</p>\n"
        );
    }

    #[test]
    fn modes_accept_and_reject() {
        let text = "a{++b++}c{--d--}e{~~f~>g~~}h{>>i<<}";
        assert_eq!(html(text, CriticMode::Accept), "<p>abcegh</p>\n");
        assert_eq!(html(text, CriticMode::Reject), "<p>acdefh</p>\n");
    }

    #[test]
    fn code_shows_the_text_of_marks() {
        assert_eq!(
            view("`a{++b++}`\n\n    x{--y--}{>>z<<}\n"),
            "<p><code>a<ins class=\"critic\">b</ins></code></p>\n<pre><code>xyz\n</code></pre>\n"
        );
    }

    #[test]
    fn unclosed_marks_are_text_and_linear() {
        assert!(mark("{++ a {-- b {~~ c ~> d", CriticMode::View).is_none());
        // 120,000 openers none of which closes: one scan per kind, or
        // this would not finish.
        let many = "{++ {-- {== {>> {~~ ~> ".repeat(20_000);
        assert!(mark(&many, CriticMode::View).is_none());
    }
}
