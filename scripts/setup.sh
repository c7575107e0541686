#!/usr/bin/env bash
# Installs everything dualstack needs from Debian packages. Idempotent; run as root on a bare
# machine (CI does). Prints only what it installs.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  # habits: formatting and lint (scripts/lint.sh); the package test (dpkg-shlibdeps, file, groff)
  clang-format clang-tidy dpkg-dev file groff-base
  # libraries
  libtomlplusplus-dev libfmt-dev libcli11-dev nlohmann-json3-dev libexpected-dev
  libsimdjson-dev libyaml-cpp-dev libvalijson-dev libcurl4-openssl-dev libssl-dev libsodium-dev
  libdeflate-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # real daemons and checkers used by tests and the lab
  bird2 keepalived haproxy nftables wireguard-tools wireguard-go iproute2 iputils-ping
  procps psmisc openssl jq curl
  # deploy: the rendered playbook runs over real SSH in the lab's deploy mode
  ansible ansible-lint openssh-server
  # verify: kubectl beside `verify --kubeconfig` (same kubeconfig test, scripts/verify-live-bench.sh)
  kubernetes-client
)

missing=()
unpack_kubectl=0
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  # Where another package owns /usr/bin/kubectl (the Google Cloud SDK's `kubectl`), dpkg refuses
  # kubernetes-client; its files are unpacked to /opt/kubernetes-client instead, where the tests
  # and the benchmark look for Debian's kubectl.
  if [[ $p = kubernetes-client ]] && dpkg-query -S /usr/bin/kubectl >/dev/null 2>&1; then
    [[ -x /opt/kubernetes-client/usr/bin/kubectl ]] || unpack_kubectl=1
    continue
  fi
  missing+=("$p")
done
if ((unpack_kubectl)); then
  echo "setup: unpacking kubernetes-client into /opt/kubernetes-client (/usr/bin/kubectl belongs to another package)"
  deb_dir=$(mktemp -d)
  (cd "$deb_dir" && apt-get download -qq kubernetes-client 2>/dev/null) || { apt-get update -qq; (cd "$deb_dir" && apt-get download -qq kubernetes-client); }
  dpkg-deb -x "$deb_dir"/kubernetes-client_*.deb /opt/kubernetes-client
  rm -rf "$deb_dir"
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Daemons must not start on their own: tests and the lab start their own copies.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all packages present"
