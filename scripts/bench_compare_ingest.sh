#!/usr/bin/env bash
# Compares relais's ingest + build with igraph's and NetworKit's edge-list readers on the same
# generated R-MAT edge list (10M edges by default). Not run by CI: it needs PyPI and a few minutes.
#
# Usage: scripts/bench_compare_ingest.sh
# Environment:
#   RELAIS_BENCH_EDGES    edges of the generated graph (default 10000000)
#   THREADS               thread counts to try (default "1 2"); igraph's readers are sequential
#   REPEATS               runs per configuration (default 3); the table shows the median
#
# What it does:
#   1. creates target/bench-venv and installs pinned igraph and networkit wheels from PyPI;
#   2. builds relais and writes the benchmark data (the same files as `cargo bench --bench ingest`,
#      under target/bench-data/);
#   3. times, each in its own process under /usr/bin/time -v:
#        relais analyze FILE -v --threads T  (ingest + build from run.json's `stages`),
#        igraph Graph.Read_Edgelist and Graph.Read_Ncol,
#        NetworKit EdgeListReader with continuous (raw integer) and mapped ids;
#   4. prints a Markdown table (also written to target/bench-compare/results.md).
#
# Peak RSS is the whole process: for relais it includes the metrics and writing stages (20
# PageRank iterations here), for the Python readers the interpreter and both libraries (the
# `baseline` row).
set -euo pipefail
cd "$(dirname "$0")/.."

IGRAPH_VERSION=1.0.0
NETWORKIT_VERSION=11.2.2
THREADS=${THREADS:-"1 2"}
REPEATS=${REPEATS:-3}
VENV=target/bench-venv
WORK=target/bench-compare
mkdir -p "$WORK"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "igraph==$IGRAPH_VERSION" "networkit==$NETWORKIT_VERSION"

cargo build --release --locked --quiet
prepare=$(RELAIS_BENCH_PREPARE=1 cargo bench --locked --quiet --bench ingest 2>/dev/null)
FILE=$(printf '%s\n' "$prepare" | sed -n 's/^edge_list=//p')
[ -f "$FILE" ] || { echo "no data file; output was: $prepare" >&2; exit 1; }

load() { cut -d' ' -f1 /proc/loadavg; }

# Peak RSS in MiB from a `/usr/bin/time -v` log.
peak_mib() { awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

# Median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# The Python helper's JSON field $2 of line $1.
field() { "$VENV/bin/python" -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# Configurations, as "tool threads"; runs go round-robin over them (REPEATS rounds), so that a
# change of machine load during the script hits every configuration alike.
configs=()
for t in $THREADS; do configs+=("relais $t"); done
configs+=("baseline 1" "igraph-edgelist 1" "igraph-ncol 1")
for t in $THREADS; do configs+=("nk-continuous $t" "nk-mapped $t"); done

declare -A secs detail rss loads ing bld
for round in $(seq "$REPEATS"); do
  for c in "${configs[@]}"; do
    read -r tool t <<<"$c"
    loads[$c]+="$(load) "
    if [ "$tool" = relais ]; then
      out="$WORK/relais-out"
      /usr/bin/time -v -o "$WORK/time.log" target/release/relais --threads "$t" -v \
        analyze "$FILE" --out "$out" --force --max-iterations 20 >/dev/null 2>"$WORK/relais.err"
      read -r total i b <<<"$("$VENV/bin/python" -c '
import json, sys
s = {x["stage"]: x["seconds"] for x in json.load(open(sys.argv[1]))["stages"]}
i, b = s["ingest"], s["build"]
print(f"{i + b:.3f} {i:.3f} {b:.3f}")' "$out/run.json")"
      ing[$c]+="$i " bld[$c]+="$b "
      d="ingest_${i}_s,_build_${b}_s"
    else
      line=$(OMP_NUM_THREADS=$t /usr/bin/time -v -o "$WORK/time.log" \
        "$VENV/bin/python" scripts/bench_compare_ingest.py "$tool" "$FILE" "$t")
      total=$(field "$line" seconds)
      d="$(field "$line" nodes)_nodes,_$(field "$line" edges)_edges"
    fi
    secs[$c]+="$total "
    detail[$c]="$d"
    rss[$c]+="$(peak_mib "$WORK/time.log") "
    echo "round $round: $c: $total s ($d), load $(load)" >&2
  done
done

rows=()
for c in "${configs[@]}"; do
  read -r tool t <<<"$c"
  # Word splitting of the space-separated lists is intended below.
  if [ "$tool" = relais ]; then
    # shellcheck disable=SC2086
    d="ingest $(median ${ing[$c]}) s + build $(median ${bld[$c]}) s (medians)"
  else
    d="${detail[$c]//_/ }"
  fi
  # shellcheck disable=SC2086
  rows+=("| $tool | $t | $(median ${secs[$c]}) | ${secs[$c]% } | $d | $(median ${rss[$c]}) | ${loads[$c]% } |")
done

{
  echo "Edge list: $FILE ($(wc -l <"$FILE") lines); median of $REPEATS runs; igraph $IGRAPH_VERSION, networkit $NETWORKIT_VERSION, $(target/release/relais --version)"
  echo
  echo "| reader | threads | median s | all runs s | detail | peak RSS MiB | 1-min load at each run |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$WORK/results.md"
