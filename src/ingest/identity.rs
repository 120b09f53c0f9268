//! Identity after reading: handle resolution, the alias table and pseudonymisation, applied to
//! the interned names (and the accounts table) before the graph is built, so that every output
//! inherits them.
//!
//! Order, per name: `x:@handle` → `x:<id>` when an export paired them; then the alias table
//! (`account,person`: every account mapped to the same person becomes one node, its edges
//! merged); then, with `--pseudonymize`, `p_` + the first 16 hex digits (64 bits) of
//! HMAC-SHA256(key, name). Two names hashing alike would be an error (probability ~n²/2⁶⁵).

use std::path::Path;

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::error::{Error, Position, Result};
use crate::graph::{EdgeTable, NodeId};

use super::AccountTable;

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The pseudonym of `name` under `key`: `p_` and 16 hex digits.
pub fn pseudonym(key: &str, name: &str) -> String {
    let mac = hmac_sha256(key.as_bytes(), name.as_bytes());
    let mut s = String::with_capacity(18);
    s.push_str("p_");
    for b in &mac[..8] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Reads an alias table: CSV with a header; the first column is the account key (as relais
/// names it, e.g. `x:12345`, `instagram:alice`), the second the person or brand.
pub(crate) fn read_aliases(path: &Path) -> Result<FxHashMap<String, String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::Schema {
            path: path.to_path_buf(),
            message: format!("cannot read the alias table: {e}"),
        })?;
    let mut map = FxHashMap::default();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            position: Position::Line(e.position().map_or(0, |p| p.line())),
            message: e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let (Some(a), Some(p)) = (rec.get(0), rec.get(1)) else {
            return Err(Error::parse_line(
                path,
                line,
                "alias rows need two columns: account,person",
            ));
        };
        let (a, p) = (a.trim(), p.trim());
        if a.is_empty() || p.is_empty() {
            return Err(Error::parse_line(path, line, "empty account or person"));
        }
        map.insert(a.to_string(), p.to_string());
        map.insert(a.to_lowercase(), p.to_string());
    }
    Ok(map)
}

/// The command line with the values of `--owner` replaced (they name accounts).
pub fn redact_owners(args: &[String]) -> Vec<String> {
    let mut out = args.to_vec();
    for i in 0..out.len() {
        if out[i] == "--owner" && i + 1 < out.len() {
            out[i + 1] = "<pseudonymized>".into();
        } else if out[i].starts_with("--owner=") {
            out[i] = "--owner=<pseudonymized>".into();
        }
    }
    out
}

/// Account-table columns whose values identify someone and are pseudonymised too.
pub(crate) fn identifying_column(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "id",
        "name",
        "handle",
        "user",
        "url",
        "email",
        "screen",
        "link",
        "bio",
        "description",
        "profile",
        "acct",
        "address",
        "label",
        "owner",
    ]
    .iter()
    .any(|k| n.contains(k))
}

/// Applies `rename` to every name, merging names that become equal: the edge table's endpoints
/// and the accounts table follow. Returns the new names.
pub(crate) fn relabel(
    names: Vec<Box<str>>,
    edges: &mut EdgeTable,
    accounts: Option<&mut AccountTable>,
    mut rename: impl FnMut(&str) -> String,
) -> Vec<Box<str>> {
    let mut index: FxHashMap<Box<str>, NodeId> = FxHashMap::default();
    let mut new_names: Vec<Box<str>> = Vec::with_capacity(names.len());
    let mut map: Vec<NodeId> = Vec::with_capacity(names.len());
    for n in &names {
        let r: Box<str> = rename(n).into();
        let id = *index.entry(r.clone()).or_insert_with(|| {
            new_names.push(r);
            (new_names.len() - 1) as NodeId
        });
        map.push(id);
    }
    if new_names.len() != names.len() || map.iter().enumerate().any(|(i, &m)| m as usize != i) {
        for s in edges.src.iter_mut().chain(edges.dst.iter_mut()) {
            *s = map[*s as usize];
        }
    }
    if let Some(t) = accounts {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut keep = Vec::with_capacity(t.ids.len());
        for id in t.ids.iter_mut() {
            *id = rename(id);
            keep.push(seen.insert(id.clone()));
        }
        if keep.iter().any(|k| !k) {
            let mut k = keep.iter();
            t.ids.retain(|_| *k.next().unwrap_or(&true));
            for col in t.values.iter_mut() {
                let mut k = keep.iter();
                col.retain(|_| *k.next().unwrap_or(&true));
            }
        }
    }
    new_names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(pseudonym("k", "x:1").len(), 18);
        assert_ne!(pseudonym("k", "x:1"), pseudonym("k2", "x:1"));
    }

    #[test]
    fn relabel_merges_names() {
        let mut e = EdgeTable {
            src: vec![0, 1],
            dst: vec![1, 2],
            layer: vec![0, 0],
            ..EdgeTable::default()
        };
        let names: Vec<Box<str>> = vec!["a".into(), "b".into(), "B".into()];
        let out = relabel(names, &mut e, None, |n| n.to_lowercase());
        assert_eq!(out.len(), 2);
        assert_eq!(e.src, vec![0, 1]);
        assert_eq!(e.dst, vec![1, 1]);
    }
}
