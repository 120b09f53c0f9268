//! The optional accounts table: an id column plus any attributes, carried into the outputs.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use crate::error::{Error, Position, Result};

use super::record::{Bad, Sink};
use super::text::{strip_bom, DELIMITERS};

/// Accounts as read: one row per account, attribute values as text ("" when missing).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountTable {
    /// The file read.
    pub path: PathBuf,
    /// Attribute column names (the id column excluded), in file order.
    pub columns: Vec<String>,
    /// Account id of each row.
    pub ids: Vec<String>,
    /// `values[c][r]`: value of column `c` for row `r`.
    pub values: Vec<Vec<String>>,
}

impl AccountTable {
    fn new(path: &Path, columns: Vec<String>) -> AccountTable {
        let values = vec![Vec::new(); columns.len()];
        AccountTable {
            path: path.to_path_buf(),
            columns,
            ids: Vec::new(),
            values,
        }
    }

    fn push(&mut self, id: String, row: Vec<String>) {
        self.ids.push(id);
        for (c, v) in self.values.iter_mut().zip(row) {
            c.push(v);
        }
    }
}

/// Keeps ids unique and non-empty, and interns them so that accounts without edges become nodes.
struct Rows<'s> {
    sink: &'s mut Sink,
    seen: FxHashSet<String>,
}

impl Rows<'_> {
    fn accept(&mut self, path: &Path, pos: Position, id: &str) -> Result<bool> {
        let id = id.trim();
        if id.is_empty() {
            self.sink.reject(
                path,
                pos,
                Bad::new("empty account id", "account id is empty"),
            )?;
            return Ok(false);
        }
        if !self.seen.insert(id.to_string()) {
            self.sink.reject(
                path,
                pos,
                Bad::new(
                    "duplicate account id",
                    format!("account {id:?} appears twice"),
                ),
            )?;
            return Ok(false);
        }
        self.sink
            .interner
            .intern(id)
            .ok_or_else(|| Error::Capacity {
                message: "more than 4,294,967,294 distinct accounts".into(),
            })?;
        Ok(true)
    }
}

/// Reads an accounts table (CSV/TSV with header, Parquet or JSON Lines) whose id column is `id_col`.
pub(crate) fn read_accounts(
    path: &Path,
    kind: super::Detected,
    input: impl Read,
    id_col: &str,
    sink: &mut Sink,
) -> Result<(AccountTable, u64)> {
    let mut rows = Rows {
        sink,
        seen: FxHashSet::default(),
    };
    match kind {
        super::Detected::Parquet => read_parquet(path, id_col, &mut rows),
        super::Detected::Jsonl => read_jsonl(path, input, id_col, &mut rows),
        super::Detected::Table(_) | super::Detected::EdgeList => {
            read_csv(path, input, id_col, &mut rows)
        }
    }
}

fn missing_id(path: &Path, id_col: &str, columns: &[String]) -> Error {
    Error::Schema {
        path: path.to_path_buf(),
        message: format!(
            "accounts table has no column \"{id_col}\" (columns: {}); name it with \
             --account-id-col",
            columns.join(", ")
        ),
    }
}

fn read_csv(
    path: &Path,
    input: impl Read,
    id_col: &str,
    rows: &mut Rows,
) -> Result<(AccountTable, u64)> {
    let mut reader = BufReader::new(input);
    let delimiter = {
        let buf = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        let first = buf.split(|&c| c == b'\n').next().unwrap_or_default();
        let first = strip_bom(first);
        DELIMITERS
            .into_iter()
            .max_by_key(|&d| first.iter().filter(|&&c| c == d).count())
            .unwrap_or(b',')
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(reader);
    let header = rdr
        .byte_headers()
        .map_err(|e| Error::parse_line(path, 1, e.to_string()))?;
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = if i == 0 { strip_bom(f) } else { f };
            String::from_utf8_lossy(f).trim().to_string()
        })
        .collect();
    let id_idx = names
        .iter()
        .position(|n| n == id_col)
        .ok_or_else(|| missing_id(path, id_col, &names))?;
    let columns: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != id_idx)
        .map(|(_, n)| n.clone())
        .collect();
    let mut table = AccountTable::new(path, columns);
    let mut rec = csv::ByteRecord::new();
    let mut count = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                rows.sink.reject(
                    path,
                    Position::Line(line),
                    Bad::new("malformed row", e.to_string()),
                )?;
                continue;
            }
        }
        let pos = Position::Line(rec.position().map_or(0, |p| p.line()));
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        count += 1;
        if rec.len() != names.len() {
            let bad = Bad::new(
                "wrong field count",
                format!(
                    "expected {} fields as in the header, found {}",
                    names.len(),
                    rec.len()
                ),
            );
            rows.sink.reject(path, pos, bad)?;
            continue;
        }
        let mut fields = Vec::with_capacity(rec.len());
        let mut bad_utf8 = None;
        for (i, f) in rec.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(s) => fields.push(s.trim().to_string()),
                Err(_) => {
                    bad_utf8 = Some(i);
                    break;
                }
            }
        }
        if let Some(i) = bad_utf8 {
            let bad = Bad::new(
                "invalid UTF-8",
                format!("column \"{}\" is not valid UTF-8", names[i]),
            );
            rows.sink.reject(path, pos, bad)?;
            continue;
        }
        let id = fields.remove(id_idx);
        if rows.accept(path, pos, &id)? {
            table.push(id.trim().to_string(), fields);
        }
    }
    Ok((table, count))
}

fn read_parquet(path: &Path, id_col: &str, rows: &mut Rows) -> Result<(AccountTable, u64)> {
    let df = super::parquet::read_frame(path)?;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    if !names.iter().any(|n| n == id_col) {
        return Err(missing_id(path, id_col, &names));
    }
    let ids = super::parquet::text_column(path, &df, id_col)?;
    let columns: Vec<String> = names.iter().filter(|n| *n != id_col).cloned().collect();
    let values: Vec<Vec<Option<String>>> = columns
        .iter()
        .map(|c| super::parquet::text_column(path, &df, c))
        .collect::<Result<_>>()?;
    let mut table = AccountTable::new(path, columns);
    for (r, id) in ids.iter().enumerate() {
        let id = id.as_deref().unwrap_or("");
        if rows.accept(path, Position::Row(r as u64), id)? {
            table.push(
                id.trim().to_string(),
                values
                    .iter()
                    .map(|c| c[r].clone().unwrap_or_default())
                    .collect(),
            );
        }
    }
    Ok((table, ids.len() as u64))
}

fn read_jsonl(
    path: &Path,
    input: impl Read,
    id_col: &str,
    rows: &mut Rows,
) -> Result<(AccountTable, u64)> {
    use serde_json::{Map, Value};
    let mut objects: Vec<(Position, Map<String, Value>)> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            break;
        }
        line += 1;
        if buf.trim_ascii().is_empty() {
            continue;
        }
        match serde_json::from_slice::<Map<String, Value>>(buf.trim_ascii()) {
            Ok(o) => {
                for k in o.keys() {
                    if k != id_col && !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
                objects.push((Position::Line(line), o));
            }
            Err(e) => rows.sink.reject(
                path,
                Position::Line(line),
                Bad::new("malformed JSON", format!("not a JSON object: {e}")),
            )?,
        }
    }
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if !objects.is_empty() && !objects.iter().any(|(_, o)| o.contains_key(id_col)) {
        return Err(missing_id(path, id_col, &columns));
    }
    let mut table = AccountTable::new(path, columns.clone());
    let count = objects.len() as u64;
    for (pos, o) in objects {
        let id = text(o.get(id_col));
        if rows.accept(path, pos, &id)? {
            table.push(
                id.trim().to_string(),
                columns.iter().map(|c| text(o.get(c))).collect(),
            );
        }
    }
    Ok((table, count))
}
