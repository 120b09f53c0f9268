//! Whole-file helpers: atomic single-file writes and byte comparison of two output folders.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: into a temporary file beside it, then renamed over it.
///
/// # Errors
/// [`Error::Io`] if the folder is not writable.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "relais".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Removes a folder that relais wrote (e.g. a verification re-run).
///
/// # Errors
/// [`Error::Io`] if it cannot be removed.
pub fn remove_output(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

/// How one file of an output folder compares with its counterpart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileDiff {
    /// Byte-identical.
    Same {
        /// Path relative to the folder.
        file: PathBuf,
    },
    /// Both exist and differ; `offset` is the first differing byte.
    Differs {
        /// Path relative to the folder.
        file: PathBuf,
        /// First differing byte.
        offset: u64,
        /// Sizes in the expected and the actual folder.
        sizes: (u64, u64),
    },
    /// Only in the expected folder.
    Missing {
        /// Path relative to the folder.
        file: PathBuf,
    },
    /// Only in the actual folder.
    Extra {
        /// Path relative to the folder.
        file: PathBuf,
    },
}

impl FileDiff {
    /// Whether the file is byte-identical.
    pub fn is_same(&self) -> bool {
        matches!(self, FileDiff::Same { .. })
    }
}

/// Compares every file under `expected` with the same path under `actual`, skipping the relative
/// paths in `skip`. Results are sorted by path.
///
/// # Errors
/// [`Error::Io`] if a folder or file cannot be read.
pub fn compare_dirs(expected: &Path, actual: &Path, skip: &[&str]) -> Result<Vec<FileDiff>> {
    let keep = |p: &PathBuf| !skip.iter().any(|s| Path::new(s) == p);
    let mut a: Vec<PathBuf> = list_files(expected)?.into_iter().filter(keep).collect();
    let mut b: Vec<PathBuf> = list_files(actual)?.into_iter().filter(keep).collect();
    a.sort();
    b.sort();
    let mut out = Vec::new();
    for file in &a {
        if b.binary_search(file).is_err() {
            out.push(FileDiff::Missing { file: file.clone() });
            continue;
        }
        let x = fs::read(expected.join(file)).map_err(|e| Error::io(expected.join(file), e))?;
        let y = fs::read(actual.join(file)).map_err(|e| Error::io(actual.join(file), e))?;
        out.push(match x.iter().zip(&y).position(|(p, q)| p != q) {
            None if x.len() == y.len() => FileDiff::Same { file: file.clone() },
            first => FileDiff::Differs {
                file: file.clone(),
                offset: first.unwrap_or(x.len().min(y.len())) as u64,
                sizes: (x.len() as u64, y.len() as u64),
            },
        });
    }
    for file in b {
        if a.binary_search(&file).is_err() {
            out.push(FileDiff::Extra { file });
        }
    }
    out.sort_by(|p, q| diff_path(p).cmp(diff_path(q)));
    Ok(out)
}

fn diff_path(d: &FileDiff) -> &Path {
    match d {
        FileDiff::Same { file }
        | FileDiff::Differs { file, .. }
        | FileDiff::Missing { file }
        | FileDiff::Extra { file } => file,
    }
}

/// Every regular file under `root`, as paths relative to it.
fn list_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        for entry in fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
            let path = rel.join(entry.file_name());
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                out.push(path);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_files_by_bytes_and_lists_missing_and_extra() {
        let root = std::env::temp_dir().join(format!("relais-cmp-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        fs::create_dir_all(a.join("sub")).unwrap();
        fs::create_dir_all(b.join("sub")).unwrap();
        for (dir, same, diff) in [(&a, "x", "abcd"), (&b, "x", "abXd")] {
            fs::write(dir.join("same.txt"), same).unwrap();
            fs::write(dir.join("sub/diff.txt"), diff).unwrap();
            fs::write(dir.join("run.json"), format!("{diff}{diff}")).unwrap();
        }
        fs::write(a.join("only_a"), "1").unwrap();
        fs::write(b.join("only_b"), "1").unwrap();
        let d = compare_dirs(&a, &b, &["run.json"]).unwrap();
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(
            d,
            vec![
                FileDiff::Missing {
                    file: "only_a".into()
                },
                FileDiff::Extra {
                    file: "only_b".into()
                },
                FileDiff::Same {
                    file: "same.txt".into()
                },
                FileDiff::Differs {
                    file: "sub/diff.txt".into(),
                    offset: 2,
                    sizes: (4, 4)
                },
            ]
        );
    }
}
