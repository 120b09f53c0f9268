//! `relais verify`: re-run an analysis from its run.json and check that every output is
//! byte-identical.
//!
//! Steps: read run.json; check every recorded input still has its SHA-256 (relative paths are
//! taken from the run's working folder); re-run with the recorded configuration into a temporary
//! folder beside the output (the current thread count, which must not matter); compare every file
//! byte for byte, and run.json itself without the keys that describe the machine rather than the
//! result ([`VOLATILE_MANIFEST_KEYS`]); remove the temporary folder.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::{self, RunRecord};
use crate::pipeline::{self, RunContext};
use crate::report::{self, FileDiff};

/// run.json keys that may differ between identical runs: how and where it ran, not what it
/// computed. `config.output` and the input paths are compared through the inputs' SHA-256.
pub const VOLATILE_MANIFEST_KEYS: &[&str] = &[
    "command_line",
    "threads",
    "stages",
    "working_dir",
    "config.output",
    "config.input.paths",
    "config.input.accounts",
    "config.input.aliases",
    "inputs.*.path",
];

/// Environment variable holding the pseudonymisation key when a pseudonymised run is verified.
pub const PSEUDONYM_KEY_VAR: &str = "RELAIS_PSEUDONYM_KEY";

/// Files of an output folder that are not results of the analysis: the manifest (compared
/// separately) and what `relais methods` adds.
const NOT_COMPARED: &[&str] = &["run.json", "references.bib"];

/// An input file, checked against run.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputCheck {
    /// Where it was looked for.
    pub path: PathBuf,
    /// Whether it is there with the recorded SHA-256.
    pub status: InputStatus,
}

/// State of a recorded input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputStatus {
    /// Present with the recorded SHA-256.
    Same,
    /// Present with another SHA-256.
    Changed {
        /// SHA-256 in run.json.
        recorded: String,
        /// SHA-256 now.
        now: String,
    },
    /// Not found.
    Missing,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The verified output folder.
    pub out: PathBuf,
    /// relais version that wrote run.json.
    pub recorded_version: String,
    /// relais version verifying it.
    pub version: &'static str,
    /// Inputs against their recorded SHA-256.
    pub inputs: Vec<InputCheck>,
    /// Every output file (run.json aside); empty when an input changed (nothing was re-run).
    pub files: Vec<FileDiff>,
    /// run.json keys (dotted paths) whose values differ, volatile keys aside.
    pub manifest_differences: Vec<String>,
}

impl VerifyReport {
    /// Whether the inputs are unchanged and every output is byte-identical.
    pub fn ok(&self) -> bool {
        self.inputs.iter().all(|i| i.status == InputStatus::Same)
            && !self.files.is_empty()
            && self.files.iter().all(FileDiff::is_same)
            && self.manifest_differences.is_empty()
    }
}

/// Re-runs the analysis recorded in `out/run.json` and compares the outputs. Call it inside the
/// rayon pool that `ctx.threads` describes.
///
/// # Errors
/// Unreadable run.json, a run.json from a command that cannot be verified, or a failure of the
/// re-run itself. Differences are not errors: they are in the report.
pub fn verify(out: &Path, ctx: &RunContext) -> Result<VerifyReport> {
    let record = ingest::read_run_record(out)?;
    if record.command != "analyze" {
        return Err(Error::InvalidConfig {
            field: "run.json command",
            message: format!("verify re-runs analyze runs, not {}", record.command),
        });
    }
    let mut cfg: Config =
        serde_json::from_value(record.raw["config"].clone()).map_err(|e| Error::InvalidConfig {
            field: "run.json config",
            message: format!(
                "cannot be read by relais {}: {e}",
                env!("CARGO_PKG_VERSION")
            ),
        })?;
    let base = record.working_dir.clone().unwrap_or_default();
    let resolve = |p: &Path| {
        if p.is_relative() {
            base.join(p)
        } else {
            p.to_path_buf()
        }
    };
    let inputs = check_inputs(&record, resolve)?;
    let mut report = VerifyReport {
        out: out.to_path_buf(),
        recorded_version: record.relais_version.clone(),
        version: env!("CARGO_PKG_VERSION"),
        inputs,
        files: Vec::new(),
        manifest_differences: Vec::new(),
    };
    if report.inputs.iter().any(|i| i.status != InputStatus::Same) {
        return Ok(report);
    }

    cfg.input.paths = cfg.input.paths.iter().map(|p| resolve(p)).collect();
    cfg.input.accounts = cfg.input.accounts.as_deref().map(resolve);
    cfg.input.aliases = cfg.input.aliases.as_deref().map(resolve);
    // A pseudonymised run is re-run with the key from the environment (never stored).
    if let Some(p) = cfg.input.pseudonymize.as_mut() {
        p.key = std::env::var(PSEUDONYM_KEY_VAR).unwrap_or_default();
    }
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let rerun = out.with_file_name(format!(".{name}.verify-{}", std::process::id()));
    cfg.output.out = rerun.clone();
    cfg.output.force = true;
    let result = pipeline::analyze(&cfg, ctx).and_then(|_| {
        report.files = report::compare_dirs(out, &rerun, NOT_COMPARED)?;
        let again = ingest::read_run_record(&rerun)?;
        report.manifest_differences = manifest_differences(&record.raw, &again.raw);
        Ok(())
    });
    let removed = report::remove_output(&rerun);
    result?;
    removed?;
    Ok(report)
}

fn check_inputs(record: &RunRecord, resolve: impl Fn(&Path) -> PathBuf) -> Result<Vec<InputCheck>> {
    record
        .inputs
        .iter()
        .map(|input| {
            let path = resolve(&input.path);
            let status = if !path.is_file() {
                InputStatus::Missing
            } else {
                let (_, sha) = ingest::hash_file(&path)?;
                if sha == input.sha256 {
                    InputStatus::Same
                } else {
                    InputStatus::Changed {
                        recorded: input.sha256.clone(),
                        now: sha,
                    }
                }
            };
            Ok(InputCheck { path, status })
        })
        .collect()
}

/// Dotted paths where two manifests differ, [`VOLATILE_MANIFEST_KEYS`] aside (`*` matches any
/// array index or key).
pub(crate) fn manifest_differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(a, b, &mut Vec::new(), &mut out);
    out
}

fn volatile(path: &[String]) -> bool {
    VOLATILE_MANIFEST_KEYS.iter().any(|key| {
        let parts: Vec<&str> = key.split('.').collect();
        parts.len() == path.len() && parts.iter().zip(path).all(|(k, p)| *k == "*" || k == p)
    })
}

fn diff(a: &Value, b: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    if volatile(path) {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                path.push(k.clone());
                diff(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    path,
                    out,
                );
                path.pop();
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                path.push(i.to_string());
                diff(p, q, path, out);
                path.pop();
            }
        }
        _ if a == b => {}
        _ => out.push(path.join(".")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn manifest_differences_skip_volatile_keys_only() {
        let a = json!({"threads": 1, "stages": [1], "seed": 3, "config": {"output": {"out": "a"},
            "seed": 3}, "inputs": [{"path": "x", "sha256": "aa"}]});
        let b = json!({"threads": 2, "stages": [2, 3], "seed": 3, "config": {"output": {"out": "b"},
            "seed": 4}, "inputs": [{"path": "y", "sha256": "bb"}]});
        assert_eq!(
            manifest_differences(&a, &b),
            vec!["config.seed".to_string(), "inputs.0.sha256".to_string()]
        );
    }
}
