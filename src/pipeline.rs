//! `analyze`: the only place that sequences the stages ingest → build → metrics → report.

use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::community::{self, Agreement, CommunityConfig, StatsConfig};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::graph::{self, BuildStats};
use crate::ingest::{self, FileReport, IngestReport, Skipped};
use crate::metrics::{self, GraphStats};
use crate::report::{self, Staging};
use crate::roles::{self, RolesSummary};
use crate::temporal;

/// Facts about the process that the configuration does not hold.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// Worker threads of the rayon pool the run is installed in.
    pub threads: usize,
    /// Show progress bars on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// The command line, for run.json.
    pub command_line: Vec<String>,
}

/// Time spent in one stage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageTime {
    /// Stage name.
    pub stage: &'static str,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// summary.json: graph-level figures. Identical for any thread count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Graph-level figures.
    pub graph: GraphStats,
    /// Records turned into edges.
    pub input: BuildStats,
    /// How PageRank ended.
    pub pagerank: PageRankSummary,
    /// The partition found.
    pub communities: CommunitySummary,
    /// How the centrality columns were computed, and graph-level clustering figures.
    pub centrality: CentralitySummary,
    /// Accounts per role, the thresholds used and the layers read.
    pub roles: RolesSummary,
}

/// How the centrality suite ran, for summary.json.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CentralitySummary {
    /// `exact` or `sampled`, with the (ε, δ) guarantee when sampled.
    pub betweenness: MethodSummary,
    /// The same for closeness and harmonic.
    pub closeness: MethodSummary,
    /// Eigenvalue of the undirected view's largest component.
    pub eigenvalue: f64,
    /// Size of the component the eigenvector was computed on (0 elsewhere).
    pub eigenvector_component: u64,
    /// Whether the eigenvector iteration converged.
    pub eigenvector_converged: bool,
    /// Whether Katz converged, and in how many iterations.
    pub katz_converged: bool,
    /// Whether HITS converged.
    pub hits_converged: bool,
    /// Triangles, average clustering, transitivity (undirected simple view).
    pub clustering: metrics::ClusteringSummary,
    /// Degree assortativity (as given, and on the undirected view).
    pub assortativity: metrics::Assortativity,
}

/// Exact or sampled, with the guarantee.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MethodSummary {
    /// Exact or sampled.
    pub method: metrics::Method,
    /// (ε, δ), samples and seed when sampled.
    pub estimate: Option<metrics::Estimate>,
}

/// The partition, for summary.json.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommunitySummary {
    /// Algorithm, objective, resolution, view, layers and runs used.
    pub config: CommunityConfig,
    /// Number of communities.
    pub count: usize,
    /// Size of the largest community.
    pub largest: u32,
    /// Newman–Girvan modularity (resolution 1) of the partition on the view it was found on.
    pub modularity: f64,
    /// Value of the objective that was maximised.
    pub quality: f64,
    /// Runs made (seeds `(seed, 0)`, `(seed, 1)`, ...).
    pub runs: usize,
    /// The run whose partition is reported.
    pub best_run: u32,
    /// Mean adjusted Rand index between all pairs of runs (when more than one).
    pub mean_pairwise_ari: Option<f64>,
    /// Agreement with the ground-truth column (`--truth-col`), when given.
    pub truth: Option<TruthSummary>,
}

/// Agreement of the partition with a ground-truth column.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TruthSummary {
    /// The accounts-table column.
    pub column: String,
    /// NMI, ARI and counts.
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// How PageRank ended.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageRankSummary {
    /// Whether the L1 change fell below the tolerance.
    pub converged: bool,
    /// Iterations run.
    pub iterations: u32,
    /// L1 change of the last iteration.
    pub last_change: f64,
}

/// run.json: the manifest of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<'a> {
    /// relais version.
    pub relais_version: &'static str,
    /// Subcommand.
    pub command: &'static str,
    /// The command line as given.
    pub command_line: &'a [String],
    /// Folder the run was started from: relative input paths are relative to it.
    pub working_dir: Option<PathBuf>,
    /// The full effective configuration.
    pub config: &'a Config,
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
    /// Resident bytes of the graph.
    pub graph_bytes: usize,
    /// Time per stage.
    pub stages: &'a [StageTime],
    /// Time windows (`--window`): the windows and how records were counted in them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub windows: Option<crate::temporal::WindowsSummary>,
    /// When the input is a graph cache: the relais version that built it and its source files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<crate::cache::CacheProvenance>,
    /// What the report stage wrote (files, layout size and parameters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<report::visual::VisualSummary>,
}

/// Rows read and skipped, for run.json.
#[derive(Debug, Clone, Serialize)]
pub struct RowCounts<'a> {
    /// Rows read from edge files.
    pub edge_rows_read: u64,
    /// Valid edge records.
    pub edge_records: u64,
    /// Rows read from the accounts table.
    pub account_rows_read: u64,
    /// Rows skipped (lenient mode), by reason.
    pub skipped: &'a Skipped,
}

impl<'a> From<&'a IngestReport> for RowCounts<'a> {
    fn from(report: &'a IngestReport) -> Self {
        RowCounts {
            edge_rows_read: report.edge_rows_read,
            edge_records: report.edge_records,
            account_rows_read: report.account_rows_read,
            skipped: &report.skipped,
        }
    }
}

/// What `analyze` produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The output folder.
    pub out: PathBuf,
    /// summary.json's content.
    pub summary: Summary,
    /// The top of the ranking, as aligned text.
    pub top: String,
    /// Rows skipped in lenient mode.
    pub skipped: Skipped,
    /// Time per stage.
    pub stages: Vec<StageTime>,
}

/// Runs the analysis described by `cfg` and writes its outputs atomically. Call it inside the rayon
/// pool that `ctx.threads` describes.
///
/// # Errors
/// Invalid configuration, unreadable or malformed input, an existing output folder without
/// `force`, or a failed write. On error nothing is left in the output folder's place.
pub fn analyze(cfg: &Config, ctx: &RunContext) -> Result<Outcome> {
    let cfg = &cfg.effective();
    cfg.validate()?;
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

    let bar = progress_bar(ctx.progress, input_bytes(&cfg.input.paths));
    // A graph cache (`relais build`) replaces ingest and build.
    let (input, cached, cache_provenance) = match crate::cache::detect(&cfg.input)? {
        Some(path) => {
            let c = crate::cache::load_for(&path, cfg)?;
            (c.input, Some(c.graph), Some(c.provenance))
        }
        None => (ingest::load(&cfg.input, &bar)?, None, None),
    };
    bar.finish_and_clear();
    lap(&mut stages, "ingest");

    let spinner = spinner(ctx.progress, "building graph");
    let ingest::Input {
        edges,
        names,
        accounts,
        report: ingest_report,
        pseudonyms,
    } = input;
    let trends = match &cfg.window {
        Some(w) => {
            spinner.set_message("computing time windows");
            // Each window's roles: the same rules as the whole graph's, on the window's graph,
            // its own communities (the run's community settings) and Burt's constraint.
            let window_roles = |wg: &graph::Graph,
                                wl: &graph::NodeLabels,
                                p: &metrics::PageRank|
             -> Vec<roles::Role> {
                let part = community::detect(wg, &cfg.community).partition;
                let constraint = metrics::brokerage(wg, metrics::Weighting::Unweighted).constraint;
                let posts = roles::posts_per_node(accounts.as_ref(), wl, &cfg.roles.posts_column);
                let inputs = roles::RoleInputs {
                    pagerank: &p.scores,
                    constraint: &constraint,
                };
                roles::assign_with(
                    wg,
                    &inputs,
                    &part,
                    posts.as_deref(),
                    &cfg.metrics.pagerank,
                    &cfg.roles,
                )
                .role
            };
            let t = temporal::trends(
                &edges,
                &names,
                &cfg.graph,
                &cfg.metrics.pagerank,
                w,
                w.roles
                    .then_some(&window_roles as &temporal::WindowRoleFn<'_>),
            )?;
            lap(&mut stages, "windows");
            Some(t)
        }
        None => None,
    };
    let (g, labels, build_stats) = match cached {
        Some(parts) => parts,
        None => graph::build_owned(edges, names, &cfg.graph),
    };
    lap(&mut stages, "build");

    cfg.community.check_layers(&g)?;
    let truth = match &cfg.truth_column {
        Some(column) => Some(truth_labels(accounts.as_ref(), &labels, column)?),
        None => None,
    };
    spinner.set_message("computing metrics and communities");
    let (m, found) = rayon::join(
        || metrics::compute(&g, &cfg.metrics),
        || community::detect(&g, &cfg.community),
    );
    let graph_stats = metrics::graph_stats(&g, &m);
    let community_stats = community::community_stats(
        &g,
        &found.partition,
        Some(&m.pagerank.scores),
        &StatsConfig::default(),
    );
    let flows = community::community_flows(&g, &found.partition);
    lap(&mut stages, "metrics");

    spinner.set_message("assigning roles");
    let posts = roles::posts_per_node(accounts.as_ref(), &labels, &cfg.roles.posts_column);
    let mut found_roles = roles::assign(
        &g,
        &m,
        &found.partition,
        posts.as_deref(),
        &cfg.metrics.pagerank,
        &cfg.roles,
    );
    // `why` in the report's language (assign writes English).
    if cfg.report.language() != crate::i18n::Lang::En {
        let inputs = roles::RoleInputs {
            pagerank: &m.pagerank.scores,
            constraint: &m.centrality.brokerage.constraint,
        };
        let tr = crate::i18n::Tr::new(cfg.report.language());
        found_roles.why = roles::why_sentences(&found_roles, &inputs, &found.partition, &tr);
    }
    lap(&mut stages, "roles");

    spinner.set_message("writing results");
    let table = report::accounts_table(
        &g,
        &labels,
        &m,
        &found,
        Some(&found_roles),
        accounts.as_ref(),
    );
    let communities_table = report::communities_table(&g, &labels, &community_stats);
    let flows_table = report::flows_table(&flows);
    let summary = Summary {
        graph: graph_stats,
        input: build_stats.clone(),
        pagerank: PageRankSummary {
            converged: m.pagerank.converged,
            iterations: m.pagerank.iterations,
            last_change: m.pagerank.last_change,
        },
        centrality: CentralitySummary {
            betweenness: MethodSummary {
                method: m.centrality.betweenness.method,
                estimate: m.centrality.betweenness.estimate,
            },
            closeness: MethodSummary {
                method: m.centrality.closeness_in.method,
                estimate: m.centrality.closeness_in.estimate,
            },
            eigenvalue: m.centrality.eigenvector.eigenvalue,
            eigenvector_component: m.centrality.eigenvector.component_size,
            eigenvector_converged: m.centrality.eigenvector.converged,
            katz_converged: m.centrality.katz.converged,
            hits_converged: m.centrality.hits.converged,
            clustering: m.centrality.clustering.summary,
            assortativity: m.centrality.assortativity,
        },
        roles: found_roles.summary(&cfg.roles),
        communities: CommunitySummary {
            config: cfg.community.clone(),
            count: found.partition.count(),
            largest: found.partition.sizes().first().copied().unwrap_or(0),
            modularity: found.modularity,
            quality: found.quality,
            runs: found.runs.len(),
            best_run: found.best_run,
            mean_pairwise_ari: found.consensus.as_ref().map(|c| c.mean_pairwise_ari),
            truth: cfg
                .truth_column
                .as_ref()
                .zip(truth.as_ref())
                .map(|(column, t)| TruthSummary {
                    column: column.clone(),
                    agreement: community::agreement(&found.partition, t),
                }),
        },
    };
    staging.write_csv("accounts.csv", &table)?;
    staging.write_parquet("accounts.parquet", &table)?;
    staging.write_csv("communities.csv", &communities_table)?;
    staging.write_parquet("communities.parquet", &communities_table)?;
    staging.write_csv("community_flows.csv", &flows_table)?;
    staging.write_json("summary.json", &summary)?;
    if let Some(t) = &trends {
        let windows_table = report::windows_table(t, &labels);
        staging.write_csv("windows.csv", &windows_table)?;
        staging.write_parquet("windows.parquet", &windows_table)?;
        staging.write_csv("rising.csv", &report::rising_table(t, &labels))?;
    }
    if let Some(mapping) = &pseudonyms {
        staging.write_csv("pseudonyms.csv", &report::pseudonym_table(mapping))?;
    }
    lap(&mut stages, "write");
    spinner.finish_and_clear();

    // With --pseudonymize, the owners given on the command line are identifiers too.
    let pseudonymized_cfg;
    let (cfg, command_line) = match &cfg.input.pseudonymize {
        Some(p) => {
            let mut c = cfg.clone();
            c.input.owners = c
                .input
                .owners
                .iter()
                .map(|o| ingest::identity::pseudonym(&p.key, o))
                .collect();
            pseudonymized_cfg = c;
            (
                &pseudonymized_cfg,
                ingest::identity::redact_owners(&ctx.command_line),
            )
        }
        None => (cfg, ctx.command_line.clone()),
    };
    let working_dir = std::env::current_dir().ok();
    let windows = trends.as_ref().map(temporal::Trends::summary);
    let manifest_for = |stages: &'_ [StageTime], report: &report::visual::VisualSummary| {
        let manifest = Manifest {
            relais_version: env!("CARGO_PKG_VERSION"),
            command: "analyze",
            command_line: &command_line,
            working_dir: working_dir.clone(),
            config: cfg,
            seed: cfg.seed,
            threads: ctx.threads,
            inputs: &ingest_report.files,
            rows: RowCounts::from(&ingest_report),
            build: &build_stats,
            graph_bytes: g.heap_bytes(),
            stages,
            windows: windows.clone(),
            cache: cache_provenance.clone(),
            report: Some(report.clone()),
        };
        serde_json::to_value(&manifest).map_err(|e| Error::io("run.json", std::io::Error::other(e)))
    };
    let mut visual = report::visual::VisualSummary::default();
    if cfg.report.enabled() {
        let spinner = self::spinner(ctx.progress, "drawing the report");
        let summary_json = serde_json::to_value(&summary)
            .map_err(|e| Error::io("summary.json", std::io::Error::other(e)))?;
        let manifest_json = manifest_for(&stages, &visual)?;
        let node_of_row = report::rank_order(&m.pagerank.scores);
        visual = report::write_visuals(
            &staging,
            &report::VisualInput {
                graph: &g,
                accounts: &table,
                node_of_row: &node_of_row,
                communities: &communities_table,
                flows: &flows_table,
                summary: &summary_json,
                manifest: &manifest_json,
                seed: cfg.seed,
                trends: trends.as_ref(),
            },
            &cfg.report,
        )?;
        lap(&mut stages, "report");
        spinner.finish_and_clear();
    }
    let manifest = manifest_for(&stages, &visual)?;
    staging.write_json("run.json", &manifest)?;
    let out = staging.commit()?;
    Ok(Outcome {
        out,
        top: report::top_table(&table, cfg.output.top),
        summary,
        skipped: ingest_report.skipped,
        stages,
    })
}

/// Ground-truth classes per node from an accounts-table column: equal text = same class, empty or
/// missing = unlabelled.
fn truth_labels(
    accounts: Option<&ingest::AccountTable>,
    labels: &graph::NodeLabels,
    column: &str,
) -> Result<Vec<Option<u32>>> {
    let table = accounts.ok_or_else(|| Error::InvalidConfig {
        field: "truth_column",
        message: format!("--truth-col {column} needs an accounts table (--accounts)"),
    })?;
    let c = table
        .columns
        .iter()
        .position(|name| name == column)
        .ok_or_else(|| Error::Schema {
            path: table.path.clone(),
            message: format!(
                "no column \"{column}\" for --truth-col (columns: {})",
                table.columns.join(", ")
            ),
        })?;
    let mut classes: Vec<&str> = table.values[c]
        .iter()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .collect();
    classes.sort_unstable();
    classes.dedup();
    let mut truth = vec![None; labels.len()];
    for (r, id) in table.ids.iter().enumerate() {
        let value = table.values[c][r].as_str();
        if let (Some(u), Ok(class)) = (labels.find(id), classes.binary_search(&value)) {
            truth[u as usize] = Some(class as u32);
        }
    }
    Ok(truth)
}

fn input_bytes(paths: &[PathBuf]) -> u64 {
    paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                std::fs::read_dir(p)
                    .map(|d| {
                        d.filter_map(|e| e.ok()?.metadata().ok())
                            .map(|m| m.len())
                            .sum()
                    })
                    .unwrap_or(0)
            } else {
                std::fs::metadata(p).map_or(0, |m| m.len())
            }
        })
        .sum()
}

fn progress_bar(show: bool, total: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn spinner(show: bool, msg: &'static str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let s = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    s.set_message(msg);
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    s
}
