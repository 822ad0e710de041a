//! Python-Markdown's and pymdown-extensions' own test cases, as
//! `tests/pymdown/upstream.py` gathers them (KBGEN_UPSTREAM_CASES names
//! the file): each is read with the extensions and options its test gives,
//! the way kbgen reads them from a mkdocs.yml, and must render to the shape
//! the installed reference makes. Suites below the bar (95 %) fail;
//! `KBGEN_UPSTREAM_REPORT` names a file for every differing case.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::html_shape::shape;

/// Suites kbgen does not take on, with why: their cases are counted apart.
const OUT_OF_SCOPE: &[(&str, &str)] = &[];

#[test]
fn upstream_suites_render_the_same() {
    let Ok(path) = std::env::var("KBGEN_UPSTREAM_CASES") else {
        eprintln!("skipped: KBGEN_UPSTREAM_CASES is not set (see tests/pymdown/upstream.py)");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let recorded: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut report = String::new();
    for case in recorded["cases"].as_array().into_iter().flatten() {
        let suite = case["suite"].as_str().unwrap_or_default().to_owned();
        let input = case["input"].as_str().unwrap_or_default();
        let expected = case["html"].as_str().unwrap_or_default();
        let Some(actual) = render_as_mkdocs(input, &case["extensions"], &case["configs"]) else {
            continue;
        };
        let same = shape(&actual) == shape(expected);
        let count = counts.entry(suite.clone()).or_default();
        count.0 += usize::from(same);
        count.1 += 1;
        if !same {
            let _ = write!(
                report,
                "=== {suite} {}\n--- input\n{input}\n--- Python-Markdown\n{expected}\n--- kbgen\n{actual}\n\n",
                case["name"].as_str().unwrap_or_default()
            );
        }
    }
    if let Ok(out) = std::env::var("KBGEN_UPSTREAM_REPORT") {
        std::fs::write(&out, &report).unwrap_or_else(|e| panic!("{out}: {e}"));
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(suite, (passed, total))| format!("{suite}: {passed}/{total}"))
        .collect();
    eprintln!("upstream conformance: {}", summary.join(", "));
    let below: Vec<&String> = counts
        .iter()
        .filter(|(suite, (passed, total))| {
            !OUT_OF_SCOPE.iter().any(|(name, _)| name == suite) && passed * 100 < total * 95
        })
        .map(|(suite, _)| suite)
        .collect();
    assert!(below.is_empty(), "below 95 %: {below:?}");
}

/// `input` rendered with the settings kbgen reads from a mkdocs.yml that
/// lists `extensions` with `configs`; `None` when kbgen refuses that file.
fn render_as_mkdocs(input: &str, extensions: &Value, configs: &Value) -> Option<String> {
    let site = tempfile::tempdir().expect("temp dir");
    let mut yaml = String::from("site_name: Upstream\nmarkdown_extensions:\n");
    for extension in extensions.as_array().into_iter().flatten() {
        let name = extension.as_str().unwrap_or_default();
        match configs
            .get(name)
            .filter(|c| c.as_object().is_some_and(|o| !o.is_empty()))
        {
            Some(options) => {
                let _ = writeln!(yaml, "  - {name}:");
                write_yaml(&mut yaml, options, 6);
            }
            None => {
                let _ = writeln!(yaml, "  - {name}");
            }
        }
    }
    std::fs::write(site.path().join("mkdocs.yml"), &yaml).expect("mkdocs.yml");
    std::fs::create_dir_all(site.path().join("docs")).expect("docs");
    let config = kbgen::config::load(site.path(), &kbgen::config::Overrides::default()).ok()?;
    let options = kbgen::markdown::RenderOptions {
        syntax: config.syntax,
        custom_fences: &config.custom_fences,
        slug_style: Some(&config.slug_style),
        toc: Some(&config.toc),
        tab_slugs: config.tab_slugs.as_ref(),
        footnotes: Some(&config.footnotes),
        icon_folders: &config.icon_folders,
        ..kbgen::markdown::RenderOptions::default()
    };
    Some(kbgen::markdown::render_standalone_with(input, options).html)
}

/// `value` as block YAML, `indent` spaces in; a Python object recorded as
/// `{"python": name}` is written as mkdocs.yml writes it, `!!python/name:`.
fn write_yaml(yaml: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match scalar(value) {
                    Some(text) => {
                        let _ = writeln!(yaml, "{pad}{key}: {text}");
                    }
                    None if is_empty(value) => {
                        let empty = if value.is_array() { "[]" } else { "{}" };
                        let _ = writeln!(yaml, "{pad}{key}: {empty}");
                    }
                    None => {
                        let _ = writeln!(yaml, "{pad}{key}:");
                        write_yaml(yaml, value, indent + 2);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match scalar(item) {
                    Some(text) => {
                        let _ = writeln!(yaml, "{pad}- {text}");
                    }
                    None => {
                        let mut nested = String::new();
                        write_yaml(&mut nested, item, indent + 2);
                        // The first line of the item goes after its dash.
                        let nested = nested.get(indent + 2..).unwrap_or_default();
                        let _ = write!(yaml, "{pad}- {nested}");
                    }
                }
            }
        }
        other => {
            let _ = writeln!(yaml, "{pad}{}", scalar(other).unwrap_or_default());
        }
    }
}

fn is_empty(value: &Value) -> bool {
    value.as_array().is_some_and(Vec::is_empty) || value.as_object().is_some_and(|o| o.is_empty())
}

/// A value that fits on its key's line: JSON's strings, numbers and
/// booleans are YAML's too.
fn scalar(value: &Value) -> Option<String> {
    if let Some(name) = value.get("python").and_then(Value::as_str) {
        return Some(format!("!!python/name:{name}"));
    }
    match value {
        Value::Object(_) | Value::Array(_) => None,
        Value::Null => Some("null".to_owned()),
        other => Some(other.to_string()),
    }
}
