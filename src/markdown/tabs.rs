//! Content tabs as pymdownx.tabbed writes them: consecutive `=== "Label"`
//! blocks form one set of radio inputs, labels and bodies, which a
//! stylesheet alone switches between (no script needed).

use std::fmt::Write as _;

use crate::escape::html_attribute;

/// A parsed `===` line: `===`, optional `+` (selected) and `!` (starts a
/// new set), at least one space, then a double-quoted label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TabMarker<'a> {
    pub selected: bool,
    pub new_set: bool,
    pub label: &'a str,
}

/// Recognises a tab line as pymdownx.tabbed's `={3}(\+|\+!|!\+|!)? +"(.*?)" *$`.
pub(super) fn parse_tab_marker(rest: &str) -> Option<TabMarker<'_>> {
    let after = rest.strip_prefix("===")?;
    let (selected, new_set, after) = ["+!", "!+", "+", "!", ""].iter().find_map(|special| {
        let after = after.strip_prefix(special)?;
        Some((special.contains('+'), special.contains('!'), after))
    })?;
    let quoted = after.trim_start_matches(' ');
    if quoted.len() == after.len() {
        return None;
    }
    let quoted = quoted.trim_end_matches([' ', '\r']);
    let label = quoted.strip_prefix('"')?.strip_suffix('"')?;
    Some(TabMarker {
        selected,
        new_set,
        label,
    })
}

/// One tab of a set: its label as HTML and its input's id.
pub(super) struct TabHead {
    pub label_html: String,
    pub id: String,
}

/// The HTML that opens a set, up to its first body, in the alternate
/// style: every input, then the labels' bar, then the bodies' box.
pub(super) fn alternate_open(set: usize, tabs: &[TabHead], checked: usize) -> Vec<String> {
    let mut head = format!(
        "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"{set}:{}\">",
        tabs.len()
    );
    for (index, tab) in tabs.iter().enumerate() {
        head.push_str(&input(set, tab, index == checked));
    }
    head.push_str("<div class=\"tabbed-labels\">");
    for tab in tabs {
        head.push_str(&label(tab));
    }
    head.push_str("</div>");
    vec![head, "<div class=\"tabbed-content\">".to_owned()]
}

/// The HTML before one tab's body in the first style: its input, its
/// label, its box.
pub(super) fn classic_tab_open(set: usize, tab: &TabHead, checked: bool) -> String {
    format!(
        "{}{}<div class=\"tabbed-content\">",
        input(set, tab, checked),
        label(tab)
    )
}

/// The opening of a set in the first style.
pub(super) fn classic_set_open(set: usize, count: usize) -> String {
    format!("<div class=\"tabbed-set\" data-tabs=\"{set}:{count}\">")
}

fn input(set: usize, tab: &TabHead, checked: bool) -> String {
    let mut html = String::from("<input");
    if checked {
        html.push_str(" checked=\"checked\"");
    }
    let _ = write!(
        html,
        " id=\"{}\" name=\"__tabbed_{set}\" type=\"radio\">",
        html_attribute(&tab.id)
    );
    html
}

fn label(tab: &TabHead) -> String {
    format!(
        "<label for=\"{}\">{}</label>",
        html_attribute(&tab.id),
        tab.label_html
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_follow_pymdownx() {
        let marker = |text| parse_tab_marker(text).map(|m| (m.selected, m.new_set, m.label));
        assert_eq!(marker("=== \"Tab 1\""), Some((false, false, "Tab 1")));
        assert_eq!(marker("===+ \"B\"  "), Some((true, false, "B")));
        assert_eq!(marker("===! \"C\""), Some((false, true, "C")));
        assert_eq!(marker("===+! \"D\""), Some((true, true, "D")));
        assert_eq!(marker("===!+ \"E\""), Some((true, true, "E")));
        assert_eq!(marker("===   \"\""), Some((false, false, "")));
        assert_eq!(
            marker("=== \"say \"hi\"\""),
            Some((false, false, "say \"hi\""))
        );
        assert_eq!(marker("===\"No space\""), None);
        assert_eq!(marker("=== 'single'"), None);
        assert_eq!(marker("=== \"open"), None);
        assert_eq!(marker("==== \"four\""), None);
        assert_eq!(marker("=== \"x\" trailing"), None);
        assert_eq!(marker("===++ \"x\""), None);
    }
}
