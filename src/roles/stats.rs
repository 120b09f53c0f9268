//! Quantiles and percentile ranks used by the role thresholds.

/// The nearest-rank `q`-quantile of the finite values: the smallest value `x` such that at least
/// a share `q` of the values are ≤ `x` (`sorted[⌈q·n⌉ − 1]`). NaN values are ignored; 0 when
/// there is none.
///
/// # Example
/// ```
/// use relais::roles::quantile;
/// assert_eq!(quantile(&[5.0, 1.0, 3.0, 2.0, 4.0], 0.8), 4.0);
/// assert_eq!(quantile(&[5.0, 1.0, 3.0, 2.0, 4.0], 1.0), 5.0);
/// assert_eq!(quantile(&[5.0, 1.0, 3.0, 2.0, 4.0], 0.0), 1.0);
/// ```
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable_by(f64::total_cmp);
    let rank = (q * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Percentile rank of every value: the share of values ≤ it (the empirical CDF), in (0, 1].
/// NaN values get 0 and do not count.
pub fn percentile_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| !values[i].is_nan()).collect();
    let total = order.len() as f64;
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            out[k] = (j + 1) as f64 / total;
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties() {
        let r = percentile_ranks(&[1.0, 2.0, 2.0, 4.0, f64::NAN]);
        assert_eq!(r, vec![0.25, 0.75, 0.75, 1.0, 0.0]);
    }

    #[test]
    fn quantile_ignores_nan_and_handles_empty() {
        assert_eq!(quantile(&[f64::NAN, 3.0, 1.0], 0.5), 1.0);
        assert_eq!(quantile(&[], 0.9), 0.0);
    }
}
