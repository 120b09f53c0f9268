//! The effective configuration of a run: plain, serde-able data with `DEFAULT_*` values.
//!
//! The CLI converts its flags into a [`Config`]; run.json stores it in full so that a run can be
//! repeated exactly.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::community::CommunityConfig;
use crate::error::{Error, Result};
use crate::graph::BuildConfig;
use crate::metrics::MetricsConfig;
use crate::roles::RolesConfig;

/// Everything `relais analyze` needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// What to read.
    pub input: IngestConfig,
    /// How records become a graph.
    pub graph: BuildConfig,
    /// Which metrics, with which parameters.
    pub metrics: MetricsConfig,
    /// Community detection. Its `seed` is always the run's `seed` ([`Config::effective`]).
    pub community: CommunityConfig,
    /// A column of the accounts table holding ground-truth groups (e.g. `party`): the partition
    /// is scored against it (NMI, ARI) in summary.json.
    pub truth_column: Option<String>,
    /// Role thresholds, layers and precedence.
    pub roles: RolesConfig,
    /// Where and how to write results.
    pub output: OutputConfig,
    /// Seed of every randomised step.
    pub seed: u64,
    /// Time windows (`--window`): per-window metrics and rising accounts; `None` = off.
    pub window: Option<crate::temporal::WindowConfig>,
    /// The visual outputs: report.html, charts, graph exports, layout.
    pub report: crate::report::ReportConfig,
}

impl Config {
    /// The configuration as run: every seed taken from [`Config::seed`].
    pub fn effective(&self) -> Config {
        let mut cfg = self.clone();
        cfg.community.seed = cfg.seed;
        cfg.metrics.betweenness.seed = cfg.seed;
        cfg.metrics.closeness.seed = cfg.seed;
        cfg
    }

    /// Checks every section.
    pub fn validate(&self) -> Result<()> {
        if self.input.paths.is_empty() {
            return Err(Error::InvalidConfig {
                field: "input.paths",
                message: "give at least one input file or folder".into(),
            });
        }
        self.input.columns.validate()?;
        self.metrics.validate()?;
        self.community.validate()?;
        if let Some(w) = &self.window {
            w.validate()?;
        }
        self.roles.validate()?;
        self.report.validate()?;
        if self.output.top == 0 {
            return Err(Error::InvalidConfig {
                field: "output.top",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// Input files and how to read them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Edge files, or folders holding `edges.*` (and optionally `accounts.*`).
    pub paths: Vec<PathBuf>,
    /// Accounts table; when absent, an `accounts.*` file in an input folder is used.
    pub accounts: Option<PathBuf>,
    /// Input format; `auto` detects it from the extension and the first line.
    pub format: InputFormat,
    /// Column names of the edge and accounts tables.
    pub columns: ColumnNames,
    /// Field delimiter of CSV tables; detected when `None`.
    pub delimiter: Option<char>,
    /// Skip bad rows (counted by reason) instead of stopping at the first.
    pub lenient: bool,
    /// Owners of platform exports whose files do not name them, as `platform:key`
    /// (e.g. `instagram:alice`); see `ingest::platform`.
    pub owners: Vec<String>,
    /// Alias table (CSV: account key, person): accounts mapped to one node.
    pub aliases: Option<PathBuf>,
    /// Replace every account id and handle by a keyed hash before any output is written.
    pub pseudonymize: Option<PseudonymConfig>,
}

/// Keyed pseudonymisation of account ids (HMAC-SHA256, see `ingest::identity`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PseudonymConfig {
    /// The secret key; never written to any output.
    #[serde(skip)]
    pub key: String,
    /// Write the mapping original → pseudonym (`pseudonyms.csv`) into the output folder.
    pub write_mapping: bool,
}

/// Input file format.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// Detect from extension and content.
    #[default]
    Auto,
    /// Delimited text with a header row (CSV, TSV, ...).
    Table,
    /// Header-less `src dst [weight]` lines (SNAP style), `#`/`%` comments.
    EdgeList,
    /// JSON Lines, one object per edge.
    Jsonl,
    /// Apache Parquet.
    Parquet,
}

/// Names of the columns relais reads.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnNames {
    /// Account paying attention.
    pub source: String,
    /// Account receiving attention.
    pub target: String,
    /// Interaction kind (layer); optional.
    pub kind: String,
    /// Weight (strength); optional, default 1.
    pub weight: String,
    /// Time of the interaction (RFC 3339 or Unix seconds); optional.
    pub timestamp: String,
    /// Platform; optional.
    pub platform: String,
    /// Account id column of the accounts table.
    pub account_id: String,
}

impl ColumnNames {
    /// Default source column.
    pub const DEFAULT_SOURCE: &'static str = "source";
    /// Default target column.
    pub const DEFAULT_TARGET: &'static str = "target";
    /// Default kind column.
    pub const DEFAULT_KIND: &'static str = "kind";
    /// Default weight column.
    pub const DEFAULT_WEIGHT: &'static str = "weight";
    /// Default timestamp column.
    pub const DEFAULT_TIMESTAMP: &'static str = "timestamp";
    /// Default platform column.
    pub const DEFAULT_PLATFORM: &'static str = "platform";
    /// Default account id column.
    pub const DEFAULT_ACCOUNT_ID: &'static str = "id";

    fn validate(&self) -> Result<()> {
        let names = [
            ("input.columns.source", &self.source),
            ("input.columns.target", &self.target),
            ("input.columns.kind", &self.kind),
            ("input.columns.weight", &self.weight),
            ("input.columns.timestamp", &self.timestamp),
            ("input.columns.platform", &self.platform),
        ];
        for (i, (field, a)) in names.iter().enumerate() {
            if a.trim().is_empty() {
                return Err(Error::InvalidConfig {
                    field,
                    message: "column name is empty".into(),
                });
            }
            if names[..i].iter().any(|(_, b)| b == a) {
                return Err(Error::InvalidConfig {
                    field,
                    message: format!("column \"{a}\" is mapped to two roles"),
                });
            }
        }
        Ok(())
    }
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            source: Self::DEFAULT_SOURCE.into(),
            target: Self::DEFAULT_TARGET.into(),
            kind: Self::DEFAULT_KIND.into(),
            weight: Self::DEFAULT_WEIGHT.into(),
            timestamp: Self::DEFAULT_TIMESTAMP.into(),
            platform: Self::DEFAULT_PLATFORM.into(),
            account_id: Self::DEFAULT_ACCOUNT_ID.into(),
        }
    }
}

/// Where and how results are written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Output folder (written atomically: built beside it, then renamed into place).
    pub out: PathBuf,
    /// Replace an existing output folder.
    pub force: bool,
    /// Rows of the terminal top table.
    pub top: usize,
}

impl OutputConfig {
    /// Default number of rows in the terminal table.
    pub const DEFAULT_TOP: usize = 20;
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            out: PathBuf::from("out"),
            force: false,
            top: Self::DEFAULT_TOP,
        }
    }
}
