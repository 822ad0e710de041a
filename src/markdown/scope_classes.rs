//! Which highlighted tokens need a `<span>`, and with which classes. syntect
//! gives every scope a span with a class per atom (`meta qualified-name
//! python`), but the stylesheet only selects the atom sets the configured
//! themes name (`.hl-keyword.hl-control`, `.hl-string .hl-punctuation`). A
//! span keeps the atoms of the selector parts it matches, and is left out
//! when no rule can select it where it stands (`.hl-punctuation` outside a
//! string) and no rule can need it as an ancestor: every rule of the
//! stylesheet selects exactly the same text as before.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use syntect::highlighting::Theme;
use syntect::parsing::Scope;

use crate::escape::html_attribute;

/// The class prefix of highlighted tokens (`hl-keyword`).
pub const PREFIX: &str = "hl-";

type Compound = Vec<u16>;

/// The selectors of a set of themes, and what each scope's span needs.
#[derive(Debug, Default)]
pub struct ScopeClasses {
    /// Every selector of every rule, as its compound parts (the atoms a span
    /// must all carry), ancestors first.
    paths: Vec<Vec<Compound>>,
    /// Every compound of every selector.
    compounds: Vec<Compound>,
    /// The compounds that stand before a selector's last part: a span
    /// matching one may be the ancestor a rule looks for.
    ancestor_parts: Vec<Compound>,
    known: RwLock<HashMap<Scope, Arc<SpanRule>>>,
}

/// What the stylesheet can do with a span of one scope.
#[derive(Debug, Default)]
pub struct SpanRule {
    /// The `class` value (`None`: no rule can select the span).
    pub class: Option<Arc<str>>,
    /// A rule selects it whatever encloses it, or may need it as an ancestor.
    always: bool,
    /// The ancestor parts of the selectors that select it only inside
    /// other spans.
    inside: Vec<Vec<Compound>>,
}

impl SpanRule {
    /// Whether the span is needed inside spans of `enclosing` scopes
    /// (outermost first, only the spans that were written).
    pub fn needed(&self, enclosing: &[Scope]) -> bool {
        self.class.is_some()
            && (self.always
                || self
                    .inside
                    .iter()
                    .any(|ancestors| in_order_within(ancestors, enclosing)))
    }
}

/// Whether each compound matches a scope of `enclosing`, in order (CSS
/// descendant combinators).
fn in_order_within(ancestors: &[Compound], enclosing: &[Scope]) -> bool {
    let mut wanted = ancestors.iter().peekable();
    for scope in enclosing {
        if wanted
            .peek()
            .is_some_and(|compound| compound.iter().all(|a| atoms(*scope).any(|b| b == *a)))
        {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

fn matches(compound: &[u16], held: &[u16]) -> bool {
    compound.iter().all(|atom| held.contains(atom))
}

impl ScopeClasses {
    /// For the stylesheet made of `themes`.
    pub fn for_themes<'a>(themes: impl IntoIterator<Item = &'a Theme>) -> Self {
        let mut paths: Vec<Vec<Compound>> = themes
            .into_iter()
            .flat_map(|theme| &theme.scopes)
            .flat_map(|item| &item.scope.selectors)
            .map(|selector| {
                selector
                    .extract_scopes()
                    .into_iter()
                    .map(|scope| atoms(scope).collect::<Compound>())
                    .filter(|atoms| !atoms.is_empty())
                    .collect::<Vec<Compound>>()
            })
            .filter(|path| !path.is_empty())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        let mut compounds: Vec<Compound> = paths.iter().flatten().cloned().collect();
        compounds.sort_unstable();
        compounds.dedup();
        let mut ancestor_parts: Vec<Compound> = paths
            .iter()
            .flat_map(|path| path.split_last().map_or(&[][..], |(_, before)| before))
            .cloned()
            .collect();
        ancestor_parts.sort_unstable();
        ancestor_parts.dedup();
        Self {
            paths,
            compounds,
            ancestor_parts,
            known: RwLock::new(HashMap::new()),
        }
    }

    /// What a span of `scope` needs.
    pub fn rule(&self, scope: Scope) -> Arc<SpanRule> {
        if let Some(known) = self.known.read().ok().and_then(|m| m.get(&scope).cloned()) {
            return known;
        }
        let rule = Arc::new(self.compute(scope));
        if let Ok(mut known) = self.known.write() {
            known.insert(scope, Arc::clone(&rule));
        }
        rule
    }

    fn compute(&self, scope: Scope) -> SpanRule {
        let held: Vec<u16> = atoms(scope).collect();
        let mut needed = vec![false; held.len()];
        for compound in self.compounds.iter().filter(|c| matches(c, &held)) {
            for (needed, atom) in needed.iter_mut().zip(&held) {
                *needed |= compound.contains(atom);
            }
        }
        if !needed.contains(&true) {
            return SpanRule::default();
        }
        let name = scope.build_string();
        let kept: Vec<String> = name
            .split('.')
            .zip(&needed)
            .filter(|(_, keep)| **keep)
            .map(|(atom, _)| format!("{PREFIX}{}", html_attribute(atom)))
            .collect();
        let selected_by = self
            .paths
            .iter()
            .filter_map(|path| path.split_last())
            .filter(|(last, _)| matches(last, &held));
        let always = self.ancestor_parts.iter().any(|c| matches(c, &held))
            || selected_by.clone().any(|(_, before)| before.is_empty());
        let inside = if always {
            Vec::new()
        } else {
            selected_by.map(|(_, before)| before.to_vec()).collect()
        };
        SpanRule {
            class: Some(kept.join(" ").into()),
            always,
            inside,
        }
    }
}

fn atoms(scope: Scope) -> impl Iterator<Item = u16> {
    (0..scope.len()).map(move |index| scope.atom_at(index as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use syntect::highlighting::{ScopeSelectors, StyleModifier, ThemeItem};

    fn theme(selectors: &str) -> Theme {
        let mut theme = Theme::default();
        theme.scopes.push(ThemeItem {
            scope: ScopeSelectors::from_str(selectors).unwrap_or_default(),
            style: StyleModifier::default(),
        });
        theme
    }

    fn scope(name: &str) -> Scope {
        Scope::new(name).unwrap_or_default()
    }

    fn class(classes: &ScopeClasses, name: &str) -> Option<String> {
        classes
            .rule(scope(name))
            .class
            .as_deref()
            .map(str::to_owned)
    }

    #[test]
    fn keeps_the_atoms_of_matching_selector_parts_only() {
        let light = theme("keyword.control, meta.function entity.name");
        let dark = theme("python");
        let classes = ScopeClasses::for_themes([&light, &dark]);
        assert_eq!(
            class(&classes, "keyword.control.import.python").as_deref(),
            Some("hl-keyword hl-control hl-python")
        );
        assert_eq!(
            class(&classes, "meta.function.rust").as_deref(),
            Some("hl-meta hl-function"),
            "an ancestor part of a descendant selector counts"
        );
        assert_eq!(class(&classes, "meta.generic-name.rust"), None);
        assert_eq!(class(&classes, "keyword.other.rust"), None);
    }

    #[test]
    fn a_span_selected_only_inside_others_is_needed_only_there() {
        let classes = ScopeClasses::for_themes([&theme("string punctuation, comment")]);
        let punctuation = classes.rule(scope("punctuation.separator.python"));
        assert!(
            !punctuation.needed(&[]),
            "outside a string no rule selects it"
        );
        assert!(!punctuation.needed(&[scope("comment.line")]));
        assert!(punctuation.needed(&[scope("string.quoted.python")]));
        assert!(
            punctuation.needed(&[scope("string.quoted.python"), scope("comment.line")]),
            "a descendant, not only a child"
        );
        assert!(
            classes.rule(scope("string.quoted")).needed(&[]),
            "an ancestor part is always kept"
        );
        assert!(classes.rule(scope("comment.line")).needed(&[]));
    }
}
