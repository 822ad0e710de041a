//! `[toc]`'s options beyond ids, from site.toml and from mkdocs.yml:
//! permalinks, self-links, heading levels, which levels contents list,
//! the `[TOC]` marker's box; and headings written `#Title`, which
//! Python-Markdown reads and CommonMark does not.

use crate::support::TestSite;

const PAGE: &str = "# Question?\n\n{{contents}}\n\n## Two { data-toc-label=\"Second\" }\n\n### Three\n\n#### Four\n";

#[test]
fn toc_options_shape_headings_and_contents() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"T\"\n\n[toc]\npermalink = \"#\"\npermalink_title = \"Link here\"\npermalink_leading = true\nanchorlink = true\nbaselevel = 2\ntoc_depth = \"3-4\"\nmarker = \"{{contents}}\"\ntitle = \"On this page\"\ntoc_class = \"box\"\n",
        )
        .file("content/q.md", PAGE);
    site.build(&[]).assert_success();
    let page = site.main_of("public/q/index.html");
    // `##` is shown at level 3, with the permalink first and the text a self-link.
    assert!(
        page.contains("<h3 id=\"two\"><a class=\"headerlink\" href=\"#two\" title=\"Link here\">#</a><a class=\"toclink\" href=\"#two\">Two</a></h3>"),
        "{page}"
    );
    assert!(page.contains("<h5 id=\"four\">"), "{page}");
    // The box lists levels 3–4 (written `##` and `###`), by their labels.
    assert!(
        page.contains("<div class=\"box\"><span class=\"toctitle\">On this page</span>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"#two\">Second</a>"), "{page}");
    assert!(!page.contains("<a href=\"#four\">"), "{page}");
    assert!(!page.contains("{{contents}}"), "{page}");
}

#[test]
fn bad_toc_values_are_errors_at_their_line() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"T\"\n\n[toc]\ntoc_depth = \"5-2\"\nbaselevel = 9\npermalink = 3\n",
        )
        .file("content/q.md", "# Q?\n");
    let run = site.build(&[]);
    run.assert_code(1);
    for (key, line) in [("toc_depth", 4), ("baselevel", 5), ("permalink", 6)] {
        assert!(
            run.stderr.contains(&format!("`[toc] {key}`"))
                && run.stderr.contains(&format!("site.toml:{line}:")),
            "{key}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn mkdocs_sites_read_headings_without_a_space_unless_saneheaders() {
    let page = "# Home\n\n#Tight heading\n\nText with #hashtag.\n\n```\n#not a heading\n```\n";
    let mkdocs = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: M\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
        )
        .file("docs/index.md", page);
    mkdocs.build(&[]).assert_success();
    let home = mkdocs.main_of("public/index.html");
    assert!(
        home.contains("<h1 id=\"tight-heading\">Tight heading"),
        "{home}"
    );
    assert!(home.contains("title=\"Permanent link\""), "{home}");
    assert!(home.contains("#not a heading"), "{home}");
    let sane = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: M\nmarkdown_extensions:\n  - pymdownx.saneheaders\n",
        )
        .file("docs/index.md", page);
    sane.build(&[]).assert_success();
    assert!(
        sane.main_of("public/index.html")
            .contains("<p>#Tight heading</p>")
    );
    // kbgen's own sites are CommonMark: `#Tight` is text.
    let own = TestSite::new().file("content/q.md", "# Q?\n\n#Tight heading\n");
    own.build(&[]).assert_success();
    assert!(
        own.main_of("public/q/index.html")
            .contains("<p>#Tight heading</p>")
    );
}

#[test]
fn tabs_named_after_their_labels_are_link_targets() {
    let page = "# Q?\n\nSee [the pip tab](#install-pip).\n\n## Install\n\n=== \"pip\"\n    pip install x\n\n=== \"uv\"\n    uv add x\n";
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"T\"\n\n[markdown]\ntabbed = { slugify = \"python-markdown\", combine_header_slug = true }\n",
        )
        .file("content/q.md", page);
    let run = site.build(&[]);
    run.assert_success();
    assert!(!run.stderr.contains("broken"), "{}", run.stderr);
    let html = site.main_of("public/q/index.html");
    assert!(html.contains("id=\"install-pip\""), "{html}");
    assert!(
        html.contains("<label for=\"install-uv\">uv</label>"),
        "{html}"
    );
    let mkdocs = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: M\nmarkdown_extensions:\n  - pymdownx.tabbed:\n      alternate_style: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
        )
        .file("docs/index.md", "# Home\n\n=== \"Tab One\"\n    a\n\n=== \"Tab One\"\n    b\n");
    mkdocs.build(&[]).assert_success();
    let home = mkdocs.main_of("public/index.html");
    assert!(
        home.contains("id=\"tab-one\"") && home.contains("id=\"tab-one_1\""),
        "{home}"
    );
}
