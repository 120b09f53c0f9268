//! `analyze --window` beyond the tables of the audit tests: per-window roles, the rank-trajectory
//! chart in charts/ and report.html, and the GEXF export's spells and dynamic attributes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::{relais, write, Csv};

/// Role names the windows table may hold.
const ROLES: [&str; 7] = [
    "influencer",
    "relay",
    "prescriber",
    "amplifier",
    "core",
    "peripheral",
    "ordinary",
];

/// `relais simulate --preset small` with `args` into `dir/sim`.
fn simulate(dir: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("sim");
    relais()
        .args(["-q", "simulate", "--preset", "small"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Accounts whose truth.csv column `col` is 1.
fn planted(sim: &Path, col: &str) -> Vec<String> {
    let truth = Csv::read(&sim.join("truth.csv"));
    let (a, c) = (truth.col("account"), truth.col(col));
    truth
        .rows
        .iter()
        .filter(|r| r[c] == "1")
        .map(|r| r[a].clone())
        .collect()
}

/// Per-window roles on `relais simulate` data (4,000 accounts, seed 3, seven 14-day windows).
/// Measured: each of the 20 planted influencers is an influencer in all 7 windows; the planted
/// amplifiers are amplifiers in a median 6 of 7. Asserted: every row has a known role, every
/// window has at least four distinct roles, every planted influencer is an influencer in at least
/// 5 of 7 windows, and 90 % of (planted influencer, window) pairs say influencer.
#[test]
fn windows_roles_find_planted_influencers_in_every_window() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path(), &["--accounts", "4000", "--seed", "3"]);
    let out = tmp.path().join("out");
    relais()
        .args(["-q", "analyze"])
        .arg(&sim)
        .args(["--window", "14d", "--runs", "1"])
        .args(["--betweenness", "approx", "--closeness", "approx"])
        .args(["--epsilon", "0.1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let w = Csv::read(&out.join("windows.csv"));
    let (win, acc, role) = (w.col("window"), w.col("account"), w.col("role"));
    let mut roles_by_window: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &w.rows {
        assert!(ROLES.contains(&r[role].as_str()), "role {:?}", r[role]);
        roles_by_window.entry(&r[win]).or_default().push(&r[role]);
    }
    assert_eq!(roles_by_window.len(), 7);
    for (k, roles) in &roles_by_window {
        let mut distinct = roles.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() >= 4, "window {k}: roles {distinct:?}");
    }
    let influencers = planted(&sim, "influencer");
    assert_eq!(influencers.len(), 20);
    let mut hits = 0;
    for a in &influencers {
        let n = w
            .rows
            .iter()
            .filter(|r| &r[acc] == a && r[role] == "influencer")
            .count();
        assert!(n >= 5, "{a} is an influencer in {n} of 7 windows");
        hits += n;
    }
    assert!(
        hits as f64 >= 0.9 * 7.0 * influencers.len() as f64,
        "{hits} influencer windows"
    );

    // The same run with `[window] roles = false` in a config file: no role column.
    let cfg = write(
        tmp.path(),
        "relais.toml",
        "[window]\nwindow = \"14d\"\nroles = false\n",
    );
    let quiet = tmp.path().join("quiet");
    relais()
        .args(["-q", "analyze", "--config"])
        .arg(&cfg)
        .arg(&sim)
        .args([
            "--runs",
            "1",
            "--betweenness",
            "approx",
            "--closeness",
            "approx",
        ])
        .args(["--epsilon", "0.1", "--no-report", "--out"])
        .arg(&quiet)
        .assert()
        .success();
    let q = Csv::read(&quiet.join("windows.csv"));
    assert!(!q.header.iter().any(|h| h == "role"), "{:?}", q.header);
    assert_eq!(q.rows.len(), w.rows.len());
}
