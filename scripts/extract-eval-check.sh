#!/usr/bin/env bash
# The extraction bar as a test (CTest `extract_eval_bar`): builds the
# evaluation pages from ../shared's ANT dev splits (eval/extract/README.md),
# scores them with `khabar eval extract`, and fails when the F1 of any
# template, or of all pages, is below 0.95. Exits 77 (CTest: skipped) when
# ../shared is not there.
#   scripts/extract-eval-check.sh MAKE_EXTRACT_EVAL KHABAR SHARED_DIR
set -euo pipefail
make_eval=$1; khabar=$2; shared=$3
if [ ! -d "$shared/data/ant-corpus-v2.1-multisource" ]; then
  echo "extract-eval: $shared/data not found: skipped (needs the ANT dev splits)"
  exit 77
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/khabar-extract-eval.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$make_eval" "$shared/data" "$out" >/dev/null
"$khabar" eval extract "$out"
low=$("$khabar" eval extract "$out" --json |
      jq -r '[.groups | to_entries[] | select(.value.f1 < 0.95) | .key] +
             (if .overall.f1 < 0.95 then ["overall"] else [] end) | join(" ")')
if [ -n "$low" ]; then
  echo "extract-eval: F1 below 0.95 for: $low" >&2
  exit 1
fi
