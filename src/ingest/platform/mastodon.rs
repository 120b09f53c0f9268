//! Mastodon exports.
//!
//! - `following_accounts.csv` (`Account address,Show boosts[,Notify on new posts,Languages]`):
//!   owner → `user@domain` (follow). Streamed. Mastodon exports no followers list.
//! - Archive `outbox.json` (ActivityPub OrderedCollection): `Announce` items are boosts (`repost`
//!   of the boosted status's author); `Create` items give a `reply` to the author of
//!   `object.inReplyTo` and a `mention` per `object.tag[]` of type `Mention`. Time from
//!   `published`. Authors are read from actor/status URLs (`https://domain/users/name/...` or
//!   `https://domain/@name/...`) as `name@domain`. Read whole.
//! - Archive `actor.json`: the owner (`preferredUsername` at the host of `id`).

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Position, Result};

use super::{key, parse_json, read_all, text, Emitter};

/// `name@domain` of an actor or status URL, or of an `@name@domain` mention name.
fn acct(url: &str) -> Option<String> {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix('@') {
        return rest.contains('@').then(|| rest.to_string());
    }
    let rest = url.split_once("://")?.1;
    let (host, path) = rest.split_once('/')?;
    let mut parts = path.split('/');
    let first = parts.next()?;
    let name = if first == "users" {
        parts.next()?
    } else {
        first.strip_prefix('@')?
    };
    (!name.is_empty() && !host.is_empty()).then(|| format!("{name}@{host}"))
}

/// The owner from actor.json.
pub(super) fn owner(path: &Path, input: &mut dyn Read) -> Result<Option<(String, String)>> {
    let v = parse_json(path, &read_all(path, input)?)?;
    let id = text(v.get("id")).and_then(|u| acct(&u));
    Ok(id.map(|a| (key("mastodon", &a), a)))
}

pub(super) fn read_following(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let owner = em.owner();
    let mut rec = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                em.reject(Position::Line(line), "malformed row", e.to_string())?;
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line());
        let addr = rec
            .get(0)
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if line == 1 && addr.eq_ignore_ascii_case("Account address") {
            continue;
        }
        if addr.is_empty() {
            continue;
        }
        rows += 1;
        let pos = Position::Line(line);
        let addr = addr.trim_start_matches('@');
        if !addr.contains('@') {
            em.reject(
                pos,
                "bad account",
                format!("{addr:?} is not an account address user@domain"),
            )?;
            continue;
        }
        let other = key("mastodon", addr);
        em.account(&other, addr, "");
        em.edge(pos, &owner, &other, "follow", None)?;
    }
    let _ = &path;
    Ok(rows)
}

pub(super) fn read_outbox(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let v = parse_json(&path, &read_all(&path, input)?)?;
    let items = v
        .get("orderedItems")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Schema {
            path: path.clone(),
            message: "outbox.json has no orderedItems array".into(),
        })?;
    for (i, item) in items.iter().enumerate() {
        let pos = Position::Row(i as u64);
        let actor = text(item.get("actor")).and_then(|a| acct(&a));
        let source = match actor {
            Some(a) => {
                let k = key("mastodon", &a);
                em.set_owner(k.clone());
                k
            }
            None => em.owner(),
        };
        let ts = text(item.get("published"))
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|d| d.timestamp());
        match text(item.get("type")).as_deref() {
            Some("Announce") => {
                let object = match item.get("object") {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(o) => text(o.get("attributedTo")).or_else(|| text(o.get("id"))),
                    None => None,
                };
                match object.and_then(|o| acct(&o)) {
                    Some(t) => em.edge(pos, &source, &key("mastodon", &t), "repost", ts)?,
                    None => em.note("boost of an unknown author"),
                }
            }
            Some("Create") => {
                let Some(obj) = item.get("object").filter(|o| o.is_object()) else {
                    continue;
                };
                let reply = text(obj.get("inReplyTo")).and_then(|u| acct(&u));
                if let Some(r) = &reply {
                    em.edge(pos, &source, &key("mastodon", r), "reply", ts)?;
                }
                let tags = obj.get("tag").and_then(Value::as_array);
                for t in tags.into_iter().flatten() {
                    if text(t.get("type")).as_deref() != Some("Mention") {
                        continue;
                    }
                    let who = text(t.get("href"))
                        .and_then(|h| acct(&h))
                        .or_else(|| text(t.get("name")).and_then(|n| acct(&n)));
                    if let Some(w) = who {
                        if Some(&w) != reply.as_ref() {
                            em.edge(pos, &source, &key("mastodon", &w), "mention", ts)?;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(items.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::acct;

    #[test]
    fn account_addresses() {
        assert_eq!(
            acct("https://mastodon.social/users/alice/statuses/1").as_deref(),
            Some("alice@mastodon.social")
        );
        assert_eq!(
            acct("https://fosstodon.org/@bob/123").as_deref(),
            Some("bob@fosstodon.org")
        );
        assert_eq!(
            acct("@carol@example.net").as_deref(),
            Some("carol@example.net")
        );
        assert_eq!(acct("https://example.net/notes/1"), None);
    }
}
