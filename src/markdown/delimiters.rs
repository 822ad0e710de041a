//! `==mark==` (pymdownx.mark), `^^insert^^` and `^superscript^`
//! (pymdownx.caret), `~~delete~~` and `~subscript~` (pymdownx.tilde), read
//! as pymdownx reads them: delimiter runs that open and close by
//! CommonMark's flanking rules (punctuation counted for `==` only, as
//! pymdownx counts it), paired innermost first, a pair of two characters
//! taken before one (`^^^a^^^` is `<sup><ins>a</ins></sup>`), and a
//! one-character pair holding no space (`H~2~O`, but `a ~b c~` stays
//! text; `\ ` is a space that does not count). CommonMark's rule of three
//! is left out: pymdownx uses it only to prefer an opener, never to refuse one.
//!
//! The pass runs on the page's finished events, so code, links and
//! emphasis are already read; a pair never crosses the edge of an element.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Stands in for the first `~` of a line like `~~~a~~~`: CommonMark opens
/// a code fence there, pymdownx (whose fences name a language of word
/// characters) reads delimiters. One byte, and never in a page (control
/// characters are taken out when files are read).
pub const GUARDED_TILDE: char = '\u{1b}';

/// The text with each line that opens a tilde fence whose info touches
/// it and ends in `~` guarded; `None` when there is none.
pub fn guard_tilde_fences(text: &str) -> Option<String> {
    let mut guarded: Option<Vec<u8>> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let fence = content.len() - content.trim_start_matches('~').len();
        let info = content[fence..].trim_end();
        // `~~~a~~~`, not `~~~ lang ~~~`: CommonMark's fences with a space
        // before their info stay fences.
        let touching = info.chars().next().is_some_and(|c| !c.is_whitespace());
        if indent < 4 && fence >= 3 && touching && info.ends_with('~') {
            let bytes = guarded.get_or_insert_with(|| text.as_bytes().to_vec());
            if let Some(byte) = bytes.get_mut(line_start + indent) {
                *byte = GUARDED_TILDE as u8;
            }
        }
        line_start += line.len();
    }
    guarded.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Which of the three extensions a page is written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delimited {
    pub mark: bool,
    pub caret: bool,
    pub tilde: bool,
}

impl Delimited {
    pub fn any(self) -> bool {
        self.mark || self.caret || self.tilde
    }

    fn takes(self, c: char) -> bool {
        match c {
            '=' => self.mark,
            '^' => self.caret,
            '~' => self.tilde,
            _ => false,
        }
    }
}

/// The tags of a pair of `token`s `used` long (`None`: no such pair).
fn tag(token: char, used: usize) -> Option<&'static str> {
    match (token, used) {
        ('=', 2) => Some("mark"),
        ('^', 2) => Some("ins"),
        ('^', 1) => Some("sup"),
        ('~', 2) => Some("del"),
        ('~', 1) => Some("sub"),
        _ => None,
    }
}

/// One run of the same delimiter character in a text event.
#[derive(Debug)]
struct Run {
    event: usize,
    /// Byte offsets of the run in the event's text.
    start: usize,
    token: char,
    can_open: bool,
    can_close: bool,
    /// The element the run is directly in (the index of its start event),
    /// or `usize::MAX` for the block's own text.
    container: usize,
    /// Characters not yet used, taken from the run's inner end.
    open_left: usize,
    close_from: usize,
}

impl Run {
    fn left(&self) -> usize {
        self.open_left - self.close_from
    }
}

/// A tag put where delimiter characters were: in event `event`, at byte
/// `at` of its text, over `len` bytes.
struct Placed {
    event: usize,
    at: usize,
    len: usize,
    html: String,
}

/// Whether `c` counts as punctuation for flanking (Unicode's P and S).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// `text` of a parse of `source` at `range` split when it starts with an
/// escaped delimiter (`\=`): the character as inline HTML, which the
/// pass does not read, and the rest.
pub fn split_escaped<'a>(
    text: pulldown_cmark::CowStr<'a>,
    range: &std::ops::Range<usize>,
    source: &str,
    which: Delimited,
) -> (Option<Event<'a>>, pulldown_cmark::CowStr<'a>) {
    let first = text.chars().next();
    let escaped = range.start > 0 && source.as_bytes().get(range.start - 1) == Some(&b'\\');
    match first {
        Some(first) if escaped && which.takes(first) => {
            let rest = match text {
                pulldown_cmark::CowStr::Borrowed(t) => pulldown_cmark::CowStr::Borrowed(&t[1..]),
                other => other[1..].to_owned().into(),
            };
            (Some(Event::InlineHtml(first.to_string().into())), rest)
        }
        _ => (None, text),
    }
}

/// Replaces the pairs in `out`. An escaped character (`\=`) is expected
/// as inline HTML, which never delimits.
pub fn apply(out: &mut [Event<'_>], which: Delimited) {
    if !which.any() {
        return;
    }
    merge_texts(out);
    let runs = find_runs(out, which);
    if !runs.is_empty() {
        let placed = pair(out, runs);
        rebuild(out, placed);
    }
}

/// Adjacent text events as one (the parser splits text where a character
/// might have been markup), the others left empty so no event moves.
pub(super) fn merge_texts(out: &mut [Event<'_>]) {
    let mut first_text: Option<usize> = None;
    for index in 0..out.len() {
        match (first_text, out.get(index)) {
            (_, Some(Event::Text(t))) if t.is_empty() => {}
            (Some(first), Some(Event::Text(_))) => {
                let taken = out
                    .get_mut(index)
                    .map(|slot| std::mem::replace(slot, Event::Text("".into())));
                if let (Some(Event::Text(more)), Some(Event::Text(into))) =
                    (taken, out.get_mut(first))
                {
                    *into = format!("{into}{more}").into();
                }
            }
            (None, Some(Event::Text(_))) => first_text = Some(index),
            _ => first_text = None,
        }
    }
}

/// The character just before event `index` (`None`: a block's edge, or
/// whitespace as CommonMark reads it), or a stand-in for an element edge.
fn neighbour_before(out: &[Event<'_>], index: usize) -> Option<char> {
    out.get(..index)?
        .iter()
        .rev()
        .find_map(|event| match event {
            Event::Text(t) if t.is_empty() => None,
            Event::Text(t) => Some(t.chars().next_back()),
            Event::SoftBreak | Event::HardBreak => Some(Some('\n')),
            // Code, links, emphasis and the like are what Python-Markdown
            // has already put away as placeholders: punctuation to the rules.
            event if is_inline(event) => Some(Some('\u{3}')),
            _ => Some(None),
        })?
}

fn neighbour_after(out: &[Event<'_>], index: usize) -> Option<char> {
    out.get(index + 1..)?.iter().find_map(|event| match event {
        Event::Text(t) if t.is_empty() => None,
        Event::Text(t) => Some(t.chars().next()),
        Event::SoftBreak | Event::HardBreak => Some(Some('\n')),
        event if is_inline(event) => Some(Some('\u{2}')),
        _ => Some(None),
    })?
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => super::render::is_inline_tag(tag),
        Event::End(end) => !super::render::ends_block(end),
        Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::FootnoteReference(_) => true,
        _ => false,
    }
}

fn find_runs(out: &[Event<'_>], which: Delimited) -> Vec<Run> {
    let mut runs = Vec::new();
    // The open elements of the current block; a new block starts afresh.
    let mut open: Vec<usize> = Vec::new();
    // An image's text is its alt text, where no markup goes.
    let mut images = 0usize;
    for (index, event) in out.iter().enumerate() {
        match event {
            Event::Start(tag) if super::render::is_inline_tag(tag) => {
                images += usize::from(matches!(tag, Tag::Image { .. }));
                open.push(index);
            }
            Event::End(end) if !super::render::ends_block(end) => {
                images = images.saturating_sub(usize::from(matches!(end, TagEnd::Image)));
                open.pop();
            }
            Event::Start(_) | Event::End(_) => {
                open.clear();
                images = 0;
            }
            Event::Text(text) if images == 0 && text.chars().any(|c| which.takes(c)) => {
                let container = open.last().copied().unwrap_or(usize::MAX);
                let chars: Vec<(usize, char)> = text.char_indices().collect();
                let mut i = 0;
                while let Some(&(start, token)) = chars.get(i) {
                    if !which.takes(token) {
                        i += 1;
                        continue;
                    }
                    let run_len = chars
                        .get(i..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|&&(_, c)| c == token)
                        .count();
                    let j = i + run_len;
                    let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
                    let before = match i.checked_sub(1).and_then(|k| chars.get(k)) {
                        Some(&(_, c)) => Some(c),
                        None => neighbour_before(out, index),
                    };
                    let after = match chars.get(j) {
                        Some(&(_, c)) => Some(c),
                        None => neighbour_after(out, index),
                    };
                    // pymdownx.mark reads punctuation as CommonMark does;
                    // caret and tilde (with both their tags) do not.
                    let (can_open, can_close) = flanking(before, after, token == '=');
                    runs.push(Run {
                        event: index,
                        start,
                        token,
                        can_open,
                        can_close,
                        container,
                        open_left: end - start,
                        close_from: 0,
                    });
                    i = j;
                }
            }
            _ => {}
        }
    }
    runs
}

/// CommonMark's left- and right-flanking tests (`None`: the edge of the
/// block, read as whitespace). Element edges (`\u{2}`, `\u{3}`) count as
/// punctuation, as Python-Markdown's placeholders do.
fn flanking(before: Option<char>, after: Option<char>, punctuation: bool) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| {
        punctuation && c.is_some_and(|c| is_punctuation(c) || c == '\u{2}' || c == '\u{3}')
    };
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

/// How many open delimiters a closer looks back over.
const MAX_OPENERS_TRIED: usize = 256;

/// Pairs openers and closers innermost first; the tags they become.
fn pair(out: &[Event<'_>], mut runs: Vec<Run>) -> Vec<Placed> {
    let mut placed = Vec::new();
    // Indices in `runs` of the runs that may still open.
    let mut openers: Vec<usize> = Vec::new();
    for closer in 0..runs.len() {
        let closes = runs.get(closer).is_some_and(|c| c.can_close);
        let mut search = openers.len();
        // Only the nearest openers are tried: a page of stray delimiters
        // would otherwise take each closer back over all of them.
        let lowest = openers.len().saturating_sub(MAX_OPENERS_TRIED);
        while closes && search > lowest {
            search -= 1;
            let Some(&opener) = openers.get(search) else {
                break;
            };
            let (Some(o), Some(c)) = (runs.get(opener), runs.get(closer)) else {
                break;
            };
            if c.left() == 0 {
                break;
            }
            if o.token != c.token || o.container != c.container || o.left() == 0 {
                continue;
            }
            let used = if o.left() >= 2 && c.left() >= 2 && tag(o.token, 2).is_some() {
                2
            } else if tag(o.token, 1).is_some() {
                1
            } else {
                continue;
            };
            if used == 1 && holds_space(out, o, c) {
                continue;
            }
            let name = tag(o.token, used).unwrap_or("span");
            placed.push(Placed {
                event: o.event,
                at: o.start + o.open_left - used,
                len: used,
                html: format!("<{name}>"),
            });
            placed.push(Placed {
                event: c.event,
                at: c.start + c.close_from,
                len: used,
                html: format!("</{name}>"),
            });
            let opener_left = runs.get_mut(opener).map_or(0, |o| {
                o.open_left -= used;
                o.left()
            });
            if let Some(c) = runs.get_mut(closer) {
                c.close_from += used;
            }
            // Openers between the pair can no longer close anything.
            openers.truncate(search + 1);
            if opener_left == 0 {
                openers.pop();
            }
            search = openers.len();
        }
        if runs.get(closer).is_some_and(|r| r.left() > 0 && r.can_open) {
            openers.push(closer);
        }
    }
    placed
}

/// Whether the text between an opener and a closer holds whitespace: a
/// one-character pair (`^sup^`, `~sub~`) may not, as in Pandoc.
/// Whether `text` holds whitespace other than an escaped space (`\ `).
fn has_space(text: &str) -> bool {
    let mut escaped = false;
    text.chars().any(|c| {
        let space = c.is_whitespace() && !(escaped && c == ' ');
        escaped = c == '\\' && !escaped;
        space
    })
}

fn holds_space(out: &[Event<'_>], opener: &Run, closer: &Run) -> bool {
    let from = opener.start + opener.open_left;
    let to = closer.start + closer.close_from;
    let text = |index: usize| match out.get(index) {
        Some(Event::Text(t)) => Some(t.as_ref()),
        _ => None,
    };
    if opener.event == closer.event {
        return text(opener.event)
            .and_then(|t| t.get(from..to))
            .is_none_or(has_space);
    }
    let spaced = |event: &Event<'_>| match event {
        Event::Text(t) => has_space(t),
        Event::Code(t) => t.contains(char::is_whitespace),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    };
    let first = text(opener.event)
        .and_then(|t| t.get(from..))
        .is_some_and(has_space);
    let last = text(closer.event)
        .and_then(|t| t.get(..to))
        .is_some_and(has_space);
    first
        || last
        || out
            .get(opener.event + 1..closer.event)
            .is_some_and(|between| between.iter().any(spaced))
}

/// Each text event holding placed tags, as HTML with them in place.
fn rebuild(out: &mut [Event<'_>], mut placed: Vec<Placed>) {
    placed.sort_by_key(|p| (p.event, p.at));
    for group in placed.chunk_by(|a, b| a.event == b.event) {
        let Some(first) = group.first() else {
            continue;
        };
        let Some(slot) = out.get_mut(first.event) else {
            continue;
        };
        let Event::Text(text) = slot else {
            continue;
        };
        let mut html = String::with_capacity(text.len() + 16);
        let mut from = 0;
        // Inside `^sup^` and `~sub~`, `\ ` is a space.
        let mut in_script = 0usize;
        for tag in group {
            let piece = text.get(from..tag.at).unwrap_or_default();
            let piece = match in_script {
                0 => piece.to_owned(),
                _ => piece.replace("\\ ", " "),
            };
            html.push_str(&crate::escape::html_text(&piece));
            html.push_str(&tag.html);
            match tag.html.as_str() {
                "<sup>" | "<sub>" => in_script += 1,
                "</sup>" | "</sub>" => in_script = in_script.saturating_sub(1),
                _ => {}
            }
            from = tag.at + tag.len;
        }
        html.push_str(&crate::escape::html_text(
            text.get(from..).unwrap_or_default(),
        ));
        *slot = Event::InlineHtml(html.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Delimited = Delimited {
        mark: true,
        caret: true,
        tilde: true,
    };

    fn html(markdown: &str) -> String {
        let mut options = crate::markdown::options();
        options.remove(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
        let mut events: Vec<Event<'_>> =
            pulldown_cmark::Parser::new_ext(markdown, options).collect();
        apply(&mut events, ALL);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out.trim_end().to_owned()
    }

    #[test]
    fn pairs_are_read_as_pymdownx_reads_them() {
        assert_eq!(
            html("==mark== and ^^ins^^"),
            "<p><mark>mark</mark> and <ins>ins</ins></p>"
        );
        assert_eq!(
            html("H~2~O and x^2^"),
            "<p>H<sub>2</sub>O and x<sup>2</sup></p>"
        );
        assert_eq!(html("^^^a^^^"), "<p><sup><ins>a</ins></sup></p>");
        assert_eq!(html("==a *b* c=="), "<p><mark>a <em>b</em> c</mark></p>");
    }

    #[test]
    fn what_does_not_pair_stays_text() {
        assert_eq!(html("a ~b c~ and 1 ^ 2"), "<p>a ~b c~ and 1 ^ 2</p>");
        assert_eq!(html("== a =="), "<p>== a ==</p>");
        assert_eq!(html("==a *b== c*"), "<p>==a <em>b== c</em></p>");
        assert_eq!(html("`==code==`"), "<p><code>==code==</code></p>");
    }
}
