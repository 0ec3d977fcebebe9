#!/usr/bin/env bash
# Prune after forgetting half of a long history: the Backup.Sdk CLI beside restic, on the same history, in one run.
#
# usage: scripts/bench-prune.sh [CLI command...]     e.g. scripts/bench-prune.sh dotnet /tmp/bench-cli-prune/backup.dll
#   default CLI: publishes src/Backup.Cli (Release) into /tmp/bench-cli-prune and runs that.
# env: SIZE [1G]  SNAPSHOTS [50]  SEED [42]  BENCH_DIR [/tmp/bench-prune]  MAX_UNUSED [5]
#
# History: gen_dataset.py makes the tree, then SNAPSHOTS backups, each after one mutate.py round (~5 % changed, with
# insertions that shift content), for both tools from the same tree states. Then every second snapshot (the 1st, 3rd,
# ...) is forgotten — ours by id (`forget` when the CLI has it, else by deleting snapshots/<id>, which is what
# SnapshotStore.DeleteAsync does), restic's with `restic forget <ids>` — and `prune` is timed for both with
# /usr/bin/time -v (wall, CPU, peak RSS). Both prunes use the same unused-space threshold (MAX_UNUSED percent).
# Repository sizes before and after are printed. Building the history takes far longer than the prunes.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHARED=${SHARED_BENCH:-$HERE/../../shared/bench}
[[ -f $SHARED/gen_dataset.py ]] || SHARED=/work/shared/bench
SIZE=${SIZE:-1G} SNAPSHOTS=${SNAPSHOTS:-50} SEED=${SEED:-42} B=${BENCH_DIR:-/tmp/bench-prune} MAX_UNUSED=${MAX_UNUSED:-5}
export BACKUP_PASSWORD=bench-password RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR=$B/cache-restic
command -v restic >/dev/null || { echo "restic is not installed" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if (( $# )); then SDK=("$@"); else
  dotnet publish src/Backup.Cli -c Release -o /tmp/bench-cli-prune >/tmp/bench-cli-prune.log 2>&1 || { echo "publish failed, see /tmp/bench-cli-prune.log" >&2; exit 1; }
  exe=$(ls /tmp/bench-cli-prune/*.runtimeconfig.json | head -1); SDK=(dotnet "${exe%.runtimeconfig.json}.dll")
fi

rm -rf "$B"; mkdir -p "$B"
SR=$B/repo-sdk RR=$B/repo-restic D=$B/data
"${SDK[@]}" --repo "$SR" init >/dev/null
restic -r "$RR" init >/dev/null
python3 "$SHARED/gen_dataset.py" "$D" --size "$SIZE" --seed "$SEED" >/dev/null
: >"$B/ids-sdk"; : >"$B/ids-restic"
for ((i = 1; i <= SNAPSHOTS; i++)); do
  (( i > 1 )) && python3 "$SHARED/mutate.py" "$D" --seed "$SEED" --round "$i" >/dev/null
  "${SDK[@]}" --repo "$SR" backup --host bench --json "$D" >"$B/out" 2>>"$B/log"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["snapshotId"])' "$B/out" >>"$B/ids-sdk"
  restic -r "$RR" backup --host bench --json "$D" 2>>"$B/log" | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("message_type") == "summary": print(m["snapshot_id"])' >>"$B/ids-restic"
  echo "snapshot $i of $SNAPSHOTS" >&2
done

# Forget every second snapshot (1st, 3rd, ...), the same ones for both tools.
mapfile -t sdk_forget < <(awk 'NR % 2 == 1' "$B/ids-sdk")
mapfile -t restic_forget < <(awk 'NR % 2 == 1' "$B/ids-restic")
if "${SDK[@]}" --help 2>/dev/null | grep -qE '^  forget( |$)'; then
  "${SDK[@]}" --repo "$SR" forget "${sdk_forget[@]}" >/dev/null
else
  for id in "${sdk_forget[@]}"; do rm "$SR/snapshots/$id"; done
fi
restic -r "$RR" forget "${restic_forget[@]}" >/dev/null

size() { du -sb "$1" | cut -f1; }
sdk_before=$(size "$SR") restic_before=$(size "$RR")
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
/usr/bin/time -v -o "$B/time-sdk" "${SDK[@]}" --repo "$SR" prune --max-unused "$MAX_UNUSED" --json >"$B/prune-sdk.json"
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
/usr/bin/time -v -o "$B/time-restic" restic -r "$RR" prune --max-unused "$MAX_UNUSED%" >"$B/prune-restic.log"

field() { grep -F "$2" "$1" | awk -F': ' '{print $2}'; }
wall() { field "$1" "Elapsed (wall clock)" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
report() { # tool timefile before after
  printf '| %s | %.2f | %.2f | %d | %.0f | %.0f |\n' "$1" "$(wall "$2")" \
    "$(awk -v u="$(field "$2" "User time")" -v s="$(field "$2" "System time")" 'BEGIN{print u+s}')" \
    "$(( $(field "$2" "Maximum resident set size") / 1024 ))" "$(awk -v b="$3" 'BEGIN{print b/1e6}')" "$(awk -v b="$4" 'BEGIN{print b/1e6}')"
}
echo "prune after forgetting ${#sdk_forget[@]} of $SNAPSHOTS snapshots of $SIZE, --max-unused $MAX_UNUSED%"
echo "| tool | wall s | cpu s | peak RSS MiB | repo MB before | repo MB after |"
echo "|---|---|---|---|---|---|"
report sdk "$B/time-sdk" "$sdk_before" "$(size "$SR")"
report restic "$B/time-restic" "$restic_before" "$(size "$RR")"
echo "ours: $(cat "$B/prune-sdk.json")"
"${SDK[@]}" --repo "$SR" check --read-data >/dev/null && echo "ours: check --read-data passes after prune"
restic -r "$RR" check >/dev/null 2>&1 && echo "restic: check passes after prune"
