//! Label propagation (Raghavan, Albert & Kumara, "Near linear time algorithm to detect community
//! structures in large-scale networks", Phys. Rev. E 76, 036106, 2007), weighted and seeded.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_pcg::Pcg64;

use super::leiden::Run;
use super::net::renumber;
use super::quality::raw_quality;
use super::view::CommunityGraph;
use super::{CommunityConfig, RunStats};

/// Asynchronous label propagation: every node starts with its own label; in each round the nodes
/// are visited in a fresh random order and each takes the label of largest total edge weight among
/// its neighbours. A node whose current label is among the largest keeps it (so the process
/// stops); otherwise ties are broken uniformly at random. Stops after a round without change or
/// `cfg.max_iterations` rounds.
pub(crate) fn label_propagation(
    view: &CommunityGraph<'_>,
    cfg: &CommunityConfig,
    rng: &mut Pcg64,
) -> Run {
    let n = view.node_count();
    let mut labels: Vec<u32> = (0..n as u32).collect();
    let mut order = labels.clone();
    let mut nw = vec![0.0f64; n];
    let mut seen = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut best: Vec<u32> = Vec::new();
    let unit = view.weights.is_empty();
    let mut stats = RunStats::default();
    while stats.iterations < cfg.max_iterations {
        stats.iterations += 1;
        order.shuffle(rng);
        let mut changed = 0u64;
        for &v in &order {
            let v = v as usize;
            for p in view.range(v) {
                let l = labels[view.targets[p] as usize];
                if !seen[l as usize] {
                    seen[l as usize] = true;
                    touched.push(l);
                }
                nw[l as usize] += if unit { 1.0 } else { view.weights[p] };
            }
            if !touched.is_empty() {
                let max = touched
                    .iter()
                    .map(|&l| nw[l as usize])
                    .fold(f64::NEG_INFINITY, f64::max);
                let cur = labels[v];
                if !(seen[cur as usize] && nw[cur as usize] == max) {
                    best.clear();
                    best.extend(touched.iter().filter(|&&l| nw[l as usize] == max));
                    best.sort_unstable();
                    labels[v] = best[rng.random_range(0..best.len())];
                    changed += 1;
                }
            }
            for &l in &touched {
                nw[l as usize] = 0.0;
                seen[l as usize] = false;
            }
            touched.clear();
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
