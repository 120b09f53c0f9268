//! PageRank (Page, Brin, Motwani & Winograd 1999) by power iteration, pull-style on the
//! in-adjacency.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};

/// PageRank parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageRankConfig {
    /// Probability of following an edge rather than teleporting.
    pub damping: f64,
    /// Stop when the L1 change of the score vector between iterations is below this.
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged.
    pub max_iterations: u32,
}

impl PageRankConfig {
    /// Default damping factor, as NetworkX and igraph.
    pub const DEFAULT_DAMPING: f64 = 0.85;
    /// Default L1 tolerance.
    pub const DEFAULT_TOLERANCE: f64 = 1e-10;
    /// Default iteration cap.
    pub const DEFAULT_MAX_ITERATIONS: u32 = 1000;

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        if !(self.damping >= 0.0 && self.damping < 1.0) {
            return Err(Error::InvalidConfig {
                field: "pagerank.damping",
                message: format!("{} is outside [0, 1)", self.damping),
            });
        }
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(Error::InvalidConfig {
                field: "pagerank.tolerance",
                message: format!("{} must be a positive number", self.tolerance),
            });
        }
        if self.max_iterations == 0 {
            return Err(Error::InvalidConfig {
                field: "pagerank.max_iterations",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

impl Default for PageRankConfig {
    fn default() -> Self {
        PageRankConfig {
            damping: Self::DEFAULT_DAMPING,
            tolerance: Self::DEFAULT_TOLERANCE,
            max_iterations: Self::DEFAULT_MAX_ITERATIONS,
        }
    }
}

/// PageRank scores and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRank {
    /// Score per node; sums to 1.
    pub scores: Vec<f64>,
    /// Iterations run.
    pub iterations: u32,
    /// Whether the L1 change fell below the tolerance.
    pub converged: bool,
    /// L1 change of the last iteration.
    pub last_change: f64,
}

/// Weighted PageRank on the combined view: a node passes its score to its out-neighbours in
/// proportion to edge weight (a strength); nodes without out-edges (dangling) spread their score
/// uniformly; teleportation is uniform. Undirected edges count both ways. This is NetworkX's
/// `pagerank(G, alpha, weight="weight")` and igraph's PRPACK definition.
///
/// # Arguments
/// * `g` - the graph; multi-layer edges are combined by summing weights.
/// * `cfg` - damping, tolerance (L1 change) and iteration cap; validated by the caller.
///
/// # Returns
/// [`PageRank`] with `converged = false` when the cap was reached first.
///
/// # Complexity
/// O(k (n + m)) for k iterations; parallel over nodes with fixed-order reductions, so the result
/// is bit-identical for any thread count.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{pagerank, PageRankConfig};
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("a", "b"), ("b", "c"), ("c", "a")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, _, _) = build(&t, ids.into_names(), &BuildConfig::default());
/// let pr = pagerank(&g, &PageRankConfig::default());
/// assert!(pr.converged);
/// assert!(pr.scores.iter().all(|s| (s - 1.0 / 3.0).abs() < 1e-12));
/// ```
pub fn pagerank(g: &Graph, cfg: &PageRankConfig) -> PageRank {
    let n = g.node_count();
    if n == 0 {
        return PageRank {
            scores: vec![],
            iterations: 0,
            converged: true,
            last_change: 0.0,
        };
    }
    let out = g.out_adjacency();
    let inc = g.in_adjacency();
    let unit = g.is_unit_weight();
    let out_strength: Vec<f64> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            if unit {
                out.range(u).len() as f64
            } else {
                out.range(u).map(|p| g.weight(p)).sum()
            }
        })
        .collect();
    // Weights in in-adjacency order, gathered once: reading them through `in_to_out` in every
    // iteration doubled the random memory reads (measured 4.6 s -> 1.1 s for 20 iterations on a
    // 10M-edge graph). Costs 8 bytes per edge while PageRank runs; none for unit weights.
    let in_weight: Vec<f64> = if unit {
        Vec::new()
    } else {
        (0..inc.targets.len())
            .into_par_iter()
            .with_min_len(4096)
            .map(|q| g.weight(g.in_to_out(q)))
            .collect()
    };
    let d = cfg.damping;
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    let mut contrib = vec![0.0; n];
    let mut iterations = 0;
    let mut last_change = f64::INFINITY;
    while iterations < cfg.max_iterations {
        iterations += 1;
        contrib
            .par_iter_mut()
            .with_min_len(4096)
            .enumerate()
            .for_each(|(u, c)| {
                let s = out_strength[u];
                *c = if s > 0.0 { x[u] / s } else { 0.0 };
            });
        let dangling = ordered_sum(n, |u| if out_strength[u] > 0.0 { 0.0 } else { x[u] });
        let base = (1.0 - d) / nf + d * dangling / nf;
        next.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(v, slot)| {
                let r = inc.range(v as NodeId);
                let s: f64 = if unit {
                    inc.targets[r].iter().map(|&u| contrib[u as usize]).sum()
                } else {
                    inc.targets[r.clone()]
                        .iter()
                        .zip(&in_weight[r])
                        .map(|(&u, &w)| contrib[u as usize] * w)
                        .sum()
                };
                *slot = base + d * s;
            });
        last_change = ordered_sum(n, |u| (next[u] - x[u]).abs());
        std::mem::swap(&mut x, &mut next);
        if last_change < cfg.tolerance {
            break;
        }
    }
    PageRank {
        scores: x,
        iterations,
        converged: last_change < cfg.tolerance,
        last_change,
    }
}

/// Sum of `f(0..n)` in a fixed association order (fixed-size chunks, combined in index order),
/// independent of the number of threads.
pub(crate) fn ordered_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    const CHUNK: usize = 4096;
    let partials: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| (c * CHUNK..((c + 1) * CHUNK).min(n)).map(&f).sum())
        .collect();
    partials.iter().sum()
}
