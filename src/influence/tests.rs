//! Unit tests on tiny graphs: stars, chains, exact spreads by enumeration, determinism across
//! thread counts. Comparisons with brute-force greedy live in `tests/it/seeds.rs`.

use super::*;
use crate::graph::{build, BuildConfig, EdgeTable, Interner};

/// A graph from attention edges `(u, v, layer)` on nodes named "0".."n-1" (all present).
pub(crate) fn graph(n: usize, edges: &[(u32, u32, u8)], layers: &[&str]) -> Graph {
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
    let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig::default());
    for i in 0..n {
        assert_eq!(labels.find(&i.to_string()), Some(i as NodeId));
    }
    g
}

fn cfg(k: usize, model: Model) -> SeedsConfig {
    SeedsConfig {
        k,
        model,
        simulations: 2_000,
        seed: 7,
        ..SeedsConfig::default()
    }
}

/// Exact expected IC spread of `seeds` by enumerating every live-edge world (small m only).
fn exact_ic(ig: &InfluenceGraph, seeds: &[NodeId]) -> f64 {
    let n = ig.node_count();
    let mut edges = Vec::new();
    for v in 0..n as NodeId {
        for p in ig.audience.range(v) {
            let u = ig.audience.targets[p];
            edges.push((v, u, ig.audience_weight(p) as f64));
        }
    }
    assert!(edges.len() <= 16);
    let mut total = 0.0;
    for world in 0u32..(1 << edges.len()) {
        let mut prob = 1.0;
        for (i, e) in edges.iter().enumerate() {
            prob *= if world >> i & 1 == 1 { e.2 } else { 1.0 - e.2 };
        }
        let mut active = vec![false; n];
        let mut stack: Vec<NodeId> = seeds.to_vec();
        for &s in seeds {
            active[s as usize] = true;
        }
        while let Some(v) = stack.pop() {
            for (i, e) in edges.iter().enumerate() {
                if e.0 == v && world >> i & 1 == 1 && !active[e.1 as usize] {
                    active[e.1 as usize] = true;
                    stack.push(e.1);
                }
            }
        }
        total += prob * active.iter().filter(|&&a| a).count() as f64;
    }
    total
}

#[test]
fn star_centre_is_the_seed() {
    // Ten fans listen to 0 (and 0 to nobody): under weighted cascade each fan listens to one
    // account, so p(0 → fan) = 1 and 0 reaches all 11.
    let edges: Vec<(u32, u32, u8)> = (1..=10).map(|i| (i, 0, 0)).collect();
    let g = graph(11, &edges, &["follow"]);
    for model in [Model::Ic, Model::Lt] {
        let r = seeds(&g, &cfg(1, model), None).unwrap();
        assert_eq!(r.picks[0].node, 0, "{model:?}");
        assert!((r.picks[0].cumulative - 11.0).abs() < 0.5, "{:?}", r.picks);
        let mc = &r.comparison[0].monte_carlo;
        assert_eq!((mc.mean, mc.std_dev), (11.0, 0.0));
        assert_eq!(r.comparison[1].seeds, vec![0], "followers baseline");
    }
}

#[test]
fn chain_head_is_the_seed() {
    // i + 1 listens to i: influence flows 0 → 1 → ... → 9 with probability 1.
    let edges: Vec<(u32, u32, u8)> = (0..9).map(|i| (i + 1, i, 0)).collect();
    let g = graph(10, &edges, &["follow"]);
    for model in [Model::Ic, Model::Lt] {
        let r = seeds(&g, &cfg(1, model), None).unwrap();
        assert_eq!(r.picks[0].node, 0);
        assert_eq!(r.comparison[0].monte_carlo.mean, 10.0);
        // Followers: every node but 9 has one follower, so the baseline is node 0 too (ties by
        // id); PageRank favours the end of the attention chain, node 0, as well.
        assert_eq!(r.comparison[1].seeds, vec![0]);
    }
}

#[test]
fn second_seed_adds_what_the_first_misses() {
    // Two disjoint stars, 0 with 5 fans and 6 with 3 fans: k = 2 picks both centres, the larger
    // first, and the gains are 6 and 4.
    let mut edges: Vec<(u32, u32, u8)> = (1..=5).map(|i| (i, 0, 0)).collect();
    edges.extend((7..=9).map(|i| (i, 6, 0)));
    let g = graph(10, &edges, &["follow"]);
    let r = seeds(&g, &cfg(2, Model::Ic), None).unwrap();
    let nodes: Vec<NodeId> = r.picks.iter().map(|p| p.node).collect();
    assert_eq!(nodes, vec![0, 6]);
    assert!(
        (r.picks[0].marginal_gain - 6.0).abs() < 0.4,
        "{:?}",
        r.picks
    );
    assert!(
        (r.picks[1].marginal_gain - 4.0).abs() < 0.4,
        "{:?}",
        r.picks
    );
    assert_eq!(r.comparison[0].monte_carlo.mean, 10.0);
}

#[test]
fn monte_carlo_and_rr_match_exact_ic_spread() {
    // A small graph with fractional weighted-cascade probabilities.
    let edges = [
        (1, 0, 0),
        (2, 0, 0),
        (2, 1, 0),
        (3, 1, 0),
        (3, 2, 0),
        (4, 3, 0),
        (4, 0, 0),
        (5, 4, 0),
        (5, 2, 0),
        (5, 1, 0),
    ];
    let g = graph(6, &edges, &["follow"]);
    let c = SeedsConfig {
        simulations: 40_000,
        ..cfg(1, Model::Ic)
    };
    let (ig, _) = influence_graph(&g, &c, None).unwrap();
    for s in 0..6 {
        let exact = exact_ic(&ig, &[s]);
        let mc = spread(&ig, Model::Ic, &[s], c.simulations, 0.0, 3);
        let half = mc.ci_high - mc.mean;
        assert!(
            (mc.mean - exact).abs() <= 2.0 * half + 1e-9,
            "seed {s}: exact {exact}, MC {mc:?}"
        );
        let mut rr = RrSets::default();
        rr.extend_to(&ig, 11, tag::FINAL, 200_000);
        let est = rr.coverage(&[s], 6) * 6.0;
        assert!(
            (est - exact).abs() < 0.03 * exact + 0.02,
            "seed {s}: {est} vs {exact}"
        );
    }
}

#[test]
fn lt_rr_estimate_matches_simulation() {
    let edges = [
        (1, 0, 0),
        (2, 0, 0),
        (2, 1, 0),
        (3, 1, 0),
        (3, 2, 0),
        (4, 3, 0),
        (4, 0, 0),
        (5, 4, 0),
        (5, 2, 0),
    ];
    let g = graph(6, &edges, &["follow"]);
    let c = cfg(2, Model::Lt);
    let (ig, _) = influence_graph(&g, &c, None).unwrap();
    let mut rr = RrSets::default();
    rr.extend_to(&ig, 11, tag::FINAL, 200_000);
    for s in [[0, 1], [2, 3], [1, 4]] {
        let mc = spread(&ig, Model::Lt, &s, 40_000, 0.0, 5);
        let est = rr.coverage(&s, 6) * 6.0;
        assert!((est - mc.mean).abs() < 0.05, "{s:?}: RR {est}, MC {mc:?}");
    }
}

#[test]
fn observed_probabilities_follow_repost_rates() {
    // 1 and 2 follow 0; 1 reposted 0 twice, 2 never; 0 posted 4 times (accounts table).
    let edges = [(1, 0, 0), (2, 0, 0), (1, 0, 1), (1, 0, 1)];
    let g = graph(3, &edges, &["follow", "repost"]);
    let c = SeedsConfig {
        probability: Probability::Observed,
        ..cfg(1, Model::Ic)
    };
    let posts = [Some(4.0), None, None];
    let (ig, report) = influence_graph(&g, &c, Some(&posts)).unwrap();
    assert_eq!(report.used, Probability::Observed);
    assert_eq!(ig.edge_count(), 1);
    assert_eq!(ig.audience.neighbors(0), &[1]);
    assert_eq!(ig.audience_weight(0), 0.5);
    assert_eq!((report.posts_from_table, report.posts_estimated), (1, 0));
    // Without a posts count, the most active reposter's count stands in: p = 1.
    let (ig, report) = influence_graph(&g, &c, None).unwrap();
    assert_eq!(ig.audience_weight(0), 1.0);
    assert_eq!(report.posts_estimated, 1);
    // No repost layer: weighted cascade, with a note.
    let g1 = graph(3, &[(1, 0, 0), (2, 0, 0)], &["follow"]);
    let (_, report) = influence_graph(&g1, &c, None).unwrap();
    assert_eq!(report.used, Probability::WeightedCascade);
    assert_eq!(report.notes.len(), 1);
}

#[test]
fn unknown_layer_is_an_error() {
    let g = graph(2, &[(1, 0, 0)], &["follow"]);
    let c = SeedsConfig {
        layers: Some(vec!["nope".into()]),
        ..cfg(1, Model::Ic)
    };
    assert!(matches!(
        influence_graph(&g, &c, None),
        Err(Error::InvalidConfig {
            field: "seeds.layers",
            ..
        })
    ));
}

#[test]
fn same_result_for_any_thread_count() {
    // A random graph; the result must not depend on the pool size.
    let mut rng = stream(1, 2, 3);
    use rand::Rng;
    let edges: Vec<(u32, u32, u8)> = (0..2_000)
        .map(|_| (rng.random_range(0..300), rng.random_range(0..300), 0))
        .filter(|(u, v, _)| u != v)
        .collect();
    let g = graph(300, &edges, &["follow"]);
    for model in [Model::Ic, Model::Lt] {
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| seeds(&g, &cfg(5, model), None).unwrap())
        };
        assert_eq!(run(1), run(3));
    }
}

#[test]
fn binomial() {
    assert!((imm::ln_binomial(10, 3) - 120f64.ln()).abs() < 1e-12);
    assert_eq!(imm::ln_binomial(5, 0), 0.0);
    assert!((imm::ln_binomial(5, 5)).abs() < 1e-12);
}

#[test]
fn k_above_n_returns_every_node() {
    let g = graph(3, &[(1, 0, 0)], &["follow"]);
    let r = seeds(&g, &cfg(10, Model::Ic), None).unwrap();
    assert_eq!(r.picks.len(), 3);
    assert_eq!(r.comparison[0].monte_carlo.mean, 3.0);
}

#[test]
fn simulations_stop_at_the_target_precision() {
    let edges = [
        (1, 0, 0),
        (2, 0, 0),
        (2, 1, 0),
        (3, 1, 0),
        (3, 2, 0),
        (4, 3, 0),
    ];
    let g = graph(5, &edges, &["follow"]);
    let (ig, _) = influence_graph(&g, &cfg(1, Model::Ic), None).unwrap();
    let all = spread(&ig, Model::Ic, &[0], 5_500, 0.0, 1);
    assert_eq!(all.simulations, 5_500);
    let loose = spread(&ig, Model::Ic, &[0], 5_500, 0.05, 1);
    assert_eq!(loose.simulations % montecarlo::BATCH, 0);
    assert!(loose.simulations < 5_500);
    assert!(loose.ci_high - loose.mean <= 0.05 * loose.mean);
    // The first batches are the same simulations.
    let first = spread(&ig, Model::Ic, &[0], loose.simulations, 0.0, 1);
    assert_eq!(first, loose);
}

#[test]
fn rr_and_simulation_agree_with_observed_probabilities() {
    // The example network (six layers, reposts and quotes, posts counts): the RR estimate of a
    // seed set from fresh RR sets and its simulated spread estimate the same expectation.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let input = crate::ingest::load(
        &crate::config::IngestConfig {
            paths: vec![dir],
            ..Default::default()
        },
        &indicatif::ProgressBar::hidden(),
    )
    .unwrap();
    let (g, _, _) = build(&input.edges, input.names, &BuildConfig::default());
    for model in [Model::Ic, Model::Lt] {
        let c = SeedsConfig {
            probability: Probability::Observed,
            ..cfg(5, model)
        };
        let (ig, _) = influence_graph(&g, &c, None).unwrap();
        let found = imm(&ig, &c).unwrap();
        let s: Vec<NodeId> = found.picks.iter().map(|p| p.node).collect();
        let mut rr = RrSets::default();
        let sets = 400_000u64;
        rr.extend_to(&ig, 99, 12345, sets);
        let n = ig.node_count() as f64;
        let f = rr.coverage(&s, ig.node_count());
        let rr_se = n * (f * (1.0 - f) / sets as f64).sqrt();
        let mc = spread(&ig, model, &s, 40_000, 0.0, 77);
        let mc_se = mc.std_dev / (mc.simulations as f64).sqrt();
        let diff = (f * n - mc.mean).abs();
        assert!(
            diff <= 4.0 * (rr_se * rr_se + mc_se * mc_se).sqrt(),
            "{model:?}: RR {} ± {rr_se}, MC {} ± {mc_se}",
            f * n,
            mc.mean
        );
    }
}
