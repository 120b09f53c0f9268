//! GraphML and GEXF (Gephi, NodeXL, igraph, NetworkX), streamed with quick-xml.
//!
//! **GraphML**: `<key id for attr.name>` declarations; `<graph edgedefault>`; `<node id>` whose
//! `label`/`name` data becomes the account's name; `<edge source target [directed]>` whose data
//! gives the weight (`weight`), the layer (`kind`, `relationship`, `type`, `edge type`, `layer`;
//! NodeXL writes `Relationship`) and the time (`timestamp`, `time`, `date`, `start`).
//!
//! **GEXF**: `<graph defaultedgetype>`, `<attributes class="edge">` declaring titles;
//! `<node id label>`; `<edge source target [type] [weight] [kind] [start|timestamp]>` with
//! `<attvalue for value>` children (titles as for GraphML) and `<spell start>`.
//!
//! An undirected edge counts both ways. Node ids are kept as they are. A malformed document is an
//! error naming the byte offset. Entity references inside element text are not expanded.

use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rustc_hash::FxHashMap;

use crate::error::{Position, Result};
use crate::ingest::record::{parse_timestamp, parse_weight};

use super::gephi::{first_instant, intern_kind};
use super::Emitter;

fn attrs(e: &BytesStart) -> FxHashMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase(),
                a.unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned()),
            )
        })
        .collect()
}

fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase()
}

/// What a data key or attribute title means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Weight,
    Kind,
    Time,
    Label,
    Other,
}

fn role(name: &str) -> Role {
    match name.trim().to_ascii_lowercase().as_str() {
        "weight" => Role::Weight,
        "kind" | "relationship" | "type" | "edge type" | "layer" | "interaction" => Role::Kind,
        "timestamp" | "time" | "date" | "start" | "timeset" | "created_at" => Role::Time,
        "label" | "name" | "screen_name" | "username" => Role::Label,
        _ => Role::Other,
    }
}

/// An edge being read.
#[derive(Default)]
struct Edge {
    pos: u64,
    source: String,
    target: String,
    undirected: bool,
    weight: Option<String>,
    kind: Option<String>,
    time: Option<String>,
}

fn finish(e: Edge, em: &mut Emitter) -> Result<()> {
    let pos = Position::Byte(e.pos);
    let weight = match e.weight.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => None,
        Some(w) => match parse_weight(w) {
            Ok(w) => Some(w),
            Err(b) => return em.reject(pos, b.reason, b.message),
        },
    };
    let ts = match e.time.as_deref().and_then(first_instant) {
        None => None,
        Some(t) => match parse_timestamp(t) {
            Ok(t) => Some(t),
            Err(b) => return em.reject(pos, b.reason, b.message),
        },
    };
    let kind = match e.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => intern_kind(k),
        None => "edge",
    };
    em.weighted(pos, &e.source, &e.target, kind, ts, weight)?;
    if e.undirected {
        em.weighted(pos, &e.target, &e.source, kind, ts, weight)?;
    }
    Ok(())
}

/// Which format is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Graphml,
    Gexf,
}

pub(super) fn read_graphml(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    read(input, em, Dialect::Graphml)
}

pub(super) fn read_gexf(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    read(input, em, Dialect::Gexf)
}

fn read(input: &mut dyn Read, em: &mut Emitter, dialect: Dialect) -> Result<u64> {
    let mut reader = Reader::from_reader(BufReader::new(input));
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    // GraphML key id (or GEXF attribute id) → role, for edges and nodes.
    let mut edge_keys: FxHashMap<String, Role> = FxHashMap::default();
    let mut node_keys: FxHashMap<String, Role> = FxHashMap::default();
    let mut attr_class = String::new();
    let mut default_undirected = false;
    let mut edge: Option<Edge> = None;
    let mut node: Option<(String, String)> = None;
    let mut data_role = Role::Other;
    let mut in_data = false;
    let mut rows = 0u64;
    let mut saw_root = false;
    let mut depth = 0u32;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            em.fatal(
                Position::Byte(reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !empty {
                depth += 1;
            }
            let name = local(&e);
            let a = attrs(&e);
            match (dialect, name.as_str()) {
                (Dialect::Graphml, "graphml") | (Dialect::Gexf, "gexf") => saw_root = true,
                (_, "graph") => {
                    let d = a
                        .get("edgedefault")
                        .or_else(|| a.get("defaultedgetype"))
                        .map(String::as_str);
                    default_undirected = d == Some("undirected");
                }
                (Dialect::Graphml, "key") => {
                    let id = a.get("id").cloned().unwrap_or_default();
                    let r = role(a.get("attr.name").map_or("", String::as_str));
                    match a.get("for").map(String::as_str) {
                        Some("node") => {
                            node_keys.insert(id, r);
                        }
                        Some("edge") => {
                            edge_keys.insert(id, r);
                        }
                        _ => {
                            node_keys.insert(id.clone(), r);
                            edge_keys.insert(id, r);
                        }
                    }
                }
                (Dialect::Gexf, "attributes") => {
                    attr_class = a.get("class").cloned().unwrap_or_default();
                }
                (Dialect::Gexf, "attribute") => {
                    let id = a.get("id").cloned().unwrap_or_default();
                    let r = role(a.get("title").map_or("", String::as_str));
                    if attr_class == "edge" {
                        edge_keys.insert(id, r);
                    } else {
                        node_keys.insert(id, r);
                    }
                }
                (_, "node") => {
                    let id = a.get("id").cloned().unwrap_or_default();
                    let label = a.get("label").cloned().unwrap_or_default();
                    if empty {
                        if !id.is_empty() {
                            em.account(&id, "", &label);
                        }
                    } else {
                        node = Some((id, label));
                    }
                }
                (_, "edge") => {
                    rows += 1;
                    let undirected = match a
                        .get("directed")
                        .map(String::as_str)
                        .or(a.get("type").map(String::as_str))
                    {
                        Some("false") | Some("undirected") => true,
                        Some("true") | Some("directed") => false,
                        _ => default_undirected,
                    };
                    let e = Edge {
                        pos,
                        source: a.get("source").cloned().unwrap_or_default(),
                        target: a.get("target").cloned().unwrap_or_default(),
                        undirected,
                        weight: a.get("weight").cloned(),
                        kind: a.get("kind").cloned().or_else(|| {
                            (dialect == Dialect::Gexf)
                                .then(|| a.get("label").cloned())
                                .flatten()
                        }),
                        time: a.get("start").or_else(|| a.get("timestamp")).cloned(),
                    };
                    if empty {
                        finish(e, em)?;
                    } else {
                        edge = Some(e);
                    }
                }
                (Dialect::Graphml, "data") => {
                    let k = a.get("key").cloned().unwrap_or_default();
                    data_role = if edge.is_some() {
                        edge_keys.get(&k).copied().unwrap_or(Role::Other)
                    } else {
                        node_keys.get(&k).copied().unwrap_or(Role::Other)
                    };
                    in_data = !empty;
                }
                (Dialect::Gexf, "attvalue") => {
                    let k = a
                        .get("for")
                        .or_else(|| a.get("id"))
                        .cloned()
                        .unwrap_or_default();
                    let v = a.get("value").cloned().unwrap_or_default();
                    if let Some(e) = edge.as_mut() {
                        match edge_keys.get(&k).copied().unwrap_or(Role::Other) {
                            Role::Weight => e.weight = Some(v),
                            Role::Kind => e.kind = Some(v),
                            Role::Time => e.time = Some(v),
                            _ => {}
                        }
                    } else if let Some(n) = node.as_mut() {
                        if node_keys.get(&k) == Some(&Role::Label) && n.1.is_empty() {
                            n.1 = v;
                        }
                    }
                }
                (Dialect::Gexf, "spell") => {
                    if let Some(e) = edge.as_mut() {
                        if e.time.is_none() {
                            e.time = a.get("start").or_else(|| a.get("timestamp")).cloned();
                        }
                    }
                }
                _ => {}
            }
            buf.clear();
            continue;
        }
        match ev {
            Event::Text(t) if in_data => {
                let v = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                if let Some(e) = edge.as_mut() {
                    match data_role {
                        Role::Weight => e.weight = Some(v),
                        Role::Kind => e.kind = Some(v),
                        Role::Time => e.time = Some(v),
                        _ => {}
                    }
                } else if let Some(n) = node.as_mut() {
                    if data_role == Role::Label && n.1.is_empty() {
                        n.1 = v;
                    }
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                match name.as_str() {
                    "data" => in_data = false,
                    "edge" => {
                        if let Some(e) = edge.take() {
                            finish(e, em)?;
                        }
                    }
                    "node" => {
                        if let Some((id, label)) = node.take() {
                            if !id.is_empty() {
                                em.account(&id, "", &label);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        let root = if dialect == Dialect::Graphml {
            "<graphml>"
        } else {
            "<gexf>"
        };
        return Err(em.fatal(Position::Byte(0), format!("no {root} root element")));
    }
    if edge.is_some() || node.is_some() || depth > 0 {
        return Err(em.fatal(
            Position::Byte(reader.buffer_position()),
            "truncated XML: the file ends inside an element",
        ));
    }
    Ok(rows)
}
