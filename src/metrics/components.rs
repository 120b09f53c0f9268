//! Weakly and strongly connected components.

use crate::graph::{Adjacency, Graph, NodeId};

/// A labelling of nodes into components, numbered canonically: by size descending, ties by
/// smallest member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// Component id of every node.
    pub id: Vec<u32>,
    /// Size of every component, indexed by id (so non-increasing).
    pub sizes: Vec<u32>,
}

impl Components {
    /// Number of components.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// Size of the largest component (0 for an empty graph).
    pub fn largest(&self) -> u32 {
        self.sizes.first().copied().unwrap_or(0)
    }
}

/// Weak components: connected components of the undirected view. Union–find with path halving.
///
/// # Complexity
/// O(m α(n)).
pub fn weak_components(g: &Graph) -> Components {
    let n = g.node_count();
    let mut parent: Vec<NodeId> = (0..n as NodeId).collect();
    fn find(parent: &mut [NodeId], mut x: NodeId) -> NodeId {
        while parent[x as usize] != x {
            let p = parent[parent[x as usize] as usize];
            parent[x as usize] = p;
            x = p;
        }
        x
    }
    let out = g.out_adjacency();
    for u in 0..n as NodeId {
        for &v in out.neighbors(u) {
            let (a, b) = (find(&mut parent, u), find(&mut parent, v));
            if a != b {
                // Union by smaller root keeps the root the smallest member.
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi as usize] = lo;
            }
        }
    }
    let raw: Vec<u32> = (0..n as NodeId).map(|u| find(&mut parent, u)).collect();
    canonical(raw)
}

/// Strong components (Tarjan 1972), iterative, on the combined out-adjacency. For undirected
/// graphs they equal the weak components.
///
/// # Complexity
/// O(n + m).
pub fn strong_components(g: &Graph) -> Components {
    if !g.is_directed() {
        return weak_components(g);
    }
    let out: &Adjacency = g.out_adjacency();
    let n = g.node_count();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<NodeId> = Vec::new();
    let mut comp = vec![UNSEEN; n];
    let mut next_index = 0u32;
    let mut next_comp = 0u32;
    // Call stack of (node, next out-position to explore).
    let mut calls: Vec<(NodeId, usize)> = Vec::new();
    for root in 0..n as NodeId {
        if index[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, out.range(root).start));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut p)) = calls.last_mut() {
            let end = out.range(v).end;
            if *p < end {
                let w = out.targets[*p];
                *p += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, out.range(w).start));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
            } else {
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent as usize] = low[parent as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    loop {
                        let w = stack.pop().expect("Tarjan stack holds v");
                        on_stack[w as usize] = false;
                        comp[w as usize] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    canonical(comp)
}

/// Renumbers arbitrary labels: by size descending, then smallest member.
pub(crate) fn canonical(raw: Vec<u32>) -> Components {
    let n = raw.len();
    let mut size = vec![0u32; n];
    let mut first = vec![u32::MAX; n];
    for (u, &c) in raw.iter().enumerate() {
        size[c as usize] += 1;
        first[c as usize] = first[c as usize].min(u as u32);
    }
    let mut labels: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] > 0).collect();
    labels.sort_unstable_by_key(|&c| (std::cmp::Reverse(size[c as usize]), first[c as usize]));
    let mut new = vec![0u32; n];
    for (i, &c) in labels.iter().enumerate() {
        new[c as usize] = i as u32;
    }
    Components {
        id: raw.iter().map(|&c| new[c as usize]).collect(),
        sizes: labels.iter().map(|&c| size[c as usize]).collect(),
    }
}
