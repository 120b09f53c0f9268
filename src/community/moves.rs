//! Local moving of nodes between communities, shared by Leiden and Louvain.

use std::collections::VecDeque;

use rand::seq::SliceRandom;
use rand_pcg::Pcg64;

use super::net::{Adj, Net};

/// Community totals and scratch space for moving the nodes of one level.
pub(crate) struct Mover {
    /// Sum of `a` per community.
    ca: Vec<f64>,
    /// Sum of `b` per community (unused when `b = a`).
    cb: Vec<f64>,
    /// Node count per community.
    cn: Vec<u32>,
    /// Ids of empty communities.
    empty: Vec<u32>,
    /// Weight from the node being moved to each community (scratch).
    nw: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
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
            ca,
            cb,
            cn,
            empty,
            nw: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }

    /// Moves `v` to the community of largest gain (staying put on ties; the first neighbouring
    /// community in adjacency order among equal gains; an empty community when every gain is
    /// negative). Returns whether `v` moved.
    #[inline]
    pub fn step(&mut self, net: Adj<'_>, p: &mut [u32], v: usize, gamma: f64) -> bool {
        let cur = p[v] as usize;
        let av = net.a[v];
        let bv = net.b(v);
        let sym = net.b.is_none();
        let unit = net.weights.is_empty();
        for pos in net.range(v) {
            let c = p[net.targets[pos] as usize];
            if !self.seen[c as usize] {
                self.seen[c as usize] = true;
                self.touched.push(c);
            }
            self.nw[c as usize] += if unit { 1.0 } else { net.weights[pos] };
        }
        // Take v out of its community.
        self.cn[cur] -= 1;
        if self.cn[cur] == 0 {
            // Reset rounding drift: an empty community has no weight.
            self.ca[cur] = 0.0;
            if !sym {
                self.cb[cur] = 0.0;
            }
        } else {
            self.ca[cur] -= av;
            if !sym {
                self.cb[cur] -= bv;
            }
        }
        let penalty = |ca: &[f64], cb: &[f64], c: usize| {
            if sym {
                2.0 * av * ca[c]
            } else {
                av * cb[c] + bv * ca[c]
            }
        };
        let mut best = cur;
        let mut best_gain = self.nw[cur] - gamma * penalty(&self.ca, &self.cb, cur);
        for &c in &self.touched {
            let c = c as usize;
            if c == cur {
                continue;
            }
            let gain = self.nw[c] - gamma * penalty(&self.ca, &self.cb, c);
            if gain > best_gain {
                best = c;
                best_gain = gain;
            }
        }
        if best_gain < 0.0 && self.cn[cur] > 0 {
            // An empty community has gain 0; there is always one, as v is in none.
            if let Some(&e) = self.empty.last() {
                best = e as usize;
            }
        }
        if self.cn[best] == 0 && best != cur {
            self.empty.pop();
        }
        self.ca[best] += av;
        if !sym {
            self.cb[best] += bv;
        }
        self.cn[best] += 1;
        if self.cn[cur] == 0 && best != cur {
            self.empty.push(cur as u32);
        }
        p[v] = best as u32;
        for &c in &self.touched {
            self.nw[c as usize] = 0.0;
            self.seen[c as usize] = false;
        }
        self.touched.clear();
        best != cur
    }

    /// Leiden's fast local moving (Traag, Waltman & van Eck 2019, Algorithm A.2 `MoveNodesFast`):
    /// every node is queued once in random order; when a node moves, its neighbours outside its
    /// new community are queued again (if not queued already). Returns the number of moves.
    pub fn move_queue(&mut self, net: &Net<'_>, p: &mut [u32], gamma: f64, rng: &mut Pcg64) -> u64 {
        let n = net.n();
        let net = net.adj();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.shuffle(rng);
        let mut queue: VecDeque<u32> = order.into();
        let mut queued = vec![true; n];
        let mut moves = 0;
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            queued[v] = false;
            if self.step(net, p, v, gamma) {
                moves += 1;
                let c = p[v];
                for pos in net.range(v) {
                    let u = net.targets[pos] as usize;
                    if !queued[u] && p[u] != c {
                        queued[u] = true;
                        queue.push_back(u as u32);
                    }
                }
            }
        }
        moves
    }

    /// Louvain's local moving (Blondel et al. 2008): sweeps over all nodes in one random order
    /// until a sweep moves no node, or `max_sweeps`. Returns the number of moves.
    pub fn move_sweeps(
        &mut self,
        net: &Net<'_>,
        p: &mut [u32],
        gamma: f64,
        max_sweeps: u32,
        rng: &mut Pcg64,
    ) -> u64 {
        let mut order: Vec<u32> = (0..net.n() as u32).collect();
        order.shuffle(rng);
        let net = net.adj();
        let mut moves = 0;
        for _ in 0..max_sweeps {
            let mut moved = 0;
            for &v in &order {
                if self.step(net, p, v as usize, gamma) {
                    moved += 1;
                }
            }
            moves += moved;
            if moved == 0 {
                break;
            }
        }
        moves
    }
}
