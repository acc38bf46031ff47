#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the browser tests, when missing.
# Needs root (as on CI); otherwise prints what to install and lets the browser tests skip.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "note: chromium/chromedriver missing; install them (sudo apt-get install chromium chromium-driver) to run the browser tests" >&2
  exit 0
fi
echo "installing chromium and chromium-driver (Debian packages)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
