//! The theme: Tera templates and static assets. The default theme is
//! embedded in the binary; a site's own `templates/` and `static/` folders
//! override it file by file.

mod context;
mod memo;
mod pages;

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

pub use context::{
    Breadcrumb, NavItem, PageContext, PageLink, SectionContext, SeeAlsoLink, SiteContext, TagLink,
    TemplateContext,
};

pub use memo::PageMemo;
pub use pages::{SiteFacts, render_html, render_page};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

static DEFAULT_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static DEFAULT_STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "page.html",
    "section.html",
    "index.html",
    "404.html",
];

/// Loaded templates and static files, ready to render pages.
#[derive(Debug)]
pub struct Theme {
    tera: tera::Tera,
    /// Template sources by name, for pointing render errors at a line.
    sources: BTreeMap<String, SourceText>,
    /// Static files by output path (`assets/kbgen.css`).
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// A hash of every template, so reused pages follow template edits.
    fingerprint: [u8; 32],
}

impl Theme {
    /// Loads the default theme with the site's overrides from `root/templates`
    /// and `root/static`. Template syntax errors are reported with their line.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut sources: BTreeMap<String, SourceText> = BTreeMap::new();
        for file in embedded_files(&DEFAULT_TEMPLATES) {
            let text = String::from_utf8_lossy(file.1).into_owned();
            let shown = format!("(default theme)/templates/{}", file.0);
            sources.insert(file.0, SourceText::new(shown, text));
        }
        for (name, path) in site_files(&root.join("templates"), &mut diagnostics) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    sources.insert(name, SourceText::new(shown, text));
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error("template", format!("cannot read template: {e}"))
                        .in_file(path.strip_prefix(root).unwrap_or(&path)),
                ),
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
        tera.autoescape_on([".html", ".xml", ".htm"]);
        if let Err(error) = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, s)| (name.as_str(), s.text.as_ref())),
        ) {
            diagnostics.push(template_diagnostic(&error, &sources));
        }
        let mut static_files: BTreeMap<String, Vec<u8>> = embedded_files(&DEFAULT_STATIC)
            .into_iter()
            .map(|(name, bytes)| (name, bytes.to_vec()))
            .collect();
        for (name, path) in site_files(&root.join("static"), &mut diagnostics) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    static_files.insert(name, bytes);
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error("static", format!("cannot read static file: {e}"))
                        .in_file(path.strip_prefix(root).unwrap_or(&path)),
                ),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        for (name, source) in &sources {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(source.text.as_bytes());
            hasher.update(&[0]);
        }
        Ok(Theme {
            tera,
            sources,
            static_files,
            fingerprint: *hasher.finalize().as_bytes(),
        })
    }

    /// Whether a template of this name exists (for front matter `template`).
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
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
            .map_err(|error| template_diagnostic(&error, &self.sources))?;
        Ok(html)
    }
}

/// Turns a Tera error into a diagnostic pointing into the template's source.
fn template_diagnostic(error: &tera::Error, sources: &BTreeMap<String, SourceText>) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let diagnostic = Diagnostic::error("template", report.message().to_owned());
            match sources.get(report.filename()) {
                Some(source) => diagnostic.at(source, report.span().range.clone()),
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

/// Files below `dir` (if it exists) as (forward-slash relative path, absolute path), sorted.
pub(crate) fn site_files(
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, std::path::PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let name = entry.file_name().to_string_lossy();
                if name.starts_with('.') {
                    continue;
                }
                if let Ok(relative) = entry.path().strip_prefix(dir) {
                    files.push((
                        relative.to_string_lossy().replace('\\', "/"),
                        entry.path().to_path_buf(),
                    ));
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics
                .push(Diagnostic::error("walk", format!("cannot read: {e}")).in_file(dir)),
        }
    }
    files
}
