//! Command-line options (clap derive) and their conversion into a [`relais::Config`]. No logic.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand};
use relais::audit::AuditConfig;
use relais::audit_pipeline::AuditRunConfig;
use relais::community::{Algorithm, CommunityConfig, Objective};
use relais::config::{ColumnNames, IngestConfig, InputFormat, OutputConfig, PseudonymConfig};
use relais::graph::BuildConfig;
use relais::influence::{Model, Probability, SeedsConfig};
use relais::metrics::{BetweennessConfig, ClosenessConfig, MetricsConfig, Mode, PageRankConfig};
use relais::roles::RolesConfig;
use relais::seeds::SeedsRunConfig;
use relais::temporal::WindowConfig;
use relais::Config;

/// relais: whose voice does this community actually listen to?
#[derive(Debug, Parser)]
#[command(name = "relais", version, about, long_about = None)]
pub struct Opts {
    /// Worker threads (default: all cores, at most 64).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the time of each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Language of what a person reads: report.html, chart texts, `why` sentences, audit
    /// descriptions, methods, terminal summaries (column names stay English). Default: the
    /// locale (LC_ALL, LC_MESSAGES, LANG: fr_* gives French), else English.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<relais::i18n::Lang>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank the accounts of an export: metrics per account, graph summary, manifest.
    Analyze(AnalyzeArgs),
    /// Generate a social network with planted communities and roles, and its truth.
    Simulate(SimulateArgs),
    /// Show what relais detects in exports (format, records per kind, time span, accounts,
    /// problems) without running the analysis.
    Inspect(InspectArgs),
    /// Influence maximisation: the k accounts that maximise expected reach (IMM), compared with
    /// the k largest by followers and by PageRank.
    Seeds(SeedsArgs),
    /// Audit the audiences of accounts: suspicious-follower signals, authenticity score,
    /// community composition and audience overlap.
    Audit(AuditArgs),
    /// Re-run an analysis from its run.json and check every output is byte-identical.
    Verify(VerifyArgs),
    /// Read and build the graph once into a binary cache (`relais analyze CACHE` then skips
    /// parsing): checksummed, versioned, read back in one sequential pass.
    Build(BuildArgs),
    /// Print the methods paragraph of a run and write its references.bib.
    Methods(MethodsArgs),
}

/// `relais build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Edge files (CSV/TSV, edge list, JSON Lines, Parquet) or folders holding edges.* and accounts.*.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Accounts table, format, columns, lenient mode, direction.
    #[command(flatten)]
    pub input: InputArgs,
    /// Platform-export identity: owners, aliases, pseudonymisation.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// The cache file to write (conventionally *.relais).
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace the cache file if it exists.
    #[arg(long)]
    pub force: bool,
}

impl BuildArgs {
    /// The configuration of `relais build`.
    pub fn to_config(&self) -> relais::cache::CacheConfig {
        let mut input = self.input.to_ingest(self.inputs.clone());
        self.identity.apply(&mut input);
        relais::cache::CacheConfig {
            input,
            graph: BuildConfig {
                directed: !self.input.undirected,
            },
            out: self.out.clone(),
            force: self.force,
        }
    }
}

/// `relais verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output folder of an earlier `relais analyze` (holding run.json).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `relais methods`.
#[derive(Debug, Args)]
pub struct MethodsArgs {
    /// Output folder of an earlier `relais analyze` (holding run.json and summary.json).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Where to write the BibTeX references [default: OUT/references.bib].
    #[arg(long, value_name = "FILE")]
    pub bib: Option<PathBuf>,
}

/// Identity options shared by `analyze` and `inspect`.
#[derive(Debug, Clone, Args)]
pub struct IdentityArgs {
    /// Owner of a platform export that does not name it, as platform:key (e.g. instagram:alice,
    /// linkedin:ada-lovelace); repeatable.
    #[arg(long = "owner", value_name = "PLATFORM:KEY")]
    pub owners: Vec<String>,
    /// Alias table (CSV with header: account,person): accounts mapped to one node.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    /// Replace every account id and handle in every output by a keyed hash (HMAC-SHA256).
    #[arg(long)]
    pub pseudonymize: bool,
    /// Secret key of --pseudonymize (never written to any output); default: the environment
    /// variable RELAIS_PSEUDONYM_KEY.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// With --pseudonymize: also write pseudonyms.csv (original, pseudonym) into the output.
    #[arg(long, requires = "pseudonymize")]
    pub write_mapping: bool,
}

impl IdentityArgs {
    /// Copies the options into an ingest configuration.
    pub fn apply(&self, input: &mut IngestConfig) {
        input.owners = self.owners.clone();
        input.aliases = self.aliases.clone();
        input.pseudonymize = self.pseudonymize.then(|| PseudonymConfig {
            key: self
                .key
                .clone()
                .or_else(|| std::env::var("RELAIS_PSEUDONYM_KEY").ok())
                .unwrap_or_default(),
            write_mapping: self.write_mapping,
        });
    }
}

/// `relais inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Exports: files, folders or ZIPs (platform exports or generic edge tables).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the merged, normalised edge table (source,target,kind,timestamp,weight) here.
    #[arg(long, value_name = "FILE")]
    pub edges: Option<PathBuf>,
    /// Identity options.
    #[command(flatten)]
    pub identity: IdentityArgs,
}

impl InspectArgs {
    /// The ingest configuration (lenient, auto-detected).
    pub fn to_config(&self) -> IngestConfig {
        let mut cfg = IngestConfig {
            paths: self.inputs.clone(),
            lenient: true,
            ..IngestConfig::default()
        };
        self.identity.apply(&mut cfg);
        cfg
    }
}

/// `relais analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Edge files (CSV/TSV, edge list, JSON Lines, Parquet) or folders holding edges.* and accounts.*.
    #[arg(required_unless_present_any = ["config", "print_config"], value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// TOML file holding any of the options below (see `--print-config`); flags given on the
    /// command line override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print the effective configuration as TOML and exit without running.
    #[arg(long)]
    pub print_config: bool,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Accounts table, format, columns, lenient mode, direction.
    #[command(flatten)]
    pub input: InputArgs,
    /// Seed of every randomised step.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// PageRank damping factor.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_DAMPING)]
    pub damping: f64,
    /// PageRank L1 tolerance.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_TOLERANCE)]
    pub tolerance: f64,
    /// PageRank iteration cap.
    #[arg(long, default_value_t = PageRankConfig::DEFAULT_MAX_ITERATIONS)]
    pub max_iterations: u32,
    /// Betweenness: exact Brandes, sampled with an (ε, δ) guarantee, or chosen by size.
    #[arg(long, value_enum, default_value_t = Mode::Auto)]
    pub betweenness: Mode,
    /// Closeness and harmonic: exact, sampled with an (ε, δ) guarantee, or chosen by size.
    #[arg(long, value_enum, default_value_t = Mode::Auto)]
    pub closeness: Mode,
    /// Additive error bound ε of the sampled betweenness and closeness.
    #[arg(long, default_value_t = BetweennessConfig::DEFAULT_EPSILON)]
    pub epsilon: f64,
    /// Failure probability δ of the sampled betweenness and closeness.
    #[arg(long, default_value_t = BetweennessConfig::DEFAULT_DELTA)]
    pub delta: f64,
    /// Community detection algorithm.
    #[arg(long, value_enum, default_value_t = CommunityConfig::DEFAULT_ALGORITHM)]
    pub community: Algorithm,
    /// Objective that Leiden and Louvain maximise.
    #[arg(long, value_enum, default_value_t = CommunityConfig::DEFAULT_OBJECTIVE)]
    pub objective: Objective,
    /// Resolution γ of the objective (larger: smaller communities).
    #[arg(long, default_value_t = CommunityConfig::DEFAULT_RESOLUTION)]
    pub resolution: f64,
    /// Detect communities on the directed view (Leicht–Newman modularity) instead of the
    /// undirected one.
    #[arg(long)]
    pub directed_communities: bool,
    /// Ignore weights when detecting communities (every connected pair weighs 1).
    #[arg(long)]
    pub unweighted_communities: bool,
    /// Detect communities on these layers only (comma-separated kinds, e.g. follow,repost).
    #[arg(long, value_delimiter = ',', value_name = "KIND,...")]
    pub community_layers: Option<Vec<String>>,
    /// Community runs with seeds (seed, 0..R); the best is kept, the others give consensus
    /// figures. 0 chooses by size (10 runs on small graphs, 1 on large ones).
    #[arg(long, default_value_t = CommunityConfig::DEFAULT_RUNS, value_name = "R")]
    pub runs: u32,
    /// Accounts-table column with ground-truth groups to score the partition against (NMI, ARI).
    #[arg(long, value_name = "COLUMN")]
    pub truth_col: Option<String>,
    /// Rows of the ranking printed on the terminal.
    #[arg(long, default_value_t = OutputConfig::DEFAULT_TOP)]
    pub top: usize,
    /// Cut timestamped records into windows (30d, 7d, 12h, 2w, week, month): per-window
    /// in-degree, PageRank and rank (windows.csv) and rising accounts (rising.csv).
    #[arg(long, value_name = "LENGTH")]
    pub window: Option<String>,
    /// Windows kept with --window (the most recent).
    #[arg(long, default_value_t = WindowConfig::DEFAULT_MAX_WINDOWS, value_name = "K")]
    pub max_windows: u32,
    /// Last windows the rising slope is fitted on.
    #[arg(long, default_value_t = WindowConfig::DEFAULT_TREND_WINDOWS, value_name = "W")]
    pub trend_windows: u32,
    /// Least in-degree in the last window for an account to be listed as rising.
    #[arg(long, default_value_t = WindowConfig::DEFAULT_MIN_IN_DEGREE, value_name = "D")]
    pub min_in_degree: u32,
    /// With --window: count a follow only in the window it was made in (default: in every
    /// window ending after it, i.e. the follow graph at each window's end).
    #[arg(long)]
    pub windowed_follows: bool,
    /// With --window: what the per-window rank orders by.
    #[arg(long, value_enum, default_value_t = relais::temporal::RankBy::InDegree)]
    pub rank_by: relais::temporal::RankBy,
    /// Platform-export identity: owners, aliases, pseudonymisation.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Influencers: audience and PageRank both at least this quantile (0.99: the top 1 %).
    #[arg(long, default_value_t = RolesConfig::DEFAULT_INFLUENCER_QUANTILE, value_name = "Q")]
    pub influencer_quantile: f64,
    /// Relays: cross-community brokerage (Gould–Fernandez) at least this quantile.
    #[arg(long, default_value_t = RolesConfig::DEFAULT_RELAY_QUANTILE, value_name = "Q")]
    pub relay_quantile: f64,
    /// Prescribers: engagement received per follower at least this quantile.
    #[arg(long, default_value_t = RolesConfig::DEFAULT_PRESCRIBER_QUANTILE, value_name = "Q")]
    pub prescriber_quantile: f64,
    /// Amplifiers: reposts and quotes made at least this quantile.
    #[arg(long, default_value_t = RolesConfig::DEFAULT_AMPLIFIER_QUANTILE, value_name = "Q")]
    pub amplifier_quantile: f64,
    /// Accounts-table column with each account's number of posts (engagement per post).
    #[arg(long, default_value = RolesConfig::DEFAULT_POSTS_COLUMN, value_name = "NAME")]
    pub posts_col: String,
    /// Write report.html (the default; see --no-report).
    #[arg(long, overrides_with = "no_report")]
    pub report: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Chart files to write under charts/ (comma-separated: svg,png; `none` for no files).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "svg,png",
        value_name = "FORMAT,..."
    )]
    pub charts: Vec<ChartsArg>,
    /// Graph exports (comma-separated: gexf,graphml).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMAT,...")]
    pub export: Vec<ExportArg>,
    /// Accounts laid out and drawn on the network map (the top by PageRank); 0 = every account.
    #[arg(long, default_value_t = relais::report::visual::DEFAULT_MAP_NODES, value_name = "K")]
    pub map_nodes: usize,
    /// ForceAtlas2 iterations of the layout.
    #[arg(long, default_value_t = relais::layout::DEFAULT_ITERATIONS, value_name = "N")]
    pub layout_iterations: u32,
    /// Accounts listed in report.html's table (the top by PageRank).
    #[arg(long, default_value_t = relais::report::html::DEFAULT_TABLE_ROWS, value_name = "N")]
    pub report_rows: usize,
    /// Leave the interactive network map (sigma.js, about 180 kB plus the map's data) out of
    /// report.html; the static map stays.
    #[arg(long)]
    pub no_interactive_map: bool,
    /// Cluster mode: run over the processes of this host file (one host:port per line, process
    /// 0 first, as timely dataflow's -h); process 0 writes the outputs. See README "Cluster mode".
    #[arg(long, value_name = "HOSTS")]
    pub cluster: Option<PathBuf>,
    /// Cluster mode: this process's index, i.e. its line in the host file (from 0).
    #[arg(long, requires = "cluster", default_value_t = 0, value_name = "I")]
    pub process: usize,
    /// Cluster mode: worker threads of this process (the same in every process).
    #[arg(long, requires = "cluster", default_value_t = 1, value_name = "W")]
    pub workers: usize,
    /// Cluster mode: seconds to wait for every process to connect, and for a silent process
    /// during the run, before failing.
    #[arg(
        long,
        requires = "cluster",
        default_value_t = 60.0,
        value_name = "SECONDS"
    )]
    pub cluster_timeout: f64,
}

/// `--charts` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartsArg {
    /// SVG files.
    Svg,
    /// PNG files.
    Png,
    /// No chart files.
    None,
}

/// `--export` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportArg {
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// GraphML.
    Graphml,
}

impl AnalyzeArgs {
    /// The report section of the configuration.
    fn report_config(&self) -> relais::report::ReportConfig {
        use relais::report::visual::ChartFormatName;
        use relais::report::ExportFormat;
        let mut charts = Vec::new();
        for c in &self.charts {
            let f = match c {
                ChartsArg::Svg => ChartFormatName::Svg,
                ChartsArg::Png => ChartFormatName::Png,
                ChartsArg::None => continue,
            };
            if !charts.contains(&f) {
                charts.push(f);
            }
        }
        if self.charts.contains(&ChartsArg::None) {
            charts.clear();
        }
        let mut exports = Vec::new();
        for e in &self.export {
            let f = match e {
                ExportArg::Gexf => ExportFormat::Gexf,
                ExportArg::Graphml => ExportFormat::Graphml,
            };
            if !exports.contains(&f) {
                exports.push(f);
            }
        }
        relais::report::ReportConfig {
            html: !self.no_report,
            charts,
            exports,
            map_nodes: self.map_nodes,
            table_rows: self.report_rows,
            layout_iterations: self.layout_iterations,
            interactive_map: !self.no_interactive_map,
            lang: None,
        }
    }
}

impl AnalyzeArgs {
    /// The cluster layout of `--cluster`, `--process`, `--workers` and `--cluster-timeout`
    /// (`None` without `--cluster`).
    #[cfg(feature = "cluster")]
    pub fn cluster_config(&self) -> anyhow::Result<Option<relais::cluster::ClusterConfig>> {
        let Some(hosts) = &self.cluster else {
            return Ok(None);
        };
        if !(self.cluster_timeout > 0.0 && self.cluster_timeout.is_finite()) {
            anyhow::bail!("--cluster-timeout must be a positive number of seconds");
        }
        Ok(Some(relais::cluster::ClusterConfig {
            hosts: hosts.clone(),
            process: self.process,
            workers: self.workers,
            timeout: std::time::Duration::from_secs_f64(self.cluster_timeout),
        }))
    }

    /// The configuration of the run: the `--config` file if given, then every flag given on the
    /// command line (`matches` are this subcommand's, to tell given flags from defaults).
    pub fn resolve(&self, matches: &ArgMatches) -> relais::Result<Config> {
        let flags = self.to_config();
        let Some(path) = &self.config else {
            return Ok(flags);
        };
        let mut cfg = relais::ingest::load_config(path)?;
        let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
        apply_given_flags(&mut cfg, &flags, given);
        self.apply_window_flags(&mut cfg, given);
        // The pseudonymisation key is never stored in a file: --key or RELAIS_PSEUDONYM_KEY.
        if let Some(p) = cfg.input.pseudonymize.as_mut().filter(|p| p.key.is_empty()) {
            let mut keyed = relais::config::IngestConfig::default();
            IdentityArgs {
                pseudonymize: true,
                ..self.identity.clone()
            }
            .apply(&mut keyed);
            p.key = keyed.pseudonymize.map(|k| k.key).unwrap_or_default();
        }
        Ok(cfg)
    }

    /// The window flags over a config file's `[window]`: `--window` creates or retimes it, the
    /// others change it (they need a window from the file or from `--window`).
    fn apply_window_flags(&self, cfg: &mut Config, given: impl Fn(&str) -> bool) {
        if let Some(w) = self.window.as_ref().filter(|_| given("window")) {
            cfg.window.get_or_insert_with(WindowConfig::default).window = w.clone();
        }
        let Some(w) = cfg.window.as_mut() else {
            return;
        };
        if given("max_windows") {
            w.max_windows = self.max_windows;
        }
        if given("trend_windows") {
            w.trend_windows = self.trend_windows;
        }
        if given("min_in_degree") {
            w.min_in_degree = self.min_in_degree;
        }
        if given("windowed_follows") {
            w.cumulative_follows = !self.windowed_follows;
        }
        if given("rank_by") {
            w.rank_by = self.rank_by;
        }
    }

    /// The configuration from the flags alone (defaults for those not given).
    pub fn to_config(&self) -> Config {
        let mut cfg = self.base_config();
        self.identity.apply(&mut cfg.input);
        cfg
    }

    fn base_config(&self) -> Config {
        Config {
            input: self.input.to_ingest(self.inputs.clone()),
            graph: BuildConfig {
                directed: !self.input.undirected,
            },
            metrics: MetricsConfig {
                pagerank: PageRankConfig {
                    damping: self.damping,
                    tolerance: self.tolerance,
                    max_iterations: self.max_iterations,
                },
                betweenness: BetweennessConfig {
                    mode: self.betweenness,
                    epsilon: self.epsilon,
                    delta: self.delta,
                    ..BetweennessConfig::default()
                },
                closeness: ClosenessConfig {
                    mode: self.closeness,
                    epsilon: self.epsilon,
                    delta: self.delta,
                    ..ClosenessConfig::default()
                },
                ..MetricsConfig::default()
            },
            community: CommunityConfig {
                algorithm: self.community,
                objective: self.objective,
                resolution: self.resolution,
                directed: self.directed_communities,
                weighted: !self.unweighted_communities,
                layers: self.community_layers.clone(),
                seed: self.seed,
                runs: self.runs,
                ..CommunityConfig::default()
            },
            truth_column: self.truth_col.clone(),
            roles: RolesConfig {
                influencer_quantile: self.influencer_quantile,
                relay_quantile: self.relay_quantile,
                prescriber_quantile: self.prescriber_quantile,
                amplifier_quantile: self.amplifier_quantile,
                posts_column: self.posts_col.clone(),
                ..RolesConfig::default()
            },
            output: OutputConfig {
                out: self.out.clone(),
                force: self.force,
                top: self.top,
            },
            seed: self.seed,
            window: self.window.as_ref().map(|w| WindowConfig {
                window: w.clone(),
                max_windows: self.max_windows,
                trend_windows: self.trend_windows,
                min_in_degree: self.min_in_degree,
                cumulative_follows: !self.windowed_follows,
                rank_by: self.rank_by,
                ..WindowConfig::default()
            }),
            report: self.report_config(),
        }
    }
}

/// `relais audit`: the input flags of `analyze`, the accounts to audit and the rule thresholds.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Input, graph, community and output flags, as for `analyze`.
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
    /// An account to audit (repeat for several; their audiences are compared).
    #[arg(long = "account", id = "audited", required = true, value_name = "ID")]
    pub audited: Vec<String>,
    /// Interaction kind whose in-edges form the audience.
    #[arg(long, default_value = AuditConfig::DEFAULT_AUDIENCE_KIND, value_name = "KIND")]
    pub audience_kind: String,
    /// no_followers: flag followers with at most this many followers.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_NO_FOLLOWERS_MAX, value_name = "N")]
    pub no_followers_max: u64,
    /// mass_following: flag followers following more than this many accounts.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_MASS_FOLLOWING, value_name = "N")]
    pub mass_following: u64,
    /// recent_creation: flag followers created less than this many days before following.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_RECENT_DAYS, value_name = "DAYS")]
    pub recent_days: f64,
    /// follow_burst: window length in hours.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_BURST_HOURS, value_name = "H")]
    pub burst_hours: f64,
    /// follow_burst: least follows in one window.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_BURST_MIN_FOLLOWS, value_name = "N")]
    pub burst_min_follows: u32,
    /// follow_burst: a burst also needs this many times the account's mean follows per window.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_BURST_FACTOR, value_name = "X")]
    pub burst_factor: f64,
    /// Score: signals that make a follower suspicious.
    #[arg(long, default_value_t = AuditConfig::DEFAULT_MIN_SIGNALS, value_name = "N")]
    pub min_signals: u32,
}

impl AuditArgs {
    /// The effective configuration.
    pub fn to_config(&self) -> anyhow::Result<AuditRunConfig> {
        if self.analyze.cluster.is_some() {
            anyhow::bail!(
                "--cluster belongs to `relais analyze`; `relais audit` runs on one machine"
            );
        }
        if self.analyze.window.is_some() {
            anyhow::bail!(
                "--window belongs to `relais analyze`; `relais audit` does not cut windows"
            );
        }
        Ok(AuditRunConfig {
            base: self.analyze.to_config(),
            audit: AuditConfig {
                audience_kind: self.audience_kind.clone(),
                no_followers_max: self.no_followers_max,
                mass_following: self.mass_following,
                recent_days: self.recent_days,
                burst_hours: self.burst_hours,
                burst_min_follows: self.burst_min_follows,
                burst_factor: self.burst_factor,
                min_signals: self.min_signals,
                ..AuditConfig::default()
            },
            accounts: self.audited.clone(),
        })
    }
}

/// Declares which [`Config`] fields each analyze flag sets, once: [`apply_given_flags`] copies the
/// fields of the flags given on the command line over a config file, and [`FLAG_IDS`] lists the
/// flags so that a test can check that every flag is covered.
macro_rules! flag_fields {
    ($($id:literal => [$($($field:ident).+),+]),* $(,)?) => {
        /// Every analyze flag that sets a config field outside `window` (the others: `config`,
        /// `print_config`, and [`WINDOW_FLAG_IDS`]).
        #[cfg_attr(not(test), allow(dead_code))]
        pub const FLAG_IDS: &[&str] = &[$($id),*];

        /// Copies into `cfg` the fields that the flags given on the command line set in `flags`.
        fn apply_given_flags(cfg: &mut Config, flags: &Config, given: impl Fn(&str) -> bool) {
            $(if given($id) {
                $(cfg.$($field).+ = flags.$($field).+.clone();)+
            })*
        }
    };
}

/// The cluster-mode flags: the layout of the run (like `--threads`), not analysis configuration,
/// so they set no [`Config`] field (see `AnalyzeArgs::cluster_config`).
#[cfg_attr(not(test), allow(dead_code))]
pub const CLUSTER_FLAG_IDS: &[&str] = &["cluster", "process", "workers", "cluster_timeout"];

/// The flags that set `Config::window` (applied by `AnalyzeArgs::apply_window_flags`).
#[cfg_attr(not(test), allow(dead_code))]
pub const WINDOW_FLAG_IDS: &[&str] = &[
    "window",
    "max_windows",
    "trend_windows",
    "min_in_degree",
    "windowed_follows",
    "rank_by",
];

flag_fields! {
    "inputs" => [input.paths],
    "out" => [output.out],
    "force" => [output.force],
    "accounts" => [input.accounts],
    "format" => [input.format],
    "delimiter" => [input.delimiter],
    "source_col" => [input.columns.source],
    "target_col" => [input.columns.target],
    "kind_col" => [input.columns.kind],
    "weight_col" => [input.columns.weight],
    "timestamp_col" => [input.columns.timestamp],
    "platform_col" => [input.columns.platform],
    "account_id_col" => [input.columns.account_id],
    "lenient" => [input.lenient],
    "undirected" => [graph.directed],
    "seed" => [seed],
    "damping" => [metrics.pagerank.damping],
    "tolerance" => [metrics.pagerank.tolerance],
    "max_iterations" => [metrics.pagerank.max_iterations],
    "betweenness" => [metrics.betweenness.mode],
    "closeness" => [metrics.closeness.mode],
    "epsilon" => [metrics.betweenness.epsilon, metrics.closeness.epsilon],
    "delta" => [metrics.betweenness.delta, metrics.closeness.delta],
    "community" => [community.algorithm],
    "objective" => [community.objective],
    "resolution" => [community.resolution],
    "directed_communities" => [community.directed],
    "unweighted_communities" => [community.weighted],
    "community_layers" => [community.layers],
    "runs" => [community.runs],
    "truth_col" => [truth_column],
    "top" => [output.top],
    "owners" => [input.owners],
    "aliases" => [input.aliases],
    "pseudonymize" => [input.pseudonymize],
    "key" => [input.pseudonymize],
    "write_mapping" => [input.pseudonymize],
    "influencer_quantile" => [roles.influencer_quantile],
    "relay_quantile" => [roles.relay_quantile],
    "prescriber_quantile" => [roles.prescriber_quantile],
    "amplifier_quantile" => [roles.amplifier_quantile],
    "posts_col" => [roles.posts_column],
    "report" => [report.html],
    "no_report" => [report.html],
    "charts" => [report.charts],
    "export" => [report.exports],
    "map_nodes" => [report.map_nodes],
    "layout_iterations" => [report.layout_iterations],
    "report_rows" => [report.table_rows],
    "no_interactive_map" => [report.interactive_map],
}

/// `relais simulate`: every model parameter is a flag; unset ones come from the preset.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct SimulateArgs {
    /// Scale preset (default: the one nearest to --accounts, else small).
    #[arg(long, value_enum)]
    pub preset: Option<relais::simulate::Preset>,
    /// Output folder.
    #[arg(short, long, default_value = "sim")]
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Format of the edge and accounts tables.
    #[arg(long, value_enum, default_value_t = relais::simulate::SimFormat::Csv)]
    pub format: relais::simulate::SimFormat,
    /// Seed of every random stream.
    #[arg(long, default_value_t = relais::simulate::ModelConfig::DEFAULT_SEED)]
    pub seed: u64,
    /// Accounts in all, farm accounts included [preset: 2000 / 100000 / 1000000].
    #[arg(long)]
    pub accounts: Option<u32>,
    /// Mean follows per organic account [preset: 20 / 30 / 40].
    #[arg(long)]
    pub mean_follows: Option<f64>,
    /// Most follows of one account [preset: 200 / 2000 / 5000].
    #[arg(long)]
    pub max_follows: Option<u32>,
    /// Power-law exponent of follows per account [2.5].
    #[arg(long)]
    pub follows_exponent: Option<f64>,
    /// Largest planted audience (expected followers) [preset: 250 / 5000 / 20000].
    #[arg(long)]
    pub max_followers: Option<u32>,
    /// Power-law exponent of the audience, i.e. follow in-degree [2.5].
    #[arg(long)]
    pub degree_exponent: Option<f64>,
    /// Smallest community [preset: 20 / 50 / 100].
    #[arg(long)]
    pub min_community: Option<u32>,
    /// Largest community [preset: 250 / 5000 / 20000].
    #[arg(long)]
    pub max_community: Option<u32>,
    /// Power-law exponent of community sizes [1.5].
    #[arg(long)]
    pub community_exponent: Option<f64>,
    /// Mixing: share of follows leaving the follower's community, in [0, 1] [0.2].
    #[arg(long)]
    pub mu: Option<f64>,
    /// Start of the interaction window, RFC 3339 or YYYY-MM-DD [2024-01-01T00:00:00Z].
    #[arg(long)]
    pub start: Option<String>,
    /// Length of the interaction window in days [90].
    #[arg(long)]
    pub days: Option<u32>,
    /// Mean interactions (repost, quote, reply, mention, like) per organic account [10].
    #[arg(long)]
    pub mean_interactions: Option<f64>,
    /// Share of interactions aimed at accounts not followed [0.1].
    #[arg(long)]
    pub discovery: Option<f64>,
    /// Share of organic accounts planted as influencers [0.005].
    #[arg(long)]
    pub influencer_share: Option<f64>,
    /// Engagement multiplier of influencers [3].
    #[arg(long)]
    pub influencer_engagement: Option<f64>,
    /// Share of organic accounts planted as brokers (opinion relays) [0.01].
    #[arg(long)]
    pub broker_share: Option<f64>,
    /// Communities a broker spans, its own included [4].
    #[arg(long)]
    pub broker_communities: Option<u32>,
    /// Share of organic accounts planted as prescribers [0.005].
    #[arg(long)]
    pub prescriber_share: Option<f64>,
    /// Posts per prescriber, each starting a repost cascade [3].
    #[arg(long)]
    pub prescriber_posts: Option<u32>,
    /// Probability that a follower reposts a prescriber's post [0.3].
    #[arg(long)]
    pub cascade_follower_rate: Option<f64>,
    /// Communities beyond the prescriber's that a cascade reaches [3].
    #[arg(long)]
    pub cascade_reach: Option<u32>,
    /// Mean reposts of a prescriber's post by non-followers [40].
    #[arg(long)]
    pub cascade_size: Option<f64>,
    /// Share of organic accounts planted as amplifiers [0.01].
    #[arg(long)]
    pub amplifier_share: Option<f64>,
    /// Activity multiplier of amplifiers [10].
    #[arg(long)]
    pub amplifier_boost: Option<f64>,
    /// Share of organic accounts planted as rising [0.005].
    #[arg(long)]
    pub rising_share: Option<f64>,
    /// Growth exponent of the attention rising accounts receive [3].
    #[arg(long)]
    pub rising_growth: Option<f64>,
    /// Accounts that bought a follower farm [preset: 2 / 5 / 10].
    #[arg(long)]
    pub buyers: Option<u32>,
    /// Fake followers per buyer [preset: 40 / 400 / 2000].
    #[arg(long)]
    pub farm_size: Option<u32>,
    /// Mean follows of a fake follower, uniform in 0.5x-1.5x [200].
    #[arg(long)]
    pub farm_follows: Option<u32>,
    /// Length of a farm's follow burst in hours [6].
    #[arg(long)]
    pub burst_hours: Option<f64>,
}

impl SimulateArgs {
    /// The effective configuration: the preset, then every flag given.
    pub fn to_config(&self) -> relais::simulate::SimulateConfig {
        use relais::simulate::{ModelConfig, Preset};
        let preset = self
            .preset
            .unwrap_or_else(|| self.accounts.map_or(Preset::Small, Preset::nearest));
        let mut model = ModelConfig {
            seed: self.seed,
            ..ModelConfig::preset(preset)
        };
        macro_rules! set {
            ($($field:ident),* $(,)?) => {
                $(if let Some(v) = &self.$field {
                    model.$field = v.clone();
                })*
            };
        }
        set!(
            accounts,
            mean_follows,
            max_follows,
            follows_exponent,
            max_followers,
            degree_exponent,
            min_community,
            max_community,
            community_exponent,
            mu,
            start,
            days,
            mean_interactions,
            discovery,
            influencer_share,
            influencer_engagement,
            broker_share,
            broker_communities,
            prescriber_share,
            prescriber_posts,
            cascade_follower_rate,
            cascade_reach,
            cascade_size,
            amplifier_share,
            amplifier_boost,
            rising_share,
            rising_growth,
            buyers,
            farm_size,
            farm_follows,
            burst_hours,
        );
        relais::simulate::SimulateConfig {
            model,
            out: self.out.clone(),
            force: self.force,
            format: self.format,
        }
    }
}

/// How to read the inputs, shared by `analyze` (and `audit`) and `seeds`: format, columns,
/// accounts table, lenient mode, direction. The input paths themselves are each command's own.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Accounts table (id plus any attributes, carried into the output).
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// Field delimiter of CSV tables (detected by default).
    #[arg(long)]
    pub delimiter: Option<char>,
    /// Source column (the account paying attention).
    #[arg(long, default_value = ColumnNames::DEFAULT_SOURCE, value_name = "NAME")]
    pub source_col: String,
    /// Target column (the account receiving attention).
    #[arg(long, default_value = ColumnNames::DEFAULT_TARGET, value_name = "NAME")]
    pub target_col: String,
    /// Interaction-kind column (each kind is a layer).
    #[arg(long, default_value = ColumnNames::DEFAULT_KIND, value_name = "NAME")]
    pub kind_col: String,
    /// Weight column (a strength, default 1).
    #[arg(long, default_value = ColumnNames::DEFAULT_WEIGHT, value_name = "NAME")]
    pub weight_col: String,
    /// Timestamp column (RFC 3339 or Unix seconds).
    #[arg(long, default_value = ColumnNames::DEFAULT_TIMESTAMP, value_name = "NAME")]
    pub timestamp_col: String,
    /// Platform column.
    #[arg(long, default_value = ColumnNames::DEFAULT_PLATFORM, value_name = "NAME")]
    pub platform_col: String,
    /// Id column of the accounts table.
    #[arg(long, default_value = ColumnNames::DEFAULT_ACCOUNT_ID, value_name = "NAME")]
    pub account_id_col: String,
    /// Skip bad rows (counted by reason in run.json) instead of stopping.
    #[arg(long)]
    pub lenient: bool,
    /// Edges have no direction: each counts both ways.
    #[arg(long)]
    pub undirected: bool,
}

impl InputArgs {
    /// The ingest configuration of `paths`.
    pub fn to_ingest(&self, paths: Vec<PathBuf>) -> IngestConfig {
        IngestConfig {
            paths,
            accounts: self.accounts.clone(),
            format: self.format,
            columns: ColumnNames {
                source: self.source_col.clone(),
                target: self.target_col.clone(),
                kind: self.kind_col.clone(),
                weight: self.weight_col.clone(),
                timestamp: self.timestamp_col.clone(),
                platform: self.platform_col.clone(),
                account_id: self.account_id_col.clone(),
            },
            delimiter: self.delimiter,
            lenient: self.lenient,
            ..IngestConfig::default()
        }
    }
}

/// `relais seeds`.
#[derive(Debug, Args)]
pub struct SeedsArgs {
    /// Edge files (CSV/TSV, edge list, JSON Lines, Parquet) or folders holding edges.* and accounts.*.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder.
    #[arg(short, long, default_value = "out-seeds")]
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Number of seeds.
    #[arg(short, long, default_value_t = SeedsConfig::DEFAULT_K)]
    pub k: usize,
    /// Diffusion model: independent cascade or linear threshold.
    #[arg(long, value_enum, default_value_t = Model::Ic)]
    pub model: Model,
    /// Edge probabilities: weighted cascade 1/in-degree, or observed repost rates.
    #[arg(long, value_enum, default_value_t = Probability::WeightedCascade)]
    pub probability: Probability,
    /// IMM's ε: spread at least (1 - 1/e - ε) of the optimum with probability 1 - δ.
    #[arg(long, default_value_t = SeedsConfig::DEFAULT_EPSILON)]
    pub epsilon: f64,
    /// IMM's failure probability δ [default: 1/n].
    #[arg(long)]
    pub delta: Option<f64>,
    /// Monte-Carlo simulations per evaluated seed set.
    #[arg(long, default_value_t = SeedsConfig::DEFAULT_SIMULATIONS, value_name = "R")]
    pub simulations: u32,
    /// Stop simulating a seed set once the 95% interval's half-width is at most this fraction of
    /// the mean (checked every 1,000 runs; 0 = always run all).
    #[arg(long, default_value_t = SeedsConfig::DEFAULT_CI_TARGET, value_name = "FRACTION")]
    pub ci_target: f64,
    /// Seed of the RR sets and the simulations.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Layers whose attention edges carry influence (weighted cascade; comma-separated) [default: all].
    #[arg(long, value_delimiter = ',', value_name = "KIND,...")]
    pub layers: Option<Vec<String>>,
    /// Layers counted as reposts by --probability observed (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "KIND,...",
        default_value = "repost,quote"
    )]
    pub repost_kinds: Vec<String>,
    /// Accounts-table column with posts per account (--probability observed) [default: posts_count].
    #[arg(long, value_name = "COLUMN")]
    pub posts_col: Option<String>,
    /// Most RR sets IMM may generate (memory guard).
    #[arg(long, default_value_t = SeedsConfig::DEFAULT_MAX_RR_SETS, value_name = "N")]
    pub max_rr_sets: u64,
}

impl SeedsArgs {
    /// The effective configuration.
    pub fn to_config(&self) -> SeedsRunConfig {
        SeedsRunConfig {
            input: self.input.to_ingest(self.inputs.clone()),
            graph: BuildConfig {
                directed: !self.input.undirected,
            },
            seeds: SeedsConfig {
                k: self.k,
                model: self.model,
                probability: self.probability,
                epsilon: self.epsilon,
                delta: self.delta,
                simulations: self.simulations,
                ci_target: self.ci_target,
                seed: self.seed,
                layers: self.layers.clone(),
                repost_kinds: self.repost_kinds.clone(),
                max_rr_sets: self.max_rr_sets,
            },
            posts_column: self.posts_col.clone(),
            output: OutputConfig {
                out: self.out.clone(),
                force: self.force,
                ..OutputConfig::default()
            },
            seed: self.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    /// A command line that gives every analyze flag a non-default value.
    const EVERY_FLAG: &[&str] = &[
        "relais",
        "analyze",
        "a.csv",
        "b.csv",
        "--out",
        "o",
        "--force",
        "--accounts",
        "acc.csv",
        "--format",
        "table",
        "--delimiter",
        ";",
        "--source-col",
        "s",
        "--target-col",
        "t",
        "--kind-col",
        "k",
        "--weight-col",
        "w",
        "--timestamp-col",
        "ts",
        "--platform-col",
        "p",
        "--account-id-col",
        "aid",
        "--lenient",
        "--undirected",
        "--seed",
        "9",
        "--damping",
        "0.5",
        "--tolerance",
        "1e-3",
        "--max-iterations",
        "7",
        "--betweenness",
        "exact",
        "--closeness",
        "approx",
        "--epsilon",
        "0.2",
        "--delta",
        "0.3",
        "--community",
        "louvain",
        "--objective",
        "cpm",
        "--resolution",
        "0.25",
        "--directed-communities",
        "--unweighted-communities",
        "--community-layers",
        "follow,repost",
        "--runs",
        "3",
        "--truth-col",
        "party",
        "--top",
        "5",
        "--owner",
        "x:me",
        "--aliases",
        "al.csv",
        "--pseudonymize",
        "--key",
        "secret",
        "--write-mapping",
        "--influencer-quantile",
        "0.9",
        "--relay-quantile",
        "0.8",
        "--prescriber-quantile",
        "0.7",
        "--amplifier-quantile",
        "0.6",
        "--posts-col",
        "posts",
        "--no-report",
        "--charts",
        "png",
        "--export",
        "gexf,graphml",
        "--map-nodes",
        "10",
        "--layout-iterations",
        "5",
        "--report-rows",
        "20",
        "--no-interactive-map",
        "--window",
        "7d",
        "--max-windows",
        "3",
        "--trend-windows",
        "2",
        "--min-in-degree",
        "1",
        "--windowed-follows",
        "--rank-by",
        "pagerank",
        "--cluster",
        "hosts.txt",
        "--process",
        "1",
        "--workers",
        "2",
        "--cluster-timeout",
        "5",
    ];

    fn analyze_matches(argv: &[&str]) -> (AnalyzeArgs, ArgMatches) {
        let matches = Opts::command().try_get_matches_from(argv).unwrap();
        let opts = Opts::from_arg_matches(&matches).unwrap();
        let Command::Analyze(args) = opts.command else {
            panic!("not analyze")
        };
        let sub = matches.subcommand_matches("analyze").unwrap().clone();
        (args, sub)
    }

    #[test]
    fn every_flag_is_declared_in_the_override_table() {
        let cmd = Opts::command();
        let analyze = cmd.find_subcommand("analyze").unwrap();
        let mut ids: Vec<&str> = analyze
            .get_arguments()
            .map(|a| a.get_id().as_str())
            .filter(|id| !matches!(*id, "config" | "print_config" | "help"))
            .filter(|id| !matches!(*id, "threads" | "quiet" | "verbose"))
            .collect();
        ids.sort_unstable();
        let mut table = [FLAG_IDS, WINDOW_FLAG_IDS, CLUSTER_FLAG_IDS].concat();
        table.sort_unstable();
        assert_eq!(ids, table);
    }

    #[test]
    fn given_flags_override_every_field_they_set() {
        let (args, sub) = analyze_matches(EVERY_FLAG);
        // `--report` only undoes `--no-report`; EVERY_FLAG gives the latter.
        for id in FLAG_IDS
            .iter()
            .chain(WINDOW_FLAG_IDS)
            .chain(CLUSTER_FLAG_IDS)
            .filter(|id| **id != "report")
        {
            assert_eq!(
                sub.value_source(id),
                Some(ValueSource::CommandLine),
                "EVERY_FLAG misses --{id}"
            );
        }
        let flags = args.to_config();
        assert_ne!(flags, Config::default());
        let mut cfg = Config::default();
        apply_given_flags(&mut cfg, &flags, |_| true);
        args.apply_window_flags(&mut cfg, |_| true);
        assert_eq!(cfg.effective(), flags.effective());
    }

    #[test]
    fn defaults_do_not_override_the_config_file() {
        let (args, sub) = analyze_matches(&["relais", "analyze", "--seed", "5", "x.csv"]);
        let mut cfg = Config::default();
        cfg.metrics.pagerank.damping = 0.7;
        cfg.input.paths = vec!["from-file.csv".into()];
        apply_given_flags(&mut cfg, &args.to_config(), |id| {
            sub.value_source(id) == Some(ValueSource::CommandLine)
        });
        assert_eq!(cfg.metrics.pagerank.damping, 0.7);
        assert_eq!(cfg.seed, 5);
        assert_eq!(cfg.input.paths, vec![PathBuf::from("x.csv")]);
    }
}
