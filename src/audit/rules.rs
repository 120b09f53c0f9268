//! The suspicious-follower rules: what each one looks at, its threshold, and the per-follower
//! evaluation. Pure functions of the graph, the profiles and the follow times.

use serde::Serialize;

use super::{AuditConfig, Profiles};
use crate::i18n::Tr;

/// One suspicious-follower signal. Each has a named threshold in [`AuditConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The follower has at most `no_followers_max` followers of its own.
    NoFollowers,
    /// The follower follows more than `mass_following` accounts.
    MassFollowing,
    /// The profile is the platform's default, or empty (no description and no post).
    EmptyProfile,
    /// The follower's account was created less than `recent_days` days before it followed (or
    /// before the data's end when the follow has no time).
    RecentCreation,
    /// The follow arrived inside a burst: at least `burst_threshold` follows of the audited
    /// account within `burst_hours` hours.
    FollowBurst,
    /// The follower never interacts (no repost, reply, mention, like, ... toward anyone).
    NeverInteracting,
}

impl Rule {
    /// Every rule, in output order.
    pub const ALL: [Rule; 6] = [
        Rule::NoFollowers,
        Rule::MassFollowing,
        Rule::EmptyProfile,
        Rule::RecentCreation,
        Rule::FollowBurst,
        Rule::NeverInteracting,
    ];

    /// Column-name stem (`<name>` and `<name>_share` in audit.csv).
    pub fn name(self) -> &'static str {
        match self {
            Rule::NoFollowers => "no_followers",
            Rule::MassFollowing => "mass_following",
            Rule::EmptyProfile => "empty_profile",
            Rule::RecentCreation => "recent_creation",
            Rule::FollowBurst => "follow_burst",
            Rule::NeverInteracting => "never_interacting",
        }
    }

    /// What the rule flags, in words, with the configured threshold (English).
    pub fn describe(self, cfg: &AuditConfig) -> String {
        self.describe_in(cfg, &Tr::default())
    }

    /// [`Rule::describe`] in `tr`'s language (catalogue keys `rule-*`).
    pub fn describe_in(self, cfg: &AuditConfig, tr: &Tr) -> String {
        let real = |x: f64| tr.decimal(&x.to_string());
        match self {
            Rule::NoFollowers => tr.tr_args(
                "rule-no-followers",
                &[("max", tr.count(cfg.no_followers_max).into())],
            ),
            Rule::MassFollowing => tr.tr_args(
                "rule-mass-following",
                &[("max", tr.count(cfg.mass_following).into())],
            ),
            Rule::EmptyProfile => tr.tr("rule-empty-profile"),
            Rule::RecentCreation => tr.tr_args(
                "rule-recent-creation",
                &[("days", real(cfg.recent_days).into())],
            ),
            Rule::FollowBurst => tr.tr_args(
                "rule-follow-burst",
                &[
                    ("hours", real(cfg.burst_hours).into()),
                    ("min", tr.count(u64::from(cfg.burst_min_follows)).into()),
                    ("factor", real(cfg.burst_factor).into()),
                ],
            ),
            Rule::NeverInteracting => tr.tr("rule-never-interacting"),
        }
    }

    /// The English descriptions as written before the catalogues (kept for the unit test that
    /// pins the English catalogue to them).
    #[cfg(test)]
    fn describe_legacy(self, cfg: &AuditConfig) -> String {
        match self {
            Rule::NoFollowers => format!(
                "follower has at most {} followers of its own (accounts table followers_count when \
                 present, else its follow in-degree in the data)",
                cfg.no_followers_max
            ),
            Rule::MassFollowing => format!(
                "follower follows more than {} accounts (accounts table following_count when \
                 present, else its follow out-degree in the data)",
                cfg.mass_following
            ),
            Rule::EmptyProfile => "default_profile is true, or the description is empty and \
                                   posts_count is 0 (needs those accounts-table columns)"
                .to_string(),
            Rule::RecentCreation => format!(
                "follower's created_at is less than {} days before the follow's time (or before \
                 the data's last timestamp when the follow has none); needs created_at",
                cfg.recent_days
            ),
            Rule::FollowBurst => format!(
                "follow lands in a window of {} hours holding at least max({}, {} x the account's \
                 mean follows per {} hours over the data's time span) follows of the audited \
                 account; needs follow timestamps",
                cfg.burst_hours, cfg.burst_min_follows, cfg.burst_factor, cfg.burst_hours
            ),
            Rule::NeverInteracting => "follower has no interaction (any kind other than follow) \
                                       toward anyone in the data; needs interaction layers"
                .to_string(),
        }
    }

    /// The threshold as a number, for tables.
    pub fn threshold(self, cfg: &AuditConfig) -> f64 {
        match self {
            Rule::NoFollowers => cfg.no_followers_max as f64,
            Rule::MassFollowing => cfg.mass_following as f64,
            Rule::EmptyProfile => 1.0,
            Rule::RecentCreation => cfg.recent_days,
            Rule::FollowBurst => f64::from(cfg.burst_min_follows),
            Rule::NeverInteracting => 0.0,
        }
    }
}

/// Per-node facts the rules read, computed once for the whole graph.
#[derive(Debug, Clone)]
pub(crate) struct NodeFacts {
    /// Followers (accounts table count when present, else follow in-degree).
    pub followers: Vec<u64>,
    /// Followees (accounts table count when present, else follow out-degree).
    pub following: Vec<u64>,
    /// Whether the node has any non-follow out-edge (`None` when the data has no such layer).
    pub interacts: Option<Vec<bool>>,
}

/// Which rules can be evaluated on this data.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Applicable {
    pub empty_profile: bool,
    pub recent_creation: bool,
    pub interactions: bool,
}

impl Applicable {
    pub fn of(profiles: &Profiles, interactions: bool, any_time: bool) -> Applicable {
        Applicable {
            empty_profile: profiles.default_profile.is_some()
                || (profiles.description_empty.is_some() && profiles.posts.is_some()),
            recent_creation: profiles.created_at.is_some() && any_time,
            interactions,
        }
    }
}

/// Evaluates every rule except the burst (which needs the whole audience's times) on follower
/// `f`, whose follow of the audited account happened at `time` (if known). `data_end` is the
/// data's last timestamp. Returns one flag per [`Rule::ALL`] entry (burst left false).
pub(crate) fn flags(
    f: u32,
    time: Option<i64>,
    data_end: Option<i64>,
    facts: &NodeFacts,
    profiles: &Profiles,
    cfg: &AuditConfig,
) -> [bool; 6] {
    let u = f as usize;
    let mut out = [false; 6];
    out[0] = facts.followers[u] <= cfg.no_followers_max;
    out[1] = facts.following[u] > cfg.mass_following;
    let default = profiles
        .default_profile
        .as_ref()
        .is_some_and(|d| d[u] == Some(true));
    let empty = match (&profiles.description_empty, &profiles.posts) {
        (Some(d), Some(p)) => d[u] && p[u] == Some(0),
        _ => false,
    };
    out[2] = default || empty;
    if let Some(created) = profiles.created_at.as_ref().and_then(|c| c[u]) {
        if let Some(at) = time.or(data_end) {
            out[3] = ((at - created) as f64) < cfg.recent_days * 86_400.0;
        }
    }
    out[5] = facts.interacts.as_ref().is_some_and(|i| !i[u]);
    out
}

/// Marks the follows that lie in a burst.
///
/// `times` are the follow times of one audited account, sorted ascending. A window
/// `[times[j], times[j] + hours)` is a burst when it holds at least `threshold` follows; every
/// follow inside some burst window is marked. O(k) for k follows (two pointers and a difference
/// array).
pub fn burst_marks(times: &[i64], hours: f64, threshold: u64) -> Vec<bool> {
    let k = times.len();
    let width = (hours * 3600.0).round() as i64;
    let mut diff = vec![0i64; k + 1];
    let mut end = 0;
    for j in 0..k {
        if end < j {
            end = j;
        }
        while end < k && times[end] < times[j].saturating_add(width) {
            end += 1;
        }
        if (end - j) as u64 >= threshold.max(1) {
            diff[j] += 1;
            diff[end] -= 1;
        }
    }
    let mut acc = 0;
    diff[..k]
        .iter()
        .map(|d| {
            acc += d;
            acc > 0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{burst_marks, AuditConfig, Rule, Tr};

    #[test]
    fn english_descriptions_are_unchanged() {
        let cfg = AuditConfig::default();
        for rule in Rule::ALL {
            assert_eq!(rule.describe(&cfg), rule.describe_legacy(&cfg));
        }
        let fr = Tr::new(crate::i18n::Lang::Fr);
        assert!(Rule::MassFollowing
            .describe_in(&cfg, &fr)
            .contains("1\u{202F}500 comptes"));
    }

    #[test]
    fn bursts_mark_dense_runs_only() {
        let h = 3600;
        // Three follows within an hour, then isolated ones.
        let times = [0, 10, 20, 5 * h, 10 * h, 10 * h + 1];
        assert_eq!(
            burst_marks(&times, 1.0, 3),
            [true, true, true, false, false, false]
        );
        assert_eq!(
            burst_marks(&times, 1.0, 2),
            [true, true, true, false, true, true]
        );
        assert_eq!(burst_marks(&times, 1.0, 4), [false; 6]);
        // Window is half-open: a follow exactly `hours` later is outside.
        assert_eq!(burst_marks(&[0, h], 1.0, 2), [false, false]);
        assert!(burst_marks(&[], 1.0, 2).is_empty());
    }
}
