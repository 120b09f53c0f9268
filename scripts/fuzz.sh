#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time (default 60 s each), one target at a
# time, each a single libFuzzer process, seeded with the platform fixtures. Not run by CI.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Build: the targets are plain cargo-fuzz targets (`cargo fuzz run x_archive` works), but
# cargo-fuzz instruments every crate through RUSTFLAGS, so its build recompiles polars with
# sanitizer coverage: more than 1.5 h on a 2-core machine without getting through polars-core.
# This script instead runs `cargo build --release` on fuzz/ with the relais release profile, and
# fuzz/rustc-wrapper.sh (RUSTC_WRAPPER) adds the instrumentation to the relais crate alone:
# sanitizer coverage (inline 8-bit counters, pc table, compare tracing); fuzz/Cargo.toml gives
# relais debug assertions and overflow checks. Every dependency is then the same compiled unit as
# in the ordinary release build: pointed at a warm CARGO_TARGET_DIR it compiles only relais,
# libFuzzer (C++) and the 17 small target binaries, on the stable toolchain (no -Z flag, no
# RUSTC_BOOTSTRAP, which would also rebuild every crate whose build script probes for nightly).
# The parsers' dependencies (serde_json, csv, quick-xml, ciborium, zip) run uninstrumented:
# coverage guidance comes from relais' own branches, which is where the panics fuzzing looks for
# live. No sanitizer: the crate forbids unsafe code, and what is looked for are panics (index,
# slice, overflow, unwrap) and runaway memory or time. Environment:
#   FUZZ_TARGET_DIR  cargo target dir of the build (default: CARGO_TARGET_DIR, else target)
#   FUZZ_RSS_MB      libFuzzer -rss_limit_mb (default 2048)
#   FUZZ_TIMEOUT     libFuzzer -timeout in seconds for one input (default 10)
#   FUZZ_JOBS        targets run at the same time (default 1)
# Per target, the libFuzzer log goes to fuzz/logs/<target>.log and a line
# `target runs seconds crashes` to fuzz/logs/summary.tsv; crashing inputs to fuzz/artifacts/<target>/,
# the grown corpus to fuzz/corpus/<target>/ (neither is committed).
# Exit status 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz/fuzz_targets | sed 's/\.rs$//')
fi
target_dir="${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-target}}"
rss="${FUZZ_RSS_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-10}"
jobs="${FUZZ_JOBS:-1}"
F=data/fixtures/platforms
declare -A seeds=(
  [x_archive]="$F/x_archive/data/tweets.js $F/x_archive/data/like.js"
  [x_archive_follow]="$F/x_archive/data/follower.js $F/x_archive/data/account.js"
  [twitter_json]="$F/twitter_api/tweets_v2.jsonl $F/twitter_api/tweets_v1.jsonl"
  [twarc_csv]="$F/twitter_api/tweets_twarc.csv"
  [instagram_json]="$F/instagram/connections/followers_and_following $F/instagram/personal_information/personal_information/personal_information.json"
  [instagram_html]="$F/instagram_html"
  [mastodon_following]="$F/mastodon/following_accounts.csv"
  [mastodon_outbox]="$F/mastodon/outbox.json $F/mastodon/actor.json"
  [bluesky_car]="$F/bluesky/repo.car"
  [bluesky_json]="$F/bluesky/records.json"
  [linkedin]="$F/linkedin/Connections.csv"
  [youtube]="$F/youtube/commentThreads.json"
  [gephi_edges]="$F/gephi/edges.csv $F/gephi/nodes.csv"
  [graphml]="$F/graphml/nodexl.graphml"
  [gexf]="$F/gexf/gephi.gexf"
  [facebook_json]="$F/facebook/connections/friends/your_friends.json $F/facebook/connections/followers $F/facebook/your_facebook_activity/pages $F/facebook_2019/friends/friends.json $F/facebook/personal_information/profile_information/profile_information.json"
  [tiktok_json]="$F/tiktok/user_data_tiktok.json $F/tiktok_2021/user_data.json"
)
mkdir -p fuzz/logs
RUSTC_WRAPPER="$PWD/fuzz/rustc-wrapper.sh" cargo build --release --manifest-path fuzz/Cargo.toml \
  --target-dir "$target_dir" --bins
run_one() {
  local t="$1" corpus="fuzz/corpus/$1" log="fuzz/logs/$1.log" crashed=0
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  for s in ${seeds[$t]:-}; do
    if [ -d "$s" ]; then cp "$s"/* "$corpus"/ 2>/dev/null || true; else cp "$s" "$corpus"/; fi
  done
  echo "== $t ($secs s)"
  if ! "$target_dir/release/$t" "$corpus" -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$secs" -rss_limit_mb="$rss" -timeout="$timeout" -print_final_stats=1 \
      >"$log" 2>&1; then
    crashed=1
    echo "!! $t found a crash (see $log and fuzz/artifacts/$t)"
  fi
  local runs took
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  took=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  printf '%s\t%s\t%s\t%s\n' "$t" "${runs:-?}" "${took:-$secs}" "$crashed" | tee -a fuzz/logs/summary.tsv
  return $crashed
}
status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
