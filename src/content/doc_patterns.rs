//! MkDocs's `exclude_docs`, `draft_docs` and `not_in_nav`: lists of
//! `.gitignore`-style patterns over paths in the content folder, matched
//! with the `ignore` crate's gitignore rules (the syntax MkDocs's
//! `pathspec` reads).

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// One pattern list; an empty one matches nothing.
#[derive(Debug, Clone, Default)]
pub struct DocPatterns {
    matcher: Option<Gitignore>,
}

impl DocPatterns {
    /// The patterns of `lines` (blank lines and `#` comments are skipped);
    /// the error names the first pattern that is not one.
    pub fn new(content_dir: &Path, lines: &[String]) -> Result<Self, String> {
        if lines.iter().all(|line| line.trim().is_empty()) {
            return Ok(Self::default());
        }
        let mut builder = GitignoreBuilder::new(content_dir);
        for line in lines {
            builder
                .add_line(None, line)
                .map_err(|e| format!("`{line}`: {e}"))?;
        }
        let matcher = builder.build().map_err(|e| e.to_string())?;
        Ok(Self {
            matcher: Some(matcher),
        })
    }

    /// Whether the file at `rel_path` (forward slashes, relative to the
    /// content folder) or a folder above it matches.
    pub fn matches(&self, rel_path: &str) -> bool {
        self.matcher.as_ref().is_some_and(|matcher| {
            matcher
                .matched_path_or_any_parents(rel_path, false)
                .is_ignore()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(lines: &[&str]) -> DocPatterns {
        let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        DocPatterns::new(Path::new("/site/docs"), &lines).unwrap_or_default()
    }

    #[test]
    fn gitignore_rules_as_mkdocs_reads_them() {
        let p = patterns(&["*.py", "/drafts/", "!drafts/keep.md", "# comment", ""]);
        assert!(p.matches("hooks.py"));
        assert!(p.matches("deep/x.py"));
        assert!(p.matches("drafts/a.md"));
        assert!(!p.matches("drafts/keep.md"));
        assert!(!p.matches("sub/drafts/a.md"));
        assert!(!p.matches("index.md"));
        assert!(!DocPatterns::default().matches("x.py"));
    }
}
