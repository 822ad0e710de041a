//! Splitting text into search terms, the same way at build time (Rust) and
//! in the browser (`static/assets/search.js`).
//!
//! Terms are runs of letters and digits, lower-cased. Scripts written without
//! spaces (Chinese, Japanese, Korean) become overlapping pairs of characters,
//! so a query of two or more characters finds them anywhere in a run.

/// Whether `c` belongs to a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // Extensions B–F, supplement
}

/// The terms of a text, in order (with repeats).
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut word = String::new();
    let mut cjk = Vec::new();
    let flush_word = |word: &mut String, terms: &mut Vec<String>| {
        if !word.is_empty() {
            terms.push(std::mem::take(word));
        }
    };
    let flush_cjk = |run: &mut Vec<char>, terms: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => terms.extend(run.iter().map(char::to_string)),
            _ => terms.extend(run.windows(2).map(|pair| pair.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut terms);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut terms);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut terms);
            flush_cjk(&mut cjk, &mut terms);
        }
    }
    flush_word(&mut word, &mut terms);
    flush_cjk(&mut cjk, &mut terms);
    terms
}

/// The shard a term lives in: its first two characters (one for a
/// single-character term).
pub fn shard_of(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A shard's file name: the UTF-8 bytes of its prefix in hex, so any
/// script is a safe file name.
pub fn shard_file(prefix: &str) -> String {
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_unicode_runs() {
        assert_eq!(
            terms("How do I use `zip()`? Élan, naïve-ish"),
            ["how", "do", "i", "use", "zip", "élan", "naïve", "ish"]
        );
    }

    #[test]
    fn cjk_runs_become_pairs() {
        assert_eq!(terms("列表推导式"), ["列表", "表推", "推导", "导式"]);
        assert_eq!(terms("Python 的 列表"), ["python", "的", "列表"]);
        assert_eq!(terms("リストとは"), ["リス", "スト", "トと", "とは"]);
    }

    #[test]
    fn shard_names_are_hex() {
        assert_eq!(shard_of("python"), "py");
        assert_eq!(shard_file("py"), "7079");
        assert_eq!(shard_file("列表"), "e58897e8a1a8");
    }
}
