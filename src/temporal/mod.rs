//! Time windows: who is rising.
//!
//! `analyze --window 30d` (or `7d`, `12h`, `2w`, `week`, `month`) cuts the timestamped records
//! into consecutive windows and, per window, builds the graph, computes in-degree and PageRank
//! ([`crate::metrics`]) and ranks every account.
//!
//! **Windows.** The span runs from the first timestamp of an *event* record (any kind other
//! than `follow`; the first timestamp of any record when there is no event) to the last
//! timestamp. Fixed-length windows are counted backward from the last timestamp, so the last
//! window is complete and only the first may be partial; `week` windows start on Monday 00:00
//! UTC and `month` windows on the first of the month, UTC. Only the last `max_windows` are kept.
//!
//! **What a window holds.** A follow is a relationship, not an event: it counts in every window
//! that ends after it was made (the follow graph at the window's end). Every other kind counts in
//! the window in which it happened. Records without a timestamp count in every window; their
//! numbers are in run.json.
//!
//! **Rank.** Competition rank by PageRank, descending (1 = the most heard; accounts with equal
//! scores share the better rank).
//!
//! **Role.** With [`WindowConfig::roles`] (default), each window's graph gets its own
//! communities (the run's community settings), Burt's constraint and the role rules of
//! [`crate::roles`] ([`crate::roles::assign_with`], thresholds taken as quantiles of that
//! window's own distributions); the primary role goes into windows.csv's `role` column.
//!
//! **Rising.** Over the last `trend_windows` windows, the least-squares slope `b` of
//! `ln(rank)` against the window index; the *rising score* is `−b`, the mean log-rank gained per
//! window (`e^{−b}`: the factor by which the rank shrinks per window). A least-squares slope
//! rewards a sustained climb over a single jump. Only accounts with at least `min_in_degree`
//! in-degree in the last window and a positive score are listed, by score descending, then node
//! id.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{self, BuildConfig, EdgeTable, NodeId};
use crate::graph::{Graph, NodeLabels};
use crate::metrics::{degrees, pagerank, PageRank, PageRankConfig};
use crate::roles::Role;

/// Assigns the roles of one window: the window's graph, its labels and its PageRank (computed
/// with the run's parameters) → the primary role of each node. The pipeline supplies it, so that
/// per-window roles come from the same [`crate::roles`] rules as the whole graph's.
pub type WindowRoleFn<'a> = dyn Fn(&Graph, &NodeLabels, &PageRank) -> Vec<Role> + Sync + 'a;

/// The length of the windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpec {
    /// A fixed number of seconds.
    Fixed(i64),
    /// Calendar weeks, Monday 00:00 UTC.
    Week,
    /// Calendar months, UTC.
    Month,
}

impl WindowSpec {
    /// Parses `30d`, `7d`, `12h`, `2w`, `week` or `month`.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming `--window` for anything else.
    pub fn parse(text: &str) -> Result<WindowSpec> {
        let t = text.trim().to_ascii_lowercase();
        let bad = || Error::InvalidConfig {
            field: "window",
            message: format!(
                "{text:?} is not a window: give a length such as 30d, 7d, 12h, 2w, or week or month"
            ),
        };
        match t.as_str() {
            "week" | "weekly" => return Ok(WindowSpec::Week),
            "month" | "monthly" => return Ok(WindowSpec::Month),
            _ => {}
        }
        let unit = match t.chars().last() {
            Some('h') => 3_600,
            Some('d') => 86_400,
            Some('w') => 7 * 86_400,
            _ => return Err(bad()),
        };
        let n: i64 = t[..t.len() - 1].parse().map_err(|_| bad())?;
        if n <= 0 || n > 100_000 {
            return Err(bad());
        }
        Ok(WindowSpec::Fixed(n * unit))
    }
}

/// How to cut windows and find rising accounts. Plain data, stored in run.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WindowConfig {
    /// Window length: `30d`, `7d`, `12h`, `2w`, `week` or `month`.
    pub window: String,
    /// Windows kept (the most recent ones).
    pub max_windows: u32,
    /// Windows the rising slope is fitted on (the last ones).
    pub trend_windows: u32,
    /// Least in-degree in the last window for an account to be listed as rising.
    pub min_in_degree: u32,
    /// Kind whose records are relationships, case-insensitive.
    pub follow_kind: String,
    /// Count a timestamped follow in every window ending after it (the follow graph at the
    /// window's end: default), or only in the window it was made in (`false`).
    pub cumulative_follows: bool,
    /// What the per-window rank orders by.
    pub rank_by: RankBy,
    /// Assign roles in every window (the `role` column of windows.csv): communities, Burt's
    /// constraint and the role rules on each window's graph, which costs about a community
    /// detection per window. `false` leaves the column out.
    pub roles: bool,
}

/// The score a window's rank orders accounts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RankBy {
    /// In-degree in the window's graph (audience: followers at the window's end plus accounts
    /// that interacted during it).
    #[default]
    InDegree,
    /// PageRank in the window's graph.
    Pagerank,
}

impl WindowConfig {
    /// Default `max_windows`.
    pub const DEFAULT_MAX_WINDOWS: u32 = 24;
    /// Default `trend_windows`.
    pub const DEFAULT_TREND_WINDOWS: u32 = 8;
    /// Default `min_in_degree`.
    pub const DEFAULT_MIN_IN_DEGREE: u32 = 5;

    /// Checks the values.
    pub fn validate(&self) -> Result<()> {
        WindowSpec::parse(&self.window)?;
        if self.max_windows == 0 {
            return Err(Error::InvalidConfig {
                field: "window.max_windows",
                message: "must be at least 1".into(),
            });
        }
        if self.trend_windows < 2 {
            return Err(Error::InvalidConfig {
                field: "window.trend_windows",
                message: "a slope needs at least 2 windows".into(),
            });
        }
        Ok(())
    }
}

impl Default for WindowConfig {
    fn default() -> Self {
        WindowConfig {
            window: "30d".into(),
            max_windows: Self::DEFAULT_MAX_WINDOWS,
            trend_windows: Self::DEFAULT_TREND_WINDOWS,
            min_in_degree: Self::DEFAULT_MIN_IN_DEGREE,
            follow_kind: "follow".into(),
            cumulative_follows: true,
            rank_by: RankBy::default(),
            roles: true,
        }
    }
}

/// One window, `[start, end)` in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First second.
    pub start: i64,
    /// First second after.
    pub end: i64,
}

/// Per-node figures of one window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowMetrics {
    /// Distinct accounts paying attention (combined view of the window's graph).
    pub in_degree: Vec<u32>,
    /// Distinct accounts it pays attention to (combined view of the window's graph).
    pub out_degree: Vec<u32>,
    /// PageRank in the window's graph.
    pub pagerank: Vec<f64>,
    /// Competition rank by [`WindowConfig::rank_by`] (1 = highest).
    pub rank: Vec<u32>,
    /// Primary role of each node in this window ([`crate::roles::assign_with`] on the window's
    /// graph, by the `window_roles` function given to [`trends`]); `None` when none was given.
    pub role: Option<Vec<Role>>,
    /// Records the window's graph was built from.
    pub records: u64,
}

/// A rising account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rising {
    /// The node.
    pub node: NodeId,
    /// `−slope`: mean ln-rank gained per window.
    pub score: f64,
    /// Windows the slope was fitted on.
    pub windows: u32,
    /// Rank in the first of them.
    pub rank_first: u32,
    /// Rank in the last window.
    pub rank_last: u32,
    /// In-degree in the first of them.
    pub in_degree_first: u32,
    /// In-degree in the last window.
    pub in_degree_last: u32,
}

/// What the windows hold, for run.json.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WindowCounts {
    /// Follow records without a timestamp (counted in every window).
    pub untimed_follows: u64,
    /// Other records without a timestamp (counted in every window).
    pub untimed_events: u64,
    /// Follow records with a timestamp (cumulative: in every window ending after them).
    pub timed_follows: u64,
    /// Other records with a timestamp (each in its own window).
    pub timed_events: u64,
    /// Timed event records before the first kept window (outside every window).
    pub events_before_first_window: u64,
}

/// Windows, per-window metrics and rising accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    /// The windows, oldest first.
    pub windows: Vec<Window>,
    /// One per window.
    pub metrics: Vec<WindowMetrics>,
    /// Rising accounts, best first.
    pub rising: Vec<Rising>,
    /// Record counts.
    pub counts: WindowCounts,
}

/// The windows and record counts, for run.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowsSummary {
    /// How records were counted: follows cumulative, events per window, untimed in every window.
    pub rule: &'static str,
    /// The windows, oldest first (Unix seconds, `[start, end)`).
    pub windows: Vec<Window>,
    /// Records per window graph.
    pub records_per_window: Vec<u64>,
    /// Record counts by kind and time.
    pub counts: WindowCounts,
    /// Rising accounts listed.
    pub rising: usize,
}

impl Trends {
    /// Whether node `u` has an edge in window `k` (in- or out-degree above 0).
    pub fn active(&self, k: usize, u: NodeId) -> bool {
        let m = &self.metrics[k];
        m.in_degree[u as usize] > 0 || m.out_degree[u as usize] > 0
    }

    /// The summary for run.json.
    pub fn summary(&self) -> WindowsSummary {
        WindowsSummary {
            rule: "follows count in every window ending after them; other records in the window \
                   they happened in; records without timestamp in every window",
            windows: self.windows.clone(),
            records_per_window: self.metrics.iter().map(|m| m.records).collect(),
            counts: self.counts.clone(),
            rising: self.rising.len(),
        }
    }
}

/// Cuts `[first, last]` into windows (see the module docs), oldest first, at most `max`.
pub fn cut(spec: WindowSpec, first: i64, last: i64, max: u32) -> Vec<Window> {
    let end = last.saturating_add(1);
    let mut out = Vec::new();
    match spec {
        WindowSpec::Fixed(len) => {
            let mut e = end;
            while e > first && out.len() < max as usize {
                out.push(Window {
                    start: e - len,
                    end: e,
                });
                e -= len;
            }
        }
        WindowSpec::Week => {
            const WEEK: i64 = 7 * 86_400;
            // 1970-01-05 was a Monday.
            let monday = |t: i64| t - (t - 4 * 86_400).rem_euclid(WEEK);
            let mut s = monday(last);
            while s + WEEK > first && out.len() < max as usize {
                out.push(Window {
                    start: s,
                    end: s + WEEK,
                });
                s -= WEEK;
            }
        }
        WindowSpec::Month => {
            let day = |t: i64| {
                chrono::DateTime::from_timestamp(t, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
            };
            let secs = |d: NaiveDate| {
                d.and_hms_opt(0, 0, 0)
                    .map_or(0, |x| x.and_utc().timestamp())
            };
            let d = day(last);
            let (mut y, mut m) = (d.year(), d.month());
            while out.len() < max as usize {
                let Some(s) = NaiveDate::from_ymd_opt(y, m, 1) else {
                    break;
                };
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                let Some(e) = NaiveDate::from_ymd_opt(ny, nm, 1) else {
                    break;
                };
                if secs(e) <= first {
                    break;
                }
                out.push(Window {
                    start: secs(s),
                    end: secs(e),
                });
                if m == 1 {
                    (y, m) = (y - 1, 12);
                } else {
                    m -= 1;
                }
            }
        }
    }
    out.reverse();
    out
}

/// Competition ranks by score descending (1 = highest; equal scores share the better rank).
pub fn competition_ranks(scores: &[f64]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..scores.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        scores[b as usize]
            .total_cmp(&scores[a as usize])
            .then(a.cmp(&b))
    });
    let mut rank = vec![0u32; scores.len()];
    for (i, &u) in order.iter().enumerate() {
        rank[u as usize] = if i > 0 && scores[order[i - 1] as usize] == scores[u as usize] {
            rank[order[i - 1] as usize]
        } else {
            i as u32 + 1
        };
    }
    rank
}

/// Least-squares slope of `ys` against `0, 1, 2, ...`.
pub fn slope(ys: &[f64]) -> f64 {
    let n = ys.len() as f64;
    if ys.len() < 2 {
        return 0.0;
    }
    let mx = (n - 1.0) / 2.0;
    let my = ys.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - mx;
        num += dx * (y - my);
        den += dx * dx;
    }
    num / den
}

/// Computes the windows, their metrics and the rising accounts.
///
/// # Arguments
/// * `table` - the records as read (provisional ids); `names` their external ids.
/// * `build` - how records become a graph (direction); `pr` - PageRank parameters.
/// * `cfg` - windows and rising parameters (validated by the caller).
/// * `window_roles` - assigns each window's roles ([`WindowRoleFn`]); `None`: no roles.
///
/// # Errors
/// [`Error::InvalidConfig`] when no record has a timestamp.
///
/// # Complexity
/// O(K (m + n log n)) for K windows: each window builds its graph and runs PageRank, plus
/// whatever `window_roles` costs per window.
pub fn trends(
    table: &EdgeTable,
    names: &[Box<str>],
    build: &BuildConfig,
    pr: &PageRankConfig,
    cfg: &WindowConfig,
    window_roles: Option<&WindowRoleFn<'_>>,
) -> Result<Trends> {
    let spec = WindowSpec::parse(&cfg.window)?;
    let no_time = || Error::InvalidConfig {
        field: "window",
        message: "--window needs timestamps, and no record has one (name the column with \
                  --timestamp-col)"
            .into(),
    };
    let ts = table.timestamp.as_ref().ok_or_else(no_time)?;
    let follow = table
        .layer_names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(&cfg.follow_kind));
    let is_follow =
        |r: usize| follow.is_some_and(|f| table.layer.get(r).copied().unwrap_or(0) as usize == f);
    let mut counts = WindowCounts::default();
    let (mut first_any, mut first_event, mut last) = (i64::MAX, i64::MAX, i64::MIN);
    for (r, &t) in ts.iter().enumerate() {
        let f = is_follow(r);
        if t == EdgeTable::NO_TIME {
            if f {
                counts.untimed_follows += 1;
            } else {
                counts.untimed_events += 1;
            }
            continue;
        }
        if f {
            counts.timed_follows += 1;
        } else {
            counts.timed_events += 1;
            first_event = first_event.min(t);
        }
        first_any = first_any.min(t);
        last = last.max(t);
    }
    if last == i64::MIN {
        return Err(no_time());
    }
    let first = if first_event == i64::MAX {
        first_any
    } else {
        first_event
    };
    let windows = cut(spec, first, last, cfg.max_windows);
    if let Some(w0) = windows.first() {
        counts.events_before_first_window = ts
            .iter()
            .enumerate()
            .filter(|&(r, &t)| t != EdgeTable::NO_TIME && t < w0.start && !is_follow(r))
            .count() as u64;
    }
    let mut metrics = Vec::with_capacity(windows.len());
    for w in &windows {
        let keep = |r: usize| {
            let t = ts[r];
            t == EdgeTable::NO_TIME
                || t < w.end && (t >= w.start || cfg.cumulative_follows && is_follow(r))
        };
        let sub = filter(table, keep);
        let (g, labels, _) = graph::build(&sub, names.to_vec(), build);
        let d = degrees(&g);
        let p = pagerank(&g, pr);
        let rank = match cfg.rank_by {
            RankBy::Pagerank => competition_ranks(&p.scores),
            RankBy::InDegree => {
                let d: Vec<f64> = d.in_degree.iter().map(|&x| f64::from(x)).collect();
                competition_ranks(&d)
            }
        };
        let role = window_roles.map(|f| f(&g, &labels, &p));
        metrics.push(WindowMetrics {
            in_degree: d.in_degree,
            out_degree: d.out_degree,
            pagerank: p.scores,
            rank,
            role,
            records: sub.len() as u64,
        });
    }
    let rising = rising(&metrics, cfg);
    Ok(Trends {
        windows,
        metrics,
        rising,
        counts,
    })
}

/// The records `keep` accepts, with their layers and weights (timestamps dropped).
fn filter(table: &EdgeTable, keep: impl Fn(usize) -> bool) -> EdgeTable {
    let rows: Vec<usize> = (0..table.len()).filter(|&r| keep(r)).collect();
    EdgeTable {
        src: rows.iter().map(|&r| table.src[r]).collect(),
        dst: rows.iter().map(|&r| table.dst[r]).collect(),
        layer: if table.layer.is_empty() {
            Vec::new()
        } else {
            rows.iter().map(|&r| table.layer[r]).collect()
        },
        layer_names: table.layer_names.clone(),
        weight: table
            .weight
            .as_ref()
            .map(|w| rows.iter().map(|&r| w[r]).collect()),
        timestamp: None,
    }
}

/// Rising accounts from per-window ranks (module docs).
pub fn rising(metrics: &[WindowMetrics], cfg: &WindowConfig) -> Vec<Rising> {
    let k = metrics.len();
    let w = (cfg.trend_windows as usize).min(k);
    if w < 2 {
        return Vec::new();
    }
    let tail = &metrics[k - w..];
    let last = &tail[w - 1];
    let n = last.rank.len();
    let mut out: Vec<Rising> = (0..n)
        .into_par_iter()
        .filter(|&u| last.in_degree[u] >= cfg.min_in_degree)
        .filter_map(|u| {
            let ys: Vec<f64> = tail.iter().map(|m| f64::from(m.rank[u]).ln()).collect();
            let score = -slope(&ys);
            (score > 0.0).then(|| Rising {
                node: u as NodeId,
                score,
                windows: w as u32,
                rank_first: tail[0].rank[u],
                rank_last: last.rank[u],
                in_degree_first: tail[0].in_degree[u],
                in_degree_last: last.in_degree[u],
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_window_lengths() {
        assert_eq!(
            WindowSpec::parse("30d").unwrap(),
            WindowSpec::Fixed(30 * 86_400)
        );
        assert_eq!(
            WindowSpec::parse("12h").unwrap(),
            WindowSpec::Fixed(12 * 3_600)
        );
        assert_eq!(
            WindowSpec::parse("2w").unwrap(),
            WindowSpec::Fixed(14 * 86_400)
        );
        assert_eq!(WindowSpec::parse("Month").unwrap(), WindowSpec::Month);
        assert_eq!(WindowSpec::parse("week").unwrap(), WindowSpec::Week);
        for bad in ["", "d", "0d", "-3d", "30", "30x", "fortnight"] {
            assert!(WindowSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fixed_windows_end_at_the_last_timestamp() {
        let w = cut(WindowSpec::Fixed(10), 0, 25, 10);
        assert_eq!(
            w,
            [
                Window { start: -4, end: 6 },
                Window { start: 6, end: 16 },
                Window { start: 16, end: 26 }
            ]
        );
        assert_eq!(cut(WindowSpec::Fixed(10), 0, 25, 2).len(), 2);
    }

    #[test]
    fn calendar_windows() {
        // 2024-01-15 .. 2024-03-02: January, February, March.
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        let w = cut(
            WindowSpec::Month,
            t("2024-01-15T00:00:00Z"),
            t("2024-03-02T10:00:00Z"),
            10,
        );
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].start, t("2024-01-01T00:00:00Z"));
        assert_eq!(w[1].start, t("2024-02-01T00:00:00Z"));
        assert_eq!(w[2].end, t("2024-04-01T00:00:00Z"));
        // 2024-01-01 was a Monday; 2024-01-10 is a Wednesday.
        let w = cut(
            WindowSpec::Week,
            t("2024-01-02T00:00:00Z"),
            t("2024-01-10T00:00:00Z"),
            10,
        );
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].start, t("2024-01-01T00:00:00Z"));
        assert_eq!(w[1].start, t("2024-01-08T00:00:00Z"));
    }

    #[test]
    fn ranks_and_slopes() {
        assert_eq!(competition_ranks(&[0.1, 0.5, 0.1, 0.3]), [3, 1, 3, 2]);
        assert!((slope(&[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert!((slope(&[1.0, 1.0, 1.0])).abs() < 1e-12);
        assert!((slope(&[0.0, 2.0, 4.0, 6.0]) - 2.0).abs() < 1e-12);
    }
}
