//! Diagrams (superfences' custom fences): ```` ```mermaid ```` is written as
//! `pre.mermaid` with its source, and the site's own mermaid.js is loaded
//! on the pages that have one, never fetched from elsewhere.

use crate::support::TestSite;

const DIAGRAM: &str = "# Flow?\n\nText.\n\n```mermaid\ngraph LR\n  A --> B\n```\n";

/// The main text of `page`, built as the one page of a site with `site_toml`.
fn built_page(site_toml: &str, page: &str) -> String {
    let site = TestSite::new()
        .file("site.toml", site_toml)
        .file("content/q.md", page);
    site.build(&[]).assert_success();
    site.main_of("public/q/index.html")
}

#[test]
fn mermaid_fences_are_diagrams_and_load_the_sites_script_where_used() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"Diagrams\"\n\n[theme]\nmermaid = \"js/mermaid.min.js\"\n",
        )
        .file("static/js/mermaid.min.js", "/* mermaid */")
        .file("content/flow.md", DIAGRAM)
        .file("content/plain.md", "# Plain?\n\nNo diagram.\n");
    site.build(&[]).assert_success();
    let flow = site.read("public/flow/index.html");
    assert!(
        flow.contains("<pre class=\"mermaid\"><code>graph LR\n  A --&gt; B</code></pre>"),
        "{flow}"
    );
    assert!(
        flow.contains("<script src=\"/js/mermaid.min.js\" defer></script>"),
        "{flow}"
    );
    let plain = site.read("public/plain/index.html");
    assert!(!plain.contains("mermaid"), "{plain}");
}

#[test]
fn a_missing_mermaid_script_is_an_error_and_no_script_is_no_load() {
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"D\"\n\n[theme]\nmermaid = \"js/gone.js\"\n",
        )
        .file("content/flow.md", DIAGRAM);
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`mermaid` names `js/gone.js`, which is no file of the site"),
        "{}",
        run.stderr
    );
    let without = TestSite::new().file("content/flow.md", DIAGRAM);
    without.build(&[]).assert_success();
    let flow = without.read("public/flow/index.html");
    assert!(flow.contains("<pre class=\"mermaid\">"), "{flow}");
    assert!(!flow.contains("<script src=\"/js/"), "{flow}");
}

#[test]
fn custom_fences_come_from_site_toml_and_mkdocs_yml() {
    let page = built_page(
        "title = \"F\"\n\n[markdown]\ncustom_fences = [{ name = \"chart\", class = \"chart-box\", format = \"div\" }]\n",
        "# Q?\n\n```chart\na & b\n```\n\n```mermaid\ngraph\n```\n",
    );
    assert!(
        page.contains("<div class=\"chart-box\">a &amp; b</div>"),
        "{page}"
    );
    // Only the fences listed: mermaid is code again.
    assert!(!page.contains("<pre class=\"mermaid\">"), "{page}");
    let mkdocs = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: M\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n        - name: math\n          class: arithmatex\n          format: !!python/name:pymdownx.superfences.fence_div_format\n",
        )
        .file("docs/index.md", "# Home\n\n```mermaid\ngraph\n```\n\n```math\nx\n```\n");
    mkdocs.build(&[]).assert_success();
    let home = mkdocs.main_of("public/index.html");
    assert!(
        home.contains("<pre class=\"mermaid\"><code>graph</code></pre>"),
        "{home}"
    );
    assert!(home.contains("<div class=\"arithmatex\">x</div>"), "{home}");
    // Without custom_fences in mkdocs.yml, a mermaid fence is code, as in MkDocs.
    let plain = TestSite::empty()
        .file("mkdocs.yml", "site_name: P\n")
        .file("docs/index.md", "# Home\n\n```mermaid\ngraph\n```\n");
    plain.build(&[]).assert_success();
    assert!(
        !plain
            .main_of("public/index.html")
            .contains("<pre class=\"mermaid\">")
    );
}

#[test]
fn a_math_fence_is_a_display_formula() {
    let fences = "custom_fences = [{ name = \"math\", class = \"arithmatex\", format = \"math\" }]";
    let page = "# Q?\n\n```math\nx^2 + y^2 = z^2\n```\n";
    let html = built_page(
        &format!("title = \"M\"\n\n[markdown]\narithmatex = true\n{fences}\n"),
        page,
    );
    assert!(html.contains("<math display=\"block\""), "{html}");
    // Without math drawn by kbgen, the fence is left for MathJax or KaTeX.
    let html = built_page(&format!("title = \"M\"\n\n[markdown]\n{fences}\n"), page);
    assert!(
        html.contains("<div class=\"arithmatex\">\\[x^2 + y^2 = z^2\\]</div>"),
        "{html}"
    );
}
