//! Keyboard keys (pymdownx.keys): `++ctrl+alt+del++` becomes
//! `<span class="keys"><kbd class="key-control">Ctrl</kbd><span>+</span>…`,
//! with pymdownx's key ids and labels so Material's stylesheet draws them,
//! and `++"My Key"++` a key with that label. A combination naming a key
//! kbgen does not know stays text, as it does in pymdownx.

use super::html_text::Pieces;
use pulldown_cmark::Event;

use crate::escape::{html_attribute, html_text};

/// Named keys: id (the `key-…` class) and label.
const NAMED: &[(&str, &str)] = &[
    ("space", "Space"),
    ("backslash", "\\"),
    ("bar", "|"),
    ("brace-left", "{"),
    ("brace-right", "}"),
    ("bracket-left", "["),
    ("bracket-right", "]"),
    ("colon", ":"),
    ("comma", ","),
    ("double-quote", "\""),
    ("equal", "="),
    ("exclam", "!"),
    ("grave", "`"),
    ("greater", ">"),
    ("less", "<"),
    ("minus", "-"),
    ("period", "."),
    ("plus", "+"),
    ("question", "?"),
    ("semicolon", ";"),
    ("single-quote", "'"),
    ("slash", "/"),
    ("tilde", "~"),
    ("underscore", "_"),
    ("arrow-up", "Up"),
    ("arrow-down", "Down"),
    ("arrow-left", "Left"),
    ("arrow-right", "Right"),
    ("page-up", "Page Up"),
    ("page-down", "Page Down"),
    ("home", "Home"),
    ("end", "End"),
    ("backspace", "Backspace"),
    ("delete", "Del"),
    ("insert", "Ins"),
    ("tab", "Tab"),
    ("backtab", "Back Tab"),
    ("break", "Break"),
    ("caps-lock", "Caps Lock"),
    ("clear", "Clear"),
    ("enter", "Enter"),
    ("escape", "Esc"),
    ("help", "Help"),
    ("print-screen", "Print Screen"),
    ("scroll-lock", "Scroll Lock"),
    ("num-lock", "Num Lock"),
    ("num-enter", "Num Enter"),
    ("alt", "Alt"),
    ("alt-graph", "AltGr"),
    ("command", "Cmd"),
    ("control", "Ctrl"),
    ("function", "Fn"),
    ("meta", "Meta"),
    ("option", "Option"),
    ("shift", "Shift"),
    ("super", "Super"),
    ("windows", "Win"),
    ("left-alt", "Left Alt"),
    ("right-alt", "Right Alt"),
    ("left-shift", "Left Shift"),
    ("right-shift", "Right Shift"),
    ("left-control", "Left Ctrl"),
    ("right-control", "Right Ctrl"),
    ("left-command", "Left Command"),
    ("right-command", "Right Command"),
    ("left-option", "Left Option"),
    ("right-option", "Right Option"),
    ("left-windows", "Left Win"),
    ("right-windows", "Right Win"),
    ("context-menu", "Menu"),
    ("copy", "Copy"),
    ("print", "Print"),
    ("media-play-pause", "Play/Pause"),
    ("media-next-track", "Next Track"),
    ("media-prev-track", "Previous Track"),
    ("media-stop", "Stop"),
    ("media-pause", "Pause"),
    ("media-play", "Play"),
    ("volume-up", "Volume Up"),
    ("volume-down", "Volume Down"),
    ("volume-mute", "Mute"),
    ("power", "Power"),
    ("sleep", "Sleep"),
    ("left-button", "Left Button"),
    ("middle-button", "Middle Button"),
    ("right-button", "Right Button"),
];

/// Other names authors write for the named keys.
const ALIASES: &[(&str, &str)] = &[
    ("ctrl", "control"),
    ("cmd", "command"),
    ("opt", "option"),
    ("win", "windows"),
    ("fn", "function"),
    ("altgr", "alt-graph"),
    ("del", "delete"),
    ("ins", "insert"),
    ("esc", "escape"),
    ("return", "enter"),
    ("back", "backspace"),
    ("bksp", "backspace"),
    ("spc", "space"),
    ("up", "arrow-up"),
    ("down", "arrow-down"),
    ("left", "arrow-left"),
    ("right", "arrow-right"),
    ("pg-up", "page-up"),
    ("page-dn", "page-down"),
    ("pg-dn", "page-down"),
    ("prior", "page-up"),
    ("next", "page-down"),
    ("prtsc", "print-screen"),
    ("scroll", "scroll-lock"),
    ("numlk", "num-lock"),
    ("cplk", "caps-lock"),
    ("capital", "caps-lock"),
    ("menu", "context-menu"),
    ("apps", "context-menu"),
    ("hyphen", "minus"),
    ("pipe", "bar"),
    ("lt", "less"),
    ("gt", "greater"),
    ("less-than", "less"),
    ("greater-than", "greater"),
    ("question-mark", "question"),
    ("exclamation", "exclam"),
    ("grave-accent", "grave"),
    ("dblquote", "double-quote"),
    ("open-bracket", "bracket-left"),
    ("close-bracket", "bracket-right"),
    ("open-brace", "brace-left"),
    ("close-brace", "brace-right"),
    ("lshift", "left-shift"),
    ("rshift", "right-shift"),
    ("lctrl", "left-control"),
    ("rctrl", "right-control"),
    ("lalt", "left-alt"),
    ("ralt", "right-alt"),
    ("lcmd", "left-command"),
    ("rcmd", "right-command"),
    ("lwin", "left-windows"),
    ("rwin", "right-windows"),
    ("play-pause", "media-play-pause"),
    ("next-track", "media-next-track"),
    ("prev-track", "media-prev-track"),
    ("mute", "volume-mute"),
    ("vol-up", "volume-up"),
    ("vol-down", "volume-down"),
    ("tabulator", "tab"),
];

/// A key's id and label, from what the author wrote (`ctrl`, `a`, `f5`).
fn key(name: &str) -> Option<(String, String)> {
    let id = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, id)| id);
    if let Some((id, label)) = NAMED.iter().find(|(named, _)| *named == id) {
        return Some(((*id).to_owned(), (*label).to_owned()));
    }
    let mut chars = id.chars();
    match (chars.next(), chars.next()) {
        // Letters and digits are their own keys.
        (Some(c), None) if c.is_ascii_lowercase() || c.is_ascii_digit() => {
            Some((id.to_owned(), c.to_ascii_uppercase().to_string()))
        }
        _ => {
            let function = id.strip_prefix('f')?.parse::<u8>().ok()?;
            (1..=24)
                .contains(&function)
                .then(|| (id.to_owned(), format!("F{function}")))
        }
    }
}

/// Replaces the key combinations in `text`; `None` when it holds none.
pub fn replace<'a>(text: &str) -> Option<Vec<Event<'a>>> {
    if !text.contains("++") {
        return None;
    }
    let mut pieces = Pieces::new(text);
    let mut search = 0;
    while let Some(open) = text.get(search..).and_then(|rest| rest.find("++")) {
        let open = search + open;
        let inner_start = open + 2;
        let Some((html, end)) = combination(text, inner_start) else {
            search = open + 1;
            continue;
        };
        pieces.replace(open, end, Event::InlineHtml(html.into()));
        search = end;
    }
    pieces.finish()
}

/// The HTML of the combination starting at `start` (after `++`) and
/// where it ends (after the closing `++`), when every key in it is known.
fn combination(text: &str, start: usize) -> Option<(String, usize)> {
    let mut keys: Vec<String> = Vec::new();
    let mut at = start;
    loop {
        let rest = text.get(at..)?;
        let (kbd, len) =
            if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
                let close = rest.get(1..)?.find(quote)? + 1;
                let label = rest.get(1..close)?.trim();
                if label.is_empty() {
                    return None;
                }
                (format!("<kbd>{}</kbd>", html_text(label)), close + 1)
            } else {
                let len = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(rest.len());
                let (id, label) = key(rest.get(..len).filter(|name| !name.is_empty())?)?;
                (
                    format!(
                        "<kbd class=\"key-{}\">{}</kbd>",
                        html_attribute(&id),
                        html_text(&label)
                    ),
                    len,
                )
            };
        keys.push(kbd);
        at += len;
        let after = text.get(at..)?;
        if after.starts_with("++") {
            let html = format!(
                "<span class=\"keys\">{}</span>",
                keys.join("<span>+</span>")
            );
            return Some((html, at + 2));
        }
        at += after.starts_with('+').then_some(1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::html_text::rendered;

    fn html(text: &str) -> String {
        rendered(text, replace(text))
    }

    #[test]
    fn combinations_become_keys() {
        assert_eq!(
            html("Press ++ctrl+alt+del++."),
            "Press <span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd><span>+</span><kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span>."
        );
        assert_eq!(
            html("++cmd+shift+p++ ++f12++ ++\"My Key\"++"),
            "<span class=\"keys\"><kbd class=\"key-command\">Cmd</kbd><span>+</span><kbd class=\"key-shift\">Shift</kbd><span>+</span><kbd class=\"key-p\">P</kbd></span> <span class=\"keys\"><kbd class=\"key-f12\">F12</kbd></span> <span class=\"keys\"><kbd>My Key</kbd></span>"
        );
    }

    #[test]
    fn unknown_keys_and_stray_pluses_stay_text() {
        assert_eq!(
            html("C++ and ++nope++ and ++ctrl++alt++"),
            "C++ and ++nope++ and <span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd></span>alt++"
        );
        assert_eq!(html("a ++ b ++"), "a ++ b ++");
        assert_eq!(html("++f25++ ++\"\"++"), "++f25++ ++\"\"++");
    }
}
