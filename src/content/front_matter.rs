//! YAML front matter: finding the fenced block, parsing it, and reporting
//! errors at their line and column in the whole file.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::MetaTag;
use crate::diagnostics::{Diagnostic, SourceText};

/// The fields kbgen understands; anything else lands in `extra`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub meta: Vec<MetaTag>,
    /// Checked after parsing: serde_yaml cannot place errors raised while
    /// converting a value, so dates are read as text and validated with
    /// their key's position.
    #[serde(default, rename = "date")]
    date_text: Option<String>,
    #[serde(default, rename = "updated")]
    updated_text: Option<String>,
    #[serde(skip)]
    pub date: Option<PageDate>,
    #[serde(skip)]
    pub updated: Option<PageDate>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The short answer, when the author wants it to differ from the In-short box.
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub template: Option<String>,
    /// Keys kbgen does not know, passed to templates as `page.extra`.
    #[serde(skip)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Unknown keys that look like misspelt known ones, for a warning.
    #[serde(skip)]
    pub near_misses: Vec<NearMiss>,
}

/// A front matter key kbgen does not read that is close to one it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub written: String,
    pub meant: &'static str,
    /// The key's place in the file.
    pub span: Range<usize>,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "meta",
    "date",
    "updated",
    "tags",
    "draft",
    "slug",
    "aliases",
    "answer",
    "weight",
    "template",
];

/// A date or date-time from front matter, written either as a YAML date
/// (`2025-10-07`) or a quoted string (`"2025-10-07"`, `"2025-10-07T09:30:00+02:00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    datetime: jiff::civil::DateTime,
    /// Offset from UTC in seconds, when the author gave one.
    offset_seconds: Option<i32>,
}

impl PageDate {
    /// Parses the forms authors use; the error says which forms are accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(zoned) = text.parse::<jiff::Timestamp>() {
            // RFC 3339 with an offset: keep the author's local time and offset.
            let offset = parse_offset(text).unwrap_or(0);
            let tz = jiff::tz::Offset::from_seconds(offset)
                .map_err(|e| format!("invalid offset in `{text}`: {e}"))?;
            let datetime = tz.to_datetime(zoned);
            return Ok(Self {
                datetime,
                offset_seconds: Some(offset),
            });
        }
        if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
            if text.len() > 10 {
                return Ok(Self {
                    datetime,
                    offset_seconds: None,
                });
            }
        }
        if let Ok(date) = text.parse::<jiff::civil::Date>() {
            return Ok(Self {
                datetime: date.to_datetime(jiff::civil::Time::midnight()),
                offset_seconds: None,
            });
        }
        Err(format!(
            "`{text}` is not a date: use YYYY-MM-DD or an RFC 3339 date-time such as 2025-10-07T09:30:00Z"
        ))
    }

    /// `2025-10-07`.
    pub fn date_string(&self) -> String {
        self.datetime.date().to_string()
    }

    /// RFC 3339, for feeds and `article:published_time`; UTC when no offset was given.
    pub fn rfc3339(&self) -> String {
        let offset = self.offset_seconds.unwrap_or(0);
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.unsigned_abs();
        let zone = if offset == 0 {
            "Z".to_owned()
        } else {
            format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
        };
        format!("{}{}", self.datetime.strftime("%Y-%m-%dT%H:%M:%S"), zone)
    }
}

fn parse_offset(text: &str) -> Option<i32> {
    if text.ends_with('Z') || text.ends_with('z') {
        return Some(0);
    }
    let tail = text.get(text.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = tail.get(1..3)?.parse().ok()?;
    let minutes: i32 = tail.get(4..6)?.parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

impl Serialize for PageDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.date_string())
    }
}

/// Where the front matter and the body lie in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences (empty when there is no front matter).
    pub yaml: Range<usize>,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
}

/// Finds the `---` fenced block at the very start of a file.
pub fn split(text: &str) -> Result<Option<Split>, &'static str> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = text.get(bom..).unwrap_or("");
    let Some(first_line_end) = line_end(rest, 0) else {
        return Ok(None);
    };
    if rest.get(..first_line_end).map(str::trim_end) != Some("---") {
        return Ok(None);
    }
    let yaml_start = bom + next_line_start(text, bom + first_line_end);
    let mut line_start = yaml_start;
    while line_start < text.len() {
        let end = line_end(text, line_start).unwrap_or(text.len());
        let line = text.get(line_start..end).unwrap_or("").trim_end();
        if line == "---" || line == "..." {
            return Ok(Some(Split {
                yaml: yaml_start..line_start,
                body_start: next_line_start(text, end),
            }));
        }
        line_start = next_line_start(text, end);
    }
    Err("front matter starts with `---` but has no closing `---` line")
}

/// Byte offset of the `\n` ending the line starting at `start` (or the text's end).
fn line_end(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    Some(start + rest.find('\n').unwrap_or(rest.len()))
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    (line_end + 1).min(text.len())
}

/// Parses a page's front matter; errors point into `source` at the right line.
pub fn parse(source: &SourceText, yaml: Range<usize>) -> Result<FrontMatter, Diagnostic> {
    let text = source.text.get(yaml.clone()).unwrap_or("");
    if text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let locate = |error: &serde_yaml_ng::Error| -> Range<usize> {
        let message = error.to_string();
        // An unclosed `[` or quote is noticed lines later, where something
        // else was expected; YAML says where the unclosed thing began, and
        // that is where the author has to look.
        if let Some((line, column)) = context_mark(&message) {
            let offset = yaml.start + offset_of(text, line, column);
            return offset..offset + 1;
        }
        // A repeated key is reported at the mapping; point at the repeat.
        if let Some(key) = duplicate_key(&message)
            && let Some(span) = second_key_span(text, key)
        {
            return yaml.start + span.start..yaml.start + span.end;
        }
        match error.location() {
            Some(location) => {
                let offset = yaml.start + offset_of(text, location.line(), location.column());
                offset..offset + 1
            }
            None => yaml.start..yaml.start,
        }
    };
    if let Some(at) = super::yaml_depth::too_deep_at(text) {
        let at = yaml.start + at;
        return Err(Diagnostic::error(
            "front-matter",
            format!(
                "front matter nested more than {} levels deep",
                super::yaml_depth::MAX_NESTING
            ),
        )
        .at(source, at..at + 1)
        .with_help(
            "front matter holds a few keys and short lists; move deep data into a file of its own",
        ));
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| {
        Diagnostic::error(
            "front-matter",
            format!("invalid YAML in front matter: {}", yaml_message(&e)),
        )
        .at(source, locate(&e))
    })?;
    let serde_yaml_ng::Value::Mapping(mapping) = value else {
        return Err(Diagnostic::error(
            "front-matter",
            format!(
                "front matter must be a mapping of keys to values, not {}",
                describe(&value)
            ),
        )
        .at(source, yaml.start..yaml.start + first_line_len(text))
        .with_help("write `key: value` lines, for example `title: \"How do I …?\"`"));
    };
    let mut front_matter: FrontMatter = serde_yaml_ng::from_str(text).map_err(|e| {
        Diagnostic::error(
            "front-matter",
            format!("invalid front matter: {}", yaml_message(&e)),
        )
        .at(source, locate(&e))
    })?;
    let key_span_in_file = |key: &str| {
        key_span(text, key).map_or(yaml.start..yaml.start, |k| {
            yaml.start + k.start..yaml.start + k.end
        })
    };
    for (key, value, slot) in [
        (
            "date",
            front_matter.date_text.take(),
            &mut front_matter.date,
        ),
        (
            "updated",
            front_matter.updated_text.take(),
            &mut front_matter.updated,
        ),
    ] {
        let Some(value) = value else { continue };
        match PageDate::parse(&value) {
            Ok(date) => *slot = Some(date),
            Err(message) => {
                return Err(Diagnostic::error(
                    "front-matter",
                    format!("invalid `{key}`: {message}"),
                )
                .at(source, key_span_in_file(key)));
            }
        }
    }
    for (key, value) in mapping {
        let serde_yaml_ng::Value::String(key) = key else {
            continue;
        };
        if KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        if let Some(meant) = crate::diagnostics::closest_name(&key, KNOWN_KEYS.iter().copied()) {
            front_matter.near_misses.push(NearMiss {
                written: key.clone(),
                meant,
                span: key_span_in_file(&key),
            });
        }
        match serde_json::to_value(&value) {
            Ok(json) => {
                front_matter.extra.insert(key, json);
            }
            Err(e) => {
                let span = key_span_in_file(&key);
                return Err(Diagnostic::error(
                    "front-matter",
                    format!("front matter key `{key}` cannot be passed to templates: {e}"),
                )
                .at(source, span));
            }
        }
    }
    Ok(front_matter)
}

/// serde_yaml's message without its "at line X column Y" parts (we print
/// our own place); an unclosed construct says what was left open.
fn yaml_message(error: &serde_yaml_ng::Error) -> String {
    let message = error.to_string();
    let problem = match message.find(" at line ") {
        Some(at) => message.get(..at).unwrap_or(&message).to_owned(),
        None => message.clone(),
    };
    match message.split_once(", while ") {
        Some((_, context)) if context_mark(&message).is_some() => {
            let what = context.split(" at line ").next().unwrap_or(context);
            let opened = match what {
                "parsing a flow sequence" => "the `[` list opened here is not closed".to_owned(),
                "parsing a flow mapping" => "the `{` mapping opened here is not closed".to_owned(),
                "scanning a quoted scalar" => {
                    "the quoted text opened here is not closed".to_owned()
                }
                other => format!("while {other}"),
            };
            format!("{problem}: {opened}")
        }
        _ => problem,
    }
}

/// Where an unclosed `[`, `{` or quote began, when that is what a YAML error
/// is about (`…, while parsing a flow sequence at line 6 column 7`): 1-based
/// line and column. Other contexts (a plain scalar) point nowhere useful.
fn context_mark(message: &str) -> Option<(usize, usize)> {
    let (_, context) = message.split_once(", while ")?;
    let unclosed = [
        "parsing a flow sequence",
        "parsing a flow mapping",
        "scanning a quoted scalar",
    ];
    if !unclosed.iter().any(|what| context.starts_with(what)) {
        return None;
    }
    let (_, at) = context.rsplit_once(" at line ")?;
    let (line, column) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The key of a `duplicate entry with key "…"` error.
fn duplicate_key(message: &str) -> Option<&str> {
    message
        .strip_prefix("duplicate entry with key \"")?
        .strip_suffix('"')
}

/// The second top-level `key:` line (the repeat), as a byte range.
fn second_key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut seen = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with(key) && line.get(key.len()..)?.trim_start().starts_with(':') {
            if seen {
                return Some(offset..offset + key.len());
            }
            seen = true;
        }
        offset += line.len();
    }
    None
}

fn describe(value: &serde_yaml_ng::Value) -> &'static str {
    match value {
        serde_yaml_ng::Value::Null => "nothing",
        serde_yaml_ng::Value::Bool(_) => "a boolean",
        serde_yaml_ng::Value::Number(_) => "a number",
        serde_yaml_ng::Value::String(_) => "a string",
        serde_yaml_ng::Value::Sequence(_) => "a list",
        serde_yaml_ng::Value::Mapping(_) => "a mapping",
        serde_yaml_ng::Value::Tagged(_) => "a tagged value",
    }
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

/// Byte offset of a 1-based line and column (in characters) within `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = line_text
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += line_text.len();
    }
    text.len()
}

/// The byte range of a top-level `key:` in the YAML text.
fn key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(key) && line.get(key.len()..)?.trim_start().starts_with(':') {
            return Some(offset..offset + key.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (front matter, expected line:column of the error, words of its message)
    const YAML_ERRORS: &[(&str, (usize, usize), &str)] = &[
        (
            "title: A\ntags: [a, b\nslug: q\n",
            (3, 7),
            "the `[` list opened here is not closed",
        ),
        (
            "title: \"A\ndescription: x\n",
            (2, 8),
            "the quoted text opened here is not closed",
        ),
        (
            "meta:\n  - {name: a, content: b\ntitle: x\n",
            (3, 5),
            "the `{` mapping opened here is not closed",
        ),
        (
            "title: A\ntitle: B\n",
            (3, 1),
            "duplicate entry with key \"title\"",
        ),
        (
            "title: A\n  bad: indent\n",
            (3, 6),
            "mapping values are not allowed",
        ),
        ("title: A\n\tdescription: x\n", (3, 1), "tab character"),
        (
            "title: 'it''s\n",
            (2, 8),
            "the quoted text opened here is not closed",
        ),
        (
            "tags: [a, [b, c]\n",
            (2, 7),
            "the `[` list opened here is not closed",
        ),
        ("title: A\n: no key\n", (3, 1), ""),
        (
            "- a list\n- not a mapping\n",
            (2, 1),
            "mapping of keys to values",
        ),
    ];

    #[test]
    fn each_yaml_error_points_at_its_cause() {
        for (yaml, (line, column), words) in YAML_ERRORS {
            let text = format!("---\n{yaml}---\n# Q?\n");
            let error = parse_file(&text).err();
            let place = error.as_ref().and_then(Diagnostic::line_col);
            assert_eq!(place, Some((*line, *column)), "{yaml:?}: {error:?}");
            let message = error.map(|e| e.message).unwrap_or_default();
            assert!(message.contains(words), "{yaml:?}: {message}");
        }
    }

    fn source(text: &str) -> SourceText {
        SourceText::new("a.md", text)
    }

    fn parse_file(text: &str) -> Result<FrontMatter, Diagnostic> {
        let src = source(text);
        let split = split(text).ok().flatten().unwrap_or(Split {
            yaml: 0..0,
            body_start: 0,
        });
        parse(&src, split.yaml)
    }

    #[test]
    fn split_finds_yaml_and_body() {
        let text = "---\ntitle: x\n---\n# Body\n";
        let found = split(text).ok().flatten();
        assert_eq!(
            found,
            Some(Split {
                yaml: 4..13,
                body_start: 17
            })
        );
    }

    #[test]
    fn split_handles_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let found = split(text).ok().flatten().map(|s| s.body_start);
        assert_eq!(found.and_then(|at| text.get(at..)), Some("body"));
    }

    #[test]
    fn no_front_matter_is_fine() {
        assert_eq!(split("# Title\n"), Ok(None));
        assert_eq!(split(""), Ok(None));
    }

    #[test]
    fn unterminated_fence_is_an_error() {
        assert!(split("---\ntitle: x\n# Body\n").is_err());
    }

    #[test]
    fn yaml_error_points_at_the_file_line() {
        let text = "---\ntitle: x\nmeta:\n  - name: robots\n    content: index: follow\n---\n";
        let error = parse_file(text).err().map(|d| d.line_col());
        assert_eq!(error, Some(Some((5, 19))));
    }

    #[test]
    fn dates_parse_quoted_or_not() {
        let fm = parse_file("---\ndate: 2025-10-07\nupdated: \"2025-10-08\"\n---\n").ok();
        let fm = fm.unwrap_or_default();
        assert_eq!(
            fm.date.map(|d| d.date_string()).as_deref(),
            Some("2025-10-07")
        );
        assert_eq!(
            fm.updated.map(|d| d.rfc3339()).as_deref(),
            Some("2025-10-08T00:00:00Z")
        );
    }

    #[test]
    fn datetime_keeps_offset() {
        let date = PageDate::parse("2025-10-07T09:30:00+02:00").ok();
        assert_eq!(
            date.map(|d| d.rfc3339()).as_deref(),
            Some("2025-10-07T09:30:00+02:00")
        );
    }

    #[test]
    fn bad_date_is_located() {
        let error = parse_file("---\ntitle: x\ndate: tomorrow\n---\n").err();
        let error = error.unwrap_or_else(|| Diagnostic::error("x", "none"));
        assert!(error.message.contains("tomorrow"), "{}", error.message);
        assert_eq!(error.line_col().map(|(l, _)| l), Some(3));
    }

    #[test]
    fn bad_meta_entry_points_at_meta() {
        let error = parse_file("---\ntitle: x\nmeta:\n  - content: y\n---\n").err();
        assert_eq!(error.and_then(|d| d.line_col()), Some((4, 3)));
    }

    #[test]
    fn non_mapping_is_an_error() {
        let error = parse_file("---\n- a\n- b\n---\n").err().map(|d| d.message);
        assert!(error.is_some_and(|m| m.contains("a list")));
    }

    #[test]
    fn unknown_keys_go_to_extra() {
        let fm = parse_file("---\ntitle: x\nauthor_note: hi\n---\n").unwrap_or_default();
        assert_eq!(fm.extra.get("author_note"), Some(&serde_json::json!("hi")));
        assert_eq!(fm.title.as_deref(), Some("x"));
    }
}
