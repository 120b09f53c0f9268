//! Delimited tables with a header (CSV, TSV, ...) and header-less edge lists (SNAP style).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::config::ColumnNames;
use crate::error::{Error, Position, Result};

use super::record::{parse_timestamp, parse_weight, require_id, Bad, Record, Sink};

/// Delimiters tried, in order, when detecting a table's delimiter.
pub(crate) const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Strips a UTF-8 byte-order mark.
pub(crate) fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// Splits a header line and finds which delimiter yields both the source and target columns.
pub(crate) fn detect_delimiter(header: &[u8], cols: &ColumnNames) -> Option<u8> {
    let header = strip_bom(header);
    DELIMITERS.into_iter().find(|&d| {
        let fields: Vec<&[u8]> = header
            .split(|&c| c == d)
            .map(|f| trim_quotes(f.trim_ascii()))
            .collect();
        fields.contains(&cols.source.as_bytes()) && fields.contains(&cols.target.as_bytes())
    })
}

fn trim_quotes(f: &[u8]) -> &[u8] {
    f.strip_prefix(b"\"")
        .and_then(|f| f.strip_suffix(b"\""))
        .unwrap_or(f)
}

pub(crate) fn utf8<'a>(column: &str, field: &'a [u8]) -> std::result::Result<&'a str, Bad> {
    std::str::from_utf8(field).map_err(|e| {
        Bad::new(
            "invalid UTF-8",
            format!(
                "column \"{column}\" is not valid UTF-8 (bad byte 0x{:02x} at offset {})",
                field[e.valid_up_to()],
                e.valid_up_to()
            ),
        )
    })
}

/// Column positions of a table.
struct Layout {
    width: usize,
    source: usize,
    target: usize,
    kind: Option<usize>,
    weight: Option<usize>,
    timestamp: Option<usize>,
    platform: Option<usize>,
}

/// Reads a delimited table with a header row. Returns the number of data rows read.
pub(crate) fn read_table(
    path: &Path,
    input: impl Read,
    delimiter: u8,
    cols: &ColumnNames,
    sink: &mut Sink,
) -> Result<u64> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header = rdr.byte_headers().map_err(|e| csv_error(path, e))?.clone();
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = if i == 0 { strip_bom(f) } else { f };
            String::from_utf8_lossy(f).trim().to_string()
        })
        .collect();
    let find = |name: &str| names.iter().position(|n| n == name);
    let required = |name: &str, flag: &str| {
        find(name).ok_or_else(|| Error::Schema {
            path: path.to_path_buf(),
            message: format!(
                "no column \"{name}\" in the header (columns: {}); name yours with {flag}",
                names.join(", ")
            ),
        })
    };
    let layout = Layout {
        width: names.len(),
        source: required(&cols.source, "--source-col")?,
        target: required(&cols.target, "--target-col")?,
        kind: find(&cols.kind),
        weight: find(&cols.weight),
        timestamp: find(&cols.timestamp),
        platform: find(&cols.platform),
    };
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A malformed row: report it (or skip it) and continue.
                let line = e.position().map_or(0, |p| p.line());
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(csv_error(path, e));
                }
                sink.reject(
                    path,
                    Position::Line(line),
                    Bad::new("malformed row", e.to_string()),
                )?;
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue; // blank line
        }
        rows += 1;
        let pos = Position::Line(line);
        match table_record(&rec, &layout, cols) {
            Ok(r) => sink.push(path, pos, r)?,
            Err(bad) => sink.reject(path, pos, bad)?,
        }
    }
    Ok(rows)
}

fn table_record<'r>(
    rec: &'r csv::ByteRecord,
    l: &Layout,
    cols: &ColumnNames,
) -> std::result::Result<Record<'r>, Bad> {
    if rec.len() != l.width {
        return Err(Bad::new(
            "wrong field count",
            format!(
                "expected {} fields as in the header, found {}",
                l.width,
                rec.len()
            ),
        ));
    }
    let field = |i: usize, name: &str| utf8(name, rec.get(i).unwrap_or_default());
    let opt = |i: Option<usize>, name: &str| -> std::result::Result<Option<&'r str>, Bad> {
        match i {
            Some(i) => {
                let v = utf8(name, rec.get(i).unwrap_or_default())?.trim();
                Ok((!v.is_empty()).then_some(v))
            }
            None => Ok(None),
        }
    };
    let source = require_id("source", Some(field(l.source, &cols.source)?))?;
    let target = require_id("target", Some(field(l.target, &cols.target)?))?;
    let weight = opt(l.weight, &cols.weight)?.map(parse_weight).transpose()?;
    let timestamp = opt(l.timestamp, &cols.timestamp)?
        .map(parse_timestamp)
        .transpose()?;
    Ok(Record {
        source,
        target,
        kind: opt(l.kind, &cols.kind)?,
        weight,
        timestamp,
        platform: opt(l.platform, &cols.platform)?,
    })
}

/// Reads a header-less edge list: `source target [weight]` per line, separated by commas or
/// whitespace (decided on the first data line), `#` and `%` comment lines. Returns rows read.
pub(crate) fn read_edge_list(path: &Path, input: impl Read, sink: &mut Sink) -> Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut rows = 0;
    let mut comma: Option<bool> = None;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?;
        if read == 0 {
            break;
        }
        line_no += 1;
        let bytes = if line_no == 1 {
            strip_bom(&buf)
        } else {
            &buf[..]
        };
        let bytes = bytes.trim_ascii();
        if bytes.is_empty() || bytes[0] == b'#' || bytes[0] == b'%' {
            continue;
        }
        rows += 1;
        let pos = Position::Line(line_no);
        let text = match utf8("line", bytes) {
            Ok(t) => t,
            Err(bad) => {
                sink.reject(path, pos, bad)?;
                continue;
            }
        };
        let comma = *comma.get_or_insert_with(|| text.contains(','));
        let record = edge_list_line(text, comma, rows == 1);
        match record {
            Ok(r) => sink.push(path, pos, r)?,
            Err(bad) => sink.reject(path, pos, bad)?,
        }
    }
    Ok(rows)
}

/// Added to a bad weight's message on a file's first data row.
pub(crate) const HEADER_HINT: &str =
    " (if this line is a header, name the columns with --source-col and --target-col)";

/// Splits one edge-list line into `source target [weight]` (on commas, trimmed, or on ASCII
/// whitespace) and parses it; `header_hint` adds the header hint to a bad weight (first data row).
pub(crate) fn edge_list_line(
    text: &str,
    comma: bool,
    header_hint: bool,
) -> Result<Record<'_>, Bad> {
    let mut fields: [&str; 3] = [""; 3];
    let mut count = 0;
    let parts: &mut dyn Iterator<Item = &str> = if comma {
        &mut text.split(',').map(str::trim)
    } else {
        &mut text.split_ascii_whitespace()
    };
    for f in parts {
        if count < 3 {
            fields[count] = f;
        }
        count += 1;
    }
    if !(2..=3).contains(&count) {
        return Err(Bad::new(
            "wrong field count",
            format!("expected \"source target [weight]\", found {count} fields"),
        ));
    }
    edge_list_record(&fields[..count], header_hint)
}

pub(crate) fn edge_list_record<'r>(
    fields: &[&'r str],
    first: bool,
) -> std::result::Result<Record<'r>, Bad> {
    let source = require_id("source", Some(fields[0]))?;
    let target = require_id("target", Some(fields[1]))?;
    let weight = match fields.get(2) {
        Some(w) if !w.is_empty() => Some(parse_weight(w).map_err(|mut bad| {
            if first {
                bad.message.push_str(HEADER_HINT);
            }
            bad
        })?),
        _ => None,
    };
    Ok(Record {
        source,
        target,
        kind: None,
        weight,
        timestamp: None,
        platform: None,
    })
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        other => Error::parse_line(path, line, format!("{other:?}")),
    }
}
