#!/usr/bin/env bash
# Incremental backup of an unchanged tree of small files: the Backup.Sdk CLI beside restic, on the same tree, in one run.
#
# usage: scripts/bench-small-files.sh [CLI command...]     e.g. scripts/bench-small-files.sh dotnet /tmp/bench-cli-small/backup.dll
#   default CLI: publishes src/Backup.Cli (Release) into /tmp/bench-cli-small and runs that.
# env: FILES [100000]  RUNS [3] (unchanged backups per tool; the median is reported)  BENCH_DIR [/tmp/bench-small]
#   The tree is BENCH_DIR/data; repositories and logs go to BENCH_DIR-work, so that the backed-up path's parents keep
#   their mtimes between runs (a parent directory's metadata is part of the snapshot).
#
# Both repositories use their tools' default key derivation (ours: Argon2id calibrated to about half a second; restic:
# scrypt calibrated likewise): every command that opens a repository pays one derivation, which is part of the times.
# The time our init took to calibrate and derive is printed apart (its "Key derivation: ... ms" line).
# Steps per tool: init, first backup, then RUNS unchanged backups, each timed with /usr/bin/time (wall, CPU, peak RSS).
set -euo pipefail
FILES=${FILES:-100000} RUNS=${RUNS:-3} D=${BENCH_DIR:-/tmp/bench-small} B=${BENCH_DIR:-/tmp/bench-small}-work
export BACKUP_PASSWORD=bench-password RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR=$B/cache-restic
unset BACKUP_KDF_PARAMS
command -v restic >/dev/null || { echo "restic is not installed" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if (( $# )); then SDK=("$@"); else
  dotnet publish src/Backup.Cli -c Release -o /tmp/bench-cli-small >/tmp/bench-cli-small.log 2>&1 || { echo "publish failed, see /tmp/bench-cli-small.log" >&2; exit 1; }
  exe=$(ls /tmp/bench-cli-small/*.runtimeconfig.json | head -1); SDK=(dotnet "${exe%.runtimeconfig.json}.dll")
fi

rm -rf "$B" "$D"; mkdir -p "$B" "$D"; ROWS=$B/rows; : >"$ROWS"
# 100 directories of FILES/100 files each, 100 B to 8 KiB of random bytes, fixed seed and mtimes.
python3 - "$D/data" "$FILES" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(4)
per_dir = max(1, count // 100)
for i in range(count):
    d = os.path.join(root, f"d{i // per_dir:03d}")
    if i % per_dir == 0:
        os.makedirs(d, exist_ok=True)
    p = os.path.join(d, f"f{i:06d}.bin")
    with open(p, "wb") as f:
        f.write(rng.randbytes(rng.randint(100, 8192)))
    os.utime(p, ns=(1_700_000_000_000_000_000 + i, 1_700_000_000_000_000_000 + i))
PY
find "$D/data" -type f | wc -l | xargs echo "files:" >&2
du -sb "$D/data" | cut -f1 | xargs echo "bytes:" >&2

step() { # step TOOL NAME cmd...
  local tool=$1 name=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$B/t" "$@" >"$B/log.$tool.$name" 2>"$B/err.$tool.$name" || { echo "$tool $name failed:" >&2; cat "$B/err.$tool.$name" >&2; exit 1; }
  read -r wall user sys rss < <(tail -1 "$B/t")
  echo "$tool $name $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $((rss / 1024))" >>"$ROWS"
}

step sdk init "${SDK[@]}" --repo "$B/repo-sdk" init
grep -h "Key derivation" "$B/err.sdk.init" | sed 's/^/sdk init: /' >"$B/kdf"
step restic init restic -r "$B/repo-restic" init
step sdk first "${SDK[@]}" --repo "$B/repo-sdk" backup --host bench --json "$D/data"
step restic first restic -r "$B/repo-restic" backup --host bench "$D/data"
for run in $(seq 1 "$RUNS"); do
  step restic "unchanged$run" restic -r "$B/repo-restic" backup --host bench "$D/data"
  step sdk "unchanged$run" "${SDK[@]}" --repo "$B/repo-sdk" backup --host bench --json "$D/data"
done
python3 - "$B/log.sdk.unchanged1" <<'PY' >&2
import json, sys
d = json.load(open(sys.argv[1]))
print(f"sdk unchanged: level {d['level']}, bytesRead {d['bytesRead']}, filesUnmodified {d['filesUnmodified']}, blobsAdded {d['blobsAdded']}")
PY
cat "$B/kdf"
python3 - "$ROWS" "$RUNS" <<'PY'
import sys, statistics, collections
rows = [l.split() for l in open(sys.argv[1])]
runs = int(sys.argv[2])
t = collections.defaultdict(dict)
for tool, name, wall, cpu, rss in rows: t[tool][name] = (float(wall), float(cpu), int(rss))
def median(tool):
    vals = [t[tool][f"unchanged{i}"] for i in range(1, runs + 1)]
    return tuple(statistics.median(v[k] for v in vals) for k in range(3)), [v[0] for v in vals]
print("| tool | init wall s | first backup wall s (cpu s, MiB) | unchanged backup wall s (median of %d) | unchanged cpu s | unchanged peak RSS MiB | unchanged runs, wall s |" % runs)
print("|---|---|---|---|---|---|---|")
for tool in ("sdk", "restic"):
    (w, c, r), walls = median(tool)
    f = t[tool]["first"]
    print(f"| {tool} | {t[tool]['init'][0]:.2f} | {f[0]:.2f} ({f[1]:.1f}, {f[2]}) | {w:.2f} | {c:.2f} | {r:.0f} | {', '.join(f'{x:.2f}' for x in walls)} |")
(sw, sc, sr), _ = median("sdk"); (rw, rc, rr), _ = median("restic")
print(f"\nsdk / restic, unchanged backup: wall {sw / rw:.2f}x, CPU {sc / rc:.2f}x, peak RSS {sr / rr:.2f}x (target: wall at most 0.50x)")
PY
