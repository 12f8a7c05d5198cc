#!/usr/bin/env bash
# Installs what the tests need and the machine lacks. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package.json -nt node_modules/.install-stamp ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules/.install-stamp
fi
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || need+=(postgresql)
command -v tc >/dev/null 2>&1 || need+=(iproute2)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Optional interop peers: libsrtp2 (SRTP byte-for-byte cross-check), ffmpeg (file-based fake camera), gcc.
[ -f /usr/include/srtp2/srtp.h ] || need+=(libsrtp2-dev)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "not root: cannot install ${need[*]}; tests that need them are skipped"
  fi
fi
