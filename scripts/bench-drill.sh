#!/usr/bin/env bash
# Restore drill of the benchmark dataset beside restic's restore of the same data, in one run.
#
# usage: scripts/bench-drill.sh [CLI command...]     e.g. scripts/bench-drill.sh dotnet /tmp/bench-cli-drill/backup.dll
#   default CLI: publishes src/Backup.Cli (Release) into /tmp/bench-cli-drill and runs that.
# env: SIZE [1G]  SEED [42]  BENCH_DIR [/tmp/bench-drill]  CACHE [cold|warm]
#
# The tree is made by ../shared/bench/gen_dataset.py (as compare.sh does). Steps: our init + backup, then
# `drill --json` (restores the snapshot into a scratch directory, compares every byte and the metadata, records the drill);
# restic init + backup, then `restic restore latest`, timed with /usr/bin/time. Printed: our measured RTO (restore only,
# from the drill's JSON), the drill's verification time and wall time, and restic's restore wall time. Cold: the page
# cache is dropped before each timed step (needs root). Run it on an idle machine for figures worth recording.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GEN=${GEN:-$HERE/../../shared/bench/gen_dataset.py}
[[ -f $GEN ]] || GEN=/work/shared/bench/gen_dataset.py
SIZE=${SIZE:-1G} SEED=${SEED:-42} B=${BENCH_DIR:-/tmp/bench-drill} CACHE=${CACHE:-cold}
export BACKUP_PASSWORD=bench-password RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR=$B/cache-restic
command -v restic >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq restic >/dev/null; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if (( $# )); then SDK=("$@"); else
  dotnet publish src/Backup.Cli -c Release -o /tmp/bench-cli-drill >/tmp/bench-cli-drill.log 2>&1 || { echo "publish failed, see /tmp/bench-cli-drill.log" >&2; exit 1; }
  exe=$(ls /tmp/bench-cli-drill/*.runtimeconfig.json | head -1); SDK=(dotnet "${exe%.runtimeconfig.json}.dll")
fi

rm -rf "$B"; mkdir -p "$B/scratch"
python3 "$GEN" "$B/data" --size "$SIZE" --seed "$SEED" >/dev/null
du -sb "$B/data" | cut -f1 | xargs echo "dataset bytes:" >&2
drop() { sync; [[ $CACHE == cold ]] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; true; }
timed() { # timed NAME cmd... ; prints the wall seconds
  local name=$1; shift; drop
  /usr/bin/time -f '%e' -o "$B/t.$name" "$@" >"$B/out.$name" 2>"$B/err.$name" || { echo "$name failed:" >&2; cat "$B/err.$name" >&2; exit 1; }
  tail -1 "$B/t.$name"
}

"${SDK[@]}" --repo "$B/repo-sdk" init >/dev/null
"${SDK[@]}" --repo "$B/repo-sdk" backup --host bench "$B/data" >/dev/null
sdk_wall=$(timed sdk-drill "${SDK[@]}" --repo "$B/repo-sdk" --json drill latest --scratch "$B/scratch")

restic -r "$B/repo-restic" init >/dev/null
restic -r "$B/repo-restic" backup --host bench "$B/data" >/dev/null
restic_wall=$(timed restic-restore restic -r "$B/repo-restic" restore latest --target "$B/restic-out")

python3 - "$B/out.sdk-drill" "$sdk_wall" "$restic_wall" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sdk_wall, restic_wall = float(sys.argv[2]), float(sys.argv[3])
print(f"drill: {d['status']}, {d['filesChecked']} files, {d['bytesChecked'] / 2**20:.0f} MiB compared")
print(f"| tool | restore (RTO) s | throughput MiB/s | verify s | command wall s |")
print(f"|---|---|---|---|---|")
print(f"| sdk drill | {d['rtoSeconds']:.2f} | {d['throughputBytesPerSecond'] / 2**20:.0f} | {d['verifySeconds']:.2f} | {sdk_wall:.2f} |")
print(f"| restic restore | {restic_wall:.2f} (wall) | | | {restic_wall:.2f} |")
print(f"\nsdk RTO / restic restore wall: {d['rtoSeconds'] / max(restic_wall, 0.01):.2f}x")
PY
rm -rf "$B/data" "$B/restic-out"
