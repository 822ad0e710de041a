//! Code highlighting with syntect: CSS classes in the HTML, one generated
//! stylesheet holding a light and a dark theme. Unknown languages render as
//! escaped plain code, never as an error.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, css_for_theme_with_class_style};
use syntect::parsing::{
    BasicScopeStackOp, Scope, ScopeError, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

use super::line_memo;
use super::scope_classes::{self, ScopeClasses};
use crate::config::HighlightThemes;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: scope_classes::PREFIX,
};

/// The syntaxes: syntect's defaults plus bat's extras (TypeScript, TOML,
/// Dockerfile, ...). Loaded once; loading takes tens of milliseconds.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Names authors use that the syntax set does not know by itself.
fn alias(language: &str) -> &str {
    match language {
        "py" | "python3" | "pycon" => "python",
        "sh" | "shell" | "console" | "shell-session" | "zsh" => "bash",
        "js" | "node" | "mjs" | "cjs" => "javascript",
        "ts" | "mts" | "cts" => "typescript",
        "yml" => "yaml",
        "docker" | "containerfile" => "dockerfile",
        "rs" => "rust",
        "golang" => "go",
        "c++" | "cxx" => "cpp",
        "cs" | "csharp" => "c#",
        "md" => "markdown",
        "htm" | "xhtml" => "html",
        "jsonc" | "json5" => "json",
        "ps1" | "pwsh" => "powershell",
        other => other,
    }
}

fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let lowered = language.to_ascii_lowercase();
    let name = alias(&lowered);
    set.find_syntax_by_token(name)
        .or_else(|| set.find_syntax_by_extension(name))
        .or_else(|| {
            set.syntaxes()
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name))
        })
}

/// Code with a line longer than this many bytes is shown plain: the
/// highlighter's work on one line grows much faster than the line (a 1 MB
/// SQL line took 106 s), and nobody reads colours on such a line.
pub const MAX_HIGHLIGHTED_LINE: usize = 4_000;
/// Code blocks larger than this are shown plain, which bounds the
/// highlighter's share of a build by the size of the pages it can slow.
pub const MAX_HIGHLIGHTED_BLOCK: usize = 256 * 1024;

/// Whether a code block is too large to highlight (it is shown plain).
pub fn too_large_to_highlight(code: &str) -> bool {
    code.len() > MAX_HIGHLIGHTED_BLOCK
        || (code.len() > MAX_HIGHLIGHTED_LINE
            && code
                .split('\n')
                .any(|line| line.len() > MAX_HIGHLIGHTED_LINE))
}

/// Highlights code for the stylesheet of the configured light and dark themes.
#[derive(Debug)]
pub struct Highlighter {
    classes: ScopeClasses,
}

impl Highlighter {
    pub fn for_themes(themes: &HighlightThemes) -> Self {
        let set = two_face::theme::extra();
        let themes: Vec<&syntect::highlighting::Theme> = [&themes.light, &themes.dark]
            .into_iter()
            .filter_map(|name| theme_by_name(name))
            .map(|name| set.get(name))
            .collect();
        Self {
            classes: ScopeClasses::for_themes(themes),
        }
    }

    /// For the default themes (rendering outside a site: tests, examples).
    pub fn default_themes() -> &'static Highlighter {
        static DEFAULT: OnceLock<Highlighter> = OnceLock::new();
        DEFAULT.get_or_init(|| Highlighter::for_themes(&HighlightThemes::default()))
    }

    /// Highlights `code` as `language`, returning the inner HTML of a `<code>`
    /// element. `None` means the language is unknown: the caller shows it plain.
    pub fn highlight(&self, code: &str, language: &str) -> Option<String> {
        if too_large_to_highlight(code) {
            return None;
        }
        let syntax = find_syntax(language)?;
        if syntax.name == "Plain Text" {
            return None;
        }
        let mut spans = Spans {
            html: String::with_capacity(code.len() * 2),
            scopes: ScopeStack::new(),
            opened: Vec::new(),
            enclosing: Vec::new(),
            last_open: None,
            classes: &self.classes,
        };
        let mut failed = false;
        line_memo::parse_lines(
            syntax,
            syntaxes(),
            LinesWithEndings::from(code),
            |line, ops| {
                if !failed {
                    failed = spans.line(line, ops).is_err();
                }
            },
        )
        .ok()?;
        if failed {
            return None;
        }
        Some(spans.finish())
    }
}

/// Turns scope operations into nested `<span>`s, leaving out the spans no
/// stylesheet rule can select (see `scope_classes`).
struct Spans<'a> {
    html: String,
    scopes: ScopeStack,
    /// For each scope on the stack, whether it opened a span.
    opened: Vec<bool>,
    /// The scopes of the spans open now, outermost first.
    enclosing: Vec<Scope>,
    /// Where the innermost span opened, while it is still empty (empty spans are dropped).
    last_open: Option<usize>,
    classes: &'a ScopeClasses,
}

impl Spans<'_> {
    fn line(&mut self, line: &str, ops: &[(usize, ScopeStackOp)]) -> Result<(), ScopeError> {
        let mut written = 0;
        for (at, op) in ops {
            if let Some(text) = line.get(written..*at).filter(|t| !t.is_empty()) {
                self.text(text);
                written = *at;
            }
            let Self {
                html,
                scopes,
                opened,
                enclosing,
                last_open,
                classes,
            } = self;
            scopes.apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    let rule = classes.rule(scope);
                    match &rule.class {
                        Some(class) if rule.needed(enclosing) => {
                            *last_open = Some(html.len());
                            html.push_str("<span class=\"");
                            html.push_str(class);
                            html.push_str("\">");
                            opened.push(true);
                            enclosing.push(scope);
                        }
                        _ => opened.push(false),
                    }
                }
                BasicScopeStackOp::Pop => {
                    if opened.pop() == Some(true) {
                        enclosing.pop();
                        match last_open.take() {
                            Some(start) => html.truncate(start),
                            None => html.push_str("</span>"),
                        }
                    }
                }
            })?;
        }
        if let Some(text) = line.get(written..).filter(|t| !t.is_empty()) {
            self.text(text);
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.last_open = None;
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        for _ in self.opened.iter().filter(|opened| **opened) {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// Whether a theme name is one of the embedded themes.
pub fn theme_exists(name: &str) -> bool {
    theme_by_name(name).is_some()
}

/// The embedded theme names, for error messages.
pub fn theme_names() -> Vec<&'static str> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|t| t.as_name())
        .collect()
}

fn theme_by_name(name: &str) -> Option<EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|t| t.as_name().eq_ignore_ascii_case(name))
}

/// The highlighting stylesheet: the light theme by default, the dark one when
/// the system prefers dark (unless the reader chose light), or when the
/// reader chose dark (`<html data-theme="dark">`).
pub fn stylesheet(themes: &HighlightThemes) -> String {
    let set = two_face::theme::extra();
    let css_for = |name: &str| {
        theme_by_name(name)
            .and_then(|t| css_for_theme_with_class_style(set.get(t), CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    super::highlight_css::stylesheet(&css_for(&themes.light), &css_for(&themes.dark))
}

/// Parsed fence info: ```` ```python title="x.py" linenums="1" ```` or
/// ```` ``` { .python title="x.py" } ````.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FenceInfo {
    pub language: Option<String>,
    pub title: Option<String>,
    pub line_numbers_from: Option<u64>,
    /// `#id` in the braces (`` ``` { .python #setup } ``).
    pub id: Option<String>,
    /// Classes after the language (`.python .wide` → `wide`).
    pub classes: Vec<String>,
    /// Other `key="value"` attributes, names made XML-safe.
    pub attributes: Vec<(String, String)>,
}

/// Options of pymdownx.highlight and superfences written in a fence's
/// braces: settings, not attributes of the block.
const FENCE_OPTIONS: &[&str] = &[
    "title",
    "linenums",
    "hl_lines",
    "linenums_style",
    "linenums_special",
    "anchor_linenums",
    "line_spans",
    "line_anchors",
    "pygments_lang_class",
    "use_pygments",
];

/// An attribute name as XML allows it (others' characters become `_`).
fn xml_name(name: &str) -> String {
    name.chars()
        .map(
            |c| match c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.') {
                true => c,
                false => '_',
            },
        )
        .collect()
}

impl FenceInfo {
    pub fn parse(info: &str) -> Self {
        let info = info.trim();
        let info = info
            .strip_prefix('{')
            .and_then(|i| i.strip_suffix('}'))
            .unwrap_or(info)
            .trim();
        let mut parsed = FenceInfo::default();
        for (index, token) in tokenize(info).into_iter().enumerate() {
            match token.split_once('=') {
                Some((key, value)) => {
                    let value = value.trim_matches('"').trim_matches('\'');
                    match key {
                        "title" => parsed.title = Some(value.to_owned()).filter(|t| !t.is_empty()),
                        "linenums" => parsed.line_numbers_from = value.parse().ok(),
                        "id" => parsed.id = Some(value.to_owned()).filter(|t| !t.is_empty()),
                        key if FENCE_OPTIONS.contains(&key) || key.is_empty() => {}
                        key => parsed.attributes.push((xml_name(key), value.to_owned())),
                    }
                }
                None if token.starts_with('#') && token.len() > 1 => {
                    parsed.id = Some(token.trim_start_matches('#').to_owned());
                }
                None if index == 0 || token.starts_with('.') => {
                    let name = token.trim_start_matches('.');
                    match parsed.language.is_none() {
                        true if !name.is_empty() => parsed.language = Some(name.to_owned()),
                        false if !name.is_empty() => parsed.classes.push(name.to_owned()),
                        _ => {}
                    }
                }
                None => {}
            }
        }
        parsed
    }
}

/// Splits on spaces outside double quotes.
fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn fence_info_forms() {
        assert_eq!(
            FenceInfo::parse("python title=\"my file.py\" linenums=\"3\""),
            FenceInfo {
                language: Some("python".into()),
                title: Some("my file.py".into()),
                line_numbers_from: Some(3),
                ..FenceInfo::default()
            }
        );
        let braced = FenceInfo::parse("{ .python #setup .wide data-x=\"1\" hl_lines=\"2\" }");
        assert_eq!(braced.language.as_deref(), Some("python"));
        assert_eq!(braced.id.as_deref(), Some("setup"));
        assert_eq!(braced.classes, vec!["wide"]);
        assert_eq!(
            braced.attributes,
            vec![("data-x".to_owned(), "1".to_owned())]
        );
        assert_eq!(
            FenceInfo::parse("{ .toml }").language.as_deref(),
            Some("toml")
        );
        assert_eq!(FenceInfo::parse("").language, None);
    }

    #[test]
    fn languages_beyond_syntect_defaults_are_known() {
        for language in [
            "typescript",
            "ts",
            "toml",
            "dockerfile",
            "python",
            "rust",
            "bash",
            "yaml",
            "json",
        ] {
            assert!(
                Highlighter::default_themes()
                    .highlight("x = 1\n", language)
                    .is_some(),
                "{language}"
            );
        }
    }

    /// syntect's own line-by-line generator, without the memo.
    fn reference(code: &str, language: &str) -> Option<String> {
        let syntax = find_syntax(language)?;
        let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes(),
            CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }

    /// The default themes' stylesheet selectors, as their class sets,
    /// ancestors first (`.hl-a.hl-b .hl-c` → [{hl-a, hl-b}, {hl-c}]).
    fn stylesheet_selectors() -> Vec<Vec<BTreeSet<String>>> {
        let set = two_face::theme::extra();
        let defaults = HighlightThemes::default();
        [&defaults.light, &defaults.dark]
            .into_iter()
            .filter_map(|name| theme_by_name(name))
            .flat_map(|name| set.get(name).scopes.clone())
            .flat_map(|item| item.scope.selectors)
            .map(|selector| {
                selector
                    .extract_scopes()
                    .into_iter()
                    .map(|scope| {
                        scope
                            .build_string()
                            .split('.')
                            .map(|atom| format!("hl-{atom}"))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// Whether a selector selects an element with `classes` inside elements
    /// with `enclosing` classes (outermost first), as CSS matches it.
    fn selects(
        selector: &[BTreeSet<String>],
        classes: &BTreeSet<String>,
        enclosing: &[BTreeSet<String>],
    ) -> bool {
        let Some((last, before)) = selector.split_last() else {
            return false;
        };
        let mut wanted = before.iter().peekable();
        for outer in enclosing {
            if wanted.peek().is_some_and(|part| part.is_subset(outer)) {
                wanted.next();
            }
        }
        last.is_subset(classes) && wanted.peek().is_none()
    }

    /// What a stylesheet of class selectors can see of highlighted code: each
    /// character with, for each enclosing span, the selectors that select
    /// that span where it stands (spans no selector selects left out).
    fn as_styled(
        html: &str,
        selectors: &[Vec<BTreeSet<String>>],
    ) -> Vec<(String, Vec<Vec<usize>>)> {
        let mut open: Vec<(BTreeSet<String>, Vec<usize>)> = Vec::new();
        let mut styled = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                let end = after.find("\">").unwrap_or(after.len());
                let classes: BTreeSet<String> =
                    after[..end].split(' ').map(str::to_owned).collect();
                let enclosing: Vec<BTreeSet<String>> =
                    open.iter().map(|(classes, _)| classes.clone()).collect();
                let selected = (0..selectors.len())
                    .filter(|i| selects(&selectors[*i], &classes, &enclosing))
                    .collect();
                open.push((classes, selected));
                rest = after.get(end + 2..).unwrap_or("");
            } else if let Some(after) = rest.strip_prefix("</span>") {
                open.pop();
                rest = after;
            } else {
                let length = if rest.starts_with('&') {
                    rest.find(';').map_or(1, |i| i + 1)
                } else {
                    rest.chars().next().map_or(1, char::len_utf8)
                };
                let text = match &rest[..length] {
                    "&lt;" => "<",
                    "&gt;" => ">",
                    "&amp;" => "&",
                    "&quot;" | "&#34;" => "\"",
                    "&#39;" => "'",
                    other => other,
                };
                let enclosing = open
                    .iter()
                    .map(|(_, selected)| selected)
                    .filter(|selected| !selected.is_empty())
                    .cloned()
                    .collect();
                styled.push((text.to_owned(), enclosing));
                rest = &rest[length..];
            }
        }
        styled
    }

    #[test]
    fn pruned_markup_styles_every_character_as_syntect_markup_does() {
        // Lines that recur inside and outside strings, comments and heredocs,
        // where the same text must highlight differently; run twice so the
        // second round comes from the line memo the first filled.
        let blocks = [
            (
                "python",
                "import os\n\ndef f(x: int) -> str:\n    \"\"\"Doc\n    import os\n    \"\"\"\n    return f\"{x!r}\" if x else 'a<b'\nimport os\n",
            ),
            (
                "python",
                "s = \'\'\'\nimport os\n\'\'\'\nimport os\n@decorator\nclass A(B):\n    pass\n",
            ),
            (
                "rust",
                "fn main() {\n    let s = \"}\n\";\n}\n/* }\n*/ }\n}\nimpl<T: Copy> X for Y<T> where T: 'static {}\n",
            ),
            (
                "json",
                "{\n  \"a\": [1,\n  2],\n  \"b\": {\"c\": \"}\"}\n}\n",
            ),
            (
                "bash",
                "cat <<EOF\necho hi\nEOF\necho \"$HOME\" | tee -a x && exit 1\n",
            ),
            ("yaml", "a: |\n  b: c\nb: c # note\nlist: [1, 'x']\n"),
            (
                "html",
                "<script>\nlet a = 1 < 2;\n</script>\n<p class=\"x\">let a = 1;</p>\n",
            ),
            (
                "sql",
                "SELECT u.id, COUNT(*) AS n FROM users AS u WHERE u.x > '2024-01-01' GROUP BY u.id;\n",
            ),
            (
                "typescript",
                "const f = async <T,>(x: T): Promise<T> => { return x; };\n",
            ),
            ("python", "x = (1,\n"),
        ];
        let selectors = stylesheet_selectors();
        let highlighter = Highlighter::default_themes();
        for _ in 0..2 {
            for (language, code) in blocks {
                let ours = highlighter.highlight(code, language).unwrap_or_default();
                let syntects = reference(code, language).unwrap_or_default();
                assert!(ours.len() < syntects.len(), "{language}: markup is smaller");
                assert_eq!(
                    as_styled(&ours, &selectors),
                    as_styled(&syntects, &selectors),
                    "{language}: {code}"
                );
            }
        }
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(
            Highlighter::default_themes()
                .highlight("x", "no-such-language")
                .is_none()
        );
    }

    #[test]
    fn output_uses_classes_not_styles() {
        let html = Highlighter::default_themes()
            .highlight("def f(): pass\n", "python")
            .unwrap_or_default();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn every_colour_of_every_theme_meets_aa_on_its_code_background() {
        use super::super::highlight_css::{
            CODE_BACKGROUND_DARK, CODE_BACKGROUND_LIGHT, MIN_CONTRAST, Rgb,
        };
        let mut themes: Vec<String> = two_face::theme::EmbeddedLazyThemeSet::theme_names()
            .iter()
            .map(|t| t.as_name().to_owned())
            .collect();
        themes.sort();
        assert!(themes.len() > 10, "{themes:?}");
        let defaults = HighlightThemes::default();
        for name in std::iter::once(defaults.light.clone()).chain(themes) {
            let css = stylesheet(&HighlightThemes {
                light: name.clone(),
                dark: if name == defaults.light {
                    defaults.dark.clone()
                } else {
                    name.clone()
                },
            });
            let mut counted = [0usize; 2];
            for (context, selectors, declarations) in blocks(&css) {
                let mode = if context.iter().any(|c| c == "@layer hl-dark") {
                    1
                } else if context.iter().any(|c| c == "@layer hl-light") {
                    0
                } else {
                    panic!("a rule outside both layers: {selectors}");
                };
                let background = declarations
                    .iter()
                    .find(|(p, _)| p == "background-color")
                    .and_then(|(_, v)| Rgb::parse(v))
                    .unwrap_or([CODE_BACKGROUND_LIGHT, CODE_BACKGROUND_DARK][mode]);
                for (property, value) in &declarations {
                    if property != "color" || value == "inherit" {
                        continue;
                    }
                    let colour = Rgb::parse(value).unwrap_or_else(|| panic!("{value}"));
                    let contrast = colour.contrast(background);
                    assert!(
                        contrast >= MIN_CONTRAST,
                        "{name}: {selectors} {{color:{value}}} is {contrast:.2}:1 on {background}"
                    );
                    counted[mode] += 1;
                }
            }
            assert!(counted.iter().all(|&n| n > 0), "{name}: {counted:?}");
            if name == defaults.light {
                // Both defaults, each rule counted (the dark ones twice: with
                // and without the reader's choice).
                assert!(counted[0] >= 30 && counted[1] >= 60, "{counted:?}");
            }
        }
    }

    /// A rule: the at-rules around it, its selectors, its declarations.
    type Block = (Vec<String>, String, Vec<(String, String)>);

    /// The rules of a stylesheet with the at-rules around each.
    fn blocks(css: &str) -> Vec<Block> {
        let mut found = Vec::new();
        let mut context: Vec<String> = Vec::new();
        let mut text = String::new();
        let css = super::super::highlight_css::without_comments(css);
        let mut rule: Option<String> = None;
        for c in css.chars() {
            match c {
                '{' => {
                    let prelude = text.trim().to_owned();
                    text.clear();
                    if prelude.starts_with('@') {
                        context.push(prelude);
                    } else {
                        rule = Some(prelude);
                    }
                }
                '}' => {
                    if let Some(selectors) = rule.take() {
                        let declarations = text
                            .split(';')
                            .filter_map(|d| d.split_once(':'))
                            .map(|(p, v)| (p.trim().to_owned(), v.trim().to_owned()))
                            .collect();
                        found.push((context.clone(), selectors, declarations));
                    } else {
                        context.pop();
                    }
                    text.clear();
                }
                ';' if rule.is_none() && text.trim_start().starts_with("@layer") => text.clear(),
                _ => text.push(c),
            }
        }
        found
    }

    #[test]
    fn kbgen_css_draws_code_on_the_backgrounds_the_colours_are_made_for() {
        use super::super::highlight_css::{CODE_BACKGROUND_DARK, CODE_BACKGROUND_LIGHT};
        let css = include_str!("../../static/assets/kbgen.css");
        let backgrounds: Vec<&str> = css
            .split("--code-bg:")
            .skip(1)
            .filter_map(|rest| rest.split(';').next())
            .map(str::trim)
            .collect();
        assert_eq!(
            backgrounds,
            [
                CODE_BACKGROUND_LIGHT.to_string(),
                CODE_BACKGROUND_DARK.to_string(),
                CODE_BACKGROUND_DARK.to_string()
            ]
        );
    }

    #[test]
    fn stylesheet_has_both_themes() {
        let css = stylesheet(&HighlightThemes::default());
        assert!(css.contains("@media (prefers-color-scheme:dark)"));
        assert!(css.contains("[data-theme=dark] .hl-"));
    }
}
