//! YouTube Data API v3 `commentThreads` (and exports derived from it).
//!
//! Accepted shapes: an API page (`{"items": [...]}`), an array of threads, or JSON Lines of
//! threads or pages. Each thread's top-level comment is a `comment` edge from its author
//! (`authorChannelId.value`) to the video's channel (`snippet.channelId`), or to the video
//! (`youtube:video:<id>`) when the channel is absent; each reply in `replies.comments` is a `reply`
//! edge to the top-level comment's author. Channel ids are case-sensitive and kept as they are. Time from `publishedAt`. Reply-to-reply structure
//! (leading `@handle` text) is not recovered.

use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use crate::error::{Error, Position, Result};

use super::{at, json_error, text, Emitter};

fn author(c: &Value, em: &mut Emitter) -> Option<String> {
    let s = c.get("snippet")?;
    let id = text(at(s, &["authorChannelId", "value"]))?;
    let k = format!("youtube:{id}");
    em.account(
        &k,
        "",
        &text(s.get("authorDisplayName")).unwrap_or_default(),
    );
    Some(k)
}

fn ts(c: &Value) -> Option<i64> {
    text(at(c, &["snippet", "publishedAt"]))
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|d| d.timestamp())
}

fn thread(pos: Position, t: &Value, em: &mut Emitter) -> Result<u64> {
    if let Some(items) = t.get("items").and_then(Value::as_array) {
        let mut n = 0;
        for it in items {
            n += thread(pos, it, em)?;
        }
        return Ok(n);
    }
    let Some(top) = at(t, &["snippet", "topLevelComment"]) else {
        em.note("item without topLevelComment");
        return Ok(0);
    };
    let Some(a) = author(top, em) else {
        em.reject(
            pos,
            "missing field",
            "comment without authorChannelId".into(),
        )?;
        return Ok(1);
    };
    let target = text(at(t, &["snippet", "channelId"]))
        .map(|c| format!("youtube:{c}"))
        .or_else(|| text(at(t, &["snippet", "videoId"])).map(|v| format!("youtube:video:{v}")));
    match target {
        Some(target) => em.edge(pos, &a, &target, "comment", ts(top))?,
        None => em.note("comment without channel or video"),
    }
    let replies = at(t, &["replies", "comments"]).and_then(Value::as_array);
    for r in replies.into_iter().flatten() {
        if let Some(ra) = author(r, em) {
            em.edge(pos, &ra, &a, "reply", ts(r))?;
        }
    }
    Ok(1)
}

pub(super) fn read(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    let mut line = 0;
    let mut rows = 0;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(&path, e))?
            == 0
        {
            break;
        }
        line += 1;
        let bytes = super::super::text::strip_bom(buf.trim_ascii());
        if bytes.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                let list: Vec<&Value> = match &v {
                    Value::Array(a) => a.iter().collect(),
                    o => vec![o],
                };
                for (i, t) in list.iter().enumerate() {
                    let pos = if list.len() > 1 {
                        Position::Row(i as u64)
                    } else {
                        Position::Line(line)
                    };
                    rows += thread(pos, t, em)?;
                }
            }
            Err(e) if e.is_eof() && rows == 0 => {
                let mut doc = buf.clone();
                reader
                    .read_to_end(&mut doc)
                    .map_err(|e| Error::io(&path, e))?;
                let v: Value =
                    serde_json::from_slice(&doc).map_err(|e| json_error(&path, line - 1, &e))?;
                let list: Vec<&Value> = match &v {
                    Value::Array(a) => a.iter().collect(),
                    o => vec![o],
                };
                for (i, t) in list.iter().enumerate() {
                    rows += thread(Position::Row(i as u64), t, em)?;
                }
                return Ok(rows);
            }
            Err(e) => em.reject(
                Position::Line(line),
                "malformed JSON",
                format!("not a JSON value: {e}"),
            )?,
        }
    }
    Ok(rows)
}
