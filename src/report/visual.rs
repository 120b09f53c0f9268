//! The visual outputs of `analyze`: the network layout, charts under `charts/`, `report.html`,
//! `graph.gexf` and `graph.graphml`. Called by the pipeline with the finished tables; writes only
//! into the staging folder.

use std::fs;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::graph::{Graph, NodeId};
use crate::i18n::{Lang, Tr};
use crate::layout::{self, ForceAtlas2Config, LayoutGraph};
use crate::report::charts::{self, build, render_png, render_svg, Chart, ChartFormat};
use crate::report::html::{self, ChartImage, ReportChart, ReportInput};
use crate::report::table::Table;
use crate::report::xml::{Export, NodeViz};
use crate::report::Staging;

/// Accounts laid out and drawn on the network map by default (the top by PageRank).
pub const DEFAULT_MAP_NODES: usize = 2000;
/// Edges drawn on the map at most (those between the highest-ranked accounts first).
pub const MAX_MAP_EDGES: usize = 20_000;
/// Accounts drawn on the reach–engagement scatter at most (the top by PageRank).
pub const MAX_SCATTER_POINTS: usize = 20_000;
/// An SVG chart larger than this is embedded in report.html as PNG instead.
pub const MAX_INLINE_SVG: usize = 1_500_000;

/// Graph export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// GraphML.
    Graphml,
}

/// What the report stage writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// Write report.html.
    pub html: bool,
    /// Chart files to write under charts/ (none: no files; the HTML still embeds its charts).
    pub charts: Vec<ChartFormatName>,
    /// Graph exports.
    pub exports: Vec<ExportFormat>,
    /// Accounts laid out (top by PageRank); 0 lays out every account.
    pub map_nodes: usize,
    /// Accounts in report.html's table.
    pub table_rows: usize,
    /// ForceAtlas2 iterations.
    pub layout_iterations: u32,
    /// Embed the interactive network map (sigma.js) in report.html.
    pub interactive_map: bool,
    /// Language of report.html, the charts' texts and the `why` sentences (`--lang`); `None`
    /// (a library caller's default) is English. The binary always records the language used.
    pub lang: Option<Lang>,
}

/// A chart format in the configuration (serde form of [`ChartFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormatName {
    /// SVG.
    Svg,
    /// PNG.
    Png,
}

impl From<ChartFormatName> for ChartFormat {
    fn from(f: ChartFormatName) -> ChartFormat {
        match f {
            ChartFormatName::Svg => ChartFormat::Svg,
            ChartFormatName::Png => ChartFormat::Png,
        }
    }
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            html: true,
            charts: vec![ChartFormatName::Svg, ChartFormatName::Png],
            exports: Vec::new(),
            map_nodes: DEFAULT_MAP_NODES,
            table_rows: html::DEFAULT_TABLE_ROWS,
            layout_iterations: layout::DEFAULT_ITERATIONS,
            interactive_map: true,
            lang: None,
        }
    }
}

impl ReportConfig {
    /// Whether anything at all is to be done (the layout and charts are skipped otherwise).
    pub fn enabled(&self) -> bool {
        self.html || !self.charts.is_empty() || !self.exports.is_empty()
    }

    /// The language of the texts (English when not set).
    pub fn language(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    /// Checks the values.
    pub fn validate(&self) -> Result<()> {
        if self.table_rows == 0 {
            return Err(Error::InvalidConfig {
                field: "report.table_rows",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// What the report stage reads.
#[derive(Debug, Clone, Copy)]
pub struct VisualInput<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// The accounts table (rows ranked by PageRank).
    pub accounts: &'a Table,
    /// The node of each accounts-table row.
    pub node_of_row: &'a [NodeId],
    /// The communities table.
    pub communities: &'a Table,
    /// The community flows table.
    pub flows: &'a Table,
    /// summary.json.
    pub summary: &'a Value,
    /// run.json as far as known.
    pub manifest: &'a Value,
    /// Seed of the layout.
    pub seed: u64,
    /// Time windows (`--window`): the rank-trajectory chart and the GEXF's spells.
    pub trends: Option<&'a crate::temporal::Trends>,
}

/// What the report stage did (for run.json).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VisualSummary {
    /// Files written, relative to the output folder.
    pub files: Vec<String>,
    /// Accounts laid out (the top by PageRank).
    pub layout_nodes: usize,
    /// Edges among them.
    pub layout_edges: usize,
    /// The layout's parameters.
    pub layout: Option<ForceAtlas2Config>,
}

/// Any chart, so that a list of them can be rendered in parallel.
enum AnyChart {
    Bars(charts::Bars),
    Ccdf(charts::DegreeCcdf),
    Quadrant(charts::Quadrant),
    Heatmap(charts::Heatmap),
    Map(charts::NetworkMap),
    Trajectories(charts::Trajectories),
}

impl AnyChart {
    fn svg(&self, name: &str) -> Result<String> {
        match self {
            AnyChart::Bars(c) => render_svg(c, name),
            AnyChart::Ccdf(c) => render_svg(c, name),
            AnyChart::Quadrant(c) => render_svg(c, name),
            AnyChart::Heatmap(c) => render_svg(c, name),
            AnyChart::Map(c) => render_svg(c, name),
            AnyChart::Trajectories(c) => render_svg(c, name),
        }
    }

    fn png(&self, name: &str) -> Result<Vec<u8>> {
        match self {
            AnyChart::Bars(c) => render_png(c, name),
            AnyChart::Ccdf(c) => render_png(c, name),
            AnyChart::Quadrant(c) => render_png(c, name),
            AnyChart::Heatmap(c) => render_png(c, name),
            AnyChart::Map(c) => render_png(c, name),
            AnyChart::Trajectories(c) => render_png(c, name),
        }
    }
}

/// Writes a chart as the requested files under `dir` (e.g. `charts/`), for other subcommands
/// (rank trajectories, audience overlap) that build their chart data themselves. Returns the
/// relative paths written.
pub fn write_chart<C: Chart>(
    staging: &Staging,
    stem: &str,
    chart: &C,
    formats: &[ChartFormat],
) -> Result<Vec<String>> {
    let dir = staging.path("charts");
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut files = Vec::new();
    for &f in formats {
        let rel = format!("charts/{stem}.{}", f.extension());
        let path = staging.path(&rel);
        let bytes = match f {
            ChartFormat::Svg => render_svg(chart, &rel)?.into_bytes(),
            ChartFormat::Png => render_png(chart, &rel)?,
        };
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        files.push(rel);
    }
    Ok(files)
}

/// Runs the report stage: layout of the top accounts, charts, report.html, exports.
pub fn write_visuals(
    staging: &Staging,
    input: &VisualInput<'_>,
    cfg: &ReportConfig,
) -> Result<VisualSummary> {
    let mut summary = VisualSummary::default();
    if !cfg.enabled() {
        return Ok(summary);
    }
    let tr = Tr::new(cfg.language());
    let g = input.graph;
    let t = input.accounts;
    let n = t.rows();
    let k = if cfg.map_nodes == 0 {
        n
    } else {
        cfg.map_nodes.min(n)
    };
    let top: Vec<NodeId> = input.node_of_row[..k].to_vec();
    let lg = LayoutGraph::induced(g, &top);
    let fa2 = ForceAtlas2Config {
        iterations: cfg.layout_iterations,
        seed: input.seed,
        ..ForceAtlas2Config::default()
    };
    let laid = layout::forceatlas2(&lg, &fa2);
    summary.layout_nodes = k;
    summary.layout_edges = lg.edge_count();
    summary.layout = Some(fa2.clone());

    let pagerank = build::numeric(t, "pagerank").unwrap_or_else(|| vec![0.0; n]);
    let community = build::numeric(t, "community").unwrap_or_else(|| vec![0.0; n]);
    let max_pr = pagerank.iter().copied().fold(0.0f64, f64::max);
    let viz = NodeViz {
        positions: laid.positions.clone(),
        colors: community
            .iter()
            .map(|&c| {
                let rgb = charts::community_color(c as u32);
                (rgb.0, rgb.1, rgb.2)
            })
            .collect(),
        sizes: pagerank
            .iter()
            .map(|&p| {
                if max_pr > 0.0 {
                    2.0 + 28.0 * (p / max_pr).max(0.0).sqrt()
                } else {
                    2.0
                }
            })
            .collect(),
    };

    // Chart data.
    let mut list: Vec<(String, String, String, AnyChart)> = Vec::new();
    if let Some(c) = build::degree_ccdf(t, &tr) {
        list.push((
            "degree_ccdf".into(),
            tr.tr("chart-degree-title"),
            tr.tr("chart-degree-note"),
            AnyChart::Ccdf(c),
        ));
    }
    for metric in build::HEADLINE_METRICS {
        if let Some(c) = build::top_bars(t, metric, 20, &tr) {
            let title = build::metric_title(metric, &tr);
            list.push((
                format!("top_{metric}"),
                tr.tr_args("chart-top-title", &[("metric", title.into())]),
                tr.tr("chart-top-note"),
                AnyChart::Bars(c),
            ));
        }
    }
    if let Some(c) = build::quadrant(t, MAX_SCATTER_POINTS, &tr) {
        list.push((
            "reach_engagement".into(),
            tr.tr("chart-reach-title"),
            tr.tr_args(
                "chart-reach-note",
                &[("count", tr.count(c.points.len() as u64).into())],
            ),
            AnyChart::Quadrant(c),
        ));
    }
    if let Some(c) = build::community_sizes(input.communities, 30, &tr) {
        list.push((
            "community_sizes".into(),
            tr.tr("chart-sizes-title"),
            String::new(),
            AnyChart::Bars(c),
        ));
    }
    if let Some(c) = build::flow_heatmap(input.flows, 20, &tr) {
        list.push((
            "community_flows".into(),
            tr.tr("chart-flows-title"),
            tr.tr("chart-flows-note"),
            AnyChart::Heatmap(c),
        ));
    }
    if let Some(trends) = input.trends {
        let mut row_of_node = vec![0usize; g.node_count()];
        for (r, &u) in input.node_of_row.iter().enumerate() {
            row_of_node[u as usize] = r;
        }
        let label = |u: NodeId| build::row_label(t, row_of_node[u as usize]);
        if let Some(c) =
            crate::report::trajectory_chart(trends, &label, crate::report::TRAJECTORY_ACCOUNTS, &tr)
        {
            list.push((
                "rank_trajectories".into(),
                tr.tr("chart-trajectories-title"),
                tr.tr_args(
                    "chart-trajectories-note",
                    &[("count", tr.count(c.series.len() as u64).into())],
                ),
                AnyChart::Trajectories(c),
            ));
        }
    }
    let map_edges: Vec<(u32, u32)> = (0..lg.node_count())
        .flat_map(|u| {
            let r = lg.offsets[u]..lg.offsets[u + 1];
            lg.targets[r]
                .iter()
                .filter(move |&&v| (u as u32) < v)
                .map(move |&v| (u as u32, v))
        })
        .take(MAX_MAP_EDGES)
        .collect();
    let note = tr.tr_args(
        "chart-map-note",
        &[
            ("drawn", tr.count(k as u64).into()),
            ("total", tr.count(n as u64).into()),
            ("edges", tr.count(map_edges.len() as u64).into()),
            ("links", tr.count(lg.edge_count() as u64).into()),
            ("iterations", tr.count(u64::from(fa2.iterations)).into()),
            ("seed", fa2.seed.to_string().into()),
        ],
    );
    let map_note = note.clone();
    let mut map = build::network_map(t, &laid.positions, &map_edges, note.clone());
    map.title = tr.tr("chart-map-title");
    list.push((
        "network_map".into(),
        tr.tr("chart-map-title"),
        note,
        AnyChart::Map(map),
    ));

    // Render in parallel: SVG always (the HTML needs it), PNG when asked for or when the SVG is
    // too big to inline.
    let want_png = cfg.charts.contains(&ChartFormatName::Png);
    let rendered: Vec<Result<(String, Option<Vec<u8>>)>> = list
        .par_iter()
        .map(|(id, _, _, chart)| {
            let svg = chart.svg(id)?;
            let png = if want_png || (cfg.html && svg.len() > MAX_INLINE_SVG) {
                Some(chart.png(id)?)
            } else {
                None
            };
            Ok((svg, png))
        })
        .collect();
    let mut report_charts = Vec::new();
    if !cfg.charts.is_empty() {
        let dir = staging.path("charts");
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    for ((id, title, note, _), r) in list.iter().zip(rendered) {
        let (svg, png) = r?;
        for f in &cfg.charts {
            let rel = format!("charts/{id}.{}", ChartFormat::from(*f).extension());
            let path = staging.path(&rel);
            let bytes: &[u8] = match f {
                ChartFormatName::Svg => svg.as_bytes(),
                ChartFormatName::Png => png.as_deref().unwrap_or_default(),
            };
            fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            summary.files.push(rel);
        }
        if cfg.html {
            let image = match png {
                Some(p) if svg.len() > MAX_INLINE_SVG => ChartImage::Png(p),
                _ => ChartImage::Svg(svg),
            };
            report_charts.push(ReportChart {
                id: id.clone(),
                title: title.clone(),
                note: note.clone(),
                image,
            });
        }
    }

    if cfg.html {
        let interactive_map = if cfg.interactive_map {
            crate::report::interactive::render_section(&crate::report::interactive::MapInput {
                accounts: t,
                positions: &laid.positions,
                edges: &map_edges,
                table_rows: cfg.table_rows,
                note: &map_note,
                text: &crate::report::interactive::MapText::new(&tr),
            })
        } else {
            String::new()
        };
        let page = html::render_html(&ReportInput {
            title: tr.tr("report-title"),
            accounts: t,
            communities: input.communities,
            summary: input.summary,
            manifest: input.manifest,
            charts: report_charts,
            table_rows: cfg.table_rows,
            interactive_map,
            tr: &tr,
        });
        let path = staging.path("report.html");
        fs::write(&path, page).map_err(|e| Error::io(&path, e))?;
        summary.files.push("report.html".into());
    }

    if !cfg.exports.is_empty() {
        let mut row_of_node = vec![0u32; g.node_count()];
        for (r, &u) in input.node_of_row.iter().enumerate() {
            row_of_node[u as usize] = r as u32;
        }
        let export = Export {
            graph: g,
            accounts: t,
            row_of_node: &row_of_node,
            viz: &viz,
            windows: input.trends,
        };
        for f in &cfg.exports {
            match f {
                ExportFormat::Gexf => {
                    crate::report::gexf::write_gexf(&staging.path("graph.gexf"), &export)?;
                    summary.files.push("graph.gexf".into());
                }
                ExportFormat::Graphml => {
                    crate::report::graphml::write_graphml(&staging.path("graph.graphml"), &export)?;
                    summary.files.push("graph.graphml".into());
                }
            }
        }
    }
    Ok(summary)
}

/// The nodes in accounts-table order: PageRank descending, ties by node id (as
/// [`crate::report::accounts_table`] sorts its rows).
pub fn rank_order(pagerank: &[f64]) -> Vec<NodeId> {
    let mut order: Vec<NodeId> = (0..pagerank.len() as NodeId).collect();
    order.par_sort_unstable_by(|&a, &b| {
        pagerank[b as usize]
            .total_cmp(&pagerank[a as usize])
            .then(a.cmp(&b))
    });
    order
}
