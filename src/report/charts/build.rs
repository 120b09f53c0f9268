//! Chart data from the analysis tables: which accounts, which metric, which labels. Works on the
//! generic [`Table`]s, so columns added later (roles, time windows) need no change here.

use super::{Bars, DegreeCcdf, Heatmap, MapNode, NetworkMap, Quadrant};
use crate::i18n::Tr;
use crate::report::table::{ColumnData, Table};

/// Metrics shown as top-N bar charts, when the accounts table has them (their titles are the
/// catalogue's `metric-<name>`).
pub const HEADLINE_METRICS: [&str; 6] = [
    "pagerank",
    "in_degree",
    "in_strength",
    "betweenness",
    "harmonic",
    "collective_influence",
];

/// The title of a headline metric in this language ("in-degree (audience)").
pub fn metric_title(metric: &str, tr: &Tr) -> String {
    tr.tr(&format!("metric-{metric}"))
}

/// A numeric column as reals (missing = NaN); `None` for text or absent columns.
pub fn numeric(t: &Table, name: &str) -> Option<Vec<f64>> {
    Some(match t.column(name)? {
        ColumnData::U32(v) => v.iter().map(|&x| f64::from(x)).collect(),
        ColumnData::U64(v) => v.iter().map(|&x| x as f64).collect(),
        ColumnData::F64(v) => v.clone(),
        ColumnData::OptI64(v) => v.iter().map(|x| x.map_or(f64::NAN, |x| x as f64)).collect(),
        ColumnData::OptF64(v) => v.iter().map(|x| x.unwrap_or(f64::NAN)).collect(),
        ColumnData::Str(_) => return None,
    })
}

/// The display name of each row: the `handle` column when present and non-empty, else `account`.
pub fn row_labels(t: &Table) -> Vec<String> {
    let text = |name: &str| match t.column(name) {
        Some(ColumnData::Str(v)) => Some(v.clone()),
        Some(other) => Some((0..other.len()).map(|r| other.text(r)).collect()),
        None => None,
    };
    let accounts = text("account").unwrap_or_else(|| vec![String::new(); t.rows()]);
    match text("handle") {
        Some(handles) => handles
            .into_iter()
            .zip(accounts)
            .map(|(h, a)| if h.is_empty() { a } else { h })
            .collect(),
        None => accounts,
    }
}

/// The display name of row `r` (see [`row_labels`]), without copying the whole column.
pub fn row_label(t: &Table, r: usize) -> String {
    if let Some(h) = t.column("handle") {
        let text = h.text(r);
        if !text.is_empty() {
            return text;
        }
    }
    t.column("account").map(|c| c.text(r)).unwrap_or_default()
}

/// Rows ordered by `values` descending (NaN last), ties by row (the PageRank ranking).
pub fn ranked_rows(values: &[f64]) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..values.len()).collect();
    let key = |r: usize| {
        if values[r].is_nan() {
            f64::NEG_INFINITY
        } else {
            values[r]
        }
    };
    rows.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
    rows
}

/// In- and out-degree CCDF (only in-degree when both columns are equal, as in undirected input).
pub fn degree_ccdf(t: &Table, tr: &Tr) -> Option<DegreeCcdf> {
    let as_u32 = |name: &str| match t.column(name)? {
        ColumnData::U32(v) => Some(v.clone()),
        _ => None,
    };
    let din = as_u32("in_degree")?;
    let mut series = vec![(tr.tr("series-in-degree"), din.clone())];
    if let Some(dout) = as_u32("out_degree") {
        if dout != din {
            series.push((tr.tr("series-out-degree"), dout));
        }
    }
    Some(DegreeCcdf {
        series,
        title: tr.tr("ccdf-caption"),
        axes: (tr.tr("ccdf-x"), tr.tr("ccdf-y")),
        lang: tr.lang(),
    })
}

/// Top `n` accounts by `metric` as horizontal bars coloured by community.
pub fn top_bars(t: &Table, metric: &str, n: usize, tr: &Tr) -> Option<Bars> {
    let values = numeric(t, metric)?;
    let community = numeric(t, "community");
    let rows: Vec<usize> = ranked_rows(&values).into_iter().take(n).collect();
    let title = metric_title(metric, tr);
    Some(Bars {
        title: tr.tr_args(
            "bars-top-title",
            &[
                ("count", tr.count(rows.len() as u64).into()),
                ("metric", (&title).into()),
            ],
        ),
        value_label: title.clone(),
        bars: rows.iter().map(|&r| (row_label(t, r), values[r])).collect(),
        colors: community.map(|c| rows.iter().map(|&r| c[r] as u32).collect()),
        lang: tr.lang(),
    })
}

/// Reach (audience: `in_follow` when the input has follows, else `in_degree`) against engagement
/// (attention other than follows: `in_strength − in_follow`; without a follow layer,
/// `in_strength`), split at the medians, for the first `max_points` rows (the PageRank top).
/// Labelled: the top five by reach, by engagement, and by engagement per reach among accounts
/// with at least the median reach.
pub fn quadrant(t: &Table, max_points: usize, tr: &Tr) -> Option<Quadrant> {
    let strength = numeric(t, "in_strength")?;
    let (reach, engagement, x_label, y_label) = match numeric(t, "in_follow") {
        Some(follow) => {
            let engagement = strength
                .iter()
                .zip(&follow)
                .map(|(s, f)| (s - f).max(0.0))
                .collect();
            (
                follow,
                engagement,
                "reach-x-followers",
                "reach-y-interactions",
            )
        }
        None => (
            numeric(t, "in_degree")?,
            strength,
            "reach-x-in-degree",
            "reach-y-in-strength",
        ),
    };
    let rows = t.rows().min(max_points);
    let points: Vec<(f64, f64)> = (0..rows).map(|r| (reach[r], engagement[r])).collect();
    let median = |v: Vec<f64>| {
        let mut v: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let split = (
        median(points.iter().map(|p| p.0).collect()),
        median(points.iter().map(|p| p.1).collect()),
    );
    let mut chosen: Vec<usize> = Vec::new();
    let mut take = |order: Vec<usize>| {
        for r in order.into_iter().take(5) {
            if !chosen.contains(&r) {
                chosen.push(r);
            }
        }
    };
    take(ranked_rows(&points.iter().map(|p| p.0).collect::<Vec<_>>()));
    take(ranked_rows(&points.iter().map(|p| p.1).collect::<Vec<_>>()));
    let ratio: Vec<f64> = points
        .iter()
        .map(|&(x, y)| {
            if x >= split.0 && x > 0.0 {
                y / x
            } else {
                f64::NAN
            }
        })
        .collect();
    take(
        ranked_rows(&ratio)
            .into_iter()
            .filter(|&r| !ratio[r].is_nan())
            .collect(),
    );
    Some(Quadrant {
        title: tr.tr("chart-reach-title"),
        x_label: tr.tr(x_label),
        y_label: tr.tr(y_label),
        corners: [
            tr.tr("quadrant-niche"),
            tr.tr("quadrant-large-engaged"),
            tr.tr("quadrant-small"),
            tr.tr("quadrant-large-low"),
        ],
        labels: chosen.into_iter().map(|r| (r, row_label(t, r))).collect(),
        points,
        split,
        lang: tr.lang(),
    })
}

/// The `n` largest communities by size (communities table rows are numbered by size).
pub fn community_sizes(communities: &Table, n: usize, tr: &Tr) -> Option<Bars> {
    let ids = numeric(communities, "community")?;
    let sizes = numeric(communities, "size")?;
    let rows = ids.len().min(n);
    Some(Bars {
        title: tr.tr_args(
            "sizes-title",
            &[
                ("shown", tr.count(rows as u64).into()),
                ("total", tr.count(ids.len() as u64).into()),
            ],
        ),
        value_label: tr.tr("sizes-axis"),
        bars: (0..rows)
            .map(|r| (community_label(&ids[r].to_string(), tr), sizes[r]))
            .collect(),
        colors: Some((0..rows).map(|r| ids[r] as u32).collect()),
        lang: tr.lang(),
    })
}

/// "community 3" in this language.
fn community_label(id: &str, tr: &Tr) -> String {
    tr.tr_args("community-label", &[("id", id.into())])
}

/// Attention between the `n` largest communities (flows table `from`, `to`, `weight`).
pub fn flow_heatmap(flows: &Table, n: usize, tr: &Tr) -> Option<Heatmap> {
    let from = numeric(flows, "from")?;
    let to = numeric(flows, "to")?;
    let weight = numeric(flows, "weight")?;
    let count = from
        .iter()
        .chain(&to)
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0)
        .min(n);
    if count == 0 {
        return None;
    }
    let mut values = vec![vec![0.0; count]; count];
    for ((&f, &t), &w) in from.iter().zip(&to).zip(&weight) {
        let (f, t) = (f as usize, t as usize);
        if f < count && t < count && w.is_finite() {
            values[f][t] += w;
        }
    }
    let labels: Vec<String> = (0..count)
        .map(|c| community_label(&c.to_string(), tr))
        .collect();
    Some(Heatmap {
        title: tr.tr_args(
            "flows-heatmap-title",
            &[("count", tr.count(count as u64).into())],
        ),
        rows: labels.clone(),
        columns: labels,
        values,
        log: true,
        axes: (tr.tr("flows-axis-from"), tr.tr("flows-axis-to")),
        lang: tr.lang(),
    })
}

/// Labels drawn on the map: the top accounts by PageRank.
pub const MAP_LABELS: usize = 20;

/// The network map of the first `positions.len()` rows of the accounts table (the top accounts by
/// PageRank): colour = community, area ∝ PageRank, the first [`MAP_LABELS`] labelled.
pub fn network_map(
    t: &Table,
    positions: &[[f64; 2]],
    edges: &[(u32, u32)],
    note: String,
) -> NetworkMap {
    let k = positions.len().min(t.rows());
    let pagerank = numeric(t, "pagerank").unwrap_or_else(|| vec![0.0; t.rows()]);
    let community = numeric(t, "community").unwrap_or_else(|| vec![0.0; t.rows()]);
    let max = pagerank[..k].iter().copied().fold(0.0f64, f64::max);
    let mut nodes: Vec<MapNode> = (0..k)
        .map(|r| MapNode {
            position: positions[r],
            community: community[r] as u32,
            radius: if max > 0.0 {
                2.0 + 14.0 * (pagerank[r] / max).max(0.0).sqrt()
            } else {
                3.0
            },
            label: (r < MAP_LABELS).then(|| row_label(t, r)),
        })
        .collect();
    // Draw the most important nodes last (on top): reverse rank order, edges re-indexed.
    nodes.reverse();
    let edges = edges
        .iter()
        .filter(|&&(a, b)| (a as usize) < k && (b as usize) < k)
        .map(|&(a, b)| (k as u32 - 1 - a, k as u32 - 1 - b))
        .collect();
    NetworkMap {
        title: "Network map".into(),
        nodes,
        edges,
        note,
    }
}
