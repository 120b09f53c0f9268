//! `relais seeds`: IMM against brute-force greedy on small graphs (through the library), and the
//! subcommand through the binary (outputs, determinism across thread counts, errors).

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use relais::config::IngestConfig;
use relais::graph::{build, BuildConfig, EdgeTable, Interner};
use relais::influence::{
    imm, influence_graph, spread, InfluenceGraph, Model, Probability, SeedsConfig,
};
use relais::{Graph, NodeId};

use crate::support::{json, relais, shared_data, Csv};

/// A graph over nodes "0".."n-1" from attention edges `(u, v, layer)`.
fn graph(n: usize, edges: &[(u32, u32, u8)], layers: &[&str], directed: bool) -> Graph {
    let mut ids = Interner::new();
    for i in 0..n {
        ids.intern(&i.to_string()).unwrap();
    }
    let mut t = EdgeTable {
        layer_names: layers.iter().map(|l| l.to_string()).collect(),
        ..EdgeTable::default()
    };
    for &(u, v, l) in edges {
        t.src.push(u);
        t.dst.push(v);
        t.layer.push(l);
    }
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

/// A seeded random directed graph: `m` attention edges, a few hubs attracting most of them; with
/// `reposts`, a second layer of repeated reposts along some follow edges.
fn random_graph(n: usize, m: usize, reposts: bool, seed: u64) -> Graph {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut edges = Vec::new();
    while edges.len() < m {
        let u = rng.random_range(0..n as u32);
        // Half the targets among the first n/8 nodes: hubs.
        let v = if rng.random_bool(0.5) {
            rng.random_range(0..(n / 8) as u32)
        } else {
            rng.random_range(0..n as u32)
        };
        if u != v {
            edges.push((u, v, 0));
            if reposts && rng.random_bool(0.4) {
                for _ in 0..rng.random_range(1..4) {
                    edges.push((u, v, 1));
                }
            }
        }
    }
    graph(n, &edges, &["follow", "repost"], true)
}

fn karate() -> Graph {
    let cfg = IngestConfig {
        paths: vec![shared_data().join("karate/edges.csv")],
        ..IngestConfig::default()
    };
    let input = relais::ingest::load(&cfg, &ProgressBar::hidden()).unwrap();
    build(&input.edges, input.names, &BuildConfig { directed: false }).0
}

/// Greedy hill climbing with Monte-Carlo spread (Kempe et al. 2003): each step adds the node
/// with the largest simulated spread (every candidate simulated with the same streams).
fn greedy(ig: &InfluenceGraph, model: Model, k: usize) -> Vec<NodeId> {
    let mut chosen: Vec<NodeId> = Vec::new();
    for _ in 0..k {
        let mut best = (f64::MIN, 0);
        for v in 0..ig.node_count() as NodeId {
            if chosen.contains(&v) {
                continue;
            }
            let mut s = chosen.clone();
            s.push(v);
            let m = spread(ig, model, &s, 1_000, 0.0, 99).mean;
            if m > best.0 {
                best = (m, v);
            }
        }
        chosen.push(best.1);
    }
    chosen
}

/// IMM's spread is at least greedy's, within the Monte-Carlo error, for k = 1..3.
fn imm_matches_greedy(name: &str, g: &Graph, model: Model, probability: Probability) {
    for k in 1..=3 {
        let cfg = SeedsConfig {
            k,
            model,
            probability,
            seed: 5,
            ..SeedsConfig::default()
        };
        let (ig, report) = influence_graph(g, &cfg, None).unwrap();
        assert_eq!(report.used, probability, "{name}");
        let found = imm(&ig, &cfg).unwrap();
        let ours: Vec<NodeId> = found.picks.iter().map(|p| p.node).collect();
        let theirs = greedy(&ig, model, k);
        let a = spread(&ig, model, &ours, 20_000, 0.0, 1234);
        let b = spread(&ig, model, &theirs, 20_000, 0.0, 1234);
        let tolerance = (a.ci_high - a.mean) + (b.ci_high - b.mean) + 0.01 * b.mean;
        assert!(
            a.mean >= b.mean - tolerance,
            "{name} {model:?} {probability:?} k={k}: IMM {ours:?} spread {:.3}, greedy {theirs:?} \
             {:.3} (tolerance {tolerance:.3})",
            a.mean,
            b.mean
        );
        // The RR estimate of IMM's seeds agrees with simulation (ε-relative, loosely).
        let est = found.picks.last().unwrap().cumulative;
        assert!(
            (est - a.mean).abs() <= 0.1 * a.mean + 0.5,
            "{name} k={k}: RR estimate {est} vs MC {}",
            a.mean
        );
    }
}

#[test]
fn imm_matches_brute_force_greedy_on_random_graphs() {
    for (i, (n, m)) in [(30, 90), (45, 160), (60, 240)].into_iter().enumerate() {
        let g = random_graph(n, m, false, 10 + i as u64);
        for model in [Model::Ic, Model::Lt] {
            imm_matches_greedy(
                &format!("random{n}"),
                &g,
                model,
                Probability::WeightedCascade,
            );
        }
    }
}

#[test]
fn imm_matches_brute_force_greedy_with_observed_probabilities() {
    let g = random_graph(50, 200, true, 3);
    for model in [Model::Ic, Model::Lt] {
        imm_matches_greedy("random-reposts", &g, model, Probability::Observed);
    }
}

#[test]
fn imm_matches_brute_force_greedy_on_karate() {
    let g = karate();
    assert_eq!(g.node_count(), 34);
    for model in [Model::Ic, Model::Lt] {
        imm_matches_greedy("karate", &g, model, Probability::WeightedCascade);
    }
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example")
}

fn run_seeds(out: &Path, args: &[&str]) -> String {
    let output = relais()
        .arg("seeds")
        .arg(example())
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn seeds_on_the_example_beat_the_baselines() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let stdout = run_seeds(
        &out,
        &["--k", "5", "--simulations", "4000", "--ci-target", "0"],
    );
    let seeds = Csv::read(&out.join("seeds.csv"));
    assert_eq!(
        seeds.header,
        [
            "rank",
            "account",
            "handle",
            "marginal_gain",
            "cumulative_spread"
        ]
    );
    assert_eq!(seeds.rows.len(), 5);
    let gains: Vec<f64> = seeds.rows.iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(
        gains.windows(2).all(|w| w[0] >= w[1]),
        "greedy gains decrease: {gains:?}"
    );
    let cumulative: f64 = seeds.rows[4][4].parse().unwrap();
    assert!((cumulative - gains.iter().sum::<f64>()).abs() < 1e-6);
    for r in &seeds.rows {
        assert!(r[2].contains('_'), "handle from accounts.csv: {r:?}");
        assert!(stdout.contains(&r[1]), "terminal lists {}", r[1]);
    }

    let cmp = Csv::read(&out.join("comparison.csv"));
    let col = |name: &str| cmp.col(name);
    let strategies: Vec<&str> = cmp
        .rows
        .iter()
        .map(|r| r[col("strategy")].as_str())
        .collect();
    assert_eq!(strategies, ["imm", "followers", "pagerank"]);
    let num = |r: usize, c: &str| -> f64 { cmp.rows[r][col(c)].parse().unwrap() };
    for r in 0..3 {
        assert_eq!(cmp.rows[r][col("k")], "5");
        assert_eq!(cmp.rows[r][col("simulations")], "4000");
        assert!(num(r, "ci_low") < num(r, "mc_mean") && num(r, "mc_mean") < num(r, "ci_high"));
        assert_eq!(cmp.rows[r][col("seeds")].split(' ').count(), 5);
    }
    // IMM's seeds reach at least as far as the largest accounts' (within the intervals).
    for (r, name) in strategies.iter().enumerate().skip(1) {
        assert!(num(0, "ci_high") >= num(r, "ci_low"), "imm vs {name}");
    }
    // The IMM row's seeds are seeds.csv's accounts, and the RR estimate is the cumulative spread.
    let listed: Vec<&str> = seeds.rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(cmp.rows[0][col("seeds")], listed.join(" "));
    assert!((num(0, "rr_estimate") - cumulative).abs() < 1e-6);

    let doc = json(&out.join("seeds.json"));
    assert_eq!(doc["config"]["k"], 5);
    assert_eq!(doc["probability"]["used"], "weighted-cascade");
    let theta = doc["imm"]["theta"].as_u64().unwrap();
    assert!(theta > 1_000, "θ = {theta}");
    assert!(doc["imm"]["lower_bound"].as_f64().unwrap() >= 5.0);
    let run = json(&out.join("run.json"));
    assert_eq!(run["command"], "seeds");
    assert_eq!(run["rr_sets"].as_u64(), Some(theta));
    assert!(run["stages"].as_array().unwrap().len() >= 3);
}

#[test]
fn seeds_are_identical_for_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    for model in ["ic", "lt"] {
        let mut outs = Vec::new();
        for threads in ["1", "2"] {
            let out = tmp.path().join(format!("{model}{threads}"));
            run_seeds(
                &out,
                &[
                    "--k",
                    "4",
                    "--model",
                    model,
                    "--simulations",
                    "1000",
                    "--seed",
                    "3",
                    "--threads",
                    threads,
                ],
            );
            outs.push(out);
        }
        for file in ["seeds.csv", "comparison.csv", "seeds.json"] {
            let a = std::fs::read(outs[0].join(file)).unwrap();
            let b = std::fs::read(outs[1].join(file)).unwrap();
            assert!(a == b, "{model}: {file} differs between --threads 1 and 2");
        }
    }
}

#[test]
fn observed_probabilities_use_reposts_and_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_seeds(
        &out,
        &[
            "--k",
            "3",
            "--probability",
            "observed",
            "--simulations",
            "1000",
        ],
    );
    let doc = json(&out.join("seeds.json"));
    let p = &doc["probability"];
    assert_eq!(p["used"], "observed");
    let mut layers: Vec<&str> = p["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    layers.sort_unstable();
    assert_eq!(layers, ["quote", "repost"]);
    assert!(p["posts_from_table"].as_u64().unwrap() > 0, "{p}");
    let mean = p["mean_weight"].as_f64().unwrap();
    assert!(mean > 0.0 && mean <= 1.0, "{p}");
    // A posts column that is not there is an error naming it.
    let output = relais()
        .args([
            "seeds",
            "--probability",
            "observed",
            "--posts-col",
            "nope",
            "--out",
        ])
        .arg(tmp.path().join("x"))
        .arg(example())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope"));
}

#[test]
fn seeds_on_a_reference_network() {
    // email-eu-core: directed, 1,005 accounts, 25,571 edges.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = relais()
        .arg("seeds")
        .arg(shared_data().join("email-eu-core/edges.csv"))
        .arg("--accounts")
        .arg(shared_data().join("email-eu-core/nodes.csv"))
        .args(["--k", "5", "--simulations", "2000", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cmp = Csv::read(&out.join("comparison.csv"));
    let mean: Vec<f64> = cmp
        .rows
        .iter()
        .map(|r| r[cmp.col("mc_mean")].parse().unwrap())
        .collect();
    let high: Vec<f64> = cmp
        .rows
        .iter()
        .map(|r| r[cmp.col("ci_high")].parse().unwrap())
        .collect();
    assert!(mean[0] >= 5.0);
    assert!(high[0] >= mean[1] && high[0] >= mean[2], "{mean:?}");
    let doc = json(&out.join("seeds.json"));
    assert_eq!(doc["imm"]["nodes"], 1005);
}

#[test]
fn bad_seeds_options_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (vec!["--k", "0"], "seeds.k"),
        (vec!["--epsilon", "1.5"], "seeds.epsilon"),
        (vec!["--delta", "0"], "seeds.delta"),
        (vec!["--layers", "follow,nope"], "nope"),
        (vec!["--simulations", "1"], "seeds.simulations"),
    ] {
        let output = relais()
            .arg("seeds")
            .arg(example())
            .arg("--out")
            .arg(tmp.path().join("out"))
            .args(&args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!tmp.path().join("out").exists());
    }
}
