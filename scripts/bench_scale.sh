#!/usr/bin/env bash
# Scale benchmark (issue 11; not run in CI): R-MAT follow graphs of growing size, each turned into
# a graph cache by `relais build`, then the kernels of benches/scale.rs run on the cache.
#
# Per size it prints: build wall time and peak RSS (/usr/bin/time -v), cache bytes, cache load
# time, one pass over the in-CSR, PageRank to convergence, WCC, k-core, sampled betweenness
# (ε = $EPSILON), label propagation and Leiden, and the peak RSS of the kernel process.
#
#   scripts/bench_scale.sh                      # 10M and 100M edge records
#   SIZES="10000000 100000000 500000000" scripts/bench_scale.sh
#   KERNELS=stream,pagerank,wcc scripts/bench_scale.sh
#   GRAPH=follow SIZES="100000000 500000000 1500000000" THREADS=2 scripts/bench_scale.sh
#
# Environment: SIZES (edge records), DATA (folder for the edge lists and caches, default
# $CARGO_TARGET_DIR/bench-data or target/bench-data), THREADS (rayon threads, default 1),
# EPSILON (sampled betweenness, default 0.05), KERNELS (comma-separated, default all),
# GRAPH (`rmat`, the default: R-MAT with its 3% duplicates; or `follow`: the duplicate-free
# power-law follow graph of `scale gen-follow`, 35 follows per account as twitter-2010),
# KEEP=1 keeps the edge lists (by default each is deleted once its cache is built).
# Disk: about 15 bytes per record for the edge list and 17 for the cache.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000000 100000000"}
TARGET=${CARGO_TARGET_DIR:-target}
DATA=${DATA:-$TARGET/bench-data}
THREADS=${THREADS:-1}
GRAPH=${GRAPH:-rmat}
EPSILON=${EPSILON:-0.05}
KERNELS=${KERNELS:-stream,pagerank,wcc,kcore,betweenness,lpa,leiden}
mkdir -p "$DATA"

cargo build --release --locked --quiet
SCALE=$(cargo bench --locked --bench scale --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*"' | grep '/scale-' | tail -1 | cut -d'"' -f4)
RELAIS=$TARGET/release/relais
[ -x "$SCALE" ] || { echo "could not find the scale bench binary" >&2; exit 1; }

peak_kib() { grep 'Maximum resident' "$1" | awk '{print $NF}'; }
wall() { grep 'Elapsed (wall' "$1" | awk '{print $NF}'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), threads $THREADS"
for n in $SIZES; do
  case $GRAPH in
    rmat) stem="rmat-v2-e$n-seed42" gen=gen ;;
    follow) stem="follow-v1-e$n-seed42" gen=gen-follow ;;
    *) echo "GRAPH is rmat or follow" >&2; exit 2 ;;
  esac
  edges="$DATA/$stem.txt"
  cache="$DATA/$stem.relais"
  if [ ! -f "$cache" ]; then
    [ -f "$edges" ] || "$SCALE" "$gen" "$n" "$edges"
    /usr/bin/time -v "$RELAIS" --threads "$THREADS" build "$edges" -o "$cache" --force -v \
      > "$DATA/build-$stem.out" 2> "$DATA/build-$stem.time"
    [ "${KEEP:-0}" = 1 ] || rm -f "$edges"
  fi
  echo "== $GRAPH, $n edge records"
  if [ -f "$DATA/build-$stem.time" ]; then
    cat "$DATA/build-$stem.out"
    grep -E '^ *(ingest|build|write):' "$DATA/build-$stem.time" || true
    echo "build wall $(wall "$DATA/build-$stem.time"), peak RSS $(peak_kib "$DATA/build-$stem.time") KiB"
  fi
  echo "cache bytes $(stat -c %s "$cache")"
  RELAIS_BENCH_THREADS=$THREADS RELAIS_BENCH_EPSILON=$EPSILON \
    /usr/bin/time -v "$SCALE" run "$cache" "$KERNELS" 2> "$DATA/run-$stem.time"
  echo "kernels peak RSS $(peak_kib "$DATA/run-$stem.time") KiB, load $(cut -d' ' -f1 /proc/loadavg)"
done
