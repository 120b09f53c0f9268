#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time (default 60 s each), seeded with the
# platform fixtures. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Not run by CI. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz/fuzz_targets | sed 's/\.rs$//')
fi
F=data/fixtures/platforms
declare -A seeds=(
  [x_archive]="$F/x_archive/data/tweets.js $F/x_archive/data/like.js"
  [x_archive_follow]="$F/x_archive/data/follower.js"
  [twitter_json]="$F/twitter_api/tweets_v2.jsonl $F/twitter_api/tweets_v1.jsonl"
  [twarc_csv]="$F/twitter_api/tweets_twarc.csv"
  [instagram_json]="$F/instagram/connections/followers_and_following"
  [instagram_html]="$F/instagram_html"
  [mastodon_following]="$F/mastodon/following_accounts.csv"
  [mastodon_outbox]="$F/mastodon/outbox.json"
  [bluesky_car]="$F/bluesky/repo.car"
  [bluesky_json]="$F/bluesky/records.json"
  [linkedin]="$F/linkedin/Connections.csv"
  [youtube]="$F/youtube/commentThreads.json"
  [gephi_edges]="$F/gephi/edges.csv"
  [graphml]="$F/graphml/nodexl.graphml"
  [gexf]="$F/gexf/gephi.gexf"
)
status=0
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus"
  for s in ${seeds[$t]:-}; do
    if [ -d "$s" ]; then cp "$s"/* "$corpus"/ 2>/dev/null || true; else cp "$s" "$corpus"/; fi
  done
  echo "== $t ($secs s)"
  if ! cargo +nightly fuzz run "$t" "$corpus" -- -max_total_time="$secs" -rss_limit_mb=2048; then
    echo "!! $t found a crash (see fuzz/artifacts/$t)"
    status=1
  fi
done
exit $status
