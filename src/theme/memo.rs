//! Reusing pages between `serve` rebuilds. A page's HTML is a pure function
//! of the templates and its template context (the documented contract is all
//! a template sees), so a page whose context and templates hash the same as
//! last time is the same page, and is taken from the previous build instead
//! of being rendered again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::output::OutputTree;

/// Identifies a page's rendering inputs.
pub type PageKey = [u8; 16];

/// Keys and HTML of the previous build, and the keys of the current one.
#[derive(Debug, Default)]
pub struct PageMemo {
    previous_keys: HashMap<String, PageKey>,
    previous_tree: Option<Arc<OutputTree>>,
    current_keys: Mutex<HashMap<String, PageKey>>,
}

impl PageMemo {
    /// The previous build's HTML for `path`, if its inputs had this key.
    pub fn reuse(&self, path: &str, key: &PageKey) -> Option<Vec<u8>> {
        if self.previous_keys.get(path) != Some(key) {
            return None;
        }
        self.previous_tree.as_ref()?.get(path).map(<[u8]>::to_vec)
    }

    /// Notes the key a page was made with in this build.
    pub fn record(&self, path: &str, key: PageKey) {
        if let Ok(mut keys) = self.current_keys.lock() {
            keys.insert(path.to_owned(), key);
        }
    }

    /// The memo for the next build, after this one produced `tree`.
    pub fn next(self, tree: Arc<OutputTree>) -> PageMemo {
        PageMemo {
            previous_keys: self
                .current_keys
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            previous_tree: Some(tree),
            current_keys: Mutex::new(HashMap::new()),
        }
    }
}

/// A hasher for a page's key, fed with the templates' fingerprint and the
/// template's name; the serialized context is written into it next.
pub fn key_hasher(fingerprint: &[u8; 32], template: &str) -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    hasher.update(fingerprint);
    hasher.update(template.as_bytes());
    hasher.update(&[0]);
    hasher
}

/// The key once the context has been written into the hasher.
pub fn finish_key(hasher: &blake3::Hasher) -> PageKey {
    let mut key = [0; 16];
    key.copy_from_slice(hasher.finalize().as_bytes().get(..16).unwrap_or(&[0; 16]));
    key
}

#[cfg(test)]
fn page_key(fingerprint: &[u8; 32], template: &str, context_json: &[u8]) -> PageKey {
    let mut hasher = key_hasher(fingerprint, template);
    hasher.update(context_json);
    finish_key(&hasher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_reused_only_with_the_same_key() {
        let memo = PageMemo::default();
        let key = page_key(&[1; 32], "page.html", b"{}");
        assert_eq!(
            memo.reuse("a/index.html", &key),
            None,
            "nothing before a first build"
        );
        memo.record("a/index.html", key);
        let mut tree = OutputTree::default();
        let _ = tree.insert("a/index.html".into(), b"<p>a</p>".to_vec(), "a");
        let memo = memo.next(Arc::new(tree));
        assert_eq!(
            memo.reuse("a/index.html", &key).as_deref(),
            Some(&b"<p>a</p>"[..])
        );
        let other = page_key(&[1; 32], "page.html", b"{\"x\":1}");
        assert_eq!(memo.reuse("a/index.html", &other), None);
        let retemplated = page_key(&[2; 32], "page.html", b"{}");
        assert_eq!(
            memo.reuse("a/index.html", &retemplated),
            None,
            "template changes count"
        );
    }
}
