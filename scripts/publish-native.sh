#!/usr/bin/env bash
# Publishes the `backup` CLI as one native executable (Native AOT): no .NET runtime needed to run it, no JIT at start.
# Starts in a few milliseconds and needs about 25 MiB less memory than the framework-dependent tool (docs/benchmarks.md);
# the benchmarks use it. Same commands, options and output as the dotnet tool.
#
# usage: scripts/publish-native.sh [output-dir]      (default: artifacts/native; the executable is <output-dir>/backup)
#
# Needs the .NET 10 SDK and a C toolchain to link (clang or gcc); on Debian/Ubuntu, as root, a missing one is installed
# with apt (clang, zlib1g-dev). Takes 2-3 minutes on 2 cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/native}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null 2>&1 \
  || { echo "publish-native.sh: the .NET SDK is not installed (dotnet is not on PATH); install the .NET 10 SDK." >&2; exit 1; }
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing clang and zlib1g-dev (the native linker)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  else
    echo "publish-native.sh: a C toolchain is needed to link the native executable: install clang (or gcc) and zlib1g-dev." >&2
    exit 1
  fi
fi

case "$(uname -m)" in
  x86_64) RID=linux-x64 ;;
  aarch64) RID=linux-arm64 ;;
  *) echo "publish-native.sh: no native build for $(uname -m)" >&2; exit 1 ;;
esac

echo "==> dotnet publish src/Backup.Cli (Native AOT, $RID) -> $OUT"
dotnet publish "$ROOT/src/Backup.Cli/Backup.Cli.csproj" -c Release -r "$RID" -p:PublishAot=true -o "$OUT" --nologo -v quiet
"$OUT/backup" --version >/dev/null || { echo "publish-native.sh: $OUT/backup does not run" >&2; exit 1; }
echo "publish-native.sh: $OUT/backup ($(du -h "$OUT/backup" | cut -f1))"
