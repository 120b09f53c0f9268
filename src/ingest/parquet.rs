//! Apache Parquet, read with polars (`polars-io`'s `ParquetReader`).

use std::fs::File;
use std::path::Path;

use polars_core::prelude::*;
use polars_io::prelude::ParquetReader;
use polars_io::SerReader;

use crate::config::ColumnNames;
use crate::error::{Error, Position, Result};

use super::record::{check_weight, parse_timestamp, require_id, Bad, Record, Sink};

/// Reads a whole Parquet file into a DataFrame.
pub(crate) fn read_frame(path: &Path) -> Result<DataFrame> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|e| Error::Parquet {
            path: path.to_path_buf(),
            message: format!("{e}; is this a valid Parquet file?"),
        })
}

/// A column as optional strings: strings as they are, numbers as their decimal text.
pub(crate) fn text_column(path: &Path, df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let col = df.column(name).map_err(|e| schema(path, e))?;
    let col = match col.dtype() {
        DataType::String => col.clone(),
        _ => col.cast(&DataType::String).map_err(|e| schema(path, e))?,
    };
    let s = col.str().map_err(|e| schema(path, e))?;
    Ok(s.iter().map(|v| v.map(str::to_string)).collect())
}

fn schema(path: &Path, e: PolarsError) -> Error {
    Error::Schema {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn has(df: &DataFrame, name: &str) -> bool {
    df.get_column_names().iter().any(|c| c.as_str() == name)
}

/// Reads an edge table from Parquet. Returns rows read.
pub(crate) fn read_edges(path: &Path, cols: &ColumnNames, sink: &mut Sink) -> Result<u64> {
    let df = read_frame(path)?;
    for (name, flag) in [
        (&cols.source, "--source-col"),
        (&cols.target, "--target-col"),
    ] {
        if !has(&df, name) {
            let names: Vec<String> = df
                .get_column_names()
                .iter()
                .map(|c| c.to_string())
                .collect();
            return Err(Error::Schema {
                path: path.to_path_buf(),
                message: format!(
                    "no column \"{name}\" (columns: {}); name yours with {flag}",
                    names.join(", ")
                ),
            });
        }
    }
    let source = text_column(path, &df, &cols.source)?;
    let target = text_column(path, &df, &cols.target)?;
    let kind = if has(&df, &cols.kind) {
        Some(text_column(path, &df, &cols.kind)?)
    } else {
        None
    };
    let platform = if has(&df, &cols.platform) {
        Some(text_column(path, &df, &cols.platform)?)
    } else {
        None
    };
    let weight = if has(&df, &cols.weight) {
        let c = df.column(&cols.weight).map_err(|e| schema(path, e))?;
        let c = c.cast(&DataType::Float64).map_err(|e| Error::Schema {
            path: path.to_path_buf(),
            message: format!("column \"{}\" is not numeric: {e}", cols.weight),
        })?;
        Some(
            c.f64()
                .map_err(|e| schema(path, e))?
                .iter()
                .collect::<Vec<Option<f64>>>(),
        )
    } else {
        None
    };
    let timestamp = if has(&df, &cols.timestamp) {
        Some(timestamp_column(path, &df, &cols.timestamp)?)
    } else {
        None
    };
    let rows = df.height();
    for i in 0..rows {
        let pos = Position::Row(i as u64);
        let record = (|| -> std::result::Result<Record<'_>, Bad> {
            let source = require_id("source", source[i].as_deref())?;
            let target = require_id("target", target[i].as_deref())?;
            let weight = match weight.as_ref().map(|w| w[i]) {
                Some(Some(w)) => Some(check_weight(w)?),
                _ => None,
            };
            let ts = match timestamp.as_ref().map(|t| &t[i]) {
                Some(Ok(t)) => *t,
                Some(Err(bad)) => return Err(bad.clone()),
                None => None,
            };
            Ok(Record {
                source,
                target,
                kind: kind.as_ref().and_then(|k| k[i].as_deref()),
                weight,
                timestamp: ts,
                platform: platform.as_ref().and_then(|p| p[i].as_deref()),
            })
        })();
        match record {
            Ok(r) => sink.push(path, pos, r)?,
            Err(bad) => sink.reject(path, pos, bad)?,
        }
    }
    Ok(rows as u64)
}

type Stamp = std::result::Result<Option<i64>, Bad>;

/// Timestamps as Unix seconds from an integer (seconds), datetime or string column.
fn timestamp_column(path: &Path, df: &DataFrame, name: &str) -> Result<Vec<Stamp>> {
    let col = df.column(name).map_err(|e| schema(path, e))?;
    match col.dtype() {
        DataType::Datetime(unit, _) => {
            let per_second: i64 = match unit {
                TimeUnit::Nanoseconds => 1_000_000_000,
                TimeUnit::Microseconds => 1_000_000,
                TimeUnit::Milliseconds => 1_000,
            };
            let phys = col.cast(&DataType::Int64).map_err(|e| schema(path, e))?;
            let v = phys.i64().map_err(|e| schema(path, e))?;
            Ok(v.iter()
                .map(|t| Ok(t.map(|t| t.div_euclid(per_second))))
                .collect())
        }
        DataType::String => {
            let s = col.str().map_err(|e| schema(path, e))?;
            Ok(s.iter()
                .map(|t| t.map(parse_timestamp).transpose())
                .collect())
        }
        dt if dt.is_primitive_numeric() => {
            let c = col.cast(&DataType::Float64).map_err(|e| schema(path, e))?;
            let v = c.f64().map_err(|e| schema(path, e))?;
            Ok(v.iter().map(|t| Ok(t.map(|t| t.floor() as i64))).collect())
        }
        other => Err(Error::Schema {
            path: path.to_path_buf(),
            message: format!(
                "column \"{name}\" has type {other}; expected Unix seconds, a datetime or text"
            ),
        }),
    }
}
