//! `audit`: sequences ingest → build → communities → audience audit → report for
//! `relais audit`. Like [`crate::pipeline`], the only place that orders these stages.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::audit::{self, AuditConfig, AuditData, AuditResult, FollowTimes, Profiles};
use crate::community;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::graph::{self, NodeLabels};
use crate::ingest::{self, Skipped};
use crate::pipeline::{Manifest, RowCounts, RunContext, StageTime};
use crate::report::audit_html::{self, AuditPage, OVERLAP_CHART};
use crate::report::charts::{render_png, render_svg, ChartFormat};
use crate::report::html::{ChartImage, ReportChart};
use crate::report::visual::{write_chart, VisualSummary, MAX_INLINE_SVG};
use crate::report::{self, ReportConfig, Staging};

/// Everything `relais audit` needs: the input, graph and community settings of `analyze`, the
/// audit thresholds and the accounts to audit (external ids).
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditRunConfig {
    /// Input, graph, communities, output and seed (metrics other than the audit's are not run).
    pub base: Config,
    /// Rule thresholds.
    pub audit: AuditConfig,
    /// External ids of the audited accounts, in output order.
    pub accounts: Vec<String>,
}

/// What the audit produced.
#[derive(Debug, Clone)]
pub struct AuditOutcome {
    /// The output folder.
    pub out: PathBuf,
    /// The audit.
    pub result: AuditResult,
    /// Rows skipped in lenient mode.
    pub skipped: Skipped,
    /// Time per stage.
    pub stages: Vec<StageTime>,
}

/// run.json of an audit: the analyze manifest plus the audit's settings.
#[derive(Debug, Serialize)]
struct AuditManifest<'a> {
    #[serde(flatten)]
    manifest: Manifest<'a>,
    audit: &'a AuditConfig,
    accounts: &'a [String],
}

/// Runs the audit described by `cfg` and writes audit.csv, audit.parquet, audit_overlap.csv,
/// audit.json and run.json atomically into `cfg.base.output.out`.
///
/// # Errors
/// Invalid configuration, an audited account that is not in the data, unreadable or malformed
/// input, an existing output folder without `force`, or a failed write.
pub fn audit_accounts(cfg: &AuditRunConfig, ctx: &RunContext) -> Result<AuditOutcome> {
    let base = &cfg.base.effective();
    base.validate()?;
    cfg.audit.validate()?;
    if cfg.accounts.is_empty() {
        return Err(Error::InvalidConfig {
            field: "audit.accounts",
            message: "name at least one account to audit with --account".into(),
        });
    }
    if let Some(path) = crate::cache::detect(&base.input)? {
        return Err(Error::InvalidConfig {
            field: "input.paths",
            message: format!(
                "{} is a graph cache, which keeps no follow timestamps: relais audit needs \
                 them (its recent-follower and burst signals), so run it on the source files",
                path.display()
            ),
        });
    }
    let staging = Staging::create(&base.output.out, base.output.force)?;
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<StageTime>, stage: &'static str| {
        stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };

    let input = ingest::load(&base.input, &indicatif::ProgressBar::hidden())?;
    lap(&mut stages, "ingest");
    let ingest::Input {
        edges,
        names,
        accounts,
        report: ingest_report,
        pseudonyms: _,
    } = input;
    // With --pseudonymize the data's ids are pseudonyms: audit (and report) the pseudonyms of the
    // accounts asked for, so that no original id reaches an output.
    let asked: Vec<String> = match &cfg.base.input.pseudonymize {
        Some(p) => cfg
            .accounts
            .iter()
            .map(|a| ingest::identity::pseudonym(&p.key, a.trim()))
            .collect(),
        None => cfg.accounts.clone(),
    };
    let (pre_labels, new_id) = NodeLabels::from_interned(names.clone());
    let mut audited = Vec::with_capacity(asked.len());
    for a in &asked {
        match pre_labels.find(a.trim()) {
            Some(u) => audited.push(u),
            None => {
                return Err(Error::InvalidConfig {
                    field: "audit.accounts",
                    message: format!(
                        "--account {a:?} is not in the data: no edge names it and the accounts \
                         table has no such id"
                    ),
                })
            }
        }
    }
    drop(pre_labels);
    let times = FollowTimes::collect(&edges, &new_id, &cfg.audit.audience_kind, &audited);
    drop(new_id);
    let (g, labels, build_stats) = graph::build(&edges, names, &base.graph);
    drop(edges);
    lap(&mut stages, "build");

    let layers = g.layers();
    if layers.len() > 1
        && !layers
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&cfg.audit.audience_kind))
    {
        return Err(Error::InvalidConfig {
            field: "audit.audience_kind",
            message: format!(
                "the data has no \"{}\" records, so no audience (kinds: {}); choose one with \
                 --audience-kind",
                cfg.audit.audience_kind,
                layers.join(", ")
            ),
        });
    }
    base.community.check_layers(&g)?;
    let found = community::detect(&g, &base.community);
    lap(&mut stages, "communities");

    let profiles = accounts
        .as_ref()
        .map(|t| Profiles::from_table(t, &labels))
        .unwrap_or_default();
    let mut result = audit::audit(
        &g,
        AuditData {
            labels: &labels,
            follow_times: &times,
            profiles: &profiles,
            partition: Some(&found.partition),
        },
        &cfg.audit,
        &audited,
    );
    // Rule descriptions in the report's language (audit writes English).
    if base.report.language() != crate::i18n::Lang::En {
        let tr = crate::i18n::Tr::new(base.report.language());
        for info in &mut result.rules {
            info.description = info.rule.describe_in(&result.config, &tr);
        }
    }
    lap(&mut stages, "audit");

    let table = report::audit_table(&result);
    staging.write_csv("audit.csv", &table)?;
    staging.write_parquet("audit.parquet", &table)?;
    staging.write_csv("audit_overlap.csv", &report::audit_overlap_table(&result))?;
    staging.write_json("audit.json", &result)?;
    lap(&mut stages, "write");
    let mut visual = VisualSummary::default();
    let manifest_for = |stages: &[StageTime], report: Option<VisualSummary>| {
        let m = AuditManifest {
            manifest: Manifest {
                relais_version: env!("CARGO_PKG_VERSION"),
                command: "audit",
                command_line: &ctx.command_line,
                working_dir: std::env::current_dir().ok(),
                config: base,
                seed: base.seed,
                threads: ctx.threads,
                inputs: &ingest_report.files,
                rows: RowCounts::from(&ingest_report),
                build: &build_stats,
                graph_bytes: g.heap_bytes(),
                stages,
                windows: None,
                cache: None,
                report,
            },
            audit: &cfg.audit,
            accounts: &asked,
        };
        serde_json::to_value(&m).map_err(|e| Error::io("run.json", std::io::Error::other(e)))
    };
    if base.report.html || !base.report.charts.is_empty() {
        let manifest = manifest_for(&stages, None)?;
        visual.files = write_audit_report(&staging, &result, &manifest, &base.report)?;
        lap(&mut stages, "report");
    }
    let report = (!visual.files.is_empty()).then_some(visual);
    staging.write_json("run.json", &manifest_for(&stages, report)?)?;
    let out = staging.commit()?;
    Ok(AuditOutcome {
        out,
        result,
        skipped: ingest_report.skipped,
        stages,
    })
}

/// The audit's visual outputs: the audience-overlap heatmap under `charts/` (the formats of
/// `--charts`, for two or more accounts) and `report.html` (unless `--no-report`). Returns the
/// files written, relative to the output folder.
fn write_audit_report(
    staging: &Staging,
    result: &AuditResult,
    manifest: &serde_json::Value,
    cfg: &ReportConfig,
) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let tr = crate::i18n::Tr::new(cfg.language());
    let heatmap = audit_html::overlap_heatmap(result, &tr);
    let mut chart = None;
    if let Some(hm) = &heatmap {
        let formats: Vec<ChartFormat> = cfg.charts.iter().map(|&f| f.into()).collect();
        if !formats.is_empty() {
            files.extend(write_chart(staging, OVERLAP_CHART, hm, &formats)?);
        }
        if cfg.html {
            let svg = render_svg(hm, OVERLAP_CHART)?;
            let image = if svg.len() > MAX_INLINE_SVG {
                ChartImage::Png(render_png(hm, OVERLAP_CHART)?)
            } else {
                ChartImage::Svg(svg)
            };
            chart = Some(ReportChart {
                id: OVERLAP_CHART.into(),
                title: tr.tr("audit-chart-title"),
                note: tr.tr("audit-chart-note"),
                image,
            });
        }
    }
    if cfg.html {
        let page = audit_html::render_audit_html(&AuditPage {
            result,
            manifest,
            overlap_chart: chart,
            tr: &tr,
        });
        let path = staging.path("report.html");
        std::fs::write(&path, page).map_err(|e| Error::io(&path, e))?;
        files.push("report.html".into());
    }
    Ok(files)
}
