//! `<meta>` entries as authors write them in front matter and `site.toml`.

use serde::{Deserialize, Serialize};

/// One `<meta>` tag: `name` (or Open Graph `property`) and `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMetaTag")]
pub struct MetaTag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    pub content: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetaTag {
    name: Option<String>,
    property: Option<String>,
    content: String,
}

impl TryFrom<RawMetaTag> for MetaTag {
    type Error = String;

    fn try_from(raw: RawMetaTag) -> Result<Self, Self::Error> {
        let tag = MetaTag {
            name: raw.name,
            property: raw.property,
            content: raw.content,
        };
        tag.validate()?;
        Ok(tag)
    }
}

impl MetaTag {
    /// A meta tag needs exactly one of `name` and `property`.
    pub fn validate(&self) -> Result<(), String> {
        match (&self.name, &self.property) {
            (Some(_), Some(_)) => {
                Err("a meta entry has either `name` or `property`, not both".into())
            }
            (None, None) => Err("a meta entry needs a `name` or a `property`".into()),
            (Some(key), None) | (None, Some(key)) if key.trim().is_empty() => {
                Err("a meta entry's name must not be empty".into())
            }
            _ => Ok(()),
        }
    }

    /// The key two entries are compared by when a page's list is merged over the site's.
    /// HTML meta names are case-insensitive.
    pub fn key(&self) -> String {
        match (&self.name, &self.property) {
            (Some(name), _) => format!("name:{}", name.to_ascii_lowercase()),
            (None, Some(property)) => format!("property:{}", property.to_ascii_lowercase()),
            (None, None) => String::new(),
        }
    }
}

/// The site's list with the page's entries laid over it: a page entry replaces
/// the site entry of the same name, and no name appears twice.
pub fn merge_meta(site: &[MetaTag], page: &[MetaTag]) -> Vec<MetaTag> {
    let mut merged: Vec<MetaTag> = Vec::new();
    for tag in site.iter().chain(page) {
        let key = tag.key();
        match merged.iter_mut().find(|existing| existing.key() == key) {
            Some(existing) => *existing = tag.clone(),
            None => merged.push(tag.clone()),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, content: &str) -> MetaTag {
        MetaTag {
            name: Some(name.into()),
            property: None,
            content: content.into(),
        }
    }

    #[test]
    fn page_entries_replace_site_entries_case_insensitively() {
        let site = [named("author", "Site"), named("robots", "index")];
        let page = [named("Robots", "noindex"), named("keywords", "k")];
        let merged = merge_meta(&site, &page);
        assert_eq!(
            merged,
            vec![
                named("author", "Site"),
                named("Robots", "noindex"),
                named("keywords", "k")
            ]
        );
    }
}
