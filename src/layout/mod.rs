//! Force-directed layout: ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, "ForceAtlas2, a
//! continuous graph layout algorithm for handy network visualization designed for the Gephi
//! software", PLoS ONE 9(6): e98853) with a Barnes–Hut quadtree for repulsion.
//!
//! Pure: a [`LayoutGraph`] (undirected, weighted, simple) and a [`ForceAtlas2Config`] give a
//! [`Layout`]. Forces follow the paper with LinLog off: degree-dependent repulsion
//! `k_r (deg(u)+1)(deg(v)+1) / d`, linear attraction `w^δ d` along each edge, gravity
//! `k_g (deg(u)+1)` towards the origin (or `k_g (deg(u)+1) d` with strong gravity), and the
//! paper's adaptive local (swinging) and global (traction) speeds.
//!
//! Determinism: the initial positions come from a `Pcg64` seeded with `seed`; every iteration
//! builds one quadtree sequentially, then computes each node's force independently (in parallel)
//! from that tree and the node's own adjacency list in a fixed order; global sums are taken over
//! fixed-size chunks combined in index order. So the layout is identical for any thread count.

mod quadtree;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};
use quadtree::QuadTree;

/// Default number of iterations.
pub const DEFAULT_ITERATIONS: u32 = 100;
/// Default repulsion scaling `k_r` (Gephi's default for graphs above 100 nodes).
pub const DEFAULT_SCALING: f64 = 2.0;
/// Default gravity `k_g`.
pub const DEFAULT_GRAVITY: f64 = 1.0;
/// Default Barnes–Hut opening criterion θ (Gephi's default): a cell of side `s` at distance `d`
/// acts as one body when `s / d < θ`.
pub const DEFAULT_THETA: f64 = 1.2;
/// Default jitter tolerance τ.
pub const DEFAULT_JITTER_TOLERANCE: f64 = 1.0;

/// Parameters of ForceAtlas2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForceAtlas2Config {
    /// Iterations to run.
    pub iterations: u32,
    /// Repulsion scaling `k_r`.
    pub scaling: f64,
    /// Gravity `k_g`.
    pub gravity: f64,
    /// Strong gravity: attraction to the origin grows with distance.
    pub strong_gravity: bool,
    /// Edge weight influence δ: attraction is multiplied by `w^δ` (0 ignores weights).
    pub edge_weight_influence: f64,
    /// Barnes–Hut θ; 0 computes every pair exactly.
    pub theta: f64,
    /// Jitter tolerance τ of the adaptive speed.
    pub jitter_tolerance: f64,
    /// Seed of the initial positions.
    pub seed: u64,
}

impl Default for ForceAtlas2Config {
    fn default() -> Self {
        ForceAtlas2Config {
            iterations: DEFAULT_ITERATIONS,
            scaling: DEFAULT_SCALING,
            gravity: DEFAULT_GRAVITY,
            strong_gravity: false,
            edge_weight_influence: 1.0,
            theta: DEFAULT_THETA,
            jitter_tolerance: DEFAULT_JITTER_TOLERANCE,
            seed: 0,
        }
    }
}

impl ForceAtlas2Config {
    /// Checks that every parameter is finite and in range.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &'static str, message: &str| {
            Err(Error::InvalidConfig {
                field,
                message: message.into(),
            })
        };
        if !(self.scaling.is_finite() && self.scaling > 0.0) {
            return bad("layout.scaling", "must be a finite number > 0");
        }
        if !(self.gravity.is_finite() && self.gravity >= 0.0) {
            return bad("layout.gravity", "must be a finite number >= 0");
        }
        if !(self.theta.is_finite() && self.theta >= 0.0) {
            return bad("layout.theta", "must be a finite number >= 0");
        }
        if !(self.jitter_tolerance.is_finite() && self.jitter_tolerance > 0.0) {
            return bad("layout.jitter_tolerance", "must be a finite number > 0");
        }
        if !self.edge_weight_influence.is_finite() {
            return bad("layout.edge_weight_influence", "must be finite");
        }
        Ok(())
    }
}

/// An undirected, simple, weighted graph in symmetric CSR form: what the layout runs on.
#[derive(Debug, Clone, Default)]
pub struct LayoutGraph {
    /// `offsets[u]..offsets[u + 1]` index `u`'s neighbours; length `n + 1`.
    pub offsets: Vec<usize>,
    /// Neighbours (each undirected edge appears in both lists).
    pub targets: Vec<u32>,
    /// Weight of each entry.
    pub weights: Vec<f64>,
}

impl LayoutGraph {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of undirected edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Builds the graph from undirected edges `(u, v, w)` on `n` nodes: self-loops dropped,
    /// parallel edges merged with weights summed.
    pub fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> LayoutGraph {
        let mut pairs: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len() * 2);
        for &(u, v, w) in edges {
            if u != v && (u as usize) < n && (v as usize) < n {
                pairs.push((u, v, w));
                pairs.push((v, u, w));
            }
        }
        pairs.par_sort_unstable_by_key(|&(u, v, _)| (u, v));
        let mut offsets = vec![0usize; n + 1];
        let mut targets = Vec::with_capacity(pairs.len());
        let mut weights: Vec<f64> = Vec::with_capacity(pairs.len());
        let mut last = None;
        for (u, v, w) in pairs {
            if last == Some((u, v)) {
                *weights.last_mut().expect("merged entry") += w;
                continue;
            }
            last = Some((u, v));
            offsets[u as usize + 1] += 1;
            targets.push(v);
            weights.push(w);
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        LayoutGraph {
            offsets,
            targets,
            weights,
        }
    }

    /// The subgraph of `g` induced by `nodes` (node `i` of the result is `nodes[i]`), on the
    /// undirected combined view: `u–v` if `u → v` or `v → u` in any layer, weight = the sum of the
    /// weights of both directions over all layers.
    pub fn induced(g: &Graph, nodes: &[NodeId]) -> LayoutGraph {
        let mut index = vec![u32::MAX; g.node_count()];
        for (i, &u) in nodes.iter().enumerate() {
            index[u as usize] = i as u32;
        }
        let out = g.out_adjacency();
        let directed = g.is_directed();
        let edges: Vec<(u32, u32, f64)> = nodes
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, &u)| {
                let index = &index;
                out.range(u).filter_map(move |p| {
                    let j = index[out.targets[p] as usize];
                    // Undirected graphs store both directions: keep one.
                    (j != u32::MAX && (directed || (i as u32) < j))
                        .then(|| (i as u32, j, g.weight(p)))
                })
            })
            .collect();
        LayoutGraph::from_edges(nodes.len(), &edges)
    }

    fn neighbors(&self, u: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[u]..self.offsets[u + 1];
        (&self.targets[r.clone()], &self.weights[r])
    }
}

/// The result of a layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Position of each node.
    pub positions: Vec<[f64; 2]>,
    /// Iterations run.
    pub iterations: u32,
    /// The global speed at the end.
    pub speed: f64,
}

/// Runs ForceAtlas2 on `g`.
///
/// # Arguments
/// `g`: the graph; `cfg`: the parameters (validated by the caller).
///
/// # Returns
/// One position per node, centred near the origin (scale is arbitrary).
///
/// # Complexity
/// `O(iterations · (n log n + m))` with Barnes–Hut (`θ > 0`), `O(iterations · (n² + m))` exact.
///
/// # Example
/// ```
/// use relais::layout::{forceatlas2, ForceAtlas2Config, LayoutGraph};
/// let g = LayoutGraph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
/// let l = forceatlas2(&g, &ForceAtlas2Config::default());
/// assert_eq!(l.positions.len(), 4);
/// assert!(l.positions.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
/// ```
pub fn forceatlas2(g: &LayoutGraph, cfg: &ForceAtlas2Config) -> Layout {
    let n = g.node_count();
    let mut rng = Pcg64::seed_from_u64(cfg.seed ^ 0x6c61_796f_7574);
    // Initial positions uniform in a square whose area grows with n (as Gephi's random layout).
    let side = (n as f64).sqrt().max(1.0) * 10.0;
    let mut pos: Vec<[f64; 2]> = (0..n)
        .map(|_| [rng.random_range(-side..side), rng.random_range(-side..side)])
        .collect();
    let mass: Vec<f64> = (0..n)
        .map(|u| (g.offsets[u + 1] - g.offsets[u]) as f64 + 1.0)
        .collect();
    let mut old_force = vec![[0.0f64; 2]; n];
    let mut force = vec![[0.0f64; 2]; n];
    let mut speed = 1.0f64;
    let mut speed_efficiency = 1.0f64;
    let mut iterations = 0;
    if n == 0 {
        return Layout {
            positions: pos,
            iterations,
            speed,
        };
    }
    for _ in 0..cfg.iterations {
        iterations += 1;
        let tree = (cfg.theta > 0.0).then(|| QuadTree::build(&pos, &mass));
        force
            .par_iter_mut()
            .with_min_len(256)
            .enumerate()
            .for_each(|(u, f)| {
                *f = node_force(u, g, &pos, &mass, tree.as_ref(), cfg);
            });
        // Swinging and traction (Jacomy et al. 2014, eq. 5–8).
        let swinging = ordered_sum(n, |u| {
            let d = [force[u][0] - old_force[u][0], force[u][1] - old_force[u][1]];
            mass[u] * (d[0] * d[0] + d[1] * d[1]).sqrt()
        });
        let traction = ordered_sum(n, |u| {
            let s = [force[u][0] + old_force[u][0], force[u][1] + old_force[u][1]];
            mass[u] * (s[0] * s[0] + s[1] * s[1]).sqrt() / 2.0
        });
        // Global speed as Gephi's implementation of the paper: the jitter tolerance is estimated
        // from the graph's size and traction, the speed efficiency adapts, and the speed rises by
        // at most 50% per iteration.
        let nf = n as f64;
        let estimated = 0.05 * nf.sqrt();
        let min_jt = estimated.sqrt();
        let max_jt: f64 = 10.0;
        let mut jt =
            cfg.jitter_tolerance * min_jt.max(max_jt.min(estimated * traction / (nf * nf)));
        let min_efficiency = 0.05;
        if traction > 0.0 && swinging / traction > 2.0 {
            if speed_efficiency > min_efficiency {
                speed_efficiency *= 0.5;
            }
            jt = jt.max(cfg.jitter_tolerance);
        }
        let target = if swinging > 0.0 {
            jt * speed_efficiency * traction / swinging
        } else {
            speed
        };
        if swinging > jt * traction {
            if speed_efficiency > min_efficiency {
                speed_efficiency *= 0.7;
            }
        } else if speed < 1000.0 {
            speed_efficiency *= 1.3;
        }
        let max_rise = 0.5;
        speed += (target - speed).min(max_rise * speed);
        // Local speed: each node moves by F · speed / (1 + sqrt(speed · swinging(u))).
        pos.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(u, p)| {
                let d = [force[u][0] - old_force[u][0], force[u][1] - old_force[u][1]];
                let swing = mass[u] * (d[0] * d[0] + d[1] * d[1]).sqrt();
                let factor = speed / (1.0 + (speed * swing).sqrt());
                p[0] += force[u][0] * factor;
                p[1] += force[u][1] * factor;
            });
        std::mem::swap(&mut old_force, &mut force);
    }
    Layout {
        positions: pos,
        iterations,
        speed,
    }
}

/// The force on node `u`: repulsion from every other node (through the tree, or exactly),
/// attraction along its edges, gravity.
fn node_force(
    u: usize,
    g: &LayoutGraph,
    pos: &[[f64; 2]],
    mass: &[f64],
    tree: Option<&QuadTree>,
    cfg: &ForceAtlas2Config,
) -> [f64; 2] {
    let p = pos[u];
    let mu = mass[u];
    let kr = cfg.scaling;
    let mut f = [0.0f64; 2];
    let mut repel = |q: [f64; 2], mq: f64| {
        let dx = p[0] - q[0];
        let dy = p[1] - q[1];
        let d2 = dx * dx + dy * dy;
        if d2 > 0.0 {
            // Magnitude k_r m_u m_q / d along the unit vector: k_r m_u m_q / d² times (dx, dy).
            let s = kr * mu * mq / d2;
            f[0] += dx * s;
            f[1] += dy * s;
        }
    };
    match tree {
        Some(t) => {
            let theta2 = cfg.theta * cfg.theta;
            let mut stack: Vec<u32> = Vec::with_capacity(64);
            stack.push(0);
            while let Some(c) = stack.pop() {
                let cell = &t.cells[c as usize];
                if cell.children == 0 {
                    for &b in &t.order[cell.start as usize..cell.end as usize] {
                        if b as usize != u {
                            repel(pos[b as usize], mass[b as usize]);
                        }
                    }
                    continue;
                }
                let dx = p[0] - cell.com[0];
                let dy = p[1] - cell.com[1];
                let d2 = dx * dx + dy * dy;
                if cell.size * cell.size < theta2 * d2 {
                    repel(cell.com, cell.mass);
                } else {
                    // Push in reverse so that children are visited in index order.
                    for k in (0..cell.children as u32).rev() {
                        stack.push(cell.first_child + k);
                    }
                }
            }
        }
        None => {
            for (v, &q) in pos.iter().enumerate() {
                if v != u {
                    repel(q, mass[v]);
                }
            }
        }
    }
    // Attraction: linear in distance, scaled by w^δ.
    let (nbrs, ws) = g.neighbors(u);
    for (&v, &w) in nbrs.iter().zip(ws) {
        let q = pos[v as usize];
        let a = if cfg.edge_weight_influence == 0.0 {
            1.0
        } else if cfg.edge_weight_influence == 1.0 {
            w
        } else {
            w.powf(cfg.edge_weight_influence)
        };
        f[0] -= (p[0] - q[0]) * a;
        f[1] -= (p[1] - q[1]) * a;
    }
    // Gravity towards the origin.
    let d = (p[0] * p[0] + p[1] * p[1]).sqrt();
    if d > 0.0 {
        let gk = if cfg.strong_gravity {
            cfg.gravity * mu
        } else {
            cfg.gravity * mu / d
        };
        f[0] -= p[0] * gk;
        f[1] -= p[1] * gk;
    }
    f
}

/// Sum of `f(0..n)` over fixed-size chunks combined in index order: the same for any thread count.
fn ordered_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    const CHUNK: usize = 4096;
    let partials: Vec<f64> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| (c * CHUNK..((c + 1) * CHUNK).min(n)).map(&f).sum())
        .collect();
    partials.iter().sum()
}

#[cfg(test)]
mod tests;
