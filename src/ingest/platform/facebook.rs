//! Facebook "Download your information" (JSON format). Layouts, with sources, in
//! docs/FORMATS-facebook-tiktok.md.
//!
//! - Connection lists, one JSON document each: an object whose list key names the relation,
//!   entries `{"name", "timestamp"}` (epoch seconds of the friendship or follow):
//!   - friends: `friends_v2` (2020+: `connections/friends/your_friends.json`,
//!     `friends_and_followers/friends.json`), `friends` (2018–19: `friends/friends.json`);
//!   - followers: `followers_v3` (`connections/followers/people_who_followed_you.json`),
//!     `followers_v2`, `followers` (older `followers.json`);
//!   - following: `following_v3` (`connections/followers/who_you've_followed.json`),
//!     `following_v2`, `following` (older `following.json` / `who_you_follow.json`);
//!   - pages: `page_likes_v2` / `page_likes` (`pages/pages_you've_liked.json`, `{"name",
//!     "timestamp", "url"?}`) and `pages_followed_v2` (`pages/pages_you_follow.json`,
//!     `pages_and_profiles_you_follow.json`: `{"timestamp", "data": [{"name"}], "title"}`).
//!
//!   An entry's name is `name`, else `data[0].name`, else `string_list_data[0].value`, else the
//!   `label_values` item labelled `Name`, else `title`, else the entry itself when it is a string;
//!   its time is `timestamp` (else `string_list_data[0].timestamp`). A top-level array (no list
//!   key) takes its relation from the file name.
//! - `profile_information.json`: the owner (`profile_v2.name.full_name`, older
//!   `profile.name.full_name`; `username` becomes the handle).
//!
//! Meta writes every UTF-8 byte of a string as its own `\u00XX` escape ("Zoé" arrives as
//! "ZoÃ©"): [`fix_mojibake`] undoes it. People carry no id in these files, only a display name, so
//! accounts are keyed `facebook:<name, lower-cased>` (owner included, so several exports merge).
//! Friends are mutual: owner ↔ friend `connection` edges; follower → owner and owner → followed
//! are `follow`; owner → page is `like` (liked page) or `follow` (followed page). Friend requests,
//! removed friends and unfollowed pages are not relations and are not read. Documents are read
//! whole.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Position, Result};

use super::{contains, key, parse_json, read_all, text, Emitter};

/// What a list says about the owner and each entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Mutual friendship.
    Friend,
    /// The entry follows the owner.
    Follower,
    /// The owner follows the entry.
    Following,
    /// The owner liked the page.
    PageLike,
    /// The owner follows the page.
    PageFollow,
}

/// List keys, newest first.
const KEYS: [(&str, Relation); 12] = [
    ("friends_v2", Relation::Friend),
    ("friends", Relation::Friend),
    ("followers_v3", Relation::Follower),
    ("followers_v2", Relation::Follower),
    ("followers", Relation::Follower),
    ("following_v3", Relation::Following),
    ("following_v2", Relation::Following),
    ("following", Relation::Following),
    ("page_likes_v2", Relation::PageLike),
    ("page_likes", Relation::PageLike),
    ("pages_followed_v2", Relation::PageFollow),
    ("pages_followed", Relation::PageFollow),
];

/// Keys specific enough to recognise a Facebook list whatever the file is called.
const STRONG_KEYS: [&str; 7] = [
    "\"friends_v2\"",
    "\"followers_v3\"",
    "\"followers_v2\"",
    "\"following_v3\"",
    "\"following_v2\"",
    "\"page_likes_v2\"",
    "\"pages_followed_v2\"",
];

/// The relation a file name stands for (`_N` part suffixes and `.json` removed).
fn relation_of_file(file: &str) -> Option<Relation> {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    let stem = match stem.rsplit_once('_') {
        Some((s, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => s,
        _ => stem,
    };
    Some(match stem {
        "your_friends" | "friends" => Relation::Friend,
        "people_who_followed_you" | "people_who_follow_you" | "followers" => Relation::Follower,
        "who_you've_followed"
        | "who_you_ve_followed"
        | "who_you\u{2019}ve_followed"
        | "who_you_follow"
        | "following" => Relation::Following,
        "pages_you've_liked" | "pages_you_ve_liked" | "pages_you\u{2019}ve_liked" => {
            Relation::PageLike
        }
        "pages_you_follow" | "pages_and_profiles_you_follow" => Relation::PageFollow,
        _ => return None,
    })
}

/// Whether a JSON file (lower-cased name, first bytes) is a Facebook connection list.
pub(super) fn detect(file: &str, head: &[u8]) -> bool {
    if STRONG_KEYS.iter().any(|k| contains(head, k.as_bytes())) {
        return true;
    }
    // 2018–19 liked pages: likes_and_reactions/pages.json.
    if file == "pages.json" && contains(head, b"\"page_likes\"") {
        return true;
    }
    let Some(rel) = relation_of_file(file) else {
        return false;
    };
    let generic = ["friends.json", "followers.json", "following.json"];
    if !generic.contains(&file) {
        // A Facebook-specific file name (your_friends.json, who_you've_followed.json, ...).
        return true;
    }
    // friends.json / followers.json / following.json are common names: require the old key.
    let want: &[u8] = match rel {
        Relation::Friend => b"\"friends\"",
        Relation::Follower => b"\"followers\"",
        _ => b"\"following\"",
    };
    contains(head, want)
}

/// Whether a file is the owner's `profile_information.json`.
pub(super) fn detect_owner(file: &str, head: &[u8]) -> bool {
    file == "profile_information.json"
        && (contains(head, b"\"profile_v2\"") || contains(head, b"\"profile\""))
}

/// Undoes Meta's per-byte escaping of UTF-8: a string whose characters are all at most U+00FF,
/// some of them above U+007F, and whose characters read as bytes form valid UTF-8, is decoded;
/// anything else (plain ASCII, a genuine "Café", text with characters beyond U+00FF) is kept.
pub(crate) fn fix_mojibake(s: &str) -> Cow<'_, str> {
    let mut high = false;
    for c in s.chars() {
        match c as u32 {
            0x80..=0xff => high = true,
            0x100.. => return Cow::Borrowed(s),
            _ => {}
        }
    }
    if !high {
        return Cow::Borrowed(s);
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(t) => Cow::Owned(t),
        Err(_) => Cow::Borrowed(s),
    }
}

/// A display name as read: mojibake undone, control characters dropped, whitespace collapsed.
fn clean_name(raw: &str) -> String {
    let fixed = fix_mojibake(raw);
    let no_ctrl: String = fixed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    no_ctrl.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The owner's node key and handle.
pub(super) fn owner(path: &Path, input: &mut dyn Read) -> Result<Option<(String, String)>> {
    let v = parse_json(path, &read_all(path, input)?)?;
    let Some(p) = v.get("profile_v2").or_else(|| v.get("profile")) else {
        return Ok(None);
    };
    let name = p
        .get("name")
        .and_then(|n| match n {
            Value::String(s) => Some(s.clone()),
            _ => text(n.get("full_name")),
        })
        .map(|n| clean_name(&n))
        .filter(|n| !n.is_empty());
    let handle = text(p.get("username")).map(|u| clean_name(&u));
    Ok(match (name, handle) {
        (Some(n), h) => Some((key("facebook", &n), h.unwrap_or(n))),
        (None, Some(h)) if !h.is_empty() => Some((key("facebook", &h), h)),
        _ => None,
    })
}

/// The name of one list entry, raw.
fn entry_name(e: &Value) -> Option<String> {
    if let Value::String(s) = e {
        return Some(s.clone());
    }
    let sld = e.get("string_list_data").and_then(|d| d.get(0));
    text(e.get("name"))
        .or_else(|| {
            e.get("data")
                .and_then(|d| d.get(0))
                .and_then(|d| text(d.get("name")))
        })
        .or_else(|| sld.and_then(|d| text(d.get("value"))))
        .or_else(|| {
            e.get("label_values")?
                .as_array()?
                .iter()
                .find(|lv| {
                    lv.get("label").and_then(Value::as_str).is_some_and(|l| {
                        l.eq_ignore_ascii_case("name") || l.eq_ignore_ascii_case("full name")
                    })
                })
                .and_then(|lv| text(lv.get("value")))
        })
        .or_else(|| text(e.get("title")))
}

/// The last second of the year 9999: later times are not dates.
pub(super) const MAX_TIME: i64 = 253_402_300_799;

/// The time of one entry: `Ok(None)` when absent or zero, `Err` with what was found when it is
/// not a number of seconds.
fn entry_time(e: &Value) -> std::result::Result<Option<i64>, String> {
    let t = e.get("timestamp").or_else(|| {
        e.get("string_list_data")
            .and_then(|d| d.get(0))
            .and_then(|d| d.get("timestamp"))
    });
    let secs = match t {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e17)
                .map(|f| f as i64)
        }),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    let found = || t.map_or_else(String::new, Value::to_string);
    match secs {
        None => Err(found()),
        // Milliseconds (some newer files): above 10^11 seconds is the year 5138.
        Some(s) if s > 100_000_000_000 => match s / 1000 {
            s if s <= MAX_TIME => Ok(Some(s)),
            _ => Err(found()),
        },
        Some(s) if s > 0 => Ok(Some(s)),
        Some(_) => Ok(None),
    }
}

pub(super) fn read(file: &str, input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let v = parse_json(&path, &read_all(&path, input)?)?;
    let mut lists: Vec<(&str, Relation, &Value)> = Vec::new();
    match &v {
        Value::Object(o) => {
            for (k, rel) in KEYS {
                if let Some(list) = o.get(k) {
                    lists.push((k, rel, list));
                }
            }
        }
        Value::Array(_) => {
            if let Some(rel) = relation_of_file(file) {
                lists.push(("(top-level list)", rel, &v));
            }
        }
        _ => {}
    }
    if lists.is_empty() {
        return Err(Error::Schema {
            path,
            message: "no Facebook connection list in this file (expected one of friends_v2, \
                      followers_v3, following_v3, page_likes_v2, pages_followed_v2 or their \
                      older names)"
                .into(),
        });
    }
    let owner = em.owner();
    let mut rows = 0;
    for (field, rel, list) in lists {
        let entries = match list {
            Value::Array(a) => a.as_slice(),
            Value::Null => &[][..],
            other => {
                return Err(em.fatal(
                    Position::Row(0),
                    format!(
                        "field {field:?} should be a list of entries, found {}",
                        kind_of(other)
                    ),
                ))
            }
        };
        for (i, e) in entries.iter().enumerate() {
            rows += 1;
            let pos = Position::Row(i as u64);
            let name = entry_name(e).map(|n| clean_name(&n)).unwrap_or_default();
            if name.is_empty() {
                em.reject(
                    pos,
                    "missing field",
                    format!(
                        "{field}[{i}]: entry has no name (name, data[0].name, \
                         string_list_data[0].value, label_values Name or title)"
                    ),
                )?;
                continue;
            }
            let ts = match entry_time(e) {
                Ok(t) => t,
                Err(found) => {
                    em.reject(
                        pos,
                        "bad timestamp",
                        format!("{field}[{i}].timestamp: {found} is not Unix seconds"),
                    )?;
                    continue;
                }
            };
            let other = key("facebook", &name);
            em.account(&other, "", &name);
            match rel {
                Relation::Friend => {
                    em.edge(pos, &owner, &other, "connection", ts)?;
                    em.edge(pos, &other, &owner, "connection", ts)?;
                }
                Relation::Follower => em.edge(pos, &other, &owner, "follow", ts)?,
                Relation::Following | Relation::PageFollow => {
                    em.edge(pos, &owner, &other, "follow", ts)?
                }
                Relation::PageLike => em.edge(pos, &owner, &other, "like", ts)?,
            }
        }
    }
    Ok(rows)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_undone_and_genuine_text_kept() {
        // "Zoé Lefèvre" as Meta writes it: each UTF-8 byte its own \u00XX escape.
        let v: Value = serde_json::from_str(r#""Zo\u00c3\u00a9 Lef\u00c3\u00a8vre""#).unwrap();
        assert_eq!(fix_mojibake(v.as_str().unwrap()), "Zoé Lefèvre");
        // A 4-byte sequence (emoji) and a 3-byte one (CJK).
        let v: Value =
            serde_json::from_str(r#""\u00f0\u009f\u0098\u0080 \u00e6\u009d\u00b1""#).unwrap();
        assert_eq!(fix_mojibake(v.as_str().unwrap()), "😀 東");
        // Correctly encoded text is left alone: "Café" (é alone is not valid UTF-8 as a byte).
        assert_eq!(fix_mojibake("Café"), "Café");
        assert_eq!(fix_mojibake("Ωmega é"), "Ωmega é");
        assert_eq!(fix_mojibake("plain"), "plain");
    }

    #[test]
    fn file_names_map_to_relations() {
        assert_eq!(
            relation_of_file("your_friends.json"),
            Some(Relation::Friend)
        );
        assert_eq!(
            relation_of_file("people_who_followed_you_2.json"),
            Some(Relation::Follower)
        );
        assert_eq!(
            relation_of_file("who_you've_followed.json"),
            Some(Relation::Following)
        );
        assert_eq!(
            relation_of_file("pages_and_profiles_you_follow.json"),
            Some(Relation::PageFollow)
        );
        assert_eq!(relation_of_file("removed_friends.json"), None);
        assert!(detect("your_friends.json", b"[]"));
        assert!(detect("x.json", br#"{"following_v3": []}"#));
        assert!(!detect("followers.json", br#"{"data": []}"#));
        assert!(detect("followers.json", br#"{"followers": []}"#));
        assert!(!detect(
            "removed_friends.json",
            br#"{"deleted_friends_v2": []}"#
        ));
    }

    #[test]
    fn entry_shapes() {
        let e: Value = serde_json::from_str(
            r#"{"timestamp": 5, "label_values": [{"label": "URL", "value": "u"},
                {"label": "Name", "value": "Ana"}]}"#,
        )
        .unwrap();
        assert_eq!(entry_name(&e).as_deref(), Some("Ana"));
        assert_eq!(entry_time(&e), Ok(Some(5)));
        let e: Value =
            serde_json::from_str(r#"{"title": "T", "data": [{"name": "Page"}], "timestamp": "7"}"#)
                .unwrap();
        assert_eq!(entry_name(&e).as_deref(), Some("Page"));
        assert_eq!(entry_time(&e), Ok(Some(7)));
        let e: Value = serde_json::from_str(r#"{"name": "A", "timestamp": "soon"}"#).unwrap();
        assert!(entry_time(&e).is_err());
        let e: Value =
            serde_json::from_str(r#"{"name": "A", "timestamp": 1700000000123}"#).unwrap();
        assert_eq!(entry_time(&e), Ok(Some(1_700_000_000)));
        // Beyond the year 9999 even as milliseconds: not a date.
        let e: Value = serde_json::from_str(r#"{"name": "A", "timestamp": 9e18}"#).unwrap();
        assert!(entry_time(&e).is_err());
        assert_eq!(clean_name("  Ana \u{0}  Lima "), "Ana Lima");
    }
}
