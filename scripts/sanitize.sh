#!/usr/bin/env bash
# The unit tests and the fuzz corpus replays built with AddressSanitizer and UndefinedBehaviorSanitizer (not the lab: its
# daemons and timing are not what the sanitizers check). Any report fails the run: UBSan is made
# fatal, ASan stops at its first error, LeakSanitizer runs at exit.
# Builds into build-asan/ (warnings are errors there too). Extra ctest arguments pass through.
# Usage: scripts/sanitize.sh [CTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
# -O1: what the sanitizers' manuals suggest, and a third of -O3's compile time.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" \
  -DDUALSTACK_SANITIZE=ON -DDUALSTACK_WERROR=ON -DDUALSTACK_BENCH=OFF >/dev/null
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# known-failures.txt as in scripts/test.sh; the lab and the script tests are left to the main run.
exclude=$(grep -v '^#' tests/known-failures.txt | grep -v '^$' | paste -sd'|' || true)
cd build-asan
ctest --output-on-failure -j "$(nproc)" --timeout 900 -E "Lab|${exclude:-^$}" "$@"
