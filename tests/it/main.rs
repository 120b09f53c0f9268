//! The one integration-test binary: the tests run the real `relais` binary on real files, or (for
//! `community` and `props`) the library on the reference networks and on random graphs.

mod analyze;
mod audit;
mod audit_report;
mod cache;
mod centrality;
#[cfg(feature = "cluster")]
mod cluster;
mod community;
mod errors;
mod facebook_tiktok;
mod golden;
mod i18n;
mod importers;
mod interactive_map;
mod mutation_soak;
mod props;
mod report;
mod reproduce;
mod roles;
mod seeds;
mod simulate;
mod support;
mod windows_report;
