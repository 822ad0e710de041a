//! Reading a user's file with a size limit that holds even when the file
//! grows while it is read: the size is looked at first, and no more than
//! the limit (and one byte) is ever read.

use std::path::Path;

/// A file read whole, or how large it turned out to be.
#[derive(Debug)]
pub enum Bounded {
    Read(Vec<u8>),
    /// The file is over the limit (its size as far as it was read).
    TooLarge(u64),
}

/// Reads a file of at most `max` bytes: its size is looked at before it is
/// read, and no more than `max + 1` bytes are read even when it grows in
/// the meantime, so a huge file costs no memory.
pub fn read_bounded(path: &Path, max: u64) -> std::io::Result<Bounded> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max {
        return Ok(Bounded::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    Ok(if read > max {
        Bounded::TooLarge(read)
    } else {
        Bounded::Read(bytes)
    })
}
