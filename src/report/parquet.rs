//! Parquet output with polars.

use std::fs::File;
use std::path::Path;

use polars_core::prelude::{Column as PlColumn, DataFrame};
use polars_io::prelude::{ParquetCompression, ParquetWriter};

use crate::error::{Error, Result};

use super::table::{ColumnData, Table};

/// Writes `table` to `path` (zstd compression, one writer thread order: deterministic bytes).
pub(crate) fn write(path: &Path, table: &Table) -> Result<()> {
    let err = |e: polars_core::prelude::PolarsError| Error::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut df = frame(table).map_err(err)?;
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    ParquetWriter::new(&file)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut df)
        .map_err(err)?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// The polars DataFrame of a [`Table`], column for column.
pub(crate) fn frame(table: &Table) -> polars_core::prelude::PolarsResult<DataFrame> {
    let columns: Vec<PlColumn> = table
        .columns
        .iter()
        .map(|c| {
            let name = c.name.as_str().into();
            match &c.data {
                ColumnData::U32(v) => PlColumn::new(name, v),
                ColumnData::U64(v) => PlColumn::new(name, v),
                ColumnData::F64(v) => PlColumn::new(name, v),
                ColumnData::OptI64(v) => PlColumn::new(name, v),
                ColumnData::OptF64(v) => PlColumn::new(name, v),
                ColumnData::Str(v) => PlColumn::new(name, v),
            }
        })
        .collect();
    DataFrame::new(table.rows(), columns)
}
