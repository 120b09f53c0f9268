//! Derived views of a [`Graph`] that some kernels need.

use std::borrow::Cow;

use rayon::prelude::*;

use super::build::for_each_node_block;
use super::{Adjacency, Graph, NodeId};

/// Adjacency of the undirected simple view: `u`–`v` present when `u → v` or `v → u` is in any
/// layer; each neighbour listed once, sorted.
pub type SimpleAdjacency<'g> = Cow<'g, Adjacency>;

/// The undirected simple view. Borrowed (no copy) for single-layer undirected graphs.
///
/// # Complexity
/// O(n + m) time; O(n + m) memory when a copy is needed.
pub fn undirected_simple(g: &Graph) -> SimpleAdjacency<'_> {
    if !g.is_directed() && g.layer.is_none() {
        return Cow::Borrowed(&g.out);
    }
    let n = g.node_count();
    let counts: Vec<u64> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(1024)
        .map(|u| merge_unique(g.out_neighbors(u), g.in_neighbors(u), |_| {}) as u64)
        .collect();
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u64);
    let mut acc = 0;
    for c in counts {
        acc += c;
        offsets.push(acc);
    }
    let mut targets = vec![0 as NodeId; acc as usize];
    for_each_node_block(&offsets, &mut targets, |u, slice| {
        let mut k = 0;
        merge_unique(
            g.out_neighbors(u as NodeId),
            g.in_neighbors(u as NodeId),
            |v| {
                slice[k] = v;
                k += 1;
            },
        );
    });
    Cow::Owned(Adjacency {
        offsets: offsets.into(),
        targets: targets.into(),
    })
}

/// Calls `emit` on the sorted union of two sorted lists (repeats removed); returns its size.
fn merge_unique(a: &[NodeId], b: &[NodeId], mut emit: impl FnMut(NodeId)) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    let mut last: Option<NodeId> = None;
    while i < a.len() || j < b.len() {
        let v = if j >= b.len() || (i < a.len() && a[i] <= b[j]) {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        if last != Some(v) {
            emit(v);
            count += 1;
            last = Some(v);
        }
    }
    count
}
