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
# HTML extraction over the generated evaluation pages (eval/extract), or
# the CNN page / a built-in page when ../shared is missing; libxml2's parse
# alone is the baseline row.
echo "──── extract_bench"
pages=""
if [ -d "$shared/data/ant-corpus-v2.1-multisource" ]; then
  pages=$(mktemp -d "${TMPDIR:-/tmp}/khabar-extract-pages.XXXXXX")
  "$build/tools/make_extract_eval" "$shared/data" "$pages" >/dev/null
fi
KHABAR_EXTRACT_PAGES=$pages "$build/bench/extract_bench" --benchmark_counters_tabular=true
[ -n "$pages" ] && rm -rf "$pages"
echo "──── web-load (wrk, loopback)"
SHARED_DIR="$shared" bash "$(dirname "$0")/../bench/web-load.sh" "$build/src/cli/khabar"
