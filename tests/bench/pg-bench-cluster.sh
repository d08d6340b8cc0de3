#!/bin/bash
# The PostgreSQL 15 cluster that holds the bench provinces (issue 16): /work/bench/pg, run as the `postgres` user,
# Unix socket in /work/bench/pg, TCP 127.0.0.1:55432. Databases fengqiao_b500k and fengqiao_b5m
# (loaded by `npx tsx db/pg-copy.ts <prepared SQLite copy> <url> --copy`; see README › Scale › PostgreSQL port).
#
#   tests/bench/pg-bench-cluster.sh start|stop|status|init|url [db]
#
# `init` creates the cluster (once; refuses an existing one). Durability as the app expects: fsync and
# synchronous_commit on. URL: postgres://postgres@127.0.0.1:55432/fengqiao_b5m (trust auth, local only).
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
ROOT=${PG_BENCH_ROOT:-/work/bench/pg}
DATA=$ROOT/data
PORT=${PG_BENCH_PORT:-55432}
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

case "${1:-status}" in
  init)
    if [ -e "$DATA/PG_VERSION" ]; then echo "cluster already exists in $DATA" >&2; exit 1; fi
    mkdir -p "$DATA"
    chown postgres:postgres "$ROOT" "$DATA"
    chmod 700 "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" --locale=C -E UTF8 -U postgres --auth=trust >/dev/null
    cat >> "$DATA/postgresql.conf" <<CONF
# ---- Fengqiao bench (tests/bench/pg-bench-cluster.sh) ----
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$ROOT'
shared_buffers = 2GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
min_wal_size = 1GB
checkpoint_timeout = 15min
synchronous_commit = on
fsync = on
full_page_writes = on
wal_compression = on
effective_cache_size = 12GB
random_page_cost = 1.1
max_connections = 50
logging_collector = on
log_directory = 'log'
log_min_duration_statement = 5000
CONF
    echo "initialised $DATA"
    ;;
  start)
    if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then echo "already running"; exit 0; fi
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 120 start
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 300 stop
    ;;
  status)
    as_pg "$BIN/pg_ctl" -D "$DATA" status || exit $?
    /usr/bin/psql -h "$ROOT" -p "$PORT" -U postgres -d postgres -Atc \
      "SELECT datname || ' ' || pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname LIKE 'fengqiao%' ORDER BY 1"
    ;;
  url)
    echo "postgres://postgres@127.0.0.1:$PORT/${2:-fengqiao_b5m}"
    ;;
  *)
    echo "usage: $0 start|stop|status|init|url [db]" >&2; exit 2
    ;;
esac
