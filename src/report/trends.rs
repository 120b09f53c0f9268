//! The time-window tables: per-window metrics and rising accounts. Pure.

use crate::graph::{NodeId, NodeLabels};
use crate::i18n::Tr;
use crate::report::charts::Trajectories;
use crate::temporal::Trends;

use super::{ColumnData, Table};

/// Accounts drawn on the rank-trajectory chart.
pub const TRAJECTORY_ACCOUNTS: usize = 10;

/// A Unix time as RFC 3339 UTC text.
pub(crate) fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).map_or_else(
        || t.to_string(),
        |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// windows.csv: one row per window and account with in-degree > 0 in that window, by window,
/// then rank, then node id. Columns: `window` (0 = oldest), `start`, `end` (RFC 3339, the window
/// is `[start, end)`), `account`, `in_degree`, `pagerank`, `rank` (competition rank by PageRank
/// among all accounts, 1 = highest), and `role` (the account's primary role in that window's graph, see
/// [`crate::roles`]) when per-window roles were computed.
pub fn windows_table(t: &Trends, labels: &NodeLabels) -> Table {
    let (mut win, mut start, mut end, mut account) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut indeg, mut pr, mut rank, mut role) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let has_roles = t.metrics.iter().any(|m| m.role.is_some());
    for (k, (w, m)) in t.windows.iter().zip(&t.metrics).enumerate() {
        let mut nodes: Vec<NodeId> = (0..m.in_degree.len() as NodeId)
            .filter(|&u| m.in_degree[u as usize] > 0)
            .collect();
        nodes.sort_by_key(|&u| (m.rank[u as usize], u));
        let (s, e) = (rfc3339(w.start), rfc3339(w.end));
        for u in nodes {
            let i = u as usize;
            win.push(k as u32);
            start.push(s.clone());
            end.push(e.clone());
            account.push(labels.name(u).to_string());
            indeg.push(m.in_degree[i]);
            pr.push(m.pagerank[i]);
            rank.push(m.rank[i]);
            if has_roles {
                role.push(m.role.as_ref().map_or("", |r| r[i].name()).to_string());
            }
        }
    }
    let mut table = Table::default();
    table.push("window", ColumnData::U32(win));
    table.push("start", ColumnData::Str(start));
    table.push("end", ColumnData::Str(end));
    table.push("account", ColumnData::Str(account));
    table.push("in_degree", ColumnData::U32(indeg));
    table.push("pagerank", ColumnData::F64(pr));
    table.push("rank", ColumnData::U32(rank));
    if has_roles {
        table.push("role", ColumnData::Str(role));
    }
    table
}

/// rising.csv: rising accounts, best first. Columns: `account`, `score` (−slope of ln(rank)
/// over the last `windows` windows: mean log-rank gained per window), `windows`, `rank_first`,
/// `rank_last`, `in_degree_first`, `in_degree_last`.
pub fn rising_table(t: &Trends, labels: &NodeLabels) -> Table {
    let r = &t.rising;
    let mut table = Table::default();
    table.push(
        "account",
        ColumnData::Str(r.iter().map(|x| labels.name(x.node).to_string()).collect()),
    );
    table.push(
        "score",
        ColumnData::F64(r.iter().map(|x| x.score).collect()),
    );
    table.push(
        "windows",
        ColumnData::U32(r.iter().map(|x| x.windows).collect()),
    );
    table.push(
        "rank_first",
        ColumnData::U32(r.iter().map(|x| x.rank_first).collect()),
    );
    table.push(
        "rank_last",
        ColumnData::U32(r.iter().map(|x| x.rank_last).collect()),
    );
    table.push(
        "in_degree_first",
        ColumnData::U32(r.iter().map(|x| x.in_degree_first).collect()),
    );
    table.push(
        "in_degree_last",
        ColumnData::U32(r.iter().map(|x| x.in_degree_last).collect()),
    );
    table
}

/// The rank-trajectory chart: the rank of the first `n` rising accounts (rising.csv order; when
/// fewer rise, the best-ranked accounts of the last window complete the list) in every window
/// where they have in-degree > 0 (a window without is a gap). Windows are labelled by their start
/// (date, or date and hour for windows shorter than a day). `label` names a node. `None` with
/// fewer than two windows.
pub fn trajectory_chart(
    t: &Trends,
    label: &dyn Fn(NodeId) -> String,
    n: usize,
    tr: &Tr,
) -> Option<Trajectories> {
    let last = t.metrics.last()?;
    if t.windows.len() < 2 {
        return None;
    }
    let mut nodes: Vec<NodeId> = t.rising.iter().take(n).map(|r| r.node).collect();
    if nodes.len() < n {
        let mut best: Vec<NodeId> = (0..last.rank.len() as NodeId)
            .filter(|&u| last.in_degree[u as usize] > 0 && !nodes.contains(&u))
            .collect();
        best.sort_by_key(|&u| (last.rank[u as usize], u));
        nodes.extend(best.into_iter().take(n - nodes.len()));
    }
    let short = t.windows.iter().any(|w| w.end - w.start < 86_400);
    let windows = t
        .windows
        .iter()
        .map(|w| {
            let s = rfc3339(w.start);
            let day = tr.date(&s[..10.min(s.len())]);
            if short {
                format!("{day} {}h", s.get(11..13).unwrap_or(""))
            } else {
                day
            }
        })
        .collect();
    let series = nodes
        .iter()
        .map(|&u| {
            let points = t
                .metrics
                .iter()
                .enumerate()
                .filter(|(_, m)| m.in_degree[u as usize] > 0)
                .map(|(k, m)| (k, m.rank[u as usize]))
                .collect();
            (label(u), points)
        })
        .collect();
    let title = if t.rising.is_empty() {
        tr.tr("trajectories-title-top")
    } else {
        tr.tr("trajectories-title-rising")
    };
    Some(Trajectories {
        title,
        windows,
        series,
        axes: (tr.tr("trajectories-x"), tr.tr("trajectories-y")),
        lang: tr.lang(),
    })
}
