#![no_main]
//! Fuzz target: the linkedin-connections parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes(
        "linkedin-connections",
        "Connections.csv",
        data,
        false,
    );
    let _ =
        relais::ingest::parse_platform_bytes("linkedin-connections", "Connections.csv", data, true);
});
