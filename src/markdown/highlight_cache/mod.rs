//! Highlighted code blocks, kept across builds. The key is a hash of the
//! language and the code, and the file is tied to the kbgen version (which
//! fixes the syntax definitions), so a cached block is exactly what
//! highlighting would produce now: a stale cache cannot change the output.
//! Identical blocks are highlighted once per build.

mod block_file;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use self::block_file::{BlockFile, BlockWriter};
use super::highlight::Highlighter;
use crate::config::HighlightThemes;

/// The file's first line: the format, the kbgen version that wrote it and
/// the themes the markup was made for (they decide which spans it has).
fn header(themes: &HighlightThemes) -> String {
    format!(
        "kbgen highlight cache 3 {} {:?} {:?}\n",
        env!("CARGO_PKG_VERSION"),
        themes.light,
        themes.dark
    )
}

type Key = [u8; 16];

/// The cache's file in the cache folder.
const FILE_NAME: &str = "highlight.bin";

/// Highlighted blocks by the hash of (language, code).
#[derive(Debug)]
pub struct HighlightCache {
    themes: HighlightThemes,
    highlighter: Highlighter,
    store: Store,
}

#[derive(Debug)]
enum Store {
    /// One build's cache: blocks are read from the last build's file and
    /// written to the next one as they are used, so memory holds only
    /// where they are.
    Files {
        previous: Option<BlockFile>,
        next: BlockWriter,
        path: PathBuf,
    },
    /// Blocks kept in memory (`serve`, across rebuilds; or a cache folder
    /// that cannot be written).
    Memory {
        /// Blocks from the previous build; moved (not copied) to `current`
        /// when used again, so each block is held once.
        previous: RwLock<HashMap<Key, Arc<str>>>,
        current: RwLock<HashMap<Key, Arc<str>>>,
    },
}

impl HighlightCache {
    fn new(themes: &HighlightThemes, store: Store) -> Self {
        Self {
            themes: themes.clone(),
            highlighter: Highlighter::for_themes(themes),
            store,
        }
    }

    fn memory(themes: &HighlightThemes, previous: HashMap<Key, Arc<str>>) -> Self {
        Self::new(
            themes,
            Store::Memory {
                previous: RwLock::new(previous),
                current: RwLock::default(),
            },
        )
    }

    /// A cache that lives only as long as the process (for `serve`, across rebuilds).
    pub fn in_memory(themes: &HighlightThemes) -> Self {
        Self::memory(themes, HashMap::new())
    }

    /// The cache in `dir` (`highlight.bin`) for one build, saved by
    /// [`HighlightCache::commit`]; a missing, unreadable or foreign file
    /// starts an empty cache, and a folder that cannot be written gives a
    /// cache that is not saved.
    pub fn open(dir: &Path, themes: &HighlightThemes) -> Self {
        let header = header(themes);
        let path = dir.join(FILE_NAME);
        let previous = BlockFile::open(&path, &header);
        match BlockWriter::create(dir, &header) {
            Ok(next) => Self::new(
                themes,
                Store::Files {
                    previous,
                    next,
                    path,
                },
            ),
            Err(_) => Self::memory(
                themes,
                previous.map(BlockFile::into_blocks).unwrap_or_default(),
            ),
        }
    }

    /// The cache in `dir`, read into memory and never written back: `serve`
    /// keeps it across rebuilds, `check` writes nothing.
    pub fn open_read_only(dir: &Path, themes: &HighlightThemes) -> Self {
        let previous = BlockFile::open(&dir.join(FILE_NAME), &header(themes));
        Self::memory(
            themes,
            previous.map(BlockFile::into_blocks).unwrap_or_default(),
        )
    }

    /// The themes the cached markup was made for.
    pub fn themes(&self) -> &HighlightThemes {
        &self.themes
    }

    /// `code` highlighted as `language`: from the cache, or highlighted now.
    /// `None` for languages the highlighter does not know.
    pub fn highlight(&self, language: &str, code: &str) -> Option<Arc<str>> {
        self.get_or_insert(language, code, || {
            self.highlighter.highlight(code, language)
        })
    }

    /// The highlighted HTML of `code` as `language`, computed by `highlight` on a miss.
    fn get_or_insert(
        &self,
        language: &str,
        code: &str,
        highlight: impl FnOnce() -> Option<String>,
    ) -> Option<Arc<str>> {
        let key = key(language, code);
        match &self.store {
            Store::Files { previous, next, .. } => {
                if let Some(found) = next.read(&key) {
                    return Some(found);
                }
                let value: Arc<str> = match previous.as_ref().and_then(|p| p.read(&key)) {
                    Some(found) => found,
                    None => highlight()?.into(),
                };
                next.append(key, &value);
                Some(value)
            }
            Store::Memory { previous, current } => {
                if let Some(found) = current.read().ok().and_then(|map| map.get(&key).cloned()) {
                    return Some(found);
                }
                let reused = previous.write().ok().and_then(|mut map| map.remove(&key));
                let value: Arc<str> = match reused {
                    Some(found) => found,
                    None => highlight()?.into(),
                };
                if let Ok(mut map) = current.write() {
                    map.insert(key, Arc::clone(&value));
                }
                Some(value)
            }
        }
    }

    /// Makes this build's blocks the next build's "previous" (for `serve`);
    /// before the first build it keeps what was read from disk.
    pub fn roll_over(&mut self) {
        if let Store::Memory { previous, current } = &mut self.store {
            let current = std::mem::take(
                current
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            if !current.is_empty() {
                *previous = RwLock::new(current);
            }
        }
    }

    /// Saves the blocks this build used (and only those, so the cache does
    /// not grow without bound) in place of the last build's: called once the
    /// build succeeded (a failed build writes nothing). A cache that cannot
    /// be saved only makes the next build slower.
    pub fn commit(self) {
        if let Store::Files {
            previous,
            next,
            path,
        } = self.store
        {
            // Closed first: Windows cannot replace a file that is open.
            drop(previous);
            let _ = next.commit(&path);
        }
    }
}

fn key(language: &str, code: &str) -> Key {
    let mut hasher = blake3::Hasher::new();
    hasher.update(language.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    let hash = hasher.finalize();
    let mut key = [0; 16];
    key.copy_from_slice(hash.as_bytes().get(..16).unwrap_or(&[0; 16]));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_blocks_come_back_and_unused_ones_are_dropped() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let themes = HighlightThemes::default();
        let cache = HighlightCache::open(dir.path(), &themes);
        assert_eq!(
            cache
                .get_or_insert("python", "x = 1", || Some("A".into()))
                .as_deref(),
            Some("A")
        );
        assert_eq!(
            cache
                .get_or_insert("python", "x = 1", || panic!("highlighted twice"))
                .as_deref(),
            Some("A")
        );
        cache.get_or_insert("rust", "fn f() {}", || Some("B".into()));
        cache.commit();
        let again = HighlightCache::open(dir.path(), &themes);
        assert_eq!(
            again.get_or_insert("rust", "fn f() {}", || None).as_deref(),
            Some("B")
        );
        again.commit();
        let third = HighlightCache::open(dir.path(), &themes);
        assert_eq!(
            third
                .get_or_insert("python", "x = 1", || Some("fresh".into()))
                .as_deref(),
            Some("fresh")
        );
        let kept = HighlightCache::open_read_only(dir.path(), &themes);
        assert_eq!(
            kept.get_or_insert("rust", "fn f() {}", || None).as_deref(),
            Some("B"),
            "serve reads the same file"
        );
        Ok(())
    }

    #[test]
    fn blocks_stay_only_if_the_build_commits() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let themes = HighlightThemes::default();
        let failed = HighlightCache::open(dir.path(), &themes);
        failed.highlight("python", "x = 1\n");
        drop(failed);
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 0, "nothing left");
        let succeeded = HighlightCache::open(dir.path(), &themes);
        let html = succeeded.highlight("python", "x = 1\n");
        succeeded.commit();
        let again = HighlightCache::open(dir.path(), &themes);
        assert_eq!(
            again.get_or_insert("python", "x = 1\n", || None),
            html,
            "the committed block comes back"
        );
        Ok(())
    }

    #[test]
    fn a_foreign_file_is_ignored() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join(FILE_NAME),
            b"kbgen highlight cache 1 0.0.0\nxx",
        )?;
        let cache = HighlightCache::open(dir.path(), &HighlightThemes::default());
        assert_eq!(
            cache
                .get_or_insert("a", "b", || Some("C".into()))
                .as_deref(),
            Some("C")
        );
        Ok(())
    }
}
