#!/usr/bin/env bash
# Web load benchmark: `khabar serve` under wrk, on loopback only.
#
# What it measures: requests/s and p50/p99 latency of the whole HTTP stack
# (Beast server, Site routing, page cache, rendering, SQLite reads) for
#   static    /static/site.css — an embedded file, no database: the baseline
#   home      /
#   article   /article/{id}, rotating over up to 1,000 real ids
#   search    /search?q=…, rotating over ~50 Arabic words from titles
#   entity    /entity/{key}, rotating over up to 100 entity keys
# each for DURATION with CONNECTIONS connections on THREADS wrk threads.
# Every figure is also given as a ratio to the static baseline of the same
# run, so runs on different machines can be compared.
#
# The Site keeps anonymous GET answers in a page cache until the data
# changes, so after their first pass the rotating runs above are cache hits.
# Hence two more kinds of row:
#   article cold     a first pass over the article ids on a freshly started
#                    server (cache empty; no id requested twice). wrk runs
#                    for DURATION even when a thread has run out of ids, so
#                    if the pass ends early its req/s is not shown (n/a).
#   * uncached       the same targets on a server started with
#                    --page-cache-mb 0, so every answer is rendered
#   home signed-in   / for a reader with a session (never cached: it carries
#                    their name, save buttons and CSRF token)
#   for-you          /for-you of that reader, who follows three entities and
#                    a topic (ranked anew on every request)
#
# How to run (a release build; a debug build measures the sanitizers):
#   cmake --preset release && cmake --build --preset release --target khabar
#   bench/web-load.sh [KHABAR_BINARY [DATA_DIR]]
# KHABAR_BINARY defaults to build/release/src/cli/khabar. DATA_DIR defaults
# to build/bench/web-data, made on first use by ingesting demo/ plus, when
# present, the ant-corpus v2.1 train files from ../shared/data (SHARED_DIR).
# Environment: DURATION (10s), CONNECTIONS (64), THREADS (2),
# SERVER_THREADS (2). wrk, curl, jq and python3 must be installed.
# Output: a table on stdout; JSON in build/bench/web-load.json; wrk's own
# reports (--latency) in build/bench/web-load/*.log.
#
# wrk and the server share the machine: on few cores the figures are a
# lower bound on the server and the ratios matter more than the numbers.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
khabar=${1:-$repo/build/release/src/cli/khabar}
data=${2:-$repo/build/bench/web-data}
shared=${SHARED_DIR:-$repo/../shared}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
server_threads=${SERVER_THREADS:-2}
out_dir=$repo/build/bench
work=$out_dir/web-load
lua=$repo/bench/web-load.lua

for tool in wrk curl jq python3; do
  command -v "$tool" >/dev/null || { echo "web-load: $tool not found" >&2; exit 1; }
done
[ -x "$khabar" ] || { echo "web-load: no khabar binary at $khabar" >&2; exit 1; }
mkdir -p "$work"
rm -f "$work"/*.log "$work"/*.txt

# ── Data ────────────────────────────────────────────────────────────────
if [ ! -f "$data/khabar.db" ]; then
  inputs=("$repo/demo")
  for f in "$shared"/data/ant-corpus-v2.1-multisource/*train*.jsonl; do
    [ -f "$f" ] && inputs+=("$f")
  done
  echo "web-load: ingesting ${inputs[*]} into $data" >&2
  mkdir -p "$data"
  # Known-bad records in the corpora are reported, not fatal.
  "$khabar" --data "$data" ingest "${inputs[@]}" >"$work/ingest.log" 2>&1 || true
  [ -f "$data/khabar.db" ] || { echo "web-load: ingest failed, see $work/ingest.log" >&2; exit 1; }
fi

# ── Server ──────────────────────────────────────────────────────────────
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_server() {
  "$khabar" --data "$data" serve --bind 127.0.0.1 --port 0 \
    --threads "$server_threads" --access-log off "$@" 2>"$work/server.log" &
  server_pid=$!
  base=""
  for _ in $(seq 1 300); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 || true)
    [ -n "$base" ] && curl -fs "$base/healthz" >/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "web-load: server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

# Resident memory and open descriptors of the server, for the report.
server_vitals() {
  local hwm fds
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  fds=$(ls "/proc/$server_pid/fd" | wc -l)
  echo "{\"peak_rss_kb\":$hwm,\"open_fds\":$fds}"
}

start_server
echo "web-load: $khabar on $base, data $data" >&2

# ── Targets ─────────────────────────────────────────────────────────────
echo "/static/site.css" >"$work/static.txt"
echo "/" >"$work/home.txt"
for page in $(seq 1 10); do
  curl -fs "$base/api/v1/articles?per_page=100&page=$page" >"$work/articles-$page.json" || break
  jq -r '.items[].id' "$work/articles-$page.json" | sed 's|^|/article/|' >>"$work/article.txt"
  [ "$(jq -r '.items | length' "$work/articles-$page.json")" = 100 ] || break
done
# Arabic words of four letters or more from the titles, most frequent
# first, so that most queries find something.
jq -r '.items[].title' "$work"/articles-*.json | python3 -c '
import collections, re, sys, urllib.parse
words = re.findall(r"[\u0621-\u064a]{4,}", sys.stdin.read())
for w, _ in collections.Counter(words).most_common(50):
    print("/search?q=" + urllib.parse.quote(w))
' >"$work/search.txt"
curl -fs "$base/api/v1/entities?per_page=100" \
  | jq -r '.items[].key | @uri' | sed 's|^|/entity/|' >"$work/entity.txt" || true
for list in article search entity; do
  if [ ! -s "$work/$list.txt" ]; then
    echo "web-load: no $list targets (see $work/*.json)" >&2
    exit 1
  fi
done
echo "web-load: $(wc -l <"$work/article.txt") articles, $(wc -l <"$work/search.txt") queries, $(wc -l <"$work/entity.txt") entities" >&2

# ── Runs ────────────────────────────────────────────────────────────────
results=$work/results.jsonl
: >"$results"

# run NAME LIST [ENV...]: one wrk run; appends {"name":…,…} to $results.
run() {
  local name=$1 list=$2
  shift 2
  echo "web-load: $name" >&2
  env WRK_PATHS="$work/$list.txt" WRK_THREADS="$threads" "$@" \
    wrk --latency -t "$threads" -c "$connections" -d "$duration" \
        --timeout 10s -s "$lua" "$base" >"$work/$name.log" 2>&1
  local line
  line=$(grep '^WRKJSON ' "$work/$name.log" | sed 's/^WRKJSON //')
  [ -n "$line" ] || { echo "web-load: wrk failed, see $work/$name.log" >&2; exit 1; }
  echo "{\"name\":\"$name\",\"targets\":$(wc -l <"$work/$list.txt"),\"wrk\":$line}" >>"$results"
}

# First, while the page cache is empty: each article once.
run "article cold" article WRK_ONCE=1
run "static" static
run "home" home
run "article" article
run "search" search
run "entity" entity

# A signed-in reader: sign up, log in, follow the three most mentioned
# entities and the world section.
jar=$work/cookies.txt
rm -f "$jar"
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/signup" | csrf_of)
email="bench-$(date +%s%N)@example.test"
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=$email" --data-urlencode "password=bench password 2026" "$base/signup"
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=$email" --data-urlencode "password=bench password 2026" "$base/login"
session=$(awk '$6 == "khabar_session" {print $7}' "$jar")
if [ -z "$session" ]; then
  echo "web-load: could not sign in (sign-up is limited to 5 per hour per address)" >&2
  exit 1
fi
reader_csrf=$(curl -fs -b "khabar_session=$session" "$base/account" | csrf_of)
follow() {
  curl -s -o /dev/null -b "khabar_session=$session" --data-urlencode "csrf=$reader_csrf" \
    --data-urlencode "kind=$1" --data-urlencode "target=$2" --data-urlencode "action=follow" "$base/follow"
}
curl -fs "$base/api/v1/entities?per_page=3" | jq -r '.items[].key' | while read -r key; do
  follow entity "$key"
done
follow topic world
echo "/for-you" >"$work/for-you.txt"
run "home signed-in" home WRK_COOKIE="khabar_session=$session"
run "for-you" for-you WRK_COOKIE="khabar_session=$session"

vitals=$(server_vitals)
stop_server
start_server --page-cache-mb 0
run "home uncached" home
run "article uncached" article
run "search uncached" search
run "entity uncached" entity
stop_server

# ── Report ──────────────────────────────────────────────────────────────
python3 - "$results" "$out_dir/web-load.json" "$vitals" \
  "$connections" "$threads" "$duration" "$server_threads" <<'EOF'
import json, sys
results_path, json_path, vitals, conns, threads, duration, server_threads = sys.argv[1:]
rows = [json.loads(line) for line in open(results_path)]
static = next(r["wrk"] for r in rows if r["name"] == "static")
for r in rows:
    w = r["wrk"]
    # A first pass that ran out of targets idled for the rest of the run.
    if r["name"].endswith("cold") and w["requests"] >= r["targets"]:
        w["rps"] = None
    r["ratio_to_static"] = {
        "rps": None if w["rps"] is None else w["rps"] / static["rps"],
        "p50": w["p50_us"] / max(static["p50_us"], 1),
        "p99": w["p99_us"] / max(static["p99_us"], 1),
    }
report = {
    "connections": int(conns), "wrk_threads": int(threads),
    "duration": duration, "server_threads": int(server_threads),
    "server": json.loads(vitals), "runs": rows,
}
with open(json_path, "w") as f:
    json.dump(report, f, indent=2)

def ms(us):
    return f"{us / 1000:.2f}"

print(f"wrk: {conns} connections, {threads} threads, {duration} per run; "
      f"server: {server_threads} threads")
header = (f"{'run':<18} {'targets':>7} {'requests':>8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
          f" {'rps/static':>10} {'p50/static':>10} {'p99/static':>10} {'errors':>6}")
print(header)
print("-" * len(header))
for r in rows:
    w, q = r["wrk"], r["ratio_to_static"]
    errors = sum(w["errors"].values())
    rps = "n/a" if w["rps"] is None else f"{w['rps']:.0f}"
    rps_ratio = "n/a" if q["rps"] is None else f"{q['rps']:.3f}"
    print(f"{r['name']:<18} {r['targets']:>7} {w['requests']:>8} {rps:>9} {ms(w['p50_us']):>8}"
          f" {ms(w['p99_us']):>8} {rps_ratio:>10} {q['p50']:>10.1f}"
          f" {q['p99']:>10.1f} {errors:>6}")
print(f"server after the runs: peak RSS {report['server']['peak_rss_kb'] / 1024:.0f} MiB,"
      f" {report['server']['open_fds']} open fds")
print(f"JSON: {json_path}")
EOF
