#!/usr/bin/env bash
# Backup and restore of the benchmark tree through S3 (a local s3rver): the Backup.Sdk CLI beside restic, same server,
# same tree, one run.
#
# usage: scripts/bench-s3.sh [CLI command...]     e.g. scripts/bench-s3.sh dotnet /tmp/bench-cli-s3/backup.dll
#   default CLI: publishes src/Backup.Cli (Release) into /tmp/bench-cli-s3 and runs that.
# env: SIZE [1G]  SEED [42]  BENCH_DIR [/tmp/bench-s3]  RUNS [1]
#
# Starts its own s3rver (the version scripts/test-services.sh pins, installed by it into artifacts/test-services) on a
# free 127.0.0.1 port with its data under BENCH_DIR, so it never touches the test services. Each tool gets its own
# bucket. s3rver speaks TLS here (a throw-away self-signed certificate that both tools trust through SSL_CERT_FILE):
# over plain HTTP restic's S3 client sends aws-chunked signed bodies, which s3rver stores undecoded. Every step is timed with /usr/bin/time (wall, CPU, peak RSS) after dropping the page cache when allowed; the
# restored trees are compared with the source (diff -r). Both tools pay their key derivation in every step.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
[[ -f $SHARED/gen_dataset.py ]] || SHARED=/work/shared/bench
SIZE=${SIZE:-1G} SEED=${SEED:-42} B=${BENCH_DIR:-/tmp/bench-s3} RUNS=${RUNS:-1}
NODE_DIR=$ROOT/artifacts/test-services/node
command -v restic >/dev/null || { echo "restic is not installed (apt-get install restic)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if (( $# )); then SDK=("$@"); else
  dotnet publish "$ROOT/src/Backup.Cli" -c Release -o /tmp/bench-cli-s3 >/tmp/bench-cli-s3.log 2>&1 \
    || { echo "publish failed, see /tmp/bench-cli-s3.log" >&2; exit 1; }
  SDK=(dotnet /tmp/bench-cli-s3/backup.dll)
fi

if [[ ! -f $NODE_DIR/node_modules/s3rver/bin/s3rver.js ]]; then
  bash "$ROOT/scripts/test-services.sh" start >/dev/null && bash "$ROOT/scripts/test-services.sh" stop >/dev/null
fi

rm -rf "$B"; mkdir -p "$B/s3data"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$B/tls.key" -out "$B/tls.crt" >/dev/null 2>&1
cat /etc/ssl/certs/ca-certificates.crt "$B/tls.crt" >"$B/ca-bundle.crt"
export SSL_CERT_FILE=$B/ca-bundle.crt
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node --openssl-legacy-provider "$NODE_DIR/node_modules/s3rver/bin/s3rver.js" -d "$B/s3data" -a 127.0.0.1 -p "$PORT" --silent \
  --key "$B/tls.key" --cert "$B/tls.crt" >"$B/s3rver.log" 2>&1 </dev/null &
S3PID=$!
trap 'kill $S3PID 2>/dev/null || true' EXIT
for _ in $(seq 150); do
  node -e "require('net').connect($PORT,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null && break
  sleep 0.2
done

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1
export BACKUP_PASSWORD=bench-password RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR=$B/cache-restic
SR=s3:https://127.0.0.1:$PORT/bench-sdk/repo
RR=s3:https://127.0.0.1:$PORT/bench-restic/repo
D=$B/data
python3 "$SHARED/gen_dataset.py" "$D" --size "$SIZE" --seed "$SEED" >/dev/null
"${SDK[@]}" --repo "$SR" init >/dev/null
restic -r "$RR" init >/dev/null 2>&1

measure() { # name, command...
  local name=$1; shift
  sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -f "%e %U %S %M" -o "$B/time-$name" "$@" >"$B/out-$name" 2>"$B/err-$name" \
    || { echo "$name failed:" >&2; tail -5 "$B/err-$name" >&2; exit 1; }
  read -r wall user sys rss <"$B/time-$name"
  printf '%-18s wall %7.2f s  cpu %7.2f s  peak RSS %5d MiB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}

for ((run = 1; run <= RUNS; run++)); do
  echo "run $run (SIZE=$SIZE)"
  measure "sdk-backup-$run" "${SDK[@]}" --repo "$SR" backup --host bench "$D"
  measure "restic-backup-$run" restic -r "$RR" backup --host bench "$D"
  rm -rf "$B/restore-sdk" "$B/restore-restic"
  measure "sdk-restore-$run" "${SDK[@]}" --repo "$SR" restore latest --target "$B/restore-sdk"
  measure "restic-restore-$run" restic -r "$RR" restore latest --target "$B/restore-restic"
  diff -r "$D" "$B/restore-sdk$D" >/dev/null || { echo "sdk restore differs from the source" >&2; exit 1; }
  diff -r "$D" "$B/restore-restic$D" >/dev/null || { echo "restic restore differs from the source" >&2; exit 1; }
done

ratio() { echo "scale=2; $(cut -d' ' -f1 "$B/time-sdk-$1") / $(cut -d' ' -f1 "$B/time-restic-$1")" | bc; }
for ((run = 1; run <= RUNS; run++)); do
  echo "run $run sdk / restic wall time: backup $(ratio "backup-$run")x, restore $(ratio "restore-$run")x"
done
echo "bucket sizes: sdk $(du -sb "$B/s3data/bench-sdk" | cut -f1) B, restic $(du -sb "$B/s3data/bench-restic" | cut -f1) B"
