//! The `relais` binary: parse the command line, build one rayon pool, run, map errors to exit codes
//! (0 ok, 1 error, 2 usage).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{Command, Opts};

/// Most threads used when `--threads` is not given.
const MAX_DEFAULT_THREADS: usize = 64;

fn main() -> ExitCode {
    let opts = Opts::parse();
    match run(&opts) {
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

fn run(opts: &Opts) -> anyhow::Result<()> {
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
            let cfg = args.to_config();
            let ctx = relais::RunContext {
                threads,
                progress: !opts.quiet && std::io::stderr().is_terminal(),
                command_line: std::env::args().collect(),
            };
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
                    eprintln!("skipped {skipped} rows ({})", reasons.join(", "));
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
                writeln!(
                    stdout,
                    "{} accounts, {} edges, {} weak components; results in {}",
                    g.nodes,
                    g.edges,
                    g.weak_components,
                    outcome.out.display()
                )?;
                write!(stdout, "{}", outcome.top)?;
                stdout.flush()?;
            }
        }
        Command::Audit(args) => {
            let cfg = args.to_config()?;
            let ctx = relais::RunContext {
                threads,
                progress: !opts.quiet && std::io::stderr().is_terminal(),
                command_line: std::env::args().collect(),
            };
            let outcome = pool.install(|| relais::audit_pipeline::audit_accounts(&cfg, &ctx))?;
            if !opts.quiet {
                print_audit(&outcome, opts.verbose)?;
            }
        }
        Command::Simulate(args) => {
            let cfg = args.to_config();
            let report = pool.install(|| relais::simulate::simulate(&cfg))?;
            if !opts.quiet {
                print_simulation(&cfg, &report, opts.verbose)?;
            }
        }
    }
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
