#![no_main]
//! Fuzz target: the gexf parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("gexf", "g.gexf", data, false);
    let _ = relais::ingest::parse_platform_bytes("gexf", "g.gexf", data, true);
});
