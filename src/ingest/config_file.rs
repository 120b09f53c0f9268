//! `relais.toml`: a [`Config`] written as TOML, so that every option of a run can live in a file
//! that is versioned next to the data.
//!
//! The file mirrors [`Config`] section by section (`[input]`, `[graph]`, `[metrics.pagerank]`,
//! `[community]`, `[output]`, ...); a key that is absent keeps its default, an unknown key is an
//! error naming its line. Relative paths in the file (`input.paths`, `input.accounts`,
//! `input.aliases`, `output.out`) are resolved against the file's folder, so a config works from
//! any directory. The pseudonymisation key is never read from (or written to) a file.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

/// Reads a TOML config file.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Parse`] (with the line) if it is not valid
/// TOML or holds an unknown key or a value of the wrong type.
pub fn load_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut cfg = parse_config(&text, path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    let resolve = |p: &mut PathBuf| {
        if p.is_relative() {
            *p = base.join(&*p);
        }
    };
    cfg.input.paths.iter_mut().for_each(resolve);
    cfg.input.accounts.iter_mut().for_each(resolve);
    cfg.input.aliases.iter_mut().for_each(resolve);
    resolve(&mut cfg.output.out);
    Ok(cfg)
}

/// Parses TOML text into a [`Config`]; `path` only names the source in errors.
///
/// # Errors
/// [`Error::Parse`] with the line of the offending key or value.
pub fn parse_config(text: &str, path: &Path) -> Result<Config> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |span| {
            1 + text[..span.start.min(text.len())].matches('\n').count()
        });
        Error::parse_line(path, line as u64, e.message().trim().to_string())
    })
}

/// The configuration as TOML text (what `relais analyze --print-config` shows).
///
/// # Errors
/// [`Error::InvalidConfig`] if a value has no TOML form (an integer above `i64::MAX`).
pub fn config_to_toml(cfg: &Config) -> Result<String> {
    toml::to_string_pretty(cfg).map_err(|e| Error::InvalidConfig {
        field: "config",
        message: format!("cannot be written as TOML: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_round_trips_through_toml_and_json() {
        let cfg = Config::default().effective();
        let text = config_to_toml(&cfg).unwrap();
        assert_eq!(parse_config(&text, Path::new("x.toml")).unwrap(), cfg);
        let json = serde_json::to_string(&cfg).unwrap();
        assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), cfg);
    }

    #[test]
    fn absent_keys_keep_defaults_and_given_ones_apply() {
        let cfg = parse_config(
            "seed = 7\n[metrics.pagerank]\ndamping = 0.9\n[community]\nresolution = 2.0\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(cfg.seed, 7);
        assert_eq!(cfg.metrics.pagerank.damping, 0.9);
        assert_eq!(cfg.community.resolution, 2.0);
        assert_eq!(cfg.output, Config::default().output);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let err = parse_config(
            "seed = 1\n\n[metrics.pagerank]\ndampng = 0.9\n",
            Path::new("r.toml"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("r.toml:4:"), "{msg}");
        assert!(msg.contains("dampng"), "{msg}");
    }
}
