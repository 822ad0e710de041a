//! Structured data, meta tags and site files, all derived from the pages.

use std::collections::BTreeSet;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::support::TestSite;

fn select(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("{e:?}"));
    html.select(&selector).map(|e| e.inner_html()).collect()
}

fn attribute(html: &Html, selector: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("{e:?}"));
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_owned)
}

/// All JSON-LD objects of a page, parsed.
pub fn json_ld(html: &str) -> Vec<Value> {
    let document = Html::parse_document(html);
    select(&document, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|text| {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON-LD {text}: {e}"))
        })
        .collect()
}

pub fn of_type<'a>(objects: &'a [Value], kind: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o["@type"] == kind).collect()
}

/// The text a reader sees in `<main>`, whitespace collapsed.
pub fn visible_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let selector = Selector::parse("main").unwrap_or_else(|e| panic!("{e:?}"));
    let text: String = document.select(&selector).flat_map(|m| m.text()).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const HOSTILE: &str =
    "</script><script>alert(1)</script> \"quotes\" & ampersands 😀 line\u{2028}separator";

#[test]
fn faq_page_survives_hostile_titles_and_answers() {
    let page = format!(
        "---\ntitle: {}\n---\n\n!!! info \"In short\"\n    Answer with {}\n",
        serde_json::to_string(HOSTILE).unwrap_or_default(),
        HOSTILE.replace('<', "&lt;")
    );
    let site = TestSite::new().file("content/evil.md", &page);
    site.build(&[]).assert_success();
    let html = site.read("public/evil/index.html");
    let document = Html::parse_document(&html);
    // Only the theme's own scripts and our JSON-LD: nothing broke out.
    let scripts = select(&document, "script");
    assert_eq!(
        scripts.len(),
        5,
        "two JSON-LD, the theme's three: {scripts:?}"
    );
    assert!(
        !scripts.iter().any(|s| s.trim() == "alert(1)"),
        "{scripts:?}"
    );
    let objects = json_ld(&html);
    let faq = of_type(&objects, "FAQPage");
    assert_eq!(faq.len(), 1);
    assert_eq!(faq[0]["mainEntity"][0]["name"], HOSTILE);
    let answer = faq[0]["mainEntity"][0]["acceptedAnswer"]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        answer.starts_with(
            "Answer with </script><script>alert(1)</script> \"quotes\" & ampersands 😀"
        ),
        "{answer}"
    );
    assert_eq!(
        select(&document, "title"),
        [format!(
            "{} — Test KB",
            HOSTILE
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        )]
    );
    assert_eq!(
        attribute(&document, "meta[property=\"og:title\"]", "content").as_deref(),
        Some(HOSTILE)
    );
    assert!(
        !html.contains("\u{2028}\"}"),
        "U+2028 is escaped inside JSON"
    );
}

#[test]
fn one_faq_page_replaces_the_hand_written_one() {
    let page = "---\ntitle: \"Is it fast?\"\n---\n\n# Is it fast?\n\n!!! info \"In short\"\n    Yes, *very*.\n\n<script type=\"application/ld+json\">\n{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"mainEntity\": [{\"@type\": \"Question\", \"name\": \"Is it quick?\", \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Yes.\"}}]}\n</script>\n";
    let site = TestSite::new().file("content/fast.md", page);
    let run = site.build(&[]);
    run.assert_success();
    assert!(run.stderr.contains("warning[faq-drift]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/fast.md:10:1"),
        "{}",
        run.stderr
    );
    let objects = json_ld(&site.read("public/fast/index.html"));
    let faq = of_type(&objects, "FAQPage");
    assert_eq!(faq.len(), 1);
    assert_eq!(faq[0]["mainEntity"][0]["name"], "Is it fast?");
    assert_eq!(
        faq[0]["mainEntity"][0]["acceptedAnswer"]["text"],
        "Yes, very."
    );

    let site = site.file(
        "site.toml",
        &format!(
            "{}[faq]\nkeep_author_faq_page = true\n",
            crate::support::SITE_TOML
        ),
    );
    site.build(&[]).assert_success();
    let objects = json_ld(&site.read("public/fast/index.html"));
    let faq = of_type(&objects, "FAQPage");
    assert_eq!(faq.len(), 1);
    assert_eq!(
        faq[0]["mainEntity"][0]["name"], "Is it quick?",
        "the author's is kept"
    );
}

#[test]
fn no_answer_means_no_faq_page() {
    let site = TestSite::new().file("content/q.md", "# Why?\n\nBecause, but not in a box.\n");
    site.build(&[]).assert_success();
    let objects = json_ld(&site.read("public/q/index.html"));
    assert!(of_type(&objects, "FAQPage").is_empty());
    assert_eq!(of_type(&objects, "BreadcrumbList").len(), 1);
}

#[test]
fn answer_front_matter_and_faq_sections() {
    let site = TestSite::new().file(
        "content/q.md",
        "---\ntitle: Which plan?\nanswer: The *free* plan, for most people.\n---\n# Which plan?\n\n## FAQ\n\n### Can I switch later?\n\nAny time, from **Settings**.\n\n### Is there a trial?\n\nThirty days.\n",
    );
    site.build(&[]).assert_success();
    let html = site.read("public/q/index.html");
    let objects = json_ld(&html);
    let entities = &of_type(&objects, "FAQPage")[0]["mainEntity"];
    let pairs: Vec<(String, String)> = entities
        .as_array()
        .map(|a| {
            a.iter()
                .map(|q| {
                    (
                        q["name"].as_str().unwrap_or("").to_owned(),
                        q["acceptedAnswer"]["text"]
                            .as_str()
                            .unwrap_or("")
                            .to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        pairs,
        [
            (
                "Which plan?".into(),
                "The free plan, for most people.".into()
            ),
            (
                "Can I switch later?".into(),
                "Any time, from Settings.".into()
            ),
            ("Is there a trial?".into(), "Thirty days.".into()),
        ]
    );
    let visible = visible_text(&html);
    for (_, answer) in &pairs {
        assert!(
            visible.contains(answer.as_str()),
            "`{answer}` visible in: {visible}"
        );
    }
}

#[test]
fn meta_tags_are_complete_and_unique() {
    let long_answer = "word ".repeat(60);
    let site = TestSite::empty()
        .file(
            "site.toml",
            "title = \"KB\"\nbase_url = \"https://example.org/kb/\"\nlanguage = \"en-GB\"\nimage = \"/card.png\"\n[[meta]]\nname = \"robots\"\ncontent = \"index, follow\"\n",
        )
        .file(
            "content/q.md",
            &format!(
                "---\ntitle: Q?\ndate: 2025-10-07\nupdated: 2025-11-01T10:00:00+02:00\nmeta:\n  - name: robots\n    content: noindex\n---\n# Q?\n\n!!! info \"In short\"\n    {long_answer}\n"
            ),
        );
    site.build(&[]).assert_success();
    let html = site.read("public/q/index.html");
    let document = Html::parse_document(&html);
    let meta = |selector: &str| attribute(&document, selector, "content");
    let description = meta("meta[name=\"description\"]").unwrap_or_default();
    assert!(
        description.chars().count() <= 160 && description.ends_with('…'),
        "{description}"
    );
    assert!(description.starts_with("word word"));
    assert_eq!(meta("meta[name=\"robots\"]").as_deref(), Some("noindex"));
    assert_eq!(
        meta("meta[property=\"og:type\"]").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta("meta[property=\"og:url\"]").as_deref(),
        Some("https://example.org/kb/q/")
    );
    assert_eq!(
        meta("meta[property=\"og:image\"]").as_deref(),
        Some("https://example.org/kb/card.png")
    );
    assert_eq!(
        meta("meta[property=\"og:locale\"]").as_deref(),
        Some("en_GB")
    );
    assert_eq!(
        meta("meta[property=\"og:site_name\"]").as_deref(),
        Some("KB")
    );
    assert_eq!(
        meta("meta[name=\"twitter:card\"]").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta("meta[property=\"article:published_time\"]").as_deref(),
        Some("2025-10-07T00:00:00Z")
    );
    assert_eq!(
        meta("meta[property=\"article:modified_time\"]").as_deref(),
        Some("2025-11-01T10:00:00+02:00")
    );
    assert_eq!(
        attribute(&document, "html", "lang").as_deref(),
        Some("en-GB")
    );
    assert_eq!(
        attribute(&document, "link[rel=\"canonical\"]", "href").as_deref(),
        Some("https://example.org/kb/q/")
    );
    let mut names = BTreeSet::new();
    let selector =
        Selector::parse("meta[name], meta[property]").unwrap_or_else(|e| panic!("{e:?}"));
    for element in document.select(&selector) {
        let key = element
            .value()
            .attr("name")
            .or(element.value().attr("property"))
            .unwrap_or("")
            .to_lowercase();
        assert!(names.insert(key.clone()), "duplicate meta {key}");
    }
}

fn sitemap_locations(site: &TestSite) -> BTreeSet<String> {
    let xml = site.read("public/sitemap.xml");
    xml.split("<loc>")
        .skip(1)
        .filter_map(|part| part.split("</loc>").next())
        .map(str::to_owned)
        .collect()
}

fn published_site(site_toml: &str) -> TestSite {
    TestSite::empty()
        .file("site.toml", site_toml)
        .file("content/index.md", "# Home\n")
        .file("content/sec/index.md", "# Section\n")
        .file("content/sec/a.md", "---\ntitle: A?\ndate: 2025-01-01\nupdated: 2025-02-01\naliases: [/old/a/]\n---\n# A?\n\n!!! info \"In short\"\n    Answer A.\n")
        .file("content/sec/b.md", "---\ntitle: B?\ndate: 2025-03-01\n---\n# B?\n\n!!! info \"In short\"\n    Answer B.\n")
        .file("content/sec/draft.md", "---\ntitle: Draft?\ndraft: true\ndate: 2025-04-01\n---\n# Draft?\n")
        .file("content/loose/c.md", "# C?\n")
}

#[test]
fn sitemap_lists_exactly_the_published_pages_and_canonicals_match() {
    for (base, prefix) in [
        ("https://example.org/", "https://example.org/"),
        ("https://example.org/kb/", "https://example.org/kb/"),
    ] {
        let site = published_site(&format!("title = \"KB\"\nbase_url = \"{base}\"\n"));
        site.build(&[]).assert_success();
        let expected: BTreeSet<String> = ["", "sec/", "sec/a/", "sec/b/", "loose/", "loose/c/"]
            .iter()
            .map(|path| format!("{prefix}{path}"))
            .collect();
        assert_eq!(sitemap_locations(&site), expected);
        for url in &expected {
            let path = url.strip_prefix(prefix).unwrap_or_default();
            let html = site.read(&format!("public/{path}index.html"));
            let document = Html::parse_document(&html);
            assert_eq!(
                attribute(&document, "link[rel=\"canonical\"]", "href").as_deref(),
                Some(url.as_str())
            );
        }
        assert!(
            site.read("public/sitemap.xml")
                .contains("<lastmod>2025-02-01</lastmod>")
        );
        let robots = site.read("public/robots.txt");
        assert!(
            robots.contains(&format!("Sitemap: {prefix}sitemap.xml")),
            "{robots}"
        );
    }
}

#[test]
fn drafts_appear_nowhere_unless_asked() {
    let site = published_site("title = \"KB\"\nbase_url = \"https://example.org/\"\n");
    site.build(&[]).assert_success();
    for file in [
        "public/sitemap.xml",
        "public/feed.xml",
        "public/llms.txt",
        "public/llms-full.txt",
        "public/sec/index.html",
    ] {
        assert!(
            !site.read(file).contains("Draft?"),
            "{file} mentions the draft"
        );
    }
    site.build(&["--drafts"]).assert_success();
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://example.org/sec/draft/")
    );
    assert!(site.read("public/feed.xml").contains("Draft?"));
}

#[test]
fn feed_llms_and_redirects() {
    let site = published_site(
        "title = \"KB\"\ndescription = \"All answers.\"\nbase_url = \"https://example.org/kb/\"\n",
    );
    site.build(&[]).assert_success();
    let feed = site.read("public/feed.xml");
    let b = feed.find("<title>B?</title>").unwrap_or(usize::MAX);
    let a = feed.find("<title>A?</title>").unwrap_or(0);
    assert!(b < a, "newest first: {feed}");
    assert!(feed.contains("<updated>2025-03-01T00:00:00Z</updated>"));
    assert!(feed.contains("<summary type=\"text\">Answer B.</summary>"));
    assert_eq!(
        site.read("public/llms.txt"),
        "# KB\n\n> All answers.\n\n## Loose\n\n- [C?](https://example.org/kb/loose/c/)\n\n## Section\n\n- [A?](https://example.org/kb/sec/a/): Answer A.\n- [B?](https://example.org/kb/sec/b/): Answer B.\n"
    );
    let full = site.read("public/llms-full.txt");
    assert!(
        full.contains(
            "# A?\n\nSource: https://example.org/kb/sec/a/\n\n> **In short**\n> \n> Answer A.\n"
        ),
        "{full}"
    );
    let redirect = site.read("public/old/a/index.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/kb/sec/a/\">"));
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://example.org/kb/sec/a/\">"));
    assert_eq!(
        site.read("public/_redirects"),
        "/kb/old/a/ /kb/sec/a/ 301\n"
    );
    let home = json_ld(&site.read("public/index.html"));
    assert_eq!(of_type(&home, "WebSite").len(), 1);
    let article = json_ld(&site.read("public/sec/a/index.html"));
    let crumbs = &of_type(&article, "BreadcrumbList")[0]["itemListElement"];
    let names: Vec<&str> = crumbs
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Home", "Section", "A?"]);
}

#[test]
fn authors_site_files_win() {
    let site = published_site("title = \"KB\"\nbase_url = \"https://example.org/\"\n")
        .file("content/robots.txt", "User-agent: *\nDisallow: /private/\n")
        .file("content/llms.txt", "# Mine\n");
    site.build(&[]).assert_success();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
    assert_eq!(site.read("public/llms.txt"), "# Mine\n");
}

#[test]
fn alias_that_escapes_is_an_error() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\naliases: [\"../../etc/x\"]\n---\n# A\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("content/a.md:3:1"), "{}", run.stderr);
    assert!(!site.path().join("etc").exists());
}
