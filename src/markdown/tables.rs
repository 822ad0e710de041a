//! Tables as Python-Markdown's `tables` writes them: alignment as
//! `style="text-align: left;"`, an attribute list ending a cell's text on
//! the cell, a table without body rows given one empty row, and a `|`
//! inside a code span no cell border.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Stands in for a `|` inside a code span of a table row; one byte, like
/// the pipe, and never in a page (control characters are taken out when
/// files are read).
pub(super) const GUARDED_PIPE: char = '\u{1c}';

/// The text with every `|` inside a code span on a table's lines replaced
/// by [`GUARDED_PIPE`]; `None` when there is none. A table's lines are
/// a row followed by a delimiter row, and the rows after it up to a blank line.
pub fn guard_code_pipes(text: &str) -> Option<String> {
    if !text.contains('`') || !text.contains('|') {
        return None;
    }
    let mut guarded: Option<Vec<u8>> = None;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let mut in_table = false;
    for (index, &(start, line)) in lines.iter().enumerate() {
        let starts_table = lines
            .get(index + 1)
            .is_some_and(|(_, next)| is_delimiter_row(next) && line.contains('|'));
        if line.trim().is_empty() {
            in_table = false;
        }
        in_table |= starts_table;
        if !in_table || !line.contains('`') {
            continue;
        }
        for at in pipes_in_code(line) {
            let bytes = guarded.get_or_insert_with(|| text.as_bytes().to_vec());
            if let Some(byte) = bytes.get_mut(start + at) {
                *byte = GUARDED_PIPE as u8;
            }
        }
    }
    guarded.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// A table's delimiter row: cells of dashes with optional colons, at
/// least one `|` or two cells.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    let inner = line.trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    !inner.is_empty()
        && line.contains('|')
        && inner.split('|').all(|cell| {
            let cell = cell.trim();
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
        })
}

/// Offsets of the pipes inside the code spans of `line`: a run of
/// backticks (its first one escaped by a backslash outside code does not
/// count) up to the next run of the same length. The runs are found
/// once and indexed by length, so a line of many unmatched runs stays linear.
fn pipes_in_code(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    // Every run of backticks: (start, length, whether a backslash escapes its first).
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte != b'`' {
            at += 1;
            continue;
        }
        let len = bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'`')
            .count();
        let backslashes = bytes
            .get(..at)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        runs.push((at, len, backslashes % 2 == 1));
        at += len;
    }
    let mut by_length: std::collections::HashMap<usize, Vec<usize>> =
        std::collections::HashMap::new();
    for (index, &(_, len, _)) in runs.iter().enumerate() {
        by_length.entry(len).or_default().push(index);
    }
    let mut pipes = Vec::new();
    let mut index = 0;
    while let Some(&(start, len, escaped)) = runs.get(index) {
        // An escaped first backtick is text: the span opens after it.
        let (open_start, open_len) = if escaped {
            (start + 1, len - 1)
        } else {
            (start, len)
        };
        let close = by_length.get(&open_len).and_then(|later| {
            let after = later.partition_point(|&i| i <= index);
            later.get(after).copied()
        });
        match close.filter(|_| open_len > 0) {
            Some(close) => {
                let close_at = runs.get(close).map_or(start, |run| run.0);
                pipes.extend(
                    (open_start + open_len..close_at).filter(|&i| bytes.get(i) == Some(&b'|')),
                );
                index = close + 1;
            }
            None => index += 1,
        }
    }
    pipes
}

/// Writes the cells of the page's tables (finished events) as
/// Python-Markdown does; with `attr_list`, a cell's trailing attribute
/// list goes on the cell. No event moves.
pub fn apply(out: &mut [Event<'_>], attr_list: bool) {
    if attr_list {
        super::delimiters::merge_texts(out);
    }
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut cell = 0;
    let mut header_cells = 0;
    let mut body_rows = 0;
    for index in 0..out.len() {
        let Some(event) = out.get(index) else { break };
        match event {
            Event::Start(Tag::Table(table)) => {
                alignments = table.clone();
                body_rows = 0;
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cell = 0;
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header_cells = cell;
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                body_rows += 1;
            }
            Event::Start(Tag::TableCell) => {
                let name = if in_head { "th" } else { "td" };
                let mut existing = Vec::new();
                if let Some(style) = alignment_style(alignments.get(cell)) {
                    existing.push(("style".to_owned(), style.to_owned()));
                }
                let open = match attr_list.then(|| cell_attributes(out, index, existing.clone())) {
                    Some(Some(attributes)) => format!("<{name}{attributes}>"),
                    _ => format!("<{name}{}>", plain_attributes(&existing)),
                };
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(open.into());
                }
            }
            Event::End(TagEnd::TableCell) => {
                let name = if in_head { "th" } else { "td" };
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::InlineHtml(format!("</{name}>").into());
                }
                cell += 1;
            }
            Event::End(TagEnd::Table) if body_rows == 0 => {
                // Python-Markdown gives a table of only a header one empty
                // row, its cells without alignment.
                let mut row = String::from("<tr>");
                row.push_str(&"<td></td>".repeat(header_cells));
                row.push_str("</tr>\n</tbody></table>\n");
                if let Some(slot) = out.get_mut(index) {
                    *slot = Event::Html(row.into());
                }
            }
            _ => {}
        }
    }
}

fn alignment_style(alignment: Option<&Alignment>) -> Option<&'static str> {
    match alignment? {
        Alignment::None => None,
        Alignment::Left => Some("text-align: left;"),
        Alignment::Center => Some("text-align: center;"),
        Alignment::Right => Some("text-align: right;"),
    }
}

fn plain_attributes(attributes: &[(String, String)]) -> String {
    attributes
        .iter()
        .map(|(name, value)| format!(" {name}=\"{}\"", crate::escape::html_attribute(value)))
        .collect()
}

/// The attributes of the cell opened at `start` when its text ends with
/// an attribute list, which is taken out of the text.
fn cell_attributes(
    out: &mut [Event<'_>],
    start: usize,
    existing: Vec<(String, String)>,
) -> Option<String> {
    let end = out
        .iter()
        .skip(start)
        .position(|event| matches!(event, Event::End(TagEnd::TableCell)))?
        + start;
    // The cell's last text (split texts were joined, leaving empty ones).
    let last = (start + 1..end)
        .rev()
        .find(|&index| !matches!(out.get(index), Some(Event::Text(t)) if t.is_empty()))?;
    let Some(Event::Text(text)) = out.get(last) else {
        return None;
    };
    let (kept, attributes) = super::attr_list::trailing(text, existing)?;
    let kept = kept.to_owned();
    if let Some(slot) = out.get_mut(last) {
        *slot = Event::Text(kept.into());
    }
    Some(attributes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_in_code_spans_of_table_rows_are_guarded() {
        let text = "a | b\n--|--\n`x|y` | `z\n\n`p|q` |\n";
        let guarded = guard_code_pipes(text).expect("guarded");
        assert_eq!(guarded.len(), text.len());
        assert_eq!(guarded.matches(GUARDED_PIPE).count(), 1);
        assert!(guarded.starts_with("a | b\n--|--\n`x\u{1c}y` | `z\n"));
        // After the blank line, no table: the code span is left alone.
        assert!(guarded.ends_with("`p|q` |\n"));
        assert_eq!(guard_code_pipes("no table `a|b`\n"), None);
    }

    #[test]
    fn delimiter_rows_and_code_spans() {
        assert!(is_delimiter_row("| :-- | --: |"));
        assert!(is_delimiter_row("---|---"));
        assert!(!is_delimiter_row("| a | b |"));
        assert!(!is_delimiter_row("---"));
        assert_eq!(pipes_in_code("`a|b` | ``c|`d`` | \\`e|f`"), vec![2, 11]);
        assert_eq!(pipes_in_code("`open | x"), Vec::<usize>::new());
    }
}
