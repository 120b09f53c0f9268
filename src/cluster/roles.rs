//! Roles in cluster mode, for the label-propagation partition: every rule but the relay rule,
//! with the figures, thresholds and `why` sentences of a single-machine run.
//!
//! The role rules read per-node figures and quantiles over all accounts. Every figure but two
//! needs only a node's own edges and the partition, so each worker computes it for the nodes it
//! owns with the single-machine code ([`roles::position`], [`roles::received`],
//! [`roles::spread_made`]), in the same entry order:
//! - **second hop** (Σ over the spreaders `v` of `u` of the accounts that spread `v`, `u`
//!   excluded): the owner of `v` knows `v`'s spreaders and whom `v` spreads, so it sends
//!   `spreaders(v) − [u spreads v]` to the owner of each `u` that `v` spreads; integer sums,
//!   exact in any order (one superstep);
//! - **engagement PageRank**: the distributed PageRank on the out-sides restricted to the
//!   engagement layers (the single-machine sub-graph's edges and weights).
//!
//! Worker 0 gathers the figures and calls [`roles::decide`], the function a single-machine run
//! ends with. Gould–Fernandez brokerage counts open two-paths `r → b → s` (is `r → s` an edge?
//! — neighbours of neighbours), which is not ported: without it there is no relay score and the
//! relay rule is not evaluated (`roles::Roles::brokerage` is `None`). An account the
//! single-machine run calls a relay gets the first other rule it meets.

use super::bsp::{Channel, Layout};
use super::kernels::{self, LocalPageRank, Net, Placement, Side};
use super::tables::to_zero;
use crate::community::Partition;
use crate::error::Result;
use crate::graph::NodeId;
use crate::i18n::{Lang, Tr};
use crate::metrics::PageRankConfig;
use crate::roles::{self, Engagement, Figures, LayerSets, Position, Received, RoleInputs, Roles};

/// The part of a node's role figures that needs messages: computed during the kernel stage.
pub(crate) struct Spread {
    /// Second hop of every local node.
    pub second_hop: Vec<u64>,
    /// Engagement PageRank of every local node.
    pub pagerank: LocalPageRank,
}

/// Second hop and engagement PageRank of this worker's nodes (see the module comment).
///
/// # Errors
/// A lost connection or a silent peer.
pub(crate) fn spread(
    net: &mut Net<'_>,
    place: &Placement,
    n: usize,
    out: &Side,
    inc: &Side,
    sets: &LayerSets,
    cfg: &PageRankConfig,
) -> Result<Spread> {
    let local = place.owned.len();
    // Whether any of the layer-edges at `r` of `side` is on a spread layer.
    let spreads = |side: &Side, r: std::ops::Range<usize>| {
        side.layer[r].iter().any(|&l| sets.spread[l as usize])
    };
    // Whether in-neighbour `from` of `v` spreads it (its layer-edges are consecutive).
    let spreads_in = |v: usize, from: NodeId| -> bool {
        let r = inc.range(v);
        let list = &inc.other[r.clone()];
        let first = r.start + list.partition_point(|&x| x < from);
        let end = r.start + list.partition_point(|&x| x <= from);
        spreads(inc, first..end)
    };
    let mut outgoing: Vec<Vec<(u32, u32)>> = (0..net.worker.peers()).map(|_| Vec::new()).collect();
    for v in 0..local {
        let spreaders = inc
            .groups(v)
            .filter(|(_, r)| spreads(inc, r.clone()))
            .count() as u32;
        // Every distinct target u that v spreads gets spreaders(v) − [u spreads v].
        for (to, r) in out.groups(v) {
            if spreads(out, r) {
                let (o, slot) = place.at(to);
                outgoing[o].push((slot, spreaders - u32::from(spreads_in(v, to))));
            }
        }
    }
    let got = net.labels.exchange(net.worker, net.layout, outgoing)?;
    let mut second_hop = vec![0u64; local];
    for &(slot, x) in got.iter().flatten() {
        second_hop[slot as usize] += u64::from(x);
    }
    let engaged = out.restricted(&sets.engagement);
    let pagerank = kernels::pagerank(net, place, n, &engaged, cfg)?;
    Ok(Spread {
        second_hop,
        pagerank,
    })
}

/// One node's role figures, sent to worker 0.
pub(crate) type FigureRow = (NodeId, Position, Received, u64, f64);

/// Every worker's role figures for its own nodes, gathered on worker 0, which decides the roles.
///
/// # Arguments
/// * `memb` - every node's community (the canonical numbering, from worker 0).
/// * `offsets`, `nbrs` - the undirected simple view of the local nodes.
/// * `zero` - on worker 0: the partition, every node's PageRank (by id), the layer names and the
///   roles configuration; `None` on the others.
///
/// # Errors
/// A lost connection or a silent peer.
#[allow(clippy::too_many_arguments)]
pub(crate) fn roles(
    worker: &mut timely::worker::Worker,
    layout: &Layout,
    ch: &mut Channel<FigureRow>,
    place: &Placement,
    out: &Side,
    inc: &Side,
    simple: (&[usize], &[NodeId]),
    memb: &[u32],
    sets: &LayerSets,
    spread: Spread,
    zero: Option<Decide<'_>>,
) -> Result<Option<Roles>> {
    let (offsets, nbrs) = simple;
    let mut groups = Vec::new();
    let rows: Vec<FigureRow> = (0..place.owned.len())
        .map(|u| {
            let id = place.owned[u];
            let own = memb[id as usize];
            let position =
                roles::position(&nbrs[offsets[u]..offsets[u + 1]], memb, own, &mut groups);
            let ro = out.range(u);
            let made = roles::spread_made(ro.map(|p| (out.layer[p] as usize, out.weight[p])), sets);
            let ri = inc.range(u);
            let received = roles::received(
                ri.len(),
                |i| {
                    let p = ri.start + i;
                    (inc.other[p], inc.layer[p] as usize, inc.weight[p])
                },
                made,
                memb,
                sets,
                &mut groups,
            );
            (
                id,
                position,
                received,
                spread.second_hop[u],
                spread.pagerank.scores[u],
            )
        })
        .collect();
    let got = ch.exchange(worker, layout, to_zero(worker.peers(), rows))?;
    let Some(d) = zero else {
        return Ok(None);
    };
    let n = memb.len();
    let (mut positions, mut received) =
        (vec![Position::default(); n], vec![Received::default(); n]);
    let (mut second_hop, mut pagerank) = (vec![0u64; n], vec![0.0f64; n]);
    for (id, p, r, h, x) in got.into_iter().flatten() {
        let i = id as usize;
        positions[i] = p;
        received[i] = r;
        second_hop[i] = h;
        pagerank[i] = x;
    }
    let figures = Figures {
        participation: roles::from_positions(&positions, d.partition, &d.cfg.ga),
        brokerage: None,
        engagement: Engagement::from_parts(&received, second_hop, pagerank, sets),
    };
    // Burt's constraint is only quoted in the relays' sentences: none here.
    let constraint = vec![f64::NAN; n];
    let inputs = RoleInputs {
        pagerank: d.pagerank,
        constraint: &constraint,
    };
    let mut found = roles::decide(figures, sets, d.layers, &inputs, d.partition, None, d.cfg);
    if d.lang != Lang::En {
        found.why = roles::why_sentences(&found, &inputs, d.partition, &Tr::new(d.lang));
    }
    Ok(Some(found))
}

/// What worker 0 needs to decide the roles.
pub(crate) struct Decide<'a> {
    pub partition: &'a Partition,
    pub pagerank: &'a [f64],
    pub layers: &'a [String],
    pub cfg: &'a roles::RolesConfig,
    pub lang: Lang,
}
