#![no_main]
//! Fuzz target: the gephi-edges-csv and gephi-nodes-csv parsers never panic, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("gephi-edges-csv", "edges.csv", data, false);
    let _ = relais::ingest::parse_platform_bytes("gephi-edges-csv", "edges.csv", data, true);
    let _ = relais::ingest::parse_platform_bytes("gephi-nodes-csv", "nodes.csv", data, false);
});
