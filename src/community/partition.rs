//! The [`Partition`] type: one community per node, numbered canonically.

use crate::graph::NodeId;

/// Dense community id, `0..Partition::count()`.
pub type CommunityId = u32;

/// A partition of the nodes into communities, numbered canonically: community 0 is the largest,
/// ties between communities of equal size go to the one with the smallest member. The numbering
/// therefore depends only on which nodes are together, never on the labels an algorithm used, so
/// two runs that find the same grouping return equal partitions.
///
/// Every node is in exactly one community; communities are never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    membership: Vec<CommunityId>,
    sizes: Vec<u32>,
}

/// The members of every community, grouped (a CSR over communities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    /// `offsets[c]..offsets[c + 1]` are the positions of community `c`'s members in `nodes`;
    /// length `count + 1`.
    pub offsets: Vec<usize>,
    /// Node ids grouped by community, ascending within a community.
    pub nodes: Vec<NodeId>,
}

impl Members {
    /// The members of community `c`, ascending.
    #[inline]
    pub fn of(&self, c: CommunityId) -> &[NodeId] {
        &self.nodes[self.offsets[c as usize]..self.offsets[c as usize + 1]]
    }
}

impl Partition {
    /// Builds the canonical partition in which nodes with equal labels are together.
    ///
    /// # Arguments
    /// * `labels` - any `u32` label per node (not necessarily dense).
    ///
    /// # Returns
    /// The partition, numbered by size descending, then smallest member.
    ///
    /// # Complexity
    /// O(n + k log k) for k distinct labels when labels are below `4n`; O(n log n) otherwise.
    ///
    /// # Example
    /// ```
    /// use relais::community::Partition;
    /// let p = Partition::from_labels(&[7, 7, 3, 9, 3, 3]);
    /// assert_eq!(p.membership(), &[1, 1, 0, 2, 0, 0]);
    /// assert_eq!(p.sizes(), &[3, 2, 1]);
    /// ```
    pub fn from_labels(labels: &[u32]) -> Partition {
        let (dense, k) = compact(labels);
        Partition::from_dense(dense, k)
    }

    /// Canonicalises labels that are already dense (`0..k`, every value used).
    pub(crate) fn from_dense(mut dense: Vec<u32>, k: usize) -> Partition {
        let mut sizes = vec![0u32; k];
        let mut first = vec![u32::MAX; k];
        for (u, &c) in dense.iter().enumerate() {
            sizes[c as usize] += 1;
            if first[c as usize] == u32::MAX {
                first[c as usize] = u as u32;
            }
        }
        let mut order: Vec<u32> = (0..k as u32).collect();
        order.sort_unstable_by_key(|&c| (std::cmp::Reverse(sizes[c as usize]), first[c as usize]));
        let mut rank = vec![0u32; k];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        for c in &mut dense {
            *c = rank[*c as usize];
        }
        let sizes = order.iter().map(|&c| sizes[c as usize]).collect();
        Partition {
            membership: dense,
            sizes,
        }
    }

    /// Every node in its own community.
    ///
    /// # Complexity
    /// O(n).
    pub fn singletons(n: usize) -> Partition {
        Partition {
            membership: (0..n as u32).collect(),
            sizes: vec![1; n],
        }
    }

    /// The community of every node, indexed by [`NodeId`].
    #[inline]
    pub fn membership(&self) -> &[CommunityId] {
        &self.membership
    }

    /// The membership vector, consuming the partition.
    pub fn into_membership(self) -> Vec<CommunityId> {
        self.membership
    }

    /// The community of node `u`.
    #[inline]
    pub fn community(&self, u: NodeId) -> CommunityId {
        self.membership[u as usize]
    }

    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.membership.len()
    }

    /// Number of communities.
    #[inline]
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// Size of every community, indexed by id (so non-increasing).
    #[inline]
    pub fn sizes(&self) -> &[u32] {
        &self.sizes
    }

    /// The members of every community.
    ///
    /// # Complexity
    /// O(n + k).
    pub fn members(&self) -> Members {
        let k = self.count();
        let mut offsets = vec![0usize; k + 1];
        for (c, &s) in self.sizes.iter().enumerate() {
            offsets[c + 1] = offsets[c] + s as usize;
        }
        let mut fill = offsets[..k].to_vec();
        let mut nodes = vec![0 as NodeId; self.membership.len()];
        for (u, &c) in self.membership.iter().enumerate() {
            nodes[fill[c as usize]] = u as NodeId;
            fill[c as usize] += 1;
        }
        Members { offsets, nodes }
    }
}

/// Renumbers arbitrary labels densely (`0..k`, in order of first appearance); returns the dense
/// labels and `k`.
pub(crate) fn compact(labels: &[u32]) -> (Vec<u32>, usize) {
    const UNSET: u32 = u32::MAX;
    let n = labels.len();
    let max = labels.iter().copied().max().unwrap_or(0) as usize;
    if max < 4 * n + 16 {
        let mut map = vec![UNSET; max + 1];
        let mut k = 0u32;
        let dense = labels
            .iter()
            .map(|&l| {
                let slot = &mut map[l as usize];
                if *slot == UNSET {
                    *slot = k;
                    k += 1;
                }
                *slot
            })
            .collect();
        (dense, k as usize)
    } else {
        // Sparse labels: sort (label, first position) to number them by first appearance.
        let mut by_label: Vec<(u32, u32)> = labels
            .iter()
            .enumerate()
            .map(|(i, &l)| (l, i as u32))
            .collect();
        by_label.sort_unstable();
        let mut firsts: Vec<(u32, u32)> = Vec::new();
        for (i, &(l, pos)) in by_label.iter().enumerate() {
            if i == 0 || by_label[i - 1].0 != l {
                firsts.push((pos, l));
            }
        }
        firsts.sort_unstable();
        let mut labels_by_rank: Vec<(u32, u32)> = firsts
            .iter()
            .enumerate()
            .map(|(rank, &(_, l))| (l, rank as u32))
            .collect();
        labels_by_rank.sort_unstable();
        let dense = labels
            .iter()
            .map(|l| {
                let i = labels_by_rank.partition_point(|&(x, _)| x < *l);
                labels_by_rank[i].1
            })
            .collect();
        (dense, labels_by_rank.len())
    }
}
