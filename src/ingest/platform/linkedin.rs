//! LinkedIn `Connections.csv` ("Get a copy of your data").
//!
//! A UTF-8 BOM, a `Notes:` preamble of a few lines, then the header `First Name,Last Name,URL,
//! Email Address,Company,Position,Connected On` (older exports lack `URL`). The header is found as
//! the first row whose first two cells are `First Name`, `Last Name`. A connection is mutual: it
//! becomes two `connection` edges, owner ↔ contact, timed by `Connected On` (`12 Jan 2025`).
//! Contacts are keyed by the slug of their profile URL (`linkedin.com/in/<slug>`), else by
//! `first last`. Email addresses are never carried. Streamed.

use std::io::Read;

use crate::error::{Position, Result};

use super::{key, Emitter};

pub(super) fn read(input: &mut dyn Read, em: &mut Emitter) -> Result<u64> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut header: Option<Vec<String>> = None;
    let mut rec = csv::StringRecord::new();
    let mut rows = 0;
    let owner = em.owner();
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
        let pos = Position::Line(rec.position().map_or(0, |p| p.line()));
        let cell = |i: usize| {
            rec.get(i)
                .unwrap_or("")
                .trim()
                .trim_start_matches('\u{feff}')
        };
        let Some(h) = &header else {
            if cell(0) == "First Name" && cell(1) == "Last Name" {
                header = Some((0..rec.len()).map(|i| cell(i).to_string()).collect());
            }
            continue;
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let col = |n: &str| h.iter().position(|c| c == n).map(|i| cell(i).to_string());
        let first = col("First Name").unwrap_or_default();
        let last = col("Last Name").unwrap_or_default();
        let url = col("URL").unwrap_or_default();
        let slug = url
            .split_once("/in/")
            .map(|(_, s)| s.trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty());
        let full = format!("{first} {last}").trim().to_string();
        let id = match slug {
            Some(s) => key("linkedin", &s),
            None if !full.is_empty() => key("linkedin", &full),
            None => {
                em.reject(pos, "empty target", "connection without name or URL".into())?;
                continue;
            }
        };
        let ts = col("Connected On")
            .filter(|t| !t.is_empty())
            .and_then(|t| chrono::NaiveDate::parse_from_str(&t, "%d %b %Y").ok())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp());
        em.account(&id, "", &full);
        em.edge(pos, &owner, &id, "connection", ts)?;
        em.edge(pos, &id, &owner, "connection", ts)?;
    }
    if header.is_none() {
        return Err(crate::error::Error::Schema {
            path: em.path().to_path_buf(),
            message: "no header row starting with First Name,Last Name".into(),
        });
    }
    Ok(rows)
}
