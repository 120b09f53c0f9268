//! GraphML export (`graph.graphml`): every accounts-table column as a typed node `<data>` key,
//! plus `x`, `y` (layout, for the laid-out accounts), `r`, `g`, `b` (community colour) and `size`
//! (PageRank); edges of the combined view with their summed `weight`. Streamed; XML-escaped.

use std::io::Write;
use std::path::Path;

use crate::error::Result;
use crate::graph::NodeId;
use crate::report::gexf::finite;
use crate::report::xml::{
    declare_columns, for_each_edge, put, write_file, write_values, Dialect, Export,
};

/// Writes `graph.graphml` to `path`.
pub fn write_graphml(path: &Path, e: &Export<'_>) -> Result<()> {
    write_file(path, |w| write_to(w, e))
}

fn write_to(w: &mut impl Write, e: &Export<'_>) -> std::io::Result<()> {
    let g = e.graph;
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let columns = &e.accounts.columns;
    declare_columns(w, columns, Dialect::Graphml)?;
    // Visual keys; their names never clash with table columns because they are prefixed.
    for (id, name, ty) in [
        ("vx", "viz_x", "double"),
        ("vy", "viz_y", "double"),
        ("vr", "viz_r", "int"),
        ("vg", "viz_g", "int"),
        ("vb", "viz_b", "int"),
        ("vs", "viz_size", "double"),
    ] {
        writeln!(
            w,
            r#"  <key id="{id}" for="node" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(
        w,
        r#"  <key id="w" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    let kind = if g.is_directed() {
        "directed"
    } else {
        "undirected"
    };
    writeln!(w, r#"  <graph id="relais" edgedefault="{kind}">"#)?;
    let ids: Vec<String> = (0..g.node_count() as NodeId)
        .map(|u| e.node_id(u))
        .collect();
    for (u, id) in ids.iter().enumerate() {
        let r = e.row_of_node[u] as usize;
        w.write_all(b"    <node id=\"")?;
        put(w, id)?;
        w.write_all(b"\">")?;
        write_values(w, columns, r, Dialect::Graphml)?;
        if let Some(p) = e.viz.positions.get(r) {
            write!(
                w,
                r#"<data key="vx">{}</data><data key="vy">{}</data>"#,
                finite(p[0]),
                finite(p[1])
            )?;
        }
        if let Some(&(cr, cg, cb)) = e.viz.colors.get(r) {
            write!(
                w,
                r#"<data key="vr">{cr}</data><data key="vg">{cg}</data><data key="vb">{cb}</data>"#
            )?;
        }
        if let Some(&s) = e.viz.sizes.get(r) {
            write!(w, r#"<data key="vs">{}</data>"#, finite(s))?;
        }
        w.write_all(b"</node>\n")?;
    }
    for_each_edge(g, |u, v, weight| {
        w.write_all(b"    <edge source=\"")?;
        put(w, &ids[u as usize])?;
        w.write_all(b"\" target=\"")?;
        put(w, &ids[v as usize])?;
        writeln!(w, r#""><data key="w">{}</data></edge>"#, finite(weight))
    })?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}
