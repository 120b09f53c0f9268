//! One process's share of the inputs, for cluster mode (`relais analyze --cluster`): the text edge
//! files are cut into `parts` byte ranges at line boundaries, and part `k` reads only its range with
//! the same parsers as a single-machine run. Also reads the cluster's host file.
//!
//! A line belongs to the range holding its first byte, so every line is read by exactly one part
//! and the parts, concatenated in order, read the files in their order. CSV/TSV tables keep their
//! header: every part reads it before its range. Quoted fields holding line breaks are not
//! supported in cluster mode (a record would be cut in two).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::config::IngestConfig;
use crate::error::{Error, Position, Result};
use crate::graph::{EdgeTable, LayerId};

use super::record::Sink;
use super::{text, Detected, Skipped};

/// The records of one part, with provisional ids local to the part.
#[derive(Debug, Default)]
pub struct Share {
    /// Records as read (ids index `names`, layers index `table.layer_names` in order of first
    /// appearance within the part).
    pub table: EdgeTable,
    /// Distinct ids seen by this part, in provisional-id order.
    pub names: Vec<Box<str>>,
    /// Data rows read.
    pub rows: u64,
    /// Rows skipped (lenient mode).
    pub skipped: Skipped,
    /// Byte ranges read: (file, start, end).
    pub ranges: Vec<(PathBuf, u64, u64)>,
    /// Every edge file of the run (not only this part's) with its size in bytes.
    pub files: Vec<(PathBuf, u64)>,
}

/// Size of every edge file of `cfg` and where its data starts (after a table's header line).
struct Piece {
    path: PathBuf,
    detected: Detected,
    header: Vec<u8>,
    data_start: u64,
    len: u64,
}

/// Checks that cluster mode can read `cfg`'s inputs (text edge tables or edge lists, nothing that
/// needs the whole input in one place).
///
/// # Errors
/// [`Error::InvalidConfig`] naming the option that cluster mode does not support.
pub fn check_cluster_input(cfg: &IngestConfig) -> Result<()> {
    let refuse = |field: &'static str, what: &str| {
        Err(Error::InvalidConfig {
            field,
            message: format!("{what} is not supported in cluster mode (--cluster)"),
        })
    };
    if cfg.accounts.is_some() {
        return refuse("input.accounts", "an accounts table");
    }
    if cfg.aliases.is_some() {
        return refuse("input.aliases", "an alias table");
    }
    if cfg.pseudonymize.is_some() {
        return refuse("input.pseudonymize", "--pseudonymize");
    }
    if !cfg.owners.is_empty() {
        return refuse("input.owners", "a platform export (--owner)");
    }
    Ok(())
}

fn pieces(cfg: &IngestConfig) -> Result<Vec<Piece>> {
    let (files, accounts) = super::expand(&cfg.paths)?;
    if accounts.is_some() {
        return Err(Error::InvalidConfig {
            field: "input.paths",
            message: "an input folder holds an accounts table, which cluster mode does not read; \
                      pass the edge files themselves"
                .into(),
        });
    }
    let mut out = Vec::new();
    for path in files {
        let detected = super::detect(&path, cfg)?;
        let header = match detected {
            Detected::Table(_) => header_line(&path)?,
            Detected::EdgeList => Vec::new(),
            _ => {
                return Err(Error::InvalidConfig {
                    field: "input.format",
                    message: format!(
                        "{}: {} input is not supported in cluster mode; use a CSV/TSV table or \
                         an edge list",
                        path.display(),
                        detected.name()
                    ),
                })
            }
        };
        let len = std::fs::metadata(&path)
            .map_err(|e| Error::io(&path, e))?
            .len();
        out.push(Piece {
            data_start: header.len() as u64,
            path,
            detected,
            header,
            len,
        });
    }
    Ok(out)
}

/// The first line of `path`, line break included (empty for an empty file).
fn header_line(path: &Path) -> Result<Vec<u8>> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut line = Vec::new();
    BufReader::new(f)
        .read_until(b'\n', &mut line)
        .map_err(|e| Error::io(path, e))?;
    Ok(line)
}

/// Reads part `part` of `parts` of `cfg`'s edge files.
///
/// # Errors
/// As [`super::load`]: unreadable files, missing columns, malformed records (unless lenient),
/// with the line numbers of the whole file.
pub fn read_share(cfg: &IngestConfig, part: usize, parts: usize) -> Result<Share> {
    let pieces = pieces(cfg)?;
    let total: u64 = pieces.iter().map(|p| p.len - p.data_start).sum();
    let lo = total * part as u64 / parts as u64;
    let hi = total * (part as u64 + 1) / parts as u64;
    let mut sink = Sink::new(cfg.lenient);
    let mut rows = 0;
    let mut ranges = Vec::new();
    let mut offset = 0u64;
    for piece in &pieces {
        let data = piece.len - piece.data_start;
        let (a, b) = (lo.max(offset), hi.min(offset + data));
        offset += data;
        if a >= b {
            continue;
        }
        let (start, end) = (
            piece.data_start + a - (offset - data),
            piece.data_start + b - (offset - data),
        );
        let (start, end) = line_range(piece, start, end)?;
        if start >= end {
            continue;
        }
        ranges.push((piece.path.clone(), start, end));
        let mut f = File::open(&piece.path).map_err(|e| Error::io(&piece.path, e))?;
        f.seek(SeekFrom::Start(start))
            .map_err(|e| Error::io(&piece.path, e))?;
        let body = BufReader::with_capacity(1 << 16, f).take(end - start);
        let read = match piece.detected {
            Detected::Table(d) => text::read_table(
                &piece.path,
                (&piece.header[..]).chain(body),
                d,
                &cfg.columns,
                &mut sink,
            ),
            _ => text::read_edge_list(&piece.path, body, &mut sink),
        };
        rows += read.map_err(|e| whole_file_lines(e, piece, start))?;
    }
    let names = std::mem::take(&mut sink.interner).into_names();
    Ok(Share {
        table: std::mem::take(&mut sink.table),
        names,
        rows,
        skipped: std::mem::take(&mut sink.skipped),
        ranges,
        files: pieces.iter().map(|p| (p.path.clone(), p.len)).collect(),
    })
}

/// Moves `start` and `end` to line starts: a line belongs to the range holding its first byte.
fn line_range(piece: &Piece, start: u64, end: u64) -> Result<(u64, u64)> {
    let align = |at: u64| -> Result<u64> {
        if at <= piece.data_start || at >= piece.len {
            return Ok(at.min(piece.len));
        }
        // The line holding byte `at - 1` ends at the next line break; the next line starts after it.
        let mut f = File::open(&piece.path).map_err(|e| Error::io(&piece.path, e))?;
        f.seek(SeekFrom::Start(at - 1))
            .map_err(|e| Error::io(&piece.path, e))?;
        let mut skipped = Vec::new();
        BufReader::new(f)
            .read_until(b'\n', &mut skipped)
            .map_err(|e| Error::io(&piece.path, e))?;
        Ok((at - 1 + skipped.len() as u64).min(piece.len))
    };
    Ok((align(start)?, align(end)?))
}

/// Turns a line number within a range into the line number within the whole file.
fn whole_file_lines(e: Error, piece: &Piece, start: u64) -> Error {
    match e {
        Error::Parse {
            path,
            position: Position::Line(line),
            message,
        } => {
            let before = lines_before(&piece.path, start).unwrap_or(0);
            // Tables: the range's line 1 is the header, which is line 1 of the file too.
            let header = u64::from(!piece.header.is_empty());
            Error::Parse {
                path,
                position: Position::Line(line + before - header),
                message,
            }
        }
        other => other,
    }
}

fn lines_before(path: &Path, end: u64) -> std::io::Result<u64> {
    let f = File::open(path)?;
    let mut r = BufReader::with_capacity(1 << 16, f.take(end));
    let mut count = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(count);
        }
        count += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        let n = buf.len();
        r.consume(n);
    }
}

/// Reads a cluster host file in timely dataflow's format: one `host:port` per line, the line
/// number (from 0) being the process id. Blank lines and lines starting with `#` are ignored.
///
/// # Errors
/// An unreadable file, or one without any address.
pub fn read_host_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let hosts: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if hosts.is_empty() {
        return Err(Error::Schema {
            path: path.to_path_buf(),
            message: "no address in the host file (one host:port per line, process 0 first)".into(),
        });
    }
    Ok(hosts)
}

/// Layer ids of a share's records, renumbered into a global layer list.
pub(crate) fn remap_layers(table: &mut EdgeTable, global: &[String]) {
    let map: Vec<LayerId> = table
        .layer_names
        .iter()
        .map(|n| global.iter().position(|g| g == n).unwrap_or(0) as LayerId)
        .collect();
    for l in &mut table.layer {
        *l = map[*l as usize];
    }
    table.layer_names = global.to_vec();
}
