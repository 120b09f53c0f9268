//! Instagram "Download your information".
//!
//! - `followers_N.json` (a top-level array) and `following.json` (`{"relationships_following":
//!   [...]}`): entries `{"title", "string_list_data": [{"href", "value", "timestamp"}]}`. The
//!   username is `value`, else `title` (newer exports), else the last segment of `href`
//!   (`instagram.com/<name>` or `instagram.com/_u/<name>`). `timestamp` (epoch seconds of the
//!   follow) becomes the edge time.
//! - `followers_N.html` / `following.html`: a tolerant scan of `href="...instagram.com/<name>"`
//!   anchors (no XML parse: the export is not well-formed XHTML). The HTML gives no timestamps
//!   relais reads (they are localised text).
//! - `personal_information.json`: the owner (`profile_user[0].string_map_data.Username.value`).
//!
//! followers → owner and owner → following are `follow` edges. Documents are read whole.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Position, Result};

use super::{at, key, parse_json, read_all, text, Emitter};

/// The owner's node key and handle.
pub(super) fn owner(path: &Path, input: &mut dyn Read) -> Result<Option<(String, String)>> {
    let v = parse_json(path, &read_all(path, input)?)?;
    let name = v
        .get("profile_user")
        .and_then(|p| p.get(0))
        .and_then(|p| at(p, &["string_map_data", "Username", "value"]))
        .and_then(|v| text(Some(v)));
    Ok(name.map(|n| (key("instagram", &n), n)))
}

/// The username in an Instagram profile URL.
fn from_href(href: &str) -> Option<String> {
    let rest = href.split_once("instagram.com/")?.1;
    let rest = rest.strip_prefix("_u/").unwrap_or(rest);
    let name = rest.split(['/', '?', '#', '"']).next()?;
    (!name.is_empty()).then(|| name.to_string())
}

fn is_following(file: &str) -> bool {
    file.starts_with("following")
}

pub(super) fn read_json(file: &str, input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let v = parse_json(&path, &read_all(&path, input)?)?;
    let (entries, following) = match &v {
        Value::Array(a) => (a.as_slice(), is_following(file)),
        Value::Object(o) => {
            let list = o.iter().find(|(_, v)| v.is_array()).map(|(k, v)| {
                (
                    v.as_array().map_or(&[][..], |a| a.as_slice()),
                    k.contains("following"),
                )
            });
            match list {
                Some((l, f)) => (l, f || is_following(file)),
                None => (&[][..], false),
            }
        }
        _ => (&[][..], false),
    };
    let owner = em.owner();
    for (i, e) in entries.iter().enumerate() {
        let pos = Position::Row(i as u64);
        let data = e.get("string_list_data").and_then(|d| d.get(0));
        let name = data
            .and_then(|d| text(d.get("value")))
            .or_else(|| text(e.get("title")))
            .or_else(|| {
                data.and_then(|d| text(d.get("href")))
                    .and_then(|h| from_href(&h))
            });
        let Some(name) = name else {
            em.reject(
                pos,
                "missing field",
                "entry has no username (value, title or href)".into(),
            )?;
            continue;
        };
        let ts = data
            .and_then(|d| d.get("timestamp"))
            .and_then(Value::as_i64)
            .filter(|&t| t > 0);
        let other = key("instagram", &name);
        em.account(&other, &name, "");
        if following {
            em.edge(pos, &owner, &other, "follow", ts)?;
        } else {
            em.edge(pos, &other, &owner, "follow", ts)?;
        }
    }
    Ok(entries.len() as u64)
}

pub(super) fn read_html(file: &str, input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let bytes = read_all(&path, input)?;
    let html = String::from_utf8_lossy(&bytes);
    let owner = em.owner();
    let mut rows = 0;
    let mut line = 1u64;
    let mut last = 0;
    for (at_byte, _) in html.match_indices("href=\"") {
        line += html[last..at_byte].matches('\n').count() as u64;
        last = at_byte;
        let rest = &html[at_byte + 6..];
        let href = rest.split('"').next().unwrap_or("");
        let Some(name) = from_href(href) else {
            continue;
        };
        rows += 1;
        let other = key("instagram", &name);
        em.account(&other, &name, "");
        let pos = Position::Line(line);
        if is_following(file) {
            em.edge(pos, &owner, &other, "follow", None)?;
        } else {
            em.edge(pos, &other, &owner, "follow", None)?;
        }
    }
    Ok(rows)
}
