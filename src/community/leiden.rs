//! The Leiden algorithm (Traag, Waltman & van Eck, "From Louvain to Leiden: guaranteeing
//! well-connected communities", Scientific Reports 9, 5233, 2019) and Louvain (Blondel, Guillaume,
//! Lambiotte & Lefebvre, "Fast unfolding of communities in large networks", J. Stat. Mech. 2008,
//! P10008), on the [`Net`] form of the objective.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_pcg::Pcg64;

use super::moves::Mover;
use rayon::prelude::*;

use super::net::{group, renumber, Adj, Net, Scale};
use super::quality::raw_quality;
use super::view::CommunityGraph;
use super::{substream, CommunityConfig, RunStats};

/// One Leiden or Louvain run: dense labels and how it went.
pub(crate) struct Run {
    pub labels: Vec<u32>,
    pub k: usize,
    pub quality: f64,
    pub stats: RunStats,
}

/// Leiden: iterations of [`leiden_pass`], each starting from the previous partition, until one
/// improves the quality by less than `cfg.tolerance` (kept when it improves it at all; with 0:
/// until one does not improve it, leidenalg's `n_iterations = -1`) or `cfg.max_iterations`.
pub(crate) fn leiden(view: &CommunityGraph<'_>, cfg: &CommunityConfig, rng: &mut Pcg64) -> Run {
    let net0 = Net::level0(view, cfg.objective);
    let scale = Scale::new(view, cfg.objective, cfg.resolution);
    let n = net0.n();
    let mut labels: Vec<u32> = (0..n as u32).collect();
    let mut k = n;
    let mut q = raw_quality(view, &labels, k, cfg.objective, cfg.resolution);
    let mut stats = RunStats::default();
    while stats.iterations < cfg.max_iterations {
        stats.iterations += 1;
        let (mut next, levels) = leiden_pass(&net0, &labels, scale, cfg, rng);
        let next_k = renumber(&mut next);
        stats.levels = levels;
        let next_q = raw_quality(view, &next, next_k, cfg.objective, cfg.resolution);
        // Local moves only ever improve the quality and refinement keeps it, so an iteration that
        // does not improve it changed nothing worth keeping: the partition has converged.
        if next_q <= q {
            stats.converged = true;
            break;
        }
        let gain = next_q - q;
        labels = next;
        k = next_k;
        q = next_q;
        if gain < cfg.tolerance {
            stats.converged = true;
            break;
        }
    }
    Run {
        labels,
        k,
        quality: q,
        stats,
    }
}

/// One iteration of Leiden from the partition `init` of the level-0 nodes: fast local moving,
/// refinement, aggregation of the refined partition with the unrefined one as the aggregate's
/// starting partition, repeated until every community is one aggregate node or refinement merges
/// nothing. Returns the labels of the level-0 nodes and the number of levels.
fn leiden_pass(
    net0: &Net<'_>,
    init: &[u32],
    scale: Scale,
    cfg: &CommunityConfig,
    rng: &mut Pcg64,
) -> (Vec<u32>, u32) {
    let mut p = init.to_vec();
    renumber(&mut p);
    let mut node_of: Vec<u32> = (0..net0.n() as u32).collect();
    let mut owned: Option<Net<'static>> = None;
    let mut levels = 0;
    loop {
        let net = owned.as_ref().unwrap_or(net0);
        levels += 1;
        let mut mover = Mover::new(net, &p);
        mover.move_nodes(net, &mut p, scale.gamma, u64::MAX, rng);
        drop(mover);
        let k = renumber(&mut p);
        if k == net.n() || levels >= cfg.max_levels {
            break;
        }
        let (refined, kr) = refine(net, &p, k, scale, cfg.randomness, rng);
        if kr == net.n() {
            // Refinement merged nothing, so aggregating would not shrink the network: stop, as
            // leidenalg does. (Aggregating on the unrefined partition instead could join nodes
            // that are not connected within their community.)
            break;
        }
        let mut next_p = vec![0u32; kr];
        for (v, &r) in refined.iter().enumerate() {
            next_p[r as usize] = p[v];
        }
        let aggregate = net.aggregate(&refined, kr);
        for x in node_of.iter_mut() {
            *x = refined[*x as usize];
        }
        p = next_p;
        owned = Some(aggregate);
    }
    (node_of.iter().map(|&x| p[x as usize]).collect(), levels)
}

/// Below this many nodes the communities of a level are refined one after the other.
const PARALLEL_REFINE_NODES: usize = 50_000;

/// Leiden's refinement (Algorithm A.2 `RefinePartition` / `MergeNodesSubset`): inside every
/// community of `p`, start from singletons and visit the nodes in random order; a node that is
/// still alone and well connected to its community joins a well-connected refined cluster of the
/// same community, chosen at random among those that do not decrease the quality, with probability
/// proportional to `exp(gain / θ)` (gain in edge-weight units, as igraph; `θ = 0` picks the
/// largest gain). Returns dense refined labels and their count.
///
/// Communities are refined independently, each with its own random stream derived from one draw
/// of `rng` and the community's id, so they run in parallel on large levels and the result does
/// not depend on the number of threads.
fn refine(
    net: &Net<'_>,
    p: &[u32],
    k: usize,
    scale: Scale,
    theta: f64,
    rng: &mut Pcg64,
) -> (Vec<u32>, usize) {
    let n = net.n();
    let adj = net.adj();
    let (start, members) = group(p, k);
    // Index of every node within its community.
    let mut local = vec![0u32; n];
    for c in 0..k {
        for (i, &v) in members[start[c]..start[c + 1]].iter().enumerate() {
            local[v as usize] = i as u32;
        }
    }
    let base: u64 = rng.random();
    let one = |c: usize| {
        let nodes = &members[start[c]..start[c + 1]];
        let mut stream = substream(base, c as u64);
        refine_community(
            adj,
            p,
            &local,
            nodes,
            c as u32,
            scale.gamma,
            theta,
            &mut stream,
        )
    };
    let parts: Vec<Vec<u32>> = if n < PARALLEL_REFINE_NODES {
        (0..k).map(one).collect()
    } else {
        (0..k).into_par_iter().map(one).collect()
    };
    let mut r = vec![0u32; n];
    for (c, part) in parts.iter().enumerate() {
        for (&v, &cluster) in members[start[c]..start[c + 1]].iter().zip(part) {
            r[v as usize] = start[c] as u32 + cluster;
        }
    }
    let kr = renumber(&mut r);
    (r, kr)
}

/// Refines community `c` (its `nodes`, ascending): returns each node's cluster, named by the index
/// in `nodes` of the node whose singleton the cluster grew from.
#[allow(clippy::too_many_arguments)]
fn refine_community(
    net: Adj<'_>,
    p: &[u32],
    local: &[u32],
    nodes: &[u32],
    c: u32,
    gamma: f64,
    theta: f64,
    rng: &mut Pcg64,
) -> Vec<u32> {
    let s = nodes.len();
    let mut r: Vec<u32> = (0..s as u32).collect();
    if s == 1 {
        return r;
    }
    let mut ra: Vec<f64> = nodes.iter().map(|&v| net.a[v as usize]).collect();
    let mut rb: Vec<f64> = nodes.iter().map(|&v| net.b(v as usize)).collect();
    let pa: f64 = ra.iter().sum();
    let pb: f64 = rb.iter().sum();
    // Weight from each refined cluster to the rest of the community.
    let mut ext: Vec<f64> = nodes
        .iter()
        .map(|&v| {
            net.range(v as usize)
                .filter(|&pos| p[net.targets[pos] as usize] == c)
                .map(|pos| net.w(pos))
                .sum()
        })
        .collect();
    let mut merged = vec![false; s];
    let mut nw = vec![0.0; s];
    let mut seen = vec![false; s];
    let mut touched: Vec<u32> = Vec::new();
    let mut candidates: Vec<(u32, f64)> = Vec::new();
    let mut order: Vec<u32> = (0..s as u32).collect();
    order.shuffle(rng);
    for &i in &order {
        let i = i as usize;
        let own = r[i] as usize;
        if merged[own] {
            continue;
        }
        let v = nodes[i] as usize;
        let (av, bv) = (net.a[v], net.b(v));
        // Only a node well connected to the rest of its community may join a cluster.
        if ext[own] < gamma * (av * (pb - bv) + bv * (pa - av)) {
            continue;
        }
        for pos in net.range(v) {
            let t = net.targets[pos] as usize;
            if p[t] != c {
                continue;
            }
            let d = r[local[t] as usize];
            if !seen[d as usize] {
                seen[d as usize] = true;
                touched.push(d);
            }
            nw[d as usize] += net.w(pos);
        }
        // Take v out of its singleton: staying alone has gain 0.
        ra[own] = 0.0;
        rb[own] = 0.0;
        candidates.clear();
        candidates.push((own as u32, 0.0));
        let mut max_gain = 0.0f64;
        for &d in &touched {
            let di = d as usize;
            let (ad, bd) = (ra[di], rb[di]);
            if ext[di] >= gamma * (ad * (pb - bd) + bd * (pa - ad)) {
                let gain = nw[di] - gamma * (av * bd + bv * ad);
                if gain >= 0.0 {
                    candidates.push((d, gain));
                    max_gain = max_gain.max(gain);
                }
            }
        }
        let chosen = choose(&mut candidates, max_gain, theta, rng) as usize;
        ra[chosen] += av;
        rb[chosen] += bv;
        if chosen != own {
            ext[chosen] += ext[own] - 2.0 * nw[chosen];
            r[i] = chosen as u32;
            merged[chosen] = true;
        }
        for &d in &touched {
            nw[d as usize] = 0.0;
            seen[d as usize] = false;
        }
        touched.clear();
    }
    r
}

/// Picks a candidate with probability proportional to `exp((gain − max) / θ)`, or the first of
/// largest gain when `θ = 0`. Candidates more than `40 θ` below the best (relative weight under
/// `e^-40 ≈ 4·10^-18`, below the resolution of the random draw) are not drawn.
fn choose(candidates: &mut [(u32, f64)], max_gain: f64, theta: f64, rng: &mut Pcg64) -> u32 {
    if theta <= 0.0 || candidates.len() == 1 {
        let mut best = candidates[0];
        for &c in &candidates[1..] {
            if c.1 > best.1 {
                best = c;
            }
        }
        return best.0;
    }
    // Replace each gain by its cumulative weight.
    let mut total = 0.0;
    let mut last = 0;
    for (i, c) in candidates.iter_mut().enumerate() {
        let x = (c.1 - max_gain) / theta;
        if x > -40.0 {
            total += x.exp();
            last = i;
        }
        c.1 = total;
    }
    let draw = rng.random::<f64>() * total;
    candidates
        .iter()
        .find(|c| draw < c.1)
        .map_or(candidates[last].0, |c| c.0)
}

/// Louvain: local moving until no node's neighbourhood changed (the queue of
/// [`Mover::move_nodes`], Ozaki et al.'s pruning of the classic sweeps), then aggregation, level by
/// level, until a level moves no node or `cfg.max_levels`. `cfg.max_iterations` caps the node
/// visits per level at `max_iterations` sweeps' worth (`max_iterations · n`).
pub(crate) fn louvain(view: &CommunityGraph<'_>, cfg: &CommunityConfig, rng: &mut Pcg64) -> Run {
    let net0 = Net::level0(view, cfg.objective);
    let scale = Scale::new(view, cfg.objective, cfg.resolution);
    let mut p: Vec<u32> = (0..net0.n() as u32).collect();
    let mut node_of = p.clone();
    let mut owned: Option<Net<'static>> = None;
    let mut stats = RunStats {
        iterations: 1,
        ..RunStats::default()
    };
    loop {
        let net = owned.as_ref().unwrap_or(&net0);
        stats.levels += 1;
        let mut mover = Mover::new(net, &p);
        let max_visits = u64::from(cfg.max_iterations) * net.n() as u64;
        let moves = mover.move_nodes(net, &mut p, scale.gamma, max_visits, rng);
        drop(mover);
        let k = renumber(&mut p);
        if moves == 0 || k == net.n() {
            stats.converged = true;
            break;
        }
        if stats.levels >= cfg.max_levels {
            break;
        }
        let aggregate = net.aggregate(&p, k);
        for x in node_of.iter_mut() {
            *x = p[*x as usize];
        }
        p = (0..k as u32).collect();
        owned = Some(aggregate);
    }
    let mut labels: Vec<u32> = node_of.iter().map(|&x| p[x as usize]).collect();
    let k = renumber(&mut labels);
    let quality = raw_quality(view, &labels, k, cfg.objective, cfg.resolution);
    Run {
        labels,
        k,
        quality,
        stats,
    }
}
