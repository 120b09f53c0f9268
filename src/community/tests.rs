//! Unit tests of the small pieces: numbering, scores, quality, aggregation.

use super::net::{renumber, Net, Scale};
use super::partition::compact;
use super::quality::raw_quality;
use super::*;
use crate::graph::{build, BuildConfig, EdgeTable, Interner};

/// A graph on nodes `0..n` (named by their number) from `(src, dst, weight)` triples.
fn graph(n: usize, edges: &[(u32, u32, f64)], directed: bool) -> Graph {
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).unwrap();
    }
    let mut t = EdgeTable::default();
    let mut w = Vec::new();
    for &(s, d, x) in edges {
        t.src.push(s);
        t.dst.push(d);
        w.push(x);
    }
    t.weight = Some(w);
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

#[test]
fn compact_numbers_by_first_appearance() {
    assert_eq!(compact(&[5, 5, 2, 9, 2]), (vec![0, 0, 1, 2, 1], 3));
    // Sparse labels take the sorting path.
    assert_eq!(
        compact(&[u32::MAX, 7, u32::MAX, 1 << 30]),
        (vec![0, 1, 0, 2], 3)
    );
    assert_eq!(compact(&[]), (vec![], 0));
}

#[test]
fn partition_is_canonical() {
    let p = Partition::from_labels(&[3, 1, 1, 3, 8, 8]);
    // Three communities of size 2: ordered by smallest member.
    assert_eq!(p.membership(), &[0, 1, 1, 0, 2, 2]);
    let q = Partition::from_labels(&[0, 9, 9, 0, 4, 4]);
    assert_eq!(p, q);
    let m = p.members();
    assert_eq!(m.of(1), &[1, 2]);
    assert_eq!(Partition::singletons(3).sizes(), &[1, 1, 1]);
}

#[test]
fn scores_match_scikit_learn() {
    // Values from the textbook formulas (arithmetic-mean NMI; Hubert–Arabie ARI with binomial
    // pair counts), computed independently in Python.
    let a = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
    let b = [0, 0, 1, 1, 1, 2, 2, 2, 0, 2];
    assert!(
        (nmi(&a, &b) - 0.442_701_283_346_049_86).abs() < 1e-12,
        "{}",
        nmi(&a, &b)
    );
    assert!(
        (adjusted_rand_index(&a, &b) - 0.204_545_454_545_454_5).abs() < 1e-12,
        "{}",
        adjusted_rand_index(&a, &b)
    );
    // Limit cases.
    assert_eq!(nmi(&[1, 1, 1], &[2, 2, 2]), 1.0);
    assert_eq!(nmi(&[1, 1, 1], &[0, 1, 2]), 0.0);
    assert_eq!(adjusted_rand_index(&[0, 1, 2], &[2, 1, 0]), 1.0);
    assert_eq!(adjusted_rand_index(&[0, 0, 0], &[0, 0, 0]), 1.0);
}

#[test]
fn modularity_of_two_triangles() {
    let g = graph(
        6,
        &[
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 0, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (5, 3, 1.0),
            (2, 3, 1.0),
        ],
        false,
    );
    let view = CommunityGraph::new(&g, &CommunityConfig::default());
    let p = Partition::from_labels(&[0, 0, 0, 1, 1, 1]);
    assert!((modularity(&view, &p, 1.0) - 5.0 / 14.0).abs() < 1e-15);
    // One community: 0 (γ = 1); singletons: −Σ(k/2m)².
    let one = Partition::from_labels(&[0; 6]);
    assert!(modularity(&view, &one, 1.0).abs() < 1e-15);
    let single = Partition::singletons(6);
    let expected = -(4.0 * 4.0 + 2.0 * 9.0) / 196.0;
    assert!((modularity(&view, &single, 1.0) - expected).abs() < 1e-15);
    // CPM: (2·6 − γ(9 + 9)) / 14.
    let cpm = quality(&view, &p, Objective::Cpm, 0.5);
    assert!((cpm - (12.0 - 0.5 * 18.0) / 14.0).abs() < 1e-15);
}

#[test]
fn directed_modularity_is_leicht_newman() {
    // 0 → 1, 1 → 0, 1 → 2, 2 → 3, 3 → 2, weights 1.
    let g = graph(
        4,
        &[
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 3, 1.0),
            (3, 2, 1.0),
        ],
        true,
    );
    let cfg = CommunityConfig {
        directed: true,
        ..CommunityConfig::default()
    };
    let view = CommunityGraph::new(&g, &cfg);
    let p = Partition::from_labels(&[0, 0, 1, 1]);
    // Q = 1/m Σ (A_ij − k_i^out k_j^in / m) δ with m = 5.
    let (kout, kin) = ([1.0, 2.0, 1.0, 1.0], [1.0, 1.0, 2.0, 1.0]);
    let mut q = 4.0 / 5.0;
    for c in [[0, 1], [2, 3]] {
        let a: f64 = c.iter().map(|&i| kout[i]).sum();
        let b: f64 = c.iter().map(|&i| kin[i]).sum();
        q -= a * b / 25.0;
    }
    assert!((modularity(&view, &p, 1.0) - q).abs() < 1e-15);
    // The undirected view merges 0–1 into one edge of weight 2.
    let undirected = CommunityGraph::new(&g, &CommunityConfig::default());
    assert_eq!(undirected.total_weight(), 5.0);
    let unweighted = CommunityGraph::new(
        &g,
        &CommunityConfig {
            weighted: false,
            ..CommunityConfig::default()
        },
    );
    assert_eq!(unweighted.total_weight(), 3.0);
}

#[test]
fn aggregation_keeps_the_quality() {
    // A ring of 12 nodes with chords, aggregated by pairs: the quality of a partition of the
    // pairs equals the quality of the induced partition of the nodes.
    let mut edges = Vec::new();
    for u in 0..12u32 {
        edges.push((u, (u + 1) % 12, 1.0 + f64::from(u % 3)));
        edges.push((u, (u + 5) % 12, 0.5));
    }
    let g = graph(12, &edges, false);
    let cfg = CommunityConfig::default();
    let view = CommunityGraph::new(&g, &cfg);
    let net = Net::level0(&view, Objective::Modularity);
    let pairs: Vec<u32> = (0..12).map(|u| u / 2).collect();
    let agg = net.aggregate(&pairs, 6);
    assert_eq!(agg.n(), 6);
    let adj = agg.adj();
    let total_a: f64 = agg.a.iter().sum();
    assert!((total_a - view.total_weight()).abs() < 1e-12);
    // Symmetric rows without repeats or self-loops.
    for c in 0..6 {
        let mut row = agg.targets[adj.range(c)].to_vec();
        row.sort_unstable();
        assert!(row.windows(2).all(|w| w[0] < w[1]));
        assert!(!row.contains(&(c as u32)));
        for p in adj.range(c) {
            let d = agg.targets[p] as usize;
            let back = adj
                .range(d)
                .find(|&q| agg.targets[q] as usize == c)
                .unwrap();
            assert_eq!(adj.w(p), adj.w(back));
        }
    }
    // Gains on the aggregate predict quality changes on the nodes.
    let scale = Scale::new(&view, Objective::Modularity, 1.0);
    let mut labels = vec![0u32, 0, 1, 1, 2, 2];
    let mut memb: Vec<u32> = pairs.iter().map(|&x| labels[x as usize]).collect();
    let k = renumber(&mut memb);
    let before = raw_quality(&view, &memb, k, Objective::Modularity, 1.0);
    // Move aggregate node 2 (nodes 4, 5) from community 1 to community 0.
    let w_to = |c: u32, labels: &[u32]| -> f64 {
        adj.range(2)
            .filter(|&p| labels[agg.targets[p] as usize] == c)
            .map(|p| adj.w(p))
            .sum()
    };
    let totals = |c: u32, labels: &[u32]| -> f64 {
        (0..6)
            .filter(|&x| x != 2 && labels[x] == c)
            .map(|x| agg.a[x])
            .sum()
    };
    let gain_to = |c: u32| w_to(c, &labels) - scale.gamma * 2.0 * agg.a[2] * totals(c, &labels);
    let delta = 2.0 * (gain_to(0) - gain_to(labels[2])) / (2.0 * view.total_weight());
    labels[2] = 0;
    let mut memb: Vec<u32> = pairs.iter().map(|&x| labels[x as usize]).collect();
    let k = renumber(&mut memb);
    let after = raw_quality(&view, &memb, k, Objective::Modularity, 1.0);
    assert!(
        (after - before - delta).abs() < 1e-12,
        "{after} − {before} ≠ {delta}"
    );
}

#[test]
fn every_algorithm_splits_two_cliques() {
    let mut edges = Vec::new();
    for base in [0u32, 5] {
        for u in 0..5 {
            for v in u + 1..5 {
                edges.push((base + u, base + v, 1.0));
            }
        }
    }
    edges.push((4, 5, 1.0));
    let g = graph(10, &edges, false);
    for algorithm in [
        Algorithm::Leiden,
        Algorithm::Louvain,
        Algorithm::LabelPropagation,
    ] {
        let cfg = CommunityConfig {
            algorithm,
            ..CommunityConfig::default()
        };
        let found = detect(&g, &cfg);
        assert_eq!(
            found.partition.membership(),
            &[0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
            "{algorithm:?}"
        );
    }
    // CPM with a high resolution leaves everyone alone; with a low one, the cliques.
    let alone = detect(
        &g,
        &CommunityConfig {
            objective: Objective::Cpm,
            resolution: 1.5,
            ..CommunityConfig::default()
        },
    );
    assert_eq!(alone.partition.count(), 10);
    let cliques = detect(
        &g,
        &CommunityConfig {
            objective: Objective::Cpm,
            resolution: 0.5,
            ..CommunityConfig::default()
        },
    );
    assert_eq!(cliques.partition.count(), 2);
}

#[test]
fn config_is_validated() {
    assert!(CommunityConfig::default().validate().is_ok());
    let bad = [
        CommunityConfig {
            resolution: f64::NAN,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            resolution: -1.0,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            runs: CommunityConfig::MAX_RUNS + 1,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            max_iterations: 0,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            layers: Some(vec![]),
            ..CommunityConfig::default()
        },
        CommunityConfig {
            randomness: f64::INFINITY,
            ..CommunityConfig::default()
        },
        CommunityConfig {
            tolerance: -1.0,
            ..CommunityConfig::default()
        },
    ];
    for cfg in bad {
        assert!(cfg.validate().is_err(), "{cfg:?}");
    }
    let g = graph(2, &[(0, 1, 1.0)], true);
    let cfg = CommunityConfig {
        layers: Some(vec!["mention".into()]),
        ..CommunityConfig::default()
    };
    let err = cfg.check_layers(&g).unwrap_err().to_string();
    assert!(err.contains("mention"), "{err}");
}

#[test]
fn edgeless_graphs_give_singletons() {
    let g = graph(3, &[], false);
    for algorithm in [
        Algorithm::Leiden,
        Algorithm::Louvain,
        Algorithm::LabelPropagation,
    ] {
        for objective in [Objective::Modularity, Objective::Cpm] {
            let cfg = CommunityConfig {
                algorithm,
                objective,
                ..CommunityConfig::default()
            };
            let found = detect(&g, &cfg);
            assert_eq!(found.partition, Partition::singletons(3));
            assert_eq!((found.quality, found.modularity), (0.0, 0.0));
        }
    }
    let empty = graph(0, &[], true);
    let found = detect(&empty, &CommunityConfig::default());
    assert_eq!(found.partition.count(), 0);
}

#[test]
fn consensus_of_identical_and_different_runs() {
    let a = Partition::from_labels(&[0, 0, 0, 1, 1, 1]);
    let same = consensus(&[a.clone(), a.clone(), a.clone()], 0);
    assert_eq!(same.mean_pairwise_ari, 1.0);
    assert_eq!(same.stability, vec![1.0; 6]);
    // In the second run node 2 leaves its core members (0, 1) for the other community.
    let b = Partition::from_labels(&[0, 0, 1, 1, 1, 1]);
    let mixed = consensus(&[a.clone(), b], 0);
    assert_eq!(mixed.stability, vec![1.0, 1.0, 0.0, 1.0, 1.0, 1.0]);
    assert!(mixed.mean_pairwise_ari < 1.0);
    assert_eq!(consensus(&[a], 0).stability, vec![1.0; 6]);
}

/// Local moving on a ring of 20,000 5-cliques joined by weighted chords (directed view, so
/// `b ≠ a`): with batches of 2,048 nodes (about 9,800 adjacency entries, above the parallel
/// threshold; the default batch of this network, 390 nodes, stays below it), the batched scheme
/// gives the same labels for 1 and 2 threads, really computed its proposals in parallel on 2,
/// raises the quality, and agrees in quality (within 1%) with batches of one node, which is plain
/// sequential local moving.
#[test]
fn batched_local_moving_is_deterministic_and_close_to_sequential() {
    use super::moves::Mover;
    use rand::SeedableRng;
    let cliques = 20_000u32;
    let mut edges = Vec::new();
    for c in 0..cliques {
        for i in 0..5 {
            for j in 0..5 {
                if i != j {
                    edges.push((5 * c + i, 5 * c + j, 1.0));
                }
            }
        }
        let next = (c + 1) % cliques;
        edges.push((5 * c, 5 * next + 1, 1.5));
        edges.push((5 * c + 2, 5 * ((c * 7919) % cliques) + 3, 0.5));
    }
    let n = 5 * cliques as usize;
    let g = graph(n, &edges, true);
    let cfg = CommunityConfig {
        directed: true,
        ..CommunityConfig::default()
    };
    let view = CommunityGraph::new(&g, &cfg);
    let net = Net::level0(&view, Objective::Modularity);
    let scale = Scale::new(&view, Objective::Modularity, 1.0);
    let singletons: Vec<u32> = (0..n as u32).collect();
    let run = |threads: usize, batch: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut p = singletons.clone();
            let mut mover = Mover::new(&net, &p);
            mover.batch = batch;
            let mut rng = rand_pcg::Pcg64::seed_from_u64(3);
            let moves = mover.move_nodes(&net, &mut p, scale.gamma, u64::MAX, &mut rng);
            let k = renumber(&mut p);
            let q = raw_quality(&view, &p, k, Objective::Modularity, 1.0);
            (p, q, moves, mover.parallel_batches)
        })
    };
    let (p1, q1, m1, par1) = run(1, 2048);
    let (p2, q2, m2, par2) = run(2, 2048);
    let (_, q_seq, _, _) = run(1, 1);
    assert_eq!(p1, p2);
    assert_eq!(q1.to_bits(), q2.to_bits());
    assert_eq!(m1, m2);
    assert_eq!(par1, 0);
    assert!(par2 > 0, "no batch went parallel");
    let q0 = raw_quality(&view, &singletons, n, Objective::Modularity, 1.0);
    assert!(q1 > q0 + 0.5, "{q1} vs singletons {q0}");
    assert!(
        (q1 - q_seq).abs() < 0.01 * q_seq,
        "{q1} vs sequential {q_seq}"
    );
}
