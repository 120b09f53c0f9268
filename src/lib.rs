//! relais: whose voice does this community actually listen to?
//!
//! relais turns social-network exports (follows, reposts, replies, mentions, ...) into one compact
//! multi-layer graph and ranks accounts by audience, authority and position. The library is what
//! the `relais` binary runs; every stage is also usable on its own:
//!
//! 1. [`ingest::load`] reads edge and account tables into an [`graph::EdgeTable`];
//! 2. [`graph::build`] turns them into the immutable CSR [`Graph`];
//! 3. [`metrics::compute`] computes per-account metrics (pure functions of the graph);
//! 4. [`roles::assign`] labels influencers, relays, prescribers, amplifiers, core and peripheral
//!    accounts, each with a sentence saying why;
//! 5. [`report`] writes tables and JSON atomically.
//!
//! [`analyze`] runs them all as `relais analyze` does.
//!
//! Direction means attention: an edge u → v says u follows, reposts, replies to, mentions or likes
//! v. So in-degree is audience and PageRank flows to the accounts that are heard.
//!
//! # Example
//!
//! ```
//! use relais::graph::{build, BuildConfig, EdgeTable, Interner};
//! use relais::metrics::{compute, MetricsConfig};
//!
//! // Four fans pay attention to "star"; "star" pays attention to "fan1".
//! let mut ids = Interner::new();
//! let mut table = EdgeTable::default();
//! for (a, b) in [("fan1", "star"), ("fan2", "star"), ("fan3", "star"), ("fan4", "star"), ("star", "fan1")] {
//!     table.src.push(ids.intern(a).unwrap());
//!     table.dst.push(ids.intern(b).unwrap());
//! }
//! let (g, labels, _) = build(&table, ids.into_names(), &BuildConfig::default());
//! let m = compute(&g, &MetricsConfig::default());
//! let star = labels.find("star").unwrap() as usize;
//! assert_eq!(m.degrees.in_degree[star], 4);
//! let best = (0..g.node_count()).max_by(|&a, &b| m.pagerank.scores[a].total_cmp(&m.pagerank.scores[b]));
//! assert_eq!(best, Some(star));
//! assert!((m.pagerank.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
//! ```

pub mod audit;
pub mod audit_pipeline;
pub mod cache;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod community;
pub mod config;
pub mod error;
pub mod graph;
pub mod i18n;
pub mod influence;
pub mod ingest;
pub mod layout;
pub mod metrics;
pub mod pipeline;
pub mod report;
pub mod reproduce;
pub mod roles;
pub mod seeds;
pub mod simulate;
pub mod temporal;

pub use config::Config;
pub use error::{Error, Result};
pub use graph::{Graph, NodeId};
pub use pipeline::{analyze, Outcome, RunContext};
