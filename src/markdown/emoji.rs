//! Emoji shortcodes, as pymdownx.emoji reads them (`:[+\-\w]+:` in text):
//! `:smile:` becomes its character, and an icon shortcode
//! (`:material-check:`, `:fontawesome-brands-github:`, `:my-logo:`) becomes
//! the icon's SVG inline, in `<span class="twemoji">` as Material for MkDocs
//! writes it, read from the site's icon folders (`.icons`, Material's
//! `custom_dir` convention). Anything else stays text; the ones that look
//! meant as shortcodes are noted for `check`.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::html_text::Pieces;
use pulldown_cmark::Event;

/// What the shortcodes of a page came to, besides its HTML.
#[derive(Debug, Default, Clone)]
pub struct EmojiNotes {
    /// Shortcodes that name no emoji and no icon the site has, with where
    /// they are in the rendered text.
    pub unknown: Vec<(Range<usize>, String)>,
    /// Icon files read, and the first place each unknown icon was looked
    /// for: inputs of the up-to-date check and of `serve`'s watcher.
    pub files: Vec<PathBuf>,
    /// Icons already looked for on this page, so a page repeating a
    /// shortcode reads its folders once.
    looked_up: HashMap<String, Option<std::sync::Arc<str>>>,
}

/// At most this many unknown shortcodes are noted per page (each is
/// counted in one warning per name; a hostile page may hold millions).
const MAX_UNKNOWN_NOTED: usize = 10_000;

/// How an icon starts, as Material for MkDocs writes it: attribute lists
/// after the shortcode go on this element.
pub const ICON_OPEN: &str = "<span class=\"twemoji\">";

/// The largest icon read: icons are a few KB.
const MAX_ICON_BYTES: u64 = 256 * 1024;

/// How many of a name's hyphens may stand for folders: Material's deepest
/// set is two folders down (`fontawesome/brands/github.svg`).
const MAX_FOLDER_SEPARATORS: usize = 3;

/// Replaces the shortcodes in `text`; `None` when it holds none known.
/// `located` says where in the source a shortcode is (given its name and
/// its offset in `text`), for the notes.
pub fn replace<'a>(
    text: &str,
    icon_folders: &[PathBuf],
    notes: &mut EmojiNotes,
    located: &dyn Fn(&str, usize) -> Range<usize>,
) -> Option<Vec<Event<'a>>> {
    if !text.contains(':') {
        return None;
    }
    let mut pieces = Pieces::new(text);
    let mut search = 0;
    while let Some(open) = text.get(search..).and_then(|rest| rest.find(':')) {
        let open = search + open;
        let name_start = open + 1;
        let name_len = text[name_start..]
            .find(|c: char| !is_name_char(c))
            .unwrap_or(text.len() - name_start);
        let name_end = name_start + name_len;
        if name_len == 0 || !text[name_end..].starts_with(':') {
            search = name_end.max(open + 1);
            continue;
        }
        let name = &text[name_start..name_end];
        let replacement = match emoji(name) {
            Some(emoji) => Some(Event::Text(emoji.to_owned().into())),
            None => cached_icon(name, icon_folders, notes)
                .map(|svg| Event::InlineHtml(format!("{ICON_OPEN}{svg}</span>").into())),
        };
        match replacement {
            Some(event) => {
                pieces.replace(open, name_end + 1, event);
                search = name_end + 1;
            }
            None => {
                let before = text[..open].chars().next_back();
                let after = text[name_end + 1..].chars().next();
                if looks_meant(name, before, after) && notes.unknown.len() < MAX_UNKNOWN_NOTED {
                    notes.unknown.push((located(name, open), name.to_owned()));
                }
                // The closing colon may open the next shortcode.
                search = name_end;
            }
        }
    }
    pieces.finish()
}

/// The emoji a shortcode names: GitHub's names (the `emojis` crate), and
/// the forms of the emoji index MkDocs sites use (pymdownx's twemoji, from
/// JoyPixels) that are made the same way for every emoji: its Unicode name
/// (`:alien_monster:`, `:thumbs_up_dark_skin_tone:`), a skin tone after the
/// name (`:thumbsup_tone3:`) and a flag by its country code (`:flag_de:`, `:de:`).
fn emoji(name: &str) -> Option<&'static str> {
    if let Some(emoji) = emojis::get_by_shortcode(name) {
        return Some(emoji.as_str());
    }
    if let Some(emoji) = BY_UNICODE_NAME.get(name) {
        return Some(emoji.as_str());
    }
    const TONES: [(&str, &str, emojis::SkinTone); 5] = [
        ("_tone1", "_light_skin_tone", emojis::SkinTone::Light),
        (
            "_tone2",
            "_medium_light_skin_tone",
            emojis::SkinTone::MediumLight,
        ),
        ("_tone3", "_medium_skin_tone", emojis::SkinTone::Medium),
        (
            "_tone4",
            "_medium_dark_skin_tone",
            emojis::SkinTone::MediumDark,
        ),
        ("_tone5", "_dark_skin_tone", emojis::SkinTone::Dark),
    ];
    for (short, long, tone) in TONES {
        // `_medium_dark_skin_tone` also ends in `_dark_skin_tone`: longest first.
        let base = name.strip_suffix(short).or_else(|| {
            name.strip_suffix(long)
                .filter(|base| !base.ends_with("_medium") && !base.ends_with("_medium_light"))
        });
        // Two tones (`…_dark_skin_tone_light_skin_tone`) are not one tone.
        if let Some(base) = base.filter(|base| !base.contains("_tone")) {
            let plain = emojis::get(emoji(base)?)?;
            return Some(plain.with_skin_tone(tone)?.as_str());
        }
    }
    let country = name.strip_prefix("flag_").unwrap_or(name);
    if country.len() == 2 && country.bytes().all(|b| b.is_ascii_lowercase()) {
        // A flag is its country's code in regional indicator letters.
        let flag: String = country
            .bytes()
            .filter_map(|b| char::from_u32(0x1F1E6 + u32::from(b - b'a')))
            .collect();
        return emojis::get(&flag).map(emojis::Emoji::as_str);
    }
    None
}

/// Every emoji (skin tones too) by its Unicode name as a shortcode:
/// lower case, `_` between words, punctuation left out.
static BY_UNICODE_NAME: std::sync::LazyLock<HashMap<String, &'static emojis::Emoji>> =
    std::sync::LazyLock::new(|| {
        let mut names = HashMap::new();
        for emoji in emojis::iter() {
            let variants = emoji.skin_tones().into_iter().flatten();
            for emoji in std::iter::once(emoji).chain(variants) {
                names
                    .entry(unicode_name_shortcode(emoji.name()))
                    .or_insert(emoji);
            }
        }
        names
    });

/// `thumbs up: medium skin tone` → `thumbs_up_medium_skin_tone`.
fn unicode_name_shortcode(name: &str) -> String {
    let mut shortcode = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
    {
        if !shortcode.is_empty() {
            shortcode.push('_');
        }
        shortcode.extend(word.chars().flat_map(char::to_lowercase));
    }
    shortcode
}

/// `\w`, `+` and `-`: the characters of pymdownx's shortcode pattern.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '+' | '-')
}

/// An unknown name worth a warning: lower-case letters in it, standing
/// apart from the words around it (`10:30:45`, `key:val:x` and `Note:See:` are
/// not shortcodes anyone meant).
fn looks_meant(name: &str, before: Option<char>, after: Option<char>) -> bool {
    let apart = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    name.chars().any(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '+' | '-'))
        && name.len() > 1
        && apart(before)
        && apart(after)
}

/// [`icon_svg`], once per name and page.
fn cached_icon(
    name: &str,
    icon_folders: &[PathBuf],
    notes: &mut EmojiNotes,
) -> Option<std::sync::Arc<str>> {
    if icon_folders.is_empty() {
        return None;
    }
    if let Some(known) = notes.looked_up.get(name) {
        return known.clone();
    }
    let found: Option<std::sync::Arc<str>> = icon_svg(name, icon_folders, notes).map(Into::into);
    notes.looked_up.insert(name.to_owned(), found.clone());
    found
}

/// The SVG of icon `name` from the first folder that has it, the way
/// Material names icons: the file's path with `-` for each separator.
fn icon_svg(name: &str, icon_folders: &[PathBuf], notes: &mut EmojiNotes) -> Option<String> {
    let candidates = icon_paths(name);
    for folder in icon_folders {
        for relative in &candidates {
            let path = folder.join(relative);
            if let Some(svg) = read_icon(folder, &path) {
                notes.files.push(path);
                return Some(svg);
            }
        }
    }
    // Where the icon would most likely be made: adding it rebuilds.
    if let (Some(folder), Some(relative)) = (icon_folders.first(), candidates.last()) {
        notes.files.push(folder.join(relative));
    }
    None
}

/// Every file `name` may be, the hyphens that can be separators tried in
/// turn: `a-b-c` → `a-b-c.svg`, `a/b-c.svg`, `a-b/c.svg`, `a/b/c.svg`.
fn icon_paths(name: &str) -> Vec<PathBuf> {
    let hyphens: Vec<usize> = name
        .match_indices('-')
        .map(|(at, _)| at)
        .take(MAX_FOLDER_SEPARATORS)
        .collect();
    (0..1usize << hyphens.len())
        .map(|chosen| {
            let mut path = String::with_capacity(name.len() + 4);
            for (at, c) in name.char_indices() {
                let is_separator = hyphens
                    .iter()
                    .position(|&h| h == at)
                    .is_some_and(|nth| chosen & (1 << nth) != 0);
                path.push(if is_separator { '/' } else { c });
            }
            path.push_str(".svg");
            PathBuf::from(path)
        })
        .collect()
}

/// The icon's `<svg>` element (an XML prolog or comment before it is not
/// HTML), when the file is inside `folder` and not too big.
fn read_icon(folder: &Path, path: &Path) -> Option<String> {
    let resolved = path.canonicalize().ok()?;
    let folder = folder.canonicalize().ok()?;
    if !resolved.starts_with(&folder) {
        return None;
    }
    let crate::bounded_read::Bounded::Read(bytes) =
        crate::bounded_read::read_bounded(&resolved, MAX_ICON_BYTES).ok()?
    else {
        return None;
    };
    let text = String::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let end = text.rfind("</svg>")? + "</svg>".len();
    (start < end).then(|| text[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::html_text::rendered;

    fn html(text: &str, icon_folders: &[PathBuf]) -> (String, EmojiNotes) {
        let mut notes = EmojiNotes::default();
        let replaced = replace(text, icon_folders, &mut notes, &|_, _| 0..1);
        (rendered(text, replaced), notes)
    }

    #[test]
    fn standard_shortcodes_become_characters() {
        let (out, notes) = html("Hi :smile: and :+1:!:heart::heart:", &[]);
        assert_eq!(out, "Hi 😄 and 👍!❤\u{fe0f}❤\u{fe0f}");
        assert!(notes.unknown.is_empty());
    }

    #[test]
    fn text_that_only_looks_like_a_shortcode_stays() {
        let (out, notes) = html("at 10:30:45, key:val:x, Note:See: and :Nope:", &[]);
        assert_eq!(out, "at 10:30:45, key:val:x, Note:See: and :Nope:");
        assert!(notes.unknown.is_empty(), "{:?}", notes.unknown);
        let (out, notes) = html("an :unknown-thing: here", &[]);
        assert_eq!(out, "an :unknown-thing: here");
        assert_eq!(notes.unknown[0].1, "unknown-thing");
    }

    #[test]
    fn icons_come_from_the_sites_folders_or_are_noted() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("fontawesome/brands")).expect("folders");
        std::fs::write(
            dir.path().join("fontawesome/brands/github.svg"),
            "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>\n",
        )
        .expect("icon");
        std::fs::write(dir.path().join("my-logo.svg"), "<svg></svg>").expect("icon");
        let folders = [dir.path().to_path_buf()];
        let (out, notes) = html(
            ":fontawesome-brands-github: :material-check: :my-logo:",
            &folders,
        );
        assert_eq!(
            out,
            "<span class=\"twemoji\"><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg></span> :material-check: <span class=\"twemoji\"><svg></svg></span>"
        );
        assert_eq!(notes.unknown.len(), 1);
        assert_eq!(notes.unknown[0].1, "material-check");
        assert!(
            notes
                .files
                .contains(&dir.path().join("fontawesome/brands/github.svg"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_icon_linked_from_outside_its_folder_is_not_read() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.svg"), "<svg>secret</svg>").expect("file");
        let dir = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(
            outside.path().join("secret.svg"),
            dir.path().join("leak.svg"),
        )
        .expect("link");
        let (out, _) = html(":leak:", &[dir.path().to_path_buf()]);
        assert_eq!(out, ":leak:");
    }

    #[test]
    fn deep_names_try_a_bounded_number_of_files() {
        assert_eq!(icon_paths("a").len(), 1);
        assert_eq!(icon_paths("a-b-c").len(), 4);
        assert_eq!(icon_paths("a-b-c-d-e-f-g-h").len(), 8);
        assert!(icon_paths("a-b-c").contains(&PathBuf::from("a/b/c.svg")));
    }
}
