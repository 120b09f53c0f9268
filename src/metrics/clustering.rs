//! Triangles, local clustering and transitivity of the undirected simple view, and degree
//! assortativity.

use rayon::prelude::*;
use serde::Serialize;

use super::pagerank::ordered_sum;
use super::view::{fill_rows, for_each_block};
use crate::graph::{Adjacency, Graph, NodeId};

/// Triangle counts and clustering coefficients of an undirected simple graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Triangles each node is part of (NetworkX `triangles`).
    pub triangles: Vec<u64>,
    /// Local clustering coefficient `2 t / (d (d − 1))`, 0 when `d < 2` (NetworkX `clustering`).
    pub local: Vec<f64>,
    /// Graph-level figures.
    pub summary: ClusteringSummary,
}

/// Graph-level clustering figures for summary.json.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusteringSummary {
    /// Number of triangles.
    pub triangles: u64,
    /// Mean local clustering over all nodes, zeros included (NetworkX `average_clustering`).
    pub average_clustering: f64,
    /// `3 × triangles / connected triples` (NetworkX `transitivity`; 0 without triples).
    pub transitivity: f64,
}

/// Triangles and clustering coefficients (Watts & Strogatz 1998, "Collective dynamics of
/// 'small-world' networks", Nature 393; transitivity: Newman, Strogatz & Watts 2001) of an
/// undirected simple adjacency — pass [`crate::graph::undirected_simple`] of the graph, where
/// `u`–`v` is an edge when either pays attention to the other in any layer. Unweighted.
///
/// # Arguments
/// * `adj` - an undirected simple adjacency with sorted neighbour lists.
///
/// # Returns
/// [`Clustering`].
///
/// # Complexity
/// O(m^1.5) time: edges are oriented from lower to higher (degree, id) rank, so every node has
/// at most `√(2m)` higher neighbours, and each triangle is found once at its lowest node by
/// marking that node's higher neighbours. Parallel over nodes; counts are integers, so the
/// result is identical for any thread count. O(m) memory for the oriented lists plus O(n) per
/// worker.
///
/// # Example
/// ```
/// use relais::graph::Adjacency;
/// use relais::metrics::clustering;
/// // A triangle 0-1-2 with a tail 2-3.
/// let adj = Adjacency {
///     offsets: vec![0, 2, 4, 7, 8].into(),
///     targets: vec![1, 2, 0, 2, 0, 1, 3, 2].into(),
/// };
/// let c = clustering(&adj);
/// assert_eq!(c.triangles, [1, 1, 1, 0]);
/// assert_eq!(c.local, [1.0, 1.0, 1.0 / 3.0, 0.0]);
/// assert_eq!(c.summary.transitivity, 3.0 / 5.0);
/// ```
pub fn clustering(adj: &Adjacency) -> Clustering {
    let n = adj.offsets.len() - 1;
    let degree = |u: usize| adj.range(u as NodeId).len();
    let higher = |u: usize, v: NodeId| (degree(v as usize), v) > (degree(u), u as NodeId);
    // Oriented lists: the neighbours of higher rank, in id order.
    let counts: Vec<u64> = (0..n)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            adj.neighbors(u as NodeId)
                .iter()
                .filter(|&&v| higher(u, v))
                .count() as u64
        })
        .collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u64);
    let mut acc = 0;
    for c in counts {
        acc += c;
        offsets.push(acc);
    }
    let mut targets = vec![0 as NodeId; acc as usize];
    fill_rows(&offsets, &mut targets, |u, slice| {
        let mut k = 0;
        for &v in adj.neighbors(u as NodeId) {
            if higher(u, v) {
                slice[k] = v;
                k += 1;
            }
        }
    });
    let up = Adjacency {
        offsets: offsets.into(),
        targets: targets.into(),
    };

    const BLOCK: usize = 256;
    let workers = for_each_block(
        n.div_ceil(BLOCK),
        || (vec![0u32; n], vec![0u64; n]),
        |(mark, tri), b| {
            for u in b * BLOCK..((b + 1) * BLOCK).min(n) {
                let stamp = u as u32 + 1;
                let mine = up.neighbors(u as NodeId);
                for &v in mine {
                    mark[v as usize] = stamp;
                }
                for &v in mine {
                    for &w in up.neighbors(v) {
                        if mark[w as usize] == stamp {
                            tri[u] += 1;
                            tri[v as usize] += 1;
                            tri[w as usize] += 1;
                        }
                    }
                }
            }
        },
    );
    let triangles: Vec<u64> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|u| workers.iter().map(|(_, t)| t[u]).sum())
        .collect();
    let local: Vec<f64> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|u| {
            let d = degree(u) as f64;
            if d < 2.0 {
                0.0
            } else {
                2.0 * triangles[u] as f64 / (d * (d - 1.0))
            }
        })
        .collect();
    let total: u64 = triangles.iter().sum::<u64>() / 3;
    let triples: u128 = (0..n)
        .map(|u| {
            let d = degree(u) as u128;
            d * d.saturating_sub(1) / 2
        })
        .sum();
    let summary = ClusteringSummary {
        triangles: total,
        average_clustering: if n == 0 {
            0.0
        } else {
            ordered_sum(n, |u| local[u]) / n as f64
        },
        transitivity: if triples == 0 {
            0.0
        } else {
            3.0 * total as f64 / triples as f64
        },
    };
    Clustering {
        triangles,
        local,
        summary,
    }
}

/// Degree assortativity coefficients for summary.json.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Assortativity {
    /// On the graph as given: for directed graphs the Pearson correlation, over edges u → v, of
    /// the out-degree of u and the in-degree of v (NetworkX `degree_assortativity_coefficient`
    /// defaults `x='out', y='in'`, igraph `assortativity_degree(directed=True)`); for undirected
    /// graphs the correlation of the degrees at either end of an edge. NaN when a degree
    /// sequence has no variance (NetworkX and igraph give NaN too).
    pub degree: f64,
    /// The undirected coefficient of the undirected simple view.
    pub undirected_view: f64,
}

/// Degree assortativity (Newman 2002, "Assortative mixing in networks", Phys. Rev. Lett. 89;
/// Newman 2003 for the directed form) on the combined view: degrees count distinct neighbours,
/// weights are ignored.
///
/// # Arguments
/// * `g` - the graph.
/// * `simple` - its undirected simple view ([`crate::graph::undirected_simple`]).
///
/// # Returns
/// [`Assortativity`].
///
/// # Complexity
/// O(n + m); sums are exact integers, so the result does not depend on the thread count.
///
/// # Example
/// ```
/// use relais::graph::{build, undirected_simple, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::degree_assortativity;
/// // A star is perfectly disassortative.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for leaf in ["a", "b", "c"] {
///     t.src.push(ids.intern("hub").unwrap());
///     t.dst.push(ids.intern(leaf).unwrap());
/// }
/// let (g, _, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
/// let r = degree_assortativity(&g, &undirected_simple(&g));
/// assert!((r.undirected_view + 1.0).abs() < 1e-12);
/// ```
pub fn degree_assortativity(g: &Graph, simple: &Adjacency) -> Assortativity {
    let undirected_view =
        pearson_over_edges(simple, |u| distinct(simple, u), |v| distinct(simple, v));
    let degree = if g.is_directed() {
        let (out, inc) = (g.out_adjacency(), g.in_adjacency());
        pearson_over_edges(out, |u| distinct(out, u), |v| distinct(inc, v))
    } else {
        undirected_view
    };
    Assortativity {
        degree,
        undirected_view,
    }
}

/// Number of distinct neighbours of `u` (lists may repeat a neighbour once per layer).
fn distinct(adj: &Adjacency, u: NodeId) -> u64 {
    u64::from(super::degree::count_runs(adj.neighbors(u)))
}

/// Pearson correlation of `(x(u), y(v))` over the distinct pairs `u → v` of `adj`.
fn pearson_over_edges(
    adj: &Adjacency,
    x: impl Fn(NodeId) -> u64 + Sync,
    y: impl Fn(NodeId) -> u64 + Sync,
) -> f64 {
    let n = adj.offsets.len() - 1;
    // (count, Σx, Σy, Σx², Σy², Σxy), exact.
    type Sums = [u128; 6];
    let add = |a: Sums, b: Sums| -> Sums { std::array::from_fn(|i| a[i] + b[i]) };
    let s = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            let xu = u128::from(x(u));
            let mut s: Sums = [0; 6];
            let mut last = None;
            for &v in adj.neighbors(u) {
                if last == Some(v) {
                    continue;
                }
                last = Some(v);
                let yv = u128::from(y(v));
                s = add(s, [1, xu, yv, xu * xu, yv * yv, xu * yv]);
            }
            s
        })
        .reduce(|| [0; 6], add);
    let [m, sx, sy, sxx, syy, sxy] = s;
    // r = (m Σxy − Σx Σy) / √((m Σx² − (Σx)²)(m Σy² − (Σy)²)), with the differences taken
    // exactly in integers when they fit (always, below ~10^12 edges), so the only rounding is in
    // the final division.
    let diff = |a: u128, b: u128, c: u128, d: u128| -> Option<f64> {
        let ab = i128::try_from(a.checked_mul(b)?).ok()?;
        let cd = i128::try_from(c.checked_mul(d)?).ok()?;
        Some(ab.checked_sub(cd)? as f64)
    };
    let exact = (|| {
        Some((
            diff(m, sxy, sx, sy)?,
            diff(m, sxx, sx, sx)?,
            diff(m, syy, sy, sy)?,
        ))
    })();
    let (num, vx, vy) = exact.unwrap_or_else(|| {
        let [m, sx, sy, sxx, syy, sxy] = [m, sx, sy, sxx, syy, sxy].map(|v| v as f64);
        (m * sxy - sx * sy, m * sxx - sx * sx, m * syy - sy * sy)
    });
    let den = vx.sqrt() * vy.sqrt();
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}
