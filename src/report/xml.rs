//! Shared pieces of the XML exports (GEXF, GraphML): escaping, attribute types, the combined edge
//! list, and what a node carries.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};
use crate::report::table::{format_f64, Column, ColumnData, Table};

/// Escapes `text` for XML content or a double-quoted attribute value. Characters that XML 1.0
/// cannot hold (controls other than tab, newline and carriage return, and U+FFFE/U+FFFF) are
/// replaced by U+FFFD.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let needs = text.chars().any(|c| {
        matches!(c, '&' | '<' | '>' | '"' | '\'') || invalid(c) || matches!(c, '\t' | '\n' | '\r')
    });
    if !needs {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as character references so attribute-value normalisation does not turn them
            // into spaces.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if invalid(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn invalid(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// The XML export formats, for what differs between their attribute declarations and values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// GEXF 1.3: `<attribute>` declarations, `<attvalue>` values.
    Gexf,
    /// GraphML: `<key>` declarations, `<data>` values.
    Graphml,
}

impl Dialect {
    /// The attribute type of a column (GraphML integers as `long`: its `int` is 32-bit signed).
    pub fn type_of(self, data: &ColumnData) -> &'static str {
        match (self, data) {
            (Dialect::Gexf, ColumnData::U32(_)) => "integer",
            (Dialect::Graphml, ColumnData::U32(_)) => "long",
            (_, ColumnData::U64(_) | ColumnData::OptI64(_)) => "long",
            (_, ColumnData::F64(_) | ColumnData::OptF64(_)) => "double",
            (_, ColumnData::Str(_)) => "string",
        }
    }
}

/// Declares every accounts-table column as a typed node attribute, column `i` under id `i`
/// (GEXF `<attribute>`) or `d{i}` (GraphML `<key>`), one line each.
pub fn declare_columns(
    w: &mut impl Write,
    columns: &[Column],
    dialect: Dialect,
) -> std::io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        let ty = dialect.type_of(&c.data);
        match dialect {
            Dialect::Gexf => write!(w, r#"      <attribute id="{i}" title=""#)?,
            Dialect::Graphml => write!(w, r#"  <key id="d{i}" for="node" attr.name=""#)?,
        }
        put(w, &c.name)?;
        match dialect {
            Dialect::Gexf => writeln!(w, r#"" type="{ty}"/>"#)?,
            Dialect::Graphml => writeln!(w, r#"" attr.type="{ty}"/>"#)?,
        }
    }
    Ok(())
}

/// Writes row `r`'s value of every column that has one, under the ids of [`declare_columns`].
pub fn write_values(
    w: &mut impl Write,
    columns: &[Column],
    r: usize,
    dialect: Dialect,
) -> std::io::Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if let Some(v) = value(&c.data, r) {
            match dialect {
                Dialect::Gexf => write!(w, r#"<attvalue for="{i}" value=""#)?,
                Dialect::Graphml => write!(w, r#"<data key="d{i}">"#)?,
            }
            put(w, &v)?;
            match dialect {
                Dialect::Gexf => w.write_all(b"\"/>")?,
                Dialect::Graphml => w.write_all(b"</data>")?,
            }
        }
    }
    Ok(())
}

/// The value of row `r` of a column as attribute text, `None` when missing or not finite.
pub fn value(data: &ColumnData, r: usize) -> Option<String> {
    match data {
        ColumnData::F64(v) => v[r].is_finite().then(|| format_f64(v[r])),
        ColumnData::OptF64(v) => v[r].filter(|x| x.is_finite()).map(format_f64),
        ColumnData::OptI64(v) => v[r].map(|x| x.to_string()),
        other => Some(other.text(r)),
    }
}

/// Calls `f(u, v, weight)` for every pair of the combined view (one per ordered pair, weights
/// summed over layers; one per unordered pair `u < v` for undirected graphs), by source then target.
pub fn for_each_edge(
    g: &Graph,
    mut f: impl FnMut(NodeId, NodeId, f64) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let out = g.out_adjacency();
    let directed = g.is_directed();
    for u in 0..g.node_count() as NodeId {
        let r = out.range(u);
        let mut p = r.start;
        while p < r.end {
            let v = out.targets[p];
            let mut w = 0.0;
            while p < r.end && out.targets[p] == v {
                w += g.weight(p);
                p += 1;
            }
            if directed || u < v {
                f(u, v, w)?;
            }
        }
    }
    Ok(())
}

/// Visual attributes per accounts-table row, shared by both exports.
#[derive(Debug, Clone, Default)]
pub struct NodeViz {
    /// Layout position of the first `positions.len()` rows (the laid-out top accounts).
    pub positions: Vec<[f64; 2]>,
    /// Colour (community) per row.
    pub colors: Vec<(u8, u8, u8)>,
    /// Size (from PageRank) per row.
    pub sizes: Vec<f64>,
}

/// What both exports write: the graph, the accounts table and the row of each node.
#[derive(Debug, Clone, Copy)]
pub struct Export<'a> {
    /// The graph (edges).
    pub graph: &'a Graph,
    /// The accounts table (node attributes), rows in any order.
    pub accounts: &'a Table,
    /// The table row of each node.
    pub row_of_node: &'a [u32],
    /// Layout, colours and sizes.
    pub viz: &'a NodeViz,
    /// Time windows, for the GEXF's spells and dynamic attributes (`analyze --window`).
    pub windows: Option<&'a crate::temporal::Trends>,
}

impl Export<'_> {
    /// The id written for node `u`: its account id.
    pub fn node_id(&self, u: NodeId) -> String {
        match self.accounts.column("account") {
            Some(c) => c.text(self.row_of_node[u as usize] as usize),
            None => u.to_string(),
        }
    }
}

/// Writes `s` escaped.
pub fn put(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    w.write_all(escape(s).as_bytes())
}

/// Creates `path`, writes it through a 1 MiB buffer with `write` and syncs it to disk; an I/O
/// error names `path`.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let io = |err: std::io::Error| Error::io(path, err);
    let f = File::create(path).map_err(io)?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    write(&mut w).map_err(io)?;
    w.into_inner()
        .map_err(|err| io(err.into_error()))?
        .sync_all()
        .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1}b\nc"), "a\u{FFFD}b&#10;c");
        assert_eq!(escape("plain"), "plain");
    }
}
