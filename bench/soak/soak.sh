#!/usr/bin/env bash
# Soak: a bounded mixed load on one `khabar serve` over loopback, to show
# that nothing degrades with time — zero 5xx, memory flat after warm-up, and
# latency reported every minute. Three loads run together for MINUTES:
#   browsing   wrk (CONNECTIONS connections) over home, articles, searches
#              and entity pages (bench/web-load.lua rotating over targets),
#              one wrk run per minute so each minute has its own p50/p99;
#   readers    bench/soak/readers.mjs: READERS accounts signing up and in,
#              saving, unsaving, reading "For you" and their saved list;
#   ingest     a folder source the server polls, fed a new file of articles
#              every DROP_EVERY seconds (live ingest while serving).
# The server's memory is sampled every 5 s: its anonymous resident memory
# (RssAnon: heap, caches; VmRSS also counts the pages of the database file
# SQLite maps, which come and go with the kernel's page cache and say
# nothing about leaks). Growth compares the lowest sample of minute 2 (after
# a minute of warm-up) with the lowest sample of the last minute: transient
# peaks (a large answer being built) do not count, a leak does.
#
#   bench/soak/soak.sh [KHABAR_BINARY [DATA_DIR]]
# Defaults: build/release/src/cli/khabar and build/bench/web-data (made by
# bench/web-load.sh). Environment: MINUTES (10), CONNECTIONS (32),
# READERS (8), DROP_EVERY (20), SHARED_DIR (../shared: articles to drop).
# Output: a table on stdout and build/bench/soak/summary.json. Exit 1 on
# any 5xx or failed request, or memory growth above 10 %.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
khabar=${1:-$repo/build/release/src/cli/khabar}
data=${2:-$repo/build/bench/web-data}
shared=${SHARED_DIR:-$repo/../shared}
minutes=${MINUTES:-10}
connections=${CONNECTIONS:-32}
readers=${READERS:-8}
drop_every=${DROP_EVERY:-20}
work=$repo/build/bench/soak
mkdir -p "$work"
rm -rf "$work"/*
[ -x "$khabar" ] || { echo "soak: no khabar binary at $khabar" >&2; exit 1; }
[ -f "$data/khabar.db" ] || { echo "soak: no database in $data (run bench/web-load.sh once)" >&2; exit 1; }
for tool in wrk curl jq node; do
  command -v "$tool" >/dev/null || { echo "soak: $tool not found" >&2; exit 1; }
done

# A copy of the data, so the soak's writes never touch the benchmark data.
cp "$data/khabar.db" "$work/khabar.db"
db=$work
drop=$work/drop
mkdir -p "$drop"
"$khabar" --data "$db" sources add "$drop" >/dev/null

# Articles to drop: records of the multi-source corpus's dev split (the
# benchmark data holds its train split), five per file; without ../shared,
# the demo articles one per file.
pool=$work/pool
mkdir -p "$pool"
src=$(ls "$shared"/data/ant-corpus-v2.1-multisource/*dev*.jsonl 2>/dev/null | head -1 || true)
if [ -n "$src" ]; then
  split -l 5 -d -a 4 --additional-suffix=.jsonl "$src" "$pool/part-"
else
  split -l 1 -d -a 4 --additional-suffix=.jsonl "$repo/demo/articles.jsonl" "$pool/part-"
fi

"$khabar" --data "$db" serve --bind 127.0.0.1 --port 0 --threads 2 \
  --access-log off >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
}
trap cleanup EXIT
base=""
for _ in $(seq 1 300); do
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 || true)
  [ -n "$base" ] && curl -fs "$base/healthz" >/dev/null && break
  sleep 0.1
done
[ -n "$base" ] || { echo "soak: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

# Targets for wrk: home, 500 articles, searches, entities.
{
  echo "/"
  for page in 1 2 3 4 5; do
    curl -fs "$base/api/v1/articles?per_page=100&page=$page" | jq -r '.items[].id' | sed 's|^|/article/|'
  done
  curl -fs "$base/api/v1/entities?per_page=100" | jq -r '.items[].key' | jq -Rr '@uri' | sed 's|^|/entity/|'
  for q in الرقة سوريا الحكومة الانتخابات النفط "مجلس الأمن" بالرقة أسابيع الاقتصاد كرة; do
    printf '/search?q=%s\n' "$(jq -rn --arg q "$q" '$q|@uri')"
  done
} >"$work/targets.txt"

# Memory: "seconds anon_kB rss_kB" every 5 s.
start_s=$(date +%s)
( while kill -0 "$server" 2>/dev/null; do
    echo "$(( $(date +%s) - start_s )) $(awk '/RssAnon/ {a=$2} /VmRSS/ {r=$2} END {print a, r}' "/proc/$server/status")" >>"$work/memory.txt"
    sleep 5
  done ) &
# The lowest anonymous memory (kB) of the samples in [from, to) seconds.
floor_kb() { awk -v a="$1" -v b="$2" '$1 >= a && $1 < b && (m == "" || $2 < m) {m = $2} END {print m}' "$work/memory.txt"; }

# Ingest: one file into the folder every DROP_EVERY seconds.
( for f in "$pool"/*; do
    cp "$f" "$drop/"
    sleep "$drop_every"
  done ) &

# Readers, for the whole soak.
BASE=$base DURATION_S=$((minutes * 60)) READERS=$readers \
  node "$repo/bench/soak/readers.mjs" >"$work/readers.jsonl" 2>"$work/readers.err" &
readers_pid=$!

# Browsing: one wrk run per minute.
printf '%-7s %10s %9s %9s %9s %7s %10s\n' minute "req/s" "p50 ms" "p99 ms" "max ms" "non2xx" "anon MB"
for m in $(seq 1 "$minutes"); do
  WRK_PATHS=$work/targets.txt WRK_THREADS=2 wrk -t2 -c"$connections" -d60s --latency \
    -s "$repo/bench/web-load.lua" "$base" >"$work/wrk-$m.log" 2>&1 || true
  line=$(grep WRKJSON "$work/wrk-$m.log" | sed 's/^WRKJSON //' | head -1)
  non2xx=$(echo "$line" | jq '.errors.status')
  now_s=$(( $(date +%s) - start_s ))
  anon=$(floor_kb $((now_s - 60)) "$now_s")
  echo "$line" | jq -c --argjson m "$m" --argjson n "${non2xx:-0}" --argjson anon "$anon" \
    '. + {minute: $m, non2xx: $n, anon_kb: $anon}' >>"$work/browse.jsonl"
  echo "$line" | jq -r --argjson m "$m" --argjson n "${non2xx:-0}" --argjson anon "$anon" \
    '[$m, .rps, (.p50_us/1000), (.p99_us/1000), (.max_us/1000), $n, ($anon/1024)] |
     "\(.[0])\t\(.[1]|floor)\t\(.[2]*10|floor/10)\t\(.[3]*10|floor/10)\t\(.[4]*10|floor/10)\t\(.[5])\t\(.[6]|floor)"' |
    awk -F'\t' '{printf "%-7s %10s %9s %9s %9s %7s %10s\n", $1, $2, $3, $4, $5, $6, $7}'
done
wait "$readers_pid" && readers_ok=1 || readers_ok=0

# Verdict.
end_s=$(( $(date +%s) - start_s ))
warm=$(floor_kb 60 120)
last=$(floor_kb $((end_s - 60)) "$end_s")
peak=$(awk '$2 > m {m = $2} END {print m}' "$work/memory.txt")
growth=$(awk -v a="$warm" -v b="$last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
ingested=$("$khabar" --data "$db" sources list --json 2>/dev/null | jq '[.[].articles] | add // 0' || echo "?")
fivexx_browse=$(jq -s '[.[].non2xx] | add' "$work/browse.jsonl")
echo
echo "readers, per minute:"; head -n -1 "$work/readers.jsonl" | sed "s/^/  /"
echo "readers, all: $(tail -1 "$work/readers.jsonl")"
echo "memory (anonymous, lowest of the minute): ${warm} kB in minute 2 → ${last} kB in the last minute (${growth} %); peak ${peak} kB"
echo "ingest: ${ingested} articles from the dropped files while serving"
echo "browse non-2xx/3xx: ${fivexx_browse}"
jq -n --arg growth "$growth" --argjson readers_ok "$readers_ok" \
  --argjson non2xx "$fivexx_browse" --arg ingested "$ingested" \
  '{memory_growth_pct: ($growth|tonumber), readers_ok: ($readers_ok == 1),
    browse_non2xx: $non2xx, ingested: $ingested}' >"$work/summary.json"
awk -v g="$growth" 'BEGIN { exit !(g <= 10) }' || { echo "soak: memory grew ${growth} %" >&2; exit 1; }
[ "$readers_ok" = 1 ] || { echo "soak: readers saw a 5xx or a failed request" >&2; exit 1; }
[ "$fivexx_browse" = 0 ] || { echo "soak: browsing saw non-2xx/3xx answers" >&2; exit 1; }
echo "soak: ok"
