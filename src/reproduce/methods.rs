//! `relais methods`: the methods paragraph of a run, written from what the run recorded (run.json
//! and summary.json), with the references it cites.

use serde_json::Value;

use crate::community::{Algorithm, Objective};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::i18n::Tr;
use crate::ingest::RunRecord;

/// A methods text and what it cites.
#[derive(Debug, Clone, PartialEq)]
pub struct Methods {
    /// Paragraphs separated by blank lines, citing works as `[key]`.
    pub text: String,
    /// Citation keys in order of first citation (entries of [`super::REFERENCES`]).
    pub keys: Vec<&'static str>,
}

impl Methods {
    /// The BibTeX of every cited work.
    pub fn bibtex(&self) -> String {
        super::bibtex(&self.keys)
    }
}

/// Writes the methods paragraph of an `analyze` run from its run.json and summary.json, in
/// English.
///
/// # Errors
/// [`Error::InvalidConfig`] if run.json is not from `analyze` or its config cannot be read.
pub fn methods(record: &RunRecord, summary: &Value) -> Result<Methods> {
    methods_in(record, summary, &Tr::default())
}

/// [`methods`] in `tr`'s language (catalogue keys `methods-*`): the same facts, citations and
/// citation order, numbers formatted for that language.
///
/// # Errors
/// As [`methods`].
pub fn methods_in(record: &RunRecord, summary: &Value, tr: &Tr) -> Result<Methods> {
    if record.command != "analyze" {
        return Err(Error::InvalidConfig {
            field: "run.json command",
            message: format!(
                "methods are written for analyze runs, not {}",
                record.command
            ),
        });
    }
    let cfg: Config =
        serde_json::from_value(record.raw["config"].clone()).map_err(|e| Error::InvalidConfig {
            field: "run.json config",
            message: format!(
                "cannot be read by relais {}: {e}",
                env!("CARGO_PKG_VERSION")
            ),
        })?;
    let mut w = Writer::default();
    data(&mut w, record, summary, &cfg, tr);
    centrality(&mut w, summary, &cfg, tr);
    communities(&mut w, summary, &cfg, tr);
    roles(&mut w, summary, tr);
    reproducibility(&mut w, record, &cfg, tr);
    Ok(Methods {
        text: w.text.trim_end().to_string() + "\n",
        keys: w.keys,
    })
}

#[derive(Default)]
struct Writer {
    text: String,
    keys: Vec<&'static str>,
}

impl Writer {
    /// `[key1; key2]`, remembering the keys.
    fn cite(&mut self, keys: &[&'static str]) -> String {
        for k in keys {
            if !self.keys.contains(k) {
                self.keys.push(k);
            }
        }
        format!("[{}]", keys.join("; "))
    }

    fn paragraph(&mut self, p: &str) {
        self.text.push_str(p.trim());
        self.text.push_str("\n\n");
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn int(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn data(w: &mut Writer, record: &RunRecord, summary: &Value, cfg: &Config, tr: &Tr) {
    let g = &summary["graph"];
    let input = &summary["input"];
    let count = |n: u64| tr.int(n);
    let files: Vec<String> = record
        .inputs
        .iter()
        .map(|f| {
            let name = f.path.file_name().map_or_else(
                || f.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            format!(
                "{name} ({}, SHA-256 {}…)",
                f.role,
                &f.sha256[..12.min(f.sha256.len())]
            )
        })
        .collect();
    let mut p = tr.tr_args(
        "methods-data-files",
        &[
            ("version", (&record.relais_version).into()),
            ("n", files.len().into()),
            ("count", tr.count(files.len() as u64).into()),
            ("files", files.join("; ").into()),
        ],
    );
    p.push(' ');
    let rows = &record.raw["rows"];
    p.push_str(&tr.tr_args(
        "methods-data-read",
        &[("count", count(int(&rows["edge_records"])).into())],
    ));
    let skipped: u64 = rows["skipped"]["by_reason"]
        .as_object()
        .map_or(0, |m| m.values().map(int).sum());
    if skipped > 0 {
        p.push(' ');
        p.push_str(&tr.tr_args("methods-data-skipped", &[("count", count(skipped).into())]));
    }
    p.push_str(". ");
    p.push_str(&tr.tr_args(
        "methods-data-graph",
        &[
            ("loops", count(int(&input["self_loops_removed"])).into()),
            ("merged", count(int(&input["duplicates_merged"])).into()),
            ("kind", tr.tr(graph_kind(cfg.graph.directed)).into()),
            ("nodes", count(int(&g["nodes"])).into()),
            ("edges", count(int(&g["edges"])).into()),
        ],
    ));
    if let Some(layers) = g["edges_per_layer"].as_object().filter(|l| l.len() > 1) {
        let list: Vec<String> = layers
            .iter()
            .map(|(k, v)| format!("{k} {}", count(int(v))))
            .collect();
        p.push(' ');
        p.push_str(&tr.tr_args(
            "methods-data-layers",
            &[
                ("count", tr.count(layers.len() as u64).into()),
                ("list", list.join(", ").into()),
            ],
        ));
    }
    p.push_str(&tr.tr_args(
        "methods-data-density",
        &[
            (
                "density",
                tr.fixed(num(&g["density"]).unwrap_or(0.0), 4).into(),
            ),
            (
                "reciprocity",
                tr.fixed(num(&g["reciprocity"]).unwrap_or(0.0), 3).into(),
            ),
        ],
    ));
    w.paragraph(&p);
}

/// The catalogue key of "directed"/"undirected" qualifying a graph.
fn graph_kind(directed: bool) -> &'static str {
    if directed {
        "methods-graph-directed"
    } else {
        "methods-graph-undirected"
    }
}

/// A real as Rust's `Display` writes it (`0.85`, `1e-10`), in `tr`'s language.
fn real(tr: &Tr, x: f64) -> String {
    tr.decimal(&x.to_string())
}

fn centrality(w: &mut Writer, summary: &Value, cfg: &Config, tr: &Tr) {
    let pr = &cfg.metrics.pagerank;
    let run = &summary["pagerank"];
    let c = &summary["centrality"];
    let cite = w.cite(&["brin1998anatomy"]);
    let mut p = tr.tr_args(
        "methods-pagerank",
        &[
            ("cite", cite.into()),
            ("kind", tr.tr(graph_kind(cfg.graph.directed)).into()),
            ("damping", real(tr, pr.damping).into()),
            (
                "tolerance",
                tr.decimal(&format!("{:e}", pr.tolerance)).into(),
            ),
            (
                "outcome",
                tr.tr(if run["converged"].as_bool() == Some(true) {
                    "methods-converged"
                } else {
                    "methods-not-converged"
                })
                .into(),
            ),
            ("iterations", tr.count(int(&run["iterations"])).into()),
        ],
    );
    p.push(' ');
    let (cores, components) = (w.cite(&["batagelj2003cores"]), w.cite(&["tarjan1972depth"]));
    p.push_str(&tr.tr_args(
        "methods-coreness",
        &[
            ("cite_cores", cores.into()),
            ("cite_components", components.into()),
        ],
    ));
    p.push(' ');
    let bc = &c["betweenness"];
    let cite = w.cite(&["brandes2001faster"]);
    let how = sampled_text(
        w,
        bc,
        if bc["estimate"]["sampler"].as_str() == Some("kadabra") {
            "borassi2016kadabra"
        } else {
            "riondato2016fast"
        },
        tr,
    );
    p.push_str(&tr.tr_args(
        "methods-betweenness",
        &[("cite", cite.into()), ("how", how.into())],
    ));
    p.push(' ');
    let (wf, harmonic) = (
        w.cite(&["wasserman1994social"]),
        w.cite(&["marchiori2000harmony"]),
    );
    let how = sampled_text(w, &c["closeness"], "eppstein2004fast", tr);
    p.push_str(&tr.tr_args(
        "methods-closeness",
        &[
            ("cite_wf", wf.into()),
            ("cite_harmonic", harmonic.into()),
            ("how", how.into()),
        ],
    ));
    p.push(' ');
    let cites: Vec<String> = [
        "bonacich1987power",
        "katz1953new",
        "kleinberg1999authoritative",
        "watts1998collective",
        "newman2002assortative",
        "burt1992structural",
        "morone2015influence",
    ]
    .iter()
    .map(|k| w.cite(&[k]))
    .collect();
    p.push_str(&tr.tr_args(
        "methods-other",
        &[
            ("cite_eig", (&cites[0]).into()),
            ("cite_katz", (&cites[1]).into()),
            ("alpha", real(tr, cfg.metrics.katz.alpha).into()),
            ("beta", real(tr, cfg.metrics.katz.beta).into()),
            ("cite_hits", (&cites[2]).into()),
            ("cite_clustering", (&cites[3]).into()),
            ("cite_assort", (&cites[4]).into()),
            ("cite_burt", (&cites[5]).into()),
            (
                "radius",
                cfg.metrics.collective_influence.radius.to_string().into(),
            ),
            ("cite_ci", (&cites[6]).into()),
        ],
    ));
    w.paragraph(&p);
}

/// "computed exactly." or "estimated from N samples with error at most ε with probability 1 − δ [key]."
fn sampled_text(w: &mut Writer, method: &Value, key: &'static str, tr: &Tr) -> String {
    if method["method"].as_str() == Some("sampled") {
        let e = &method["estimate"];
        let cite = w.cite(&[key]);
        tr.tr_args(
            "methods-sampled",
            &[
                ("samples", tr.int(int(&e["samples"])).into()),
                ("cite", cite.into()),
                (
                    "epsilon",
                    real(tr, num(&e["epsilon"]).unwrap_or(f64::NAN)).into(),
                ),
                (
                    "confidence",
                    real(tr, 1.0 - num(&e["delta"]).unwrap_or(f64::NAN)).into(),
                ),
            ],
        )
    } else {
        tr.tr("methods-exact")
    }
}

fn communities(w: &mut Writer, summary: &Value, cfg: &Config, tr: &Tr) {
    let c = &cfg.community;
    let s = &summary["communities"];
    let (key, cite) = match c.algorithm {
        Algorithm::Leiden => ("methods-leiden", "traag2019louvain"),
        Algorithm::Louvain => ("methods-louvain", "blondel2008fast"),
        Algorithm::LabelPropagation => ("methods-lpa", "raghavan2007near"),
    };
    let cite = w.cite(&[cite]);
    let algorithm = tr.tr_args(key, &[("cite", cite.into())]);
    let resolution = real(tr, c.resolution);
    let objective = match (c.algorithm, c.objective) {
        (Algorithm::LabelPropagation, _) => String::new(),
        (_, Objective::Modularity) => {
            let (key, cite) = if c.directed {
                ("methods-objective-directed", "leicht2008community")
            } else {
                ("methods-objective-modularity", "newman2004finding")
            };
            let cite = w.cite(&[cite]);
            let res = w.cite(&["reichardt2006statistical"]);
            tr.tr_args(
                key,
                &[
                    ("cite", cite.into()),
                    ("resolution", (&resolution).into()),
                    ("cite_resolution", res.into()),
                ],
            )
        }
        (_, Objective::Cpm) => {
            let cite = w.cite(&["traag2011narrow"]);
            tr.tr_args(
                "methods-objective-cpm",
                &[("cite", cite.into()), ("resolution", (&resolution).into())],
            )
        }
    };
    let layers = c.layers.as_ref().map_or(String::new(), |l| {
        format!(
            " {}",
            tr.tr_args("methods-view-layers", &[("list", l.join(", ").into())])
        )
    });
    let view = tr.tr_args(
        "methods-view",
        &[
            (
                "direction",
                tr.tr(if c.directed {
                    "methods-view-directed"
                } else {
                    "methods-view-undirected"
                })
                .into(),
            ),
            (
                "weighting",
                tr.tr(if c.weighted {
                    "methods-view-weighted"
                } else {
                    "methods-view-unweighted"
                })
                .into(),
            ),
            ("layers", layers.into()),
        ],
    );
    let runs = int(&s["runs"]).max(1);
    let made = if runs == 1 {
        tr.tr_args("methods-one-run", &[("seed", cfg.seed.to_string().into())])
    } else {
        tr.tr_args(
            "methods-runs",
            &[
                ("runs", runs.to_string().into()),
                ("seed", cfg.seed.to_string().into()),
                ("last", (runs - 1).to_string().into()),
            ],
        )
    };
    let mut p = tr.tr_args(
        "methods-communities",
        &[
            ("algorithm", algorithm.into()),
            ("objective", objective.into()),
            ("view", view.into()),
            ("made", made.into()),
            ("count", tr.int(int(&s["count"])).into()),
            ("largest", tr.int(int(&s["largest"])).into()),
            (
                "modularity",
                tr.fixed(num(&s["modularity"]).unwrap_or(f64::NAN), 4)
                    .into(),
            ),
        ],
    );
    if let Some(ari) = num(&s["mean_pairwise_ari"]) {
        let cite = w.cite(&["hubert1985comparing"]);
        p.push(' ');
        p.push_str(&tr.tr_args(
            "methods-ari",
            &[("cite", cite.into()), ("ari", tr.fixed(ari, 3).into())],
        ));
    }
    if let Some(t) = s["truth"].as_object() {
        let a = &t["agreement"];
        let cite = w.cite(&["danon2005comparing"]);
        p.push(' ');
        p.push_str(&tr.tr_args(
            "methods-truth",
            &[
                ("column", t["column"].as_str().unwrap_or("").into()),
                ("classes", int(&a["classes"]).to_string().into()),
                ("labelled", tr.int(int(&a["labelled_nodes"])).into()),
                (
                    "nmi",
                    tr.fixed(num(&a["nmi"]).unwrap_or(f64::NAN), 3).into(),
                ),
                ("cite", cite.into()),
                (
                    "ari",
                    tr.fixed(num(&a["ari"]).unwrap_or(f64::NAN), 3).into(),
                ),
            ],
        ));
    }
    w.paragraph(&p);
}

/// Roles, when the run assigned them (summary.json `roles`).
fn roles(w: &mut Writer, summary: &Value, tr: &Tr) {
    if summary.get("roles").is_none() {
        return;
    }
    let (ga, gf) = (
        w.cite(&["guimera2005functional"]),
        w.cite(&["gould1989structures"]),
    );
    let p = tr.tr_args(
        "methods-roles",
        &[("cite_ga", ga.into()), ("cite_gf", gf.into())],
    );
    w.paragraph(&p);
}

fn reproducibility(w: &mut Writer, record: &RunRecord, cfg: &Config, tr: &Tr) {
    let p = tr.tr_args(
        "methods-reproducibility",
        &[
            ("seed", cfg.seed.to_string().into()),
            ("threads", int(&record.raw["threads"]).to_string().into()),
        ],
    );
    w.paragraph(&p);
}
