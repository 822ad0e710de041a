//! Markdown to HTML: admonitions, headings with anchors and a table of
//! contents, resolved links, `<!-- more -->` excerpts and highlighted code.
//! Rendering one page is a pure function of its text and the site index.

mod abbr;
mod attr_list;
pub mod critic;
mod def_list;
pub mod delimiters;
pub mod emoji;
pub mod footnotes;
mod heading_attributes;
pub mod highlight;
mod highlight_cache;
pub mod highlight_css;
mod html_block;
mod html_elements;
mod html_text;
mod keys;
mod line_memo;
pub mod links;
pub mod math;
mod pm_list_merge;
mod render;
pub mod rewrite;
mod scope_classes;
pub mod slug;
mod smart_symbols;
pub mod syntax;
pub mod tab_slugs;
mod tables;
mod tabs;
mod tasklist;
pub mod toc;

pub use highlight_cache::HighlightCache;
pub use links::{LinkResolver, LinkTarget};
pub use render::{
    AuthorJsonLd, HeadingSection, LinkRef, RenderOptions, RenderedMarkdown, TocEntry, plain_text,
    render, render_inline,
};
pub use rewrite::{AdmonitionSource, normalise_admonitions};
pub use syntax::Syntax;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders markdown that belongs to no site (a snippet, a test case):
/// relative links are kept as written.
pub fn render_standalone(markdown: &str) -> RenderedMarkdown {
    render_standalone_with(markdown, RenderOptions::default())
}

/// [`render_standalone`] with other options.
pub fn render_standalone_with(markdown: &str, options: RenderOptions<'_>) -> RenderedMarkdown {
    let site = crate::content::Site::default();
    let base = crate::config::BaseUrl::root();
    let resolver = LinkResolver {
        site: &site,
        base: &base,
        from_dir: "",
    };
    render(markdown, 0, &resolver, options)
}

/// The extensions kbgen turns on: those MkDocs Material sites use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
}

/// [`options`] with the parser's own extensions a page's syntax turns on.
pub fn options_for(syntax: &Syntax) -> Options {
    let mut options = options();
    if syntax.def_list {
        options |= Options::ENABLE_DEFINITION_LIST;
    }
    if syntax.tasklist.is_some() {
        options |= Options::ENABLE_TASKLISTS;
    }
    // pymdownx.tilde reads `~~` itself, by its own rules.
    if syntax.delimited.tilde {
        options.remove(Options::ENABLE_STRIKETHROUGH);
    }
    options
}

/// The plain text of the level-1 heading a page starts with (HTML such as
/// comments may come before it), for pages without a title. An H1 further
/// down is not the page's title: MkDocs takes only a leading one, and the
/// template shows only a leading one as the page heading.
pub fn leading_h1_text(markdown: &str) -> Option<String> {
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                // Without its attribute list (`# Title { #id }`).
                let text = match heading_attributes::trailing(&text) {
                    Some((cut, _)) => text.get(..cut).unwrap_or_default(),
                    None => &text,
                };
                let text = text.trim().to_owned();
                return (!text.is_empty()).then_some(text);
            }
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) | Event::Html(_) => {}
            Event::Start(_) if !inside => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_h1_is_the_title() {
        assert_eq!(
            leading_h1_text("<!-- note -->\n# What is `x`?\n\n# Second\n").as_deref(),
            Some("What is x?")
        );
        assert_eq!(leading_h1_text("Intro\n\n# What is x?\n"), None);
        assert_eq!(leading_h1_text("## Only h2\n\n# Later\n"), None);
        assert_eq!(leading_h1_text("Setext\n===\n").as_deref(), Some("Setext"));
        assert_eq!(leading_h1_text(""), None);
        assert_eq!(
            leading_h1_text("# Title { #id data-x=\"a b\" }\n").as_deref(),
            Some("Title")
        );
    }
}
