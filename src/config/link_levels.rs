//! `[links]`: how loudly a broken link or anchor is reported, so a site can
//! say what MkDocs's `validation` setting said.

use serde::Deserialize;

use crate::diagnostics::Severity;

/// A level a check's findings are reported at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the build.
    Error,
    /// Printed; fails the build only with `--strict`.
    Warning,
    /// Printed by `kbgen check` only.
    Hint,
    /// Not reported.
    Ignore,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinksToml {
    missing: Option<Level>,
    anchors: Option<Level>,
}

/// The levels of the link checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkLevels {
    /// A link or image to a page or file that does not exist.
    pub missing: Level,
    /// A link to an anchor no heading or id makes.
    pub anchors: Level,
}

impl Default for LinkLevels {
    /// A broken link is an error: a knowledge base's readers follow them.
    fn default() -> Self {
        Self {
            missing: Level::Error,
            anchors: Level::Error,
        }
    }
}

impl Level {
    /// The severity its findings get; `None`: they are dropped.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Hint => Some(Severity::Hint),
            Level::Ignore => None,
        }
    }
}

impl LinksToml {
    pub(super) fn resolve(&self) -> LinkLevels {
        let defaults = LinkLevels::default();
        LinkLevels {
            missing: self.missing.unwrap_or(defaults.missing),
            anchors: self.anchors.unwrap_or(defaults.anchors),
        }
    }
}
