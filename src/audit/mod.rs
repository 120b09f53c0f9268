//! Audience audit: is an account's audience real, and whose audience does it share?
//!
//! For each audited account, its *audience* is its followers in the data: the sources of its
//! in-edges in the `follow` layer (all in-edges when the data has no kind column). For every
//! follower the rules of [`Rule`] are evaluated; each has a named threshold in [`AuditConfig`]:
//!
//! | rule | flags a follower that | default |
//! |---|---|---|
//! | `no_followers` | has at most `no_followers_max` followers | 0 |
//! | `mass_following` | follows more than `mass_following` accounts | 1,500 |
//! | `empty_profile` | has `default_profile` true, or an empty description and 0 posts | — |
//! | `recent_creation` | was created less than `recent_days` before following | 30 days |
//! | `follow_burst` | followed inside a burst (below) | 24 h, ≥ 10 |
//! | `never_interacting` | has no non-follow edge toward anyone | — |
//!
//! Follower and followee counts come from the accounts table (`followers_count`,
//! `following_count`) when the account has a value there, since exports hold the platform's
//! counts even when the graph holds only part of each account's ties; else from the data.
//!
//! **Burst.** Sort the audited account's timestamped follows; a window `[t_j, t_j + burst_hours)`
//! starting at a follow is a burst when it holds at least
//! `max(burst_min_follows, burst_factor × k × burst_hours / span_hours)` follows, where `k` is the
//! account's timestamped follows and `span_hours` the data's time span (first to last timestamp).
//! The second term keeps an account that organically gains many followers an hour from being
//! flagged. Every follow inside a burst window is flagged.
//!
//! **Score.** A follower is *suspicious* when at least `min_signals` (default 2) of the rules
//! that apply to the data flag it (one signal alone is common among real people; farm accounts
//! show four or five at once), and `authenticity = 1 − suspicious followers / audience size`
//! (empty for an empty audience). When fewer rules than `min_signals` apply (a bare edge list),
//! the bar is lowered to the number that apply.
//!
//! **Composition and overlap.** The audience's communities (top ones with shares) and, between
//! audited accounts, shared followers and Jaccard similarity ([`overlap()`]).

mod overlap;
mod rules;
mod score;

pub use overlap::{overlap, Overlap};
pub use rules::{burst_marks, Rule};

use serde::{Deserialize, Serialize};

use crate::community::Partition;
use crate::error::{Error, Result};
use crate::graph::{EdgeTable, Graph, LayerId, NodeId, NodeLabels};
use crate::ingest::AccountTable;
use rules::{Applicable, NodeFacts};

/// Thresholds of the audit rules and of the score. Plain data, stored in run.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// Interaction kind whose in-edges are the audience (case-insensitive).
    pub audience_kind: String,
    /// `no_followers`: a follower with at most this many followers is flagged.
    pub no_followers_max: u64,
    /// `mass_following`: a follower following more than this many accounts is flagged.
    pub mass_following: u64,
    /// `recent_creation`: created less than this many days before following.
    pub recent_days: f64,
    /// `follow_burst`: window length in hours.
    pub burst_hours: f64,
    /// `follow_burst`: least follows in a window for a burst.
    pub burst_min_follows: u32,
    /// `follow_burst`: a burst also needs this many times the account's mean follows per window.
    pub burst_factor: f64,
    /// Score: a follower flagged by at least this many applicable rules is suspicious.
    pub min_signals: u32,
    /// Communities listed in an audience's composition.
    pub top_communities: usize,
}

impl AuditConfig {
    /// Default audience kind.
    pub const DEFAULT_AUDIENCE_KIND: &'static str = "follow";
    /// Default `no_followers_max`.
    pub const DEFAULT_NO_FOLLOWERS_MAX: u64 = 0;
    /// Default `mass_following`.
    pub const DEFAULT_MASS_FOLLOWING: u64 = 1_500;
    /// Default `recent_days`.
    pub const DEFAULT_RECENT_DAYS: f64 = 30.0;
    /// Default `burst_hours`.
    pub const DEFAULT_BURST_HOURS: f64 = 24.0;
    /// Default `burst_min_follows`.
    pub const DEFAULT_BURST_MIN_FOLLOWS: u32 = 10;
    /// Default `burst_factor`.
    pub const DEFAULT_BURST_FACTOR: f64 = 10.0;
    /// Default `min_signals`.
    pub const DEFAULT_MIN_SIGNALS: u32 = 2;
    /// Default `top_communities`.
    pub const DEFAULT_TOP_COMMUNITIES: usize = 5;

    /// Checks the thresholds.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &'static str, message: &str| {
            Err(Error::InvalidConfig {
                field,
                message: message.into(),
            })
        };
        if !(self.recent_days.is_finite() && self.recent_days >= 0.0) {
            return bad("audit.recent_days", "must be a finite number >= 0");
        }
        if !(self.burst_hours.is_finite() && self.burst_hours > 0.0) {
            return bad("audit.burst_hours", "must be a finite number > 0");
        }
        if !(self.burst_factor.is_finite() && self.burst_factor >= 0.0) {
            return bad("audit.burst_factor", "must be a finite number >= 0");
        }
        if self.min_signals == 0 {
            return bad("audit.min_signals", "must be at least 1");
        }
        if self.audience_kind.trim().is_empty() {
            return bad("audit.audience_kind", "must not be empty");
        }
        Ok(())
    }
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            audience_kind: Self::DEFAULT_AUDIENCE_KIND.into(),
            no_followers_max: Self::DEFAULT_NO_FOLLOWERS_MAX,
            mass_following: Self::DEFAULT_MASS_FOLLOWING,
            recent_days: Self::DEFAULT_RECENT_DAYS,
            burst_hours: Self::DEFAULT_BURST_HOURS,
            burst_min_follows: Self::DEFAULT_BURST_MIN_FOLLOWS,
            burst_factor: Self::DEFAULT_BURST_FACTOR,
            min_signals: Self::DEFAULT_MIN_SIGNALS,
            top_communities: Self::DEFAULT_TOP_COMMUNITIES,
        }
    }
}

/// Profile fields of every node, parsed from the accounts table (`None` = column absent;
/// inner `None` = no value for that account).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles {
    /// `followers_count`.
    pub followers: Option<Vec<Option<u64>>>,
    /// `following_count`.
    pub following: Option<Vec<Option<u64>>>,
    /// `created_at`, Unix seconds.
    pub created_at: Option<Vec<Option<i64>>>,
    /// `default_profile` (true/false, 1/0, yes/no).
    pub default_profile: Option<Vec<Option<bool>>>,
    /// Whether `description` is empty.
    pub description_empty: Option<Vec<bool>>,
    /// `posts_count`.
    pub posts: Option<Vec<Option<u64>>>,
}

impl Profiles {
    /// Column names read from the accounts table.
    pub const COLUMNS: [&'static str; 6] = [
        "followers_count",
        "following_count",
        "created_at",
        "default_profile",
        "description",
        "posts_count",
    ];

    /// Parses the profile columns of `table` (those present) for the nodes of `labels`.
    /// Unparseable values count as missing.
    pub fn from_table(table: &AccountTable, labels: &NodeLabels) -> Profiles {
        let n = labels.len();
        let rows: Vec<Option<NodeId>> = table.ids.iter().map(|id| labels.find(id)).collect();
        let column = |name: &str| table.columns.iter().position(|c| c == name);
        fn fill<T: Clone>(
            n: usize,
            rows: &[Option<NodeId>],
            values: &[String],
            empty: T,
            parse: impl Fn(&str) -> T,
        ) -> Vec<T> {
            let mut out = vec![empty; n];
            for (r, u) in rows.iter().enumerate() {
                if let Some(u) = u {
                    out[*u as usize] = parse(values[r].trim());
                }
            }
            out
        }
        let count = |name: &str| {
            column(name).map(|c| {
                fill(n, &rows, &table.values[c], None, |v| {
                    v.parse::<u64>().ok().or_else(|| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| *x >= 0.0)
                            .map(|x| x as u64)
                    })
                })
            })
        };
        Profiles {
            followers: count("followers_count"),
            following: count("following_count"),
            posts: count("posts_count"),
            created_at: column("created_at").map(|c| {
                fill(n, &rows, &table.values[c], None, |v| {
                    (!v.is_empty())
                        .then(|| crate::ingest::parse_timestamp(v).ok())
                        .flatten()
                })
            }),
            default_profile: column("default_profile").map(|c| {
                fill(n, &rows, &table.values[c], None, |v| {
                    match v.to_ascii_lowercase().as_str() {
                        "true" | "t" | "1" | "yes" | "y" => Some(true),
                        "false" | "f" | "0" | "no" | "n" => Some(false),
                        _ => None,
                    }
                })
            }),
            description_empty: column("description")
                .map(|c| fill(n, &rows, &table.values[c], false, str::is_empty)),
        }
    }
}

/// Follow times of the audited accounts, from the edge records before the graph is built.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowTimes {
    /// Per audited account (same order): `(follower, time)` of every timestamped follow record,
    /// sorted; a follower that followed twice keeps its earliest time.
    pub times: Vec<Vec<(NodeId, i64)>>,
    /// First and last timestamp of any record in the data.
    pub span: Option<(i64, i64)>,
    /// Whether any record has a timestamp.
    pub any: bool,
}

impl FollowTimes {
    /// Collects the follow times toward `audited` from `table`. `new_id` maps the table's
    /// provisional ids to graph ids ([`NodeLabels::from_interned`]); `audience_kind` names the
    /// follow layer (when the table has no layer of that name and only one layer, all records
    /// count as follows).
    pub fn collect(
        table: &EdgeTable,
        new_id: &[NodeId],
        audience_kind: &str,
        audited: &[NodeId],
    ) -> FollowTimes {
        let mut out = FollowTimes {
            times: vec![Vec::new(); audited.len()],
            ..FollowTimes::default()
        };
        let Some(ts) = &table.timestamp else {
            return out;
        };
        let layer = follow_layer(&table.layer_names, audience_kind);
        let all_follow = layer.is_none() && table.layer_names.len() <= 1;
        let mut slot = rustc_hash::FxHashMap::default();
        for (i, &a) in audited.iter().enumerate() {
            slot.entry(a).or_insert(i);
        }
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for (r, &t) in ts.iter().enumerate() {
            if t == EdgeTable::NO_TIME {
                continue;
            }
            lo = lo.min(t);
            hi = hi.max(t);
            let l = table.layer.get(r).copied().unwrap_or(0);
            if !(all_follow || Some(l) == layer) {
                continue;
            }
            let dst = new_id[table.dst[r] as usize];
            if let Some(&i) = slot.get(&dst) {
                let src = new_id[table.src[r] as usize];
                if src != dst {
                    out.times[i].push((src, t));
                }
            }
        }
        if lo <= hi {
            out.span = Some((lo, hi));
            out.any = true;
        }
        for v in &mut out.times {
            v.sort_unstable();
            v.dedup_by_key(|e| e.0);
        }
        // Duplicated audited accounts share the first slot's times.
        for (i, &a) in audited.iter().enumerate() {
            let first = slot[&a];
            if first != i {
                out.times[i] = out.times[first].clone();
            }
        }
        out
    }
}

/// The layer named `kind` (case-insensitive).
fn follow_layer(names: &[String], kind: &str) -> Option<LayerId> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(kind))
        .map(|l| l as LayerId)
}

/// One rule's outcome on one audience.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCount {
    /// The rule.
    pub rule: Rule,
    /// Whether the data allows evaluating it for this account.
    pub applicable: bool,
    /// Followers flagged (0 when not applicable).
    pub flagged: u64,
    /// Flagged share of the audience (`None` when not applicable or the audience is empty).
    pub share: Option<f64>,
    /// The threshold used (for `follow_burst`, the follows per window this account needed).
    pub threshold: f64,
}

/// One community's share of an audience.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunityShare {
    /// Community id (as in analyze's accounts.csv).
    pub community: u32,
    /// Followers in it.
    pub followers: u64,
    /// Share of the audience.
    pub share: f64,
}

/// The audit of one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountAudit {
    /// The audited node.
    #[serde(skip)]
    pub node: NodeId,
    /// External id.
    pub account: String,
    /// Followers in the data.
    pub audience: u64,
    /// Followers with at least one interaction toward anyone (`None` without interaction
    /// layers).
    pub active: Option<u64>,
    /// Followers with at least one interaction toward this account.
    pub active_with_account: Option<u64>,
    /// One entry per [`Rule::ALL`].
    pub rules: Vec<RuleCount>,
    /// Followers flagged by at least the effective `min_signals` rules.
    pub suspicious: u64,
    /// `1 − suspicious / audience`; `None` for an empty audience.
    pub authenticity: Option<f64>,
    /// Largest communities of the audience (followers desc, id asc), at most `top_communities`.
    pub composition: Vec<CommunityShare>,
    /// Communities the audience spans.
    pub communities: u64,
}

/// Everything the audit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditResult {
    /// The thresholds used.
    pub config: AuditConfig,
    /// Each rule with its description and threshold.
    pub rules: Vec<RuleInfo>,
    /// Rules that must agree for a follower to count as suspicious (after lowering to the
    /// number of rules the data allows).
    pub min_signals: u32,
    /// One entry per audited account, in the order given.
    pub accounts: Vec<AccountAudit>,
    /// Audience overlap between the audited accounts, same order.
    pub overlap: Overlap,
}

/// A rule's documentation, for audit.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleInfo {
    /// Name (column stem).
    pub rule: Rule,
    /// What it flags, with its threshold.
    pub description: String,
    /// The threshold.
    pub threshold: f64,
    /// Whether the data allows it (on some audited account).
    pub applicable: bool,
}

/// What the audit reads besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct AuditData<'a> {
    /// External ids of the nodes.
    pub labels: &'a NodeLabels,
    /// Follow times toward the audited accounts (same order as `accounts`).
    pub follow_times: &'a FollowTimes,
    /// Profile fields.
    pub profiles: &'a Profiles,
    /// Communities, for the audience composition.
    pub partition: Option<&'a Partition>,
}

/// Audits the audiences of `accounts`.
///
/// # Arguments
/// * `g` - the graph (direction = attention; the audience is the follow in-neighbours).
/// * `data` - labels, follow times, profiles and partition.
/// * `cfg` - thresholds (validated by the caller).
/// * `accounts` - the audited nodes.
///
/// # Complexity
/// O(n + m) for the per-node facts, plus O(a log a) per audience of a followers and O(k² a) for
/// the overlap of k accounts.
pub fn audit(
    g: &Graph,
    data: AuditData<'_>,
    cfg: &AuditConfig,
    accounts: &[NodeId],
) -> AuditResult {
    let follow = follow_layer(g.layers(), &cfg.audience_kind);
    let all_follow = follow.is_none() && g.layers().len() <= 1;
    let is_follow = |l: LayerId| all_follow || Some(l) == follow;
    let has_interactions = (0..g.layers().len()).any(|l| !is_follow(l as LayerId));
    let facts = node_facts(g, data.profiles, &is_follow, has_interactions);
    let times = data.follow_times;
    let applicable = Applicable::of(data.profiles, has_interactions, times.any);
    let data_end = times.span.map(|s| s.1);
    let span_hours = times
        .span
        .map_or(0.0, |(a, b)| ((b - a) as f64 / 3600.0).max(cfg.burst_hours));

    let audiences: Vec<Vec<NodeId>> = accounts
        .iter()
        .map(|&a| audience(g, a, &is_follow))
        .collect();
    let mut any_burst = false;
    let mut counts_applicable = 0;
    let mut results = Vec::with_capacity(accounts.len());
    for (i, (&a, aud)) in accounts.iter().zip(&audiences).enumerate() {
        let own = times.times.get(i).map_or(&[][..], Vec::as_slice);
        // Follow time per follower, and burst marks.
        let mut sorted: Vec<i64> = own.iter().map(|e| e.1).collect();
        sorted.sort_unstable();
        let expected = sorted.len() as f64 * cfg.burst_hours / span_hours.max(f64::MIN_POSITIVE);
        let burst_threshold = (f64::from(cfg.burst_min_follows))
            .max((cfg.burst_factor * expected).ceil())
            .max(1.0);
        let marks = burst_marks(&sorted, cfg.burst_hours, burst_threshold as u64);
        let burst_applicable = !own.is_empty();
        any_burst |= burst_applicable;
        let applies = [
            true,
            true,
            applicable.empty_profile,
            applicable.recent_creation,
            burst_applicable,
            applicable.interactions,
        ];
        let n_applicable = applies.iter().filter(|&&x| x).count() as u32;
        counts_applicable = counts_applicable.max(n_applicable);
        let need = score::effective_min_signals(cfg.min_signals, n_applicable);
        // `own` is sorted by follower, one (earliest) time each.
        let mut flagged = [0u64; 6];
        let mut suspicious = 0;
        for &f in aud {
            let time = own.binary_search_by_key(&f, |e| e.0).ok().map(|p| own[p].1);
            let mut fl = rules::flags(f, time, data_end, &facts, data.profiles, cfg);
            if let Some(t) = time {
                // Any follow at time t is in a burst iff the first position of t is marked
                // (equal times share their windows).
                let p = sorted.partition_point(|&x| x < t);
                fl[4] = marks[p];
            }
            let mut signals = 0;
            for r in 0..6 {
                if fl[r] && applies[r] {
                    flagged[r] += 1;
                    signals += 1;
                }
            }
            if signals >= need {
                suspicious += 1;
            }
        }
        let size = aud.len() as u64;
        let share = |x: u64| (size > 0).then(|| x as f64 / size as f64);
        let rules = Rule::ALL
            .iter()
            .enumerate()
            .map(|(r, &rule)| RuleCount {
                rule,
                applicable: applies[r],
                flagged: flagged[r],
                share: if applies[r] { share(flagged[r]) } else { None },
                threshold: if rule == Rule::FollowBurst {
                    burst_threshold
                } else {
                    rule.threshold(cfg)
                },
            })
            .collect();
        let (active, active_with_account) = match &facts.interacts {
            Some(inter) => {
                let any = aud.iter().filter(|&&f| inter[f as usize]).count() as u64;
                let with = interacting_with(g, a, &is_follow);
                let with = aud.iter().filter(|f| with.binary_search(f).is_ok()).count() as u64;
                (Some(any), Some(with))
            }
            None => (None, None),
        };
        let (composition, communities) = match data.partition {
            Some(p) => composition(p, aud, cfg.top_communities),
            None => (Vec::new(), 0),
        };
        results.push(AccountAudit {
            node: a,
            account: data.labels.name(a).to_string(),
            audience: size,
            active,
            active_with_account,
            rules,
            suspicious,
            authenticity: score::authenticity(suspicious, size),
            composition,
            communities,
        });
    }
    let applies_any = [
        true,
        true,
        applicable.empty_profile,
        applicable.recent_creation,
        any_burst,
        applicable.interactions,
    ];
    AuditResult {
        config: cfg.clone(),
        rules: Rule::ALL
            .iter()
            .enumerate()
            .map(|(r, &rule)| RuleInfo {
                rule,
                description: rule.describe(cfg),
                threshold: rule.threshold(cfg),
                applicable: applies_any[r],
            })
            .collect(),
        min_signals: score::effective_min_signals(cfg.min_signals, counts_applicable),
        accounts: results,
        overlap: overlap(&audiences),
    }
}

/// Followers of `a`: sources of its in-edges in the follow layer, ascending, distinct.
fn audience(g: &Graph, a: NodeId, is_follow: &impl Fn(LayerId) -> bool) -> Vec<NodeId> {
    let adj = g.in_adjacency();
    let mut out: Vec<NodeId> = adj
        .range(a)
        .filter(|&p| is_follow(g.layer(g.in_to_out(p))))
        .map(|p| adj.targets[p])
        .collect();
    out.dedup();
    out
}

/// Accounts with a non-follow edge toward `a`, ascending, distinct.
fn interacting_with(g: &Graph, a: NodeId, is_follow: &impl Fn(LayerId) -> bool) -> Vec<NodeId> {
    let adj = g.in_adjacency();
    let mut out: Vec<NodeId> = adj
        .range(a)
        .filter(|&p| !is_follow(g.layer(g.in_to_out(p))))
        .map(|p| adj.targets[p])
        .collect();
    out.dedup();
    out
}

/// Follower/followee counts and interaction flags of every node.
fn node_facts(
    g: &Graph,
    profiles: &Profiles,
    is_follow: &impl Fn(LayerId) -> bool,
    has_interactions: bool,
) -> NodeFacts {
    let n = g.node_count();
    let mut in_follow = vec![0u64; n];
    let mut out_follow = vec![0u64; n];
    let mut interacts = vec![false; n];
    let out = g.out_adjacency();
    for u in 0..n as NodeId {
        for p in out.range(u) {
            if is_follow(g.layer(p)) {
                out_follow[u as usize] += 1;
                if g.is_directed() {
                    in_follow[out.targets[p] as usize] += 1;
                }
            } else {
                interacts[u as usize] = true;
            }
        }
    }
    if !g.is_directed() {
        in_follow.clone_from(&out_follow);
    }
    let pick = |table: &Option<Vec<Option<u64>>>, data: Vec<u64>| match table {
        Some(t) => data.iter().zip(t).map(|(&d, t)| t.unwrap_or(d)).collect(),
        None => data,
    };
    NodeFacts {
        followers: pick(&profiles.followers, in_follow),
        following: pick(&profiles.following, out_follow),
        interacts: has_interactions.then_some(interacts),
    }
}

/// The audience's community composition: top communities and how many it spans.
fn composition(p: &Partition, audience: &[NodeId], top: usize) -> (Vec<CommunityShare>, u64) {
    let mut cs: Vec<u32> = audience.iter().map(|&f| p.community(f)).collect();
    cs.sort_unstable();
    let mut counts: Vec<(u32, u64)> = Vec::new();
    for c in cs {
        match counts.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => counts.push((c, 1)),
        }
    }
    let spans = counts.len() as u64;
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let size = audience.len() as f64;
    let shares = counts
        .into_iter()
        .take(top)
        .map(|(community, followers)| CommunityShare {
            community,
            followers,
            share: followers as f64 / size,
        })
        .collect();
    (shares, spans)
}
