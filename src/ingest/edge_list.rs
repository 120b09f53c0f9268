//! Header-less edge lists read in parallel: the file is read in batches cut at line boundaries,
//! each batch split into pieces that are parsed on the rayon pool, and the pieces' records are
//! added to the [`Sink`] in file order.
//!
//! While parsing, every piece looks its ids up in the global interner (only read during the
//! parse): an id interned by an earlier batch is stored as its provisional id, a new one as its
//! index among the piece's new names (first appearance in the piece, source before target). The
//! new names are then interned globally piece by piece, in order, which assigns exactly the
//! provisional ids that reading the file line by line assigns ([`super::text::read_edge_list`],
//! the streaming reader kept for shares and as the reference of the tests). Bad lines are
//! reported, or counted in lenient mode, in file order with their line numbers, so the result
//! (records, ids, skips, the first error) is the same for any number of threads. Reading and
//! hashing the next batch overlaps the parsing of the current one.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Position, Result};
use crate::graph::{canonical_integer, Interner, NodeId};

use super::record::{Bad, Sink};
use super::text::{edge_list_line, strip_bom, utf8, HEADER_HINT};

/// Bytes read per batch and per thread.
const BATCH_PER_THREAD: usize = 4 << 20;

/// Reads a header-less edge list (the format of [`super::text::read_edge_list`]) in parallel.
/// Returns the data rows read.
pub(crate) fn read_edge_list_parallel<R: Read + Send>(
    path: &Path,
    input: R,
    sink: &mut Sink,
) -> Result<u64> {
    let threads = rayon::current_num_threads().max(1);
    read_with(path, input, sink, BATCH_PER_THREAD * threads, threads * 2)
}

/// [`read_edge_list_parallel`] with a batch size in bytes and a number of pieces per batch.
fn read_with<R: Read + Send>(
    path: &Path,
    mut input: R,
    sink: &mut Sink,
    batch: usize,
    pieces: usize,
) -> Result<u64> {
    let batch = batch.max(1);
    let mut data = Vec::new();
    let mut eof = fill(&mut input, &mut data, batch).map_err(|e| Error::io(path, e))?;
    let mut file_start = true;
    let mut comma: Option<bool> = None;
    let mut lines_before = 0u64;
    let mut rows = 0u64;
    loop {
        if data.is_empty() && eof {
            break;
        }
        let cut = if eof {
            data.len()
        } else {
            match data.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => {
                    // One line longer than a batch: read on.
                    let want = data.len() + batch;
                    eof = fill(&mut input, &mut data, want).map_err(|e| Error::io(path, e))?;
                    continue;
                }
            }
        };
        let mut next = data[cut..].to_vec();
        let part = &data[..cut];
        if comma.is_none() {
            comma = detect_comma(part, file_start);
        }
        let split = comma.unwrap_or(false);
        let want = next.len() + batch;
        let interner = &sink.interner;
        let (read, mut chunks) = rayon::join(
            || fill(&mut input, &mut next, want),
            || {
                split_lines(part, pieces)
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, piece)| parse_piece(piece, file_start && k == 0, split, interner))
                    .collect::<Vec<_>>()
            },
        );
        let next_eof = read.map_err(|e| Error::io(path, e))?;
        // Only the names new to this batch are interned here, on one thread and in file order,
        // so ids are given in order of first appearance as by the streaming reader. Once most
        // accounts have been seen, this is a small share of the records.
        let mut maps: Vec<Vec<NodeId>> = Vec::with_capacity(chunks.len());
        let mut bases = Vec::with_capacity(chunks.len());
        for c in &mut chunks {
            for (line, mut bad) in std::mem::take(&mut c.rejects) {
                if rows == 0 && Some(line) == c.first_row_line && bad.reason == "bad weight" {
                    bad.message.push_str(HEADER_HINT);
                }
                sink.reject(path, Position::Line(lines_before + line), bad)?;
            }
            let map = c
                .new
                .iter()
                .map(|name| {
                    let id = match *name {
                        Name::Int(value) => sink.interner.intern_int(value),
                        Name::Text(text) => sink.interner.intern(text),
                    };
                    id.ok_or_else(|| Error::Capacity {
                        message: "more than 4,294,967,294 distinct accounts".into(),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            maps.push(map);
            bases.push(lines_before + c.first_row_line.unwrap_or(0));
            rows += c.rows;
            lines_before += c.lines;
        }
        let ids: Vec<(Vec<NodeId>, Vec<NodeId>)> = chunks
            .par_iter()
            .zip(&maps)
            .map(|(c, map)| c.resolve(map))
            .collect();
        drop(maps);
        for ((c, (src, dst)), base) in chunks.iter().zip(&ids).zip(bases) {
            sink.push_interned(path, Position::Line(base), src, dst, c.weights.as_deref())?;
        }
        drop(ids);
        drop(chunks);
        file_start = false;
        data = next;
        eof = next_eof;
    }
    Ok(rows)
}

/// Reads until `buf` holds `want` bytes or the input ends; true at the end of the input.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    while buf.len() < want {
        let len = buf.len();
        buf.resize(want, 0);
        match input.read(&mut buf[len..]) {
            Ok(0) => {
                buf.truncate(len);
                return Ok(true);
            }
            Ok(k) => buf.truncate(len + k),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(len),
            Err(e) => {
                buf.truncate(len);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// The lines of `data`: pieces ending in `\n`, and a last one without it if not empty.
fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let empty = data.is_empty();
    body.split(|&b| b == b'\n').filter(move |_| !empty)
}

/// A line's content: BOM removed on the file's first line, blanks trimmed; `None` for blank and
/// comment lines.
fn content(line: &[u8], first_of_file: bool) -> Option<&[u8]> {
    let bytes = if first_of_file { strip_bom(line) } else { line };
    let bytes = bytes.trim_ascii();
    (!bytes.is_empty() && bytes[0] != b'#' && bytes[0] != b'%').then_some(bytes)
}

/// Whether fields are separated by commas: decided by the first data line that is valid UTF-8,
/// as the streaming reader does; `None` when `data` holds none.
fn detect_comma(data: &[u8], file_start: bool) -> Option<bool> {
    lines(data).enumerate().find_map(|(i, line)| {
        let bytes = content(line, file_start && i == 0)?;
        let text = std::str::from_utf8(bytes).ok()?;
        Some(text.contains(','))
    })
}

/// Splits `data` into about `pieces` parts of whole lines.
fn split_lines(data: &[u8], pieces: usize) -> Vec<&[u8]> {
    let size = (data.len() / pieces.max(1)).max(1);
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let end = if rest.len() <= size {
            rest.len()
        } else {
            rest[size..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |i| size + i + 1)
        };
        let (head, tail) = rest.split_at(end);
        out.push(head);
        rest = tail;
    }
    out
}

/// A record end after lookup: the provisional id of an account interned before the batch, or
/// `NEW | i` for the piece's `i`-th new name.
const NEW: u64 = 1 << 32;

/// A name new to the batch: integers by value (as [`crate::graph::Interner`]), others as text.
#[derive(Clone, Copy)]
enum Name<'a> {
    Int(u64),
    Text(&'a str),
}

/// One parsed piece: records as [`NEW`]-tagged ends, bad lines, and the names new to the batch.
#[derive(Default)]
struct Piece<'a> {
    /// Lines in the piece.
    lines: u64,
    /// Data rows (neither blank nor comment), valid or not.
    rows: u64,
    /// Line (1-based in the piece) of the first data row.
    first_row_line: Option<u64>,
    /// Two ends per record, source then target.
    ends: Vec<u64>,
    /// One weight per record, once a record of the piece has one.
    weights: Option<Vec<f64>>,
    /// Names not interned before the batch, in order of first appearance in the piece.
    new: Vec<Name<'a>>,
    /// Bad rows: line in the piece, reason.
    rejects: Vec<(u64, Bad)>,
}

impl Piece<'_> {
    /// Sources and targets as provisional ids, `map` giving those of the new names.
    fn resolve(&self, map: &[NodeId]) -> (Vec<NodeId>, Vec<NodeId>) {
        let id = |x: u64| match NodeId::try_from(x) {
            Ok(id) => id,
            Err(_) => map[(x - NEW) as usize],
        };
        self.ends
            .chunks_exact(2)
            .map(|e| (id(e[0]), id(e[1])))
            .unzip()
    }
}

/// Parses a piece, then looks its names up in the global interner, which is only read here.
///
/// The lookups are a separate loop over the parsed integer values: each is a read at a random
/// place of a table as large as the number of accounts, and only a loop of independent reads lets
/// the processor overlap their cache misses (inside the parsing loop each waited for the last).
fn parse_piece<'a>(data: &'a [u8], file_start: bool, comma: bool, known: &Interner) -> Piece<'a> {
    let mut p = Piece::default();
    // The raw integer value of each end (0 for a text name), and the text names by end index.
    let mut texts: Vec<(usize, &'a str)> = Vec::new();
    let mut end = |p: &mut Piece<'a>, name: &'a str| {
        let value = canonical_integer(name).unwrap_or_else(|| {
            texts.push((p.ends.len(), name));
            0
        });
        p.ends.push(value);
    };
    for (i, line) in lines(data).enumerate() {
        p.lines += 1;
        let line_no = i as u64 + 1;
        let Some(bytes) = content(line, file_start && i == 0) else {
            continue;
        };
        p.rows += 1;
        p.first_row_line.get_or_insert(line_no);
        let text = match utf8("line", bytes) {
            Ok(t) => t,
            Err(bad) => {
                p.rejects.push((line_no, bad));
                continue;
            }
        };
        match edge_list_line(text, comma, false) {
            Ok(r) => {
                end(&mut p, r.source);
                end(&mut p, r.target);
                let records = p.ends.len() / 2;
                match (r.weight, &mut p.weights) {
                    (Some(w), Some(ws)) => ws.push(w),
                    (Some(w), None) => {
                        let mut ws = vec![1.0; records - 1];
                        ws.push(w);
                        p.weights = Some(ws);
                    }
                    (None, Some(ws)) => ws.push(1.0),
                    (None, None) => {}
                }
            }
            Err(bad) => p.rejects.push((line_no, bad)),
        }
    }
    let found: Vec<Option<NodeId>> = p.ends.iter().map(|&v| known.get_int(v)).collect();
    // In end order, so new names are listed in order of first appearance.
    let mut ints: FxHashMap<u64, u32> = FxHashMap::default();
    let mut strs: FxHashMap<&'a str, u32> = FxHashMap::default();
    let mut texts = texts.into_iter().peekable();
    for (i, (x, hit)) in p.ends.iter_mut().zip(found).enumerate() {
        let next = p.new.len() as u32;
        let local = match texts.next_if(|&(at, _)| at == i) {
            Some((_, name)) => match known.get_text(name) {
                Some(id) => {
                    *x = u64::from(id);
                    continue;
                }
                None => {
                    let local = *strs.entry(name).or_insert(next);
                    if local == next {
                        p.new.push(Name::Text(name));
                    }
                    local
                }
            },
            None => match hit {
                Some(id) => {
                    *x = u64::from(id);
                    continue;
                }
                None => {
                    let local = *ints.entry(*x).or_insert(next);
                    if local == next {
                        p.new.push(Name::Int(*x));
                    }
                    local
                }
            },
        };
        *x = NEW | u64::from(local);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::read_edge_list;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    /// Reads `data` with the streaming reader and with the parallel one under several thread
    /// counts, batch sizes and piece counts; everything the sink holds must agree.
    fn check(data: &[u8], lenient: bool) {
        let path = Path::new("e.txt");
        let mut a = Sink::new(lenient);
        let ra = read_edge_list(path, data, &mut a).map_err(|e| e.to_string());
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for (batch, pieces) in [(1, 1), (7, 3), (64, 5), (1 << 20, 4)] {
                let mut b = Sink::new(lenient);
                let rb = pool
                    .install(|| read_with(path, data, &mut b, batch, pieces))
                    .map_err(|e| e.to_string());
                let at = format!("threads {threads} batch {batch} pieces {pieces}");
                assert_eq!(ra, rb, "{at}");
                if ra.is_err() {
                    // The error is the same; what was read before it is discarded.
                    continue;
                }
                assert_eq!(a.table.src, b.table.src, "{at}");
                assert_eq!(a.table.dst, b.table.dst, "{at}");
                assert_eq!(a.table.layer, b.table.layer, "{at}");
                assert_eq!(a.table.layer_names, b.table.layer_names, "{at}");
                assert_eq!(a.table.weight, b.table.weight, "{at}");
                assert_eq!(a.interner.names(), b.interner.names(), "{at}");
                assert_eq!(a.skipped, b.skipped, "{at}");
            }
        }
    }

    #[test]
    fn parallel_reader_matches_streaming_reader() {
        check(b"", false);
        check(b"\n\n# only comments\n", true);
        check(b"\xEF\xBB\xBF1 2\n2 3\n3 1", false);
        check(b"a,b\r\nb , c\r\n% c\r\nc,a,2.5\r\n", false);
        check(b"1 2\n1 2 3\n007 7\n7 007\n", false);
        // Errors: the first bad line is named, with the header hint on a first row.
        check(b"source target weight\n1 2 1\n", false);
        check(b"# c\n1 2\n1 2 x\n", false);
        check(b"1 2\n1\n", false);
        check(b"1 2\n\xff 2\n", false);
        // Comma decided by the first valid UTF-8 data line.
        check(b"\xff,1\n1,2\n2 , 3\n", true);

        let mut rng = Pcg64::seed_from_u64(3);
        let mut next = |m: u64| rng.random_range(0..m);
        for case in 0..30 {
            let mut s: Vec<u8> = Vec::new();
            let comma = case % 3 == 0;
            for _ in 0..next(400) {
                let a = next(50);
                let b = next(50);
                let name = |x: u64| {
                    if x % 5 == 0 {
                        format!("n{x}")
                    } else if x == 7 {
                        "07".into()
                    } else {
                        x.to_string()
                    }
                };
                let line = match next(20) {
                    0 => "# comment".to_string(),
                    1 => String::new(),
                    2 => format!("{} {} 1 4", name(a), name(b)),
                    3 => name(a),
                    4 => format!("{} {} -{}", name(a), name(b), a),
                    5 | 6 => format!("{} {} {}.5", name(a), name(b), b),
                    _ if comma => format!("{} ,{}", name(a), name(b)),
                    _ => format!("{}\t{}", name(a), name(b)),
                };
                s.extend_from_slice(line.as_bytes());
                if next(9) == 0 {
                    s.push(b'\r');
                }
                s.push(b'\n');
                if next(40) == 0 {
                    s.extend_from_slice(b"\xfe\xff x\n");
                }
            }
            check(&s, true);
            if case % 5 == 0 {
                check(&s, false);
            }
        }
    }
}
