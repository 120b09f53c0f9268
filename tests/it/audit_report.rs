//! `relais audit`'s report.html and audience-overlap heatmap: the sections are there, every
//! number shown equals audit.json, input text is escaped, and `--no-report --charts none` writes
//! neither.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{json, relais, write};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fixtures/audit")
}

/// The `data-v` values of the cells whose `data-f` is `field`, in page order (`None` when
/// empty).
fn cells(html: &str, field: &str) -> Vec<Option<f64>> {
    let key = format!("data-f=\"{field}\" data-v=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            let v = &rest[..rest.find('"').unwrap()];
            (!v.is_empty()).then(|| v.parse().unwrap())
        })
        .collect()
}

/// The JSON embedded in `<script type="application/json" id="{id}">`.
fn embedded(html: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {id}")) + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn audit_report_html_shows_audit_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("audit");
    relais()
        .args(["-q", "audit"])
        .arg(fixture())
        .args(["--account", "brand_a", "--account", "brand_b"])
        .args(["--account", "brand_c", "--burst-min-follows", "2"])
        .args(["--burst-hours", "2", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let audit = json(&out.join("audit.json"));
    for id in [
        "id=\"audit\"",
        "id=\"audit-rules\"",
        "id=\"audit-composition\"",
        "id=\"audit-overlap\"",
        "id=\"audit-shared\"",
        "id=\"audit-jaccard\"",
        "id=\"chart-audience_overlap\"",
    ] {
        assert!(html.contains(id), "{id} missing");
    }
    // The heatmap is inline SVG, and written as SVG and PNG.
    let chart = &html[html.find("id=\"chart-audience_overlap\"").unwrap()..];
    assert!(chart.contains("<svg") && chart.contains("brand_c"));
    let svg = std::fs::read_to_string(out.join("charts/audience_overlap.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("brand_a"));
    let png = std::fs::read(out.join("charts/audience_overlap.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let run = json(&out.join("run.json"));
    assert_eq!(
        run["report"]["files"],
        serde_json::json!([
            "charts/audience_overlap.svg",
            "charts/audience_overlap.png",
            "report.html"
        ])
    );
    // The embedded data is audit.json.
    assert_eq!(embedded(&html, "relais-audit"), audit);

    // Every number shown equals audit.json.
    let accounts = audit["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 3);
    let col = |name: &str| -> Vec<Option<f64>> { accounts.iter().map(|a| f(&a[name])).collect() };
    for name in [
        "audience",
        "active",
        "active_with_account",
        "suspicious",
        "authenticity",
        "communities",
    ] {
        assert_eq!(cells(&html, name), col(name), "{name}");
    }
    let share = |name: &str| -> Vec<Option<f64>> {
        accounts
            .iter()
            .map(|a| Some(f(&a[name])? / f(&a["audience"])?))
            .collect()
    };
    assert_eq!(cells(&html, "active_share"), share("active"));
    assert_eq!(cells(&html, "suspicious_share"), share("suspicious"));
    // Per account and rule: flagged, threshold and share (n/a when the rule does not apply).
    let (mut flagged, mut threshold, mut rule_share) = (Vec::new(), Vec::new(), Vec::new());
    for a in accounts {
        for r in a["rules"].as_array().unwrap() {
            let on = r["applicable"].as_bool().unwrap();
            flagged.push(f(&r["flagged"]).filter(|_| on));
            threshold.push(f(&r["threshold"]).filter(|_| on));
            rule_share.push(f(&r["share"]));
        }
    }
    assert_eq!(flagged.len(), 18);
    assert_eq!(cells(&html, "flagged"), flagged);
    assert_eq!(cells(&html, "threshold"), threshold);
    assert_eq!(cells(&html, "share"), rule_share);
    // brand_a (worked out in data/fixtures/audit/README.md): 4 followers, 2 suspicious.
    assert_eq!(cells(&html, "audience")[0], Some(4.0));
    assert_eq!(cells(&html, "authenticity")[0], Some(0.5));
    // Composition.
    let comp: Vec<Option<f64>> = accounts
        .iter()
        .flat_map(|a| a["composition"].as_array().unwrap().iter())
        .map(|c| f(&c["followers"]))
        .collect();
    assert!(!comp.is_empty());
    assert_eq!(cells(&html, "followers"), comp);
    // Overlap matrices, row by row.
    let matrix = |name: &str| -> Vec<Option<f64>> {
        audit["overlap"][name]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap().iter().map(f))
            .collect()
    };
    assert_eq!(cells(&html, "shared"), matrix("shared"));
    assert_eq!(cells(&html, "jaccard"), matrix("jaccard"));
    assert_eq!(cells(&html, "shared").len(), 9);
    // Rule descriptions come from audit.json.
    for r in audit["rules"].as_array().unwrap() {
        let d = r["description"].as_str().unwrap().replace('\'', "&#39;");
        assert!(html.contains(&d), "{d}");
    }

    // No report, no chart files.
    let bare = tmp.path().join("bare");
    relais()
        .args(["-q", "audit"])
        .arg(fixture())
        .args(["--account", "brand_a", "--account", "brand_b"])
        .args(["--no-report", "--charts", "none", "--out"])
        .arg(&bare)
        .assert()
        .success();
    assert!(!bare.join("report.html").exists());
    assert!(!bare.join("charts").exists());
    assert!(bare.join("audit.json").exists());
}

#[test]
fn audit_report_escapes_account_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let script = "<script>alert(1)</script>";
    let img = "\"><img src=x onerror=alert(1)>";
    let mut edges = String::from("source,target,kind\n");
    for i in 0..6 {
        edges.push_str(&format!("f{i},{script},follow\n"));
        if i % 2 == 0 {
            edges.push_str(&format!(
                "f{i},\"\"\"><img src=x onerror=alert(1)>\",follow\n"
            ));
        }
    }
    edges.push_str("f1,f2,like\n");
    write(&dir, "edges.csv", edges);
    let out = tmp.path().join("out");
    relais()
        .args(["-q", "audit"])
        .arg(&dir)
        .args(["--account", script, "--account", img, "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains(script), "raw <script> in the page");
    assert!(!html.contains("<img src=x"), "raw <img> in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // The only <script> elements are the page's own: two JSON blocks and the code.
    assert_eq!(html.matches("<script").count(), 3);
    let audit = json(&out.join("audit.json"));
    assert_eq!(embedded(&html, "relais-audit"), audit);
    assert_eq!(audit["overlap"]["shared"][0][1], 3);
    assert_eq!(
        cells(&html, "shared"),
        [Some(6.0), Some(3.0), Some(3.0), Some(3.0)]
    );
}
