#![no_main]
//! Fuzz target: the mastodon-following-csv parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes(
        "mastodon-following-csv",
        "following_accounts.csv",
        data,
        false,
    );
    let _ = relais::ingest::parse_platform_bytes(
        "mastodon-following-csv",
        "following_accounts.csv",
        data,
        true,
    );
});
