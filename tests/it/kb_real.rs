//! The acceptance test on our first user's real knowledge base
//! (`../shared/corpus/kb-real/`, an MkDocs Material project), used unchanged.

use std::path::{Path, PathBuf};

use crate::seo::{json_ld, of_type, visible_text};
use crate::support::{list_files, run_in};

fn corpus() -> Option<PathBuf> {
    crate::support::shared_data("corpus/kb-real", "KBGEN_KB_REAL")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// A copy of the corpus with a three-line site.toml; `None` (the test is
/// skipped) when the corpus is not beside the checkout.
fn copy_of_corpus() -> Option<tempfile::TempDir> {
    let source = corpus()?;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        source.join("mkdocs.yml").is_file(),
        "kb-real corpus not found at {}",
        source.display()
    );
    copy_tree(&source, dir.path());
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Knowledge Base\"\nbase_url = \"https://kb.subhajitbhar.com/\"\ncontent_dir = \"docs\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    Some(dir)
}

#[test]
fn reports_exactly_the_real_problems() {
    let Some(site) = copy_of_corpus() else { return };
    let run = run_in(site.path(), &["build"]);
    run.assert_code(1);
    assert!(!site.path().join("public").exists(), "nothing is written");
    // The errors, in full: the corpus's real defects and nothing else.
    let errors: String = run
        .problems()
        .split("\n\n")
        .filter(|block| block.starts_with("error"))
        .map(|block| format!("{block}\n\n"))
        .collect();
    insta::assert_snapshot!(errors);
    assert!(run.stderr.contains("3 errors, "), "{}", run.stderr);
}

#[test]
fn hand_written_faq_pages_that_drifted_are_warned_about() {
    let Some(site) = copy_of_corpus() else { return };
    let run = run_in(site.path(), &["build", "--format", "json"]);
    let drifts: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .filter(|d: &serde_json::Value| d["code"] == "faq-drift")
        .collect();
    assert!(!drifts.is_empty());
    for drift in &drifts {
        assert_eq!(drift["severity"], "warning");
        assert!(drift["line"].as_u64().is_some_and(|l| l > 10), "{drift}");
    }
}

/// A copy of the corpus with its one invalid YAML value quoted, built with
/// `--allow-broken-links`.
fn fixed_and_built() -> Option<(tempfile::TempDir, crate::support::Run)> {
    let site = copy_of_corpus()?;
    let broken = site
        .path()
        .join("docs/python-tuples/what-is-slicing-in-python.md");
    let text = std::fs::read_to_string(&broken).unwrap_or_default();
    assert!(text.contains("content: index: follow"));
    std::fs::write(
        &broken,
        text.replace("content: index: follow", "content: \"index: follow\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = run_in(site.path(), &["build", "--allow-broken-links"]);
    Some((site, run))
}

#[test]
fn every_article_has_one_faq_page_matching_its_visible_question_and_answer() {
    let Some((site, run)) = fixed_and_built() else {
        return;
    };
    run.assert_success();
    let public = site.path().join("public");
    let mut articles = 0;
    for file in list_files(&public)
        .iter()
        .filter(|f| f.ends_with("/index.html") && f.starts_with("python-"))
    {
        if file.matches('/').count() < 2 {
            continue; // a section page
        }
        let html = std::fs::read_to_string(public.join(file)).unwrap_or_default();
        let objects = json_ld(&html);
        let faq = of_type(&objects, "FAQPage");
        if file == "python-lists/python-list-slice/index.html" {
            // The one article with no In-short answer (and no hand-written
            // FAQPage): kbgen does not make one up.
            assert!(faq.is_empty(), "{file}");
            continue;
        }
        assert_eq!(faq.len(), 1, "{file}: one FAQPage");
        let document = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("main h1").unwrap_or_else(|e| panic!("{e:?}"));
        let h1: String = document
            .select(&selector)
            .next()
            .map(|h| h.text().collect())
            .unwrap_or_default();
        assert_eq!(
            faq[0]["mainEntity"][0]["name"].as_str(),
            Some(h1.trim()),
            "{file}: name is the H1"
        );
        let answer = faq[0]["mainEntity"][0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap_or_default();
        assert!(!answer.is_empty(), "{file}");
        assert!(
            visible_text(&html).contains(answer),
            "{file}: answer visible on the page"
        );
        articles += 1;
    }
    assert!(articles >= 95, "{articles} articles checked");
}

#[test]
fn builds_every_page_at_mkdocs_urls_once_the_yaml_is_fixed() {
    let Some((site, run)) = fixed_and_built() else {
        return;
    };
    run.assert_success();
    assert_eq!(
        run.stderr.matches("warning[broken-anchor]").count(),
        2,
        "{}",
        run.stderr
    );
    let docs = site.path().join("docs");
    let public = site.path().join("public");
    let output = list_files(&public);
    let mut pages = 0;
    for source in list_files(&docs).iter().filter(|p| p.ends_with(".md")) {
        let stem = source.trim_end_matches(".md");
        let url_file = match stem.strip_suffix("index") {
            Some(dir) => format!("{dir}index.html"),
            None => format!("{stem}/index.html"),
        };
        assert!(
            output.contains(&url_file),
            "{source} should be served from {url_file}"
        );
        pages += 1;
    }
    assert!(pages >= 100, "{pages} pages");
    for copied in ["CNAME", "robots.txt", "llms.txt"] {
        assert!(output.contains(&copied.to_owned()), "{copied} copied");
    }
    let article = std::fs::read_to_string(
        public.join("python-lists/create-lists-using-list-comprehension/index.html"),
    )
    .unwrap_or_default();
    assert!(article.contains(
        "<div class=\"admonition info kb-answer\">\n<p class=\"admonition-title\">In short</p>"
    ));
    assert!(article.contains("href=\"/python-lists/when-to-use-list-comprehension-in-python/\""));
}

/// The source's "See also" items: (link text, resolved site URL or the external href).
fn source_see_also(source: &str, dir: &str) -> Vec<String> {
    let mut inside = false;
    let mut items = Vec::new();
    for line in source.lines() {
        if line.starts_with('#') {
            inside = line
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("See also");
            continue;
        }
        if !inside {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find("](") {
            let after = &rest[open + 2..];
            let Some(close) = after.find(')') else { break };
            let target = &after[..close];
            rest = &after[close..];
            if target.starts_with("http") {
                items.push(target.to_owned());
                continue;
            }
            let (path, fragment) = target
                .split_once('#')
                .map_or((target, None), |(p, f)| (p, Some(f)));
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for part in path.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    other => parts.push(other),
                }
            }
            let joined = parts.join("/");
            let stem = joined.trim_end_matches(".md");
            let mut url = match stem.strip_suffix("index") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{stem}/"),
            };
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            items.push(url);
        }
    }
    items
}

#[test]
fn see_also_lists_match_their_sources_and_related_adds_new_pages() {
    let Some((site, _)) = fixed_and_built() else {
        return;
    };
    std::fs::create_dir_all(site.path().join("templates")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}\nPAGE|{{ page.question }}\n{% for s in page.see_also %}SEE|{{ s.url }}|{{ s.title }}\n{% endfor %}{% for r in page.related %}REL|{{ r.url }}\n{% endfor %}{% endblock content %}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    run_in(
        site.path(),
        &["build", "--allow-broken-links", "--output", "dump"],
    )
    .assert_success();
    let docs = site.path().join("docs");
    let dump = site.path().join("dump");
    let read = |url: &str| {
        std::fs::read_to_string(dump.join(url.trim_start_matches('/')).join("index.html"))
            .unwrap_or_default()
    };
    let mut checked = 0;
    for source in list_files(&docs)
        .iter()
        .filter(|p| p.starts_with("python-") && p.ends_with(".md") && !p.ends_with("index.md"))
    {
        let text = std::fs::read_to_string(docs.join(source)).unwrap_or_default();
        let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
        let expected = source_see_also(&text, dir);
        let url = format!("/{}/", source.trim_end_matches(".md"));
        let html = read(&url);
        let see: Vec<(String, String)> = html
            .lines()
            .filter_map(|l| l.strip_prefix("SEE|"))
            .filter_map(|l| l.split_once('|'))
            .map(|(u, t)| (u.to_owned(), t.to_owned()))
            .collect();
        let urls: Vec<&str> = see.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(urls, expected, "{source}");
        for (target, title) in see.iter().filter(|(u, _)| u.starts_with('/')) {
            let page = target.split('#').next().unwrap_or_default();
            // Articles print their question with the dump template; section pages are not dumped.
            if let Some(question) = read(page)
                .lines()
                .find_map(|l| l.strip_prefix("PAGE|").map(str::to_owned))
            {
                assert_eq!(
                    title, &question,
                    "{source} → {target}: the target's question"
                );
            }
        }
        let related: Vec<&str> = html
            .lines()
            .filter_map(|l| l.strip_prefix("REL|"))
            .collect();
        assert!(!related.is_empty(), "{source} gets related suggestions");
        for suggestion in &related {
            assert!(
                !urls.contains(suggestion),
                "{source}: {suggestion} is already listed"
            );
            assert_ne!(*suggestion, url, "{source} is not related to itself");
        }
        checked += 1;
    }
    assert!(checked >= 95, "{checked}");
}

#[test]
fn check_lists_broken_links_and_missing_answers() {
    let Some(site) = copy_of_corpus() else { return };
    let run = run_in(site.path(), &["check", "--format", "github"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&"::error file=docs/python-lists/python-list-slice.md,line=18,col=7,title=broken-anchor::broken link `#startstop`: no heading or id `startstop` on this page%0Ahelp: did you mean `#liststartstop`? Heading ids are GitHub-style: lower-case, punctuation removed"), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=docs/python-tuples/what-is-slicing-in-python.md,line=6,col=19,"
    )));
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::notice file=docs/python-lists/python-list-slice.md,line=11,col=1,title=no-answer::"
        )),
        "{}",
        run.stdout
    );
    assert!(!site.path().join("public").exists(), "check writes nothing");
}
