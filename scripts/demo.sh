#!/usr/bin/env bash
# The main job, end to end: publish the `backup` CLI, make a small directory tree in a temporary folder, back it up into a
# new local repository, restore the latest snapshot into another folder, and compare the two with `diff -r`.
# Exits 0 only when the restored tree equals the original.
#
# The CLI contract used here: global option --repo <location> (or BACKUP_REPOSITORY), password from BACKUP_PASSWORD;
# verbs `init`, `backup <dir>`, `restore <snapshot|latest> --target <dir>`.
#
# Environment:
#   BACKUP_PASSWORD    the repository password (default: a demo password)
#   KEEP_DEMO=1        keep the temporary folder (source, repository, restore) for inspection
#   BACKUP_DEMO_CLI    run this `backup` executable instead of publishing the CLI (e.g. the native build of
#                      scripts/publish-native.sh); the demo then also runs `check --read-data`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI_DIR="$ROOT/artifacts/demo/cli"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null 2>&1 \
  || { echo "demo.sh: the .NET SDK is not installed (dotnet is not on PATH); install the .NET 10 SDK." >&2; exit 1; }
command -v diff >/dev/null 2>&1 || { echo "demo.sh: diff is needed (apt-get install diffutils)." >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/backup-demo.XXXXXX")"
cleanup() {
  if [[ ${KEEP_DEMO:-0} == 1 ]]; then
    echo "demo.sh: kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

SOURCE="$WORK/source"
REPO="$WORK/repo"
TARGET="$WORK/restore"
export BACKUP_PASSWORD="${BACKUP_PASSWORD:-correct horse battery staple}"

if [[ -n ${BACKUP_DEMO_CLI:-} ]]; then
  BACKUP="$BACKUP_DEMO_CLI"
  [[ -x $BACKUP ]] || { echo "demo.sh: BACKUP_DEMO_CLI=$BACKUP is not an executable" >&2; exit 1; }
else
  echo "==> publish src/Backup.Cli"
  dotnet publish "$ROOT/src/Backup.Cli/Backup.Cli.csproj" -c Release -o "$CLI_DIR" --nologo -v quiet
  BACKUP="$CLI_DIR/backup"
fi

echo "==> make a small tree in $SOURCE"
mkdir -p "$SOURCE/docs/notes" "$SOURCE/data" "$SOURCE/empty dir"
printf 'hello, backup\n' >"$SOURCE/hello.txt"
printf 'line %s\n' $(seq 1 2000) >"$SOURCE/docs/lines.txt"
printf '# notes\n\nnothing to see\n' >"$SOURCE/docs/notes/readme.md"
: >"$SOURCE/docs/empty-file"
printf 'spaces in the name\n' >"$SOURCE/docs/file with spaces.txt"
head -c 3145728 /dev/urandom >"$SOURCE/data/random.bin"
# The same content twice, so that deduplication has something to find.
cp "$SOURCE/data/random.bin" "$SOURCE/data/random-copy.bin"
echo "$(find "$SOURCE" -type f | wc -l) files, $(du -sh "$SOURCE" | cut -f1)"

run() {
  echo "==> backup $*"
  local status=0
  "$BACKUP" --repo "$REPO" "$@" || status=$?
  if ((status != 0)); then
    echo "demo.sh: 'backup $*' failed with exit code $status" >&2
    exit "$status"
  fi
}

run init
run backup "$SOURCE"
run restore latest --target "$TARGET"

# Where the restored copy of $SOURCE lands depends on how snapshots record paths: at the target itself, under the
# source's name, or under its full path (as restic does). Accept whichever holds the tree.
restored=""
for candidate in "$TARGET" "$TARGET/$(basename "$SOURCE")" "$TARGET$SOURCE"; do
  if [[ -f $candidate/hello.txt ]]; then
    restored=$candidate
    break
  fi
done
[[ -n $restored ]] || { echo "demo.sh: hello.txt was not restored anywhere under $TARGET" >&2; exit 1; }

echo "==> diff -r $SOURCE $restored"
diff -r "$SOURCE" "$restored"
if [[ -n ${BACKUP_DEMO_CLI:-} ]]; then
  run check --read-data
fi
echo "demo.sh: OK, the restored tree equals the original"
