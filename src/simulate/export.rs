//! The generator's only IO: edges, accounts and truth written into a [`Staging`] folder.
//!
//! Edges are generated in chunks of [`CHUNK`] consecutive source accounts, a wave of chunks at a
//! time in parallel, and written in chunk order while the next wave is generated; so memory holds
//! the global tables plus one or two waves, whatever the number of edges. CSV text (or a Parquet
//! row group) is encoded inside the parallel part; the writer only appends bytes.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

use polars_core::prelude::{Column as PlColumn, DataFrame, PolarsError};
use polars_io::parquet::write::BatchedWriter;
use polars_io::prelude::{ParquetCompression, ParquetWriter};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::dist::{fit_power_law, rng, Stream};
use super::model::{Edge, Kind, Model, Role, Scratch, Tally, AMPLIFIER_MIX, NONE, ORDINARY_MIX};
use super::{Counts, ModelConfig, SimFormat, Statistics};
use crate::error::{Error, Result};
use crate::pipeline::StageTime;
use crate::report::{ColumnData, Staging, Table};

/// Source accounts per edge chunk. Output does not depend on it (each account has its own
/// random stream); it only sets the grain of parallelism and of Parquet row groups.
pub(crate) const CHUNK: u32 = 2_048;
/// Rows per chunk of the accounts and truth tables.
const TABLE_CHUNK: u32 = 65_536;
/// Chunks per thread in one wave.
const WAVE_PER_THREAD: usize = 4;

/// What the edge pass measured, per account and in total.
struct EdgePass {
    tally: Tally,
    /// Follows received, from any account.
    followers: Vec<u32>,
    /// Follows received from organic accounts.
    organic_followers: Vec<u32>,
    /// Follows made.
    following: Vec<u32>,
    /// Posts made (every interaction but likes).
    posts: Vec<u32>,
    /// Edge rows written.
    edges: u64,
}

/// One chunk of edges, encoded.
struct EdgeChunk {
    first: u32,
    payload: Payload,
    following: Vec<u32>,
    posts: Vec<u32>,
    tally: Tally,
    edges: u64,
}

/// Encoded rows: CSV bytes or a Parquet row group.
enum Payload {
    Csv(Vec<u8>),
    Parquet(DataFrame),
}

/// A table file being written in chunks.
enum Sink {
    Csv(PathBuf, BufWriter<File>),
    Parquet(PathBuf, Option<Box<BatchedWriter<File>>>),
}

impl Sink {
    fn create(path: PathBuf, format: SimFormat, header: &str) -> Result<Sink> {
        match format {
            SimFormat::Csv => {
                let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
                let mut w = BufWriter::with_capacity(1 << 20, f);
                w.write_all(header.as_bytes())
                    .map_err(|e| Error::io(&path, e))?;
                Ok(Sink::Csv(path, w))
            }
            SimFormat::Parquet => Ok(Sink::Parquet(path, None)),
        }
    }

    fn write(&mut self, payload: &Payload) -> Result<()> {
        match (self, payload) {
            (Sink::Csv(path, w), Payload::Csv(bytes)) => {
                w.write_all(bytes).map_err(|e| Error::io(path, e))
            }
            (Sink::Parquet(path, w), Payload::Parquet(df)) => {
                if w.is_none() {
                    let f = File::create(&*path).map_err(|e| Error::io(&*path, e))?;
                    let writer = ParquetWriter::new(f)
                        .with_compression(ParquetCompression::Zstd(None))
                        .set_parallel(false)
                        .batched(df.schema())
                        .map_err(|e| parquet_error(path, e))?;
                    *w = Some(Box::new(writer));
                }
                match w {
                    Some(w) => w.write_batch(df).map_err(|e| parquet_error(path, e)),
                    None => Ok(()),
                }
            }
            (sink, _) => Err(Error::io(
                sink.path(),
                std::io::Error::other("internal: payload does not match the output format"),
            )),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Sink::Csv(p, _) | Sink::Parquet(p, _) => p,
        }
    }

    /// Flushes, writes the Parquet footer and syncs the file to disk.
    fn finish(self) -> Result<()> {
        match self {
            Sink::Csv(path, w) => {
                let f = w
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                f.sync_all().map_err(|e| Error::io(&path, e))
            }
            Sink::Parquet(path, w) => {
                let Some(w) = w else {
                    return Err(Error::io(&path, std::io::Error::other("no rows to write")));
                };
                w.finish().map_err(|e| parquet_error(&path, e))?;
                File::open(&path)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io(&path, e))
            }
        }
    }
}

fn parquet_error(path: &Path, e: PolarsError) -> Error {
    Error::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes edges, accounts, truth.csv and truth.json; returns the counts and statistics.
pub(crate) fn write_all(
    model: &Model,
    staging: &Staging,
    format: SimFormat,
    stages: &mut Vec<StageTime>,
) -> Result<(Counts, Statistics)> {
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<StageTime>, stage: &'static str| {
        stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };
    let pass = write_edges(model, staging, format)?;
    lap(stages, "edges");
    let ext = match format {
        SimFormat::Csv => "csv",
        SimFormat::Parquet => "parquet",
    };
    write_table(
        staging,
        &format!("accounts.{ext}"),
        format,
        model.n,
        |rows| accounts_table(model, &pass, rows, format),
    )?;
    lap(stages, "accounts");
    write_table(staging, "truth.csv", SimFormat::Csv, model.n, |rows| {
        truth_table(model, rows)
    })?;
    let (counts, statistics) = measure(model, &pass);
    let truth = TruthJson::new(model, format, ext, &counts, &statistics);
    staging.write_json("truth.json", &truth)?;
    lap(stages, "truth");
    Ok((counts, statistics))
}

/// The edge pass: parallel generation, ordered writing.
fn write_edges(model: &Model, staging: &Staging, format: SimFormat) -> Result<EdgePass> {
    let n = model.n as usize;
    let followers: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
    let organic_followers: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
    let mut pass = EdgePass {
        tally: Tally::default(),
        followers: Vec::new(),
        organic_followers: Vec::new(),
        following: vec![0; n],
        posts: vec![0; n],
        edges: 0,
    };
    let file = match format {
        SimFormat::Csv => "edges.csv",
        SimFormat::Parquet => "edges.parquet",
    };
    let mut sink = Sink::create(staging.path(file), format, "source,target,kind,timestamp\n")?;
    let chunks = model.n.div_ceil(CHUNK) as usize;
    let wave = (rayon::current_num_threads() * WAVE_PER_THREAD).max(1);
    let mut waves = (0..chunks).step_by(wave).map(|s| s..(s + wave).min(chunks));
    let mut pending: Vec<EdgeChunk> = Vec::new();
    loop {
        let next = waves.next();
        let (written, produced) = rayon::join(
            || pending.iter().try_for_each(|c| sink.write(&c.payload)),
            || {
                next.map(|range| {
                    range
                        .into_par_iter()
                        .map(|c| {
                            edge_chunk(model, c as u32, format, &followers, &organic_followers)
                        })
                        .collect::<Result<Vec<EdgeChunk>>>()
                })
            },
        );
        written?;
        for c in pending.drain(..) {
            let at = c.first as usize;
            pass.following[at..at + c.following.len()].copy_from_slice(&c.following);
            pass.posts[at..at + c.posts.len()].copy_from_slice(&c.posts);
            pass.tally.add(&c.tally);
            pass.edges += c.edges;
        }
        match produced {
            Some(p) => pending = p?,
            None => break,
        }
    }
    if pass.edges == 0 && format == SimFormat::Parquet {
        sink.write(&Payload::Parquet(edges_frame(&[], &[], &[], &[])?))?;
    }
    sink.finish()?;
    pass.followers = followers.into_iter().map(AtomicU32::into_inner).collect();
    pass.organic_followers = organic_followers
        .into_iter()
        .map(AtomicU32::into_inner)
        .collect();
    Ok(pass)
}

/// Generates and encodes the edges of chunk `c`. Follows received are counted in the shared
/// atomic counters (integer sums: the result does not depend on the order).
fn edge_chunk(
    model: &Model,
    c: u32,
    format: SimFormat,
    followers: &[AtomicU32],
    organic_followers: &[AtomicU32],
) -> Result<EdgeChunk> {
    let first = c * CHUNK;
    let last = (first + CHUNK).min(model.n);
    let mut scratch = Scratch::new(model.n);
    let mut tally = Tally::default();
    let mut edges: Vec<Edge> = Vec::new();
    let mut following = Vec::with_capacity((last - first) as usize);
    let mut posts = Vec::with_capacity((last - first) as usize);
    let mut csv = Vec::new();
    let (mut src, mut dst, mut kind, mut time) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut count = 0u64;
    for u in first..last {
        edges.clear();
        model.emit(u, &mut edges, &mut scratch, &mut tally);
        let organic = model.role[u as usize] != Role::Farm;
        let mut follows = 0u32;
        let mut made = 0u32;
        for e in &edges {
            match e.kind {
                Kind::Follow => {
                    follows += 1;
                    followers[e.target as usize].fetch_add(1, Ordering::Relaxed);
                    if organic {
                        organic_followers[e.target as usize].fetch_add(1, Ordering::Relaxed);
                    }
                }
                Kind::Like => {}
                _ => made += 1,
            }
        }
        following.push(follows);
        posts.push(made);
        count += edges.len() as u64;
        match format {
            SimFormat::Csv => {
                let mut id = Vec::with_capacity(12);
                push_id(&mut id, u);
                for e in &edges {
                    csv.extend_from_slice(&id);
                    csv.push(b',');
                    push_id(&mut csv, e.target);
                    csv.push(b',');
                    csv.extend_from_slice(e.kind.name().as_bytes());
                    csv.push(b',');
                    push_rfc3339(&mut csv, e.time);
                    csv.push(b'\n');
                }
            }
            SimFormat::Parquet => {
                let id = account_id(u);
                for e in &edges {
                    src.push(id.clone());
                    dst.push(account_id(e.target));
                    kind.push(e.kind.name());
                    time.push(e.time);
                }
            }
        }
    }
    let payload = match format {
        SimFormat::Csv => Payload::Csv(csv),
        SimFormat::Parquet => Payload::Parquet(edges_frame(&src, &dst, &kind, &time)?),
    };
    Ok(EdgeChunk {
        first,
        payload,
        following,
        posts,
        tally,
        edges: count,
    })
}

fn edges_frame(src: &[String], dst: &[String], kind: &[&str], time: &[i64]) -> Result<DataFrame> {
    let columns = vec![
        PlColumn::new("source".into(), src),
        PlColumn::new("target".into(), dst),
        PlColumn::new("kind".into(), kind),
        PlColumn::new("timestamp".into(), time),
    ];
    DataFrame::new(src.len(), columns).map_err(|e| parquet_error(Path::new("edges.parquet"), e))
}

/// Writes a table built chunk by chunk (in parallel, written in order).
fn write_table(
    staging: &Staging,
    file: &str,
    format: SimFormat,
    rows: u32,
    build: impl Fn(Range<u32>) -> Table + Sync,
) -> Result<()> {
    let path = staging.path(file);
    let chunks = rows.div_ceil(TABLE_CHUNK).max(1);
    let header = {
        let t = build(0..0);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        format!("{}\n", names.join(","))
    };
    let mut sink = Sink::create(path.clone(), format, &header)?;
    let wave = (rayon::current_num_threads() * 2).max(1) as u32;
    let mut start = 0;
    while start < chunks {
        let end = (start + wave).min(chunks);
        let encoded: Vec<Result<Payload>> = (start..end)
            .into_par_iter()
            .map(|c| {
                let range = c * TABLE_CHUNK..((c + 1) * TABLE_CHUNK).min(rows);
                encode(&path, &build(range), format)
            })
            .collect();
        for payload in encoded {
            sink.write(&payload?)?;
        }
        start = end;
    }
    sink.finish()
}

/// Encodes a table as CSV rows (no header) or a DataFrame.
fn encode(path: &Path, table: &Table, format: SimFormat) -> Result<Payload> {
    match format {
        SimFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            let io = |e: csv::Error| Error::io(path, std::io::Error::other(e.to_string()));
            let mut row: Vec<String> = Vec::with_capacity(table.columns.len());
            for r in 0..table.rows() {
                row.clear();
                row.extend(table.columns.iter().map(|c| c.data.text(r)));
                w.write_record(&row).map_err(io)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
            Ok(Payload::Csv(bytes))
        }
        SimFormat::Parquet => {
            let df = crate::report::parquet::frame(table).map_err(|e| parquet_error(path, e))?;
            Ok(Payload::Parquet(df))
        }
    }
}

/// The external id of account `v`.
pub(crate) fn account_id(v: u32) -> String {
    format!("u{v}")
}

fn push_id(buf: &mut Vec<u8>, v: u32) {
    buf.push(b'u');
    push_u64(buf, u64::from(v));
}

/// Appends the decimal text of `x`.
fn push_u64(buf: &mut Vec<u8>, x: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(x).as_bytes());
}

/// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Appends `t` (Unix seconds, years 0–9999) as RFC 3339 UTC, e.g. `2024-03-01T12:00:00Z`.
pub(crate) fn push_rfc3339(buf: &mut Vec<u8>, t: i64) {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    let two = |buf: &mut Vec<u8>, x: u32| {
        buf.push(b'0' + (x / 10) as u8);
        buf.push(b'0' + (x % 10) as u8);
    };
    let y = y.clamp(0, 9_999) as u32;
    two(buf, y / 100);
    two(buf, y % 100);
    buf.push(b'-');
    two(buf, m);
    buf.push(b'-');
    two(buf, d);
    buf.push(b'T');
    two(buf, (s / 3_600) as u32);
    buf.push(b':');
    two(buf, (s / 60 % 60) as u32);
    buf.push(b':');
    two(buf, (s % 60) as u32);
    buf.push(b'Z');
}

/// `t` as RFC 3339 UTC.
pub(crate) fn rfc3339(t: i64) -> String {
    let mut buf = Vec::with_capacity(20);
    push_rfc3339(&mut buf, t);
    String::from_utf8_lossy(&buf).into_owned()
}

const FIRST_NAMES: [&str; 32] = [
    "alex", "sam", "maria", "li", "noor", "jon", "ana", "kai", "lea", "omar", "yuki", "ines",
    "tom", "zoe", "ravi", "eva", "hugo", "mila", "ivan", "sara", "leo", "nina", "theo", "aya",
    "pablo", "chloe", "amir", "julia", "felix", "rosa", "malik", "ida",
];
const LAST_NAMES: [&str; 24] = [
    "martin", "silva", "chen", "okafor", "dubois", "kowalski", "haddad", "nguyen", "rossi",
    "weber", "garcia", "sato", "novak", "dias", "berg", "moreau", "kaya", "laine", "costa",
    "fischer", "roux", "ivanova", "mendes", "park",
];
const TOPICS: [&str; 24] = [
    "climate",
    "football",
    "jazz",
    "rust",
    "cooking",
    "cycling",
    "politics",
    "poetry",
    "startups",
    "gardening",
    "chess",
    "cinema",
    "astronomy",
    "fashion",
    "gaming",
    "history",
    "photography",
    "running",
    "science",
    "design",
    "travel",
    "books",
    "music",
    "economics",
];
const TAGLINES: [&str; 8] = [
    "opinions my own",
    "writing about",
    "curious about",
    "tweets on",
    "posting daily on",
    "fan of",
    "working in",
    "learning",
];

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A synthetic profile: (handle, name, description, default profile). Handles are unique: they
/// end with the account number in base 36. Farm accounts look fresh: digits, no name, no bio.
fn profile(model: &Model, v: u32) -> (String, String, String, bool) {
    let mut r = rng(model.cfg.seed, Stream::Profile, u64::from(v));
    let first = FIRST_NAMES[r.random_range(0..FIRST_NAMES.len())];
    let last = LAST_NAMES[r.random_range(0..LAST_NAMES.len())];
    let suffix = base36(v);
    if model.role[v as usize] == Role::Farm {
        let digits: u32 = r.random_range(10_000_000..100_000_000);
        return (
            format!("{first}{digits}_{suffix}"),
            String::new(),
            String::new(),
            true,
        );
    }
    let handle = format!("{first}_{last}_{suffix}");
    let name = format!("{} {}", capitalize(first), capitalize(last));
    let home = model.community[v as usize] as usize;
    let description = if r.random_bool(0.75) {
        let tagline = TAGLINES[r.random_range(0..TAGLINES.len())];
        let other = TOPICS[r.random_range(0..TOPICS.len())];
        format!("{tagline} {} and {other}", TOPICS[home % TOPICS.len()])
    } else {
        String::new()
    };
    (handle, name, description, r.random_bool(0.03))
}

fn base36(mut v: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(v % 36) as usize]);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Rows `rows` of the accounts table.
fn accounts_table(model: &Model, pass: &EdgePass, rows: Range<u32>, format: SimFormat) -> Table {
    let len = rows.len();
    let (mut id, mut handle, mut name, mut description, mut default_profile) = (
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
        Vec::with_capacity(len),
    );
    for v in rows.clone() {
        let (h, n, d, default) = profile(model, v);
        id.push(account_id(v));
        handle.push(h);
        name.push(n);
        description.push(d);
        default_profile.push(if default {
            "true".to_string()
        } else {
            "false".to_string()
        });
    }
    let slice = |x: &[u32]| x[rows.start as usize..rows.end as usize].to_vec();
    let created = &model.created[rows.start as usize..rows.end as usize];
    let mut t = Table::default();
    t.push("id", ColumnData::Str(id));
    t.push("handle", ColumnData::Str(handle));
    t.push("name", ColumnData::Str(name));
    t.push(
        "created_at",
        match format {
            SimFormat::Csv => ColumnData::Str(created.iter().map(|&c| rfc3339(c)).collect()),
            SimFormat::Parquet => ColumnData::OptI64(created.iter().map(|&c| Some(c)).collect()),
        },
    );
    t.push("followers_count", ColumnData::U32(slice(&pass.followers)));
    t.push("following_count", ColumnData::U32(slice(&pass.following)));
    t.push("posts_count", ColumnData::U32(slice(&pass.posts)));
    t.push("description", ColumnData::Str(description));
    t.push("default_profile", ColumnData::Str(default_profile));
    t
}

/// Rows `rows` of truth.csv.
fn truth_table(model: &Model, rows: Range<u32>) -> Table {
    let roles = [
        Role::Influencer,
        Role::Broker,
        Role::Prescriber,
        Role::Amplifier,
        Role::BoughtAudience,
        Role::Farm,
        Role::Rising,
    ];
    let mut t = Table::default();
    t.push(
        "account",
        ColumnData::Str(rows.clone().map(account_id).collect()),
    );
    t.push(
        "community",
        ColumnData::OptI64(
            rows.clone()
                .map(|v| {
                    let c = model.community[v as usize];
                    (c != NONE).then_some(i64::from(c))
                })
                .collect(),
        ),
    );
    for role in roles {
        t.push(
            role.name(),
            ColumnData::U32(
                rows.clone()
                    .map(|v| u32::from(model.role[v as usize] == role))
                    .collect(),
            ),
        );
    }
    t.push(
        "role",
        ColumnData::Str(
            rows.clone()
                .map(|v| model.role[v as usize].name().into())
                .collect(),
        ),
    );
    t.push(
        "communities",
        ColumnData::Str(
            rows.clone()
                .map(|v| {
                    let list: Vec<String> = model
                        .communities_of(v)
                        .iter()
                        .map(|c| c.to_string())
                        .collect();
                    list.join(";")
                })
                .collect(),
        ),
    );
    t.push(
        "farm_of",
        ColumnData::Str(
            rows.map(|v| model.farm_buyer(v).map(account_id).unwrap_or_default())
                .collect(),
        ),
    );
    t
}

/// Counts and statistics of the generated data.
fn measure(model: &Model, pass: &EdgePass) -> (Counts, Statistics) {
    let t = &pass.tally;
    let cfg = &model.cfg;
    let organic = u64::from(model.organic());
    let mut roles: BTreeMap<String, u64> = Role::ALL
        .iter()
        .map(|r| (r.name().to_string(), 0))
        .collect();
    for r in &model.role {
        *roles.entry(r.name().to_string()).or_default() += 1;
    }
    let counts = Counts {
        accounts: u64::from(model.n),
        organic,
        farm: u64::from(model.n) - organic,
        communities: model.community_sizes.len() as u64,
        edges: pass.edges,
        edges_by_kind: Kind::ALL
            .iter()
            .map(|k| (k.name().to_string(), t.by_kind[*k as usize]))
            .collect(),
        roles,
    };
    let share = |a: u64, b: u64| {
        if a + b == 0 {
            0.0
        } else {
            b as f64 / (a + b) as f64
        }
    };
    let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);

    // Degree fits use the accounts whose attention was drawn from the planted law (roles that
    // override it are left out) and start at twice the law's minimum, above the Poisson noise.
    let drawn = |v: usize| {
        matches!(
            model.role[v],
            Role::Ordinary | Role::Influencer | Role::BoughtAudience
        )
    };
    let degree_fit_min = (2.0 * model.audience_law.lo).ceil().max(1.0) as u32;
    let followers = (0..model.n as usize)
        .filter(|&v| drawn(v))
        .map(|v| f64::from(pass.organic_followers[v]));
    let degree_fit = fit_power_law(
        followers,
        f64::from(degree_fit_min) - 0.5,
        f64::from(cfg.max_followers) + 0.5,
    );
    let follows_fit_min = (2.0 * model.follows_law.lo).ceil().max(1.0) as u32;
    let follows = (0..model.n as usize)
        .filter(|&v| model.role[v] != Role::Farm)
        .map(|v| f64::from(pass.following[v]));
    let follows_fit = fit_power_law(
        follows,
        f64::from(follows_fit_min) - 0.5,
        f64::from(cfg.max_follows) + 0.5,
    );
    let lo = cfg.min_community.min(model.organic());
    let hi = cfg.max_community.clamp(lo, model.organic());
    let community_fit = fit_power_law(
        model.community_sizes.iter().map(|&s| f64::from(s) + 0.5),
        f64::from(lo),
        f64::from(hi) + 1.0,
    );
    let statistics = Statistics {
        mu: share(t.intra, t.inter),
        mu_all: share(t.intra_all, t.inter_all),
        mean_follows: if organic == 0 {
            0.0
        } else {
            t.organic_follows as f64 / organic as f64
        },
        follow_shortfall: t.follow_shortfall,
        organic_follows: t.organic_follows,
        farm_follows: t.farm_follows,
        degree_exponent: degree_fit.map(|f| f.0),
        degree_fit_min,
        degree_fit_accounts: degree_fit.map_or(0, |f| f.1 as u64),
        follows_exponent: follows_fit.map(|f| f.0),
        follows_fit_min,
        community_min: model
            .community_sizes
            .iter()
            .copied()
            .min()
            .map_or(0, u64::from),
        community_max: model
            .community_sizes
            .iter()
            .copied()
            .max()
            .map_or(0, u64::from),
        community_exponent: community_fit.map(|f| f.0),
        cascade_reposts_by_followers: t.cascade_followers,
        cascade_reposts_beyond_followers: t.cascade_others,
        rising_late_share: ratio(t.rising_late, t.rising_received),
        others_late_share: ratio(t.other_late, t.other_received),
        farm_burst_seconds: t.farm_burst_max,
    };
    (counts, statistics)
}

/// truth.json. Deterministic: no time, path or thread count.
#[derive(Serialize)]
struct TruthJson<'a> {
    generator: &'static str,
    relais_version: &'static str,
    seed: u64,
    format: SimFormat,
    files: BTreeMap<&'static str, String>,
    parameters: &'a ModelConfig,
    derived: Derived,
    counts: &'a Counts,
    statistics: &'a Statistics,
    community_sizes: &'a [u32],
    buyers: Vec<BuyerJson>,
    prescriber_posts: Vec<PostJson>,
    truth_columns: BTreeMap<&'static str, &'static str>,
}

/// Values derived from the parameters.
#[derive(Serialize)]
struct Derived {
    window_start: String,
    window_end: String,
    audience_min: f64,
    follows_min: f64,
    interaction_kinds: BTreeMap<&'static str, f64>,
    amplifier_kinds: BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
struct BuyerJson {
    account: String,
    farm_size: u32,
    burst_start: String,
}

#[derive(Serialize)]
struct PostJson {
    author: String,
    time: String,
}

impl<'a> TruthJson<'a> {
    fn new(
        model: &'a Model,
        format: SimFormat,
        ext: &str,
        counts: &'a Counts,
        statistics: &'a Statistics,
    ) -> TruthJson<'a> {
        let files = BTreeMap::from([
            ("edges", format!("edges.{ext}")),
            ("accounts", format!("accounts.{ext}")),
            ("truth", "truth.csv".to_string()),
        ]);
        let truth_columns = BTreeMap::from([
            ("account", "account id, as in the edges and accounts tables"),
            (
                "community",
                "home community (0-based, numbered by smallest member); empty for farm accounts",
            ),
            ("influencer", "1 if planted as influencer"),
            ("broker", "1 if planted as broker (opinion relay)"),
            ("prescriber", "1 if planted as prescriber"),
            ("amplifier", "1 if planted as amplifier"),
            ("bought_audience", "1 if the account bought a follower farm"),
            ("farm", "1 if the account is a fake follower"),
            ("rising", "1 if planted as rising"),
            (
                "role",
                "the primary role: ordinary or one of the role columns",
            ),
            (
                "communities",
                "every community of the account, ';'-separated (several for brokers)",
            ),
            ("farm_of", "for farm accounts, the buyer's account id"),
        ]);
        TruthJson {
            generator: "relais simulate",
            relais_version: env!("CARGO_PKG_VERSION"),
            seed: model.cfg.seed,
            format,
            files,
            parameters: &model.cfg,
            derived: Derived {
                window_start: rfc3339(model.start),
                window_end: rfc3339(model.end),
                audience_min: model.audience_law.lo,
                follows_min: model.follows_law.lo,
                interaction_kinds: ORDINARY_MIX.iter().map(|(k, p)| (k.name(), *p)).collect(),
                amplifier_kinds: AMPLIFIER_MIX.iter().map(|(k, p)| (k.name(), *p)).collect(),
            },
            counts,
            statistics,
            community_sizes: &model.community_sizes,
            buyers: model
                .buyers
                .iter()
                .map(|b| BuyerJson {
                    account: account_id(b.account),
                    farm_size: model.cfg.farm_size,
                    burst_start: rfc3339(b.burst_start),
                })
                .collect(),
            prescriber_posts: model
                .posts
                .iter()
                .map(|p| PostJson {
                    author: account_id(p.author),
                    time: rfc3339(p.time),
                })
                .collect(),
            truth_columns,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_704_067_200), "2024-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_294_400), "2024-03-01T12:00:00Z");
        assert_eq!(rfc3339(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        for t in [0i64, 86_399, 1_000_000_000, 1_704_067_200, 4_102_444_800] {
            let parsed = chrono::DateTime::parse_from_rfc3339(&rfc3339(t)).unwrap();
            assert_eq!(parsed.timestamp(), t);
        }
    }

    #[test]
    fn ids_and_handles() {
        let mut buf = Vec::new();
        push_id(&mut buf, 0);
        buf.push(b' ');
        push_id(&mut buf, 4_294_967_295);
        assert_eq!(buf, b"u0 u4294967295");
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }
}
