//! `relais simulate`: the generated files match the parameters (measured here from the files
//! themselves, not taken from truth.json), are byte-identical for a seed whatever the threads,
//! and `relais analyze` reads them.
//!
//! Tolerances, at 20,000 accounts (over seeds 1–8 the largest deviations seen were 0.003, 0.075,
//! 0.055 and 0.11): realized mu within ±0.01 of the parameter; the follow in-degree exponent
//! (truncated power-law MLE over `[2 × audience_min, max_followers]`) within ±0.15; the follows
//! exponent within ±0.15; the community-size exponent within ±0.25; mean follows within 5 %;
//! role counts exact.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use predicates::prelude::*;

use crate::support::{json, relais, Csv};

/// Runs `relais simulate` with `args` into `dir/name` and returns the folder.
fn simulate(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    relais()
        .arg("simulate")
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Maximum-likelihood exponent of a continuous power law truncated to `[lo, hi]`.
fn fit(values: &[f64], lo: f64, hi: f64) -> f64 {
    let xs: Vec<f64> = values
        .iter()
        .copied()
        .filter(|&x| x >= lo && x <= hi)
        .collect();
    assert!(xs.len() >= 50, "only {} values in [{lo}, {hi}]", xs.len());
    let (m, sum_ln) = (xs.len() as f64, xs.iter().map(|x| x.ln()).sum::<f64>());
    let ll = |a: f64| {
        let z = (hi.powf(1.0 - a) - lo.powf(1.0 - a)) / (1.0 - a);
        -m * z.ln() - a * sum_ln
    };
    let (mut a, mut b) = (1.01f64, 6.0f64);
    for _ in 0..200 {
        let c = a + (b - a) / 3.0;
        let d = b - (b - a) / 3.0;
        if ll(c) > ll(d) {
            b = d;
        } else {
            a = c;
        }
    }
    (a + b) / 2.0
}

/// The parameters a check expects, and its tolerances.
struct Expect {
    mu: f64,
    degree_exponent: f64,
    follows_exponent: f64,
    community_exponent: f64,
}

/// Generates 20,000 accounts with `args` and checks the statistics of the files against
/// `expect`, then checks that truth.json reports what the files show.
fn check(args: &[&str], expect: Expect) {
    let tmp = tempfile::tempdir().unwrap();
    let mut all = vec!["--accounts", "20000", "--preset", "small"];
    all.extend_from_slice(args);
    let sim = simulate(tmp.path(), "sim", &all);
    let truth_json = json(&sim.join("truth.json"));
    let params = &truth_json["parameters"];
    let truth = Csv::read(&sim.join("truth.csv"));
    assert_eq!(truth.header[0], "account");
    let (ci, ri) = (truth.col("community"), truth.col("role"));
    let community: HashMap<&str, &str> = truth
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[ci].as_str()))
        .collect();
    let role: HashMap<&str, &str> = truth
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[ri].as_str()))
        .collect();
    let organic = role.values().filter(|r| **r != "farm").count();

    // Role counts: shares of the organic accounts, buyers and farms exact.
    let count = |name: &str| role.values().filter(|r| **r == name).count();
    for (name, share) in [
        ("influencer", "influencer_share"),
        ("broker", "broker_share"),
        ("prescriber", "prescriber_share"),
        ("amplifier", "amplifier_share"),
        ("rising", "rising_share"),
    ] {
        let want = (params[share].as_f64().unwrap() * organic as f64).round() as usize;
        assert_eq!(count(name), want, "{name}");
        assert_eq!(
            truth
                .rows
                .iter()
                .filter(|r| r[truth.col(name)] == "1")
                .count(),
            want
        );
    }
    let buyers = params["buyers"].as_u64().unwrap() as usize;
    let farm_size = params["farm_size"].as_u64().unwrap() as usize;
    assert_eq!(count("bought_audience"), buyers);
    assert_eq!(count("farm"), buyers * farm_size);
    assert_eq!(role.len(), 20_000);

    // Community sizes: cover the organic accounts, within the bounds, as truth.json says.
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for (a, c) in &community {
        assert_eq!(
            c.is_empty(),
            role[a] == "farm",
            "{a}: only farm accounts lack a community"
        );
        if !c.is_empty() {
            *sizes.entry(c).or_default() += 1;
        }
    }
    let (lo, hi) = (
        params["min_community"].as_u64().unwrap(),
        params["max_community"].as_u64().unwrap(),
    );
    assert!(
        sizes.values().all(|&s| s as u64 >= lo && s as u64 <= hi),
        "sizes within bounds"
    );
    assert_eq!(sizes.values().sum::<usize>(), organic);
    let listed: Vec<u64> = truth_json["community_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect();
    assert_eq!(listed.len(), sizes.len());
    for (c, s) in &sizes {
        assert_eq!(listed[c.parse::<usize>().unwrap()], *s as u64);
    }
    let size_values: Vec<f64> = listed.iter().map(|&s| s as f64 + 0.5).collect();
    let community_exponent = fit(&size_values, lo as f64, hi as f64 + 1.0);
    assert!(
        (community_exponent - expect.community_exponent).abs() < 0.25,
        "community exponent {community_exponent}"
    );

    // Follows: mixing, degrees.
    let edges = Csv::read(&sim.join("edges.csv"));
    assert_eq!(edges.header, ["source", "target", "kind", "timestamp"]);
    let mut followers: HashMap<&str, u32> = HashMap::new();
    let mut organic_followers: HashMap<&str, u32> = HashMap::new();
    let mut following: HashMap<&str, u32> = HashMap::new();
    let (mut intra, mut inter) = (0u64, 0u64);
    let kinds: HashSet<&str> = ["follow", "repost", "quote", "reply", "mention", "like"].into();
    for e in &edges.rows {
        let (s, t) = (e[0].as_str(), e[1].as_str());
        assert!(kinds.contains(e[2].as_str()), "kind {}", e[2]);
        assert!(
            e[3].ends_with('Z') && e[3].len() == 20,
            "timestamp {}",
            e[3]
        );
        assert_ne!(s, t, "no self-loop");
        if e[2] != "follow" {
            assert_ne!(role[s], "farm", "farm accounts never interact");
            continue;
        }
        *followers.entry(t).or_default() += 1;
        if role[s] == "farm" {
            continue;
        }
        *organic_followers.entry(t).or_default() += 1;
        *following.entry(s).or_default() += 1;
        if role[s] != "broker" && role[t] != "broker" && role[t] != "farm" {
            if community[s] == community[t] {
                intra += 1;
            } else {
                inter += 1;
            }
        }
    }
    let mu = inter as f64 / (intra + inter) as f64;
    assert!(
        (mu - expect.mu).abs() < 0.01,
        "mu {mu}, planted {}",
        expect.mu
    );
    let stats = &truth_json["statistics"];
    assert!(
        (stats["mu"].as_f64().unwrap() - mu).abs() < 1e-12,
        "truth.json reports mu"
    );

    // Accounts whose planted audience was drawn from the power law (other roles override it).
    let audience: Vec<f64> = role
        .iter()
        .filter(|(_, r)| matches!(**r, "ordinary" | "influencer" | "bought_audience"))
        .map(|(a, _)| f64::from(organic_followers.get(a).copied().unwrap_or(0)))
        .collect();
    let k_min = (2.0 * truth_json["derived"]["audience_min"].as_f64().unwrap()).ceil();
    let max_followers = params["max_followers"].as_f64().unwrap();
    let degree_exponent = fit(&audience, k_min - 0.5, max_followers + 0.5);
    assert!(
        (degree_exponent - expect.degree_exponent).abs() < 0.15,
        "degree exponent {degree_exponent}, planted {}",
        expect.degree_exponent
    );
    let reported = stats["degree_exponent"].as_f64().unwrap();
    assert!(
        (reported - degree_exponent).abs() < 0.01,
        "truth.json reports {reported}"
    );

    let follows: Vec<f64> = role
        .iter()
        .filter(|(_, r)| **r != "farm")
        .map(|(a, _)| f64::from(following.get(a).copied().unwrap_or(0)))
        .collect();
    let mean_follows = follows.iter().sum::<f64>() / follows.len() as f64;
    let planted_mean = params["mean_follows"].as_f64().unwrap();
    assert!(
        (mean_follows / planted_mean - 1.0).abs() < 0.05,
        "mean follows {mean_follows}"
    );
    let f_min = (2.0 * truth_json["derived"]["follows_min"].as_f64().unwrap()).ceil();
    let max_follows = params["max_follows"].as_f64().unwrap();
    let follows_exponent = fit(&follows, f_min - 0.5, max_follows + 0.5);
    assert!(
        (follows_exponent - expect.follows_exponent).abs() < 0.15,
        "follows exponent {follows_exponent}"
    );

    // The accounts table carries the same ids and the realized counts.
    let accounts = Csv::read(&sim.join("accounts.csv"));
    assert_eq!(accounts.header[0], "id");
    let (fi, gi) = (
        accounts.col("followers_count"),
        accounts.col("following_count"),
    );
    for (i, a) in accounts.rows.iter().enumerate() {
        assert_eq!(
            a[0], truth.rows[i][0],
            "accounts.csv and truth.csv list the same ids"
        );
        let id = a[0].as_str();
        assert_eq!(
            a[fi],
            followers.get(id).copied().unwrap_or(0).to_string(),
            "{id}"
        );
        if role[id] != "farm" {
            assert_eq!(
                a[gi],
                following.get(id).copied().unwrap_or(0).to_string(),
                "{id}"
            );
        }
    }
}

#[test]
fn statistics_match_default_parameters() {
    check(
        &["--seed", "3"],
        Expect {
            mu: 0.2,
            degree_exponent: 2.5,
            follows_exponent: 2.5,
            community_exponent: 1.5,
        },
    );
}

#[test]
fn statistics_match_strong_mixing_and_heavy_tails() {
    check(
        &[
            "--seed",
            "4",
            "--mu",
            "0.45",
            "--degree-exponent",
            "2.2",
            "--follows-exponent",
            "2.8",
            "--community-exponent",
            "2",
        ],
        Expect {
            mu: 0.45,
            degree_exponent: 2.2,
            follows_exponent: 2.8,
            community_exponent: 2.0,
        },
    );
}

#[test]
fn statistics_match_weak_mixing_and_steep_tails() {
    check(
        &[
            "--seed",
            "5",
            "--mu",
            "0.05",
            "--degree-exponent",
            "3",
            "--community-exponent",
            "1",
        ],
        Expect {
            mu: 0.05,
            degree_exponent: 3.0,
            follows_exponent: 2.5,
            community_exponent: 1.0,
        },
    );
}

/// Roles leave the traces the model promises: farms follow in a burst and nothing else, rising
/// accounts receive later, cascades reach beyond the prescribers' followers.
#[test]
fn planted_roles_leave_their_traces() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path(), "sim", &["--accounts", "10000", "--seed", "8"]);
    let truth = Csv::read(&sim.join("truth.csv"));
    let role = truth.by_account("role");
    let farm_of = truth.by_account("farm_of");
    let edges = Csv::read(&sim.join("edges.csv"));
    let params = json(&sim.join("truth.json"))["parameters"].clone();
    let burst = (params["burst_hours"].as_f64().unwrap() * 3600.0) as i64;
    let time = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();

    let mut farm_times: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut follows_buyer: HashSet<&str> = HashSet::new();
    let mut followed_farm = 0;
    let mut follows: HashSet<(&str, &str)> = HashSet::new();
    for e in &edges.rows {
        if e[2] == "follow" {
            follows.insert((e[0].as_str(), e[1].as_str()));
        }
        if role[&e[1]] == "farm" {
            followed_farm += 1;
        }
        if role[&e[0]] == "farm" {
            let t = time(&e[3]);
            let span = farm_times.entry(farm_of[&e[0]].as_str()).or_insert((t, t));
            *span = (span.0.min(t), span.1.max(t));
            if e[1] == farm_of[&e[0]] {
                follows_buyer.insert(e[0].as_str());
            }
        }
    }
    assert_eq!(followed_farm, 0, "nobody pays attention to farm accounts");
    let farms = role.values().filter(|r| *r == "farm").count();
    assert_eq!(
        follows_buyer.len(),
        farms,
        "every farm account follows its buyer"
    );
    for (buyer, (lo, hi)) in &farm_times {
        assert_eq!(role[*buyer], "bought_audience");
        assert!(hi - lo <= burst, "{buyer}'s farm follows within the burst");
    }

    // Rising accounts receive most of their interactions in the second half of the window.
    let start = time("2024-01-01T00:00:00Z");
    let mid = start + i64::from(params["days"].as_u64().unwrap() as u32) * 86_400 / 2;
    let (mut late, mut all) = (0, 0);
    let (mut cascade_followers, mut cascade_others) = (0, 0);
    for e in edges.rows.iter().filter(|e| e[2] != "follow") {
        if role[&e[1]] == "rising" {
            all += 1;
            late += i32::from(time(&e[3]) >= mid);
        }
        if role[&e[1]] == "prescriber" && e[2] == "repost" {
            if follows.contains(&(e[0].as_str(), e[1].as_str())) {
                cascade_followers += 1;
            } else {
                cascade_others += 1;
            }
        }
    }
    assert!(
        f64::from(late) / f64::from(all) > 0.8,
        "rising: {late} of {all} late"
    );
    assert!(
        cascade_others > cascade_followers,
        "{cascade_others} vs {cascade_followers}"
    );

    // Farm profiles look fresh and empty.
    let accounts = Csv::read(&sim.join("accounts.csv"));
    let (fi, pi, di, dp) = (
        accounts.col("followers_count"),
        accounts.col("posts_count"),
        accounts.col("description"),
        accounts.col("default_profile"),
    );
    for a in accounts.rows.iter().filter(|a| role[&a[0]] == "farm") {
        assert_eq!(
            (
                a[fi].as_str(),
                a[pi].as_str(),
                a[di].as_str(),
                a[dp].as_str()
            ),
            ("0", "0", "", "true")
        );
    }
}

fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["csv", "parquet"] {
        let base = ["--accounts", "12000", "--seed", "11", "--format", format];
        let one = tmp.path().join(format!("one-{format}"));
        let two = tmp.path().join(format!("two-{format}"));
        relais()
            .args(["--threads", "1", "simulate"])
            .args(base)
            .arg("--out")
            .arg(&one)
            .assert()
            .success();
        relais()
            .args(["--threads", "2", "simulate"])
            .args(base)
            .arg("--out")
            .arg(&two)
            .assert()
            .success();
        let (a, b) = (read_all(&one), read_all(&two));
        assert_eq!(
            a.len(),
            4,
            "{format}: edges, accounts, truth.csv, truth.json"
        );
        for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
            assert_eq!(name_a, name_b);
            assert!(
                bytes_a == bytes_b,
                "{format}: {name_a} differs between 1 and 2 threads"
            );
        }
    }
}

#[test]
fn different_seeds_differ() {
    let tmp = tempfile::tempdir().unwrap();
    let a = simulate(tmp.path(), "a", &["--seed", "1"]);
    let b = simulate(tmp.path(), "b", &["--seed", "2"]);
    for file in ["edges.csv", "accounts.csv", "truth.csv"] {
        assert_ne!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
}

/// Runs `relais simulate` with `args` and expects exit code `code`, `message` on stderr and no
/// output folder.
fn check_refused(args: &[&str], code: i32, message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    relais()
        .current_dir(tmp.path())
        .arg("simulate")
        .args(args)
        .args(["--out", "sim"])
        .assert()
        .code(code)
        .stderr(predicate::str::contains(message));
    assert!(
        !tmp.path().join("sim").exists(),
        "a refused run writes nothing"
    );
}

#[test]
fn bad_parameters_are_refused_with_a_clear_message() {
    check_refused(
        &["--mu", "1.5"],
        1,
        "invalid configuration: mu: must be in [0, 1] (got 1.5)",
    );
    check_refused(&["--mu", "-0.1"], 1, "mu: must be in [0, 1]");
    check_refused(
        &["--accounts", "0"],
        1,
        "accounts: must be at least 1 (got 0)",
    );
    check_refused(
        &["--accounts", "10", "--buyers", "0"],
        1,
        "cannot fill one community",
    );
    check_refused(
        &["--degree-exponent", "0.5"],
        1,
        "degree-exponent: must be in (1, 5]",
    );
    check_refused(
        &["--start", "soon"],
        1,
        "start: \"soon\" is not an RFC 3339 time",
    );
    check_refused(
        &["--buyers", "100"],
        1,
        "more than half of the 2000 accounts",
    );
    check_refused(&["--mu", "lots"], 2, "invalid value 'lots' for '--mu <MU>'");
    check_refused(&["--accounts", "-5"], 2, "--accounts");
    check_refused(&["--preset", "huge"], 2, "invalid value 'huge'");
}

#[test]
fn existing_output_is_refused_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path(), "sim", &["--seed", "1"]);
    let before = std::fs::read(sim.join("edges.csv")).unwrap();
    relais()
        .args(["simulate", "--seed", "2", "--out"])
        .arg(&sim)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "output folder exists; pass --force to replace it",
        ));
    assert_eq!(
        std::fs::read(sim.join("edges.csv")).unwrap(),
        before,
        "left untouched"
    );
    relais()
        .args(["simulate", "--seed", "2", "--force", "--out"])
        .arg(&sim)
        .assert()
        .success();
    assert_ne!(
        std::fs::read(sim.join("edges.csv")).unwrap(),
        before,
        "replaced with --force"
    );
}

/// `relais analyze` reads a simulated folder (edges and accounts, not truth) in either format
/// and sees the same graph.
#[test]
fn analyze_reads_the_simulated_folder_in_both_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let mut summaries = Vec::new();
    for format in ["csv", "parquet"] {
        let sim = simulate(
            tmp.path(),
            &format!("sim-{format}"),
            &["--seed", "5", "--format", format],
        );
        let out = tmp.path().join(format!("out-{format}"));
        relais()
            .args(["--quiet", "analyze"])
            .arg(&sim)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let summary = json(&out.join("summary.json"));
        let graph = &summary["graph"];
        assert_eq!(
            graph["nodes"].as_u64(),
            Some(2_000),
            "{format}: every account is a node"
        );
        let layers: Vec<&String> = graph["edges_per_layer"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(
            layers,
            ["follow", "like", "mention", "quote", "reply", "repost"],
            "{format}"
        );
        summaries.push(summary["graph"].clone());
    }
    assert_eq!(
        summaries[0], summaries[1],
        "CSV and Parquet give the same graph"
    );
}
