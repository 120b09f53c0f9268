//! The influence graph: who listens to whom, and with which probability (IC) or weight (LT).

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::{Model, Probability, SeedsConfig};
use crate::error::{Error, Result};
use crate::graph::{for_each_node_block, Graph, NodeId};

/// A compressed sparse row adjacency (`u32` targets, `u64` offsets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    /// `offsets[u]..offsets[u + 1]` are the positions of `u`'s entries; length `n + 1`.
    pub offsets: Vec<u64>,
    /// Neighbours, grouped by node, sorted within a node.
    pub targets: Vec<NodeId>,
}

impl Csr {
    /// Positions of `u`'s entries.
    #[inline]
    pub fn range(&self, u: NodeId) -> Range<usize> {
        self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize
    }

    /// Neighbours of `u`.
    #[inline]
    pub fn neighbors(&self, u: NodeId) -> &[NodeId] {
        &self.targets[self.range(u)]
    }

    /// Number of neighbours of `u`.
    #[inline]
    pub fn degree(&self, u: NodeId) -> usize {
        (self.offsets[u as usize + 1] - self.offsets[u as usize]) as usize
    }

    fn heap_bytes(&self) -> usize {
        self.offsets.len() * 8 + self.targets.len() * 4
    }
}

/// The influence graph in both directions, with per-edge probabilities (IC) or weights (LT).
///
/// `listens[w]` holds the accounts w pays attention to, i.e. the sources that can influence w
/// (RR sets walk it); `audience[v]` holds the accounts that pay attention to v, i.e. those v can
/// influence (simulations walk it). Both hold each ordered pair once, whatever the number of
/// layers linking it.
#[derive(Debug, Clone)]
pub struct InfluenceGraph {
    /// Influence in-neighbours: `listens[w]` = sources of w.
    pub listens: Csr,
    /// Influence out-neighbours: `audience[v]` = receivers of v.
    pub audience: Csr,
    /// `p(v → w)` (or `b(v → w)`) per entry of `listens`; `None` = `1 / d(w)` (weighted cascade).
    pub listens_weight: Option<Vec<f32>>,
    /// The same per entry of `audience`, always stored (simulations read it sequentially).
    pub audience_weight: Vec<f32>,
    /// The model the weights are for.
    pub model: Model,
}

impl InfluenceGraph {
    /// Number of accounts.
    pub fn node_count(&self) -> usize {
        self.listens.offsets.len() - 1
    }

    /// Number of influence edges.
    pub fn edge_count(&self) -> usize {
        self.listens.targets.len()
    }

    /// Weight of `audience` entry `p`: `p(v → u)` (IC) or `b(v → u)` (LT).
    #[inline]
    pub fn audience_weight(&self, p: usize) -> f32 {
        self.audience_weight[p]
    }

    /// Resident bytes.
    pub fn heap_bytes(&self) -> usize {
        self.listens.heap_bytes()
            + self.audience.heap_bytes()
            + self.listens_weight.as_ref().map_or(0, |w| w.len() * 4)
            + self.audience_weight.len() * 4
    }
}

/// The probabilities used, for seeds.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbabilityReport {
    /// What was asked for.
    pub requested: Probability,
    /// What was used (differs when a fallback applied).
    pub used: Probability,
    /// Why the requested probabilities could not be used, or how they were completed.
    pub notes: Vec<String>,
    /// Layers whose attention edges carry influence.
    pub layers: Vec<String>,
    /// Influence edges (ordered pairs with a non-zero probability).
    pub edges: u64,
    /// Mean `p(v → u)` (IC) or `b(v → u)` (LT) over the influence edges.
    pub mean_weight: f64,
    /// Observed probabilities: accounts whose posts count came from the accounts table.
    pub posts_from_table: u64,
    /// Observed probabilities: reposted accounts without a usable posts count, or whose count was
    /// below the reposts of one follower (raised to that maximum).
    pub posts_estimated: u64,
    /// Resident bytes of the influence graph.
    pub bytes: u64,
}

/// Builds the influence graph of `g` for `cfg.model` and `cfg.probability`.
///
/// **Weighted cascade.** The influence edges are the distinct attention pairs u → v (u listens to
/// v) in the layers `cfg.layers` (all by default), each giving an influence edge v → u with
/// `p(v → u) = 1 / d(u)`, `d(u)` = the number of distinct accounts u listens to in those layers.
/// Under LT the same numbers are the weights `b(v → u)`; they sum to exactly 1 per account.
///
/// **Observed.** `r(u, v)` = the number of records (multiplicity, not weight) of u reposting v in
/// the layers `cfg.repost_kinds` (default `repost` and `quote`); `P(v)` = v's posts, from
/// `posts[v]` (the accounts table), raised to `max_u r(u, v)` when lower or missing (so that
/// `p ≤ 1`; counted in `posts_estimated`). Then `p(v → u) = r(u, v) / P(v)` (the maximum
/// likelihood estimate of the chance that u passes on a post of v, Goyal, Bonchi & Lakshmanan
/// 2010); pairs with no repost have probability 0 and are not influence edges (`cfg.layers` does
/// not apply). Under LT the weights are `b(v → u) = p(v → u) / max(1, Σ_v p(v → u))`, so they
/// sum to at most 1. When the graph has none of the repost layers, weighted cascade is used
/// instead and `notes` says so.
///
/// # Errors
/// A name in `cfg.layers` that is not a layer of the graph.
///
/// # Complexity
/// O(n + m), parallel over nodes.
pub fn influence_graph(
    g: &Graph,
    cfg: &SeedsConfig,
    posts: Option<&[Option<f64>]>,
) -> Result<(InfluenceGraph, ProbabilityReport)> {
    let names = g.layers();
    let mut notes = Vec::new();
    let layer_ids = |wanted: &[String]| -> Vec<bool> {
        names
            .iter()
            .map(|l| wanted.iter().any(|w| w == l))
            .collect()
    };
    let mut used = cfg.probability;
    let mut repost_mask = Vec::new();
    if used == Probability::Observed {
        repost_mask = layer_ids(&cfg.repost_kinds);
        if !repost_mask.iter().any(|&b| b) {
            notes.push(format!(
                "no repost layer ({}) among the graph's layers ({}): weighted cascade used instead",
                cfg.repost_kinds.join(", "),
                names.join(", ")
            ));
            used = Probability::WeightedCascade;
        }
    }
    let mask: Vec<bool> = match (&cfg.layers, used) {
        (_, Probability::Observed) => repost_mask,
        (Some(wanted), _) => {
            if let Some(missing) = wanted.iter().find(|w| !names.contains(w)) {
                return Err(Error::InvalidConfig {
                    field: "seeds.layers",
                    message: format!(
                        "the graph has no layer \"{missing}\" (layers: {})",
                        names.join(", ")
                    ),
                });
            }
            layer_ids(wanted)
        }
        (None, _) => vec![true; names.len().max(1)],
    };
    let layers: Vec<String> = names
        .iter()
        .zip(&mask)
        .filter(|(_, &m)| m)
        .map(|(l, _)| l.clone())
        .collect();
    let observed = used == Probability::Observed;

    // Pass 1: distinct selected out-neighbours per node; pass 2: fill (target, record count).
    let n = g.node_count();
    let counts: Vec<u64> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| {
            let mut c = 0u64;
            selected_pairs(g, &mask, u, |_, _| c += 1);
            c
        })
        .collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u64);
    for c in counts {
        offsets.push(offsets.last().copied().unwrap_or(0) + c);
    }
    let m = *offsets.last().unwrap_or(&0) as usize;
    let mut entries = vec![(0 as NodeId, 0u32); m];
    for_each_node_block(&offsets, &mut entries, |u, slot| {
        let mut i = 0;
        selected_pairs(g, &mask, u as NodeId, |v, c| {
            slot[i] = (v, c);
            i += 1;
        });
    });
    let (targets, reposts): (Vec<NodeId>, Vec<u32>) = entries.into_par_iter().unzip();
    let listens = Csr { offsets, targets };

    let mut posts_from_table = 0;
    let mut posts_estimated = 0;
    let listens_weight = if observed {
        let mut max_r = vec![0u32; n];
        for (&v, &r) in listens.targets.iter().zip(&reposts) {
            max_r[v as usize] = max_r[v as usize].max(r);
        }
        let denominators: Vec<f64> = (0..n)
            .map(|v| {
                let table = posts.and_then(|p| p.get(v).copied().flatten());
                let table = table.filter(|x| x.is_finite() && *x > 0.0);
                if max_r[v] == 0 {
                    return 1.0;
                }
                match table {
                    Some(x) if x >= max_r[v] as f64 => {
                        posts_from_table += 1;
                        x
                    }
                    _ => {
                        posts_estimated += 1;
                        max_r[v] as f64
                    }
                }
            })
            .collect();
        if posts_estimated > 0 {
            notes.push(format!(
                "{posts_estimated} reposted accounts had no posts count at least as large as \
                 their most active reposter's reposts; their posts were set to that maximum"
            ));
        }
        let mut w: Vec<f32> = listens
            .targets
            .par_iter()
            .zip(&reposts)
            .map(|(&v, &r)| (r as f64 / denominators[v as usize]) as f32)
            .collect();
        if cfg.model == Model::Lt {
            let lw = &listens;
            for_each_node_block(&lw.offsets, &mut w, |_, ws| {
                let total: f64 = ws.iter().map(|&x| x as f64).sum();
                if total > 1.0 {
                    for x in ws.iter_mut() {
                        *x = (*x as f64 / total) as f32;
                    }
                }
            });
        }
        Some(w)
    } else {
        None
    };
    drop(reposts);

    let (audience, audience_weight) = transpose(&listens, listens_weight.as_deref());
    let edges = listens.targets.len() as u64;
    let mean_weight = if edges == 0 {
        0.0
    } else {
        match &listens_weight {
            Some(w) => w.iter().map(|&x| x as f64).sum::<f64>() / edges as f64,
            // Σ over receivers u of d(u) × 1/d(u) = number of receivers with d(u) > 0.
            None => {
                (0..n as NodeId).filter(|&u| listens.degree(u) > 0).count() as f64 / edges as f64
            }
        }
    };
    let ig = InfluenceGraph {
        listens,
        audience,
        listens_weight,
        audience_weight,
        model: cfg.model,
    };
    let report = ProbabilityReport {
        requested: cfg.probability,
        used,
        notes,
        layers,
        edges,
        mean_weight,
        posts_from_table,
        posts_estimated,
        bytes: ig.heap_bytes() as u64,
    };
    Ok((ig, report))
}

/// The transpose of `a` with its per-entry weights (`1 / d(u)` for the entries of row `u` when
/// `w` is `None`), each row sorted by source.
fn transpose(a: &Csr, w: Option<&[f32]>) -> (Csr, Vec<f32>) {
    let n = a.offsets.len() - 1;
    let mut offsets = vec![0u64; n + 1];
    for &v in &a.targets {
        offsets[v as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut next: Vec<u64> = offsets[..n].to_vec();
    let mut targets = vec![0 as NodeId; a.targets.len()];
    let mut weights = vec![0f32; a.targets.len()];
    for u in 0..n as NodeId {
        let uniform = (1.0 / a.degree(u) as f64) as f32;
        for p in a.range(u) {
            let v = a.targets[p] as usize;
            let q = next[v] as usize;
            next[v] += 1;
            targets[q] = u;
            weights[q] = w.map_or(uniform, |src| src[p]);
        }
    }
    (Csr { offsets, targets }, weights)
}

/// Calls `emit(v, records)` for each distinct v that `u` pays attention to in the layers of
/// `mask`, in increasing v, with the number of records summed over those layers.
fn selected_pairs(g: &Graph, mask: &[bool], u: NodeId, mut emit: impl FnMut(NodeId, u32)) {
    let out = g.out_adjacency();
    let mut last: Option<(NodeId, u32)> = None;
    for p in out.range(u) {
        if !mask[g.layer(p) as usize] {
            continue;
        }
        let v = out.targets[p];
        let c = g.multiplicity(p);
        match &mut last {
            Some((w, count)) if *w == v => *count += c,
            _ => {
                if let Some((w, count)) = last {
                    emit(w, count);
                }
                last = Some((v, c));
            }
        }
    }
    if let Some((w, count)) = last {
        emit(w, count);
    }
}
