//! Problems in the user's site: what went wrong, where (a byte span in the
//! original file), and how to fix it. Stages collect these and carry on;
//! only the CLI layer prints them.

mod print;
mod suggest;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use print::{Format, render, render_limited};
pub use suggest::closest_name;

/// `text` with control characters (other than line breaks and tabs)
/// written as escapes, so text from a user's files cannot drive the
/// terminal it is printed on.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unprintable(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with each unprintable character replaced by as many `?` as it
/// has bytes: what a source line shows, with every offset kept.
fn printable_same_length(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| is_unprintable(c) && c != '\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unprintable(c) && c != '\r' {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How bad a problem is. Errors stop the build before any output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

/// The text of a file a diagnostic points into, shared between the
/// diagnostics that point at it.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// One problem found in the user's site.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem (`broken-link`, `yaml`, ...).
    pub code: Cow<'static, str>,
    pub message: String,
    pub location: Option<Box<Location>>,
    /// A hint on how to fix it.
    pub help: Option<String>,
}

/// Where a diagnostic points: a file, and optionally a byte range in its text.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    /// The file's text, when it was readable; needed for line and column.
    pub source: Option<Arc<str>>,
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: Cow::Borrowed(code),
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.location = Some(Box::new(Location {
            path: path.as_ref().to_path_buf(),
            source: None,
            span: None,
        }));
        self
    }

    /// Points the diagnostic at a byte range of a file's text.
    pub fn at(mut self, source: &SourceText, span: Range<usize>) -> Self {
        let len = source.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        self.location = Some(Box::new(Location {
            path: source.path.clone(),
            source: Some(source.text.clone()),
            span: Some(start..end),
        }));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// 1-based line and column of the span start, when known.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let location = self.location.as_ref()?;
        let source = location.source.as_ref()?;
        let span = location.span.as_ref()?;
        Some(line_col(source, span.start))
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The problems found by a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Reports every diagnostic of the given code at `severity`, or drops
    /// them (`None`): a site's own levels for a check.
    pub fn set_severity(&mut self, code: &str, severity: Option<Severity>) {
        match severity {
            Some(severity) => {
                for item in self.items.iter_mut().filter(|item| item.code == code) {
                    item.severity = severity;
                }
            }
            None => self.items.retain(|item| item.code != code),
        }
    }

    /// Turns every error of the given code into a warning (`--allow-broken-links`).
    pub fn downgrade(&mut self, code: &str) {
        for item in &mut self.items {
            if item.code == code && item.severity == Severity::Error {
                item.severity = Severity::Warning;
            }
        }
    }

    /// Turns every warning into an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        for item in &mut self.items {
            if item.severity == Severity::Warning {
                item.severity = Severity::Error;
            }
        }
    }

    /// The same diagnostics without hints (what `build` prints; `check` prints all).
    pub fn without_hints(&self) -> Diagnostics {
        self.items
            .iter()
            .filter(|d| d.severity != Severity::Hint)
            .cloned()
            .collect()
    }

    /// Diagnostics sorted by file, then position, then severity: the order users read them in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.items.iter().collect();
        sorted.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        sorted
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

fn sort_key(d: &Diagnostic) -> (Option<&Path>, usize, Severity, &str) {
    let path = d.location.as_ref().map(|l| l.path.as_path());
    let start = d
        .location
        .as_ref()
        .and_then(|l| l.span.as_ref())
        .map_or(0, |s| s.start);
    (path, start, d.severity, d.message.as_str())
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Self {
            items: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\néé x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "éé " is 5 bytes, 3 characters.
        assert_eq!(line_col(text, 8), (2, 4));
    }

    #[test]
    fn line_col_survives_offsets_inside_a_character() {
        assert_eq!(line_col("é", 1), (1, 1));
        assert_eq!(line_col("a", 99), (1, 2));
    }
}
