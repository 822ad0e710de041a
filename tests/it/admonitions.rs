//! Conformance with Python-Markdown's admonitions: every case in
//! `../shared/admonitions/` renders to the same element structure, classes,
//! attributes and text as the reference HTML, under the rules of its README
//! (code blocks compare by text; heading ids and permalinks may differ).

use std::path::PathBuf;

use crate::html_shape::shape;

fn cases_dir() -> Option<PathBuf> {
    crate::support::shared_data("admonitions", "KBGEN_ADMONITION_CASES")
}

#[test]
fn every_case_matches_python_markdown() {
    let Some(dir) = cases_dir() else { return };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the admonition cases in {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 27,
        "expected the admonition cases in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let markdown = std::fs::read_to_string(case).unwrap_or_default();
        let expected = std::fs::read_to_string(case.with_extension("html")).unwrap_or_default();
        let actual = kbgen::markdown::render_standalone(&markdown).html;
        if shape(&actual) != shape(&expected) {
            failures.push(format!(
                "{}\n--- expected\n{expected}\n--- kbgen\n{actual}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
