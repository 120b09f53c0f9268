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

mod common;

use std::time::{Duration, Instant};

use common::{pool, rmat_graph as rmat, thread_counts};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use relais::graph::{undirected_simple, Graph};
use relais::metrics::{
    betweenness, brokerage, closeness, clustering, collective_influence, eigenvector, hits, katz,
    BetweennessConfig, ClosenessConfig, CollectiveInfluenceConfig, Direction, EigenvectorConfig,
    HitsConfig, KatzConfig, Mode, Weighting,
};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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
