#!/usr/bin/env bash
# Times relais's centrality and community kernels against NetworKit and igraph (and leidenalg) on
# the same generated R-MAT graphs, in the same run. Not run by CI: it needs PyPI and a long time
# (about an hour for 1M and 10M edges on a busy 2-core machine).
#
# Usage: scripts/bench_peers.sh
# Environment:
#   SIZES      edge records of the generated graphs (default "1000000 10000000")
#   THREADS    thread counts (default "1 2"); igraph and leidenalg are sequential and run once
#   TOOLS      tools (default "relais networkit igraph")
#   SOURCES    sources for the per-source kernels (exact betweenness and closeness, 1M graph
#              only; default 64); their times are extrapolated × n / SOURCES
#   VENV       virtualenv (default target/bench-peers-venv; created and filled from PyPI)
#   TIMEOUT    seconds per tool process (default 2400)
#   PEERS_BIN  the built benches/peers.rs binary (default: build it with cargo)
#   KERNELS    only these kernels, comma-separated (e.g. "louvain,leiden,leiden_3it"); the
#              directed process (PageRank) runs only when pagerank is listed (default: all)
#
# What it does:
#   1. creates the virtualenv and installs pinned networkit, igraph and leidenalg wheels;
#   2. builds `benches/peers.rs` and writes, per size, the R-MAT graph of benches/common
#      (seed 42, self-loops and repeats dropped, dense ids) as a directed and an undirected
#      tab-separated edge list under $CARGO_TARGET_DIR/peers-data, read by every tool;
#   3. per size, thread count and tool, runs one process on the directed graph (PageRank) and
#      one on the undirected graph (every other kernel) under /usr/bin/time -v; each prints one
#      JSON line per kernel (wall and CPU seconds of the kernel call alone, peak resident size
#      during it, load average), collected in $OUT/results.jsonl;
#   4. prints the Markdown table (scripts/bench_peers.py report), also in $OUT/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

NETWORKIT_VERSION=11.2.2
IGRAPH_VERSION=1.0.0
LEIDENALG_VERSION=0.12.0
SIZES=${SIZES:-"1000000 10000000"}
THREADS=${THREADS:-"1 2"}
TOOLS=${TOOLS:-"relais networkit igraph"}
SOURCES=${SOURCES:-64}
TIMEOUT=${TIMEOUT:-2400}
TARGET=${CARGO_TARGET_DIR:-target}
VENV=${VENV:-$TARGET/bench-peers-venv}
DATA=$TARGET/peers-data
OUT=${OUT:-$TARGET/bench-peers}
mkdir -p "$DATA" "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "networkit==$NETWORKIT_VERSION" "igraph==$IGRAPH_VERSION" "leidenalg==$LEIDENALG_VERSION"
PY="$VENV/bin/python"

BIN=${PEERS_BIN:-}
[ -n "$BIN" ] || BIN=$(cargo bench --locked --bench peers --no-run --message-format=json 2>/dev/null |
  "$PY" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "peers" and m.get("executable"):
        print(m["executable"])')
[ -x "$BIN" ] || { echo "could not build benches/peers.rs" >&2; exit 1; }

RESULTS=$OUT/results.jsonl
{
  echo "# $(date -u +%FT%TZ) $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  echo "# $(git rev-parse --short HEAD) networkit $NETWORKIT_VERSION igraph $IGRAPH_VERSION leidenalg $LEIDENALG_VERSION"
} >>"$RESULTS"

# Kernels per graph kind and size: the per-source kernels only on the smallest graph.
# NetworKit's ApproxBetweenness (RK) runs last: it had not finished after 5 minutes on the 1M
# graph here, so it runs on the 1M graph only (NO_NK_RK=1 leaves it out there too).
kernels_for() { # size kind
  if [ -n "${KERNELS:-}" ]; then
    if [ "$2" = directed ]; then
      case ",$KERNELS," in *,pagerank,*) echo pagerank ;; *) echo "" ;; esac
    else
      echo "$KERNELS" | tr ',' '\n' | grep -vx pagerank | paste -sd, -
    fi
  elif [ "$2" = directed ]; then
    echo pagerank
  elif [ "$1" -le 1000000 ]; then
    echo betweenness_sources,closeness_sources,betweenness_kadabra,triangles,kcore,louvain,leiden,leiden_3it,leiden_leidenalg,betweenness_approx
  else
    echo betweenness_kadabra,triangles,kcore,louvain,leiden,leiden_3it,leiden_leidenalg,betweenness_approx
  fi
}

for size in $SIZES; do
  meta=$("$BIN" prepare "$size" "$DATA")
  echo "graph: $meta" >&2
  for t in $THREADS; do
    for tool in $TOOLS; do
      if [ "$tool" = igraph ] && [ "$t" != 1 ]; then continue; fi
      for kind in directed undirected; do
        file=$DATA/rmat-$size-$kind.txt
        ks=$(kernels_for "$size" "$kind")
        [ -n "$ks" ] || continue
        if [ "$tool" = networkit ] && { [ "${NO_NK_RK:-0}" = 1 ] || [ "$size" -gt 1000000 ]; }; then
          ks=${ks%,betweenness_approx}
        fi
        echo "size $size, $t threads, $tool, $kind (load $(cut -d' ' -f1 /proc/loadavg))" >&2
        if [ "$tool" = relais ]; then
          cmd=("$BIN" run "$file" "$kind" "$t" "$ks" "$SOURCES")
        else
          cmd=(env OMP_NUM_THREADS="$t" "$PY" scripts/bench_peers.py run "$tool" "$file" "$kind" "$t" "$ks" "$SOURCES")
        fi
        rc=0
        timeout "$TIMEOUT" /usr/bin/time -v -o "$OUT/time.log" "${cmd[@]}" >"$OUT/run.out" 2>"$OUT/run.err" || rc=$?
        sed "s/^{/{\"records\": $size, /" "$OUT/run.out" | tee -a "$RESULTS" >&2
        peak=$(awk -F: '/Maximum resident set size/ {print $2 * 1024}' "$OUT/time.log" 2>/dev/null || echo 0)
        echo "{\"records\": $size, \"tool\": \"$tool\", \"process\": \"$kind\", \"threads\": $t, \"rc\": $rc, \"max_rss_bytes\": ${peak:-0}}" >>"$RESULTS"
        [ "$rc" = 0 ] || { echo "  exit $rc; stderr:" >&2; tail -3 "$OUT/run.err" >&2; }
      done
    done
  done
done

"$PY" scripts/bench_peers.py report "$RESULTS" | tee "$OUT/results.md"
