//! Platform exports: the files people download from X/Twitter, Instagram, Mastodon, Bluesky,
//! LinkedIn, YouTube, Facebook and TikTok, research datasets (Twitter API v2/v1.1, twarc2 CSV) and graph files
//! (Gephi spreadsheet CSV, GraphML, GEXF), detected from file names and first bytes and mapped
//! into the same [`Sink`] as the generic tables, under the attention convention (u → v: u
//! follows/reposts/quotes/replies to/mentions/likes/comments on v).
//!
//! # Identity key
//! Every account becomes the node `platform:key`, lower-cased: `x:<numeric id>` when the id is
//! known (archives and API data always carry it), else `x:@<handle>`; `instagram:<username>`;
//! `mastodon:<user@domain>`; `bluesky:<did>`; `linkedin:<profile slug>` (else
//! `linkedin:<first last>`); `youtube:<channel id>`; `facebook:<display name>` (the export names
//! people by display name only); `tiktok:<username>`. Handles seen together with an id (account.js,
//! `includes.users`, inline authors, mentions with ids) are resolved to the id form after all
//! files are read ([`Shared::handles`]). Graph files (Gephi, GraphML, GEXF) keep their node ids
//! as they are. Several exports therefore merge on this key; `--aliases` maps keys to one person.
//!
//! # Owners
//! Follower/following lists have no source column: the archive's owner is the other end. It
//! comes from the archive itself (X `account.js`, Instagram `personal_information.json`, Mastodon
//! `actor.json` or the outbox's `actor`, Facebook `profile_information.json`, TikTok's
//! `Profile → ProfileMap` in the same file), else from `--owner platform:key`, else a placeholder
//! `platform:?owner` (reported as a problem by `relais inspect`).
//!
//! # Streaming
//! Line-oriented files (JSON Lines, CSV) are streamed. Documents that are one JSON value (the X
//! archive's `.js` files, Instagram JSON, Mastodon outbox, YouTube API pages), Bluesky CAR files
//! and ZIP entries of those are read whole, one file at a time. GraphML and GEXF are streamed
//! with quick-xml.

mod bluesky;
mod facebook;
mod gephi;
mod instagram;
mod linkedin;
mod mastodon;
mod tiktok;
mod twitter_api;
pub(crate) mod unit;
mod x_archive;
mod xml;
mod youtube;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Position, Result};

use super::record::{Bad, Record, Sink};

/// Formats recognised by this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// An X archive `data/*.js` file (`window.YTD.<name>.partN = [...]`).
    XArchiveJs,
    /// Twitter API v2 pages or flattened tweets, or v1.1 tweets: JSON Lines or one JSON document.
    TwitterJson,
    /// twarc2 CSV (`twarc2 csv`).
    TwarcCsv,
    /// Instagram `followers_N.json` / `following.json`.
    InstagramJson,
    /// Instagram `followers_N.html` / `following.html`.
    InstagramHtml,
    /// Instagram `personal_information.json` (the owner).
    InstagramOwner,
    /// Mastodon `following_accounts.csv`.
    MastodonFollowing,
    /// Mastodon archive `outbox.json`.
    MastodonOutbox,
    /// Mastodon archive `actor.json` (the owner).
    MastodonActor,
    /// Bluesky repository export (CAR v1).
    BlueskyCar,
    /// Bluesky records as JSON (listRecords pages, arrays or JSON Lines).
    BlueskyJson,
    /// LinkedIn `Connections.csv`.
    LinkedinConnections,
    /// YouTube Data API commentThreads.
    YoutubeComments,
    /// Gephi spreadsheet edges table (`Source,Target,Type,Weight,...`).
    GephiEdges,
    /// Gephi spreadsheet nodes table (`Id,Label,...`).
    GephiNodes,
    /// GraphML (Gephi, NodeXL, igraph, NetworkX).
    Graphml,
    /// GEXF (Gephi).
    Gexf,
    /// Facebook "Download your information" connection list (friends, followers, following,
    /// liked and followed pages).
    FacebookJson,
    /// Facebook `profile_information.json` (the owner).
    FacebookOwner,
    /// TikTok `user_data.json` / `user_data_tiktok.json`.
    TiktokJson,
}

impl Format {
    /// The name shown by `relais inspect` and in run.json.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::XArchiveJs => "x-archive",
            Format::TwitterJson => "twitter-json",
            Format::TwarcCsv => "twarc-csv",
            Format::InstagramJson => "instagram-json",
            Format::InstagramHtml => "instagram-html",
            Format::InstagramOwner => "instagram-owner",
            Format::MastodonFollowing => "mastodon-following-csv",
            Format::MastodonOutbox => "mastodon-outbox",
            Format::MastodonActor => "mastodon-actor",
            Format::BlueskyCar => "bluesky-car",
            Format::BlueskyJson => "bluesky-json",
            Format::LinkedinConnections => "linkedin-connections",
            Format::YoutubeComments => "youtube-comments",
            Format::GephiEdges => "gephi-edges-csv",
            Format::GephiNodes => "gephi-nodes-csv",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::FacebookJson => "facebook-json",
            Format::FacebookOwner => "facebook-owner",
            Format::TiktokJson => "tiktok-json",
        }
    }

    /// Owner files are read before the other files of the same export.
    fn is_owner(self) -> bool {
        matches!(
            self,
            Format::InstagramOwner | Format::MastodonActor | Format::FacebookOwner
        )
    }
}

/// Bytes sniffed for detection.
pub(crate) const HEAD: usize = 4096;

fn strip_ws_bom(b: &[u8]) -> &[u8] {
    super::text::strip_bom(b).trim_ascii_start()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Detects a platform format from a file name and its first bytes; `None` for generic tables.
///
/// `columns` are the configured source and target column names: a CSV whose header holds them
/// exactly stays a generic table.
pub(crate) fn detect(name: &str, head: &[u8], columns: (&str, &str)) -> Option<Format> {
    let file = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e).to_string();
    let body = strip_ws_bom(head);
    if body.starts_with(b"window.YTD.") {
        return Some(Format::XArchiveJs);
    }
    if ext == "graphml" || (body.starts_with(b"<") && contains(head, b"<graphml")) {
        return Some(Format::Graphml);
    }
    if ext == "gexf" || (body.starts_with(b"<") && contains(head, b"<gexf")) {
        return Some(Format::Gexf);
    }
    if ext == "car" {
        return Some(Format::BlueskyCar);
    }
    if file == "following_accounts.csv" || body.starts_with(b"Account address,") {
        return Some(Format::MastodonFollowing);
    }
    if file == "outbox.json" {
        return Some(Format::MastodonOutbox);
    }
    if file == "actor.json" && contains(head, b"preferredUsername") {
        return Some(Format::MastodonActor);
    }
    if file == "personal_information.json" && contains(head, b"profile_user") {
        return Some(Format::InstagramOwner);
    }
    if (file.starts_with("followers") || file.starts_with("following")) && ext == "html" {
        return Some(Format::InstagramHtml);
    }
    // Other files of the Instagram export (liked posts, unfollowed profiles, pending requests)
    // share the `string_list_data` layout: only the followers/following files are lists of follows.
    if ext == "json"
        && (file.starts_with("followers") || file.starts_with("following"))
        && (contains(head, b"string_list_data") || contains(head, b"relationships_following"))
    {
        return Some(Format::InstagramJson);
    }
    if facebook::detect_owner(&file, head) {
        return Some(Format::FacebookOwner);
    }
    if ext == "json" && facebook::detect(&file, head) {
        return Some(Format::FacebookJson);
    }
    if tiktok::detect(&file, &ext, head) {
        return Some(Format::TiktokJson);
    }
    if contains(head, b"youtube#commentThread") || contains(head, b"\"topLevelComment\"") {
        return Some(Format::YoutubeComments);
    }
    if contains(head, b"\"$type\"") && contains(head, b"app.bsky.") {
        return Some(Format::BlueskyJson);
    }
    if body.starts_with(b"{") || body.starts_with(b"[") {
        let tweety = [
            &b"\"author_id\""[..],
            b"\"id_str\"",
            b"\"referenced_tweets\"",
            b"\"edit_history_tweet_ids\"",
        ];
        if tweety.iter().any(|n| contains(head, n)) {
            return Some(Format::TwitterJson);
        }
        return None;
    }
    if (file.starts_with("connections")
        || body.starts_with(b"Notes:")
        || body.starts_with(b"First Name,Last Name"))
        && (ext == "csv" || ext.is_empty())
    {
        return Some(Format::LinkedinConnections);
    }
    let first = body.split(|&c| c == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    if first.contains("author_id")
        && (first.contains("retweeted_user_id") || first.contains("referenced_tweets."))
    {
        return Some(Format::TwarcCsv);
    }
    for d in [',', ';', '\t'] {
        let fields: Vec<String> = first
            .split(d)
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect();
        if fields.len() < 2 {
            continue;
        }
        let exact = fields.iter().any(|f| f == columns.0) && fields.iter().any(|f| f == columns.1);
        let has = |n: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(n));
        if !exact && has("source") && has("target") {
            return Some(Format::GephiEdges);
        }
        if !has("source") && fields[0].eq_ignore_ascii_case("id") && has("label") {
            return Some(Format::GephiNodes);
        }
    }
    None
}

/// Accounts learnt from the exports (handle and display name), first seen wins.
#[derive(Debug, Default)]
pub(crate) struct AccountRows {
    index: FxHashMap<String, usize>,
    /// Node key of each row.
    pub ids: Vec<String>,
    /// Platform of each row.
    pub platform: Vec<String>,
    /// Handle (username, screen name, acct) of each row, "" when unknown.
    pub handle: Vec<String>,
    /// Display name of each row, "" when unknown.
    pub name: Vec<String>,
}

impl AccountRows {
    fn add(&mut self, id: &str, platform: &str, handle: &str, name: &str) {
        if let Some(&i) = self.index.get(id) {
            if self.handle[i].is_empty() {
                self.handle[i] = handle.to_string();
            }
            if self.name[i].is_empty() {
                self.name[i] = name.to_string();
            }
            return;
        }
        self.index.insert(id.to_string(), self.ids.len());
        self.ids.push(id.to_string());
        self.platform.push(platform.to_string());
        self.handle.push(handle.to_string());
        self.name.push(name.to_string());
    }

    /// Whether no account was learnt.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// State shared by every platform file of a run.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// `x:@handle` → `x:<id>`, learnt wherever a handle appears with its id.
    pub handles: FxHashMap<String, String>,
    /// Accounts learnt from the exports.
    pub accounts: AccountRows,
    /// Follow and connection relations already recorded (a relation seen from both archives, e.g.
    /// in A's followers and B's following, counts once).
    relations: FxHashSet<(Box<str>, Box<str>, &'static str)>,
    /// Owners given with `--owner platform:key`, by platform.
    pub given_owners: BTreeMap<String, String>,
}

/// What one platform file contributed, beyond the edge records.
#[derive(Debug, Default, Clone)]
pub(crate) struct FileNotes {
    /// Problems that are not errors (e.g. likes whose author is unknown), counted.
    pub notes: BTreeMap<String, u64>,
}

/// Writes one file's records into the sink.
pub(crate) struct Emitter<'a> {
    sink: &'a mut Sink,
    shared: &'a mut Shared,
    path: &'a Path,
    platform: &'static str,
    /// The export owner's node key, when this file has one.
    owner: Option<String>,
    notes: FileNotes,
}

/// Interaction kinds that describe a standing relation rather than an event.
const RELATIONS: [&str; 2] = ["follow", "connection"];

impl<'a> Emitter<'a> {
    /// The path of the file being read.
    pub fn path(&self) -> &Path {
        self.path
    }

    /// Records `src → dst` of `kind`. Self-references are kept (graph build drops loops).
    pub fn edge(
        &mut self,
        pos: Position,
        src: &str,
        dst: &str,
        kind: &'static str,
        timestamp: Option<i64>,
    ) -> Result<()> {
        self.weighted(pos, src, dst, kind, timestamp, None)
    }

    /// Records `src → dst` of `kind` with a weight.
    pub fn weighted(
        &mut self,
        pos: Position,
        src: &str,
        dst: &str,
        kind: &'static str,
        timestamp: Option<i64>,
        weight: Option<f64>,
    ) -> Result<()> {
        if src.trim().is_empty() || dst.trim().is_empty() {
            return self.reject(
                pos,
                "empty id",
                format!("{kind} record without an account id"),
            );
        }
        if RELATIONS.contains(&kind)
            && !self.shared.relations.insert((src.into(), dst.into(), kind))
        {
            return Ok(());
        }
        self.sink.push(
            self.path,
            pos,
            Record {
                source: src,
                target: dst,
                kind: Some(kind),
                weight,
                timestamp,
                platform: Some(self.platform),
            },
        )
    }

    /// Rejects a record: an error naming the file and position, or a counted skip (lenient).
    pub fn reject(&mut self, pos: Position, reason: &'static str, msg: String) -> Result<()> {
        self.sink.reject(self.path, pos, Bad::new(reason, msg))
    }

    /// A malformed document: always an error (nothing after it can be read).
    pub fn fatal(&self, pos: Position, msg: impl Into<String>) -> Error {
        Error::Parse {
            path: self.path.to_path_buf(),
            position: pos,
            message: msg.into(),
        }
    }

    /// Counts a problem that is not an error.
    pub fn note(&mut self, what: &str) {
        *self.notes.notes.entry(what.to_string()).or_default() += 1;
    }

    /// Records an account's handle and display name.
    pub fn account(&mut self, id: &str, handle: &str, name: &str) {
        if !id.is_empty() {
            self.shared.accounts.add(id, self.platform, handle, name);
        }
    }

    /// Records that `handle_key` (e.g. `x:@alice`) is the account `id_key` (e.g. `x:42`).
    pub fn handle(&mut self, handle_key: String, id_key: String) {
        self.shared.handles.entry(handle_key).or_insert(id_key);
    }

    /// The owner of the export, or the placeholder `platform:?owner` (counted as a problem).
    pub fn owner(&mut self) -> String {
        if let Some(o) = &self.owner {
            return o.clone();
        }
        if let Some(o) = self.shared.given_owners.get(self.platform) {
            return o.clone();
        }
        self.note("owner unknown (give --owner platform:key)");
        format!("{}:?owner", self.platform)
    }

    /// Sets the owner of the export (from the file itself).
    pub fn set_owner(&mut self, key: String) {
        self.owner = Some(key);
    }
}

/// Lower-cased `platform:key`.
pub(crate) fn key(platform: &str, id: &str) -> String {
    format!("{platform}:{}", id.trim().to_lowercase())
}

/// Owners found in one export (folder, ZIP or a file's folder), by platform.
pub(crate) type Owners = BTreeMap<&'static str, String>;

/// The platform whose owner a format needs.
pub(crate) fn platform_of(format: Format) -> &'static str {
    match format {
        Format::XArchiveJs | Format::TwitterJson | Format::TwarcCsv => "x",
        Format::InstagramJson | Format::InstagramHtml | Format::InstagramOwner => "instagram",
        Format::MastodonFollowing | Format::MastodonOutbox | Format::MastodonActor => "mastodon",
        Format::BlueskyCar | Format::BlueskyJson => "bluesky",
        Format::LinkedinConnections => "linkedin",
        Format::YoutubeComments => "youtube",
        Format::GephiEdges | Format::GephiNodes | Format::Graphml | Format::Gexf => "graph",
        Format::FacebookJson | Format::FacebookOwner => "facebook",
        Format::TiktokJson => "tiktok",
    }
}

/// Reads an owner file (account.js is an X archive file handled by [`x_archive::owner`]).
pub(crate) fn read_owner(
    format: Format,
    name: &str,
    path: &Path,
    input: &mut dyn Read,
) -> Result<Option<(&'static str, String, String)>> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match format {
        Format::XArchiveJs if file.eq_ignore_ascii_case("account.js") => {
            x_archive::owner(path, input).map(|o| o.map(|(k, h)| ("x", k, h)))
        }
        Format::InstagramOwner => {
            instagram::owner(path, input).map(|o| o.map(|(k, h)| ("instagram", k, h)))
        }
        Format::MastodonActor => {
            mastodon::owner(path, input).map(|o| o.map(|(k, h)| ("mastodon", k, h)))
        }
        Format::FacebookOwner => {
            facebook::owner(path, input).map(|o| o.map(|(k, h)| ("facebook", k, h)))
        }
        _ => Ok(None),
    }
}

/// Whether a file is an owner file, to be read first.
pub(crate) fn is_owner_file(format: Format, name: &str) -> bool {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    format.is_owner() || (format == Format::XArchiveJs && file.eq_ignore_ascii_case("account.js"))
}

/// Reads one platform file into the sink. Returns the records read and the file's notes.
pub(crate) fn read(
    format: Format,
    name: &str,
    path: &Path,
    input: &mut dyn Read,
    owners: &Owners,
    sink: &mut Sink,
    shared: &mut Shared,
) -> Result<(u64, FileNotes)> {
    let platform = platform_of(format);
    let mut em = Emitter {
        sink,
        shared,
        path,
        platform,
        owner: owners.get(platform).cloned(),
        notes: FileNotes::default(),
    };
    let file = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let rows = match format {
        Format::XArchiveJs => x_archive::read(&file, input, &mut em)?,
        Format::TwitterJson => twitter_api::read_json(input, &mut em)?,
        Format::TwarcCsv => twitter_api::read_twarc_csv(input, &mut em)?,
        Format::InstagramJson => instagram::read_json(&file, input, &mut em)?,
        Format::InstagramHtml => instagram::read_html(&file, input, &mut em)?,
        Format::MastodonFollowing => mastodon::read_following(input, &mut em)?,
        Format::MastodonOutbox => mastodon::read_outbox(input, &mut em)?,
        Format::BlueskyCar => bluesky::read_car(input, &mut em)?,
        Format::BlueskyJson => bluesky::read_json(input, &mut em)?,
        Format::LinkedinConnections => linkedin::read(input, &mut em)?,
        Format::YoutubeComments => youtube::read(input, &mut em)?,
        Format::GephiEdges => gephi::read_edges(input, &mut em)?,
        Format::GephiNodes => gephi::read_nodes(input, &mut em)?,
        Format::Graphml => xml::read_graphml(input, &mut em)?,
        Format::Gexf => xml::read_gexf(input, &mut em)?,
        Format::FacebookJson => facebook::read(&file, input, &mut em)?,
        Format::TiktokJson => tiktok::read(input, &mut em)?,
        Format::InstagramOwner | Format::MastodonActor | Format::FacebookOwner => 0,
    };
    Ok((rows, em.notes))
}

/// Reads a whole document into memory, for formats that are one JSON value.
pub(crate) fn read_all(path: &Path, input: &mut dyn Read) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    input
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(path, e))?;
    Ok(buf)
}

/// Parses a whole JSON document; a syntax error names its line.
pub(crate) fn parse_json(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    serde_json::from_slice(super::text::strip_bom(bytes)).map_err(|e| json_error(path, 0, &e))
}

/// A serde_json error as a [`Error::Parse`] at its line (plus `line_offset`) and column.
pub(crate) fn json_error(path: &Path, line_offset: u64, e: &serde_json::Error) -> Error {
    let what = if e.is_eof() {
        "truncated JSON (the file ends inside a value)".to_string()
    } else {
        format!("malformed JSON: {e}")
    };
    Error::Parse {
        path: path.to_path_buf(),
        position: Position::Line(e.line() as u64 + line_offset),
        message: format!("{what} (column {})", e.column()),
    }
}

/// Text of a JSON value: strings as they are, numbers printed; else `None`.
pub(crate) fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Follows a path of object keys.
pub(crate) fn at<'v>(v: &'v serde_json::Value, keys: &[&str]) -> Option<&'v serde_json::Value> {
    keys.iter().try_fold(v, |v, k| v.get(k))
}

/// A display path for an entry of an archive: `archive.zip!data/tweets.js`.
pub(crate) fn entry_path(archive: &Path, entry: &str) -> PathBuf {
    PathBuf::from(format!("{}!{entry}", archive.display()))
}
