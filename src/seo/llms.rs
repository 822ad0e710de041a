//! `llms.txt` (the site's questions with their short answers, in the
//! llms.txt layout) and `llms-full.txt` (every article as clean markdown).

use crate::markdown::{Syntax, normalise_admonitions};

/// One question in `llms.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmsLink {
    pub title: String,
    pub url: String,
    pub answer: Option<String>,
}

/// A titled group of questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmsSection {
    pub title: String,
    pub links: Vec<LlmsLink>,
}

/// `# Title`, `> description`, then `## Section` with `- [Q](url): answer` lines.
pub fn llms_txt(title: &str, description: Option<&str>, sections: &[LlmsSection]) -> String {
    let mut text = format!("# {}\n", one_line(title));
    if let Some(description) = description {
        text.push_str(&format!("\n> {}\n", one_line(description)));
    }
    for section in sections.iter().filter(|s| !s.links.is_empty()) {
        text.push_str(&format!("\n## {}\n\n", one_line(&section.title)));
        for link in &section.links {
            text.push_str(&format!(
                "- [{}]({})",
                escape_link_text(&one_line(&link.title)),
                link.url
            ));
            if let Some(answer) = &link.answer {
                text.push_str(": ");
                text.push_str(&one_line(answer));
            }
            text.push('\n');
        }
    }
    text
}

/// One article of `llms-full.txt`: its title, address and body as markdown,
/// with admonitions as block quotes and no page furniture.
pub fn full_article(title: &str, url: &str, body: &str, syntax: Syntax) -> String {
    let body = strip_furniture(body);
    let body = normalise_admonitions(&body, syntax);
    format!(
        "# {}\n\nSource: {url}\n\n{}\n",
        one_line(title),
        squeeze_blank_lines(body.trim())
    )
}

/// Drops the leading H1 (the title is printed above), `<!-- more -->`, and
/// `<script>` blocks (hand-written structured data).
fn strip_furniture(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut seen_content = false;
    let mut in_script = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if in_script {
            if trimmed.to_ascii_lowercase().contains("</script>") {
                in_script = false;
            }
            continue;
        }
        if trimmed.to_ascii_lowercase().starts_with("<script") {
            in_script = !trimmed.to_ascii_lowercase().contains("</script>");
            continue;
        }
        if trimmed == "<!-- more -->" {
            continue;
        }
        if !seen_content && !trimmed.is_empty() {
            seen_content = true;
            if trimmed.starts_with("# ") {
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// At most one blank line in a row.
fn squeeze_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llms_txt_layout() {
        let text = llms_txt(
            "KB",
            Some("All the answers."),
            &[LlmsSection {
                title: "Lists".into(),
                links: vec![LlmsLink {
                    title: "What is [-1]?".into(),
                    url: "https://x/a/".into(),
                    answer: Some("The last\nitem.".into()),
                }],
            }],
        );
        assert_eq!(
            text,
            "# KB\n\n> All the answers.\n\n## Lists\n\n- [What is \\[-1\\]?](https://x/a/): The last item.\n"
        );
    }

    #[test]
    fn full_article_is_clean_markdown() {
        let body = "\n# Q?\n\n<!-- more -->\n\n!!! info \"In short\"\n    Yes.\n\nMore.\n\n<script type=\"application/ld+json\">\n{}\n</script>\n";
        assert_eq!(
            full_article("Q?", "https://x/q/", body, Syntax::default()),
            "# Q?\n\nSource: https://x/q/\n\n> **In short**\n> \n> Yes.\n\nMore.\n"
        );
    }
}
