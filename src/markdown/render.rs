//! The event walk: pulldown-cmark events in, HTML and page facts out.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
};
use serde::Serialize;

use super::HighlightCache;
use super::heading_attributes::HeadingAttributes;
use super::highlight::{FenceInfo, Highlighter};
use super::links::{LinkResolver, LinkTarget};
use super::options;
use super::pm_list_merge;
use super::rewrite;
use super::slug::{SlugStyle, Slugger};
use super::toc::TocSettings;

/// The `[toc]` settings of a page rendered without a site's.
static DEFAULT_TOC: std::sync::LazyLock<TocSettings> =
    std::sync::LazyLock::new(TocSettings::default);
use crate::escape::{html_attribute, html_text};

/// A link found in a page, with where it is in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// Byte range in the original file (front matter included).
    pub span: Range<usize>,
    /// The destination as the author wrote it.
    pub dest: String,
    pub target: LinkTarget,
    /// Whether it was an image source rather than a link.
    pub is_image: bool,
    /// The link's text, as plain text.
    pub text: String,
    /// The href written to the page.
    pub href: String,
    /// Whether it is an item of the page's "See also" list.
    pub in_see_also: bool,
}

/// One heading in a page's table of contents, with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A heading and the plain text under it (up to the next heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingSection {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub title: String,
    /// The text under the heading, markdown removed, whitespace collapsed.
    pub text: String,
}

/// A `<script type="application/ld+json">` the author wrote into the page.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorJsonLd {
    /// Byte range of the `<script` tag in the original file.
    pub span: Range<usize>,
    /// The parsed JSON, when it parses.
    pub json: Option<serde_json::Value>,
    /// Whether it declares a `FAQPage`.
    pub is_faq_page: bool,
    /// Whether it was left out of the page (kbgen's own FAQPage replaces it).
    pub dropped: bool,
}

/// How to render a page.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// The title of the admonition holding the page's short answer.
    pub answer_title: &'a str,
    /// The heading whose list is the page's "See also" list.
    pub see_also_title: &'a str,
    /// Highlighted code blocks from earlier builds (and this one).
    pub highlight_cache: Option<&'a HighlightCache>,
    /// Take a leading H1 out of the body: templates show the question as the heading.
    pub take_title: bool,
    /// Leave hand-written FAQPage scripts out of the body.
    pub drop_author_faq_page: bool,
    /// Gather the page's facts but leave `html` empty (the summary is still
    /// made): a build renders each body again when it writes the page, so
    /// the site's HTML never sits in memory all at once.
    pub defer_body: bool,
    /// How heading ids are made (`None`: GitHub's way).
    pub slug_style: Option<&'a SlugStyle>,
    /// Permalinks, heading levels and contents (`None`: kbgen's defaults).
    pub toc: Option<&'a TocSettings>,
    /// Tab ids made from their labels (pymdownx.tabbed's `slugify`).
    pub tab_slugs: Option<&'a super::tab_slugs::TabSlugs>,
    /// Footnotes' options; `None`: Python-Markdown's defaults.
    pub footnotes: Option<&'a super::footnotes::FootnoteSettings>,
    /// The extensions beyond CommonMark the page is written with.
    pub syntax: super::Syntax,
    /// Offsets in the text rendered back to the file, when snippets were
    /// put into it.
    pub source_map: Option<&'a rewrite::LineMap>,
    /// Folders holding the icons of `:icon-name:` shortcodes.
    pub icon_folders: &'a [std::path::PathBuf],
    /// Fences written as a script's source rather than code (```` ```mermaid ````).
    pub custom_fences: &'a [super::syntax::CustomFence],
}

/// How much of a page's code search indexes: identifiers are repeated
/// throughout a block, so the first 8 KB find what the rest would.
pub const MAX_CODE_TEXT: usize = 8 * 1024;

/// How far past where a shortcode should be kbgen looks for it in the
/// source (escapes before it make the source longer than the text).
const SHORTCODE_WINDOW: usize = 4096;

/// Where the summary ends (MkDocs' excerpt separator).
const MORE_MARKER: &str = "<!-- more -->";

/// A page's markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The body as HTML, without the leading H1 when it was taken out as the
    /// title; empty when rendered with [`RenderOptions::defer_body`].
    pub html: String,
    /// The leading H1 as inline HTML, when taken out.
    pub heading_html: Option<String>,
    /// The leading H1 as plain text, when taken out: the question as readers see it.
    pub heading_text: Option<String>,
    /// The id the leading H1 had (links to it stay valid: the template puts it on the page heading).
    pub heading_id: Option<String>,
    /// The HTML before `<!-- more -->`, when the marker is there.
    pub summary_html: Option<String>,
    /// Headings h2–h4, nested.
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at: heading ids and `id="…"` in raw HTML.
    pub anchors: BTreeSet<String>,
    pub links: Vec<LinkRef>,
    /// Every admonition, in document order (the short answer comes from one).
    pub admonitions: Vec<rewrite::AdmonitionSource>,
    /// Every heading with the text under it (FAQ sections come from these).
    pub sections: Vec<HeadingSection>,
    /// The plain text before the first heading.
    pub intro_text: String,
    /// The text of code blocks and inline code, for search (at most
    /// [`MAX_CODE_TEXT`] bytes).
    pub code_text: String,
    /// Structured data the author wrote by hand.
    pub author_json_ld: Vec<AuthorJsonLd>,
    /// Where code blocks too large to highlight start (offsets in the
    /// file): they are shown plain, and `check` says so.
    pub plain_code_blocks: Vec<usize>,
    /// Formulas that could not be drawn as MathML (shown as TeX): where
    /// each is in the file, and why.
    pub math_problems: Vec<(Range<usize>, String)>,
    /// Emoji shortcodes left as text, and the icon files read.
    pub emoji: super::emoji::EmojiNotes,
}

/// Renders a title or other one-line markdown to inline HTML.
pub fn render_inline(markdown: &str) -> String {
    inline_html(Parser::new_ext(markdown, options()))
}

/// Events of one-line markdown as HTML without the paragraph around it.
fn inline_html<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_owned()
}

/// [`render_inline`] with the page's syntax: formulas in a box's title
/// are drawn as in its body.
pub fn render_inline_with(markdown: &str, syntax: &super::Syntax) -> String {
    let parse_options = super::options_for(syntax);
    let protected = syntax
        .arithmatex
        .and_then(|settings| super::math::protect(markdown, &settings, parse_options));
    let (text, spans) = match &protected {
        Some((text, spans)) => (text.as_str(), spans.clone()),
        None => (markdown, Vec::new()),
    };
    let output = syntax
        .arithmatex
        .map_or(super::syntax::MathOutput::Generic, |a| a.output);
    let mut events = Vec::new();
    for (event, range) in super::math::MathEvents::new(text, spans, parse_options) {
        match event {
            Event::InlineMath(tex) | Event::DisplayMath(tex) => events.push(Event::InlineHtml(
                super::math::to_html(&tex, false, output).0.into(),
            )),
            Event::Text(t) => {
                let (escaped, rest) =
                    super::delimiters::split_escaped(t, &range, text, syntax.delimited);
                events.extend(escaped);
                events.push(Event::Text(rest));
            }
            other => events.push(other),
        }
    }
    super::delimiters::apply(&mut events, syntax.delimited);
    if syntax.smart_symbols {
        super::smart_symbols::apply(&mut events);
    }
    inline_html(events.into_iter())
}

/// The text of some markdown, without markup: inline code keeps its text,
/// raw HTML is dropped, whitespace is collapsed.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(end) if ends_block(&end) => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// Whether this element is inline (emphasis, links, images), not a block.
pub(super) fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether the end of this element separates words (a block), unlike `</em>`.
pub(super) fn ends_block(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Python-Markdown's `strip_tags` on a heading: runs of whitespace become
/// one space and the ends are trimmed, but whitespace written as a
/// character reference (marked `true`) is kept as it is.
fn collapse_literal_whitespace(text: &[(char, bool)]) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for &(c, reference) in text {
        if c.is_whitespace() && !reference {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `body` (which starts at byte `body_start` of its file).
pub fn render(
    body: &str,
    body_start: usize,
    resolver: &LinkResolver<'_>,
    render_options: RenderOptions<'_>,
) -> RenderedMarkdown {
    let syntax = render_options.syntax;
    let rewritten = rewrite::rewrite(
        body,
        body_start,
        &|title| render_inline_with(title, &syntax),
        render_options.answer_title,
        render_options.syntax,
    );
    // Offsets in the rewritten text, back to the file (through the
    // snippets put into the page, when there are any).
    let file_map = render_options
        .source_map
        .map(|expansion| rewritten.map.then(expansion));
    let parse_options = super::options_for(&render_options.syntax);
    // Abbreviation definitions are blanked, formulas overwritten, before
    // the parse; both keep every offset.
    let mut source = std::borrow::Cow::Borrowed(rewritten.text.as_str());
    if render_options.syntax.def_list
        && let Some(guarded) = super::def_list::guard_colons(&source)
    {
        source = std::borrow::Cow::Owned(guarded);
    }
    if render_options.syntax.delimited.tilde
        && let Some(guarded) = super::delimiters::guard_tilde_fences(&source)
    {
        source = std::borrow::Cow::Owned(guarded);
    }
    if let Some(guarded) = super::tables::guard_code_pipes(&source) {
        source = std::borrow::Cow::Owned(guarded);
    }
    let mut abbreviations = super::abbr::Abbreviations::default();
    if render_options.syntax.abbr
        && let Some((blanked, found)) = super::abbr::take_definitions(&source, parse_options)
    {
        source = std::borrow::Cow::Owned(blanked);
        abbreviations = found;
    }
    let mut formulas = Vec::new();
    if let Some(settings) = render_options.syntax.arithmatex
        && let Some((protected, spans)) = super::math::protect(&source, &settings, parse_options)
    {
        source = std::borrow::Cow::Owned(protected);
        formulas = spans;
    }
    let mut critic = render_options
        .syntax
        .critic
        .and_then(|mode| super::critic::mark(&source, mode));
    if let Some(marked) = &mut critic {
        source = std::borrow::Cow::Owned(std::mem::take(&mut marked.text));
    }
    let mut walker = Walker {
        source: &source,
        body,
        body_start,
        resolver,
        map: &rewritten.map,
        file_map: file_map.as_ref().unwrap_or(&rewritten.map),
        alert_titles: &rewritten.alert_titles,
        stash: &rewritten.stash,
        span_paragraphs: Vec::new(),
        out: Vec::new(),
        rendered: RenderedMarkdown::default(),
        slugger: Slugger::new(render_options.slug_style.cloned().unwrap_or_default()),
        headings: Vec::new(),
        every_heading: Vec::new(),
        more_at: None,
        summary_possible: rewritten.text.contains(MORE_MARKER),
        options: render_options,
        open_links: Vec::new(),
        see_also_level: None,
        seen_block: false,
        alerts: Vec::new(),
        section_text: String::new(),
        abbreviations,
        images_open: 0,
        in_term: false,
        definitions: Vec::new(),
        footnotes: super::footnotes::Footnotes::new(
            render_options.footnotes.cloned().unwrap_or_default(),
        ),
        footnote_open: None,
        junctions: pm_list_merge::JunctionFinder::default(),
    };
    walker.rendered.admonitions = rewritten.admonitions.clone();
    let mut events = super::critic::CriticEvents::new(
        super::math::MathEvents::new(&source, formulas, parse_options),
        &source,
        critic,
    );
    while let Some((event, range)) = events.next() {
        walker.event(event, range, &mut events);
    }
    walker.finish()
}

struct Walker<'a, 'r, 'o> {
    /// The markdown being read (after the block rewrites), for the source
    /// of a few events.
    source: &'a str,
    /// The page's markdown as written (snippets put in), which starts at
    /// offset `body_start` of the text `map` maps to.
    body: &'a str,
    body_start: usize,
    resolver: &'a LinkResolver<'r>,
    /// Rewritten offsets to the offsets of the text rendered.
    map: &'a rewrite::LineMap,
    /// Rewritten offsets to the offsets of the file: spans in diagnostics.
    file_map: &'a rewrite::LineMap,
    /// The page's abbreviations, wrapped in `<abbr>` wherever they occur.
    abbreviations: super::abbr::Abbreviations,
    /// Images open: their text is alt text, where no markup goes.
    images_open: usize,
    /// Inside a definition list's term: each of its lines is a term.
    in_term: bool,
    /// The page's footnotes, gathered at its end.
    footnotes: super::footnotes::Footnotes,
    /// The footnote definition being walked: where it starts in `out`, its label.
    footnote_open: Option<(usize, String)>,
    /// Definitions open: where each starts in `out`, and whether it is
    /// tight (a lone paragraph then loses its `<p>`).
    definitions: Vec<(usize, bool)>,
    alert_titles: &'a std::collections::BTreeMap<usize, String>,
    /// HTML elements the rewritten text holds placeholders for.
    stash: &'a [String],
    /// Paragraphs open, innermost last: whether each is a span element's content.
    span_paragraphs: Vec<bool>,
    out: Vec<Event<'a>>,
    rendered: RenderedMarkdown,
    slugger: Slugger,
    /// (level, id, title) of every heading, for the table of contents.
    /// Every heading, all levels: the `[TOC]` marker's contents.
    every_heading: Vec<(u8, String, String)>,
    headings: Vec<(u8, String, String)>,
    /// Index into `out` where `<!-- more -->` was.
    more_at: Option<usize>,
    options: RenderOptions<'o>,
    /// Whether the text has a `<!-- more -->` marker (a summary may follow).
    summary_possible: bool,
    /// Links being read, innermost last (indices into `rendered.links`).
    open_links: Vec<usize>,
    /// The level of the "See also" heading while inside its section.
    see_also_level: Option<u8>,
    /// Plain text since the last heading.
    section_text: String,
    /// Whether a block other than the leading H1 has been seen.
    seen_block: bool,
    /// Open GitHub alerts, innermost last (blockquotes that are not alerts push `false`).
    alerts: Vec<bool>,
    /// Where neighbouring lists are one to Python-Markdown.
    junctions: pm_list_merge::JunctionFinder,
}

type Events<'a> = super::critic::CriticEvents<'a, super::math::MathEvents<'a>>;

impl<'a> Walker<'a, '_, '_> {
    /// Whether what is being read ends up in HTML: the body, or with a
    /// deferred body, the summary (the part before `<!-- more -->`).
    fn makes_html(&self) -> bool {
        !self.options.defer_body || (self.summary_possible && self.more_at.is_none())
    }

    /// Keeps code for the search index, up to [`MAX_CODE_TEXT`], cut on a
    /// character boundary; a newline keeps blocks and spans apart.
    fn push_code_text(&mut self, code: &str) {
        let room = MAX_CODE_TEXT.saturating_sub(self.rendered.code_text.len() + 1);
        if room == 0 {
            return;
        }
        let mut end = code.len().min(room);
        while !code.is_char_boundary(end) {
            end -= 1;
        }
        self.rendered
            .code_text
            .push_str(code.get(..end).unwrap_or_default());
        self.rendered.code_text.push('\n');
    }

    /// Text, with its shortcodes and abbreviations marked (not in an
    /// image's alt text).
    fn push_text(&mut self, text: CowStr<'a>, range: &Range<usize>) {
        if self.images_open > 0 || is_autolink(self.out.last()) {
            self.out.push(Event::Text(text));
            return;
        }
        let (escaped, text) = super::delimiters::split_escaped(
            text,
            range,
            self.source,
            self.options.syntax.delimited,
        );
        self.out.extend(escaped);
        let (events, _) = self.marked_text(text, range);
        self.out.extend(events);
    }

    /// Text as events: key combinations and emoji shortcodes replaced,
    /// then abbreviations marked; and whether anything was.
    fn marked_text(&mut self, text: CowStr<'a>, range: &Range<usize>) -> (Vec<Event<'a>>, bool) {
        let spans = match self.options.syntax.attr_list && text.contains('{') {
            true => super::attr_list::inline_list_spans(&text),
            false => Vec::new(),
        };
        if spans.is_empty() {
            return self.marked_plain_text(text, range);
        }
        // Attribute lists are left as written, for attr_list to read.
        let mut events = Vec::new();
        let mut changed = false;
        let mut at = 0;
        for span in spans {
            if let Some(before) = text.get(at..span.start).filter(|b| !b.is_empty()) {
                let (marked, marked_changed) =
                    self.marked_plain_text(before.to_owned().into(), range);
                changed |= marked_changed;
                events.extend(marked);
            }
            events.push(Event::Text(
                text.get(span.clone()).unwrap_or("").to_owned().into(),
            ));
            at = span.end;
        }
        if let Some(after) = text.get(at..).filter(|a| !a.is_empty()) {
            let (marked, marked_changed) = self.marked_plain_text(after.to_owned().into(), range);
            changed |= marked_changed;
            events.extend(marked);
        }
        (events, changed)
    }

    /// [`Self::marked_text`] on text that holds no attribute list.
    fn marked_plain_text(
        &mut self,
        text: CowStr<'a>,
        range: &Range<usize>,
    ) -> (Vec<Event<'a>>, bool) {
        let keys = self
            .options
            .syntax
            .keys
            .then(|| super::keys::replace(&text))
            .flatten();
        let mut changed = keys.is_some();
        let mut events = Vec::new();
        for piece in keys.unwrap_or_else(|| vec![Event::Text(text)]) {
            let Event::Text(text) = piece else {
                events.push(piece);
                continue;
            };
            let emoji = self.emoji(&text, range);
            changed |= emoji.is_some();
            for piece in emoji.unwrap_or_else(|| vec![Event::Text(text)]) {
                match piece {
                    Event::Text(text) => match self.abbreviations.wrap(&text) {
                        Some(wrapped) => {
                            changed = true;
                            events.extend(wrapped);
                        }
                        None => events.push(Event::Text(text)),
                    },
                    other => events.push(other),
                }
            }
        }
        (events, changed)
    }

    /// kbgen's own markup with the text in it marked as [`Self::marked_text`]
    /// marks text; `None` when nothing changed.
    fn marked_html(&mut self, html: &str, range: &Range<usize>) -> Option<String> {
        super::html_text::map_text(html, |text| {
            let (events, changed) = self.marked_text(text.to_owned().into(), range);
            changed.then_some(events)
        })
    }

    /// `text`'s emoji shortcodes replaced, when the extension is on and
    /// it has any; unknown ones are noted with their place in the file.
    fn emoji(&mut self, text: &str, range: &Range<usize>) -> Option<Vec<Event<'a>>> {
        if !self.options.syntax.emoji {
            return None;
        }
        let mut notes = std::mem::take(&mut self.rendered.emoji);
        let located = |name: &str, at: usize| self.located_shortcode(name, at, range);
        let events = super::emoji::replace(text, self.options.icon_folders, &mut notes, &located);
        self.rendered.emoji = notes;
        events
    }

    /// Where shortcode `:name:` is in the file. Looked for in the source of
    /// `range` (its first colon may be one the definition lists guard),
    /// else on the line as written that `range` comes from: kbgen's own
    /// markup (a box title) stands for the whole line.
    fn located_shortcode(&self, name: &str, at: usize, range: &Range<usize>) -> Range<usize> {
        let shortcode = format!(":{name}:");
        let after_colon = &shortcode[1..];
        // `at` (the offset in the text) is the source's offset unless
        // escapes or references came before it, which only lengthen the
        // source: the shortcode is a little further on, if anywhere.
        let from = (range.start + at).min(range.end);
        let window_end = range.end.min(from + shortcode.len() + SHORTCODE_WINDOW);
        let window = self.source.get(from..window_end).unwrap_or_default();
        let in_source = window
            .match_indices(after_colon)
            .map(|(at, _)| at)
            .find(|&at| {
                at > 0
                    && window.get(..at).is_some_and(|before| {
                        before.ends_with(':') || before.ends_with(super::def_list::GUARDED_COLON)
                    })
            })
            .map(|at| from + at - 1);
        let written =
            |rewritten: usize| self.map.to_original(rewritten).checked_sub(self.body_start);
        let exact = in_source.filter(|&at| {
            written(at).is_some_and(|at| {
                self.body
                    .get(at..)
                    .is_some_and(|rest| rest.starts_with(&shortcode))
            })
        });
        if let Some(at) = exact {
            return self.original_span(&(at..at + shortcode.len()));
        }
        let line_start = written(range.start).unwrap_or(0);
        let line = self.body.get(line_start..).unwrap_or_default();
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let mut end = line.len().min(SHORTCODE_WINDOW);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let line = &line[..end];
        match line.find(&shortcode) {
            Some(at) => {
                let at = self.body_start + line_start + at;
                let file = |offset| {
                    self.options
                        .source_map
                        .map_or(offset, |map| map.to_original(offset))
                };
                file(at)..file(at) + shortcode.len()
            }
            None => self.original_span(range),
        }
    }

    /// A formula's HTML; one that cannot be drawn is noted for `check`.
    fn math_html(&mut self, tex: &str, display: bool, range: &Range<usize>) -> String {
        let output = self
            .options
            .syntax
            .arithmatex
            .map_or(super::syntax::MathOutput::Generic, |a| a.output);
        let (html, problem) = super::math::to_html(tex, display, output);
        if let Some((_, reason)) = problem {
            let span = self.original_span(range);
            self.rendered.math_problems.push((span, reason));
        }
        html
    }

    fn original_span(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.file_map.to_original(range.start);
        let end = self
            .file_map
            .to_original(range.end.saturating_sub(1))
            .max(start)
            + 1;
        start..end
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>, events: &mut Events<'a>) {
        let python_lists = self.options.syntax.python_lists;
        if let Some(marker) =
            self.junctions
                .before(self.source, &event, &range, self.out.last(), python_lists)
        {
            self.out.push(marker);
        }
        let event = match python_lists {
            true => pm_list_merge::numbered_from_one(event),
            false => event,
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let mut inner = self.collect_until_heading_end(events);
                let attributes = match self.options.syntax.attr_list {
                    true => self.take_heading_attributes(&mut inner),
                    false => HeadingAttributes::default(),
                };
                self.heading(level, attributes, inner);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(text) => code.push_str(&text),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                self.seen_block = true;
                self.push_code_text(&code);
                if !code.is_empty() && super::highlight::too_large_to_highlight(&code) {
                    self.rendered
                        .plain_code_blocks
                        .push(self.file_map.to_original(range.start));
                }
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => FenceInfo::parse(info),
                    CodeBlockKind::Indented => FenceInfo::default(),
                };
                if let Some(id) = &info.id {
                    self.rendered.anchors.insert(id.clone());
                }
                let custom = match (&kind, &info.language) {
                    (CodeBlockKind::Fenced(_), Some(language)) => self
                        .options
                        .custom_fences
                        .iter()
                        .find(|fence| fence.name == *language),
                    _ => None,
                };
                if self.makes_html() {
                    let html = match custom {
                        Some(fence) if fence.format == super::syntax::FenceFormat::Math => {
                            let html = self.math_html(code.trim_end(), true, &range);
                            format!("{html}\n")
                        }
                        Some(fence) => fence.html(&code),
                        None => code_block_html(&code, &info, self.options.highlight_cache),
                    };
                    self.out.push(Event::Html(html.into()));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(dest_url, &range, false);
                self.out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(dest_url, &range, true);
                match self.last_image_size() {
                    Some(size) => self.sized_image(&dest_url, &title, size, events),
                    None => {
                        self.images_open += 1;
                        self.out.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
            }
            Event::End(TagEnd::Image) => {
                self.images_open = self.images_open.saturating_sub(1);
                self.out.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.seen_block = true;
                self.alerts.push(kind.is_some());
                match kind {
                    Some(kind) => {
                        let (class, default_title) = alert_class_and_title(kind);
                        let title = self
                            .alert_titles
                            .get(&self.map.to_original(range.start))
                            .map_or(default_title, String::as_str);
                        self.out.push(Event::Html(
                            format!("<div class=\"admonition {class}\">\n<p class=\"admonition-title\">{title}</p>\n").into(),
                        ));
                    }
                    None => self.out.push(Event::Start(Tag::BlockQuote(None))),
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                if self.alerts.pop().unwrap_or(false) {
                    self.out.push(Event::Html("</div>\n".into()));
                } else {
                    self.out.push(Event::End(TagEnd::BlockQuote(kind)));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block(range, events);
            }
            Event::Text(text) => {
                self.section_text.push_str(&text);
                self.link_text(&text);
                self.push_text(text, &range);
            }
            Event::Code(code) => {
                let hilite = self
                    .options
                    .syntax
                    .inlinehilite
                    .then(|| inline_language(&code))
                    .flatten();
                let Some((language, source)) = hilite else {
                    self.section_text.push_str(&code);
                    self.push_code_text(&code);
                    self.link_text(&code);
                    self.out.push(Event::Code(code));
                    return;
                };
                self.section_text.push_str(source);
                self.push_code_text(source);
                self.link_text(source);
                let html = match language {
                    "" => format!("<code>{}</code>", html_text(source)),
                    language => {
                        let body = highlighted(source, language, self.options.highlight_cache)
                            .map_or_else(|| html_text(source), |html| html.trim_end().to_owned());
                        format!("<code class=\"highlight\">{body}</code>")
                    }
                };
                self.out.push(Event::InlineHtml(html.into()));
            }
            Event::InlineMath(tex) => {
                self.section_text.push_str(&tex);
                let html = self.math_html(&tex, false, &range);
                self.out.push(Event::InlineHtml(html.into()));
            }
            Event::DisplayMath(tex) => {
                self.seen_block = true;
                self.section_text.push_str(&tex);
                self.section_text.push(' ');
                let html = self.math_html(&tex, true, &range);
                self.out.push(Event::Html(format!("{html}\n").into()));
            }
            Event::End(TagEnd::Link) => {
                self.open_links.pop();
                self.out.push(Event::End(TagEnd::Link));
            }
            Event::SoftBreak if self.in_term => {
                self.section_text.push(' ');
                self.out.push(Event::End(TagEnd::DefinitionListTitle));
                self.out.push(Event::Start(Tag::DefinitionListTitle));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.section_text.push(' ');
                self.out.push(event);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnote_open = Some((self.out.len(), label.to_string()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((start, label)) = self.footnote_open.take() {
                    let body: Vec<Event<'a>> =
                        self.out.drain(start.min(self.out.len())..).collect();
                    self.footnotes.define(&label, body);
                }
            }
            Event::FootnoteReference(label) => {
                let id = self.footnotes.reference(&label);
                // Numbered when the page is done: definitions may come later.
                self.out
                    .push(Event::FootnoteReference(format!("{id}\u{1}{label}").into()));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                self.in_term = true;
                self.seen_block = true;
                self.out.push(Event::Start(Tag::DefinitionListTitle));
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                self.in_term = false;
                self.section_text.push(' ');
                self.out.push(Event::End(TagEnd::DefinitionListTitle));
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                let tight = !super::def_list::is_loose(self.source, range.start);
                self.definitions.push((self.out.len(), tight));
                self.out.push(Event::Start(Tag::DefinitionListDefinition));
            }
            Event::End(TagEnd::DefinitionListDefinition) => {
                if let Some((start, true)) = self.definitions.pop() {
                    super::def_list::unwrap_single_paragraph(&mut self.out, start);
                }
                self.section_text.push(' ');
                self.out.push(Event::End(TagEnd::DefinitionListDefinition));
            }
            // A `markdown="span"` element's content: a paragraph without its `<p>`.
            Event::Start(Tag::Paragraph) => {
                let span = rewrite::is_span_paragraph(self.source, range.start);
                self.span_paragraphs.push(span);
                self.seen_block = true;
                self.out.push(match span {
                    true => Event::Text("".into()),
                    false => Event::Start(Tag::Paragraph),
                });
            }
            Event::End(TagEnd::Paragraph) => {
                self.section_text.push(' ');
                self.out
                    .push(match self.span_paragraphs.pop().unwrap_or(false) {
                        true => Event::Text("".into()),
                        false => Event::End(TagEnd::Paragraph),
                    });
            }
            Event::End(end) if ends_block(&end) && !matches!(end, TagEnd::BlockQuote(_)) => {
                self.section_text.push(' ');
                self.out.push(Event::End(end));
            }
            Event::Html(html) | Event::InlineHtml(html) if html.trim() == MORE_MARKER => {
                if self.more_at.is_none() {
                    self.more_at = Some(self.out.len());
                }
            }
            Event::Html(html) => {
                collect_html_ids(&html, &mut self.rendered.anchors);
                self.out.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                collect_html_ids(&html, &mut self.rendered.anchors);
                self.out.push(Event::InlineHtml(html));
            }
            Event::Start(tag) => {
                if !matches!(tag, Tag::HtmlBlock) {
                    self.seen_block = true;
                }
                self.out.push(Event::Start(tag));
            }
            other => self.out.push(other),
        }
    }

    /// The pixel size of the image just linked, when it is a file of the
    /// content folder whose header tells it (SVG does not).
    fn last_image_size(&self) -> Option<imagesize::ImageSize> {
        let link = self.rendered.links.last()?;
        let LinkTarget::Asset { file } = &link.target else {
            return None;
        };
        if !has_raster_extension(file) {
            return None;
        }
        let asset = self.resolver.site.asset(file)?;
        imagesize::size(&asset.abs_path)
            .ok()
            .filter(|size| size.width > 0 && size.height > 0)
    }

    /// An image written with its width and height, so the browser keeps its
    /// place before it loads. The alt text is the plain text of what the
    /// brackets hold, as pulldown-cmark writes it.
    fn sized_image(
        &mut self,
        src: &str,
        title: &str,
        size: imagesize::ImageSize,
        events: &mut Events<'a>,
    ) {
        let mut alt = String::new();
        let mut depth = 0usize;
        for (event, _) in events.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(text) | Event::Code(text) => {
                    self.section_text.push_str(&text);
                    self.link_text(&text);
                    alt.push_str(&text);
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut html = String::from("<img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut html, src);
        html.push_str(&format!("\" alt=\"{}\"", html_attribute(&alt)));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", html_attribute(title)));
        }
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\" />",
            size.width, size.height
        ));
        self.out.push(Event::InlineHtml(html.into()));
    }

    fn collect_until_heading_end(
        &mut self,
        events: &mut Events<'a>,
    ) -> Vec<(Event<'a>, Range<usize>)> {
        let mut inner = Vec::new();
        for (event, range) in events.by_ref() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push((event, range));
        }
        inner
    }

    /// Takes the attribute list that ends a heading's text (its source,
    /// from its first event to its last) out of its events.
    fn take_heading_attributes(
        &self,
        inner: &mut Vec<(Event<'a>, Range<usize>)>,
    ) -> HeadingAttributes {
        let (Some((_, first)), Some((_, last))) = (inner.first(), inner.last()) else {
            return HeadingAttributes::default();
        };
        let content_start = first.start;
        let Some(content) = self.source.get(content_start..last.end) else {
            return HeadingAttributes::default();
        };
        let Some((cut, attributes)) = super::heading_attributes::trailing(content) else {
            return HeadingAttributes::default();
        };
        let cut = content_start + cut;
        inner.retain(|(_, range)| range.start < cut);
        if let Some((event, range)) = inner.last_mut()
            && range.end > cut
        {
            let written = self.source.get(range.clone());
            match event {
                Event::Text(text) if written == Some(text.as_ref()) => {
                    let kept = text.get(..cut - range.start).unwrap_or_default().to_owned();
                    *event = Event::Text(kept.into());
                    range.end = cut;
                }
                _ => {}
            }
        }
        if let Some((Event::Text(text), _)) = inner.last_mut() {
            let trimmed = text.trim_end_matches([' ', '\t']).to_owned();
            *text = trimmed.into();
        }
        attributes
    }

    /// Whether the source of this part of a heading is a character
    /// reference (`&nbsp;`, `&#32;`): Python-Markdown collapses the
    /// heading's whitespace before it decodes those, so theirs stays.
    fn is_character_reference(&self, range: &Range<usize>) -> bool {
        self.source
            .get(range.clone())
            .is_some_and(|s| s.len() > 2 && s.starts_with('&') && s.ends_with(';'))
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        attributes: HeadingAttributes,
        inner: Vec<(Event<'a>, Range<usize>)>,
    ) {
        let HeadingAttributes {
            id,
            classes,
            others: attrs,
            toc_label,
        } = attributes;
        let mut text = String::new();
        // Python-Markdown slugs the heading's text without images' alt text;
        // each character marked with whether it came from a character reference.
        let mut text_without_images: Vec<(char, bool)> = Vec::new();
        let mut images = 0usize;
        let mut inner_events = Vec::new();
        let open_before = self.open_links.len();
        for (event, range) in inner {
            match &event {
                Event::Start(Tag::Image { .. }) => images += 1,
                Event::End(TagEnd::Image) => images = images.saturating_sub(1),
                Event::SoftBreak | Event::HardBreak => text_without_images.push((' ', false)),
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(t);
                    if images == 0 {
                        let reference =
                            matches!(event, Event::Text(_)) && self.is_character_reference(&range);
                        text_without_images.extend(t.chars().map(|c| (c, reference)));
                    }
                    self.link_text(t);
                }
                Event::End(TagEnd::Link) => {
                    self.open_links.pop();
                }
                Event::InlineMath(tex) => {
                    text.push_str(tex);
                    if images == 0 {
                        text_without_images.extend(tex.chars().map(|c| (c, false)));
                    }
                }
                _ => {}
            }
            // Links inside headings still need resolving.
            match event {
                // Numbered when the page is done, like the body's.
                Event::FootnoteReference(label) => {
                    let id = self.footnotes.reference(&label);
                    inner_events.push(Event::InlineHtml(
                        super::footnotes::placeholder(&id, &label).into(),
                    ));
                }
                Event::Text(t) if images == 0 && !is_autolink(inner_events.last()) => {
                    let (escaped, t) = super::delimiters::split_escaped(
                        t,
                        &range,
                        self.source,
                        self.options.syntax.delimited,
                    );
                    inner_events.extend(escaped);
                    let (events, _) = self.marked_text(t, &range);
                    inner_events.extend(events);
                }
                Event::InlineMath(tex) => {
                    let html = self.math_html(&tex, false, &range);
                    inner_events.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.link(dest_url, &range, false);
                    inner_events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                other => inner_events.push(other),
            }
        }
        self.open_links.truncate(open_before);
        super::delimiters::apply(&mut inner_events, self.options.syntax.delimited);
        if self.options.syntax.smart_symbols {
            super::smart_symbols::apply(&mut inner_events);
        }
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner_events.into_iter());
        let id = match id {
            Some(id) => {
                self.slugger.reserve(&id);
                id
            }
            None => match self.options.slug_style {
                None | Some(SlugStyle::GitHub) => self.slugger.slug(&text),
                Some(_) => self
                    .slugger
                    .slug(&collapse_literal_whitespace(&text_without_images)),
            },
        };
        self.rendered.anchors.insert(id.clone());
        self.close_section();
        let toc = self.options.toc.unwrap_or(&DEFAULT_TOC);
        let number = toc.level(heading_number(level));
        if self.see_also_level.is_some_and(|open| number <= open) {
            self.see_also_level = None;
        }
        let title = collapse_whitespace(&text);
        if !self.options.see_also_title.is_empty()
            && title.eq_ignore_ascii_case(self.options.see_also_title.trim())
        {
            self.see_also_level = Some(number);
        }
        self.rendered.sections.push(HeadingSection {
            level: number,
            id: id.clone(),
            title: collapse_whitespace(&text),
            text: String::new(),
        });
        if self.options.take_title
            && level == HeadingLevel::H1
            && !self.seen_block
            && self.rendered.heading_html.is_none()
        {
            self.rendered.heading_html = Some(inner_html);
            self.rendered.heading_text = Some(collapse_whitespace(&text));
            self.rendered.heading_id = Some(id);
            return;
        }
        self.seen_block = true;
        let mut html = format!("<h{number} id=\"{}\"", html_attribute(&id));
        if !classes.is_empty() {
            html.push_str(&format!(
                " class=\"{}\"",
                html_attribute(&classes.join(" "))
            ));
        }
        for (name, value) in &attrs {
            match value {
                Some(value) => html.push_str(&format!(" {name}=\"{}\"", html_attribute(value))),
                None => html.push_str(&format!(" {name}")),
            }
        }
        html.push('>');
        html.push_str(&toc.decorate(&id, &inner_html));
        html.push_str(&format!("</h{number}>\n"));
        // Contents name the heading by its `data-toc-label` when it has one.
        let toc_text = toc_label.unwrap_or_else(|| text.trim().to_owned());
        if toc.in_marker(number) {
            self.every_heading
                .push((number, id.clone(), toc_text.clone()));
        }
        if toc.in_sidebar(number) {
            self.headings.push((number, id, toc_text));
        }
        self.out.push(Event::Html(html.into()));
    }

    fn link(&mut self, dest: CowStr<'a>, range: &Range<usize>, is_image: bool) -> CowStr<'a> {
        let resolved = self.resolver.resolve(&dest);
        let href = resolved.href.unwrap_or_else(|| dest.to_string());
        if !is_image {
            self.open_links.push(self.rendered.links.len());
        }
        self.rendered.links.push(LinkRef {
            span: self.original_span(range),
            dest: dest.to_string(),
            target: resolved.target,
            is_image,
            text: String::new(),
            href: href.clone(),
            in_see_also: self.see_also_level.is_some(),
        });
        href.into()
    }

    /// Adds text to the links being read.
    fn link_text(&mut self, text: &str) {
        for &index in &self.open_links {
            if let Some(link) = self.rendered.links.get_mut(index) {
                link.text.push_str(text);
            }
        }
    }

    /// Moves the text gathered since the last heading into that heading's section.
    fn close_section(&mut self) {
        let text = collapse_whitespace(&std::mem::take(&mut self.section_text));
        match self.rendered.sections.last_mut() {
            Some(section) => section.text = text,
            None => self.rendered.intro_text = text,
        }
    }

    /// An HTML block: passed through, except hand-written FAQPage scripts,
    /// which are recorded and (by default) left out.
    fn html_block(&mut self, range: Range<usize>, events: &mut Events<'a>) {
        let mut parts: Vec<(CowStr<'a>, Range<usize>)> = Vec::new();
        for (event, part_range) in events.by_ref() {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => parts.push((html, part_range)),
                Event::End(TagEnd::HtmlBlock) => break,
                _ => {}
            }
        }
        self.out.push(Event::Start(Tag::HtmlBlock));
        let mut joined: String = parts.iter().map(|(html, _)| html.as_ref()).collect();
        if let Some(element) = rewrite::stashed(&joined, self.stash) {
            joined = element;
        }
        if joined.trim() == MORE_MARKER {
            if self.more_at.is_none() {
                self.more_at = Some(self.out.len());
            }
            self.out.push(Event::End(TagEnd::HtmlBlock));
            return;
        }
        collect_html_ids(&joined, &mut self.rendered.anchors);
        let kept = if joined.contains("application/ld+json") {
            self.author_json_ld(&joined, &parts, &range)
        } else {
            joined
        };
        // The titles and labels kbgen writes for boxes and tabs are text
        // to Python-Markdown, so shortcodes and abbreviations are marked in them.
        let own_markup = kept.contains("class=\"admonition-title\"")
            || kept.contains("<summary>")
            || kept.contains("class=\"tabbed-labels")
            || kept.contains("<label for=\"__tabbed_");
        let kept = match own_markup
            .then(|| self.marked_html(&kept, &range))
            .flatten()
        {
            Some(wrapped) => wrapped,
            None => kept,
        };
        self.out.push(Event::Html(kept.into()));
        self.out.push(Event::End(TagEnd::HtmlBlock));
    }

    fn author_json_ld(
        &mut self,
        joined: &str,
        parts: &[(CowStr<'a>, Range<usize>)],
        block: &Range<usize>,
    ) -> String {
        let mut kept = String::with_capacity(joined.len());
        let mut rest_start = 0;
        for script in find_json_ld_scripts(joined) {
            let json: Option<serde_json::Value> = joined
                .get(script.json.clone())
                .and_then(|text| serde_json::from_str(text).ok());
            let is_faq_page = json.as_ref().is_some_and(declares_faq_page);
            let dropped = is_faq_page && self.options.drop_author_faq_page;
            let rewritten_at = offset_in_parts(parts, script.whole.start).unwrap_or(block.start);
            let start = self.file_map.to_original(rewritten_at);
            self.rendered.author_json_ld.push(AuthorJsonLd {
                span: start..start + "<script".len(),
                json,
                is_faq_page,
                dropped,
            });
            if dropped {
                kept.push_str(joined.get(rest_start..script.whole.start).unwrap_or(""));
                rest_start = script.whole.end;
            }
        }
        kept.push_str(joined.get(rest_start..).unwrap_or(""));
        kept
    }

    fn finish(mut self) -> RenderedMarkdown {
        self.close_section();
        super::delimiters::apply(&mut self.out, self.options.syntax.delimited);
        if self.options.syntax.smart_symbols {
            super::smart_symbols::apply(&mut self.out);
        }
        let footnotes = std::mem::take(&mut self.footnotes);
        self.rendered.anchors.extend(footnotes.ids());
        footnotes.resolve_references(&mut self.out);
        if let Some(heading) = &self.rendered.heading_html
            && let Some(filled) = footnotes.fill_placeholders(heading)
        {
            self.rendered.heading_html = Some(filled);
        }
        // The definitions were walked apart from the text: the same inline
        // passes, their references numbered.
        let mut section = footnotes.section();
        super::delimiters::apply(&mut section, self.options.syntax.delimited);
        if self.options.syntax.smart_symbols {
            super::smart_symbols::apply(&mut section);
        }
        super::tables::apply(&mut self.out, self.options.syntax.attr_list);
        if let Some(settings) = self.options.tab_slugs {
            super::tab_slugs::apply(&mut self.out, settings, &mut self.rendered.anchors);
        }
        if let Some(at) = self.more_at.filter(|_| self.options.syntax.attr_list) {
            // The summary is cut before the lists are applied: they move events.
            let mut summary: Vec<Event<'a>> = self.out.iter().take(at).cloned().collect();
            super::attr_list::apply(&mut summary);
            if let Some(tasklist) = self.options.syntax.tasklist {
                super::tasklist::apply(&mut summary, tasklist.custom_checkbox);
            }
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, summary.into_iter());
            let html = html.trim().to_owned();
            self.rendered.summary_html = (!html.is_empty()).then_some(html);
            self.more_at = None;
        }
        if let Some(at) = self.more_at {
            let mut summary = String::new();
            pulldown_cmark::html::push_html(&mut summary, self.out.iter().take(at).cloned());
            let summary = summary.trim().to_owned();
            self.rendered.summary_html = (!summary.is_empty()).then_some(summary);
        }
        self.out.extend(section);
        self.rendered.toc = nest_toc(&self.headings);
        toc_markers(
            &mut self.out,
            &nest_toc(&self.every_heading),
            self.options.toc.unwrap_or(&DEFAULT_TOC),
        );
        if !self.options.defer_body {
            pm_list_merge::merge_mixed_lists(&mut self.out);
            if self.options.syntax.attr_list {
                super::attr_list::apply(&mut self.out);
            }
            if let Some(tasklist) = self.options.syntax.tasklist {
                super::tasklist::apply(&mut self.out, tasklist.custom_checkbox);
            }
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
            self.rendered.html = html;
        }
        self.rendered
    }
}

/// Whether `event` opens an autolink (`<https://…>`): its text is the
/// address, kept as written.
fn is_autolink(event: Option<&Event<'_>>) -> bool {
    matches!(
        event,
        Some(Event::Start(Tag::Link {
            link_type: LinkType::Autolink | LinkType::Email,
            ..
        }))
    )
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alert_class_and_title(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Builds the nested table of contents from flat (level, id, title) triples.
/// Each paragraph that is only `[TOC]` replaced by the page's table of
/// contents, as Python-Markdown's `toc` writes it (`div.toc`).
fn toc_markers(out: &mut [Event<'_>], toc: &[TocEntry], settings: &TocSettings) {
    if settings.marker.is_empty() {
        return;
    }
    fn list(entries: &[TocEntry], html: &mut String) {
        html.push_str("<ul>\n");
        for entry in entries {
            html.push_str(&format!(
                "<li><a href=\"#{}\">{}</a>",
                html_attribute(&entry.id),
                html_text(&entry.title)
            ));
            if !entry.children.is_empty() {
                list(&entry.children, html);
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n");
    }
    let mut start = None;
    let mut text = String::new();
    for index in 0..out.len() {
        match out.get(index) {
            Some(Event::Start(Tag::Paragraph)) => {
                start = Some(index);
                text.clear();
            }
            Some(Event::Text(t)) if start.is_some() => text.push_str(t),
            Some(Event::End(TagEnd::Paragraph)) => {
                if let Some(open) = start.take()
                    && text.trim() == settings.marker
                {
                    let mut html = settings.box_open();
                    list(toc, &mut html);
                    html.push_str("</div>\n");
                    for (nth, slot) in out.iter_mut().enumerate().take(index + 1).skip(open) {
                        *slot = match nth == open {
                            true => Event::Html(std::mem::take(&mut html).into()),
                            false => Event::Text("".into()),
                        };
                    }
                }
            }
            _ => start = None,
        }
    }
}

fn nest_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn insert(into: &mut Vec<TocEntry>, entry: TocEntry) {
        match into.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => into.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in headings {
        insert(
            &mut toc,
            TocEntry {
                level: *level,
                id: id.clone(),
                title: title.clone(),
                children: Vec::new(),
            },
        );
    }
    toc
}

/// `code` highlighted as `language`, from the cache when there is one;
/// `None` for a language kbgen does not know.
fn highlighted(
    code: &str,
    language: &str,
    cache: Option<&HighlightCache>,
) -> Option<std::sync::Arc<str>> {
    match (language.is_empty(), cache) {
        (true, _) => None,
        (false, Some(cache)) => cache.highlight(language, code),
        (false, None) => Highlighter::default_themes()
            .highlight(code, language)
            .map(Into::into),
    }
}

/// The language and code of an inline code span that names its language
/// as pymdownx.inlinehilite reads it (`` `#!python x = 1` ``, `` `:::js f()` ``);
/// an empty language when the mark names none (`` `#! x` ``).
fn inline_language(code: &str) -> Option<(&str, &str)> {
    let rest = code
        .strip_prefix("#!")
        .or_else(|| code.strip_prefix(":::"))?;
    let language_len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '#' | '.' | '+' | '-')))
        .unwrap_or(rest.len());
    let (language, after) = rest.split_at(language_len);
    let source = after.trim_start();
    let spaced = after.len() > source.len();
    (spaced && !source.is_empty()).then_some((language, source))
}

/// A highlighted code block with its language label and optional title.
fn code_block_html(code: &str, info: &FenceInfo, cache: Option<&HighlightCache>) -> String {
    let language = info.language.as_deref().unwrap_or("");
    let highlighted = highlighted(code, language, cache);
    let body: std::borrow::Cow<'_, str> = match &highlighted {
        Some(html) => std::borrow::Cow::Borrowed(html),
        None => std::borrow::Cow::Owned(html_text(code)),
    };
    let mut html = String::from("<div");
    if let Some(id) = &info.id {
        html.push_str(&format!(" id=\"{}\"", html_attribute(id)));
    }
    html.push_str(" class=\"code-block");
    for class in &info.classes {
        html.push(' ');
        html.push_str(&html_attribute(class));
    }
    html.push('"');
    for (name, value) in &info.attributes {
        html.push_str(&format!(" {name}=\"{}\"", html_attribute(value)));
    }
    if !language.is_empty() {
        html.push_str(&format!(" data-lang=\"{}\"", html_attribute(language)));
    }
    html.push('>');
    if info.title.is_some() || !language.is_empty() {
        html.push_str("<div class=\"code-header\">");
        if let Some(title) = &info.title {
            html.push_str(&format!(
                "<span class=\"code-title\">{}</span>",
                html_text(title)
            ));
        }
        if !language.is_empty() {
            html.push_str(&format!(
                "<span class=\"code-lang\">{}</span>",
                html_text(language)
            ));
        }
        html.push_str("</div>");
    }
    html.push_str("<pre class=\"highlight\"");
    if let Some(first) = info.line_numbers_from {
        html.push_str(&format!(
            " data-linenums=\"{first}\" style=\"counter-reset: line {}\"",
            first.saturating_sub(1)
        ));
    }
    html.push_str("><code");
    if !language.is_empty() {
        html.push_str(&format!(" class=\"language-{}\"", html_attribute(language)));
    }
    html.push('>');
    if info.line_numbers_from.is_some() {
        for line in body.split_inclusive('\n') {
            html.push_str("<span class=\"line\">");
            html.push_str(line.trim_end_matches('\n'));
            html.push_str("</span>\n");
        }
    } else {
        html.push_str(&body);
    }
    html.push_str("</code></pre></div>\n");
    html
}

/// Where one `<script type="application/ld+json">` is in a piece of HTML.
struct ScriptRange {
    /// From `<script` to the end of `</script>`.
    whole: Range<usize>,
    /// The JSON between the tags.
    json: Range<usize>,
}

fn find_json_ld_scripts(html: &str) -> Vec<ScriptRange> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|rest| rest.find("<script")) {
        let start = from + at;
        let Some(tag_end) = lower
            .get(start..)
            .and_then(|rest| rest.find('>'))
            .map(|e| start + e + 1)
        else {
            break;
        };
        let Some(close) = lower
            .get(tag_end..)
            .and_then(|rest| rest.find("</script>"))
            .map(|e| tag_end + e)
        else {
            break;
        };
        let end = close + "</script>".len();
        if lower
            .get(start..tag_end)
            .is_some_and(|tag| tag.contains("application/ld+json"))
        {
            found.push(ScriptRange {
                whole: start..end,
                json: tag_end..close,
            });
        }
        from = end;
    }
    found
}

fn declares_faq_page(json: &serde_json::Value) -> bool {
    match json.get("@type") {
        Some(serde_json::Value::String(kind)) => kind == "FAQPage",
        Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|k| k == "FAQPage"),
        _ => false,
    }
}

/// The rewritten-text offset of byte `offset` of the joined parts.
fn offset_in_parts(parts: &[(CowStr<'_>, Range<usize>)], offset: usize) -> Option<usize> {
    let mut seen = 0;
    for (html, range) in parts {
        if offset < seen + html.len() {
            return Some(range.start + (offset - seen));
        }
        seen += html.len();
    }
    None
}

/// Collects `id="…"` values from raw HTML so links to them count as valid.
fn collect_html_ids(html: &str, anchors: &mut BTreeSet<String>) {
    let mut rest = html;
    while let Some(at) = rest.find("id=") {
        let before_ok = at == 0
            || rest
                .get(at - 1..at)
                .is_some_and(|c| c.chars().all(char::is_whitespace));
        let after = rest.get(at + 3..).unwrap_or("");
        rest = after;
        if !before_ok {
            continue;
        }
        let quote = match after.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        let value = after.get(1..).unwrap_or("");
        if let Some(end) = value.find(quote) {
            if let Some(id) = value.get(..end) {
                anchors.insert(id.to_owned());
            }
        }
    }
}

/// Image formats whose header gives their size.
fn has_raster_extension(file: &str) -> bool {
    let Some((_, extension)) = file.rsplit_once('.') else {
        return false;
    };
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_body_leaves_every_other_fact_the_same() {
        let page = "# Q?\n\n```python\nx = 1\n```\n\n<!-- more -->\n\n## Details\n\n\
                    See [a](a.md).\n\n```python\ny = 2\n```\n";
        let full = crate::markdown::render_standalone(page);
        let deferred = crate::markdown::render_standalone_with(
            page,
            RenderOptions {
                defer_body: true,
                ..RenderOptions::default()
            },
        );
        assert!(full.html.contains("id=\"details\""), "{}", full.html);
        assert_eq!(deferred.html, "");
        assert!(
            deferred
                .summary_html
                .as_deref()
                .is_some_and(|s| s.contains("<pre") && !s.contains("Details")),
            "the summary keeps its code: {:?}",
            deferred.summary_html
        );
        let without_body = RenderedMarkdown {
            html: String::new(),
            ..full
        };
        assert_eq!(format!("{without_body:?}"), format!("{deferred:?}"));
    }

    #[test]
    fn toc_nests_by_level() {
        let toc = nest_toc(&[
            (2, "a".into(), "A".into()),
            (3, "b".into(), "B".into()),
            (2, "c".into(), "C".into()),
        ]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc.first().map(|e| e.children.len()), Some(1));
    }

    #[test]
    fn html_ids_are_collected() {
        let mut anchors = BTreeSet::new();
        collect_html_ids("<a id=\"x\"></a><div data-id=\"no\" id='y'>", &mut anchors);
        assert_eq!(anchors.into_iter().collect::<Vec<_>>(), vec!["x", "y"]);
    }

    #[test]
    fn plain_text_keeps_code_and_drops_markup() {
        assert_eq!(
            plain_text("Use `x[1:2]`, **not**\n<b>this</b> [link](a.md)."),
            "Use x[1:2], not this link."
        );
    }

    #[test]
    fn json_ld_scripts_are_found() {
        let html = "<p>x</p>\n<script type=\"application/ld+json\">{\"@type\": \"FAQPage\"}</script>\n<script>var a;</script>";
        let found = find_json_ld_scripts(html);
        assert_eq!(found.len(), 1);
        let json = found.first().and_then(|s| html.get(s.json.clone()));
        assert_eq!(json, Some("{\"@type\": \"FAQPage\"}"));
    }

    #[test]
    fn inline_rendering_strips_the_paragraph() {
        assert_eq!(render_inline("Custom *title*"), "Custom <em>title</em>");
        assert_eq!(
            render_inline("<b>bold</b> & more"),
            "<b>bold</b> &amp; more"
        );
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        let html = code_block_html("<x>\n", &FenceInfo::parse("nosuchlang"), None);
        assert!(html.contains("&lt;x&gt;"), "{html}");
    }
}
