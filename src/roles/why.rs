//! The `why` sentence of each account: its primary role and the numbers that put it there,
//! compared with the thresholds used.

use rayon::prelude::*;

use super::{Role, RoleInputs, Roles};
use crate::community::Partition;
use crate::i18n::{Arg, Tr};

/// One sentence per node, in `tr`'s language (catalogue keys `why-*`, role names `role-*`,
/// Guimerà–Amaral names `ga-R*`). Computed in parallel; the order is the nodes'.
pub(super) fn sentences(
    r: &Roles,
    m: &RoleInputs<'_>,
    partition: &Partition,
    tr: &Tr,
) -> Vec<String> {
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
    let kinds = tr.tr_args(
        "why-engagement-kinds",
        &[("list", r.layers.engagement.join(", ").into())],
    );
    let spread_kinds = tr.tr_args(
        "why-spread-kinds",
        &[("list", r.layers.spread.join(", ").into())],
    );
    let count = |x: u64| tr.int(x);
    let real = |x: f64| {
        if x.is_nan() {
            tr.tr("why-na")
        } else {
            tr.decimal(&real(x))
        }
    };
    let role_name = |role: Role| tr.tr(&format!("role-{}", role.name()));
    let n_text = tr.count(n as u64);
    (0..n)
        .into_par_iter()
        .map(|u| {
            let p = &r.participation;
            let e = &r.engagement;
            let t = &r.thresholds;
            let c = partition.community(u as u32);
            let neighbours = tr.tr_args(
                "why-neighbours",
                &[
                    ("within", count(u64::from(p.within_degree[u])).into()),
                    ("degree", count(u64::from(p.degree[u])).into()),
                    ("community", c.to_string().into()),
                    ("z", real(p.within_z[u]).into()),
                ],
            );
            let ga = tr.tr_args(
                "why-ga",
                &[
                    ("ga_name", tr.tr(&format!("ga-{}", p.role[u].code())).into()),
                    ("code", p.role[u].code().into()),
                    ("participation", real(p.participation[u]).into()),
                    ("communities", p.communities[u].to_string().into()),
                ],
            );
            let audience_count = count(u64::from(e.audience[u]));
            let audience = if r.layers.has_audience_layer {
                tr.tr_args("why-followed-by", &[("count", audience_count.into())])
            } else {
                tr.tr_args("why-attention-from", &[("count", audience_count.into())])
            };
            let body = match r.role[u] {
                Role::Influencer => {
                    let overall = tr.tr_args(
                        "why-influencer",
                        &[
                            ("audience", (&audience).into()),
                            ("audience_rank", tr.count(aud_rank[u] as u64).into()),
                            ("n", (&n_text).into()),
                            ("pagerank_rank", tr.count(pr_rank[u] as u64).into()),
                            ("pagerank", real(pr[u]).into()),
                        ],
                    );
                    if p.within_z[u] >= t.hub_z {
                        tr.tr_args(
                            "why-influencer-hub",
                            &[
                                ("overall", overall.into()),
                                ("neighbours", neighbours.into()),
                            ],
                        )
                    } else {
                        tr.tr_args(
                            "why-influencer-top",
                            &[
                                ("overall", overall.into()),
                                ("audience_threshold", count(t.audience as u64).into()),
                                ("pagerank_threshold", real(t.pagerank).into()),
                            ],
                        )
                    }
                }
                Role::Relay => {
                    // No relay without brokerage figures (cluster mode does not compute them).
                    let Some(b) = &r.brokerage else {
                        return String::new();
                    };
                    tr.tr_args(
                        "why-relay",
                        &[
                            ("ga", ga.into()),
                            ("cross", count(b.cross_group(u)).into()),
                            ("liaison", count(b.liaison[u]).into()),
                            ("gatekeeper", count(b.gatekeeper[u]).into()),
                            ("representative", count(b.representative[u]).into()),
                            ("itinerant", count(b.itinerant[u]).into()),
                            ("coordinator", count(b.coordinator[u]).into()),
                            ("score", real(r.relay_score[u]).into()),
                            ("threshold", real(t.relay_score).into()),
                            ("constraint", real(m.constraint[u]).into()),
                        ],
                    )
                }
                Role::Prescriber => {
                    let mut s = tr.tr_args(
                        "why-prescriber",
                        &[
                            ("received", count(e.received[u].round() as u64).into()),
                            ("kinds", (&kinds).into()),
                            ("engagers", count(u64::from(e.engagers[u])).into()),
                            ("communities", e.engager_communities[u].to_string().into()),
                            ("per_follower", real(r.engagement_per_follower[u]).into()),
                            ("audience", (&audience).into()),
                            ("threshold", real(t.engagement_per_follower).into()),
                        ],
                    );
                    if let Some(share) = e.nonfollower_share[u] {
                        s.push_str(&tr.tr_args(
                            "why-prescriber-nonfollowers",
                            &[("share", tr.percent(&format!("{:.0}", share * 100.0)).into())],
                        ));
                    }
                    if let Some(pp) = r.engagement_per_post[u] {
                        s.push_str(
                            &tr.tr_args("why-prescriber-per-post", &[("value", real(pp).into())]),
                        );
                    }
                    s.push_str(&tr.tr_args(
                        "why-prescriber-spread",
                        &[
                            ("spreaders", count(u64::from(e.spreaders[u])).into()),
                            ("second_hop", count(e.second_hop[u]).into()),
                        ],
                    ));
                    s
                }
                Role::Amplifier => tr.tr_args(
                    "why-amplifier",
                    &[
                        ("made", count(e.spread_made[u].round() as u64).into()),
                        ("spread_kinds", (&spread_kinds).into()),
                        ("threshold", count(t.spread_made.round() as u64).into()),
                        ("received", count(e.received[u].round() as u64).into()),
                        ("kinds", (&kinds).into()),
                        ("max", count(t.amplifier_received.round() as u64).into()),
                    ],
                ),
                Role::Core => tr.tr_args(
                    "why-core",
                    &[
                        ("neighbours", neighbours.into()),
                        ("threshold", real(t.core_z).into()),
                        ("ga", ga.into()),
                    ],
                ),
                Role::Peripheral => tr.tr_args(
                    "why-peripheral",
                    &[
                        ("neighbours", neighbours.into()),
                        ("threshold", real(t.peripheral_z).into()),
                        ("ga", ga.into()),
                    ],
                ),
                Role::Ordinary => tr.tr_args(
                    "why-ordinary",
                    &[
                        ("audience", audience.into()),
                        ("neighbours", neighbours.into()),
                        ("ga", ga.into()),
                    ],
                ),
            };
            let others: Vec<String> = r.flags[u]
                .roles()
                .filter(|&x| x != r.role[u])
                .map(role_name)
                .collect();
            let also = if others.is_empty() {
                String::new()
            } else {
                tr.tr_args("why-also", &[("roles", others.join(", ").into())])
            };
            tr.tr_args(
                "why-sentence",
                &[
                    ("role", role_name(r.role[u]).into()),
                    ("body", body.into()),
                    ("also", Arg::from(also)),
                ],
            )
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

/// A real with three significant digits, English style (NaN is handled by the caller).
fn real(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(real(0.012345), "0.0123");
        assert_eq!(real(1.23456), "1.23");
        assert_eq!(real(-0.5), "-0.500");
        assert_eq!(ranks(&[1.0, 3.0, 3.0]), vec![3, 1, 2]);
    }
}
