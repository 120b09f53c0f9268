//! TikTok "Download your data" (JSON format): one document, `user_data.json` (older exports) or
//! `user_data_tiktok.json` (current). Layouts, with sources, in docs/FORMATS-facebook-tiktok.md.
//!
//! - Followers: `Activity → "Follower List" → FansList` (older) or `"Your Activity" → Follower →
//!   FansList` (current); following: `Activity → "Following List" → Following` or `"Your
//!   Activity" → Following → Following`. Entries `{"Date": "2021-11-11 01:22:22", "UserName":
//!   "..."}` (key case varies between exports: `date`, `userName`, `username` are accepted too).
//!   `Date` is read as UTC and becomes the follow's time.
//! - The owner is in the same file: `Profile → "Profile Info"` (current) or `"Profile
//!   Information"` (older) `→ ProfileMap → userName`; else `--owner tiktok:<username>`.
//!
//! follower → owner and owner → followed are `follow` edges; accounts are keyed
//! `tiktok:<username, lower-cased>`. The whole document is read (it also holds watch history,
//! messages, ...; only the two lists and the profile's user name are looked at).

use std::io::Read;

use serde_json::{Map, Value};

use crate::error::{Error, Position, Result};

use super::super::record::parse_timestamp;
use super::{contains, key, parse_json, read_all, text, Emitter};

/// Whether a JSON file (lower-cased name, first bytes) is a TikTok data export.
pub(super) fn detect(file: &str, ext: &str, head: &[u8]) -> bool {
    let body = head.trim_ascii_start();
    let named = ext == "json" && file.starts_with("user_data");
    let marked = [
        &b"\"FansList\""[..],
        b"\"Follower List\"",
        b"\"Following List\"",
        b"\"ProfileMap\"",
    ]
    .iter()
    .any(|m| contains(head, m));
    (named || marked) && (body.starts_with(b"{") || body.starts_with(b"\xef\xbb\xbf"))
}

/// The first of `keys` present in `o`.
fn first<'v>(o: Option<&'v Value>, keys: &[&str]) -> Option<(&'v Value, String)> {
    let o = o?;
    keys.iter()
        .find_map(|k| o.get(*k).map(|v| (v, (*k).to_string())))
}

/// Text of the first of `keys` present in an entry, with the key found.
fn field<'k>(e: &Map<String, Value>, keys: &[&'k str]) -> Option<(String, &'k str)> {
    keys.iter()
        .find_map(|k| e.get(*k).map(|v| (text(Some(v)).unwrap_or_default(), *k)))
}

/// The owner's user name in the document, if any.
fn owner_name(root: &Value) -> Option<String> {
    let (info, _) = first(
        root.get("Profile"),
        &["Profile Info", "Profile Information"],
    )?;
    let map = info.get("ProfileMap")?;
    text(map.get("userName").or_else(|| map.get("username")))
        .map(|s| s.trim().trim_start_matches('@').to_string())
        .filter(|s| !s.is_empty())
}

pub(super) fn read(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let path = em.path().to_path_buf();
    let v = parse_json(&path, &read_all(&path, input)?)?;
    if !v.is_object() {
        return Err(Error::Schema {
            path,
            message: "a TikTok user_data JSON file is one object (Activity, Profile, ...)".into(),
        });
    }
    if let Some(name) = owner_name(&v) {
        let k = key("tiktok", &name);
        em.account(&k, &name, "");
        em.set_owner(k);
    }
    let activity = first(Some(&v), &["Your Activity", "Activity"]);
    let lists = [
        (["Follower", "Follower List"], "FansList", false),
        (["Following", "Following List"], "Following", true),
    ];
    let mut found = false;
    let mut rows = 0;
    let mut owner = None;
    for (sections, list_key, following) in lists {
        let Some((section, section_name)) = first(activity.as_ref().map(|a| a.0), &sections) else {
            continue;
        };
        let root_name = activity.as_ref().map_or("", |a| a.1.as_str());
        let field_path = format!("{root_name} → {section_name} → {list_key}");
        let entries = match section.get(list_key) {
            None | Some(Value::Null) => {
                found = true;
                continue;
            }
            Some(Value::Array(a)) => a,
            Some(_) => {
                return Err(em.fatal(
                    Position::Row(0),
                    format!("{field_path} should be a list of {{Date, UserName}} entries"),
                ))
            }
        };
        found = true;
        let owner = owner.get_or_insert_with(|| em.owner()).clone();
        for (i, e) in entries.iter().enumerate() {
            rows += 1;
            let pos = Position::Row(i as u64);
            let Some(e) = e.as_object() else {
                em.reject(
                    pos,
                    "malformed entry",
                    format!("{field_path}[{i}]: entry is not an object {{Date, UserName}}"),
                )?;
                continue;
            };
            let name = field(e, &["UserName", "userName", "Username", "username"])
                .map(|(n, _)| n.trim().trim_start_matches('@').to_string())
                .unwrap_or_default();
            if name.is_empty() {
                em.reject(
                    pos,
                    "missing field",
                    format!("{field_path}[{i}]: entry has no UserName"),
                )?;
                continue;
            }
            let ts = match field(e, &["Date", "date"]) {
                None => None,
                Some((d, _)) if d.trim().is_empty() => None,
                Some((d, f)) => match parse_timestamp(&d) {
                    Ok(t) if (0..=super::facebook::MAX_TIME).contains(&t) => Some(t),
                    _ => {
                        em.reject(
                            pos,
                            "bad timestamp",
                            format!(
                                "{field_path}[{i}].{f}: {d:?} is not a date \
                                 (expected YYYY-MM-DD HH:MM:SS)"
                            ),
                        )?;
                        continue;
                    }
                },
            };
            let other = key("tiktok", &name);
            em.account(&other, &name, "");
            if following {
                em.edge(pos, &owner, &other, "follow", ts)?;
            } else {
                em.edge(pos, &other, &owner, "follow", ts)?;
            }
        }
    }
    if !found {
        em.note("no follower or following list (Activity → Follower List / Following List)");
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert!(detect(
            "user_data_tiktok.json",
            "json",
            b"{\"Ads and data\": {}}"
        ));
        assert!(detect("user_data.json", "json", b"  {\"Activity\": {}}"));
        assert!(detect(
            "renamed.json",
            "json",
            b"{\"Activity\": {\"Follower List\": {}}}"
        ));
        assert!(!detect("user_data.json", "json", b"[1, 2]"));
        assert!(!detect("other.json", "json", b"{\"Activity\": {}}"));
    }

    #[test]
    fn owner_from_either_profile_layout() {
        let new: Value = serde_json::from_str(
            r#"{"Profile": {"Profile Info": {"ProfileMap": {"userName": "@Lea_x"}}}}"#,
        )
        .unwrap();
        assert_eq!(owner_name(&new).as_deref(), Some("Lea_x"));
        let old: Value = serde_json::from_str(
            r#"{"Profile": {"Profile Information": {"ProfileMap": {"userName": "tom"}}}}"#,
        )
        .unwrap();
        assert_eq!(owner_name(&old).as_deref(), Some("tom"));
        assert_eq!(owner_name(&serde_json::json!({"Profile": {}})), None);
    }
}
