//! Header-less edge lists read in parallel: the file is read in batches cut at line boundaries,
//! each batch split into pieces that are parsed on the rayon pool, and the pieces' records are
//! added to the [`Sink`] in file order.
//!
//! Every piece interns its ids locally (first appearance in the piece, source before target);
//! the local ids are then interned globally piece by piece, in order, which assigns exactly the
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
use crate::graph::{canonical_integer, NodeId};

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
        let (read, mut chunks) = rayon::join(
            || fill(&mut input, &mut next, want),
            || {
                split_lines(part, pieces)
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, piece)| parse_piece(piece, file_start && k == 0, split))
                    .collect::<Vec<_>>()
            },
        );
        let next_eof = read.map_err(|e| Error::io(path, e))?;
        // The pieces' ids already interned are looked up in parallel (the interner is only read
        // here); the serial pass below interns the rest in file order, so ids are given in order
        // of first appearance as by the streaming reader. Once most accounts have been seen this
        // moves most of the global lookups (one random access each into a table that grows to
        // the number of accounts) off the single thread.
        let interner = &sink.interner;
        let mut maps: Vec<Vec<Option<NodeId>>> = chunks
            .par_iter()
            .map(|c| c.distinct.iter().map(|name| interner.get(name)).collect())
            .collect();
        let mut bases = Vec::with_capacity(chunks.len());
        for (c, map) in chunks.iter_mut().zip(&mut maps) {
            for (line, mut bad) in std::mem::take(&mut c.rejects) {
                if rows == 0 && Some(line) == c.first_row_line && bad.reason == "bad weight" {
                    bad.message.push_str(HEADER_HINT);
                }
                sink.reject(path, Position::Line(lines_before + line), bad)?;
            }
            for (name, id) in c.distinct.iter().zip(map.iter_mut()) {
                if id.is_none() {
                    *id = Some(sink.interner.intern(name).ok_or_else(|| Error::Capacity {
                        message: "more than 4,294,967,294 distinct accounts".into(),
                    })?);
                }
            }
            bases.push(lines_before + c.first_row_line.unwrap_or(0));
            rows += c.rows;
            lines_before += c.lines;
        }
        chunks.par_iter_mut().zip(&maps).for_each(|(c, map)| {
            for x in c.src.iter_mut().chain(c.dst.iter_mut()) {
                *x = map[*x as usize].expect("the serial pass interned every id");
            }
        });
        drop(maps);
        for (c, base) in chunks.iter().zip(bases) {
            sink.push_interned(
                path,
                Position::Line(base),
                &c.src,
                &c.dst,
                c.weights.as_deref(),
            )?;
        }
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

/// One parsed piece: records with piece-local ids, bad lines, and the local ids' names.
#[derive(Default)]
struct Piece<'a> {
    /// Lines in the piece.
    lines: u64,
    /// Data rows (neither blank nor comment), valid or not.
    rows: u64,
    /// Line (1-based in the piece) of the first data row.
    first_row_line: Option<u64>,
    src: Vec<NodeId>,
    dst: Vec<NodeId>,
    /// One weight per record, once a record of the piece has one.
    weights: Option<Vec<f64>>,
    /// Names by local id, in order of first appearance.
    distinct: Vec<&'a str>,
    /// Bad rows: line in the piece, reason.
    rejects: Vec<(u64, Bad)>,
}

/// Local interning of one piece (integers by value, as [`crate::graph::Interner`]).
#[derive(Default)]
struct Local<'a> {
    ints: FxHashMap<u64, NodeId>,
    strs: FxHashMap<&'a str, NodeId>,
}

fn local_id<'a>(local: &mut Local<'a>, distinct: &mut Vec<&'a str>, name: &'a str) -> NodeId {
    let next = distinct.len() as NodeId;
    let id = match canonical_integer(name) {
        Some(v) => *local.ints.entry(v).or_insert(next),
        None => *local.strs.entry(name).or_insert(next),
    };
    if id == next {
        distinct.push(name);
    }
    id
}

fn parse_piece(data: &[u8], file_start: bool, comma: bool) -> Piece<'_> {
    let mut p = Piece::default();
    let mut local = Local::default();
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
        let record = edge_list_line(text, comma, false);
        match record {
            Ok(r) => {
                let s = local_id(&mut local, &mut p.distinct, r.source);
                let t = local_id(&mut local, &mut p.distinct, r.target);
                p.src.push(s);
                p.dst.push(t);
                match (r.weight, &mut p.weights) {
                    (Some(w), Some(ws)) => ws.push(w),
                    (Some(w), None) => {
                        let mut ws = vec![1.0; p.src.len() - 1];
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
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::read_edge_list;

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

        let mut state = 3u64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % m
        };
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
