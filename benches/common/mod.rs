//! Shared benchmark data: a deterministic R-MAT edge generator and the cached input files.
//!
//! The graph is an R-MAT graph (Chakrabarti, Zhan & Faloutsos 2004) with the Graph500 parameters
//! a = 0.57, b = 0.19, c = 0.19, d = 0.05, so its degrees follow a power law. Its size comes from
//! the environment variable `RELAIS_BENCH_EDGES` (default 10,000,000 edges); the node id space is
//! `2^scale` with `scale = round(log2(edges / 10))`, about ten edges per node (scale 20 for the
//! default). Vertex ids are scrambled by a fixed bijection so that the hubs are spread over the
//! id space, as in real exports, instead of sitting at the smallest ids.
//!
//! Edges are generated in fixed-size chunks, each with its own PCG stream derived from
//! `(seed, chunk)`, so the output is the same for any number of threads. Self-loops and duplicate
//! edges are kept: relais has to drop and merge them, as with real data.
//!
//! Three files hold the same edges, cached under `target/bench-data/` (or `$RELAIS_BENCH_DATA`)
//! and reused by later runs:
//! - `*.csv`: a table with the header `source,target`;
//! - `*.txt`: a header-less, tab-separated SNAP-style edge list (`source<TAB>target`), which
//!   igraph's `Read_Edgelist`/`Read_Ncol` and NetworKit's SNAP reader also read;
//! - `*.parquet`: two `Int64` columns `source` and `target`.

// Each bench binary uses part of this module only.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars_core::prelude::{Column, DataFrame};
use polars_io::prelude::ParquetWriter;
use rand::{Rng, RngCore};
use rand_pcg::Pcg64;
use rayon::prelude::*;

/// Default number of edges.
pub const DEFAULT_EDGES: usize = 10_000_000;

/// Seed of the benchmark graph.
pub const SEED: u64 = 42;

/// Version of the generator, part of the file names: bump it when the output changes.
const GENERATOR_VERSION: u32 = 2;

/// Edges generated per chunk (one PCG stream each). Fixed, so that the output does not depend on
/// the number of threads.
const CHUNK: usize = 1 << 18;

/// Graph500 R-MAT quadrant probabilities (a, b, c; d is the rest).
const RMAT_A: f64 = 0.57;
const RMAT_B: f64 = 0.19;
const RMAT_C: f64 = 0.19;

/// The size and seed of one generated graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Number of edge records.
    pub edges: usize,
    /// log2 of the node id space.
    pub scale: u32,
    /// Seed of the generator.
    pub seed: u64,
}

impl Spec {
    /// The graph described by `RELAIS_BENCH_EDGES` (default [`DEFAULT_EDGES`]).
    pub fn from_env() -> Spec {
        let edges = std::env::var("RELAIS_BENCH_EDGES")
            .ok()
            .map(|v| v.replace('_', ""))
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&e| e > 0)
            .unwrap_or(DEFAULT_EDGES);
        Spec::new(edges, SEED)
    }

    /// A graph of `edges` records, about ten per node.
    pub fn new(edges: usize, seed: u64) -> Spec {
        let scale = ((edges as f64 / 10.0).max(2.0)).log2().round() as u32;
        Spec {
            edges,
            scale: scale.clamp(1, 31),
            seed,
        }
    }

    /// A short size label for benchmark names (`10M`, `1M`, `250k`), so that criterion never
    /// compares runs of different sizes.
    pub fn label(&self) -> String {
        match self.edges {
            e if e % 1_000_000 == 0 => format!("{}M", e / 1_000_000),
            e if e % 1_000 == 0 => format!("{}k", e / 1_000),
            e => e.to_string(),
        }
    }

    /// File name stem shared by the three formats.
    fn stem(&self) -> String {
        format!(
            "rmat-v{GENERATOR_VERSION}-s{}-e{}-seed{}",
            self.scale, self.edges, self.seed
        )
    }
}

/// The three cached files of one graph.
#[derive(Debug, Clone)]
pub struct Files {
    /// Table with a `source,target` header.
    pub csv: PathBuf,
    /// Header-less tab-separated edge list.
    pub edge_list: PathBuf,
    /// Parquet table with `source` and `target` columns.
    pub parquet: PathBuf,
}

/// The folder of the cached files: `$RELAIS_BENCH_DATA`, else `bench-data` in the cargo target
/// folder.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("RELAIS_BENCH_DATA") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// Returns the files of `spec`, generating whichever is missing. Each file is written under a
/// temporary name and renamed into place, so an interrupted run never leaves a partial file.
pub fn ensure_files(spec: &Spec) -> Files {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).expect("create the bench data folder");
    let stem = spec.stem();
    let files = Files {
        csv: dir.join(format!("{stem}.csv")),
        edge_list: dir.join(format!("{stem}.txt")),
        parquet: dir.join(format!("{stem}.parquet")),
    };
    if files.csv.exists() && files.edge_list.exists() && files.parquet.exists() {
        return files;
    }
    let started = std::time::Instant::now();
    let edges = generate(spec);
    if !files.csv.exists() {
        write_text(&files.csv, Some("source,target\n"), b',', &edges);
    }
    if !files.edge_list.exists() {
        write_text(&files.edge_list, None, b'\t', &edges);
    }
    if !files.parquet.exists() {
        write_parquet(&files.parquet, &edges);
    }
    eprintln!(
        "generated {} R-MAT edges (scale {}) into {} in {:.1} s",
        spec.edges,
        spec.scale,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    files
}

/// The R-MAT edges of `spec`, in a deterministic order that does not depend on the thread count.
pub fn generate(spec: &Spec) -> Vec<(u32, u32)> {
    let mut edges = vec![(0u32, 0u32); spec.edges];
    edges
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(chunk, out)| {
            let mut rng = chunk_rng(spec.seed, chunk as u64);
            for e in out {
                let (u, v) = rmat_edge(&mut rng, spec.scale);
                *e = (scramble(u, spec.scale), scramble(v, spec.scale));
            }
        });
    edges
}

/// Writes the R-MAT edges of `spec` as a header-less tab-separated edge list, generating and
/// writing a bounded window of chunks at a time: the same bytes as the cached `*.txt` file, in
/// memory independent of the size (for graphs too large to hold as a `Vec`).
pub fn write_edge_list_streaming(spec: &Spec, path: &Path) {
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp).expect("create data file"));
    let chunks = spec.edges.div_ceil(CHUNK);
    let window = rayon::current_num_threads().max(1) * 4;
    for first in (0..chunks).step_by(window) {
        let texts: Vec<Vec<u8>> = (first..(first + window).min(chunks))
            .into_par_iter()
            .map(|chunk| {
                let len = CHUNK.min(spec.edges - chunk * CHUNK);
                let mut rng = chunk_rng(spec.seed, chunk as u64);
                let mut buf = Vec::with_capacity(len * 16);
                for _ in 0..len {
                    let (u, v) = rmat_edge(&mut rng, spec.scale);
                    push_u32(&mut buf, scramble(u, spec.scale));
                    buf.push(b'\t');
                    push_u32(&mut buf, scramble(v, spec.scale));
                    buf.push(b'\n');
                }
                buf
            })
            .collect();
        for t in &texts {
            out.write_all(t).expect("write data file");
        }
    }
    out.flush().expect("write data file");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename data file");
}

/// A duplicate-free power-law follow graph of about `records` edges (Chung–Lu style, like a
/// follower export): `records / 35` accounts (twitter-2010's ratio: 1.47B follows, 41.7M
/// accounts). Account `i` follows `d` others, `d` the stochastic rounding of
/// `c · (n / r)^0.6` where `r` is the account's out-rank (a fixed bijection of `i`) and `c` makes
/// the expected total `records` (out-degree exponent 1 + 1/0.6 ≈ 2.7, at least 14 follows each).
/// Each followed account is drawn with probability ∝ `rank^-0.75` (in-degree exponent
/// 1 + 1/0.75 ≈ 2.3; the largest gets ≈ 0.19/((n+1)^0.25 − 1) of all draws, 0.24% at 41.7M
/// accounts, about 3.5M followers as twitter-2010's largest) by inverse transform of the
/// continuous law on `[1, n + 1)`, `rank = ⌊(1 + U·((n+1)^0.25 − 1))⁴⌋`, then mapped through a
/// second bijection; repeats and self-follows are
/// drawn again, so the graph has no duplicate edges and no self-loops (its CSR is the 8-byte-per-
/// edge case). Lines are grouped by follower, in account order; written streaming, a bounded
/// window of chunks of accounts at a time, the same bytes for any thread count.
pub fn write_follow_graph_streaming(records: usize, seed: u64, path: &Path) -> (u64, u64) {
    const FOLLOWS_PER_ACCOUNT: f64 = 35.0;
    const OUT_EXPONENT: f64 = 0.6;
    const ACCOUNTS_PER_CHUNK: u64 = 1 << 14;
    let n = ((records as f64 / FOLLOWS_PER_ACCOUNT).round() as u64).clamp(64, u64::from(u32::MAX));
    let c = FOLLOWS_PER_ACCOUNT * (1.0 - OUT_EXPONENT) * records as f64
        / (FOLLOWS_PER_ACCOUNT * n as f64);
    let span = ((n + 1) as f64).powf(0.25) - 1.0;
    let out_rank = Affine::new(n, 0x9E37_79B9_7F4A_7C15, 12_345);
    let in_id = Affine::new(n, 0xC2B2_AE3D_27D4_EB4F, 67_890);
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp).expect("create data file"));
    let chunks = n.div_ceil(ACCOUNTS_PER_CHUNK);
    let window = rayon::current_num_threads().max(1) as u64 * 4;
    let mut written = 0u64;
    for first in (0..chunks).step_by(window as usize) {
        let texts: Vec<(Vec<u8>, u64)> = (first..(first + window).min(chunks))
            .into_par_iter()
            .map(|chunk| {
                let mut rng = chunk_rng(seed ^ 0xF011_0000, chunk);
                let mut buf = Vec::new();
                let mut follows: Vec<u32> = Vec::new();
                let mut lines = 0u64;
                let end = ((chunk + 1) * ACCOUNTS_PER_CHUNK).min(n);
                for i in chunk * ACCOUNTS_PER_CHUNK..end {
                    let r = out_rank.map(i) + 1;
                    let x = c * (n as f64 / r as f64).powf(OUT_EXPONENT);
                    let frac: f64 = rng.random();
                    let d = (x.floor() as u64 + u64::from(frac < x.fract())).min(n / 2) as usize;
                    follows.clear();
                    while follows.len() < d {
                        for _ in follows.len()..d {
                            let u: f64 = rng.random();
                            let r = 1.0 + u * span;
                            let rank = ((r * r * r * r) as u64 - 1).min(n - 1);
                            let v = in_id.map(rank);
                            if v != i {
                                follows.push(v as u32);
                            }
                        }
                        follows.sort_unstable();
                        follows.dedup();
                    }
                    let mut id = itoa::Buffer::new();
                    let source = id.format(i).as_bytes().to_vec();
                    for &v in &follows {
                        buf.extend_from_slice(&source);
                        buf.push(b'\t');
                        push_u32(&mut buf, v);
                        buf.push(b'\n');
                    }
                    lines += d as u64;
                }
                (buf, lines)
            })
            .collect();
        for (t, lines) in &texts {
            out.write_all(t).expect("write data file");
            written += lines;
        }
    }
    out.flush().expect("write data file");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename data file");
    (n, written)
}

/// The bijection `x ↦ (a·x + b) mod n` of `0..n`, `a` the first odd number from a seed constant
/// that is coprime to `n`.
struct Affine {
    n: u64,
    a: u64,
    b: u64,
}

impl Affine {
    fn new(n: u64, seed: u64, b: u64) -> Affine {
        let gcd = |mut x: u64, mut y: u64| {
            while y != 0 {
                (x, y) = (y, x % y);
            }
            x
        };
        let mut a = (seed % n) | 1;
        while gcd(a, n) != 1 {
            a = (a + 2) % n;
        }
        Affine { n, a, b: b % n }
    }

    fn map(&self, x: u64) -> u64 {
        ((u128::from(self.a) * u128::from(x) + u128::from(self.b)) % u128::from(self.n)) as u64
    }
}

/// One PCG stream per `(seed, chunk)`.
fn chunk_rng(seed: u64, chunk: u64) -> Pcg64 {
    let state = u128::from(splitmix64(seed ^ splitmix64(chunk)))
        | (u128::from(splitmix64(seed.wrapping_add(chunk).wrapping_add(1))) << 64);
    Pcg64::new(state, u128::from(chunk))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One R-MAT edge: at each of `scale` levels, pick a quadrant with probabilities a, b, c, d.
fn rmat_edge(rng: &mut impl RngCore, scale: u32) -> (u32, u32) {
    // Thresholds on a uniform u32, so one 32-bit draw picks a quadrant.
    const T_A: u32 = (RMAT_A * 4_294_967_296.0) as u32;
    const T_B: u32 = ((RMAT_A + RMAT_B) * 4_294_967_296.0) as u32;
    const T_C: u32 = ((RMAT_A + RMAT_B + RMAT_C) * 4_294_967_296.0) as u32;
    let (mut u, mut v) = (0u32, 0u32);
    for level in 0..scale {
        let bit = 1u32 << level;
        let r: u32 = rng.random();
        if r < T_A {
        } else if r < T_B {
            v |= bit;
        } else if r < T_C {
            u |= bit;
        } else {
            u |= bit;
            v |= bit;
        }
    }
    (u, v)
}

/// A fixed bijection of `0..2^scale`: an added constant, multiplications by odd constants and
/// xor-shifts, each invertible modulo `2^scale`. The constant moves the largest hub (R-MAT's
/// vertex 0) away from id 0.
fn scramble(x: u32, scale: u32) -> u32 {
    let mask = if scale >= 32 {
        u32::MAX
    } else {
        (1u32 << scale) - 1
    };
    let shift = (scale / 2).max(1);
    let mut x = x.wrapping_add(0x2545_F491).wrapping_mul(0x9E37_79B1) & mask;
    x ^= x >> shift;
    x = x.wrapping_mul(0x85EB_CA6B) & mask;
    x ^= x >> shift;
    x
}

/// Writes `edges` as text lines `u<sep>v`, formatting chunks in parallel and writing them in order.
fn write_text(path: &Path, header: Option<&str>, sep: u8, edges: &[(u32, u32)]) {
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp).expect("create data file"));
    if let Some(h) = header {
        out.write_all(h.as_bytes()).expect("write data file");
    }
    // Format a bounded window of chunks at a time, so memory stays small for large graphs.
    let window = CHUNK * rayon::current_num_threads().max(1) * 2;
    for part in edges.chunks(window) {
        let texts: Vec<Vec<u8>> = part
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 16);
                for &(u, v) in chunk {
                    push_u32(&mut buf, u);
                    buf.push(sep);
                    push_u32(&mut buf, v);
                    buf.push(b'\n');
                }
                buf
            })
            .collect();
        for t in &texts {
            out.write_all(t).expect("write data file");
        }
    }
    out.flush().expect("write data file");
    drop(out);
    std::fs::rename(&tmp, path).expect("rename data file");
}

/// Appends the decimal text of `x`.
fn push_u32(buf: &mut Vec<u8>, x: u32) {
    buf.extend_from_slice(itoa::Buffer::new().format(x).as_bytes());
}

/// Writes `edges` as a Parquet table with `Int64` columns `source` and `target`.
fn write_parquet(path: &Path, edges: &[(u32, u32)]) {
    let tmp = path.with_extension("tmp");
    let source: Vec<i64> = edges.iter().map(|&(u, _)| i64::from(u)).collect();
    let target: Vec<i64> = edges.iter().map(|&(_, v)| i64::from(v)).collect();
    let mut df = DataFrame::new(
        edges.len(),
        vec![
            Column::new("source".into(), source),
            Column::new("target".into(), target),
        ],
    )
    .expect("build the edge DataFrame");
    ParquetWriter::new(File::create(&tmp).expect("create data file"))
        .finish(&mut df)
        .expect("write the Parquet file");
    std::fs::rename(&tmp, path).expect("rename data file");
}

/// Resident set size of this process (`VmRSS` from `/proc/self/status`), in bytes, where the
/// platform has it.
pub fn rss_bytes() -> Option<u64> {
    proc_status_kib("VmRSS:").map(|k| k * 1024)
}

/// Peak resident set size of this process (`VmHWM`), in bytes, where the platform has it.
pub fn peak_rss_bytes() -> Option<u64> {
    proc_status_kib("VmHWM:").map(|k| k * 1024)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Thread counts to bench from `RELAIS_BENCH_THREADS` (comma-separated, default `1,2`).
pub fn thread_counts() -> Vec<usize> {
    let parsed: Vec<usize> = std::env::var("RELAIS_BENCH_THREADS")
        .unwrap_or_default()
        .split(',')
        .filter_map(|t| t.trim().parse().ok())
        .filter(|&t| t > 0)
        .collect();
    if parsed.is_empty() {
        vec![1, 2]
    } else {
        parsed
    }
}

/// A local rayon pool of `threads` workers (the library never touches the global pool).
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("start the rayon pool")
}

/// The 1-minute load average, for the record next to each figure.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// An in-memory directed R-MAT graph (one sequential stream, for the kernel benches) with `2^scale` nodes and `records` edge records (self-loops and
/// duplicates are dropped and merged by `build`, as for real input).
pub fn rmat_graph(scale: u32, records: usize, seed: u64) -> relais::Graph {
    let mut rng = <Pcg64 as rand::SeedableRng>::seed_from_u64(seed);
    let n = 1usize << scale;
    let mut ids = relais::graph::Interner::new();
    for u in 0..n {
        ids.intern(&u.to_string()).expect("a valid id");
    }
    let mut t = relais::graph::EdgeTable::default();
    t.src.reserve(records);
    t.dst.reserve(records);
    for _ in 0..records {
        let (mut u, mut v) = (0u32, 0u32);
        for bit in (0..scale).rev() {
            let r: f64 = rng.random();
            let (du, dv) = if r < 0.57 {
                (0, 0)
            } else if r < 0.76 {
                (0, 1)
            } else if r < 0.95 {
                (1, 0)
            } else {
                (1, 1)
            };
            u |= du << bit;
            v |= dv << bit;
        }
        t.src.push(u);
        t.dst.push(v);
    }
    relais::graph::build(
        &t,
        ids.into_names(),
        &relais::graph::BuildConfig { directed: true },
    )
    .0
}
