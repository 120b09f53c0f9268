//! `relais simulate` throughput: generating and writing (CSV, into a temporary folder) the small
//! preset's model at 20,000 and 100,000 accounts, in local rayon pools of 1 and 2 threads.
//! Throughput is edge rows per second; the edge count of each size is printed first.
//!
//! Run: `cargo bench --bench simulate` (sizes and threads: `RELAIS_BENCH_ACCOUNTS`, e.g.
//! `20000,100000`, and `RELAIS_BENCH_THREADS`, e.g. `1,2`). The medium and large presets are
//! timed end to end with the binary instead (see README.md).

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use relais::simulate::{simulate, ModelConfig, Preset, SimFormat, SimulateConfig};

/// A comma-separated list of positive integers from the environment, or `default`.
fn list(var: &str, default: &[u64]) -> Vec<u64> {
    let parsed: Vec<u64> = std::env::var(var)
        .unwrap_or_default()
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .filter(|&t| t > 0)
        .collect();
    if parsed.is_empty() {
        default.to_vec()
    } else {
        parsed
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("start the rayon pool")
}

/// The 1-minute load average, for the record next to each figure.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn bench_simulate(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("simulate_csv");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for accounts in list("RELAIS_BENCH_ACCOUNTS", &[20_000, 100_000]) {
        let cfg = SimulateConfig {
            model: ModelConfig {
                accounts: u32::try_from(accounts).expect("accounts fit u32"),
                seed: 1,
                ..ModelConfig::preset(Preset::Small)
            },
            out: dir.path().join(format!("sim-{accounts}")),
            force: true,
            format: SimFormat::Csv,
        };
        let first = pool(1).install(|| simulate(&cfg)).expect("simulate");
        eprintln!(
            "[simulate report] {accounts} accounts, {} edges, {} communities",
            first.counts.edges, first.counts.communities
        );
        group.throughput(Throughput::Elements(first.counts.edges));
        for threads in list("RELAIS_BENCH_THREADS", &[1, 2]) {
            let threads = threads as usize;
            let pool = pool(threads);
            eprintln!(
                "[load {}] simulate_csv/{accounts}/{threads}t",
                load_average()
            );
            group.bench_function(
                BenchmarkId::new(accounts.to_string(), format!("{threads}t")),
                |b| b.iter(|| pool.install(|| simulate(&cfg)).expect("simulate")),
            );
        }
    }
    group.finish();
}

fn main() {
    // A plain main rather than `criterion_main!`, whose generated public functions have no docs.
    let mut c = Criterion::default().configure_from_args();
    bench_simulate(&mut c);
    c.final_summary();
}
