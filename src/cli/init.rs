//! `kbgen init`: a new site, or a `site.toml` for an existing MkDocs project.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::{Deserialize, Serialize};

use super::fail;
use crate::config::CONFIG_FILE;
use crate::content::MetaTag;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site (default: the current folder).
    dir: Option<PathBuf>,
    /// Read the settings from the folder's mkdocs.yml and build its docs in place.
    #[arg(long)]
    from_mkdocs: bool,
}

/// The part of `mkdocs.yml` kbgen carries over.
#[derive(Debug, Default, Deserialize)]
struct MkdocsYml {
    site_name: Option<String>,
    site_url: Option<String>,
    site_description: Option<String>,
    site_author: Option<String>,
    docs_dir: Option<String>,
    #[serde(default)]
    extra: MkdocsExtra,
    #[serde(default)]
    extra_css: Vec<String>,
    /// Paths, or `{path: …, type: module}` entries.
    #[serde(default)]
    extra_javascript: Vec<serde_yaml_ng::Value>,
    copyright: Option<String>,
    repo_url: Option<String>,
    /// A theme name alone, or a mapping with `logo` and `favicon`: files
    /// in the docs folder, as they are for kbgen.
    #[serde(default)]
    theme: serde_yaml_ng::Value,
    /// Names, or `{name: options}` entries.
    #[serde(default)]
    markdown_extensions: Vec<serde_yaml_ng::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct MkdocsExtra {
    #[serde(default)]
    meta: Vec<MetaTag>,
}

/// The `site.toml` that `init` writes.
#[derive(Debug, Serialize)]
struct NewSiteToml {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    language: String,
    content_dir: String,
    output_dir: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extra_css: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extra_js: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repo_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meta: Vec<MetaTag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    theme: Option<NewThemeToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toc: Option<NewTocToml>,
}

/// `[toc]`: the heading ids the MkDocs site has been handing out.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
struct NewTocToml {
    slugify: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    separator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    percent_encode: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    normalize: Option<String>,
}

#[derive(Debug, Serialize)]
struct NewThemeToml {
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<String>,
}

pub fn run(args: &InitArgs) -> u8 {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    match init(&dir, args.from_mkdocs) {
        Ok(created) => {
            for path in created {
                eprintln!("created {}", path.display());
            }
            eprintln!("next: `kbgen build --root {}`", dir.display());
            0
        }
        Err(message) => fail(message),
    }
}

fn init(dir: &Path, from_mkdocs: bool) -> Result<Vec<PathBuf>, String> {
    let config_path = dir.join(CONFIG_FILE);
    if config_path.exists() {
        return Err(format!("{} already exists", config_path.display()));
    }
    if !from_mkdocs && dir.join("mkdocs.yml").is_file() {
        return Err(format!(
            "{} holds an MkDocs project (mkdocs.yml)\n  help: `kbgen init --from-mkdocs {}` builds it as it is; for a separate new site, name another folder: `kbgen init DIR`",
            dir.display(),
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut created = Vec::new();
    let site = if from_mkdocs {
        let (mkdocs, text) = read_mkdocs(&dir.join("mkdocs.yml"))?;
        let toc = toc_settings(&mkdocs.markdown_extensions, &text);
        NewSiteToml {
            title: mkdocs
                .site_name
                .unwrap_or_else(|| "Knowledge Base".to_owned()),
            base_url: mkdocs.site_url,
            description: mkdocs.site_description,
            author: mkdocs.site_author,
            language: "en".to_owned(),
            content_dir: mkdocs.docs_dir.unwrap_or_else(|| "docs".to_owned()),
            output_dir: "public".to_owned(),
            extra_css: mkdocs.extra_css,
            extra_js: mkdocs
                .extra_javascript
                .iter()
                .filter_map(|entry| match entry {
                    serde_yaml_ng::Value::String(path) => Some(path.clone()),
                    other => other
                        .get("path")
                        .and_then(|p| p.as_str())
                        .map(str::to_owned),
                })
                .collect(),
            copyright: mkdocs.copyright,
            // MkDocs takes any URL; kbgen links only web addresses.
            repo_url: mkdocs
                .repo_url
                .filter(|url| url.starts_with("https://") || url.starts_with("http://")),
            meta: mkdocs.extra.meta,
            theme: {
                let file = |key: &str| mkdocs.theme.get(key)?.as_str().map(str::to_owned);
                let (logo, favicon) = (file("logo"), file("favicon"));
                (logo.is_some() || favicon.is_some()).then_some(NewThemeToml { logo, favicon })
            },
            toc: Some(toc),
        }
    } else {
        let content = dir.join("content");
        std::fs::create_dir_all(&content)
            .map_err(|e| format!("cannot create {}: {e}", content.display()))?;
        for (name, text) in [
            ("index.md", HOME_PAGE),
            ("how-do-i-write-an-article.md", EXAMPLE_ARTICLE),
        ] {
            let path = content.join(name);
            if !path.exists() {
                std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                created.push(path);
            }
        }
        NewSiteToml {
            title: "Knowledge Base".to_owned(),
            base_url: None,
            description: Some("Answers to the questions we are asked most.".to_owned()),
            author: None,
            language: "en".to_owned(),
            content_dir: "content".to_owned(),
            output_dir: "public".to_owned(),
            extra_css: Vec::new(),
            extra_js: Vec::new(),
            copyright: None,
            repo_url: None,
            meta: Vec::new(),
            theme: None,
            toc: None,
        }
    };
    let text = toml::to_string(&site).map_err(|e| format!("cannot write site.toml: {e}"))?;
    std::fs::write(&config_path, text)
        .map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;
    created.insert(0, config_path);
    Ok(created)
}

/// The `toc` extension's id settings in `markdown_extensions`: MkDocs
/// always runs `toc`, so without a `slugify` its ids are Python-Markdown's.
/// serde_yaml reads `!!python/…` tags as plain values, so which function
/// `slugify` names is read from the file's text.
fn toc_settings(extensions: &[serde_yaml_ng::Value], text: &str) -> NewTocToml {
    let options = extensions.iter().find_map(|entry| {
        let map = entry.as_mapping()?;
        ["toc", "markdown.extensions.toc"]
            .iter()
            .find_map(|name| map.get(*name))
    });
    let option = |key: &str| options.and_then(|o| o.get(key));
    let separator = option("separator")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let function = text.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix("slugify:")?.trim();
        let name = value
            .strip_prefix("!!python/name:")
            .or_else(|| value.strip_prefix("!!python/object/apply:"))?;
        Some(name.split([' ', '{']).next().unwrap_or(name).to_owned())
    });
    let pymdownx = |case: &str, percent_encode: bool| NewTocToml {
        slugify: "pymdownx",
        separator: separator.clone(),
        case: Some(case.to_owned()),
        percent_encode: percent_encode.then_some(true),
        normalize: None,
    };
    match function.as_deref().filter(|_| option("slugify").is_some()) {
        Some("markdown.extensions.toc.slugify_unicode") => NewTocToml {
            slugify: "python-markdown-unicode",
            separator,
            ..NewTocToml::default()
        },
        Some("pymdownx.slugs.uslugify") => pymdownx("lower", false),
        Some("pymdownx.slugs.uslugify_encoded") => pymdownx("lower", true),
        Some("pymdownx.slugs.uslugify_cased") => pymdownx("none", false),
        Some("pymdownx.slugs.uslugify_cased_encoded") => pymdownx("none", true),
        Some("pymdownx.slugs.slugify") => {
            let kwds = option("slugify").and_then(|v| v.get("kwds"));
            let kwd = |key: &str| kwds.and_then(|k| k.get(key));
            NewTocToml {
                slugify: "pymdownx",
                separator,
                case: kwd("case").and_then(|v| v.as_str()).map(str::to_owned),
                percent_encode: kwd("percent_encode").and_then(serde_yaml_ng::Value::as_bool),
                normalize: kwd("normalize").and_then(|v| v.as_str()).map(str::to_owned),
            }
        }
        other => {
            if let Some(name) = other.filter(|name| *name != "markdown.extensions.toc.slugify") {
                eprintln!(
                    "warning: mkdocs.yml's toc slugify `{name}` is not one kbgen knows; heading ids follow Python-Markdown's default"
                );
            }
            NewTocToml {
                slugify: "python-markdown",
                separator,
                ..NewTocToml::default()
            }
        }
    }
}

fn read_mkdocs(path: &Path) -> Result<(MkdocsYml, String), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // mkdocs.yml often holds `!!python/name:` tags; read the keys we need
    // from a generic value so unknown tags elsewhere cannot stop us.
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let value = strip_tags(value);
    let mkdocs =
        serde_yaml_ng::from_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((mkdocs, text))
}

fn strip_tags(value: serde_yaml_ng::Value) -> serde_yaml_ng::Value {
    use serde_yaml_ng::Value;
    match value {
        Value::Tagged(tagged) => strip_tags(tagged.value),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(strip_tags).collect()),
        Value::Mapping(map) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (k, strip_tags(v))).collect())
        }
        other => other,
    }
}

const HOME_PAGE: &str = r#"---
title: Knowledge Base
description: Answers to the questions we are asked most.
---

# Knowledge Base

Every page here answers one question. Start with
[How do I write an article?](how-do-i-write-an-article.md).
"#;

const EXAMPLE_ARTICLE: &str = r#"---
title: "How do I write an article?"
description: "One markdown file per question: front matter, the question as H1, a short answer, then the details."
tags: [writing]
---

# How do I write an article?

<!-- more -->

!!! info "In short"
    Create one markdown file per question with `kbgen new "Your question?"`,
    answer it in two or three sentences in the "In short" box, then explain.

Everything after the short answer is ordinary markdown: paragraphs, lists,
tables and fenced code.

```bash
kbgen new "How do I reset my password?"
```

## Gotchas

* Keep the short answer short: search engines and the site's search show it.

## See also

* [Knowledge Base](index.md)
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkdocs_settings_carry_over() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::fs::write(
            dir.path().join("mkdocs.yml"),
            "site_name: My KB\nsite_url: https://kb.example.org/\ndocs_dir: pages\nextra_css:\n  - css/extra.css\nextra_javascript:\n  - js/a.js\n  - path: js/b.mjs\n    type: module\nextra:\n  meta:\n    - name: author\n      content: Me\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        )
        .map_err(|e| e.to_string())?;
        init(dir.path(), true)?;
        let text =
            std::fs::read_to_string(dir.path().join(CONFIG_FILE)).map_err(|e| e.to_string())?;
        assert!(text.contains("title = \"My KB\""), "{text}");
        assert!(text.contains("content_dir = \"pages\""), "{text}");
        assert!(
            text.contains("base_url = \"https://kb.example.org/\""),
            "{text}"
        );
        assert!(text.contains("content = \"Me\""), "{text}");
        assert!(text.contains("extra_css = [\"css/extra.css\"]"), "{text}");
        assert!(
            text.contains("extra_js = [\n    \"js/a.js\",\n    \"js/b.mjs\",\n]")
                || text.contains("extra_js = [\"js/a.js\", \"js/b.mjs\"]"),
            "{text}"
        );
        let config = crate::config::load(dir.path(), &crate::config::Overrides::default())
            .map_err(|e| e.to_string())?;
        assert_eq!(config.extra_js, ["js/a.js", "js/b.mjs"]);
        Ok(())
    }
}
