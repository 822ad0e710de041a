//! `kbgen new "Question?"`: a new article with the knowledge-base skeleton.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{fail, root_or_current};
use crate::check::{SKELETON_ANSWER, SKELETON_EXPLANATION, SKELETON_GOTCHA, SKELETON_LINK};
use crate::config::{self, Overrides};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The question the article answers.
    question: String,
    /// The section (folder inside the content folder) to put it in.
    #[arg(long, short)]
    section: Option<String>,
    /// The site's folder (holding site.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

pub fn run(args: &NewArgs) -> u8 {
    let root = root_or_current(&args.root);
    let config = match config::load(&root, &Overrides::default()) {
        Ok(config) => config,
        Err(error) => return super::config_failure(&error, super::MessageFormat::Human),
    };
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    match create_article(
        &config.content_dir,
        args.section.as_deref(),
        &args.question,
        today,
    ) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "created a draft: `kbgen serve --drafts` shows it; delete its `draft: true` line to publish it"
            );
            if args.section.is_none() {
                let topics = site_topics(&config.content_dir);
                if !topics.is_empty() {
                    eprintln!(
                        "it is at the top level; `--section` puts an article in a topic ({})",
                        topics.join(", ")
                    );
                }
            }
            0
        }
        Err(message) => fail(message),
    }
}

/// The topic folders at the top of the content folder, sorted.
fn site_topics(content_dir: &Path) -> Vec<String> {
    let mut topics: Vec<String> = std::fs::read_dir(content_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    topics.sort();
    topics
}

/// The file name for a question: `How do I X?` → `how-do-i-x.md`.
pub fn file_name_for(question: &str) -> Option<String> {
    let slug = slug::slugify(question);
    (!slug.is_empty()).then(|| format!("{slug}.md"))
}

fn create_article(
    content_dir: &Path,
    section: Option<&str>,
    question: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, String> {
    let question = question.trim();
    let name = file_name_for(question).ok_or("the question needs at least one letter or digit")?;
    let mut dir = content_dir.to_path_buf();
    if let Some(section) = section {
        for part in section.split('/').filter(|p| !p.is_empty()) {
            crate::content::UrlPath::check_segment(part).map_err(|e| format!("section: {e}"))?;
            dir.push(part);
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(name);
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    let title = serde_json::to_string(question).map_err(|e| e.to_string())?;
    let text = format!(
        "---\ntitle: {title}\ndescription: \"\"\ndate: {today}\nupdated: {today}\ntags: []\n# A draft is left out of builds (`--drafts` shows it); delete this line to publish.\ndraft: true\n---\n\n# {question}\n\n<!-- more -->\n\n!!! info \"In short\"\n    {SKELETON_ANSWER}\n\n{SKELETON_EXPLANATION}\n\n## Gotchas\n\n* {SKELETON_GOTCHA}\n\n## See also\n\n* {SKELETON_LINK}\n"
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_question() {
        assert_eq!(
            file_name_for("How do I use `zip()`?").as_deref(),
            Some("how-do-i-use-zip.md")
        );
        assert_eq!(
            file_name_for("Qu'est-ce qu'une liste ?").as_deref(),
            Some("qu-est-ce-qu-une-liste.md")
        );
        assert_eq!(file_name_for("???"), None);
    }

    #[test]
    fn article_has_the_skeleton() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let date = jiff::civil::date(2026, 1, 2);
        let path = create_article(dir.path(), Some("python"), "What is a list?", date)?;
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        assert!(path.ends_with("python/what-is-a-list.md"));
        assert!(text.starts_with("---\ntitle: \"What is a list?\"\n"));
        assert!(text.contains("# What is a list?\n\n<!-- more -->\n\n!!! info \"In short\""));
        assert!(text.contains("date: 2026-01-02"));
        Ok(())
    }
}
