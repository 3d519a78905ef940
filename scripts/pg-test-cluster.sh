#!/bin/sh
# A throw-away PostgreSQL 15 cluster for tests: initdb into a folder, serve
# on a free loopback port, no system service involved.
#
#   scripts/pg-test-cluster.sh start DIR   # prints and writes DIR/url
#   scripts/pg-test-cluster.sh standby DIR PRIMARY_DIR
#                                          # a hot standby of that cluster
#                                          # (pg_basebackup, streaming)
#   scripts/pg-test-cluster.sh stop DIR    # stops it and deletes DIR
#
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user (created by Debian's postgresql-15 package). Durability is
# traded for speed (fsync off): the cluster lives for one test run.
set -eu
cmd=${1:?usage: pg-test-cluster.sh start|standby|stop DIR [PRIMARY_DIR]}
dir=${2:?usage: pg-test-cluster.sh start|standby|stop DIR [PRIMARY_DIR]}
bin=${KHABAR_PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the cluster in $dir/data on the first free port from 55432 and
# writes its URL to $dir/url.
serve_on_free_port() {
  port=55432
  while [ $port -lt 55532 ]; do
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=200" start >/dev/null 2>&1; then
      url="postgresql://khabar@127.0.0.1:$port/postgres"
      echo "$url" | as_owner tee "$dir/url"
      exit 0
    fi
    port=$((port + 1))
  done
  echo "pg-test-cluster: could not start on any port in 55432..55531:" >&2
  tail -20 "$dir/server.log" >&2
  exit 1
}

case "$cmd" in
start)
  if [ ! -x "$bin/initdb" ]; then
    echo "pg-test-cluster: $bin/initdb missing (apt-get install postgresql-15)" >&2
    exit 1
  fi
  if [ -f "$dir/url" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    cat "$dir/url"; exit 0
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U khabar -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2; exit 1; }
  serve_on_free_port
  ;;
standby)
  primary=${3:?usage: pg-test-cluster.sh standby DIR PRIMARY_DIR}
  primary_url=$(cat "$primary/url")
  primary_port=${primary_url##*:}; primary_port=${primary_port%%/*}
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  # -R: standby.signal and primary_conninfo, so it starts as a streaming
  # replica (wal_level=replica and the replication line of initdb's
  # pg_hba.conf are PostgreSQL's defaults).
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U khabar \
    -D "$dir/data" -R -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1 || {
    cat "$dir/basebackup.log" >&2; exit 1; }
  serve_on_free_port
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-test-cluster.sh start|standby|stop DIR [PRIMARY_DIR]" >&2; exit 2
  ;;
esac
