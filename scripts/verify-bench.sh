#!/usr/bin/env bash
# Benchmarks `dualstack verify --from` on the default synthetic dump (5,000 nodes, 150,000 pods,
# 30,000 services, 30,000 EndpointSlices) against:
#   - the same checks as a jq script (scripts/verify-baseline.jq), the baseline an operator would
#     write; jq runs on a 1/10 dump and its time is scaled by bytes unless JQ_FULL=1;
#   - the floor: reading the same files with read(2) (what any reader pays) plus simdjson alone
#     parsing the same item bytes at its best (iterate_many over the items already in memory);
#     the ratio to simdjson alone without the reading is printed too (the strictest floor);
#   - simdjson on each whole file as one document (a reference) (bench/verify_bench.cpp).
# Prints times, ratios and peak RSS (/usr/bin/time -v), all measured in this one run: wall-clock
# seconds, and CPU seconds (user + system), which stay meaningful on a machine shared with other
# jobs (the ratios are given for both).
#
# Environment: BUILD (build dir, default build-verify), CONFIG (default bench/verify_cluster.toml),
# PODS / SERVICES / SLICES / DEFECTS / SEED, RUNS (verify repetitions, best kept, default 3),
# JQ_FULL=1 (run jq on the full dump), KEEP=DIR (keep the dumps there instead of a temp dir).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-verify}
[[ $build = /* ]] || build=$root/$build
config=${CONFIG:-$root/bench/verify_cluster.toml}
pods=${PODS:-150000}
services=${SERVICES:-30000}
slices=${SLICES:-30000}
defects=${DEFECTS:-50}
seed=${SEED:-1}
runs=${RUNS:-3}
dualstack=$build/dualstack
bench=$build/bench/dualstack_bench
baseline=$root/scripts/verify-baseline.jq
files="nodes.json pods.json services.json endpointslices.json ippools.json configmaps.json daemonsets.json installations.json bgppeers.json"

for tool in "$dualstack" "$bench" /usr/bin/time jq; do
  command -v "$tool" >/dev/null || { echo "verify-bench: missing $tool (build with: cmake --build $build)" >&2; exit 2; }
done

if [[ -n ${KEEP:-} ]]; then
  work=$KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

# Runs "$@" under /usr/bin/time -v; sets $secs (wall), $cpu (user + system) and $rss_mb (peak
# RSS). Output to $out_file.
measure() {
  local out_file=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" > "$out_file" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
  rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$work/time.txt")
}

dump_bytes() {
  local total=0 f
  for f in $files; do total=$((total + $(stat -c %s "$1/$f"))); done
  echo "$total"
}

echo "== generating the default dump ($pods pods, $services services, $slices EndpointSlices, $defects defects)"
measure "$work/gen.txt" "$dualstack" gen-dump "$config" --out "$work/full" --pods "$pods" \
  --services "$services" --endpointslices "$slices" --defects "$defects" --seed "$seed" --quiet
cat "$work/gen.txt"
full_bytes=$(dump_bytes "$work/full")
echo "   gen-dump: ${secs}s, $((full_bytes / 1000000)) MB"

echo "== dualstack verify --from (best of $runs)"
best=""
for _ in $(seq "$runs"); do
  measure "$work/verify.json" "$dualstack" verify "$config" --from "$work/full" --format json --quiet
  if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; best_rss=$rss_mb; fi
  if [[ -z ${best_cpu:-} ]] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
done
verify_secs=$best
verify_cpu=$best_cpu
verify_rss=$best_rss
verify_findings=$(jq '.findings | length' "$work/verify.json")
verify_errors=$(jq '.errors | length' "$work/verify.json")
echo "   ${verify_secs}s (CPU ${verify_cpu}s), peak RSS ${verify_rss} MB, $verify_findings findings, $verify_errors input errors"

echo "== simdjson alone and the ListReader alone (Google Benchmark, best of $runs)"
DUALSTACK_VERIFY_DUMP=$work/full DUALSTACK_VERIFY_CONFIG=$config \
  "$bench" --benchmark_filter='SimdjsonParseItems|SimdjsonOnlyIterateItems|ReadFilesOnly|ListReaderSplitOnly|VerifyDump' \
  --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=false \
  --benchmark_format=json > "$work/bench.json" 2> "$work/bench.err" || { cat "$work/bench.err" >&2; exit 2; }
# Google Benchmark names runs "Name/real_time" (UseRealTime); match the name before the slash.
best_ms() { jq --arg n "$1" --arg t "${2:-real_time}" '[.benchmarks[] | select((.run_name | split("/")[0]) == $n and .run_type == "iteration") | .[$t]] | min' "$work/bench.json"; }
simd_secs=$(awk -v ms="$(best_ms SimdjsonParseItems)" 'BEGIN { printf "%.3f", ms / 1000 }')
whole_secs=$(awk -v ms="$(best_ms SimdjsonOnlyIterateItems)" 'BEGIN { printf "%.3f", ms / 1000 }')
split_secs=$(awk -v ms="$(best_ms ListReaderSplitOnly)" 'BEGIN { printf "%.3f", ms / 1000 }')
inproc_secs=$(awk -v ms="$(best_ms VerifyDump)" 'BEGIN { printf "%.3f", ms / 1000 }')
simd_cpu=$(awk -v ms="$(best_ms SimdjsonParseItems cpu_time)" 'BEGIN { printf "%.3f", ms / 1000 }')
whole_cpu=$(awk -v ms="$(best_ms SimdjsonOnlyIterateItems cpu_time)" 'BEGIN { printf "%.3f", ms / 1000 }')
inproc_cpu=$(awk -v ms="$(best_ms VerifyDump cpu_time)" 'BEGIN { printf "%.3f", ms / 1000 }')
read_secs=$(awk -v ms="$(best_ms ReadFilesOnly)" 'BEGIN { printf "%.3f", ms / 1000 }')
read_cpu=$(awk -v ms="$(best_ms ReadFilesOnly cpu_time)" 'BEGIN { printf "%.3f", ms / 1000 }')
floor_secs=$(awk -v a="$read_secs" -v b="$simd_secs" 'BEGIN { printf "%.3f", a + b }')
floor_cpu=$(awk -v a="$read_cpu" -v b="$simd_cpu" 'BEGIN { printf "%.3f", a + b }')
echo "   simdjson parse items (iterate_many): ${simd_secs}s (CPU ${simd_cpu}s); simdjson whole files: ${whole_secs}s (CPU ${whole_cpu}s); ListReader split only: ${split_secs}s; reading the files only: ${read_secs}s (CPU ${read_cpu}s); verify in-process: ${inproc_secs}s (CPU ${inproc_cpu}s)"

echo "== jq baseline"
if [[ ${JQ_FULL:-0} = 1 ]]; then
  jq_dir=$work/full
  scale_note="full dump"
else
  "$dualstack" gen-dump "$config" --out "$work/tenth" --pods $((pods / 10)) --services $((services / 10)) \
    --endpointslices $((slices / 10)) --defects $((defects / 10)) --seed "$seed" --quiet > /dev/null
  jq_dir=$work/tenth
fi
jq_total=0
jq_cpu_total=0
jq_rss=0
: > "$work/jq-findings.txt"
for f in $files; do
  measure "$work/jq-$f.txt" jq -r --slurpfile plan "$jq_dir/expected.json" --arg file "$f" -f "$baseline" "$jq_dir/$f"
  cat "$work/jq-$f.txt" >> "$work/jq-findings.txt"
  jq_total=$(awk -v a="$jq_total" -v b="$secs" 'BEGIN { print a + b }')
  jq_cpu_total=$(awk -v a="$jq_cpu_total" -v b="$cpu" 'BEGIN { print a + b }')
  (( rss_mb > jq_rss )) && jq_rss=$rss_mb
done
jq_findings=$(wc -l < "$work/jq-findings.txt")
if [[ ${JQ_FULL:-0} = 1 ]]; then
  jq_secs=$jq_total
else
  tenth_bytes=$(dump_bytes "$work/tenth")
  jq_secs=$(awk -v t="$jq_total" -v f="$full_bytes" -v s="$tenth_bytes" 'BEGIN { printf "%.1f", t * f / s }')
  jq_cpu=$(awk -v t="$jq_cpu_total" -v f="$full_bytes" -v s="$tenth_bytes" 'BEGIN { printf "%.1f", t * f / s }')
  scale_note="measured ${jq_total}s on a 1/10 dump ($((tenth_bytes / 1000000)) MB), scaled by bytes x$(awk -v f="$full_bytes" -v s="$tenth_bytes" 'BEGIN { printf "%.2f", f / s }')"
  # Cross-check on the small dump: verify and jq must find the same number of defects.
  "$dualstack" verify "$config" --from "$work/tenth" --format json --quiet > "$work/verify-tenth.json" || true
  echo "   1/10 dump: verify $(jq '.findings | length' "$work/verify-tenth.json") findings, jq $jq_findings findings, defects.json $(jq length "$work/tenth/defects.json")"
fi
echo "   ${jq_secs}s, CPU ${jq_cpu}s ($scale_note), peak RSS ${jq_rss} MB"

echo
echo "== results ($((full_bytes / 1000000)) MB dump, $pods pods)"
printf '  %-34s %10s %10s %12s\n' "" "wall s" "CPU s" "peak RSS MB"
printf '  %-34s %10s %10s %12s\n' "dualstack verify --from" "$verify_secs" "$verify_cpu" "$verify_rss"
printf '  %-34s %10s %10s %12s\n' "jq baseline" "$jq_secs" "$jq_cpu" "$jq_rss"
printf '  %-34s %10s %10s %12s\n' "simdjson alone (items in memory)" "$simd_secs" "$simd_cpu" "-"
printf '  %-34s %10s %10s %12s\n' "reading the files alone (read(2))" "$read_secs" "$read_cpu" "-"
printf '  %-34s %10s %10s %12s\n' "read + simdjson (the floor)" "$floor_secs" "$floor_cpu" "-"
printf '  %-34s %10s %10s %12s\n' "simdjson whole files (reference)" "$whole_secs" "$whole_cpu" "-"
printf '  %-34s %10s %10s %12s\n' "verify in-process (same pipeline)" "$inproc_secs" "$inproc_cpu" "-"
printf '  %-34s %10s %10s %12s\n' "ListReader split alone" "$split_secs" "-" "-"
awk -v v="$verify_secs" -v j="$jq_secs" -v s="$simd_secs" -v vc="$verify_cpu" -v jc="$jq_cpu" -v sc="$simd_cpu" -v r="$verify_rss" \
    -v f="$floor_secs" -v fc="$floor_cpu" 'BEGIN {
  printf "  jq / verify:                      %6.1fx wall, %6.1fx CPU  (goal >= 20x)  %s\n", j / v, jc / vc, (j / v >= 20 && jc / vc >= 20 ? "met" : "NOT MET")
  printf "  verify / (read + simdjson):       %6.2fx wall, %6.2fx CPU  (goal <= 3x)   %s\n", v / f, vc / fc, (v / f <= 3 && vc / fc <= 3 ? "met" : "NOT MET")
  printf "  verify / simdjson on bytes in RAM: %5.2fx wall, %6.2fx CPU  (no I/O at all: the strictest floor)\n", v / s, vc / sc
  printf "  verify peak RSS:         %6d MB (goal < 256)  %s\n", r, (r < 256 ? "met" : "NOT MET")
}'
