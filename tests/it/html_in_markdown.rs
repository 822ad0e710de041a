//! HTML in pages, as the site's reader expects: kbgen's own sites read
//! `markdown` elements and CommonMark's HTML blocks; sites built from
//! mkdocs.yml read raw HTML as Python-Markdown does, and `markdown`
//! elements only when `md_in_html` is listed.

use crate::support::TestSite;

const PAGE: &str = "# Home\n\n<div class=\"raw\">\n*one*\n\n*two*\n</div>\n\n<div class=\"grid\" markdown>*md* [link](other.md)</div>\n";

#[test]
fn mkdocs_sites_keep_raw_html_whole_and_read_markdown_elements_when_listed() {
    let with = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: M\nmarkdown_extensions:\n  - md_in_html\n",
        )
        .file("docs/index.md", PAGE)
        .file("docs/other.md", "# Other\n");
    with.build(&[]).assert_success();
    let home = with.main_of("public/index.html");
    // The raw element keeps its blank line and its asterisks.
    assert!(
        home.contains("<div class=\"raw\">\n*one*\n\n*two*\n</div>"),
        "{home}"
    );
    // The markdown element is read, its link resolved, the attribute gone.
    assert!(
        home.contains(
            "<div class=\"grid\">\n<p><em>md</em> <a href=\"/other/\">link</a></p>\n</div>"
        ),
        "{home}"
    );
    let without = TestSite::empty()
        .file("mkdocs.yml", "site_name: M\n")
        .file("docs/index.md", PAGE)
        .file("docs/other.md", "# Other\n");
    without.build(&[]).assert_success();
    let home = without.main_of("public/index.html");
    assert!(home.contains("<div class=\"grid\" markdown>*md*"), "{home}");
}

#[test]
fn own_sites_read_html_blocks_as_commonmark_does() {
    let site = TestSite::new()
        .file("content/q.md", &PAGE.replace("# Home", "# Q?"))
        .file("content/other.md", "# Other?\n");
    site.build(&[]).assert_success();
    let page = site.main_of("public/q/index.html");
    // The blank line ends CommonMark's HTML block: `*two*` is markdown.
    assert!(page.contains("<p><em>two</em></p>"), "{page}");
    assert!(
        page.contains("<div class=\"grid\">\n<p><em>md</em>"),
        "{page}"
    );
}
