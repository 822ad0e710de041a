//! Bounded work on hostile input within the size limits: each case once
//! cost minutes or gigabytes. Memory is read from `--timings` (the
//! process's own peak), never from the clock.

use crate::support::{Run, TestSite};

/// The peak memory `kbgen build --timings` reported, in MB.
fn peak_megabytes(run: &Run) -> u64 {
    run.stderr
        .lines()
        .find_map(|line| line.trim().strip_suffix("MB  peak memory"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory line in\n{}", run.stderr))
}

#[test]
fn alternating_list_kinds_merge_in_one_pass() {
    // 360 KB of `1. a` / `- b`: the list merge took 180 s on this.
    let lines: String = (0..60_000)
        .map(|i| if i % 2 == 0 { "1. a\n" } else { "- b\n" })
        .collect();
    let site = TestSite::new().file("content/lists.md", &format!("# Lists?\n\n{lines}"));
    site.build(&[]).assert_success();
    let html = site.main_of("public/lists/index.html");
    // No blank line between the items: one tight list, as Python-Markdown has it.
    let items = html.matches("<li>a</li>").count() + html.matches("<li>b</li>").count();
    assert_eq!(items, 60_000, "every item kept");
    assert!(!html.contains("<li>b</li>\n</ul>"), "one list");
}

#[test]
fn deeply_nested_front_matter_is_refused_at_its_place() {
    let site = TestSite::new().file(
        "content/deep.md",
        &format!(
            "---\ntitle: Deep\nx: {}\n---\n# Deep?\n",
            "[".repeat(200_000)
        ),
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("error[front-matter]: front matter nested more than 64 levels deep"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/deep.md:3:67"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_megabyte_line_of_code_is_shown_plain_with_a_hint() {
    let line = "SELECT a, b FROM t WHERE x = 'y' AND z IN (1, 2, 3);".repeat(20_000);
    let site = TestSite::new().file(
        "content/sql.md",
        &format!("# Big query?\n\n```sql\n{line}\n```\n\n```sql\nSELECT 1;\n```\n"),
    );
    site.build(&[]).assert_success();
    let html = site.main_of("public/sql/index.html");
    assert_eq!(
        html.matches("SELECT a, b FROM t WHERE x = 'y' AND z IN (1, 2, 3);")
            .count(),
        20_000,
        "the long line is shown whole, escaped"
    );
    assert!(
        html.contains("<span class=\"hl-"),
        "the small block is still highlighted"
    );
    let check = site.run(&["check"]);
    assert!(
        check
            .stderr
            .contains("note[plain-code]: this code block is shown without highlighting")
            && check.stderr.contains("content/sql.md:3:1"),
        "{}",
        check.stderr
    );
}

#[test]
fn nested_boxes_over_a_huge_indent_stay_small_in_memory() {
    // 32 nested markers, then a 4 MB line of tabs: 1.7 GB before.
    let markers: String = (0..32)
        .map(|depth| format!("{}!!! note\n", "    ".repeat(depth)))
        .collect();
    let tabs = "\t".repeat(4 * 1024 * 1024);
    let site = TestSite::new().file(
        "content/boxes.md",
        &format!("# Boxes?\n\n{markers}{tabs}x\n"),
    );
    let run = site.build(&["--timings"]);
    run.assert_success();
    let peak = peak_megabytes(&run);
    assert!(peak < 400, "peak {peak} MB for a 4 MB page");
}

#[test]
fn large_assets_are_copied_without_being_held() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .bytes("content/video.bin", &vec![7u8; 96 * 1024 * 1024])
        .bytes("static/big.bin", &vec![9u8; 32 * 1024 * 1024]);
    let run = site.build(&["--timings"]);
    run.assert_success();
    let peak = peak_megabytes(&run);
    assert!(peak < 96, "peak {peak} MB for 128 MB of files");
    let copied = std::fs::metadata(site.path().join("public/video.bin")).unwrap();
    assert_eq!(copied.len(), 96 * 1024 * 1024);
    assert!(site.exists("public/big.bin"));
}

#[test]
fn an_oversized_markdown_file_is_refused_before_it_is_read() {
    // Sparse: 1 GB on paper, nothing on disk, and never read.
    let site = TestSite::new().file("content/index.md", "# Home\n");
    let file = std::fs::File::create(site.path().join("content/huge.md")).unwrap();
    file.set_len(1024 * 1024 * 1024).unwrap();
    let run = site.build(&["--timings"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("error[too-large]: file is 1024 MB"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_deeply_nested_or_huge_mkdocs_yml_is_refused_before_it_is_parsed() {
    let deep = format!("site_name: X\nnav: {}\n", "[".repeat(200_000));
    let site = crate::support::TestSite::empty()
        .file("mkdocs.yml", &deep)
        .file("docs/index.md", "# X\n");
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    // Refused by the pre-scan, before the YAML parser sees it.
    assert!(
        run.stderr.contains("nests more than 64 levels deep"),
        "{}",
        run.stderr
    );
    let huge = format!("site_name: X\n#{}\n", "x".repeat(5 * 1024 * 1024));
    let site = crate::support::TestSite::empty()
        .file("mkdocs.yml", &huge)
        .file("docs/index.md", "# X\n");
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("at most 4 MB"), "{}", run.stderr);
}

#[test]
fn a_line_of_unknown_shortcodes_and_stray_delimiters_stays_linear() {
    let line: Vec<String> = (0..20_000)
        .map(|i| format!(":x-{}-y: ==a ^^b~c", i % 5_000))
        .collect();
    let site = TestSite::new().file("content/index.md", &format!("# H\n\n{}\n", line.join(" ")));
    let run = site.build(&[]);
    run.assert_success();
    // 50 names one by one, and one warning for the rest.
    assert!(
        run.stderr.contains("0 errors, 51 warnings"),
        "{}",
        run.problems()
    );
    let all = site.run(&["check", "--only", "emoji"]);
    assert!(
        all.stderr
            .contains("4950 more shortcodes name no emoji or icon"),
        "{}",
        all.stderr
    );
}

#[test]
fn many_html_elements_are_each_read_once() {
    // 30,000 elements on one line, 30,000 on lines of their own, and
    // unclosed markdown elements: each element's end is looked for once,
    // and an element's scan is charged only for what it reads.
    let one_line: String = (0..30_000)
        .map(|i| format!("<div markdown>*{i}*</div>"))
        .collect();
    let own_lines: String = (0..30_000).map(|i| format!("<p>raw {i}</p>\n")).collect();
    let unclosed: String = (0..5_000)
        .map(|i| format!("<div markdown>\n*{i}*\n\n"))
        .collect();
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: H\nmarkdown_extensions:\n  - md_in_html\n",
        )
        .file("docs/one.md", &format!("# One\n\n{one_line}\n"))
        .file("docs/lines.md", &format!("# Lines\n\n{own_lines}"))
        .file("docs/unclosed.md", &format!("# Unclosed\n\n{unclosed}"));
    let run = site.build(&["--timings"]);
    run.assert_success();
    assert_eq!(
        site.main_of("public/one/index.html")
            .matches("<em>")
            .count(),
        30_000
    );
    assert_eq!(
        site.main_of("public/lines/index.html")
            .matches("<p>raw ")
            .count(),
        30_000
    );
    assert!(peak_megabytes(&run) < 1_000, "{}", run.stderr);
}

#[test]
fn many_tabs_and_backtick_runs_cost_one_pass() {
    // 8,000 tabs named after their labels (one HTML event) took 5 s, and a
    // table row of 1,500 unmatched backtick runs was read once per run.
    let tabs: String = (0..8_000)
        .map(|i| format!("=== \"Tab {i}\"\n    body\n\n"))
        .collect();
    let runs: Vec<String> = (1..1_500).map(|n| "`".repeat(n)).collect();
    let site = TestSite::new()
        .file(
            "site.toml",
            "title = \"B\"\n\n[markdown]\ntabbed = { slugify = \"python-markdown\" }\n",
        )
        .file("content/tabs.md", &format!("# Tabs?\n\n{tabs}"))
        .file(
            "content/row.md",
            &format!(
                "# Row?\n\n| a | b |\n|---|---|\n| {} | x |\n",
                runs.join(" ")
            ),
        );
    let run = site.build(&["--timings"]);
    run.assert_success();
    let tabs_page = site.main_of("public/tabs/index.html");
    assert!(tabs_page.contains("id=\"tab-7999\""), "every tab named");
    assert!(peak_megabytes(&run) < 1_000, "{}", run.stderr);
}
