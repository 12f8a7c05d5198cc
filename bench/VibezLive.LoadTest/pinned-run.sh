#!/usr/bin/env bash
# Runs one load-generator scenario against a fresh server on this machine, the server pinned to CPU 0 and the
# generator to CPU 1, both in their own scheduler autogroup with nice -19 (when root) so that other work on a
# shared machine does not show up as SFU delay. Builds nothing: run `dotnet build -c Release` first.
#
#   bench/VibezLive.LoadTest/pinned-run.sh webinar --ramp-step 100 --step-seconds 5 --max-peers 1500 --json out.json
#
# SERVER_CPUS / GENERATOR_CPUS override the pinning (taskset lists, e.g. 0-1).
# Everything is bounded: the generator's own --duration (default 300 s here) and a hard timeout on top.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cfg="${VIBEZ_CONFIGURATION:-Release}"
server_dll="$root/src/VibezLive.Server/bin/$cfg/net10.0/VibezLive.Server.dll"
gen_dll="$root/bench/VibezLive.LoadTest/bin/$cfg/net10.0/VibezLive.LoadTest.dll"
port="${PORT:-39110}"
data="$(mktemp -d /tmp/vibez-loadtest.XXXXXX)"

boost() { # $1 = pid: its own session's autogroup at nice -19 (only root may lower nice)
  [ "$(id -u)" = 0 ] || return 0
  # setsid(2) runs in the child: wait until it leads its own session, or we would boost our own autogroup.
  for _ in $(seq 1 100); do
    [ "$(ps -o sid= -p "$1" 2>/dev/null | tr -d ' ')" = "$1" ] && break
    sleep 0.02
  done
  if [ "$(ps -o sid= -p "$1" 2>/dev/null | tr -d ' ')" = "$1" ] && [ -w "/proc/$1/autogroup" ]; then
    echo -19 > "/proc/$1/autogroup" || true
  fi
}

PORT="$port" ANNOUNCED_IP=127.0.0.1 LISTEN_IP=127.0.0.1 ALLOW_GUESTS=true SQLITE_PATH="$data/vibez.db" \
  JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" NUM_WORKERS=1 \
  Signaling__MaxPeersPerRoom=5000 Signaling__EventsPerSecond=1000 Signaling__EventBurst=1000 \
  Logging__LogLevel__Default=Warning \
  setsid taskset -c "${SERVER_CPUS:-0}" dotnet "$server_dll" > "$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
boost "$server_pid"
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.2
done

setsid timeout 900 taskset -c "${GENERATOR_CPUS:-1}" dotnet "$gen_dll" "$@" --url "http://127.0.0.1:$port" --server-pid "$server_pid" &
gen_pid=$!
boost "$gen_pid"
wait "$gen_pid"
