//! Which of Python-Markdown's and pymdown-extensions' syntaxes a site's
//! pages are read with, beyond CommonMark and admonitions: `[markdown]` in
//! site.toml, or the `markdown_extensions` an mkdocs.yml lists.

/// The extensions a page is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `=== "Tab"` content tabs (pymdownx.tabbed); `None`: off, the
    /// marker stays text as it does for MkDocs without the extension.
    pub tabbed: Option<Tabbed>,
    /// TeX math (pymdownx.arithmatex); `None`: dollars are text.
    pub arithmatex: Option<Arithmatex>,
    /// `*[HTML]: …` abbreviations (Python-Markdown's `abbr`).
    pub abbr: bool,
    /// `Term` / `:   Definition` lists (Python-Markdown's `def_list`).
    pub def_list: bool,
    /// `{: #id .class key=value }` after inline elements and blocks
    /// (Python-Markdown's `attr_list`).
    pub attr_list: bool,
    /// `:smile:` and `:material-check:` shortcodes (pymdownx.emoji).
    pub emoji: bool,
    /// `==mark==`, `^^ins^^`/`^sup^`, `~~del~~`/`~sub~` (pymdownx.mark,
    /// caret and tilde).
    pub delimited: super::delimiters::Delimited,
    /// `++ctrl+alt+del++` keys (pymdownx.keys).
    pub keys: bool,
    /// `` `#!python x = 1` `` highlighted inline code (pymdownx.inlinehilite).
    pub inlinehilite: bool,
    /// `(c)` ©, `-->` →, `1/2` ½, `2nd` (pymdownx.smartsymbols).
    pub smart_symbols: bool,
    /// `#Title` is a heading, as Python-Markdown reads it (no space
    /// needed after the `#`s; pymdownx.saneheaders asks for one).
    pub headings_without_space: bool,
    /// `markdown="1"` opens an HTML element's content to markdown
    /// (Python-Markdown's `md_in_html`).
    pub md_in_html: bool,
    /// A block-level HTML element runs to its end tag, blank lines and
    /// all, as Python-Markdown reads raw HTML (CommonMark ends it at the
    /// first blank line).
    pub python_raw_html: bool,
    /// `- [x] done` task items (pymdownx.tasklist); `None`: the brackets are text.
    pub tasklist: Option<Tasklist>,
    /// CriticMarkup `{++ ++}` and the rest (pymdownx.critic), in its mode;
    /// `None`: the braces are text.
    pub critic: Option<super::critic::CriticMode>,
    /// Lists as Python-Markdown reads them: a list of another bullet goes
    /// on as one list (`*` after `-`; another kind always does), and every
    /// ordered list is numbered from 1.
    pub python_lists: bool,
}

/// pymdownx.tasklist's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tasklist {
    /// Each box in a label with an indicator span, for the theme to draw.
    pub custom_checkbox: bool,
}

/// pymdownx.arithmatex's options, and how kbgen draws the math.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arithmatex {
    /// `$…$` inline (`inline_syntax` "dollar").
    pub inline_dollar: bool,
    /// `\(…\)` inline (`inline_syntax` "round").
    pub inline_round: bool,
    /// A `$` opens and closes only next to something that is not a space.
    pub smart_dollar: bool,
    /// `$$…$$`, `\[…\]` and `\begin{env}…\end{env}` blocks (`block_syntax`).
    pub block_dollar: bool,
    pub block_square: bool,
    pub block_begin: bool,
    pub output: MathOutput,
}

/// How formulas reach the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathOutput {
    /// MathML, drawn by the browser with no script.
    MathMl,
    /// arithmatex's generic markup, for MathJax or KaTeX to draw.
    Generic,
}

impl Default for Arithmatex {
    /// arithmatex's defaults, drawn as MathML.
    fn default() -> Self {
        Self {
            inline_dollar: true,
            inline_round: true,
            smart_dollar: true,
            block_dollar: true,
            block_square: true,
            block_begin: true,
            output: MathOutput::MathMl,
        }
    }
}

/// pymdownx.tabbed's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tabbed {
    /// Labels in one bar before the bodies (`alternate_style`, what
    /// Material for MkDocs styles), or each label before its body.
    pub alternate_style: bool,
}

impl Default for Syntax {
    /// What Material for MkDocs' recommended configuration turns on.
    fn default() -> Self {
        Self {
            tabbed: Some(Tabbed {
                alternate_style: true,
            }),
            // Off: prices and shell variables in prose would become math.
            arithmatex: None,
            abbr: true,
            def_list: true,
            attr_list: true,
            emoji: true,
            keys: true,
            inlinehilite: true,
            // Off: `-->` in text is text to CommonMark (spec example 626).
            smart_symbols: false,
            // Off: CommonMark's `#hashtag` is text.
            headings_without_space: false,
            md_in_html: true,
            // Off: kbgen's own sites read HTML as CommonMark does.
            python_raw_html: false,
            tasklist: Some(Tasklist {
                custom_checkbox: false,
            }),
            // Off: not in Material's recommended configuration.
            critic: None,
            // Off: kbgen's own sites keep CommonMark's bullets and numbers.
            python_lists: false,
            delimited: super::delimiters::Delimited {
                mark: true,
                caret: true,
                tilde: true,
            },
        }
    }
}

/// A fence pymdownx.superfences hands to a format of its own
/// (`custom_fences`): ```` ```mermaid ```` as `<pre class="mermaid">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomFence {
    /// The fence's language name.
    pub name: String,
    /// The class of the element it becomes.
    pub class: String,
    pub format: FenceFormat,
}

/// How a custom fence is written (superfences' two formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FenceFormat {
    /// `<pre class="…"><code>source</code></pre>` (`fence_code_format`).
    Pre,
    /// `<div class="…">source</div>` (`fence_div_format`).
    Div,
    /// A display formula, drawn as the page's math is (arithmatex's
    /// `fence_mathjax_format` and `fence_generic_format`).
    Math,
}

impl CustomFence {
    /// Material for MkDocs' diagrams: ```` ```mermaid ````.
    pub fn mermaid() -> Self {
        Self {
            name: "mermaid".to_owned(),
            class: "mermaid".to_owned(),
            format: FenceFormat::Pre,
        }
    }

    /// The fence's HTML: its source, escaped, for a script to draw.
    pub fn html(&self, source: &str) -> String {
        let class = crate::escape::html_attribute(&self.class);
        let source = crate::escape::html_text(source.trim_end_matches('\n'));
        match self.format {
            FenceFormat::Pre => format!("<pre class=\"{class}\"><code>{source}</code></pre>\n"),
            FenceFormat::Div | FenceFormat::Math => {
                format!("<div class=\"{class}\">{source}</div>\n")
            }
        }
    }
}
