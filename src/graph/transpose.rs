//! The in-adjacency of an out-adjacency: a counting sort of the out-entries by target, done in
//! cache-sized pieces and in parallel, with the result of the plain serial loop.
//!
//! The plain loop (`for u, for p in out(u): sources[fill[t]++] = u`) reads and writes a random
//! place of two arrays as large as the graph for every entry; at 500M entries it took 43 s on one
//! core, nearly all of it waiting for memory. Here the targets are split into buckets of
//! [`BUCKET`] consecutive nodes. The out-entries are taken a chunk of sources at a time, first
//! partitioned by bucket into a scratch array (sequential writes to one stream per bucket), then
//! each bucket is scattered into its own rows: the bucket's fill cursors fit in the L2 cache and
//! its rows are one contiguous range of the result. Buckets own disjoint cursors and rows, so
//! they are scattered in parallel; within a row, sources still arrive in increasing order (chunks
//! in source order, each bucket's part of a chunk in source order), so the result does not depend
//! on the number of threads.

use rayon::prelude::*;

use super::{Adjacency, NodeId};

/// Targets per bucket: their fill cursors (8 bytes each) take 256 KiB.
const BUCKET: usize = 1 << 15;
/// Out-entries partitioned per step: the scratch takes 8 bytes each (12 with the position map).
const CHUNK: usize = 1 << 24;

/// The in-adjacency of `out` (rows sorted by source, entries of one source in out-order) and,
/// when `with_map`, for each in-position its out-position.
pub(super) fn transpose(
    out: &Adjacency,
    n: usize,
    with_map: bool,
) -> (Adjacency, Option<Vec<u32>>) {
    transpose_with(out, n, with_map, BUCKET, CHUNK)
}

fn transpose_with(
    out: &Adjacency,
    n: usize,
    with_map: bool,
    width: usize,
    chunk: usize,
) -> (Adjacency, Option<Vec<u32>>) {
    let m = out.targets.len();
    let offsets = in_offsets(&out.targets, n);
    let mut sources = vec![0 as NodeId; m];
    let mut map = if with_map { vec![0u32; m] } else { Vec::new() };
    let mut fill: Vec<u64> = offsets[..n].to_vec();
    let buckets = n.div_ceil(width).max(1);
    // Bucket k's rows are in-positions row_start[k]..row_start[k + 1].
    let row_start: Vec<usize> = (0..=buckets)
        .map(|k| offsets[(k * width).min(n)] as usize)
        .collect();
    let mut source_rows = split_at_bounds(&mut sources, &row_start);
    let mut map_rows = if with_map {
        split_at_bounds(&mut map, &row_start)
    } else {
        (0..buckets).map(|_| <&mut [u32]>::default()).collect()
    };
    let mut cursors: Vec<&mut [u64]> = fill.chunks_mut(width.max(1)).collect();
    cursors.resize_with(buckets, Default::default);

    let threads = rayon::current_num_threads().max(1);
    let mut scratch: Vec<(NodeId, NodeId)> = Vec::new();
    let mut scratch_pos: Vec<u32> = Vec::new();
    let mut u0 = 0usize;
    while u0 < n {
        let u1 = next_boundary(&out.offsets, u0, chunk);
        let base = out.offsets[u0] as usize;
        let len = out.offsets[u1] as usize - base;
        // Sub-ranges of sources, partitioned in parallel; each writes its own segment of every
        // bucket, the segments laid out bucket by bucket, sub-range by sub-range.
        let mut subs = vec![u0];
        for s in 1..threads {
            let at = next_boundary(&out.offsets, u0, len * s / threads).min(u1);
            if at > *subs.last().expect("starts with u0") && at < u1 {
                subs.push(at);
            }
        }
        subs.push(u1);
        let ranges: Vec<(usize, usize)> = subs.windows(2).map(|w| (w[0], w[1])).collect();
        let counts: Vec<Vec<usize>> = ranges
            .par_iter()
            .map(|&(a, b)| {
                let mut c = vec![0usize; buckets];
                let span = out.offsets[a] as usize..out.offsets[b] as usize;
                for &t in &out.targets[span] {
                    c[t as usize / width] += 1;
                }
                c
            })
            .collect();
        let mut seg_bounds = Vec::with_capacity(buckets * ranges.len() + 1);
        let mut bucket_bounds = Vec::with_capacity(buckets + 1);
        let mut at = 0usize;
        seg_bounds.push(0);
        bucket_bounds.push(0);
        for k in 0..buckets {
            for c in &counts {
                at += c[k];
                seg_bounds.push(at);
            }
            bucket_bounds.push(at);
        }
        scratch.clear();
        scratch.resize(len, (0, 0));
        scratch_pos.clear();
        if with_map {
            scratch_pos.resize(len, 0);
        }
        {
            let mut per_range = deal(&mut scratch, &seg_bounds, ranges.len());
            let mut per_range_pos = if with_map {
                deal(&mut scratch_pos, &seg_bounds, ranges.len())
            } else {
                (0..ranges.len()).map(|_| Vec::new()).collect()
            };
            ranges
                .par_iter()
                .zip(per_range.par_iter_mut())
                .zip(per_range_pos.par_iter_mut())
                .for_each(|((&(a, b), segs), pos)| {
                    let mut next = vec![0usize; buckets];
                    for u in a..b {
                        for p in out.range(u as NodeId) {
                            let t = out.targets[p];
                            let k = t as usize / width;
                            segs[k][next[k]] = (t, u as NodeId);
                            if with_map {
                                pos[k][next[k]] = p as u32;
                            }
                            next[k] += 1;
                        }
                    }
                });
        }
        let parts = split_at_bounds_ref(&scratch, &bucket_bounds);
        let pos_parts = if with_map {
            split_at_bounds_ref(&scratch_pos, &bucket_bounds)
        } else {
            vec![&[][..]; buckets]
        };
        source_rows
            .par_iter_mut()
            .zip(map_rows.par_iter_mut())
            .zip(cursors.par_iter_mut())
            .zip(parts.par_iter().zip(&pos_parts))
            .enumerate()
            .for_each(|(k, (((rows, map_rows), fill), (recs, pos)))| {
                let first = k * width;
                let row0 = row_start[k] as u64;
                for (i, &(t, u)) in recs.iter().enumerate() {
                    let cursor = &mut fill[t as usize - first];
                    let q = (*cursor - row0) as usize;
                    rows[q] = u;
                    if with_map {
                        map_rows[q] = pos[i];
                    }
                    *cursor += 1;
                }
            });
        u0 = u1;
    }
    drop((source_rows, map_rows, cursors));
    (
        Adjacency {
            offsets: offsets.into(),
            targets: sources.into(),
        },
        with_map.then_some(map),
    )
}

/// The first node `u > from` (at most `n`) whose entries start at least `at_least` entries after
/// those of `from`; so a chunk holds one whole row even when that row alone is longer.
fn next_boundary(offsets: &[u64], from: usize, at_least: usize) -> usize {
    let n = offsets.len() - 1;
    let goal = offsets[from] + at_least as u64;
    let u = offsets.partition_point(|&o| o < goal).min(n);
    u.max(from + 1).min(n)
}

/// Row offsets of the in-adjacency: a histogram of the targets, counted in parallel over blocks
/// of entries (one array of counts per block) and summed in block order.
fn in_offsets(targets: &[NodeId], n: usize) -> Vec<u64> {
    let blocks = rayon::current_num_threads().clamp(1, 4);
    let size = targets.len().div_ceil(blocks).max(1);
    let counts: Vec<Vec<u32>> = targets
        .par_chunks(size)
        .map(|block| {
            let mut c = vec![0u32; n];
            for &t in block {
                c[t as usize] += 1;
            }
            c
        })
        .collect();
    let mut offsets = vec![0u64; n + 1];
    offsets[1..]
        .par_iter_mut()
        .enumerate()
        .for_each(|(t, o)| *o = counts.iter().map(|c| u64::from(c[t])).sum());
    drop(counts);
    for t in 0..n {
        offsets[t + 1] += offsets[t];
    }
    offsets
}

/// `data` cut at `bounds` (increasing, from 0 to `data.len()`): `bounds.len() - 1` slices.
fn split_at_bounds<'a, T>(mut data: &'a mut [T], bounds: &[usize]) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(bounds.len().saturating_sub(1));
    for w in bounds.windows(2) {
        let (head, tail) = std::mem::take(&mut data).split_at_mut(w[1] - w[0]);
        out.push(head);
        data = tail;
    }
    out
}

/// `data` cut at `bounds` into segments laid out group by group within each bucket (segment `i`
/// belongs to group `i % groups`): each group's segments, in bucket order.
fn deal<'a, T>(data: &'a mut [T], bounds: &[usize], groups: usize) -> Vec<Vec<&'a mut [T]>> {
    let mut out: Vec<Vec<&mut [T]>> = (0..groups).map(|_| Vec::new()).collect();
    for (i, seg) in split_at_bounds(data, bounds).into_iter().enumerate() {
        out[i % groups].push(seg);
    }
    out
}

/// [`split_at_bounds`] for shared slices.
fn split_at_bounds_ref<'a, T>(data: &'a [T], bounds: &[usize]) -> Vec<&'a [T]> {
    bounds.windows(2).map(|w| &data[w[0]..w[1]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    /// The plain serial transposition, as the reference.
    fn plain(out: &Adjacency, n: usize) -> (Vec<u64>, Vec<NodeId>, Vec<u32>) {
        let mut offsets = vec![0u64; n + 1];
        for &t in out.targets.iter() {
            offsets[t as usize + 1] += 1;
        }
        for u in 0..n {
            offsets[u + 1] += offsets[u];
        }
        let mut fill = offsets[..n].to_vec();
        let mut sources = vec![0; out.targets.len()];
        let mut map = vec![0; out.targets.len()];
        for u in 0..n {
            for p in out.range(u as NodeId) {
                let t = out.targets[p] as usize;
                sources[fill[t] as usize] = u as NodeId;
                map[fill[t] as usize] = p as u32;
                fill[t] += 1;
            }
        }
        (offsets, sources, map)
    }

    #[test]
    fn bucketed_transposition_equals_the_plain_loop() {
        let mut rng = Pcg64::seed_from_u64(11);
        let mut next = |m: u64| rng.random_range(0..m);
        for (n, degree) in [(0usize, 0u64), (1, 3), (7, 4), (300, 6), (2_000, 40)] {
            let mut offsets = vec![0u64];
            let mut targets = Vec::new();
            for u in 0..n {
                // Rows of any length (a hub now and then), targets unsorted and repeated.
                let d = if u % 97 == 5 {
                    degree * 20
                } else {
                    next(degree + 1)
                };
                for _ in 0..d {
                    targets.push(next(n as u64) as NodeId);
                }
                offsets.push(targets.len() as u64);
            }
            let out = Adjacency {
                offsets: offsets.into(),
                targets: targets.into(),
            };
            let (o, s, m) = plain(&out, n);
            for threads in [1, 2, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                for (width, chunk) in [(1, 1), (3, 5), (16, 64), (BUCKET, CHUNK)] {
                    let (inc, map) = pool.install(|| transpose_with(&out, n, true, width, chunk));
                    let at = format!("n {n} threads {threads} width {width} chunk {chunk}");
                    assert_eq!(&inc.offsets[..], &o[..], "{at}");
                    assert_eq!(&inc.targets[..], &s[..], "{at}");
                    assert_eq!(map.as_deref(), Some(&m[..]), "{at}");
                    let (inc, map) = pool.install(|| transpose_with(&out, n, false, width, chunk));
                    assert_eq!(&inc.targets[..], &s[..], "{at}");
                    assert!(map.is_none());
                }
            }
        }
    }
}
