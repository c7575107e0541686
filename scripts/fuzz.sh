#!/usr/bin/env bash
# Runs one libFuzzer target for a while, starting from (and adding to) its saved corpus.
# Builds build-fuzz/ with clang, the library instrumented (-DDUALSTACK_FUZZ=ON).
# Usage: scripts/fuzz.sh TARGET [SECONDS]   TARGET: a fuzz/TARGET_fuzz.cpp (fuzz/CMakeLists.txt
# builds every fuzz/*_fuzz.cpp; `scripts/fuzz.sh` alone lists them).
# Prints libFuzzer's final stats; a crash leaves crash-* in build-fuzz/artifacts/ and exits 1.
# New inputs go to build-fuzz/new-corpus/TARGET (review, then copy the useful ones into
# fuzz/corpus/TARGET_fuzz, which ctest replays).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=$(cd "$root/fuzz" && ls -- *_fuzz.cpp | sed 's/_fuzz\.cpp$//' | tr '\n' ' ')
if [ $# -lt 1 ]; then
  echo "usage: scripts/fuzz.sh TARGET [SECONDS]   TARGET: ${targets% }" >&2
  exit 2
fi
target=$1
seconds=${2:-600}
build=$root/build-fuzz
[ -f "$root/fuzz/${target}_fuzz.cpp" ] || { echo "fuzz: no fuzz/${target}_fuzz.cpp; targets: ${targets% }" >&2; exit 2; }
CXX=clang++ CC=clang cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDUALSTACK_FUZZ=ON -DDUALSTACK_TESTS=OFF -DDUALSTACK_BENCH=OFF >/dev/null
cmake --build "$build" --target "${target}_fuzz" -j "$(nproc)"
mkdir -p "$build/new-corpus/$target" "$build/artifacts"
cd "$build"
"./fuzz/${target}_fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" \
  "$build/new-corpus/$target" "$root/fuzz/corpus/${target}_fuzz" 2>&1 | grep -vE '^#[0-9]+\s+(NEW|REDUCE)' | tail -25
