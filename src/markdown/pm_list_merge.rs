//! Python-Markdown's list merge: where Python-Markdown's list rules differ
//! from CommonMark in ways an MkDocs site can see. Python-Markdown keeps a
//! list going when an item of another kind or bullet follows (`1.` then
//! `*`, `-` then `+`), and wraps the items around a blank line between them
//! in paragraphs. Every site gets the first (a list that changes kind is
//! one list to an MkDocs reader); sites read as Python-Markdown reads
//! them get the second too. CommonMark starts a second list. The walker, which sees
//! the source, puts a junction marker between two lists Python-Markdown
//! reads as one ([`junction`]: never at a `1)` list, which Python-Markdown
//! does not have); this pass merges the lists at each marker, so pages of
//! MkDocs sites keep their shape, and leaves CommonMark's lists alone
//! everywhere else.
//!
//! It decides everything in one pass over the events and then builds the
//! merged stream in a second, so its work is linear in the number of events
//! however many lists alternate (a page of alternating `1.` / `-` lines
//! used to cost quadratic time).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The marker between two lists to merge: a blank line between them makes
/// the items around it paragraphs (`loose`). Both render as nothing where
/// no merge runs.
pub(super) fn junction(loose: bool) -> Event<'static> {
    match loose {
        true => Event::Html(CowStr::Borrowed("")),
        false => Event::InlineHtml(CowStr::Borrowed("")),
    }
}

/// Finds, as the events of a page pass with their ranges, where two lists
/// meet that Python-Markdown reads as one.
#[derive(Debug, Default)]
pub(super) struct JunctionFinder {
    /// The lists open, innermost last: whether each is a `1)` list.
    open: Vec<bool>,
    /// The list that closed last: its source and whether it is a `1)` list.
    closed: Option<(std::ops::Range<usize>, bool)>,
}

impl JunctionFinder {
    /// The marker to put before `event`, when it starts a list that
    /// continues the one just closed (`previous`, the last event put out):
    /// one of the other kind (`1.` after `-`), and with `any_bullet` one of
    /// another bullet too (`*` after `-`).
    pub(super) fn before(
        &mut self,
        source: &str,
        event: &Event<'_>,
        range: &std::ops::Range<usize>,
        previous: Option<&Event<'_>>,
        any_bullet: bool,
    ) -> Option<Event<'static>> {
        match event {
            Event::Start(Tag::List(kind)) => {
                let paren = kind.is_some() && is_paren_item(source.get(range.start..)?);
                self.open.push(paren);
                let (closed, closed_paren) = self.closed.take()?;
                let joins = match previous {
                    Some(Event::End(TagEnd::List(ordered))) => {
                        any_bullet || *ordered != kind.is_some()
                    }
                    _ => false,
                };
                (joins && !paren && !closed_paren)
                    .then(|| junction(ends_with_blank_line(source.get(closed).unwrap_or(""))))
            }
            Event::End(TagEnd::List(_)) => {
                let paren = self.open.pop().unwrap_or(false);
                self.closed = Some((range.clone(), paren));
                None
            }
            _ => None,
        }
    }
}

/// Python-Markdown numbers every ordered list from 1 (its `lazy_ol`,
/// which MkDocs leaves on): `3.` starts a list at 1.
pub(super) fn numbered_from_one(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::List(Some(_))) => Event::Start(Tag::List(Some(1))),
        event => event,
    }
}

/// Whether a list item starts `1)`: Python-Markdown's lists are `1.` only.
fn is_paren_item(text: &str) -> bool {
    let marker = text.trim_start_matches([' ', '\t']);
    marker
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(')')
}

/// Whether a list's source ends with a blank line (a quote's `>` alone is
/// blank too); the part after its last line break is the next line's start.
fn ends_with_blank_line(list: &str) -> bool {
    let Some((complete, _)) = list.rsplit_once('\n') else {
        return false;
    };
    match complete.rsplit_once('\n') {
        Some((_, last)) => last
            .trim_matches(|c: char| c.is_whitespace() || c == '>')
            .is_empty(),
        None => false,
    }
}

/// Whether `event` is a [`junction`] marker, and a loose one.
fn junction_at(event: Option<&Event<'_>>) -> Option<bool> {
    match event {
        Some(Event::Html(html)) if html.is_empty() => Some(true),
        Some(Event::InlineHtml(html)) if html.is_empty() => Some(false),
        _ => None,
    }
}

/// A list that is open at some point of the first pass.
struct OpenList {
    /// The kind of the list's first part: a merged list ends as it began.
    ordered: bool,
    /// Where its most recent item starts.
    last_item: Option<usize>,
}

/// What the first pass decided for one event index.
#[derive(Clone, Copy, Default)]
struct Edit {
    /// The event is dropped (the `End`/`Start` pair where two lists meet).
    drop: bool,
    /// Paragraph events to put before this one: ends first, then starts.
    end_paragraphs: u8,
    start_paragraphs: u8,
    /// An `End(List)` that must close the kind the list began with.
    ordered_end: Option<bool>,
}

/// Merges the lists on each side of every [`junction`] marker.
pub fn merge_mixed_lists(events: &mut Vec<Event<'_>>) {
    merge_counting_steps(events);
}

/// [`merge_mixed_lists`], returning how many events it looked at: the
/// tests hold that to a small multiple of the stream's length.
fn merge_counting_steps(events: &mut Vec<Event<'_>>) -> usize {
    let mut steps = events.len();
    // Every page comes through here and most have no junction: find that
    // out before allocating anything.
    let has_junction = events.windows(3).any(|three| {
        matches!(three, [Event::End(TagEnd::List(_)), marker, Event::Start(Tag::List(_))] if junction_at(Some(marker)).is_some())
    });
    if !has_junction {
        return steps;
    }
    // One slot per event, and one past the end for paragraphs closed there.
    let mut edits = vec![Edit::default(); events.len() + 1];
    let mut changed = false;
    let mut open: Vec<OpenList> = Vec::new();
    let mut wrapped = vec![false; events.len()];
    // The junction being crossed: whether it is loose.
    let mut merging: Option<bool> = None;
    for index in 0..events.len() {
        match events.get(index) {
            Some(Event::Start(Tag::List(kind))) => {
                if let Some(loose) = merging.take() {
                    // The second list goes on as the first: its items join.
                    edit(&mut edits, index, |e| e.drop = true);
                    if loose {
                        if let Some(last) = open.last().and_then(|l| l.last_item) {
                            steps += wrap_item(events, last, &mut edits, &mut wrapped);
                        }
                        steps += wrap_item(events, index + 1, &mut edits, &mut wrapped);
                    }
                } else {
                    open.push(OpenList {
                        ordered: kind.is_some(),
                        last_item: None,
                    });
                }
            }
            Some(Event::Start(Tag::Item)) => {
                if let Some(list) = open.last_mut() {
                    list.last_item = Some(index);
                }
            }
            Some(Event::End(TagEnd::List(_))) => {
                let ordered = open.last().map(|l| l.ordered);
                let loose = junction_at(events.get(index + 1))
                    .filter(|_| matches!(events.get(index + 2), Some(Event::Start(Tag::List(_)))));
                if let (Some(_), Some(loose)) = (ordered, loose) {
                    merging = Some(loose);
                    changed = true;
                    edit(&mut edits, index, |e| e.drop = true);
                    edit(&mut edits, index + 1, |e| e.drop = true);
                } else {
                    open.pop();
                    edit(&mut edits, index, |e| e.ordered_end = ordered);
                }
            }
            _ => {}
        }
    }
    if !changed {
        return steps;
    }
    let old = std::mem::take(events);
    events.reserve(old.len() + 2 * wrapped.iter().filter(|w| **w).count());
    let mut old = old.into_iter();
    for change in edits {
        for _ in 0..change.end_paragraphs {
            events.push(Event::End(TagEnd::Paragraph));
        }
        for _ in 0..change.start_paragraphs {
            events.push(Event::Start(Tag::Paragraph));
        }
        // The slot past the end has no event.
        let Some(event) = old.next() else { break };
        if change.drop {
            continue;
        }
        match (change.ordered_end, event) {
            (Some(ordered), Event::End(TagEnd::List(_))) => {
                events.push(Event::End(TagEnd::List(ordered)));
            }
            (_, event) => events.push(event),
        }
    }
    steps + events.len()
}

fn edit(edits: &mut [Edit], index: usize, change: impl FnOnce(&mut Edit)) {
    if let Some(slot) = edits.get_mut(index) {
        change(slot);
    }
}

/// Wraps the inline content at the start of the tight item that starts at
/// `item_start` in a paragraph. Each item is scanned at most once, and only
/// up to its first block, so all wraps together stay linear. Returns how
/// many events it looked at.
fn wrap_item(
    events: &[Event<'_>],
    item_start: usize,
    edits: &mut [Edit],
    wrapped: &mut [bool],
) -> usize {
    if !matches!(events.get(item_start), Some(Event::Start(Tag::Item))) {
        return 1;
    }
    match wrapped.get_mut(item_start) {
        Some(done) if !*done => *done = true,
        _ => return 1,
    }
    let first = item_start + 1;
    if matches!(events.get(first), Some(Event::Start(Tag::Paragraph))) {
        return 1;
    }
    let mut end = first;
    while let Some(event) = events.get(end) {
        let ends_inline = match event {
            Event::Start(tag) => is_block(tag),
            Event::Html(_) | Event::End(TagEnd::Item) | Event::Rule => true,
            _ => false,
        };
        if ends_inline {
            break;
        }
        end += 1;
    }
    if end > first {
        edit(edits, first, |e| e.start_paragraphs += 1);
        edit(edits, end, |e| e.end_paragraphs += 1);
    }
    end - first + 1
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::MetadataBlock(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    /// The events of `markdown` with the junction markers the walker puts in.
    fn marked_events(markdown: &str) -> Vec<Event<'_>> {
        let mut finder = JunctionFinder::default();
        let mut events: Vec<Event<'_>> = Vec::new();
        for (event, range) in Parser::new(markdown).into_offset_iter() {
            if let Some(marker) = finder.before(markdown, &event, &range, events.last(), true) {
                events.push(marker);
            }
            events.push(event);
        }
        events
    }

    fn render(markdown: &str) -> String {
        let mut events = marked_events(markdown);
        merge_mixed_lists(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    #[test]
    fn other_kind_continues_the_list() {
        assert_eq!(
            render("1. First\n2. Second\n\n* a bullet\n"),
            "<ol>\n<li>First</li>\n<li>\n<p>Second</p>\n</li>\n<li>\n<p>a bullet</p>\n</li>\n</ol>\n"
        );
    }

    #[test]
    fn lists_without_a_blank_line_between_merge_tight_and_keep_the_first_kind() {
        assert_eq!(
            render("- a\n1. b\n- c\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>\n"
        );
        assert_eq!(
            render("- foo\n* bar\n"),
            "<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n"
        );
    }

    #[test]
    fn nested_lists_merge_at_their_own_level() {
        assert_eq!(
            render("- a\n    1. x\n    - y\n- b\n"),
            "<ul>\n<li>a\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n</li>\n<li>b</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_blank_line_in_a_quote_makes_the_merge_loose() {
        assert_eq!(
            render("> 1. a\n>\n> - b\n"),
            "<blockquote>\n<ol>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ol>\n</blockquote>\n"
        );
    }

    #[test]
    fn paren_lists_stay_commonmark() {
        // CommonMark spec example 297; Python-Markdown has no `1)` lists.
        assert_eq!(
            render("10) foo\n   - bar\n"),
            "<ol start=\"10\">\n<li>foo</li>\n</ol>\n<ul>\n<li>bar</li>\n</ul>\n"
        );
        assert_eq!(
            render("- a\n1) b\n"),
            "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n"
        );
    }

    #[test]
    fn without_markers_nothing_merges() {
        let mut events: Vec<Event<'_>> = Parser::new("1. a\n- b\n").collect();
        let before = events.clone();
        merge_mixed_lists(&mut events);
        assert_eq!(events, before);
    }

    /// The first, quadratic version of the merge: the linear one must agree
    /// with it on every input.
    mod reference {
        use super::super::is_block;
        use pulldown_cmark::{Event, Tag, TagEnd};

        pub fn reference_merge(events: &mut Vec<Event<'_>>) {
            let mut index = 0;
            while index + 2 < events.len() {
                let merge = match (
                    events.get(index),
                    events.get(index + 1),
                    events.get(index + 2),
                ) {
                    (
                        Some(Event::End(TagEnd::List(first_ordered))),
                        marker,
                        Some(Event::Start(Tag::List(_))),
                    ) => super::super::junction_at(marker).map(|loose| (*first_ordered, loose)),
                    _ => None,
                };
                let Some((first_ordered, loose)) = merge else {
                    index += 1;
                    continue;
                };
                if let Some(second_end) = matching_list_end(events, index + 2) {
                    if let Some(event) = events.get_mut(second_end) {
                        *event = Event::End(TagEnd::List(first_ordered));
                    }
                }
                // Later positions first, so earlier indices stay valid.
                if loose {
                    reference_wrap(events, index + 3);
                }
                events.drain(index..index + 3);
                if loose {
                    if let Some(start) = matching_item_start(events, index) {
                        reference_wrap(events, start);
                    }
                }
            }
        }

        /// The index of the `End(List)` closing the list that starts at `start`.
        fn matching_list_end(events: &[Event<'_>], start: usize) -> Option<usize> {
            let mut depth = 0usize;
            for (offset, event) in events.get(start..)?.iter().enumerate() {
                match event {
                    Event::Start(Tag::List(_)) => depth += 1,
                    Event::End(TagEnd::List(_)) => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(start + offset);
                        }
                    }
                    _ => {}
                }
            }
            None
        }

        /// The index of the `Start(Item)` of the item whose `End(Item)` is just before `end_exclusive`.
        fn matching_item_start(events: &[Event<'_>], end_exclusive: usize) -> Option<usize> {
            let last = end_exclusive.checked_sub(1)?;
            if !matches!(events.get(last), Some(Event::End(TagEnd::Item))) {
                return None;
            }
            let mut depth = 0usize;
            for index in (0..=last).rev() {
                match events.get(index) {
                    Some(Event::End(TagEnd::Item)) => depth += 1,
                    Some(Event::Start(Tag::Item)) => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(index);
                        }
                    }
                    _ => {}
                }
            }
            None
        }

        /// Wraps the inline content at the start of a tight item in a paragraph.
        fn reference_wrap(events: &mut Vec<Event<'_>>, item_start: usize) {
            if !matches!(events.get(item_start), Some(Event::Start(Tag::Item))) {
                return;
            }
            let first = item_start + 1;
            if matches!(events.get(first), Some(Event::Start(Tag::Paragraph))) {
                return;
            }
            let mut end = first;
            while let Some(event) = events.get(end) {
                let ends_inline = match event {
                    Event::Start(tag) => is_block(tag),
                    Event::Html(_) | Event::End(TagEnd::Item) | Event::Rule => true,
                    _ => false,
                };
                if ends_inline {
                    break;
                }
                end += 1;
            }
            if end == first {
                return;
            }
            events.insert(end, Event::End(TagEnd::Paragraph));
            events.insert(first, Event::Start(Tag::Paragraph));
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference_merge(lines in proptest::collection::vec(0usize..9, 0..40)) {
            const LINES: [&str; 9] = ["1. a", "- b", "* c", "", "    1. d", "    - e", "text", "2) f", "> g"];
            let markdown: String = lines.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            let mut ours = marked_events(&markdown);
            let mut theirs = ours.clone();
            merge_mixed_lists(&mut ours);
            reference::reference_merge(&mut theirs);
            proptest::prop_assert_eq!(ours, theirs, "{:?}", markdown);
        }
    }

    #[test]
    fn alternating_kinds_cost_linear_work() {
        for lines in [1_000, 10_000, 100_000] {
            let markdown: String = (0..lines)
                .map(|i| if i % 2 == 0 { "- a\n" } else { "1. b\n" })
                .collect();
            let mut events = marked_events(&markdown);
            let before = events.len();
            let steps = merge_counting_steps(&mut events);
            assert!(steps <= 6 * before, "{steps} steps for {before} events");
            let items = events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::Item)))
                .count();
            assert_eq!(items, lines);
            let lists = events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::List(_))))
                .count();
            assert_eq!(lists, 1, "every list joins the first");
        }
    }

    #[test]
    fn same_kind_lists_are_untouched() {
        assert_eq!(
            render("* a\n* b\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }
}
