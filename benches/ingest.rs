//! Ingest and graph-build throughput on a generated R-MAT graph (10M edges by default).
//!
//! Measures `ingest::load` followed by `graph::build`, the two stages `relais analyze` runs before
//! the metrics, from the same edges stored as a CSV table, a SNAP-style edge list and Parquet, in
//! local rayon pools of 1 and 2 threads. Throughput is input edge records per second. A
//! `build_only` group times `graph::build` on an already loaded table, so that ingest's share is
//! the difference. Before the timed runs, one untimed pass per format prints the stage split, the
//! graph's resident bytes per edge (`Graph::heap_bytes`) and the load average.
//!
//! Run: `cargo bench --bench ingest` (sizes and threads: `RELAIS_BENCH_EDGES`,
//! `RELAIS_BENCH_THREADS`). `RELAIS_BENCH_PREPARE=1 cargo bench --bench ingest` only writes the
//! data files and prints their paths (used by `scripts/bench_compare_ingest.sh`).
//!
//! Parquet is decoded by polars in its own thread pool, sized by `POLARS_MAX_THREADS` rather than
//! by the rayon pool, so the thread count of the Parquet rows bounds only the build stage.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use indicatif::ProgressBar;
use relais::config::IngestConfig;
use relais::graph::{self, BuildConfig, Graph, NodeLabels};
use relais::ingest::{self, Input};

use common::{Files, Spec};

fn config(path: &Path) -> IngestConfig {
    IngestConfig {
        paths: vec![path.to_path_buf()],
        ..IngestConfig::default()
    }
}

fn load(path: &Path) -> Input {
    ingest::load(&config(path), &ProgressBar::hidden()).expect("read the bench data")
}

fn load_and_build(path: &Path) -> (Graph, NodeLabels) {
    let input = load(path);
    let (g, labels, _) = graph::build(&input.edges, input.names, &BuildConfig::default());
    (g, labels)
}

fn formats(files: &Files) -> [(&'static str, PathBuf); 3] {
    [
        ("csv", files.csv.clone()),
        ("edge_list", files.edge_list.clone()),
        ("parquet", files.parquet.clone()),
    ]
}

/// One untimed pass per format: stage split, graph size and bytes per edge.
fn report(spec: &Spec, files: &Files) {
    let threads = *common::thread_counts().iter().max().unwrap_or(&1);
    let pool = common::pool(threads);
    for (name, path) in formats(files) {
        let load_before = common::load_average();
        let (ingest_s, build_s, g, records) = pool.install(|| {
            let t0 = Instant::now();
            let input = load(&path);
            let t1 = Instant::now();
            let records = input.edges.len();
            let (g, _, _) = graph::build(&input.edges, input.names, &BuildConfig::default());
            let t2 = Instant::now();
            ((t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64(), g, records)
        });
        let bytes = g.heap_bytes();
        eprintln!(
            "[ingest report] {name}: {} records ({} requested), {} nodes, {} stored edges; \
             ingest {ingest_s:.2} s, build {build_s:.2} s ({threads} threads); graph {:.1} MiB = \
             {:.2} bytes per stored edge, {:.2} per input record; process RSS {}; load {} -> {}",
            records,
            spec.edges,
            g.node_count(),
            g.entry_count(),
            bytes as f64 / (1 << 20) as f64,
            bytes as f64 / g.entry_count() as f64,
            bytes as f64 / records as f64,
            common::rss_bytes().map_or("?".into(), |b| format!("{} MiB", b >> 20)),
            load_before,
            common::load_average(),
        );
    }
}

fn bench_ingest(c: &mut Criterion) {
    let spec = Spec::from_env();
    let files = common::ensure_files(&spec);
    report(&spec, &files);

    let mut group = c.benchmark_group(format!("ingest_build_{}", spec.label()));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Elements(spec.edges as u64));
    for (name, path) in formats(&files) {
        for threads in common::thread_counts() {
            let pool = common::pool(threads);
            eprintln!(
                "[load {}] ingest_build_{}/{name}/{threads}t",
                common::load_average(),
                spec.label()
            );
            group.bench_with_input(
                BenchmarkId::new(name, format!("{threads}t")),
                &path,
                |b, path| b.iter_with_large_drop(|| pool.install(|| load_and_build(path))),
            );
        }
    }
    group.finish();

    // Build alone, from the edge list's table: the rest of ingest_build is reading and interning.
    let input = load(&files.edge_list);
    let mut group = c.benchmark_group(format!("build_only_{}", spec.label()));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(input.edges.len() as u64));
    for threads in common::thread_counts() {
        let pool = common::pool(threads);
        eprintln!(
            "[load {}] build_only_{}/{threads}t",
            common::load_average(),
            spec.label()
        );
        group.bench_function(BenchmarkId::from_parameter(format!("{threads}t")), |b| {
            b.iter_batched(
                || input.names.clone(),
                |names| pool.install(|| graph::build(&input.edges, names, &BuildConfig::default())),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn main() {
    if std::env::var_os("RELAIS_BENCH_PREPARE").is_some() {
        let files = common::ensure_files(&Spec::from_env());
        println!("csv={}", files.csv.display());
        println!("edge_list={}", files.edge_list.display());
        println!("parquet={}", files.parquet.display());
        return;
    }
    // A plain main rather than `criterion_main!`, whose generated public functions have no docs.
    let mut c = Criterion::default().configure_from_args();
    bench_ingest(&mut c);
    c.final_summary();
}
