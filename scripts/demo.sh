#!/usr/bin/env bash
# `make run`: ingest the demo articles (and ../shared corpora when present)
# into the data folder, show what Khabar finds, then serve the site on
# http://localhost:$PORT until Ctrl-C.
# Usage: demo.sh KHABAR_BINARY DATA_DIR SHARED_DIR [PORT]
set -uo pipefail
khabar=$1; data=$2; shared=$3; port=${4:-8080}

paths=(demo)
if [ -d "$shared" ]; then
  [ -d "$shared/seed" ] && paths+=("$shared/seed")
  for f in "$shared"/data/ant-corpus-v2.1-multisource/*.jsonl \
           "$shared"/data/ant-corpus-v1.1/*.jsonl; do
    [ -f "$f" ] && paths+=("$f")
  done
else
  echo "demo: $shared not found; ingesting the demo articles only"
fi

echo "demo: ingesting ${paths[*]}"
# Known-bad records in the corpora (two empty texts) are reported, not fatal.
"$khabar" --data "$data" ingest "${paths[@]}" || true

for q in 'الأسابيع المقبلة' 'بالرقة' '"الحلف الأطلسي"' 'مترو العاصمة' 'البرمجة -الذكاء' \
         'person:كارتر الهجوم' 'topic:sport نهائي'; do
  echo
  echo "──── khabar search '$q'"
  "$khabar" --data "$data" search "$q" --limit 3
done

# Live sources: the default Arabic feeds (demo/default-sources.opml) when
# this machine reaches the internet — `khabar serve` then polls them as they
# fall due. Offline, say so once and serve what is stored.
if [ "${KHABAR_OFFLINE:-}" != 1 ] &&
   timeout 5 bash -c 'exec 3<>/dev/tcp/feeds.bbci.co.uk/443' 2>/dev/null; then
  echo
  echo "demo: online: following the default Arabic feeds (khabar sources list shows them)"
  "$khabar" --data "$data" sources import demo/default-sources.opml || true
else
  echo
  echo "demo: offline (feeds.bbci.co.uk unreachable): serving the stored articles; no live feeds added"
fi

echo
echo "demo: data in $data/khabar.db — try: $khabar --data $data search 'كلمة'"
echo "demo: the site is at http://localhost:$port/ (Ctrl-C stops it); access log in $data/access.log"
exec "$khabar" --data "$data" serve --port "$port" --bind "${KHABAR_BIND:-127.0.0.1}" \
  --base-url "http://localhost:$port" --access-log "$data/access.log"
