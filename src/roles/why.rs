//! The `why` sentence of each account: its primary role and the numbers that put it there,
//! compared with the thresholds used.

use super::{Role, RoleInputs, Roles};
use crate::community::Partition;

/// One sentence per node.
pub(super) fn sentences(r: &Roles, m: &RoleInputs<'_>, partition: &Partition) -> Vec<String> {
    let n = r.role.len();
    let pr = m.pagerank;
    let pr_rank = ranks(pr);
    let aud: Vec<f64> = r
        .engagement
        .audience
        .iter()
        .map(|&a| f64::from(a))
        .collect();
    let aud_rank = ranks(&aud);
    let kinds = format!("engagements ({})", r.layers.engagement.join(", "));
    let spread_kinds = format!("spread actions ({})", r.layers.spread.join(", "));
    (0..n)
        .map(|u| {
            let p = &r.participation;
            let e = &r.engagement;
            let t = &r.thresholds;
            let c = partition.community(u as u32);
            let neighbours = format!(
                "{} of its {} neighbours in community {c} (within-community z {})",
                count(u64::from(p.within_degree[u])),
                count(u64::from(p.degree[u])),
                real(p.within_z[u])
            );
            let ga = format!(
                "Guimerà–Amaral {} ({}), participation {} across {} communities",
                p.role[u].name(),
                p.role[u].code(),
                real(p.participation[u]),
                p.communities[u]
            );
            let audience = if r.layers.has_audience_layer {
                format!("followed by {}", count(u64::from(e.audience[u])))
            } else {
                format!(
                    "{} accounts pay attention to it",
                    count(u64::from(e.audience[u]))
                )
            };
            let body = match r.role[u] {
                Role::Influencer => {
                    let overall = format!(
                        "{audience} (#{} of {n}) and #{} by PageRank ({})",
                        aud_rank[u],
                        pr_rank[u],
                        real(pr[u])
                    );
                    if p.within_z[u] >= t.hub_z {
                        format!("{overall}; a hub of its community: {neighbours}")
                    } else {
                        format!(
                            "{overall}, both in the top quantile (thresholds {} followers, \
                             PageRank {})",
                            count(t.audience as u64),
                            real(t.pagerank)
                        )
                    }
                }
                Role::Relay => {
                    let b = &r.brokerage;
                    format!(
                        "{ga}; brokers {} open paths between communities (liaison {}, \
                         gatekeeper {}, representative {}, itinerant {}), {} within its own; \
                         relay score {} (threshold {}); Burt constraint {}",
                        count(b.cross_group(u)),
                        count(b.liaison[u]),
                        count(b.gatekeeper[u]),
                        count(b.representative[u]),
                        count(b.itinerant[u]),
                        count(b.coordinator[u]),
                        real(r.relay_score[u]),
                        real(t.relay_score),
                        real(m.constraint[u])
                    )
                }
                Role::Prescriber => {
                    let mut s = format!(
                        "{} {kinds} received from {} accounts in {} communities: {} per \
                         follower ({audience}; threshold {})",
                        count(e.received[u].round() as u64),
                        count(u64::from(e.engagers[u])),
                        e.engager_communities[u],
                        real(r.engagement_per_follower[u]),
                        real(t.engagement_per_follower)
                    );
                    if let Some(share) = e.nonfollower_share[u] {
                        s.push_str(&format!(", {} from non-followers", percent(share)));
                    }
                    if let Some(pp) = r.engagement_per_post[u] {
                        s.push_str(&format!(", {} per post", real(pp)));
                    }
                    s.push_str(&format!(
                        "; spread by {} accounts, themselves spread by {} (second hop)",
                        count(u64::from(e.spreaders[u])),
                        count(e.second_hop[u])
                    ));
                    s
                }
                Role::Amplifier => format!(
                    "made {} {spread_kinds} (threshold {}) but received {} {kinds} (at most {})",
                    count(e.spread_made[u].round() as u64),
                    count(t.spread_made.round() as u64),
                    count(e.received[u].round() as u64),
                    count(t.amplifier_received.round() as u64)
                ),
                Role::Core => format!(
                    "{neighbours}, at least the core threshold {}; {ga}",
                    real(t.core_z)
                ),
                Role::Peripheral => format!(
                    "{neighbours}, at most the peripheral threshold {}; {ga}",
                    real(t.peripheral_z)
                ),
                Role::Ordinary => format!("no role threshold met: {audience}; {neighbours}; {ga}"),
            };
            let others: Vec<&str> = r.flags[u]
                .roles()
                .filter(|&x| x != r.role[u])
                .map(Role::name)
                .collect();
            let also = if others.is_empty() {
                String::new()
            } else {
                format!("; also {}", others.join(", "))
            };
            format!("{}: {body}{also}", r.role[u].name())
        })
        .collect()
}

/// 1-based rank of each value, largest first, ties by node id.
fn ranks(x: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    let mut rank = vec![0; x.len()];
    for (i, &u) in order.iter().enumerate() {
        rank[u] = i + 1;
    }
    rank
}

/// An integer with thousands separators: 12,345.
fn count(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A real with three significant digits (NaN as "n/a").
fn real(x: f64) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

/// A share as a whole percentage: 61%.
fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(12), "12");
        assert_eq!(real(0.012345), "0.0123");
        assert_eq!(real(1.23456), "1.23");
        assert_eq!(real(-0.5), "-0.500");
        assert_eq!(percent(0.613), "61%");
        assert_eq!(ranks(&[1.0, 3.0, 3.0]), vec![3, 1, 2]);
    }
}
