//! The distributed kernels, run by every worker on the nodes it owns: degrees and strengths,
//! weighted PageRank, weak components and k-core. Each is the same definition as its
//! single-machine counterpart in `metrics` (see the function docs for how it is reached).
//!
//! A node is owned by the worker `splitmix64(id) % peers`; its out-records live with it (edges are
//! partitioned by source) and so do its in-records (a copy partitioned by target), so that degrees,
//! strengths and the neighbour lists are local. Messages between owners go through
//! [`Channel`](super::bsp::Channel) supersteps; sums over workers are taken in worker order, so a
//! run is deterministic for a given layout.

use serde::{Deserialize, Serialize};

use super::bsp::{Channel, Layout};
use crate::error::Result;
use crate::graph::{LayerId, NodeId};
use crate::metrics::PageRankConfig;

/// The worker that owns node `v` among `peers`: a hash, not `v % peers`, because ids follow the
/// stable order and `id % peers` would give one worker every even id.
pub(crate) fn owner(v: NodeId, peers: usize) -> usize {
    (splitmix64(u64::from(v)) % peers as u64) as usize
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Where every node lives: its owner and its index among the owner's nodes (in id order).
pub(crate) struct Placement {
    /// Workers in all.
    pub peers: usize,
    /// Index of every node within its owner.
    pub slot: Vec<u32>,
    /// Global ids of this worker's nodes, ascending.
    pub owned: Vec<NodeId>,
}

impl Placement {
    /// The placement of `n` nodes over `peers` workers, seen from worker `me`.
    pub fn new(n: usize, peers: usize, me: usize) -> Placement {
        let mut next = vec![0u32; peers];
        let mut slot = vec![0u32; n];
        let mut owned = Vec::new();
        for v in 0..n as NodeId {
            let o = owner(v, peers);
            slot[v as usize] = next[o];
            next[o] += 1;
            if o == me {
                owned.push(v);
            }
        }
        Placement { peers, slot, owned }
    }

    /// Owner and slot of `v`.
    #[inline]
    pub fn at(&self, v: NodeId) -> (usize, u32) {
        (owner(v, self.peers), self.slot[v as usize])
    }
}

/// A record sent to the owner of one of its ends: (owned end's slot, other end, layer, weight).
pub(crate) type Half = (u32, NodeId, LayerId, f64);

/// The records of one side (out or in) of this worker's nodes, merged into layer-edges.
#[derive(Debug, Default)]
pub(crate) struct Side {
    /// CSR offsets over this worker's nodes.
    pub offsets: Vec<usize>,
    /// Other end of every layer-edge, sorted within a node by (other end, layer).
    pub other: Vec<NodeId>,
    /// Layer of every layer-edge.
    pub layer: Vec<LayerId>,
    /// Summed weight of every layer-edge (records without weight count 1).
    pub weight: Vec<f64>,
}

impl Side {
    /// Groups `halves` by owned node and merges records of the same (other end, layer).
    pub fn build(local_nodes: usize, mut halves: Vec<Half>) -> Side {
        // Stable: records of one layer-edge keep the order they arrived in (sending worker, then
        // file order), so their weights add up in record order, as `graph::build` sums them.
        halves.sort_by_key(|a| (a.0, a.1, a.2));
        let mut side = Side {
            offsets: vec![0; local_nodes + 1],
            ..Side::default()
        };
        let mut i = 0;
        let mut node = 0usize;
        while i < halves.len() {
            let (s, t, l, _) = halves[i];
            while node < s as usize {
                node += 1;
                side.offsets[node] = side.other.len();
            }
            let mut w = 0.0;
            while i < halves.len() && halves[i].0 == s && halves[i].1 == t && halves[i].2 == l {
                w += halves[i].3;
                i += 1;
            }
            side.other.push(t);
            side.layer.push(l);
            side.weight.push(w);
        }
        while node < local_nodes {
            node += 1;
            side.offsets[node] = side.other.len();
        }
        side
    }

    /// Layer-edge positions of local node `u`.
    #[inline]
    pub fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u]..self.offsets[u + 1]
    }

    /// The layer-edges on the layers with `keep[layer]`, in the same order.
    pub fn restricted(&self, keep: &[bool]) -> Side {
        let mut side = Side {
            offsets: Vec::with_capacity(self.offsets.len()),
            ..Side::default()
        };
        side.offsets.push(0);
        for u in 0..self.offsets.len() - 1 {
            for p in self.range(u) {
                if keep[self.layer[p] as usize] {
                    side.other.push(self.other[p]);
                    side.layer.push(self.layer[p]);
                    side.weight.push(self.weight[p]);
                }
            }
            side.offsets.push(side.other.len());
        }
        side
    }

    /// The layer-edges of local node `u` grouped by other end: each distinct other end with the
    /// positions of its layer-edges (consecutive: sorted by (other end, layer)).
    pub fn groups(&self, u: usize) -> impl Iterator<Item = (NodeId, std::ops::Range<usize>)> + '_ {
        let r = self.range(u);
        let mut p = r.start;
        std::iter::from_fn(move || {
            if p >= r.end {
                return None;
            }
            let (other, first) = (self.other[p], p);
            while p < r.end && self.other[p] == other {
                p += 1;
            }
            Some((other, first..p))
        })
    }

    /// Distinct other ends of local node `u`.
    pub fn distinct(&self, u: usize) -> u32 {
        self.groups(u).count() as u32
    }
}

/// Per-node degree figures of this worker's nodes (see `metrics::degrees`).
#[derive(Debug, Default)]
pub(crate) struct LocalDegrees {
    pub in_degree: Vec<u32>,
    pub out_degree: Vec<u32>,
    pub in_strength: Vec<f64>,
    pub out_strength: Vec<f64>,
    /// `per_layer_in[u][l]`.
    pub per_layer_in: Vec<Vec<u32>>,
    /// Distinct out-neighbours that are also in-neighbours (for reciprocity).
    pub mutual: Vec<u32>,
}

/// Degrees and strengths from the two sides: distinct neighbours in the combined view, summed
/// weights of the layer-edges, distinct in-neighbours per layer.
pub(crate) fn degrees(out: &Side, inc: &Side, layers: usize) -> LocalDegrees {
    let n = out.offsets.len() - 1;
    let mut d = LocalDegrees::default();
    for u in 0..n {
        d.out_degree.push(out.distinct(u));
        d.in_degree.push(inc.distinct(u));
        d.out_strength.push(out.weight[out.range(u)].iter().sum());
        d.in_strength.push(inc.weight[inc.range(u)].iter().sum());
        let mut per = vec![0u32; layers];
        for p in inc.range(u) {
            per[inc.layer[p] as usize] += 1;
        }
        d.per_layer_in.push(per);
        let ins = &inc.other[inc.range(u)];
        let mut last = None;
        let mut mutual = 0;
        for &v in &out.other[out.range(u)] {
            if last == Some(v) {
                continue;
            }
            last = Some(v);
            if ins.binary_search(&v).is_ok() {
                mutual += 1;
            }
        }
        d.mutual.push(mutual);
    }
    d
}

/// Neighbours of every local node in the undirected simple view (out ∪ in, distinct).
pub(crate) fn simple_neighbours(out: &Side, inc: &Side) -> (Vec<usize>, Vec<NodeId>) {
    let n = out.offsets.len() - 1;
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut nbrs = Vec::with_capacity(out.other.len());
    let mut buf = Vec::new();
    for u in 0..n {
        buf.clear();
        buf.extend_from_slice(&out.other[out.range(u)]);
        buf.extend_from_slice(&inc.other[inc.range(u)]);
        buf.sort_unstable();
        buf.dedup();
        nbrs.extend_from_slice(&buf);
        offsets.push(nbrs.len());
    }
    (offsets, nbrs)
}

/// Everything a kernel needs to talk to the other workers.
pub(crate) struct Net<'a> {
    pub worker: &'a mut timely::worker::Worker,
    pub layout: &'a Layout,
    pub floats: Channel<f64>,
    pub counts: Channel<u64>,
    pub values: Channel<(u32, f64)>,
    pub labels: Channel<(u32, u32)>,
    pub tagged: Channel<(u32, NodeId, u32)>,
}

impl Net<'_> {
    /// Sum of every worker's `partials`, element-wise, in worker order (the same on every worker).
    pub fn sum_f64(&mut self, partials: Vec<f64>) -> Result<Vec<f64>> {
        let k = partials.len();
        let got = self.floats.broadcast(self.worker, self.layout, partials)?;
        let mut total = vec![0.0; k];
        for batch in &got {
            for (t, x) in total.iter_mut().zip(batch) {
                *t += x;
            }
        }
        Ok(total)
    }

    /// Sum of every worker's `partial`.
    pub fn sum_u64(&mut self, partial: u64) -> Result<u64> {
        let got = self
            .counts
            .broadcast(self.worker, self.layout, vec![partial])?;
        Ok(got.iter().flatten().sum())
    }

    /// Maximum of every worker's `partial`.
    pub fn max_u64(&mut self, partial: u64) -> Result<u64> {
        let got = self
            .counts
            .broadcast(self.worker, self.layout, vec![partial])?;
        Ok(got.iter().flatten().copied().max().unwrap_or(0))
    }

    fn empty<T>(&self) -> Vec<Vec<T>> {
        (0..self.worker.peers()).map(|_| Vec::new()).collect()
    }
}

/// How the distributed PageRank ended (as `metrics::PageRank`, scores of the local nodes only).
pub(crate) struct LocalPageRank {
    pub scores: Vec<f64>,
    pub iterations: u32,
    pub converged: bool,
    pub last_change: f64,
}

/// Weighted PageRank with `metrics::pagerank`'s definition: uniform start `1/n`; each iteration
/// `x'[v] = (1 - d)/n + d·D/n + d·Σ_{u→v} x[u]·w(u→v)/s(u)`, where `s(u)` is u's out-strength
/// (over all layers), `D` the total score of nodes without out-edges; stop when the L1 change is
/// below the tolerance or at the iteration cap. The contributions go to their target's owner
/// (one message per combined edge); the dangling sum and the L1 change are summed over workers.
pub(crate) fn pagerank(
    net: &mut Net<'_>,
    place: &Placement,
    n: usize,
    out: &Side,
    cfg: &PageRankConfig,
) -> Result<LocalPageRank> {
    let local = place.owned.len();
    let strength: Vec<f64> = (0..local)
        .map(|u| out.weight[out.range(u)].iter().sum())
        .collect();
    // Layer-edges to the same target are combined: their weights add up.
    let mut targets: Vec<(usize, u32)> = Vec::with_capacity(out.other.len());
    let mut weights: Vec<f64> = Vec::with_capacity(out.other.len());
    let mut offsets = vec![0usize];
    for u in 0..local {
        let r = out.range(u);
        let mut last = None;
        for p in r {
            let v = out.other[p];
            if last == Some(v) {
                if let Some(w) = weights.last_mut() {
                    *w += out.weight[p];
                }
                continue;
            }
            last = Some(v);
            targets.push(place.at(v));
            weights.push(out.weight[p]);
        }
        offsets.push(targets.len());
    }
    let nf = n as f64;
    let d = cfg.damping;
    let mut x = vec![1.0 / nf; local];
    let dangling_of = |x: &[f64]| -> f64 {
        x.iter()
            .zip(&strength)
            .filter(|(_, &s)| s <= 0.0)
            .map(|(x, _)| x)
            .sum()
    };
    let mut dangling = net.sum_f64(vec![dangling_of(&x)])?[0];
    let mut acc = vec![0.0; local];
    let mut iterations = 0;
    let mut last_change = f64::INFINITY;
    while iterations < cfg.max_iterations {
        iterations += 1;
        let base = (1.0 - d) / nf + d * dangling / nf;
        let mut outgoing: Vec<Vec<(u32, f64)>> = net.empty();
        for u in 0..local {
            let s = strength[u];
            if s <= 0.0 {
                continue;
            }
            let c = x[u] / s;
            for p in offsets[u]..offsets[u + 1] {
                let (o, slot) = targets[p];
                outgoing[o].push((slot, c * weights[p]));
            }
        }
        let got = net.values.exchange(net.worker, net.layout, outgoing)?;
        acc.iter_mut().for_each(|a| *a = 0.0);
        for batch in &got {
            for &(slot, c) in batch {
                acc[slot as usize] += c;
            }
        }
        let mut change = 0.0;
        for (xu, a) in x.iter_mut().zip(&acc) {
            let next = base + d * a;
            change += (next - *xu).abs();
            *xu = next;
        }
        let sums = net.sum_f64(vec![change, dangling_of(&x)])?;
        last_change = sums[0];
        dangling = sums[1];
        if last_change < cfg.tolerance {
            break;
        }
    }
    Ok(LocalPageRank {
        scores: x,
        iterations,
        converged: last_change < cfg.tolerance,
        last_change,
    })
}

/// Weak components by min-label propagation on the undirected view: every node starts with its
/// own id and takes the smallest label among its neighbours until no label changes. The label is
/// then the component's smallest member, which is what `metrics::weak_components`' union-find
/// root is; the canonical numbering is applied once gathered.
pub(crate) fn weak_components(
    net: &mut Net<'_>,
    place: &Placement,
    offsets: &[usize],
    nbrs: &[NodeId],
) -> Result<(Vec<u32>, u32)> {
    let local = place.owned.len();
    let mut label: Vec<u32> = place.owned.clone();
    let mut active = vec![true; local];
    let mut rounds = 0;
    loop {
        rounds += 1;
        let mut outgoing: Vec<Vec<(u32, u32)>> = net.empty();
        for u in 0..local {
            if !active[u] {
                continue;
            }
            active[u] = false;
            for &v in &nbrs[offsets[u]..offsets[u + 1]] {
                if label[u] < v {
                    let (o, slot) = place.at(v);
                    outgoing[o].push((slot, label[u]));
                }
            }
        }
        let got = net.labels.exchange(net.worker, net.layout, outgoing)?;
        let mut changed = 0u64;
        for batch in &got {
            for &(slot, l) in batch {
                let s = slot as usize;
                if l < label[s] {
                    label[s] = l;
                    if !active[s] {
                        active[s] = true;
                        changed += 1;
                    }
                }
            }
        }
        if net.sum_u64(changed)? == 0 {
            return Ok((label, rounds));
        }
    }
}

/// Core numbers of the undirected simple view by distributed h-index iteration (Lü, Zhou, Zhang &
/// Stanley 2016, "The H-index of a network node and its relation to degree and coreness";
/// Montresor, De Pellegrini & Miorandi 2013, "Distributed k-core decomposition"): every node
/// starts from its degree and repeatedly lowers its estimate to the h-index of its neighbours'
/// estimates; the fixed point is exactly the core number that `metrics::core_numbers` computes by
/// peeling.
///
/// The iteration is asynchronous, which converges to the same fixed point (Montresor et al.):
/// * within a worker, each round goes straight to the local fixed point: the greatest estimates,
///   at most the current ones, that the worker's own nodes can hold given the last known estimates
///   of their remote neighbours. That is a peeling (`LocalCore::peel`, Batagelj–Zaversnik bins),
///   O(local entries + levels) per round, so one process with one worker needs no message at all
///   and costs what single-machine peeling costs;
/// * between workers, one superstep per round carries only the estimates that changed since the
///   last round (the latest value only), and only to neighbours `v` whose last known estimate is
///   above the new value: when `est[v] <= known(v) <= new`, `v` counts `u` as "at least `est[v]`"
///   with the old value and with the new one alike, now and after any later lowering of `v`.
///
/// The local fixed point is unique (the estimates below the current ones that satisfy
/// `est[u] <= |{v : est[v] >= est[u]}|` are closed under the pointwise maximum), so the rounds,
/// the messages and the result do not depend on how it is reached.
///
/// Returns the core numbers of the local nodes and the number of rounds (supersteps with
/// messages between workers, plus the last, empty one).
pub(crate) fn core_numbers(
    net: &mut Net<'_>,
    place: &Placement,
    offsets: &[usize],
    nbrs: &[NodeId],
) -> Result<(Vec<u32>, u32)> {
    let mut k = LocalCore::new(net.worker.index(), place, offsets, nbrs);
    k.start();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let (outgoing, sent) = k.outgoing(net.worker.peers());
        let got = net.tagged.exchange(net.worker, net.layout, outgoing)?;
        k.receive(&got);
        if net.sum_u64(sent)? == 0 {
            return Ok((k.est, rounds));
        }
    }
}

/// A k-core message: (slot of the receiving node, global id of the sender, its estimate).
type CoreMessage = (u32, NodeId, u32);

/// The state of [`core_numbers`] on one worker.
struct LocalCore<'a> {
    me: usize,
    /// Global ids of the local nodes.
    owned: &'a [NodeId],
    offsets: &'a [usize],
    nbrs: &'a [NodeId],
    /// Owner and slot of every neighbour entry.
    at: Vec<(u32, u32)>,
    /// Current estimate of every local node.
    est: Vec<u32>,
    /// Last known estimate of every remote neighbour entry (`u32::MAX`: none received yet; local
    /// entries are not used).
    known: Vec<u32>,
    /// Nodes lowered since their remote neighbours last heard from them.
    dirty_list: Vec<u32>,
    dirty: Vec<bool>,
}

impl<'a> LocalCore<'a> {
    fn new(me: usize, place: &'a Placement, offsets: &'a [usize], nbrs: &'a [NodeId]) -> Self {
        let local = place.owned.len();
        LocalCore {
            me,
            owned: &place.owned,
            offsets,
            nbrs,
            at: nbrs
                .iter()
                .map(|&v| {
                    let (o, slot) = place.at(v);
                    (o as u32, slot)
                })
                .collect(),
            est: (0..local)
                .map(|u| (offsets[u + 1] - offsets[u]) as u32)
                .collect(),
            known: vec![u32::MAX; nbrs.len()],
            dirty_list: Vec::new(),
            dirty: vec![false; local],
        }
    }

    /// The first local fixed point from the degrees; remote neighbours count as unknown (above any
    /// estimate) until their first message. Every node is then due to tell its remote neighbours.
    fn start(&mut self) {
        self.peel();
        let local = self.est.len();
        self.dirty_list = (0..local as u32).collect();
        self.dirty.iter_mut().for_each(|d| *d = true);
    }

    /// The messages of a round, by receiving worker, and their number: the nodes lowered since
    /// the last round tell their remote neighbours whose last known estimate is above theirs.
    fn outgoing(&mut self, peers: usize) -> (Vec<Vec<CoreMessage>>, u64) {
        let mut outgoing: Vec<Vec<CoreMessage>> = (0..peers).map(|_| Vec::new()).collect();
        let mut sent = 0u64;
        for u in std::mem::take(&mut self.dirty_list) {
            let u = u as usize;
            self.dirty[u] = false;
            let e = self.est[u];
            for p in self.offsets[u]..self.offsets[u + 1] {
                let (o, slot) = self.at[p];
                if o as usize != self.me && self.known[p] > e {
                    outgoing[o as usize].push((slot, self.owned[u], e));
                    sent += 1;
                }
            }
        }
        (outgoing, sent)
    }

    /// Takes in a round's messages and goes to the new local fixed point.
    fn receive(&mut self, got: &[Vec<CoreMessage>]) {
        for batch in got {
            for &(slot, from, value) in batch {
                let r = self.offsets[slot as usize]..self.offsets[slot as usize + 1];
                if let Ok(i) = self.nbrs[r.clone()].binary_search(&from) {
                    let p = r.start + i;
                    self.known[p] = self.known[p].min(value);
                }
            }
        }
        self.peel();
    }

    /// The local fixed point: the greatest `x <= est` with `x[u] <= |{neighbours v : x[v] >=
    /// x[u]}|`, remote neighbours held at their last known estimate. Batagelj–Zaversnik peeling
    /// with caps: at level `k` a node leaves (and takes `x = k`) when it cannot hold `k + 1`
    /// (`est[u] <= k`, or fewer than `k + 1` neighbours still present, counting a remote one of
    /// known estimate `r` as present while `k < r`); lowered nodes become dirty.
    fn peel(&mut self) {
        let local = self.est.len();
        if local == 0 {
            return;
        }
        // val[u] = min(est[u], count[u]); est never exceeds the degree.
        let mut count: Vec<u32> = (0..local)
            .map(|u| (self.offsets[u + 1] - self.offsets[u]) as u32)
            .collect();
        let mut val = self.est.clone();
        let top = *val.iter().max().unwrap_or(&0) as usize;
        // Remote entries leave at the level equal to their known estimate.
        let mut leave_start = vec![0usize; top + 2];
        for u in 0..local {
            for p in self.offsets[u]..self.offsets[u + 1] {
                if self.at[p].0 as usize != self.me && (self.known[p] as usize) <= top {
                    leave_start[self.known[p] as usize + 1] += 1;
                }
            }
        }
        for k in 0..=top {
            leave_start[k + 1] += leave_start[k];
        }
        let mut fill = leave_start.clone();
        let mut leaving = vec![0u32; leave_start[top + 1]];
        for u in 0..local {
            for p in self.offsets[u]..self.offsets[u + 1] {
                if self.at[p].0 as usize != self.me && (self.known[p] as usize) <= top {
                    let r = self.known[p] as usize;
                    leaving[fill[r]] = u as u32;
                    fill[r] += 1;
                }
            }
        }
        // Bins by val: vert sorted by val, pos[u] its index, start[k] the first index of bin k.
        let mut start = vec![0usize; top + 2];
        for &v in &val {
            start[v as usize + 1] += 1;
        }
        for k in 0..=top {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut vert = vec![0u32; local];
        let mut pos = vec![0usize; local];
        for u in 0..local {
            let v = val[u] as usize;
            vert[next[v]] = u as u32;
            pos[u] = next[v];
            next[v] += 1;
        }
        let mut gone = vec![false; local];
        // Lower u's val by one (it is above the level being processed): swap it with the first
        // node of its bin and move that bin's start past it.
        let lower = |u: usize,
                     val: &mut [u32],
                     vert: &mut [u32],
                     pos: &mut [usize],
                     start: &mut [usize]| {
            let v = val[u] as usize;
            let (pu, pw) = (pos[u], start[v]);
            let w = vert[pw] as usize;
            vert.swap(pu, pw);
            pos[u] = pw;
            pos[w] = pu;
            start[v] += 1;
            val[u] -= 1;
        };
        for k in 0..=top {
            // Remote neighbours of known estimate k do not support level k + 1.
            for &u in &leaving[leave_start[k]..leave_start[k + 1]] {
                let u = u as usize;
                if gone[u] || val[u] as usize <= k {
                    continue;
                }
                count[u] -= 1;
                if count[u] < val[u] {
                    lower(u, &mut val, &mut vert, &mut pos, &mut start);
                }
            }
            let mut i = start[k];
            while i < start[k + 1] {
                let u = vert[i] as usize;
                gone[u] = true;
                if self.est[u] as usize != k {
                    self.est[u] = k as u32;
                    if !self.dirty[u] {
                        self.dirty[u] = true;
                        self.dirty_list.push(u as u32);
                    }
                }
                for p in self.offsets[u]..self.offsets[u + 1] {
                    let (o, slot) = self.at[p];
                    let w = slot as usize;
                    if o as usize != self.me || gone[w] || val[w] as usize <= k {
                        continue;
                    }
                    count[w] -= 1;
                    if count[w] < val[w] {
                        lower(w, &mut val, &mut vert, &mut pos, &mut start);
                    }
                }
                i += 1;
            }
        }
    }
}

/// One node's figures, sent to worker 0.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Row {
    pub id: NodeId,
    pub in_degree: u32,
    pub out_degree: u32,
    pub in_strength: f64,
    pub out_strength: f64,
    pub per_layer_in: Vec<u32>,
    pub mutual: u32,
    pub pagerank: f64,
    pub core: u32,
    pub wcc: u32,
    /// Label propagation (only with `--community label-propagation`): per run, the node's label
    /// and its internal weight.
    pub lpa: Vec<(u32, f64)>,
    /// The community view's out- and in-strength of the node (in: directed view only).
    pub view_strength: (f64, f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Core numbers by peeling (Batagelj & Zaversnik), for the test below.
    fn peel(n: usize, offsets: &[usize], nbrs: &[NodeId]) -> Vec<u32> {
        let mut deg: Vec<u32> = (0..n)
            .map(|u| (offsets[u + 1] - offsets[u]) as u32)
            .collect();
        let mut core = vec![0u32; n];
        let mut done = vec![false; n];
        for _ in 0..n {
            let u = (0..n)
                .filter(|&u| !done[u])
                .min_by_key(|&u| deg[u])
                .unwrap();
            done[u] = true;
            core[u] = deg[u];
            for &v in &nbrs[offsets[u]..offsets[u + 1]] {
                let v = v as usize;
                if !done[v] && deg[v] > deg[u] {
                    deg[v] -= 1;
                }
            }
        }
        core
    }

    /// A seeded random simple undirected graph on `n` nodes from `records` random pairs, every
    /// `every`-th pair drawn among the ids below `dense` (a dense part with a deep core).
    fn random_graph(
        n: usize,
        records: usize,
        dense: u64,
        every: usize,
        seed: u64,
    ) -> Vec<std::collections::BTreeSet<NodeId>> {
        let mut adj = vec![std::collections::BTreeSet::new(); n];
        let mut x = seed;
        for i in 0..records {
            x = splitmix64(x);
            let limit = if i % every == 0 { dense } else { n as u64 };
            let (a, b) = ((x % limit) as usize, ((x >> 32) % limit) as usize);
            if a != b {
                adj[a].insert(b as NodeId);
                adj[b].insert(a as NodeId);
            }
        }
        adj
    }

    /// Offsets and neighbour lists of `nodes`, in that order.
    fn csr(
        adj: &[std::collections::BTreeSet<NodeId>],
        nodes: impl Iterator<Item = usize>,
    ) -> (Vec<usize>, Vec<NodeId>) {
        let mut offsets = vec![0usize];
        let mut nbrs = Vec::new();
        for u in nodes {
            nbrs.extend(adj[u].iter().copied());
            offsets.push(nbrs.len());
        }
        (offsets, nbrs)
    }

    #[test]
    fn one_worker_settles_the_core_numbers_without_messages() {
        let n = 300usize;
        let adj = random_graph(n, 1500, 40, 2, 12345);
        let (offsets, nbrs) = csr(&adj, 0..n);
        let place = Placement::new(n, 1, 0);
        let mut k = LocalCore::new(0, &place, &offsets, &nbrs);
        k.start();
        let expected = peel(n, &offsets, &nbrs);
        assert!(expected.iter().max().unwrap() > &5, "a deep core");
        assert_eq!(k.est, expected);
    }

    #[test]
    fn workers_exchanging_only_changes_reach_the_core_numbers() {
        // A small graph, and a larger one with a deep core (many rounds).
        for (n, records, dense, every, seed) in
            [(400usize, 2500, 50, 3, 777), (2000, 30000, 300, 2, 99)]
        {
            workers_reach_the_core_numbers(random_graph(n, records, dense, every, seed));
        }
    }

    fn workers_reach_the_core_numbers(adj: Vec<std::collections::BTreeSet<NodeId>>) {
        let n = adj.len();
        let (offsets, nbrs) = csr(&adj, 0..n);
        let expected = peel(n, &offsets, &nbrs);
        for peers in [2usize, 3, 5, 8] {
            let places: Vec<Placement> = (0..peers).map(|w| Placement::new(n, peers, w)).collect();
            let lists: Vec<(Vec<usize>, Vec<NodeId>)> = places
                .iter()
                .map(|p| csr(&adj, p.owned.iter().map(|&v| v as usize)))
                .collect();
            let mut cores: Vec<LocalCore> = (0..peers)
                .map(|w| LocalCore::new(w, &places[w], &lists[w].0, &lists[w].1))
                .collect();
            cores.iter_mut().for_each(LocalCore::start);
            let mut rounds = 0;
            loop {
                rounds += 1;
                let out: Vec<(Vec<Vec<CoreMessage>>, u64)> =
                    cores.iter_mut().map(|k| k.outgoing(peers)).collect();
                let sent: u64 = out.iter().map(|o| o.1).sum();
                for (w, k) in cores.iter_mut().enumerate() {
                    let got: Vec<Vec<CoreMessage>> =
                        out.iter().map(|(o, _)| o[w].clone()).collect();
                    k.receive(&got);
                }
                if sent == 0 {
                    break;
                }
            }
            assert!(rounds > 1, "messages crossed workers");
            for (w, k) in cores.iter().enumerate() {
                for (u, &v) in places[w].owned.iter().enumerate() {
                    assert_eq!(k.est[u], expected[v as usize], "node {v}, {peers} workers");
                }
            }
        }
    }

    #[test]
    fn owners_are_balanced_on_consecutive_ids() {
        let peers = 4;
        let mut count = [0usize; 4];
        for v in 0..100_000 {
            count[owner(v, peers)] += 1;
        }
        assert!(
            count.iter().all(|&c| (23_000..27_000).contains(&c)),
            "{count:?}"
        );
    }

    #[test]
    fn sides_merge_duplicate_records() {
        let s = Side::build(
            2,
            vec![
                (1, 7, 0, 1.0),
                (0, 5, 0, 2.0),
                (1, 7, 0, 0.5),
                (1, 7, 1, 1.0),
            ],
        );
        assert_eq!(s.offsets, [0, 1, 3]);
        assert_eq!(s.other, [5, 7, 7]);
        assert_eq!(s.weight, [2.0, 1.5, 1.0]);
        assert_eq!(s.distinct(1), 1);
    }
}
