//! The one integration-test binary: the tests run the real `relais` binary on real files, or (for
//! `community` and `props`) the library on the reference networks and on random graphs.

mod analyze;
mod audit;
mod centrality;
#[cfg(feature = "cluster")]
mod cluster;
mod community;
mod errors;
mod golden;
mod importers;
mod props;
mod report;
mod reproduce;
mod roles;
mod seeds;
mod simulate;
mod support;
