//! IMM (Tang, Shi & Xiao, "Influence Maximization in Near-Linear Time: A Martingale Approach",
//! SIGMOD 2015): a sampling phase that finds a lower bound LB of the optimal spread and the
//! number θ of RR sets it implies, then greedy maximum coverage over θ RR sets.
//!
//! With probability at least 1 − δ the returned seeds have expected spread at least
//! (1 − 1/e − ε) × OPT. Two details differ from the paper's pseudo-code, both on the safe side:
//! - the final θ RR sets are drawn *fresh* (their own streams) instead of extending the sampling
//!   phase's sets, the fix of Chen ("An Issue in the Martingale Analysis of the Influence
//!   Maximization Algorithm IMM", 2018) for the dependence between the two phases;
//! - LB is at least k (the seeds themselves are always active, so OPT ≥ k), which caps θ on
//!   graphs where almost nothing spreads.

use serde::Serialize;

use super::probability::InfluenceGraph;
use super::rr::RrSets;
use super::{tag, SeedsConfig};
use crate::error::{Error, Result};
use crate::graph::NodeId;

/// One seed with what it adds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeedPick {
    /// The account.
    pub node: NodeId,
    /// RR sets it newly covers × n / θ: the estimated increase of the spread.
    pub marginal_gain: f64,
    /// Estimated spread of the seeds up to and including this one.
    pub cumulative: f64,
}

/// How IMM ran, for seeds.json and run.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImmStats {
    /// Accounts (n).
    pub nodes: u64,
    /// Seeds returned (k, at most n).
    pub k: u64,
    /// ε of the guarantee.
    pub epsilon: f64,
    /// δ of the guarantee (1/n unless given).
    pub delta: f64,
    /// ℓ with δ = n^-ℓ, after the paper's adjustment ℓ (1 + ln 2 / ln n).
    pub ell: f64,
    /// λ' of the sampling phase.
    pub lambda_prime: f64,
    /// λ* of the final phase.
    pub lambda_star: f64,
    /// Lower bound of the optimal spread found by the sampling phase (at least k).
    pub lower_bound: f64,
    /// Sampling-phase iterations run.
    pub sampling_iterations: u32,
    /// RR sets of the sampling phase.
    pub sampling_rr_sets: u64,
    /// θ = ⌈λ* / LB⌉: RR sets of the final phase.
    pub theta: u64,
    /// Members of the final RR sets (sum of their sizes).
    pub rr_entries: u64,
    /// Mean size of a final RR set.
    pub mean_rr_size: f64,
    /// Resident bytes of the final RR sets and the coverage index.
    pub rr_bytes: u64,
    /// Fraction of the final RR sets that the seeds cover.
    pub coverage: f64,
}

/// What [`imm`] returns.
#[derive(Debug, Clone)]
pub struct Imm {
    /// The seeds in greedy order.
    pub picks: Vec<SeedPick>,
    /// Parameters and counts.
    pub stats: ImmStats,
    /// The final RR sets (to estimate other seed sets' spread).
    pub rr: RrSets,
}

/// ln C(n, k).
pub(crate) fn ln_binomial(n: u64, k: u64) -> f64 {
    let k = k.min(n);
    let k = k.min(n - k);
    (0..k).map(|i| ((n - i) as f64 / (i + 1) as f64).ln()).sum()
}

/// Runs IMM on `ig` with `cfg.k`, `cfg.epsilon`, `cfg.delta` and `cfg.seed`.
///
/// # Errors
/// θ or the sampling phase would exceed `cfg.max_rr_sets`.
///
/// # Complexity
/// Expected O((k + ℓ)(n + m) log n / ε²) (Tang et al. 2015, Theorem 3), in parallel.
pub fn imm(ig: &InfluenceGraph, cfg: &SeedsConfig) -> Result<Imm> {
    let n = ig.node_count() as u64;
    let k = (cfg.k as u64).min(n);
    let delta = cfg.delta.unwrap_or(1.0 / n.max(2) as f64);
    let nf = n.max(2) as f64;
    let ln_n = nf.ln();
    let ell = (1.0 / delta).ln() / ln_n;
    let ell = ell * (1.0 + std::f64::consts::LN_2 / ln_n);
    let eps = cfg.epsilon;
    let ln_c = ln_binomial(n, k);
    let e_inv = 1.0 - (-1.0f64).exp();

    // Sampling phase (Algorithm 2).
    let eps_p = std::f64::consts::SQRT_2 * eps;
    let lambda_prime =
        (2.0 + 2.0 / 3.0 * eps_p) * (ln_c + ell * ln_n + nf.log2().ln()) * nf / (eps_p * eps_p);
    let mut lower_bound = 1.0f64;
    let mut sampling = RrSets::default();
    let mut iterations = 0;
    let rounds = (nf.log2().ceil() as u32).saturating_sub(1).max(1);
    let cap = |sets: f64, phase: &str| -> Result<u64> {
        if sets > cfg.max_rr_sets as f64 {
            return Err(Error::Capacity {
                message: format!(
                    "IMM's {phase} needs {sets:.0} RR sets, above the cap of {} \
                     (raise --max-rr-sets or --epsilon)",
                    cfg.max_rr_sets
                ),
            });
        }
        Ok(sets.ceil() as u64)
    };
    for i in 1..=rounds {
        if n == 0 {
            break;
        }
        iterations = i;
        let x = nf / 2f64.powi(i as i32);
        let theta_i = cap(lambda_prime / x, "sampling phase")?;
        sampling.extend_to(ig, cfg.seed, tag::SAMPLING, theta_i);
        let (_, covered) = select(&sampling, n as usize, k as usize);
        let spread = n as f64 * covered as f64 / sampling.len() as f64;
        if spread >= (1.0 + eps_p) * x {
            lower_bound = spread / (1.0 + eps_p);
            break;
        }
    }
    let sampling_rr_sets = sampling.len() as u64;
    drop(sampling);
    lower_bound = lower_bound.max(k as f64).max(1.0);

    // Final phase.
    let alpha = (ell * ln_n + std::f64::consts::LN_2).sqrt();
    let beta = (e_inv * (ln_c + ell * ln_n + std::f64::consts::LN_2)).sqrt();
    let lambda_star = 2.0 * nf * (e_inv * alpha + beta).powi(2) / (eps * eps);
    let theta = if n == 0 {
        0
    } else {
        cap(lambda_star / lower_bound, "final phase")?
    };
    let mut rr = RrSets::default();
    rr.extend_to(ig, cfg.seed, tag::FINAL, theta);
    let (picks, covered) = select(&rr, n as usize, k as usize);
    let scale = if theta == 0 {
        0.0
    } else {
        n as f64 / theta as f64
    };
    let mut cumulative = 0.0;
    let picks: Vec<SeedPick> = picks
        .into_iter()
        .map(|(node, gain)| {
            cumulative += gain as f64 * scale;
            SeedPick {
                node,
                marginal_gain: gain as f64 * scale,
                cumulative,
            }
        })
        .collect();
    let rr_entries = rr.nodes.len() as u64;
    let stats = ImmStats {
        nodes: n,
        k,
        epsilon: eps,
        delta,
        ell,
        lambda_prime,
        lambda_star,
        lower_bound,
        sampling_iterations: iterations,
        sampling_rr_sets,
        theta,
        rr_entries,
        mean_rr_size: if theta == 0 {
            0.0
        } else {
            rr_entries as f64 / theta as f64
        },
        // The coverage index built by `select` is as large as the sets plus n + 1 offsets.
        rr_bytes: (rr.heap_bytes() + rr.nodes.len() * 4 + (n as usize + 1) * 12) as u64,
        coverage: if theta == 0 {
            0.0
        } else {
            covered as f64 / theta as f64
        },
    };
    Ok(Imm { picks, stats, rr })
}

/// Greedy maximum coverage (Algorithm 1 of IMM): `k` nodes, each covering the most RR sets not
/// yet covered (ties: smaller id). Returns the picks with their newly covered counts, and the
/// number of sets covered in all.
///
/// # Complexity
/// O(Σ|R| + k n): an inverted index node → sets, then each pick scans the counts and decrements
/// the counts of the members of the sets it covers.
pub(crate) fn select(rr: &RrSets, n: usize, k: usize) -> (Vec<(NodeId, u64)>, u64) {
    // Inverted index: the sets each node is in.
    let mut offsets = vec![0u64; n + 1];
    for &v in &rr.nodes {
        offsets[v as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut next: Vec<u64> = offsets[..n].to_vec();
    let mut sets = vec![0u32; rr.nodes.len()];
    for i in 0..rr.len() {
        for &v in rr.set(i) {
            sets[next[v as usize] as usize] = i as u32;
            next[v as usize] += 1;
        }
    }
    drop(next);
    let mut count: Vec<u64> = (0..n).map(|v| offsets[v + 1] - offsets[v]).collect();
    let mut chosen = vec![false; n];
    let mut covered = vec![false; rr.len()];
    let mut total = 0u64;
    let mut picks = Vec::with_capacity(k);
    for _ in 0..k.min(n) {
        let mut best: Option<usize> = None;
        for v in 0..n {
            if !chosen[v] && best.is_none_or(|b| count[v] > count[b]) {
                best = Some(v);
            }
        }
        let Some(b) = best else { break };
        chosen[b] = true;
        let gain = count[b];
        for &s in &sets[offsets[b] as usize..offsets[b + 1] as usize] {
            if !covered[s as usize] {
                covered[s as usize] = true;
                for &u in rr.set(s as usize) {
                    count[u as usize] -= 1;
                }
            }
        }
        total += gain;
        picks.push((b as NodeId, gain));
    }
    (picks, total)
}
