#!/usr/bin/env bash
# Installs everything dualstack needs from Debian packages. Idempotent; run as root on a bare
# machine (CI does). Prints only what it installs.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  # libraries
  libtomlplusplus-dev libfmt-dev libcli11-dev nlohmann-json3-dev libexpected-dev
  libsimdjson-dev libyaml-cpp-dev libvalijson-dev libcurl4-openssl-dev libssl-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # real daemons and checkers used by tests and the lab
  bird2 keepalived haproxy nftables wireguard-tools wireguard-go iproute2 iputils-ping
  procps psmisc openssl jq curl
  # deploy: the rendered playbook runs over real SSH in the lab's deploy mode
  ansible ansible-lint openssh-server
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

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
