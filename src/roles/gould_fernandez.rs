//! Gould–Fernandez brokerage counts.
//!
//! R. V. Gould and R. M. Fernandez, *Structures of mediation: a formal approach to brokerage in
//! transaction networks*, Sociological Methodology 19, 89–126 (1989). A broker `b` mediates an
//! *open two-path*: one account's content reaches another only through `b`. Under relais's
//! attention convention (u → v: u pays attention to v, so content flows v ⇒ u) the two-path
//! `r → b → s` (r attends b, b attends s, r ≠ s, and r does **not** attend s directly) carries
//! content from the *source* `s` through `b` to the *receiver* `r`. With `g(·)` the community of
//! an account, each such path counts once for `b` as:
//!
//! | count | groups | meaning |
//! |---|---|---|
//! | coordinator | g(s) = g(b) = g(r) | mediates inside its own group |
//! | itinerant (consultant) | g(s) = g(r) ≠ g(b) | an outsider mediating within another group |
//! | representative | g(s) = g(b) ≠ g(r) | carries its group's content out to another group |
//! | gatekeeper | g(s) ≠ g(b) = g(r) | lets outside content into its group |
//! | liaison | g(s), g(b), g(r) all different | links two groups it belongs to neither of |
//!
//! Paths are counted on the combined simple view (an ordered pair is adjacent when an edge joins
//! it in any layer; weights are ignored), as statnet's `brokerage` and UCINET do. On undirected
//! graphs every neighbour is both a source and a receiver, so each open path `r – b – s` is
//! counted in both directions (so each account's representative and gatekeeper counts are equal).

use rayon::prelude::*;

use crate::graph::{Graph, NodeId};

/// The five counts per node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GouldFernandez {
    /// Open two-paths within the broker's own group.
    pub coordinator: Vec<u64>,
    /// Source and receiver in one group, the broker in another.
    pub itinerant: Vec<u64>,
    /// Source in the broker's group, receiver outside.
    pub representative: Vec<u64>,
    /// Receiver in the broker's group, source outside.
    pub gatekeeper: Vec<u64>,
    /// Source, broker and receiver in three different groups.
    pub liaison: Vec<u64>,
}

impl GouldFernandez {
    /// Paths that cross a group boundary: all but coordinator.
    pub fn cross_group(&self, u: usize) -> u64 {
        self.itinerant[u] + self.representative[u] + self.gatekeeper[u] + self.liaison[u]
    }
}

/// A neighbour list this many times longer than the broker's out-list is probed by binary search
/// (about log₂ of its length per probe) instead of being scanned.
const SEARCH_FACTOR: usize = 16;

/// Which count a path source → broker → receiver falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Coordinator,
    Itinerant,
    Representative,
    Gatekeeper,
    Liaison,
}

fn kind(source: u32, broker: u32, receiver: u32) -> Kind {
    match (source == broker, receiver == broker, source == receiver) {
        (true, true, _) => Kind::Coordinator,
        (false, false, true) => Kind::Itinerant,
        (true, false, _) => Kind::Representative,
        (false, true, _) => Kind::Gatekeeper,
        (false, false, false) => Kind::Liaison,
    }
}

/// Distinct values of a sorted list with repeats.
fn distinct(list: &[NodeId]) -> impl Iterator<Item = NodeId> + '_ {
    list.iter()
        .enumerate()
        .filter(move |&(i, v)| i == 0 || list[i - 1] != *v)
        .map(|(_, &v)| v)
}

/// Counts each node's brokerage on the groups `membership` (the community partition).
///
/// # Arguments
/// * `g` - the graph (combined simple view, directions as stored).
/// * `membership` - a group per node.
///
/// # Returns
/// The five counts per node, as defined in the module docs.
///
/// # Complexity
/// All pairs of a broker's in- and out-neighbours are counted by group totals in
/// O(d log d); closed pairs are found by marking the broker's out-neighbours and scanning the
/// out-list of each in-neighbour `r`, or, when that list is much longer, by binary search of the
/// broker's out-neighbours in it: O(Σ_b Σ_{r → b} min(d_out(r), d_out(b) log d_out(r))) in all,
/// the bound of triangle listing by the smaller side. Parallel over brokers,
/// integer counts: identical for any thread count.
///
/// # Example
/// ```
/// use relais::graph::{build, BuildConfig, EdgeTable, Interner};
/// use relais::roles::gould_fernandez;
/// // r attends b, b attends s: content flows s ⇒ b ⇒ r.
/// let mut ids = Interner::new();
/// let mut t = EdgeTable::default();
/// for (a, b) in [("r", "b"), ("b", "s")] {
///     t.src.push(ids.intern(a).unwrap());
///     t.dst.push(ids.intern(b).unwrap());
/// }
/// let (g, labels, _) = build(&t, ids.into_names(), &BuildConfig::default());
/// let mut groups = vec![0; 3];
/// groups[labels.find("r").unwrap() as usize] = 1; // the receiver is in another group
/// let gf = gould_fernandez(&g, &groups);
/// let b = labels.find("b").unwrap() as usize;
/// assert_eq!(gf.representative[b], 1);
/// assert_eq!(gf.cross_group(b), 1);
/// ```
pub fn gould_fernandez(g: &Graph, membership: &[u32]) -> GouldFernandez {
    let n = g.node_count();
    let counts: Vec<[u64; 5]> = (0..n as NodeId)
        .into_par_iter()
        .with_min_len(256)
        .map_init(
            || (vec![0u32; n], Vec::new(), Vec::new()),
            |(mark, ins, outs): &mut (Vec<u32>, Vec<u32>, Vec<u32>), b| {
                broker(g, membership, b, mark, ins, outs)
            },
        )
        .collect();
    let pick = |k: usize| counts.iter().map(|c| c[k]).collect();
    GouldFernandez {
        coordinator: pick(0),
        itinerant: pick(1),
        representative: pick(2),
        gatekeeper: pick(3),
        liaison: pick(4),
    }
}

/// The five counts of broker `b`. `mark[v] == b + 1` marks `b`'s out-neighbours (the stamp is
/// unique per broker, so the array is never cleared).
fn broker(
    g: &Graph,
    member: &[u32],
    b: NodeId,
    mark: &mut [u32],
    ins: &mut Vec<u32>,
    outs: &mut Vec<u32>,
) -> [u64; 5] {
    let stamp = b + 1;
    let gb = member[b as usize];
    let b_out = g.out_neighbors(b);
    ins.clear();
    outs.clear();
    for s in distinct(g.out_neighbors(b)) {
        mark[s as usize] = stamp;
        outs.push(member[s as usize]);
    }
    ins.extend(distinct(g.in_neighbors(b)).map(|r| member[r as usize]));
    if ins.is_empty() || outs.is_empty() {
        return [0; 5];
    }
    ins.sort_unstable();
    outs.sort_unstable();
    let runs = |v: &Vec<u32>| -> Vec<(u32, u64)> {
        v.chunk_by(|a, c| a == c)
            .map(|r| (r[0], r.len() as u64))
            .collect()
    };
    let (gin, gout) = (runs(ins), runs(outs));
    let own = |v: &[(u32, u64)]| v.iter().find(|x| x.0 == gb).map_or(0, |x| x.1);
    let (a, bo) = (own(&gin), own(&gout));
    let (ti, to) = (ins.len() as u64, outs.len() as u64);
    // Pairs of other-group receivers and sources in the same group: merge the sorted runs.
    let mut same_other = 0u64;
    let (mut i, mut j) = (0, 0);
    while i < gin.len() && j < gout.len() {
        match gin[i].0.cmp(&gout[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if gin[i].0 != gb {
                    same_other += gin[i].1 * gout[j].1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    // Every (receiver, source) pair by kind, before removing r = s and closed pairs.
    let mut c = [
        a * bo,
        same_other,
        (ti - a) * bo,
        a * (to - bo),
        (ti - a) * (to - bo) - same_other,
    ];
    for r in distinct(g.in_neighbors(b)) {
        let gr = member[r as usize];
        if mark[r as usize] == stamp {
            // r attends b and b attends r: the pair (r, r) is no path.
            c[kind(gr, gb, gr) as usize] -= 1;
        }
        // r already attends s: the path r → b → s is closed. Scan the shorter side: r's
        // out-list against the marks, or b's out-list by binary search in r's.
        let r_out = g.out_neighbors(r);
        if r_out.len() <= SEARCH_FACTOR * b_out.len() {
            for s in distinct(r_out) {
                if s != r && mark[s as usize] == stamp {
                    c[kind(member[s as usize], gb, gr) as usize] -= 1;
                }
            }
        } else {
            for s in distinct(b_out) {
                if s != r && r_out.binary_search(&s).is_ok() {
                    c[kind(member[s as usize], gb, gr) as usize] -= 1;
                }
            }
        }
    }
    c
}
