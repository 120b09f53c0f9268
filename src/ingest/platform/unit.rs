//! Exports as given on the command line: a file, a folder (an unpacked archive, searched
//! recursively) or a ZIP. One such export is a *unit*: its owner files (X `account.js`, Instagram
//! `personal_information.json`, Mastodon `actor.json`, Facebook `profile_information.json`) are
//! read first and name the owner of every
//! other file of the unit.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

use super::{detect, entry_path, is_owner_file, read_owner, Format, Owners, HEAD};

/// Where one file of a unit lives.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
    /// A file on disk.
    File(PathBuf),
    /// An entry of a ZIP archive, by index.
    Zip(usize),
}

/// One platform file of a unit.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Path shown in messages (`archive.zip!data/tweets.js` for ZIP entries).
    pub display: PathBuf,
    /// The name inside the export (file name or ZIP entry name).
    pub name: String,
    /// Where to read it.
    pub entry: Entry,
    /// Its format.
    pub format: Format,
}

/// One export.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// The ZIP holding the entries, if any.
    pub zip: Option<PathBuf>,
    /// Files to read, owner files first.
    pub items: Vec<Item>,
    /// Owner files beside a single file (not read for edges).
    pub owner_only: Vec<Item>,
}

fn sniff(path: &Path) -> Result<Vec<u8>> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = vec![0; HEAD];
    let mut n = 0;
    while n < HEAD {
        let k = f.read(&mut head[n..]).map_err(|e| Error::io(path, e))?;
        if k == 0 {
            break;
        }
        n += k;
    }
    head.truncate(n);
    Ok(head)
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// The platform format of a file on disk, if it is one.
pub(crate) fn detect_file(path: &Path, columns: (&str, &str)) -> Result<Option<Format>> {
    let head = sniff(path)?;
    Ok(detect(&path.to_string_lossy(), &head, columns))
}

fn sort_owner_first(items: &mut [Item]) {
    items.sort_by_key(|i| (!is_owner_file(i.format, &i.name), i.name.clone()));
}

/// A unit of one file (plus owner files beside it).
pub(crate) fn single(path: &Path, format: Format, columns: (&str, &str)) -> Result<Unit> {
    let mut owner_only = Vec::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        for name in [
            "account.js",
            "personal_information.json",
            "actor.json",
            "profile_information.json",
        ] {
            let p = dir.join(name);
            if p.is_file() && p != path {
                if let Some(f) = detect_file(&p, columns)? {
                    owner_only.push(Item {
                        display: p.clone(),
                        name: name.into(),
                        entry: Entry::File(p),
                        format: f,
                    });
                }
            }
        }
    }
    let mut items = vec![Item {
        display: path.to_path_buf(),
        name: path.to_string_lossy().into_owned(),
        entry: Entry::File(path.to_path_buf()),
        format,
    }];
    // A Gephi edges table brings the nodes table beside it (labels).
    if format == Format::GephiEdges {
        if let Some(dir) = path.parent() {
            for name in ["nodes.csv", "Nodes.csv"] {
                let p = dir.join(name);
                if p.is_file() && detect_file(&p, columns)? == Some(Format::GephiNodes) {
                    items.push(Item {
                        display: p.clone(),
                        name: name.into(),
                        entry: Entry::File(p),
                        format: Format::GephiNodes,
                    });
                    break;
                }
            }
        }
    }
    Ok(Unit {
        zip: None,
        items,
        owner_only,
    })
}

/// A folder searched recursively (4 levels): one unit, or, when it holds the owner files of
/// several exports of one platform (e.g. the unpacked archives of several accounts side by side),
/// one unit per subfolder (and per loose file). Empty if it holds no platform file.
pub(crate) fn folder(dir: &Path, columns: (&str, &str)) -> Result<Vec<Unit>> {
    let Some(unit) = folder_unit(dir, columns)? else {
        return Ok(Vec::new());
    };
    let mut per_platform: std::collections::BTreeMap<&str, usize> = Default::default();
    for i in &unit.items {
        if is_owner_file(i.format, &i.name) {
            *per_platform
                .entry(super::platform_of(i.format))
                .or_default() += 1;
        }
    }
    if per_platform.values().all(|&n| n <= 1) {
        return Ok(vec![unit]);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut units = Vec::new();
    for p in entries {
        if p.is_dir() {
            units.extend(folder(&p, columns)?);
        } else if let Some(f) = detect_file(&p, columns)? {
            units.push(single(&p, f, columns)?);
        }
    }
    Ok(units)
}

fn folder_unit(dir: &Path, columns: (&str, &str)) -> Result<Option<Unit>> {
    let mut items = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .map_err(|e| Error::io(&d, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if depth < 4 {
                    stack.push((p, depth + 1));
                }
            } else if let Some(f) = detect_file(&p, columns)? {
                let name = p
                    .strip_prefix(dir)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned();
                items.push(Item {
                    display: p.clone(),
                    name,
                    entry: Entry::File(p),
                    format: f,
                });
            }
        }
    }
    if items.is_empty() {
        return Ok(None);
    }
    sort_owner_first(&mut items);
    Ok(Some(Unit {
        zip: None,
        items,
        owner_only: Vec::new(),
    }))
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    Error::Schema {
        path: path.to_path_buf(),
        message: format!("not a readable ZIP archive: {e}"),
    }
}

/// A ZIP archive: every entry whose name and first bytes match a platform format.
pub(crate) fn zip_unit(path: &Path, columns: (&str, &str)) -> Result<Unit> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(path, e))?;
    let mut items = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| zip_error(path, e))?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        let mut head = Vec::with_capacity(HEAD);
        (&mut f)
            .take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(|e| Error::Parse {
                path: entry_path(path, &name),
                position: crate::error::Position::Byte(0),
                message: format!("corrupt ZIP entry: {e}"),
            })?;
        if let Some(format) = detect(&name, &head, columns) {
            items.push(Item {
                display: entry_path(path, &name),
                name,
                entry: Entry::Zip(i),
                format,
            });
        }
    }
    if items.is_empty() {
        return Err(Error::Schema {
            path: path.to_path_buf(),
            message: "ZIP holds no file relais recognises (X archive data/*.js, Instagram \
                      followers_*.json, ...)"
                .into(),
        });
    }
    sort_owner_first(&mut items);
    Ok(Unit {
        zip: Some(path.to_path_buf()),
        items,
        owner_only: Vec::new(),
    })
}

/// Whether `path` is read as a ZIP unit.
pub(crate) fn is_zip_path(path: &Path) -> bool {
    is_zip(path)
}

/// Counts and hashes what a parser reads.
pub(crate) struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Drains the rest, returns the size and hex digest.
    pub fn finish(mut self, path: &Path) -> Result<(u64, String)> {
        std::io::copy(&mut self, &mut std::io::sink()).map_err(|e| Error::io(path, e))?;
        let digest = self.hasher.finalize();
        Ok((
            self.bytes,
            digest.iter().map(|b| format!("{b:02x}")).collect(),
        ))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Reads every item of a unit: `f(item, reader)` for each, owner files first. Returns the owners.
pub(crate) fn owners(unit: &Unit) -> Result<Owners> {
    let mut owners = Owners::new();
    let mut archive = match &unit.zip {
        Some(z) => {
            let file = File::open(z).map_err(|e| Error::io(z, e))?;
            Some(zip::ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(z, e))?)
        }
        None => None,
    };
    for item in unit.owner_only.iter().chain(&unit.items) {
        if !is_owner_file(item.format, &item.name) {
            continue;
        }
        let found = match (&item.entry, archive.as_mut()) {
            (Entry::File(p), _) => {
                let mut f = File::open(p).map_err(|e| Error::io(p, e))?;
                read_owner(item.format, &item.name, &item.display, &mut f)?
            }
            (Entry::Zip(i), Some(a)) => {
                let z = unit.zip.as_deref().unwrap_or(Path::new(""));
                let mut f = a.by_index(*i).map_err(|e| zip_error(z, e))?;
                read_owner(item.format, &item.name, &item.display, &mut f)?
            }
            (Entry::Zip(_), None) => None,
        };
        if let Some((platform, key, _handle)) = found {
            owners.entry(platform).or_insert(key);
        }
    }
    Ok(owners)
}

/// Calls `f` on each item of the unit with a reader over its bytes.
pub(crate) fn for_each(
    unit: &Unit,
    mut f: impl FnMut(&Item, &mut dyn Read) -> Result<()>,
) -> Result<()> {
    let mut archive = match &unit.zip {
        Some(z) => {
            let file = File::open(z).map_err(|e| Error::io(z, e))?;
            Some(zip::ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(z, e))?)
        }
        None => None,
    };
    for item in &unit.items {
        match (&item.entry, archive.as_mut()) {
            (Entry::File(p), _) => {
                let mut file = File::open(p).map_err(|e| Error::io(p, e))?;
                f(item, &mut file)?;
            }
            (Entry::Zip(i), Some(a)) => {
                let z = unit.zip.as_deref().unwrap_or(Path::new(""));
                let mut entry = a.by_index(*i).map_err(|e| zip_error(z, e))?;
                f(item, &mut entry)?;
            }
            (Entry::Zip(_), None) => {}
        }
    }
    Ok(())
}
