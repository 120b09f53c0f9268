#![no_main]
//! Fuzz target: the x-archive parser on follower.js and on the owner file account.js never
//! panic, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("x-archive", "follower.js", data, false);
    let _ = relais::ingest::parse_platform_bytes("x-archive", "follower.js", data, true);
    let _ = relais::ingest::parse_platform_bytes("x-archive", "account.js", data, false);
});
