//! See-also lists, backlinks, related articles and orphans.

use crate::support::TestSite;

/// A template that prints the cross-links of a page as plain lines.
const DUMP: &str = "{% extends \"base.html\" %}{% block content %}\n{% for s in page.see_also %}SEE|{{ s.title }}|{{ s.url }}|{{ s.answer }}|{{ s.external }}\n{% endfor %}{% for r in page.related %}REL|{{ r.title }}\n{% endfor %}{% for b in page.backlinks %}BACK|{{ b.title }}\n{% endfor %}{% for b in page.linked_from %}FROM|{{ b.title }}\n{% endfor %}{% endblock content %}";

fn lines(html: &str, prefix: &str) -> Vec<String> {
    html.lines()
        .filter(|l| l.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

fn article(title: &str, tags: &str, answer: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ntags: [{tags}]\n---\n# {title}\n\n!!! info \"In short\"\n    {answer}\n\n{body}"
    )
}

fn site() -> TestSite {
    TestSite::new()
        .file("templates/page.html", DUMP)
        .file("content/index.md", "# Home\n\n- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n")
        .file(
            "content/a.md",
            &article("What is A?", "alpha", "A is first.", "## See also\n\n* [What is B?](b.md)\n* [The C page](c.md)\n* External: [docs](https://example.org/)\n"),
        )
        .file("content/b.md", &article("What is B?", "alpha", "B is second.", "## See also\n\n* [What is A?](a.md)\n"))
        .file("content/c.md", &article("What is C?", "gamma", "C is third.", "Body.\n"))
}

#[test]
fn see_also_lists_carry_the_targets_question_and_answer() {
    let site = site();
    let run = site.build(&[]);
    run.assert_success();
    let html = site.read("public/a/index.html");
    assert_eq!(
        lines(&html, "SEE|"),
        [
            "SEE|What is B?|/b/|B is second.|false",
            "SEE|What is C?|/c/|C is third.|false",
            "SEE|docs|https://example.org/||true",
        ]
    );
    assert_eq!(lines(&html, "BACK|"), ["BACK|Home", "BACK|What is B?"]);
}

#[test]
fn drifted_text_and_one_way_links_are_hints_in_check() {
    let site = site();
    let run = site.run(&["check"]);
    run.assert_success();
    assert!(
        run.stderr.contains("note[see-also-text]: see-also link text `The C page` differs from the target's question `What is C?`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("┌─ content/a.md:13:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "note[one-way-see-also]: `content/c.md` does not list this page in its See also"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("one-way-see-also").count(),
        1,
        "a↔b is two-way: {}",
        run.stderr
    );
    let build = site.build(&[]);
    assert!(
        !build.stderr.contains("see-also-text"),
        "build keeps hints out"
    );
    assert!(
        build
            .stderr
            .contains("hints: run `kbgen check` to see them")
    );
}

#[test]
fn broken_see_also_links_are_errors() {
    let site = site().file(
        "content/d.md",
        &article(
            "What is D?",
            "",
            "D.",
            "## See also\n\n* [Gone](gone.md)\n* [A's nothing](a.md#nothing)\n",
        ),
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("error[broken-link]: broken link `gone.md`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/d.md:12:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("error[broken-anchor]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/d.md:13:3"), "{}", run.stderr);
}

#[test]
fn orphans_are_reported() {
    let site = site().file(
        "content/lonely.md",
        &article("Is anyone there?", "", "No.", ""),
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[orphan]: no page links to this article"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/lonely.md"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning[orphan]").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn related_skips_listed_pages_and_breaks_ties_by_title() {
    let mut site = TestSite::new()
        .file("templates/page.html", DUMP)
        .file("content/index.md", "# Home\n");
    // Four pages share the tag `shared` equally with `main`; `listed` is in its See also.
    for (file, title) in [
        ("zeta", "Zeta shared?"),
        ("alpha", "Alpha shared?"),
        ("mid", "Mid shared?"),
        ("listed", "Listed shared?"),
    ] {
        site = site.file(
            &format!("content/{file}.md"),
            &article(title, "shared", "x", ""),
        );
    }
    site = site
        .file(
            "content/main.md",
            &article(
                "Main question?",
                "shared",
                "x",
                "## See also\n\n* [Listed shared?](listed.md)\n",
            ),
        )
        .file(
            "content/far.md",
            &article("Unrelated thing?", "other", "x", ""),
        );
    site.build(&[]).assert_success();
    let related = lines(&site.read("public/main/index.html"), "REL|");
    assert_eq!(
        related,
        ["REL|Alpha shared?", "REL|Mid shared?", "REL|Zeta shared?"]
    );
    // Twice, to be sure the order does not depend on hashing.
    site.build(&[]).assert_success();
    assert_eq!(lines(&site.read("public/main/index.html"), "REL|"), related);
}

#[test]
fn related_count_is_configurable() {
    let site = site().file(
        "site.toml",
        &format!("{}[see_also]\nrelated = 0\n", crate::support::SITE_TOML),
    );
    site.build(&[]).assert_success();
    assert!(lines(&site.read("public/b/index.html"), "REL|").is_empty());
}

#[test]
fn linked_from_lists_only_articles_the_reader_has_not_been_shown() {
    let site = site().file(
        "content/d.md",
        &article(
            "What is D?",
            "delta",
            "D links to C.",
            "See [C](c.md) and [A](a.md).\n",
        ),
    );
    site.build(&[]).assert_success();
    let c = site.read("public/c/index.html");
    // Home and A link to C too; Home is a section-like page, and A …
    assert_eq!(
        lines(&c, "BACK|"),
        ["BACK|Home", "BACK|What is A?", "BACK|What is D?"]
    );
    let shown: Vec<String> = lines(&c, "REL|");
    let from = lines(&c, "FROM|");
    assert!(!from.contains(&"FROM|Home".to_owned()), "{from:?}");
    for item in &from {
        let title = item.trim_start_matches("FROM|");
        assert!(!shown.contains(&format!("REL|{title}")), "{title} twice");
    }
    // B lists A in its See also, and A links to B: A is not listed again.
    let b = site.read("public/b/index.html");
    assert!(lines(&b, "FROM|").is_empty(), "{b}");
}

#[test]
fn the_default_theme_shows_one_related_block_after_the_see_also_list() {
    // No suggestions: the backlinks alone fill the block.
    let site = TestSite::new()
        .file("site.toml", "title = \"T\"\n[see_also]\nrelated = 0\n")
        .file("content/index.md", "# Home\n")
        .file(
            "content/a.md",
            &article(
                "What is A?",
                "x",
                "A.",
                "## See also\n\n* [What is B?](b.md)\n",
            ),
        )
        .file("content/b.md", &article("What is B?", "x", "B.", "Body.\n"))
        .file(
            "content/c.md",
            &article("What is C?", "x", "C.", "See [B](b.md) and [A](a.md).\n"),
        );
    site.build(&[]).assert_success();
    let b = site.read("public/b/index.html");
    assert_eq!(b.matches("<section class=\"related\"").count(), 1, "{b}");
    assert!(!b.contains("Linked from"), "{b}");
    assert_eq!(b.matches("links here").count(), 2, "{b}");
    let a = site.read("public/a/index.html");
    let see_also = a.find("id=\"see-also\"");
    let related = a.find("More related questions</h2>");
    assert!(
        matches!((see_also, related), (Some(s), Some(r)) if s < r),
        "{a}"
    );
}
