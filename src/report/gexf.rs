//! GEXF 1.3 export (`graph.gexf`): every accounts-table column as a typed node attribute,
//! `viz:color` (community), `viz:size` (PageRank) for every node and `viz:position` for the
//! laid-out ones, edges of the combined view with their summed weight. Streamed through a
//! `BufWriter`; every text is XML-escaped.
//!
//! With time windows (`analyze --window`) the graph is `mode="dynamic"` (`timeformat="dateTime"`,
//! UTC, intervals): each node gets `<spells>` for the windows it is active in (an in- or out-edge
//! in the window's graph; consecutive windows merged; `[start, endopen)` as the windows are
//! half-open) and the dynamic attributes `window_in_degree`, `window_pagerank`, `window_rank` and
//! `window_role` with one value per active window over that window's interval. Edges carry no
//! spell: they are the whole data's edges.

use std::io::Write;
use std::path::Path;

use crate::error::Result;
use crate::graph::NodeId;
use crate::report::trends::rfc3339;
use crate::report::xml::{
    declare_columns, for_each_edge, put, write_file, write_values, Dialect, Export,
};
use crate::temporal::Trends;

/// Writes `graph.gexf` to `path`.
pub fn write_gexf(path: &Path, e: &Export<'_>) -> Result<()> {
    write_file(path, |w| write_to(w, e))
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
    let windows = e.windows.filter(|t| !t.windows.is_empty());
    match windows {
        None => writeln!(w, r#"  <graph mode="static" defaultedgetype="{kind}">"#)?,
        Some(_) => writeln!(
            w,
            r#"  <graph mode="dynamic" defaultedgetype="{kind}" timeformat="dateTime" timezone="UTC" timerepresentation="interval">"#
        )?,
    }
    writeln!(w, r#"    <attributes class="node">"#)?;
    declare_columns(w, &e.accounts.columns, Dialect::Gexf)?;
    writeln!(w, "    </attributes>")?;
    if let Some(t) = windows {
        writeln!(w, r#"    <attributes class="node" mode="dynamic">"#)?;
        for (id, title, ty) in dynamic_attributes(t) {
            writeln!(
                w,
                r#"      <attribute id="{id}" title="{title}" type="{ty}"/>"#
            )?;
        }
        writeln!(w, "    </attributes>")?;
    }
    let times: Vec<(String, String)> = windows.map_or_else(Vec::new, |t| {
        t.windows
            .iter()
            .map(|x| (rfc3339(x.start), rfc3339(x.end)))
            .collect()
    });
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
        write_values(w, &e.accounts.columns, r, Dialect::Gexf)?;
        if let Some(t) = windows {
            write_window_values(w, t, &times, u as NodeId)?;
        }
        w.write_all(b"</attvalues>\n")?;
        if let Some(t) = windows {
            write_spells(w, t, &times, u as NodeId)?;
        }
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

/// The dynamic node attributes: (id, title, type). Titles differ from the accounts-table
/// columns (`window_pagerank`, not `pagerank`) so that readers keying attributes by title keep
/// both.
fn dynamic_attributes(t: &Trends) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut a = vec![
        ("w_in_degree", "window_in_degree", "integer"),
        ("w_pagerank", "window_pagerank", "double"),
        ("w_rank", "window_rank", "integer"),
    ];
    if t.metrics.iter().any(|m| m.role.is_some()) {
        a.push(("w_role", "window_role", "string"));
    }
    a
}

/// Node `u`'s figures in every window it is active in (an edge in the window's graph), each over
/// the window's interval `[start, end)`.
fn write_window_values(
    w: &mut impl Write,
    t: &Trends,
    times: &[(String, String)],
    u: NodeId,
) -> std::io::Result<()> {
    let i = u as usize;
    for (k, m) in t.metrics.iter().enumerate() {
        if !t.active(k, u) {
            continue;
        }
        let (start, end) = &times[k];
        let span = format!(r#" start="{start}" endopen="{end}"/>"#);
        write!(
            w,
            r#"<attvalue for="w_in_degree" value="{}"{span}"#,
            m.in_degree[i]
        )?;
        write!(
            w,
            r#"<attvalue for="w_pagerank" value="{}"{span}"#,
            finite(m.pagerank[i])
        )?;
        write!(w, r#"<attvalue for="w_rank" value="{}"{span}"#, m.rank[i])?;
        if let Some(role) = &m.role {
            write!(
                w,
                r#"<attvalue for="w_role" value="{}"{span}"#,
                role[i].name()
            )?;
        }
    }
    Ok(())
}

/// Node `u`'s spells: the windows it is active in, consecutive windows merged into one spell
/// `[start, end)`. A node active in no window gets none (GEXF: present throughout).
fn write_spells(
    w: &mut impl Write,
    t: &Trends,
    times: &[(String, String)],
    u: NodeId,
) -> std::io::Result<()> {
    let k = t.windows.len();
    let mut spells = Vec::new();
    let mut a = 0;
    while a < k {
        if !t.active(a, u) {
            a += 1;
            continue;
        }
        let mut b = a;
        while b + 1 < k && t.active(b + 1, u) && t.windows[b].end == t.windows[b + 1].start {
            b += 1;
        }
        spells.push((a, b));
        a = b + 1;
    }
    if spells.is_empty() {
        return Ok(());
    }
    w.write_all(b"        <spells>")?;
    for (a, b) in spells {
        write!(
            w,
            r#"<spell start="{}" endopen="{}"/>"#,
            times[a].0, times[b].1
        )?;
    }
    w.write_all(b"</spells>\n")
}

/// A finite real as text (non-finite values become 0, which XML schemas accept).
pub(crate) fn finite(x: f64) -> String {
    if x.is_finite() {
        crate::report::table::format_f64(x)
    } else {
        "0".into()
    }
}
