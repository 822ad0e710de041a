//! Highlighted code blocks, kept across builds. The key is a hash of the
//! language and the code, and the file is tied to the kbgen version (which
//! fixes the syntax definitions), so a cached block is exactly what
//! highlighting would produce now: a stale cache cannot change the output.
//! Identical blocks are highlighted once per build.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use super::highlight::Highlighter;
use crate::config::HighlightThemes;

/// The file's first line: the format, the kbgen version that wrote it and
/// the themes the markup was made for (they decide which spans it has).
fn header(themes: &HighlightThemes) -> String {
    format!(
        "kbgen highlight cache 2 {} {:?} {:?}\n",
        env!("CARGO_PKG_VERSION"),
        themes.light,
        themes.dark
    )
}

type Key = [u8; 16];

/// Highlighted blocks by the hash of (language, code).
#[derive(Debug)]
pub struct HighlightCache {
    /// Where the cache is read from and saved to; `None` keeps it in memory.
    file: Option<PathBuf>,
    themes: HighlightThemes,
    highlighter: Highlighter,
    /// Blocks from the previous build; moved (not copied) to `current` when
    /// used again, so each block is held once.
    previous: RwLock<HashMap<Key, Arc<str>>>,
    /// Blocks used by this build: what is saved.
    current: RwLock<HashMap<Key, Arc<str>>>,
    /// Whether [`HighlightCache::finish_build`] saves the blocks and lets go
    /// of them (`build`: the pages hold their own copies from then on) rather
    /// than keeping them for the next rebuild (`serve`).
    release_after_build: bool,
    /// The temporary file `finish_build` wrote, until committed.
    pending: Mutex<Option<PathBuf>>,
}

impl HighlightCache {
    fn new(
        themes: &HighlightThemes,
        file: Option<PathBuf>,
        previous: HashMap<Key, Arc<str>>,
        release_after_build: bool,
    ) -> Self {
        Self {
            file,
            themes: themes.clone(),
            highlighter: Highlighter::for_themes(themes),
            previous: RwLock::new(previous),
            current: RwLock::default(),
            release_after_build,
            pending: Mutex::new(None),
        }
    }

    /// A cache that lives only as long as the process (for `serve`, across rebuilds).
    pub fn in_memory(themes: &HighlightThemes) -> Self {
        Self::new(themes, None, HashMap::new(), false)
    }

    /// The cache in `dir` (`highlight.bin`) for one build; a missing,
    /// unreadable or foreign file starts an empty cache.
    pub fn open(dir: &Path, themes: &HighlightThemes) -> Self {
        let file = dir.join("highlight.bin");
        let previous = read_file(&file, themes);
        Self::new(themes, Some(file), previous, true)
    }

    /// The cache in `dir`, kept in memory across rebuilds (for `serve`) and
    /// never written back.
    pub fn open_for_rebuilds(dir: &Path, themes: &HighlightThemes) -> Self {
        let previous = read_file(&dir.join("highlight.bin"), themes);
        Self::new(themes, None, previous, false)
    }

    /// Called once every page is rendered: a cache opened for one build
    /// writes the blocks it used to a temporary file (put in place by
    /// [`HighlightCache::commit`]) and frees them, which lowers the build's
    /// peak memory. A cache that cannot be saved only makes the next build slower.
    pub fn finish_build(&self) {
        if !self.release_after_build {
            return;
        }
        if let (Ok(temporary), Ok(mut pending)) = (self.write_temporary(), self.pending.lock()) {
            *pending = Some(temporary);
        }
        for map in [&self.previous, &self.current] {
            if let Ok(mut map) = map.write() {
                *map = HashMap::new();
            }
        }
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
        if let Some(found) = self
            .current
            .read()
            .ok()
            .and_then(|map| map.get(&key).cloned())
        {
            return Some(found);
        }
        let reused = self
            .previous
            .write()
            .ok()
            .and_then(|mut map| map.remove(&key));
        let value: Arc<str> = match reused {
            Some(found) => found,
            None => highlight()?.into(),
        };
        if let Ok(mut map) = self.current.write() {
            map.insert(key, Arc::clone(&value));
        }
        Some(value)
    }

    /// Makes this build's blocks the next build's "previous" (for `serve`);
    /// before the first build it keeps what was read from disk.
    pub fn roll_over(&mut self) {
        let current = std::mem::take(
            self.current
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if !current.is_empty() {
            self.previous = RwLock::new(current);
        }
    }

    /// Writes the blocks this build used (and only those, so the cache does
    /// not grow without bound) next to the site; atomic, so an interrupted
    /// save leaves the old file.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let temporary = self.write_temporary()?;
        std::fs::rename(&temporary, file)
    }

    /// Puts the blocks saved by [`HighlightCache::finish_build`] in place:
    /// called once the build succeeded (a failed build writes nothing).
    pub fn commit(&self) {
        let pending = self.pending.lock().ok().and_then(|mut p| p.take());
        if let (Some(temporary), Some(file)) = (pending, &self.file) {
            let _ = std::fs::rename(temporary, file);
        }
    }

    fn write_temporary(&self) -> std::io::Result<PathBuf> {
        let Some(file) = &self.file else {
            return Err(std::io::Error::other("the cache has no file"));
        };
        let map = self
            .current
            .read()
            .map_err(|_| std::io::Error::other("cache lock poisoned"))?;
        let mut entries: Vec<(&Key, &Arc<str>)> = map.iter().collect();
        entries.sort_by_key(|(key, _)| **key);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = file.with_extension("bin.tmp");
        let mut writer = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        writer.write_all(header(&self.themes).as_bytes())?;
        for (key, html) in entries {
            // A block too long for the length field is simply not cached.
            let Ok(length) = u32::try_from(html.len()) else {
                continue;
            };
            writer.write_all(key)?;
            writer.write_all(&length.to_le_bytes())?;
            writer.write_all(html.as_bytes())?;
        }
        writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        Ok(temporary)
    }
}

impl Drop for HighlightCache {
    /// A build that failed after [`HighlightCache::finish_build`] leaves no file behind.
    fn drop(&mut self) {
        if let Some(temporary) = self.pending.get_mut().ok().and_then(Option::take) {
            let _ = std::fs::remove_file(temporary);
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

fn read_file(file: &Path, themes: &HighlightThemes) -> HashMap<Key, Arc<str>> {
    std::fs::File::open(file)
        .ok()
        .and_then(|f| read_entries(std::io::BufReader::new(f), themes))
        .unwrap_or_default()
}

/// Reads the entries record by record (the file is never in memory whole);
/// `None` if anything about it is off.
fn read_entries(
    mut reader: impl std::io::BufRead,
    themes: &HighlightThemes,
) -> Option<HashMap<Key, Arc<str>>> {
    let mut first_line = String::new();
    reader.read_line(&mut first_line).ok()?;
    if first_line != header(themes) {
        return None;
    }
    let mut map = HashMap::new();
    loop {
        let mut key: Key = [0; 16];
        match reader.read_exact(&mut key) {
            Ok(()) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::UnexpectedEof
                    && reader.fill_buf().ok()?.is_empty() =>
            {
                return Some(map);
            }
            Err(_) => return None,
        }
        let mut length = [0; 4];
        reader.read_exact(&mut length).ok()?;
        let mut html = vec![0; u32::from_le_bytes(length) as usize];
        reader.read_exact(&mut html).ok()?;
        map.insert(key, Arc::from(String::from_utf8(html).ok()?));
    }
}

#[cfg(test)]
fn parse(bytes: &[u8]) -> Option<HashMap<Key, Arc<str>>> {
    read_entries(bytes, &HighlightThemes::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_blocks_come_back_and_unused_ones_are_dropped() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = HighlightCache::open(dir.path(), &HighlightThemes::default());
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
        cache.save()?;
        let again = HighlightCache::open(dir.path(), &HighlightThemes::default());
        assert_eq!(
            again.get_or_insert("rust", "fn f() {}", || None).as_deref(),
            Some("B")
        );
        again.save()?;
        let third = HighlightCache::open(dir.path(), &HighlightThemes::default());
        assert_eq!(
            third
                .get_or_insert("python", "x = 1", || Some("fresh".into()))
                .as_deref(),
            Some("fresh")
        );
        Ok(())
    }

    #[test]
    fn blocks_saved_after_rendering_stay_only_if_the_build_commits() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let themes = HighlightThemes::default();
        let failed = HighlightCache::open(dir.path(), &themes);
        failed.highlight("python", "x = 1\n");
        failed.finish_build();
        drop(failed);
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 0, "nothing left");
        let succeeded = HighlightCache::open(dir.path(), &themes);
        let html = succeeded.highlight("python", "x = 1\n");
        succeeded.finish_build();
        succeeded.commit();
        drop(succeeded);
        let again = HighlightCache::open(dir.path(), &themes);
        assert_eq!(
            again.get_or_insert("python", "x = 1\n", || None),
            html,
            "the committed block comes back"
        );
        Ok(())
    }

    #[test]
    fn a_foreign_or_damaged_file_is_ignored() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join("highlight.bin"),
            b"kbgen highlight cache 1 0.0.0\nxx",
        )?;
        let cache = HighlightCache::open(dir.path(), &HighlightThemes::default());
        assert_eq!(
            cache
                .get_or_insert("a", "b", || Some("C".into()))
                .as_deref(),
            Some("C")
        );
        let mut truncated = header(&HighlightThemes::default()).into_bytes();
        truncated.extend_from_slice(&[1; 18]);
        assert_eq!(parse(&truncated), None);
        Ok(())
    }
}
