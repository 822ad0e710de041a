//! Footnotes in Python-Markdown's markup, which Material for MkDocs styles
//! and links: each reference a `sup#fnref:ID` holding `a.footnote-ref`,
//! numbered in the order the footnotes are defined, and all definitions
//! gathered at the end of the page in `div.footnote` (a rule, then an
//! ordered list of `li#fn:ID`), each ending with a `a.footnote-backref`
//! per reference. pulldown-cmark finds the footnotes; this shapes them.

use pulldown_cmark::{Event, TagEnd};

use crate::escape::html_attribute;

/// The footnotes of a page while it is walked.
#[derive(Debug, Default)]
pub struct Footnotes {
    /// Definitions in the order written (a label defined twice keeps its first).
    definitions: Vec<(String, Vec<Event<'static>>)>,
    /// How many times each label has been referenced so far.
    references: std::collections::HashMap<String, usize>,
}

impl Footnotes {
    /// Keeps a definition's body (its events, already walked).
    pub fn define(&mut self, label: &str, body: Vec<Event<'_>>) {
        if self.definitions.iter().any(|(known, _)| known == label) {
            return;
        }
        let body = body.into_iter().map(Event::into_static).collect();
        self.definitions.push((label.to_owned(), body));
    }

    /// Counts a reference; its id (`fnref:ID`, then `fnref2:ID`, …).
    pub fn reference(&mut self, label: &str) -> String {
        let count = self.references.entry(label.to_owned()).or_insert(0);
        *count += 1;
        reference_id(label, *count)
    }

    /// The ids the footnotes give the page.
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.definitions.iter().flat_map(|(label, _)| {
            let refs = self.references.get(label).copied().unwrap_or(0).max(1);
            std::iter::once(format!("fn:{label}"))
                .chain((1..=refs).map(move |n| reference_id(label, n)))
        })
    }

    /// The reference markup, once every definition is known; `None` for a
    /// label nothing defines (pulldown-cmark keeps those as text).
    pub fn reference_html(&self, label: &str, nth: usize) -> Option<String> {
        let number = self
            .definitions
            .iter()
            .position(|(known, _)| known == label)?
            + 1;
        Some(format!(
            "<sup id=\"{}\"><a class=\"footnote-ref\" href=\"#fn:{}\">{number}</a></sup>",
            html_attribute(&reference_id(label, nth)),
            html_attribute(label)
        ))
    }

    /// `div.footnote` with every definition, as events; empty without any.
    pub fn section(self) -> Vec<Event<'static>> {
        if self.definitions.is_empty() {
            return Vec::new();
        }
        let mut events = vec![Event::Html(
            "<div class=\"footnote\">\n<hr />\n<ol>\n".into(),
        )];
        for (index, (label, mut body)) in self.definitions.into_iter().enumerate() {
            let refs = self.references.get(&label).copied().unwrap_or(0).max(1);
            let mut backrefs = String::from("&#160;");
            for n in 1..=refs {
                backrefs.push_str(&format!(
                    "<a class=\"footnote-backref\" href=\"#{}\" title=\"Jump back to footnote {} in the text\">&#8617;</a>",
                    html_attribute(&reference_id(&label, n)),
                    index + 1
                ));
            }
            events.push(Event::Html(
                format!("<li id=\"fn:{}\">\n", html_attribute(&label)).into(),
            ));
            // The backlinks end the last paragraph, or a paragraph of their own.
            if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
                let end = body.pop();
                body.push(Event::InlineHtml(backrefs.into()));
                body.extend(end);
            } else {
                body.push(Event::Html(
                    format!("<p>{}</p>\n", backrefs.trim_start_matches("&#160;")).into(),
                ));
            }
            events.extend(body);
            events.push(Event::Html("</li>\n".into()));
        }
        events.push(Event::Html("</ol>\n</div>\n".into()));
        events
    }
}

/// Marks a reference inside HTML made before the page is done (a
/// heading's); [`Footnotes::fill_placeholders`] numbers it. Control
/// characters never reach a page's text, so the mark cannot clash.
pub fn placeholder(id: &str, label: &str) -> String {
    format!("\u{2}{id}\u{1}{label}\u{3}")
}

impl Footnotes {
    /// `html` with its reference placeholders numbered; `None` without any.
    pub fn fill_placeholders(&self, html: &str) -> Option<String> {
        if !html.contains('\u{2}') {
            return None;
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find('\u{2}') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('\u{3}') else {
                out.push_str(after);
                return Some(out);
            };
            let (id, label) = after[..end]
                .split_once('\u{1}')
                .unwrap_or(("", &after[..end]));
            let nth = nth_of(id);
            match self.reference_html(label, nth) {
                Some(reference) => out.push_str(&reference),
                None => out.push_str(&crate::escape::html_text(&format!("[^{label}]"))),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Which reference to its footnote an id is (`fnref:x` 1, `fnref3:x` 3).
pub fn nth_of(id: &str) -> usize {
    id.strip_prefix("fnref")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

fn reference_id(label: &str, nth: usize) -> String {
    match nth {
        0 | 1 => format!("fnref:{label}"),
        n => format!("fnref{n}:{label}"),
    }
}
