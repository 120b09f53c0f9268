//! `relais inspect graph.relais`: what a graph cache holds, read from its metadata, with every
//! section's checksum verified.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::format::{self, SectionReader};
use super::{Meta, SourceFile, VERSION};
use crate::error::Result;
use crate::graph::BuildStats;
use crate::ingest::Skipped;

/// What `relais inspect` reports about a graph cache.
#[derive(Debug, Clone, Serialize)]
pub struct CacheInfo {
    /// The cache file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256 (hex).
    pub sha256: String,
    /// Layout version of the file.
    pub layout_version: u32,
    /// relais version that built it.
    pub relais_version: String,
    /// Whether edges have a direction.
    pub directed: bool,
    /// Accounts (nodes).
    pub nodes: u64,
    /// Layer-edges: directed edges, or undirected edges counted once.
    pub edges: u64,
    /// Layer (interaction kind) names.
    pub layers: Vec<String>,
    /// Whether edges carry weights other than their multiplicity.
    pub weighted: bool,
    /// Whether some edges merge several records (a multiplicity array is stored).
    pub multiplicity: bool,
    /// Whether every account id is a canonical integer (stored as numbers).
    pub integer_ids: bool,
    /// Whether an accounts table is stored.
    pub accounts_table: bool,
    /// Self-loops and duplicates found by the build.
    pub build: BuildStats,
    /// Edge records read from the sources.
    pub edge_records: u64,
    /// Rows skipped in lenient mode.
    pub skipped: Skipped,
    /// The source files, with their SHA-256.
    pub sources: Vec<SourceFile>,
    /// Every section in file order, with its size.
    pub sections: Vec<SectionInfo>,
}

/// One section of a cache file.
#[derive(Debug, Clone, Serialize)]
pub struct SectionInfo {
    /// Its tag (`meta`, `out.off`, `out.tgt`, ...).
    pub tag: String,
    /// Bytes of data (without its 24-byte header and padding).
    pub bytes: u64,
}

/// Reads the header and metadata of the cache at `path` and walks every section, verifying its
/// checksum.
///
/// # Errors
/// [`crate::Error::Cache`] for a damaged or foreign file (as [`super::load`]), [`crate::Error::Io`]
/// when it cannot be read.
pub fn inspect(path: &Path) -> Result<CacheInfo> {
    // The loader's own checks first: every section present under its expected tag, with its
    // expected size and checksum (the walk below only lists what is there).
    super::load(path)?;
    let mut r = SectionReader::open(path, true, true)?;
    let map = r.mapping();
    let meta_bytes = r.section::<u8>("meta", None)?;
    let meta: Meta = serde_json::from_slice(&meta_bytes)
        .map_err(|e| r.error(format!("unreadable metadata: {e}")))?;
    let mut sections = vec![SectionInfo {
        tag: "meta".into(),
        bytes: meta_bytes.len() as u64,
    }];
    loop {
        let (tag, data) = r.next_section()?;
        if tag == "end" {
            break;
        }
        sections.push(SectionInfo {
            tag,
            bytes: data.len() as u64,
        });
    }
    let (bytes, sha256) = r.after_end()?;
    let sha256 = match (sha256, map) {
        (Some(s), _) => s,
        (None, Some(m)) => format::sha256_hex(&m),
        (None, None) => String::new(),
    };
    Ok(CacheInfo {
        path: path.to_path_buf(),
        bytes,
        sha256,
        layout_version: VERSION,
        relais_version: meta.provenance.relais_version,
        directed: meta.directed,
        nodes: meta.nodes,
        edges: if meta.directed {
            meta.entries
        } else {
            meta.entries / 2
        },
        layers: meta.layer_names,
        weighted: meta.weight,
        multiplicity: meta.multiplicity,
        integer_ids: meta.integer_labels,
        accounts_table: meta.accounts,
        build: meta.build,
        edge_records: meta.edge_records,
        skipped: meta.skipped,
        sources: meta.provenance.sources,
        sections,
    })
}
