//! Task lists as pymdownx.tasklist writes them: `ul.task-list`,
//! `li.task-list-item`, a disabled checkbox, and with `custom_checkbox`
//! the label and indicator Material for MkDocs draws its boxes with.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Writes the page's task items (finished events) as pymdownx.tasklist
/// does. No event moves.
pub fn apply(out: &mut [Event<'_>], custom_checkbox: bool) {
    if !out.iter().any(|e| matches!(e, Event::TaskListMarker(_))) {
        return;
    }
    // Open lists and items, innermost last: (index of the start, is a task).
    let mut lists: Vec<(usize, bool)> = Vec::new();
    let mut items: Vec<(usize, bool)> = Vec::new();
    for index in 0..out.len() {
        match out.get(index) {
            Some(Event::Start(Tag::List(_))) => lists.push((index, false)),
            Some(Event::Start(Tag::Item)) => items.push((index, false)),
            Some(Event::TaskListMarker(checked)) => {
                let checked = if *checked { " checked" } else { "" };
                let input = format!("<input type=\"checkbox\" disabled{checked}/>");
                let html = match custom_checkbox {
                    true => format!(
                        "<label class=\"task-list-control\">{input}<span class=\"task-list-indicator\"></span></label> "
                    ),
                    false => format!("{input} "),
                };
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(html.into());
                }
                if let Some(item) = items.last_mut() {
                    item.1 = true;
                }
                if let Some(list) = lists.last_mut() {
                    list.1 = true;
                }
            }
            Some(Event::End(TagEnd::Item)) => {
                if let Some((start, true)) = items.pop() {
                    set(out, start, "<li class=\"task-list-item\">".to_owned());
                    set(out, index, "</li>\n".to_owned());
                }
            }
            Some(Event::End(TagEnd::List(ordered))) => {
                let ordered = *ordered;
                if let Some((start, true)) = lists.pop() {
                    let open = match out.get(start) {
                        Some(Event::Start(Tag::List(Some(first)))) if *first != 1 => {
                            format!("<ol class=\"task-list\" start=\"{first}\">\n")
                        }
                        _ if ordered => "<ol class=\"task-list\">\n".to_owned(),
                        _ => "<ul class=\"task-list\">\n".to_owned(),
                    };
                    set(out, start, open);
                    set(
                        out,
                        index,
                        if ordered { "</ol>\n" } else { "</ul>\n" }.to_owned(),
                    );
                }
            }
            _ => {}
        }
    }
}

fn set(out: &mut [Event<'_>], index: usize, html: String) {
    if let Some(slot) = out.get_mut(index) {
        *slot = Event::Html(html.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str, custom: bool) -> String {
        let mut events: Vec<Event<'_>> =
            pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TASKLISTS)
                .collect();
        apply(&mut events, custom);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn task_items_are_marked_as_pymdownx_marks_them() {
        assert_eq!(
            html("- [x] done\n- plain\n", false),
            "<ul class=\"task-list\">\n<li class=\"task-list-item\"><input type=\"checkbox\" disabled checked/> done</li>\n<li>plain</li>\n</ul>\n"
        );
        assert!(html("3. [ ] later\n", true).starts_with(
            "<ol class=\"task-list\" start=\"3\">\n<li class=\"task-list-item\"><label class=\"task-list-control\"><input type=\"checkbox\" disabled/><span class=\"task-list-indicator\"></span></label> later</li>"
        ));
        assert_eq!(
            html("- no task\n", false),
            "<ul>\n<li>no task</li>\n</ul>\n"
        );
    }
}
