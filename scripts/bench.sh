#!/usr/bin/env bash
# `make bench`: every benchmark, release build. Figures to report are the
# ratios against the baseline rows measured in the same run.
set -euo pipefail
build=$1; shared=$2
export KHABAR_SHARED_DIR="$shared"
for b in analyzer_bench nlp_bench ingest_bench; do
  echo "──── $b"
  "$build/bench/$b" --benchmark_counters_tabular=true
done
echo "──── web-load (wrk, loopback)"
SHARED_DIR="$shared" bash "$(dirname "$0")/../bench/web-load.sh" "$build/src/cli/khabar"
