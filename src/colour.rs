//! Colours of the theme and of the site's accent: parsing, WCAG contrast,
//! and the nearest legible shade of a colour.

/// WCAG 2.2 AA for body-size text.
pub const MIN_CONTRAST: f64 = 4.5;

/// A colour as sRGB bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        // from_str_radix alone would take a sign (`#+f+f+f`).
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
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

    /// `share` (0 to 1) of the way from this colour to `toward`.
    pub fn mix(self, toward: Rgb, share: f64) -> Rgb {
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
        self.legible_on_all(&[background])
    }

    /// This colour, or the nearest one that reaches [`MIN_CONTRAST`] on
    /// every background: towards black when the first is light, else
    /// towards white.
    pub fn legible_on_all(self, backgrounds: &[Rgb]) -> Rgb {
        let legible = |colour: Rgb| {
            backgrounds
                .iter()
                .all(|&background| colour.contrast(background) >= MIN_CONTRAST)
        };
        if legible(self) {
            return self;
        }
        let light_background = backgrounds
            .first()
            .is_some_and(|background| background.luminance() > 0.18);
        let toward = if light_background {
            Rgb(0, 0, 0)
        } else {
            Rgb(255, 255, 255)
        };
        (1..=100)
            .map(|step| self.mix(toward, f64::from(step) / 100.0))
            .find(|&colour| legible(colour))
            .unwrap_or(toward)
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_digits_are_colours() {
        assert_eq!(Rgb::parse("#0550ae"), Some(Rgb(5, 0x50, 0xae)));
        assert_eq!(Rgb::parse(" #fA0 "), Some(Rgb(0xff, 0xaa, 0)));
        for text in ["#+f+f+f", "0550ae", "#05 0ae", "#0550a", "#ééé", "", "#"] {
            assert_eq!(Rgb::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn contrast_matches_wcag_figures() {
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white.
        assert!(Rgb(0x76, 0x76, 0x76).contrast(white) >= MIN_CONTRAST);
        assert!(Rgb(0x77, 0x77, 0x77).contrast(white) < MIN_CONTRAST);
    }

    #[test]
    fn a_legible_shade_passes_on_every_background_and_keeps_a_legible_colour() {
        let light = [Rgb(255, 255, 255), Rgb(0xf6, 0xf8, 0xfa)];
        let dark = [Rgb(0x0d, 0x11, 0x17), Rgb(0x15, 0x1b, 0x23)];
        for colour in [
            Rgb(0xff, 0xcc, 0),
            Rgb(0x05, 0x50, 0xae),
            Rgb(0x80, 0x80, 0x80),
        ] {
            for backgrounds in [&light, &dark] {
                let shade = colour.legible_on_all(backgrounds);
                assert!(
                    backgrounds
                        .iter()
                        .all(|&b| shade.contrast(b) >= MIN_CONTRAST),
                    "{colour} -> {shade}"
                );
                if backgrounds
                    .iter()
                    .all(|&b| colour.contrast(b) >= MIN_CONTRAST)
                {
                    assert_eq!(shade, colour);
                }
            }
        }
    }
}
