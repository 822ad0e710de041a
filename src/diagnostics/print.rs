//! Turning diagnostics into text: rustc-style for people, JSON for tools,
//! workflow commands for GitHub Actions annotations.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::Buffer;

use super::{Diagnostic, Diagnostics, Severity, printable, printable_same_length};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `--> path:line:col`, the source line and a caret, for terminals.
    Human { color: bool },
    /// One JSON object per line.
    Json,
    /// `::error file=…,line=…,col=…::message`, read by GitHub Actions.
    Github,
}

/// Renders all diagnostics, sorted by file and line, followed by a count.
pub fn render(diagnostics: &Diagnostics, format: Format) -> String {
    let sorted = diagnostics.sorted();
    match format {
        Format::Human { color } => render_human(&sorted, diagnostics, color, ""),
        Format::Json => sorted.iter().map(|d| render_json(d) + "\n").collect(),
        Format::Github => sorted.iter().map(|d| render_github(d) + "\n").collect(),
    }
}

/// Like [`render`], but for people at most `per_kind` diagnostics of each
/// code are shown, each kind's rest counted on one line that says how to
/// see them (a large site's hundreds of orphans would bury its one error).
/// Hints come first, a kind at a time; errors and warnings last, by file,
/// where the terminal's last screen and the count show them.
/// Machine formats are always complete.
pub fn render_limited(diagnostics: &Diagnostics, format: Format, per_kind: usize) -> String {
    let Format::Human { color } = format else {
        return render(diagnostics, format);
    };
    let mut shown: BTreeMap<(&str, u8), usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for diagnostic in diagnostics.sorted() {
        let count = shown
            .entry((diagnostic.code.as_ref(), severity_rank(diagnostic.severity)))
            .or_insert(0);
        *count += 1;
        if *count <= per_kind {
            kept.push(diagnostic);
        }
    }
    kept.sort_by_key(|d| match d.severity {
        Severity::Hint => (0, d.code.as_ref()),
        Severity::Error | Severity::Warning => (1, ""),
    });
    let mut rest = String::new();
    for ((code, rank), count) in &shown {
        if *count > per_kind {
            let hidden = count - per_kind;
            let noun = match (*rank, hidden) {
                (0, 1) => "error",
                (0, _) => "errors",
                (1, 1) => "warning",
                (1, _) => "warnings",
                (_, 1) => "hint",
                _ => "hints",
            };
            rest.push_str(&format!(
                "… and {hidden} more `{code}` {noun}: `kbgen check --only {code}` shows them all\n"
            ));
        }
    }
    render_human(&kept, diagnostics, color, &rest)
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Hint => 2,
    }
}

fn render_human(sorted: &[&Diagnostic], all: &Diagnostics, color: bool, rest: &str) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = term::Config::default();
    for diagnostic in sorted {
        let mut report = match diagnostic.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
            Severity::Hint => cs::Diagnostic::note(),
        }
        .with_code(diagnostic.code.as_ref())
        .with_message(printable(&diagnostic.message));
        let mut notes = Vec::new();
        if let Some(location) = &diagnostic.location {
            match (&location.source, &location.span) {
                (Some(source), Some(span)) => {
                    let id = *ids.entry(location.path.clone()).or_insert_with(|| {
                        let shown: Arc<str> = match printable_same_length(source) {
                            std::borrow::Cow::Borrowed(_) => Arc::clone(source),
                            std::borrow::Cow::Owned(text) => text.into(),
                        };
                        files.add(
                            printable(&location.path.display().to_string()).into_owned(),
                            shown,
                        )
                    });
                    report = report.with_labels(vec![cs::Label::primary(id, span.clone())]);
                }
                _ => notes.push(format!(
                    "in {}",
                    printable(&location.path.display().to_string())
                )),
            }
        }
        if let Some(help) = &diagnostic.help {
            notes.push(format!("help: {}", printable(help)));
        }
        report = report.with_notes(notes);
        // Writing into an in-memory buffer cannot fail for I/O reasons; a
        // failure here would mean a span outside its file, which `at` prevents.
        if term::emit(&mut buffer, &config, &files, &report).is_err() {
            let fallback = format!("{}: {}\n", diagnostic.code, diagnostic.message);
            buffer_push(&mut buffer, &fallback);
        }
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    out.push_str(rest);
    out.push_str(&summary_line(all));
    out
}

fn buffer_push(buffer: &mut Buffer, text: &str) {
    use std::io::Write;
    let _ = buffer.write_all(text.as_bytes());
}

/// `2 errors, 1 warning` — the closing count.
pub(crate) fn summary_line(all: &Diagnostics) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut parts = vec![
        plural(all.count(Severity::Error), "error"),
        plural(all.count(Severity::Warning), "warning"),
    ];
    let hints = all.count(Severity::Hint);
    if hints > 0 {
        parts.push(plural(hints, "hint"));
    }
    format!("{}\n", parts.join(", "))
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "hint",
    }
}

fn render_json(diagnostic: &Diagnostic) -> String {
    let (line, column) = diagnostic.line_col().unzip();
    let value = serde_json::json!({
        "severity": severity_name(diagnostic.severity),
        "code": diagnostic.code,
        "message": diagnostic.message,
        "file": diagnostic.location.as_ref().map(|l| l.path.display().to_string()),
        "line": line,
        "column": column,
        "help": diagnostic.help,
    });
    value.to_string()
}

fn render_github(diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "notice",
    };
    let mut properties = Vec::new();
    if let Some(location) = &diagnostic.location {
        properties.push(format!(
            "file={}",
            escape_github_property(&printable(&location.path.display().to_string()))
        ));
    }
    if let Some((line, column)) = diagnostic.line_col() {
        properties.push(format!("line={line}"));
        properties.push(format!("col={column}"));
    }
    properties.push(format!(
        "title={}",
        escape_github_property(&diagnostic.code)
    ));
    let mut message = printable(&diagnostic.message).into_owned();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(&printable(help));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_github_data(&message)
    )
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`.
fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    fn sample() -> Diagnostics {
        let source = SourceText::new("docs/a.md", "---\ntitle: x\n---\n[a](b.md)\n");
        let mut all = Diagnostics::new();
        all.push(
            Diagnostic::error("broken-link", "link to missing page `b.md`")
                .at(&source, 18..26)
                .with_help("check the path"),
        );
        all
    }

    #[test]
    fn hints_are_grouped_by_kind_before_the_problems() {
        let source = SourceText::new("docs/a.md", "one\ntwo\nthree\nfour\n");
        let at = |line: usize| {
            let start = source
                .text
                .match_indices('\n')
                .nth(line)
                .map_or(0, |(i, _)| i + 1);
            start..start + 1
        };
        let hint = |code: &'static str, line: usize| {
            Diagnostic::warning(code, format!("{code} on line {}", line + 1))
                .with_severity(Severity::Hint)
                .at(&source, at(line))
        };
        let all = Diagnostics::from_iter([
            hint("orphan", 0),
            Diagnostic::error("broken-link", "broken on line 2").at(&source, at(1)),
            hint("description-length", 2),
            hint("orphan", 3),
            hint("description-length", 3),
            Diagnostic::warning("redirect", "redirect on line 1").at(&source, at(0)),
        ]);
        let text = render_limited(&all, Format::Human { color: false }, 1);
        let order: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with(['e', 'w', 'n', '…']))
            .collect();
        assert_eq!(
            order,
            [
                "note[description-length]: description-length on line 3",
                "note[orphan]: orphan on line 1",
                "warning[redirect]: redirect on line 1",
                "error[broken-link]: broken on line 2",
                "… and 1 more `description-length` hint: `kbgen check --only description-length` shows them all",
                "… and 1 more `orphan` hint: `kbgen check --only orphan` shows them all",
            ]
        );
    }

    #[test]
    fn human_output_names_file_line_and_column() {
        let out = render(&sample(), Format::Human { color: false });
        assert!(out.contains("docs/a.md:4:2"), "{out}");
        assert!(out.contains("[a](b.md)"), "{out}");
        assert!(out.ends_with("1 error, 0 warnings\n"), "{out}");
    }

    #[test]
    fn github_output_is_one_escaped_command() {
        let out = render(&sample(), Format::Github);
        assert_eq!(
            out,
            "::error file=docs/a.md,line=4,col=2,title=broken-link::link to missing page `b.md`%0Ahelp: check the path\n"
        );
    }

    #[test]
    fn json_output_parses() {
        let out = render(&sample(), Format::Json);
        let value: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_default();
        assert_eq!(value["line"], 4);
        assert_eq!(value["column"], 2);
    }
}
