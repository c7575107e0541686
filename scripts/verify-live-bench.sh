#!/usr/bin/env bash
# Benchmarks `dualstack verify --kubeconfig` against a live API server, in one run, beside:
#   - the real kubectl (Debian's kubernetes-client) listing the same cluster,
#     `kubectl get nodes,pods,services,endpointslices -A -o json`, piped into the jq baseline
#     (scripts/verify-baseline.jq --arg file kubectl): what an operator would run;
#   - plain curl fetching exactly the pages verify fetched (the same URLs, continue tokens
#     included, over one kept-alive connection, gzip when the server gzips): the floor.
# The API server is scripts/kube-test-apiserver.py serving a `dualstack gen-dump` cluster (5,000
# nodes, 150,000 pods by default) on loopback the way kube-apiserver does: TLS with a client
# certificate, discovery, `limit`/`continue` pages of compact JSON, gzip when asked (each page's
# gzip is kept after the warm-up listing, so the timed runs measure the clients, not Python's
# zlib), optional per-page delay. Prints wall and CPU seconds (user + system of the client; the
# server's CPU beside it) and peak RSS (/usr/bin/time -v), the ratios against the goals, and the
# findings each side reports. On a machine shared with other jobs the CPU seconds are the
# figures to compare; the load average is printed.
#
# Environment: BUILD (build dir, default build), CONFIG (default bench/verify_cluster.toml),
# PODS / SERVICES / SLICES / DEFECTS / SEED (gen-dump), DUMP=DIR (reuse or create the dump there),
# RUNS (verify and curl repetitions, interleaved, default 5), KUBECTL_RUNS (default 1; 0
# skips kubectl, which takes minutes and several GB on the full cluster),
# PAGE_SIZE (default 500, kubectl's too), GZIP (auto: as kube-apiserver; off), DELAY_MS (server
# pace per page, default 0), KUBECTL (default: Debian's), KEEP=DIR (keep the work files).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
[[ $build = /* ]] || build=$root/$build
config=${CONFIG:-$root/bench/verify_cluster.toml}
pods=${PODS:-150000}
services=${SERVICES:-30000}
slices=${SLICES:-30000}
defects=${DEFECTS:-50}
seed=${SEED:-1}
runs=${RUNS:-5}
kubectl_runs=${KUBECTL_RUNS:-1}
page_size=${PAGE_SIZE:-500}
gzip=${GZIP:-auto}
delay_ms=${DELAY_MS:-0}
dualstack=$build/dualstack
baseline=$root/scripts/verify-baseline.jq

if [[ -z ${KUBECTL:-} ]]; then
  if dpkg-query -S /usr/bin/kubectl 2>/dev/null | grep -q '^kubernetes-client:'; then
    KUBECTL=/usr/bin/kubectl
  elif [[ -x /opt/kubernetes-client/usr/bin/kubectl ]]; then
    KUBECTL=/opt/kubernetes-client/usr/bin/kubectl
  fi
fi
for tool in "$dualstack" /usr/bin/time jq curl python3 "${KUBECTL:-kubectl-from-kubernetes-client}"; do
  command -v "$tool" >/dev/null || {
    echo "verify-live-bench: missing $tool (build with scripts/build.sh; kubectl: scripts/setup.sh installs kubernetes-client)" >&2
    exit 2
  }
done

if [[ -n ${KEEP:-} ]]; then
  work=$KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
fi
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

# Runs "$@" under /usr/bin/time -v; sets $secs (wall), $cpu (user + system), $rss_mb (peak RSS
# of the largest process) and $server_cpu (the API server's CPU seconds meanwhile).
measure() {
  local out_file=$1; shift
  local before; before=$(server_ticks)
  /usr/bin/time -v -o "$work/time.txt" "$@" > "$out_file" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
  rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$work/time.txt")
  server_cpu=$(awk -v a="$before" -v b="$(server_ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
}
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

dump=${DUMP:-$work/dump}
if [[ ! -f $dump/pods.json ]]; then
  echo "== generating the cluster ($pods pods) into $dump"
  "$dualstack" gen-dump "$config" --out "$dump" --pods "$pods" --services "$services" \
    --endpointslices "$slices" --defects "$defects" --seed "$seed" --quiet
fi

echo "== starting scripts/kube-test-apiserver.py (gzip $gzip, delay ${delay_ms} ms per page; the first start compacts the dump once)"
rm -f "$work/port"
python3 "$root/scripts/kube-test-apiserver.py" --dump "$dump" --pki "$work/pki" \
  --kubeconfig "$work/kubeconfig" --port-file "$work/port" --log "$work/requests.jsonl" \
  --gzip "$gzip" --delay-ms "$delay_ms" 2> "$work/server.err" &
server_pid=$!
for _ in $(seq 1 1200); do
  [[ -s $work/port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 2; }
  sleep 0.5
done
[[ -s $work/port ]] || { echo "verify-live-bench: the API server did not start" >&2; exit 2; }
port=$(cat "$work/port")
echo "   https://127.0.0.1:$port, load average $(cut -d' ' -f1-3 /proc/loadavg)"

verify_cmd=("$dualstack" verify "$config" --kubeconfig "$work/kubeconfig" --page-size "$page_size" --format json --quiet)

echo "== warm-up: one verify run (fills the server's gzip cache; its requests are curl's URL list)"
: > "$work/requests.jsonl"
"${verify_cmd[@]}" > "$work/verify.json" || true
python3 - "$work/requests.jsonl" "$port" > "$work/curl.cfg" <<'EOF'
import json, sys, urllib.parse
for line in open(sys.argv[1]):
    r = json.loads(line)
    q = urllib.parse.urlencode(r["query"])
    print(f'url = "https://127.0.0.1:{sys.argv[2]}{r["path"]}{"?" + q if q else ""}"')
    print('output = "/dev/null"')
EOF
pages=$(grep -c '^url' "$work/curl.cfg")
wire_mb=$(jq -s 'map(.bytes) | add / 1000000 | floor' "$work/requests.jsonl")
json_mb=$(cat "$dump"/*.json.items 2>/dev/null | wc -c | awk '{ printf "%d", $1 / 1000000 }')
echo "   $pages requests, ${wire_mb} MB on the wire (${json_mb} MB of compact JSON)"

curl_args=(-s --fail-early -K "$work/curl.cfg" --cacert "$work/pki/ca.crt" --cert "$work/pki/client.crt" --key "$work/pki/client.key")
[[ $gzip = auto ]] && curl_args+=(--compressed)

# verify and curl take turns (verify first in odd runs, curl first in even ones), so a change in
# the machine's load hits both alike; each pair's ratio is taken from two runs seconds apart.
echo "== dualstack verify --kubeconfig (every check) and curl (the same $pages pages, one connection), $runs runs each, interleaved"
: > "$work/runs.txt"
run_verify() {
  measure "$work/verify-run.json" "${verify_cmd[@]}"
  printf '   verify  %6ss  CPU %5ss  RSS %3s MB  server CPU %5ss  load %s\n' "$secs" "$cpu" "$rss_mb" "$server_cpu" "$load"
  echo "verify $secs $cpu $rss_mb $server_cpu" >> "$work/runs.txt"
  cp "$work/verify-run.json" "$work/verify.json"
  (( rss_mb > ${verify_rss:-0} )) && verify_rss=$rss_mb
  return 0
}
run_curl() {
  measure /dev/null curl "${curl_args[@]}"
  printf '   curl    %6ss  CPU %5ss  RSS %3s MB  server CPU %5ss  load %s\n' "$secs" "$cpu" "$rss_mb" "$server_cpu" "$load"
  echo "curl $secs $cpu $rss_mb $server_cpu" >> "$work/runs.txt"
  (( rss_mb > ${curl_rss:-0} )) && curl_rss=$rss_mb
  return 0
}
for i in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if (( i % 2 )); then run_verify; run_curl; else run_curl; run_verify; fi
done
# best, median (wall and CPU) per tool, and the median of the per-pair ratios.
read -r verify_secs verify_median verify_cpu verify_server curl_secs curl_median curl_cpu curl_server \
  pair_wall pair_cpu < <(awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $1 == "verify" { v++; vw[v] = $2; vc[v] = $3; vs[v] = $5 }
  $1 == "curl" { c++; cw[c] = $2; cc[c] = $3; cs[c] = $5 }
  END {
    for (i = 1; i <= v; i++) { rw[i] = vw[i] / cw[i]; rc[i] = vc[i] / cc[i] }
    bv = vw[1]; for (i = 2; i <= v; i++) if (vw[i] < bv) bv = vw[i]
    bc = cw[1]; for (i = 2; i <= c; i++) if (cw[i] < bc) bc = cw[i]
    printf "%.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f\n", bv, median(vw, v), median(vc, v), median(vs, v),
      bc, median(cw, c), median(cc, c), median(cs, c), median(rw, v), median(rc, v)
  }' "$work/runs.txt")
verify_status=$(jq '.summary.exit_status' "$work/verify.json")
verify_findings=$(jq '[.findings[] | select(.kind == "Node" or .kind == "Pod" or .kind == "Service" or .kind == "EndpointSlice")] | length' "$work/verify.json")
verify_all=$(jq '.findings | length' "$work/verify.json")

echo "== $KUBECTL get nodes,pods,services,endpointslices -A -o json | jq -f verify-baseline.jq ($kubectl_runs run(s))"
"$KUBECTL" version --client 2>/dev/null | head -1 | sed 's/^/   /'
best=
for _ in $(seq 1 "$kubectl_runs"); do
  rm -rf "$work/kube-cache"
  measure "$work/jq-findings.txt" bash -c 'set -o pipefail; "$1" --kubeconfig "$2" --cache-dir "$3" --chunk-size "$4" get nodes,pods,services,endpointslices -A -o json | jq -r --slurpfile plan "$5/expected.json" --arg file kubectl -f "$6"' \
    _ "$KUBECTL" "$work/kubeconfig" "$work/kube-cache" "$page_size" "$dump" "$baseline"
  echo "   ${secs}s, CPU ${cpu}s, peak RSS ${rss_mb} MB (the larger of kubectl and jq; server CPU ${server_cpu}s)"
  if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
    best=$secs kubectl_secs=$secs kubectl_cpu=$cpu kubectl_rss=$rss_mb kubectl_server=$server_cpu
  fi
done
jq_findings=$( [[ -f $work/jq-findings.txt ]] && wc -l < "$work/jq-findings.txt" || echo "not run")
: "${kubectl_secs:=nan}" "${kubectl_cpu:=nan}" "${kubectl_rss:=-}" "${kubectl_server:=-}"

echo
echo "== results ($(( $(wc -l < "$dump/nodes.json.items") - 1 )) nodes, $(( $(wc -l < "$dump/pods.json.items") - 1 )) pods, ${json_mb} MB of JSON, ${wire_mb} MB on the wire, gzip $gzip, page size $page_size)"
printf '  %-44s %8s %8s %8s %10s %12s\n' "" "best s" "median s" "CPU s" "server CPU" "peak RSS MB"
printf '  %-44s %8s %8s %8s %10s %12s\n' "dualstack verify --kubeconfig (9 lists)" "$verify_secs" "$verify_median" "$verify_cpu" "$verify_server" "$verify_rss"
printf '  %-44s %8s %8s %8s %10s %12s\n' "kubectl get (4 kinds) | jq baseline" "$kubectl_secs" "-" "$kubectl_cpu" "$kubectl_server" "$kubectl_rss"
printf '  %-44s %8s %8s %8s %10s %12s\n' "curl, the same pages (floor)" "$curl_secs" "$curl_median" "$curl_cpu" "$curl_server" "$curl_rss"
echo "  (verify and curl: $runs interleaved runs each; CPU and server CPU are medians; kubectl: best of $kubectl_runs)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "  kubectl + jq / verify:  $(ratio "$kubectl_secs" "$verify_secs")x wall, $(ratio "$kubectl_cpu" "$verify_cpu")x CPU      (goal: >= 10x wall)"
echo "  verify / curl floor:    $(ratio "$verify_secs" "$curl_secs")x wall (best/best), ${pair_wall}x wall and ${pair_cpu}x CPU (median of the run pairs)      (goal: <= 1.3x)"
echo "  verify peak RSS:        ${verify_rss} MB                     (goal: <= 64 MB)"
echo "  findings: verify $verify_all (exit $verify_status; $verify_findings in nodes/pods/services/endpointslices), jq over kubectl $jq_findings, planted $(jq length "$dump/defects.json")"
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
