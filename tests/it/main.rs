//! The one integration-test binary: the tests run the real `relais` binary on real files, or (for
//! `community` and `props`) the library on the reference networks and on random graphs.

mod analyze;
mod audit;
mod centrality;
mod community;
mod errors;
mod facebook_tiktok;
mod golden;
mod importers;
mod mutation_soak;
mod props;
mod report;
mod reproduce;
mod roles;
mod seeds;
mod simulate;
mod support;
