//! How a site's templates meet the theme's. Every template of the default
//! theme is also known as `kbgen/<name>`, so a site's `templates/base.html`
//! can extend the one it replaces — `{% extends "kbgen/base.html" %}`, or
//! `{% extends "base.html" %}` as MkDocs' `overrides/main.html` is written,
//! which is read as the former. A site template that replaces nothing and
//! that nothing uses is most likely misnamed, and is reported.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceText};

/// The prefix under which the default theme's templates stay reachable.
pub const THEME_PREFIX: &str = "kbgen/";

/// Where the parent's name stands in a template that extends its own
/// name (`{% extends "base.html" %}` in `base.html`): the quoted name's
/// range, without the quotes.
pub fn extends_itself(name: &str, text: &str) -> Option<Range<usize>> {
    let open = text.find("{%")?;
    // Only the first tag can be `extends`.
    if !text.get(..open)?.trim().is_empty() {
        return None;
    }
    let after = text.get(open + 2..)?;
    let tag = after.trim_start_matches('-').trim_start();
    let rest = tag.strip_prefix("extends")?;
    let quoted = rest.trim_start();
    let quote = quoted.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = quoted.get(1..)?;
    let end = inner.find(quote)?;
    if inner.get(..end)? != name {
        return None;
    }
    let start = text.len() - inner.len();
    Some(start..start + end)
}

/// A template with its extends target renamed to the theme's copy, and
/// the way back to the author's offsets for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub text: String,
    /// Where the inserted prefix starts.
    at: usize,
}

impl Rewritten {
    /// `name`'s template text, reading a self-extension as the theme's.
    pub fn of(name: &str, text: &str) -> Option<Self> {
        let range = extends_itself(name, text)?;
        let mut rewritten = String::with_capacity(text.len() + THEME_PREFIX.len());
        rewritten.push_str(text.get(..range.start)?);
        rewritten.push_str(THEME_PREFIX);
        rewritten.push_str(text.get(range.start..)?);
        Some(Self {
            text: rewritten,
            at: range.start,
        })
    }

    /// An offset in the rewritten text as an offset in the author's.
    pub fn to_original(&self, offset: usize) -> usize {
        if offset <= self.at {
            offset
        } else {
            offset.saturating_sub(THEME_PREFIX.len()).max(self.at)
        }
    }
}

/// Site templates that replace no template of the theme and that no
/// template includes, imports or extends and no page names: a warning
/// each, naming the templates that exist.
pub fn unused_overrides(
    site_templates: &BTreeMap<String, SourceText>,
    theme_names: &BTreeSet<String>,
    all_sources: &BTreeMap<String, SourceText>,
    page_templates: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let overridable: Vec<&str> = theme_names
        .iter()
        .map(String::as_str)
        .filter(|n| !n.starts_with("partials/"))
        .collect();
    site_templates
        .iter()
        .filter(|(name, _)| !theme_names.contains(*name) && !page_templates.contains(*name))
        .filter(|(name, _)| {
            let double = format!("\"{name}\"");
            let single = format!("'{name}'");
            !all_sources
                .iter()
                .filter(|(other, _)| other != name)
                .any(|(_, source)| source.text.contains(&double) || source.text.contains(&single))
        })
        .map(|(name, source)| {
            Diagnostic::warning(
                "template-override",
                format!(
                    "`templates/{name}` replaces no template of the theme, and nothing uses it"
                ),
            )
            .in_file(&source.path)
            .with_help(format!(
                "the theme's templates are {}; a page can also name one with `template:`",
                overridable.join(", ")
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_extending_its_own_name_means_the_theme() {
        for (text, parent_at) in [
            ("{% extends \"base.html\" %}x", 12),
            ("{%- extends 'base.html' -%}", 13),
            ("\n  {% extends \"base.html\" %}", 15),
        ] {
            let range = extends_itself("base.html", text);
            assert_eq!(range, Some(parent_at..parent_at + 9), "{text:?}");
        }
        assert_eq!(
            extends_itself("page.html", "{% extends \"base.html\" %}"),
            None
        );
        assert_eq!(
            extends_itself("base.html", "<p>{% extends \"base.html\" %}"),
            None
        );
        assert_eq!(
            extends_itself("base.html", "{% block x %}{% endblock %}"),
            None
        );
    }

    #[test]
    fn offsets_map_back_past_the_inserted_prefix() -> Result<(), String> {
        let text = "{% extends \"base.html\" %}\n{% block x %}{{ oops( }}{% endblock %}";
        let rewritten = Rewritten::of("base.html", text).ok_or("no rewrite")?;
        assert!(
            rewritten
                .text
                .starts_with("{% extends \"kbgen/base.html\" %}")
        );
        let oops = rewritten.text.find("oops").unwrap_or_default();
        assert_eq!(
            rewritten.to_original(oops),
            text.find("oops").unwrap_or_default()
        );
        assert_eq!(rewritten.to_original(3), 3);
        Ok(())
    }
}
