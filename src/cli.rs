//! Command-line options (clap derive) and their conversion into a [`relais::Config`]. No logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use relais::config::{ColumnNames, IngestConfig, InputFormat, OutputConfig};
use relais::graph::BuildConfig;
use relais::metrics::{MetricsConfig, PageRankConfig};
use relais::Config;

/// relais: whose voice does this community actually listen to?
#[derive(Debug, Parser)]
#[command(name = "relais", version, about, long_about = None)]
pub struct Opts {
    /// Worker threads (default: all cores, at most 64).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the time of each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the accounts of an export: metrics per account, graph summary, manifest.
    Analyze(AnalyzeArgs),
}

/// `relais analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Edge files (CSV/TSV, edge list, JSON Lines, Parquet) or folders holding edges.* and accounts.*.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Accounts table (id plus any attributes, carried into the output).
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// Field delimiter of CSV tables (detected by default).
    #[arg(long)]
    pub delimiter: Option<char>,
    /// Source column (the account paying attention).
    #[arg(long, default_value = ColumnNames::DEFAULT_SOURCE, value_name = "NAME")]
    pub source_col: String,
    /// Target column (the account receiving attention).
    #[arg(long, default_value = ColumnNames::DEFAULT_TARGET, value_name = "NAME")]
    pub target_col: String,
    /// Interaction-kind column (each kind is a layer).
    #[arg(long, default_value = ColumnNames::DEFAULT_KIND, value_name = "NAME")]
    pub kind_col: String,
    /// Weight column (a strength, default 1).
    #[arg(long, default_value = ColumnNames::DEFAULT_WEIGHT, value_name = "NAME")]
    pub weight_col: String,
    /// Timestamp column (RFC 3339 or Unix seconds).
    #[arg(long, default_value = ColumnNames::DEFAULT_TIMESTAMP, value_name = "NAME")]
    pub timestamp_col: String,
    /// Platform column.
    #[arg(long, default_value = ColumnNames::DEFAULT_PLATFORM, value_name = "NAME")]
    pub platform_col: String,
    /// Id column of the accounts table.
    #[arg(long, default_value = ColumnNames::DEFAULT_ACCOUNT_ID, value_name = "NAME")]
    pub account_id_col: String,
    /// Skip bad rows (counted by reason in run.json) instead of stopping.
    #[arg(long)]
    pub lenient: bool,
    /// Edges have no direction: each counts both ways.
    #[arg(long)]
    pub undirected: bool,
    /// Seed of every randomised step.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// PageRank damping factor.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_DAMPING)]
    pub damping: f64,
    /// PageRank L1 tolerance.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_TOLERANCE)]
    pub tolerance: f64,
    /// PageRank iteration cap.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_MAX_ITERATIONS)]
    pub max_iterations: u32,
    /// Rows of the ranking printed on the terminal.
    #[arg(long, default_value_t = OutputConfig::DEFAULT_TOP)]
    pub top: usize,
}

impl AnalyzeArgs {
    /// The effective configuration.
    pub fn to_config(&self) -> Config {
        Config {
            input: IngestConfig {
                paths: self.inputs.clone(),
                accounts: self.accounts.clone(),
                format: self.format,
                columns: ColumnNames {
                    source: self.source_col.clone(),
                    target: self.target_col.clone(),
                    kind: self.kind_col.clone(),
                    weight: self.weight_col.clone(),
                    timestamp: self.timestamp_col.clone(),
                    platform: self.platform_col.clone(),
                    account_id: self.account_id_col.clone(),
                },
                delimiter: self.delimiter,
                lenient: self.lenient,
            },
            graph: BuildConfig {
                directed: !self.undirected,
            },
            metrics: MetricsConfig {
                pagerank: PageRankConfig {
                    damping: self.damping,
                    tolerance: self.tolerance,
                    max_iterations: self.max_iterations,
                },
                ..MetricsConfig::default()
            },
            output: OutputConfig {
                out: self.out.clone(),
                force: self.force,
                top: self.top,
            },
            seed: self.seed,
        }
    }
}
