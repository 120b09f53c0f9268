//! Brokerage: Burt's constraint and effective size, and collective influence.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::view::{symmetric, PairWeight, View};
use super::Weighting;
use crate::error::{Error, Result};
use crate::graph::{Adjacency, Graph, NodeId};

/// Burt's structural-hole measures of every node.
#[derive(Debug, Clone, PartialEq)]
pub struct Brokerage {
    /// Constraint `c(u)`: how much `u`'s ties are invested in contacts that are themselves tied
    /// to each other (low = broker). NaN for nodes without ties, as NetworkX.
    pub constraint: Vec<f64>,
    /// Effective size: the number of non-redundant contacts. NaN for nodes without ties.
    pub effective_size: Vec<f64>,
}

/// Burt's constraint and effective size (Burt 1992, *Structural Holes*, Harvard University
/// Press; NetworkX `constraint` and `effective_size`), on the graph with direction folded into
/// *mutual weights*: `m(u, v) = a_uv + a_vu`, where `a_uv` is 1 for an edge u → v (or its
/// strength summed over layers with `Weighting::Weighted`) and 0 without one, so a reciprocated
/// tie weighs double. With `p_uv = m(u, v) / Σ_w m(u, w)` and `N(u)` the in- and
/// out-neighbours:
///
/// * `c(u) = Σ_{v ∈ N(u)} (p_uv + Σ_w p_uw p_wv)²`;
/// * `e(u) = Σ_{v ∈ N(u)} (1 − Σ_w p_uw m(v, w) / max_x m(v, x))`, which on undirected unweighted
///   graphs is Borgatti's `d − 2t/d` (t = ties among the neighbours).
///
/// Undirected graphs count each edge once (`m(u, v) = a_uv`; the factor 2 of NetworkX's mutual
/// weight cancels in every ratio).
///
/// # Arguments
/// * `g` - the graph.
/// * `weighting` - unit ties (the `constraint`/`effective_size` columns) or strengths.
///
/// # Returns
/// [`Brokerage`].
///
/// # Complexity
/// O(Σ_(u,v) min(d_u, d_v) log d): for every tie (u, v) the common neighbours are found by
/// merging the two sorted lists, or by binary search of the shorter in the longer when their
/// lengths differ by more than 16×. Parallel over nodes; each node's values come from its own
/// loop, so they are bit-identical for any thread count.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{brokerage, Weighting};
/// // A star: the centre brokers between three unconnected leaves.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for leaf in ["a", "b", "c"] {
///     t.src.push(ids.intern("hub").unwrap());
///     t.dst.push(ids.intern(leaf).unwrap());
/// }
/// let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
/// let b = brokerage(&g, Weighting::Unweighted);
/// let hub = labels.find("hub").unwrap() as usize;
/// assert!((b.constraint[hub] - 1.0 / 3.0).abs() < 1e-12);
/// assert_eq!(b.effective_size[hub], 3.0);
/// ```
pub fn brokerage(g: &Graph, weighting: Weighting) -> Brokerage {
    let pair = match weighting {
        Weighting::Unweighted => PairWeight::Directions,
        Weighting::Weighted => PairWeight::Strength,
    };
    let view = symmetric(g, pair);
    let n = view.node_count();
    let (total, largest): (Vec<f64>, Vec<f64>) = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            view.adj.range(u).fold((0.0, 0.0), |(s, m), p| {
                let w = view.weight(p);
                (s + w, f64::max(m, w))
            })
        })
        .unzip();
    let (constraint, effective_size) = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || (Vec::new(), Vec::new()),
            |(indirect, redundancy), u| {
                node_brokerage(&view, &total, &largest, u, indirect, redundancy)
            },
        )
        .unzip();
    Brokerage {
        constraint,
        effective_size,
    }
}

/// Constraint and effective size of `u`; `indirect` and `redundancy` are scratch buffers.
fn node_brokerage(
    view: &View<'_>,
    total: &[f64],
    largest: &[f64],
    u: NodeId,
    indirect: &mut Vec<f64>,
    redundancy: &mut Vec<f64>,
) -> (f64, f64) {
    let su = total[u as usize];
    if su == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let ru = view.adj.range(u);
    let mine = &view.adj.targets[ru.clone()];
    let p = |j: usize| view.weight(ru.start + j) / su;
    indirect.clear();
    indirect.resize(mine.len(), 0.0);
    redundancy.clear();
    redundancy.resize(mine.len(), 0.0);
    for (i, &x) in mine.iter().enumerate() {
        let pux = p(i);
        let (sx, mx) = (total[x as usize], largest[x as usize]);
        let rx = view.adj.range(x);
        let theirs = &view.adj.targets[rx.clone()];
        intersect(mine, theirs, |j, q| {
            let mxy = view.weight(rx.start + q);
            if sx > 0.0 {
                indirect[j] += pux * (mxy / sx);
            }
            if mx > 0.0 {
                redundancy[i] += p(j) * (mxy / mx);
            }
        });
    }
    let mut c = 0.0;
    let mut e = 0.0;
    for j in 0..mine.len() {
        let pj = p(j);
        if pj > 0.0 {
            c += (pj + indirect[j]) * (pj + indirect[j]);
            e += 1.0 - redundancy[j];
        }
    }
    (c, e)
}

/// Calls `f(j, q)` for every common element `a[j] == b[q]` of two sorted lists, in increasing
/// order.
fn intersect(a: &[NodeId], b: &[NodeId], mut f: impl FnMut(usize, usize)) {
    if a.len() * 16 < b.len() {
        for (j, y) in a.iter().enumerate() {
            if let Ok(q) = b.binary_search(y) {
                f(j, q);
            }
        }
    } else if b.len() * 16 < a.len() {
        for (q, y) in b.iter().enumerate() {
            if let Ok(j) = a.binary_search(y) {
                f(j, q);
            }
        }
    } else {
        let (mut j, mut q) = (0, 0);
        while j < a.len() && q < b.len() {
            match a[j].cmp(&b[q]) {
                std::cmp::Ordering::Less => j += 1,
                std::cmp::Ordering::Greater => q += 1,
                std::cmp::Ordering::Equal => {
                    f(j, q);
                    j += 1;
                    q += 1;
                }
            }
        }
    }
}

/// Collective influence parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CollectiveInfluenceConfig {
    /// Radius ℓ of the ball whose frontier is summed.
    pub radius: u32,
}

impl CollectiveInfluenceConfig {
    /// Default radius (Morone & Makse's usual choice).
    pub const DEFAULT_RADIUS: u32 = 2;

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        if self.radius == 0 {
            return Err(Error::InvalidConfig {
                field: "collective_influence.radius",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

impl Default for CollectiveInfluenceConfig {
    fn default() -> Self {
        CollectiveInfluenceConfig {
            radius: Self::DEFAULT_RADIUS,
        }
    }
}

/// Collective influence (Morone & Makse 2015, "Influence maximization in complex networks
/// through optimal percolation", Nature 524): `CI_ℓ(i) = (k_i − 1) Σ_{j ∈ ∂Ball(i, ℓ)} (k_j − 1)`,
/// where `k` is the degree and `∂Ball(i, ℓ)` the nodes at hop distance exactly ℓ from `i`, on an
/// undirected simple adjacency — pass [`crate::graph::undirected_simple`] of the graph.
/// Unweighted. High values mark the nodes whose removal fragments the network most (the
/// "superspreaders" of the paper's optimal percolation); this is the one-shot score, without
/// the paper's adaptive removal.
///
/// # Arguments
/// * `adj` - an undirected simple adjacency.
/// * `cfg` - the radius ℓ (default 2).
///
/// # Returns
/// The score per node, an exact integer (as `f64`, exact below 2^53).
///
/// # Complexity
/// One BFS of depth ℓ per node: O(Σ_j d_j²) for ℓ = 2. Parallel over nodes; integer sums, so
/// the result is identical for any thread count.
///
/// # Example
/// ```
/// use relais::graph::Adjacency;
/// use relais::metrics::{collective_influence, CollectiveInfluenceConfig};
/// // A path 0-1-2-3 with leaves 4 and 5 on node 3: node 1 (degree 2) sees node 3 (degree 3) at
/// // distance 2, so CI(1) = (2 − 1)(3 − 1) = 2; node 3 sees node 1: CI(3) = (3 − 1)(2 − 1) = 2.
/// let adj = Adjacency {
///     offsets: vec![0, 1, 3, 5, 8, 9, 10].into(),
///     targets: vec![1, 0, 2, 1, 3, 2, 4, 5, 3, 3].into(),
/// };
/// let ci = collective_influence(&adj, &CollectiveInfluenceConfig::default());
/// assert_eq!(ci, [0.0, 2.0, 0.0, 2.0, 0.0, 0.0]);
/// ```
pub fn collective_influence(adj: &Adjacency, cfg: &CollectiveInfluenceConfig) -> Vec<f64> {
    let n = adj.offsets.len() - 1;
    let degree = |u: NodeId| adj.range(u).len() as i128;
    (0..n as NodeId)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || (vec![0u32; n], Vec::<NodeId>::new()),
            |(seen, queue), i| {
                let ki = degree(i);
                if ki <= 1 {
                    return 0.0;
                }
                let stamp = i + 1;
                seen[i as usize] = stamp;
                queue.clear();
                queue.push(i);
                let mut lo = 0;
                for _ in 0..cfg.radius {
                    let hi = queue.len();
                    for q in lo..hi {
                        let v = queue[q];
                        for &w in adj.neighbors(v) {
                            if seen[w as usize] != stamp {
                                seen[w as usize] = stamp;
                                queue.push(w);
                            }
                        }
                    }
                    lo = hi;
                }
                let frontier: i128 = queue[lo..].iter().map(|&j| degree(j) - 1).sum();
                ((ki - 1) * frontier) as f64
            },
        )
        .collect()
}
