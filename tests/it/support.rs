//! Shared helpers: run the binary, read its tables, find the reference data.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `relais` binary under test.
pub fn relais() -> Command {
    let mut cmd = Command::cargo_bin("relais").expect("binary built");
    cmd.env_remove("RAYON_NUM_THREADS");
    // English whatever the tester's locale (`--lang` defaults to it); tests/it/i18n.rs sets its own.
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    cmd
}

/// The reference networks (../shared/data beside the repository, or $RELAIS_SHARED_DATA).
pub fn shared_data() -> PathBuf {
    if let Ok(p) = std::env::var("RELAIS_SHARED_DATA") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// A CSV file as a header and rows of text.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn read(path: &Path) -> Csv {
        let mut r =
            csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect();
        Csv { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// Column `name` keyed by the `account` column.
    pub fn by_account(&self, name: &str) -> HashMap<String, String> {
        let (a, c) = (self.col("account"), self.col(name));
        self.rows
            .iter()
            .map(|r| (r[a].clone(), r[c].clone()))
            .collect()
    }
}

/// Writes `content` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// Reads a JSON file.
pub fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A platform fixture: `data/fixtures/platforms/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/fixtures/platforms")
        .join(rel)
}

/// One normalised edge: source, target, kind, timestamp (RFC 3339 or "").
pub type Edge = (String, String, String, String);

/// Runs `relais inspect INPUTS EXTRA --edges` and returns the normalised edge table.
pub fn edges(inputs: &[PathBuf], extra: &[&str]) -> Vec<Edge> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("edges.csv");
    relais()
        .arg("inspect")
        .args(inputs)
        .args(extra)
        .arg("--edges")
        .arg(&out)
        .assert()
        .success();
    let t = Csv::read(&out);
    assert_eq!(
        t.header,
        ["source", "target", "kind", "timestamp", "weight"]
    );
    t.rows
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
        .collect()
}

/// Edges per kind.
pub fn kinds(e: &[Edge]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for (_, _, k, _) in e {
        *m.entry(k.clone()).or_default() += 1;
    }
    m
}

/// Expected edges per kind, for comparison with [`kinds`].
pub fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// Whether the edge `s → t` of kind `k` is present.
pub fn has(e: &[Edge], s: &str, t: &str, k: &str) -> bool {
    e.iter().any(|x| x.0 == s && x.1 == t && x.2 == k)
}

/// The timestamp of the edge `s → t` of kind `k` (panics when absent).
pub fn time_of(e: &[Edge], s: &str, t: &str, k: &str) -> String {
    e.iter()
        .find(|x| x.0 == s && x.1 == t && x.2 == k)
        .map(|x| x.3.clone())
        .unwrap_or_else(|| panic!("no edge {s} -> {t} ({k}) in {e:?}"))
}

/// One random mutation of `b`, as the parsers' never-panic tests apply them: a truncation, byte
/// flips, a JSON-ish token inserted, a spliced duplicate of a piece, a deletion, or random junk.
pub fn mutate(rng: &mut impl rand::Rng, b: &mut Vec<u8>) {
    let n = b.len().max(1);
    match rng.random_range(0..6) {
        0 => b.truncate(rng.random_range(0..n)),
        1 => {
            for _ in 0..rng.random_range(1..8) {
                let i = rng.random_range(0..n);
                if i < b.len() {
                    b[i] = rng.random();
                }
            }
        }
        2 => {
            let tokens: [&[u8]; 10] = [
                b"\\u00c3",
                b"null",
                b"[",
                b"]",
                b"{}",
                b"\"x\"",
                b"-1e999",
                b"99999999999999999999",
                b"\xff\xfe",
                b"\"timestamp\": ",
            ];
            let t = tokens[rng.random_range(0..tokens.len())];
            let i = rng.random_range(0..=b.len());
            b.splice(i..i, t.iter().copied());
        }
        3 => {
            let i = rng.random_range(0..n).min(b.len());
            let j = rng.random_range(i..=b.len());
            let k = rng.random_range(0..=b.len());
            let piece = b[i..j].to_vec();
            b.splice(k..k, piece);
        }
        4 => {
            let i = rng.random_range(0..n).min(b.len());
            let j = rng.random_range(i..=b.len());
            b.drain(i..j);
        }
        _ => {
            let junk: Vec<u8> = (0..rng.random_range(1..16)).map(|_| rng.random()).collect();
            let i = rng.random_range(0..=b.len());
            b.splice(i..i, junk);
        }
    }
}
