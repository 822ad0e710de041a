//! The one gate every output path goes through. Pages, tags, aliases,
//! sections, assets and generated files all reach the output folder as a
//! forward-slash path; each of its segments is checked here, so no input
//! can name a file outside the output folder or one no file system holds.

/// The longest file name common file systems allow, in bytes.
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Checks one segment of an output path (a folder or file name); the error
/// says what is wrong, for a diagnostic to show.
pub fn check_segment(segment: &str) -> Result<(), String> {
    if segment.is_empty() {
        return Err("must not be empty".into());
    }
    if segment == "." || segment == ".." {
        return Err(format!("`{segment}` would leave its folder"));
    }
    if segment.contains(['/', '\\']) {
        return Err(format!(
            "`{}` must not contain `/` or `\\`",
            crate::diagnostics::printable(segment)
        ));
    }
    if segment.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Err(format!(
            "a name of {} bytes is longer than file systems allow ({MAX_SEGMENT_BYTES})",
            segment.len()
        ));
    }
    if cfg!(windows) && is_reserved_on_windows(segment) {
        return Err(format!("`{segment}` is a reserved name on Windows"));
    }
    Ok(())
}

/// Checks a whole output path: relative, forward slashes, every segment valid.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.starts_with('/') {
        return Err(format!(
            "`{}` is not relative",
            crate::diagnostics::printable(path)
        ));
    }
    for segment in path.split('/') {
        check_segment(segment)
            .map_err(|e| format!("`{}`: {e}", crate::diagnostics::printable(path)))?;
    }
    Ok(())
}

/// Windows' device names (`CON`, `NUL`, `COM1`…), which no file may take,
/// with any extension, and names ending in a dot or space, which it trims.
fn is_reserved_on_windows(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or(segment).trim_end();
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_digit() && c != '0'));
    device || segment.ends_with(['.', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        for bad in [
            "../index.html",
            "a/../../b",
            "./x",
            "/etc/passwd",
            "a//b",
            "",
            "tags/../../../index.html",
            "a\\..\\b",
            "nul\0byte",
            "tab\there",
        ] {
            assert!(check_path(bad).is_err(), "{bad:?}");
        }
        let long = "x".repeat(256);
        assert!(check_path(&format!("a/{long}/index.html")).is_err());
        for good in [
            "index.html",
            "tags/c/index.html",
            "my notes/café/index.html",
            "a.b/..c/x",
        ] {
            assert!(check_path(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn windows_device_names_are_known() {
        for reserved in ["CON", "con.txt", "Nul", "COM1", "lpt9.md", "trailing."] {
            assert!(is_reserved_on_windows(reserved), "{reserved}");
        }
        for ordinary in ["console", "com", "COM0", "lpt10", "aux-notes"] {
            assert!(!is_reserved_on_windows(ordinary), "{ordinary}");
        }
    }
}
