//! Structured data (schema.org JSON-LD): FAQPage, BreadcrumbList, WebSite.
//! The JSON is escaped so that nothing in a title or answer can end the
//! `<script>` element it is printed in.

use serde_json::{Value, json};

use super::FaqEntry;

/// JSON for use inside `<script type="application/ld+json">`: `<`, `>` and
/// `&` become `\u003c` and friends (so `</script>` and `<!--` cannot appear),
/// and so do U+2028/U+2029, which some JavaScript parsers treat as newlines.
pub fn to_script_json(value: &Value) -> String {
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A FAQPage with one Question per entry.
pub fn faq_page(entries: &[FaqEntry]) -> Value {
    let questions: Vec<Value> = entries
        .iter()
        .map(|entry| {
            json!({
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": { "@type": "Answer", "text": entry.answer },
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions,
    })
}

/// One step of a breadcrumb trail, with an absolute URL where the site has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// A BreadcrumbList; the last crumb is the page itself.
pub fn breadcrumb_list(crumbs: &[Crumb<'_>]) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(index, crumb)| {
            json!({
                "@type": "ListItem",
                "position": index + 1,
                "name": crumb.name,
                "item": crumb.url,
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

/// The WebSite object for the home page.
pub fn web_site(name: &str, url: &str, description: Option<&str>, language: &str) -> Value {
    let mut site = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": language,
    });
    if let (Some(description), Some(object)) = (description, site.as_object_mut()) {
        object.insert(
            "description".to_owned(),
            Value::String(description.to_owned()),
        );
    }
    site
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_leave_the_script() {
        let entries = [FaqEntry {
            question: "</script><script>alert(1)</script> <!-- & \"q\" 😀".into(),
            answer: "line\u{2028}break\u{2029}para".into(),
        }];
        let json = to_script_json(&faq_page(&entries));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{2028}') && !json.contains('\u{2029}'));
        let back: Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back["mainEntity"][0]["name"], entries[0].question);
        assert_eq!(
            back["mainEntity"][0]["acceptedAnswer"]["text"],
            entries[0].answer
        );
    }

    #[test]
    fn breadcrumbs_are_numbered_from_one() {
        let list = breadcrumb_list(&[
            Crumb {
                name: "Home",
                url: "https://x/",
            },
            Crumb {
                name: "Q",
                url: "https://x/q/",
            },
        ]);
        assert_eq!(list["itemListElement"][1]["position"], 2);
    }
}
