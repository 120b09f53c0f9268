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

mod betweenness;
mod brokerage;
mod closeness;
mod clustering;
mod components;
mod degree;
mod kcore;
mod pagerank;
mod sampling;
mod spectral;
mod stats;
mod view;

pub use betweenness::{betweenness, Betweenness, BetweennessConfig};
pub use brokerage::{brokerage, collective_influence, Brokerage, CollectiveInfluenceConfig};
pub use closeness::{closeness, Closeness, ClosenessConfig};
pub use clustering::{
    clustering, degree_assortativity, Assortativity, Clustering, ClusteringSummary,
};
pub use spectral::{
    eigenvector, hits, katz, Eigenvector, EigenvectorConfig, Hits, HitsConfig, Katz, KatzConfig,
    PowerConfig,
};
pub use sampling::{Estimate, Method, Mode};
pub use view::{Direction, Weighting};

pub use components::{strong_components, weak_components, Components};
pub use degree::{degrees, Degrees};
pub use kcore::core_numbers;
pub use pagerank::{pagerank, PageRank, PageRankConfig};
pub use stats::{graph_stats, GraphStats};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::graph::{undirected_simple, Graph};

/// Parameters of every metric.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// PageRank parameters.
    pub pagerank: PageRankConfig,
}

impl MetricsConfig {
    /// Checks every parameter.
    pub fn validate(&self) -> Result<()> {
        self.pagerank.validate()
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
    Metrics {
        degrees,
        pagerank,
        core,
        wcc,
        scc,
    }
}
