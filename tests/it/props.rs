//! Property tests on random graphs: invariants of the graph and metrics, cross-checked against
//! petgraph as an independent implementation, and parallel == sequential to the bit.

use petgraph::graph::{DiGraph, UnGraph};
use proptest::prelude::*;
use relais::graph::{build, undirected_simple, BuildConfig, EdgeTable, Graph, Interner};
use relais::metrics::{compute, core_numbers, MetricsConfig, PageRankConfig};

/// A random multi-layer edge table over `n` accounts (self-loops and duplicates included).
fn table() -> impl Strategy<Value = (usize, Vec<(u32, u32, u8, u8)>)> {
    (1usize..40).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32, 0u8..3, 1u8..4);
        (Just(n), proptest::collection::vec(edge, 0..200))
    })
}

fn graph_of(n: usize, edges: &[(u32, u32, u8, u8)], directed: bool, weighted: bool) -> Graph {
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
    if weighted {
        t.weight = Some(w);
    }
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

/// Core numbers by repeated removal of a minimum-degree node (the definition, quadratic).
fn naive_cores(adj: &relais::graph::Adjacency) -> Vec<u32> {
    let n = adj.offsets.len() - 1;
    let mut alive = vec![true; n];
    let mut core = vec![0u32; n];
    let mut k = 0;
    for _ in 0..n {
        let deg = |u: usize, alive: &[bool]| {
            adj.neighbors(u as u32)
                .iter()
                .filter(|&&v| alive[v as usize])
                .count() as u32
        };
        let u = (0..n)
            .filter(|&u| alive[u])
            .min_by_key(|&u| (deg(u, &alive), u))
            .unwrap();
        k = k.max(deg(u, &alive));
        core[u] = k;
        alive[u] = false;
    }
    core
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn invariants_hold((n, edges) in table(), directed in any::<bool>(), weighted in any::<bool>()) {
        let g = graph_of(n, &edges, directed, weighted);
        let m = compute(&g, &MetricsConfig::default());
        prop_assert_eq!(g.node_count(), n);

        // PageRank is a probability distribution.
        let total: f64 = m.pagerank.scores.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "sum {}", total);
        prop_assert!(m.pagerank.converged);

        // Degrees: distinct pairs, both sides agree.
        let ins: u64 = m.degrees.in_degree.iter().map(|&d| u64::from(d)).sum();
        let outs: u64 = m.degrees.out_degree.iter().map(|&d| u64::from(d)).sum();
        prop_assert_eq!(ins, outs);
        let mut pairs: Vec<(u32, u32)> = edges.iter().filter(|e| e.0 != e.1).map(|e| if directed || e.0 < e.1 { (e.0, e.1) } else { (e.1, e.0) }).collect();
        pairs.sort_unstable();
        pairs.dedup();
        prop_assert_eq!(outs, if directed { pairs.len() as u64 } else { 2 * pairs.len() as u64 });

        // Components agree with petgraph.
        if directed {
            let mut pg = DiGraph::<(), ()>::new();
            let nodes: Vec<_> = (0..n).map(|_| pg.add_node(())).collect();
            for &(s, d, _, _) in &edges {
                if s != d { pg.add_edge(nodes[s as usize], nodes[d as usize], ()); }
            }
            prop_assert_eq!(m.scc.count(), petgraph::algo::kosaraju_scc(&pg).len());
            prop_assert_eq!(m.wcc.count(), petgraph::algo::connected_components(&pg));
        } else {
            let mut pg = UnGraph::<(), ()>::new_undirected();
            let nodes: Vec<_> = (0..n).map(|_| pg.add_node(())).collect();
            for &(s, d, _, _) in &edges {
                if s != d { pg.add_edge(nodes[s as usize], nodes[d as usize], ()); }
            }
            prop_assert_eq!(m.wcc.count(), petgraph::algo::connected_components(&pg));
            prop_assert_eq!(m.scc.count(), m.wcc.count());
        }
        // Component sizes are canonical: non-increasing, and every node has exactly one id.
        prop_assert!(m.wcc.sizes.windows(2).all(|w| w[0] >= w[1]));
        prop_assert_eq!(m.wcc.sizes.iter().map(|&s| s as usize).sum::<usize>(), n);

        // k-core equals the definition.
        let simple = undirected_simple(&g);
        prop_assert_eq!(core_numbers(&simple), naive_cores(&simple));
        prop_assert_eq!(&m.core, &naive_cores(&simple));
    }

    #[test]
    fn parallel_equals_sequential((n, edges) in table(), weighted in any::<bool>()) {
        let g = graph_of(n, &edges, true, weighted);
        let cfg = MetricsConfig { pagerank: PageRankConfig::default(), ..MetricsConfig::default() };
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let a = one.install(|| compute(&g, &cfg));
        let b = four.install(|| compute(&g, &cfg));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&a.pagerank.scores), bits(&b.pagerank.scores));
        // Debug text compares floats by their shortest exact representation, NaN included.
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}
