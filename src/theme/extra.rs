//! The author's `[extra]` settings as templates see them.

use super::SocialLink;

/// `[extra]` as a template value. TOML dates become their text: templates
/// print them, and serde would give them as a private wrapper object.
pub fn as_template_value(extra: &toml::Table) -> serde_json::Value {
    serde_json::Value::Object(
        extra
            .iter()
            .map(|(key, value)| (key.clone(), template_value(value)))
            .collect(),
    )
}

fn template_value(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        toml::Value::String(text) => Json::String(text.clone()),
        toml::Value::Integer(number) => Json::from(*number),
        toml::Value::Float(number) => serde_json::Number::from_f64(*number)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        toml::Value::Boolean(flag) => Json::Bool(*flag),
        toml::Value::Datetime(date) => Json::String(date.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(template_value).collect()),
        toml::Value::Table(table) => as_template_value(table),
    }
}

/// `[[extra.social]]` entries (`link`, optional `name`), as Material for
/// MkDocs sites list them. Only web and mail addresses are linked: a
/// setting must not put a `javascript:` link on every page.
pub fn social_links(extra: &toml::Table) -> Vec<SocialLink> {
    let Some(entries) = extra.get("social").and_then(toml::Value::as_array) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            let link = entry.get("link")?.as_str()?;
            let url = url::Url::parse(link).ok()?;
            let host = match url.scheme() {
                "http" | "https" => url.host_str()?.trim_start_matches("www.").to_owned(),
                "mailto" => url.path().to_owned(),
                _ => return None,
            };
            let name = entry
                .get("name")
                .and_then(toml::Value::as_str)
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map_or(host, str::to_owned);
            Some(SocialLink {
                url: url.to_string(),
                name,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("valid TOML")
    }

    #[test]
    fn social_links_are_web_or_mail_addresses_named_by_their_entry_or_host() {
        let extra = table(
            "[[social]]\nicon = \"fontawesome/brands/github\"\nlink = \"https://www.github.com/acme\"\n\
             [[social]]\nlink = \"https://fosstodon.org/@acme\"\nname = \"Acme on Mastodon\"\n\
             [[social]]\nlink = \"javascript:alert(1)\"\nname = \"x\"\n\
             [[social]]\nlink = \"mailto:team@acme.org\"\n\
             [[social]]\nname = \"no link\"\n",
        );
        let links: Vec<(String, String)> = social_links(&extra)
            .into_iter()
            .map(|link| (link.url, link.name))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "https://www.github.com/acme".to_owned(),
                    "github.com".to_owned()
                ),
                (
                    "https://fosstodon.org/@acme".to_owned(),
                    "Acme on Mastodon".to_owned()
                ),
                (
                    "mailto:team@acme.org".to_owned(),
                    "team@acme.org".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn dates_reach_templates_as_text() {
        let extra = table("version = 2\nreleased = 2026-01-05\n[team]\nlead = \"Ada\"\n");
        assert_eq!(
            as_template_value(&extra),
            serde_json::json!({"version": 2, "released": "2026-01-05", "team": {"lead": "Ada"}})
        );
    }
}
