//! Scale kernels on a graph cache (issue 11), driven by `scripts/bench_scale.sh`; not a criterion
//! bench, because one run of each kernel on a 100M-edge graph is the measurement.
//!
//! `scale gen EDGES FILE` writes the R-MAT edge list of `benches/common` (Graph500 parameters,
//! seed 42, about ten edges per node) with `EDGES` records to `FILE`, streaming.
//! `scale gen-follow EDGES FILE` writes a duplicate-free power-law follow graph of about `EDGES`
//! follows instead (35 per account, as twitter-2010; `common::write_follow_graph_streaming`).
//!
//! `scale run CACHE [KERNEL,...]` loads the cache written by `relais build` and runs each kernel
//! once in a rayon pool of `RELAIS_BENCH_THREADS` threads (default 1), printing one line per
//! kernel: `kernel <TAB> seconds <TAB> detail`, then the peak RSS. Kernels: `load` (always),
//! `stream` (one pass over the in-CSR summing neighbour ids: the memory floor of a pull
//! iteration), `pagerank` (to convergence, default tolerance), `wcc`, `kcore` (on the undirected
//! simple view), `betweenness` (sampled, ε from `RELAIS_BENCH_EPSILON`, default 0.05),
//! `lpa` (label propagation), `lpa-simple` (on the unweighted simple view, which stores no
//! weights: the one that fits a 1.5B-edge graph in 24 GiB), `leiden` (one run), `bfs`
//! (breadth-first search along out-edges from 16 fixed accounts). `load-map`, `load-map-nochecksum`, `load-read` and
//! `load-read-nochecksum` time the cache load again with those `LoadOptions`. `order-degree` and
//! `order-bfs` relabel the graph (`relais::graph::permute`) so that the kernels after them run
//! on the relabelled graph (their results mapped back to the cache's ids); `order-owned` runs them
//! on the cache's order read into owned arrays (mapped vs owned); `order-none` returns to the
//! mapped cache.

mod common;

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use relais::cache::LoadOptions;
use relais::community::{self, Algorithm, CommunityConfig};
use relais::graph::{bfs_order, degree_order, undirected_simple, Graph, Permutation};
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
        Some("gen-follow") if args.len() == 3 => {
            let records: usize = args[1].replace('_', "").parse().expect("EDGES is a number");
            let t = Instant::now();
            let (accounts, follows) = common::pool(2).install(|| {
                common::write_follow_graph_streaming(records, common::SEED, Path::new(&args[2]))
            });
            println!(
                "gen-follow\t{:.3}\t{follows} follows (no duplicates), {accounts} accounts",
                t.elapsed().as_secs_f64()
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
            eprintln!(
                "usage: scale gen EDGES FILE | scale gen-follow EDGES FILE | scale run CACHE \
                 [KERNEL,...]"
            );
            std::process::exit(2);
        }
    }
}

fn run(path: &Path, kernels: &str) {
    let t = Instant::now();
    let loaded = relais::cache::load(path).expect("a valid graph cache");
    let (base, _labels, _) = loaded.graph;
    println!(
        "load\t{:.3}\t{} nodes, {} stored edges, {} graph bytes, mapped {}",
        t.elapsed().as_secs_f64(),
        base.node_count(),
        base.entry_count(),
        base.heap_bytes(),
        base.out_adjacency().targets.is_mapped()
    );
    // The graph the kernels run on: the cache's, or its relabelling by `order-*`.
    let mut relabelled: Option<(Graph, Permutation)> = None;
    let mut pagerank_baseline: Option<Vec<f64>> = None;
    for kernel in kernels.split(',').map(str::trim) {
        let t = Instant::now();
        if let Some(how) = kernel.strip_prefix("load-") {
            let opts = LoadOptions {
                map: !how.contains("read"),
                checksums: !how.contains("nochecksum"),
            };
            let again = relais::cache::load_with(path, &opts).expect("a valid graph cache");
            let secs = t.elapsed().as_secs_f64();
            drop(again);
            println!("{kernel}\t{secs:.3}\t{opts:?}");
            continue;
        }
        if let Some(how) = kernel.strip_prefix("order-") {
            let p = match how {
                "degree" => degree_order(&base),
                "bfs" => bfs_order(&base),
                "owned" => {
                    // The cache's order with owned arrays (the `read` path): mapped vs owned.
                    let opts = LoadOptions {
                        map: false,
                        checksums: true,
                    };
                    let owned = relais::cache::load_with(path, &opts).expect("a valid cache");
                    let n = owned.graph.0.node_count() as u32;
                    relabelled = Some((owned.graph.0, Permutation::from_order((0..n).collect())));
                    println!("{kernel}\t{:.3}\tread path", t.elapsed().as_secs_f64());
                    continue;
                }
                _ => {
                    relabelled = None;
                    println!("{kernel}\t0\tcache order");
                    continue;
                }
            };
            let ordered = t.elapsed().as_secs_f64();
            relabelled = Some((relais::graph::permute(&base, &p), p));
            println!(
                "{kernel}\t{:.3}\torder {ordered:.3} s + relabel",
                t.elapsed().as_secs_f64()
            );
            continue;
        }
        let g = relabelled.as_ref().map_or(&base, |r| &r.0);
        let perm = relabelled.as_ref().map(|r| &r.1);
        let detail = match kernel {
            "stream" => {
                // Every thread of the pool streams its share of the nodes' in-lists (offsets and
                // targets, as a pull iteration reads them), without the gather.
                let inc = g.in_adjacency();
                let sum = (0..g.node_count() as u32)
                    .into_par_iter()
                    .with_min_len(4096)
                    .map(|v| {
                        inc.neighbors(v)
                            .iter()
                            .fold(0u64, |a, &u| a.wrapping_add(u64::from(u)))
                    })
                    .reduce(|| 0, u64::wrapping_add);
                format!("checksum {sum}, {} threads", rayon::current_num_threads())
            }
            "pagerank" => {
                let pr = metrics::pagerank(g, &PageRankConfig::default());
                let secs = t.elapsed().as_secs_f64();
                let scores = perm.map_or_else(|| pr.scores.clone(), |p| p.to_old(&pr.scores));
                let diff = pagerank_baseline.as_ref().map_or(0.0, |b| {
                    b.iter()
                        .zip(&scores)
                        .map(|(x, y)| (x - y).abs())
                        .fold(0.0, f64::max)
                });
                pagerank_baseline.get_or_insert(scores);
                format!(
                    "{} iterations, converged {}, {:.3} s per iteration, max |diff| to the first \
                     run {diff:.1e}",
                    pr.iterations,
                    pr.converged,
                    secs / f64::from(pr.iterations.max(1))
                )
            }
            "wcc" => format!("{} components", metrics::weak_components(g).sizes.len()),
            "bfs" => {
                // Breadth-first search along out-edges from 16 fixed sources (the same accounts
                // whatever the order): the distance sum checks that the work is the same.
                let n = g.node_count();
                let mut dist = vec![u32::MAX; n];
                let mut queue: Vec<u32> = Vec::with_capacity(n);
                let (mut reached, mut total) = (0u64, 0u64);
                for k in 0..16u64 {
                    let s = (k * n as u64 / 16) as u32;
                    let s = perm.map_or(s, |p| p.rank[s as usize]);
                    dist.fill(u32::MAX);
                    queue.clear();
                    dist[s as usize] = 0;
                    queue.push(s);
                    let mut head = 0;
                    while head < queue.len() {
                        let u = queue[head];
                        head += 1;
                        let d = dist[u as usize] + 1;
                        for &v in g.out_neighbors(u) {
                            if dist[v as usize] == u32::MAX {
                                dist[v as usize] = d;
                                queue.push(v);
                            }
                        }
                    }
                    reached += queue.len() as u64;
                    total += queue
                        .iter()
                        .map(|&u| u64::from(dist[u as usize]))
                        .sum::<u64>();
                }
                format!("16 sources, {reached} reached, distance sum {total}")
            }
            "kcore" => {
                let core = metrics::core_numbers(&undirected_simple(g));
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
                let b = metrics::betweenness(g, Weighting::Unweighted, &cfg);
                format!("epsilon {epsilon}, {:?}", b.estimate.map(|e| e.samples))
            }
            "lpa" | "lpa-simple" | "leiden" => {
                let cfg = CommunityConfig {
                    algorithm: if kernel == "leiden" {
                        Algorithm::Leiden
                    } else {
                        Algorithm::LabelPropagation
                    },
                    // The simple view stores no weights: 4 bytes per entry instead of 12.
                    weighted: kernel != "lpa-simple",
                    runs: 1,
                    ..CommunityConfig::default()
                };
                let c = community::detect(g, &cfg);
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
