//! Agreement between partitions: normalised mutual information, adjusted Rand index, and the
//! consensus figures of several runs.

use rayon::prelude::*;
use serde::Serialize;

use super::partition::compact;
use super::Partition;

/// Normalised mutual information of two labellings, with the arithmetic-mean normalisation:
/// `NMI = I(a; b) / ((H(a) + H(b)) / 2)` (Danon, Díaz-Guilera, Duch & Arenas, J. Stat. Mech.
/// 2005, P09008), as scikit-learn's `normalized_mutual_info_score` with its default
/// `average_method="arithmetic"`, including its limit cases: 1 when both labellings have a single
/// class (or are empty), 0 when the mutual information is 0 otherwise.
///
/// # Arguments
/// * `a`, `b` - one label per item (any `u32` values; only equality matters).
///
/// # Returns
/// The NMI in `[0, 1]`.
///
/// # Complexity
/// O(n log n).
///
/// # Panics
/// If the labellings have different lengths.
///
/// # Example
/// ```
/// use relais::community::nmi;
/// assert!((nmi(&[0, 0, 1, 1], &[5, 5, 7, 7]) - 1.0).abs() < 1e-12);
/// assert_eq!(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]), 0.0);
/// ```
pub fn nmi(a: &[u32], b: &[u32]) -> f64 {
    let t = Contingency::new(a, b);
    if (t.row.len() == 1 && t.col.len() == 1) || t.n == 0 {
        return 1.0;
    }
    let mi = t.mutual_information();
    if mi == 0.0 {
        return 0.0;
    }
    let (ha, hb) = (entropy(&t.row, t.n), entropy(&t.col, t.n));
    let normaliser = ((ha + hb) / 2.0).max(f64::EPSILON);
    mi / normaliser
}

/// Adjusted Rand index of two labellings (Hubert & Arabie, J. Classification 2, 193–218, 1985),
/// computed from the pair confusion matrix as scikit-learn's `adjusted_rand_score`: 1 for
/// identical groupings (and when both labellings put every item alone or all together), about 0
/// for independent ones, negative below chance.
///
/// # Arguments
/// * `a`, `b` - one label per item (any `u32` values; only equality matters).
///
/// # Returns
/// The ARI in `[-1/2, 1]`.
///
/// # Complexity
/// O(n log n).
///
/// # Panics
/// If the labellings have different lengths.
///
/// # Example
/// ```
/// use relais::community::adjusted_rand_index;
/// assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
/// ```
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    let t = Contingency::new(a, b);
    let n = t.n as i128;
    let sum_squares: i128 = t.cells.iter().map(|&c| (c as i128) * (c as i128)).sum();
    // Pairs together in both, in `b` only, in `a` only, and in neither (sklearn's
    // pair_confusion_matrix: rows are `a`, columns `b`).
    let tp = sum_squares - n;
    let together_a: i128 = t.row.iter().map(|&r| (r as i128) * (r as i128)).sum();
    let together_b: i128 = t.col.iter().map(|&c| (c as i128) * (c as i128)).sum();
    let fn_ = together_a - sum_squares;
    let fp = together_b - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fn_ == 0 && fp == 0 {
        return 1.0;
    }
    let num = 2.0 * ((tp * tn - fn_ * fp) as f64);
    let den = ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn)) as f64;
    num / den
}

/// How a partition agrees with ground-truth labels, over the labelled nodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Agreement {
    /// [`nmi`] between the partition and the truth.
    pub nmi: f64,
    /// [`adjusted_rand_index`] between the partition and the truth.
    pub ari: f64,
    /// Number of labelled nodes compared.
    pub labelled_nodes: usize,
    /// Number of distinct truth classes among them.
    pub classes: usize,
    /// Number of communities among them.
    pub communities: usize,
}

/// Scores `partition` against ground-truth labels (e.g. an accounts-table column mapped to
/// integers), over the nodes that have a label; unlabelled nodes (`None`) are left out, as the
/// reference oracle does.
///
/// # Arguments
/// * `partition` - the partition to score.
/// * `truth` - one optional class per node, indexed by node id.
///
/// # Returns
/// [`Agreement`]: NMI, ARI and the counts behind them.
///
/// # Complexity
/// O(n log n).
///
/// # Panics
/// If `truth` does not have one entry per node of the partition.
pub fn agreement(partition: &Partition, truth: &[Option<u32>]) -> Agreement {
    assert_eq!(
        truth.len(),
        partition.node_count(),
        "one truth entry per node"
    );
    let (found, classes): (Vec<u32>, Vec<u32>) = truth
        .iter()
        .enumerate()
        .filter_map(|(u, t)| t.map(|t| (partition.membership()[u], t)))
        .unzip();
    let t = Contingency::new(&classes, &found);
    Agreement {
        nmi: nmi(&classes, &found),
        ari: adjusted_rand_index(&classes, &found),
        labelled_nodes: found.len(),
        classes: t.row.len(),
        communities: t.col.len(),
    }
}

/// The contingency table of two labellings, sparse.
struct Contingency {
    n: u64,
    /// Size of every class of `a`.
    row: Vec<u64>,
    /// Size of every class of `b`.
    col: Vec<u64>,
    /// Non-empty cells as (row, column, count), sorted.
    cells: Vec<u64>,
    cell_index: Vec<(u32, u32)>,
}

impl Contingency {
    fn new(a: &[u32], b: &[u32]) -> Contingency {
        assert_eq!(a.len(), b.len(), "labellings must have the same length");
        let (da, ka) = compact(a);
        let (db, kb) = compact(b);
        let mut keys: Vec<u64> = da
            .iter()
            .zip(&db)
            .map(|(&x, &y)| (u64::from(x) << 32) | u64::from(y))
            .collect();
        keys.par_sort_unstable();
        let mut row = vec![0u64; ka];
        let mut col = vec![0u64; kb];
        let mut cells = Vec::new();
        let mut cell_index = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            let mut j = i;
            while j < keys.len() && keys[j] == keys[i] {
                j += 1;
            }
            let (x, y) = ((keys[i] >> 32) as u32, keys[i] as u32);
            let count = (j - i) as u64;
            row[x as usize] += count;
            col[y as usize] += count;
            cells.push(count);
            cell_index.push((x, y));
            i = j;
        }
        Contingency {
            n: a.len() as u64,
            row,
            col,
            cells,
            cell_index,
        }
    }

    /// Mutual information in nats, as scikit-learn's `mutual_info_score` computes it.
    fn mutual_information(&self) -> f64 {
        if self.row.len() == 1 || self.col.len() == 1 {
            return 0.0;
        }
        let n = self.n as f64;
        let log_n = n.ln();
        let mut mi = 0.0;
        for (&c, &(x, y)) in self.cells.iter().zip(&self.cell_index) {
            let p = c as f64 / n;
            let outer = (self.row[x as usize] as f64) * (self.col[y as usize] as f64);
            let log_outer = -outer.ln() + log_n + log_n;
            let term = p * ((c as f64).ln() - log_n) + p * log_outer;
            if term.abs() >= f64::EPSILON {
                mi += term;
            }
        }
        mi.max(0.0)
    }
}

/// Entropy in nats of class sizes summing to `n`.
fn entropy(sizes: &[u64], n: u64) -> f64 {
    let n = n as f64;
    let log_n = n.ln();
    -sizes
        .iter()
        .filter(|&&s| s > 0)
        .map(|&s| (s as f64 / n) * ((s as f64).ln() - log_n))
        .sum::<f64>()
}

/// How consistently several runs group the nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consensus {
    /// Mean [`adjusted_rand_index`] over all pairs of runs (1 when every run found the same
    /// partition).
    pub mean_pairwise_ari: f64,
    /// Per node, the share of the *other* runs in which the node lands with its community's core
    /// members (see [`consensus`]); 1 for every node when there is one run.
    pub stability: Vec<f64>,
}

/// Consensus figures of `runs` partitions of the same nodes, relative to the best one.
///
/// *Core members.* For a community `B` of the best partition and another run `r`, the core of `B`
/// in `r` is the community of `r` that holds the most members of `B` (ties: the community with the
/// smallest canonical id in `r`). A node `v` of `B` *lands with its core members* in run `r` when
/// its community in `r` is that one. The stability of `v` is the share of the other runs (all
/// runs except `best`) in which it does. So a node whose community is reproduced by every run, up
/// to the nodes that drift away, gets 1; a node that drifts away in half the runs gets 0.5.
///
/// # Arguments
/// * `runs` - the partitions of every run, of the same nodes.
/// * `best` - the index of the best run in `runs`.
///
/// # Returns
/// [`Consensus`]: mean pairwise ARI and per-node stability.
///
/// # Complexity
/// O(R² n log n) for the ARIs (pairs in parallel), O(R n) for the stability.
///
/// # Panics
/// If `best` is out of range or the partitions have different node counts.
pub fn consensus(runs: &[Partition], best: usize) -> Consensus {
    let r = runs.len();
    let n = runs[best].node_count();
    let pairs: Vec<(usize, usize)> = (0..r)
        .flat_map(|i| (i + 1..r).map(move |j| (i, j)))
        .collect();
    let aris: Vec<f64> = pairs
        .par_iter()
        .map(|&(i, j)| adjusted_rand_index(runs[i].membership(), runs[j].membership()))
        .collect();
    let mean_pairwise_ari = if aris.is_empty() {
        1.0
    } else {
        aris.iter().sum::<f64>() / aris.len() as f64
    };
    let reference = &runs[best];
    let members = reference.members();
    let mut agree = vec![0u32; n];
    let mut counts: Vec<u32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    for (i, other) in runs.iter().enumerate() {
        if i == best {
            continue;
        }
        assert_eq!(other.node_count(), n, "runs must partition the same nodes");
        counts.clear();
        counts.resize(other.count(), 0);
        for c in 0..reference.count() as u32 {
            let nodes = members.of(c);
            let mut core = u32::MAX;
            let mut most = 0;
            for &u in nodes {
                let d = other.community(u);
                if counts[d as usize] == 0 {
                    touched.push(d);
                }
                counts[d as usize] += 1;
                let cnt = counts[d as usize];
                if cnt > most || (cnt == most && d < core) {
                    most = cnt;
                    core = d;
                }
            }
            for &u in nodes {
                if other.community(u) == core {
                    agree[u as usize] += 1;
                }
            }
            for &d in &touched {
                counts[d as usize] = 0;
            }
            touched.clear();
        }
    }
    let others = (r - 1) as f64;
    let stability = agree
        .iter()
        .map(|&a| if r > 1 { f64::from(a) / others } else { 1.0 })
        .collect();
    Consensus {
        mean_pairwise_ari,
        stability,
    }
}
