//! A site's templates and assets on top of the default theme, as the
//! README and the guide describe them.

use crate::support::{TestSite, list_files};

fn site_with_articles() -> TestSite {
    TestSite::new()
        .file("content/index.md", "# Home\n\n[A](a.md) [B](sec/b.md)\n")
        .file("content/a.md", "# A?\n\nThe body of A.\n")
        .file("content/sec/b.md", "# B?\n\nThe body of B.\n")
}

fn html_pages(site: &TestSite) -> Vec<String> {
    list_files(&site.path().join("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

/// The README's example, exactly as it is written there.
const README_OVERRIDE: &str = "{% extends \"base.html\" %}\n{% block extra_head %}<script defer src=\"/stats.js\"></script>{% endblock extra_head %}\n";

#[test]
fn the_readme_override_example_builds_and_shows_on_every_page() {
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    assert!(
        readme.contains(README_OVERRIDE),
        "the README shows this example"
    );
    let site = site_with_articles().file("templates/base.html", README_OVERRIDE);
    let run = site.build(&[]);
    run.assert_success();
    for page in html_pages(&site) {
        assert!(
            site.read(&format!("public/{page}"))
                .contains("<script defer src=\"/stats.js\"></script>"),
            "{page}"
        );
    }
    assert!(site.read("public/a/index.html").contains("The body of A."));
    assert!(
        site.read("public/sec/b/index.html")
            .contains("The body of B.")
    );
}

#[test]
fn the_theme_is_reachable_by_its_own_name() {
    let site = site_with_articles().file(
        "templates/page.html",
        "{% extends \"kbgen/page.html\" %}{% block extra_head %}<meta name=\"x-test\" content=\"1\">{% endblock extra_head %}",
    );
    site.build(&[]).assert_success();
    let page = site.read("public/a/index.html");
    assert!(
        page.contains("x-test") && page.contains("The body of A."),
        "{page}"
    );
    assert!(
        !site.read("public/index.html").contains("x-test"),
        "only articles"
    );
    // A page template extending itself means the theme's, too.
    let site = site.file(
        "templates/page.html",
        "{% extends \"page.html\" %}{% block extra_head %}<meta name=\"x-self\" content=\"1\">{% endblock extra_head %}",
    );
    site.build(&[]).assert_success();
    let page = site.read("public/a/index.html");
    assert!(
        page.contains("x-self") && page.contains("The body of A."),
        "{page}"
    );
}

#[test]
fn a_misnamed_override_is_a_warning_that_lists_the_names() {
    let site = site_with_articles()
        .file("templates/article.html", "{% extends \"base.html\" %}")
        .file("templates/partials/analytics.html", "<script></script>")
        .file(
            "templates/base.html",
            "{% extends \"base.html\" %}{% block extra_head %}{% include \"partials/analytics.html\" %}{% endblock extra_head %}",
        );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains("warning[template-override]: `templates/article.html` replaces no template of the theme, and nothing uses it"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("base.html, index.html, page.html"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("analytics.html` replaces"),
        "an included partial is used: {}",
        run.stderr
    );
}

#[test]
fn a_template_error_is_reported_once_with_its_line() {
    let site = site_with_articles().file(
        "templates/page.html",
        "{% extends \"page.html\" %}\n{% block extra_head %}\n{{ page.nothing_here | upper }}\n{% endblock extra_head %}\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert_eq!(
        run.stderr.matches("error[template]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(on 2 pages)"), "{}", run.stderr);
}

#[test]
fn extra_css_and_js_are_linked_on_every_page() {
    let site = site_with_articles()
        .file(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/kb/\"\nextra_css = [\"css/extra.css\", \"https://cdn.example/x.css\"]\nextra_js = [\"js/a b.js\", \"js/missing.js\"]\n",
        )
        .file("static/css/extra.css", "body{}")
        .file("static/js/a b.js", "1");
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[extra-file]: `extra_js` names `js/missing.js`, which is no file of the site"
        ),
        "{}",
        run.stderr
    );
    for page in html_pages(&site) {
        let html = site.read(&format!("public/{page}"));
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"/kb/css/extra.css\">"),
            "{page}"
        );
        assert!(html.contains("<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">"));
        assert!(
            html.contains("<script src=\"/kb/js/a%20b.js\" defer></script>"),
            "{page}"
        );
    }
}

#[test]
fn scripts_load_as_their_entries_say() {
    let site = site_with_articles()
        .file(
            "site.toml",
            "title = \"T\"\nextra_js = [\"js/app.mjs\", { path = \"https://stats.example/s.js\", async = true }, { path = \"js/now.js\", defer = false }, { path = \"js/m.js\", type = \"module\" }]\n",
        )
        .file("static/js/app.mjs", "1")
        .file("static/js/now.js", "1")
        .file("static/js/m.js", "1");
    site.build(&[]).assert_success();
    let html = site.read("public/index.html");
    let tail = &html[html.find("assets/search.js").expect("theme script")..];
    let order = [
        "<script src=\"/js/app.mjs\" type=\"module\"></script>",
        "<script src=\"https://stats.example/s.js\" async></script>",
        "<script src=\"/js/now.js\"></script>",
        "<script src=\"/js/m.js\" type=\"module\"></script>",
    ];
    let positions: Vec<Option<usize>> = order.iter().map(|tag| tail.find(tag)).collect();
    assert!(positions.iter().all(Option::is_some), "{tail}");
    assert!(
        positions.is_sorted(),
        "in the order site.toml lists them: {tail}"
    );
}

#[test]
fn extra_settings_reach_templates_and_social_links_reach_the_footer() {
    let site = site_with_articles()
        .file(
            "site.toml",
            "title = \"T\"\n[extra]\nversion = \"2.1\"\n[[extra.social]]\nlink = \"https://github.com/acme\"\n[[extra.social]]\nlink = \"javascript:alert(1)\"\nname = \"Evil\"\n",
        )
        .file(
            "templates/page.html",
            "{% extends \"page.html\" %}{% block extra_head %}<meta name=\"x-version\" content=\"{{ site.extra.version }}\">{% endblock extra_head %}",
        );
    site.build(&[]).assert_success();
    let page = site.read("public/a/index.html");
    assert!(
        page.contains("<meta name=\"x-version\" content=\"2.1\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://github.com/acme\" rel=\"me\">github.com</a>"),
        "{page}"
    );
    assert!(
        !page.contains("javascript:") && !page.contains("Evil"),
        "{page}"
    );
}

#[test]
fn a_misspelt_template_variable_gets_a_suggestion() {
    let site = site_with_articles().file(
        "templates/page.html",
        "{% extends \"page.html\" %}{% block extra_head %}{{ page.titel }}{% endblock extra_head %}",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("Field `titel` is not defined"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `title`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn theme_settings_reach_every_page() {
    let site = site_with_articles()
        .file(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/kb/\"\ncopyright = \"Copyright &copy; 2026 Ann\"\nrepo_url = \"https://github.com/ann/kb\"\n[theme]\nlogo = \"img/logo.png\"\nfavicon = \"img/icon.png\"\naccent = \"#6b21a8\"\n",
        )
        .file("static/img/logo.png", "png")
        .file("content/img/icon.png", "png");
    site.build(&[]).assert_success();
    for page in html_pages(&site) {
        let html = site.read(&format!("public/{page}"));
        for expected in [
            "<link rel=\"icon\" href=\"/kb/img/icon.png\" type=\"image/png\">",
            "<img class=\"site-logo\" src=\"/kb/img/logo.png\" alt=\"\" width=\"32\" height=\"32\">",
            "<style>:root{--brand:#6b21a8;--brand-dark:#",
            "Copyright &copy; 2026 Ann",
            "<a href=\"https://github.com/ann/kb\">Source on GitHub</a>",
        ] {
            assert!(html.contains(expected), "{page} lacks {expected}");
        }
    }
}

#[test]
fn without_theme_settings_pages_use_the_theme_icon_and_colours() {
    let site = site_with_articles();
    site.build(&[]).assert_success();
    let html = site.read("public/a/index.html");
    assert!(html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(!html.contains("<style>") && !html.contains("site-logo"));
    assert!(site.path().join("public/favicon.svg").is_file());
}

#[test]
fn a_missing_logo_or_icon_fails_the_build() {
    let site = site_with_articles().file(
        "site.toml",
        "title = \"T\"\n[theme]\nlogo = \"logo.svg\"\nfavicon = \"https://cdn.example/i.ico\"\n",
    );
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("error[extra-file]: `logo` names `logo.svg`, which is no file of the site"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("i.ico"), "{}", run.stderr);
}

#[test]
fn the_default_theme_ships_at_most_50_kb_of_css_and_js() {
    let site = site_with_articles();
    site.build(&[]).assert_success();
    let assets = site.path().join("public/assets");
    let mut total = 0;
    let mut files = Vec::new();
    for name in list_files(&assets) {
        if name.ends_with(".css") || name.ends_with(".js") {
            let size = std::fs::metadata(assets.join(&name)).map_or(0, |m| m.len());
            total += size;
            files.push(format!("{name} {size}"));
        }
    }
    assert!(files.len() >= 4, "{files:?}");
    assert!(total <= 50_000, "{total} bytes: {files:?}");
    // Minified: the sources' comments are not shipped.
    assert!(!site.read("public/assets/search.js").contains("// "));
    assert!(!site.read("public/assets/kbgen.css").contains("/* "));
}

#[test]
fn a_content_file_replaces_the_theme_default_of_the_same_name() {
    let site = site_with_articles()
        .file(
            "content/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>mine</title></svg>",
        )
        .file("content/assets/kbgen.js", "/* mine */");
    site.build(&[]).assert_success();
    assert!(site.read("public/favicon.svg").contains("mine"));
    assert_eq!(site.read("public/assets/kbgen.js"), "/* mine */");
    // The site's own static/ file and a content file are still a clash.
    let clash = site_with_articles()
        .file("static/x.txt", "a")
        .file("content/x.txt", "b");
    let run = clash.build(&[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("output-clash"), "{}", run.stderr);
}
