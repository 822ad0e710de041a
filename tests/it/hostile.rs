//! Hostile and odd input: every case ends in a clear diagnostic or correct
//! output, never a panic, and nothing is written outside the output folder.

use crate::support::{TestSite, list_files};

fn no_panic(run: &crate::support::Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        matches!(run.code, 0 | 1),
        "exit {}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn deep_nesting_builds_in_bounded_time_and_memory() {
    let quotes = format!("# Quotes\n\n{} deep\n", ">".repeat(10_000));
    let admonitions: String = (0..200)
        .map(|i| format!("{}!!! note\n", "\t".repeat(i)))
        .collect();
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", " ".repeat(2 * i)))
        .collect();
    let site = TestSite::new()
        .file("content/quotes.md", &quotes)
        .file(
            "content/admonitions.md",
            &format!("# Boxes\n\n{admonitions}"),
        )
        .file("content/lists.md", &format!("# Lists\n\n{lists}"));
    let run = site.build(&[]);
    no_panic(&run);
    run.assert_success();
    let boxes = site.read("public/admonitions/index.html");
    assert_eq!(
        boxes.matches("class=\"admonition note\"").count(),
        32,
        "nesting stops at 32 levels"
    );
}

#[test]
fn huge_and_binary_files_get_clear_errors() {
    let big = "word ".repeat(4 * 1024 * 1024);
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("content/big.md", &big)
        .bytes(
            "content/binary.md",
            &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe],
        );
    let run = site.build(&[]);
    no_panic(&run);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("error[too-large]: file is 20 MB; markdown files may be at most 16 MB"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error[encoding]: this .md file holds binary data, not text"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_one_megabyte_line_and_nul_escapes() {
    let site = TestSite::new()
        .file(
            "content/long.md",
            &format!("# Long\n\n{}\n", "x".repeat(1024 * 1024)),
        )
        .file(
            "content/nul.md",
            "---\ntitle: \"a\\u0000b\"\ndescription: \"c\\u0000d\"\n---\n\nText.\n",
        );
    let run = site.build(&[]);
    no_panic(&run);
    run.assert_success();
    let html = site.read("public/nul/index.html");
    assert!(!html.contains('\0'), "no NUL reaches the HTML");
    assert!(html.contains("a\u{FFFD}b"));
}

#[test]
fn file_names_with_spaces_and_non_ascii_letters() {
    let site = TestSite::new()
        .file("content/index.md", "# Home\n\n[café](my%20notes/café%20au%20lait.md) and [raw](<my notes/café au lait.md>)\n")
        .file("content/my notes/café au lait.md", "# Café?\n\n![pic](<photo 1.png>)\n")
        .file("content/my notes/photo 1.png", "png");
    let run = site.build(&[]);
    no_panic(&run);
    run.assert_success();
    assert!(site.exists("public/my notes/café au lait/index.html"));
    let home = site.read("public/index.html");
    assert!(
        home.contains("href=\"/my%20notes/caf%C3%A9%20au%20lait/\""),
        "{home}"
    );
    assert!(
        site.read("public/my notes/café au lait/index.html")
            .contains("src=\"/my%20notes/photo%201.png\"")
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported() {
    let site = TestSite::new().file("content/index.md", "# Home\n");
    std::os::unix::fs::symlink(
        site.path().join("content"),
        site.path().join("content/loop"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = site.build(&[]);
    no_panic(&run);
    assert!(
        run.stderr.contains("symbolic link loop") || run.stderr.contains("loop"),
        "{}",
        run.stderr
    );
}

#[test]
fn nothing_is_written_outside_the_output_folder() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: A\nslug: ..\naliases: [\"../../escape\", \"/../up\"]\n---\n# A\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\naliases: [\"ok/old\"]\n---\n# B\n",
        );
    let before = list_files(site.path());
    let run = site.build(&[]);
    no_panic(&run);
    run.assert_code(1);
    assert_eq!(
        list_files(site.path()),
        before,
        "a failed build writes nothing anywhere"
    );
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    use std::time::Duration;
    let mut site = TestSite::new().file("content/index.md", "# Version one\n");
    for i in 0..300 {
        site = site.file(
            &format!("content/p{i}.md"),
            &format!("# Page {i}?\n\n```python\nx = {i}\n```\n"),
        );
    }
    site.build(&[]).assert_success();
    let complete = list_files(&site.path().join("public"));
    let site = site.file("content/index.md", "# Version two\n");
    // What a finished build of the new version writes, built elsewhere.
    site.build(&["--output", "expected-new"]).assert_success();
    let complete_new = list_files(&site.path().join("expected-new"));
    for delay_ms in [5u64, 20, 40, 80, 120, 200, 300] {
        let mut child = crate::support::spawn_build(site.path());
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = list_files(&site.path().join("public"));
        assert!(
            now == complete || now == complete_new,
            "after a kill at {delay_ms} ms the site is the old or the new one, whole"
        );
        let home = site.read("public/index.html");
        assert!(
            home.contains("Version one") || home.contains("Version two"),
            "a whole page, old or new"
        );
    }
}

#[test]
fn control_characters_reach_no_generated_file() {
    let site = TestSite::empty()
        .file(
            "site.toml",
            "title = \"KB\\u0007\"\nbase_url = \"https://example.org/\"\ndescription = \"About\\u001b[31m us\"\n",
        )
        .file("content/index.md", "# Home\n\n[q](q.md)\n")
        .bytes(
            "content/q.md",
            b"---\ntitle: \"Q\\u0001?\"\ndescription: \"Desc\\u0008ription\"\ndate: 2025-01-01\ntags: [\"t\\u0002ag\"]\n---\n# Q\x01?\n\n!!! info \"In short\"\n    The \x1b[2J answer\x0b with \x7f controls.\n\nBody \x02 text.\n",
        );
    let run = site.build(&[]);
    run.assert_success();
    for file in list_files(&site.path().join("public")) {
        let bytes = std::fs::read(site.path().join("public").join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{file} holds {bad:?}");
    }
    assert!(site.read("public/q/index.html").contains("answer"));
}

#[test]
fn a_page_deep_in_folders_has_a_bounded_number_of_links() {
    let links = |depth: usize| {
        let dir: String = (0..depth).map(|i| format!("d{i}/")).collect();
        let site = TestSite::new()
            .file("content/index.md", "# Home\n")
            .file(&format!("content/{dir}q.md"), "# Deep?\n\nText.\n");
        site.build(&[]).assert_success();
        let html = site.read(&format!("public/{dir}q/index.html"));
        assert!(html.contains("Deep?"));
        // Links are what grew with depth (sidebar levels, breadcrumbs);
        // each link's length is bounded by the path's.
        html.matches("<a ").count()
    };
    let shallow = links(8);
    let deep = links(300);
    assert!(
        deep <= shallow + 2,
        "{deep} links at depth 300, {shallow} at depth 8"
    );
}

#[cfg(unix)]
#[test]
fn diagnostics_cannot_drive_the_terminal() {
    // A file name holding an escape sequence, and a broken link in it.
    let site = TestSite::new().file("content/index.md", "# Home\n").file(
        "content/a\u{1b}[2Jb.md",
        "# Q?\n\n[x](missing\u{1b}[31m.md)\n",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("broken-link"), "{}", run.stderr);
    let github = site.build(&["--format", "github"]);
    assert!(!github.stdout.contains('\u{1b}'), "{:?}", github.stdout);
}
