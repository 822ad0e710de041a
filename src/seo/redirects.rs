//! Redirects for front matter `aliases`: a small HTML page at each old
//! address (meta refresh plus canonical) and a `_redirects` file for hosts
//! that read one (Netlify, Cloudflare Pages).

use crate::content::UrlPath;

use super::xml::escape;

/// The output file an alias occupies: `old/page/` → `old/page/index.html`,
/// `old/page.html` stays as it is. Errors say why an alias is refused.
pub fn alias_output_path(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return Err("an alias cannot be the site's root".into());
    }
    let is_file = trimmed.ends_with(".html");
    let segments: Vec<&str> = trimmed.trim_end_matches('/').split('/').collect();
    for segment in &segments {
        UrlPath::check_segment(segment).map_err(|e| format!("alias `{alias}`: {e}"))?;
    }
    let joined = segments.join("/");
    Ok(if is_file {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// The address a browser asks for: `/kb/old/page/` for `old/page/index.html`.
pub fn alias_url(base_path: &str, output_path: &str) -> String {
    let path = output_path
        .strip_suffix("index.html")
        .unwrap_or(output_path);
    format!("{base_path}{path}")
}

/// A page that sends readers (and search engines) to `target`.
pub fn redirect_page(language: &str, target_url: &str, canonical: &str) -> String {
    let target = escape(target_url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n",
        escape(language),
        escape(canonical),
    )
}

/// `_redirects`: one `from to 301` line per alias.
pub fn redirects_file(rules: &[(String, String)]) -> String {
    rules
        .iter()
        .map(|(from, to)| format!("{from} {to} 301\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(
            alias_output_path("/old/page/").as_deref(),
            Ok("old/page/index.html")
        );
        assert_eq!(
            alias_output_path("old/page").as_deref(),
            Ok("old/page/index.html")
        );
        assert_eq!(alias_output_path("/old.html").as_deref(), Ok("old.html"));
        assert!(alias_output_path("../../x").is_err());
        assert!(alias_output_path("/").is_err());
        assert_eq!(alias_url("/kb/", "old/page/index.html"), "/kb/old/page/");
    }

    #[test]
    fn redirect_page_escapes_the_target() {
        let page = redirect_page("en", "/a/?x=\"1\"&y", "https://x/a/");
        assert!(page.contains("url=/a/?x=&quot;1&quot;&amp;y"));
    }
}
