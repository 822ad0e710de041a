//! The theme: Tera templates and static assets. The default theme is
//! embedded in the binary; a site's own `templates/` and `static/` folders
//! override it file by file.

mod context;
mod extra;
mod memo;
mod overrides;
mod pages;

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

pub use context::{
    AccentContext, Breadcrumb, NavItem, PageContext, PageLink, ScriptContext, SectionContext,
    SeeAlsoLink, SiteContext, SocialLink, TagLink, TemplateContext,
};

pub use memo::PageMemo;
pub use pages::{SiteFacts, render_html, render_page};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

static DEFAULT_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// `static/`, with its CSS and JS minified by build.rs.
static DEFAULT_STATIC: Dir<'_> = include_dir!("$OUT_DIR/static");

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "page.html",
    "section.html",
    "index.html",
    "404.html",
];

/// A static file of the theme: built in, or the site's own (copied from
/// disk when the site is written, never read whole before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    Site(std::path::PathBuf),
}

/// Loaded templates and static files, ready to render pages.
#[derive(Debug)]
pub struct Theme {
    tera: tera::Tera,
    /// Template sources by name, for pointing render errors at a line.
    sources: BTreeMap<String, SourceText>,
    /// Site templates that extend the theme's template of their own name,
    /// as Tera reads them.
    rewritten: BTreeMap<String, overrides::Rewritten>,
    /// The site's own templates, by name.
    site_templates: BTreeMap<String, SourceText>,
    /// The default theme's template names.
    theme_names: std::collections::BTreeSet<String>,
    /// Static files by output path (`assets/kbgen.css`).
    pub static_files: BTreeMap<String, StaticFile>,
    /// A hash of every template, so reused pages follow template edits.
    fingerprint: [u8; 32],
}

impl Theme {
    /// Loads the default theme with the site's overrides from `root/templates`
    /// and `root/static`. Template syntax errors are reported with their line.
    /// Warnings (links left out) come with the theme; any error means no theme.
    pub fn load(root: &Path) -> (Option<Theme>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let mut sources: BTreeMap<String, SourceText> = BTreeMap::new();
        let mut theme_names = std::collections::BTreeSet::new();
        for (name, bytes) in embedded_files(&DEFAULT_TEMPLATES) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let shown = format!("(default theme)/templates/{name}");
            let source = SourceText::new(shown, text);
            // Always reachable as `kbgen/<name>`, for overrides to extend.
            sources.insert(format!("{}{name}", overrides::THEME_PREFIX), source.clone());
            sources.insert(name.clone(), source);
            theme_names.insert(name);
        }
        let mut site_templates = BTreeMap::new();
        let mut rewritten = BTreeMap::new();
        for (name, path) in site_files(root, "templates", &mut diagnostics) {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            match read_template(&path) {
                Ok(text) => {
                    if let Some(own) = overrides::Rewritten::of(&name, &text) {
                        rewritten.insert(name.clone(), own);
                    }
                    let source = SourceText::new(shown, text);
                    site_templates.insert(name.clone(), source.clone());
                    sources.insert(name, source);
                }
                Err(message) => {
                    diagnostics.push(Diagnostic::error("template", message).in_file(&shown))
                }
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.contains_key(*required) {
                diagnostics.push(
                    Diagnostic::error("template", format!("missing template `{required}`"))
                        .in_file("templates"),
                );
            }
        }
        let mut tera = tera::Tera::new();
        // The theme's `kbgen/` copies rank below the names a site sees, so
        // a component (the recursive sidebar) defined in both is no clash.
        if let Err(error) = tera.set_fallback_prefixes([overrides::THEME_PREFIX]) {
            diagnostics.push(Diagnostic::error("template", error.to_string()));
        }
        tera.autoescape_on([".html", ".xml", ".htm"]);
        if let Err(error) = tera.add_raw_templates(sources.iter().map(|(name, s)| {
            let text = rewritten
                .get(name)
                .map_or(s.text.as_ref(), |r| r.text.as_str());
            (name.as_str(), text)
        })) {
            diagnostics.push(template_diagnostic(&error, &sources, &rewritten));
        }
        let mut static_files: BTreeMap<String, StaticFile> = embedded_files(&DEFAULT_STATIC)
            .into_iter()
            .map(|(name, bytes)| (name, StaticFile::Embedded(bytes)))
            .collect();
        for (name, path) in site_files(root, "static", &mut diagnostics) {
            static_files.insert(name, StaticFile::Site(path));
        }
        if diagnostics.has_errors() {
            return (None, diagnostics);
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        for (name, source) in &sources {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(source.text.as_bytes());
            hasher.update(&[0]);
        }
        let theme = Theme {
            tera,
            sources,
            rewritten,
            site_templates,
            theme_names,
            static_files,
            fingerprint: *hasher.finalize().as_bytes(),
        };
        (Some(theme), diagnostics)
    }

    /// Whether a template of this name exists (for front matter `template`).
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The site's templates that replace nothing and that nothing uses
    /// (most likely misnamed); `page_templates` are the names pages give
    /// in their front matter.
    pub fn unused_overrides(
        &self,
        page_templates: &std::collections::BTreeSet<String>,
    ) -> Vec<Diagnostic> {
        overrides::unused_overrides(
            &self.site_templates,
            &self.theme_names,
            &self.sources,
            page_templates,
        )
    }

    /// Renders a template, or takes the page from `memo` when its inputs are
    /// unchanged; errors name the template, line and column.
    pub fn render_or_reuse(
        &self,
        template: &str,
        context: &TemplateContext<'_>,
        path: &str,
        memo: Option<&PageMemo>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let Some(memo) = memo else {
            return self.render(template, context);
        };
        // The context is serialized straight into the hash: no buffer.
        let mut hasher = memo::key_hasher(&self.fingerprint, template);
        serde_json::to_writer(&mut hasher, context).map_err(|e| {
            Diagnostic::error(
                "template",
                format!("cannot build the template context: {e}"),
            )
        })?;
        let key = memo::finish_key(&hasher);
        memo.record(path, key);
        match memo.reuse(path, &key) {
            Some(html) => Ok(html),
            None => self.render(template, context),
        }
    }

    /// Renders a template to UTF-8 bytes; errors name the template, line and column.
    pub fn render(
        &self,
        template: &str,
        context: &TemplateContext<'_>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let tera_context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::error(
                "template",
                format!("cannot build the template context: {e}"),
            )
        })?;
        // Room for the body and the page around it, so the buffer rarely grows.
        let mut html = Vec::with_capacity(context.page.content.len() + 48 * 1024);
        self.tera
            .render_to(template, &tera_context, &mut html)
            .map_err(|error| template_diagnostic(&error, &self.sources, &self.rewritten))?;
        Ok(html)
    }
}

/// The largest template kbgen reads: far beyond any real one.
const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

fn read_template(path: &Path) -> Result<String, String> {
    use crate::bounded_read::{Bounded, read_bounded};
    match read_bounded(path, MAX_TEMPLATE_BYTES) {
        Ok(Bounded::Read(bytes)) => {
            String::from_utf8(bytes).map_err(|_| "template is not valid UTF-8".to_owned())
        }
        Ok(Bounded::TooLarge(size)) => Err(format!(
            "template is {} MB; templates may be at most {} MB",
            size / (1024 * 1024),
            MAX_TEMPLATE_BYTES / (1024 * 1024)
        )),
        Err(e) => Err(format!("cannot read template: {e}")),
    }
}

/// Turns a Tera error into a diagnostic pointing into the template's source.
fn template_diagnostic(
    error: &tera::Error,
    sources: &BTreeMap<String, SourceText>,
    rewritten: &BTreeMap<String, overrides::Rewritten>,
) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let mut diagnostic = Diagnostic::error("template", report.message().to_owned());
            if let Some(meant) = meant_field(report.message()) {
                diagnostic = diagnostic.with_help(format!("did you mean `{meant}`?"));
            }
            let mut span = report.span().range.clone();
            if let Some(own) = rewritten.get(report.filename()) {
                span = own.to_original(span.start)..own.to_original(span.end);
            }
            match sources.get(report.filename()) {
                Some(source) => diagnostic.at(source, span),
                None => diagnostic.with_help(format!("in template `{}`", report.filename())),
            }
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error("template", format!("template `{name}` not found"))
                .with_help("add it to the site's templates/ folder")
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let diagnostic = Diagnostic::error(
                "template",
                format!("template `{current}` extends `{parent}`, which does not exist"),
            );
            match sources.get(current) {
                Some(source) => diagnostic.at(source, 0..source.text.find('\n').unwrap_or(0)),
                None => diagnostic,
            }
        }
        other => Diagnostic::error("template", other.to_string()),
    }
}

/// For Tera's "Field `titel` is not defined. Available fields: a, b, …",
/// the available field nearest to the one written.
fn meant_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Field `")?;
    let (written, rest) = rest.split_once('`')?;
    let (_, available) = rest.split_once("Available fields:")?;
    let names = available
        .split(',')
        .map(|name| name.trim().trim_end_matches('.'));
    crate::diagnostics::closest_name(written, names)
}

/// Every file of an embedded folder as (forward-slash path, bytes), sorted.
fn embedded_files(dir: &'static Dir<'static>) -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            files.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents(),
            ));
        }
        stack.extend(dir.dirs());
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Files below `root/folder` (if it exists) as (forward-slash relative path,
/// absolute path), sorted. Hidden files are left out, and so are links that
/// leave the site's folder (with a warning each).
pub(crate) fn site_files(
    root: &Path,
    folder: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, std::path::PathBuf)> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Vec::new();
    }
    let site_root = crate::content::walk::site_root(root);
    let left_out = std::cell::RefCell::new(Vec::new());
    let mut files = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || crate::content::walk::may_follow(entry, &site_root, &left_out)
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let name = entry.file_name().to_string_lossy();
                if name.starts_with('.') {
                    continue;
                }
                if let Ok(relative) = entry.path().strip_prefix(&dir) {
                    files.push((
                        relative.to_string_lossy().replace('\\', "/"),
                        entry.path().to_path_buf(),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics
                .push(Diagnostic::error("walk", format!("cannot read: {e}")).in_file(&dir)),
        }
    }
    for link in left_out.into_inner() {
        let shown = link.strip_prefix(root).unwrap_or(&link);
        diagnostics.push(crate::content::walk::link_left_out(shown));
    }
    files
}
