//! Closeness (Wasserman–Faust) and harmonic centrality: exact by one BFS (or Dijkstra) per node,
//! or estimated from random sources (Eppstein & Wang 2004) with a Hoeffding guarantee.

use std::collections::BinaryHeap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::betweenness::{check_probability, vertex_diameter_bound, Item};
use super::sampling::{
    from_fixed, hoeffding_epsilon, hoeffding_samples, stream, to_fixed, Estimate, Method, Mode,
    Sampler,
};
use super::view::{combined, for_each_block, View};
use super::{Direction, Weighting};
use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};

/// Closeness and harmonic parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClosenessConfig {
    /// Exact, sampled, or chosen by size (`auto`).
    pub mode: Mode,
    /// Additive error bound of the sampled harmonic centrality divided by `n - 1` (a value in
    /// [0, 1] for unweighted graphs).
    pub epsilon: f64,
    /// Probability that the sampled estimate misses its bound for some node.
    pub delta: f64,
    /// `auto` computes exactly when `nodes × entries` (edge visits) is at most this, or when the
    /// sample would not be smaller than the node count. Otherwise `auto` samples within the same
    /// budget: `min(k(ε, δ), max(auto_max_work / entries, 64))` sources, and reports the ε that
    /// this sample guarantees (never smaller than `epsilon`). `approx` always draws `k(ε, δ)`.
    pub auto_max_work: f64,
    /// Seed of the sample; the pipeline sets it from `Config::seed`.
    pub seed: u64,
}

impl ClosenessConfig {
    /// Default error bound.
    pub const DEFAULT_EPSILON: f64 = 0.01;
    /// Default failure probability.
    pub const DEFAULT_DELTA: f64 = 0.1;
    /// Default work budget of `auto`: 10^10 edge visits.
    pub const DEFAULT_AUTO_MAX_WORK: f64 = 1e10;
    /// The fewest sources `auto` samples, whatever the budget.
    pub const AUTO_MIN_SOURCES: u64 = 64;

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        check_probability("closeness.epsilon", self.epsilon)?;
        check_probability("closeness.delta", self.delta)?;
        if self.auto_max_work.is_nan() || self.auto_max_work < 0.0 {
            return Err(Error::InvalidConfig {
                field: "closeness.auto_max_work",
                message: format!("{} must be a number >= 0", self.auto_max_work),
            });
        }
        Ok(())
    }
}

impl Default for ClosenessConfig {
    fn default() -> Self {
        ClosenessConfig {
            mode: Mode::Auto,
            epsilon: Self::DEFAULT_EPSILON,
            delta: Self::DEFAULT_DELTA,
            auto_max_work: Self::DEFAULT_AUTO_MAX_WORK,
            seed: 0,
        }
    }
}

/// Closeness and harmonic centrality in one direction, and how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Closeness {
    /// Wasserman–Faust closeness per node (NetworkX `closeness_centrality`, `wf_improved=True`).
    pub closeness: Vec<f64>,
    /// Harmonic centrality per node: the raw sum of `1 / d` (NetworkX `harmonic_centrality`; not
    /// divided by `n - 1`).
    pub harmonic: Vec<f64>,
    /// Which distances were summed.
    pub direction: Direction,
    /// Exact or sampled.
    pub method: Method,
    /// Guarantee of a sampled result: `epsilon` bounds the error of `harmonic / (n - 1)` for
    /// every node at once with probability ≥ 1 − `delta`.
    pub estimate: Option<Estimate>,
    /// Bound on the error of a sampled `closeness`, under the same event (`None` when exact, and
    /// for weighted estimates, whose distances have no a-priori bound).
    pub closeness_error_bound: Option<f64>,
}

/// Closeness and harmonic centrality on the combined view.
///
/// For node `u` with `r − 1` other nodes at finite distance and distance sum `S`:
/// closeness `C(u) = ((r − 1) / (n − 1)) · ((r − 1) / S)` (Wasserman & Faust 1994, *Social
/// Network Analysis*, the form NetworkX uses for disconnected graphs; 0 when `S = 0`), and
/// harmonic `H(u) = Σ_{v ≠ u} 1 / d` (Marchiori & Latora 2000, "Harmony in the small-world",
/// Physica A 285; Boldi & Vigna 2014), with `1/∞ = 0`.
/// With `Direction::In` (NetworkX's default) `d = d(v, u)`: how close the others are to reaching
/// `u` (attention arriving); `Direction::Out` uses `d(u, v)`. Undirected graphs ignore it.
/// With `Weighting::Weighted` an edge's length is `1 / strength`.
///
/// Sampled (Eppstein & Wang 2004, "Fast approximation of centrality", JGAA 8(1)): `k` sources
/// drawn uniformly with replacement, `k = ⌈ln(6n/δ) / (2ε'²)⌉` with `ε' = ε (n − 1)/n`, so by
/// Hoeffding's inequality and a union bound over the `3n` per-node means (reach, distance,
/// harmonic) every `H(u)/(n − 1)` is within `ε` (times the largest strength when weighted) with
/// probability ≥ 1 − δ. Closeness is the plug-in estimate from the same sample; for unweighted
/// graphs it is then within `ε (3 + 2D)`, `D` a bound on the hop diameter
/// (`closeness_error_bound`).
///
/// # Arguments
/// * `g` - the graph; layers are combined.
/// * `dir` - inward (the `closeness`/`harmonic` columns) or outward (`closeness_out`,
///   `harmonic_out`) distances.
/// * `weighting` - hop counts or lengths `1 / strength` (the `_weighted` columns).
/// * `cfg` - mode, (ε, δ), `auto` budget and seed; validated by the caller.
///
/// # Returns
/// [`Closeness`] with both measures.
///
/// # Complexity
/// Exact: O(n m) (O(n m log n) weighted), parallel over nodes; each node's values come from its
/// own traversal, so they are bit-identical for any thread count. Sampled: O(k m); sums are kept
/// in 2^-52 fixed point, so they are order-independent too.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{closeness, ClosenessConfig, Direction, Mode, Weighting};
/// // A path a - b - c: b is at distance 1 from both others.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("a", "b"), ("b", "c")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, _, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
/// let cfg = ClosenessConfig { mode: Mode::Exact, ..Default::default() };
/// let c = closeness(&g, Direction::In, Weighting::Unweighted, &cfg);
/// assert_eq!(c.closeness, [2.0 / 3.0, 1.0, 2.0 / 3.0]);
/// assert_eq!(c.harmonic, [1.5, 2.0, 1.5]);
/// ```
pub fn closeness(
    g: &Graph,
    dir: Direction,
    weighting: Weighting,
    cfg: &ClosenessConfig,
) -> Closeness {
    let n = g.node_count();
    // Exact: traverse from each node against the direction of the distances it sums (the
    // in-adjacency for inward distances).
    let view = combined(g, dir, weighting);
    let weighted = view.weights.is_some();
    let full = sample_count(cfg, n);
    let entries = view.entry_count().max(1) as f64;
    let exact = match cfg.mode {
        Mode::Exact => true,
        Mode::Approx => false,
        Mode::Auto => n as f64 * entries <= cfg.auto_max_work || full >= n as u64,
    } || n < 2;
    if exact {
        let lengths = weighted.then(|| lengths(&view));
        let (closeness, harmonic) = exact_all(&view, lengths.as_deref());
        return Closeness {
            closeness,
            harmonic,
            direction: dir,
            method: Method::Exact,
            estimate: None,
            closeness_error_bound: None,
        };
    }
    // Sampled: traverse from each sampled source along the direction of the distances.
    let forward = match dir {
        Direction::In => Direction::Out,
        Direction::Out => Direction::In,
    };
    // `auto` keeps to its work budget: fewer sources, and the (larger) ε they guarantee.
    let (k, epsilon) = match cfg.mode {
        Mode::Auto => {
            let affordable = ((cfg.auto_max_work / entries).floor() as u64)
                .max(ClosenessConfig::AUTO_MIN_SOURCES);
            if affordable < full {
                (affordable, achieved_epsilon(affordable, cfg.delta, n))
            } else {
                (full, cfg.epsilon)
            }
        }
        _ => (full, cfg.epsilon),
    };
    let fwd = combined(g, forward, weighting);
    let lengths = weighted.then(|| lengths(&fwd));
    let sums = sample_sums(&fwd, lengths.as_deref(), k, cfg.seed);
    let nf = n as f64;
    let kf = k as f64;
    let (closeness, harmonic) = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|u| {
            let reach = sums.reach[u] as f64 / kf * nf / (nf - 1.0);
            let dist = from_fixed(sums.dist[u]) / kf * nf;
            let harmonic = from_fixed(sums.harmonic[u]) / kf * nf;
            let c = if dist > 0.0 {
                reach * (reach * (nf - 1.0)) / dist
            } else {
                0.0
            };
            (c, harmonic)
        })
        .unzip();
    let (epsilon, closeness_error_bound) = if weighted {
        let strongest = (0..fwd.entry_count())
            .map(|p| fwd.weight(p))
            .fold(0.0f64, f64::max);
        (epsilon * strongest, None)
    } else {
        let inc = combined(g, Direction::In, Weighting::Unweighted);
        let out = combined(g, Direction::Out, Weighting::Unweighted);
        let diameter = vertex_diameter_bound(g, &out, &inc, None)
            .saturating_sub(1)
            .max(1) as f64;
        (epsilon, Some(epsilon * (3.0 + 2.0 * diameter)))
    };
    Closeness {
        closeness,
        harmonic,
        direction: dir,
        method: Method::Sampled,
        estimate: Some(Estimate {
            epsilon,
            delta: cfg.delta,
            samples: k,
            seed: cfg.seed,
            sampler: Sampler::Hoeffding,
        }),
        closeness_error_bound,
    }
}

/// Number of sampled sources for the configured guarantee.
fn sample_count(cfg: &ClosenessConfig, n: usize) -> u64 {
    if n < 2 {
        return 1;
    }
    let eps = cfg.epsilon * (n as f64 - 1.0) / n as f64;
    hoeffding_samples(eps, cfg.delta, 3 * n)
}

/// The ε that `k` sampled sources guarantee at failure probability `delta` (the inverse of
/// [`sample_count`]).
fn achieved_epsilon(k: u64, delta: f64, n: usize) -> f64 {
    hoeffding_epsilon(k, delta, 3 * n) * n as f64 / (n as f64 - 1.0)
}

/// Edge lengths `1 / strength`.
fn lengths(view: &View<'_>) -> Vec<f64> {
    (0..view.entry_count())
        .into_par_iter()
        .with_min_len(4096)
        .map(|p| 1.0 / view.weight(p))
        .collect()
}

/// Nodes per block of the exact computation.
const BLOCK: usize = 64;

/// Per-worker state of a traversal.
struct Traversal {
    /// `seen[v] == stamp` when `v` was reached by the current traversal.
    seen: Vec<u32>,
    stamp: u32,
    queue: Vec<NodeId>,
    dist: Vec<f64>,
    heap: BinaryHeap<Item>,
}

impl Traversal {
    fn new(n: usize, weighted: bool) -> Traversal {
        Traversal {
            seen: vec![0; n],
            stamp: 0,
            queue: Vec::new(),
            // NaN marks "not reached" between traversals.
            dist: if weighted { vec![f64::NAN; n] } else { vec![] },
            heap: BinaryHeap::new(),
        }
    }

    fn next_stamp(&mut self) -> u32 {
        if self.stamp == u32::MAX {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 0;
        }
        self.stamp += 1;
        self.stamp
    }

    /// BFS from `s`; calls `level(d, nodes)` with the nodes at each distance `d ≥ 1`.
    fn bfs(&mut self, view: &View<'_>, s: NodeId, mut level: impl FnMut(u32, &[NodeId])) {
        let stamp = self.next_stamp();
        self.queue.clear();
        self.queue.push(s);
        self.seen[s as usize] = stamp;
        let mut lo = 0;
        let mut d = 0;
        while lo < self.queue.len() {
            let hi = self.queue.len();
            d += 1;
            for i in lo..hi {
                let v = self.queue[i];
                for &w in view.neighbors(v) {
                    if self.seen[w as usize] != stamp {
                        self.seen[w as usize] = stamp;
                        self.queue.push(w);
                    }
                }
            }
            if self.queue.len() > hi {
                level(d, &self.queue[hi..]);
            }
            lo = hi;
        }
    }

    /// Dijkstra from `s` with edge lengths `len`; calls `settle(v, d)` for every node `v ≠ s`
    /// in order of distance.
    fn dijkstra(
        &mut self,
        view: &View<'_>,
        len: &[f64],
        s: NodeId,
        mut settle: impl FnMut(NodeId, f64),
    ) {
        // `seen` marks settled nodes; `dist` is valid where `queue` lists the node as reached.
        let stamp = self.next_stamp();
        self.queue.clear();
        self.heap.clear();
        self.dist[s as usize] = 0.0;
        self.queue.push(s);
        self.heap.push(Item { d: 0.0, v: s });
        while let Some(Item { d, v }) = self.heap.pop() {
            if self.seen[v as usize] == stamp || d > self.dist[v as usize] {
                continue;
            }
            self.seen[v as usize] = stamp;
            if v != s {
                settle(v, d);
            }
            for p in view.adj.range(v) {
                let w = view.adj.targets[p];
                let nd = d + len[p];
                if !nd.is_finite() || self.seen[w as usize] == stamp {
                    continue;
                }
                let dw = self.dist[w as usize];
                if dw.is_nan() || nd < dw {
                    if dw.is_nan() {
                        self.queue.push(w);
                    }
                    self.dist[w as usize] = nd;
                    self.heap.push(Item { d: nd, v: w });
                }
            }
        }
        for &v in &self.queue {
            self.dist[v as usize] = f64::NAN;
        }
    }
}

/// Exact closeness and harmonic of every node, traversing `view` from it.
fn exact_all(view: &View<'_>, len: Option<&[f64]>) -> (Vec<f64>, Vec<f64>) {
    let n = view.node_count();
    let blocks = n.div_ceil(BLOCK);
    let nf = n as f64;
    let workers = for_each_block(
        blocks,
        || {
            (
                Traversal::new(n, len.is_some()),
                Vec::<(usize, Vec<(f64, f64)>)>::new(),
            )
        },
        |(t, done), b| {
            let mut values = Vec::with_capacity(BLOCK);
            for u in b * BLOCK..((b + 1) * BLOCK).min(n) {
                let (mut reached, mut harmonic) = (0u64, 0.0f64);
                let total = match len {
                    None => {
                        let mut total = 0u64;
                        t.bfs(view, u as NodeId, |d, nodes| {
                            let c = nodes.len() as u64;
                            reached += c;
                            total += c * u64::from(d);
                            harmonic += c as f64 / f64::from(d);
                        });
                        total as f64
                    }
                    Some(len) => {
                        let mut total = 0.0;
                        t.dijkstra(view, len, u as NodeId, |_, d| {
                            reached += 1;
                            total += d;
                            harmonic += 1.0 / d;
                        });
                        total
                    }
                };
                let c = if total > 0.0 && n > 1 {
                    let r = reached as f64;
                    (r / total) * (r / (nf - 1.0))
                } else {
                    0.0
                };
                values.push((c, harmonic));
            }
            done.push((b, values));
        },
    );
    let mut closeness = vec![0.0; n];
    let mut harmonic = vec![0.0; n];
    for (_, done) in workers {
        for (b, values) in done {
            for (i, (c, h)) in values.into_iter().enumerate() {
                closeness[b * BLOCK + i] = c;
                harmonic[b * BLOCK + i] = h;
            }
        }
    }
    (closeness, harmonic)
}

/// Per-node sums over the sampled sources.
struct Sums {
    reach: Vec<u64>,
    dist: Vec<u128>,
    harmonic: Vec<u128>,
}

/// Tag of the closeness random streams.
const STREAM_TAG: u64 = 0xc1;

/// Samples per block.
const SAMPLE_BLOCK: u64 = 16;

/// Traverses `view` from `k` uniformly random sources and sums, for every node reached, the
/// count, the distance and `1 / distance` (fixed point).
fn sample_sums(view: &View<'_>, len: Option<&[f64]>, k: u64, seed: u64) -> Sums {
    use rand::Rng;
    let n = view.node_count();
    let blocks = k.div_ceil(SAMPLE_BLOCK) as usize;
    let workers = for_each_block(
        blocks,
        || {
            (
                Traversal::new(n, len.is_some()),
                Sums {
                    reach: vec![0; n],
                    dist: vec![0; n],
                    harmonic: vec![0; n],
                },
            )
        },
        |(t, sums), b| {
            let b = b as u64;
            for i in b * SAMPLE_BLOCK..((b + 1) * SAMPLE_BLOCK).min(k) {
                let s = stream(seed, STREAM_TAG, i).random_range(0..n as NodeId);
                match len {
                    None => t.bfs(view, s, |d, nodes| {
                        let inv = to_fixed(1.0 / f64::from(d));
                        for &v in nodes {
                            sums.reach[v as usize] += 1;
                            sums.dist[v as usize] += u128::from(d) << 52;
                            sums.harmonic[v as usize] += inv;
                        }
                    }),
                    Some(len) => t.dijkstra(view, len, s, |v, d| {
                        sums.reach[v as usize] += 1;
                        sums.dist[v as usize] += to_fixed(d);
                        sums.harmonic[v as usize] += to_fixed(1.0 / d);
                    }),
                }
            }
        },
    );
    let parts: Vec<&Sums> = workers.iter().map(|(_, s)| s).collect();
    let reach = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| parts.iter().map(|p| p.reach[v]).sum())
        .collect();
    let dist = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| parts.iter().map(|p| p.dist[v]).sum())
        .collect();
    let harmonic = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| parts.iter().map(|p| p.harmonic[v]).sum())
        .collect();
    Sums {
        reach,
        dist,
        harmonic,
    }
}
