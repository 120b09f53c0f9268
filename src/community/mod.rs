//! Community detection: Leiden (default), Louvain and label propagation; modularity and CPM;
//! agreement scores (NMI, ARI), consensus over runs, and the statistics of the communities table.
//!
//! # Data flow
//!
//! 1. [`CommunityGraph::new`] turns the [`Graph`] into a symmetric weighted view: by default the
//!    undirected view (u–v weighs `w(u → v) + w(v → u)`, summed over the selected layers), or the
//!    directed view for Leicht–Newman modularity ([`CommunityConfig::directed`]).
//! 2. [`detect`] runs [`CommunityConfig::runs`] seeded runs of the chosen [`Algorithm`] on it and
//!    keeps the best by quality, with [`Consensus`] figures when there are several runs.
//! 3. [`community_stats`] and [`community_flows`] describe the communities of any partition, and
//!    [`agreement`] scores a partition against ground truth.
//!
//! # Determinism
//!
//! Every random choice (node orders, refinement choices, label-propagation ties) comes from a
//! `Pcg64` stream derived from `(seed, run)`; nothing reads thread-local or global randomness.
//! Within a run, local moving proposes moves in parallel against a frozen state and applies them
//! sequentially in a fixed order, in batches whose size depends only on the network (see
//! `moves.rs`); refinement is parallel over communities, each with its own random stream; building
//! the view, aggregating a level, computing qualities and statistics are parallel over nodes or
//! communities, each output element computed from fixed inputs in a fixed order, and sums are
//! combined in index order. Runs are independent and run in parallel, collected
//! in run order. So the result is identical for any number of rayon threads, and ties are broken by
//! position (adjacency order, that is node id), never by scheduling.
//!
//! # Example
//!
//! ```
//! use relais::community::{detect, CommunityConfig};
//! use relais::graph::{build, BuildConfig, EdgeTable, Interner};
//!
//! // Two triangles joined by one edge.
//! let mut ids = Interner::new();
//! let mut t = EdgeTable::default();
//! for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")] {
//!     t.src.push(ids.intern(a).unwrap());
//!     t.dst.push(ids.intern(b).unwrap());
//! }
//! let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
//! let found = detect(&g, &CommunityConfig::default());
//! assert_eq!(found.partition.count(), 2);
//! let community = |name: &str| found.partition.community(labels.find(name).unwrap());
//! assert_eq!(community("a"), community("c"));
//! assert_ne!(community("a"), community("x"));
//! assert!((found.modularity - 5.0 / 14.0).abs() < 1e-12);
//! ```

mod compare;
pub(crate) mod label_propagation;
mod leiden;
mod moves;
mod net;
mod partition;
mod quality;
pub(crate) mod stats;
mod view;

#[cfg(test)]
mod tests;

pub use compare::{adjusted_rand_index, agreement, consensus, nmi, Agreement, Consensus};
pub use partition::{CommunityId, Members, Partition};
pub use quality::{modularity, quality};
pub use stats::{community_flows, community_stats, CommunityStats, Flow, Ranked, StatsConfig};
pub use view::CommunityGraph;

use rand::SeedableRng;
use rand_pcg::Pcg64;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{Graph, MAX_LAYERS};
use leiden::Run;

/// The community detection algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Leiden (Traag, Waltman & van Eck 2019): local moving, refinement, aggregation; communities
    /// are guaranteed connected.
    #[default]
    Leiden,
    /// Louvain (Blondel et al. 2008): local moving and aggregation.
    Louvain,
    /// Label propagation (Raghavan, Albert & Kumara 2007): fast, no objective; the objective is
    /// only used to score the result.
    LabelPropagation,
}

/// The quality function that Leiden and Louvain maximise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// Modularity with resolution γ (see [`modularity`]).
    #[default]
    Modularity,
    /// Constant Potts Model with resolution γ (see [`quality`]): communities denser than γ.
    Cpm,
}

impl Objective {
    /// Whether this is modularity.
    pub fn is_modularity(self) -> bool {
        self == Objective::Modularity
    }
}

/// Parameters of [`detect`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommunityConfig {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The quality function (Leiden and Louvain).
    pub objective: Objective,
    /// Resolution γ: larger gives smaller communities. Modularity's classic value is 1; for CPM
    /// it is a density threshold (e.g. 0.01).
    pub resolution: f64,
    /// Use the directed view and Leicht–Newman modularity (directed graphs, modularity only);
    /// otherwise the undirected view.
    pub directed: bool,
    /// Use edge weights (summed over layers and directions); otherwise every connected pair
    /// weighs 1.
    pub weighted: bool,
    /// Only these layers (interaction kinds, by name); `None` for all of them.
    pub layers: Option<Vec<String>>,
    /// Seed of every random choice; run `r` uses the stream `(seed, r)`.
    pub seed: u64,
    /// Independent runs (stream `(seed, 0)`, `(seed, 1)`, …); the best by quality is kept and
    /// the others give the [`Consensus`] figures. 0 (the default) chooses by size: see
    /// [`CommunityConfig::effective_runs`].
    pub runs: u32,
    /// Cap on the aggregation levels of one Leiden iteration or of Louvain.
    pub max_levels: u32,
    /// Cap on the iterations: Leiden's full iterations (each starts from the previous partition;
    /// Leiden stops earlier by [`CommunityConfig::tolerance`]), Louvain's local moving per level
    /// (at most this many sweeps' worth of node visits, `max_iterations · n`), label
    /// propagation's rounds.
    pub max_iterations: u32,
    /// Leiden stops iterating after an iteration that improves the quality by less than this (0:
    /// only when an iteration does not improve it at all, as leidenalg's `n_iterations = -1`).
    pub tolerance: f64,
    /// Leiden's refinement randomness θ, in edge-weight units as igraph's `beta`: a node joins a
    /// cluster with probability proportional to `exp(gain / θ)`; 0 picks the best gain.
    pub randomness: f64,
}

impl CommunityConfig {
    /// Default algorithm.
    pub const DEFAULT_ALGORITHM: Algorithm = Algorithm::Leiden;
    /// Default objective.
    pub const DEFAULT_OBJECTIVE: Objective = Objective::Modularity;
    /// Default resolution.
    pub const DEFAULT_RESOLUTION: f64 = 1.0;
    /// Default view: undirected.
    pub const DEFAULT_DIRECTED: bool = false;
    /// Default: use weights.
    pub const DEFAULT_WEIGHTED: bool = true;
    /// Default seed.
    pub const DEFAULT_SEED: u64 = 0;
    /// Default number of runs: 0, chosen by size ([`CommunityConfig::effective_runs`]).
    pub const DEFAULT_RUNS: u32 = 0;
    /// Most runs chosen automatically: the reference values are the best of 10 seeds.
    pub const AUTO_MAX_RUNS: u32 = 10;
    /// Edge budget of the automatic choice: about this many undirected edges in all runs.
    pub const AUTO_EDGE_BUDGET: u64 = 2_000_000;
    /// Default cap on levels (in practice never reached: levels shrink the network).
    pub const DEFAULT_MAX_LEVELS: u32 = 100;
    /// Default cap on iterations.
    pub const DEFAULT_MAX_ITERATIONS: u32 = 100;
    /// Default tolerance: Leiden stops after the first iteration that adds less than 10⁻³ to the
    /// quality. Later iterations add little for their cost: on the 1M-record R-MAT graph of
    /// `benches/peers.rs` (76,594 nodes, 928,479 edges) iterations 1–4 reach modularity 0.1239,
    /// 0.1313, 0.1321 and 0.1325, and iterations 4 to 25 add 0.0011 more for 5 times the time of
    /// the first three; this rule stops there after 3 iterations, as NetworKit's ParallelLeiden
    /// (leidenalg runs 2). On the reference networks, with the automatic number of runs, the
    /// result stays within 0.002 of leidenalg's best of 10 seeds (tested).
    pub const DEFAULT_TOLERANCE: f64 = 1e-3;
    /// Default refinement randomness, igraph's default `beta`.
    pub const DEFAULT_RANDOMNESS: f64 = 0.01;
    /// Largest accepted number of runs.
    pub const MAX_RUNS: u32 = 10_000;

    /// Checks the ranges.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the field: a negative or non-finite resolution or
    /// randomness, zero or too many runs, zero levels or iterations, an empty layer list or name.
    pub fn validate(&self) -> Result<()> {
        let invalid =
            |field: &'static str, message: String| Err(Error::InvalidConfig { field, message });
        if !(self.resolution >= 0.0 && self.resolution.is_finite()) {
            return invalid(
                "community.resolution",
                format!("{} must be a finite number ≥ 0", self.resolution),
            );
        }
        if !(self.randomness >= 0.0 && self.randomness.is_finite()) {
            return invalid(
                "community.randomness",
                format!("{} must be a finite number ≥ 0", self.randomness),
            );
        }
        if !(self.tolerance >= 0.0 && self.tolerance.is_finite()) {
            return invalid(
                "community.tolerance",
                format!("{} must be a finite number ≥ 0", self.tolerance),
            );
        }
        if self.runs > Self::MAX_RUNS {
            return invalid(
                "community.runs",
                format!(
                    "{} is more than {} (0 chooses by size)",
                    self.runs,
                    Self::MAX_RUNS
                ),
            );
        }
        if self.max_levels == 0 {
            return invalid("community.max_levels", "must be at least 1".into());
        }
        if self.max_iterations == 0 {
            return invalid("community.max_iterations", "must be at least 1".into());
        }
        if let Some(layers) = &self.layers {
            if layers.is_empty() {
                return invalid(
                    "community.layers",
                    "give at least one layer, or none for all layers".into(),
                );
            }
            if layers.iter().any(|l| l.trim().is_empty()) {
                return invalid("community.layers", "a layer name is empty".into());
            }
        }
        Ok(())
    }

    /// The number of runs [`detect`] does on `view`: [`CommunityConfig::runs`] when it is not 0;
    /// otherwise `AUTO_EDGE_BUDGET / edges` clamped to `1..=AUTO_MAX_RUNS`: 10 runs up to
    /// 200,000 undirected edges (where single runs vary by more than 0.002 in modularity between
    /// seeds), 2 from 670,000 and one from 1 million (where runs hardly vary and time matters).
    ///
    /// # Arguments
    /// * `view` - the view detection runs on.
    ///
    /// # Returns
    /// The number of runs, at least 1.
    ///
    /// # Complexity
    /// O(1).
    pub fn effective_runs(&self, view: &CommunityGraph<'_>) -> u32 {
        label_propagation::runs_for(self, view.targets.len() as u64)
    }

    /// Checks that every layer named in [`CommunityConfig::layers`] exists in `g`.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the unknown layer and listing the graph's layers.
    pub fn check_layers(&self, g: &Graph) -> Result<()> {
        for name in self.layers.iter().flatten() {
            if !g.layers().iter().any(|l| l == name) {
                return Err(Error::InvalidConfig {
                    field: "community.layers",
                    message: format!(
                        "the graph has no layer \"{name}\"; its layers are: {}",
                        g.layers().join(", ")
                    ),
                });
            }
        }
        Ok(())
    }

    /// Which layer ids the view uses.
    pub(crate) fn layer_mask(&self, g: &Graph) -> [bool; MAX_LAYERS + 1] {
        let mut mask = [self.layers.is_none(); MAX_LAYERS + 1];
        for name in self.layers.iter().flatten() {
            if let Some(i) = g.layers().iter().position(|l| l == name) {
                mask[i] = true;
            }
        }
        mask
    }
}

impl Default for CommunityConfig {
    fn default() -> Self {
        CommunityConfig {
            algorithm: Self::DEFAULT_ALGORITHM,
            objective: Self::DEFAULT_OBJECTIVE,
            resolution: Self::DEFAULT_RESOLUTION,
            directed: Self::DEFAULT_DIRECTED,
            weighted: Self::DEFAULT_WEIGHTED,
            layers: None,
            seed: Self::DEFAULT_SEED,
            runs: Self::DEFAULT_RUNS,
            max_levels: Self::DEFAULT_MAX_LEVELS,
            max_iterations: Self::DEFAULT_MAX_ITERATIONS,
            tolerance: Self::DEFAULT_TOLERANCE,
            randomness: Self::DEFAULT_RANDOMNESS,
        }
    }
}

/// How one run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunStats {
    /// Aggregation levels (of the last Leiden iteration); 1 for label propagation.
    pub levels: u32,
    /// Leiden iterations, or label-propagation rounds; 1 for Louvain.
    pub iterations: u32,
    /// Whether the run stopped by itself rather than at a cap.
    pub converged: bool,
}

/// One run of [`detect`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunSummary {
    /// Quality (the objective at the configured resolution) of the run's partition.
    pub quality: f64,
    /// Number of communities it found.
    pub communities: usize,
    /// Levels, iterations, convergence.
    #[serde(flatten)]
    pub stats: RunStats,
}

/// The result of [`detect`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    /// The best partition found, numbered canonically.
    pub partition: Partition,
    /// Its quality: the objective at the configured resolution on the configured view.
    pub quality: f64,
    /// Its modularity at γ = 1 on the same view (Leicht–Newman for the directed view; the
    /// undirected view for CPM), for comparison with other tools.
    pub modularity: f64,
    /// Aggregation levels of the best run (of its last Leiden iteration).
    pub levels: u32,
    /// Iterations of the best run: Leiden iterations or label-propagation rounds; 1 for Louvain.
    pub iterations: u32,
    /// Whether the best run stopped by itself rather than at a cap.
    pub converged: bool,
    /// Index of the best run (the first among equals).
    pub best_run: u32,
    /// Every run, in run order.
    pub runs: Vec<RunSummary>,
    /// Agreement between the runs; `None` for a single run.
    pub consensus: Option<Consensus>,
}

impl Serialize for Partition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.membership().serialize(s)
    }
}

/// Detects communities in `g`.
///
/// Runs [`CommunityConfig::runs`] independent, seeded runs of the configured algorithm on the
/// configured view ([`CommunityGraph::new`]) and keeps the partition of best quality. With the
/// defaults this is Leiden maximising modularity (γ = 1) on the weighted undirected view,
/// iterated until an iteration adds less than [`CommunityConfig::DEFAULT_TOLERANCE`].
///
/// Leiden: Traag, Waltman & van Eck, "From Louvain to Leiden: guaranteeing well-connected
/// communities", Scientific Reports 9, 5233 (2019). Louvain: Blondel, Guillaume, Lambiotte &
/// Lefebvre, J. Stat. Mech. (2008) P10008. Label propagation: Raghavan, Albert & Kumara, Phys.
/// Rev. E 76, 036106 (2007).
///
/// # Arguments
/// * `g` - the graph.
/// * `cfg` - algorithm, objective, view and seed; validate it first ([`CommunityConfig::validate`],
///   [`CommunityConfig::check_layers`]). Unknown layer names select nothing.
///
/// # Returns
/// [`Communities`]: the canonical partition, its quality and modularity, per-run summaries and,
/// for several runs, the [`Consensus`] figures.
///
/// # Complexity
/// Per run and Leiden iteration, O(m) per level in practice (each node is queued a few times);
/// levels shrink geometrically. Label propagation O(m) per round. Runs are parallel; within a run
/// local moving's proposals, refinement, aggregation and scoring are, in ways that give the same
/// result for any thread count.
pub fn detect(g: &Graph, cfg: &CommunityConfig) -> Communities {
    let view = CommunityGraph::new(g, cfg);
    detect_on(&view, cfg)
}

/// [`detect`] on a view built beforehand (to score other partitions on the same view).
///
/// # Arguments
/// * `view` - the view; it must come from [`CommunityGraph::new`] with the same `cfg` for the
///   figures to mean what `cfg` says.
/// * `cfg` - as for [`detect`].
///
/// # Returns
/// As [`detect`].
///
/// # Complexity
/// As [`detect`].
pub fn detect_on(view: &CommunityGraph<'_>, cfg: &CommunityConfig) -> Communities {
    let count = cfg.effective_runs(view);
    let runs: Vec<Run> = if count == 1 {
        vec![run_once(view, cfg, 0)]
    } else {
        (0..count)
            .into_par_iter()
            .map(|r| run_once(view, cfg, r))
            .collect()
    };
    assemble(runs, cfg, |_, partition| {
        quality::modularity(view, partition, 1.0)
    })
}

/// The [`Communities`] of finished `runs` (at least one): the best by quality (the first among
/// equals), canonically numbered, with the run summaries and, for several runs, the consensus.
/// `modularity_of(best, partition)` scores the best run's canonical partition at γ = 1 on the
/// view (called only when the objective is not already modularity at γ = 1). Shared with cluster mode, which gathers its
/// runs to one process.
pub(crate) fn assemble(
    runs: Vec<Run>,
    cfg: &CommunityConfig,
    modularity_of: impl FnOnce(usize, &Partition) -> f64,
) -> Communities {
    let n = runs.first().map_or(0, |r| r.labels.len());
    let mut best = 0;
    for (i, r) in runs.iter().enumerate() {
        if r.quality > runs[best].quality {
            best = i;
        }
    }
    let summaries = runs
        .iter()
        .map(|r| RunSummary {
            quality: r.quality,
            communities: r.k,
            stats: r.stats,
        })
        .collect();
    let quality = runs[best].quality;
    let RunStats {
        levels,
        iterations,
        converged,
    } = runs[best].stats;
    let partitions: Vec<Partition> = runs
        .into_iter()
        .map(|r| Partition::from_dense(r.labels, r.k))
        .collect();
    let consensus = (partitions.len() > 1).then(|| compare::consensus(&partitions, best));
    let partition = partitions
        .into_iter()
        .nth(best)
        .unwrap_or_else(|| Partition::singletons(n));
    let modularity = if cfg.objective.is_modularity() && cfg.resolution == 1.0 {
        quality
    } else {
        modularity_of(best, &partition)
    };
    Communities {
        partition,
        quality,
        modularity,
        levels,
        iterations,
        converged,
        best_run: best as u32,
        runs: summaries,
        consensus,
    }
}

/// Run `r` with its own random stream.
fn run_once(view: &CommunityGraph<'_>, cfg: &CommunityConfig, r: u32) -> Run {
    let mut rng = stream(cfg.seed, r);
    match cfg.algorithm {
        Algorithm::Leiden => leiden::leiden(view, cfg, &mut rng),
        Algorithm::Louvain => leiden::louvain(view, cfg, &mut rng),
        Algorithm::LabelPropagation => label_propagation::label_propagation(view, cfg, &mut rng),
    }
}

/// The random stream of run `r`.
fn stream(seed: u64, r: u32) -> Pcg64 {
    substream(seed, u64::from(r))
}

/// The random stream `index` derived from `seed` (splittable: each task gets its own).
pub(crate) fn substream(seed: u64, index: u64) -> Pcg64 {
    Pcg64::seed_from_u64(mix(mix(seed) ^ index))
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
