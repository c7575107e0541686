#!/bin/sh
# Rewrites tests/golden/<example>/ for examples/seed, yaook-default, ipv6-only, ipv6-primary and api-name-loadbalancer from the current
# renderers: runs the golden test with DUALSTACK_REGENERATE_GOLDEN=1. Review `git diff tests/golden`.
# Usage: scripts/regenerate-golden.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
if [ ! -x "$build/tests/dualstack_tests" ]; then
  echo "regenerate-golden: $build/tests/dualstack_tests not found; build first (cmake --build $build)" >&2
  exit 2
fi
cmake --build "$build" --target dualstack dualstack_tests
cd "$root"
DUALSTACK_REGENERATE_GOLDEN=1 "$build/tests/dualstack_tests" --gtest_filter='Golden/GoldenTree.RenderMatchesTheGoldenTree/*'
echo "regenerate-golden: review the changes with: git diff --stat tests/golden"
