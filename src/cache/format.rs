//! The on-disk layout of a graph cache: a 16-byte header, then checksummed sections in a fixed
//! order, then an `end` section. All integers are little-endian.
//!
//! ```text
//! header   magic "RELAISGC" (8 bytes) | version u32 | reserved u32 (0)
//! section  tag (8 bytes, ASCII, zero-padded) | byte length u64 | XXH3-64 of the data u64
//!          | data | zero padding to a multiple of 8 bytes
//! ```
//!
//! The reader reads each section with one `read` into a `Vec` of its final element type (no
//! intermediate buffer), checks its length against what the metadata announced and against the
//! bytes left in the file (so a damaged length never allocates), then checks its checksum. The
//! SHA-256 of every byte read is computed on the way, for run.json.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use bytemuck::Pod;
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, Result};

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

/// Reads a cache file section by section, hashing every byte read.
pub(crate) struct SectionReader {
    file: File,
    path: PathBuf,
    sha: Sha256,
    /// Bytes read so far.
    pos: u64,
    /// Size of the file.
    len: u64,
}

impl SectionReader {
    /// Opens `path` and checks its header.
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let mut r = SectionReader {
            file,
            path: path.to_path_buf(),
            sha: Sha256::new(),
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
        Ok(r)
    }

    /// A [`Error::Cache`] about this file.
    pub fn error(&self, message: String) -> Error {
        Error::Cache {
            path: self.path.clone(),
            message,
        }
    }

    fn read_exact(&mut self, buf: &mut [u8], what: &str) -> Result<()> {
        self.file.read_exact(buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                self.error(format!(
                    "truncated: the file ends inside {what} (at byte {} of {})",
                    self.pos, self.len
                ))
            } else {
                Error::io(&self.path, e)
            }
        })?;
        self.sha.update(&*buf);
        self.pos += buf.len() as u64;
        Ok(())
    }

    /// Reads the next section, which must be `tag`, holding `expected` elements when given.
    pub fn section<T: Elem>(&mut self, tag: &str, expected: Option<usize>) -> Result<Vec<T>> {
        let mut head = [0u8; 24];
        self.read_exact(&mut head, &format!("the header of section {tag}"))?;
        let mut found = [0u8; 8];
        found.copy_from_slice(&head[..8]);
        if found != tag_bytes(tag) {
            return Err(self.error(format!(
                "expected section {tag:?} at byte {}, found {:?}: the file is damaged",
                self.pos - 24,
                tag_name(&found)
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
        let mut data: Vec<T> = vec![T::zeroed(); (bytes / size) as usize];
        self.read_exact(
            bytemuck::cast_slice_mut(&mut data),
            &format!("section {tag}"),
        )?;
        if xxh3_64(bytemuck::cast_slice(&data)) != checksum {
            return Err(self.error(format!(
                "checksum mismatch in section {tag}: the file is damaged; rebuild it with \
                 `relais build`"
            )));
        }
        let pad = ((8 - bytes % 8) % 8) as usize;
        let mut padding = [0u8; 8];
        self.read_exact(&mut padding[..pad], &format!("section {tag}"))?;
        T::swap_le(&mut data);
        Ok(data)
    }

    /// Reads the `end` section, checks nothing follows it, and returns the file's size and
    /// SHA-256 (hex).
    pub fn finish(mut self) -> Result<(u64, String)> {
        self.section::<u8>("end", Some(0))?;
        let mut extra = [0u8; 1];
        let n = self
            .file
            .read(&mut extra)
            .map_err(|e| Error::io(&self.path, e))?;
        if n != 0 || self.pos != self.len {
            return Err(self.error(format!(
                "{} unexpected bytes after the end section",
                self.len.saturating_sub(self.pos).max(1)
            )));
        }
        let digest = self.sha.finalize();
        Ok((
            self.len,
            digest.iter().map(|b| format!("{b:02x}")).collect(),
        ))
    }
}

/// Whether `path` is a file that starts with the cache's magic bytes.
pub fn is_cache(path: &Path) -> bool {
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let mut magic = [0u8; 8];
    f.read_exact(&mut magic).is_ok() && &magic == MAGIC
}
