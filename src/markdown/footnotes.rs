//! Footnotes in Python-Markdown's markup, which Material for MkDocs styles
//! and links: each reference a `sup#fnref:ID` holding `a.footnote-ref`,
//! numbered in the order the footnotes are defined, and all definitions
//! gathered at the end of the page in `div.footnote` (a rule, then an
//! ordered list of `li#fn:ID`), each ending with a `a.footnote-backref`
//! per reference. pulldown-cmark finds the footnotes; this shapes them.

use pulldown_cmark::{Event, TagEnd};

use crate::escape::html_attribute;

/// The footnotes extension's options, as Python-Markdown names them
/// (`BACKLINK_TEXT` is `backlink_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteSettings {
    /// The back-link's content, as HTML.
    pub backlink_text: String,
    /// The back-link's title; `%d` or `{}` is the footnote's number.
    pub backlink_title: String,
    /// The reference's text; `{}` is the number.
    pub superscript_text: String,
    /// Between `fn`/`fnref` and the label in ids.
    pub separator: String,
    /// Numbered in the order defined (else in the order first referenced).
    pub use_definition_order: bool,
}

impl Default for FootnoteSettings {
    fn default() -> Self {
        Self {
            backlink_text: "&#8617;".to_owned(),
            backlink_title: "Jump back to footnote {} in the text".to_owned(),
            superscript_text: "{}".to_owned(),
            separator: ":".to_owned(),
            use_definition_order: true,
        }
    }
}

/// The footnotes of a page while it is walked.
#[derive(Debug, Default)]
pub struct Footnotes {
    settings: FootnoteSettings,
    /// Definitions in the order written (a label defined twice keeps its first).
    definitions: Vec<(String, Vec<Event<'static>>)>,
    /// How many times each label has been referenced so far.
    references: std::collections::HashMap<String, usize>,
    /// Labels in the order first referenced.
    referenced: Vec<String>,
    /// Each label's number, worked out once the page is walked.
    numbers: std::cell::OnceCell<std::collections::HashMap<String, usize>>,
}

impl Footnotes {
    pub fn new(settings: FootnoteSettings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    /// The id `fn:LABEL` or `fnrefN:LABEL`, with the settings' separator.
    fn id(&self, prefix: &str, label: &str) -> String {
        format!("{prefix}{}{label}", self.settings.separator)
    }

    fn reference_id(&self, label: &str, nth: usize) -> String {
        match nth {
            0 | 1 => self.id("fnref", label),
            n => self.id(&format!("fnref{n}"), label),
        }
    }

    /// Definitions in the order they are numbered.
    fn numbered(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.definitions.len()).collect();
        if !self.settings.use_definition_order {
            let first_use = |index: &usize| {
                let label = self.definitions.get(*index).map(|(l, _)| l.as_str());
                self.referenced
                    .iter()
                    .position(|r| Some(r.as_str()) == label)
                    .unwrap_or(usize::MAX)
            };
            order.sort_by_key(|index| (first_use(index), *index));
        }
        order
    }
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
        if *count == 1 {
            self.referenced.push(label.to_owned());
        }
        internal_reference_id(label, *count)
    }

    /// The ids the footnotes give the page.
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.definitions.iter().flat_map(move |(label, _)| {
            let refs = self.references.get(label).copied().unwrap_or(0).max(1);
            std::iter::once(self.id("fn", label))
                .chain((1..=refs).map(move |n| self.reference_id(label, n)))
        })
    }

    /// The reference markup, once every definition is known; `None` for a
    /// label nothing defines (pulldown-cmark keeps those as text).
    pub fn reference_html(&self, label: &str, nth: usize) -> Option<String> {
        let numbers = self.numbers.get_or_init(|| {
            self.numbered()
                .iter()
                .enumerate()
                .filter_map(|(number, index)| {
                    let (label, _) = self.definitions.get(*index)?;
                    Some((label.clone(), number + 1))
                })
                .collect()
        });
        let number = *numbers.get(label)?;
        let text = self
            .settings
            .superscript_text
            .replace("{}", &number.to_string());
        Some(format!(
            "<sup id=\"{}\"><a class=\"footnote-ref\" href=\"#{}\">{}</a></sup>",
            html_attribute(&self.reference_id(label, nth)),
            html_attribute(&self.id("fn", label)),
            crate::escape::html_text(&text)
        ))
    }

    /// Puts the markup of every reference into `events`, in place of the
    /// walker's marked references and placeholders.
    pub fn resolve_references(&self, events: &mut [Event<'_>]) {
        for event in events {
            match event {
                Event::FootnoteReference(marked) => {
                    let (id, label) = marked.split_once('\u{1}').unwrap_or(("", marked));
                    *event = match self.reference_html(label, nth_of(id)) {
                        Some(html) => Event::InlineHtml(html.into()),
                        None => Event::Text(format!("[^{label}]").into()),
                    };
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    if let Some(filled) = self.fill_placeholders(html) {
                        *html = filled.into();
                    }
                }
                _ => {}
            }
        }
    }

    /// `div.footnote` with every definition, as events; empty without any.
    pub fn section(mut self) -> Vec<Event<'static>> {
        if self.definitions.is_empty() {
            return Vec::new();
        }
        // References inside definitions (a footnote citing another) too.
        let mut bodies: Vec<Vec<Event<'static>>> = self
            .definitions
            .iter_mut()
            .map(|(_, body)| std::mem::take(body))
            .collect();
        for body in &mut bodies {
            self.resolve_references(body);
        }
        for ((_, body), resolved) in self.definitions.iter_mut().zip(bodies) {
            *body = resolved;
        }
        let order = self.numbered();
        let mut slots: Vec<Option<(String, Vec<Event<'static>>)>> =
            std::mem::take(&mut self.definitions)
                .into_iter()
                .map(Some)
                .collect();
        let definitions: Vec<(String, Vec<Event<'static>>)> = order
            .iter()
            .filter_map(|index| slots.get_mut(*index).and_then(Option::take))
            .collect();
        let title = self.settings.backlink_title.replace("%d", "{}");
        let mut events = vec![Event::Html(
            "<div class=\"footnote\">\n<hr />\n<ol>\n".into(),
        )];
        for (index, (label, mut body)) in definitions.into_iter().enumerate() {
            let refs = self.references.get(&label).copied().unwrap_or(0).max(1);
            let mut backrefs = String::from("&#160;");
            let title = title.replace("{}", &(index + 1).to_string());
            for n in 1..=refs {
                backrefs.push_str(&format!(
                    "<a class=\"footnote-backref\" href=\"#{}\" title=\"{}\">{}</a>",
                    html_attribute(&self.reference_id(&label, n)),
                    html_attribute(&title),
                    self.settings.backlink_text
                ));
            }
            events.push(Event::Html(
                format!("<li id=\"{}\">\n", html_attribute(&self.id("fn", &label))).into(),
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

/// The walker's own mark of a reference (`fnref3:x`), whatever the separator.
fn internal_reference_id(label: &str, nth: usize) -> String {
    match nth {
        0 | 1 => format!("fnref:{label}"),
        n => format!("fnref{n}:{label}"),
    }
}
