//! Platform importers end to end through the binary: each hand-written export in
//! data/fixtures/platforms is read by `relais inspect --edges` (the normalised edge table) or
//! `relais analyze`, and specific edges, counts per kind, owners, merging, aliases and
//! pseudonymisation are checked; truncated and corrupted files give an error naming the file and
//! the position.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use predicates::prelude::*;

use crate::support::{
    counts, edges, fixture, has, json, kinds, mutate, relais, time_of, write, Csv,
};

#[test]
fn x_archive_folder_and_zip() {
    let e = edges(&[fixture("x_archive")], &[]);
    assert_eq!(
        kinds(&e),
        counts(&[
            ("follow", 5),
            ("like", 1),
            ("mention", 3),
            ("quote", 1),
            ("reply", 1),
            ("repost", 1)
        ])
    );
    // follower.js: follower → owner; following.js: owner → followed (owner from account.js).
    assert!(has(&e, "x:1002", "x:1001", "follow"));
    assert!(has(&e, "x:1001", "x:1005", "follow"));
    // `RT @bob_example` is a repost of the first mention, which is not also a mention.
    assert_eq!(
        time_of(&e, "x:1001", "x:1002", "repost"),
        "2023-02-18T12:33:11Z"
    );
    assert!(has(&e, "x:1001", "x:1003", "reply"));
    assert!(
        !has(&e, "x:1001", "x:1003", "mention"),
        "reply target not a mention"
    );
    assert!(has(&e, "x:1001", "x:1004", "mention"));
    // The like names its author by handle, resolved to the id seen with it in the tweets.
    assert!(has(&e, "x:1001", "x:1002", "like"));
    // The quoted author is only known by handle.
    assert!(has(&e, "x:1001", "x:@erin_example", "quote"));
    // tweets-part1.js is read too.
    assert!(has(&e, "x:1001", "x:1005", "mention"));
    let z = edges(&[fixture("x_zip/twitter-archive.zip")], &[]);
    assert_eq!(e, z, "the ZIP and the unpacked folder give the same edges");
}

#[test]
fn twitter_api_v2_v1_and_twarc_csv() {
    let v2 = edges(&[fixture("twitter_api/tweets_v2.jsonl")], &[]);
    assert_eq!(
        kinds(&v2),
        counts(&[("mention", 2), ("quote", 1), ("reply", 1), ("repost", 1)])
    );
    assert!(has(&v2, "x:2001", "x:2002", "repost"));
    assert!(
        !has(&v2, "x:2001", "x:2002", "mention"),
        "the RT prefix mention is dropped"
    );
    // The replied-to author comes from includes.tweets; a username-only mention from includes.users.
    assert!(has(&v2, "x:2001", "x:2003", "reply"));
    assert!(has(&v2, "x:2001", "x:2004", "mention"));
    // Flattened twarc2 line: the quote's inline author.
    assert_eq!(
        time_of(&v2, "x:2003", "x:2002", "quote"),
        "2023-05-03T09:00:00Z"
    );

    let v1 = edges(&[fixture("twitter_api/tweets_v1.jsonl")], &[]);
    assert_eq!(
        kinds(&v1),
        counts(&[("mention", 1), ("quote", 1), ("reply", 1), ("repost", 1)])
    );
    assert!(has(&v1, "x:3001", "x:3002", "repost"));
    assert!(has(&v1, "x:3003", "x:3001", "quote"));
    assert!(has(&v1, "x:3003", "x:3002", "mention"));
    assert_eq!(
        time_of(&v1, "x:3002", "x:3003", "reply"),
        "2017-05-03T10:00:00Z"
    );

    let csv = edges(&[fixture("twitter_api/tweets_twarc.csv")], &[]);
    assert_eq!(
        kinds(&csv),
        counts(&[("mention", 2), ("quote", 1), ("reply", 1), ("repost", 1)])
    );
    assert!(has(&csv, "x:4001", "x:4002", "repost"));
    assert!(has(&csv, "x:4002", "x:4003", "quote"));
    // `@ann2` and `@bob2` resolve through author.username and in_reply_to_username.
    assert!(has(&csv, "x:4003", "x:4001", "mention"));
    assert!(has(&csv, "x:4003", "x:4002", "mention"));
}

#[test]
fn instagram_json_variants_and_html() {
    let e = edges(&[fixture("instagram")], &[]);
    assert_eq!(kinds(&e), counts(&[("follow", 5)]));
    let owner = "instagram:iris_example";
    // followers_1.json (`value`), followers_2.json (`title`, `_u/` href), following.json.
    assert_eq!(
        time_of(&e, "instagram:jules_ex", owner, "follow"),
        "2023-11-14T22:13:20Z"
    );
    assert!(has(&e, "instagram:lee_ex", owner, "follow"));
    assert!(has(&e, owner, "instagram:max_ex", "follow"));
    assert!(has(&e, owner, "instagram:jules_ex", "follow"));

    let h = edges(&[fixture("instagram_html")], &["--owner", "instagram:iris"]);
    assert_eq!(kinds(&h), counts(&[("follow", 3)]));
    assert!(has(&h, "instagram:oscar_ex", "instagram:iris", "follow"));
    assert!(has(&h, "instagram:iris", "instagram:nina_ex", "follow"));

    // Without an owner the placeholder is used and reported as a problem.
    let out = relais()
        .args(["inspect", "--json"])
        .arg(fixture("instagram_html"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = &v["paths"][0]["files"][0]["notes"];
    assert_eq!(notes["owner unknown (give --owner platform:key)"], 1);
}

#[test]
fn mastodon_following_and_outbox() {
    let e = edges(&[fixture("mastodon")], &[]);
    assert_eq!(
        kinds(&e),
        counts(&[("follow", 3), ("mention", 2), ("reply", 1), ("repost", 1)])
    );
    let me = "mastodon:quinn@social.example";
    assert!(has(&e, me, "mastodon:sam@social.example", "follow"));
    assert_eq!(
        time_of(&e, me, "mastodon:rosa@other.example", "repost"),
        "2024-01-05T10:00:00Z"
    );
    assert!(has(&e, me, "mastodon:sam@social.example", "reply"));
    assert!(has(&e, me, "mastodon:tess@third.example", "mention"));
    // `https://other.example/@rosa` and `rosa@other.example` are the same account.
    assert!(has(&e, me, "mastodon:rosa@other.example", "mention"));
}

#[test]
fn bluesky_car_and_json_records_agree() {
    let car = edges(&[fixture("bluesky/repo.car")], &[]);
    let json = edges(&[fixture("bluesky/records.json")], &[]);
    assert_eq!(car, json);
    assert_eq!(
        kinds(&car),
        counts(&[
            ("follow", 2),
            ("like", 1),
            ("mention", 1),
            ("quote", 1),
            ("reply", 1),
            ("repost", 1)
        ])
    );
    let me = "bluesky:did:plc:vera000000000000000000000";
    // Both follow lexicons: subject as a DID and as {did, declarationCid}.
    assert!(has(
        &car,
        me,
        "bluesky:did:plc:wes0000000000000000000000",
        "follow"
    ));
    assert!(has(
        &car,
        me,
        "bluesky:did:plc:xia0000000000000000000000",
        "follow"
    ));
    assert!(has(
        &car,
        me,
        "bluesky:did:plc:xia0000000000000000000000",
        "reply"
    ));
    assert!(has(
        &car,
        me,
        "bluesky:did:plc:yuri000000000000000000000",
        "quote"
    ));
    assert!(has(
        &car,
        me,
        "bluesky:did:plc:zoe0000000000000000000000",
        "mention"
    ));
}

#[test]
fn linkedin_youtube_and_graph_files() {
    let li = edges(
        &[fixture("linkedin/Connections.csv")],
        &["--owner", "linkedin:me-example"],
    );
    assert_eq!(kinds(&li), counts(&[("connection", 6)]));
    assert_eq!(
        time_of(
            &li,
            "linkedin:ada-example",
            "linkedin:me-example",
            "connection"
        ),
        "2025-01-12T00:00:00Z"
    );
    assert!(has(
        &li,
        "linkedin:me-example",
        "linkedin:cleo test",
        "connection"
    ));

    let yt = edges(&[fixture("youtube/commentThreads.json")], &[]);
    assert_eq!(kinds(&yt), counts(&[("comment", 2), ("reply", 2)]));
    assert!(has(
        &yt,
        "youtube:UCaaa000",
        "youtube:UCowner000",
        "comment"
    ));
    assert!(has(&yt, "youtube:UCccc000", "youtube:UCaaa000", "reply"));
    assert!(has(
        &yt,
        "youtube:UCbbb000",
        "youtube:video:vid002",
        "comment"
    ));

    let g = edges(&[fixture("gephi")], &[]);
    assert_eq!(kinds(&g), counts(&[("follow", 3), ("repost", 1)]));
    assert!(has(&g, "c", "b", "follow"), "Undirected counts both ways");
    assert_eq!(time_of(&g, "a", "b", "follow"), "2020-01-01T00:00:00Z");

    let gm = edges(&[fixture("graphml/nodexl.graphml")], &[]);
    assert_eq!(
        kinds(&gm),
        counts(&[("mention", 1), ("reply", 2), ("repost", 1)])
    );
    assert!(has(&gm, "u1", "u2", "repost"), "NodeXL Retweet is a repost");
    assert!(
        has(&gm, "u1", "u3", "reply"),
        "directed=false counts both ways"
    );

    let gx = edges(&[fixture("gexf/gephi.gexf")], &[]);
    assert_eq!(
        kinds(&gx),
        counts(&[("edge", 1), ("follow", 1), ("mention", 2)])
    );
    assert_eq!(time_of(&gx, "n1", "n2", "follow"), "2021-01-01T00:00:00Z");
    assert!(has(&gx, "n3", "n2", "mention"));
}

#[test]
fn several_exports_merge_with_aliases() {
    let tmp = tempfile::tempdir().unwrap();
    let aliases = write(
        tmp.path(),
        "aliases.csv",
        "account,person\nx:1001,person:alice\nmastodon:quinn@social.example,person:alice\n",
    );
    let out = tmp.path().join("out");
    relais()
        .arg("analyze")
        .arg(fixture("x_archive"))
        .arg(fixture("x_zip/twitter-archive.zip"))
        .arg(fixture("mastodon"))
        .arg("--aliases")
        .arg(&aliases)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let acc = Csv::read(&out.join("accounts.csv"));
    let ids: BTreeSet<String> = acc
        .rows
        .iter()
        .map(|r| r[acc.col("account")].clone())
        .collect();
    assert!(ids.contains("person:alice"));
    assert!(!ids.contains("x:1001") && !ids.contains("mastodon:quinn@social.example"));
    // Handles learnt from the archive are carried as account attributes.
    let handle = acc.by_account("handle");
    assert_eq!(handle["x:1002"], "bob_example");
    // The same archive twice (folder and ZIP): follows count once, events twice.
    let run = json(&out.join("run.json"));
    let records = run["rows"]["edge_records"].as_u64().unwrap();
    assert_eq!(records, 5 + 2 * 7 + 7);
}

#[test]
fn pseudonymize_leaves_no_identifier_in_any_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    relais()
        .arg("analyze")
        .arg(fixture("x_archive"))
        .arg(fixture("linkedin/Connections.csv"))
        .args(["--owner", "linkedin:me-example"])
        .args(["--pseudonymize", "--key", "s3cret-k3y", "--write-mapping"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("x:100").not());
    let forbidden = [
        "x:100",
        "x:@",
        "alice_example",
        "Alice Example",
        "bob_example",
        "linkedin:",
        "me-example",
        "ada-example",
        "Ada",
        "ben.sample@example.org",
        "s3cret-k3y",
    ];
    let mut files = 0;
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs = vec![out.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "pseudonyms.csv" {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for f in forbidden {
            assert!(!text.contains(f), "{name} contains {f:?}");
        }
    }
    assert!(files >= 5);
    let acc = Csv::read(&out.join("accounts.csv"));
    assert!(acc
        .rows
        .iter()
        .all(|r| r[acc.col("account")].starts_with("p_")));
    let map = Csv::read(&out.join("pseudonyms.csv"));
    assert_eq!(map.header, ["original", "pseudonym"]);
    let m: BTreeMap<&str, &str> = map
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    let p1001 = m["x:1001"];
    assert_eq!(p1001.len(), 18);
    assert!(acc.rows.iter().any(|r| r[acc.col("account")] == p1001));
    // Same key, same pseudonyms; no mapping without --write-mapping.
    let out2 = tmp.path().join("out2");
    relais()
        .arg("analyze")
        .arg(fixture("x_archive"))
        .args(["--pseudonymize", "--key", "s3cret-k3y", "--out"])
        .arg(&out2)
        .assert()
        .success();
    assert!(!out2.join("pseudonyms.csv").exists());
    let acc2 = Csv::read(&out2.join("accounts.csv"));
    assert!(acc2.rows.iter().any(|r| r[acc2.col("account")] == p1001));
    // A key is required.
    relais()
        .env_remove("RELAIS_PSEUDONYM_KEY")
        .arg("analyze")
        .arg(fixture("x_archive"))
        .args(["--pseudonymize", "--out"])
        .arg(tmp.path().join("out3"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--pseudonymize needs a non-empty --key",
        ));
}

/// Expects `relais analyze` to fail with `message` (which names the file and position).
fn fails(dir: &Path, input: &str, extra: &[&str], message: &str) {
    relais()
        .current_dir(dir)
        .args(["analyze", input, "--out", "out"])
        .args(extra)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message));
    assert!(!dir.join("out").exists());
}

fn cut(src: &Path, n: usize) -> Vec<u8> {
    let b = std::fs::read(src).unwrap();
    b[..n.min(b.len() - 1)].to_vec()
}

#[test]
fn truncated_and_corrupted_exports_name_file_and_position() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("xa/data")).unwrap();
    std::fs::copy(
        fixture("x_archive/data/account.js"),
        d.join("xa/data/account.js"),
    )
    .unwrap();
    write(
        &d.join("xa/data"),
        "tweets.js",
        cut(&fixture("x_archive/data/tweets.js"), 700),
    );
    fails(d, "xa", &[], "xa/data/tweets.js:33: truncated JSON");

    write(
        d,
        "v2.jsonl",
        cut(&fixture("twitter_api/tweets_v2.jsonl"), 1200),
    );
    fails(d, "v2.jsonl", &[], "v2.jsonl:2: truncated JSON line");

    write(d, "repo.car", cut(&fixture("bluesky/repo.car"), 400));
    fails(d, "repo.car", &[], "repo.car:byte 265: truncated block");

    let gm = std::fs::read_to_string(fixture("graphml/nodexl.graphml")).unwrap();
    write(d, "bad.graphml", gm.replacen("</edge>", "</edgee>", 1));
    fails(d, "bad.graphml", &[], "bad.graphml:byte ");
    write(d, "cut.gexf", cut(&fixture("gexf/gephi.gexf"), 300));
    fails(d, "cut.gexf", &[], "cut.gexf:byte ");

    write(
        d,
        "cut.zip",
        cut(&fixture("x_zip/twitter-archive.zip"), 2000),
    );
    fails(d, "cut.zip", &[], "cut.zip: not a readable ZIP archive");

    std::fs::create_dir_all(d.join("ig")).unwrap();
    write(
        &d.join("ig"),
        "followers_1.json",
        cut(
            &fixture("instagram/connections/followers_and_following/followers_1.json"),
            150,
        ),
    );
    fails(
        d,
        "ig",
        &["--owner", "instagram:me"],
        "ig/followers_1.json:8: truncated JSON",
    );

    // A corrupted CBOR block is a counted skip in lenient mode, an error otherwise.
    let mut car = std::fs::read(fixture("bluesky/repo.car")).unwrap();
    let n = car.len();
    car[n - 3] = 0xff;
    write(d, "bad.car", &car);
    relais()
        .current_dir(d)
        .args(["inspect", "bad.car", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("malformed CBOR"));
}

#[test]
fn inspect_reports_formats_counts_and_problems() {
    let out = relais()
        .args(["inspect", "--json"])
        .arg(fixture("x_archive"))
        .arg(fixture("bluesky/repo.car"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["paths"][0]["files"].as_array().unwrap();
    let tweets = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("data/tweets.js"))
        .unwrap();
    assert_eq!(tweets["format"], "x-archive");
    assert_eq!(tweets["kinds"]["mention"], 2);
    assert_eq!(tweets["time_span"][0], 1_676_723_591);
    let like = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("like.js"))
        .unwrap();
    assert_eq!(like["notes"]["like without author"], 1);
    assert_eq!(v["paths"][1]["files"][0]["format"], "bluesky-car");
    assert_eq!(v["edge_records"], 12 + 7);
    // Accounts: 6 X ids + the unresolved x:@erin_example... counted by node.
    assert_eq!(v["accounts"], 6 + 5);

    // The text table names each file and the totals; an unreadable input fails the command.
    relais()
        .arg("inspect")
        .arg(fixture("mastodon"))
        .assert()
        .success()
        .stdout(predicate::str::contains("mastodon-outbox"))
        .stdout(predicate::str::contains("follow 3"));
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "junk.zip", b"not a zip at all");
    relais()
        .current_dir(tmp.path())
        .args(["inspect", "junk.zip"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "junk.zip: not a readable ZIP archive",
        ));
}

/// A stable stand-in for the cargo-fuzz targets (fuzz/, run by scripts/fuzz.sh on nightly): every
/// platform parser gets thousands of seeded mutations of its fixture (truncations, byte flips,
/// insertions, spliced duplicates) and must return — Ok or an error — without panicking.
#[test]
fn parsers_never_panic_on_mutated_exports() {
    use rand::{Rng, SeedableRng};
    let cases: [(&str, &str, &str); 15] = [
        ("x-archive", "tweets.js", "x_archive/data/tweets.js"),
        ("x-archive", "follower.js", "x_archive/data/follower.js"),
        ("twitter-json", "t.jsonl", "twitter_api/tweets_v2.jsonl"),
        ("twitter-json", "t.jsonl", "twitter_api/tweets_v1.jsonl"),
        ("twarc-csv", "t.csv", "twitter_api/tweets_twarc.csv"),
        (
            "instagram-json",
            "following.json",
            "instagram/connections/followers_and_following/following.json",
        ),
        (
            "instagram-html",
            "followers_1.html",
            "instagram_html/followers_1.html",
        ),
        ("mastodon-outbox", "outbox.json", "mastodon/outbox.json"),
        (
            "mastodon-following-csv",
            "f.csv",
            "mastodon/following_accounts.csv",
        ),
        ("bluesky-car", "repo.car", "bluesky/repo.car"),
        ("bluesky-json", "records.json", "bluesky/records.json"),
        (
            "linkedin-connections",
            "Connections.csv",
            "linkedin/Connections.csv",
        ),
        ("youtube-comments", "c.json", "youtube/commentThreads.json"),
        ("graphml", "g.graphml", "graphml/nodexl.graphml"),
        ("gexf", "g.gexf", "gexf/gephi.gexf"),
    ];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(9);
    let mut runs = 0;
    for (format, name, rel) in cases {
        let original = std::fs::read(fixture(rel)).unwrap();
        assert!(
            relais::ingest::parse_platform_bytes(format, name, &original, false).unwrap() > 0
                || format == "x-archive",
            "{rel} parses"
        );
        for _ in 0..400 {
            let mut b = original.clone();
            for _ in 0..rng.random_range(1..4) {
                mutate(&mut rng, &mut b);
            }
            for lenient in [false, true] {
                let r = std::panic::catch_unwind(|| {
                    relais::ingest::parse_platform_bytes(format, name, &b, lenient)
                });
                assert!(
                    r.is_ok(),
                    "{format} parser panicked on a mutation of {rel}: {:?}",
                    String::from_utf8_lossy(&b[..b.len().min(300)])
                );
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 15 * 400 * 2);
}

#[test]
fn archives_of_several_accounts_side_by_side() {
    let tmp = tempfile::tempdir().unwrap();
    let alice = tmp.path().join("exports/alice/data");
    let bob = tmp.path().join("exports/bob/data");
    std::fs::create_dir_all(&alice).unwrap();
    std::fs::create_dir_all(&bob).unwrap();
    for f in ["account.js", "follower.js", "following.js"] {
        std::fs::copy(fixture("x_archive/data").join(f), alice.join(f)).unwrap();
    }
    write(
        &bob,
        "account.js",
        "window.YTD.account.part0 = [{\"account\": {\"username\": \"bob_example\", \
         \"accountId\": \"1002\"}}]",
    );
    write(
        &bob,
        "following.js",
        "window.YTD.following.part0 = [{\"following\": {\"accountId\": \"1001\"}}, \
         {\"following\": {\"accountId\": \"1009\"}}]",
    );
    let e = edges(&[tmp.path().join("exports")], &[]);
    // Each archive's lists attach to its own owner.
    assert!(has(&e, "x:1002", "x:1009", "follow"));
    assert!(has(&e, "x:1001", "x:1005", "follow"));
    // bob → alice is in alice's followers and in bob's following: one relation.
    let n = e
        .iter()
        .filter(|x| x.0 == "x:1002" && x.1 == "x:1001" && x.2 == "follow")
        .count();
    assert_eq!(n, 1);
    assert_eq!(kinds(&e), counts(&[("follow", 6)]));
}

#[test]
fn other_files_of_an_export_are_not_read_as_follows() {
    let tmp = tempfile::tempdir().unwrap();
    let ig = tmp.path().join("ig");
    std::fs::create_dir_all(ig.join("connections")).unwrap();
    std::fs::create_dir_all(ig.join("likes")).unwrap();
    std::fs::copy(
        fixture("instagram/connections/followers_and_following/followers_1.json"),
        ig.join("connections/followers_1.json"),
    )
    .unwrap();
    // Same `string_list_data` layout, but likes and unfollows are not follows.
    let entry = r#"[{"title": "", "string_list_data": [{"href": "https://www.instagram.com/p/xyz", "value": "zed_ex", "timestamp": 1700000000}]}]"#;
    write(&ig.join("likes"), "liked_posts.json", entry);
    write(
        &ig.join("connections"),
        "recently_unfollowed_profiles.json",
        format!("{{\"relationships_unfollowed_users\": {entry}}}"),
    );
    let e = edges(&[ig], &["--owner", "instagram:me"]);
    assert_eq!(kinds(&e), counts(&[("follow", 2)]));
    assert!(!e
        .iter()
        .any(|x| x.0.contains("zed_ex") || x.1.contains("zed_ex")));
    // X archive files relais does not use are listed as ignored, not parsed.
    let tmp2 = tempfile::tempdir().unwrap();
    let data = tmp2.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        fixture("x_archive/data/account.js"),
        data.join("account.js"),
    )
    .unwrap();
    std::fs::copy(
        fixture("x_archive/data/follower.js"),
        data.join("follower.js"),
    )
    .unwrap();
    write(
        &data,
        "direct-messages.js",
        "window.YTD.direct_messages.part0 = [ {",
    );
    relais()
        .arg("analyze")
        .arg(tmp2.path())
        .arg("--out")
        .arg(tmp2.path().join("out"))
        .assert()
        .success();
}
