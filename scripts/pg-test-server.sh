# Sourced by test.sh: a throwaway PostgreSQL cluster on 127.0.0.1 for the storage tests.
# Exports VIBEZ_TEST_POSTGRES (a connection string) when the server is up.
PG_DIR=""
pg_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/pg_ctl" ] && { echo "$b"; return; }; done
  dirname "$(command -v pg_ctl 2>/dev/null)" 2>/dev/null
}
pg_start() {
  local bin port runas=()
  bin=$(pg_bin); [ -n "$bin" ] && [ -x "$bin/initdb" ] || return 1
  PG_DIR=$(mktemp -d /tmp/vibez-pg.XXXXXX)
  port=$((20000 + RANDOM % 20000))
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR" 2>/dev/null || { id postgres >/dev/null 2>&1 || return 1; }; runas=(runuser -u postgres --); fi
  "${runas[@]}" "$bin/initdb" -D "$PG_DIR/data" -U vibez --auth=trust -E UTF8 >/dev/null 2>&1 || return 1
  "${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off" start >/dev/null 2>&1 || return 1
  export VIBEZ_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=vibez;Database=postgres"
  echo "PostgreSQL test server on 127.0.0.1:$port"
}
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  local bin runas=(); bin=$(pg_bin)
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  "${runas[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
