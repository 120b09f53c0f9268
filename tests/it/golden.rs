//! Reference values: on every network in ../shared/data, relais's columns equal the outputs of
//! NetworkX/igraph stored there (PageRank within 1e-9 of igraph's exact PRPACK solve, integers
//! exactly, graph-level figures within 1e-12).

use std::collections::HashMap;

use crate::support::{json, relais, shared_data, Csv};

/// Runs `relais analyze` on a reference dataset and checks every spine column and summary figure.
fn check(dataset: &str) {
    let dir = shared_data().join(dataset);
    let meta = json(&dir.join("meta.json"));
    let reference = json(
        &shared_data()
            .join("reference")
            .join(format!("{dataset}.json")),
    );
    let directed = meta["directed"].as_bool().unwrap();
    let weighted = meta["weighted"].as_bool().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut cmd = relais();
    cmd.arg("analyze")
        .arg(dir.join("edges.csv"))
        .arg("--accounts")
        .arg(dir.join("nodes.csv"))
        .arg("--out")
        .arg(&out)
        .arg("-q");
    if !directed {
        cmd.arg("--undirected");
    }
    // The references hold no betweenness/closeness beyond 20k nodes: sample coarsely there to
    // keep the test fast (tests/it/centrality.rs checks the sampling bounds).
    if meta["n_nodes"].as_u64().unwrap() > 20_000 {
        cmd.args([
            "--betweenness",
            "approx",
            "--closeness",
            "approx",
            "--epsilon",
            "0.05",
        ]);
    }
    cmd.assert().success();

    let table = Csv::read(&out.join("accounts.csv"));
    let nodes = &reference["nodes"];
    let ids: Vec<String> = nodes["id"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .collect();
    assert_eq!(
        table.rows.len(),
        ids.len(),
        "{dataset}: one row per account"
    );

    let column = |name: &str| -> HashMap<String, f64> {
        table
            .by_account(name)
            .into_iter()
            .map(|(k, v)| (k, v.parse::<f64>().unwrap()))
            .collect()
    };
    let reference_column = |name: &str| -> Vec<f64> {
        nodes[name]
            .as_array()
            .unwrap_or_else(|| panic!("{dataset}: reference has no {name}"))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let compare = |ours: &str, theirs: &str, tolerance: f64| {
        if !nodes[theirs].is_array() {
            return 0.0;
        }
        let got = column(ours);
        let want = reference_column(theirs);
        let mut worst = 0.0f64;
        for (id, w) in ids.iter().zip(&want) {
            let g = got[id];
            worst = worst.max((g - w).abs());
            assert!(
                (g - w).abs() <= tolerance,
                "{dataset}: {ours} of {id} = {g}, reference {theirs} = {w}"
            );
        }
        worst
    };

    if directed {
        compare("in_degree", "in_degree", 0.0);
        compare("out_degree", "out_degree", 0.0);
    } else {
        compare("in_degree", "degree", 0.0);
        compare("out_degree", "degree", 0.0);
        if weighted {
            compare("in_strength", "strength", 1e-9);
        }
    }
    let pagerank_ref = if weighted {
        "pagerank_weighted_prpack"
    } else {
        "pagerank_prpack"
    };
    compare("pagerank", pagerank_ref, 1e-9);
    compare("core", "core_number", 0.0);

    // The centrality suite, where it was computed exactly (auto mode samples on large graphs;
    // tests/it/centrality.rs checks the sampled bounds).
    let centrality = &json(&out.join("summary.json"))["centrality"];
    if centrality["betweenness"]["method"] == "exact" {
        compare("betweenness", "betweenness", 1e-6);
    }
    if centrality["closeness"]["method"] == "exact" {
        compare("closeness", "closeness", 1e-6);
        compare("harmonic", "harmonic", 1e-6);
        if directed {
            compare("closeness_out", "closeness_out", 1e-6);
            compare("harmonic_out", "harmonic_out", 1e-6);
        }
    }
    compare("eigenvector", "eigenvector", 1e-6);
    if g_unique_hits(&reference) {
        compare("hub", "hubs", 1e-6);
        compare("authority", "authorities", 1e-6);
    }
    compare("clustering", "clustering", 1e-6);

    let summary = json(&out.join("summary.json"));
    let g = &reference["graph"];
    let ours = &summary["graph"];
    assert_eq!(ours["nodes"], g["n_nodes"], "{dataset}: nodes");
    assert_eq!(ours["edges"], g["n_edges"], "{dataset}: edges");
    assert_eq!(
        ours["weak_components"], g["n_weakly_connected_components"],
        "{dataset}"
    );
    assert_eq!(
        ours["largest_weak_component"], g["largest_wcc_size"],
        "{dataset}"
    );
    assert_eq!(
        ours["strong_components"], g["n_strongly_connected_components"],
        "{dataset}"
    );
    assert_eq!(
        ours["largest_strong_component"], g["largest_scc_size"],
        "{dataset}"
    );
    assert_eq!(ours["isolated_nodes"], g["n_isolated_nodes"], "{dataset}");
    let close =
        |a: &serde_json::Value, b: &serde_json::Value, what: &str| match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{dataset}: {what} {x} vs {y}"),
            _ => assert_eq!(a, b, "{dataset}: {what}"),
        };
    close(&ours["density"], &g["density"], "density");
    close(&ours["reciprocity"], &g["reciprocity"], "reciprocity");
    assert_eq!(summary["pagerank"]["converged"], true);

    // Weak component ids: canonical (0 = largest) and consistent with the sizes.
    let wcc = column("wcc");
    let largest = wcc.values().filter(|&&c| c == 0.0).count() as u64;
    assert_eq!(
        Some(largest),
        g["largest_wcc_size"].as_u64(),
        "{dataset}: wcc 0 is the largest"
    );
}

/// Whether HITS has a unique solution on the reference graph (not on bipartite `davis`).
fn g_unique_hits(reference: &serde_json::Value) -> bool {
    reference["graph"]["hits_uniqueness"]["unique"]
        .as_bool()
        .unwrap_or(false)
        && reference["nodes"]["hubs"].is_array()
}

macro_rules! golden {
    ($($name:ident => $dataset:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check($dataset);
            }
        )*
    };
}

golden! {
    karate => "karate",
    lesmis => "lesmis",
    dolphins => "dolphins",
    football => "football",
    polbooks => "polbooks",
    florentine => "florentine",
    davis => "davis",
    wiki_vote => "wiki-vote",
    musae_github => "musae-github",
    polblogs => "polblogs",
    email_eu_core => "email-eu-core",
    netscience => "netscience",
    lastfm_asia => "lastfm-asia",
    twitch_fr => "twitch-fr",
    musae_facebook => "musae-facebook",
    email_enron => "email-enron",
}
