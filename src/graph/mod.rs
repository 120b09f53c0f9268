//! The one graph type: an immutable, compact, multi-layer CSR.
//!
//! Nodes are dense `u32` ids (`NodeId`), assigned by [`build`] in a stable order of the external ids
//! (see [`NodeLabels`]). Every stored edge is a *layer-edge*: a unique `(source, target, layer)`
//! triple whose weight is the sum of the weights of the input records it merges and whose
//! multiplicity is their count. The out-adjacency of a node is sorted by `(target, layer)` and the
//! in-adjacency by `(source, layer)`, so the *combined view* (one edge per ordered pair, weight summed
//! over layers) is read by merging consecutive equal neighbours.
//!
//! Edge attributes (weight, multiplicity, layer) are stored once, indexed by out-position; the
//! in-side reaches them through `in_to_out`. An attribute array is only stored when it carries
//! information: an unweighted single-layer graph without duplicates is two `u32` arrays (8 bytes
//! per edge). See ARCHITECTURE.md for the measured bytes per edge.
//!
//! Undirected graphs store each edge in both directions in the out-adjacency and share it as the
//! in-adjacency.

mod build;
mod huge;
mod labels;
mod reorder;
mod store;
mod transpose;
mod views;

pub(crate) use build::for_each_node_block;
pub use build::{build, build_owned, BuildConfig, BuildStats, EdgeTable};
pub(crate) use labels::canonical_integer;
pub use labels::{Interner, NodeLabels};
pub use reorder::{bfs_order, degree_order, permute, Permutation};
pub use store::Store;
pub use views::{undirected_simple, SimpleAdjacency};

use std::ops::Range;

/// Dense node id, `0..node_count()`. A `u32` as petgraph's `DefaultIx`: 4 bytes per neighbour
/// entry, enough for 4 billion accounts.
pub type NodeId = u32;

/// Index of a layer (interaction kind) in [`Graph::layers`].
pub type LayerId = u8;

/// The most layers one graph may hold.
pub const MAX_LAYERS: usize = 255;

/// One direction of adjacency in compressed sparse row form. Its arrays are [`Store`]s (owned,
/// or borrowed from a memory-mapped graph cache) and read as slices; build one from `Vec`s with
/// `.into()`.
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    /// `offsets[u]..offsets[u + 1]` are the positions of `u`'s neighbours; length `n + 1`.
    pub offsets: Store<u64>,
    /// Neighbour ids, grouped by node.
    pub targets: Store<NodeId>,
}

impl Adjacency {
    /// The positions of `u`'s entries.
    #[inline]
    pub fn range(&self, u: NodeId) -> Range<usize> {
        self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize
    }

    /// The neighbours of `u` (one entry per layer-edge).
    #[inline]
    pub fn neighbors(&self, u: NodeId) -> &[NodeId] {
        &self.targets[self.range(u)]
    }

    /// Resident bytes.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.len() * 8 + self.targets.len() * 4
    }
}

/// The immutable multi-layer graph. Build it with [`build`].
#[derive(Debug, Clone)]
pub struct Graph {
    pub(crate) directed: bool,
    pub(crate) out: Adjacency,
    /// In-adjacency; `None` for undirected graphs, whose in-adjacency is `out`.
    pub(crate) inc: Option<Adjacency>,
    /// For each in-position, the out-position of the same layer-edge (directed graphs with
    /// stored edge attributes only).
    pub(crate) in_to_out: Option<Store<u32>>,
    /// Summed weight per layer-edge; `None` when every weight equals the multiplicity.
    pub(crate) weight: Option<Store<f64>>,
    /// Number of input records merged into each layer-edge; `None` when all are 1.
    pub(crate) multiplicity: Option<Store<u32>>,
    /// Layer of each layer-edge; `None` when the graph has one layer.
    pub(crate) layer: Option<Store<LayerId>>,
    pub(crate) layer_names: Vec<String>,
}

impl Graph {
    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.out.offsets.len() - 1
    }

    /// Number of stored out-entries (layer-edges; an undirected edge counts twice).
    #[inline]
    pub fn entry_count(&self) -> usize {
        self.out.targets.len()
    }

    /// Number of layer-edges: directed edges, or undirected edges counted once.
    pub fn layer_edge_count(&self) -> usize {
        if self.directed {
            self.entry_count()
        } else {
            self.entry_count() / 2
        }
    }

    /// Whether edges have a direction (u → v: u pays attention to v).
    #[inline]
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Whether any edge weight differs from its multiplicity (input had non-unit weights).
    pub fn has_weights(&self) -> bool {
        self.weight.is_some()
    }

    /// Names of the layers (interaction kinds), indexed by [`LayerId`].
    pub fn layers(&self) -> &[String] {
        &self.layer_names
    }

    /// The out-adjacency (for undirected graphs: all neighbours).
    #[inline]
    pub fn out_adjacency(&self) -> &Adjacency {
        &self.out
    }

    /// The in-adjacency (for undirected graphs: the same as [`Graph::out_adjacency`]).
    #[inline]
    pub fn in_adjacency(&self) -> &Adjacency {
        self.inc.as_ref().unwrap_or(&self.out)
    }

    /// Out-neighbours of `u`, sorted, repeated once per layer the edge is in.
    #[inline]
    pub fn out_neighbors(&self, u: NodeId) -> &[NodeId] {
        self.out.neighbors(u)
    }

    /// In-neighbours of `v`, sorted, repeated once per layer the edge is in.
    #[inline]
    pub fn in_neighbors(&self, v: NodeId) -> &[NodeId] {
        self.in_adjacency().neighbors(v)
    }

    /// Out-position of the layer-edge stored at in-position `p`.
    #[inline]
    pub fn in_to_out(&self, p: usize) -> usize {
        match &self.in_to_out {
            Some(map) => map[p] as usize,
            None => p,
        }
    }

    /// Weight of the layer-edge at out-position `p` (a strength: more interactions = closer).
    #[inline]
    pub fn weight(&self, p: usize) -> f64 {
        match (&self.weight, &self.multiplicity) {
            (Some(w), _) => w[p],
            (None, Some(m)) => m[p] as f64,
            (None, None) => 1.0,
        }
    }

    /// Number of input records merged into the layer-edge at out-position `p`.
    #[inline]
    pub fn multiplicity(&self, p: usize) -> u32 {
        self.multiplicity.as_ref().map_or(1, |m| m[p])
    }

    /// Layer of the layer-edge at out-position `p`.
    #[inline]
    pub fn layer(&self, p: usize) -> LayerId {
        self.layer.as_ref().map_or(0, |l| l[p])
    }

    /// Whether every edge has weight 1 (no weights, no duplicates).
    pub fn is_unit_weight(&self) -> bool {
        self.weight.is_none() && self.multiplicity.is_none()
    }

    /// Bytes of the whole graph's arrays (both directions and every attribute array): heap
    /// memory, or pages of the mapped file for a graph loaded from a cache.
    pub fn heap_bytes(&self) -> usize {
        self.out.heap_bytes()
            + self.inc.as_ref().map_or(0, Adjacency::heap_bytes)
            + self.in_to_out.as_ref().map_or(0, |v| v.len() * 4)
            + self.weight.as_ref().map_or(0, |v| v.len() * 8)
            + self.multiplicity.as_ref().map_or(0, |v| v.len() * 4)
            + self.layer.as_ref().map_or(0, |v| v.len())
    }
}
