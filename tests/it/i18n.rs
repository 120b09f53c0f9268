//! `--lang fr|en` (issue 13, point 1): everything a person reads is translated — report.html,
//! chart texts inside the SVG, `why` sentences, the audit's rule descriptions, methods, terminal
//! summaries — while column names and every value of the tables stay the same; numbers and
//! dates follow the language (1 234 with U+202F and 0,5; 21/11/2026); the default comes from the
//! locale (LC_ALL, LC_MESSAGES, LANG).

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::report::{analyze, hostile_input, IMG_NAME, SCRIPT_NAME};
use crate::support::{json, relais, Csv};

/// French thousands separator (U+202F NARROW NO-BREAK SPACE).
const NNBSP: char = '\u{202F}';

/// `relais` with no locale variable set (tests set the one they need).
fn bare() -> Command {
    let mut cmd = relais();
    for v in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(v);
    }
    cmd
}

/// `relais simulate --preset small` (2,000 accounts, seed 5) into `dir/sim`.
fn simulate(dir: &Path) -> PathBuf {
    let out = dir.join("sim");
    bare()
        .args([
            "-q",
            "simulate",
            "--preset",
            "small",
            "--accounts",
            "2000",
            "--seed",
            "5",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

/// `relais analyze SIM --window 14d` in `lang` (`None`: no flag) into `dir/name`.
fn analyze_in(sim: &Path, dir: &Path, name: &str, lang: Option<&str>) -> PathBuf {
    let out = dir.join(name);
    let mut cmd = bare();
    cmd.args(["-q", "analyze"]).arg(sim);
    cmd.args(["--window", "14d", "--runs", "1", "--map-nodes", "300"]);
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    cmd.arg("--out").arg(&out).assert().success();
    out
}

/// The `<svg …>…</svg>` of chart `id` in report.html.
fn chart_svg<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"chart-{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let start = at + html[at..].find("<svg").unwrap();
    let end = start + html[start..].find("</svg>").unwrap();
    &html[start..end]
}

/// Whether `s` contains a date written `dd/mm/yyyy`.
fn has_french_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(10).any(|w| {
        w[2] == b'/'
            && w[5] == b'/'
            && [0, 1, 3, 4, 6, 7, 8, 9]
                .iter()
                .all(|&i| w[i].is_ascii_digit())
    })
}

/// Whether `s` contains a date written `yyyy-mm-dd`.
fn has_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(10).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&i| w[i].is_ascii_digit())
    })
}

/// Whether a line of `svg` (plotters writes each `<text>` content on its own line) is a decimal
/// number written with `sep` (`0,05` / `0.05`).
fn has_number_line(svg: &str, sep: char) -> bool {
    svg.lines().any(|l| {
        l.split_once(sep).is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.trim_start_matches('-')
                    .bytes()
                    .all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        })
    })
}

/// The example data set shipped in data/example.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example")
}

/// stdout of a successful `relais ARGS` (no locale variable set).
fn stdout_of(args: &[&str], extra: &[&Path]) -> String {
    let out = bare().args(args).args(extra).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `seeds`, `inspect` and `simulate` print their summaries in French with `--lang fr` (French
/// words, U+202F before `:` and `;`, decimal commas, French dates), in English without it, and
/// write the same files in both languages.
#[test]
fn terminal_summaries_in_french() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = example();

    // seeds: the summary line is French; seeds.csv is the same file.
    let (out_en, out_fr) = (tmp.path().join("seeds_en"), tmp.path().join("seeds_fr"));
    let seeds = [
        "seeds",
        "--k",
        "3",
        "--simulations",
        "200",
        "--ci-target",
        "0",
    ];
    let en = stdout_of(&[&seeds[..], &["--out"]].concat(), &[&out_en, &ex]);
    let fr = stdout_of(
        &[&seeds[..], &["--lang", "fr", "--out"]].concat(),
        &[&out_fr, &ex],
    );
    let (en1, fr1) = (en.lines().next().unwrap(), fr.lines().next().unwrap());
    assert!(
        en1.contains(" accounts, ")
            && en1.contains(" influence edges (IC, weighted cascade); IMM ε = 0."),
        "{en1}"
    );
    assert!(en1.contains("; results in "), "{en1}");
    assert!(
        fr1.contains(" comptes, ")
            && fr1.contains(" liens d’influence (IC, cascade pondérée)\u{202F}; IMM ε = 0,"),
        "{fr1}"
    );
    assert!(
        fr1.contains("ensembles RR (taille moyenne ") && fr1.contains("\u{202F}; résultats dans "),
        "{fr1}"
    );
    assert!(!fr1.contains("accounts") && !fr1.contains("results in"));
    // The numbers are the same, written the French way.
    let words = |s: &str| s.split(' ').next().unwrap().replace(NNBSP, "");
    assert_eq!(words(en1), words(fr1));
    assert_eq!(
        std::fs::read(out_en.join("seeds.csv")).unwrap(),
        std::fs::read(out_fr.join("seeds.csv")).unwrap()
    );

    // inspect: French words and dates, the same counts.
    let en = stdout_of(&["inspect"], &[&ex]);
    let fr = stdout_of(&["inspect", "--lang", "fr"], &[&ex]);
    assert!(
        en.contains(" rows  ") && en.contains("\nall: ") && en.contains(" edge records ("),
        "{en}"
    );
    assert!(
        fr.contains(" lignes  ")
            && fr.contains("\ntotal\u{202F}: ")
            && fr.contains(" enregistrements de liens ("),
        "{fr}"
    );
    assert!(fr.contains("période ") && !en.contains("période"));
    assert!(has_french_date(&fr) && !has_iso_date(&fr), "{fr}");
    assert!(has_iso_date(&en) && !has_french_date(&en), "{en}");
    assert_eq!(en.lines().count(), fr.lines().count());
    let all_en = en.lines().last().unwrap();
    let all_fr = fr.lines().last().unwrap();
    let n_en = all_en
        .trim_start_matches("all: ")
        .split(' ')
        .next()
        .unwrap();
    let n_fr = all_fr
        .trim_start_matches("total\u{202F}: ")
        .split(' ')
        .next()
        .unwrap();
    assert_eq!(n_en, n_fr.replace(NNBSP, ""));

    // simulate: counts line and layer list in French.
    let sim = tmp.path().join("sim_fr");
    let fr = stdout_of(
        &[
            "simulate",
            "--preset",
            "small",
            "--accounts",
            "1500",
            "--seed",
            "3",
            "--lang",
            "fr",
            "--out",
        ],
        &[&sim],
    );
    let first = fr.lines().next().unwrap();
    let accounts = first.split(" comptes (").next().unwrap();
    assert!(
        accounts.contains(NNBSP) && accounts.len() < first.len(),
        "{first}"
    );
    assert!(first.contains(" organiques, "), "{first}");
    assert!(
        first.contains(" communautés, ") && first.contains("\u{202F}; écrits dans "),
        "{first}"
    );
    assert!(
        fr.contains("\nliens\u{202F}: ") && fr.contains("\nrôles\u{202F}: "),
        "{fr}"
    );
}

/// A French rendering of a u64: groups of three joined by U+202F.
fn french_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

/// One analysis of simulated data in English and in French: the page, charts and `why` are
/// French, numbers and dates French-formatted, and the tables identical but for `why`.
#[test]
fn analyze_lang_fr_translates_the_report_not_the_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let sim = simulate(tmp.path());
    let en = analyze_in(&sim, tmp.path(), "en", Some("en"));
    let fr = analyze_in(&sim, tmp.path(), "fr", Some("fr"));
    let html = std::fs::read_to_string(fr.join("report.html")).unwrap();
    let html_en = std::fs::read_to_string(en.join("report.html")).unwrap();

    // Language, headings, navigation.
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html_en.contains("<html lang=\"en\">"));
    for heading in [
        "<h2>Chiffres clés</h2>",
        "<h2>Méthodes et paramètres</h2>",
        "<h2>Rôles</h2>",
        "<h2>Communautés</h2>",
        "<h2>Graphiques</h2>",
        "<h2>Comptes</h2>",
        "<h2>Carte interactive du réseau</h2>",
    ] {
        assert!(html.contains(heading), "French page lacks {heading}");
    }
    for english in [
        "Key figures",
        "Methods and parameters",
        ">Charts<",
        "Network map",
    ] {
        assert!(!html.contains(english), "French page still says {english}");
        assert!(html_en.contains(english), "English page lacks {english}");
    }

    // Key figures: 2 000 comptes (U+202F), a decimal comma for the density.
    let summary = json(&fr.join("summary.json"));
    let nodes = summary["graph"]["nodes"].as_u64().unwrap();
    assert!(nodes >= 1000);
    let figure = format!("<b>{}</b><span>comptes</span>", french_int(nodes));
    assert!(html.contains(&figure), "no key figure {figure}");
    let density = summary["graph"]["density"].as_f64().unwrap();
    let shown = format!("{density:.4}");
    let shown = shown.trim_end_matches('0').replace('.', ",");
    let figure = format!("<b>{shown}</b><span>densité</span>");
    assert!(
        shown.starts_with("0,") && html.contains(&figure),
        "no {figure}"
    );
    assert!(html_en.contains(&format!(
        "<b>{}</b><span>accounts</span>",
        french_int(nodes).replace(NNBSP, ",")
    )));
    // Reals in the accounts table: decimal comma shown, the raw value in data-v.
    let pr = Csv::read(&fr.join("accounts.csv"));
    let first_pr: f64 = pr.rows[0][pr.col("pagerank")].parse().unwrap();
    assert!(html.contains(&format!("data-v=\"{first_pr}\">0,")));

    // Charts: French titles and axis labels inside the inline SVG and the chart files; French
    // dates on the rank-trajectory axis.
    let ccdf = chart_svg(&html, "degree_ccdf");
    assert!(ccdf.contains("Distribution des degrés (CCDF, log-log)"));
    assert!(ccdf.contains("degré entrant (audience)") && ccdf.contains("P(degré ≥ k)"));
    assert!(chart_svg(&html, "reach_engagement").contains("niche engagée"));
    assert!(chart_svg(&html, "top_pagerank").contains("premiers comptes par PageRank"));
    let traj = chart_svg(&html, "rank_trajectories");
    assert!(traj.contains("fenêtre") && traj.contains("rang"));
    assert!(
        has_french_date(traj) && !has_iso_date(traj),
        "trajectory dates not French"
    );
    // Tick labels and bar values: decimal comma in French, point in English.
    let top = chart_svg(&html, "top_pagerank");
    let top_en = chart_svg(&html_en, "top_pagerank");
    assert!(
        has_number_line(top, ',') && !has_number_line(top, '.'),
        "French ticks"
    );
    assert!(has_number_line(top_en, '.') && !has_number_line(top_en, ','));
    let traj_en = chart_svg(&html_en, "rank_trajectories");
    assert!(has_iso_date(traj_en) && !has_french_date(traj_en));
    let file = std::fs::read_to_string(fr.join("charts/community_flows.svg")).unwrap();
    assert!(file.contains("de (prête attention)"));
    // The interactive map's texts come from the catalogue (JSON-escaped in the data block).
    assert!(html.contains("\"find\":\"Chercher\""));
    assert!(!html.contains('\u{2068}') && !html.contains('\u{2069}'));

    // Tables: the same columns and values; only `why` (free text) is translated.
    let (a_en, a_fr) = (
        Csv::read(&en.join("accounts.csv")),
        Csv::read(&fr.join("accounts.csv")),
    );
    assert_eq!(a_en.header, a_fr.header);
    assert_eq!(a_en.rows.len(), a_fr.rows.len());
    let why = a_en.col("why");
    for (r_en, r_fr) in a_en.rows.iter().zip(&a_fr.rows) {
        for (c, name) in a_en.header.iter().enumerate() {
            if c != why {
                assert_eq!(r_en[c], r_fr[c], "column {name} differs");
            }
        }
    }
    for file in [
        "communities.csv",
        "windows.csv",
        "rising.csv",
        "summary.json",
    ] {
        assert_eq!(
            std::fs::read(en.join(file)).unwrap(),
            std::fs::read(fr.join(file)).unwrap(),
            "{file} differs between en and fr"
        );
    }
    // `why` in French: the French role name first, French words, French numbers.
    let role = a_fr.col("role");
    let mut checked = 0;
    for (r_en, r_fr) in a_en.rows.iter().zip(&a_fr.rows) {
        let expect = match r_fr[role].as_str() {
            "influencer" => "influenceur\u{202F}: ",
            "relay" => "relais d’opinion\u{202F}: ",
            "prescriber" => "prescripteur\u{202F}: ",
            "amplifier" => "amplificateur\u{202F}: ",
            "core" => "cœur de communauté\u{202F}: ",
            "peripheral" => "périphérique\u{202F}: ",
            _ => "ordinaire\u{202F}: ",
        };
        assert!(r_fr[why].starts_with(expect), "{}", r_fr[why]);
        assert!(r_en[why].starts_with(&format!("{}: ", r_en[role])));
        checked += 1;
    }
    assert!(checked >= 1000);
    assert!(a_fr.rows.iter().any(|r| r[why].contains("communauté")));
    assert!(a_fr.rows.iter().any(|r| r[role] == "influencer"));
    let influencer = a_fr.rows.iter().find(|r| r[role] == "influencer").unwrap();
    assert!(influencer[why].contains("abonnés") || influencer[why].contains("attention"));
    // The page's roles section names the roles in French.
    assert!(html.contains("<h3>influenceur <span class=\"muted\">("));

    // run.json records the language.
    assert_eq!(json(&fr.join("run.json"))["config"]["report"]["lang"], "fr");
    assert_eq!(json(&en.join("run.json"))["config"]["report"]["lang"], "en");
}

/// Without `--lang`, the locale decides: LANG=fr_FR.UTF-8 gives French, LANG=C English, and
/// LC_ALL wins over LANG.
#[test]
fn the_locale_chooses_the_default_language() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let run = |name: &str, env: &[(&str, &str)]| {
        let out = tmp.path().join(name);
        let mut cmd = bare();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let assert = cmd
            .arg("analyze")
            .arg(&edges)
            .arg("--accounts")
            .arg(&accounts)
            .args(["--no-interactive-map", "--charts", "none", "--out"])
            .arg(&out)
            .assert()
            .success();
        let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        (
            std::fs::read_to_string(out.join("report.html")).unwrap(),
            stdout,
            out,
        )
    };
    let (fr, stdout, out_fr) = run("fr", &[("LANG", "fr_FR.UTF-8")]);
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Chiffres clés"));
    assert!(
        stdout.contains("comptes,") && stdout.contains("résultats dans"),
        "{stdout}"
    );
    assert_eq!(
        json(&out_fr.join("run.json"))["config"]["report"]["lang"],
        "fr"
    );
    let (en, stdout, _) = run("c", &[("LANG", "C")]);
    assert!(en.contains("<html lang=\"en\">") && en.contains("Key figures"));
    assert!(
        stdout.contains("accounts,") && stdout.contains("results in"),
        "{stdout}"
    );
    let (en, _, _) = run(
        "lc_all",
        &[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")],
    );
    assert!(en.contains("<html lang=\"en\">"));
    let (en, _, _) = run("none", &[]);
    assert!(en.contains("<html lang=\"en\">"));
    // --lang beats the locale.
    let out = tmp.path().join("flag");
    bare()
        .env("LANG", "fr_FR.UTF-8")
        .args(["-q", "--lang", "en", "analyze"])
        .arg(&edges)
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
}

/// Hostile account names stay escaped in the French page, as in the English one.
#[test]
fn french_report_still_escapes_hostile_names() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--lang", "fr"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(!html.contains(SCRIPT_NAME));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains(IMG_NAME));
    assert_eq!(html.matches("<script").count(), 5);
}

/// `relais methods --lang fr` writes the French methods paragraph with the same citations, in
/// the same order, as the English one; the locale is the default.
#[test]
fn methods_in_french() {
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(&edges, Some(&accounts), &out, &["--charts", "none"]);
    let methods = |lang: &[&str], env: &[(&str, &str)]| {
        let mut cmd = bare();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let a = cmd.arg("methods").arg(&out).args(lang).assert().success();
        let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
        let bib = std::fs::read_to_string(out.join("references.bib")).unwrap();
        (text, bib)
    };
    let (fr, bib_fr) = methods(&["--lang", "fr"], &[]);
    let (en, bib_en) = methods(&[], &[("LANG", "C")]);
    let (fr_locale, _) = methods(&[], &[("LANG", "fr_FR.UTF-8")]);
    assert!(
        fr.starts_with("Le réseau a été construit avec relais"),
        "{fr}"
    );
    assert!(fr.contains("Les communautés ont été détectées avec"));
    assert!(fr.contains("Chaque étape aléatoire a été initialisée avec la graine"));
    assert!(en.starts_with("The network was built with relais"), "{en}");
    assert_eq!(fr, fr_locale);
    assert_eq!(bib_fr, bib_en);
    // Same citations in the same order.
    let cites = |t: &str| -> Vec<String> {
        t.match_indices('[')
            .map(|(i, _)| t[i..i + t[i..].find(']').unwrap() + 1].to_string())
            .collect()
    };
    assert_eq!(cites(&fr), cites(&en));
    assert!(cites(&fr).len() >= 10);
    // Same paragraphs.
    assert_eq!(fr.split("\n\n").count(), en.split("\n\n").count());
}

/// `relais audit --lang fr`: rule descriptions in audit.json and the page are French; the
/// numbers are the English run's.
#[test]
fn audit_in_french() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fixtures/audit");
    let run = |name: &str, lang: &str| {
        let out = tmp.path().join(name);
        bare()
            .args(["-q", "--lang", lang, "audit"])
            .arg(&fixture)
            .args(["--account", "brand_a", "--account", "brand_b", "--out"])
            .arg(&out)
            .assert()
            .success();
        out
    };
    let (en, fr) = (run("en", "en"), run("fr", "fr"));
    let (j_en, j_fr) = (json(&en.join("audit.json")), json(&fr.join("audit.json")));
    let rules_fr = j_fr["rules"].as_array().unwrap();
    let mass = rules_fr
        .iter()
        .find(|r| r["rule"] == "mass_following")
        .unwrap();
    assert!(
        mass["description"]
            .as_str()
            .unwrap()
            .starts_with("l’abonné suit plus de 1\u{202F}500 comptes"),
        "{}",
        mass["description"]
    );
    assert!(j_en["rules"][0]["description"]
        .as_str()
        .unwrap()
        .starts_with("follower has at most"));
    assert_eq!(j_en["accounts"], j_fr["accounts"]);
    assert_eq!(j_en["overlap"], j_fr["overlap"]);
    assert_eq!(
        std::fs::read(en.join("audit.csv")).unwrap(),
        std::fs::read(fr.join("audit.csv")).unwrap()
    );
    let html = std::fs::read_to_string(fr.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<h2>Règles de détection des abonnés suspects</h2>"));
    assert!(html.contains("Recouvrement des audiences"));
    assert!(html.contains("l’abonné suit plus de"));
}

/// The French page works in headless Chromium: the report's self-test (sort, filter, embedded
/// data) and the interactive map's (search, panel with the French `why`, canvas fallback) pass
/// with no JavaScript error, and the map's status line is French.
#[test]
fn french_report_loads_in_headless_chromium() {
    let Some(chromium) = crate::report::chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (edges, accounts) = hostile_input(tmp.path());
    let out = tmp.path().join("out");
    analyze(
        &edges,
        Some(&accounts),
        &out,
        &["--charts", "none", "--lang", "fr"],
    );
    let page = out.join("report.html").canonicalize().unwrap();
    let dump = |fragment: &str, marker: &str| {
        let profile = tmp.path().join(format!("profile{}", marker.len()));
        let output = std::process::Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-3d-apis",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--virtual-time-budget=5000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("file://{}{fragment}", page.display()))
            .output()
            .expect("run chromium");
        let dom = String::from_utf8_lossy(&output.stdout).to_string();
        let found = dom
            .split(&format!("<pre id=\"{marker}\">"))
            .nth(1)
            .and_then(|s| s.split("</pre>").next())
            .unwrap_or_else(|| {
                panic!(
                    "no {marker}; log:\n{}",
                    String::from_utf8_lossy(&output.stderr)
                )
            })
            .to_string();
        (dom, found)
    };
    let (_, selftest) = dump("#selftest", "selftest");
    for expect in ["sort=ok", "filter=ok", "data=ok", "errors=0"] {
        assert!(selftest.contains(expect), "self-test: {selftest}");
    }
    let (dom, map) = dump("#map-search=user5", "map-selftest");
    for expect in [
        "renderer=canvas",
        "found=row:",
        "panel=ok",
        "why=ok",
        "row=ok",
    ] {
        assert!(map.contains(expect), "map self-test: {map}");
    }
    assert!(map.ends_with(" errors=0"), "map self-test: {map}");
    assert!(
        dom.contains("Dessinée sur un canevas 2D"),
        "renderer line not French"
    );
}
