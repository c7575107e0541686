#!/usr/bin/env bash
# Configures and builds dualstack into build/ (Release: optimised, no debug info; Ninja;
# precompiled headers; ccache when installed). Arguments name the targets to build (default: all).
#   scripts/build.sh                 everything: the binary, tests, fuzz replays, benchmarks
#   scripts/build.sh dualstack       the binary only (what scripts/run-example.sh needs)
# DUALSTACK_CMAKE_ARGS passes options to cmake, e.g. -DCMAKE_BUILD_TYPE=RelWithDebInfo for a
# debugger, -DDUALSTACK_WERROR=ON (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${DUALSTACK_CMAKE_ARGS:-} >/dev/null
cmake --build build -j "$(nproc)" ${1:+--target "$@"}
