//! Output boundary: tables (CSV via the `csv` crate, Parquet via polars), JSON documents and the
//! terminal table. Everything is written into a staging folder beside the output folder, which is
//! renamed into place only when complete.

mod accounts;
mod audit;
pub mod audit_html;
pub mod charts;
mod communities;
mod edges;
mod files;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod interactive;
pub(crate) mod parquet;
mod seeds;
mod table;
mod terminal;
mod trends;
pub mod visual;
pub mod xml;

pub use accounts::{accounts_table, column_safe, push_roles};
pub use audit::{audit_overlap_table, audit_table};
pub use communities::{
    communities_table, communities_table_for_layers, flows_table, LIST_SEPARATOR,
};
pub use edges::{pseudonym_table, write_edge_table};
pub use files::{compare_dirs, remove_output, write_file_atomic, FileDiff};
pub use seeds::{comparison_table, seeds_table, seeds_text};
pub use table::{format_f64, Column, ColumnData, Table};
pub use terminal::top_table;
pub use trends::{rising_table, trajectory_chart, windows_table, TRAJECTORY_ACCOUNTS};
pub use visual::{rank_order, write_visuals, ExportFormat, ReportConfig, VisualInput};

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// A folder being written: created beside the destination, moved into place by
/// [`Staging::commit`], removed if dropped before.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    dest: PathBuf,
    force: bool,
    committed: bool,
}

impl Staging {
    /// Prepares the staging folder for `dest`. Fails if `dest` exists and `force` is false.
    pub fn create(dest: &Path, force: bool) -> Result<Staging> {
        if dest.exists() && !force {
            return Err(Error::OutputExists {
                path: dest.to_path_buf(),
            });
        }
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            dest: dest.to_path_buf(),
            force,
            committed: false,
        })
    }

    /// Path of `file` inside the staging folder.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Writes a table as CSV.
    pub fn write_csv(&self, file: &str, table: &Table) -> Result<()> {
        let path = self.path(file);
        let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, f));
        let io = |e: csv::Error| Error::io(&path, std::io::Error::other(e.to_string()));
        w.write_record(table.columns.iter().map(|c| c.name.as_str()))
            .map_err(io)?;
        let mut row: Vec<String> = Vec::with_capacity(table.columns.len());
        for r in 0..table.rows() {
            row.clear();
            row.extend(table.columns.iter().map(|c| c.data.text(r)));
            w.write_record(&row).map_err(io)?;
        }
        let inner = w
            .into_inner()
            .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        inner
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?
            .sync_all()
            .map_err(|e| Error::io(&path, e))
    }

    /// Writes a table as Parquet (polars).
    pub fn write_parquet(&self, file: &str, table: &Table) -> Result<()> {
        parquet::write(&self.path(file), table)
    }

    /// Writes a value as pretty JSON.
    pub fn write_json<T: Serialize>(&self, file: &str, value: &T) -> Result<()> {
        let path = self.path(file);
        let mut text = serde_json::to_string_pretty(value)
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        text.push('\n');
        let mut f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))?;
        f.sync_all().map_err(|e| Error::io(&path, e))
    }

    /// Moves the staging folder into place. An existing destination (allowed by `force`) is first
    /// moved aside and removed only after the new folder is in place.
    pub fn commit(mut self) -> Result<PathBuf> {
        let aside = self.dir.with_extension("old");
        let replaced = self.force && self.dest.exists();
        if replaced {
            fs::rename(&self.dest, &aside).map_err(|e| Error::io(&self.dest, e))?;
        }
        fs::rename(&self.dir, &self.dest).map_err(|e| Error::io(&self.dest, e))?;
        self.committed = true;
        if replaced {
            fs::remove_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
        }
        Ok(self.dest.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
