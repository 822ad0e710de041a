//! "Did you mean …?": the known name nearest to a misspelt one.

/// The name among `known` that `written` most likely meant: the one at the
/// smallest edit distance (case aside), if that distance is small for the
/// name's length (one edit up to four letters, two beyond, a third of the
/// length at most). `None` for an exact match.
pub fn closest_name<'a>(
    written: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lowered = written.to_lowercase();
    let length = lowered.chars().count();
    let allowed = match length {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2.min(length / 3).max(1),
    };
    known
        .into_iter()
        .filter(|name| *name != written)
        .map(|name| {
            (
                strsim::damerau_levenshtein(&lowered, &name.to_lowercase()),
                name,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [&str; 5] = ["title", "description", "tags", "date", "updated"];

    #[test]
    fn near_names_are_suggested() {
        assert_eq!(closest_name("desciption", KEYS), Some("description"));
        assert_eq!(closest_name("titel", KEYS), Some("title"));
        assert_eq!(closest_name("Title", KEYS), Some("title"));
        assert_eq!(closest_name("tag", KEYS), Some("tags"));
        assert_eq!(closest_name("updatd", KEYS), Some("updated"));
    }

    #[test]
    fn far_or_exact_names_are_not() {
        assert_eq!(closest_name("title", KEYS), None);
        assert_eq!(closest_name("author_note", KEYS), None);
        assert_eq!(closest_name("hide", KEYS), None);
        assert_eq!(closest_name("ab", ["at"]), None);
    }
}
