//! Facebook "Download your information" and TikTok "Download your data" importers end to end
//! through the binary, on the hand-written exports of data/fixtures/platforms (facebook/,
//! facebook_2019/, facebook_2021/, tiktok/, tiktok_2021/): edges per kind, follow and friendship
//! times, accented names (Meta's per-byte `\u00XX` escaping undone), owners, ZIP input, the
//! audit's follow bursts and `--window` fed by the import times, malformed files (error naming
//! the file and field; counted skips in lenient mode), and parsers that never panic.

use std::io::Write;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::support::{counts, edges, fixture, json, kinds, mutate, relais, time_of, Csv};

/// Writes `content` to `dir/name`, creating `dir`.
fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    crate::support::write(dir, name, content)
}

const ZOE: &str = "facebook:zoé lefèvre";

#[test]
fn facebook_current_export_edges_times_and_accented_names() {
    let e = edges(&[fixture("facebook")], &[]);
    // 3 friends (both ways), 2 followers + 2 followed + 2 followed pages, 1 liked page; removed
    // friends and sent requests are not relations.
    assert_eq!(
        kinds(&e),
        counts(&[("connection", 6), ("follow", 6), ("like", 1)])
    );
    assert!(!e.iter().any(|x| x.0.contains("old acquaintance")
        || x.1.contains("old acquaintance")
        || x.1.contains("pending person")));
    // The owner comes from profile_information.json, its name decoded from Meta's escapes.
    assert_eq!(
        time_of(&e, ZOE, "facebook:hélène dubois", "connection"),
        "2020-09-13T12:26:40Z"
    );
    assert_eq!(
        time_of(&e, "facebook:hélène dubois", ZOE, "connection"),
        "2020-09-13T12:26:40Z"
    );
    assert_eq!(
        time_of(&e, ZOE, "facebook:josé núñez", "connection"),
        "2021-05-03T00:00:00Z"
    );
    assert_eq!(
        time_of(&e, "facebook:léa rousseau", ZOE, "follow"),
        "2023-03-28T10:40:00Z"
    );
    // A follower without a timestamp stays untimed.
    assert_eq!(time_of(&e, "facebook:noah martin", ZOE, "follow"), "");
    assert_eq!(
        time_of(&e, ZOE, "facebook:café des arts", "follow"),
        "2021-12-20T11:33:20Z"
    );
    assert_eq!(
        time_of(&e, ZOE, "facebook:boulangerie étoile", "like"),
        "2022-04-15T05:20:00Z"
    );
    assert_eq!(
        time_of(&e, ZOE, "facebook:musée example", "follow"),
        "2022-12-02T16:53:20Z"
    );
    // No mojibake survives anywhere.
    assert!(!e.iter().any(|x| x.0.contains('Ã') || x.1.contains('Ã')));

    // accounts.csv carries the display names with their accents and case.
    let tmp = tempfile::tempdir().unwrap();
    relais()
        .args(["analyze"])
        .arg(fixture("facebook"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .success();
    let acc = Csv::read(&tmp.path().join("out/accounts.csv"));
    let names = acc.by_account("name");
    assert_eq!(names["facebook:hélène dubois"], "Hélène Dubois");
    assert_eq!(names["facebook:josé núñez"], "José Núñez");
    assert_eq!(names["facebook:boulangerie étoile"], "Boulangerie Étoile");
    assert_eq!(
        acc.by_account("platform")["facebook:hélène dubois"],
        "facebook"
    );
    let run = json(&tmp.path().join("out/run.json"));
    let text = run.to_string();
    assert!(text.contains("facebook-json") && text.contains("facebook-owner"));
}

#[test]
fn facebook_older_layouts_and_owner_option() {
    let e = edges(&[fixture("facebook_2019")], &[]);
    let marc = "facebook:marc petit";
    assert_eq!(
        kinds(&e),
        counts(&[("connection", 2), ("follow", 2), ("like", 1)])
    );
    assert_eq!(
        time_of(&e, marc, "facebook:anaïs roy", "connection"),
        "2017-07-14T02:40:00Z"
    );
    assert_eq!(time_of(&e, "facebook:inès blanc", marc, "follow"), "");
    assert_eq!(
        time_of(&e, marc, "facebook:paul roy", "follow"),
        "2017-11-06T20:26:40Z"
    );
    assert_eq!(
        time_of(&e, marc, "facebook:old page example", "like"),
        "2018-03-02T14:13:20Z"
    );

    // 2020-22 layout without a profile file: the placeholder owner, reported by inspect ...
    let e = edges(&[fixture("facebook_2021")], &[]);
    assert_eq!(kinds(&e), counts(&[("connection", 2), ("follow", 2)]));
    assert!(e
        .iter()
        .any(|x| x.0 == "facebook:?owner" && x.1 == "facebook:ben ortiz"));
    relais()
        .arg("inspect")
        .arg(fixture("facebook_2021"))
        .assert()
        .success()
        .stdout(predicate::str::contains("owner unknown"));
    // ... or the account given with --owner.
    let e = edges(
        &[fixture("facebook_2021")],
        &["--owner", "facebook:Dana Example"],
    );
    assert_eq!(
        time_of(&e, "facebook:chloe park", "facebook:dana example", "follow"),
        "2020-07-17T15:33:20Z"
    );
    assert_eq!(
        time_of(
            &e,
            "facebook:dana example",
            "facebook:ava stone",
            "connection"
        ),
        "2020-01-26T00:53:20Z"
    );
    assert!(!e
        .iter()
        .any(|x| x.0.contains("?owner") || x.1.contains("?owner")));
}

/// Zips a fixture folder the way Meta ships it (one archive, paths inside).
fn zip_folder(src: &Path, dst: &Path) {
    let f = std::fs::File::create(dst).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![src.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for p in files {
        let name = p
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        z.start_file(name, opts).unwrap();
        z.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn facebook_zip_equals_folder_and_exports_merge_on_names() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("facebook-zoelefevre-2025-01-01.zip");
    zip_folder(&fixture("facebook"), &zip);
    let mut from_zip = edges(&[zip], &[]);
    let mut from_dir = edges(&[fixture("facebook")], &[]);
    from_zip.sort();
    from_dir.sort();
    assert_eq!(from_zip, from_dir);

    // Hélène's own export names Zoé as a friend: the friendship, seen from both sides, counts
    // once; Hélène's other friend joins the same graph.
    let h = tmp.path().join("helene");
    write(
        &h.join("personal_information/profile_information"),
        "profile_information.json",
        r#"{"profile_v2": {"name": {"full_name": "H\u00c3\u00a9l\u00c3\u00a8ne Dubois"}}}"#,
    );
    write(
        &h.join("connections/friends"),
        "your_friends.json",
        r#"{"friends_v2": [{"name": "Zo\u00c3\u00a9 Lef\u00c3\u00a8vre", "timestamp": 1600000000},
                           {"name": "Omar Example", "timestamp": 1700000000}]}"#,
    );
    let e = edges(&[fixture("facebook"), h], &[]);
    assert_eq!(
        kinds(&e),
        counts(&[("connection", 8), ("follow", 6), ("like", 1)])
    );
    assert_eq!(
        time_of(
            &e,
            "facebook:hélène dubois",
            "facebook:omar example",
            "connection"
        ),
        "2023-11-14T22:13:20Z"
    );
}

#[test]
fn tiktok_exports_both_layouts() {
    let e = edges(&[fixture("tiktok")], &[]);
    let lou = "tiktok:lou_example";
    assert_eq!(kinds(&e), counts(&[("follow", 5)]));
    assert_eq!(
        time_of(&e, "tiktok:fan_one", lou, "follow"),
        "2024-03-01T10:00:00Z"
    );
    assert_eq!(
        time_of(&e, "tiktok:fan_two", lou, "follow"),
        "2024-03-01T10:00:05Z"
    );
    assert_eq!(
        time_of(&e, lou, "tiktok:mutual_mia", "follow"),
        "2024-02-01T09:00:00Z"
    );
    assert_eq!(
        time_of(&e, "tiktok:mutual_mia", lou, "follow"),
        "2024-03-02T08:30:00Z"
    );
    // Keys are lower-cased; the handle keeps its case.
    assert_eq!(
        time_of(&e, lou, "tiktok:creator_cam", "follow"),
        "2024-02-15T12:00:00Z"
    );

    let e = edges(&[fixture("tiktok_2021")], &[]);
    assert_eq!(
        e,
        vec![
            (
                "tiktok:early_fan".to_string(),
                "tiktok:sam_example".to_string(),
                "follow".to_string(),
                "2021-11-11T01:22:22Z".to_string()
            ),
            (
                "tiktok:sam_example".to_string(),
                "tiktok:old_idol".to_string(),
                "follow".to_string(),
                "2021-10-01T18:00:00Z".to_string()
            ),
        ]
    );

    let tmp = tempfile::tempdir().unwrap();
    relais()
        .arg("analyze")
        .arg(fixture("tiktok"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .success();
    let acc = Csv::read(&tmp.path().join("out/accounts.csv"));
    assert_eq!(
        acc.by_account("handle")["tiktok:creator_cam"],
        "Creator_Cam"
    );
    assert_eq!(acc.by_account("platform")[lou], "tiktok");

    // Without a profile the owner is the placeholder, or --owner.
    let d = tmp.path().join("noprofile");
    write(
        &d,
        "user_data_tiktok.json",
        r#"{"Your Activity": {"Follower": {"FansList": [{"Date": "2024-01-01 00:00:00", "UserName": "x"}]}}}"#,
    );
    let e = edges(std::slice::from_ref(&d), &[]);
    assert_eq!(e[0].1, "tiktok:?owner");
    let e = edges(&[d], &["--owner", "tiktok:Me_Here"]);
    assert_eq!(e[0].1, "tiktok:me_here");
}

/// A TikTok export whose owner gained `burst` followers within a minute on 2024-05-01, plus
/// `calm` followers one a week from January 2024.
fn tiktok_with_burst(dir: &Path, burst: usize, calm: usize) -> PathBuf {
    let mut fans = Vec::new();
    for i in 0..calm {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
            + chrono::Duration::days(7 * i as i64);
        fans.push(format!(
            r#"{{"Date": "{} 12:00:00", "UserName": "calm_{i}"}}"#,
            day.format("%Y-%m-%d")
        ));
    }
    for i in 0..burst {
        fans.push(format!(
            r#"{{"Date": "2024-05-01 03:00:{:02}", "UserName": "burst_{i}"}}"#,
            i % 60
        ));
    }
    write(
        dir,
        "user_data_tiktok.json",
        format!(
            r#"{{"Your Activity": {{"Follower": {{"FansList": [{}]}},
                "Following": {{"Following": [{{"Date": "2024-01-02 00:00:00", "UserName": "calm_0"}}]}}}},
               "Profile": {{"Profile Info": {{"ProfileMap": {{"userName": "brand_example"}}}}}}}}"#,
            fans.join(",")
        ),
    )
}

#[test]
fn tiktok_follow_times_feed_audit_bursts_and_windows() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tiktok_with_burst(&tmp.path().join("export"), 12, 20);
    relais()
        .arg("audit")
        .arg(&export)
        .args(["--account", "tiktok:brand_example", "--out"])
        .arg(tmp.path().join("audit"))
        .assert()
        .success();
    let audit = Csv::read(&tmp.path().join("audit/audit.csv"));
    let row = &audit.rows[0];
    assert_eq!(row[audit.col("account")], "tiktok:brand_example");
    assert_eq!(row[audit.col("audience")], "32");
    // Exactly the 12 followers of the one-minute burst fall in a burst window.
    assert_eq!(row[audit.col("follow_burst")], "12");

    relais()
        .arg("analyze")
        .arg(&export)
        .args(["--window", "month", "--out"])
        .arg(tmp.path().join("win"))
        .assert()
        .success();
    let w = Csv::read(&tmp.path().join("win/windows.csv"));
    let brand: Vec<(String, String)> = w
        .rows
        .iter()
        .filter(|r| r[w.col("account")] == "tiktok:brand_example")
        .map(|r| (r[w.col("start")].clone(), r[w.col("in_degree")].clone()))
        .collect();
    // Follows count from the month they were made: 5 by end of January (weeks 0-4), all 32 by
    // May's end.
    assert_eq!(
        brand.first().map(|b| b.0.as_str()),
        Some("2024-01-01T00:00:00Z")
    );
    assert_eq!(brand.first().map(|b| b.1.as_str()), Some("5"));
    assert_eq!(brand.last().map(|b| b.1.as_str()), Some("32"));
}

#[test]
fn malformed_facebook_and_tiktok_files_name_file_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let fails = |input: &str, extra: &[&str], message: &str| {
        relais()
            .current_dir(d)
            .args(["analyze", input, "--out", "out"])
            .args(extra)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
        assert!(!d.join("out").exists());
    };
    let own = ["--owner", "facebook:me"];
    write(
        &d.join("fb1"),
        "your_friends.json",
        r#"{"friends_v2": [{"name": "Ana", "timestamp": 1600000000}, {"timestamp": 1600000001},
                           {"name": "Bo", "timestamp": 1600000002}]}"#,
    );
    fails(
        "fb1",
        &own,
        "fb1/your_friends.json:row 1: friends_v2[1]: entry has no name",
    );
    write(
        &d.join("fb2"),
        "who_you've_followed.json",
        r#"{"following_v3": [{"name": "Ana", "timestamp": "soon"}, {"name": "Bo", "timestamp": 1}]}"#,
    );
    fails(
        "fb2",
        &own,
        "fb2/who_you've_followed.json:row 0: following_v3[0].timestamp: \"soon\" is not Unix seconds",
    );
    write(
        &d.join("fb3"),
        "your_friends.json",
        r#"{"friends_v2": {"name": "Ana"}}"#,
    );
    fails(
        "fb3",
        &own,
        "fb3/your_friends.json:row 0: field \"friends_v2\" should be a list of entries, found an object",
    );
    let cut = std::fs::read(fixture("facebook/connections/friends/your_friends.json")).unwrap();
    write(&d.join("fb4"), "your_friends.json", &cut[..90]);
    fails("fb4", &own, "fb4/your_friends.json:5: truncated JSON");

    write(
        &d.join("tt1"),
        "user_data_tiktok.json",
        r#"{"Your Activity": {"Follower": {"FansList": [
             {"Date": "2024-01-01 00:00:00", "UserName": "a"},
             {"Date": "yesterday", "UserName": "b"},
             {"Date": "2024-01-03 00:00:00"},
             {"Date": "2024-01-04 00:00:00", "UserName": "d"}]}},
           "Profile": {"Profile Info": {"ProfileMap": {"userName": "me"}}}}"#,
    );
    fails(
        "tt1",
        &[],
        "tt1/user_data_tiktok.json:row 1: Your Activity → Follower → FansList[1].Date: \"yesterday\" is not a date",
    );
    write(
        &d.join("tt2"),
        "user_data.json",
        r#"{"Activity": {"Following List": {"Following": "none"}}}"#,
    );
    fails(
        "tt2",
        &["--owner", "tiktok:me"],
        "tt2/user_data.json:row 0: Activity → Following List → Following should be a list",
    );

    // Lenient: the bad entries are counted skips, the rest is read.
    let out = relais()
        .current_dir(d)
        .args(["inspect", "fb1", "fb2", "tt1", "--json"])
        .args(own)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let skipped = |i: usize, reason: &str| v["paths"][i]["skipped"]["by_reason"][reason].as_u64();
    assert_eq!(skipped(0, "missing field"), Some(1));
    assert_eq!(v["paths"][0]["edge_records"], 4);
    assert_eq!(skipped(1, "bad timestamp"), Some(1));
    assert_eq!(v["paths"][1]["edge_records"], 1);
    assert_eq!(skipped(2, "bad timestamp"), Some(1));
    assert_eq!(skipped(2, "missing field"), Some(1));
    assert_eq!(v["paths"][2]["edge_records"], 2);
    relais()
        .current_dir(d)
        .args(["analyze", "fb1", "--lenient", "--out", "out"])
        .args(own)
        .assert()
        .success();
    let run = json(&d.join("out/run.json"));
    assert!(run.to_string().contains("\"missing field\":1"));
}

#[test]
fn facebook_and_tiktok_parsers_never_panic_on_mutated_exports() {
    use rand::{Rng, SeedableRng};
    let cases = [
        (
            "facebook-json",
            "your_friends.json",
            "facebook/connections/friends/your_friends.json",
        ),
        (
            "facebook-json",
            "pages_and_profiles_you_follow.json",
            "facebook/your_facebook_activity/pages/pages_and_profiles_you_follow.json",
        ),
        (
            "facebook-owner",
            "profile_information.json",
            "facebook/personal_information/profile_information/profile_information.json",
        ),
        (
            "tiktok-json",
            "user_data_tiktok.json",
            "tiktok/user_data_tiktok.json",
        ),
        (
            "tiktok-json",
            "user_data.json",
            "tiktok_2021/user_data.json",
        ),
    ];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(13);
    let mut runs = 0;
    for (format, name, rel) in cases {
        let original = std::fs::read(fixture(rel)).unwrap();
        relais::ingest::parse_platform_bytes(format, name, &original, false).unwrap();
        for _ in 0..300 {
            let mut b = original.clone();
            for _ in 0..rng.random_range(1..4) {
                mutate(&mut rng, &mut b);
            }
            for lenient in [false, true] {
                let r = std::panic::catch_unwind(|| {
                    relais::ingest::parse_platform_bytes(format, name, &b, lenient)
                });
                assert!(r.is_ok(), "{format} panicked on a mutation of {rel}");
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 5 * 300 * 2);
}

#[test]
fn tiktok_dates_beyond_the_calendar_are_bad_timestamps() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("tt");
    write(
        &d,
        "user_data_tiktok.json",
        r#"{"Your Activity": {"Follower": {"FansList": [
             {"Date": "90000000000000000", "UserName": "a"},
             {"Date": "2024-01-01 00:00:00", "UserName": "b"}]}},
           "Profile": {"Profile Info": {"ProfileMap": {"userName": "me"}}}}"#,
    );
    relais()
        .arg("inspect")
        .arg(&d)
        .assert()
        .success()
        .stdout(predicate::str::contains("[2024-01-01 .. 2024-01-01]"));
    relais()
        .args(["analyze"])
        .arg(&d)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "FansList[0].Date: \"90000000000000000\" is not a date",
        ));
}
