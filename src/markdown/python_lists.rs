//! Python-Markdown's list rules where they differ from CommonMark in ways an
//! MkDocs site can see. Python-Markdown keeps a list going when an item of
//! the other kind follows (`1.` then `*`), and wraps the items around the
//! blank line between them in paragraphs. CommonMark starts a second list.
//! This pass merges such neighbouring lists in the event stream, so pages
//! migrated from MkDocs keep their shape.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Merges each list that is directly followed by a list of the other kind.
pub fn merge_mixed_lists(events: &mut Vec<Event<'_>>) {
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
        wrap_item_in_paragraph(events, index + 2);
        events.drain(index..index + 2);
        if let Some(start) = matching_item_start(events, index) {
            wrap_item_in_paragraph(events, start);
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
fn wrap_item_in_paragraph(events: &mut Vec<Event<'_>>, item_start: usize) {
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
    fn same_kind_lists_are_untouched() {
        assert_eq!(
            render("* a\n* b\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }
}
