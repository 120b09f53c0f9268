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
use crate::i18n::Tr;
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
pub fn overlap_heatmap(r: &AuditResult, tr: &Tr) -> Option<Heatmap> {
    if r.accounts.len() < 2 {
        return None;
    }
    let names: Vec<String> = r.accounts.iter().map(|a| a.account.clone()).collect();
    Some(Heatmap {
        title: tr.tr("overlap-title"),
        rows: names.clone(),
        columns: names,
        values: r.overlap.jaccard.clone(),
        log: false,
        axes: (tr.tr("overlap-axis"), tr.tr("overlap-axis")),
        lang: tr.lang(),
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
    /// The language of the page.
    pub tr: &'a Tr,
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

fn count_cell(h: &mut String, field: &str, x: Option<u64>, tr: &Tr) {
    let shown = x.map(|v| tr.int(v)).unwrap_or_else(|| tr.tr("value-na"));
    num(h, field, x.map(|v| v as f64), &shown);
}

fn share_cell(h: &mut String, field: &str, x: Option<f64>, tr: &Tr) {
    let shown = x
        .map(|x| percent(x, tr))
        .unwrap_or_else(|| tr.tr("value-na"));
    num(h, field, x, &shown);
}

/// A share as a percentage with one decimal: 61.3% (61,3 % in French).
fn percent(x: f64, tr: &Tr) -> String {
    tr.percent(&format!("{:.1}", x * 100.0))
}

/// A rule's threshold as shown: none for the yes/no rules (empty profile, never interacting).
fn rule_threshold(rule: Rule, x: f64, tr: &Tr) -> String {
    match rule {
        Rule::EmptyProfile | Rule::NeverInteracting => "—".into(),
        _ => threshold_text(x, tr),
    }
}

/// A threshold as text: integers without decimals.
fn threshold_text(x: f64, tr: &Tr) -> String {
    if x == x.round() && x.abs() < 1e15 {
        tr.int(x.abs() as u64)
    } else {
        tr.fixed(x, 2)
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
    let tr = page.tr;
    let t = |key: &str| escape_html(&tr.tr(key));
    let manifest = manifest_for_page(page.manifest);
    let mut h = String::with_capacity(1 << 16);
    let version = manifest
        .get("relais_version")
        .and_then(Value::as_str)
        .unwrap_or(env!("CARGO_PKG_VERSION"));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>{title}</h1><p>relais {} · {seed} {} · {}</p></header>\n\
         <nav><a href=\"#audit\">{}</a><a href=\"#audit-rules\">{}</a>\
         <a href=\"#audit-composition\">{}</a><a href=\"#audit-overlap\">{}</a>\
         <a href=\"#audit-methods\">{}</a></nav>\n<main>\n",
        escape_html(version),
        manifest
            .get("seed")
            .map(Value::to_string)
            .unwrap_or_default(),
        escape_html(&inputs_line(&manifest, tr)),
        t("audit-nav-audiences"),
        t("audit-nav-rules"),
        t("audit-nav-composition"),
        t("audit-nav-overlap"),
        t("audit-nav-methods"),
        lang = tr.lang().code(),
        title = t("audit-title"),
        seed = t("report-seed"),
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
    let tr = page.tr;
    let t = |key: &str| escape_html(&tr.tr(key));
    // Catalogue texts ending in -html hold trusted markup; their arguments are numbers.
    let _ = write!(
        h,
        "<section id=\"audit\"><h2>{}</h2><p>{}</p>",
        t("audit-audiences-title"),
        tr.tr_args(
            "audit-audiences-intro-html",
            &[("min", r.min_signals.to_string().into())]
        )
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
        count_cell(h, "audience", Some(a.audience), tr);
        count_cell(h, "active", a.active, tr);
        share_cell(h, "active_share", share(a.active), tr);
        count_cell(h, "active_with_account", a.active_with_account, tr);
        share_cell(
            h,
            "active_with_account_share",
            share(a.active_with_account),
            tr,
        );
        count_cell(h, "suspicious", Some(a.suspicious), tr);
        share_cell(h, "suspicious_share", share(Some(a.suspicious)), tr);
        let shown = a
            .authenticity
            .map_or_else(|| tr.tr("value-na"), |x| tr.fixed(x, 3));
        num(h, "authenticity", a.authenticity, &shown);
        count_cell(h, "communities", Some(a.communities), tr);
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div></section>\n");

    // Rules: what each flags, then the counts per account.
    let _ = write!(
        h,
        "<section id=\"audit-rules\"><h2>{}</h2><table><thead><tr>\
         <th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t("audit-rules-title"),
        t("audit-col-rule"),
        t("audit-col-flags-when"),
        t("audit-col-threshold"),
        t("audit-col-applies"),
    );
    for info in &r.rules {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            info.rule.name(),
            escape_html(&info.description),
            escape_html(&rule_threshold(info.rule, info.threshold, tr)),
            t(if info.applicable {
                "audit-yes"
            } else {
                "audit-no"
            })
        );
    }
    h.push_str("</tbody></table>");
    for a in &r.accounts {
        let _ = write!(
            h,
            "<h3>{}</h3><table class=\"audit-rules\"><thead><tr><th>{}</th><th>{}</th>\
             <th>{}</th><th>{}</th></tr></thead><tbody>",
            escape_html(&a.account),
            t("audit-col-rule"),
            t("audit-col-flagged"),
            t("audit-col-threshold"),
            t("audit-col-share"),
        );
        for (rule, c) in Rule::ALL.iter().zip(&a.rules) {
            let _ = write!(h, "<tr><td>{}</td>", rule.name());
            count_cell(h, "flagged", c.applicable.then_some(c.flagged), tr);
            let th = c.applicable.then_some(c.threshold);
            num(
                h,
                "threshold",
                th,
                &th.map_or_else(|| tr.tr("value-na"), |x| rule_threshold(*rule, x, tr)),
            );
            share_cell(h, "share", c.share, tr);
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    let _ = writeln!(
        h,
        "<p class=\"muted\">{}</p></section>",
        t("audit-rules-note").replace("&#39;", "'")
    );

    // Composition.
    let _ = write!(
        h,
        "<section id=\"audit-composition\"><h2>{}</h2><p>{}</p>",
        t("audit-composition-title"),
        t("audit-composition-intro").replace("&#39;", "'")
    );
    for a in &r.accounts {
        let _ = write!(
            h,
            "<h3>{} <span class=\"muted\">{}</span></h3><table \
             class=\"audit-composition\"><thead><tr><th>{}</th><th>{}</th>\
             <th>{}</th></tr></thead><tbody>",
            escape_html(&a.account),
            escape_html(&tr.tr_args(
                "audit-composition-count",
                &[
                    ("n", a.communities.into()),
                    ("count", tr.int(a.communities).into())
                ]
            )),
            t("audit-col-community"),
            t("audit-col-followers"),
            t("audit-col-community-share"),
        );
        for c in &a.composition {
            h.push_str("<tr>");
            count_cell(h, "community", Some(u64::from(c.community)), tr);
            count_cell(h, "followers", Some(c.followers), tr);
            share_cell(h, "community_share", Some(c.share), tr);
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>\n");

    // Overlap matrices and heatmap.
    let _ = write!(
        h,
        "<section id=\"audit-overlap\"><h2>{}</h2><p>{}</p>",
        t("audit-overlap-title"),
        t("audit-overlap-intro")
    );
    for (id, title) in [
        ("audit-shared", "audit-shared"),
        ("audit-jaccard", "audit-jaccard"),
    ] {
        let _ = write!(
            h,
            "<h3>{}</h3><div class=\"scroll\"><table id=\"{id}\"><thead><tr><th></th>",
            t(title)
        );
        for a in &r.accounts {
            let _ = write!(h, "<th>{}</th>", escape_html(&a.account));
        }
        h.push_str("</tr></thead><tbody>");
        for (x, a) in r.accounts.iter().enumerate() {
            let _ = write!(h, "<tr><th>{}</th>", escape_html(&a.account));
            for y in 0..r.accounts.len() {
                if id == "audit-shared" {
                    count_cell(h, "shared", Some(r.overlap.shared[x][y]), tr);
                } else {
                    let j = r.overlap.jaccard[x][y];
                    num(h, "jaccard", Some(j), &tr.fixed(j, 3));
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

    let _ = writeln!(
        h,
        "<section id=\"audit-methods\"><h2>{}</h2><p>{}</p></section>",
        t("audit-methods-title"),
        tr.tr_args(
            "audit-methods-html",
            &[("min", r.min_signals.to_string().into())]
        )
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        let (en, fr) = (
            Tr::new(crate::i18n::Lang::En),
            Tr::new(crate::i18n::Lang::Fr),
        );
        assert_eq!(percent(0.6134, &en), "61.3%");
        assert_eq!(percent(0.6134, &fr), "61,3\u{202F}%");
        assert_eq!(threshold_text(1500.0, &en), "1,500");
        assert_eq!(threshold_text(1500.0, &fr), "1\u{202F}500");
        assert_eq!(threshold_text(2.5, &en), "2.50");
        assert_eq!(threshold_text(2.5, &fr), "2,50");
    }
}
