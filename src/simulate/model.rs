//! The generative model, without IO: global tables built once in `O(accounts)` memory, then the
//! edges of each account drawn from that account's own random stream.
//!
//! See the module docs of [`crate::simulate`] for the model in words.

use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::dist::{
    exponential, poisson, rising_time, rng, round_random, search, unit, Fenwick, PowerLaw, Stream,
};
use super::ModelConfig;

/// Marks "none" in per-account `u32` columns (no community, no slot).
pub(crate) const NONE: u32 = u32::MAX;

/// Seconds per day.
pub(crate) const DAY: i64 = 86_400;
/// Organic accounts were created up to this many days before the window starts.
pub(crate) const HISTORY_DAYS: i64 = 3_650;
/// Every organic account is at least this many days old when the window starts.
pub(crate) const MIN_AGE_DAYS: i64 = 30;
/// Rising accounts were created within this many days before the window starts.
pub(crate) const RISING_AGE_DAYS: i64 = 180;
/// Farm accounts are created at most this many days before their burst.
pub(crate) const FARM_AGE_DAYS: i64 = 7;
/// Mean delay of a follower's repost after a prescriber's post.
pub(crate) const CASCADE_FOLLOWER_DELAY: f64 = 2.0 * 3600.0;
/// Extra mean delay before a cascade reaches accounts that do not follow the prescriber.
pub(crate) const CASCADE_HOP_DELAY: f64 = 6.0 * 3600.0;
/// Quantile of the audience distribution given to brokers and prescribers ("modest audience").
pub(crate) const MODEST_QUANTILE: f64 = 0.90;
/// Quantile of the audience distribution given to rising accounts.
pub(crate) const RISING_QUANTILE: f64 = 0.95;
/// Kinds of an ordinary account's interactions and their probabilities.
pub(crate) const ORDINARY_MIX: [(Kind, f64); 5] = [
    (Kind::Like, 0.40),
    (Kind::Repost, 0.20),
    (Kind::Reply, 0.20),
    (Kind::Mention, 0.10),
    (Kind::Quote, 0.10),
];
/// Kinds of an amplifier's interactions and their probabilities.
pub(crate) const AMPLIFIER_MIX: [(Kind, f64); 3] = [
    (Kind::Repost, 0.75),
    (Kind::Quote, 0.10),
    (Kind::Like, 0.15),
];
/// Attempts to draw an interaction target that is not the source.
const MAX_RETRIES: usize = 8;
/// Draws allowed per wanted follow before giving up (the pool of targets may be too small).
const FILL_ATTEMPTS: usize = 64;

/// The primary planted role of an account (the `role` column of truth.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Role {
    /// An organic account with no planted role.
    Ordinary,
    /// Large audience and boosted engagement.
    Influencer,
    /// Opinion relay: modest audience, follows and followers in several communities.
    Broker,
    /// Posts that trigger repost cascades beyond the account's followers.
    Prescriber,
    /// Reposts a lot, receives little.
    Amplifier,
    /// Bought a follower farm.
    BoughtAudience,
    /// A fake follower sold by a farm.
    Farm,
    /// Attention received grows over the time window.
    Rising,
}

impl Role {
    /// Every role, in truth.csv column order.
    pub const ALL: [Role; 8] = [
        Role::Ordinary,
        Role::Influencer,
        Role::Broker,
        Role::Prescriber,
        Role::Amplifier,
        Role::BoughtAudience,
        Role::Farm,
        Role::Rising,
    ];

    /// The label used in truth.csv and truth.json.
    pub fn name(self) -> &'static str {
        match self {
            Role::Ordinary => "ordinary",
            Role::Influencer => "influencer",
            Role::Broker => "broker",
            Role::Prescriber => "prescriber",
            Role::Amplifier => "amplifier",
            Role::BoughtAudience => "bought_audience",
            Role::Farm => "farm",
            Role::Rising => "rising",
        }
    }
}

/// An interaction kind: the `kind` column of edges.csv (one layer each in `relais analyze`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Kind {
    /// u follows v.
    Follow,
    /// u reposts v's post.
    Repost,
    /// u quotes v's post.
    Quote,
    /// u replies to v.
    Reply,
    /// u mentions v.
    Mention,
    /// u likes v's post.
    Like,
}

impl Kind {
    /// Every kind, in the order of the counts in truth.json.
    pub const ALL: [Kind; 6] = [
        Kind::Follow,
        Kind::Repost,
        Kind::Quote,
        Kind::Reply,
        Kind::Mention,
        Kind::Like,
    ];

    /// The value written in the `kind` column.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Follow => "follow",
            Kind::Repost => "repost",
            Kind::Quote => "quote",
            Kind::Reply => "reply",
            Kind::Mention => "mention",
            Kind::Like => "like",
        }
    }
}

/// One generated edge of a known source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Edge {
    /// Unix seconds.
    pub time: i64,
    /// Account receiving attention.
    pub target: u32,
    /// Interaction kind.
    pub kind: Kind,
}

/// A buyer of a follower farm.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Buyer {
    /// The account whose audience was bought.
    pub account: u32,
    /// When the farm's follows start arriving (Unix seconds).
    pub burst_start: i64,
}

/// A prescriber's post, the seed of a repost cascade.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Post {
    /// The prescriber.
    pub author: u32,
    /// Unix seconds.
    pub time: i64,
    /// Probability that a non-follower in a reached community reposts it.
    pub rate: f64,
}

/// One account's place in a community's samplers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The community.
    pub community: u32,
    /// The account.
    pub account: u32,
    /// Its attention weight in this community.
    pub weight: f64,
    /// The follows it is expected to draw inside this community.
    pub draws: f64,
}

/// One slot of an alias table: the member drawn with probability `keep`, else `other`. Both
/// accounts sit in the slot so that a draw reads one cache line.
#[derive(Debug, Clone, Copy)]
struct Slot {
    keep: f64,
    member: u32,
    other: u32,
}

/// One weighting of the community members: an alias table per community (Walker's method,
/// Vose's construction: `O(1)` per draw) and the running totals over communities.
#[derive(Debug, Clone, Default)]
struct Weights {
    /// Alias slots, community after community (see `Tables::offsets`).
    slots: Vec<Slot>,
    /// Inclusive running total weight over communities.
    cum_total: Vec<f64>,
}

impl Weights {
    /// Appends the next community's members and their weights.
    fn push(&mut self, members: &[u32], weights: impl Iterator<Item = f64>) {
        let w: Vec<f64> = weights.collect();
        let n = w.len();
        let total: f64 = w.iter().sum();
        let first = self.slots.len();
        self.slots.extend(members.iter().map(|&m| Slot {
            keep: 1.0,
            member: m,
            other: m,
        }));
        if total > 0.0 {
            let mut scaled: Vec<f64> = w.iter().map(|x| x * n as f64 / total).collect();
            let (mut small, mut large): (Vec<usize>, Vec<usize>) =
                (0..n).partition(|&i| scaled[i] < 1.0);
            while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
                small.pop();
                self.slots[first + s].keep = scaled[s];
                self.slots[first + s].other = members[l];
                scaled[l] += scaled[s] - 1.0;
                if scaled[l] < 1.0 {
                    large.pop();
                    small.push(l);
                }
            }
            // What is left keeps its slot (probability 1 up to rounding).
        }
        let before = self.cum_total.last().copied().unwrap_or(0.0);
        self.cum_total.push(before + total);
    }

    fn total(&self, c: usize) -> f64 {
        self.cum_total[c] - if c == 0 { 0.0 } else { self.cum_total[c - 1] }
    }
}

/// Samplers of the accounts of a community, or outside it, in proportion to three weightings:
///
/// - *attention*, for interactions and farm follows;
/// - *inside*, for follows from inside the community: calibrated (see [`calibrate`]) because a
///   follower cannot follow the same account twice, so drawing in proportion to attention alone
///   would give the largest accounts fewer followers than planned;
/// - *outside*, for follows from other communities: what each account's attention leaves after
///   the followers it expects from inside. Communities whose members' follows fall short of their
///   attention (typically those holding the largest accounts) are made up for from outside; since
///   the deficits sum to the follows that leave communities, every account expects about its
///   attention in followers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// `offsets[c]..offsets[c + 1]` index the slots of community `c`'s members (brokers have a
    /// slot in each of their communities).
    offsets: Vec<usize>,
    attention: Weights,
    inside: Weights,
    outside: Weights,
}

impl Tables {
    /// Builds the tables from entries sorted by community then account.
    fn new(communities: usize, entries: &[Entry]) -> Tables {
        let mut offsets = vec![0usize; communities + 1];
        for e in entries {
            offsets[e.community as usize + 1] += 1;
        }
        for c in 0..communities {
            offsets[c + 1] += offsets[c];
        }
        let members: Vec<u32> = entries.iter().map(|e| e.account).collect();
        // Calibration is pure per community: parallel, with results in community order.
        let calibrated: Vec<(Vec<f64>, Vec<f64>)> = (0..communities)
            .into_par_iter()
            .map(|c| calibrate(&entries[offsets[c]..offsets[c + 1]]))
            .collect();
        let mut t = Tables {
            offsets,
            ..Tables::default()
        };
        for (c, (inside, expected)) in calibrated.into_iter().enumerate() {
            let block = &entries[t.offsets[c]..t.offsets[c + 1]];
            let members = &members[t.offsets[c]..t.offsets[c + 1]];
            t.attention.push(members, block.iter().map(|e| e.weight));
            t.inside.push(members, inside.into_iter());
            let deficit = block
                .iter()
                .zip(&expected)
                .map(|(e, x)| (e.weight - x).max(0.0));
            t.outside.push(members, deficit);
        }
        t
    }

    fn communities(&self) -> usize {
        self.attention.cum_total.len()
    }

    /// A member of community `c`, in proportion to `w`: one uniform gives the slot and the coin.
    fn pick<R: Rng>(&self, w: &Weights, c: usize, rng: &mut R) -> u32 {
        let (first, n) = (self.offsets[c], self.offsets[c + 1] - self.offsets[c]);
        let x = unit(rng) * n as f64;
        let slot = (x as usize).min(n - 1);
        let s = &w.slots[first + slot];
        if x - (slot as f64) < s.keep {
            s.member
        } else {
            s.other
        }
    }

    /// An account outside community `c`, in proportion to `w` (`None` when no other community has
    /// weight). The community is drawn from the running totals with `c`'s share cut out.
    fn pick_other<R: Rng>(&self, w: &Weights, c: usize, rng: &mut R) -> Option<u32> {
        let last = self.communities() - 1;
        let total = w.cum_total[last];
        let own = w.total(c);
        if self.communities() == 1 || total - own <= 0.0 {
            return None;
        }
        let before = if c == 0 { 0.0 } else { w.cum_total[c - 1] };
        let mut x = unit(rng) * (total - own);
        if x >= before {
            x += own;
        }
        let mut d = search(&w.cum_total, x);
        if d == c {
            // Rounding put x on c's boundary: step to a neighbour.
            d = if c < last { c + 1 } else { c - 1 };
        }
        Some(self.pick(w, d, rng))
    }

    /// An account of community `c`, in proportion to attention.
    fn sample_in<R: Rng>(&self, c: u32, rng: &mut R) -> u32 {
        self.pick(&self.attention, c as usize, rng)
    }

    /// An account of community `c` for a follow from inside it.
    fn sample_follow_in<R: Rng>(&self, c: u32, rng: &mut R) -> u32 {
        self.pick(&self.inside, c as usize, rng)
    }

    /// An account outside community `c` in proportion to attention (inside `c` if it is the
    /// only community).
    fn sample_other<R: Rng>(&self, c: u32, rng: &mut R) -> u32 {
        match self.pick_other(&self.attention, c as usize, rng) {
            Some(v) => v,
            None => self.sample_in(c, rng),
        }
    }

    /// An account outside community `c` for a follow from `c`: in proportion to the followers
    /// it lacks after those from inside its communities.
    fn sample_follow_out<R: Rng>(&self, c: u32, rng: &mut R) -> u32 {
        match self.pick_other(&self.outside, c as usize, rng) {
            Some(v) => v,
            None => self.sample_other(c, rng),
        }
    }

    /// Any account, in proportion to attention.
    fn sample_any<R: Rng>(&self, rng: &mut R) -> u32 {
        let w = &self.attention;
        let x = unit(rng) * w.cum_total[self.communities() - 1];
        let c = search(&w.cum_total, x);
        self.pick(w, c, rng)
    }
}

/// Integer tallies of one chunk of sources; summed in chunk order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Edges per kind, in [`Kind::ALL`] order.
    pub by_kind: [u64; 6],
    /// Follows made by organic accounts.
    pub organic_follows: u64,
    /// Follows made by farm accounts.
    pub farm_follows: u64,
    /// Follows between non-broker organic accounts of the same home community.
    pub intra: u64,
    /// Follows between non-broker organic accounts of different home communities.
    pub inter: u64,
    /// Follows between organic accounts (brokers included) of the same home community.
    pub intra_all: u64,
    /// Follows between organic accounts (brokers included) of different home communities.
    pub inter_all: u64,
    /// Planned follows that could not be placed (target pool exhausted).
    pub follow_shortfall: u64,
    /// Cascade reposts by followers of the prescriber.
    pub cascade_followers: u64,
    /// Cascade reposts by accounts that do not follow the prescriber.
    pub cascade_others: u64,
    /// Interactions (not follows) received by rising accounts.
    pub rising_received: u64,
    /// Of those, in the second half of the window.
    pub rising_late: u64,
    /// Interactions received by every other account.
    pub other_received: u64,
    /// Of those, in the second half of the window.
    pub other_late: u64,
    /// Latest farm follow after its burst started, in seconds.
    pub farm_burst_max: i64,
}

impl Tally {
    /// Adds `other` to `self`.
    pub fn add(&mut self, o: &Tally) {
        for (a, b) in self.by_kind.iter_mut().zip(o.by_kind) {
            *a += b;
        }
        self.organic_follows += o.organic_follows;
        self.farm_follows += o.farm_follows;
        self.intra += o.intra;
        self.inter += o.inter;
        self.intra_all += o.intra_all;
        self.inter_all += o.inter_all;
        self.follow_shortfall += o.follow_shortfall;
        self.cascade_followers += o.cascade_followers;
        self.cascade_others += o.cascade_others;
        self.rising_received += o.rising_received;
        self.rising_late += o.rising_late;
        self.other_received += o.other_received;
        self.other_late += o.other_late;
        self.farm_burst_max = self.farm_burst_max.max(o.farm_burst_max);
    }
}

/// Reusable buffers of one worker.
#[derive(Debug)]
pub(crate) struct Scratch {
    followees: Vec<u32>,
    /// One bit per account: set while the account is among `followees`.
    marked: Vec<u64>,
    cum: Vec<f64>,
}

impl Scratch {
    /// Buffers for a model of `n` accounts.
    pub fn new(n: u32) -> Scratch {
        Scratch {
            followees: Vec::new(),
            marked: vec![0; (n as usize).div_ceil(64)],
            cum: Vec::new(),
        }
    }

    /// Marks `v`; false if it was marked already.
    fn mark(&mut self, v: u32) -> bool {
        let (word, bit) = (v as usize / 64, 1u64 << (v % 64));
        let fresh = self.marked[word] & bit == 0;
        self.marked[word] |= bit;
        fresh
    }

    /// Empties `followees` and clears their marks.
    fn reset(&mut self) {
        for &v in &self.followees {
            self.marked[v as usize / 64] &= !(1u64 << (v % 64));
        }
        self.followees.clear();
    }
}

/// The model's global tables: `O(accounts)` memory, independent of the number of edges.
#[derive(Debug)]
pub(crate) struct Model {
    /// The parameters (validated).
    pub cfg: ModelConfig,
    /// Number of accounts.
    pub n: u32,
    /// Window start and end (Unix seconds).
    pub start: i64,
    /// Window end (exclusive).
    pub end: i64,
    /// Primary role per account.
    pub role: Vec<Role>,
    /// Home community per account ([`NONE`] for farm accounts).
    pub community: Vec<u32>,
    /// For farm accounts, the buyer's index in `buyers`; for brokers, their index in
    /// `broker_communities`; for prescribers, their index among prescribers; else [`NONE`].
    pub slot: Vec<u32>,
    /// Weight of an account when a follower picks whom to interact with.
    pub engagement: Vec<f64>,
    /// Planned follows (out-degree of the follow layer).
    pub planned_follows: Vec<u32>,
    /// Expected interactions emitted over the window.
    pub activity: Vec<f64>,
    /// Account creation time (Unix seconds).
    pub created: Vec<i64>,
    /// Buyers of follower farms.
    pub buyers: Vec<Buyer>,
    /// Communities of each broker, home first.
    pub broker_communities: Vec<Vec<u32>>,
    /// Prescribers' posts, `prescriber_posts` consecutive posts per prescriber.
    pub posts: Vec<Post>,
    /// `reach_offsets[c]..reach_offsets[c + 1]` index `reach_posts`: the posts whose cascade
    /// reaches community `c`.
    reach_offsets: Vec<usize>,
    reach_posts: Vec<u32>,
    /// Size of each community (organic accounts by home community).
    pub community_sizes: Vec<u32>,
    /// Attention distribution of organic accounts.
    pub audience_law: PowerLaw,
    /// Planned-follows distribution of organic accounts.
    pub follows_law: PowerLaw,
    /// Burst length in seconds.
    burst_seconds: i64,
    tables: Tables,
}

impl Model {
    /// Builds the global tables. `cfg` must have passed validation.
    pub fn build(cfg: &ModelConfig) -> Model {
        let n = cfg.accounts;
        let nu = n as usize;
        let seed = cfg.seed;
        let start = cfg.start_seconds().unwrap_or(0);
        let end = start + i64::from(cfg.days) * DAY;
        let farm_total = (cfg.buyers * cfg.farm_size) as usize;
        let organic_total = nu - farm_total;

        // Which accounts are farm accounts: a random subset; the rest, in random order, is the pool
        // from which planted roles are drawn.
        let mut order: Vec<u32> = (0..n).collect();
        order.shuffle(&mut rng(seed, Stream::Roles, 0));
        let mut role = vec![Role::Ordinary; nu];
        let mut slot = vec![NONE; nu];
        for (i, &f) in order[..farm_total].iter().enumerate() {
            role[f as usize] = Role::Farm;
            slot[f as usize] = (i / cfg.farm_size as usize) as u32;
        }
        let pool = &order[farm_total..];

        // Degrees: attention (expected audience) and planned follows, power laws with the
        // configured means.
        let audience_law = cfg.audience_law().unwrap_or(PowerLaw {
            lo: 1.0,
            hi: 1.0,
            exponent: 2.0,
        });
        let follows_law = cfg.follows_law().unwrap_or(PowerLaw {
            lo: 1.0,
            hi: 1.0,
            exponent: 2.0,
        });
        let max_follows = cfg
            .max_follows
            .min(organic_total.saturating_sub(1) as u32)
            .max(1);
        let mut attention = vec![0.0f64; nu];
        let mut planned_follows = vec![0u32; nu];
        let mut r = rng(seed, Stream::Degrees, 0);
        for u in 0..nu {
            if role[u] == Role::Farm {
                continue;
            }
            attention[u] = audience_law.sample(&mut r);
            let planned = follows_law.sample(&mut r);
            let k = round_random(&mut r, planned);
            planned_follows[u] = k.clamp(1, max_follows);
        }

        // Planted roles. Influencers are the accounts with the largest planted audience; the others
        // are drawn from the rest of the shuffled pool.
        let share = |s: f64| (s * organic_total as f64).round() as usize;
        let mut by_audience: Vec<u32> = pool.to_vec();
        by_audience.sort_unstable_by(|&a, &b| {
            attention[b as usize]
                .total_cmp(&attention[a as usize])
                .then(a.cmp(&b))
        });
        for &v in &by_audience[..share(cfg.influencer_share)] {
            role[v as usize] = Role::Influencer;
        }
        let rest: Vec<u32> = pool
            .iter()
            .copied()
            .filter(|&v| role[v as usize] == Role::Ordinary)
            .collect();
        let mut rest = rest.into_iter();
        let modest = audience_law.quantile(MODEST_QUANTILE);
        let mut brokers = Vec::new();
        let mut prescribers = Vec::new();
        let mut buyers_accounts = Vec::new();
        let plan = [
            (Role::Broker, share(cfg.broker_share)),
            (Role::Prescriber, share(cfg.prescriber_share)),
            (Role::Amplifier, share(cfg.amplifier_share)),
            (Role::Rising, share(cfg.rising_share)),
            (Role::BoughtAudience, cfg.buyers as usize),
        ];
        for (planted, count) in plan {
            for v in rest.by_ref().take(count) {
                let vu = v as usize;
                role[vu] = planted;
                match planted {
                    Role::Broker => {
                        slot[vu] = brokers.len() as u32;
                        brokers.push(v);
                        attention[vu] = modest;
                    }
                    Role::Prescriber => {
                        slot[vu] = prescribers.len() as u32;
                        prescribers.push(v);
                        attention[vu] = modest;
                    }
                    Role::Amplifier => attention[vu] = audience_law.lo,
                    Role::Rising => attention[vu] = audience_law.quantile(RISING_QUANTILE),
                    Role::BoughtAudience => {
                        slot[vu] = buyers_accounts.len() as u32;
                        buyers_accounts.push(v);
                    }
                    _ => {}
                }
            }
        }

        // Communities: sizes, then assignment of accounts so that each fits its home community.
        let sizes = community_sizes(cfg, organic_total, seed);
        let mut community = assign(cfg, &role, &attention, &planned_follows, &sizes, seed);
        let (relabel, community_sizes) = canonical(&community, sizes.len());
        for c in community.iter_mut().filter(|c| **c != NONE) {
            *c = relabel[*c as usize];
        }
        let communities = community_sizes.len();

        // Brokers' extra communities.
        let mut r = rng(seed, Stream::Assignment, 1);
        let broker_communities: Vec<Vec<u32>> = brokers
            .iter()
            .map(|&b| {
                let home = community[b as usize];
                let mut list = vec![home];
                let others: Vec<u32> = (0..communities as u32).filter(|&c| c != home).collect();
                let extra = (cfg.broker_communities as usize - 1).min(others.len());
                let mut picked: Vec<u32> = others.choose_multiple(&mut r, extra).copied().collect();
                picked.sort_unstable();
                list.extend(picked);
                list
            })
            .collect();

        // Samplers: every organic account in its home community with its attention; a broker in
        // each of its communities with an equal share of its attention and of its follows.
        let mut entries: Vec<Entry> = Vec::with_capacity(organic_total + brokers.len() * 4);
        for v in 0..n {
            let vu = v as usize;
            let follows = f64::from(planned_follows[vu]);
            match role[vu] {
                Role::Farm => {}
                Role::Broker => {
                    let list = &broker_communities[slot[vu] as usize];
                    let m = list.len() as f64;
                    entries.extend(list.iter().map(|&c| Entry {
                        community: c,
                        account: v,
                        weight: attention[vu] / m,
                        draws: follows / m,
                    }));
                }
                _ => entries.push(Entry {
                    community: community[vu],
                    account: v,
                    weight: attention[vu],
                    draws: (1.0 - cfg.mu) * follows,
                }),
            }
        }
        entries.sort_unstable_by_key(|e| (e.community, e.account));
        let tables = Tables::new(communities, &entries);
        drop(entries);

        let engagement: Vec<f64> = (0..nu)
            .map(|v| match role[v] {
                Role::Influencer => attention[v] * cfg.influencer_engagement,
                _ => attention[v],
            })
            .collect();
        let activity: Vec<f64> = (0..nu)
            .map(|u| {
                let base = cfg.mean_interactions * f64::from(planned_follows[u]) / cfg.mean_follows;
                match role[u] {
                    Role::Farm => 0.0,
                    Role::Amplifier => base * cfg.amplifier_boost,
                    _ => base,
                }
            })
            .collect();

        // Calendar: creation dates, farm bursts.
        let burst_seconds = ((cfg.burst_hours * 3600.0).round() as i64).clamp(1, end - start);
        let mut r = rng(seed, Stream::Calendar, 0);
        let buyers: Vec<Buyer> = buyers_accounts
            .iter()
            .map(|&account| Buyer {
                account,
                burst_start: start + (unit(&mut r) * (end - start - burst_seconds) as f64) as i64,
            })
            .collect();
        let created: Vec<i64> = (0..nu)
            .map(|v| {
                let x = unit(&mut r);
                match role[v] {
                    Role::Farm => {
                        let b = buyers[slot[v] as usize].burst_start;
                        b - 60 - (x * (FARM_AGE_DAYS * DAY) as f64) as i64
                    }
                    Role::Rising => {
                        start
                            - MIN_AGE_DAYS * DAY
                            - (x * ((RISING_AGE_DAYS - MIN_AGE_DAYS) * DAY) as f64) as i64
                    }
                    _ => {
                        start
                            - MIN_AGE_DAYS * DAY
                            - (x * ((HISTORY_DAYS - MIN_AGE_DAYS) * DAY) as f64) as i64
                    }
                }
            })
            .collect();

        // Prescribers' posts and the communities each cascade reaches: the author's home and
        // `cascade_reach` others.
        let mut r = rng(seed, Stream::Cascades, 0);
        let mut posts = Vec::new();
        let mut reach: Vec<(u32, u32)> = Vec::new();
        let latest = (end - 2 * DAY).max(start + 1);
        for &p in &prescribers {
            let home = community[p as usize];
            for _ in 0..cfg.prescriber_posts {
                let id = posts.len() as u32;
                let time = start + (unit(&mut r) * (latest - start) as f64) as i64;
                let others: Vec<u32> = (0..communities as u32).filter(|&c| c != home).collect();
                let k = (cfg.cascade_reach as usize).min(others.len());
                let reached: Vec<u32> = others.choose_multiple(&mut r, k).copied().collect();
                let pool: f64 = std::iter::once(home)
                    .chain(reached.iter().copied())
                    .map(|c| f64::from(community_sizes[c as usize]))
                    .sum();
                let rate = (cfg.cascade_size / pool.max(1.0)).min(1.0);
                posts.push(Post {
                    author: p,
                    time,
                    rate,
                });
                reach.push((home, id));
                reach.extend(reached.iter().map(|&c| (c, id)));
            }
        }
        reach.sort_unstable();
        let mut reach_offsets = vec![0usize; communities + 1];
        for &(c, _) in &reach {
            reach_offsets[c as usize + 1] += 1;
        }
        for c in 0..communities {
            reach_offsets[c + 1] += reach_offsets[c];
        }
        let reach_posts = reach.into_iter().map(|(_, p)| p).collect();

        Model {
            cfg: cfg.clone(),
            n,
            start,
            end,
            role,
            community,
            slot,
            engagement,
            planned_follows,
            activity,
            created,
            buyers,
            broker_communities,
            posts,
            reach_offsets,
            reach_posts,
            community_sizes,
            audience_law,
            follows_law,
            burst_seconds,
            tables,
        }
    }

    /// Number of organic (non-farm) accounts.
    pub fn organic(&self) -> u32 {
        self.n - self.cfg.buyers * self.cfg.farm_size
    }

    /// The communities of account `v`: a broker's list, or its home community alone.
    pub fn communities_of(&self, v: u32) -> &[u32] {
        let vu = v as usize;
        match self.role[vu] {
            Role::Broker => &self.broker_communities[self.slot[vu] as usize],
            Role::Farm => &[],
            _ => std::slice::from_ref(&self.community[vu]),
        }
    }

    /// For a farm account, the account that bought it.
    pub fn farm_buyer(&self, v: u32) -> Option<u32> {
        (self.role[v as usize] == Role::Farm)
            .then(|| self.buyers[self.slot[v as usize] as usize].account)
    }

    /// Appends every edge emitted by account `u`, sorted by (time, target, kind), to `out`.
    pub fn emit(&self, u: u32, out: &mut Vec<Edge>, scratch: &mut Scratch, tally: &mut Tally) {
        let mut r = rng(self.cfg.seed, Stream::Edges, u64::from(u));
        let first = out.len();
        if self.role[u as usize] == Role::Farm {
            self.emit_farm(u, &mut r, out, scratch, tally);
        } else {
            self.emit_organic(u, &mut r, out, scratch, tally);
        }
        out[first..].sort_unstable();
        for e in &out[first..] {
            tally.by_kind[e.kind as usize] += 1;
        }
    }

    /// A farm account: follows its buyer and hundreds of popular decoys, all within the burst,
    /// and nothing else.
    fn emit_farm<R: Rng>(
        &self,
        u: u32,
        r: &mut R,
        out: &mut Vec<Edge>,
        s: &mut Scratch,
        t: &mut Tally,
    ) {
        let buyer = self.buyers[self.slot[u as usize] as usize];
        let mean = f64::from(self.cfg.farm_follows);
        let spread = 0.5 + unit(r);
        let want = round_random(r, mean * spread).clamp(1, self.organic()) as usize;
        s.reset();
        s.mark(buyer.account);
        s.followees.push(buyer.account);
        self.fill(u, want, r, s, t, |r| self.tables.sample_any(r));
        s.followees.sort_unstable();
        for &v in &s.followees {
            let offset = (unit(r) * self.burst_seconds as f64) as i64;
            t.farm_burst_max = t.farm_burst_max.max(offset);
            let time = buyer.burst_start + offset;
            out.push(Edge {
                time,
                target: v,
                kind: Kind::Follow,
            });
        }
        t.farm_follows += s.followees.len() as u64;
    }

    /// Draws targets one by one, keeping those that are new and not `u`, until `s.followees`
    /// holds `want` or [`FILL_ATTEMPTS`] draws per wanted target are spent (sampling without
    /// replacement).
    fn fill<R: Rng>(
        &self,
        u: u32,
        want: usize,
        r: &mut R,
        s: &mut Scratch,
        t: &mut Tally,
        mut draw: impl FnMut(&mut R) -> u32,
    ) {
        let limit = FILL_ATTEMPTS * want.saturating_sub(s.followees.len()) + FILL_ATTEMPTS;
        let mut attempts = 0;
        while s.followees.len() < want && attempts < limit {
            attempts += 1;
            let v = draw(r);
            if v != u && s.mark(v) {
                s.followees.push(v);
            }
        }
        t.follow_shortfall += want.saturating_sub(s.followees.len()) as u64;
    }

    fn emit_organic<R: Rng>(
        &self,
        u: u32,
        r: &mut R,
        out: &mut Vec<Edge>,
        s: &mut Scratch,
        t: &mut Tally,
    ) {
        let uu = u as usize;
        let home = self.community[uu];
        let is_broker = self.role[uu] == Role::Broker;
        let mine = self.communities_of(u);
        let mu = self.cfg.mu;

        // Follows: a broker spreads them evenly over its communities. Any other account first
        // splits its planned follows between inside and outside its home community (each follow
        // leaves with probability mu), then draws that many distinct targets on each side,
        // proportional to attention (calibrated inside, see `calibrate`); splitting first keeps
        // redrawn duplicates from shifting the mixing.
        s.reset();
        let want = self.planned_follows[uu] as usize;
        if is_broker {
            let mut turn = 0usize;
            self.fill(u, want, r, s, t, |r| {
                turn += 1;
                self.tables.sample_follow_in(mine[turn % mine.len()], r)
            });
        } else {
            let outside = (0..want).filter(|_| unit(r) < mu).count();
            self.fill(u, want - outside, r, s, t, |r| {
                self.tables.sample_follow_in(home, r)
            });
            let inside = s.followees.len();
            self.fill(u, inside + outside, r, s, t, |r| {
                self.tables.sample_follow_out(home, r)
            });
        }
        s.followees.sort_unstable();
        t.organic_follows += s.followees.len() as u64;
        for &v in &s.followees {
            let vu = v as usize;
            let same = self.community[vu] == home;
            if same {
                t.intra_all += 1;
            } else {
                t.inter_all += 1;
            }
            if !is_broker && self.role[vu] != Role::Broker {
                if same {
                    t.intra += 1;
                } else {
                    t.inter += 1;
                }
            }
            let lo = self.created[uu]
                .max(self.created[vu])
                .max(self.start - HISTORY_DAYS * DAY);
            let span = (self.end - lo).max(1) as f64;
            let x = if self.role[vu] == Role::Rising {
                rising_time(r, self.cfg.rising_growth)
            } else {
                unit(r)
            };
            out.push(Edge {
                time: lo + (x * span) as i64,
                target: v,
                kind: Kind::Follow,
            });
        }

        // Interactions: volume from the account's activity; targets mostly among followees,
        // proportional to engagement, else discovered like a follow.
        s.cum.clear();
        let mut running = 0.0;
        for &v in &s.followees {
            running += self.engagement[v as usize];
            s.cum.push(running);
        }
        let window = (self.end - self.start) as f64;
        let mid = self.start + (self.end - self.start) / 2;
        let count = poisson(r, self.activity[uu]);
        let amplifier = self.role[uu] == Role::Amplifier;
        for _ in 0..count {
            let kind = if amplifier {
                pick(r, &AMPLIFIER_MIX)
            } else {
                pick(r, &ORDINARY_MIX)
            };
            let target = if s.followees.is_empty() || unit(r) < self.cfg.discovery {
                let found = (0..MAX_RETRIES)
                    .map(|_| {
                        if is_broker {
                            let c = mine[r.random_range(0..mine.len())];
                            self.tables.sample_in(c, r)
                        } else if unit(r) < mu {
                            self.tables.sample_other(home, r)
                        } else {
                            self.tables.sample_in(home, r)
                        }
                    })
                    .find(|&v| v != u);
                match found {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                let x = unit(r) * running;
                s.followees[search(&s.cum, x)]
            };
            let rising = self.role[target as usize] == Role::Rising;
            let x = if rising {
                rising_time(r, self.cfg.rising_growth)
            } else {
                unit(r)
            };
            let time = self.start + (x * window) as i64;
            if rising {
                t.rising_received += 1;
                t.rising_late += u64::from(time >= mid);
            } else {
                t.other_received += 1;
                t.other_late += u64::from(time >= mid);
            }
            out.push(Edge { time, target, kind });
        }

        // Cascades: followers of a prescriber repost each of its posts with one probability;
        // every account of a community that a post reaches reposts it with another.
        let per = self.cfg.prescriber_posts as usize;
        for &p in &s.followees {
            if self.role[p as usize] != Role::Prescriber {
                continue;
            }
            let first = self.slot[p as usize] as usize * per;
            for post in &self.posts[first..first + per] {
                if unit(r) < self.cfg.cascade_follower_rate {
                    let delay = exponential(r, CASCADE_FOLLOWER_DELAY) as i64;
                    let time = (post.time + 1 + delay).min(self.end - 1);
                    out.push(Edge {
                        time,
                        target: p,
                        kind: Kind::Repost,
                    });
                    t.cascade_followers += 1;
                    self.count_received(p, time, mid, t);
                }
            }
        }
        let range = self.reach_offsets[home as usize]..self.reach_offsets[home as usize + 1];
        for &id in &self.reach_posts[range] {
            let post = self.posts[id as usize];
            if post.author == u || s.followees.binary_search(&post.author).is_ok() {
                continue;
            }
            if unit(r) < post.rate {
                let delay = (CASCADE_FOLLOWER_DELAY + exponential(r, CASCADE_HOP_DELAY)) as i64;
                let time = (post.time + 1 + delay).min(self.end - 1);
                out.push(Edge {
                    time,
                    target: post.author,
                    kind: Kind::Repost,
                });
                t.cascade_others += 1;
                self.count_received(post.author, time, mid, t);
            }
        }
    }

    fn count_received(&self, v: u32, time: i64, mid: i64, t: &mut Tally) {
        if self.role[v as usize] == Role::Rising {
            t.rising_received += 1;
            t.rising_late += u64::from(time >= mid);
        } else {
            t.other_received += 1;
            t.other_late += u64::from(time >= mid);
        }
    }
}

/// Share of a community's members that one account may have as followers from inside.
const MAX_INSIDE_SHARE: f64 = 0.9;
/// Logarithmic bins per unit of `ln` used to group sources by draws and targets by attention.
const BINS_PER_LN: f64 = 16.0;
/// Iterations of the calibration at most.
const CALIBRATION_ROUNDS: usize = 200;

/// Weights for follows inside one community such that each member's expected followers from
/// inside are proportional to its attention, although nobody follows the same account twice;
/// returns them with those expected followers.
///
/// A source that draws `k` distinct targets with weights `w` includes target `v` with
/// probability about `1 - exp(-λ_k w_v)`, where `λ_k` solves `Σ_v (1 - exp(-λ_k w_v)) = k`
/// (Hájek's approximation of successive sampling). Members are grouped into narrow classes of
/// attention and sources into narrow classes of draws; each round solves `λ` per source class
/// (Newton's method from below: the left side is increasing and concave) and multiplies each
/// member class's weight factor by its wanted over expected followers. The wanted followers are
/// proportional to attention, capped at [`MAX_INSIDE_SHARE`] of the sources (what the cap
/// removes goes to the others). A round costs `O(source classes × member classes)`, whatever the
/// community's size.
fn calibrate(block: &[Entry]) -> (Vec<f64>, Vec<f64>) {
    let attention: f64 = block.iter().map(|e| e.weight).sum();
    let draws: f64 = block.iter().map(|e| e.draws).sum();
    if block.len() < 2 || attention <= 0.0 || draws <= 0.0 {
        return (
            block.iter().map(|e| e.weight).collect(),
            vec![0.0; block.len()],
        );
    }
    let key = |x: f64| (x.ln() * BINS_PER_LN).floor() as i64;
    // Source classes: (mean draws, number of sources); a source cannot draw every member.
    let most = (block.len() - 1) as f64 * 0.999;
    let mut by_draws: Vec<(i64, f64)> = block
        .iter()
        .filter(|e| e.draws > 0.0)
        .map(|e| (key(e.draws), e.draws.min(most)))
        .collect();
    by_draws.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let sources: Vec<(f64, f64)> = by_draws
        .chunk_by(|a, b| a.0 == b.0)
        .map(|g| {
            (
                g.iter().map(|x| x.1).sum::<f64>() / g.len() as f64,
                g.len() as f64,
            )
        })
        .collect();
    // Member classes by attention: (key, members, mean attention).
    let mut keys: Vec<(i64, usize)> = block
        .iter()
        .enumerate()
        .map(|(i, e)| (key(e.weight), i))
        .collect();
    keys.sort_unstable();
    let mut classes: Vec<(i64, f64, f64)> = Vec::new();
    for g in keys.chunk_by(|a, b| a.0 == b.0) {
        let mean = g.iter().map(|&(_, i)| block[i].weight).sum::<f64>() / g.len() as f64;
        classes.push((g[0].0, g.len() as f64, mean));
    }
    // Wanted followers per member of each class: s × attention, capped; s found by bisection so
    // that the classes take every draw.
    let n_sources: f64 = sources.iter().map(|x| x.1).sum();
    let cap = MAX_INSIDE_SHARE * (n_sources - 1.0).max(1.0);
    let taken = |s: f64| {
        classes
            .iter()
            .map(|c| c.1 * (s * c.2).min(cap))
            .sum::<f64>()
    };
    let (mut lo, mut hi) = (0.0, draws / attention);
    while taken(hi) < draws && hi < 1e12 {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if taken(mid) < draws {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let wanted: Vec<f64> = classes.iter().map(|c| (hi * c.2).min(cap)).collect();
    let mut factor = vec![1.0f64; classes.len()];
    for _ in 0..CALIBRATION_ROUNDS {
        let w: Vec<f64> = classes.iter().zip(&factor).map(|(c, f)| c.2 * f).collect();
        let total: f64 = classes.iter().zip(&w).map(|(c, w)| c.1 * w).sum();
        let lambdas: Vec<f64> = sources
            .iter()
            .map(|&(k, _)| {
                // Start at k / total, below the root since 1 - e^(-x) ≤ x.
                let mut l = k / total;
                for _ in 0..100 {
                    let (mut f, mut df) = (-k, 0.0);
                    for (c, &wc) in classes.iter().zip(&w) {
                        let e = (-l * wc).exp();
                        f += c.1 * (1.0 - e);
                        df += c.1 * wc * e;
                    }
                    if f >= 0.0 || df <= 0.0 {
                        break;
                    }
                    let step = -f / df;
                    l += step;
                    if step <= 1e-12 * l {
                        break;
                    }
                }
                l
            })
            .collect();
        let mut worst = 0.0f64;
        for (j, &wc) in w.iter().enumerate() {
            let expected: f64 = sources
                .iter()
                .zip(&lambdas)
                .map(|(src, l)| src.1 * (1.0 - (-l * wc).exp()))
                .sum();
            let ratio = wanted[j] / expected.max(1e-12);
            factor[j] *= ratio;
            worst = worst.max((ratio - 1.0).abs());
        }
        if worst < 1e-3 {
            break;
        }
    }
    let class_of = |x: f64| classes.partition_point(|c| c.0 < key(x));
    let weights = block
        .iter()
        .map(|e| e.weight * factor[class_of(e.weight)])
        .collect();
    let expected = block.iter().map(|e| (hi * e.weight).min(cap)).collect();
    (weights, expected)
}

/// Draws a kind from a mix whose probabilities sum to 1.
fn pick<R: Rng>(r: &mut R, mix: &[(Kind, f64)]) -> Kind {
    let mut x = unit(r);
    for &(k, p) in mix {
        if x < p {
            return k;
        }
        x -= p;
    }
    mix[mix.len() - 1].0
}

/// Community sizes: power law between the configured bounds, drawn until they cover the organic
/// accounts, then adjusted to sum exactly to them (as LFR does).
fn community_sizes(cfg: &ModelConfig, organic: usize, seed: u64) -> Vec<u32> {
    let lo = (cfg.min_community as usize).min(organic);
    let hi = (cfg.max_community as usize).clamp(lo, organic);
    let law = PowerLaw {
        lo: lo as f64,
        hi: hi as f64 + 1.0,
        exponent: cfg.community_exponent,
    };
    let mut r = rng(seed, Stream::Communities, 0);
    let mut sizes: Vec<usize> = Vec::new();
    let mut sum = 0usize;
    while sum < organic {
        let s = (law.sample(&mut r).floor() as usize).clamp(lo, hi);
        sizes.push(s);
        sum += s;
    }
    let excess = sum - organic;
    let last = sizes.len() - 1;
    if sizes[last] - excess >= lo || sizes.len() == 1 {
        sizes[last] -= excess;
    } else {
        // Drop the last community and hand its accounts out one by one to communities below the
        // maximum (beyond it only if every community is full).
        let mut missing = organic - (sum - sizes[last]);
        sizes.pop();
        let mut open: Vec<usize> = (0..sizes.len()).filter(|&c| sizes[c] < hi).collect();
        while missing > 0 {
            if open.is_empty() {
                let c = r.random_range(0..sizes.len());
                sizes[c] += 1;
            } else {
                let i = r.random_range(0..open.len());
                sizes[open[i]] += 1;
                if sizes[open[i]] >= hi {
                    open.swap_remove(i);
                }
            }
            missing -= 1;
        }
    }
    sizes.into_iter().map(|s| s as u32).collect()
}

/// Assigns organic accounts to communities. Accounts are placed in decreasing order of the
/// follows they should receive from or make inside their community, `(1 - mu) × max(attention,
/// planned follows)`, each into a random community (proportional to its free places) among those
/// at least twice that need, else larger than it, else any; these sets only grow as the need
/// falls, so a Fenwick tree over the communities, sorted by size, does each placement in
/// `O(log communities)`. Brokers need nothing: their audience is spread over several
/// communities.
fn assign(
    cfg: &ModelConfig,
    role: &[Role],
    attention: &[f64],
    follows: &[u32],
    sizes: &[u32],
    seed: u64,
) -> Vec<u32> {
    let need: Vec<f64> = (0..role.len())
        .map(|v| match role[v] {
            Role::Broker | Role::Farm => 0.0,
            _ => ((1.0 - cfg.mu) * attention[v].max(f64::from(follows[v]))).ceil(),
        })
        .collect();
    let mut accounts: Vec<usize> = (0..role.len()).filter(|&v| role[v] != Role::Farm).collect();
    // Ties are broken by index, so the unstable sort is deterministic.
    accounts.sort_unstable_by(|&a, &b| need[b].total_cmp(&need[a]).then(a.cmp(&b)));
    let mut by_size: Vec<usize> = (0..sizes.len()).collect();
    by_size.sort_unstable_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let free: Vec<u64> = by_size.iter().map(|&c| u64::from(sizes[c])).collect();
    let mut fenwick = Fenwick::new(&free);
    let mut r = rng(seed, Stream::Assignment, 0);
    let (mut comfortable, mut eligible) = (0usize, 0usize);
    let mut community = vec![NONE; role.len()];
    for v in accounts {
        let want = need[v];
        let size = |i: usize| f64::from(sizes[by_size[i]]);
        while comfortable < by_size.len() && size(comfortable) > 2.0 * want {
            comfortable += 1;
        }
        while eligible < by_size.len() && size(eligible) > want {
            eligible += 1;
        }
        // Prefer communities at least twice the need, then any larger than it, then any.
        let mut room = fenwick.prefix(comfortable);
        if room == 0 {
            room = fenwick.prefix(eligible);
        }
        if room == 0 {
            room = fenwick.prefix(by_size.len());
        }
        let pos = fenwick.find(r.random_range(0..room));
        fenwick.add(pos, -1);
        community[v] = by_size[pos] as u32;
    }
    community
}

/// Relabels communities by their smallest member (NetworKit `Partition::compact`); returns the
/// new label of each old one and the sizes under the new labels.
fn canonical(community: &[u32], count: usize) -> (Vec<u32>, Vec<u32>) {
    let mut relabel = vec![NONE; count];
    let mut next = 0u32;
    for &c in community.iter().filter(|&&c| c != NONE) {
        if relabel[c as usize] == NONE {
            relabel[c as usize] = next;
            next += 1;
        }
    }
    let mut sizes = vec![0u32; next as usize];
    for &c in community.iter().filter(|&&c| c != NONE) {
        sizes[relabel[c as usize] as usize] += 1;
    }
    (relabel, sizes)
}
