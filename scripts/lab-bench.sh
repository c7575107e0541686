#!/usr/bin/env bash
# Failover benchmark: every failover figure of the lab as a median of RUNS runs (default 5), for
# both kinds of WireGuard peer, per family, beside its goal (issue 12, docs/lab.md "Figures"): the
# operator's laptop roaming behind a home NAT (the gateways learn its endpoint only when it dials
# in) and, when the config has a second [[wireguard.peers]] entry, a site-to-site peer with a
# fixed endpoint in the same lab. Per lab (CLIENTS, default "roaming"; "fixed" makes the laptop a
# fixed peer instead): RUNS x scenarios 3 (SIGKILL + failback), 4 (node BGP restart), 5
# (partition + heal), 8 (stall 0.3 s / 1 s), then SOAK_RUNS x scenario 9 (60 s of saturated CPUs
# and 1% loss). Needs root.
#
#   sudo scripts/lab-bench.sh [CONFIG]        # default examples/seed/config.toml
#   RUNS=5 SOAK_RUNS=1 CLIENTS=roaming NODES=4 GATEWAYS=3 DUALSTACK=build/dualstack \
#     sudo -E scripts/lab-bench.sh
#   REPORT_ONLY=/var/tmp/dualstack-lab-bench/<id> scripts/lab-bench.sh   # the table of a past run
#
# Exit 0 if every goal is met, 1 if not, 2 if a lab could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-examples/seed/config.toml}
runs=${RUNS:-5}
soak_runs=${SOAK_RUNS:-1}
nodes=${NODES:-4}
clients=${CLIENTS:-roaming}
bin=${DUALSTACK:-build/dualstack}
stamp=$(printf '%04x' $((RANDOM % 65536)))
out=${REPORT_ONLY:-${RESULTS:-/var/tmp/dualstack-lab-bench/$stamp}}
mkdir -p "$out"
gateway_args=()
[[ -n ${GATEWAYS:-} ]] && gateway_args=(--gateways "$GATEWAYS")

id=''
trap '[[ -n $id ]] && "$bin" lab down --id "$id" >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

for client in $clients; do
  [[ -n ${REPORT_ONLY:-} ]] && break
  id=$(printf '%04x' $((RANDOM % 65536)))
  "$bin" lab up "$config" --id "$id" --nodes "$nodes" --client "$client" "${gateway_args[@]}" >&2 || exit 2
  for i in $(seq "$runs"); do
    echo "lab-bench: $client client, run $i of $runs" >&2
    "$bin" lab test "$config" --id "$id" --scenario 3 --scenario 4 --scenario 5 --scenario 8 \
      --format json --results "$out/$client-run$i" >"$out/$client-run$i.json" || true
  done
  for i in $(seq "$soak_runs"); do
    echo "lab-bench: $client client, soak $i of $soak_runs" >&2
    "$bin" lab test "$config" --id "$id" --scenario 9 --format json --results "$out/$client-soak$i" \
      >"$out/$client-soak$i.json" || true
  done
  "$bin" lab down --id "$id" >/dev/null 2>&1 || true
  id=''
done

# median / max of the numbers on stdin ("-" if none)
median() { { grep . || true; } | sort -n | awk '{a[NR]=$1} END {if (!NR) print "-"; else if (NR%2) printf "%.3f\n", a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
maximum() { { grep . || true; } | sort -n | awk 'END {if (!NR) print "-"; else printf "%.3f\n", $1}'; }
values() {  # values FILES-GLOB FAMILY JQ-PATH: that figure of every run, one per line
  local glob=$1 fam=$2 path=$3
  for f in $glob; do [[ -s $f ]] && jq -r --arg fam "$fam" "(.scenarios${path}) // empty" "$f" 2>/dev/null; done
  return 0
}

status=0
row() {  # row CLIENT FAMILY LABEL GLOB JQ-PATH STAT OP GOAL
  local client=$1 fam=$2 label=$3 glob=$4 path=$5 stat=$6 op=$7 goal=$8
  local all v met
  all=$(values "$glob" "$fam" "$path")
  v=$($stat <<<"$all")
  if [[ $v == - ]]; then met=NO; status=1
  else  # a negative figure is "did not recover"
    met=$(awk -v v="$v" -v g="$goal" -v op="$op" 'BEGIN { ok = v >= 0 && ((op == "<=") ? v <= g : v == g); print ok ? "yes" : "NO" }')
    [[ $met == yes ]] || status=1
  fi
  printf '| %-7s | %-4s | %-44s | %-8s | %-6s %-5s | %-3s | %s |\n' "$client" "$fam" "$label" "$v" "$op" "$goal" "$met" \
    "$(echo $all | xargs -r printf '%.3f ' | sed 's/ $//')"
}

# rows LABEL LAB FAMILY P: the figures of one kind of peer; P is "" for the lab's client and
# "site" for the fixed-endpoint site peer beside a roaming client.
rows() {
  local label=$1 lab=$2 fam=$3 p=$4
  local runs_glob="$out/$lab-run*.json" soak_glob="$out/$lab-soak*.json"
  local goal=1.0 kill=.outage_s back=.lost node=.lost stall=.outage_s
  [[ $label == fixed* ]] && goal=0.5
  if [[ $p == site ]]; then kill=.fixed_peer.outage_s back=.fixed_peer_lost node=.fixed_peer_lost stall=.fixed_peer_outage_s; fi
  [[ -n $(values "$runs_glob" "$fam" ".lb_master_failure[\$fam]$kill") ]] || return 0
  row "$label" "$fam" "SIGKILL outage_s (median)"               "$runs_glob" ".lb_master_failure[\$fam]$kill" median '<=' "$goal"
  row "$label" "$fam" "failback probes lost (max)"              "$runs_glob" ".lb_master_failure[\$fam].failback$back" maximum '==' 0
  row "$label" "$fam" "partition outage_s (median)"             "$runs_glob" ".partition[\$fam]$kill" median '<=' "$goal"
  row "$label" "$fam" "heal probes lost (max)"                  "$runs_glob" ".partition[\$fam].heal$back" maximum '==' 0
  row "$label" "$fam" "node BGP restart probes lost (max)"      "$runs_glob" ".node_bgp_restart[\$fam]$node" maximum '==' 0
  row "$label" "$fam" "stall 0.3 s outage_s (median)"           "$runs_glob" ".master_stall[\$fam][\"stall-0.3s\"]$stall" median '<=' 1.3
  row "$label" "$fam" "stall 1 s outage_s (median)"             "$runs_glob" ".master_stall[\$fam][\"stall-1.0s\"]$stall" median '<=' 2.0
  row "$label" "$fam" "stall: two masters after resume, s (max)" "$runs_glob" '.master_stall[$fam] | [.["stall-0.3s"].dual_masters_s, .["stall-1.0s"].dual_masters_s] | max' maximum '<=' 0.1
  row "$label" "$fam" "soak: VRRP state changes (max)"          "$soak_glob" '.soak[$fam].vrrp_changes' maximum '==' 0
}

printf '| %-7s | %-4s | %-44s | %-8s | %-12s | %-3s | %s |\n' peer fam figure value goal met "all runs"
printf '|---|---|---|---|---|---|---|\n'
for client in $clients; do
  for fam in ipv4 ipv6; do
    rows "$client" "$client" "$fam" ""
    [[ $client == roaming ]] && rows "fixed" "$client" "$fam" site
  done
done
echo
echo "results: $out (<client>-run<i>.json and <client>-run<i>/*.svg, <client>-soak<i>.json)"
((status == 0)) && echo "goals met" || echo "goals NOT met"
exit "$status"
