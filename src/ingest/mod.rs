//! Input boundary: reads edge tables and the accounts table from files. Only this module and
//! `report` touch the filesystem.
//!
//! Text formats (CSV/TSV tables, SNAP edge lists, JSON Lines) are streamed with the `csv` crate and
//! `serde_json`, so that every bad record is reported with its file, line and field and lenient mode
//! can skip it; Parquet is read with polars. Every byte read is hashed (SHA-256) for run.json.

mod accounts;
mod config_file;
mod jsonl;
mod parquet;
mod record;
mod run_record;
mod text;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use accounts::AccountTable;
pub use config_file::{config_to_toml, load_config, parse_config};
/// Timestamp parsing shared with the audit's `created_at` (RFC 3339, `YYYY-MM-DD[ HH:MM:SS]`,
/// Unix seconds).
pub(crate) use record::parse_timestamp;
pub use record::{Skipped, DEFAULT_LAYER};
pub use run_record::{read_json, read_run_record, InputRecord, RunRecord};

use crate::config::{IngestConfig, InputFormat};
use crate::error::{Error, Result};
use crate::graph::EdgeTable;

/// Everything read from the inputs.
#[derive(Debug)]
pub struct Input {
    /// Edge records with provisional node ids.
    pub edges: EdgeTable,
    /// External ids by provisional node id (edge endpoints and accounts-table ids).
    pub names: Vec<Box<str>>,
    /// The accounts table, when one was given or found.
    pub accounts: Option<AccountTable>,
    /// What was read and skipped.
    pub report: IngestReport,
}

/// What ingest read, for run.json.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct IngestReport {
    /// Every file read, in order.
    pub files: Vec<FileReport>,
    /// Rows read from edge files (valid or not).
    pub edge_rows_read: u64,
    /// Valid edge records kept.
    pub edge_records: u64,
    /// Rows read from the accounts table.
    pub account_rows_read: u64,
    /// Rows skipped in lenient mode, by reason.
    pub skipped: Skipped,
    /// Edge records per platform, when the input has a platform column.
    pub platforms: BTreeMap<String, u64>,
}

/// One input file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileReport {
    /// Path as given.
    pub path: PathBuf,
    /// `edges` or `accounts`.
    pub role: &'static str,
    /// Detected format.
    pub format: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Data rows read.
    pub rows: u64,
}

/// The format of one file, as detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detected {
    Table(u8),
    EdgeList,
    Jsonl,
    Parquet,
}

impl Detected {
    fn name(self) -> String {
        match self {
            Detected::Table(b'\t') => "tsv".into(),
            Detected::Table(b',') => "csv".into(),
            Detected::Table(d) => format!("csv (delimiter {:?})", d as char),
            Detected::EdgeList => "edge-list".into(),
            Detected::Jsonl => "jsonl".into(),
            Detected::Parquet => "parquet".into(),
        }
    }
}

/// Reads every input of `cfg`.
///
/// # Errors
/// A missing or unreadable file, a missing column, a malformed record (unless `cfg.lenient`), or
/// inputs that hold no edge at all.
pub fn load(cfg: &IngestConfig, progress: &ProgressBar) -> Result<Input> {
    let (edge_files, found_accounts) = expand(&cfg.paths)?;
    let mut sink = record::Sink::new(cfg.lenient);
    let mut report = IngestReport::default();
    for path in &edge_files {
        let detected = detect(path, cfg)?;
        progress.set_message(format!("reading {}", path.display()));
        let (rows, bytes, sha256) = match detected {
            Detected::Parquet => {
                let rows = parquet::read_edges(path, &cfg.columns, &mut sink)?;
                let (bytes, sha) = hash_file(path)?;
                (rows, bytes, sha)
            }
            _ => {
                let mut reader = HashingReader::open(path, progress)?;
                let rows = match detected {
                    Detected::Table(d) => {
                        text::read_table(path, &mut reader, d, &cfg.columns, &mut sink)?
                    }
                    Detected::EdgeList => text::read_edge_list(path, &mut reader, &mut sink)?,
                    _ => jsonl::read_jsonl(path, &mut reader, &cfg.columns, &mut sink)?,
                };
                let (bytes, sha) = reader.finish(path)?;
                (rows, bytes, sha)
            }
        };
        report.edge_rows_read += rows;
        report.files.push(FileReport {
            path: path.clone(),
            role: "edges",
            format: detected.name(),
            bytes,
            sha256,
            rows,
        });
    }
    report.edge_records = sink.table.len() as u64;
    if sink.table.is_empty() {
        let files: Vec<String> = edge_files.iter().map(|p| p.display().to_string()).collect();
        let skipped = sink.skipped.total();
        return Err(Error::EmptyInput {
            message: format!(
                "{}: no edge records ({} rows read{})",
                files.join(", "),
                report.edge_rows_read,
                if skipped > 0 {
                    format!(", {skipped} skipped as invalid")
                } else {
                    String::new()
                }
            ),
        });
    }
    let accounts_path = cfg.accounts.clone().or(found_accounts);
    let accounts = match accounts_path {
        Some(path) => {
            let detected = detect_accounts(&path)?;
            let (table, rows, bytes, sha256) = if detected == Detected::Parquet {
                let (t, rows) = accounts::read_accounts(
                    &path,
                    detected,
                    std::io::empty(),
                    &cfg.columns.account_id,
                    &mut sink,
                )?;
                let (bytes, sha) = hash_file(&path)?;
                (t, rows, bytes, sha)
            } else {
                let mut reader = HashingReader::open(&path, progress)?;
                let (t, rows) = accounts::read_accounts(
                    &path,
                    detected,
                    &mut reader,
                    &cfg.columns.account_id,
                    &mut sink,
                )?;
                let (bytes, sha) = reader.finish(&path)?;
                (t, rows, bytes, sha)
            };
            report.account_rows_read = rows;
            report.files.push(FileReport {
                path: path.clone(),
                role: "accounts",
                format: detected.name(),
                bytes,
                sha256,
                rows,
            });
            Some(table)
        }
        None => None,
    };
    report.skipped = sink.skipped;
    report.platforms = sink.platforms;
    Ok(Input {
        edges: sink.table,
        names: sink.interner.into_names(),
        accounts,
        report,
    })
}

/// File stems that mark the edge and accounts tables inside an input folder.
const EDGES_STEM: &str = "edges";
const ACCOUNTS_STEM: &str = "accounts";

/// Expands folders: a folder contributes its `edges*` files (sorted by name) and its `accounts.*`.
fn expand(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Option<PathBuf>)> {
    let mut edges = Vec::new();
    let mut accounts = None;
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if !meta.is_dir() {
            edges.push(p.clone());
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| Error::io(p, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|e| e.is_file())
            .collect();
        entries.sort();
        let stem = |e: &Path| {
            e.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string()
        };
        let found: Vec<PathBuf> = entries
            .iter()
            .filter(|e| stem(e).starts_with(EDGES_STEM))
            .cloned()
            .collect();
        if found.is_empty() {
            return Err(Error::Schema {
                path: p.clone(),
                message:
                    "folder holds no edges.* file (edges.csv, edges.parquet, edges.jsonl, ...)"
                        .into(),
            });
        }
        for (i, a) in found.iter().enumerate() {
            if found[..i].iter().any(|b| stem(a) == stem(b)) {
                return Err(Error::Schema {
                    path: p.clone(),
                    message: format!(
                        "folder holds {} twice in different formats; keep one",
                        stem(a)
                    ),
                });
            }
        }
        edges.extend(found);
        let acc: Vec<&PathBuf> = entries
            .iter()
            .filter(|e| stem(e) == ACCOUNTS_STEM)
            .collect();
        match acc.as_slice() {
            [] => {}
            [one] if accounts.is_none() => accounts = Some((*one).clone()),
            _ => {
                return Err(Error::Schema {
                    path: p.clone(),
                    message: "more than one accounts table found; choose one with --accounts"
                        .into(),
                })
            }
        }
    }
    Ok((edges, accounts))
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The first line that is neither blank nor a `#`/`%` comment, and the file's first bytes.
fn first_line(path: &Path) -> Result<(Vec<u8>, Vec<u8>)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::new(file);
    let magic = reader
        .fill_buf()
        .map_err(|e| Error::io(path, e))?
        .iter()
        .take(4)
        .copied()
        .collect();
    let mut buf = Vec::new();
    for _ in 0..10_000 {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            break;
        }
        let line = text::strip_bom(buf.trim_ascii());
        if !line.is_empty() && line[0] != b'#' && line[0] != b'%' {
            return Ok((line.to_vec(), magic));
        }
    }
    Ok((Vec::new(), magic))
}

fn detect(path: &Path, cfg: &IngestConfig) -> Result<Detected> {
    let delimiter = match cfg.delimiter {
        Some(d) if d.is_ascii() => Some(d as u8),
        Some(d) => {
            return Err(Error::InvalidConfig {
                field: "input.delimiter",
                message: format!("{d:?} is not a single-byte character"),
            })
        }
        None => None,
    };
    let ext = extension(path);
    match cfg.format {
        InputFormat::Parquet => return Ok(Detected::Parquet),
        InputFormat::Jsonl => return Ok(Detected::Jsonl),
        InputFormat::EdgeList => return Ok(Detected::EdgeList),
        InputFormat::Table | InputFormat::Auto => {}
    }
    if cfg.format == InputFormat::Auto {
        if ext == "parquet" || ext == "pq" {
            return Ok(Detected::Parquet);
        }
        if ext == "jsonl" || ext == "ndjson" {
            return Ok(Detected::Jsonl);
        }
    }
    let (line, magic) = first_line(path)?;
    if cfg.format == InputFormat::Auto {
        if magic == b"PAR1" {
            return Ok(Detected::Parquet);
        }
        if line.first() == Some(&b'{') {
            return Ok(Detected::Jsonl);
        }
    }
    if let Some(d) = delimiter {
        return Ok(Detected::Table(d));
    }
    match text::detect_delimiter(&line, &cfg.columns) {
        Some(d) => Ok(Detected::Table(d)),
        None if cfg.format == InputFormat::Table => {
            Ok(Detected::Table(if ext == "tsv" { b'\t' } else { b',' }))
        }
        None => Ok(Detected::EdgeList),
    }
}

fn detect_accounts(path: &Path) -> Result<Detected> {
    let ext = extension(path);
    if ext == "parquet" || ext == "pq" {
        return Ok(Detected::Parquet);
    }
    if ext == "jsonl" || ext == "ndjson" {
        return Ok(Detected::Jsonl);
    }
    let (line, magic) = first_line(path)?;
    Ok(if magic == b"PAR1" {
        Detected::Parquet
    } else if line.first() == Some(&b'{') {
        Detected::Jsonl
    } else {
        Detected::Table(b',')
    })
}

/// Hashes and counts the bytes it reads, and advances the progress bar.
struct HashingReader<'p> {
    inner: File,
    hasher: Sha256,
    bytes: u64,
    progress: &'p ProgressBar,
}

impl<'p> HashingReader<'p> {
    fn open(path: &Path, progress: &'p ProgressBar) -> Result<Self> {
        let inner = File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            progress,
        })
    }

    /// Reads whatever the parser left (so the hash covers the whole file), then returns the size
    /// and the hex digest.
    fn finish(mut self, path: &Path) -> Result<(u64, String)> {
        std::io::copy(&mut self, &mut std::io::sink()).map_err(|e| Error::io(path, e))?;
        Ok((self.bytes, hex(&self.hasher.finalize())))
    }
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        self.progress.inc(n as u64);
        Ok(n)
    }
}

/// Size and SHA-256 (hex) of a file.
///
/// # Errors
/// [`Error::Io`] if it cannot be read.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(path, e))?;
    Ok((bytes, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
