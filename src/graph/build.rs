//! `EdgeTable` → [`Graph`]: relabel ids into the stable order, drop self-loops, merge duplicate
//! records into layer-edges, and lay out both CSR directions.

use rayon::prelude::*;
use serde::Serialize;

use super::transpose::transpose;
use super::{Adjacency, Graph, LayerId, NodeId, NodeLabels};

/// Edge records as read, columnar, with provisional node ids from an [`super::Interner`].
#[derive(Debug, Clone, Default)]
pub struct EdgeTable {
    /// Source of each record (the account paying attention).
    pub src: Vec<NodeId>,
    /// Target of each record (the account receiving attention).
    pub dst: Vec<NodeId>,
    /// Layer (interaction kind) of each record, indexing `layer_names`.
    pub layer: Vec<LayerId>,
    /// Names of the layers.
    pub layer_names: Vec<String>,
    /// Weight of each record; `None` when the input has no weight column (all weights 1).
    pub weight: Option<Vec<f64>>,
    /// Unix seconds of each record, [`EdgeTable::NO_TIME`] where unknown; `None` when no record
    /// has a timestamp.
    pub timestamp: Option<Vec<i64>>,
}

impl EdgeTable {
    /// Marker for a record without timestamp.
    pub const NO_TIME: i64 = i64::MIN;

    /// Number of records.
    pub fn len(&self) -> usize {
        self.src.len()
    }

    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.src.is_empty()
    }
}

/// How to turn records into a graph.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct BuildConfig {
    /// Edges have a direction (default). When false each record counts both ways.
    pub directed: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig { directed: true }
    }
}

/// What [`build`] did to the records.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct BuildStats {
    /// Records given.
    pub records: u64,
    /// Records with source = target, dropped.
    pub self_loops_removed: u64,
    /// Records merged into an earlier record of the same (source, target, layer); for undirected
    /// graphs u–v and v–u are the same edge.
    pub duplicates_merged: u64,
}

/// Builds the graph. `names` are the interned ids (provisional id order); the returned labels are in
/// the stable order that the graph's node ids follow.
///
/// # Complexity
/// O(m log d_max) time for m records, O(n + m) extra memory.
pub fn build(
    table: &EdgeTable,
    names: Vec<Box<str>>,
    cfg: &BuildConfig,
) -> (Graph, NodeLabels, BuildStats) {
    if is_unit(table) {
        let (labels, new_id) = NodeLabels::from_interned(names);
        let (offsets, entries, stats) = scatter_unit(table, &new_id, cfg);
        drop(new_id);
        let g = finish_unit(offsets, entries, stats.clone(), cfg, &table.layer_names);
        return (g.0, labels, g.1);
    }
    build_general(table, names, cfg)
}

/// [`build`] taking the table by value, so that the records are freed as soon as they are laid
/// out: in the unweighted single-layer case the peak is the table plus 4 bytes per record,
/// instead of the table plus 16 bytes per record plus the graph.
pub fn build_owned(
    table: EdgeTable,
    names: Vec<Box<str>>,
    cfg: &BuildConfig,
) -> (Graph, NodeLabels, BuildStats) {
    if !is_unit(&table) {
        return build_general(&table, names, cfg);
    }
    let (labels, new_id) = NodeLabels::from_interned(names);
    if cfg.directed {
        let (g, stats) = build_sorted(table, &new_id, SORT_CHUNK);
        return (g, labels, stats);
    }
    let (offsets, entries, stats) = scatter_unit(&table, &new_id, cfg);
    drop(new_id);
    let layer_names = table.layer_names.clone();
    drop(table);
    let (g, stats) = finish_unit(offsets, entries, stats, cfg, &layer_names);
    (g, labels, stats)
}

/// A self-loop in the packed array of [`build_sorted`]: no edge packs to it, since no node id is
/// `NodeId::MAX`.
const LOOP: u64 = u64::MAX;

/// Records handled per step while the packed array and the record columns trade memory.
const SORT_CHUNK: usize = 1 << 20;

/// The directed unweighted single-layer build by sorting: each record becomes one `u64`
/// (source in the high 32 bits, target in the low), written while the record columns are
/// truncated from their ends `chunk` records at a time, so that the columns and the packed array
/// together never hold more than 8 bytes per record. The array is sorted in place (in parallel;
/// the result of sorting integers does not depend on the threads), runs of equal values become
/// one edge with their count as multiplicity, and the out-CSR is read off the sorted array from
/// its end while the array shrinks. The in-CSR is the transposition of the out-CSR.
///
/// Peak: 8 bytes per record (plus 4 per edge for the multiplicity when there are duplicates),
/// then the final graph. Gives the same graph as [`build_general`].
fn build_sorted(table: EdgeTable, new_id: &[NodeId], chunk: usize) -> (Graph, BuildStats) {
    let n = new_id.len();
    let EdgeTable {
        mut src,
        mut dst,
        layer,
        layer_names,
        weight,
        timestamp,
    } = table;
    drop((layer, weight, timestamp));
    let mut stats = BuildStats {
        records: src.len() as u64,
        ..BuildStats::default()
    };
    let chunk = chunk.max(1);
    let mut packed: Vec<u64> = Vec::with_capacity(src.len());
    while !src.is_empty() {
        let start = src.len().saturating_sub(chunk);
        // Written in place into `packed` (an indexed parallel extend); a self-loop becomes
        // `LOOP`, which sorts last and is cut off after the sort.
        packed.par_extend(src[start..].par_iter().zip(&dst[start..]).map(|(&s, &t)| {
            let (s, t) = (new_id[s as usize], new_id[t as usize]);
            if s == t {
                LOOP
            } else {
                (u64::from(s) << 32) | u64::from(t)
            }
        }));
        src.truncate(start);
        src.shrink_to_fit();
        dst.truncate(start);
        dst.shrink_to_fit();
    }
    drop((src, dst));
    packed.par_sort_unstable();
    let loops = packed.iter().rev().take_while(|&&x| x == LOOP).count();
    packed.truncate(packed.len() - loops);
    stats.self_loops_removed = loops as u64;

    // Merge runs of equal (source, target) in place, counting them.
    let mut multiplicity: Option<Vec<u32>> = None;
    let mut w = 0usize;
    let mut i = 0usize;
    while i < packed.len() {
        let x = packed[i];
        let mut j = i + 1;
        while j < packed.len() && packed[j] == x {
            j += 1;
        }
        let count = u32::try_from(j - i).unwrap_or(u32::MAX);
        if count != 1 && multiplicity.is_none() {
            let mut m = Vec::with_capacity(packed.len() - (i - w));
            m.resize(w, 1);
            multiplicity = Some(m);
        }
        if let Some(m) = &mut multiplicity {
            m.push(count);
        }
        packed[w] = x;
        w += 1;
        i = j;
    }
    packed.truncate(w);
    packed.shrink_to_fit();
    if let Some(m) = &mut multiplicity {
        m.shrink_to_fit();
    }
    stats.duplicates_merged = stats.records - stats.self_loops_removed - w as u64;

    // Out-CSR from the sorted edges, taken from the end so that the array shrinks as the
    // targets fill (zeroed pages of `targets` cost nothing until written).
    let mut offsets = vec![0u64; n + 1];
    let mut targets: Vec<NodeId> = vec![0; w];
    let mut end = w;
    while end > 0 {
        let start = end.saturating_sub(chunk);
        targets[start..end]
            .par_iter_mut()
            .zip(&packed[start..end])
            .for_each(|(t, &x)| *t = x as NodeId);
        for &x in &packed[start..end] {
            offsets[(x >> 32) as usize + 1] += 1;
        }
        packed.truncate(start);
        packed.shrink_to_fit();
        end = start;
    }
    drop(packed);
    for u in 0..n {
        offsets[u + 1] += offsets[u];
    }
    let out = Adjacency {
        offsets: offsets.into(),
        targets: targets.into(),
    };
    let (inc, in_to_out) = transpose(&out, n, multiplicity.is_some());
    let graph = Graph {
        directed: true,
        out,
        inc: Some(inc),
        in_to_out: in_to_out.map(Into::into),
        weight: None,
        multiplicity: multiplicity.map(Into::into),
        layer: None,
        layer_names: if layer_names.is_empty() {
            vec![String::from("edge")]
        } else {
            layer_names
        },
    };
    (graph, stats)
}

/// Unweighted and single-layer: an edge is fully described by its endpoints, so records need
/// not be remembered while merging duplicates.
fn is_unit(table: &EdgeTable) -> bool {
    table.weight.is_none() && table.layer_names.len() <= 1
}

/// Row offsets of the out-entries per node (both directions for undirected graphs), self-loops
/// left out and counted in `stats`.
fn out_offsets(
    table: &EdgeTable,
    new_id: &[NodeId],
    cfg: &BuildConfig,
    stats: &mut BuildStats,
) -> Vec<u64> {
    let n = new_id.len();
    let mut offsets = vec![0u64; n + 1];
    for (&s, &t) in table.src.iter().zip(&table.dst) {
        let (s, t) = (new_id[s as usize], new_id[t as usize]);
        if s == t {
            stats.self_loops_removed += 1;
            continue;
        }
        offsets[s as usize + 1] += 1;
        if !cfg.directed {
            offsets[t as usize + 1] += 1;
        }
    }
    for u in 0..n {
        offsets[u + 1] += offsets[u];
    }
    offsets
}

/// Counts out-entries per node and scatters the targets by source (4 bytes per record).
fn scatter_unit(
    table: &EdgeTable,
    new_id: &[NodeId],
    cfg: &BuildConfig,
) -> (Vec<u64>, Vec<NodeId>, BuildStats) {
    let n = new_id.len();
    let mut stats = BuildStats {
        records: table.len() as u64,
        ..BuildStats::default()
    };
    let offsets = out_offsets(table, new_id, cfg, &mut stats);
    let mut entries: Vec<NodeId> = vec![0; offsets[n] as usize];
    let mut fill: Vec<u64> = offsets[..n].to_vec();
    for (&s, &t) in table.src.iter().zip(&table.dst) {
        let (s, t) = (new_id[s as usize], new_id[t as usize]);
        if s == t {
            continue;
        }
        entries[fill[s as usize] as usize] = t;
        fill[s as usize] += 1;
        if !cfg.directed {
            entries[fill[t as usize] as usize] = s;
            fill[t as usize] += 1;
        }
    }
    (offsets, entries, stats)
}

/// Sorts each row, merges equal targets in place (counting them into a multiplicity array that
/// is only allocated once a duplicate is seen), and transposes. Gives the same graph as
/// [`build_general`] on the same records.
fn finish_unit(
    mut offsets: Vec<u64>,
    mut entries: Vec<NodeId>,
    mut stats: BuildStats,
    cfg: &BuildConfig,
    layer_names: &[String],
) -> (Graph, BuildStats) {
    let n = offsets.len() - 1;
    for_each_node_block(&offsets, &mut entries, |_, row| row.sort_unstable());
    let mut multiplicity: Option<Vec<u32>> = None;
    let mut w = 0usize;
    let mut start = 0usize;
    for u in 0..n {
        let end = offsets[u + 1] as usize;
        let mut i = start;
        while i < end {
            let t = entries[i];
            let mut j = i + 1;
            while j < end && entries[j] == t {
                j += 1;
            }
            let count = u32::try_from(j - i).unwrap_or(u32::MAX);
            if count != 1 && multiplicity.is_none() {
                let mut m = Vec::with_capacity(entries.len());
                m.resize(w, 1);
                multiplicity = Some(m);
            }
            if let Some(m) = &mut multiplicity {
                m.push(count);
            }
            entries[w] = t;
            w += 1;
            i = j;
        }
        offsets[u + 1] = w as u64;
        start = end;
    }
    entries.truncate(w);
    entries.shrink_to_fit();
    if let Some(m) = &mut multiplicity {
        m.shrink_to_fit();
    }
    let unique_records = if cfg.directed { w as u64 } else { w as u64 / 2 };
    stats.duplicates_merged = stats.records - stats.self_loops_removed - unique_records;
    let out = Adjacency {
        offsets: offsets.into(),
        targets: entries.into(),
    };
    let (inc, in_to_out) = if cfg.directed {
        let (inc, map) = transpose(&out, n, multiplicity.is_some());
        (Some(inc), map)
    } else {
        (None, None)
    };
    let graph = Graph {
        directed: cfg.directed,
        out,
        inc,
        in_to_out: in_to_out.map(Into::into),
        weight: None,
        multiplicity: multiplicity.map(Into::into),
        layer: None,
        layer_names: if layer_names.is_empty() {
            vec![String::from("edge")]
        } else {
            layer_names.to_vec()
        },
    };
    (graph, stats)
}

/// [`build`] for any records: weights summed in record order, layers kept apart.
fn build_general(
    table: &EdgeTable,
    names: Vec<Box<str>>,
    cfg: &BuildConfig,
) -> (Graph, NodeLabels, BuildStats) {
    let n = names.len();
    let (labels, new_id) = NodeLabels::from_interned(names);
    let mut stats = BuildStats {
        records: table.len() as u64,
        ..BuildStats::default()
    };

    let offsets = out_offsets(table, &new_id, cfg, &mut stats);

    // Scatter (target, layer, record) by source; record order is kept within a node.
    let total = offsets[n] as usize;
    let mut entries: Vec<Entry> = vec![Entry::default(); total];
    let mut fill: Vec<u64> = offsets[..n].to_vec();
    for (i, (&s, &t)) in table.src.iter().zip(&table.dst).enumerate() {
        let (s, t) = (new_id[s as usize], new_id[t as usize]);
        if s == t {
            continue;
        }
        let layer = table.layer.get(i).copied().unwrap_or(0);
        let record = i as u64;
        entries[fill[s as usize] as usize] = Entry {
            target: t,
            layer,
            record,
        };
        fill[s as usize] += 1;
        if !cfg.directed {
            entries[fill[t as usize] as usize] = Entry {
                target: s,
                layer,
                record,
            };
            fill[t as usize] += 1;
        }
    }
    drop(fill);

    // Sort each node's entries by (target, layer, record): deterministic, merge-ready.
    for_each_node_block(&offsets, &mut entries, |_, slice| {
        slice.sort_unstable_by_key(|e| (e.target, e.layer, e.record));
    });

    // Merge runs of equal (target, layer) into layer-edges.
    let weights_in = table.weight.as_deref();
    let mut out_offsets = Vec::with_capacity(n + 1);
    out_offsets.push(0u64);
    let mut targets: Vec<NodeId> = Vec::with_capacity(total);
    let mut layer: Vec<LayerId> = Vec::with_capacity(total);
    let mut weight: Vec<f64> = Vec::with_capacity(if weights_in.is_some() { total } else { 0 });
    let mut multiplicity: Vec<u32> = Vec::with_capacity(total);
    for u in 0..n {
        let run = &entries[offsets[u] as usize..offsets[u + 1] as usize];
        let mut i = 0;
        while i < run.len() {
            let head = run[i];
            let mut w = 0.0;
            let mut count = 0u32;
            while i < run.len() && run[i].target == head.target && run[i].layer == head.layer {
                if let Some(ws) = weights_in {
                    w += ws[run[i].record as usize];
                }
                count = count.saturating_add(1);
                i += 1;
            }
            targets.push(head.target);
            layer.push(head.layer);
            multiplicity.push(count);
            if weights_in.is_some() {
                weight.push(w);
            }
        }
        out_offsets.push(targets.len() as u64);
    }
    drop(entries);
    let stored = targets.len() as u64;
    let unique_records = if cfg.directed { stored } else { stored / 2 };
    stats.duplicates_merged = stats.records - stats.self_loops_removed - unique_records;

    let has_multi = multiplicity.iter().any(|&c| c != 1);
    let has_weight = weights_in.is_some()
        && weight
            .iter()
            .zip(&multiplicity)
            .any(|(&w, &c)| w != f64::from(c));
    let out = Adjacency {
        offsets: out_offsets.into(),
        targets: targets.into(),
    };
    let weight = has_weight.then_some(weight);
    let multiplicity = has_multi.then_some(multiplicity);
    let layer = (table.layer_names.len() > 1).then_some(layer);
    let has_attributes = weight.is_some() || multiplicity.is_some() || layer.is_some();

    let (inc, in_to_out) = if cfg.directed {
        let (inc, map) = transpose(&out, n, has_attributes);
        (Some(inc), map)
    } else {
        (None, None)
    };

    let graph = Graph {
        directed: cfg.directed,
        out,
        inc,
        in_to_out: in_to_out.map(Into::into),
        weight: weight.map(Into::into),
        multiplicity: multiplicity.map(Into::into),
        layer: layer.map(Into::into),
        layer_names: if table.layer_names.is_empty() {
            vec![String::from("edge")]
        } else {
            table.layer_names.clone()
        },
    };
    (graph, labels, stats)
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    target: NodeId,
    layer: LayerId,
    record: u64,
}

/// Calls `f(u, row)` on every node's row of `data` (laid out by `offsets`), in parallel over
/// disjoint blocks of consecutive nodes.
pub(crate) fn for_each_node_block<T: Send>(
    offsets: &[u64],
    data: &mut [T],
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    let n = offsets.len() - 1;
    let block = (data.len() / (rayon::current_num_threads() * 8)).max(4096) as u64;
    let mut blocks: Vec<(usize, usize, &mut [T])> = Vec::new();
    let mut rest = data;
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && offsets[end + 1] - offsets[start] <= block {
            end += 1;
        }
        let len = (offsets[end] - offsets[start]) as usize;
        let (head, tail) = rest.split_at_mut(len);
        blocks.push((start, end, head));
        rest = tail;
        start = end;
    }
    blocks.into_par_iter().for_each(|(start, end, slice)| {
        let base = offsets[start];
        for u in start..end {
            let r = (offsets[u] - base) as usize..(offsets[u + 1] - base) as usize;
            f(u, &mut slice[r]);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Interner;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    fn table(edges: &[(&str, &str, u8)], names: &mut Interner) -> EdgeTable {
        let mut t = EdgeTable {
            layer_names: vec!["follow".into(), "repost".into()],
            ..EdgeTable::default()
        };
        for &(a, b, l) in edges {
            t.src.push(names.intern(a).unwrap());
            t.dst.push(names.intern(b).unwrap());
            t.layer.push(l);
        }
        t
    }

    #[test]
    fn merges_duplicates_and_drops_loops() {
        let mut names = Interner::new();
        let t = table(
            &[
                ("b", "a", 0),
                ("b", "a", 0),
                ("b", "a", 1),
                ("a", "a", 0),
                ("a", "c", 1),
            ],
            &mut names,
        );
        let (g, labels, stats) = build(&t, names.into_names(), &BuildConfig::default());
        assert_eq!(labels.iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(stats.self_loops_removed, 1);
        assert_eq!(stats.duplicates_merged, 1);
        assert_eq!(g.out_neighbors(1), [0, 0]);
        assert_eq!(g.in_neighbors(0), [1, 1]);
        assert_eq!(g.multiplicity(g.out_adjacency().range(1).start), 2);
        assert_eq!(g.weight(g.out_adjacency().range(1).start), 2.0);
        assert_eq!(g.layer(g.out_adjacency().range(1).start + 1), 1);
        assert_eq!(g.in_neighbors(2), [0]);
        assert_eq!(g.layer(g.in_to_out(g.in_adjacency().range(2).start)), 1);
    }

    /// The unweighted single-layer path gives exactly the graph of the general path.
    #[test]
    fn unit_path_matches_general_path() {
        let mut rng = Pcg64::seed_from_u64(7);
        let mut next = |m: u64| rng.random_range(0..m);
        for case in 0..40 {
            let n = 2 + next(30);
            let records = next(200) as usize;
            let mut names = Interner::new();
            let mut t = EdgeTable {
                layer_names: if case % 2 == 0 {
                    vec![]
                } else {
                    vec!["follow".into()]
                },
                ..EdgeTable::default()
            };
            for _ in 0..records {
                let (a, b) = (next(n), next(n));
                let ids = if case % 3 == 0 {
                    format!("x{a}")
                } else {
                    a.to_string()
                };
                t.src.push(names.intern(&ids).unwrap());
                let idt = if case % 3 == 0 {
                    format!("x{b}")
                } else {
                    b.to_string()
                };
                t.dst.push(names.intern(&idt).unwrap());
                if case % 2 == 1 {
                    t.layer.push(0);
                }
            }
            for directed in [true, false] {
                let cfg = BuildConfig { directed };
                let names = names.names().to_vec();
                let (a, la, sa) = build_general(&t, names.clone(), &cfg);
                let (b, lb, sb) = build_owned(t.clone(), names, &cfg);
                assert_eq!(sa, sb);
                assert_eq!(la.iter().collect::<Vec<_>>(), lb.iter().collect::<Vec<_>>());
                assert_same_graph(&a, &b);
            }
        }
    }

    fn assert_same_graph(a: &Graph, b: &Graph) {
        assert_eq!(a.directed, b.directed);
        assert_eq!(a.out.offsets, b.out.offsets);
        assert_eq!(a.out.targets, b.out.targets);
        assert_eq!(
            a.inc.as_ref().map(|x| &x.offsets),
            b.inc.as_ref().map(|x| &x.offsets)
        );
        assert_eq!(
            a.inc.as_ref().map(|x| &x.targets),
            b.inc.as_ref().map(|x| &x.targets)
        );
        assert_eq!(a.in_to_out, b.in_to_out);
        assert_eq!(a.multiplicity, b.multiplicity);
        assert_eq!(a.weight, b.weight);
        assert_eq!(a.layer, b.layer);
        assert_eq!(a.layer_names, b.layer_names);
    }

    /// The sort-based directed build gives exactly the graph of the general path, whatever the
    /// step size (so also when packing and unpacking take many steps), with duplicates,
    /// self-loops, isolated accounts and mixed integer and text ids.
    #[test]
    fn sorted_build_matches_general_path() {
        let mut rng = Pcg64::seed_from_u64(11);
        let mut next = |m: u64| rng.random_range(0..m);
        let mut with_duplicates = 0;
        for case in 0..60 {
            let n = 1 + next(40);
            let records = next(300) as usize;
            let mut names = Interner::new();
            // Accounts that appear in no record (as an accounts table adds them).
            for k in 0..next(3) {
                names.intern(&format!("lonely{k}")).unwrap();
            }
            let mut t = EdgeTable::default();
            if case % 2 == 1 {
                t.layer_names.push("follow".into());
            }
            for _ in 0..records {
                let a = next(n);
                // Many self-loops and repeated pairs: small n, and a repeat of the last record.
                let b = if next(5) == 0 { a } else { next(n) };
                let name = |x: u64| {
                    if x % 4 == 3 {
                        format!("u{x}")
                    } else {
                        x.to_string()
                    }
                };
                t.src.push(names.intern(&name(a)).unwrap());
                t.dst.push(names.intern(&name(b)).unwrap());
                t.layer.push(0);
                if next(6) == 0 {
                    let (s, d) = (*t.src.last().unwrap(), *t.dst.last().unwrap());
                    t.src.push(s);
                    t.dst.push(d);
                    t.layer.push(0);
                }
            }
            let cfg = BuildConfig { directed: true };
            let names = names.into_names();
            let (a, la, sa) = build_general(&t, names.clone(), &cfg);
            with_duplicates += usize::from(a.multiplicity.is_some());
            for chunk in [1, 3, 64, SORT_CHUNK] {
                let (labels, new_id) = NodeLabels::from_interned(names.clone());
                let (b, sb) = build_sorted(t.clone(), &new_id, chunk);
                assert_eq!(sa, sb, "case {case} chunk {chunk}");
                assert_eq!(
                    la.iter().collect::<Vec<_>>(),
                    labels.iter().collect::<Vec<_>>()
                );
                assert_same_graph(&a, &b);
            }
        }
        assert!(with_duplicates > 10, "the cases exercise duplicate records");
    }

    #[test]
    fn undirected_counts_both_ways_once() {
        let mut names = Interner::new();
        let mut t = table(&[("x", "y", 0), ("y", "x", 0), ("y", "z", 0)], &mut names);
        t.layer_names.truncate(1);
        let (g, _, stats) = build(&t, names.into_names(), &BuildConfig { directed: false });
        assert_eq!(stats.duplicates_merged, 1);
        assert_eq!(g.layer_edge_count(), 2);
        assert_eq!(g.out_neighbors(1), [0, 2]);
        assert_eq!(g.in_neighbors(1), [0, 2]);
    }
}
