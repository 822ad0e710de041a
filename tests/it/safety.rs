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
