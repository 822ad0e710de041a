//! The build, stage by stage: settings → content → rendered markdown →
//! checks → templated pages → a staging folder → swapped in. Every stage
//! reports its problems and the build goes on collecting them; any error
//! stops it before the output folder is touched.

mod site_state;

pub use site_state::SiteState;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::check::{self, BROKEN_ANCHOR, BROKEN_LINK};
use crate::config::{self, Config, ConfigError, Overrides};
use crate::content;
use crate::crosslinks;
use crate::diagnostics::{Diagnostics, Severity};
use crate::last_build::{self, LastBuild};
use crate::markdown::{HighlightCache, highlight};
use crate::output::{self, OutputError, Sink, StagingSink};
use crate::render::{self, Bodies, RenderedSite};
use crate::search;
use crate::seo;
use crate::seo::SiteFile;
use crate::theme::{self, PageMemo, SiteFacts, StaticFile, Theme};

/// What `kbgen build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub overrides: Overrides,
    /// Report broken links and anchors as warnings instead of errors.
    pub allow_broken_links: bool,
    /// Fail on warnings too (a CI gate).
    pub strict: bool,
    /// Replace an output folder kbgen did not make.
    pub force: bool,
}

/// A finished build: where it went and what it noticed.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub pages: usize,
    pub files: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// How many hints the build had (`check` shows them).
    pub hints: usize,
    pub timings: Timings,
    /// The output was already what this build would write: nothing was written.
    pub up_to_date: bool,
    /// Why the output folder's contents were replaced file by file instead
    /// of the folder at once (a mount point), when they were.
    pub replaced_in_place: Option<String>,
    /// The settings were read from mkdocs.yml (there is no site.toml).
    pub from_mkdocs: bool,
}

/// Why a build produced no output.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Problems in the site; the previous output is untouched.
    #[error("the site has errors")]
    Site {
        /// Errors and warnings.
        problems: Diagnostics,
        /// How many hints there were besides (`check` shows them).
        hints: usize,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let config = config::load(&options.root, &options.overrides)?;
    let folders = output::SiteFolders {
        root: &config.root,
        content: &config.content_dir,
        cache: &config.cache_dir,
    };
    let last = LastBuild::load(&config.cache_dir);
    let made_by_kbgen = last
        .as_ref()
        .is_some_and(|l| l.published(&config.output_dir));
    output::check_target(&config.output_dir, &folders, options.force, made_by_kbgen)?;
    let started = Instant::now();
    let read_before = last
        .as_ref()
        .map(LastBuild::snippet_files)
        .unwrap_or_default();
    let inputs = last_build::inputs_hash(&config, options, read_before);
    if let Some(inputs) = &inputs
        && let Some(last) = &last
        && last.is_current(inputs, &config.output_dir)
    {
        let mut diagnostics = last.diagnostics();
        if options.strict {
            diagnostics.promote_warnings();
        }
        if diagnostics.has_errors() {
            return Err(BuildError::Site {
                problems: diagnostics,
                hints: last.hints,
            });
        }
        let mut timings = Timings::default();
        timings.record("check the last build", started);
        return Ok(BuildReport {
            output_dir: config.output_dir.clone(),
            pages: last.pages,
            files: last.files(),
            diagnostics,
            hints: last.hints,
            timings,
            up_to_date: true,
            replaced_in_place: None,
            from_mkdocs: config.settings_file == config::MKDOCS_FILE,
        });
    }
    let hashed = started.elapsed();
    let staging = StagingSink::new(&config.output_dir)?;
    let cache = HighlightCache::open(&config.cache_dir, &config.highlight);
    let Built {
        mut diagnostics,
        pages,
        mut timings,
        complete,
        state: _,
        snippet_files,
    } = build_tree(&config, options.allow_broken_links, &staging, &cache, None);
    timings.stages.insert(0, ("hash the inputs", hashed));
    let recorded = diagnostics.clone();
    if options.strict {
        diagnostics.promote_warnings();
    }
    if !complete || diagnostics.has_errors() {
        // Dropping the staging folder deletes it: the previous output stays.
        return Err(BuildError::Site {
            hints: diagnostics.count(Severity::Hint),
            problems: diagnostics.without_hints(),
        });
    }
    let started = Instant::now();
    let files = staging.files();
    LastBuild::forget(&config.cache_dir);
    let replaced_in_place = match staging.publish()? {
        output::Published::Swapped => None,
        output::Published::InPlace { reason } => Some(reason),
    };
    timings.record("publish", started);
    let started = Instant::now();
    cache.commit();
    // The snippets read may differ from the last build's: the inputs are
    // then the ones this build read.
    let inputs = if snippet_files == read_before {
        inputs
    } else {
        last_build::inputs_hash(&config, options, &snippet_files)
    };
    if let Some(inputs) = inputs {
        let _ = LastBuild::save(
            &config.cache_dir,
            last_build::Inputs {
                hash: inputs,
                snippet_files,
            },
            &config.output_dir,
            pages,
            &recorded,
        );
    }
    timings.record("record the build", started);
    Ok(BuildReport {
        output_dir: config.output_dir.clone(),
        pages,
        files,
        hints: diagnostics.count(Severity::Hint),
        diagnostics: diagnostics.without_hints(),
        timings,
        up_to_date: false,
        replaced_in_place,
        from_mkdocs: config.settings_file == config::MKDOCS_FILE,
    })
}

/// Runs every stage, handing each output file to `sink` as soon as it is
/// made; returns all diagnostics and the number of HTML pages. `memo` (used
/// by `serve`) lets unchanged pages be taken from the previous build.
pub fn build_tree(
    config: &Config,
    allow_broken_links: bool,
    sink: &dyn Sink,
    cache: &HighlightCache,
    memo: Option<&PageMemo>,
) -> Built {
    let mut timings = Timings::default();
    let mut diagnostics = config.notes.clone();
    let started = Instant::now();
    let (theme, problems) = Theme::load(&config.root);
    diagnostics.extend(problems);
    timings.record("load theme", started);
    let started = Instant::now();
    let (site, problems) = content::load(config);
    diagnostics.extend(problems);
    let mut snippet_files = site.snippet_files();
    if let Some(theme) = &theme {
        let page_templates = site
            .pages
            .iter()
            .filter_map(|p| p.front_matter.template.clone())
            .collect();
        diagnostics.extend(theme.unused_overrides(&page_templates));
        diagnostics.extend(missing_extra_files(config, theme, &site));
    }
    timings.record("load content", started);
    let started = Instant::now();
    // `serve` (the memo) keys pages by their whole context, body included.
    let bodies = if memo.is_some() {
        Bodies::Now
    } else {
        Bodies::WhenWritten
    };
    let rendered = render::render_site(&site, config, cache, bodies);
    timings.record("render markdown", started);
    add_icon_files(&mut snippet_files, &rendered);
    let started = Instant::now();
    let mut link_problems = check::check_links(&rendered, &config.slug_style);
    link_problems.set_severity(BROKEN_LINK, config.link_levels.missing.severity());
    link_problems.set_severity(BROKEN_ANCHOR, config.link_levels.anchors.severity());
    if allow_broken_links {
        link_problems.downgrade(BROKEN_LINK);
        link_problems.downgrade(BROKEN_ANCHOR);
    }
    diagnostics.extend(link_problems);
    diagnostics.extend(check::check_code_blocks(&rendered));
    diagnostics.extend(check::check_math(&rendered));
    diagnostics.extend(check::check_emoji(&rendered));
    timings.record("check links", started);
    let started = Instant::now();
    let seo = seo::analyse(&rendered, config);
    diagnostics.extend(check::check_author_faq_pages(&rendered, &seo));
    diagnostics.extend(check::check_articles(&rendered, &seo));
    timings.record("answers and FAQ", started);
    let started = Instant::now();
    let links = crosslinks::compute(&rendered, config);
    timings.record("see-also, backlinks, related", started);
    diagnostics.extend(check::check_see_also(&rendered, &seo, &links));
    let Some(theme) = theme else {
        // Without templates there are no pages, but the site files' own
        // checks (redirects, base URL) still report.
        seo::site_files(&rendered, &seo, config, &mut diagnostics);
        return Built {
            diagnostics,
            pages: 0,
            timings,
            complete: false,
            state: None,
            snippet_files,
        };
    };
    let feed_url = seo::feed_url(&site, config);
    let facts = SiteFacts {
        rendered: &rendered,
        seo: &seo,
        links: &links,
        config,
        feed_url: feed_url.clone(),
    };
    let (templated, made) = pages_and_site_files(facts, &theme, sink, memo);
    diagnostics.extend(made.problems);
    diagnostics.extend(templated.problems);
    timings.add("templates and writing pages", templated.took);
    timings.add("site files (alongside)", made.took);
    timings.add("search index (alongside)", made.indexing_took);
    let pages = templated.pages;
    let started = Instant::now();
    put(
        sink,
        "assets/highlight.css".to_owned(),
        highlight::stylesheet(&config.highlight).into_bytes(),
        "the highlighting stylesheet",
        &mut diagnostics,
    );
    for (path, file) in &theme.static_files {
        let origin = format!("static/{path}");
        let result = match file {
            // The theme's defaults give way to the site's own files: an
            // MkDocs project's `docs/favicon.svg` is the site's icon, not a clash.
            StaticFile::Embedded(_) if site.has_asset(path) => continue,
            StaticFile::Embedded(bytes) => sink.put(path.clone(), bytes.to_vec(), origin.into()),
            StaticFile::Site(from) => sink.copy(path.clone(), from, origin.into()),
        };
        if let Err(diagnostic) = result {
            diagnostics.push(diagnostic);
        }
    }
    for asset in &site.assets {
        let shown = content::display_path(config, &asset.abs_path);
        if let Err(diagnostic) = sink.copy(
            asset.rel_path.clone(),
            &asset.abs_path,
            shown.display().to_string().into(),
        ) {
            // A read failure names the file as the user knows it.
            let diagnostic = if diagnostic.code == "read" {
                diagnostic.in_file(&shown)
            } else {
                diagnostic
            };
            diagnostics.push(diagnostic);
        }
    }
    timings.record("other files", started);
    let RenderedSite {
        pages: rendered_pages,
        ..
    } = rendered;
    Built {
        diagnostics,
        pages,
        timings,
        complete: true,
        snippet_files,
        state: Some(SiteState {
            highlight: HighlightCache::in_memory(&config.highlight),
            config: config.clone(),
            theme,
            site,
            rendered: rendered_pages,
            seo,
            links,
            feed_url,
        }),
    }
}

/// Files site.toml names that are no file of the site (a static file or a
/// file in the content folder): the pages would link nothing. A missing
/// stylesheet or script is a warning; a missing logo or icon, which every
/// page shows, is an error.
fn missing_extra_files(config: &Config, theme: &Theme, site: &content::Site) -> Diagnostics {
    use crate::diagnostics::Diagnostic;
    let mut problems = Diagnostics::new();
    let named = config
        .extra_css
        .iter()
        .map(|path| ("extra_css", path))
        .chain(
            config
                .extra_js
                .iter()
                .map(|script| ("extra_js", &script.path)),
        )
        .chain(config.theme.logo.iter().map(|path| ("logo", path)))
        .chain(config.theme.favicon.iter().map(|path| ("favicon", path)))
        .chain(config.theme.mermaid.iter().map(|path| ("mermaid", path)));
    for (key, path) in named {
        if path.contains("://") || path.starts_with("//") {
            continue;
        }
        // `app.js?v=2`: the query is for caches, not part of the file name.
        let file = path.trim_start_matches('/');
        let file = file.split(['?', '#']).next().unwrap_or(file);
        if theme.static_files.contains_key(file) || site.has_asset(file) {
            continue;
        }
        let message = format!("`{key}` names `{path}`, which is no file of the site");
        let diagnostic = if matches!(key, "logo" | "favicon" | "mermaid") {
            Diagnostic::error("extra-file", message)
        } else {
            Diagnostic::warning("extra-file", message)
        };
        problems.push(
            diagnostic.in_file(config::CONFIG_FILE).with_help(
                "put the file in static/ (or next to your articles), or give a full URL",
            ),
        );
    }
    problems
}

/// The pages, rendered into the sink.
struct Templated {
    pages: usize,
    problems: Diagnostics,
    took: Duration,
}

/// The files besides the pages (sitemap, feed, llms.txt, redirects and the
/// search index), written into the sink as soon as they are made.
struct SiteFiles {
    problems: Diagnostics,
    took: Duration,
    indexing_took: Duration,
}

/// Renders the pages while one thread makes the site files and the search
/// index: both are serial, so alongside the pages they take the time the
/// pages' work leaves over instead of a core's worth.
fn pages_and_site_files(
    facts: SiteFacts<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    memo: Option<&PageMemo>,
) -> (Templated, SiteFiles) {
    let (rendered, seo, config) = (facts.rendered, facts.seo, facts.config);
    rayon::join(
        || {
            let started = Instant::now();
            let (pages, problems) = theme::render_html(facts, theme, sink, memo);
            Templated {
                pages,
                problems,
                took: started.elapsed(),
            }
        },
        || {
            let started = Instant::now();
            let mut problems = Diagnostics::new();
            let files = seo::site_files(rendered, seo, config, &mut problems);
            put_site_files(sink, files, &mut problems);
            let took = started.elapsed();
            let started = Instant::now();
            let files = search::index_files(rendered, seo, config);
            put_site_files(sink, files, &mut problems);
            SiteFiles {
                problems,
                took,
                indexing_took: started.elapsed(),
            }
        },
    )
}

fn put_site_files(sink: &dyn Sink, files: Vec<SiteFile>, diagnostics: &mut Diagnostics) {
    for file in files {
        put(
            sink,
            file.path,
            file.bytes,
            "generated site files",
            diagnostics,
        );
    }
}

/// The icon files the pages read (or would read, had the icon been
/// there), among the other files read, sorted, once each.
fn add_icon_files(files: &mut Vec<std::path::PathBuf>, rendered: &RenderedSite<'_>) {
    let icons = rendered.pages.iter().flat_map(|page| &page.emoji.files);
    let mut all: std::collections::BTreeSet<std::path::PathBuf> = files.drain(..).collect();
    all.extend(icons.cloned());
    files.extend(all);
}

/// What [`build_tree`] did.
#[derive(Debug)]
pub struct Built {
    pub diagnostics: Diagnostics,
    /// HTML pages made.
    pub pages: usize,
    pub timings: Timings,
    /// False when a stage could not run at all (the theme did not load).
    pub complete: bool,
    /// The site as built, when every stage ran.
    pub state: Option<SiteState>,
    /// The snippet and icon files the pages read (outside the content
    /// folder, they are inputs the folder walk does not see).
    pub snippet_files: Vec<std::path::PathBuf>,
}

/// How long each stage took, in order (for `--timings`; never in the output).
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record(&mut self, stage: &'static str, started: Instant) {
        self.add(stage, started.elapsed());
    }

    fn add(&mut self, stage: &'static str, took: Duration) {
        self.stages.push((stage, took));
    }
}

fn put(
    sink: &dyn Sink,
    path: String,
    bytes: Vec<u8>,
    origin: impl Into<output::Origin>,
    diagnostics: &mut Diagnostics,
) {
    if let Err(diagnostic) = sink.put(path, bytes, origin.into()) {
        diagnostics.push(diagnostic);
    }
}
