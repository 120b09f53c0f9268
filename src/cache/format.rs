//! The on-disk layout of a graph cache: a 16-byte header, then checksummed sections in a fixed
//! order, then an `end` section. All integers are little-endian.
//!
//! ```text
//! header   magic "RELAISGC" (8 bytes) | version u32 | reserved u32 (0)
//! section  tag (8 bytes, ASCII, zero-padded) | byte length u64 | XXH3-64 of the data u64
//!          | data | zero padding to a multiple of 8 bytes
//! ```
//!
//! Every section's data starts at a multiple of 8 bytes (the header is 16 bytes, a section header
//! 24, and data is padded), so a memory-mapped file (page-aligned) holds every array aligned for
//! its element type. On little-endian hosts the reader maps the file and each section is
//! borrowed from the mapping (a [`Store`]); elsewhere it reads each section with one `read` into a
//! `Vec` of its final element type (no intermediate buffer). Either way it checks each length
//! against what the metadata announced and against the bytes left in the file (so a damaged
//! length never allocates), then the section's checksum. The SHA-256 of the file (for run.json)
//! is computed while reading, or over the mapping beside the parsing.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytemuck::Pod;
use memmap2::Mmap;
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::xxh3_64;

use super::mapped;
use crate::error::{Error, Result};
use crate::graph::Store;

/// First bytes of every graph cache.
pub const MAGIC: &[u8; 8] = b"RELAISGC";

/// Layout version this relais writes and reads. Bump it whenever the layout or the meaning of a
/// section changes.
pub const VERSION: u32 = 1;

/// Bytes of the header.
pub(crate) const HEADER_BYTES: u64 = 16;

/// An element type a section may hold, with its little-endian conversion.
pub(crate) trait Elem: Pod {
    /// Converts in place between little-endian and native order (a no-op on little-endian hosts).
    fn swap_le(v: &mut [Self]);
}

macro_rules! elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn swap_le(v: &mut [Self]) {
                if cfg!(target_endian = "big") {
                    for x in v {
                        *x = <$t>::from_le_bytes(x.to_ne_bytes());
                    }
                }
            }
        }
    )*};
}
elem!(u8, u32, u64);

impl Elem for f64 {
    fn swap_le(v: &mut [Self]) {
        if cfg!(target_endian = "big") {
            for x in v {
                *x = f64::from_bits(u64::from_le_bytes(x.to_bits().to_ne_bytes()));
            }
        }
    }
}

fn tag_bytes(tag: &str) -> [u8; 8] {
    let mut t = [0u8; 8];
    t[..tag.len()].copy_from_slice(tag.as_bytes());
    t
}

fn tag_name(t: &[u8; 8]) -> String {
    let end = t.iter().position(|&b| b == 0).unwrap_or(8);
    String::from_utf8_lossy(&t[..end]).into_owned()
}

/// Writes the header and sections to any `Write`.
pub(crate) struct SectionWriter<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> SectionWriter<W> {
    /// Writes the header.
    pub fn new(mut inner: W) -> std::io::Result<Self> {
        inner.write_all(MAGIC)?;
        inner.write_all(&VERSION.to_le_bytes())?;
        inner.write_all(&0u32.to_le_bytes())?;
        Ok(SectionWriter {
            inner,
            written: HEADER_BYTES,
        })
    }

    /// Writes one section holding `data`.
    pub fn section<T: Elem>(&mut self, tag: &str, data: &[T]) -> std::io::Result<()> {
        let bytes: &[u8] = bytemuck::cast_slice(data);
        let le;
        let bytes = if cfg!(target_endian = "big") {
            let mut copy = data.to_vec();
            T::swap_le(&mut copy);
            le = bytemuck::cast_slice::<T, u8>(&copy).to_vec();
            &le[..]
        } else {
            bytes
        };
        self.inner.write_all(&tag_bytes(tag))?;
        self.inner.write_all(&(bytes.len() as u64).to_le_bytes())?;
        self.inner.write_all(&xxh3_64(bytes).to_le_bytes())?;
        self.inner.write_all(bytes)?;
        let pad = (8 - bytes.len() % 8) % 8;
        self.inner.write_all(&[0u8; 8][..pad])?;
        self.written += 24 + bytes.len() as u64 + pad as u64;
        Ok(())
    }

    /// Writes the `end` section and returns the writer and the bytes written.
    pub fn finish(mut self) -> std::io::Result<(W, u64)> {
        self.section::<u8>("end", &[])?;
        Ok((self.inner, self.written))
    }
}

/// Reads a cache file section by section: from a read-only memory mapping (little-endian hosts;
/// sections are borrowed, not copied), or with `read` into owned arrays (big-endian hosts, and
/// when mapping is turned off or fails), hashing every byte read.
pub(crate) struct SectionReader {
    src: Source,
    path: PathBuf,
    /// Whether section checksums are verified (always, except to measure their cost).
    checksums: bool,
    /// Bytes consumed so far.
    pos: u64,
    /// Size of the file.
    len: u64,
}

enum Source {
    /// Read into owned arrays; the SHA-256 of the file is computed on the way.
    Read { file: File, sha: Sha256 },
    /// The whole file, mapped; its SHA-256 is computed separately ([`sha256_hex`]).
    Mapped(Arc<Mmap>),
}

impl SectionReader {
    /// Opens `path` (mapped when `map` and the host is little-endian) and checks its header.
    pub fn open(path: &Path, map: bool, checksums: bool) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        // A file too short for a header goes through `read`, which reports it as truncated; a
        // failed mapping (a file system without mmap) falls back to `read` too.
        let mapped = (map && cfg!(target_endian = "little") && len >= HEADER_BYTES)
            .then(|| mapped::map(&file).ok())
            .flatten();
        let src = match mapped {
            Some(m) => Source::Mapped(m),
            None => Source::Read {
                file,
                sha: Sha256::new(),
            },
        };
        let mut r = SectionReader {
            src,
            path: path.to_path_buf(),
            checksums,
            pos: 0,
            len,
        };
        let mut header = [0u8; HEADER_BYTES as usize];
        r.read_exact(&mut header, "the header")?;
        if &header[..8] != MAGIC {
            return Err(r.error("not a relais graph cache (wrong magic bytes)".into()));
        }
        let version = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
        if version != VERSION {
            return Err(r.error(format!(
                "cache layout version {version}, but this relais ({}) reads version {VERSION}; \
                 rebuild it with `relais build`",
                env!("CARGO_PKG_VERSION")
            )));
        }
        // Reserved, written as 0: anything else is a damaged header (this layout version gives
        // it no meaning; a layout that does would have a new version number).
        let reserved = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
        if reserved != 0 {
            return Err(r.error(format!(
                "the header's reserved field is {reserved:#x}, not 0: the file is damaged"
            )));
        }
        Ok(r)
    }

    /// The mapping, when the file is read through one.
    pub fn mapping(&self) -> Option<Arc<Mmap>> {
        match &self.src {
            Source::Mapped(m) => Some(Arc::clone(m)),
            Source::Read { .. } => None,
        }
    }

    /// A [`Error::Cache`] about this file.
    pub fn error(&self, message: String) -> Error {
        Error::Cache {
            path: self.path.clone(),
            message,
        }
    }

    fn truncated(&self, what: &str) -> Error {
        self.error(format!(
            "truncated: the file ends inside {what} (at byte {} of {})",
            self.pos, self.len
        ))
    }

    /// Consumes the next `n` bytes of a mapped file and returns their range.
    fn take(&mut self, n: u64, what: &str) -> Result<std::ops::Range<usize>> {
        if n > self.len.saturating_sub(self.pos) {
            return Err(self.truncated(what));
        }
        let start = self.pos as usize;
        self.pos += n;
        Ok(start..self.pos as usize)
    }

    fn read_exact(&mut self, buf: &mut [u8], what: &str) -> Result<()> {
        match &mut self.src {
            Source::Read { file, sha } => {
                match file.read_exact(buf) {
                    Ok(()) => sha.update(&*buf),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        return Err(self.truncated(what))
                    }
                    Err(e) => return Err(Error::io(&self.path, e)),
                }
                self.pos += buf.len() as u64;
            }
            Source::Mapped(map) => {
                let map = Arc::clone(map);
                let range = self.take(buf.len() as u64, what)?;
                buf.copy_from_slice(&map[range]);
            }
        }
        Ok(())
    }

    /// Reads the next section, which must be `tag`, holding `expected` elements when given.
    pub fn section<T: Elem>(&mut self, tag: &str, expected: Option<usize>) -> Result<Store<T>> {
        Ok(self.section_as(Some(tag), expected)?.1)
    }

    /// Reads the next section whatever its tag (checked like any other); returns its tag and
    /// bytes.
    pub fn next_section(&mut self) -> Result<(String, Store<u8>)> {
        self.section_as(None, None)
    }

    fn section_as<T: Elem>(
        &mut self,
        want: Option<&str>,
        expected: Option<usize>,
    ) -> Result<(String, Store<T>)> {
        let mut head = [0u8; 24];
        let what = want.map_or_else(
            || "the header of a section".to_string(),
            |t| format!("the header of section {t}"),
        );
        self.read_exact(&mut head, &what)?;
        let mut found = [0u8; 8];
        found.copy_from_slice(&head[..8]);
        let tag = &tag_name(&found);
        if let Some(want) = want.filter(|&t| found != tag_bytes(t)) {
            return Err(self.error(format!(
                "expected section {want:?} at byte {}, found {tag:?}: the file is damaged",
                self.pos - 24,
            )));
        }
        let bytes = u64::from_le_bytes(head[8..16].try_into().unwrap_or_default());
        let checksum = u64::from_le_bytes(head[16..24].try_into().unwrap_or_default());
        let size = std::mem::size_of::<T>() as u64;
        let left = self.len.saturating_sub(self.pos);
        if bytes > left {
            return Err(self.error(format!(
                "truncated: section {tag} announces {bytes} bytes but only {left} are left"
            )));
        }
        if bytes % size != 0 || expected.is_some_and(|n| n as u64 * size != bytes) {
            return Err(self.error(format!(
                "section {tag} holds {bytes} bytes, which does not fit the graph's size: \
                 the file is damaged"
            )));
        }
        let mismatch = |r: &Self| {
            r.error(format!(
                "checksum mismatch in section {tag}: the file is damaged; rebuild it with \
                 `relais build`"
            ))
        };
        // The padding is not covered by the checksum: it must be zero, so that one flipped bit
        // anywhere in the file is reported.
        let damaged_padding = |r: &Self, tag: &str| {
            r.error(format!(
                "non-zero padding after section {tag}: the file is damaged; rebuild it with \
                 `relais build`"
            ))
        };
        let pad = (8 - bytes % 8) % 8;
        let store = if let Some(map) = self.mapping() {
            let range = self.take(bytes, &format!("section {tag}"))?;
            if self.checksums && xxh3_64(&map[range.clone()]) != checksum {
                return Err(mismatch(self));
            }
            let padding = self.take(pad, &format!("section {tag}"))?;
            if map[padding].iter().any(|&b| b != 0) {
                return Err(damaged_padding(self, tag));
            }
            Store::mapped(map, range).ok_or_else(|| {
                self.error(format!(
                    "section {tag} is not aligned for its elements: the file is damaged"
                ))
            })?
        } else {
            let mut data: Vec<T> = vec![T::zeroed(); (bytes / size) as usize];
            self.read_exact(
                bytemuck::cast_slice_mut(&mut data),
                &format!("section {tag}"),
            )?;
            if self.checksums && xxh3_64(bytemuck::cast_slice(&data)) != checksum {
                return Err(mismatch(self));
            }
            let mut padding = [0u8; 8];
            self.read_exact(&mut padding[..pad as usize], &format!("section {tag}"))?;
            if padding.iter().any(|&b| b != 0) {
                return Err(damaged_padding(self, tag));
            }
            T::swap_le(&mut data);
            Store::from(data)
        };
        Ok((tag.clone(), store))
    }

    /// Reads the `end` section, checks nothing follows it, and returns the file's size and, when
    /// it was read (not mapped), its SHA-256 (hex).
    pub fn finish(mut self) -> Result<(u64, Option<String>)> {
        self.section::<u8>("end", Some(0))?;
        self.after_end()
    }

    /// [`SectionReader::finish`] once the `end` section has been read.
    pub fn after_end(mut self) -> Result<(u64, Option<String>)> {
        let mut extra = [0u8; 1];
        let n = match &mut self.src {
            Source::Read { file, .. } => file
                .read(&mut extra)
                .map_err(|e| Error::io(&self.path, e))?,
            Source::Mapped(_) => 0,
        };
        if n != 0 || self.pos != self.len {
            return Err(self.error(format!(
                "{} unexpected bytes after the end section",
                self.len.saturating_sub(self.pos).max(1)
            )));
        }
        let sha = match self.src {
            Source::Read { sha, .. } => Some(hex(&sha.finalize())),
            Source::Mapped(_) => None,
        };
        Ok((self.len, sha))
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 (hex) of a mapped file.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Whether `path` is a file that starts with the cache's magic bytes.
pub fn is_cache(path: &Path) -> bool {
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let mut magic = [0u8; 8];
    f.read_exact(&mut magic).is_ok() && &magic == MAGIC
}
