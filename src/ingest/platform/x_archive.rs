//! X/Twitter account archive: `data/*.js` files, each `window.YTD.<name>.partN = [ ... ]`.
//!
//! - `account.js`: the owner (`accountId`, `username`).
//! - `following.js`: owner → account (follow); `follower.js`: account → owner (follow). No time.
//! - `tweets.js`, `tweet.js`, `tweets-part1.js`, ...: a tweet starting `RT @` is a repost of its
//!   first `user_mentions` entry (archives carry no `retweeted_status`); otherwise a reply to
//!   `in_reply_to_user_id_str`, a quote of the author of a `/status/` URL in `entities.urls`, and a
//!   mention of every other `user_mentions` entry. Time from `created_at`.
//! - `like.js`: a like of the tweet's author when `expandedUrl` names it
//!   (`twitter.com/<handle>/status/...`); archive likes mostly do not, and are counted as a
//!   problem ("like without author").
//!
//! Other archive files are ignored. Each file is read whole (it is one JSON array).

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Position, Result};

use super::{at, json_error, key, read_all, text, Emitter};

/// Parses the JSON array after the `window.YTD...=` prefix.
fn items(path: &Path, input: &mut dyn Read) -> Result<Vec<Value>> {
    let bytes = read_all(path, input)?;
    let start = bytes.iter().position(|&c| c == b'[').ok_or_else(|| {
        crate::error::Error::parse_line(
            path,
            1,
            "not an X archive file: no `[` after the window.YTD prefix",
        )
    })?;
    let line_offset = bytes[..start].iter().filter(|&&c| c == b'\n').count() as u64;
    serde_json::from_slice::<Vec<Value>>(&bytes[start..])
        .map_err(|e| json_error(path, line_offset, &e))
}

/// The unwrapped object of an item `{"<kind>": {...}}` (or the item itself).
fn inner(item: &Value) -> &Value {
    match item.as_object() {
        Some(o) if o.len() == 1 => o.values().next().unwrap_or(item),
        _ => item,
    }
}

/// The owner in account.js: its node key and handle.
pub(super) fn owner(path: &Path, input: &mut dyn Read) -> Result<Option<(String, String)>> {
    let items = items(path, input)?;
    Ok(items.first().and_then(|it| {
        let a = inner(it);
        let handle = text(a.get("username")).unwrap_or_default();
        match text(a.get("accountId")) {
            Some(id) => Some((key("x", &id), handle)),
            None if !handle.is_empty() => Some((format!("x:@{}", handle.to_lowercase()), handle)),
            None => None,
        }
    }))
}

/// Archive `created_at`: `Sat Feb 18 12:33:11 +0000 2023`.
pub(super) fn parse_created_at(t: &str) -> Option<i64> {
    chrono::DateTime::parse_from_str(t, "%a %b %d %H:%M:%S %z %Y")
        .ok()
        .map(|d| d.timestamp())
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|d| d.timestamp())
        })
}

/// The `x:` key of a user object or mention with `id_str`/`id` and `screen_name`, recording the
/// handle → id pair.
pub(super) fn user_key(em: &mut Emitter, u: &Value) -> Option<String> {
    let handle = text(u.get("screen_name")).or_else(|| text(u.get("username")));
    let id = text(u.get("id_str")).or_else(|| text(u.get("id")));
    match (id, handle) {
        (Some(id), Some(h)) => {
            let k = key("x", &id);
            em.handle(format!("x:@{}", h.to_lowercase()), k.clone());
            em.account(&k, &h, &text(u.get("name")).unwrap_or_default());
            Some(k)
        }
        (Some(id), None) => Some(key("x", &id)),
        (None, Some(h)) => Some(format!("x:@{}", h.to_lowercase())),
        (None, None) => None,
    }
}

/// The handle in `https://twitter.com/<handle>/status/<id>` (or x.com).
pub(super) fn status_author(url: &str) -> Option<String> {
    let rest = url
        .split_once("twitter.com/")
        .or_else(|| url.split_once("x.com/"))?
        .1;
    let (handle, tail) = rest.split_once('/')?;
    if !tail.starts_with("status") || handle.is_empty() || handle == "i" {
        return None;
    }
    Some(format!("x:@{}", handle.to_lowercase()))
}

pub(super) fn read(file: &str, input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let stem = file.trim_end_matches(".js");
    let base = stem.split("-part").next().unwrap_or(stem);
    let known = [
        "following",
        "follower",
        "tweets",
        "tweet",
        "community-tweet",
        "like",
        "account",
    ];
    if !known.contains(&base) {
        // Direct messages, blocks, ads, ...: not read (not even parsed).
        em.note("archive file ignored");
        return Ok(0);
    }
    let items = items(&path, input)?;
    for (i, item) in items.iter().enumerate() {
        let pos = Position::Row(i as u64);
        let obj = inner(item);
        match base {
            "following" | "follower" => {
                let Some(id) = text(obj.get("accountId")) else {
                    em.reject(pos, "missing field", "item has no accountId".into())?;
                    continue;
                };
                let other = key("x", &id);
                let owner = em.owner();
                if base == "following" {
                    em.edge(pos, &owner, &other, "follow", None)?;
                } else {
                    em.edge(pos, &other, &owner, "follow", None)?;
                }
            }
            "tweets" | "tweet" | "community-tweet" => tweet(pos, obj, em)?,
            "like" => {
                let author = text(obj.get("expandedUrl")).and_then(|u| status_author(&u));
                match author {
                    Some(a) => {
                        let owner = em.owner();
                        em.edge(pos, &owner, &a, "like", None)?;
                    }
                    None => em.note("like without author"),
                }
            }
            "account" => {
                let handle = text(obj.get("username")).unwrap_or_default();
                let name = text(obj.get("accountDisplayName")).unwrap_or_default();
                if let Some(id) = text(obj.get("accountId")) {
                    let k = key("x", &id);
                    em.account(&k, &handle, &name);
                    if !handle.is_empty() {
                        em.handle(format!("x:@{}", handle.to_lowercase()), k);
                    }
                }
            }
            _ => {
                em.note("archive file ignored");
                break;
            }
        }
    }
    Ok(items.len() as u64)
}

fn tweet(pos: Position, t: &Value, em: &mut Emitter) -> Result<()> {
    let owner = em.owner();
    let ts = text(t.get("created_at")).and_then(|c| parse_created_at(&c));
    let full = text(t.get("full_text"))
        .or_else(|| text(t.get("text")))
        .unwrap_or_default();
    let mentions: Vec<&Value> = at(t, &["entities", "user_mentions"])
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut skip_first = false;
    if full.starts_with("RT @") {
        match mentions.first().and_then(|m| user_key(em, m)) {
            Some(target) => {
                em.edge(pos, &owner, &target, "repost", ts)?;
                skip_first = true;
            }
            None => em.note("retweet without author"),
        }
    } else {
        let reply = text(t.get("in_reply_to_user_id_str"))
            .or_else(|| text(t.get("in_reply_to_user_id")))
            .map(|id| key("x", &id));
        if let Some(r) = &reply {
            if let Some(h) = text(t.get("in_reply_to_screen_name")) {
                em.handle(format!("x:@{}", h.to_lowercase()), r.clone());
            }
            em.edge(pos, &owner, r, "reply", ts)?;
        }
        let urls = at(t, &["entities", "urls"]).and_then(Value::as_array);
        for u in urls.into_iter().flatten() {
            if let Some(a) = text(u.get("expanded_url")).and_then(|u| status_author(&u)) {
                em.edge(pos, &owner, &a, "quote", ts)?;
                break;
            }
        }
    }
    let reply_to = text(t.get("in_reply_to_user_id_str")).map(|id| key("x", &id));
    for (j, m) in mentions.iter().enumerate() {
        if j == 0 && skip_first {
            continue;
        }
        if let Some(target) = user_key(em, m) {
            if Some(&target) != reply_to.as_ref() {
                em.edge(pos, &owner, &target, "mention", ts)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_dates_and_status_urls() {
        assert_eq!(
            parse_created_at("Sat Feb 18 12:33:11 +0000 2023"),
            Some(1_676_723_591)
        );
        assert_eq!(
            status_author("https://twitter.com/Alice/status/1"),
            Some("x:@alice".into())
        );
        assert_eq!(status_author("https://x.com/i/web/status/1"), None);
        assert_eq!(status_author("https://example.org/a/status/1"), None);
    }
}
