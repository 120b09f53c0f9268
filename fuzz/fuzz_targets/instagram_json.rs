#![no_main]
//! Fuzz target: the instagram-json parser and the owner file parser (personal_information.json)
//! never panic, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("instagram-json", "followers_1.json", data, false);
    let _ = relais::ingest::parse_platform_bytes("instagram-json", "followers_1.json", data, true);
    let _ = relais::ingest::parse_platform_bytes(
        "instagram-owner",
        "personal_information.json",
        data,
        false,
    );
});
