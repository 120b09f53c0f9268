#![no_main]
//! Fuzz target: the tiktok-json parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ =
        relais::ingest::parse_platform_bytes("tiktok-json", "user_data_tiktok.json", data, false);
    let _ =
        relais::ingest::parse_platform_bytes("tiktok-json", "user_data_tiktok.json", data, true);
});
