//! `relais seeds`: the pipeline ingest → build → [`crate::influence::seeds`] → report, beside
//! [`crate::pipeline::analyze`].

use std::path::PathBuf;
use std::time::Instant;

use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};

use crate::config::{IngestConfig, OutputConfig};
use crate::error::{Error, Result};
use crate::graph::{self, BuildConfig, BuildStats, NodeLabels};
use crate::influence::{self, ImmStats, ProbabilityReport, SeedsConfig, SeedsResult};
use crate::ingest::{self, AccountTable, FileReport};
use crate::pipeline::{RowCounts, RunContext, StageTime};
use crate::report::{self, Staging};

/// Everything `relais seeds` needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SeedsRunConfig {
    /// What to read (as `analyze`).
    pub input: IngestConfig,
    /// How records become a graph.
    pub graph: BuildConfig,
    /// Model, probabilities, k, ε, δ, simulations. Its `seed` is always the run's `seed`.
    pub seeds: SeedsConfig,
    /// Accounts-table column with each account's number of posts (observed probabilities);
    /// `None` = `posts_count` when the table has it.
    pub posts_column: Option<String>,
    /// Where to write.
    pub output: OutputConfig,
    /// Seed of the RR sets and simulations.
    pub seed: u64,
}

impl SeedsRunConfig {
    /// Default posts column.
    pub const DEFAULT_POSTS_COLUMN: &'static str = "posts_count";
}

/// seeds.json: the result, with account ids. Identical for any thread count.
#[derive(Debug, Clone, Serialize)]
pub struct SeedsDocument<'a> {
    /// The influence configuration.
    pub config: &'a SeedsConfig,
    /// IMM's seeds in greedy order.
    pub seeds: Vec<SeedRow<'a>>,
    /// How IMM ran.
    pub imm: &'a ImmStats,
    /// Each strategy's seeds and spread.
    pub comparison: Vec<ComparisonRow<'a>>,
    /// The probabilities used.
    pub probability: &'a ProbabilityReport,
}

/// One seed in seeds.json.
#[derive(Debug, Clone, Serialize)]
pub struct SeedRow<'a> {
    /// The account id.
    pub account: &'a str,
    /// RR estimate of what the seed adds.
    pub marginal_gain: f64,
    /// RR estimate of the spread so far.
    pub cumulative_spread: f64,
}

/// One strategy in seeds.json.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow<'a> {
    /// `imm`, `followers` or `pagerank`.
    pub strategy: &'static str,
    /// Account ids, best first.
    pub seeds: Vec<&'a str>,
    /// RR-set estimate of the spread.
    pub rr_estimate: f64,
    /// Monte-Carlo spread.
    pub monte_carlo: influence::Spread,
}

/// run.json of `relais seeds`.
#[derive(Debug, Clone, Serialize)]
pub struct SeedsManifest<'a> {
    /// relais version.
    pub relais_version: &'static str,
    /// Subcommand.
    pub command: &'static str,
    /// The command line as given.
    pub command_line: &'a [String],
    /// Folder the run was started from: relative input paths are relative to it.
    pub working_dir: Option<std::path::PathBuf>,
    /// The full effective configuration.
    pub config: &'a SeedsRunConfig,
    /// Seed of every randomised step.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// Every input file with its SHA-256.
    pub inputs: &'a [FileReport],
    /// Rows read and skipped.
    pub rows: RowCounts<'a>,
    /// Self-loops and duplicates.
    pub build: &'a BuildStats,
    /// RR sets of IMM's final phase (θ).
    pub rr_sets: u64,
    /// RR sets of the sampling phase.
    pub sampling_rr_sets: u64,
    /// Resident bytes of the final RR sets and their index.
    pub rr_bytes: u64,
    /// Resident bytes of the graph.
    pub graph_bytes: usize,
    /// Resident bytes of the influence graph.
    pub influence_graph_bytes: u64,
    /// Time per stage.
    pub stages: &'a [StageTime],
    /// When the input is a graph cache: the relais version that built it and its source files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<crate::cache::CacheProvenance>,
}

/// What [`seeds`] produced.
#[derive(Debug, Clone)]
pub struct SeedsOutcome {
    /// The output folder.
    pub out: PathBuf,
    /// The result.
    pub result: SeedsResult,
    /// The terminal summary.
    pub text: String,
    /// Time per stage.
    pub stages: Vec<StageTime>,
}

/// Runs `relais seeds` and writes seeds.csv, comparison.csv, seeds.json and run.json atomically.
/// Call it inside the rayon pool that `ctx.threads` describes.
///
/// # Errors
/// Invalid configuration, unreadable or malformed input, an unknown layer or posts column, θ
/// above the RR-set cap, an existing output folder without `force`, or a failed write.
pub fn seeds(cfg: &SeedsRunConfig, ctx: &RunContext) -> Result<SeedsOutcome> {
    let mut cfg = cfg.clone();
    cfg.seeds.seed = cfg.seed;
    let cfg = &cfg;
    if cfg.input.paths.is_empty() {
        return Err(Error::InvalidConfig {
            field: "input.paths",
            message: "give at least one input file or folder".into(),
        });
    }
    cfg.seeds.validate()?;
    let staging = Staging::create(&cfg.output.out, cfg.output.force)?;
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<StageTime>, stage: &'static str| {
        stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };

    // A graph cache (`relais build`) replaces ingest and build.
    let (input, cached, cache_provenance) = match crate::cache::detect(&cfg.input)? {
        Some(path) => {
            let c = crate::cache::load_for_input(&path, &cfg.input, &cfg.graph)?;
            (c.input, Some(c.graph), Some(c.provenance))
        }
        None => (
            ingest::load(&cfg.input, &ProgressBar::hidden())?,
            None,
            None,
        ),
    };
    lap(&mut stages, "ingest");
    let ingest::Input {
        edges,
        names,
        accounts,
        report: ingest_report,
        pseudonyms: _,
    } = input;
    let (g, labels, build_stats) = match cached {
        Some(parts) => parts,
        None => graph::build_owned(edges, names, &cfg.graph),
    };
    lap(&mut stages, "build");

    let posts = posts_per_node(accounts.as_ref(), &labels, cfg)?;
    let result = influence::seeds_timed(&g, &cfg.seeds, posts.as_deref(), &mut |stage| {
        lap(&mut stages, stage)
    })?;

    let handles = column_per_node(accounts.as_ref(), &labels, "handle");
    let seeds_table = report::seeds_table(&result, &labels, handles.as_deref());
    let comparison_table = report::comparison_table(&result, &labels);
    let doc = SeedsDocument {
        config: &cfg.seeds,
        seeds: result
            .picks
            .iter()
            .map(|p| SeedRow {
                account: labels.name(p.node),
                marginal_gain: p.marginal_gain,
                cumulative_spread: p.cumulative,
            })
            .collect(),
        imm: &result.imm,
        comparison: result
            .comparison
            .iter()
            .map(|e| ComparisonRow {
                strategy: e.strategy.name(),
                seeds: e.seeds.iter().map(|&s| labels.name(s)).collect(),
                rr_estimate: e.rr_estimate,
                monte_carlo: e.monte_carlo,
            })
            .collect(),
        probability: &result.probability,
    };
    staging.write_csv("seeds.csv", &seeds_table)?;
    staging.write_csv("comparison.csv", &comparison_table)?;
    staging.write_json("seeds.json", &doc)?;
    lap(&mut stages, "write");
    let manifest = SeedsManifest {
        relais_version: env!("CARGO_PKG_VERSION"),
        command: "seeds",
        command_line: &ctx.command_line,
        working_dir: std::env::current_dir().ok(),
        config: cfg,
        seed: cfg.seed,
        threads: ctx.threads,
        inputs: &ingest_report.files,
        rows: RowCounts::from(&ingest_report),
        build: &build_stats,
        rr_sets: result.imm.theta,
        sampling_rr_sets: result.imm.sampling_rr_sets,
        rr_bytes: result.imm.rr_bytes,
        graph_bytes: g.heap_bytes(),
        influence_graph_bytes: result.probability.bytes,
        stages: &stages,
        cache: cache_provenance,
    };
    staging.write_json("run.json", &manifest)?;
    let out = staging.commit()?;
    let text = report::seeds_text(&result, &seeds_table, &comparison_table);
    Ok(SeedsOutcome {
        out,
        result,
        text,
        stages,
    })
}

/// Posts per node from the accounts table, for observed probabilities: the column
/// `cfg.posts_column` (an error if named but absent), else `posts_count` when present.
fn posts_per_node(
    accounts: Option<&AccountTable>,
    labels: &NodeLabels,
    cfg: &SeedsRunConfig,
) -> Result<Option<Vec<Option<f64>>>> {
    if cfg.seeds.probability != influence::Probability::Observed {
        return Ok(None);
    }
    let name = cfg
        .posts_column
        .as_deref()
        .unwrap_or(SeedsRunConfig::DEFAULT_POSTS_COLUMN);
    let Some(table) = accounts else {
        if cfg.posts_column.is_some() {
            return Err(Error::InvalidConfig {
                field: "posts_column",
                message: format!("--posts-col {name} needs an accounts table (--accounts)"),
            });
        }
        return Ok(None);
    };
    if !table.columns.iter().any(|c| c == name) {
        if cfg.posts_column.is_some() {
            return Err(Error::Schema {
                path: table.path.clone(),
                message: format!(
                    "no column \"{name}\" for --posts-col (columns: {})",
                    table.columns.join(", ")
                ),
            });
        }
        return Ok(None);
    }
    Ok(column_per_node(Some(table), labels, name)
        .map(|v| v.iter().map(|s| s.trim().parse::<f64>().ok()).collect()))
}

/// The text of accounts-table column `name` per node (empty where missing), if the column exists.
fn column_per_node(
    accounts: Option<&AccountTable>,
    labels: &NodeLabels,
    name: &str,
) -> Option<Vec<String>> {
    let table = accounts?;
    let c = table.columns.iter().position(|col| col == name)?;
    let mut values = vec![String::new(); labels.len()];
    for (r, id) in table.ids.iter().enumerate() {
        if let Some(u) = labels.find(id) {
            values[u as usize] = table.values[c][r].clone();
        }
    }
    Some(values)
}
