//! Conformance with Python-Markdown's admonitions: every case in
//! `../shared/admonitions/` renders to the same element structure, classes,
//! attributes and text as the reference HTML, under the rules of its README
//! (code blocks compare by text; heading ids and permalinks may differ).

use std::path::PathBuf;

use scraper::{ElementRef, Html, Node};

fn cases_dir() -> Option<PathBuf> {
    crate::support::shared_data("admonitions", "KBGEN_ADMONITION_CASES")
}

/// A comparable shape of an HTML fragment.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    Element {
        name: String,
        attributes: Vec<(String, String)>,
        children: Vec<Shape>,
    },
    Text(String),
    /// A code block, compared by its text only.
    Code(String),
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shape_children(element: ElementRef<'_>) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                let text = collapse(text);
                if text.is_empty() {
                    continue;
                }
                // Adjacent text runs (split around dropped nodes) compare as one.
                if let Some(Shape::Text(previous)) = shapes.last_mut() {
                    previous.push(' ');
                    previous.push_str(&text);
                } else {
                    shapes.push(Shape::Text(text));
                }
            }
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    if let Some(shape) = shape_of(child) {
                        shapes.push(shape);
                    }
                }
            }
            _ => {}
        }
    }
    shapes
}

fn code_text(element: ElementRef<'_>) -> String {
    let code = element
        .select(&scraper::Selector::parse("pre").unwrap_or_else(|_| unreachable!()))
        .next()
        .unwrap_or(element);
    code.text().collect::<String>().trim_end().to_owned()
}

fn shape_of(element: ElementRef<'_>) -> Option<Shape> {
    let name = element.value().name().to_owned();
    let classes: Vec<&str> = element.value().classes().collect();
    if name == "pre" || classes.contains(&"code-block") {
        return Some(Shape::Code(code_text(element)));
    }
    // Permalink anchors are ours by design.
    if name == "a" && classes.contains(&"headerlink") {
        return None;
    }
    let is_heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    let mut attributes: Vec<(String, String)> = element
        .value()
        .attrs()
        .filter(|(key, _)| !(is_heading && *key == "id"))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    attributes.sort();
    Some(Shape::Element {
        name,
        attributes,
        children: shape_children(element),
    })
}

fn shape(html: &str) -> Vec<Shape> {
    let fragment = Html::parse_fragment(html);
    shape_children(fragment.root_element())
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
