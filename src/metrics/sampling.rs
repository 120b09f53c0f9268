//! Seeded random streams and the helpers that sampling estimators share.

use rand::SeedableRng;
use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

/// How a centrality was computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Exact: one traversal from every node.
    #[default]
    Exact,
    /// Estimated from random samples with the guarantee in [`Estimate`].
    Sampled,
}

/// Which method a kernel with a sampled variant uses.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Always exact.
    Exact,
    /// Always sampled, with the configured (ε, δ).
    Approx,
    /// Exact when it is affordable (see each config's `auto_max_work`), sampled otherwise.
    #[default]
    Auto,
}

/// Which sampling scheme produced an [`Estimate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sampler {
    /// Uniform random sources with a Hoeffding bound (closeness and harmonic).
    Hoeffding,
    /// Riondato & Kornaropoulos (2016): a fixed number of random shortest paths, sized by the
    /// vertex diameter (weighted betweenness).
    RiondatoKornaropoulos,
    /// KADABRA (Borassi & Natale 2016): random shortest paths with an adaptive stopping rule
    /// (unweighted betweenness).
    Kadabra,
}

/// The guarantee of a sampled estimate: with probability at least `1 - delta`, every node's
/// estimate is within `epsilon` of its exact value (in the units each result documents).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Additive error bound, in the units of the result column unless the result says otherwise.
    pub epsilon: f64,
    /// Probability that the bound fails for some node.
    pub delta: f64,
    /// Number of random samples drawn.
    pub samples: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// The sampling scheme.
    pub sampler: Sampler,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random stream of task `index` of the estimator `tag`, seeded by `seed`. Every sample
/// draws from its own stream, so the result does not depend on which thread ran it.
#[inline]
pub(crate) fn stream(seed: u64, tag: u64, index: u64) -> Pcg64 {
    Pcg64::seed_from_u64(mix(mix(mix(seed) ^ tag) ^ index))
}

/// Scale of the fixed-point accumulators: values are stored as integers in units of 2^-52, so
/// that sums are exact and independent of the order in which threads add them.
pub(crate) const FIXED_ONE: f64 = (1u64 << 52) as f64;

/// `x` (≥ 0) in fixed point, rounded to the nearest unit.
#[inline]
pub(crate) fn to_fixed(x: f64) -> u128 {
    (x * FIXED_ONE).round() as u128
}

/// A fixed-point value back as a float.
#[inline]
pub(crate) fn from_fixed(x: u128) -> f64 {
    x as f64 / FIXED_ONE
}

/// Hoeffding sample size: `k` samples of a variable in `[0, 1]` give every one of `targets`
/// means within `epsilon` with probability at least `1 - delta` (union bound).
pub(crate) fn hoeffding_samples(epsilon: f64, delta: f64, targets: usize) -> u64 {
    let k = ((2.0 * targets.max(1) as f64 / delta).ln() / (2.0 * epsilon * epsilon)).ceil();
    k.max(1.0) as u64
}

/// The inverse of [`hoeffding_samples`]: the `epsilon` that `k` samples guarantee for every one
/// of `targets` means with probability at least `1 - delta`.
pub(crate) fn hoeffding_epsilon(k: u64, delta: f64, targets: usize) -> f64 {
    ((2.0 * targets.max(1) as f64 / delta).ln() / (2.0 * k.max(1) as f64)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_and_repeat() {
        let a: u64 = stream(7, 1, 0).random();
        let b: u64 = stream(7, 1, 1).random();
        let c: u64 = stream(7, 1, 0).random();
        assert_ne!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn fixed_point_round_trips() {
        for x in [0.0, 1.0, 0.5, 1e-9, 12345.678] {
            assert!((from_fixed(to_fixed(x)) - x).abs() <= 1.0 / FIXED_ONE);
        }
    }

    #[test]
    fn hoeffding_grows_with_precision() {
        assert!(hoeffding_samples(0.01, 0.1, 1000) > hoeffding_samples(0.1, 0.1, 1000));
        assert_eq!(hoeffding_samples(0.5, 0.5, 1), 3);
    }

    #[test]
    fn hoeffding_epsilon_inverts_the_sample_size() {
        for (eps, delta, targets) in [(0.01, 0.1, 1_718_547), (0.05, 0.01, 30), (0.2, 0.5, 1)] {
            let k = hoeffding_samples(eps, delta, targets);
            // k is rounded up, so it guarantees ε or a little better, and k − 1 does not.
            assert!(hoeffding_epsilon(k, delta, targets) <= eps);
            assert!(hoeffding_epsilon(k - 1, delta, targets) > eps);
        }
    }
}
