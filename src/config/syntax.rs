//! `[markdown]`'s extension switches: each `true`, `false`, or a table of
//! the extension's options (which turns it on).

use serde::Deserialize;

use super::MarkdownToml;
use crate::markdown::Syntax;
use crate::markdown::syntax::Tabbed;

/// An extension's setting: `true`, `false`, or a table of its options.
#[derive(Debug)]
pub(super) enum Switch<T> {
    On(bool),
    Options(T),
}

/// By hand rather than `untagged`, so a mistyped option is named
/// ("unknown field `alternate`") instead of "did not match any variant".
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Switch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SwitchVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for SwitchVisitor<T> {
            type Value = Switch<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a table of the extension's options")
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Switch<T>, E> {
                Ok(Switch::On(on))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Switch<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Switch::Options)
            }
        }
        deserializer.deserialize_any(SwitchVisitor(std::marker::PhantomData))
    }
}

/// `tabbed`'s options.
pub(super) type TabbedToml = Switch<TabbedOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TabbedOptions {
    alternate_style: Option<bool>,
}

/// The syntax `[markdown]` selects: each extension as set, else on as
/// Material for MkDocs recommends.
pub(super) fn resolve(markdown: &MarkdownToml) -> Syntax {
    let defaults = Syntax::default();
    let default_tabs = defaults.tabbed.unwrap_or(Tabbed {
        alternate_style: true,
    });
    Syntax {
        tabbed: match &markdown.tabbed {
            None => defaults.tabbed,
            Some(Switch::On(false)) => None,
            Some(Switch::On(true)) => Some(default_tabs),
            Some(Switch::Options(options)) => Some(Tabbed {
                alternate_style: options
                    .alternate_style
                    .unwrap_or(default_tabs.alternate_style),
            }),
        },
    }
}
