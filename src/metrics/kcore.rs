//! k-core decomposition (Batagelj & Zaversnik 2003, "An O(m) algorithm for cores decomposition of
//! networks").

use crate::graph::{Adjacency, NodeId};

/// Core number of every node of an undirected simple adjacency: the largest k such that the node
/// belongs to a subgraph in which every node has degree at least k. Matches NetworkX
/// `core_number` on the undirected simple view.
///
/// # Complexity
/// O(n + m) time (bucket peeling), O(n) extra memory.
pub fn core_numbers(adj: &Adjacency) -> Vec<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_with_tail() {
        // 0-1-2 triangle, 2-3 tail.
        let adj = Adjacency {
            offsets: vec![0, 2, 4, 7, 8].into(),
            targets: vec![1, 2, 0, 2, 0, 1, 3, 2].into(),
        };
        assert_eq!(core_numbers(&adj), [2, 2, 2, 1]);
    }
}
