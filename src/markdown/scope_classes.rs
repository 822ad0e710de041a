//! Which classes a highlighted token's `<span>` needs. syntect gives every
//! scope a span with a class per atom (`meta qualified-name python`), but the
//! stylesheet only selects the atom sets the configured themes name
//! (`.hl-keyword.hl-control`, `.hl-meta.hl-function .hl-entity`). A span
//! keeps the atoms of the selector parts it matches and is left out when it
//! matches none: every rule of the stylesheet selects exactly the same text
//! as before, and the code markup is about a third of syntect's.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use syntect::highlighting::Theme;
use syntect::parsing::Scope;

use crate::escape::html_attribute;

/// The class prefix of highlighted tokens (`hl-keyword`).
pub const PREFIX: &str = "hl-";

/// The selector parts of a set of themes, and the classes each scope gets.
#[derive(Debug, Default)]
pub struct ScopeClasses {
    /// Every compound selector of every rule: the atoms a span must all carry.
    compounds: Vec<Vec<u16>>,
    /// The `class` value by scope (`None`: the span is not needed).
    known: RwLock<HashMap<Scope, Option<Arc<str>>>>,
}

impl ScopeClasses {
    /// For the stylesheet made of `themes`.
    pub fn for_themes<'a>(themes: impl IntoIterator<Item = &'a Theme>) -> Self {
        let mut compounds: Vec<Vec<u16>> = themes
            .into_iter()
            .flat_map(|theme| &theme.scopes)
            .flat_map(|item| &item.scope.selectors)
            .flat_map(|selector| selector.extract_scopes())
            .map(|scope| atoms(scope).collect::<Vec<u16>>())
            .filter(|atoms| !atoms.is_empty())
            .collect();
        compounds.sort_unstable();
        compounds.dedup();
        Self {
            compounds,
            known: RwLock::new(HashMap::new()),
        }
    }

    /// The `class` attribute value for a span of `scope`, or `None` when no
    /// rule can select it.
    pub fn classes(&self, scope: Scope) -> Option<Arc<str>> {
        if let Some(known) = self.known.read().ok().and_then(|m| m.get(&scope).cloned()) {
            return known;
        }
        let classes = self.compute(scope);
        if let Ok(mut known) = self.known.write() {
            known.insert(scope, classes.clone());
        }
        classes
    }

    fn compute(&self, scope: Scope) -> Option<Arc<str>> {
        let held: Vec<u16> = atoms(scope).collect();
        let mut needed = vec![false; held.len()];
        for compound in &self.compounds {
            if compound.iter().all(|atom| held.contains(atom)) {
                for (needed, atom) in needed.iter_mut().zip(&held) {
                    *needed |= compound.contains(atom);
                }
            }
        }
        if !needed.contains(&true) {
            return None;
        }
        let name = scope.build_string();
        let kept: Vec<String> = name
            .split('.')
            .zip(&needed)
            .filter(|(_, keep)| **keep)
            .map(|(atom, _)| format!("{PREFIX}{}", html_attribute(atom)))
            .collect();
        Some(kept.join(" ").into())
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

    #[test]
    fn keeps_the_atoms_of_matching_selector_parts_only() {
        let light = theme("keyword.control, meta.function entity.name");
        let dark = theme("python");
        let classes = ScopeClasses::for_themes([&light, &dark]);
        assert_eq!(
            classes
                .classes(scope("keyword.control.import.python"))
                .as_deref(),
            Some("hl-keyword hl-control hl-python")
        );
        assert_eq!(
            classes.classes(scope("meta.function.rust")).as_deref(),
            Some("hl-meta hl-function"),
            "an ancestor part of a descendant selector counts"
        );
        assert_eq!(classes.classes(scope("meta.generic-name.rust")), None);
        assert_eq!(classes.classes(scope("keyword.other.rust")), None);
    }
}
