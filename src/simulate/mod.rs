//! `relais simulate`: social networks with planted truth, at any size.
//!
//! The generator writes an export in relais's generic input format (`edges.csv` and
//! `accounts.csv`, or Parquet) and the truth that an analysis should recover (`truth.csv`, one row
//! per account, and `truth.json`, the parameters and the generator's measured statistics). Run
//! `relais analyze` on the folder: it reads `edges.*` and `accounts.*` and ignores `truth.*`.
//!
//! # Model
//!
//! An LFR-style benchmark (Lancichinetti, Fortunato & Radicchi, *Benchmark graphs for testing
//! community detection algorithms*, Phys. Rev. E 78, 046110, 2008) made directed, multi-layer and
//! timestamped, with planted roles. Direction is attention: u → v means u follows, reposts,
//! quotes, replies to, mentions or likes v.
//!
//! - **Accounts.** `accounts` in all: `buyers × farm_size` farm accounts, the rest organic.
//! - **Communities.** Sizes follow a power law of exponent `community_exponent` between
//!   `min_community` and `max_community`, drawn until they cover the organic accounts and then
//!   adjusted to sum to them exactly. Accounts are placed so that each fits its community: in
//!   decreasing order of the follows it should receive from inside, each goes to a random
//!   community (proportional to free places) larger than that.
//! - **Degrees.** Each organic account draws an *attention* weight (its expected number of
//!   followers) from a power law of exponent `degree_exponent` up to `max_followers`, and a number
//!   of planned follows from a power law of exponent `follows_exponent` up to `max_follows`; both
//!   have mean `mean_follows`. Follows are drawn in proportion to attention: with probability `mu`
//!   from outside the account's community, otherwise from inside (LFR's mixing parameter), so
//!   the follow layer's in-degrees follow the attention power law. Duplicates and self-follows
//!   are redrawn. A follow's time is uniform between the later of the two creation dates and the
//!   end of the window.
//! - **Interactions.** Over a window of `days` days from `start`, each organic account emits a
//!   Poisson number of interactions with mean `mean_interactions × follows / mean_follows` (the
//!   account's activity). A share `discovery` of them goes to an account drawn like a follow,
//!   the rest to a followee drawn in proportion to its engagement (its attention, boosted for
//!   influencers). Kinds: like 40 %, repost 20 %, reply 20 %, mention 10 %, quote 10 %. Times are
//!   uniform over the window.
//!
//! # Planted roles (truth.csv)
//!
//! Shares are of the organic accounts; roles are disjoint, `role` names the one an account has.
//!
//! - **influencer** (`influencer_share`): the accounts with the largest planted attention; their
//!   engagement weight is multiplied by `influencer_engagement`, so they receive more
//!   interactions per follower than anyone.
//! - **broker** (`broker_share`): an opinion relay with a modest audience (the 90th percentile of
//!   attention) spread evenly over `broker_communities` communities (its home and random others),
//!   following evenly into all of them, and interacting with accounts of all of them.
//! - **prescriber** (`prescriber_share`): modest audience (90th percentile) and
//!   `prescriber_posts` posts at random times. Each follower reposts each post with probability
//!   `cascade_follower_rate` (about 2 h later); the post also reaches the author's community and
//!   `cascade_reach` random other communities, where the accounts that do *not* follow the author
//!   repost it (hours later), each with the same probability, chosen so that a post gets about
//!   `cascade_size` such reposts. So most reposts come from beyond the followers.
//! - **amplifier** (`amplifier_share`): `amplifier_boost` times the activity of its peers, 75 %
//!   reposts, and the smallest attention weight: reposts a lot, receives little.
//! - **bought_audience** (`buyers` accounts): an ordinary account that bought `farm_size` fake
//!   followers.
//! - **farm**: the fake followers. Created at most a week before their buyer's burst, default
//!   profile, no description, no followers, no posts; each follows its buyer and about
//!   `farm_follows` (uniform in ½×–1½×) other accounts drawn in proportion to attention, all
//!   within `burst_hours` hours; they never interact. `farm_of` names the buyer.
//! - **rising** (`rising_share`): created in the last six months before the window, attention at
//!   the 95th percentile, and the times of everything it receives drawn with density growing
//!   as `t^rising_growth` (follows over its lifetime, interactions over the window).
//!
//! # Determinism and scale
//!
//! The global tables (communities, weights, roles, samplers) take `O(accounts)` memory and are
//! built sequentially from random streams keyed by `(seed, stream)`. Each account's edges come
//! from its own stream `(seed, account)`, so they depend on nothing else; accounts are generated
//! in parallel chunks and written in account order, so the files are byte-identical for any
//! number of threads, and memory does not grow with the number of edges.
//!
//! # Known limitations
//!
//! - Cascades are not simulated hop by hop: the accounts a post reaches are drawn per community,
//!   and the edges point to the author (as reposts of reposts do on most platforms); there is no
//!   diffusion tree to recover.
//! - Follows toward very large accounts saturate when `(1 - mu) × max_followers` approaches the
//!   community size (an account cannot be followed twice), which flattens the very top of the
//!   in-degree distribution; `max_followers ≤ max_community` keeps this mild.
//! - Brokers, whose follows cross communities by design, are left out of the measured `mu`; their
//!   edges raise the mixing of the whole graph (`mu_all` in truth.json).
//! - Accounts and timestamps are synthetic: no text, no reciprocity model, no triadic closure,
//!   so clustering is lower than in real follow graphs.

mod dist;
mod export;
mod model;

pub use model::{Kind, Role};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::pipeline::StageTime;
use dist::PowerLaw;

/// Scale presets: every value they set can be overridden by its own flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// About 2,000 accounts and 60,000 edges: tests and examples.
    Small,
    /// About 100,000 accounts and 4 million edges.
    Medium,
    /// About 1,000,000 accounts and 50 million edges.
    Large,
}

impl Preset {
    /// The preset whose number of accounts is nearest to `accounts` on a log scale.
    pub fn nearest(accounts: u32) -> Preset {
        let x = f64::from(accounts.max(1)).ln();
        [Preset::Small, Preset::Medium, Preset::Large]
            .into_iter()
            .min_by(|a, b| {
                let d = |p: &Preset| (f64::from(ModelConfig::preset(*p).accounts).ln() - x).abs();
                d(a).total_cmp(&d(b))
            })
            .unwrap_or(Preset::Small)
    }
}

/// Output file format of the edge and accounts tables (truth is always CSV and JSON).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SimFormat {
    /// `edges.csv` and `accounts.csv`, RFC 3339 timestamps.
    #[default]
    Csv,
    /// `edges.parquet` and `accounts.parquet` (zstd), timestamps as Unix seconds (Int64).
    Parquet,
}

/// Every parameter of the model. Plain, serde-able data, written in full to truth.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Seed of every random stream.
    pub seed: u64,
    /// Accounts in all (organic and farm).
    pub accounts: u32,
    /// Mean follows per organic account (also the mean planted audience).
    pub mean_follows: f64,
    /// Largest number of follows of one account.
    pub max_follows: u32,
    /// Power-law exponent of the number of follows (out-degree of the follow layer).
    pub follows_exponent: f64,
    /// Largest planted audience (expected followers) of one account.
    pub max_followers: u32,
    /// Power-law exponent of the planted audience (in-degree of the follow layer).
    pub degree_exponent: f64,
    /// Smallest community.
    pub min_community: u32,
    /// Largest community (at most the number of organic accounts).
    pub max_community: u32,
    /// Power-law exponent of community sizes.
    pub community_exponent: f64,
    /// Mixing: the share of follows that leave the follower's community.
    pub mu: f64,
    /// Start of the interaction window (RFC 3339, UTC).
    pub start: String,
    /// Length of the interaction window in days.
    pub days: u32,
    /// Mean interactions (repost, quote, reply, mention, like) per organic account.
    pub mean_interactions: f64,
    /// Share of interactions aimed at an account found like a follow rather than a followee.
    pub discovery: f64,
    /// Share of organic accounts that are influencers.
    pub influencer_share: f64,
    /// Engagement multiplier of influencers.
    pub influencer_engagement: f64,
    /// Share of organic accounts that are brokers.
    pub broker_share: f64,
    /// Communities a broker spans (its home included).
    pub broker_communities: u32,
    /// Share of organic accounts that are prescribers.
    pub prescriber_share: f64,
    /// Posts per prescriber, each the seed of a repost cascade.
    pub prescriber_posts: u32,
    /// Probability that a follower reposts a prescriber's post.
    pub cascade_follower_rate: f64,
    /// Communities besides the author's that a cascade reaches.
    pub cascade_reach: u32,
    /// Mean reposts of one post by accounts that do not follow its author, spread over the
    /// communities the cascade reaches.
    pub cascade_size: f64,
    /// Share of organic accounts that are amplifiers.
    pub amplifier_share: f64,
    /// Activity multiplier of amplifiers.
    pub amplifier_boost: f64,
    /// Share of organic accounts that are rising.
    pub rising_share: f64,
    /// Growth exponent of the attention rising accounts receive (density ∝ t^growth).
    pub rising_growth: f64,
    /// Accounts that bought a follower farm.
    pub buyers: u32,
    /// Fake followers per buyer.
    pub farm_size: u32,
    /// Mean follows of a farm account (uniform between half and one and a half times this).
    pub farm_follows: u32,
    /// Length of a farm's follow burst in hours.
    pub burst_hours: f64,
}

impl ModelConfig {
    /// Default seed.
    pub const DEFAULT_SEED: u64 = 0;
    /// Default follows exponent.
    pub const DEFAULT_FOLLOWS_EXPONENT: f64 = 2.5;
    /// Default audience (in-degree) exponent.
    pub const DEFAULT_DEGREE_EXPONENT: f64 = 2.5;
    /// Default community-size exponent.
    pub const DEFAULT_COMMUNITY_EXPONENT: f64 = 1.5;
    /// Default mixing parameter.
    pub const DEFAULT_MU: f64 = 0.2;
    /// Default window start.
    pub const DEFAULT_START: &'static str = "2024-01-01T00:00:00Z";
    /// Default window length in days.
    pub const DEFAULT_DAYS: u32 = 90;
    /// Default mean interactions per organic account.
    pub const DEFAULT_MEAN_INTERACTIONS: f64 = 10.0;
    /// Default discovery share.
    pub const DEFAULT_DISCOVERY: f64 = 0.1;
    /// Default influencer share.
    pub const DEFAULT_INFLUENCER_SHARE: f64 = 0.005;
    /// Default influencer engagement multiplier.
    pub const DEFAULT_INFLUENCER_ENGAGEMENT: f64 = 3.0;
    /// Default broker share.
    pub const DEFAULT_BROKER_SHARE: f64 = 0.01;
    /// Default communities per broker.
    pub const DEFAULT_BROKER_COMMUNITIES: u32 = 4;
    /// Default prescriber share.
    pub const DEFAULT_PRESCRIBER_SHARE: f64 = 0.005;
    /// Default posts per prescriber.
    pub const DEFAULT_PRESCRIBER_POSTS: u32 = 3;
    /// Default follower repost probability.
    pub const DEFAULT_CASCADE_FOLLOWER_RATE: f64 = 0.3;
    /// Default communities reached beyond the author's.
    pub const DEFAULT_CASCADE_REACH: u32 = 3;
    /// Default reposts per post beyond the author's followers.
    pub const DEFAULT_CASCADE_SIZE: f64 = 40.0;
    /// Default amplifier share.
    pub const DEFAULT_AMPLIFIER_SHARE: f64 = 0.01;
    /// Default amplifier activity multiplier.
    pub const DEFAULT_AMPLIFIER_BOOST: f64 = 10.0;
    /// Default rising share.
    pub const DEFAULT_RISING_SHARE: f64 = 0.005;
    /// Default rising growth exponent.
    pub const DEFAULT_RISING_GROWTH: f64 = 3.0;
    /// Default burst length in hours.
    pub const DEFAULT_BURST_HOURS: f64 = 6.0;
    /// Largest number of accounts (ids must fit `u32` with room to spare).
    pub const MAX_ACCOUNTS: u32 = 1 << 30;

    /// The parameters of a preset.
    pub fn preset(preset: Preset) -> ModelConfig {
        // (accounts, mean_follows, max_follows, max_followers, min_community, max_community,
        //  buyers, farm_size, farm_follows)
        let (accounts, mean, max_follows, max_followers, min_c, max_c, buyers, farm, farm_follows) =
            match preset {
                Preset::Small => (2_000, 20.0, 200, 250, 20, 250, 2, 40, 200),
                Preset::Medium => (100_000, 30.0, 2_000, 5_000, 50, 5_000, 5, 400, 200),
                Preset::Large => (1_000_000, 40.0, 5_000, 20_000, 100, 20_000, 10, 2_000, 200),
            };
        ModelConfig {
            seed: Self::DEFAULT_SEED,
            accounts,
            mean_follows: mean,
            max_follows,
            follows_exponent: Self::DEFAULT_FOLLOWS_EXPONENT,
            max_followers,
            degree_exponent: Self::DEFAULT_DEGREE_EXPONENT,
            min_community: min_c,
            max_community: max_c,
            community_exponent: Self::DEFAULT_COMMUNITY_EXPONENT,
            mu: Self::DEFAULT_MU,
            start: Self::DEFAULT_START.into(),
            days: Self::DEFAULT_DAYS,
            mean_interactions: Self::DEFAULT_MEAN_INTERACTIONS,
            discovery: Self::DEFAULT_DISCOVERY,
            influencer_share: Self::DEFAULT_INFLUENCER_SHARE,
            influencer_engagement: Self::DEFAULT_INFLUENCER_ENGAGEMENT,
            broker_share: Self::DEFAULT_BROKER_SHARE,
            broker_communities: Self::DEFAULT_BROKER_COMMUNITIES,
            prescriber_share: Self::DEFAULT_PRESCRIBER_SHARE,
            prescriber_posts: Self::DEFAULT_PRESCRIBER_POSTS,
            cascade_follower_rate: Self::DEFAULT_CASCADE_FOLLOWER_RATE,
            cascade_reach: Self::DEFAULT_CASCADE_REACH,
            cascade_size: Self::DEFAULT_CASCADE_SIZE,
            amplifier_share: Self::DEFAULT_AMPLIFIER_SHARE,
            amplifier_boost: Self::DEFAULT_AMPLIFIER_BOOST,
            rising_share: Self::DEFAULT_RISING_SHARE,
            rising_growth: Self::DEFAULT_RISING_GROWTH,
            buyers,
            farm_size: farm,
            farm_follows,
            burst_hours: Self::DEFAULT_BURST_HOURS,
        }
    }

    /// Number of farm accounts.
    pub fn farm_accounts(&self) -> u64 {
        u64::from(self.buyers) * u64::from(self.farm_size)
    }

    /// The window start in Unix seconds.
    pub fn start_seconds(&self) -> Result<i64> {
        let t = self.start.trim();
        let seconds = if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
            dt.timestamp()
        } else if let Some(dt) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
        {
            dt.and_utc().timestamp()
        } else {
            return Err(invalid(
                "start",
                format!(
                    "{t:?} is not an RFC 3339 time (2024-01-01T00:00:00Z) or a date (2024-01-01)"
                ),
            ));
        };
        // Accounts are created up to ten years before the window; keep every date in 1980–9999.
        const EARLIEST: i64 = 631_152_000; // 1990-01-01
        const LATEST: i64 = 32_503_680_000; // 3000-01-01
        if !(EARLIEST..LATEST).contains(&seconds) {
            return Err(invalid(
                "start",
                format!("{t:?} must fall between 1990 and 2999"),
            ));
        }
        Ok(seconds)
    }

    /// The planted audience distribution (mean `mean_follows`, at most `max_followers`).
    pub(crate) fn audience_law(&self) -> Option<PowerLaw> {
        PowerLaw::with_mean(
            self.mean_follows,
            0.5,
            f64::from(self.max_followers),
            self.degree_exponent,
        )
    }

    /// The planned-follows distribution (mean `mean_follows`, at most `max_follows`).
    pub(crate) fn follows_law(&self) -> Option<PowerLaw> {
        PowerLaw::with_mean(
            self.mean_follows,
            1.0,
            f64::from(self.max_follows),
            self.follows_exponent,
        )
    }

    /// Checks every parameter; the error names the flag and the allowed range.
    pub fn validate(&self) -> Result<()> {
        if self.accounts == 0 {
            return Err(invalid("accounts", "must be at least 1 (got 0)".into()));
        }
        if self.accounts > Self::MAX_ACCOUNTS {
            return Err(invalid(
                "accounts",
                format!(
                    "must be at most {} (got {})",
                    Self::MAX_ACCOUNTS,
                    self.accounts
                ),
            ));
        }
        if self.farm_accounts() * 2 > u64::from(self.accounts) {
            return Err(invalid(
                "farm-size",
                format!(
                    "buyers × farm-size = {} farm accounts, more than half of the {} accounts; \
                     lower --buyers or --farm-size, or raise --accounts",
                    self.farm_accounts(),
                    self.accounts
                ),
            ));
        }
        let organic = u64::from(self.accounts) - self.farm_accounts();
        if self.min_community < 2 {
            return Err(invalid(
                "min-community",
                format!("must be at least 2 (got {})", self.min_community),
            ));
        }
        if self.max_community < self.min_community {
            return Err(invalid(
                "max-community",
                format!(
                    "must be at least --min-community {} (got {})",
                    self.min_community, self.max_community
                ),
            ));
        }
        if organic < u64::from(self.min_community) {
            return Err(invalid(
                "accounts",
                format!(
                    "{organic} organic accounts cannot fill one community of --min-community {}; \
                     raise --accounts or lower --min-community",
                    self.min_community
                ),
            ));
        }
        unit_interval("mu", self.mu)?;
        unit_interval("discovery", self.discovery)?;
        unit_interval("cascade-follower-rate", self.cascade_follower_rate)?;
        let shares = [
            ("influencer-share", self.influencer_share),
            ("broker-share", self.broker_share),
            ("prescriber-share", self.prescriber_share),
            ("amplifier-share", self.amplifier_share),
            ("rising-share", self.rising_share),
        ];
        for (field, s) in shares {
            unit_interval(field, s)?;
        }
        let roles =
            shares.iter().map(|s| s.1).sum::<f64>() * organic as f64 + f64::from(self.buyers);
        if roles > 0.5 * organic as f64 {
            return Err(invalid(
                "influencer-share",
                format!(
                    "planted roles would take {roles:.0} of the {organic} organic accounts; keep \
                     the role shares plus --buyers below half of them"
                ),
            ));
        }
        for (field, e) in [
            ("degree-exponent", self.degree_exponent),
            ("follows-exponent", self.follows_exponent),
        ] {
            if !(e.is_finite() && e > 1.0 && e <= 5.0) {
                return Err(invalid(field, format!("must be in (1, 5] (got {e})")));
            }
        }
        if !(self.community_exponent.is_finite()
            && self.community_exponent > 0.0
            && self.community_exponent <= 5.0)
        {
            return Err(invalid(
                "community-exponent",
                format!("must be in (0, 5] (got {})", self.community_exponent),
            ));
        }
        if !(self.mean_follows.is_finite() && self.mean_follows >= 1.0) {
            return Err(invalid(
                "mean-follows",
                format!("must be at least 1 (got {})", self.mean_follows),
            ));
        }
        if u64::from(self.max_follows) >= organic {
            return Err(invalid(
                "max-follows",
                format!(
                    "must be below the {organic} organic accounts (got {})",
                    self.max_follows
                ),
            ));
        }
        if u64::from(self.max_followers) >= organic {
            return Err(invalid(
                "max-followers",
                format!(
                    "must be below the {organic} organic accounts (got {})",
                    self.max_followers
                ),
            ));
        }
        if self.follows_law().is_none() {
            return Err(invalid(
                "mean-follows",
                format!(
                    "no power law of exponent {} up to --max-follows {} has mean {}; raise \
                     --max-follows or change --follows-exponent",
                    self.follows_exponent, self.max_follows, self.mean_follows
                ),
            ));
        }
        if self.audience_law().is_none() {
            return Err(invalid(
                "mean-follows",
                format!(
                    "no power law of exponent {} up to --max-followers {} has mean {}; raise \
                     --max-followers or change --degree-exponent",
                    self.degree_exponent, self.max_followers, self.mean_follows
                ),
            ));
        }
        self.start_seconds()?;
        if self.days == 0 {
            return Err(invalid("days", "must be at least 1 (got 0)".into()));
        }
        if !(self.mean_interactions.is_finite() && self.mean_interactions >= 0.0) {
            return Err(invalid(
                "mean-interactions",
                format!(
                    "must be a finite number >= 0 (got {})",
                    self.mean_interactions
                ),
            ));
        }
        for (field, b) in [
            ("influencer-engagement", self.influencer_engagement),
            ("amplifier-boost", self.amplifier_boost),
        ] {
            if !(b.is_finite() && (1.0..=1000.0).contains(&b)) {
                return Err(invalid(field, format!("must be in [1, 1000] (got {b})")));
            }
        }
        if !(self.cascade_size.is_finite() && self.cascade_size >= 0.0) {
            return Err(invalid(
                "cascade-size",
                format!("must be a finite number >= 0 (got {})", self.cascade_size),
            ));
        }
        if self.broker_communities < 2 {
            return Err(invalid(
                "broker-communities",
                format!(
                    "a broker spans at least 2 communities (got {})",
                    self.broker_communities
                ),
            ));
        }
        if !(self.rising_growth.is_finite() && (0.0..=20.0).contains(&self.rising_growth)) {
            return Err(invalid(
                "rising-growth",
                format!("must be in [0, 20] (got {})", self.rising_growth),
            ));
        }
        if self.buyers > 0 && self.farm_size == 0 {
            return Err(invalid(
                "farm-size",
                "must be at least 1 when --buyers is above 0".into(),
            ));
        }
        // Farm parameters only matter when someone buys a farm.
        if self.buyers > 0 && (self.farm_follows == 0 || u64::from(self.farm_follows) >= organic) {
            return Err(invalid(
                "farm-follows",
                format!(
                    "must be between 1 and the {organic} organic accounts (got {})",
                    self.farm_follows
                ),
            ));
        }
        if !(self.burst_hours.is_finite()
            && self.burst_hours > 0.0
            && self.burst_hours <= 24.0 * f64::from(self.days))
        {
            return Err(invalid(
                "burst-hours",
                format!(
                    "must be above 0 and within the {}-day window (got {})",
                    self.days, self.burst_hours
                ),
            ));
        }
        Ok(())
    }
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig::preset(Preset::Small)
    }
}

fn invalid(field: &'static str, message: String) -> Error {
    Error::InvalidConfig { field, message }
}

fn unit_interval(field: &'static str, x: f64) -> Result<()> {
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(())
    } else {
        Err(invalid(field, format!("must be in [0, 1] (got {x})")))
    }
}

/// Everything `relais simulate` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulateConfig {
    /// The model.
    pub model: ModelConfig,
    /// Output folder (written atomically: built beside it, then renamed into place).
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    pub force: bool,
    /// Format of the edge and accounts tables.
    pub format: SimFormat,
}

/// Counts of what was generated.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Accounts in all.
    pub accounts: u64,
    /// Organic accounts.
    pub organic: u64,
    /// Farm accounts.
    pub farm: u64,
    /// Communities.
    pub communities: u64,
    /// Edge rows written.
    pub edges: u64,
    /// Edge rows per kind.
    pub edges_by_kind: BTreeMap<String, u64>,
    /// Accounts per primary role.
    pub roles: BTreeMap<String, u64>,
}

/// Statistics measured on the generated data, to compare with the parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Statistics {
    /// Share of follows between non-broker organic accounts that cross home communities
    /// (compare with `mu`).
    pub mu: f64,
    /// The same over every organic follow, brokers included.
    pub mu_all: f64,
    /// Mean follows per organic account (compare with `mean_follows`).
    pub mean_follows: f64,
    /// Planned follows that could not be placed (duplicates in small pools).
    pub follow_shortfall: u64,
    /// Follows made by organic accounts.
    pub organic_follows: u64,
    /// Follows made by farm accounts.
    pub farm_follows: u64,
    /// Power-law exponent fitted (truncated MLE) to organic accounts' followers from organic
    /// accounts, over `[degree_fit_min, max_followers]` (compare with `degree_exponent`).
    pub degree_exponent: Option<f64>,
    /// Smallest follower count used by the fit.
    pub degree_fit_min: u32,
    /// Accounts used by the fit.
    pub degree_fit_accounts: u64,
    /// Power-law exponent fitted to organic accounts' follows over `[follows_fit_min,
    /// max_follows]` (compare with `follows_exponent`).
    pub follows_exponent: Option<f64>,
    /// Smallest follow count used by the fit.
    pub follows_fit_min: u32,
    /// Smallest community.
    pub community_min: u64,
    /// Largest community.
    pub community_max: u64,
    /// Power-law exponent fitted to community sizes (compare with `community_exponent`).
    pub community_exponent: Option<f64>,
    /// Cascade reposts by followers of the prescriber.
    pub cascade_reposts_by_followers: u64,
    /// Cascade reposts by accounts that do not follow the prescriber.
    pub cascade_reposts_beyond_followers: u64,
    /// Share of the interactions received by rising accounts that fall in the window's second
    /// half (0.5 would be flat).
    pub rising_late_share: Option<f64>,
    /// The same for every other account.
    pub others_late_share: Option<f64>,
    /// Longest time from first to last follow of one farm, in seconds.
    pub farm_burst_seconds: i64,
}

/// What `simulate` produced.
#[derive(Debug, Clone)]
pub struct SimulateReport {
    /// The output folder.
    pub out: PathBuf,
    /// What was generated.
    pub counts: Counts,
    /// Measured statistics.
    pub statistics: Statistics,
    /// Time per stage (model, edges, accounts, truth).
    pub stages: Vec<StageTime>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Generates the network described by `cfg` and writes it, with its truth, atomically into
/// `cfg.out`. Call it inside the rayon pool that should do the work.
///
/// # Errors
/// An invalid parameter ([`Error::InvalidConfig`]), an existing output folder without `force`
/// ([`Error::OutputExists`]), or a failed write. On error nothing is left in the output folder's
/// place.
pub fn simulate(cfg: &SimulateConfig) -> Result<SimulateReport> {
    let clock = Instant::now();
    cfg.model.validate()?;
    let staging = crate::report::Staging::create(&cfg.out, cfg.force)?;
    let model = model::Model::build(&cfg.model);
    let mut stages = vec![StageTime {
        stage: "model",
        seconds: clock.elapsed().as_secs_f64(),
    }];
    let (counts, statistics) = export::write_all(&model, &staging, cfg.format, &mut stages)?;
    let out = staging.commit()?;
    Ok(SimulateReport {
        out,
        counts,
        statistics,
        stages,
        seconds: clock.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests;
