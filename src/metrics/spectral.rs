//! Spectral centralities by power iteration: eigenvector (Bonacich 1972), Katz (1953) and HITS
//! hubs and authorities (Kleinberg 1999).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::components::weak_components;
use super::pagerank::ordered_sum;
use super::view::{combined, symmetric, PairWeight, View};
use super::{Direction, Weighting};
use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};

/// Parameters of a power iteration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PowerConfig {
    /// Stop when the L1 change of the normalised vector between iterations is below this.
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged.
    pub max_iterations: u32,
}

impl PowerConfig {
    /// Default L1 tolerance.
    pub const DEFAULT_TOLERANCE: f64 = 1e-12;
    /// Default iteration cap.
    pub const DEFAULT_MAX_ITERATIONS: u32 = 10_000;

    fn validate(&self, tolerance: &'static str, max_iterations: &'static str) -> Result<()> {
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(Error::InvalidConfig {
                field: tolerance,
                message: format!("{} must be a positive number", self.tolerance),
            });
        }
        if self.max_iterations == 0 {
            return Err(Error::InvalidConfig {
                field: max_iterations,
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

impl Default for PowerConfig {
    fn default() -> Self {
        PowerConfig {
            tolerance: Self::DEFAULT_TOLERANCE,
            max_iterations: Self::DEFAULT_MAX_ITERATIONS,
        }
    }
}

/// Eigenvector centrality parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EigenvectorConfig {
    /// Power iteration stopping rule.
    #[serde(flatten)]
    pub power: PowerConfig,
}

impl EigenvectorConfig {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        self.power
            .validate("eigenvector.tolerance", "eigenvector.max_iterations")
    }
}

/// Eigenvector centrality and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Eigenvector {
    /// Score per node: unit Euclidean norm on the largest component, 0 elsewhere.
    pub scores: Vec<f64>,
    /// Largest eigenvalue of the component's adjacency matrix (estimated).
    pub eigenvalue: f64,
    /// Nodes in the component the vector lives on.
    pub component_size: u64,
    /// Iterations run.
    pub iterations: u32,
    /// Whether the L1 change fell below the tolerance.
    pub converged: bool,
}

/// Eigenvector centrality (Bonacich 1972, "Factoring and weighting approaches to status scores
/// and clique identification", J. Math. Sociology 2) on the undirected simple view: `x` with
/// `λ x_v = Σ_{u ~ v} a_uv x_u` for the largest eigenvalue `λ`, non-negative, unit Euclidean
/// norm — NetworkX's `eigenvector_centrality_numpy` on the undirected view. Direction is
/// ignored (a pair is adjacent when either follows the other). With `Weighting::Weighted`,
/// `a_uv` is the strength of both directions summed over layers; otherwise 1.
///
/// A disconnected view has one such vector per component, so the vector is computed on the
/// largest component (ties: the one with the smallest node id), is 0 elsewhere, and has unit norm
/// there, as the reference outputs in ../shared/data do.
///
/// # Arguments
/// * `g` - the graph.
/// * `weighting` - unit pairs (the `eigenvector` column) or strengths (`eigenvector_weighted`).
/// * `cfg` - stopping rule.
///
/// # Returns
/// [`Eigenvector`]; `converged = false` when the cap was reached first.
///
/// # Complexity
/// O(k (n + m)) for k iterations of the shifted power method `x ← (A + I) x / ‖·‖` (the shift
/// makes bipartite components converge); the number of iterations grows as the gap between
/// the two largest eigenvalues shrinks. Parallel over nodes with fixed-order reductions:
/// bit-identical for any thread count.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{eigenvector, EigenvectorConfig, Weighting};
/// // A star: the centre has 1/√2, each of the two leaves 1/2.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("a", "hub"), ("b", "hub")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig::default());
/// let e = eigenvector(&g, Weighting::Unweighted, &EigenvectorConfig::default());
/// let hub = labels.find("hub").unwrap() as usize;
/// assert!((e.scores[hub] - 0.5f64.sqrt()).abs() < 1e-9);
/// ```
pub fn eigenvector(g: &Graph, weighting: Weighting, cfg: &EigenvectorConfig) -> Eigenvector {
    let n = g.node_count();
    let pair = match weighting {
        Weighting::Unweighted => PairWeight::None,
        Weighting::Weighted => PairWeight::Strength,
    };
    let view = symmetric(g, pair);
    let comps = weak_components(g);
    let size = comps.largest();
    let member: Vec<bool> = comps.id.iter().map(|&c| c == 0).collect();
    let mut result = Eigenvector {
        scores: vec![0.0; n],
        eigenvalue: 0.0,
        component_size: u64::from(size),
        iterations: 0,
        converged: true,
    };
    if size < 2 {
        return result;
    }
    let start = 1.0 / f64::from(size).sqrt();
    let mut x: Vec<f64> = member
        .iter()
        .map(|&m| if m { start } else { 0.0 })
        .collect();
    let mut y = vec![0.0; n];
    let mut change = f64::INFINITY;
    let mut norm = 0.0;
    while result.iterations < cfg.power.max_iterations {
        result.iterations += 1;
        y.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(v, slot)| {
                *slot = if member[v] {
                    x[v] + pull(&view, v as NodeId, &x)
                } else {
                    0.0
                };
            });
        norm = ordered_sum(n, |v| y[v] * y[v]).sqrt();
        if norm == 0.0 {
            break;
        }
        y.par_iter_mut().with_min_len(4096).for_each(|v| *v /= norm);
        change = ordered_sum(n, |v| (y[v] - x[v]).abs());
        std::mem::swap(&mut x, &mut y);
        if change < cfg.power.tolerance {
            break;
        }
    }
    result.converged = change < cfg.power.tolerance;
    result.eigenvalue = norm - 1.0;
    result.scores = x;
    result
}

/// `Σ_{u ∈ N(v)} w_vu x_u` over the adjacency of `v` in `view`.
#[inline]
fn pull(view: &View<'_>, v: NodeId, x: &[f64]) -> f64 {
    let r = view.adj.range(v);
    match &view.weights {
        None => view.adj.targets[r].iter().map(|&u| x[u as usize]).sum(),
        Some(w) => r.map(|p| w[p] * x[view.adj.targets[p] as usize]).sum(),
    }
}

/// Katz centrality parameters (NetworkX `katz_centrality` defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KatzConfig {
    /// Attenuation factor: the weight of a walk of length `l` is `alpha^l`. The series converges
    /// only when `alpha < 1 / λ_max`.
    pub alpha: f64,
    /// Baseline centrality every node receives.
    pub beta: f64,
    /// Scale the result to unit Euclidean norm.
    pub normalized: bool,
    /// Stop when the L1 change between iterates divided by `n` is below this (NetworkX's rule);
    /// and the iteration cap.
    #[serde(flatten)]
    pub power: PowerConfig,
}

impl KatzConfig {
    /// Default attenuation (NetworkX).
    pub const DEFAULT_ALPHA: f64 = 0.1;
    /// Default baseline (NetworkX).
    pub const DEFAULT_BETA: f64 = 1.0;
    /// Default tolerance (tighter than NetworkX's 1e-6, so that values match to 1e-9).
    pub const DEFAULT_TOLERANCE: f64 = 1e-12;
    /// Default iteration cap (NetworkX).
    pub const DEFAULT_MAX_ITERATIONS: u32 = 1000;

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha.is_finite()) {
            return Err(Error::InvalidConfig {
                field: "katz.alpha",
                message: format!("{} must be a positive number", self.alpha),
            });
        }
        if !self.beta.is_finite() {
            return Err(Error::InvalidConfig {
                field: "katz.beta",
                message: format!("{} must be a finite number", self.beta),
            });
        }
        self.power.validate("katz.tolerance", "katz.max_iterations")
    }
}

impl Default for KatzConfig {
    fn default() -> Self {
        KatzConfig {
            alpha: Self::DEFAULT_ALPHA,
            beta: Self::DEFAULT_BETA,
            normalized: true,
            power: PowerConfig {
                tolerance: Self::DEFAULT_TOLERANCE,
                max_iterations: Self::DEFAULT_MAX_ITERATIONS,
            },
        }
    }
}

/// Katz centrality and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Katz {
    /// Score per node (unit Euclidean norm when `normalized`).
    pub scores: Vec<f64>,
    /// Iterations run.
    pub iterations: u32,
    /// Whether the change fell below the tolerance. `false` also when the series diverges
    /// (`alpha ≥ 1 / λ_max`); the scores are then the normalised last iterate, which tends to
    /// the eigenvector centrality of the in-adjacency, not Katz centrality.
    pub converged: bool,
}

/// Katz centrality (Katz 1953, "A new status index derived from sociometric analysis",
/// Psychometrika 18): `x_v = α Σ_{u → v} a_uv x_u + β`, the sum over all walks ending at `v`
/// attenuated by `α` per step — NetworkX's `katz_centrality` (attention received: in-edges on
/// directed graphs). With `Weighting::Weighted`, `a_uv` is the strength summed over layers.
///
/// # Arguments
/// * `g` - the graph; layers are combined.
/// * `weighting` - unit edges (the `katz` column) or strengths (`katz_weighted`).
/// * `cfg` - `alpha`, `beta`, normalisation and stopping rule; validated by the caller.
///
/// # Returns
/// [`Katz`]; check `converged`, because the default `alpha = 0.1` diverges on graphs whose
/// largest adjacency eigenvalue exceeds 10 (most social graphs of some size).
///
/// # Complexity
/// O(k (n + m)) for k iterations, parallel over nodes with fixed-order reductions.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{katz, KatzConfig, Weighting};
/// // a → b: x_a = β = 1, x_b = α·1 + 1 = 1.1, then scaled to unit norm.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// t.src.push(ids.intern("a").unwrap());
/// t.dst.push(ids.intern("b").unwrap());
/// let (g, _, _) = build(&t, ids.into_names(), &BuildConfig::default());
/// let k = katz(&g, Weighting::Unweighted, &KatzConfig::default());
/// let norm = (1.0f64 + 1.21).sqrt();
/// assert!((k.scores[0] - 1.0 / norm).abs() < 1e-12 && (k.scores[1] - 1.1 / norm).abs() < 1e-12);
/// ```
pub fn katz(g: &Graph, weighting: Weighting, cfg: &KatzConfig) -> Katz {
    let n = g.node_count();
    if n == 0 {
        return Katz {
            scores: vec![],
            iterations: 0,
            converged: true,
        };
    }
    let inc = combined(g, Direction::In, weighting);
    let mut x = vec![0.0; n];
    let mut y = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < cfg.power.max_iterations {
        iterations += 1;
        y.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(v, slot)| *slot = cfg.alpha * pull(&inc, v as NodeId, &x) + cfg.beta);
        let change = ordered_sum(n, |v| (y[v] - x[v]).abs());
        std::mem::swap(&mut x, &mut y);
        if change < n as f64 * cfg.power.tolerance {
            converged = true;
            break;
        }
        // A diverging series: stop before overflowing.
        if !change.is_finite() || change > 1e200 {
            break;
        }
    }
    if cfg.normalized {
        let norm = ordered_sum(n, |v| x[v] * x[v]).sqrt();
        if norm > 0.0 && norm.is_finite() {
            x.par_iter_mut().with_min_len(4096).for_each(|v| *v /= norm);
        }
    }
    Katz {
        scores: x,
        iterations,
        converged,
    }
}

/// HITS parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HitsConfig {
    /// Stopping rule on the L1 change of the sum-normalised hub vector.
    #[serde(flatten)]
    pub power: PowerConfig,
}

impl HitsConfig {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        self.power.validate("hits.tolerance", "hits.max_iterations")
    }
}

/// HITS hub and authority scores and how the iteration ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    /// Hub score per node (pays attention to good authorities); sums to 1.
    pub hubs: Vec<f64>,
    /// Authority score per node (receives attention from good hubs); sums to 1.
    pub authorities: Vec<f64>,
    /// Iterations run.
    pub iterations: u32,
    /// Whether the L1 change fell below the tolerance.
    pub converged: bool,
}

/// HITS (Kleinberg 1999, "Authoritative sources in a hyperlinked environment", J. ACM 46(5)):
/// authorities `a ∝ Aᵀ h` and hubs `h ∝ A a`, the principal singular vectors of the adjacency
/// matrix `A` (`A_uv` = 1, or the strength, for u → v), each normalised to sum 1 — NetworkX's
/// `hits`. An account is a good hub when it pays attention to good authorities, and a good
/// authority when good hubs pay attention to it. Undirected graphs count each edge both ways.
///
/// When the largest singular value is repeated (bipartite or some disconnected graphs) the
/// vectors are not unique; the power iteration from the uniform vector returns the projection
/// of that start on the dominant singular space, which other libraries need not agree with.
/// A graph without edges gets all zeros.
///
/// # Arguments
/// * `g` - the graph; layers are combined.
/// * `weighting` - unit edges (the `hub`/`authority` columns) or strengths.
/// * `cfg` - stopping rule.
///
/// # Returns
/// [`Hits`].
///
/// # Complexity
/// O(k (n + m)) for k iterations; converges at rate `(σ2/σ1)²`. Parallel over nodes with
/// fixed-order reductions.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::metrics::{hits, HitsConfig, Weighting};
/// // Two fans pay attention to one star: the fans are the hubs, the star the authority.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("fan1", "star"), ("fan2", "star")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig::default());
/// let h = hits(&g, Weighting::Unweighted, &HitsConfig::default());
/// let star = labels.find("star").unwrap() as usize;
/// assert!((h.authorities[star] - 1.0).abs() < 1e-12);
/// assert!((h.hubs[labels.find("fan1").unwrap() as usize] - 0.5).abs() < 1e-12);
/// ```
pub fn hits(g: &Graph, weighting: Weighting, cfg: &HitsConfig) -> Hits {
    let n = g.node_count();
    let out = combined(g, Direction::Out, weighting);
    let inc = combined(g, Direction::In, weighting);
    let mut h = vec![if n > 0 { 1.0 / n as f64 } else { 0.0 }; n];
    let mut a = vec![0.0; n];
    let mut next = vec![0.0; n];
    let mut iterations = 0;
    let mut change = f64::INFINITY;
    let authority = |h: &[f64], a: &mut [f64]| {
        a.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(v, slot)| *slot = pull(&inc, v as NodeId, h));
    };
    let normalise = |x: &mut [f64]| -> bool {
        let total = ordered_sum(x.len(), |v| x[v]);
        if total > 0.0 {
            x.par_iter_mut()
                .with_min_len(4096)
                .for_each(|v| *v /= total);
            true
        } else {
            false
        }
    };
    while iterations < cfg.power.max_iterations {
        iterations += 1;
        authority(&h, &mut a);
        next.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(u, slot)| *slot = pull(&out, u as NodeId, &a));
        if !normalise(&mut next) {
            // No edges: nothing to rank.
            h.iter_mut().for_each(|v| *v = 0.0);
            change = 0.0;
            break;
        }
        change = ordered_sum(n, |v| (next[v] - h[v]).abs());
        std::mem::swap(&mut h, &mut next);
        if change < cfg.power.tolerance {
            break;
        }
    }
    authority(&h, &mut a);
    if !normalise(&mut a) {
        a.iter_mut().for_each(|v| *v = 0.0);
    }
    Hits {
        hubs: h,
        authorities: a,
        iterations,
        converged: change < cfg.power.tolerance,
    }
}
