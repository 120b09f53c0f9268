//! Influence maximisation on a generated directed R-MAT graph (Chakrabarti, Zhan & Faloutsos
//! 2004; Graph500 parameters a = 0.57, b = c = 0.19; 2^14 nodes, 200k edge records by default),
//! in local rayon pools of 1 and 2 threads: building the influence graph, IMM (k = 10, ε = 0.2,
//! IC and LT, weighted cascade) and 1,000 Monte-Carlo simulations of IMM's seeds. Throughput is
//! RR sets per second for IMM (final phase θ plus sampling phase) and simulations per second.
//!
//! The end-to-end figure on a 10M-edge network comes from `scripts/bench_seeds.sh`.
//!
//! Run: `cargo bench --bench seeds`. Sizes and threads: `RELAIS_BENCH_SEEDS_EDGES`,
//! `RELAIS_BENCH_THREADS` (e.g. `1,2`).

mod common;

use std::time::Duration;

use common::{pool, rmat_graph as rmat, thread_counts};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use relais::influence::{imm, influence_graph, spread, Model, SeedsConfig};
use relais::NodeId;

fn bench(c: &mut Criterion) {
    let records = std::env::var("RELAIS_BENCH_SEEDS_EDGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let g = rmat(14, records, 3);
    for model in [Model::Ic, Model::Lt] {
        let cfg = SeedsConfig {
            k: 10,
            epsilon: 0.2,
            model,
            ..SeedsConfig::default()
        };
        let (ig, _) = influence_graph(&g, &cfg, None).expect("valid layers");
        let probe = imm(&ig, &cfg).expect("θ under the cap");
        let seeds: Vec<NodeId> = probe.picks.iter().map(|p| p.node).collect();
        eprintln!(
            "[seeds] {model:?}: {} nodes, {} influence edges, θ = {}, sampling {}, mean RR size {:.1}",
            ig.node_count(),
            ig.edge_count(),
            probe.stats.theta,
            probe.stats.sampling_rr_sets,
            probe.stats.mean_rr_size
        );
        let mut group = c.benchmark_group(format!("seeds_{model:?}"));
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_secs(3));
        for threads in thread_counts() {
            let p = pool(threads);
            group.throughput(Throughput::Elements(ig.edge_count() as u64));
            group.bench_function(BenchmarkId::new("influence_graph", threads), |b| {
                b.iter(|| p.install(|| influence_graph(&g, &cfg, None)))
            });
            group.throughput(Throughput::Elements(
                probe.stats.theta + probe.stats.sampling_rr_sets,
            ));
            group.bench_function(BenchmarkId::new("imm", threads), |b| {
                b.iter(|| p.install(|| imm(&ig, &cfg)))
            });
            group.throughput(Throughput::Elements(1_000));
            group.bench_function(BenchmarkId::new("monte_carlo_1000", threads), |b| {
                b.iter(|| p.install(|| spread(&ig, model, &seeds, 1_000, 0.0, 1)))
            });
        }
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
