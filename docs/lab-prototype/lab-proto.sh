#!/usr/bin/env bash
# lab-proto.sh -- bash prototype of the future `dualstack lab` command.
#
# Builds a dual-stack yaook-k8s style gateway/node topology out of network
# namespaces (all named dsp-*), runs the real daemons (BIRD 2, keepalived,
# HAProxy, wireguard-go) with the hand-written configs in files/<host>/, and
# measures VRRP/BGP/WireGuard failover.
#
#   lab-proto.sh up                 build the lab and wait for convergence
#   lab-proto.sh test [N]           converged + reachability checks, N (default 5)
#                                   SIGKILL failovers with zero-loss failback,
#                                   one link-down partition; prints medians
#   lab-proto.sh down               remove exactly what `up` made
#   lab-proto.sh run [N]            up + test + down
#   lab-proto.sh status             VRRP/BGP state overview
#   source lab-proto.sh lib         load the helpers into an interactive shell
#
# Experiment knobs (environment, read by `up`/`run`): ADVERT_INT=0.05,
# PREEMPT_DELAY=3 (instead of nopreempt), IBGP=0 (no gateway<->gateway iBGP),
# CRASH=procs (SIGKILL only, the gateway's kernel lives on with the VIPs;
# default CRASH=box also cuts its switch ports), PROBE_INTERVAL=0.01.
# DSP_RUN=/run/dsp-proto (run dir).
#
# Everything the lab starts carries DSP_LAB_TAG=<random> in its environment
# and writes a pid file under $RUN; `down` only ever signals processes whose
# pid file it wrote AND whose environment carries the tag.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FILES=$HERE/files
RUN=${DSP_RUN:-/run/dsp-proto}
NS_PREFIX=dsp-
HOSTS=(sw client gw0 gw1 m0 w0 pod-m0 pod-w0)
WG_IFS=(dspwg0 dspwg1 dspwgc)          # unique machine-wide (shared /var/run/wireguard)
PROBE_INTERVAL=${PROBE_INTERVAL:-0.01}  # ping interval of the failover probes (s)

# addressing (seed / yaook defaults)
VIP4=172.30.154.2 VIP6=fd00::2 PUB_VIP=198.51.100.2
declare -A GW_V4=([gw0]=172.30.154.10 [gw1]=172.30.154.11)
declare -A GW_V6=([gw0]=fd00::a [gw1]=fd00::b)
declare -A GW_WG=([gw0]=dspwg0 [gw1]=dspwg1)
declare -A NODE_V4=([m0]=172.30.154.20 [w0]=172.30.154.21)
declare -A NODE_V6=([m0]=fd00::14 [w0]=fd00::15)
declare -A POD_V4=([m0]=10.244.0.2 [w0]=10.244.0.66)
declare -A POD_V6=([m0]=fdff:2::2 [w0]=fdff:2::42)
declare -A BLOCK_V4=([m0]=10.244.0.0/26 [w0]=10.244.0.64/26)
declare -A BLOCK_V6=([m0]=fdff:2::/122 [w0]=fdff:2::40/122)
CLIENT_PUB=198.51.100.100 CLIENT_WG4=172.30.153.66 CLIENT_WG6=fd01::2
WG_RANGE4=172.30.153.64/26 WG_RANGE6=fd01::/120
CLIENT_ROUTES=(172.30.153.64/26 fd01::/120 172.30.154.0/24 fd00::/120 10.244.0.0/16 fdff:2::/56)

log()  { printf '[%s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }
nsx()  { local h=$1; shift; ip netns exec "${NS_PREFIX}$h" "$@"; }
now()  { date +%s.%N; }

# ---------------------------------------------------------------- processes
# spawn HOST NAME CMD... : run CMD in the background inside HOST's namespace,
# record its pid in $RUN/HOST/NAME.pid (for daemons that fork, the daemon
# writes its own pid file and we do not use this helper).
spawn() {
  local h=$1 name=$2; shift 2
  # a plain backgrounded command (not a function) so that $! is the daemon:
  # ip netns exec and env both exec() into it
  ip netns exec "${NS_PREFIX}$h" "$@" >>"$RUN/$h/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$h/$name.pid"
  disown $!   # no "Killed" job reports when a scenario SIGKILLs it
}

# ours PID : true if PID is alive and carries our tag
ours() {
  local pid=$1
  [[ -n $pid && -r /proc/$pid/environ ]] || return 1
  # grep -z reads the NUL-separated environ directly (a "tr | grep -q" pipe
  # fails at random under pipefail when grep exits first: SIGPIPE)
  grep -qzx "DSP_LAB_TAG=$DSP_LAB_TAG" /proc/"$pid"/environ 2>/dev/null
}

# killpidfile FILE SIGNAL : signal the pid in FILE if it is ours
killpidfile() {
  local f=$1 sig=${2:-TERM} pid
  [[ -s $f ]] || return 0
  pid=$(head -n1 "$f" | tr -dc 0-9)
  if ours "$pid"; then kill -s "$sig" "$pid" 2>/dev/null || true; fi
}

wait_gone() {  # wait_gone PIDFILE... : up to 3 s for the processes to exit
  local i f pid alive
  for i in $(seq 30); do
    alive=0
    for f in "$@"; do
      [[ -s $f ]] || continue
      pid=$(head -n1 "$f" | tr -dc 0-9)
      ours "$pid" && alive=1
    done
    ((alive)) || return 0
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- topology
mk_ns() {
  local h=$1 ns=${NS_PREFIX}$1
  ip netns add "$ns"
  echo "$ns" >>"$RUN/netns.list"
  nsx "$h" ip link set lo up
  # IPv6 usable at once (VRRPv3 over IPv6 and BGP need it); no RAs
  nsx "$h" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}

# veth HOST_A IF_A HOST_B IF_B  (both ends created directly in their namespaces)
veth() {
  ip link add "$2" netns "${NS_PREFIX}$1" type veth peer name "$4" netns "${NS_PREFIX}$3"
}

port() {  # port IF BRIDGE : attach a switch-side veth end to a bridge
  nsx sw ip link set "$1" master "$2"
  nsx sw ip link set "$1" up
}

build_topology() {
  local h
  for h in "${HOSTS[@]}"; do mk_ns "$h"; done

  # switch namespace: the "public" network and the cluster network.  The
  # cluster bridge also carries the OpenStack router address .1 / fd00::1
  # (no forwarding: a node without a BGP route to the WG ranges blackholes).
  for h in br-pub br-clu; do
    nsx sw ip link add "$h" type bridge stp_state 0 forward_delay 0 mcast_snooping 0
    nsx sw ip link set "$h" up
  done
  nsx sw ip addr add 172.30.154.1/24 dev br-clu
  nsx sw ip addr add fd00::1/120 dev br-clu nodad

  # operator laptop on the public network
  veth client eth-pub sw cl-pub; port cl-pub br-pub
  nsx client ip addr add "$CLIENT_PUB/24" dev eth-pub
  nsx client ip link set eth-pub up

  for h in gw0 gw1; do
    veth "$h" eth-pub sw "$h-pub"; port "$h-pub" br-pub
    veth "$h" eth-clu sw "$h-clu"; port "$h-clu" br-clu
    # eth-pub carries ONLY the floating address (added by keepalived), so
    # wireguard-go's handshakes always leave from 198.51.100.2
    nsx "$h" ip addr add "${GW_V4[$h]}/24" dev eth-clu
    nsx "$h" ip addr add "${GW_V6[$h]}/120" dev eth-clu nodad
    nsx "$h" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
      net.ipv4.ip_nonlocal_bind=1 net.ipv6.ip_nonlocal_bind=1
    nsx "$h" ip link set eth-pub up
    nsx "$h" ip link set eth-clu up
  done

  for h in m0 w0; do
    veth "$h" eth0 sw "$h-clu"; port "$h-clu" br-clu
    nsx "$h" ip addr add "${NODE_V4[$h]}/24" dev eth0
    nsx "$h" ip addr add "${NODE_V6[$h]}/120" dev eth0 nodad
    nsx "$h" ip link set eth0 up
    nsx "$h" ip route add default via 172.30.154.1
    nsx "$h" ip -6 route add default via fd00::1
    nsx "$h" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
    # one pod per node, wired the way Calico does it: /32 + /128 on the pod,
    # host side veth with MAC ee:ee:ee:ee:ee:ee, proxy ARP, pod default
    # routes via 169.254.1.1 and the host veth's link-local address
    veth "pod-$h" eth0 "$h" calipod0
    nsx "$h" ip link set calipod0 address ee:ee:ee:ee:ee:ee
    nsx "$h" sysctl -qw net.ipv4.conf.calipod0.proxy_arp=1
    nsx "$h" ip link set calipod0 up
    nsx "$h" ip route add "${POD_V4[$h]}/32" dev calipod0
    nsx "$h" ip -6 route add "${POD_V6[$h]}/128" dev calipod0
    nsx "pod-$h" ip addr add "${POD_V4[$h]}/32" dev eth0
    nsx "pod-$h" ip addr add "${POD_V6[$h]}/128" dev eth0 nodad
    nsx "pod-$h" ip link set eth0 up
    nsx "pod-$h" ip route add 169.254.1.1 dev eth0 scope link
    nsx "pod-$h" ip route add default via 169.254.1.1 dev eth0
    nsx "pod-$h" ip -6 route add default via fe80::ecee:eeff:feee:eeee dev eth0
  done
}

# ---------------------------------------------------------------- configs
render_configs() {
  local h f out sk spub ck cpub
  (umask 077; mkdir -p "$RUN/keys")
  sk=$(wg genkey); spub=$(wg pubkey <<<"$sk")
  ck=$(wg genkey); cpub=$(wg pubkey <<<"$ck")
  for h in gw0 gw1 m0 w0 client; do
    mkdir -p "$RUN/$h"
    for f in "$FILES/$h"/*; do
      out=$RUN/$h/$(basename "$f")
      (umask 077; sed -e "s|@RUN@|$RUN|g" \
          -e "s|@WG_SERVER_PRIVATE_KEY@|$sk|" -e "s|@WG_SERVER_PUBLIC_KEY@|$spub|" \
          -e "s|@WG_CLIENT_PRIVATE_KEY@|$ck|" -e "s|@WG_CLIENT_PUBLIC_KEY@|$cpub|" \
          "$f" >"$out")
      [[ -x $f ]] && chmod 700 "$out"
    done
  done
  for h in pod-m0 pod-w0 sw; do mkdir -p "$RUN/$h"; done

  # experiment knobs: render-time edits of the copies in $RUN (files/ stays
  # the reference).  ADVERT_INT=<s>, PREEMPT_DELAY=<s> (instead of
  # nopreempt), IBGP=0 (no gateway<->gateway iBGP = the plain yaook shape)
  if [[ -n ${ADVERT_INT:-} ]]; then
    sed -i "s/^\(  advert_int \).*/\1$ADVERT_INT/" "$RUN"/gw?/keepalived.conf
  fi
  if [[ -n ${PREEMPT_DELAY:-} ]]; then
    sed -E -i "s/^  nopreempt( .*)?$/  preempt_delay $PREEMPT_DELAY/" "$RUN"/gw?/keepalived.conf
  fi
  if [[ ${IBGP:-1} == 0 ]]; then
    sed -i 's/^template bgp gw_peer {$/&\n  disabled;/' "$RUN"/gw?/bird.conf
  fi
  printf 'ADVERT_INT=%s\nPREEMPT_DELAY=%s\nIBGP=%s\nCRASH=%s\n' \
    "$(awk '/^  advert_int/{print $2; exit}' "$RUN/gw0/keepalived.conf")" "${PREEMPT_DELAY:-}" "${IBGP:-1}" \
    "${CRASH:-box}" >"$RUN/knobs"

  # validate everything before starting anything
  for h in gw0 gw1 m0 w0; do
    bird -p -c "$RUN/$h/bird.conf" || die "bird -p failed for $h"
  done
  for h in gw0 gw1; do
    # keepalived -t checks interface names: run it inside the gateway namespace
    nsx "$h" keepalived -t -f "$RUN/$h/keepalived.conf" >"$RUN/$h/keepalived-t.log" 2>&1 \
      || { cat "$RUN/$h/keepalived-t.log" >&2; die "keepalived -t failed for $h"; }
    haproxy -c -q -f "$RUN/$h/haproxy.cfg" || die "haproxy -c failed for $h"
    wg-quick strip "$RUN/$h/${GW_WG[$h]}.conf" >"$RUN/$h/${GW_WG[$h]}.stripped.conf"
  done
  wg-quick strip "$RUN/client/dspwgc.conf" >"$RUN/client/dspwgc.stripped.conf"

  # TLS material of the API stub
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=dsp-m0 -addext "subjectAltName=IP:$VIP4,IP:$VIP6,IP:${NODE_V4[m0]},IP:${NODE_V6[m0]}" \
    -keyout "$RUN/m0/apiserver.key" -out "$RUN/m0/apiserver.crt" 2>/dev/null
}

# ---------------------------------------------------------------- daemons
start_wg() {  # start_wg HOST IF ADDR4 ADDR6
  local h=$1 ifn=$2 i
  [[ -e /var/run/wireguard/$ifn.sock ]] && die "/var/run/wireguard/$ifn.sock exists (another wireguard-go?)"
  # -f: stay in the foreground so $! is the daemon's pid; LOG_LEVEL=error
  # keeps 100 pps probes out of the log
  spawn "$h" wireguard-go env LOG_LEVEL=error WG_PROCESS_FOREGROUND=1 wireguard-go -f "$ifn"
  for i in $(seq 50); do [[ -S /var/run/wireguard/$ifn.sock ]] && break; sleep 0.1; done
  [[ -S /var/run/wireguard/$ifn.sock ]] || die "wireguard-go $ifn did not come up"
  nsx "$h" wg setconf "$ifn" "$RUN/$h/$ifn.stripped.conf"
  nsx "$h" ip addr add "$3" dev "$ifn"
  nsx "$h" ip addr add "$4" dev "$ifn" nodad
  nsx "$h" ip link set "$ifn" up
}

start_bird() {
  nsx "$1" bird -c "$RUN/$1/bird.conf" -s "$RUN/$1/bird.ctl" -P "$RUN/$1/bird.pid"
}

start_gateway() {  # everything of one gateway; keepalived last
  local h=$1
  start_wg "$h" "${GW_WG[$h]}" 172.30.153.65/26 fd01::1/120
  start_bird "$h"
  nsx "$h" haproxy -D -p "$RUN/$h/haproxy.pid" -f "$RUN/$h/haproxy.cfg"
  # -P vrrp only, -n no fork (so $! is the parent), -l -D -G log to stdout in
  # detail and not to syslog, -p/-r own pid files (several keepalived on one
  # machine), -f config
  spawn "$h" keepalived keepalived -P -n -l -D -G -f "$RUN/$h/keepalived.conf" \
    -p "$RUN/$h/keepalived.main.pid" -r "$RUN/$h/keepalived-vrrp.pid"
}

start_all() {
  start_wg client dspwgc "$CLIENT_WG4/32" "$CLIENT_WG6/128"
  local r
  for r in "${CLIENT_ROUTES[@]}"; do nsx client ip route add "$r" dev dspwgc; done
  start_bird m0
  start_bird w0
  spawn m0 apiserver-stub python3 "$RUN/m0/apiserver-stub.py" "$RUN/m0/apiserver.crt" "$RUN/m0/apiserver.key"
  start_gateway gw0
  sleep 0.5          # gw0 (priority 150) becomes the first master
  start_gateway gw1
}

# SIGKILL every daemon of a gateway in ONE kill(1) call (pids validated
# first, so the crash is instantaneous), VRRP child first: if the keepalived
# parent died first, the child would shut down gracefully (priority-0 advert,
# VIPs released) instead of crashing.  Prints the time of the kill.
#   CRASH=box (default): the whole gateway dies: the same instant its two
#     switch ports go dark, so its live kernel (which still holds the VIPs,
#     see below) can no longer answer or send anything -- like a dead VM.
#   CRASH=procs: only the processes die; the kernel keeps the VIPs, answers
#     ARP/ND for them and sends ICMP errors/ARP probes sourced from them,
#     which re-poisons the neighbours' caches (keepalived crash on a live box).
crash_gateway() {
  local h=$1 f pid pids=()
  for f in keepalived-vrrp keepalived.main keepalived bird haproxy wireguard-go; do
    [[ -s $RUN/$h/$f.pid ]] || continue
    pid=$(head -n1 "$RUN/$h/$f.pid" | tr -dc 0-9)
    ours "$pid" && pids+=("$pid")
  done
  now
  kill -KILL "${pids[@]}" 2>/dev/null || true
  if [[ ${CRASH:-box} == box ]]; then
    nsx sw ip link set "$h-clu" down
    nsx sw ip link set "$h-pub" down
  fi
}

# Stop a gateway's daemons (TERM) and clean the leftovers a crash leaves:
# VIPs (keepalived killed by SIGKILL keeps them), BIRD routes, the wg socket.
reset_gateway() {
  local h=$1 f pids=()
  for f in keepalived-vrrp keepalived.main keepalived bird haproxy wireguard-go; do
    killpidfile "$RUN/$h/$f.pid" TERM; pids+=("$RUN/$h/$f.pid")
  done
  wait_gone "${pids[@]}" || for f in "${pids[@]}"; do killpidfile "$f" KILL; done
  rm -f "$RUN/$h"/{keepalived-vrrp,keepalived.main,keepalived,bird,haproxy,wireguard-go}.pid
  nsx "$h" ip addr del "$VIP4/24" dev eth-clu 2>/dev/null || true
  nsx "$h" ip addr del "$VIP6/120" dev eth-clu 2>/dev/null || true
  nsx "$h" ip addr del "$PUB_VIP/24" dev eth-pub 2>/dev/null || true
  nsx "$h" ip route flush proto bird 2>/dev/null || true
  nsx "$h" ip -6 route flush proto bird 2>/dev/null || true
  nsx "$h" ip link del "${GW_WG[$h]}" 2>/dev/null || true
  rm -f "/var/run/wireguard/${GW_WG[$h]}.sock"
  nsx sw ip link set "$h-clu" up      # CRASH=box cut them
  nsx sw ip link set "$h-pub" up
}

# ---------------------------------------------------------------- state queries
vrrp_master() {  # prints the gateway holding VIPv4 (or nothing)
  local h
  for h in gw0 gw1; do
    # a crashed gateway (keepalived SIGKILLed) still carries the VIPs: skip it
    ours "$(head -n1 "$RUN/$h/keepalived-vrrp.pid" 2>/dev/null)" || continue
    [[ $(nsx "$h" ip -4 -o addr show dev eth-clu 2>/dev/null) == *" $VIP4/"* ]] && echo "$h"
  done
  return 0
}
bgp_up() {  # bgp_up HOST [REGEX] : names of Established BGP protocols
  nsx "$1" birdc -s "$RUN/$1/bird.ctl" show protocols 2>/dev/null |
    awk -v re="${2:-.}" '$2=="BGP" && $6=="Established" && $1 ~ re {print $1}' | sort | tr '\n' ' '
}
NODE_SESSIONS='^(m0|w0)_v[46]$'   # gateway -> node sessions (from the VIPs)
GW_SESSIONS='^gw[01]_v[46]$'      # gateway <-> gateway iBGP (own addresses)
gw_ready() {  # gw_ready MASTER : VIPs + 4 sessions + node routes
  local m=$1
  [[ "$(bgp_up "$m" "$NODE_SESSIONS")" == "m0_v4 m0_v6 w0_v4 w0_v6 " ]] || return 1
  local n
  for n in m0 w0; do
    [[ $(nsx "$n" ip -4 route show "$WG_RANGE4") == *"via $VIP4 "* ]] || return 1
    [[ $(nsx "$n" ip -6 route show "$WG_RANGE6") == *"via $VIP6 "* ]] || return 1
  done
  [[ $(nsx "$m" ip -4 route show "${BLOCK_V4[w0]}") == *"via ${NODE_V4[w0]} "* ]] || return 1
  [[ $(nsx "$m" ip -6 route show "${BLOCK_V6[w0]}") == *"via ${NODE_V6[w0]} "* ]] || return 1
}
wait_converged() {  # wait_converged TIMEOUT_S : prints the master
  local t=$1 i m
  for i in $(seq $((t * 10))); do
    m=$(vrrp_master)
    if [[ $(wc -w <<<"$m") == 1 ]] && gw_ready "$m"; then echo "$m"; return 0; fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- subcommands
cmd_up() {
  [[ $EUID == 0 ]] || die "must run as root"
  local b
  for b in bird birdc keepalived haproxy wireguard-go wg wg-quick ping curl openssl python3; do
    command -v "$b" >/dev/null || die "missing $b"
  done
  [[ -e $RUN ]] && die "$RUN exists: lab already up? run '$0 down' first"
  for b in "${HOSTS[@]}"; do
    [[ -e /run/netns/${NS_PREFIX}$b ]] && die "namespace ${NS_PREFIX}$b exists but $RUN does not; not touching it"
  done
  for b in "${WG_IFS[@]}"; do
    [[ -e /var/run/wireguard/$b.sock ]] && die "/var/run/wireguard/$b.sock exists; not touching it"
  done
  mkdir -p "$RUN"; chmod 755 "$RUN"
  DSP_LAB_TAG=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n'); export DSP_LAB_TAG
  echo "$DSP_LAB_TAG" >"$RUN/tag"
  : >"$RUN/netns.list"
  # any failure (errexit, die) or Ctrl-C before convergence tears down again
  trap 'log "up failed or interrupted: tearing down"; cmd_down' EXIT
  trap 'exit 130' INT TERM
  log "topology"; build_topology
  log "configs";  render_configs
  log "daemons";  start_all
  log "waiting for convergence"
  local m
  m=$(wait_converged 30) || { cmd_status >&2; die "no convergence within 30 s"; }
  trap - EXIT INT TERM
  log "converged: VRRP master $m"
}

cmd_down() {
  set +e
  if [[ ! -d $RUN ]]; then log "nothing to do ($RUN missing)"; return 0; fi
  DSP_LAB_TAG=$(cat "$RUN/tag" 2>/dev/null); export DSP_LAB_TAG
  [[ -n $DSP_LAB_TAG ]] || { log "no tag in $RUN: refusing to signal anything"; }
  local f pids=() ns pid
  # 1) our pid files (probes, daemons); VRRP children before their parents
  for f in "$RUN"/*/probe*.pid "$RUN"/*/keepalived-vrrp.pid "$RUN"/*/*.pid; do
    [[ -e $f ]] || continue
    killpidfile "$f" TERM; pids+=("$f")
  done
  wait_gone "${pids[@]}" || for f in "${pids[@]}"; do killpidfile "$f" KILL; done
  # 2) anything else still inside OUR namespaces that carries OUR tag
  #    (e.g. a notify script); foreign processes are only reported
  [[ -f $RUN/netns.list ]] && while read -r ns; do
    [[ $ns == "$NS_PREFIX"* && -e /run/netns/$ns ]] || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      if ours "$pid"; then kill -KILL "$pid" 2>/dev/null
      else log "WARNING: pid $pid in $ns is not ours; left alone"; fi
    done
  done <"$RUN/netns.list"
  sleep 0.2
  # 3) stale wireguard-go UAPI sockets of our interface names (no owner left)
  for f in "${WG_IFS[@]}"; do rm -f "/var/run/wireguard/$f.sock"; done
  # 4) our namespaces (exactly those recorded by up), then the run dir
  [[ -f $RUN/netns.list ]] && while read -r ns; do
    [[ $ns == "$NS_PREFIX"* && -e /run/netns/$ns ]] && ip netns del "$ns"
  done <"$RUN/netns.list"
  rm -rf "$RUN"
  log "down: removed"
  set -e
}

cmd_status() {
  local h
  for h in gw0 gw1; do
    echo "== $h: $(tail -n1 "$RUN/$h/notify.log" 2>/dev/null | awk '{print $2}') VIPs: $(nsx "$h" ip -o addr show | awk '{print $4}' | grep -E "^($VIP4|$VIP6|$PUB_VIP)/" | tr '\n' ' ' || true)"
    nsx "$h" birdc -s "$RUN/$h/bird.ctl" show protocols 2>/dev/null | awk '$2=="BGP"' || true
  done
  for h in m0 w0; do
    echo "== $h"; nsx "$h" birdc -s "$RUN/$h/bird.ctl" show protocols 2>/dev/null | awk '$2=="BGP"' || true
  done
}

# ---------------------------------------------------------------- tests
PASS=0 FAIL=0
check() {  # check DESCRIPTION CMD...
  local d=$1; shift
  if "$@" >/dev/null 2>&1; then PASS=$((PASS + 1)); echo "PASS  $d"
  else FAIL=$((FAIL + 1)); echo "FAIL  $d"; fi
}

t_converged() {
  local m=$1 o n
  o=$([[ $m == gw0 ]] && echo gw1 || echo gw0)
  echo "--- converged (VRRP master $m)"
  check "$m holds VIPv4, VIPv6 and the floating address" \
    bash -c "ip netns exec dsp-$m ip -o addr show | grep -q ' $VIP4/' && ip netns exec dsp-$m ip -o addr show | grep -q ' $VIP6/' && ip netns exec dsp-$m ip -o addr show | grep -q ' $PUB_VIP/'"
  check "$o holds no VIP" bash -c "! ip netns exec dsp-$o ip -o addr show | grep -qE ' ($VIP4|$VIP6|$PUB_VIP)/'"
  check "$m: BGP Established m0_v4 m0_v6 w0_v4 w0_v6" test "$(bgp_up "$m" "$NODE_SESSIONS")" == "m0_v4 m0_v6 w0_v4 w0_v6 "
  check "$o: no node session Established (VIP-sourced)" test -z "$(bgp_up "$o" "$NODE_SESSIONS")"
  if [[ $IBGP == 1 ]]; then
    check "$m: iBGP to $o Established (v4+v6)" test "$(bgp_up "$m" "$GW_SESSIONS")" == "${o}_v4 ${o}_v6 "
    check "$o: iBGP to $m Established (v4+v6)" test "$(bgp_up "$o" "$GW_SESSIONS")" == "${m}_v4 ${m}_v6 "
  fi
  for n in m0 w0; do
    check "$n: BGP Established gw_v4 gw_v6" test "$(bgp_up "$n")" == "gw_v4 gw_v6 "
    check "$n: $WG_RANGE4 via VIPv4" bash -c "ip netns exec dsp-$n ip -4 route show $WG_RANGE4 | grep -q 'via $VIP4'"
    check "$n: $WG_RANGE6 via VIPv6" bash -c "ip netns exec dsp-$n ip -6 route show $WG_RANGE6 | grep -q 'via $VIP6'"
    check "$m: ${BLOCK_V4[$n]} via ${NODE_V4[$n]}" bash -c "ip netns exec dsp-$m ip -4 route show ${BLOCK_V4[$n]} | grep -q 'via ${NODE_V4[$n]}'"
    check "$m: ${BLOCK_V6[$n]} via ${NODE_V6[$n]}" bash -c "ip netns exec dsp-$m ip -6 route show ${BLOCK_V6[$n]} | grep -q 'via ${NODE_V6[$n]}'"
    [[ $IBGP == 1 ]] || continue
    check "$o (backup): ${BLOCK_V4[$n]} via ${NODE_V4[$n]} (iBGP)" bash -c "ip netns exec dsp-$o ip -4 route show ${BLOCK_V4[$n]} | grep -q 'via ${NODE_V4[$n]}'"
    check "$o (backup): ${BLOCK_V6[$n]} via ${NODE_V6[$n]} (iBGP)" bash -c "ip netns exec dsp-$o ip -6 route show ${BLOCK_V6[$n]} | grep -q 'via ${NODE_V6[$n]}'"
  done
}

t_reach() {
  echo "--- reachability from the client over WireGuard"
  local n a
  for n in m0 w0; do
    for a in "${NODE_V4[$n]}" "${NODE_V6[$n]}" "${POD_V4[$n]}" "${POD_V6[$n]}"; do
      check "client -> $n ${a}" nsx client ping -c 2 -i 0.2 -W 1 "$a"
    done
  done
  check "client -> API via HAProxy on VIPv4 ($VIP4:6443)" \
    bash -c "ip netns exec dsp-client curl -sk --max-time 3 https://$VIP4:6443/ | grep -q 'apiserver-stub ok'"
  check "client -> API via HAProxy on VIPv6 ([$VIP6]:6443)" \
    bash -c "ip netns exec dsp-client curl -sk --max-time 3 'https://[$VIP6]:6443/' | grep -q 'apiserver-stub ok'"
}

# probe_start SECONDS : continuous pings client -> pod on w0, both families
probe_start() {
  local d=$1
  rm -f "$RUN/client/probe4.out" "$RUN/client/probe6.out"
  # NOT ping -w: with a deadline, iputils ping exits at the first ICMP error
  # (e.g. "Destination Net Unreachable" from a gateway without the pod
  # route yet).  timeout(1) sends SIGINT at the end; -c bounds it as well.
  local c; c=$(awk -v d="$d" -v i="$PROBE_INTERVAL" 'BEGIN{printf "%d", d / i}')
  timeout -s INT "$d" ip netns exec "${NS_PREFIX}client" ping -4 -D -n -i "$PROBE_INTERVAL" -W 1 -c "$c" "${POD_V4[w0]}" >"$RUN/client/probe4.out" 2>&1 &
  echo $! >"$RUN/client/probe4.pid"
  timeout -s INT "$d" ip netns exec "${NS_PREFIX}client" ping -6 -D -n -i "$PROBE_INTERVAL" -W 1 -c "$c" "${POD_V6[w0]}" >"$RUN/client/probe6.out" 2>&1 &
  echo $! >"$RUN/client/probe6.pid"
}
probe_wait() {  # probe_wait LABEL : wait for both probes, keep their output as probe[46]-LABEL.out
  local f pid
  for f in "$RUN/client/probe4.pid" "$RUN/client/probe6.pid"; do
    pid=$(cat "$f"); wait "$pid" 2>/dev/null || true; rm -f "$f"
  done
  cp "$RUN/client/probe4.out" "$RUN/client/probe4-$1.out"
  cp "$RUN/client/probe6.out" "$RUN/client/probe6-$1.out"
}
# probe_gap FILE [T]
#   prints "<gap> <last reply before> <first reply after> <lost seqs> <replies>
#           <last reply> <lost after recovery> <largest gap after recovery>"
#   T=0 (no event): gap = largest interval between two consecutive replies.
#   T=event time: gap = the LARGEST interval between consecutive replies
#   that ends within 2.5 s after T (the failover outage: last reply before
#   it -> first reply after it; 99 if no reply came after T).  Losses after
#   that are reported apart (a second outage, e.g. ARP poisoning by a
#   crashed gateway's live kernel, or the BGP graceful-restart flush blip).
probe_gap() {
  awk -v t="${2:-0}" '
    /bytes from/ {
      ts = substr($1, 2, length($1) - 2) + 0
      match($0, /icmp_seq=[0-9]+/); seq = substr($0, RSTART + 9, RLENGTH - 9) + 0
      if (seq in seen) next; seen[seq] = 1
      if (n > 0) {
        d = ts - prev; P[n] = prev; E[n] = ts; S[n] = seq
        if (t == 0 || (ts > t && ts <= t + 2.5)) if (d > gap) { gap = d; before = prev; after = ts; k = n }
      }
      if (n == 0) first = seq; if (seq > last) last = seq
      prev = ts; n++
    }
    END { lost = (n ? last - first + 1 - n : -1)
          if (t > 0 && prev <= t) { gap = 99; before = prev; after = 0; k = 0 }
          post = 0; pgap = 0
          if (t > 0 && k) {
            for (s = S[k]; s <= last; s++) if (!(s in seen)) post++
            for (i = k + 1; i < n; i++) if (E[i] - P[i] > pgap) pgap = E[i] - P[i]
          }
          printf "%.3f %.3f %.3f %d %d %.3f %d %.3f\n", gap, before, after, lost, n, prev, post, pgap }' "$1"
}

# diag LABEL : dump the state that explains a broken data plane
diag() {
  echo "=== DIAG $1 ($(date +%T.%3N))"
  local h
  for h in client m0 w0 gw0 gw1; do
    echo "--- $h neighbours / routes"
    nsx "$h" ip neigh show 2>/dev/null | grep -E "($VIP4|$VIP6|$PUB_VIP) " || true
    nsx "$h" ip route show 2>/dev/null | grep -E 'bird|dspwg' || true
    nsx "$h" ip -6 route show 2>/dev/null | grep -E 'bird|dspwg' || true
  done
  for h in client gw0 gw1; do
    nsx "$h" wg show all latest-handshakes 2>/dev/null | sed "s/^/$h wg: /" || true
  done
  cmd_status 2>/dev/null || true
}

tsv_field() {  # tsv_field NAME < tsv : values of the tab-separated NAME=value fields
  awk -F'\t' -v k="$1=" '{for (i = 1; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1)}'
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

t_failover() {  # t_failover ITERATIONS
  local iters=$1 i m o t_kill t_master g4 g6 r4 r6 newm
  echo "--- SIGKILL failover x$iters (probe interval ${PROBE_INTERVAL}s, client -> pod on w0)"
  : >"$RUN/failover.tsv"
  for i in $(seq "$iters"); do
    m=$(wait_converged 30) || { check "iteration $i: converged before kill" false; return; }
    o=$([[ $m == gw0 ]] && echo gw1 || echo gw0)
    # 12 s window: 2 s before the kill, 10 s after it with the crashed
    # gateway left as the crash left it
    probe_start 12
    sleep 2
    t_kill=$(crash_gateway "$m")
    probe_wait "failover$i"
    read -r g4 _ a4 l4 n4 _ p4 q4 < <(probe_gap "$RUN/client/probe4.out" "$t_kill")
    read -r g6 _ a6 l6 n6 _ p6 q6 < <(probe_gap "$RUN/client/probe6.out" "$t_kill")
    [[ $g4 != 99.000 && $g6 != 99.000 ]] || diag "failover $i: no recovery"
    t_master=$(awk '$2=="MASTER"{t=$1} END{print t}' "$RUN/$o/notify.log")
    r4=$(awk -v a="$a4" -v k="$t_kill" 'BEGIN{printf "%.3f", a-k}')
    r6=$(awk -v a="$a6" -v k="$t_kill" 'BEGIN{printf "%.3f", a-k}')
    printf '%s\t%s->%s\tgap4=%s\tgap6=%s\tkill->reply4=%s\tkill->reply6=%s\tkill->MASTER=%s\tlost4=%s\tlost6=%s\tafter-recovery: lost4=%s lost6=%s maxgap4=%s maxgap6=%s\n' \
      "$i" "$m" "$o" "$g4" "$g6" "$r4" "$r6" \
      "$(awk -v a="$t_master" -v k="$t_kill" 'BEGIN{printf "%.3f", a-k}')" "$l4" "$l6" "$p4" "$p6" "$q4" "$q6" | tee -a "$RUN/failover.tsv"
    if [[ $CRASH == box ]]; then
      check "iteration $i: no second outage after recovery (largest gap v4 ${q4}s, v6 ${q6}s < 0.2 s)" \
        awk -v a="$q4" -v b="$q6" 'BEGIN{exit !(a < 0.2 && b < 0.2)}'
    else
      # a SIGKILLed keepalived leaves the VIPs on a live kernel, which
      # re-poisons ARP/ND caches; vrrp_garp_master_refresh 1 should bound it
      echo "INFO  iteration $i: second outage after recovery (CRASH=procs): v4 ${q4}s, v6 ${q6}s"
    fi
    newm=$(wait_converged 10) || true
    check "iteration $i: $o took over and converged" test "$newm" == "$o"
    # failback: the crashed gateway comes back (fresh daemons, leftovers
    # cleaned as a reboot would).  nopreempt (default): it must rejoin as
    # BACKUP with zero loss.  PREEMPT_DELAY: it takes the VIPs back after
    # the delay; the loss of that switch-over is measured.
    probe_start $((7 + ${PREEMPT_DELAY:-0}))
    sleep 1
    reset_gateway "$m"; start_gateway "$m"
    probe_wait "rejoin$i"
    read -r g4 _ _ l4 n4 _ < <(probe_gap "$RUN/client/probe4.out")
    read -r g6 _ _ l6 n6 _ < <(probe_gap "$RUN/client/probe6.out")
    ((n4 > 0 && n6 > 0)) || diag "rejoin $i: no reply at all"
    printf '%s\trejoin %s\tgap4=%s\tgap6=%s\tlost4=%s\tlost6=%s\treplies4=%s\treplies6=%s\n' \
      "$i" "$m" "$g4" "$g6" "$l4" "$l6" "$n4" "$n6" | tee -a "$RUN/failback.tsv"
    if [[ -z $PREEMPT_DELAY ]]; then
      check "iteration $i: $m rejoined as BACKUP, $o still master" \
        bash -c "[[ \$(tail -n1 $RUN/$m/notify.log | awk '{print \$2}') == BACKUP ]] && ip netns exec dsp-$o ip -o addr show | grep -q ' $VIP4/'"
    else
      check "iteration $i: $m took the VIPs back after preempt_delay" test "$(wait_converged 10)" == "$m"
    fi
    if [[ -z $PREEMPT_DELAY ]]; then
      check "iteration $i: rejoin of $m lost no probe (v4 $l4, v6 $l6)" test "$l4" == 0 -a "$l6" == 0 -a "$n4" -gt 0 -a "$n6" -gt 0
    else
      echo "INFO  iteration $i: failback to $m (preempt) lost v4 $l4 / v6 $l6 probes, gap v4 ${g4}s / v6 ${g6}s"
    fi
  done
  local med4 med6 all4 all6
  all4=$(tsv_field gap4 <"$RUN/failover.tsv"); all6=$(tsv_field gap6 <"$RUN/failover.tsv")
  med4=$(median <<<"$all4"); med6=$(median <<<"$all6")
  echo "RESULT failover median outage: IPv4 ${med4}s  IPv6 ${med6}s  (all v4: $(echo $all4) | all v6: $(echo $all6))"
  check "median IPv4 outage ${med4}s <= 1.0s" awk -v x="$med4" 'BEGIN{exit !(x <= 1.0)}'
  check "median IPv6 outage ${med6}s <= 1.0s" awk -v x="$med6" 'BEGIN{exit !(x <= 1.0)}'
}

t_partition() {
  local m o t_down g4 g6 a4 a6 l4 l6 n4 n6
  echo "--- link-down partition of the VRRP master"
  m=$(wait_converged 30) || { check "converged before partition" false; return; }
  o=$([[ $m == gw0 ]] && echo gw1 || echo gw0)
  probe_start 7
  sleep 2
  t_down=$(now)
  nsx sw ip link set "$m-clu" down      # "pull the cables" on the switch side:
  nsx sw ip link set "$m-pub" down      # the gateway sees NO-CARRIER, daemons keep running
  probe_wait partition
  read -r g4 _ a4 l4 n4 _ < <(probe_gap "$RUN/client/probe4.out" "$t_down")
  read -r g6 _ a6 l6 n6 _ < <(probe_gap "$RUN/client/probe6.out" "$t_down")
  printf 'partition %s\tgap4=%s\tgap6=%s\tlinkdown->reply4=%s\tlinkdown->reply6=%s\n' "$m" "$g4" "$g6" \
    "$(awk -v a="$a4" -v k="$t_down" 'BEGIN{printf "%.3f", a-k}')" \
    "$(awk -v a="$a6" -v k="$t_down" 'BEGIN{printf "%.3f", a-k}')" | tee "$RUN/partition.tsv"
  check "partition: $o took over" test "$(wait_converged 10)" == "$o"
  check "partition: isolated $m dropped its VIPs (FAULT)" \
    bash -c "! ip netns exec dsp-$m ip -o addr show | grep -qE ' ($VIP4|$VIP6|$PUB_VIP)/'"
  # heal: links back.  nopreempt: the old master must stay BACKUP and
  # nothing may be lost.  PREEMPT_DELAY: gw0 (priority 150) ends up master.
  probe_start $((6 + ${PREEMPT_DELAY:-0}))
  sleep 1
  nsx sw ip link set "$m-clu" up
  nsx sw ip link set "$m-pub" up
  probe_wait heal
  read -r g4 _ _ l4 n4 _ < <(probe_gap "$RUN/client/probe4.out")
  read -r g6 _ _ l6 n6 _ < <(probe_gap "$RUN/client/probe6.out")
  printf 'heal %s\tgap4=%s\tgap6=%s\tlost4=%s\tlost6=%s\n' "$m" "$g4" "$g6" "$l4" "$l6" | tee -a "$RUN/partition.tsv"
  if [[ -z $PREEMPT_DELAY ]]; then
    check "heal: $o still master and converged" test "$(wait_converged 10)" == "$o"
    check "heal: no probe lost (v4 $l4, v6 $l6)" test "$l4" == 0 -a "$l6" == 0 -a "$n4" -gt 0 -a "$n6" -gt 0
  else
    check "heal: gw0 (priority 150) master and converged" test "$(wait_converged 10)" == gw0
    echo "INFO  heal (preempt): lost v4 $l4 / v6 $l6 probes"
  fi
}

cmd_test() {
  local iters=${1:-5} m
  [[ -d $RUN ]] || die "lab is not up"
  DSP_LAB_TAG=$(cat "$RUN/tag"); export DSP_LAB_TAG
  # shellcheck source=/dev/null
  source "$RUN/knobs"
  echo "knobs: advert_int=$ADVERT_INT preempt_delay=${PREEMPT_DELAY:-none (nopreempt)} ibgp=$IBGP crash=$CRASH"
  trap 'log "test interrupted: tearing down"; cmd_down' EXIT
  trap 'exit 130' INT TERM
  m=$(wait_converged 30) || die "lab not converged"
  t_converged "$m"
  t_reach
  t_failover "$iters"
  t_partition
  if m=$(wait_converged 30); then t_converged "$m"; t_reach
  else check "converged after the scenarios" false; fi
  trap - EXIT INT TERM
  echo "$PASS passed, $FAIL failed"
  ((FAIL == 0))
}

case ${1:-} in
  up)     cmd_up ;;
  down)   cmd_down ;;
  test)   cmd_test "${2:-5}" ;;
  run)    cmd_up; rc=0; cmd_test "${2:-5}" || rc=$?; cmd_down; exit "$rc" ;;
  status) cmd_status ;;
  lib)    return 0 2>/dev/null || exit 0 ;;   # "source lab-proto.sh lib": helpers only
  *)      sed -n '2,/^set -E/p' "$0" | sed '$d'; exit 2 ;;
esac
