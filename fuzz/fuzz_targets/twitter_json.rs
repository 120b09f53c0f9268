#![no_main]
//! Fuzz target: the twitter-json parser never panics, strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("twitter-json", "tweets.jsonl", data, false);
    let _ = relais::ingest::parse_platform_bytes("twitter-json", "tweets.jsonl", data, true);
});
