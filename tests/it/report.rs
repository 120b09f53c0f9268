//! The visual outputs of `relais analyze`: report.html (self-contained, escaped, working in a real
//! headless browser), charts, and the GEXF/GraphML exports read back by an independent parser
//! (NetworkX).
//!
//! The browser and Python tests need tools outside Cargo: Debian's `chromium` and a virtualenv
//! with NetworkX (`.ci/run` installs both). They are found through `RELAIS_CHROMIUM` and
//! `RELAIS_TEST_PYTHON` (defaults: `chromium` on the PATH, `.venv-test/bin/python` in the
//! repository). When one is missing the test is skipped with a loud message, unless `CI` is set,
//! where it fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::support::{json, relais, write, Csv};

pub(crate) const SCRIPT_NAME: &str = "<script>alert(1)</script>";
pub(crate) const IMG_NAME: &str = "\"><img src=x onerror=alert(1)>";

/// A small two-group network with hostile account ids and handles, plus an accounts table.
pub(crate) fn hostile_input(dir: &Path) -> (PathBuf, PathBuf) {
    let mut edges = String::from("source,target,kind\n");
    let name = |i: usize| match i {
        0 => SCRIPT_NAME.to_string(),
        1 => IMG_NAME.to_string(),
        i => format!("user{i}"),
    };
    let quoted = |s: String| format!("\"{}\"", s.replace('"', "\"\""));
    for i in 0..40usize {
        for d in [1usize, 2, 3, 7] {
            let j = if i < 20 {
                (i + d) % 20
            } else {
                20 + (i + d) % 20
            };
            let kind = if d == 7 { "repost" } else { "follow" };
            edges.push_str(&format!("{},{},{kind}\n", quoted(name(i)), quoted(name(j))));
        }
        // Everyone pays attention to the two hostile accounts: they top the ranking.
        if i > 1 {
            edges.push_str(&format!(
                "{},{},mention\n",
                quoted(name(i)),
                quoted(name(i % 2))
            ));
        }
    }
    // A free-text column carried from the input: hostile text there must be escaped too.
    let mut accounts = String::from("id,handle,note,why_input\n");
    for i in 0..40usize {
        let handle = match i {
            0 => IMG_NAME.to_string(),
            1 => SCRIPT_NAME.to_string(),
            i => format!("@user{i}"),
        };
        let (role, why) = match i {
            0 | 1 => ("influencer", format!("top audience {SCRIPT_NAME}")),
            i if i % 10 == 0 => ("broker", "bridges the two groups".to_string()),
            _ => ("ordinary", String::new()),
        };
        accounts.push_str(&format!(
            "{},{},{role},{}\n",
            quoted(name(i)),
            quoted(handle),
            quoted(why)
        ));
    }
    (
        write(dir, "edges.csv", edges),
        write(dir, "accounts.csv", accounts),
    )
}

pub(crate) fn analyze(edges: &Path, accounts: Option<&Path>, out: &Path, extra: &[&str]) {
    let mut cmd = relais();
    cmd.arg("analyze").arg(edges);
    if let Some(a) = accounts {
        cmd.arg("--accounts").arg(a);
    }
    cmd.arg("--out").arg(out).arg("-q").args(extra);
    cmd.assert().success();
}

/// A tool the test needs: the path from `env`, else `default` if it runs. Missing: `None` with
/// a loud message, or a panic under CI.
fn tool(env: &str, default: PathBuf, probe: &[&str], what: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env).map_or(default, PathBuf::from);
    let runs = Process::new(&path)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return Some(path);
    }
    let message = format!(
        "{what} not found at {} (set {env}; .ci/run installs it)",
        path.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}: required in CI");
    }
    eprintln!("\n!!!!!!!! SKIPPED: {message} !!!!!!!!\n");
    None
}

pub(crate) fn chromium() -> Option<PathBuf> {
    tool(
        "RELAIS_CHROMIUM",
        PathBuf::from("chromium"),
        &["--version"],
        "chromium",
    )
}

fn python() -> Option<PathBuf> {
    tool(
        "RELAIS_TEST_PYTHON",
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-test/bin/python"),
        &["-c", "import networkx"],
        "python with networkx",
    )
}

#[test]
fn report_html_is_self_contained_and_escapes_hostile_names() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // Self-contained: nothing is fetched.
    for needle in [
        "src=\"http",
        "src='http",
        "href=\"http",
        "href='http",
        "url(http",
        "@import",
        "src=\"//",
        "href=\"//",
    ] {
        assert!(!html.contains(needle), "report.html requests {needle}");
    }
    // Exactly our script blocks: the JSON data and the page's code, and the interactive map's
    // data, vendored library and code (tests/it/interactive_map.rs).
    assert_eq!(html.matches("<script").count(), 5);
    assert!(html.contains("<script type=\"application/json\" id=\"relais-data\">"));
    // The hostile names never appear raw, and appear escaped (table cells, SVG text).
    assert!(!html.contains(SCRIPT_NAME));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The roles section shows relais's own `role` and `why` (the roles stage), escaped text only.
    let roles = &html[html.find("id=\"roles\"").expect("roles section")..];
    assert!(
        roles.contains("influencer") || roles.contains("core"),
        "no role in the section"
    );
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // Sections and charts are there; charts are inline SVG (or PNG data URIs).
    for id in [
        "id=\"figures\"",
        "id=\"methods\"",
        "id=\"communities\"",
        "id=\"roles\"",
        "bridges the two groups",
        "id=\"charts\"",
        "id=\"accounts\"",
        "id=\"chart-network_map\"",
        "id=\"chart-degree_ccdf\"",
        "id=\"chart-top_pagerank\"",
    ] {
        assert!(html.contains(id), "report.html lacks {id}");
    }
    assert!(html.contains("<svg"));
    // The embedded data parses and holds the ranking of accounts.csv.
    let start = html.find("id=\"relais-data\">").unwrap() + "id=\"relais-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let csv = Csv::read(&out.join("accounts.csv"));
    let rows = data["accounts"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), csv.rows.len());
    assert_eq!(rows[0][0].as_str().unwrap(), csv.rows[0][0]);
    let top2: Vec<&str> = csv.rows[..2].iter().map(|r| r[0].as_str()).collect();
    assert!(top2.contains(&SCRIPT_NAME) && top2.contains(&IMG_NAME));
    // Charts were written in both formats.
    for stem in [
        "degree_ccdf",
        "network_map",
        "top_pagerank",
        "community_flows",
    ] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"));
        let png = std::fs::read(out.join(format!("charts/{stem}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}

/// Loads the page in headless Chromium twice: once dumping the DOM after the page's self-test
/// (URL hash `#selftest`: it sorts the accounts table by PageRank both ways and checks the order,
/// filters, parses the embedded data, and writes the outcome and any JavaScript error into a
/// `<pre id="selftest">`), once taking a screenshot. Console errors are also looked for in
/// Chromium's log (`--enable-logging=stderr`). Reading the DOM is deterministic and needs no
/// DevTools protocol client.
#[test]
fn report_loads_sorts_and_filters_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--charts", "none"]);
    let page = out.join("report.html").canonicalize().unwrap();
    let url = format!("file://{}#selftest", page.display());
    let profile = tmp.path().join("profile");
    let run = |extra: &[String], url: &str| {
        let output = Process::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("run chromium");
        (
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (dom, log) = run(&["--dump-dom".to_string()], &url);
    let marker = dom
        .split("<pre id=\"selftest\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("no self-test marker in the DOM; chromium log:\n{log}"));
    for expect in ["sort=ok", "filter=ok", "data=ok", "errors=0"] {
        assert!(marker.contains(expect), "self-test: {marker}");
    }
    // The top account (a hostile name) is rendered as text.
    assert!(marker.contains("first="), "{marker}");
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("Uncaught") || l.contains("Error")))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors: {console_errors:?}"
    );
    // No injected element made it into the DOM.
    assert!(!dom.contains("<img src=\"x\""));
    assert!(!dom.contains("onerror=\"alert"));

    let shot = tmp.path().join("report.png");
    let (_, log) = run(
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,3000".to_string(),
            "--hide-scrollbars".to_string(),
        ],
        &format!("file://{}", page.display()),
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}); log:\n{log}"));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() > 20_000, "screenshot only {} bytes", png.len());
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    std::fs::write(&keep, &png).unwrap();
    eprintln!("screenshot saved to {}", keep.display());
}

const READ_BACK: &str = r#"
import json, sys
import networkx as nx
from networkx.readwrite.gexf import GEXF
# NetworkX's GEXF reader knows the 1.1 and 1.2 namespaces; GEXF 1.3 keeps their structure.
GEXF.versions["1.3"] = dict(GEXF.versions["1.2draft"], NS_GEXF="http://gexf.net/1.3",
                            NS_VIZ="http://gexf.net/1.3/viz", VERSION="1.3")
gexf = nx.read_gexf(sys.argv[1], version="1.3")
graphml = nx.read_graphml(sys.argv[2])
def exact(v):
    # Reals as repr text: Python's repr is the shortest round-trip form, parsed exactly by Rust
    # (serde_json's default float parser may be off by one unit in the last place).
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dict):
        return {k: exact(x) for k, x in v.items()}
    return v
out = {}
for name, g in [("gexf", gexf), ("graphml", graphml)]:
    out[name] = {
        "directed": g.is_directed(),
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "attrs": {n: exact(d) for n, d in g.nodes(data=True)},
        "weight": repr(sum(w for _, _, w in g.edges(data="weight"))),
    }
print(json.dumps(out, default=str))
"#;

#[test]
fn gexf_and_graphml_read_back_with_networkx() {
    let Some(python) = python() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(
        &edges,
        Some(&accounts),
        &out,
        &[
            "--export",
            "gexf,graphml",
            "--no-report",
            "--charts",
            "none",
            "--map-nodes",
            "30",
        ],
    );
    assert!(!out.join("report.html").exists());
    assert!(!out.join("charts").exists());
    let script = write(tmp.path(), "read_back.py", READ_BACK);
    let output = Process::new(&python)
        .arg(&script)
        .arg(out.join("graph.gexf"))
        .arg(out.join("graph.graphml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let summary = json(&out.join("summary.json"));
    let csv = Csv::read(&out.join("accounts.csv"));
    let pagerank: HashMap<String, String> = csv.by_account("pagerank");
    let in_degree = csv.by_account("in_degree");
    let handle = csv.by_account("handle");
    let in_strength: f64 = csv
        .rows
        .iter()
        .map(|r| r[csv.col("in_strength")].parse::<f64>().unwrap())
        .sum();
    for format in ["gexf", "graphml"] {
        let g = &got[format];
        assert_eq!(g["directed"], true, "{format}");
        assert_eq!(g["nodes"], summary["graph"]["nodes"], "{format}");
        assert_eq!(g["edges"], summary["graph"]["edges"], "{format}");
        // Total edge weight = total in-strength.
        let w: f64 = g["weight"].as_str().unwrap().parse().unwrap();
        assert!(
            (w - in_strength).abs() < 1e-9,
            "{format}: {w} vs {in_strength}"
        );
        let attrs = g["attrs"].as_object().unwrap();
        assert_eq!(attrs.len(), csv.rows.len());
        for (account, a) in attrs {
            let pr: f64 = pagerank[account].parse().unwrap();
            let got: f64 = a["pagerank"].as_str().unwrap().parse().unwrap();
            assert_eq!(got, pr, "{format} {account}");
            assert_eq!(
                a["in_degree"].as_i64().map(|d| d.to_string()).as_deref(),
                Some(in_degree[account].as_str()),
                "{format} {account}"
            );
            assert_eq!(a["handle"].as_str(), Some(handle[account].as_str()));
        }
        // The hostile ids survived as ids.
        assert!(attrs.contains_key(SCRIPT_NAME) && attrs.contains_key(IMG_NAME));
    }
    // Layout: the 30 laid-out accounts (the top by PageRank) have positions, the others not.
    let gexf = got["gexf"]["attrs"].as_object().unwrap();
    let with_position = gexf
        .values()
        .filter(|a| a["viz"]["position"].is_object())
        .count();
    assert_eq!(with_position, 30);
    let x: f64 = gexf[&csv.rows[0][0]]["viz"]["position"]["x"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(x.is_finite());
    assert!(gexf.values().all(|a| a["viz"]["color"].is_object()));
    let graphml = got["graphml"]["attrs"].as_object().unwrap();
    assert_eq!(
        graphml
            .values()
            .filter(|a| a.get("viz_x").is_some())
            .count(),
        30
    );
}

#[test]
fn chart_formats_follow_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--charts", "svg"]);
    let files: Vec<String> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(files.iter().all(|f| f.ends_with(".svg")), "{files:?}");
    assert!(files.contains(&"network_map.svg".to_string()));
    let run = json(&out.join("run.json"));
    assert_eq!(run["report"]["layout_nodes"], 40);
    assert!(run["stages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["stage"] == "report"));
}

/// report.html, the chart files and the exports are byte-identical for 1 and 2 threads.
#[test]
fn report_outputs_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("out{threads}"));
        analyze(
            &edges,
            Some(&accounts),
            &out,
            &["--threads", threads, "--export", "gexf,graphml"],
        );
        outs.push(out);
    }
    let mut files = vec![
        "report.html".to_string(),
        "graph.gexf".to_string(),
        "graph.graphml".to_string(),
    ];
    for e in std::fs::read_dir(outs[0].join("charts")).unwrap() {
        files.push(format!(
            "charts/{}",
            e.unwrap().file_name().to_string_lossy()
        ));
    }
    for f in &files {
        let a = std::fs::read(outs[0].join(f)).unwrap();
        let b = std::fs::read(outs[1].join(f)).unwrap();
        assert!(a == b, "{f} differs between --threads 1 and --threads 2");
    }
}
