//! The relais side of `scripts/bench_peers.sh`: writes the shared R-MAT input files and times
//! relais's kernels on them, one JSON line per kernel, in the same format as
//! `scripts/bench_peers.py` prints for NetworKit and igraph.
//!
//! Not a criterion bench: the script runs it as a plain program, each graph in its own process,
//! so that peak memory can be measured per process.
//!
//! ```text
//! cargo bench --bench peers -- prepare EDGES DIR
//!     R-MAT graph of EDGES records (benches/common, seed 42, scale round(log2(EDGES/10))),
//!     self-loops and repeats dropped, nodes renumbered 0..n-1 in id order; writes
//!     DIR/rmat-EDGES-directed.txt (u<TAB>v, each ordered pair once) and
//!     DIR/rmat-EDGES-undirected.txt (u<TAB>v with u < v, each pair once), and prints their
//!     sizes as JSON.
//! cargo bench --bench peers -- run FILE directed|undirected THREADS KERNEL[,KERNEL...] [SOURCES]
//!     reads FILE, builds the graph, then times each kernel in a rayon pool of THREADS workers.
//! ```
//!
//! Only the kernel is timed: reading the file, building the graph and any view a kernel needs
//! before it starts (the undirected simple adjacency of k-core and triangles is the graph's own
//! adjacency here, borrowed) are outside the timer; nothing is written. Memory: before each
//! kernel the peak resident size is reset (`/proc/self/clear_refs`), so `peak_bytes` is the
//! process's peak during that kernel, graph included; `base_bytes` is the resident size before
//! the graph was read.
//!
//! Kernels: `pagerank` (20 iterations, directed), `betweenness_sources` (Brandes from SOURCES
//! seeded random sources), `betweenness_approx` (ε = 0.01, δ = 0.1: KADABRA on these unweighted graphs),
//! `closeness_sources` (closeness and harmonic from about SOURCES sampled sources), `triangles`
//! (local triangles and clustering), `kcore`, `leiden` (modularity, one run, default stopping
//! rule), `leiden_3it` (at most 3 iterations, NetworKit ParallelLeiden's default) and `louvain`.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use relais::community::{detect, Algorithm, CommunityConfig};
use relais::graph::{build, undirected_simple, BuildConfig, EdgeTable, Graph, Interner};
use relais::metrics::{
    betweenness, betweenness_from_sources, closeness, clustering, core_numbers, pagerank,
    BetweennessConfig, ClosenessConfig, Direction, Mode, PageRankConfig, Sampler, Weighting,
};

mod common;

fn main() {
    // `cargo bench` passes `--bench`; ignore flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.first().map(String::as_str) {
        Some("prepare") if args.len() == 3 => prepare(
            args[1].parse().expect("EDGES is a number"),
            Path::new(&args[2]),
        ),
        Some("run") if args.len() >= 5 => run(
            Path::new(&args[1]),
            &args[2],
            args[3].parse().expect("THREADS is a number"),
            &args[4],
            args.get(5)
                .map_or(256, |s| s.parse().expect("SOURCES is a number")),
        ),
        // `cargo bench` without arguments (e.g. a plain `cargo bench` of every bench).
        _ => eprintln!("peers: usage: prepare EDGES DIR | run FILE KIND THREADS KERNELS [SOURCES]"),
    }
}

/// Writes the directed and undirected simple edge lists of the R-MAT graph.
fn prepare(edges: usize, dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the data folder");
    let directed = dir.join(format!("rmat-{edges}-directed.txt"));
    let undirected = dir.join(format!("rmat-{edges}-undirected.txt"));
    let spec = common::Spec::new(edges, common::SEED);
    let mut pairs: Vec<(u32, u32)> = common::generate(&spec);
    pairs.retain(|&(u, v)| u != v);
    // Dense ids 0..n-1 in the order of the generator's ids.
    let mut seen = vec![u32::MAX; 1usize << spec.scale];
    for &(u, v) in &pairs {
        seen[u as usize] = 0;
        seen[v as usize] = 0;
    }
    let mut n = 0u32;
    for s in &mut seen {
        if *s == 0 {
            *s = n;
            n += 1;
        }
    }
    for p in &mut pairs {
        *p = (seen[p.0 as usize], seen[p.1 as usize]);
    }
    drop(seen);
    pairs.sort_unstable();
    pairs.dedup();
    let m_directed = pairs.len();
    write_pairs(&directed, &pairs);
    for p in &mut pairs {
        *p = (p.0.min(p.1), p.0.max(p.1));
    }
    pairs.sort_unstable();
    pairs.dedup();
    write_pairs(&undirected, &pairs);
    println!(
        "{{\"records\": {edges}, \"scale\": {}, \"nodes\": {n}, \"directed_edges\": {m_directed}, \"undirected_edges\": {}, \"directed\": \"{}\", \"undirected\": \"{}\"}}",
        spec.scale,
        pairs.len(),
        directed.display(),
        undirected.display()
    );
}

fn write_pairs(path: &PathBuf, pairs: &[(u32, u32)]) {
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp).expect("create file"));
    let mut buf = itoa::Buffer::new();
    for &(u, v) in pairs {
        out.write_all(buf.format(u).as_bytes()).expect("write");
        out.write_all(b"\t").expect("write");
        out.write_all(buf.format(v).as_bytes()).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("write");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename");
}

/// Reads a `u<TAB>v` file with dense ids and builds the graph (node id = file id).
fn load(path: &Path, directed: bool) -> Graph {
    let reader = BufReader::with_capacity(1 << 20, File::open(path).expect("open the edge list"));
    let mut t = EdgeTable::default();
    let mut n = 0u32;
    for line in reader.lines() {
        let line = line.expect("read the edge list");
        let (u, v) = line.split_once('\t').expect("a tab-separated pair");
        let (u, v): (u32, u32) = (u.parse().expect("an id"), v.parse().expect("an id"));
        n = n.max(u + 1).max(v + 1);
        t.src.push(u);
        t.dst.push(v);
    }
    let mut ids = Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).expect("a valid id");
    }
    build(&t, ids.into_names(), &BuildConfig { directed }).0
}

/// A `/proc/self/status` field in bytes.
fn status_bytes(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| {
            l[key.len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        })
        .map_or(0, |k: u64| k * 1024)
}

/// CPU time of this process (user + system, all threads), from `/proc/self/stat`, in seconds
/// (clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): state is field 3, utime 14.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Resets the peak resident size (`VmHWM`) to the current one.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn run(path: &Path, kind: &str, threads: usize, kernels: &str, sources: usize) {
    let base = status_bytes("VmRSS:");
    let directed = kind == "directed";
    let t = Instant::now();
    let g = load(path, directed);
    let load_s = t.elapsed().as_secs_f64();
    let graph_bytes = status_bytes("VmRSS:").saturating_sub(base);
    let n = g.node_count();
    let m = if directed {
        g.entry_count()
    } else {
        g.entry_count() / 2
    };
    eprintln!("relais: {n} nodes, {m} edges, read and built in {load_s:.2} s");
    let pool = common::pool(threads);
    // Kernels that only the peers have (e.g. `betweenness_kadabra`) are skipped.
    for kernel in kernels.split(',').filter(|k| KERNELS.contains(k)) {
        reset_peak();
        let load = common::load_average();
        let cpu = cpu_seconds();
        let started = Instant::now();
        let detail = pool.install(|| time_kernel(&g, kernel, sources));
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        println!(
            "{{\"tool\": \"relais\", \"kernel\": \"{kernel}\", \"threads\": {threads}, \"seconds\": {seconds:.4}, \"cpu_seconds\": {cpu:.2}, \"nodes\": {n}, \"edges\": {m}, \"base_bytes\": {base}, \"graph_bytes\": {graph_bytes}, \"peak_bytes\": {}, \"load\": {load}, {detail}}}",
            status_bytes("VmHWM:")
        );
    }
}

/// The kernels [`time_kernel`] knows.
const KERNELS: [&str; 9] = [
    "pagerank",
    "betweenness_sources",
    "betweenness_approx",
    "closeness_sources",
    "triangles",
    "kcore",
    "leiden",
    "leiden_3it",
    "louvain",
];

/// Runs one kernel; returns extra JSON fields describing its result.
fn time_kernel(g: &Graph, kernel: &str, sources: usize) -> String {
    let n = g.node_count();
    match kernel {
        "pagerank" => {
            let cfg = PageRankConfig {
                tolerance: f64::MIN_POSITIVE,
                max_iterations: 20,
                ..PageRankConfig::default()
            };
            let pr = pagerank(g, &cfg);
            format!("\"iterations\": {}", pr.iterations)
        }
        "betweenness_sources" => {
            let list = random_sources(n, sources);
            let raw = betweenness_from_sources(g, Weighting::Unweighted, &list);
            format!(
                "\"sources\": {}, \"max\": {}",
                list.len(),
                raw.iter().copied().fold(0.0, f64::max)
            )
        }
        "betweenness_approx" => {
            let cfg = BetweennessConfig {
                mode: Mode::Approx,
                epsilon: 0.01,
                delta: 0.1,
                ..BetweennessConfig::default()
            };
            let b = betweenness(g, Weighting::Unweighted, &cfg);
            let e = b.estimate.expect("a sampled estimate");
            format!(
                "\"method\": \"{}\", \"epsilon\": {}, \"delta\": {}, \"samples\": {}",
                match e.sampler {
                    Sampler::Kadabra => "kadabra",
                    _ => "riondato-kornaropoulos",
                },
                e.epsilon,
                e.delta,
                e.samples
            )
        }
        "closeness_sources" => {
            // The ε whose Hoeffding sample size is about `sources` (see `closeness`).
            let nf = n as f64;
            let eps = ((6.0 * nf / 0.1).ln() / (2.0 * sources as f64)).sqrt() * nf / (nf - 1.0);
            let cfg = ClosenessConfig {
                mode: Mode::Approx,
                epsilon: eps.min(0.99),
                delta: 0.1,
                ..ClosenessConfig::default()
            };
            let c = closeness(g, Direction::In, Weighting::Unweighted, &cfg);
            let e = c.estimate.expect("a sampled estimate");
            format!("\"sources\": {}, \"epsilon\": {:.4}", e.samples, e.epsilon)
        }
        "triangles" => {
            let c = clustering(&undirected_simple(g));
            format!("\"triangles\": {}", c.summary.triangles)
        }
        "kcore" => {
            let core = core_numbers(&undirected_simple(g));
            format!("\"max_core\": {}", core.iter().max().copied().unwrap_or(0))
        }
        "leiden" | "leiden_3it" | "louvain" => {
            let defaults = CommunityConfig::default();
            let cfg = CommunityConfig {
                algorithm: if kernel == "louvain" {
                    Algorithm::Louvain
                } else {
                    Algorithm::Leiden
                },
                runs: 1,
                // NetworKit's ParallelLeiden runs 3 iterations by default (igraph 2).
                max_iterations: if kernel == "leiden_3it" {
                    3
                } else {
                    defaults.max_iterations
                },
                ..defaults
            };
            let found = detect(g, &cfg);
            format!(
                "\"modularity\": {:.6}, \"communities\": {}, \"iterations\": {}, \"levels\": {}",
                found.modularity,
                found.partition.count(),
                found.iterations,
                found.levels
            )
        }
        other => panic!("unknown kernel {other}"),
    }
}

/// `k` distinct random nodes (all nodes when `k >= n`), seeded, in increasing order.
fn random_sources(n: usize, k: usize) -> Vec<u32> {
    if k >= n {
        return (0..n as u32).collect();
    }
    let mut rng = Pcg64::seed_from_u64(7);
    let mut chosen = vec![false; n];
    let mut left = k;
    while left > 0 {
        let v = rng.random_range(0..n);
        if !chosen[v] {
            chosen[v] = true;
            left -= 1;
        }
    }
    (0..n as u32).filter(|&v| chosen[v as usize]).collect()
}
