use super::*;

/// Two 20-node cliques joined by one edge.
fn two_cliques() -> LayoutGraph {
    let mut edges = Vec::new();
    for base in [0u32, 20] {
        for i in 0..20 {
            for j in i + 1..20 {
                edges.push((base + i, base + j, 1.0));
            }
        }
    }
    edges.push((0, 20, 1.0));
    LayoutGraph::from_edges(40, &edges)
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

#[test]
fn from_edges_merges_and_symmetrises() {
    let g = LayoutGraph::from_edges(3, &[(0, 1, 1.0), (1, 0, 2.0), (1, 1, 5.0), (1, 2, 1.0)]);
    assert_eq!(g.node_count(), 3);
    assert_eq!(g.edge_count(), 2);
    assert_eq!(g.neighbors(0), (&[1u32][..], &[3.0][..]));
    assert_eq!(g.neighbors(1).0, &[0, 2]);
}

#[test]
fn clusters_separate() {
    let g = two_cliques();
    for theta in [0.0, DEFAULT_THETA] {
        let cfg = ForceAtlas2Config {
            iterations: 300,
            theta,
            seed: 3,
            ..Default::default()
        };
        let l = forceatlas2(&g, &cfg);
        let p = &l.positions;
        let mut within = 0.0;
        let mut between = 0.0;
        let (mut nw, mut nb) = (0, 0);
        for i in 0..40 {
            for j in i + 1..40 {
                if (i < 20) == (j < 20) {
                    within += dist(p[i], p[j]);
                    nw += 1;
                } else {
                    between += dist(p[i], p[j]);
                    nb += 1;
                }
            }
        }
        let (within, between) = (within / nw as f64, between / nb as f64);
        assert!(
            between > 2.0 * within,
            "theta {theta}: within {within}, between {between}"
        );
    }
}

#[test]
fn same_result_for_any_thread_count_and_seeded() {
    let g = two_cliques();
    let cfg = ForceAtlas2Config {
        iterations: 50,
        seed: 9,
        ..Default::default()
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| forceatlas2(&g, &cfg))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    let other = forceatlas2(
        &g,
        &ForceAtlas2Config {
            seed: 10,
            ..cfg.clone()
        },
    );
    assert_ne!(one.positions, other.positions);
}

#[test]
fn empty_and_single_node() {
    let cfg = ForceAtlas2Config::default();
    assert!(forceatlas2(&LayoutGraph::from_edges(0, &[]), &cfg)
        .positions
        .is_empty());
    let l = forceatlas2(&LayoutGraph::from_edges(1, &[]), &cfg);
    assert!(l.positions[0][0].is_finite());
}

#[test]
fn validate_rejects_bad_values() {
    let bad = ForceAtlas2Config {
        scaling: f64::NAN,
        ..Default::default()
    };
    assert!(bad.validate().is_err());
    assert!(ForceAtlas2Config::default().validate().is_ok());
}
