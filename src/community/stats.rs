//! Descriptive statistics of the communities of a partition, for the communities table and the
//! community-to-community attention matrix. Pure functions of the graph (all layers, edge weights
//! as strengths) and the partition.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::partition::CommunityId;
use super::view::map_nodes;
use super::Partition;
use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};

/// Parameters of [`community_stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsConfig {
    /// Length of each top-accounts list.
    pub top: usize,
}

impl StatsConfig {
    /// Default length of the top-accounts lists.
    pub const DEFAULT_TOP: usize = 5;

    /// Checks the ranges.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] when `top` is 0.
    pub fn validate(&self) -> Result<()> {
        if self.top == 0 {
            return Err(Error::InvalidConfig {
                field: "community.stats.top",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

impl Default for StatsConfig {
    fn default() -> Self {
        StatsConfig {
            top: Self::DEFAULT_TOP,
        }
    }
}

/// A node with the value it is ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ranked<T> {
    /// The node.
    pub node: NodeId,
    /// Its value.
    pub value: T,
}

/// One row of the communities table.
///
/// Degrees are distinct neighbours in the combined view (all layers); weights are summed over
/// layers. For undirected graphs "in" and "out" are the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunityStats {
    /// Canonical community id.
    pub id: CommunityId,
    /// Number of members.
    pub size: u32,
    /// Edges with both ends inside: ordered pairs u → v for directed graphs, unordered pairs for
    /// undirected ones.
    pub internal_edges: u64,
    /// `internal_edges` over the number possible: `s(s − 1)` directed, `s(s − 1)/2` undirected;
    /// 0 for a single member.
    pub internal_density: f64,
    /// Weight of the internal edges.
    pub internal_weight: f64,
    /// Weight of the edges between a member and a non-member, either direction.
    pub cut_weight: f64,
    /// Sum of the members' strengths (in plus out): `2 · internal_weight + cut_weight`.
    pub volume: f64,
    /// `cut_weight / min(volume, total volume − volume)` (Kannan, Vempala & Vetta 2004); 0 when
    /// that minimum is 0. Low is well separated.
    pub conductance: f64,
    /// Sum of the members' in-strength: attention received, from inside and outside.
    pub attention_received: f64,
    /// `attention_received` over the total in-strength of the graph.
    pub attention_share: f64,
    /// Members by within-community in-degree (distinct members paying attention to them),
    /// descending, ties by node id; members with none are left out.
    pub top_internal: Vec<Ranked<u32>>,
    /// Members by the score vector given to [`community_stats`] (e.g. PageRank), descending,
    /// ties by node id; empty when no scores were given.
    pub top_score: Vec<Ranked<f64>>,
    /// Bridging members: distinct neighbours (either direction) in other communities,
    /// descending, ties by node id; members with none are left out.
    pub top_bridges: Vec<Ranked<u32>>,
    /// Per layer (indexed by layer id): layer-edges with both ends inside.
    pub layer_internal: Vec<u64>,
    /// Per layer: layer-edges from a non-member to a member (for undirected graphs: between a
    /// member and a non-member).
    pub layer_incoming: Vec<u64>,
}

/// What one node contributes to its community's row (computed from the node's own edges and
/// the communities of its neighbours; in cluster mode by the node's owner, see
/// [`node_facts_from`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct NodeFacts {
    /// Distinct members of the node's community with an edge to it.
    pub internal_in: u32,
    /// Distinct members of the node's community it has an edge to.
    pub internal_out: u32,
    /// Distinct neighbours (either direction) in other communities.
    pub external: u32,
    /// In-strength (all layers).
    pub in_strength: f64,
    /// Out- plus in-strength.
    pub volume: f64,
    /// Weight of its edges to and from other communities.
    pub cut: f64,
}

/// The communities table: one [`CommunityStats`] per community, in id order.
///
/// # Arguments
/// * `g` - the graph (all layers are used).
/// * `partition` - a partition of `g`'s nodes.
/// * `scores` - optional per-node scores to rank members by (e.g. PageRank); `NaN` ranks last.
/// * `cfg` - length of the top lists.
///
/// # Returns
/// The rows, indexed by community id.
///
/// # Complexity
/// O(n log n + m), parallel over nodes and communities with a fixed summation order (identical
/// for any thread count).
///
/// # Panics
/// If the partition or the scores do not have one entry per node.
pub fn community_stats(
    g: &Graph,
    partition: &Partition,
    scores: Option<&[f64]>,
    cfg: &StatsConfig,
) -> Vec<CommunityStats> {
    let n = g.node_count();
    // Checked before the facts index the membership; `stats_from_facts` checks the scores.
    assert_eq!(partition.node_count(), n, "one community per node");
    let memb = partition.membership();
    let facts: Vec<NodeFacts> = map_nodes(n, |u| node_facts(g, memb, u as NodeId));
    let layers = g.layers().len().max(1);
    stats_from_facts(
        &facts,
        partition,
        g.is_directed(),
        |c, nodes| layer_mix(g, memb, nodes, c, layers),
        scores,
        cfg,
    )
}

/// The communities table from every node's [`NodeFacts`] and, per community, its per-layer
/// internal and incoming layer-edge counts (`layer_counts(c, members)`): the part of
/// [`community_stats`] that needs no graph, shared with cluster mode, which gathers these parts
/// from the workers. Sums run in node order, so the result does not depend on where the parts
/// were computed.
///
/// # Panics
/// If the partition or the scores do not have one entry per fact.
pub(crate) fn stats_from_facts(
    facts: &[NodeFacts],
    partition: &Partition,
    directed: bool,
    layer_counts: impl Fn(u32, &[NodeId]) -> (Vec<u64>, Vec<u64>) + Sync,
    scores: Option<&[f64]>,
    cfg: &StatsConfig,
) -> Vec<CommunityStats> {
    let n = facts.len();
    assert_eq!(partition.node_count(), n, "one community per node");
    if let Some(s) = scores {
        assert_eq!(s.len(), n, "one score per node");
    }
    let total_volume: f64 = facts.iter().map(|f| f.volume).sum();
    let total_in: f64 = facts.iter().map(|f| f.in_strength).sum();
    let members = partition.members();
    let row = |c: usize| -> CommunityStats {
        let nodes = members.of(c as CommunityId);
        let size = nodes.len() as u32;
        let (mut internal_out, mut volume, mut cut, mut attention) = (0u64, 0.0, 0.0, 0.0);
        for &u in nodes {
            let f = &facts[u as usize];
            internal_out += u64::from(f.internal_out);
            volume += f.volume;
            cut += f.cut;
            attention += f.in_strength;
        }
        let internal_edges = if directed {
            internal_out
        } else {
            internal_out / 2
        };
        let s = f64::from(size);
        let pairs = if directed {
            s * (s - 1.0)
        } else {
            s * (s - 1.0) / 2.0
        };
        let denominator = volume.min(total_volume - volume);
        let (layer_internal, layer_incoming) = layer_counts(c as u32, nodes);
        CommunityStats {
            id: c as CommunityId,
            size,
            internal_edges,
            internal_density: if size > 1 {
                internal_edges as f64 / pairs
            } else {
                0.0
            },
            internal_weight: (volume - cut) / 2.0,
            cut_weight: cut,
            volume,
            conductance: if denominator > 0.0 {
                cut / denominator
            } else {
                0.0
            },
            attention_received: attention,
            attention_share: if total_in > 0.0 {
                attention / total_in
            } else {
                0.0
            },
            top_internal: top(nodes, cfg.top, |u| facts[u as usize].internal_in, true),
            top_score: scores.map_or_else(Vec::new, |sc| top_f64(nodes, cfg.top, sc)),
            top_bridges: top(nodes, cfg.top, |u| facts[u as usize].external, true),
            layer_internal,
            layer_incoming,
        }
    };
    let k = partition.count();
    if n < 4096 {
        (0..k).map(row).collect()
    } else {
        (0..k).into_par_iter().map(row).collect()
    }
}

/// Per-node degrees and strengths relative to the node's community.
fn node_facts(g: &Graph, memb: &[u32], u: NodeId) -> NodeFacts {
    let out = g.out_adjacency();
    let start = out.range(u).start;
    if !g.is_directed() {
        return node_facts_from(
            out.neighbors(u),
            |i| g.weight(start + i),
            &[],
            |_| 0.0,
            false,
            memb,
            memb[u as usize],
        );
    }
    let inc = g.in_adjacency();
    let in_start = inc.range(u).start;
    node_facts_from(
        out.neighbors(u),
        |i| g.weight(start + i),
        inc.neighbors(u),
        |i| g.weight(g.in_to_out(in_start + i)),
        true,
        memb,
        memb[u as usize],
    )
}

/// A node's [`NodeFacts`] from its layer-edges: `out` its out-neighbours (sorted, one entry per
/// layer-edge, `out_weight(i)` the weight of entry `i`), `inc` its in-neighbours likewise
/// (directed graphs only; an undirected graph stores every edge from both ends in `out`), `c` its
/// community. Sums run in entry order.
pub(crate) fn node_facts_from(
    out: &[NodeId],
    out_weight: impl Fn(usize) -> f64,
    inc: &[NodeId],
    in_weight: impl Fn(usize) -> f64,
    directed: bool,
    memb: &[u32],
    c: u32,
) -> NodeFacts {
    let mut f = NodeFacts::default();
    // Out-side: distinct targets (entries are sorted by target, one per layer).
    let mut last = None;
    for (i, &v) in out.iter().enumerate() {
        let w = out_weight(i);
        let inside = memb[v as usize] == c;
        f.volume += w;
        if !inside {
            f.cut += w;
        }
        if last != Some(v) {
            last = Some(v);
            if inside {
                f.internal_out += 1;
            }
        }
    }
    if !directed {
        f.internal_in = f.internal_out;
        f.in_strength = f.volume;
        f.external = distinct_outside(out, &[], memb, c);
        return f;
    }
    let mut last = None;
    for (i, &x) in inc.iter().enumerate() {
        let w = in_weight(i);
        let inside = memb[x as usize] == c;
        f.volume += w;
        f.in_strength += w;
        if !inside {
            f.cut += w;
        }
        if last != Some(x) {
            last = Some(x);
            if inside {
                f.internal_in += 1;
            }
        }
    }
    f.external = distinct_outside(out, inc, memb, c);
    f
}

/// Number of distinct nodes of two sorted lists whose community is not `c`.
fn distinct_outside(a: &[NodeId], b: &[NodeId], memb: &[u32], c: u32) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    let mut last = None;
    while i < a.len() || j < b.len() {
        let v = if j >= b.len() || (i < a.len() && a[i] <= b[j]) {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        if last != Some(v) {
            last = Some(v);
            if memb[v as usize] != c {
                count += 1;
            }
        }
    }
    count
}

/// Layer-edge counts inside community `c` and into it, per layer.
fn layer_mix(
    g: &Graph,
    memb: &[u32],
    nodes: &[NodeId],
    c: u32,
    layers: usize,
) -> (Vec<u64>, Vec<u64>) {
    let mut internal = vec![0u64; layers];
    let mut incoming = vec![0u64; layers];
    let out = g.out_adjacency();
    let inc = g.is_directed().then(|| g.in_adjacency());
    for &u in nodes {
        let start = out.range(u).start;
        let (in_nbrs, in_start) =
            inc.map_or((&[][..], 0), |inc| (inc.neighbors(u), inc.range(u).start));
        add_layer_mix_from(
            u,
            out.neighbors(u),
            |i| g.layer(start + i) as usize,
            in_nbrs,
            |i| g.layer(g.in_to_out(in_start + i)) as usize,
            g.is_directed(),
            memb,
            c,
            (&mut internal, &mut incoming),
        );
    }
    (internal, incoming)
}

/// Adds node `u`'s layer-edges to its community `c`'s per-layer counts: `internal` the edges
/// inside `c`, `incoming` the edges into `c` from outside. `out` are `u`'s out-neighbours
/// (`out_layer(i)` the layer of entry `i`), `inc` its in-neighbours likewise (directed graphs
/// only). Shared with cluster mode, which counts the nodes each worker owns.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add_layer_mix_from(
    u: NodeId,
    out: &[NodeId],
    out_layer: impl Fn(usize) -> usize,
    inc: &[NodeId],
    in_layer: impl Fn(usize) -> usize,
    directed: bool,
    memb: &[u32],
    c: u32,
    (internal, incoming): (&mut [u64], &mut [u64]),
) {
    for (i, &v) in out.iter().enumerate() {
        if memb[v as usize] == c {
            // Undirected graphs store each edge from both ends: count it once.
            if directed || u < v {
                internal[out_layer(i)] += 1;
            }
        } else if !directed {
            incoming[out_layer(i)] += 1;
        }
    }
    if directed {
        for (i, &x) in inc.iter().enumerate() {
            if memb[x as usize] != c {
                incoming[in_layer(i)] += 1;
            }
        }
    }
}

/// The `k` nodes of largest `value` (ties by id), leaving out zeros when `skip_zero`.
fn top(
    nodes: &[NodeId],
    k: usize,
    value: impl Fn(NodeId) -> u32,
    skip_zero: bool,
) -> Vec<Ranked<u32>> {
    let mut all: Vec<Ranked<u32>> = nodes
        .iter()
        .map(|&u| Ranked {
            node: u,
            value: value(u),
        })
        .filter(|r| !skip_zero || r.value > 0)
        .collect();
    let key = |r: &Ranked<u32>| (std::cmp::Reverse(r.value), r.node);
    if all.len() > k {
        all.select_nth_unstable_by_key(k, key);
        all.truncate(k);
    }
    all.sort_unstable_by_key(key);
    all
}

/// The `k` nodes of largest score (ties by id; `NaN` last).
fn top_f64(nodes: &[NodeId], k: usize, scores: &[f64]) -> Vec<Ranked<f64>> {
    let mut all: Vec<Ranked<f64>> = nodes
        .iter()
        .map(|&u| Ranked {
            node: u,
            value: scores[u as usize],
        })
        .collect();
    let cmp = |a: &Ranked<f64>, b: &Ranked<f64>| {
        let rank = |x: f64| if x.is_nan() { f64::NEG_INFINITY } else { x };
        rank(b.value)
            .total_cmp(&rank(a.value))
            .then(a.node.cmp(&b.node))
    };
    if all.len() > k {
        all.select_nth_unstable_by(k, cmp);
        all.truncate(k);
    }
    all.sort_unstable_by(cmp);
    all
}

/// One cell of the community-to-community attention matrix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Flow {
    /// Community paying attention (the sources' community).
    pub from: CommunityId,
    /// Community receiving it (the targets' community).
    pub to: CommunityId,
    /// Sum of the weights of the edges u → v with u in `from` and v in `to`.
    pub weight: f64,
    /// Number of those layer-edges.
    pub edges: u64,
}

/// The community-to-community attention matrix, sparse: the weight of all edges u → v summed by
/// `(community(u), community(v))`, over all layers. For undirected graphs every edge counts once
/// in each direction, so the matrix is symmetric and its diagonal holds twice the internal weight.
///
/// # Arguments
/// * `g` - the graph.
/// * `partition` - a partition of its nodes.
///
/// # Returns
/// The non-zero cells, sorted by `(from, to)`.
///
/// # Complexity
/// O(m log d) for largest community out-degree d, parallel over communities with a fixed
/// summation order.
///
/// # Panics
/// If the partition does not have one entry per node.
pub fn community_flows(g: &Graph, partition: &Partition) -> Vec<Flow> {
    assert_eq!(
        partition.node_count(),
        g.node_count(),
        "one community per node"
    );
    let memb = partition.membership();
    let out = g.out_adjacency();
    flows_from(partition, |u, cells| {
        for p in out.range(u) {
            cells.push((memb[out.targets[p] as usize], g.weight(p)));
        }
    })
}

/// The community-to-community matrix from every node's out-edges: `edges(u, cells)` pushes
/// `(community of the target, weight)` for each of `u`'s out-layer-edges, in adjacency order. The
/// part of [`community_flows`] that needs no graph, shared with cluster mode, which gathers the
/// edges from the workers when the weights are not all integers (then the summation order
/// matters).
pub(crate) fn flows_from(
    partition: &Partition,
    edges: impl Fn(NodeId, &mut Vec<(u32, f64)>) + Sync,
) -> Vec<Flow> {
    let members = partition.members();
    let row = |c: usize| -> Vec<Flow> {
        let mut cells: Vec<(u32, f64)> = Vec::new();
        for &u in members.of(c as CommunityId) {
            edges(u, &mut cells);
        }
        // A stable sort keeps the summation order of equal keys fixed.
        cells.sort_by_key(|&(d, _)| d);
        let mut flows: Vec<Flow> = Vec::new();
        for (d, w) in cells {
            match flows.last_mut() {
                Some(f) if f.to == d => {
                    f.weight += w;
                    f.edges += 1;
                }
                _ => flows.push(Flow {
                    from: c as CommunityId,
                    to: d,
                    weight: w,
                    edges: 1,
                }),
            }
        }
        flows
    };
    let k = partition.count();
    let rows: Vec<Vec<Flow>> = if partition.node_count() < 4096 {
        (0..k).map(row).collect()
    } else {
        (0..k).into_par_iter().map(row).collect()
    };
    rows.into_iter().flatten().collect()
}
