//! KADABRA: adaptive sampling of betweenness with an (ε, δ) guarantee (Borassi & Natale 2016,
//! "KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation", ESA 2016;
//! J. Exp. Algorithmics 24, 2019).
//!
//! Like Riondato–Kornaropoulos, every sample is one uniformly random shortest path between a
//! uniformly random ordered pair, found by a balanced bidirectional BFS. Instead of drawing the
//! worst-case number of samples `ω` up front, KADABRA stops as soon as an adaptive (martingale)
//! Chernoff bound shows every node's estimate within `ε` of its exact value:
//!
//! 1. `ω = ⌈c/ε² (⌊log2(VD − 2)⌋ + 1 + ln(2/δ))⌉`, the Riondato–Kornaropoulos sample size at
//!    failure probability δ/2, caps the number of samples;
//! 2. a first, independent sample of `ω / 100` paths gives rough estimates `b̃₀(v)`, from which
//!    per-node failure probabilities `δ_L(v) = δ_U(v) = exp(−C ε² / b̃₀(v)) + δ β / (4n)` are
//!    set, `C` found by bisection so that `Σ_v δ_L(v) = Σ_v δ_U(v) = δ/4` (`β = 0.001`);
//! 3. samples are then drawn in rounds; after each round, with `τ` samples and estimates `b̃(v)`,
//!    the run stops when `f(b̃(v), δ_L(v), ω, τ) ≤ ε` and `g(b̃(v), δ_U(v), ω, τ) ≤ ε` for every
//!    node, or when `τ = ω`, where
//!    `f = ln(1/δ_L)/τ · (1/3 − ω/τ + √((1/3 − ω/τ)² + 2 b̃ ω / ln(1/δ_L)))` and
//!    `g = ln(1/δ_U)/τ · (1/3 + ω/τ + √((1/3 + ω/τ)² + 2 b̃ ω / ln(1/δ_U)))`
//!    (Borassi & Natale, Theorem 9 and Algorithm 1).
//!
//! With probability at least `1 − δ` every estimate is then within `ε` (union of the δ/2 of the
//! cap and the δ/2 of the per-node bounds).
//!
//! Determinism: sample `i` draws from its own stream `(seed, tag, i)`; rounds have a fixed size
//! and the stopping rule is checked only between rounds on integer counts, so the samples used
//! and the result are the same for any number of threads.

use rayon::prelude::*;

use super::betweenness::{sample_counts, SAMPLE_BLOCK};
use super::view::View;

/// Share of δ spread evenly over the nodes, so that no node's bound is 0 (`β`).
const BALANCING: f64 = 0.001;

/// Tags of the random streams of the two phases (distinct from Riondato–Kornaropoulos's).
const GUESS_TAG: u64 = 0x6b61;
const ADAPTIVE_TAG: u64 = 0x6b62;

/// The result of [`kadabra`]: per-node counts of the adaptive phase and the samples drawn.
pub(crate) struct Adaptive {
    /// How many sampled paths each node is inside of.
    pub counts: Vec<u64>,
    /// Number of samples of the adaptive phase (the estimate is `counts / samples`).
    pub samples: u64,
}

/// Runs KADABRA on the unweighted views `out`/`inc`. `epsilon` is the error bound in units of
/// the fraction of ordered pairs (`b(v) / (n (n − 1))`) and `omega` the cap on samples.
pub(crate) fn kadabra(
    out: &View<'_>,
    inc: &View<'_>,
    epsilon: f64,
    delta: f64,
    omega: u64,
    seed: u64,
) -> Adaptive {
    let n = out.node_count();
    let omega = omega.max(1);
    // Phase 1: rough estimates, only to allocate δ over the nodes.
    let guess_samples = omega.div_ceil(100).max(SAMPLE_BLOCK);
    let guess = sample_counts(out, inc, 0, guess_samples, seed, GUESS_TAG);
    let (delta_l, delta_u) = allocate_delta(&guess, guess_samples, epsilon, delta);
    drop(guess);
    // Phase 2: rounds of fixed size until the bound holds for every node or ω samples.
    let round = (omega / 64).max(4 * SAMPLE_BLOCK);
    let mut counts = vec![0u64; n];
    let mut tau = 0u64;
    while tau < omega {
        let take = round.min(omega - tau);
        let add = sample_counts(out, inc, tau, tau + take, seed, ADAPTIVE_TAG);
        counts
            .par_iter_mut()
            .with_min_len(4096)
            .zip(add.par_iter())
            .for_each(|(c, a)| *c += a);
        tau += take;
        if tau < omega && converged(&counts, tau, omega, epsilon, &delta_l, &delta_u) {
            break;
        }
    }
    Adaptive {
        counts,
        samples: tau,
    }
}

/// The per-node failure probabilities `δ_L(v) = δ_U(v)` from the first-phase counts: the form
/// `exp(−C ε² / b̃₀(v))` gives nodes of high estimated betweenness (whose estimates converge
/// slowest) the largest share; `C` is the largest value (bisection) with
/// `Σ_v exp(−C ε² / b̃₀(v)) ≤ (1 − β) δ / 4`, and every node gets `β δ / (4n)` more, so each of
/// the two sums is at most `δ/4`.
fn allocate_delta(guess: &[u64], samples: u64, epsilon: f64, delta: f64) -> (Vec<f64>, Vec<f64>) {
    let n = guess.len().max(1);
    let budget = (1.0 - BALANCING) * delta / 4.0;
    let floor = BALANCING * delta / (4.0 * n as f64);
    let e2 = epsilon * epsilon;
    let b: Vec<f64> = guess.iter().map(|&c| c as f64 / samples as f64).collect();
    let sum = |c: f64| -> f64 {
        b.par_iter()
            .with_min_len(4096)
            .map(|&x| if x > 0.0 { (-c * e2 / x).exp() } else { 0.0 })
            .sum()
    };
    // `sum` decreases in C; find the smallest C with sum(C) ≤ budget. The upper end makes even a
    // node with b̃₀ = 1 negligible.
    let (mut lo, mut hi) = (0.0f64, (n as f64 / budget).ln().max(1.0) / e2);
    while sum(hi) > budget {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if sum(mid) > budget {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= hi * 1e-9 {
            break;
        }
    }
    let d: Vec<f64> = b
        .iter()
        .map(|&x| {
            let main = if x > 0.0 { (-hi * e2 / x).exp() } else { 0.0 };
            main + floor
        })
        .collect();
    (d.clone(), d)
}

/// Whether every node's adaptive bounds are within `epsilon` after `tau` samples.
fn converged(
    counts: &[u64],
    tau: u64,
    omega: u64,
    epsilon: f64,
    delta_l: &[f64],
    delta_u: &[f64],
) -> bool {
    let t = tau as f64;
    let w = omega as f64;
    counts
        .par_iter()
        .with_min_len(4096)
        .zip(delta_l.par_iter().zip(delta_u.par_iter()))
        .all(|(&c, (&dl, &du))| {
            let b = c as f64 / t;
            lower_gap(b, dl, w, t) <= epsilon && upper_gap(b, du, w, t) <= epsilon
        })
}

/// `f`: how far below `b̃` the exact value may be (at most `b̃` itself).
fn lower_gap(b: f64, delta_l: f64, omega: f64, tau: f64) -> f64 {
    let l = (1.0 / delta_l).ln();
    let a = 1.0 / 3.0 - omega / tau;
    let f = l / tau * (a + (a * a + 2.0 * b * omega / l).sqrt());
    f.min(b)
}

/// `g`: how far above `b̃` the exact value may be (at most `1 − b̃`).
fn upper_gap(b: f64, delta_u: f64, omega: f64, tau: f64) -> f64 {
    let l = (1.0 / delta_u).ln();
    let a = 1.0 / 3.0 + omega / tau;
    let g = l / tau * (a + (a * a + 2.0 * b * omega / l).sqrt());
    g.min(1.0 - b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_allocation_spends_the_budget() {
        let guess: Vec<u64> = (0..1000).map(|i| (i % 7) * 3).collect();
        let (dl, du) = allocate_delta(&guess, 500, 0.01, 0.1);
        let total: f64 = dl.iter().sum::<f64>() + du.iter().sum::<f64>();
        assert!(total <= 0.05 * (1.0 + 1e-9), "{total}");
        assert!(total > 0.049, "{total}");
        // Higher estimates get larger shares.
        assert!(dl[6] > dl[1]);
        assert!(dl[0] > 0.0);
    }

    #[test]
    fn bounds_shrink_with_samples_and_stop_at_omega() {
        let (b, d, w) = (0.01, 1e-6, 10_000.0);
        assert!(lower_gap(b, d, w, 2000.0) > lower_gap(b, d, w, 8000.0));
        assert!(upper_gap(b, d, w, 2000.0) > upper_gap(b, d, w, 8000.0));
        assert!(upper_gap(0.0, d, w, 100.0) > 0.0);
        assert_eq!(lower_gap(0.0, d, w, 100.0), 0.0);
    }
}
