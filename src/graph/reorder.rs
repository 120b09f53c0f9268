//! Vertex reordering (issue 11): permutations of the node ids that place nodes read together
//! next to each other in memory, and the graph relabelled by one.
//!
//! Kernels that sweep the CSR and read a per-node array at each neighbour (PageRank's pull
//! step, union-find, BFS) read that array in neighbour-id order; on a power-law graph relabelled
//! so that hubs (degree order) or BFS neighbours (BFS order) have close ids, more of those reads
//! hit a cache line already loaded. Whether that pays for the relabelling is measured in
//! BENCHMARKS.md ("Vertex reordering"); relais's commands do not reorder (the measurement did not
//! show a win worth it), so this module serves the scale benchmark and future kernels.

use rayon::prelude::*;

use super::build::for_each_node_block;
use super::{Adjacency, Graph, NodeId};

/// A relabelling of the nodes: `order[new] = old` and `rank[old] = new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permutation {
    /// Old id of each new id.
    pub order: Vec<NodeId>,
    /// New id of each old id.
    pub rank: Vec<NodeId>,
}

impl Permutation {
    /// The permutation listing the old ids in `order`.
    ///
    /// # Panics
    /// When `order` is not a permutation of `0..order.len()`.
    pub fn from_order(order: Vec<NodeId>) -> Self {
        let mut rank = vec![NodeId::MAX; order.len()];
        for (new, &old) in order.iter().enumerate() {
            assert!(
                rank[old as usize] == NodeId::MAX,
                "order repeats node {old}"
            );
            rank[old as usize] = new as NodeId;
        }
        Permutation { order, rank }
    }

    /// Per-node values of the relabelled graph (`values[new]`) back in the old ids.
    pub fn to_old<T: Copy + Send + Sync>(&self, values: &[T]) -> Vec<T> {
        self.rank.par_iter().map(|&r| values[r as usize]).collect()
    }
}

/// Entries (in-degree plus out-degree) of node `u`.
fn degree(g: &Graph, u: NodeId) -> u64 {
    let d = g.out.range(u).len() as u64;
    if g.directed {
        d + g.in_adjacency().range(u).len() as u64
    } else {
        d
    }
}

/// Nodes by degree (in + out entries), highest first, ties by id.
///
/// # Complexity
/// O(n log n).
pub fn degree_order(g: &Graph) -> Permutation {
    let n = g.node_count();
    let mut order: Vec<NodeId> = (0..n as NodeId).collect();
    order.par_sort_by_key(|&u| (std::cmp::Reverse(degree(g, u)), u));
    Permutation::from_order(order)
}

/// Breadth-first order on the undirected view (out- then in-neighbours, in adjacency order),
/// each component started from its node of highest degree (components in degree order): the
/// Cuthill–McKee order without its per-level degree sort.
///
/// # Complexity
/// O(n log n + m).
pub fn bfs_order(g: &Graph) -> Permutation {
    let n = g.node_count();
    let by_degree = degree_order(g).order;
    let mut seen = vec![false; n];
    let mut order: Vec<NodeId> = Vec::with_capacity(n);
    for &s in &by_degree {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        let mut head = order.len();
        order.push(s);
        while head < order.len() {
            let u = order[head];
            head += 1;
            let inc = if g.directed { g.in_neighbors(u) } else { &[] };
            for &v in g.out_neighbors(u).iter().chain(inc) {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    order.push(v);
                }
            }
        }
    }
    Permutation::from_order(order)
}

/// One direction of `adj` relabelled: rows in new-id order, each row's neighbours relabelled and
/// sorted by new id (stably, so the layers of one neighbour keep their order). Returns the
/// adjacency and, per new position, the old position.
fn permute_adjacency(adj: &Adjacency, p: &Permutation) -> (Adjacency, Vec<u64>) {
    let n = p.order.len();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u64);
    let mut acc = 0u64;
    for &old in &p.order {
        acc += adj.range(old).len() as u64;
        offsets.push(acc);
    }
    let mut entries: Vec<(NodeId, u64)> = vec![(0, 0); adj.targets.len()];
    for_each_node_block(&offsets, &mut entries, |u, row| {
        let r = adj.range(p.order[u]);
        for (slot, q) in row.iter_mut().zip(r) {
            *slot = (p.rank[adj.targets[q] as usize], q as u64);
        }
        row.sort_by_key(|e| e.0);
    });
    let targets: Vec<NodeId> = entries.par_iter().map(|e| e.0).collect();
    let old_pos: Vec<u64> = entries.into_par_iter().map(|e| e.1).collect();
    (
        Adjacency {
            offsets: offsets.into(),
            targets: targets.into(),
        },
        old_pos,
    )
}

fn gather<T: bytemuck::Pod + Send + Sync>(values: &[T], old_pos: &[u64]) -> Vec<T> {
    old_pos.par_iter().map(|&q| values[q as usize]).collect()
}

/// `g` with its nodes relabelled by `p` (node `old` becomes `p.rank[old]`): the same edges,
/// weights, multiplicities and layers, and the invariants of [`Graph`] (rows sorted by
/// neighbour, then layer). Per-node results on it map back with [`Permutation::to_old`].
///
/// # Complexity
/// O(m log d_max) time; 12 bytes per edge beside the new graph while it runs.
pub fn permute(g: &Graph, p: &Permutation) -> Graph {
    assert_eq!(
        p.order.len(),
        g.node_count(),
        "permutation of another graph"
    );
    let (out, out_old) = permute_adjacency(&g.out, p);
    let inc = g.inc.as_ref().map(|inc| permute_adjacency(inc, p));
    let in_to_out = match (&inc, &g.in_to_out) {
        (Some((_, in_old)), Some(map)) => {
            let mut new_pos = vec![0u32; out_old.len()];
            for (new, &old) in out_old.iter().enumerate() {
                new_pos[old as usize] = new as u32;
            }
            Some(
                in_old
                    .par_iter()
                    .map(|&q| new_pos[map[q as usize] as usize])
                    .collect::<Vec<u32>>()
                    .into(),
            )
        }
        _ => None,
    };
    Graph {
        directed: g.directed,
        out,
        inc: inc.map(|(adj, _)| adj),
        in_to_out,
        weight: g.weight.as_deref().map(|w| gather(w, &out_old).into()),
        multiplicity: g
            .multiplicity
            .as_deref()
            .map(|m| gather(m, &out_old).into()),
        layer: g.layer.as_deref().map(|l| gather(l, &out_old).into()),
        layer_names: g.layer_names.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, BuildConfig, EdgeTable, Interner};

    fn graph(edges: &[(&str, &str, u8, f64)], directed: bool) -> Graph {
        let mut names = Interner::new();
        let mut t = EdgeTable {
            layer_names: vec!["follow".into(), "repost".into()],
            ..EdgeTable::default()
        };
        let mut weights = Vec::new();
        for &(a, b, l, w) in edges {
            t.src.push(names.intern(a).unwrap());
            t.dst.push(names.intern(b).unwrap());
            t.layer.push(l);
            weights.push(w);
        }
        t.weight = Some(weights);
        build(&t, names.into_names(), &BuildConfig { directed }).0
    }

    /// Every layer-edge of `g` as (source, target, layer, weight, multiplicity), old ids.
    fn edges(g: &Graph, p: Option<&Permutation>) -> Vec<(u32, u32, u8, u64, u32)> {
        let old = |u: u32| p.map_or(u, |p| p.order[u as usize]);
        let mut e: Vec<_> = (0..g.node_count() as u32)
            .flat_map(|u| {
                g.out.range(u).map(move |q| {
                    (
                        old(u),
                        old(g.out.targets[q]),
                        g.layer(q),
                        g.weight(q).to_bits(),
                        g.multiplicity(q),
                    )
                })
            })
            .collect();
        e.sort_unstable();
        e
    }

    fn check(g: &Graph) {
        for p in [degree_order(g), bfs_order(g)] {
            let h = permute(g, &p);
            assert_eq!(edges(g, None), edges(&h, Some(&p)));
            for u in 0..h.node_count() as u32 {
                let row = h.out_neighbors(u);
                assert!(row.windows(2).all(|w| w[0] <= w[1]), "row {u} unsorted");
                // The in-side reaches the same attributes as the out-side.
                if !h.is_directed() {
                    continue;
                }
                assert!(h.in_to_out.is_some());
                for q in h.in_adjacency().range(u) {
                    let s = h.in_adjacency().targets[q];
                    let o = h.in_to_out(q);
                    assert_eq!(h.out.targets[o], u);
                    assert!(h.out.range(s).contains(&o));
                }
            }
            let new_ids: Vec<u32> = (0..h.node_count() as u32).collect();
            assert_eq!(p.to_old(&new_ids), p.rank);
        }
    }

    #[test]
    fn permute_keeps_edges_attributes_and_invariants() {
        let e = [
            ("a", "b", 0, 1.0),
            ("a", "b", 1, 2.0),
            ("a", "b", 1, 1.0),
            ("c", "a", 0, 1.0),
            ("d", "a", 0, 1.0),
            ("d", "c", 1, 4.0),
            ("e", "d", 0, 1.0),
            ("f", "g", 0, 1.0),
        ];
        check(&graph(&e, true));
        check(&graph(&e, false));
    }

    #[test]
    fn degree_order_puts_hubs_first() {
        let g = graph(
            &[
                ("a", "hub", 0, 1.0),
                ("b", "hub", 0, 1.0),
                ("c", "hub", 0, 1.0),
                ("a", "b", 0, 1.0),
            ],
            true,
        );
        let p = degree_order(&g);
        assert_eq!(p.order[0], 3, "the hub (id 3 of a, b, c, hub) comes first");
    }
}
