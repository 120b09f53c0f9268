//! Command-line options (clap derive) and their conversion into a [`relais::Config`]. No logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use relais::community::{Algorithm, CommunityConfig, Objective};
use relais::config::{ColumnNames, IngestConfig, InputFormat, OutputConfig};
use relais::graph::BuildConfig;
use relais::metrics::{BetweennessConfig, ClosenessConfig, MetricsConfig, Mode, PageRankConfig};
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
}

/// `relais analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Edge files (CSV/TSV, edge list, JSON Lines, Parquet) or folders holding edges.* and accounts.*.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
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
        }
    }
}

impl AnalyzeArgs {
    /// The effective configuration.
    pub fn to_config(&self) -> Config {
        Config {
            input: IngestConfig {
                paths: self.inputs.clone(),
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
            },
            graph: BuildConfig {
                directed: !self.undirected,
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
            output: OutputConfig {
                out: self.out.clone(),
                force: self.force,
                top: self.top,
            },
            seed: self.seed,
            report: self.report_config(),
        }
    }
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
