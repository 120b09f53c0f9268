//! PageRank throughput on a generated R-MAT graph (10M edges by default): a fixed 20 power
//! iterations (the tolerance is too small to stop earlier), in local rayon pools of 1 and 2
//! threads. Throughput is edge-visits per second: 20 × the stored edges of the graph (input
//! records less self-loops and merged duplicates); the input record count is printed as well.
//!
//! Run: `cargo bench --bench pagerank` (sizes and threads: `RELAIS_BENCH_EDGES`,
//! `RELAIS_BENCH_THREADS`).

mod common;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use indicatif::ProgressBar;
use relais::config::IngestConfig;
use relais::graph::{self, BuildConfig};
use relais::ingest;
use relais::metrics::{pagerank, PageRankConfig};

use common::Spec;

/// Iterations per PageRank run.
const ITERATIONS: u32 = 20;

fn bench_pagerank(c: &mut Criterion) {
    let spec = Spec::from_env();
    let files = common::ensure_files(&spec);
    let setup = common::pool(*common::thread_counts().iter().max().unwrap_or(&1));
    let (g, records) = setup.install(|| {
        let cfg = IngestConfig {
            paths: vec![files.edge_list.clone()],
            ..IngestConfig::default()
        };
        let input = ingest::load(&cfg, &ProgressBar::hidden()).expect("read the bench data");
        let records = input.edges.len();
        let (g, _, _) = graph::build(&input.edges, input.names, &BuildConfig::default());
        (g, records)
    });
    drop(setup);
    let cfg = PageRankConfig {
        tolerance: f64::MIN_POSITIVE,
        max_iterations: ITERATIONS,
        ..PageRankConfig::default()
    };
    cfg.validate().expect("valid PageRank configuration");
    // The run must really do every iteration, or the edge-visit count would be wrong.
    let check = pagerank(&g, &cfg);
    assert_eq!(check.iterations, ITERATIONS);
    eprintln!(
        "[pagerank report] {} nodes, {} stored edges from {} input records; unit weights: {}",
        g.node_count(),
        g.entry_count(),
        records,
        g.is_unit_weight()
    );

    let mut group = c.benchmark_group(format!("pagerank_20_iterations_{}", spec.label()));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(
            u64::from(ITERATIONS) * g.entry_count() as u64,
        ));
    for threads in common::thread_counts() {
        let pool = common::pool(threads);
        eprintln!(
            "[load {}] pagerank_20_iterations_{}/{threads}t",
            common::load_average(),
            spec.label()
        );
        group.bench_function(BenchmarkId::from_parameter(format!("{threads}t")), |b| {
            b.iter_with_large_drop(|| pool.install(|| pagerank(&g, &cfg)))
        });
    }
    group.finish();
}

fn main() {
    // A plain main rather than `criterion_main!`, whose generated public functions have no docs.
    let mut c = Criterion::default().configure_from_args();
    bench_pagerank(&mut c);
    c.final_summary();
}
