#!/usr/bin/env bash
# Runs every test of the repository: .NET (xunit) and Node (real socket.io-client / mediasoup-client / Chromium).
# Installs what the machine lacks (npm packages; Debian's chromium and postgresql when running as root).
# Ends with a line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS="$ROOT/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
passed=0; failed=0; skipped=0

say() { printf '\n==> %s\n' "$*"; }

# --- prerequisites -------------------------------------------------------------------------------
say "prerequisites"
bash scripts/install-prereqs.sh || { echo "prerequisite installation failed"; failed=$((failed+1)); }

# --- build ---------------------------------------------------------------------------------------
say "dotnet build"
if ! dotnet build VibezLive.slnx -c Release -nologo -v minimal 2>&1 | tee "$RESULTS/build.log" | grep -E 'error|Warn|Elapsed' ; then :; fi
if [ "${PIPESTATUS[0]}" != 0 ] && ! grep -q 'Build succeeded' "$RESULTS/build.log"; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
export VIBEZ_CONFIGURATION=Release VIBEZ_ROOT="$ROOT"

# Optional services for the storage tests (PostgreSQL on loopback, in a temporary cluster).
# shellcheck source=scripts/pg-test-server.sh
source scripts/pg-test-server.sh
pg_start || echo "PostgreSQL tests will be skipped: no server could be started"

# --- .NET tests ----------------------------------------------------------------------------------
for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  say "dotnet test $name"
  dotnet test "$proj" -c Release --no-build -nologo --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" 2>&1 | tee "$RESULTS/$name.log" \
    | grep -E '^\s*(Failed|Skipped) |Passed!|Failed!|error' || true
  if ! grep -qE 'Test Run (Successful|Failed)|No test is available' "$RESULTS/$name.log"; then
    echo "  no summary from $name (crashed?)"; failed=$((failed+1)); continue; fi
  num() { grep -E "^\s+$1: [0-9]+" "$RESULTS/$name.log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
  p=$(num Passed); f=$(num Failed); s=$(num Skipped)
  grep -q 'Test Run Failed' "$RESULTS/$name.log" && [ "$f" = 0 ] && f=1
  passed=$((passed+p)); failed=$((failed+f)); skipped=$((skipped+s))
done

# --- Node tests (real clients against the real server processes) ---------------------------------
shopt -s globstar nullglob
js_tests=(tests/js/**/*.test.mjs)
if [ ${#js_tests[@]} -gt 0 ]; then
  say "node --test (${#js_tests[@]} files)"
  node --test --test-concurrency=1 --test-timeout=600000 "${js_tests[@]}" 2>&1 | tee "$RESULTS/node.log" \
    | grep -vE '^\s*(#|ok |TAP|1\.\.|---|\.\.\.|duration_ms|type:)' | grep -E 'not ok|Error|assert' | head -100 || true
  p=$(grep -E '^# pass ' "$RESULTS/node.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail ' "$RESULTS/node.log" | tail -1 | awk '{print $3}')
  s=$(grep -E '^# skipped ' "$RESULTS/node.log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then echo "  node test runner printed no summary"; failed=$((failed+1)); else
    passed=$((passed+p)); failed=$((failed+${f:-0})); skipped=$((skipped+${s:-0})); fi
fi

pg_stop
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
