#!/usr/bin/env bash
# Failover benchmark: runs lab scenario 3 (SIGKILL of the LB master, then failback) RUNS times
# (default 5) on one lab and prints the medians per family. Goal: outage <= 1.0 s per family
# with the timers `render` writes by default, and zero-loss failback. Needs root.
#
#   sudo scripts/lab-bench.sh [CONFIG]        # default examples/seed/config.toml
#   RUNS=5 NODES=4 GATEWAYS=3 DUALSTACK=build/dualstack sudo -E scripts/lab-bench.sh
#
# Exit 0 if the goals are met, 1 if not, 2 if the lab could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-examples/seed/config.toml}
runs=${RUNS:-5}
nodes=${NODES:-4}
bin=${DUALSTACK:-build/dualstack}
id=$(printf '%04x' $((RANDOM % 65536)))
out=${RESULTS:-/var/tmp/dualstack-lab-bench/$id}
mkdir -p "$out"
gateway_args=()
[[ -n ${GATEWAYS:-} ]] && gateway_args=(--gateways "$GATEWAYS")

trap '"$bin" lab down --id "$id" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

"$bin" lab up "$config" --id "$id" --nodes "$nodes" "${gateway_args[@]}" || exit 2
for i in $(seq "$runs"); do
  echo "lab-bench: run $i of $runs" >&2
  "$bin" lab test "$config" --id "$id" --scenario 3 --format json --results "$out/run$i" >"$out/run$i.json" || true
done

# median of the numbers on stdin ("-" if none)
median() { sort -n | awk '{a[NR]=$1} END {if (!NR) print "-"; else if (NR%2) printf "%.3f\n", a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
figure() {  # figure FAMILY JQ-PATH: that figure of every run, one per line
  for f in "$out"/run*.json; do jq -r --arg fam "$1" ".scenarios.lb_master_failure[\$fam]$2 // empty" "$f"; done
}

status=0
printf '%-6s %-28s %-28s %s\n' family "outage_s median (all)" "failback lost median (all)" "runs passed"
for fam in ipv4 ipv6; do
  outages=$(figure "$fam" .outage_s)
  lost=$(figure "$fam" .failback.lost)
  passed=$(for f in "$out"/run*.json; do jq -r --arg fam "$fam" '.scenarios.lb_master_failure[$fam].passed' "$f"; done | grep -c true || true)
  [[ -z $outages ]] && { printf '%-6s (no figures: see %s)\n' "$fam" "$out"; status=1; continue; }
  m=$(median <<<"$outages"); l=$(median <<<"$lost")
  printf '%-6s %-28s %-28s %s/%s\n' "$fam" "$m ($(echo $outages | xargs printf '%.3f '))" "$l ($(echo $lost))" "$passed" "$runs"
  awk -v m="$m" -v l="$l" 'BEGIN { exit !(m <= 1.0 && l == 0) }' || status=1
done
echo "results: $out (run<i>.json, run<i>/failover.svg)"
((status == 0)) && echo "goals met: outage <= 1.0 s per family, zero-loss failback" || echo "goals NOT met"
exit "$status"
