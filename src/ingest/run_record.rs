//! Reading back what a run wrote: run.json (the manifest) and summary.json, for `relais verify`
//! and `relais methods`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Position, Result};

/// One input file as run.json records it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct InputRecord {
    /// Path as given on the command line (relative to [`RunRecord::working_dir`]).
    pub path: PathBuf,
    /// `edges` or `accounts`.
    pub role: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

/// The parts of run.json that verify and methods read; `raw` keeps the whole document.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// relais version that wrote it.
    pub relais_version: String,
    /// Subcommand (`analyze`, ...).
    pub command: String,
    /// Folder the run was started from; relative input paths are relative to it.
    pub working_dir: Option<PathBuf>,
    /// Every input file with its SHA-256.
    pub inputs: Vec<InputRecord>,
    /// The whole document.
    pub raw: Value,
}

#[derive(Deserialize)]
struct RecordFields {
    relais_version: String,
    command: String,
    #[serde(default)]
    working_dir: Option<PathBuf>,
    #[serde(default)]
    inputs: Vec<InputRecord>,
}

/// Reads `out/run.json`.
///
/// # Errors
/// [`Error::Io`] if it cannot be read, [`Error::Parse`] if it is not a relais manifest.
pub fn read_run_record(out: &Path) -> Result<RunRecord> {
    let path = out.join("run.json");
    let raw = read_json(&path)?;
    let fields: RecordFields =
        serde_json::from_value(raw.clone()).map_err(|e| not_a_manifest(&path, &e))?;
    Ok(RunRecord {
        relais_version: fields.relais_version,
        command: fields.command,
        working_dir: fields.working_dir,
        inputs: fields.inputs,
        raw,
    })
}

/// Reads a JSON document (e.g. `out/summary.json`).
///
/// # Errors
/// [`Error::Io`] if it cannot be read, [`Error::Parse`] with the line if it is not JSON.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        position: Position::Line(e.line() as u64),
        message: e.to_string(),
    })
}

fn not_a_manifest(path: &Path, e: &serde_json::Error) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        position: Position::Line(1),
        message: format!("not a relais run.json: {e}"),
    }
}
