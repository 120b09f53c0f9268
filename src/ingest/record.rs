//! Validation of one edge record, shared by every reader, and the sink that accumulates records.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Error, Position, Result};
use crate::graph::{EdgeTable, Interner, LayerId, NodeId, MAX_LAYERS};

/// Name of the layer of records that have no `kind`.
pub const DEFAULT_LAYER: &str = "edge";

/// Why a record was rejected: a short reason (the key counted in lenient mode) and a message for
/// the user.
#[derive(Debug, Clone)]
pub(crate) struct Bad {
    pub reason: &'static str,
    pub message: String,
}

impl Bad {
    pub fn new(reason: &'static str, message: impl Into<String>) -> Bad {
        Bad {
            reason,
            message: message.into(),
        }
    }
}

/// What was skipped, by reason, in lenient mode.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Skipped {
    /// Rows skipped per reason.
    pub by_reason: BTreeMap<String, u64>,
    /// The first few skipped rows, as `file:line: message`.
    pub examples: Vec<String>,
}

impl Skipped {
    /// Total rows skipped.
    pub fn total(&self) -> u64 {
        self.by_reason.values().sum()
    }
}

/// Parses a weight: a finite number ≥ 0.
pub(crate) fn parse_weight(text: &str) -> std::result::Result<f64, Bad> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        Ok(_) => Err(Bad::new(
            "bad weight",
            format!("column \"weight\": {t:?} must be a finite number >= 0"),
        )),
        Err(_) => Err(Bad::new(
            "bad weight",
            format!("column \"weight\": {t:?} is not a number"),
        )),
    }
}

/// Checks a numeric weight.
pub(crate) fn check_weight(w: f64) -> std::result::Result<f64, Bad> {
    if w.is_finite() && w >= 0.0 {
        Ok(w)
    } else {
        Err(Bad::new(
            "bad weight",
            format!("column \"weight\": {w} must be a finite number >= 0"),
        ))
    }
}

/// Parses a timestamp into Unix seconds: RFC 3339 (`2024-03-01T12:00:00Z`), `YYYY-MM-DD HH:MM:SS`
/// (UTC), `YYYY-MM-DD` (midnight UTC), or Unix seconds (integer or decimal, floored).
pub(crate) fn parse_timestamp(text: &str) -> std::result::Result<i64, Bad> {
    let t = text.trim();
    if let Ok(s) = t.parse::<i64>() {
        return Ok(s);
    }
    if let Ok(s) = t.parse::<f64>() {
        if s.is_finite() && s.abs() < 1e17 {
            return Ok(s.floor() as i64);
        }
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(dt.timestamp());
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
            return Ok(dt.and_utc().timestamp());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .map_or(0, |dt| dt.and_utc().timestamp()));
    }
    Err(Bad::new(
        "bad timestamp",
        format!("column \"timestamp\": {t:?} is neither RFC 3339 nor Unix seconds"),
    ))
}

/// One validated record, borrowing its ids from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'r> {
    pub source: &'r str,
    pub target: &'r str,
    pub kind: Option<&'r str>,
    pub weight: Option<f64>,
    pub timestamp: Option<i64>,
    pub platform: Option<&'r str>,
}

/// Checks that an id field is present and non-empty.
pub(crate) fn require_id<'r>(
    column: &str,
    value: Option<&'r str>,
) -> std::result::Result<&'r str, Bad> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(Bad::new(
            if column == "source" {
                "empty source"
            } else {
                "empty target"
            },
            format!("column \"{column}\" is empty"),
        )),
        None => Err(Bad::new(
            if column == "source" {
                "empty source"
            } else {
                "empty target"
            },
            format!("column \"{column}\" is missing"),
        )),
    }
}

/// Accumulates records from every input file into one [`EdgeTable`] and [`Interner`].
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub table: EdgeTable,
    pub interner: Interner,
    pub lenient: bool,
    pub skipped: Skipped,
    pub platforms: BTreeMap<String, u64>,
    layers: FxHashMap<String, LayerId>,
    /// The kind of the previous record and its layer: consecutive records mostly share a kind.
    last_kind: Option<(String, LayerId)>,
}

/// How many skipped rows are quoted as examples.
const MAX_EXAMPLES: usize = 5;

impl Sink {
    pub fn new(lenient: bool) -> Sink {
        Sink {
            lenient,
            ..Sink::default()
        }
    }

    /// Rejects a record: an error, or a counted skip in lenient mode.
    pub fn reject(&mut self, path: &Path, position: Position, bad: Bad) -> Result<()> {
        if !self.lenient {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                position,
                message: bad.message,
            });
        }
        *self
            .skipped
            .by_reason
            .entry(bad.reason.to_string())
            .or_default() += 1;
        if self.skipped.examples.len() < MAX_EXAMPLES {
            self.skipped
                .examples
                .push(format!("{}:{position}: {}", path.display(), bad.message));
        }
        Ok(())
    }

    /// Adds a valid record.
    pub fn push(&mut self, path: &Path, position: Position, r: Record<'_>) -> Result<()> {
        let capacity = || Error::Capacity {
            message: "more than 4,294,967,294 distinct accounts".into(),
        };
        let s = self.interner.intern(r.source).ok_or_else(capacity)?;
        let t = self.interner.intern(r.target).ok_or_else(capacity)?;
        let kind = r
            .kind
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .unwrap_or(DEFAULT_LAYER);
        let layer = match &self.last_kind {
            Some((last, l)) if last == kind => *l,
            _ => self.layer_of(path, position, kind)?,
        };
        let i = self.table.src.len();
        self.table.src.push(s);
        self.table.dst.push(t);
        self.table.layer.push(layer);
        if let Some(w) = r.weight {
            self.table
                .weight
                .get_or_insert_with(|| vec![1.0; i])
                .push(w);
        } else if let Some(ws) = &mut self.table.weight {
            ws.push(1.0);
        }
        if let Some(ts) = r.timestamp {
            self.table
                .timestamp
                .get_or_insert_with(|| vec![EdgeTable::NO_TIME; i])
                .push(ts);
        } else if let Some(tss) = &mut self.table.timestamp {
            tss.push(EdgeTable::NO_TIME);
        }
        if let Some(p) = r.platform.map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(c) = self.platforms.get_mut(p) {
                *c += 1;
            } else {
                self.platforms.insert(p.to_string(), 1);
            }
        }
        Ok(())
    }

    /// Adds records whose ids are already interned, without kind, timestamp or platform: the
    /// same as [`Sink::push`] of each in turn. `weights`, when given, has one weight per record
    /// (1 where the record has none); `position` is the first record's, for a layer error.
    pub fn push_interned(
        &mut self,
        path: &Path,
        position: Position,
        src: &[NodeId],
        dst: &[NodeId],
        weights: Option<&[f64]>,
    ) -> Result<()> {
        if src.is_empty() {
            return Ok(());
        }
        let layer = match &self.last_kind {
            Some((last, l)) if last == DEFAULT_LAYER => *l,
            _ => self.layer_of(path, position, DEFAULT_LAYER)?,
        };
        let i = self.table.src.len();
        self.table.src.extend_from_slice(src);
        self.table.dst.extend_from_slice(dst);
        self.table.layer.resize(i + src.len(), layer);
        match weights {
            Some(ws) => self
                .table
                .weight
                .get_or_insert_with(|| vec![1.0; i])
                .extend_from_slice(ws),
            None => {
                if let Some(ws) = &mut self.table.weight {
                    ws.resize(i + src.len(), 1.0);
                }
            }
        }
        if let Some(tss) = &mut self.table.timestamp {
            tss.resize(i + src.len(), EdgeTable::NO_TIME);
        }
        Ok(())
    }

    /// The layer of `kind` (lower-cased), allocating a new one if needed.
    fn layer_of(&mut self, path: &Path, position: Position, kind: &str) -> Result<LayerId> {
        let layer = match self.layers.get(kind) {
            Some(&l) => l,
            None => {
                let name = kind.to_lowercase();
                let l = match self.table.layer_names.iter().position(|n| *n == name) {
                    Some(l) => l as LayerId,
                    None => {
                        if self.table.layer_names.len() >= MAX_LAYERS {
                            return Err(Error::Parse {
                                path: path.to_path_buf(),
                                position,
                                message: format!(
                                    "kind {kind:?} would be layer {}; relais holds at most \
                                     {MAX_LAYERS} interaction kinds",
                                    MAX_LAYERS + 1
                                ),
                            });
                        }
                        self.table.layer_names.push(name);
                        (self.table.layer_names.len() - 1) as LayerId
                    }
                };
                self.layers.insert(kind.to_string(), l);
                l
            }
        };
        self.last_kind = Some((kind.to_string(), layer));
        Ok(layer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1700000000").unwrap(), 1_700_000_000);
        assert_eq!(
            parse_timestamp("2024-01-01T00:00:00Z").unwrap(),
            1_704_067_200
        );
        assert_eq!(
            parse_timestamp("2024-01-01T01:00:00+01:00").unwrap(),
            1_704_067_200
        );
        assert_eq!(parse_timestamp("2024-01-01").unwrap(), 1_704_067_200);
        assert_eq!(
            parse_timestamp("2024-01-01 00:00:01").unwrap(),
            1_704_067_201
        );
        assert!(parse_timestamp("yesterday").is_err());
    }

    #[test]
    fn weights() {
        assert_eq!(parse_weight(" 2.5 ").unwrap(), 2.5);
        for bad in ["NaN", "-1", "inf", "abc", ""] {
            assert!(parse_weight(bad).is_err(), "{bad}");
        }
    }
}
