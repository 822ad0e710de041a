//! Every error a user can cause: a clear message with file, line and column,
//! a non-zero exit, and the previous output untouched.

use crate::support::TestSite;

const GOOD: &str = "---\ntitle: Good\n---\n# Good\n\nFine.\n";

/// Builds once successfully, breaks the site with `path`/`contents`, builds
/// again, and checks the failure left the first output as it was.
fn fails_keeping_output(path: &str, contents: &[u8]) -> String {
    let site = TestSite::new().file("content/index.md", GOOD);
    site.build(&[]).assert_success();
    let before = site.read("public/index.html");
    let site = site.bytes(path, contents);
    let run = site.build(&[]);
    run.assert_code(1);
    assert_eq!(
        site.read("public/index.html"),
        before,
        "the old output must stay"
    );
    assert!(!site.exists(
        &format!("public/{}", path.trim_start_matches("content/").replace(".md", "/index.html"))
    ));
    run.problems()
}

#[test]
fn malformed_yaml() {
    let stderr = fails_keeping_output(
        "content/bad.md",
        b"---\ntitle: Bad\nmeta:\n  - name: robots\n    content: index: follow\n---\n# Bad\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let stderr = fails_keeping_output("content/list.md", b"---\n- one\n- two\n---\n# List\n");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unterminated_front_matter() {
    let stderr = fails_keeping_output(
        "content/open.md",
        b"---\ntitle: Open\n\n# Open\n\nNo closing fence.\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn non_utf8_file() {
    let stderr = fails_keeping_output(
        "content/latin1.md",
        b"---\ntitle: Caf\xe9\n---\n# Caf\xe9\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_date() {
    let stderr = fails_keeping_output(
        "content/date.md",
        b"---\ntitle: D\ndate: next tuesday\n---\n# D\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn broken_link_and_anchor_inside_an_admonition() {
    let stderr = fails_keeping_output(
        "content/links.md",
        b"---\ntitle: Links\n---\n# Links\n\n!!! note\n    See [missing](missing.md) and\n    [the top](index.md#nowhere).\n\n## Real heading\n\n[here](#real-heading) [there](#unreal-heading)\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_template() {
    let stderr = fails_keeping_output(
        "content/t.md",
        b"---\ntitle: T\ntemplate: fancy.html\n---\n# T\n",
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = TestSite::new()
        .file("content/index.md", GOOD)
        .file("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
}

#[test]
fn template_render_error_names_template_and_line() {
    let site = TestSite::new()
        .file("content/a.md", GOOD)
        .file("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.no_such_field.deeper }}</p>\n{% endblock content %}\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
}

#[test]
fn config_unknown_key_and_wrong_type() {
    let site = TestSite::empty()
        .file("site.toml", "title = \"KB\"\nthemes = \"dark\"\n")
        .file("content/index.md", GOOD);
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!("config_unknown_key", run.problems());
    let site = site.file("site.toml", "title = \"KB\"\nlanguage = 42\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!("config_wrong_type", run.problems());
}

#[test]
fn all_problems_are_reported_sorted_by_file() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n\n[a](zzz.md)\n")
        .file("content/b.md", "---\ntitle: [unclosed\n---\n")
        .file("content/a.md", "# A\n\n[x](nope.md)\n\n[y](#nope)\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
}

#[test]
fn two_files_with_one_url() {
    let site = TestSite::new()
        .file("content/sec.md", "# Sec page\n")
        .file("content/sec/index.md", "# Sec index\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
}

#[test]
fn slug_that_escapes_its_folder() {
    let site = TestSite::new().file("content/a.md", "---\ntitle: A\nslug: ../../x\n---\n# A\n");
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
    assert!(!site.path().join("x").exists());
}

#[test]
fn an_mkdocs_project_without_site_toml_builds_from_mkdocs_yml() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: X\nnav:\n  - index.md\nplugins:\n  - search\n  - blog\nmarkdown_extensions:\n  - toc\n  - pymdownx.magiclink\n",
        )
        .file("docs/index.md", "# X\n\n## Enable & Disable\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains("(settings from mkdocs.yml)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[mkdocs-unsupported]: kbgen does not use these mkdocs.yml settings yet: plugins: blog; markdown_extensions: pymdownx.magiclink"),
        "{}",
        run.stderr
    );
    assert!(
        !site.exists("site.toml"),
        "nothing is written beside the project"
    );
    // MkDocs' heading ids.
    assert!(
        site.read("public/index.html")
            .contains("id=\"enable-disable\"")
    );
    let check = site.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("no site.toml here: reading mkdocs.yml"),
        "{}",
        check.stderr
    );
    // A broken mkdocs.yml is an error that names it.
    let broken = TestSite::empty()
        .file("mkdocs.yml", "site_name: [unclosed\n")
        .file("docs/index.md", "# X\n");
    let run = broken.build(&[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("mkdocs.yml"), "{}", run.stderr);
}

#[test]
fn missing_content_folder() {
    let site = TestSite::new();
    let run = site.build(&[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.problems());
}

#[test]
fn allow_broken_links_turns_them_into_warnings() {
    let site = TestSite::new().file(
        "content/index.md",
        "# Home\n\n[gone](gone.md) [bad anchor](#nope)\n",
    );
    let run = site.build(&["--allow-broken-links"]);
    run.assert_success();
    assert!(
        run.stderr.contains("warning[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[broken-anchor]"),
        "{}",
        run.stderr
    );
    assert!(site.read("public/index.html").contains("href=\"gone.md\""));
}

#[test]
fn a_sites_link_levels_decide_how_broken_links_are_reported() {
    let page = "# Home\n\n[gone](gone.md) [bad anchor](#nope)\n";
    let levels = |links: &str| {
        TestSite::new()
            .file("site.toml", &format!("title = \"T\"\n[links]\n{links}\n"))
            .file("content/index.md", page)
    };
    let quiet = levels("missing = \"warning\"\nanchors = \"ignore\"");
    let run = quiet.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains("warning[broken-link]"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("broken-anchor"), "{}", run.stderr);
    let run = quiet.build(&["--strict"]);
    run.assert_code(1);

    let hinted = levels("anchors = \"hint\"");
    let run = hinted.build(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("error[broken-link]"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("broken-anchor"),
        "build shows no hints: {}",
        run.stderr
    );
    let check = hinted.run(&["check"]);
    assert!(
        check.stderr.contains("note[broken-anchor]"),
        "{}",
        check.stderr
    );

    let wrong = levels("anchors = \"warn\"");
    let run = wrong.build(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("site.toml:3"), "{}", run.stderr);
}

#[test]
fn machine_readable_formats() {
    let site = TestSite::new().file("content/index.md", "# Home\n\n[gone](gone.md)\n");
    let run = site.build(&["--format", "github"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "::error file=content/index.md,line=3,col=1,title=broken-link::broken link `gone.md`: no page `gone.md`\n"
    );
    let run = site.build(&["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap_or_default();
    assert_eq!(value["line"], 3);
    assert_eq!(value["file"], "content/index.md");
}

#[test]
fn misspelt_keys_get_a_suggestion() {
    let site = TestSite::empty()
        .file("site.toml", "titel = \"KB\"\n")
        .file("content/index.md", "# Home\n");
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("unknown field `titel`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `title`?"),
        "{}",
        run.stderr
    );
    let site = TestSite::new()
        .file("content/index.md", "# Home\n\n[a](a.md)\n")
        .file(
            "content/a.md",
            "---\ntitle: A\ndesciption: \"A description long enough to be a real one for search results.\"\nTags: [x]\nauthor_note: hi\n---\n# A?\n",
        );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[front-matter-key]: `desciption` is not a front matter field kbgen reads"
        ) && run.stderr.contains("content/a.md:3:1")
            && run.stderr.contains("did you mean `description`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `tags`?"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("author_note"),
        "a far key is the author's own: {}",
        run.stderr
    );
}

#[test]
fn every_command_gives_the_same_first_step() {
    let empty = TestSite::empty();
    let mkdocs = TestSite::empty().file("mkdocs.yml", "site_name: Docs\n");
    for command in [
        &["build"][..],
        &["check"],
        &["serve", "--port", "0"],
        &["new", "How?"],
    ] {
        let run = empty.run(command);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains("help: run `kbgen init` to start a new site here"),
            "{command:?}: {}",
            run.stderr
        );
    }
    let run = mkdocs.run(&["init"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("holds an MkDocs project"),
        "{}",
        run.stderr
    );
    assert!(!mkdocs.exists("site.toml"));
}

#[test]
fn a_large_site_with_many_problems_prints_a_short_report() {
    let mut site = TestSite::new().file("content/index.md", "# Home\n");
    for i in 0..5_000 {
        // Top-level, unlinked, no short answer: an orphan warning and hints each.
        site = site.file(
            &format!("content/q{i}.md"),
            &format!("# Question {i}?\n\nText.\n"),
        );
    }
    let run = site.build(&[]);
    run.assert_success();
    let lines = run.stderr.lines().count();
    assert!(lines < 60, "{lines} lines:\n{}", run.stderr);
    assert!(
        run.stderr.contains(
            "… and 4990 more `orphan` warnings: `kbgen check --only orphan` shows them all"
        ),
        "{}",
        run.stderr
    );
    let only = site.run(&["check", "--only", "orphan"]);
    assert_eq!(only.stderr.matches("warning[orphan]").count(), 5_000);
    assert!(!only.stderr.contains("note[no-answer]"));
    let skipped = site.run(&["check", "--skip", "orphan", "--skip", "no-answer"]);
    assert!(!skipped.stderr.contains("[orphan]") && !skipped.stderr.contains("[no-answer]"));
}

#[test]
fn a_docs_site_gets_the_short_answer_hint_only_on_its_questions() {
    let docs = TestSite::new()
        .file(
            "content/index.md",
            "# Docs\n\n[a](a.md) [b](b.md) [c](c.md)\n",
        )
        .file("content/a.md", "# Installation\n\nRun the installer.\n")
        .file("content/b.md", "# Configuration\n\nEdit the file.\n")
        .file("content/c.md", "# Why does it fail?\n\nBecause.\n");
    let run = docs.run(&["check"]);
    assert_eq!(
        run.stderr.matches("note[no-answer]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/c.md"), "{}", run.stderr);
    // A knowledge base: every article owes one, question or not.
    let kb = TestSite::new()
        .file(
            "content/index.md",
            "# KB\n\n[a](a.md) [b](b.md) [c](c.md)\n",
        )
        .file("content/a.md", "# How do I install it?\n\nRun it.\n")
        .file("content/b.md", "# Where is the file？\n\nHere.\n")
        .file("content/c.md", "# Troubleshooting\n\nSee above.\n");
    let run = kb.run(&["check"]);
    assert_eq!(
        run.stderr.matches("note[no-answer]").count(),
        3,
        "{}",
        run.stderr
    );
}
