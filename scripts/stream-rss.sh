#!/usr/bin/env bash
# Peak memory of `relais inspect` on line-oriented inputs 1x, 10x and 100x larger, to check that
# they are streamed: generic CSV and JSON Lines edge tables, Twitter API v2 JSON Lines
# (twarc2-flattened tweets) and twarc2 CSV, generated from the fixtures' layouts with distinct
# records (distinct ids, distinct (source, target, time)) over a fixed pool of accounts. As a
# contrast, the same tweets as one JSON document (an array, read whole). Prints
# `input scale records bytes peak_rss_kib`; nothing is asserted.
#
#   scripts/stream-rss.sh [RELAIS_BINARY] [BASE_RECORDS]
#
# Defaults: $CARGO_TARGET_DIR/release/relais (else target/release/relais), 20000 records.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/release/relais}"
base="${2:-20000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
gen() { # kind records file
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
accounts = 10000
def day(i):
    return f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i // 60) % 60:02d}.000Z"
with open(out, "w", newline="") as f:
    if kind == "csv":
        f.write("source,target,kind,timestamp\n")
    if kind == "twarc":
        f.write("id,conversation_id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,"
                "referenced_tweets.quoted.id,author_id,in_reply_to_user_id,in_reply_to_username,"
                "retweeted_user_id,retweeted_username,quoted_user_id,quoted_username,created_at,text,"
                "entities.mentions,author.username\n")
    if kind == "doc":
        f.write("[\n")
    for i in range(n):
        a, b = i % accounts, (i * 7919 + 1) % accounts
        if kind == "csv":
            f.write(f"u{a},u{b},mention,{i}\n")
        elif kind == "jsonl":
            f.write(json.dumps({"source": f"u{a}", "target": f"u{b}", "kind": "mention",
                                "timestamp": i}) + "\n")
        elif kind == "twarc":
            f.write(f"{10**9 + i},{10**9 + i},,{2 * 10**9 + i},,{a},,,{b},user{b},,,{day(i)},"
                    f"RT @user{b}: post {i},\"[\"\"@user{b}\"\"]\",user{a}\n")
        else:
            t = {"id": str(10**9 + i), "text": f"look at this {i}", "author_id": str(a),
                 "author": {"id": str(a), "username": f"user{a}", "name": f"User {a}"},
                 "created_at": day(i),
                 "referenced_tweets": [{"type": "quoted", "id": str(2 * 10**9 + i),
                                        "author_id": str(b),
                                        "author": {"id": str(b), "username": f"user{b}"}}]}
            if kind == "doc":
                f.write(json.dumps(t, indent=1) + (",\n" if i + 1 < n else "\n"))
            else:
                f.write(json.dumps(t) + "\n")
    if kind == "doc":
        f.write("]\n")
PY
}
printf 'input\tscale\trecords\tbytes\tpeak_rss_kib\n'
for kind in csv jsonl tweets twarc doc; do
  case $kind in
    csv) name=edges.csv ;; jsonl) name=edges.jsonl ;; tweets) name=tweets.jsonl ;;
    twarc) name=tweets_twarc.csv ;; doc) name=tweets.json ;;
  esac
  for scale in 1 10 100; do
    n=$((base * scale))
    f="$dir/$scale-$name"
    gen "$kind" "$n" "$f"
    rss=$(/usr/bin/time -f '%M' "$bin" inspect -q --threads 1 "$f" 2>&1 >/dev/null | tail -1)
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "${scale}x" "$n" "$(stat -c %s "$f")" "$rss"
    rm -f "$f"
  done
done
