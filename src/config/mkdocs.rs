//! An MkDocs project's `mkdocs.yml` as kbgen settings: the site.toml that
//! says the same, for `kbgen init --from-mkdocs` to write out and for a
//! build in a folder with no site.toml to read in its place, with the
//! settings kbgen does not use yet named, so nothing is dropped unseen.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::MetaTag;

/// mkdocs.yml, as kbgen settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The text of an equivalent site.toml.
    pub toml: String,
    /// What mkdocs.yml sets that kbgen does not use (yet), one line each.
    pub unsupported: Vec<String>,
}

/// Reads `path` (an mkdocs.yml) and says it as a site.toml.
pub fn site_toml(path: &Path) -> Result<Translated, String> {
    let (mkdocs, text) = read_mkdocs(path)?;
    let mut unsupported = unsupported_settings(&mkdocs);
    let (toc, toc_warning) = toc_settings(&mkdocs.markdown_extensions, &text);
    unsupported.extend(toc_warning);
    let file = |key: &str| mkdocs.theme.get(key)?.as_str().map(str::to_owned);
    let (logo, favicon) = (file("logo"), file("favicon"));
    let site = NewSiteToml {
        title: mkdocs
            .site_name
            .clone()
            .unwrap_or_else(|| "Knowledge Base".to_owned()),
        base_url: mkdocs.site_url.clone(),
        description: mkdocs.site_description.clone(),
        author: mkdocs.site_author.clone(),
        language: file("language").unwrap_or_else(|| "en".to_owned()),
        content_dir: mkdocs.docs_dir.clone().unwrap_or_else(|| "docs".to_owned()),
        output_dir: "public".to_owned(),
        extra_css: mkdocs.extra_css.clone(),
        extra_js: mkdocs
            .extra_javascript
            .iter()
            .filter_map(NewScript::from_yaml)
            .collect(),
        extra: extra_table(&mkdocs.extra),
        links: link_levels(&mkdocs.validation),
        copyright: mkdocs.copyright.clone(),
        // MkDocs takes any URL; kbgen links only web addresses.
        repo_url: mkdocs
            .repo_url
            .clone()
            .filter(|url| url.starts_with("https://") || url.starts_with("http://")),
        meta: mkdocs
            .extra
            .get("meta")
            .and_then(|meta| serde_yaml_ng::from_value(meta.clone()).ok())
            .unwrap_or_default(),
        nav: nav_as_toml(&mkdocs.nav),
        theme: (logo.is_some() || favicon.is_some()).then_some(NewThemeToml { logo, favicon }),
        toc: Some(toc),
        markdown: NewMarkdownToml::from_extensions(
            &mkdocs.markdown_extensions,
            &math_scripts(&mkdocs, path),
            mkdocs
                .theme
                .get("custom_dir")
                .and_then(serde_yaml_ng::Value::as_str),
            &text,
        ),
        use_directory_urls: mkdocs.use_directory_urls.filter(|directories| !directories),
        // Without `nav`, MkDocs orders the sidebar itself, or awesome-pages does.
        nav_style: mkdocs.nav.is_null().then(|| {
            let awesome = mkdocs
                .plugins
                .iter()
                .filter_map(entry_name)
                .any(|name| name == "awesome-pages");
            if awesome { "awesome-pages" } else { "mkdocs" }
        }),
        redirects: redirect_maps(&mkdocs.plugins),
        edit_uri: mkdocs.edit_uri.clone().filter(|uri| !uri.is_empty()),
        exclude_docs: pattern_lines(&mkdocs.exclude_docs),
        draft_docs: pattern_lines(&mkdocs.draft_docs),
        not_in_nav: pattern_lines(&mkdocs.not_in_nav),
    };
    let toml = toml::to_string(&site).map_err(|e| format!("cannot write site.toml: {e}"))?;
    Ok(Translated { toml, unsupported })
}

/// The markdown extensions kbgen reads the syntax of.
const KNOWN_EXTENSIONS: [&str; 27] = [
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "md_in_html",
    "footnotes",
    "meta",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.tasklist",
    "pymdownx.emoji",
    "pymdownx.tabbed",
    "pymdownx.snippets",
    "pymdownx.arithmatex",
    "abbr",
    "def_list",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.smartsymbols",
    "pymdownx.saneheaders",
    "pymdownx.critic",
    "sane_lists",
];

/// The plugins whose work kbgen does itself.
const KNOWN_PLUGINS: [&str; 3] = ["search", "redirects", "awesome-pages"];

/// The `redirect_maps` of the `redirects` plugin: old page → new page,
/// new page with `#anchor`, or a web address.
fn redirect_maps(plugins: &[serde_yaml_ng::Value]) -> std::collections::BTreeMap<String, String> {
    plugins
        .iter()
        .filter_map(|entry| entry.as_mapping()?.get("redirects")?.get("redirect_maps"))
        .filter_map(serde_yaml_ng::Value::as_mapping)
        .flat_map(|map| map.iter())
        .filter_map(|(old, new)| Some((old.as_str()?.to_owned(), new.as_str()?.to_owned())))
        .collect()
}

/// MkDocs's pattern settings (a block of gitignore lines) as a list.
fn pattern_lines(value: &serde_yaml_ng::Value) -> Vec<String> {
    value
        .as_str()
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// MkDocs' `nav` in TOML: lists stay lists, `Title: target` entries become
/// one-key tables; empty entries (`- Title:`) are left out.
fn nav_as_toml(nav: &serde_yaml_ng::Value) -> Option<toml::Value> {
    use serde_yaml_ng::Value;
    match nav {
        Value::String(text) => Some(toml::Value::String(text.clone())),
        Value::Sequence(items) => Some(toml::Value::Array(
            items.iter().filter_map(nav_as_toml).collect(),
        )),
        Value::Mapping(map) => {
            let (title, target) = map.iter().next()?;
            let title = match title {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                _ => return None,
            };
            let mut table = toml::map::Map::new();
            table.insert(title, nav_as_toml(target)?);
            Some(toml::Value::Table(table))
        }
        _ => None,
    }
}

/// The name of a `plugins` or `markdown_extensions` entry: `name`, or
/// `name: {options}`.
fn entry_name(entry: &serde_yaml_ng::Value) -> Option<String> {
    match entry {
        serde_yaml_ng::Value::String(name) => Some(name.clone()),
        other => other
            .as_mapping()?
            .keys()
            .next()?
            .as_str()
            .map(str::to_owned),
    }
}

/// What mkdocs.yml asks for that kbgen does not do yet.
fn unsupported_settings(mkdocs: &MkdocsYml) -> Vec<String> {
    let mut notes = Vec::new();
    let plugins: Vec<String> = mkdocs
        .plugins
        .iter()
        .filter_map(entry_name)
        .filter(|name| !KNOWN_PLUGINS.contains(&name.as_str()))
        .collect();
    if !plugins.is_empty() {
        notes.push(format!("plugins: {}", plugins.join(", ")));
    }
    if mkdocs.theme.get("custom_dir").is_some() {
        notes.push("`theme.custom_dir` (Jinja overrides for another engine)".to_owned());
    }
    let mut extensions: Vec<String> = Vec::new();
    // Sites list an extension twice (once bare, once with options).
    for name in mkdocs.markdown_extensions.iter().filter_map(entry_name) {
        let name = name.trim_start_matches("markdown.extensions.").to_owned();
        if !KNOWN_EXTENSIONS.contains(&name.as_str()) && !extensions.contains(&name) {
            extensions.push(name);
        }
    }
    if let Some(options) = extension_options(&mkdocs.markdown_extensions, "pymdownx.arithmatex") {
        for key in [
            "tex_inline_wrap",
            "tex_block_wrap",
            "block_tag",
            "inline_tag",
        ] {
            if options.get(key).is_some() {
                extensions.push(format!("pymdownx.arithmatex's `{key}`"));
            }
        }
    }
    if let Some(options) = extension_options(&mkdocs.markdown_extensions, "pymdownx.snippets") {
        for key in ["url_download", "encoding"] {
            if options.get(key).is_some() {
                extensions.push(format!("pymdownx.snippets' `{key}`"));
            }
        }
    }
    if !extensions.is_empty() {
        notes.push(format!("markdown_extensions: {}", extensions.join(", ")));
    }
    let extra: Vec<&str> = mkdocs
        .extra
        .as_mapping()
        .into_iter()
        .flat_map(|extra| extra.keys())
        .filter_map(serde_yaml_ng::Value::as_str)
        .filter(|key| !["meta", "social"].contains(key))
        .collect();
    if !extra.is_empty() {
        notes.push(format!(
            "extra: {} (templates get them as `site.extra`; the default theme shows only `social`)",
            extra.join(", ")
        ));
    }
    let unchecked = unchecked_validation(&mkdocs.validation);
    if !unchecked.is_empty() {
        notes.push(format!(
            "validation: {} (kbgen has no such check)",
            unchecked.join(", ")
        ));
    }
    for (key, set) in [("hooks", !mkdocs.hooks.is_null())] {
        if set {
            notes.push(format!("`{key}`"));
        }
    }
    notes
}

/// The part of `mkdocs.yml` kbgen carries over.
#[derive(Debug, Default, Deserialize)]
struct MkdocsYml {
    site_name: Option<String>,
    site_url: Option<String>,
    site_description: Option<String>,
    site_author: Option<String>,
    docs_dir: Option<String>,
    /// Anything; `meta` holds the pages' meta tags, as kbgen's `meta`.
    #[serde(default)]
    extra: serde_yaml_ng::Value,
    #[serde(default)]
    extra_css: Vec<String>,
    /// Paths, or `{path: …, type: module}` entries.
    #[serde(default)]
    extra_javascript: Vec<serde_yaml_ng::Value>,
    copyright: Option<String>,
    repo_url: Option<String>,
    /// A theme name alone, or a mapping with `logo` and `favicon`: files
    /// in the docs folder, as they are for kbgen.
    #[serde(default)]
    theme: serde_yaml_ng::Value,
    /// Names, or `{name: options}` entries.
    #[serde(default)]
    markdown_extensions: Vec<serde_yaml_ng::Value>,
    #[serde(default)]
    nav: serde_yaml_ng::Value,
    use_directory_urls: Option<bool>,
    #[serde(default)]
    plugins: Vec<serde_yaml_ng::Value>,
    edit_uri: Option<String>,
    #[serde(default)]
    not_in_nav: serde_yaml_ng::Value,
    #[serde(default)]
    exclude_docs: serde_yaml_ng::Value,
    #[serde(default)]
    draft_docs: serde_yaml_ng::Value,
    #[serde(default)]
    hooks: serde_yaml_ng::Value,
    /// MkDocs's link-check levels (1.6).
    #[serde(default)]
    validation: serde_yaml_ng::Value,
}

/// The `site.toml` that `init` writes.
#[derive(Debug, Serialize)]
struct NewSiteToml {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    language: String,
    content_dir: String,
    output_dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_directory_urls: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nav_style: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extra_css: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extra_js: Vec<NewScript>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repo_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meta: Vec<MetaTag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nav: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    theme: Option<NewThemeToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toc: Option<NewTocToml>,
    markdown: NewMarkdownToml,
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_uri: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exclude_docs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    draft_docs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_in_nav: Vec<String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    redirects: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<NewLinksToml>,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    extra: toml::Table,
}

/// An `extra_js` entry: a path, or a table when the script says how it loads.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum NewScript {
    Path(String),
    Table {
        path: String,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        defer: Option<bool>,
        #[serde(rename = "async", skip_serializing_if = "Option::is_none")]
        load_async: Option<bool>,
    },
}

impl NewScript {
    /// An `extra_javascript` entry: a path, or `{path, type, defer, async}`.
    fn from_yaml(entry: &serde_yaml_ng::Value) -> Option<NewScript> {
        if let Some(path) = entry.as_str() {
            return Some(NewScript::Path(path.to_owned()));
        }
        let path = entry.get("path")?.as_str()?.to_owned();
        let flag = |key: &str| entry.get(key).and_then(serde_yaml_ng::Value::as_bool);
        let kind = entry
            .get("type")
            .and_then(serde_yaml_ng::Value::as_str)
            .map(str::to_owned);
        let (defer, load_async) = (flag("defer"), flag("async"));
        Some(
            if kind.is_none() && defer.is_none() && load_async.is_none() {
                NewScript::Path(path)
            } else {
                NewScript::Table {
                    path,
                    kind,
                    defer,
                    load_async,
                }
            },
        )
    }
}

/// `[links]`: the levels mkdocs.yml's `validation` sets.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewLinksToml {
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchors: Option<&'static str>,
}

/// MkDocs 1.6's `validation` levels for links to missing files and
/// anchors, as kbgen's (`warn` → warning, `info` → hint); `links:` says it
/// for links alone, a top-level key for links and nav alike.
fn link_levels(validation: &serde_yaml_ng::Value) -> Option<NewLinksToml> {
    let level = |key: &str| {
        let value = validation
            .get("links")
            .and_then(|links| links.get(key))
            .or_else(|| validation.get(key))?;
        match value.as_str()? {
            "warn" => Some("warning"),
            "info" => Some("hint"),
            "ignore" => Some("ignore"),
            _ => None,
        }
    };
    let links = NewLinksToml {
        missing: level("not_found"),
        anchors: level("anchors"),
    };
    (links.missing.is_some() || links.anchors.is_some()).then_some(links)
}

/// The `validation` keys that set a check kbgen does not make.
fn unchecked_validation(validation: &serde_yaml_ng::Value) -> Vec<String> {
    let keys = |value: Option<&serde_yaml_ng::Value>, prefix: &str| -> Vec<String> {
        value
            .and_then(serde_yaml_ng::Value::as_mapping)
            .into_iter()
            .flat_map(|map| map.keys())
            .filter_map(serde_yaml_ng::Value::as_str)
            .map(|key| format!("{prefix}{key}"))
            .collect()
    };
    let mut unchecked: Vec<String> = keys(Some(validation), "")
        .into_iter()
        .chain(keys(validation.get("links"), "links."))
        .chain(keys(validation.get("nav"), "nav."))
        .filter(|key| {
            ![
                "links",
                "nav",
                "not_found",
                "anchors",
                "links.not_found",
                "links.anchors",
            ]
            .contains(&key.as_str())
        })
        .collect();
    unchecked.dedup();
    unchecked
}

/// `extra` without `meta` (kbgen's own `meta`), as a TOML table for
/// `[extra]`; YAML nulls, which TOML cannot say, are left out.
fn extra_table(extra: &serde_yaml_ng::Value) -> toml::Table {
    extra
        .as_mapping()
        .into_iter()
        .flat_map(|map| map.iter())
        .filter(|(key, _)| key.as_str() != Some("meta"))
        .filter_map(|(key, value)| Some((yaml_key(key)?, yaml_as_toml(value)?)))
        .collect()
}

fn yaml_key(key: &serde_yaml_ng::Value) -> Option<String> {
    use serde_yaml_ng::Value;
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn yaml_as_toml(value: &serde_yaml_ng::Value) -> Option<toml::Value> {
    use serde_yaml_ng::Value;
    Some(match value {
        Value::Null => return None,
        Value::Bool(flag) => toml::Value::Boolean(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => toml::Value::Integer(integer),
            None => toml::Value::Float(number.as_f64()?),
        },
        Value::String(text) => toml::Value::String(text.clone()),
        Value::Sequence(items) => {
            toml::Value::Array(items.iter().filter_map(yaml_as_toml).collect())
        }
        Value::Mapping(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(key, value)| Some((yaml_key(key)?, yaml_as_toml(value)?)))
                .collect(),
        ),
        Value::Tagged(tagged) => return yaml_as_toml(&tagged.value),
    })
}

/// `[markdown]`: MkDocs reads `Title: …` lines on every page; the
/// extensions are on exactly when mkdocs.yml lists them.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewMarkdownToml {
    meta: bool,
    abbr: bool,
    def_list: bool,
    attr_list: bool,
    tabbed: NewSwitch<NewTabbedToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippets: Option<NewSnippetsToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arithmatex: Option<NewArithmatexToml>,
    emoji: NewSwitch<NewEmojiToml>,
    mark: bool,
    caret: bool,
    tilde: bool,
    keys: bool,
    inlinehilite: bool,
    smartsymbols: bool,
    headings_without_space: bool,
    md_in_html: bool,
    python_raw_html: bool,
    python_lists: bool,
    tasklist: NewSwitch<NewTasklistToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    critic: Option<NewCriticToml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    footnotes: Option<NewFootnotesToml>,
    custom_fences: Vec<NewCustomFence>,
}

/// The footnotes extension's options, Python-Markdown's upper-case names
/// in lower case.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
struct NewFootnotesToml {
    #[serde(skip_serializing_if = "Option::is_none")]
    backlink_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backlink_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    superscript_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    separator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_definition_order: Option<bool>,
}

impl NewFootnotesToml {
    /// `None` when the options change nothing.
    fn from_options(options: &serde_yaml_ng::Value) -> Option<NewFootnotesToml> {
        let text = |key: &str| options.get(key).and_then(yaml_scalar_text);
        let found = NewFootnotesToml {
            backlink_text: text("BACKLINK_TEXT"),
            backlink_title: text("BACKLINK_TITLE"),
            superscript_text: text("SUPERSCRIPT_TEXT"),
            separator: text("SEPARATOR"),
            use_definition_order: options
                .get("USE_DEFINITION_ORDER")
                .and_then(serde_yaml_ng::Value::as_bool),
        };
        (found != NewFootnotesToml::default()).then_some(found)
    }
}

/// A string or number option as text (`SEPARATOR: -`, `SUPERSCRIPT_TEXT: 1`).
fn yaml_scalar_text(value: &serde_yaml_ng::Value) -> Option<String> {
    match value {
        serde_yaml_ng::Value::String(text) => Some(text.clone()),
        serde_yaml_ng::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// pymdownx.critic's `mode`, as mkdocs.yml gives it.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewCriticToml {
    mode: String,
}

/// One of pymdownx.superfences' `custom_fences`: its format is read from
/// the function mkdocs.yml names (`fence_div_format`, else a `<pre>`),
/// in the file's text, as serde_yaml drops `!!python/name:` tags.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewCustomFence {
    name: String,
    class: String,
    format: &'static str,
}

impl NewCustomFence {
    fn list(extensions: &[serde_yaml_ng::Value], text: &str) -> Vec<NewCustomFence> {
        let options = extension_options(extensions, "pymdownx.superfences");
        let fences = options
            .as_ref()
            .and_then(|o| o.get("custom_fences"))
            .and_then(serde_yaml_ng::Value::as_sequence);
        // The `format:` lines after `custom_fences:`, one per fence in order.
        let mut formats = text
            .lines()
            .skip_while(|line| !line.trim_start().starts_with("custom_fences:"))
            .filter_map(|line| {
                let line = line.trim_start().trim_start_matches("- ");
                line.strip_prefix("format:").map(str::trim)
            });
        fences
            .into_iter()
            .flatten()
            .filter_map(|fence| {
                let text = |key: &str| fence.get(key)?.as_str().map(str::to_owned);
                let format = fence.get("format").and(formats.next()).unwrap_or_default();
                let name = text("name")?;
                Some(NewCustomFence {
                    class: text("class").unwrap_or_else(|| name.clone()),
                    name,
                    format: if format.ends_with("fence_div_format") {
                        "div"
                    } else if format.contains("arithmatex.") {
                        "math"
                    } else {
                        "pre"
                    },
                })
            })
            .collect()
    }
}

/// pymdownx.emoji with Material's icon folders: the `custom_icons` option
/// and the theme's `custom_dir/.icons`.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewEmojiToml {
    icons: Vec<String>,
}

/// The `extra_javascript` entries that are there to load: web addresses,
/// and files the docs folder holds (a MathJax that a build step downloads
/// is not there, and its pages would show bare TeX).
fn math_scripts(mkdocs: &MkdocsYml, path: &Path) -> Vec<serde_yaml_ng::Value> {
    let docs = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(mkdocs.docs_dir.as_deref().unwrap_or("docs"));
    mkdocs
        .extra_javascript
        .iter()
        .filter(|script| {
            let name = script
                .as_str()
                .or_else(|| script.get("path").and_then(serde_yaml_ng::Value::as_str))
                .unwrap_or_default();
            let file = name.split(['?', '#']).next().unwrap_or(name);
            name.contains("://") || name.starts_with("//") || docs.join(file).is_file()
        })
        .cloned()
        .collect()
}

/// pymdownx.arithmatex's syntax options, and how the math is drawn: for
/// the MathJax or KaTeX the site loads, else as MathML.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewArithmatexToml {
    output: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    smart_dollar: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inline_syntax: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_syntax: Option<Vec<String>>,
}

impl NewArithmatexToml {
    fn from_options(options: &serde_yaml_ng::Value, scripts: &[serde_yaml_ng::Value]) -> Self {
        let loads_a_renderer = scripts.iter().any(|script| {
            let path = script
                .as_str()
                .or_else(|| script.get("path").and_then(serde_yaml_ng::Value::as_str))
                .unwrap_or_default()
                .to_ascii_lowercase();
            path.contains("mathjax") || path.contains("katex")
        });
        let names = |key: &str| {
            options
                .get(key)
                .and_then(serde_yaml_ng::Value::as_sequence)
                .map(|list| {
                    list.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .filter(|name| {
                            ["dollar", "round", "square", "begin"].contains(&name.as_str())
                        })
                        .collect()
                })
        };
        Self {
            output: if loads_a_renderer {
                "generic"
            } else {
                "mathml"
            },
            smart_dollar: options
                .get("smart_dollar")
                .and_then(serde_yaml_ng::Value::as_bool),
            inline_syntax: names("inline_syntax"),
            block_syntax: names("block_syntax"),
        }
    }
}

/// pymdownx.snippets' options kbgen acts on, as mkdocs.yml gives them.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewSnippetsToml {
    #[serde(skip_serializing_if = "Option::is_none")]
    base_path: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check_paths: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_append: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dedent_subsections: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restrict_base_path: Option<bool>,
}

impl NewSnippetsToml {
    fn from_options(options: &serde_yaml_ng::Value) -> Self {
        let paths = |key: &str| {
            let value = options.get(key)?;
            match value {
                serde_yaml_ng::Value::String(one) => Some(vec![one.clone()]),
                serde_yaml_ng::Value::Sequence(many) => Some(
                    many.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                ),
                _ => None,
            }
        };
        let flag = |key: &str| options.get(key).and_then(serde_yaml_ng::Value::as_bool);
        Self {
            base_path: paths("base_path"),
            check_paths: flag("check_paths"),
            auto_append: paths("auto_append"),
            dedent_subsections: flag("dedent_subsections"),
            restrict_base_path: flag("restrict_base_path"),
        }
    }
}

/// An extension off, or on with its options.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
enum NewSwitch<T> {
    Off(bool),
    On(T),
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewTabbedToml {
    alternate_style: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    slugs: Option<NewTabSlugs>,
}

/// pymdownx.tasklist's options.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewTasklistToml {
    custom_checkbox: bool,
}

/// pymdownx.tabbed's `slugify`: tab ids made from their labels.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct NewTabSlugs {
    /// The id options, as `[toc]` has them (no link options: those stay unset).
    #[serde(flatten)]
    ids: NewTocToml,
    #[serde(skip_serializing_if = "Option::is_none")]
    combine_header_slug: Option<bool>,
}

impl NewMarkdownToml {
    fn from_extensions(
        extensions: &[serde_yaml_ng::Value],
        scripts: &[serde_yaml_ng::Value],
        custom_dir: Option<&str>,
        text: &str,
    ) -> NewMarkdownToml {
        let tabbed = match extension_options(extensions, "pymdownx.tabbed") {
            None => NewSwitch::Off(false),
            Some(options) => NewSwitch::On(NewTabbedToml {
                alternate_style: options
                    .get("alternate_style")
                    .and_then(serde_yaml_ng::Value::as_bool)
                    .unwrap_or(false),
                slugs: options.get("slugify").is_some().then(|| {
                    let (ids, _) =
                        slug_settings(Some(&options), entry_lines(text, &["pymdownx.tabbed"]));
                    NewTabSlugs {
                        ids,
                        combine_header_slug: options
                            .get("combine_header_slug")
                            .and_then(serde_yaml_ng::Value::as_bool)
                            .filter(|on| *on),
                    }
                }),
            }),
        };
        let snippets = extension_options(extensions, "pymdownx.snippets")
            .map(|options| NewSnippetsToml::from_options(&options));
        let arithmatex = extension_options(extensions, "pymdownx.arithmatex")
            .map(|options| NewArithmatexToml::from_options(&options, scripts));
        let emoji = match extension_options(extensions, "pymdownx.emoji") {
            None => NewSwitch::Off(false),
            Some(options) => {
                let custom_icons = options
                    .get("options")
                    .and_then(|o| o.get("custom_icons"))
                    .and_then(serde_yaml_ng::Value::as_sequence)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned));
                let theme_icons =
                    custom_dir.map(|dir| format!("{}/.icons", dir.trim_end_matches('/')));
                NewSwitch::On(NewEmojiToml {
                    icons: custom_icons.chain(theme_icons).collect(),
                })
            }
        };
        NewMarkdownToml {
            meta: true,
            abbr: extension_options(extensions, "abbr").is_some(),
            def_list: extension_options(extensions, "def_list").is_some(),
            attr_list: extension_options(extensions, "attr_list").is_some(),
            tabbed,
            snippets,
            arithmatex,
            emoji,
            mark: extension_options(extensions, "pymdownx.mark").is_some(),
            caret: extension_options(extensions, "pymdownx.caret").is_some(),
            tilde: extension_options(extensions, "pymdownx.tilde").is_some(),
            keys: extension_options(extensions, "pymdownx.keys").is_some(),
            inlinehilite: extension_options(extensions, "pymdownx.inlinehilite").is_some(),
            smartsymbols: extension_options(extensions, "pymdownx.smartsymbols").is_some(),
            // Python-Markdown's own rule, unless pymdownx.saneheaders is listed.
            headings_without_space: extension_options(extensions, "pymdownx.saneheaders").is_none(),
            md_in_html: extension_options(extensions, "md_in_html").is_some(),
            // Python-Markdown's own reading of raw HTML.
            python_raw_html: true,
            // And its reading of lists, unless sane_lists changes it.
            python_lists: extension_options(extensions, "sane_lists").is_none(),
            tasklist: match extension_options(extensions, "pymdownx.tasklist") {
                None => NewSwitch::Off(false),
                Some(options) => NewSwitch::On(NewTasklistToml {
                    custom_checkbox: options
                        .get("custom_checkbox")
                        .and_then(serde_yaml_ng::Value::as_bool)
                        .unwrap_or(false),
                }),
            },
            critic: extension_options(extensions, "pymdownx.critic").map(|options| NewCriticToml {
                mode: options
                    .get("mode")
                    .and_then(serde_yaml_ng::Value::as_str)
                    .filter(|mode| matches!(*mode, "view" | "accept" | "reject"))
                    .unwrap_or("view")
                    .to_owned(),
            }),
            footnotes: extension_options(extensions, "footnotes")
                .and_then(|options| NewFootnotesToml::from_options(&options)),
            custom_fences: NewCustomFence::list(extensions, text),
        }
    }
}

/// The options of the extension `name` when `markdown_extensions` lists it
/// (an empty mapping when it has none). MkDocs keeps the options of the
/// last entry that gives any, so a bare repeat does not reset them.
fn extension_options(
    extensions: &[serde_yaml_ng::Value],
    name: &str,
) -> Option<serde_yaml_ng::Value> {
    let mut listed = false;
    let mut options = serde_yaml_ng::Value::Mapping(serde_yaml_ng::Mapping::new());
    for entry in extensions {
        if entry
            .as_str()
            .is_some_and(|entry| is_extension(entry, name))
        {
            listed = true;
        } else if let Some((_, given)) = entry.as_mapping().and_then(|map| {
            map.iter()
                .find(|(key, _)| key.as_str().is_some_and(|key| is_extension(key, name)))
        }) {
            listed = true;
            if given.is_mapping() {
                options = given.clone();
            }
        }
    }
    listed.then_some(options)
}

/// Whether `entry` names the extension `name` as Python-Markdown finds
/// it: also by its module (`markdown.extensions.def_list`) and with its
/// class (`def_list:DefinitionListExtension`).
fn is_extension(entry: &str, name: &str) -> bool {
    let module = entry.split(':').next().unwrap_or(entry);
    module
        .strip_prefix("markdown.extensions.")
        .unwrap_or(module)
        == name
}

/// `[toc]`: the heading ids the MkDocs site has been handing out.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
struct NewTocToml {
    slugify: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    separator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    percent_encode: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    normalize: Option<String>,
    #[serde(flatten)]
    links: NewTocLinks,
}

/// The `toc` options beyond ids, under their own names; kbgen's
/// permalinks stay on unless mkdocs.yml turns them off.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
struct NewTocLinks {
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink: Option<NewPermalink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permalink_leading: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchorlink: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchorlink_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baselevel: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toc_depth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toc_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_class: Option<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
enum NewPermalink {
    Off(bool),
    Text(String),
}

impl NewTocLinks {
    fn from_options(options: Option<&serde_yaml_ng::Value>) -> Self {
        let option = |key: &str| options.and_then(|o| o.get(key));
        let text = |key: &str| option(key).and_then(scalar_text);
        let flag = |key: &str| option(key).and_then(serde_yaml_ng::Value::as_bool);
        NewTocLinks {
            permalink: match option("permalink") {
                Some(serde_yaml_ng::Value::Bool(false)) => Some(NewPermalink::Off(false)),
                Some(serde_yaml_ng::Value::String(symbol)) => {
                    Some(NewPermalink::Text(symbol.clone()))
                }
                _ => None,
            },
            permalink_class: text("permalink_class"),
            // Python-Markdown's default, which MkDocs themes show on hover.
            permalink_title: text("permalink_title").or_else(|| Some("Permanent link".to_owned())),
            permalink_leading: flag("permalink_leading"),
            anchorlink: flag("anchorlink"),
            anchorlink_class: text("anchorlink_class"),
            baselevel: option("baselevel")
                .and_then(scalar_text)
                .and_then(|level| level.parse().ok()),
            toc_depth: text("toc_depth"),
            marker: text("marker"),
            title: text("title"),
            toc_class: text("toc_class"),
            title_class: text("title_class"),
        }
    }
}

/// A YAML string or number as text (`toc_depth: 3`, `toc_depth: "2-4"`).
fn scalar_text(value: &serde_yaml_ng::Value) -> Option<String> {
    match value {
        serde_yaml_ng::Value::String(text) => Some(text.clone()),
        serde_yaml_ng::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[derive(Debug, Serialize)]
struct NewThemeToml {
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<String>,
}

/// The `toc` extension's id settings in `markdown_extensions`: MkDocs
/// always runs `toc`, so without a `slugify` its ids are Python-Markdown's.
/// serde_yaml reads `!!python/…` tags as plain values, so which function
/// `slugify` names is read from the file's text.
fn toc_settings(extensions: &[serde_yaml_ng::Value], text: &str) -> (NewTocToml, Option<String>) {
    let options = extension_options(extensions, "toc")
        .filter(|o| o.as_mapping().is_some_and(|map| !map.is_empty()));
    let options = options.as_ref();
    let (ids, function) = slug_settings(
        options,
        entry_lines(text, &["toc", "markdown.extensions.toc"]),
    );
    let toc = NewTocToml {
        links: NewTocLinks::from_options(options),
        ..ids
    };
    let unknown = function
        .filter(|name| {
            toc.slugify == "python-markdown" && name != "markdown.extensions.toc.slugify"
        })
        .map(|name| format!("toc slugify `{name}` (heading ids follow Python-Markdown's default)"));
    (toc, unknown)
}

/// The ids an extension's `slugify` and `separator` options make (toc's,
/// pymdownx.tabbed's), and the function named, read from the entry's
/// `lines` since serde_yaml drops `!!python/…` tags. Without a known
/// function, Python-Markdown's own.
fn slug_settings<'t>(
    options: Option<&serde_yaml_ng::Value>,
    mut lines: impl Iterator<Item = &'t str>,
) -> (NewTocToml, Option<String>) {
    let option = |key: &str| options.and_then(|o| o.get(key));
    let separator = option("separator")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let function = lines.find_map(|line| {
        let value = line.trim_start().strip_prefix("slugify:")?.trim();
        let name = value
            .strip_prefix("!!python/name:")
            .or_else(|| value.strip_prefix("!!python/object/apply:"))?;
        Some(name.split([' ', '{']).next().unwrap_or(name).to_owned())
    });
    let pymdownx = |case: &str, percent_encode: bool| NewTocToml {
        slugify: "pymdownx",
        separator: separator.clone(),
        case: Some(case.to_owned()),
        percent_encode: percent_encode.then_some(true),
        ..NewTocToml::default()
    };
    let ids = match function.as_deref().filter(|_| option("slugify").is_some()) {
        Some("markdown.extensions.toc.slugify_unicode") => NewTocToml {
            slugify: "python-markdown-unicode",
            separator,
            ..NewTocToml::default()
        },
        // The pre-10 names, as pymdown-extensions 9.11 defines them.
        Some("pymdownx.slugs.uslugify") => pymdownx("lower", false),
        Some("pymdownx.slugs.uslugify_encoded") => pymdownx("lower", true),
        Some("pymdownx.slugs.uslugify_cased") => pymdownx("none", false),
        Some("pymdownx.slugs.uslugify_cased_encoded") => pymdownx("none", true),
        Some("pymdownx.slugs.gfm") => pymdownx("lower-ascii", false),
        Some("pymdownx.slugs.gfm_encoded") => pymdownx("lower-ascii", true),
        Some("pymdownx.slugs.slugify") => {
            let kwds = option("slugify").and_then(|v| v.get("kwds"));
            let kwd = |key: &str| kwds.and_then(|k| k.get(key));
            NewTocToml {
                slugify: "pymdownx",
                separator,
                case: kwd("case").and_then(|v| v.as_str()).map(str::to_owned),
                percent_encode: kwd("percent_encode").and_then(serde_yaml_ng::Value::as_bool),
                normalize: kwd("normalize").and_then(|v| v.as_str()).map(str::to_owned),
                ..NewTocToml::default()
            }
        }
        _ => NewTocToml {
            slugify: "python-markdown",
            separator,
            ..NewTocToml::default()
        },
    };
    (ids, function)
}

/// The lines of the `- toc:` (or another named) entry of `markdown_extensions` (its options),
/// so another extension's `slugify` (pymdownx.tabbed has one) is not read
/// as toc's.
fn entry_lines<'t>(text: &'t str, names: &[&str]) -> impl Iterator<Item = &'t str> {
    let mut lines = text.lines();
    let mut indent = None;
    for line in lines.by_ref() {
        let trimmed = line.trim_start();
        if let Some(entry) = trimmed.strip_prefix("- ")
            && entry
                .trim_end()
                .strip_suffix(':')
                .is_some_and(|name| names.contains(&name))
        {
            indent = Some(line.len() - trimmed.len());
            break;
        }
    }
    lines.take_while(move |line| {
        let trimmed = line.trim_start();
        indent.is_some_and(|entry| trimmed.is_empty() || line.len() - trimmed.len() > entry)
    })
}

/// The largest mkdocs.yml kbgen reads (a 500-page site's `nav` is tens of KB).
const MAX_MKDOCS_YML_BYTES: u64 = 4 * 1024 * 1024;

fn read_mkdocs(path: &Path) -> Result<(MkdocsYml, String), String> {
    use crate::bounded_read::{Bounded, read_bounded};
    use crate::content::yaml_depth;
    let shown = path.display();
    let text = match read_bounded(path, MAX_MKDOCS_YML_BYTES) {
        Ok(Bounded::Read(bytes)) => {
            String::from_utf8(bytes).map_err(|e| format!("cannot read {shown}: {e}"))?
        }
        Ok(Bounded::TooLarge(size)) => {
            return Err(format!(
                "{shown} is {size} bytes; kbgen reads one of at most 4 MB"
            ));
        }
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    // The YAML parser's work grows much faster than the text on deep
    // nesting; no real mkdocs.yml nests this deep.
    if yaml_depth::too_deep_at(&text).is_some() {
        return Err(format!(
            "{shown} nests more than {} levels deep",
            yaml_depth::MAX_NESTING
        ));
    }
    // mkdocs.yml often holds `!!python/name:` tags; read the keys we need
    // from a generic value so unknown tags elsewhere cannot stop us.
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let value = strip_tags(value);
    let mkdocs: MkdocsYml =
        serde_yaml_ng::from_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((mkdocs, text))
}

fn strip_tags(value: serde_yaml_ng::Value) -> serde_yaml_ng::Value {
    use serde_yaml_ng::Value;
    match value {
        Value::Tagged(tagged) => strip_tags(tagged.value),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(strip_tags).collect()),
        Value::Mapping(map) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (k, strip_tags(v))).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc_of(yaml: &str) -> (NewTocToml, Option<String>) {
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap_or_default();
        let extensions: Vec<serde_yaml_ng::Value> = value
            .get("markdown_extensions")
            .and_then(|v| v.as_sequence())
            .cloned()
            .unwrap_or_default();
        toc_settings(&extensions, yaml)
    }

    #[test]
    fn critic_takes_its_mode_and_defaults_to_view() {
        let critic = |yaml: &str| {
            let extensions: Vec<serde_yaml_ng::Value> =
                serde_yaml_ng::from_str(yaml).unwrap_or_default();
            NewMarkdownToml::from_extensions(&extensions, &[], None, "")
                .critic
                .map(|c| c.mode)
        };
        assert_eq!(critic("[admonition]"), None);
        assert_eq!(critic("[pymdownx.critic]").as_deref(), Some("view"));
        assert_eq!(
            critic("[{pymdownx.critic: {mode: accept}}]").as_deref(),
            Some("accept")
        );
        assert_eq!(
            critic("[{pymdownx.critic: {mode: sideways}}]").as_deref(),
            Some("view")
        );
    }

    #[test]
    fn extensions_are_found_by_module_and_class_too() {
        let yaml = "markdown_extensions:\n  - markdown.extensions.def_list\n  - markdown.extensions.toc:DocExtension:\n      separator: _\n  - pymdownx.caret\n";
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap_or_default();
        let extensions = value["markdown_extensions"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        assert!(extension_options(&extensions, "def_list").is_some());
        assert!(extension_options(&extensions, "pymdownx.caret").is_some());
        assert!(extension_options(&extensions, "caret").is_none());
        assert!(extension_options(&extensions, "abbr").is_none());
        let toc = extension_options(&extensions, "toc").unwrap_or_default();
        assert_eq!(toc["separator"].as_str(), Some("_"));
    }

    #[test]
    fn every_slugify_mkdocs_sites_name_is_mapped() {
        let named = |function: &str| {
            toc_of(&format!(
                "markdown_extensions:\n  - toc:\n      slugify: !!python/name:{function}\n"
            ))
        };
        assert_eq!(toc_of("site_name: x\n").0.slugify, "python-markdown");
        let (unicode, _) = named("markdown.extensions.toc.slugify_unicode");
        assert_eq!(unicode.slugify, "python-markdown-unicode");
        for (function, case, percent) in [
            ("pymdownx.slugs.uslugify", "lower", None),
            ("pymdownx.slugs.uslugify_encoded", "lower", Some(true)),
            ("pymdownx.slugs.uslugify_cased", "none", None),
            ("pymdownx.slugs.uslugify_cased_encoded", "none", Some(true)),
            ("pymdownx.slugs.gfm", "lower-ascii", None),
            ("pymdownx.slugs.gfm_encoded", "lower-ascii", Some(true)),
        ] {
            let (toc, warning) = named(function);
            assert_eq!(
                (toc.slugify, toc.case.as_deref(), toc.percent_encode),
                ("pymdownx", Some(case), percent),
                "{function}"
            );
            assert_eq!(warning, None);
        }
        let (fallback, warning) = named("my_hooks.slug");
        assert_eq!(fallback.slugify, "python-markdown");
        assert!(warning.is_some_and(|w| w.contains("my_hooks.slug")));
    }

    #[test]
    fn toc_options_beyond_ids_are_carried_over() {
        let yaml = "markdown_extensions:\n  - toc:\n      permalink: \"#\"\n      permalink_title: \"\"\n      anchorlink: true\n      baselevel: 2\n      toc_depth: 2-3\n      marker: \"\"\n";
        let links = toc_of(yaml).0.links;
        assert_eq!(links.permalink, Some(NewPermalink::Text("#".to_owned())));
        assert_eq!(links.permalink_title.as_deref(), Some(""));
        assert_eq!((links.anchorlink, links.baselevel), (Some(true), Some(2)));
        assert_eq!(links.toc_depth.as_deref(), Some("2-3"));
        assert_eq!(links.marker.as_deref(), Some(""));
        let off = toc_of("markdown_extensions:\n  - toc:\n      permalink: false\n")
            .0
            .links;
        assert_eq!(off.permalink, Some(NewPermalink::Off(false)));
    }

    #[test]
    fn another_extensions_slugify_is_not_tocs() {
        let yaml = "markdown_extensions:\n  - pymdownx.tabbed:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n  - toc:\n      permalink: true\n  - admonition\n";
        let (toc, warning) = toc_of(yaml);
        assert_eq!(
            (toc.slugify, toc.separator, toc.case, warning),
            ("python-markdown", None, None, None)
        );
        assert_eq!(toc.links.permalink, None);
        assert_eq!(toc.links.permalink_title.as_deref(), Some("Permanent link"));
        let both = "markdown_extensions:\n  - pymdownx.tabbed:\n      slugify: !!python/name:my.tab_slug\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.uslugify\n";
        assert_eq!(toc_of(both).0.slugify, "pymdownx");
    }

    #[test]
    fn validation_levels_map_onto_kbgens() {
        let levels = |yaml: &str| {
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap_or_default();
            (link_levels(&value), unchecked_validation(&value))
        };
        assert_eq!(levels("{}"), (None, vec![]));
        let (links, unchecked) = levels(
            "omitted_files: warn\nnot_found: info\nanchors: warn\nlinks:\n  anchors: ignore\n  absolute_links: relative_to_docs\nnav:\n  not_found: warn\n",
        );
        assert_eq!(
            links,
            Some(NewLinksToml {
                missing: Some("hint"),
                anchors: Some("ignore"),
            }),
            "`links:` says it for links, over the top-level key"
        );
        assert_eq!(
            unchecked,
            ["omitted_files", "links.absolute_links", "nav.not_found"]
        );
        let (links, _) = levels("links:\n  not_found: warn\n  anchors: loud\n");
        assert_eq!(
            links,
            Some(NewLinksToml {
                missing: Some("warning"),
                anchors: None,
            })
        );
    }

    #[test]
    fn extra_becomes_a_toml_table_without_meta_or_nulls() {
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(
            "meta: [{name: a, content: b}]\nversion: 1.5\nnothing:\n1: one\nalternate:\n  - {name: English, link: /en/, lang: en}\n  - null\n",
        )
        .unwrap_or_default();
        let table = extra_table(&value);
        assert_eq!(
            toml::to_string(&table).ok().as_deref(),
            Some(
                "1 = \"one\"\nversion = 1.5\n\n[[alternate]]\nlang = \"en\"\nlink = \"/en/\"\nname = \"English\"\n"
            )
        );
    }

    #[test]
    fn tabs_are_on_only_when_listed_with_the_last_options_given() {
        let markdown = |yaml: &str| {
            let extensions: Vec<serde_yaml_ng::Value> =
                serde_yaml_ng::from_str(yaml).unwrap_or_default();
            NewMarkdownToml::from_extensions(&extensions, &[], None, "").tabbed
        };
        assert_eq!(markdown("[admonition]"), NewSwitch::Off(false));
        assert_eq!(
            markdown("[pymdownx.tabbed]"),
            NewSwitch::On(NewTabbedToml {
                alternate_style: false,
                slugs: None,
            }),
            "pymdownx's own default is the first style"
        );
        assert_eq!(
            markdown("[{pymdownx.tabbed: {alternate_style: true}}, pymdownx.tabbed]"),
            NewSwitch::On(NewTabbedToml {
                alternate_style: true,
                slugs: None,
            }),
            "a bare repeat keeps the options (pi-hole lists it twice)"
        );
        let text = "markdown_extensions:\n  - pymdownx.tabbed:\n      combine_header_slug: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n";
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).unwrap_or_default();
        let extensions = value["markdown_extensions"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        let NewSwitch::On(tabbed) =
            NewMarkdownToml::from_extensions(&extensions, &[], None, text).tabbed
        else {
            panic!("tabbed is on");
        };
        let slugs = tabbed.slugs.expect("tab slugs");
        assert_eq!(
            (slugs.ids.slugify, slugs.ids.case.as_deref()),
            ("pymdownx", Some("lower"))
        );
        assert_eq!(slugs.combine_header_slug, Some(true));
    }
}
