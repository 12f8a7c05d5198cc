#!/usr/bin/env bash
# Heap evidence for churn: starts a server the way pinned-run.sh does (CPU 0, loopback, throwaway SQLite), takes a
# HeapDiff snapshot of the cold server, then after each step of churn cycles (generator on CPU 1), and diffs the
# first and last snapshots. Builds nothing: `dotnet build -c Release` the server, LoadTest and HeapDiff first.
#
#   bench/VibezLive.HeapDiff/churn-snapshots.sh /tmp/heap 1000 1000 1000 1000 1000   # snapshots at 0, 1k … 5k cycles
#
# Each step is one generator run (`churn --cycles N --warmup-cycles 0`, bounded by --duration 600 and a timeout);
# PATHS=<type-name-part> or STRINGS=<text> add --paths / --strings to every snapshot.
set -euo pipefail
out="${1:?usage: churn-snapshots.sh <out-dir> <cycles per step>...}"; shift
[ "$#" -gt 0 ] || { echo "give at least one step of cycles" >&2; exit 2; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
cfg="${VIBEZ_CONFIGURATION:-Release}"
server_dll="$root/src/VibezLive.Server/bin/$cfg/net10.0/VibezLive.Server.dll"
gen_dll="$root/bench/VibezLive.LoadTest/bin/$cfg/net10.0/VibezLive.LoadTest.dll"
hd_dll="$root/bench/VibezLive.HeapDiff/bin/$cfg/net10.0/VibezLive.HeapDiff.dll"
port="${PORT:-39112}"
mkdir -p "$out"
data="$(mktemp -d /tmp/vibez-heap.XXXXXX)"

PORT="$port" ANNOUNCED_IP=127.0.0.1 LISTEN_IP=127.0.0.1 ALLOW_GUESTS=true SQLITE_PATH="$data/vibez.db" \
  JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" NUM_WORKERS=1 \
  Signaling__MaxPeersPerRoom=5000 Signaling__EventsPerSecond=1000 Signaling__EventBurst=1000 \
  Logging__LogLevel__Default=Warning \
  setsid taskset -c "${SERVER_CPUS:-0}" dotnet "$server_dll" > "$out/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.2
done

snapshot() { # $1 = name
  dotnet "$hd_dll" snapshot "$server_pid" "$out/$1.json" ${PATHS:+--paths "$PATHS"} ${STRINGS:+--strings "$STRINGS"}
  curl -fs "http://127.0.0.1:$port/metrics" > "$out/$1.metrics.txt" || true
}

snapshot s0
step=0
for cycles in "$@"; do
  step=$((step + 1))
  timeout 900 taskset -c "${GENERATOR_CPUS:-1}" dotnet "$gen_dll" churn --cycles "$cycles" --warmup-cycles 0 --no-server-gc \
    --concurrency 20 --hold-ms 800 --duration 600 --quiet --url "http://127.0.0.1:$port" --server-pid "$server_pid" \
    --json "$out/churn$step.json" > "$out/churn$step.txt" 2>&1 || echo "generator step $step exited with $?" >&2
  snapshot "s$step"
done
dotnet "$hd_dll" diff "$out/s0.json" "$out/s$step.json" --top 30 | tee "$out/diff-first-last.txt"
