//! A time-bounded mutation soak of every platform parser (ignored by default): the fallback for
//! machines where the instrumented cargo-fuzz build (scripts/fuzz.sh) is out of reach. It is not
//! coverage-guided: each parser gets `RELAIS_SOAK_SECS` seconds (default 10) of random
//! truncations, byte flips, JSON-ish insertions, duplications and deletions of its fixtures,
//! strict and lenient, and every panic's input is written to `RELAIS_SOAK_OUT` (default the
//! system temp dir) before the test fails. Prints `format runs seconds panics` per parser.
//!
//!     RELAIS_SOAK_SECS=30 cargo nextest run --release -E 'test(mutation_soak)' --run-ignored all

use std::path::PathBuf;

use crate::support::{fixture, mutate};
use std::time::{Duration, Instant};

#[test]
#[ignore = "a soak run for a fixed time; see the module docs"]
fn mutation_soak_every_platform_parser() {
    use rand::{Rng, SeedableRng};
    let secs: u64 = std::env::var("RELAIS_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let out = std::env::var("RELAIS_SOAK_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let cases: [(&str, &str, &[&str]); 17] = [
        (
            "x-archive",
            "tweets.js",
            &["x_archive/data/tweets.js", "x_archive/data/like.js"],
        ),
        ("x-archive", "follower.js", &["x_archive/data/follower.js"]),
        (
            "twitter-json",
            "t.jsonl",
            &["twitter_api/tweets_v2.jsonl", "twitter_api/tweets_v1.jsonl"],
        ),
        ("twarc-csv", "t.csv", &["twitter_api/tweets_twarc.csv"]),
        (
            "instagram-json",
            "following.json",
            &[
                "instagram/connections/followers_and_following/following.json",
                "instagram/connections/followers_and_following/followers_1.json",
            ],
        ),
        (
            "instagram-html",
            "followers_1.html",
            &["instagram_html/followers_1.html"],
        ),
        (
            "mastodon-following-csv",
            "f.csv",
            &["mastodon/following_accounts.csv"],
        ),
        ("mastodon-outbox", "outbox.json", &["mastodon/outbox.json"]),
        ("bluesky-car", "repo.car", &["bluesky/repo.car"]),
        ("bluesky-json", "records.json", &["bluesky/records.json"]),
        (
            "linkedin-connections",
            "Connections.csv",
            &["linkedin/Connections.csv"],
        ),
        (
            "youtube-comments",
            "c.json",
            &["youtube/commentThreads.json"],
        ),
        ("gephi-edges-csv", "edges.csv", &["gephi/edges.csv"]),
        ("graphml", "g.graphml", &["graphml/nodexl.graphml"]),
        ("gexf", "g.gexf", &["gexf/gephi.gexf"]),
        (
            "facebook-json",
            "your_friends.json",
            &[
                "facebook/connections/friends/your_friends.json",
                "facebook/your_facebook_activity/pages/pages_and_profiles_you_follow.json",
                "facebook_2019/friends/friends.json",
            ],
        ),
        (
            "tiktok-json",
            "user_data_tiktok.json",
            &["tiktok/user_data_tiktok.json", "tiktok_2021/user_data.json"],
        ),
    ];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(2026);
    let mut panics = Vec::new();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (format, name, seeds) in cases {
        let seeds: Vec<Vec<u8>> = seeds
            .iter()
            .map(|s| std::fs::read(fixture(s)).unwrap())
            .collect();
        let start = Instant::now();
        let mut runs = 0u64;
        let mut found = 0;
        while start.elapsed() < Duration::from_secs(secs) {
            let mut b = seeds[rng.random_range(0..seeds.len())].clone();
            for _ in 0..rng.random_range(1..5) {
                mutate(&mut rng, &mut b);
            }
            for lenient in [false, true] {
                runs += 1;
                let r = std::panic::catch_unwind(|| {
                    relais::ingest::parse_platform_bytes(format, name, &b, lenient)
                });
                if r.is_err() {
                    found += 1;
                    let p = out.join(format!("soak-{format}-{found}.bin"));
                    std::fs::write(&p, &b).unwrap();
                    panics.push(p);
                }
            }
        }
        println!(
            "{format}\t{runs}\t{:.1}\t{found}",
            start.elapsed().as_secs_f64()
        );
    }
    std::panic::set_hook(previous);
    assert!(panics.is_empty(), "parsers panicked; inputs: {panics:?}");
}
