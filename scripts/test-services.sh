#!/usr/bin/env bash
# Starts and stops the servers that the integration tests talk to, on 127.0.0.1 only, with their data under
# artifacts/test-services. scripts/test.sh calls it; a developer runs it by hand before `dotnet test`:
#
#   scripts/test-services.sh start    install (once) and start every service, wait until each answers, write the env file
#   scripts/test-services.sh env      print the env file: `eval "$(scripts/test-services.sh env)"` exports the endpoints
#   scripts/test-services.sh stop     stop what `start` started (by the pids it recorded)
#
# The tests read the endpoints from the environment (BACKUP_TEST_S3_ENDPOINT, BACKUP_TEST_AZURE_CONNECTION_STRING, ...)
# and, when those are unset, from the env file that `start` wrote; a test whose service is in neither fails and says so.
#
# One section per service: install_<name>, start_<name>. Add PostgreSQL and MariaDB the same way.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="$ROOT/artifacts/test-services"
NODE_DIR="$SERVICES_DIR/node"
STATE_DIR="$SERVICES_DIR/state"
ENV_FILE="$SERVICES_DIR/env"
PIDS_FILE="$STATE_DIR/pids"

S3RVER_VERSION=3.7.1
AZURITE_VERSION=3.37.0
# s3rver's built-in account; the tests sign with it and check that a wrong key is refused.
S3_ACCESS_KEY=S3RVER
S3_SECRET_KEY=S3RVER
# Azurite's well-known development account (public, the same in every Azurite).
AZURE_ACCOUNT=devstoreaccount1
AZURE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { echo "test-services: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits until something accepts connections on 127.0.0.1:$1 (the process $2 must stay alive meanwhile).
wait_for_port() {
  local port=$1 pid=$2 name=$3 tries=0
  until node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$name exited while starting; see $STATE_DIR/$name.log"
    ((++tries <= 150)) || die "$name did not answer on 127.0.0.1:$port within 30 s; see $STATE_DIR/$name.log"
    sleep 0.2
  done
}

record_pid() { echo "$1" >>"$PIDS_FILE"; }

# --- npm-installed services (s3rver, Azurite) --------------------------------------------------------------------------

install_node_services() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "node and npm are needed for s3rver and Azurite (apt-get install nodejs npm)"
  local marker="$NODE_DIR/.installed-s3rver-$S3RVER_VERSION-azurite-$AZURITE_VERSION"
  [[ -f $marker ]] && return
  log "installing s3rver $S3RVER_VERSION and azurite $AZURITE_VERSION into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
    "s3rver@$S3RVER_VERSION" "azurite@$AZURITE_VERSION" >&2
  touch "$marker"
}

start_s3rver() {
  local port data
  port="$(free_port)"
  data="$SERVICES_DIR/data/s3rver"
  rm -rf "$data" && mkdir -p "$data"
  # s3rver encrypts listing continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider: without the flag
  # every listing past the first page fails with InternalError.
  node --openssl-legacy-provider "$NODE_DIR/node_modules/s3rver/bin/s3rver.js" -d "$data" -a 127.0.0.1 -p "$port" --silent \
    >"$STATE_DIR/s3rver.log" 2>&1 </dev/null &
  local pid=$!
  record_pid "$pid"
  wait_for_port "$port" "$pid" s3rver
  {
    echo "export BACKUP_TEST_S3_ENDPOINT=http://127.0.0.1:$port"
    echo "export BACKUP_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY"
    echo "export BACKUP_TEST_S3_SECRET_KEY=$S3_SECRET_KEY"
  } >>"$ENV_FILE"
  log "s3rver on http://127.0.0.1:$port (pid $pid)"
}

start_azurite() {
  local port data
  port="$(free_port)"
  data="$SERVICES_DIR/data/azurite"
  rm -rf "$data" && mkdir -p "$data"
  node "$NODE_DIR/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" \
    --location "$data" --silent --skipApiVersionCheck --disableProductStyleUrl \
    >"$STATE_DIR/azurite.log" 2>&1 </dev/null &
  local pid=$!
  record_pid "$pid"
  wait_for_port "$port" "$pid" azurite
  local connection="DefaultEndpointsProtocol=http;AccountName=$AZURE_ACCOUNT;AccountKey=$AZURE_KEY;BlobEndpoint=http://127.0.0.1:$port/$AZURE_ACCOUNT;"
  echo "export BACKUP_TEST_AZURE_CONNECTION_STRING='$connection'" >>"$ENV_FILE"
  log "azurite on http://127.0.0.1:$port (pid $pid)"
}

# --- commands ----------------------------------------------------------------------------------------------------------

stop() {
  [[ -f $PIDS_FILE ]] || return 0
  local pid
  while read -r pid; do
    [[ -n $pid ]] || continue
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    # Azurite can take its time over SIGTERM (it flushes its metadata); a test server's data is disposable.
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done <"$PIDS_FILE"
  rm -f "$PIDS_FILE" "$ENV_FILE"
  log "stopped"
}

start() {
  stop
  mkdir -p "$STATE_DIR"
  : >"$ENV_FILE"
  install_node_services
  start_s3rver
  start_azurite
  log "endpoints in $ENV_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) [[ -f $ENV_FILE ]] && cat "$ENV_FILE" || die "no services running; run: scripts/test-services.sh start" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
