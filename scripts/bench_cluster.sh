#!/usr/bin/env bash
# Cluster mode on loopback vs one thread of single-machine relais (the COST figure: how many
# processes it takes to beat one thread).
#
# Usage: scripts/bench_cluster.sh
# Environment:
#   EDGES      R-MAT edge records (default 10000000; the generator of benches/common, cached
#              under $CARGO_TARGET_DIR/bench-data/)
#   FILE       an existing edge list to run on instead (EDGES is then ignored)
#   PROCESSES  process counts to run (default "1 2 4"), each with WORKERS threads
#   WORKERS    worker threads per process (default 1)
#   RELAIS     the binary (default: built with `cargo build --release --locked`)
#   SINGLE     the single-machine bench binary (default: `cargo bench --bench cluster`); set it
#              to an already built `target/release/deps/cluster-*` to skip that build
#
# What it does:
#   1. builds relais and the `cluster` bench, which generates the R-MAT edge list and times one
#      thread of single-machine relais on what a cluster run computes (read, build, degrees,
#      PageRank, weak components, k-core);
#   2. for each process count P, starts P processes of `relais analyze --cluster` on 127.0.0.1
#      (free ports) on the same file, waits for all, and prints the wall time, process 0's stage
#      times (-v) and the peak RSS of every process;
#   3. prints the load average before and after: figures are only comparable on an idle machine.
# Note: a cluster run also writes accounts.csv/.parquet (process 0); the single-machine figure
# does not include writing.
set -euo pipefail
cd "$(dirname "$0")/.."

EDGES=${EDGES:-10000000}
PROCESSES=${PROCESSES:-"1 2 4"}
WORKERS=${WORKERS:-1}
TARGET=${CARGO_TARGET_DIR:-target}
if [ -z "${RELAIS:-}" ]; then
  cargo build --release --locked --quiet
  RELAIS=$TARGET/release/relais
fi
WORK=$TARGET/bench-cluster
mkdir -p "$WORK"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${FILE:-}" ]; then export RELAIS_BENCH_FILE=$FILE; fi
if [ -z "${SINGLE:-}" ]; then
  cargo bench --locked --quiet --bench cluster --no-run 2>/dev/null
  SINGLE=$(ls -t "$TARGET"/release/deps/cluster-* | grep -v '\.d$' | head -1)
fi
single=$(RELAIS_BENCH_EDGES=$EDGES /usr/bin/time -f "single 1 thread: %e s wall, %U s user, %S s system (whole bench process, data check included)" "$SINGLE" --bench 2>&1)
echo "$single"
FILE=$(echo "$single" | sed -n 's/^file: //p')

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

for P in $PROCESSES; do
  hosts=$WORK/hosts-$P.txt
  : > "$hosts"
  for ((i = 0; i < P; i++)); do echo "127.0.0.1:$(free_port)" >> "$hosts"; done
  start=$(date +%s.%N)
  pids=()
  for ((i = 0; i < P; i++)); do
    /usr/bin/time -f "process $i: peak RSS %M KiB, %e s wall, %U s user, %S s system" \
      "$RELAIS" analyze "$FILE" --cluster "$hosts" --process "$i" --workers "$WORKERS" \
      --out "$WORK/out-$P" --force -v --cluster-timeout 600 \
      > "$WORK/p$P-$i.out" 2> "$WORK/p$P-$i.err" &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  end=$(date +%s.%N)
  echo "== $P process(es) x $WORKERS worker(s): wall $(echo "$end - $start" | bc) s (exit $status), load $(cut -d' ' -f1 /proc/loadavg)"
  grep -E '^ *[a-z]+: [0-9.]+ s$' "$WORK/p$P-0.err" | sed 's/^/   process 0 /' || true
  cat "$WORK"/p"$P"-*.err | grep 'peak RSS' | sed 's/^/   /'
  cat "$WORK"/p"$P"-*.err | grep 'peak RSS' | sed -E 's/.* ([0-9.]+) s user, ([0-9.]+) s system/\1 \2/' |
    awk '{ c = $1 + $2; all += c; if (c > top) top = c } END { printf "   CPU s (user + system): busiest process %.2f, all processes %.2f\n", top, all }'
  if [ "$status" != 0 ]; then cat "$WORK"/p"$P"-*.err; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
