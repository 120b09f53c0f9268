//! Random streams, distributions and estimators used by the generator. Pure functions.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// Independent random streams of the generator. Each stream is split further by an index (an
/// account, a prescriber, ...), so that what one account draws never depends on another account or
/// on the number of threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum Stream {
    /// Community sizes.
    Communities = 1,
    /// Attention weights and planned follows of every account.
    Degrees = 2,
    /// Which accounts get which planted role.
    Roles = 3,
    /// Assignment of accounts to communities.
    Assignment = 4,
    /// Prescribers' posts and the communities their cascades reach.
    Cascades = 5,
    /// Farm bursts and account creation dates.
    Calendar = 6,
    /// The edges emitted by one account (index = account).
    Edges = 7,
    /// The profile (handle, name, description) of one account (index = account).
    Profile = 8,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random stream `(seed, stream, index)`.
pub(crate) fn rng(seed: u64, stream: Stream, index: u64) -> Pcg64 {
    Pcg64::seed_from_u64(mix(mix(mix(seed) ^ stream as u64) ^ index))
}

/// A uniform real in `[0, 1)`.
#[inline]
pub(crate) fn unit<R: Rng>(rng: &mut R) -> f64 {
    rng.random::<f64>()
}

/// A continuous power law `p(x) ∝ x^-exponent` on `[lo, hi]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PowerLaw {
    /// Smallest value.
    pub lo: f64,
    /// Largest value.
    pub hi: f64,
    /// Exponent (any finite value; 1 is handled as log-uniform).
    pub exponent: f64,
}

impl PowerLaw {
    /// Draws one value by inverse transform.
    pub fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        self.quantile(unit(rng))
    }

    /// The value below which a share `q` of the mass lies.
    pub fn quantile(&self, q: f64) -> f64 {
        let (lo, hi) = (self.lo, self.hi);
        if hi <= lo {
            return lo;
        }
        let x = if (self.exponent - 1.0).abs() < 1e-9 {
            lo * (hi / lo).powf(q)
        } else {
            let e = 1.0 - self.exponent;
            let (a, b) = (lo.powf(e), hi.powf(e));
            (a + q * (b - a)).powf(1.0 / e)
        };
        x.clamp(lo, hi)
    }

    /// The mean.
    pub fn mean(&self) -> f64 {
        let (lo, hi, g) = (self.lo, self.hi, self.exponent);
        if hi <= lo {
            return lo;
        }
        // ∫ x·x^-g / ∫ x^-g over [lo, hi], with the logarithmic cases g = 1 and g = 2.
        let integral = |p: f64| {
            if p.abs() < 1e-9 {
                (hi / lo).ln()
            } else {
                (hi.powf(p) - lo.powf(p)) / p
            }
        };
        integral(2.0 - g) / integral(1.0 - g)
    }

    /// The power law on `[lo, hi]` whose mean is `mean`, found by bisection on `lo` within
    /// `[floor, hi]`. `None` when no `lo` in that range gives that mean.
    pub fn with_mean(mean: f64, floor: f64, hi: f64, exponent: f64) -> Option<PowerLaw> {
        let at = |lo: f64| PowerLaw { lo, hi, exponent };
        if !(mean > at(floor).mean() - 1e-9 && mean < hi) {
            return None;
        }
        let (mut a, mut b) = (floor, hi);
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if at(m).mean() < mean {
                a = m;
            } else {
                b = m;
            }
        }
        Some(at(0.5 * (a + b)))
    }
}

/// Rounds `x ≥ 0` to a neighbouring integer so that the expectation is `x`.
pub(crate) fn round_random<R: Rng>(rng: &mut R, x: f64) -> u32 {
    let f = x.floor();
    let up = unit(rng) < x - f;
    f as u32 + u32::from(up)
}

/// A Poisson count with mean `lambda`: Knuth's product method below 30, a rounded normal above.
pub(crate) fn poisson<R: Rng>(rng: &mut R, lambda: f64) -> u32 {
    if lambda <= 0.0 || !lambda.is_finite() {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut k = 0u32;
        let mut p = unit(rng);
        while p > limit {
            k += 1;
            p *= unit(rng);
        }
        return k;
    }
    let z = normal(rng);
    (lambda + lambda.sqrt() * z).round().max(0.0) as u32
}

/// A standard normal deviate (Box–Muller).
pub(crate) fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1 = 1.0 - unit(rng);
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// An exponential deviate with the given mean.
pub(crate) fn exponential<R: Rng>(rng: &mut R, mean: f64) -> f64 {
    -mean * (1.0 - unit(rng)).ln()
}

/// A point of `[0, 1)` whose density grows as `t^growth` (0 = uniform).
pub(crate) fn rising_time<R: Rng>(rng: &mut R, growth: f64) -> f64 {
    unit(rng).powf(1.0 / (1.0 + growth))
}

/// The index `i` such that `cum[i - 1] <= x < cum[i]`, where `cum` is an inclusive running sum.
#[inline]
pub(crate) fn search(cum: &[f64], x: f64) -> usize {
    cum.partition_point(|&c| c <= x)
        .min(cum.len().saturating_sub(1))
}

/// A Fenwick tree of non-negative counts: point update and weighted search in `O(log n)`.
#[derive(Debug, Clone)]
pub(crate) struct Fenwick {
    tree: Vec<u64>,
}

impl Fenwick {
    /// A tree over `values`.
    pub fn new(values: &[u64]) -> Fenwick {
        let n = values.len();
        let mut tree = vec![0u64; n + 1];
        tree[1..].copy_from_slice(values);
        // Each node passes its total to its parent once: an O(n) build.
        for i in 1..=n {
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Fenwick { tree }
    }

    /// Adds `delta` (may be negative) at position `i`.
    pub fn add(&mut self, i: usize, delta: i64) {
        let mut j = i + 1;
        while j < self.tree.len() {
            self.tree[j] = self.tree[j].wrapping_add_signed(delta);
            j += j & j.wrapping_neg();
        }
    }

    /// Sum of positions `0..end`.
    pub fn prefix(&self, end: usize) -> u64 {
        let mut j = end.min(self.tree.len() - 1);
        let mut s = 0;
        while j > 0 {
            s += self.tree[j];
            j &= j - 1;
        }
        s
    }

    /// The position `i` where the running sum first exceeds `x` (`x < prefix(len)`).
    pub fn find(&self, mut x: u64) -> usize {
        let n = self.tree.len() - 1;
        let mut pos = 0;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= x {
                pos = next;
                x -= self.tree[next];
            }
            step >>= 1;
        }
        pos
    }
}

/// Maximum-likelihood exponent of a power law truncated to `[lo, hi]` fitted to the values in that
/// range (continuous approximation: integer data should pass `lo = k_min - 0.5`). Returns the
/// exponent and the number of values used; `None` with fewer than 10 values.
pub(crate) fn fit_power_law(
    values: impl Iterator<Item = f64>,
    lo: f64,
    hi: f64,
) -> Option<(f64, usize)> {
    let mut m = 0usize;
    let mut sum_ln = 0.0;
    for x in values.filter(|&x| x >= lo && x <= hi) {
        m += 1;
        sum_ln += x.ln();
    }
    if m < 10 {
        return None;
    }
    let mf = m as f64;
    // Log-likelihood of p(x) = x^-a / Z(a), Z(a) = ∫_lo^hi x^-a dx.
    let ll = |a: f64| {
        let z = if (a - 1.0).abs() < 1e-9 {
            (hi / lo).ln()
        } else {
            (hi.powf(1.0 - a) - lo.powf(1.0 - a)) / (1.0 - a)
        };
        -mf * z.ln() - a * sum_ln
    };
    // The log-likelihood is concave in `a`: golden-section search.
    let (mut a, mut b) = (0.5f64, 8.0f64);
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..200 {
        let c = b - phi * (b - a);
        let d = a + phi * (b - a);
        if ll(c) > ll(d) {
            b = d;
        } else {
            a = c;
        }
    }
    Some((0.5 * (a + b), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_law_mean_matches_samples() {
        let pl = PowerLaw::with_mean(20.0, 1.0, 300.0, 2.5).unwrap();
        assert!((pl.mean() - 20.0).abs() < 1e-6);
        let mut r = rng(1, Stream::Degrees, 0);
        let n = 200_000;
        let s: f64 = (0..n).map(|_| pl.sample(&mut r)).sum();
        assert!((s / n as f64 - 20.0).abs() < 0.3, "{}", s / n as f64);
        assert!(PowerLaw::with_mean(500.0, 1.0, 300.0, 2.5).is_none());
        let log_uniform = PowerLaw {
            lo: 1.0,
            hi: 100.0,
            exponent: 1.0,
        };
        assert!((log_uniform.mean() - 99.0 / 100f64.ln()).abs() < 1e-9);
        let two = PowerLaw {
            lo: 1.0,
            hi: 100.0,
            exponent: 2.0,
        };
        assert!((two.mean() - 100f64.ln() / 0.99).abs() < 1e-9);
    }

    #[test]
    fn fit_recovers_exponent() {
        for exponent in [1.5, 2.2, 3.0] {
            let pl = PowerLaw {
                lo: 5.0,
                hi: 5000.0,
                exponent,
            };
            let mut r = rng(2, Stream::Degrees, 0);
            let xs: Vec<f64> = (0..50_000).map(|_| pl.sample(&mut r)).collect();
            let (fit, m) = fit_power_law(xs.into_iter(), 5.0, 5000.0).unwrap();
            assert_eq!(m, 50_000);
            assert!((fit - exponent).abs() < 0.03, "{exponent}: {fit}");
        }
    }

    #[test]
    fn poisson_mean() {
        let mut r = rng(3, Stream::Edges, 0);
        for lambda in [0.5, 4.0, 80.0] {
            let n = 100_000;
            let s: u64 = (0..n).map(|_| u64::from(poisson(&mut r, lambda))).sum();
            assert!(
                (s as f64 / n as f64 - lambda).abs() < 0.02 * lambda + 0.01,
                "{lambda}"
            );
        }
    }

    #[test]
    fn fenwick_matches_linear_scan() {
        let values = [3u64, 0, 5, 1, 0, 7, 2];
        let mut f = Fenwick::new(&values);
        assert_eq!(f.prefix(values.len()), 18);
        assert_eq!(f.prefix(3), 8);
        let mut expect = Vec::new();
        for (i, &v) in values.iter().enumerate() {
            expect.extend(std::iter::repeat_n(i, v as usize));
        }
        for (x, &i) in expect.iter().enumerate() {
            assert_eq!(f.find(x as u64), i, "x = {x}");
        }
        f.add(5, -7);
        assert_eq!(f.prefix(values.len()), 11);
        assert_eq!(f.find(9), 6);
    }

    #[test]
    fn streams_are_independent_of_each_other() {
        let a: u64 = rng(7, Stream::Edges, 1).random();
        let b: u64 = rng(7, Stream::Edges, 2).random();
        let c: u64 = rng(7, Stream::Profile, 1).random();
        let d: u64 = rng(8, Stream::Edges, 1).random();
        assert!(a != b && a != c && a != d);
        assert_eq!(a, rng(7, Stream::Edges, 1).random::<u64>());
    }

    #[test]
    fn search_picks_interval() {
        let cum = [1.0, 1.0, 3.0, 6.0];
        assert_eq!(search(&cum, 0.5), 0);
        assert_eq!(search(&cum, 1.0), 2);
        assert_eq!(search(&cum, 5.9), 3);
        assert_eq!(search(&cum, 6.0), 3);
    }
}
