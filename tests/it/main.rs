//! The one integration-test binary: every test runs the real `relais` binary on real files.

mod analyze;
mod centrality;
mod errors;
mod golden;
mod props;
mod support;
