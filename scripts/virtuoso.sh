#!/usr/bin/env bash
# Virtuoso Open Source on loopback, for the remote-store tests and benchmarks.
#
#   scripts/virtuoso.sh start    install (Debian's virtuoso-opensource) if missing, write a
#                                minimal virtuoso.ini, start, wait for /sparql, enable updates
#   scripts/virtuoso.sh stop     stop the server started by `start`
#   scripts/virtuoso.sh status   print the endpoint and exit 0 when it answers
#   scripts/virtuoso.sh wipe     stop and remove the database directory
#   scripts/virtuoso.sh bulk-load FILE.nq
#                                load an N-Quads file with Virtuoso's bulk loader (ld_dir,
#                                rdf_loader_run), xsd:duration written as govkg's stand-in
#
# Both commands are idempotent. The database lives in $GOVKG_VIRTUOSO_DIR
# (default: ${TMPDIR:-/tmp}/govkg-virtuoso). HTTP listens on 127.0.0.1:$GOVKG_VIRTUOSO_HTTP
# (8890), ISQL on 127.0.0.1:$GOVKG_VIRTUOSO_ISQL (1111). The SPARQL endpoint is
# http://127.0.0.1:8890/sparql; the anonymous SPARQL user may update (loopback only).
#
# Several instances can run side by side, each with its own folder and ports: the web app
# and CLI tests (tests/test_remote_api.py) start one in ${TMPDIR:-/tmp}/govkg-virtuoso-api
# on 127.0.0.1:8892 (ISQL 1113), so they never share a server with the store tests, which
# wipe theirs.
set -euo pipefail

DIR="${GOVKG_VIRTUOSO_DIR:-${TMPDIR:-/tmp}/govkg-virtuoso}"
HTTP_PORT="${GOVKG_VIRTUOSO_HTTP:-8890}"
ISQL_PORT="${GOVKG_VIRTUOSO_ISQL:-1111}"
ENDPOINT="http://127.0.0.1:${HTTP_PORT}/sparql"
BIN="$(command -v virtuoso-t || true)"
ISQL="$(command -v isql-vt || command -v isql || true)"

log() { echo "virtuoso.sh: $*" >&2; }

# Whether apt knows an installable virtuoso-opensource. (The policy is read whole first:
# `apt-cache … | grep -q` fails under pipefail when grep stops reading early.)
has_candidate() {
  local policy
  policy="$(apt-cache policy virtuoso-opensource 2>/dev/null || true)"
  [[ "$policy" =~ Candidate:\ [0-9] ]]
}

install_if_missing() {
  if [[ -n "$BIN" && -n "$ISQL" ]]; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    log "virtuoso-t is not installed and apt-get is not available"; exit 2
  fi
  if ! has_candidate; then
    log "updating the package lists"
    apt-get update -q >/dev/null
  fi
  if ! has_candidate; then
    log "Debian has no virtuoso-opensource package here"; exit 2
  fi
  log "installing virtuoso-opensource"
  # The package's own service is not wanted: this script runs its own instance.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    virtuoso-opensource >/dev/null
  BIN="$(command -v virtuoso-t)"
  ISQL="$(command -v isql-vt || command -v isql)"
  if [[ -x /etc/init.d/virtuoso-opensource-7 ]]; then
    /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
  fi
}

answers() {
  curl -fsS -o /dev/null --max-time 5 \
    --data-urlencode 'query=ASK { }' -H 'Accept: application/sparql-results+json' \
    "$ENDPOINT" 2>/dev/null
}

pid_of_ours() {
  [[ -f "$DIR/virtuoso.pid" ]] || return 1
  local pid; pid="$(cat "$DIR/virtuoso.pid")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

write_ini() {
  mkdir -p "$DIR/vsp"
  local vad=/usr/share/virtuoso-opensource-7/vad
  local plugins=/usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting
  cat >"$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $DIR/virtuoso.db
ErrorLogFile = $DIR/virtuoso.log
LockFile = $DIR/virtuoso.lck
TransactionFile = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $DIR/virtuoso-temp.db
TransactionFile = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$ISQL_PORT
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
MaxStaticCursorRows = 5000
DirsAllowed = ., $DIR, $vad
VADInstallDir = $vad/
NumberOfBuffers = ${GOVKG_VIRTUOSO_BUFFERS:-170000}
MaxDirtyBuffers = ${GOVKG_VIRTUOSO_DIRTY:-130000}
MaxQueryMem = 1G
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
MaxClientConnections = 10

[HTTPServer]
ServerPort = 127.0.0.1:$HTTP_PORT
ServerRoot = $DIR/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
EnabledGzipContent = 0
MaxKeepAlives = 10
KeepAliveTimeout = 10

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000

[SPARQL]
ResultSetMaxRows = 10000000
MaxSortedTopRows = 10000000
MaxConstructTriples = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 600
DefaultGraph =

[Plugins]
LoadPath = $plugins
EOF
}

start() {
  install_if_missing
  if answers; then log "already running at $ENDPOINT"; echo "$ENDPOINT"; return 0; fi
  if pid_of_ours >/dev/null; then
    log "a server is starting (pid $(cat "$DIR/virtuoso.pid")); waiting"
  else
    write_ini
    rm -f "$DIR/virtuoso.lck"
    (cd "$DIR" && exec "$BIN" +foreground +configfile "$DIR/virtuoso.ini" \
      >"$DIR/stdout.log" 2>&1) &
    echo $! >"$DIR/virtuoso.pid"
  fi
  local i
  for i in $(seq 1 240); do
    if answers; then break; fi
    if ! pid_of_ours >/dev/null; then
      log "the server exited; see $DIR/virtuoso.log"; tail -20 "$DIR/virtuoso.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  answers || { log "no answer from $ENDPOINT after 120 s"; exit 1; }
  if [[ ! -f "$DIR/.grants" ]]; then
    # Let the anonymous SPARQL user (loopback only) update and read every graph. Virtuoso
    # applies these grants to the HTTP user only after a restart.
    "$ISQL" "127.0.0.1:$ISQL_PORT" dba "${GOVKG_VIRTUOSO_DBA_PASSWORD:-dba}" \
      >/dev/null 2>&1 <<'SQL' || true
GRANT SPARQL_UPDATE TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARUL_DROP TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARUL_CLEAR TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
SQL
    touch "$DIR/.grants"
    stop
    start
    return 0
  fi
  log "running at $ENDPOINT (data in $DIR)"
  echo "$ENDPOINT"
}

stop() {
  local pid
  if pid="$(pid_of_ours)"; then
    "$ISQL" "127.0.0.1:$ISQL_PORT" dba "${GOVKG_VIRTUOSO_DBA_PASSWORD:-dba}" \
      >/dev/null 2>&1 <<<'shutdown;' || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$DIR/virtuoso.pid"
}

bulk_load() {
  local file="$1"
  [[ -f "$file" ]] || { log "no such file: $file"; exit 2; }
  answers || start >/dev/null
  mkdir -p "$DIR/bulk"
  rm -f "$DIR/bulk/"*.nq
  # Virtuoso rewrites xsd:duration literals on load; govkg's RemoteStore reads them back
  # from its stand-in datatype (graph/remote_store.py DURATION_STAND_IN).
  sed 's|\^\^<http://www.w3.org/2001/XMLSchema#duration>|^^<https://w3id.org/govkg/remote#duration>|g' \
    "$file" >"$DIR/bulk/data.nq"
  "$ISQL" "127.0.0.1:$ISQL_PORT" dba "${GOVKG_VIRTUOSO_DBA_PASSWORD:-dba}" >/dev/null <<SQL
DELETE FROM DB.DBA.load_list;
ld_dir('$DIR/bulk', 'data.nq', 'https://w3id.org/govkg/id/graph/default');
rdf_loader_run();
checkpoint;
SQL
  rm -f "$DIR/bulk/data.nq"
  log "bulk-loaded $file"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if answers; then echo "$ENDPOINT"; else exit 1; fi ;;
  wipe) stop; rm -rf "$DIR"; log "removed $DIR" ;;
  bulk-load) bulk_load "${2:?usage: $0 bulk-load FILE.nq}" ;;
  *) echo "usage: $0 start|stop|status|wipe|bulk-load FILE.nq" >&2; exit 2 ;;
esac
