#![no_main]
//! Fuzz target: the instagram-html parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("instagram-html", "followers_1.html", data, false);
    let _ = relais::ingest::parse_platform_bytes("instagram-html", "followers_1.html", data, true);
});
