//! `kbgen init`: a new site, or a `site.toml` for an existing MkDocs project.

use std::path::{Path, PathBuf};

use super::fail;
use crate::config::CONFIG_FILE;
use clap::Args;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site (default: the current folder).
    dir: Option<PathBuf>,
    /// Read the settings from the folder's mkdocs.yml and build its docs in place.
    #[arg(long)]
    from_mkdocs: bool,
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
    let text = if from_mkdocs {
        let translated = crate::config::mkdocs::site_toml(&dir.join("mkdocs.yml"))?;
        for warning in &translated.unsupported {
            eprintln!("warning: mkdocs.yml: {warning}");
        }
        translated.toml
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
        NEW_SITE_TOML.to_owned()
    };
    std::fs::write(&config_path, text)
        .map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;
    created.insert(0, config_path);
    Ok(created)
}

const NEW_SITE_TOML: &str = r#"title = "Knowledge Base"
description = "Answers to the questions we are asked most."
language = "en"
content_dir = "content"
output_dir = "public"
"#;

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
            "site_name: My KB\nsite_url: https://kb.example.org/\ndocs_dir: pages\nextra_css:\n  - css/extra.css\nextra_javascript:\n  - js/a.js\n  - path: js/b.mjs\n    type: module\n  - path: https://stats.example.org/s.js\n    async: true\nextra:\n  meta:\n    - name: author\n      content: Me\n  version: 3\n  unset:\n  social:\n    - icon: fontawesome/brands/github\n      link: https://github.com/me\nvalidation:\n  links:\n    anchors: info\n  omitted_files: ignore\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
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
        let config = crate::config::load(dir.path(), &crate::config::Overrides::default())
            .map_err(|e| e.to_string())?;
        let scripts: Vec<(&str, Option<&str>, bool, bool)> = config
            .extra_js
            .iter()
            .map(|s| (s.path.as_str(), s.kind.as_deref(), s.defer, s.load_async))
            .collect();
        assert_eq!(
            scripts,
            [
                ("js/a.js", None, true, false),
                ("js/b.mjs", Some("module"), false, false),
                ("https://stats.example.org/s.js", None, false, true),
            ]
        );
        assert_eq!(config.extra.get("version"), Some(&toml::Value::Integer(3)));
        assert!(!config.extra.contains_key("meta") && !config.extra.contains_key("unset"));
        let social = config.extra.get("social").and_then(|s| s.as_array());
        assert_eq!(
            social.and_then(|s| s.first()?.get("link")?.as_str()),
            Some("https://github.com/me")
        );
        assert_eq!(
            config.link_levels,
            crate::config::LinkLevels {
                missing: crate::config::Level::Error,
                anchors: crate::config::Level::Hint,
            }
        );
        Ok(())
    }
}
