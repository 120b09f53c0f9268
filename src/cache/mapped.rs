//! Memory-mapping a graph cache: the crate's only `unsafe` code (one call).
//!
//! The crate denies `unsafe_code`; this module allows it on [`map`] alone. Everything built on
//! the mapping is safe: [`crate::graph::Store`] reads it through `bytemuck`'s checked casts.
//!
//! **Caveat** (the same as ripgrep's for its memory-mapped searches): a mapped file must not be
//! changed by another process while relais runs. If it is truncated, reading the lost pages
//! raises `SIGBUS`; if it is rewritten in place, the graph's arrays change under the analysis,
//! which is undefined behaviour. relais itself never does either: `relais build` writes a
//! temporary file and renames it over the cache, which leaves a mapping of the old file intact.

use std::fs::File;
use std::sync::Arc;

use memmap2::{Mmap, MmapOptions};

/// Maps `file` read-only, reading its pages in ahead (`MAP_POPULATE` on Linux: the load checks
/// every byte's checksum anyway, and prefaulting is faster than one fault per page run).
///
/// # Errors
/// What `mmap` reports (for example a file system that cannot map files).
#[allow(unsafe_code)]
pub(crate) fn map(file: &File) -> std::io::Result<Arc<Mmap>> {
    // SAFETY: `Mmap::map` is unsafe because the mapped bytes may change or vanish if the file is
    // modified or truncated while mapped, which would break `&[u8]`'s immutability. relais maps
    // the file read-only (`PROT_READ`: nothing writes through the mapping), never modifies
    // a cache in place (new caches are renamed over old ones), and validates every byte it uses
    // (lengths, alignment and checksums) after mapping. Another process changing the file during
    // a run is the documented caveat above (README, ARCHITECTURE).
    let map = unsafe { MmapOptions::new().populate().map(file)? };
    Ok(Arc::new(map))
}
