#![no_main]
//! Fuzz target: the facebook-json parser and the owner file parser (profile_information.json)
//! never panic, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("facebook-json", "your_friends.json", data, false);
    let _ = relais::ingest::parse_platform_bytes("facebook-json", "your_friends.json", data, true);
    let _ = relais::ingest::parse_platform_bytes(
        "facebook-owner",
        "profile_information.json",
        data,
        false,
    );
});
