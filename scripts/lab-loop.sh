#!/usr/bin/env bash
# Flake hunt: runs what CI's lab tests run (`lab migrate` and `lab test` on the CI topology) RUNS
# times each (default 20) and prints one line per run, then the tally. A failed run keeps its
# results directory, with the lab's snapshot (daemon logs, birdc, ip addr/route, keepalived's data
# dump) under snapshot/. Needs root.
#
#   sudo scripts/lab-loop.sh                      # 20 x lab migrate, then 20 x lab test
#   RUNS=5 MODE=migrate sudo -E scripts/lab-loop.sh   # MODE: both (default), migrate, test, deploy
#   RUNS=5 MODE=deploy sudo -E scripts/lab-loop.sh    # lab test --deploy ansible (LabDeployEndToEnd)
#   DUALSTACK=build/dualstack RESULTS=/var/tmp/x sudo -E scripts/lab-loop.sh
#
# Exit 0 if every run passed, 1 if one failed, 2 if the lab could not run at all.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
mode=${MODE:-both}
bin=${DUALSTACK:-build/dualstack}
out=${RESULTS:-/var/tmp/dualstack-lab-loop/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
current=""
cleanup() { [[ -n $current ]] && "$bin" lab down --id "$current" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
declare -A kind_passed kind_failed
one_run() {  # one_run KIND I ARGS...: one lab run, its line, its tally
  local kind=$1 i=$2; shift 2
  current=$(printf '%04x' $((RANDOM % 65536)))
  local dir="$out/$kind-$i" start status=0
  start=$(date +%s.%N)
  "$bin" lab "$kind" "$@" --id "$current" --nodes 2 --format json --results "$dir" \
    >"$dir.json" 2>"$dir.log" || status=$?
  current=""
  local took figures
  took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  figures=$(jq -r '[.scenarios | to_entries[] | .key as $k | .value | to_entries[]
                    | select((.value | type) == "object" and .value.outage_s != null)
                    | "\($k).\(.key)=\(.value.outage_s * 1000 | round)ms"] | join(" ")' \
            "$dir.json" 2>/dev/null || true)
  if ((status == 0)); then
    passed=$((passed + 1)); kind_passed[$kind]=$((${kind_passed[$kind]:-0} + 1))
    printf '%-8s %2d  pass  %4ss  %s\n' "$kind" "$i" "$took" "$figures"
    rm -rf "$dir"
  else
    failed=$((failed + 1)); kind_failed[$kind]=$((${kind_failed[$kind]:-0} + 1))
    printf '%-8s %2d  FAIL  %4ss  exit %d  %s\n' "$kind" "$i" "$took" "$status" "$dir"
    jq -r '.scenarios | to_entries[] | .key as $k | .value | to_entries[]
           | select((.value | type) == "object" and .value.passed == false) | .key as $f | .value.checks[]?
           | select(.passed == false) | "           \($k) \($f): \(.check)"' "$dir.json" 2>/dev/null \
      || tail -n 5 "$dir.log" | sed 's/^/           /'
    ((status == 2)) && [[ ! -s $dir.json ]] && { echo "lab-loop: the lab cannot run here"; exit 2; }
  fi
}

if [[ $mode == both || $mode == migrate ]]; then
  for i in $(seq "$runs"); do one_run migrate "$i" tests/lab/ipv4-only.toml tests/lab/config.toml; done
fi
if [[ $mode == both || $mode == test ]]; then
  for i in $(seq "$runs"); do one_run test "$i" tests/lab/config.toml; done
fi
if [[ $mode == deploy ]]; then
  for i in $(seq "$runs"); do one_run test "$i" tests/lab/config.toml --deploy ansible; done
fi
for kind in migrate test; do
  [[ -n ${kind_passed[$kind]:-}${kind_failed[$kind]:-} ]] &&
    echo "lab $kind: ${kind_passed[$kind]:-0} passed, ${kind_failed[$kind]:-0} failed"
done
echo "results: $out (failed runs keep <kind>-<i>/ with snapshot/, <kind>-<i>.json and .log)"
echo "$passed passed, $failed failed"
((failed == 0))
