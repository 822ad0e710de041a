//! `[markdown]`'s extension switches: each `true`, `false`, or a table of
//! the extension's options (which turns it on).

use serde::Deserialize;

use super::MarkdownToml;
use crate::markdown::Syntax;
use crate::markdown::critic::CriticMode;
use crate::markdown::syntax::{Arithmatex, MathOutput, Tabbed, Tasklist};

/// An extension's setting: `true`, `false`, or a table of its options.
#[derive(Debug)]
pub(super) enum Switch<T> {
    On(bool),
    Options(T),
}

/// By hand rather than `untagged`, so a mistyped option is named
/// ("unknown field `alternate`") instead of "did not match any variant".
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Switch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SwitchVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for SwitchVisitor<T> {
            type Value = Switch<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a table of the extension's options")
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Switch<T>, E> {
                Ok(Switch::On(on))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Switch<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Switch::Options)
            }
        }
        deserializer.deserialize_any(SwitchVisitor(std::marker::PhantomData))
    }
}

/// `tabbed`'s options.
pub(super) type TabbedToml = Switch<TabbedOptions>;

/// `footnotes`' options: Python-Markdown's, in lower case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FootnotesToml {
    backlink_text: Option<String>,
    backlink_title: Option<String>,
    superscript_text: Option<String>,
    separator: Option<String>,
    use_definition_order: Option<bool>,
}

/// The footnotes' settings `[markdown.footnotes]` gives, Python-Markdown's
/// defaults for the rest.
pub(super) fn resolve_footnotes(
    markdown: &MarkdownToml,
) -> crate::markdown::footnotes::FootnoteSettings {
    let mut settings = crate::markdown::footnotes::FootnoteSettings::default();
    if let Some(options) = &markdown.footnotes {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(value) = value {
                field.clone_from(value);
            }
        };
        set(&mut settings.backlink_text, &options.backlink_text);
        set(&mut settings.backlink_title, &options.backlink_title);
        set(&mut settings.superscript_text, &options.superscript_text);
        set(&mut settings.separator, &options.separator);
        if let Some(order) = options.use_definition_order {
            settings.use_definition_order = order;
        }
    }
    settings
}

/// `critic`'s options.
pub(super) type CriticToml = Switch<CriticOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriticOptions {
    mode: Option<CriticModeName>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum CriticModeName {
    View,
    Accept,
    Reject,
}

/// `tasklist`'s options.
pub(super) type TasklistToml = Switch<TasklistOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TasklistOptions {
    custom_checkbox: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TabbedOptions {
    alternate_style: Option<bool>,
    /// Tab ids from their labels, made as `[toc]`'s ids are.
    pub(super) slugify: Option<super::SlugifyName>,
    pub(super) separator: Option<String>,
    pub(super) case: Option<super::SlugCaseName>,
    pub(super) percent_encode: Option<bool>,
    pub(super) normalize: Option<String>,
    /// A tab's id starts with the id of the heading before it.
    pub(super) combine_header_slug: Option<bool>,
}

/// The syntax `[markdown]` selects: each extension as set, else on as
/// Material for MkDocs recommends.
pub(super) fn resolve(markdown: &MarkdownToml) -> Syntax {
    let defaults = Syntax::default();
    let default_tabs = defaults.tabbed.unwrap_or(Tabbed {
        alternate_style: true,
    });
    Syntax {
        abbr: markdown.abbr.unwrap_or(defaults.abbr),
        def_list: markdown.def_list.unwrap_or(defaults.def_list),
        attr_list: markdown.attr_list.unwrap_or(defaults.attr_list),
        delimited: crate::markdown::delimiters::Delimited {
            mark: markdown.mark.unwrap_or(defaults.delimited.mark),
            caret: markdown.caret.unwrap_or(defaults.delimited.caret),
            tilde: markdown.tilde.unwrap_or(defaults.delimited.tilde),
        },
        keys: markdown.keys.unwrap_or(defaults.keys),
        inlinehilite: markdown.inlinehilite.unwrap_or(defaults.inlinehilite),
        smart_symbols: markdown.smartsymbols.unwrap_or(defaults.smart_symbols),
        headings_without_space: markdown
            .headings_without_space
            .unwrap_or(defaults.headings_without_space),
        md_in_html: markdown.md_in_html.unwrap_or(defaults.md_in_html),
        python_raw_html: markdown.python_raw_html.unwrap_or(defaults.python_raw_html),
        python_lists: markdown.python_lists.unwrap_or(defaults.python_lists),
        tasklist: match &markdown.tasklist {
            None => defaults.tasklist,
            Some(Switch::On(false)) => None,
            Some(Switch::On(true)) => Some(Tasklist {
                custom_checkbox: false,
            }),
            Some(Switch::Options(options)) => Some(Tasklist {
                custom_checkbox: options.custom_checkbox.unwrap_or(false),
            }),
        },
        critic: match &markdown.critic {
            None | Some(Switch::On(false)) => None,
            Some(Switch::On(true)) => Some(CriticMode::View),
            Some(Switch::Options(options)) => Some(match options.mode {
                None | Some(CriticModeName::View) => CriticMode::View,
                Some(CriticModeName::Accept) => CriticMode::Accept,
                Some(CriticModeName::Reject) => CriticMode::Reject,
            }),
        },
        emoji: match &markdown.emoji {
            None => defaults.emoji,
            Some(Switch::On(on)) => *on,
            Some(Switch::Options(_)) => true,
        },
        arithmatex: match &markdown.arithmatex {
            None | Some(Switch::On(false)) => None,
            Some(Switch::On(true)) => Some(Arithmatex::default()),
            Some(Switch::Options(options)) => Some(options.resolve()),
        },
        tabbed: match &markdown.tabbed {
            None => defaults.tabbed,
            Some(Switch::On(false)) => None,
            Some(Switch::On(true)) => Some(default_tabs),
            Some(Switch::Options(options)) => Some(Tabbed {
                alternate_style: options
                    .alternate_style
                    .unwrap_or(default_tabs.alternate_style),
            }),
        },
    }
}

/// `arithmatex`'s options (pymdownx.arithmatex's names, and `output`).
pub(super) type ArithmatexToml = Switch<ArithmatexOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ArithmatexOptions {
    smart_dollar: Option<bool>,
    inline_syntax: Option<Vec<InlineMathSyntax>>,
    block_syntax: Option<Vec<BlockMathSyntax>>,
    output: Option<MathOutputName>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum InlineMathSyntax {
    Dollar,
    Round,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum BlockMathSyntax {
    Dollar,
    Square,
    Begin,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum MathOutputName {
    Mathml,
    Generic,
}

impl ArithmatexOptions {
    fn resolve(&self) -> Arithmatex {
        let defaults = Arithmatex::default();
        let inline = |syntax| {
            self.inline_syntax
                .as_ref()
                .is_none_or(|list| list.contains(&syntax))
        };
        let block = |syntax| {
            self.block_syntax
                .as_ref()
                .is_none_or(|list| list.contains(&syntax))
        };
        Arithmatex {
            inline_dollar: inline(InlineMathSyntax::Dollar),
            inline_round: inline(InlineMathSyntax::Round),
            smart_dollar: self.smart_dollar.unwrap_or(defaults.smart_dollar),
            block_dollar: block(BlockMathSyntax::Dollar),
            block_square: block(BlockMathSyntax::Square),
            block_begin: block(BlockMathSyntax::Begin),
            output: match self.output {
                None | Some(MathOutputName::Mathml) => MathOutput::MathMl,
                Some(MathOutputName::Generic) => MathOutput::Generic,
            },
        }
    }
}

/// `emoji`'s options.
pub(super) type EmojiToml = Switch<EmojiOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EmojiOptions {
    /// Folders of icons (Material's `custom_icons`).
    icons: Option<OneOrMany>,
}

/// The icon folders of `[markdown.emoji] icons`, from the site's folder
/// (`.icons` unless set).
pub(super) fn resolve_icon_folders(
    markdown: &MarkdownToml,
    root: &std::path::Path,
) -> Vec<std::path::PathBuf> {
    let folders = match &markdown.emoji {
        Some(Switch::On(false)) => return Vec::new(),
        Some(Switch::Options(EmojiOptions { icons: Some(icons) })) => icons.to_vec(),
        _ => vec![".icons".to_owned()],
    };
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    folders
        .into_iter()
        .map(|folder| root.join(folder))
        .collect()
}

/// One of `[markdown] custom_fences`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CustomFenceToml {
    name: String,
    class: String,
    format: Option<FenceFormatName>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum FenceFormatName {
    Pre,
    Div,
    Math,
}

/// The fences written for a script to draw: as set, else Material's
/// recommended ```` ```mermaid ````.
pub(super) fn resolve_custom_fences(
    markdown: &MarkdownToml,
) -> Vec<crate::markdown::syntax::CustomFence> {
    use crate::markdown::syntax::{CustomFence, FenceFormat};
    match &markdown.custom_fences {
        None => vec![CustomFence::mermaid()],
        Some(fences) => fences
            .iter()
            .map(|fence| CustomFence {
                name: fence.name.clone(),
                class: fence.class.clone(),
                format: match fence.format {
                    None | Some(FenceFormatName::Pre) => FenceFormat::Pre,
                    Some(FenceFormatName::Div) => FenceFormat::Div,
                    Some(FenceFormatName::Math) => FenceFormat::Math,
                },
            })
            .collect(),
    }
}

/// `snippets`' options (pymdownx.snippets' names).
pub(super) type SnippetsToml = Switch<SnippetsOptions>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SnippetsOptions {
    base_path: Option<OneOrMany>,
    check_paths: Option<bool>,
    auto_append: Option<OneOrMany>,
    dedent_subsections: Option<bool>,
    restrict_base_path: Option<bool>,
}

/// A path or a list of them, as pymdownx takes either.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
    }
}

/// Snippets as `[markdown] snippets` sets them (off unless set: a page
/// showing the notation in a code block would otherwise be changed);
/// base paths are taken from the site's folder, as MkDocs takes them from
/// the folder it runs in, which holds mkdocs.yml.
pub(super) fn resolve_snippets(
    markdown: &MarkdownToml,
    root: &std::path::Path,
) -> Option<crate::content::snippets::SnippetSettings> {
    let options = match markdown.snippets.as_ref()? {
        Switch::On(false) => return None,
        Switch::On(true) => None,
        Switch::Options(options) => Some(options),
    };
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let base_paths = options
        .and_then(|o| o.base_path.as_ref())
        .map(OneOrMany::to_vec)
        .unwrap_or_else(|| vec![".".to_owned()])
        .into_iter()
        .map(|base| {
            let path = root.join(base);
            path.canonicalize().unwrap_or(path)
        })
        .collect();
    Some(crate::content::snippets::SnippetSettings {
        base_paths,
        check_paths: options.and_then(|o| o.check_paths).unwrap_or(false),
        auto_append: options
            .and_then(|o| o.auto_append.as_ref())
            .map(OneOrMany::to_vec)
            .unwrap_or_default(),
        dedent_subsections: options.and_then(|o| o.dedent_subsections).unwrap_or(false),
        restrict_base_path: options.and_then(|o| o.restrict_base_path).unwrap_or(true),
    })
}
