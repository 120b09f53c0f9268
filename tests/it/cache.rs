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

fn sha256_hex(path: &Path) -> String {
    let sha = Sha256::digest(std::fs::read(path).unwrap());
    sha.iter().map(|b| format!("{b:02x}")).collect()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example")
}

#[test]
fn seeds_on_a_cache_match_the_source_files() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = build(tmp.path(), &[example()], &[]);
    let args = [
        "--k",
        "4",
        "--simulations",
        "500",
        "--probability",
        "observed",
        "--seed",
        "5",
        "-q",
    ];
    for (input, out) in [(example(), "src"), (cache.clone(), "cached")] {
        relais()
            .arg("seeds")
            .arg(&input)
            .args(args)
            .arg("--out")
            .arg(tmp.path().join(out))
            .assert()
            .success();
    }
    for f in ["seeds.csv", "comparison.csv", "seeds.json"] {
        let a = std::fs::read(tmp.path().join("src").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("cached").join(f)).unwrap();
        assert!(a == b, "{f} differs between the source and the cache");
    }
    let run = json(&tmp.path().join("cached/run.json"));
    assert_eq!(run["inputs"][0]["sha256"], sha256_hex(&cache).as_str());
    assert_eq!(
        run["cache"]["relais_version"],
        env!("CARGO_PKG_VERSION"),
        "seeds' run.json keeps the cache's provenance"
    );
    let src_run = json(&tmp.path().join("src/run.json"));
    assert_eq!(run["build"], src_run["build"]);
    // Options that shape the graph are refused as for analyze.
    relais()
        .arg("seeds")
        .arg(&cache)
        .arg("--undirected")
        .arg("--out")
        .arg(tmp.path().join("bad"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("directed graph"));
}

#[test]
fn inspect_prints_the_cache_header() {
    let tmp = tempfile::tempdir().unwrap();
    let edges = fixture("social.csv");
    let accounts = fixture("social_accounts.csv");
    let cache = build(
        tmp.path(),
        std::slice::from_ref(&edges),
        &["--accounts", accounts.to_str().unwrap()],
    );
    let out = relais()
        .arg("inspect")
        .arg(&cache)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["layout_version"], 1);
    assert_eq!(info["relais_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["bytes"], std::fs::metadata(&cache).unwrap().len());
    assert_eq!(info["sha256"], sha256_hex(&cache).as_str());
    assert_eq!(info["directed"], true);
    assert_eq!(info["accounts_table"], true);
    // The graph's size agrees with what analyze reports for the source.
    let run_dir = tmp.path().join("run");
    analyze(
        std::slice::from_ref(&edges),
        &run_dir,
        &["--accounts", accounts.to_str().unwrap()],
    );
    let summary = json(&run_dir.join("summary.json"));
    assert_eq!(info["nodes"], summary["graph"]["nodes"]);
    let per_layer: u64 = summary["graph"]["edges_per_layer"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(
        info["edges"].as_u64(),
        Some(per_layer),
        "edges are layer-edges"
    );
    let layers: Vec<&str> = info["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(layers.len() > 1, "social.csv has several kinds: {layers:?}");
    let sources = info["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "edges and accounts");
    assert_eq!(sources[0]["sha256"], sha256_hex(&edges).as_str());
    assert_eq!(sources[1]["sha256"], sha256_hex(&accounts).as_str());
    let tags: Vec<&str> = info["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["tag"].as_str().unwrap())
        .collect();
    assert_eq!(&tags[..3], ["meta", "out.off", "out.tgt"]);
    assert!(
        tags.contains(&"layer") && tags.contains(&"accounts"),
        "{tags:?}"
    );
    let out_off = &info["sections"][1];
    assert_eq!(
        out_off["bytes"].as_u64(),
        Some(8 * (info["nodes"].as_u64().unwrap() + 1)),
        "out.off holds n + 1 u64 offsets"
    );

    // The text form names the same facts.
    relais()
        .arg("inspect")
        .arg(&cache)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "graph cache, layout version 1, built by relais",
        ))
        .stdout(predicate::str::contains(sha256_hex(&edges)))
        .stdout(predicate::str::contains(format!(
            "{} accounts, {} edges",
            info["nodes"], info["edges"]
        )))
        .stdout(predicate::str::contains("checksums verified"));

    // A damaged cache is reported by inspect too; --edges needs the sources.
    let mut bytes = std::fs::read(&cache).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let bad = tmp.path().join("bad.relais");
    std::fs::write(&bad, &bytes).unwrap();
    relais()
        .arg("inspect")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("the file is damaged"));
    relais()
        .arg("inspect")
        .arg(&cache)
        .arg("--edges")
        .arg(tmp.path().join("edges.csv"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("keeps no edge records"));
}

#[test]
fn audit_on_a_cache_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = build(tmp.path(), &[fixture("social.csv")], &[]);
    let out = tmp.path().join("audit");
    relais()
        .arg("audit")
        .arg(&cache)
        .args(["--account", "alice", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("keeps no follow timestamps"));
    assert!(!out.exists());
}
