#!/usr/bin/env bash
# Block volumes through the CLI, at 1 GiB: full and incremental image backups after changing 1% of the blocks
# (bytesRead), and `volume export` of the live volume and of a snapshot against `cp` of the same image.
# Usage: scripts/bench-volumes.sh [cow|row] [size-MiB]   (builds the CLI in Release first)
set -euo pipefail
provider=${1:-cow}
mib=${2:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/backup-volume-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Backup.Cli" -c Release -v q >/dev/null
backup() { dotnet "$root/artifacts/bin/Backup.Cli/release/backup.dll" --repo "$work/repo" "$@"; }
export BACKUP_PASSWORD=benchmark BACKUP_KDF_PARAMS=8192:1
seconds() { local start=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $start" | bc; }

backup init >/dev/null
head -c $((mib * 1024 * 1024)) /dev/urandom > "$work/data.bin"
backup volume create "$work/disk" --size "${mib}M" --provider "$provider" >/dev/null
backup volume write "$work/disk" --offset 0 --input "$work/data.bin" >/dev/null
backup volume snapshot "$work/disk" monday >/dev/null
# Full image backup against a file backup of the same bytes (the exported snapshot) into a second, fresh repository.
backup volume export "$work/disk" --snapshot monday --output "$work/monday-ref.img" >/dev/null
cat "$work/monday-ref.img" > /dev/null
full_start=$(date +%s.%N)
echo "full:        $(backup backup --volume "$work/disk" --volume-snapshot monday --json | grep -o '"bytesRead":[0-9]*\|"durationSeconds":[0-9.]*' | tr '\n' ' ')"
full=$(echo "$(date +%s.%N) - $full_start" | bc)
dotnet "$root/artifacts/bin/Backup.Cli/release/backup.dll" --repo "$work/repo-files" init >/dev/null
file=$(seconds dotnet "$root/artifacts/bin/Backup.Cli/release/backup.dll" --repo "$work/repo-files" backup "$work/monday-ref.img")
rm -rf "$work/repo-files"
echo "full image backup: $full s; file backup of the same image: $file s; image/file: $(echo "scale=2; $full / $file" | bc)"

# 1% of the volume, in 16 pieces spread over it.
piece=$((mib * 1024 * 1024 / 100 / 16 / 65536 * 65536))
head -c "$piece" /dev/urandom > "$work/piece.bin"
for i in $(seq 0 15); do
  backup volume write "$work/disk" --offset $((i * mib * 1024 * 1024 / 16 + 65536 * 3)) --input "$work/piece.bin" >/dev/null
done
backup volume snapshot "$work/disk" tuesday >/dev/null
echo "incremental: $(backup backup --volume "$work/disk" --volume-snapshot tuesday --level incremental --json | grep -o '"bytesRead":[0-9]*\|"durationSeconds":[0-9.]*' | tr '\n' ' ') of $((mib * 1024 * 1024)) bytes; changed $((16 * piece))"

# Export against cp (page cache warm for all: each source is read once before it is timed).
backup volume export "$work/disk" --output "$work/warm.img" >/dev/null
cp "$work/warm.img" "$work/plain.img"; cat "$work/plain.img" > /dev/null
echo "cp plain image:        $(seconds cp "$work/plain.img" "$work/cp.img") s"
echo "export live volume:    $(seconds backup volume export "$work/disk" --output "$work/live.img") s"
echo "export snapshot monday: $(seconds backup volume export "$work/disk" --snapshot monday --output "$work/monday.img") s"
cmp "$work/live.img" "$work/plain.img" && echo "live export identical to cp copy"
