//! A linear pre-scan of front matter that refuses YAML nested deeper than
//! any real front matter is, before the YAML parser sees it: the parser's
//! work grows much faster than the text on deep nesting (200 KB of `[[[[`
//! took the parser 54 s before it gave up on its recursion limit).
//!
//! The scan is deliberately approximate in the direction of letting text
//! through: it counts flow collections (`[`, `{`) where YAML would open
//! one, and block nesting by indentation and `- ` markers, never inside
//! quoted strings or comments.

/// Nesting deeper than this is refused. Real front matter rarely goes past
/// three or four levels.
pub const MAX_NESTING: usize = 64;

/// The byte offset of the character that takes `yaml` past
/// [`MAX_NESTING`] levels, if one does.
pub fn too_deep_at(yaml: &str) -> Option<usize> {
    let mut flow = 0usize;
    // Indentation of the open block levels.
    let mut indents: Vec<usize> = Vec::new();
    let mut line_start = 0usize;
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        if flow == 0 && !content.is_empty() && !content.starts_with('#') {
            while indents.last().is_some_and(|&open| open > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&open| open < indent) {
                indents.push(indent);
                if indents.len() > MAX_NESTING {
                    return Some(line_start + indent);
                }
            }
        }
        let mut scan = LineScan {
            line,
            flow: &mut flow,
            block: indents.len(),
        };
        if let Some(at) = scan.run(indent) {
            return Some(line_start + at);
        }
        line_start += line.len();
    }
    None
}

/// Scans one line, carrying the flow depth across lines.
struct LineScan<'a> {
    line: &'a str,
    flow: &'a mut usize,
    /// Block levels open at this line's indentation.
    block: usize,
}

impl LineScan<'_> {
    fn run(&mut self, indent: usize) -> Option<usize> {
        let bytes = self.line.as_bytes();
        let mut at = indent;
        // Whether a value may begin here (line start, after `- `, `: `, `? `).
        let mut value_start = true;
        let mut dashes = 0usize;
        while let Some(&byte) = bytes.get(at) {
            let next = bytes.get(at + 1).copied();
            let before_is_space = at == 0 || bytes.get(at - 1).is_some_and(u8::is_ascii_whitespace);
            match byte {
                b'#' if before_is_space => return None,
                b'"' | b'\'' if *self.flow > 0 || value_start => {
                    at = skip_quoted(bytes, at)?;
                    value_start = false;
                    continue;
                }
                b'[' | b'{' if *self.flow > 0 || value_start => {
                    *self.flow += 1;
                    if self.block + dashes + *self.flow > MAX_NESTING {
                        return Some(at);
                    }
                    value_start = true;
                }
                b']' | b'}' if *self.flow > 0 => *self.flow -= 1,
                b',' if *self.flow > 0 => value_start = true,
                b'-' | b'?'
                    if *self.flow == 0 && value_start && matches!(next, Some(b' ') | None) =>
                {
                    dashes += 1;
                    if self.block + dashes > MAX_NESTING {
                        return Some(at);
                    }
                }
                b':' if matches!(next, Some(b' ' | b'\n' | b'\r') | None) => value_start = true,
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => value_start = false,
            }
            at += 1;
        }
        None
    }
}

/// The index after the quoted string that starts at `start`; `None` when
/// it runs to the end of the line (a multi-line string: nothing to count).
fn skip_quoted(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = *bytes.get(start)?;
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        if quote == b'"' && byte == b'\\' {
            at += 2;
            continue;
        }
        if byte == quote {
            // `''` is an escaped quote inside a single-quoted string.
            if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') {
                at += 2;
                continue;
            }
            return Some(at + 1);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "title: \"What is [x]?\"\ntags: [python, lists]\nmeta:\n  - name: robots\n    content: '[[[['\nlist: [[1, 2], {a: [b]}]\n";
        assert_eq!(too_deep_at(yaml), None);
    }

    #[test]
    fn brackets_inside_plain_text_are_not_nesting() {
        let yaml = format!("title: What is {}?\n", "[".repeat(500));
        assert_eq!(too_deep_at(&yaml), None);
    }

    #[test]
    fn deep_flow_nesting_is_found_where_it_crosses_the_limit() {
        let yaml = format!("x: {}", "[".repeat(100_000));
        assert_eq!(too_deep_at(&yaml), Some(3 + MAX_NESTING - 1));
        let yaml = format!("title: t\nx: {}{}\n", "{a: ".repeat(80), "}".repeat(80));
        let at = too_deep_at(&yaml);
        assert!(at.is_some_and(|at| at > 9), "{at:?}");
    }

    #[test]
    fn deep_block_nesting_is_found() {
        let dashes = "- ".repeat(100);
        assert!(too_deep_at(&format!("x:\n  {dashes}a\n")).is_some());
        let keys: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep_at(&keys).is_some());
        let shallow: String = (0..10)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(too_deep_at(&shallow), None);
    }

    #[test]
    fn ten_million_brackets_stop_at_the_limit() {
        let yaml = format!("x: {}", "[".repeat(10_000_000));
        assert!(too_deep_at(&yaml).is_some());
    }
}
