#![no_main]
//! Fuzz target: the twarc-csv parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("twarc-csv", "tweets.csv", data, false);
    let _ = relais::ingest::parse_platform_bytes("twarc-csv", "tweets.csv", data, true);
});
