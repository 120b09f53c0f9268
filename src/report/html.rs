//! `report.html`: one self-contained page (inline CSS and JavaScript, charts as inline SVG or PNG
//! data URIs, data embedded as JSON), built from the generic tables and the two JSON documents so
//! that columns added later (roles, windows) show up without change here.
//!
//! Safety: every text that can come from input data goes through [`escape_html`] (HTML text and
//! attribute values), and the embedded JSON through [`json_for_script`] (`<`, `>`, `&`, U+2028,
//! U+2029 as `\u` escapes, so no `</script>` can close the data block). Chart SVG comes from
//! plotters, which escapes its text; the page's JavaScript only ever sets `textContent`.

use std::fmt::Write as _;

use serde_json::Value;

use crate::i18n::Tr;
use crate::report::table::{ColumnData, Table};

/// Accounts shown in the report's table by default.
pub const DEFAULT_TABLE_ROWS: usize = 1000;

/// Columns shown first in the accounts table when present (the others are in the embedded JSON).
pub(crate) const ACCOUNT_COLUMNS: [&str; 18] = [
    "account",
    "handle",
    "name",
    "role",
    "why",
    "community",
    "pagerank",
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "harmonic",
    "eigenvector",
    "core",
    "collective_influence",
    "followers_count",
    "community_stability",
];

/// A chart as embedded in the page.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartImage {
    /// SVG text, inlined.
    Svg(String),
    /// PNG bytes, embedded as a data URI.
    Png(Vec<u8>),
}

/// One chart of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportChart {
    /// Anchor and file stem (`degree_ccdf`).
    pub id: String,
    /// Caption.
    pub title: String,
    /// What to read in it.
    pub note: String,
    /// The image.
    pub image: ChartImage,
}

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    /// Page title.
    pub title: String,
    /// The accounts table (rows ranked by PageRank).
    pub accounts: &'a Table,
    /// The communities table.
    pub communities: &'a Table,
    /// summary.json.
    pub summary: &'a Value,
    /// run.json.
    pub manifest: &'a Value,
    /// Charts, in display order.
    pub charts: Vec<ReportChart>,
    /// Accounts shown in the table (the top rows).
    pub table_rows: usize,
    /// The interactive network map's section ([`crate::report::interactive`]), placed after
    /// the charts; empty for none.
    pub interactive_map: String,
    /// The language of the page's texts and number formats.
    pub tr: &'a Tr,
}

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Serialises `value` as JSON safe inside `<script type="application/json">`.
pub fn json_for_script(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648) of `bytes`, for data URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ABC[(n >> shift) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3b57;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:24px}header p{margin:0;opacity:.85}
nav{background:#fff;border-bottom:1px solid #ddd;padding:8px 28px;position:sticky;top:0;z-index:2}nav a{margin-right:16px;color:#1f3b57;text-decoration:none}
main{padding:8px 28px 40px;max-width:1400px}section{margin-top:28px}h2{border-bottom:2px solid #1f3b57;padding-bottom:4px}
.figures{display:flex;flex-wrap:wrap;gap:12px}.figure{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
.figure b{display:block;font-size:22px}.figure span{color:#666;font-size:13px}
table{border-collapse:collapse;background:#fff;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f6;position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto;max-height:80vh;overflow-y:auto}
figure{background:#fff;border:1px solid #ddd;border-radius:6px;margin:14px 0;padding:10px}figure svg,figure img{max-width:100%;height:auto}
figcaption{font-weight:600;margin-bottom:6px}.note{color:#555;font-size:13px;font-weight:400}
input[type=search]{padding:5px 8px;width:320px;margin:6px 0}.muted{color:#777}details{margin:8px 0}
"#;

pub(crate) const SCRIPT: &str = r##"
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); });
  function key(td) {
    var v = td.getAttribute("data-v");
    if (v === null) { v = td.textContent; }
    if (v !== "" && /^-?[0-9.]+([eE][-+]?[0-9]+)?$/.test(v)) { return parseFloat(v); }
    return v.toLowerCase();
  }
  function compare(x, y) {
    var nx = typeof x === "number", ny = typeof y === "number";
    if (nx && ny) { return x - y; }
    if (nx) { return -1; }
    if (ny) { return 1; }
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  function sortBy(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      return dir * compare(key(a.cells[col]), key(b.cells[col])) ||
        (Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i")));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === col) { th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
        sortBy(table, i, dir);
      });
    });
  });
  function filter(table, query) {
    var q = query.trim().toLowerCase(), shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var hit = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) { shown += 1; }
    });
    return shown;
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var count = document.getElementById(input.getAttribute("data-filter") + "-count");
    input.addEventListener("input", function () {
      var n = filter(table, input.value);
      if (count) { count.textContent = (count.getAttribute("data-shown") || "{n} shown").replace("{n}", String(n)); }
    });
  });
  // Self-test (used by the headless-browser test): sort the accounts table by each direction of
  // the PageRank column, check the order, filter, and write the outcome into the page.
  if (location.hash === "#selftest") {
    var out = [];
    try {
      var t = document.getElementById("accounts");
      var heads = t.tHead.rows[0].cells, col = -1;
      for (var i = 0; i < heads.length; i++) { if (heads[i].textContent === "pagerank") { col = i; } }
      var ok = col >= 0;
      [1, -1].forEach(function (dir) {
        sortBy(t, col, dir);
        var rows = t.tBodies[0].rows;
        for (var j = 1; j < rows.length; j++) {
          if (dir * (key(rows[j].cells[col]) - key(rows[j - 1].cells[col])) < 0) { ok = false; }
        }
      });
      out.push("sort=" + (ok ? "ok" : "FAILED"));
      out.push("first=" + t.tBodies[0].rows[0].cells[0].textContent);
      var all = t.tBodies[0].rows.length;
      var some = filter(t, t.tBodies[0].rows[0].cells[0].textContent);
      out.push("filter=" + (some >= 1 && some <= all ? "ok" : "FAILED"));
      filter(t, "");
      var data = JSON.parse(document.getElementById("relais-data").textContent);
      out.push("data=" + (data.accounts.rows.length === all ? "ok" : "FAILED"));
    } catch (e) { errors.push(String(e)); }
    out.push("errors=" + errors.length);
    if (errors.length) { out.push(errors.join(" | ")); }
    var marker = document.createElement("pre");
    marker.id = "selftest";
    marker.textContent = out.join(" ");
    document.body.appendChild(marker);
  }
})();
"##;

/// The part of run.json the page shows: without what depends on the machine or the run
/// (`threads`, `stages`, `command_line`, `working_dir`, the output folder, input folders, the
/// report stage itself), so that the page is byte-identical for any thread count and wherever
/// the inputs lie, as the other outputs.
pub fn manifest_for_page(manifest: &Value) -> Value {
    let mut m = manifest.clone();
    if let Some(o) = m.as_object_mut() {
        for key in ["threads", "stages", "command_line", "report", "working_dir"] {
            o.remove(key);
        }
    }
    // Input files by name only: where they sat on the analyst's disk is neither the client's
    // business nor stable across machines (`relais verify` re-runs from absolute paths).
    if let Some(o) = m
        .pointer_mut("/config/input")
        .and_then(Value::as_object_mut)
    {
        for key in ["paths", "accounts", "aliases"] {
            o.remove(key);
        }
    }
    if let Some(files) = m.get_mut("inputs").and_then(Value::as_array_mut) {
        for f in files {
            if let Some(path) = f.get_mut("path") {
                let name = path
                    .as_str()
                    .and_then(|p| std::path::Path::new(p).file_name())
                    .map(|n| n.to_string_lossy().into_owned());
                if let Some(name) = name {
                    *path = Value::String(name);
                }
            }
        }
    }
    if let Some(o) = m
        .pointer_mut("/config/output")
        .and_then(Value::as_object_mut)
    {
        o.remove("out");
        o.remove("force");
    }
    m
}

/// Renders the page.
pub fn render_html(input: &ReportInput<'_>) -> String {
    let manifest = manifest_for_page(input.manifest);
    let input = &ReportInput {
        manifest: &manifest,
        ..input.clone()
    };
    let tr = input.tr;
    let mut h = String::with_capacity(1 << 20);
    let title = escape_html(&input.title);
    let version = input
        .manifest
        .get("relais_version")
        .and_then(Value::as_str)
        .unwrap_or(env!("CARGO_PKG_VERSION"));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>{title}</h1><p>relais {} · {} {} · {}</p></header>\n",
        tr.lang().code(),
        escape_html(version),
        escape_html(&tr.tr("report-seed")),
        input
            .manifest
            .get("seed")
            .map(Value::to_string)
            .unwrap_or_default(),
        escape_html(&inputs_line(input.manifest, tr)),
    );
    let has_roles = input.accounts.column("role").is_some();
    let nav = |key: &str| escape_html(&tr.tr(key));
    let _ = write!(
        h,
        "<nav><a href=\"#figures\">{}</a><a href=\"#methods\">{}</a>",
        nav("nav-figures"),
        nav("nav-methods")
    );
    if has_roles {
        let _ = write!(h, "<a href=\"#roles\">{}</a>", nav("nav-roles"));
    }
    let _ = write!(
        h,
        "<a href=\"#communities\">{}</a><a href=\"#charts\">{}</a>\
         <a href=\"#accounts-section\">{}</a></nav>\n<main>\n",
        nav("nav-communities"),
        nav("nav-charts"),
        nav("nav-accounts")
    );
    key_figures(&mut h, input.summary, tr);
    methods(&mut h, input.manifest, input.summary, tr);
    if has_roles {
        roles(&mut h, input.accounts, tr);
    }
    communities(&mut h, input.communities, tr);
    charts(&mut h, &input.charts, tr);
    h.push_str(&input.interactive_map);
    let shown = accounts(&mut h, input.accounts, input.table_rows, tr);
    h.push_str("</main>\n");
    // The data behind the page, for anyone who wants to reuse it.
    let data = serde_json::json!({
        "summary": input.summary,
        "manifest": input.manifest,
        "accounts": table_json(input.accounts, shown),
        "communities": table_json(input.communities, input.communities.rows()),
    });
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"relais-data\">{}</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        json_for_script(&data)
    );
    h
}

pub(crate) fn inputs_line(manifest: &Value, tr: &Tr) -> String {
    let files: Vec<String> = manifest
        .get("inputs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|f| f.get("path").and_then(Value::as_str))
                .map(|p| {
                    std::path::Path::new(p)
                        .file_name()
                        .map_or(p.to_string(), |n| n.to_string_lossy().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    if files.is_empty() {
        String::new()
    } else {
        tr.tr_args("report-inputs", &[("files", files.join(", ").into())])
    }
}

fn number(v: &Value, tr: &Tr) -> String {
    match v {
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => tr.int(u),
            (_, Some(i), _) => i.to_string(),
            (_, _, Some(f)) => {
                let s = format!("{f:.4}");
                tr.decimal(s.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => n.to_string(),
        },
        Value::Null => tr.tr("value-na"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn key_figures(h: &mut String, summary: &Value, tr: &Tr) {
    const FIGURES: [(&str, &str); 10] = [
        ("/graph/nodes", "figure-nodes"),
        ("/graph/edges", "figure-edges"),
        ("/graph/density", "figure-density"),
        ("/graph/reciprocity", "figure-reciprocity"),
        ("/graph/largest_weak_component", "figure-largest-weak"),
        ("/graph/isolated_nodes", "figure-isolated"),
        ("/communities/count", "figure-communities"),
        ("/communities/modularity", "figure-modularity"),
        ("/centrality/clustering/transitivity", "figure-transitivity"),
        ("/input/records", "figure-records"),
    ];
    let _ = write!(
        h,
        "<section id=\"figures\"><h2>{}</h2><div class=\"figures\">",
        escape_html(&tr.tr("figures-title"))
    );
    for (pointer, label) in FIGURES {
        if let Some(v) = summary.pointer(pointer) {
            let _ = write!(
                h,
                "<div class=\"figure\"><b>{}</b><span>{}</span></div>",
                escape_html(&number(v, tr)),
                escape_html(&tr.tr(label))
            );
        }
    }
    h.push_str("</div></section>\n");
}

/// Flattens a JSON document into `(dotted.path, value)` rows.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn key_value_table(h: &mut String, rows: &[(String, String)]) {
    h.push_str("<table><tbody>");
    for (k, v) in rows {
        let _ = write!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape_html(k),
            escape_html(v)
        );
    }
    h.push_str("</tbody></table>");
}

fn methods(h: &mut String, manifest: &Value, summary: &Value, tr: &Tr) {
    // The English text keeps its literal apostrophe (as the page always had); others are escaped.
    let _ = write!(
        h,
        "<section id=\"methods\"><h2>{}</h2><p>{}</p>",
        escape_html(&tr.tr("methods-title")),
        escape_html(&tr.tr("methods-intro")).replace("&#39;", "'")
    );
    let mut how = Vec::new();
    for key in ["pagerank", "communities", "centrality"] {
        if let Some(v) = summary.get(key) {
            flatten(key, v, &mut how);
        }
    }
    let summary_line =
        |key: &str| format!("<details><summary>{}</summary>", escape_html(&tr.tr(key)));
    h.push_str(&summary_line("methods-summary"));
    key_value_table(h, &how);
    h.push_str("</details>");
    let mut config = Vec::new();
    for key in ["config", "rows", "build"] {
        if let Some(v) = manifest.get(key) {
            flatten(key, v, &mut config);
        }
    }
    h.push_str(&summary_line("methods-config"));
    key_value_table(h, &config);
    h.push_str("</details>");
    let mut inputs = Vec::new();
    if let Some(v) = manifest.get("inputs") {
        flatten("inputs", v, &mut inputs);
    }
    h.push_str(&summary_line("methods-inputs"));
    key_value_table(h, &inputs);
    h.push_str("</details></section>\n");
}

fn text_column(t: &Table, name: &str) -> Option<Vec<String>> {
    let c = t.column(name)?;
    Some((0..c.len()).map(|r| c.text(r)).collect())
}

/// The name of role label `label` in this language (the label itself when unknown).
fn role_name(label: &str, tr: &Tr) -> String {
    let key = format!("role-{label}");
    if tr.has(&key) {
        tr.tr(&key)
    } else {
        label.to_string()
    }
}

fn roles(h: &mut String, accounts: &Table, tr: &Tr) {
    let Some(role) = text_column(accounts, "role") else {
        return;
    };
    let why = text_column(accounts, "why");
    // Roles in order of first appearance in the ranking; `role` may hold several, `;`-separated.
    let mut order: Vec<(String, Vec<usize>)> = Vec::new();
    for (r, text) in role.iter().enumerate() {
        for one in text
            .split([';', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match order.iter_mut().find(|(name, _)| name == one) {
                Some((_, rows)) => rows.push(r),
                None => order.push((one.to_string(), vec![r])),
            }
        }
    }
    // The intro holds markup (<code>) and is trusted catalogue text.
    let _ = write!(
        h,
        "<section id=\"roles\"><h2>{}</h2><p>{}</p>",
        escape_html(&tr.tr("roles-title")),
        tr.tr("roles-intro-html")
    );
    let head = |key: &str| escape_html(&tr.tr(key));
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        head("roles-col-role"),
        head("roles-col-accounts")
    );
    for (name, rows) in &order {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            escape_html(&role_name(name, tr)),
            tr.count(rows.len() as u64)
        );
    }
    h.push_str("</tbody></table>");
    for (name, rows) in &order {
        if matches!(name.as_str(), "ordinary" | "none") {
            continue;
        }
        let count = tr.tr_args(
            "roles-count",
            &[
                ("n", rows.len().into()),
                ("count", tr.count(rows.len() as u64).into()),
            ],
        );
        let _ = write!(
            h,
            "<h3>{} <span class=\"muted\">{}</span></h3><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape_html(&role_name(name, tr)),
            escape_html(&count),
            head("roles-col-account"),
            head("roles-col-why")
        );
        for &r in rows.iter().take(10) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape_html(&crate::report::charts::build::row_label(accounts, r)),
                escape_html(why.as_ref().map_or("", |w| w[r].as_str()))
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>\n");
}

fn is_numeric(c: &ColumnData) -> bool {
    !matches!(c, ColumnData::Str(_))
}

/// Writes `t`'s first `rows` rows (columns `cols`) as a sortable table.
fn html_table(h: &mut String, id: &str, t: &Table, cols: &[usize], rows: usize, tr: &Tr) {
    let _ = write!(
        h,
        "<div class=\"scroll\"><table class=\"sortable\" id=\"{id}\"><thead><tr>"
    );
    for &c in cols {
        let _ = write!(h, "<th>{}</th>", escape_html(&t.columns[c].name));
    }
    h.push_str("</tr></thead><tbody>\n");
    for r in 0..rows.min(t.rows()) {
        let _ = write!(h, "<tr data-i=\"{r}\">");
        for &c in cols {
            let data = &t.columns[c].data;
            let text = data.text(r);
            if is_numeric(data) {
                let shown = match data {
                    ColumnData::F64(v) => tr.decimal(&short_real(v[r])),
                    ColumnData::OptF64(v) => {
                        v[r].map(|x| tr.decimal(&short_real(x))).unwrap_or_default()
                    }
                    _ => text.clone(),
                };
                let _ = write!(
                    h,
                    "<td class=\"num\" data-v=\"{}\">{}</td>",
                    escape_html(&text),
                    escape_html(&shown)
                );
            } else {
                let _ = write!(h, "<td>{}</td>", escape_html(&text));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>");
}

/// A real with 4 significant digits for display (the full value stays in `data-v` and the JSON).
fn short_real(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() >= 1e4 || x == x.round() {
        return format!("{x:.0}");
    }
    if x.abs() < 1e-3 {
        return format!("{x:.3e}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 8) as usize;
    format!("{x:.digits$}")
}

fn communities(h: &mut String, t: &Table, tr: &Tr) {
    let _ = write!(
        h,
        "<section id=\"communities\"><h2>{}</h2><p>{}</p>",
        escape_html(&tr.tr("communities-title")),
        escape_html(&tr.tr("communities-intro"))
    );
    let cols: Vec<usize> = (0..t.columns.len()).collect();
    html_table(h, "communities-table", t, &cols, 50, tr);
    if t.rows() > 50 {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>",
            escape_html(&tr.tr_args(
                "communities-more",
                &[("count", tr.count(t.rows() as u64).into())]
            ))
        );
    }
    h.push_str("</section>\n");
}

fn charts(h: &mut String, charts: &[ReportChart], tr: &Tr) {
    let _ = write!(
        h,
        "<section id=\"charts\"><h2>{}</h2>",
        escape_html(&tr.tr("charts-title"))
    );
    for c in charts {
        let _ = write!(
            h,
            "<figure id=\"chart-{}\"><figcaption>{} <span class=\"note\">{}</span></figcaption>",
            escape_html(&c.id),
            escape_html(&c.title),
            escape_html(&c.note)
        );
        match &c.image {
            ChartImage::Svg(svg) => {
                // Inline the <svg> element only (drop any XML prolog).
                let start = svg.find("<svg").unwrap_or(0);
                h.push_str(&svg[start..]);
            }
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
    h.push_str("</section>\n");
}

fn accounts(h: &mut String, t: &Table, max_rows: usize, tr: &Tr) -> usize {
    let rows = t.rows().min(max_rows);
    let mut cols: Vec<usize> = ACCOUNT_COLUMNS
        .iter()
        .filter_map(|name| t.columns.iter().position(|c| c.name == *name))
        .collect();
    if cols.is_empty() {
        cols = (0..t.columns.len()).collect();
    }
    let intro = tr.tr_args(
        "accounts-intro",
        &[
            ("rows", tr.count(rows as u64).into()),
            ("total", tr.count(t.rows() as u64).into()),
        ],
    );
    let shown = |n: &str| tr.tr_args("accounts-shown", &[("count", n.into())]);
    let _ = write!(
        h,
        "<section id=\"accounts-section\"><h2>{}</h2><p>{}</p>\
         <input type=\"search\" placeholder=\"{}\" data-filter=\"accounts\"> \
         <span id=\"accounts-count\" class=\"muted\" data-shown=\"{}\">{}</span>",
        escape_html(&tr.tr("accounts-title")),
        escape_html(&intro).replace("&#39;", "'"),
        escape_html(&tr.tr("accounts-filter")),
        escape_html(&shown("{n}")),
        escape_html(&shown(&tr.count(rows as u64))),
    );
    html_table(h, "accounts", t, &cols, rows, tr);
    h.push_str("</section>\n");
    rows
}

/// The first `rows` rows of `t` as `{"columns": [...], "rows": [[...]]}` (numbers as numbers).
fn table_json(t: &Table, rows: usize) -> Value {
    let columns: Vec<Value> = t
        .columns
        .iter()
        .map(|c| Value::String(c.name.clone()))
        .collect();
    let data: Vec<Value> = (0..rows.min(t.rows()))
        .map(|r| {
            Value::Array(
                t.columns
                    .iter()
                    .map(|c| match &c.data {
                        ColumnData::U32(v) => Value::from(v[r]),
                        ColumnData::U64(v) => Value::from(v[r]),
                        ColumnData::F64(v) => finite_json(v[r]),
                        ColumnData::OptI64(v) => v[r].map_or(Value::Null, Value::from),
                        ColumnData::OptF64(v) => v[r].map_or(Value::Null, finite_json),
                        ColumnData::Str(v) => Value::String(v[r].clone()),
                    })
                    .collect(),
            )
        })
        .collect();
    serde_json::json!({ "columns": columns, "rows": data })
}

fn finite_json(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_text() {
        assert_eq!(
            escape_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape_html("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escape_html("it's"), "it&#39;s");
    }

    #[test]
    fn json_cannot_close_the_script() {
        let v = serde_json::json!({"a": "</script><script>alert(1)</script>&\u{2028}"});
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn short_reals() {
        assert_eq!(short_real(0.123456), "0.1235");
        assert_eq!(short_real(12.0), "12");
        assert_eq!(short_real(0.0000123), "1.230e-5");
    }
}
