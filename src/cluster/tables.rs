//! communities.csv and community_flows.csv in cluster mode, for the label-propagation partition:
//! the same tables as a single-machine run, byte for byte.
//!
//! 1. worker 0, which has the partition, **broadcasts** every node's community;
//! 2. every worker computes, for the nodes it owns and from their two sides (all layers), the
//!    per-node [`NodeFacts`] (within-community degrees, bridging neighbours, strengths, cut) with
//!    `community::stats::node_facts_from`, the code of the single-machine table, in the same
//!    entry order; the per-layer internal and incoming layer-edge counts of every community; and
//!    the flow cells `(community(u), community(v))` of its out-edges;
//! 3. worker 0 **gathers** them and calls `stats_from_facts` and `flows_from`, the functions the
//!    single-machine `community_stats` and `community_flows` are made of; every floating-point
//!    sum then runs in node order as there.
//!
//! Flow weights: when every edge weight is an integer and their total is below 2^53 (always for
//! unweighted inputs, whose weights are record counts), every partial sum is exact, so each worker
//! sums its cells and worker 0 adds the partial sums (O(cells) gathered). Otherwise the order of
//! the sums matters: every out-edge's `(community of target, weight)` is gathered, in adjacency
//! order, and worker 0 sums them in the single-machine order (O(layer-edges) gathered to process
//! 0: the one part of cluster mode that does not scale with the processes).

use std::collections::BTreeMap;

use super::bsp::{Channel, Layout};
use super::kernels::{Placement, Side};
use crate::community::stats::{
    add_layer_mix_from, flows_from, node_facts_from, stats_from_facts, NodeFacts,
};
use crate::community::{CommunityStats, Flow, Partition, StatsConfig};
use crate::error::Result;
use crate::graph::NodeId;

/// The channels of [`community_tables`], built by every worker in the same order.
pub(crate) struct TableChannels {
    membership: Channel<u32>,
    totals: Channel<(u64, f64)>,
    facts: Channel<(NodeId, NodeFacts)>,
    mix: Channel<(u32, Vec<u64>)>,
    cells: Channel<(u32, u32, f64, u64)>,
    edges: Channel<(NodeId, u32, f64)>,
}

impl TableChannels {
    /// Builds the channels' dataflows.
    pub fn new(worker: &mut timely::worker::Worker) -> Self {
        TableChannels {
            membership: Channel::new(worker),
            totals: Channel::new(worker),
            facts: Channel::new(worker),
            mix: Channel::new(worker),
            cells: Channel::new(worker),
            edges: Channel::new(worker),
        }
    }
}

/// The tables of a cluster run, on worker 0.
pub(crate) struct CommunityTables {
    /// One row per community (as `community::community_stats`).
    pub stats: Vec<CommunityStats>,
    /// The community-to-community matrix (as `community::community_flows`).
    pub flows: Vec<Flow>,
}

/// Every worker's part of the tables; worker 0 passes the `partition` and the PageRank `scores`
/// of all nodes (by id) and gets the tables back, the others pass `None` and get `None`. Every
/// worker also gets every node's community (worker 0's broadcast), which the roles need.
///
/// # Errors
/// A lost connection or a silent peer ([`Channel::exchange`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn community_tables(
    worker: &mut timely::worker::Worker,
    layout: &Layout,
    ch: &mut TableChannels,
    place: &Placement,
    out: &Side,
    inc: &Side,
    directed: bool,
    layers: usize,
    zero: Option<(&Partition, &[f64])>,
) -> Result<(Vec<u32>, Option<CommunityTables>)> {
    let peers = worker.peers();
    // 1. Every node's community.
    let mine = zero.map_or_else(Vec::new, |(p, _)| p.membership().to_vec());
    let memb = ch
        .membership
        .broadcast(worker, layout, mine)?
        .into_iter()
        .next()
        .unwrap_or_default();

    // 2. This worker's parts.
    let local = place.owned.len();
    let mut facts = Vec::with_capacity(local);
    let mut mix: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    let (mut non_integral, mut total) = (0u64, 0.0f64);
    for u in 0..local {
        let id = place.owned[u];
        let c = memb[id as usize];
        let (ro, ri) = (out.range(u), inc.range(u));
        facts.push((
            id,
            node_facts_from(
                &out.other[ro.clone()],
                |i| out.weight[ro.start + i],
                &inc.other[ri.clone()],
                |i| inc.weight[ri.start + i],
                directed,
                &memb,
                c,
            ),
        ));
        // Per layer: [internal..., incoming...], with the single-machine table's counting.
        let counts = mix.entry(c).or_insert_with(|| vec![0; 2 * layers]);
        add_layer_mix_from(
            id,
            &out.other[ro.clone()],
            |i| out.layer[ro.start + i] as usize,
            &inc.other[ri.clone()],
            |i| inc.layer[ri.start + i] as usize,
            directed,
            &memb,
            c,
            counts.split_at_mut(layers),
        );
        for &w in &out.weight[ro] {
            if w.fract() != 0.0 || !w.is_finite() {
                non_integral += 1;
            }
            total += w.abs();
        }
    }
    let got = ch
        .totals
        .broadcast(worker, layout, vec![(non_integral, total)])?;
    let (mut bad, mut sum) = (0u64, 0.0f64);
    for &(b, s) in got.iter().flatten() {
        bad += b;
        sum += s;
    }
    // Below 2^53 every partial sum of integers is exact, in any order.
    let exact = bad == 0 && sum < 9_007_199_254_740_992.0;

    // 3. Gather.
    let got_facts = ch.facts.exchange(worker, layout, to_zero(peers, facts))?;
    let got_mix = ch
        .mix
        .exchange(worker, layout, to_zero(peers, mix.into_iter().collect()))?;
    let flows_part = if exact {
        let memb = &memb;
        let cells = sum_cells((0..local).flat_map(|u| {
            let c = memb[place.owned[u] as usize];
            out.range(u)
                .map(move |p| (c, memb[out.other[p] as usize], out.weight[p], 1))
        }));
        let items = cells.into_iter().map(|((c, d), (w, e))| (c, d, w, e));
        let got = ch
            .cells
            .exchange(worker, layout, to_zero(peers, items.collect()))?;
        FlowParts::Cells(got)
    } else {
        let mut items = Vec::with_capacity(out.other.len());
        for u in 0..local {
            let id = place.owned[u];
            for p in out.range(u) {
                items.push((id, memb[out.other[p] as usize], out.weight[p]));
            }
        }
        FlowParts::Edges(ch.edges.exchange(worker, layout, to_zero(peers, items))?)
    };
    let Some((partition, scores)) = zero else {
        return Ok((memb, None));
    };
    let n = memb.len();
    let mut all_facts = vec![NodeFacts::default(); n];
    for (id, f) in got_facts.into_iter().flatten() {
        all_facts[id as usize] = f;
    }
    let k = partition.count();
    let mut all_mix = vec![vec![0u64; 2 * layers]; k];
    for (c, counts) in got_mix.into_iter().flatten() {
        for (a, b) in all_mix[c as usize].iter_mut().zip(counts) {
            *a += b;
        }
    }
    let stats = stats_from_facts(
        &all_facts,
        partition,
        directed,
        |c, _| {
            let m = &all_mix[c as usize];
            (m[..layers].to_vec(), m[layers..].to_vec())
        },
        Some(scores),
        &StatsConfig::default(),
    );
    let flows = match flows_part {
        FlowParts::Cells(got) => sum_cells(got.into_iter().flatten())
            .into_iter()
            .map(|((from, to), (weight, edges))| Flow {
                from,
                to,
                weight,
                edges,
            })
            .collect(),
        FlowParts::Edges(got) => {
            // Every node's edges come from its owner, in adjacency order: a stable sort by node
            // keeps that order.
            let mut all: Vec<(NodeId, u32, f64)> = got.into_iter().flatten().collect();
            all.sort_by_key(|e| e.0);
            let mut offsets = vec![0usize; n + 1];
            for e in &all {
                offsets[e.0 as usize + 1] += 1;
            }
            for i in 0..n {
                offsets[i + 1] += offsets[i];
            }
            flows_from(partition, |u, cells| {
                let r = offsets[u as usize]..offsets[u as usize + 1];
                cells.extend(all[r].iter().map(|&(_, d, w)| (d, w)));
            })
        }
    };
    Ok((memb, Some(CommunityTables { stats, flows })))
}

/// Sums `(from, to, weight, edges)` cells by `(from, to)`, in the order given (exact for the
/// integer weights this path is taken for).
fn sum_cells(
    items: impl Iterator<Item = (u32, u32, f64, u64)>,
) -> BTreeMap<(u32, u32), (f64, u64)> {
    let mut cells: BTreeMap<(u32, u32), (f64, u64)> = BTreeMap::new();
    for (c, d, w, e) in items {
        let cell = cells.entry((c, d)).or_insert((0.0, 0));
        cell.0 += w;
        cell.1 += e;
    }
    cells
}

/// `items` for worker 0, nothing for the others.
pub(crate) fn to_zero<T>(peers: usize, items: Vec<T>) -> Vec<Vec<T>> {
    let mut v: Vec<Vec<T>> = (0..peers).map(|_| Vec::new()).collect();
    v[0] = items;
    v
}

/// The flow cells gathered on worker 0.
enum FlowParts {
    /// Partial sums per (from, to), exact (integer weights).
    Cells(Vec<Vec<(u32, u32, f64, u64)>>),
    /// Every out-layer-edge: (source, community of target, weight).
    Edges(Vec<Vec<(NodeId, u32, f64)>>),
}
