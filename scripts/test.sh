#!/usr/bin/env bash
# Installs what the tests need and runs every test of Backup.Sdk:
#   restore and build Backup.Sdk.sln once (Release), check formatting, run the solution's tests,
#   pack the src/ projects into artifacts/feed, install the `backup` tool from that feed, and run the package smoke
#   test (tests/PackageSmoke) against the packages as a consumer would, then publish the native (AOT) build of the CLI
#   and run the demo's round trip with it.
# Test results are TRX files in artifacts/test-results (.ci/run sums them). Exits non-zero when anything failed.
#
# Environment:
#   BACKUP_PACKAGE_VERSION  the version to build and pack (default: <Version from Directory.Build.props>-ci.<UTC timestamp>)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SOLUTION=Backup.Sdk.sln
CONFIGURATION=Release
ARTIFACTS="$ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"
FEED="$ARTIFACTS/feed"
TOOLS="$ARTIFACTS/tools"
SMOKE_PROJECT=tests/PackageSmoke/PackageSmoke.csproj
# The smoke test's own package cache (its Directory.Build.props sets the same path as RestorePackagesPath).
SMOKE_PACKAGES="$ARTIFACTS/package-smoke/packages"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes left running after the script ends.
export MSBUILDDISABLENODEREUSE=1

# --- bookkeeping: step timings, failures, cleanup ----------------------------------------------------------------------

TIMINGS=()
TEST_FAILURES=()
CURRENT_STEP=""
STEP_START=$SECONDS

step() {
  local name=$1
  shift
  CURRENT_STEP=$name
  STEP_START=$SECONDS
  echo
  echo "==> $name"
  "$@"
  TIMINGS+=("$(printf '  %-34s %5ss' "$name" $((SECONDS - STEP_START)))")
  CURRENT_STEP=""
}

on_exit() {
  local status=$?
  set +e
  if [[ -n $CURRENT_STEP ]]; then
    TIMINGS+=("$(printf '  %-34s %5ss  FAILED' "$CURRENT_STEP" $((SECONDS - STEP_START)))")
  fi
  stop_test_services
  echo
  echo "test.sh step timings:"
  printf '%s\n' "${TIMINGS[@]+"${TIMINGS[@]}"}"
  printf '  %-34s %5ss\n' "total" "$SECONDS"
  if [[ -n $CURRENT_STEP ]]; then
    echo "test.sh: FAILED in step '$CURRENT_STEP' (exit $status)" >&2
  elif ((${#TEST_FAILURES[@]} > 0)); then
    echo "test.sh: FAILED: ${TEST_FAILURES[*]}" >&2
  fi
  exit "$status"
}
trap on_exit EXIT

fail() {
  echo "test.sh: $*" >&2
  exit 1
}

# --- prerequisites -----------------------------------------------------------------------------------------------------

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 \
    || fail "the .NET SDK is not installed (dotnet is not on PATH). Install the .NET 10 SDK (global.json pins the feature band) and run again."
  local sdk
  sdk="$(dotnet --version 2>/dev/null)" \
    || fail "no installed .NET SDK matches global.json ($(tr -d '\n ' <global.json)). Installed: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')"
  [[ $sdk == 10.* ]] || fail "the .NET 10 SDK is needed; dotnet resolves to SDK $sdk."
  echo "dotnet SDK $sdk"
  # A tool installed with --tool-path finds the runtime through DOTNET_ROOT when dotnet is not in its default place.
  if [[ -z ${DOTNET_ROOT:-} ]]; then
    DOTNET_ROOT="$(dirname "$(readlink -f "$(command -v dotnet)")")"
    export DOTNET_ROOT
  fi
}

# --- test services -----------------------------------------------------------------------------------------------------
# Integration tests ([Category("Integration")]) need real servers, started on 127.0.0.1 only by scripts/test-services.sh
# (one section per service: s3rver and Azurite from npm today; PostgreSQL and MariaDB go there too). It installs each once
# under artifacts/test-services, waits until it answers and writes the endpoints to an env file; exporting that file here
# hands them to the tests (BACKUP_TEST_S3_ENDPOINT, BACKUP_TEST_AZURE_CONNECTION_STRING, ...). stop_test_services runs
# from the EXIT trap, so servers stop on failure too; the script stops only what it started, by pid.

TEST_SERVICES_STARTED=""

start_test_services() {
  TEST_SERVICES_STARTED=1
  scripts/test-services.sh start
  set -a
  # shellcheck disable=SC1091
  source "$ARTIFACTS/test-services/env"
  set +a
}

stop_test_services() {
  if [[ -n $TEST_SERVICES_STARTED ]]; then
    scripts/test-services.sh stop
    TEST_SERVICES_STARTED=""
  fi
}

# --- steps -------------------------------------------------------------------------------------------------------------

choose_version() {
  if [[ -n ${BACKUP_PACKAGE_VERSION:-} ]]; then
    VERSION=$BACKUP_PACKAGE_VERSION
  else
    local base
    base="$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
    [[ -n $base ]] || fail "no <Version> in Directory.Build.props"
    # A unique prerelease per run: a package from an earlier run can never satisfy this version.
    VERSION="${base%%-*}-ci.$(date -u +%Y%m%d%H%M%S)"
  fi
  echo "package version $VERSION"
}

clean_outputs() {
  rm -rf "$RESULTS" "$FEED" "$TOOLS" "$ARTIFACTS/package-smoke/bin" "$ARTIFACTS/package-smoke/obj"
  # Keep the downloaded third-party packages of the smoke cache, but never our own from an earlier run.
  rm -rf "$SMOKE_PACKAGES"/backup.sdk "$SMOKE_PACKAGES"/backup.sdk.testing "$SMOKE_PACKAGES"/backup.cli \
    "$SMOKE_PACKAGES"/backup.sdk.storage.s3 "$SMOKE_PACKAGES"/backup.sdk.storage.azureblob
  mkdir -p "$RESULTS" "$FEED"
}

restore() {
  # The version is part of restore too: pack takes project-reference dependency versions from project.assets.json.
  dotnet restore "$SOLUTION" -p:Version="$VERSION"
}

build() {
  dotnet build "$SOLUTION" -c "$CONFIGURATION" --no-restore -p:Version="$VERSION"
}

check_formatting() {
  # Whitespace, code style and analyzer fixes, as .editorconfig says (about 15 s on 2 cores today; drop to
  # `dotnet format whitespace`, about 6 s, if it ever grows past a minute).
  dotnet format "$SOLUTION" --verify-no-changes --no-restore \
    || fail "the code is not formatted as .editorconfig says; run: dotnet format $SOLUTION"
}

run_solution_tests() {
  dotnet test "$SOLUTION" -c "$CONFIGURATION" --no-build \
    --logger "trx;LogFilePrefix=solution" --results-directory "$RESULTS" </dev/null \
    || TEST_FAILURES+=("solution tests")
}

pack() {
  local project
  for project in src/*/*.csproj; do
    dotnet pack "$project" -c "$CONFIGURATION" --no-build -p:Version="$VERSION" -o "$FEED"
  done
  ls -l "$FEED"
}

install_tool() {
  NUGET_PACKAGES="$SMOKE_PACKAGES" dotnet tool install --tool-path "$TOOLS" Backup.Cli \
    --version "$VERSION" --add-source "$FEED"
  local printed
  printed="$("$TOOLS/backup" --version </dev/null)" || fail "the installed tool failed: $TOOLS/backup --version"
  echo "backup --version: $printed"
  [[ $printed == "$VERSION" || $printed == "$VERSION+"* ]] \
    || fail "backup --version printed '$printed', expected $VERSION"
}

native_cli_round_trip() {
  # The native (AOT) build of the CLI: it must publish without trimming or AOT warnings and do the demo's round trip.
  scripts/publish-native.sh "$ARTIFACTS/native"
  BACKUP_DEMO_CLI="$ARTIFACTS/native/backup" scripts/demo.sh
}

run_package_smoke_tests() {
  dotnet test "$SMOKE_PROJECT" -c "$CONFIGURATION" -p:BackupSdkVersion="$VERSION" \
    --logger "trx;LogFilePrefix=package-smoke" --results-directory "$RESULTS" </dev/null \
    || TEST_FAILURES+=("package smoke tests")
}

# --- main --------------------------------------------------------------------------------------------------------------

step "prerequisites" check_prerequisites
step "version" choose_version
step "clean outputs" clean_outputs
step "start test services" start_test_services
step "restore" restore
step "build (Release)" build
step "format check" check_formatting
step "test solution" run_solution_tests
step "pack to artifacts/feed" pack
step "install backup tool from feed" install_tool
step "package smoke tests" run_package_smoke_tests
step "native CLI round trip" native_cli_round_trip

((${#TEST_FAILURES[@]} == 0)) || exit 1
