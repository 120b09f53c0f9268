//! The one integration-test binary: the tests run the real `relais` binary on real files, or (for
//! `community`) the library on the reference networks.

mod analyze;
mod community;
mod errors;
mod golden;
mod props;
mod simulate;
mod support;
