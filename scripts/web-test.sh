#!/usr/bin/env bash
# Browser, feed and API tests against a real `khabar serve`.
#
#   scripts/web-test.sh BUILD_DIR        (make web-test runs it on build/debug)
#
# The account tests (accounts.test.mjs, outbox.test.mjs) start servers and
# CLI commands of their own on the same data folder, with a real SMTP server
# (npm smtp-server) as their mail sink.
#
# Builds a throw-away data folder from the demo articles (plus ../shared/seed
# and a bounded sample of the multi-source corpus when ../shared exists, and a
# generated file of hostile articles for the XSS checks), serves it on a free
# loopback port, runs `node --test tests/browser/` against it, then stops the
# server with SIGTERM and requires a clean exit within 10 s.
#
# Environment: SHARED (default ../shared), KHABAR_ARTIFACTS (screenshots;
# default build/artifacts/screenshots), KEEP_DATA=1 keeps the data folder.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
khabar=$build/src/cli/khabar
shared=${SHARED:-$root/../shared}
artifacts=${KHABAR_ARTIFACTS:-$root/build/artifacts/screenshots}
# How many records of the multi-source corpus to add: enough for stories with
# several sources and for a second page of /latest, few enough for ASan.
corpus_sample=${CORPUS_SAMPLE:-120}

[ -x "$khabar" ] || { echo "web-test: $khabar not found (build it first)" >&2; exit 2; }
command -v node >/dev/null || { echo "web-test: node not found (scripts/install-node-deps.sh)" >&2; exit 2; }
[ -d "$root/node_modules/playwright-core" ] ||
  { echo "web-test: node_modules missing (run scripts/install-node-deps.sh)" >&2; exit 2; }

# LeakSanitizer reports are about the process as a whole; the shutdown check
# below wants the server's own exit status. Callers may override.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/khabar-web-test.XXXXXX")
data=$tmp/data
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_DATA:-0}" = 1 ]; then
    echo "web-test: kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Hostile articles: markup in every field a page shows. "xssprobe" is a
# word no other article has, so the tests can find them.
fixtures=$tmp/hostile.jsonl
python3 - "$fixtures" <<'PY'
import json, sys
payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
            '</title><script>alert(3)</script>']
joined = ' '.join(payloads)
records = [{
    'id': 'xss-001',
    'source': 'مختبر xssprobe <b>المصدر</b>',
    'url': 'https://demo.khabar.local/xss/1"><script>alert(4)</script>',
    'time': 'Sat, 21 Nov 2026 10:00:00 GMT',
    'author': 'كاتب "><img src=x onerror=alert(5)>',
    'title': 'اختبار xssprobe ' + joined,
    'abstract': 'ملخص xssprobe ' + payloads[1],
    'text': '\n'.join([
        'فقرة أولى عن xssprobe فيها ' + payloads[0] + ' وسط الكلام.',
        'فقرة ثانية xssprobe فيها ' + payloads[1] + ' أيضا.',
        'فقرة ثالثة xssprobe تغلق العنوان ' + payloads[2] + ' ثم تكمل.',
        'وقال المتحدث إن "' + payloads[0] + ' xssprobe كلام منقول".',
    ]),
}, {
    # A javascript: URL as the article's address must never become a link.
    'id': 'xss-002',
    'source': 'مختبر xssprobe',
    'url': 'javascript:alert(document.domain)',
    'time': 'Sat, 21 Nov 2026 11:00:00 GMT',
    'author': 'كاتب',
    'title': 'رابط xssprobe بعنوان مريب',
    'abstract': 'ملخص xssprobe',
    'text': 'فقرة عن xssprobe ورابط مصدرها ليس صفحة ويب.',
}]
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    for r in records:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
PY

paths=("$root/demo" "$fixtures")
[ -d "$shared/seed" ] && paths+=("$shared/seed")
corpus=$shared/data/ant-corpus-v2.1-multisource/ant-corpus-v2.1-multisource.dev.jsonl
if [ -f "$corpus" ]; then
  head -n "$corpus_sample" "$corpus" >"$tmp/corpus-sample.jsonl"
  paths+=("$tmp/corpus-sample.jsonl")
fi

echo "web-test: ingesting ${paths[*]#"$root/"}"
ingest_start=$SECONDS
if ! "$khabar" --data "$data" ingest "${paths[@]}" >"$tmp/ingest.log" 2>&1; then
  # A corpus record the ingester rejects is reported, not fatal (as in
  # demo.sh); the tests below find out whether what they need is there.
  echo "web-test: ingest reported errors (continuing):" >&2
  tail -n 5 "$tmp/ingest.log" >&2
fi
echo "web-test: ingested in $((SECONDS - ingest_start)) s"
# The upgrade step: on an index the current analyzer built, nothing to do.
"$khabar" --data "$data" reindex | grep -q "^search index current for " ||
  { echo "web-test: khabar reindex failed" >&2; exit 1; }

# --- A free loopback port. The feeds and canonical links must carry the URL
# the tests use, so the port is chosen here rather than with --port 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
url=http://127.0.0.1:$port
server_log=$tmp/server.log
"$khabar" --data "$data" serve --bind 127.0.0.1 --port "$port" --base-url "$url" \
  --access-log off >"$server_log" 2>&1 &
server_pid=$!

ready=0
for _ in $(seq 1 600); do   # up to 60 s: the ASan build opens slowly
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  echo "web-test: the server did not answer $url/healthz; its log:" >&2
  cat "$server_log" >&2
  exit 1
fi
echo "web-test: serving on $url (pid $server_pid)"

mkdir -p "$artifacts"
tests_rc=0
(cd "$root" && KHABAR_URL=$url KHABAR_ARTIFACTS=$artifacts \
   KHABAR_BIN=$khabar KHABAR_DATA=$data \
   node --test --test-concurrency=1 tests/browser/) || tests_rc=$?

# --- Graceful shutdown: SIGTERM, then a zero exit within 10 s.
kill -TERM "$server_pid"
stopped=0
for _ in $(seq 1 100); do
  if ! kill -0 "$server_pid" 2>/dev/null; then stopped=1; break; fi
  sleep 0.1
done
server_rc=0
if [ "$stopped" = 1 ]; then
  wait "$server_pid" || server_rc=$?
  server_pid=""
else
  server_rc=timeout
fi

echo
echo "──── web-test summary"
if [ "$tests_rc" = 0 ]; then echo "  browser/API/feed tests: passed"
else echo "  browser/API/feed tests: FAILED (node --test exit $tests_rc)"; fi
if [ "$server_rc" = 0 ]; then echo "  graceful shutdown: exit 0 after SIGTERM"
else
  echo "  graceful shutdown: FAILED (exit status: $server_rc)"
  echo "  server log tail:"; tail -n 20 "$server_log" | sed 's/^/    /'
fi
if grep -q "ERROR: AddressSanitizer\|runtime error:" "$server_log"; then
  echo "  sanitizer reports in the server log:"
  grep -A3 "ERROR: AddressSanitizer\|runtime error:" "$server_log" | head -n 40 | sed 's/^/    /'
  server_rc=sanitizer
fi
echo "  screenshots: $artifacts"
[ "$tests_rc" = 0 ] && [ "$server_rc" = 0 ]
