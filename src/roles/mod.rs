//! Roles: who matters in a network and why — influencers, opinion relays, prescribers,
//! amplifiers, community cores and peripheral accounts — each with a sentence a strategist can
//! read and the numbers behind it.
//!
//! [`assign`] is a pure function of the graph, its metrics and the community partition. It
//! computes three families of figures and then applies documented, configurable thresholds
//! ([`RolesConfig`]; quantiles of the network's own distribution by default, published
//! constants where a paper gives them):
//!
//! 1. **Position** ([`participation()`]): Guimerà–Amaral within-community degree z-score,
//!    participation coefficient and role R1–R7 on the undirected simple view.
//! 2. **Brokerage** ([`gould_fernandez()`]): Gould–Fernandez counts of open two-paths by the
//!    community of source, broker and receiver; Burt's constraint comes from [`Metrics`].
//! 3. **Engagement** ([`engagement()`]): audience (followers), engagement received per follower
//!    and per post, the share of it from non-followers, the communities it comes from, spread made,
//!    second-hop spread, and PageRank on the engagement layers.
//!
//! # Roles
//!
//! `Q_q(x)` is the nearest-rank `q`-quantile of `x` over all accounts ([`quantile`]).
//!
//! | role | rule |
//! |---|---|
//! | influencer | audience ≥ `Q_q(audience)` and PageRank ≥ `Q_q(PageRank)`, `q` = `influencer_quantile`; or a Guimerà–Amaral hub of its community (z ≥ 2.5) with PageRank ≥ `Q(local_influencer_quantile)` |
//! | prescriber | engagement per follower ≥ `Q(prescriber_quantile)` (among accounts that received any), with at least `prescriber_nonfollower_share` of it from non-followers |
//! | relay | a Guimerà–Amaral connector or kinless node (R3, R4, R6, R7) whose relay score (see [`Roles::relay_score`]) is ≥ `Q(relay_quantile)` |
//! | amplifier | spread made ≥ `Q(amplifier_quantile)` and engagement received ≤ `Q(amplifier_received_quantile)` |
//! | core | not a bridge (R1, R2, R5) and within-community z ≥ `Q(core_quantile)` |
//! | peripheral | not a bridge and within-community z ≤ `Q(peripheral_quantile)` |
//! | ordinary | none of the above |
//!
//! The prescriber rule needs a graph with named audience and engagement layers, the amplifier
//! rule named spread and engagement layers (otherwise they would compare a layer with itself);
//! their figures are still reported.
//!
//! An account can meet several rules (its `flags`); its primary `role` is the first of
//! [`RolesConfig::precedence`] it meets (default: prescriber, influencer, relay, amplifier, core,
//! peripheral: the prescriber rule is the most specific — top engagement per follower, most of it
//! from non-followers — which accounts with a large audience rarely meet, since their engagement
//! comes from that audience; `flags` still lists every rule met).
//!
//! Each role also has a continuous score for ranking (`influence`, `relay_score`,
//! `prescriber_score`), documented on [`Roles`].

mod engagement;
mod gould_fernandez;
mod participation;
mod stats;
mod why;

#[cfg(test)]
mod tests;

pub use engagement::{engagement, received, spread_made, Engagement, LayerSets, Received};
pub use gould_fernandez::{gould_fernandez, GouldFernandez};
pub use participation::{
    from_positions, participation, position, GaRole, GaThresholds, Participation, Position,
};
pub use stats::{percentile_ranks, quantile};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::community::Partition;
use crate::error::{Error, Result};
use crate::graph::{undirected_simple, Graph, NodeLabels};
use crate::ingest::AccountTable;
use crate::metrics::{Metrics, PageRankConfig};

/// A role label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Top audience and authority, overall or as a hub of its community.
    Influencer,
    /// Opinion relay / broker between communities.
    Relay,
    /// Its content makes others act, beyond its own followers.
    Prescriber,
    /// Spreads a lot, receives little.
    Amplifier,
    /// Well connected inside its own community only.
    Core,
    /// Weakly connected inside its community, not a bridge.
    Peripheral,
    /// None of the rules.
    Ordinary,
}

impl Role {
    /// Every role with a rule, in the default precedence.
    pub const RULED: [Role; 6] = [
        Role::Prescriber,
        Role::Influencer,
        Role::Relay,
        Role::Amplifier,
        Role::Core,
        Role::Peripheral,
    ];

    /// The label written to the tables.
    pub fn name(self) -> &'static str {
        match self {
            Role::Influencer => "influencer",
            Role::Relay => "relay",
            Role::Prescriber => "prescriber",
            Role::Amplifier => "amplifier",
            Role::Core => "core",
            Role::Peripheral => "peripheral",
            Role::Ordinary => "ordinary",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The roles an account meets, as a bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u8);

impl Flags {
    /// Whether `role` is set.
    pub fn has(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Sets `role`.
    pub fn set(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// The roles set, in [`Role::RULED`] order.
    pub fn roles(self) -> impl Iterator<Item = Role> {
        Role::RULED.into_iter().filter(move |&r| self.has(r))
    }

    /// The roles set, `;`-joined (empty when none).
    pub fn joined(self) -> String {
        self.roles().map(Role::name).collect::<Vec<_>>().join(";")
    }
}

/// Parameters of [`assign`]: layer names, thresholds and precedence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RolesConfig {
    /// Layers that make an audience (case-insensitive names).
    pub audience_kinds: Vec<String>,
    /// Layers that count as engagement received.
    pub engagement_kinds: Vec<String>,
    /// Layers that pass content on (spread; amplifiers, second hop).
    pub spread_kinds: Vec<String>,
    /// Column of the accounts table holding each account's number of posts (for engagement per
    /// post); absent column → no per-post figure.
    pub posts_column: String,
    /// Influencers: audience and PageRank both at least this quantile.
    pub influencer_quantile: f64,
    /// Hubs of their community (z ≥ `ga.hub_z`) are influencers when their PageRank is at least
    /// this quantile.
    pub local_influencer_quantile: f64,
    /// Relays: relay score at least this quantile.
    pub relay_quantile: f64,
    /// Prescribers: engagement per follower at least this quantile of the accounts that
    /// received engagement.
    pub prescriber_quantile: f64,
    /// Prescribers: at least this share of their engagement from non-followers (0.5: most of it).
    pub prescriber_nonfollower_share: f64,
    /// Amplifiers: spread made at least this quantile.
    pub amplifier_quantile: f64,
    /// Amplifiers: engagement received at most this quantile.
    pub amplifier_received_quantile: f64,
    /// Community core: within-community z at least this quantile.
    pub core_quantile: f64,
    /// Peripheral: within-community z at most this quantile.
    pub peripheral_quantile: f64,
    /// Guimerà–Amaral role boundaries (the paper's constants).
    pub ga: GaThresholds,
    /// Which role is primary when an account meets several rules: the first listed.
    pub precedence: Vec<Role>,
}

impl RolesConfig {
    /// Default audience layers.
    pub const DEFAULT_AUDIENCE_KINDS: [&'static str; 3] = ["follow", "subscribe", "friend"];
    /// Default engagement layers.
    pub const DEFAULT_ENGAGEMENT_KINDS: [&'static str; 6] =
        ["repost", "quote", "reply", "comment", "share", "retweet"];
    /// Default spread layers.
    pub const DEFAULT_SPREAD_KINDS: [&'static str; 4] = ["repost", "quote", "share", "retweet"];
    /// Default posts column (the name `relais simulate` and most exports use).
    pub const DEFAULT_POSTS_COLUMN: &'static str = "posts_count";
    /// Default: the top 1 % by audience and by PageRank.
    pub const DEFAULT_INFLUENCER_QUANTILE: f64 = 0.99;
    /// Default: community hubs in the top 10 % by PageRank.
    pub const DEFAULT_LOCAL_INFLUENCER_QUANTILE: f64 = 0.90;
    /// Default: the top 1 % by relay score.
    pub const DEFAULT_RELAY_QUANTILE: f64 = 0.99;
    /// Default: the top 5 % by engagement per follower.
    pub const DEFAULT_PRESCRIBER_QUANTILE: f64 = 0.95;
    /// Default: most of the engagement from non-followers.
    pub const DEFAULT_PRESCRIBER_NONFOLLOWER_SHARE: f64 = 0.5;
    /// Default: the top 5 % by spread made.
    pub const DEFAULT_AMPLIFIER_QUANTILE: f64 = 0.95;
    /// Default: receiving no more than the median account.
    pub const DEFAULT_AMPLIFIER_RECEIVED_QUANTILE: f64 = 0.5;
    /// Default: the top 10 % by within-community z.
    pub const DEFAULT_CORE_QUANTILE: f64 = 0.90;
    /// Default: the bottom 25 % by within-community z.
    pub const DEFAULT_PERIPHERAL_QUANTILE: f64 = 0.25;

    /// Checks the ranges.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the field: a quantile or share outside [0, 1], a
    /// non-finite Guimerà–Amaral boundary, a precedence without some role.
    pub fn validate(&self) -> Result<()> {
        let unit = [
            ("roles.influencer_quantile", self.influencer_quantile),
            (
                "roles.local_influencer_quantile",
                self.local_influencer_quantile,
            ),
            ("roles.relay_quantile", self.relay_quantile),
            ("roles.prescriber_quantile", self.prescriber_quantile),
            (
                "roles.prescriber_nonfollower_share",
                self.prescriber_nonfollower_share,
            ),
            ("roles.amplifier_quantile", self.amplifier_quantile),
            (
                "roles.amplifier_received_quantile",
                self.amplifier_received_quantile,
            ),
            ("roles.core_quantile", self.core_quantile),
            ("roles.peripheral_quantile", self.peripheral_quantile),
            ("roles.ga.ultra_peripheral", self.ga.ultra_peripheral),
            ("roles.ga.peripheral", self.ga.peripheral),
            ("roles.ga.connector", self.ga.connector),
            ("roles.ga.provincial_hub", self.ga.provincial_hub),
            ("roles.ga.connector_hub", self.ga.connector_hub),
        ];
        for (field, x) in unit {
            if !(0.0..=1.0).contains(&x) {
                return Err(Error::InvalidConfig {
                    field,
                    message: format!("{x} is outside [0, 1]"),
                });
            }
        }
        if !self.ga.hub_z.is_finite() {
            return Err(Error::InvalidConfig {
                field: "roles.ga.hub_z",
                message: format!("{} must be a finite number", self.ga.hub_z),
            });
        }
        for role in Role::RULED {
            if !self.precedence.contains(&role) {
                return Err(Error::InvalidConfig {
                    field: "roles.precedence",
                    message: format!("lists no \"{}\": name every role once", role.name()),
                });
            }
        }
        Ok(())
    }
}

impl Default for RolesConfig {
    fn default() -> Self {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        RolesConfig {
            audience_kinds: list(&Self::DEFAULT_AUDIENCE_KINDS),
            engagement_kinds: list(&Self::DEFAULT_ENGAGEMENT_KINDS),
            spread_kinds: list(&Self::DEFAULT_SPREAD_KINDS),
            posts_column: Self::DEFAULT_POSTS_COLUMN.into(),
            influencer_quantile: Self::DEFAULT_INFLUENCER_QUANTILE,
            local_influencer_quantile: Self::DEFAULT_LOCAL_INFLUENCER_QUANTILE,
            relay_quantile: Self::DEFAULT_RELAY_QUANTILE,
            prescriber_quantile: Self::DEFAULT_PRESCRIBER_QUANTILE,
            prescriber_nonfollower_share: Self::DEFAULT_PRESCRIBER_NONFOLLOWER_SHARE,
            amplifier_quantile: Self::DEFAULT_AMPLIFIER_QUANTILE,
            amplifier_received_quantile: Self::DEFAULT_AMPLIFIER_RECEIVED_QUANTILE,
            core_quantile: Self::DEFAULT_CORE_QUANTILE,
            peripheral_quantile: Self::DEFAULT_PERIPHERAL_QUANTILE,
            ga: GaThresholds::default(),
            precedence: Role::RULED.to_vec(),
        }
    }
}

/// The threshold values actually used (the quantiles evaluated on this network), for
/// summary.json and the `why` sentences.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Influencers: audience at least this.
    pub audience: f64,
    /// Influencers: PageRank at least this.
    pub pagerank: f64,
    /// Community hubs: PageRank at least this.
    pub local_pagerank: f64,
    /// Relays: relay score at least this (NaN, null in summary.json, without brokerage figures).
    pub relay_score: f64,
    /// Prescribers: engagement per follower at least this.
    pub engagement_per_follower: f64,
    /// Prescribers: non-follower share at least this.
    pub nonfollower_share: f64,
    /// Amplifiers: spread made at least this.
    pub spread_made: f64,
    /// Amplifiers: engagement received at most this.
    pub amplifier_received: f64,
    /// Core: within-community z at least this.
    pub core_z: f64,
    /// Peripheral: within-community z at most this.
    pub peripheral_z: f64,
    /// Guimerà–Amaral hubs: z at least this.
    pub hub_z: f64,
}

/// Everything [`assign`] found, per node (indexed by node id) and in summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Roles {
    /// Primary role.
    pub role: Vec<Role>,
    /// Every role met.
    pub flags: Vec<Flags>,
    /// The sentence explaining the primary role, with its numbers.
    pub why: Vec<String>,
    /// Influence score: the lower of the percentile ranks of audience and PageRank (1 = top in
    /// both). Ranks influencers.
    pub influence: Vec<f64>,
    /// Relay score: the *outsider share* of its Gould–Fernandez brokerage ((liaison + itinerant)
    /// / all five counts: paths whose two ends both lie outside its own community) × the
    /// percentile rank of its cross-community brokerage (all counts but coordinator). An
    /// account that belongs to several communities is placed in one by the partition; the
    /// paths it carries inside and between the others then count as itinerant and liaison, which
    /// accounts rooted in one community rarely carry. Ranks relays.
    pub relay_score: Vec<f64>,
    /// Prescriber score: engagement received from non-followers per follower
    /// (`engagement_per_follower × nonfollower_share`; `engagement_per_follower` when the graph
    /// has no audience layer): how far beyond its own audience its content makes others act.
    /// Ranks prescribers.
    pub prescriber_score: Vec<f64>,
    /// Guimerà–Amaral figures.
    pub participation: Participation,
    /// Gould–Fernandez counts; `None` where they were not computed (cluster mode), and then
    /// the relay rule is not evaluated: `relay_score` and its threshold are NaN and no account
    /// is a relay.
    pub brokerage: Option<GouldFernandez>,
    /// Engagement figures.
    pub engagement: Engagement,
    /// Engagement received per follower (`received / max(audience, 1)`).
    pub engagement_per_follower: Vec<f64>,
    /// Engagement received per post, when the posts column is known and positive.
    pub engagement_per_post: Vec<Option<f64>>,
    /// Which layers were used for what.
    pub layers: LayerUse,
    /// Threshold values used.
    pub thresholds: Thresholds,
}

/// Layer names used for each part, for summary.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerUse {
    /// Audience layers (all layers when none matched).
    pub audience: Vec<String>,
    /// Engagement layers.
    pub engagement: Vec<String>,
    /// Spread layers.
    pub spread: Vec<String>,
    /// Whether a follow-like layer exists (otherwise non-follower shares are unknown).
    pub has_audience_layer: bool,
}

/// The roles part of summary.json.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolesSummary {
    /// Accounts per primary role (`ordinary` included).
    pub primary: BTreeMap<&'static str, u64>,
    /// Accounts meeting each rule (flags).
    pub flagged: BTreeMap<&'static str, u64>,
    /// Accounts per Guimerà–Amaral role, `R1 ultra-peripheral` … `R7 kinless hub`.
    pub guimera_amaral: BTreeMap<String, u64>,
    /// The precedence used for the primary role.
    pub precedence: Vec<Role>,
    /// The threshold values used.
    pub thresholds: Thresholds,
    /// The layers used for audience, engagement and spread.
    pub layers: LayerUse,
    /// Whether engagement per post was computed (the posts column was found).
    pub posts_column_found: bool,
}

impl Roles {
    /// Counts per role and the thresholds, for summary.json.
    pub fn summary(&self, cfg: &RolesConfig) -> RolesSummary {
        let count =
            |f: &dyn Fn(usize) -> bool| (0..self.role.len()).filter(|&u| f(u)).count() as u64;
        let primary = Role::RULED
            .iter()
            .chain(&[Role::Ordinary])
            .map(|&r| (r.name(), count(&|u| self.role[u] == r)))
            .collect();
        let flagged = Role::RULED
            .iter()
            .map(|&r| (r.name(), count(&|u| self.flags[u].has(r))))
            .collect();
        let ga = [
            GaRole::UltraPeripheral,
            GaRole::Peripheral,
            GaRole::Connector,
            GaRole::Kinless,
            GaRole::ProvincialHub,
            GaRole::ConnectorHub,
            GaRole::KinlessHub,
        ]
        .iter()
        .map(|&r| {
            (
                format!("{} {}", r.code(), r.name()),
                count(&|u| self.participation.role[u] == r),
            )
        })
        .collect();
        RolesSummary {
            primary,
            flagged,
            guimera_amaral: ga,
            precedence: cfg.precedence.clone(),
            thresholds: self.thresholds,
            layers: self.layers.clone(),
            posts_column_found: self.engagement_per_post.iter().any(Option::is_some),
        }
    }
}

/// Number of posts per node from the accounts table's `column` (unparsable or missing → `None`).
/// `None` when there is no table or no such column.
pub fn posts_per_node(
    accounts: Option<&AccountTable>,
    labels: &NodeLabels,
    column: &str,
) -> Option<Vec<Option<f64>>> {
    let table = accounts?;
    let c = table.columns.iter().position(|name| name == column)?;
    let mut posts = vec![None; labels.len()];
    for (r, id) in table.ids.iter().enumerate() {
        if let (Some(u), Ok(x)) = (labels.find(id), table.values[c][r].trim().parse::<f64>()) {
            if x.is_finite() && x >= 0.0 {
                posts[u as usize] = Some(x);
            }
        }
    }
    Some(posts)
}

/// Assigns roles.
///
/// # Arguments
/// * `g` - the graph; `m` - its metrics (PageRank and Burt's constraint are read).
/// * `partition` - the communities (modules of Guimerà–Amaral, groups of Gould–Fernandez).
/// * `posts` - posts per node, when known ([`posts_per_node`]).
/// * `pagerank_cfg` - parameters of the engagement PageRank (the run's PageRank parameters).
/// * `cfg` - layers, thresholds and precedence (validated by the caller).
///
/// # Returns
/// [`Roles`]: per-node role, flags, scores, figures and `why`, and the threshold values.
///
/// # Complexity
/// O(m log d_max) for participation and engagement, one PageRank on the engagement layers, and
/// the Gould–Fernandez count (see [`gould_fernandez()`]). Deterministic for any thread count.
pub fn assign(
    g: &Graph,
    m: &Metrics,
    partition: &Partition,
    posts: Option<&[Option<f64>]>,
    pagerank_cfg: &PageRankConfig,
    cfg: &RolesConfig,
) -> Roles {
    let inputs = RoleInputs {
        pagerank: &m.pagerank.scores,
        constraint: &m.centrality.brokerage.constraint,
    };
    assign_with(g, &inputs, partition, posts, pagerank_cfg, cfg)
}

/// The per-node metrics [`assign`] reads, for callers that do not compute the whole
/// [`Metrics`] suite (the per-window roles of `analyze --window`).
#[derive(Debug, Clone, Copy)]
pub struct RoleInputs<'a> {
    /// PageRank of each node (influencer thresholds, `why`).
    pub pagerank: &'a [f64],
    /// Burt's constraint of each node (only quoted in the relays' `why`).
    pub constraint: &'a [f64],
}

/// [`assign`] from the two per-node metrics it reads: the same rules, thresholds and `why`.
///
/// # Arguments
/// As [`assign`], with `inputs` in place of the metrics.
///
/// # Complexity
/// As [`assign`].
pub fn assign_with(
    g: &Graph,
    inputs: &RoleInputs<'_>,
    partition: &Partition,
    posts: Option<&[Option<f64>]>,
    pagerank_cfg: &PageRankConfig,
    cfg: &RolesConfig,
) -> Roles {
    let simple = undirected_simple(g);
    let sets = LayerSets::resolve(
        g.layers(),
        &cfg.audience_kinds,
        &cfg.engagement_kinds,
        &cfg.spread_kinds,
    );
    let ((participation, brokerage), engagement) = rayon::join(
        || {
            rayon::join(
                || participation(&simple, partition, &cfg.ga),
                || gould_fernandez(g, partition.membership()),
            )
        },
        || engagement(g, partition, &sets, pagerank_cfg),
    );
    let figures = Figures {
        participation,
        brokerage: Some(brokerage),
        engagement,
    };
    decide(figures, &sets, g.layers(), inputs, partition, posts, cfg)
}

/// The per-node figures the role rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Guimerà–Amaral figures ([`participation()`], or [`from_positions`] in cluster mode).
    pub participation: Participation,
    /// Gould–Fernandez counts; `None` when not computed (cluster mode: no relay rule).
    pub brokerage: Option<GouldFernandez>,
    /// Engagement figures ([`engagement()`], or [`Engagement::from_parts`] in cluster mode).
    pub engagement: Engagement,
}

/// The rules of [`assign`] applied to figures already computed: thresholds (quantiles over all
/// accounts), scores, flags, primary role and `why`. [`assign_with`] is [`Figures`] from the
/// graph followed by this; cluster mode gathers the figures from its workers and calls it on
/// process 0.
///
/// # Arguments
/// * `sets` - the layer sets the figures were computed with; `layer_names` - the graph's layers.
/// * the others as [`assign_with`].
///
/// # Complexity
/// O(n log n) (quantiles and percentile ranks sort the accounts).
pub fn decide(
    figures: Figures,
    sets: &LayerSets,
    layer_names: &[String],
    inputs: &RoleInputs<'_>,
    partition: &Partition,
    posts: Option<&[Option<f64>]>,
    cfg: &RolesConfig,
) -> Roles {
    let Figures {
        participation: part,
        brokerage: gf,
        engagement: eng,
    } = figures;
    let n = part.degree.len();
    let audience: Vec<f64> = eng.audience.iter().map(|&a| f64::from(a)).collect();
    let pagerank = inputs.pagerank;
    let per_follower: Vec<f64> = (0..n)
        .map(|u| eng.received[u] / f64::from(eng.audience[u].max(1)))
        .collect();
    let per_post: Vec<Option<f64>> = (0..n)
        .map(|u| {
            let p = posts.and_then(|p| p[u])?;
            (p > 0.0).then(|| eng.received[u] / p)
        })
        .collect();

    // Threshold values.
    let received_only = |x: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|u| {
                if eng.received[u] > 0.0 {
                    x[u]
                } else {
                    f64::NAN
                }
            })
            .collect()
    };
    let t = Thresholds {
        audience: quantile(&audience, cfg.influencer_quantile),
        pagerank: quantile(pagerank, cfg.influencer_quantile),
        local_pagerank: quantile(pagerank, cfg.local_influencer_quantile),
        relay_score: 0.0,
        engagement_per_follower: quantile(&received_only(&per_follower), cfg.prescriber_quantile),
        nonfollower_share: cfg.prescriber_nonfollower_share,
        spread_made: quantile(&eng.spread_made, cfg.amplifier_quantile),
        amplifier_received: quantile(&eng.received, cfg.amplifier_received_quantile),
        core_z: quantile(&part.within_z, cfg.core_quantile),
        peripheral_z: quantile(&part.within_z, cfg.peripheral_quantile),
        hub_z: cfg.ga.hub_z,
    };

    // Scores.
    let (pa, pp) = (percentile_ranks(&audience), percentile_ranks(pagerank));
    let influence: Vec<f64> = (0..n).map(|u| pa[u].min(pp[u])).collect();
    let relay_score: Vec<f64> = match &gf {
        Some(gf) => {
            let cross: Vec<f64> = (0..n).map(|u| gf.cross_group(u) as f64).collect();
            let pc = percentile_ranks(&cross);
            (0..n)
                .map(|u| {
                    let total = cross[u] + gf.coordinator[u] as f64;
                    let outsider = (gf.liaison[u] + gf.itinerant[u]) as f64;
                    if total > 0.0 {
                        outsider / total * pc[u]
                    } else {
                        0.0
                    }
                })
                .collect()
        }
        None => vec![f64::NAN; n],
    };
    let prescriber_score: Vec<f64> = (0..n)
        .map(|u| per_follower[u] * eng.nonfollower_share[u].unwrap_or(1.0))
        .collect();

    let t = Thresholds {
        relay_score: if gf.is_some() {
            quantile(&relay_score, cfg.relay_quantile)
        } else {
            f64::NAN
        },
        ..t
    };

    // Prescribers and amplifiers are told apart by what kind of attention they get or give:
    // without named audience, engagement and spread layers (a single-layer graph, where every
    // set falls back to all layers) the rules would compare a layer with itself.
    let can_prescribe = sets.has_audience && sets.has_engagement;
    let can_amplify = sets.has_spread && sets.has_engagement;

    // Flags.
    let flags: Vec<Flags> = (0..n)
        .map(|u| {
            let mut f = Flags::default();
            let ga = part.role[u];
            let hub = part.within_z[u] >= cfg.ga.hub_z;
            let top = eng.audience[u] > 0 && audience[u] >= t.audience && pagerank[u] >= t.pagerank;
            if top || (hub && pagerank[u] >= t.local_pagerank) {
                f.set(Role::Influencer);
            }
            if ga.bridges() && relay_score[u] > 0.0 && relay_score[u] >= t.relay_score {
                f.set(Role::Relay);
            }
            let share_ok = eng.nonfollower_share[u].is_none_or(|s| s >= t.nonfollower_share);
            if can_prescribe
                && eng.received[u] > 0.0
                && per_follower[u] >= t.engagement_per_follower
                && share_ok
            {
                f.set(Role::Prescriber);
            }
            if can_amplify
                && eng.spread_made[u] > 0.0
                && eng.spread_made[u] >= t.spread_made
                && eng.received[u] <= t.amplifier_received
            {
                f.set(Role::Amplifier);
            }
            if !ga.bridges() && part.within_degree[u] > 0 && part.within_z[u] >= t.core_z {
                f.set(Role::Core);
            }
            if !ga.bridges() && part.within_z[u] <= t.peripheral_z {
                f.set(Role::Peripheral);
            }
            f
        })
        .collect();
    let role: Vec<Role> = flags
        .iter()
        .map(|f| {
            cfg.precedence
                .iter()
                .copied()
                .find(|&r| f.has(r))
                .unwrap_or(Role::Ordinary)
        })
        .collect();
    let layer_names = |mask: &[bool]| -> Vec<String> {
        layer_names
            .iter()
            .zip(mask)
            .filter(|(_, &k)| k)
            .map(|(l, _)| l.clone())
            .collect()
    };
    let layers = LayerUse {
        audience: layer_names(&sets.audience),
        engagement: layer_names(&sets.engagement),
        spread: layer_names(&sets.spread),
        has_audience_layer: sets.has_audience,
    };
    let mut roles = Roles {
        role,
        flags,
        why: Vec::new(),
        influence,
        relay_score,
        prescriber_score,
        participation: part,
        brokerage: gf,
        engagement: eng,
        engagement_per_follower: per_follower,
        engagement_per_post: per_post,
        layers,
        thresholds: t,
    };
    let why = why::sentences(&roles, inputs, partition, &crate::i18n::Tr::default());
    roles.why = why;
    roles
}

/// The `why` sentences of `roles` in `tr`'s language ([`assign`] writes them in English): the
/// same figures and thresholds, worded and formatted for that language.
///
/// # Arguments
/// `inputs` and `partition` must be those `roles` was assigned from.
pub fn why_sentences(
    roles: &Roles,
    inputs: &RoleInputs<'_>,
    partition: &Partition,
    tr: &crate::i18n::Tr,
) -> Vec<String> {
    why::sentences(roles, inputs, partition, tr)
}
