//! The accounts table: one row per account, `account` first, then the metric columns, then the
//! attributes carried from the input accounts table.

use crate::community::Communities;
use crate::graph::{Graph, NodeLabels};
use crate::ingest::{AccountTable, DEFAULT_LAYER};
use crate::metrics::Metrics;
use crate::roles::Roles;

use super::table::{ColumnData, Table};

/// Builds the accounts table. Rows are sorted by PageRank descending, ties by node id (the stable
/// id order), so the file reads as a ranking and is identical for any thread count.
pub fn accounts_table(
    g: &Graph,
    labels: &NodeLabels,
    m: &Metrics,
    communities: &Communities,
    roles: Option<&Roles>,
    accounts: Option<&AccountTable>,
) -> Table {
    let mut t = Table::default();
    t.push(
        "account",
        ColumnData::Str(labels.iter().map(str::to_string).collect()),
    );
    let d = &m.degrees;
    t.push("in_degree", ColumnData::U32(d.in_degree.clone()));
    t.push("out_degree", ColumnData::U32(d.out_degree.clone()));
    t.push("in_strength", ColumnData::F64(d.in_strength.clone()));
    t.push("out_strength", ColumnData::F64(d.out_strength.clone()));
    let named_layers = g.layers() != [DEFAULT_LAYER];
    if named_layers {
        for (name, counts) in g.layers().iter().zip(&d.per_layer_in) {
            t.push(
                format!("in_{}", column_safe(name)),
                ColumnData::U32(counts.clone()),
            );
        }
    }
    t.push("pagerank", ColumnData::F64(m.pagerank.scores.clone()));
    t.push("core", ColumnData::U32(m.core.clone()));
    t.push("wcc", ColumnData::U32(m.wcc.id.clone()));
    let c = &m.centrality;
    t.push("betweenness", ColumnData::F64(c.betweenness.scores.clone()));
    t.push(
        "closeness",
        ColumnData::F64(c.closeness_in.closeness.clone()),
    );
    t.push("harmonic", ColumnData::F64(c.closeness_in.harmonic.clone()));
    if let Some(out) = &c.closeness_out {
        t.push("closeness_out", ColumnData::F64(out.closeness.clone()));
        t.push("harmonic_out", ColumnData::F64(out.harmonic.clone()));
    }
    t.push("eigenvector", ColumnData::F64(c.eigenvector.scores.clone()));
    // Katz diverges when alpha exceeds 1/λ_max (NetworkX raises); then the column stays empty
    // and summary.json says `katz_converged: false`.
    let katz = c
        .katz
        .scores
        .iter()
        .map(|&k| c.katz.converged.then_some(k))
        .collect();
    t.push("katz", ColumnData::OptF64(katz));
    t.push("hub", ColumnData::F64(c.hits.hubs.clone()));
    t.push("authority", ColumnData::F64(c.hits.authorities.clone()));
    t.push("clustering", ColumnData::F64(c.clustering.local.clone()));
    t.push("triangles", ColumnData::U64(c.clustering.triangles.clone()));
    t.push(
        "constraint",
        ColumnData::F64(c.brokerage.constraint.clone()),
    );
    t.push(
        "effective_size",
        ColumnData::F64(c.brokerage.effective_size.clone()),
    );
    t.push(
        "collective_influence",
        ColumnData::F64(c.collective_influence.clone()),
    );
    if let Some(w) = &c.weighted {
        t.push(
            "betweenness_weighted",
            ColumnData::F64(w.betweenness.scores.clone()),
        );
        t.push(
            "closeness_weighted",
            ColumnData::F64(w.closeness.closeness.clone()),
        );
        t.push(
            "harmonic_weighted",
            ColumnData::F64(w.closeness.harmonic.clone()),
        );
        t.push(
            "eigenvector_weighted",
            ColumnData::F64(w.eigenvector.scores.clone()),
        );
    }
    t.push(
        "community",
        ColumnData::U32(communities.partition.membership().to_vec()),
    );
    if let Some(c) = &communities.consensus {
        t.push("community_stability", ColumnData::F64(c.stability.clone()));
    }
    if let Some(r) = roles {
        push_roles(&mut t, r);
    }
    if let Some(acc) = accounts {
        // Map each node to its row in the accounts table.
        let mut row_of = vec![usize::MAX; labels.len()];
        for (r, id) in acc.ids.iter().enumerate() {
            if let Some(u) = labels.find(id) {
                row_of[u as usize] = r;
            }
        }
        for (c, name) in acc.columns.iter().enumerate() {
            let values = row_of
                .iter()
                .map(|&r| {
                    if r == usize::MAX {
                        String::new()
                    } else {
                        acc.values[c][r].clone()
                    }
                })
                .collect();
            t.push(name.clone(), ColumnData::infer(values));
        }
    }
    let scores = &m.pagerank.scores;
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    t.permute(&order);
    t
}

/// The role columns (see `roles` in README.md): role, flags, why, scores, Guimerà–Amaral,
/// Gould–Fernandez and engagement figures.
pub fn push_roles(t: &mut Table, r: &Roles) {
    let names = |f: &dyn Fn(usize) -> String| (0..r.role.len()).map(f).collect();
    t.push(
        "role",
        ColumnData::Str(names(&|u| r.role[u].name().to_string())),
    );
    t.push("roles", ColumnData::Str(names(&|u| r.flags[u].joined())));
    t.push("why", ColumnData::Str(r.why.clone()));
    t.push("influence", ColumnData::F64(r.influence.clone()));
    // Without brokerage figures (cluster mode) there is no relay score and no relay rule.
    if r.brokerage.is_some() {
        t.push("relay_score", ColumnData::F64(r.relay_score.clone()));
    }
    t.push(
        "prescriber_score",
        ColumnData::F64(r.prescriber_score.clone()),
    );
    let p = &r.participation;
    t.push("participation", ColumnData::F64(p.participation.clone()));
    t.push("within_z", ColumnData::F64(p.within_z.clone()));
    t.push(
        "ga_role",
        ColumnData::Str(names(&|u| p.role[u].code().to_string())),
    );
    if let Some(b) = &r.brokerage {
        t.push("gf_coordinator", ColumnData::U64(b.coordinator.clone()));
        t.push("gf_itinerant", ColumnData::U64(b.itinerant.clone()));
        t.push(
            "gf_representative",
            ColumnData::U64(b.representative.clone()),
        );
        t.push("gf_gatekeeper", ColumnData::U64(b.gatekeeper.clone()));
        t.push("gf_liaison", ColumnData::U64(b.liaison.clone()));
    }
    let e = &r.engagement;
    t.push("audience", ColumnData::U32(e.audience.clone()));
    t.push("engagement", ColumnData::F64(e.received.clone()));
    t.push("engagers", ColumnData::U32(e.engagers.clone()));
    t.push(
        "engager_communities",
        ColumnData::U32(e.engager_communities.clone()),
    );
    t.push(
        "engagement_per_follower",
        ColumnData::F64(r.engagement_per_follower.clone()),
    );
    t.push(
        "engagement_per_post",
        ColumnData::OptF64(r.engagement_per_post.clone()),
    );
    t.push(
        "nonfollower_share",
        ColumnData::OptF64(e.nonfollower_share.clone()),
    );
    t.push("spreaders", ColumnData::U32(e.spreaders.clone()));
    t.push("second_hop", ColumnData::U64(e.second_hop.clone()));
    t.push("spread_made", ColumnData::F64(e.spread_made.clone()));
    t.push("engagement_pagerank", ColumnData::F64(e.pagerank.clone()));
}

/// A kind name as a column-name fragment: lower case, anything but `[a-z0-9]` becomes `_`.
pub fn column_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
