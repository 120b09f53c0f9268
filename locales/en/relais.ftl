# relais — English catalogue (the reference: every key here exists in locales/fr/relais.ftl with
# the same variables; the test i18n::tests::every_key_and_placeable_exists_in_every_language
# checks it). Numbers arrive already formatted as text ($count, $value, ...); a numeric $n is only
# used to choose a plural form. Keep each message on one line (Fluent keeps line breaks).

## report.html: page frame

report-title = relais report
report-seed = seed
report-inputs = inputs: { $files }
value-na = n/a

nav-figures = Key figures
nav-methods = Methods
nav-roles = Roles
nav-communities = Communities
nav-charts = Charts
nav-accounts = Accounts

## Key figures

figures-title = Key figures
figure-nodes = accounts
figure-edges = edges (distinct pairs)
figure-density = density
figure-reciprocity = reciprocity
figure-largest-weak = largest weak component
figure-isolated = isolated accounts
figure-communities = communities
figure-modularity = modularity
figure-transitivity = transitivity
figure-records = input records

## Methods section of report.html

methods-title = Methods and parameters
methods-intro = Direction means attention: an edge u → v says that u follows, reposts, quotes, replies to, mentions, comments on or likes v; in-degree is audience. PageRank, communities and the centrality columns are defined in relais's README; the parameters of this run follow (from run.json and summary.json).
methods-summary = How the figures were computed (summary.json)
methods-config = Full configuration and run (run.json)
methods-inputs = Input files and their SHA-256

## Roles section

roles-title = Roles
roles-intro-html = Each account's role and why it was given (the <code>role</code> and <code>why</code> columns), top accounts by PageRank first.
roles-col-role = role
roles-col-accounts = accounts
roles-col-account = account
roles-col-why = why
roles-count = ({ $count } { $n ->
        [one] account
       *[other] accounts
    })

## Communities, charts and accounts sections

communities-title = Communities
communities-intro = One row per community, largest first (communities.csv). Click a header to sort.
communities-more = The 50 largest of { $count } communities; all are in communities.csv.
charts-title = Charts
accounts-title = Accounts
accounts-intro = The top { $rows } of { $total } accounts by PageRank (all rows and columns are in accounts.csv; every column of these rows is in the page's embedded data). Click a header to sort; type to filter.
accounts-filter = filter accounts…
accounts-shown = { $count } shown

## Charts: captions and notes in report.html

chart-degree-title = Degree distributions
chart-degree-note = Share of accounts with at least k followers/attention givers (in) or followees (out), log-log; a straight line suggests a heavy tail.
chart-top-title = Top accounts by { $metric }
chart-top-note = Colour = community.
chart-reach-title = Reach vs engagement
chart-reach-note = The top { $count } accounts by PageRank; lines at the medians; named: the top five by reach, by engagement, and by engagement per reach.
chart-sizes-title = Community sizes
chart-flows-title = Attention between communities
chart-flows-note = Row → column: summed weight of edges from members of the row community to members of the column community (colour on a log scale).
chart-trajectories-title = Rank trajectories
chart-trajectories-note = Rank per time window (windows.csv: 1 = first) of { $count } accounts: the first of rising.csv, completed by the best-ranked of the last window; a gap is a window without attention.
chart-map-title = Network map
chart-map-note = { $drawn } of { $total } accounts (top by PageRank), { $edges } of their { $links } links drawn; ForceAtlas2, { $iterations } iterations, seed { $seed }; colour = community, size = PageRank

## Charts: text drawn inside the images

metric-pagerank = PageRank
metric-in_degree = in-degree (audience)
metric-in_strength = in-strength (attention received)
metric-betweenness = betweenness (brokerage)
metric-harmonic = harmonic centrality (inward)
metric-collective_influence = collective influence
series-in-degree = in-degree (audience)
series-out-degree = out-degree (activity)
bars-top-title = Top { $count } accounts by { $metric }
reach-x-followers = reach: followers
reach-y-interactions = engagement: interactions received (not follows)
reach-x-in-degree = reach: in-degree
reach-y-in-strength = engagement: in-strength
sizes-title = Community sizes (largest { $shown } of { $total })
sizes-axis = accounts
community-label = community { $id }
flows-heatmap-title = Attention between the { $count } largest communities
flows-axis-from = from (pays attention)
flows-axis-to = to (receives attention)
ccdf-caption = Degree distributions (CCDF, log-log)
ccdf-x = degree k
ccdf-y = P(degree ≥ k)
quadrant-niche = engaged niche
quadrant-large-engaged = large and engaged
quadrant-small = small, little engagement
quadrant-large-low = large audience, low engagement
trajectories-x = window
trajectories-y = rank
trajectories-title-top = Rank trajectories of the top accounts
trajectories-title-rising = Rank trajectories of the top rising accounts
overlap-title = Audience overlap (Jaccard similarity of followers)
overlap-axis = audited account

## Interactive map (interactive::MapText; {query}-style placeholders are filled by the page)

map-title = Interactive network map
map-intro = The network map above, to explore: drag to pan, scroll to zoom, click an account for its row, or search an account by id or handle.
map-capped = Only the top { $shown } of the { $laid_out } laid-out accounts are drawn here.
map-placeholder = account id or handle…
map-find = Find
map-reset = Reset
map-needs-js = The interactive map needs JavaScript; the static network map is in the Charts section.
map-nav = Interactive map
map-not-found = No account matching “{ $query }” among the { $n } on the map.
map-rank = rank
map-links = links on the map
map-show-row = Show in the accounts table
map-not-in-table = Not among the accounts listed in the table below; every account is in accounts.csv.
map-drawn-webgl = Drawn with sigma.js (WebGL).
map-drawn-canvas = Drawn on a 2D canvas ({ $why }).
map-no-webgl = WebGL is not available in this browser
map-webgl-failed = the WebGL renderer failed: { $error }

## Roles: names shown to people (the `role` column keeps the English labels)

role-influencer = influencer
role-relay = relay
role-prescriber = prescriber
role-amplifier = amplifier
role-core = core
role-peripheral = peripheral
role-ordinary = ordinary
ga-R1 = ultra-peripheral
ga-R2 = peripheral
ga-R3 = connector
ga-R4 = kinless
ga-R5 = provincial hub
ga-R6 = connector hub
ga-R7 = kinless hub

## The `why` sentence of each account (accounts.csv `why`)

why-na = n/a
why-engagement-kinds = engagements ({ $list })
why-spread-kinds = spread actions ({ $list })
why-neighbours = { $within } of its { $degree } neighbours in community { $community } (within-community z { $z })
why-ga = Guimerà–Amaral { $ga_name } ({ $code }), participation { $participation } across { $communities } communities
why-followed-by = followed by { $count }
why-attention-from = { $count } accounts pay attention to it
why-influencer = { $audience } (#{ $audience_rank } of { $n }) and #{ $pagerank_rank } by PageRank ({ $pagerank })
why-influencer-hub = { $overall }; a hub of its community: { $neighbours }
why-influencer-top = { $overall }, both in the top quantile (thresholds { $audience_threshold } followers, PageRank { $pagerank_threshold })
why-relay = { $ga }; brokers { $cross } open paths between communities (liaison { $liaison }, gatekeeper { $gatekeeper }, representative { $representative }, itinerant { $itinerant }), { $coordinator } within its own; relay score { $score } (threshold { $threshold }); Burt constraint { $constraint }
why-prescriber = { $received } { $kinds } received from { $engagers } accounts in { $communities } communities: { $per_follower } per follower ({ $audience }; threshold { $threshold })
why-prescriber-nonfollowers = , { $share } from non-followers
why-prescriber-per-post = , { $value } per post
why-prescriber-spread = ; spread by { $spreaders } accounts, themselves spread by { $second_hop } (second hop)
why-amplifier = made { $made } { $spread_kinds } (threshold { $threshold }) but received { $received } { $kinds } (at most { $max })
why-core = { $neighbours }, at least the core threshold { $threshold }; { $ga }
why-peripheral = { $neighbours }, at most the peripheral threshold { $threshold }; { $ga }
why-ordinary = no role threshold met: { $audience }; { $neighbours }; { $ga }
why-also = ; also { $roles }
why-sentence = { $role }: { $body }{ $also }

## Terminal summaries

cli-analyze-done = { $accounts } accounts, { $edges } edges, { $components } weak components; results in { $out }
cli-skipped = skipped { $count } rows ({ $reasons })
cli-references = references ({ $count }): { $path }
cli-note = note: { $note }
cli-build-skipped = skipped { $count } rows (see `relais inspect`)
cli-build-done = { $accounts } accounts, { $edges } edges; graph cache in { $out } ({ $bytes } bytes, graph { $graph } bytes in memory)
cli-simulate-done = { $accounts } accounts ({ $organic } organic, { $farm } farm) in { $communities } communities, { $edges } edges; written to { $out } in { $seconds } s
cli-simulate-edges = edges: { $list }
cli-simulate-roles = roles: { $list }
cli-simulate-measured = measured: mu { $mu } (planted { $pmu }), follows/account { $follows } (planted { $pfollows }), degree exponent { $degree } (planted { $pdegree }), follows exponent { $fexp } (planted { $pfexp }), community exponent { $cexp } (planted { $pcexp })
cli-verify-note = note: written by relais { $recorded }, verified with { $version }
cli-verify-input = input  { $path }: { $state }
cli-verify-input-same = same SHA-256
cli-verify-input-changed = CHANGED (SHA-256 { $recorded } in run.json, { $now } now)
cli-verify-input-missing = MISSING
cli-verify-same = same     { $file }
cli-verify-differs = DIFFERS  { $file } (first difference at byte { $offset }; { $recorded } vs { $now } bytes)
cli-verify-missing = MISSING  { $file } (not produced again)
cli-verify-extra = EXTRA    { $file } (new in the re-run)
cli-verify-manifest = DIFFERS  run.json: { $key }
cli-verify-ok = verified: { $count } outputs byte-identical
cli-verify-failed = { $out }: outputs are not reproduced
cli-seeds-done = { $accounts } accounts, { $edges } influence edges ({ $model }, { $probability }); IMM ε = { $epsilon }, δ = { $delta }: { $theta } RR sets (mean size { $mean }), { $sampling } in the sampling phase; results in { $out }
cli-seeds-wc = weighted cascade
cli-seeds-observed = observed repost rates
cli-inspect-rows = rows
cli-inspect-error = error: { $error }
cli-inspect-problem = problem: { $note } ({ $count })
cli-inspect-path = { $accounts } accounts, { $records } edge records
cli-inspect-skipped = skipped: { $reason } ({ $count })
cli-inspect-all = all: { $accounts } accounts, { $records } edge records ({ $kinds }), time span { $span }
cli-inspect-failed = some inputs could not be read (see above)

## relais methods (reproduce::methods); citations arrive as "[key]"

methods-data-files = The network was built with relais { $version } from { $count } input { $n ->
        [one] file
       *[other] files
    }: { $files }.
methods-data-read = { $count } edge records were read
methods-data-skipped = and { $count } malformed rows were skipped (lenient mode; reasons in run.json)
methods-data-graph = An edge u → v records that account u pays attention to account v (follows, reposts, quotes, replies to, mentions or likes it). After removing { $loops } self-loops and merging { $merged } repeated records of the same pair and kind (their count is the edge's multiplicity and their summed weight its strength), the { $kind } graph has { $nodes } accounts and { $edges } edges
methods-data-layers = in { $count } layers, one per interaction kind ({ $list })
methods-data-density = ; its density is { $density } and its reciprocity { $reciprocity }.
methods-graph-directed = directed
methods-graph-undirected = undirected
methods-pagerank = Audience is measured by in-degree and in-strength per interaction kind. PageRank { $cite } was computed on the combined { $kind } graph with damping { $damping }, weights as strengths, dangling accounts' rank spread uniformly and an L1 tolerance of { $tolerance }; it { $outcome } after { $iterations } iterations.
methods-converged = converged
methods-not-converged = did not converge
methods-coreness = Coreness is the k-core number on the undirected simple view { $cite_cores }, and weak and strong components are reported { $cite_components }.
methods-betweenness = Betweenness centrality { $cite } counts shortest paths in hops (NetworkX's normalisation); { $how }
methods-closeness = Closeness follows Wasserman and Faust's correction for disconnected graphs { $cite_wf } and harmonic centrality sums inverse distances { $cite_harmonic }; { $how }
methods-sampled = it was estimated from { $samples } random samples { $cite }, with an additive error of at most { $epsilon } for every account with probability at least { $confidence }.
methods-exact = it was computed exactly.
methods-other = Eigenvector centrality { $cite_eig } uses the undirected view; Katz centrality { $cite_katz } uses α = { $alpha } and β = { $beta }; hub and authority scores come from HITS { $cite_hits }. Local clustering and triangles { $cite_clustering }, degree assortativity { $cite_assort }, Burt's constraint and effective size { $cite_burt } and collective influence at radius ℓ = { $radius } { $cite_ci } complete the per-account table. Path-based measures use hop counts; their `_weighted` variants use a length of 1/weight.
methods-leiden = the Leiden algorithm { $cite }
methods-louvain = the Louvain algorithm { $cite }
methods-lpa = label propagation { $cite }
methods-objective-directed = , maximising directed modularity { $cite } with resolution γ = { $resolution } { $cite_resolution }
methods-objective-modularity = , maximising modularity { $cite } with resolution γ = { $resolution } { $cite_resolution }
methods-objective-cpm = , maximising the Constant Potts Model { $cite } with resolution γ = { $resolution }
methods-view = on the { $direction } { $weighting } view{ $layers }
methods-view-directed = directed
methods-view-undirected = undirected
methods-view-weighted = weighted
methods-view-unweighted = unweighted
methods-view-layers = of the { $list } layers
methods-one-run = One run was made, with seed { $seed }
methods-runs = { $runs } independent runs were made from seed { $seed } (random streams 0 to { $last }) and the partition of highest quality kept
methods-communities = Communities were detected with { $algorithm }{ $objective }, { $view }. { $made }: { $count } communities, the largest with { $largest } accounts, modularity Q = { $modularity }.
methods-ari = The mean adjusted Rand index { $cite } between the runs' partitions is { $ari }.
methods-truth = Against the ground-truth column `{ $column }` ({ $classes } classes over { $labelled } labelled accounts) the partition scores NMI = { $nmi } { $cite } and ARI = { $ari }.
methods-roles = Each account's structural role within the community partition follows Guimerà and Amaral's participation coefficient and within-community degree z-score { $cite_ga }; brokerage counts follow Gould and Fernandez { $cite_gf }. Role thresholds are recorded in summary.json.
methods-reproducibility = Every randomised step was seeded with { $seed }; the results are identical for any number of threads, and `relais verify` re-runs the analysis from its manifest (run.json, which records each input's SHA-256 and the full configuration) and checks that every output is byte-identical. Threads used: { $threads }.

## relais audit: rule descriptions (audit.json `rules[].description`) and report.html

rule-no-followers = follower has at most { $max } followers of its own (accounts table followers_count when present, else its follow in-degree in the data)
rule-mass-following = follower follows more than { $max } accounts (accounts table following_count when present, else its follow out-degree in the data)
rule-empty-profile = default_profile is true, or the description is empty and posts_count is 0 (needs those accounts-table columns)
rule-recent-creation = follower's created_at is less than { $days } days before the follow's time (or before the data's last timestamp when the follow has none); needs created_at
rule-follow-burst = follow lands in a window of { $hours } hours holding at least max({ $min }, { $factor } x the account's mean follows per { $hours } hours over the data's time span) follows of the audited account; needs follow timestamps
rule-never-interacting = follower has no interaction (any kind other than follow) toward anyone in the data; needs interaction layers
audit-title = relais audience audit
audit-nav-audiences = Audiences
audit-nav-rules = Rules
audit-nav-composition = Composition
audit-nav-overlap = Overlap
audit-nav-methods = Methods
audit-audiences-title = Audited audiences
audit-audiences-intro-html = An account's audience is its followers in the data. <i>Active</i>: followers with at least one interaction (any kind other than follow) toward anyone, or toward this account. <i>Suspicious</i>: followers flagged by at least { $min } of the rules below; <b>authenticity = 1 − suspicious / audience</b>.
audit-rules-title = Suspicious-follower rules
audit-col-rule = rule
audit-col-flags-when = flags a follower when
audit-col-threshold = threshold
audit-col-applies = applies to this data
audit-yes = yes
audit-no = no
audit-col-flagged = followers flagged
audit-col-share = share of the audience
audit-rules-note = n/a: the data does not allow the rule (missing accounts-table columns, no follow timestamps, or no interaction layers). For follow_burst the threshold is the follows per window that this account's bursts needed.
audit-composition-title = Audience composition
audit-composition-intro = The largest communities of each audience (community ids as in analyze's accounts.csv with the same input and settings).
audit-composition-count = ({ $count } { $n ->
        [one] community
       *[other] communities
    })
audit-col-community = community
audit-col-followers = followers
audit-col-community-share = share
audit-overlap-title = Audience overlap
audit-overlap-intro = Followers shared by each pair of audited accounts (the diagonal: the audience size) and their Jaccard similarity (shared / followers of either). The table an agency uses to avoid paying twice for the same audience.
audit-shared = shared followers
audit-jaccard = Jaccard
audit-methods-title = Methods
audit-methods-html = Each rule flags a follower on one signal; one signal alone is common among real people, farm accounts show several at once, hence the score counts followers flagged by at least { $min } applicable rules (lowered to the number of rules the data allows when fewer apply). Rule thresholds are set on the command line (<code>relais audit --help</code>) and recorded in run.json and audit.json.
audit-chart-title = Audience overlap
audit-chart-note = Jaccard similarity of the audited accounts' followers: 0 = no follower in common, 1 = the same audience.
