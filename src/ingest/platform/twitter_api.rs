//! Twitter API data as researchers hold it.
//!
//! - **v2 JSON Lines**: raw response pages (`{"data": [...], "includes": {"users", "tweets"}}`)
//!   or twarc2-flattened tweets (one tweet per line, `author` and referenced tweets inlined). A
//!   file holding one pretty-printed JSON document (a page, or an array of tweets) is read whole.
//! - **v1.1 tweets** (one per line, as in older research datasets): `user`, `retweeted_status`,
//!   `quoted_status`, `in_reply_to_user_id_str`, `entities.user_mentions`.
//! - **twarc2 CSV**: `author_id`, `retweeted_user_id`, `quoted_user_id`, `in_reply_to_user_id`,
//!   `entities.mentions` (a JSON list of `@username`), `created_at`.
//!
//! Edge rules follow twarc-network: the author retweets (`repost`), quotes (`quote`) or replies
//! to (`reply`) the referenced tweet's author, when known (deleted references are skipped), and
//! mentions every `entities.mentions` entry; the first mention of a retweet, at index 3 (`RT @x:`),
//! is dropped. Line-oriented files are streamed.

use std::io::{BufRead, BufReader, Read};

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::error::{Error, Position, Result};

use super::x_archive::{parse_created_at, user_key};
use super::{at, json_error, key, text, Emitter};

/// Reads JSON Lines of tweets or pages; falls back to one JSON document when the first line is
/// not a complete value.
pub(super) fn read_json(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line_no = 0;
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
        line_no += 1;
        let bytes = super::super::text::strip_bom(buf.trim_ascii());
        if bytes.is_empty() {
            continue;
        }
        let pos = Position::Line(line_no);
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                rows += value(pos, &v, em)?;
            }
            Err(e) if e.is_eof() && rows == 0 => {
                // A pretty-printed document: read the rest and parse it whole.
                let mut doc = buf.clone();
                reader
                    .read_to_end(&mut doc)
                    .map_err(|e| Error::io(&path, e))?;
                let v: Value = serde_json::from_slice(super::super::text::strip_bom(&doc))
                    .map_err(|e| json_error(&path, line_no - 1, &e))?;
                return value(pos, &v, em);
            }
            Err(e) if e.is_eof() => {
                return Err(Error::Parse {
                    path,
                    position: pos,
                    message: format!(
                        "truncated JSON line (column {}); the file may be cut short",
                        e.column()
                    ),
                })
            }
            Err(e) => em.reject(pos, "malformed JSON", format!("not a JSON value: {e}"))?,
        }
    }
    Ok(rows)
}

/// One JSON value: a page, an array of tweets, or a tweet. Returns tweets read.
fn value(pos: Position, v: &Value, em: &mut Emitter) -> Result<u64> {
    if let Some(arr) = v.as_array() {
        for t in arr {
            tweet(pos, t, &Lookup::default(), em)?;
        }
        return Ok(arr.len() as u64);
    }
    if let Some(data) = v.get("data") {
        let lookup = Lookup::from_includes(v.get("includes"), em);
        let tweets: Vec<&Value> = match data {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for t in &tweets {
            tweet(pos, t, &lookup, em)?;
        }
        return Ok(tweets.len() as u64);
    }
    tweet(pos, v, &Lookup::default(), em)?;
    Ok(1)
}

/// Users and tweets of a page's `includes`.
#[derive(Default)]
struct Lookup {
    /// Lower-cased username → id.
    users: FxHashMap<String, String>,
    /// Tweet id → author id.
    tweets: FxHashMap<String, String>,
}

impl Lookup {
    fn from_includes(inc: Option<&Value>, em: &mut Emitter) -> Lookup {
        let mut l = Lookup::default();
        let Some(inc) = inc else { return l };
        for u in inc
            .get("users")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            author_account(u, em);
            if let (Some(id), Some(h)) = (text(u.get("id")), text(u.get("username"))) {
                l.users.insert(h.to_lowercase(), id);
            }
        }
        for t in inc
            .get("tweets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(a)) = (text(t.get("id")), text(t.get("author_id"))) {
                l.tweets.insert(id, a);
            }
        }
        l
    }
}

/// Records a v2 user object as an account; returns its key.
fn author_account(u: &Value, em: &mut Emitter) -> Option<String> {
    let id = text(u.get("id"))?;
    let k = key("x", &id);
    let handle = text(u.get("username")).unwrap_or_default();
    let name = text(u.get("name")).unwrap_or_default();
    em.account(&k, &handle, &name);
    if !handle.is_empty() {
        em.handle(format!("x:@{}", handle.to_lowercase()), k.clone());
    }
    Some(k)
}

fn tweet(pos: Position, t: &Value, lookup: &Lookup, em: &mut Emitter) -> Result<()> {
    if t.get("user").is_some() && t.get("author_id").is_none() {
        return tweet_v1(pos, t, em);
    }
    let author = match t.get("author").and_then(|a| author_account(a, em)) {
        Some(a) => a,
        None => match text(t.get("author_id")) {
            Some(id) => key("x", &id),
            None => {
                return em.reject(pos, "missing field", "tweet has no author_id".into());
            }
        },
    };
    let ts = text(t.get("created_at")).and_then(|c| parse_ts(&c));
    let refs = t.get("referenced_tweets").and_then(Value::as_array);
    let mut first_is_retweet = false;
    let mut replied = None;
    for (i, r) in refs.into_iter().flatten().enumerate() {
        let kind = match text(r.get("type")).as_deref() {
            Some("retweeted") => "repost",
            Some("quoted") => "quote",
            Some("replied_to") => "reply",
            _ => continue,
        };
        if i == 0 && kind == "repost" {
            first_is_retweet = true;
        }
        let target = r
            .get("author")
            .and_then(|a| author_account(a, em))
            .or_else(|| text(r.get("author_id")).map(|id| key("x", &id)))
            .or_else(|| {
                text(r.get("id"))
                    .and_then(|id| lookup.tweets.get(&id))
                    .map(|a| key("x", a))
            });
        match target {
            Some(target) => {
                if kind == "reply" {
                    replied = Some(target.clone());
                }
                em.edge(pos, &author, &target, kind, ts)?;
            }
            None => em.note("referenced tweet without author (deleted or not expanded)"),
        }
    }
    if replied.is_none() {
        if let Some(id) = text(t.get("in_reply_to_user_id")) {
            em.edge(pos, &author, &key("x", &id), "reply", ts)?;
        }
    }
    let mentions = at(t, &["entities", "mentions"]).and_then(Value::as_array);
    for (j, m) in mentions.into_iter().flatten().enumerate() {
        if j == 0 && first_is_retweet && m.get("start").and_then(Value::as_u64) == Some(3) {
            continue;
        }
        let handle = text(m.get("username")).map(|h| h.to_lowercase());
        let id = text(m.get("id"))
            .or_else(|| handle.as_ref().and_then(|h| lookup.users.get(h).cloned()));
        let target = match (id, handle) {
            (Some(id), h) => {
                let k = key("x", &id);
                if let Some(h) = h {
                    em.handle(format!("x:@{h}"), k.clone());
                }
                k
            }
            (None, Some(h)) => format!("x:@{h}"),
            (None, None) => continue,
        };
        em.edge(pos, &author, &target, "mention", ts)?;
    }
    Ok(())
}

/// Parses v2 (`2013-12-14T04:35:55.000Z`) and v1.1 (`Sat Feb 18 12:33:11 +0000 2023`) times.
fn parse_ts(t: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|d| d.timestamp())
        .or_else(|| parse_created_at(t))
}

fn tweet_v1(pos: Position, t: &Value, em: &mut Emitter) -> Result<()> {
    let Some(user) = t.get("user") else {
        return Ok(());
    };
    let Some(author) = user_key(em, user) else {
        return em.reject(pos, "missing field", "tweet user has no id_str".into());
    };
    em.account(
        &author,
        &text(user.get("screen_name")).unwrap_or_default(),
        &text(user.get("name")).unwrap_or_default(),
    );
    let ts = text(t.get("created_at")).and_then(|c| parse_ts(&c));
    if let Some(rt) = t.get("retweeted_status") {
        if let Some(target) = rt.get("user").and_then(|u| user_key(em, u)) {
            em.edge(pos, &author, &target, "repost", ts)?;
        }
        return Ok(());
    }
    if let Some(q) = t.get("quoted_status") {
        if let Some(target) = q.get("user").and_then(|u| user_key(em, u)) {
            em.edge(pos, &author, &target, "quote", ts)?;
        }
    }
    let reply = text(t.get("in_reply_to_user_id_str")).map(|id| key("x", &id));
    if let Some(r) = &reply {
        if let Some(h) = text(t.get("in_reply_to_screen_name")) {
            em.handle(format!("x:@{}", h.to_lowercase()), r.clone());
        }
        em.edge(pos, &author, r, "reply", ts)?;
    }
    let mentions = at(t, &["entities", "user_mentions"]).and_then(Value::as_array);
    for m in mentions.into_iter().flatten() {
        if let Some(target) = user_key(em, m) {
            if Some(&target) != reply.as_ref() {
                em.edge(pos, &author, &target, "mention", ts)?;
            }
        }
    }
    Ok(())
}

/// Reads a twarc2 CSV (streamed).
pub(super) fn read_twarc_csv(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::parse_line(&path, 1, e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let author_c = col("author_id").ok_or_else(|| Error::Schema {
        path: path.clone(),
        message: "twarc CSV without an author_id column".into(),
    })?;
    let c = |n| col(n);
    let pairs = [
        (c("retweeted_user_id"), c("retweeted_username")),
        (c("quoted_user_id"), c("quoted_username")),
        (c("in_reply_to_user_id"), c("in_reply_to_username")),
    ];
    let (username_c, rt_c, rt_name_c, q_c, reply_c, created_c, mentions_c) = (
        c("author.username"),
        c("retweeted_user_id"),
        c("retweeted_username"),
        c("quoted_user_id"),
        c("in_reply_to_user_id"),
        c("created_at"),
        c("entities.mentions"),
    );
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
        rows += 1;
        let pos = Position::Line(rec.position().map_or(0, |p| p.line()));
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(author_id) = get(Some(author_c)) else {
            em.reject(pos, "empty source", "column \"author_id\" is empty".into())?;
            continue;
        };
        let author = key("x", author_id);
        if let Some(h) = get(username_c) {
            em.account(&author, h, "");
            em.handle(format!("x:@{}", h.to_lowercase()), author.clone());
        }
        for (idc, namec) in pairs {
            if let (Some(id), Some(h)) = (get(idc), get(namec)) {
                em.handle(format!("x:@{}", h.to_lowercase()), key("x", id));
            }
        }
        let ts = match get(created_c) {
            Some(t) => match parse_ts(t) {
                Some(ts) => Some(ts),
                None => {
                    em.reject(
                        pos,
                        "bad timestamp",
                        format!("column \"created_at\": {t:?} is not a date"),
                    )?;
                    continue;
                }
            },
            None => None,
        };
        let retweeted = get(rt_c).map(|id| key("x", id));
        if let Some(t) = &retweeted {
            em.edge(pos, &author, t, "repost", ts)?;
        }
        if let Some(q) = get(q_c) {
            em.edge(pos, &author, &key("x", q), "quote", ts)?;
        }
        if let Some(r) = get(reply_c) {
            em.edge(pos, &author, &key("x", r), "reply", ts)?;
        }
        if let Some(m) = get(mentions_c) {
            let list: Vec<String> = serde_json::from_str(m).unwrap_or_else(|_| {
                m.split([',', ' '])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            let rt_name = get(rt_name_c).map(str::to_lowercase);
            for (j, name) in list.iter().enumerate() {
                let h = name.trim().trim_start_matches('@').to_lowercase();
                if h.is_empty() || (j == 0 && retweeted.is_some() && rt_name.as_deref() == Some(&h))
                {
                    continue;
                }
                em.edge(pos, &author, &format!("x:@{h}"), "mention", ts)?;
            }
        }
    }
    Ok(rows)
}
