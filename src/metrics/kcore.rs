//! k-core decomposition by level-synchronous parallel peeling (Kabir & Madduri 2017, "Parallel
//! k-core decomposition on multicore platforms", PKC). Core numbers are unique, so the result is
//! the same whatever the schedule; the tests check it against Batagelj & Zaversnik's (2003) bucket
//! peeling.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::graph::{Adjacency, NodeId};

/// Core number of every node of an undirected simple adjacency: the largest k such that the node
/// belongs to a subgraph in which every node has degree at least k. Matches NetworkX
/// `core_number` on the undirected simple view.
///
/// Level-synchronous parallel peeling (PKC, Kabir & Madduri 2017). At level k every remaining
/// node of residual degree k is peeled; peeling a node decrements its neighbours above k (an atomic
/// `fetch_sub`), and a neighbour that reaches k joins the next frontier of the same level. When a
/// level's cascade ends, the survivors are compacted and k jumps to their smallest residual degree.
/// A node's residual degree when it is peeled is its core number; that number is unique, so the
/// result does not depend on the order in which threads decrement.
///
/// Measured on the 10M-edge R-MAT of `scripts/bench_peers.sh` (572,849 nodes, max core 420), one
/// thread: 0.34–0.55 s against 0.65–0.73 s for Batagelj–Zaversnik bucket peeling (kept in the tests
/// as the oracle), whose bucket moves jump around memory; see BENCHMARKS.md.
///
/// # Complexity
/// O(m + n·L) work for L distinct core values (each level rescans the surviving nodes), O(n)
/// extra memory.
pub fn core_numbers(adj: &Adjacency) -> Vec<u32> {
    let n = adj.offsets.len().saturating_sub(1);
    let deg: Vec<AtomicU32> = (0..n)
        .into_par_iter()
        .map(|u| AtomicU32::new(adj.range(u as NodeId).len() as u32))
        .collect();
    let mut remaining: Vec<NodeId> = (0..n as NodeId).collect();
    while !remaining.is_empty() {
        let k = remaining
            .par_iter()
            .map(|&v| deg[v as usize].load(Ordering::Relaxed))
            .min()
            .unwrap_or(0);
        let mut frontier: Vec<NodeId> = remaining
            .par_iter()
            .copied()
            .filter(|&v| deg[v as usize].load(Ordering::Relaxed) == k)
            .collect();
        while !frontier.is_empty() {
            frontier = frontier
                .par_iter()
                .flat_map_iter(|&v| {
                    adj.neighbors(v).iter().copied().filter(|&u| {
                        let d = &deg[u as usize];
                        if d.load(Ordering::Relaxed) <= k {
                            return false;
                        }
                        let old = d.fetch_sub(1, Ordering::Relaxed);
                        if old <= k {
                            // Another thread took it to k first: undo, it is already queued.
                            d.fetch_add(1, Ordering::Relaxed);
                            false
                        } else {
                            old == k + 1
                        }
                    })
                })
                .collect();
        }
        remaining = remaining
            .par_iter()
            .copied()
            .filter(|&v| deg[v as usize].load(Ordering::Relaxed) > k)
            .collect();
    }
    deg.into_iter().map(AtomicU32::into_inner).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batagelj–Zaversnik (2003) bucket peeling, the O(n + m) sequential oracle.
    fn core_numbers_sequential(adj: &Adjacency) -> Vec<u32> {
        let n = adj.offsets.len() - 1;
        let mut deg: Vec<u32> = (0..n)
            .map(|u| adj.range(u as NodeId).len() as u32)
            .collect();
        let max_deg = deg.iter().copied().max().unwrap_or(0) as usize;
        // bin[d] = start of the nodes of degree d in `vert`.
        let mut bin = vec![0u32; max_deg + 2];
        for &d in &deg {
            bin[d as usize + 1] += 1;
        }
        for d in 0..=max_deg {
            bin[d + 1] += bin[d];
        }
        let mut pos = vec![0u32; n];
        let mut vert = vec![0 as NodeId; n];
        {
            let mut next = bin.clone();
            for u in 0..n {
                let d = deg[u] as usize;
                pos[u] = next[d];
                vert[next[d] as usize] = u as NodeId;
                next[d] += 1;
            }
        }
        for i in 0..n {
            let v = vert[i];
            let dv = deg[v as usize];
            for &u in adj.neighbors(v) {
                let du = deg[u as usize];
                if du > dv {
                    // Move u to the front of its bin, then shrink the bin.
                    let pu = pos[u as usize];
                    let pw = bin[du as usize];
                    let w = vert[pw as usize];
                    if u != w {
                        vert[pu as usize] = w;
                        pos[w as usize] = pu;
                        vert[pw as usize] = u;
                        pos[u as usize] = pw;
                    }
                    bin[du as usize] += 1;
                    deg[u as usize] -= 1;
                }
            }
        }
        deg
    }

    #[test]
    fn triangle_with_tail() {
        // 0-1-2 triangle, 2-3 tail.
        let adj = Adjacency {
            offsets: vec![0, 2, 4, 7, 8].into(),
            targets: vec![1, 2, 0, 2, 0, 1, 3, 2].into(),
        };
        assert_eq!(core_numbers(&adj), [2, 2, 2, 1]);
        assert_eq!(core_numbers_sequential(&adj), [2, 2, 2, 1]);
    }

    /// A symmetric simple adjacency of a random graph with a dense core and a sparse fringe.
    fn random_adjacency(n: u32, edges: usize, seed: u64) -> Adjacency {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = |bound: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Skew towards small ids so that degrees (and core numbers) vary widely.
            let r = (state % u64::from(bound)) as u32;
            r.min((state >> 32) as u32 % bound)
        };
        let mut pairs = Vec::new();
        for _ in 0..edges {
            let (a, b) = (next(n), next(n));
            if a != b {
                pairs.push((a, b));
                pairs.push((b, a));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u64; n as usize + 1];
        for &(a, _) in &pairs {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..n as usize {
            offsets[i + 1] += offsets[i];
        }
        Adjacency {
            offsets: offsets.into(),
            targets: pairs.into_iter().map(|(_, b)| b).collect::<Vec<_>>().into(),
        }
    }

    #[test]
    fn parallel_peeling_matches_bucket_peeling() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        for seed in 1..=6u64 {
            let adj = random_adjacency(3_000, 40_000, seed);
            let expected = core_numbers_sequential(&adj);
            assert!(expected.iter().copied().max().unwrap() > 10);
            for _ in 0..3 {
                assert_eq!(pool.install(|| core_numbers(&adj)), expected);
            }
        }
        // Isolated nodes and an empty graph.
        let empty = Adjacency {
            offsets: vec![0; 4].into(),
            targets: Vec::new().into(),
        };
        assert_eq!(core_numbers(&empty), [0, 0, 0]);
    }
}
