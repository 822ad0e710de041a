//! pymdownx.snippets: a line `--8<-- "file.md"` (or a `--8<--` block of file
//! names) is replaced by the file's lines before the page is parsed, as
//! Python-Markdown does. Paths may select lines (`file.md:3:7`, several
//! ranges with `,`, negative numbers counting from the end) or a section
//! marked `--8<-- [start:name]` … `--8<-- [end:name]`; included files are
//! expanded in turn; `auto_append` files end every page (a glossary of
//! abbreviations, a list of link references).
//!
//! Unlike pymdownx, a missing file, a cycle or an unclosed block is always
//! reported (an error with `check_paths`, else a warning) rather than
//! passed over in silence, files are never read from outside the site or
//! through a symlink that leaves it, URLs are refused (builds are
//! offline), and the expansion of one page is bounded in size and depth.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::bounded_read::{Bounded, read_bounded};
use crate::diagnostics::{Diagnostic, Severity, SourceText};
use crate::markdown::rewrite::LineMap;

/// `[markdown] snippets`: where snippet files are looked up and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetSettings {
    /// Folders (or single files) searched in order; absolute.
    pub base_paths: Vec<PathBuf>,
    /// A missing snippet fails the build (else it is a warning).
    pub check_paths: bool,
    /// Files added to the end of every page.
    pub auto_append: Vec<String>,
    /// Take the common indentation off selected lines and sections.
    pub dedent_subsections: bool,
    /// Only files inside a base path (always inside the site).
    pub restrict_base_path: bool,
}

/// A page with its snippets put in.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The whole file's text (front matter kept) with snippets in place:
    /// what every later stage reads.
    pub text: String,
    /// Offsets in `text` back to offsets in the file: included lines map
    /// to the marker that brought them in.
    pub map: LineMap,
    /// Every snippet file read, for the watcher and the up-to-date check.
    pub files: Vec<PathBuf>,
    /// What was missing or refused.
    pub problems: Vec<Diagnostic>,
}

/// Expanded text past this is refused: a few files including each other
/// several times can otherwise multiply without end.
const MAX_EXPANDED_BYTES: usize = 32 * 1024 * 1024;
/// Nesting past this is refused (pymdownx stops near Python's recursion limit).
const MAX_DEPTH: usize = 32;
/// The largest snippet file read.
const MAX_SNIPPET_BYTES: u64 = 16 * 1024 * 1024;

/// Snippet files read so far, shared by the pages of one build: an
/// `auto_append` file is read once, not once per page.
#[derive(Debug, Default)]
pub struct SnippetFiles {
    read: Mutex<HashMap<PathBuf, Result<Arc<str>, String>>>,
}

impl SnippetFiles {
    fn read(&self, path: &Path) -> Result<Arc<str>, String> {
        if let Some(known) = self.read.lock().ok().and_then(|m| m.get(path).cloned()) {
            return known;
        }
        let result = match read_bounded(path, MAX_SNIPPET_BYTES) {
            Err(e) => Err(format!("cannot read it: {e}")),
            Ok(Bounded::TooLarge(size)) => Err(format!(
                "it is {} MB; snippets may be at most {} MB",
                size / (1024 * 1024),
                MAX_SNIPPET_BYTES / (1024 * 1024)
            )),
            Ok(Bounded::Read(bytes)) => String::from_utf8(bytes)
                .map(|text| Arc::from(normalise_newlines(&text)))
                .map_err(|_| "it is not UTF-8 text".to_owned()),
        };
        if let Ok(mut map) = self.read.lock() {
            map.insert(path.to_path_buf(), result.clone());
        }
        result
    }
}

/// Python reads files in text mode: every line ending is a `\n`.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Puts the snippets into `source` (whose markdown starts at `body_start`);
/// `None` when the page has none, so nothing is copied.
pub fn expand(
    source: &SourceText,
    body_start: usize,
    settings: &SnippetSettings,
    root: &Path,
    files: &SnippetFiles,
) -> Option<Expansion> {
    let body = source.text.get(body_start..).unwrap_or("");
    if !body.contains("8<") && settings.auto_append.is_empty() {
        return None;
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut expander = Expander {
        settings,
        files,
        root,
        chain: Vec::new(),
        read: BTreeSet::new(),
        problems: Vec::new(),
        size: 0,
        stopped: false,
    };
    let lines = split_lines(body, body_start);
    let mut out = expander.parse(&lines, source, Origin::Exact, false);
    // Python-Markdown returns nothing for a blank page before any extension runs.
    if !settings.auto_append.is_empty() && !body.trim().is_empty() {
        let end = source.text.len();
        let at_end = Origin::At(end);
        out.push(OutLine::new(String::new(), at_end));
        out.push(OutLine::new(String::new(), at_end));
        for (index, name) in settings.auto_append.iter().enumerate() {
            if index > 0 {
                out.push(OutLine::new(String::new(), at_end));
            }
            let target = Target::parse(name.trim());
            match target {
                Some(target) => {
                    let included = expander.include(&target, source, end..end, at_end, true);
                    out.extend(included);
                }
                None => expander.missing(source, end..end, name, true),
            }
        }
    }
    let mut text = String::with_capacity(body_start + expander.size + body.len());
    text.push_str(source.text.get(..body_start).unwrap_or(""));
    let mut entries = vec![(0, 0, true)];
    for line in out {
        match line.origin {
            Origin::Exact => entries.push((text.len(), line.at, true)),
            Origin::At(at) => entries.push((text.len(), at, false)),
        }
        text.push_str(&line.text);
        text.push('\n');
    }
    Some(Expansion {
        text,
        map: LineMap::from_entries(entries),
        files: expander.read.into_iter().collect(),
        problems: expander.problems,
    })
}

/// A line of the page or of a snippet file, where it is in that file.
#[derive(Debug, Clone)]
struct SourceLine<'a> {
    text: Cow<'a, str>,
    /// Offset of the line in its file.
    at: usize,
}

fn split_lines(text: &str, base: usize) -> Vec<SourceLine<'_>> {
    let mut lines = Vec::new();
    let mut at = base;
    for raw in text.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        lines.push(SourceLine {
            text: Cow::Borrowed(line),
            at,
        });
        at += raw.len();
    }
    lines
}

/// Where an output line's offsets lead back to.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// The page's own line at [`OutLine::at`], byte for byte.
    Exact,
    /// A line from elsewhere: all of it stands for this offset of the page.
    At(usize),
}

#[derive(Debug)]
struct OutLine {
    text: String,
    origin: Origin,
    at: usize,
}

impl OutLine {
    fn new(text: String, origin: Origin) -> Self {
        Self {
            text,
            origin,
            at: 0,
        }
    }
}

/// What a snippet path asks for: the file, and which of its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    path: String,
    /// `(start, end)` pairs as written (1-based, negative from the end).
    ranges: Vec<(Option<i64>, Option<i64>)>,
    section: Option<String>,
}

impl Target {
    /// Splits `file.md:1:5,9:`, `file.md:name` or `file.md`; `None` when no
    /// path is left.
    fn parse(spec: &str) -> Option<Target> {
        let (path, ranges, section) = split_path(spec);
        let path = path.trim();
        if path.is_empty() {
            return None;
        }
        let ranges = ranges
            .map(|ranges| {
                ranges
                    .split(',')
                    .map(|piece| {
                        let mut parts = piece.splitn(2, ':');
                        let number = |s: Option<&str>| s.and_then(|s| s.parse::<i64>().ok());
                        (number(parts.next()), number(parts.next()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Target {
            path: path.to_owned(),
            ranges,
            section: section.map(str::to_owned),
        })
    }
}

/// The path, the line ranges after its first `:` (without the `:`) and the
/// section name: the first `:` that starts a specifier running to the end.
fn split_path(spec: &str) -> (&str, Option<&str>, Option<&str>) {
    for (colon, _) in spec.match_indices(':') {
        let rest = &spec[colon + 1..];
        if is_line_ranges(rest) {
            return (&spec[..colon], Some(rest), None);
        }
        if is_section_name(rest) {
            return (&spec[..colon], None, Some(rest));
        }
    }
    (spec, None, None)
}

/// `N`, `N:N`, then any `,N` or `,N:N` (numbers may be empty or negative).
fn is_line_ranges(text: &str) -> bool {
    let bytes = text.as_bytes();
    let number = |mut i: usize| {
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let range = |i: usize| {
        let end = number(i);
        if bytes.get(end) == Some(&b':') {
            number(end + 1)
        } else {
            end
        }
    };
    let mut at = range(0);
    while at < bytes.len() {
        let starts_number = bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'-' || *b == b':');
        if bytes.get(at) != Some(&b',') || !starts_number {
            return false;
        }
        at = range(at + 1);
    }
    true
}

fn is_section_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What a line of snippet notation is.
#[derive(Debug, PartialEq, Eq)]
enum Notation<'a> {
    /// `;--8<--…`: kept as text, less its first `;`.
    Escaped,
    /// `--8<-- "path"`: the indentation and the quoted path.
    Inline {
        space: &'a str,
        path: &'a str,
        /// Byte offset of the path in the line.
        path_at: usize,
    },
    /// `--8<--` alone: a block of paths starts or ends.
    Block,
}

fn notation(line: &str) -> Option<Notation<'_>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let space_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[space_len..];
    let unescaped = rest.trim_start_matches(';');
    let escaped = unescaped.len() != rest.len();
    let after_marker = scissors(unescaped)?;
    let marker_end = line.len() - after_marker.len();
    let result = if after_marker.is_empty() {
        Notation::Block
    } else {
        let quoted = after_marker.trim_start_matches([' ', '\t']);
        if quoted.len() == after_marker.len() {
            return None;
        }
        let quote = quoted.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = quoted[1..].strip_suffix(quote)?;
        // The quote closes at the end of the line; inside, it is escaped.
        if inner.is_empty() || has_bare_quote(inner, quote) {
            return None;
        }
        Notation::Inline {
            space: &line[..space_len],
            path: inner,
            path_at: marker_end + (after_marker.len() - quoted.len()) + 1,
        }
    };
    Some(if escaped { Notation::Escaped } else { result })
}

/// A quote character not preceded by a backslash.
fn has_bare_quote(text: &str, quote: char) -> bool {
    let mut previous = None;
    for c in text.chars() {
        if c == quote && previous != Some('\\') {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// After `-+8<-+` at the start of `text`, the rest; `None` when it is not there.
fn scissors(text: &str) -> Option<&str> {
    let after_dashes = text.trim_start_matches('-');
    if after_dashes.len() == text.len() {
        return None;
    }
    let after_scissors = after_dashes.strip_prefix("8<")?;
    let rest = after_scissors.trim_start_matches('-');
    (rest.len() != after_scissors.len()).then_some(rest)
}

/// A section marker `--8<-- [start:name]` somewhere in a line.
#[derive(Debug, PartialEq, Eq)]
struct SectionMarker<'a> {
    escaped: bool,
    start: bool,
    name: &'a str,
    /// The line without the marker's first `;`, for an escaped marker.
    unescaped: Option<String>,
}

fn section_marker(line: &str) -> Option<SectionMarker<'_>> {
    if !line.contains("8<-") {
        return None;
    }
    let bytes = line.as_bytes();
    for (at, &b) in bytes.iter().enumerate() {
        if b != b';' && b != b'-' {
            continue;
        }
        let before = at.checked_sub(1).and_then(|i| bytes.get(i).copied());
        if before == Some(b';') || (b == b'-' && before == Some(b'-')) {
            continue;
        }
        let rest = &line[at..];
        let unescaped = rest.trim_start_matches(';');
        let escaped = unescaped.len() != rest.len();
        let Some(after) = scissors(unescaped) else {
            continue;
        };
        let bracket = after.trim_start_matches([' ', '\t']);
        if bracket.len() == after.len() {
            continue;
        }
        let Some((start, name)) = bracketed_section(bracket) else {
            continue;
        };
        let unescaped = escaped.then(|| format!("{}{}", &line[..at], &rest[1..]));
        return Some(SectionMarker {
            escaped,
            start,
            name,
            unescaped,
        });
    }
    None
}

/// `[start:name]` or `[end:name]` (spaces allowed, any case) at the start.
fn bracketed_section(text: &str) -> Option<(bool, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let inner = &inner[..close];
    let (kind, name) = inner.split_once(':')?;
    let start = match kind.trim_matches([' ', '\t']).to_ascii_lowercase().as_str() {
        "start" => true,
        "end" => false,
        _ => return None,
    };
    let name = name.trim_matches([' ', '\t']);
    is_section_name(name).then_some((start, name))
}

struct Expander<'a> {
    settings: &'a SnippetSettings,
    files: &'a SnippetFiles,
    /// The site's folder, resolved: nothing is read from outside it.
    root: PathBuf,
    /// The files being included, outermost first: a cycle is one seen again.
    chain: Vec<PathBuf>,
    read: BTreeSet<PathBuf>,
    problems: Vec<Diagnostic>,
    size: usize,
    /// The size or depth limit was reached: nothing more is included.
    stopped: bool,
}

impl Expander<'_> {
    fn severity(&self) -> Severity {
        if self.settings.check_paths {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// The lines of `lines` (from `source`) with their snippets in place.
    /// `origin` is where included lines lead back to in the page.
    fn parse(
        &mut self,
        lines: &[SourceLine<'_>],
        source: &SourceText,
        origin: Origin,
        is_section: bool,
    ) -> Vec<OutLine> {
        let mut out = Vec::new();
        // The `--8<--` line that opened a block of paths.
        let mut block: Option<&SourceLine<'_>> = None;
        for line in lines {
            // A snippet's lines (and what they include) lead back to the
            // marker in the page; each of the page's own, to itself.
            let here = match origin {
                Origin::Exact => Origin::At(line.at),
                at => at,
            };
            let mut keep = |text: String| {
                self.size += text.len() + 1;
                out.push(OutLine {
                    text,
                    origin,
                    at: line.at,
                });
            };
            match notation(&line.text) {
                Some(Notation::Escaped) => {
                    keep(line.text.replacen(';', "", 1));
                    continue;
                }
                Some(Notation::Inline { .. }) if block.is_some() => continue,
                Some(Notation::Inline {
                    space,
                    path,
                    path_at,
                }) => {
                    let span = line.at + path_at..line.at + path_at + path.len();
                    out.extend(self.inline(space, path.trim(), source, span, here));
                    continue;
                }
                Some(Notation::Block) => {
                    block = match block {
                        Some(_) => None,
                        None => Some(line),
                    };
                    continue;
                }
                None => {}
            }
            if block.is_none() {
                match section_marker(&line.text) {
                    Some(marker) if !is_section => {
                        if let Some(unescaped) = marker.unescaped {
                            keep(unescaped);
                        }
                    }
                    _ => keep(line.text.clone().into_owned()),
                }
                continue;
            }
            // A path of a block.
            let trimmed = line.text.trim_start_matches([' ', '\t']);
            let space_len = line.text.len() - trimmed.len();
            let path = trimmed.trim();
            if path.is_empty() {
                out.push(OutLine::new(String::new(), here));
                continue;
            }
            let span = line.at + space_len..line.at + space_len + path.len();
            let included = self.inline(&line.text[..space_len], path, source, span, here);
            out.extend(included);
        }
        if let Some(marker) = block {
            // pymdownx reads every line to the end as a file name and drops
            // them all; kbgen reports the block.
            self.problems.push(
                Diagnostic::error("snippet-block", "this block of snippets is never closed")
                    .at(source, marker.at..marker.at + marker.text.len())
                    .with_help("end the list of files with another `--8<--` line"),
            );
        }
        out
    }

    /// One snippet path (indented by `space`), at `span` of `source`.
    fn inline(
        &mut self,
        space: &str,
        path: &str,
        source: &SourceText,
        span: std::ops::Range<usize>,
        origin: Origin,
    ) -> Vec<OutLine> {
        if path.starts_with(';') {
            return Vec::new();
        }
        let Some(target) = Target::parse(path) else {
            self.missing(source, span, path, false);
            return Vec::new();
        };
        let indent = expand_tabs(space);
        let mut lines = self.include(&target, source, span, origin, false);
        if !indent.is_empty() {
            for line in &mut lines {
                line.text.insert_str(0, &indent);
            }
        }
        lines
    }

    fn missing(
        &mut self,
        source: &SourceText,
        span: std::ops::Range<usize>,
        path: &str,
        auto: bool,
    ) {
        let base = self
            .settings
            .base_paths
            .iter()
            .map(|p| match p.strip_prefix(&self.root) {
                Ok(inside) if inside.as_os_str().is_empty() => ".".to_owned(),
                Ok(inside) => inside.display().to_string(),
                Err(_) => p.display().to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let help = "check the file name, or the base_path of [markdown] snippets";
        let problem = if auto {
            // The same for every page: reported once, without a place.
            Diagnostic::error(
                "snippet-auto-append",
                format!("auto_append snippet `{path}` is not in the base paths ({base})"),
            )
        } else {
            Diagnostic::error(
                "snippet-missing",
                format!("snippet `{path}` is not in the base paths ({base})"),
            )
            .at(source, span)
        };
        self.problems
            .push(problem.with_severity(self.severity()).with_help(help));
    }

    /// The lines `target` names, their own snippets expanded.
    fn include(
        &mut self,
        target: &Target,
        source: &SourceText,
        span: std::ops::Range<usize>,
        origin: Origin,
        auto: bool,
    ) -> Vec<OutLine> {
        if self.stopped {
            return Vec::new();
        }
        let lower = target.path.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            self.problems.push(
                Diagnostic::error(
                    "snippet-url",
                    format!(
                        "snippet `{}` is a URL: kbgen builds offline and downloads nothing",
                        target.path
                    ),
                )
                .with_severity(self.severity())
                .at(source, span)
                .with_help("save the file inside the site and include it by its path"),
            );
            return Vec::new();
        }
        let file = match self.locate(&target.path) {
            Ok(Some(file)) => file,
            Ok(None) => {
                self.missing(source, span, &target.path, auto);
                return Vec::new();
            }
            Err(reason) => {
                self.problems.push(
                    Diagnostic::error(
                        "snippet-outside",
                        format!("snippet `{}` {reason}", target.path),
                    )
                    .at(source, span)
                    .with_help("snippets are read only from inside the site's folder"),
                );
                return Vec::new();
            }
        };
        if self.chain.contains(&file) {
            let cycle = self
                .chain
                .iter()
                .chain(std::iter::once(&file))
                .map(|p| self.shown(p))
                .collect::<Vec<_>>()
                .join(" → ");
            self.problems.push(
                Diagnostic::warning(
                    "snippet-cycle",
                    format!("snippets include each other: {cycle}"),
                )
                .at(source, span)
                .with_help("the snippet is left out here; remove one of the includes"),
            );
            return Vec::new();
        }
        if self.chain.len() >= MAX_DEPTH {
            self.stop(
                source,
                span,
                format!("snippets are nested more than {MAX_DEPTH} deep"),
            );
            return Vec::new();
        }
        let text = match self.files.read(&file) {
            Ok(text) => text,
            Err(reason) => {
                self.problems.push(
                    Diagnostic::error(
                        "snippet-read",
                        format!("cannot include `{}`: {reason}", target.path),
                    )
                    .at(source, span),
                );
                return Vec::new();
            }
        };
        self.read.insert(file.clone());
        let included = SourceText::new(self.shown(&file), text);
        // Python splits on `\n`: a file ending in a newline ends in a blank line.
        let mut lines = Vec::new();
        if !included.text.is_empty() {
            let mut at = 0;
            for line in included.text.split('\n') {
                lines.push(SourceLine {
                    text: Cow::Borrowed(line),
                    at,
                });
                at += line.len() + 1;
            }
        }
        let selected = match self.select(lines, target) {
            Some(selected) => selected,
            None => {
                let section = target.section.as_deref().unwrap_or_default();
                self.problems.push(
                    Diagnostic::error(
                        "snippet-section",
                        format!("`{}` has no section `{section}`", target.path),
                    )
                    .with_severity(self.severity())
                    .at(source, span)
                    .with_help(format!(
                        "mark it in the file with `--8<-- [start:{section}]` and `--8<-- [end:{section}]`"
                    )),
                );
                return Vec::new();
            }
        };
        self.chain.push(file);
        let out = self.parse(&selected, &included, origin, target.section.is_some());
        self.chain.pop();
        if self.size > MAX_EXPANDED_BYTES {
            self.stop(
                source,
                span,
                format!(
                    "snippets make this page larger than {} MB",
                    MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
            );
            return Vec::new();
        }
        out
    }

    fn stop(&mut self, source: &SourceText, span: std::ops::Range<usize>, message: String) {
        self.stopped = true;
        self.problems.push(
            Diagnostic::error("snippet-limit", message)
                .at(source, span)
                .with_help("look for snippets that include each other many times over"),
        );
    }

    /// The lines a target's ranges or section select; `None` when its
    /// section is not in the file.
    fn select<'t>(
        &self,
        lines: Vec<SourceLine<'t>>,
        target: &Target,
    ) -> Option<Vec<SourceLine<'t>>> {
        if lines.is_empty() {
            return Some(lines);
        }
        let selected = if !target.ranges.is_empty() {
            let total = lines.len() as i64;
            let mut picked = Vec::new();
            for &(start, end) in &target.ranges {
                let from = match start {
                    Some(s) if s < 0 => (total + s).clamp(0, total),
                    Some(s) => (s - 1).max(0),
                    None => 0,
                };
                let to = match end {
                    Some(e) if e < 0 => (total + 1 + e).clamp(0, total),
                    Some(e) => e.min(total),
                    None => total,
                };
                if let Some(range) = usize::try_from(from)
                    .ok()
                    .zip(usize::try_from(to).ok())
                    .and_then(|(from, to)| lines.get(from..to))
                {
                    picked.extend_from_slice(range);
                }
            }
            picked
        } else if let Some(section) = &target.section {
            extract_section(&lines, section)?
        } else {
            return Some(lines);
        };
        Some(if self.settings.dedent_subsections {
            dedent(selected)
        } else {
            selected
        })
    }

    /// The file a snippet path names: the first base path holding it.
    /// An error when the only match leaves the site.
    fn locate(&self, path: &str) -> Result<Option<PathBuf>, String> {
        let mut refused = None;
        for base in &self.settings.base_paths {
            let candidate = if base.is_dir() {
                let joined = lexical_join(base, Path::new(path));
                if self.settings.restrict_base_path && !joined.starts_with(base) {
                    continue;
                }
                joined
            } else if base.is_file() {
                // A base path naming a file allows that file only.
                let joined = lexical_join(base.parent().unwrap_or(base), Path::new(path));
                if joined != *base {
                    continue;
                }
                joined
            } else {
                continue;
            };
            if !candidate.exists() {
                continue;
            }
            let Ok(resolved) = candidate.canonicalize() else {
                continue;
            };
            if !resolved.starts_with(&self.root) {
                refused = Some("leads outside the site (through `..` or a symlink)".to_owned());
                continue;
            }
            if !resolved.is_file() {
                refused = Some("is a folder, not a file".to_owned());
                continue;
            }
            return Ok(Some(resolved));
        }
        refused.map_or(Ok(None), Err)
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// `base` joined with `path`, with `.` and `..` taken out as written (as
/// Python's `os.path.abspath` does), so a path cannot climb out unseen.
fn lexical_join(base: &Path, path: &Path) -> PathBuf {
    let mut joined = PathBuf::new();
    for part in base.join(path).components() {
        match part {
            Component::ParentDir => {
                joined.pop();
            }
            Component::CurDir => {}
            other => joined.push(other),
        }
    }
    joined
}

/// The lines between `[start:name]` and `[end:name]`; other sections'
/// markers inside are dropped, escaped ones lose their `;`. `None` when
/// the section is not there.
fn extract_section<'t>(lines: &[SourceLine<'t>], name: &str) -> Option<Vec<SourceLine<'t>>> {
    let mut picked = Vec::new();
    let mut inside = false;
    let mut found = false;
    for line in lines {
        let mut text = line.text.clone();
        match section_marker(&line.text) {
            Some(SectionMarker {
                unescaped: Some(unescaped),
                ..
            }) => text = Cow::Owned(unescaped),
            Some(marker) if marker.name == name => match (inside, marker.start) {
                (false, true) => {
                    inside = true;
                    found = true;
                    continue;
                }
                (true, true) => continue,
                _ => break,
            },
            Some(_) if inside => continue,
            _ => {}
        }
        if inside {
            picked.push(SourceLine { text, at: line.at });
        }
    }
    found.then_some(picked)
}

/// Takes the indentation all non-blank lines share off every line.
fn dedent(lines: Vec<SourceLine<'_>>) -> Vec<SourceLine<'_>> {
    let indent = |text: &str| text.len() - text.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| &l.text[..indent(&l.text)])
        .reduce(|a, b| {
            let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            &a[..shared]
        })
        .unwrap_or("")
        .len();
    lines
        .iter()
        .map(|l| {
            let cut = if l.text.trim().is_empty() {
                l.text.len()
            } else {
                common.min(l.text.len())
            };
            SourceLine {
                text: Cow::Owned(l.text[cut..].to_owned()),
                at: l.at + cut,
            }
        })
        .collect()
}

/// Indentation with tabs as spaces to the next multiple of 4.
fn expand_tabs(space: &str) -> String {
    let mut out = String::new();
    for c in space.chars() {
        if c == '\t' {
            let width = 4 - out.len() % 4;
            out.extend(std::iter::repeat_n(' ', width));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder holding `files`, and settings reading from its root.
    struct Fixture {
        dir: tempfile::TempDir,
        settings: SnippetSettings,
    }

    impl Fixture {
        fn new(files: &[(&str, &str)]) -> Self {
            let dir = tempfile::tempdir().expect("temp dir");
            for (name, text) in files {
                let path = dir.path().join(name);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
                std::fs::write(path, text).expect("write");
            }
            let root = dir.path().canonicalize().expect("root");
            Self {
                settings: SnippetSettings {
                    base_paths: vec![root],
                    check_paths: false,
                    auto_append: Vec::new(),
                    dedent_subsections: false,
                    restrict_base_path: true,
                },
                dir,
            }
        }

        fn expand(&self, page: &str) -> Option<Expansion> {
            let source = SourceText::new("page.md", page.to_owned());
            expand(
                &source,
                0,
                &self.settings,
                self.dir.path(),
                &SnippetFiles::default(),
            )
        }

        /// The page's text with snippets in (the page itself when it has none).
        fn text(&self, page: &str) -> String {
            self.expand(page)
                .map_or_else(|| page.to_owned(), |e| e.text)
        }

        fn problems(&self, page: &str) -> Vec<String> {
            self.expand(page)
                .map(|e| {
                    e.problems
                        .iter()
                        .map(|p| {
                            let (line, col) = p.line_col().unwrap_or((0, 0));
                            format!("{:?} {} {line}:{col} {}", p.severity, p.code, p.message)
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
    }

    #[test]
    fn a_marker_line_becomes_the_file_indented_like_the_marker() {
        let site = Fixture::new(&[("a.md", "one\ntwo\n")]);
        assert_eq!(site.text("x\n--8<-- \"a.md\"\ny\n"), "x\none\ntwo\n\ny\n");
        assert_eq!(
            site.text("- item\n\n    --8<-- 'a.md'\n"),
            "- item\n\n    one\n    two\n    \n"
        );
        assert_eq!(site.text("\t-8<- \"a.md\"\n"), "    one\n    two\n    \n");
        // Longer scissors, no file at the end of the file.
        let site = Fixture::new(&[("a.md", "one")]);
        assert_eq!(site.text("-----8<----- \"a.md\""), "one\n");
    }

    #[test]
    fn lines_that_are_not_quite_notation_stay_text() {
        let site = Fixture::new(&[("a.md", "A")]);
        for line in [
            "--8<-- \"a.md\" ",
            "--8<--\"a.md\"",
            "--8< \"a.md\"",
            "8<-- \"a.md\"",
            "--8<-- \"a.md",
            "--8<-- \"a\"md\"",
            "text --8<-- \"a.md\"",
            "--8<-- \"\"",
        ] {
            let page = format!("{line}\n");
            assert_eq!(site.text(&page), page, "{line}");
        }
    }

    #[test]
    fn blocks_list_files_and_a_blank_path_line_is_a_blank_line() {
        let site = Fixture::new(&[("a.md", "A"), ("b.md", "B")]);
        assert_eq!(
            site.text("--8<--\na.md\n\nb.md\n;c.md\n--8<--\nend\n"),
            "A\n\nB\nend\n"
        );
        // Inline notation directly inside a block is dropped.
        assert_eq!(site.text("--8<--\n--8<-- \"a.md\"\n--8<--\n"), "");
    }

    #[test]
    fn escaped_notation_loses_one_semicolon() {
        let site = Fixture::new(&[("a.md", "A")]);
        assert_eq!(site.text(";--8<-- \"a.md\"\n"), "--8<-- \"a.md\"\n");
        assert_eq!(site.text("  ;;--8<--\n"), "  ;--8<--\n");
    }

    #[test]
    fn line_ranges_select_like_python_slices() {
        let site = Fixture::new(&[("n.txt", "1\n2\n3\n4\n5")]);
        let pick = |spec: &str| {
            site.text(&format!("--8<-- \"n.txt:{spec}\"\n"))
                .replace('\n', " ")
        };
        assert_eq!(pick("2:3"), "2 3 ");
        assert_eq!(pick("4"), "4 5 ");
        assert_eq!(pick(":2"), "1 2 ");
        assert_eq!(pick("1:1,4:5"), "1 4 5 ");
        assert_eq!(pick("-2:"), "4 5 ");
        assert_eq!(pick("1:-2"), "1 2 3 4 ");
        assert_eq!(pick("0:1"), "1 ");
        assert_eq!(pick("9:12"), "");
        assert_eq!(pick("3:2"), "");
    }

    #[test]
    fn a_path_splits_at_the_first_colon_starting_a_specifier() {
        assert_eq!(split_path("a.md"), ("a.md", None, None));
        assert_eq!(split_path("a.md:3:4"), ("a.md", Some("3:4"), None));
        assert_eq!(split_path("a:b.md:2"), ("a:b.md", Some("2"), None));
        assert_eq!(split_path("a.md:intro"), ("a.md", None, Some("intro")));
        assert_eq!(split_path("a.md:1,,2"), ("a.md:1,,2", None, None));
        assert_eq!(split_path("a.md:9x"), ("a.md:9x", None, None));
        assert_eq!(split_path("a.md:,:3"), ("a.md", Some(",:3"), None));
    }

    #[test]
    fn sections_are_cut_out_and_their_markers_dropped_elsewhere() {
        let file = "head\n# --8<-- [start:one]\nin one\n# --8<-- [start:two]\nin two\n# --8<-- [end:two]\n# --8<-- [end:one]\ntail\n;--8<-- [start:shown]\n";
        let site = Fixture::new(&[("f.py", file)]);
        assert_eq!(site.text("--8<-- \"f.py:one\"\n"), "in one\nin two\n");
        assert_eq!(site.text("--8<-- \"f.py:two\"\n"), "in two\n");
        assert_eq!(
            site.text("--8<-- \"f.py\"\n"),
            "head\nin one\nin two\ntail\n--8<-- [start:shown]\n\n"
        );
        assert_eq!(site.text("a\n--8<-- [start:x]\nb\n"), "a\nb\n");
        assert_eq!(
            site.problems("--8<-- \"f.py:nope\"\n"),
            ["Warning snippet-section 1:9 `f.py` has no section `nope`"]
        );
    }

    #[test]
    fn dedent_subsections_takes_the_shared_indentation_off() {
        let mut site = Fixture::new(&[("f.py", "def f():\n    a = 1\n\n      b = 2\n")]);
        site.settings.dedent_subsections = true;
        assert_eq!(site.text("--8<-- \"f.py:2:4\"\n"), "a = 1\n\n  b = 2\n");
    }

    #[test]
    fn included_files_are_expanded_in_turn_and_cycles_reported() {
        let site = Fixture::new(&[
            ("a.md", "A\n--8<-- \"b.md\""),
            ("b.md", "B\n--8<-- \"a.md\""),
        ]);
        assert_eq!(site.text("--8<-- \"a.md\"\n"), "A\nB\n");
        assert_eq!(
            site.problems("--8<-- \"a.md\"\n"),
            ["Warning snippet-cycle 2:9 snippets include each other: a.md → b.md → a.md"]
        );
    }

    #[test]
    fn missing_files_and_urls_are_reported_where_they_are_named() {
        let mut site = Fixture::new(&[]);
        assert_eq!(
            site.problems("text\n  --8<-- \"gone.md\"\n"),
            ["Warning snippet-missing 2:11 snippet `gone.md` is not in the base paths (.)"]
        );
        site.settings.check_paths = true;
        assert_eq!(
            site.problems("--8<--\nx.md\n--8<--\n--8<-- \"https://e.org/a.md\"\n"),
            [
                "Error snippet-missing 2:1 snippet `x.md` is not in the base paths (.)",
                "Error snippet-url 4:9 snippet `https://e.org/a.md` is a URL: kbgen builds offline and downloads nothing",
            ]
        );
    }

    #[test]
    fn nothing_is_read_from_outside_the_site() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.md"), "secret").expect("write");
        let site = Fixture::new(&[("a.md", "A"), ("docs/b.md", "B")]);
        let mut inner = site.settings.clone();
        inner.base_paths = vec![site.dir.path().join("docs").canonicalize().expect("docs")];
        let source = SourceText::new("page.md", "--8<-- \"../a.md\"\n".to_owned());
        // `..` out of the base path: not looked up there (restrict_base_path).
        let expanded = expand(
            &source,
            0,
            &inner,
            site.dir.path(),
            &SnippetFiles::default(),
        )
        .expect("expanded");
        assert!(!expanded.text.contains('A'), "{}", expanded.text);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                outside.path().join("secret.md"),
                site.dir.path().join("link.md"),
            )
            .expect("symlink");
            assert_eq!(site.text("--8<-- \"link.md\"\n"), "");
            let problems = site.problems("--8<-- \"link.md\"\n");
            assert!(problems[0].contains("snippet-outside"), "{problems:?}");
        }
    }

    #[test]
    fn an_unclosed_block_is_reported_and_its_lines_kept_out() {
        let site = Fixture::new(&[("a.md", "A")]);
        assert_eq!(
            site.problems("x\n--8<--\na.md\n"),
            ["Error snippet-block 2:1 this block of snippets is never closed"]
        );
    }

    #[test]
    fn auto_append_ends_every_page_and_a_missing_one_has_no_place() {
        let mut site = Fixture::new(&[("glossary.md", "*[HTML]: Hypertext")]);
        site.settings.auto_append = vec!["glossary.md".into(), "gone.md".into()];
        assert_eq!(site.text("Body\n"), "Body\n\n\n*[HTML]: Hypertext\n\n");
        let expansion = site.expand("Body\n").expect("expanded");
        assert_eq!(expansion.problems[0].code, "snippet-auto-append");
        assert!(expansion.problems[0].location.is_none());
    }

    #[test]
    fn offsets_lead_back_to_the_file() {
        let site = Fixture::new(&[("a.md", "one\ntwo")]);
        let page = "# T\n--8<-- \"a.md\"\nafter [x](y)\n";
        let expansion = site.expand(page).expect("expanded");
        let after = expansion.text.find("after").expect("after");
        assert_eq!(
            expansion.map.to_original(after + 7),
            page.find("[x]").expect("x") + 1
        );
        // Included lines stand for the marker's line.
        let two = expansion.text.find("two").expect("two");
        assert_eq!(
            expansion.map.to_original(two + 1),
            page.find("--8<--").expect("marker")
        );
        assert_eq!(expansion.files.len(), 1);
    }

    #[test]
    fn a_page_without_notation_is_not_copied() {
        let site = Fixture::new(&[]);
        assert!(site.expand("plain text\n").is_none());
    }

    #[test]
    fn expansion_is_bounded() {
        // Each file includes the next one ten times: 10^8 lines unbounded.
        let mut files = Vec::new();
        for level in 0..8 {
            let next = format!("--8<-- \"f{}.md\"\n", level + 1).repeat(10);
            files.push((format!("f{level}.md"), next));
        }
        files.push(("f8.md".to_owned(), "x".repeat(1000)));
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let site = Fixture::new(&borrowed);
        let expansion = site.expand("--8<-- \"f0.md\"\n").expect("expanded");
        assert!(
            expansion.text.len() <= MAX_EXPANDED_BYTES + 4096,
            "{}",
            expansion.text.len()
        );
        assert!(expansion.problems.iter().any(|p| p.code == "snippet-limit"));
    }
}
