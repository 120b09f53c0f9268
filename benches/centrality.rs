//! Centrality kernels on generated directed R-MAT graphs (Chakrabarti, Zhan & Faloutsos 2004;
//! Graph500 parameters a = 0.57, b = c = 0.19), in local rayon pools of 1 and 2 threads.
//!
//! Two graphs: `small` (2^13 nodes, 100k edge records by default) for the all-pairs kernels
//! (exact betweenness and closeness, whose cost is nodes × edges) and the neighbourhood
//! kernels (brokerage, collective influence, whose cost grows with Σ d²), and `large` (2^16
//! nodes, 1M records) for the rest (sampled betweenness at ε = 0.01, triangles, eigenvector,
//! HITS, Katz). Throughput is edge visits per second where a kernel has a natural count
//! (nodes × stored entries for exact betweenness and closeness), nodes per second otherwise.
//!
//! Run: `cargo bench --bench centrality` (optional `-- <filter>`). Sizes and threads:
//! `RELAIS_BENCH_SMALL_EDGES`, `RELAIS_BENCH_LARGE_EDGES`, `RELAIS_BENCH_THREADS` (e.g. `1,2`).

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use relais::graph::{build, undirected_simple, BuildConfig, EdgeTable, Graph, Interner};
use relais::metrics::{
    betweenness, brokerage, closeness, clustering, collective_influence, eigenvector, hits, katz,
    BetweennessConfig, ClosenessConfig, CollectiveInfluenceConfig, Direction, EigenvectorConfig,
    HitsConfig, KatzConfig, Mode, Weighting,
};

/// A directed R-MAT graph with `2^scale` nodes and `records` edge records (self-loops and
/// duplicates are dropped and merged by `build`, as for real input).
fn rmat(scale: u32, records: usize, seed: u64) -> Graph {
    let mut rng = Pcg64::seed_from_u64(seed);
    let n = 1usize << scale;
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).expect("a valid id");
    }
    let mut t = EdgeTable::default();
    t.src.reserve(records);
    t.dst.reserve(records);
    for _ in 0..records {
        let (mut u, mut v) = (0u32, 0u32);
        for bit in (0..scale).rev() {
            let r: f64 = rng.random();
            let (du, dv) = if r < 0.57 {
                (0, 0)
            } else if r < 0.76 {
                (0, 1)
            } else if r < 0.95 {
                (1, 0)
            } else {
                (1, 1)
            };
            u |= du << bit;
            v |= dv << bit;
        }
        t.src.push(u);
        t.dst.push(v);
    }
    build(&t, ids.into_names(), &BuildConfig { directed: true }).0
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn thread_counts() -> Vec<usize> {
    std::env::var("RELAIS_BENCH_THREADS")
        .ok()
        .map(|v| v.split(',').filter_map(|t| t.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![1, 2])
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// One kernel: its name, throughput count, and the call.
type Kernel<'a> = (&'static str, u64, Box<dyn Fn() + Sync + 'a>);

fn run_group(c: &mut Criterion, graph: &str, g: &Graph, kernels: Vec<Kernel<'_>>) {
    eprintln!(
        "[centrality] {graph}: {} nodes, {} stored edges",
        g.node_count(),
        g.entry_count()
    );
    for (name, count, f) in kernels {
        // One timed run first: slow kernels get fewer, longer samples.
        let t = Instant::now();
        pool(1).install(&f);
        let once = t.elapsed();
        let mut group = c.benchmark_group(format!("{name}_{graph}"));
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(100))
            .measurement_time((once * 12).max(Duration::from_secs(1)))
            .throughput(Throughput::Elements(count));
        for threads in thread_counts() {
            let p = pool(threads);
            group.bench_function(BenchmarkId::from_parameter(format!("{threads}t")), |b| {
                b.iter(|| p.install(&f))
            });
        }
        group.finish();
    }
}

fn bench(c: &mut Criterion) {
    let small = rmat(13, env_usize("RELAIS_BENCH_SMALL_EDGES", 100_000), 1);
    let large = rmat(16, env_usize("RELAIS_BENCH_LARGE_EDGES", 1_000_000), 2);
    let visits = |g: &Graph| (g.node_count() * g.entry_count()) as u64;
    let exact_b = BetweennessConfig {
        mode: Mode::Exact,
        ..BetweennessConfig::default()
    };
    let approx_b = BetweennessConfig {
        mode: Mode::Approx,
        epsilon: 0.01,
        ..BetweennessConfig::default()
    };
    let exact_c = ClosenessConfig {
        mode: Mode::Exact,
        ..ClosenessConfig::default()
    };
    let s = &small;
    let simple_small = undirected_simple(s);
    run_group(
        c,
        "small",
        s,
        vec![
            (
                "betweenness_exact",
                visits(s),
                Box::new(|| drop(betweenness(s, Weighting::Unweighted, &exact_b))),
            ),
            (
                "closeness_harmonic_exact",
                visits(s),
                Box::new(|| drop(closeness(s, Direction::In, Weighting::Unweighted, &exact_c))),
            ),
            (
                "brokerage",
                s.node_count() as u64,
                Box::new(|| drop(brokerage(s, Weighting::Unweighted))),
            ),
            (
                "collective_influence",
                s.node_count() as u64,
                Box::new(|| {
                    drop(collective_influence(
                        &simple_small,
                        &CollectiveInfluenceConfig::default(),
                    ))
                }),
            ),
        ],
    );
    let l = &large;
    let simple_large = undirected_simple(l);
    let katz_cfg = KatzConfig {
        alpha: 0.001,
        ..KatzConfig::default()
    };
    run_group(
        c,
        "large",
        l,
        vec![
            (
                "betweenness_approx_eps0.01",
                l.node_count() as u64,
                Box::new(|| drop(betweenness(l, Weighting::Unweighted, &approx_b))),
            ),
            (
                "triangles",
                simple_large.targets.len() as u64,
                Box::new(|| drop(clustering(&simple_large))),
            ),
            (
                "eigenvector",
                l.node_count() as u64,
                Box::new(|| {
                    drop(eigenvector(
                        l,
                        Weighting::Unweighted,
                        &EigenvectorConfig::default(),
                    ))
                }),
            ),
            (
                "hits",
                l.node_count() as u64,
                Box::new(|| drop(hits(l, Weighting::Unweighted, &HitsConfig::default()))),
            ),
            (
                "katz",
                l.node_count() as u64,
                Box::new(|| drop(katz(l, Weighting::Unweighted, &katz_cfg))),
            ),
        ],
    );
}

fn main() {
    // A plain main rather than `criterion_main!`, whose generated public functions have no docs.
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
