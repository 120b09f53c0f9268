//! The `relais` binary: parse the command line, build one rayon pool, run, map errors to exit codes
//! (0 ok, 1 error, 2 usage).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use cli::{Command, Opts};
use relais::i18n::{Lang, Tr};

/// Most threads used when `--threads` is not given.
const MAX_DEFAULT_THREADS: usize = 64;

fn main() -> ExitCode {
    let matches = Opts::command().get_matches();
    let opts = Opts::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(&opts, &matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("Error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `relais analyze --cluster`: this process's part of a cluster run (process 0 writes the outputs).
#[cfg(feature = "cluster")]
fn run_cluster(
    args: &cli::AnalyzeArgs,
    cfg: &relais::Config,
    ctx: &relais::RunContext,
    opts: &Opts,
) -> anyhow::Result<()> {
    let Some(cluster) = args.cluster_config()? else {
        return Ok(());
    };
    let outcome = relais::cluster::analyze(cfg, &cluster, ctx)?;
    if opts.quiet {
        return Ok(());
    }
    if opts.verbose {
        for s in &outcome.stages {
            eprintln!("{:>9}: {:.3} s", s.stage, s.seconds);
        }
    }
    let skipped = outcome.skipped.total();
    if skipped > 0 {
        eprintln!("skipped {skipped} rows");
    }
    match &outcome.out {
        Some(out) => println!(
            "{} accounts, {} edges; PageRank {} in {} iterations; results in {}",
            outcome.nodes,
            outcome.edges,
            if outcome.pagerank.converged {
                "converged"
            } else {
                "did not converge"
            },
            outcome.pagerank.iterations,
            out.display()
        ),
        None => println!(
            "process {} done; process 0 writes the results",
            cluster.process
        ),
    }
    Ok(())
}

/// Without the `cluster` feature, `--cluster` is refused.
#[cfg(not(feature = "cluster"))]
fn run_cluster(
    _: &cli::AnalyzeArgs,
    _: &relais::Config,
    _: &relais::RunContext,
    _: &Opts,
) -> anyhow::Result<()> {
    anyhow::bail!("this relais was built without the `cluster` feature; --cluster is unavailable")
}

fn run(opts: &Opts, matches: &ArgMatches) -> anyhow::Result<()> {
    let threads = match opts.threads {
        Some(0) => anyhow::bail!("--threads must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_DEFAULT_THREADS),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("could not start the worker threads")?;
    match &opts.command {
        Command::Analyze(args) => {
            let sub = matches
                .subcommand_matches("analyze")
                .context("analyze arguments")?;
            let mut cfg = args.resolve(sub)?;
            // --lang, else a config file's report.lang, else the locale; run.json records it.
            cfg.report.lang = Some(opts.lang.or(cfg.report.lang).unwrap_or_else(Lang::detect));
            let tr = Tr::new(cfg.report.language());
            if args.print_config {
                print!("{}", relais::ingest::config_to_toml(&cfg.effective())?);
                return Ok(());
            }
            let ctx = relais::RunContext {
                threads,
                progress: !opts.quiet && std::io::stderr().is_terminal(),
                command_line: redact_key(std::env::args().collect()),
            };
            if args.cluster.is_some() {
                return run_cluster(args, &cfg, &ctx, opts);
            }
            let outcome = pool.install(|| relais::analyze(&cfg, &ctx))?;
            if !opts.quiet {
                let skipped = outcome.skipped.total();
                if skipped > 0 {
                    let reasons: Vec<String> = outcome
                        .skipped
                        .by_reason
                        .iter()
                        .map(|(reason, n)| format!("{reason} {n}"))
                        .collect();
                    eprintln!(
                        "{}",
                        tr.tr_args(
                            "cli-skipped",
                            &[
                                ("count", tr.count(skipped).into()),
                                ("reasons", reasons.join(", ").into())
                            ]
                        )
                    );
                    for example in &outcome.skipped.examples {
                        eprintln!("  {example}");
                    }
                }
                if opts.verbose {
                    for s in &outcome.stages {
                        eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
                    }
                }
                let g = &outcome.summary.graph;
                let mut stdout = std::io::stdout().lock();
                let done = tr.tr_args(
                    "cli-analyze-done",
                    &[
                        ("accounts", tr.count(g.nodes).into()),
                        ("edges", tr.count(g.edges).into()),
                        ("components", tr.count(g.weak_components).into()),
                        ("out", outcome.out.display().to_string().into()),
                    ],
                );
                writeln!(stdout, "{done}")?;
                write!(stdout, "{}", outcome.top)?;
                stdout.flush()?;
            }
        }
        Command::Build(args) => {
            let cfg = args.to_config();
            let progress = !opts.quiet && std::io::stderr().is_terminal();
            let bar = if progress {
                indicatif::ProgressBar::new_spinner()
            } else {
                indicatif::ProgressBar::hidden()
            };
            let outcome = pool.install(|| relais::cache::build_cache(&cfg, &bar))?;
            bar.finish_and_clear();
            if !opts.quiet {
                print_build(&outcome, opts.verbose, &cli_tr(opts))?;
            }
        }
        Command::Verify(args) => {
            let ctx = relais::RunContext {
                threads,
                progress: false,
                command_line: redact_key(std::env::args().collect()),
            };
            let report = pool.install(|| relais::reproduce::verify(&args.out, &ctx))?;
            let tr = cli_tr(opts);
            print_verify(&report, args.json, opts.quiet, &tr)?;
            if !report.ok() {
                anyhow::bail!(
                    "{}",
                    tr.tr_args(
                        "cli-verify-failed",
                        &[("out", args.out.display().to_string().into())]
                    )
                );
            }
        }
        Command::Methods(args) => {
            let record = relais::ingest::read_run_record(&args.out)?;
            let summary = relais::ingest::read_json(&args.out.join("summary.json"))?;
            let tr = Tr::new(opts.lang.unwrap_or_else(Lang::detect));
            let methods = relais::reproduce::methods_in(&record, &summary, &tr)?;
            let bib = args
                .bib
                .clone()
                .unwrap_or_else(|| args.out.join("references.bib"));
            relais::report::write_file_atomic(&bib, methods.bibtex().as_bytes())?;
            let mut stdout = std::io::stdout().lock();
            write!(stdout, "{}", methods.text)?;
            if !opts.quiet {
                let refs = tr.tr_args(
                    "cli-references",
                    &[
                        ("count", methods.keys.len().to_string().into()),
                        ("path", bib.display().to_string().into()),
                    ],
                );
                eprintln!("{refs}");
            }
        }
        Command::Audit(args) => {
            let mut cfg = args.to_config()?;
            let lang = opts.lang.or(cfg.base.report.lang);
            cfg.base.report.lang = Some(lang.unwrap_or_else(Lang::detect));
            let ctx = relais::RunContext {
                threads,
                progress: !opts.quiet && std::io::stderr().is_terminal(),
                command_line: redact_key(std::env::args().collect()),
            };
            let outcome = pool.install(|| relais::audit_pipeline::audit_accounts(&cfg, &ctx))?;
            if !opts.quiet {
                print_audit(&outcome, opts.verbose)?;
            }
        }
        Command::Inspect(args) => {
            let cfg = args.to_config();
            if let Some(path) = relais::cache::detect(&cfg)? {
                if args.edges.is_some() {
                    anyhow::bail!(
                        "{} is a graph cache, which keeps no edge records: --edges needs the \
                         source files",
                        path.display()
                    );
                }
                let info = pool.install(|| relais::cache::inspect(&path))?;
                let mut stdout = std::io::stdout().lock();
                if args.json {
                    serde_json::to_writer_pretty(&mut stdout, &info)?;
                    writeln!(stdout)?;
                } else {
                    print_cache_info(&mut stdout, &info)?;
                }
                return Ok(());
            }
            let tr = cli_tr(opts);
            let (inspection, input) = pool.install(|| relais::ingest::inspect(&cfg));
            if let (Some(path), Some(input)) = (&args.edges, &input) {
                relais::report::write_edge_table(path, &input.edges, &input.names)?;
            }
            let mut stdout = std::io::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut stdout, &inspection)?;
                writeln!(stdout)?;
            } else {
                print_inspection(&mut stdout, &inspection, &tr)?;
            }
            if inspection.paths.iter().any(|p| p.error.is_some()) {
                anyhow::bail!("{}", tr.tr("cli-inspect-failed"));
            }
        }
        Command::Simulate(args) => {
            let cfg = args.to_config();
            let report = pool.install(|| relais::simulate::simulate(&cfg))?;
            if !opts.quiet {
                print_simulation(&cfg, &report, opts.verbose, &cli_tr(opts))?;
            }
        }
        Command::Seeds(args) => {
            let cfg = args.to_config();
            let ctx = relais::RunContext {
                threads,
                progress: !opts.quiet && std::io::stderr().is_terminal(),
                command_line: redact_key(std::env::args().collect()),
            };
            let outcome = pool.install(|| relais::seeds::seeds(&cfg, &ctx))?;
            if !opts.quiet {
                print_seeds(&outcome, opts.verbose, &cli_tr(opts))?;
            }
        }
    }
    Ok(())
}

/// What `relais build` prints: sizes, skipped rows, and with --verbose the stage times.
fn print_build(
    outcome: &relais::cache::CacheOutcome,
    verbose: bool,
    tr: &Tr,
) -> anyhow::Result<()> {
    let skipped = outcome.skipped.total();
    if skipped > 0 {
        let line = tr.tr_args("cli-build-skipped", &[("count", tr.count(skipped).into())]);
        eprintln!("{line}");
    }
    if verbose {
        for s in &outcome.stages {
            eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
        }
    }
    let mut stdout = std::io::stdout().lock();
    let done = tr.tr_args(
        "cli-build-done",
        &[
            ("accounts", tr.count(outcome.nodes).into()),
            ("edges", tr.count(outcome.edges).into()),
            ("out", outcome.out.display().to_string().into()),
            ("bytes", tr.count(outcome.bytes).into()),
            ("graph", tr.count(outcome.graph_bytes as u64).into()),
        ],
    );
    writeln!(stdout, "{done}")?;
    Ok(())
}

/// What `relais simulate` prints: counts, then the measured statistics next to the parameters.
fn print_simulation(
    cfg: &relais::simulate::SimulateConfig,
    report: &relais::simulate::SimulateReport,
    verbose: bool,
    tr: &Tr,
) -> anyhow::Result<()> {
    let (c, s, m) = (&report.counts, &report.statistics, &cfg.model);
    let mut stdout = std::io::stdout().lock();
    let n = |x: u64| -> relais::i18n::Arg<'static> { tr.count(x).into() };
    let done = tr.tr_args(
        "cli-simulate-done",
        &[
            ("accounts", n(c.accounts)),
            ("organic", n(c.organic)),
            ("farm", n(c.farm)),
            ("communities", n(c.communities)),
            ("edges", n(c.edges)),
            ("out", report.out.display().to_string().into()),
            ("seconds", tr.fixed(report.seconds, 1).into()),
        ],
    );
    writeln!(stdout, "{done}")?;
    let kinds: Vec<String> = c
        .edges_by_kind
        .iter()
        .map(|(k, x)| format!("{k} {}", tr.count(*x)))
        .collect();
    let line = tr.tr_args("cli-simulate-edges", &[("list", kinds.join(", ").into())]);
    writeln!(stdout, "{line}")?;
    let roles: Vec<String> = c
        .roles
        .iter()
        .map(|(r, x)| format!("{r} {}", tr.count(*x)))
        .collect();
    let line = tr.tr_args("cli-simulate-roles", &[("list", roles.join(", ").into())]);
    writeln!(stdout, "{line}")?;
    if verbose {
        for st in &report.stages {
            eprintln!("{:>8}: {:.3} s", st.stage, st.seconds);
        }
        let fit = |x: Option<f64>| x.map_or("-".to_string(), |x| tr.fixed(x, 2));
        let plain = |x: f64| -> relais::i18n::Arg<'static> { tr.decimal(&x.to_string()).into() };
        let line = tr.tr_args(
            "cli-simulate-measured",
            &[
                ("mu", tr.fixed(s.mu, 3).into()),
                ("pmu", plain(m.mu)),
                ("follows", tr.fixed(s.mean_follows, 1).into()),
                ("pfollows", plain(m.mean_follows)),
                ("degree", fit(s.degree_exponent).into()),
                ("pdegree", plain(m.degree_exponent)),
                ("fexp", fit(s.follows_exponent).into()),
                ("pfexp", plain(m.follows_exponent)),
                ("cexp", fit(s.community_exponent).into()),
                ("pcexp", plain(m.community_exponent)),
            ],
        );
        writeln!(stdout, "{line}")?;
    }
    stdout.flush()?;
    Ok(())
}

/// What `relais verify` prints: one line per input and per file, then the verdict.
fn print_verify(
    report: &relais::reproduce::VerifyReport,
    json: bool,
    quiet: bool,
    tr: &Tr,
) -> anyhow::Result<()> {
    use relais::report::FileDiff;
    use relais::reproduce::InputStatus;
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, report)?;
        writeln!(stdout)?;
        return Ok(());
    }
    if quiet {
        return Ok(());
    }
    if report.recorded_version != report.version {
        let note = tr.tr_args(
            "cli-verify-note",
            &[
                ("recorded", report.recorded_version.as_str().into()),
                ("version", report.version.into()),
            ],
        );
        writeln!(stdout, "{note}")?;
    }
    let path =
        |p: &std::path::Path| -> relais::i18n::Arg<'static> { p.display().to_string().into() };
    for input in &report.inputs {
        let state = match &input.status {
            InputStatus::Same => tr.tr("cli-verify-input-same"),
            InputStatus::Changed { recorded, now } => tr.tr_args(
                "cli-verify-input-changed",
                &[
                    ("recorded", recorded.as_str().into()),
                    ("now", now.as_str().into()),
                ],
            ),
            InputStatus::Missing => tr.tr("cli-verify-input-missing"),
        };
        let line = tr.tr_args(
            "cli-verify-input",
            &[("path", path(&input.path)), ("state", state.into())],
        );
        writeln!(stdout, "{line}")?;
    }
    for file in &report.files {
        let line = match file {
            FileDiff::Same { file } => tr.tr_args("cli-verify-same", &[("file", path(file))]),
            FileDiff::Differs {
                file,
                offset,
                sizes,
            } => tr.tr_args(
                "cli-verify-differs",
                &[
                    ("file", path(file)),
                    ("offset", tr.count(*offset).into()),
                    ("recorded", tr.count(sizes.0).into()),
                    ("now", tr.count(sizes.1).into()),
                ],
            ),
            FileDiff::Missing { file } => tr.tr_args("cli-verify-missing", &[("file", path(file))]),
            FileDiff::Extra { file } => tr.tr_args("cli-verify-extra", &[("file", path(file))]),
        };
        writeln!(stdout, "{line}")?;
    }
    for key in &report.manifest_differences {
        let line = tr.tr_args("cli-verify-manifest", &[("key", key.as_str().into())]);
        writeln!(stdout, "{line}")?;
    }
    if report.ok() {
        let line = tr.tr_args(
            "cli-verify-ok",
            &[("count", tr.count(report.files.len() as u64).into())],
        );
        writeln!(stdout, "{line}")?;
    }
    stdout.flush()?;
    Ok(())
}

/// What `relais seeds` prints: the model, IMM's figures, the seeds and the comparison.
fn print_seeds(
    outcome: &relais::seeds::SeedsOutcome,
    verbose: bool,
    tr: &Tr,
) -> anyhow::Result<()> {
    let r = &outcome.result;
    let (p, imm) = (&r.probability, &r.imm);
    for note in &p.notes {
        let line = tr.tr_args("cli-note", &[("note", note.as_str().into())]);
        eprintln!("{line}");
    }
    if verbose {
        for s in &outcome.stages {
            eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
        }
    }
    let mut stdout = std::io::stdout().lock();
    let done = tr.tr_args(
        "cli-seeds-done",
        &[
            ("accounts", tr.count(imm.nodes).into()),
            ("edges", tr.count(p.edges).into()),
            ("model", outcome_model(r).into()),
            (
                "probability",
                tr.tr(match p.used {
                    relais::influence::Probability::WeightedCascade => "cli-seeds-wc",
                    relais::influence::Probability::Observed => "cli-seeds-observed",
                })
                .into(),
            ),
            ("epsilon", tr.decimal(&imm.epsilon.to_string()).into()),
            ("delta", tr.decimal(&format!("{:.3e}", imm.delta)).into()),
            ("theta", tr.count(imm.theta).into()),
            ("mean", tr.fixed(imm.mean_rr_size, 1).into()),
            ("sampling", tr.count(imm.sampling_rr_sets).into()),
            ("out", outcome.out.display().to_string().into()),
        ],
    );
    writeln!(stdout, "{done}")?;
    write!(stdout, "{}", outcome.text)?;
    stdout.flush()?;
    Ok(())
}

fn outcome_model(r: &relais::influence::SeedsResult) -> &'static str {
    match r.model {
        relais::influence::Model::Ic => "IC",
        relais::influence::Model::Lt => "LT",
    }
}

/// What `relais audit` prints: one line per audited account.
fn print_audit(
    outcome: &relais::audit_pipeline::AuditOutcome,
    verbose: bool,
) -> anyhow::Result<()> {
    if verbose {
        for s in &outcome.stages {
            eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
        }
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{:<24} {:>9} {:>8} {:>12} {:>12}",
        "account", "audience", "active", "suspicious", "authenticity"
    )?;
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1} %", 100.0 * x));
    for a in &outcome.result.accounts {
        let share = |n: u64| (a.audience > 0).then(|| n as f64 / a.audience as f64);
        writeln!(
            stdout,
            "{:<24} {:>9} {:>8} {:>12} {:>12}",
            a.account,
            a.audience,
            pct(a.active.and_then(share)),
            pct(share(a.suspicious)),
            a.authenticity
                .map_or("-".to_string(), |x| format!("{x:.3}"))
        )?;
    }
    writeln!(stdout, "results in {}", outcome.out.display())?;
    stdout.flush()?;
    Ok(())
}

/// The catalogue of the commands other than `analyze` and `audit`: `--lang`, else the locale.
fn cli_tr(opts: &Opts) -> Tr {
    Tr::new(opts.lang.unwrap_or_else(Lang::detect))
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The command line with the value of `--key` replaced, for run.json.
fn redact_key(mut args: Vec<String>) -> Vec<String> {
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--key" && i + 1 < args.len() {
            args[i + 1] = "<redacted>".into();
            i += 1;
        } else if args[i].starts_with("--key=") {
            args[i] = "--key=<redacted>".into();
        }
        i += 1;
    }
    args
}

/// Formats Unix seconds as a UTC date.
fn day(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// What `relais inspect graph.relais` prints: the cache's header, metadata and sections.
fn print_cache_info(out: &mut impl Write, c: &relais::cache::CacheInfo) -> anyhow::Result<()> {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    writeln!(out, "{}", c.path.display())?;
    writeln!(
        out,
        "  graph cache, layout version {}, built by relais {}",
        c.layout_version, c.relais_version
    )?;
    writeln!(out, "  {} bytes, sha256 {}", c.bytes, c.sha256)?;
    writeln!(
        out,
        "  {} graph: {} accounts, {} edges ({} edge records read; {} self-loops removed, {} \
         duplicates merged)",
        if c.directed { "directed" } else { "undirected" },
        c.nodes,
        c.edges,
        c.edge_records,
        c.build.self_loops_removed,
        c.build.duplicates_merged
    )?;
    writeln!(
        out,
        "  layers: {}; weights: {}; multiplicity: {}; integer ids: {}; accounts table: {}",
        c.layers.join(", "),
        yes_no(c.weighted),
        yes_no(c.multiplicity),
        yes_no(c.integer_ids),
        yes_no(c.accounts_table)
    )?;
    for (reason, n) in &c.skipped.by_reason {
        writeln!(out, "  skipped: {reason} ({n})")?;
    }
    writeln!(out, "  sources:")?;
    for f in &c.sources {
        writeln!(
            out,
            "    {} ({}, {}, {} bytes, {} rows) sha256 {}",
            f.path.display(),
            f.role,
            f.format,
            f.bytes,
            f.rows,
            f.sha256
        )?;
    }
    writeln!(out, "  sections (checksums verified):")?;
    for s in &c.sections {
        writeln!(out, "    {:<8} {:>14} bytes", s.tag, s.bytes)?;
    }
    Ok(())
}

/// What `relais inspect` prints without --json.
fn print_inspection(
    out: &mut impl Write,
    ins: &relais::ingest::Inspection,
    tr: &Tr,
) -> anyhow::Result<()> {
    let kinds = |k: &std::collections::BTreeMap<String, u64>| {
        k.iter()
            .map(|(k, n)| format!("{k} {}", tr.count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let span = |s: Option<[i64; 2]>| {
        s.map_or("-".to_string(), |[a, b]| {
            format!("{} .. {}", tr.date(&day(a)), tr.date(&day(b)))
        })
    };
    let rows_word = tr.tr("cli-inspect-rows");
    for p in &ins.paths {
        writeln!(out, "{}", p.path.display())?;
        if let Some(e) = &p.error {
            let line = tr.tr_args("cli-inspect-error", &[("error", e.into())]);
            writeln!(out, "  {line}")?;
            continue;
        }
        for f in &p.files {
            writeln!(out, "  {}", f.path.display())?;
            writeln!(
                out,
                "    {:<22} {:>7} {rows_word}  {}  [{}]",
                f.format,
                tr.count(f.rows),
                if f.kinds.is_empty() {
                    "-".to_string()
                } else {
                    kinds(&f.kinds)
                },
                span(f.time_span)
            )?;
            for (note, n) in &f.notes {
                let line = tr.tr_args(
                    "cli-inspect-problem",
                    &[
                        ("note", note.as_str().into()),
                        ("count", tr.count(*n).into()),
                    ],
                );
                writeln!(out, "    {line}")?;
            }
        }
        let line = tr.tr_args(
            "cli-inspect-path",
            &[
                ("accounts", tr.count(p.accounts as u64).into()),
                ("records", tr.count(p.edge_records).into()),
            ],
        );
        writeln!(out, "  {line}")?;
        for (reason, n) in &p.skipped.by_reason {
            let line = tr.tr_args(
                "cli-inspect-skipped",
                &[
                    ("reason", reason.as_str().into()),
                    ("count", tr.count(*n).into()),
                ],
            );
            writeln!(out, "  {line}")?;
        }
        for ex in &p.skipped.examples {
            writeln!(out, "    {ex}")?;
        }
    }
    let line = tr.tr_args(
        "cli-inspect-all",
        &[
            ("accounts", tr.count(ins.accounts as u64).into()),
            ("records", tr.count(ins.edge_records).into()),
            ("kinds", kinds(&ins.kinds).into()),
            ("span", span(ins.time_span).into()),
        ],
    );
    writeln!(out, "{line}")?;
    Ok(())
}
