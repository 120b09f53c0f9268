//! Bad input never crashes and never loses data: each error names the file, the line or record and
//! the field; `--lenient` skips bad rows and counts them by reason.

use std::path::Path;

use predicates::prelude::*;

use crate::support::{json, relais, write};

/// Runs `relais analyze FILE` (plus `extra`) in `dir` and expects exit code 1 with `message` on
/// stderr and no output folder.
fn check_error(dir: &Path, file: &str, extra: &[&str], message: &str) {
    relais()
        .current_dir(dir)
        .args(["analyze", file, "--out", "out"])
        .args(extra)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("Error: "))
        .stderr(predicate::str::contains(message));
    assert!(!dir.join("out").exists(), "a failed run leaves no output");
    let leftovers = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count();
    assert_eq!(leftovers, 0, "a failed run leaves no staging folder");
}

#[test]
fn missing_file() {
    let tmp = tempfile::tempdir().unwrap();
    check_error(
        tmp.path(),
        "nope.csv",
        &[],
        "nope.csv: No such file or directory",
    );
}

#[test]
fn unreadable_parquet() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "bad.parquet", "this is not parquet at all");
    check_error(tmp.path(), "bad.parquet", &[], "bad.parquet: Parquet:");
}

#[test]
fn empty_input() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "empty.csv", "");
    check_error(
        tmp.path(),
        "empty.csv",
        &[],
        "empty.csv: no edge records (0 rows read)",
    );
    write(tmp.path(), "header_only.csv", "source,target\n");
    check_error(
        tmp.path(),
        "header_only.csv",
        &[],
        "header_only.csv: no edge records",
    );
}

#[test]
fn no_source_or_target_column() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "cols.csv", "a,b,c\n1,2,3\n");
    check_error(
        tmp.path(),
        "cols.csv",
        &["--format", "table"],
        "cols.csv: no column \"source\" in the header (columns: a, b, c); name yours with --source-col",
    );
    write(tmp.path(), "half.csv", "source,b\n1,2\n");
    check_error(
        tmp.path(),
        "half.csv",
        &["--format", "table"],
        "no column \"target\"",
    );
    // Unrecognised headers are read as a header-less edge list; the error says how to map them.
    write(tmp.path(), "named.csv", "from,to,weight\n1,2,3\n");
    check_error(tmp.path(), "named.csv", &[], "named.csv:1: column \"weight\": \"weight\" is not a number (if this line is a header, name the columns with --source-col and --target-col)");
}

#[test]
fn non_utf8_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "bytes.csv", b"source,target\nx,y\nx,\xff\xfe\n");
    check_error(
        tmp.path(),
        "bytes.csv",
        &[],
        "bytes.csv:3: column \"target\" is not valid UTF-8",
    );
    write(tmp.path(), "bytes.txt", b"1 2\n\xff 3\n");
    check_error(
        tmp.path(),
        "bytes.txt",
        &[],
        "bytes.txt:2: column \"line\" is not valid UTF-8",
    );
}

#[test]
fn multi_megabyte_line_is_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "a".repeat(5 << 20);
    write(
        tmp.path(),
        "long.csv",
        format!("source,target\n{long},b\nb,c\n"),
    );
    relais()
        .current_dir(tmp.path())
        .args(["analyze", "long.csv", "--out", "out", "-q"])
        .assert()
        .success();
    let text = std::fs::read_to_string(tmp.path().join("out/accounts.csv")).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with(&long)),
        "the 5 MiB id is kept intact"
    );
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    // A broken multi-megabyte line is reported with its line number.
    write(
        tmp.path(),
        "long_bad.csv",
        format!("source,target,weight\nb,c,1\n{long},b,x{long}\n"),
    );
    check_error(
        tmp.path(),
        "long_bad.csv",
        &[],
        "long_bad.csv:3: column \"weight\"",
    );
}

#[test]
fn weight_not_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "w.csv",
        "source,target,weight\nx,y,1\nx,z,abc\n",
    );
    check_error(
        tmp.path(),
        "w.csv",
        &[],
        "w.csv:3: column \"weight\": \"abc\" is not a number",
    );
}

#[test]
fn nan_and_negative_weights() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "nan.csv", "source,target,weight\nx,y,NaN\n");
    check_error(
        tmp.path(),
        "nan.csv",
        &[],
        "nan.csv:2: column \"weight\": \"NaN\" must be a finite number >= 0",
    );
    write(
        tmp.path(),
        "neg.csv",
        "source,target,weight\nx,y,1\nx,z,-1\n",
    );
    check_error(
        tmp.path(),
        "neg.csv",
        &[],
        "neg.csv:3: column \"weight\": \"-1\" must be a finite number >= 0",
    );
    write(
        tmp.path(),
        "inf.jsonl",
        "{\"source\": \"x\", \"target\": \"y\", \"weight\": \"inf\"}\n",
    );
    check_error(
        tmp.path(),
        "inf.jsonl",
        &[],
        "inf.jsonl:1: column \"weight\"",
    );
}

#[test]
fn empty_ids_wrong_field_counts_and_broken_json() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "e.csv", "source,target\nx,y\nx,\n");
    check_error(
        tmp.path(),
        "e.csv",
        &[],
        "e.csv:3: column \"target\" is empty",
    );
    write(tmp.path(), "f.csv", "source,target\nx,y,z\n");
    check_error(
        tmp.path(),
        "f.csv",
        &[],
        "f.csv:2: expected 2 fields as in the header, found 3",
    );
    write(
        tmp.path(),
        "j.jsonl",
        "{\"source\": \"a\", \"target\": 1}\n{\"source\": \"a\"\n",
    );
    check_error(tmp.path(), "j.jsonl", &[], "j.jsonl:2: not a JSON object");
    write(
        tmp.path(),
        "t.csv",
        "source,target,timestamp\nx,y,yesterday\n",
    );
    check_error(
        tmp.path(),
        "t.csv",
        &[],
        "t.csv:2: column \"timestamp\": \"yesterday\" is neither RFC 3339 nor Unix seconds",
    );
}

#[test]
fn lenient_skips_and_counts_by_reason() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "mixed.csv",
        b"source,target,weight\nx,y,1\nx,z,NaN\n,z,1\ny,z,-2\nz,x,2\nq,\xff,1\nx,y,1,extra\n",
    );
    let assert = relais()
        .current_dir(tmp.path())
        .args(["analyze", "mixed.csv", "--lenient", "--out", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("skipped 5 rows"));
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("mixed.csv:3: column \"weight\""),
        "{stderr}"
    );
    let run = json(&tmp.path().join("out/run.json"));
    let skipped = &run["rows"]["skipped"]["by_reason"];
    assert_eq!(skipped["bad weight"], 2);
    assert_eq!(skipped["empty source"], 1);
    assert_eq!(skipped["invalid UTF-8"], 1);
    assert_eq!(skipped["wrong field count"], 1);
    assert_eq!(run["rows"]["edge_rows_read"], 7);
    assert_eq!(run["rows"]["edge_records"], 2);
}

#[test]
fn failed_run_keeps_previous_result() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "good.csv", "source,target\nx,y\n");
    write(tmp.path(), "bad.csv", "source,target,weight\nx,y,oops\n");
    relais()
        .current_dir(tmp.path())
        .args(["analyze", "good.csv", "--out", "out", "-q"])
        .assert()
        .success();
    let before = std::fs::read(tmp.path().join("out/accounts.csv")).unwrap();
    relais()
        .current_dir(tmp.path())
        .args(["analyze", "bad.csv", "--out", "out", "--force"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read(tmp.path().join("out/accounts.csv")).unwrap(),
        before
    );
}

#[test]
fn usage_errors_exit_2() {
    relais().args(["analyze", "--bogus"]).assert().code(2);
    relais().arg("analyze").assert().code(2);
}

#[test]
fn invalid_configuration_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "g.csv", "source,target\nx,y\n");
    check_error(
        tmp.path(),
        "g.csv",
        &["--damping", "1.5"],
        "pagerank.damping: 1.5 is outside [0, 1)",
    );
    check_error(
        tmp.path(),
        "g.csv",
        &["--threads", "0"],
        "--threads must be at least 1",
    );
}
