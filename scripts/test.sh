#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then ctest (unit, golden, fuzz-corpus
# replay, real-daemon checker tests; the lab test needs root for network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then bash scripts/setup.sh; else echo "test: not root, skipping package setup"; fi
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
