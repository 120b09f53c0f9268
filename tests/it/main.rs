//! The one integration-test binary: every test runs the real `relais` binary on real files.

mod analyze;
mod errors;
mod golden;
mod props;
mod simulate;
mod support;
