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
                print_build(&outcome, opts.verbose)?;
            }
        }
        Command::Verify(args) => {
            let ctx = relais::RunContext {
                threads,
                progress: false,
                command_line: redact_key(std::env::args().collect()),
            };
            let report = pool.install(|| relais::reproduce::verify(&args.out, &ctx))?;
            print_verify(&report, args.json, opts.quiet)?;
            if !report.ok() {
                anyhow::bail!("{}: outputs are not reproduced", args.out.display());
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
            let (inspection, input) = pool.install(|| relais::ingest::inspect(&cfg));
            if let (Some(path), Some(input)) = (&args.edges, &input) {
                relais::report::write_edge_table(path, &input.edges, &input.names)?;
            }
            let mut stdout = std::io::stdout().lock();
            if args.json {
                serde_json::to_writer_pretty(&mut stdout, &inspection)?;
                writeln!(stdout)?;
            } else {
                print_inspection(&mut stdout, &inspection)?;
            }
            if inspection.paths.iter().any(|p| p.error.is_some()) {
                anyhow::bail!("some inputs could not be read (see above)");
            }
        }
        Command::Simulate(args) => {
            let cfg = args.to_config();
            let report = pool.install(|| relais::simulate::simulate(&cfg))?;
            if !opts.quiet {
                print_simulation(&cfg, &report, opts.verbose)?;
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
                print_seeds(&outcome, opts.verbose)?;
            }
        }
    }
    Ok(())
}

/// What `relais build` prints: sizes, skipped rows, and with --verbose the stage times.
fn print_build(outcome: &relais::cache::CacheOutcome, verbose: bool) -> anyhow::Result<()> {
    let skipped = outcome.skipped.total();
    if skipped > 0 {
        eprintln!("skipped {skipped} rows (see `relais inspect`)");
    }
    if verbose {
        for s in &outcome.stages {
            eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
        }
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} accounts, {} edges; graph cache in {} ({} bytes, graph {} bytes in memory)",
        outcome.nodes,
        outcome.edges,
        outcome.out.display(),
        outcome.bytes,
        outcome.graph_bytes
    )?;
    Ok(())
}

/// What `relais simulate` prints: counts, then the measured statistics next to the parameters.
fn print_simulation(
    cfg: &relais::simulate::SimulateConfig,
    report: &relais::simulate::SimulateReport,
    verbose: bool,
) -> anyhow::Result<()> {
    let (c, s, m) = (&report.counts, &report.statistics, &cfg.model);
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} accounts ({} organic, {} farm) in {} communities, {} edges; written to {} in {:.1} s",
        c.accounts,
        c.organic,
        c.farm,
        c.communities,
        c.edges,
        report.out.display(),
        report.seconds
    )?;
    let kinds: Vec<String> = c
        .edges_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(stdout, "edges: {}", kinds.join(", "))?;
    let roles: Vec<String> = c.roles.iter().map(|(r, n)| format!("{r} {n}")).collect();
    writeln!(stdout, "roles: {}", roles.join(", "))?;
    if verbose {
        for st in &report.stages {
            eprintln!("{:>8}: {:.3} s", st.stage, st.seconds);
        }
        let fit = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.2}"));
        writeln!(
            stdout,
            "measured: mu {:.3} (planted {}), follows/account {:.1} (planted {}), degree exponent {} \
             (planted {}), follows exponent {} (planted {}), community exponent {} (planted {})",
            s.mu,
            m.mu,
            s.mean_follows,
            m.mean_follows,
            fit(s.degree_exponent),
            m.degree_exponent,
            fit(s.follows_exponent),
            m.follows_exponent,
            fit(s.community_exponent),
            m.community_exponent
        )?;
    }
    stdout.flush()?;
    Ok(())
}

/// What `relais verify` prints: one line per input and per file, then the verdict.
fn print_verify(
    report: &relais::reproduce::VerifyReport,
    json: bool,
    quiet: bool,
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
        writeln!(
            stdout,
            "note: written by relais {}, verified with {}",
            report.recorded_version, report.version
        )?;
    }
    for input in &report.inputs {
        let state = match &input.status {
            InputStatus::Same => "same SHA-256".to_string(),
            InputStatus::Changed { recorded, now } => {
                format!("CHANGED (SHA-256 {recorded} in run.json, {now} now)")
            }
            InputStatus::Missing => "MISSING".to_string(),
        };
        writeln!(stdout, "input  {}: {state}", input.path.display())?;
    }
    for file in &report.files {
        let line = match file {
            FileDiff::Same { file } => format!("same     {}", file.display()),
            FileDiff::Differs {
                file,
                offset,
                sizes,
            } => format!(
                "DIFFERS  {} (first difference at byte {offset}; {} vs {} bytes)",
                file.display(),
                sizes.0,
                sizes.1
            ),
            FileDiff::Missing { file } => {
                format!("MISSING  {} (not produced again)", file.display())
            }
            FileDiff::Extra { file } => format!("EXTRA    {} (new in the re-run)", file.display()),
        };
        writeln!(stdout, "{line}")?;
    }
    for key in &report.manifest_differences {
        writeln!(stdout, "DIFFERS  run.json: {key}")?;
    }
    if report.ok() {
        writeln!(
            stdout,
            "verified: {} outputs byte-identical",
            report.files.len()
        )?;
    }
    stdout.flush()?;
    Ok(())
}

/// What `relais seeds` prints: the model, IMM's figures, the seeds and the comparison.
fn print_seeds(outcome: &relais::seeds::SeedsOutcome, verbose: bool) -> anyhow::Result<()> {
    let r = &outcome.result;
    let (p, imm) = (&r.probability, &r.imm);
    for note in &p.notes {
        eprintln!("note: {note}");
    }
    if verbose {
        for s in &outcome.stages {
            eprintln!("{:>8}: {:.3} s", s.stage, s.seconds);
        }
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} accounts, {} influence edges ({}, {}); IMM ε = {}, δ = {:.3e}: {} RR sets \
         (mean size {:.1}), {} in the sampling phase; results in {}",
        imm.nodes,
        p.edges,
        outcome_model(r),
        match p.used {
            relais::influence::Probability::WeightedCascade => "weighted cascade",
            relais::influence::Probability::Observed => "observed repost rates",
        },
        imm.epsilon,
        imm.delta,
        imm.theta,
        imm.mean_rr_size,
        imm.sampling_rr_sets,
        outcome.out.display()
    )?;
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

/// What `relais inspect` prints without --json.
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

fn print_inspection(out: &mut impl Write, ins: &relais::ingest::Inspection) -> anyhow::Result<()> {
    let kinds = |k: &std::collections::BTreeMap<String, u64>| {
        k.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let span = |s: Option<[i64; 2]>| {
        s.map_or("-".to_string(), |[a, b]| {
            format!("{} .. {}", day(a), day(b))
        })
    };
    for p in &ins.paths {
        writeln!(out, "{}", p.path.display())?;
        if let Some(e) = &p.error {
            writeln!(out, "  error: {e}")?;
            continue;
        }
        for f in &p.files {
            writeln!(out, "  {}", f.path.display())?;
            writeln!(
                out,
                "    {:<22} {:>7} rows  {}  [{}]",
                f.format,
                f.rows,
                if f.kinds.is_empty() {
                    "-".to_string()
                } else {
                    kinds(&f.kinds)
                },
                span(f.time_span)
            )?;
            for (note, n) in &f.notes {
                writeln!(out, "    problem: {note} ({n})")?;
            }
        }
        writeln!(
            out,
            "  {} accounts, {} edge records",
            p.accounts, p.edge_records
        )?;
        for (reason, n) in &p.skipped.by_reason {
            writeln!(out, "  skipped: {reason} ({n})")?;
        }
        for ex in &p.skipped.examples {
            writeln!(out, "    {ex}")?;
        }
    }
    writeln!(
        out,
        "all: {} accounts, {} edge records ({}), time span {}",
        ins.accounts,
        ins.edge_records,
        kinds(&ins.kinds),
        span(ins.time_span)
    )?;
    Ok(())
}
