//! Which of Python-Markdown's and pymdown-extensions' syntaxes a site's
//! pages are read with, beyond CommonMark and admonitions: `[markdown]` in
//! site.toml, or the `markdown_extensions` an mkdocs.yml lists.

/// The extensions a page is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `=== "Tab"` content tabs (pymdownx.tabbed); `None`: off, the
    /// marker stays text as it does for MkDocs without the extension.
    pub tabbed: Option<Tabbed>,
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
        }
    }
}
