//! Local moving of nodes between communities, shared by Leiden and Louvain: deterministic and
//! parallel.
//!
//! # Scheme
//!
//! Nodes wait in a FIFO queue, first every node in a seeded random order. The queue is consumed in
//! *batches* of [`batch_len`] nodes, a length that depends on the number of nodes only (never on
//! the number of threads). For each batch:
//!
//! 1. **Propose** (parallel over the batch): every node's best move is computed against the state
//!    frozen at the start of the batch (labels and community totals), with a dense per-worker
//!    scratch array of neighbour-community weights and a list of the touched entries.
//! 2. **Apply** (sequential, in batch order): each proposal is re-checked against the current
//!    state and applied only if it still improves the quality over staying. A community that
//!    gained or lost a member earlier in the batch is *stamped*; when neither the node's community
//!    nor the target is stamped, the frozen weights and totals are still exact and the check costs
//!    O(1); otherwise the node's two weights are recomputed with one scan of its neighbours.
//! 3. **Requeue**: when a node moves, its neighbours outside its new community are queued again
//!    (if not queued already), as in Leiden's fast local moving (Traag, Waltman & van Eck 2019,
//!    Algorithm A.2 `MoveNodesFast`) and Ozaki, Tezuka & Inaba's pruning of Louvain (2016): only
//!    nodes whose neighbourhood changed are visited again, instead of sweeping over every node.
//!
//! Proposals depend only on the frozen state and are applied in a fixed order, so the result is
//! identical for any number of threads. With batches of one node (networks below 512 nodes) the
//! scheme is exactly sequential local moving. Every applied move strictly increases the quality.
//! Ties go to the current community, then to the first neighbouring community in adjacency order.

use std::collections::VecDeque;

use rand::seq::SliceRandom;
use rand_pcg::Pcg64;
use rayon::prelude::*;

use super::net::{Adj, Net};

/// Most nodes in one batch.
const MAX_BATCH: usize = 2048;
/// A batch holds about one node in this many of the network (at least one, at most
/// [`MAX_BATCH`]), so that nodes of a batch are seldom neighbours and proposals seldom stale.
const BATCH_SHARE: usize = 256;
/// Below this many adjacency entries in a batch its proposals are computed on one thread.
const PARALLEL_ENTRIES: u64 = 4096;

/// Proposal target meaning "stay".
const STAY: u32 = u32::MAX;
/// Proposal target meaning "an empty community" (every gain is negative).
const EMPTY: u32 = u32::MAX - 1;

/// The number of nodes in a batch for a network of `n` nodes.
fn batch_len(n: usize) -> usize {
    (n / BATCH_SHARE).clamp(1, MAX_BATCH)
}

/// A node's best move against the frozen state: target, and the weights from the node to its own
/// community and to the target.
#[derive(Clone, Copy)]
struct Proposal {
    to: u32,
    w_cur: f64,
    w_to: f64,
}

const NO_MOVE: Proposal = Proposal {
    to: STAY,
    w_cur: 0.0,
    w_to: 0.0,
};

/// Community totals.
struct Totals {
    /// Sum of `a` per community.
    ca: Vec<f64>,
    /// Sum of `b` per community (unused when `b = a`).
    cb: Vec<f64>,
    /// Node count per community.
    cn: Vec<u32>,
}

impl Totals {
    /// The penalty factor of moving a node of weights `(av, bv)` into a community of totals
    /// `(ca, cb)`: the gain is `w − γ' · penalty`.
    #[inline(always)]
    fn penalty(sym: bool, av: f64, bv: f64, ca: f64, cb: f64) -> f64 {
        if sym {
            2.0 * av * ca
        } else {
            av * cb + bv * ca
        }
    }

    /// Totals of `v`'s community `cur` without `v`.
    #[inline(always)]
    fn without(&self, sym: bool, cur: usize, av: f64, bv: f64) -> (f64, f64) {
        if self.cn[cur] == 1 {
            (0.0, 0.0)
        } else if sym {
            (self.ca[cur] - av, 0.0)
        } else {
            (self.ca[cur] - av, self.cb[cur] - bv)
        }
    }

    /// Totals of community `c`.
    #[inline(always)]
    fn of(&self, sym: bool, c: usize) -> (f64, f64) {
        (self.ca[c], if sym { 0.0 } else { self.cb[c] })
    }
}

/// Per-worker scratch: weight from the node being evaluated to each community (0 when not
/// touched: a community is listed in `touched` when its weight is first added to, so a weight
/// that sums to 0 may be listed twice, which changes no decision).
struct Scratch {
    nw: Vec<f64>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            nw: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    /// `v`'s best move against the frozen `p` and totals.
    #[inline]
    fn propose(&mut self, net: Adj<'_>, t: &Totals, p: &[u32], v: usize, gamma: f64) -> Proposal {
        let cur = p[v] as usize;
        let av = net.a[v];
        let bv = net.b(v);
        let sym = net.b.is_none();
        if net.weights.is_empty() {
            for &u in &net.targets[net.range(v)] {
                let c = p[u as usize];
                let x = &mut self.nw[c as usize];
                if *x == 0.0 {
                    self.touched.push(c);
                }
                *x += 1.0;
            }
        } else {
            let r = net.range(v);
            for (&u, &w) in net.targets[r.clone()].iter().zip(&net.weights[r]) {
                let c = p[u as usize];
                let x = &mut self.nw[c as usize];
                if *x == 0.0 {
                    self.touched.push(c);
                }
                *x += w;
            }
        }
        let (ca, cb) = t.without(sym, cur, av, bv);
        let stay = self.nw[cur] - gamma * Totals::penalty(sym, av, bv, ca, cb);
        let mut best = cur;
        let mut best_gain = stay;
        for &c in &self.touched {
            let c = c as usize;
            if c == cur {
                continue;
            }
            let (ca, cb) = t.of(sym, c);
            let gain = self.nw[c] - gamma * Totals::penalty(sym, av, bv, ca, cb);
            if gain > best_gain {
                best = c;
                best_gain = gain;
            }
        }
        let proposal = if best != cur {
            Proposal {
                to: best as u32,
                w_cur: self.nw[cur],
                w_to: self.nw[best],
            }
        } else if best_gain < 0.0 && t.cn[cur] > 1 {
            // An empty community has gain 0.
            Proposal {
                to: EMPTY,
                w_cur: self.nw[cur],
                w_to: 0.0,
            }
        } else {
            NO_MOVE
        };
        for &c in &self.touched {
            self.nw[c as usize] = 0.0;
        }
        self.touched.clear();
        proposal
    }
}

/// Community totals and scratch space for moving the nodes of one level.
pub(crate) struct Mover {
    totals: Totals,
    /// Ids of empty communities; the smallest is last.
    empty: Vec<u32>,
    /// Per community, the last batch in which it gained or lost a member.
    stamp: Vec<u64>,
    /// One scratch per worker (allocated when first needed).
    scratch: Vec<Scratch>,
    /// Nodes per batch ([`batch_len`] of the network's size).
    pub batch: usize,
    /// Batches whose proposals were computed on more than one thread (for tests).
    pub parallel_batches: u64,
}

impl Mover {
    /// Totals of the partition `p` (labels below `net.n()`).
    pub fn new(net: &Net<'_>, p: &[u32]) -> Mover {
        let n = net.n();
        let mut ca = vec![0.0; n];
        let mut cb = vec![0.0; if net.b.is_some() { n } else { 0 }];
        let mut cn = vec![0u32; n];
        for (u, &c) in p.iter().enumerate() {
            ca[c as usize] += net.a[u];
            if let Some(b) = &net.b {
                cb[c as usize] += b[u];
            }
            cn[c as usize] += 1;
        }
        // Reverse order, so that the smallest free id is used first.
        let empty = (0..n as u32)
            .rev()
            .filter(|&c| cn[c as usize] == 0)
            .collect();
        Mover {
            totals: Totals { ca, cb, cn },
            empty,
            stamp: vec![0; n],
            scratch: vec![Scratch::new(n)],
            batch: batch_len(n),
            parallel_batches: 0,
        }
    }

    /// Computes the proposals of `batch` into `out`, in parallel when the batch is large enough;
    /// each proposal depends only on `p` and the totals, never on the split.
    fn propose_batch(
        &mut self,
        net: Adj<'_>,
        p: &[u32],
        batch: &[u32],
        gamma: f64,
        out: &mut Vec<Proposal>,
    ) {
        out.clear();
        out.resize(batch.len(), NO_MOVE);
        let threads = rayon::current_num_threads().min(batch.len());
        let degree = |v: u32| net.offsets[v as usize + 1] - net.offsets[v as usize];
        let entries: u64 = if threads > 1 {
            batch.iter().map(|&v| degree(v)).sum()
        } else {
            0
        };
        let totals = &self.totals;
        if threads <= 1 || entries < PARALLEL_ENTRIES {
            let s = &mut self.scratch[0];
            for (o, &v) in out.iter_mut().zip(batch) {
                *o = s.propose(net, totals, p, v as usize, gamma);
            }
            return;
        }
        self.parallel_batches += 1;
        let n = net.a.len();
        while self.scratch.len() < threads {
            self.scratch.push(Scratch::new(n));
        }
        // Split the batch into `threads` runs of about equal adjacency size.
        let mut pieces = Vec::with_capacity(threads);
        let (mut rest_b, mut rest_o) = (batch, out.as_mut_slice());
        let mut scratches = self.scratch.iter_mut();
        let share = entries.div_ceil(threads as u64);
        for piece in 0..threads {
            let len = if piece + 1 == threads {
                rest_b.len()
            } else {
                let mut acc = 0;
                let mut len = 0;
                while len < rest_b.len() && acc < share {
                    acc += degree(rest_b[len]);
                    len += 1;
                }
                len
            };
            let (b, rb) = rest_b.split_at(len);
            let (o, ro) = rest_o.split_at_mut(len);
            rest_b = rb;
            rest_o = ro;
            if let Some(s) = scratches.next() {
                pieces.push((b, o, s));
            }
        }
        pieces.into_par_iter().for_each(|(b, o, s)| {
            for (o, &v) in o.iter_mut().zip(b) {
                *o = s.propose(net, totals, p, v as usize, gamma);
            }
        });
    }

    /// Applies `v`'s proposal if it still improves the quality over staying (batch `batch`).
    /// Returns whether `v` moved.
    #[inline]
    fn apply(
        &mut self,
        net: Adj<'_>,
        p: &mut [u32],
        v: usize,
        prop: Proposal,
        gamma: f64,
        batch: u64,
    ) -> bool {
        if prop.to == STAY {
            return false;
        }
        let t = &mut self.totals;
        let cur = p[v] as usize;
        let mut to = prop.to;
        let (mut w_cur, mut w_to) = (prop.w_cur, prop.w_to);
        if to != EMPTY && t.cn[to as usize] == 0 {
            // The target emptied earlier in the batch: moving there is moving to an empty one.
            to = EMPTY;
            w_to = 0.0;
        }
        if to == EMPTY && t.cn[cur] == 1 {
            return false;
        }
        let stale = self.stamp[cur] == batch || (to != EMPTY && self.stamp[to as usize] == batch);
        if stale {
            w_cur = 0.0;
            w_to = 0.0;
            for pos in net.range(v) {
                let c = p[net.targets[pos] as usize];
                if c as usize == cur {
                    w_cur += net.w(pos);
                } else if c == to {
                    w_to += net.w(pos);
                }
            }
        }
        let sym = net.b.is_none();
        let av = net.a[v];
        let bv = net.b(v);
        let (ca, cb) = t.without(sym, cur, av, bv);
        let stay = w_cur - gamma * Totals::penalty(sym, av, bv, ca, cb);
        let gain = if to == EMPTY {
            0.0
        } else {
            let (ca, cb) = t.of(sym, to as usize);
            w_to - gamma * Totals::penalty(sym, av, bv, ca, cb)
        };
        if gain <= stay {
            return false;
        }
        let dest = if to == EMPTY {
            // `cur` keeps a member, so fewer than n communities are used: one is empty.
            match self.empty.pop() {
                Some(e) => e as usize,
                None => return false,
            }
        } else {
            to as usize
        };
        t.cn[cur] -= 1;
        if t.cn[cur] == 0 {
            // Reset rounding drift: an empty community has no weight.
            t.ca[cur] = 0.0;
            if !sym {
                t.cb[cur] = 0.0;
            }
            self.empty.push(cur as u32);
        } else {
            t.ca[cur] -= av;
            if !sym {
                t.cb[cur] -= bv;
            }
        }
        t.ca[dest] += av;
        if !sym {
            t.cb[dest] += bv;
        }
        t.cn[dest] += 1;
        self.stamp[cur] = batch;
        self.stamp[dest] = batch;
        p[v] = dest as u32;
        true
    }

    /// Local moving from the partition `p` (which the mover was built on) until the queue is
    /// empty or `max_visits` node visits: every node is queued once in random order; when a node
    /// moves, its neighbours outside its new community are queued again (if not queued already).
    /// See the module documentation for the batches. Returns the number of moves.
    pub fn move_nodes(
        &mut self,
        net: &Net<'_>,
        p: &mut [u32],
        gamma: f64,
        max_visits: u64,
        rng: &mut Pcg64,
    ) -> u64 {
        let n = net.n();
        let net = net.adj();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.shuffle(rng);
        let mut queue: VecDeque<u32> = order.into();
        let mut queued = vec![true; n];
        let len = self.batch.max(1);
        let mut batch: Vec<u32> = Vec::with_capacity(len);
        let mut proposals: Vec<Proposal> = Vec::with_capacity(len);
        let mut moves = 0;
        let mut visits = 0u64;
        let mut batch_id = 0u64;
        while !queue.is_empty() && visits < max_visits {
            let take = (len as u64).min(max_visits - visits) as usize;
            batch.clear();
            while batch.len() < take {
                match queue.pop_front() {
                    Some(v) => {
                        queued[v as usize] = false;
                        batch.push(v);
                    }
                    None => break,
                }
            }
            visits += batch.len() as u64;
            batch_id += 1;
            self.propose_batch(net, p, &batch, gamma, &mut proposals);
            for (&v, &prop) in batch.iter().zip(&proposals) {
                let v = v as usize;
                if self.apply(net, p, v, prop, gamma, batch_id) {
                    moves += 1;
                    let c = p[v];
                    for &u in &net.targets[net.range(v)] {
                        let u = u as usize;
                        if !queued[u] && p[u] != c {
                            queued[u] = true;
                            queue.push_back(u as u32);
                        }
                    }
                }
            }
        }
        moves
    }
}
