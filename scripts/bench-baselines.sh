#!/usr/bin/env bash
# The machine's raw limits, measured the same way every time, to set beside the BenchmarkDotNet figures in docs/benchmarks.md:
# sha256sum and zstd -1 of a 1 GiB file in page cache, and cp of that file (page cache to page cache).
# usage: scripts/bench-baselines.sh [size-in-MiB]   (default 1024)
set -euo pipefail
size_mib=${1:-1024}
dir=$(mktemp -d /tmp/bench-baselines.XXXXXX)
trap 'rm -rf "$dir"' EXIT
command -v zstd >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd >/dev/null; }

# Half random, half repetitive: zstd has something to do, like mixed real data.
python3 - "$dir/input" "$size_mib" <<'PY'
import os, sys
path, mib = sys.argv[1], int(sys.argv[2])
line = b"backup sdk baseline line 0123456789 abcdefghijklmnopqrstuvwxyz\n"
text = (line * (1 << 20 // len(line) + 1))[: 1 << 19]
with open(path, "wb") as f:
    for _ in range(mib):
        f.write(os.urandom(1 << 19)); f.write(text)
PY
cat "$dir/input" >/dev/null   # into page cache

measure() { # name cmd...
  local name=$1; shift
  local start end
  start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" -v m="$size_mib" 'BEGIN { printf "| %s | %.2f | %.0f |\n", n, e - s, m * 1.048576 / (e - s) }'
}
echo "| baseline | seconds | MB/s |"
echo "|---|---|---|"
measure "sha256sum" sha256sum "$dir/input"
measure "zstd -1 (1 thread)" zstd -1 -T1 -q -c "$dir/input"
measure "zstd -3 (1 thread)" zstd -3 -T1 -q -c "$dir/input"
measure "cp" cp "$dir/input" "$dir/copy"
