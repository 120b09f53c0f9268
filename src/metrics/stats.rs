//! Graph-level figures for summary.json.

use rayon::prelude::*;
use serde::Serialize;

use super::degree::count_runs;
use super::Metrics;
use crate::graph::{Graph, NodeId};

/// Graph-level figures. Edge counts are of the combined simple view unless named per layer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GraphStats {
    /// Number of accounts.
    pub nodes: u64,
    /// Distinct ordered pairs (directed) or unordered pairs (undirected) with an edge in any layer.
    pub edges: u64,
    /// Layer-edges per layer (interaction kind).
    pub edges_per_layer: std::collections::BTreeMap<String, u64>,
    /// Whether edges are directed.
    pub directed: bool,
    /// `edges / (n (n - 1))` directed, `2 edges / (n (n - 1))` undirected.
    pub density: f64,
    /// Share of directed edges u → v whose reverse v → u exists (igraph/NetworkX "overall
    /// reciprocity"); `None` for undirected graphs.
    pub reciprocity: Option<f64>,
    /// Accounts with no edge (only in the accounts table).
    pub isolated_nodes: u64,
    /// Number of weak components.
    pub weak_components: u64,
    /// Size of the largest weak component.
    pub largest_weak_component: u64,
    /// Number of strong components.
    pub strong_components: u64,
    /// Size of the largest strong component.
    pub largest_strong_component: u64,
}

/// Computes [`GraphStats`] from the graph and its metrics.
pub fn graph_stats(g: &Graph, m: &Metrics) -> GraphStats {
    let n = g.node_count() as u64;
    let out_pairs: u64 = m.degrees.out_degree.iter().map(|&d| u64::from(d)).sum();
    let edges = if g.is_directed() {
        out_pairs
    } else {
        out_pairs / 2
    };
    let mut per_layer = vec![0u64; g.layers().len()];
    for p in 0..g.entry_count() {
        per_layer[g.layer(p) as usize] += 1;
    }
    if !g.is_directed() {
        per_layer.iter_mut().for_each(|c| *c /= 2);
    }
    let pairs = n as f64 * (n as f64 - 1.0);
    let density = if n < 2 {
        0.0
    } else if g.is_directed() {
        edges as f64 / pairs
    } else {
        2.0 * edges as f64 / pairs
    };
    let reciprocity = g.is_directed().then(|| {
        let out = g.out_adjacency();
        let mutual: u64 = (0..n as NodeId)
            .into_par_iter()
            .with_min_len(1024)
            .map(|u| {
                let nbrs = out.neighbors(u);
                let mut count = 0u64;
                let mut last = None;
                for &v in nbrs {
                    if last == Some(v) {
                        continue;
                    }
                    last = Some(v);
                    if out.neighbors(v).binary_search(&u).is_ok() {
                        count += 1;
                    }
                }
                count
            })
            .sum();
        if edges == 0 {
            0.0
        } else {
            mutual as f64 / edges as f64
        }
    });
    let isolated = (0..n as NodeId)
        .filter(|&u| count_runs(g.out_neighbors(u)) == 0 && count_runs(g.in_neighbors(u)) == 0)
        .count() as u64;
    GraphStats {
        nodes: n,
        edges,
        edges_per_layer: g.layers().iter().cloned().zip(per_layer).collect(),
        directed: g.is_directed(),
        density,
        reciprocity,
        isolated_nodes: isolated,
        weak_components: m.wcc.count() as u64,
        largest_weak_component: u64::from(m.wcc.largest()),
        strong_components: m.scc.count() as u64,
        largest_strong_component: u64::from(m.scc.largest()),
    }
}
