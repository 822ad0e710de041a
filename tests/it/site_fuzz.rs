//! A property test over whole generated sites: random folders, file names,
//! front matter, tags, slugs, aliases, static files and symbolic links,
//! built with random output folders. Whatever the input, kbgen exits with
//! 0, 1 or 2, never panics, and nothing outside its output folder and cache
//! changes: the tree around the site is compared byte for byte.
//!
//! CI runs a few dozen cases; `KBGEN_SITE_CASES` sets more for a long run.

use std::path::Path;

use proptest::prelude::*;

use crate::support::{TestSite, list_files, run_in};

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("index".to_owned()),
        Just("_index".to_owned()),
        Just("my notes".to_owned()),
        Just("café".to_owned()),
        Just("tags".to_owned()),
        Just("search".to_owned()),
        Just("assets".to_owned()),
        Just("sitemap.xml".to_owned()),
        Just("robots.txt".to_owned()),
        Just("404.html".to_owned()),
        Just("x".repeat(200)),
        "[a-z]{1,8}",
    ]
}

fn risky_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("../../..".to_owned()),
        Just("..".to_owned()),
        Just(".".to_owned()),
        Just("/".to_owned()),
        Just("/etc/passwd".to_owned()),
        Just("../escape".to_owned()),
        Just("a\\u0000b".to_owned()),
        Just("\\u001b[31m".to_owned()),
        Just("C++".to_owned()),
        Just("robots.txt".to_owned()),
        Just("sitemap.xml".to_owned()),
        Just("x".repeat(300)),
        Just(String::new()),
        "[a-zA-Z0-9 .-]{1,12}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# Question?\n\n".to_owned()),
        Just("!!! info \"In short\"\n    The answer.\n\n".to_owned()),
        Just("## See also\n\n- [Other](other.md)\n".to_owned()),
        Just("[up](../index.md) [file](pic.png) [abs](/a/)\n\n".to_owned()),
        Just("```python\nx = 1\n```\n\n".to_owned()),
        Just("1. a\n- b\n".to_owned()),
        Just("    !!! note\n".to_owned()),
        Just("text \u{1} \u{7f}\n".to_owned()),
        "[a-z ]{0,20}\n",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

fn page() -> impl Strategy<Value = (Vec<String>, String)> {
    let front = (
        proptest::option::of(risky_value()),
        proptest::collection::vec(risky_value(), 0..3),
        proptest::option::of(risky_value()),
        proptest::collection::vec(risky_value(), 0..2),
    )
        .prop_map(|(title, tags, slug, aliases)| {
            let quoted = |v: &String| format!("\"{}\"", v.replace('"', ""));
            let mut yaml = String::from("---\n");
            if let Some(title) = title {
                yaml.push_str(&format!("title: {}\n", quoted(&title)));
            }
            let tags: Vec<String> = tags.iter().map(quoted).collect();
            yaml.push_str(&format!("tags: [{}]\n", tags.join(", ")));
            if let Some(slug) = slug {
                yaml.push_str(&format!("slug: {}\n", quoted(&slug)));
            }
            let aliases: Vec<String> = aliases.iter().map(quoted).collect();
            yaml.push_str(&format!("aliases: [{}]\n---\n", aliases.join(", ")));
            yaml
        });
    (proptest::collection::vec(segment(), 1..4), front, body())
        .prop_map(|(path, front, body)| (path, format!("{front}{body}")))
}

#[derive(Debug, Clone)]
enum Link {
    /// A static file linked to a file outside the site.
    OutsideFile,
    /// A static folder linked to a folder outside the site.
    OutsideFolder,
    /// A content file linked to another place inside the site.
    Inside,
    /// A link to itself's folder (a loop).
    Loop,
}

fn link() -> impl Strategy<Value = Link> {
    prop_oneof![
        Just(Link::OutsideFile),
        Just(Link::OutsideFolder),
        Just(Link::Inside),
        Just(Link::Loop),
    ]
}

fn output() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("out")),
        Just(Some("deep/er/out")),
        Just(Some("static")),
        Just(Some("static/site")),
        Just(Some("content")),
        Just(Some("content/sub")),
        Just(Some("templates")),
        Just(Some(".")),
        Just(Some("..")),
        Just(Some("../outside-out")),
        Just(Some(".git")),
        Just(Some("userdocs")),
        Just(Some(".kbgen-cache")),
    ]
}

/// Every file below `dir` with its text, links as their targets.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.depth() > 0)
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?.display().to_string();
            let text = if e.path_is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).ok()?.display())
            } else if e.file_type().is_file() {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()).into_owned()
            } else {
                "<folder>".to_owned()
            };
            Some((relative, text))
        })
        .collect();
    files.sort();
    files
}

/// `a/b/../c` → `a/c/`: the output folder as a prefix of snapshot paths.
fn normalised(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("{}/", parts.join("/"))
}

/// The paths only one side has, or whose content differs.
fn differences(before: &[(String, String)], after: &[(String, String)]) -> Vec<String> {
    let mut changed: Vec<String> = Vec::new();
    for (path, text) in after {
        if !before.iter().any(|(p, t)| p == path && t == text) {
            changed.push(format!("+{path}"));
        }
    }
    for (path, _) in before {
        if !after.iter().any(|(p, _)| p == path) {
            changed.push(format!("-{path}"));
        }
    }
    changed
}

fn cases() -> u32 {
    std::env::var("KBGEN_SITE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn nothing_outside_the_output_changes(
        pages in proptest::collection::vec(page(), 0..6),
        links in proptest::collection::vec(link(), 0..3),
        output in output(),
        force in any::<bool>(),
    ) {
        let outer = TestSite::empty()
            .file("index.html", "the user's page above the site")
            .file("secret/key", "PRIVATE")
            .file("site/site.toml", crate::support::SITE_TOML)
            .file("site/content/index.md", "# Home\n")
            .file("site/static/ok.txt", "ok")
            .file("site/userdocs/notes.txt", "mine")
            .file("site/.git/HEAD", "ref: refs/heads/main\n");
        let site = outer.path().join("site");
        for (path, text) in &pages {
            let file = site.join("content").join(path.join("/")).with_extension("md");
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(&file, text);
        }
        #[cfg(unix)]
        for (i, link) in links.iter().enumerate() {
            use std::os::unix::fs::symlink;
            let _ = match link {
                Link::OutsideFile => symlink(outer.path().join("secret/key"), site.join(format!("static/key{i}"))),
                Link::OutsideFolder => symlink(outer.path().join("secret"), site.join(format!("static/dir{i}"))),
                Link::Inside => symlink(site.join("static/ok.txt"), site.join(format!("content/ok{i}.txt"))),
                Link::Loop => symlink(site.join("content"), site.join(format!("content/loop{i}"))),
            };
        }
        let before = snapshot(outer.path());
        let mut args = vec!["build"];
        if let Some(output) = output {
            args.extend(["--output", output]);
        }
        if force {
            args.push("--force");
        }
        let run = run_in(&site, &args);
        prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        prop_assert!(matches!(run.code, 0..=2), "exit {}: {}", run.code, run.stderr);
        let output_dir = normalised(&format!("site/{}", output.unwrap_or("public")));
        // What a successful build may change: its output folder, the
        // folders leading to it, and the cache.
        let ours = |path: &str, text: &str| {
            let inside = format!("{path}/").starts_with(&output_dir);
            let leading = text == "<folder>" && output_dir.starts_with(&format!("{path}/"));
            (run.code == 0 && (inside || leading)) || path.starts_with("site/.kbgen-cache")
        };
        let after: Vec<(String, String)> = snapshot(outer.path())
            .into_iter()
            .filter(|(path, text)| !ours(path, text))
            .collect();
        let before: Vec<(String, String)> = before
            .into_iter()
            .filter(|(path, text)| !ours(path, text))
            .collect();
        let changed = differences(&before, &after);
        prop_assert!(changed.is_empty(), "{:?} {:?} changed {:?}: {}", output, force, changed, run.stderr);
        if run.code == 0 {
            let published = list_files(&outer.path().join(&output_dir));
            for file in &published {
                let bytes = std::fs::read(outer.path().join(&output_dir).join(file)).unwrap_or_default();
                prop_assert!(!String::from_utf8_lossy(&bytes).contains("PRIVATE"), "{file}");
            }
        }
        let check = run_in(&site, &["check"]);
        prop_assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
        prop_assert!(matches!(check.code, 0..=2));
    }
}
