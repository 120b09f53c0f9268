//! Reproducible runs through the binary: `--config relais.toml`, `--print-config`, `relais verify`
//! and `relais methods`.

use std::path::Path;

use predicates::prelude::*;

use crate::support::{json, relais, write, Csv};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/fixtures")
        .join(name)
}

#[test]
fn config_file_sets_options_and_given_flags_override_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("social.csv"), tmp.path().join("edges.csv")).unwrap();
    // Relative paths in the file are relative to the file's folder, not to the working folder.
    let cfg = write(
        tmp.path(),
        "relais.toml",
        "seed = 11\n\n[input]\npaths = [\"edges.csv\"]\n\n[metrics.pagerank]\ndamping = 0.7\n\n\
         [community]\nresolution = 0.5\n\n[output]\nout = \"res\"\ntop = 3\n",
    );
    relais()
        .current_dir(std::env::temp_dir())
        .args(["analyze", "--config"])
        .arg(&cfg)
        .args(["--seed", "5", "-q"])
        .assert()
        .success();
    let run = json(&tmp.path().join("res/run.json"));
    let c = &run["config"];
    assert_eq!(c["metrics"]["pagerank"]["damping"], 0.7);
    assert_eq!(c["community"]["resolution"], 0.5);
    assert_eq!(c["output"]["top"], 3);
    assert_eq!(run["seed"], 5, "the flag overrides the file");
    assert_eq!(c["community"]["seed"], 5);
    assert_eq!(
        c["metrics"]["betweenness"]["mode"], "auto",
        "absent keys keep defaults"
    );
}

#[test]
fn print_config_round_trips_to_the_same_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("social.csv");
    let printed = relais()
        .args([
            "analyze",
            "--damping",
            "0.8",
            "--resolution",
            "1.5",
            "--seed",
            "3",
        ])
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("a"))
        .arg("--print-config")
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert!(
        !tmp.path().join("a").exists(),
        "--print-config runs nothing"
    );
    let text = String::from_utf8(printed.stdout).unwrap();
    assert!(text.contains("damping = 0.8"), "{text}");
    let cfg = write(tmp.path(), "printed.toml", &text);
    relais()
        .args(["analyze", "-q", "--config"])
        .arg(&cfg)
        .assert()
        .success();
    relais()
        .args([
            "analyze",
            "-q",
            "--damping",
            "0.8",
            "--resolution",
            "1.5",
            "--seed",
            "3",
        ])
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("b"))
        .assert()
        .success();
    for file in ["accounts.csv", "communities.csv", "summary.json"] {
        let a = std::fs::read(tmp.path().join("a").join(file)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(file)).unwrap();
        assert!(a == b, "{file} differs between --config and flags");
    }
}

#[test]
fn config_file_errors_name_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write(
        tmp.path(),
        "bad.toml",
        "seed = 1\n[metrics.pagerank]\ndampng = 0.9\n",
    );
    relais()
        .args(["analyze", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.toml:3:").and(predicate::str::contains("dampng")));
    let cfg = write(tmp.path(), "type.toml", "[community]\nruns = \"many\"\n");
    relais()
        .args(["analyze", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("type.toml:2:"));
}

#[test]
fn verify_confirms_a_run_and_names_what_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("edges.csv");
    std::fs::copy(fixture("social.csv"), &input).unwrap();
    let out = tmp.path().join("out");
    relais()
        .current_dir(tmp.path())
        .args([
            "analyze",
            "edges.csv",
            "--out",
            "out",
            "-q",
            "--threads",
            "1",
        ])
        .assert()
        .success();
    // From another folder and with another thread count: still byte-identical.
    relais()
        .args(["verify", "--threads", "2"])
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("same     accounts.csv")
                .and(predicate::str::contains("same     report.html"))
                .and(predicate::str::is_match(r"verified: \d\d+ outputs byte-identical").unwrap()),
        );
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("verify")),
        "the re-run folder is removed"
    );

    // A tampered output is named, with the first differing byte.
    let accounts = out.join("accounts.csv");
    let mut text = std::fs::read_to_string(&accounts).unwrap();
    let at = text.find('\n').unwrap() + 1;
    text.insert(at, 'X');
    std::fs::write(&accounts, text).unwrap();
    relais()
        .arg("verify")
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "DIFFERS  accounts.csv (first difference at byte {at}"
        )))
        .stderr(predicate::str::contains("outputs are not reproduced"));

    // A changed input is reported and nothing is re-run.
    let mut edges = std::fs::read_to_string(&input).unwrap();
    edges.push_str("zz,yy\n");
    std::fs::write(&input, edges).unwrap();
    let report = relais()
        .args(["verify", "--json"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert!(
        report["inputs"][0]["status"]["changed"]["recorded"].is_string(),
        "{report}"
    );
    assert_eq!(report["files"], serde_json::json!([]));
}

#[test]
fn methods_describe_the_run_and_write_its_references() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    relais()
        .arg("analyze")
        .arg(fixture("social.csv"))
        .arg("--out")
        .arg(&out)
        .args([
            "-q",
            "--community",
            "louvain",
            "--resolution",
            "1.25",
            "--seed",
            "4",
        ])
        .assert()
        .success();
    let summary = json(&out.join("summary.json"));
    let text = relais().arg("methods").arg(&out).output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    let nodes = summary["graph"]["nodes"].as_u64().unwrap();
    assert!(
        text.contains(&format!("graph has {nodes} accounts")),
        "{text}"
    );
    assert!(
        text.contains("Louvain algorithm [blondel2008fast]"),
        "{text}"
    );
    assert!(text.contains("resolution γ = 1.25"), "{text}");
    assert!(text.contains("seed 4"), "{text}");
    let bib = std::fs::read_to_string(out.join("references.bib")).unwrap();
    let cited: Vec<&str> = text
        .split('[')
        .skip(1)
        .flat_map(|s| s.split(']').next().unwrap().split("; "))
        .collect();
    assert!(cited.len() >= 10, "{cited:?}");
    for key in cited {
        assert!(
            bib.contains(&format!("{{{key},")),
            "{key} not in references.bib"
        );
    }
    // The folder still verifies: references.bib is not an analysis output.
    relais().arg("verify").arg(&out).assert().success();
    // The accounts table is untouched by methods.
    assert!(Csv::read(&out.join("accounts.csv")).rows.len() as u64 == nodes);
}
