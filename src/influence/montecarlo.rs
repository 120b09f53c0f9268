//! Monte-Carlo estimate of a seed set's expected spread: R forward simulations of the diffusion
//! model, in parallel, simulation `r` drawing from its own stream `(seed, r)`.
//!
//! Every seed set is simulated with the same streams (common random numbers), so differences
//! between strategies are not blurred by independent noise. Spreads are integers, so their sum
//! and sum of squares are exact and independent of the thread count.

use std::sync::atomic::{AtomicU64, Ordering};

use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::probability::InfluenceGraph;
use super::{stream, tag, Model};
use crate::graph::NodeId;

/// Simulations per work block.
const BLOCK: u64 = 64;

/// z of a two-sided 95% normal interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The spread of a seed set by simulation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Simulations run (R).
    pub simulations: u32,
    /// Mean number of active accounts at the end (seeds included).
    pub mean: f64,
    /// Sample standard deviation of the spread.
    pub std_dev: f64,
    /// Lower end of the 95% confidence interval of the mean: mean − 1.96 × std_dev / √R
    /// (normal approximation, fine for R in the thousands).
    pub ci_low: f64,
    /// Upper end of the 95% confidence interval.
    pub ci_high: f64,
}

/// Simulations per batch; the stopping rule is checked after each batch.
pub const BATCH: u32 = 1_000;

/// Simulates `model` from `seeds` up to `simulations` times.
///
/// IC: each newly active v tries once to activate each account u that listens to it, with
/// probability `p(v → u)`. LT: each account draws a threshold uniformly in (0, 1] when first
/// reached and becomes active when the summed weights `b(v → u)` of its active sources reach it.
///
/// Simulations run in batches of [`BATCH`]. When `ci_target > 0`, the run stops after the first
/// batch at which the 95% interval's half-width is at most `ci_target × mean` (a sequential rule:
/// the interval is then slightly optimistic); `ci_target = 0` always runs all `simulations`. The
/// decision depends only on exact integer sums, so it is the same for any thread count.
///
/// # Complexity
/// O(R × edges leaving active accounts), parallel over simulations.
pub fn spread(
    ig: &InfluenceGraph,
    model: Model,
    seeds: &[NodeId],
    simulations: u32,
    ci_target: f64,
    seed: u64,
) -> Spread {
    let (mut sum, mut sum_sq, mut done) = (0u64, 0u128, 0u64);
    let total = simulations as u64;
    while done < total {
        let end = (done + BATCH as u64).min(total);
        let (s, q) = batch(ig, model, seeds, seed, done..end);
        sum += s;
        sum_sq += q;
        done = end;
        let result = summary(sum, sum_sq, done);
        if ci_target > 0.0
            && done < total
            && result.ci_high - result.mean <= ci_target * result.mean
        {
            break;
        }
    }
    summary(sum, sum_sq, done)
}

/// Mean, standard deviation and normal 95% interval from exact integer moments.
fn summary(sum: u64, sum_sq: u128, runs: u64) -> Spread {
    let r = runs.max(1) as f64;
    let mean = sum as f64 / r;
    // Sample variance: (Σx² − (Σx)²/R) / (R − 1).
    let var = if runs > 1 {
        let centred = sum_sq as f64 - (sum as f64) * (sum as f64) / r;
        (centred / (r - 1.0)).max(0.0)
    } else {
        0.0
    };
    let std_dev = var.sqrt();
    let half = Z95 * std_dev / r.sqrt();
    Spread {
        simulations: runs as u32,
        mean,
        std_dev,
        ci_low: mean - half,
        ci_high: mean + half,
    }
}

/// Runs simulations `runs` in parallel; returns the sum of spreads and of their squares.
fn batch(
    ig: &InfluenceGraph,
    model: Model,
    seeds: &[NodeId],
    seed: u64,
    runs: std::ops::Range<u64>,
) -> (u64, u128) {
    let n = ig.node_count();
    let blocks = (runs.end - runs.start).div_ceil(BLOCK);
    let next = AtomicU64::new(0);
    let workers = (rayon::current_num_threads() as u64).min(blocks).max(1);
    (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut s = Scratch::new(n, model);
            let (mut sum, mut sum_sq) = (0u64, 0u128);
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks {
                    break;
                }
                let lo = runs.start + b * BLOCK;
                for r in lo..(lo + BLOCK).min(runs.end) {
                    let a = simulate(ig, model, seeds, seed, r, &mut s) as u64;
                    sum += a;
                    sum_sq += (a as u128) * (a as u128);
                }
            }
            (sum, sum_sq)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// Per-worker state: `mark[v] == epoch` when v is active in the current simulation; LT also keeps
/// the threshold and the received weight of the accounts reached (`seen[v] == epoch`).
struct Scratch {
    mark: Vec<u32>,
    seen: Vec<u32>,
    threshold: Vec<f64>,
    received: Vec<f64>,
    epoch: u32,
    queue: Vec<NodeId>,
}

impl Scratch {
    fn new(n: usize, model: Model) -> Scratch {
        let lt = model == Model::Lt;
        Scratch {
            mark: vec![0; n],
            seen: if lt { vec![0; n] } else { Vec::new() },
            threshold: if lt { vec![0.0; n] } else { Vec::new() },
            received: if lt { vec![0.0; n] } else { Vec::new() },
            epoch: 0,
            queue: Vec::new(),
        }
    }
}

/// One simulation; returns the number of active accounts.
fn simulate(
    ig: &InfluenceGraph,
    model: Model,
    seeds: &[NodeId],
    seed: u64,
    r: u64,
    s: &mut Scratch,
) -> usize {
    let mut rng = stream(seed, tag::MONTE_CARLO, r);
    s.epoch = s.epoch.wrapping_add(1);
    if s.epoch == 0 {
        s.mark.fill(0);
        s.seen.fill(0);
        s.epoch = 1;
    }
    let e = s.epoch;
    s.queue.clear();
    for &v in seeds {
        if s.mark[v as usize] != e {
            s.mark[v as usize] = e;
            s.queue.push(v);
        }
    }
    let mut head = 0;
    while head < s.queue.len() {
        let v = s.queue[head];
        head += 1;
        let range = ig.audience.range(v);
        for p in range {
            let u = ig.audience.targets[p];
            if s.mark[u as usize] == e {
                continue;
            }
            let w = ig.audience_weight(p);
            let activate = match model {
                Model::Ic => rng.random::<f32>() < w,
                Model::Lt => {
                    let ui = u as usize;
                    if s.seen[ui] != e {
                        s.seen[ui] = e;
                        s.threshold[ui] = 1.0 - rng.random::<f64>();
                        s.received[ui] = 0.0;
                    }
                    s.received[ui] += w as f64;
                    s.received[ui] >= s.threshold[ui] - 1e-12
                }
            };
            if activate {
                s.mark[u as usize] = e;
                s.queue.push(u);
            }
        }
    }
    s.queue.len()
}
