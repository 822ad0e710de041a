//! The `<meta>` tags of a page: description, Open Graph, Twitter card and
//! article times, merged with the site's and the page's own lists so that
//! no name appears twice and the author's entries win.

use crate::content::{MetaTag, merge_meta};

/// What the generated tags are made from.
#[derive(Debug, Clone)]
pub struct MetaInput<'a> {
    pub is_article: bool,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Absolute URL, or `None` when the site has no origin.
    pub permalink: Option<&'a str>,
    pub site_name: &'a str,
    pub language: &'a str,
    /// Absolute image URL.
    pub image: Option<&'a str>,
    /// What the image shows.
    pub image_alt: &'a str,
    pub published: Option<String>,
    pub modified: Option<String>,
}

fn named(name: &str, content: &str) -> MetaTag {
    MetaTag {
        name: Some(name.to_owned()),
        property: None,
        content: content.to_owned(),
    }
}

fn property(property: &str, content: &str) -> MetaTag {
    MetaTag {
        name: None,
        property: Some(property.to_owned()),
        content: content.to_owned(),
    }
}

/// `en` → `en`, `pt-br` → `pt_BR`: the form `og:locale` takes.
pub fn og_locale(language: &str) -> String {
    match language.split_once(['-', '_']) {
        Some((lang, region)) => format!(
            "{}_{}",
            lang.to_ascii_lowercase(),
            region.to_ascii_uppercase()
        ),
        None => language.to_ascii_lowercase(),
    }
}

/// All meta tags of a page: site < generated < page.
pub fn page_meta(input: &MetaInput<'_>, site: &[MetaTag], page: &[MetaTag]) -> Vec<MetaTag> {
    let mut generated = Vec::new();
    if let Some(description) = input.description {
        generated.push(named("description", description));
    }
    generated.push(property(
        "og:type",
        if input.is_article {
            "article"
        } else {
            "website"
        },
    ));
    generated.push(property("og:title", input.title));
    if let Some(description) = input.description {
        generated.push(property("og:description", description));
    }
    if let Some(url) = input.permalink {
        generated.push(property("og:url", url));
    }
    generated.push(property("og:site_name", input.site_name));
    generated.push(property("og:locale", &og_locale(input.language)));
    if let Some(image) = input.image {
        generated.push(property("og:image", image));
        generated.push(property("og:image:alt", input.image_alt));
    }
    generated.push(named(
        "twitter:card",
        if input.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    ));
    generated.push(named("twitter:title", input.title));
    if let Some(description) = input.description {
        generated.push(named("twitter:description", description));
    }
    if let Some(image) = input.image {
        generated.push(named("twitter:image", image));
        generated.push(named("twitter:image:alt", input.image_alt));
    }
    if input.is_article {
        if let Some(published) = &input.published {
            generated.push(property("article:published_time", published));
        }
        if let Some(modified) = &input.modified {
            generated.push(property("article:modified_time", modified));
        }
    }
    merge_meta(&merge_meta(site, &generated), page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_entries_win_and_names_are_unique() {
        let input = MetaInput {
            is_article: true,
            title: "Q?",
            description: Some("Generated"),
            permalink: Some("https://x/q/"),
            site_name: "KB",
            language: "en-gb",
            image: None,
            image_alt: "",
            published: Some("2025-10-07T00:00:00Z".into()),
            modified: None,
        };
        let site = [named("description", "Site-wide"), named("author", "A")];
        let page = [named("Description", "Mine")];
        let tags = page_meta(&input, &site, &page);
        let descriptions: Vec<&str> = tags
            .iter()
            .filter(|t| {
                t.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case("description"))
            })
            .map(|t| t.content.as_str())
            .collect();
        assert_eq!(descriptions, ["Mine"]);
        assert!(tags.contains(&property("og:locale", "en_GB")));
        assert!(tags.contains(&property("article:published_time", "2025-10-07T00:00:00Z")));
        let mut keys: Vec<String> = tags.iter().map(MetaTag::key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), tags.len());
    }
}
