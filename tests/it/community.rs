//! Communities through the library: modularity against igraph/leidenalg's best of 10 seeds on the
//! reference networks, NMI/ARI against scikit-learn's values, determinism (seed, threads),
//! invariants on random graphs, and the statistics on a hand-built fixture.

use std::collections::HashMap;
use std::path::PathBuf;

use proptest::prelude::*;
use relais::community::{
    adjusted_rand_index, agreement, community_flows, community_stats, detect, modularity, nmi,
    Algorithm, Communities, CommunityConfig, CommunityGraph, Objective, Partition, Ranked,
    StatsConfig,
};
use relais::config::IngestConfig;
use relais::graph::{build, BuildConfig, EdgeTable, Graph, Interner, NodeLabels};
use relais::metrics::weak_components;
use serde_json::Value;

use crate::support::{json, shared_data};

/// A reference network: the graph, its labels, its meta.json and reference JSON.
struct Dataset {
    name: &'static str,
    graph: Graph,
    labels: NodeLabels,
    meta: Value,
    reference: Value,
}

fn dataset(name: &'static str) -> Dataset {
    let dir = shared_data().join(name);
    let meta = json(&dir.join("meta.json"));
    let reference = json(&shared_data().join("reference").join(format!("{name}.json")));
    let cfg = IngestConfig {
        paths: vec![dir.join("edges.csv")],
        accounts: Some(dir.join("nodes.csv")),
        ..IngestConfig::default()
    };
    let input = relais::ingest::load(&cfg, &indicatif::ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let directed = meta["directed"].as_bool().unwrap();
    let (graph, labels, _) = build(&input.edges, input.names, &BuildConfig { directed });
    Dataset {
        name,
        graph,
        labels,
        meta,
        reference,
    }
}

impl Dataset {
    /// The external ids in the reference's node order.
    fn reference_ids(&self) -> Vec<String> {
        self.reference["nodes"]["id"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect()
    }

    /// A reference partition (`nodes.<column>`), in the reference's node order.
    fn reference_partition(&self, column: &str) -> Vec<u32> {
        self.reference["nodes"][column]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no nodes.{column}", self.name))
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect()
    }

    /// The ground-truth column of nodes.csv by external id (empty values left out), as integers.
    fn truth(&self) -> HashMap<String, u32> {
        let column = self.meta["ground_truth"].as_str().unwrap();
        let path: PathBuf = shared_data().join(self.name).join("nodes.csv");
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header = reader.headers().unwrap().clone();
        let col = header.iter().position(|h| h == column).unwrap();
        let mut classes: HashMap<String, u32> = HashMap::new();
        let mut truth = HashMap::new();
        for record in reader.records() {
            let record = record.unwrap();
            let value = record.get(col).unwrap_or("");
            if value.is_empty() {
                continue;
            }
            let next = classes.len() as u32;
            let class = *classes.entry(value.to_string()).or_insert(next);
            truth.insert(record[0].to_string(), class);
        }
        truth
    }
}

// ------------------------------------------------------------------ modularity vs reference

/// Default Leiden reaches the reference modularity (leidenalg, best of 10 seeds) minus 0.002,
/// unweighted and, on weighted graphs, weighted.
fn check_modularity(name: &'static str) {
    let d = dataset(name);
    let weighted = d.meta["weighted"].as_bool().unwrap();
    for w in if weighted {
        vec![false, true]
    } else {
        vec![false]
    } {
        let key = if w { "weighted" } else { "unweighted" };
        let reference = d.reference["communities"][key]["leiden"]["modularity"]
            .as_f64()
            .unwrap();
        let cfg = CommunityConfig {
            weighted: w,
            ..CommunityConfig::default()
        };
        let found = detect(&d.graph, &cfg);
        // The reported modularity is the modularity of the partition, recomputed on the view.
        let view = CommunityGraph::new(&d.graph, &cfg);
        let q = modularity(&view, &found.partition, 1.0);
        assert!((q - found.modularity).abs() < 1e-12);
        eprintln!(
            "{name} {key}: modularity {q:.5} (reference {reference:.5}, {:+.5}), {} communities, {} runs",
            q - reference,
            found.partition.count(),
            found.runs.len()
        );
        assert!(
            q >= reference - 0.002,
            "{name} {key}: modularity {q} < reference {reference} - 0.002"
        );
    }
}

macro_rules! modularity_tests {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_modularity($name);
            }
        )*
    };
}

modularity_tests! {
    leiden_karate => "karate",
    leiden_lesmis => "lesmis",
    leiden_dolphins => "dolphins",
    leiden_football => "football",
    leiden_polbooks => "polbooks",
    leiden_florentine => "florentine",
    leiden_davis => "davis",
    leiden_wiki_vote => "wiki-vote",
    leiden_musae_github => "musae-github",
    leiden_polblogs => "polblogs",
    leiden_email_eu_core => "email-eu-core",
    leiden_netscience => "netscience",
    leiden_lastfm_asia => "lastfm-asia",
    leiden_twitch_fr => "twitch-fr",
    leiden_musae_facebook => "musae-facebook",
    leiden_email_enron => "email-enron",
}

/// Louvain and label propagation give sensible partitions too: Louvain (one run per seed, auto
/// runs) within 0.01 of igraph's best Louvain on email-eu-core; label propagation, which has no
/// objective, above 0.7 on lastfm-asia. (On dense graphs such as email-eu-core label propagation
/// floods into one community: a known weakness of the method, Raghavan et al. 2007.)
#[test]
fn louvain_and_label_propagation_are_sensible() {
    let d = dataset("email-eu-core");
    let reference = d.reference["communities"]["unweighted"]["louvain_igraph"]["modularity"]
        .as_f64()
        .unwrap();
    let louvain = detect(
        &d.graph,
        &CommunityConfig {
            algorithm: Algorithm::Louvain,
            ..CommunityConfig::default()
        },
    );
    assert!(
        louvain.modularity >= reference - 0.01,
        "{}",
        louvain.modularity
    );
    let d = dataset("lastfm-asia");
    let lpa = detect(
        &d.graph,
        &CommunityConfig {
            algorithm: Algorithm::LabelPropagation,
            ..CommunityConfig::default()
        },
    );
    assert!(lpa.modularity > 0.7, "{}", lpa.modularity);
}

// ------------------------------------------------------------------ NMI / ARI vs scikit-learn

/// On the reference partitions themselves, `nmi`, `adjusted_rand_index` and `agreement` give
/// scikit-learn's values (stored in the reference JSON) to 1e-9, on all labelled nodes and on the
/// labelled nodes of the largest component.
fn check_scores(name: &'static str) {
    let d = dataset(name);
    let truth = d.truth();
    let ids = d.reference_ids();
    let n = d.graph.node_count();
    let components = weak_components(&d.graph);
    let weighted = d.meta["weighted"].as_bool().unwrap();
    for (key, suffix) in [("unweighted", ""), ("weighted", "_weighted")] {
        if key == "weighted" && !weighted {
            continue;
        }
        let expected = &d.reference["communities"][key]["vs_ground_truth"];
        for method in ["louvain", "leiden"] {
            let reference = d.reference_partition(&format!("{method}{suffix}"));
            // Straight from the reference arrays, in the reference's node order.
            let (mut found, mut classes) = (Vec::new(), Vec::new());
            let (mut found_lcc, mut classes_lcc) = (Vec::new(), Vec::new());
            let mut by_node = vec![0u32; n];
            let mut truth_by_node = vec![None; n];
            for (i, id) in ids.iter().enumerate() {
                let u = d
                    .labels
                    .find(id)
                    .unwrap_or_else(|| panic!("{name}: no node {id}"));
                by_node[u as usize] = reference[i];
                if let Some(&t) = truth.get(id) {
                    truth_by_node[u as usize] = Some(t);
                    found.push(reference[i]);
                    classes.push(t);
                    if components.id[u as usize] == 0 {
                        found_lcc.push(reference[i]);
                        classes_lcc.push(t);
                    }
                }
            }
            let close = |what: &str, got: f64, field: &str| {
                let want = expected[method][field].as_f64().unwrap();
                assert!(
                    (got - want).abs() < 1e-9,
                    "{name} {key} {method} {what}: {got} vs scikit-learn {want}"
                );
            };
            close("nmi", nmi(&classes, &found), "nmi");
            close("ari", adjusted_rand_index(&classes, &found), "ari");
            close(
                "nmi (largest component)",
                nmi(&classes_lcc, &found_lcc),
                "nmi_largest_component",
            );
            close(
                "ari (largest component)",
                adjusted_rand_index(&classes_lcc, &found_lcc),
                "ari_largest_component",
            );
            // The same through `agreement` on a canonical partition in relais's node order.
            let scored = agreement(&Partition::from_labels(&by_node), &truth_by_node);
            close("agreement.nmi", scored.nmi, "nmi");
            close("agreement.ari", scored.ari, "ari");
            assert_eq!(
                scored.labelled_nodes as u64,
                expected["ground_truth_partition"]["n_labelled_nodes"]
                    .as_u64()
                    .unwrap()
            );
            assert_eq!(
                scored.classes as u64,
                expected["ground_truth_partition"]["n_classes"]
                    .as_u64()
                    .unwrap()
            );
        }
        // The modularity of the ground-truth partition (unlabelled nodes alone), as the oracle.
        let mut labels_by_node = vec![0u32; n];
        for u in 0..n as u32 {
            labels_by_node[u as usize] = match truth.get(d.labels.name(u)) {
                Some(&t) => t,
                None => 1_000_000 + u,
            };
        }
        let cfg = CommunityConfig {
            weighted: key == "weighted",
            ..CommunityConfig::default()
        };
        let q = modularity(
            &CommunityGraph::new(&d.graph, &cfg),
            &Partition::from_labels(&labels_by_node),
            1.0,
        );
        let want = expected["ground_truth_partition"]["modularity"]
            .as_f64()
            .unwrap();
        assert!(
            (q - want).abs() < 1e-9,
            "{name} {key}: truth modularity {q} vs {want}"
        );
    }
}

#[test]
fn scores_match_scikit_learn_on_labelled_networks() {
    for name in [
        "karate",
        "football",
        "polbooks",
        "polblogs",
        "email-eu-core",
        "lastfm-asia",
    ] {
        check_scores(name);
    }
}

#[test]
fn scores_match_scikit_learn_on_large_labelled_networks() {
    for name in ["musae-facebook", "musae-github"] {
        check_scores(name);
    }
}

/// Leiden recovers planted communities (a stochastic block model, 8 blocks of 60): NMI and ARI
/// of the best partition against the blocks.
#[test]
fn planted_partition_is_recovered() {
    let (g, blocks) = planted(8, 60, 0.25, 0.01, 7);
    for algorithm in [Algorithm::Leiden, Algorithm::Louvain] {
        let found = detect(
            &g,
            &CommunityConfig {
                algorithm,
                ..CommunityConfig::default()
            },
        );
        let score = agreement(
            &found.partition,
            &blocks.iter().map(|&b| Some(b)).collect::<Vec<_>>(),
        );
        assert!(
            score.nmi > 0.99 && score.ari > 0.99,
            "{algorithm:?}: {score:?}"
        );
    }
}

/// A stochastic block model: `blocks` blocks of `size` nodes, edge probability `p_in` inside a
/// block and `p_out` between blocks (undirected), seeded.
fn planted(blocks: u32, size: u32, p_in: f64, p_out: f64, seed: u64) -> (Graph, Vec<u32>) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let n = blocks * size;
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).unwrap();
    }
    let mut t = EdgeTable::default();
    for u in 0..n {
        for v in u + 1..n {
            let p = if u / size == v / size { p_in } else { p_out };
            if rng.random::<f64>() < p {
                t.src.push(u);
                t.dst.push(v);
            }
        }
    }
    let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
    let block = (0..n)
        .map(|u| labels.name(u).parse::<u32>().unwrap() / size)
        .collect();
    (g, block)
}

// ------------------------------------------------------------------ determinism

fn all_algorithms() -> Vec<CommunityConfig> {
    vec![
        CommunityConfig::default(),
        CommunityConfig {
            runs: 3,
            directed: true,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            algorithm: Algorithm::Louvain,
            runs: 2,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            algorithm: Algorithm::LabelPropagation,
            runs: 2,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            objective: Objective::Cpm,
            resolution: 0.05,
            runs: 2,
            ..CommunityConfig::default()
        },
    ]
}

/// Bit-level equality of two results (floats compared by bits).
fn assert_identical(a: &Communities, b: &Communities, what: &str) {
    assert_eq!(a.partition, b.partition, "{what}: partitions differ");
    assert_eq!(a.quality.to_bits(), b.quality.to_bits(), "{what}: quality");
    assert_eq!(a, b, "{what}: results differ");
}

/// The same seed gives the same partition; any thread count gives the same result, to the bit.
#[test]
fn results_depend_on_the_seed_only() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    for name in ["polblogs", "karate", "email-eu-core"] {
        let d = dataset(name);
        for cfg in all_algorithms() {
            let what = format!("{name} {:?} {:?}", cfg.algorithm, cfg.objective);
            let a = one.install(|| detect(&d.graph, &cfg));
            let b = two.install(|| detect(&d.graph, &cfg));
            let c = three.install(|| detect(&d.graph, &cfg));
            let again = two.install(|| detect(&d.graph, &cfg));
            assert_identical(&a, &b, &format!("{what}: 1 vs 2 threads"));
            assert_identical(&a, &c, &format!("{what}: 1 vs 3 threads"));
            assert_identical(&b, &again, &format!("{what}: same seed"));
        }
    }
}

/// A sparse planted partition for graphs too large for [`planted`]: `n` nodes in blocks of
/// `size`, each node drawing `inside` neighbours in its block and `outside` anywhere (repeats
/// kept, so weighted views see weights above 1), seeded; directed edges u → v.
fn sparse_planted(n: u32, size: u32, inside: u32, outside: u32, seed: u64) -> Graph {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).unwrap();
    }
    let mut t = EdgeTable::default();
    for u in 0..n {
        let lo = u / size * size;
        let hi = (lo + size).min(n);
        for i in 0..inside + outside {
            let v = if i < inside {
                rng.random_range(lo..hi)
            } else {
                rng.random_range(0..n)
            };
            if u != v {
                t.src.push(u);
                t.dst.push(v);
            }
        }
    }
    build(&t, ids.into_names(), &BuildConfig { directed: true }).0
}

/// Local moving runs its batches in parallel on large networks (here 100,000 nodes, 700,000
/// edges), and label propagation its large colour classes: Leiden, Louvain, the directed view,
/// CPM and label propagation (weighted and simple view) give the same result, to the bit, for 1,
/// 2 and 3 threads; and the partitions are good (modularity above 0.6 for the default Leiden).
#[test]
fn parallel_local_moving_is_identical_for_any_thread_count() {
    let g = sparse_planted(100_000, 50, 5, 2, 11);
    let pool = |t| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .unwrap()
    };
    let (one, two, three) = (pool(1), pool(2), pool(3));
    let configs = [
        CommunityConfig::default(),
        CommunityConfig {
            algorithm: Algorithm::Louvain,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            directed: true,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            objective: Objective::Cpm,
            resolution: 0.05,
            ..CommunityConfig::default()
        },
        // Large colour classes are decided in parallel.
        CommunityConfig {
            algorithm: Algorithm::LabelPropagation,
            ..CommunityConfig::default()
        },
        // The simple view, which stores no weights.
        CommunityConfig {
            algorithm: Algorithm::LabelPropagation,
            weighted: false,
            ..CommunityConfig::default()
        },
    ];
    for cfg in configs {
        let what = format!(
            "{:?} {:?} directed={} weighted={}",
            cfg.algorithm, cfg.objective, cfg.directed, cfg.weighted
        );
        let a = one.install(|| detect(&g, &cfg));
        let b = two.install(|| detect(&g, &cfg));
        let c = three.install(|| detect(&g, &cfg));
        eprintln!(
            "{what}: modularity {:.4}, {} communities, {} iterations",
            a.modularity,
            a.partition.count(),
            a.iterations
        );
        assert_identical(&a, &b, &format!("{what}: 1 vs 2 threads"));
        assert_identical(&a, &c, &format!("{what}: 1 vs 3 threads"));
        if cfg == CommunityConfig::default() {
            assert!(a.modularity > 0.6, "{what}: {}", a.modularity);
        }
    }
}

/// Statistics and flows do not depend on the thread count either (large enough to go parallel).
#[test]
fn statistics_do_not_depend_on_threads() {
    let d = dataset("lastfm-asia");
    let found = detect(
        &d.graph,
        &CommunityConfig {
            runs: 1,
            ..CommunityConfig::default()
        },
    );
    let scores: Vec<f64> = (0..d.graph.node_count()).map(|u| (u % 17) as f64).collect();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let run = || {
        (
            community_stats(
                &d.graph,
                &found.partition,
                Some(&scores),
                &StatsConfig::default(),
            ),
            community_flows(&d.graph, &found.partition),
        )
    };
    let (s1, f1) = one.install(run);
    let (s2, f2) = two.install(run);
    assert_eq!(s1, s2);
    assert_eq!(f1, f2);
    let total: f64 = f1.iter().map(|f| f.weight).sum();
    assert!((total - 2.0 * d.graph.layer_edge_count() as f64).abs() < 1e-9);
}

/// Different seeds explore differently, and several runs report consensus figures.
#[test]
fn runs_report_consensus() {
    let d = dataset("football");
    let found = detect(
        &d.graph,
        &CommunityConfig {
            runs: 5,
            ..CommunityConfig::default()
        },
    );
    assert_eq!(found.runs.len(), 5);
    let best = found.runs[found.best_run as usize].quality;
    assert!(found.runs.iter().all(|r| r.quality <= best));
    assert_eq!(found.quality, best);
    let consensus = found.consensus.as_ref().unwrap();
    assert!(consensus.mean_pairwise_ari > 0.7 && consensus.mean_pairwise_ari <= 1.0);
    assert_eq!(consensus.stability.len(), d.graph.node_count());
    assert!(consensus
        .stability
        .iter()
        .all(|&s| (0.0..=1.0).contains(&s)));
    // Most teams land with their conference-mates in every run.
    let stable = consensus.stability.iter().filter(|&&s| s == 1.0).count();
    assert!(stable * 2 > d.graph.node_count(), "{stable} stable nodes");
    // One run: no consensus.
    let single = detect(
        &d.graph,
        &CommunityConfig {
            runs: 1,
            ..CommunityConfig::default()
        },
    );
    assert!(single.consensus.is_none());
}

// ------------------------------------------------------------------ invariants on random graphs

/// A random multi-layer edge table over `n` accounts (self-loops and duplicates included).
fn table() -> impl Strategy<Value = (usize, Vec<(u32, u32, u8, u8)>)> {
    (1usize..40).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32, 0u8..3, 1u8..4);
        (Just(n), proptest::collection::vec(edge, 0..150))
    })
}

fn graph_of(n: usize, edges: &[(u32, u32, u8, u8)], directed: bool) -> Graph {
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&format!("a{u}")).unwrap();
    }
    let mut t = EdgeTable {
        layer_names: vec!["follow".into(), "repost".into(), "reply".into()],
        ..Default::default()
    };
    let mut w = Vec::new();
    for &(s, d, l, wt) in edges {
        t.src.push(s);
        t.dst.push(d);
        t.layer.push(l);
        w.push(f64::from(wt) * 0.5);
    }
    t.weight = Some(w);
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

/// Modularity of the undirected view computed from the definition, with a map of pairs.
fn naive_modularity(g: &Graph, memb: &[u32], weighted: bool) -> f64 {
    let mut pairs: HashMap<(u32, u32), f64> = HashMap::new();
    for u in 0..g.node_count() as u32 {
        let r = g.out_adjacency().range(u);
        for p in r {
            let v = g.out_adjacency().targets[p];
            let key = (u.min(v), u.max(v));
            let w = if weighted { g.weight(p) } else { 1.0 };
            let slot = pairs.entry(key).or_insert(0.0);
            *slot = if weighted { *slot + w } else { 1.0 };
        }
    }
    if !g.is_directed() && weighted {
        // Undirected graphs store each edge from both ends.
        for w in pairs.values_mut() {
            *w /= 2.0;
        }
    }
    let m: f64 = pairs.values().sum();
    if m == 0.0 {
        return 0.0;
    }
    let k = memb.iter().max().map_or(0, |&c| c as usize + 1);
    let (mut inside, mut degree) = (vec![0.0; k], vec![0.0; k]);
    for (&(u, v), &w) in &pairs {
        degree[memb[u as usize] as usize] += w;
        degree[memb[v as usize] as usize] += w;
        if memb[u as usize] == memb[v as usize] {
            inside[memb[u as usize] as usize] += w;
        }
    }
    (0..k)
        .map(|c| inside[c] / m - (degree[c] / (2.0 * m)).powi(2))
        .sum()
}

/// Whether every community induces a connected subgraph of the undirected view.
fn communities_connected(g: &Graph, p: &Partition) -> bool {
    let members = p.members();
    let mut mark = vec![false; g.node_count()];
    for c in 0..p.count() as u32 {
        let nodes = members.of(c);
        let mut stack = vec![nodes[0]];
        mark[nodes[0] as usize] = true;
        let mut reached = 1;
        while let Some(u) = stack.pop() {
            for &v in g.out_neighbors(u).iter().chain(g.in_neighbors(u)) {
                if p.community(v) == c && !mark[v as usize] {
                    mark[v as usize] = true;
                    reached += 1;
                    stack.push(v);
                }
            }
        }
        if reached != nodes.len() {
            return false;
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn partitions_are_valid(
        (n, edges) in table(),
        directed in any::<bool>(),
        weighted in any::<bool>(),
        algorithm in prop_oneof![
            Just(Algorithm::Leiden),
            Just(Algorithm::Louvain),
            Just(Algorithm::LabelPropagation)
        ],
        seed in 0u64..4,
    ) {
        let g = graph_of(n, &edges, directed);
        let cfg = CommunityConfig { algorithm, weighted, seed, runs: 2, ..CommunityConfig::default() };
        let found = detect(&g, &cfg);
        let p = &found.partition;
        // Every node in exactly one community, ids dense.
        prop_assert_eq!(p.node_count(), n);
        prop_assert!(p.membership().iter().all(|&c| (c as usize) < p.count()));
        let mut sizes = vec![0u32; p.count()];
        for &c in p.membership() {
            sizes[c as usize] += 1;
        }
        prop_assert_eq!(&sizes[..], p.sizes());
        prop_assert!(sizes.iter().all(|&s| s > 0));
        // Canonical: size descending, then smallest member ascending.
        let members = p.members();
        for c in 1..p.count() as u32 {
            let (a, b) = (members.of(c - 1), members.of(c));
            prop_assert!(a.len() > b.len() || (a.len() == b.len() && a[0] < b[0]));
        }
        prop_assert_eq!(&Partition::from_labels(p.membership()), p);
        // The reported modularity is the definition's.
        let naive = naive_modularity(&g, p.membership(), weighted);
        prop_assert!((found.modularity - naive).abs() < 1e-9, "{} vs {}", found.modularity, naive);
        // Leiden's guarantee: communities are connected.
        if algorithm == Algorithm::Leiden {
            prop_assert!(communities_connected(&g, p));
            // And never worse than every node alone.
            let alone = naive_modularity(&g, &(0..n as u32).collect::<Vec<_>>(), weighted);
            prop_assert!(found.modularity >= alone - 1e-12);
        }
    }

    #[test]
    fn parallel_equals_sequential((n, edges) in table(), directed in any::<bool>()) {
        let g = graph_of(n, &edges, directed);
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let cfg = CommunityConfig { runs: 3, directed, ..CommunityConfig::default() };
        let a = one.install(|| detect(&g, &cfg));
        let b = four.install(|| detect(&g, &cfg));
        prop_assert_eq!(a, b);
    }
}

// ------------------------------------------------------------------ statistics fixture

/// Five accounts in two communities, two layers.
fn fixture() -> Graph {
    let mut ids = Interner::new();
    for u in 0..5 {
        ids.intern(&u.to_string()).unwrap();
    }
    let mut t = EdgeTable {
        layer_names: vec!["follow".into(), "mention".into()],
        ..Default::default()
    };
    let mut w = Vec::new();
    // (source, target, layer, weight): 0 1 2 form one community, 3 4 the other.
    for (s, d, l, x) in [
        (0, 1, 0, 1.0),
        (1, 0, 0, 1.0),
        (1, 2, 0, 1.0),
        (2, 0, 1, 2.0),
        (0, 1, 1, 1.0),
        (3, 4, 0, 1.0),
        (4, 3, 0, 1.0),
        (3, 0, 0, 1.0),
        (0, 3, 1, 3.0),
        (2, 4, 0, 1.0),
    ] {
        t.src.push(s);
        t.dst.push(d);
        t.layer.push(l);
        w.push(x);
    }
    t.weight = Some(w);
    build(&t, ids.into_names(), &BuildConfig::default()).0
}

#[test]
fn statistics_of_the_fixture() {
    let g = fixture();
    let p = Partition::from_labels(&[7, 7, 7, 3, 3]);
    let scores = [0.5, 0.1, 0.3, 0.2, 0.2];
    let stats = community_stats(&g, &p, Some(&scores), &StatsConfig::default());
    let r = |node, value: u32| Ranked { node, value };
    let rf = |node, value: f64| Ranked { node, value };
    let a = &stats[0];
    assert_eq!((a.id, a.size, a.internal_edges), (0, 3, 4));
    assert!((a.internal_density - 4.0 / 6.0).abs() < 1e-15);
    assert_eq!(
        (a.internal_weight, a.cut_weight, a.volume),
        (6.0, 5.0, 17.0)
    );
    assert!((a.conductance - 5.0 / 9.0).abs() < 1e-15);
    assert_eq!(a.attention_received, 7.0);
    assert!((a.attention_share - 7.0 / 13.0).abs() < 1e-15);
    assert_eq!(a.top_internal, vec![r(0, 2), r(1, 1), r(2, 1)]);
    assert_eq!(a.top_score, vec![rf(0, 0.5), rf(2, 0.3), rf(1, 0.1)]);
    assert_eq!(a.top_bridges, vec![r(0, 1), r(2, 1)]);
    assert_eq!(a.layer_internal, vec![3, 2]);
    assert_eq!(a.layer_incoming, vec![1, 0]);
    let b = &stats[1];
    assert_eq!((b.id, b.size, b.internal_edges), (1, 2, 2));
    assert_eq!(b.internal_density, 1.0);
    assert_eq!((b.internal_weight, b.cut_weight, b.volume), (2.0, 5.0, 9.0));
    assert!((b.conductance - 5.0 / 9.0).abs() < 1e-15);
    assert_eq!(b.attention_received, 6.0);
    assert_eq!(b.top_internal, vec![r(3, 1), r(4, 1)]);
    assert_eq!(b.top_score, vec![rf(3, 0.2), rf(4, 0.2)]);
    assert_eq!(b.top_bridges, vec![r(3, 1), r(4, 1)]);
    assert_eq!(b.layer_internal, vec![2, 0]);
    assert_eq!(b.layer_incoming, vec![1, 1]);
    // Top lists are cut at `top`.
    let short = community_stats(&g, &p, None, &StatsConfig { top: 1 });
    assert_eq!(short[0].top_internal, vec![r(0, 2)]);
    assert!(short[0].top_score.is_empty());

    let flows = community_flows(&g, &p);
    let cells: Vec<(u32, u32, f64, u64)> = flows
        .iter()
        .map(|f| (f.from, f.to, f.weight, f.edges))
        .collect();
    assert_eq!(
        cells,
        vec![
            (0, 0, 6.0, 5),
            (0, 1, 4.0, 2),
            (1, 0, 1.0, 1),
            (1, 1, 2.0, 2)
        ]
    );
}

/// The layer filter: on the follow layer alone, the mention-only tie 0 → 3 disappears.
#[test]
fn layers_select_the_view() {
    let g = fixture();
    let all = CommunityGraph::new(&g, &CommunityConfig::default());
    let follow = CommunityGraph::new(
        &g,
        &CommunityConfig {
            layers: Some(vec!["follow".into()]),
            ..CommunityConfig::default()
        },
    );
    assert_eq!(all.total_weight(), 13.0);
    assert_eq!(follow.total_weight(), 7.0);
    let cfg = CommunityConfig {
        layers: Some(vec!["like".into()]),
        ..CommunityConfig::default()
    };
    assert!(cfg.check_layers(&g).is_err());
}

/// On `relais simulate` graphs, Leiden's NMI against the planted communities is as high as the
/// reference libraries' (igraph Leiden and Louvain, leidenalg, NetworKit PLM and ParallelLeiden,
/// each the best of 10 seeds by modularity; data/golden/simulate_nmi.json, made by
/// data/golden/make_sim_nmi.py from the same simulate arguments).
///
/// Each reference is one draw among partitions of equal modularity (on mu03_20k the five span NMI
/// 0.9371–0.9476 at modularity 0.6006–0.6011, and NMI follows the number of communities kept, 60
/// to 65 of the 131 planted), so one relais draw against the best of five draws is a coin toss
/// (30 seeds: 8–12 of 30 reach the best − 0.002). The comparison is therefore draw for draw:
/// relais, like the references, keeps the best of 10 runs by modularity, for 10 seeds; its mean
/// NMI must reach the libraries' mean, its best the libraries' best − 0.002, and every seed's
/// modularity the best reference modularity − 0.002.
#[test]
fn nmi_on_simulated_graphs_is_at_least_the_reference_libraries() {
    let golden =
        json(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/golden/simulate_nmi.json"));
    for spec in golden["graphs"].as_array().unwrap() {
        let name = spec["name"].as_str().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let sim = tmp.path().join("sim");
        let args: Vec<&str> = spec["simulate_args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        crate::support::relais()
            .arg("simulate")
            .args(&args)
            .arg("--out")
            .arg(&sim)
            .arg("-q")
            .assert()
            .success();
        let cfg = IngestConfig {
            paths: vec![sim.join("edges.csv")],
            ..IngestConfig::default()
        };
        let input = relais::ingest::load(&cfg, &indicatif::ProgressBar::hidden()).unwrap();
        let (g, labels, _) = build(&input.edges, input.names, &BuildConfig::default());
        assert_eq!(
            g.node_count() as u64,
            spec["nodes"].as_u64().unwrap(),
            "{name}"
        );
        let truth = crate::support::Csv::read(&sim.join("truth.csv"));
        let planted = truth.by_account("community");
        let classes: Vec<Option<u32>> = (0..g.node_count() as u32)
            .map(|u| {
                let c = &planted[labels.name(u)];
                (!c.is_empty()).then(|| c.parse().unwrap())
            })
            .collect();
        let reference = spec["reference"].as_object().unwrap();
        let refs: Vec<(&String, f64, f64)> = reference
            .iter()
            .map(|(lib, r)| {
                let q = r["modularity"].as_f64().unwrap();
                (lib, r["nmi"].as_f64().unwrap(), q)
            })
            .collect();
        let ref_mean = refs.iter().map(|r| r.1).sum::<f64>() / refs.len() as f64;
        let (best_lib, ref_best, _) = *refs.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        let ref_q = refs.iter().map(|r| r.2).fold(f64::MIN, f64::max);
        let mut nmis = Vec::new();
        for seed in 0..10 {
            let cfg = CommunityConfig {
                runs: 10,
                seed,
                ..CommunityConfig::default()
            };
            let found = detect(&g, &cfg);
            let ours = agreement(&found.partition, &classes);
            assert_eq!(
                ours.labelled_nodes as u64,
                spec["labelled"].as_u64().unwrap()
            );
            eprintln!(
                "{name}, seed {seed}: relais NMI {:.4} ARI {:.4} Q {:.4} ({} communities)",
                ours.nmi,
                ours.ari,
                found.modularity,
                found.partition.count()
            );
            assert!(
                found.modularity >= ref_q - 0.002,
                "{name}, seed {seed}: modularity {} < best reference {ref_q} - 0.002",
                found.modularity
            );
            nmis.push(ours.nmi);
        }
        let mean = nmis.iter().sum::<f64>() / nmis.len() as f64;
        let best = nmis.iter().copied().fold(f64::MIN, f64::max);
        eprintln!(
            "{name}: relais NMI mean {mean:.4}, best {best:.4}; references mean {ref_mean:.4}, \
             best {best_lib} {ref_best:.4}"
        );
        assert!(
            mean >= ref_mean,
            "{name}: mean NMI {mean} < the libraries' mean {ref_mean}"
        );
        assert!(
            best >= ref_best - 0.002,
            "{name}: best NMI {best} < {best_lib}'s {ref_best} - 0.002"
        );
    }
}
