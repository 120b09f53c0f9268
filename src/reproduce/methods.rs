//! `relais methods`: the methods paragraph of a run, written from what the run recorded (run.json
//! and summary.json), with the references it cites.

use std::fmt::Write;

use serde_json::Value;

use crate::community::{Algorithm, Objective};
use crate::config::Config;
use crate::error::{Error, Result};
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

/// Writes the methods paragraph of an `analyze` run from its run.json and summary.json.
///
/// # Errors
/// [`Error::InvalidConfig`] if run.json is not from `analyze` or its config cannot be read.
pub fn methods(record: &RunRecord, summary: &Value) -> Result<Methods> {
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
    data(&mut w, record, summary, &cfg);
    centrality(&mut w, summary, &cfg);
    communities(&mut w, summary, &cfg);
    roles(&mut w, summary);
    reproducibility(&mut w, record, &cfg);
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

/// A count with thousands separators (1,234,567).
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn data(w: &mut Writer, record: &RunRecord, summary: &Value, cfg: &Config) {
    let g = &summary["graph"];
    let input = &summary["input"];
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
    let mut p = format!(
        "The network was built with relais {} from {} input file{}: {}. ",
        record.relais_version,
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        files.join("; ")
    );
    let rows = &record.raw["rows"];
    let _ = write!(
        p,
        "{} edge records were read",
        count(int(&rows["edge_records"]))
    );
    let skipped: u64 = rows["skipped"]["by_reason"]
        .as_object()
        .map_or(0, |m| m.values().map(int).sum());
    if skipped > 0 {
        let _ = write!(
            p,
            " and {} malformed rows were skipped (lenient mode; reasons in run.json)",
            count(skipped)
        );
    }
    let _ =
        write!(
        p,
        ". An edge u → v records that account u pays attention to account v (follows, reposts, \
         quotes, replies to, mentions or likes it). After removing {} self-loops and merging {} \
         repeated records of the same pair and kind (their count is the edge's multiplicity and \
         their summed weight its strength), the {} graph has {} accounts and {} edges",
        count(int(&input["self_loops_removed"])),
        count(int(&input["duplicates_merged"])),
        if cfg.graph.directed { "directed" } else { "undirected" },
        count(int(&g["nodes"])),
        count(int(&g["edges"])),
    );
    if let Some(layers) = g["edges_per_layer"].as_object().filter(|l| l.len() > 1) {
        let list: Vec<String> = layers
            .iter()
            .map(|(k, v)| format!("{k} {}", count(int(v))))
            .collect();
        let _ = write!(
            p,
            " in {} layers, one per interaction kind ({})",
            layers.len(),
            list.join(", ")
        );
    }
    let _ = write!(
        p,
        "; its density is {:.4} and its reciprocity {:.3}.",
        num(&g["density"]).unwrap_or(0.0),
        num(&g["reciprocity"]).unwrap_or(0.0)
    );
    w.paragraph(&p);
}

fn centrality(w: &mut Writer, summary: &Value, cfg: &Config) {
    let pr = &cfg.metrics.pagerank;
    let run = &summary["pagerank"];
    let c = &summary["centrality"];
    let mut p =
        format!(
        "Audience is measured by in-degree and in-strength per interaction kind. PageRank {} was \
         computed on the combined {} graph with damping {}, weights as strengths, \
         dangling accounts' rank spread uniformly and an L1 tolerance of {:e}; it {} after {} \
         iterations. ",
        w.cite(&["brin1998anatomy"]),
        if cfg.graph.directed { "directed" } else { "undirected" },
        pr.damping,
        pr.tolerance,
        if run["converged"].as_bool() == Some(true) { "converged" } else { "did not converge" },
        int(&run["iterations"]),
    );
    let _ = write!(
        p,
        "Coreness is the k-core number on the undirected simple view {}, and weak and strong \
         components are reported {}. ",
        w.cite(&["batagelj2003cores"]),
        w.cite(&["tarjan1972depth"])
    );
    let bc = &c["betweenness"];
    let _ = write!(
        p,
        "Betweenness centrality {} counts shortest paths in hops (NetworkX's normalisation); {} ",
        w.cite(&["brandes2001faster"]),
        sampled_text(
            w,
            bc,
            if bc["estimate"]["sampler"].as_str() == Some("kadabra") {
                "borassi2016kadabra"
            } else {
                "riondato2016fast"
            }
        )
    );
    let _ = write!(
        p,
        "Closeness follows Wasserman and Faust's correction for disconnected graphs {} and \
         harmonic centrality sums inverse distances {}; {} ",
        w.cite(&["wasserman1994social"]),
        w.cite(&["marchiori2000harmony"]),
        sampled_text(w, &c["closeness"], "eppstein2004fast")
    );
    let _ = write!(
        p,
        "Eigenvector centrality {} uses the undirected view; Katz centrality {} uses α = {} and \
         β = {}; hub and authority scores come from HITS {}. Local clustering and triangles \
         {}, degree assortativity {}, Burt's constraint and effective size {} and collective \
         influence at radius ℓ = {} {} complete the per-account table. Path-based measures use \
         hop counts; their `_weighted` variants use a length of 1/weight.",
        w.cite(&["bonacich1987power"]),
        w.cite(&["katz1953new"]),
        cfg.metrics.katz.alpha,
        cfg.metrics.katz.beta,
        w.cite(&["kleinberg1999authoritative"]),
        w.cite(&["watts1998collective"]),
        w.cite(&["newman2002assortative"]),
        w.cite(&["burt1992structural"]),
        cfg.metrics.collective_influence.radius,
        w.cite(&["morone2015influence"]),
    );
    w.paragraph(&p);
}

/// "computed exactly." or "estimated from N samples with error at most ε with probability 1 − δ [key]."
fn sampled_text(w: &mut Writer, method: &Value, key: &'static str) -> String {
    if method["method"].as_str() == Some("sampled") {
        let e = &method["estimate"];
        format!(
            "it was estimated from {} random samples {}, with an additive error of at most {} for \
             every account with probability at least {}.",
            count(int(&e["samples"])),
            w.cite(&[key]),
            num(&e["epsilon"]).unwrap_or(f64::NAN),
            1.0 - num(&e["delta"]).unwrap_or(f64::NAN),
        )
    } else {
        "it was computed exactly.".to_string()
    }
}

fn communities(w: &mut Writer, summary: &Value, cfg: &Config) {
    let c = &cfg.community;
    let s = &summary["communities"];
    let algorithm = match c.algorithm {
        Algorithm::Leiden => format!("the Leiden algorithm {}", w.cite(&["traag2019louvain"])),
        Algorithm::Louvain => format!("the Louvain algorithm {}", w.cite(&["blondel2008fast"])),
        Algorithm::LabelPropagation => {
            format!("label propagation {}", w.cite(&["raghavan2007near"]))
        }
    };
    let objective = match (c.algorithm, c.objective) {
        (Algorithm::LabelPropagation, _) => String::new(),
        (_, Objective::Modularity) if c.directed => format!(
            ", maximising directed modularity {} with resolution γ = {} {}",
            w.cite(&["leicht2008community"]),
            c.resolution,
            w.cite(&["reichardt2006statistical"])
        ),
        (_, Objective::Modularity) => format!(
            ", maximising modularity {} with resolution γ = {} {}",
            w.cite(&["newman2004finding"]),
            c.resolution,
            w.cite(&["reichardt2006statistical"])
        ),
        (_, Objective::Cpm) => format!(
            ", maximising the Constant Potts Model {} with resolution γ = {}",
            w.cite(&["traag2011narrow"]),
            c.resolution
        ),
    };
    let view = format!(
        "on the {} {} view{}",
        if c.directed { "directed" } else { "undirected" },
        if c.weighted { "weighted" } else { "unweighted" },
        c.layers.as_ref().map_or(String::new(), |l| format!(
            " of the {} layers",
            l.join(", ")
        ))
    );
    let runs = int(&s["runs"]).max(1);
    let made = if runs == 1 {
        format!("One run was made, with seed {}", cfg.seed)
    } else {
        format!(
            "{runs} independent runs were made from seed {} (random streams 0 to {}) and the \
             partition of highest quality kept",
            cfg.seed,
            runs - 1
        )
    };
    let mut p = format!(
        "Communities were detected with {algorithm}{objective}, {view}. {made}: {} communities, \
         the largest with {} accounts, modularity Q = {:.4}.",
        count(int(&s["count"])),
        count(int(&s["largest"])),
        num(&s["modularity"]).unwrap_or(f64::NAN),
    );
    if let Some(ari) = num(&s["mean_pairwise_ari"]) {
        let _ = write!(
            p,
            " The mean adjusted Rand index {} between the runs' partitions is {ari:.3}.",
            w.cite(&["hubert1985comparing"])
        );
    }
    if let Some(t) = s["truth"].as_object() {
        let a = &t["agreement"];
        let _ = write!(
            p,
            " Against the ground-truth column `{}` ({} classes over {} labelled accounts) the \
             partition scores NMI = {:.3} {} and ARI = {:.3}.",
            t["column"].as_str().unwrap_or(""),
            int(&a["classes"]),
            count(int(&a["labelled_nodes"])),
            num(&a["nmi"]).unwrap_or(f64::NAN),
            w.cite(&["danon2005comparing"]),
            num(&a["ari"]).unwrap_or(f64::NAN),
        );
    }
    w.paragraph(&p);
}

/// Roles, when the run assigned them (summary.json `roles`).
fn roles(w: &mut Writer, summary: &Value) {
    if summary.get("roles").is_none() {
        return;
    }
    let p = format!(
        "Each account's structural role within the community partition follows Guimerà and \
         Amaral's participation coefficient and within-community degree z-score {}; brokerage \
         counts follow Gould and Fernandez {}. Role thresholds are recorded in summary.json.",
        w.cite(&["guimera2005functional"]),
        w.cite(&["gould1989structures"])
    );
    w.paragraph(&p);
}

fn reproducibility(w: &mut Writer, record: &RunRecord, cfg: &Config) {
    let p = format!(
        "Every randomised step was seeded with {}; the results are identical for any number of \
         threads, and `relais verify` re-runs the analysis from its manifest (run.json, which \
         records each input's SHA-256 and the full configuration) and checks that every output is \
         byte-identical. Threads used: {}.",
        cfg.seed,
        int(&record.raw["threads"])
    );
    w.paragraph(&p);
}
