//! Betweenness centrality: exact (Brandes 2001) and sampled with an (ε, δ) guarantee
//! (Riondato & Kornaropoulos 2016), by BFS (hop counts) or Dijkstra (length = 1 / strength).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::components::{strong_components, weak_components};
use super::kadabra::kadabra;
use super::sampling::{from_fixed, stream, to_fixed, Estimate, Method, Mode, Sampler};
use super::view::{combined, for_each_block, View};
use super::{Direction, Weighting};
use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};

/// Betweenness parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BetweennessConfig {
    /// Exact, sampled, or chosen by size (`auto`).
    pub mode: Mode,
    /// Additive error bound of the sampled estimate, in the units of the (NetworkX-normalised)
    /// result.
    pub epsilon: f64,
    /// Probability that the sampled estimate misses the bound for some node.
    pub delta: f64,
    /// `auto` computes exactly when `nodes × entries` (the edge visits of Brandes' algorithm) is
    /// at most this, or when the sample would not be smaller than the node count.
    pub auto_max_work: f64,
    /// Seed of the sample; the pipeline sets it from `Config::seed`.
    pub seed: u64,
}

impl BetweennessConfig {
    /// Default error bound.
    pub const DEFAULT_EPSILON: f64 = 0.01;
    /// Default failure probability.
    pub const DEFAULT_DELTA: f64 = 0.1;
    /// Default exact-work budget of `auto`: 10^10 edge visits, about 10 s on one core.
    pub const DEFAULT_AUTO_MAX_WORK: f64 = 1e10;
    /// The universal constant `c` of the sample size, as estimated by Löffler & Phillips
    /// (2009) and used by Riondato & Kornaropoulos. (NetworKit's `ApproxBetweenness` uses 1.)
    pub const SAMPLE_CONSTANT: f64 = 0.5;

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        check_probability("betweenness.epsilon", self.epsilon)?;
        check_probability("betweenness.delta", self.delta)?;
        if self.auto_max_work.is_nan() || self.auto_max_work < 0.0 {
            return Err(Error::InvalidConfig {
                field: "betweenness.auto_max_work",
                message: format!("{} must be a number >= 0", self.auto_max_work),
            });
        }
        Ok(())
    }
}

impl Default for BetweennessConfig {
    fn default() -> Self {
        BetweennessConfig {
            mode: Mode::Auto,
            epsilon: Self::DEFAULT_EPSILON,
            delta: Self::DEFAULT_DELTA,
            auto_max_work: Self::DEFAULT_AUTO_MAX_WORK,
            seed: 0,
        }
    }
}

/// Checks that `x` lies in (0, 1).
pub(crate) fn check_probability(field: &'static str, x: f64) -> Result<()> {
    if x > 0.0 && x < 1.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig {
            field,
            message: format!("{x} is outside (0, 1)"),
        })
    }
}

/// Betweenness scores and how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Betweenness {
    /// Score per node, NetworkX-normalised (see [`betweenness`]).
    pub scores: Vec<f64>,
    /// Exact or sampled.
    pub method: Method,
    /// The guarantee of a sampled result (`epsilon` in the units of `scores`).
    pub estimate: Option<Estimate>,
    /// Upper bound on the number of nodes of a shortest path used to size the sample.
    pub vertex_diameter_bound: Option<u64>,
}

/// Betweenness centrality on the combined view: for node `v`, the share of shortest paths
/// between other pairs that pass through `v`, summed over ordered pairs `(s, t)`, `s ≠ v ≠ t`:
/// `b(v) = Σ σ_st(v) / σ_st`, normalised as NetworkX's `betweenness_centrality(normalized=True)`:
/// `b(v) / ((n - 1)(n - 2))` on directed graphs and `2 b'(v) / ((n - 1)(n - 2))` on undirected
/// graphs, where `b'` counts each unordered pair once (so both are `b / ((n - 1)(n - 2))`).
/// Paths follow edge direction (u → v: u pays attention to v). With `Weighting::Weighted` an
/// edge's length is `1 / strength` (stronger ties are shorter) and ties between path lengths are
/// exact floating-point equality, as in NetworkX; zero-strength edges are not traversed.
///
/// Exact: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociology
/// 25(2). Sampled, weighted: Riondato & Kornaropoulos (2016), "Fast approximation of betweenness
/// centrality through sampling", Data Min. Knowl. Disc. 30(2): `r = ⌈c/ε'² (⌊log2(VD − 2)⌋ + 1 +
/// ln(1/δ))⌉` node pairs, one uniformly random shortest path each, found by Dijkstra; `VD` is an
/// upper bound on the vertex diameter and `ε' = ε (n − 2) / n` converts their `1/(n(n − 1))`
/// normalisation to NetworkX's. Sampled, unweighted: KADABRA (Borassi & Natale 2016, see
/// `kadabra.rs`): the same random paths, found by a balanced bidirectional BFS, but drawn in
/// rounds until an adaptive bound shows every estimate within `ε'`, with the size above at
/// δ/2 as the cap; [`Estimate::sampler`] says which scheme ran and `samples` how many paths.
///
/// # Arguments
/// * `g` - the graph; layers are combined (one edge per ordered pair, strengths summed).
/// * `weighting` - hop counts (the `betweenness` column) or lengths `1 / strength`
///   (`betweenness_weighted`).
/// * `cfg` - mode, (ε, δ), the work budget of `auto` and the seed; validated by the caller.
///
/// # Returns
/// [`Betweenness`]; with probability ≥ 1 − δ a sampled score is within ε of the exact one for
/// every node at once.
///
/// # Complexity
/// Exact: O(n m) time (O(n m + n² log n) weighted), parallel over sources in blocks; per-source
/// dependencies are summed in a fixed order within a block and blocks are combined in 2^-52
/// fixed point, so the scores are bit-identical for any thread count. O(n) memory per worker.
/// Sampled: `r` bidirectional searches, each usually touching far fewer than m edges; the
/// counts are integers, so the result is identical for any thread count too.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{betweenness, BetweennessConfig, Mode, Weighting};
/// // A path a - b - c: every shortest path between a and c passes through b.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("a", "b"), ("b", "c")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, _, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
/// let cfg = BetweennessConfig { mode: Mode::Exact, ..Default::default() };
/// let b = betweenness(&g, Weighting::Unweighted, &cfg);
/// assert_eq!(b.scores, [0.0, 1.0, 0.0]);
/// ```
pub fn betweenness(g: &Graph, weighting: Weighting, cfg: &BetweennessConfig) -> Betweenness {
    let n = g.node_count();
    let out = combined(g, Direction::Out, weighting);
    let weighted = out.weights.is_some();
    if n <= 2 {
        return Betweenness {
            scores: vec![0.0; n],
            method: Method::Exact,
            estimate: None,
            vertex_diameter_bound: None,
        };
    }
    let exact = match cfg.mode {
        Mode::Exact => true,
        Mode::Approx => false,
        Mode::Auto => {
            let work = n as f64 * out.entry_count().max(1) as f64;
            // The vertex-diameter bound is at most n, so this sample size is an upper bound.
            let r = sample_size(cfg, n, n as u64);
            work <= cfg.auto_max_work || r >= n as u64
        }
    };
    if exact {
        let lengths = weighted.then(|| lengths(&out));
        let raw = exact_raw(&out, lengths.as_deref(), None);
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        return Betweenness {
            scores: raw.into_iter().map(|x| x * scale).collect(),
            method: Method::Exact,
            estimate: None,
            vertex_diameter_bound: None,
        };
    }
    let inc = combined(g, Direction::In, weighting);
    let lengths = weighted.then(|| (lengths(&out), lengths(&inc)));
    let pair = lengths
        .as_ref()
        .map(|(lo, li)| (lo.as_slice(), li.as_slice()));
    let vd = vertex_diameter_bound(g, &out, &inc, pair);
    let (counts, r, sampler) = match pair {
        Some((lo, li)) => {
            let r = sample_size(cfg, n, vd);
            let counts = sample_weighted(&out, lo, &inc, li, r, cfg.seed);
            (counts, r, Sampler::RiondatoKornaropoulos)
        }
        None => {
            // KADABRA: the Riondato–Kornaropoulos size at δ/2 caps the adaptive sample.
            let half = BetweennessConfig {
                delta: cfg.delta / 2.0,
                ..*cfg
            };
            let omega = sample_size(&half, n, vd);
            let eps = cfg.epsilon * (n as f64 - 2.0) / n as f64;
            let a = kadabra(&out, &inc, eps, cfg.delta, omega, cfg.seed);
            (a.counts, a.samples, Sampler::Kadabra)
        }
    };
    let scale = n as f64 / ((n - 2) as f64 * r as f64);
    Betweenness {
        scores: counts.into_iter().map(|c| c as f64 * scale).collect(),
        method: Method::Sampled,
        estimate: Some(Estimate {
            epsilon: cfg.epsilon,
            delta: cfg.delta,
            samples: r,
            seed: cfg.seed,
            sampler,
        }),
        vertex_diameter_bound: Some(vd),
    }
}

/// Riondato–Kornaropoulos sample size for NetworkX-normalised error `cfg.epsilon` on `n` nodes
/// with vertex-diameter bound `vd`.
fn sample_size(cfg: &BetweennessConfig, n: usize, vd: u64) -> u64 {
    let eps = cfg.epsilon * (n as f64 - 2.0) / n as f64;
    let vc = (vd.saturating_sub(2).max(1) as f64).log2().floor() + 1.0;
    let r = BetweennessConfig::SAMPLE_CONSTANT / (eps * eps) * (vc + (1.0 / cfg.delta).ln());
    r.ceil().max(1.0) as u64
}

/// Edge lengths `1 / strength` of a weighted view (infinite for zero strength).
fn lengths(view: &View<'_>) -> Vec<f64> {
    (0..view.entry_count())
        .into_par_iter()
        .with_min_len(4096)
        .map(|p| 1.0 / view.weight(p))
        .collect()
}

const UNSEEN: u32 = u32::MAX;

/// Sources per block: the unit of load balancing and of the fixed-order partial sums.
const BLOCK: usize = 16;

/// Per-node state of the BFS kernel, kept together so that an edge visit touches one cache line:
/// the distance, and `σ` (shortest-path count) in the forward pass, overwritten by
/// `(1 + δ) / σ` in the backward pass (a node's `σ` is not read again once its own coefficient
/// is known).
#[derive(Debug, Clone, Copy)]
struct Slot {
    dist: u32,
    value: f64,
}

/// Per-worker state of the exact computation.
struct Worker {
    slots: Vec<Slot>,
    dist_w: Vec<f64>,
    settled: Vec<bool>,
    heap: BinaryHeap<Item>,
    sigma: Vec<f64>,
    /// `(1 + δ(w)) / σ(w)` of the nodes already accumulated (Dijkstra kernel).
    coef: Vec<f64>,
    /// Nodes in the order they were reached (BFS) or settled (Dijkstra).
    order: Vec<NodeId>,
    /// Shortest-path DAG edges of the current BFS, one bit per adjacency position.
    succ: Vec<u64>,
    /// Dependencies of the current block, summed in source order.
    block: Vec<f64>,
    touched: Vec<NodeId>,
    /// Fixed-point sum of every block this worker ran.
    total: Vec<u128>,
}

impl Worker {
    fn new(n: usize, entries: usize, weighted: bool) -> Worker {
        let unseen = Slot {
            dist: UNSEEN,
            value: 0.0,
        };
        Worker {
            slots: if weighted { vec![] } else { vec![unseen; n] },
            dist_w: if weighted {
                vec![f64::INFINITY; n]
            } else {
                vec![]
            },
            settled: if weighted { vec![false; n] } else { vec![] },
            heap: BinaryHeap::new(),
            sigma: if weighted { vec![0.0; n] } else { vec![] },
            coef: if weighted { vec![0.0; n] } else { vec![] },
            // One spare entry: the BFS writes every neighbour at the tail before deciding to keep it.
            order: if weighted { Vec::new() } else { vec![0; n + 1] },
            succ: if weighted {
                vec![]
            } else {
                vec![0; entries.div_ceil(64)]
            },
            block: vec![0.0; n],
            touched: Vec::new(),
            total: vec![0; n],
        }
    }

    /// Adds `d` to node `v`'s dependency in the current block.
    #[inline]
    fn add(block: &mut [f64], touched: &mut Vec<NodeId>, v: NodeId, d: f64) {
        let slot = &mut block[v as usize];
        if *slot == 0.0 {
            touched.push(v);
        }
        *slot += d;
    }

    /// Moves the block's sums into the fixed-point total.
    fn flush(&mut self) {
        for &v in &self.touched {
            let slot = &mut self.block[v as usize];
            self.total[v as usize] += to_fixed(*slot);
            *slot = 0.0;
        }
        self.touched.clear();
    }

    /// Brandes' accumulation from source `s` by BFS.
    ///
    /// The forward pass marks, in the bitmap `succ` indexed by adjacency position, the edges
    /// `v → w` of the shortest-path DAG (`d(w) = d(v) + 1`); the backward pass then reads only
    /// those edges' targets instead of testing every neighbour's distance again, and clears the
    /// bits as it goes. Successors are summed in adjacency order, as a plain scan would.
    fn bfs_source(&mut self, view: &View<'_>, s: NodeId) {
        let offsets = &view.adj.offsets[..];
        let targets = &view.adj.targets[..];
        let slots = &mut self.slots[..];
        let order = &mut self.order[..];
        let succ = &mut self.succ[..];
        order[0] = s;
        slots[s as usize] = Slot {
            dist: 0,
            value: 1.0,
        };
        let (mut head, mut tail) = (0, 1);
        while head < tail {
            let v = order[head];
            head += 1;
            let Slot { dist, value: sv } = slots[v as usize];
            let next = dist + 1;
            for p in offsets[v as usize] as usize..offsets[v as usize + 1] as usize {
                let w = targets[p];
                let slot = &mut slots[w as usize];
                // Discoveries are rare (once per node), so this branch predicts well; the
                // common case is branch-free.
                let on_next = if slot.dist == UNSEEN {
                    *slot = Slot {
                        dist: next,
                        value: 0.0,
                    };
                    order[tail] = w;
                    tail += 1;
                    true
                } else {
                    slot.dist == next
                };
                slot.value += if on_next { sv } else { 0.0 };
                succ[p >> 6] |= u64::from(on_next) << (p & 63);
            }
        }
        for i in (0..tail).rev() {
            let v = order[i];
            let sigma = slots[v as usize].value;
            let (mut p, end) = (
                offsets[v as usize] as usize,
                offsets[v as usize + 1] as usize,
            );
            let mut sum = 0.0;
            while p < end {
                let word = p >> 6;
                let base = word << 6;
                let hi = (end - base).min(64);
                let mut mask = u64::MAX << (p - base);
                if hi < 64 {
                    mask &= (1u64 << hi) - 1;
                }
                let mut bits = succ[word] & mask;
                succ[word] &= !mask;
                while bits != 0 {
                    let w = targets[base + bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                    sum += slots[w as usize].value;
                }
                p = base + 64;
            }
            let dep = sigma * sum;
            if v != s && dep != 0.0 {
                Self::add(&mut self.block, &mut self.touched, v, dep);
            }
            slots[v as usize].value = (1.0 + dep) / sigma;
        }
        for &v in &order[..tail] {
            slots[v as usize].dist = UNSEEN;
        }
    }

    /// Brandes' accumulation from source `s` by Dijkstra with edge lengths `len`.
    fn dijkstra_source(&mut self, view: &View<'_>, len: &[f64], s: NodeId) {
        let adj = &*view.adj;
        self.order.clear();
        self.dist_w[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        self.heap.push(Item { d: 0.0, v: s });
        while let Some(Item { d, v }) = self.heap.pop() {
            if self.settled[v as usize] || d > self.dist_w[v as usize] {
                continue;
            }
            self.settled[v as usize] = true;
            self.order.push(v);
            let sv = self.sigma[v as usize];
            for p in adj.range(v) {
                let w = adj.targets[p];
                let nd = d + len[p];
                if !nd.is_finite() || self.settled[w as usize] {
                    continue;
                }
                let dw = self.dist_w[w as usize];
                if nd < dw {
                    self.dist_w[w as usize] = nd;
                    self.sigma[w as usize] = sv;
                    self.heap.push(Item { d: nd, v: w });
                } else if nd == dw {
                    self.sigma[w as usize] += sv;
                }
            }
        }
        for i in (0..self.order.len()).rev() {
            let v = self.order[i];
            let dv = self.dist_w[v as usize];
            let mut sum = 0.0;
            for p in adj.range(v) {
                let w = adj.targets[p];
                let dw = self.dist_w[w as usize];
                if dw > dv && dv + len[p] == dw {
                    sum += self.coef[w as usize];
                }
            }
            let dep = self.sigma[v as usize] * sum;
            if v != s && dep != 0.0 {
                Self::add(&mut self.block, &mut self.touched, v, dep);
            }
            self.coef[v as usize] = (1.0 + dep) / self.sigma[v as usize];
        }
        // Every node given a finite distance was settled, so `order` lists all to reset.
        for &v in &self.order {
            self.dist_w[v as usize] = f64::INFINITY;
            self.settled[v as usize] = false;
        }
    }
}

/// A min-heap entry of Dijkstra's algorithm: distance, then node id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Item {
    pub d: f64,
    pub v: NodeId,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the smallest distance is the greatest item.
        other
            .d
            .total_cmp(&self.d)
            .then_with(|| other.v.cmp(&self.v))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Subset betweenness: the unnormalised Brandes dependencies `Σ_{s ∈ sources} δ_s(v)` of the
/// given sources only, towards every target (igraph's `betweenness(sources = …)`). Summing over
/// all nodes gives the raw exact betweenness; the benchmarks use it to time a fixed set of
/// sources in every tool.
///
/// # Arguments
/// * `g` - the graph; layers are combined as in [`betweenness`].
/// * `weighting` - hop counts or lengths `1 / strength`.
/// * `sources` - the sources (node ids below `g.node_count()`; repeats count again).
///
/// # Returns
/// One unnormalised sum per node (the sources' own entries exclude paths they start).
///
/// # Complexity
/// O(|sources| m) (plus the heap for weighted graphs), parallel over blocks of sources with the
/// same deterministic fixed-point reduction as the exact computation.
pub fn betweenness_from_sources(g: &Graph, weighting: Weighting, sources: &[NodeId]) -> Vec<f64> {
    let out = combined(g, Direction::Out, weighting);
    let lengths = out.weights.is_some().then(|| lengths(&out));
    exact_raw(&out, lengths.as_deref(), Some(sources))
}

/// Unnormalised dependencies summed over every source (or over `sources`): `Σ_s δ_s(v)`.
fn exact_raw(out: &View<'_>, len: Option<&[f64]>, sources: Option<&[NodeId]>) -> Vec<f64> {
    let n = out.node_count();
    let count = sources.map_or(n, <[NodeId]>::len);
    let blocks = count.div_ceil(BLOCK);
    let workers = for_each_block(
        blocks,
        || Worker::new(n, out.entry_count(), len.is_some()),
        |w, b| {
            for i in b * BLOCK..((b + 1) * BLOCK).min(count) {
                let s = sources.map_or(i as NodeId, |list| list[i]);
                match len {
                    Some(len) => w.dijkstra_source(out, len, s),
                    None => w.bfs_source(out, s),
                }
            }
            w.flush();
        },
    );
    (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| from_fixed(workers.iter().map(|w| w.total[v]).sum()))
        .collect()
}

/// Upper bound on the vertex diameter: the number of nodes on a longest shortest path.
///
/// Undirected: per component, a search from one node `x` of eccentricity `e` bounds every
/// distance by `2e`. Directed: a shortest path visits strong components in topological order and,
/// inside each, is a shortest path of that component, so its length there is at most
/// `ecc_in(x) + ecc_out(x)` for any node `x` of it; the bound is the heaviest path of the
/// condensation with these per-component bounds. Unweighted, a distance `D` is `D + 1` nodes;
/// weighted (`lengths` = out- and in-lengths), a path of length `D` has at most
/// `⌊D / ℓ_min⌋ + 1` nodes, `ℓ_min` the shortest edge. Each component's bound is capped at its
/// size, which is also the fallback when the search from `x` does not reach all of it (edges of
/// zero strength are not traversed).
pub(crate) fn vertex_diameter_bound(
    g: &Graph,
    out: &View<'_>,
    inc: &View<'_>,
    lengths: Option<(&[f64], &[f64])>,
) -> u64 {
    let n = out.node_count();
    let comps = if g.is_directed() {
        strong_components(g)
    } else {
        weak_components(g)
    };
    let k = comps.count();
    // One representative (smallest member) per component.
    let mut rep = vec![NodeId::MAX; k];
    for u in (0..n).rev() {
        rep[comps.id[u] as usize] = u as NodeId;
    }
    let shortest = lengths.map(|(lo, _)| {
        lo.iter()
            .copied()
            .filter(|l| l.is_finite())
            .fold(f64::INFINITY, f64::min)
    });
    // Nodes on a path of length `d`.
    let hops = |d: f64| match shortest {
        None => d + 1.0,
        Some(l) => (d / l * (1.0 + 1e-12)).floor() + 1.0,
    };
    let ids = &comps.id;
    let within: Vec<u64> = (0..k)
        .into_par_iter()
        .map_init(
            || Eccentricity::new(n),
            |ecc, c| {
                let size = u64::from(comps.sizes[c]);
                if size == 1 {
                    return 1;
                }
                let x = rep[c];
                let same = |v: NodeId| ids[v as usize] == c as u32;
                let lo = lengths.map(|(lo, _)| lo);
                let li = lengths.map(|(_, li)| li);
                let (e_out, all_out) = ecc.run(out, lo, x, same);
                let bound = if g.is_directed() {
                    let (e_in, all_in) = ecc.run(inc, li, x, same);
                    (all_out && all_in).then(|| hops(e_out + e_in))
                } else {
                    all_out.then(|| hops(2.0 * e_out))
                };
                bound.map_or(size, |b| (b as u64).min(size))
            },
        )
        .collect();
    if !g.is_directed() {
        return within.into_iter().max().unwrap_or(1);
    }
    // Heaviest path in the condensation (Kahn's order).
    let mut indeg = vec![0u32; k];
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); k];
    for u in 0..n as NodeId {
        let cu = comps.id[u as usize];
        for &v in out.neighbors(u) {
            let cv = comps.id[v as usize];
            if cu != cv {
                succ[cu as usize].push(cv);
                indeg[cv as usize] += 1;
            }
        }
    }
    let mut best: Vec<u64> = within.clone();
    let mut queue: Vec<u32> = (0..k as u32).filter(|&c| indeg[c as usize] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let c = queue[head] as usize;
        head += 1;
        for &d in &succ[c] {
            let d = d as usize;
            best[d] = best[d].max(best[c] + within[d]);
            indeg[d] -= 1;
            if indeg[d] == 0 {
                queue.push(d as u32);
            }
        }
    }
    best.into_iter().max().unwrap_or(1).min(n as u64)
}

/// Scratch space of [`vertex_diameter_bound`]'s searches.
struct Eccentricity {
    dist: Vec<f64>,
    settled: Vec<bool>,
    order: Vec<NodeId>,
    heap: BinaryHeap<Item>,
}

impl Eccentricity {
    fn new(n: usize) -> Eccentricity {
        Eccentricity {
            dist: vec![f64::INFINITY; n],
            settled: vec![false; n],
            order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Eccentricity of `x` within the nodes accepted by `keep` (hops, or lengths `len`), and
    /// whether every accepted node of `x`'s component was reached is left to the caller: the
    /// second value is the number of nodes reached equalling what BFS would reach ignoring
    /// infinite lengths.
    fn run(
        &mut self,
        view: &View<'_>,
        len: Option<&[f64]>,
        x: NodeId,
        keep: impl Fn(NodeId) -> bool,
    ) -> (f64, bool) {
        let Some(len) = len else {
            return (self.hops(view, x, keep), true);
        };
        self.order.clear();
        self.heap.clear();
        self.dist[x as usize] = 0.0;
        self.heap.push(Item { d: 0.0, v: x });
        let mut ecc = 0.0f64;
        let mut blocked = false;
        while let Some(Item { d, v }) = self.heap.pop() {
            if self.settled[v as usize] || d > self.dist[v as usize] {
                continue;
            }
            self.settled[v as usize] = true;
            self.order.push(v);
            ecc = ecc.max(d);
            for p in view.adj.range(v) {
                let w = view.adj.targets[p];
                if !keep(w) || self.settled[w as usize] {
                    continue;
                }
                let l = len[p];
                if !l.is_finite() {
                    blocked = true;
                    continue;
                }
                let nd = d + l;
                if nd < self.dist[w as usize] {
                    self.dist[w as usize] = nd;
                    self.heap.push(Item { d: nd, v: w });
                }
            }
        }
        for &v in &self.order {
            self.dist[v as usize] = f64::INFINITY;
            self.settled[v as usize] = false;
        }
        // Without a blocked edge every node of a strong (or connected) component is reached.
        (ecc, !blocked)
    }

    /// Eccentricity of `x` in hops within the nodes accepted by `keep`: a breadth-first search,
    /// level by level (the same value as the heap search with unit lengths, without the heap).
    fn hops(&mut self, view: &View<'_>, x: NodeId, keep: impl Fn(NodeId) -> bool) -> f64 {
        self.order.clear();
        self.order.push(x);
        self.settled[x as usize] = true;
        let (mut lo, mut depth) = (0, 0u32);
        loop {
            let hi = self.order.len();
            for i in lo..hi {
                let v = self.order[i];
                for &w in view.neighbors(v) {
                    if keep(w) && !self.settled[w as usize] {
                        self.settled[w as usize] = true;
                        self.order.push(w);
                    }
                }
            }
            if self.order.len() == hi {
                break;
            }
            lo = hi;
            depth += 1;
        }
        for &v in &self.order {
            self.settled[v as usize] = false;
        }
        f64::from(depth)
    }
}

/// Samples per block of the estimators.
pub(super) const SAMPLE_BLOCK: u64 = 64;

/// Tag of the betweenness random streams.
const STREAM_TAG: u64 = 0xb7;

/// A uniformly random ordered pair of distinct nodes.
fn random_pair(rng: &mut impl Rng, n: usize) -> (NodeId, NodeId) {
    let s = rng.random_range(0..n as NodeId);
    let mut t = rng.random_range(0..n as NodeId - 1);
    if t >= s {
        t += 1;
    }
    (s, t)
}

/// Picks one of `items` with probability proportional to `weight(item)`, whose total is
/// `total`; falls back to the last positive item when rounding leaves a remainder.
fn pick_weighted<T: Copy>(
    rng: &mut impl Rng,
    items: impl Iterator<Item = T>,
    weight: impl Fn(T) -> f64,
    total: f64,
) -> Option<T> {
    let mut r = rng.random::<f64>() * total;
    let mut last = None;
    for it in items {
        let w = weight(it);
        if w <= 0.0 {
            continue;
        }
        if r < w {
            return Some(it);
        }
        r -= w;
        last = Some(it);
    }
    last
}

/// Per-worker state of the balanced bidirectional BFS.
struct BiBfs {
    df: Vec<u32>,
    sf: Vec<f64>,
    db: Vec<u32>,
    sb: Vec<f64>,
    /// Nodes reached forward / backward, in BFS order.
    vf: Vec<NodeId>,
    vb: Vec<NodeId>,
    counts: Vec<u32>,
    path: Vec<NodeId>,
}

impl BiBfs {
    fn new(n: usize) -> BiBfs {
        BiBfs {
            df: vec![UNSEEN; n],
            sf: vec![0.0; n],
            db: vec![UNSEEN; n],
            sb: vec![0.0; n],
            vf: Vec::new(),
            vb: Vec::new(),
            counts: vec![0; n],
            path: Vec::new(),
        }
    }

    /// Expands one full level of one side; returns the start of the new level in `visited`.
    fn expand(
        adj: &View<'_>,
        dist: &mut [u32],
        sigma: &mut [f64],
        visited: &mut Vec<NodeId>,
        lo: usize,
    ) -> usize {
        let hi = visited.len();
        let level = dist[visited[lo] as usize] + 1;
        for i in lo..hi {
            let v = visited[i];
            let sv = sigma[v as usize];
            for &w in adj.neighbors(v) {
                let dw = dist[w as usize];
                if dw == UNSEEN {
                    dist[w as usize] = level;
                    sigma[w as usize] = sv;
                    visited.push(w);
                } else if dw == level {
                    sigma[w as usize] += sv;
                }
            }
        }
        hi
    }

    /// Records the inner nodes of one uniformly random shortest `s → t` path in `self.path`
    /// (left empty when `t` is unreachable).
    fn sample(&mut self, out: &View<'_>, inc: &View<'_>, s: NodeId, t: NodeId, rng: &mut impl Rng) {
        self.path.clear();
        self.vf.clear();
        self.vb.clear();
        self.df[s as usize] = 0;
        self.sf[s as usize] = 1.0;
        self.vf.push(s);
        self.db[t as usize] = 0;
        self.sb[t as usize] = 1.0;
        self.vb.push(t);
        let (mut lo_f, mut lo_b) = (0, 0);
        let mut meet_from = None;
        while lo_f < self.vf.len() && lo_b < self.vb.len() {
            let cost_f: usize = self.vf[lo_f..].iter().map(|&v| out.degree(v)).sum();
            let cost_b: usize = self.vb[lo_b..].iter().map(|&v| inc.degree(v)).sum();
            if cost_f <= cost_b {
                lo_f = Self::expand(out, &mut self.df, &mut self.sf, &mut self.vf, lo_f);
                if self.vf[lo_f..]
                    .iter()
                    .any(|&w| self.db[w as usize] != UNSEEN)
                {
                    meet_from = Some(true);
                    break;
                }
            } else {
                lo_b = Self::expand(inc, &mut self.db, &mut self.sb, &mut self.vb, lo_b);
                if self.vb[lo_b..]
                    .iter()
                    .any(|&w| self.df[w as usize] != UNSEEN)
                {
                    meet_from = Some(false);
                    break;
                }
            }
        }
        if let Some(forward) = meet_from {
            let (level, other) = if forward {
                (&self.vf[lo_f..], &self.db)
            } else {
                (&self.vb[lo_b..], &self.df)
            };
            let meet = level
                .iter()
                .copied()
                .filter(|&w| other[w as usize] != UNSEEN);
            let paths = |w: NodeId| self.sf[w as usize] * self.sb[w as usize];
            let total: f64 = meet.clone().map(paths).sum();
            if let Some(w) = pick_weighted(rng, meet, paths, total) {
                self.walk(out, inc, s, t, w, rng);
            }
        }
        for &v in &self.vf {
            self.df[v as usize] = UNSEEN;
        }
        for &v in &self.vb {
            self.db[v as usize] = UNSEEN;
        }
    }

    /// Walks from the meeting node `w` back to `s` and on to `t`, choosing each step with
    /// probability proportional to path counts, and records the inner nodes.
    fn walk(
        &mut self,
        out: &View<'_>,
        inc: &View<'_>,
        s: NodeId,
        t: NodeId,
        w: NodeId,
        rng: &mut impl Rng,
    ) {
        if w != s && w != t {
            self.path.push(w);
        }
        let mut cur = w;
        while self.df[cur as usize] > 0 {
            let d = self.df[cur as usize] - 1;
            let preds = inc
                .neighbors(cur)
                .iter()
                .copied()
                .filter(|&u| self.df[u as usize] == d);
            let Some(u) = pick_weighted(rng, preds, |u| self.sf[u as usize], self.sf[cur as usize])
            else {
                break;
            };
            if u != s {
                self.path.push(u);
            }
            cur = u;
        }
        cur = w;
        while self.db[cur as usize] > 0 {
            let d = self.db[cur as usize] - 1;
            let succs = out
                .neighbors(cur)
                .iter()
                .copied()
                .filter(|&x| self.db[x as usize] == d);
            let Some(x) = pick_weighted(rng, succs, |x| self.sb[x as usize], self.sb[cur as usize])
            else {
                break;
            };
            if x != t {
                self.path.push(x);
            }
            cur = x;
        }
    }
}

/// Counts, over the samples `from..to` (sample `i` draws its pair and path from the stream
/// `(seed, tag, i)`), how often each node is inside the sampled shortest path. The counts are
/// integers, so the result does not depend on the number of threads.
pub(super) fn sample_counts(
    out: &View<'_>,
    inc: &View<'_>,
    from: u64,
    to: u64,
    seed: u64,
    tag: u64,
) -> Vec<u64> {
    let n = out.node_count();
    let blocks = (to - from).div_ceil(SAMPLE_BLOCK) as usize;
    let workers = for_each_block(
        blocks,
        || BiBfs::new(n),
        |ws, b| {
            let start = from + b as u64 * SAMPLE_BLOCK;
            for i in start..(start + SAMPLE_BLOCK).min(to) {
                let mut rng = stream(seed, tag, i);
                let (s, t) = random_pair(&mut rng, n);
                ws.sample(out, inc, s, t, &mut rng);
                for &v in &ws.path {
                    ws.counts[v as usize] += 1;
                }
            }
        },
    );
    sum_counts(n, workers.iter().map(|w| w.counts.as_slice()).collect())
}

/// Per-worker state of the sampled weighted estimate.
struct DijkstraSampler {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    settled: Vec<bool>,
    heap: BinaryHeap<Item>,
    reached: Vec<NodeId>,
    counts: Vec<u32>,
}

impl DijkstraSampler {
    /// Dijkstra from `s` until `t` is settled, then a random shortest path back from `t`.
    #[allow(clippy::too_many_arguments)]
    fn sample(
        &mut self,
        out: &View<'_>,
        len_out: &[f64],
        inc: &View<'_>,
        len_in: &[f64],
        s: NodeId,
        t: NodeId,
        rng: &mut impl Rng,
    ) {
        self.heap.clear();
        self.dist[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        self.reached.push(s);
        self.heap.push(Item { d: 0.0, v: s });
        let mut found = false;
        while let Some(Item { d, v }) = self.heap.pop() {
            if self.settled[v as usize] || d > self.dist[v as usize] {
                continue;
            }
            self.settled[v as usize] = true;
            if v == t {
                found = true;
                break;
            }
            let sv = self.sigma[v as usize];
            for p in out.adj.range(v) {
                let w = out.adj.targets[p];
                let nd = d + len_out[p];
                if !nd.is_finite() || self.settled[w as usize] {
                    continue;
                }
                let dw = self.dist[w as usize];
                if nd < dw {
                    if dw == f64::INFINITY {
                        self.reached.push(w);
                    }
                    self.dist[w as usize] = nd;
                    self.sigma[w as usize] = sv;
                    self.heap.push(Item { d: nd, v: w });
                } else if nd == dw {
                    self.sigma[w as usize] += sv;
                }
            }
        }
        if found {
            let mut cur = t;
            while cur != s {
                let dc = self.dist[cur as usize];
                let preds = inc.adj.range(cur).filter(|&q| {
                    let u = inc.adj.targets[q] as usize;
                    self.settled[u] && self.dist[u] < dc && self.dist[u] + len_in[q] == dc
                });
                let total = self.sigma[cur as usize];
                let sigma = &self.sigma;
                let Some(q) =
                    pick_weighted(rng, preds, |q| sigma[inc.adj.targets[q] as usize], total)
                else {
                    break;
                };
                cur = inc.adj.targets[q];
                if cur != s {
                    self.counts[cur as usize] += 1;
                }
            }
        }
        for &v in &self.reached {
            self.dist[v as usize] = f64::INFINITY;
            self.settled[v as usize] = false;
        }
        self.reached.clear();
    }
}

/// The weighted version of [`sample_counts`], over the samples `0..r`.
fn sample_weighted(
    out: &View<'_>,
    len_out: &[f64],
    inc: &View<'_>,
    len_in: &[f64],
    r: u64,
    seed: u64,
) -> Vec<u64> {
    let n = out.node_count();
    let blocks = r.div_ceil(SAMPLE_BLOCK) as usize;
    let workers = for_each_block(
        blocks,
        || DijkstraSampler {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            settled: vec![false; n],
            heap: BinaryHeap::new(),
            reached: Vec::new(),
            counts: vec![0; n],
        },
        |ws, b| {
            let b = b as u64;
            for i in b * SAMPLE_BLOCK..((b + 1) * SAMPLE_BLOCK).min(r) {
                let mut rng = stream(seed, STREAM_TAG, i);
                let (s, t) = random_pair(&mut rng, n);
                ws.sample(out, len_out, inc, len_in, s, t, &mut rng);
            }
        },
    );
    sum_counts(n, workers.iter().map(|w| w.counts.as_slice()).collect())
}

/// Element-wise integer sum of per-worker counts (order-independent).
pub(crate) fn sum_counts(n: usize, parts: Vec<&[u32]>) -> Vec<u64> {
    (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| parts.iter().map(|p| u64::from(p[v])).sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, BuildConfig, EdgeTable, Interner};

    /// A small directed graph with parallel shortest paths and a cycle.
    fn sample_graph() -> (Graph, crate::graph::NodeLabels) {
        let mut ids = Interner::new();
        let mut t = EdgeTable::default();
        for (a, b) in [
            ("a", "b"),
            ("a", "c"),
            ("b", "d"),
            ("c", "d"),
            ("d", "e"),
            ("e", "a"),
            ("e", "f"),
            ("f", "b"),
        ] {
            t.src.push(ids.intern(a).unwrap());
            t.dst.push(ids.intern(b).unwrap());
        }
        let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed: true });
        (g, labels)
    }

    #[test]
    fn hop_eccentricity_equals_the_heap_search_with_unit_lengths() {
        use rand::SeedableRng;
        for (seed, directed) in [(1u64, true), (2, false), (3, true)] {
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
            let mut ids = Interner::new();
            let mut t = EdgeTable::default();
            for _ in 0..400 {
                let (a, b) = (rng.random_range(0..150u32), rng.random_range(0..150u32));
                t.src.push(ids.intern(&a.to_string()).unwrap());
                t.dst.push(ids.intern(&b.to_string()).unwrap());
            }
            let (g, _, _) = build(&t, ids.into_names(), &BuildConfig { directed });
            let view = combined(&g, Direction::Out, Weighting::Unweighted);
            let ones = vec![1.0; view.entry_count()];
            let n = g.node_count();
            let mut ecc = Eccentricity::new(n);
            for x in 0..n as NodeId {
                for keep in [|_: NodeId| true, |v: NodeId| v % 3 != 0] {
                    let keep = |v: NodeId| v == x || keep(v);
                    let (heap, reached) = ecc.run(&view, Some(&ones), x, keep);
                    assert!(reached);
                    assert_eq!(ecc.run(&view, None, x, keep), (heap, true), "node {x}");
                }
            }
        }
    }

    #[test]
    fn sources_partition_the_exact_sum() {
        let (g, labels) = sample_graph();
        let n = g.node_count();
        let cfg = BetweennessConfig {
            mode: Mode::Exact,
            ..BetweennessConfig::default()
        };
        let exact = betweenness(&g, Weighting::Unweighted, &cfg).scores;
        let all: Vec<NodeId> = (0..n as NodeId).collect();
        let (left, right) = all.split_at(2);
        let a = betweenness_from_sources(&g, Weighting::Unweighted, left);
        let b = betweenness_from_sources(&g, Weighting::Unweighted, right);
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        for v in 0..n {
            assert!(((a[v] + b[v]) * scale - exact[v]).abs() < 1e-12, "node {v}");
        }
        // From the source `a` alone: d lies on both shortest a → e paths.
        let d = labels.find("d").unwrap() as usize;
        let a_id = labels.find("a").unwrap();
        let from_a = betweenness_from_sources(&g, Weighting::Unweighted, &[a_id]);
        assert_eq!(from_a[d], 2.0);
        assert!(from_a.iter().all(|&x| x >= 0.0));
    }
}
