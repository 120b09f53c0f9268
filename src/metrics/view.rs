//! The views of a [`Graph`] that the centrality kernels read: the combined view in one direction
//! (one entry per neighbour, weights summed over layers) and the symmetric view (the undirected
//! simple view with a weight per pair). Both borrow the graph's own arrays when it already has
//! that shape, so a single-layer graph is never copied.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::graph::{undirected_simple, Adjacency, Graph, NodeId};

/// How a kernel reads edge weights.
///
/// A weight is a *strength* (more interactions = closer, see STYLE.md). Spectral and local
/// measures (eigenvector, Katz, HITS, constraint) multiply by it; path-based measures
/// (betweenness, closeness, harmonic) use `1 / weight` as the length of the edge, as NetworkX
/// does when given a `distance` attribute equal to the reciprocal of the strength. Weights of
/// the layers of one pair are summed first (the combined view).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weighting {
    /// Every edge counts 1 (hop counts for paths). NetworkX's default, and the plain columns.
    #[default]
    Unweighted,
    /// Edge weight as strength (`1 / weight` as length for paths). The `_weighted` columns.
    Weighted,
}

/// Which distances a closeness-type measure sums, for directed graphs.
///
/// Undirected graphs have one kind of distance; both directions give the same values there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Distances *to* the node from the accounts that reach it (who can get their attention
    /// path to it). NetworkX's default for `closeness_centrality` and `harmonic_centrality`.
    #[default]
    In,
    /// Distances *from* the node to the accounts it reaches.
    Out,
}

/// One adjacency with an optional weight per entry (`None`: every weight is 1).
#[derive(Debug, Clone)]
pub(crate) struct View<'g> {
    pub adj: Cow<'g, Adjacency>,
    pub weights: Option<Cow<'g, [f64]>>,
}

impl View<'_> {
    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.adj.offsets.len() - 1
    }

    /// Number of stored entries.
    #[inline]
    pub fn entry_count(&self) -> usize {
        self.adj.targets.len()
    }

    /// Neighbours of `u`.
    #[inline]
    pub fn neighbors(&self, u: NodeId) -> &[NodeId] {
        self.adj.neighbors(u)
    }

    /// Weight at entry `p` (1 when the view is unweighted).
    #[inline]
    pub fn weight(&self, p: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[p])
    }

    /// Number of distinct neighbours of `u`.
    #[inline]
    pub fn degree(&self, u: NodeId) -> usize {
        self.adj.range(u).len()
    }
}

/// The combined view in one direction: for `Direction::Out` the distinct out-neighbours of each
/// node, for `Direction::In` the distinct in-neighbours, each with the weight summed over layers
/// (in layer order) when `weighting` is `Weighted` and the graph carries weights.
pub(crate) fn combined(g: &Graph, dir: Direction, weighting: Weighting) -> View<'_> {
    let incoming = dir == Direction::In && g.is_directed();
    let adj = if incoming {
        g.in_adjacency()
    } else {
        g.out_adjacency()
    };
    let weighted = weighting == Weighting::Weighted && !g.is_unit_weight();
    // Out-position of an entry of `adj`.
    let position = |p: usize| if incoming { g.in_to_out(p) } else { p };
    if g.layer.is_none() {
        let weights = weighted.then(|| match (&g.weight, incoming) {
            (Some(w), false) => Cow::Borrowed(w.as_slice()),
            _ => Cow::Owned(
                (0..adj.targets.len())
                    .into_par_iter()
                    .with_min_len(4096)
                    .map(|p| g.weight(position(p)))
                    .collect(),
            ),
        });
        return View {
            adj: Cow::Borrowed(adj),
            weights,
        };
    }
    // Several layers: merge the runs of equal neighbours.
    let n = g.node_count();
    let rows: Vec<(Vec<NodeId>, Vec<f64>)> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            let r = adj.range(u);
            let mut targets = Vec::new();
            let mut weights = Vec::new();
            for p in r {
                let v = adj.targets[p];
                let w = if weighted { g.weight(position(p)) } else { 1.0 };
                if targets.last() == Some(&v) {
                    if let Some(last) = weights.last_mut() {
                        *last += w;
                    }
                } else {
                    targets.push(v);
                    weights.push(w);
                }
            }
            (targets, weights)
        })
        .collect();
    flatten(rows, weighted)
}

/// How the symmetric view weighs a pair `u`–`v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairWeight {
    /// No weights (every pair 1).
    None,
    /// Each direction present counts 1: on directed graphs a mutual pair weighs 2 (NetworkX's
    /// `mutual_weight` without a weight attribute). On undirected graphs every pair weighs 1.
    Directions,
    /// The sum of the strengths of both directions over all layers (the oracle's undirected
    /// view; NetworkX's `mutual_weight` with weights). On undirected graphs the edge's strength.
    Strength,
}

/// The undirected simple view (`u`–`v` when `u → v` or `v → u` in any layer), each neighbour
/// listed once and sorted, with pair weights as `pair` says.
pub(crate) fn symmetric(g: &Graph, pair: PairWeight) -> View<'_> {
    let pair = match pair {
        PairWeight::Strength if g.is_unit_weight() => PairWeight::Directions,
        PairWeight::Directions if !g.is_directed() => PairWeight::None,
        other => other,
    };
    if pair == PairWeight::None {
        return View {
            adj: undirected_simple(g),
            weights: None,
        };
    }
    if !g.is_directed() {
        // Strength on an undirected graph: the combined view already is symmetric.
        return combined(g, Direction::Out, Weighting::Weighted);
    }
    let out = combined(g, Direction::Out, Weighting::Weighted);
    let inc = combined(g, Direction::In, Weighting::Weighted);
    let strength = pair == PairWeight::Strength;
    let n = g.node_count();
    let rows: Vec<(Vec<NodeId>, Vec<f64>)> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            let (a, b) = (out.adj.range(u), inc.adj.range(u));
            let (ta, tb) = (&out.adj.targets[a.clone()], &inc.adj.targets[b.clone()]);
            let value = |view: &View<'_>, p: usize| if strength { view.weight(p) } else { 1.0 };
            let mut targets = Vec::with_capacity(ta.len() + tb.len());
            let mut weights = Vec::with_capacity(ta.len() + tb.len());
            let (mut i, mut j) = (0, 0);
            while i < ta.len() || j < tb.len() {
                if j >= tb.len() || (i < ta.len() && ta[i] < tb[j]) {
                    targets.push(ta[i]);
                    weights.push(value(&out, a.start + i));
                    i += 1;
                } else if i >= ta.len() || tb[j] < ta[i] {
                    targets.push(tb[j]);
                    weights.push(value(&inc, b.start + j));
                    j += 1;
                } else {
                    targets.push(ta[i]);
                    weights.push(value(&out, a.start + i) + value(&inc, b.start + j));
                    i += 1;
                    j += 1;
                }
            }
            (targets, weights)
        })
        .collect();
    flatten(rows, true)
}

/// Lays out per-node rows as one adjacency.
fn flatten(rows: Vec<(Vec<NodeId>, Vec<f64>)>, keep_weights: bool) -> View<'static> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    offsets.push(0u64);
    let mut total = 0u64;
    for (t, _) in &rows {
        total += t.len() as u64;
        offsets.push(total);
    }
    let mut targets = Vec::with_capacity(total as usize);
    let mut weights = Vec::with_capacity(if keep_weights { total as usize } else { 0 });
    for (t, w) in rows {
        targets.extend_from_slice(&t);
        if keep_weights {
            weights.extend_from_slice(&w);
        }
    }
    View {
        adj: Cow::Owned(Adjacency {
            offsets: offsets.into(),
            targets: targets.into(),
        }),
        weights: keep_weights.then_some(Cow::Owned(weights)),
    }
}

/// Runs `body(worker_state, block)` for every block `0..blocks` on up to
/// `rayon::current_num_threads()` workers that take blocks from a shared counter (dynamic load
/// balancing), and returns the workers' states. Which worker ran which block depends on
/// scheduling, so callers must combine the states order-independently: disjoint per-node writes
/// or integer sums.
pub(crate) fn for_each_block<W: Send>(
    blocks: usize,
    init: impl Fn() -> W + Sync,
    body: impl Fn(&mut W, usize) + Sync,
) -> Vec<W> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = rayon::current_num_threads().min(blocks).max(1);
    let next = AtomicUsize::new(0);
    (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut state = init();
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks {
                    break;
                }
                body(&mut state, b);
            }
            state
        })
        .collect()
}

/// Calls `f(u, row)` on every node's row, in parallel over blocks of nodes (shared with
/// `graph::build`).
pub(crate) use crate::graph::for_each_node_block as fill_rows;
