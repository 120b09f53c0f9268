//! Gephi spreadsheet CSV (Data Laboratory export / import), after Gephi's
//! `ImportEdgesProcess` and `ImportNodesProcess`.
//!
//! - Edges table: `Source`, `Target` (case-insensitive), optional `Type` (`Directed`,
//!   `Undirected`, `Mixed`: an undirected edge counts both ways), `Kind` (the layer; default
//!   `edge`), `Weight` (a number), `timeset`/`Timestamp`/`Time Interval` (first instant of
//!   `<[t1, t2]>` or `<[start, end]>`; numbers are Unix seconds, else ISO dates). Delimiter `,`,
//!   `;` or tab. Node ids are kept as they are. Streamed.
//! - Nodes table: `Id`, `Label`: labels become the accounts' `name`.

use std::io::{BufRead, BufReader, Read};

use crate::error::{Error, Position, Result};
use crate::ingest::record::{parse_timestamp, parse_weight};

use super::Emitter;

fn reader(input: &mut dyn Read) -> Result<csv::Reader<BufReader<&mut dyn Read>>> {
    let mut buf = BufReader::new(input);
    let first = buf.fill_buf().map_err(|e| Error::io("input", e))?;
    let line = first.split(|&c| c == b'\n').next().unwrap_or_default();
    let delim = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| line.iter().filter(|&&c| c == d).count())
        .unwrap_or(b',');
    Ok(csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(buf))
}

fn headers(r: &mut csv::Reader<BufReader<&mut dyn Read>>, em: &Emitter) -> Result<Vec<String>> {
    Ok(r.headers()
        .map_err(|e| Error::parse_line(em.path(), 1, e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect())
}

/// The first instant of a Gephi dynamic value (`<[1, 2]>`, `<(2020-01-01, 2020-02-01]>`) or a
/// plain time.
pub(super) fn first_instant(v: &str) -> Option<&str> {
    let t = v
        .trim()
        .trim_start_matches('<')
        .trim_start_matches(['[', '('])
        .split([',', ';', ']', ')', '>'])
        .next()?
        .trim();
    (!t.is_empty() && t != "empty").then_some(t)
}

pub(super) fn read_edges(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let mut r = reader(input)?;
    let h = headers(&mut r, em)?;
    let col = |n: &str| h.iter().position(|c| c == n);
    let (Some(sc), Some(tc)) = (col("source"), col("target")) else {
        return Err(Error::Schema {
            path: em.path().to_path_buf(),
            message: "Gephi edges table needs Source and Target columns".into(),
        });
    };
    let type_c = col("type");
    let kind_c = col("kind");
    let weight_c = col("weight");
    let time_c = col("timeset")
        .or_else(|| h.iter().position(|c| c.contains("timestamp")))
        .or_else(|| h.iter().position(|c| c.contains("interval")));
    let mut rec = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        match r.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                em.reject(Position::Line(line), "malformed row", e.to_string())?;
                continue;
            }
        }
        let pos = Position::Line(rec.position().map_or(0, |p| p.line()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).unwrap_or("");
        let (s, t) = (get(Some(sc)), get(Some(tc)));
        let weight = match get(weight_c) {
            "" => None,
            w => match parse_weight(w) {
                Ok(w) => Some(w),
                Err(b) => {
                    em.reject(pos, b.reason, b.message)?;
                    continue;
                }
            },
        };
        let ts = match first_instant(get(time_c)) {
            None => None,
            Some(t) => match parse_timestamp(t) {
                Ok(ts) => Some(ts),
                Err(b) => {
                    em.reject(pos, b.reason, format!("column \"timeset\": {}", b.message))?;
                    continue;
                }
            },
        };
        let kind: &'static str = match get(kind_c) {
            "" => "edge",
            k => intern_kind(k),
        };
        em.weighted(pos, s, t, kind, ts, weight)?;
        if get(type_c).eq_ignore_ascii_case("undirected") {
            em.weighted(pos, t, s, kind, ts, weight)?;
        }
    }
    Ok(rows)
}

/// Kinds of graph files are free text: keep a leaked copy per distinct kind (there are at most
/// 255 layers, so this is bounded).
///
/// NodeXL and common synonyms map to relais's kinds: `retweet`/`retweets` → `repost`,
/// `mentions`/`mentionsinretweet` → `mention`, `replies to`/`replied to` → `reply`,
/// `follows`/`followed`/`following` → `follow`, `quotes`/`quoted` → `quote`, `likes` → `like`.
pub(super) fn intern_kind(k: &str) -> &'static str {
    use std::sync::Mutex;
    static KINDS: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let k = k.trim().to_lowercase();
    match k.as_str() {
        "retweet" | "retweets" | "retweeted" | "reposts" | "boost" => return "repost",
        "mentions" | "mentionsinretweet" | "mentions in retweet" | "mentioned" => return "mention",
        "replies to" | "replied to" | "replies" | "replied_to" => return "reply",
        "follows" | "followed" | "following" | "follower" => return "follow",
        "quotes" | "quoted" => return "quote",
        "likes" | "liked" | "favorite" => return "like",
        "follow" | "repost" | "mention" | "reply" | "quote" | "like" | "comment" | "connection"
        | "edge" => {
            return [
                "follow",
                "repost",
                "mention",
                "reply",
                "quote",
                "like",
                "comment",
                "connection",
                "edge",
            ]
            .into_iter()
            .find(|c| *c == k)
            .unwrap_or("edge")
        }
        _ => {}
    }
    let mut kinds = KINDS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&found) = kinds.iter().find(|&&x| x == k) {
        return found;
    }
    if kinds.len() >= 1024 {
        return "edge";
    }
    let leaked: &'static str = Box::leak(k.into_boxed_str());
    kinds.push(leaked);
    leaked
}

pub(super) fn read_nodes(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let mut r = reader(input)?;
    let h = headers(&mut r, em)?;
    let id_c = h.iter().position(|c| c == "id").unwrap_or(0);
    let label_c = h.iter().position(|c| c == "label");
    let mut rows = 0;
    for rec in r.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                em.reject(Position::Line(line), "malformed row", e.to_string())?;
                continue;
            }
        };
        let id = rec.get(id_c).unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        rows += 1;
        let label = label_c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        em.account(id, "", label);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::first_instant;

    #[test]
    fn dynamic_values() {
        assert_eq!(
            first_instant("<[2020-01-01, 2020-02-01]>"),
            Some("2020-01-01")
        );
        assert_eq!(first_instant("<(1.5, 3]>"), Some("1.5"));
        assert_eq!(first_instant("1700000000"), Some("1700000000"));
        assert_eq!(first_instant("<empty>"), None);
        assert_eq!(first_instant(""), None);
    }
}
