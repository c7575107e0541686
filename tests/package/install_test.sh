#!/usr/bin/env bash
# The Debian package as a user gets it: cpack builds it from the build tree, it is unpacked into a
# scratch root (never onto this machine), and the installed files are used as installed:
# `dualstack --version`, `dualstack check` on an installed example, the man page, bash completion.
# Usage: tests/package/install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: install_test.sh BUILD_DIR}" && pwd)
work=$(mktemp -d /tmp/dualstack-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack could not build the package"; }
deb=$(ls "$work"/out/dualstack_*.deb 2>/dev/null | head -1)
[[ -f $deb ]] || { cat "$work/cpack.log"; fail "no dualstack_*.deb in $work/out"; }
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# Control fields: a name, a version, shared-library dependencies found by dpkg-shlibdeps.
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
[[ -n $version ]] || fail "the package has no Version"
[[ $depends == *libc6* ]] || fail "Depends lacks libc6 (dpkg-shlibdeps did not run): '$depends'"
[[ $depends == *libsodium* && $depends == *libcurl* ]] || fail "Depends lacks libsodium/libcurl: '$depends'"

root=$work/root
dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin/dualstack
doc=$root/usr/share/doc/dualstack
[[ -x $bin ]] || fail "no /usr/bin/dualstack in the package"
file "$bin" | grep -q ", stripped" || fail "the installed binary is not stripped: $(file "$bin")"

out=$("$bin" --version)
[[ $out == "dualstack $version" ]] || fail "--version says '$out', the package is $version"

# The installed example checks clean, from the installed docs directory (its relative
# wireguard-ipam.toml must have been installed beside it).
[[ -f $doc/examples/seed/config.toml ]] || fail "examples/seed/config.toml not installed"
"$bin" check "$doc/examples/seed/config.toml" >"$work/check.log" 2>&1 \
  || { cat "$work/check.log"; fail "dualstack check on the installed seed example failed"; }
"$bin" render "$doc/examples/seed/config.toml" -o "$work/render" >/dev/null \
  || fail "dualstack render of the installed seed example failed"
[[ -f $work/render/MANIFEST.json ]] || fail "render wrote no MANIFEST.json"
for f in README.md ARCHITECTURE.md docs/deploy.md docs/lab.md docs/verify.md; do
  [[ -f $doc/$f ]] || fail "$f not installed under /usr/share/doc/dualstack"
done

# --help for every command, and each appears in the man page.
man=$root/usr/share/man/man1/dualstack.1.gz
[[ -f $man ]] || fail "no man page"
gzip -t "$man" || fail "the man page is not valid gzip"
commands=$("$bin" --help | awk '/^Subcommands:/ {s=1; next} s && /^$/ {s=0} s && /^  [a-z]/ {print $1}')
[[ $(wc -w <<<"$commands") -ge 8 ]] || fail "--help lists too few commands: $commands"
for c in $commands; do
  "$bin" "$c" --help >/dev/null || fail "dualstack $c --help failed"
  zcat "$man" | grep -q "^\.SS \"dualstack $c\"" || fail "the man page has no section for '$c'"
done
if command -v groff >/dev/null; then
  warnings=$(zcat "$man" | groff -man -ww -z -Tutf8 2>&1 || true)
  [[ -z $warnings ]] || fail "groff warns about the man page: $warnings"
fi

# Bash completion: installed where bash-completion looks, and it completes from the binary.
comp=$root/usr/share/bash-completion/completions/dualstack
[[ -f $comp ]] || fail "no bash completion"
got=$(bash -c '
  source "$1"
  COMP_WORDS=("$2" lab ""); COMP_CWORD=2; _dualstack; echo "${COMPREPLY[*]}"
  COMP_WORDS=("$2" render x.toml --o); COMP_CWORD=3; _dualstack; echo "${COMPREPLY[*]}"' _ "$comp" "$bin")
[[ $(sed -n 1p <<<"$got") == "up test migrate down" ]] || fail "completion of 'lab ': '$(sed -n 1p <<<"$got")'"
[[ $(sed -n 2p <<<"$got") == "--output --only" ]] || fail "completion of 'render x.toml --o': '$(sed -n 2p <<<"$got")'"
echo "PASS: $(basename "$deb") installs a stripped binary, $(wc -w <<<"$commands") commands with --help and man sections, completion, docs and examples"
