#!/usr/bin/env bash
# The tree's habits, checked: clang-format (every C++ file matches .clang-format) and clang-tidy
# (.clang-tidy's checks over the library and the CLI; TIDY=0 skips it, TIDY_FILES limits it).
# Usage: scripts/lint.sh [format|tidy|all]   (default all)
# Fix formatting with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
status=0

if [[ $what == format || $what == all ]]; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
  # One clang-format per batch; its warnings name the files that differ.
  mapfile -t bad < <(printf '%s\0' "${files[@]}" | xargs -0 -P "$(nproc)" -n 64 clang-format --dry-run 2>&1 |
    sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
  if ((${#bad[@]})); then
    echo "lint: ${#bad[@]} of ${#files[@]} files do not match .clang-format:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "lint: fix with: clang-format -i ${bad[*]:0:3}${bad[3]:+ ...}" >&2
    status=1
  else
    echo "lint: clang-format: all ${#files[@]} files match .clang-format"
  fi
fi

if [[ ($what == tidy || $what == all) && ${TIDY:-1} != 0 ]]; then
  # A compile database without precompiled headers (clang cannot read GCC's .gch files):
  # configuring is enough, nothing is built.
  db=${TIDY_BUILD:-build-tidy}
  cmake -S . -B "$db" -G Ninja -DDUALSTACK_PCH=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
  if [[ -n ${TIDY_FILES:-} ]]; then
    read -ra files <<<"$TIDY_FILES"
  else
    mapfile -t files < <(git ls-files 'src/*.cpp')
  fi
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  # One clang-tidy per core; -quiet prints only the findings.
  if printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 8 clang-tidy -quiet -p "$db" >"$log" 2>&1; then
    echo "lint: clang-tidy: ${#files[@]} files pass .clang-tidy"
  else
    grep -E "(warning|error):" "$log" | sort -u >&2 || cat "$log" >&2
    echo "lint: clang-tidy found the defects above (.clang-tidy lists the checks)" >&2
    status=1
  fi
fi
exit $status
