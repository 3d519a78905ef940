#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time on its kept seed corpus.
# Usage: fuzz-smoke.sh BIN_DIR SECONDS NAME...
set -euo pipefail
bin_dir=$1; seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
for name in "$@"; do
  seeds="$root/fuzz/corpus/${name%_fuzz}"
  work=$(mktemp -d)
  echo "fuzz: $name for ${seconds}s (seeds: ${seeds#$root/})"
  # New inputs go to a scratch folder: the kept corpus changes only by review.
  if ! "$bin_dir/$name" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -print_final_stats=0 "$work" "$seeds" >"$work.log" 2>&1; then
    tail -n 40 "$work.log"
    echo "fuzz: $name FAILED (crash input saved by libFuzzer in $(pwd))"
    exit 1
  fi
  grep -E '^(#[0-9]+[[:space:]]+DONE|Done)' "$work.log" | tail -n 1 || true
  rm -rf "$work" "$work.log"
done
