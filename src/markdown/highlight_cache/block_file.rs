//! The cache file: a header line, then records of (16-byte key, 4-byte
//! little-endian length, HTML). A build appends each block it uses to a new
//! file as it goes and keeps only where each one is, so the cache costs a
//! build's memory its index, not its contents.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::Key;

/// Where a block's HTML is in a file.
#[derive(Debug, Clone, Copy)]
struct Span {
    offset: u64,
    length: u32,
}

/// A finished cache file, opened for reading blocks by key.
#[derive(Debug)]
pub(super) struct BlockFile {
    file: File,
    index: HashMap<Key, Span>,
}

impl BlockFile {
    /// Opens `path` and indexes it; `None` when it is missing, was written
    /// with another `header` or is damaged (an unusable cache is no cache).
    pub(super) fn open(path: &Path, header: &str) -> Option<Self> {
        let file = File::open(path).ok()?;
        let index = read_index(BufReader::new(file.try_clone().ok()?), header)?;
        Some(Self { file, index })
    }

    pub(super) fn read(&self, key: &Key) -> Option<Arc<str>> {
        read_span(&self.file, *self.index.get(key)?)
    }

    /// Every block, for a cache that is kept in memory.
    pub(super) fn into_blocks(self) -> HashMap<Key, Arc<str>> {
        self.index
            .iter()
            .filter_map(|(key, span)| Some((*key, read_span(&self.file, *span)?)))
            .collect()
    }
}

fn read_span(file: &File, span: Span) -> Option<Arc<str>> {
    let mut html = vec![0; span.length as usize];
    read_exact_at(file, &mut html, span.offset).ok()?;
    String::from_utf8(html).ok().map(Arc::from)
}

/// Reads at an offset without moving the file's cursor, so threads can
/// share the file.
#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            read => {
                buffer = buffer.get_mut(read..).unwrap_or_default();
                offset += read as u64;
            }
        }
    }
    Ok(())
}

/// Reads the records' keys and places, skipping their contents.
fn read_index(mut reader: impl BufRead + Seek, header: &str) -> Option<HashMap<Key, Span>> {
    let mut first_line = String::new();
    reader.read_line(&mut first_line).ok()?;
    if first_line != header {
        return None;
    }
    let end = reader.seek(std::io::SeekFrom::End(0)).ok()?;
    let mut offset = reader
        .seek(std::io::SeekFrom::Start(header.len() as u64))
        .ok()?;
    let mut index = HashMap::new();
    while offset < end {
        let mut key: Key = [0; 16];
        reader.read_exact(&mut key).ok()?;
        let mut length = [0; 4];
        reader.read_exact(&mut length).ok()?;
        let length = u32::from_le_bytes(length);
        offset += RECORD_HEAD;
        if offset + u64::from(length) > end {
            return None;
        }
        reader.seek_relative(i64::from(length)).ok()?;
        index.insert(key, Span { offset, length });
        offset += u64::from(length);
    }
    Some(index)
}

/// Key and length in front of each block.
const RECORD_HEAD: u64 = 16 + 4;

/// A new cache file is first `highlight.PID-….tmp`.
const TEMPORARY_PREFIX: &str = "highlight.";

/// A new cache file being written by one build; put in place by
/// [`BlockWriter::commit`], deleted when dropped without it.
#[derive(Debug)]
pub(super) struct BlockWriter {
    /// For reading blocks back while others are appended.
    reader: File,
    /// Removes the file if the build is interrupted.
    _interrupt: crate::leftovers::Temporary,
    appending: Mutex<Appending>,
}

#[derive(Debug)]
struct Appending {
    file: tempfile::NamedTempFile,
    index: HashMap<Key, Span>,
    end: u64,
    /// A write failed: the file is incomplete and is not kept.
    failed: bool,
}

impl BlockWriter {
    /// A new file in `dir`, starting with `header`.
    pub(super) fn create(dir: &Path, header: &str) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        // Files of killed builds are removed; the name carries the
        // process id that tells which are stale.
        crate::leftovers::remove_stale(dir, TEMPORARY_PREFIX);
        let mut file = tempfile::Builder::new()
            .prefix(&format!(
                "{TEMPORARY_PREFIX}{}",
                crate::leftovers::owner_tag()
            ))
            .suffix(".tmp")
            .tempfile_in(dir)?;
        file.write_all(header.as_bytes())?;
        Ok(Self {
            _interrupt: crate::leftovers::Temporary::register(file.path()),
            reader: file.reopen()?,
            appending: Mutex::new(Appending {
                file,
                index: HashMap::new(),
                end: header.len() as u64,
                failed: false,
            }),
        })
    }

    pub(super) fn read(&self, key: &Key) -> Option<Arc<str>> {
        let span = *self.appending.lock().ok()?.index.get(key)?;
        read_span(&self.reader, span)
    }

    /// Adds a block (once per key; a block too long to record is left out).
    pub(super) fn append(&self, key: Key, html: &str) {
        let Ok(mut appending) = self.appending.lock() else {
            return;
        };
        let Ok(length) = u32::try_from(html.len()) else {
            return;
        };
        if appending.failed || appending.index.contains_key(&key) {
            return;
        }
        let file = appending.file.as_file_mut();
        let written = file
            .write_all(&key)
            .and_then(|()| file.write_all(&length.to_le_bytes()))
            .and_then(|()| file.write_all(html.as_bytes()));
        if written.is_err() {
            appending.failed = true;
            return;
        }
        let offset = appending.end + RECORD_HEAD;
        appending.index.insert(key, Span { offset, length });
        appending.end = offset + u64::from(length);
    }

    /// Puts the file at `path` (atomically: an interrupted commit leaves
    /// the old file). A file that could not be written whole is dropped.
    pub(super) fn commit(self, path: &Path) -> std::io::Result<()> {
        let appending = self
            .appending
            .into_inner()
            .map_err(|_| std::io::Error::other("cache lock poisoned"))?;
        if appending.failed {
            return Err(std::io::Error::other(
                "the cache file was not written whole",
            ));
        }
        appending.file.as_file().sync_all()?;
        appending.file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "test cache\n";

    #[test]
    fn appended_blocks_read_back_and_survive_a_commit() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let writer = BlockWriter::create(dir.path(), HEADER)?;
        writer.append([1; 16], "one");
        writer.append([2; 16], "two ✓");
        writer.append([1; 16], "ignored: already there");
        assert_eq!(writer.read(&[2; 16]).as_deref(), Some("two ✓"));
        assert_eq!(writer.read(&[1; 16]).as_deref(), Some("one"));
        let path = dir.path().join("cache.bin");
        writer.commit(&path)?;
        let file = BlockFile::open(&path, HEADER).ok_or(std::io::Error::other("unreadable"))?;
        assert_eq!(file.read(&[1; 16]).as_deref(), Some("one"));
        assert_eq!(file.read(&[3; 16]), None);
        assert_eq!(file.into_blocks().len(), 2);
        assert!(BlockFile::open(&path, "other header\n").is_none());
        Ok(())
    }

    #[test]
    fn an_uncommitted_file_is_removed_and_a_damaged_one_ignored() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        drop(BlockWriter::create(dir.path(), HEADER)?);
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 0);
        let path = dir.path().join("cache.bin");
        let mut truncated = HEADER.as_bytes().to_vec();
        truncated.extend_from_slice(&[1; 16]);
        truncated.extend_from_slice(&100u32.to_le_bytes());
        truncated.extend_from_slice(b"short");
        std::fs::write(&path, truncated)?;
        assert!(BlockFile::open(&path, HEADER).is_none());
        Ok(())
    }
}
