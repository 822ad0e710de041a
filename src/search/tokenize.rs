//! Splitting text into search terms, the same way at build time (Rust) and
//! in the browser (`static/assets/search.js`; `tests/browser/search.test.mjs`
//! checks that both agree).
//!
//! Two kinds of term come out of a text:
//!
//! - **words**: runs of letters and digits, lower-cased. Scripts written
//!   without spaces (Chinese, Japanese, Korean) become overlapping pairs of
//!   characters, so a query of two or more characters finds them anywhere
//!   in a run.
//! - **compounds**: code-like tokens kept whole (`asyncio.gather`,
//!   `__init__`, `[-1]`, `c++`, `append()`), so that a reader who types one
//!   finds the page that has exactly it, above pages that merely have its
//!   parts.

use std::borrow::Cow;

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

/// The words of a text, in order (with repeats).
pub fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for_each_word(text, |word| found.push(word.to_owned()));
    found
}

/// Calls `visit` with each word of a text, in order, without allocating
/// one string per word (the index reads every word of every page).
pub fn for_each_word(text: &str, visit: impl FnMut(&str)) {
    scan(text, visit, |_| {});
}

/// Calls `visit` with each word of a text, as [`for_each_word`] does, and
/// returns the text's [`compounds`], found in the same pass over it.
pub fn for_each_word_with_compounds(text: &str, visit: impl FnMut(&str)) -> Vec<String> {
    let mut chunks = Vec::new();
    scan(text, visit, |chunk| chunks.push(chunk));
    let mut found = Vec::new();
    for chunk in chunks {
        compounds_of_chunk(chunk, &mut found);
    }
    found
}

/// One pass over a text: its words to `visit`, and the chunks that may
/// hold a compound to `marked`.
fn scan<'t>(text: &'t str, mut visit: impl FnMut(&str), mut marked: impl FnMut(&'t str)) {
    let mut marks = ChunkMarks::default();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut pair = String::new();
    let mut flush_cjk = |run: &mut Vec<char>, visit: &mut dyn FnMut(&str)| {
        if let [single] = run.as_slice() {
            pair.clear();
            pair.push(*single);
            visit(&pair);
        }
        for window in run.windows(2) {
            pair.clear();
            pair.extend(window);
            visit(&pair);
        }
        run.clear();
    };
    let flush_word = |word: &mut String, visit: &mut dyn FnMut(&str)| {
        if !word.is_empty() {
            visit(word);
            word.clear();
        }
    };
    for (at, c) in text.char_indices() {
        // Most text is ASCII: no script or case tables to consult.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                marks.letter();
                if !cjk.is_empty() {
                    flush_cjk(&mut cjk, &mut visit);
                }
                word.push(c.to_ascii_lowercase());
            } else {
                if separates(c) {
                    if let Some(chunk) = marks.end(text, at, c) {
                        marked(chunk);
                    }
                } else {
                    marks.punctuation(c);
                }
                flush_word(&mut word, &mut visit);
                if !cjk.is_empty() {
                    flush_cjk(&mut cjk, &mut visit);
                }
            }
            continue;
        }
        if let Some(chunk) = marks.see(text, at, c) {
            marked(chunk);
        }
        if is_cjk(c) {
            flush_word(&mut word, &mut visit);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut visit);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut visit);
            flush_cjk(&mut cjk, &mut visit);
        }
    }
    flush_word(&mut word, &mut visit);
    flush_cjk(&mut cjk, &mut visit);
    if let Some(chunk) = marks.finish(text) {
        marked(chunk);
    }
}

/// Compounds longer than this are prose run together or data, not names.
const MAX_COMPOUND_CHARS: usize = 40;

/// Quotes and sentence punctuation around a token, never part of it.
fn is_around(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | ','
            | ';'
            | '!'
            | '?'
            | '.'
            | ':'
            | '…'
    )
}

/// The compounds of a text, in order; one that repeats a compound just
/// before it is left out (code says `a.b` many times over).
pub fn compounds(text: &str) -> Vec<String> {
    for_each_word_with_compounds(text, |_| {})
}

/// Whether a chunk of text ends here: compounds never span a space or a dash.
fn separates(c: char) -> bool {
    c.is_whitespace() || c == '—' || c == '–'
}

/// Follows a text character by character to tell which chunks may hold a
/// compound: those with something other than letters and digits inside
/// the quotes and punctuation around them. Most chunks are plain words,
/// passed over in one look at each character.
#[derive(Debug, Default)]
struct ChunkMarks {
    /// Where the current chunk starts.
    start: usize,
    seen_word: bool,
    around_after_word: bool,
    marked: bool,
}

impl ChunkMarks {
    /// Takes the character at byte `at`; at a separator, returns the chunk
    /// it ends if that may hold a compound.
    fn see<'t>(&mut self, text: &'t str, at: usize, c: char) -> Option<&'t str> {
        if separates(c) {
            return self.end(text, at, c);
        }
        if c.is_alphanumeric() {
            self.letter();
        } else {
            self.punctuation(c);
        }
        None
    }

    /// A separator at byte `at` ends the chunk: returns it if it may hold
    /// a compound.
    fn end<'t>(&mut self, text: &'t str, at: usize, separator: char) -> Option<&'t str> {
        let chunk = self.marked.then(|| text.get(self.start..at)).flatten();
        *self = ChunkMarks {
            start: at + separator.len_utf8(),
            ..ChunkMarks::default()
        };
        chunk
    }

    fn letter(&mut self) {
        // Punctuation between letters (`a.b`, `it's`) is inside.
        self.marked |= self.around_after_word;
        self.seen_word = true;
    }

    fn punctuation(&mut self, c: char) {
        if is_around(c) {
            self.around_after_word |= self.seen_word;
        } else {
            self.marked = true;
        }
    }

    /// The last chunk, if it may hold a compound.
    fn finish<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.marked.then(|| text.get(self.start..)).flatten()
    }
}

/// The compounds of one chunk of text, added to those found before it.
fn compounds_of_chunk(chunk: &str, found: &mut Vec<String>) {
    let core = chunk.trim_matches(is_around);
    // Decided on the text as written, before lower-casing (which can
    // add combining marks: "İ" → "i̇"); most chunks are plain words.
    if core.chars().all(char::is_alphanumeric) {
        return;
    }
    let trimmed = balanced(core);
    if trimmed
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
        || !trimmed.chars().any(char::is_alphanumeric)
    {
        return;
    }
    // Most code is lower case already: lower-casing it would only copy it.
    let token: Cow<'_, str> =
        if trimmed.is_ascii() && !trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(trimmed)
        } else {
            Cow::Owned(trimmed.to_lowercase())
        };
    if token.chars().count() > MAX_COMPOUND_CHARS || (token.contains(':') && token.contains("://"))
    {
        return;
    }
    for_each_candidate(&token, |candidate| {
        if is_compound(candidate) && !found.iter().rev().take(8).any(|f| f == candidate) {
            found.push(candidate.to_owned());
        }
    });
}

/// Whether a token is more than a word: it has a letter or digit, and a
/// character that is neither nor a joiner of prose words (`it's`,
/// `built-in`); brackets count only as a call (`append()`) or a subscript
/// (`[-1]`), not around prose (`(mostly)`).
fn is_compound(token: &str) -> bool {
    if !token.chars().any(char::is_alphanumeric) || token.chars().any(is_cjk) {
        return false;
    }
    let has_code_mark = token.chars().any(|c| {
        !c.is_alphanumeric() && !matches!(c, '\'' | '’' | '-' | '(' | ')' | '[' | ']' | '{' | '}')
    });
    has_code_mark || is_subscript(token) || (token.len() > 2 && token.ends_with("()"))
}

/// `[-1]`, `d[0]`, `[::2]`: a subscript with a number or a slice, typed on
/// its own or after a name (a bracketed word, `[note]`, is prose).
fn is_subscript(token: &str) -> bool {
    token.ends_with(']')
        && token.rfind('[').is_some_and(|open| {
            token
                .get(open..)
                .is_some_and(|inside| inside.chars().any(|c| c.is_ascii_digit() || c == ':'))
        })
}

/// A token without the brackets that open or close around it in the
/// sentence (`(see`, `items]`, `sort())`), keeping those it pairs.
fn balanced(token: &str) -> &str {
    // One pass counts every bracket; most tokens have none.
    let mut opens = [0usize; 3];
    let mut closes = [0usize; 3];
    for byte in token.bytes() {
        let (counts, kind) = match byte {
            b'(' => (&mut opens, 0),
            b'[' => (&mut opens, 1),
            b'{' => (&mut opens, 2),
            b')' => (&mut closes, 0),
            b']' => (&mut closes, 1),
            b'}' => (&mut closes, 2),
            _ => continue,
        };
        if let Some(count) = counts.get_mut(kind) {
            *count += 1;
        }
    }
    let mut token = token;
    for ((open, close), (opened, closed)) in [('(', ')'), ('[', ']'), ('{', '}')]
        .into_iter()
        .zip(opens.into_iter().zip(closes))
    {
        if opened > closed {
            token = token.strip_prefix(open).unwrap_or(token);
        } else if closed > opened {
            token = token.strip_suffix(close).unwrap_or(token);
        }
    }
    token.trim_matches(is_around)
}

/// The forms a reader may type of a code token: the whole, and for a call
/// or a subscript the name (`asyncio.gather`), the call without arguments
/// (`asyncio.gather()`, `gather()`), and the subscript (`[-1]`).
fn for_each_candidate(token: &str, mut visit: impl FnMut(&str)) {
    visit(token);
    let Some(at) = token.find(['(', '[']) else {
        return;
    };
    let (head, rest) = token.split_at(at);
    if head.is_empty() {
        return;
    }
    let last = head.rsplit_once('.').map(|(_, last)| last);
    visit(head);
    if rest.starts_with('(') {
        let mut call = String::with_capacity(head.len() + 2);
        call.push_str(head);
        call.push_str("()");
        visit(&call);
        if let Some(last) = last {
            call.clear();
            call.push_str(last);
            call.push_str("()");
            visit(&call);
        }
    } else {
        if let Some(last) = last {
            visit(last);
        }
        if let Some(subscript) = rest.find(']').and_then(|end| rest.get(..=end)) {
            visit(subscript);
        }
    }
}

/// The shard a term lives in: its first two characters (one for a
/// single-character term).
pub fn shard_of(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A shard's file name: the UTF-8 bytes of its prefix in hex, so any
/// script and any punctuation is a safe file name.
pub fn shard_file(prefix: &str) -> String {
    prefix.bytes().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    //! Words and compounds are held to `tests/search_quality/tokens.json`,
    //! which the browser's tokenizer must match too (tests/it/search.rs).
    use super::*;

    #[test]
    fn cjk_runs_become_pairs() {
        assert_eq!(words("列表推导式"), ["列表", "表推", "推导", "导式"]);
        assert_eq!(words("Python 的 列表"), ["python", "的", "列表"]);
        assert_eq!(words("リストとは"), ["リス", "スト", "トと", "とは"]);
    }

    #[test]
    fn one_pass_finds_what_the_two_passes_find() {
        let texts = [
            "Call `asyncio.gather(*tasks)` then d[0], [-1] and list[start:stop].",
            "It's built-in: C++ (mostly) «x.y» — a.b–c.d; __init__()! 'quoted'",
            "列表[0] は x.y です。İSTANBUL.Upper() ÀB.c\tend.",
            "",
            "...",
            "a.. ..b .c. (see items]) sort()) {k: v}",
        ];
        for text in texts {
            let mut one = Vec::new();
            let found = for_each_word_with_compounds(text, |w| one.push(w.to_owned()));
            assert_eq!(one, words(text), "{text}");
            assert_eq!(found, compounds(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_on_any_text(text in "[a-zA-Z0-9 .,'’\"`()\\[\\]{}_:/+=*—–\t\n\r\x0b\x0c\u{a0}\u{2003}\u{85}İß列表・。-]{0,60}") {
            let mut one = Vec::new();
            let found = for_each_word_with_compounds(&text, |w| one.push(w.to_owned()));
            proptest::prop_assert_eq!(one, words(&text));
            proptest::prop_assert_eq!(&found, &compounds(&text));
            // Skipping plain chunks never loses a compound: every chunk
            // looked at in full finds the same.
            let mut every_chunk = Vec::new();
            for chunk in text.split(separates) {
                compounds_of_chunk(chunk, &mut every_chunk);
            }
            proptest::prop_assert_eq!(found, every_chunk);
        }
    }

    #[test]
    fn shard_names_are_hex() {
        assert_eq!(shard_of("python"), "py");
        assert_eq!(shard_file("py"), "7079");
        assert_eq!(shard_file("列表"), "e58897e8a1a8");
        assert_eq!(shard_file("[-"), "5b2d");
    }
}
