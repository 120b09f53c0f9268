//! The audit tables: one row per audited account, and the pairwise audience overlap. Pure.

use crate::audit::{AuditResult, Rule};

use super::{ColumnData, Table};

/// audit.csv: one row per audited account, in the order given. Columns: `account`, `audience`,
/// `active`, `active_share`, `active_with_account`, `active_with_account_share` (empty without
/// interaction layers), then per rule `<rule>` (followers flagged) and `<rule>_share` (empty when
/// the data does not allow the rule), `follow_burst_threshold` (follows per window this
/// account's bursts needed), `suspicious`, `suspicious_share`, `authenticity`, `communities`
/// (communities the audience spans), `top_community`, `top_community_share`.
pub fn audit_table(r: &AuditResult) -> Table {
    let a = &r.accounts;
    let mut t = Table::default();
    let share = |x: u64, n: u64| (n > 0).then(|| x as f64 / n as f64);
    t.push(
        "account",
        ColumnData::Str(a.iter().map(|x| x.account.clone()).collect()),
    );
    t.push(
        "audience",
        ColumnData::U64(a.iter().map(|x| x.audience).collect()),
    );
    let opt = |v: Option<u64>| v.map(|v| v as i64);
    t.push(
        "active",
        ColumnData::OptI64(a.iter().map(|x| opt(x.active)).collect()),
    );
    t.push(
        "active_share",
        ColumnData::OptF64(
            a.iter()
                .map(|x| x.active.and_then(|v| share(v, x.audience)))
                .collect(),
        ),
    );
    t.push(
        "active_with_account",
        ColumnData::OptI64(a.iter().map(|x| opt(x.active_with_account)).collect()),
    );
    t.push(
        "active_with_account_share",
        ColumnData::OptF64(
            a.iter()
                .map(|x| x.active_with_account.and_then(|v| share(v, x.audience)))
                .collect(),
        ),
    );
    for (i, rule) in Rule::ALL.iter().enumerate() {
        t.push(
            rule.name(),
            ColumnData::OptI64(
                a.iter()
                    .map(|x| {
                        let c = &x.rules[i];
                        c.applicable.then_some(c.flagged as i64)
                    })
                    .collect(),
            ),
        );
        t.push(
            format!("{}_share", rule.name()),
            ColumnData::OptF64(a.iter().map(|x| x.rules[i].share).collect()),
        );
    }
    let burst = Rule::ALL
        .iter()
        .position(|&r| r == Rule::FollowBurst)
        .unwrap_or(0);
    t.push(
        "follow_burst_threshold",
        ColumnData::OptF64(
            a.iter()
                .map(|x| {
                    let c = &x.rules[burst];
                    c.applicable.then_some(c.threshold)
                })
                .collect(),
        ),
    );
    t.push(
        "suspicious",
        ColumnData::U64(a.iter().map(|x| x.suspicious).collect()),
    );
    t.push(
        "suspicious_share",
        ColumnData::OptF64(a.iter().map(|x| share(x.suspicious, x.audience)).collect()),
    );
    t.push(
        "authenticity",
        ColumnData::OptF64(a.iter().map(|x| x.authenticity).collect()),
    );
    t.push(
        "communities",
        ColumnData::U64(a.iter().map(|x| x.communities).collect()),
    );
    t.push(
        "top_community",
        ColumnData::OptI64(
            a.iter()
                .map(|x| x.composition.first().map(|c| i64::from(c.community)))
                .collect(),
        ),
    );
    t.push(
        "top_community_share",
        ColumnData::OptF64(
            a.iter()
                .map(|x| x.composition.first().map(|c| c.share))
                .collect(),
        ),
    );
    t
}

/// audit_overlap.csv: one row per unordered pair of audited accounts (`i < j` in the order
/// given): `account_a`, `account_b`, `audience_a`, `audience_b`, `shared` (followers of both),
/// `jaccard` (shared / union), `shared_share_a`, `shared_share_b` (shared over each audience;
/// empty for an empty audience).
pub fn audit_overlap_table(r: &AuditResult) -> Table {
    let k = r.accounts.len();
    let (mut a, mut b, mut na, mut nb, mut s, mut j, mut sa, mut sb) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for x in 0..k {
        for y in x + 1..k {
            let (ax, ay) = (&r.accounts[x], &r.accounts[y]);
            let shared = r.overlap.shared[x][y];
            a.push(ax.account.clone());
            b.push(ay.account.clone());
            na.push(ax.audience);
            nb.push(ay.audience);
            s.push(shared);
            j.push(r.overlap.jaccard[x][y]);
            sa.push((ax.audience > 0).then(|| shared as f64 / ax.audience as f64));
            sb.push((ay.audience > 0).then(|| shared as f64 / ay.audience as f64));
        }
    }
    let mut t = Table::default();
    t.push("account_a", ColumnData::Str(a));
    t.push("account_b", ColumnData::Str(b));
    t.push("audience_a", ColumnData::U64(na));
    t.push("audience_b", ColumnData::U64(nb));
    t.push("shared", ColumnData::U64(s));
    t.push("jaccard", ColumnData::F64(j));
    t.push("shared_share_a", ColumnData::OptF64(sa));
    t.push("shared_share_b", ColumnData::OptF64(sb));
    t
}
