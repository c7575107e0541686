#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled example: check, plan and render the
# seed's config (examples/seed/config.toml) into out/seed.
# Usage: scripts/run-example.sh [CONFIG]
# Environment (for the script's own test, ctest RunExampleScript): SKIP_BUILD=1 skips setup and
# build, DUALSTACK_BIN names the binary (default build/dualstack), OUT the output root (default out).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then bash scripts/setup.sh; else echo "run-example: not root, skipping package setup"; fi
  # Only the binary: the tests are scripts/test.sh's business.
  bash scripts/build.sh dualstack
fi
bin=${DUALSTACK_BIN:-./build/dualstack}
out=${OUT:-out}
config=${1:-examples/seed/config.toml}
"$bin" check "$config"
"$bin" plan "$config"
# render creates its output directory but not missing parents (a typo should not grow a tree).
mkdir -p "$out"
"$bin" render "$config" -o "$out/$(basename "$(dirname "$config")")"
