//! A second build with nothing changed writes nothing and says so; any
//! change to an input, or to the output folder, makes a real build again.

use std::path::Path;
use std::time::SystemTime;

use crate::support::{Run, TestSite, list_files};

const UP_TO_DATE: &str = "up to date:";

fn site() -> TestSite {
    let article = |title: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndescription: \"About it\"\n---\n\n# {title}\n\n!!! info \"In short\"\n    Yes.\n\n```python\nprint(1)\n```\n"
        )
    };
    TestSite::new()
        .file("content/index.md", "# Home\n\n[a](a.md) [b](b.md)\n")
        .file("content/a.md", &article("Is it the same?"))
        // The same question twice: a warning every build must report.
        .file("content/b.md", &article("Is it the same?"))
        .file(
            "content/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
}

fn modified_times(dir: &Path) -> Vec<(String, SystemTime)> {
    list_files(dir)
        .into_iter()
        .map(|file| {
            let modified = std::fs::metadata(dir.join(&file))
                .and_then(|m| m.modified())
                .unwrap();
            (file, modified)
        })
        .collect()
}

/// What a build printed, without its last line (timing and wording differ).
fn reported(run: &Run) -> String {
    let lines: Vec<&str> = run.stderr.lines().collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

#[track_caller]
fn assert_rebuilt(run: &Run) {
    run.assert_success();
    assert!(!run.stderr.contains(UP_TO_DATE), "{}", run.stderr);
}

#[test]
fn a_second_build_writes_nothing_and_replays_the_warnings() {
    let site = site();
    let first = site.build(&[]);
    first.assert_success();
    assert!(first.stderr.contains("warning[duplicate-question]"));
    assert!(
        first.stderr.contains("hints: run `kbgen check`"),
        "{}",
        first.stderr
    );
    let before = modified_times(&site.path().join("public"));
    let second = site.build(&[]);
    second.assert_success();
    assert!(second.stderr.contains(UP_TO_DATE), "{}", second.stderr);
    assert_eq!(
        reported(&second),
        reported(&first),
        "same warnings, same number of hints"
    );
    assert_eq!(modified_times(&site.path().join("public")), before);
    // --strict turns the replayed warnings into errors, as a full build would.
    let strict = site.build(&["--strict"]);
    strict.assert_code(1);
    assert!(
        strict.stderr.contains("error[duplicate-question]")
            && strict.stderr.contains("hints: run `kbgen check`"),
        "{}",
        strict.stderr
    );
    assert_eq!(modified_times(&site.path().join("public")), before);
}

#[test]
fn changed_inputs_build_again() {
    let site = site();
    site.build(&[]).assert_success();
    let site = site.file("content/a.md", "# Is it different?\n");
    assert_rebuilt(&site.build(&[]));
    assert!(
        site.read("public/a/index.html")
            .contains("Is it different?")
    );
    let site = site.file(
        "content/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>",
    );
    assert_rebuilt(&site.build(&[]));
    assert!(site.read("public/img/logo.svg").contains("<g/>"));
    let site = site.file(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Gone{% endblock %}",
    );
    assert_rebuilt(&site.build(&[]));
    assert!(site.read("public/404.html").contains("Gone"));
    assert_rebuilt(&site.build(&["--base-url", "https://example.net/kb/"]));
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://example.net/kb/")
    );
    assert!(
        site.build(&["--base-url", "https://example.net/kb/"])
            .stderr
            .contains(UP_TO_DATE)
    );
}

#[test]
fn a_touched_output_folder_is_built_again() {
    let site = site();
    site.build(&[]).assert_success();
    let expected = site.read("public/a/index.html");
    // Edited by hand...
    let site = site.file("public/a/index.html", "changed");
    assert_rebuilt(&site.build(&[]));
    assert_eq!(site.read("public/a/index.html"), expected);
    // ...a stray file added...
    let site = site.file("public/stray.html", "x");
    assert_rebuilt(&site.build(&[]));
    assert!(!site.exists("public/stray.html"));
    // ...a file deleted...
    std::fs::remove_file(site.path().join("public/b/index.html")).unwrap();
    assert_rebuilt(&site.build(&[]));
    assert!(site.exists("public/b/index.html"));
    // ...or the record lost with the cache folder.
    std::fs::remove_dir_all(site.path().join(".kbgen-cache")).unwrap();
    assert_rebuilt(&site.build(&[]));
    assert!(site.build(&[]).stderr.contains(UP_TO_DATE));
}

#[test]
fn a_failed_build_is_never_taken_for_up_to_date() {
    let site = site();
    site.build(&[]).assert_success();
    let site = site.file("content/a.md", "# A\n\n[broken](missing.md)\n");
    site.build(&[]).assert_code(1);
    site.build(&[]).assert_code(1);
    let site = site.file("content/a.md", "# Is it the same?\n");
    assert_rebuilt(&site.build(&[]));
}
