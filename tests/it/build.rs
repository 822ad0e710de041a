//! Successful builds: what lands in the output, for each part of the pipeline.

use crate::support::{TestSite, list_files, repo_root, run_in};

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndescription: \"About {title}\"\n---\n\n# {title}\n\n{body}")
}

#[test]
fn bundled_guide_builds() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out_dir = out.path().join("site");
    let root = repo_root();
    let run = run_in(
        &root,
        &["build", "--output", out_dir.to_str().unwrap_or_default()],
    );
    run.assert_success();
    let files = list_files(&out_dir);
    assert!(files.len() >= 12, "{files:?}");
    assert!(files.contains(&"writing/how-do-i-write-an-article/index.html".to_owned()));
}

#[test]
fn the_bundled_guide_passes_check_even_when_strict() {
    let run = run_in(&repo_root(), &["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn strict_builds_fail_on_warnings() {
    let site = TestSite::new()
        .file(
            "content/index.md",
            "# Home

[a](a.md)
",
        )
        .file(
            "content/a.md",
            "# A?
",
        )
        .file(
            "content/lonely.md",
            "# Lonely?
",
        );
    site.build(&[]).assert_success();
    let run = site.build(&["--strict"]);
    run.assert_code(1);
    assert!(run.stderr.contains("error[orphan]"), "{}", run.stderr);
}

#[test]
fn walk_sections_assets_and_hidden_files() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file(
            "content/sec/index.md",
            "---\ntitle: The Section\n---\n# The Section\n\nIntro.\n",
        )
        .file("content/sec/b-question.md", &article("B question?", "B.\n"))
        .file("content/sec/a-question.md", &article("A question?", "A.\n"))
        .file("content/sec/deep/_index.md", "# Deep\n")
        .file("content/sec/deep/c.md", &article("C?", "C.\n"))
        .file("content/sec/img/pic.png", "png")
        .file("content/CNAME", "kb.example.org\n")
        .file("content/.hidden.md", "# Hidden\n")
        .file("content/.git/config", "x")
        .file("content/nosection/x.md", &article("X?", "X.\n"));
    site.build(&[]).assert_success();
    let all = list_files(&site.path().join("public"));
    assert!(
        all.contains(&"search/index.html".to_owned())
            && all.contains(&"search/index.json".to_owned())
    );
    let files: Vec<String> = all
        .into_iter()
        .filter(|f| !f.starts_with("search/"))
        .collect();
    let expected = [
        ".kbgen-output",
        ".nojekyll",
        "404.html",
        "CNAME",
        "assets/highlight.css",
        "assets/kbgen.css",
        "assets/kbgen.js",
        "assets/search.js",
        "favicon.svg",
        "index.html",
        "llms-full.txt",
        "llms.txt",
        "nosection/index.html",
        "nosection/x/index.html",
        "robots.txt",
        "sec/a-question/index.html",
        "sec/b-question/index.html",
        "sec/deep/c/index.html",
        "sec/deep/index.html",
        "sec/img/pic.png",
        "sec/index.html",
        "sitemap.xml",
    ];
    assert_eq!(files, expected);
    let section = site.read("public/sec/index.html");
    let a = section.find("A question?").unwrap_or(usize::MAX);
    let b = section.find("B question?").unwrap_or(0);
    assert!(a < b, "pages sorted by title");
    assert!(
        section.contains("href=\"/sec/deep/\""),
        "subsections listed"
    );
}

#[test]
fn weight_orders_before_title() {
    let site = TestSite::new()
        .file("content/sec/index.md", "# Sec\n")
        .file("content/sec/a.md", "---\ntitle: Alpha\nweight: 2\n---\n")
        .file("content/sec/z.md", "---\ntitle: Zulu\nweight: 1\n---\n");
    site.build(&[]).assert_success();
    let html = site.read("public/sec/index.html");
    assert!(html.find("Zulu") < html.find("Alpha"));
}

#[test]
fn front_matter_fields_reach_templates() {
    let site = TestSite::new()
        .file(
            "content/q.md",
            "---\ndescription: Desc\ndate: 2025-10-07\nupdated: \"2025-10-08\"\ntags: [a, b]\nmeta:\n  - name: robots\n    content: noindex\nowner: Team Blue\n---\n\n# Title from the H1\n\nIntro <!-- more --> rest.\n",
        )
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p id=t>{{ page.title }}</p><p id=e>{{ page.extra.owner }}</p><p id=d>{{ page.date }}/{{ page.updated }}</p><p id=g>{{ page.tags | join(sep=\",\") }}</p>{% endblock content %}",
        );
    site.build(&[]).assert_success();
    let html = site.read("public/q/index.html");
    assert!(html.contains("<p id=t>Title from the H1</p>"), "{html}");
    assert!(html.contains("<p id=e>Team Blue</p>"), "{html}");
    assert!(html.contains("<p id=d>2025-10-07/2025-10-08</p>"), "{html}");
    assert!(html.contains("<p id=g>a,b</p>"), "{html}");
    assert!(
        html.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{html}"
    );
}

#[test]
fn site_meta_is_merged_with_page_meta() {
    let site = TestSite::empty()
        .file(
            "site.toml",
            "title = \"KB\"\n[[meta]]\nname = \"robots\"\ncontent = \"index, follow\"\n[[meta]]\nname = \"author\"\ncontent = \"Site Author\"\n",
        )
        .file("content/q.md", "---\ntitle: Q\nmeta:\n  - name: robots\n    content: noindex\n---\n");
    site.build(&[]).assert_success();
    let html = site.read("public/q/index.html");
    assert_eq!(html.matches("name=\"robots\"").count(), 1, "{html}");
    assert!(html.contains("content=\"noindex\""));
    assert!(html.contains("<meta name=\"author\" content=\"Site Author\">"));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/wip.md", "---\ntitle: WIP\ndraft: true\n---\n");
    site.build(&[]).assert_success();
    assert!(!site.exists("public/wip/index.html"));
    site.build(&["--drafts"]).assert_success();
    assert!(site.exists("public/wip/index.html"));
}

#[test]
fn markdown_features_render() {
    let site = TestSite::new().file(
        "content/m.md",
        &article(
            "Markdown?",
            "## Usage\n\n## Usage\n\n### Custom {#my-id}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and a note[^1].\n\n- [x] done\n- [ ] todo\n\n<span class=\"raw\">raw html</span>\n\n[^1]: The footnote.\n",
        ),
    );
    site.build(&[]).assert_success();
    insta::assert_snapshot!(site.main_of("public/m/index.html"));
}

#[test]
fn github_alerts_render_as_admonitions() {
    let site = TestSite::new().file(
        "content/a.md",
        &article(
            "Alerts?",
            "> [!NOTE]\n> Useful.\n\n> [!WARNING]\n> Careful.\n\n> Plain quote.\n\n- item\n\n  > [!TIP] Use *this*\n  > Tip body.\n",
        ),
    );
    site.build(&[]).assert_success();
    let html = site.read("public/a/index.html");
    assert!(
        html.contains("<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>"),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"admonition warning\">"),
        "{html}"
    );
    assert!(html.contains("<blockquote>"), "{html}");
    assert!(
        html.contains(
            "<div class=\"admonition tip\">\n<p class=\"admonition-title\">Use <em>this</em></p>"
        ),
        "{html}"
    );
}

#[test]
fn summary_comes_from_more_marker_or_description() {
    let template = "{% extends \"base.html\" %}{% block content %}<div id=s>{{ page.summary | safe }}</div>{% endblock content %}";
    let site = TestSite::new()
        .file("content/with.md", "---\ntitle: W\ndescription: The description.\n---\n# W\n\nBefore the *fold*.\n\n<!-- more -->\n\nAfter.\n")
        .file("content/without.md", "---\ntitle: N\ndescription: The description.\n---\n# N\n\nBody.\n")
        .file("templates/page.html", template);
    site.build(&[]).assert_success();
    assert!(
        site.read("public/with/index.html")
            .contains("<div id=s><p>Before the <em>fold</em>.</p></div>")
    );
    assert!(
        site.read("public/without/index.html")
            .contains("<div id=s>The description.</div>")
    );
}

#[test]
fn code_is_highlighted_with_classes() {
    let site = TestSite::new().file(
        "content/c.md",
        &article(
            "Code?",
            "```python title=\"demo.py\" linenums=\"1\"\ndef f():\n    return 1\n```\n\n```toml\n[a]\nb = 1\n```\n\n```typescript\nconst x: number = 1;\n```\n\n```nosuchlang\n<not> & highlighted\n```\n",
        ),
    );
    site.build(&[]).assert_success();
    let html = site.read("public/c/index.html");
    assert!(
        html.contains("<span class=\"code-title\">demo.py</span>"),
        "{html}"
    );
    assert!(html.contains("data-linenums=\"1\""));
    let code_of = |language: &str| {
        let start = html
            .find(&format!("class=\"language-{language}\">"))
            .unwrap_or(html.len());
        let end = html[start..]
            .find("</code>")
            .map_or(html.len(), |e| start + e);
        html[start..end].to_owned()
    };
    assert!(
        code_of("toml").contains("<span class=\"hl-"),
        "toml highlighted: {html}"
    );
    assert!(
        code_of("typescript").contains("<span class=\"hl-"),
        "typescript highlighted"
    );
    assert!(
        html.contains("&lt;not&gt; &amp; highlighted"),
        "unknown language escaped"
    );
    assert!(
        !html.contains("style=\"color"),
        "classes, not inline styles"
    );
    let css = site.read("public/assets/highlight.css");
    assert!(css.contains("prefers-color-scheme:dark"));
}

#[test]
fn links_become_page_urls() {
    let site = TestSite::empty()
        .file("site.toml", "title = \"KB\"\nbase_url = \"https://example.org/kb/\"\n")
        .file("content/index.md", "# Home\n\n[s](sec/index.md) [x](sec/how-x.md#step-two) [ext](https://example.com/a.md) [mail](mailto:a@b.c) [img](sec/pic.png)\n")
        .file("content/sec/index.md", "# Sec\n\n[back](../index.md) [sibling](how-x.md)\n")
        .file("content/sec/how-x.md", "# How X?\n\n## Step two\n")
        .file("content/sec/pic.png", "png");
    site.build(&[]).assert_success();
    let home = site.read("public/index.html");
    for href in [
        "/kb/sec/",
        "/kb/sec/how-x/#step-two",
        "https://example.com/a.md",
        "mailto:a@b.c",
        "/kb/sec/pic.png",
    ] {
        assert!(
            home.contains(&format!("href=\"{href}\"")),
            "{href} in {home}"
        );
    }
    let section = site.read("public/sec/index.html");
    assert!(section.contains("href=\"/kb/\""));
    assert!(section.contains("href=\"/kb/sec/how-x/\""));
    assert!(
        home.contains("href=\"/kb/assets/kbgen.css\""),
        "assets honour the base path"
    );
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/kb/\">"));
}

#[test]
fn theme_files_can_be_overridden_one_by_one() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("templates/base.html", "<!DOCTYPE html><html><body>{% block content %}{% endblock content %}<!-- custom base --></body></html>")
        .file("static/assets/kbgen.css", "/* mine */");
    site.build(&[]).assert_success();
    assert!(
        site.read("public/index.html")
            .contains("<!-- custom base -->")
    );
    assert_eq!(site.read("public/assets/kbgen.css"), "/* mine */");
    assert!(
        site.read("public/assets/kbgen.js")
            .contains(".theme-toggle"),
        "others stay default"
    );
}

#[test]
fn builds_are_byte_identical() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n\n[a](a.md)\n")
        .file(
            "content/a.md",
            &article(
                "A?",
                "!!! info \"In short\"\n    Yes.\n\n```python\nx = 1\n```\n",
            ),
        );
    site.build(&["--output", "one"]).assert_success();
    site.build(&["--output", "two"]).assert_success();
    let one = list_files(&site.path().join("one"));
    assert_eq!(one, list_files(&site.path().join("two")));
    for file in &one {
        let a = std::fs::read(site.path().join("one").join(file)).unwrap_or_default();
        let b = std::fs::read(site.path().join("two").join(file)).unwrap_or_default();
        assert!(a == b, "{file} differs between builds");
    }
}

#[test]
fn navigation_breadcrumbs_and_neighbours() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/sec/index.md", "# Section\n")
        .file("content/sec/a.md", &article("A?", ""))
        .file("content/sec/b.md", &article("B?", ""))
        .file("content/other/index.md", "# Other\n")
        .file("content/other/z.md", &article("Z?", ""));
    site.build(&[]).assert_success();
    let a = site.read("public/sec/a/index.html");
    assert!(
        a.contains("<a href=\"/sec/a/\" aria-current=\"page\">A?</a>"),
        "current page marked: {a}"
    );
    assert!(!a.contains("Z?"), "other sections stay collapsed");
    assert!(
        a.contains("<li><a href=\"/\">Home</a></li>\n<li><a href=\"/sec/\">Section</a></li>"),
        "breadcrumbs: {a}"
    );
    assert!(a.contains("rel=\"next\" href=\"/sec/b/\""));
    let home = site.read("public/index.html");
    assert!(
        !home.contains("class=\"breadcrumbs\""),
        "no breadcrumbs on the home page"
    );
}

#[test]
fn cli_help_and_version() {
    let site = TestSite::empty();
    let run = site.run(&["--version"]);
    run.assert_success();
    assert_eq!(run.stdout, format!("kbgen {}\n", env!("CARGO_PKG_VERSION")));
    let run = site.run(&["build", "--help"]);
    run.assert_success();
    for flag in [
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--allow-broken-links",
    ] {
        assert!(run.stdout.contains(flag), "{flag}");
    }
    site.run(&["frobnicate"]).assert_code(2);
}

#[test]
fn init_new_and_build() {
    let site = TestSite::empty();
    site.run(&["init", "kb"]).assert_success();
    let kb = site.path().join("kb");
    let run = run_in(
        &kb,
        &["new", "How do I sort a list?", "--section", "python"],
    );
    run.assert_success();
    assert_eq!(
        run.stdout.trim(),
        "./content/python/how-do-i-sort-a-list.md"
    );
    // A new article is a draft: built with --drafts until it is finished.
    run_in(&kb, &["build", "--drafts"]).assert_success();
    assert!(
        kb.join("public/python/how-do-i-sort-a-list/index.html")
            .is_file()
    );
    run_in(
        &kb,
        &["new", "How do I sort a list?", "--section", "python"],
    )
    .assert_code(2);
    site.run(&["init", "kb"]).assert_code(2);
}

#[test]
fn init_from_mkdocs_builds_docs_in_place() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Old KB\nsite_url: https://old.example.org/\nsite_description: Old\nsite_author: Me\ncopyright: Copyright &copy; 2025 Me\nrepo_url: https://gitlab.com/me/kb\ntheme:\n  name: material\n  logo: img/logo.png\n  icon:\n    repo: fontawesome/brands/gitlab\nextra:\n  meta:\n    - name: author\n      content: Me\n",
        )
        .file("docs/img/logo.png", "png")
        .file("docs/index.md", "# Old KB\n\n[q](q.md)\n")
        .file("docs/q.md", "# Q?\n");
    site.run(&["init", "--from-mkdocs"]).assert_success();
    site.build(&[]).assert_success();
    let home = site.read("public/index.html");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://old.example.org/\">"));
    assert!(home.contains("<meta name=\"author\" content=\"Me\">"));
    assert!(home.contains("Copyright &copy; 2025 Me"));
    assert!(home.contains("<a href=\"https://gitlab.com/me/kb\">Source on GitLab</a>"));
    assert!(home.contains("<img class=\"site-logo\" src=\"/img/logo.png\""));
    assert!(site.exists("public/q/index.html"));
}

#[test]
fn tag_pages_and_the_home_page_listings() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/sec/index.md", "# Sec\n")
        .file("content/sec/old.md", "---\ntitle: Old?\ndate: 2024-01-01\ntags: [Async, python]\n---\n# Old?\n\n!!! info \"In short\"\n    Old answer.\n")
        .file("content/sec/new.md", "---\ntitle: New?\ndate: 2025-06-01\ntags: [async]\n---\n# New?\n");
    site.build(&[]).assert_success();
    let tags = site.read("public/tags/index.html");
    assert!(
        tags.contains("<a href=\"/tags/async/\">async</a> <span class=\"count\">2</span>"),
        "{tags}"
    );
    assert!(
        tags.contains("<a href=\"/tags/python/\">python</a> <span class=\"count\">1</span>"),
        "{tags}"
    );
    let tag = site.read("public/tags/async/index.html");
    assert!(tag.contains("New?") && tag.contains("Old?"));
    assert!(tag.contains("<p>Old answer.</p>"), "answers shown: {tag}");
    let article = site.read("public/sec/old/index.html");
    assert!(
        article.contains("<a class=\"tag\" href=\"/tags/async/\">async</a>"),
        "{article}"
    );
    assert!(
        article.contains("class=\"admonition info kb-answer\""),
        "the answer is set apart"
    );
    let home = site.read("public/index.html");
    let newest = home.find("Newest questions").unwrap_or(usize::MAX);
    assert!(newest < home.len());
    let after = &home[newest..];
    assert!(after.find("New?") < after.find("Old?"), "newest first");
    assert!(
        home.contains("<span class=\"count\">2 questions</span>"),
        "section counts: {home}"
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/tags/async/</loc>")
    );
}

#[test]
fn the_sidebar_lists_a_window_of_many_topics() {
    let mut site = TestSite::new().file("content/index.md", "# Home\n");
    for i in 0..100 {
        site = site.file(
            &format!("content/t{i:03}/q.md"),
            &format!("---\ntitle: Question in topic {i:03}?\n---\n"),
        );
    }
    site.build(&[]).assert_success();
    let html = site.read("public/t070/q/index.html");
    let nav =
        &html[html.find("<nav class=\"site-nav\"").unwrap_or(0)..html.find("</nav>").unwrap_or(0)];
    assert_eq!(
        nav.matches("class=\"nav-section").count(),
        40,
        "a window of 40 topics: {nav}"
    );
    assert!(
        nav.contains("nav-section active\"><a href=\"/t070/\">"),
        "{nav}"
    );
    assert!(nav.contains("aria-current=\"page\">Question in topic 070?</a>"));
    assert!(nav.contains("<a href=\"/\">50 more topics</a>"), "{nav}");
    assert!(nav.contains("<a href=\"/\">10 more topics</a>"), "{nav}");
    let home = site.read("public/index.html");
    assert!(
        home.contains(">60 more topics</a>"),
        "the window starts at the top"
    );
}

#[test]
fn the_sidebar_lists_a_window_of_a_large_section() {
    let mut site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/big/index.md", "# Big\n");
    for i in 0..100 {
        site = site.file(
            &format!("content/big/q{i:03}.md"),
            &format!("---\ntitle: Question {i:03}?\n---\n"),
        );
    }
    site.build(&[]).assert_success();
    let html = site.read("public/big/q050/index.html");
    let nav =
        &html[html.find("<nav class=\"site-nav\"").unwrap_or(0)..html.find("</nav>").unwrap_or(0)];
    assert_eq!(
        nav.matches("Question ").count(),
        40,
        "a window of 40 pages: {nav}"
    );
    assert!(nav.contains("aria-current=\"page\">Question 050?</a>"));
    assert_eq!(
        nav.matches(">30 more questions</a>").count(),
        2,
        "30 above and 30 below: {nav}"
    );
    let first = site.read("public/big/q000/index.html");
    assert!(
        first.contains(">60 more questions</a>"),
        "the window starts at the top"
    );
    assert!(
        site.read("public/big/q050/index.html")
            .contains("rel=\"next\" href=\"/big/q051/\"")
    );
}

#[test]
fn a_new_article_is_a_draft_and_its_placeholders_are_flagged() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/python/index.md", "# Python\n");
    let run = site.run(&["new", "How do I sort a list?"]);
    run.assert_success();
    assert!(run.stderr.contains("created a draft"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`--section` puts an article in a topic (python)"),
        "{}",
        run.stderr
    );
    let text = site.read("content/how-do-i-sort-a-list.md");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    // Untouched, it is not published, so its placeholder answer cannot be.
    site.build(&[]).assert_success();
    assert!(!site.exists("public/how-do-i-sort-a-list/index.html"));
    assert!(
        !site
            .read("public/index.html")
            .contains("two or three sentences")
    );
    // Published untouched, check and --strict flag the placeholders.
    std::fs::write(
        site.path().join("content/how-do-i-sort-a-list.md"),
        text.replace("draft: true\n", ""),
    )
    .unwrap();
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains(
            "warning[placeholder]: this article still holds the placeholder text `kbgen new` wrote"
        ),
        "{}",
        check.stderr
    );
    site.build(&["--strict"]).assert_code(1);
    // A new article in a topic is listed by the topic's page: no orphan warning.
    let run = site.run(&["new", "What is a tuple?", "--section", "python"]);
    run.assert_success();
    let text = site
        .read("content/python/what-is-a-tuple.md")
        .replace("draft: true\n", "");
    std::fs::write(site.path().join("content/python/what-is-a-tuple.md"), text).unwrap();
    let run = site.build(&[]);
    assert!(
        run.stderr.contains(
            "warning[orphan]: no page links to this article\n = in content/how-do-i-sort-a-list.md"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("warning[orphan]: no page links to this article\n = in content/python/what-is-a-tuple.md"),
        "{}",
        run.stderr
    );
}

/// The keys site.toml's schema accepts in `table` (`""`: the top level),
/// as kbgen itself lists them when it meets an unknown one.
fn schema_keys(table: &str) -> Vec<String> {
    let text = if table.is_empty() {
        "title = \"T\"\nzzz_unknown = 1\n".to_owned()
    } else {
        format!("title = \"T\"\n[{table}]\nzzz_unknown = 1\n")
    };
    let site = TestSite::empty()
        .file("site.toml", &text)
        .file("content/index.md", "# Home\n");
    let run = site.build(&[]);
    let message = run
        .stderr
        .lines()
        .find(|l| l.contains("unknown field `zzz_unknown`"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_owned();
    // "expected one of `a`, `b`", "expected `a` or `b`", "expected `a`".
    let expected = message.split("expected").nth(1).unwrap_or_default();
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The README's annotated site.toml is one a site can use as it stands.
#[test]
fn the_readme_site_toml_builds_a_site() {
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows a site.toml");
    assert!(block.contains("title = "), "{block}");
    let mut site = TestSite::empty().file("site.toml", block);
    for file in [
        "content/index.md",
        "content/guide/a.md",
        "content/guide/b.md",
        "content/new/page.md",
        "static/css/extra.css",
        "static/js/extra.js",
        "static/js/app.mjs",
        "static/img/logo.svg",
        "static/img/icon.png",
        "static/card.png",
    ] {
        site = site.file(file, "# Page\n");
    }
    let run = site.build(&[]);
    run.assert_success();
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

#[test]
fn the_guide_documents_every_site_toml_key() {
    let article = std::fs::read_to_string(
        crate::support::repo_root().join("content/publishing/what-can-site-toml-contain.md"),
    )
    .unwrap();
    let mut missing = Vec::new();
    for table in [
        "",
        "highlight",
        "faq",
        "feed",
        "see_also",
        "theme",
        "toc",
        "markdown",
        "links",
    ] {
        let keys = schema_keys(table);
        assert!(!keys.is_empty(), "no keys for [{table}]");
        for key in keys {
            let documented = if table.is_empty() {
                // A table is documented by its rows (`[faq]` `…`).
                article.contains(&format!("| `{key}` |"))
                    || article.contains(&format!("| `[{key}]` `"))
            } else {
                article.contains(&format!("| `[{table}]` `{key}` |"))
            };
            if !documented {
                missing.push(format!("[{table}] {key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the site.toml article: {missing:?}"
    );
}

#[test]
fn the_home_page_leaves_out_its_topic_grid_when_the_author_lists_every_topic() {
    let grid = "<h2 class=\"listing-title\">Browse by topic</h2>";
    let site = |home: &str| {
        TestSite::new()
            .file("content/index.md", home)
            .file("content/tuples/index.md", "# Tuples\n")
            .file(
                "content/tuples/what-is-a-tuple.md",
                "# What is a tuple?\n\nA sequence.\n",
            )
            .file("content/lists/index.md", "# Lists\n")
            .file(
                "content/lists/what-is-a-list.md",
                "# What is a list?\n\nA sequence.\n",
            )
    };
    let listed = site(
        "# Home\n\n## Browse by Topic\n\n- [Tuples](tuples/index.md)\n- [Lists](lists/index.md)\n",
    );
    listed.build(&[]).assert_success();
    let home = listed.read("public/index.html");
    assert!(!home.contains(grid), "the author's list is enough: {home}");
    assert!(home.contains("Browse by Topic"));
    let partly = site("# Home\n\nSee [Tuples](tuples/index.md).\n");
    partly.build(&[]).assert_success();
    assert!(
        partly.read("public/index.html").contains(grid),
        "a topic the author did not link is still offered"
    );
}

/// The first bytes of a PNG of `width` × `height` (all a size reader needs).
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn images_of_the_site_get_their_width_and_height() {
    let site = TestSite::new()
        .bytes("content/img/chart.png", &png_header(640, 480))
        .file("content/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/img/broken.png", "not a png")
        .file(
            "content/index.md",
            "# Home\n\n![A *chart* of `x` & \"y\"](img/chart.png \"The title\")\n\n![logo](img/logo.svg) ![broken](img/broken.png) ![far](https://example.org/a.png)\n\n![outer ![inner](img/logo.svg)](img/chart.png)\n",
        );
    site.build(&[]).assert_success();
    let home = site.read("public/index.html");
    assert!(
        home.contains("<img src=\"/img/chart.png\" alt=\"A chart of x &amp; &quot;y&quot;\" title=\"The title\" width=\"640\" height=\"480\" />"),
        "{home}"
    );
    // Sizes that cannot be read are left out, never guessed.
    assert!(
        home.contains("<img src=\"/img/logo.svg\" alt=\"logo\" />"),
        "{home}"
    );
    assert!(
        home.contains("<img src=\"/img/broken.png\" alt=\"broken\" />"),
        "{home}"
    );
    assert!(
        home.contains("<img src=\"https://example.org/a.png\" alt=\"far\" />"),
        "{home}"
    );
    assert!(
        home.contains(
            "<img src=\"/img/chart.png\" alt=\"outer inner\" width=\"640\" height=\"480\" />"
        ),
        "{home}"
    );
}

#[test]
fn init_from_mkdocs_keeps_the_heading_ids_mkdocs_made() {
    let page = |anchor: &str| {
        format!(
            "# Q?\n\n## Enable & Disable\n\n## Café\n\n## 快速排序\n\nSee [there](#{anchor}).\n"
        )
    };
    // MkDocs' default: Python-Markdown's own slugify.
    let plain = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: KB\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
        )
        .file("docs/index.md", "# KB\n\n[q](q.md)\n")
        .file("docs/q.md", &page("enable-disable"));
    plain.run(&["init", "--from-mkdocs"]).assert_success();
    assert!(
        plain
            .read("site.toml")
            .contains("[toc]\nslugify = \"python-markdown\"")
    );
    plain.build(&[]).assert_success();
    let html = plain.read("public/q/index.html");
    for id in ["id=\"enable-disable\"", "id=\"cafe\"", "id=\"_1\""] {
        assert!(html.contains(id), "{id}: {html}");
    }
    // pymdownx.slugs with keywords, read from the tag's text.
    let pymdownx = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: KB\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
        )
        .file("docs/index.md", "# KB\n\n[q](q.md)\n")
        .file("docs/q.md", &page("enable--disable"));
    pymdownx.run(&["init", "--from-mkdocs"]).assert_success();
    let toml = pymdownx.read("site.toml");
    assert!(
        toml.contains("slugify = \"pymdownx\"\ncase = \"lower\""),
        "{toml}"
    );
    pymdownx.build(&[]).assert_success();
    let html = pymdownx.read("public/q/index.html");
    for id in ["id=\"enable--disable\"", "id=\"café\"", "id=\"快速排序\""] {
        assert!(html.contains(id), "{id}: {html}");
    }
}

/// The sidebar's entries of a page, as `title url` lines, in order, nested by indent.
fn sidebar(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let link = scraper::Selector::parse("nav.site-nav a[href]").unwrap();
    document
        .select(&link)
        .map(|a| {
            let depth = a
                .ancestors()
                .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "ul"))
                .count();
            format!(
                "{}{} {}",
                "  ".repeat(depth.saturating_sub(1)),
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn an_mkdocs_nav_gives_the_sidebar_its_titles_order_and_groups() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Docs\nnav:\n  - Home: index.md\n  - zeta.md\n  - Guides:\n    - Second first: guide/b.md\n    - guide/a.md\n    - Deeper:\n      - Alpha: guide/a.md\n  - Loose: loose/\n  - Source: https://example.org/src\n  - Gone: gone.md\n",
        )
        .file("docs/index.md", "# Docs\n")
        .file("docs/zeta.md", "# Zeta page\n")
        .file("docs/alone.md", "# Not in nav\n")
        .file("docs/guide/a.md", "# Guide A\n")
        .file("docs/guide/b.md", "# Guide B\n")
        .file("docs/loose/x.md", "# Loose X\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[nav]: `nav` names `gone.md`, which is no page or folder of the content"
        ),
        "{}",
        run.stderr
    );
    // zeta.md is listed by nav: not an orphan; alone.md is.
    assert!(!run.stderr.contains("zeta.md"), "{}", run.stderr);
    let a = site.read("public/guide/a/index.html");
    assert_eq!(
        sidebar(&a),
        [
            "Home /",
            "Zeta page /zeta/",
            "Guides /guide/b/",
            "  Second first /guide/b/",
            "  Guide A /guide/a/",
            "  Deeper /guide/a/",
            "    Guide A /guide/a/",
            "Loose /loose/",
            "Source https://example.org/src",
        ]
    );
    // A page not in nav is still built; groups it is not in stay closed.
    let alone = site.read("public/alone/index.html");
    assert!(alone.contains("Not in nav"));
    assert_eq!(sidebar(&alone).len(), 5, "{:?}", sidebar(&alone));
}

#[test]
fn a_nav_of_the_wrong_shape_is_an_error_at_its_line() {
    let site = TestSite::new()
        .file("site.toml", "title = \"T\"\nnav = [3]\n")
        .file("content/index.md", "# H\n");
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("site.toml:2:1"), "{}", run.stderr);
}

/// The text of a page's `<title>`.
fn title_tag(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let title = scraper::Selector::parse("title").unwrap();
    document
        .select(&title)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default()
}

#[test]
fn an_mkdocs_project_titles_its_pages_the_mkdocs_way() {
    // Expected titles recorded from MkDocs 1.6.1 on the same files.
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Docs\nnav:\n  - Start: index.md\n  - meta.md\n  - Named by nav: late-h1.md\n  - sub/index.md\n  - readme-folder/README.md\n  - both/index.md\n",
        )
        .file("docs/index.md", "Intro\n")
        .file("docs/meta.md", "Title: From meta\nSummary: x\n    more\n\n# The H1\n\nBody\n")
        .file("docs/late-h1.md", "Some intro.\n\n# Late heading\n")
        .file("docs/sub/index.md", "No heading\n")
        .file("docs/readme-folder/README.md", "# Readme title\n")
        .file("docs/both/index.md", "# Both index\n")
        .file("docs/both/README.md", "# Both readme\n")
        .file("docs/plain-name.md", "No heading here\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[readme]: README.md is left out: its folder's page is its index.md"),
        "{}",
        run.stderr
    );
    let title = |path: &str| title_tag(&site.read(path));
    // The home page's <title> is the site's name, as in MkDocs; the nav names it.
    let home = site.read("public/index.html");
    assert!(
        sidebar(&home).contains(&"Start /".to_owned()),
        "{:?}",
        sidebar(&home)
    );
    // Meta lines are settings, not text.
    let meta = site.read("public/meta/index.html");
    assert!(title("public/meta/index.html").starts_with("From meta"));
    assert!(
        !meta.contains("Title: From meta") && !meta.contains("Summary"),
        "{meta}"
    );
    assert_eq!(meta.matches("The H1").count(), 1, "{meta}");
    assert!(title("public/late-h1/index.html").starts_with("Named by nav"));
    assert!(title("public/sub/index.html").starts_with("Index"));
    assert!(title("public/readme-folder/index.html").starts_with("Readme title"));
    assert!(title("public/both/index.html").starts_with("Both index"));
    assert!(!site.exists("public/both/readme/index.html"));
    assert!(title("public/plain-name/index.html").starts_with("Plain name"));
}

#[test]
fn a_kbgen_site_prints_a_first_line_that_looks_like_meta() {
    let site = TestSite::new().file("site.toml", "title = \"T\"\n").file(
        "content/note.md",
        "Note: this stays text.\n\n# Later heading\n",
    );
    site.build(&[]).assert_success();
    let html = site.read("public/note/index.html");
    assert!(html.contains("Note: this stays text."), "{html}");
    // The H1 is not the first block: it is not the title, the file name is.
    assert!(title_tag(&html).starts_with("Note"), "{html}");
}

/// The HTML files of a built site, relative to its output folder.
fn html_files(root: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(root).ok()?;
            Some(relative.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn use_directory_urls_false_and_redirect_maps_give_mkdocs_files() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Files\nuse_directory_urls: false\nplugins:\n  - search\n  - redirects:\n      redirect_maps:\n        'old.md': 'sec/page.md'\n        'gone/deep.md': 'sec/page.md#part-two'\n        'sec/old-index/index.md': 'index.md'\n        'ext.md': 'https://example.org/x'\n        'broken.md': 'nowhere.md'\n",
        )
        .file(
            "docs/index.md",
            "# Home\n\n[page](sec/page.md) [sec](sec/index.md) [dir](other/)\n",
        )
        .file("docs/sec/index.md", "# Sec\n\n[back](../index.md)\n")
        .file("docs/sec/page.md", "# Page\n\n## Part two\n\n[o](../other/README.md#x)\n")
        .file("docs/other/README.md", "# Other\n\n## X\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[redirect]: redirect from `broken.md` left out"),
        "{}",
        run.stderr
    );
    // MkDocs 1.6.1 with mkdocs-redirects 1.2 builds these, and kbgen adds
    // only its search page.
    let mut mkdocs = vec![
        "404.html",
        "ext.html",
        "gone/deep.html",
        "index.html",
        "old.html",
        "other/index.html",
        "search/index.html",
        "sec/index.html",
        "sec/old-index/index.html",
        "sec/page.html",
    ];
    mkdocs.sort_unstable();
    assert_eq!(html_files(&site.path().join("public")), mkdocs);
    let home = site.read("public/index.html");
    for href in [
        "/sec/page.html\"",
        "/sec/index.html\"",
        "/other/index.html\"",
    ] {
        assert!(home.contains(href), "{href}: {home}");
    }
    let moved = site.read("public/gone/deep.html");
    assert!(moved.contains("url=/sec/page.html#part-two"), "{moved}");
    let rules = site.read("public/_redirects");
    assert!(
        rules.contains("/ext.html https://example.org/x 301"),
        "{rules}"
    );
}

#[test]
fn a_nav_nested_five_levels_deep_shows_every_level_of_the_open_branch() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Deep\nnav:\n  - index.md\n  - One:\n    - Two:\n      - Three:\n        - Four:\n          - Five: a/b/c/d/e.md\n  - Other: other.md\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/other.md", "# Other\n")
        .file("docs/a/b/c/d/e.md", "# E\n");
    site.build(&[]).assert_success();
    assert_eq!(
        sidebar(&site.read("public/a/b/c/d/e/index.html")),
        [
            "Home /",
            "One /a/b/c/d/e/",
            "  Two /a/b/c/d/e/",
            "    Three /a/b/c/d/e/",
            "      Four /a/b/c/d/e/",
            "        Five /a/b/c/d/e/",
            "Other /other/",
        ]
    );
}

#[test]
fn awesome_pages_files_order_rename_group_and_hide_as_the_plugin_does() {
    // The order MkDocs 1.6.1 with mkdocs-awesome-pages-plugin 2.10.1 gives
    // the same files: B page, Guide title (G1, G2, GI, Deep), Links
    // (Example, A page), Home, Upper, Zeta (Z1); `hidden/` is not listed.
    let site = TestSite::empty()
        .file("mkdocs.yml", "site_name: AP\nplugins:\n  - search\n  - awesome-pages\n")
        .file("docs/index.md", "# Home\n")
        .file("docs/b.md", "# B page\n")
        .file("docs/a.md", "# A page\n")
        .file("docs/Upper.md", "# Upper\n")
        .file(
            "docs/.pages",
            "nav:\n  - b.md\n  - Renamed guide: guide\n  - Links:\n    - Example: https://example.org/\n    - a.md\n  - ...\n",
        )
        .file("docs/guide/page10.md", "# G1\n")
        .file("docs/guide/page2.md", "# G2\n")
        .file("docs/guide/index.md", "# GI\n")
        .file("docs/guide/.pages", "title: Guide title\nsort_type: natural\norder: desc\n")
        .file("docs/guide/deep/x.md", "# Deep\n")
        .file("docs/hidden/h.md", "# H\n")
        .file("docs/hidden/.pages", "hide: true\n")
        .file("docs/zeta/z.md", "# Z1\n")
        .file("docs/zeta/.pages", "nav:\n  - ... | regex=^z\n");
    site.build(&[]).assert_success();
    assert_eq!(
        sidebar(&site.read("public/guide/page2/index.html")),
        [
            "B page /b/",
            "Guide title /guide/page10/",
            "  G1 /guide/page10/",
            "  G2 /guide/page2/",
            "  GI /guide/",
            "  Deep /guide/deep/x/",
            "Links https://example.org/",
            "Home /",
            "Upper /Upper/",
            "Zeta /zeta/z/",
        ]
    );
    assert!(site.exists("public/hidden/h/index.html"));
}

#[test]
fn an_mkdocs_project_without_nav_keeps_mkdocs_order_files_before_folders() {
    let site = TestSite::empty()
        .file("mkdocs.yml", "site_name: Order\n")
        .file("docs/index.md", "# Home\n")
        .file("docs/zz.md", "# A title that sorts first\n")
        .file("docs/Big.md", "# Big\n")
        .file("docs/aa/x.md", "# X\n");
    site.build(&[]).assert_success();
    // MkDocs: index first, then files by name (capitals first), then folders.
    assert_eq!(
        sidebar(&site.read("public/zz/index.html")),
        [
            "Home /",
            "Big /Big/",
            "A title that sorts first /zz/",
            "Aa /aa/x/"
        ]
    );
}

#[test]
fn exclude_docs_draft_docs_and_not_in_nav_as_mkdocs_reads_them() {
    // MkDocs 1.6.1 builds index, lonely and other from these files.
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Ex\nexclude_docs: |\n  *.py\n  /private/\ndraft_docs: |\n  drafts/\nnot_in_nav: |\n  /lonely.md\nnav:\n  - index.md\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/hook.py", "x = 1\n")
        .file("docs/private/p.md", "# P\n")
        .file("docs/drafts/d.md", "# D\n")
        .file("docs/lonely.md", "# Lonely\n")
        .file("docs/other.md", "# Other\n");
    let run = site.build(&[]);
    run.assert_success();
    assert_eq!(
        html_files(&site.path().join("public")),
        [
            "404.html",
            "index.html",
            "lonely/index.html",
            "other/index.html",
            "search/index.html"
        ]
    );
    assert!(!site.exists("public/hook.py"));
    // other.md is unreachable; lonely.md is left out of nav on purpose.
    assert!(run.stderr.contains("docs/other.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("docs/lonely.md"), "{}", run.stderr);
    let drafts = site.build(&["--drafts"]);
    drafts.assert_success();
    assert!(site.exists("public/drafts/d/index.html"));
}

#[test]
fn edit_uri_links_each_page_to_its_source_as_mkdocs_joins_them() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: E\nrepo_url: https://github.com/pi-hole/pi-hole\nedit_uri: '../docs/blob/master/docs/'\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/guides/my page.md", "# Mine\n");
    site.build(&[]).assert_success();
    // MkDocs 1.6.1 links the same address (it writes the space unencoded).
    let page = site.read("public/guides/my page/index.html");
    assert!(
        page.contains(
            "href=\"https://github.com/pi-hole/docs/blob/master/docs/guides/my%20page.md\""
        ),
        "{page}"
    );
    let none = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: E\nrepo_url: https://github.com/a/b\n",
        )
        .file("docs/index.md", "# Home\n")
        .file("docs/x.md", "# X\n");
    none.build(&[]).assert_success();
    assert!(!none.read("public/x/index.html").contains("Edit this page"));
}

#[test]
fn docs_pages_that_share_a_heading_are_not_duplicate_questions() {
    let site = TestSite::new()
        .file("site.toml", "title = \"Docs\"\n")
        .file(
            "content/index.md",
            "# Docs\n\n[a](a.md) [b](b.md) [c](c.md) [d](d.md) [e](e.md)\n",
        )
        .file("content/e.md", "# Setup\n\nSteps.\n")
        .file("content/a.md", "# Deprecation notice\n\nOld image A.\n")
        .file("content/b.md", "# Deprecation notice\n\nOld image B.\n")
        .file("content/c.md", "# How do I install it?\n\nOne way.\n")
        .file("content/d.md", "# How to install it?\n\nAnother way.\n");
    let run = site.build(&[]);
    run.assert_success();
    let duplicates: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning[duplicate-question]"))
        .collect();
    assert_eq!(
        duplicates,
        [
            "warning[duplicate-question]: `content/d.md` asks the same question as `content/c.md` (`How do I install it?`)"
        ],
        "{}",
        run.stderr
    );
}
