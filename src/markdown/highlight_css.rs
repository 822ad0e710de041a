//! The highlighting stylesheet: syntect's CSS for a light and a dark theme,
//! made legible on the theme's code background and kept apart so that no
//! rule of one theme shows through the other.
//!
//! - **Legible**: every token colour is brought to WCAG AA (4.5:1) against
//!   the code background it is drawn on, moving it towards black (light)
//!   or white (dark) only as far as needed, so each keeps its hue.
//! - **Apart**: the light rules sit in an earlier cascade layer than the
//!   dark ones, and dark mode first resets every highlighted span; a light
//!   rule the dark theme has no counterpart for (`.hl-string .hl-source`)
//!   cannot colour dark code.

use std::fmt::Write;

/// The code background of kbgen's light theme (`--code-bg` in kbgen.css).
pub const CODE_BACKGROUND_LIGHT: Rgb = Rgb(0xf6, 0xf8, 0xfa);
/// The code background of kbgen's dark theme.
pub const CODE_BACKGROUND_DARK: Rgb = Rgb(0x15, 0x1b, 0x23);
/// WCAG 2.2 AA for body-size text.
pub const MIN_CONTRAST: f64 = 4.5;

/// Dark mode without a reader's choice, and with one.
const DARK_SCOPES: [(&str, Option<&str>); 2] = [
    (
        "html:not([data-theme=light])",
        Some("(prefers-color-scheme:dark)"),
    ),
    ("[data-theme=dark]", None),
];

/// A colour as sRGB bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |at: usize, width: usize| {
            let part = hex.get(at..at + width)?;
            let value = u8::from_str_radix(part, 16).ok()?;
            Some(if width == 1 { value * 17 } else { value })
        };
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)?, digit(1, 1)?, digit(2, 1)?)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// WCAG's relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |value: u8| {
            let c = f64::from(value) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG's contrast ratio, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    fn mix(self, toward: Rgb, share: f64) -> Rgb {
        let blend = |from: u8, to: u8| {
            (f64::from(from) + (f64::from(to) - f64::from(from)) * share).round() as u8
        };
        Rgb(
            blend(self.0, toward.0),
            blend(self.1, toward.1),
            blend(self.2, toward.2),
        )
    }

    /// This colour, or the nearest one towards black or white (whichever
    /// the background is further from) that reaches [`MIN_CONTRAST`].
    pub fn legible_on(self, background: Rgb) -> Rgb {
        if self.contrast(background) >= MIN_CONTRAST {
            return self;
        }
        let toward = if background.luminance() > 0.18 {
            Rgb(0, 0, 0)
        } else {
            Rgb(255, 255, 255)
        };
        (1..=100)
            .map(|step| self.mix(toward, f64::from(step) / 100.0))
            .find(|colour| colour.contrast(background) >= MIN_CONTRAST)
            .unwrap_or(toward)
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// One rule of syntect's generated CSS.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub selectors: Vec<String>,
    pub declarations: Vec<(String, String)>,
}

/// A stylesheet without its `/* … */` comments.
pub fn without_comments(css: &str) -> String {
    let mut css = css.to_owned();
    while let Some(start) = css.find("/*") {
        let end = css
            .get(start..)
            .and_then(|rest| rest.find("*/"))
            .map_or(css.len(), |end| start + end + 2);
        css.replace_range(start..end, "");
    }
    css
}

/// The rules of a flat stylesheet (`sel, sel { prop: value; … }`), as
/// syntect writes them; comments are dropped.
pub fn rules(css: &str) -> Vec<Rule> {
    without_comments(css)
        .split('}')
        .filter_map(|block| {
            let (selectors, body) = block.split_once('{')?;
            let selectors: Vec<String> = selectors
                .split(',')
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
                .collect();
            let declarations = body
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(p, v)| (p.trim().to_owned(), v.trim().to_owned()))
                .collect();
            (!selectors.is_empty()).then_some(Rule {
                selectors,
                declarations,
            })
        })
        .collect()
}

/// The rules with every colour legible on `background` (or on the rule's
/// own background colour, where it sets one). `.hl-code`, the theme's
/// page colours, is left out: kbgen's theme draws the code block.
fn legible(rules: Vec<Rule>, background: Rgb) -> Vec<Rule> {
    rules
        .into_iter()
        .filter(|rule| !rule.selectors.iter().all(|s| s == ".hl-code"))
        .filter(|rule| !rule.declarations.is_empty())
        .map(|mut rule| {
            let own_background = rule
                .declarations
                .iter()
                .find(|(property, _)| property == "background-color")
                .and_then(|(_, value)| Rgb::parse(value))
                .unwrap_or(background);
            for (property, value) in &mut rule.declarations {
                if property == "color" {
                    if let Some(colour) = Rgb::parse(value) {
                        *value = colour.legible_on(own_background).to_string();
                    }
                }
            }
            rule
        })
        .collect()
}

fn write_rules(out: &mut String, rules: &[Rule], scope: Option<&str>) {
    for rule in rules {
        let selectors: Vec<String> = rule
            .selectors
            .iter()
            .map(|selector| match scope {
                Some(scope) => format!("{scope} {selector}"),
                None => selector.clone(),
            })
            .collect();
        out.push_str(&selectors.join(","));
        out.push('{');
        let declarations: Vec<String> = rule
            .declarations
            .iter()
            .map(|(property, value)| format!("{property}:{value}"))
            .collect();
        out.push_str(&declarations.join(";"));
        out.push_str("}\n");
    }
}

/// The stylesheet for a light and a dark theme's CSS (as syntect makes it).
pub fn stylesheet(light_css: &str, dark_css: &str) -> String {
    let light = legible(rules(light_css), CODE_BACKGROUND_LIGHT);
    let dark = legible(rules(dark_css), CODE_BACKGROUND_DARK);
    let mut out = String::from(
        "/* Generated by kbgen from the syntax themes in site.toml: every colour \
         meets WCAG AA on the code background. */\n@layer hl-light, hl-dark;\n@layer hl-light {\n",
    );
    write_rules(&mut out, &light, None);
    out.push_str("}\n@layer hl-dark {\n");
    for (scope, media) in DARK_SCOPES {
        if let Some(media) = media {
            let _ = writeln!(out, "@media {media} {{");
        }
        // Zero specificity: every dark rule below still wins over it.
        let _ = writeln!(
            out,
            "{scope} :where(.highlight span){{color:inherit;background-color:transparent;\
             font-style:inherit;font-weight:inherit;text-decoration:inherit}}"
        );
        write_rules(&mut out, &dark, Some(scope));
        if media.is_some() {
            out.push_str("}\n");
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag() {
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        assert!((Rgb::parse("#767676").map_or(0.0, |c| c.contrast(white)) - 4.54).abs() < 0.01);
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#zzzzzz"), None);
    }

    #[test]
    fn faint_colours_move_only_as_far_as_needed() {
        let grey = Rgb::parse("#969896").unwrap_or(Rgb(0, 0, 0));
        let fixed = grey.legible_on(CODE_BACKGROUND_LIGHT);
        assert!(fixed.contrast(CODE_BACKGROUND_LIGHT) >= MIN_CONTRAST);
        assert!(fixed.contrast(CODE_BACKGROUND_LIGHT) < MIN_CONTRAST + 0.3);
        let dark_grey = Rgb::parse("#333333").unwrap_or(Rgb(0, 0, 0));
        let lifted = dark_grey.legible_on(CODE_BACKGROUND_DARK);
        assert!(lifted.contrast(CODE_BACKGROUND_DARK) >= MIN_CONTRAST);
        let legible = Rgb(0x1f, 0x23, 0x28);
        assert_eq!(legible.legible_on(CODE_BACKGROUND_LIGHT), legible);
    }

    #[test]
    fn rules_are_read_with_their_declarations() {
        let css = "/* c */\n.a, .b .c {\n color: #333333;\n font-style: italic;\n}\n.d {\n}\n";
        let parsed = rules(css);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].selectors, [".a", ".b .c"]);
        assert_eq!(
            parsed[0].declarations,
            [
                ("color".to_owned(), "#333333".to_owned()),
                ("font-style".to_owned(), "italic".to_owned())
            ]
        );
    }
}
