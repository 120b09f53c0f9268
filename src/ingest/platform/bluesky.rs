//! Bluesky (AT Protocol) repositories.
//!
//! - **CAR v1** (`com.atproto.sync.getRepo`): a varint-prefixed DAG-CBOR header
//!   (`{version: 1, roots: [cid]}`), then blocks, each a varint length, a CID (v0: 34 bytes
//!   `0x12 0x20 …`; v1: varint version, codec, multihash code and length, digest) and DAG-CBOR
//!   data. The commit block (`{did, version, data, rev, sig}`) names the repository's account;
//!   record blocks are maps with a `$type`. Read whole (a repository is one file).
//! - **JSON**: `com.atproto.repo.listRecords` pages (`{"records": [{"uri", "value"}]}`), arrays of
//!   records or JSON Lines; a record's author is the DID in its `at://` uri, else the owner.
//!
//! Records: `app.bsky.graph.follow` → follow of `subject` (a DID, or `{did}` in the 2022
//! lexicon); `app.bsky.feed.repost` → repost of the author of `subject.uri`; `app.bsky.feed.like`
//! → like likewise; `app.bsky.feed.post` → reply to the author of `reply.parent.uri`, quote of the
//! author of an `app.bsky.embed.record` (or `recordWithMedia`) embed, mention of every
//! `app.bsky.richtext.facet#mention` DID. Time from `createdAt`. The author of an `at://` URI is
//! its authority segment.

use std::io::{BufRead, BufReader, Read};

use ciborium::Value as Cbor;
use serde_json::Value;

use crate::error::{Error, Position, Result};

use super::{json_error, read_all, Emitter};

/// A record reduced to what relais reads.
#[derive(Debug, Default)]
struct Rec {
    kind: String,
    created: Option<String>,
    /// follow: the followed DID.
    subject_did: Option<String>,
    /// repost/like: the subject URI.
    subject_uri: Option<String>,
    reply_parent: Option<String>,
    quote: Option<String>,
    mentions: Vec<String>,
}

/// The DID of an `at://did/collection/rkey` URI.
fn uri_author(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("at://")?;
    let did = rest.split('/').next()?;
    did.starts_with("did:").then(|| did.to_string())
}

fn did_key(did: &str) -> String {
    format!("bluesky:{}", did.trim())
}

fn emit(pos: Position, author: &str, r: &Rec, em: &mut Emitter) -> Result<bool> {
    let ts = r
        .created
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|d| d.timestamp());
    match r.kind.as_str() {
        "app.bsky.graph.follow" => match &r.subject_did {
            Some(d) => em.edge(pos, author, &did_key(d), "follow", ts)?,
            None => em.reject(pos, "missing field", "follow record without subject".into())?,
        },
        "app.bsky.feed.repost" | "app.bsky.feed.like" => {
            let kind = if r.kind.ends_with("repost") {
                "repost"
            } else {
                "like"
            };
            match r.subject_uri.as_deref().and_then(uri_author) {
                Some(d) => em.edge(pos, author, &did_key(&d), kind, ts)?,
                None => em.reject(pos, "missing field", format!("{kind} without subject uri"))?,
            }
        }
        "app.bsky.feed.post" => {
            if let Some(d) = r.reply_parent.as_deref().and_then(uri_author) {
                em.edge(pos, author, &did_key(&d), "reply", ts)?;
            }
            if let Some(d) = r.quote.as_deref().and_then(uri_author) {
                em.edge(pos, author, &did_key(&d), "quote", ts)?;
            }
            for m in &r.mentions {
                em.edge(pos, author, &did_key(m), "mention", ts)?;
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

// ---- JSON ----

fn rec_from_json(v: &Value) -> Rec {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let mut r = Rec {
        kind: s(v.get("$type")).unwrap_or_default(),
        created: s(v.get("createdAt")),
        ..Rec::default()
    };
    match v.get("subject") {
        Some(Value::String(d)) => r.subject_did = Some(d.clone()),
        Some(o) => {
            r.subject_did = s(o.get("did"));
            r.subject_uri = s(o.get("uri"));
        }
        None => {}
    }
    r.reply_parent = v
        .get("reply")
        .and_then(|x| x.get("parent"))
        .and_then(|p| s(p.get("uri")));
    if let Some(e) = v.get("embed") {
        let t = s(e.get("$type")).unwrap_or_default();
        r.quote = if t == "app.bsky.embed.record" {
            e.get("record").and_then(|x| s(x.get("uri")))
        } else if t == "app.bsky.embed.recordWithMedia" {
            e.get("record")
                .and_then(|x| x.get("record"))
                .and_then(|x| s(x.get("uri")))
        } else {
            None
        };
    }
    for f in v
        .get("facets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for feat in f
            .get("features")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if s(feat.get("$type")).as_deref() == Some("app.bsky.richtext.facet#mention") {
                if let Some(d) = s(feat.get("did")) {
                    r.mentions.push(d);
                }
            }
        }
    }
    r
}

fn json_value(pos: Position, v: &Value, em: &mut Emitter) -> Result<u64> {
    if let Some(records) = v.get("records").and_then(Value::as_array) {
        let mut n = 0;
        for r in records {
            n += json_value(pos, r, em)?;
        }
        return Ok(n);
    }
    if let Some(arr) = v.as_array() {
        let mut n = 0;
        for (i, r) in arr.iter().enumerate() {
            let p = match pos {
                Position::Line(1) => Position::Row(i as u64),
                p => p,
            };
            n += json_value(p, r, em)?;
        }
        return Ok(n);
    }
    let (value, author) = match v.get("value") {
        Some(inner) => (
            inner,
            v.get("uri").and_then(Value::as_str).and_then(uri_author),
        ),
        None => (v, None),
    };
    let author = match author {
        Some(d) => did_key(&d),
        None => em.owner(),
    };
    let rec = rec_from_json(value);
    if !emit(pos, &author, &rec, em)? {
        em.note("record type ignored");
    }
    Ok(1)
}

pub(super) fn read_json(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let mut reader = BufReader::new(input);
    let mut first = Vec::new();
    reader
        .read_until(b'\n', &mut first)
        .map_err(|e| Error::io(&path, e))?;
    let single = serde_json::from_slice::<Value>(first.trim_ascii()).is_err();
    if single {
        let mut doc = first;
        reader
            .read_to_end(&mut doc)
            .map_err(|e| Error::io(&path, e))?;
        let v: Value = serde_json::from_slice(super::super::text::strip_bom(&doc))
            .map_err(|e| json_error(&path, 0, &e))?;
        return json_value(Position::Line(1), &v, em);
    }
    let mut rows = 0;
    let mut line_no = 0;
    let mut buf = first;
    loop {
        if buf.is_empty() {
            break;
        }
        line_no += 1;
        let bytes = buf.trim_ascii();
        if !bytes.is_empty() {
            let pos = Position::Line(line_no);
            match serde_json::from_slice::<Value>(bytes) {
                Ok(v) => rows += json_value(pos, &v, em)?,
                Err(e) => em.reject(pos, "malformed JSON", format!("not a JSON value: {e}"))?,
            }
        }
        buf.clear();
        reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(&path, e))?;
    }
    Ok(rows)
}

// ---- CAR ----

/// Reads an unsigned LEB128 varint at `*at`.
fn varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Length of the CID at the start of `b`.
fn cid_len(b: &[u8]) -> Option<usize> {
    if b.len() >= 34 && b[0] == 0x12 && b[1] == 0x20 {
        return Some(34);
    }
    let mut at = 0;
    let version = varint(b, &mut at)?;
    if version != 1 {
        return None;
    }
    varint(b, &mut at)?; // codec
    varint(b, &mut at)?; // multihash code
    let len = varint(b, &mut at)? as usize;
    let end = at.checked_add(len)?;
    (end <= b.len()).then_some(end)
}

fn cbor_get<'v>(m: &'v Cbor, k: &str) -> Option<&'v Cbor> {
    m.as_map()?
        .iter()
        .find(|(key, _)| key.as_text() == Some(k))
        .map(|(_, v)| v)
}

fn cbor_text(m: &Cbor, k: &str) -> Option<String> {
    cbor_get(m, k)?.as_text().map(str::to_string)
}

fn rec_from_cbor(v: &Cbor) -> Rec {
    let mut r = Rec {
        kind: cbor_text(v, "$type").unwrap_or_default(),
        created: cbor_text(v, "createdAt"),
        ..Rec::default()
    };
    match cbor_get(v, "subject") {
        Some(Cbor::Text(d)) => r.subject_did = Some(d.clone()),
        Some(o) => {
            r.subject_did = cbor_text(o, "did");
            r.subject_uri = cbor_text(o, "uri");
        }
        None => {}
    }
    r.reply_parent = cbor_get(v, "reply")
        .and_then(|x| cbor_get(x, "parent"))
        .and_then(|p| cbor_text(p, "uri"));
    if let Some(e) = cbor_get(v, "embed") {
        let t = cbor_text(e, "$type").unwrap_or_default();
        r.quote = if t == "app.bsky.embed.record" {
            cbor_get(e, "record").and_then(|x| cbor_text(x, "uri"))
        } else if t == "app.bsky.embed.recordWithMedia" {
            cbor_get(e, "record")
                .and_then(|x| cbor_get(x, "record"))
                .and_then(|x| cbor_text(x, "uri"))
        } else {
            None
        };
    }
    for f in cbor_get(v, "facets")
        .and_then(Cbor::as_array)
        .into_iter()
        .flatten()
    {
        for feat in cbor_get(f, "features")
            .and_then(Cbor::as_array)
            .into_iter()
            .flatten()
        {
            if cbor_text(feat, "$type").as_deref() == Some("app.bsky.richtext.facet#mention") {
                if let Some(d) = cbor_text(feat, "did") {
                    r.mentions.push(d);
                }
            }
        }
    }
    r
}

pub(super) fn read_car(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let bytes = read_all(&path, input)?;
    let at_byte = |at: usize, msg: String| Error::Parse {
        path: path.clone(),
        position: Position::Byte(at as u64),
        message: msg,
    };
    let mut at = 0;
    let header_len = varint(&bytes, &mut at)
        .ok_or_else(|| at_byte(0, "not a CAR file: no header length".into()))?
        as usize;
    let header_end = at
        .checked_add(header_len)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| at_byte(at, "truncated CAR header".into()))?;
    let header: Cbor = ciborium::from_reader(&bytes[at..header_end])
        .map_err(|e| at_byte(at, format!("CAR header is not CBOR: {e}")))?;
    if cbor_get(&header, "version").and_then(|v| v.as_integer()) != Some(1.into()) {
        return Err(at_byte(at, "CAR header: version 1 expected".into()));
    }
    at = header_end;
    let mut did = None;
    let mut records: Vec<(usize, Rec)> = Vec::new();
    while at < bytes.len() {
        let start = at;
        let len = varint(&bytes, &mut at)
            .ok_or_else(|| at_byte(start, "truncated block length".into()))?
            as usize;
        let end = at
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| {
                at_byte(
                    start,
                    format!("truncated block: {len} bytes announced, file ends first"),
                )
            })?;
        let block = &bytes[at..end];
        let cid = cid_len(block).ok_or_else(|| at_byte(at, "block with an invalid CID".into()))?;
        at = end;
        let data: Cbor = match ciborium::from_reader(&block[cid..]) {
            Ok(v) => v,
            Err(e) => {
                em.reject(
                    Position::Byte(start as u64),
                    "malformed CBOR",
                    format!("block is not DAG-CBOR: {e}"),
                )?;
                continue;
            }
        };
        if let Some(t) = cbor_text(&data, "$type") {
            if t.starts_with("app.bsky.") {
                records.push((start, rec_from_cbor(&data)));
            }
        } else if cbor_get(&data, "data").is_some() && cbor_get(&data, "sig").is_some() {
            did = cbor_text(&data, "did");
        }
    }
    let author = match did {
        Some(d) => {
            let k = did_key(&d);
            em.set_owner(k.clone());
            k
        }
        None => em.owner(),
    };
    em.account(&author, "", "");
    for (start, r) in &records {
        if !emit(Position::Byte(*start as u64), &author, r, em)? {
            em.note("record type ignored");
        }
    }
    Ok(records.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_cids() {
        let mut at = 0;
        assert_eq!(varint(&[0xac, 0x02], &mut at), Some(300));
        assert_eq!(at, 2);
        assert_eq!(varint(&[0x80], &mut 0), None);
        let mut cid = vec![0x01, 0x71, 0x12, 0x20];
        cid.extend([7u8; 32]);
        cid.push(0xa0);
        assert_eq!(cid_len(&cid), Some(36));
        assert_eq!(cid_len(&[0x01, 0x71, 0x12, 0x20, 1]), None);
        assert_eq!(
            uri_author("at://did:plc:abc/app.bsky.feed.post/1").as_deref(),
            Some("did:plc:abc")
        );
    }
}
