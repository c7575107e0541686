#!/usr/bin/env bash
# Configures and builds dualstack into build/ (Release with debug info, Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${DUALSTACK_CMAKE_ARGS:-} >/dev/null
cmake --build build -j "$(nproc)"
