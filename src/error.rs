//! The library's single error type.
//!
//! Every variant carries enough context (file, line or record, field) for the user to find and fix
//! the problem without a debugger; messages say what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position inside an input file: a 1-based line for text formats, a 0-based record for Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number in a text file.
    Line(u64),
    /// 0-based row index in a columnar file (Parquet), or item index in a JSON array.
    Row(u64),
    /// 0-based byte offset in a binary or XML file (Bluesky CAR, GraphML, GEXF).
    Byte(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(l) => write!(f, "{l}"),
            Position::Row(r) => write!(f, "row {r}"),
            Position::Byte(b) => write!(f, "byte {b}"),
        }
    }
}

/// Everything that can go wrong in relais. Algorithms on a valid [`crate::Graph`] never fail;
/// errors come from input, configuration and output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error (shown in the message, so not chained as a source).
        error: std::io::Error,
    },
    /// A record of an input file is malformed.
    #[error("{}:{position}: {message}", path.display())]
    Parse {
        /// The input file.
        path: PathBuf,
        /// Where in the file.
        position: Position,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The file's columns do not fit what relais needs (missing column, wrong type).
    #[error("{}: {message}", path.display())]
    Schema {
        /// The input file.
        path: PathBuf,
        /// What is wrong and what to do about it.
        message: String,
    },
    /// A Parquet file could not be read or written.
    #[error("{}: Parquet: {message}", path.display())]
    Parquet {
        /// The file concerned.
        path: PathBuf,
        /// The reader's or writer's message.
        message: String,
    },
    /// The input holds no usable edge.
    #[error("{message}")]
    EmptyInput {
        /// Which inputs were empty, and why.
        message: String,
    },
    /// A configuration value is out of range or inconsistent.
    #[error("invalid configuration: {field}: {message}")]
    InvalidConfig {
        /// The option or config key.
        field: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// The output folder exists and `--force` was not given.
    #[error("{}: output folder exists; pass --force to replace it", path.display())]
    OutputExists {
        /// The output folder.
        path: PathBuf,
    },
    /// A graph cache (`relais build`) is damaged, truncated, of another layout version, or not a
    /// cache at all.
    #[error("{}: graph cache: {message}", path.display())]
    Cache {
        /// The cache file.
        path: PathBuf,
        /// What is wrong and what to do about it.
        message: String,
    },
    /// The graph exceeds a fixed capacity (node ids are `u32`, layers `u8`).
    #[error("graph too large: {message}")]
    Capacity {
        /// Which limit was hit.
        message: String,
    },
    /// Cluster mode: a process could not connect, died, or failed.
    #[error("cluster: {message}")]
    Cluster {
        /// Which process, at which address, and what happened.
        message: String,
    },
}

/// `Result` with relais's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            error: source,
        }
    }

    /// An [`Error::Parse`] at a line of a text file.
    pub fn parse_line(path: impl AsRef<Path>, line: u64, message: impl Into<String>) -> Error {
        Error::Parse {
            path: path.as_ref().to_path_buf(),
            position: Position::Line(line),
            message: message.into(),
        }
    }
}
