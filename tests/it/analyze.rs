//! `relais analyze` end to end: formats, columns, outputs, determinism.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::{json, relais, shared_data, write, Csv};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/fixtures")
        .join(name)
}

/// Runs `relais analyze ARGS --out tmp/out -q` and returns the output folder.
fn analyze(tmp: &Path, args: &[&str]) -> PathBuf {
    let out = tmp.join("out");
    relais()
        .arg("analyze")
        .args(args)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    out
}

/// The expected accounts of `data/fixtures/social.*`: per account (in_degree, out_degree,
/// in_strength, in_follow, in_repost, in_mention, in_reply).
const SOCIAL: [(&str, [&str; 7]); 5] = [
    ("alice", ["2", "1", "2", "1", "0", "1", "0"]),
    ("bob", ["3", "1", "5", "3", "1", "0", "0"]),
    ("carol", ["1", "1", "1", "0", "0", "0", "1"]),
    ("dave", ["0", "2", "0", "0", "0", "0", "0"]),
    ("erin", ["0", "1", "0", "0", "0", "0", "0"]),
];

fn check_social(out: &Path) {
    let t = Csv::read(&out.join("accounts.csv"));
    assert_eq!(t.header[0], "account");
    for (i, col) in [
        "in_degree",
        "out_degree",
        "in_strength",
        "in_follow",
        "in_repost",
        "in_mention",
        "in_reply",
    ]
    .iter()
    .enumerate()
    {
        let values = t.by_account(col);
        for (account, expected) in SOCIAL {
            assert_eq!(values[account], expected[i], "{col} of {account}");
        }
    }
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["input"]["self_loops_removed"], 1);
    assert_eq!(summary["input"]["duplicates_merged"], 1);
    assert_eq!(summary["graph"]["edges"], 6);
    assert_eq!(summary["graph"]["edges_per_layer"]["follow"], 4);
    assert_eq!(summary["graph"]["edges_per_layer"]["repost"], 1);
    // bob <-> alice is the only reciprocated pair: 2 of 6 edges.
    assert!((summary["graph"]["reciprocity"].as_f64().unwrap() - 2.0 / 6.0).abs() < 1e-15);
    let total: f64 = t
        .by_account("pagerank")
        .values()
        .map(|v| v.parse::<f64>().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn csv_tsv_jsonl_give_the_same_table() {
    let mut tables = Vec::new();
    for file in ["social.csv", "social.tsv", "social.jsonl"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = analyze(tmp.path(), &[fixture(file).to_str().unwrap()]);
        check_social(&out);
        tables.push(std::fs::read(out.join("accounts.csv")).unwrap());
        let run = json(&out.join("run.json"));
        let format = run["inputs"][0]["format"].as_str().unwrap().to_string();
        assert_eq!(format, ["csv", "tsv", "jsonl"][tables.len() - 1]);
    }
    assert_eq!(tables[0], tables[1]);
    assert_eq!(tables[0], tables[2]);
}

#[test]
fn parquet_input_equals_csv_input() {
    use polars_core::prelude::{Column, DataFrame};
    use polars_io::prelude::ParquetWriter;
    let tmp = tempfile::tempdir().unwrap();
    let src = Csv::read(&fixture("social.csv"));
    let col = |i: usize| {
        src.rows
            .iter()
            .map(|r| r[i].clone())
            .collect::<Vec<String>>()
    };
    let mut df = DataFrame::new(
        src.rows.len(),
        vec![
            Column::new("source".into(), col(0)),
            Column::new("target".into(), col(1)),
            Column::new("kind".into(), col(2)),
            Column::new("timestamp".into(), col(3)),
        ],
    )
    .unwrap();
    let path = tmp.path().join("edges.parquet");
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let out = analyze(tmp.path(), &[path.to_str().unwrap()]);
    check_social(&out);
    let tmp2 = tempfile::tempdir().unwrap();
    let out_csv = analyze(tmp2.path(), &[fixture("social.csv").to_str().unwrap()]);
    assert_eq!(
        std::fs::read(out.join("accounts.csv")).unwrap(),
        std::fs::read(out_csv.join("accounts.csv")).unwrap()
    );
}

#[test]
fn accounts_table_adds_isolated_accounts_and_carries_attributes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze(
        tmp.path(),
        &[
            fixture("social.csv").to_str().unwrap(),
            "--accounts",
            fixture("social_accounts.csv").to_str().unwrap(),
        ],
    );
    let t = Csv::read(&out.join("accounts.csv"));
    assert_eq!(t.rows.len(), 6, "frank has no edge but is an account");
    assert_eq!(t.by_account("handle")["bob"], "@bob");
    assert_eq!(t.by_account("followers_count")["frank"], "5");
    assert_eq!(
        t.by_account("handle")["carol"],
        "",
        "not in the accounts table"
    );
    assert_eq!(t.by_account("in_degree")["frank"], "0");
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["graph"]["isolated_nodes"], 1);
    assert_eq!(summary["graph"]["weak_components"], 2);
    // The Parquet table has the same columns, with numeric attributes typed.
    use polars_io::SerReader;
    let file = std::fs::File::open(out.join("accounts.parquet")).unwrap();
    let df = polars_io::prelude::ParquetReader::new(file)
        .finish()
        .unwrap();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(names, t.header);
    assert_eq!(df.height(), 6);
    assert_eq!(
        df.column("followers_count").unwrap().dtype(),
        &polars_core::prelude::DataType::Int64
    );
}

#[test]
fn folder_input_reads_edges_and_accounts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("export");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(fixture("social.csv"), dir.join("edges.csv")).unwrap();
    std::fs::copy(fixture("social_accounts.csv"), dir.join("accounts.csv")).unwrap();
    let out = analyze(tmp.path(), &[dir.to_str().unwrap()]);
    check_social(&out);
    let run = json(&out.join("run.json"));
    assert_eq!(run["inputs"][1]["role"], "accounts");
    assert_eq!(Csv::read(&out.join("accounts.csv")).rows.len(), 6);
}

#[test]
fn snap_edge_list_with_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze(tmp.path(), &[fixture("snap.txt").to_str().unwrap()]);
    let t = Csv::read(&out.join("accounts.csv"));
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.by_account("in_degree")["1"], "2");
    assert_eq!(t.by_account("out_degree")["4"], "2");
    let summary = json(&out.join("summary.json"));
    assert_eq!(
        summary["graph"]["strong_components"], 2,
        "{{1,2,3}} and {{4}}"
    );
    assert_eq!(summary["graph"]["largest_strong_component"], 3);
    let run = json(&out.join("run.json"));
    assert_eq!(run["inputs"][0]["format"], "edge-list");
    assert_eq!(run["rows"]["edge_rows_read"], 5);
}

#[test]
fn column_mapping_and_weights() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write(tmp.path(), "in.csv", "from;to;w\nx;y;2.5\nx;y;0.5\nz;y;1\n");
    let out = analyze(
        tmp.path(),
        &[
            input.to_str().unwrap(),
            "--source-col",
            "from",
            "--target-col",
            "to",
            "--weight-col",
            "w",
        ],
    );
    let t = Csv::read(&out.join("accounts.csv"));
    assert_eq!(t.by_account("in_strength")["y"], "4");
    assert_eq!(t.by_account("out_strength")["x"], "3");
    assert_eq!(t.by_account("in_degree")["y"], "2");
    // PageRank with weights as strengths: x passes all its score to y either way; y is dangling.
    let pr = t.by_account("pagerank");
    assert_eq!(pr["x"], pr["z"]);
    assert_eq!(t.rows[0][0], "y", "rows are ranked by PageRank");
}

#[test]
fn undirected_degrees_are_symmetric() {
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze(
        tmp.path(),
        &[fixture("snap.txt").to_str().unwrap(), "--undirected"],
    );
    let t = Csv::read(&out.join("accounts.csv"));
    assert_eq!(t.by_account("in_degree"), t.by_account("out_degree"));
    assert_eq!(t.by_account("in_degree")["1"], "3");
    let summary = json(&out.join("summary.json"));
    assert_eq!(summary["graph"]["edges"], 5);
    assert!(summary["graph"]["reciprocity"].is_null());
}

#[test]
fn run_json_records_inputs_config_and_stages() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("social.csv");
    let out = tmp.path().join("out");
    relais()
        .args([
            "analyze",
            input.to_str().unwrap(),
            "--seed",
            "42",
            "--threads",
            "2",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let run = json(&out.join("run.json"));
    let digest: String = Sha256::digest(std::fs::read(&input).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(run["inputs"][0]["sha256"], digest);
    assert_eq!(run["seed"], 42);
    assert_eq!(run["threads"], 2);
    assert_eq!(run["relais_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["config"]["metrics"]["pagerank"]["damping"], 0.85);
    assert_eq!(run["rows"]["edge_rows_read"], 9);
    let stages: Vec<&str> = run["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    // `report` (layout, charts, report.html) is on by default; `--no-report --charts none` skips it.
    assert_eq!(
        stages,
        ["ingest", "build", "metrics", "roles", "write", "report"]
    );
}

#[test]
fn terminal_shows_the_top_accounts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = relais()
        .args([
            "analyze",
            fixture("social.csv").to_str().unwrap(),
            "--top",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].starts_with("5 accounts, 6 edges"), "{stdout}");
    assert!(
        lines[1].contains("account") && lines[1].contains("pagerank"),
        "{stdout}"
    );
    assert!(lines[2].trim_start().starts_with("1  bob"), "{stdout}");
}

/// Same outputs, byte for byte, for 1 and 2 threads (run.json records the thread count and
/// timings, so it is the one file allowed to differ).
#[test]
fn threads_do_not_change_outputs() {
    let input = shared_data().join("musae-github/edges.csv");
    let tmp = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("out{threads}"));
        relais()
            .args([
                "analyze",
                input.to_str().unwrap(),
                "--undirected",
                "-q",
                "--threads",
                threads,
                // Sampled (seeded) betweenness and closeness keep the test fast; they must be
                // identical across thread counts too.
                "--betweenness",
                "approx",
                "--closeness",
                "approx",
                "--epsilon",
                "0.05",
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        outs.push(out);
    }
    for file in [
        "accounts.csv",
        "accounts.parquet",
        "summary.json",
        "communities.csv",
        "communities.parquet",
        "community_flows.csv",
    ] {
        let a = std::fs::read(outs[0].join(file)).unwrap();
        let b = std::fs::read(outs[1].join(file)).unwrap();
        assert!(a == b, "{file} differs between --threads 1 and --threads 2");
    }
}

#[test]
fn existing_output_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("snap.txt");
    let out = analyze(tmp.path(), &[input.to_str().unwrap()]);
    let marker = write(&out, "marker", "previous result");
    relais()
        .args(["analyze", input.to_str().unwrap(), "-q", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("exists; pass --force"));
    assert!(
        marker.exists(),
        "refused run left the previous result alone"
    );
    relais()
        .args(["analyze", input.to_str().unwrap(), "-q", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!marker.exists(), "--force replaced the folder");
    assert!(out.join("accounts.csv").exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

/// Communities through the binary: the `community` column, communities.csv, the flows, and the
/// partition's quality against the reference (leidenalg, best of 10 seeds) and the ground truth.
#[test]
fn communities_tables_and_truth_scores() {
    let dir = shared_data().join("karate");
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze(
        tmp.path(),
        &[
            dir.join("edges.csv").to_str().unwrap(),
            "--accounts",
            dir.join("nodes.csv").to_str().unwrap(),
            "--undirected",
            "--truth-col",
            "club",
        ],
    );
    let summary = json(&out.join("summary.json"));
    let c = &summary["communities"];
    let reference = json(&shared_data().join("reference/karate.json"));
    let best = reference["communities"]["weighted"]["leiden"]["modularity"]
        .as_f64()
        .unwrap();
    assert!(c["modularity"].as_f64().unwrap() >= best - 0.002, "{c}");
    assert_eq!(c["config"]["algorithm"], "leiden");
    assert_eq!(c["truth"]["column"], "club");
    assert_eq!(c["truth"]["labelled_nodes"], 34);
    assert!(c["truth"]["nmi"].as_f64().unwrap() > 0.3, "{c}");
    let count = c["count"].as_u64().unwrap() as usize;

    let accounts = Csv::read(&out.join("accounts.csv"));
    let ids = accounts.by_account("community");
    assert!(ids.values().all(|v| v.parse::<usize>().unwrap() < count));
    let communities = Csv::read(&out.join("communities.csv"));
    assert_eq!(communities.rows.len(), count);
    let sizes: Vec<usize> = communities
        .rows
        .iter()
        .map(|r| r[communities.col("size")].parse().unwrap())
        .collect();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        34,
        "every account in exactly one community"
    );
    assert!(
        sizes.windows(2).all(|w| w[0] >= w[1]),
        "numbered by size descending"
    );
    for (i, row) in communities.rows.iter().enumerate() {
        let members = ids
            .values()
            .filter(|v| v.parse::<usize>().unwrap() == i)
            .count();
        assert_eq!(members, sizes[i]);
        let top = &row[communities.col("top_pagerank")];
        for account in top.split(' ') {
            assert_eq!(ids[account], i.to_string(), "top accounts are members");
        }
    }
    // The flows are symmetric for an undirected graph and sum to twice the total weight.
    let flows = Csv::read(&out.join("community_flows.csv"));
    let total: f64 = flows
        .rows
        .iter()
        .map(|r| r[flows.col("weight")].parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 2.0 * 231.0);
    let run = json(&out.join("run.json"));
    assert_eq!(run["config"]["community"]["seed"], run["seed"]);
}

#[test]
fn community_options_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let social = fixture("social.csv");
    relais()
        .args([
            "analyze",
            social.to_str().unwrap(),
            "--truth-col",
            "party",
            "--out",
        ])
        .arg(tmp.path().join("a"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--truth-col party needs an accounts table",
        ));
    relais()
        .args([
            "analyze",
            social.to_str().unwrap(),
            "--community-layers",
            "follow,poke",
            "--out",
        ])
        .arg(tmp.path().join("b"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("the graph has no layer \"poke\""));
    let out = analyze(
        tmp.path(),
        &[
            social.to_str().unwrap(),
            "--community",
            "louvain",
            "--community-layers",
            "follow",
            "--runs",
            "3",
        ],
    );
    let c = &json(&out.join("summary.json"))["communities"];
    assert_eq!(c["config"]["algorithm"], "louvain");
    assert_eq!(c["runs"], 3);
    assert!(c["mean_pairwise_ari"].is_number());
    let accounts = Csv::read(&out.join("accounts.csv"));
    assert!(accounts.header.contains(&"community_stability".to_string()));
    let communities = Csv::read(&out.join("communities.csv"));
    assert!(communities.header.contains(&"internal_follow".to_string()));
    assert!(communities.header.contains(&"incoming_repost".to_string()));
}
