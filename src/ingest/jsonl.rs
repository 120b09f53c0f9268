//! JSON Lines: one object per line, e.g. `{"source": "a", "target": "b", "kind": "repost"}`.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value};

use crate::config::ColumnNames;
use crate::error::{Error, Position, Result};

use super::record::{check_weight, parse_timestamp, parse_weight, require_id, Bad, Record, Sink};

/// Reads one JSON object per line; blank lines are ignored. Returns rows read.
pub(crate) fn read_jsonl(
    path: &Path,
    input: impl Read,
    cols: &ColumnNames,
    sink: &mut Sink,
) -> Result<u64> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut rows = 0;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            break;
        }
        line_no += 1;
        let bytes = buf.trim_ascii();
        if bytes.is_empty() {
            continue;
        }
        rows += 1;
        let pos = Position::Line(line_no);
        let object: Map<String, Value> = match serde_json::from_slice(bytes) {
            Ok(o) => o,
            Err(e) => {
                sink.reject(
                    path,
                    pos,
                    Bad::new("malformed JSON", format!("not a JSON object: {e}")),
                )?;
                continue;
            }
        };
        match json_record(&object, cols) {
            Ok((s, t, kind, weight, timestamp, platform)) => {
                let r = Record {
                    source: &s,
                    target: &t,
                    kind: kind.as_deref(),
                    weight,
                    timestamp,
                    platform: platform.as_deref(),
                };
                sink.push(path, pos, r)?;
            }
            Err(bad) => sink.reject(path, pos, bad)?,
        }
    }
    Ok(rows)
}

type Fields<'a> = (
    Cow<'a, str>,
    Cow<'a, str>,
    Option<Cow<'a, str>>,
    Option<f64>,
    Option<i64>,
    Option<Cow<'a, str>>,
);

fn json_record<'a>(
    o: &'a Map<String, Value>,
    cols: &ColumnNames,
) -> std::result::Result<Fields<'a>, Bad> {
    let text = |name: &str| -> std::result::Result<Option<Cow<'a, str>>, Bad> {
        match o.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s.as_str()))),
            Some(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
            Some(other) => Err(Bad::new(
                "bad field type",
                format!("field \"{name}\" must be a string or a number, found {other}"),
            )),
        }
    };
    let id = |name: &str, role: &str| -> std::result::Result<Cow<'a, str>, Bad> {
        let v = text(name)?;
        require_id(role, v.as_deref())?;
        Ok(v.unwrap_or_default())
    };
    let source = id(&cols.source, "source")?;
    let target = id(&cols.target, "target")?;
    let weight = match o.get(&cols.weight) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(check_weight(n.as_f64().unwrap_or(f64::NAN))?),
        Some(Value::String(s)) => Some(parse_weight(s)?),
        Some(other) => {
            return Err(Bad::new(
                "bad weight",
                format!("field \"weight\": {other} is not a number"),
            ))
        }
    };
    let timestamp = text(&cols.timestamp)?
        .map(|t| parse_timestamp(&t))
        .transpose()?;
    Ok((
        source,
        target,
        text(&cols.kind)?,
        weight,
        timestamp,
        text(&cols.platform)?,
    ))
}
