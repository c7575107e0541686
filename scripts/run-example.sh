#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled example: check, plan and render the
# seed's config (examples/seed/config.toml) into out/seed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then bash scripts/setup.sh; else echo "run-example: not root, skipping package setup"; fi
bash scripts/build.sh
config=${1:-examples/seed/config.toml}
./build/dualstack check "$config"
./build/dualstack plan "$config"
# render creates its output directory but not missing parents (a typo should not grow a tree).
mkdir -p out
./build/dualstack render "$config" -o out/"$(basename "$(dirname "$config")")"

