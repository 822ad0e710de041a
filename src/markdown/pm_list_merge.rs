//! Python-Markdown's list merge: where Python-Markdown's list rules differ
//! from CommonMark in ways an MkDocs site can see. Python-Markdown keeps a
//! list going when an item of the other kind follows (`1.` then `*`), and
//! wraps the items around the blank line between them in paragraphs.
//! CommonMark starts a second list. This pass merges such neighbouring lists
//! in the event stream, so pages migrated from MkDocs keep their shape.
//!
//! It decides everything in one pass over the events and then builds the
//! merged stream in a second, so its work is linear in the number of events
//! however many lists alternate (a page of alternating `1.` / `-` lines
//! used to cost quadratic time).

use pulldown_cmark::{Event, Tag, TagEnd};

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

/// Merges each list that is directly followed by a list of the other kind.
pub fn merge_mixed_lists(events: &mut Vec<Event<'_>>) {
    merge_counting_steps(events);
}

/// [`merge_mixed_lists`], returning how many events it looked at: the
/// tests hold that to a small multiple of the stream's length.
fn merge_counting_steps(events: &mut Vec<Event<'_>>) -> usize {
    let mut steps = events.len();
    // Every page comes through here and most have no lists of two kinds
    // side by side: find that out before allocating anything.
    let meets_other_kind = events.iter().zip(events.iter().skip(1)).any(|pair| {
        matches!(pair, (Event::End(TagEnd::List(ended)), Event::Start(Tag::List(next))) if *ended != next.is_some())
    });
    if !meets_other_kind {
        return steps;
    }
    // One slot per event, and one past the end for paragraphs closed there.
    let mut edits = vec![Edit::default(); events.len() + 1];
    let mut changed = false;
    let mut open: Vec<OpenList> = Vec::new();
    let mut wrapped = vec![false; events.len()];
    let mut merging = false;
    for index in 0..events.len() {
        match events.get(index) {
            Some(Event::Start(Tag::List(kind))) => {
                if merging {
                    // The second list goes on as the first: its items join.
                    merging = false;
                    edit(&mut edits, index, |e| e.drop = true);
                    if let Some(last) = open.last().and_then(|l| l.last_item) {
                        steps += wrap_item(events, last, &mut edits, &mut wrapped);
                    }
                    steps += wrap_item(events, index + 1, &mut edits, &mut wrapped);
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
                let next_kind = match events.get(index + 1) {
                    Some(Event::Start(Tag::List(next))) => Some(next.is_some()),
                    _ => None,
                };
                if let (Some(ordered), Some(next)) = (ordered, next_kind)
                    && ordered != next
                {
                    merging = true;
                    changed = true;
                    edit(&mut edits, index, |e| e.drop = true);
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

    fn render(markdown: &str) -> String {
        let mut events: Vec<Event<'_>> = Parser::new(markdown).collect();
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
    fn a_merged_list_keeps_its_first_kind() {
        // The merged list is a bullet list, so a further bullet list is
        // a list of the same kind and starts anew, as before.
        assert_eq!(
            render("- a\n1. b\n- c\n"),
            "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n<ul>\n<li>c</li>\n</ul>\n"
        );
    }

    #[test]
    fn nested_lists_merge_at_their_own_level() {
        assert_eq!(
            render("- a\n    1. x\n    - y\n- b\n"),
            "<ul>\n<li>a\n<ol>\n<li>\n<p>x</p>\n</li>\n<li>\n<p>y</p>\n</li>\n</ol>\n</li>\n<li>b</li>\n</ul>\n"
        );
    }

    /// The first, quadratic version of the merge: the linear one must agree
    /// with it on every input.
    mod reference {
        use super::super::is_block;
        use pulldown_cmark::{Event, Tag, TagEnd};

        pub fn reference_merge(events: &mut Vec<Event<'_>>) {
            let mut index = 0;
            while index + 1 < events.len() {
                let merge = match (events.get(index), events.get(index + 1)) {
                    (
                        Some(Event::End(TagEnd::List(first_ordered))),
                        Some(Event::Start(Tag::List(second))),
                    ) => (*first_ordered != second.is_some()).then_some(*first_ordered),
                    _ => None,
                };
                let Some(first_ordered) = merge else {
                    index += 1;
                    continue;
                };
                if let Some(second_end) = matching_list_end(events, index + 1) {
                    if let Some(event) = events.get_mut(second_end) {
                        *event = Event::End(TagEnd::List(first_ordered));
                    }
                }
                // Later positions first, so earlier indices stay valid.
                reference_wrap(events, index + 2);
                events.drain(index..index + 2);
                if let Some(start) = matching_item_start(events, index) {
                    reference_wrap(events, start);
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
            let mut ours: Vec<Event<'_>> = Parser::new(&markdown).collect();
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
            let mut events: Vec<Event<'_>> = Parser::new(&markdown).collect();
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
            assert_eq!(lists, lines / 2, "each pair of lists is merged");
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
