//! Tables of the ingest layer's own results: the normalised edge table (`relais inspect
//! --edges`) and the pseudonym mapping (`--pseudonymize --write-mapping`).

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::EdgeTable;
use crate::ingest::DEFAULT_LAYER;

use super::{Column, ColumnData, Table};

/// The pseudonym mapping as a table: `original,pseudonym`.
pub fn pseudonym_table(mapping: &[(String, String)]) -> Table {
    Table {
        columns: vec![
            Column {
                name: "original".into(),
                data: ColumnData::Str(mapping.iter().map(|m| m.0.clone()).collect()),
            },
            Column {
                name: "pseudonym".into(),
                data: ColumnData::Str(mapping.iter().map(|m| m.1.clone()).collect()),
            },
        ],
    }
}

/// Writes every edge record as `source,target,kind,timestamp,weight` (CSV, in reading order;
/// timestamp RFC 3339, empty when unknown). This is the generic table relais reads back.
pub fn write_edge_table(path: &Path, edges: &EdgeTable, names: &[Box<str>]) -> Result<()> {
    let f = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(f));
    let io = |e: csv::Error| Error::io(path, std::io::Error::other(e.to_string()));
    w.write_record(["source", "target", "kind", "timestamp", "weight"])
        .map_err(io)?;
    for i in 0..edges.len() {
        let kind = edges
            .layer_names
            .get(edges.layer[i] as usize)
            .map_or(DEFAULT_LAYER, String::as_str);
        let ts = edges
            .timestamp
            .as_ref()
            .map(|t| t[i])
            .filter(|&t| t != EdgeTable::NO_TIME)
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let weight = edges
            .weight
            .as_ref()
            .map(|w| super::format_f64(w[i]))
            .unwrap_or_default();
        w.write_record([
            &*names[edges.src[i] as usize],
            &*names[edges.dst[i] as usize],
            kind,
            &ts,
            &weight,
        ])
        .map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}
