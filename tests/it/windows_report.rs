//! `analyze --window` beyond the tables of the audit tests: per-window roles, the rank-trajectory
//! chart in charts/ and report.html, and the GEXF export's spells and dynamic attributes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::{relais, write, Csv};

/// Role names the windows table may hold.
const ROLES: [&str; 7] = [
    "influencer",
    "relay",
    "prescriber",
    "amplifier",
    "core",
    "peripheral",
    "ordinary",
];

/// `relais simulate --preset small` with `args` into `dir/sim`.
fn simulate(dir: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("sim");
    relais()
        .args(["-q", "simulate", "--preset", "small"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Accounts whose truth.csv column `col` is 1.
fn planted(sim: &Path, col: &str) -> Vec<String> {
    let truth = Csv::read(&sim.join("truth.csv"));
    let (a, c) = (truth.col("account"), truth.col(col));
    truth
        .rows
        .iter()
        .filter(|r| r[c] == "1")
        .map(|r| r[a].clone())
        .collect()
}

/// Per-window roles on `relais simulate` data (4,000 accounts, seed 3, seven 14-day windows).
/// Measured: each of the 20 planted influencers is an influencer in all 7 windows; the planted
/// amplifiers are amplifiers in a median 6 of 7. Asserted: every row has a known role, every
/// window has at least four distinct roles, every planted influencer is an influencer in at least
/// 5 of 7 windows, and 90 % of (planted influencer, window) pairs say influencer.
#[test]
fn windows_roles_find_planted_influencers_in_every_window() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path(), &["--accounts", "4000", "--seed", "3"]);
    let out = tmp.path().join("out");
    relais()
        .args(["-q", "analyze"])
        .arg(&sim)
        .args(["--window", "14d", "--runs", "1"])
        .args(["--betweenness", "approx", "--closeness", "approx"])
        .args(["--epsilon", "0.1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let w = Csv::read(&out.join("windows.csv"));
    let (win, acc, role) = (w.col("window"), w.col("account"), w.col("role"));
    let mut roles_by_window: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &w.rows {
        assert!(ROLES.contains(&r[role].as_str()), "role {:?}", r[role]);
        roles_by_window.entry(&r[win]).or_default().push(&r[role]);
    }
    assert_eq!(roles_by_window.len(), 7);
    for (k, roles) in &roles_by_window {
        let mut distinct = roles.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() >= 4, "window {k}: roles {distinct:?}");
    }
    let influencers = planted(&sim, "influencer");
    assert_eq!(influencers.len(), 20);
    let mut hits = 0;
    for a in &influencers {
        let n = w
            .rows
            .iter()
            .filter(|r| &r[acc] == a && r[role] == "influencer")
            .count();
        assert!(n >= 5, "{a} is an influencer in {n} of 7 windows");
        hits += n;
    }
    assert!(
        hits as f64 >= 0.9 * 7.0 * influencers.len() as f64,
        "{hits} influencer windows"
    );

    // The same run with `[window] roles = false` in a config file: no role column.
    let cfg = write(
        tmp.path(),
        "relais.toml",
        "[window]\nwindow = \"14d\"\nroles = false\n",
    );
    let quiet = tmp.path().join("quiet");
    relais()
        .args(["-q", "analyze", "--config"])
        .arg(&cfg)
        .arg(&sim)
        .args([
            "--runs",
            "1",
            "--betweenness",
            "approx",
            "--closeness",
            "approx",
        ])
        .args(["--epsilon", "0.1", "--no-report", "--out"])
        .arg(&quiet)
        .assert()
        .success();
    let q = Csv::read(&quiet.join("windows.csv"));
    assert!(!q.header.iter().any(|h| h == "role"), "{:?}", q.header);
    assert_eq!(q.rows.len(), w.rows.len());
}

/// Attributes of an XML element, by name.
fn xml_attrs(e: &quick_xml::events::BytesStart) -> HashMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                a.unescape_value().unwrap().into_owned(),
            )
        })
        .collect()
}

/// What graph.gexf says about time: the `<graph>` attributes, and per node its dynamic
/// attribute values `(for, value, start, endopen)` and spells `(start, endopen)`.
struct GexfTime {
    graph: HashMap<String, String>,
    values: HashMap<String, Vec<[String; 4]>>,
    spells: HashMap<String, Vec<(String, String)>>,
}

fn read_gexf_time(path: &Path) -> GexfTime {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut t = GexfTime {
        graph: HashMap::new(),
        values: HashMap::new(),
        spells: HashMap::new(),
    };
    let mut node = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let a = xml_attrs(&e);
                match e.name().as_ref() {
                    b"graph" => t.graph = a,
                    b"node" => node = a["id"].clone(),
                    b"attvalue" if a.contains_key("start") => {
                        t.values.entry(node.clone()).or_default().push([
                            a["for"].clone(),
                            a["value"].clone(),
                            a["start"].clone(),
                            a["endopen"].clone(),
                        ])
                    }
                    b"spell" => t
                        .spells
                        .entry(node.clone())
                        .or_default()
                        .push((a["start"].clone(), a["endopen"].clone())),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    t
}

const READ_DYNAMIC: &str = r#"
import json, sys
from networkx.readwrite.gexf import GEXF, GEXFReader
# NetworkX before 3.5 knows the 1.1 and 1.2 namespaces only; GEXF 1.3 keeps their structure.
if "1.3" not in GEXF.versions:
    GEXF.versions["1.3"] = dict(GEXF.versions["1.2draft"], NS_GEXF="http://gexf.net/1.3",
                                NS_VIZ="http://gexf.net/1.3/viz", VERSION="1.3")
# NetworkX reads GEXF time values of the types it writes (it writes datetimes as "date"); the
# GEXF 1.3 `dateTime` format is read here as text.
class Reader(GEXFReader):
    def construct_types(self):
        super().construct_types()
        self.python_type["dateTime"] = str
g = Reader(version="1.3")(open(sys.argv[1], "rb"))
out = {"mode": g.graph["mode"], "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
       "pagerank": {n: [[repr(v), s] for v, s, _ in d.get("window_pagerank", [])]
                    for n, d in g.nodes(data=True)}}
print(json.dumps(out))
"#;

/// With `--window`: the rank-trajectory chart is in charts/ and report.html, and graph.gexf is
/// dynamic, with per-node spells and per-window in-degree, PageRank, rank and role equal to
/// windows.csv (read back with quick-xml always, and with NetworkX when available). Without
/// `--window`: no trajectory chart, a static GEXF.
#[test]
fn windows_trajectories_and_gexf_spells() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path(), &["--accounts", "600", "--seed", "2"]);
    let out = tmp.path().join("out");
    relais()
        .args(["-q", "analyze"])
        .arg(&sim)
        .args(["--window", "14d", "--runs", "1", "--export", "gexf"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // The chart: files, the page, and the first rising account named on it.
    let svg = std::fs::read_to_string(out.join("charts/rank_trajectories.svg")).unwrap();
    let png = std::fs::read(out.join("charts/rank_trajectories.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let fig = &html[html
        .find("id=\"chart-rank_trajectories\"")
        .expect("chart in page")..];
    assert!(fig[..fig.find("</figure>").unwrap()].contains("<svg"));
    let rising = Csv::read(&out.join("rising.csv"));
    assert!(!rising.rows.is_empty());
    let handle = Csv::read(&out.join("accounts.csv")).by_account("handle");
    let first = &handle[&rising.rows[0][0]];
    assert!(svg.contains(first.as_str()), "{first} not on the chart");
    let run = crate::support::json(&out.join("run.json"));
    assert!(run["report"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "charts/rank_trajectories.svg"));

    // The GEXF's time.
    let gexf = read_gexf_time(&out.join("graph.gexf"));
    assert_eq!(gexf.graph["mode"], "dynamic");
    assert_eq!(gexf.graph["timeformat"], "dateTime");
    let w = Csv::read(&out.join("windows.csv"));
    let col = |n: &str| w.col(n);
    let (acc, start, end) = (col("account"), col("start"), col("end"));
    let mut checked = 0;
    for r in &w.rows {
        let values = &gexf.values[&r[acc]];
        for (attr, column) in [
            ("w_in_degree", "in_degree"),
            ("w_pagerank", "pagerank"),
            ("w_rank", "rank"),
            ("w_role", "role"),
        ] {
            let want = [
                attr.to_string(),
                r[col(column)].clone(),
                r[start].clone(),
                r[end].clone(),
            ];
            assert!(values.contains(&want), "{}: no {want:?}", r[acc]);
        }
        // The window lies inside one of the node's spells.
        let spells = &gexf.spells[&r[acc]];
        assert!(
            spells.iter().any(|(s, e)| *s <= r[start] && r[end] <= *e),
            "{}: window {} not in {spells:?}",
            r[acc],
            r[start]
        );
        checked += 1;
    }
    // Every in-degree value the GEXF holds is a windows.csv row or a window with in-degree 0
    // (active through out-edges only).
    let positive = gexf
        .values
        .values()
        .flatten()
        .filter(|v| v[0] == "w_in_degree" && v[1] != "0")
        .count();
    assert_eq!(positive, checked);
    // Spells are ordered and disjoint.
    for s in gexf.spells.values() {
        assert!(s.windows(2).all(|p| p[0].1 < p[1].0), "{s:?}");
    }

    if let Some(python) = python() {
        let script = write(tmp.path(), "read_dynamic.py", READ_DYNAMIC);
        let output = std::process::Command::new(&python)
            .arg(&script)
            .arg(out.join("graph.gexf"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let summary = crate::support::json(&out.join("summary.json"));
        assert_eq!(got["mode"], "dynamic");
        assert_eq!(got["nodes"], summary["graph"]["nodes"]);
        assert_eq!(got["edges"], summary["graph"]["edges"]);
        for r in &w.rows {
            let pr: f64 = r[col("pagerank")].parse().unwrap();
            let list = got["pagerank"][&r[acc]].as_array().unwrap();
            assert!(
                list.iter().any(|p| p[1] == r[start].as_str()
                    && p[0].as_str().unwrap().parse::<f64>().unwrap() == pr),
                "{}",
                r[acc]
            );
        }
    }

    // Without --window: a static GEXF and no trajectory chart.
    let flat = tmp.path().join("flat");
    relais()
        .args(["-q", "analyze"])
        .arg(&sim)
        .args(["--runs", "1", "--export", "gexf", "--no-report"])
        .args(["--charts", "svg", "--out"])
        .arg(&flat)
        .assert()
        .success();
    assert!(!flat.join("charts/rank_trajectories.svg").exists());
    let g = read_gexf_time(&flat.join("graph.gexf"));
    assert_eq!(g.graph["mode"], "static");
    assert!(g.values.is_empty() && g.spells.is_empty());
}

/// Python with NetworkX, as in `report.rs` (`RELAIS_TEST_PYTHON`, else `.venv-test`); `None`
/// (with a loud message) when missing, a failure under CI.
fn python() -> Option<PathBuf> {
    let path = std::env::var_os("RELAIS_TEST_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-test/bin/python"),
        PathBuf::from,
    );
    let ok = std::process::Command::new(&path)
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(path);
    }
    let message = format!("python with networkx not found at {}", path.display());
    if std::env::var_os("CI").is_some() {
        panic!("{message} (set RELAIS_TEST_PYTHON): required in CI");
    }
    eprintln!("\n!!!!!!!! SKIPPED the NetworkX part: {message} !!!!!!!!\n");
    None
}
