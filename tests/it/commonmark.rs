//! The CommonMark spec's examples, from a copy of `spec.txt` named by
//! `KBGEN_COMMONMARK_SPEC` (`bench/commonmark.sh` fetches 0.31.2, the
//! version pulldown-cmark implements): with every extension off, kbgen
//! must render all of them as the spec says; with its defaults, the
//! examples whose syntax an extension takes over (`~~`, `==`, `:smile:`,
//! `=== "tab"`) are counted and listed, not judged.

use std::fmt::Write;

use crate::html_shape::shape;

/// One example: its number, markdown and expected HTML.
struct Example {
    number: usize,
    markdown: String,
    html: String,
}

/// The examples of `spec.txt`: fenced by 32 backticks and `example`, the
/// markdown and the HTML split by a line `.`, `→` standing for a tab.
fn examples(spec: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let opener = format!("{fence} example");
    let mut examples = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line != opener {
            continue;
        }
        let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
        examples.push(Example {
            number: examples.len() + 1,
            markdown,
            html,
        });
    }
    examples
}

/// CommonMark alone: every extension kbgen reads off.
fn commonmark_only() -> kbgen::markdown::Syntax {
    kbgen::markdown::Syntax {
        tabbed: None,
        arithmatex: None,
        abbr: false,
        def_list: false,
        attr_list: false,
        emoji: false,
        delimited: kbgen::markdown::delimiters::Delimited {
            mark: false,
            caret: false,
            tilde: false,
        },
        keys: false,
        inlinehilite: false,
        smart_symbols: false,
        headings_without_space: false,
        md_in_html: false,
        python_raw_html: false,
        python_lists: false,
        tasklist: None,
        critic: None,
    }
}

/// The examples `syntax` renders unlike the spec, with a report of each.
fn differing(examples: &[Example], syntax: kbgen::markdown::Syntax) -> (Vec<usize>, String) {
    let mut numbers = Vec::new();
    let mut report = String::new();
    for example in examples {
        let options = kbgen::markdown::RenderOptions {
            syntax,
            custom_fences: &[],
            ..kbgen::markdown::RenderOptions::default()
        };
        let actual = kbgen::markdown::render_standalone_with(&example.markdown, options).html;
        if shape(&actual) != shape(&example.html) {
            numbers.push(example.number);
            let _ = write!(
                report,
                "=== example {}\n--- markdown\n{}--- spec\n{}--- kbgen\n{actual}\n",
                example.number, example.markdown, example.html
            );
        }
    }
    (numbers, report)
}

#[test]
fn commonmark_spec_examples_render_as_the_spec_says() {
    let Ok(path) = std::env::var("KBGEN_COMMONMARK_SPEC") else {
        eprintln!("skipped: KBGEN_COMMONMARK_SPEC is not set (bench/commonmark.sh sets it)");
        return;
    };
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let examples = examples(&spec);
    assert!(
        examples.len() >= 600,
        "{path}: only {} examples",
        examples.len()
    );
    let (plain, plain_report) = differing(&examples, commonmark_only());
    let (defaults, _) = differing(&examples, kbgen::markdown::Syntax::default());
    eprintln!(
        "CommonMark {}: {}/{} with every extension off; {}/{} with kbgen's defaults (differing: {defaults:?})",
        path,
        examples.len() - plain.len(),
        examples.len(),
        examples.len() - defaults.len(),
        examples.len(),
    );
    assert!(plain.is_empty(), "{plain_report}");
}
