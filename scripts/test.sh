#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then ctest (unit, golden, fuzz-corpus
# replay, real-daemon checker tests; the lab test needs root for network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then bash scripts/setup.sh; else echo "test: not root, skipping package setup"; fi
bash scripts/build.sh
# tests/known-failures.txt lists tests that fail today (a debt, printed here, not hidden).
exclude=$(grep -v '^#' tests/known-failures.txt | grep -v '^$' | paste -sd'|' || true)
if [ -n "$exclude" ]; then
  echo "test: excluding $(grep -vc '^#' tests/known-failures.txt) known failures listed in tests/known-failures.txt"
fi
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900 ${exclude:+-E "^($exclude)( |$)"} "$@"
