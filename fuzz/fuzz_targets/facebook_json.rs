#![no_main]
//! Fuzz target: the facebook-json parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("facebook-json", "your_friends.json", data, false);
    let _ = relais::ingest::parse_platform_bytes("facebook-json", "your_friends.json", data, true);
});
