//! Reproducible runs: `relais verify` (re-run from run.json, compare byte for byte) and
//! `relais methods` (a methods paragraph and its BibTeX from run.json and summary.json).
//!
//! Both read only what a run wrote; file access goes through [`crate::ingest`] (reading) and
//! [`crate::report`] (writing and comparing).

mod bib;
mod methods;
mod verify;

pub use bib::{bibtex, REFERENCES};
pub use methods::{methods, methods_in, Methods};
pub use verify::{verify, InputCheck, InputStatus, VerifyReport, VOLATILE_MANIFEST_KEYS};
