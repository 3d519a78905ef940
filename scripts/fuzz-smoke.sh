#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time on its kept seed corpus,
# FUZZ_JOBS targets at a time (default: one per core; each run is one
# process on one core, so two cores halve the wall time of the smoke).
# With FUZZ_RUNS=N each target runs N executions instead (SECONDS = 0: no
# time limit), the long local run of `make fuzz-long`.
# Usage: fuzz-smoke.sh BIN_DIR SECONDS NAME...
set -euo pipefail
bin_dir=$(cd "$1" && pwd); seconds=$2; shift 2
out=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${FUZZ_JOBS:-$(nproc)}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One target: new inputs go to a scratch folder (the kept corpus changes only
# by review); the log is printed only when the target fails.
run_one() {
  local name=$1 seeds="$root/fuzz/corpus/${1%_fuzz}" work="$scratch/$1"
  mkdir -p "$work/new"
  local budget=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS")
  if ! (cd "$work" && "$bin_dir/$name" "${budget[@]}" -rss_limit_mb=2048 \
          -print_final_stats=0 "$work/new" "$seeds" >"$work/log" 2>&1); then
    tail -n 40 "$work/log"
    # libFuzzer wrote the input that failed into $work: keep it.
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "$out" 2>/dev/null || true
    echo "fuzz: $name FAILED (its input is copied to $out)"
    return 1
  fi
  echo "fuzz: $name: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -n 1)" \
       "($(grep -E '^Done [0-9]+ runs' "$work/log" | tail -n 1))"
}

failed=0
running=0
for name in "$@"; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "fuzz: a target failed"; exit 1; }
