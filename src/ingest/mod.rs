//! Input boundary: reads edge tables and the accounts table from files. Only this module and
//! `report` touch the filesystem.
//!
//! Text formats (CSV/TSV tables, SNAP edge lists, JSON Lines) are streamed with the `csv` crate and
//! `serde_json`, so that every bad record is reported with its file, line and field and lenient mode
//! can skip it; Parquet is read with polars. Every byte read is hashed (SHA-256) for run.json.

mod accounts;
mod config_file;
mod edge_list;
pub mod identity;
mod jsonl;
mod parquet;
pub(crate) mod platform;
mod record;
mod run_record;
pub mod share;
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
    /// With `--pseudonymize --write-mapping`: (original name, pseudonym), sorted by original.
    pub pseudonyms: Option<Vec<(String, String)>>,
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
    /// Edge records kept per interaction kind (platform and graph files; also filled for
    /// generic tables).
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub kinds: BTreeMap<String, u64>,
    /// Earliest and latest record time (Unix seconds), when records are timed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub time_span: Option<[i64; 2]>,
    /// Problems that are not errors (platform files), counted.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub notes: BTreeMap<String, u64>,
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
    let columns = (cfg.columns.source.as_str(), cfg.columns.target.as_str());
    let auto = cfg.format == InputFormat::Auto;
    let (edge_files, found_accounts, mut units) = if auto {
        expand_platform(&cfg.paths, columns)?
    } else {
        let (e, a) = expand(&cfg.paths)?;
        (e, a, Vec::new())
    };
    let mut sink = record::Sink::new(cfg.lenient);
    let mut report = IngestReport::default();
    let mut shared = platform::Shared::default();
    for o in &cfg.owners {
        let Some((p, k)) = o.split_once(':') else {
            return Err(Error::InvalidConfig {
                field: "input.owners",
                message: format!("{o:?}: expected platform:key, e.g. instagram:alice"),
            });
        };
        let k = if p == "x" && !k.starts_with('@') && k.parse::<u64>().is_err() {
            format!("@{k}")
        } else {
            k.to_string()
        };
        shared
            .given_owners
            .insert(p.to_ascii_lowercase(), platform::key(p, &k));
    }
    let mut generic = Vec::new();
    for path in &edge_files {
        if auto {
            if let Some(format) = platform::unit::detect_file(path, columns)? {
                units.push(platform::unit::single(path, format, columns)?);
                continue;
            }
        }
        generic.push(path.clone());
    }
    for unit in &units {
        let owners = platform::unit::owners(unit)?;
        platform::unit::for_each(unit, |item, input| {
            progress.set_message(format!("reading {}", item.display.display()));
            let before = sink.table.len();
            let mut hashing = platform::unit::Hashing::new(input);
            let (rows, notes) = platform::read(
                item.format,
                &item.name,
                &item.display,
                &mut hashing,
                &owners,
                &mut sink,
                &mut shared,
            )?;
            let (bytes, sha256) = hashing.finish(&item.display)?;
            progress.inc(bytes);
            report.edge_rows_read += rows;
            let (kinds, time_span) = slice_stats(&sink.table, before);
            report.files.push(FileReport {
                path: item.display.clone(),
                role: "edges",
                format: item.format.name().to_string(),
                bytes,
                sha256,
                rows,
                kinds,
                time_span,
                notes: notes.notes,
            });
            Ok(())
        })?;
    }
    for path in &generic {
        let before = sink.table.len();
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
                    Detected::EdgeList => {
                        edge_list::read_edge_list_parallel(path, &mut reader, &mut sink)?
                    }
                    _ => jsonl::read_jsonl(path, &mut reader, &cfg.columns, &mut sink)?,
                };
                let (bytes, sha) = reader.finish(path)?;
                (rows, bytes, sha)
            }
        };
        report.edge_rows_read += rows;
        let (kinds, time_span) = slice_stats(&sink.table, before);
        report.files.push(FileReport {
            path: path.clone(),
            role: "edges",
            format: detected.name(),
            bytes,
            sha256,
            rows,
            kinds,
            time_span,
            notes: BTreeMap::new(),
        });
    }
    report.edge_records = sink.table.len() as u64;
    if sink.table.is_empty() {
        let mut files: Vec<String> = generic.iter().map(|p| p.display().to_string()).collect();
        for u in &units {
            files.extend(u.items.iter().map(|i| i.display.display().to_string()));
        }
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
                kinds: BTreeMap::new(),
                time_span: None,
                notes: BTreeMap::new(),
            });
            Some(table)
        }
        None => None,
    };
    let accounts = merge_platform_accounts(accounts, &shared.accounts, &mut sink)?;
    report.skipped = sink.skipped;
    report.platforms = sink.platforms;
    let mut edges = sink.table;
    let mut accounts = accounts;
    let mut names = sink.interner.into_names();
    let aliases = match &cfg.aliases {
        Some(p) => identity::read_aliases(p)?,
        None => Default::default(),
    };
    if !shared.handles.is_empty() || !aliases.is_empty() {
        let handles = &shared.handles;
        names = identity::relabel(names, &mut edges, accounts.as_mut(), |n| {
            let n = handles.get(n).map_or(n, String::as_str);
            aliases
                .get(n)
                .or_else(|| aliases.get(&n.to_lowercase()))
                .cloned()
                .unwrap_or_else(|| n.to_string())
        });
    }
    let mut pseudonyms = None;
    if let Some(p) = &cfg.pseudonymize {
        if p.key.is_empty() {
            return Err(Error::InvalidConfig {
                field: "input.pseudonymize.key",
                message: "--pseudonymize needs a non-empty --key".into(),
            });
        }
        let mut mapping = Vec::with_capacity(names.len());
        names = identity::relabel(names, &mut edges, accounts.as_mut(), |n| {
            let h = identity::pseudonym(&p.key, n);
            mapping.push((n.to_string(), h.clone()));
            h
        });
        mapping.sort();
        mapping.dedup();
        let distinct: rustc_hash::FxHashSet<&str> = mapping.iter().map(|m| m.0.as_str()).collect();
        if names.len() != distinct.len() {
            return Err(Error::Capacity {
                message: "two accounts received the same pseudonym; use another --key".into(),
            });
        }
        if let Some(t) = accounts.as_mut() {
            for (c, col) in t.columns.iter().zip(t.values.iter_mut()) {
                if identity::identifying_column(c) {
                    for v in col.iter_mut().filter(|v| !v.is_empty()) {
                        *v = identity::pseudonym(&p.key, v);
                    }
                }
            }
        }
        if p.write_mapping {
            pseudonyms = Some(mapping);
        }
        // Skipped-row examples quote field values: drop them rather than leak an identifier.
        report.skipped.examples.clear();
    }
    Ok(Input {
        edges,
        names,
        accounts,
        report,
        pseudonyms,
    })
}

/// Records per kind and the time span of the records from `from` on.
fn slice_stats(t: &EdgeTable, from: usize) -> (BTreeMap<String, u64>, Option<[i64; 2]>) {
    let mut counts = vec![0u64; t.layer_names.len().max(1)];
    for &l in &t.layer[from..] {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += 1;
        }
    }
    let kinds = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(l, &c)| {
            (
                t.layer_names
                    .get(l)
                    .cloned()
                    .unwrap_or_else(|| DEFAULT_LAYER.to_string()),
                c,
            )
        })
        .collect();
    let span = t.timestamp.as_ref().and_then(|ts| {
        let timed = ts[from..].iter().filter(|&&x| x != EdgeTable::NO_TIME);
        let (lo, hi) = timed.fold((i64::MAX, i64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        (lo <= hi).then_some([lo, hi])
    });
    (kinds, span)
}

/// Adds the accounts learnt from platform exports (platform, handle, name) to the accounts table:
/// rows for ids the table lacks, columns it lacks.
fn merge_platform_accounts(
    table: Option<AccountTable>,
    rows: &platform::AccountRows,
    sink: &mut record::Sink,
) -> Result<Option<AccountTable>> {
    if rows.is_empty() {
        return Ok(table);
    }
    let mut t = table.unwrap_or_else(|| AccountTable {
        path: PathBuf::from("(platform exports)"),
        ..AccountTable::default()
    });
    let col_of = |t: &mut AccountTable, name: &str| match t.columns.iter().position(|c| c == name) {
        Some(i) => i,
        None => {
            t.columns.push(name.to_string());
            t.values.push(vec![String::new(); t.ids.len()]);
            t.columns.len() - 1
        }
    };
    let (pc, hc, nc) = (
        col_of(&mut t, "platform"),
        col_of(&mut t, "handle"),
        col_of(&mut t, "name"),
    );
    let known: rustc_hash::FxHashMap<String, usize> = t
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect();
    for i in 0..rows.ids.len() {
        let vals = [
            (pc, &rows.platform[i]),
            (hc, &rows.handle[i]),
            (nc, &rows.name[i]),
        ];
        match known.get(&rows.ids[i]) {
            Some(&r) => {
                for (c, v) in vals {
                    if t.values[c][r].is_empty() {
                        t.values[c][r] = v.clone();
                    }
                }
            }
            None => {
                sink.interner
                    .intern(&rows.ids[i])
                    .ok_or_else(|| Error::Capacity {
                        message: "more than 4,294,967,294 distinct accounts".into(),
                    })?;
                t.ids.push(rows.ids[i].clone());
                for col in t.values.iter_mut() {
                    col.push(String::new());
                }
                for (c, v) in vals {
                    if let Some(last) = t.values[c].last_mut() {
                        *last = v.clone();
                    }
                }
            }
        }
    }
    Ok(Some(t))
}

/// Like [`expand`], but ZIPs and folders without `edges*` files become platform units.
fn expand_platform(
    paths: &[PathBuf],
    columns: (&str, &str),
) -> Result<(Vec<PathBuf>, Option<PathBuf>, Vec<platform::unit::Unit>)> {
    let mut rest = Vec::new();
    let mut units = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let has_edges = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok())
                .any(|e| {
                    e.path().is_file()
                        && e.path()
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .is_some_and(|s| s.starts_with(EDGES_STEM))
                });
            if !has_edges {
                let found = platform::unit::folder(p, columns)?;
                if !found.is_empty() {
                    units.extend(found);
                    continue;
                }
            }
        } else if platform::unit::is_zip_path(p) {
            units.push(platform::unit::zip_unit(p, columns)?);
            continue;
        }
        rest.push(p.clone());
    }
    let (edges, accounts) = if rest.is_empty() {
        (Vec::new(), None)
    } else {
        expand(&rest)?
    };
    Ok((edges, accounts, units))
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

/// What `relais inspect` reports for one input path.
#[derive(Debug, Clone, Serialize)]
pub struct PathInspection {
    /// The path as given.
    pub path: PathBuf,
    /// Files read (platform files, generic tables, accounts), with records per kind, time span
    /// and notes.
    pub files: Vec<FileReport>,
    /// Distinct accounts (nodes) in this path's records.
    pub accounts: usize,
    /// Edge records kept.
    pub edge_records: u64,
    /// Rows skipped, by reason (inspect reads leniently).
    pub skipped: Skipped,
    /// The error that stopped reading this path, if any.
    pub error: Option<String>,
}

/// Everything `relais inspect` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// Per input path, read on its own.
    pub paths: Vec<PathInspection>,
    /// Accounts after merging all readable paths (identity key, aliases).
    pub accounts: usize,
    /// Edge records of all readable paths.
    pub edge_records: u64,
    /// Records per kind over all readable paths.
    pub kinds: BTreeMap<String, u64>,
    /// Earliest and latest record time over all readable paths.
    pub time_span: Option<[i64; 2]>,
}

/// Reads every input leniently, each path on its own then all together, without analysing:
/// what was detected, records per kind, time span, accounts and problems. Returns the merged
/// input of the readable paths too (for `--edges`).
pub fn inspect(cfg: &IngestConfig) -> (Inspection, Option<Input>) {
    let bar = ProgressBar::hidden();
    let mut paths = Vec::new();
    let mut readable = Vec::new();
    for p in &cfg.paths {
        let one = IngestConfig {
            paths: vec![p.clone()],
            lenient: true,
            ..cfg.clone()
        };
        match load(&one, &bar) {
            Ok(input) => {
                readable.push(p.clone());
                paths.push(PathInspection {
                    path: p.clone(),
                    files: input.report.files.clone(),
                    accounts: input.names.len(),
                    edge_records: input.report.edge_records,
                    skipped: input.report.skipped.clone(),
                    error: None,
                });
            }
            Err(e) => paths.push(PathInspection {
                path: p.clone(),
                files: Vec::new(),
                accounts: 0,
                edge_records: 0,
                skipped: Skipped::default(),
                error: Some(e.to_string()),
            }),
        }
    }
    let all = (!readable.is_empty())
        .then(|| {
            load(
                &IngestConfig {
                    paths: readable,
                    lenient: true,
                    ..cfg.clone()
                },
                &bar,
            )
            .ok()
        })
        .flatten();
    let (accounts, edge_records, kinds, time_span) = match &all {
        Some(input) => {
            let (kinds, span) = slice_stats(&input.edges, 0);
            (input.names.len(), input.edges.len() as u64, kinds, span)
        }
        None => (0, 0, BTreeMap::new(), None),
    };
    (
        Inspection {
            paths,
            accounts,
            edge_records,
            kinds,
            time_span,
        },
        all,
    )
}

/// Names of the platform formats, as [`parse_platform_bytes`] takes them.
pub const PLATFORM_FORMATS: [&str; 20] = [
    "x-archive",
    "twitter-json",
    "twarc-csv",
    "instagram-json",
    "instagram-html",
    "instagram-owner",
    "mastodon-following-csv",
    "mastodon-outbox",
    "mastodon-actor",
    "bluesky-car",
    "bluesky-json",
    "linkedin-connections",
    "youtube-comments",
    "gephi-edges-csv",
    "gephi-nodes-csv",
    "graphml",
    "gexf",
    "facebook-json",
    "facebook-owner",
    "tiktok-json",
];

/// Parses one platform file held in memory with the parser of `format` (a name of
/// [`PLATFORM_FORMATS`]); `name` is its file name (some parsers read it, e.g. `following.js`).
/// Returns the edge records kept. Used by the fuzz targets and the robustness tests: whatever the
/// bytes, this returns (an error for malformed input) and never panics.
///
/// # Errors
/// Malformed input (unless `lenient`), or an unknown format name.
pub fn parse_platform_bytes(format: &str, name: &str, data: &[u8], lenient: bool) -> Result<usize> {
    use platform::Format as F;
    let all = [
        F::XArchiveJs,
        F::TwitterJson,
        F::TwarcCsv,
        F::InstagramJson,
        F::InstagramHtml,
        F::InstagramOwner,
        F::MastodonFollowing,
        F::MastodonOutbox,
        F::MastodonActor,
        F::BlueskyCar,
        F::BlueskyJson,
        F::LinkedinConnections,
        F::YoutubeComments,
        F::GephiEdges,
        F::GephiNodes,
        F::Graphml,
        F::Gexf,
        F::FacebookJson,
        F::FacebookOwner,
        F::TiktokJson,
    ];
    let f = all
        .into_iter()
        .find(|f| f.name() == format)
        .ok_or_else(|| Error::InvalidConfig {
            field: "format",
            message: format!("unknown platform format {format:?}"),
        })?;
    let path = Path::new(name);
    let mut sink = record::Sink::new(lenient);
    let mut shared = platform::Shared::default();
    let mut input: &[u8] = data;
    if platform::is_owner_file(f, name) {
        let mut again: &[u8] = data;
        platform::read_owner(f, name, path, &mut again)?;
    }
    platform::read(
        f,
        name,
        path,
        &mut input,
        &platform::Owners::new(),
        &mut sink,
        &mut shared,
    )?;
    Ok(sink.table.len())
}
