//! Per-account metrics and graph-level figures. Pure functions of a [`Graph`]; one file per
//! family.
//!
//! | column | definition |
//! |---|---|
//! | `in_degree`, `out_degree` | distinct in-/out-neighbours in the combined view |
//! | `in_strength`, `out_strength` | sum of in-/out-edge weights over all layers |
//! | `in_<kind>` | distinct in-neighbours in layer `<kind>` |
//! | `pagerank` | weighted PageRank, [`pagerank()`] |
//! | `core` | k-core number of the undirected simple view, [`core_numbers`] |
//! | `wcc` | weak component id, [`weak_components`] |
//! | `betweenness` | Brandes betweenness, exact or sampled with (ε, δ), [`betweenness()`] |
//! | `closeness`, `harmonic` | Wasserman–Faust closeness and harmonic centrality, inward, [`closeness()`] |
//! | `closeness_out`, `harmonic_out` | the same on outward distances (directed graphs) |
//! | `eigenvector` | eigenvector centrality of the undirected view, [`eigenvector()`] |
//! | `katz` | Katz centrality (attention received), [`katz()`] |
//! | `hub`, `authority` | HITS, [`hits()`] |
//! | `clustering`, `triangles` | local clustering and triangles of the undirected view, [`clustering()`] |
//! | `constraint`, `effective_size` | Burt's structural holes, [`brokerage()`] |
//! | `collective_influence` | Morone–Makse CI at ℓ = 2, [`collective_influence()`] |
//!
//! Columns with a `_weighted` suffix call the same function with [`Weighting::Weighted`]: a
//! weight is a strength, or `1 / strength` as the length of an edge for path-based measures.
//! Graph-level figures: [`ClusteringSummary`] (triangles, average clustering, transitivity) and
//! [`Assortativity`].

mod betweenness;
mod brokerage;
mod closeness;
mod clustering;
mod components;
mod degree;
mod kadabra;
mod kcore;
mod pagerank;
mod sampling;
mod spectral;
mod stats;
mod view;

pub use betweenness::{betweenness, betweenness_from_sources, Betweenness, BetweennessConfig};
pub use brokerage::{brokerage, collective_influence, Brokerage, CollectiveInfluenceConfig};
pub use closeness::{closeness, Closeness, ClosenessConfig};
pub use clustering::{
    clustering, degree_assortativity, Assortativity, Clustering, ClusteringSummary,
};
/// Canonical component numbering, shared with cluster mode's weak components.
pub(crate) use components::canonical;
pub use components::{strong_components, weak_components, Components};
pub use degree::{degrees, Degrees};
pub use kcore::core_numbers;
pub use pagerank::{pagerank, PageRank, PageRankConfig};
pub use sampling::{Estimate, Method, Mode, Sampler};
pub use spectral::{
    eigenvector, hits, katz, Eigenvector, EigenvectorConfig, Hits, HitsConfig, Katz, KatzConfig,
    PowerConfig,
};
pub use stats::{graph_stats, GraphStats};
pub use view::{Direction, Weighting};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::graph::{undirected_simple, Graph};

/// Parameters of every metric.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// PageRank parameters.
    pub pagerank: PageRankConfig,
    /// Betweenness: exact, sampled or auto, with (ε, δ) and seed.
    pub betweenness: BetweennessConfig,
    /// Closeness and harmonic: exact, sampled or auto, with (ε, δ) and seed.
    pub closeness: ClosenessConfig,
    /// Eigenvector centrality stopping rule.
    pub eigenvector: EigenvectorConfig,
    /// Katz centrality: alpha, beta, stopping rule.
    pub katz: KatzConfig,
    /// HITS stopping rule.
    pub hits: HitsConfig,
    /// Collective influence radius.
    pub collective_influence: CollectiveInfluenceConfig,
}

impl MetricsConfig {
    /// Checks every parameter.
    pub fn validate(&self) -> Result<()> {
        self.pagerank.validate()?;
        self.betweenness.validate()?;
        self.closeness.validate()?;
        self.eigenvector.validate()?;
        self.katz.validate()?;
        self.hits.validate()?;
        self.collective_influence.validate()
    }
}

/// Every per-account metric, indexed by node id.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Degrees and strengths.
    pub degrees: Degrees,
    /// PageRank.
    pub pagerank: PageRank,
    /// k-core number (undirected simple view).
    pub core: Vec<u32>,
    /// Weak components.
    pub wcc: Components,
    /// Strong components.
    pub scc: Components,
    /// The centrality suite.
    pub centrality: Centrality,
}

/// The centrality suite: plain (hop-count, unweighted) columns, and `_weighted` variants when the
/// graph has weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Centrality {
    /// Brandes betweenness on hop counts.
    pub betweenness: Betweenness,
    /// Closeness and harmonic on inward hop distances.
    pub closeness_in: Closeness,
    /// Closeness and harmonic on outward hop distances (directed graphs only).
    pub closeness_out: Option<Closeness>,
    /// Eigenvector centrality of the undirected simple view.
    pub eigenvector: Eigenvector,
    /// Katz centrality.
    pub katz: Katz,
    /// HITS hubs and authorities.
    pub hits: Hits,
    /// Local clustering and triangles.
    pub clustering: Clustering,
    /// Degree assortativity.
    pub assortativity: Assortativity,
    /// Burt's constraint and effective size.
    pub brokerage: Brokerage,
    /// Collective influence.
    pub collective_influence: Vec<f64>,
    /// Weighted variants (betweenness and harmonic with length 1/weight, eigenvector with
    /// weights as strengths), when the graph has weights.
    pub weighted: Option<WeightedCentrality>,
}

/// The `_weighted` columns.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedCentrality {
    /// Betweenness with edge length 1/weight.
    pub betweenness: Betweenness,
    /// Closeness and harmonic (inward) with edge length 1/weight.
    pub closeness: Closeness,
    /// Eigenvector centrality with weights as strengths.
    pub eigenvector: Eigenvector,
}

/// Computes every metric, independent families in parallel.
pub fn compute(g: &Graph, cfg: &MetricsConfig) -> Metrics {
    let ((degrees, pagerank), (core, (wcc, scc))) = rayon::join(
        || rayon::join(|| degrees(g), || self::pagerank(g, &cfg.pagerank)),
        || {
            rayon::join(
                || core_numbers(&undirected_simple(g)),
                || rayon::join(|| weak_components(g), || strong_components(g)),
            )
        },
    );
    let centrality = centrality(g, cfg);
    Metrics {
        degrees,
        pagerank,
        core,
        wcc,
        scc,
        centrality,
    }
}

/// Computes the centrality suite.
pub fn centrality(g: &Graph, cfg: &MetricsConfig) -> Centrality {
    let simple = undirected_simple(g);
    let u = Weighting::Unweighted;
    let weighted = !g.is_unit_weight();
    let ((betweenness, (closeness_in, closeness_out)), (spectral, local)) = rayon::join(
        || {
            rayon::join(
                || self::betweenness(g, u, &cfg.betweenness),
                || {
                    rayon::join(
                        || self::closeness(g, Direction::In, u, &cfg.closeness),
                        || {
                            g.is_directed()
                                .then(|| self::closeness(g, Direction::Out, u, &cfg.closeness))
                        },
                    )
                },
            )
        },
        || {
            rayon::join(
                || {
                    (
                        self::eigenvector(g, u, &cfg.eigenvector),
                        self::katz(g, u, &cfg.katz),
                        self::hits(g, u, &cfg.hits),
                    )
                },
                || {
                    (
                        self::clustering(&simple),
                        degree_assortativity(g, &simple),
                        self::brokerage(g, u),
                        self::collective_influence(&simple, &cfg.collective_influence),
                    )
                },
            )
        },
    );
    let weighted = weighted.then(|| WeightedCentrality {
        betweenness: self::betweenness(g, Weighting::Weighted, &cfg.betweenness),
        closeness: self::closeness(g, Direction::In, Weighting::Weighted, &cfg.closeness),
        eigenvector: self::eigenvector(g, Weighting::Weighted, &cfg.eigenvector),
    });
    let (eigenvector, katz, hits) = spectral;
    let (clustering, assortativity, brokerage, collective_influence) = local;
    Centrality {
        betweenness,
        closeness_in,
        closeness_out,
        eigenvector,
        katz,
        hits,
        clustering,
        assortativity,
        brokerage,
        collective_influence,
        weighted,
    }
}
