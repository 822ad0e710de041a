//! `extra_js`: the author's scripts, each a path, or a table saying how the
//! browser loads it (`type`, `defer`, `async`), as MkDocs 1.5+ allows.

use serde::Deserialize;

/// One `extra_js` entry as written.
#[derive(Debug)]
pub(super) enum ScriptToml {
    Path(String),
    Table(ScriptTable),
}

/// By hand rather than `untagged`, so a mistyped key in a table is named
/// ("unknown field `asink`") instead of "did not match any variant".
impl<'de> Deserialize<'de> for ScriptToml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> serde::de::Visitor<'de> for EntryVisitor {
            type Value = ScriptToml;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a path, or a table with `path` and `type`, `defer`, `async`")
            }

            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<ScriptToml, E> {
                Ok(ScriptToml::Path(path.to_owned()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ScriptToml, A::Error> {
                ScriptTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ScriptToml::Table)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScriptTable {
    path: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    defer: Option<bool>,
    #[serde(rename = "async")]
    load_async: Option<bool>,
}

/// A script every page loads, after the theme's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraScript {
    /// A file of the site or an absolute URL.
    pub path: String,
    /// The `type` attribute (`module`), when there is one.
    pub kind: Option<String>,
    pub defer: bool,
    pub load_async: bool,
}

impl ScriptToml {
    /// The entry with kbgen's defaults: a `.mjs` file is a module, as in
    /// MkDocs; any other script is deferred unless it says otherwise, so
    /// no script holds up the page (MkDocs loads plain entries blocking).
    pub(super) fn resolve(self) -> ExtraScript {
        let table = match self {
            ScriptToml::Path(path) => ScriptTable {
                path,
                kind: None,
                defer: None,
                load_async: None,
            },
            ScriptToml::Table(table) => table,
        };
        let kind = table
            .kind
            .filter(|kind| !kind.is_empty())
            .or_else(|| table.path.ends_with(".mjs").then(|| "module".to_owned()));
        let load_async = table.load_async.unwrap_or(false);
        // A module is deferred already; `defer` beside `async` does nothing.
        let deferred_anyway = kind.as_deref() == Some("module") || load_async;
        ExtraScript {
            defer: !deferred_anyway && table.defer.unwrap_or(true),
            path: table.path,
            kind,
            load_async,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(toml_value: &str) -> ExtraScript {
        #[derive(Deserialize)]
        struct Wrapper {
            s: ScriptToml,
        }
        toml::from_str::<Wrapper>(&format!("s = {toml_value}"))
            .expect("valid entry")
            .s
            .resolve()
    }

    #[test]
    fn plain_paths_are_deferred_and_mjs_files_are_modules() {
        let plain = script("\"js/a.js\"");
        assert_eq!(
            (plain.kind, plain.defer, plain.load_async),
            (None, true, false)
        );
        let module = script("\"js/b.mjs\"");
        assert_eq!(
            (module.kind.as_deref(), module.defer, module.load_async),
            (Some("module"), false, false)
        );
    }

    #[test]
    fn a_table_says_how_its_script_loads() {
        let eager = script("{ path = \"a.js\", defer = false }");
        assert!(!eager.defer && !eager.load_async);
        let analytics = script("{ path = \"a.js\", async = true }");
        assert_eq!((analytics.defer, analytics.load_async), (false, true));
        let typed = script("{ path = \"a.js\", type = \"text/javascript\" }");
        assert_eq!(
            (typed.kind.as_deref(), typed.defer),
            (Some("text/javascript"), true)
        );
        let module = script("{ path = \"a.js\", type = \"module\", defer = true }");
        assert_eq!(
            (module.kind.as_deref(), module.defer),
            (Some("module"), false)
        );
    }
}
