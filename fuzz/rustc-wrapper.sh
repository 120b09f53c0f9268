#!/usr/bin/env bash
# RUSTC_WRAPPER used by scripts/fuzz.sh: compiles the relais crate with libFuzzer's sanitizer
# coverage (inline 8-bit counters, pc table, compare tracing) and `--cfg fuzzing`, and every
# other crate exactly as the ordinary release build does, so that those reuse its compiled
# units. Cargo does not see these flags: fuzz/Cargo.toml gives relais its own profile (debug
# assertions, overflow checks, line tables) so that its fuzz build never replaces the plain one.
rustc="$1"
shift
prev=
for a in "$@"; do
  if [ "$prev" = --crate-name ] && [ "$a" = relais ]; then
    exec "$rustc" "$@" -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
      -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing
  fi
  prev="$a"
done
exec "$rustc" "$@"
