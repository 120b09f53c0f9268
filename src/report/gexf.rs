//! GEXF 1.3 export (`graph.gexf`): every accounts-table column as a typed node attribute,
//! `viz:color` (community), `viz:size` (PageRank) for every node and `viz:position` for the
//! laid-out ones, edges of the combined view with their summed weight. Streamed through a
//! `BufWriter`; every text is XML-escaped.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::NodeId;
use crate::report::table::ColumnData;
use crate::report::xml::{for_each_edge, put, value, Export};

/// GEXF attribute type of a column.
fn gexf_type(data: &ColumnData) -> &'static str {
    match data {
        ColumnData::U32(_) => "integer",
        ColumnData::U64(_) | ColumnData::OptI64(_) => "long",
        ColumnData::F64(_) | ColumnData::OptF64(_) => "double",
        ColumnData::Str(_) => "string",
    }
}

/// Writes `graph.gexf` to `path`.
pub fn write_gexf(path: &Path, e: &Export<'_>) -> Result<()> {
    let io = |err: std::io::Error| Error::io(path, err);
    let f = File::create(path).map_err(io)?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    write_to(&mut w, e).map_err(io)?;
    w.into_inner()
        .map_err(|err| io(err.into_error()))?
        .sync_all()
        .map_err(io)
}

fn write_to(w: &mut impl Write, e: &Export<'_>) -> std::io::Result<()> {
    let g = e.graph;
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        w,
        "  <meta><creator>relais {}</creator><description>accounts and attention edges (u -&gt; v: u pays attention to v)</description></meta>",
        env!("CARGO_PKG_VERSION")
    )?;
    let kind = if g.is_directed() {
        "directed"
    } else {
        "undirected"
    };
    writeln!(w, r#"  <graph mode="static" defaultedgetype="{kind}">"#)?;
    writeln!(w, r#"    <attributes class="node">"#)?;
    for (i, c) in e.accounts.columns.iter().enumerate() {
        write!(w, r#"      <attribute id="{i}" title=""#)?;
        put(w, &c.name)?;
        writeln!(w, r#"" type="{}"/>"#, gexf_type(&c.data))?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, "    <nodes>")?;
    let ids: Vec<String> = (0..g.node_count() as NodeId)
        .map(|u| e.node_id(u))
        .collect();
    for (u, id) in ids.iter().enumerate() {
        let r = e.row_of_node[u] as usize;
        w.write_all(b"      <node id=\"")?;
        put(w, id)?;
        w.write_all(b"\" label=\"")?;
        put(w, id)?;
        w.write_all(b"\">\n        <attvalues>")?;
        for (i, c) in e.accounts.columns.iter().enumerate() {
            if let Some(v) = value(&c.data, r) {
                write!(w, r#"<attvalue for="{i}" value=""#)?;
                put(w, &v)?;
                w.write_all(b"\"/>")?;
            }
        }
        w.write_all(b"</attvalues>\n")?;
        if let Some(&(cr, cg, cb)) = e.viz.colors.get(r) {
            writeln!(w, r#"        <viz:color r="{cr}" g="{cg}" b="{cb}"/>"#)?;
        }
        if let Some(p) = e.viz.positions.get(r) {
            writeln!(
                w,
                r#"        <viz:position x="{}" y="{}" z="0.0"/>"#,
                finite(p[0]),
                finite(p[1])
            )?;
        }
        if let Some(&s) = e.viz.sizes.get(r) {
            writeln!(w, r#"        <viz:size value="{}"/>"#, finite(s))?;
        }
        w.write_all(b"      </node>\n")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, "    <edges>")?;
    let mut next = 0u64;
    for_each_edge(g, |u, v, weight| {
        write!(w, r#"      <edge id="{next}" source=""#)?;
        put(w, &ids[u as usize])?;
        w.write_all(b"\" target=\"")?;
        put(w, &ids[v as usize])?;
        writeln!(w, r#"" weight="{}"/>"#, finite(weight))?;
        next += 1;
        Ok(())
    })?;
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}

/// A finite real as text (non-finite values become 0, which XML schemas accept).
pub(crate) fn finite(x: f64) -> String {
    if x.is_finite() {
        crate::report::table::format_f64(x)
    } else {
        "0".into()
    }
}
