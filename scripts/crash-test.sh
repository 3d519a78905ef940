#!/usr/bin/env bash
# The crash-safety, disk-full and read-only tests (tests/crash/) against a
# build's khabar, outside ctest, e.g. a longer local run:
#
#   scripts/crash-test.sh build/debug                    # 50 trials in all
#   CRASH_TRIALS=150 scripts/crash-test.sh build/debug   # 50 per scenario
#   CRASH_SEED=1234 scripts/crash-test.sh build/debug    # replay a seed
#
# Prints each scenario's summary line (trials, kills, losses) and a total.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
export KHABAR_BIN
KHABAR_BIN=$(cd "$1" && pwd)/src/cli/khabar
[ -x "$KHABAR_BIN" ] || { echo "crash-test: $KHABAR_BIN not found (build it first)" >&2; exit 2; }
command -v node >/dev/null || { echo "crash-test: node not found" >&2; exit 2; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# One seed for the three scenarios, so the run is replayed as a whole.
export CRASH_SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}

log=$(mktemp "${TMPDIR:-/tmp}/khabar-crash-test.XXXXXX")
trap 'rm -f "$log"' EXIT
status=0
start=$SECONDS
trials=0 kills=0 losses=0
for name in ingest newsletter accounts disk; do
  node --test "$root/tests/crash/$name.test.mjs" >"$log" 2>&1 || status=1
  grep -E '^# (crash |fsize|tmpfs|read-only)' "$log" | sed 's/^# //' || true
  if line=$(grep -E '^# crash [a-z]+: trials' "$log"); then
    trials=$((trials + $(sed -E 's/.*trials ([0-9]+).*/\1/' <<<"$line")))
    kills=$((kills + $(sed -E 's/.*kills ([0-9]+).*/\1/' <<<"$line")))
    losses=$((losses + $(sed -E 's/.*losses ([0-9]+).*/\1/' <<<"$line")))
  fi
  [ $status -eq 0 ] || { cat "$log"; break; }
done
echo "crash-test: trials $trials, kills $kills, losses $losses, seed $CRASH_SEED," \
     "$((SECONDS - start)) s: $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
