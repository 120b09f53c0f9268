//! The single-machine side of the cluster benchmark (`scripts/bench_cluster.sh`): on the R-MAT
//! edge list of `benches/common` (`RELAIS_BENCH_EDGES`, default 10M records), times what a
//! cluster run computes — read, build, degrees, PageRank (the default tolerance), weak components
//! and k-core — in one thread of single-machine relais, the reference of the COST figure.
//!
//! Run: `cargo bench --bench cluster` (prints `file: PATH` first, so the script can hand the same
//! file to the cluster processes). With `RELAIS_BENCH_FILE_ONLY=1` it only generates the file;
//! with `RELAIS_BENCH_FILE=PATH` it times that edge list instead of the generated one.

mod common;

use std::time::Instant;

use indicatif::ProgressBar;
use relais::config::IngestConfig;
use relais::graph::{self, undirected_simple, BuildConfig};
use relais::ingest;
use relais::metrics::{core_numbers, degrees, pagerank, weak_components, PageRankConfig};

use common::Spec;

fn main() {
    let edge_list = match std::env::var_os("RELAIS_BENCH_FILE") {
        Some(path) => std::path::PathBuf::from(path),
        None => common::ensure_files(&Spec::from_env()).edge_list,
    };
    println!("file: {}", edge_list.display());
    if std::env::var_os("RELAIS_BENCH_FILE_ONLY").is_some() {
        return;
    }
    let pool = common::pool(1);
    let load = common::load_average();
    pool.install(|| {
        let total = Instant::now();
        let mut lap = Instant::now();
        let mut report = |stage: &str| {
            println!("single 1 thread: {stage:>9}: {:.3} s", lap.elapsed().as_secs_f64());
            lap = Instant::now();
        };
        let cfg = IngestConfig {
            paths: vec![edge_list.clone()],
            ..IngestConfig::default()
        };
        let input = ingest::load(&cfg, &ProgressBar::hidden()).expect("read the bench data");
        report("ingest");
        let (g, _, _) = graph::build(&input.edges, input.names, &BuildConfig::default());
        drop(input.edges);
        report("build");
        let d = degrees(&g);
        report("degrees");
        let pr = pagerank(&g, &PageRankConfig::default());
        report("pagerank");
        let wcc = weak_components(&g);
        report("wcc");
        let core = core_numbers(&undirected_simple(&g));
        report("core");
        println!(
            "single 1 thread: {} nodes, {} stored edges, PageRank {} iterations, {} weak components, \
             max core {}, max in-degree {}",
            g.node_count(),
            g.entry_count(),
            pr.iterations,
            wcc.count(),
            core.iter().max().unwrap_or(&0),
            d.in_degree.iter().max().unwrap_or(&0)
        );
        println!(
            "single 1 thread: total {:.3} s (load average before: {load}; peak RSS {:.2} GiB)",
            total.elapsed().as_secs_f64(),
            common::peak_rss_bytes().unwrap_or(0) as f64 / (1u64 << 30) as f64
        );
    });
}
