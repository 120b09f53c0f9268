//! Audience overlap between audited accounts: shared followers and Jaccard similarity.

use serde::Serialize;

use crate::graph::NodeId;

/// Pairwise audience overlap, indexed like the audited accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// `shared[i][j]`: followers of both `i` and `j` (`shared[i][i]` is `i`'s audience size).
    pub shared: Vec<Vec<u64>>,
    /// `jaccard[i][j]` = shared / |A_i ∪ A_j| (0 when both audiences are empty; 1 on the
    /// diagonal of a non-empty audience).
    pub jaccard: Vec<Vec<f64>>,
}

/// Size of the intersection of two ascending lists.
fn intersection(a: &[NodeId], b: &[NodeId]) -> u64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Computes the overlap matrix of `audiences` (each ascending, without repeats).
///
/// # Complexity
/// O(k² · a) for k audiences of at most a followers.
///
/// # Example
/// ```
/// use relais::audit::overlap;
/// let o = overlap(&[vec![1, 2, 3], vec![2, 3, 4, 5]]);
/// assert_eq!(o.shared[0][1], 2);
/// assert_eq!(o.jaccard[0][1], 2.0 / 5.0);
/// ```
pub fn overlap(audiences: &[Vec<NodeId>]) -> Overlap {
    let k = audiences.len();
    let mut shared = vec![vec![0u64; k]; k];
    let mut jaccard = vec![vec![0f64; k]; k];
    for i in 0..k {
        for j in i..k {
            let s = if i == j {
                audiences[i].len() as u64
            } else {
                intersection(&audiences[i], &audiences[j])
            };
            let union = audiences[i].len() as u64 + audiences[j].len() as u64 - s;
            let jac = if union == 0 {
                0.0
            } else {
                s as f64 / union as f64
            };
            shared[i][j] = s;
            shared[j][i] = s;
            jaccard[i][j] = jac;
            jaccard[j][i] = jac;
        }
    }
    Overlap { shared, jaccard }
}
