#!/usr/bin/env bash
# The production shape on one machine: Temporal's own server (not the dev server) on PostgreSQL,
# the four services in one process, on private ports so it runs beside the local stack.
#
#   bash scripts/cluster.sh up             build once, start PostgreSQL and Temporal, namespace + search attributes
#   bash scripts/cluster.sh down [--wipe]  stop both (--wipe also deletes the state folder)
#   bash scripts/cluster.sh restart [--kill]   restart only the Temporal server (--kill: SIGKILL, no drain)
#   bash scripts/cluster.sh status         what runs, and whether the frontend answers
#   eval "$(bash scripts/cluster.sh env)"  TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE for workers, portals, civ
#   bash scripts/cluster.sh address        the frontend's host:port
#
# Settings: CIV_CLUSTER_DIR (state, default /tmp/civ-cluster), CIV_CLUSTER_PORT (frontend gRPC, default
# 7333; the other services take the next ports), CIV_CLUSTER_PG_PORT (default 55432),
# CIV_CLUSTER_DB_PASSWORD (else one is generated into the state folder, mode 600), TEMPORAL_NAMESPACE
# (created besides `default`), CIV_CACHE_DIR (where the server binaries are cached).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
version="1.29.1"
cache="${CIV_CACHE_DIR:-$HOME/.cache/civ}"
bin="$cache/temporal-server-v$version/bin"
state="${CIV_CLUSTER_DIR:-/tmp/civ-cluster}"
port="${CIV_CLUSTER_PORT:-7333}"
pg_port="${CIV_CLUSTER_PG_PORT:-55432}"
pg_bin="${CIV_PG_BIN:-/usr/lib/postgresql/15/bin}"
address="127.0.0.1:$port"
db_user="temporal"

say() { printf 'cluster: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root it runs as `postgres`, otherwise as the caller.
if [ "$(id -u)" -eq 0 ]; then
  pg_owner="postgres"
  as_pg() { runuser -u postgres -- "$@"; }
else
  pg_owner="$(id -un)"
  as_pg() { "$@"; }
fi
pg_data="$state/pg/data"
pg_sock="$state/pg/run"

temporal_cli() {
  local candidate
  for candidate in "${TEMPORAL_CLI:-}" "$(command -v temporal 2>/dev/null || true)" \
    "$cache/temporal-cli-v1.5.1/bin/temporal"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      printf '%s\n' "$candidate"
      return
    fi
  done
  say "the Temporal CLI is missing: running scripts/install.sh" >&2
  bash "$here/install.sh" >&2
  printf '%s\n' "$cache/temporal-cli-v1.5.1/bin/temporal"
}

build_server() {
  if [ -x "$bin/server" ] && [ -x "$bin/sql" ]; then return; fi
  command -v go >/dev/null 2>&1 || die "Go >= 1.25 is needed to build the Temporal server"
  say "building Temporal server v$version and its SQL tool (a cold build takes a few minutes)"
  local start=$SECONDS tmp
  mkdir -p "$cache/temporal-server-v$version"
  # A temporary GOBIN: an interrupted build never leaves a half-written binary where `up` looks.
  tmp="$(mktemp -d "$cache/temporal-server-v$version/.build.XXXXXX")"
  CGO_ENABLED=0 GOBIN="$tmp" go install \
    "go.temporal.io/server/cmd/server@v$version" "go.temporal.io/server/cmd/tools/sql@v$version"
  rm -rf "$bin" && mv -T "$tmp" "$bin"
  say "built in $((SECONDS - start)) s into $bin"
}

db_password() {
  if [ -n "${CIV_CLUSTER_DB_PASSWORD:-}" ]; then
    printf '%s' "$CIV_CLUSTER_DB_PASSWORD"
    return
  fi
  local file="$state/db-password"
  if [ ! -s "$file" ]; then
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

pg_running() { as_pg "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }

# Debian's PostgreSQL 15 server, installed once through apt-get when it is missing (as root).
install_postgres() {
  if [ -x "$pg_bin/initdb" ]; then return; fi
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL 15 is missing ($pg_bin/initdb): sudo apt-get install postgresql-15"
  say "installing Debian's postgresql-15"
  mkdir -p "$cache"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15; } \
    >"$cache/apt-postgresql.log" 2>&1 || { tail -n 20 "$cache/apt-postgresql.log"; die "apt-get could not install postgresql-15"; }
}

start_postgres() {
  mkdir -p "$state/pg"
  chmod 755 "$state"
  chown "$pg_owner" "$state/pg"
  if [ ! -s "$pg_data/PG_VERSION" ]; then
    say "initdb in $pg_data"
    # Local socket: peer (only the OS user that owns the cluster); TCP: a password, loopback only.
    as_pg "$pg_bin/initdb" -D "$pg_data" --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$state/pg/initdb.log"
  fi
  as_pg mkdir -p "$pg_sock"
  if pg_running; then
    say "PostgreSQL already running on 127.0.0.1:$pg_port"
  else
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$state/pg/postgres.log" -w -t 60 \
      -o "-p $pg_port -k $pg_sock -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    say "PostgreSQL started on 127.0.0.1:$pg_port"
  fi
  # The password reaches psql through its environment, never its command line.
  CIV_NEW_DB_PASSWORD="$(db_password)" as_pg "$pg_bin/psql" -h "$pg_sock" -p "$pg_port" -d postgres \
    -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
\getenv pw CIV_NEW_DB_PASSWORD
SELECT 'CREATE ROLE $db_user' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user') \gexec
ALTER ROLE $db_user WITH LOGIN CREATEDB PASSWORD :'pw';
SQL
}

setup_schemas() {
  local db schema out
  export SQL_PLUGIN=postgres12 SQL_HOST=127.0.0.1 SQL_PORT="$pg_port" SQL_USER="$db_user"
  SQL_PASSWORD="$(db_password)"
  export SQL_PASSWORD
  for db in temporal temporal_visibility; do
    if [ "$db" = temporal ]; then schema=postgresql/v12/temporal; else schema=postgresql/v12/visibility; fi
    # create-database fails when it exists; setup-schema -v 0.0 and update-schema are no-ops on reruns.
    if ! out="$("$bin/sql" --db "$db" create-database 2>&1)"; then
      grep -q 'already exists' <<<"$out" || die "create-database $db failed: $out"
    fi
    "$bin/sql" --db "$db" setup-schema -v 0.0 >>"$state/sql.log" 2>&1 ||
      die "setup-schema $db failed (see $state/sql.log)"
    "$bin/sql" --db "$db" update-schema --schema-name "$schema" >>"$state/sql.log" 2>&1 ||
      die "update-schema $db failed (see $state/sql.log)"
  done
  unset SQL_PASSWORD
  say "schemas up to date (temporal, temporal_visibility)"
}

write_config() {
  mkdir -p "$state/config/dynamicconfig"
  # A template: the password comes from the server's environment, so no file holds it but db-password.
  cat >"$state/config/development.yaml" <<YAML
# enable-template
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:
      sql:
        pluginName: postgres12
        databaseName: temporal
        connectAddr: "127.0.0.1:$pg_port"
        connectProtocol: tcp
        user: $db_user
        password: {{ env "CIV_CLUSTER_DB_PASSWORD" | quote }}
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
    visibility:
      sql:
        pluginName: postgres12
        databaseName: temporal_visibility
        connectAddr: "127.0.0.1:$pg_port"
        connectProtocol: tcp
        user: $db_user
        password: {{ env "CIV_CLUSTER_DB_PASSWORD" | quote }}
        maxConns: 10
        maxIdleConns: 10
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:
    rpc: { grpcPort: $port, membershipPort: $((port - 1000)), httpPort: $((port + 10)), bindOnLocalHost: true }
  history:
    rpc: { grpcPort: $((port + 1)), membershipPort: $((port - 999)), bindOnLocalHost: true }
  matching:
    rpc: { grpcPort: $((port + 2)), membershipPort: $((port - 998)), bindOnLocalHost: true }
  worker:
    rpc: { grpcPort: $((port + 6)), membershipPort: $((port - 994)), bindOnLocalHost: true }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "$address"
      httpAddress: "127.0.0.1:$((port + 10))"
dcRedirectionPolicy:
  policy: noop
archival:
  history: { state: disabled }
  visibility: { state: disabled }
namespaceDefaults:
  archival:
    history: { state: disabled }
    visibility: { state: disabled }
dynamicConfigClient:
  filepath: "$state/config/dynamicconfig/development.yaml"
  pollInterval: 10s
YAML
  # Updates and Schedules are on by default in 1.29; these are what the dev server adds that tests
  # lean on: search attributes usable right after they are added (tests make a namespace per file),
  # a namespace cache that sees new namespaces within a second, and more visibility queries per second.
  cat >"$state/config/dynamicconfig/development.yaml" <<'YAML'
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
system.namespaceCacheRefreshInterval:
  - value: 1s
frontend.namespaceRPS.visibility:
  - value: 100
frontend.persistenceMaxQPS:
  - value: 10000
history.persistenceMaxQPS:
  - value: 45000
limit.maxIDLength:
  - value: 255
YAML
}

server_pid() {
  local pid
  pid="$(cat "$state/server.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && grep -q "temporal-server-v$version/bin/server" "/proc/$pid/cmdline" 2>/dev/null; then
    printf '%s\n' "$pid"
  fi
}

start_server() {
  if [ -n "$(server_pid)" ]; then
    say "Temporal server already running (pid $(server_pid)) on $address"
    return
  fi
  # setsid: the server outlives the shell (and the test run) that started it, and Ctrl-C there.
  CIV_CLUSTER_DB_PASSWORD="$(db_password)" setsid "$bin/server" --root "$state" --config config \
    --env development --allow-no-auth start </dev/null >>"$state/server.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$state/server.pid"
  # Up to 2 minutes: on a busy 2-core machine the first start takes well over the usual second.
  local deadline=$((SECONDS + 120))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      say "Temporal server started (pid $pid) on $address"
      return
    fi
    # Gone means it failed; its command line is not checked here, since until setsid has exec'd the
    # server it is still this shell's.
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  tail -n 20 "$state/server.log" >&2
  die "the Temporal server did not start (log: $state/server.log)"
}

stop_server() {
  local pid signal="${1:-TERM}" i
  pid="$(server_pid)"
  if [ -z "$pid" ]; then
    say "Temporal server not running"
    return
  fi
  kill "-$signal" "$pid"
  for i in $(seq 1 300); do
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then
    say "Temporal server did not stop in 30 s: SIGKILL"
    kill -KILL "$pid"
  fi
  rm -f "$state/server.pid"
  say "Temporal server stopped (SIG$signal)"
}

# Cluster health says SERVING before history and matching have joined: a visibility query on a custom
# search attribute is what tells the namespace is really usable.
wait_ready() {
  local ns="$1" cli
  cli="$(temporal_cli)"
  local deadline=$((SECONDS + 120))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$cli" workflow count --address "$address" --namespace "$ns" --query 'CivYear = 0' >/dev/null 2>&1; then
      return
    fi
    sleep 0.1
  done
  die "namespace $ns not ready in 120 s (log: $state/server.log)"
}

ensure_namespace() {
  local ns="$1" cli i
  cli="$(temporal_cli)"
  if ! "$cli" operator namespace describe --address "$address" --namespace "$ns" >/dev/null 2>&1; then
    # The frontend may still be joining the ring: retry the create for a while.
    for i in $(seq 1 100); do
      if "$cli" operator namespace create --address "$address" --namespace "$ns" --retention 168h \
        >/dev/null 2>"$state/namespace.err"; then
        say "namespace $ns created"
        break
      fi
      grep -qi 'already' "$state/namespace.err" && break
      [ "$i" -lt 100 ] || die "cannot create namespace $ns: $(cat "$state/namespace.err")"
      sleep 0.3
    done
  fi
  # The project's own `civ setup` registers every attribute of wire/search-attributes.ts.
  for i in $(seq 1 50); do
    if (cd "$repo" && TEMPORAL_ADDRESS="$address" TEMPORAL_NAMESPACE="$ns" node bin/civ.js setup \
      >"$state/setup.out" 2>&1); then
      say "$(sed 's/^/namespace '"$ns"': /' "$state/setup.out")"
      break
    fi
    [ "$i" -lt 50 ] || die "civ setup failed in $ns: $(cat "$state/setup.out")"
    sleep 0.3
  done
  wait_ready "$ns"
}

up() {
  local start=$SECONDS
  mkdir -p "$state"
  build_server
  install_postgres
  start_postgres
  setup_schemas
  write_config
  start_server
  ensure_namespace default
  if [ -n "${TEMPORAL_NAMESPACE:-}" ] && [ "$TEMPORAL_NAMESPACE" != default ]; then
    ensure_namespace "$TEMPORAL_NAMESPACE"
  fi
  say "ready in $((SECONDS - start)) s: TEMPORAL_ADDRESS=$address (state in $state)"
}

down() {
  stop_server
  if [ -d "$pg_data" ] && pg_running; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -w -m fast stop >/dev/null
    say "PostgreSQL stopped"
  else
    say "PostgreSQL not running"
  fi
  if [ "${1:-}" = "--wipe" ]; then
    rm -rf "$state"
    say "state folder $state deleted"
  fi
}

restart() {
  if [ "${1:-}" = "--kill" ]; then stop_server KILL; else stop_server TERM; fi
  start_server
  wait_ready default
}

status() {
  if [ -d "$pg_data" ] && pg_running; then say "PostgreSQL: running on 127.0.0.1:$pg_port"; else say "PostgreSQL: stopped"; fi
  if [ -n "$(server_pid)" ]; then
    say "Temporal server: running (pid $(server_pid)) on $address"
    "$(temporal_cli)" operator cluster health --address "$address" | sed 's/^/cluster: /'
  else
    say "Temporal server: stopped"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  restart) restart "${2:-}" ;;
  status) status ;;
  address) printf '%s\n' "$address" ;;
  env)
    printf 'export TEMPORAL_ADDRESS=%s\n' "$address"
    printf 'export TEMPORAL_NAMESPACE=%s\n' "${TEMPORAL_NAMESPACE:-default}"
    ;;
  *) die "usage: bash scripts/cluster.sh up | down [--wipe] | restart [--kill] | status | env | address" ;;
esac
