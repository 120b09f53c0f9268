//! Community detection on a generated graph with planted communities: Leiden, Louvain and label
//! propagation, one run each (`runs = 1`), plus the communities table.
//!
//! The graph is a degree-heterogeneous planted partition (LFR-like): community sizes from a power
//! law of exponent 2 between 20 and 2,000, node degrees from a power law of exponent 2.5 between 8
//! and 400, and a share `μ = 0.3` of every node's edges drawn uniformly from the whole graph, the
//! rest from its own community; repeated pairs and self-loops are dropped, so the graph is simple. `RELAIS_BENCH_EDGES` sets the number of edges (default 1,000,000).
//! Modularity and NMI against the planted partition are printed before timing.
//!
//! Run with `cargo bench --bench community`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use relais::community::{
    agreement, community_flows, community_stats, detect, Algorithm, CommunityConfig, StatsConfig,
};
use relais::graph::{build, BuildConfig, EdgeTable, Graph, Interner};

/// A value from a continuous power law `p(x) ∝ x^-exponent` on `[lo, hi]`.
fn power_law(rng: &mut Pcg64, exponent: f64, lo: f64, hi: f64) -> f64 {
    let e = 1.0 - exponent;
    let (a, b) = (lo.powf(e), hi.powf(e));
    (a + rng.random::<f64>() * (b - a)).powf(1.0 / e)
}

/// The planted-partition graph with about `edges` undirected edges, and its communities.
fn generate(edges: u64, seed: u64) -> (Graph, Vec<u32>) {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mu = 0.3;
    // Mean degree of the power law (exponent 2.5 on [8, 400]) is about 22.
    let nodes = (2 * edges / 22).max(100) as u32;
    let mut community = Vec::with_capacity(nodes as usize);
    let mut starts = Vec::new();
    while (community.len() as u32) < nodes {
        let size =
            (power_law(&mut rng, 2.0, 20.0, 2000.0) as u32).min(nodes - community.len() as u32);
        starts.push(community.len() as u32);
        let c = starts.len() as u32 - 1;
        community.extend(std::iter::repeat_n(c, size as usize));
    }
    starts.push(nodes);
    let mut ids = Interner::new();
    for u in 0..nodes {
        ids.intern(&u.to_string()).expect("ids fit");
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for u in 0..nodes {
        let half_degree = (power_law(&mut rng, 2.5, 8.0, 400.0) / 2.0).round() as u32;
        let c = community[u as usize] as usize;
        let (lo, hi) = (starts[c], starts[c + 1]);
        for _ in 0..half_degree.max(1) {
            let v = if rng.random::<f64>() < mu || hi - lo < 2 {
                rng.random_range(0..nodes)
            } else {
                rng.random_range(lo..hi)
            };
            if u != v {
                pairs.push((u.min(v), u.max(v)));
            }
        }
    }
    // A simple graph: no repeated pair, so weighted and unweighted views agree.
    pairs.sort_unstable();
    pairs.dedup();
    let mut t = EdgeTable::default();
    for (u, v) in pairs {
        t.src.push(u);
        t.dst.push(v);
    }
    let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig { directed: false });
    let planted = (0..g.node_count() as u32)
        .map(|u| community[labels.name(u).parse::<usize>().expect("numeric id")])
        .collect();
    (g, planted)
}

fn bench(c: &mut Criterion) {
    let edges: u64 = std::env::var("RELAIS_BENCH_EDGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let (g, planted) = generate(edges, 42);
    let truth: Vec<Option<u32>> = planted.iter().map(|&c| Some(c)).collect();
    eprintln!(
        "planted partition: {} nodes, {} edges, {} threads",
        g.node_count(),
        g.layer_edge_count(),
        rayon::current_num_threads()
    );
    let mut group = c.benchmark_group("community");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, algorithm) in [
        ("leiden", Algorithm::Leiden),
        ("louvain", Algorithm::Louvain),
        ("label_propagation", Algorithm::LabelPropagation),
    ] {
        let cfg = CommunityConfig {
            algorithm,
            runs: 1,
            ..CommunityConfig::default()
        };
        let start = Instant::now();
        let found = detect(&g, &cfg);
        let score = agreement(&found.partition, &truth);
        eprintln!(
            "{name}: modularity {:.4}, {} communities, NMI {:.4}, ARI {:.4} vs planted, {:?} ({:.2} s)",
            found.modularity,
            found.partition.count(),
            score.nmi,
            score.ari,
            found.runs[0].stats,
            start.elapsed().as_secs_f64()
        );
        group.bench_function(name, |b| b.iter(|| detect(&g, &cfg)));
    }
    let found = detect(
        &g,
        &CommunityConfig {
            runs: 1,
            ..CommunityConfig::default()
        },
    );
    group.bench_function("stats_and_flows", |b| {
        b.iter(|| {
            (
                community_stats(&g, &found.partition, None, &StatsConfig::default()),
                community_flows(&g, &found.partition),
            )
        })
    });
    group.finish();
}

// `criterion_group!` would generate an undocumented public function; this is what it and
// `criterion_main!` expand to.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
