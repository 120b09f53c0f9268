//! The tables and terminal text of `relais seeds`. Pure: the caller writes them.

use super::communities::LIST_SEPARATOR;
use super::table::{ColumnData, Table};
use crate::graph::NodeLabels;
use crate::influence::SeedsResult;

/// seeds.csv: one row per IMM seed in greedy order: rank, account, handle (when known),
/// marginal_gain and cumulative_spread (RR-set estimates, in accounts).
pub fn seeds_table(r: &SeedsResult, labels: &NodeLabels, handles: Option<&[String]>) -> Table {
    let mut t = Table::default();
    t.push(
        "rank",
        ColumnData::U32((1..=r.picks.len() as u32).collect()),
    );
    t.push(
        "account",
        ColumnData::Str(
            r.picks
                .iter()
                .map(|p| labels.name(p.node).to_string())
                .collect(),
        ),
    );
    if let Some(h) = handles {
        t.push(
            "handle",
            ColumnData::Str(r.picks.iter().map(|p| h[p.node as usize].clone()).collect()),
        );
    }
    t.push(
        "marginal_gain",
        ColumnData::F64(r.picks.iter().map(|p| p.marginal_gain).collect()),
    );
    t.push(
        "cumulative_spread",
        ColumnData::F64(r.picks.iter().map(|p| p.cumulative).collect()),
    );
    t
}

/// comparison.csv: one row per strategy (imm, followers, pagerank): k, Monte-Carlo mean spread,
/// 95% interval, standard deviation, simulations, the RR-set estimate, and the seeds
/// (space-separated account ids, best first).
pub fn comparison_table(r: &SeedsResult, labels: &NodeLabels) -> Table {
    let c = &r.comparison;
    let mut t = Table::default();
    t.push(
        "strategy",
        ColumnData::Str(c.iter().map(|e| e.strategy.name().to_string()).collect()),
    );
    t.push(
        "k",
        ColumnData::U32(c.iter().map(|e| e.seeds.len() as u32).collect()),
    );
    let f = |get: fn(&crate::influence::Evaluation) -> f64| {
        ColumnData::F64(c.iter().map(get).collect())
    };
    t.push("mc_mean", f(|e| e.monte_carlo.mean));
    t.push("ci_low", f(|e| e.monte_carlo.ci_low));
    t.push("ci_high", f(|e| e.monte_carlo.ci_high));
    t.push("mc_std_dev", f(|e| e.monte_carlo.std_dev));
    t.push(
        "simulations",
        ColumnData::U32(c.iter().map(|e| e.monte_carlo.simulations).collect()),
    );
    t.push("rr_estimate", f(|e| e.rr_estimate));
    t.push(
        "seeds",
        ColumnData::Str(
            c.iter()
                .map(|e| {
                    e.seeds
                        .iter()
                        .map(|&s| labels.name(s))
                        .collect::<Vec<_>>()
                        .join(LIST_SEPARATOR)
                })
                .collect(),
        ),
    );
    t
}

/// The terminal summary: the seeds with their gains, then the comparison of strategies.
pub fn seeds_text(r: &SeedsResult, seeds: &Table, comparison: &Table) -> String {
    let mut out = String::new();
    let cols: Vec<&str> = seeds
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| *c != "rank")
        .collect();
    let mut rows = vec![std::iter::once("#")
        .chain(cols.iter().copied())
        .map(String::from)
        .collect::<Vec<_>>()];
    for i in 0..seeds.rows() {
        let mut row = vec![(i + 1).to_string()];
        for c in &cols {
            row.push(match seeds.column(c) {
                Some(ColumnData::F64(v)) => format!("{:.1}", v[i]),
                Some(d) => clean(&d.text(i), 32),
                None => String::new(),
            });
        }
        rows.push(row);
    }
    // Text columns (account, handle) are left-aligned, numbers right-aligned.
    let left: Vec<usize> = (0..cols.len())
        .filter(|&i| matches!(cols[i], "account" | "handle"))
        .map(|i| i + 1)
        .collect();
    out.push_str(&align(&rows, &left));
    out.push('\n');
    let sims = r
        .comparison
        .first()
        .map_or(0, |e| e.monte_carlo.simulations);
    let mut rows = vec![vec![
        "strategy".to_string(),
        "k".into(),
        format!("spread (MC, {sims} runs)"),
        "95% CI".into(),
        "RR estimate".into(),
    ]];
    for i in 0..comparison.rows() {
        let num = |name: &str| match comparison.column(name) {
            Some(ColumnData::F64(v)) => v[i],
            _ => f64::NAN,
        };
        rows.push(vec![
            comparison.columns[0].data.text(i),
            comparison.columns[1].data.text(i),
            format!("{:.1}", num("mc_mean")),
            format!("[{:.1}, {:.1}]", num("ci_low"), num("ci_high")),
            format!("{:.1}", num("rr_estimate")),
        ]);
    }
    out.push_str(&align(&rows, &[0]));
    out
}

/// Aligns rows into columns: those in `left` left-aligned, the others right-aligned.
fn align(rows: &[Vec<String>], left: &[usize]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if left.contains(&i) {
                    format!("{cell:<w$}", w = widths[i])
                } else {
                    format!("{cell:>w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Shortens a cell to `max` characters and replaces control characters (input text must not
/// break the layout or reach the terminal as escape sequences).
fn clean(s: &str, max: usize) -> String {
    let mut t: String = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .take(max)
        .collect();
    if s.chars().count() > max {
        t.pop();
        t.push('…');
    }
    t
}
