//! Label propagation (Raghavan, Albert & Kumara, "Near linear time algorithm to detect community
//! structures in large-scale networks", Phys. Rev. E 76, 036106, 2007), weighted and seeded, in
//! its *semi-synchronous* form (Cordasco & Gargano, "Community detection via semi-synchronous
//! label propagation algorithms", IEEE BASNA 2010; NetworkX's `label_propagation_communities`).
//!
//! The nodes are coloured greedily in a seeded random priority order (no two neighbours share a
//! colour); a round updates the colour classes one after the other, every node of a class at
//! once. A node takes the label of largest total edge weight among its neighbours, keeps its own
//! label when that is among the largest, and otherwise breaks the tie by a seeded hash of
//! (round, node, label). Since nodes of one class are not adjacent, updating a class at once is
//! the same as updating its nodes one by one: the result depends on the seed only, not on any
//! visiting order: a large class is decided in parallel (one dense tally per worker) and its
//! moves applied after, identically for any thread count, and cluster mode (`crate::cluster`)
//! reproduces it exactly with one superstep per class (its colouring is Jones–Plassmann's, which
//! gives the same colours as the greedy order). Semi-synchronous updates converge (no synchronous oscillation); the run stops after a
//! round without change or at `cfg.max_iterations` rounds.
//!
//! The pieces shared with cluster mode are `pub(crate)`: [`run_seed`], [`priority`],
//! [`Tally`], [`runs_for`] and the re-exported quality helpers.

use std::sync::Mutex;

use rand::Rng;
use rand_pcg::Pcg64;
use rayon::prelude::*;

use super::leiden::Run;
use super::net::renumber;
use super::quality::raw_quality;
use super::view::CommunityGraph;
use super::{mix, CommunityConfig, RunStats};
use crate::graph::NodeId;

pub(crate) use super::leiden::Run as LabelRun;
pub(crate) use super::net::renumber as renumber_labels;
pub(crate) use super::quality::{ordered_sum, quality_from_parts};

/// Graphs with fewer nodes run on one thread.
const PARALLEL_NODES: usize = 1 << 14;

/// Colour classes with fewer nodes are decided on one thread.
const PARALLEL_CLASS: usize = 1 << 12;

/// The seed of one run, drawn from the run's random stream.
pub(crate) fn run_seed(rng: &mut Pcg64) -> u64 {
    rng.random()
}

/// The seed of run `r` of a configuration seeded `seed` (what [`label_propagation`] draws from
/// the stream that `detect` gives run `r`).
pub(crate) fn seed_of_run(seed: u64, r: u32) -> u64 {
    run_seed(&mut super::stream(seed, r))
}

/// Colouring priority of `v`: nodes are coloured in ascending `(priority, id)` order.
#[inline]
pub(crate) fn priority(seed: u64, v: NodeId) -> (u64, NodeId) {
    (mix(seed ^ mix(u64::from(v))), v)
}

/// Tie-break key of `label` for node `v` in `round`: among the labels of largest weight, the one
/// of smallest key wins.
#[inline]
fn tie_key(seed: u64, round: u32, v: NodeId, label: u32) -> u64 {
    mix(mix(seed ^ ((u64::from(round) << 32) | u64::from(v))) ^ u64::from(label))
}

/// The number of runs `detect` makes on a view with `entries` adjacency entries (twice its
/// edges): [`CommunityConfig::effective_runs`].
pub(crate) fn runs_for(cfg: &CommunityConfig, entries: u64) -> u32 {
    if cfg.runs > 0 {
        return cfg.runs;
    }
    let edges = (entries / 2).max(1);
    (CommunityConfig::AUTO_EDGE_BUDGET / edges).clamp(1, u64::from(CommunityConfig::AUTO_MAX_RUNS))
        as u32
}

/// The smallest colour not in `used` (which it clears).
pub(crate) fn first_free(used: &mut Vec<u32>) -> u32 {
    used.sort_unstable();
    used.dedup();
    let mut c = 0;
    for &u in used.iter() {
        if u != c {
            break;
        }
        c += 1;
    }
    used.clear();
    c
}

/// Label weights around one node: add the neighbours' `(label, weight)` in adjacency order, then
/// [`Tally::decide`]. Dense over `labels` label values, reset after each decision.
pub(crate) struct Tally {
    nw: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    best: Vec<u32>,
}

impl Tally {
    /// A tally for labels `0..labels`.
    pub fn new(labels: usize) -> Tally {
        Tally {
            nw: vec![0.0; labels],
            seen: vec![false; labels],
            touched: Vec::new(),
            best: Vec::new(),
        }
    }

    /// Adds `w` to `label`.
    #[inline]
    pub fn add(&mut self, label: u32, w: f64) {
        let l = label as usize;
        if !self.seen[l] {
            self.seen[l] = true;
            self.touched.push(label);
        }
        self.nw[l] += w;
    }

    /// The label node `v`, now labelled `current`, takes in `round` (`None`: it keeps
    /// `current`), and resets the tally.
    pub fn decide(&mut self, seed: u64, round: u32, v: NodeId, current: u32) -> Option<u32> {
        let mut choice = None;
        if !self.touched.is_empty() {
            let max = self
                .touched
                .iter()
                .map(|&l| self.nw[l as usize])
                .fold(f64::NEG_INFINITY, f64::max);
            let cur = current as usize;
            if !(self.seen[cur] && self.nw[cur] == max) {
                self.best.clear();
                let nw = &self.nw;
                self.best
                    .extend(self.touched.iter().filter(|&&l| nw[l as usize] == max));
                choice = self
                    .best
                    .iter()
                    .copied()
                    .min_by_key(|&l| (tie_key(seed, round, v, l), l));
            }
        }
        for &l in &self.touched {
            self.nw[l as usize] = 0.0;
            self.seen[l as usize] = false;
        }
        self.touched.clear();
        choice
    }
}

/// Semi-synchronous label propagation on `view` (see the module documentation).
pub(crate) fn label_propagation(
    view: &CommunityGraph<'_>,
    cfg: &CommunityConfig,
    rng: &mut Pcg64,
) -> Run {
    let n = view.node_count();
    let seed = run_seed(rng);
    // Greedy colouring in priority order.
    let mut order: Vec<NodeId> = (0..n as NodeId).collect();
    order.sort_unstable_by_key(|&v| priority(seed, v));
    let mut colour = vec![u32::MAX; n];
    let mut used = Vec::new();
    let mut colours = 0u32;
    for &v in &order {
        used.extend(
            view.targets[view.range(v as usize)]
                .iter()
                .map(|&u| colour[u as usize])
                .filter(|&c| c != u32::MAX),
        );
        let c = first_free(&mut used);
        colour[v as usize] = c;
        colours = colours.max(c + 1);
    }
    drop(order);
    let mut classes: Vec<Vec<NodeId>> = vec![Vec::new(); colours as usize];
    for (v, &c) in colour.iter().enumerate() {
        classes[c as usize].push(v as NodeId);
    }
    drop(colour);

    let mut labels: Vec<u32> = (0..n as u32).collect();
    let unit = view.weights.is_empty();
    // The decision of one node from the current labels of its neighbours.
    let decide = |tally: &mut Tally, labels: &[u32], round: u32, v: NodeId| {
        for p in view.range(v as usize) {
            let w = if unit { 1.0 } else { view.weights[p] };
            tally.add(labels[view.targets[p] as usize], w);
        }
        tally.decide(seed, round, v, labels[v as usize])
    };
    // One dense tally per worker (O(n) each), taken by the worker's index: a tally is reset
    // after every decision, so which one serves a node does not matter.
    let workers = if n >= PARALLEL_NODES {
        rayon::current_num_threads()
    } else {
        1
    };
    let tallies: Vec<Mutex<Tally>> = (0..workers).map(|_| Mutex::new(Tally::new(n))).collect();
    let mut moves: Vec<(NodeId, u32)> = Vec::new();
    let mut stats = RunStats::default();
    while stats.iterations < cfg.max_iterations {
        stats.iterations += 1;
        let round = stats.iterations;
        let mut changed = 0u64;
        for class in &classes {
            // No two nodes of a class are adjacent, so every node of the class decides from
            // labels that the class does not change: deciding them at once (in parallel for a
            // large class) and then applying the moves is the same as updating them in turn.
            moves.clear();
            if workers == 1 || class.len() < PARALLEL_CLASS {
                let mut tally = tallies[0].lock().expect("an unpoisoned tally");
                moves.extend(
                    class
                        .iter()
                        .filter_map(|&v| decide(&mut tally, &labels, round, v).map(|l| (v, l))),
                );
            } else {
                let labels = &labels;
                moves.par_extend(class.par_chunks(PARALLEL_CLASS / 4).flat_map_iter(|chunk| {
                    let slot = rayon::current_thread_index().unwrap_or(0) % workers;
                    let mut tally = tallies[slot].lock().expect("an unpoisoned tally");
                    chunk
                        .iter()
                        .filter_map(|&v| decide(&mut tally, labels, round, v).map(|l| (v, l)))
                        .collect::<Vec<_>>()
                }));
            }
            for &(v, l) in &moves {
                labels[v as usize] = l;
            }
            changed += moves.len() as u64;
        }
        if changed == 0 {
            stats.converged = true;
            break;
        }
    }
    stats.levels = 1;
    let k = renumber(&mut labels);
    let quality = raw_quality(view, &labels, k, cfg.objective, cfg.resolution);
    Run {
        labels,
        k,
        quality,
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_free_skips_used_colours() {
        let mut used = vec![2, 0, 0, 3];
        assert_eq!(first_free(&mut used), 1);
        assert!(used.is_empty());
        assert_eq!(first_free(&mut used), 0);
        let mut used = vec![1, 0, 2];
        assert_eq!(first_free(&mut used), 3);
    }

    #[test]
    fn tally_keeps_a_best_label_and_breaks_ties_by_key() {
        let mut t = Tally::new(10);
        // Current label 4 is among the best (weight 2): kept.
        t.add(4, 2.0);
        t.add(7, 2.0);
        t.add(1, 1.0);
        assert_eq!(t.decide(1, 1, 0, 4), None);
        // A unique best label is taken.
        t.add(4, 1.0);
        t.add(7, 2.5);
        assert_eq!(t.decide(1, 1, 0, 4), Some(7));
        // A tie between two others: the smaller key wins, whatever the order of addition.
        let pick = |first: u32, second: u32| {
            let mut t = Tally::new(10);
            t.add(first, 1.0);
            t.add(second, 1.0);
            t.decide(5, 2, 3, 9)
        };
        assert_eq!(pick(2, 6), pick(6, 2));
        assert!(matches!(pick(2, 6), Some(2 | 6)));
        // No neighbours: keep.
        assert_eq!(t.decide(1, 1, 0, 4), None);
    }
}
