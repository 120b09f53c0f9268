//! Cluster mode: `relais analyze INPUT --cluster hosts.txt --process I [--workers W]` runs the
//! kernels that do not need the whole graph in one place over several processes, on timely
//! dataflow's communication layer, and process 0 writes the same kind of outputs as a
//! single-machine run.
//!
//! Data flow, per worker (process `p` runs workers `p·W .. p·W + W - 1`):
//! 1. **read** its byte range of the text edge files (`ingest::share`), interning ids locally;
//! 2. **ids**: every worker sends its distinct ids to worker 0, which sorts them into the stable
//!    order of `graph::NodeLabels` (the order a single-machine run gives) and broadcasts them, so
//!    node ids, and every output order, equal the single-machine run's;
//! 3. **partition**: each record goes to the owner of its source (out side) and of its target (in
//!    side), owner = `splitmix64(id) % workers`; duplicate records merge into layer-edges there;
//! 4. **kernels** (`kernels`): degrees and strengths, PageRank, weak components, k-core;
//! 5. **gather**: every worker sends its nodes' rows to worker 0; process 0 writes accounts.csv,
//!    accounts.parquet, summary.json and run.json through `report::Staging` (atomic).
//!
//! Every step that can fail for one worker (reading, above all) ends with an agreement round, so
//! that all processes stop with the same message; a lost connection or a silent peer fails the
//! run within the timeout, naming the process and its address, and nothing is written.

mod bsp;
mod communities;
mod kernels;
mod net;
mod roles;
mod tables;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::community::label_propagation::{
    ordered_sum, quality_from_parts, renumber_labels, runs_for, LabelRun,
};
use crate::community::{Algorithm, Objective, RunStats};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::graph::{BuildStats, NodeId, NodeLabels};
use crate::ingest::share::{self, Share};
use crate::ingest::{Skipped, DEFAULT_LAYER};
use crate::metrics::canonical;
use crate::pipeline::{CommunitySummary, PageRankSummary, RunContext, StageTime};
use crate::report::{self, column_safe, ColumnData, Staging, Table};
use crate::roles::LayerSets;

use bsp::{Channel, Layout};
use kernels::{Net, Placement, Row, Side};

/// Where this process stands in the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Host file: one `host:port` per line, process 0 first (timely's `-h` format).
    pub hosts: PathBuf,
    /// This process's index (line of the host file, from 0).
    pub process: usize,
    /// Worker threads of this process (every process must give the same number).
    pub workers: usize,
    /// How long to wait for the other processes to connect, and for a silent peer during the run.
    pub timeout: Duration,
}

impl ClusterConfig {
    /// Default `--workers`.
    pub const DEFAULT_WORKERS: usize = 1;
    /// Default `--cluster-timeout`, seconds.
    pub const DEFAULT_TIMEOUT_SECS: f64 = 60.0;
}

/// The metrics of a single-machine run that cluster mode does not compute, and why (run.json).
pub const UNAVAILABLE: &[(&str, &str)] = &[
    ("betweenness, closeness, harmonic (and _out, _weighted)", "shortest paths from every source need the whole graph in one place"),
    ("eigenvector, katz, hub, authority", "not ported to cluster mode"),
    ("clustering, triangles, constraint, effective_size, collective_influence", "need neighbourhoods of neighbours (not ported)"),
    ("community, community_stability, communities.csv, community_flows.csv with Leiden or Louvain (the default)", "local moving and refinement visit the nodes one at a time over the whole graph; use --community label-propagation, computed exactly in cluster mode, tables included"),
    ("relay role and relay_score, gf_coordinator, gf_itinerant, gf_representative, gf_gatekeeper, gf_liaison", "Gould-Fernandez brokerage counts open two-paths r -> b -> s (is r -> s an edge? neighbours of neighbours, not ported); without it the relay rule is not evaluated: role is the first other rule met, roles lists the others"),
    ("roles with Leiden or Louvain (the default)", "the roles need the partition; with --community label-propagation every other rule, score and figure is computed as in a single-machine run"),
    ("strong components", "not ported to cluster mode"),
    ("report.html, charts, exports, windows", "not written in cluster mode"),
];

/// How long the main thread waits for the workers' results once a lost connection is recorded.
const LOST_GRACE: Duration = Duration::from_secs(2);

/// What process 0 reports about the run.
#[derive(Debug, Clone)]
pub struct ClusterOutcome {
    /// The output folder (written by process 0 only).
    pub out: Option<PathBuf>,
    /// Nodes and layer-edges of the graph.
    pub nodes: u64,
    /// Distinct edges.
    pub edges: u64,
    /// How PageRank ended.
    pub pagerank: PageRankSummary,
    /// Time per stage (worker 0 of this process).
    pub stages: Vec<StageTime>,
    /// Rows skipped in lenient mode.
    pub skipped: Skipped,
}

/// summary.json of a cluster run: the single-machine figures that can be computed distributed.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterSummary {
    /// Graph-level figures (no strong components).
    pub graph: ClusterGraphStats,
    /// Records turned into edges.
    pub input: BuildStats,
    /// How PageRank ended.
    pub pagerank: PageRankSummary,
    /// The label-propagation partition, as in a single-machine run (`--community
    /// label-propagation` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communities: Option<CommunitySummary>,
    /// Roles without the relay rule, as in a single-machine run (`--community
    /// label-propagation` only; `thresholds.relay_score` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<crate::roles::RolesSummary>,
}

/// `metrics::GraphStats` without the strong components.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterGraphStats {
    /// Number of accounts.
    pub nodes: u64,
    /// Distinct ordered (directed) or unordered (undirected) pairs with an edge in any layer.
    pub edges: u64,
    /// Layer-edges per layer.
    pub edges_per_layer: BTreeMap<String, u64>,
    /// Whether edges are directed.
    pub directed: bool,
    /// `edges / (n (n - 1))` directed, `2 edges / (n (n - 1))` undirected.
    pub density: f64,
    /// Share of directed edges whose reverse exists; `None` when undirected.
    pub reciprocity: Option<f64>,
    /// Accounts with no edge.
    pub isolated_nodes: u64,
    /// Number of weak components.
    pub weak_components: u64,
    /// Size of the largest weak component.
    pub largest_weak_component: u64,
}

/// The cluster layout, for run.json.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterLayout {
    /// Processes (lines of the host file).
    pub processes: usize,
    /// Addresses, by process.
    pub hosts: Vec<String>,
    /// Worker threads per process.
    pub workers_per_process: usize,
    /// How nodes are placed on workers.
    pub partition: &'static str,
    /// Byte ranges read by each worker: (worker, file, start, end).
    pub ranges: Vec<(usize, PathBuf, u64, u64)>,
    /// Supersteps of the weak components and of the k-core iteration.
    pub wcc_rounds: u32,
    /// Supersteps of the k-core iteration.
    pub core_rounds: u32,
    /// Single-machine outputs not computed in cluster mode, with the reason.
    pub unavailable: BTreeMap<&'static str, &'static str>,
}

/// run.json of a cluster run.
#[derive(Debug, Clone, Serialize)]
struct ClusterManifest<'a> {
    relais_version: &'static str,
    command: &'static str,
    command_line: &'a [String],
    working_dir: Option<PathBuf>,
    config: &'a Config,
    seed: u64,
    threads: usize,
    inputs: Vec<InputFile>,
    rows: Rows,
    build: &'a BuildStats,
    stages: &'a [StageTime],
    cluster: &'a ClusterLayout,
}

#[derive(Debug, Clone, Serialize)]
struct InputFile {
    path: PathBuf,
    role: &'static str,
    bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
struct Rows {
    edge_rows_read: u64,
    edge_records: u64,
    skipped: Skipped,
}

/// One worker's counts, sent to worker 0.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct WorkerReport {
    rows: u64,
    records: u64,
    self_loops: u64,
    layer_edges: u64,
    per_layer_edges: Vec<u64>,
    skipped: Vec<(String, u64)>,
    examples: Vec<String>,
    ranges: Vec<(PathBuf, u64, u64)>,
}

/// What worker 0 gathered.
struct Gathered {
    files: Vec<(PathBuf, u64)>,
    labels: NodeLabels,
    layers: Vec<String>,
    rows: Vec<Row>,
    reports: Vec<WorkerReport>,
    pagerank: PageRankSummary,
    wcc_rounds: u32,
    core_rounds: u32,
    /// The label-propagation partition (`--community label-propagation` only) and its
    /// communities and flows tables.
    communities: Option<(crate::community::Communities, tables::CommunityTables)>,
    /// Roles without the relay rule (`--community label-propagation` only).
    roles: Option<crate::roles::Roles>,
    stages: Vec<StageTime>,
}

/// Checks what cluster mode can run.
fn check(cfg: &Config, cluster: &ClusterConfig, hosts: &[String]) -> Result<()> {
    if cluster.process >= hosts.len() {
        return Err(Error::InvalidConfig {
            field: "process",
            message: format!(
                "--process {} but the host file {} lists {} process(es) (0..{})",
                cluster.process,
                cluster.hosts.display(),
                hosts.len(),
                hosts.len()
            ),
        });
    }
    if cluster.workers == 0 {
        return Err(Error::InvalidConfig {
            field: "workers",
            message: "--workers must be at least 1".into(),
        });
    }
    if cfg.window.is_some() {
        return Err(Error::InvalidConfig {
            field: "window",
            message: "--window is not supported in cluster mode (--cluster)".into(),
        });
    }
    if cfg.truth_column.is_some() {
        return Err(Error::InvalidConfig {
            field: "truth_column",
            message: "--truth-col needs communities, which cluster mode does not compute".into(),
        });
    }
    share::check_cluster_input(&cfg.input)
}

/// Runs this process's part of a cluster analysis. Every process of the host file must run it
/// with the same configuration and `--workers`; process 0 writes the outputs.
///
/// # Errors
/// Invalid configuration or input (in any process: all stop with its message), a process that
/// does not connect or dies (named with its address), or a failed write. Nothing is written then.
pub fn analyze(cfg: &Config, cluster: &ClusterConfig, ctx: &RunContext) -> Result<ClusterOutcome> {
    let cfg = cfg.effective();
    cfg.validate()?;
    let hosts = share::read_host_file(&cluster.hosts)?;
    check(&cfg, cluster, &hosts)?;
    let me = cluster.process;
    // Process 0 claims the output folder before connecting: an existing folder fails at once.
    let staging = if me == 0 {
        Some(Staging::create(&cfg.output.out, cfg.output.force)?)
    } else {
        None
    };
    net::watch_panics();
    let sockets = net::connect(&hosts, me, cluster.timeout, hello(&cfg, cluster, &hosts)?)?;
    let layout = Layout {
        hosts: hosts.clone(),
        workers: cluster.workers,
        timeout: cluster.timeout,
    };
    let (tx, rx) = mpsc::channel::<(usize, Result<Option<Gathered>>)>();
    let tx = std::sync::Mutex::new(tx);
    let shared = Arc::new((cfg.clone(), layout.clone()));
    let guards = net::start(sockets, me, cluster.workers, move |worker| {
        let (cfg, layout) = &*shared;
        let index = worker.index();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_worker(worker, cfg, layout)
        }))
        .unwrap_or_else(|_| {
            Err(match net::failure() {
                Some((remote, message)) => bsp::lost(layout, remote, &message),
                None => Error::Cluster {
                    message: format!("worker {index} failed"),
                },
            })
        });
        // After a lost connection this worker must not go back into timely: its next step, or
        // dropping its allocator, would panic on a poisoned queue (see `net::watch_panics`).
        let lost = net::failure().is_some();
        if let Ok(tx) = tx.lock() {
            let _ = tx.send((index, result));
        }
        if lost {
            net::halt();
        }
    })?;
    // Join the workers (and the network threads) in the background: on failure this process
    // returns without waiting for peers that may never answer.
    let (joined_tx, joined_rx) = mpsc::channel::<()>();
    // Named `timely:…` so that the panic hook keeps a failed worker's re-raised panic quiet.
    std::thread::Builder::new()
        .name("timely:join".into())
        .spawn(move || {
            let guards = guards;
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(guards)));
            let _ = joined_tx.send(());
        })
        .map_err(|e| Error::Cluster {
            message: format!("could not start the join thread: {e}"),
        })?;
    let mut gathered = None;
    let mut first_error: Option<(usize, Error)> = None;
    // A worker that hits a poisoned queue after a lost connection stops without a result (see
    // `net::watch_panics`): once a failure is recorded, wait a moment for the others' results
    // and then report the failure.
    let mut failed_at: Option<Instant> = None;
    for _ in 0..cluster.workers {
        let (index, result) = loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(r) => break r,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some((remote, message)) = net::failure() {
                        let since = *failed_at.get_or_insert_with(Instant::now);
                        if since.elapsed() > LOST_GRACE {
                            return Err(first_error
                                .map_or_else(|| bsp::lost(&layout, remote, &message), |(_, e)| e));
                        }
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Error::Cluster {
                        message: "the workers stopped without a result".into(),
                    })
                }
            }
        };
        match result {
            Ok(Some(g)) => gathered = Some(g),
            Ok(None) => {}
            Err(e) => {
                if first_error.as_ref().is_none_or(|(i, _)| index < *i) {
                    first_error = Some((index, e));
                }
            }
        }
    }
    if let Some((_, e)) = first_error {
        // An error every worker agreed on (bad input, say): shut the connections down cleanly, so
        // that the other processes report this error rather than a lost connection. A lost
        // connection or a silent peer: return at once (bounded wait).
        if net::failure().is_none() {
            let _ = joined_rx.recv_timeout(cluster.timeout.min(Duration::from_secs(10)));
        }
        return Err(e);
    }
    // Every worker finished: wait for the clean shutdown of the connections, so that no peer sees
    // this process leave early; a connection lost meanwhile fails the run.
    let closing = Instant::now();
    loop {
        match joined_rx.recv_timeout(Duration::from_millis(100)) {
            Ok(()) => break,
            Err(mpsc::RecvTimeoutError::Timeout) if closing.elapsed() < cluster.timeout => {
                if let Some((remote, message)) = net::failure() {
                    return Err(bsp::lost(&layout, remote, &message));
                }
            }
            Err(_) => {
                return Err(Error::Cluster {
                    message: format!(
                        "{}: the workers finished but the connections did not close within {} s",
                        net::who(&hosts, me),
                        cluster.timeout.as_secs_f64()
                    ),
                })
            }
        }
    }
    match (staging, gathered) {
        (Some(staging), Some(g)) => write(&cfg, cluster, &hosts, ctx, staging, g),
        _ => Ok(ClusterOutcome {
            out: None,
            nodes: 0,
            edges: 0,
            pagerank: PageRankSummary {
                converged: true,
                iterations: 0,
                last_change: 0.0,
            },
            stages: Vec::new(),
            skipped: Skipped::default(),
        }),
    }
}

/// What this process must agree on with the others: `--workers`, the host file and the analysis
/// options (the configuration without the output and report settings, which only process 0 uses).
fn hello(cfg: &Config, cluster: &ClusterConfig, hosts: &[String]) -> Result<net::Hello> {
    let mut options = cfg.clone();
    options.output = Default::default();
    options.report = Default::default();
    let options = serde_json::to_vec(&options).map_err(|e| Error::Cluster {
        message: format!("could not describe the options: {e}"),
    })?;
    Ok(net::Hello {
        workers: cluster.workers as u64,
        hosts: net::fingerprint(hosts.join("\n").as_bytes()),
        options: net::fingerprint(&options),
    })
}

/// Agreement round: every worker learns whether any worker failed; all return the first error.
fn agree<T>(
    worker: &mut timely::worker::Worker,
    layout: &Layout,
    status: &mut Channel<String>,
    result: Result<T>,
) -> Result<T> {
    let mine = match &result {
        Ok(_) => Vec::new(),
        Err(e) => vec![e.to_string()],
    };
    let got = status.broadcast(worker, layout, mine)?;
    let failed = got.iter().position(|m| !m.is_empty());
    match (result, failed) {
        (Err(e), Some(w)) if w == worker.index() => Err(e),
        (_, Some(w)) => Err(Error::Cluster {
            message: format!(
                "{} failed: {}",
                net::who(&layout.hosts, w / layout.workers),
                got[w][0]
            ),
        }),
        (r, None) => r,
    }
}

fn run_worker(
    worker: &mut timely::worker::Worker,
    cfg: &Config,
    layout: &Layout,
) -> Result<Option<Gathered>> {
    let me = worker.index();
    let peers = worker.peers();
    // Channels are built in the same order by every worker.
    let mut status = Channel::<String>::new(worker);
    let mut strings = Channel::<String>::new(worker);
    let mut halves = Channel::<kernels::Half>::new(worker);
    let mut reports = Channel::<WorkerReport>::new(worker);
    let mut rows_ch = Channel::<Row>::new(worker);
    let floats = Channel::<f64>::new(worker);
    let counts = Channel::<u64>::new(worker);
    let values = Channel::<(u32, f64)>::new(worker);
    let labels_ch = Channel::<(u32, u32)>::new(worker);
    let tagged = Channel::<(u32, NodeId, u32)>::new(worker);
    let mut table_channels = (cfg.community.algorithm == Algorithm::LabelPropagation)
        .then(|| tables::TableChannels::new(worker));
    let mut figure_channel = (cfg.community.algorithm == Algorithm::LabelPropagation)
        .then(|| Channel::<roles::FigureRow>::new(worker));
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<StageTime>, stage: &'static str| {
        stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };

    // 1. Read this worker's share.
    let read = share::read_share(&cfg.input, me, peers);
    let Share {
        mut table,
        names,
        rows,
        skipped,
        ranges,
        files,
    } = agree(worker, layout, &mut status, read)?;
    lap(&mut stages, "ingest");

    // 2. Global ids and layers, decided by worker 0.
    let to_zero = |items: Vec<String>| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = (0..peers).map(|_| Vec::new()).collect();
        out[0] = items;
        out
    };
    let got = strings.exchange(
        worker,
        layout,
        to_zero(names.iter().map(|s| s.to_string()).collect()),
    )?;
    let sorted: Vec<String> = if me == 0 {
        let mut all: Vec<Box<str>> = got
            .into_iter()
            .flatten()
            .map(String::into_boxed_str)
            .collect();
        all.sort_unstable();
        all.dedup();
        let (labels, _) = NodeLabels::from_interned(all);
        labels.iter().map(str::to_string).collect()
    } else {
        Vec::new()
    };
    let got = strings.broadcast(worker, layout, sorted)?;
    let labels = NodeLabels::from_interned(
        got.into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(String::into_boxed_str)
            .collect(),
    )
    .0;
    let n = labels.len();
    let got = strings.exchange(worker, layout, to_zero(table.layer_names.clone()))?;
    let mut layers: Vec<String> = Vec::new();
    if me == 0 {
        for name in got.into_iter().flatten() {
            if !layers.contains(&name) {
                layers.push(name);
            }
        }
    }
    let layers = strings
        .broadcast(worker, layout, layers)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let empty = if n == 0 {
        Err(Error::EmptyInput {
            message: format!("{}: no edge records", input_list(cfg)),
        })
    } else {
        Ok(())
    };
    agree(worker, layout, &mut status, empty)?;
    let lpa = cfg.community.algorithm == Algorithm::LabelPropagation;
    let mask = agree(
        worker,
        layout,
        &mut status,
        communities::layer_mask(&cfg.community, &layers),
    )?;
    share::remap_layers(&mut table, &layers);
    let gid: Vec<NodeId> = names
        .iter()
        .map(|s| labels.find(s).unwrap_or(NodeId::MAX))
        .collect();
    drop(names);
    lap(&mut stages, "ids");

    // 3. Partition the records by source (out side) and by target (in side).
    let place = Placement::new(n, peers, me);
    let directed = cfg.graph.directed;
    let mut self_loops = 0u64;
    let mut out_halves: Vec<Vec<kernels::Half>> = (0..peers).map(|_| Vec::new()).collect();
    let mut in_halves: Vec<Vec<kernels::Half>> = (0..peers).map(|_| Vec::new()).collect();
    for i in 0..table.len() {
        let (s, t) = (gid[table.src[i] as usize], gid[table.dst[i] as usize]);
        if s == t {
            self_loops += 1;
            continue;
        }
        let l = table.layer.get(i).copied().unwrap_or(0);
        let w = table.weight.as_ref().map_or(1.0, |w| w[i]);
        let (os, ss) = place.at(s);
        let (ot, st) = place.at(t);
        out_halves[os].push((ss, t, l, w));
        in_halves[ot].push((st, s, l, w));
        if !directed {
            out_halves[ot].push((st, s, l, w));
            in_halves[os].push((ss, t, l, w));
        }
    }
    let records = table.len() as u64;
    drop(table);
    drop(gid);
    let local = place.owned.len();
    let got = halves.exchange(worker, layout, out_halves)?;
    let out = Side::build(local, got.into_iter().flatten().collect());
    let got = halves.exchange(worker, layout, in_halves)?;
    let inc = Side::build(local, got.into_iter().flatten().collect());
    lap(&mut stages, "partition");

    // 4. Kernels.
    let degrees = kernels::degrees(&out, &inc, layers.len().max(1));
    let mut net = Net {
        worker,
        layout,
        floats,
        counts,
        values,
        labels: labels_ch,
        tagged,
    };
    let pr = kernels::pagerank(&mut net, &place, n, &out, &cfg.metrics.pagerank)?;
    lap(&mut stages, "pagerank");
    // Roles need the partition: with label propagation only.
    let sets = LayerSets::resolve(
        &layers,
        &cfg.roles.audience_kinds,
        &cfg.roles.engagement_kinds,
        &cfg.roles.spread_kinds,
    );
    let spread = if lpa {
        let s = roles::spread(
            &mut net,
            &place,
            n,
            &out,
            &inc,
            &sets,
            &cfg.metrics.pagerank,
        )?;
        lap(&mut stages, "engagement");
        Some(s)
    } else {
        None
    };
    let (offsets, nbrs) = kernels::simple_neighbours(&out, &inc);
    let (wcc, wcc_rounds) = kernels::weak_components(&mut net, &place, &offsets, &nbrs)?;
    lap(&mut stages, "wcc");
    let (core, core_rounds) = kernels::core_numbers(&mut net, &place, &offsets, &nbrs)?;
    lap(&mut stages, "core");
    let (view, lpa_runs) = if lpa {
        let view = communities::local_view(&out, &inc, &cfg.community, directed, &mask);
        let entries = net.sum_u64(view.nbrs.len() as u64)?;
        let runs = (0..runs_for(&cfg.community, entries))
            .map(|r| communities::run(&mut net, &place, n, &view, &cfg.community, r))
            .collect::<Result<Vec<_>>>()?;
        lap(&mut stages, "communities");
        (Some(view), runs)
    } else {
        (None, Vec::new())
    };
    let worker = net.worker;

    // 5. Gather to worker 0.
    let mut per_layer_edges = vec![0u64; layers.len().max(1)];
    for &l in &out.layer {
        per_layer_edges[l as usize] += 1;
    }
    let report = WorkerReport {
        rows,
        records,
        self_loops,
        layer_edges: out.other.len() as u64,
        per_layer_edges,
        skipped: skipped.by_reason.into_iter().collect(),
        examples: skipped.examples,
        ranges,
    };
    let mut to_zero_reports: Vec<Vec<WorkerReport>> = (0..peers).map(|_| Vec::new()).collect();
    to_zero_reports[0].push(report);
    let all_reports = reports.exchange(worker, layout, to_zero_reports)?;
    let my_rows: Vec<Row> = (0..local)
        .map(|u| Row {
            id: place.owned[u],
            in_degree: degrees.in_degree[u],
            out_degree: degrees.out_degree[u],
            in_strength: degrees.in_strength[u],
            out_strength: degrees.out_strength[u],
            per_layer_in: degrees.per_layer_in[u].clone(),
            mutual: degrees.mutual[u],
            pagerank: pr.scores[u],
            core: core[u],
            wcc: wcc[u],
            lpa: lpa_runs
                .iter()
                .map(|r| (r.labels[u], r.internal[u]))
                .collect(),
            view_strength: view.as_ref().map_or((0.0, 0.0), |v| {
                (
                    v.out_strength[u],
                    v.in_strength.as_ref().map_or(0.0, |s| s[u]),
                )
            }),
        })
        .collect();
    let mut to_zero_rows: Vec<Vec<Row>> = (0..peers).map(|_| Vec::new()).collect();
    to_zero_rows[0] = my_rows;
    let got = rows_ch.exchange(worker, layout, to_zero_rows)?;
    let mut rows: Vec<Row> = got.into_iter().flatten().collect();
    rows.sort_unstable_by_key(|r| r.id);
    lap(&mut stages, "gather");

    // 6. Label propagation: worker 0 numbers and scores the partition; the communities and flows
    //    tables are computed from every worker's share.
    let directed_view = view.is_some_and(|v| v.in_strength.is_some());
    let run_stats: Vec<RunStats> = lpa_runs.iter().map(|r| r.stats).collect();
    drop(lpa_runs);
    let found = if me == 0 {
        label_propagation(cfg, &rows, &run_stats, directed_view)
    } else {
        None
    };
    let (communities, found_roles) = match (&mut table_channels, &mut figure_channel, spread) {
        (Some(ch), Some(figures), Some(spread)) => {
            let scores: Vec<f64> = rows.iter().map(|r| r.pagerank).collect();
            let (memb, t) = tables::community_tables(
                worker,
                layout,
                ch,
                &place,
                &out,
                &inc,
                directed,
                layers.len().max(1),
                found.as_ref().map(|f| (&f.partition, scores.as_slice())),
            )?;
            lap(&mut stages, "tables");
            let decide = found.as_ref().map(|f| roles::Decide {
                partition: &f.partition,
                pagerank: &scores,
                layers: &layers,
                cfg: &cfg.roles,
                lang: cfg.report.language(),
            });
            let r = roles::roles(
                worker,
                layout,
                figures,
                &place,
                &out,
                &inc,
                (&offsets, &nbrs),
                &memb,
                &sets,
                spread,
                decide,
            )?;
            lap(&mut stages, "roles");
            (found.zip(t), r)
        }
        _ => (None, None),
    };
    if me != 0 {
        return Ok(None);
    }
    Ok(Some(Gathered {
        files,
        labels,
        layers,
        rows,
        reports: all_reports.into_iter().flatten().collect(),
        pagerank: PageRankSummary {
            converged: pr.converged,
            iterations: pr.iterations,
            last_change: pr.last_change,
        },
        wcc_rounds,
        core_rounds,
        communities,
        roles: found_roles,
        stages,
    }))
}

/// The label-propagation result from the gathered runs, numbered and scored as `community::detect`
/// does: each run's labels renumbered in node order, its quality from the gathered internal
/// weights and view strengths in the single-machine summation order; `None` without label
/// propagation.
fn label_propagation(
    cfg: &Config,
    rows: &[Row],
    lpa_runs: &[RunStats],
    directed_view: bool,
) -> Option<crate::community::Communities> {
    if lpa_runs.is_empty() {
        return None;
    }
    let n = rows.len();
    let out_s: Vec<f64> = rows.iter().map(|r| r.view_strength.0).collect();
    let in_s: Option<Vec<f64>> =
        directed_view.then(|| rows.iter().map(|r| r.view_strength.1).collect());
    let total = out_s.iter().sum::<f64>();
    let m = if directed_view { total } else { total / 2.0 };
    let c = &cfg.community;
    let runs: Vec<LabelRun> = lpa_runs
        .iter()
        .enumerate()
        .map(|(r, stats)| {
            let mut labels: Vec<u32> = rows.iter().map(|row| row.lpa[r].0).collect();
            let k = renumber_labels(&mut labels);
            let internal = ordered_sum(n, |u| rows[u].lpa[r].1);
            let quality = quality_from_parts(
                internal,
                &labels,
                k,
                &out_s,
                in_s.as_deref(),
                m,
                c.objective,
                c.resolution,
            );
            LabelRun {
                labels,
                k,
                quality,
                stats: *stats,
            }
        })
        .collect();
    Some(crate::community::assemble(runs, c, |best, partition| {
        let internal = ordered_sum(n, |u| rows[u].lpa[best].1);
        quality_from_parts(
            internal,
            partition.membership(),
            partition.count(),
            &out_s,
            in_s.as_deref(),
            m,
            Objective::Modularity,
            1.0,
        )
    }))
}

fn input_list(cfg: &Config) -> String {
    cfg.input
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Process 0: the tables, summary.json and run.json, written atomically.
fn write(
    cfg: &Config,
    cluster: &ClusterConfig,
    hosts: &[String],
    ctx: &RunContext,
    staging: Staging,
    g: Gathered,
) -> Result<ClusterOutcome> {
    let started = Instant::now();
    let n = g.labels.len();
    let col_u32 = |f: &dyn Fn(&Row) -> u32| ColumnData::U32(g.rows.iter().map(f).collect());
    let col_f64 = |f: &dyn Fn(&Row) -> f64| ColumnData::F64(g.rows.iter().map(f).collect());
    let components = canonical(g.rows.iter().map(|r| r.wcc).collect());
    // The same columns, in the same order, as `report::accounts_table` (those computed here).
    let mut t = Table::default();
    t.push(
        "account",
        ColumnData::Str(g.labels.iter().map(str::to_string).collect()),
    );
    t.push("in_degree", col_u32(&|r| r.in_degree));
    t.push("out_degree", col_u32(&|r| r.out_degree));
    t.push("in_strength", col_f64(&|r| r.in_strength));
    t.push("out_strength", col_f64(&|r| r.out_strength));
    if g.layers != [DEFAULT_LAYER] {
        for (l, name) in g.layers.iter().enumerate() {
            t.push(
                format!("in_{}", column_safe(name)),
                col_u32(&|r| r.per_layer_in[l]),
            );
        }
    }
    t.push("pagerank", col_f64(&|r| r.pagerank));
    t.push("core", col_u32(&|r| r.core));
    t.push("wcc", ColumnData::U32(components.id.clone()));
    let (found, community_tables) = g.communities.unzip();
    if let Some(found) = &found {
        t.push(
            "community",
            ColumnData::U32(found.partition.membership().to_vec()),
        );
        if let Some(c) = &found.consensus {
            t.push("community_stability", ColumnData::F64(c.stability.clone()));
        }
    }
    if let Some(r) = &g.roles {
        report::push_roles(&mut t, r);
    }
    let scores: Vec<f64> = g.rows.iter().map(|r| r.pagerank).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    t.permute(&order);

    let directed = cfg.graph.directed;
    let records: u64 = g.reports.iter().map(|r| r.records).sum();
    let self_loops: u64 = g.reports.iter().map(|r| r.self_loops).sum();
    let stored: u64 = g.reports.iter().map(|r| r.layer_edges).sum();
    let unique = if directed { stored } else { stored / 2 };
    let build = BuildStats {
        records,
        self_loops_removed: self_loops,
        duplicates_merged: records - self_loops - unique,
    };
    let out_pairs: u64 = g.rows.iter().map(|r| u64::from(r.out_degree)).sum();
    let edges = if directed { out_pairs } else { out_pairs / 2 };
    let mut per_layer: Vec<u64> = vec![0; g.layers.len()];
    for r in &g.reports {
        for (c, x) in per_layer.iter_mut().zip(&r.per_layer_edges) {
            *c += x;
        }
    }
    if !directed {
        per_layer.iter_mut().for_each(|c| *c /= 2);
    }
    let nf = n as f64;
    let density = if n < 2 {
        0.0
    } else if directed {
        edges as f64 / (nf * (nf - 1.0))
    } else {
        2.0 * edges as f64 / (nf * (nf - 1.0))
    };
    let mutual: u64 = g.rows.iter().map(|r| u64::from(r.mutual)).sum();
    let summary = ClusterSummary {
        graph: ClusterGraphStats {
            nodes: n as u64,
            edges,
            edges_per_layer: g.layers.iter().cloned().zip(per_layer).collect(),
            directed,
            density,
            reciprocity: directed.then(|| {
                if edges == 0 {
                    0.0
                } else {
                    mutual as f64 / edges as f64
                }
            }),
            isolated_nodes: g
                .rows
                .iter()
                .filter(|r| r.in_degree == 0 && r.out_degree == 0)
                .count() as u64,
            weak_components: components.count() as u64,
            largest_weak_component: u64::from(components.largest()),
        },
        input: build.clone(),
        pagerank: g.pagerank.clone(),
        communities: found.map(|found| CommunitySummary {
            config: cfg.community.clone(),
            count: found.partition.count(),
            largest: found.partition.sizes().first().copied().unwrap_or(0),
            modularity: found.modularity,
            quality: found.quality,
            runs: found.runs.len(),
            best_run: found.best_run,
            mean_pairwise_ari: found.consensus.as_ref().map(|c| c.mean_pairwise_ari),
            truth: None,
        }),
        roles: g.roles.as_ref().map(|r| r.summary(&cfg.roles)),
    };
    let mut skipped = Skipped::default();
    for r in &g.reports {
        for (reason, c) in &r.skipped {
            *skipped.by_reason.entry(reason.clone()).or_default() += c;
        }
        for e in &r.examples {
            if skipped.examples.len() < 5 {
                skipped.examples.push(e.clone());
            }
        }
    }
    let layout = ClusterLayout {
        processes: hosts.len(),
        hosts: hosts.to_vec(),
        workers_per_process: cluster.workers,
        partition:
            "worker = splitmix64(node id) mod workers; edges by source (out) and by target (in)",
        ranges: g
            .reports
            .iter()
            .enumerate()
            .flat_map(|(w, r)| r.ranges.iter().map(move |(p, a, b)| (w, p.clone(), *a, *b)))
            .collect(),
        wcc_rounds: g.wcc_rounds,
        core_rounds: g.core_rounds,
        unavailable: UNAVAILABLE.iter().copied().collect(),
    };
    let inputs = g
        .files
        .iter()
        .map(|(path, bytes)| InputFile {
            path: path.clone(),
            role: "edges",
            bytes: *bytes,
        })
        .collect();
    staging.write_csv("accounts.csv", &t)?;
    staging.write_parquet("accounts.parquet", &t)?;
    if let Some(ct) = &community_tables {
        let communities = report::communities_table_for_layers(&g.layers, &g.labels, &ct.stats);
        staging.write_csv("communities.csv", &communities)?;
        staging.write_parquet("communities.parquet", &communities)?;
        staging.write_csv("community_flows.csv", &report::flows_table(&ct.flows))?;
    }
    staging.write_json("summary.json", &summary)?;
    let mut stages = g.stages;
    stages.push(StageTime {
        stage: "write",
        seconds: started.elapsed().as_secs_f64(),
    });
    let manifest = ClusterManifest {
        relais_version: env!("CARGO_PKG_VERSION"),
        command: "analyze-cluster",
        command_line: &ctx.command_line,
        working_dir: std::env::current_dir().ok(),
        config: cfg,
        seed: cfg.seed,
        threads: cluster.workers,
        inputs,
        rows: Rows {
            edge_rows_read: g.reports.iter().map(|r| r.rows).sum(),
            edge_records: records,
            skipped: skipped.clone(),
        },
        build: &build,
        stages: &stages,
        cluster: &layout,
    };
    staging.write_json("run.json", &manifest)?;
    let out = staging.commit()?;
    Ok(ClusterOutcome {
        out: Some(out),
        nodes: n as u64,
        edges,
        pagerank: g.pagerank,
        stages,
        skipped,
    })
}
