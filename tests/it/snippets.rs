//! `--8<--` snippets (pymdownx.snippets) in whole builds: included files
//! render as part of the page, problems point at the line that names the
//! file, and a changed snippet makes the next build a real one.

use crate::support::TestSite;

fn site(markdown: &str) -> TestSite {
    TestSite::new()
        .file(
            "site.toml",
            &format!("title = \"Snippets\"\n\n[markdown]\n{markdown}\n"),
        )
        .file(
            "content/index.md",
            "# Home\n\n--8<-- \"includes/intro.md\"\n\nSee the [terms].\n",
        )
        .file("includes/intro.md", "Intro with **bold** text.\n")
        .file("includes/links.md", "[terms]: https://example.org/terms\n")
}

#[test]
fn included_files_render_as_part_of_the_page_and_auto_append_ends_every_page() {
    let site = site("snippets = { auto_append = [\"includes/links.md\"] }");
    site.build(&[]).assert_success();
    let page = site.read("public/index.html");
    assert!(
        page.contains("Intro with <strong>bold</strong> text."),
        "{page}"
    );
    // The link reference comes from the appended file.
    assert!(
        page.contains("href=\"https://example.org/terms\""),
        "{page}"
    );
    assert!(
        !page.contains("--8&lt;--") && !page.contains("8<--"),
        "{page}"
    );
}

#[test]
fn without_the_setting_the_lines_stay_text() {
    let site = site("");
    site.build(&[]).assert_success();
    let page = site.read("public/index.html");
    assert!(page.contains("--8&lt;-- \"includes/intro.md\""), "{page}");
}

#[test]
fn a_missing_snippet_names_the_page_line_and_column() {
    let site = site("snippets = { check_paths = true }").file(
        "content/q.md",
        "# Q?\n\nText.\n\n    --8<-- \"includes/gone.md\"\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "error[snippet-missing]: snippet `includes/gone.md` is not in the base paths (.)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/q.md:5:13"), "{}", run.stderr);
    // Without check_paths the build goes on and warns.
    let site = site_without_check();
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains("warning[snippet-missing]"),
        "{}",
        run.stderr
    );
}

fn site_without_check() -> TestSite {
    site("snippets = true").file("content/q.md", "# Q?\n\n--8<-- \"nope.md\"\n")
}

#[test]
fn links_after_an_include_are_reported_on_their_own_line() {
    let site = site("snippets = true").file(
        "content/q.md",
        "# Q?\n\n--8<-- \"includes/intro.md\"\n\nSee [gone](gone.md).\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("content/q.md:5:5"), "{}", run.stderr);
}

#[test]
fn a_changed_snippet_is_a_changed_input() {
    let site = site("snippets = true");
    site.build(&[]).assert_success();
    let again = site.build(&[]);
    again.assert_success();
    assert!(again.stderr.contains("up to date:"), "{}", again.stderr);
    std::fs::write(site.path().join("includes/intro.md"), "Changed words.\n").unwrap();
    let changed = site.build(&[]);
    changed.assert_success();
    assert!(
        !changed.stderr.contains("up to date:"),
        "{}",
        changed.stderr
    );
    assert!(site.read("public/index.html").contains("Changed words."));
    // A snippet deleted is a change too (and now a warning).
    std::fs::remove_file(site.path().join("includes/intro.md")).unwrap();
    let deleted = site.build(&[]);
    assert!(
        !deleted.stderr.contains("up to date:"),
        "{}",
        deleted.stderr
    );
    assert!(
        deleted.stderr.contains("warning[snippet-missing]"),
        "{}",
        deleted.stderr
    );
}

#[test]
fn mkdocs_yml_snippet_options_are_read() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: S\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs/includes]\n      auto_append: [abbr.md]\n      check_paths: true\n",
        )
        .file("docs/index.md", "# Home\n\n--8<-- \"part.md\"\n")
        .file("docs/includes/part.md", "From the part.\n")
        .file("docs/includes/abbr.md", "[x]: https://example.org\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(site.read("public/index.html").contains("From the part."));
    assert!(!run.stderr.contains("pymdownx.snippets"), "{}", run.stderr);
}
