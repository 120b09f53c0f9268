//! [`CommunityGraph`]: the symmetric weighted view of a [`Graph`] on which communities are detected
//! and scored.

use std::borrow::Cow;

use rayon::prelude::*;

use super::CommunityConfig;
use crate::graph::{Graph, NodeId, MAX_LAYERS};

/// Below this many nodes the view is built sequentially.
const PARALLEL_NODES: usize = 4096;

/// The symmetric weighted view that community detection works on.
///
/// Entry `S[u][v]` is the weight of the pair u–v:
/// - *undirected view* (the default): `S[u][v] = w(u → v) + w(v → u)` summed over the selected
///   layers, as the data README and igraph's `as_undirected(mode="collapse", combine="sum")` do;
///   with `weighted = false` it is 1 for every connected pair (the simple view).
/// - *directed view* (`directed = true`, Leicht–Newman modularity): `S = A + Aᵀ` where `A[u][v]`
///   is the weight of u → v (1 per connected ordered pair when unweighted), and every node keeps
///   its out- and in-strength separately.
///
/// For undirected graphs the two views coincide. There are no self-loops (the graph has none).
/// When the graph is undirected and single-layer the adjacency is borrowed from it, not copied.
#[derive(Debug, Clone)]
pub struct CommunityGraph<'g> {
    pub(crate) offsets: Cow<'g, [u64]>,
    pub(crate) targets: Cow<'g, [NodeId]>,
    /// Weight per entry; empty when every weight is 1.
    pub(crate) weights: Cow<'g, [f64]>,
    /// Out-strength (the undirected view: strength) of every node.
    pub(crate) out_strength: Vec<f64>,
    /// In-strength of every node (directed view only).
    pub(crate) in_strength: Option<Vec<f64>>,
    /// Total edge weight `m`: `Σ A` (directed view) or `Σ S / 2` (undirected view).
    pub(crate) total: f64,
}

impl<'g> CommunityGraph<'g> {
    /// Builds the view that `cfg` describes: `cfg.directed` (ignored for undirected graphs and for
    /// the CPM objective, which is defined on the undirected view), `cfg.weighted` and
    /// `cfg.layers` (layer names that are not in the graph select nothing; see
    /// [`CommunityConfig::check_layers`]).
    ///
    /// # Arguments
    /// * `g` - the graph.
    /// * `cfg` - which view: direction, weights, layers.
    ///
    /// # Returns
    /// The view; it borrows `g`.
    ///
    /// # Complexity
    /// O(n + m) time and memory (none for a single-layer undirected graph with unit or stored
    /// weights); parallel over nodes, identical for any thread count.
    pub fn new(g: &'g Graph, cfg: &CommunityConfig) -> CommunityGraph<'g> {
        let directed = g.is_directed() && cfg.directed && cfg.objective.is_modularity();
        let selected = cfg.layer_mask(g);
        let all_layers = (0..g.layers().len().max(1)).all(|l| selected[l]);
        let view = if !g.is_directed() && g.layer.is_none() && all_layers {
            borrowed(g, cfg.weighted)
        } else {
            merged(g, cfg.weighted, directed, &selected)
        };
        debug_assert_eq!(view.offsets.len(), g.node_count() + 1);
        view
    }

    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether this is the directed (Leicht–Newman) view.
    #[inline]
    pub fn is_directed(&self) -> bool {
        self.in_strength.is_some()
    }

    /// Total edge weight `m`: the sum of `A` for the directed view, of the undirected edge
    /// weights (each pair once) for the undirected view.
    #[inline]
    pub fn total_weight(&self) -> f64 {
        self.total
    }

    /// Strength of every node in the undirected view, `Σ_v S[u][v]` (for the directed view: out-
    /// plus in-strength).
    pub fn strength(&self) -> Vec<f64> {
        match &self.in_strength {
            Some(ins) => self
                .out_strength
                .iter()
                .zip(ins)
                .map(|(a, b)| a + b)
                .collect(),
            None => self.out_strength.clone(),
        }
    }

    /// The positions of `u`'s entries.
    #[inline]
    pub(crate) fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u] as usize..self.offsets[u + 1] as usize
    }
}

/// The adjacency of a single-layer undirected graph, borrowed.
fn borrowed(g: &Graph, weighted: bool) -> CommunityGraph<'_> {
    let out = g.out_adjacency();
    let weights: Cow<'_, [f64]> = match (weighted, &g.weight, &g.multiplicity) {
        (true, Some(w), _) => Cow::Borrowed(w.as_slice()),
        (true, None, Some(m)) => Cow::Owned(m.iter().map(|&x| f64::from(x)).collect()),
        _ => Cow::Borrowed(&[]),
    };
    let n = g.node_count();
    let strength: Vec<f64> = map_nodes(n, |u| {
        let r = out.range(u as NodeId);
        if weights.is_empty() {
            r.len() as f64
        } else {
            weights[r].iter().sum()
        }
    });
    let total = strength.iter().sum::<f64>() / 2.0;
    CommunityGraph {
        offsets: Cow::Borrowed(&out.offsets),
        targets: Cow::Borrowed(&out.targets),
        weights,
        out_strength: strength,
        in_strength: None,
        total,
    }
}

/// The merged view of a directed or multi-layer graph.
fn merged<'g>(
    g: &'g Graph,
    weighted: bool,
    directed: bool,
    selected: &[bool; MAX_LAYERS + 1],
) -> CommunityGraph<'g> {
    let n = g.node_count();
    // First pass: the number of distinct neighbours of every node.
    let counts: Vec<u64> = map_nodes(n, |u| {
        let mut count = 0u64;
        for_each_pair(g, u as NodeId, weighted, directed, selected, |_, _, _| {
            count += 1
        });
        count
    });
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u64);
    let mut acc = 0u64;
    for &c in &counts {
        acc += c;
        offsets.push(acc);
    }
    drop(counts);
    // Second pass: fill neighbours, weights and strengths, each node writing its own slice. The
    // simple undirected view keeps no weights (every one is 1), so none are allocated: 8 bytes
    // per entry saved, which decides whether a billion-edge view fits in memory.
    let keep_weights = weighted || directed;
    let total_entries = acc as usize;
    let mut targets = vec![0 as NodeId; total_entries];
    let mut weights = vec![0.0f64; if keep_weights { total_entries } else { 0 }];
    let mut out_strength = vec![0.0f64; n];
    let mut in_strength = vec![0.0f64; n];
    {
        let mut t_slices = split_by_offsets(&mut targets, &offsets);
        let mut w_slices = if keep_weights {
            split_by_offsets(&mut weights, &offsets)
        } else {
            (0..n).map(|_| <&mut [f64]>::default()).collect()
        };
        let fill = |(u, ((t, w), (out_s, in_s))): Slot<'_, '_>| {
            let mut k = 0;
            let (mut so, mut si) = (0.0, 0.0);
            for_each_pair(
                g,
                u as NodeId,
                weighted,
                directed,
                selected,
                |v, a_uv, a_vu| {
                    t[k] = v;
                    if keep_weights {
                        w[k] = a_uv + a_vu;
                    }
                    k += 1;
                    so += a_uv;
                    si += a_vu;
                },
            );
            *out_s = so;
            *in_s = si;
        };
        if n < PARALLEL_NODES {
            t_slices
                .iter_mut()
                .zip(w_slices.iter_mut())
                .zip(out_strength.iter_mut().zip(in_strength.iter_mut()))
                .enumerate()
                .for_each(fill);
        } else {
            t_slices
                .par_iter_mut()
                .zip(w_slices.par_iter_mut())
                .zip(out_strength.par_iter_mut().zip(in_strength.par_iter_mut()))
                .enumerate()
                .with_min_len(1024)
                .for_each(fill);
        }
    }
    // In the undirected view the strength is the sum of both directions, which `fill` split
    // between `out_s` and `in_s`; recompute it from the symmetric weights.
    if !directed {
        out_strength = map_nodes(n, |u| {
            if keep_weights {
                weights[offsets[u] as usize..offsets[u + 1] as usize]
                    .iter()
                    .sum()
            } else {
                (offsets[u + 1] - offsets[u]) as f64
            }
        });
    }
    // The simple undirected view: `weights` is empty, every weight is 1.
    let weights: Cow<'g, [f64]> = Cow::Owned(weights);
    let total = if directed {
        out_strength.iter().sum::<f64>()
    } else {
        out_strength.iter().sum::<f64>() / 2.0
    };
    CommunityGraph {
        offsets: Cow::Owned(offsets),
        targets: Cow::Owned(targets),
        weights,
        out_strength,
        in_strength: directed.then_some(in_strength),
        total,
    }
}

/// One node's share of the second pass: its neighbour and weight slices and strengths.
type Slot<'a, 'b> = (
    usize,
    (
        (&'a mut &'b mut [NodeId], &'a mut &'b mut [f64]),
        (&'a mut f64, &'a mut f64),
    ),
);

/// Calls `emit(v, a_uv, a_vu)` for every neighbour `v` of `u` in ascending order, where `a_uv` is
/// the weight of u → v and `a_vu` of v → u in the selected layers. In the undirected view (or for
/// undirected graphs) `a_uv` carries the pair's whole weight and `a_vu` is 0.
fn for_each_pair(
    g: &Graph,
    u: NodeId,
    weighted: bool,
    directed: bool,
    selected: &[bool; MAX_LAYERS + 1],
    mut emit: impl FnMut(NodeId, f64, f64),
) {
    let out = g.out_adjacency();
    let out_range = out.range(u);
    let (in_targets, in_range) = if g.is_directed() {
        let inc = g.in_adjacency();
        (&inc.targets[..], inc.range(u))
    } else {
        (&out.targets[..], 0..0)
    };
    let (mut i, mut j) = (out_range.start, in_range.start);
    while i < out_range.end || j < in_range.end {
        let v_out = if i < out_range.end {
            out.targets[i]
        } else {
            NodeId::MAX
        };
        let v_in = if j < in_range.end {
            in_targets[j]
        } else {
            NodeId::MAX
        };
        let v = v_out.min(v_in);
        // Sum the selected layer-edges u → v and v → u.
        let (mut w_uv, mut w_vu) = (0.0, 0.0);
        let (mut any_uv, mut any_vu) = (false, false);
        while i < out_range.end && out.targets[i] == v {
            if selected[g.layer(i) as usize] {
                w_uv += g.weight(i);
                any_uv = true;
            }
            i += 1;
        }
        while j < in_range.end && in_targets[j] == v {
            let p = g.in_to_out(j);
            if selected[g.layer(p) as usize] {
                w_vu += g.weight(p);
                any_vu = true;
            }
            j += 1;
        }
        if !(any_uv || any_vu) {
            continue;
        }
        let (a_uv, a_vu) = match (weighted, directed) {
            (true, true) => (w_uv, w_vu),
            (true, false) => (w_uv + w_vu, 0.0),
            (false, true) => (f64::from(u8::from(any_uv)), f64::from(u8::from(any_vu))),
            (false, false) => (1.0, 0.0),
        };
        emit(v, a_uv, a_vu);
    }
}

/// `f(u)` for every node, in parallel above [`PARALLEL_NODES`].
pub(crate) fn map_nodes<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if n < PARALLEL_NODES {
        (0..n).map(f).collect()
    } else {
        (0..n).into_par_iter().with_min_len(1024).map(&f).collect()
    }
}

/// Splits `data` into one mutable slice per node along CSR `offsets`.
fn split_by_offsets<'a, T>(mut data: &'a mut [T], offsets: &[u64]) -> Vec<&'a mut [T]> {
    let mut slices = Vec::with_capacity(offsets.len().saturating_sub(1));
    for w in offsets.windows(2) {
        let (head, tail) = data.split_at_mut((w[1] - w[0]) as usize);
        slices.push(head);
        data = tail;
    }
    slices
}
