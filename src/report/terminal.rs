//! The ranked table printed on the terminal.

use super::table::Table;

/// The first `k` rows of the accounts table as aligned text: rank, account (and handle when the
/// accounts table has one), PageRank, audience, activity, core, and the primary role when roles
/// were assigned.
pub fn top_table(t: &Table, k: usize) -> String {
    let mut cols = vec!["account"];
    if t.column("handle").is_some() {
        cols.push("handle");
    }
    cols.extend(["pagerank", "in_degree", "out_degree", "core"]);
    if t.column("role").is_some() {
        cols.push("role");
    }
    let mut rows: Vec<Vec<String>> = vec![std::iter::once("#".to_string())
        .chain(cols.iter().map(|c| c.to_string()))
        .collect()];
    for r in 0..t.rows().min(k) {
        let mut row = vec![(r + 1).to_string()];
        for &c in &cols {
            let cell = match (c, t.column(c)) {
                ("pagerank", Some(super::ColumnData::F64(v))) => format!("{:.6}", v[r]),
                (_, Some(data)) => data.text(r),
                (_, None) => String::new(),
            };
            row.push(truncate(&cell, 32));
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..=cols.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i == 1 || cols.get(i - 1) == Some(&"handle") {
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

/// Shortens a cell to `max` characters and replaces control characters, so that input text can
/// neither break the layout nor send escape sequences to the terminal.
fn truncate(s: &str, max: usize) -> String {
    let clean = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c });
    if s.chars().count() <= max {
        clean.collect()
    } else {
        let mut t: String = clean.take(max - 1).collect();
        t.push('…');
        t
    }
}
