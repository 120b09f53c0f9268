//! ForceAtlas2 layout time on a generated R-MAT graph: 1M edge records by default (scale 17, about
//! 100k non-isolated nodes after merging), every node laid out, the default
//! [`ForceAtlas2Config`] (100 iterations, Barnes–Hut θ = 1.2), in local rayon pools of 1 and 2
//! threads. One timed run per thread count (a layout of this size takes seconds, so criterion's
//! repetitions would add minutes for no precision the target needs); the figure to compare with
//! the target (under a minute on 2 cores) is the wall time printed for 2 threads.
//!
//! Run: `cargo bench --bench layout` (sizes, threads and iterations: `RELAIS_BENCH_EDGES`,
//! `RELAIS_BENCH_THREADS`, `RELAIS_LAYOUT_ITERATIONS`).

mod common;

use std::time::Instant;

use relais::layout::{forceatlas2, ForceAtlas2Config, LayoutGraph};

use common::Spec;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: then do a tiny run.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let edges = std::env::var("RELAIS_BENCH_EDGES")
        .ok()
        .and_then(|v| v.replace('_', "").parse::<usize>().ok())
        .filter(|&e| e > 0)
        .unwrap_or(if smoke { 10_000 } else { 1_000_000 });
    let iterations = std::env::var("RELAIS_LAYOUT_ITERATIONS")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(ForceAtlas2Config::default().iterations);
    let spec = Spec::new(edges, 42);
    let setup = common::pool(2);
    let g = setup.install(|| {
        let list: Vec<(u32, u32, f64)> = common::generate(&spec)
            .into_iter()
            .map(|(u, v)| (u, v, 1.0))
            .collect();
        LayoutGraph::from_edges(1usize << spec.scale, &list)
    });
    let connected = (0..g.node_count())
        .filter(|&u| g.offsets[u + 1] > g.offsets[u])
        .count();
    println!(
        "layout/{}: {} nodes ({} with an edge), {} undirected edges, {} iterations",
        spec.label(),
        g.node_count(),
        connected,
        g.edge_count(),
        iterations
    );
    let cfg = ForceAtlas2Config {
        iterations,
        seed: 7,
        ..ForceAtlas2Config::default()
    };
    for threads in common::thread_counts() {
        let pool = common::pool(threads);
        let start = Instant::now();
        let l = pool.install(|| forceatlas2(&g, &cfg));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "layout/{}/threads={threads}: {secs:.2} s wall, {:.1} ms per iteration (final speed {:.3})",
            spec.label(),
            1000.0 * secs / f64::from(l.iterations.max(1)),
            l.speed
        );
    }
}
