//! The binary graph cache: `relais build INPUT... --out graph.relais` reads and builds once;
//! `relais analyze graph.relais` then skips parsing and building.
//!
//! A cache holds the built [`Graph`] (both CSR directions and whichever edge attributes it
//! stores), the [`NodeLabels`], the accounts table, and what ingest and build reported (rows read
//! and skipped, self-loops and duplicates, the source files with their SHA-256). Its layout is in
//! [`format`]: a versioned header, then sections in a fixed order, each with its XXH3-64
//! checksum. A wrong magic, another layout version, a truncated file, a damaged section, or
//! arrays that do not form a valid graph are all reported as [`Error::Cache`]; a cache is never
//! used partly.
//!
//! Like `ingest/` and `report/`, this module does file IO; the graph it returns is the same value
//! [`crate::graph::build`] returns for the same inputs, so every analysis of the cache is
//! byte-identical to the analysis of the source files.

pub mod format;
mod inspect;
mod mapped;

pub use inspect::{inspect, CacheInfo, SectionInfo};

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::{Config, IngestConfig};
use crate::error::{Error, Result};
use crate::graph::{self, Adjacency, BuildConfig, BuildStats, Graph, NodeLabels};
use crate::ingest::{self, AccountTable, FileReport, IngestReport, Skipped};
use crate::pipeline::StageTime;

pub use format::{is_cache, MAGIC, VERSION};
use format::{SectionReader, SectionWriter};

/// Extension of cache files: a file with it is always read as a cache.
pub const FILE_EXTENSION: &str = "relais";

/// File format name recorded in run.json for a cache input.
pub const FORMAT_NAME: &str = "relais-graph-cache";

/// What `relais build` reads and where it writes.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// What to read (the same options as `analyze`).
    pub input: IngestConfig,
    /// How records become a graph.
    pub graph: BuildConfig,
    /// The cache file to write.
    pub out: PathBuf,
    /// Replace `out` if it exists.
    pub force: bool,
}

/// What `relais build` did.
#[derive(Debug, Clone)]
pub struct CacheOutcome {
    /// The cache written.
    pub out: PathBuf,
    /// Nodes of the graph.
    pub nodes: u64,
    /// Layer-edges of the graph.
    pub edges: u64,
    /// Size of the cache file.
    pub bytes: u64,
    /// Resident bytes of the graph.
    pub graph_bytes: usize,
    /// Rows skipped in lenient mode.
    pub skipped: Skipped,
    /// Time per stage (ingest, build, write).
    pub stages: Vec<StageTime>,
}

/// Provenance kept in the cache and written into run.json by analyses of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CacheProvenance {
    /// relais version that built the cache.
    pub relais_version: String,
    /// The source files read by `relais build`, with their SHA-256.
    pub sources: Vec<SourceFile>,
}

/// One source file of a cache.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceFile {
    /// Path as given to `relais build`.
    pub path: PathBuf,
    /// `edges` or `accounts`.
    pub role: String,
    /// Detected format.
    pub format: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// Data rows read.
    pub rows: u64,
}

/// The `meta` section (JSON): sizes, which optional sections follow, and the reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    provenance: CacheProvenance,
    directed: bool,
    nodes: u64,
    entries: u64,
    layer_names: Vec<String>,
    in_to_out: bool,
    weight: bool,
    multiplicity: bool,
    layer: bool,
    /// Labels stored as `u64` values (every id a canonical decimal integer).
    integer_labels: bool,
    accounts: bool,
    build: BuildStats,
    edge_rows_read: u64,
    edge_records: u64,
    account_rows_read: u64,
    skipped: Skipped,
    platforms: BTreeMap<String, u64>,
}

/// The `accounts` section (JSON).
#[derive(Debug, Serialize, Deserialize)]
struct AccountsSection {
    path: PathBuf,
    columns: Vec<String>,
    ids: Vec<String>,
    values: Vec<Vec<String>>,
}

/// Reads the inputs of `cfg`, builds the graph and writes the cache. Call it inside the rayon
/// pool of the run.
///
/// # Errors
/// What [`ingest::load`] reports, an existing output without `force`, options a cache cannot
/// hold (`--write-mapping`), or a failed write (nothing is left at `out` then).
pub fn build_cache(cfg: &CacheConfig, progress: &ProgressBar) -> Result<CacheOutcome> {
    if cfg
        .input
        .pseudonymize
        .as_ref()
        .is_some_and(|p| p.write_mapping)
    {
        return Err(Error::InvalidConfig {
            field: "input.pseudonymize.write_mapping",
            message: "relais build keeps no mapping; run `relais analyze --pseudonymize \
                      --write-mapping` on the source files to get one"
                .into(),
        });
    }
    if cfg.out.exists() && !cfg.force {
        return Err(Error::OutputExists {
            path: cfg.out.clone(),
        });
    }
    if let Some(p) = cfg.input.paths.iter().find(|p| is_cache(p)) {
        return Err(Error::InvalidConfig {
            field: "input.paths",
            message: format!("{} is already a graph cache", p.display()),
        });
    }
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<StageTime>, stage: &'static str| {
        stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };
    let input = ingest::load(&cfg.input, progress)?;
    lap(&mut stages, "ingest");
    let ingest::Input {
        edges,
        names,
        accounts,
        report,
        ..
    } = input;
    let (g, labels, stats) = graph::build_owned(edges, names, &cfg.graph);
    lap(&mut stages, "build");
    let bytes = write(&cfg.out, &g, &labels, &stats, accounts.as_ref(), &report)?;
    lap(&mut stages, "write");
    Ok(CacheOutcome {
        out: cfg.out.clone(),
        nodes: g.node_count() as u64,
        edges: g.layer_edge_count() as u64,
        bytes,
        graph_bytes: g.heap_bytes(),
        skipped: report.skipped,
        stages,
    })
}

/// Writes a cache of `g` to `path` atomically (a temporary file beside it, then a rename);
/// returns its size.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written.
pub fn write(
    path: &Path,
    g: &Graph,
    labels: &NodeLabels,
    stats: &BuildStats,
    accounts: Option<&AccountTable>,
    report: &IngestReport,
) -> Result<u64> {
    let integer_labels = labels.iter().all(|s| graph::canonical_integer(s).is_some());
    let meta = Meta {
        provenance: CacheProvenance {
            relais_version: env!("CARGO_PKG_VERSION").into(),
            sources: report
                .files
                .iter()
                .map(|f| SourceFile {
                    path: f.path.clone(),
                    role: f.role.into(),
                    format: f.format.clone(),
                    bytes: f.bytes,
                    sha256: f.sha256.clone(),
                    rows: f.rows,
                })
                .collect(),
        },
        directed: g.directed,
        nodes: g.node_count() as u64,
        entries: g.entry_count() as u64,
        layer_names: g.layer_names.clone(),
        in_to_out: g.in_to_out.is_some(),
        weight: g.weight.is_some(),
        multiplicity: g.multiplicity.is_some(),
        layer: g.layer.is_some(),
        integer_labels,
        accounts: accounts.is_some(),
        build: stats.clone(),
        edge_rows_read: report.edge_rows_read,
        edge_records: report.edge_records,
        account_rows_read: report.account_rows_read,
        skipped: report.skipped.clone(),
        platforms: report.platforms.clone(),
    };
    let meta_bytes =
        serde_json::to_vec(&meta).map_err(|e| Error::io(path, std::io::Error::other(e)))?;
    let name = path.file_name().map_or_else(
        || "graph.relais".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<u64> {
        let file = std::fs::File::create(&tmp)?;
        let mut w = SectionWriter::new(BufWriter::with_capacity(1 << 20, file))?;
        w.section("meta", &meta_bytes)?;
        w.section("out.off", &g.out.offsets)?;
        w.section("out.tgt", &g.out.targets)?;
        if let Some(inc) = &g.inc {
            w.section("in.off", &inc.offsets)?;
            w.section("in.src", &inc.targets)?;
        }
        if let Some(v) = &g.in_to_out {
            w.section("in2out", v)?;
        }
        if let Some(v) = &g.weight {
            w.section("weight", v)?;
        }
        if let Some(v) = &g.multiplicity {
            w.section("multi", v)?;
        }
        if let Some(v) = &g.layer {
            w.section("layer", v)?;
        }
        if integer_labels {
            let values: Vec<u64> = labels
                .iter()
                .map(|s| graph::canonical_integer(s).unwrap_or_default())
                .collect();
            w.section("lbl.int", &values)?;
        } else {
            let mut offsets = Vec::with_capacity(labels.len() + 1);
            let mut text = Vec::new();
            offsets.push(0u64);
            for s in labels.iter() {
                text.extend_from_slice(s.as_bytes());
                offsets.push(text.len() as u64);
            }
            w.section("lbl.off", &offsets)?;
            w.section("lbl.txt", &text)?;
        }
        if let Some(t) = accounts {
            let section = AccountsSection {
                path: t.path.clone(),
                columns: t.columns.clone(),
                ids: t.ids.clone(),
                values: t.values.clone(),
            };
            let bytes = serde_json::to_vec(&section).map_err(std::io::Error::other)?;
            w.section("accounts", &bytes)?;
        }
        let (buf, written) = w.finish()?;
        let file = buf.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(written)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// A cache as read: the graph, its labels and build statistics, and an [`ingest::Input`] without
/// edges holding the accounts table and the report (the cache file itself as the one input).
#[derive(Debug)]
pub struct Loaded {
    /// The graph, its labels and the build statistics of `relais build`.
    pub graph: (Graph, NodeLabels, BuildStats),
    /// Accounts table and ingest report; its edge table and names are empty.
    pub input: ingest::Input,
    /// Where the cache came from.
    pub provenance: CacheProvenance,
}

/// The cache among `cfg`'s inputs, if any. A cache must be the only input.
///
/// # Errors
/// [`Error::InvalidConfig`] when a cache is given with other inputs.
pub fn detect(cfg: &IngestConfig) -> Result<Option<PathBuf>> {
    // A `.relais` file is taken as a cache even without the magic bytes, so that a damaged one
    // is reported as such rather than parsed as text.
    let claimed = |p: &Path| {
        is_cache(p)
            || (p.is_file()
                && p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case(FILE_EXTENSION)))
    };
    let Some(p) = cfg.paths.iter().find(|p| claimed(p)) else {
        return Ok(None);
    };
    if cfg.paths.len() > 1 {
        return Err(Error::InvalidConfig {
            field: "input.paths",
            message: format!(
                "{} is a graph cache: it must be the only input (build one cache from all files)",
                p.display()
            ),
        });
    }
    Ok(Some(p.clone()))
}

/// Reads the cache at `path` for the analysis `cfg`: checks that the options that shape the
/// graph agree with the cache (they were applied by `relais build`).
///
/// # Errors
/// [`Error::Cache`] for a damaged or foreign file; [`Error::InvalidConfig`] for options that
/// need the source files (`--accounts`, `--window`, identity options) or that contradict the
/// cache (`--undirected`).
pub fn load_for(path: &Path, cfg: &Config) -> Result<Loaded> {
    if cfg.window.is_some() {
        return Err(Error::InvalidConfig {
            field: "window",
            message: format!(
                "{} is a graph cache, which keeps no timestamps: --window needs the source files",
                path.display()
            ),
        });
    }
    load_for_input(path, &cfg.input, &cfg.graph)
}

/// [`load_for`] for commands without time windows (`relais seeds`): checks the input and graph
/// options against the cache, then reads it.
///
/// # Errors
/// As [`load_for`].
pub fn load_for_input(path: &Path, input: &IngestConfig, graph: &BuildConfig) -> Result<Loaded> {
    let needs_sources = |field: &'static str, what: &str| Error::InvalidConfig {
        field,
        message: format!(
            "{} is a graph cache: {what} must be given to `relais build`, or analyse the source \
             files",
            path.display()
        ),
    };
    if input.accounts.is_some() {
        return Err(needs_sources("input.accounts", "--accounts"));
    }
    if input.aliases.is_some() || !input.owners.is_empty() {
        return Err(needs_sources("input.aliases", "--aliases and --owner"));
    }
    if input.pseudonymize.is_some() {
        return Err(needs_sources("input.pseudonymize", "--pseudonymize"));
    }
    let loaded = load(path)?;
    if loaded.graph.0.directed != graph.directed {
        return Err(Error::InvalidConfig {
            field: "graph.directed",
            message: format!(
                "{} holds {} graph; {} --undirected to match, or rebuild it",
                path.display(),
                if loaded.graph.0.directed {
                    "a directed"
                } else {
                    "an undirected"
                },
                if loaded.graph.0.directed {
                    "drop"
                } else {
                    "pass"
                },
            ),
        });
    }
    Ok(loaded)
}

/// How [`load_with`] reads a cache. The default (memory-mapped, checksums verified) is what
/// every command uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Memory-map the file (little-endian hosts only; otherwise, or when `false`, each section is
    /// read into an owned array).
    pub map: bool,
    /// Verify every section's XXH3 checksum. Turning it off exists only to measure its cost:
    /// a damaged cache may then be used.
    pub checksums: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            map: true,
            checksums: true,
        }
    }
}

/// Reads and checks the cache at `path` (memory-mapped, checksums verified).
///
/// # Errors
/// [`Error::Cache`] for a wrong magic or version, a truncated file, a checksum mismatch or
/// arrays that do not form a valid graph; [`Error::Io`] when it cannot be read.
pub fn load(path: &Path) -> Result<Loaded> {
    load_with(path, &LoadOptions::default())
}

/// [`load`] with explicit [`LoadOptions`]. For a mapped file, the SHA-256 of the file (for
/// run.json) is computed beside the parsing and checks (`rayon::join`).
///
/// # Errors
/// As [`load`].
pub fn load_with(path: &Path, opts: &LoadOptions) -> Result<Loaded> {
    let r = SectionReader::open(path, opts.map, opts.checksums)?;
    let map = r.mapping();
    let (sha, loaded) = rayon::join(
        || map.as_deref().map(|m| format::sha256_hex(m)),
        || read_sections(path, r),
    );
    let mut loaded = loaded?;
    if let Some(sha) = sha {
        loaded.input.report.files[0].sha256 = sha;
    }
    Ok(loaded)
}

/// Reads the sections after the header and checks the graph; the file's SHA-256 is left empty
/// for a mapped file.
fn read_sections(path: &Path, mut r: SectionReader) -> Result<Loaded> {
    let meta_bytes = r.section::<u8>("meta", None)?;
    let meta: Meta = serde_json::from_slice(&meta_bytes)
        .map_err(|e| r.error(format!("unreadable metadata: {e}")))?;
    let n = usize::try_from(meta.nodes).map_err(|_| r.error("too many nodes".into()))?;
    let m = usize::try_from(meta.entries).map_err(|_| r.error("too many edges".into()))?;
    let out = Adjacency {
        offsets: r.section("out.off", Some(n + 1))?,
        targets: r.section("out.tgt", Some(m))?,
    };
    let inc = if meta.directed {
        Some(Adjacency {
            offsets: r.section("in.off", Some(n + 1))?,
            targets: r.section("in.src", Some(m))?,
        })
    } else {
        None
    };
    let in_to_out = meta
        .in_to_out
        .then(|| r.section::<u32>("in2out", Some(m)))
        .transpose()?;
    let weight = meta
        .weight
        .then(|| r.section::<f64>("weight", Some(m)))
        .transpose()?;
    let multiplicity = meta
        .multiplicity
        .then(|| r.section::<u32>("multi", Some(m)))
        .transpose()?;
    let layer = meta
        .layer
        .then(|| r.section::<u8>("layer", Some(m)))
        .transpose()?;
    let names: Vec<Box<str>> = if meta.integer_labels {
        let values = r.section::<u64>("lbl.int", Some(n))?;
        let mut buf = itoa::Buffer::new();
        values.iter().map(|&v| buf.format(v).into()).collect()
    } else {
        let offsets = r.section::<u64>("lbl.off", Some(n + 1))?;
        let text = r.section::<u8>("lbl.txt", None)?;
        check_offsets(&offsets, text.len())
            .map_err(|e| r.error(format!("labels: {e}: the file is damaged")))?;
        let text =
            std::str::from_utf8(&text).map_err(|_| r.error("labels are not UTF-8".into()))?;
        offsets
            .windows(2)
            .map(|w| {
                text.get(w[0] as usize..w[1] as usize)
                    .map(Box::<str>::from)
                    .ok_or_else(|| r.error("a label splits a character".into()))
            })
            .collect::<Result<_>>()?
    };
    let accounts = if meta.accounts {
        let bytes = r.section::<u8>("accounts", None)?;
        let a: AccountsSection = serde_json::from_slice(&bytes)
            .map_err(|e| r.error(format!("unreadable accounts table: {e}")))?;
        if a.values.len() != a.columns.len() || a.values.iter().any(|c| c.len() != a.ids.len()) {
            return Err(r.error("accounts table columns of unequal length".into()));
        }
        Some(AccountTable {
            path: a.path,
            columns: a.columns,
            ids: a.ids,
            values: a.values,
        })
    } else {
        None
    };
    let (bytes, sha256) = r.finish()?;
    let g = Graph {
        directed: meta.directed,
        out,
        inc,
        in_to_out,
        weight,
        multiplicity,
        layer,
        layer_names: meta.layer_names.clone(),
    };
    check_graph(&g).map_err(|e| Error::Cache {
        path: path.to_path_buf(),
        message: format!("{e}: the file is damaged"),
    })?;
    let labels = NodeLabels::from_sorted(names);
    let report = IngestReport {
        files: vec![FileReport {
            path: path.to_path_buf(),
            role: "edges",
            format: format!("{FORMAT_NAME} v{VERSION}"),
            bytes,
            sha256: sha256.unwrap_or_default(),
            rows: meta.edge_records,
            kinds: BTreeMap::new(),
            time_span: None,
            notes: BTreeMap::new(),
        }],
        edge_rows_read: meta.edge_rows_read,
        edge_records: meta.edge_records,
        account_rows_read: meta.account_rows_read,
        skipped: meta.skipped,
        platforms: meta.platforms,
    };
    Ok(Loaded {
        graph: (g, labels, meta.build),
        input: ingest::Input {
            edges: graph::EdgeTable::default(),
            names: Vec::new(),
            accounts,
            report,
            pseudonyms: None,
        },
        provenance: meta.provenance,
    })
}

/// Offsets start at 0, never decrease and end at `len`.
fn check_offsets(offsets: &[u64], len: usize) -> std::result::Result<(), String> {
    if offsets.first() != Some(&0) || offsets.last() != Some(&(len as u64)) {
        return Err("offsets do not span their array".into());
    }
    if offsets.par_windows(2).any(|w| w[0] > w[1]) {
        return Err("offsets decrease".into());
    }
    Ok(())
}

/// Every invariant of [`Graph`] that algorithms index by: offsets span their arrays, ids are
/// below the node count, edge positions below the edge count, layers below the layer count.
fn check_graph(g: &Graph) -> std::result::Result<(), String> {
    let n = g.node_count();
    let m = g.entry_count();
    let ids_ok = |ids: &[u32], bound: usize| ids.par_iter().all(|&x| (x as usize) < bound);
    for (name, adj) in [("out", Some(&g.out)), ("in", g.inc.as_ref())] {
        let Some(adj) = adj else { continue };
        check_offsets(&adj.offsets, adj.targets.len()).map_err(|e| format!("{name}: {e}"))?;
        if !ids_ok(&adj.targets, n) {
            return Err(format!("{name}: a neighbour id is out of range"));
        }
    }
    if g.in_to_out.as_deref().is_some_and(|v| !ids_ok(v, m)) {
        return Err("an edge position is out of range".into());
    }
    if g.layer_names.is_empty() || g.layer_names.len() > graph::MAX_LAYERS {
        return Err("bad layer count".into());
    }
    let layers = g.layer_names.len();
    if g.layer
        .as_deref()
        .is_some_and(|v| v.iter().any(|&l| l as usize >= layers))
    {
        return Err("a layer id is out of range".into());
    }
    Ok(())
}
