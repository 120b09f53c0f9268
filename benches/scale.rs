//! Scale kernels on a graph cache (issue 11), driven by `scripts/bench_scale.sh`; not a criterion
//! bench, because one run of each kernel on a 100M-edge graph is the measurement.
//!
//! `scale gen EDGES FILE` writes the R-MAT edge list of `benches/common` (Graph500 parameters,
//! seed 42, about ten edges per node) with `EDGES` records to `FILE`, streaming.
//!
//! `scale run CACHE [KERNEL,...]` loads the cache written by `relais build` and runs each kernel
//! once in a rayon pool of `RELAIS_BENCH_THREADS` threads (default 1), printing one line per
//! kernel: `kernel <TAB> seconds <TAB> detail`, then the peak RSS. Kernels: `load` (always),
//! `stream` (one pass over the in-CSR summing neighbour ids: the memory floor of a pull
//! iteration), `pagerank` (to convergence, default tolerance), `wcc`, `kcore` (on the undirected
//! simple view), `betweenness` (sampled, ε from `RELAIS_BENCH_EPSILON`, default 0.05),
//! `lpa` (label propagation), `leiden` (one run).

mod common;

use std::path::Path;
use std::time::Instant;

use relais::community::{self, Algorithm, CommunityConfig};
use relais::graph::undirected_simple;
use relais::metrics::{self, BetweennessConfig, Mode, PageRankConfig, Weighting};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("gen") if args.len() == 3 => {
            let edges: usize = args[1].replace('_', "").parse().expect("EDGES is a number");
            let spec = common::Spec::new(edges, common::SEED);
            let t = Instant::now();
            common::pool(2)
                .install(|| common::write_edge_list_streaming(&spec, Path::new(&args[2])));
            println!(
                "gen\t{:.3}\t{} records, scale {}",
                t.elapsed().as_secs_f64(),
                edges,
                spec.scale
            );
        }
        Some("run") if args.len() >= 2 => {
            let kernels = args.get(2).map_or(
                "stream,pagerank,wcc,kcore,betweenness,lpa,leiden".to_string(),
                Clone::clone,
            );
            let threads = std::env::var("RELAIS_BENCH_THREADS")
                .ok()
                .and_then(|t| t.parse().ok())
                .unwrap_or(1);
            common::pool(threads).install(|| run(Path::new(&args[1]), &kernels));
        }
        _ => {
            eprintln!("usage: scale gen EDGES FILE | scale run CACHE [KERNEL,...]");
            std::process::exit(2);
        }
    }
}

fn run(path: &Path, kernels: &str) {
    let t = Instant::now();
    let loaded = relais::cache::load(path).expect("a valid graph cache");
    let (g, _labels, _) = loaded.graph;
    println!(
        "load\t{:.3}\t{} nodes, {} stored edges, {} graph bytes",
        t.elapsed().as_secs_f64(),
        g.node_count(),
        g.entry_count(),
        g.heap_bytes()
    );
    for kernel in kernels.split(',').map(str::trim) {
        let t = Instant::now();
        let detail = match kernel {
            "stream" => {
                let inc = g.in_adjacency();
                let mut sum = 0u64;
                for v in 0..g.node_count() as u32 {
                    sum = sum.wrapping_add(inc.neighbors(v).iter().map(|&u| u64::from(u)).sum());
                }
                format!("checksum {sum}")
            }
            "pagerank" => {
                let pr = metrics::pagerank(&g, &PageRankConfig::default());
                let secs = t.elapsed().as_secs_f64();
                format!(
                    "{} iterations, converged {}, {:.3} s per iteration",
                    pr.iterations,
                    pr.converged,
                    secs / f64::from(pr.iterations.max(1))
                )
            }
            "wcc" => format!("{} components", metrics::weak_components(&g).sizes.len()),
            "kcore" => {
                let core = metrics::core_numbers(&undirected_simple(&g));
                format!("max core {}", core.iter().max().copied().unwrap_or(0))
            }
            "betweenness" => {
                let epsilon = std::env::var("RELAIS_BENCH_EPSILON")
                    .ok()
                    .and_then(|e| e.parse().ok())
                    .unwrap_or(0.05);
                let cfg = BetweennessConfig {
                    mode: Mode::Approx,
                    epsilon,
                    ..BetweennessConfig::default()
                };
                let b = metrics::betweenness(&g, Weighting::Unweighted, &cfg);
                format!("epsilon {epsilon}, {:?}", b.estimate.map(|e| e.samples))
            }
            "lpa" | "leiden" => {
                let cfg = CommunityConfig {
                    algorithm: if kernel == "lpa" {
                        Algorithm::LabelPropagation
                    } else {
                        Algorithm::Leiden
                    },
                    runs: 1,
                    ..CommunityConfig::default()
                };
                let c = community::detect(&g, &cfg);
                format!(
                    "{} communities, modularity {:.4}",
                    c.partition.count(),
                    c.modularity
                )
            }
            other => {
                eprintln!("unknown kernel {other}");
                continue;
            }
        };
        println!("{kernel}\t{:.3}\t{detail}", t.elapsed().as_secs_f64());
    }
    println!(
        "peak_rss\t{}\tbytes",
        common::peak_rss_bytes().unwrap_or_default()
    );
}
