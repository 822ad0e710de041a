//! Emoji and icon shortcodes (pymdownx.emoji) in whole builds: icons come
//! from the site's icon folder, each missing one is reported once where it
//! is first used, an icon file is an input of the up-to-date check, and
//! mkdocs.yml's Material settings name the folders.

use crate::support::TestSite;

const LOGO: &str = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M1 1h22v22H1z\"/></svg>\n";

fn site() -> TestSite {
    TestSite::new()
        .file("site.toml", "title = \"Emoji\"\n")
        .file(
            "content/index.md",
            "# Home\n\nShipped :rocket: with :kb-logo:{ .big } inside.\n",
        )
        .file(".icons/kb/logo.svg", LOGO)
}

#[test]
fn emoji_become_characters_and_icons_their_svg() {
    let site = site();
    site.build(&[]).assert_success();
    let page = site.main_of("public/index.html");
    assert!(page.contains("Shipped 🚀 with"), "{page}");
    assert!(
        page.contains("<span class=\"twemoji big\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\">"),
        "{page}"
    );
    assert!(!page.contains("<?xml"), "{page}");
}

#[test]
fn each_unknown_shortcode_is_reported_once_with_its_place() {
    let site = site()
        .file(
            "content/a.md",
            "# A?\n\nText.\n\nUse :material-check: here and :material-check: there.\n",
        )
        .file(
            "content/b.md",
            "# B?\n\nText :material-check: and :smiley_face_nope:.\n\nAt 10:30:45, key:val:x.\n",
        );
    let run = site.build(&[]);
    run.assert_success();
    assert_eq!(
        run.stderr.matches("warning[emoji]").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`:material-check:` names no emoji or icon (and 2 more times in the site)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/a.md:5:5"), "{}", run.stderr);
    assert!(run.stderr.contains("material/check.svg"), "{}", run.stderr);
    assert!(run.stderr.contains("content/b.md:3:27"), "{}", run.stderr);
    assert!(
        site.main_of("public/a/index.html")
            .contains("Use :material-check: here"),
        "the shortcode stays text"
    );
}

#[test]
fn a_changed_or_added_icon_is_a_changed_input() {
    let site = site().file("content/q.md", "# Q?\n\nText :kb-new: here.\n");
    site.build(&[]).assert_success();
    let again = site.build(&[]);
    assert!(again.stderr.contains("up to date:"), "{}", again.stderr);
    std::fs::write(
        site.path().join(".icons/kb/logo.svg"),
        LOGO.replace("M1 1", "M2 2"),
    )
    .unwrap();
    let changed = site.build(&[]);
    assert!(
        !changed.stderr.contains("up to date:"),
        "{}",
        changed.stderr
    );
    assert!(site.main_of("public/index.html").contains("M2 2"));
    // The icon a page asked for and did not find, made: the next build reads it.
    std::fs::write(site.path().join(".icons/kb/new.svg"), LOGO).unwrap();
    let added = site.build(&[]);
    assert!(!added.stderr.contains("up to date:"), "{}", added.stderr);
    assert!(!added.stderr.contains("warning[emoji]"), "{}", added.stderr);
}

#[test]
fn off_leaves_shortcodes_as_text() {
    let site = site().file(
        "site.toml",
        "title = \"Emoji\"\n\n[markdown]\nemoji = false\n",
    );
    site.build(&[]).assert_success();
    assert!(site.main_of("public/index.html").contains(":rocket:"));
}

#[test]
fn mkdocs_material_icon_folders_are_read() {
    let site = TestSite::empty()
        .file(
            "mkdocs.yml",
            "site_name: Icons\ntheme:\n  name: material\n  custom_dir: overrides\nmarkdown_extensions:\n  - attr_list\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n      options:\n        custom_icons:\n          - extra_icons\n",
        )
        .file("docs/index.md", "# Home\n\n:kb-logo: and :brand-mark: :smile:\n")
        .file("overrides/.icons/kb/logo.svg", LOGO)
        .file("extra_icons/brand/mark.svg", "<svg id=\"mark\"></svg>");
    let run = site.build(&[]);
    run.assert_success();
    let page = site.main_of("public/index.html");
    assert!(page.contains("viewBox=\"0 0 24 24\""), "{page}");
    assert!(page.contains("<svg id=\"mark\"></svg>"), "{page}");
    assert!(page.contains("😄"), "{page}");
    // Without pymdownx.emoji listed, MkDocs leaves shortcodes as text.
    let plain = TestSite::empty()
        .file("mkdocs.yml", "site_name: Plain\n")
        .file("docs/index.md", "# Home\n\n:smile:\n");
    plain.build(&[]).assert_success();
    assert!(plain.main_of("public/index.html").contains(":smile:"));
}
