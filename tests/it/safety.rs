//! kbgen touches nothing that is not its own: the output folder is only
//! replaced when kbgen made it, and never when it is, holds or lies inside
//! the site's sources.

use crate::support::{TestSite, list_files};

fn site_with_user_files() -> TestSite {
    TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("userdocs/notes.txt", "my notes")
        .file("userdocs/deep/plan.md", "my plan")
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file("templates/base.html.bak", "mine")
        .file("static/logo.svg", "<svg/>")
}

#[test]
fn an_unrelated_output_folder_is_refused_and_kept() {
    let site = site_with_user_files();
    let before = list_files(site.path());
    let run = site.build(&["--output", "userdocs"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("it holds files kbgen did not make (deep, notes.txt)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(list_files(site.path()), before, "nothing changed");
}

#[test]
fn the_repository_templates_and_static_folders_are_never_outputs() {
    let site = site_with_user_files();
    let before = list_files(site.path());
    for (output, reason) in [
        (".git", "`.git`"),
        ("templates", "the site's templates"),
        ("static", "the site's static files"),
        ("static/site", "inside the site's static files"),
        ("content", "the content folder"),
        ("./content/../content/x", "inside the content folder"),
        (".", "the site's own folder"),
        ("..", "which publishing would delete"),
        (".kbgen-cache", "the cache folder"),
    ] {
        for force in [false, true] {
            let mut args = vec!["--output", output];
            if force {
                args.push("--force");
            }
            let run = site.build(&args);
            run.assert_code(2);
            assert!(
                run.stderr.contains(reason),
                "--output {output}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(list_files(site.path()), before, "nothing changed");
    let site = site.file(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\noutput_dir = \"static\"\n",
    );
    let run = site.build(&[]);
    run.assert_code(2);
    assert!(site.exists("static/logo.svg"));
}

#[test]
fn force_replaces_a_folder_kbgen_did_not_make() {
    let site = site_with_user_files();
    site.build(&["--output", "userdocs", "--force"])
        .assert_success();
    assert!(!site.exists("userdocs/notes.txt"));
    assert!(site.exists("userdocs/index.html"));
    assert!(site.exists("userdocs/.kbgen-output"));
}

#[test]
fn a_folder_kbgen_made_is_replaced_build_after_build() {
    let site = site_with_user_files();
    site.build(&[]).assert_success();
    assert!(site.exists("public/.kbgen-output"));
    let site = site.file("content/index.md", "# Home again\n");
    site.build(&[]).assert_success();
    assert!(site.read("public/index.html").contains("Home again"));
    // An output from before the marker is known by the build record.
    std::fs::remove_file(site.path().join("public/.kbgen-output")).unwrap();
    let site = site.file("content/index.md", "# Home, third\n");
    site.build(&[]).assert_success();
    assert!(site.read("public/index.html").contains("Home, third"));
}

#[test]
fn an_empty_folder_may_be_the_output() {
    let site = site_with_user_files();
    std::fs::create_dir_all(site.path().join("empty")).unwrap();
    site.build(&["--output", "empty"]).assert_success();
    assert!(site.exists("empty/index.html"));
}

/// Every file below `dir` with its bytes, to see that nothing changed.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

#[test]
fn tags_made_of_dots_and_slashes_stay_inside_the_output() {
    // The site two folders down, with an index.html of the user's above it.
    let outer = TestSite::empty()
        .file("index.html", "the user's own page")
        .file("a/index.html", "another")
        .file("a/b/site/site.toml", crate::support::SITE_TOML)
        .file("a/b/site/content/index.md", "# Home\n\n[t](t.md)\n")
        .file(
            "a/b/site/content/t.md",
            "---\ntags: [\"../../..\", \"..\", \".\", \"/\", \"a\\u0000b\", \"C++\"]\n---\n# Tagged?\n",
        );
    let before = snapshot(outer.path());
    let root = outer.path().join("a/b/site");
    let run = crate::support::run_in(&root, &["build"]);
    run.assert_success();
    let after: Vec<(String, Vec<u8>)> = snapshot(outer.path())
        .into_iter()
        .filter(|(f, _)| {
            !f.starts_with("a/b/site/public/") && !f.starts_with("a/b/site/.kbgen-cache/")
        })
        .collect();
    assert_eq!(after, before, "nothing outside the output changed");
    let tags = list_files(&root.join("public/tags"));
    assert_eq!(tags.len(), 7, "six tag pages and the tags page: {tags:?}");
    let page = std::fs::read_to_string(root.join("public/t/index.html")).unwrap();
    assert!(!page.contains('\0'));
    assert!(tags.contains(&"ab/index.html".to_owned()), "{tags:?}");
}

#[test]
fn impossible_output_paths_are_errors_at_their_line() {
    let long = "x".repeat(300);
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file(
            "content/a.md",
            "---\ntitle: A\nslug: robots.txt\n---\n# A?\n",
        )
        .file(
            "content/sitemap.xml.md",
            "# A page named like the sitemap?\n",
        )
        .file(
            "content/long.md",
            &format!("---\ntitle: L\nslug: {long}\n---\n# L?\n"),
        );
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.assert_code(1);
        assert!(
            run.stderr.contains("content/a.md:3:1") && run.stderr.contains("`robots.txt`"),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("content/sitemap.xml.md:1:1")
                && run.stderr.contains("needs a folder of that name"),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("content/long.md:3:")
                && run.stderr.contains("longer than file systems allow"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!site.exists("public"));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_left_out_of_static_and_templates() {
    use std::os::unix::fs::symlink;
    let outside = TestSite::empty()
        .file("secret.txt", "TOP-SECRET")
        .file("keys/host_key", "PRIVATE KEY")
        .file("page.html", "{{ secret }}TOP-SECRET");
    let site = TestSite::new()
        .file("content/index.md", "# Home\n")
        .file("static/ok.txt", "fine")
        .file("shared/logo.svg", "<svg/>");
    symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/p.txt"),
    )
    .unwrap();
    symlink(outside.path().join("keys"), site.path().join("static/ssh")).unwrap();
    symlink(
        outside.path().join("page.html"),
        site.path().join("templates-page.html"),
    )
    .unwrap();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    symlink(
        outside.path().join("page.html"),
        site.path().join("templates/page.html"),
    )
    .unwrap();
    // A link that stays inside the site is followed.
    symlink(
        site.path().join("shared/logo.svg"),
        site.path().join("static/logo.svg"),
    )
    .unwrap();
    let run = site.build(&[]);
    run.assert_success();
    for link in ["static/p.txt", "static/ssh", "templates/page.html"] {
        assert!(
            run.stderr.contains(&format!("warning[symlink]: symbolic link points outside the site's folder; left out\n = in {link}")),
            "{link}: {}",
            run.stderr
        );
    }
    let published = list_files(&site.path().join("public"));
    assert!(published.contains(&"ok.txt".to_owned()));
    assert!(published.contains(&"logo.svg".to_owned()), "{published:?}");
    assert!(
        !published
            .iter()
            .any(|f| f == "p.txt" || f.starts_with("ssh/"))
    );
    for file in &published {
        let bytes = std::fs::read(site.path().join("public").join(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("PRIVATE KEY"),
            "{file}"
        );
    }
}

/// A tmpfs mounted on a folder, unmounted when dropped.
#[cfg(target_os = "linux")]
struct Mount(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_mount_point_is_updated_in_place() {
    use std::io::Write as _;
    let site = TestSite::new()
        .file("content/index.md", "# Version one\n\n[a](a.md)\n")
        .file("content/a.md", "# A?\n");
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "tmpfs"])
        .arg(&public)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        let _ = writeln!(
            std::io::stderr(),
            "\nskipped safety::an_output_that_is_a_mount_point_is_updated_in_place: mounting a tmpfs needs root"
        );
        return;
    }
    let _mount = Mount(public.clone());
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("was updated file by file, not swapped whole: it is a mount point"),
        "{}",
        run.stderr
    );
    assert!(site.read("public/index.html").contains("Version one"));
    let site = site
        .file("content/index.md", "# Version two\n")
        .file("content/b.md", "# B?\n");
    std::fs::remove_file(site.path().join("content/a.md")).unwrap();
    site.build(&[]).assert_success();
    assert!(site.read("public/index.html").contains("Version two"));
    assert!(site.exists("public/b/index.html"));
    assert!(!site.exists("public/a/index.html"), "old pages are removed");
    assert!(site.exists("public/.kbgen-output"));
    let leftovers: Vec<String> = list_files(site.path())
        .into_iter()
        .filter(|f| f.contains(".kbgen-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Temporary folders and files a build left beside the output or in the cache.
fn leftovers(site: &TestSite) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kbgen-new-"))
        .collect();
    if let Ok(cache) = std::fs::read_dir(site.path().join(".kbgen-cache")) {
        found.extend(
            cache
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp")),
        );
    }
    found
}

fn many_pages() -> TestSite {
    let mut site = TestSite::new().file("content/index.md", "# Home\n");
    for i in 0..400 {
        site = site.file(
            &format!("content/p{i}.md"),
            &format!("# Page {i}?\n\n```python\nx = {i}  # {i}\n```\n"),
        );
    }
    site
}

#[cfg(unix)]
#[test]
fn killed_builds_leave_nothing_behind_after_the_next_build() {
    let site = many_pages();
    let mut killed_mid_build = 0;
    for delay_ms in [20u64, 60, 100, 150, 200, 300, 400, 600] {
        let mut child = crate::support::spawn_build(site.path());
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if !leftovers(&site).is_empty() {
            killed_mid_build += 1;
        }
    }
    assert!(killed_mid_build > 0, "no kill landed mid-build");
    site.build(&[]).assert_success();
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_temporary_files() {
    use std::process::Command;
    let site = many_pages();
    for (signal, delay_ms) in [("INT", 80u64), ("TERM", 150), ("INT", 250), ("TERM", 350)] {
        let mut child = crate::support::spawn_build(site.path());
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert_eq!(
            leftovers(&site),
            Vec::<String>::new(),
            "after SIG{signal} at {delay_ms} ms ({status})"
        );
        std::fs::remove_dir_all(site.path().join("public")).ok();
    }
}

#[test]
fn generated_pages_move_aside_for_the_authors_own() {
    // An MkDocs docs site with its own `search/` and `tags/` sections and a
    // page `graph/flow.md` beside a folder `graph/flow/`.
    let site = TestSite::new()
        .file("content/index.md", "# Docs\n\n[s](search/index.md) [t](tags/index.md) [f](graph/flow.md) [x](graph/flow/x.md)\n")
        .file("content/search/index.md", "# Search settings\n\nHow to configure search.\n")
        .file("content/search/ranking.md", "---\ntags: [search]\n---\n# Ranking\n\nBody.\n")
        .file("content/tags/index.md", "# Tagging guide\n\nBody.\n")
        .file("content/graph/flow.md", "# Flow\n\nBody.\n")
        .file("content/graph/flow/x.md", "# X\n\nBody.\n");
    let run = site.build(&[]);
    run.assert_success();
    assert!(!run.stderr.contains("output-clash"), "{}", run.stderr);
    assert!(
        site.read("public/search/index.html")
            .contains("Search settings")
    );
    assert!(
        site.read("public/tags/index.html")
            .contains("Tagging guide")
    );
    assert!(site.read("public/graph/flow/index.html").contains("Body."));
    // kbgen's own pages, moved aside and linked from every page.
    let search = site.read("public/kbgen-search/index.html");
    assert!(search.contains("data-search=\"kbgen-search\""), "{search}");
    assert!(site.exists("public/kbgen-search/index.json"));
    assert!(!site.exists("public/search/index.json"));
    assert!(site.exists("public/kbgen-tags/search/index.html"));
    let home = site.read("public/index.html");
    assert!(home.contains("action=\"/kbgen-search/\""), "{home}");
    assert!(home.contains("href=\"/kbgen-tags/\""), "{home}");
}
