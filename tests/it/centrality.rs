//! The centrality kernels, called through the library: every column against the NetworkX/igraph
//! reference outputs in ../shared/data/reference and the NetworkX values in data/golden (made by
//! data/golden/make_golden.py) within 1e-6; sampled estimates within their stated ε of the exact
//! values; identical results with 1 and 2 threads.

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use relais::config::IngestConfig;
use relais::graph::{
    build, undirected_simple, BuildConfig, EdgeTable, Graph, Interner, NodeLabels,
};
use relais::metrics::{
    betweenness, brokerage, closeness, clustering, collective_influence, degree_assortativity,
    eigenvector, hits, katz, BetweennessConfig, ClosenessConfig, CollectiveInfluenceConfig,
    Direction, EigenvectorConfig, HitsConfig, KatzConfig, Method, Mode, Sampler, Weighting,
};
use serde_json::Value;

use crate::support::{json, shared_data};

/// Tolerance of every comparison with a reference value.
const TOLERANCE: f64 = 1e-6;

/// Exact path-based measures are skipped on graphs larger than this (tests stay fast).
const EXACT_MAX_NODES: usize = 50_000;

/// A reference network loaded through ingest and build, with the reference's node order.
struct Network {
    name: String,
    g: Graph,
    /// Node id of every reference row.
    rows: Vec<usize>,
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/golden")
}

/// Loads `dir/edges.csv` (and `dir/nodes.csv` when present) and maps the reference ids `ids`.
fn load(name: &str, dir: &Path, directed: bool, ids: &Value) -> Network {
    let nodes = dir.join("nodes.csv");
    let cfg = IngestConfig {
        paths: vec![dir.join("edges.csv")],
        accounts: nodes.exists().then_some(nodes),
        ..IngestConfig::default()
    };
    let input = relais::ingest::load(&cfg, &ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (g, labels, _) = build(&input.edges, input.names, &BuildConfig { directed });
    let rows = ids
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let id = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            find(&labels, &id, name)
        })
        .collect();
    Network {
        name: name.to_string(),
        g,
        rows,
    }
}

fn find(labels: &NodeLabels, id: &str, name: &str) -> usize {
    labels
        .find(id)
        .unwrap_or_else(|| panic!("{name}: no node {id}")) as usize
}

impl Network {
    /// Compares a per-node column with a reference array (null = NaN); returns the largest
    /// absolute difference.
    fn compare(&self, what: &str, ours: &[f64], reference: &Value) -> f64 {
        let want = reference
            .as_array()
            .unwrap_or_else(|| panic!("{}: reference has no {what}", self.name));
        assert_eq!(want.len(), self.rows.len(), "{}: {what} length", self.name);
        let mut worst = 0.0f64;
        for (row, w) in want.iter().enumerate() {
            let got = ours[self.rows[row]];
            match w.as_f64() {
                None => assert!(
                    got.is_nan(),
                    "{}: {what}[{row}] = {got}, want NaN",
                    self.name
                ),
                Some(w) => {
                    let diff = (got - w).abs();
                    worst = worst.max(diff);
                    assert!(
                        diff <= TOLERANCE,
                        "{}: {what}[{row}] = {got}, reference {w}",
                        self.name
                    );
                }
            }
        }
        eprintln!("{}: {what} max abs error {worst:.3e}", self.name);
        worst
    }

    fn compare_scalar(&self, what: &str, ours: f64, reference: &Value) {
        let w = reference
            .as_f64()
            .unwrap_or_else(|| panic!("{}: reference has no {what}", self.name));
        let diff = (ours - w).abs();
        assert!(
            diff <= TOLERANCE,
            "{}: {what} = {ours}, reference {w}",
            self.name
        );
        eprintln!("{}: {what} abs error {diff:.3e}", self.name);
    }
}

fn exact_betweenness() -> BetweennessConfig {
    BetweennessConfig {
        mode: Mode::Exact,
        ..BetweennessConfig::default()
    }
}

fn exact_closeness() -> ClosenessConfig {
    ClosenessConfig {
        mode: Mode::Exact,
        ..ClosenessConfig::default()
    }
}

/// Every column of ../shared/data/reference/<dataset>.json that the kernels produce.
fn check_reference(dataset: &str) {
    let dir = shared_data().join(dataset);
    let meta = json(&dir.join("meta.json"));
    let reference = json(
        &shared_data()
            .join("reference")
            .join(format!("{dataset}.json")),
    );
    let directed = meta["directed"].as_bool().unwrap();
    let net = load(dataset, &dir, directed, &reference["nodes"]["id"]);
    let g = &net.g;
    let nodes = &reference["nodes"];
    let graph = &reference["graph"];
    let small = g.node_count() <= EXACT_MAX_NODES;

    if small && nodes.get("betweenness").is_some() {
        let b = betweenness(g, Weighting::Unweighted, &exact_betweenness());
        assert_eq!(b.method, Method::Exact);
        net.compare("betweenness", &b.scores, &nodes["betweenness"]);
    }
    if small && nodes.get("closeness").is_some() {
        let c = closeness(g, Direction::In, Weighting::Unweighted, &exact_closeness());
        net.compare("closeness", &c.closeness, &nodes["closeness"]);
        net.compare("harmonic", &c.harmonic, &nodes["harmonic"]);
        if directed {
            let c = closeness(g, Direction::Out, Weighting::Unweighted, &exact_closeness());
            net.compare("closeness_out", &c.closeness, &nodes["closeness_out"]);
            net.compare("harmonic_out", &c.harmonic, &nodes["harmonic_out"]);
        }
    }
    let e = eigenvector(g, Weighting::Unweighted, &EigenvectorConfig::default());
    assert!(e.converged, "{dataset}: eigenvector converged");
    net.compare("eigenvector", &e.scores, &nodes["eigenvector"]);
    if nodes.get("eigenvector_weighted").is_some() {
        let e = eigenvector(g, Weighting::Weighted, &EigenvectorConfig::default());
        assert!(e.converged, "{dataset}: eigenvector_weighted converged");
        net.compare(
            "eigenvector_weighted",
            &e.scores,
            &nodes["eigenvector_weighted"],
        );
    }

    let h = hits(g, Weighting::Unweighted, &HitsConfig::default());
    if graph["hits_uniqueness"]["unique"].as_bool() == Some(false) {
        // Not unique (davis is bipartite): check that ours is a fixed point of HITS instead.
        check_hits_fixed_point(g, &h.hubs, &h.authorities);
    } else {
        assert!(h.converged, "{dataset}: hits converged");
        net.compare("hubs", &h.hubs, &nodes["hubs"]);
        net.compare("authorities", &h.authorities, &nodes["authorities"]);
    }

    let simple = undirected_simple(g);
    let c = clustering(&simple);
    net.compare("clustering", &c.local, &nodes["clustering"]);
    net.compare_scalar(
        "average_clustering",
        c.summary.average_clustering,
        &graph["average_clustering"],
    );
    net.compare_scalar(
        "transitivity",
        c.summary.transitivity,
        &graph["transitivity"],
    );
    assert_eq!(
        Some(c.summary.triangles),
        graph["n_triangles_undirected_view"].as_u64(),
        "{dataset}: triangles"
    );
    let r = degree_assortativity(g, &simple);
    net.compare_scalar(
        "degree_assortativity",
        r.degree,
        &graph["degree_assortativity"],
    );
    net.compare_scalar(
        "degree_assortativity_undirected_view",
        r.undirected_view,
        &graph["degree_assortativity_undirected_view"],
    );
}

/// `h ∝ A a` and `a ∝ Aᵀ h` on the combined view, both summing to 1.
fn check_hits_fixed_point(g: &Graph, hubs: &[f64], authorities: &[f64]) {
    let n = g.node_count();
    let dedup = |nbrs: &[u32]| {
        let mut v = nbrs.to_vec();
        v.dedup();
        v
    };
    let a: Vec<f64> = (0..n as u32)
        .map(|v| {
            dedup(g.in_neighbors(v))
                .iter()
                .map(|&u| hubs[u as usize])
                .sum()
        })
        .collect();
    let sa: f64 = a.iter().sum();
    for v in 0..n {
        assert!((a[v] / sa - authorities[v]).abs() < TOLERANCE);
    }
    let h: Vec<f64> = (0..n as u32)
        .map(|u| {
            dedup(g.out_neighbors(u))
                .iter()
                .map(|&v| authorities[v as usize])
                .sum()
        })
        .collect();
    let sh: f64 = h.iter().sum();
    for u in 0..n {
        assert!((h[u] / sh - hubs[u]).abs() < TOLERANCE);
    }
}

/// Every column of data/golden/<dataset>.json.
fn check_golden(dataset: &str) {
    let golden = json(&golden_dir().join(format!("{dataset}.json")));
    let dir = if dataset == "synthetic" {
        golden_dir().join("synthetic")
    } else {
        shared_data().join(dataset)
    };
    let directed = golden["directed"].as_bool().unwrap();
    let net = load(dataset, &dir, directed, &golden["ids"]);
    let g = &net.g;
    let nodes = &golden["nodes"];
    let params = &golden["params"];
    let has = |c: &str| nodes.get(c).is_some();

    for (weighting, suffix) in [
        (Weighting::Unweighted, ""),
        (Weighting::Weighted, "_weighted"),
    ] {
        let col = |c: &str| format!("{c}{suffix}");
        if has(&col("katz")) {
            let cfg = KatzConfig {
                alpha: params[format!("katz{suffix}_alpha")].as_f64().unwrap(),
                ..KatzConfig::default()
            };
            let k = katz(g, weighting, &cfg);
            assert!(k.converged, "{dataset}: katz{suffix} converged");
            net.compare(&col("katz"), &k.scores, &nodes[col("katz")]);
        }
        if has(&col("constraint")) {
            let b = brokerage(g, weighting);
            net.compare(&col("constraint"), &b.constraint, &nodes[col("constraint")]);
            net.compare(
                &col("effective_size"),
                &b.effective_size,
                &nodes[col("effective_size")],
            );
        }
        if has(&col("betweenness")) {
            let b = betweenness(g, weighting, &exact_betweenness());
            net.compare(&col("betweenness"), &b.scores, &nodes[col("betweenness")]);
        }
        if has(&col("closeness")) {
            let c = closeness(g, Direction::In, weighting, &exact_closeness());
            net.compare(&col("closeness"), &c.closeness, &nodes[col("closeness")]);
            net.compare(&col("harmonic"), &c.harmonic, &nodes[col("harmonic")]);
        }
        if has(&col("closeness_out")) {
            let c = closeness(g, Direction::Out, weighting, &exact_closeness());
            net.compare(
                &col("closeness_out"),
                &c.closeness,
                &nodes[col("closeness_out")],
            );
            net.compare(
                &col("harmonic_out"),
                &c.harmonic,
                &nodes[col("harmonic_out")],
            );
        }
        if has(&col("eigenvector")) {
            let e = eigenvector(g, weighting, &EigenvectorConfig::default());
            assert!(e.converged);
            net.compare(&col("eigenvector"), &e.scores, &nodes[col("eigenvector")]);
        }
    }
    let simple = undirected_simple(g);
    let c = clustering(&simple);
    let triangles: Vec<f64> = c.triangles.iter().map(|&t| t as f64).collect();
    net.compare("triangles", &triangles, &nodes["triangles"]);
    let ci = collective_influence(&simple, &CollectiveInfluenceConfig::default());
    net.compare("collective_influence", &ci, &nodes["collective_influence"]);
    if has("hubs") {
        let h = hits(g, Weighting::Unweighted, &HitsConfig::default());
        net.compare("hubs", &h.hubs, &nodes["hubs"]);
        net.compare("authorities", &h.authorities, &nodes["authorities"]);
    }
    if has("clustering") {
        net.compare("clustering", &c.local, &nodes["clustering"]);
        let graph = &golden["graph"];
        net.compare_scalar(
            "average_clustering",
            c.summary.average_clustering,
            &graph["average_clustering"],
        );
        net.compare_scalar(
            "transitivity",
            c.summary.transitivity,
            &graph["transitivity"],
        );
        assert_eq!(
            Some(c.summary.triangles),
            graph["n_triangles_undirected_view"].as_u64()
        );
        let r = degree_assortativity(g, &simple);
        net.compare_scalar(
            "degree_assortativity",
            r.degree,
            &graph["degree_assortativity"],
        );
        net.compare_scalar(
            "degree_assortativity_undirected_view",
            r.undirected_view,
            &graph["degree_assortativity_undirected_view"],
        );
    }
}

macro_rules! datasets {
    ($check:ident: $($name:ident => $dataset:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $check($dataset);
            }
        )*
    };
}

mod reference {
    use super::check_reference;
    datasets! { check_reference:
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
}

mod golden {
    use super::check_golden;
    datasets! { check_golden:
        karate => "karate",
        lesmis => "lesmis",
        dolphins => "dolphins",
        football => "football",
        polbooks => "polbooks",
        florentine => "florentine",
        davis => "davis",
        polblogs => "polblogs",
        email_eu_core => "email-eu-core",
        netscience => "netscience",
        synthetic => "synthetic",
    }
}

/// A graph from (source, target, weight) triples over `n` nodes named `v0..`.
fn graph_of(n: usize, edges: &[(u32, u32, f64)], directed: bool) -> Graph {
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&format!("v{u}")).unwrap();
    }
    let mut t = EdgeTable::default();
    let mut w = Vec::new();
    for &(s, d, wt) in edges {
        t.src.push(s);
        t.dst.push(d);
        w.push(wt);
    }
    t.weight = Some(w);
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

/// A seeded random graph with hubs: each new node links to `k` earlier nodes chosen by
/// preferential attachment, plus random shortcuts; weights in {1, 2, 3}.
fn generated(n: usize, k: usize, directed: bool, seed: u64) -> Graph {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut ends: Vec<u32> = vec![0];
    let mut edges = Vec::new();
    for u in 1..n as u32 {
        for _ in 0..k.min(u as usize) {
            let v = ends[rng.random_range(0..ends.len())];
            let w = f64::from(rng.random_range(1..=3u8));
            if rng.random_bool(0.5) {
                edges.push((u, v, w));
            } else {
                edges.push((v, u, w));
            }
            ends.push(v);
        }
        ends.push(u);
    }
    for _ in 0..n / 10 {
        let (a, b) = (rng.random_range(0..n as u32), rng.random_range(0..n as u32));
        edges.push((a, b, 1.0));
    }
    graph_of(n, &edges, directed)
}

/// Reference networks and two generated graphs for the estimator tests.
fn estimator_graphs() -> Vec<(String, Graph)> {
    let mut out = reference_graphs(&["karate", "polblogs", "email-eu-core", "netscience"]);
    out.push(("generated-undirected".into(), generated(2000, 3, false, 7)));
    out.push(("generated-directed".into(), generated(2000, 4, true, 11)));
    out
}

/// Reference networks (weighted and not, directed and not) and a generated graph for the thread
/// tests, small enough to run every kernel twice.
fn thread_graphs() -> Vec<(String, Graph)> {
    let mut out = reference_graphs(&["karate", "email-eu-core", "netscience"]);
    out.push(("generated-directed".into(), generated(1000, 4, true, 13)));
    out
}

fn reference_graphs(datasets: &[&str]) -> Vec<(String, Graph)> {
    let mut out = Vec::new();
    for &dataset in datasets {
        let dir = shared_data().join(dataset);
        let meta = json(&dir.join("meta.json"));
        let directed = meta["directed"].as_bool().unwrap();
        let net = load(dataset, &dir, directed, &Value::Array(vec![]));
        out.push((dataset.to_string(), net.g));
    }
    out
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn sampled_betweenness_is_within_epsilon() {
    for (name, g) in estimator_graphs() {
        for weighting in [Weighting::Unweighted, Weighting::Weighted] {
            let exact = betweenness(&g, weighting, &exact_betweenness());
            let cfg = BetweennessConfig {
                mode: Mode::Approx,
                epsilon: 0.02,
                delta: 0.1,
                seed: 42,
                ..BetweennessConfig::default()
            };
            let approx = betweenness(&g, weighting, &cfg);
            assert_eq!(approx.method, Method::Sampled);
            let est = approx.estimate.unwrap();
            let err = max_diff(&exact.scores, &approx.scores);
            eprintln!(
                "{name} {weighting:?}: betweenness ε = {}, {} samples, VD ≤ {:?}, max error {err:.4}",
                est.epsilon, est.samples, approx.vertex_diameter_bound
            );
            assert!(err <= est.epsilon, "{name} {weighting:?}: error {err} > ε");
        }
    }
}

#[test]
fn sampled_betweenness_at_one_percent_on_a_generated_graph() {
    let g = generated(4000, 3, false, 3);
    let exact = betweenness(&g, Weighting::Unweighted, &exact_betweenness());
    let cfg = BetweennessConfig {
        mode: Mode::Approx,
        seed: 9,
        ..BetweennessConfig::default()
    };
    let approx = betweenness(&g, Weighting::Unweighted, &cfg);
    let err = max_diff(&exact.scores, &approx.scores);
    let est = approx.estimate.unwrap();
    eprintln!(
        "generated: ε = 0.01, {} samples, max error {err:.5}",
        est.samples
    );
    assert!(err <= 0.01);
    // Auto picks exact on a graph this small.
    let auto = betweenness(&g, Weighting::Unweighted, &BetweennessConfig::default());
    assert_eq!(auto.method, Method::Exact);
    assert_eq!(auto.scores, exact.scores);
}

#[test]
fn kadabra_within_epsilon_and_identical_for_any_thread_count() {
    let g = generated(4000, 3, false, 3);
    let exact = betweenness(&g, Weighting::Unweighted, &exact_betweenness());
    let cfg = BetweennessConfig {
        mode: Mode::Approx,
        epsilon: 0.01,
        delta: 0.1,
        seed: 21,
        ..BetweennessConfig::default()
    };
    let one = with_threads(1, || betweenness(&g, Weighting::Unweighted, &cfg));
    let two = with_threads(2, || betweenness(&g, Weighting::Unweighted, &cfg));
    assert_eq!(one.scores, two.scores);
    let est = one.estimate.unwrap();
    assert_eq!(est, two.estimate.unwrap());
    assert_eq!(est.sampler, Sampler::Kadabra);
    assert_eq!((est.epsilon, est.delta, est.seed), (0.01, 0.1, 21));
    // The Riondato–Kornaropoulos size at δ/2 caps the sample (this graph's hubs have
    // betweenness near 0.1, too high for the adaptive rule to stop much earlier).
    let cap = |g: &Graph, vd: u64| {
        let n = g.node_count() as f64;
        let eps = 0.01 * (n - 2.0) / n;
        (0.5 / (eps * eps) * (((vd - 2) as f64).log2().floor() + 1.0 + (2.0f64 / 0.1).ln())).ceil()
    };
    eprintln!(
        "KADABRA, generated: {} samples (cap {}), max error {:.5}",
        est.samples,
        cap(&g, one.vertex_diameter_bound.unwrap()),
        max_diff(&exact.scores, &one.scores)
    );
    assert!(est.samples as f64 <= cap(&g, one.vertex_diameter_bound.unwrap()));
    assert!(max_diff(&exact.scores, &one.scores) <= 0.01);
    // Another seed draws other paths but keeps the guarantee.
    let other = betweenness(
        &g,
        Weighting::Unweighted,
        &BetweennessConfig { seed: 22, ..cfg },
    );
    assert_ne!(other.scores, one.scores);
    assert!(max_diff(&exact.scores, &other.scores) <= 0.01);
}

/// A `side × side` torus (undirected grid with wrap-around): every node has the same, small
/// betweenness.
fn torus(side: u32) -> Graph {
    let mut ids = Interner::new();
    let mut t = EdgeTable::default();
    let name = |x: u32, y: u32| format!("{}", (y % side) * side + x % side);
    for y in 0..side {
        for x in 0..side {
            for (a, b) in [(x + 1, y), (x, y + 1)] {
                t.src.push(ids.intern(&name(x, y)).unwrap());
                t.dst.push(ids.intern(&name(a, b)).unwrap());
            }
        }
    }
    build(&t, ids.into_names(), &BuildConfig { directed: false }).0
}

#[test]
fn kadabra_stops_adaptively_when_betweenness_is_small() {
    // Every node of a 40 × 40 torus has betweenness ≈ 0.012, so the adaptive bounds reach
    // ε = 0.01 long before the worst-case size ω (about 45,000 paths).
    let g = torus(40);
    let exact = betweenness(&g, Weighting::Unweighted, &exact_betweenness());
    let cfg = BetweennessConfig {
        mode: Mode::Approx,
        epsilon: 0.01,
        delta: 0.1,
        seed: 3,
        ..BetweennessConfig::default()
    };
    let approx = betweenness(&g, Weighting::Unweighted, &cfg);
    let est = approx.estimate.unwrap();
    let n = g.node_count() as f64;
    let eps = 0.01 * (n - 2.0) / n;
    let vd = approx.vertex_diameter_bound.unwrap() as f64;
    let omega = (0.5 / (eps * eps) * ((vd - 2.0).log2().floor() + 1.0 + 20f64.ln())).ceil();
    let err = max_diff(&exact.scores, &approx.scores);
    eprintln!(
        "KADABRA, torus: {} samples of ω = {omega}, max error {err:.5}",
        est.samples
    );
    assert_eq!(est.sampler, Sampler::Kadabra);
    assert!(
        (est.samples as f64) < 0.6 * omega,
        "{} of {omega}",
        est.samples
    );
    assert!(err <= 0.01, "error {err}");
}

#[test]
fn sampled_closeness_is_within_its_bounds() {
    for (name, g) in estimator_graphs() {
        let n1 = (g.node_count() - 1) as f64;
        for weighting in [Weighting::Unweighted, Weighting::Weighted] {
            for dir in [Direction::In, Direction::Out] {
                let exact = closeness(&g, dir, weighting, &exact_closeness());
                let cfg = ClosenessConfig {
                    mode: Mode::Approx,
                    epsilon: 0.05,
                    seed: 5,
                    ..ClosenessConfig::default()
                };
                let approx = closeness(&g, dir, weighting, &cfg);
                let est = approx.estimate.unwrap();
                let h_err = max_diff(&exact.harmonic, &approx.harmonic) / n1;
                let c_err = max_diff(&exact.closeness, &approx.closeness);
                eprintln!(
                    "{name} {weighting:?} {dir:?}: harmonic/(n-1) error {h_err:.4} (ε {:.4}), \
                     closeness error {c_err:.4} (bound {:?}), {} samples",
                    est.epsilon, approx.closeness_error_bound, est.samples
                );
                assert!(h_err <= est.epsilon, "{name}: harmonic error {h_err}");
                if let Some(bound) = approx.closeness_error_bound {
                    assert!(c_err <= bound, "{name}: closeness error {c_err} > {bound}");
                }
            }
        }
    }
}

#[test]
fn auto_closeness_keeps_to_its_budget_and_states_the_epsilon_it_reaches() {
    let g = generated(2000, 4, true, 11);
    let n1 = (g.node_count() - 1) as f64;
    let exact = closeness(&g, Direction::In, Weighting::Unweighted, &exact_closeness());
    let approx_cfg = ClosenessConfig {
        mode: Mode::Approx,
        epsilon: 0.1,
        seed: 3,
        ..ClosenessConfig::default()
    };
    let approx = closeness(&g, Direction::In, Weighting::Unweighted, &approx_cfg);
    let full = approx.estimate.unwrap();
    assert_eq!(full.epsilon, 0.1);
    assert!(full.samples > ClosenessConfig::AUTO_MIN_SOURCES && full.samples < 2000);
    // A budget below one traversal per source: `auto` samples the minimum and says what ε that
    // buys instead of spending the sample that ε = 0.1 needs.
    let auto_cfg = ClosenessConfig {
        mode: Mode::Auto,
        auto_max_work: 0.0,
        ..approx_cfg
    };
    let auto = closeness(&g, Direction::In, Weighting::Unweighted, &auto_cfg);
    let est = auto.estimate.unwrap();
    assert_eq!(est.samples, ClosenessConfig::AUTO_MIN_SOURCES);
    assert!(est.epsilon > 0.1, "{}", est.epsilon);
    let h_err = max_diff(&exact.harmonic, &auto.harmonic) / n1;
    assert!(
        h_err <= est.epsilon,
        "harmonic error {h_err} > {}",
        est.epsilon
    );
    let bound = auto.closeness_error_bound.unwrap();
    assert!(max_diff(&exact.closeness, &auto.closeness) <= bound);
    // Within budget it is exact, as before.
    let roomy = ClosenessConfig {
        auto_max_work: f64::MAX,
        ..auto_cfg
    };
    let c = closeness(&g, Direction::In, Weighting::Unweighted, &roomy);
    assert!(c.estimate.is_none());
    assert_eq!(c.harmonic, exact.harmonic);
}

/// Runs `f` in a local pool of `threads` workers.
fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// Every kernel's output, as bits, for one graph.
fn everything(g: &Graph) -> Vec<Vec<u64>> {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    let mut out = Vec::new();
    for weighting in [Weighting::Unweighted, Weighting::Weighted] {
        out.push(bits(
            &betweenness(g, weighting, &exact_betweenness()).scores,
        ));
        let approx = BetweennessConfig {
            mode: Mode::Approx,
            epsilon: 0.05,
            seed: 1,
            ..BetweennessConfig::default()
        };
        out.push(bits(&betweenness(g, weighting, &approx).scores));
        for dir in [Direction::In, Direction::Out] {
            let c = closeness(g, dir, weighting, &exact_closeness());
            out.push(bits(&c.closeness));
            out.push(bits(&c.harmonic));
            let sampled = ClosenessConfig {
                mode: Mode::Approx,
                epsilon: 0.1,
                seed: 1,
                ..ClosenessConfig::default()
            };
            let c = closeness(g, dir, weighting, &sampled);
            out.push(bits(&c.closeness));
            out.push(bits(&c.harmonic));
        }
        out.push(bits(
            &eigenvector(g, weighting, &EigenvectorConfig::default()).scores,
        ));
        out.push(bits(
            &katz(
                g,
                weighting,
                &KatzConfig {
                    alpha: 0.01,
                    ..KatzConfig::default()
                },
            )
            .scores,
        ));
        let h = hits(g, weighting, &HitsConfig::default());
        out.push(bits(&h.hubs));
        out.push(bits(&h.authorities));
        let b = brokerage(g, weighting);
        out.push(bits(&b.constraint));
        out.push(bits(&b.effective_size));
    }
    let simple = undirected_simple(g);
    let c = clustering(&simple);
    let triangles: Vec<f64> = c.triangles.iter().map(|&t| t as f64).collect();
    out.push(bits(&triangles));
    out.push(bits(&c.local));
    out.push(bits(&[
        c.summary.average_clustering,
        c.summary.transitivity,
    ]));
    let r = degree_assortativity(g, &simple);
    out.push(bits(&[r.degree, r.undirected_view]));
    out.push(bits(&collective_influence(
        &simple,
        &CollectiveInfluenceConfig::default(),
    )));
    out
}

#[test]
fn one_and_two_threads_give_identical_bits() {
    for (name, g) in thread_graphs() {
        let one = with_threads(1, || everything(&g));
        let two = with_threads(2, || everything(&g));
        for (i, (a, b)) in one.iter().zip(&two).enumerate() {
            assert!(a == b, "{name}: output {i} differs between 1 and 2 threads");
        }
    }
}

#[test]
fn tiny_and_empty_graphs() {
    for directed in [false, true] {
        for (n, edges) in [
            (0, vec![]),
            (1, vec![]),
            (2, vec![(0, 1, 1.0)]),
            (3, vec![]),
        ] {
            let g = graph_of(n, &edges, directed);
            let b = betweenness(&g, Weighting::Unweighted, &BetweennessConfig::default());
            assert_eq!(b.scores, vec![0.0; n]);
            let c = closeness(
                &g,
                Direction::In,
                Weighting::Weighted,
                &ClosenessConfig::default(),
            );
            assert_eq!(c.closeness.len(), n);
            assert!(c.closeness.iter().chain(&c.harmonic).all(|x| x.is_finite()));
            let e = eigenvector(&g, Weighting::Unweighted, &EigenvectorConfig::default());
            assert!(e.scores.iter().all(|x| x.is_finite()));
            let h = hits(&g, Weighting::Unweighted, &HitsConfig::default());
            assert!(h.hubs.iter().chain(&h.authorities).all(|x| x.is_finite()));
            let k = katz(&g, Weighting::Unweighted, &KatzConfig::default());
            assert!(k.converged);
            let br = brokerage(&g, Weighting::Weighted);
            assert_eq!(br.constraint.len(), n);
            let simple = undirected_simple(&g);
            assert_eq!(clustering(&simple).triangles.len(), n);
            assert_eq!(
                collective_influence(&simple, &CollectiveInfluenceConfig::default()).len(),
                n
            );
        }
    }
}

#[test]
fn katz_reports_divergence() {
    // A complete graph on 20 nodes has λ_max = 19 > 1 / 0.1.
    let edges: Vec<(u32, u32, f64)> = (0..20u32)
        .flat_map(|u| (u + 1..20).map(move |v| (u, v, 1.0)))
        .collect();
    let g = graph_of(20, &edges, false);
    let k = katz(&g, Weighting::Unweighted, &KatzConfig::default());
    assert!(!k.converged);
    assert!(k.scores.iter().all(|x| x.is_finite()));
}

#[test]
fn zero_weight_edges_are_not_traversed_by_weighted_paths() {
    // a - b with strength 0 and a - c - b with strength 1: the weighted path goes through c.
    let g = graph_of(3, &[(0, 1, 0.0), (0, 2, 1.0), (2, 1, 1.0)], false);
    let b = betweenness(&g, Weighting::Weighted, &exact_betweenness());
    assert_eq!(b.scores, [0.0, 0.0, 1.0]);
    let b = betweenness(&g, Weighting::Unweighted, &exact_betweenness());
    assert_eq!(b.scores, [0.0, 0.0, 0.0]);
}

/// The same interactions split over three layers, or merged into one: unweighted kernels see the
/// same combined view, weighted ones the same summed strengths.
#[test]
fn layers_are_combined() {
    let mut rng = Pcg64::seed_from_u64(17);
    let n = 400u32;
    let records: Vec<(u32, u32, u8, f64)> = (0..3000)
        .map(|_| {
            (
                rng.random_range(0..n),
                rng.random_range(0..n),
                rng.random_range(0..3u8),
                f64::from(rng.random_range(1..=4u8)),
            )
        })
        .collect();
    for directed in [false, true] {
        let graph = |layers: bool| {
            let mut ids = Interner::new();
            for u in 0..n {
                ids.intern(&format!("v{u}")).unwrap();
            }
            let mut t = EdgeTable::default();
            if layers {
                t.layer_names = vec!["follow".into(), "repost".into(), "reply".into()];
            }
            let mut w = Vec::new();
            for &(s, d, l, wt) in &records {
                t.src.push(s);
                t.dst.push(d);
                if layers {
                    t.layer.push(l);
                }
                w.push(wt);
            }
            t.weight = Some(w);
            build(&t, ids.into_names(), &BuildConfig { directed }).0
        };
        let (layered, merged) = (graph(true), graph(false));
        assert!(layered.layers().len() == 3 && merged.layers().len() == 1);
        let a = everything(&layered);
        let b = everything(&merged);
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            // Weighted sums may associate differently over layers: equal up to rounding.
            let close = x.iter().zip(y).all(|(&p, &q)| {
                let (p, q) = (f64::from_bits(p), f64::from_bits(q));
                p == q || (p.is_nan() && q.is_nan()) || (p - q).abs() <= 1e-9 * p.abs().max(1.0)
            });
            assert!(close, "directed {directed}: output {i} differs");
        }
    }
}
