//! MultiMarkdown meta-data lines (`Title: …` at the top of a file, as
//! Python-Markdown's `meta` extension reads them). MkDocs takes them off
//! every page that has no YAML front matter, whether or not the extension
//! is listed, so on an MkDocs site they are settings, not text to print.

use std::collections::BTreeMap;

/// The meta-data block at the top of a page, once taken off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaLines {
    /// Keys lower-cased; a key given twice, or continued on indented
    /// lines, has its values joined by spaces (as MkDocs does).
    pub fields: BTreeMap<String, String>,
    /// Byte offset of the markdown after the block and the blank lines
    /// that follow it.
    pub body_start: usize,
}

/// Reads the meta-data lines at the start of `text`; `None` when the text
/// does not start with one. The rules are MkDocs's `get_data`: a run of
/// `Key: value` lines (a key is letters, digits, `_` and `-`, indented at
/// most three spaces), continuation lines indented four spaces or a tab,
/// ending at a blank line or at the first line that is neither.
pub fn split(text: &str) -> Option<MetaLines> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut key: Option<String> = None;
    let mut offset = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            end = offset + line.len();
            break;
        }
        if let Some((name, value)) = key_line(content) {
            let name = name.to_lowercase();
            append(&mut fields, &name, value.trim());
            key = Some(name);
        } else if let (Some(value), Some(name)) = (continuation(content), key.as_ref()) {
            append(&mut fields, name, value.trim());
        } else {
            end = offset;
            break;
        }
        offset += line.len();
        end = offset;
    }
    if fields.is_empty() {
        return None;
    }
    // MkDocs strips the newlines that follow the block.
    let rest = text.get(end..).unwrap_or("");
    let body_start = end + (rest.len() - rest.trim_start_matches(['\n', '\r']).len());
    Some(MetaLines { fields, body_start })
}

fn append(fields: &mut BTreeMap<String, String>, key: &str, value: &str) {
    match fields.get_mut(key) {
        Some(existing) => {
            existing.push(' ');
            existing.push_str(value);
        }
        None => {
            fields.insert(key.to_owned(), value.to_owned());
        }
    }
}

/// `Key: value`, indented by at most three spaces.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let unindented = line.trim_start_matches(' ');
    if line.len() - unindented.len() > 3 {
        return None;
    }
    let (name, value) = unindented.split_once(':')?;
    let is_key = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    is_key.then_some((name, value))
}

/// A line indented four spaces or a tab continues the last key.
fn continuation(line: &str) -> Option<&str> {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(String, String)> {
        split(text)
            .map(|meta| meta.fields.into_iter().collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_block_of_key_lines_is_taken_off_with_the_blank_lines_after_it() {
        let text = "Title: My page\nSummary: one\n    two\n\n\n# Heading\n";
        let meta = split(text).expect("meta lines");
        assert_eq!(text.get(meta.body_start..), Some("# Heading\n"));
        assert_eq!(
            fields(text),
            [
                ("summary".to_owned(), "one two".to_owned()),
                ("title".to_owned(), "My page".to_owned())
            ]
        );
    }

    #[test]
    fn the_block_ends_at_the_first_line_that_is_not_meta() {
        let text = "title: x\n# Heading\n";
        let meta = split(text).expect("meta lines");
        assert_eq!(text.get(meta.body_start..), Some("# Heading\n"));
        assert_eq!(
            fields("Title: a\ntitle: b\n"),
            [("title".into(), "a b".into())]
        );
    }

    #[test]
    fn text_that_does_not_start_with_a_key_line_is_left_alone() {
        for text in [
            "# Heading\n",
            "\nTitle: after a blank line\n",
            "Two words: are not a key\n",
            "    Title: indented four spaces\n",
            ":no key\n",
            "",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }

    #[test]
    fn keys_may_be_indented_three_spaces_and_use_crlf() {
        let text = "   Author-Name: Me\r\n\r\nBody";
        let meta = split(text).expect("meta lines");
        assert_eq!(text.get(meta.body_start..), Some("Body"));
        assert_eq!(fields(text), [("author-name".into(), "Me".into())]);
    }

    #[test]
    fn a_continuation_without_a_key_before_it_is_not_meta() {
        assert_eq!(split("\tvalue\n"), None);
    }
}
