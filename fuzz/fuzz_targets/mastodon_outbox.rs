#![no_main]
//! Fuzz target: the mastodon-outbox parser and the owner file parser (actor.json) never panic,
//! strict or lenient.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = relais::ingest::parse_platform_bytes("mastodon-outbox", "outbox.json", data, false);
    let _ = relais::ingest::parse_platform_bytes("mastodon-outbox", "outbox.json", data, true);
    let _ = relais::ingest::parse_platform_bytes("mastodon-actor", "actor.json", data, false);
});
