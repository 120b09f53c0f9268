//! Label propagation communities in cluster mode (`--community label-propagation`): the
//! semi-synchronous label propagation of `community::label_propagation`, run on the owners'
//! slices of the community view and gathered to worker 0, which numbers the partition and scores
//! the runs exactly as a single-machine run does.
//!
//! 1. **view**: every worker builds its nodes' rows of `community::CommunityGraph` (undirected or
//!    Leicht–Newman directed view, weights, selected layers) from the two sides, in the same
//!    neighbour order and with the same floating-point sums as the single-machine view;
//! 2. **colouring** (per run): Jones–Plassmann — a node takes the smallest colour unused by its
//!    neighbours of lower priority once all of them are coloured — which gives exactly the greedy
//!    colouring in priority order that the single-machine run computes;
//! 3. **rounds**: one superstep per colour class: the class's nodes decide with
//!    `label_propagation::Tally` from their neighbours' known labels and send changed labels to
//!    their neighbours' owners; a round without change ends the run;
//! 4. **gather**: per node, its label and its internal weight (weight to neighbours with the same
//!    label) in every run, and its view strengths; worker 0 computes the qualities with
//!    `quality_from_parts` in the single-machine order and picks the best run with
//!    `community::assemble`.

use super::kernels::{Net, Placement, Side};
use crate::community::label_propagation::{first_free, priority, seed_of_run, Tally};
use crate::community::{CommunityConfig, RunStats};
use crate::error::{Error, Result};
use crate::graph::NodeId;

/// This worker's rows of the community view.
pub(crate) struct LocalView {
    /// CSR offsets over the local nodes.
    pub offsets: Vec<usize>,
    /// Neighbours, ascending within a node.
    pub nbrs: Vec<NodeId>,
    /// `S[u][v]` of every entry.
    pub weights: Vec<f64>,
    /// The view's out-strength (undirected view: strength) of every local node.
    pub out_strength: Vec<f64>,
    /// The directed view's in-strength of every local node.
    pub in_strength: Option<Vec<f64>>,
}

/// The layer mask of `cfg.layers` over the graph's `layers`.
///
/// # Errors
/// [`Error::InvalidConfig`] for a layer the graph does not have (as `check_layers`).
pub(crate) fn layer_mask(cfg: &CommunityConfig, layers: &[String]) -> Result<Vec<bool>> {
    let mut mask = vec![cfg.layers.is_none(); layers.len().max(1)];
    for name in cfg.layers.iter().flatten() {
        match layers.iter().position(|l| l == name) {
            Some(i) => mask[i] = true,
            None => {
                return Err(Error::InvalidConfig {
                    field: "community.layers",
                    message: format!(
                        "the graph has no layer \"{name}\"; its layers are: {}",
                        layers.join(", ")
                    ),
                })
            }
        }
    }
    Ok(mask)
}

/// The local rows of the view that `CommunityGraph::new` builds for `cfg` on a graph that is
/// `directed` or not, from the out side and the in side (see `community::view::for_each_pair`:
/// per neighbour, the selected layer-edges u → v and v → u are summed in layer order).
pub(crate) fn local_view(
    out: &Side,
    inc: &Side,
    cfg: &CommunityConfig,
    directed: bool,
    mask: &[bool],
) -> LocalView {
    let view_directed = directed && cfg.directed && cfg.objective.is_modularity();
    let weighted = cfg.weighted;
    let local = out.offsets.len() - 1;
    let mut view = LocalView {
        offsets: Vec::with_capacity(local + 1),
        nbrs: Vec::new(),
        weights: Vec::new(),
        out_strength: Vec::with_capacity(local),
        in_strength: view_directed.then(|| Vec::with_capacity(local)),
    };
    view.offsets.push(0);
    for u in 0..local {
        let (o, i) = (out.range(u), inc.range(u));
        // Undirected graphs hold both directions on the out side already.
        let i = if directed { i } else { i.start..i.start };
        let (mut p, mut q) = (o.start, i.start);
        let (mut so, mut si) = (0.0, 0.0);
        let first = view.weights.len();
        while p < o.end || q < i.end {
            let v_out = if p < o.end { out.other[p] } else { NodeId::MAX };
            let v_in = if q < i.end { inc.other[q] } else { NodeId::MAX };
            let v = v_out.min(v_in);
            let (mut w_uv, mut w_vu) = (0.0, 0.0);
            let (mut any_uv, mut any_vu) = (false, false);
            while p < o.end && out.other[p] == v {
                if mask[out.layer[p] as usize] {
                    w_uv += out.weight[p];
                    any_uv = true;
                }
                p += 1;
            }
            while q < i.end && inc.other[q] == v {
                if mask[inc.layer[q] as usize] {
                    w_vu += inc.weight[q];
                    any_vu = true;
                }
                q += 1;
            }
            if !(any_uv || any_vu) {
                continue;
            }
            let (a_uv, a_vu) = match (weighted, view_directed) {
                (true, true) => (w_uv, w_vu),
                (true, false) => (w_uv + w_vu, 0.0),
                (false, true) => (f64::from(u8::from(any_uv)), f64::from(u8::from(any_vu))),
                (false, false) => (1.0, 0.0),
            };
            view.nbrs.push(v);
            view.weights.push(a_uv + a_vu);
            so += a_uv;
            si += a_vu;
        }
        view.offsets.push(view.nbrs.len());
        match &mut view.in_strength {
            Some(ins) => {
                view.out_strength.push(so);
                ins.push(si);
            }
            None => view
                .out_strength
                .push(view.weights[first..].iter().sum::<f64>()),
        }
    }
    view
}

/// One run's outcome on this worker: per local node its final label and internal weight; the
/// rounds made and whether it converged (the same on every worker).
pub(crate) struct LocalRun {
    pub labels: Vec<u32>,
    pub internal: Vec<f64>,
    pub stats: RunStats,
}

/// Where neighbour `from`'s entry is in local node `u`'s list.
fn entry(view: &LocalView, u: usize, from: NodeId) -> Option<usize> {
    let r = view.offsets[u]..view.offsets[u + 1];
    view.nbrs[r.clone()]
        .binary_search(&from)
        .ok()
        .map(|i| r.start + i)
}

/// Jones–Plassmann colouring in `priority(seed, ·)` order: the colour of every local node and
/// the number of colours in the whole graph.
fn colouring(
    net: &mut Net<'_>,
    place: &Placement,
    view: &LocalView,
    seed: u64,
) -> Result<(Vec<u32>, u32)> {
    let local = place.owned.len();
    let key = |v: NodeId| priority(seed, v);
    let mut waiting: Vec<u32> = (0..local)
        .map(|u| {
            let k = key(place.owned[u]);
            view.nbrs[view.offsets[u]..view.offsets[u + 1]]
                .iter()
                .filter(|&&v| key(v) < k)
                .count() as u32
        })
        .collect();
    let mut known = vec![u32::MAX; view.nbrs.len()];
    let mut colour = vec![u32::MAX; local];
    let mut ready: Vec<usize> = (0..local).filter(|&u| waiting[u] == 0).collect();
    let mut used = Vec::new();
    let mut left = local as u64;
    let mut colours = 0u32;
    loop {
        let mut outgoing: Vec<Vec<(u32, NodeId, u32)>> =
            (0..net.worker.peers()).map(|_| Vec::new()).collect();
        for &u in &ready {
            let id = place.owned[u];
            let k = key(id);
            let r = view.offsets[u]..view.offsets[u + 1];
            used.extend(known[r.clone()].iter().copied().filter(|&c| c != u32::MAX));
            let c = first_free(&mut used);
            colour[u] = c;
            colours = colours.max(c + 1);
            left -= 1;
            for &v in &view.nbrs[r] {
                if key(v) > k {
                    let (o, slot) = place.at(v);
                    outgoing[o].push((slot, id, c));
                }
            }
        }
        ready.clear();
        let got = net.tagged.exchange(net.worker, net.layout, outgoing)?;
        for batch in &got {
            for &(slot, from, c) in batch {
                let u = slot as usize;
                if let Some(p) = entry(view, u, from) {
                    known[p] = c;
                    waiting[u] -= 1;
                    if waiting[u] == 0 {
                        ready.push(u);
                    }
                }
            }
        }
        if net.sum_u64(left)? == 0 {
            break;
        }
    }
    let colours = net.max_u64(u64::from(colours))? as u32;
    Ok((colour, colours))
}

/// Run `r` of label propagation (the seed of `detect`'s run `r`).
pub(crate) fn run(
    net: &mut Net<'_>,
    place: &Placement,
    n: usize,
    view: &LocalView,
    cfg: &CommunityConfig,
    r: u32,
) -> Result<LocalRun> {
    let seed = seed_of_run(cfg.seed, r);
    let (colour, colours) = colouring(net, place, view, seed)?;
    let local = place.owned.len();
    // Every worker walks all `colours` classes (the global count), empty or not.
    let mut classes: Vec<Vec<usize>> = vec![Vec::new(); colours as usize];
    for (u, &c) in colour.iter().enumerate() {
        classes[c as usize].push(u);
    }
    let mut labels: Vec<u32> = place.owned.clone();
    // The current label of every neighbour entry; at first the neighbour itself.
    let mut known: Vec<u32> = view.nbrs.clone();
    let mut tally = Tally::new(n);
    let mut stats = RunStats::default();
    while stats.iterations < cfg.max_iterations {
        stats.iterations += 1;
        let round = stats.iterations;
        let mut changed = 0u64;
        for class in &classes {
            let mut outgoing: Vec<Vec<(u32, NodeId, u32)>> =
                (0..net.worker.peers()).map(|_| Vec::new()).collect();
            for &u in class {
                let r = view.offsets[u]..view.offsets[u + 1];
                for p in r.clone() {
                    tally.add(known[p], view.weights[p]);
                }
                let id = place.owned[u];
                if let Some(l) = tally.decide(seed, round, id, labels[u]) {
                    labels[u] = l;
                    changed += 1;
                    for &v in &view.nbrs[r] {
                        let (o, slot) = place.at(v);
                        outgoing[o].push((slot, id, l));
                    }
                }
            }
            let got = net.tagged.exchange(net.worker, net.layout, outgoing)?;
            for batch in &got {
                for &(slot, from, l) in batch {
                    if let Some(p) = entry(view, slot as usize, from) {
                        known[p] = l;
                    }
                }
            }
        }
        if net.sum_u64(changed)? == 0 {
            stats.converged = true;
            break;
        }
    }
    stats.levels = 1;
    let internal = (0..local)
        .map(|u| {
            (view.offsets[u]..view.offsets[u + 1])
                .filter(|&p| known[p] == labels[u])
                .map(|p| view.weights[p])
                .sum()
        })
        .collect();
    Ok(LocalRun {
        labels,
        internal,
        stats,
    })
}
