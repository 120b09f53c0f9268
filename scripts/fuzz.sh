#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time (default 60 s each), one target at a
# time, each a single libFuzzer process, seeded with the platform fixtures. Not run by CI.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). Works on the stable toolchain:
# RUSTC_BOOTSTRAP=1 lets stable rustc accept the -Z flags cargo-fuzz passes (set FUZZ_TOOLCHAIN=
# +nightly to use nightly instead). Environment:
#   FUZZ_SANITIZER   address | none (default none: the crate forbids unsafe code and what fuzzing
#                    looks for here are panics — index, slice, overflow (overflow checks and debug
#                    assertions stay on) — and runaway memory; ASan's instrumentation of polars
#                    doubles the build time on a small machine)
#   FUZZ_TARGET_DIR  cargo target dir of the fuzz build (default fuzz/target)
#   FUZZ_RSS_MB      libFuzzer -rss_limit_mb (default 2048)
# Dependencies are built at opt-level 1 (fuzz/Cargo.toml profile) with 16 codegen units, relais at
# opt-level 2: an instrumented polars at cargo-fuzz's default (opt-level 3, one codegen unit) takes
# hours on a 2-core machine.
# Per target, the libFuzzer log goes to fuzz/logs/<target>.log and a line
# `target runs seconds crashes` to fuzz/logs/summary.tsv; crashing inputs to fuzz/artifacts/<target>/.
# Exit status 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz/fuzz_targets | sed 's/\.rs$//')
fi
sanitizer="${FUZZ_SANITIZER:-none}"
target_dir="${FUZZ_TARGET_DIR:-fuzz/target}"
rss="${FUZZ_RSS_MB:-2048}"
toolchain="${FUZZ_TOOLCHAIN:-}"
export RUSTC_BOOTSTRAP=1
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
  [facebook_json]="$F/facebook/connections/friends/your_friends.json $F/facebook/connections/followers $F/facebook/your_facebook_activity/pages $F/facebook_2019/friends/friends.json"
  [tiktok_json]="$F/tiktok/user_data_tiktok.json $F/tiktok_2021/user_data.json"
)
mkdir -p fuzz/logs
tc=()
[ -n "$toolchain" ] && tc=("$toolchain")
cargo "${tc[@]}" fuzz build -s "$sanitizer" --codegen-units 16 --target-dir "$target_dir"
status=0
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  for s in ${seeds[$t]:-}; do
    if [ -d "$s" ]; then cp "$s"/* "$corpus"/ 2>/dev/null || true; else cp "$s" "$corpus"/; fi
  done
  echo "== $t ($secs s)"
  log="fuzz/logs/$t.log"
  crashed=0
  if ! cargo "${tc[@]}" fuzz run -s "$sanitizer" --codegen-units 16 --target-dir "$target_dir" "$t" "$corpus" -- -max_total_time="$secs" -rss_limit_mb="$rss" \
      -print_final_stats=1 >"$log" 2>&1; then
    crashed=1
    status=1
    echo "!! $t found a crash (see $log and fuzz/artifacts/$t)"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  took=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  printf '%s\t%s\t%s\t%s\n' "$t" "${runs:-?}" "${took:-$secs}" "$crashed" | tee -a fuzz/logs/summary.tsv
done
exit $status
