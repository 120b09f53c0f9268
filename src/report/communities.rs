//! The communities table (one row per community) and the community-to-community attention flows.

use crate::community::{CommunityStats, Flow, Ranked};
use crate::graph::{Graph, NodeLabels};
use crate::ingest::DEFAULT_LAYER;

use super::accounts::column_safe;
use super::table::{ColumnData, Table};

/// Separator of the account lists in the `top_*` columns.
pub const LIST_SEPARATOR: &str = " ";

/// One row per community, in id order (by size descending, then smallest member).
///
/// Columns: `community`, `size`, `internal_edges`, `internal_density`, `internal_weight`,
/// `cut_weight`, `conductance`, `attention_received`, `attention_share`, `top_internal` (members
/// most attended to from inside), `top_pagerank`, `top_bridges` (members with most neighbours in
/// other communities) — account ids separated by spaces — then, when the input has kinds,
/// `internal_<kind>` and `incoming_<kind>` layer-edge counts (the interaction mix).
pub fn communities_table(g: &Graph, labels: &NodeLabels, stats: &[CommunityStats]) -> Table {
    communities_table_for_layers(g.layers(), labels, stats)
}

/// [`communities_table`] for a graph with these `layers` (cluster mode has no [`Graph`]).
pub fn communities_table_for_layers(
    layers: &[String],
    labels: &NodeLabels,
    stats: &[CommunityStats],
) -> Table {
    let mut t = Table::default();
    let u32s = |f: &dyn Fn(&CommunityStats) -> u32| ColumnData::U32(stats.iter().map(f).collect());
    let f64s = |f: &dyn Fn(&CommunityStats) -> f64| ColumnData::F64(stats.iter().map(f).collect());
    let list = |f: &dyn Fn(&CommunityStats) -> Vec<u32>| {
        ColumnData::Str(
            stats
                .iter()
                .map(|s| {
                    f(s).iter()
                        .map(|&u| labels.name(u))
                        .collect::<Vec<_>>()
                        .join(LIST_SEPARATOR)
                })
                .collect(),
        )
    };
    fn nodes<T>(r: &[Ranked<T>]) -> Vec<u32> {
        r.iter().map(|x| x.node).collect()
    }
    t.push("community", u32s(&|s| s.id));
    t.push("size", u32s(&|s| s.size));
    t.push(
        "internal_edges",
        ColumnData::U64(stats.iter().map(|s| s.internal_edges).collect()),
    );
    t.push("internal_density", f64s(&|s| s.internal_density));
    t.push("internal_weight", f64s(&|s| s.internal_weight));
    t.push("cut_weight", f64s(&|s| s.cut_weight));
    t.push("conductance", f64s(&|s| s.conductance));
    t.push("attention_received", f64s(&|s| s.attention_received));
    t.push("attention_share", f64s(&|s| s.attention_share));
    t.push("top_internal", list(&|s| nodes(&s.top_internal)));
    t.push("top_pagerank", list(&|s| nodes(&s.top_score)));
    t.push("top_bridges", list(&|s| nodes(&s.top_bridges)));
    if layers != [DEFAULT_LAYER] {
        for (l, name) in layers.iter().enumerate() {
            let name = column_safe(name);
            t.push(
                format!("internal_{name}"),
                ColumnData::U64(stats.iter().map(|s| s.layer_internal[l]).collect()),
            );
            t.push(
                format!("incoming_{name}"),
                ColumnData::U64(stats.iter().map(|s| s.layer_incoming[l]).collect()),
            );
        }
    }
    t
}

/// The sparse community-to-community attention matrix: `from`, `to`, `weight` (sum of the weights
/// of edges u → v with u in `from`, v in `to`), `edges` (their number), in (from, to) order.
pub fn flows_table(flows: &[Flow]) -> Table {
    let mut t = Table::default();
    t.push(
        "from",
        ColumnData::U32(flows.iter().map(|f| f.from).collect()),
    );
    t.push("to", ColumnData::U32(flows.iter().map(|f| f.to).collect()));
    t.push(
        "weight",
        ColumnData::F64(flows.iter().map(|f| f.weight).collect()),
    );
    t.push(
        "edges",
        ColumnData::U64(flows.iter().map(|f| f.edges).collect()),
    );
    t
}
