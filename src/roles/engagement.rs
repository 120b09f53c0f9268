//! Engagement figures: audience, engagement received (and from whom), spread, second hop, and
//! engagement-weighted PageRank on the interaction layers.
//!
//! Layers are sorted into three sets by name ([`super::RolesConfig`]): *audience* (follows),
//! *engagement* (reposts, quotes, replies, comments: acts that answer or pass on an account's
//! content) and *spread* (reposts and quotes: acts that pass content on). A graph without any
//! layer of a set (e.g. a single unnamed layer) uses all its layers for that set, so the figures
//! stay defined; the non-follower share is then unknown (`None`).

use rayon::prelude::*;

use crate::community::Partition;
use crate::graph::{self, BuildConfig, EdgeTable, Graph, NodeId};
use crate::metrics::{pagerank, PageRankConfig};

/// Which layers play which part, resolved against a graph's layer names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerSets {
    /// Audience layers (follows).
    pub audience: Vec<bool>,
    /// Engagement layers.
    pub engagement: Vec<bool>,
    /// Spread layers.
    pub spread: Vec<bool>,
    /// Whether some layer matched the audience names (otherwise every layer counts).
    pub has_audience: bool,
    /// Whether some layer matched the engagement names.
    pub has_engagement: bool,
    /// Whether some layer matched the spread names.
    pub has_spread: bool,
}

impl LayerSets {
    /// Matches layer names (case-insensitive) against the three lists.
    pub fn resolve(
        layers: &[String],
        audience: &[String],
        engagement: &[String],
        spread: &[String],
    ) -> Self {
        let pick = |names: &[String]| -> (Vec<bool>, bool) {
            let mask: Vec<bool> = layers
                .iter()
                .map(|l| names.iter().any(|n| n.eq_ignore_ascii_case(l)))
                .collect();
            let any = mask.iter().any(|&x| x);
            if any {
                (mask, true)
            } else {
                (vec![true; layers.len()], false)
            }
        };
        let (audience, has_audience) = pick(audience);
        let (engagement, has_engagement) = pick(engagement);
        let (spread, has_spread) = pick(spread);
        LayerSets {
            audience,
            engagement,
            spread,
            has_audience,
            has_engagement,
            has_spread,
        }
    }
}

/// Per-node engagement figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Engagement {
    /// Distinct accounts paying attention on the audience layers (followers).
    pub audience: Vec<u32>,
    /// Engagement received: summed weight (record count when unweighted) of incoming edges on the
    /// engagement layers.
    pub received: Vec<f64>,
    /// Distinct accounts that engaged.
    pub engagers: Vec<u32>,
    /// Distinct communities among those accounts.
    pub engager_communities: Vec<u32>,
    /// Share of `received` from accounts that do not follow the account (`None` when nothing was
    /// received or the graph has no audience layer).
    pub nonfollower_share: Vec<Option<f64>>,
    /// Distinct accounts that spread (reposted, quoted) the account.
    pub spreaders: Vec<u32>,
    /// Second-hop spread: Σ over the account's spreaders `v` of the accounts that spread `v`
    /// (the account itself excluded). A structural proxy for "its reposts reposted again".
    pub second_hop: Vec<u64>,
    /// Spread made: summed weight of outgoing edges on the spread layers (reposts, quotes made).
    pub spread_made: Vec<f64>,
    /// PageRank on the engagement layers only, weighted by engagement strength.
    pub pagerank: Vec<f64>,
}

/// Computes the engagement figures.
///
/// # Complexity
/// O(n + m) for the counts (the in-list of each node is read once, grouped by source), plus
/// O(m log d) for the second hop (one binary search per spreader) and one PageRank on the
/// engagement sub-graph.
pub fn engagement(
    g: &Graph,
    partition: &Partition,
    sets: &LayerSets,
    pr: &PageRankConfig,
) -> Engagement {
    let n = g.node_count();
    let inc = g.in_adjacency();
    let member = partition.membership();
    let rows: Vec<Received> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map_init(Vec::new, |groups: &mut Vec<u32>, v| {
            let r = inc.range(v);
            let made = spread_made(
                g.out_adjacency()
                    .range(v)
                    .map(|e| (g.layer(e) as usize, g.weight(e))),
                sets,
            );
            received(
                r.len(),
                |i| {
                    let e = g.in_to_out(r.start + i);
                    (inc.targets[r.start + i], g.layer(e) as usize, g.weight(e))
                },
                made,
                member,
                sets,
                groups,
            )
        })
        .collect();
    let spreaders: Vec<u32> = rows.iter().map(|r| r.spreaders).collect();
    let second_hop: Vec<u64> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            let r = inc.range(u);
            let mut total = 0u64;
            let mut p = r.start;
            while p < r.end {
                let v = inc.targets[p];
                let mut q = p;
                let mut spreads = false;
                while q < r.end && inc.targets[q] == v {
                    spreads |= sets.spread[g.layer(g.in_to_out(q)) as usize];
                    q += 1;
                }
                if spreads {
                    total +=
                        u64::from(spreaders[v as usize]) - u64::from(spreads_to(g, sets, u, v));
                }
                p = q;
            }
            total
        })
        .collect();
    Engagement::from_parts(
        &rows,
        second_hop,
        layer_pagerank(g, &sets.engagement, pr),
        sets,
    )
}

/// One node's engagement figures that need only its own edges (all but the second hop and the
/// engagement PageRank). Cluster mode computes them on each worker's own nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Received {
    /// Distinct followers.
    pub audience: u32,
    /// Engagement received (summed weights).
    pub received: f64,
    /// Distinct accounts that engaged.
    pub engagers: u32,
    /// Distinct communities among them.
    pub engager_communities: u32,
    /// Engagement received from non-followers.
    pub nonfollower: f64,
    /// Distinct accounts that spread it.
    pub spreaders: u32,
    /// Spread made.
    pub spread_made: f64,
}

/// [`Received`] of a node from its incoming layer-edges, given as `len` entries `entry(i)` =
/// (source, layer, weight) sorted by source then layer (the order of the in-adjacency), and its
/// spread made ([`spread_made`]); `groups` is scratch.
pub fn received(
    len: usize,
    entry: impl Fn(usize) -> (NodeId, usize, f64),
    spread_made: f64,
    member: &[u32],
    sets: &LayerSets,
    groups: &mut Vec<u32>,
) -> Received {
    let (mut audience, mut received, mut engagers, mut nonfollower, mut spreaders) =
        (0u32, 0.0f64, 0u32, 0.0f64, 0u32);
    groups.clear();
    let mut p = 0;
    while p < len {
        let u = entry(p).0;
        let mut q = p;
        let (mut follows, mut spreads, mut eng) = (false, false, 0.0);
        while q < len {
            let (source, l, w) = entry(q);
            if source != u {
                break;
            }
            follows |= sets.audience[l];
            spreads |= sets.spread[l];
            if sets.engagement[l] {
                eng += w;
            }
            q += 1;
        }
        audience += u32::from(follows);
        spreaders += u32::from(spreads);
        if eng > 0.0 {
            received += eng;
            engagers += 1;
            groups.push(member[u as usize]);
            if !follows {
                nonfollower += eng;
            }
        }
        p = q;
    }
    groups.sort_unstable();
    groups.dedup();
    Received {
        audience,
        received,
        engagers,
        engager_communities: groups.len() as u32,
        nonfollower,
        spreaders,
        spread_made,
    }
}

/// Summed weight of a node's outgoing layer-edges `(layer, weight)` on the spread layers, in the
/// order given (the out-adjacency's).
pub fn spread_made(out: impl Iterator<Item = (usize, f64)>, sets: &LayerSets) -> f64 {
    out.filter(|&(l, _)| sets.spread[l]).map(|(_, w)| w).sum()
}

impl Engagement {
    /// The figures from every node's [`Received`] (indexed by node id), second hop and
    /// engagement PageRank.
    pub fn from_parts(
        rows: &[Received],
        second_hop: Vec<u64>,
        pagerank: Vec<f64>,
        sets: &LayerSets,
    ) -> Engagement {
        Engagement {
            audience: rows.iter().map(|r| r.audience).collect(),
            received: rows.iter().map(|r| r.received).collect(),
            engagers: rows.iter().map(|r| r.engagers).collect(),
            engager_communities: rows.iter().map(|r| r.engager_communities).collect(),
            nonfollower_share: rows
                .iter()
                .map(|r| {
                    (sets.has_audience && r.received > 0.0).then(|| r.nonfollower / r.received)
                })
                .collect(),
            spreaders: rows.iter().map(|r| r.spreaders).collect(),
            second_hop,
            spread_made: rows.iter().map(|r| r.spread_made).collect(),
            pagerank,
        }
    }
}

/// Whether `u` spreads `v` (an edge u → v on a spread layer).
fn spreads_to(g: &Graph, sets: &LayerSets, u: NodeId, v: NodeId) -> bool {
    let out = g.out_adjacency();
    let r = out.range(u);
    let list = &out.targets[r.clone()];
    let start = list.partition_point(|&x| x < v);
    list[start..]
        .iter()
        .take_while(|&&x| x == v)
        .enumerate()
        .any(|(i, _)| sets.spread[g.layer(r.start + start + i) as usize])
}

/// PageRank on the layers in `keep`, weights as strengths. The sub-graph is rebuilt with
/// [`graph::build`] from the kept layer-edges; its nodes are named by their ids in decimal, which
/// the stable label order keeps in numeric order, so node ids are unchanged.
fn layer_pagerank(g: &Graph, keep: &[bool], cfg: &PageRankConfig) -> Vec<f64> {
    let n = g.node_count();
    let mut t = EdgeTable::default();
    let mut w = Vec::new();
    let out = g.out_adjacency();
    for u in 0..n as NodeId {
        for e in out.range(u) {
            // Undirected graphs store each edge both ways: keep one.
            if keep[g.layer(e) as usize] && (g.is_directed() || u < out.targets[e]) {
                t.src.push(u);
                t.dst.push(out.targets[e]);
                w.push(g.weight(e));
            }
        }
    }
    t.layer = vec![0; t.src.len()];
    t.layer_names = vec!["engagement".to_string()];
    t.weight = Some(w);
    let names = (0..n).map(|i| i.to_string().into_boxed_str()).collect();
    let (sub, _, _) = graph::build(
        &t,
        names,
        &BuildConfig {
            directed: g.is_directed(),
        },
    );
    pagerank(&sub, cfg).scores
}
