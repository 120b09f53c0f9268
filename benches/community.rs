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
//!
//! `cargo bench --bench community -- iterations FILE [THREADS]` instead reads an undirected
//! `u<TAB>v` edge list with dense ids (as `benches/peers.rs prepare` writes) and prints, for
//! Leiden capped at 1, 2, 3, 4, 6 and 10 iterations, for the default stopping rule and for
//! Louvain, the modularity, the iterations run, and the wall and CPU seconds of one run: the
//! figures behind the default stopping rule (`CommunityConfig::DEFAULT_TOLERANCE`).

use std::io::{BufRead, BufReader};
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
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.first().map(String::as_str) == Some("iterations") {
        let threads = args
            .get(2)
            .map_or(1, |t| t.parse().expect("THREADS is a number"));
        let file = args.get(1).expect("usage: iterations FILE [THREADS]");
        iterations(file, threads);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}

/// Reads an undirected `u<TAB>v` edge list with dense ids (node id = file id).
fn load(path: &str) -> Graph {
    let file = std::fs::File::open(path).expect("open the edge list");
    let mut t = EdgeTable::default();
    let mut n = 0u32;
    for line in BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.expect("read the edge list");
        let (u, v) = line.split_once('\t').expect("a tab-separated pair");
        let (u, v): (u32, u32) = (u.parse().expect("an id"), v.parse().expect("an id"));
        n = n.max(u + 1).max(v + 1);
        t.src.push(u);
        t.dst.push(v);
    }
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).expect("a valid id");
    }
    build(&t, ids.into_names(), &BuildConfig { directed: false }).0
}

/// CPU time of this process (user + system, all threads) in seconds, from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Modularity and cost of Leiden by iteration cap, of the default rule, and of Louvain.
fn iterations(path: &str, threads: usize) {
    let g = load(path);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    eprintln!(
        "{path}: {} nodes, {} edges, {threads} threads, load {}",
        g.node_count(),
        g.layer_edge_count(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let defaults = CommunityConfig {
        runs: 1,
        ..CommunityConfig::default()
    };
    let mut runs: Vec<(String, CommunityConfig)> = [1, 2, 3, 4, 6, 10]
        .iter()
        .map(|&i| {
            (
                format!("leiden, at most {i} iterations"),
                CommunityConfig {
                    max_iterations: i,
                    tolerance: 0.0,
                    ..defaults.clone()
                },
            )
        })
        .collect();
    runs.push(("leiden, default rule".into(), defaults.clone()));
    runs.push((
        "louvain".into(),
        CommunityConfig {
            algorithm: Algorithm::Louvain,
            ..defaults.clone()
        },
    ));
    for (name, cfg) in runs {
        let cpu = cpu_seconds();
        let start = Instant::now();
        let found = pool.install(|| detect(&g, &cfg));
        println!(
            "{name}: modularity {:.5}, {} communities, {} iterations, {} levels, {:.2} s, {:.2} CPU-s",
            found.modularity,
            found.partition.count(),
            found.iterations,
            found.levels,
            start.elapsed().as_secs_f64(),
            cpu_seconds() - cpu
        );
    }
}
