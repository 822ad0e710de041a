//! Property tests over the parsers: any input, no panic, and every source
//! position kbgen reports stays inside the file. CI runs a bounded number of
//! cases (`PROPTEST_CASES` raises it for longer runs).

use proptest::prelude::*;

use kbgen::content::front_matter;
use kbgen::diagnostics::SourceText;
use kbgen::markdown::{self, rewrite};

/// Pieces that exercise the interesting paths: fences, markers, indentation,
/// alerts, HTML blocks, links, front matter fences, odd characters.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_owned()),
        Just("...\n".to_owned()),
        Just("title: x\n".to_owned()),
        Just("meta:\n  - name: a\n    content: b: c\n".to_owned()),
        Just("!!! note \"T\"\n".to_owned()),
        Just("??? tip\n".to_owned()),
        Just("???+ x y \"\"\n".to_owned()),
        Just("=== \"Tab\"\n".to_owned()),
        Just("===+! \"\"\n".to_owned()),
        Just("    ".to_owned()),
        Just("\t".to_owned()),
        Just("```python\n".to_owned()),
        Just("~~~\n".to_owned()),
        Just("> [!NOTE] Title\n".to_owned()),
        Just("> ".to_owned()),
        Just("<div markdown=\"1\">\n".to_owned()),
        Just("</div>\n".to_owned()),
        Just("<script type=\"application/ld+json\">{\"@type\":\"FAQPage\"}</script>\n".to_owned()),
        Just("- item\n".to_owned()),
        Just("1. one\n".to_owned()),
        Just("# H\n".to_owned()),
        Just("## See also\n".to_owned()),
        Just("[a](b.md#c)".to_owned()),
        Just("![i](x.png)".to_owned()),
        Just("<!-- more -->\n".to_owned()),
        Just("--8<-- \"a.md\"\n".to_owned()),
        Just("--8<-- \"a.md:2:-1,x\"\n".to_owned()),
        Just("-8<- 'b.md:sec'\n".to_owned()),
        Just("--8<--\n".to_owned()),
        Just(";--8<-- [start:sec]\n".to_owned()),
        Just("# --8<-- [end:sec]\n".to_owned()),
        Just("$".to_owned()),
        Just("$$\n".to_owned()),
        Just("\\(".to_owned()),
        Just("\\)".to_owned()),
        Just("\\[".to_owned()),
        Just("\\begin{align}".to_owned()),
        Just("\\end{align}\n".to_owned()),
        Just("$x^2$".to_owned()),
        Just("{: .x #y k=\"v\" }".to_owned()),
        Just("{ .a }\n".to_owned()),
        Just("[a](b){:target=\"_blank\"}".to_owned()),
        Just("*[AB]: title\n".to_owned()),
        Just("AB ".to_owned()),
        Just("Term\n:   def\n".to_owned()),
        Just("[^1]".to_owned()),
        Just("[^1]: note\n".to_owned()),
        Just(":smile:".to_owned()),
        Just("==".to_owned()),
        Just("^^".to_owned()),
        Just("~".to_owned()),
        Just("~~~a~~~\n".to_owned()),
        Just("\\ ".to_owned()),
        Just(":no_such_emoji:".to_owned()),
        Just(":kb-logo:{ .x }".to_owned()),
        Just("10:30:".to_owned()),
        Just("{++".to_owned()),
        Just("++}".to_owned()),
        Just("{--".to_owned()),
        Just("--}".to_owned()),
        Just("{~~".to_owned()),
        Just("~>".to_owned()),
        Just("~~}".to_owned()),
        Just("{==x==}".to_owned()),
        Just("{>>".to_owned()),
        Just("<<}".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("é😀\u{2028}\0".to_owned()),
        "[a-z `*_\\[\\]():#!>-]{0,12}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// 400 cases per property in CI; `PROPTEST_CASES` sets more for a long run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_never_panics_and_points_inside_the_file(text in document()) {
        if let Ok(Some(split)) = front_matter::split(&text) {
            prop_assert!(split.yaml.end <= text.len() && split.body_start <= text.len());
            let source = SourceText::new("a.md", text.as_str());
            if let Err(diagnostic) = front_matter::parse(&source, split.yaml) {
                let span = diagnostic.location.and_then(|l| l.span).unwrap_or_default();
                prop_assert!(span.end <= text.len());
            }
        }
    }

    #[test]
    fn rewrite_maps_every_offset_back_into_the_file(text in document()) {
        let out = rewrite::rewrite(&text, 0, &|t| t.to_owned(), "In short", markdown::Syntax::default());
        for offset in (0..=out.text.len()).step_by(7) {
            prop_assert!(out.map.to_original(offset) <= text.len() + 1, "offset {offset}");
        }
        let _ = markdown::normalise_admonitions(&text, markdown::Syntax::default());
    }

    #[test]
    fn rendering_never_panics(text in document()) {
        let rendered = markdown::render_standalone(&text);
        for link in &rendered.links {
            prop_assert!(link.span.start <= link.span.end && link.span.end <= text.len() + 1);
        }
        let _ = markdown::plain_text(&text);
        let _ = markdown::leading_h1_text(&text);
    }

    #[test]
    fn snippets_never_panic_and_map_into_the_page(text in document(), a in document(), b in document()) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.md"), &a).expect("a");
        std::fs::write(dir.path().join("b.md"), &b).expect("b");
        let settings = kbgen::content::snippets::SnippetSettings {
            base_paths: vec![dir.path().canonicalize().expect("dir")],
            check_paths: false,
            auto_append: vec!["b.md".to_owned()],
            dedent_subsections: true,
            restrict_base_path: true,
        };
        let source = SourceText::new("page.md", text.as_str());
        let files = kbgen::content::snippets::SnippetFiles::default();
        if let Some(expansion) = kbgen::content::snippets::expand(&source, 0, &settings, dir.path(), &files) {
            for offset in (0..=expansion.text.len()).step_by(5) {
                prop_assert!(expansion.map.to_original(offset) <= text.len() + 1, "offset {offset}");
            }
            for problem in &expansion.problems {
                let span = problem.location.as_ref().and_then(|l| l.span.clone()).unwrap_or_default();
                prop_assert!(span.end <= text.len().max(a.len()).max(b.len()));
            }
        }
    }

    #[test]
    fn math_never_panics_and_keeps_the_text_length(text in document()) {
        let settings = markdown::syntax::Arithmatex::default();
        if let Some((protected, spans)) = markdown::math::protect(&text, &settings, markdown::options()) {
            prop_assert_eq!(protected.len(), text.len());
            for span in &spans {
                prop_assert!(span.range.start <= span.range.end && span.range.end <= text.len());
            }
        }
        for output in [markdown::syntax::MathOutput::MathMl, markdown::syntax::MathOutput::Generic] {
            let options = markdown::RenderOptions {
                syntax: markdown::Syntax {
                    arithmatex: Some(markdown::syntax::Arithmatex { output, ..settings }),
                    ..markdown::Syntax::default()
                },
                ..markdown::RenderOptions::default()
            };
            let rendered = markdown::render_standalone_with(&text, options);
            for (span, _) in &rendered.math_problems {
                prop_assert!(span.end <= text.len() + 1);
            }
        }
    }

    #[test]
    fn critic_marks_keep_every_offset_and_leave_no_placeholder(text in document()) {
        use markdown::critic::{CriticMode, mark};
        for mode in [CriticMode::View, CriticMode::Accept, CriticMode::Reject] {
            if let Some(marked) = mark(&text, mode) {
                prop_assert_eq!(marked.text.len(), text.len());
                prop_assert_eq!(marked.text.matches('\n').count(), text.matches('\n').count());
            }
            let options = markdown::RenderOptions {
                syntax: markdown::Syntax { critic: Some(mode), ..markdown::Syntax::default() },
                ..markdown::RenderOptions::default()
            };
            let rendered = markdown::render_standalone_with(&text, options);
            let placeholder = |c: char| matches!(c, '\u{4}'..='\u{8}' | '\u{e}'..='\u{19}');
            prop_assert!(!rendered.html.contains(placeholder), "{:?}", rendered.html);
            for section in &rendered.sections {
                prop_assert!(!section.text.contains(placeholder) && !section.title.contains(placeholder));
            }
        }
    }

    #[test]
    fn unknown_shortcodes_are_noted_where_they_are(text in document()) {
        let rendered = markdown::render_standalone(&text);
        for (span, name) in &rendered.emoji.unknown {
            let shortcode = format!(":{name}:");
            prop_assert_eq!(text.get(span.clone()), Some(shortcode.as_str()));
        }
    }

    #[test]
    fn any_tex_is_drawn_or_shown_as_tex(tex in "([a-z{}^_&\\\\ ]|\\\\(frac|left|right|begin|end|sqrt|tag|text|mathrm)|[(){}\\[\\]])*") {
        for display in [false, true] {
            let (html, problem) = markdown::math::to_html(&tex, display, markdown::syntax::MathOutput::MathMl);
            prop_assert!(html.starts_with("<span class=\"arithmatex\">") || html.starts_with("<div class=\"arithmatex\">"));
            if let Some((range, _)) = problem {
                prop_assert!(range.start <= tex.len());
            }
        }
    }

    #[test]
    fn any_text_renders(text in "\\PC{0,300}") {
        let _ = markdown::render_standalone(&text);
        let _ = front_matter::split(&text);
        let _ = kbgen::search::words(&text);
        let _ = kbgen::search::compounds(&text);
        let _ = markdown::slug::github_slug(&text);
    }
}
