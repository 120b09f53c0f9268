#!/usr/bin/env bash
# Times `relais seeds --k 50 --epsilon 0.1` on a generated 10M-edge social network with 2 threads.
#
# Usage: scripts/bench_seeds.sh [extra relais seeds flags...]
# Environment:
#   ACCOUNTS   accounts of the generated network (default 250000: about 10.6M edge records, six
#              layers: follow, like, repost, reply, quote, mention)
#   THREADS    worker threads (default 2)
#   K, EPSILON seeds and IMM's ε (default 50 and 0.1)
#   RELAIS     the binary (default: built with `cargo build --release --locked`)
#
# What it does:
#   1. builds relais (unless RELAIS is set) and generates the network with `relais simulate`
#      (seed 1), cached under $CARGO_TARGET_DIR/bench-data/seeds-<ACCOUNTS>/;
#   2. runs `relais seeds` under /usr/bin/time -v with -v (stage times on stderr);
#   3. prints wall time, the stage times (ingest, build, influence-graph, imm, baselines,
#      monte-carlo, write), θ and the RR sets of the sampling phase, peak RSS, and the load average
#      before and after (the figures are only comparable on an otherwise idle machine).
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-250000}
THREADS=${THREADS:-2}
K=${K:-50}
EPSILON=${EPSILON:-0.1}
TARGET=${CARGO_TARGET_DIR:-target}
if [ -z "${RELAIS:-}" ]; then
  cargo build --release --locked --quiet
  RELAIS=$TARGET/release/relais
fi
DATA=$TARGET/bench-data/seeds-$ACCOUNTS
WORK=$TARGET/bench-seeds
mkdir -p "$WORK"

if [ ! -f "$DATA/edges.csv" ]; then
  "$RELAIS" simulate --accounts "$ACCOUNTS" --seed 1 --out "$DATA" --force --threads "$THREADS"
fi
records=$(($(wc -l < "$DATA/edges.csv") - 1))

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -v "$RELAIS" seeds "$DATA" --k "$K" --epsilon "$EPSILON" --threads "$THREADS" -v \
  --out "$WORK/out" --force "$@" > "$WORK/stdout.txt" 2> "$WORK/stderr.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "network: $ACCOUNTS accounts, $records edge records ($DATA)"
echo "command: relais seeds --k $K --epsilon $EPSILON --threads $THREADS $*"
grep -E '^ *[a-z-]+: [0-9.]+ s$' "$WORK/stderr.txt" | sed 's/^ */stage /'
awk -F': ' '/Elapsed \(wall clock\)/ {print "wall: " $2}' "$WORK/stderr.txt"
awk -F': ' '/Maximum resident set size/ {printf "peak RSS: %.0f MiB\n", $2 / 1024}' "$WORK/stderr.txt"
python3 - "$WORK/out/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"RR sets: θ = {r['rr_sets']} (final), {r['sampling_rr_sets']} (sampling phase); "
      f"RR memory {r['rr_bytes'] / 2**20:.0f} MiB; graph {r['graph_bytes'] / 2**20:.0f} MiB; "
      f"influence graph {r['influence_graph_bytes'] / 2**20:.0f} MiB")
PY
echo "load average (1, 5, 15 min): before $load_before, after $load_after on $(nproc) cores"
cat "$WORK/stdout.txt"
