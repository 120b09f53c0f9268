//! The binary graph cache (issue 11): `relais build` then `relais analyze CACHE` gives the same
//! outputs as analysing the source files; a damaged cache is reported, never used.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use sha2::{Digest, Sha256};

use crate::support::{json, relais};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/fixtures")
        .join(name)
}

/// Outputs that must be byte-identical between the source and the cache.
const SAME: &[&str] = &[
    "accounts.csv",
    "summary.json",
    "communities.csv",
    "community_flows.csv",
];

fn build(dir: &Path, inputs: &[PathBuf], extra: &[&str]) -> PathBuf {
    let cache = dir.join("graph.relais");
    relais()
        .arg("build")
        .args(inputs)
        .args(extra)
        .arg("-o")
        .arg(&cache)
        .arg("--force")
        .assert()
        .success()
        .stdout(predicate::str::contains("graph cache in"));
    cache
}

fn analyze(inputs: &[PathBuf], out: &Path, extra: &[&str]) {
    relais()
        .arg("analyze")
        .args(inputs)
        .args(extra)
        .args(["--no-report", "-q", "--seed", "3", "-o"])
        .arg(out)
        .assert()
        .success();
}

/// Builds a cache of `inputs`, analyses both, and checks the outputs are byte-identical and the
/// cache is recorded (with its SHA-256) as the input of the run.
fn check_same(inputs: &[PathBuf], build_flags: &[&str], analyze_flags: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let cache = build(tmp.path(), inputs, build_flags);
    let mut flags_src: Vec<&str> = build_flags.to_vec();
    flags_src.extend(analyze_flags);
    analyze(inputs, &tmp.path().join("src"), &flags_src);
    let mut flags_cache: Vec<&str> = build_flags
        .iter()
        .copied()
        .filter(|f| *f == "--undirected")
        .collect();
    flags_cache.extend(analyze_flags);
    analyze(
        std::slice::from_ref(&cache),
        &tmp.path().join("cached"),
        &flags_cache,
    );
    for f in SAME {
        let a = std::fs::read(tmp.path().join("src").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("cached").join(f)).unwrap();
        assert!(a == b, "{f} differs between the source and the cache");
    }
    let run = json(&tmp.path().join("cached/run.json"));
    let input = &run["inputs"][0];
    let sha = Sha256::digest(std::fs::read(&cache).unwrap());
    let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(input["sha256"], hex.as_str());
    assert!(input["format"]
        .as_str()
        .unwrap()
        .starts_with("relais-graph-cache"));
    let src_run = json(&tmp.path().join("src/run.json"));
    assert_eq!(run["rows"], src_run["rows"]);
    assert_eq!(run["build"], src_run["build"]);
    assert_eq!(
        run["cache"]["sources"][0]["sha256"], src_run["inputs"][0]["sha256"],
        "the cache keeps the provenance of its sources"
    );
    relais()
        .arg("verify")
        .arg(tmp.path().join("cached"))
        .assert()
        .success();
}

#[test]
fn cache_of_text_ids_layers_and_accounts_gives_identical_outputs() {
    check_same(
        &[fixture("social.csv")],
        &[
            "--accounts",
            fixture("social_accounts.csv").to_str().unwrap(),
        ],
        &[],
    );
}

#[test]
fn cache_of_integer_ids_gives_identical_outputs() {
    check_same(&[fixture("snap.txt")], &[], &["--runs", "2"]);
}

#[test]
fn cache_of_undirected_weighted_graph_gives_identical_outputs() {
    let karate = crate::support::shared_data().join("karate/edges.csv");
    check_same(&[karate], &["--undirected"], &[]);
}

/// Runs `analyze` on `cache` and expects failure with `message` in stderr.
fn rejects(cache: &Path, message: &str) {
    let tmp = tempfile::tempdir().unwrap();
    relais()
        .arg("analyze")
        .arg(cache)
        .args(["--no-report", "-q", "-o"])
        .arg(tmp.path().join("out"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!tmp.path().join("out").exists(), "no output on error");
}

#[test]
fn damaged_truncated_or_foreign_caches_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = build(tmp.path(), &[fixture("social.csv")], &[]);
    let good = std::fs::read(&cache).unwrap();
    let bad = tmp.path().join("bad.relais");

    // One flipped bit anywhere after the header: a checksum or a section header no longer fits.
    for at in [20, 40, 100, good.len() / 2, good.len() - 30] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x10;
        std::fs::write(&bad, &bytes).unwrap();
        rejects(&bad, "graph cache:");
    }
    let mut bytes = good.clone();
    bytes[good.len() / 2] ^= 0x01;
    std::fs::write(&bad, &bytes).unwrap();
    rejects(&bad, "the file is damaged");

    for len in [4, 16, 30, good.len() / 3, good.len() - 1] {
        std::fs::write(&bad, &good[..len]).unwrap();
        rejects(&bad, "graph cache:");
    }
    std::fs::write(&bad, &good[..good.len() / 3]).unwrap();
    rejects(&bad, "truncated");

    let mut bytes = good.clone();
    bytes[8] = 99;
    std::fs::write(&bad, &bytes).unwrap();
    rejects(&bad, "layout version 99");

    let mut bytes = good.clone();
    bytes[..8].copy_from_slice(b"NOTACACH");
    std::fs::write(&bad, &bytes).unwrap();
    rejects(&bad, "wrong magic");

    let mut bytes = good.clone();
    bytes.extend_from_slice(&[0; 8]);
    std::fs::write(&bad, &bytes).unwrap();
    rejects(&bad, "after the end section");
}

#[test]
fn cache_refuses_options_that_need_the_source_files() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = build(tmp.path(), &[fixture("social.csv")], &[]);
    let out = tmp.path().join("out");
    for (flags, message) in [
        (vec!["--window", "7d"], "keeps no timestamps"),
        (vec!["--undirected"], "directed graph"),
        (
            vec!["--accounts", "x.csv"],
            "must be given to `relais build`",
        ),
    ] {
        relais()
            .arg("analyze")
            .arg(&cache)
            .args(&flags)
            .arg("-o")
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
    relais()
        .arg("analyze")
        .arg(&cache)
        .arg(fixture("snap.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("must be the only input"));
    relais()
        .arg("build")
        .arg(fixture("snap.txt"))
        .arg("-o")
        .arg(&cache)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    relais()
        .arg("build")
        .arg(&cache)
        .arg("-o")
        .arg(tmp.path().join("again.relais"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("already a graph cache"));
}
