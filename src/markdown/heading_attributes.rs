//! A heading's attribute list, as Python-Markdown's `attr_list` reads it:
//! `## Title { #id .class key="a value" }` at the end of the heading's
//! text, after at least one space. Quoted values may hold spaces, braces
//! and markup; `data-toc-label` names the heading in tables of contents
//! instead of its text.

/// The attributes a heading's list gives it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HeadingAttributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Other attributes in the order written (names made XML-safe).
    pub others: Vec<(String, Option<String>)>,
    /// What `data-toc-label` says the heading is called in contents.
    pub toc_label: Option<String>,
}

/// Where the attribute list at the end of `text` starts (at the spaces
/// before its `{`), and what it holds; `None` when `text` ends with none.
/// Python-Markdown takes the leftmost ` {` from which the text ends with `}`.
pub fn trailing(text: &str) -> Option<(usize, HeadingAttributes)> {
    let trimmed = text.trim_end_matches([' ', '\t']);
    if !trimmed.ends_with('}') {
        return None;
    }
    let mut search = 0;
    while let Some(found) = trimmed.get(search..).and_then(|rest| rest.find(" {")) {
        let brace = search + found + 1;
        search = brace;
        let inner = trimmed.get(brace + 1..trimmed.len() - 1)?;
        let inner = inner
            .strip_prefix(':')
            .unwrap_or(inner)
            .trim_start_matches(' ');
        if inner.is_empty() || inner.starts_with('}') || inner.contains('\n') {
            continue;
        }
        let spaces_start = trimmed.get(..brace)?.trim_end_matches(' ').len();
        // Python-Markdown tries the leftmost list only; a stray `}` in it
        // leaves the heading as written.
        let written = super::attr_list::parse_strict(inner)?;
        return Some((spaces_start, collect(written)));
    }
    None
}

fn collect(written: Vec<(String, Option<String>)>) -> HeadingAttributes {
    let mut attributes = HeadingAttributes::default();
    for (name, value) in written {
        let value = value.map(|v| unescape(&v));
        match (name.as_str(), value) {
            (".", Some(class)) => attributes.classes.push(class),
            ("id", Some(id)) => attributes.id = Some(id),
            ("class", Some(classes)) => {
                attributes.classes = classes.split_whitespace().map(str::to_owned).collect();
            }
            ("data-toc-label", Some(label)) => {
                attributes.toc_label = Some(super::html_text::plain_text(&label))
            }
            (_, value) => {
                let name = super::attr_list::sanitise(&name);
                match attributes
                    .others
                    .iter_mut()
                    .find(|(known, _)| *known == name)
                {
                    Some(slot) => slot.1 = value,
                    None => attributes.others.push((name, value)),
                }
            }
        }
    }
    attributes
}

/// A value with its backslash escapes read (`\*` → `*`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_at_the_end_after_a_space_are_read() {
        let (at, attributes) = trailing("Title { #id .a .b data-x=\"1 2\" }").expect("list");
        assert_eq!(at, 5);
        assert_eq!(attributes.id.as_deref(), Some("id"));
        assert_eq!(attributes.classes, vec!["a", "b"]);
        assert_eq!(
            attributes.others,
            vec![("data-x".to_owned(), Some("1 2".to_owned()))]
        );
        assert_eq!(trailing("Title{ #id }"), None);
        assert_eq!(trailing("{ #only }"), None);
        assert_eq!(trailing("Title { }"), None);
        assert_eq!(trailing("Title {#id} more"), None);
        assert_eq!(trailing("A {b} and {: #c }"), None);
        assert_eq!(trailing("Heading {.a} }"), None);
        let (_, unclosed) = trailing("Heading {foo=\"bar}").expect("unclosed quote");
        assert_eq!(
            unclosed.others,
            vec![("foo".to_owned(), Some("\"bar".to_owned()))]
        );
    }

    #[test]
    fn labels_and_escapes() {
        let (_, attributes) =
            trailing("H { data-toc-label=\"Foo <b>Quux</b> &amp; x\" }").expect("label");
        assert_eq!(attributes.toc_label.as_deref(), Some("Foo Quux & x"));
        assert!(attributes.others.is_empty());
        let (_, attributes) = trailing("`*Foo*` { id=\"\\*Foo\\*\" }").expect("escaped");
        assert_eq!(attributes.id.as_deref(), Some("*Foo*"));
        let (_, attributes) = trailing("C { data-x=\"{ curly }\" }").expect("curly");
        assert_eq!(
            attributes.others,
            vec![("data-x".to_owned(), Some("{ curly }".to_owned()))]
        );
    }
}
