//! Degrees and strengths on the combined view, and per-layer in-degrees.

use rayon::prelude::*;

use crate::graph::{Adjacency, Graph, NodeId};

/// Degrees and strengths of every node.
#[derive(Debug, Clone, PartialEq)]
pub struct Degrees {
    /// Distinct accounts that pay attention to the node (combined view; audience).
    pub in_degree: Vec<u32>,
    /// Distinct accounts the node pays attention to (combined view; activity).
    pub out_degree: Vec<u32>,
    /// Sum of the weights of incoming layer-edges.
    pub in_strength: Vec<f64>,
    /// Sum of the weights of outgoing layer-edges.
    pub out_strength: Vec<f64>,
    /// `per_layer_in[l][v]`: distinct accounts that pay attention to `v` in layer `l`.
    pub per_layer_in: Vec<Vec<u32>>,
}

/// Computes [`Degrees`]. For undirected graphs in- and out- values are equal (the degree).
///
/// # Complexity
/// O(n + m), parallel over nodes.
pub fn degrees(g: &Graph) -> Degrees {
    let n = g.node_count() as NodeId;
    let side = |adj: &Adjacency, incoming: bool| -> (Vec<u32>, Vec<f64>) {
        (0..n)
            .into_par_iter()
            .with_min_len(1024)
            .map(|u| {
                let r = adj.range(u);
                let nbrs = &adj.targets[r.clone()];
                let distinct = count_runs(nbrs);
                let strength: f64 = r
                    .map(|p| g.weight(if incoming { g.in_to_out(p) } else { p }))
                    .sum();
                (distinct, strength)
            })
            .unzip()
    };
    let (out_degree, out_strength) = side(g.out_adjacency(), false);
    let (in_degree, in_strength) = if g.is_directed() {
        side(g.in_adjacency(), true)
    } else {
        (out_degree.clone(), out_strength.clone())
    };
    let layers = g.layers().len();
    let per_layer_in = if layers > 1 {
        let inc = g.in_adjacency();
        let counts: Vec<Vec<u32>> = (0..n)
            .into_par_iter()
            .with_min_len(1024)
            .map(|v| {
                let mut c = vec![0u32; layers];
                for p in inc.range(v) {
                    c[g.layer(g.in_to_out(p)) as usize] += 1;
                }
                c
            })
            .collect();
        (0..layers)
            .map(|l| counts.iter().map(|c| c[l]).collect())
            .collect()
    } else {
        vec![in_degree.clone()]
    };
    Degrees {
        in_degree,
        out_degree,
        in_strength,
        out_strength,
        per_layer_in,
    }
}

/// Number of distinct values in a sorted slice.
#[inline]
pub(crate) fn count_runs(sorted: &[NodeId]) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    1 + sorted.windows(2).filter(|w| w[0] != w[1]).count() as u32
}
