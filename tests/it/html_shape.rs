//! HTML compared the way the conformance suites judge it: the same
//! element structure, classes, attributes and text, whitespace between tags
//! ignored; code blocks by their text (kbgen highlights its own way), and
//! heading ids and permalinks left out (a site's slug style decides them).

use scraper::{ElementRef, Html, Node};

/// A comparable shape of an HTML fragment.
#[derive(Debug, PartialEq, Eq)]
pub enum Shape {
    Element {
        name: String,
        attributes: Vec<(String, String)>,
        children: Vec<Shape>,
    },
    Text(String),
    /// A code block, compared by its text only.
    Code(String),
}

/// Text with whitespace runs made one space, and without U+FE0F: an emoji's
/// presentation selector (kbgen writes `❤️`, fully qualified, where
/// pymdownx's index has `❤`) is how a character is drawn, not what it is.
fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{fe0f}', "")
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
    // Python-Markdown wraps highlighted code in `div.highlight`, kbgen in `div.code-block`.
    // A `<pre>` of its own class (`pre.mermaid`) is a diagram's source for
    // a script: compared whole, as any element.
    let code_pre = name == "pre" && classes.iter().all(|c| *c == "highlight");
    // Highlighted inline code (`code.highlight`) too is compared by its text.
    let highlighted_code = name == "code" && classes.contains(&"highlight");
    if code_pre
        || highlighted_code
        || classes.contains(&"code-block")
        || (name == "div" && classes.contains(&"highlight"))
    {
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

pub fn shape(html: &str) -> Vec<Shape> {
    let fragment = Html::parse_fragment(html);
    shape_children(fragment.root_element())
}
