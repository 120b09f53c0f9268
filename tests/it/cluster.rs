//! Cluster mode (`analyze --cluster`): 2 and 3 processes on loopback give the single-machine
//! results (PageRank within 1e-9, integers exactly); a process that never starts, dies mid-run
//! or was started with other `--workers`, host file or options fails the run with its address
//! named, within the timeout, and no output folder.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{json, relais, shared_data, write, Csv};

/// Free loopback addresses, one per process (ports picked by the OS, then released).
fn free_hosts(n: usize) -> Vec<String> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().to_string())
        .collect()
}

fn spawn(args: &[String]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("relais"))
        .args(args)
        .env_remove("RAYON_NUM_THREADS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("relais starts")
}

/// Waits for every child up to `limit`, killing them all past it. Returns (success, stderr).
fn wait_all(children: Vec<Child>, limit: Duration) -> Vec<(bool, String)> {
    let start = Instant::now();
    let mut children: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    let mut results: Vec<Option<(bool, String)>> = children.iter().map(|_| None).collect();
    while results.iter().any(Option::is_none) {
        for (i, slot) in children.iter_mut().enumerate() {
            if let Some(child) = slot {
                if child.try_wait().unwrap().is_some() {
                    let out = slot.take().unwrap().wait_with_output().unwrap();
                    let err = String::from_utf8_lossy(&out.stderr).to_string();
                    results[i] = Some((out.status.success(), err));
                }
            }
        }
        if start.elapsed() > limit {
            for (i, slot) in children.iter_mut().enumerate() {
                if let Some(mut child) = slot.take() {
                    let _ = child.kill();
                    let _ = child.wait();
                    results[i] = Some((false, "killed: past the test's time limit".into()));
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    results.into_iter().map(Option::unwrap).collect()
}

/// Runs `relais analyze input --cluster` with `processes` processes of `workers` threads.
fn run_cluster(
    dir: &Path,
    input: &Path,
    processes: usize,
    workers: usize,
    extra: &[&str],
) -> PathBuf {
    let hosts = free_hosts(processes);
    let host_file = write(
        dir,
        &format!("hosts{processes}.txt"),
        hosts.join("\n") + "\n",
    );
    let out = dir.join(format!("cluster{processes}"));
    let children = (0..processes)
        .map(|p| {
            let mut args: Vec<String> = vec![
                "analyze".into(),
                input.display().to_string(),
                "--cluster".into(),
                host_file.display().to_string(),
                "--process".into(),
                p.to_string(),
                "--workers".into(),
                workers.to_string(),
                "--cluster-timeout".into(),
                "30".into(),
                "--out".into(),
                out.display().to_string(),
            ];
            args.extend(extra.iter().map(|s| s.to_string()));
            spawn(&args)
        })
        .collect();
    for (p, (ok, err)) in wait_all(children, Duration::from_secs(600))
        .into_iter()
        .enumerate()
    {
        assert!(ok, "process {p} failed: {err}");
    }
    out
}

fn single(dir: &Path, input: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("single");
    relais()
        .args(["analyze"])
        .arg(input)
        .arg("--out")
        .arg(&out)
        .args([
            "--no-report",
            "--betweenness",
            "approx",
            "--closeness",
            "approx",
        ])
        .args(extra)
        // Generous: the development machine runs at a load of 15-20 at times.
        .timeout(Duration::from_secs(900))
        .assert()
        .success();
    out
}

/// Asserts that the cluster's accounts table agrees with the single-machine one.
fn assert_same(single: &Path, cluster: &Path) {
    let a = Csv::read(&single.join("accounts.csv"));
    let b = Csv::read(&cluster.join("accounts.csv"));
    assert_eq!(a.rows.len(), b.rows.len(), "accounts");
    // The cluster writes the single-machine columns it computes, in the same order.
    let expected: Vec<&String> = a.header.iter().filter(|h| b.header.contains(*h)).collect();
    assert_eq!(expected, b.header.iter().collect::<Vec<_>>());
    for needed in ["in_degree", "out_degree", "pagerank", "core", "wcc"] {
        assert!(b.header.iter().any(|h| h == needed), "no {needed}");
    }
    let relay = b.header.iter().any(|h| h == "role").then(|| {
        assert_roles_without_relay(&a, &b);
        a.by_account("role")
    });
    for col in &b.header {
        if matches!(col.as_str(), "account" | "role" | "roles" | "why") {
            continue;
        }
        let x = a.by_account(col);
        let y = b.by_account(col);
        let float = matches!(
            col.as_str(),
            "pagerank" | "in_strength" | "out_strength" | "engagement_pagerank"
        );
        for (id, vx) in &x {
            let vy = &y[id];
            if float {
                let (fx, fy): (f64, f64) = (vx.parse().unwrap(), vy.parse().unwrap());
                let tol = if col.ends_with("pagerank") {
                    1e-9
                } else {
                    1e-9 * fx.abs().max(1.0)
                };
                assert!((fx - fy).abs() <= tol, "{col} of {id}: {fx} vs {fy}");
            } else {
                assert_eq!(vx, vy, "{col} of {id}");
            }
        }
    }
    // Rows are a ranking: PageRank descending.
    let pr = b.col("pagerank");
    let scores: Vec<f64> = b.rows.iter().map(|r| r[pr].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    let (s, c) = (
        json(&single.join("summary.json")),
        json(&cluster.join("summary.json")),
    );
    for key in [
        "nodes",
        "edges",
        "weak_components",
        "largest_weak_component",
        "isolated_nodes",
    ] {
        assert_eq!(s["graph"][key], c["graph"][key], "summary graph.{key}");
    }
    assert_eq!(s["graph"]["edges_per_layer"], c["graph"]["edges_per_layer"]);
    assert_eq!(s["input"], c["input"], "build statistics");
    assert_eq!(s["pagerank"]["converged"], c["pagerank"]["converged"]);
    let iterations = |v: &serde_json::Value| v["pagerank"]["iterations"].as_i64().unwrap();
    assert!((iterations(&s) - iterations(&c)).abs() <= 1);
    match (
        s["graph"]["reciprocity"].as_f64(),
        c["graph"]["reciprocity"].as_f64(),
    ) {
        (Some(rs), Some(rc)) => assert!((rs - rc).abs() < 1e-12, "reciprocity {rs} vs {rc}"),
        (rs, rc) => assert_eq!(rs, rc, "reciprocity"),
    }
    // Label propagation: the whole summary section, modularity included, is identical, and so
    // are the communities and flows tables, byte for byte.
    if c.get("communities").is_some() {
        assert_eq!(s["communities"], c["communities"], "summary communities");
        for needed in ["community", "community_stability"] {
            assert!(b.header.iter().any(|h| h == needed), "no {needed}");
        }
        for file in ["communities.csv", "community_flows.csv"] {
            let x = std::fs::read_to_string(single.join(file)).unwrap();
            let y = std::fs::read_to_string(cluster.join(file))
                .unwrap_or_else(|e| panic!("cluster {file}: {e}"));
            assert!(x.lines().count() > 1, "{file} has rows");
            if x != y {
                let first = x.lines().zip(y.lines()).position(|(a, b)| a != b);
                panic!(
                    "{file} differs from the single-machine one (line {first:?}): {:?} vs {:?}",
                    first.map(|i| x.lines().nth(i)),
                    first.map(|i| y.lines().nth(i))
                );
            }
        }
        assert!(cluster.join("communities.parquet").exists());
    } else {
        assert!(!cluster.join("communities.csv").exists());
    }
    if let Some(roles) = c.get("roles") {
        let r = &s["roles"];
        for key in [
            "guimera_amaral",
            "layers",
            "precedence",
            "posts_column_found",
        ] {
            assert_eq!(r[key], roles[key], "summary roles.{key}");
        }
        // PageRank thresholds are PageRank values: within 1e-9; the others identical.
        let (t, tc) = (&r["thresholds"], &roles["thresholds"]);
        for (key, x) in t.as_object().unwrap() {
            let y = &tc[key];
            match key.as_str() {
                "relay_score" => assert!(y.is_null(), "relay_score threshold {y}"),
                "pagerank" | "local_pagerank" => {
                    let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                    assert!((x - y).abs() <= 1e-9, "threshold {key}: {x} vs {y}");
                }
                _ => assert_eq!(x, y, "threshold {key}"),
            }
        }
        assert_eq!(roles["flagged"]["relay"], 0);
        for role in [
            "prescriber",
            "influencer",
            "amplifier",
            "core",
            "peripheral",
        ] {
            assert_eq!(r["flagged"][role], roles["flagged"][role], "flagged {role}");
        }
        let relays = relay.map_or(0, |r| r.values().filter(|v| *v == "relay").count());
        assert_eq!(r["primary"]["relay"], relays as u64);
    } else {
        assert!(!b.header.iter().any(|h| h == "role"));
    }
    let run = json(&cluster.join("run.json"));
    assert_eq!(run["command"], "analyze-cluster");
    assert!(run["cluster"]["unavailable"].as_object().unwrap().len() >= 3);
    assert!(!run["cluster"]["ranges"].as_array().unwrap().is_empty());
}

/// The role columns of a cluster run (no relay rule) against the single-machine run: `roles`
/// is the single-machine flags without `relay`; `role` is the first of them (the default
/// precedence is the flags' order), `ordinary` when none; `why` is identical wherever the primary
/// role is, but for `relay` in its list of the other rules met.
fn assert_roles_without_relay(a: &Csv, b: &Csv) {
    for col in [
        "role",
        "roles",
        "why",
        "participation",
        "within_z",
        "ga_role",
    ] {
        assert!(b.header.iter().any(|h| h == col), "no {col}");
    }
    for col in ["relay_score", "gf_liaison"] {
        assert!(!b.header.iter().any(|h| h == col), "{col} in cluster mode");
    }
    let (role, roles, why) = (
        a.by_account("role"),
        a.by_account("roles"),
        a.by_account("why"),
    );
    let (role_c, roles_c, why_c) = (
        b.by_account("role"),
        b.by_account("roles"),
        b.by_account("why"),
    );
    let mut same_role = 0;
    for (id, flags) in &roles {
        let without: Vec<&str> = flags
            .split(';')
            .filter(|f| !f.is_empty() && *f != "relay")
            .collect();
        assert_eq!(roles_c[id], without.join(";"), "roles of {id}");
        let expected = without.first().copied().unwrap_or("ordinary");
        assert_eq!(
            role_c[id], expected,
            "role of {id} (single machine: {})",
            role[id]
        );
        if role[id] != "relay" {
            // The sentence ends with the other rules met ("; also relay, core"): without relay.
            let expected = why[id]
                .replace(", relay", "")
                .replace("; also relay, ", "; also ")
                .replace("; also relay", "");
            assert_eq!(why_c[id], expected, "why of {id}");
            same_role += 1;
        }
    }
    assert!(same_role > 0);
}

#[test]
fn cluster_matches_single_machine_on_email_eu_core() {
    let input = shared_data().join("email-eu-core/edges.csv");
    let dir = tempfile::tempdir().unwrap();
    let one = single(dir.path(), &input, &[]);
    let two = run_cluster(dir.path(), &input, 2, 1, &[]);
    assert_same(&one, &two);
    let three = run_cluster(dir.path(), &input, 3, 2, &[]);
    assert_same(&one, &three);
    let run = json(&three.join("run.json"));
    assert_eq!(run["cluster"]["processes"], 3);
    assert_eq!(run["cluster"]["workers_per_process"], 2);
}

#[test]
fn cluster_matches_single_machine_on_a_simulated_network() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    relais()
        .args(["simulate", "--accounts", "3000", "--seed", "7", "--out"])
        .arg(&sim)
        .assert()
        .success();
    let input = sim.join("edges.csv");
    let one = single(dir.path(), &input, &[]);
    let header = Csv::read(&one.join("accounts.csv")).header;
    assert!(
        header.iter().any(|h| h == "in_follow"),
        "layers: {header:?}"
    );
    let two = run_cluster(dir.path(), &input, 2, 2, &[]);
    assert_same(&one, &two);
    let three = run_cluster(dir.path(), &input, 3, 1, &[]);
    assert_same(&one, &three);
}

#[test]
fn cluster_matches_single_machine_undirected() {
    let input = shared_data().join("dolphins/edges.csv");
    let dir = tempfile::tempdir().unwrap();
    let one = single(dir.path(), &input, &["--undirected"]);
    let two = run_cluster(dir.path(), &input, 2, 1, &["--undirected"]);
    assert_same(&one, &two);
}

/// `--community label-propagation`: the partition (canonical numbering), the stability column
/// and the summary's communities section equal the single-machine run, with 2 and 3 processes,
/// on a directed graph (10 automatic runs), on a multi-layer weighted one with a layer subset
/// and the directed view, and on an undirected one.
#[test]
fn cluster_label_propagation_matches_single_machine() {
    let lp = ["--community", "label-propagation"];
    let dir = tempfile::tempdir().unwrap();
    let input = shared_data().join("email-eu-core/edges.csv");
    let one = single(dir.path(), &input, &lp);
    // Label propagation floods most of this dense graph into one community; the runs and the
    // stability column still have to agree.
    let summary = json(&one.join("summary.json"));
    assert_eq!(summary["communities"]["runs"], 10);
    assert_same(&one, &run_cluster(dir.path(), &input, 2, 1, &lp));
    assert_same(&one, &run_cluster(dir.path(), &input, 3, 2, &lp));

    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    relais()
        .args(["simulate", "--accounts", "2000", "--seed", "5", "--out"])
        .arg(&sim)
        .assert()
        .success();
    let input = sim.join("edges.csv");
    let opts = [
        "--community",
        "label-propagation",
        "--community-layers",
        "follow,repost",
        "--directed-communities",
        "--runs",
        "3",
    ];
    let one = single(dir.path(), &input, &opts);
    let count = |out: &Path| json(&out.join("summary.json"))["communities"]["count"].as_u64();
    assert!(count(&one).unwrap() > 5, "{:?}", count(&one));
    // Relays exist on the single machine, so the roles comparison covers accounts whose cluster
    // role had to fall back to another rule.
    let relays = &json(&one.join("summary.json"))["roles"]["flagged"]["relay"];
    assert!(relays.as_u64().unwrap() > 0, "{relays}");
    assert_same(&one, &run_cluster(dir.path(), &input, 2, 2, &opts));
    assert_same(&one, &run_cluster(dir.path(), &input, 3, 1, &opts));

    let dir = tempfile::tempdir().unwrap();
    let input = shared_data().join("dolphins/edges.csv");
    let opts = ["--community", "label-propagation", "--undirected"];
    let one = single(dir.path(), &input, &opts);
    assert!(count(&one).unwrap() > 1, "{:?}", count(&one));
    assert_same(&one, &run_cluster(dir.path(), &input, 3, 1, &opts));
}

/// The communities and flows tables with fractional edge weights, where the order of the
/// floating-point sums matters (cluster mode then gathers every out-edge's cell to process 0 and
/// sums in the single-machine order), with 2 and 3 processes: byte-identical to the single-machine
/// run (checked in `assert_same`).
#[test]
fn cluster_community_tables_match_single_machine_with_fractional_weights() {
    let dir = tempfile::tempdir().unwrap();
    let plain = std::fs::read_to_string(shared_data().join("email-eu-core/edges.csv")).unwrap();
    let mut weighted = String::from("source,target,weight\n");
    for (i, line) in plain.lines().enumerate() {
        let w = ((i * 37) % 11 + 1) as f64 / 7.0;
        weighted.push_str(&format!("{line},{w:.4}\n"));
    }
    let input = write(dir.path(), "weighted.csv", weighted);
    let lp = ["--community", "label-propagation", "--runs", "2"];
    let one = single(dir.path(), &input, &lp);
    let flows = Csv::read(&one.join("community_flows.csv"));
    let w = flows.col("weight");
    assert!(
        flows
            .rows
            .iter()
            .any(|r| r[w].parse::<f64>().unwrap().fract() != 0.0),
        "fractional flow weights"
    );
    assert_same(&one, &run_cluster(dir.path(), &input, 2, 1, &lp));
    assert_same(&one, &run_cluster(dir.path(), &input, 3, 2, &lp));
}

#[test]
fn cluster_fails_naming_a_process_that_never_starts() {
    let dir = tempfile::tempdir().unwrap();
    let hosts = free_hosts(2);
    let host_file = write(dir.path(), "hosts.txt", hosts.join("\n"));
    let out = dir.path().join("out");
    let input = shared_data().join("dolphins/edges.csv");
    let started = Instant::now();
    let child = spawn(&[
        "analyze".into(),
        input.display().to_string(),
        "--cluster".into(),
        host_file.display().to_string(),
        "--process".into(),
        "0".into(),
        "--cluster-timeout".into(),
        "3".into(),
        "--out".into(),
        out.display().to_string(),
    ]);
    let (ok, err) = wait_all(vec![child], Duration::from_secs(60)).remove(0);
    assert!(!ok);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains(&format!("process 1 ({})", hosts[1])) && err.contains("within 3 s"),
        "{err}"
    );
    assert!(!out.exists(), "no output on failure");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn cluster_fails_with_the_error_of_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let hosts = free_hosts(2);
    let host_file = write(dir.path(), "hosts.txt", hosts.join("\n"));
    let out = dir.path().join("out");
    // Process 1 reads a bad input: it stops with a parse error, and process 0 must say so.
    let args = |p: usize, input: &Path| -> Vec<String> {
        vec![
            "analyze".into(),
            input.display().to_string(),
            "--cluster".into(),
            host_file.display().to_string(),
            "--process".into(),
            p.to_string(),
            "--cluster-timeout".into(),
            "10".into(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let bad = write(
        dir.path(),
        "bad.csv",
        "source,target,weight\na,b,1\nb,c,oops\nc,a,1\n",
    );
    let results = wait_all(
        vec![
            spawn(&args(0, bad.as_path())),
            spawn(&args(1, bad.as_path())),
        ],
        Duration::from_secs(60),
    );
    for (ok, err) in &results {
        assert!(!ok);
        assert!(err.contains("bad.csv:3"), "{err}");
    }
    assert!(!out.exists());
}

/// Files left in `dir` other than `keep`: a failed run must leave no output and no staging
/// folder.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

fn cluster_args(input: &Path, hosts: &Path, p: usize, workers: usize, out: &Path) -> Vec<String> {
    vec![
        "analyze".into(),
        input.display().to_string(),
        "--cluster".into(),
        hosts.display().to_string(),
        "--process".into(),
        p.to_string(),
        "--workers".into(),
        workers.to_string(),
        "--cluster-timeout".into(),
        "30".into(),
        "--out".into(),
        out.display().to_string(),
    ]
}

/// Processes started with different `--workers`, a different host file or different options
/// fail at once (well within the 30 s timeout), each naming the other process and its address
/// and what differs; nothing is written.
#[test]
fn cluster_fails_on_a_workers_host_file_or_options_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let hosts = free_hosts(2);
    let host_file = write(dir.path(), "hosts.txt", hosts.join("\n") + "\n");
    // The same two addresses and a third line: another host file.
    let other_hosts = write(
        dir.path(),
        "hosts3.txt",
        hosts.join("\n") + "\n127.0.0.1:1\n",
    );
    let input = shared_data().join("dolphins/edges.csv");
    let out = dir.path().join("out");
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (
            cluster_args(&input, &host_file, 1, 2, &out),
            "--workers 2",
            "--workers 1",
        ),
        (
            cluster_args(&input, &other_hosts, 1, 1, &out),
            "different host file",
            "different host file",
        ),
        (
            [
                cluster_args(&input, &host_file, 1, 1, &out),
                vec!["--seed".into(), "9".into()],
            ]
            .concat(),
            "different analysis options",
            "different analysis options",
        ),
    ];
    for (second, zero_says, one_says) in cases {
        let started = Instant::now();
        let results = wait_all(
            vec![
                spawn(&cluster_args(&input, &host_file, 0, 1, &out)),
                spawn(&second),
            ],
            Duration::from_secs(120),
        );
        let elapsed = started.elapsed();
        let (ok0, err0) = &results[0];
        let (ok1, err1) = &results[1];
        assert!(!ok0 && !ok1, "both fail: {err0} / {err1}");
        assert!(
            err0.contains(&format!("process 1 ({})", hosts[1])) && err0.contains(zero_says),
            "process 0 says: {err0}"
        );
        assert!(
            err1.contains(&format!("process 0 ({})", hosts[0])) && err1.contains(one_says),
            "process 1 says: {err1}"
        );
        assert!(elapsed < Duration::from_secs(25), "{elapsed:?}");
        assert!(!out.exists(), "no output on failure");
        assert!(
            leftovers(dir.path(), &["hosts.txt", "hosts3.txt"]).is_empty(),
            "{:?}",
            leftovers(dir.path(), &[])
        );
    }
}

/// A process killed in the middle of the run (it stops at a superstep through the test hook
/// `RELAIS_CLUSTER_TEST_STALL`, says so, and is killed there with SIGKILL): the two others fail
/// within the timeout with a lost-connection error, at least one of them naming process 1 and its
/// address (the other may see that survivor stop first and name it), no panic message and no
/// abort, and nothing is written. (Session 4 saw a survivor abort with "thread caused
/// non-unwinding panic. aborting." here: a destructor of timely's allocator panicking on a
/// poisoned queue while its thread unwound; see `cluster::net::watch_panics`.)
#[test]
fn cluster_fails_when_a_process_is_killed_mid_run() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let hosts = free_hosts(3);
    let host_file = write(dir.path(), "hosts.txt", hosts.join("\n") + "\n");
    let input = shared_data().join("email-eu-core/edges.csv");
    let out = dir.path().join("out");
    let mut children: Vec<Child> = (0..3)
        .map(|p| {
            let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("relais"));
            cmd.args(cluster_args(&input, &host_file, p, 1, &out))
                .env_remove("RAYON_NUM_THREADS")
                .env_remove("RELAIS_CLUSTER_TEST_STALL")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            if p == 1 {
                // Superstep 12 is within PageRank's iterations.
                cmd.env("RELAIS_CLUSTER_TEST_STALL", "12");
            }
            cmd.spawn().expect("relais starts")
        })
        .collect();
    // Wait (bounded) for process 1's marker, then kill it there.
    let stderr = children[1].stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            if line.contains("test hook: stalled at superstep 12") {
                let _ = tx.send(line);
                return;
            }
        }
    });
    let marker = rx.recv_timeout(Duration::from_secs(120));
    let mut one = children.remove(1);
    one.kill().unwrap();
    let status = one.wait().unwrap();
    assert!(marker.is_ok(), "process 1 never reached superstep 12");
    assert!(!status.success());
    let killed = Instant::now();
    let results = wait_all(children, Duration::from_secs(120));
    // The timeout is 30 s; a lost connection is seen at once, a silent peer after 30 s.
    assert!(
        killed.elapsed() < Duration::from_secs(45),
        "{:?}",
        killed.elapsed()
    );
    // Each survivor names a lost process; the first to notice names process 1, the other may
    // see that survivor stop first and name it instead (a cascade), so at least one names 1.
    for (p, (ok, err)) in [0, 2].iter().zip(&results) {
        assert!(!ok, "process {p} must fail");
        assert!(
            err.contains("lost the connection"),
            "process {p} says: {err}"
        );
        assert!(
            !err.contains("panic") && !err.contains("abort"),
            "process {p} says: {err}"
        );
    }
    assert!(
        results
            .iter()
            .any(|(_, err)| err.contains(&format!("process 1 ({})", hosts[1]))),
        "{results:?}"
    );
    assert!(!out.exists(), "no output on failure");
    assert!(leftovers(dir.path(), &["hosts.txt"]).is_empty());
}
