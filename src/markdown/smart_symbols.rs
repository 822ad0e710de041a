//! Typographic symbols from ASCII (pymdownx.smartsymbols): `(tm)` ™,
//! `(c)` ©, `(r)` ®, `c/o` ℅, `+/-` ±, `=/=` ≠, `-->` →, `<--` ←, `<-->` ↔,
//! fractions such as `1/2` ½, and ordinals such as `2nd` 2<sup>nd</sup>.

use super::html_text::Pieces;
use pulldown_cmark::Event;

/// Symbols written the same wherever they are.
const PLAIN: [(&str, &str); 8] = [
    ("(tm)", "™"),
    ("(c)", "©"),
    ("(r)", "®"),
    ("+/-", "±"),
    ("=/=", "≠"),
    ("<-->", "↔"),
    ("-->", "→"),
    ("<--", "←"),
];

/// Fractions with a character of their own; not inside a longer number.
const FRACTIONS: [(&str, &str); 15] = [
    ("1/4", "¼"),
    ("1/2", "½"),
    ("3/4", "¾"),
    ("1/3", "⅓"),
    ("2/3", "⅔"),
    ("1/5", "⅕"),
    ("2/5", "⅖"),
    ("3/5", "⅗"),
    ("4/5", "⅘"),
    ("1/6", "⅙"),
    ("5/6", "⅚"),
    ("1/8", "⅛"),
    ("3/8", "⅜"),
    ("5/8", "⅝"),
    ("7/8", "⅞"),
];

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The symbol at the start of `rest`, and how many bytes it replaces;
/// `before` is the character before it.
fn symbol_at(rest: &str, before: Option<char>) -> Option<(Event<'static>, usize)> {
    let next_after = |len: usize| rest.get(len..).and_then(|r| r.chars().next());
    for (ascii, symbol) in PLAIN {
        if !rest.starts_with(ascii) {
            continue;
        }
        // `--->` and `<---` are not arrows; `-->` after a `-` is not one.
        let arrow_clash = match ascii {
            "-->" => before == Some('-'),
            "<--" => next_after(3) == Some('-'),
            _ => false,
        };
        if !arrow_clash {
            return Some((Event::Text(symbol.into()), ascii.len()));
        }
    }
    if rest.starts_with("c/o") && !is_word(before) && !is_word(next_after(3)) {
        return Some((Event::Text("℅".into()), 3));
    }
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if !digit(before) {
        for (ascii, symbol) in FRACTIONS {
            if rest.starts_with(ascii) && !digit(next_after(3)) {
                return Some((Event::Text(symbol.into()), 3));
            }
        }
    }
    ordinal(rest, before)
}

/// `21st`, `112th`: the number, then its English suffix raised.
fn ordinal(rest: &str, before: Option<char>) -> Option<(Event<'static>, usize)> {
    if is_word(before) {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest.get(..digits)?;
    if number.is_empty() || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    let suffix = rest.get(digits..digits + 2)?;
    // pymdownx's rule: `1st`, `2nd`, `3rd`, other digits `th`, and `th`
    // after a 1 too (`11th`; its `11st` is taken as well).
    let last = number.as_bytes().last().copied();
    let after_one = number.len() >= 2 && number.as_bytes().get(number.len() - 2) == Some(&b'1');
    let fits = match (last, suffix) {
        (Some(b'1'), "st") | (Some(b'2'), "nd") | (Some(b'3'), "rd") => true,
        (Some(b'1' | b'2' | b'3'), "th") => after_one,
        (Some(_), "th") => true,
        _ => false,
    };
    let after = rest.get(digits + 2..).and_then(|r| r.chars().next());
    (fits && !is_word(after)).then(|| {
        (
            Event::InlineHtml(format!("{number}<sup>{suffix}</sup>").into()),
            digits + 2,
        )
    })
}

/// `text` with its symbols in place; `None` when it has none.
fn replace<'a>(text: &str) -> Option<Vec<Event<'a>>> {
    let mut pieces = Pieces::new(text);
    let mut before: Option<char> = None;
    let mut at = 0;
    while let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        let candidate = matches!(c, '(' | '+' | '=' | '<' | '-' | 'c') || c.is_ascii_digit();
        if let Some((event, len)) = candidate.then(|| symbol_at(rest, before)).flatten() {
            pieces.replace(at, at + len, event);
            at += len;
            before = text.get(..at).and_then(|t| t.chars().next_back());
            continue;
        }
        before = Some(c);
        at += c.len_utf8();
    }
    pieces.finish()
}

/// Puts the symbols into the text of finished events (not into images'
/// alt text). A text event with symbols becomes one inline HTML event, so
/// no event moves; the parser's split texts are joined first (`<--`
/// arrives as `<` and `--`).
pub fn apply(out: &mut [Event<'_>]) {
    super::delimiters::merge_texts(out);
    let mut images = 0usize;
    for event in out.iter_mut() {
        match event {
            Event::Start(pulldown_cmark::Tag::Image { .. }) => images += 1,
            Event::End(pulldown_cmark::TagEnd::Image) => images = images.saturating_sub(1),
            Event::Text(text) if images == 0 => {
                if let Some(pieces) = replace(text) {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, pieces.into_iter());
                    *event = Event::InlineHtml(html.into());
                }
            }
            _ => {}
        }
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
    fn symbols_fractions_and_ordinals() {
        assert_eq!(
            html("(tm) (c) (r) c/o +/- =/= --> <-- <-->"),
            "™ © ® ℅ ± ≠ → ← ↔"
        );
        assert_eq!(
            html("1/2 and 3/4 but 11/2 and 1/23"),
            "½ and ¾ but 11/2 and 1/23"
        );
        assert_eq!(
            html("1st 2nd 3rd 4th 11th 12th 21st 112th"),
            "1<sup>st</sup> 2<sup>nd</sup> 3<sup>rd</sup> 4<sup>th</sup> 11<sup>th</sup> 12<sup>th</sup> 21<sup>st</sup> 112<sup>th</sup>"
        );
    }

    #[test]
    fn look_alikes_stay() {
        assert_eq!(
            html("1th 2st x1st 1stx ---> <--- a-->b"),
            "1th 2st x1st 1stx ---&gt; &lt;--- a→b"
        );
        assert_eq!(html("disco/on c/od"), "disco/on c/od");
    }
}
