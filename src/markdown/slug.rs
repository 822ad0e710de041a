//! Heading ids: GitHub's way (kbgen's default), or exactly as MkDocs makes
//! them with Python-Markdown's `toc` extension and pymdown-extensions'
//! `slugs`, so the deep links an MkDocs site has handed out keep working.

use std::collections::{HashMap, HashSet};

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;

/// GitHub's heading slug: lower-cased, punctuation dropped (except `-` and
/// `_`), each space turned into `-`. `list[start:stop]` → `liststartstop`.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            // Combining marks belong to the letter before them.
            c if is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// How a site turns heading text into ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SlugStyle {
    /// GitHub's: `Enable & Disable` → `enable--disable`, repeats `-1`, `-2`.
    #[default]
    GitHub,
    /// Python-Markdown `toc`'s `slugify` (`unicode`: its `slugify_unicode`),
    /// repeats `_1`, `_2`: `Enable & Disable` → `enable-disable`.
    PythonMarkdown { separator: String, unicode: bool },
    /// pymdown-extensions' `pymdownx.slugs.slugify(case, percent_encode,
    /// normalize)`, repeats as Python-Markdown's.
    Pymdownx {
        separator: String,
        case: SlugCase,
        percent_encode: bool,
        normalize: Option<Normalization>,
    },
}

/// pymdownx.slugs' `case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlugCase {
    #[default]
    None,
    Lower,
    LowerAscii,
    Fold,
}

/// A Unicode normalisation form, as `unicodedata.normalize` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalization {
    Nfc,
    Nfkc,
    Nfd,
    Nfkd,
}

impl Normalization {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "NFC" => Self::Nfc,
            "NFKC" => Self::Nfkc,
            "NFD" => Self::Nfd,
            "NFKD" => Self::Nfkd,
            _ => return None,
        })
    }

    fn apply(self, text: &str) -> String {
        match self {
            Self::Nfc => ComposingNormalizerBorrowed::new_nfc().normalize(text),
            Self::Nfkc => ComposingNormalizerBorrowed::new_nfkc().normalize(text),
            Self::Nfd => DecomposingNormalizerBorrowed::new_nfd().normalize(text),
            Self::Nfkd => DecomposingNormalizerBorrowed::new_nfkd().normalize(text),
        }
        .into_owned()
    }
}

/// Python's `\w` on a `str`: letters, numbers and `_` (`str.isalnum()`),
/// which leaves out combining marks, unlike Rust's `is_alphanumeric`.
fn is_python_word(c: char) -> bool {
    use GeneralCategory as G;
    c == '_'
        || matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::DecimalNumber
                | G::LetterNumber
                | G::OtherNumber
        )
}

/// Python's `str.isspace()`: Rust's whitespace and the four ASCII
/// separators `\x1c`–`\x1f`.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python-Markdown's `toc.slugify(value, separator, unicode)`.
pub fn python_markdown_slug(text: &str, separator: &str, unicode: bool) -> String {
    let value = if unicode {
        text.to_owned()
    } else {
        // `žlutý` → `zluty`: decompose, then keep only ASCII.
        Normalization::Nfkd
            .apply(text)
            .chars()
            .filter(char::is_ascii)
            .collect()
    };
    let kept: String = value
        .chars()
        .filter(|&c| is_python_word(c) || is_python_space(c) || c == '-')
        .collect();
    let lowered = kept.trim_matches(is_python_space).to_lowercase();
    // `[{separator}\s]+` → separator.
    let mut slug = String::with_capacity(lowered.len());
    let mut in_run = false;
    for c in lowered.chars() {
        if is_python_space(c) || separator.contains(c) {
            if !in_run {
                slug.push_str(separator);
            }
            in_run = true;
        } else {
            slug.push(c);
            in_run = false;
        }
    }
    slug
}

/// pymdown-extensions' `_uslugify(text, sep, case, percent_encode, normalize)`.
pub fn pymdownx_slug(
    text: &str,
    separator: &str,
    case: SlugCase,
    percent_encode: bool,
    normalize: Option<Normalization>,
) -> String {
    let normalized = match normalize {
        Some(form) => form.apply(text),
        None => text.to_owned(),
    };
    let untagged = strip_angle_tags(&normalized);
    let trimmed = untagged.trim_matches(is_python_space);
    let cased = match case {
        SlugCase::None => trimmed.to_owned(),
        SlugCase::Lower => trimmed.to_lowercase(),
        SlugCase::LowerAscii => trimmed.to_ascii_lowercase(),
        SlugCase::Fold => python_casefold(trimmed),
    };
    let slug: String = cased
        .chars()
        .filter(|&c| is_python_word(c) || c == '-' || c == ' ')
        .map(|c| {
            if c == ' ' {
                separator.to_owned()
            } else {
                c.to_string()
            }
        })
        .collect();
    if percent_encode {
        percent_encode_like_python_quote(&slug)
    } else {
        slug
    }
}

/// `re.sub(r'</?[^>]*>', '', text)`.
fn strip_angle_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 1..).unwrap_or_default();
        let after = after.strip_prefix('/').unwrap_or(after);
        match after.find('>') {
            Some(end) => rest = after.get(end + 1..).unwrap_or_default(),
            None => {
                out.push_str(rest.get(start..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Python's `str.casefold()`: lower case, with the foldings that differ
/// from it (`ß` → `ss` and the like) done by full case folding.
fn python_casefold(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            'ß' | 'ẞ' => vec!['s', 's'],
            'ς' => vec!['σ'],
            _ => c.to_lowercase().collect(),
        })
        .collect()
}

/// `urllib.parse.quote(text.encode('utf-8'))`: everything but ASCII
/// letters, digits, `_.-~` and `/` percent-encoded, in upper-case hex.
fn percent_encode_like_python_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"_.-~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Hands out unique ids within one page, each style the way its tool does.
#[derive(Debug, Default)]
pub struct Slugger {
    style: SlugStyle,
    /// GitHub style: each id with the count of repeats handed out.
    seen: HashMap<String, usize>,
    /// Python-Markdown style: every id in use.
    used: HashSet<String>,
}

impl Slugger {
    pub fn new(style: SlugStyle) -> Self {
        Self {
            style,
            ..Self::default()
        }
    }

    /// Reserves an id the author chose (`{#id}`), so generated ones avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_owned()).or_insert(0);
        self.used.insert(id.to_owned());
    }

    /// A unique id for a heading with this text.
    pub fn slug(&mut self, text: &str) -> String {
        match &self.style {
            SlugStyle::GitHub => self.github_unique(github_slug(text)),
            SlugStyle::PythonMarkdown { separator, unicode } => {
                let slug = python_markdown_slug(text, separator, *unicode);
                self.toc_unique(slug)
            }
            SlugStyle::Pymdownx {
                separator,
                case,
                percent_encode,
                normalize,
            } => {
                let slug = pymdownx_slug(text, separator, *case, *percent_encode, *normalize);
                self.toc_unique(slug)
            }
        }
    }

    fn github_unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let mut candidate = base.clone();
        while let Some(count) = self.seen.get_mut(&candidate) {
            *count += 1;
            candidate = format!("{base}-{count}");
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }

    /// Python-Markdown's `toc.unique`: an id in use, or an empty one, gets
    /// `_1`, `_2`, …, counting on from a `_N` it already ends with.
    fn toc_unique(&mut self, id: String) -> String {
        let mut id = id;
        if self.used.contains(&id) || id.is_empty() {
            let (base, count) = split_count(&id);
            let mut count = count;
            loop {
                count = increment_decimal(&count);
                let candidate = format!("{base}_{count}");
                if !self.used.contains(&candidate) {
                    id = candidate;
                    break;
                }
            }
        }
        self.used.insert(id.clone());
        id
    }
}

/// `^(.*)_([0-9]+)$`: the base and its count (`"0"` when there is none).
fn split_count(id: &str) -> (String, String) {
    if let Some((base, digits)) = id.rsplit_once('_') {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Python's int() drops leading zeros.
            let digits = digits.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            return (base.to_owned(), digits.to_owned());
        }
    }
    (id.to_owned(), "0".to_owned())
}

/// A decimal number written out, plus one: Python's ints have no limit.
fn increment_decimal(digits: &str) -> String {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_examples() {
        assert_eq!(github_slug("list[start:stop]"), "liststartstop");
        assert_eq!(github_slug("list[start:stop:step]"), "liststartstopstep");
        assert_eq!(github_slug("What is `[-1]`?"), "what-is--1");
        assert_eq!(
            github_slug("Omitting the start  or stop index"),
            "omitting-the-start--or-stop-index"
        );
        assert_eq!(github_slug("Café & Crème"), "café--crème");
        assert_eq!(github_slug("snake_case-name"), "snake_case-name");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.slug("Usage"), "usage");
        assert_eq!(slugger.slug("Usage"), "usage-1");
        assert_eq!(slugger.slug("Usage"), "usage-2");
        assert_eq!(slugger.slug("Usage 1"), "usage-1-1");
    }

    #[test]
    fn python_markdown_examples() {
        let slug = |text| python_markdown_slug(text, "-", false);
        assert_eq!(slug("Enable & Disable"), "enable-disable");
        assert_eq!(slug("žlutý kůň"), "zluty-kun");
        assert_eq!(slug("快速排序"), "");
        assert_eq!(slug("  a -- b  "), "a-b");
        assert_eq!(python_markdown_slug("快速 排序", "-", true), "快速-排序");
    }

    #[test]
    fn python_markdown_repeats_count_on() {
        let mut slugger = Slugger::new(SlugStyle::PythonMarkdown {
            separator: "-".to_owned(),
            unicode: false,
        });
        let ids: Vec<String> = ["Usage", "Usage", "usage_1", "快速", "排序", "a_9", "a_9"]
            .into_iter()
            .map(|t| slugger.slug(t))
            .collect();
        assert_eq!(
            ids,
            ["usage", "usage_1", "usage_2", "_1", "_2", "a_9", "a_10"]
        );
    }

    #[test]
    fn counts_have_no_limit() {
        assert_eq!(increment_decimal("99"), "100");
        assert_eq!(
            split_count("x_00099999999999999999999999"),
            ("x".to_owned(), "99999999999999999999999".to_owned())
        );
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let mut slugger = Slugger::default();
        slugger.reserve("intro");
        assert_eq!(slugger.slug("Intro"), "intro-1");
    }
}
