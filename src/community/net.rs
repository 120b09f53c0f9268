//! The optimiser's network: a symmetric weighted CSR with two node weights, and its aggregation.
//!
//! Every objective is written in one form. With `S` the symmetric adjacency, node weights `a` and
//! `b` (`Σa = Σb = m`) and a scaled resolution `γ'`:
//!
//! `2m · H = Σ_{u,v same community} S[u][v] − 2γ' Σ_c A_c B_c`
//!
//! where `A_c = Σ_{u∈c} a_u`. Moving an isolated node `v` into community `c` changes `2m · H` by
//! `2 (w(v, c) − γ' (a_v B_c + b_v A_c))`, which is the *gain* every optimiser maximises.
//!
//! | objective | `a`, `b` | `γ'` |
//! |---|---|---|
//! | modularity, undirected view | `k/2`, `k/2` | `γ / m` |
//! | modularity, directed view (Leicht–Newman) | out-, in-strength | `γ / m` |
//! | CPM | node count, node count | `γ / 2` |

use std::borrow::Cow;

use rayon::prelude::*;

use super::view::CommunityGraph;
use super::Objective;

/// Below this many adjacency entries aggregation runs in one block.
const PARALLEL_ENTRIES: usize = 1 << 16;

/// A level of the optimiser: the view itself, or an aggregate of a previous level.
#[derive(Debug, Clone)]
pub(crate) struct Net<'a> {
    pub offsets: Cow<'a, [u64]>,
    pub targets: Cow<'a, [u32]>,
    /// Weight per entry; empty when every weight is 1.
    pub weights: Cow<'a, [f64]>,
    /// First node weight.
    pub a: Vec<f64>,
    /// Second node weight; `None` when it equals `a` (undirected view, CPM).
    pub b: Option<Vec<f64>>,
}

/// The objective's constants.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Scaled resolution `γ'`.
    pub gamma: f64,
}

impl Scale {
    pub fn new(view: &CommunityGraph<'_>, objective: Objective, resolution: f64) -> Scale {
        let m = view.total_weight();
        let gamma = match objective {
            Objective::Modularity if m > 0.0 => resolution / m,
            Objective::Modularity => 0.0,
            Objective::Cpm => resolution / 2.0,
        };
        Scale { gamma }
    }
}

/// Plain slices of a [`Net`], for hot loops (no `Cow` dispatch per access).
#[derive(Clone, Copy)]
pub(crate) struct Adj<'a> {
    pub offsets: &'a [u64],
    pub targets: &'a [u32],
    /// Empty when every weight is 1.
    pub weights: &'a [f64],
    pub a: &'a [f64],
    /// `None` when it equals `a`.
    pub b: Option<&'a [f64]>,
}

impl Adj<'_> {
    /// The positions of `u`'s entries.
    #[inline(always)]
    pub fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u] as usize..self.offsets[u + 1] as usize
    }

    /// Weight of the entry at position `p`.
    #[inline(always)]
    pub fn w(&self, p: usize) -> f64 {
        if self.weights.is_empty() {
            1.0
        } else {
            self.weights[p]
        }
    }

    /// The second node weight of `u`.
    #[inline(always)]
    pub fn b(&self, u: usize) -> f64 {
        match self.b {
            Some(b) => b[u],
            None => self.a[u],
        }
    }
}

impl<'a> Net<'a> {
    /// Plain slices for hot loops.
    #[inline]
    pub fn adj(&self) -> Adj<'_> {
        Adj {
            offsets: &self.offsets,
            targets: &self.targets,
            weights: &self.weights,
            a: &self.a,
            b: self.b.as_deref(),
        }
    }

    /// The first level: the view's adjacency (borrowed) with the objective's node weights.
    pub fn level0(view: &'a CommunityGraph<'_>, objective: Objective) -> Net<'a> {
        let n = view.node_count();
        let (a, b) = match (objective, &view.in_strength) {
            (Objective::Cpm, _) => (vec![1.0; n], None),
            (Objective::Modularity, Some(ins)) => (view.out_strength.clone(), Some(ins.clone())),
            (Objective::Modularity, None) => {
                (view.out_strength.iter().map(|k| k / 2.0).collect(), None)
            }
        };
        Net {
            offsets: Cow::Borrowed(&view.offsets),
            targets: Cow::Borrowed(&view.targets),
            weights: Cow::Borrowed(&view.weights),
            a,
            b,
        }
    }

    /// Number of nodes.
    #[inline]
    pub fn n(&self) -> usize {
        self.a.len()
    }

    /// The second node weight of `u`.
    #[inline]
    pub fn b(&self, u: usize) -> f64 {
        match &self.b {
            Some(b) => b[u],
            None => self.a[u],
        }
    }

    /// The network whose nodes are the groups of `labels` (dense, `0..k`): node weights are
    /// summed, edges between groups are summed, edges inside a group are dropped (they no longer
    /// change any gain). A row lists its neighbours in order of first appearance (members
    /// ascending, each member's adjacency in order), not sorted.
    ///
    /// Groups are processed in contiguous blocks, in parallel for large networks; each group's
    /// row depends only on its members (ascending) and their adjacency, so the result is the same
    /// for any number of threads and blocks.
    pub fn aggregate(&self, labels: &[u32], k: usize) -> Net<'static> {
        let (start, order) = group(labels, k);
        let mut a = vec![0.0; k];
        let mut b = self.b.as_ref().map(|_| vec![0.0; k]);
        for c in 0..k {
            let members = &order[start[c]..start[c + 1]];
            a[c] = members.iter().map(|&u| self.a[u as usize]).sum();
            if let Some(b) = &mut b {
                b[c] = members.iter().map(|&u| self.b(u as usize)).sum();
            }
        }
        let entries = self.targets.len();
        let threads = rayon::current_num_threads();
        // Each block needs a dense scratch of k entries: keep all scratch below the size of the
        // adjacency itself.
        let max_blocks = (entries / (k.max(1) * 2)).max(1);
        let blocks = if entries < PARALLEL_ENTRIES || threads == 1 {
            1
        } else {
            (4 * threads).min(max_blocks).min(k.max(1))
        };
        let block_len = k.div_ceil(blocks.max(1)).max(1);
        let net = self.adj();
        let row = |range: std::ops::Range<usize>| -> Block {
            let mut blk = Block::default();
            let mut acc = vec![0.0f64; k];
            let mut seen = vec![false; k];
            let mut touched: Vec<u32> = Vec::new();
            for c in range {
                for &u in &order[start[c]..start[c + 1]] {
                    for p in net.range(u as usize) {
                        let d = labels[net.targets[p] as usize];
                        if d as usize == c {
                            continue;
                        }
                        if !seen[d as usize] {
                            seen[d as usize] = true;
                            touched.push(d);
                        }
                        acc[d as usize] += net.w(p);
                    }
                }
                blk.counts.push(touched.len() as u64);
                for &d in &touched {
                    blk.targets.push(d);
                    blk.weights.push(acc[d as usize]);
                    acc[d as usize] = 0.0;
                    seen[d as usize] = false;
                }
                touched.clear();
            }
            blk
        };
        let parts: Vec<Block> = if blocks == 1 {
            vec![row(0..k)]
        } else {
            (0..blocks)
                .into_par_iter()
                .map(|i| row((i * block_len).min(k)..((i + 1) * block_len).min(k)))
                .collect()
        };
        let total: usize = parts.iter().map(|p| p.targets.len()).sum();
        let mut offsets = Vec::with_capacity(k + 1);
        offsets.push(0u64);
        let mut targets = Vec::with_capacity(total);
        let mut weights = Vec::with_capacity(total);
        let mut acc = 0u64;
        for part in parts {
            for c in part.counts {
                acc += c;
                offsets.push(acc);
            }
            targets.extend_from_slice(&part.targets);
            weights.extend_from_slice(&part.weights);
        }
        Net {
            offsets: Cow::Owned(offsets),
            targets: Cow::Owned(targets),
            weights: Cow::Owned(weights),
            a,
            b,
        }
    }
}

/// Rows of a block of groups.
#[derive(Default)]
struct Block {
    counts: Vec<u64>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

/// Groups node ids by dense label (counting sort): returns `start` (length `k + 1`) and the nodes,
/// ascending within a group.
pub(crate) fn group(labels: &[u32], k: usize) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; k + 1];
    for &c in labels {
        start[c as usize + 1] += 1;
    }
    for c in 0..k {
        start[c + 1] += start[c];
    }
    let mut fill = start[..k].to_vec();
    let mut order = vec![0u32; labels.len()];
    for (u, &c) in labels.iter().enumerate() {
        order[fill[c as usize]] = u as u32;
        fill[c as usize] += 1;
    }
    (start, order)
}

/// Renumbers `labels` (values below `labels.len()`) densely in order of first appearance, in place;
/// returns the number of groups.
pub(crate) fn renumber(labels: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; labels.len()];
    let mut k = 0u32;
    for l in labels.iter_mut() {
        let slot = &mut map[*l as usize];
        if *slot == u32::MAX {
            *slot = k;
            k += 1;
        }
        *l = *slot;
    }
    k as usize
}
