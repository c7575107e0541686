#!/usr/bin/env bash
# Failover against node count: runs the lab's scenario 3 (SIGKILL of the VRRP master) on the seed
# example grown to N k8s nodes (3 masters, N-3 workers, 3 gateways) and prints per family the
# data-plane outage (client -> pod), the time until every node's BGP session with the new master
# is Established, and the new master's BIRD: CPU seconds spent from the kill to the end of the
# watch, resident memory. A benchmark, not a test: it prints figures and fails only when a run
# does not produce them.
#   sudo scripts/lab-scale-bench.sh                 # NODES="4 16 64", RUNS=1
#   NODES="4 64" RUNS=3 sudo -E scripts/lab-scale-bench.sh
# With RUNS > 1 it ends with the median of each figure per node count and family: the session
# figure depends on where each node's keepalive timer stands at the kill, so one run says little.
# The lab takes at most 128 nodes (`lab --nodes`; NODES=128 works on this 2-core machine and
# saturates it); a 64-node lab is 136 network namespaces, 67 BIRDs and 64 pods.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
[[ $build = /* ]] || build=$root/$build
nodes_list=${NODES:-4 16 64}
runs=${RUNS:-1}
work=$(mktemp -d /tmp/dualstack-scale-XXXXXX)
trap 'rm -rf "$work"' EXIT

printf '%-6s %-4s %-5s %10s %14s %12s %10s\n' nodes run fam outage_s established_s bird_cpu_s bird_rss_kb
for n in $nodes_list; do
  ((n >= 4)) || { echo "lab-scale-bench: $n nodes: the seed has 3 masters, give at least 4" >&2; exit 2; }
  cfg=$work/seed-$n.toml
  sed "s/^workers = .*/workers = $((n - 3))/" "$root/examples/seed/config.toml" >"$cfg"
  cp "$root/examples/seed/wireguard-ipam.toml" "$work/" 2>/dev/null || true
  for ((i = 1; i <= runs; i++)); do
    out=$work/seed-$n-$i.json
    "$build/dualstack" lab test "$cfg" --nodes "$n" --scenario 3 --format json >"$out" 2>"$work/seed-$n-$i.log" || true
    for fam in ipv4 ipv6; do
      row=$(jq -r --arg f "$fam" '.scenarios.lb_master_failure[$f]
        | [(.outage_s // "-"), (.sessions_established_s // "-"), (.new_master_bird_cpu_s // "-"), (.new_master_bird_rss_kb // "-")]
        | map(if type == "number" then (. * 1000 | round / 1000 | tostring) else . end) | join(" ")' "$out" 2>/dev/null) ||
        { echo "lab-scale-bench: $n nodes, run $i gave no result; log:" >&2; tail -5 "$work/seed-$n-$i.log" >&2; exit 1; }
      read -r outage established cpu rss <<<"$row"
      printf '%-6s %-4s %-5s %10s %14s %12s %10s\n' "$n" "$i" "$fam" "$outage" "$established" "$cpu" "$rss" |
        tee -a "$work/rows"
    done
  done
done
if ((runs > 1)); then
  echo "medians of $runs runs:"
  printf '%-6s %-4s %-5s %10s %14s %12s %10s\n' nodes run fam outage_s established_s bird_cpu_s bird_rss_kb
  for n in $nodes_list; do
    for fam in ipv4 ipv6; do
      median() { awk -v n="$n" -v f="$fam" -v c="$1" '$1 == n && $3 == f && $c != "-" { print $c }' "$work/rows" |
        sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
      printf '%-6s %-4s %-5s %10s %14s %12s %10s\n' "$n" med "$fam" "$(median 4)" "$(median 5)" "$(median 6)" "$(median 7)"
    done
  done
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
