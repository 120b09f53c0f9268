//! report.html's interactive network map (issue 13, point 3): the embedded data follows the
//! layout and the ranking and is escaped; in headless Chromium, with WebGL (sigma.js over
//! SwiftShader) and without (the canvas-2D fallback), a search finds and selects the account,
//! its panel and its row in the accounts table show, nothing is fetched, and the console stays
//! clean. The browser tests skip loudly without Chromium (see `report::chromium`).

use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;

use crate::report::{analyze, chromium, hostile_input, IMG_NAME, SCRIPT_NAME};
use crate::support::{json, write, Csv};

/// The JSON inside `<script type="application/json" id="{id}">`.
fn json_block(html: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {id} block")) + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn reals(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn interactive_map_embeds_the_layout_ranked_and_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--charts", "none"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"network-map\">"));
    // The vendored library is embedded, not fetched.
    assert!(html.contains("relais vendored bundle: events@3.3.0, graphology@0.26.0"));
    assert!(!html.contains(SCRIPT_NAME) && !html.contains("<img src=x"));
    let data = json_block(&html, "relais-map-data");
    let nodes = &data["nodes"];
    let run = json(&out.join("run.json"));
    let k = run["report"]["layout_nodes"].as_u64().unwrap() as usize;
    assert_eq!(k, 40);
    // Node i is row i of accounts.csv (ranked by PageRank); labels are handles.
    let csv = Csv::read(&out.join("accounts.csv"));
    let ids = strings(&nodes["account"]);
    assert_eq!(ids.len(), k);
    let (account, handle) = (csv.col("account"), csv.col("handle"));
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(id, &csv.rows[i][account]);
        assert_eq!(nodes["row"][i], i);
    }
    assert_eq!(strings(&nodes["label"])[0], csv.rows[0][handle]);
    assert!(ids.contains(&SCRIPT_NAME.to_string()) && ids.contains(&IMG_NAME.to_string()));
    // Size grows with PageRank; one colour per community.
    let size = reals(&nodes["size"]);
    assert!(size.windows(2).all(|w| w[0] >= w[1]), "{size:?}");
    assert!(size[0] > size[k - 1]);
    let colour = strings(&nodes["color"]);
    let community = csv.col("community");
    for i in 0..k {
        for j in 0..k {
            if csv.rows[i][community] == csv.rows[j][community] {
                assert_eq!(colour[i], colour[j]);
            }
        }
    }
    // Positions: finite, spread out (a layout, not a point); edges join laid-out nodes.
    let (x, y) = (reals(&nodes["x"]), reals(&nodes["y"]));
    assert!(x.iter().chain(&y).all(|v| v.is_finite()));
    let spread =
        x.iter().cloned().fold(f64::MIN, f64::max) - x.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread > 1.0, "x spread {spread}");
    let links: Vec<u64> = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(!links.is_empty() && links.len() % 2 == 0);
    assert!(links.iter().all(|&v| (v as usize) < k));
    // The panel carries each node's metrics (4 significant digits).
    let columns = strings(&data["panel"]["columns"]);
    let pr = columns.iter().position(|c| c == "pagerank").unwrap();
    let shown = data["panel"]["rows"][0][pr].as_f64().unwrap();
    let full: f64 = csv.rows[0][csv.col("pagerank")].parse().unwrap();
    assert!((shown - full).abs() <= full * 1e-3, "{shown} vs {full}");
    // `why` is null for accounts the page's table lists (all 40 here), which the page reads
    // from the table instead.
    let why = columns.iter().position(|c| c == "why").unwrap();
    assert!(data["panel"]["rows"][0][why].is_null());

    // --map-nodes bounds the interactive map as the static one.
    let out10 = tmp.path().join("out10");
    analyze(
        &edges,
        Some(&accounts),
        &out10,
        &["--charts", "none", "--map-nodes", "10"],
    );
    let html10 = std::fs::read_to_string(out10.join("report.html")).unwrap();
    let data10 = json_block(&html10, "relais-map-data");
    assert_eq!(strings(&data10["nodes"]["account"]), ids[..10].to_vec());

    // --no-interactive-map leaves the section and the library out; the static map stays.
    let plain = tmp.path().join("plain");
    analyze(
        &edges,
        Some(&accounts),
        &plain,
        &["--charts", "none", "--no-interactive-map"],
    );
    let small = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(!small.contains("network-map\"") && !small.contains("relais-map-data"));
    assert!(small.contains("id=\"chart-network_map\""));
    assert_eq!(small.matches("<script").count(), 2);
    let grown = html.len() - small.len();
    eprintln!(
        "interactive map adds {grown} bytes ({} -> {})",
        small.len(),
        html.len()
    );
    assert!(grown > 150_000, "{grown}");
}

/// Percent-encodes `text` for a URL fragment.
fn fragment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Chromium's net log: the URLs of requests that a page (not the browser itself) started.
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(net_log).unwrap_or_else(|e| panic!("no net log: {e}"));
    // The log is written incrementally; a run ended by the browser may leave the array open.
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == start_job)
        .filter(|e| {
            let p = &e["params"];
            // Requests of the browser itself have no initiating origin; a page's carry its own.
            p["initiator"].as_str() != Some("not an origin")
                || p["network_isolation_key"]
                    .as_str()
                    .is_some_and(|k| k.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .collect()
}

struct Loaded {
    /// The self-test's outcome (`<pre id="map-selftest">`), HTML-unescaped.
    marker: String,
    dom: String,
    console: Vec<String>,
    requests: Vec<String>,
}

/// Loads `page` with `fragment` in headless Chromium with `flags`, with a net log.
fn load(chromium: &Path, dir: &Path, page: &Path, fragment: &str, flags: &[&str]) -> Loaded {
    let profile = dir.join("profile");
    let _ = std::fs::remove_dir_all(&profile);
    let net_log = dir.join("net-log.json");
    let _ = std::fs::remove_file(&net_log);
    let output = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            // Nothing may leave the machine even if a request were made (the net log sees it).
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", net_log.display()))
        .arg("--dump-dom")
        .arg(format!(
            "file://{}{fragment}",
            page.canonicalize().unwrap().display()
        ))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&output.stdout).to_string();
    let log = String::from_utf8_lossy(&output.stderr).to_string();
    let marker = dom
        .split("<pre id=\"map-selftest\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .map(|s| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .unwrap_or_default();
    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        // SwiftShader's notice that sigma's picking reads pixels back: a driver performance
        // hint, not a page message.
        .filter(|l| !l.contains("GL Driver Message (OpenGL, Performance"))
        .map(str::to_string)
        .collect();
    Loaded {
        marker,
        dom,
        console,
        requests: page_requests(&net_log),
    }
}

/// The first row of accounts.csv whose id or handle equals `query` (ignoring case and a leading
/// `@`): the account the page's search selects for an exact name.
fn expected_row(csv: &Csv, query: &str) -> Option<usize> {
    let bare = |s: &str| s.trim().trim_start_matches('@').to_lowercase();
    let (account, handle) = (csv.col("account"), csv.col("handle"));
    csv.rows
        .iter()
        .position(|r| bare(&r[account]) == bare(query) || bare(&r[handle]) == bare(query))
}

#[test]
fn interactive_map_search_selects_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--charts", "none"]);
    // Three table rows only: a selected account beyond them has no row to show.
    let few = tmp.path().join("few");
    analyze(
        &edges,
        Some(&accounts),
        &few,
        &["--charts", "none", "--report-rows", "3"],
    );
    let csv = Csv::read(&out.join("accounts.csv"));
    // Past the table's rows the map carries `why` itself.
    let few_data = json_block(
        &std::fs::read_to_string(few.join("report.html")).unwrap(),
        "relais-map-data",
    );
    let why = strings(&few_data["panel"]["columns"])
        .iter()
        .position(|c| c == "why")
        .unwrap();
    assert!(few_data["panel"]["rows"][2][why].is_null());
    assert_eq!(
        few_data["panel"]["rows"][3][why].as_str(),
        Some(csv.rows[3][csv.col("why")].as_str())
    );
    let webgl: &[&str] = &["--use-angle=swiftshader", "--enable-unsafe-swiftshader"];
    let no_webgl: &[&str] = &["--disable-gpu", "--disable-3d-apis"];
    let cases: [(&Path, &[&str], &str, &str); 5] = [
        (&out, webgl, "webgl", SCRIPT_NAME),
        (&out, webgl, "webgl", "user7"),
        (&out, no_webgl, "canvas", IMG_NAME),
        (&few, no_webgl, "canvas", "@user23"),
        (&out, no_webgl, "canvas", "nobody-is-called-this"),
    ];
    for (dir, flags, renderer, query) in cases {
        let page = dir.join("report.html");
        let got = load(
            &chromium,
            tmp.path(),
            &page,
            &format!("#map-search={}", fragment(query)),
            flags,
        );
        let what = format!("{renderer} search {query:?}: {}", got.marker);
        assert!(!got.marker.is_empty(), "no self-test marker ({what})");
        assert!(
            got.marker.contains(&format!("renderer={renderer} ")),
            "{what}"
        );
        assert!(got.marker.contains("nodes=40 "), "{what}");
        assert!(got.marker.contains(" resources=0 "), "{what}");
        assert!(got.marker.ends_with(" errors=0"), "{what}");
        // Something was drawn (the fallback's canvas, or sigma's label layer).
        let painted: u64 = got
            .marker
            .split(" painted=")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!(painted > 0, "{what}");
        match expected_row(&csv, query) {
            Some(r) => {
                assert!(got.marker.contains(&format!("found=row:{r} ")), "{what}");
                assert!(got.marker.contains("panel=ok"), "{what}");
                assert!(got.marker.contains("why=ok"), "{what}");
                let row = if dir == few.as_path() && r >= 3 {
                    "row=absent"
                } else {
                    "row=ok"
                };
                assert!(got.marker.contains(row), "{what}");
            }
            None => assert!(got.marker.contains("found=none"), "{what}"),
        }
        assert!(got.console.is_empty(), "{what}; console: {:?}", got.console);
        assert!(
            got.requests.is_empty(),
            "{what}; requests: {:?}",
            got.requests
        );
        // Hostile names stayed text.
        assert!(!got.dom.contains("<img src=\"x\"") && !got.dom.contains("onerror=\"alert"));
        assert!(!got.dom.contains("<script>alert"));
    }
    // The net-log check sees a page's request when there is one.
    let probe = write(
        tmp.path(),
        "probe.html",
        "<!DOCTYPE html><html><body><img src=\"http://relais.invalid/probe.png\"></body></html>",
    );
    let got = load(&chromium, tmp.path(), &probe, "", &["--disable-gpu"]);
    assert_eq!(
        got.requests,
        vec!["http://relais.invalid/probe.png".to_string()]
    );
}
