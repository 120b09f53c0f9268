//! The interactive network map of `report.html`: the accounts of the static network map (the top
//! `k` by PageRank, at the positions of relais's own seeded ForceAtlas2 layout, so the page is
//! deterministic and no layout runs in the browser) drawn with sigma.js over WebGL, with pan,
//! zoom, search by account id or handle, and a panel with the clicked account's row.
//!
//! The page stays self-contained and offline: the libraries (sigma.js and graphology, MIT) are
//! vendored, bundled and minified into `assets/map/sigma-graphology.min.js` by
//! `scripts/vendor_js.sh` at pinned versions and embedded here with `include_str!`; relais's own
//! code is `interactive.js` beside this file. Without WebGL the page draws the same data on a 2D
//! canvas (code in `interactive.js`); without JavaScript the static SVG map remains.
//!
//! Safety: the data goes in as JSON through [`json_for_script`] (`<`, `>`, `&`, U+2028, U+2029
//! escaped) inside `<script type="application/json">`; the script sets every text from it with
//! `textContent`, canvas `fillText` or sigma's canvas label renderer, never as HTML. The static
//! markup here contains no input text.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{json, Value};

use crate::i18n::{Arg, Tr};
use crate::report::charts::{self, build};
use crate::report::html::{self, escape_html, json_for_script};
use crate::report::table::{ColumnData, Table};

/// The vendored sigma.js + graphology bundle (see `scripts/vendor_js.sh`).
pub const LIBRARY: &str = include_str!("../../assets/map/sigma-graphology.min.js");
/// relais's code of the map (search, panel, sigma set-up, canvas fallback).
pub const SCRIPT: &str = include_str!("interactive.js");
/// Accounts drawn on the interactive map at most (the top of the laid-out ones).
pub const MAX_INTERACTIVE_NODES: usize = 50_000;

/// Accounts-table columns shown in the panel of a clicked account, when present: the report
/// table's leading columns except `community_stability`.
const PANEL_COLUMNS: &[&str] = html::ACCOUNT_COLUMNS.split_last().unwrap().1;

/// The panel column left null for accounts listed in the page's accounts table (which shows
/// it): the page takes it from the table's cell of that name.
pub const TABLE_TEXT_COLUMN: &str = "why";

/// The map's interface texts, English by default. Placeholders in braces are filled in by the
/// page (`{query}`, `{n}`, `{why}`, `{error}`) or here (`{shown}`, `{laid_out}`). A translated
/// report passes its own (the field names are the catalogue keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapText {
    /// Section title.
    pub title: String,
    /// How to use the map.
    pub intro: String,
    /// When the map draws fewer accounts than were laid out.
    pub capped: String,
    /// Placeholder of the search box.
    pub placeholder: String,
    /// The search button.
    pub find: String,
    /// The reset button.
    pub reset: String,
    /// Shown where the map goes when JavaScript is off.
    pub needs_js: String,
    /// The link in the page's navigation bar.
    pub nav: String,
    /// Search without a match (`{query}`, `{n}`).
    pub not_found: String,
    /// Panel: the account's rank.
    pub rank: String,
    /// Panel: links drawn on the map.
    pub links: String,
    /// Panel: button to the account's row in the accounts table.
    pub show_row: String,
    /// Panel: the accounts table does not list the account.
    pub not_in_table: String,
    /// Drawn by sigma.js.
    pub drawn_webgl: String,
    /// Drawn by the fallback (`{why}`).
    pub drawn_canvas: String,
    /// Why: no WebGL.
    pub no_webgl: String,
    /// Why: sigma failed (`{error}`).
    pub webgl_failed: String,
}

impl Default for MapText {
    fn default() -> Self {
        MapText::new(&Tr::default())
    }
}

impl MapText {
    /// The texts in `tr`'s language (catalogue keys `map-*`); the page's placeholders
    /// (`{query}`, `{n}`, `{why}`, `{error}`, `{shown}`, `{laid_out}`) stay in braces.
    pub fn new(tr: &Tr) -> MapText {
        let t = |key: &str| tr.tr(key);
        let keep = |key: &str, names: &[&str]| {
            let args: Vec<(&str, Arg<'_>)> = names
                .iter()
                .map(|&n| (n, Arg::from(format!("{{{n}}}"))))
                .collect();
            tr.tr_args(key, &args)
        };
        MapText {
            title: t("map-title"),
            intro: t("map-intro"),
            capped: keep("map-capped", &["shown", "laid_out"]),
            placeholder: t("map-placeholder"),
            find: t("map-find"),
            reset: t("map-reset"),
            needs_js: t("map-needs-js"),
            nav: t("map-nav"),
            not_found: keep("map-not-found", &["query", "n"]),
            rank: t("map-rank"),
            links: t("map-links"),
            show_row: t("map-show-row"),
            not_in_table: t("map-not-in-table"),
            drawn_webgl: t("map-drawn-webgl"),
            drawn_canvas: keep("map-drawn-canvas", &["why"]),
            no_webgl: t("map-no-webgl"),
            webgl_failed: keep("map-webgl-failed", &["error"]),
        }
    }
}

/// What the interactive map shows.
#[derive(Debug, Clone, Copy)]
pub struct MapInput<'a> {
    /// The accounts table (rows ranked by PageRank); row `r` is node `r` of the map.
    pub accounts: &'a Table,
    /// Layout positions of the first `positions.len()` rows.
    pub positions: &'a [[f64; 2]],
    /// Links between laid-out rows (as drawn on the static map).
    pub edges: &'a [(u32, u32)],
    /// Rows listed in the page's accounts table (the panel links to those).
    pub table_rows: usize,
    /// What the map shows (subset, layout parameters), as in the static map's caption.
    pub note: &'a str,
    /// Interface texts.
    pub text: &'a MapText,
}

/// Rounds a coordinate to 1/100 of a layout unit (positions span hundreds of units), so that the
/// embedded JSON stays small and deterministic.
fn round2(x: f64) -> Value {
    let r = (x * 100.0).round() / 100.0;
    serde_json::Number::from_f64(if r == 0.0 { 0.0 } else { r }).map_or(Value::Null, Value::Number)
}

/// `x` to 4 significant digits, as the panel shows it (the full value is in accounts.csv): this
/// keeps the embedded panel rows about half as large.
fn four_digits(x: f64) -> f64 {
    if x.is_finite() && x != 0.0 {
        format!("{x:.3e}").parse().unwrap_or(x)
    } else {
        x
    }
}

fn cell(data: &ColumnData, r: usize) -> Value {
    let real =
        |x: f64| serde_json::Number::from_f64(four_digits(x)).map_or(Value::Null, Value::Number);
    match data {
        ColumnData::U32(v) => Value::from(v[r]),
        ColumnData::U64(v) => Value::from(v[r]),
        ColumnData::F64(v) => real(v[r]),
        ColumnData::OptI64(v) => v[r].map_or(Value::Null, Value::from),
        ColumnData::OptF64(v) => v[r].map_or(Value::Null, real),
        ColumnData::Str(v) => Value::String(v[r].clone()),
    }
}

/// The map's data, column-oriented: `nodes` (account id, label, x, y, size, colour, row), `edges`
/// as a flat list of node index pairs, and `panel` (the panel's columns and each node's values,
/// reals to 4 significant digits, [`TABLE_TEXT_COLUMN`] null for rows the table lists). Node `i` is row `i` of the accounts table.
pub fn map_data(input: &MapInput<'_>) -> Value {
    let t = input.accounts;
    let k = input
        .positions
        .len()
        .min(t.rows())
        .min(MAX_INTERACTIVE_NODES);
    let pagerank = build::numeric(t, "pagerank").unwrap_or_else(|| vec![0.0; t.rows()]);
    let community = build::numeric(t, "community").unwrap_or_else(|| vec![0.0; t.rows()]);
    let max = pagerank[..k].iter().copied().fold(0.0f64, f64::max);
    let account = |r: usize| t.column("account").map(|c| c.text(r)).unwrap_or_default();
    let color = |r: usize| {
        let c = charts::community_color(community[r] as u32);
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    };
    // Radius in CSS pixels: 2 to 12, area ∝ PageRank (as the static map's 2 to 16).
    let size = |r: usize| {
        if max > 0.0 {
            round2(2.0 + 10.0 * (pagerank[r] / max).max(0.0).sqrt())
        } else {
            round2(3.0)
        }
    };
    let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
    let edges: Vec<u32> = input
        .edges
        .iter()
        .filter(|&&(a, b)| (a as usize) < k && (b as usize) < k && a != b)
        .flat_map(|&(a, b)| [a, b])
        .collect();
    let panel_columns: Vec<&str> = PANEL_COLUMNS
        .iter()
        .copied()
        .filter(|c| t.column(c).is_some())
        .collect();
    let in_table = input.table_rows.min(t.rows());
    let panel_rows: Vec<Value> = (0..k)
        .map(|r| {
            Value::Array(
                panel_columns
                    .iter()
                    .map(|&c| {
                        // The long `why` sentences of accounts the table lists are read from
                        // the table by the page (null here): half the panel data otherwise.
                        if c == TABLE_TEXT_COLUMN && r < in_table {
                            Value::Null
                        } else {
                            cell(t.column(c).expect("present"), r)
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    json!({
        "nodes": {
            "account": (0..k).map(account).collect::<Vec<_>>(),
            "label": (0..k).map(|r| build::row_label(t, r)).collect::<Vec<_>>(),
            "x": (0..k).map(|r| round2(finite(input.positions[r][0]))).collect::<Vec<_>>(),
            "y": (0..k).map(|r| round2(finite(input.positions[r][1]))).collect::<Vec<_>>(),
            "size": (0..k).map(size).collect::<Vec<_>>(),
            "color": (0..k).map(color).collect::<Vec<_>>(),
            "row": (0..k).collect::<Vec<_>>(),
        },
        "edges": edges,
        "panel": { "columns": panel_columns, "rows": panel_rows },
        "table_rows": input.table_rows.min(t.rows()),
        "text": input.text,
    })
}

/// The page section (`<section id="network-map">`): controls, the map's container, its data, the
/// vendored library and relais's script. Empty when no account is laid out.
pub fn render_section(input: &MapInput<'_>) -> String {
    let data = map_data(input);
    let n = data["nodes"]["account"].as_array().map_or(0, Vec::len);
    if n == 0 {
        return String::new();
    }
    let mut h = String::with_capacity(LIBRARY.len() + SCRIPT.len() + (n << 8));
    let text = input.text;
    let capped = if input.positions.len() > n {
        format!(
            " {}",
            text.capped
                .replace("{shown}", &n.to_string())
                .replace("{laid_out}", &input.positions.len().to_string())
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        h,
        "<section id=\"network-map\"><h2>{title}</h2>\
         <p>{intro} <span class=\"note\">{note}.{capped}</span> \
         <span id=\"map-renderer\" class=\"muted\"></span></p>\
         <div id=\"map-interactive\">\
         <form id=\"map-search-form\" role=\"search\"><input type=\"search\" id=\"map-search\" \
         list=\"map-names\" placeholder=\"{placeholder}\" aria-label=\"{placeholder}\"> \
         <button type=\"submit\">{find}</button> <button type=\"button\" id=\"map-reset\">{reset}</button> \
         <span id=\"map-status\" class=\"muted\" role=\"status\"></span></form>\
         <datalist id=\"map-names\"></datalist>\
         <div class=\"map-wrap\"><div id=\"map-canvas\"><p class=\"muted\">{needs_js}</p></div>\
         <aside id=\"map-panel\" hidden></aside></div></div>",
        title = escape_html(&text.title),
        intro = escape_html(&text.intro),
        note = escape_html(input.note),
        capped = escape_html(&capped),
        placeholder = escape_html(&text.placeholder),
        find = escape_html(&text.find),
        reset = escape_html(&text.reset),
        needs_js = escape_html(&text.needs_js),
    );
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"relais-map-data\">{}</script>\n\
         <script>{LIBRARY}</script>\n<script>{SCRIPT}</script>\n</section>\n",
        json_for_script(&data)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::Column;

    fn table() -> Table {
        Table {
            columns: vec![
                Column {
                    name: "account".into(),
                    data: ColumnData::Str(vec![
                        "</script><script>alert(1)</script>".into(),
                        "b".into(),
                        "c".into(),
                    ]),
                },
                Column {
                    name: "handle".into(),
                    data: ColumnData::Str(vec!["\u{2028}x".into(), String::new(), "@c".into()]),
                },
                Column {
                    name: "community".into(),
                    data: ColumnData::U32(vec![0, 1, 0]),
                },
                Column {
                    name: "pagerank".into(),
                    data: ColumnData::F64(vec![0.5, 0.3, 0.2]),
                },
                Column {
                    name: "why".into(),
                    data: ColumnData::Str(vec!["w0".into(), "w1".into(), "w2".into()]),
                },
            ],
        }
    }

    #[test]
    fn data_follows_the_ranking_and_the_layout() {
        let t = table();
        let positions = [[1.234_56, -2.0], [0.0, 3.0]];
        let input = MapInput {
            accounts: &t,
            positions: &positions,
            edges: &[(0, 1), (1, 2), (1, 1)],
            table_rows: 1,
            note: "n",
            text: &MapText::default(),
        };
        let d = map_data(&input);
        // Only the two laid-out rows; the edge to row 2 and the self-loop are dropped.
        assert_eq!(d["nodes"]["account"].as_array().unwrap().len(), 2);
        assert_eq!(d["edges"], json!([0, 1]));
        assert_eq!(d["nodes"]["x"], json!([1.23, 0.0]));
        assert_eq!(d["nodes"]["label"], json!(["\u{2028}x", "b"]));
        assert_eq!(d["nodes"]["size"][0], json!(12.0));
        let c0 = charts::community_color(0);
        assert_eq!(
            d["nodes"]["color"][0],
            json!(format!("#{:02x}{:02x}{:02x}", c0.0, c0.1, c0.2))
        );
        assert_eq!(
            d["panel"]["columns"],
            json!(["account", "handle", "why", "community", "pagerank"])
        );
        // Row 0 is in the table (table_rows = 1): its `why` comes from there.
        assert_eq!(d["panel"]["rows"][0][2], Value::Null);
        assert_eq!(d["panel"]["rows"][1], json!(["b", "", "w1", 1, 0.3]));
        assert_eq!(four_digits(1_037.833_333), 1038.0);
        assert_eq!(four_digits(0.021_406_703), 0.021_41);
        assert_eq!(four_digits(-2.5e-7), -2.5e-7);
        assert_eq!(d["table_rows"], json!(1));
    }

    #[test]
    fn section_embeds_the_data_safely() {
        let t = table();
        let positions = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]];
        let h = render_section(&MapInput {
            accounts: &t,
            positions: &positions,
            edges: &[(0, 1)],
            table_rows: 3,
            note: "<b>",
            text: &MapText {
                find: "<i>".into(),
                ..MapText::default()
            },
        });
        let start = h.find("id=\"relais-map-data\">").unwrap() + "id=\"relais-map-data\">".len();
        let end = start + h[start..].find("</script>").unwrap();
        let block = &h[start..end];
        assert!(!block.contains('<') && !block.contains('\u{2028}'));
        let back: Value = serde_json::from_str(block).unwrap();
        assert_eq!(
            back["nodes"]["account"][0],
            json!(t.columns[0].data.text(0))
        );
        assert!(h.contains("&lt;b&gt;") && !h.contains("<b>"));
        assert!(h.contains(">&lt;i&gt;</button>") && !h.contains("<i>"));
        assert_eq!(back["text"]["find"], json!("<i>"));
        // The vendored library and the script cannot close their own <script> element.
        assert!(!LIBRARY.contains("</script") && !SCRIPT.contains("</script"));
        assert!(!LIBRARY.contains("<!--") && !SCRIPT.contains("<!--"));
    }

    #[test]
    fn english_map_texts_are_unchanged_and_french_keeps_placeholders() {
        let en = MapText::default();
        assert_eq!(
            en.not_found,
            "No account matching “{query}” among the {n} on the map."
        );
        assert_eq!(
            en.capped,
            "Only the top {shown} of the {laid_out} laid-out accounts are drawn here."
        );
        assert_eq!(en.drawn_canvas, "Drawn on a 2D canvas ({why}).");
        assert_eq!(en.webgl_failed, "the WebGL renderer failed: {error}");
        assert_eq!(en.placeholder, "account id or handle…");
        let fr = MapText::new(&Tr::new(crate::i18n::Lang::Fr));
        assert_eq!(
            fr.not_found,
            "Aucun compte ne correspond à «\u{202F}{query}\u{202F}» parmi les {n} de la carte."
        );
        assert_eq!(fr.find, "Chercher");
        assert!(fr.capped.contains("{shown}") && fr.capped.contains("{laid_out}"));
    }

    #[test]
    fn nothing_laid_out_gives_no_section() {
        let t = table();
        let h = render_section(&MapInput {
            accounts: &t,
            positions: &[],
            edges: &[],
            table_rows: 3,
            note: "",
            text: &MapText::default(),
        });
        assert!(h.is_empty());
    }
}
