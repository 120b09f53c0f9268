//! The audit's `report.html` and its audience-overlap heatmap: what `relais audit` hands to a
//! client. Pure: renders a page from the [`AuditResult`] and run.json; the pipeline writes it.
//!
//! The page shows, per audited account, the audience size and active shares, every rule with
//! the followers it flagged, its threshold and the share flagged, the authenticity score, the
//! audience's community composition, and between the accounts the shared-follower and Jaccard
//! matrices with their heatmap. Every number shown also sits unrounded in a `data-v` attribute,
//! and the whole audit.json is embedded (`<script type="application/json" id="relais-audit">`),
//! so the page says exactly what audit.json says. Account names and every other input text go
//! through [`escape_html`]; the heatmap's SVG text is escaped by plotters.

use std::fmt::Write as _;

use serde_json::Value;

use crate::audit::{AuditResult, Rule};
use crate::report::charts::Heatmap;
use crate::report::html::{
    base64, escape_html, inputs_line, json_for_script, manifest_for_page, ChartImage, ReportChart,
    SCRIPT, STYLE,
};
use crate::report::table::format_f64;

/// File stem of the heatmap under `charts/`.
pub const OVERLAP_CHART: &str = "audience_overlap";

/// The audience-overlap heatmap: Jaccard similarity of the audited accounts' audiences (1 on
/// the diagonal of a non-empty audience). `None` for fewer than two accounts.
pub fn overlap_heatmap(r: &AuditResult) -> Option<Heatmap> {
    if r.accounts.len() < 2 {
        return None;
    }
    let names: Vec<String> = r.accounts.iter().map(|a| a.account.clone()).collect();
    Some(Heatmap {
        title: "Audience overlap (Jaccard similarity of followers)".into(),
        rows: names.clone(),
        columns: names,
        values: r.overlap.jaccard.clone(),
        log: false,
        axes: ("audited account".into(), "audited account".into()),
    })
}

/// Everything the audit page shows.
#[derive(Debug, Clone)]
pub struct AuditPage<'a> {
    /// The audit.
    pub result: &'a AuditResult,
    /// run.json (its machine-dependent parts are dropped, as for analyze's page).
    pub manifest: &'a Value,
    /// The overlap heatmap, when drawn.
    pub overlap_chart: Option<ReportChart>,
}

/// A number cell: the full value in `data-v`, the field name in `data-f`, a rounded value shown.
fn num(h: &mut String, field: &str, raw: Option<f64>, shown: &str) {
    let _ = write!(
        h,
        "<td class=\"num\" data-f=\"{field}\" data-v=\"{}\">{}</td>",
        raw.map(format_f64).unwrap_or_default(),
        escape_html(shown)
    );
}

fn count_cell(h: &mut String, field: &str, x: Option<u64>) {
    let shown = x.map(group_digits).unwrap_or_else(|| "n/a".into());
    num(h, field, x.map(|v| v as f64), &shown);
}

fn share_cell(h: &mut String, field: &str, x: Option<f64>) {
    let shown = x.map(percent).unwrap_or_else(|| "n/a".into());
    num(h, field, x, &shown);
}

/// A share as a percentage with one decimal: 61.3%.
fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// An integer with thousands separators: 12,345.
fn group_digits(u: u64) -> String {
    let s = u.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rule's threshold as shown: none for the yes/no rules (empty profile, never interacting).
fn rule_threshold(rule: Rule, x: f64) -> String {
    match rule {
        Rule::EmptyProfile | Rule::NeverInteracting => "—".into(),
        _ => threshold_text(x),
    }
}

/// A threshold as text: integers without decimals.
fn threshold_text(x: f64) -> String {
    if x == x.round() && x.abs() < 1e15 {
        group_digits(x.abs() as u64)
    } else {
        format!("{x:.2}")
    }
}

/// A chart as a `<figure>`: SVG inline (without its XML prolog), or PNG as a data URI.
fn figure(h: &mut String, c: &ReportChart) {
    let _ = write!(
        h,
        "<figure id=\"chart-{}\"><figcaption>{} <span class=\"note\">{}</span></figcaption>",
        escape_html(&c.id),
        escape_html(&c.title),
        escape_html(&c.note)
    );
    match &c.image {
        ChartImage::Svg(svg) => h.push_str(&svg[svg.find("<svg").unwrap_or(0)..]),
        ChartImage::Png(png) => {
            let _ = write!(
                h,
                "<img alt=\"{}\" src=\"data:image/png;base64,{}\">",
                escape_html(&c.title),
                base64(png)
            );
        }
    }
    h.push_str("</figure>\n");
}

/// Renders the audit page.
pub fn render_audit_html(page: &AuditPage<'_>) -> String {
    let r = page.result;
    let manifest = manifest_for_page(page.manifest);
    let mut h = String::with_capacity(1 << 16);
    let version = manifest
        .get("relais_version")
        .and_then(Value::as_str)
        .unwrap_or(env!("CARGO_PKG_VERSION"));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>relais audience audit</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>relais audience audit</h1><p>relais {} · seed {} · {}</p></header>\n\
         <nav><a href=\"#audit\">Audiences</a><a href=\"#audit-rules\">Rules</a>\
         <a href=\"#audit-composition\">Composition</a><a href=\"#audit-overlap\">Overlap</a>\
         <a href=\"#audit-methods\">Methods</a></nav>\n<main>\n",
        escape_html(version),
        manifest
            .get("seed")
            .map(Value::to_string)
            .unwrap_or_default(),
        escape_html(&inputs_line(&manifest)),
    );
    audit_section(&mut h, page);
    h.push_str("</main>\n");
    let data = serde_json::to_value(r).unwrap_or(Value::Null);
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"relais-audit\">{}</script>\n\
         <script type=\"application/json\" id=\"relais-manifest\">{}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        json_for_script(&data),
        json_for_script(&manifest)
    );
    h
}

/// The audit section proper (`<section id="audit">` and its sub-sections), for the audit page
/// or for any page that embeds an audit.
pub fn audit_section(h: &mut String, page: &AuditPage<'_>) {
    let r = page.result;
    h.push_str(
        "<section id=\"audit\"><h2>Audited audiences</h2><p>An account's audience is its \
         followers in the data. <i>Active</i>: followers with at least one interaction (any kind \
         other than follow) toward anyone, or toward this account. <i>Suspicious</i>: followers \
         flagged by at least ",
    );
    let _ = write!(
        h,
        "{} of the rules below; <b>authenticity = 1 − suspicious / audience</b>.</p>",
        r.min_signals
    );
    h.push_str(
        "<div class=\"scroll\"><table class=\"sortable\" id=\"audit-accounts\"><thead><tr>\
         <th>account</th><th>audience</th><th>active</th><th>active_share</th>\
         <th>active_with_account</th><th>active_with_account_share</th><th>suspicious</th>\
         <th>suspicious_share</th><th>authenticity</th><th>communities</th></tr></thead><tbody>\n",
    );
    for (i, a) in r.accounts.iter().enumerate() {
        let _ = write!(h, "<tr data-i=\"{i}\"><td>{}</td>", escape_html(&a.account));
        let share = |x: Option<u64>| {
            x.filter(|_| a.audience > 0)
                .map(|v| v as f64 / a.audience as f64)
        };
        count_cell(h, "audience", Some(a.audience));
        count_cell(h, "active", a.active);
        share_cell(h, "active_share", share(a.active));
        count_cell(h, "active_with_account", a.active_with_account);
        share_cell(h, "active_with_account_share", share(a.active_with_account));
        count_cell(h, "suspicious", Some(a.suspicious));
        share_cell(h, "suspicious_share", share(Some(a.suspicious)));
        let shown = a
            .authenticity
            .map_or_else(|| "n/a".into(), |x| format!("{x:.3}"));
        num(h, "authenticity", a.authenticity, &shown);
        count_cell(h, "communities", Some(a.communities));
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div></section>\n");

    // Rules: what each flags, then the counts per account.
    h.push_str(
        "<section id=\"audit-rules\"><h2>Suspicious-follower rules</h2><table><thead><tr>\
         <th>rule</th><th>flags a follower when</th><th>threshold</th><th>applies to this data\
         </th></tr></thead><tbody>",
    );
    for info in &r.rules {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            info.rule.name(),
            escape_html(&info.description),
            escape_html(&rule_threshold(info.rule, info.threshold)),
            if info.applicable { "yes" } else { "no" }
        );
    }
    h.push_str("</tbody></table>");
    for a in &r.accounts {
        let _ = write!(
            h,
            "<h3>{}</h3><table class=\"audit-rules\"><thead><tr><th>rule</th><th>followers \
             flagged</th><th>threshold</th><th>share of the audience</th></tr></thead><tbody>",
            escape_html(&a.account)
        );
        for (rule, c) in Rule::ALL.iter().zip(&a.rules) {
            let _ = write!(h, "<tr><td>{}</td>", rule.name());
            count_cell(h, "flagged", c.applicable.then_some(c.flagged));
            let t = c.applicable.then_some(c.threshold);
            num(
                h,
                "threshold",
                t,
                &t.map_or_else(|| "n/a".into(), |x| rule_threshold(*rule, x)),
            );
            share_cell(h, "share", c.share);
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    h.push_str(
        "<p class=\"muted\">n/a: the data does not allow the rule (missing accounts-table \
         columns, no follow timestamps, or no interaction layers). For follow_burst the threshold \
         is the follows per window that this account's bursts needed.</p></section>\n",
    );

    // Composition.
    h.push_str(
        "<section id=\"audit-composition\"><h2>Audience composition</h2><p>The largest \
         communities of each audience (community ids as in analyze's accounts.csv with the same \
         input and settings).</p>",
    );
    for a in &r.accounts {
        let _ = write!(
            h,
            "<h3>{} <span class=\"muted\">({} communities)</span></h3><table \
             class=\"audit-composition\"><thead><tr><th>community</th><th>followers</th>\
             <th>share</th></tr></thead><tbody>",
            escape_html(&a.account),
            group_digits(a.communities)
        );
        for c in &a.composition {
            h.push_str("<tr>");
            count_cell(h, "community", Some(u64::from(c.community)));
            count_cell(h, "followers", Some(c.followers));
            share_cell(h, "community_share", Some(c.share));
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>\n");

    // Overlap matrices and heatmap.
    h.push_str(
        "<section id=\"audit-overlap\"><h2>Audience overlap</h2><p>Followers shared by each \
         pair of audited accounts (the diagonal: the audience size) and their Jaccard similarity \
         (shared / followers of either). The table an agency uses to avoid paying twice for the \
         same audience.</p>",
    );
    for (id, title) in [
        ("audit-shared", "shared followers"),
        ("audit-jaccard", "Jaccard"),
    ] {
        let _ = write!(
            h,
            "<h3>{title}</h3><div class=\"scroll\"><table id=\"{id}\"><thead><tr><th></th>"
        );
        for a in &r.accounts {
            let _ = write!(h, "<th>{}</th>", escape_html(&a.account));
        }
        h.push_str("</tr></thead><tbody>");
        for (x, a) in r.accounts.iter().enumerate() {
            let _ = write!(h, "<tr><th>{}</th>", escape_html(&a.account));
            for y in 0..r.accounts.len() {
                if id == "audit-shared" {
                    count_cell(h, "shared", Some(r.overlap.shared[x][y]));
                } else {
                    let j = r.overlap.jaccard[x][y];
                    num(h, "jaccard", Some(j), &format!("{j:.3}"));
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></div>");
    }
    if let Some(c) = &page.overlap_chart {
        figure(h, c);
    }
    h.push_str("</section>\n");

    h.push_str(
        "<section id=\"audit-methods\"><h2>Methods</h2><p>Each rule flags a follower on one \
         signal; one signal alone is common among real people, farm accounts show several at \
         once, hence the score counts followers flagged by at least ",
    );
    let _ = writeln!(
        h,
        "{} applicable rules (lowered to the number of rules the data allows when fewer apply). \
         Rule thresholds are set on the command line (<code>relais audit --help</code>) and \
         recorded in run.json and audit.json.</p></section>",
        r.min_signals
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(percent(0.6134), "61.3%");
        assert_eq!(threshold_text(1500.0), "1,500");
        assert_eq!(threshold_text(2.5), "2.50");
    }
}
