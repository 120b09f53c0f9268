//! Quality functions: modularity (Newman–Girvan; Leicht–Newman on the directed view) and the
//! Constant Potts Model.

use rayon::prelude::*;

use super::view::CommunityGraph;
use super::{Objective, Partition};

/// Modularity of `partition` on `view`.
///
/// Undirected view (Newman & Girvan, Phys. Rev. E 69, 026113, 2004, with the resolution of
/// Reichardt & Bornholdt 2006):
/// `Q = 1/(2m) Σ_uv [S_uv − γ k_u k_v / (2m)] δ(c_u, c_v)`, with `S` the undirected weights,
/// `k` the strengths and `m` the total weight — igraph's `modularity(..., directed=False)`.
///
/// Directed view (Leicht & Newman, Phys. Rev. Lett. 100, 118703, 2008):
/// `Q = 1/m Σ_uv [A_uv − γ k_u^out k_v^in / m] δ(c_u, c_v)`.
///
/// # Arguments
/// * `view` - the view to score on (see [`CommunityGraph::new`]).
/// * `partition` - one community per node of the view.
/// * `resolution` - γ; 1 is the classic modularity.
///
/// # Returns
/// The modularity, in `[-1/2, 1)` for γ = 1; 0 for a graph without edges.
///
/// # Complexity
/// O(n + m), parallel with a fixed summation order (identical for any thread count).
///
/// # Panics
/// If the partition's node count differs from the view's.
pub fn modularity(view: &CommunityGraph<'_>, partition: &Partition, resolution: f64) -> f64 {
    quality(view, partition, Objective::Modularity, resolution)
}

/// Quality of `partition` on `view` under `objective`: [`modularity`], or the Constant Potts Model
/// (Traag, Van Dooren & Nesterov, Phys. Rev. E 84, 016114, 2011) in igraph's normalisation,
/// `H = 1/(2m) Σ_uv [S_uv − γ n_u n_v] δ(c_u, c_v)` (sum over all ordered pairs, `u = v`
/// included; `n_u = 1`), which is what [`super::detect`] maximises for [`Objective::Cpm`].
///
/// # Arguments
/// * `view` - the view to score on.
/// * `partition` - one community per node of the view.
/// * `objective` - modularity or CPM.
/// * `resolution` - γ.
///
/// # Returns
/// The quality; 0 for a graph without edges.
///
/// # Complexity
/// O(n + m), parallel with a fixed summation order.
///
/// # Panics
/// If the partition's node count differs from the view's.
pub fn quality(
    view: &CommunityGraph<'_>,
    partition: &Partition,
    objective: Objective,
    resolution: f64,
) -> f64 {
    assert_eq!(
        partition.node_count(),
        view.node_count(),
        "the partition must cover the view's nodes"
    );
    raw_quality(
        view,
        partition.membership(),
        partition.count(),
        objective,
        resolution,
    )
}

/// [`quality`] of dense labels `0..k`.
pub(crate) fn raw_quality(
    view: &CommunityGraph<'_>,
    labels: &[u32],
    k: usize,
    objective: Objective,
    resolution: f64,
) -> f64 {
    let m = view.total_weight();
    if m <= 0.0 {
        return 0.0;
    }
    let internal = ordered_sum(view.node_count(), |u| {
        let c = labels[u];
        let r = view.range(u);
        if view.weights.is_empty() {
            view.targets[r]
                .iter()
                .filter(|&&v| labels[v as usize] == c)
                .count() as f64
        } else {
            r.filter(|&p| labels[view.targets[p] as usize] == c)
                .map(|p| view.weights[p])
                .sum()
        }
    });
    quality_from_parts(
        internal,
        labels,
        k,
        &view.out_strength,
        view.in_strength.as_deref(),
        m,
        objective,
        resolution,
    )
}

/// The quality from its parts: `internal`, the sum over nodes of the weight of their entries to
/// their own community (in [`ordered_sum`]'s order); the labels `0..k`; the view's strengths and
/// total weight `m`. [`raw_quality`] computes the parts from a view; cluster mode gathers them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn quality_from_parts(
    internal: f64,
    labels: &[u32],
    k: usize,
    out_strength: &[f64],
    in_strength: Option<&[f64]>,
    m: f64,
    objective: Objective,
    resolution: f64,
) -> f64 {
    if m <= 0.0 {
        return 0.0;
    }
    let mut ca = vec![0.0; k];
    let mut cb = vec![0.0; k];
    match objective {
        Objective::Cpm => {
            for &c in labels {
                ca[c as usize] += 1.0;
            }
            let penalty: f64 = ca.iter().map(|x| x * x).sum();
            (internal - resolution * penalty) / (2.0 * m)
        }
        Objective::Modularity => {
            match in_strength {
                Some(ins) => {
                    for (u, &c) in labels.iter().enumerate() {
                        ca[c as usize] += out_strength[u];
                        cb[c as usize] += ins[u];
                    }
                }
                None => {
                    for (u, &c) in labels.iter().enumerate() {
                        ca[c as usize] += out_strength[u] / 2.0;
                    }
                    cb.copy_from_slice(&ca);
                }
            }
            let penalty: f64 = ca.iter().zip(&cb).map(|(a, b)| a * b).sum();
            internal / (2.0 * m) - resolution * penalty / (m * m)
        }
    }
}

/// Sum of `f(0..n)` in a fixed association order (fixed-size chunks, combined in index order),
/// independent of the number of threads.
pub(crate) fn ordered_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    const CHUNK: usize = 4096;
    if n <= CHUNK {
        return (0..n).map(f).sum();
    }
    let partials: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| (c * CHUNK..((c + 1) * CHUNK).min(n)).map(&f).sum())
        .collect();
    partials.iter().sum()
}
