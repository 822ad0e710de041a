//! Heading ids exactly as MkDocs makes them: every heading of
//! tests/slugs/headings.md, under each Python-Markdown and pymdownx slug
//! style, against the ids Python-Markdown itself gave them
//! (tests/slugs/generate.py wrote tests/slugs/expected.json).

use scraper::{Html, Selector};

use crate::support::{TestSite, repo_root};

fn corpus_page() -> String {
    let headings = std::fs::read_to_string(repo_root().join("tests/slugs/headings.md")).unwrap();
    let mut page = String::from("# Slug corpus\n\n");
    for line in headings.lines() {
        page.push_str(&format!("## {line}\n\n"));
    }
    page
}

/// The ids of the page heading and of every heading in the body, in order.
fn heading_ids(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse("article > h1, .content :is(h1, h2, h3, h4, h5, h6)").unwrap();
    document
        .select(&selector)
        .map(|h| h.value().attr("id").unwrap_or_default().to_owned())
        .collect()
}

fn toml_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

#[test]
fn python_markdown_ids_match_the_corpus() {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/slugs/expected.json")).unwrap(),
    )
    .unwrap();
    let styles = expected["styles"].as_object().unwrap();
    assert!(styles.len() >= 6);
    let page = corpus_page();
    let mut failures = Vec::new();
    for (name, style) in styles {
        let toc: String = style["toc"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, value)| format!("{key} = {}\n", toml_value(value)))
            .collect();
        let site = TestSite::new()
            .file("site.toml", &format!("title = \"T\"\n[toc]\n{toc}"))
            .file("content/index.md", "# Home\n\n[corpus](corpus.md)\n")
            .file("content/corpus.md", &page);
        site.build(&["--allow-broken-links"]).assert_success();
        let ids = heading_ids(&site.read("public/corpus/index.html"));
        let want: Vec<String> = style["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), want.len(), "{name}: heading count");
        assert!(want.len() >= 200);
        let headings: Vec<&str> = std::iter::once("Slug corpus")
            .chain(page.lines().filter_map(|l| l.strip_prefix("## ")))
            .collect();
        for ((got, want), heading) in ids.iter().zip(&want).zip(&headings) {
            if got != want {
                failures.push(format!(
                    "{name}: {heading:?} → {got:?}, Python-Markdown {want:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_fence_with_an_id_is_a_link_target() {
    let site = TestSite::new().file(
        "content/q.md",
        "# Q?\n\nSee [the setup](#setup).\n\n``` { .python #setup .wide data-step=\"1\" }\nx = 1\n```\n",
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(!run.stderr.contains("broken"), "{}", run.stderr);
    let page = site.main_of("public/q/index.html");
    assert!(
        page.contains(
            "<div id=\"setup\" class=\"code-block wide\" data-step=\"1\" data-lang=\"python\">"
        ),
        "{page}"
    );
}
