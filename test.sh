#!/usr/bin/env bash
# Runs every test of the repository: .NET (xunit) and Node (real socket.io-client / mediasoup-client / Chromium).
# Installs what the machine lacks (npm packages; Debian's chromium and postgresql when running as root), builds in
# Release, then runs all tests inside a loopback-only network namespace (when possible) so that no test traffic can
# leave 127.0.0.1/::1. Ends with a line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS="$(pwd)/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

printf '==> prerequisites\n'
bash scripts/install-prereqs.sh || echo "warning: some prerequisites could not be installed; their tests will fail or skip"

printf '==> dotnet build (Release)\n'
if ! dotnet build VibezLive.slnx -c Release -nologo -v quiet >"$RESULTS/build.log" 2>&1; then
  grep -E 'error' "$RESULTS/build.log" | sort -u | head -50
  echo "build failed (see test-results/build.log)"
  echo "0 passed, 1 failed"
  exit 1
fi

# Run the tests isolated from every network but loopback. Needs root (CI runs as root); otherwise run them as they are.
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null && [ "${VIBEZ_NO_NETNS:-}" != 1 ]; then
  printf '==> running tests in a loopback-only network namespace\n'
  exec unshare -n bash -c 'ip link set lo up && exec bash scripts/run-tests.sh'
fi
exec bash scripts/run-tests.sh
