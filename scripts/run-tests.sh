#!/usr/bin/env bash
# Runs the already-built test suites (called by ../test.sh) and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/test-results"; mkdir -p "$RESULTS"
export VIBEZ_CONFIGURATION=Release VIBEZ_ROOT="$ROOT" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
passed=0; failed=0; skipped=0
say() { printf '\n==> %s\n' "$*"; }

# A throwaway PostgreSQL for the storage tests (sets VIBEZ_TEST_POSTGRES).
# shellcheck source=scripts/pg-test-server.sh
source scripts/pg-test-server.sh
pg_start || echo "PostgreSQL not available: PostgreSQL storage tests are skipped"
trap pg_stop EXIT

for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  say "dotnet test $name"
  dotnet test "$proj" -c Release --no-build -nologo --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" >"$RESULTS/$name.log" 2>&1
  grep -E '^\s+Failed [A-Za-z]|Error Message|^\s+(Total tests|Passed|Failed|Skipped):' "$RESULTS/$name.log" | head -60
  if ! grep -qE 'Test Run (Successful|Failed)|No test is available' "$RESULTS/$name.log"; then
    tail -20 "$RESULTS/$name.log"; echo "  no summary from $name (crashed?)"; failed=$((failed+1)); continue; fi
  num() { grep -E "^\s+$1: [0-9]+" "$RESULTS/$name.log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
  p=$(num Passed); f=$(num Failed); s=$(num Skipped)
  if grep -q 'Test Run Failed' "$RESULTS/$name.log" && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed+p)); failed=$((failed+f)); skipped=$((skipped+s))
done

shopt -s globstar nullglob
js_tests=(tests/js/**/*.test.mjs)
if [ ${#js_tests[@]} -gt 0 ]; then
  say "node --test (${#js_tests[@]} files)"
  node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=tap --test-reporter-destination="$RESULTS/node.tap" "${js_tests[@]}" >"$RESULTS/node.log" 2>&1
  grep -E '^\s*(✔|✖|﹣)' "$RESULTS/node.log" | head -200
  grep -A15 -E '^\s*✖' "$RESULTS/node.log" | grep -vE '^\s*(✔)' | head -80
  p=$(grep -E '^# pass ' "$RESULTS/node.tap" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail ' "$RESULTS/node.tap" | tail -1 | awk '{print $3}')
  s=$(grep -E '^# skipped ' "$RESULTS/node.tap" | tail -1 | awk '{print $3}')
  c=$(grep -E '^# cancelled ' "$RESULTS/node.tap" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then tail -30 "$RESULTS/node.log"; echo "  node test runner printed no summary"; failed=$((failed+1)); else
    passed=$((passed+p)); failed=$((failed+${f:-0}+${c:-0})); skipped=$((skipped+${s:-0})); fi
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
