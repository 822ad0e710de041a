//! Escaping text where it enters HTML, the same way pulldown-cmark escapes
//! the text it renders.

/// Text for an element's content: `&`, `<` and `>` escaped.
pub fn html_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut escaped, text);
    escaped
}

/// Text for a double-quoted attribute value: quotes escaped too.
pub fn html_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_text_and_attributes() {
        assert_eq!(html_text("<a> & \"b\""), "&lt;a&gt; &amp; \"b\"");
        assert_eq!(
            html_attribute("<a> & \"b\""),
            "&lt;a&gt; &amp; &quot;b&quot;"
        );
    }
}
